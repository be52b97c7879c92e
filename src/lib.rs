//! gilint: a compliance linter for 政府信息公开工作年度报告.
//!
//! The pipeline, one module per step, data flowing one way:
//! [`source`] (bytes → text) → [`parse`] (text → [`document::Report`]) →
//! [`engine`] (rules from [`ruleset`] → [`diagnostic::Finding`]s) → [`render`].
//! The rules' patterns and the section titles search through [`tiered`] regexes: built
//! light while a process has searched little (a pre-commit hook's report), as regex
//! builds them once it has.
//! Nothing in this library touches files or the terminal or exits the process; the
//! binary (`src/main.rs`, `src/cli.rs`) does that.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod cache;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod engine;
pub mod extract;
pub mod parse;
pub mod render;
pub mod ruleset;
pub mod source;
pub mod template;
pub mod tiered;

use document::{Report, Span, TableId};
use source::{Format, Input, Place, SourceFile};

/// Decodes and parses one report (a text file, a web page or a Word document). Spans in
/// the report point into the returned source: for a web page, into its HTML.
pub fn read_report(name: &str, bytes: &[u8]) -> Result<(SourceFile, Report), source::DecodeError> {
    let (input, mut report) = load(name, bytes)?;
    // A web page (or a text file's HTML tables) is parsed from a rendering but shown as
    // its own source.
    if input.is_rendered() {
        report.map_spans(|span| input.shown_span(span));
    }
    Ok((input.shown, report))
}

/// Decodes and parses, in the coordinates of the parsed text.
fn load(name: &str, bytes: &[u8]) -> Result<(Input, Report), source::DecodeError> {
    let input = Input::load(name, bytes)?;
    let report = parse_input(&input);
    is_report(&input, &report)?;
    Ok((input, report))
}

/// The report in a loaded file, its blank table cells told from dashes.
fn parse_input(input: &Input) -> Report {
    let mut report = parse::parse(input.parsed());
    report.mark_blank_cells(input.blank_cells());
    report.set_aside_blank_tables();
    report
}

/// [`load`] and, beside the parse (on another core if one is free), what checking it
/// with `rules` needs besides: the first report of a run compiles its patterns meanwhile.
fn load_for_check(
    rules: &ruleset::RuleSet,
    name: &str,
    bytes: &[u8],
    with_previous: bool,
) -> Result<(Input, Report, engine::Prepared), source::DecodeError> {
    let input = Input::load(name, bytes)?;
    // The preparation first: a parse that starts first may wait for the parser's own
    // patterns (being built on another core), while the preparation's compilations could
    // have kept this one busy.
    let (prepared, report) = rayon::join(
        || engine::prepare(rules, input.parsed(), with_previous),
        || parse_input(&input),
    );
    is_report(&input, &report)?;
    Ok((input, report, prepared))
}

/// A page or Word file that is not a report (a news item, a form) is an input error,
/// not a report with every section missing.
fn is_report(input: &Input, report: &Report) -> Result<(), source::DecodeError> {
    if input.format != Format::Text && report.sections.is_empty() && report.tables.is_empty() {
        return Err(source::DecodeError::NoReport {
            format: input.format.as_str(),
        });
    }
    Ok(())
}

/// Decodes, parses and checks one report with `rules`.
pub fn check_bytes(
    rules: &ruleset::RuleSet,
    name: &str,
    bytes: &[u8],
) -> Result<(SourceFile, Vec<diagnostic::Finding>), source::DecodeError> {
    check_bytes_with(rules, name, bytes, &Overrides::default())
}

/// What a configuration may impose on a report whose own year is unusual.
#[derive(Debug, Clone, Copy, Default)]
pub struct Overrides {
    pub year: Option<i32>,
    pub profile: Option<document::Profile>,
}

/// [`check_bytes`] with a year or profile imposed by configuration.
pub fn check_bytes_with(
    rules: &ruleset::RuleSet,
    name: &str,
    bytes: &[u8],
    overrides: &Overrides,
) -> Result<(SourceFile, Vec<diagnostic::Finding>), source::DecodeError> {
    let (input, report, prepared) = load_for_check(rules, name, bytes, false)?;
    let findings = check_loaded(rules, &input, report, None, prepared, overrides);
    Ok((input.shown, findings))
}

/// A report checked against last year's: what each file shows, and the findings (labels
/// with `previous` set point into last year's).
pub struct CheckedPair {
    pub source: SourceFile,
    pub previous: SourceFile,
    pub findings: Vec<diagnostic::Finding>,
}

/// Why a pair could not be checked: which of the two files, and why.
#[derive(Debug, thiserror::Error)]
pub enum PairError {
    #[error("{0}")]
    Current(source::DecodeError),
    #[error("last year's report {name}: {error}")]
    Previous {
        name: String,
        error: source::DecodeError,
    },
}

/// Checks `bytes` with the year-over-year rules against last year's report.
pub fn check_pair(
    rules: &ruleset::RuleSet,
    (name, bytes): (&str, &[u8]),
    (previous_name, previous_bytes): (&str, &[u8]),
    overrides: &Overrides,
) -> Result<CheckedPair, PairError> {
    let (input, report, prepared) =
        load_for_check(rules, name, bytes, true).map_err(PairError::Current)?;
    let (previous, previous_report) =
        load(previous_name, previous_bytes).map_err(|error| PairError::Previous {
            name: previous_name.to_string(),
            error,
        })?;
    let findings = check_loaded(
        rules,
        &input,
        report,
        Some((&previous, &previous_report)),
        prepared,
        overrides,
    );
    Ok(CheckedPair {
        source: input.shown,
        previous: previous.shown,
        findings,
    })
}

fn check_loaded(
    rules: &ruleset::RuleSet,
    input: &Input,
    mut report: Report,
    previous: Option<(&Input, &Report)>,
    prepared: engine::Prepared,
    overrides: &Overrides,
) -> Vec<diagnostic::Finding> {
    if let Some(year) = overrides.year {
        let span = report.year.as_ref().map(|y| y.span).unwrap_or_default();
        report.year = Some(document::Located { value: year, span });
        report.year_source = Some("configuration");
        report.profile = document::Profile::for_year(year);
        report.profile_reason = format!("report year {year} (from the configuration)");
    }
    if let Some(profile) = overrides.profile {
        report.profile = profile;
        report.profile_reason = format!("{} (from the configuration)", profile.as_str());
    }
    let mut findings = engine::check_prepared(
        rules,
        input.parsed(),
        &report,
        previous.map(|(input, report)| engine::Previous {
            source: input.parsed(),
            report,
        }),
        prepared,
    );
    // Spans were found in the parsed text; move them to what each file shows.
    for label in findings.iter_mut().flat_map(|f| f.labels.iter_mut()) {
        let (file, file_report) = match (label.previous, previous) {
            (true, Some(p)) => p,
            _ => (input, &report),
        };
        if file.format != Format::Text || file.is_rendered() {
            label.place = file
                .place(label.span.start)
                .map(|place| describe_place(place, label.span, file_report));
            label.span = file.shown_span(label.span);
        }
    }
    // A text file's fixes are edits of it as they are (unless it was read through a
    // rendering of its HTML tables).
    if input.format != Format::Text || input.is_rendered() {
        for finding in &mut findings {
            let Some(fix) = &finding.fix else { continue };
            match fix_in_file(input, fix) {
                Some(in_file) => finding.fix = Some(in_file),
                None => finding.fix_in_words(),
            }
        }
    }
    findings
}

/// A fix found in the parsed text, as edits of the file's own text: a text file's are
/// that; a web page's where each edit's text is written in the page as it was read (a
/// number in a cell, not split by markup or an entity); a Word document's or PDF's
/// rendering is not the file, so it has none (the finding's help still says what to
/// change).
fn fix_in_file(input: &Input, fix: &diagnostic::Fix) -> Option<diagnostic::Fix> {
    let mut fix = fix.clone();
    match input.format {
        Format::Text if !input.is_rendered() => Some(fix),
        Format::Docx | Format::Pdf => None,
        Format::Text | Format::Html => {
            for edit in &mut fix.edits {
                let read = input.parsed().text.get(edit.span.start..edit.span.end)?;
                let shown = input.shown_span(edit.span);
                if read.is_empty() || input.shown.text.get(shown.start..shown.end)? != read {
                    return None;
                }
                edit.span = shown;
            }
            Some(fix)
        }
    }
}

/// A place in the author's terms. A cell of one of the statistics tables is named after
/// the table (表三), other tables by their order in the document.
fn describe_place(place: Place, span: Span, report: &Report) -> String {
    match place {
        Place::Paragraph(n) => format!("第{n}段"),
        Place::Cell { table, row, column } => {
            let statistics = report
                .tables
                .iter()
                .find(|t| t.span.contains(span) && !t.rows.is_empty())
                .map(|t| match t.id {
                    TableId::T2 => "表二",
                    TableId::T3 => "表三",
                    TableId::T4 => "表四",
                });
            match statistics {
                Some(name) => format!("{name}第{row}行第{column}列"),
                None => format!("第{table}个表格第{row}行第{column}列"),
            }
        }
    }
}
