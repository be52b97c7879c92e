//! Text → [`Report`]. Plain text and Markdown as users paste them; the steps are: split
//! lines, find section headings, read the tables, read the metadata.

mod boxed;
mod dated;
mod fields;
pub(crate) use fields::{is_dash, is_digit};
pub mod fold;
mod meta;
mod reflow;
mod scattered;
mod sections;
mod stacked;
mod tables;

pub use fields::{is_table_row, TableLine, Token};

/// The sources of the parser's own patterns (report and section titles, the 统计期限), of
/// which rules/parser.snapshot keeps the compiled NFAs ([`crate::tiered::kept_snapshot`]).
pub fn builtin_pattern_sources() -> Vec<String> {
    meta::SOURCES
        .iter()
        .map(|s| s.to_string())
        .chain(sections::sources())
        .collect()
}

use crate::document::{Located, Report, SectionKey, Span};
use crate::source::SourceFile;

/// Parses a decoded source into the document model. Never fails: what cannot be read is
/// recorded in [`Report::unparsed`] or as an absent table.
pub fn parse(source: &SourceFile) -> Report {
    let text = source.text.as_str();
    let mut rows = row_lines(text, source.lines());
    let headings = sections::find_headings(text, source.lines(), &rows);
    let mut report = Report::default();
    let (tables, unreadable) = read_tables(
        source,
        &headings,
        &rows,
        &mut report.unparsed,
        &mut report.unfilled,
    );
    report.tables = tables;
    // The lines a table was read from are its lines whatever their shape: a label that
    // wrapped onto a line of its own (text copied from a PDF) is not prose, and a rule
    // looking for a sentence must not find it there.
    for table in report.tables.iter().filter(|t| !t.span.is_empty()) {
        let first = source.lines().line_of(table.span.start);
        let last = source.lines().line_of(table.span.end - 1);
        rows.iter_mut()
            .take(last + 1)
            .skip(first)
            .for_each(|row| *row = true);
    }
    // (The last section's range runs to usize::MAX: up to the last line.)
    let line_count = rows.len();
    for line in unreadable
        .into_iter()
        .flat_map(|range| range.start..range.end.min(line_count))
    {
        if scattered::is_debris(&text[source.lines().content_range(text, line)]) {
            rows[line] = true;
        }
    }
    report.row_lines = rows;
    report.sections = sections::sections_from(&headings, text.len());
    let first_heading = headings.iter().map(|h| h.span.start).min();
    meta::read_metadata(text, source.lines(), first_heading, &mut report);
    if let Some(year) = report.year_value() {
        report.dated = dated::read_date(text, source.lines(), year, first_heading);
    }
    // The body signing the report off. A line above the date that names no body (`特此
    // 报告`) is none: reports are paired across years by the agency's name.
    let located = |range: std::ops::Range<usize>| Located {
        value: text[range.clone()].to_string(),
        span: Span::new(range.start, range.end),
    };
    report.signed_by = report
        .dated
        .and_then(|d| dated::signing_agency(text, source.lines(), &d))
        .filter(|range| dated::names_a_body(&text[range.clone()]))
        .map(located);
    // The agency the title names, else the one signing the report off (a web page's title
    // often leaves it to the site's banner), else the one the page's box above the
    // article names as publisher; its kind of body by its name.
    report.agency = report
        .agency
        .take()
        .or_else(|| report.signed_by.clone())
        .or_else(|| dated::publishing_body(text, first_heading).map(located));
    report.agency_kind = report
        .agency
        .as_ref()
        .and_then(|agency| dated::agency_kind(&agency.value));
    // The signature (agency and date) closing the report is none of the last section.
    let signature = report
        .dated
        .and_then(|d| dated::signature_start(text, source.lines(), &d));
    if let (Some(start), Some(last)) = (signature, report.sections.last_mut()) {
        if last.body.start <= start && start < last.body.end {
            last.body.end = start;
        }
    }
    report
}

/// Builds the parser's compiled patterns now (they are built on first use otherwise), so
/// that a caller can do it on another core while it loads the rules.
pub fn warm_up() {
    // One after another, on one core: the caller is busy on the other (on two cores, tasks
    // for both pool threads made three threads contend, and rule loading waited).
    sections::warm_up();
    meta::warm_up();
    tables::warm_up();
}

/// For each line, whether it has the shape of a table row ([`is_table_row`]): decided once,
/// read by the heading finder, the table reader and the prose rules.
fn row_lines(text: &str, lines: &crate::source::LineIndex) -> Vec<bool> {
    (0..lines.len())
        .map(|index| is_table_row(&text[lines.content_range(text, index)]))
        .collect()
}

/// The six sections alone (the first step of [`parse`]; also a fuzz target).
pub fn find_sections(source: &SourceFile) -> Vec<crate::document::Section> {
    let rows = row_lines(&source.text, source.lines());
    let headings = sections::find_headings(&source.text, source.lines(), &rows);
    sections::sections_from(&headings, source.text.len())
}

/// Tables 二, 三 and 四 alone, with what could not be read (also a fuzz target).
pub fn find_tables(
    source: &SourceFile,
) -> (Vec<crate::document::Table>, Vec<crate::document::Unparsed>) {
    let rows = row_lines(&source.text, source.lines());
    let headings = sections::find_headings(&source.text, source.lines(), &rows);
    let mut unparsed = Vec::new();
    let (tables, _) = read_tables(source, &headings, &rows, &mut unparsed, &mut Vec::new());
    (tables, unparsed)
}

/// The tables, and the lines of the sections of tables recorded unreadable
/// ([`scattered::record_unreadable`]).
fn read_tables(
    source: &SourceFile,
    headings: &[sections::Heading],
    rows: &[bool],
    unparsed: &mut Vec<crate::document::Unparsed>,
    unfilled: &mut Vec<crate::document::UnfilledTable>,
) -> (Vec<crate::document::Table>, Vec<std::ops::Range<usize>>) {
    let text = source.text.as_str();
    let lines = source.lines();
    let heading_lines: tables::HeadingLines = headings.iter().map(|h| h.line).collect();
    let mut scratch = fields::LineScratch::default();
    let mut table_lines: Vec<TableLine> = (0..lines.len())
        .map(|index| {
            let range = lines.content_range(text, index);
            let row = rows.get(index).copied().unwrap_or(false);
            TableLine::new(index, &text[range.clone()], range.start, row, &mut scratch)
        })
        .collect();
    // Its buffers are as large as the longest line: not kept while the tables are read.
    drop(scratch);
    let loose = scattered::loose_lines(&table_lines);
    boxed::merge_box_rows(text, &mut table_lines);
    stacked::stack_cell_lines(text, &mut table_lines, &heading_lines);
    reflow::reflow_wrapped_rows(text, &mut table_lines, &heading_lines);
    let heading_of = |key| headings.iter().find(|h| h.key == key).map(|h| h.line);
    let sections = tables::TableSections {
        proactive: heading_of(SectionKey::Proactive),
        applications: heading_of(SectionKey::Applications),
        litigation: heading_of(SectionKey::Litigation),
    };
    let mut tables = tables::parse_tables(text, &table_lines, &heading_lines, sections, unparsed);
    let unreadable = scattered::record_unreadable(
        &mut tables,
        &table_lines,
        &loose,
        &heading_lines,
        sections,
        unparsed,
        unfilled,
    );
    (tables, unreadable)
}
