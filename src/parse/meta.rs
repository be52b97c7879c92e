//! Report metadata: the title, the report year (title → first sentence → 统计期限), the
//! agency, and the format profile the year implies (format.md §2).

use std::sync::LazyLock;

use crate::tiered::{Captures, TieredRegex};

use super::fold::{Folded, Markup};
use crate::document::{Located, Profile, Report};
use crate::source::LineIndex;

pub(super) fn warm_up() {
    // PERIOD is left to the rare report whose year is not in its first lines.
    LazyLock::force(&TITLE_SCAN);
}

/// The title or first sentence naming the report: 深圳市司法局2023年政府信息公开工作年度报告.
/// The agency comes before the year (`pre`) or between the year and the title words
/// (`mid`, at most [`TITLE_MID_CHARS`] characters).
static TITLE: LazyLock<TieredRegex> =
    LazyLock::new(|| TieredRegex::new(TITLE_SOURCE).expect("title pattern"));

const TITLE_SOURCE: &str = r"(?P<pre>[^。]*?)(?P<year>(?:19|20)[0-9]{2})年度?(?P<mid>[^。]{0,40}?)(?:政府)?信息公开(?:工作)?的?(?:年度)?(?:工作)?报告";

/// [`TITLE`] without the bound on `mid`. The bounded repetition of a Unicode class makes
/// TITLE the costliest pattern to build in a run (~0.5 ms, every run); this one builds in a
/// fraction of that. Its matches are a superset of TITLE's tried in the same order, so a
/// match whose `mid` is within the bound is exactly TITLE's match; any other (rare: the
/// title words far after the year) is settled by TITLE itself. Built light (src/tiered/):
/// it searches a few short lines, and regex's own build (a lazy DFA, a reverse NFA for
/// the title words it would skip to) was ~1 M of a one-report run's ~15 M instructions.
static TITLE_SCAN: LazyLock<TieredRegex> =
    LazyLock::new(|| TieredRegex::new(TITLE_SCAN_SOURCE).expect("title pattern"));

const TITLE_SCAN_SOURCE: &str = r"(?P<pre>[^。]*?)(?P<year>(?:19|20)[0-9]{2})年度?(?P<mid>[^。]*?)(?:政府)?信息公开(?:工作)?的?(?:年度)?(?:工作)?报告";

/// [`TITLE_SCAN`] with the year in Chinese numerals (`二〇二三年`), rare in titles: built
/// only for a line that has 报告 and a 〇 or 零 (a year of this century written so has one), as
/// its classes cost ~1.3 M instructions to build into TITLE_SCAN for every run.
static TITLE_CHINESE_YEAR: LazyLock<TieredRegex> =
    LazyLock::new(|| TieredRegex::new(TITLE_CHINESE_YEAR_SOURCE).expect("title pattern"));

const TITLE_CHINESE_YEAR_SOURCE: &str = r"(?P<pre>[^。]*?)(?P<year>[一二][〇零○九][〇零○一二三四五六七八九]{2})年度?(?P<mid>[^。]*?)(?:政府)?信息公开(?:工作)?的?(?:年度)?(?:工作)?报告";

/// How many characters TITLE allows between the year and the title words.
const TITLE_MID_CHARS: usize = 40;

/// TITLE's captures in `text`, building TITLE only when [`TITLE_SCAN`] cannot decide.
fn title_captures(text: &str) -> Option<Captures<'_>> {
    let mid_chars = |captures: &Captures| {
        captures
            .name("mid")
            .map_or(0, |m| m.as_str().chars().count())
    };
    let Some(captures) = TITLE_SCAN.captures(text) else {
        return (text.contains(['〇', '○', '零']) && text.contains("报告"))
            .then(|| TITLE_CHINESE_YEAR.captures(text))
            .flatten()
            .filter(|captures| mid_chars(captures) <= TITLE_MID_CHARS);
    };
    if mid_chars(&captures) <= TITLE_MID_CHARS {
        Some(captures)
    } else {
        TITLE.captures(text)
    }
}

static PERIOD: LazyLock<TieredRegex> =
    LazyLock::new(|| TieredRegex::new(PERIOD_SOURCE).expect("period pattern"));

const PERIOD_SOURCE: &str =
    r"统计(?:期限|时限|区间|时间)[^。]{0,12}?(?P<year>(?:19|20)[0-9]{2})年(?:1|01)月(?:1|01)日";

/// The patterns above, as the parser's kept NFAs are made from them ([`super::builtin_pattern_sources`]).
pub(super) const SOURCES: [&str; 4] = [
    TITLE_SOURCE,
    TITLE_SCAN_SOURCE,
    TITLE_CHINESE_YEAR_SOURCE,
    PERIOD_SOURCE,
];

/// Words that introduce the agency in a first sentence (现公布深圳市司法局2023年…).
const AGENCY_PREFIXES: &[&str] = &["现公布", "特公布", "公布", "现将", "发布"];

/// How far into a line the title (or the first sentence naming the report) is looked for.
const TITLE_SCAN_BYTES: usize = 4096;

/// How far into the text the 统计期限 sentence is looked for.
const PERIOD_SCAN_BYTES: usize = 64 * 1024;

/// How many leading lines can hold the title: lines of a sentence's length, and short
/// ones (a web page's menu, a breadcrumb: a line a link), whose runs before the article's
/// title run to dozens.
const TITLE_LINES: usize = 6;
const TITLE_SHORT_LINES: usize = 60;

pub fn read_metadata(
    text: &str,
    lines: &LineIndex,
    first_heading: Option<usize>,
    report: &mut Report,
) {
    let limit = first_heading.unwrap_or(text.len());
    let mut previous_short: Option<(String, crate::document::Span)> = None;
    // Where the short lines right before this one start (at most two of them): a title
    // may be broken over lines (青山市司法局 / 2023 / 年政府信息公开工作年度报告, a scraper's
    // text of a page whose year is a `<span>` of its own).
    let mut short_lines: Vec<usize> = Vec::new();
    let mut seen = 0;
    let mut seen_long = 0;
    for index in 0..lines.len() {
        let range = lines.content_range(text, index);
        if range.start >= limit && seen > 0 {
            break;
        }
        // A title is short; a one-line report must not be folded whole here.
        let end =
            crate::source::floor_char_boundary(text, range.start + TITLE_SCAN_BYTES).min(range.end);
        let line = &text[range.start..end];
        let folded = Folded::new(line, range.start, Markup::Strip, false);
        if folded.text.is_empty() {
            continue;
        }
        seen += 1;
        if read_title(&folded, &mut previous_short, report) {
            break;
        }
        if let Some(&start) = short_lines.first() {
            let joined = Folded::new(&text[start..end], start, Markup::Strip, false);
            if read_title(&joined, &mut None, report) {
                break;
            }
        }
        let short = folded.text.chars().count() <= 30;
        previous_short = short.then(|| (folded.text.clone(), folded.span(0, folded.text.len())));
        if !short {
            seen_long += 1;
            short_lines.clear();
        } else {
            if short_lines.len() == 2 {
                short_lines.remove(0);
            }
            short_lines.push(range.start);
        }
        if seen_long >= TITLE_LINES || seen >= TITLE_SHORT_LINES {
            break;
        }
    }
    if report.year.is_none() && report.agency.is_none() {
        read_yearless_title(text, lines, limit, report);
    }
    if report.year.is_none() {
        let head = &text[..crate::source::floor_char_boundary(text, PERIOD_SCAN_BYTES)];
        let folded = Folded::new(head, 0, Markup::Keep, true);
        if let Some(caps) = PERIOD.captures(&folded.text) {
            let m = caps.name("year").expect("group");
            report.year = Some(Located {
                value: m.as_str().parse().unwrap_or_default(),
                span: folded.span(m.start(), m.end()),
            });
            report.year_source = Some("statistics-period");
        }
    }
    choose_profile(text, report);
}

/// Reads the year, title and agency from `folded` when it names the report; the agency
/// may be the short line before (`previous_short`). Whether it did.
fn read_title(
    folded: &Folded,
    previous_short: &mut Option<(String, crate::document::Span)>,
    report: &mut Report,
) -> bool {
    let Some(caps) = title_captures(&folded.text) else {
        return false;
    };
    let year_match = caps.name("year").expect("group");
    let whole = caps.get(0).expect("match");
    let year = super::dated::year_number(year_match.as_str()).unwrap_or_default();
    let is_title = whole.start() == 0 && folded.text.chars().count() <= 60;
    report.year = Some(Located {
        value: year,
        span: folded.span(year_match.start(), year_match.end()),
    });
    report.year_source = Some(if is_title { "title" } else { "first-sentence" });
    if is_title {
        report.title = Some(Located {
            value: folded.text.clone(),
            span: folded.span(0, folded.text.len()),
        });
    }
    let pre = caps.name("pre").map_or("", |m| m.as_str());
    let agency_source = if pre.is_empty() {
        caps.name("mid")
    } else {
        caps.name("pre")
    };
    if let Some(m) = agency_source {
        let mut start = m.start();
        let segment = m.as_str();
        // Keep the tail after the last punctuation, then drop an introducing verb.
        if let Some(cut) = segment.rfind([',', '，', '、', ':', ';', ')', '》']) {
            start += cut + segment[cut..].chars().next().map_or(1, char::len_utf8);
        }
        let mut end = m.end();
        let mut name = &folded.text[start..end];
        for prefix in AGENCY_PREFIXES {
            if let Some(rest) = name.strip_prefix(prefix) {
                start += prefix.len();
                name = rest;
            }
        }
        // 青山市司法局关于2023年…: the agency is before 关于.
        if let Some(rest) = name.strip_suffix("关于") {
            end -= "关于".len();
            name = rest;
        }
        if !name.is_empty() && name.chars().count() <= 30 {
            report.agency = Some(Located {
                value: name.to_string(),
                span: folded.span(start, end),
            });
        } else if let Some((name, span)) = previous_short.take() {
            // A title broken over two lines: 黑龙江省监狱管理局 / 2018 年…年度报告. A line
            // of fields (`来源：青山市司法局　发布时间：…`, a page's) is no name.
            if !name.contains(':') {
                report.agency = Some(Located { value: name, span });
            }
        }
    }
    true
}

/// A title that names no year (青山市司法局政府信息公开工作年度报告, the year left out): the
/// title, and the agency before its title words. Tried only when no line named the report
/// with a year; the year then comes from the 统计期限, if anywhere.
fn read_yearless_title(text: &str, lines: &LineIndex, limit: usize, report: &mut Report) {
    // The lines the title is looked for in, as [`read_metadata`] looks: a title with a
    // year further down is no title either.
    let mut seen_long = 0;
    for index in 0..lines.len().min(TITLE_SHORT_LINES) {
        let range = lines.content_range(text, index);
        if range.start >= limit || seen_long >= TITLE_LINES {
            return;
        }
        if range.len() > TITLE_SCAN_BYTES {
            seen_long += 1;
            continue;
        }
        let folded = Folded::new(&text[range.clone()], range.start, Markup::Strip, false);
        if folded.text.chars().count() > 30 {
            seen_long += 1;
        }
        if let Some((title, agency)) = yearless_title(&folded.text) {
            report.title = Some(Located {
                value: title.to_string(),
                span: folded.span(0, title.len()),
            });
            report.agency = Some(Located {
                value: agency.to_string(),
                span: folded.span(0, agency.len()),
            });
            return;
        }
    }
}

/// `line` as a title without a year: the line and the agency it starts with. A title is
/// short, a phrase (no sentence's punctuation) that ends in 报告 and names the report
/// (信息公开…报告); the agency is what comes before, less 关于 and the 政府 of 政府信息公开
/// (青山市人民政府政府信息公开… keeps one 政府: a government's name ends in it).
fn yearless_title(line: &str) -> Option<(&str, &str)> {
    if line.chars().count() > 60
        || !line.ends_with("报告")
        || title_captures(line).is_some()
        || line.contains([',', '.', ';', ':', '，', '。', '；', '：', '《', '“'])
    {
        return None;
    }
    let mut name = &line[..line.find("信息公开")?];
    if name.ends_with("政府政府") || !name.ends_with("人民政府") {
        name = name.strip_suffix("政府").unwrap_or(name);
    }
    name = name.strip_suffix("关于").unwrap_or(name);
    let name = name.trim_end_matches('的');
    (!name.is_empty() && name.chars().count() <= 30).then_some((line, name))
}

/// The year decides; without a year, layout evidence does (format.md §2 "Detection").
fn choose_profile(text: &str, report: &mut Report) {
    if let Some(year) = report.year_value() {
        report.profile = Profile::for_year(year);
        report.profile_reason = format!("report year {year}");
        return;
    }
    let folded = super::fold::fold_label(
        &text[..crate::source::floor_char_boundary(text, PERIOD_SCAN_BYTES * 4)],
    );
    let (profile, reason) = if folded.contains("本年制发件数") || folded.contains("30号") {
        (
            Profile::Format2021,
            "no year found; the 2021 table 二 layout or a citation of 30号 is present",
        )
    } else if folded.contains("本年新制作数量") || folded.contains("上一年项目数量") {
        (
            Profile::Trial2019,
            "no year found; the 2019 trial table 二 layout is present",
        )
    } else if folded.contains("国务院令第492号") || folded.contains("收费及减免") {
        (
            Profile::Pre2019,
            "no year found; pre-2019 wording (492号, 收费及减免) is present",
        )
    } else {
        (
            Profile::Format2021,
            "no year and no layout evidence found; assuming the current format",
        )
    };
    report.profile = profile;
    report.profile_reason = reason.to_string();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole match, `pre`, `year` and `mid`.
    fn groups(captures: Option<Captures<'_>>) -> Option<Vec<Option<(usize, usize)>>> {
        captures.map(|c| {
            (0..4)
                .map(|i| c.get(i).map(|m| (m.start(), m.end())))
                .collect()
        })
    }

    /// A title broken over lines: a scraper's text whose year is a `<span>` of its own;
    /// a department's title without 政府 (…局2013年度信息公开工作年度报告) wrapped before
    /// its last words.
    #[test]
    fn titles_broken_over_lines() {
        for (text, year, agency) in [
            (
                "青山市河西区司法局\n2023\n年政府信息公开工作年度报告\n一、总体情况\n",
                2023,
                "青山市河西区司法局",
            ),
            (
                "道县文广新局2013年度信息公开工作\n年度报告\n一、主动公开政府信息的情况\n",
                2013,
                "道县文广新局",
            ),
        ] {
            let report = crate::parse::parse(&crate::source::SourceFile::from_text("t.txt", text));
            assert_eq!(report.year_value(), Some(year), "{text}");
            assert_eq!(
                report.agency.map(|a| a.value).as_deref(),
                Some(agency),
                "{text}"
            );
        }
    }

    /// A web page's text: its menu and breadcrumb, a link a line, before the article's
    /// title. Six lines of a sentence's length before it are where the title stops being
    /// looked for.
    #[test]
    fn a_title_after_a_page_menu_of_short_lines() {
        let menu: String = [
            "首页",
            "政务公开",
            "互动交流",
            "办事服务",
            "走进青山",
            "专题专栏",
        ]
        .repeat(4)
        .iter()
        .map(|item| format!("{item}\n"))
        .collect();
        let title = "青山市河西区司法局2023年政府信息公开工作年度报告\n";
        let read = |text: String| {
            let report = crate::parse::parse(&crate::source::SourceFile::from_text("t.txt", text));
            report.agency.map(|a| a.value)
        };
        let text = format!("{menu}当前位置：首页 > 政府信息公开年报\n{title}一、总体情况\n");
        assert_eq!(read(text).as_deref(), Some("青山市河西区司法局"));
        let sentences = "本局坚持以公开为常态、不公开为例外，持续推进政务公开标准化规范化建设，取得新的成效。\n".repeat(6);
        let text = format!("{sentences}{title}一、总体情况\n");
        assert_eq!(read(text), None);
    }

    #[test]
    fn titles_without_a_year_name_their_agency() {
        fn agency(line: &str) -> Option<&str> {
            yearless_title(line).map(|(_, agency)| agency)
        }
        assert_eq!(
            agency("青山市河西区司法局政府信息公开工作年度报告"),
            Some("青山市河西区司法局")
        );
        assert_eq!(
            agency("青山市人民政府政府信息公开工作年度报告"),
            Some("青山市人民政府")
        );
        assert_eq!(
            agency("青山市人民政府信息公开工作年度报告"),
            Some("青山市人民政府")
        );
        assert_eq!(
            agency("青山市司法局关于政府信息公开工作的年度报告"),
            Some("青山市司法局")
        );
        // A sentence, and a line that names no report.
        assert_eq!(agency("现公布本机关政府信息公开工作年度报告。"), None);
        assert_eq!(agency("根据要求，现公布政府信息公开工作年度报告"), None);
        assert_eq!(agency("政府信息公开工作年度报告"), None);
        assert_eq!(agency("青山市司法局工作报告"), None);

        let text = "青山市河西区司法局政府信息公开工作年度报告\n\n本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。\n一、总体情况\n";
        let report = crate::parse::parse(&crate::source::SourceFile::from_text("t.txt", text));
        assert_eq!(report.year_value(), Some(2023));
        assert_eq!(
            report.agency.map(|a| a.value).as_deref(),
            Some("青山市河西区司法局")
        );
    }

    #[test]
    fn titles_with_guan_yu_and_de() {
        for (title, agency) in [
            (
                "青山市河西区司法局关于2023年政府信息公开工作年度报告",
                "青山市河西区司法局",
            ),
            (
                "青山市河西区司法局二〇二三年政府信息公开工作年度报告",
                "青山市河西区司法局",
            ),
            (
                "青山市人民政府关于2023年度政府信息公开工作的年度报告",
                "青山市人民政府",
            ),
        ] {
            let text = format!("{title}\n一、总体情况\n");
            let report = crate::parse::parse(&crate::source::SourceFile::from_text("t.txt", text));
            assert_eq!(report.year_value(), Some(2023), "{title}");
            assert_eq!(
                report.agency.map(|a| a.value).as_deref(),
                Some(agency),
                "{title}"
            );
        }
    }

    #[test]
    fn the_unbounded_scan_finds_what_the_title_pattern_finds() {
        let far = format!("2023年{}政府信息公开工作年度报告", "关于".repeat(21));
        let at_bound = format!("2023年{}政府信息公开工作年度报告", "关于".repeat(20));
        let texts = [
            "深圳市司法局2023年政府信息公开工作年度报告",
            "2022年度深圳市司法局政府信息公开年度报告",
            "现公布本局2021年政府信息公开工作报告。",
            "根据条例。现将2020年度本机关政府信息公开工作报告如下",
            "2019年工作总结。2020年政府信息公开报告",
            far.as_str(),
            at_bound.as_str(),
            &format!("2019年{}。2020年市局政府信息公开报告", "关于".repeat(30)),
            "没有年份的政府信息公开工作年度报告",
            "道县文广新局2013年度信息公开工作年度报告",
        ];
        let as_regex = regex::Regex::new(TITLE_SOURCE).expect("valid");
        for text in texts {
            assert_eq!(
                groups(title_captures(text)),
                groups(TITLE.captures(text)),
                "{text}"
            );
            // As the regex crate finds them.
            let by_regex = as_regex.captures(text).map(|c| {
                (0..4)
                    .map(|i| c.get(i).map(|m| (m.start(), m.end())))
                    .collect()
            });
            assert_eq!(groups(TITLE.captures(text)), by_regex, "{text}");
        }
        assert!(title_captures(&far).is_none(), "beyond the bound");
        assert!(title_captures(&at_bound).is_some(), "at the bound");
    }
}
