//! GitLab's Code Quality report (a subset of Code Climate's issue format), for a merge
//! request's Code Quality widget: `artifacts: reports: codequality: gilint.json`.
//!
//! Each issue's `fingerprint` names it across runs, so GitLab can tell new findings from
//! those already on the target branch: a hash of the file, the rule, the message and how
//! many identical findings came before it in the file — not its line, which moves when
//! text above it is edited.

use serde_json::{json, Value};

use super::{json_indent, pretty_item, FileResult, StreamedDocument};
use crate::diagnostic::Severity;

/// The report, written a file at a time ([`StreamedDocument`]): a JSON array of issues.
#[derive(Default)]
pub struct GitlabDocument {
    issues: usize,
}

/// GitLab's scale is info, minor, major, critical, blocker: an error ranks above a
/// warning in the widget; nothing gilint finds stops the world.
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

fn fingerprint(path: &str, rule: &str, message: &str, occurrence: usize) -> String {
    let key = format!("{path}\0{rule}\0{message}\0{occurrence}");
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(key.as_bytes()))
}

impl StreamedDocument for GitlabDocument {
    type Input = FileResult;

    fn start(&self) -> String {
        "[".to_string()
    }

    fn add(&mut self, result: &FileResult) -> String {
        let mut out = String::new();
        let Ok((source, findings)) = &result.outcome else {
            return out;
        };
        let path = super::sarif::uri(&result.path);
        let mut seen: std::collections::HashMap<(&str, String), usize> = Default::default();
        for f in findings {
            let description = f.message_with_place();
            let occurrence = seen.entry((&f.rule, description.clone())).or_insert(0);
            let mut issue: Value = json!({
                "description": description,
                "check_name": f.rule,
                "fingerprint": fingerprint(&path, &f.rule, &description, *occurrence),
                "severity": severity(f.severity),
                "location": { "path": path, "lines": { "begin": 1 } },
            });
            *occurrence += 1;
            if let Some(label) = f.primary_label() {
                let begin = source.location(label.span.start).line;
                let end = source.location(label.span.end).line;
                issue["location"]["lines"] = json!({ "begin": begin, "end": end.max(begin) });
            }
            let separator = if self.issues == 0 { "" } else { "," };
            self.issues += 1;
            out.push_str(&format!(
                "{separator}\n{}{}",
                json_indent(1),
                pretty_item(&issue, 1)
            ));
        }
        out
    }

    fn finish(self) -> String {
        if self.issues == 0 {
            "]".to_string()
        } else {
            "\n]".to_string()
        }
    }
}

pub fn render(results: &[FileResult]) -> String {
    GitlabDocument::whole(results)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_tell_apart_what_gitlab_must_and_ignore_the_line() {
        let a = fingerprint("r.txt", "table-missing", "m", 0);
        assert_eq!(a.len(), 32);
        assert_eq!(a, fingerprint("r.txt", "table-missing", "m", 0));
        assert_ne!(a, fingerprint("r.txt", "table-missing", "m", 1));
        assert_ne!(a, fingerprint("s.txt", "table-missing", "m", 0));
        assert_ne!(a, fingerprint("r.txt", "section-missing", "m", 0));
    }

    #[test]
    fn no_findings_is_an_empty_array() {
        let doc = GitlabDocument::default();
        assert_eq!(doc.start() + &doc.finish(), "[]");
    }
}
