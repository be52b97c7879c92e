//! The document model: what a report says, with every heading, row and cell carrying its
//! byte span in the decoded text. No I/O here; the parser builds it, the engine reads it.

pub(crate) mod number;
pub mod schema;

pub use number::Num;
pub use schema::{Profile, SectionKey, TableId};

use serde::{Deserialize, Serialize};

/// A byte range in the decoded text of a [`crate::source::SourceFile`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Self {
            start,
            end: end.max(start),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// A parsed report.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub profile: Profile,
    /// Why the profile was chosen, in words (for `gilint dump`).
    pub profile_reason: String,
    pub year: Option<Located<i32>>,
    /// Where the year came from: `title`, `first-sentence`, `statistics-period`.
    pub year_source: Option<&'static str>,
    pub agency: Option<Located<String>>,
    /// The body named over the signature's date at the end (`青山市司法局\n2024年1月20日`),
    /// when the report is signed off so.
    pub signed_by: Option<Located<String>>,
    pub title: Option<Located<String>>,
    pub sections: Vec<Section>,
    pub tables: Vec<Table>,
    /// Things that looked like report structure but could not be read.
    pub unparsed: Vec<Unparsed>,
    /// Tables whose header stands in their section with no number at all.
    pub unfilled: Vec<UnfilledTable>,
    /// The kind of body the agency is (by its name), for the deadline it has.
    pub agency_kind: Option<AgencyKind>,
    /// The date the report gives for itself (published or signed), after its year.
    pub dated: Option<Dated>,
    /// For each line of the parsed text, whether it has the shape of a table row (tabs,
    /// pipes, aligned columns) or lies within a table that was read; prose rules skip
    /// those lines. Empty when unknown.
    pub row_lines: Vec<bool>,
}

/// What kind of body wrote a report: 《条例》第四十九条 gives a government's department
/// until 31 January and a local government until 31 March to publish it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AgencyKind {
    Government,
    /// A 乡镇 or 街道: the 条例 names no deadline; provinces set them.
    Township,
    Department,
}

impl AgencyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AgencyKind::Government => "government",
            AgencyKind::Township => "township",
            AgencyKind::Department => "department",
        }
    }
}

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// `None` unless the day exists (2024-02-30 does not).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days)
            .contains(&day)
            .then_some(Self { year, month, day })
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}年{}月{}日", self.year, self.month, self.day)
    }
}

/// Where a report's date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateKind {
    /// A page's 发布日期 / 公开日期.
    Published,
    /// The signature's date at the end, or a 成文日期: the report was published then or later.
    Signed,
}

impl DateKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DateKind::Published => "published",
            DateKind::Signed => "signed",
        }
    }
}

/// The date a report gives for itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dated {
    pub date: Date,
    pub kind: DateKind,
    pub span: Span,
}

/// A value with the span it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub span: Span,
}

/// One of the six numbered sections, as found in the text.
#[derive(Debug, Clone)]
pub struct Section {
    pub key: SectionKey,
    /// The heading as written (normalised whitespace), e.g. `三、收到和处理政府信息公开申请情况`.
    pub title: String,
    /// The heading is worded in none of the accepted ways: found by its numeral and the
    /// section's key words (`五、主要问题及改进措施`).
    pub worded_otherwise: bool,
    pub heading: Span,
    /// From the end of the heading to the start of the next section (or the end of file).
    pub body: Span,
}

/// A statistics table: present with rows, or recorded as absent.
#[derive(Debug, Clone)]
pub struct Table {
    pub id: TableId,
    /// Span from the first to the last line that was read as part of the table.
    pub span: Span,
    pub rows: Vec<Row>,
    /// Rows the official layout has but the text did not yield (by key).
    pub missing_rows: Vec<&'static str>,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub key: &'static str,
    /// The label as written in the file (whitespace collapsed).
    pub label: String,
    /// The whole source line(s) of the row.
    pub span: Span,
    pub cells: Vec<Cell>,
}

impl Row {
    /// The cell of column `column` (see [`by_layout_key`]).
    pub fn cell(&self, column: &str) -> Option<&Cell> {
        by_layout_key(&self.cells, column, |c| c.column)
    }
}

/// The item whose layout key is `key`. Rules name rows and columns by the layout's own
/// strings, the ones the parser gave the rows and cells: their addresses are compared
/// first, text only when none is the same (a key built at run time, or one the table
/// lacks). Every identity of every report looks up dozens of cells.
fn by_layout_key<'t, T>(items: &'t [T], key: &str, key_of: impl Fn(&T) -> &str) -> Option<&'t T> {
    let same_address = |k: &str| std::ptr::eq(k.as_ptr(), key.as_ptr()) && k.len() == key.len();
    items
        .iter()
        .find(|item| same_address(key_of(item)))
        .or_else(|| items.iter().find(|item| key_of(item) == key))
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub column: &'static str,
    /// The cell text as written (`0`, `１２`, `—`); empty for a cell left blank, read as 0.
    pub raw: String,
    /// `None` when the text is not a number (kept so that rules can say so).
    pub value: Option<Num>,
    pub span: Span,
    /// For a cell of a text file left blank: where a number would be written into it.
    pub blank_at: Option<usize>,
}

/// Part of a statistics table that could not be read: a row, or (for a table recorded as
/// absent) numbers that stand where the table should be but in no readable order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unparsed {
    pub table: TableId,
    pub span: Span,
    pub what: String,
}

/// A statistics table whose header words stand in its section with no number anywhere: a
/// template never filled in, or one whose numbers were all lost in a copy. Recorded
/// absent (never read as zeros); this says why, for the finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnfilledTable {
    pub table: TableId,
    /// The first line holding a header word.
    pub span: Span,
    /// The header words found, in the order found.
    pub header: Vec<&'static str>,
}

impl Cell {
    /// The cell was left blank (read as 0): neither a number nor a dash was written.
    pub fn is_blank(&self) -> bool {
        self.raw.is_empty()
    }
}

impl Report {
    /// Marks as blank the cells that start at `offsets` (sorted): where a rendering of a
    /// web page or Word document wrote a blank cell, which the parser read as a dash.
    pub fn mark_blank_cells(&mut self, offsets: &[usize]) {
        if offsets.is_empty() {
            return;
        }
        let cells = self.tables.iter_mut().flat_map(|t| &mut t.rows);
        for cell in cells.flat_map(|r| &mut r.cells) {
            if offsets.binary_search(&cell.span.start).is_ok() {
                cell.raw.clear();
            }
        }
    }

    /// Sets aside, as unfilled, each table read whose every cell was left blank (not one
    /// number or dash written in it) in a report that writes its zeros: a template never
    /// filled in, or its numbers all lost in a copy. Read as zeros, its identities would
    /// hold on nothing and the prose's counts would be "corrected" to zeros; set aside,
    /// the table is reported as having no number and what depends on it is not
    /// assessable. A report that leaves zeros blank (a blank beside written numbers in
    /// another table) leaves a table of nothing but zeros all blank: that one is zeros.
    /// Runs after [`Self::mark_blank_cells`].
    pub fn set_aside_blank_tables(&mut self) {
        let all_blank = |t: &Table| {
            let mut cells = t.rows.iter().flat_map(|r| &r.cells).peekable();
            cells.peek().is_some() && cells.all(Cell::is_blank)
        };
        if !self.tables.iter().any(all_blank) {
            return;
        }
        let leaves_zeros_blank = self.tables.iter().any(|t| {
            let mut cells = t.rows.iter().flat_map(|r| &r.cells);
            !all_blank(t) && cells.any(Cell::is_blank)
        });
        if leaves_zeros_blank {
            return;
        }
        let (blank, kept): (Vec<Table>, Vec<Table>) = std::mem::take(&mut self.tables)
            .into_iter()
            .partition(all_blank);
        self.tables = kept;
        for table in blank {
            // The header words are the table's column labels, in the order its rows use.
            let mut header: Vec<&'static str> = Vec::new();
            for cell in table.rows.iter().flat_map(|r| &r.cells) {
                let label = table
                    .id
                    .column_spec(cell.column)
                    .map_or(cell.column, |c| c.label);
                if !header.contains(&label) {
                    header.push(label);
                }
            }
            let span = table.rows.first().map_or(table.span, |r| r.span);
            self.unfilled.retain(|u| u.table != table.id);
            self.unfilled.push(UnfilledTable {
                table: table.id,
                span,
                header,
            });
        }
    }

    pub fn section(&self, key: SectionKey) -> Option<&Section> {
        self.sections.iter().find(|s| s.key == key)
    }

    pub fn table(&self, id: TableId) -> Option<&Table> {
        self.tables.iter().find(|t| t.id == id)
    }

    /// Why table `id`, recorded as absent, is there but unreadable: its section holds
    /// its numbers in no order a table can be read from (see `parse::scattered`).
    pub fn unreadable_table(&self, id: TableId) -> Option<&Unparsed> {
        if self.table(id).is_some() {
            return None;
        }
        self.unparsed.iter().find(|u| u.table == id)
    }

    /// Table `id`'s header with no number, when that is why the table is absent.
    pub fn unfilled_table(&self, id: TableId) -> Option<&UnfilledTable> {
        if self.table(id).is_some() {
            return None;
        }
        self.unfilled.iter().find(|u| u.table == id)
    }

    pub fn year_value(&self) -> Option<i32> {
        self.year.as_ref().map(|y| y.value)
    }

    /// Moves every span (a web page's report is parsed from its rendering and shown in
    /// its HTML source).
    pub fn map_spans(&mut self, map: impl Fn(Span) -> Span) {
        if let Some(y) = &mut self.year {
            y.span = map(y.span);
        }
        if let Some(a) = &mut self.agency {
            a.span = map(a.span);
        }
        if let Some(s) = &mut self.signed_by {
            s.span = map(s.span);
        }
        if let Some(t) = &mut self.title {
            t.span = map(t.span);
        }
        if let Some(d) = &mut self.dated {
            d.span = map(d.span);
        }
        for section in &mut self.sections {
            section.heading = map(section.heading);
            section.body = map(section.body);
        }
        for table in &mut self.tables {
            table.span = map(table.span);
            for row in &mut table.rows {
                row.span = map(row.span);
                for cell in &mut row.cells {
                    cell.span = map(cell.span);
                }
            }
        }
        for u in &mut self.unparsed {
            u.span = map(u.span);
        }
        for u in &mut self.unfilled {
            u.span = map(u.span);
        }
    }
}

impl Table {
    /// The row with key `key` (see [`by_layout_key`]).
    pub fn row(&self, key: &str) -> Option<&Row> {
        by_layout_key(&self.rows, key, |r| r.key)
    }

    pub fn cell(&self, row: &str, column: &str) -> Option<&Cell> {
        self.row(row)?.cell(column)
    }
}

/// Spans in JSON output: 1-based line/column in characters, byte offsets into the original file.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SpanJson {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub byte_start: usize,
    pub byte_end: usize,
}

impl SpanJson {
    pub fn new(source: &crate::source::SourceFile, span: Span) -> Self {
        let start = source.location(span.start);
        let end = source.location(span.end);
        Self {
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            byte_start: source.original_offset(span.start),
            byte_end: source.original_offset(span.end),
        }
    }
}
