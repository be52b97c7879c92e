//! The `shares` check kind: a total stated in prose and the parts listed after it in the
//! same sentence, each giving its share of the total (`发布信息647条，其中，公开执法类…119件，
//! 占总数的18%；公开监狱工作信息282条，占总数的44%…`). `sum`: the parts add up to no more
//! than the total. `percent`: each percentage is the part over its total, rounded down or
//! up at the places it is printed with (96.39 % may be printed 96.3 % or 96.4 %).
//! `rate`: a rate (`公开率达96.3%`, the part pattern matching the rate alone) is the count
//! stated right before it over one of the counts before that (`制发公文3267件，主动公开
//! 3149件，`), rounded the same way.
//!
//! Only parts that give a share count as the total's: a list without them may be partial,
//! or a new list (收到申请10件，其中…；予以公开…), and summing it would be guessing. With
//! several totals in a sentence (a nested 其中), a part is the nearest earlier total's
//! whose share it can be. A `sum` rule whose part pattern has no `percent` capture names
//! its parts by their own words instead (the channels an application came by: `当面申请
//! 5件`), and every such part after a total is the nearest earlier total's.

use super::narrative::{original, parse_count, SENTENCE_ENDS};
use super::{Context, Out, Rows};
use crate::diagnostic::Label;
use crate::document::{Num, Span};
use crate::ruleset::{Check, SharesTest};

/// A number stated in prose: its value and where it is.
#[derive(Clone, Copy)]
struct Stated {
    value: Num,
    span: Span,
}

/// A total: its number, and where its match ends in its sentence (its parts come after).
struct Total {
    stated: Stated,
    end: usize,
}

/// A part: its number, and its percentage as written with the places it has.
struct Part {
    count: Stated,
    percent: Stated,
    places: u32,
}

impl Part {
    /// A count with its percentage as printed (`96.3`, at `span`); `None` if that is no
    /// number.
    fn new(count: Stated, percent: &str, span: Span) -> Option<Self> {
        Some(Self {
            count,
            percent: Stated {
                value: Num::parse(percent)?,
                span,
            },
            places: places_of(percent),
        })
    }
}

/// The decimal places a percentage is printed with (`96.3` → 1).
pub(super) fn places_of(percent: &str) -> u32 {
    percent
        .split_once('.')
        .map_or(0, |(_, d)| u32::try_from(d.len()).unwrap_or(u32::MAX))
}

/// A part over a whole, in percent, as a report may print it at some decimal places:
/// rounded down or up. Shared by the `shares` kind and a narrative's `share_of`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Quotient {
    part: Num,
    whole: Num,
    down: Num,
    up: Num,
}

impl Quotient {
    /// `None` when `whole` is not positive or the numbers are too large: nothing to say.
    pub(super) fn new(part: Num, whole: Num, places: u32) -> Option<Self> {
        let (down, up) = part.percent_of(whole, places)?;
        Some(Self {
            part,
            whole,
            down,
            up,
        })
    }

    /// Whether `percent` is this quotient rounded either way.
    pub(super) fn admits(self, percent: Num) -> bool {
        (self.down..=self.up).contains(&percent)
    }

    /// The quotient to two places, rounded (66.67 for 20 ÷ 30), as findings show it.
    pub(super) fn shown(self) -> String {
        let value = self
            .part
            .percent_of(self.whole, 4)
            .map_or(self.down, |(low, _)| low);
        format!("{:.2}", value.to_f64())
    }

    /// What the printed percentage should be: `34%`, or `34% 或 35%`.
    pub(super) fn rounded(self) -> String {
        if self.down == self.up {
            format!("{}%", self.down)
        } else {
            format!("{}% 或 {}%", self.down, self.up)
        }
    }
}

pub(super) fn run(cx: &Context, out: &mut Out) {
    let Check::Shares {
        total,
        part,
        test,
        sections,
    } = &out.rule.check
    else {
        return;
    };
    let prose = cx.prose(sections, Rows::Skip);
    let text = prose.text();
    let stated = |start: usize, m: crate::tiered::Match| {
        parse_count(m.as_str()).map(|value| Stated {
            value,
            span: prose.span(start + m.start(), start + m.end()),
        })
    };
    // Neither is compiled when one cannot match; but shares in sentences stating no total
    // are read without the total's pattern (built only for a text with a share in it: a
    // percentage, which the part's edge test looks for, and 占, which is in its middle,
    // where no edge test looks; building it cost a one-report run ~0.7 M instructions).
    if !out.rule.check.joint_patterns_may_match(text) {
        if *test == SharesTest::Percent && text.contains('占') && part.may_match_in(text) {
            match part.regex() {
                Ok(part) => check_unstated_bases(out, &prose, part, &[], &stated),
                Err(e) => out.not_assessable(e, None),
            }
        }
        return;
    }
    let (total, part) = match (total.regex(), part.regex()) {
        (Ok(total), Ok(part)) => (total, part),
        (Err(e), _) | (_, Err(e)) => return out.not_assessable(e, None),
    };
    if *test == SharesTest::Rate {
        return check_rates(out, &prose, total, part, &stated);
    }
    if !out.rule.check.part_gives_shares() {
        return check_listed_sums(cx, out, &prose, total, part, &stated);
    }
    // The totals, found in the whole text at once (a search per sentence cost more than
    // the rest of the check), grouped by their sentence; each with where its match ends.
    let mut totals_by_sentence: Vec<((usize, usize), Vec<Total>)> = Vec::new();
    for c in total.captures_iter(text) {
        let (Some(m), Some(n)) = (c.get(0), c.name("n")) else {
            continue;
        };
        let Some(stated) = stated(0, n) else { continue };
        let (start, end) = sentence_around(text, m.start(), m.end());
        let total = Total {
            stated,
            end: m.end() - start,
        };
        match totals_by_sentence.last_mut() {
            Some((bounds, totals)) if bounds.0 == start => totals.push(total),
            _ => totals_by_sentence.push(((start, end), vec![total])),
        }
    }
    let sentences_with_totals: Vec<usize> = totals_by_sentence
        .iter()
        .map(|((start, _), _)| *start)
        .collect();
    for ((start, end), totals) in totals_by_sentence {
        let sentence = &text[start..end];
        let first_end = totals[0].end;
        let parts: Vec<(Part, usize)> = part
            .captures_iter(&sentence[first_end..])
            .filter_map(|c| {
                let percent = c.name("percent")?;
                let at = start + first_end;
                let part = Part::new(
                    stated(at, c.name("n")?)?,
                    percent.as_str(),
                    prose.span(at + percent.start(), at + percent.end()),
                )?;
                Some((part, first_end + c.get(0)?.start()))
            })
            .collect();
        // Whose part each is: of the totals before it, the nearest whose share it can
        // be, else the nearest. (A nested list, 其中政策文件200条，其中规章50条，占5%，gives
        // shares of the first total after a second one.)
        let mut owned: Vec<Vec<(&Part, bool)>> = totals.iter().map(|_| Vec::new()).collect();
        for (p, at) in &parts {
            let before = totals.iter().rposition(|t| t.end <= *at).unwrap_or(0);
            let fits = (0..=before)
                .rev()
                .find(|&t| share_fits(p, totals[t].stated.value));
            owned[fits.unwrap_or(before)].push((p, fits.is_some()));
        }
        for (Total { stated: whole, .. }, parts) in totals.iter().zip(&owned) {
            // Shares of this total only if one of them is: a list whose shares are all of
            // another base (a total in an earlier sentence, 占全年的10%) is not its.
            if !parts.iter().any(|&(_, fits)| fits) {
                continue;
            }
            match test {
                SharesTest::Sum => {
                    let parts: Vec<(Stated, String)> = parts
                        .iter()
                        .map(|&(p, _)| {
                            let label = format!("{}（占{}%）", p.count.value, p.percent.value);
                            (p.count, label)
                        })
                        .collect();
                    check_sum(cx, out, whole, &parts, prose.span(start, end));
                }
                SharesTest::Percent => {
                    for &(p, _) in parts.iter().filter(|&&(_, fits)| !fits) {
                        report_percent(out, whole.value, Some(whole.span), p);
                    }
                }
                // Checked above, before the totals are gathered.
                SharesTest::Rate => {}
            }
        }
    }
    if *test == SharesTest::Percent {
        check_unstated_bases(out, &prose, part, &sentences_with_totals, &stated);
    }
}

/// Fewest parts whose shares must agree on one base before the odd one out is reported
/// against it: two could share a base by chance, or be shares of two totals.
const AGREEING_PARTS: usize = 3;

/// Shares in a sentence that states no total of them (the total in the sentence before:
/// `答复1453件。其中，予以公开966件，占66.48%；部分公开67件，占4.61%；…`): when all but one
/// are shares of one whole number, and at least [`AGREEING_PARTS`] of them, the one that
/// is not is reported against that number, said to be worked out.
fn check_unstated_bases(
    out: &mut Out,
    prose: &super::Prose,
    part: &crate::tiered::TieredRegex,
    sentences_with_totals: &[usize],
    stated: &impl Fn(usize, crate::tiered::Match) -> Option<Stated>,
) {
    let text = prose.text();
    // The sentences with a `%` (and no total), each searched on its own: parts begin with
    // digits, which no prefilter can skip to, so a search of the whole text would read
    // every byte of it.
    let mut by_sentence: Vec<(usize, Vec<Part>)> = Vec::new();
    for at in memchr::memchr_iter(b'%', text.as_bytes()) {
        let (start, end) = sentence_around(text, at, at + 1);
        if by_sentence.last().is_some_and(|(s, _)| *s == start)
            || sentences_with_totals.contains(&start)
        {
            continue;
        }
        let mut parts = Vec::new();
        for c in part.captures_iter(&text[start..end]) {
            let (Some(n), Some(percent)) = (c.name("n"), c.name("percent")) else {
                continue;
            };
            let Some(count) = stated(start, n) else {
                continue;
            };
            let span = prose.span(start + percent.start(), start + percent.end());
            if let Some(part) = Part::new(count, percent.as_str(), span) {
                parts.push(part);
            }
        }
        by_sentence.push((start, parts));
    }
    for (_, parts) in by_sentence {
        if parts.len() < AGREEING_PARTS + 1 {
            continue;
        }
        let Some((base, fitting)) = common_base(&parts) else {
            continue;
        };
        if fitting < AGREEING_PARTS || fitting + 1 != parts.len() {
            continue;
        }
        if let Some(odd) = parts.iter().find(|p| !share_fits(p, base)) {
            report_percent(out, base, None, odd);
        }
    }
}

/// The whole number most of `parts` are shares of (each part's count over its percentage,
/// give or take its rounding), with how many are.
fn common_base(parts: &[Part]) -> Option<(Num, usize)> {
    let largest = parts.iter().map(|p| p.count.value).max()?;
    let mut best: Option<(Num, usize)> = None;
    for p in parts {
        let percent = p.percent.value.to_f64();
        if percent <= 0.0 {
            continue;
        }
        let near = p.count.value.to_f64() * 100.0 / percent;
        if !near.is_finite() || near > 1e12 {
            continue;
        }
        for candidate in (near.floor() as i64 - 1)..=(near.ceil() as i64 + 1) {
            let base = Num::from_int(candidate);
            if base < largest || base <= Num::ZERO {
                continue;
            }
            let fitting = parts.iter().filter(|q| share_fits(q, base)).count();
            if best.as_ref().is_none_or(|(_, most)| fitting > *most) {
                best = Some((base, fitting));
            }
        }
    }
    best
}

/// The rates of the text (`公开率达96.3%`), each the count stated right before it over
/// one of the counts before that in its sentence (`制发公文3267件，主动公开3149件，`): a
/// rate that is none of those quotients, rounded either way at its places, is reported
/// against the nearest. A rate with fewer than two counts before it has nothing to be
/// checked by. Rates are rare and counts everywhere: the counts are looked for only in
/// the sentences of rates.
fn check_rates(
    out: &mut Out,
    prose: &super::Prose,
    count: &crate::tiered::TieredRegex,
    rate: &crate::tiered::TieredRegex,
    stated: &impl Fn(usize, crate::tiered::Match) -> Option<Stated>,
) {
    let text = prose.text();
    for c in rate.captures_iter(text) {
        let (Some(m), Some(percent)) = (c.get(0), c.name("percent")) else {
            continue;
        };
        let (start, _) = sentence_around(text, m.start(), m.end());
        let counts: Vec<Stated> = count
            .captures_iter(&text[start..m.start()])
            .filter_map(|c| stated(start, c.name("n")?))
            .collect();
        let Some((numerator, bases)) = counts.split_last() else {
            continue;
        };
        let Some(part) = Part::new(
            *numerator,
            percent.as_str(),
            prose.span(percent.start(), percent.end()),
        ) else {
            continue;
        };
        if bases.iter().any(|b| share_fits(&part, b.value)) || sum_fits(&counts, &part) {
            continue;
        }
        // A rate is reported against the nearest count it could be a share of: one fewer
        // than those disclosed is none (`新收申请25件，上年结转2件，办结26件，予以公开率为
        // 40%`: its numerator is unstated, and 26 ÷ 2 is no rate).
        let Some(nearest) = bases.iter().rev().find(|b| b.value >= numerator.value) else {
            continue;
        };
        report_percent(out, nearest.value, Some(nearest.span), &part);
    }
}

/// Whether the rate is the sum of the counts right before it over a count before those:
/// `办结26件，其中予以公开9件，部分公开4件，公开率为50%` is (9 + 4) ÷ 26, the 公开率 of
/// applications counting what was partly disclosed.
fn sum_fits(counts: &[Stated], part: &Part) -> bool {
    (2..counts.len()).any(|k| {
        let (bases, summed) = counts.split_at(counts.len() - k);
        let Some(value) = summed
            .iter()
            .try_fold(Num::ZERO, |sum, c| sum.checked_add(c.value))
        else {
            return false;
        };
        let sum = Part {
            count: Stated {
                value,
                span: part.count.span,
            },
            percent: part.percent,
            places: part.places,
        };
        bases.iter().any(|b| share_fits(&sum, b.value))
    })
}

/// The sentence (as [`super::narrative::sentences`] splits them) holding `from..to`.
fn sentence_around(text: &str, from: usize, to: usize) -> (usize, usize) {
    let start = text[..from]
        .char_indices()
        .rfind(|&(_, c)| SENTENCE_ENDS.contains(&c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = text[to..]
        .find(SENTENCE_ENDS)
        .map_or(text.len(), |i| to + i);
    (start, end)
}

/// Whether `part`'s percentage is its count over `total`, rounded down or up at the
/// places it is printed with.
fn share_fits(part: &Part, total: Num) -> bool {
    Quotient::new(part.count.value, total, part.places)
        .is_some_and(|q| q.admits(part.percent.value))
}

/// A part named by its own words: where its match starts, its count, its words, and
/// whether it goes on to give its share (a `(?P<share>…)` capture: 当面申请5件，占20%).
type ListedPart = (usize, Stated, String, bool);

/// Parts named by their own words (no share given), each the nearest earlier total's in
/// its sentence: together no more than it. The parts are found first (their words are
/// rare, and a search for them skips to them), and totals only in sentences with two or
/// more: a total's pattern begins with digits, which no search can skip to.
fn check_listed_sums(
    cx: &Context,
    out: &mut Out,
    prose: &super::Prose,
    total: &crate::tiered::TieredRegex,
    part: &crate::tiered::TieredRegex,
    stated: &impl Fn(usize, crate::tiered::Match) -> Option<Stated>,
) {
    let text = prose.text();
    // Each sentence with its parts.
    let mut by_sentence: Vec<((usize, usize), Vec<ListedPart>)> = Vec::new();
    for c in part.captures_iter(text) {
        let (Some(m), Some(n)) = (c.get(0), c.name("n")) else {
            continue;
        };
        let Some(count) = stated(0, n) else {
            continue;
        };
        let bounds = sentence_around(text, m.start(), m.end());
        // Labelled with its words: which channel it is (当面申请5件).
        let listed = (
            m.start(),
            count,
            m.as_str().to_string(),
            c.name("share").is_some(),
        );
        match by_sentence.last_mut() {
            Some((b, parts)) if *b == bounds => parts.push(listed),
            _ => by_sentence.push((bounds, vec![listed])),
        }
    }
    for ((start, end), parts) in by_sentence {
        if parts.len() < 2 {
            continue;
        }
        let totals: Vec<Total> = total
            .captures_iter(&text[start..end])
            .filter_map(|c| {
                Some(Total {
                    stated: stated(start, c.name("n")?)?,
                    end: c.get(0)?.end(),
                })
            })
            .collect();
        let mut owned: Vec<Vec<(Stated, String)>> = totals.iter().map(|_| Vec::new()).collect();
        let mut all_give_shares: Vec<bool> = totals.iter().map(|_| true).collect();
        for (at, count, words, gives_share) in parts {
            // A part before every total is none's.
            if let Some(owner) = totals.iter().rposition(|t| t.end <= at - start) {
                owned[owner].push((count, words));
                all_give_shares[owner] &= gives_share;
            }
        }
        for ((total, parts), shares) in totals.iter().zip(&owned).zip(all_give_shares) {
            // Parts that each give their share are a list of shares, which the rules of
            // shares check (one finding for one slip, not two).
            if !shares {
                check_sum(cx, out, &total.stated, parts, prose.span(start, end));
            }
        }
    }
}

/// Parts (each with its label) that add up to more than their total.
fn check_sum(
    cx: &Context,
    out: &mut Out,
    total: &Stated,
    parts: &[(Stated, String)],
    sentence: Span,
) {
    // One share is a figure, not a list.
    if parts.len() < 2 {
        return;
    }
    let Some(sum) = parts
        .iter()
        .try_fold(Num::ZERO, |sum, (p, _)| sum.checked_add(p.value))
    else {
        return;
    };
    if sum <= total.value {
        return;
    }
    let terms: Vec<String> = parts.iter().map(|(p, _)| p.value.to_string()).collect();
    let mut labels = vec![Label::primary(total.span, format!("总数 {}", total.value))];
    labels.extend(
        parts
            .iter()
            .map(|(p, label)| Label::secondary(p.span, label.clone())),
    );
    let notes = vec![format!(
        "其中各项：{} = {sum}，比总数 {} 多 {}",
        terms.join(" + "),
        total.value,
        sum.checked_sub(total.value).unwrap_or(Num::ZERO)
    )];
    out.emit(
        &[
            ("total", total.value.to_string()),
            ("sum", sum.to_string()),
            ("parts", terms.join(" + ")),
            ("sentence", original(cx, sentence)),
        ],
        labels,
        notes,
        None,
    );
}

/// A percentage that is not its part over the total (stated in the text at `total_at`, or
/// worked out from the other parts' shares: `None`), rounded either way.
fn report_percent(out: &mut Out, total: Num, total_at: Option<Span>, p: &Part) {
    let Some(quotient) = Quotient::new(p.count.value, total, p.places) else {
        return;
    };
    let computed = quotient.shown();
    let mut labels = vec![
        Label::primary(p.percent.span, format!("写作 {}%", p.percent.value)),
        Label::secondary(p.count.span, format!("该项 {}", p.count.value)),
    ];
    if let Some(at) = total_at {
        labels.push(Label::secondary(at, format!("总数 {total}")));
    }
    let mut notes = vec![format!(
        "{} ÷ {} = {computed}%（取舍后应为 {}）",
        p.count.value,
        total,
        quotient.rounded()
    )];
    if total_at.is_none() {
        notes.push(format!(
            "这句话没有写明总数：同句其他各项的占比都是以 {} 为总数算出的",
            total
        ));
    }
    out.emit(
        &[
            ("percent", p.percent.value.to_string()),
            ("computed", computed),
            ("part", p.count.value.to_string()),
            ("total", total.to_string()),
        ],
        labels,
        notes,
        None,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(shares: &[(i64, &str)]) -> Vec<Part> {
        shares
            .iter()
            .map(|&(count, percent)| {
                let count = Stated {
                    value: Num::from_int(count),
                    span: Span::new(0, 0),
                };
                Part::new(count, percent, Span::new(0, 0)).expect("a percentage")
            })
            .collect()
    }

    #[test]
    fn the_base_most_shares_are_of_is_found() {
        // 1453 applications: 966 (66.48 %), 67 (4.61 %), 81 (5.57 %), 182 printed 13.53 %.
        let (base, fitting) = common_base(&parts(&[
            (966, "66.48"),
            (67, "4.61"),
            (81, "5.57"),
            (182, "13.53"),
        ]))
        .expect("a base");
        assert_eq!((base, fitting), (Num::from_int(1453), 3));
        // Shares of two totals: no base fits more than two of them.
        let (_, fitting) =
            common_base(&parts(&[(200, "40"), (300, "60"), (50, "25"), (150, "75")]))
                .expect("a base");
        assert_eq!(fitting, 2);
        // A base is never below a part's count.
        assert!(common_base(&parts(&[(0, "0")])).is_none_or(|(b, _)| b > Num::ZERO));
    }
}
