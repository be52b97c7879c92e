//! The JSON contract (`--format json`): version 1, documented in README.md. Field names are
//! stable; new fields may be added, none removed or renamed without a version bump.

use serde::Serialize;

use super::{FileResult, Summary};
use crate::diagnostic::{Category, Severity};
use crate::document::SpanJson;

pub const JSON_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    files: Vec<FileJson<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct FileJson<'a> {
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    encoding: Option<&'static str>,
    diagnostics: Vec<DiagnosticJson<'a>>,
}

#[derive(Serialize)]
struct DiagnosticJson<'a> {
    rule: &'a str,
    category: Category,
    severity: Severity,
    message: &'a str,
    help: Option<&'a str>,
    notes: &'a [String],
    not_assessable: bool,
    labels: Vec<LabelJson<'a>>,
}

#[derive(Serialize)]
struct LabelJson<'a> {
    primary: bool,
    message: &'a str,
    path: &'a str,
    #[serde(flatten)]
    span: SpanJson,
    /// The place in Word terms (第3段, 表三第5行第2列), for web pages and Word documents.
    #[serde(skip_serializing_if = "Option::is_none")]
    place: Option<&'a str>,
}

pub fn render(results: &[FileResult]) -> String {
    let files = results
        .iter()
        .map(|r| match &r.outcome {
            Err(e) => FileJson {
                path: &r.path,
                error: Some(e),
                encoding: None,
                diagnostics: Vec::new(),
            },
            Ok((source, findings)) => FileJson {
                path: &r.path,
                error: None,
                encoding: Some(source.encoding.name()),
                diagnostics: findings
                    .iter()
                    .map(|f| DiagnosticJson {
                        rule: &f.rule,
                        category: f.category,
                        severity: f.severity,
                        message: &f.message,
                        help: f.help.as_deref(),
                        notes: &f.notes,
                        not_assessable: f.not_assessable,
                        labels: f
                            .labels
                            .iter()
                            .filter_map(|l| {
                                let (path, file) = r.file_of(source, l)?;
                                Some(LabelJson {
                                    primary: l.primary,
                                    message: &l.message,
                                    path,
                                    span: SpanJson::new(file, l.span),
                                    place: l.place.as_deref(),
                                })
                            })
                            .collect(),
                    })
                    .collect(),
            },
        })
        .collect();
    let doc = Document {
        version: JSON_VERSION,
        files,
        summary: Summary::of(results),
    };
    serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}
