//! Suggested fixes, checked before they are suggested: a fix of a table cell is made in
//! a copy of the report and the table and prose checks run again; a fix that rests on a
//! doubtful place is dropped. (The checks propose fixes: `equation` the balancing value
//! of an identity's primary cell, `narrative` the table's number for the stated one,
//! `cells` a 0 in each blank.)

use std::sync::{Mutex, OnceLock};

use super::{run_rule, Context};
use crate::diagnostic::{Edit, Finding, Fix};
use crate::document::{Num, Span, TableId};
use crate::ruleset::{Check, Rule};

/// A fix of a table cell is checked by making it in the report and running again the
/// checks that read the tables. It is kept when the identity it was for holds and none
/// that held fails: a total set to balance its column must not unbalance its row (the
/// fixed cell was then not the wrong one, and the finding says in words what the total
/// would have to be, "若其他各项无误…", instead). Prose that agreed with the wrong number
/// (a total restated in section 一) then disagrees: the fix changes it too.
pub(super) fn settle_cell_fixes(cx: &Context, applicable: &[&Rule], findings: &mut [Finding]) {
    let rerun: Vec<&Rule> = applicable
        .iter()
        .copied()
        .filter(|r| matches!(r.check, Check::Equation { .. } | Check::Narrative { .. }))
        .collect();
    let key = |f: &Finding| (f.rule.clone(), f.position());
    let failing = |f: &&Finding| !f.not_assessable && rerun.iter().any(|r| r.id == f.rule);
    let before: Vec<(String, usize)> = findings.iter().filter(failing).map(key).collect();
    // By the edits made (several findings often fix one total alike).
    let mut tried: Vec<(Vec<Edit>, Outcome)> = Vec::new();
    for finding in findings.iter_mut() {
        let own = key(finding);
        let Some(fix) = &mut finding.fix else {
            continue;
        };
        let outcome = match tried.iter().find(|(edits, _)| *edits == fix.edits) {
            Some((_, outcome)) => outcome.clone(),
            None => {
                let Some(outcome) = try_cell_fix(cx, &rerun, &before, fix) else {
                    continue;
                };
                tried.push((fix.edits.clone(), outcome.clone()));
                outcome
            }
        };
        let (after, restated) = outcome;
        match restated {
            Some(restated) if !after.contains(&own) => {
                for also in restated {
                    fix.message = format!("{}，并{}", fix.message, also.message);
                    fix.edits.extend(also.edits);
                }
                fix.edits.sort_by_key(|e| (e.span.start, e.span.end));
            }
            _ => finding.fix_in_words(),
        }
    }
}

/// What a cell fix came to: the (rule, position) of each check that fails with it made,
/// and the prose fixes its new failures call for (`None`: one of them no prose fix
/// resolves).
type Outcome = (Vec<(String, usize)>, Option<Vec<Fix>>);

/// Makes `fix` in a copy of the report and runs `rerun` again: what fails then, and the
/// prose fixes of the new failures (`None` when one is an identity, or prose without a
/// number to change). `None` when the fix changes no table cell.
fn try_cell_fix(
    cx: &Context,
    rerun: &[&Rule],
    before: &[(String, usize)],
    fix: &Fix,
) -> Option<Outcome> {
    let mut report = cx.report.clone();
    let mut changed = Vec::new();
    for table in &mut report.tables {
        for row in &mut table.rows {
            for cell in &mut row.cells {
                if let Some(edit) = fix.edits.iter().find(|e| e.span == cell.span) {
                    cell.value = Num::parse(&crate::parse::fold::fold_label(&edit.content));
                    cell.raw.clone_from(&edit.content);
                    changed.push(CellFocus {
                        table: table.id,
                        row: row.key,
                        column: cell.column,
                    });
                }
            }
        }
    }
    if changed.is_empty() {
        return None;
    }
    let fixed = Context {
        source: cx.source,
        report: &report,
        previous: cx.previous,
        prose_cache: Mutex::new(Vec::new()),
        whole: (cx.whole.0.clone(), OnceLock::new()),
        statements: cx.statements,
        focus: match changed.as_slice() {
            [one] => Some(*one),
            _ => None,
        },
    };
    let after: Vec<Finding> = rerun
        .iter()
        .flat_map(|rule| run_rule(&fixed, rule))
        .filter(|f| !f.not_assessable)
        .collect();
    let failing: Vec<(String, usize)> = after
        .iter()
        .map(|f| (f.rule.clone(), f.position()))
        .collect();
    let restated: Option<Vec<Fix>> = after
        .into_iter()
        .filter(|f| !before.contains(&(f.rule.clone(), f.position())))
        .map(|f| {
            let prose = rerun
                .iter()
                .any(|r| r.id == f.rule && matches!(r.check, Check::Narrative { .. }));
            f.fix.filter(|_| prose)
        })
        .collect();
    Some((failing, restated))
}

/// `number` written in the digits of `written`: full-width where the author wrote the
/// number being replaced in full-width digits (１２), and in groups of three where they
/// separated thousands (1,025 → 1,026), so that a fix keeps the text's look.
pub(crate) fn in_digits_of(written: &str, number: &str) -> String {
    let grouped;
    let number = if written.contains(',') {
        grouped = in_thousands(number);
        grouped.as_str()
    } else {
        number
    };
    if written.chars().any(|c| ('０'..='９').contains(&c)) {
        number
            .chars()
            .map(|c| match c.to_digit(10) {
                Some(d) => char::from_u32('０' as u32 + d).unwrap_or(c),
                None => c,
            })
            .collect()
    } else {
        number.to_string()
    }
}

/// The integer digits of `number` in groups of three (`12345.5` → `12,345.5`).
fn in_thousands(number: &str) -> String {
    let (sign, unsigned) = match number.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", number),
    };
    let (integer, rest) = unsigned.split_at(unsigned.find('.').unwrap_or(unsigned.len()));
    if !integer.bytes().all(|b| b.is_ascii_digit()) {
        return number.to_string();
    }
    let mut out = String::from(sign);
    for (i, digit) in integer.chars().enumerate() {
        if i > 0 && (integer.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out + rest
}

/// A number as written for a count: ASCII or full-width digits, with thousands
/// separators.
pub(crate) fn is_written_count(written: &str) -> bool {
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    written.chars().any(digit) && written.chars().all(|c| digit(c) || c == ',')
}

/// A finding's fix that rests on a place another fix changes is dropped: prose that
/// disagrees with a table's total is not "corrected" to a total that does not add up
/// (once the total is corrected, the prose may well agree). Nor is prose set to a
/// number of a table that does not add up where that number stands: the table may be
/// the one that is wrong (a sentence that balanced would stop balancing). The fixes that
/// change a place are kept.
pub(super) fn drop_fixes_resting_on_doubtful_cells(applicable: &[&Rule], findings: &mut [Finding]) {
    let kind_of = |rule: &str| applicable.iter().find(|r| r.id == rule).map(|r| &r.check);
    // Each edit that changes a number, with the finding whose fix makes it. (An insertion
    // fills a blank cell with the 0 it is read as: no number changes.)
    let edited: Vec<(usize, Span)> = findings
        .iter()
        .enumerate()
        .filter_map(|(i, f)| f.fix.as_ref().map(|fix| (i, fix)))
        .flat_map(|(i, fix)| fix.edits.iter().map(move |e| (i, e.span)))
        .filter(|(_, span)| !span.is_empty())
        .collect();
    let unbalanced: Vec<Span> = findings
        .iter()
        .filter(|f| !f.not_assessable)
        .filter(|f| matches!(kind_of(&f.rule), Some(Check::Equation { .. })))
        .flat_map(|f| f.labels.iter().filter(|l| !l.previous).map(|l| l.span))
        .collect();
    let overlaps = |a: Span, b: Span| a.start < b.end && b.start < a.end;
    for (i, finding) in findings.iter_mut().enumerate() {
        let Some(fix) = &finding.fix else { continue };
        let prose = matches!(kind_of(&finding.rule), Some(Check::Narrative { .. }));
        let doubtful = finding.labels.iter().any(|l| {
            !l.previous
                && !fix.edits.iter().any(|e| e.span == l.span)
                && (edited.iter().any(|&(by, e)| by != i && overlaps(e, l.span))
                    || (prose && unbalanced.iter().any(|&u| overlaps(u, l.span))))
        });
        if doubtful {
            finding.fix = None;
        }
    }
}

/// A table cell: its table, row and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CellFocus {
    pub table: TableId,
    pub row: &'static str,
    pub column: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_is_written_in_the_digits_it_replaces() {
        assert_eq!(in_digits_of("２７", "26"), "２６");
        assert_eq!(in_digits_of("27", "126"), "126");
        assert_eq!(in_digits_of("—", "3"), "3");
        // Thousands stay separated as they were.
        assert_eq!(in_digits_of("1,025", "1026"), "1,026");
        assert_eq!(in_digits_of("1,025", "999"), "999");
        assert_eq!(in_digits_of("12,345,678", "1234567"), "1,234,567");
        assert_eq!(in_digits_of("1,025", "12345.5"), "12,345.5");
        assert_eq!(in_digits_of("1025", "1026"), "1026");
    }

    #[test]
    fn written_counts_are_digits_with_separators() {
        for count in ["0", "27", "１２", "1,025"] {
            assert!(is_written_count(count), "{count}");
        }
        for not in ["", "十二", "—", ",", "12件", " 12"] {
            assert!(!is_written_count(not), "{not:?}");
        }
    }
}
