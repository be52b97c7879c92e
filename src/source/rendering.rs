//! A faithful text rendering of a structured document (an HTML page, a Word file): one
//! line per paragraph, one tab-separated line per table row — the shape the text parser
//! reads — with where each rendered character came from, so findings can point back into
//! the page's HTML source or name the place in Word terms.

use crate::document::Span;

/// A place in a structured document, in the terms its author uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The n-th paragraph of the body (1-based), outside tables.
    Paragraph(usize),
    /// A table cell: the document's n-th table, its row and grid column (all 1-based).
    Cell {
        table: usize,
        row: usize,
        column: usize,
    },
}

/// A stretch of rendered text that came from one place in the source. When `len ==
/// source_len` the bytes are the same and offsets map one to one; otherwise (an entity
/// such as `&amp;`) the whole run maps to the whole source range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    at: usize,
    len: usize,
    source: usize,
    source_len: usize,
}

/// Rendered text being built, with origins and places.
#[derive(Debug, Default)]
pub struct Rendering {
    pub text: String,
    runs: Vec<Run>,
    /// (rendered offset, place from that offset on), in order.
    places: Vec<(usize, Place)>,
    /// Where each blank cell read as zero was written ([`BLANK_CELL`]), in order.
    blanks: Vec<usize>,
    /// A space is owed before the next visible character (collapsed whitespace).
    pending_space: bool,
}

impl Rendering {
    /// Appends visible text with no source position (a Word document has no offsets).
    pub fn push_str(&mut self, s: &str) {
        self.push_stretches(s, None);
    }

    /// Appends text that stands in the source byte for byte from offset `source` on (a
    /// page's text with no entity and no carriage return): as [`Self::push_char`] would
    /// each character with its origin.
    pub fn push_source_str(&mut self, s: &str, source: usize) {
        self.push_stretches(s, Some(source));
    }

    /// Whitespace goes through `push_char` to collapse; the stretches between are copied
    /// whole (report text is mostly runs of Han characters). `source`: where `s` starts
    /// in the source, when it stands there byte for byte.
    fn push_stretches(&mut self, s: &str, source: Option<usize>) {
        let mut plain_from = 0;
        for (i, c) in s.char_indices() {
            if is_collapsible(c) {
                self.push_plain(&s[plain_from..i], source.map(|at| at + plain_from));
                self.push_char(c, None);
                plain_from = i + c.len_utf8();
            }
        }
        self.push_plain(&s[plain_from..], source.map(|at| at + plain_from));
    }

    /// Appends text that has no collapsible whitespace, from `source` on in the source
    /// if it has a position.
    fn push_plain(&mut self, s: &str, source: Option<usize>) {
        if s.is_empty() {
            return;
        }
        if self.pending_space {
            self.text.push(' ');
            self.pending_space = false;
        }
        self.text.push_str(s);
        if let Some(source) = source {
            self.add_run(self.text.len() - s.len(), s.len(), source, s.len());
        }
    }

    /// Records that rendered `at..at + len` came from `source..source + source_len`,
    /// extending the last run when both map byte for byte and follow on from it.
    fn add_run(&mut self, at: usize, len: usize, source: usize, source_len: usize) {
        push_run(
            &mut self.runs,
            Run {
                at,
                len,
                source,
                source_len,
            },
        );
    }

    /// Appends one character; whitespace is collapsed to one space and never starts a line.
    /// `origin` is the (offset, length) of the character in the source, if it has one.
    pub fn push_char(&mut self, c: char, origin: Option<(usize, usize)>) {
        if is_collapsible(c) {
            self.pending_space = !self.at_line_start();
            return;
        }
        if self.pending_space {
            self.text.push(' ');
            self.pending_space = false;
        }
        let at = self.text.len();
        self.text.push(c);
        let len = c.len_utf8();
        if let Some((source, source_len)) = origin {
            self.add_run(at, len, source, source_len);
        }
    }

    /// Ends the current line (consecutive breaks leave no empty lines behind).
    pub fn line_break(&mut self) {
        self.pending_space = false;
        if !(self.text.is_empty() || self.text.ends_with('\n')) {
            self.text.push('\n');
        }
    }

    /// Separates two table cells.
    pub fn cell_break(&mut self) {
        self.pending_space = false;
        self.text.push('\t');
    }

    /// Starts the `index`-th cell of a table row at `place`. `blank` is `Some(origin)` for a
    /// blank that stands for zero: it is written as [`BLANK_CELL`], mapped to `origin`.
    pub fn start_cell(
        &mut self,
        index: usize,
        place: Place,
        blank: Option<Option<(usize, usize)>>,
    ) {
        if index > 0 {
            self.cell_break();
        }
        self.enter(place);
        if let Some(origin) = blank {
            self.blanks.push(self.text.len());
            for c in BLANK_CELL.chars() {
                self.push_char(c, origin);
            }
        }
    }

    /// Text rendered from here on belongs to `place`.
    pub fn enter(&mut self, place: Place) {
        if self.pending_space {
            self.text.push(' ');
            self.pending_space = false;
        }
        let at = self.text.len();
        if let Some(last) = self.places.last_mut() {
            if last.0 == at {
                last.1 = place;
                return;
            }
        }
        self.places.push((at, place));
    }

    fn at_line_start(&self) -> bool {
        self.text.is_empty() || self.text.ends_with('\n') || self.text.ends_with('\t')
    }

    pub fn finish(mut self) -> Rendered {
        self.line_break();
        Rendered {
            text: self.text,
            runs: self.runs,
            places: self.places,
            blanks: self.blanks,
        }
    }
}

/// Appends `run` to `runs`, extending the last run when both map byte for byte and
/// `run` follows on from it.
fn push_run(runs: &mut Vec<Run>, run: Run) {
    if let Some(last) = runs.last_mut() {
        let exact = last.len == last.source_len && run.len == run.source_len;
        if exact && last.at + last.len == run.at && last.source + last.source_len == run.source {
            last.len += run.len;
            last.source_len += run.len;
            return;
        }
    }
    runs.push(run);
}

fn is_collapsible(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{0C}' | '\u{A0}')
}

/// What a blank table cell reads as when it stands for zero.
pub const BLANK_CELL: &str = "—";

/// One cell of a table as the renderers see it.
pub struct GridCell<'a> {
    pub text: &'a str,
    /// The cell continues a merge from the row above (its text is the merged label's).
    pub merged: bool,
}

fn is_blank_text(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_whitespace() || c == '\u{a0}' || c == '\u{3000}')
}

fn is_number_text(text: &str) -> bool {
    let t = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{3000}');
    !t.is_empty()
        && t.chars().all(|c| {
            c.is_ascii_digit()
                || ('０'..='９').contains(&c)
                || matches!(c, '.' | ',' | '-' | '—' | '－' | '/' | '．')
        })
}

/// Which cells of a table are blanks that stand for zero. Published tables often leave
/// zeros blank, whole rows and columns of them. The number block is as wide as the
/// shortest run of cells after the label in the rows that have numbers (a wider run
/// starts with a gap left by a merged label). A blank in the last that-many cells of a
/// row, after its label, is an empty number when the row has numbers, or when the row
/// has that many cells after its label and all are blank (a row of zeros); header rows
/// have text there or fewer cells. Grids are not trusted: tables pasted into Word and
/// published come with irregular merges. Merged label cells are never numbers. Nor are
/// blanks after a row's last cell when the row's cells from its first to its last
/// non-blank one already fill the block: such rows carry a stray empty cell at the end
/// (seen where the label spans two columns), and reading it as the last number would push
/// a written number out of the block.
pub fn blanks_read_as_zero(rows: &[Vec<GridCell>]) -> Vec<Vec<bool>> {
    // Each cell's text is classified once (tables have hundreds of cells).
    let kinds: Vec<Vec<TextKind>> = rows
        .iter()
        .map(|row| row.iter().map(|c| TextKind::of(c.text)).collect())
        .collect();
    let after_label = |row: &[TextKind]| {
        row.iter()
            .rposition(|&k| k == TextKind::Label)
            .map_or(0, |i| i + 1)
    };
    let width = kinds
        .iter()
        .filter(|r| r.contains(&TextKind::Number))
        .map(|r| r.len() - after_label(r))
        .min()
        .unwrap_or(0);
    rows.iter()
        .zip(&kinds)
        .map(|(row, kinds)| {
            let label_end = after_label(kinds);
            let tail = &kinds[label_end..];
            let has_numbers = tail.contains(&TextKind::Number);
            let zeros_row = tail.len() >= width && tail.iter().all(|&k| k == TextKind::Blank);
            let written = |k: &TextKind| *k != TextKind::Blank;
            let block_end = match (
                tail.iter().position(written),
                tail.iter().rposition(written),
            ) {
                (Some(first), Some(last)) if last + 1 - first >= width => label_end + last + 1,
                _ => row.len(),
            };
            let block_start = block_end.saturating_sub(width).max(label_end);
            row.iter()
                .zip(kinds)
                .enumerate()
                .map(|(i, (c, &kind))| {
                    width > 0
                        && (block_start..block_end).contains(&i)
                        && (has_numbers || zeros_row)
                        && !c.merged
                        && kind == TextKind::Blank
                })
                .collect()
        })
        .collect()
}

/// What a table cell's text is, for [`blanks_read_as_zero`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextKind {
    Blank,
    Number,
    Label,
}

impl TextKind {
    fn of(text: &str) -> Self {
        if is_blank_text(text) {
            TextKind::Blank
        } else if is_number_text(text) {
            TextKind::Number
        } else {
            TextKind::Label
        }
    }
}

/// A finished rendering.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub text: String,
    runs: Vec<Run>,
    places: Vec<(usize, Place)>,
    /// Where the blank cells read as zero start (each written as [`BLANK_CELL`]), in
    /// order: a dash the author wrote is a cell that says "none", a blank one says nothing.
    pub blanks: Vec<usize>,
}

impl Rendered {
    /// Appends text that stands in the source byte for byte from `source` on, its
    /// whitespace and lines kept (the text around a table a Markdown file writes in HTML).
    pub fn push_verbatim(&mut self, s: &str, source: usize) {
        if s.is_empty() {
            return;
        }
        let at = self.text.len();
        self.text.push_str(s);
        push_run(
            &mut self.runs,
            Run {
                at,
                len: s.len(),
                source,
                source_len: s.len(),
            },
        );
    }

    /// Appends `part`, a rendering of the source from offset `source` on (a table a
    /// Markdown file writes in HTML): its origins and blank cells move with it. Its places
    /// are left out (they number the part's own tables, not the file's).
    pub fn push_rendered(&mut self, part: Rendered, source: usize) {
        let at = self.text.len();
        self.text.push_str(&part.text);
        self.runs.extend(part.runs.into_iter().map(|run| Run {
            at: run.at + at,
            source: run.source + source,
            ..run
        }));
        self.blanks
            .extend(part.blanks.into_iter().map(|blank| blank + at));
    }

    /// Maps a span of the rendered text to the source. Spans that start or end on
    /// rendered whitespace move inwards to the nearest source character.
    pub fn source_span(&self, span: Span) -> Span {
        if self.runs.is_empty() {
            return span;
        }
        let start = self.source_start(span.start);
        let end = self.source_end(span.end).max(start);
        Span::new(start, end)
    }

    fn source_start(&self, offset: usize) -> usize {
        // The first run that ends after `offset`.
        let i = self.runs.partition_point(|r| r.at + r.len <= offset);
        match self.runs.get(i) {
            Some(r) if r.at <= offset => {
                if r.len == r.source_len {
                    r.source + (offset - r.at)
                } else {
                    r.source
                }
            }
            Some(r) => r.source,
            None => self.runs.last().map_or(0, |r| r.source + r.source_len),
        }
    }

    fn source_end(&self, offset: usize) -> usize {
        // The last run that starts before `offset`.
        let i = self.runs.partition_point(|r| r.at < offset);
        if i == 0 {
            return self.runs.first().map_or(0, |r| r.source);
        }
        let r = self.runs[i - 1];
        if offset >= r.at + r.len {
            r.source + r.source_len
        } else if r.len == r.source_len {
            r.source + (offset - r.at)
        } else {
            r.source + r.source_len
        }
    }

    /// The place the rendered offset belongs to.
    pub fn place(&self, offset: usize) -> Option<Place> {
        let i = self.places.partition_point(|(at, _)| *at <= offset);
        i.checked_sub(1).map(|i| self.places[i].1)
    }
}

/// Chinese numerals as Word's chineseCounting writes them (一 … 十, 十一, 二十一).
pub fn chinese_counting(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10..=19 => format!(
            "十{}",
            if n > 10 {
                DIGITS[(n % 10) as usize]
            } else {
                ""
            }
        ),
        20..=99 => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            if n % 10 > 0 {
                DIGITS[(n % 10) as usize]
            } else {
                ""
            }
        ),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_collapses_and_offsets_map_back() {
        let mut r = Rendering::default();
        // Source "<p>一、 总体</p>": characters at 3.. in the source.
        let source = "<p>一、 总体</p>";
        for (i, c) in source[3..source.len() - 4].char_indices() {
            r.push_char(c, Some((3 + i, c.len_utf8())));
        }
        r.line_break();
        let done = r.finish();
        assert_eq!(done.text, "一、 总体\n");
        let at = done.text.find("总体").expect("present");
        let span = done.source_span(Span::new(at, at + "总体".len()));
        assert_eq!(&source[span.start..span.end], "总体");
        let whole = done.source_span(Span::new(0, done.text.len()));
        assert_eq!(&source[whole.start..whole.end], "一、 总体");
    }

    #[test]
    fn a_source_string_renders_as_its_characters_would() {
        // Leading, inner and trailing whitespace, after text from elsewhere in the page.
        let texts = ["  一、 总体\t情况 ab\u{A0}c ", "x", " 。"];
        let mut by_char = Rendering::default();
        let mut whole = Rendering::default();
        let mut at = 7;
        for text in texts {
            for (i, c) in text.char_indices() {
                by_char.push_char(c, Some((at + i, c.len_utf8())));
            }
            whole.push_source_str(text, at);
            at += text.len() + 2;
        }
        assert_eq!(whole.text, by_char.text);
        assert_eq!(whole.runs, by_char.runs);
        assert_eq!(whole.pending_space, by_char.pending_space);
    }

    #[test]
    fn an_entity_maps_to_its_whole_source() {
        let mut r = Rendering::default();
        r.push_char('&', Some((10, 5)));
        r.push_char('x', Some((15, 1)));
        let done = r.finish();
        assert_eq!(done.source_span(Span::new(0, 1)), Span::new(10, 15));
        assert_eq!(done.source_span(Span::new(0, 2)), Span::new(10, 16));
        assert_eq!(done.source_span(Span::new(1, 2)), Span::new(15, 16));
    }

    /// A row of unmerged cells.
    fn row(texts: &[&'static str]) -> Vec<GridCell<'static>> {
        texts
            .iter()
            .map(|text| GridCell {
                text,
                merged: false,
            })
            .collect()
    }

    #[test]
    fn blank_number_cells_read_as_zero_but_headers_and_labels_do_not() {
        let table = vec![
            row(&["", "", "自然人", "其他", ""]),
            row(&["（一）予以公开", "", "2", "1", "3"]),
            row(&["（三）不予公开", "1.属于国家秘密", "1", " ", "3"]),
            row(&["", "2.其他法律行政法规禁止公开", "", "", ""]),
        ];
        let zeros = blanks_read_as_zero(&table);
        assert_eq!(zeros[0], [false; 5], "a header row");
        assert_eq!(zeros[2], [false, false, false, true, false]);
        assert_eq!(zeros[3], [false, false, true, true, true], "a row of zeros");
    }

    #[test]
    fn a_stray_blank_after_a_full_row_is_not_a_number() {
        let table = vec![
            row(&["（三）不予公开", "1.属于国家秘密", "0", "0", "0"]),
            // The label spans two cells and the row ends in an empty one.
            row(&["（七）总计", "", "1", "0", "1", ""]),
            // Not full: the blank at the end is its last number (a total left blank).
            row(&["（一）予以公开", "", "2", "1", ""]),
            row(&["（二）部分公开", "", "2", "", "2", ""]),
        ];
        let zeros = blanks_read_as_zero(&table);
        assert_eq!(zeros[1], [false; 6]);
        assert_eq!(zeros[2], [false, false, false, false, true]);
        assert_eq!(zeros[3], [false, false, false, true, false, false]);
    }

    #[test]
    fn places_cover_what_follows_them() {
        let mut r = Rendering::default();
        r.enter(Place::Paragraph(1));
        r.push_str("标题");
        r.line_break();
        r.enter(Place::Cell {
            table: 1,
            row: 2,
            column: 3,
        });
        r.push_str("5");
        let done = r.finish();
        assert_eq!(done.place(0), Some(Place::Paragraph(1)));
        assert_eq!(
            done.place(done.text.find('5').expect("5")),
            Some(Place::Cell {
                table: 1,
                row: 2,
                column: 3
            })
        );
    }
}
