//! Rows of a table laid out as text in columns, each cell's words wrapped onto lines of
//! their own: what `pdftotext -layout` makes of a report's PDF. A row's numbers stand on
//! one line, and the words of its label cells run over the lines around it:
//!
//! ```text
//! 三、本   （一）    8      1     0 …      ← the numbers, and each cell's first words
//! 年度办   予以公                         ← the rest of each cell, column by column
//! 理结果    开
//! ```
//!
//! Each row's label is put back together column by column (a fragment belongs to the
//! nearest of the columns where the row's lines start cells) and the lines it took words
//! from are emptied, so that the table readers see one line per row. Cells are top-aligned (the
//! numbers on a row's first line) or centred (words above the numbers too); a cell's
//! first line starts with its item number (一、 （三） 2.), which tells where a centred
//! row's words begin. Only lines without tabs or pipes take part: other shapes keep a
//! row on one line.

use super::fields::{Field, TableLine, Token};
use super::fold::fold_label_into;

/// The longest fragment of a wrapped label cell, in characters: PDF table columns are
/// narrow; prose, wrapped at the page width, has longer runs between spaces.
const FRAGMENT_CHARS: usize = 12;

/// How far (in characters) pdftotext may set a cell's words right of where the cell
/// starts.
const LAYOUT_SLACK: usize = 3;

/// Rebuilds the labels of wrapped rows in `lines` (the lines of `text`, in order; the
/// section headings stand on `headings`).
pub fn reflow_wrapped_rows(text: &str, lines: &mut [TableLine], headings: &[usize]) {
    let kinds: Vec<Kind> = lines
        .iter()
        .map(|l| {
            if headings.contains(&l.index) {
                Kind::Other
            } else {
                Kind::of(text, l)
            }
        })
        .collect();
    if !kinds.contains(&Kind::Fragment) {
        return;
    }
    let mut taken = vec![false; lines.len()];
    let mut labels: Vec<(usize, String)> = Vec::new();
    for (at, kind) in kinds.iter().enumerate() {
        if *kind != Kind::Numbers {
            continue;
        }
        // Words of the label sit left of the numbers; a line with words over them is a
        // header. (pdftotext places a short last line of a cell a character or two
        // right of the cell's start: within the slack.)
        // Text without column positions has no label area: all its words may be labels.
        let spaced = single_spaced(text, &lines[at]);
        let label_area = match spaced {
            true => usize::MAX,
            false => lines[at].numbers().next().map_or(0, |n| {
                column_of(text, &lines[at], n.span.start) + LAYOUT_SLACK
            }),
        };
        let in_label_area = |line: &TableLine| {
            line.fields
                .iter()
                .all(|f| column_of(text, line, f.span.start) < label_area)
        };
        let above = words_above(&kinds, lines, at, &in_label_area);
        let below = words_below(&kinds, lines, at, &in_label_area);
        if above.is_empty() && below.is_empty() {
            continue;
        }
        for &line in above.iter().chain(&below) {
            taken[line] = true;
        }
        let row: Vec<usize> = above.iter().copied().chain([at]).chain(below).collect();
        labels.push((at, row_label(text, lines, &row, spaced)));
    }
    for (at, label) in labels {
        lines[at].label = label;
    }
    for (line, taken) in lines.iter_mut().zip(taken) {
        if taken {
            line.take_words();
        }
    }
}

/// The label of a row whose words stand on `row` (its lines, top to bottom), put back
/// together column by column. The columns are where the row's lines start cells, those
/// within the slack of each other taken as one: a centred row may have no words beside
/// its numbers, and a cell merged over two rows may stand on lines of either.
///
/// Text whose columns are one space apart (`spaced`: pdfplumber's `extract_text`) keeps
/// no column positions: each line's words fill the cells by their order, the last words
/// in the last cell (the first column's words, a group's short label, run out first).
fn row_label(text: &str, lines: &[TableLine], row: &[usize], spaced: bool) -> String {
    if spaced {
        let words = |line: usize| text_fields(&lines[line]).map(|f| f.raw);
        let cell_count = row.iter().map(|&l| words(l).count()).max().unwrap_or(0);
        let mut cells: Vec<String> = vec![String::new(); cell_count];
        for &line in row {
            let skip = cell_count - words(line).count();
            for (cell, words) in cells.iter_mut().skip(skip).zip(words(line)) {
                fold_label_into(words, cell);
            }
        }
        return cells.concat();
    }
    let mut starts: Vec<usize> = row
        .iter()
        .flat_map(|&line| label_columns(text, &lines[line]))
        .collect();
    starts.sort_unstable();
    let mut columns: Vec<usize> = Vec::new();
    for x in starts {
        if columns
            .last()
            .is_none_or(|&column| x > column + LAYOUT_SLACK)
        {
            columns.push(x);
        }
    }
    let mut cells: Vec<String> = vec![String::new(); columns.len().max(1)];
    for &line in row {
        let line = &lines[line];
        for field in line.fields.iter().filter(|f| f.token == Token::Text) {
            let x = column_of(text, line, field.span.start);
            let nearest = columns
                .iter()
                .enumerate()
                .min_by_key(|(_, &column)| column.abs_diff(x))
                .map_or(0, |(i, _)| i);
            fold_label_into(field.raw, &mut cells[nearest]);
        }
    }
    cells.concat()
}

/// What a line can be in a wrapped table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A row's numbers, with at most the first words of its label cells.
    Numbers,
    /// Words of label cells and nothing else.
    Fragment,
    Blank,
    Other,
}

impl Kind {
    fn of(text: &str, line: &TableLine) -> Self {
        if line.is_blank() {
            return Kind::Blank;
        }
        // Other shapes keep a row on one line (and most rows of a text are tabbed); a
        // row whose cells stood one a line is already one (it spans those lines).
        let raw = &text[line.span.start..line.span.end];
        if memchr::memchr3(b'\t', b'|', b'\n', raw.as_bytes()).is_some() {
            return Kind::Other;
        }
        // Most other lines are prose: a word longer than a fragment (by its bytes first)
        // rules a line out.
        let short_words = line
            .fields
            .iter()
            .filter(|f| f.token == Token::Text)
            .all(|f| {
                f.raw.len() <= FRAGMENT_CHARS * 4
                    && f.raw.chars().count() <= FRAGMENT_CHARS
                    && !f.raw.contains(['。', '；'])
            });
        // A block title of table 二 (第二十条第（一）项) is a row of its own.
        if !short_words || line.label.contains("第二十条") {
            return Kind::Other;
        }
        match line.number_count() {
            0 => Kind::Fragment,
            _ => Kind::Numbers,
        }
    }
}

/// Whether a label cell's first line: it starts with an item number (一、 （三） 2.).
pub(super) fn starts_a_cell(line: &TableLine) -> bool {
    line.fields
        .iter()
        .find(|f| f.token == Token::Text)
        .is_some_and(|first| opens_with_item_number(first.raw))
}

/// Whether words start with an item number (一、 （三） 2.).
fn opens_with_item_number(words: &str) -> bool {
    let mut folded = String::new();
    fold_label_into(words, &mut folded);
    let numeral = |c: char| "一二三四五六七八九十".contains(c);
    let mut chars = folded.chars();
    match chars.next() {
        Some('(') => {
            let inner: String = chars.by_ref().take_while(|&c| c != ')').collect();
            !inner.is_empty() && inner.chars().all(numeral)
        }
        Some(c) if numeral(c) => chars.find(|&c| !numeral(c)) == Some('、'),
        Some(c) if c.is_ascii_digit() => {
            matches!(chars.find(|c| !c.is_ascii_digit()), Some('.' | '、'))
        }
        _ => false,
    }
}

/// The fragment lines above `at` that belong to its row: from the first line after the
/// previous row's numbers that starts a cell (a centred row; the lines before it end the
/// previous row, as [`words_below`] reads them) down to `at`; none when no such line
/// comes (a top-aligned row: the words above are the previous row's).
fn words_above(
    kinds: &[Kind],
    lines: &[TableLine],
    at: usize,
    in_label_area: &dyn Fn(&TableLine) -> bool,
) -> Vec<usize> {
    let mut from = at;
    for line in (0..at).rev() {
        match kinds[line] {
            Kind::Fragment if in_label_area(&lines[line]) => from = line,
            Kind::Blank => {}
            Kind::Fragment | Kind::Numbers | Kind::Other => break,
        }
    }
    let start = (from..at).find(|&l| kinds[l] == Kind::Fragment && starts_a_cell(&lines[l]));
    start.map_or_else(Vec::new, |start| {
        (start..at)
            .filter(|&l| kinds[l] == Kind::Fragment)
            .collect()
    })
}

/// The fragment lines below `at` that continue its cells: up to the next row, or a line
/// that starts a cell (the words above a centred row).
fn words_below(
    kinds: &[Kind],
    lines: &[TableLine],
    at: usize,
    in_label_area: &dyn Fn(&TableLine) -> bool,
) -> Vec<usize> {
    let mut below = Vec::new();
    for line in at + 1..kinds.len() {
        match kinds[line] {
            Kind::Fragment if !in_label_area(&lines[line]) || starts_a_cell(&lines[line]) => break,
            Kind::Fragment => below.push(line),
            Kind::Blank => {}
            Kind::Numbers | Kind::Other => break,
        }
    }
    below
}

/// Whether a numbers line has its fields one space apart (`8 1 0 0 0 0 9`): text that
/// keeps no column positions (pdfplumber's `extract_text`). pdftotext's layout sets a
/// table's numbers further apart.
fn single_spaced(text: &str, line: &TableLine) -> bool {
    line.number_count() >= 2
        && line.fields.windows(2).all(|pair| {
            column_of(text, line, pair[1].span.start) == column_of(text, line, pair[0].span.end) + 1
        })
}

fn text_fields<'l, 'a>(line: &'l TableLine<'a>) -> impl Iterator<Item = &'l Field<'a>> {
    line.fields.iter().filter(|f| f.token == Token::Text)
}

/// Where each label cell of a numbers line starts (in characters from the line start):
/// the row's label columns. Words one space apart are one cell (`(一) 予`); columns
/// stand further apart.
fn label_columns(text: &str, line: &TableLine) -> Vec<usize> {
    let mut columns: Vec<usize> = Vec::new();
    let mut previous_end = None;
    for field in text_fields(line) {
        let start = column_of(text, line, field.span.start);
        if previous_end.is_none_or(|end: usize| start > end + 1) {
            columns.push(start);
        }
        previous_end = Some(column_of(text, line, field.span.end));
    }
    columns
}

fn column_of(text: &str, line: &TableLine, offset: usize) -> usize {
    text.get(line.span.start..offset)
        .map_or(0, |before| before.chars().count())
}

#[cfg(test)]
mod tests {
    use crate::document::TableId;
    use crate::source::SourceFile;

    fn table_three(rows: &str) -> Vec<(&'static str, String)> {
        let text =
            format!("三、收到和处理政府信息公开申请情况\n申请人情况   自然人   总计\n{rows}\n");
        let report = crate::parse::parse(&SourceFile::from_text("t.txt", text));
        let t3 = report.table(TableId::T3).expect("table 三");
        t3.rows
            .iter()
            .map(|r| (r.key, r.cells.iter().map(|c| c.raw.as_str()).collect()))
            .collect()
    }

    #[test]
    fn top_aligned_cells_wrap_below_their_numbers() {
        let rows = "\
一、本          20     3     0     1     1    0        25
年新收
政府信
三、本   （一）    8      1     0     0     0    0        9
年度办   予以公
理结果    开
      （三）   1.属于    0     0     0     0    0    0        0
      不予公   国家秘
       开      密
            2.其他    1     0     0     0    0    0        1
            法律行
            政法规
            禁止公
              开";
        let keys: Vec<_> = table_three(rows).into_iter().map(|(k, _)| k).collect();
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
    fn centred_cells_wrap_above_and_below_their_numbers() {
        let rows = "\
            （二）部分公开（区分处理
            的，只计这一情形，不计其  3  1  0  0  0  0  4
            他情形）
            1.本机关不掌握相关政府
（四）无法提供   信息      5  1  0  1  0  0  7
            2.没有现成信息需要另行
            制作   1  0  0  0  0  0  1";
        let keys: Vec<_> = table_three(rows).into_iter().map(|(k, _)| k).collect();
        assert_eq!(
            keys,
            ["partial", "unable.not_held", "unable.needs_creation"]
        );
    }

    #[test]
    fn cells_one_space_apart_fill_by_their_order() {
        // pdfplumber's text of centred cells: no column positions, a group's label
        // (三、本年度办理结果) beside the words of the row below the one it starts on.
        let rows = "\
（一）
予以公 8 1 0 0 0 0 9
开
（二）
部分公
三、本 开（区
年度办 分处理
理结果 的，只
3 1 0 0 0 0 4
计这一
情形，
他情形）
（四） 1.本机 5 1 0 1 0 0 7
无法提 关不掌
供 握相关
政府信
息";
        let found = table_three(rows);
        let keys: Vec<_> = found.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, ["granted", "partial", "unable.not_held"]);
    }

    #[test]
    fn tab_separated_rows_are_left_alone() {
        let rows = "（七）总计\t\t1\t0\t0\t0\t0\t0\t1\n年度\n四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t0";
        let keys: Vec<_> = table_three(rows).into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["result_total", "carried_forward"]);
    }
}
