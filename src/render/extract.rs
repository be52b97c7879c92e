//! `gilint extract`: the cells of every report as CSV (one row per cell, and one per gap)
//! or JSON (version 1: one object per report with its cells and gaps).

use serde::Serialize;

use super::StreamedDocument;
use crate::extract::Extraction;
use crate::source::SourceFile;

/// One input of `gilint extract`: what it yielded, or why it could not be read.
pub struct ExtractResult {
    pub path: String,
    pub outcome: Result<(SourceFile, Extraction), String>,
}

pub const EXTRACT_VERSION: u32 = 1;

/// The CSV header; every record has these fields.
pub const CSV_HEADER: [&str; 13] = [
    "file",
    "agency",
    "year",
    "table",
    "row",
    "row_label",
    "column",
    "column_label",
    "value",
    "raw",
    "line",
    "status",
    "reason",
];

/// CSV records for some inputs; `header` adds the header line (first batch only).
pub fn csv(results: &[ExtractResult], header: bool) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    if header {
        let _ = writer.write_record(CSV_HEADER);
    }
    for result in results {
        match &result.outcome {
            Err(reason) => {
                let _ = writer.write_record([
                    result.path.as_str(),
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "error",
                    reason,
                ]);
            }
            Ok((source, e)) => {
                let agency = e.agency.as_deref().unwrap_or("");
                let year = e.year.map(|y| y.to_string()).unwrap_or_default();
                for c in &e.cells {
                    let value = c.value.map(|v| v.to_string()).unwrap_or_default();
                    let line = source.location(c.span.start).line.to_string();
                    let status = c.status();
                    let _ = writer.write_record([
                        result.path.as_str(),
                        agency,
                        &year,
                        c.table.as_str(),
                        c.row,
                        &c.row_label,
                        c.column,
                        c.column_label,
                        &value,
                        &c.raw,
                        &line,
                        status,
                        "",
                    ]);
                }
                for g in &e.gaps {
                    let line = g
                        .span
                        .map(|s| source.location(s.start).line.to_string())
                        .unwrap_or_default();
                    let _ = writer.write_record([
                        result.path.as_str(),
                        agency,
                        &year,
                        g.table.map_or("", |t| t.as_str()),
                        g.row.unwrap_or(""),
                        "",
                        "",
                        "",
                        "",
                        "",
                        &line,
                        g.status,
                        &g.reason,
                    ]);
                }
            }
        }
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}

#[derive(Serialize)]
struct ReportJson<'a> {
    file: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    agency: Option<&'a str>,
    year: Option<i32>,
    cells: Vec<CellJson<'a>>,
    gaps: Vec<GapJson<'a>>,
}

#[derive(Serialize)]
struct CellJson<'a> {
    table: &'static str,
    row: &'static str,
    row_label: &'a str,
    column: &'static str,
    column_label: &'static str,
    value: Option<crate::document::Num>,
    raw: &'a str,
    line: usize,
    status: &'static str,
}

#[derive(Serialize)]
struct GapJson<'a> {
    table: Option<&'static str>,
    status: &'static str,
    row: Option<&'static str>,
    reason: &'a str,
    line: Option<usize>,
}

/// The JSON document, written a report at a time: [`Self::start`], then each report from
/// [`Self::add`] as soon as its batch is done, then [`Self::finish`]. A province's cells
/// run to hundreds of megabytes of JSON; nothing of a report is kept once written.
pub struct ExtractJson {
    reports: super::StreamedArray,
}

impl Default for ExtractJson {
    fn default() -> Self {
        Self {
            reports: super::StreamedArray::new("reports", 2),
        }
    }
}

/// The document with no reports.
fn skeleton() -> String {
    let doc = serde_json::json!({ "version": EXTRACT_VERSION, "reports": [] });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

impl StreamedDocument for ExtractJson {
    type Input = ExtractResult;

    /// The document up to its first report.
    fn start(&self) -> String {
        self.reports.head(&skeleton())
    }

    /// One report's entry.
    fn add(&mut self, r: &ExtractResult) -> String {
        let report = match &r.outcome {
            Err(reason) => ReportJson {
                file: &r.path,
                error: Some(reason),
                agency: None,
                year: None,
                cells: Vec::new(),
                gaps: Vec::new(),
            },
            Ok((source, e)) => ReportJson {
                file: &r.path,
                error: None,
                agency: e.agency.as_deref(),
                year: e.year,
                cells: e
                    .cells
                    .iter()
                    .map(|c| CellJson {
                        table: c.table.as_str(),
                        row: c.row,
                        row_label: &c.row_label,
                        column: c.column,
                        column_label: c.column_label,
                        value: c.value,
                        raw: &c.raw,
                        line: source.location(c.span.start).line,
                        status: c.status(),
                    })
                    .collect(),
                gaps: e
                    .gaps
                    .iter()
                    .map(|g| GapJson {
                        table: g.table.map(|t| t.as_str()),
                        status: g.status,
                        row: g.row,
                        reason: &g.reason,
                        line: g.span.map(|s| source.location(s.start).line),
                    })
                    .collect(),
            },
        };
        // Through a `Value`, as the document has always been printed: its keys sorted.
        self.reports
            .item(&serde_json::to_value(&report).unwrap_or_default())
    }

    /// The end of the document.
    fn finish(self) -> String {
        self.reports.tail(&skeleton())
    }
}

/// The whole JSON document.
pub fn json(results: &[ExtractResult]) -> String {
    ExtractJson::whole(results)
}
