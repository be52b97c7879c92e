//! Tables whose cells stand one to a line: what a scraper's `get_text("\n")` of a web page,
//! PyMuPDF's `get_text()` of a PDF, or a PDF viewer's copy makes of a report's tables.
//!
//! ```text
//! （一）予以公开        ← the row's label (the line before its numbers)
//! 8                     ← its numbers, one a line
//! 1
//! …
//! ```
//!
//! Each run of lines holding one number and nothing else is put on the line of the
//! label before it, so that the table readers see one line per row. A label's words may
//! be wrapped over several lines (a PDF's narrow column, as PyMuPDF reads it); a cell's
//! first line starts with its item number (一、 （三） 2.), which tells where the row's
//! label begins and which lines above it are a group's label (三、本年度办理结果, （三）不予
//! 公开): those are joined into a line of their own, as the readers take them in the other
//! shapes. Without item numbers (table 二) the label is the line before the numbers.
//! Table 四's one row has no label: a run of its fifteen numbers keeps the line before
//! it (the header's last word) apart.

use super::fields::{Field, TableLine, Token};
use super::reflow::starts_a_cell;
use crate::document::schema::{T2_COLUMNS, T3_COLUMNS};
use crate::document::Span;

/// The numbers of table 四's only row.
const T4_NUMBERS: usize = 15;

/// The longest line (in characters) of a stacked row's label: the longest label of table
/// 三 is under 40; a line of prose is longer.
const LABEL_CHARS: usize = 48;

/// Puts each stacked row of `lines` (the lines of `text`, in order; the section headings
/// stand on `headings`) on one line. Nothing happens unless some row has three numbers
/// stacked: prose puts a lone number on a line of its own now and then, a table's rows
/// many.
pub fn stack_cell_lines(text: &str, lines: &mut [TableLine], headings: &[usize]) {
    // A Markdown row of one cell (`| 5 |`) is no lone number; a cell closed by a pipe
    // (`5 |`, as some converters write a page's table a cell a line) is, and so are the
    // blank cells `blank_pipe_cells` found.
    let is_lone_number = |line: &TableLine| {
        let line_text =
            text[line.span.start..line.span.end].trim_end_matches(super::fold::is_space);
        let own = line_text.strip_suffix('|').unwrap_or(line_text);
        (line.fields.len() == 1 && line.fields[0].token.is_numeric() && !own.contains('|'))
            || (!line.fields.is_empty() && line.fields.iter().all(is_blank_cell))
    };
    let mut runs = number_runs(text, lines, &is_lone_number);
    let stacked = runs.iter().any(|run| run.len() >= 3);
    // Lines of pipes alone may stand for blank cells: taken so when the text has a table a
    // cell a line, or when with them some run of three or more holds a number (a body with
    // one or two applications writes few numbers, and leaves the rest blank) — not in a
    // Markdown table's header, whose merged cells leave such lines with no number by them.
    let blanks = blank_pipe_cells(text, lines);
    if !blanks.is_empty() {
        let mut with_blanks = number_runs(text, lines, &is_lone_number);
        // (`blanks` is in line order: searched, not scanned — a run can be long.)
        let after_header = |at: usize| {
            blanks
                .binary_search_by_key(&at, |&(line, _)| line)
                .is_ok_and(|i| blanks[i].1)
        };
        // Table 四's fifteen numbers between its header row's padding and its own: the
        // padding is no cell (no other table has a row as long).
        for run in &mut with_blanks {
            if run.len() > T4_NUMBERS && after_header(run[0]) {
                lines[run[0]].fields = Box::default();
                run.remove(0);
            }
            while run.len() > T4_NUMBERS
                && run
                    .last()
                    .is_some_and(|&at| lines[at].fields.iter().all(is_blank_cell))
            {
                if let Some(at) = run.pop() {
                    lines[at].fields = Box::default();
                }
            }
        }
        let written = |at: &usize| !lines[*at].fields.iter().all(is_blank_cell);
        if stacked
            || with_blanks
                .iter()
                .any(|run| run.len() >= 3 && run.iter().any(written))
        {
            runs = with_blanks;
        } else {
            for (at, _) in blanks {
                lines[at].fields = Box::default();
            }
        }
    }
    if !runs.iter().any(|run| run.len() >= 3) {
        return;
    }
    let mut after_previous = 0;
    // The section whose runs are being joined, and whether they can be.
    let mut section = None;
    let mut labels_first = true;
    for run in runs {
        let (first, last) = (run[0], run[run.len() - 1]);
        let words = label_lines(lines, after_previous..first, headings);
        after_previous = last + 1;
        let in_section = headings
            .iter()
            .copied()
            .filter(|&h| h < lines[first].index)
            .max();
        if section != Some(in_section) {
            section = Some(in_section);
            // A table whose first numbers follow a column's header, not a row's label, is
            // not written label first: pdftotext without -layout puts a row's numbers
            // before its label, or a column's numbers after another's. Joining its runs
            // to the labels above them would give each row the next one's numbers; they
            // are left apart, and the table is reported unreadable.
            labels_first = run.len() == T4_NUMBERS
                || !words
                    .last()
                    .is_some_and(|&at| is_column_header(&lines[at].label));
        }
        if !labels_first {
            continue;
        }
        let marks: Vec<usize> = (0..words.len())
            .filter(|&i| starts_a_cell(&lines[words[i]]))
            .collect();
        // The cells of group labels between the first item number and the row's own.
        for pair in marks.windows(2) {
            let cell = &words[pair[0]..pair[1]];
            join(
                lines,
                cell[0],
                &cell[1..],
                lines[cell[cell.len() - 1]].span.end,
            );
        }
        let label: &[usize] = match marks.last() {
            _ if run.len() == T4_NUMBERS => &[],
            Some(&mark) => &words[mark..],
            None => words.last().map_or(&[], std::slice::from_ref),
        };
        let host = label.first().copied().unwrap_or(first);
        let rest: Vec<usize> = label
            .iter()
            .skip(1)
            .chain(&run)
            .copied()
            .filter(|&line| line != host)
            .collect();
        join(lines, host, &rest, lines[last].span.end);
        let line = &mut lines[host];
        line.table_like = line.number_count() >= 2 && line.label.chars().count() <= 2 * LABEL_CHARS;
    }
}

/// Cells a line, each closed by a pipe — on its line (`8 |`) or on the next (`8` / `|`), as
/// converters write a page's table: a line `|` that closes no cell (right after a closed
/// cell) stands for a cell left blank, and gets a blank field (read as 0, pointing at the
/// pipe). Converters pad each row to the table's width: a line of several pipes is
/// padding, and so is a `|` between a row of words (a header) and the next row's words (a
/// row whose only number is left blank looks the same: it stays unreadable); a `|` after
/// a row's numbers is taken as a blank, and the table readers pass over blanks past a
/// row's last cell. The lines given blanks, each with whether it follows a column's
/// header (table 四's row has no label: a blank there may be its header row's padding).
fn blank_pipe_cells(text: &str, lines: &mut [TableLine]) -> Vec<(usize, bool)> {
    #[derive(Clone, Copy, PartialEq)]
    enum Kind {
        Empty,
        Words,
        /// Words that are a column's header.
        Header,
        Number,
        /// Pipes alone: how many, and whether the first closes a cell written before it.
        Pipes(usize, bool),
    }
    let Some(first) = lines.iter().position(|line| {
        line.fields.is_empty() && text[line.span.start..line.span.end].contains('|')
    }) else {
        return Vec::new();
    };
    let from = first.saturating_sub(1);
    // Whether a cell's words were written since the last pipe.
    let mut open = false;
    let kinds: Vec<Kind> = lines[from..]
        .iter()
        .map(|line| {
            let line_text =
                text[line.span.start..line.span.end].trim_matches(super::fold::is_space);
            if line_text.is_empty() {
                return Kind::Empty;
            }
            if line.fields.is_empty()
                && line_text
                    .chars()
                    .all(|c| c == '|' || super::fold::is_space(c))
            {
                return Kind::Pipes(line_text.matches('|').count(), std::mem::take(&mut open));
            }
            open = !line_text.ends_with('|');
            match &line.fields[..] {
                [field] if field.token.is_numeric() => Kind::Number,
                _ if is_column_header(&line.label) || is_header_group(&line.label) => Kind::Header,
                _ => Kind::Words,
            }
        })
        .collect();
    // The kind of the nearest line before and after each line that `counts` (found in
    // one pass each way: a text may hold many empty lines).
    let nearest = |counts: fn(Kind) -> bool| {
        let mut before = Vec::with_capacity(kinds.len());
        let mut last = None;
        for &kind in &kinds {
            before.push(last);
            if counts(kind) {
                last = Some(kind);
            }
        }
        let mut after = vec![None; kinds.len()];
        let mut last = None;
        for (at, &kind) in kinds.iter().enumerate().rev() {
            after[at] = last;
            if counts(kind) {
                last = Some(kind);
            }
        }
        (before, after)
    };
    // The non-empty lines around each line; and the lines of words or numbers (past
    // lines of pipes too: a header's cells left blank, in a table exported with blank
    // cells where it had merged ones, stand a pipe a line after the header).
    let (before, after) = nearest(|kind| kind != Kind::Empty);
    let (text_before, text_after) = nearest(|kind| !matches!(kind, Kind::Empty | Kind::Pipes(..)));
    // How many lines of pipes (empty lines aside) stand in the run each line is in: a
    // header's blanks are fewer than table 四's fifteen cells, which follow its header
    // with no label, all left blank when a body had no case.
    let mut pipes_in_run = vec![0; kinds.len()];
    let mut run_start = 0;
    for at in 0..=kinds.len() {
        let in_run = kinds
            .get(at)
            .is_some_and(|kind| matches!(kind, Kind::Empty | Kind::Pipes(..)));
        if !in_run {
            let run = &kinds[run_start..at];
            let pipes = run.iter().filter(|k| matches!(k, Kind::Pipes(..))).count();
            pipes_in_run[run_start..at].fill(pipes);
            run_start = at + 1;
        }
    }
    let (previous, next) = (|at: usize| before[at], |at: usize| after[at]);
    let words = |kind: Option<Kind>| matches!(kind, Some(Kind::Words | Kind::Header));
    let mut marked = Vec::new();
    for at in 0..kinds.len() {
        // Between a row of words and the next row's: padding; so are the pipes between a
        // header's words and the next words (a row's blank cells follow its label, which
        // is no header).
        let padding = (words(previous(at)) && (next(at).is_none() || words(next(at))))
            || (text_before[at] == Some(Kind::Header)
                && pipes_in_run[at] < T4_NUMBERS
                && (text_after[at].is_none() || words(text_after[at])));
        if kinds[at] != Kind::Pipes(1, false) || padding {
            continue;
        }
        let line = &mut lines[from + at];
        let pipe = line.span.start + text[line.span.start..line.span.end].find('|').unwrap_or(0);
        line.fields = Box::new([Field {
            span: Span::new(pipe, pipe + 1),
            raw: "",
            token: Token::Dash,
            // `0 |`, as the other cells are written.
            blank_at: Some(pipe),
        }]);
        marked.push((from + at, previous(at) == Some(Kind::Header)));
    }
    marked
}

/// A field [`blank_pipe_cells`] made.
fn is_blank_cell(field: &Field) -> bool {
    field.raw.is_empty() && field.token == Token::Dash
}

/// Whether a line's words are a column's header (`现行有效件数`, `自然人`) of table 二 or
/// 三: short headers (`其他`, `总计`) only as the whole line, since row labels contain them.
fn is_column_header(label: &str) -> bool {
    T2_COLUMNS
        .iter()
        .chain(T3_COLUMNS)
        .flat_map(|column| column.header_words)
        .any(|&word| label == word || (word.chars().count() >= 4 && label.contains(word)))
}

/// Whether a line's words are a header cell that names no column but a group of them
/// (`申请人情况`, `法人或其他组织`), or the table's first cell (`信息内容`, table 三's note on
/// its identity).
fn is_header_group(label: &str) -> bool {
    // (Labels are folded: `（` is `(`.)
    matches!(label, "申请人情况" | "法人或其他组织" | "信息内容") || label.starts_with("(本列数据")
}

/// Joins the fields and label of lines `rest` to line `host`, which then reaches to
/// `end` (findings on the row show all its lines); the `rest` are left empty.
fn join(lines: &mut [TableLine], host: usize, rest: &[usize], end: usize) {
    if rest.is_empty() {
        return;
    }
    let (mut fields, mut label) = lines[host].take_words();
    for &line in rest {
        let (more_fields, more_label) = lines[line].take_words();
        fields.extend(more_fields);
        label.push_str(&more_label);
    }
    let line = &mut lines[host];
    line.fields = fields.into_boxed_slice();
    line.label = label;
    line.span.end = end;
}

/// The runs of lone-number lines (blank lines between them allowed), each as its lines.
fn number_runs(
    text: &str,
    lines: &[TableLine],
    is_lone_number: &dyn Fn(&TableLine) -> bool,
) -> Vec<Vec<usize>> {
    // A sentence's year set apart from it (`2023` / `年，我局…`) is no table's number.
    let starts_a_sentence = |at: usize| {
        lines[at + 1..]
            .iter()
            .find(|line| !line.is_blank())
            .is_some_and(|next| {
                text[next.span.start..next.span.end]
                    .trim_start_matches(super::fold::is_space)
                    .starts_with('年')
            })
    };
    let mut runs: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        if is_lone_number(line) && !starts_a_sentence(at) {
            current.push(at);
        } else if !line.is_blank() && !current.is_empty() {
            runs.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

/// The lines of words right above a run of numbers (within `within`, top to bottom):
/// words only, short, no sentence and no heading.
fn label_lines(
    lines: &[TableLine],
    within: std::ops::Range<usize>,
    headings: &[usize],
) -> Vec<usize> {
    let mut words = Vec::new();
    for at in within.rev() {
        let line = &lines[at];
        if line.is_blank() {
            continue;
        }
        let is_words = !headings.contains(&line.index)
            && !line.table_like
            && line.number_count() == 0
            && line.label.chars().count() <= LABEL_CHARS
            && !line.label.contains(['。', '；', ';']);
        if !is_words {
            break;
        }
        words.push(at);
    }
    words.reverse();
    words
}

#[cfg(test)]
mod tests {
    use crate::document::TableId;
    use crate::source::SourceFile;

    fn one_cell_a_line(table: &str) -> String {
        table
            .split(['\t', '\n'])
            .filter(|c| !c.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn rows(report: &str, id: TableId) -> Vec<(&'static str, Vec<String>)> {
        let report = crate::parse::parse(&SourceFile::from_text("t.txt", report.to_string()));
        let table = report.table(id).expect("the table");
        table
            .rows
            .iter()
            .map(|r| (r.key, r.cells.iter().map(|c| c.raw.clone()).collect()))
            .collect()
    }

    #[test]
    fn table_three_one_cell_a_line() {
        let report = format!(
            "三、收到和处理政府信息公开申请情况\n{}\n四、政府信息公开行政复议、行政诉讼情况\n",
            one_cell_a_line(
                "申请人情况\t自然人\t法人或其他组织\t总计\n\
                 一、本年新收政府信息公开申请数量\t20\t3\t0\t1\t1\t0\t25\n\
                 三、本年度办理结果\t（一）予以公开\t8\t1\t0\t0\t0\t0\t9\n\
                 （二）部分公开（区分处理的，只计这一情形，不计其他情形）\t3\t1\t0\t0\t0\t0\t4\n\
                 （三）不予公开\t1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0"
            )
        );
        let found = rows(&report, TableId::T3);
        let keys: Vec<_> = found.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            keys,
            ["new_received", "granted", "partial", "denied.state_secret"]
        );
        assert_eq!(found[1].1, ["8", "1", "0", "0", "0", "0", "9"]);
    }

    #[test]
    fn labels_wrapped_over_lines_of_their_own() {
        // PyMuPDF's text of a PDF with a narrow label column.
        let seven = "\n0\n0\n0\n0\n0\n0\n0\n";
        let report = [
            "三、收到和处理政府信息公开申请情况\n申请人\n情况\n自然人\n总计\n",
            "一、本\n年新收\n申请数\n量",
            seven,
            "三、本\n年度办\n理结果\n（一）\n予以公\n开",
            seven,
            "（三）\n不予公\n开\n1.属于\n国家秘\n密",
            seven,
            "2.其他\n法律行\n政法规\n禁止公\n开",
            seven,
        ]
        .concat();
        let found = rows(&report, TableId::T3);
        let keys: Vec<_> = found.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            keys,
            [
                "new_received",
                "granted",
                "denied.state_secret",
                "denied.law_prohibited"
            ]
        );
    }

    #[test]
    fn table_four_keeps_its_header_apart() {
        let numbers: Vec<String> = (1..=15).map(|n| n.to_string()).collect();
        let report = format!(
            "四、政府信息公开行政复议、行政诉讼情况\n行政复议\n行政诉讼\n结果维持\n尚未审结\n总计\n\n{}\n五、存在的主要问题及改进情况\n",
            numbers.join("\n\n")
        );
        let found = rows(&report, TableId::T4);
        assert_eq!(found.len(), 3);
        assert_eq!(found[2].1, ["11", "12", "13", "14", "15"]);
    }

    #[test]
    fn a_pipe_that_closes_no_cell_is_a_blank_one() {
        let head = "三、收到和处理政府信息公开申请情况\n申请人情况\n|\n自然人\n|\n";
        let numbers = ["20", "3", "", "1", "1", "", "25"];
        // Each cell closed on its line (`20 |`, a blank ` |`), or by the line after it
        // (`20` / `|`, a blank: a second `|`).
        for closed in [" |", "\n|"] {
            let cells: Vec<String> = numbers.iter().map(|n| format!("{n}{closed}")).collect();
            let report = format!(
                "{head}一、本年新收政府信息公开申请数量{closed}\n{}\n（一）予以公开{closed}\n{}\n",
                cells.join("\n"),
                ["8", "1", "", "", "", "", "9"]
                    .map(|n| format!("{n}{closed}"))
                    .join("\n"),
            );
            let found = rows(&report, TableId::T3);
            assert_eq!(found[0].0, "new_received", "{closed:?}");
            assert_eq!(
                found[0].1,
                ["20", "3", "", "1", "1", "", "25"],
                "{closed:?}"
            );
            assert_eq!(found[1].1, ["8", "1", "", "", "", "", "9"], "{closed:?}");
        }
    }

    #[test]
    fn a_header_cells_left_blank_are_no_row() {
        // A table exported with blank cells where it had merged ones, written a cell a
        // line: the header's blanks are no row (本年收费金额 was read as the fee's row,
        // blank, and the fee's own row left out).
        let t2 = "二、主动公开政府信息情况\n第二十条第（八）项 |\n|\n|\n|\n信息内容 |\n\
                  本年收费金额（单位：万元） |\n|\n|\n行政事业性收费 |\n1.25 |\n|\n|\n";
        let t3 = "三、收到和处理政府信息公开申请情况\n申请人情况 |\n|\n|\n|\n总计 |\n|\n|\n\
                  自然人 |\n法人或其他组织 |\n|\n|\n商业企业 |\n科研机构 |\n\
                  社会公益组织 |\n法律服务机构 |\n其他 |\n|\n\
                  一、本年新收政府信息公开申请数量 |\n|\n20 |\n3 |\n0 |\n1 |\n1 |\n0 |\n25 |\n";
        let report = format!("{t2}{t3}四、政府信息公开行政复议、行政诉讼情况\n");
        assert_eq!(
            rows(&report, TableId::T2),
            [("admin_fees", vec!["1.25".to_string()])]
        );
        let found = rows(&report, TableId::T3);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "new_received");
        assert_eq!(found[0].1, ["20", "3", "0", "1", "1", "0", "25"]);
        let parsed = crate::parse::parse(&SourceFile::from_text("t.txt", report));
        assert!(parsed.unparsed.is_empty(), "{:?}", parsed.unparsed);
    }

    #[test]
    fn lone_numbers_in_prose_are_left_alone() {
        let text = "一、总体情况\n全年发布信息\n12\n件，其中\n3\n件为政策解读。\n";
        let source = SourceFile::from_text("t.txt", text.to_string());
        let report = crate::parse::parse(&source);
        assert!(report.table(TableId::T3).is_none());
        assert!(!report.row_lines.iter().any(|&row| row));
    }
}
