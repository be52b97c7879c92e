//! Check kinds over prose: `require-text` (a statement must be made, optionally only when
//! a table condition holds) and `forbid-text` (placeholders and leftovers must not appear).
//! Patterns match folded text: no whitespace, half-width punctuation and digits. A required
//! statement must be in prose (table labels do not count); forbidden text is searched
//! everywhere, tables included.

use super::eval::{eval_condition, Compared, Env};
use super::{Context, Out, Rows};
use crate::diagnostic::Label;
use crate::document::{Num, SectionKey, Span};
use crate::ruleset::expr::Condition;
use crate::ruleset::Check;

/// At most this many findings per forbid-text rule and file; the rest are counted.
const MAX_MATCHES: usize = 20;

/// At most this many mentions labelled in a require-text finding.
const MAX_MENTIONS: usize = 3;

pub(super) fn run(cx: &Context, out: &mut Out) {
    match &out.rule.check {
        Check::RequireText {
            patterns,
            sections,
            when,
            anchor,
            mentioned,
        } => {
            let prose = cx.prose(sections, Rows::Skip);
            let mut missing = Vec::new();
            for (name, pattern) in patterns {
                match pattern.is_match_in(prose.text()) {
                    Ok(true) => {}
                    Ok(false) => missing.push(name.as_str()),
                    Err(e) => return out.not_assessable(e, None),
                }
            }
            if missing.is_empty() {
                return;
            }
            let (mut labels, notes) = match when_holds(cx, when) {
                When::Holds(labels, notes) => (labels, notes),
                When::DoesNot => return,
                When::Missing(missing) => {
                    out.not_assessable(
                        missing,
                        anchor_label(cx, anchor, sections, "需要时应在此说明"),
                    );
                    return;
                }
            };
            // None of the sections the statement belongs in is there: the whole text was
            // searched in vain, but "section 五 has no improvements" is not what is wrong
            // (section-missing says what is).
            if !sections.is_empty() && sections.iter().all(|k| cx.report.section(*k).is_none()) {
                let titles: Vec<String> = sections
                    .iter()
                    .map(|k| format!("第{}部分“{}”", k.number(), k.official_title()))
                    .collect();
                out.not_assessable(format!("报告缺少{}", titles.join("、")), None);
                return;
            }
            let Some(primary) = anchor_label(cx, anchor, sections, "应在此说明") else {
                return;
            };
            labels.insert(0, primary);
            // Where the text mentions the matter without saying what is required.
            if let Some(Ok(Some(re))) = mentioned.as_ref().map(|m| m.for_text(prose.text())) {
                for m in re.find_iter(prose.text()).take(MAX_MENTIONS) {
                    labels.push(Label::secondary(
                        prose.span(m.start(), m.end()),
                        "此处提到，但没有说明",
                    ));
                }
            }
            // Also point at the end of the section where the statement belongs.
            if let Some(tail) = section_tail(cx, anchor.or(sections.first().copied())) {
                if !labels.iter().any(|l| l.span == tail) {
                    labels.push(Label::secondary(tail, "本节到此结束，未见相关说明"));
                }
            }
            out.emit(&[("missing", missing.join("、"))], labels, notes, None);
        }
        Check::ForbidText {
            pattern,
            sections,
            when,
        } => {
            let prose = cx.prose(sections, Rows::Keep);
            let pattern = match pattern.for_text(prose.text()) {
                Ok(Some(re)) => re,
                Ok(None) => return,
                Err(e) => return out.not_assessable(e, None),
            };
            let mut matches = pattern.find_iter(prose.text()).peekable();
            if matches.peek().is_none() {
                return;
            }
            let (condition_labels, notes) = match when_holds(cx, when) {
                When::Holds(labels, notes) => (labels, notes),
                When::DoesNot => return,
                When::Missing(missing) => {
                    let first = matches.peek().map(|m| prose.span(m.start(), m.end()));
                    out.not_assessable(
                        missing,
                        first.map(|s| Label::primary(s, "此处说法无法与表格核对")),
                    );
                    return;
                }
            };
            let all: Vec<_> = matches.collect();
            for m in all.iter().take(MAX_MATCHES) {
                let span = prose.span(m.start(), m.end());
                let found = cx.source.text[span.start..span.end].to_string();
                let mut labels = vec![Label::primary(span, format!("“{found}”"))];
                labels.extend(condition_labels.iter().cloned());
                out.emit(&[("match", found)], labels, notes.clone(), None);
            }
            if all.len() > MAX_MATCHES {
                if let Some(last) = out.findings.last_mut() {
                    last.notes.push(format!(
                        "另有 {} 处相同问题未逐一列出",
                        all.len() - MAX_MATCHES
                    ));
                }
            }
        }
        _ => {}
    }
}

/// The outcome of a rule's `when` condition.
enum When {
    /// It holds (or there is none): labels on the cells it read, and a note.
    Holds(Vec<Label>, Vec<String>),
    DoesNot,
    /// A cell it needs is missing.
    Missing(String),
}

fn when_holds(cx: &Context, when: &Option<(Condition, String)>) -> When {
    let Some((condition, source)) = when else {
        return When::Holds(Vec::new(), Vec::new());
    };
    let c: Compared = match eval_condition(condition, &Env::new(cx.report), Num::ZERO) {
        Err(missing) => return When::Missing(missing),
        Ok(c) if !c.holds => return When::DoesNot,
        Ok(c) => c,
    };
    let labels = c
        .lhs
        .terms
        .iter()
        .chain(&c.rhs.terms)
        .map(|t| Label::secondary(t.span, format!("{} = {}", t.name(), t.value)))
        .collect();
    When::Holds(
        labels,
        vec![format!(
            "条件成立：{source}（{} 对 {}）",
            c.lhs.value, c.rhs.value
        )],
    )
}

/// The heading to point at: the anchor section, else the first listed one that is there,
/// else the report title.
fn anchor_label(
    cx: &Context,
    anchor: &Option<SectionKey>,
    sections: &[SectionKey],
    message: &str,
) -> Option<Label> {
    let heading = anchor
        .and_then(|a| cx.heading(a))
        .or_else(|| sections.iter().find_map(|k| cx.heading(*k)));
    Some(match heading {
        Some(h) => Label::primary(h, message),
        None => Label::primary(cx.report_anchor(), message),
    })
}

/// What ends a sentence.
const SENTENCE_ENDS: &[char] = &['。', '；', ';', '！', '？'];

/// The last sentence of a section's content (of its last line).
fn section_tail(cx: &Context, key: Option<SectionKey>) -> Option<Span> {
    let section = cx.report.section(key?)?;
    let body = &cx.source.text[section.body.start..section.body.end];
    let trimmed = body.trim_end_matches(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '|');
    if trimmed.trim().is_empty() {
        return None;
    }
    let end = section.body.start + trimmed.len();
    let lines = cx.source.lines();
    let line = lines.content_range(&cx.source.text, lines.line_of(end.saturating_sub(1)));
    let mut start = line.start.max(section.body.start);
    // The last sentence of that line: a report on one line (or a long paragraph) is not
    // underlined whole.
    let before_last = cx.source.text[start..end].trim_end_matches(SENTENCE_ENDS);
    if let Some((at, stop)) = before_last
        .char_indices()
        .rfind(|&(_, c)| SENTENCE_ENDS.contains(&c))
    {
        start += at + stop.len_utf8();
    }
    let start =
        start + cx.source.text[start..end].len() - cx.source.text[start..end].trim_start().len();
    Some(Span::new(start, end))
}
