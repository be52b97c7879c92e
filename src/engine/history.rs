//! Check kinds over a pair of reports (this year's and last year's of the same agency):
//! `copied-text` (a section mostly last year's prose, 照搬), `stale-year` (last year's year
//! left in copied text), `follow-up` (last year's problems not followed up). The
//! year-over-year equations (`prev.` cells) run in `equation.rs`.

use similar::{capture_diff_slices, Algorithm, DiffOp};

use super::{Context, Out, Previous};
use crate::diagnostic::Label;
use crate::document::{Report, SectionKey, Span};
use crate::ruleset::Check;
use crate::source::SourceFile;

/// Lines of the copied-passage diff shown in the help.
const MAX_DIFF_LINES: usize = 12;

pub(super) fn run(cx: &Context, out: &mut Out) {
    let Some(previous) = cx.previous else {
        return;
    };
    match &out.rule.check {
        Check::CopiedText {
            sections,
            threshold,
            min_chars,
        } => copied_text(cx, previous, out, sections, *threshold, *min_chars),
        Check::StaleYear { sections } => stale_year(cx, previous, out, sections),
        Check::FollowUp {
            sections,
            pattern,
            previous_pattern,
        } => {
            let (pattern, previous_pattern) = match (pattern.regex(), previous_pattern.regex()) {
                (Ok(p), Ok(q)) => (p, q),
                (Err(e), _) | (_, Err(e)) => return out.not_assessable(e, None),
            };
            for &key in sections {
                let (Some(now), Some(then)) =
                    (cx.report.section(key), previous.report.section(key))
                else {
                    continue;
                };
                let then_text = prose(previous.source, then.body);
                if !previous_pattern.is_match(&then_text) {
                    continue;
                }
                let now_text = prose(cx.source, now.body);
                if pattern.is_match(&now_text) {
                    continue;
                }
                let listed: Vec<String> = sentences(&then_text)
                    .into_iter()
                    .filter(|s| previous_pattern.is_match(s))
                    .take(5)
                    .map(|s| format!("上年报告：{s}"))
                    .collect();
                out.emit(
                    &[("section", key.official_title().to_string())],
                    vec![
                        Label::primary(now.heading, "本节未提及上年问题的整改情况"),
                        Label::secondary(then.heading, "上年报告列出的问题在此").in_previous(),
                    ],
                    listed,
                    None,
                );
            }
        }
        _ => {}
    }
}

/// The prose of a span: its lines that are not table rows, joined.
fn prose(source: &SourceFile, span: Span) -> String {
    let text = &source.text[span.start.min(source.text.len())..span.end.min(source.text.len())];
    text.lines()
        .filter(|l| !crate::parse::is_table_row(l))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Sentences (split after 。；！？ and at line ends), trimmed, non-empty.
fn sentences(text: &str) -> Vec<&str> {
    sentences_with_offsets(text)
        .into_iter()
        .map(|(_, s)| s)
        .collect()
}

/// A sentence as compared: without spaces, digits made equal (a copied sentence with
/// only its numbers updated is still copied).
fn normalise(sentence: &str) -> String {
    sentence
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| {
            if c.is_ascii_digit() || ('０'..='９').contains(&c) {
                '0'
            } else {
                c
            }
        })
        .collect()
}

fn copied_text(
    cx: &Context,
    previous: Previous,
    out: &mut Out,
    sections: &[SectionKey],
    threshold: f64,
    min_chars: usize,
) {
    for &key in sections {
        let (Some(now), Some(then)) = (cx.report.section(key), previous.report.section(key)) else {
            continue;
        };
        let now_text = prose(cx.source, now.body);
        let then_text = prose(previous.source, then.body);
        if now_text.chars().count() < min_chars || then_text.chars().count() < min_chars {
            continue;
        }
        let a: Vec<&str> = sentences(&then_text);
        let b: Vec<&str> = sentences(&now_text);
        let na: Vec<String> = a.iter().map(|s| normalise(s)).collect();
        let nb: Vec<String> = b.iter().map(|s| normalise(s)).collect();
        let ops = capture_diff_slices(Algorithm::Myers, &na, &nb);
        let weight = |s: &[String]| s.iter().map(|x| x.chars().count()).sum::<usize>();
        let mut same = 0;
        let mut diff = Vec::new();
        for op in &ops {
            match *op {
                DiffOp::Equal { new_index, len, .. } => {
                    same += weight(&nb[new_index..new_index + len]);
                    diff.extend(
                        b[new_index..new_index + len]
                            .iter()
                            .map(|s| format!("  {s}")),
                    );
                }
                DiffOp::Delete {
                    old_index, old_len, ..
                } => diff.extend(
                    a[old_index..old_index + old_len]
                        .iter()
                        .map(|s| format!("- {s}")),
                ),
                DiffOp::Insert {
                    new_index, new_len, ..
                } => diff.extend(
                    b[new_index..new_index + new_len]
                        .iter()
                        .map(|s| format!("+ {s}")),
                ),
                DiffOp::Replace {
                    old_index,
                    old_len,
                    new_index,
                    new_len,
                } => {
                    diff.extend(
                        a[old_index..old_index + old_len]
                            .iter()
                            .map(|s| format!("- {s}")),
                    );
                    diff.extend(
                        b[new_index..new_index + new_len]
                            .iter()
                            .map(|s| format!("+ {s}")),
                    );
                }
            }
        }
        let total = weight(&nb);
        if total == 0 {
            continue;
        }
        let share = same as f64 / total as f64;
        if share < threshold {
            continue;
        }
        if diff.len() > MAX_DIFF_LINES {
            let more = diff.len() - MAX_DIFF_LINES;
            diff.truncate(MAX_DIFF_LINES);
            diff.push(format!("  …（另有 {more} 句）"));
        }
        let percent = format!("{:.0}%", share * 100.0);
        out.emit(
            &[
                ("section", key.official_title().to_string()),
                ("share", percent.clone()),
            ],
            vec![
                Label::primary(now.heading, format!("本节 {percent} 的文字与上年相同")),
                Label::secondary(then.heading, "上年报告的同一部分").in_previous(),
            ],
            Vec::new(),
            Some(format!(
                "与上年报告逐句比较（“  ”相同，“- ”仅上年有，“+ ”仅本年有）：\n{}",
                diff.join("\n")
            )),
        );
    }
}

fn stale_year(cx: &Context, previous: Previous, out: &mut Out, sections: &[SectionKey]) {
    let Some(last) = previous
        .report
        .year_value()
        .or_else(|| cx.report.year_value().map(|y| y - 1))
    else {
        return;
    };
    if cx.report.year_value() == Some(last) {
        return;
    }
    let needle = format!("{last}年");
    // Every sentence of last year's report, normalised only for spaces: a sentence that
    // reappears with the year unchanged was copied without being updated.
    let then: std::collections::HashSet<String> =
        sentences(&whole_prose(previous.source, previous.report, sections))
            .into_iter()
            .map(|s| s.chars().filter(|c| !c.is_whitespace()).collect())
            .collect();
    for range in cx.ranges(sections) {
        let text = &cx.source.text[range.start..range.end];
        for (offset, s) in sentences_with_offsets(text) {
            if !s.contains(&needle) || crate::parse::is_table_row(s) {
                continue;
            }
            let key: String = s.chars().filter(|c| !c.is_whitespace()).collect();
            if !then.contains(&key) {
                continue;
            }
            let at = range.start + offset + s.find(&needle).unwrap_or(0);
            out.emit(
                &[("year", last.to_string())],
                vec![Label::primary(
                    Span::new(at, at + needle.len()),
                    format!("上年报告中的原句，年份仍是 {last} 年"),
                )],
                vec![format!("原句：{s}")],
                None,
            );
        }
    }
}

/// The prose of some sections of a report (all of it when none is listed or present).
fn whole_prose(source: &SourceFile, report: &Report, sections: &[SectionKey]) -> String {
    let spans: Vec<Span> = sections
        .iter()
        .filter_map(|k| report.section(*k))
        .map(|s| s.body)
        .collect();
    if spans.is_empty() {
        return prose(source, Span::new(0, source.text.len()));
    }
    spans
        .into_iter()
        .map(|s| prose(source, s))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Sentences with their byte offset in `text`.
fn sentences_with_offsets(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '。' | '；' | '！' | '？' | '\n') {
            let end = i + c.len_utf8();
            push_trimmed(text, start, end, &mut out);
            start = end;
        }
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

fn push_trimmed<'t>(text: &'t str, start: usize, end: usize, out: &mut Vec<(usize, &'t str)>) {
    let raw = &text[start..end];
    let lead = raw.len() - raw.trim_start().len();
    let s = raw.trim();
    if s.chars().count() > 1 {
        out.push((start + lead, s));
    }
}
