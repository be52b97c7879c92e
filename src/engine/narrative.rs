//! The `narrative` check kind: numbers stated in prose against the tables
//! (`pattern` + `expect`), and numbers in one sentence against each other
//! (`captures` + `readings`, trying each reading a careful reader would allow).

use std::collections::HashMap;
use std::sync::Arc;

use super::eval::{eval, eval_condition, Env, Evaluated, TermName};
use super::shares::Quotient;
use super::{Context, Out, Rows};
use crate::diagnostic::{Edit, Fix, Label};
use crate::document::{Num, SectionKey, Span};
use crate::ruleset::expr::Expr;
use crate::ruleset::{Check, Pattern, Reading, StatementContext};

pub(super) fn run(cx: &Context, out: &mut Out) {
    match &out.rule.check {
        Check::Narrative {
            pattern,
            zero,
            sections,
            expect,
            expect_by,
            not_after,
            not_before,
            context,
            fix,
            share_of,
        } => {
            let stated = match cx.kept_statements(&out.rule.id) {
                Some(kept) => kept,
                None => {
                    let skip = Skip {
                        not_after,
                        not_before,
                        context,
                    };
                    let share = !share_of.is_empty();
                    let Some(stated) =
                        statements(cx, out, pattern, zero, sections, expect_by, &skip, share)
                    else {
                        return;
                    };
                    let stated = Arc::new(stated);
                    cx.keep_statements(&out.rule.id, &stated);
                    stated
                }
            };
            for Stated {
                value,
                span,
                again,
                phrase,
                what,
                places,
                shared,
                in_yuan,
            } in stated.iter()
            {
                let expect = if expect_by.is_empty() {
                    expect.as_slice()
                } else {
                    // Words the rule gives no expressions for are not its to check. A key
                    // may name several words (`法人或其他组织|法人`).
                    match expect_by
                        .iter()
                        .find(|(key, _)| key.split('|').any(|word| word == what.as_str()))
                    {
                        Some((_, expect)) => expect.as_slice(),
                        None => continue,
                    }
                };
                if let Some(places) = places {
                    let share = StatedShare {
                        percent: *value,
                        places: *places,
                        span: *span,
                    };
                    check_share(cx, out, expect, share_of, share, phrase, what);
                    continue;
                }
                let at = StatedAt {
                    span: *span,
                    again: *again,
                    in_yuan: *in_yuan,
                };
                // A number said of two matters at once is not this rule's to rewrite, nor
                // an amount in 元: the table may be the one in the wrong unit.
                let fix = *fix && !shared && !in_yuan;
                check_stated(cx, out, expect, *value, at, phrase, what, fix);
            }
        }
        Check::NarrativeBalance {
            captures,
            usual,
            alternatives,
            sections,
            not_between,
        } => {
            let prose = cx.prose(sections, Rows::Skip);
            // A sentence is checked only when every number is found in it: none is
            // compiled when one cannot be.
            if !out.rule.check.joint_patterns_may_match(prose.text()) {
                return;
            }
            let mut compiled = Vec::with_capacity(captures.len());
            for (name, pattern) in captures {
                match pattern.regex() {
                    Ok(re) => compiled.push((name.as_str(), pattern, re)),
                    Err(e) => return out.not_assessable(e, None),
                }
            }
            let captures = compiled;
            for (start, end) in sentences(prose.text()) {
                let sentence = &prose.text()[start..end];
                let mut bound: HashMap<String, (Num, Span)> = HashMap::new();
                for &(name, pattern, re) in &captures {
                    // Every sentence comes here, and few hold the words of any number.
                    if !pattern.edge_words_in(sentence) {
                        break;
                    }
                    // The first match whose words before its number hold none of
                    // `not_between` (收到申请比上年增加5件 is no count of applications).
                    let n = re.captures_iter(sentence).find_map(|c| {
                        let (whole, n) = (c.get(0)?, c.name("n")?);
                        if !names_the_next_year(cx, &c) {
                            return None;
                        }
                        let between = &sentence[whole.start()..n.start()];
                        (!between.contains(not_between.as_slice())).then_some(n)
                    });
                    let Some(n) = n else {
                        break;
                    };
                    let Some(value) = parse_count(n.as_str()) else {
                        break;
                    };
                    bound.insert(
                        name.to_string(),
                        (value, prose.span(start + n.start(), start + n.end())),
                    );
                }
                // Most sentences state none of the numbers: the first miss settles it.
                if bound.len() < captures.len() {
                    continue;
                }
                let env = Env {
                    report: cx.report,
                    previous: cx.previous.map(|p| p.report),
                    binding: super::eval::Binding::None,
                    captures: Some(&bound),
                    terms: false,
                };
                let holds =
                    |r: &Reading| eval_condition(&r.assert, &env, Num::ZERO).is_ok_and(|c| c.holds);
                if holds(usual) {
                    continue;
                }
                // A sentence that says how it counts (受理27件（含上年结转2件）) and
                // balances so is read as it says: no reader can take it otherwise.
                let says = |r: &Reading| {
                    r.stated
                        .as_ref()
                        .and_then(|p| p.regex().ok())
                        .is_some_and(|re| re.is_match(sentence))
                };
                if alternatives.iter().any(|r| says(r) && holds(r)) {
                    continue;
                }
                let mut labels: Vec<Label> = captures
                    .iter()
                    .filter_map(|(name, ..)| bound.get(*name).map(|(v, s)| (name, *v, *s)))
                    .map(|(name, v, s)| Label::secondary(s, format!("{name} = {v}")))
                    .collect();
                labels.sort_by_key(|l| l.span.start);
                if let Some(first) = labels.first_mut() {
                    first.primary = true;
                }
                let stated: Vec<String> = captures
                    .iter()
                    .filter_map(|(name, ..)| bound.get(*name).map(|(v, _)| format!("{name} = {v}")))
                    .collect();
                let mut notes = vec![format!("正文中的数字：{}", stated.join("，"))];
                notes.push(format!("按通常理解（{}）不成立", usual.note));
                match alternatives.iter().find(|r| holds(r)) {
                    Some(r) => notes.push(format!(
                        "只有这样理解才平衡（{}）：{}；读者容易误解",
                        r.source, r.note
                    )),
                    None => notes.push("任何一种理解下这些数字都不平衡".to_string()),
                }
                out.emit(
                    &[("sentence", original(cx, prose.span(start, end)))],
                    labels,
                    notes,
                    None,
                );
            }
        }
        _ => {}
    }
}

/// A number a narrative rule found stated in the prose: its value, where, the phrase
/// quoted, and the words its `what` capture found.
#[derive(Debug, Clone)]
pub(crate) struct Stated {
    value: Num,
    span: Span,
    /// The same number written again in the phrase (`(?P<again>…)`: 自2022年1月1日起至
    /// 2022年12月31日止), replaced with it by a fix.
    again: Option<Span>,
    phrase: String,
    what: String,
    /// A share's decimal places as printed (`value` is its percentage); `None` for a count.
    places: Option<u32>,
    /// Said of this rule's matter and another at once (an `each` capture: 行政复议和行政诉讼
    /// 各1件): a fix of it would change the other's figure too.
    shared: bool,
    /// An amount in 元 (a `(?P<yuan>…)` capture) compared with a cell in 万元.
    in_yuan: bool,
}

impl Stated {
    fn zero(span: Span, phrase: String, what: &str) -> Self {
        Self {
            value: Num::ZERO,
            span,
            again: None,
            phrase,
            what: what.to_string(),
            places: None,
            shared: false,
            in_yuan: false,
        }
    }
}

/// The matches of a narrative `pattern` that state no figure of its own: see the fields
/// of [`Check::Narrative`](crate::ruleset::Check::Narrative).
struct Skip<'r> {
    not_after: &'r [char],
    not_before: &'r [char],
    context: &'r StatementContext,
}

/// What a narrative `pattern` (and its `zero` phrasings) finds stated in the prose:
/// the text alone decides it, not the tables (so a fix checked by changing a cell reuses
/// it). `None` when a pattern cannot be compiled (said as not assessable). With `share`,
/// the figures are percentages (`(?P<percent>…)`), with the places they are printed with.
#[allow(clippy::too_many_arguments)]
fn statements(
    cx: &Context,
    out: &mut Out,
    pattern: &Pattern,
    zero: &Option<Pattern>,
    sections: &[SectionKey],
    expect_by: &[(String, Vec<(Expr, String)>)],
    skip: &Skip,
    share: bool,
) -> Option<Vec<Stated>> {
    let prose = cx.prose(sections, Rows::Skip);
    // Whether the sentence around `start..end` is about another matter (or not about the
    // rule's).
    let about_another_matter = |start: usize, end: usize| -> Result<bool, String> {
        let context = skip.context;
        if context.not_in_sentence.is_none() && context.in_sentence.is_none() {
            return Ok(false);
        }
        let text = prose.text();
        let from = after_last(&text[..start], CLAUSE_GROUP_ENDS);
        let to = text[end..]
            .find(CLAUSE_GROUP_ENDS)
            .map_or(text.len(), |at| end + at);
        let sentence = &text[from..to];
        if let Some(pattern) = &context.in_sentence {
            if !pattern.is_match_in(sentence)? {
                return Ok(true);
            }
        }
        match &context.not_in_sentence {
            Some(pattern) => pattern.is_match_in(sentence),
            None => Ok(false),
        }
    };
    let numbers: Vec<&str> = if share {
        vec!["percent"]
    } else {
        pattern.number_captures().collect()
    };
    let whats: Vec<&str> = pattern.what_captures().collect();
    let (pattern, zero) = match (
        pattern.for_text(prose.text()),
        zero.as_ref().map(|z| z.for_text(prose.text())).transpose(),
    ) {
        (Ok(pattern), Ok(zero)) => (pattern, zero.flatten()),
        (Err(e), _) | (_, Err(e)) => {
            out.not_assessable(e, None);
            return None;
        }
    };
    // (value, where, the phrase, the words `what` found)
    let mut stated: Vec<Stated> = Vec::new();
    for caps in pattern
        .into_iter()
        .flat_map(|p| p.captures_iter(prose.text()))
    {
        let Some(n) = numbers.iter().find_map(|name| caps.name(name)) else {
            continue;
        };
        if !names_the_next_year(cx, &caps) {
            continue;
        }
        let (value, places) = if share {
            let places = super::shares::places_of(n.as_str());
            (Num::parse(n.as_str()), Some(places))
        } else {
            (parse_count(n.as_str()), None)
        };
        let Some(value) = value else {
            continue;
        };
        let whole = caps
            .get(0)
            .map_or((n.start(), n.end()), |m| (m.start(), m.end()));
        let (head, tail) = (&prose.text()[..whole.0], &prose.text()[whole.1..]);
        if ends_a_list_of_labels(head, &prose.text()[whole.0..whole.1], skip.not_after)
            || tail
                .chars()
                .next()
                .is_some_and(|c| skip.not_before.contains(&c))
        {
            continue;
        }
        let clause = qualifying_clause(head);
        let qualified = |pattern: &Pattern| pattern.is_match_in(&head[clause..]);
        let another_year =
            skip.context.not_of_another_year && names_another_year(cx, &head[clause..]);
        let skipped = skip
            .context
            .not_in_clause
            .as_ref()
            .map_or(Ok(false), qualified)
            .and_then(|q| Ok(q || another_year || about_another_matter(whole.0, whole.1)?));
        match skipped {
            Ok(false) => {}
            Ok(true) => continue,
            Err(e) => {
                out.not_assessable(e, None);
                return None;
            }
        }
        // Replaced along with `n` only when written the same: a period running into the
        // next year (自2022年1月1日起至2023年3月31日) is not the same number twice.
        let again = caps
            .name("again")
            .filter(|a| a.as_str() == n.as_str())
            .map(|a| prose.span(a.start(), a.end()));
        stated.push(Stated {
            value,
            span: prose.span(n.start(), n.end()),
            again,
            phrase: original(cx, prose.span(whole.0, whole.1)),
            what: whats
                .iter()
                .find_map(|name| caps.name(name))
                .map_or("", |w| w.as_str())
                .to_string(),
            places,
            shared: caps.name("each").is_some(),
            in_yuan: caps.name("yuan").is_some(),
        });
    }
    if let Some(zero) = zero {
        for caps in zero.captures_iter(prose.text()) {
            // The words that state the zero, when the pattern reads more around them to
            // tell what they are said of (申请…，已全部办结): a `stated` capture.
            let Some(m) = caps.name("stated").or_else(|| caps.get(0)) else {
                continue;
            };
            match about_another_matter(m.start(), m.end()) {
                Ok(false) => {}
                Ok(true) => continue,
                Err(e) => {
                    out.not_assessable(e, None);
                    return None;
                }
            }
            let span = prose.span(m.start(), m.end());
            // A zero phrasing may end at the clause's end (无行政许可事项，): not quoted.
            let phrase = original(cx, span)
                .trim_end_matches([',', '.', ';', '，', '。', '；'])
                .to_string();
            if let Some(what) = caps.name("what") {
                stated.push(Stated::zero(span, phrase, what.as_str()));
            } else if expect_by.is_empty() {
                stated.push(Stated::zero(span, phrase, ""));
            } else {
                // One negation over a list (无行政许可、行政处罚、行政强制事项) states
                // each word of it as 0: a capture could name only one of them.
                for (at, word) in words_in(m.as_str(), expect_by) {
                    let start = m.start() + at;
                    let word_span = prose.span(start, start + word.len());
                    stated.push(Stated::zero(word_span, phrase.clone(), word));
                }
            }
        }
    }
    Some(stated)
}

/// Whether a match names the year after the report's where its `(?P<next_year>…)` capture
/// stands (a 2023 report's 结转至2024年办理 is carried forward; its 结转至2023年 is last
/// year's carry-over). A match without the capture passes; one with it, in a report whose
/// year is unknown, does not: it cannot be told which way it was carried.
fn names_the_next_year(cx: &Context, caps: &crate::tiered::Captures<'_>) -> bool {
    let Some(year) = caps.name("next_year") else {
        return true;
    };
    match (year.as_str().parse::<i32>(), &cx.report.year) {
        (Ok(named), Some(report)) => report.value.checked_add(1) == Some(named),
        _ => false,
    }
}

/// Where a stated number is written: its place, where it is written again, and whether
/// in 元 against a table in 万元.
#[derive(Clone, Copy)]
struct StatedAt {
    span: Span,
    again: Option<Span>,
    in_yuan: bool,
}

#[allow(clippy::too_many_arguments)]
fn check_stated(
    cx: &Context,
    out: &mut Out,
    expect: &[(Expr, String)],
    value: Num,
    at: StatedAt,
    phrase: &str,
    what: &str,
    fix: bool,
) {
    let span = at.span;
    let env = Env::new(cx.report);
    let mut first_assessable = None;
    let mut first_unread = None;
    let agrees = |e: &Evaluated| {
        if at.in_yuan {
            yuan_agrees(cx, value, e)
        } else {
            e.value == value
        }
    };
    for (index, (expr, _)) in expect.iter().enumerate() {
        match eval(expr, &env) {
            Ok(e) if agrees(&e) => return,
            Ok(e) => {
                if first_assessable.is_none() {
                    first_assessable = Some(e);
                }
            }
            Err(reason) if index == 0 => first_unread = Some(reason),
            Err(_) => {}
        }
    }
    // A rule's message names the first expression's cells (表三“（七）总计”): when they
    // were not read, a number that fits none of the other readings is not said to differ
    // from them (it was: 办结 26 against 本年新收 − 结转下年度 = 24, "（七）总计为 24").
    // (Neither only when a rule expects nothing.)
    let expected = match (first_unread, first_assessable) {
        (None, Some(expected)) => Ok(expected),
        (reason, _) => Err(reason.unwrap_or_else(|| "表格数据缺失".into())),
    };
    let expected = match expected {
        Ok(expected) => expected,
        Err(reason) => {
            out.not_assessable(
                reason,
                Some(Label::primary(
                    span,
                    format!("正文称 {value}，无法与表格核对"),
                )),
            );
            return;
        }
    };
    // An amount in 元 is shown with what it comes to in the table's 万元.
    let value_shown = if at.in_yuan {
        format!("{value} 元（合 {} 万元）", in_wan(value))
    } else {
        value.to_string()
    };
    let mut labels = vec![Label::primary(span, format!("正文：{value_shown}"))];
    for term in &expected.terms {
        labels.push(Label::secondary(
            term.span,
            format!("{} = {}", term.name(), term.value),
        ));
    }
    let mut notes = vec![format!("正文原句：“{phrase}”")];
    if at.in_yuan {
        notes.push(format!(
            "正文以元为单位，表二“本年收费金额”以万元为单位：{value} 元合 {} 万元；表中填的若是元，应换算为万元",
            in_wan(value)
        ));
    }
    // Only a number written in digits is replaced: a zero phrasing (未收到…申请) or a
    // number in words (十二件) would need the sentence rewritten.
    let written = cx.source.text.get(span.start..span.end).unwrap_or("");
    let fix = (fix && super::fixes::is_written_count(written) && expected.value >= Num::ZERO).then(
        || {
            // Each place in the digits it is written in (２０２２ stays full-width).
            let edits = std::iter::once(span)
                .chain(at.again)
                .map(|span| Edit {
                    span,
                    content: super::fixes::in_digits_of(
                        cx.source.text.get(span.start..span.end).unwrap_or(""),
                        &expected.value.to_string(),
                    ),
                })
                .collect();
            // The table's number, or what else the rule compares with (the report's year).
            let source = match expected.terms.as_slice() {
                [term] if matches!(term.what, TermName::Text(_)) => term.name(),
                _ => "表格".to_string(),
            };
            Fix {
                message: format!("把正文的 {value} 改为{source}的 {}", expected.value),
                edits,
            }
        },
    );
    out.emit_with_fix(
        &[
            ("value", value_shown),
            ("expected", expected.value.to_string()),
            ("phrase", phrase.to_string()),
            ("what", what.to_string()),
            ("cells", cells_named(&expected)),
        ],
        labels,
        notes,
        None,
        fix,
    );
}

/// Whether an amount in 元 is what the table's figure in 万元 says, as printed: rounded at
/// the places the cells are written with (1.23 万元 is 12,345.67 元 rounded; 12500 万元
/// is no 12,500 元).
fn yuan_agrees(cx: &Context, yuan: Num, wan: &Evaluated) -> bool {
    let places = wan
        .terms
        .iter()
        .map(|t| {
            super::shares::places_of(cx.source.text.get(t.span.start..t.span.end).unwrap_or(""))
        })
        .max()
        .unwrap_or(0);
    let half_unit = 0.5 * 10f64.powi(-(places.min(8) as i32));
    // Amounts of a few digits and places: f64 holds them well inside the tolerance.
    (yuan.to_f64() / 10_000.0 - wan.value.to_f64()).abs() <= half_unit + 1e-9
}

/// An amount in 元 written in 万元 (`12500` → `1.25`), to six places at most.
fn in_wan(yuan: Num) -> String {
    let text = format!("{:.6}", yuan.to_f64() / 10_000.0);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The table cells a stated number was compared with, as a finding's labels name them
/// (`表二 行政规范性文件 / 本年制发件数`; a sum's cells joined with ` + `): `{cells}`, for a
/// message whose rule compares with more than one figure of a row.
fn cells_named(expected: &Evaluated) -> String {
    let names: Vec<String> = expected.terms.iter().map(|t| t.name()).collect();
    names.join(" + ")
}

/// A share stated in prose: its percentage, the decimal places it is printed with, where.
#[derive(Clone, Copy)]
struct StatedShare {
    percent: Num,
    places: u32,
    span: Span,
}

/// A share (`予以公开占62.5%`) against the tables: one of `expect` (the part) over one of
/// `share_of` (the whole), rounded down or up at the places it is printed with.
fn check_share(
    cx: &Context,
    out: &mut Out,
    expect: &[(Expr, String)],
    share_of: &[(Expr, String)],
    share: StatedShare,
    phrase: &str,
    what: &str,
) {
    let env = Env::new(cx.report);
    // Why a value cannot be had, for a share none of whose values can.
    let mut reason = None;
    let mut evaluate = |list: &[(Expr, String)]| -> Vec<_> {
        list.iter()
            .filter_map(|(expr, _)| {
                eval(expr, &env)
                    .map_err(|e| {
                        reason.get_or_insert(e);
                    })
                    .ok()
            })
            .collect()
    };
    let (parts, wholes) = (evaluate(expect), evaluate(share_of));
    let mut first_assessable = None;
    for part in &parts {
        for whole in &wholes {
            // No share of a whole of 0: nothing to compare with.
            let Some(quotient) = Quotient::new(part.value, whole.value, share.places) else {
                continue;
            };
            if quotient.admits(share.percent) {
                return;
            }
            first_assessable.get_or_insert((part, whole, quotient));
        }
    }
    let Some((part, whole, quotient)) = first_assessable else {
        if let Some(reason) = reason {
            out.not_assessable(
                reason,
                Some(Label::primary(
                    share.span,
                    format!("正文称 {}%，无法与表格核对", share.percent),
                )),
            );
        }
        return;
    };
    let computed = quotient.shown();
    let mut labels = vec![Label::primary(
        share.span,
        format!("写作 {}%", share.percent),
    )];
    for term in part.terms.iter().chain(&whole.terms) {
        labels.push(Label::secondary(
            term.span,
            format!("{} = {}", term.name(), term.value),
        ));
    }
    let rounded = quotient.rounded();
    let notes = vec![
        format!("正文原句：“{phrase}”"),
        format!(
            "{} ÷ {} = {computed}%（按正文的小数位数取舍后应为 {rounded}）",
            part.value, whole.value
        ),
    ];
    out.emit(
        &[
            ("value", share.percent.to_string()),
            ("expected", computed),
            ("phrase", phrase.to_string()),
            ("what", what.to_string()),
            ("part", part.value.to_string()),
            ("base", whole.value.to_string()),
        ],
        labels,
        notes,
        None,
    );
}

pub(super) fn original(cx: &Context, span: Span) -> String {
    let text = cx.source.text.get(span.start..span.end).unwrap_or("");
    // A sentence broken at the width of a PDF's page is quoted on one line.
    if text.contains('\n') {
        return text.lines().map(str::trim).collect();
    }
    text.to_string()
}

/// Every word an `expect_by` key names, where it occurs in `text` (left to right, the
/// longest at a place, not overlapping): the words of a list one negation covers.
fn words_in<'t>(
    text: &'t str,
    expect_by: &[(String, Vec<(Expr, String)>)],
) -> Vec<(usize, &'t str)> {
    let words: Vec<&str> = expect_by
        .iter()
        .flat_map(|(key, _)| key.split('|'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut found = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        match words
            .iter()
            .filter(|w| rest.starts_with(**w))
            .max_by_key(|w| w.len())
        {
            Some(word) => {
                found.push((at, &text[at..at + word.len()]));
                at += word.len();
            }
            None => at += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    found
}

/// What ends a sentence of folded prose: 。！？ and line breaks (not ；, which joins the
/// clauses of one statement in these reports).
pub(super) const SENTENCE_ENDS: &[char] = &['。', '!', '?', '\n'];

/// Where in `text` what follows the last of `ends` begins (0 when there is none).
fn after_last(text: &str, ends: &[char]) -> usize {
    text.rfind(ends).map_or(0, |at| {
        at + text[at..].chars().next().map_or(1, char::len_utf8)
    })
}

/// Where a clause that `not_in_clause` reads the start of begins (after one of these).
const CLAUSE_ENDS: &[char] = &['。', '!', '?', '\n', ';', ',', ':', '，', '；', '：'];

/// Whether `clause` names a year (`2022年`, of 19xx or 20xx) other than the report's (a
/// 2023 report's 2022年收到申请20件 is last year's figure, its 2023年收到申请25件 this
/// year's; the report's year unknown: it cannot be told, and the figure is read).
fn names_another_year(cx: &Context, clause: &str) -> bool {
    let Some(report) = cx.report.year_value() else {
        return false;
    };
    clause.match_indices('年').any(|(at, _)| {
        // Four digits right before 年, no fifth: a year (all ASCII, so `at - 4` is a
        // character boundary).
        let digits = clause.as_bytes()[..at]
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let year = || &clause[at - 4..at];
        digits == 4
            && (year().starts_with("19") || year().starts_with("20"))
            && year().parse::<i32>().is_ok_and(|y| y != report)
    })
}

/// Where the words that may qualify a figure begin, `head` being the text before its
/// match: its clause's start; when the match opens its clause, the clause before it if a
/// comma ends that one and it holds no count of its own (因本机关不掌握相关信息，无法提供7件:
/// the reason is the figure's, written as a clause of its own). A clause before that is a
/// date alone qualifies it wherever it stands in its clause (2022年，本机关收到申请20件).
fn qualifying_clause(head: &str) -> usize {
    let start = after_last(head, CLAUSE_ENDS);
    let opens = head[start..].trim().is_empty();
    let Some(before) = head[..start].strip_suffix([',', '，']) else {
        return start;
    };
    let previous = after_last(before, CLAUSE_ENDS);
    let clause = &before[previous..];
    if (opens && !holds_count(clause)) || is_a_date(clause) {
        previous
    } else {
        start
    }
}

/// Whether a clause is a date or a period alone (2022年, 2023年度, 2023年1月1日至12月31日).
fn is_a_date(clause: &str) -> bool {
    clause.contains('年')
        && clause
            .chars()
            .all(|c| c.is_ascii_digit() || "年度月日至-.".contains(c))
}

/// Whether a clause states a count: 件, or digits that are no date's (2022年, 12月31日).
fn holds_count(clause: &str) -> bool {
    if clause.contains('件') {
        return true;
    }
    let mut rest = clause;
    while let Some(at) = rest.find(|c: char| c.is_ascii_digit()) {
        let after = rest[at..].trim_start_matches(|c: char| c.is_ascii_digit());
        if !after.starts_with(['年', '月', '日']) {
            return true;
        }
        rest = after;
    }
    false
}

/// Where the words a `not_in_sentence` pattern reads end: a sentence, or a semicolon's
/// clauses (a list of matters, 未收到行政许可申请；未接到信息公开申请, says each apart).
const CLAUSE_GROUP_ENDS: &[char] = &['。', '!', '?', '\n', ';'];

/// Sentences of folded prose (see [`SENTENCE_ENDS`]).
fn sentences(prose: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in prose.char_indices() {
        if SENTENCE_ENDS.contains(&c) {
            if i > start {
                out.push((start, i));
            }
            start = i + c.len_utf8();
        }
    }
    if start < prose.len() {
        out.push((start, prose.len()));
    }
    out
}

/// A count as written in prose: ASCII digits (full-width already folded) or Chinese
/// numerals (两件, 十二件, 一百零三件).
pub fn parse_count(text: &str) -> Option<Num> {
    // Digits (an amount in 万元 with its decimals too: 1.25).
    if text
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
    {
        return Num::parse(text);
    }
    let digit = |c: char| {
        "零一二三四五六七八九"
            .find(c)
            .map(|i| i / 3)
            .or(if c == '两' { Some(2) } else { None })
    };
    let mut total: i64 = 0;
    let mut section: i64 = 0;
    let mut current: i64 = 0;
    for c in text.chars() {
        if let Some(d) = digit(c) {
            current = d as i64;
            continue;
        }
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            '万' => 10_000,
            _ => return None,
        };
        if unit == 10_000 {
            total += (section + current) * unit;
            section = 0;
        } else {
            section += (if current == 0 { 1 } else { current }) * unit;
        }
        current = 0;
    }
    Some(Num::from_int(total + section + current))
}

/// Whether a match (`phrase`, after `head`) is the tail of a list of labels that share
/// its number (`不予公开、无法提供共10件`): it follows one of `separators`, and the item
/// before that has no figure of its own. Items that each have one (`不予公开2件、无法提供
/// 8件`: the item before ends in the unit the match ends in) are figures of their own.
fn ends_a_list_of_labels(head: &str, phrase: &str, separators: &[char]) -> bool {
    let mut before = head.chars();
    if !before.next_back().is_some_and(|c| separators.contains(&c)) {
        return false;
    }
    // The item before may close with a remark on it: 行政复议1件（申请人撤回结案）、行政诉讼0件.
    let item = before.as_str();
    let item = match item.strip_suffix([')', '）']) {
        Some(open) => open.rfind(['(', '（']).map_or(item, |at| &item[..at]),
        None => item,
    };
    match phrase.chars().next_back() {
        Some(unit) if !unit.is_ascii_digit() => !item.ends_with(unit),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_tail_shares_the_number_only_after_a_bare_label() {
        let seps = ['、', '和'];
        // Labels sharing one number: the tail is not a figure of its own.
        assert!(ends_a_list_of_labels("不予公开、", "无法提供共10件", &seps));
        assert!(ends_a_list_of_labels("部分公开和", "不予公开3件", &seps));
        // Each item with its own number: the next one is a figure.
        assert!(!ends_a_list_of_labels(
            "不予公开2件、",
            "无法提供8件",
            &seps
        ));
        assert!(!ends_a_list_of_labels(
            "予以公开九件和",
            "部分公开四件",
            &seps
        ));
        // Nor when the item before closes with a remark on it.
        assert!(!ends_a_list_of_labels(
            "行政复议1件(申请人撤回结案)、",
            "行政诉讼0件",
            &seps
        ));
        assert!(!ends_a_list_of_labels(
            "行政复议1件（申请人撤回）和",
            "行政诉讼0件",
            &seps
        ));
        assert!(ends_a_list_of_labels(
            "行政复议(含复核)、",
            "行政诉讼共3件",
            &seps
        ));
        // Not after a separator at all.
        assert!(!ends_a_list_of_labels("其中", "不予公开2件", &seps));
        assert!(!ends_a_list_of_labels("", "不予公开2件", &seps));
    }

    #[test]
    fn a_date_is_no_count() {
        assert!(!holds_count("2022年"));
        assert!(!holds_count("截至2023年12月31日"));
        assert!(holds_count("收到申请20件"));
        assert!(holds_count("共20"));
        assert!(holds_count("2022年共20"));
        assert!(is_a_date("2022年"));
        assert!(is_a_date("2023年1月1日至12月31日"));
        assert!(!is_a_date("2022年收到申请"));
        assert!(!is_a_date("12"));
    }

    #[test]
    fn a_clause_without_a_count_qualifies_the_figure_after_it() {
        fn clause(head: &str) -> &str {
            &head[qualifying_clause(head)..]
        }
        // The figure's own clause.
        assert_eq!(clause("其中予以公开9件,因信息不存在"), "因信息不存在");
        // It opens its clause: the clause before it, a reason without a count.
        assert_eq!(
            clause("其中因本机关不掌握相关信息,"),
            "其中因本机关不掌握相关信息,"
        );
        assert_eq!(clause("其中,因信息不存在，"), "因信息不存在，");
        // Not one with a count of its own, nor one a semicolon or a sentence ends.
        assert_eq!(clause("因信息不存在无法提供7件,"), "");
        assert_eq!(clause("因信息不存在;"), "");
        assert_eq!(clause("因信息不存在。"), "");
        assert_eq!(clause(""), "");
        // A date alone, wherever the figure stands in the clause after it.
        assert_eq!(clause("2022年,本机关"), "2022年,本机关");
        assert_eq!(clause("办结26件,本机关"), "本机关");
    }

    #[test]
    fn chinese_counts() {
        for (text, n) in [
            ("两", 2),
            ("十二", 12),
            ("一百零三", 103),
            ("三千", 3000),
            ("443", 443),
            ("零", 0),
        ] {
            assert_eq!(parse_count(text), Some(Num::from_int(n)), "{text}");
        }
        assert_eq!(parse_count("几"), None);
    }

    #[test]
    fn a_negated_list_names_each_word_once_longest_first() {
        let key = |k: &str| (k.to_string(), Vec::new());
        let by = [
            key("行政许可"),
            key("行政处罚"),
            key("行政事业性收费|行政事业"),
        ];
        let text = "无行政许可、行政处罚事项，无行政事业性收费";
        let found: Vec<&str> = words_in(text, &by).into_iter().map(|(_, w)| w).collect();
        assert_eq!(found, ["行政许可", "行政处罚", "行政事业性收费"]);
        let (at, word) = words_in(text, &by)[1];
        assert_eq!(&text[at..at + word.len()], "行政处罚");
        assert!(words_in("无相关事项", &by).is_empty());
    }
}
