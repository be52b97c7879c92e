//! Check kinds about the shape of a report: `section` (present, in order, with content),
//! `table` (present, complete) and `profile` (one finding for a report in an old format).

use super::eval::table_short;
use super::{Context, Out};
use crate::diagnostic::{Fix, Label};
use crate::document::{Profile, SectionKey, Span};
use crate::parse::fold::{fold_label, is_invisible, is_space};
use crate::ruleset::{Check, SectionRequirement, TableRequirement};

pub(super) fn run(cx: &Context, out: &mut Out) {
    match &out.rule.check {
        Check::Section {
            require,
            sections,
            min_chars,
        } => match require {
            SectionRequirement::Present => missing_sections(cx, out, sections),
            SectionRequirement::Order => order(cx, out),
            SectionRequirement::Content => content(cx, out, sections, *min_chars),
            SectionRequirement::Title => titles(cx, out, sections),
        },
        Check::Table { require, tables } => {
            for &id in tables {
                match (require, cx.report.table(id)) {
                    (TableRequirement::Present, None) => {
                        // Without the section, `section-missing` already says it all.
                        let Some(heading) = cx.heading(id.section()) else {
                            continue;
                        };
                        // Its numbers are there in no readable order: whether the table
                        // is whole cannot be told, and saying it is missing would be false.
                        if let Some(unreadable) = cx.report.unreadable_table(id) {
                            out.not_assessable(
                                unreadable.what.clone(),
                                Some(Label::primary(unreadable.span, "表格的数字从这里开始")),
                            );
                            continue;
                        }
                        // Its header is there with no number: a template never filled in
                        // (or all its numbers lost); not the table lost whole.
                        let (labels, note) = match cx.report.unfilled_table(id) {
                            Some(unfilled) => (
                                vec![
                                    Label::primary(
                                        unfilled.span,
                                        format!(
                                            "{}的表头和项目名称（{}）在此，但全表没有一个数字",
                                            table_short(id),
                                            unfilled.header.join("、")
                                        ),
                                    ),
                                    Label::secondary(heading, "此节"),
                                ],
                                "表格只有表头和项目名称、没有填写数字（或数字在复制时全部丢失）；\
                                 没有发生的事项也应填 0",
                            ),
                            None => (
                                vec![Label::primary(
                                    heading,
                                    format!("此节应有{}，但没有读到", table_short(id)),
                                )],
                                "统计表在复制或转换时最常丢失：网页上的表格是图片，或复制时被丢弃",
                            ),
                        };
                        out.emit(
                            &[
                                ("table", table_short(id).to_string()),
                                ("section", id.section().official_title().to_string()),
                            ],
                            labels,
                            vec![note.to_string()],
                            None,
                        );
                    }
                    (TableRequirement::Complete, Some(table)) => {
                        let unread: Vec<_> = cx
                            .report
                            .unparsed
                            .iter()
                            .filter(|u| {
                                u.table == id
                                    && (table.span.contains(u.span)
                                        || u.span.start == table.span.start)
                            })
                            .collect();
                        if table.missing_rows.is_empty() && unread.is_empty() {
                            continue;
                        }
                        let mut labels: Vec<Label> = unread
                            .iter()
                            .map(|u| Label::secondary(u.span, u.what.clone()))
                            .collect();
                        let mut notes = Vec::new();
                        let names: Vec<&str> = table
                            .missing_rows
                            .iter()
                            .map(|k| id.row_spec(k).map_or(*k, |r| r.label))
                            .collect();
                        if !names.is_empty() {
                            notes.push(format!("没有读到的行：{}", names.join("；")));
                        }
                        // A row that could not be read is missing too: counted once (its
                        // line quotes the row's label, an item's without its group's:
                        // `（三）不予公开 4.保护第三方合法权益`).
                        let unread_elsewhere = unread
                            .iter()
                            .filter(|u| {
                                !names.iter().any(|name| {
                                    let own = name.rsplit(' ').next().unwrap_or(name);
                                    u.what.contains(own)
                                })
                            })
                            .count();
                        if labels.is_empty() {
                            let first_line_end = cx.source.text[table.span.start..table.span.end]
                                .find(['\n', '\r'])
                                .map_or(table.span.end, |i| table.span.start + i);
                            labels.push(Label::primary(
                                Span::new(table.span.start, first_line_end),
                                "此表不完整",
                            ));
                        }
                        labels[0].primary = true;
                        out.emit(
                            &[
                                ("table", id.display_name().to_string()),
                                ("count", (names.len() + unread_elsewhere).to_string()),
                            ],
                            labels,
                            notes,
                            None,
                        );
                    }
                    _ => {}
                }
            }
        }
        Check::Profile => {
            let report = cx.report;
            let year = report
                .year_value()
                .map_or("未知".to_string(), |y| y.to_string());
            // A report without a year is of the years its format was used in.
            let period = match (report.year_value(), report.profile) {
                (Some(y), _) => format!("{y} 年度"),
                (None, Profile::Pre2019) => "2019 年以前某年度".to_string(),
                (None, Profile::Trial2019) => "2019 或 2020 年度".to_string(),
                (None, Profile::Format2021) => "2021 年度以后".to_string(),
            };
            out.emit(
                &[
                    ("profile", report.profile.as_str().to_string()),
                    ("year", year),
                    ("period", period),
                ],
                vec![Label::primary(
                    cx.report_anchor(),
                    format!("按 {} 格式检查", report.profile.as_str()),
                )],
                vec![format!("格式判定：{}", report.profile_reason)],
                None,
            );
        }
        _ => {}
    }
}

fn missing_sections(cx: &Context, out: &mut Out, wanted: &[SectionKey]) {
    for &key in wanted {
        if cx.report.section(key).is_some() {
            continue;
        }
        let mut labels = Vec::new();
        let next = SectionKey::ALL
            .iter()
            .filter(|k| **k > key)
            .find_map(|k| cx.report.section(*k));
        let previous = SectionKey::ALL
            .iter()
            .rev()
            .filter(|k| **k < key)
            .find_map(|k| cx.report.section(*k));
        if let Some(next) = next {
            labels.push(Label::primary(
                next.heading,
                format!("“{}”应在此之前", key.official_title()),
            ));
        }
        if let Some(previous) = previous {
            let body = &cx.source.text[previous.body.start..previous.body.end];
            let trimmed_end = previous.body.start
                + body
                    .trim_end_matches(|c: char| is_space(c) || is_invisible(c))
                    .len();
            let line = cx
                .source
                .lines()
                .line_of(trimmed_end.saturating_sub(1).max(previous.body.start));
            let range = cx.source.lines().content_range(&cx.source.text, line);
            let span = Span::new(
                range.start.max(previous.body.start),
                range.end.min(trimmed_end.max(range.start)),
            );
            labels.push(Label::secondary(
                span,
                format!("“{}”应在此之后", key.official_title()),
            ));
        }
        if labels.is_empty() {
            labels.push(Label::primary(
                cx.report_anchor(),
                "报告中没有找到任何一节的标题",
            ));
        }
        labels[0].primary = true;
        out.emit(
            &[
                ("section", key.official_title().to_string()),
                ("number", key.number().to_string()),
            ],
            labels,
            Vec::new(),
            None,
        );
    }
}

fn order(cx: &Context, out: &mut Out) {
    let sections = &cx.report.sections;
    for s in sections {
        // The nearest earlier-numbered section that comes after this one in the text.
        if let Some(before) = sections
            .iter()
            .filter(|o| o.key < s.key && o.heading.start > s.heading.start)
            .min_by_key(|o| o.key)
        {
            out.emit(
                &[
                    ("section", s.key.official_title().to_string()),
                    ("other", before.key.official_title().to_string()),
                ],
                vec![
                    Label::primary(s.heading, format!("第{}部分在此", s.key.numeral())),
                    Label::secondary(
                        before.heading,
                        format!("第{}部分却在其后", before.key.numeral()),
                    ),
                ],
                Vec::new(),
                None,
            );
        }
    }
}

/// A finding for each of `wanted`'s headings worded in none of the accepted ways.
fn titles(cx: &Context, out: &mut Out, wanted: &[SectionKey]) {
    for &key in wanted {
        let Some(section) = cx.report.section(key).filter(|s| s.worded_otherwise) else {
            continue;
        };
        let official = key.official_title();
        out.emit_with_fix(
            &[
                ("section", official.to_string()),
                ("title", section.title.clone()),
            ],
            vec![Label::primary(
                section.heading,
                format!("统一格式为“{official}”"),
            )],
            Vec::new(),
            None,
            Some(Fix::replace(
                format!("把标题改为“{official}”"),
                section.heading,
                official,
            )),
        );
    }
}

/// Words that say nothing when they are all a section says.
const EMPTY_WORDS: &[&str] = &[
    "无",
    "暂无",
    "无。",
    "暂无。",
    "无其他需要报告的事项",
    "无其他需要报告的事项。",
    "本年度无",
    "无。|",
    "|",
];

fn content(cx: &Context, out: &mut Out, wanted: &[SectionKey], min_chars: usize) {
    for &key in wanted {
        let Some(section) = cx.report.section(key) else {
            continue;
        };
        let body = fold_label(&cx.source.text[section.body.start..section.body.end]);
        let body = body.trim_matches(|c: char| c == '|' || c == ':' || c == '-');
        let chars = body.chars().count();
        if chars < min_chars || EMPTY_WORDS.contains(&body) {
            out.emit(
                &[
                    ("section", key.official_title().to_string()),
                    ("chars", chars.to_string()),
                    ("min", min_chars.to_string()),
                ],
                vec![Label::primary(
                    section.heading,
                    if chars == 0 {
                        "此节没有内容".to_string()
                    } else {
                        format!("此节只有 {chars} 个字：“{body}”")
                    },
                )],
                Vec::new(),
                None,
            );
        }
    }
}
