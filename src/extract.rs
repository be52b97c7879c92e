//! The numbers out as data: every cell of tables 二, 三 and 四 as a record, read by the
//! same parser the rules use (extraction and checking never disagree), and every table or
//! row that could not be read as a gap with its reason — never skipped silently.

use crate::document::schema::TableId;
use crate::document::{Num, Report, Span};

/// One cell of a statistics table.
#[derive(Debug, Clone, PartialEq)]
pub struct CellRecord {
    pub table: TableId,
    pub row: &'static str,
    /// The row label as written in the report.
    pub row_label: String,
    pub column: &'static str,
    /// The official column label.
    pub column_label: &'static str,
    /// `None` when the cell's text is not a number.
    pub value: Option<Num>,
    pub raw: String,
    pub span: Span,
    /// Left blank (read as 0, which a reader cannot tell from a number left out).
    pub blank: bool,
}

impl CellRecord {
    /// `ok`, `blank` (read as 0) or `not-a-number`.
    pub fn status(&self) -> &'static str {
        match self.value {
            None => "not-a-number",
            Some(_) if self.blank => "blank",
            Some(_) => "ok",
        }
    }
}

/// Something the official tables have that the report did not yield.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    pub table: Option<TableId>,
    /// `absent`, `missing-row` or `unreadable`.
    pub status: &'static str,
    pub row: Option<&'static str>,
    pub reason: String,
    pub span: Option<Span>,
}

/// What one report yields.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    pub agency: Option<String>,
    pub year: Option<i32>,
    pub cells: Vec<CellRecord>,
    pub gaps: Vec<Gap>,
}

/// Extracts the cells of a parsed report, in table and row order.
pub fn extract(report: &Report) -> Extraction {
    let mut out = Extraction {
        agency: report.agency.as_ref().map(|a| a.value.clone()),
        year: report.year_value(),
        ..Extraction::default()
    };
    for id in TableId::ALL {
        let Some(table) = report.table(id).filter(|t| !t.rows.is_empty()) else {
            let unfilled = report.unfilled_table(id);
            out.gaps.push(Gap {
                table: Some(id),
                status: "absent",
                row: None,
                reason: match unfilled {
                    Some(_) => format!(
                        "{} under “{}” has its header but no number (never filled in, or its numbers lost)",
                        id.display_name(),
                        id.section().official_title()
                    ),
                    None => format!(
                        "no {} under “{}” (tables lost in a copy, or published as an image)",
                        id.display_name(),
                        id.section().official_title()
                    ),
                },
                span: unfilled.map(|u| u.span),
            });
            continue;
        };
        for row in &table.rows {
            for cell in &row.cells {
                out.cells.push(CellRecord {
                    table: id,
                    row: row.key,
                    row_label: row.label.clone(),
                    column: cell.column,
                    column_label: id.column_spec(cell.column).map_or(cell.column, |c| c.label),
                    value: cell.value,
                    raw: cell.raw.clone(),
                    span: cell.span,
                    blank: cell.is_blank(),
                });
            }
        }
        for key in &table.missing_rows {
            out.gaps.push(Gap {
                table: Some(id),
                status: "missing-row",
                row: Some(key),
                reason: format!(
                    "row “{}” not found",
                    id.row_spec(key).map_or(*key, |r| r.label)
                ),
                span: Some(table.span),
            });
        }
    }
    for unparsed in &report.unparsed {
        out.gaps.push(Gap {
            table: None,
            status: "unreadable",
            row: None,
            reason: unparsed.what.clone(),
            span: Some(unparsed.span),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_without_tables_lists_them_as_absent() {
        let (_, report) = crate::read_report(
            "r.txt",
            "一、总体情况\n正文。\n三、收到和处理政府信息公开申请情况\n".as_bytes(),
        )
        .expect("reads");
        let e = extract(&report);
        assert!(e.cells.is_empty());
        assert_eq!(e.gaps.iter().filter(|g| g.status == "absent").count(), 3);
    }
}
