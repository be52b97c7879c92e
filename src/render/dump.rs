//! `gilint dump`: the parsed model as stable JSON (documented in docs/dump.md) or as an
//! indented text outline for people debugging a report.

use serde::Serialize;

use crate::document::{Num, Report, SpanJson, TableId};
use crate::source::SourceFile;

/// Version of the dump JSON; bumped on any incompatible change.
pub const DUMP_VERSION: u32 = 1;

#[derive(Serialize)]
pub struct DumpJson<'a> {
    pub version: u32,
    pub path: &'a str,
    pub encoding: &'static str,
    pub profile: &'static str,
    pub profile_reason: &'a str,
    pub year: Option<Value<i32>>,
    pub agency: Option<Value<String>>,
    /// `government`, `township` or `department`, by the agency's name; null when unknown.
    pub agency_kind: Option<&'static str>,
    /// The body named over the signature's date at the end; null when not signed so.
    pub signed_by: Option<Value<String>>,
    /// The report's own date: `value` is `YYYY-MM-DD`, `source` `published` or `signed`.
    pub date: Option<Value<String>>,
    pub title: Option<Value<String>>,
    pub sections: Vec<SectionJson>,
    pub tables: Vec<TableJson>,
    pub unparsed: Vec<UnparsedJson>,
    /// Tables whose header stands with no number (recorded absent).
    pub unfilled: Vec<UnfilledJson>,
}

#[derive(Serialize)]
pub struct Value<T> {
    pub value: T,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'static str>,
    pub span: SpanJson,
}

#[derive(Serialize)]
pub struct SectionJson {
    pub key: &'static str,
    pub number: usize,
    pub title: String,
    pub official_title: &'static str,
    pub heading: SpanJson,
    pub body: SpanJson,
    pub body_empty: bool,
}

#[derive(Serialize)]
pub struct TableJson {
    pub id: &'static str,
    pub name: &'static str,
    /// `present` or `absent`.
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<SpanJson>,
    pub rows: Vec<RowJson>,
    pub missing_rows: Vec<&'static str>,
}

#[derive(Serialize)]
pub struct RowJson {
    pub key: &'static str,
    pub label: String,
    pub span: SpanJson,
    pub cells: Vec<CellJson>,
}

#[derive(Serialize)]
pub struct CellJson {
    pub column: &'static str,
    pub raw: String,
    pub value: Option<Num>,
    pub span: SpanJson,
}

#[derive(Serialize)]
pub struct UnparsedJson {
    /// The table it belongs to: `t2`, `t3` or `t4`.
    pub table: &'static str,
    pub what: String,
    pub span: SpanJson,
}

/// A table whose header words stand in its section with no number anywhere.
#[derive(Serialize)]
pub struct UnfilledJson {
    /// `t2`, `t3` or `t4`.
    pub table: &'static str,
    /// The header words found.
    pub header: Vec<&'static str>,
    /// The first line holding one.
    pub span: SpanJson,
}

pub fn dump_json<'a>(source: &'a SourceFile, report: &'a Report) -> DumpJson<'a> {
    let span = |s| SpanJson::new(source, s);
    DumpJson {
        version: DUMP_VERSION,
        path: &source.name,
        encoding: source.encoding.name(),
        profile: report.profile.as_str(),
        profile_reason: &report.profile_reason,
        year: report.year.as_ref().map(|y| Value {
            value: y.value,
            source: report.year_source,
            span: span(y.span),
        }),
        agency: report.agency.as_ref().map(|a| Value {
            value: a.value.clone(),
            source: None,
            span: span(a.span),
        }),
        agency_kind: report.agency_kind.map(|k| k.as_str()),
        signed_by: report.signed_by.as_ref().map(|a| Value {
            value: a.value.clone(),
            source: None,
            span: span(a.span),
        }),
        date: report.dated.map(|d| Value {
            value: format!("{:04}-{:02}-{:02}", d.date.year, d.date.month, d.date.day),
            source: Some(d.kind.as_str()),
            span: span(d.span),
        }),
        title: report.title.as_ref().map(|t| Value {
            value: t.value.clone(),
            source: None,
            span: span(t.span),
        }),
        sections: report
            .sections
            .iter()
            .map(|s| SectionJson {
                key: s.key.as_str(),
                number: s.key.number(),
                title: s.title.clone(),
                official_title: s.key.official_title(),
                heading: span(s.heading),
                body: span(s.body),
                body_empty: source.text[s.body.start..s.body.end].chars().all(|c| {
                    crate::parse::fold::is_space(c)
                        || c == '|'
                        || crate::parse::fold::is_invisible(c)
                }),
            })
            .collect(),
        tables: TableId::ALL
            .into_iter()
            .map(|id| match report.table(id) {
                None => TableJson {
                    id: id.as_str(),
                    name: id.display_name(),
                    status: "absent",
                    span: None,
                    rows: Vec::new(),
                    missing_rows: Vec::new(),
                },
                Some(t) => TableJson {
                    id: id.as_str(),
                    name: id.display_name(),
                    status: "present",
                    span: Some(span(t.span)),
                    rows: t
                        .rows
                        .iter()
                        .map(|r| RowJson {
                            key: r.key,
                            label: r.label.clone(),
                            span: span(r.span),
                            cells: r
                                .cells
                                .iter()
                                .map(|c| CellJson {
                                    column: c.column,
                                    raw: c.raw.clone(),
                                    value: c.value,
                                    span: span(c.span),
                                })
                                .collect(),
                        })
                        .collect(),
                    missing_rows: t.missing_rows.clone(),
                },
            })
            .collect(),
        unparsed: report
            .unparsed
            .iter()
            .map(|u| UnparsedJson {
                table: u.table.as_str(),
                what: u.what.clone(),
                span: span(u.span),
            })
            .collect(),
        unfilled: report
            .unfilled
            .iter()
            .map(|u| UnfilledJson {
                table: u.table.as_str(),
                header: u.header.clone(),
                span: span(u.span),
            })
            .collect(),
    }
}

/// A readable outline of the model.
pub fn dump_text(source: &SourceFile, report: &Report) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let loc = |s: crate::document::Span| {
        let l = source.location(s.start);
        format!("{}:{}", l.line, l.column)
    };
    let _ = writeln!(
        out,
        "file:     {} ({})",
        source.name,
        source.encoding.name()
    );
    let _ = writeln!(
        out,
        "profile:  {} ({})",
        report.profile.as_str(),
        report.profile_reason
    );
    match &report.year {
        Some(y) => {
            let _ = writeln!(
                out,
                "year:     {} (from {}, {})",
                y.value,
                report.year_source.unwrap_or("?"),
                loc(y.span)
            );
        }
        None => out.push_str("year:     not found\n"),
    }
    match &report.agency {
        Some(a) => {
            let _ = writeln!(out, "agency:   {} ({})", a.value, loc(a.span));
        }
        None => out.push_str("agency:   not found\n"),
    }
    if let Some(kind) = report.agency_kind {
        let _ = writeln!(out, "kind:     {}", kind.as_str());
    }
    if let Some(signed) = &report.signed_by {
        let _ = writeln!(out, "signed:   {} ({})", signed.value, loc(signed.span));
    }
    match &report.dated {
        Some(d) => {
            let _ = writeln!(
                out,
                "date:     {} ({}, {})",
                d.date,
                d.kind.as_str(),
                loc(d.span)
            );
        }
        None => out.push_str("date:     not found\n"),
    }
    out.push_str("sections:\n");
    for key in crate::document::SectionKey::ALL {
        match report.section(key) {
            Some(s) => {
                let b0 = source.location(s.body.start);
                let b1 = source.location(s.body.end);
                let _ = writeln!(
                    out,
                    "  {} {}  heading {}  body {}:{}-{}:{}",
                    key.number(),
                    s.title,
                    loc(s.heading),
                    b0.line,
                    b0.column,
                    b1.line,
                    b1.column
                );
            }
            None => {
                let _ = writeln!(out, "  {} absent ({})", key.number(), key.official_title());
            }
        }
    }
    out.push_str("tables:\n");
    for id in TableId::ALL {
        match report.table(id) {
            None => {
                let _ = writeln!(out, "  {} absent", id.as_str());
            }
            Some(t) => {
                let _ = writeln!(
                    out,
                    "  {} present, lines {}-{}",
                    id.as_str(),
                    source.location(t.span.start).line,
                    source.location(t.span.end).line
                );
                for r in &t.rows {
                    let cells: Vec<String> = r
                        .cells
                        .iter()
                        .map(|c| format!("{}={}", c.column, c.raw))
                        .collect();
                    let _ = writeln!(
                        out,
                        "    {:<32} line {:<4} {}",
                        r.key,
                        source.location(r.span.start).line,
                        cells.join(" ")
                    );
                }
                if !t.missing_rows.is_empty() {
                    let _ = writeln!(out, "    missing rows: {}", t.missing_rows.join(", "));
                }
            }
        }
    }
    if !report.unparsed.is_empty() {
        out.push_str("unparsed:\n");
        for u in &report.unparsed {
            let _ = writeln!(out, "  {}  {}", loc(u.span), u.what);
        }
    }
    if !report.unfilled.is_empty() {
        out.push_str("unfilled (a header, no number):\n");
        for u in &report.unfilled {
            let _ = writeln!(
                out,
                "  {}  {}: {}",
                loc(u.span),
                u.table.display_name(),
                u.header.join("、")
            );
        }
    }
    out
}
