//! Text → [`Report`]. Plain text and Markdown as users paste them; the steps are: split
//! lines, find section headings, read the tables, read the metadata.

mod fields;
pub mod fold;
mod meta;
mod sections;
mod tables;

pub use fields::{classify, is_table_row, TableLine, Token};
pub use tables::classify_t3_label;

use crate::document::Report;
use crate::source::SourceFile;

/// Parses a decoded source into the document model. Never fails: what cannot be read is
/// recorded in [`Report::unparsed`] or as an absent table.
pub fn parse(source: &SourceFile) -> Report {
    let text = source.text.as_str();
    let lines = source.lines();
    let headings = sections::find_headings(text, lines);
    let heading_lines: tables::HeadingLines = headings.iter().map(|h| h.line).collect();
    let table_lines: Vec<TableLine> = (0..lines.len())
        .map(|index| {
            let range = lines.content_range(text, index);
            TableLine::new(index, &text[range.clone()], range.start)
        })
        .collect();
    let mut report = Report::default();
    report.tables = tables::parse_tables(&table_lines, &heading_lines, &mut report.unparsed);
    report.sections = sections::sections_from(&headings, text.len());
    let first_heading = headings.iter().map(|h| h.span.start).min();
    meta::read_metadata(text, lines, first_heading, &mut report);
    report
}
