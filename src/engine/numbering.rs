//! The `numbering` check kind: the item numbers of a section's outline
//! (`（一）…（二）…`, `1.…2.…`, `一是…二是…`) in sequence. An item number follows the
//! previous one of its kind by one or restarts a list at 1; an item of a higher level
//! (a `（二）` between two `1.` lists) starts the lower levels afresh, and so does a
//! section. A report whose sections are not found is one outline.
//!
//! Only a fault after the first item of a kind is reported (`二是、二是`, `（一）（三）`):
//! a list that starts at 2 may continue one the parser did not see as the same scope.

use super::narrative::{original, parse_count};
use super::{Context, Out, Rows};
use crate::diagnostic::Label;
use crate::document::{Num, Span};
use crate::ruleset::Check;

/// An item number found in the text: its kind (index into the check's `levels`, highest
/// first), its number and where it is.
struct Item {
    kind: usize,
    n: Num,
    span: Span,
}

pub(super) fn run(cx: &Context, out: &mut Out) {
    let Check::Numbering {
        pattern,
        levels,
        sections,
    } = &out.rule.check
    else {
        return;
    };
    let re = match pattern.regex() {
        Ok(re) => re,
        Err(e) => return out.not_assessable(e, None),
    };
    let keys: &[_] = if sections.is_empty() {
        &crate::document::SectionKey::ALL
    } else {
        sections
    };
    let present: Vec<_> = keys
        .iter()
        .copied()
        .filter(|k| cx.report.section(*k).is_some())
        .collect();
    // Each section is an outline of its own; a report whose sections were not found (an
    // old format's) is one outline, and one without the sections the rule names has none
    // to check.
    let scopes: Vec<(String, super::Prose)> = if cx.report.sections.is_empty() {
        vec![("报告".to_string(), cx.prose(&[], Rows::Skip))]
    } else {
        present
            .iter()
            .map(|k| {
                (
                    format!("“{}”", k.official_title()),
                    cx.prose(&[*k], Rows::Skip),
                )
            })
            .collect()
    };
    for (name, prose) in &scopes {
        let items: Vec<Item> = re
            .captures_iter(prose.text())
            .filter_map(|caps| {
                // The highest level whose group took part in the match.
                let (kind, marker) = levels
                    .iter()
                    .enumerate()
                    .find_map(|(kind, level)| caps.name(level).map(|m| (kind, m)))?;
                Some(Item {
                    kind,
                    n: number_in(marker.as_str())?,
                    span: prose.span(marker.start(), marker.end()),
                })
            })
            .collect();
        for fault in out_of_sequence(&items) {
            let (item, previous) = (&items[fault.item], &items[fault.previous]);
            out.emit(
                &[
                    ("section", name.clone()),
                    ("marker", original(cx, item.span)),
                    ("previous", original(cx, previous.span)),
                    ("problem", fault.problem.to_string()),
                ],
                vec![
                    Label::primary(item.span, format!("序号{}", fault.problem)),
                    Label::secondary(previous.span, "前一项"),
                ],
                Vec::new(),
                None,
            );
        }
    }
}

/// The number of an item marker as matched (`(三)`, `12.`, `二是`): its first run of
/// digits or Chinese numerals.
fn number_in(marker: &str) -> Option<Num> {
    let numeral = |c: char| c.is_ascii_digit() || "零一二两三四五六七八九十百".contains(c);
    let start = marker.find(numeral)?;
    let rest = &marker[start..];
    let end = rest.find(|c| !numeral(c)).unwrap_or(rest.len());
    parse_count(&rest[..end])
}

/// An item number out of sequence: its index, the previous item's of its kind, and what
/// is wrong (重复, 跳号, 倒退).
#[derive(Debug, PartialEq, Eq)]
struct Fault {
    item: usize,
    previous: usize,
    problem: &'static str,
}

/// The items (in text order) that neither follow the previous one of their kind by one
/// nor restart at 1. After a wrong number the next item may follow either it or the
/// number it should have had: one slip (（二）（四）（四）, the first （四） meant as （三）)
/// is one fault.
fn out_of_sequence(items: &[Item]) -> Vec<Fault> {
    let kinds = items.iter().map(|i| i.kind + 1).max().unwrap_or(0);
    // Per kind: the previous item, and the number it should have had if it was wrong.
    let mut last: Vec<Option<(usize, Option<Num>)>> = vec![None; kinds];
    let one = Num::from_int(1);
    let mut faults = Vec::new();
    for (index, item) in items.iter().enumerate() {
        // A higher level's item opens new lists below it.
        for lower in last.iter_mut().skip(item.kind + 1) {
            *lower = None;
        }
        let mut meant = None;
        if let Some((previous, previous_meant)) = last[item.kind] {
            let previous_n = items[previous].n;
            let follows = |n: Num| n.checked_add(one) == Some(item.n);
            if !(item.n == one || follows(previous_n) || previous_meant.is_some_and(follows)) {
                let problem = if item.n == previous_n {
                    "重复"
                } else if item.n > previous_n {
                    "跳号"
                } else {
                    "倒退"
                };
                meant = previous_meant.unwrap_or(previous_n).checked_add(one);
                faults.push(Fault {
                    item: index,
                    previous,
                    problem,
                });
            }
        }
        last[item.kind] = Some((index, meant));
    }
    faults
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Items of (kind, number), one per position.
    fn items(list: &[(usize, i64)]) -> Vec<Item> {
        list.iter()
            .enumerate()
            .map(|(at, &(kind, n))| Item {
                kind,
                n: Num::from_int(n),
                span: Span::new(at, at + 1),
            })
            .collect()
    }

    fn faults(list: &[(usize, i64)]) -> Vec<(usize, &'static str)> {
        out_of_sequence(&items(list))
            .into_iter()
            .map(|f| (f.item, f.problem))
            .collect()
    }

    #[test]
    fn the_number_of_a_marker() {
        for (marker, n) in [
            ("(三)", 3),
            ("12.", 12),
            ("二是", 2),
            ("十一、", 11),
            ("(2)", 2),
        ] {
            assert_eq!(number_in(marker), Some(Num::from_int(n)), "{marker}");
        }
        assert_eq!(number_in("是"), None);
    }

    #[test]
    fn in_sequence_and_restarts_are_not_faults() {
        assert!(faults(&[(0, 1), (0, 2), (0, 3), (0, 1), (0, 2)]).is_empty());
        // A list that begins at 2 is not judged (its start may be out of sight).
        assert!(faults(&[(0, 2), (0, 3)]).is_empty());
    }

    #[test]
    fn duplicates_skips_and_steps_back() {
        assert_eq!(faults(&[(0, 1), (0, 2), (0, 2)]), [(2, "重复")]);
        assert_eq!(faults(&[(0, 1), (0, 3)]), [(1, "跳号")]);
        assert_eq!(faults(&[(0, 1), (0, 2), (0, 3), (0, 2)]), [(3, "倒退")]);
    }

    #[test]
    fn one_slip_is_one_fault() {
        // （二）（四）（四）（五）: the first （四） meant as （三）.
        assert_eq!(faults(&[(0, 2), (0, 4), (0, 4), (0, 5)]), [(1, "跳号")]);
        // 一是 二是 二是 三是: a repeated item, then the list goes on.
        assert_eq!(faults(&[(0, 1), (0, 2), (0, 2), (0, 3)]), [(2, "重复")]);
        // A second slip is found again.
        assert_eq!(
            faults(&[(0, 1), (0, 3), (0, 6)]),
            [(1, "跳号"), (2, "跳号")]
        );
    }

    #[test]
    fn a_higher_level_starts_the_lower_ones_afresh() {
        // （一） 1. 2. （二） 2. — the 2. under （二） is not judged against the 2. before.
        assert!(faults(&[(0, 1), (1, 1), (1, 2), (0, 2), (1, 2)]).is_empty());
        // But a lower level does not reset a higher one: （一） 1. （三）.
        assert_eq!(faults(&[(0, 1), (1, 1), (0, 3)]), [(2, "跳号")]);
    }
}
