//! reviewdog's Diagnostic Format (rdjson). Its columns count UTF-8 bytes within the line.

use serde_json::{json, Value};

use super::{FileResult, StreamedArray, StreamedDocument};
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

/// The rdjson document, written a file at a time: [`Self::start`], then each checked
/// file's diagnostics from [`Self::add`] as soon as its batch is done, then
/// [`Self::finish`].
pub struct RdjsonDocument {
    diagnostics: StreamedArray,
}

impl Default for RdjsonDocument {
    fn default() -> Self {
        Self {
            diagnostics: StreamedArray::new("diagnostics", 2),
        }
    }
}

/// The document with no diagnostics.
fn skeleton() -> String {
    let doc = json!({ "source": { "name": "gilint", "url": "https://github.com/gilint/gilint" }, "diagnostics": [] });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

impl StreamedDocument for RdjsonDocument {
    type Input = FileResult;

    /// The document up to its first diagnostic.
    fn start(&self) -> String {
        self.diagnostics.head(&skeleton())
    }

    /// One file's diagnostics.
    fn add(&mut self, result: &FileResult) -> String {
        let mut out = String::new();
        let Ok((source, findings)) = &result.outcome else {
            return out;
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
            if let Some(label) = f.primary_label() {
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
            // reviewdog posts these as suggested changes on a pull request.
            if let Some(fix) = &f.fix {
                d["suggestions"] = fix
                    .edits
                    .iter()
                    .map(|e| json!({ "range": range(source, e.span), "text": e.content }))
                    .collect();
            }
            out.push_str(&self.diagnostics.item(&d));
        }
        out
    }

    /// The end of the document.
    fn finish(self) -> String {
        self.diagnostics.tail(&skeleton())
    }
}

pub fn render(results: &[FileResult]) -> String {
    RdjsonDocument::whole(results)
}
