//! When and by whom: the date a report gives for itself (a web page's 发布日期, or the date
//! under the agency's name at its end) and the kind of body that wrote it, the two facts
//! 《条例》第四十九条's deadlines depend on (format.md §1).

use std::ops::Range;

use crate::document::{AgencyKind, Date, DateKind, Dated, Span};

// Dates are read by hand rather than with regexes: building the two patterns cost ~2.3 M
// instructions (half a millisecond) in every run, a tenth of checking one report.

/// The labels a page or a document gives its own date with (`发布日期：2024-01-26`,
/// `发布时间：2024年01月26日 10:30`, `成文日期：2024-01-20`; a 政府信息公开 catalogue's box
/// above the article: `发文日期：`, `生成日期：`, the day its entry was made, before it was
/// published): what comes before 日期 or 时间, and what the date is.
const LABELS: &[(&str, DateKind)] = &[
    ("发布", DateKind::Published),
    ("公开", DateKind::Published),
    ("成文", DateKind::Signed),
    ("印发", DateKind::Signed),
    ("发文", DateKind::Signed),
    ("生成", DateKind::Signed),
];

/// How many non-blank lines at the end of a report can hold its signature's date.
const SIGNATURE_LINES: usize = 12;

/// How many non-blank lines at the start can hold a date under the title.
const TITLE_LINES: usize = 6;

/// The longest line (in characters) taken as a signature: the agency's name and a date.
const SIGNATURE_CHARS: usize = 40;

/// The date the report gives for itself, when one falls after the report's `year` (an
/// earlier date is some other date: the statistics period, last year's events). A
/// labelled date of publication is preferred to a signature's date, which comes before
/// publication. A label counts before the first section heading (at `first_heading`) or
/// in the last lines, where a page has its own: in the sections, `发布时间：…` is some
/// other document's.
pub fn read_date(
    text: &str,
    lines: &crate::source::LineIndex,
    year: i32,
    first_heading: Option<usize>,
) -> Option<Dated> {
    let after_year = |date: &Date| date.year > year;
    let non_blank = |range: &std::ops::Range<usize>| !text[range.clone()].trim().is_empty();
    // The last lines: where a page's own label may stand, and the signature.
    let last: Vec<std::ops::Range<usize>> = (0..lines.len())
        .rev()
        .map(|index| lines.content_range(text, index))
        .filter(non_blank)
        .take(SIGNATURE_LINES)
        .collect();
    let tail_start = last.last().map_or(0, |range| range.start);
    let page_own = |at: usize| first_heading.is_none_or(|h| at < h) || at >= tail_start;
    // 日期 and 时间 are rare in a report's prose: found with memchr's SIMD search, then
    // the label's first two characters before them.
    let mut labelled: Vec<Dated> = ["日期", "时间"]
        .into_iter()
        .flat_map(|word| {
            memchr::memmem::find_iter(text.as_bytes(), word).map(move |at| (at, at + word.len()))
        })
        .filter_map(|(word_at, word_end)| {
            let labelled = LABELS.iter().find_map(|&(label, kind)| {
                let at = word_at.checked_sub(label.len())?;
                (text.get(at..word_at) == Some(label)).then_some((kind, at))
            });
            let rest = skip_spaces(&text[word_end..]);
            let colon = rest.strip_prefix(['：', ':']);
            // 日期 or 时间 alone, a field of its own with its colon (`来源：…　时间：2024-01-20`,
            // a line's start or after a space), is a page's date of publication.
            let (kind, at) = labelled.or_else(|| {
                let before = text[..word_at].chars().next_back();
                let own_field =
                    before.is_none_or(|c| c.is_whitespace() || c == '\u{3000}' || c == '|');
                (own_field && colon.is_some()).then_some((DateKind::Published, word_at))
            })?;
            let rest = colon.unwrap_or(rest);
            let date_at = text.len() - skip_spaces(rest).len();
            let (date, len) = date_at_start(&text[date_at..])?;
            Some(Dated {
                date,
                kind,
                span: Span::new(at, date_at + len),
            })
        })
        .filter(|d| after_year(&d.date) && page_own(d.span.start))
        .collect();
    // The first in the text, published before signed.
    labelled.sort_by_key(|d| (d.kind != DateKind::Published, d.span.start));
    if let Some(first) = labelled.first() {
        return Some(*first);
    }
    // Some reports date themselves under the title instead.
    let first = (0..lines.len())
        .map(|index| lines.content_range(text, index))
        .filter(non_blank)
        .take(TITLE_LINES);
    last.into_iter().chain(first).find_map(|range| {
        let line = &text[range.clone()];
        // (`nth`: a report on one line is not counted through.)
        if line.trim().chars().nth(SIGNATURE_CHARS).is_some() || line.contains(['。', '，']) {
            return None;
        }
        let (date, at, len) = date_ending(line).or_else(|| {
            let at = line.len() - line.trim_start_matches(is_space).len();
            let (date, len) = numeric_signature_date(text, lines, range.clone())?;
            Some((date, at, len))
        })?;
        after_year(&date).then_some(Dated {
            date,
            kind: DateKind::Signed,
            span: Span::new(range.start + at, range.start + at + len),
        })
    })
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\u{3000}'
}

fn skip_spaces(text: &str) -> &str {
    text.trim_start_matches(is_space)
}

/// A date that ends `line` (the signature: `青山市司法局 2024年1月20日`, or the date alone,
/// perhaps in brackets), in Arabic or Chinese numerals (`二〇二四年一月二十日`), written
/// with 年月日: the date, where it starts and its length in bytes.
fn date_ending(line: &str) -> Option<(Date, usize, usize)> {
    let end = line
        .trim_end_matches(is_space)
        .trim_end_matches(['）', ')'])
        .trim_end_matches(is_space);
    if !end.ends_with('日') {
        return None;
    }
    // The date starts at its year, after the line's start, a space or a bracket.
    end.char_indices()
        .filter(|&(at, _)| {
            end[..at]
                .chars()
                .next_back()
                .is_none_or(|c| is_space(c) || c == '（' || c == '(')
        })
        .find_map(|(at, _)| {
            let (date, len) =
                date_at_start(&end[at..]).filter(|&(_, len)| at + len == end.len())?;
            end[at..].contains('年').then_some((date, at, len))
        })
}

/// A date in figures alone on its line (`2024-01-20`, `2024.1.20`) under a body's name:
/// a signature written without 年月日. Only under a name: alone, such a line at a page's
/// end is as likely a related article's date.
fn numeric_signature_date(
    text: &str,
    lines: &crate::source::LineIndex,
    range: Range<usize>,
) -> Option<(Date, usize)> {
    let line = text[range.clone()].trim_matches(is_space);
    let (date, len) = date_at_start(line).filter(|&(_, len)| len == line.len())?;
    let name = name_line_before(text, lines, lines.line_of(range.start))?;
    names_a_body(text[name].trim()).then_some((date, len))
}

/// The date `text` starts with: `2024-01-26`, `2024/1/26`, `2024.1.26`, `2024年1月26日`,
/// `二〇二四年一月二十六日`, spaces allowed between the parts (full-width digits too); with
/// its length in bytes.
fn date_at_start(text: &str) -> Option<(Date, usize)> {
    let mut rest = text;
    let mut parts = [0u32; 3];
    for (i, part) in parts.iter_mut().enumerate() {
        let digits = rest
            .char_indices()
            .find(|&(_, c)| digit(c).is_none() && c != '十')
            .map_or(rest.len(), |(at, _)| at);
        let max_chars = if i == 0 { 4 } else { 3 };
        let count = rest[..digits].chars().count();
        if count == 0 || count > max_chars || (i == 0 && count != 4) {
            return None;
        }
        *part = number(&rest[..digits])?;
        let after_digits = &rest[digits..];
        let marks: &[char] = match i {
            0 => &['年', '-', '/', '.'],
            1 => &['月', '-', '/', '.'],
            _ => &['日'],
        };
        rest = match skip_spaces(after_digits).strip_prefix(marks) {
            Some(after) if i < 2 => skip_spaces(after),
            Some(after) => after,
            // The day needs no 日 after a number (`2024-01-26`).
            None if i == 2 => after_digits,
            None => return None,
        };
    }
    let date = Date::new(i32::try_from(parts[0]).ok()?, parts[1], parts[2])?;
    (date.year >= 2000).then_some((date, text.len() - rest.len()))
}

/// A year written digit by digit, in Arabic or Chinese numerals (`2023`, `二〇二三`).
pub fn year_number(text: &str) -> Option<i32> {
    text.chars().try_fold(0i32, |year, c| {
        let d = i32::try_from(digit(c)?).ok()?;
        year.checked_mul(10)?.checked_add(d)
    })
}

fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        '〇' | '零' | '○' => Some(0),
        _ => "一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|i| i as u32 + 1),
    }
}

/// Where the signature at the end of the text starts, when `dated` is its date: the date's
/// line with no sentence after it, and the agency's name on the line before (a short
/// line, no sentence). The last section ends there: `六、…\n无。\n\n青山市司法局\n
/// 2024年1月20日` is a section that says only 无. What follows a signature without a
/// sentence is a page's furniture (`主办：…　备案号：…`, `【打印】【关闭】`), not the section's.
pub fn signature_start(
    text: &str,
    lines: &crate::source::LineIndex,
    dated: &Dated,
) -> Option<usize> {
    if dated.kind != DateKind::Signed
        || is_labelled(text, dated)
        || text[dated.span.end..].contains('。')
    {
        return None;
    }
    let date_line = lines.line_of(dated.span.start);
    let date_start = lines.content_range(text, date_line).start;
    let name = name_line_before(text, lines, date_line);
    Some(name.map_or(date_start, |range| range.start))
}

/// The labels a page gives the body publishing it with, above the article (a
/// 政府信息公开 catalogue's box: `发布机构：青山市司法局`; a news page's `来源：…`).
const BODY_LABELS: &[&str] = &["发布机构", "发文机关", "发布单位", "信息来源", "来源"];

/// How far into the text, when no section heading is found, a page's box is looked for.
const BOX_SCAN_BYTES: usize = 4096;

/// Where the body a page names as its publisher is (`发布机构：青山市司法局`), before the
/// first section: the agency of a report whose title does not name it and that no
/// signature names. Only a name that names a body (`来源：本网` is none).
pub fn publishing_body(text: &str, first_heading: Option<usize>) -> Option<Range<usize>> {
    let end =
        first_heading.unwrap_or_else(|| crate::source::floor_char_boundary(text, BOX_SCAN_BYTES));
    let head = &text[..end];
    BODY_LABELS.iter().find_map(|label| {
        memchr::memmem::find_iter(head.as_bytes(), label).find_map(|at| {
            let rest = skip_spaces(&head[at + label.len()..]);
            let rest = rest.strip_prefix(['：', ':'])?;
            let start = end - skip_spaces(rest).len();
            let name_len = head[start..]
                .find(|c: char| c.is_whitespace() || c == '\u{3000}' || SENTENCE_MARKS.contains(&c))
                .unwrap_or(end - start);
            let range = start..start + name_len;
            names_a_body(&head[range.clone()]).then_some(range)
        })
    })
}

/// Whether `dated` is a labelled date (`成文日期：…`, its span starting at the label), which
/// signs nothing off: what stands before it on its line is another field of a page's box
/// (`发布机构：青山市司法局　生成日期：…`), the line above it no signature's name.
fn is_labelled(text: &str, dated: &Dated) -> bool {
    let from = text.get(dated.span.start..).unwrap_or_default();
    LABELS.iter().any(|(label, _)| from.starts_with(label))
}

/// Where the agency's name that signs the report off with `dated` is: before the date on
/// its line (`青山市司法局　2024年1月20日`), else the line above it. The agency of a report
/// whose title does not name it.
pub fn signing_agency(
    text: &str,
    lines: &crate::source::LineIndex,
    dated: &Dated,
) -> Option<Range<usize>> {
    if dated.kind != DateKind::Signed || is_labelled(text, dated) {
        return None;
    }
    let date_line = lines.line_of(dated.span.start);
    let line_start = lines.content_range(text, date_line).start;
    trimmed(text, line_start..dated.span.start, &['（', '('])
        .or_else(|| trimmed(text, name_line_before(text, lines, date_line)?, &[]))
}

/// `range` without the spaces around its text (nor `also` at its end); `None` when nothing
/// is left.
fn trimmed(text: &str, range: Range<usize>, also: &[char]) -> Option<Range<usize>> {
    let part = &text[range.clone()];
    let start = range.start + (part.len() - part.trim_start_matches(is_space).len());
    let end = range.start
        + part
            .trim_end_matches(|c: char| is_space(c) || also.contains(&c))
            .len();
    (start < end).then_some(start..end)
}

/// The line above `line` when it is short and no sentence: a signature's agency.
fn name_line_before(
    text: &str,
    lines: &crate::source::LineIndex,
    line: usize,
) -> Option<std::ops::Range<usize>> {
    (0..line)
        .rev()
        .map(|index| lines.content_range(text, index))
        .find(|range| !text[range.clone()].trim().is_empty())
        .filter(|range| {
            let line = text[range.clone()].trim();
            line.chars().nth(SIGNATURE_CHARS).is_none() && !line.contains(SENTENCE_MARKS)
        })
}

/// Punctuation of a sentence, which an agency's name has none of.
const SENTENCE_MARKS: &[char] = &['。', '，', '；', '：', ':', ',', '、', '！', '？'];

/// `2024`, `０１`, `二〇二四` (digit by digit), `十二`, `二十六`.
fn number(text: &str) -> Option<u32> {
    match text.split_once('十') {
        // 十, 十二, 二十, 二十六
        Some((tens, ones)) => {
            let one = |part: &str| {
                let mut chars = part.chars();
                match (chars.next(), chars.next()) {
                    (None, _) => Some(None),
                    (Some(c), None) => digit(c).map(Some),
                    _ => None,
                }
            };
            Some(one(tens)?.unwrap_or(1) * 10 + one(ones)?.unwrap_or(0))
        }
        None => text.chars().try_fold(0u32, |n, c| Some(n * 10 + digit(c)?)),
    }
}

/// The kind of body an agency's name names, by how it ends: a government (`青山市人民政府`,
/// or a place alone: `闵行区`), a township or street office (乡镇、街道, whose deadline the
/// 条例 leaves to the provinces), or a government's department (`司法局`, `发展和改革委员会`,
/// `办公室`). `None` when the name says neither.
pub fn agency_kind(agency: &str) -> Option<AgencyKind> {
    let name = agency.trim();
    let township = ["镇", "乡", "街道", "街道办事处", "镇人民政府", "乡人民政府"];
    if is_zone_committee(name) {
        return None;
    }
    if township.iter().any(|end| name.ends_with(end)) {
        return Some(AgencyKind::Township);
    }
    if name.ends_with("政府") || name.ends_with(['省', '市', '区', '县', '州', '盟', '旗'])
    {
        return Some(AgencyKind::Government);
    }
    let department = [
        '局', '厅', '委', '办', '室', '部', '署', '院', '所', '站', '队', '处', '会', '馆', '社',
        '心', '司', '团',
    ];
    name.ends_with(department).then_some(AgencyKind::Department)
}

/// A development zone's 管理委员会 reports like a government or a department, as its
/// province decides: a body whose kind its name does not tell.
fn is_zone_committee(name: &str) -> bool {
    name.ends_with("管委会") || name.ends_with("管理委员会")
}

/// Whether a signature's line names a body at all (of a kind known or not).
pub fn names_a_body(name: &str) -> bool {
    agency_kind(name).is_some() || is_zone_committee(name.trim())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn dated(text: &str, year: i32) -> Option<(Date, DateKind, String)> {
        let source = SourceFile::from_text("t.txt", text.to_string());
        let first_heading = source.text.find("一、总体情况");
        read_date(&source.text, source.lines(), year, first_heading)
            .map(|d| (d.date, d.kind, text[d.span.start..d.span.end].to_string()))
    }

    #[test]
    fn dates_a_report_gives_for_itself() {
        let date = |y, m, d| Date::new(y, m, d).expect("valid");
        let body = "一、总体情况\n统计期限自2023年1月1日起至2023年12月31日止。\n";
        for (text, expected) in [
            (
                format!("{body}六、其他需要报告的事项\n无。\n\n青山市司法局\n2024年1月20日\n"),
                (date(2024, 1, 20), DateKind::Signed, "2024年1月20日"),
            ),
            (
                format!("{body}青山市司法局　二〇二四年二月二十六日\n"),
                (
                    date(2024, 2, 26),
                    DateKind::Signed,
                    "二〇二四年二月二十六日",
                ),
            ),
            (
                format!("发布日期：2024-03-05\n{body}青山市司法局\n2024年1月20日\n"),
                (
                    date(2024, 3, 5),
                    DateKind::Published,
                    "发布日期：2024-03-05",
                ),
            ),
            (
                format!("青山市司法局2023年政府信息公开工作年度报告\n（2024年1月18日）\n{body}"),
                (date(2024, 1, 18), DateKind::Signed, "2024年1月18日"),
            ),
            (
                format!("来源：青山市司法局 公开时间: 2024年2月1日 10:30\n{body}"),
                (
                    date(2024, 2, 1),
                    DateKind::Published,
                    "公开时间: 2024年2月1日",
                ),
            ),
            (
                format!("{body}六、其他需要报告的事项\n无。\n\n青山市司法局\n2024.01.20\n"),
                (date(2024, 1, 20), DateKind::Signed, "2024.01.20"),
            ),
            (
                format!("{body}青山市司法局\n  2024-03-20  \n"),
                (date(2024, 3, 20), DateKind::Signed, "2024-03-20"),
            ),
            (
                format!("发布机构：\t青山市司法局\t生成日期：\t2024-02-03\n{body}"),
                (date(2024, 2, 3), DateKind::Signed, "生成日期：\t2024-02-03"),
            ),
            (
                format!("索引号：\t001/2024-00012\t发文日期：\t2024年2月3日\n{body}"),
                (
                    date(2024, 2, 3),
                    DateKind::Signed,
                    "发文日期：\t2024年2月3日",
                ),
            ),
            (
                format!("来源：青山市司法局　时间：2024-02-05　浏览次数：12\n{body}"),
                (date(2024, 2, 5), DateKind::Published, "时间：2024-02-05"),
            ),
            (
                format!("日期: 2024年2月5日\n{body}"),
                (date(2024, 2, 5), DateKind::Published, "日期: 2024年2月5日"),
            ),
            (
                format!("成文日期：2024年01月18日\n{body}"),
                (
                    date(2024, 1, 18),
                    DateKind::Signed,
                    "成文日期：2024年01月18日",
                ),
            ),
        ] {
            let (d, kind, shown) = expected;
            assert_eq!(
                dated(&text, 2023),
                Some((d, kind, shown.to_string())),
                "{text}"
            );
        }
    }

    #[test]
    fn other_dates_are_not_the_reports() {
        for text in [
            // Another document's, in the sections.
            "一、总体情况\n《实施方案》\n发布时间：2024年2月1日\n本年度工作如下。\n二、主动公开政府信息情况\n三、\n四、\n五、\n六、\n七\n八\n九\n十\n十一\n十二\n十三\n",
            // The statistics period, a date in a sentence, last year's date, none.
            "统计期限自2023年1月1日起至2023年12月31日止。\n",
            "我局于2024年1月5日召开会议，部署年度报告编制工作。\n",
            "青山市司法局\n2023年1月20日\n",
            "青山市司法局\n2024年13月20日\n",
            // A date in figures is a signature's only under a body's name: a related
            // article's at a page's end is not.
            "六、其他需要报告的事项\n无。\n\n青山市司法局2023年政府信息公开工作年度报告\n2024-03-05\n",
            "六、其他需要报告的事项\n无。\n\n2024-03-05\n",
            "六、其他需要报告的事项\n无。\n",
        ] {
            assert_eq!(dated(text, 2023), None, "{text}");
        }
    }

    #[test]
    fn the_signature_closing_a_report_is_not_its_last_sections() {
        let text = "青山市司法局2023年政府信息公开工作年度报告\n六、其他需要报告的事项\n无。\n\n\
                    青山市司法局\n2024年1月20日\n\n";
        let report = crate::parse::parse(&SourceFile::from_text("t.txt", text.to_string()));
        let last = report.sections.last().expect("六");
        assert_eq!(text[last.body.start..last.body.end].trim(), "无。");
        // A page's furniture after the signature is not the section's either.
        for furniture in [
            "主办：青山市人民政府办公室　备案号：X ICP备00000000号",
            "附件：统计表",
        ] {
            let text = format!(
                "青山市司法局2023年政府信息公开工作年度报告\n六、其他需要报告的事项\n无。\n\n\
                 青山市司法局\n2024年1月20日\n{furniture}\n【打印】【关闭】\n"
            );
            let report = crate::parse::parse(&SourceFile::from_text("t.txt", text.clone()));
            let last = report.sections.last().expect("六");
            assert_eq!(
                text[last.body.start..last.body.end].trim(),
                "无。",
                "{text}"
            );
        }
        // A date in the text, or followed by more sentences, ends nothing.
        for text in [
            "青山市司法局2023年政府信息公开工作年度报告\n六、其他需要报告的事项\n无。\n2024年1月20日\n本报告的电子版可在门户网站下载。\n",
            "青山市司法局2023年政府信息公开工作年度报告\n六、其他需要报告的事项\n本机关于2024年1月20日\n",
        ] {
            let report = crate::parse::parse(&SourceFile::from_text("t.txt", text.to_string()));
            assert_eq!(report.year_value(), Some(2023));
            let last = report.sections.last().expect("六");
            assert_eq!(last.body.end, text.len(), "{text}");
        }
    }

    #[test]
    fn dates_as_they_are_written() {
        let date = |y, m, d| Date::new(y, m, d).expect("valid");
        for (text, expected) in [
            (
                "2024-01-26 10:30",
                Some((date(2024, 1, 26), "2024-01-26".len())),
            ),
            ("2024/1/6", Some((date(2024, 1, 6), "2024/1/6".len()))),
            (
                "2024 年 1 月 20 日",
                Some((date(2024, 1, 20), "2024 年 1 月 20 日".len())),
            ),
            (
                "２０２４年１月５日",
                Some((date(2024, 1, 5), "２０２４年１月５日".len())),
            ),
            (
                "二〇二四年十二月三十一日",
                Some((date(2024, 12, 31), "二〇二四年十二月三十一日".len())),
            ),
            ("2024年2月30日", None),
            ("2024年13月1日", None),
            ("1998年1月5日", None),
            ("20241年1月5日", None),
            ("2024年", None),
        ] {
            assert_eq!(date_at_start(text), expected, "{text}");
        }
        assert_eq!(
            date_ending("青山市司法局　2024年1月20日"),
            Some((
                date(2024, 1, 20),
                "青山市司法局　".len(),
                "2024年1月20日".len()
            ))
        );
        // A date inside words, or not at the end, is no signature's.
        for line in ["办理时限2024年1月5日", "2024年1月5日起施行", "2024-01-05"] {
            assert_eq!(date_ending(line), None, "{line}");
        }
    }

    #[test]
    fn a_report_without_its_agency_in_the_title_is_known_by_its_signature() {
        let body = "2023年政府信息公开工作年度报告\n一、总体情况\n无。\n";
        for (ending, name, kind) in [
            (
                "\n青山市河西区司法局\n2024年2月20日\n",
                Some("青山市河西区司法局"),
                Some(AgencyKind::Department),
            ),
            (
                "\n青山市河西区人民政府　2024年2月20日\n",
                Some("青山市河西区人民政府"),
                Some(AgencyKind::Government),
            ),
            (
                "\n青山经济技术开发区管理委员会\n（ 2024年2月20日）\n",
                Some("青山经济技术开发区管理委员会"),
                None,
            ),
            ("\n2024年2月20日\n", None, None),
            // A line that names no body is no agency.
            ("\n特此报告\n2024年2月20日\n", None, None),
        ] {
            let text = format!("{body}{ending}");
            let report = crate::parse::parse(&SourceFile::from_text("t.txt", text.clone()));
            let agency = report.agency.as_ref().map(|a| {
                assert_eq!(&text[a.span.start..a.span.end], a.value);
                a.value.as_str()
            });
            assert_eq!(agency, name, "{ending}");
            assert_eq!(report.agency_kind, kind, "{ending}");
        }
    }

    /// A page's box above the article (`发布机构：… 生成日期：…`) dates the report but signs
    /// nothing off: neither the field before the date nor the line above is a signature.
    #[test]
    fn a_labelled_date_has_no_signature() {
        for text in [
            "发布机构：\t青山市河西区司法局\t生成日期：\t2024-02-03\n2023年政府信息公开工作年度报告\n一、总体情况\n无。\n",
            "青山市河西区司法局\n成文日期：2024年2月3日\n2023年政府信息公开工作年度报告\n一、总体情况\n无。\n",
        ] {
            let report = crate::parse::parse(&SourceFile::from_text("t.txt", text.to_string()));
            assert_eq!(
                report.dated.map(|d| (d.date, d.kind)),
                Some((Date::new(2024, 2, 3).expect("valid"), DateKind::Signed)),
                "{text}"
            );
            assert_eq!(report.signed_by.map(|s| s.value), None, "{text}");
        }
    }

    /// A title without the agency, the page's box naming it: the box's body is the agency.
    #[test]
    fn a_report_known_by_its_pages_box() {
        let title = "2023年政府信息公开工作年度报告\n一、总体情况\n无。\n";
        for (head, name) in [
            (
                "索引号：\t001/2024-00012\t发布机构：\t青山市河西区司法局\n",
                Some("青山市河西区司法局"),
            ),
            (
                "来源：青山市河西区人民政府　发布时间：2024-01-20\n",
                Some("青山市河西区人民政府"),
            ),
            ("来源：本网\n", None),
        ] {
            let text = format!("{head}{title}");
            let report = crate::parse::parse(&SourceFile::from_text("t.txt", text.clone()));
            let agency = report.agency.as_ref().map(|a| {
                assert_eq!(&text[a.span.start..a.span.end], a.value);
                a.value.as_str()
            });
            assert_eq!(agency, name, "{head}");
        }
        // In the sections, a 来源 is some other document's.
        let text = format!("{title}来源：青山市财政局\n");
        let report = crate::parse::parse(&SourceFile::from_text("t.txt", text));
        assert_eq!(report.agency.map(|a| a.value), None);
    }

    #[test]
    fn kinds_of_body() {
        for (name, kind) in [
            ("青山市人民政府", Some(AgencyKind::Government)),
            ("闵行区", Some(AgencyKind::Government)),
            ("上海市闵行区", Some(AgencyKind::Government)),
            ("河西镇人民政府", Some(AgencyKind::Township)),
            ("城关街道办事处", Some(AgencyKind::Township)),
            ("青山市河西区司法局", Some(AgencyKind::Department)),
            ("青山市发展和改革委员会", Some(AgencyKind::Department)),
            ("青山市人民政府办公室", Some(AgencyKind::Department)),
            ("青山市政务服务中心", Some(AgencyKind::Department)),
            ("青山经济技术开发区管理委员会", None),
            ("某某", None),
        ] {
            assert_eq!(agency_kind(name), kind, "{name}");
        }
    }
}
