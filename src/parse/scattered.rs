//! A statistics table that is in the text but cannot be read: its numbers stand on lines
//! of their own, away from the labels they belong to. `pdftotext` without `-layout`
//! writes a table so, a column (or a few cells) at a time, and so do some copies out of
//! PDF viewers. Such a table is not *missing* — saying so would be a false error — but
//! nothing about it can be checked: it is recorded in [`Unparsed`], and the rules say
//! "not assessable" with the reason.

use std::ops::Range;

use super::fields::{TableLine, Token};
use super::tables::{HeadingLines, TableSections};
use crate::document::{Span, Table, TableId, UnfilledTable, Unparsed};

/// Fewer loose numbers than this are page numbers or a stray figure; table 二 has ten
/// cells that every report fills (fewer when some are left blank), table 四 fifteen.
const MIN_LOOSE_NUMBERS: usize = 6;

/// How the words after a number set apart from its sentence begin (`12` / `件，其中…`: a
/// scraper's text of a page that wraps numbers in tags): such a number is prose's.
const UNITS: &[char] = &[
    '件', '条', '个', '人', '次', '项', '万', '元', '亿', '年', '月', '日', '余', '多', '%', '％',
];

/// A line with numbers and nothing else (no label): where a scattered table's numbers
/// end up.
#[derive(Debug, Clone, Copy)]
pub struct LooseLine {
    line: usize,
    span: Span,
    numbers: usize,
}

/// The lines of `lines` that hold only numbers, taken before rows are rebuilt from
/// stacked or wrapped lines (which moves numbers onto their labels' lines).
pub fn loose_lines(lines: &[TableLine]) -> Vec<LooseLine> {
    let continues_a_sentence = |at: usize| {
        lines[at + 1..]
            .iter()
            .find(|l| !l.is_blank())
            .is_some_and(|next| next.label.starts_with(UNITS))
    };
    lines
        .iter()
        .enumerate()
        .filter(|&(at, l)| {
            l.label.is_empty()
                && !l.fields.is_empty()
                && l.fields
                    .iter()
                    .all(|f| matches!(f.token, Token::Number(_) | Token::Dash))
                && !continues_a_sentence(at)
        })
        .map(|(_, l)| LooseLine {
            line: l.index,
            span: l.span,
            numbers: l.fields.len(),
        })
        .collect()
}

/// Words of each table's own header: two of them on a section's short lines say the table
/// is there. Not words prose uses of its figures (`结转下年度继续办理`).
const HEADER_WORDS: [(TableId, &[&str]); 3] = [
    (
        TableId::T2,
        &[
            "本年制发件数",
            "本年废止件数",
            "现行有效件数",
            "本年处理决定数量",
            "本年收费金额",
        ],
    ),
    (
        TableId::T3,
        &[
            "申请人情况",
            "本年新收政府信息公开申请数量",
            "上年结转政府信息公开申请数量",
            "本年度办理结果",
        ],
    ),
    (
        TableId::T4,
        &[
            "结果维持",
            "结果纠正",
            "尚未审结",
            "未经复议直接起诉",
            "复议后起诉",
        ],
    ),
];

/// For each table not read (absent, or only its header found) whose section was found:
/// when that section holds at least [`MIN_LOOSE_NUMBERS`] loose numbers outside every
/// table that was read, or some and its header's words on lines of their own (a header
/// whose cells are a line each, its rows' zeros left blank: too few numbers to tell),
/// records the table as unreadable (an [`Unparsed`] of that table, pointing at the first
/// of them) and absent. Gives the lines of those tables' sections (after the
/// heading, before the next), where the table's debris lies.
pub fn record_unreadable(
    tables: &mut Vec<Table>,
    lines: &[TableLine],
    loose: &[LooseLine],
    headings: &HeadingLines,
    sections: TableSections,
    unparsed: &mut Vec<Unparsed>,
    unfilled: &mut Vec<UnfilledTable>,
) -> Vec<Range<usize>> {
    let mut unreadable_sections = Vec::new();
    let expected = [
        (TableId::T2, sections.proactive),
        (TableId::T3, sections.applications),
        (TableId::T4, sections.litigation),
    ];
    for (id, heading) in expected {
        let Some(heading) = heading else { continue };
        if tables.iter().any(|t| t.id == id && !t.rows.is_empty()) {
            continue;
        }
        let end = headings
            .iter()
            .copied()
            .filter(|&h| h > heading)
            .min()
            .unwrap_or(usize::MAX);
        let in_section: Vec<&LooseLine> = loose
            .iter()
            .filter(|l| l.line > heading && l.line < end)
            .filter(|l| {
                !tables
                    .iter()
                    .any(|t| !t.rows.is_empty() && t.span.contains(l.span))
            })
            .collect();
        let count: usize = in_section.iter().map(|l| l.numbers).sum();
        let what = if count >= MIN_LOOSE_NUMBERS {
            in_section.first().map(|first| {
                (
                    first.span,
                    format!(
                        "{}：此节有 {count} 个数字不在任何一行表格里（各自成行或没有项目名称），\
                         读不出表格的行和列；表格被拆散了，例如 pdftotext 不加 -layout 时逐列输出",
                        id.display_name()
                    ),
                )
            })
        } else if let Some(first) = in_section.first() {
            header_in_section(lines, id, heading, end).map(|(words, _)| {
                (
                    first.span,
                    format!(
                        "{}：此节有表头（{}），但读不出表格的行和列（只读到 {count} 个数字）；\
                         表格在复制或转换时被拆散了",
                        id.display_name(),
                        words.join("、")
                    ),
                )
            })
        } else {
            // A header with no number at all: the numbers were never written (or all
            // lost), and the table is reported missing, as one lost whole is; that its
            // header is there is recorded for the finding to say.
            if let Some((header, span)) = header_in_section(lines, id, heading, end) {
                unfilled.push(UnfilledTable {
                    table: id,
                    span,
                    header,
                });
            }
            None
        };
        let Some((span, what)) = what else {
            continue;
        };
        tables.retain(|t| t.id != id);
        unreadable_sections.push(heading + 1..end);
        unparsed.push(Unparsed {
            table: id,
            span,
            what,
        });
    }
    unreadable_sections
}

/// Two or more of table `id`'s header words on short lines between `heading` and `end`
/// (not prose: no longer than a header row, no sentence's end): the words found, and the
/// first line holding one.
fn header_in_section(
    lines: &[TableLine],
    id: TableId,
    heading: usize,
    end: usize,
) -> Option<(Vec<&'static str>, Span)> {
    let (_, words) = HEADER_WORDS.iter().find(|(table, _)| *table == id)?;
    let mut found = Vec::new();
    let mut first = None;
    for line in lines.iter().filter(|l| l.index > heading && l.index < end) {
        if line.label.chars().count() > HEADER_CELL_CHARS || line.label.contains(['。', '；']) {
            continue;
        }
        for word in words.iter().filter(|w| line.label.contains(**w)) {
            if !found.contains(word) {
                found.push(*word);
                first.get_or_insert(line.span);
            }
        }
    }
    let first = first.filter(|_| found.len() >= 2)?;
    Some((found, first))
}

/// The longest label [`header_in_section`] takes for a header's cell (or a row of them).
const HEADER_CELL_CHARS: usize = 40;

/// Whether a line in the section of an unreadable table is that table's debris rather than
/// prose: a cell's few words (pdftotext wraps a label every few characters) or numbers.
/// Prose rules skip such lines, as they skip a table's rows: `（六）其他处理` or `收费` in
/// a label is not a statement about them.
pub fn is_debris(line: &str) -> bool {
    let line = line.trim();
    line.chars().count() <= DEBRIS_CHARS && !line.contains(['。', '；'])
}

/// The longest line [`is_debris`] takes for a cell's words; a line of prose broken at the
/// page width is longer (its paragraph's last line may not be, and is taken too: it is
/// in a section whose numbers cannot be checked anyway).
const DEBRIS_CHARS: usize = 12;

#[cfg(test)]
mod tests {
    use crate::document::{Report, TableId};
    use crate::source::SourceFile;

    fn parse(text: &str) -> Report {
        crate::parse::parse(&SourceFile::from_text("t.txt", text.to_string()))
    }

    fn numbers_a_line(count: usize) -> String {
        (0..count).map(|n| format!("{}\n", n % 4)).collect()
    }

    #[test]
    fn numbers_apart_from_their_labels_make_a_table_unreadable() {
        // pdftotext without -layout: the labels' words, then the rows' numbers.
        let text = format!(
            "三、收到和处理政府信息公开申请情况\n申请人\n情况\n一、本\n年新收\n二、上\n年结转\n{}\
             四、政府信息公开行政复议、行政诉讼情况\n",
            numbers_a_line(14)
        );
        let report = parse(&text);
        assert!(report.table(TableId::T3).is_none());
        let unreadable = report.unreadable_table(TableId::T3).expect("unreadable");
        assert!(unreadable.what.contains("14 个数字"), "{unreadable:?}");
        assert_eq!(&text[unreadable.span.start..unreadable.span.end], "0");
        // The labels' debris is not prose.
        let line = text.lines().position(|l| l == "年新收").expect("line");
        assert!(report.row_lines[line]);
    }

    #[test]
    fn a_scattered_table_in_the_last_section_found() {
        // No heading after section 四: its lines run to the end of the text (a fuzzer's
        // input once made that range run to usize::MAX).
        let text = format!(
            "四、政府信息公开行政复议、行政诉讼情况\n行政复议\n结果维持\n{}",
            numbers_a_line(12)
        );
        let report = parse(&text);
        assert!(report.unreadable_table(TableId::T4).is_some());
        assert!(report.row_lines.iter().filter(|&&row| row).count() >= 12);
    }

    #[test]
    fn a_table_lost_without_its_numbers_is_absent() {
        // A few numbers (page numbers, a date) and numbers set apart from their
        // sentences (a scraper's text) are no table.
        let prose = "全年主动公开信息\n12\n条，其中政策解读\n3\n件。\n".repeat(4);
        for body in [numbers_a_line(5), prose] {
            let text =
                format!("二、主动公开政府信息情况\n{body}三、收到和处理政府信息公开申请情况\n");
            let report = parse(&text);
            assert!(report.table(TableId::T2).is_none(), "{body}");
            assert!(report.unreadable_table(TableId::T2).is_none(), "{body}");
            assert!(report.unparsed.is_empty(), "{body}");
        }
    }

    #[test]
    fn a_header_with_too_few_numbers_to_read_is_unreadable_not_absent() {
        // Table 四 a cell a line, its zeros left blank and a row's last blanks on one line
        // (`|||||`): five numbers, fewer than a scattered table's, but its header says
        // the table is there.
        let header = "行政复议 |\n|\n|\n|\n|\n行政诉讼 |\n|||||||||\n结果维持 |\n结果纠正 |\n\
                      其他结果 |\n尚未审结 |\n总计 |\n未经复议直接起诉 |\n|\n|\n|\n|\n复议后起诉 |\n\
                      ||||\n|\n|\n|\n|\n|\n"
            .to_string()
            + &"结果维持 |\n结果纠正 |\n其他结果 |\n尚未审结 |\n总计 |\n".repeat(2);
        let numbers = "1 |\n|\n|\n1 |\n2 |\n1 |\n|\n|\n|\n1 |\n|||||\n";
        let text = format!(
            "四、政府信息公开行政复议、行政诉讼情况\n{header}{numbers}五、存在的主要问题及改进情况\n"
        );
        let report = parse(&text);
        assert!(report.table(TableId::T4).is_none());
        let unreadable = report.unreadable_table(TableId::T4).expect("unreadable");
        assert!(unreadable.what.contains("此节有表头"), "{unreadable:?}");
        // A header with no number at all: its numbers lost (or never written), reported
        // missing as a table lost whole is.
        let bare = format!(
            "四、政府信息公开行政复议、行政诉讼情况\n{header}五、存在的主要问题及改进情况\n"
        );
        let report = parse(&bare);
        assert!(report.unreadable_table(TableId::T4).is_none());
        // …and that its header is there is recorded, for the finding to say.
        let unfilled = report.unfilled_table(TableId::T4).expect("unfilled");
        assert_eq!(
            unfilled.header,
            [
                "结果维持",
                "结果纠正",
                "尚未审结",
                "未经复议直接起诉",
                "复议后起诉"
            ]
        );
        assert_eq!(&bare[unfilled.span.start..unfilled.span.end], "结果维持 |");
        // The words in prose are no header: a table lost in the copy is absent, the few
        // numbers beside it notwithstanding.
        let prose = format!(
            "四、政府信息公开行政复议、行政诉讼情况\n全年行政复议结果维持1件，尚未审结1件，\
             未发生被纠错的情况。\n{numbers}五、存在的主要问题及改进情况\n"
        );
        let report = parse(&prose);
        assert!(report.unreadable_table(TableId::T4).is_none());
        assert!(report.unfilled.is_empty(), "{:?}", report.unfilled);
    }

    #[test]
    fn rows_whose_numbers_come_before_their_labels_are_not_guessed() {
        // pdftotext without -layout gave table 二 so: each row's numbers, then its label.
        // Read label first, 规章 would get 行政规范性文件's numbers.
        let text = "二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\n本年制发件数\n\
                    本年废止件数\n现行有效件数\n0\n0\n0\n规章\n2\n1\n15\n行政规范性文件\n\
                    本年处理决定数量\n120\n行政许可\n35\n行政处罚\n\
                    三、收到和处理政府信息公开申请情况\n";
        let report = parse(text);
        assert!(report.table(TableId::T2).is_none());
        assert!(report.unreadable_table(TableId::T2).is_some());
    }
}
