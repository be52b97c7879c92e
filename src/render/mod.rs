//! Renderers: one per output format. They read findings and the model; they never decide
//! anything and never write to a terminal themselves (they return strings).

pub mod concise;
pub mod dump;
pub mod extract;
pub mod github;
pub mod human;
pub mod json;
pub mod rdjson;
pub mod sarif;

use crate::diagnostic::{Finding, Severity};
use crate::source::SourceFile;

/// The result of checking one input: its findings, or why it could not be read.
pub struct FileResult {
    pub path: String,
    pub outcome: Result<(SourceFile, Vec<Finding>), String>,
    /// Last year's report, when year-over-year rules ran: labels with `previous` set
    /// point into it.
    pub previous: Option<SourceFile>,
}

impl FileResult {
    /// The file a label points into, with its path as shown: this report, or last
    /// year's (`None` when that file is not at hand).
    pub fn file_of<'a>(
        &'a self,
        source: &'a SourceFile,
        label: &crate::diagnostic::Label,
    ) -> Option<(&'a str, &'a SourceFile)> {
        if label.previous {
            self.previous.as_ref().map(|p| (p.name.as_str(), p))
        } else {
            Some((self.path.as_str(), source))
        }
    }
}

/// Counts over all files.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    pub files_with_errors: usize,
    pub unreadable: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub not_assessable: usize,
}

impl Summary {
    /// Adds another batch's counts.
    pub fn merge(&mut self, other: Summary) {
        self.files += other.files;
        self.files_with_errors += other.files_with_errors;
        self.unreadable += other.unreadable;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
        self.not_assessable += other.not_assessable;
    }

    pub fn of(results: &[FileResult]) -> Self {
        let mut s = Summary {
            files: results.len(),
            ..Summary::default()
        };
        for r in results {
            match &r.outcome {
                Err(_) => s.unreadable += 1,
                Ok((_, findings)) => {
                    if findings.iter().any(|f| f.severity == Severity::Error) {
                        s.files_with_errors += 1;
                    }
                    for f in findings {
                        match f.severity {
                            Severity::Error => s.errors += 1,
                            Severity::Warning => s.warnings += 1,
                            Severity::Info => s.infos += 1,
                        }
                        if f.not_assessable {
                            s.not_assessable += 1;
                        }
                    }
                }
            }
        }
        s
    }
}

/// `gilint explain ID`: the rule's documentation and examples.
pub fn explain(rule: &crate::ruleset::Rule) -> String {
    let profiles: Vec<&str> = rule.profiles.iter().map(|p| p.as_str()).collect();
    format!(
        "{id}: {title}\n\ncategory: {category}   severity: {severity}   check: {kind}   profiles: {profiles}\n\n{docs}\n\nmessage: {message}\nhelp:    {help}\n\n{previous}Example that is flagged:\n{fail}\n\nExample that passes:\n{pass}\n",
        id = rule.id,
        title = rule.title,
        category = rule.category.as_str(),
        severity = rule.severity.as_str(),
        kind = rule.check.kind(),
        profiles = profiles.join(", "),
        docs = rule.docs.trim(),
        message = rule.message.trim(),
        help = rule.help.trim(),
        previous = rule.example_previous.as_deref().map_or(String::new(), |p| format!(
            "Runs only with last year's report (--previous FILE, or --pair-years). Last year's report:\n{}\n\n",
            indent(p.trim_matches('\n'))
        )),
        fail = indent(rule.example_fail.trim_matches('\n')),
        pass = indent(rule.example_pass.trim_matches('\n')),
    )
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `--statistics`: counts per rule, accumulated over batches of results.
#[derive(Debug, Default)]
pub struct Statistics {
    counts: Vec<(String, Severity, usize)>,
}

impl Statistics {
    pub fn add(&mut self, results: &[FileResult]) {
        for (_, findings) in results.iter().filter_map(|r| r.outcome.as_ref().ok()) {
            for f in findings.iter().filter(|f| !f.not_assessable) {
                match self.counts.iter_mut().find(|(rule, _, _)| *rule == f.rule) {
                    Some(entry) => entry.2 += 1,
                    None => self.counts.push((f.rule.clone(), f.severity, 1)),
                }
            }
        }
    }

    /// One line per rule with its count, most frequent first.
    pub fn render(mut self) -> String {
        self.counts
            .sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
        self.counts
            .into_iter()
            .map(|(rule, severity, n)| format!("{n:>6}  {:<8} {rule}\n", severity.as_str()))
            .collect()
    }
}

/// `--statistics` over one set of results.
pub fn statistics(results: &[FileResult]) -> String {
    let mut s = Statistics::default();
    s.add(results);
    s.render()
}
