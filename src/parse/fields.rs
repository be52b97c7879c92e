//! Splitting a line into fields the way pasted tables arrive: tab-separated (merged cells
//! leave empty tabs), Markdown pipes, or aligned with runs of spaces. Each field keeps its
//! span; numbers are recognised after folding full-width digits.

use std::sync::LazyLock;

use regex::Regex;

use super::fold::{chars_but_han, fold_label_into, is_space};
use crate::document::{Num, Span};

/// A non-empty field of a line.
#[derive(Debug, Clone)]
pub struct Field<'a> {
    pub span: Span,
    /// The field as written, trimmed (borrowed: most fields are never shown).
    pub raw: &'a str,
    pub token: Token,
    /// For a cell left blank: where a number would be written into it (a suggested fix
    /// writes 0 there). Its `span` is what a label shows, often a delimiter.
    pub blank_at: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    Number(Num),
    /// `—`, `-`, `/`: a cell that says "none". Read as 0, kept as written.
    Dash,
    /// A Markdown alignment row (`---`, `:--:`) or a grid table's border (`+---+`).
    Rule,
    /// Words: the line's label holds them, folded.
    Text,
}

impl Token {
    pub fn value(&self) -> Option<Num> {
        match self {
            Token::Number(n) => Some(*n),
            Token::Dash => Some(Num::ZERO),
            _ => None,
        }
    }

    pub fn is_numeric(&self) -> bool {
        matches!(self, Token::Number(_) | Token::Dash)
    }
}

/// Buffers that [`TableLine::new`] gathers a line in.
#[derive(Debug, Default)]
pub struct LineScratch<'a> {
    fields: Vec<Field<'a>>,
    label: String,
}

/// One line, split.
#[derive(Debug, Clone)]
pub struct TableLine<'a> {
    /// 0-based line index.
    pub index: usize,
    /// The line without its terminator.
    pub span: Span,
    /// Exactly as many as the line has: a model of every line of the text is held at
    /// once, and a growing `Vec`'s spare room was most of it on files of short rows.
    pub fields: Box<[Field<'a>]>,
    /// The text fields, folded and joined: the row label.
    pub label: String,
    /// Whether the line has the shape of a table row rather than prose.
    pub table_like: bool,
}

impl<'a> TableLine<'a> {
    /// Splits line `index` (`text`, starting at byte `start`); `row_shaped` is
    /// [`is_table_row`] of it, decided once per line by the caller. `scratch` is where
    /// the fields and label are gathered (emptied again): one set of buffers for all the
    /// lines of a text, so that each line allocates its own once, at its size.
    pub fn new(
        index: usize,
        text: &'a str,
        start: usize,
        row_shaped: bool,
        scratch: &mut LineScratch<'a>,
    ) -> Self {
        if !row_shaped && is_page_number(text) {
            // Page furniture between a table's rows: nothing of the table. (A row shape,
            // `—⇥5⇥—`, is a row of the table.)
            return Self {
                index,
                span: Span::new(start, start + text.len()),
                fields: Box::default(),
                label: String::new(),
                table_like: false,
            };
        }
        split_fields(text, start, &mut scratch.fields, &mut scratch.label);
        let fields: Box<[Field<'a>]> = scratch.fields.drain(..).collect();
        let label = scratch.label.as_str().to_owned();
        scratch.label.clear();
        let numbers = fields.iter().filter(|f| f.token.is_numeric()).count();
        let table_like = row_shaped || (numbers >= 2 && label.chars().count() <= 40);
        Self {
            index,
            span: Span::new(start, start + text.len()),
            fields,
            label,
            table_like,
        }
    }

    pub fn numbers(&self) -> impl Iterator<Item = &Field<'a>> {
        self.fields.iter().filter(|f| f.token.is_numeric())
    }

    pub fn number_count(&self) -> usize {
        self.numbers().count()
    }

    /// Empties the line, giving back its fields and label: its words were put on
    /// another line (a row rebuilt from the lines it was wrapped or stacked over).
    pub fn take_words(&mut self) -> (Vec<Field<'a>>, String) {
        self.table_like = false;
        (
            std::mem::take(&mut self.fields).into_vec(),
            std::mem::take(&mut self.label),
        )
    }

    /// Whether a field after the first is a number written wrong (`3x5`, `25①`).
    pub fn has_garbled_number(&self) -> bool {
        self.fields
            .iter()
            .skip(1)
            .any(|f| f.token == Token::Text && is_garbled_number(f.raw))
    }

    pub fn is_blank(&self) -> bool {
        self.fields.is_empty() || self.fields.iter().all(|f| matches!(f.token, Token::Rule))
    }
}

/// Whether a line is a page number that printing left in the text (a PDF's or a Word
/// export's footer: `— 5 —`, `- 12 -`, `第 3 页`, `第3页 共8页`); a table that runs across
/// pages has one between its rows.
pub fn is_page_number(text: &str) -> bool {
    static PAGE_OF: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?$")
            .expect("the page-number pattern compiles")
    });
    // Every line that is not a row comes here: the length first.
    if text.len() > 96 {
        return false;
    }
    let text = text.trim_matches(is_space);
    if text.is_empty() || text.len() > 48 {
        return false;
    }
    let is_dash = |c: char| matches!(c, '-' | '—' | '–' | '－' | '―' | '−');
    let number = text.trim_matches(|c: char| is_dash(c) || is_space(c));
    let between_dashes = text.starts_with(is_dash)
        && text.ends_with(is_dash)
        && !number.is_empty()
        && number.len() <= 12
        && number
            .chars()
            .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
    between_dashes || (text.contains('页') && PAGE_OF.is_match(text))
}

/// Whether a line has the shape of a table row: tab-separated, Markdown pipes, or at least
/// three fields aligned with runs of two or more spaces. Prose never has these shapes, so
/// headings and narrative rules skip such lines.
pub fn is_table_row(text: &str) -> bool {
    // One pass over the line after the tab search (memchr): every line goes through here.
    if text.contains('\t') {
        return true;
    }
    let trimmed = text.trim_matches(is_space);
    // Markdown's pipes, or a box table's column lines and borders.
    if trimmed.starts_with(['|', '│', '┌', '├', '└']) {
        return true;
    }
    let (mut pipes, mut gaps, mut run) = (0, 0, 0);
    for (_, c) in chars_but_han(trimmed) {
        if c == Some('|') {
            pipes += 1;
        }
        if c.is_some_and(is_space) {
            run += 1;
        } else {
            if run >= 2 {
                gaps += 1;
            }
            run = 0;
        }
    }
    pipes >= 2 || gaps >= 2
}

/// Appends the line's fields to `fields`, and its label (the text fields folded and
/// joined) to `label`.
fn split_fields<'a>(text: &'a str, start: usize, fields: &mut Vec<Field<'a>>, label: &mut String) {
    let mut field_start: Option<usize> = None;
    let mut push = |from: usize, to: usize, fields: &mut Vec<Field<'a>>| {
        let raw = &text[from..to];
        if raw
            .chars()
            .all(|c| super::fold::is_invisible(c) || is_space(c))
        {
            return;
        }
        fields.push(Field {
            span: Span::new(start + from, start + to),
            raw,
            token: classify_into(raw, label),
            blank_at: None,
        });
    };
    // Whether the line's numbers stand in cells of their own (decided at its first space
    // between two digits, which few lines have).
    let mut numbers_delimited: Option<bool> = None;
    for (i, c) in chars_but_han(text) {
        let mut separator = c.is_some_and(|c| c == '\t' || c == '|' || c == '│' || is_space(c));
        if separator && field_start.is_some() {
            if let Some(space) = c.filter(|&c| c != '\t' && is_space(c)) {
                // `2 5` in a cell of a tab- or pipe-delimited row is one cell's number
                // with a slip of the keyboard in it, not two cells: split, it shifted
                // every cell after it into the next column, or one was dropped. (In a
                // row aligned with spaces the same text is two cells.)
                let next = text[i + space.len_utf8()..].chars().next();
                if next.is_some_and(is_digit)
                    && text[..i].chars().next_back().is_some_and(is_digit)
                    && (*numbers_delimited.get_or_insert_with(|| numbers_in_cells(text))
                        || is_one_spaced_number(text, i))
                {
                    separator = false;
                }
            }
        }
        match (separator, field_start) {
            (true, Some(s)) => {
                push(s, i, fields);
                field_start = None;
            }
            (false, None) => field_start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = field_start {
        push(s, text.len(), fields);
    }
}

/// Whether a cell of words is a number written wrong (`3x5`, `25①`, `25人`, `(25)`):
/// digits first, and after them neither nothing nor what numbers an item of a label
/// (`1.属于国家秘密`, `2、`, `(1)予以公开`).
fn is_garbled_number(cell: &str) -> bool {
    let folded = super::fold::fold_label(cell);
    let (bracketed, rest) = match folded.strip_prefix('(') {
        Some(rest) => (true, rest),
        None => (false, folded.as_str()),
    };
    let after = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    if after.len() == rest.len() {
        return false;
    }
    match after.chars().next() {
        None => bracketed,
        Some(')') => bracketed && after.len() == 1,
        Some('.' | '、') => false,
        Some(_) => !bracketed,
    }
}

/// What delimits a row's cells: tabs, Markdown's pipes, a text browser's box lines.
pub(crate) const CELL_DELIMITERS: [char; 3] = ['\t', '|', '│'];

/// An ASCII or full-width digit.
pub(crate) fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Whether a line is delimited by tabs or pipes with numbers in at least two of its cells:
/// a row whose numbers each stand in a cell (not `规章⇥1 0 3`, a label and then numbers
/// aligned with spaces).
fn numbers_in_cells(text: &str) -> bool {
    text.split(CELL_DELIMITERS)
        .filter(|cell| cell.trim_matches(is_space).starts_with(is_digit))
        .nth(1)
        .is_some()
}

/// Whether the delimited cell around the space at byte `at` of a line is two runs of
/// digits and nothing else (`行政许可⇥1 20⇥⇥`, the row's one number): that cell's number.
/// (A line's first field is its label's side, delimited or not.)
fn is_one_spaced_number(text: &str, at: usize) -> bool {
    let Some((_, before)) = text[..at].rsplit_once(CELL_DELIMITERS) else {
        return false;
    };
    let after = text[at..].split(CELL_DELIMITERS).next().unwrap_or_default();
    let is_digits = |run: &str| !run.is_empty() && run.chars().all(is_digit);
    is_digits(before.trim_start_matches(is_space)) && is_digits(after.trim_matches(is_space))
}

/// A row's cells as its delimiters place them, blanks included: tabs, or pipes (`| 0 |
/// | 3 |`, Markdown or a web page copied with its borders). Published tables often
/// leave zeros blank, and a delimited row shows where each blank stands.
#[derive(Debug)]
pub struct DelimitedRow<'a> {
    /// The line's text, and where it starts in the whole text.
    row: &'a str,
    start: usize,
    cells: Vec<DelimitedCell>,
    /// Each cell's token; `None` for a blank.
    kinds: Vec<Option<Token>>,
    /// The first cell after the row's last word cell.
    after_label: usize,
}

/// A cell's byte range in its row, and the range of the delimiter closing it (none after
/// the last).
#[derive(Debug, Clone, Copy)]
struct DelimitedCell {
    from: usize,
    to: usize,
    closing: Option<(usize, usize)>,
}

impl<'a> DelimitedRow<'a> {
    /// The cells of `line` (split from `text`), when they are delimited. `None` for a line
    /// without tabs or pipes, and for one rebuilt from several lines.
    pub fn of(line: &TableLine<'a>, text: &'a str) -> Option<Self> {
        let row = text.get(line.span.start..line.span.end)?;
        if row.contains('\n') {
            return None;
        }
        let delimiter = CELL_DELIMITERS.into_iter().find(|&d| row.contains(d))?;
        let mut cells = Vec::new();
        let mut from = 0;
        for (at, d) in row.match_indices(delimiter) {
            cells.push(DelimitedCell {
                from,
                to: at,
                closing: Some((at, at + d.len())),
            });
            from = at + d.len();
        }
        cells.push(DelimitedCell {
            from,
            to: row.len(),
            closing: None,
        });
        let is_blank = |cell: &DelimitedCell| {
            row[cell.from..cell.to]
                .chars()
                .all(|c| is_space(c) || super::fold::is_invisible(c))
        };
        // The nothing after a row's closing pipe is no cell. (What stands before its first
        // pipe is kept: a Markdown row's outer border in every row alike, or the empty
        // first cell of a row whose cells are each closed by a pipe, ` | 2.重复申请 | …`.)
        if delimiter != '\t' && cells.last().is_some_and(is_blank) {
            cells.pop();
        }
        let mut scratch = String::new();
        let kinds: Vec<Option<Token>> = cells
            .iter()
            .map(|cell| match is_blank(cell) {
                true => None,
                false => {
                    scratch.clear();
                    Some(classify_into(
                        row[cell.from..cell.to].trim_matches(is_space),
                        &mut scratch,
                    ))
                }
            })
            .collect();
        let after_label = kinds
            .iter()
            .rposition(|k| matches!(k, Some(Token::Text)))
            .map_or(0, |at| at + 1);
        Some(Self {
            row,
            start: line.span.start,
            cells,
            kinds,
            after_label,
        })
    }

    /// The row's label cells, each blank or not, and how many cells it has: the rows of
    /// one table pasted alike have a width for each shape of label (a label merged across
    /// two columns leaves an empty cell before the numbers, and a row a number short has
    /// a cell fewer than its like).
    pub fn shape(&self) -> (Vec<bool>, usize) {
        let label = self.kinds[..self.after_label]
            .iter()
            .map(Option::is_some)
            .collect();
        (label, self.cells.len())
    }

    /// The row's `count` numbers with its blank cells read as 0. They are the cells after
    /// its last word cell: the run from its first number to its last when that run is
    /// `count` long (a blank outside it is a merged label's or a stray one), else its last
    /// `count` cells when only blanks stand before them. Their numbers must be the line's
    /// numbers, every one in place, and one at least must be blank: otherwise `None`
    /// (fewer cells: a row missing a number is incomplete, never padded; a number before
    /// the label; a cell of two numbers). A blank is a [`Token::Dash`] whose `raw` is
    /// empty, pointing at its blank (or, with nothing between two delimiters, at the
    /// delimiter that closes it).
    pub fn numbers_with_blanks(
        &self,
        line: &TableLine<'a>,
        count: usize,
    ) -> Option<Vec<Field<'a>>> {
        // A number written wrong (`3x5`, `25①`) is words to the splitter, but its cell is
        // no blank and no label: the row cannot be read.
        let garbled = (1..self.after_label).any(|at| {
            matches!(self.kinds[at], Some(Token::Text))
                && is_garbled_number(&self.row[self.cells[at].from..self.cells[at].to])
        });
        if garbled {
            return None;
        }
        let tail = self.after_label..self.cells.len();
        let numeric = |at: &usize| self.kinds[*at].as_ref().is_some_and(Token::is_numeric);
        let first = tail.clone().find(numeric);
        let last = tail.clone().rev().find(numeric);
        let taken = match (first, last) {
            (Some(first), Some(last)) if last + 1 - first == count => first..last + 1,
            _ => {
                let from = self.cells.len().checked_sub(count)?;
                if from < tail.start || self.kinds[tail.start..from].iter().any(Option::is_some) {
                    return None;
                }
                from..self.cells.len()
            }
        };
        // The line's own numbers, each the number of one of the cells taken, in order.
        let mut numbers = line.numbers();
        let mut out = Vec::with_capacity(count);
        for at in taken {
            let DelimitedCell {
                from: a,
                to: b,
                closing,
            } = self.cells[at];
            match &self.kinds[at] {
                None => {
                    // A number goes where the cell is: inside its spaces (`| 0 |`), else
                    // right before the delimiter that closes it, else (the row's last,
                    // after a final tab) at the row's end.
                    let blank_at = match a < b && self.row.as_bytes()[a] == b' ' && b - a >= 2 {
                        true => a + 1,
                        false => a,
                    };
                    let (a, b) = match (a < b, closing) {
                        (true, _) => (a, b),
                        (false, Some(closing)) => closing,
                        (false, None) => (a.saturating_sub(1), a),
                    };
                    out.push(Field {
                        span: Span::new(self.start + a, self.start + b),
                        raw: "",
                        token: Token::Dash,
                        blank_at: Some(self.start + blank_at),
                    });
                }
                Some(token) if token.is_numeric() => {
                    let field = numbers.next()?;
                    let cell = &self.row[a..b];
                    let lead = cell.len() - cell.trim_start_matches(is_space).len();
                    let raw = cell.trim_matches(is_space);
                    let at = self.start + a + lead;
                    if field.span != Span::new(at, at + raw.len()) {
                        return None;
                    }
                    out.push(field.clone());
                }
                Some(_) => return None,
            }
        }
        if numbers.next().is_some() || out.iter().all(|f| !f.raw.is_empty()) {
            return None;
        }
        Some(out)
    }
}

/// Classifies one field; a text field's folded words are appended to `label` (folded in
/// place there: a label is most of a prose line, and a copy per field cost as much).
/// (Inlined into the line splitter, every field of every line, as when it was its only
/// caller.)
#[inline(always)]
fn classify_into(raw: &str, label: &mut String) -> Token {
    // Most cells are plain ASCII digits: no folding needed.
    if !raw.is_empty() && raw.len() <= 24 && raw.bytes().all(|b| b.is_ascii_digit()) {
        if let Some(n) = Num::parse(raw) {
            return Token::Number(n);
        }
    }
    let before = label.len();
    fold_label_into(raw, label);
    let token = classify_folded(&label[before..]);
    if token != Token::Text {
        label.truncate(before);
    }
    token
}

/// Classifies a folded field.
/// Whether a folded cell is a dash that says "none" (read as 0), or the word: 无 (a Word
/// table typed by hand; a prose line saying only 无 is no row, having no label).
pub(crate) fn is_dash(folded: &str) -> bool {
    matches!(
        folded,
        "-" | "—" | "——" | "–" | "/" | "―" | "−" | "－" | "\\" | "无"
    )
}

fn classify_folded(folded: &str) -> Token {
    if is_dash(folded) {
        return Token::Dash;
    }
    // 0 as a Chinese numeral, as a Word table typed by hand may write it (○, the white
    // circle, is how an input method often types 〇).
    if matches!(folded, "〇" | "零" | "○") {
        return Token::Number(Num::ZERO);
    }
    // A Markdown alignment row (`---`, `:--:`), or a grid table's border (`+----+`,
    // `+====+`, as pandoc writes tables whose cells wrap).
    // (The character test first: it stops at a label's first character.)
    if folded.len() >= 2
        && folded.chars().all(|c| matches!(c, '-' | ':' | '=' | '+'))
        && folded.contains(['-', '='])
    {
        return Token::Rule;
    }
    // A box table's border (`├──────┼`, as a text browser draws tables).
    if folded.starts_with(|c| matches!(c, '\u{2500}'..='\u{257F}'))
        && folded.chars().all(|c| matches!(c, '\u{2500}'..='\u{257F}'))
    {
        return Token::Rule;
    }
    // An amount written with its unit (`251000元`, `52.15万元`, as the 2019 trial table
    // 二's 采购总金额 often is): its number, as written (a 万元 amount stays in 万元). So
    // is a count with its (`20件`: a Word table typed with units).
    if let Some(amount) = folded
        .strip_suffix("万元")
        .or_else(|| folded.strip_suffix('元'))
        .or_else(|| folded.strip_suffix('件'))
    {
        return match classify_folded(amount) {
            Token::Number(n) => Token::Number(n),
            _ => Token::Text,
        };
    }
    // Numbers end with a digit (or a stray `.` or `,`); labels end with words: the test
    // that ends most fields' classifying here.
    if !folded
        .as_bytes()
        .last()
        .is_some_and(|&b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return Token::Text;
    }
    // A change written with its direction, as the 2019 trial table 二's 本年增/减 column
    // often is (`增1`, `减4`, `+2`): a signed number.
    if let Some(rest) = folded
        .strip_prefix('增')
        .or_else(|| folded.strip_prefix('+'))
    {
        return signed(rest, false);
    }
    if let Some(rest) = folded.strip_prefix('减') {
        return signed(rest, true);
    }
    let numeric_shape = {
        let body = folded.strip_prefix('-').unwrap_or(folded);
        !body.is_empty()
            && body.as_bytes()[0].is_ascii_digit()
            && body
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    };
    if numeric_shape {
        if let Some(n) = Num::parse(folded) {
            return Token::Number(n);
        }
    }
    Token::Text
}

/// `rest` (after 增, 减 or +) as a number with its sign; words when it is not digits.
fn signed(rest: &str, negative: bool) -> Token {
    if rest.is_empty() || !rest.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return Token::Text;
    }
    let parsed = if negative {
        Num::parse(&format!("-{rest}"))
    } else {
        Num::parse(rest)
    };
    parsed.map_or(Token::Text, Token::Number)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each of `numbers` is classified as its value (and leaves no words in the label);
    /// each of `words` as words.
    fn assert_cells(numbers: &[(&str, &str)], words: &[&str]) {
        for (cell, value) in numbers {
            let mut label = String::new();
            let expected = Num::parse(value).map(Token::Number);
            assert_eq!(Some(classify_into(cell, &mut label)), expected, "{cell}");
            assert!(label.is_empty());
        }
        for words in words {
            let mut label = String::new();
            assert_eq!(classify_into(words, &mut label), Token::Text, "{words}");
        }
    }

    #[test]
    fn a_change_with_its_direction_is_a_signed_number() {
        assert_cells(
            &[
                ("增1", "1"),
                ("减4", "-4"),
                ("+2", "2"),
                ("＋3", "3"),
                ("减0.5", "-0.5"),
            ],
            &["增加", "减少", "增减", "+", "减少4"],
        );
    }

    #[test]
    fn an_amount_with_its_unit_is_its_number() {
        assert_cells(
            &[
                ("251000元", "251000"),
                ("52.15万元", "52.15"),
                ("０元", "0"),
                ("20件", "20"),
                ("０件", "0"),
            ],
            &[
                "元",
                "件",
                "行政规范性文件",
                "约5件",
                "第1件",
                "万元",
                "单位：万元",
                "本年收费金额（单位：万元）",
                "约5元",
            ],
        );
    }

    fn line(text: &str, start: usize) -> TableLine<'_> {
        TableLine::new(
            0,
            text,
            start,
            is_table_row(text),
            &mut LineScratch::default(),
        )
    }

    #[test]
    fn tab_row_with_merged_cells() {
        let line = line("\t(二) 部分公开(区分处理的)\t0\t１\t—\t", 100);
        assert_eq!(line.label, "(二)部分公开(区分处理的)");
        let numbers: Vec<_> = line.numbers().map(|f| f.raw).collect();
        assert_eq!(numbers, ["0", "１", "—"]);
        assert!(line.table_like);
        let one = line.numbers().nth(1).expect("three numbers");
        assert_eq!(
            one.span.start,
            100 + "\t(二) 部分公开(区分处理的)\t0\t".len()
        );
    }

    #[test]
    fn a_space_between_digits_in_a_delimited_cell_does_not_split_it() {
        let row = line("一、本年新收\t20\t3\t2 5", 0);
        let numbers: Vec<_> = row.numbers().map(|f| (f.raw, f.token.value())).collect();
        assert_eq!(
            numbers,
            [
                ("20", Some(Num::from_int(20))),
                ("3", Some(Num::from_int(3))),
                ("2 5", Some(Num::from_int(25)))
            ]
        );
        let row = line("| 规章 | １　２ | 0 |", 0);
        let numbers: Vec<_> = row.numbers().map(|f| f.raw).collect();
        assert_eq!(numbers, ["１　２", "0"]);
        // A row's one number, in its cell.
        let row = line("行政许可\t1 20\t\t", 0);
        let numbers: Vec<_> = row.numbers().map(|f| f.raw).collect();
        assert_eq!(numbers, ["1 20"]);
        // Numbers aligned with spaces are cells, in a row with tabs too (its numbers do
        // not stand in cells of their own), and so are two spaces' or a word's gap.
        for (text, count) in [
            ("规章\t1 0 3\t", 3),
            ("1 0\t规章", 2),
            ("规章\t1 0 3", 3),
            ("规章  1 0  3", 3),
            ("规章\t1  0\t3", 3),
            ("规章\t1 件 0\t3", 3),
        ] {
            assert_eq!(line(text, 0).number_count(), count, "{text}");
        }
    }

    #[test]
    fn a_number_written_wrong_is_no_blank_and_no_label() {
        for cell in ["3x5", "25①", "25人", "(25)", "（２５）", "25件次"] {
            assert!(is_garbled_number(cell), "{cell}");
        }
        for cell in [
            "1.属于国家秘密",
            "2、重复申请",
            "(1)予以公开",
            "（一）予以公开",
            "行政处罚",
        ] {
            assert!(!is_garbled_number(cell), "{cell}");
        }
        // A row of one number written wrong is not read as a blank row of 0.
        let text = "行政处罚\t3x5\t\t";
        let row = line(text, 0);
        let delimited = DelimitedRow::of(&row, text).expect("delimited");
        assert!(delimited.numbers_with_blanks(&row, 1).is_none());
        let text = "行政处罚\t\t\t";
        let row = line(text, 0);
        let delimited = DelimitedRow::of(&row, text).expect("delimited");
        assert!(delimited.numbers_with_blanks(&row, 1).is_some());
    }

    #[test]
    fn a_cell_that_says_none_reads_as_zero() {
        let row = line("行政处罚\t无\t2", 0);
        assert_eq!(row.label, "行政处罚");
        let values: Vec<_> = row.numbers().map(|f| f.token.value()).collect();
        assert_eq!(values, [Some(Num::ZERO), Some(Num::from_int(2))]);
        // Words that start with 无 are words.
        let mut label = String::new();
        assert_eq!(classify_into("无法提供", &mut label), Token::Text);
    }

    #[test]
    fn a_cell_with_zero_as_a_chinese_numeral_reads_as_zero() {
        for zero in ["〇", "零", "○"] {
            let text = format!("行政处罚\t{zero}\t2");
            let row = line(&text, 0);
            assert_eq!(row.label, "行政处罚", "{zero}");
            let values: Vec<_> = row.numbers().map(|f| f.token.value()).collect();
            assert_eq!(values, [Some(Num::ZERO), Some(Num::from_int(2))], "{zero}");
        }
        // A word with 零 in it is a word.
        let mut label = String::new();
        assert_eq!(classify_into("零星", &mut label), Token::Text);
    }

    #[test]
    fn page_numbers_are_blank_lines() {
        for footer in [
            "— 5 —",
            "- 12 -",
            "－１２－",
            "  第 3 页  ",
            "第3页 共8页",
            "第3页/共8页",
        ] {
            assert!(is_page_number(footer), "{footer}");
            assert!(!is_table_row(footer), "{footer}");
            assert!(line(footer, 0).is_blank(), "{footer}");
            assert!(!line(footer, 0).table_like, "{footer}");
        }

        assert!(!line("—\t5\t—", 0).is_blank(), "a row of a table");
        for not_footer in ["- 5", "5", "第3页共8页的说明", "共8页", "— —"] {
            assert!(!is_page_number(not_footer), "{not_footer}");
        }
    }

    #[test]
    fn markdown_rule_rows_are_blank() {
        assert!(line("|---|:--:|---|", 0).is_blank());
        assert!(line("+------+----+", 0).is_blank(), "a grid table's border");
        assert!(
            line("+======+====+", 0).is_blank(),
            "a grid table's header border"
        );
        assert!(!line("+", 0).is_blank());
        let row = line("| 规章 | 0 | 0 | 3 |", 0);
        assert_eq!(row.number_count(), 3);
        assert_eq!(row.label, "规章");
    }

    /// `row`'s `count` numbers with blanks read as 0, as values; `None` when not so read.
    fn with_blanks(row: &str, count: usize) -> Option<Vec<String>> {
        let line = line(row, 0);
        let fields = DelimitedRow::of(&line, row)?.numbers_with_blanks(&line, count)?;
        Some(
            fields
                .iter()
                .map(|f| {
                    format!(
                        "{}{}",
                        f.raw,
                        f.token.value().map_or(String::new(), |v| format!("={v}"))
                    )
                })
                .collect(),
        )
    }

    #[test]
    fn blank_cells_of_a_delimited_row_read_as_zero() {
        let seven = |row: &str| with_blanks(row, 7);
        // Tabs; a label merged across two columns leaves an empty cell before the numbers.
        assert_eq!(
            seven("一、本年新收\t\t5\t\t\t1\t\t\t6").expect("read"),
            ["5=5", "=0", "=0", "1=1", "=0", "=0", "6=6"]
        );
        assert_eq!(
            seven("一、本年新收\t\t\t\t\t\t\t\t2").expect("read"),
            ["=0", "=0", "=0", "=0", "=0", "=0", "2=2"]
        );
        // Markdown pipes, and pipes closing each cell; label cells before (merged rows).
        for row in [
            "| | 2.其他法律 |  |  | 3 |  |  |  |  |",
            " |  | 2.其他法律 | | | 3 | | | | |",
            "| | 2.其他法律 | | | 3 | | | | |",
        ] {
            assert_eq!(
                seven(row).expect(row),
                ["=0", "=0", "3=3", "=0", "=0", "=0", "=0"],
                "{row}"
            );
        }
        // A stray blank after a full run of numbers is none of them.
        assert_eq!(
            seven("总计\t1\t\t2\t3\t4\t5\t6\t").expect("read"),
            ["1=1", "=0", "2=2", "3=3", "4=4", "5=5", "6=6"]
        );
        // A cell's number with a space in it is that cell's (read as its digits).
        assert_eq!(
            seven("一、本年新收\t1 2\t\t3\t4\t5\t6\t7").expect("read"),
            ["1 2=12", "=0", "3=3", "4=4", "5=5", "6=6", "7=7"]
        );
        // Not read: a cell fewer (never padded), nothing blank, a number before the label,
        // a cell of two numbers, no delimiter, more cells than numbers and blanks place.
        for row in [
            "一、本年新收\t5\t\t1\t\t\t6",
            "一、本年新收\t1\t2\t3\t4\t5\t6\t7",
            "1\t一、本年新收\t\t2\t3\t4\t5\t6\t7",
            "一、本年新收\t1  2\t\t3\t4\t5\t6\t7",
            "一、本年新收  5  1  6",
            "一、本年新收\t1\t\t2\t3\t4\t5\t6\t7\t",
        ] {
            assert_eq!(seven(row), None, "{row}");
        }
    }

    #[test]
    fn a_blank_cell_points_at_its_place() {
        let blank_of = |row: &str| {
            let line = line(row, 0);
            let fields = DelimitedRow::of(&line, row)
                .and_then(|r| r.numbers_with_blanks(&line, 3))
                .expect("read");
            assert_eq!(fields[1].raw, "");
            fields[1].span
        };
        // Between two pipes: its spaces.
        let pipes = "| 规章 | 1 |  | 2 |";
        let span = blank_of(pipes);
        assert_eq!(&pipes[span.start..span.end], "  ");
        // Nothing between two tabs: the tab closing it.
        assert_eq!(blank_of("规章\t1\t\t2"), Span::new(9, 10));
    }

    #[test]
    fn prose_with_numbers_is_not_table_like() {
        let line = line(
            "2023 年 8 月在全局范围开展监狱开放日活动，邀请社会各界代表走进监狱，通过成果展示、实地参观、现场咨询",
            0,
        );
        assert!(!line.table_like);
    }
}
