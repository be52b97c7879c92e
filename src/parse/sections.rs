//! Finding the six numbered section headings: on their own line, as Markdown or bold, or
//! in the middle of a line when a whole report was pasted as one paragraph. A heading needs
//! its numeral *and* its title; unnumbered titles (a preface listing the six parts) and
//! quoted titles (统计表“三、收到和处理…”) are references, not headings.

use std::sync::LazyLock;

use super::fold::{is_space, Folded, Markup};
use crate::document::{Section, SectionKey, Span};
use crate::source::LineIndex;
use crate::tiered::{Match, TieredRegex};

/// A heading found in the text.
#[derive(Debug, Clone)]
pub struct Heading {
    pub key: SectionKey,
    pub span: Span,
    pub line: usize,
    pub title: String,
    /// Found by [`loosely_titled`]: worded in none of the accepted ways.
    pub worded_otherwise: bool,
}

/// The six titles, each under its own numeral: 一、总体情况 … 六、其他需要报告的事项.
/// Some reports name them as parts: 第一部分 总体情况.
static TITLE_PATTERNS: LazyLock<TitlePatterns> =
    LazyLock::new(|| TitlePatterns::new("", own_numeral, true));

fn own_numeral(key: SectionKey) -> String {
    format!("(?:第{0}部分|{0})[、.,:]?", key.numeral())
}

/// Any section's numeral, for [`RENUMBERED_PATTERNS`].
const ANY_NUMERAL: &str = "(?:第[一二三四五六1-6]部分|[一二三四五六1-6])[、.,:]?";

/// The title patterns' sources, as the parser's kept NFAs are made from them
/// ([`super::builtin_pattern_sources`]).
pub(super) fn sources() -> [String; 3] {
    [
        TitlePatterns::source("", own_numeral),
        TitlePatterns::source(ANY_NUMERAL, |_| String::new()),
        TitlePatterns::source("", |_| String::new()),
    ]
}

/// The same titles under any numeral, for headings at the start of a line. A Word
/// document numbers its headings automatically, so when one section is left out the
/// next ones are renumbered (三、政府信息公开行政复议…): the title says which section it is.
/// Arabic numbers (1.总体情况) come from pages whose headings are an HTML `<ol>`.
static RENUMBERED_PATTERNS: LazyLock<TitlePatterns> =
    LazyLock::new(|| TitlePatterns::new(ANY_NUMERAL, |_| String::new(), false));

/// The six section titles as one anchored alternation with a group per section, in
/// [`SectionKey::ALL`] order. One regex instead of six: building a regex costs far more
/// than matching it here (each of the six took ~70 µs, a large share of a one-report
/// run), and an alternation prefers its first branch, so the earlier section still wins
/// as it did when the titles were tried one by one.
///
/// `numbered`: each branch starts with its own section's numeral (一、, 第一部分), so the
/// numeral a match starts with says which branch it is, and no capture groups need be
/// read: a search for groups takes a slower engine than the lazy DFA (~5 K instructions
/// a heading, and a report has six).
struct TitlePatterns {
    regex: TieredRegex,
    numbered: bool,
}

impl TitlePatterns {
    fn new(common_prefix: &str, prefix: impl Fn(SectionKey) -> String, numbered: bool) -> Self {
        let pattern = Self::source(common_prefix, prefix);
        Self {
            regex: TieredRegex::new(&pattern).expect("built-in title pattern"),
            numbered,
        }
    }

    fn source(common_prefix: &str, prefix: impl Fn(SectionKey) -> String) -> String {
        let branches: Vec<String> = SectionKey::ALL
            .into_iter()
            .map(|key| format!("({}(?:{}))", prefix(key), key.title_pattern()))
            .collect();
        format!("^{common_prefix}(?:{})", branches.join("|"))
    }

    /// The section whose title starts `text`, and the heading's extent.
    fn find<'t>(&self, text: &'t str) -> Option<(SectionKey, Match<'t>)> {
        if self.numbered {
            let m = self.regex.find(text)?;
            let numeral = text.strip_prefix('第').unwrap_or(text).chars().next()?;
            let key = SectionKey::ALL
                .into_iter()
                .find(|key| key.numeral() == numeral)?;
            return Some((key, m));
        }
        let captures = self.regex.captures(text)?;
        let key = SectionKey::ALL
            .into_iter()
            .zip(1..)
            .find_map(|(key, group)| captures.get(group).map(|_| key))?;
        Some((key, captures.get(0)?))
    }
}

/// The titles alone, for a heading whose numeral the text lost (see [`unnumbered`]).
static BARE_TITLES: LazyLock<TitlePatterns> =
    LazyLock::new(|| TitlePatterns::new("", |_| String::new(), false));

pub(super) fn warm_up() {
    LazyLock::force(&TITLE_PATTERNS);
    LazyLock::force(&RENUMBERED_PATTERNS);
}

/// How far past a numeral a title can reach (the longest alias is ~30 characters).
const TITLE_WINDOW_CHARS: usize = 48;

fn is_numeral(c: char) -> bool {
    matches!(c, '一' | '二' | '三' | '四' | '五' | '六')
}

/// Whether `text` opens with a part number, 第一部分 (or 第1部分 at a line's start).
fn opens_part(text: &str, arabic: bool) -> bool {
    let mut chars = text.chars();
    chars.next() == Some('第')
        && chars
            .next()
            .is_some_and(|c| is_numeral(c) || (arabic && matches!(c, '1'..='6' | '１'..='６')))
        && chars.as_str().starts_with("部分")
}

/// Whether a line holds a section's numeral and nothing else (一、, 一, 3., 第二部分). An
/// Arabic numeral needs its stop: a lone 1 is a table's number.
fn is_bare_numeral(line: &str) -> bool {
    // Most lines are longer than a numeral with its markup: the length first.
    if line.len() > 24 {
        return false;
    }
    let line = line.trim_matches(|c| is_space(c) || matches!(c, '#' | '*'));
    let numeral = line.trim_end_matches(['、', '.', '．', ',', '，', ':', '：']);
    let stopped = numeral.len() < line.len();
    let mut chars = numeral.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => is_numeral(c) || (stopped && matches!(c, '1'..='6' | '１'..='６')),
        (Some('第'), Some(_)) => opens_part(numeral, true) && numeral.chars().count() == 4,
        _ => false,
    }
}

/// Characters after which a heading may start in the middle of a line.
fn opens_heading(c: char) -> bool {
    is_space(c)
        || matches!(
            c,
            '。' | '；' | ';' | '！' | '!' | '？' | '?' | '*' | '>' | '|'
        )
}

/// Characters that may follow a mid-line heading's title.
fn closes_heading(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => is_space(c) || matches!(c, '*' | ':' | '：' | '。' | '\r' | '\n' | '|' | '#'),
    }
}

/// All heading candidates of one line, in order.
fn line_candidates(text: &str, line_start: usize, line: usize) -> Vec<Heading> {
    let mut found = Vec::new();
    let lead = text
        .char_indices()
        .find(|&(_, c)| !(is_space(c) || matches!(c, '#' | '*' | '>' | '-' | '\u{FEFF}')))
        .map(|(i, _)| i);
    let mut previous: Option<char> = None;
    for (i, c) in text.char_indices() {
        let before = previous;
        previous = Some(c);
        let at_line_start = Some(i) == lead;
        let arabic = at_line_start && matches!(c, '1'..='6' | '１'..='６');
        let part = c == '第' && opens_part(&text[i..], at_line_start);
        if !(is_numeral(c) || arabic || part) {
            continue;
        }
        if !at_line_start && !before.is_some_and(opens_heading) {
            continue;
        }
        let window_end = text[i..]
            .char_indices()
            .nth(TITLE_WINDOW_CHARS)
            .map_or(text.len(), |(j, _)| i + j);
        let folded = Folded::new(&text[i..window_end], line_start + i, Markup::Strip, false);
        let matched = TITLE_PATTERNS.find(&folded.text).or_else(|| {
            at_line_start
                .then(|| RENUMBERED_PATTERNS.find(&folded.text))
                .flatten()
        });
        let Some((key, m)) = matched else {
            continue;
        };
        let span = folded.span(0, m.end());
        let after = text[span.end - line_start..].chars().next();
        if !at_line_start && !closes_heading(after) {
            continue;
        }
        found.push(Heading {
            key,
            span,
            line,
            title: folded.text[..m.end()].to_string(),
            worded_otherwise: false,
        });
    }
    found
}

/// Finds the headings: for each section, its first numbered occurrence.
/// `rows[i]` says whether line `i` is a table row ([`super::is_table_row`]): those hold
/// no headings (table 三's row labels 一、本年新收… look like one).
pub fn find_headings(text: &str, lines: &LineIndex, rows: &[bool]) -> Vec<Heading> {
    let mut chosen: Vec<Heading> = Vec::new();
    // Where the line before starts, when it holds a heading's numeral alone.
    let mut numeral_before: Option<usize> = None;
    for index in 0..lines.len() {
        if rows.get(index).copied().unwrap_or(false) {
            numeral_before = None;
            continue;
        }
        let range = lines.content_range(text, index);
        let line = &text[range.clone()];
        if line.trim_matches(is_space).is_empty() {
            continue;
        }
        // A numbered heading's numeral and title may stand on lines of their own (text
        // taken from a PDF of a Word document, whose heading numbers are a list's labels):
        // the two lines are read as one.
        let mut candidates = Vec::new();
        if let Some(start) = numeral_before.take() {
            candidates = line_candidates(&text[start..range.end], start, index);
        }
        if candidates.is_empty() {
            candidates = line_candidates(line, range.start, index);
        }
        if is_bare_numeral(line) {
            numeral_before = Some(range.start);
        }
        // A table of contents' entry (`一、总体情况……………1`) is no heading: the section
        // starts at its heading further on.
        candidates.retain(|h| !is_contents_entry(&text[h.span.end.min(range.end)..range.end]));
        for heading in candidates {
            if !chosen.iter().any(|h| h.key == heading.key) {
                chosen.push(heading);
            }
        }
        if chosen.len() == SectionKey::ALL.len() {
            break;
        }
    }
    if chosen.len() < SectionKey::ALL.len() {
        unnumbered(text, lines, rows, &mut chosen);
    }
    if chosen.len() < SectionKey::ALL.len() {
        loosely_titled(text, lines, rows, &mut chosen);
    }
    chosen
}

/// Words one of which a section's title holds however it is worded (五、主要问题及改进措施,
/// 二、政府信息主动公开情况), for a heading under the section's own numeral.
fn loose_words(key: SectionKey) -> &'static [&'static str] {
    match key {
        SectionKey::Overview => &["总体", "概述", "概况", "基本情况"],
        SectionKey::Proactive => &["主动公开"],
        SectionKey::Applications => &["依申请", "公开申请"],
        SectionKey::Litigation => &["复议", "诉讼"],
        SectionKey::Problems => &["问题", "不足"],
        SectionKey::Other => &["其他", "需要报告", "需报告"],
    }
}

/// The longest loosely worded title, in characters.
const LOOSE_TITLE_CHARS: usize = 30;

/// Headings worded in none of the accepted ways, for the sections still not found: a line
/// that is the section's own Chinese numeral (五、) and a short title holding one of its
/// [`loose_words`], between the headings found for the sections around it. Such a report
/// has the section (saying it is missing would be false); only the wording is its own.
/// Then, for a section still not found whose neighbours on both sides were (四 and 六
/// around 五), such a line with a title in none of its words (五、下一步工作打算): the
/// numbering between them places it.
fn loosely_titled(text: &str, lines: &LineIndex, rows: &[bool], chosen: &mut Vec<Heading>) {
    for by_words in [true, false] {
        for (at, &key) in SectionKey::ALL.iter().enumerate() {
            if chosen.iter().any(|h| h.key == key) {
                continue;
            }
            let found =
                |k: Option<&SectionKey>| k.is_some_and(|k| chosen.iter().any(|h| h.key == *k));
            // By its numeral alone only between both neighbours' headings.
            let pinned = found(at.checked_sub(1).and_then(|i| SectionKey::ALL.get(i)))
                && found(SectionKey::ALL.get(at + 1));
            if !(by_words || pinned) {
                continue;
            }
            let after = chosen.iter().filter(|h| h.key < key).map(|h| h.line).max();
            let before = chosen.iter().filter(|h| h.key > key).map(|h| h.line).min();
            let from = after.map_or(0, |line| line + 1);
            let to = before.unwrap_or(lines.len()).min(lines.len());
            let found = (from..to)
                .filter(|&index| !rows.get(index).copied().unwrap_or(false))
                .find_map(|index| {
                    let range = lines.content_range(text, index);
                    loose_title(&text[range.clone()], range.start, index, key, by_words)
                });
            if let Some(heading) = found {
                chosen.push(heading);
            }
        }
    }
}

/// The heading `line` is when it is `key`'s numeral and a short title, with one of its
/// [`loose_words`] when `by_words` (see [`loosely_titled`]).
fn loose_title(
    line: &str,
    line_start: usize,
    index: usize,
    key: SectionKey,
    by_words: bool,
) -> Option<Heading> {
    if line.len() > TITLE_WINDOW_CHARS * 3 {
        return None;
    }
    let folded = Folded::new(line, line_start, Markup::Strip, false);
    let title = folded.text.trim_start_matches(|c| is_space(c) || c == '>');
    let skipped = folded.text.len() - title.len();
    if !title.starts_with(is_numeral) {
        return None;
    }
    let (numeral, len) = numeral_of(title)?;
    let mark = title[len..]
        .chars()
        .next()
        .filter(|c| matches!(c, '、' | '.' | ','))?;
    let words_at = len + mark.len_utf8();
    let words = title[words_at..].trim_end_matches(|c| is_space(c) || matches!(c, ':' | '*' | '#'));
    let end = words_at + words.len();
    let heading = numeral == key
        && !words.is_empty()
        && words.chars().count() <= LOOSE_TITLE_CHARS
        && !words.contains(['。', ',', ';', '；', '，'])
        // A table of contents' entry ends in its page number.
        && !words.ends_with(|c: char| c.is_ascii_digit())
        && (!by_words || loose_words(key).iter().any(|word| words.contains(word)));
    heading.then(|| Heading {
        key,
        span: folded.span(skipped, skipped + end),
        line: index,
        title: title[..end].to_string(),
        worded_otherwise: true,
    })
}

/// Whether what follows a title on its line is a table of contents' leader and page
/// number (`……3`, ` ........ 3`, `···3`, or spaces and the number, as a PDF's text has
/// it): the line is an entry, not the heading. A number right after the title, with no
/// leader, is not one (a footnote's mark).
fn is_contents_entry(rest: &str) -> bool {
    let rest = rest.trim_end_matches(|c: char| is_space(c) || c == '\r');
    let leader = rest.trim_end_matches(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c));
    leader.len() < rest.len()
        && !leader.is_empty()
        && leader.chars().all(|c| {
            is_space(c) || matches!(c, '…' | '⋯' | '.' | '．' | '·' | '・' | '-' | '—' | '_')
        })
}

/// Headings whose numerals the text lost, for the sections no numbered heading was found
/// for: a title alone on its line (总体情况), as text taken from a page whose headings
/// are numbered by an `<ol>` or from a Word document whose headings are numbered lists
/// (python-docx's `paragraph.text`) has them. Titles listed one after another are a
/// table of contents, not headings.
fn unnumbered(text: &str, lines: &LineIndex, rows: &[bool], chosen: &mut Vec<Heading>) {
    // Each line with words (a table row is no title, but stands between titles).
    let titles: Vec<(usize, Option<Heading>)> = (0..lines.len())
        .filter_map(|index| {
            let range = lines.content_range(text, index);
            let line = &text[range.clone()];
            if line.trim_matches(is_space).is_empty() {
                return None;
            }
            let row = rows.get(index).copied().unwrap_or(false);
            let title = match row {
                true => None,
                false => bare_title(line, range.start, index),
            };
            Some((index, title))
        })
        .collect();
    let key_at = |at: Option<usize>| {
        at.and_then(|at| titles.get(at))
            .and_then(|(_, title)| title.as_ref())
            .map(|title| title.key)
    };
    for (at, (_, title)) in titles.iter().enumerate() {
        let Some(heading) = title else { continue };
        // In a table of contents the titles follow each other in order, and each comes
        // again below it (the first heading after it goes back to an earlier section).
        // Titles in order that do not come again are headings of empty sections (a
        // converter that dropped the tables).
        let listed = key_at(at.checked_sub(1)).is_some_and(|key| key < heading.key)
            || key_at(Some(at + 1)).is_some_and(|key| key > heading.key);
        let again = || {
            titles[at + 1..]
                .iter()
                .any(|(_, title)| title.as_ref().is_some_and(|t| t.key == heading.key))
        };
        if listed && again() {
            continue;
        }
        if !chosen.iter().any(|h| h.key == heading.key) {
            chosen.push(heading.clone());
        }
    }
}

/// The heading a line is when it holds a section's title and nothing else.
fn bare_title(line: &str, line_start: usize, index: usize) -> Option<Heading> {
    // The longest title is ~30 characters; most lines are longer (prose).
    if line.len() > TITLE_WINDOW_CHARS * 3 {
        return None;
    }
    let folded = Folded::new(line, line_start, Markup::Strip, false);
    let title = folded.text.trim_start_matches(|c| is_space(c) || c == '>');
    let skipped = folded.text.len() - title.len();
    // A report that numbers its six parts as others number sub-items, (二)主动公开…, or
    // puts them in brackets, [二、主动公开…]: under its own numeral only, since section
    // 一's sub-items are often named after the sections ((一)主动公开政府信息情况).
    let (title, closing) = match title.strip_prefix('[') {
        Some(inner) => (inner, Some(']')),
        None => (title, None),
    };
    let numeral = match title.strip_prefix('(') {
        Some(inner) => numeral_of(inner)
            .filter(|&(_, len)| inner[len..].starts_with(')'))
            .map(|(n, len)| (n, len + 2)),
        None if closing.is_some() => numeral_of(title).map(|(n, len)| {
            let mark = title[len..]
                .chars()
                .next()
                .filter(|c| matches!(c, '、' | '.' | ',' | ':'));
            (n, len + mark.map_or(0, char::len_utf8))
        }),
        None => None,
    };
    let skip = numeral.map_or(0, |(_, len)| len);
    let (key, m) = BARE_TITLES.find(&title[skip..])?;
    if numeral.is_some_and(|(n, _)| n != key) || (closing.is_some() && numeral.is_none()) {
        return None;
    }
    let end = skip + m.end();
    let rest = title[end..]
        .trim_matches(|c| is_space(c) || matches!(c, ':' | '*' | '#') || Some(c) == closing);
    let opened = usize::from(closing.is_some());
    rest.is_empty().then(|| Heading {
        key,
        span: folded.span(skipped + opened, skipped + opened + end),
        line: index,
        title: title[..end].to_string(),
        worded_otherwise: false,
    })
}

/// The section whose numeral `text` opens with (一 or 1), and the numeral's length.
fn numeral_of(text: &str) -> Option<(SectionKey, usize)> {
    let c = text.chars().next()?;
    let key = match c.to_digit(10) {
        Some(d) => *SectionKey::ALL.get((d as usize).checked_sub(1)?)?,
        None => *SectionKey::ALL.iter().find(|k| k.numeral() == c)?,
    };
    Some((key, c.len_utf8()))
}

/// Turns headings into sections whose bodies run to the next heading.
pub fn sections_from(headings: &[Heading], text_len: usize) -> Vec<Section> {
    let mut by_position: Vec<&Heading> = headings.iter().collect();
    by_position.sort_by_key(|h| h.span.start);
    let mut sections: Vec<Section> = by_position
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let end = by_position
                .get(i + 1)
                .map_or(text_len, |next| next.span.start);
            Section {
                key: h.key,
                title: h.title.clone(),
                worded_otherwise: h.worded_otherwise,
                heading: h.span,
                body: Span::new(h.span.end, end),
            }
        })
        .collect();
    sections.sort_by_key(|s| s.key);
    sections
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<(SectionKey, String)> {
        let lines = LineIndex::new(text);
        find_headings(text, &lines, &super::super::row_lines(text, &lines))
            .into_iter()
            .map(|h| (h.key, text[h.span.start..h.span.end].to_string()))
            .collect()
    }

    /// The headings' text as written, in order.
    fn titles(text: &str) -> Vec<String> {
        keys(text).into_iter().map(|(_, title)| title).collect()
    }

    #[test]
    fn heading_shapes() {
        let text = "## 一、总体情况\n**二．主动公开政府信息情况**\n三，收到和处理政府信息公开申请情况：\n四、因政府信息公开工作被申请行政复议、提起行政诉讼情况\n五、存在的主要问题 及改进情况\n（一）六、其他需要报告的事项\n";
        let found = keys(text);
        assert_eq!(found.len(), 5, "{found:?}");
        assert_eq!(found[0].1, "一、总体情况");
        assert_eq!(found[1].1, "二．主动公开政府信息情况");
        assert_eq!(found[4].1, "五、存在的主要问题 及改进情况");
        // 需 for 需要, as some reports word 六.
        assert_eq!(
            titles("六、其他需报告事项\n无。\n"),
            vec!["六、其他需报告事项"]
        );
    }

    /// A table of contents with leaders and page numbers, as Word prints one and a PDF's
    /// text keeps it: its entries are not the headings, which follow.
    #[test]
    fn a_table_of_contents_is_not_the_headings() {
        let text = "目录\n一、总体情况……………………1\n二、主动公开政府信息情况 .......... 2\n第三部分 收到和处理政府信息公开申请情况···3\n四、政府信息公开行政复议、行政诉讼情况      ４\n\n一、总体情况\n全年…\n二、主动公开政府信息情况\n第三部分 收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n";
        let lines: Vec<usize> = {
            let index = LineIndex::new(text);
            find_headings(text, &index, &super::super::row_lines(text, &index))
                .iter()
                .map(|h| h.line)
                .collect()
        };
        assert_eq!(lines, vec![6, 8, 9, 10]);
        // A mark right after a title (a footnote's) leaves it a heading.
        assert_eq!(titles("一、总体情况1\n全年…\n"), vec!["一、总体情况"]);
    }

    /// Headings worded in none of the accepted ways, under their own numerals, are the
    /// sections; a line with the words elsewhere (before the section before it, in a
    /// sentence, under another numeral, a table's row) is not.
    #[test]
    fn loosely_worded_headings() {
        let text = "一、总体情况\n二、主动公开方面，全年公开信息20条。\n二、政府信息主动公开情况\n表二\n三、收到和处理政府信息公开申请情况\n四、复议诉讼\n五、存在的主要问题及改进情况\n六、其他事项\n无。\n";
        assert_eq!(
            keys(text)
                .into_iter()
                .map(|(key, title)| (key.numeral(), title))
                .collect::<Vec<_>>(),
            vec![
                ('一', "一、总体情况".to_string()),
                ('三', "三、收到和处理政府信息公开申请情况".to_string()),
                ('五', "五、存在的主要问题及改进情况".to_string()),
                ('二', "二、政府信息主动公开情况".to_string()),
                ('四', "四、复议诉讼".to_string()),
                ('六', "六、其他事项".to_string()),
            ]
        );
        // 二 after 三 is out of place; a table's row and a contents entry are no heading.
        let text = "一、总体情况\n三、收到和处理政府信息公开申请情况\n二、主动公开情况\n一、本年新收政府信息公开申请数量\t5\n五、主要问题……9\n";
        assert_eq!(keys(text).len(), 2, "{:?}", keys(text));
    }

    #[test]
    fn a_heading_in_none_of_its_words_is_placed_by_its_numeral_between_its_neighbours() {
        let first_four = "一、总体情况\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n表四\n";
        let text =
            format!("{first_four}五、下一步工作打算\n加强培训。\n六、其他需要报告的事项\n无。\n");
        let found = keys(&text);
        assert_eq!(found.len(), 6, "{found:?}");
        assert!(found.contains(&(SectionKey::Problems, "五、下一步工作打算".to_string())));
        // Without 六 after it nothing pins it; a sentence is no title; nor is 五 under 四's
        // numeral's place when 四 is not found.
        for text in [
            format!("{first_four}五、下一步工作打算\n加强培训。\n"),
            format!("{first_four}五、下一步，加强培训。\n六、其他需要报告的事项\n"),
            "一、总体情况\n三、收到和处理政府信息公开申请情况\n五、下一步工作打算\n六、其他需要报告的事项\n"
                .to_string(),
        ] {
            let found = keys(&text);
            assert!(
                !found.iter().any(|(key, _)| *key == SectionKey::Problems),
                "{found:?}"
            );
        }
    }

    #[test]
    fn headings_numbered_as_parts() {
        let text = "第一部分 总体情况\n第二部分：主动公开政府信息情况\n第4部分 政府信息公开行政复议、行政诉讼情况\n。第五部分 存在的主要问题及改进情况\n根据条例第五十条规定，第六部分其他需要报告的事项\n";
        let found = keys(text);
        assert_eq!(
            found.iter().map(|f| f.0).collect::<Vec<_>>(),
            [
                SectionKey::Overview,
                SectionKey::Proactive,
                SectionKey::Litigation,
                SectionKey::Problems
            ],
            "{found:?}"
        );
        assert_eq!(found[1].1, "第二部分：主动公开政府信息情况");
    }

    #[test]
    fn a_numeral_on_the_line_before_its_title() {
        let text = "一\n、总体情况\n全年…\n二．\n\n主动公开政府信息情况\n第三部分\n收到和处理政府信息公开申请情况\n4.\n政府信息公开行政复议、行政诉讼情况\n五、存在的\n主要问题及改进情况\n三、\n第二十条\n5\n存在的主要问题及改进情况\n";
        assert_eq!(
            titles(text),
            [
                "一\n、总体情况",
                "二．\n\n主动公开政府信息情况",
                "第三部分\n收到和处理政府信息公开申请情况",
                "4.\n政府信息公开行政复议、行政诉讼情况",
                // Not `5` (a lone 1 is a table's number), but its title alone.
                "存在的主要问题及改进情况"
            ]
        );
    }

    #[test]
    fn titles_without_their_numerals() {
        // The first three are a table of contents; 二 has its numbered heading.
        let text = "目录\n总体情况\n主动公开政府信息情况\n收到和处理政府信息公开申请情况\n\n## 总体情况\n全年…\n二、主动公开政府信息情况\n…\n**收到和处理政府信息公开申请情况**\n统计表“收到和处理政府信息公开申请情况”中…\n政府信息公开行政复议、行政诉讼情况\n存在的主要问题及改进情况\n申请人情况\t自然人\n其他需要报告的事项：\n";
        assert_eq!(
            titles(text),
            [
                "二、主动公开政府信息情况",
                "总体情况",
                "收到和处理政府信息公开申请情况",
                // Empty, but not listed again below: a heading.
                "政府信息公开行政复议、行政诉讼情况",
                "存在的主要问题及改进情况",
                "其他需要报告的事项"
            ]
        );
    }

    #[test]
    fn titles_under_bracketed_numerals() {
        let text = "（一）总体情况\n全年…\n(二)主动公开政府信息情况\n【三、收到和处理政府信息公开申请情况】\n（1）予以公开\n（三）政府信息公开行政复议、行政诉讼情况\n（五）存在的主要问题及改进情况（续）\n";
        assert_eq!(
            titles(text),
            [
                "（一）总体情况",
                "(二)主动公开政府信息情况",
                "三、收到和处理政府信息公开申请情况",
            ],
            "a title with words after it, or under another section's numeral, is not one"
        );
    }

    #[test]
    fn mid_line_headings_and_references() {
        let text = "全文包括总体情况、主动公开政府信息情况等六部分。 一、总体情况 2023年…运用。 二、主动公开政府信息情况\n统计表“三、收到和处理政府信息公开申请情况”中的…";
        let found = keys(text);
        assert_eq!(
            found.iter().map(|f| f.0).collect::<Vec<_>>(),
            [SectionKey::Overview, SectionKey::Proactive]
        );
    }

    #[test]
    fn sub_headings_and_table_rows_are_not_sections() {
        let text = "(一)主动公开政府信息情况\n三、本年度办理结果\t(一) 予以公开\t0\n";
        assert!(keys(text).is_empty());
    }
}
