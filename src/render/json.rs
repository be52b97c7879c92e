//! The JSON contract (`--format json`): version 1, documented in README.md. Field names are
//! stable; new fields may be added, none removed or renamed without a version bump.

use serde::Serialize;

use super::{FileResult, StreamedArray, StreamedDocument, Summary};
use crate::diagnostic::{Category, Severity};
use crate::document::SpanJson;

pub const JSON_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document {
    version: u32,
    /// Empty: the files are spliced in (see [`super::ArrayText`]).
    files: [FileJson; 0],
    summary: Summary,
}

/// One file's entry, owning its text: a run over thousands of reports keeps these, not
/// the reports' sources.
#[derive(Serialize)]
struct FileJson {
    path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    encoding: Option<&'static str>,
    diagnostics: Vec<DiagnosticJson>,
}

#[derive(Serialize)]
struct DiagnosticJson {
    rule: String,
    category: Category,
    severity: Severity,
    message: String,
    help: Option<String>,
    notes: Vec<String>,
    not_assessable: bool,
    labels: Vec<LabelJson>,
    /// A suggested change, when the rule can say one (to be reviewed, never applied by
    /// gilint).
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<FixJson>,
}

#[derive(Serialize)]
struct FixJson {
    message: String,
    edits: Vec<EditJson>,
}

#[derive(Serialize)]
struct EditJson {
    #[serde(flatten)]
    span: SpanJson,
    content: String,
}

#[derive(Serialize)]
struct LabelJson {
    primary: bool,
    message: String,
    path: String,
    #[serde(flatten)]
    span: SpanJson,
    #[serde(skip_serializing_if = "Option::is_none")]
    place: Option<String>,
}

/// The JSON document, written a file at a time: [`Self::start`], then each checked file's
/// entry from [`Self::add`] as soon as its batch is done, then [`Self::finish`]. Nothing
/// of a file is kept but its counts.
pub struct JsonDocument {
    files: StreamedArray,
    summary: Summary,
}

impl Default for JsonDocument {
    fn default() -> Self {
        Self {
            files: StreamedArray::new("files", 2),
            summary: Summary::default(),
        }
    }
}

/// The document with no files: where they go, and the summary after them.
fn skeleton(summary: Summary) -> String {
    let skeleton = Document {
        version: JSON_VERSION,
        files: [],
        summary,
    };
    serde_json::to_string_pretty(&skeleton).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

impl StreamedDocument for JsonDocument {
    type Input = FileResult;

    /// The document up to its first file.
    fn start(&self) -> String {
        self.files.head(&skeleton(Summary::default()))
    }

    /// One file's entry.
    fn add(&mut self, r: &FileResult) -> String {
        self.summary.merge(Summary::of(std::slice::from_ref(r)));
        self.files.item(&match &r.outcome {
            Err(e) => FileJson {
                path: r.path.clone(),
                error: Some(e.clone()),
                encoding: None,
                diagnostics: Vec::new(),
            },
            Ok((source, findings)) => FileJson {
                path: r.path.clone(),
                error: None,
                encoding: Some(source.encoding.name()),
                diagnostics: findings
                    .iter()
                    .map(|f| DiagnosticJson {
                        rule: f.rule.clone(),
                        category: f.category,
                        severity: f.severity,
                        message: f.message.clone(),
                        help: f.help.clone(),
                        notes: f.notes.clone(),
                        not_assessable: f.not_assessable,
                        labels: f
                            .labels
                            .iter()
                            .filter_map(|l| {
                                let (path, file) = r.file_of(source, l)?;
                                Some(LabelJson {
                                    primary: l.primary,
                                    message: l.message.clone(),
                                    path: path.to_string(),
                                    span: SpanJson::new(file, l.span),
                                    place: l.place.clone(),
                                })
                            })
                            .collect(),
                        fix: f.fix.as_ref().map(|fix| FixJson {
                            message: fix.message.clone(),
                            edits: fix
                                .edits
                                .iter()
                                .map(|e| EditJson {
                                    span: SpanJson::new(source, e.span),
                                    content: e.content.clone(),
                                })
                                .collect(),
                        }),
                    })
                    .collect(),
            },
        })
    }

    /// The end of the document, with the summary of every file added.
    fn finish(self) -> String {
        self.files.tail(&skeleton(self.summary))
    }
}

pub fn render(results: &[FileResult]) -> String {
    JsonDocument::whole(results)
}
