//! Check kinds over table cells: `equation` (an identity per column or per row, every
//! term labelled with its value) and `cells` (domain: integers, non-negative, required).

use super::eval::{
    cell_name, column_label, eval_condition, row_name, show_terms, why_no_table, Binding, Env,
    Evaluated, Term,
};
use super::{Context, Out};
use crate::diagnostic::{Edit, Fix, Label};
use crate::document::schema::TableId;
use crate::document::{Cell, Num, Row, Span, Table};
use crate::ruleset::expr::{CellRef, CmpOp};
use crate::ruleset::{Check, ForEach, Identity};

pub(super) fn run(cx: &Context, out: &mut Out) {
    match &out.rule.check {
        Check::Equation {
            table,
            for_each,
            identities,
            tolerance,
            only,
        } => {
            let Some(t) = cx.report.table(*table) else {
                // An identity of optional rows or columns is not known to apply to a
                // table that is not there (the unconditional ones say it is missing).
                if identities.iter().any(|i| i.if_present.is_empty()) {
                    no_table(cx, out, *table);
                }
                return;
            };
            let present = |name: &String| {
                t.row(name).is_some()
                    || t.rows
                        .iter()
                        .any(|r| r.cells.iter().any(|c| c.column == name))
            };
            let applicable: Vec<&Identity> = identities
                .iter()
                .filter(|i| i.if_present.iter().all(present))
                .collect();
            if applicable.is_empty() {
                return;
            }
            let mut axes: Vec<&'static str> = match for_each {
                ForEach::Column => columns_of(*table, t),
                ForEach::Row => t.rows.iter().map(|r| r.key).collect(),
            };
            if !only.is_empty() {
                for wanted in only {
                    if !axes.iter().any(|a| a == wanted) {
                        out.not_assessable(
                            format!("{}未读到“{wanted}”", table.display_name()),
                            None,
                        );
                    }
                }
                axes.retain(|a| only.iter().any(|o| o == a));
            }
            // Checking a fix of one cell: the identities on its column (or row) are the
            // ones it can change (an identity reads its own column or row).
            if let Some(focus) = cx.focus.filter(|f| f.table == *table) {
                let own = match for_each {
                    ForEach::Column => focus.column,
                    ForEach::Row => focus.row,
                };
                axes.retain(|a| *a == own);
            }
            if *for_each == ForEach::Row && !t.missing_rows.is_empty() {
                let names: Vec<&str> = t
                    .missing_rows
                    .iter()
                    .take(3)
                    .map(|k| table.row_spec(k).map_or(*k, |r| r.label))
                    .collect();
                let more = if t.missing_rows.len() > 3 {
                    format!(" 等 {} 行", t.missing_rows.len())
                } else {
                    String::new()
                };
                out.not_assessable(
                    format!("{}未读到：{}{more}", table.display_name(), names.join("、")),
                    None,
                );
            }
            for identity in applicable {
                for axis in &axes {
                    check_identity(cx, out, t, *table, *for_each, identity, axis, *tolerance);
                }
            }
        }
        Check::Cells {
            tables,
            integer,
            non_negative,
            unspaced,
            filled,
            except,
            required,
        } => {
            let domain = Domain {
                integer: *integer,
                non_negative: *non_negative,
                unspaced: *unspaced,
            };
            for table in tables {
                check_cells(cx, out, *table, domain, except, required);
                if *filled {
                    check_filled(cx, out, *table);
                }
            }
        }
        _ => {}
    }
}

/// One identity on one column (or row): a finding when it does not hold, "not assessable"
/// when a term cannot be read.
#[allow(clippy::too_many_arguments)]
fn check_identity(
    cx: &Context,
    out: &mut Out,
    t: &Table,
    table: TableId,
    for_each: ForEach,
    identity: &Identity,
    axis: &'static str,
    tolerance: Num,
) {
    let env = Env {
        report: cx.report,
        previous: cx.previous.map(|p| p.report),
        binding: match for_each {
            ForEach::Column => Binding::Column(axis),
            ForEach::Row => Binding::Row(axis),
        },
        captures: None,
        terms: false,
    };
    // Most identities hold: evaluate without terms, and again with them only to explain
    // one that fails.
    let checked = eval_condition(&identity.assert, &env, tolerance).and_then(|c| {
        if c.holds {
            Ok(c)
        } else {
            eval_condition(&identity.assert, &Env { terms: true, ..env }, tolerance)
        }
    });
    match checked {
        Err(missing) => out.not_assessable(missing, None),
        Ok(c) if c.holds => {}
        Ok(c) => {
            let axis_label = match for_each {
                ForEach::Column => table.column_spec(axis).map_or(axis, |c| c.label),
                ForEach::Row => t
                    .row(axis)
                    .map_or(axis, |_| table.row_spec(axis).map_or(axis, |r| r.label)),
            };
            let primary_name = identity.primary.as_deref().map(|p| match for_each {
                ForEach::Column => cell_name(table, p, axis),
                ForEach::Row => cell_name(table, axis, p),
            });
            report_mismatch(
                out,
                table,
                axis_label,
                &for_each,
                identity,
                &c.lhs,
                &c.rhs,
                primary_name,
                &cx.source.text,
            );
        }
    }
}

/// A check of a table the report does not have (or whose numbers cannot be read): not
/// assessable, at the section's heading.
fn no_table(cx: &Context, out: &mut Out, table: TableId) {
    let why = why_no_table(cx.report, table);
    let label = cx
        .heading(table.section())
        .map(|h| Label::primary(h, why.clone()));
    out.not_assessable(why, label);
}

/// What a `cells` check requires of every number.
#[derive(Debug, Clone, Copy)]
struct Domain {
    integer: bool,
    non_negative: bool,
    unspaced: bool,
}

impl Domain {
    /// What is wrong with a cell's number (`value`, written `raw`), if anything, and how
    /// it would be written right when that is plain; `excepted`: the cell may hold a
    /// fraction.
    fn problem(self, value: Num, raw: &str, excepted: bool) -> Option<(String, Option<String>)> {
        if self.non_negative && value.is_negative() {
            Some(("不能为负数".into(), None))
        } else if self.integer && !excepted && !value.is_integer() {
            Some(("应为整数（件数）".into(), None))
        } else if self.unspaced && has_space_between_digits(raw) {
            let unspaced = raw.chars().filter(|c| !c.is_whitespace()).collect();
            Some((format!("数字中间有空格（按 {value} 核对）"), Some(unspaced)))
        } else {
            None
        }
    }
}

/// Whether a cell's number is written with a space between two of its digits (`2 5`, a
/// slip of the keyboard the parser reads as 25).
fn has_space_between_digits(raw: &str) -> bool {
    // Nearly every cell: digits alone.
    if raw.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let digit = crate::parse::is_digit;
    let mut chars = raw.trim().chars().peekable();
    let mut after_digit = false;
    while let Some(c) = chars.next() {
        if after_digit && c.is_whitespace() && chars.peek().is_some_and(|&next| digit(next)) {
            return true;
        }
        after_digit = digit(c);
    }
    false
}

fn check_cells(
    cx: &Context,
    out: &mut Out,
    table: TableId,
    domain: Domain,
    except: &[CellRef],
    required: &[CellRef],
) {
    let Some(t) = cx.report.table(table) else {
        no_table(cx, out, table);
        return;
    };
    for row in &t.rows {
        for cell in &row.cells {
            let excepted = except.iter().any(|e| {
                e.table == table && e.row == Some(row.key) && e.column == Some(cell.column)
            });
            let Some(value) = cell.value else { continue };
            if let Some((problem, rewritten)) = domain.problem(value, &cell.raw, excepted) {
                // Only where the cell's text is what was read (not a blank's delimiter).
                let fix = rewritten
                    .filter(|_| {
                        cx.source.text.get(cell.span.start..cell.span.end) == Some(&cell.raw)
                    })
                    .map(|content| {
                        let message = format!("把“{}”改为“{content}”", cell.raw);
                        Fix::replace(message, cell.span, content)
                    });
                out.emit_with_fix(
                    &[
                        ("cell", cell_name(table, row.key, cell.column)),
                        ("value", cell.raw.clone()),
                        ("problem", problem.clone()),
                    ],
                    vec![Label::primary(
                        cell.span,
                        format!("{problem}：{}", cell.raw),
                    )],
                    Vec::new(),
                    None,
                    fix,
                );
            }
        }
    }
    for r in required.iter().filter(|r| r.table == table) {
        let (Some(row), Some(column)) = (&r.row, &r.column) else {
            continue;
        };
        if t.cell(row, column).is_none() {
            out.emit(
                &[
                    ("cell", cell_name(table, row, column)),
                    ("value", String::new()),
                    ("problem", "缺失".into()),
                ],
                vec![Label::primary(
                    first_line(cx, t.span),
                    format!(
                        "{}中没有读到{}",
                        table.display_name(),
                        cell_name(table, row, column)
                    ),
                )],
                Vec::new(),
                None,
            );
        }
    }
}

/// Cells left blank: one finding for the table (a table whose zeros were all left blank
/// has a hundred), a label on the first blank of each of its first rows, and a note naming
/// them row by row.
fn check_filled(cx: &Context, out: &mut Out, table: TableId) {
    const LABELLED_ROWS: usize = 3;
    const NAMED_ROWS: usize = 6;
    let Some(t) = cx.report.table(table) else {
        // `check_cells` has said why the table cannot be looked at.
        return;
    };
    if !t.rows.iter().flat_map(|r| &r.cells).any(Cell::is_blank) {
        return;
    }
    let rows: Vec<(&Row, Vec<&Cell>)> = t
        .rows
        .iter()
        .map(|row| (row, row.cells.iter().filter(|c| c.is_blank()).collect()))
        .filter(|(_, blanks): &(_, Vec<_>)| !blanks.is_empty())
        .collect();
    let Some((first_row, first_blanks)) = rows.first() else {
        return;
    };
    let count: usize = rows.iter().map(|(_, blanks)| blanks.len()).sum();
    let whole = |row: &Row, blanks: &[&Cell]| blanks.len() == row.cells.len();
    let labels = rows
        .iter()
        .take(LABELLED_ROWS)
        .enumerate()
        .map(|(i, (row, blanks))| {
            let text = if whole(row, blanks) {
                "整行留空".to_string()
            } else if blanks.len() == 1 {
                "留空".to_string()
            } else {
                format!("本行留空 {} 格", blanks.len())
            };
            let span = blanks[0].span;
            if i == 0 {
                Label::primary(span, text)
            } else {
                Label::secondary(span, text)
            }
        })
        .collect();
    let mut named: Vec<String> = rows
        .iter()
        .take(NAMED_ROWS)
        .map(|(row, blanks)| {
            let columns = if whole(row, blanks) {
                "整行".to_string()
            } else {
                let names: Vec<&str> = blanks
                    .iter()
                    .map(|c| column_label(table, c.column))
                    .collect();
                names.join("、")
            };
            format!("{}：{columns}", row_name(table, row.key))
        })
        .collect();
    if rows.len() > NAMED_ROWS {
        named.push(format!("等 {} 行", rows.len()));
    }
    // Each blank filled with 0, as it is read: where the text shows where each cell is
    // (a text file's delimiters; not a web page's or Word table's rendering).
    let mut edits: Vec<Edit> = rows
        .iter()
        .flat_map(|(_, blanks)| blanks.iter().filter_map(|c| c.blank_at))
        .map(|at| Edit {
            span: Span::new(at, at),
            content: "0".into(),
        })
        .collect();
    edits.sort_by_key(|e| e.span.start);
    edits.dedup_by_key(|e| e.span.start);
    let fix = (edits.len() == count).then(|| Fix {
        message: format!("在留空的 {count} 个单元格中填写 0"),
        edits,
    });
    out.emit_with_fix(
        &[
            ("table", table.display_name().to_string()),
            ("count", count.to_string()),
            (
                "cell",
                cell_name(table, first_row.key, first_blanks[0].column),
            ),
        ],
        labels,
        vec![format!("留空的单元格：{}", named.join("；"))],
        None,
        fix,
    );
}

fn first_line(cx: &Context, span: Span) -> Span {
    let text = &cx.source.text[span.start..span.end];
    Span::new(
        span.start,
        span.start + text.find(['\n', '\r']).unwrap_or(text.len()),
    )
}

/// The columns the table actually has, in layout order.
fn columns_of(id: TableId, table: &Table) -> Vec<&'static str> {
    id.columns()
        .iter()
        .map(|c| c.key)
        .filter(|c| {
            table
                .rows
                .iter()
                .any(|r| r.cells.iter().any(|cell| cell.column == *c))
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn report_mismatch(
    out: &mut Out,
    table: TableId,
    axis_label: &str,
    for_each: &ForEach,
    identity: &Identity,
    lhs: &Evaluated,
    rhs: &Evaluated,
    primary: Option<String>,
    text: &str,
) {
    let all: Vec<(&Term, bool)> = lhs
        .terms
        .iter()
        .map(|t| (t, true))
        .chain(rhs.terms.iter().map(|t| (t, false)))
        .collect();
    // The primary label is in the checked report, never in last year's.
    let primary_index = primary
        .and_then(|p| all.iter().position(|(t, _)| t.name() == p && !t.previous))
        .or_else(|| all.iter().position(|(t, _)| !t.previous))
        .unwrap_or(0);
    let mut labels: Vec<Label> = Vec::new();
    let mut seen: Vec<(Span, bool)> = Vec::new();
    for (i, (term, _)) in all.iter().enumerate() {
        if seen.contains(&(term.span, term.previous)) {
            continue;
        }
        seen.push((term.span, term.previous));
        let message = format!("{} = {}", term.name(), term.value);
        let label = if i == primary_index {
            Label::primary(term.span, message)
        } else {
            Label::secondary(term.span, message)
        };
        labels.push(if term.previous {
            label.in_previous()
        } else {
            label
        });
    }
    // Primary first, so renderers that show one place show the right one.
    labels.sort_by_key(|l| !l.primary);
    // What the primary term would be for the identity to hold.
    let balanced = if identity.assert.op == CmpOp::Eq {
        all.get(primary_index).and_then(|(term, in_lhs)| {
            let (own, other) = if *in_lhs {
                (lhs.value, rhs.value)
            } else {
                (rhs.value, lhs.value)
            };
            let diff = other.checked_sub(own)?;
            let adjusted = if term.sign < 0 {
                Num::ZERO.checked_sub(diff)?
            } else {
                diff
            };
            Some((*term, term.value.checked_add(adjusted)?))
        })
    } else {
        None
    };
    // A fix where the cell has its number written and the number would be a count; else
    // the same in words.
    let balance = balanced.map(|(term, wanted)| {
        let message = format!(
            "若其他各项无误，把{} 由 {} 改为 {wanted}",
            term.name(),
            term.value
        );
        // A number, or a dash that says none (a blank's span is a delimiter).
        let written = text.get(term.span.start..term.span.end).unwrap_or("");
        let in_place = super::fixes::is_written_count(written)
            || crate::parse::is_dash(&crate::parse::fold::fold_label(written));
        if in_place && !term.previous && wanted >= Num::ZERO {
            let content = super::fixes::in_digits_of(written, &wanted.to_string());
            (None, Some(Fix::replace(message, term.span, content)))
        } else {
            (Some(message), None)
        }
    });
    let (balance, fix) = balance.unwrap_or_default();
    let axis_word = match for_each {
        ForEach::Column => "列",
        ForEach::Row => "行",
    };
    let notes = vec![
        format!("核对的等式：{}", identity.source),
        format!(
            "左边 {} = {}；右边 {} = {}",
            show_terms(lhs),
            lhs.value,
            show_terms(rhs),
            rhs.value
        ),
    ];
    out.emit_with_fix(
        &[
            ("table", table.display_name().to_string()),
            ("column", axis_label.to_string()),
            ("row", axis_label.to_string()),
            ("axis", format!("“{axis_label}”{axis_word}")),
            ("group", identity.group.clone().unwrap_or_default()),
            ("lhs", lhs.value.to_string()),
            ("rhs", rhs.value.to_string()),
        ],
        labels,
        notes,
        balance,
        fix,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_space_between_digits_is_a_cell_problem_of_its_own() {
        let unspaced = Domain {
            integer: false,
            non_negative: false,
            unspaced: true,
        };
        let n = Num::from_int;
        assert_eq!(
            unspaced.problem(n(25), "2 5", false),
            Some(("数字中间有空格（按 25 核对）".into(), Some("25".into())))
        );
        assert!(unspaced.problem(n(12), "１　２", false).is_some());
        for written in ["25", " 25 ", "25 件", "2"] {
            assert_eq!(unspaced.problem(n(25), written, false), None, "{written}");
        }
        let counts = Domain {
            integer: true,
            non_negative: true,
            unspaced: false,
        };
        assert_eq!(counts.problem(n(25), "2 5", false), None);
        assert!(counts.problem(n(-1), "-1", false).is_some());
    }
}
