//! Tables drawn with box characters, as a text browser prints a page (`w3m -dump`): each
//! row runs over several lines between borders, its cells' words wrapped in their
//! columns and its numbers on any of them (cells are centred).
//!
//! ```text
//! ├───────┼───────┼───────┼
//! │       │（一） │       │      ← a row: three lines
//! │       │予以公 │   8   │
//! │       │开     │       │
//! ├───────┼───────┼───────┼
//! ```
//!
//! Each row's lines are put on its first: its fields column by column, so that the table
//! readers see one line per row with its label's words in order. A cell merged over
//! several rows (table 三's 三、本年度办理结果) has no border under the rows it spans: its
//! words, on whichever row's lines they stand, join that row's label, as they would in a
//! tab-separated copy.

use super::fields::{Field, TableLine, Token};
use super::fold::{fold_label_into, is_space};

/// Characters that stand between a box table's columns.
fn is_column_line(c: char) -> bool {
    matches!(c, '│' | '┃' | '├' | '┤' | '┼' | '╞' | '╡' | '╪')
}

/// Whether a line belongs to a box table: it starts with a border or a column line.
fn is_box_line(text: &str, line: &TableLine) -> bool {
    text[line.span.start..line.span.end]
        .trim_start_matches(is_space)
        .starts_with(['│', '┃', '┌', '├', '└', '╒', '╞', '╘'])
}

/// Puts each row of the box tables among `lines` (the lines of `text`) on its first line.
pub fn merge_box_rows(text: &str, lines: &mut [TableLine]) {
    // Most texts have no box table: one search of the bytes (`│` is E2 94 82).
    if memchr::memmem::find(text.as_bytes(), "│".as_bytes()).is_none() {
        return;
    }
    let mut at = 0;
    while at < lines.len() {
        if !is_box_line(text, &lines[at]) {
            at += 1;
            continue;
        }
        let end = (at..lines.len())
            .find(|&l| !is_box_line(text, &lines[l]))
            .unwrap_or(lines.len());
        let mut row: Vec<usize> = Vec::new();
        for line in at..end {
            // A border ends the row above it; words beside a border (a merged cell going
            // on in its column) belong to the row below.
            if lines[line].fields.iter().any(|f| f.token == Token::Rule) {
                merge_row(text, lines, &row);
                row.clear();
                if lines[line].fields.iter().any(|f| f.token != Token::Rule) {
                    row.push(line);
                } else {
                    lines[line].take_words();
                }
            } else {
                row.push(line);
            }
        }
        merge_row(text, lines, &row);
        at = end;
    }
}

/// Puts the fields of a row's lines on its first line, column by column.
fn merge_row(text: &str, lines: &mut [TableLine], row: &[usize]) {
    let Some((&first, rest)) = row.split_first() else {
        return;
    };
    let mut placed: Vec<(usize, Field)> = Vec::new();
    for &line in row {
        let line = &lines[line];
        for field in line.fields.iter().filter(|f| f.token != Token::Rule) {
            let column = text[line.span.start..field.span.start]
                .chars()
                .filter(|&c| is_column_line(c))
                .count();
            placed.push((column, field.clone()));
        }
    }
    // Stable: within a column, the lines stay in order.
    placed.sort_by_key(|(column, _)| *column);
    let mut label = String::new();
    for (_, field) in placed.iter().filter(|(_, f)| f.token == Token::Text) {
        fold_label_into(field.raw, &mut label);
    }
    let end = rest
        .last()
        .map_or(lines[first].span.end, |&l| lines[l].span.end);
    for &line in rest {
        lines[line].take_words();
    }
    let host = &mut lines[first];
    host.fields = placed.into_iter().map(|(_, field)| field).collect();
    host.label = label;
    host.span.end = end;
    host.table_like = !host.fields.is_empty();
}

#[cfg(test)]
mod tests {
    use crate::document::TableId;
    use crate::source::SourceFile;

    /// A box table as w3m draws it: each row's cells (each a list of lines) centred
    /// over the row's height, borders between rows; `merged` rows have no border above
    /// their first column (a cell merged with the row above).
    fn boxed(rows: &[(Vec<Vec<&str>>, bool)]) -> String {
        let columns = rows[0].0.len();
        let border =
            |left: &str, first: &str| format!("{left}{first}{}┤\n", "┼──────".repeat(columns - 1));
        let mut out = format!("┌{}┐\n", vec!["──────"; columns].join("┬"));
        for (at, (cells, merged)) in rows.iter().enumerate() {
            if at > 0 {
                out.push_str(&match merged {
                    true => border("│", "      "),
                    false => border("├", "──────"),
                });
            }
            let height = cells.iter().map(Vec::len).max().unwrap_or(1);
            for line in 0..height {
                out.push('│');
                for cell in cells {
                    let top = (height - cell.len()) / 2;
                    let words = line.checked_sub(top).and_then(|l| cell.get(l)).copied();
                    out.push_str(&format!("{:<6}│", words.unwrap_or("")));
                }
                out.push('\n');
            }
        }
        out.push_str(&format!("└{}┘\n", vec!["──────"; columns].join("┴")));
        out
    }

    #[test]
    fn rows_over_lines_between_borders() {
        let numbers = |n: [&'static str; 7]| n.into_iter().map(|n| vec![n]);
        let row = |labels: [Vec<&'static str>; 2], n, merged| {
            (labels.into_iter().chain(numbers(n)).collect(), merged)
        };
        let table = boxed(&[
            row(
                [vec!["申请人情况"], vec![]],
                ["自然人", "商业", "科研", "公益", "法律", "其他", "总计"],
                false,
            ),
            row(
                [vec!["一、本", "年新收", "申请数"], vec![]],
                ["20", "3", "0", "1", "1", "0", "25"],
                false,
            ),
            row(
                [vec![], vec!["（一）", "予以公", "开"]],
                ["8", "1", "0", "0", "0", "0", "9"],
                false,
            ),
            row(
                [vec!["三、本", "年度办"], vec!["（二）", "部分公", "开"]],
                ["3", "1", "0", "0", "0", "0", "4"],
                true,
            ),
        ]);
        let text = format!("三、收到和处理政府信息公开申请情况\n{table}");
        let report = crate::parse::parse(&SourceFile::from_text("t.txt", text.clone()));
        let t3 = report.table(TableId::T3).expect("table 三");
        let keys: Vec<&str> = t3.rows.iter().map(|r| r.key).collect();
        assert_eq!(keys, ["new_received", "granted", "partial"], "{text}");
        let totals: Vec<&str> = t3.rows.iter().map(|r| r.cells[6].raw.as_str()).collect();
        assert_eq!(totals, ["25", "9", "4"]);
        // A cell's span is its number, on its own line.
        let cell = &t3.rows[1].cells[0];
        assert_eq!(&text[cell.span.start..cell.span.end], "8");
    }
}
