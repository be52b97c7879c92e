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
        });
    };
    for (i, c) in chars_but_han(text) {
        let separator = c.is_some_and(|c| c == '\t' || c == '|' || c == '│' || is_space(c));
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

/// Classifies one field; a text field's folded words are appended to `label` (folded in
/// place there: a label is most of a prose line, and a copy per field cost as much).
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
fn classify_folded(folded: &str) -> Token {
    if matches!(
        folded,
        "-" | "—" | "——" | "–" | "/" | "―" | "−" | "－" | "\\"
    ) {
        return Token::Dash;
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

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn prose_with_numbers_is_not_table_like() {
        let line = line(
            "2023 年 8 月在全局范围开展监狱开放日活动，邀请社会各界代表走进监狱，通过成果展示、实地参观、现场咨询",
            0,
        );
        assert!(!line.table_like);
    }
}
