//! reviewdog's Diagnostic Format (rdjson). Its columns count UTF-8 bytes within the line.

use serde_json::{json, Value};

use super::{ArrayText, FileResult};
use crate::diagnostic::Severity;
use crate::document::Span;
use crate::source::SourceFile;

fn position(source: &SourceFile, offset: usize) -> Value {
    let line = source.lines().line_of(offset);
    let start = source.lines().range(line, source.text.len()).start;
    json!({ "line": line + 1, "column": offset.saturating_sub(start) + 1 })
}

fn range(source: &SourceFile, span: Span) -> Value {
    json!({ "start": position(source, span.start), "end": position(source, span.end) })
}

/// The rdjson document, built a file at a time: each checked file is added as soon as its
/// batch is done, and its source can then be dropped.
pub struct RdjsonDocument {
    diagnostics: ArrayText,
}

impl Default for RdjsonDocument {
    fn default() -> Self {
        Self {
            diagnostics: ArrayText::new("diagnostics", 2),
        }
    }
}

impl RdjsonDocument {
    pub fn add(&mut self, result: &FileResult) {
        let diagnostics = &mut self.diagnostics;
        let Ok((source, findings)) = &result.outcome else {
            return;
        };
        let path = super::sarif::uri(&result.path);
        for f in findings {
            let severity = match f.severity {
                Severity::Error => "ERROR",
                Severity::Warning => "WARNING",
                Severity::Info => "INFO",
            };
            let mut message = f.message.clone();
            if let Some(help) = &f.help {
                message.push_str(&format!("\n{help}"));
            }
            let mut d = json!({
                "message": message,
                "severity": severity,
                "code": { "value": f.rule },
                "location": { "path": path },
            });
            if let Some(label) = f.labels.iter().find(|l| l.primary).or(f.labels.first()) {
                d["location"]["range"] = range(source, label.span);
            }
            let related: Vec<Value> = f
                .labels
                .iter()
                .filter(|l| !l.primary)
                .filter_map(|l| {
                    let (file_path, file) = result.file_of(source, l)?;
                    let file_path = super::sarif::uri(file_path);
                    Some(json!({ "message": l.message, "location": { "path": file_path, "range": range(file, l.span) } }))
                })
                .collect();
            if !related.is_empty() {
                d["related_locations"] = json!(related);
            }
            diagnostics.push(&d);
        }
    }

    /// The document, in pieces to write in order (see [`super::splice`]).
    pub fn finish(self) -> Vec<String> {
        let doc = json!({ "source": { "name": "gilint", "url": "https://github.com/gilint/gilint" }, "diagnostics": [] });
        let skeleton = serde_json::to_string_pretty(&doc).unwrap_or_default();
        super::splice(&skeleton, vec![self.diagnostics])
    }
}

pub fn render(results: &[FileResult]) -> String {
    let mut document = RdjsonDocument::default();
    for r in results {
        document.add(r);
    }
    document.finish().concat()
}
