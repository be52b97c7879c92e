//! Generated reports in every shape users paste: the parser reads back exactly what was
//! written (values and spans), clean reports raise no error or warning, and injected
//! defects are found with a label on the defect's line.

mod common;

use common::generate::{
    self, OtherExplained, Rendered, Rng, Shape, Spec, T3_COLUMNS, T3_ROWS, T4_COLUMNS, T4_GROUPS,
};
use gilint::diagnostic::{Category, Finding, Severity};
use gilint::document::TableId;
use gilint::ruleset::RuleSet;
use proptest::prelude::*;

fn folded(text: &str) -> String {
    gilint::parse::fold::fold_label(text)
}

fn check_parse(spec: &Spec, shape: Shape, rendered: &Rendered) -> Result<(), TestCaseError> {
    let name = format!("generated.{}", shape.extension());
    let (source, report) = gilint::read_report(&name, &rendered.bytes)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(report.sections.len(), 6, "shape {:?}", shape);
    prop_assert_eq!(report.year.as_ref().map(|y| y.value), Some(spec.year));
    let t3 = report
        .table(TableId::T3)
        .ok_or_else(|| TestCaseError::fail("t3 absent"))?;
    prop_assert!(
        t3.missing_rows.is_empty(),
        "missing {:?} in {:?}",
        t3.missing_rows,
        shape
    );
    for (r, (_, _, key)) in T3_ROWS.iter().enumerate() {
        for (c, column) in T3_COLUMNS.iter().enumerate() {
            let cell = t3
                .cell(key, column)
                .ok_or_else(|| TestCaseError::fail(format!("{key}:{column}")))?;
            prop_assert_eq!(
                cell.value,
                Some(gilint::document::Num::from_int(spec.t3[r][c])),
                "{}:{} {:?}",
                key,
                column,
                shape
            );
            // The span covers exactly the number as written (a zero left blank: the
            // blank), on the row's line.
            let written = match (shape, spec.t3[r][c]) {
                (Shape::BlankCellLines, 0) => "|".to_string(),
                (Shape::BlankZeros | Shape::BlankZeroTabs, 0) => String::new(),
                (_, n) => n.to_string(),
            };
            prop_assert_eq!(
                folded(&source.text[cell.span.start..cell.span.end]),
                written.clone()
            );
            let blank = shape.blanks_zeros() && spec.t3[r][c] == 0;
            prop_assert_eq!(cell.is_blank(), blank, "{}:{}", key, column);
            let line = source.location(cell.span.start).line;
            prop_assert!((rendered.t3_lines[r]..=rendered.t3_ends[r]).contains(&line));
        }
    }
    let t4 = report
        .table(TableId::T4)
        .ok_or_else(|| TestCaseError::fail("t4 absent"))?;
    for (g, group) in T4_GROUPS.iter().enumerate() {
        for (c, column) in T4_COLUMNS.iter().enumerate() {
            let cell = t4
                .cell(group, column)
                .ok_or_else(|| TestCaseError::fail(format!("t4 {group}:{column}")))?;
            prop_assert_eq!(
                cell.value,
                Some(gilint::document::Num::from_int(spec.t4[g][c]))
            );
            let line = source.location(cell.span.start).line;
            prop_assert!((rendered.t4_line..=rendered.t4_end).contains(&line));
        }
    }
    let t2 = report
        .table(TableId::T2)
        .ok_or_else(|| TestCaseError::fail("t2 absent"))?;
    prop_assert_eq!(
        t2.cell("normative_docs", "in_force").and_then(|c| c.value),
        Some(gilint::document::Num::from_int(spec.t2_docs[1][2]))
    );
    prop_assert_eq!(
        t2.cell("admin_fees", "fee_amount").and_then(|c| c.value),
        gilint::document::Num::parse(&spec.t2_fee)
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Random tables in random shapes parse back to the same numbers and spans.
    #[test]
    fn tables_round_trip_in_every_shape(seed in any::<u64>(), shape in prop::sample::select(Shape::ALL.to_vec())) {
        let spec = Spec::random(&mut Rng::new(seed));
        let rendered = generate::render(&spec, shape);
        check_parse(&spec, shape, &rendered)?;
    }
}

fn rules() -> RuleSet {
    RuleSet::builtin().expect("built-in rules load")
}

/// Checks a generated report; labels come back with their 1-based line in what gilint
/// shows (the file, or a Word document's rendering) in place of their start offset.
fn findings(rules: &RuleSet, rendered: &Rendered, shape: Shape) -> Vec<Finding> {
    let name = format!("generated.{}", shape.extension());
    let (source, mut findings) =
        gilint::check_bytes(rules, &name, &rendered.bytes).expect("decodes");
    for label in findings.iter_mut().flat_map(|f| f.labels.iter_mut()) {
        label.span.start = source.location(label.span.start).line;
    }
    findings
}

fn line_of(label: &gilint::diagnostic::Label) -> usize {
    label.span.start
}

#[test]
fn clean_generated_reports_have_no_errors_or_warnings() {
    let rules = rules();
    for seed in 0..60 {
        for shape in Shape::ALL {
            let spec = Spec::random(&mut Rng::new(seed));
            let rendered = generate::render(&spec, shape);
            let (blanks, bad): (Vec<Finding>, Vec<Finding>) = findings(&rules, &rendered, shape)
                .into_iter()
                .filter(|f| f.severity >= Severity::Warning)
                .partition(|f| f.rule == "cells-left-blank");
            let bad: Vec<String> = bad
                .into_iter()
                .map(|f| format!("{}: {}", f.rule, f.message))
                .collect();
            assert!(bad.is_empty(), "seed {seed} {shape:?}: {bad:#?}");
            // Zeros left blank are reported, table by table: table 三's, every one.
            let subtotal_zeros = |group: &std::ops::Range<usize>| {
                (0..7)
                    .filter(|&c| group.clone().map(|r| spec.t3[r][c]).sum::<i64>() == 0)
                    .count()
            };
            let t3_zeros = spec.t3.iter().flatten().filter(|&&n| n == 0).count()
                + if spec.subtotals {
                    generate::GROUPS.iter().map(subtotal_zeros).sum()
                } else {
                    0
                };
            let t3_blanks = blanks.iter().find(|f| f.message.starts_with("表三"));
            match shape {
                _ if shape.blanks_zeros() && t3_zeros > 0 => {
                    let message = t3_blanks.map(|f| f.message.as_str());
                    let expected = format!("有 {t3_zeros} 个单元格留空");
                    assert!(
                        message.is_some_and(|m| m.ends_with(&expected)),
                        "seed {seed} {shape:?}: {message:?}, expected {expected}"
                    );
                }
                _ if shape.blanks_zeros() => assert!(t3_blanks.is_none()),
                _ => assert!(blanks.is_empty(), "seed {seed} {shape:?}: {blanks:?}"),
            }
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Defect {
    WrongT3Cell,
    WrongT4Cell,
    MissingSection,
    NoFeeStatement,
    OtherUnexplained,
    ProseContradiction,
    /// Signed after 31 March: late whatever the body.
    PublishedLate,
    /// A group's 小计 row that is not the sum of its items.
    WrongSubtotal,
    /// Shares of a total whose parts exceed it, or a percentage miscomputed.
    WrongShares,
    /// Section 一 says the body made no decisions of a kind table 二 counts some of.
    EnforcementDenied,
    /// Signed off by a body of another place than the title's.
    SignedByOther,
    /// A 公开率 that is not the published over the issued.
    WrongRate,
    /// The applications sentence names last year (copied from last year's report).
    StaleYear,
    /// The channels the applications came by add up to more than them.
    WrongChannels,
}

/// Given the rendered report, the lines where a finding may put its label.
type DefectLines = Box<dyn Fn(&Rendered) -> Vec<usize>>;

/// Applies a defect; returns the expected category and the lines a finding may label.
fn inject(spec: &mut Spec, defect: Defect, rng: &mut Rng) -> (Category, DefectLines) {
    match defect {
        Defect::WrongT3Cell => {
            let row = rng.below(25) as usize;
            let col = rng.below(7) as usize;
            spec.t3[row][col] += 1 + rng.below(5) as i64;
            spec.prose_new = spec.t3[generate::NEW][6];
            (
                Category::Arithmetic,
                Box::new(move |r| (r.t3_lines[row]..=r.t3_ends[row]).collect()),
            )
        }
        Defect::WrongT4Cell => {
            let g = rng.below(3) as usize;
            let c = rng.below(5) as usize;
            spec.t4[g][c] += 1 + rng.below(5) as i64;
            (
                Category::Arithmetic,
                Box::new(|r| (r.t4_line..=r.t4_end).collect()),
            )
        }
        Defect::MissingSection => {
            let i = rng.below(6) as usize;
            spec.sections[i] = false;
            (
                Category::Structure,
                Box::new(move |r| {
                    match ((i + 1..6).find_map(|k| r.heading_lines[k]), r.date_line) {
                        (Some(line), _) => vec![line],
                        // The end of the sections, before the signature (agency, date); on a
                        // web page the site's footer follows the signature, and the section
                        // runs to the end of the page's text.
                        (None, Some(date)) => {
                            let mut lines: Vec<usize> =
                                (date.saturating_sub(3)..date - 1).collect();
                            lines.push(r.last_line + 1);
                            lines
                        }
                        // The end of the report (on a web page, the footer that follows it).
                        (None, None) => vec![r.last_line - 1, r.last_line, r.last_line + 1],
                    }
                }),
            )
        }
        Defect::NoFeeStatement => {
            spec.fee_statement = false;
            (
                Category::Fee,
                Box::new(|r| r.heading_lines[5].into_iter().collect()),
            )
        }
        Defect::OtherUnexplained => {
            make_other_handling(spec, rng);
            spec.other_explained = if rng.chance(50) {
                OtherExplained::CountOnly
            } else {
                OtherExplained::Not
            };
            (
                Category::Explanation,
                Box::new(|r| (r.t3_lines[generate::OTHER]..=r.t3_ends[generate::OTHER]).collect()),
            )
        }
        Defect::WrongShares => {
            let mut shares = spec.shares.take().unwrap_or_else(|| {
                let parts = [120, 80, 40];
                generate::PublishedShares {
                    total: parts.iter().sum(),
                    parts,
                    places: 0,
                    cut: false,
                    count_error: None,
                    percent_error: None,
                }
            });
            if rng.chance(50) {
                // A part's count mistyped: the parts exceed the total.
                shares.count_error = Some((rng.below(3) as usize, 1 + rng.below(30) as i64));
            } else {
                // Ten points or more off: no rounding makes it right.
                shares.percent_error = Some((rng.below(3) as usize, 10 + rng.below(20) as i64));
            }
            spec.shares = Some(shares);
            (
                Category::Arithmetic,
                Box::new(|r| lines_from_to(r.shares_lines)),
            )
        }
        Defect::EnforcementDenied => {
            let i = rng.below(3) as usize;
            if spec.t2_decisions[i] == 0 {
                spec.t2_decisions[i] = 1 + rng.below(50) as i64;
            }
            spec.enforcement_prose = true;
            spec.enforcement_denied = Some(i);
            (
                Category::Consistency,
                Box::new(|r| lines_from_to(r.enforcement_lines)),
            )
        }
        Defect::WrongRate => {
            let mut rate = spec.rate.take().unwrap_or(generate::PublishedShares {
                total: 80,
                parts: [72, 0, 0],
                places: 0,
                cut: false,
                count_error: None,
                percent_error: None,
            });
            // Five points or more off: no rounding makes it right.
            rate.percent_error = Some((
                0,
                if rng.chance(50) { 5 } else { -5 } * (1 + rng.below(3) as i64),
            ));
            spec.rate = Some(rate);
            (
                Category::Arithmetic,
                Box::new(|r| lines_from_to(r.rate_lines)),
            )
        }
        Defect::SignedByOther => {
            let others: Vec<&str> = generate::AGENCIES
                .iter()
                .copied()
                .filter(|a| *a != spec.agency)
                .collect();
            spec.signed_by = Some(rng.pick(&others).to_string());
            spec.signed.get_or_insert((1, 20));
            (
                Category::Consistency,
                // The agency's line, right above the date's.
                Box::new(|r| r.date_line.map(|d| d - 1).into_iter().collect()),
            )
        }
        Defect::WrongSubtotal => {
            let g = rng.below(4) as usize;
            spec.subtotals = true;
            spec.subtotal_error = Some((g, rng.below(7) as usize, 1 + rng.below(5) as i64));
            (
                Category::Arithmetic,
                Box::new(move |r| {
                    let (first, last) = r.subtotal_lines[g];
                    (first..=last).collect()
                }),
            )
        }
        Defect::PublishedLate => {
            spec.signed = Some((4 + rng.below(8) as u32, 1 + rng.below(28) as u32));
            (
                Category::Content,
                Box::new(|r| r.date_line.into_iter().collect()),
            )
        }
        Defect::WrongChannels => {
            // The channels are listed in odd years' reports, of three applications or more.
            if spec.year % 2 == 0 {
                spec.year -= 1;
                spec.prose_year = spec.year;
            }
            if spec.t3[generate::NEW][6] < 3 {
                // Five more granted to natural persons: the table stays balanced.
                for row in [
                    generate::NEW,
                    generate::FIRST_RESULT,
                    generate::RESULT_TOTAL,
                ] {
                    spec.t3[row][0] += 5;
                    spec.t3[row][6] += 5;
                }
            }
            spec.prose_new = spec.t3[generate::NEW][6];
            spec.channels_error = 1 + rng.below(5) as i64;
            (
                Category::Arithmetic,
                Box::new(|r| (r.prose_new_line..=r.prose_new_end).collect()),
            )
        }
        Defect::StaleYear => {
            spec.prose_year = spec.year - 1;
            (
                Category::Consistency,
                Box::new(|r| (r.prose_new_line..=r.prose_new_end).collect()),
            )
        }
        Defect::ProseContradiction => {
            let table = spec.t3[generate::NEW][6];
            let carried = spec.t3[generate::CARRIED][6];
            let mut stated = table + 1 + rng.below(9) as i64;
            if stated == table + carried {
                stated += 1;
            }
            spec.prose_new = stated;
            (
                Category::Consistency,
                Box::new(|r| (r.prose_new_line..=r.prose_new_end).collect()),
            )
        }
    }
}

/// The lines from the first to the last of a sentence the report may have.
fn lines_from_to(range: Option<(usize, usize)>) -> Vec<usize> {
    range.map_or_else(Vec::new, |(first, last)| (first..=last).collect())
}

/// Puts k applications into （六）3.其他 (natural persons), keeping the table balanced.
fn make_other_handling(spec: &mut Spec, rng: &mut Rng) {
    let k = 1 + rng.below(9) as i64;
    for row in [generate::OTHER, generate::RESULT_TOTAL, generate::NEW] {
        spec.t3[row][0] += k;
        spec.t3[row][6] += k;
    }
    spec.prose_new = spec.t3[generate::NEW][6];
}

#[test]
fn injected_defects_are_found_on_their_line() {
    let rules = rules();
    let defects = [
        Defect::WrongT3Cell,
        Defect::WrongT4Cell,
        Defect::MissingSection,
        Defect::NoFeeStatement,
        Defect::OtherUnexplained,
        Defect::ProseContradiction,
        Defect::PublishedLate,
        Defect::WrongSubtotal,
        Defect::WrongShares,
        Defect::EnforcementDenied,
        Defect::SignedByOther,
        Defect::WrongRate,
        Defect::StaleYear,
        Defect::WrongChannels,
    ];
    let mut total = 0;
    let mut misses = Vec::new();
    for seed in 0..30u64 {
        for shape in Shape::ALL {
            for (d, defect) in defects.iter().enumerate() {
                let mut rng = Rng::new(seed * 31 + d as u64);
                let mut spec = Spec::random(&mut rng);
                let (category, lines) = inject(&mut spec, *defect, &mut rng);
                let rendered = generate::render(&spec, shape);
                let expected = lines(&rendered);
                let found = findings(&rules, &rendered, shape).iter().any(|f| {
                    f.category == category
                        && f.severity >= Severity::Warning
                        && f.labels.iter().any(|l| expected.contains(&line_of(l)))
                });
                total += 1;
                if !found {
                    misses.push(format!(
                        "seed {seed} {shape:?} {defect:?} expected line {expected:?}"
                    ));
                }
            }
        }
    }
    let rate = 1.0 - misses.len() as f64 / total as f64;
    assert!(
        rate >= 0.99,
        "found {:.1}% of {total}; misses:\n{}",
        rate * 100.0,
        misses.join("\n")
    );
}

#[test]
fn explained_other_handling_is_not_flagged() {
    let rules = rules();
    for seed in 0..20 {
        for shape in Shape::ALL {
            let mut rng = Rng::new(seed);
            let mut spec = Spec::random(&mut rng);
            make_other_handling(&mut spec, &mut rng);
            let rendered = generate::render(&spec, shape);
            let flagged: Vec<_> = findings(&rules, &rendered, shape)
                .into_iter()
                .filter(|f| f.category == Category::Explanation || f.severity >= Severity::Warning)
                .map(|f| f.rule)
                // Zeros written blank (clean_generated_reports_… checks those).
                .filter(|rule| rule != "cells-left-blank")
                .collect();
            assert!(flagged.is_empty(), "seed {seed} {shape:?}: {flagged:?}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Any generated valid report, in any shape, has no error finding.
    #[test]
    fn any_valid_report_has_no_errors(seed in any::<u64>(), shape in prop::sample::select(Shape::ALL.to_vec())) {
        let rules = rules();
        let spec = Spec::random(&mut Rng::new(seed));
        let rendered = generate::render(&spec, shape);
        let errors: Vec<String> = findings(&rules, &rendered, shape)
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.rule)
            .collect();
        prop_assert!(errors.is_empty(), "{:?}", errors);
    }

    /// Any one cell of table 三 or 四 changed: an arithmetic error with a label on that line.
    #[test]
    fn any_changed_cell_is_reported_on_its_line(
        seed in any::<u64>(),
        shape in prop::sample::select(Shape::ALL.to_vec()),
        in_t4 in any::<bool>(),
        row in 0usize..25,
        col in 0usize..7,
        delta in prop_oneof![1i64..50, -50i64..0],
    ) {
        let rules = rules();
        let mut spec = Spec::random(&mut Rng::new(seed));
        let (line_of_cell, changed): (LineOf, bool) = if in_t4 {
            let (g, c) = (row % 3, col % 5);
            let changed = spec.t4[g][c] + delta >= 0;
            spec.t4[g][c] = (spec.t4[g][c] + delta).max(0);
            (Box::new(|r: &Rendered| r.t4_line..=r.t4_end), changed)
        } else {
            let changed = spec.t3[row][col] + delta >= 0;
            spec.t3[row][col] = (spec.t3[row][col] + delta).max(0);
            spec.prose_new = spec.t3[generate::NEW][6];
            (
                Box::new(move |r: &Rendered| r.t3_lines[row]..=r.t3_ends[row]),
                changed,
            )
        };
        prop_assume!(changed);
        let rendered = generate::render(&spec, shape);
        let lines = line_of_cell(&rendered);
        let hit = findings(&rules, &rendered, shape).iter().any(|f| {
            f.category == Category::Arithmetic
                && f.severity == Severity::Error
                && f.labels.iter().any(|l| lines.contains(&line_of(l)))
        });
        prop_assert!(hit, "no arithmetic error on lines {:?}", lines);
    }
}

/// The lines of a cell's row in a rendered report.
type LineOf = Box<dyn Fn(&Rendered) -> std::ops::RangeInclusive<usize>>;

/// A total typed wrong (table 三's 总计 of a result row, or table 四's of a group) is the
/// cell the fix sets back, in every shape whose text is the file's (with any sentence
/// that restated it): applying the fixes gives a report with no error or warning. A Word document's rendering is not the file:
/// no fix, the value in words.
#[test]
fn a_total_typed_wrong_is_fixed_back_and_nothing_else_breaks() {
    let rules = rules();
    let mut rng = Rng::new(2026);
    for seed in 0..40 {
        for shape in Shape::ALL {
            let mut spec = Spec::random(&mut Rng::new(seed));
            // A group's 小计 row, summed from the items, would carry the typo too: two cells
            // wrong, which a fix of one cell cannot set right (it is then said in words).
            // Prose that restates a total (section 一's 行政复议 count) is fixed with it.
            spec.subtotals = false;
            let delta = 1 + rng.below(5) as i64;
            let (wrong, right) = if seed % 2 == 0 {
                let row = generate::FIRST_RESULT
                    + rng.below((generate::RESULT_TOTAL - generate::FIRST_RESULT) as u64) as usize;
                let right = spec.t3[row][6];
                spec.t3[row][6] += delta;
                (spec.t3[row][6], right)
            } else {
                let group = rng.below(3) as usize;
                let right = spec.t4[group][4];
                spec.t4[group][4] += delta;
                (spec.t4[group][4], right)
            };
            let rendered = generate::render(&spec, shape);
            let name = format!("generated.{}", shape.extension());
            let (source, found) =
                gilint::check_bytes(&rules, &name, &rendered.bytes).expect("decodes");
            let fixes: Vec<&gilint::diagnostic::Fix> =
                found.iter().filter_map(|f| f.fix.as_ref()).collect();
            let context = format!("seed {seed} {shape:?}: {wrong} should be {right}");
            if shape == Shape::Docx {
                assert!(fixes.is_empty(), "{context}");
                assert!(
                    found.iter().any(|f| f.help.as_deref().is_some_and(|h| {
                        h.contains("若其他各项无误") && h.contains(&format!("改为 {right}"))
                    })),
                    "{context}: {found:#?}"
                );
                continue;
            }
            assert!(!fixes.is_empty(), "{context}: {found:#?}");
            // Each fix sets the wrong total back (and prose that restated it, if any).
            // (Zeros left blank have a fix of their own.)
            let blank_fixes = found
                .iter()
                .filter(|f| f.rule == "cells-left-blank")
                .filter_map(|f| f.fix.as_ref());
            for fix in fixes
                .iter()
                .filter(|f| !blank_fixes.clone().any(|b| b == **f))
            {
                let cell_edits = fix.edits.iter().filter(|edit| {
                    let written = &source.text[edit.span.start..edit.span.end];
                    gilint::parse::fold::fold_label(written) == wrong.to_string()
                        && gilint::parse::fold::fold_label(&edit.content) == right.to_string()
                });
                assert!(cell_edits.count() >= 1, "{context}: {fix:?}");
            }
            let (fixed, applied) =
                gilint::diagnostic::apply_fixes(&source.text, fixes.iter().copied());
            assert_eq!(applied, found.iter().filter(|f| f.fix.is_some()).count());
            let (_, after) = gilint::check_bytes(&rules, &name, fixed.as_bytes()).expect("decodes");
            let left: Vec<String> = after
                .iter()
                .filter(|f| f.severity >= Severity::Warning && f.rule != "cells-left-blank")
                .map(|f| format!("{}: {}", f.rule, f.message))
                .collect();
            assert!(left.is_empty(), "{context}: {left:#?} {fixes:#?}");
        }
    }
}

/// Zeros left blank are filled by `cells-left-blank`'s fix, where the text shows each
/// cell (tabs, pipes, a cell a line closed by pipes): the fixed report reads the same
/// numbers, every one written, and the finding is gone.
#[test]
fn blanks_filled_by_their_fix_read_the_same_numbers() {
    let rules = rules();
    for seed in 0..40 {
        for shape in Shape::ALL.into_iter().filter(|s| s.blanks_zeros()) {
            let spec = Spec::random(&mut Rng::new(seed));
            let rendered = generate::render(&spec, shape);
            let name = format!("generated.{}", shape.extension());
            let (source, found) =
                gilint::check_bytes(&rules, &name, &rendered.bytes).expect("decodes");
            let blanks: Vec<&Finding> = found
                .iter()
                .filter(|f| f.rule == "cells-left-blank")
                .collect();
            assert!(!blanks.is_empty(), "seed {seed} {shape:?}");
            assert!(
                blanks.iter().all(|f| f.fix.is_some()),
                "seed {seed} {shape:?}: {blanks:#?}"
            );
            let fixes = found.iter().filter_map(|f| f.fix.as_ref());
            let (fixed, _) = gilint::diagnostic::apply_fixes(&source.text, fixes);
            let (_, after) = gilint::check_bytes(&rules, &name, fixed.as_bytes()).expect("decodes");
            let left: Vec<String> = after
                .iter()
                .filter(|f| f.severity >= Severity::Warning)
                .map(|f| format!("{}: {}", f.rule, f.message))
                .collect();
            assert!(left.is_empty(), "seed {seed} {shape:?}: {left:#?}\n{fixed}");
            let values = |bytes: &[u8]| {
                let (_, report) = gilint::read_report(&name, bytes).expect("reads");
                report
                    .tables
                    .iter()
                    .map(|t| {
                        let cells = t.rows.iter().flat_map(|r| &r.cells);
                        (
                            t.id,
                            cells.map(|c| (c.value, c.is_blank())).collect::<Vec<_>>(),
                        )
                    })
                    .collect::<Vec<_>>()
            };
            let (before, after) = (values(&rendered.bytes), values(fixed.as_bytes()));
            assert_eq!(before.len(), after.len(), "seed {seed} {shape:?}");
            for ((id, b), (_, a)) in before.iter().zip(&after) {
                let numbers = |cells: &[(Option<gilint::document::Num>, bool)]| {
                    cells.iter().map(|c| c.0).collect::<Vec<_>>()
                };
                assert_eq!(numbers(b), numbers(a), "seed {seed} {shape:?} {id:?}");
                assert!(
                    a.iter().all(|c| !c.1),
                    "seed {seed} {shape:?} {id:?}: a blank left"
                );
            }
        }
    }
}
