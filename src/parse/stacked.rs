//! Tables whose cells stand one to a line: what a scraper's `get_text("\n")` of a web page,
//! a PDF viewer's copy, or `pdftotext` without `-layout` makes of a report's tables.
//!
//! ```text
//! （一）予以公开        ← the row's label (the line before its numbers)
//! 8                     ← its numbers, one a line
//! 1
//! …
//! ```
//!
//! Each run of lines holding one number and nothing else is put on the line of the
//! label before it, so that the table readers see one line per row; the labels' other
//! lines (a group label such as 三、本年度办理结果, the header's words) stay lines of their
//! own, as the readers take them in the other shapes. Table 四's one row has no label:
//! a run of its fifteen numbers keeps the line before it (the header's last word) apart.

use super::fields::{Field, TableLine};

/// The numbers of table 四's only row.
const T4_NUMBERS: usize = 15;

/// The longest label (in characters) a stacked row may have: the longest of table 三 is
/// under 40; a line of prose is longer.
const LABEL_CHARS: usize = 48;

/// Puts each stacked row of `lines` (the lines of `text`, in order; the section headings
/// stand on `headings`) on one line. Nothing happens unless some row has three numbers
/// stacked: prose puts a lone number on a line of its own now and then, a table's rows
/// many.
pub fn stack_cell_lines(text: &str, lines: &mut [TableLine], headings: &[usize]) {
    let is_lone_number = |line: &TableLine| {
        line.fields.len() == 1
            && line.fields[0].token.is_numeric()
            && !text[line.span.start..line.span.end].contains(['\t', '|'])
    };
    let runs = number_runs(lines, &is_lone_number);
    if !runs.iter().any(|run| run.len() >= 3) {
        return;
    }
    for run in runs {
        let label = run.first().and_then(|&first| {
            (run.len() != T4_NUMBERS)
                .then(|| label_line(lines, first, headings))
                .flatten()
        });
        let host = label.unwrap_or(run[0]);
        let numbers: Vec<Field> = run
            .iter()
            .filter(|&&line| line != host)
            .flat_map(|&line| lines[line].fields.iter().cloned())
            .collect();
        let end = lines[run[run.len() - 1]].span.end;
        let line = &mut lines[host];
        let mut fields = std::mem::take(&mut line.fields).into_vec();
        fields.extend(numbers);
        line.fields = fields.into_boxed_slice();
        // The row reaches down to its last number: findings on it show them all.
        line.span.end = end;
        let numbers = line.number_count();
        line.table_like = numbers >= 2 && line.label.chars().count() <= LABEL_CHARS;
        for &taken in run.iter().filter(|&&line| line != host) {
            let line = &mut lines[taken];
            line.fields = Box::default();
            line.table_like = false;
        }
    }
}

/// The runs of lone-number lines (blank lines between them allowed), each as its lines.
fn number_runs(
    lines: &[TableLine],
    is_lone_number: &dyn Fn(&TableLine) -> bool,
) -> Vec<Vec<usize>> {
    let mut runs: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        if is_lone_number(line) {
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

/// The label of the row whose numbers start at `first`: the nearest line above with
/// words only, short, no sentence and no heading.
fn label_line(lines: &[TableLine], first: usize, headings: &[usize]) -> Option<usize> {
    let at = (0..first).rev().find(|&l| !lines[l].is_blank())?;
    let line = &lines[at];
    let is_label = !headings.contains(&line.index)
        && !line.table_like
        && line.number_count() == 0
        && line.label.chars().count() <= LABEL_CHARS
        && !line.label.contains(['。', '；', ';']);
    is_label.then_some(at)
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
    fn lone_numbers_in_prose_are_left_alone() {
        let text = "一、总体情况\n全年发布信息\n12\n件，其中\n3\n件为政策解读。\n";
        let source = SourceFile::from_text("t.txt", text.to_string());
        let report = crate::parse::parse(&source);
        assert!(report.table(TableId::T3).is_none());
        assert!(!report.row_lines.iter().any(|&row| row));
    }
}
