//! Reading tables 二, 三 and 四 from pasted text. Rows are identified by their labels
//! (folded), columns by position from the right end of the row (table 三, 四) or from the
//! header of each block (table 二). What cannot be read is recorded, never padded.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};

use super::fields::{DelimitedRow, Field, TableLine};
use crate::document::schema::{ColumnSpec, T2_COLUMNS, T3_COLUMNS, T4_COLUMNS};
use crate::document::{Cell, Num, Row, Span, Table, TableId, Unparsed};

/// Lines that hold a section heading: a table never runs across one. (At most six, one
/// per section, asked about for every table line: a list is cheaper than hashing.)
pub type HeadingLines = Vec<usize>;

/// The lines of the headings of sections 二, 三 and 四 (the tables' own), when found.
#[derive(Debug, Clone, Copy, Default)]
pub struct TableSections {
    pub proactive: Option<usize>,
    pub applications: Option<usize>,
    pub litigation: Option<usize>,
}

/// Reads the three tables.
pub fn parse_tables<'a>(
    text: &'a str,
    lines: &[TableLine<'a>],
    headings: &HeadingLines,
    sections: TableSections,
    unparsed: &mut Vec<Unparsed>,
) -> Vec<Table> {
    let mut tables = Vec::new();
    tables.extend(parse_t2(
        text,
        lines,
        headings,
        sections.proactive,
        unparsed,
    ));
    tables.extend(parse_t3(
        text,
        lines,
        headings,
        sections.applications,
        unparsed,
    ));
    tables.extend(parse_t4(
        text,
        lines,
        headings,
        sections.litigation,
        unparsed,
    ));
    tables
}

/// Where a table starts: the first line `is_start` accepts under the table's section
/// heading (the line `section`, when found), else the first anywhere. Text from a PDF
/// breaks prose into short lines, and a sentence before the heading with the table's
/// words and a few numbers can look like its first row.
fn table_start(
    lines: &[TableLine],
    section: Option<usize>,
    is_start: impl Fn(&TableLine) -> bool,
) -> Option<usize> {
    let from = section.unwrap_or(0).min(lines.len());
    lines[from..]
        .iter()
        .position(&is_start)
        .map(|at| from + at)
        .or_else(|| lines[..from].iter().position(&is_start))
}

fn make_row(
    key: &'static str,
    line: &TableLine,
    columns: &[&'static str],
    numbers: &[&super::fields::Field],
) -> Row {
    let cells = columns
        .iter()
        .zip(numbers)
        .map(|(column, field)| Cell {
            column,
            raw: field.raw.to_string(),
            value: field.token.value(),
            span: field.span,
            blank_at: field.blank_at,
        })
        .collect();
    Row {
        key,
        label: line.label.clone(),
        span: line.span,
        cells,
    }
}

fn finish(id: TableId, rows: Vec<Row>, first: Span, last: Span) -> Table {
    // A few dozen rows: a search per required row is cheaper than hashing them.
    let missing_rows = id
        .required_rows()
        .filter(|r| !rows.iter().any(|row| row.key == r.key))
        .map(|r| r.key)
        .collect();
    Table {
        id,
        span: Span::new(first.start, last.end),
        rows,
        missing_rows,
    }
}

/// A row's label shape and its width in cells ([`DelimitedRow::shape`]).
type RowWidth = (Vec<bool>, usize);

/// The numbers of a row with zeros left blank ([`DelimitedRow::numbers_with_blanks`]).
/// `widths`, when given, finds the label shapes and widths of the table's rows that have
/// all their numbers ([`complete_row_widths`]; asked only of a row so read): a row as wide
/// as none of its like is not read so (an empty cell beside a label merged across two
/// columns looks like a blank number in a row a number short).
fn blanks_read_as_zero<'a, 'w>(
    line: &TableLine<'a>,
    text: &'a str,
    count: usize,
    widths: Option<&dyn Fn() -> &'w [RowWidth]>,
) -> Option<Vec<Field<'a>>> {
    let row = DelimitedRow::of(line, text)?;
    let fields = row.numbers_with_blanks(line, count)?;
    if let Some(widths) = widths {
        let (label, width) = row.shape();
        let mut like = widths().iter().filter(|(l, _)| *l == label).peekable();
        if like.peek().is_some() && !like.any(|&(_, w)| w == width) {
            return None;
        }
    }
    Some(fields)
}

/// Whether a line ends with a blank cell between delimiters (`…⇥`, `… |  |`), as a row
/// of zeros left blank does; a header ends with words. (A cheap test before a row is
/// split into its cells: most lines without numbers are headers and labels.)
fn ends_blank(line: &TableLine, text: &str) -> bool {
    let Some(row) = text.get(line.span.start..line.span.end) else {
        return false;
    };
    let space = |c: char| c != '\t' && super::fold::is_space(c);
    let row = row.trim_end_matches(space);
    if row.ends_with('\t') {
        return true;
    }
    let row = row.strip_suffix(['|', '│']).unwrap_or(row);
    row.trim_end_matches(space)
        .ends_with(super::fields::CELL_DELIMITERS)
}

/// The label shapes and widths ([`DelimitedRow::shape`]) of the delimited rows from
/// `lines` to the next heading that have `count` numbers or more.
fn complete_row_widths(
    text: &str,
    lines: &[TableLine],
    headings: &HeadingLines,
    count: usize,
) -> Vec<RowWidth> {
    let first = lines.first().map(|l| l.index);
    lines
        .iter()
        .take_while(|l| Some(l.index) == first || !headings.contains(&l.index))
        .filter(|l| l.number_count() >= count)
        .filter_map(|l| DelimitedRow::of(l, text))
        .map(|row| row.shape())
        .collect()
}

// ---------------------------------------------------------------- table 三

/// The groups of outcome rows, by the words of their group label.
const T3_GROUPS: &[(&str, &str)] = &[
    ("不予公开", "denied"),
    ("无法提供", "unable"),
    ("不予处理", "not_processed"),
    ("其他处理", "other_handling"),
];

/// Item rows, by words unique to their label (format.md §4.2).
const T3_ITEMS: &[(&str, &str)] = &[
    ("国家秘密", "denied.state_secret"),
    ("禁止公开", "denied.law_prohibited"),
    ("三安全一稳定", "denied.security_stability"),
    ("危及", "denied.security_stability"),
    ("第三方合法权益", "denied.third_party"),
    ("内部事务", "denied.internal_affairs"),
    ("过程性信息", "denied.process_info"),
    ("执法案卷", "denied.enforcement_file"),
    ("查询事项", "denied.admin_query"),
    ("不掌握", "unable.not_held"),
    ("另行制作", "unable.needs_creation"),
    ("仍不明确", "unable.still_unclear"),
    ("补正后", "unable.still_unclear"),
    ("信访", "not_processed.petition"),
    ("重复申请", "not_processed.repeat"),
    ("出版物", "not_processed.publication"),
    ("大量反复", "not_processed.mass_repeat"),
    ("重新出具", "not_processed.confirm_reissue"),
    ("确认", "not_processed.confirm_reissue"),
    ("不补正", "other_handling.no_correction"),
    ("缴纳费用", "other_handling.fee_unpaid"),
    ("收费通知", "other_handling.fee_unpaid"),
];

/// The words a table-三 label is classified by besides the groups and items.
#[derive(Debug, Clone, Copy)]
enum T3Marker {
    NewReceived,
    NextYear,
    StillOpen,
    CarriedOver,
    Partial,
    Granted,
    Total,
    Subtotal,
    /// 合计: the total row when no group's word is in its label (（七）合计).
    Sum,
}

/// Each marker's word, in the order of [`T3Marker`] (a marker's bit is its index).
const T3_MARKERS: [(T3Marker, &str); 9] = [
    (T3Marker::NewReceived, "本年新收"),
    (T3Marker::NextYear, "结转下年"),
    (T3Marker::StillOpen, "继续办理"),
    (T3Marker::CarriedOver, "上年结转"),
    (T3Marker::Partial, "部分公开"),
    (T3Marker::Granted, "予以公开"),
    (T3Marker::Total, "总计"),
    (T3Marker::Subtotal, "小计"),
    (T3Marker::Sum, "合计"),
];

// Every word is a bit of `T3Words::present`.
const _: () = assert!(T3_MARKERS.len() + T3_ITEMS.len() + T3_GROUPS.len() <= 64);

/// Finds [`T3Words`] (labels are short, so a prefilter does not pay). A contiguous NFA,
/// not a DFA: the DFA searched a text report's labels ~17,000 instructions faster (1.3 %
/// of the report) but took 2.0 M instructions to build against 0.4 M, every run: most of
/// the parser's start-up, and a one-report run waited for it.
static T3_SEARCHER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    let words = T3_MARKERS
        .iter()
        .map(|(_, word)| word)
        .chain(T3_ITEMS.iter().map(|(word, _)| word))
        .chain(T3_GROUPS.iter().map(|(word, _)| word));
    AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .prefilter(false)
        .build(words)
        .expect("a few fixed words build an automaton")
});

/// Builds the table reader's automaton now (see [`super::warm_up`]).
pub(super) fn warm_up() {
    LazyLock::force(&T3_SEARCHER);
}

/// Which of the table-三 words a label holds, found in one pass: markers, then
/// [`T3_ITEMS`], then [`T3_GROUPS`] as bits, and where each group word last starts.
/// (A `contains` per word cost ~2,000 instructions a row, 4 % of a text report.)
struct T3Words {
    present: u64,
    group_at: [Option<usize>; T3_GROUPS.len()],
}

impl T3Words {
    const ITEMS_FROM: usize = T3_MARKERS.len();
    const GROUPS_FROM: usize = Self::ITEMS_FROM + T3_ITEMS.len();

    fn of(label: &str) -> Self {
        let mut words = Self {
            present: 0,
            group_at: [None; T3_GROUPS.len()],
        };
        for found in T3_SEARCHER.find_overlapping_iter(label) {
            let index = found.pattern().as_usize();
            words.present |= 1 << index;
            if let Some(group) = index.checked_sub(Self::GROUPS_FROM) {
                // The last occurrence counts (`rfind`).
                let at = &mut words.group_at[group];
                *at = Some(at.map_or(found.start(), |a| a.max(found.start())));
            }
        }
        words
    }

    fn has(&self, marker: T3Marker) -> bool {
        self.present & (1 << marker as usize) != 0
    }

    /// The first of [`T3_ITEMS`] (in its order) the label holds.
    fn item(&self) -> Option<&'static str> {
        let items = (self.present >> Self::ITEMS_FROM) & ((1 << T3_ITEMS.len()) - 1);
        (items != 0).then(|| T3_ITEMS[items.trailing_zeros() as usize].1)
    }

    /// The group whose word stands last in the label: "(三)不予公开" sets denied.
    fn group(&self) -> Option<&'static str> {
        (0..T3_GROUPS.len())
            .filter_map(|g| self.group_at[g].map(|at| (at, T3_GROUPS[g].1)))
            .max_by_key(|(at, _)| *at)
            .map(|(_, key)| key)
    }

    fn has_group(&self, key: &str) -> bool {
        T3_GROUPS
            .iter()
            .position(|(_, k)| *k == key)
            .is_some_and(|g| self.group_at[g].is_some())
    }
}

/// [`classify_t3`] of a label alone (the reader finds a line's words once for its
/// group and its row key).
#[cfg(test)]
fn classify_t3_label(label: &str, group: Option<&str>) -> Option<&'static str> {
    classify_t3(&T3Words::of(label), label, group)
}

/// The row key for a table-三 label (`words` are its [`T3Words`]), given the group the
/// rows above opened.
fn classify_t3(words: &T3Words, label: &str, group: Option<&str>) -> Option<&'static str> {
    use T3Marker::*;
    if words.has(NewReceived) {
        return Some("new_received");
    }
    if words.has(NextYear) || words.has(StillOpen) {
        return Some("carried_forward");
    }
    if words.has(CarriedOver) {
        return Some("carried_over");
    }
    if let Some(key) = words.item() {
        return Some(key);
    }
    if words.has(Partial) {
        return Some("partial");
    }
    if words.has(Granted) && !words.has_group("denied") {
        return Some("granted");
    }
    // 合计 is the total written another way, unless a group's word makes it that group's
    // (不予公开合计).
    if words.has(Total) || (words.has(Sum) && words.group().is_none()) {
        return Some("result_total");
    }
    let bare = label.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == '、');
    if bare.ends_with("其他") && (group == Some("other_handling") || label.starts_with('3')) {
        return Some("other_handling.other");
    }
    // A label cut short where its cell wrapped (`2.其他法律行政法规禁止公`) still has its
    // number within the group, and the start of its item's words: those decide when they
    // are the start of one item's only (a PDF's group label centred over the part of its
    // group on the next page stands below its first rows, which the group above seems
    // to hold).
    if let Some(key) = item_by_its_start(label) {
        return Some(key);
    }
    if let (Some(n), Some(group)) = (item_number(label), words.group().or(group)) {
        let mut items = TableId::T3
            .rows()
            .iter()
            .filter(|r| crate::ruleset::expr::is_group_item(r.key, group));
        if let Some(row) = items.nth(n - 1) {
            return Some(row.key);
        }
    }
    match words
        .group()
        .or(if words.has(Subtotal) { group } else { None })
    {
        Some("denied") => Some("denied.subtotal"),
        Some("unable") => Some("unable.subtotal"),
        Some("not_processed") => Some("not_processed.subtotal"),
        Some("other_handling") => Some("other_handling.subtotal"),
        _ => None,
    }
}

/// The item whose words (after its number, the same as the label's) start with the
/// label's words after its number, when those are four characters or more and start one
/// item's words only: `3.要求提供公开出版` is `not_processed.publication`.
fn item_by_its_start(label: &str) -> Option<&'static str> {
    const MIN_CHARS: usize = 4;
    let (number, words) = label
        .char_indices()
        .zip(label.chars().skip(1))
        .find(|&((_, c), next)| matches!(c, '1'..='9') && matches!(next, '.' | '、'))
        .map(|((at, c), next)| (c, &label[at + c.len_utf8() + next.len_utf8()..]))?;
    // Shorter starts (`其他`) are many items'.
    words.chars().nth(MIN_CHARS - 1)?;
    let mut items = TableId::T3.rows().iter().filter(|row| {
        row.label
            .rsplit_once(' ')
            .and_then(|(_, item)| item.strip_prefix(number))
            .and_then(|item| item.strip_prefix('.'))
            .is_some_and(|item| item.starts_with(words))
    });
    let first = items.next()?;
    items.next().is_none().then_some(first.key)
}

/// The number of an item within its group, as a (folded) label writes it: `2.` or `2、`
/// followed by words.
fn item_number(label: &str) -> Option<usize> {
    let bytes = label.as_bytes();
    bytes
        .windows(3)
        .find_map(|w| match w {
            [d @ b'1'..=b'9', b'.', next] if !next.is_ascii_digit() => Some(usize::from(d - b'0')),
            _ => None,
        })
        .or_else(|| {
            let at = label.find('、')?;
            let digit = *bytes.get(at.checked_sub(1)?)?;
            (b'1'..=b'9')
                .contains(&digit)
                .then(|| usize::from(digit - b'0'))
        })
}

/// Whether a line's words name an applicants' column (自然人, 法人或其他组织, 商业企业…),
/// which no row's label does.
fn names_applicants(label: &str) -> bool {
    label.contains("法人")
        || T3_COLUMNS
            .iter()
            .flat_map(|c| c.header_words)
            .any(|word| word.chars().count() >= 3 && label.contains(word))
}

fn t3_columns(header: &str) -> Vec<&'static str> {
    T3_COLUMNS
        .iter()
        .filter(|c| c.key != "org_subtotal" || header.contains("小计"))
        .map(|c| c.key)
        .collect()
}

fn parse_t3<'a>(
    text: &'a str,
    lines: &[TableLine<'a>],
    headings: &HeadingLines,
    section: Option<usize>,
    unparsed: &mut Vec<Unparsed>,
) -> Option<Table> {
    static NOTE: LazyLock<Word> = LazyLock::new(|| Word::new("勾稽关系"));
    static APPLICANTS: LazyLock<Word> = LazyLock::new(|| Word::new("申请人情况"));
    static NEW_RECEIVED: LazyLock<Word> = LazyLock::new(|| Word::new("本年新收"));
    let start = table_start(lines, section, |l| {
        l.table_like
            && (NOTE.is_in(&l.label)
                || APPLICANTS.is_in(&l.label)
                || (NEW_RECEIVED.is_in(&l.label) && l.number_count() > 0))
    })?;
    let mut header = String::new();
    let mut columns: Vec<&'static str> = Vec::new();
    let mut rows: Vec<Row> = Vec::new();
    // A label on a line of its own, for the numbers on the next line (its words found).
    let mut pending: Option<(&str, T3Words)> = None;
    let mut group: Option<&'static str> = None;
    // Whether the rows end with their last number twice (see [`last_cell_repeated`]).
    let mut repeated_last = false;
    let first = lines[start].span;
    let mut last = first;
    // The widths of the complete rows, found when a row is short of numbers (rarely).
    let complete_widths = std::cell::OnceCell::new();
    let widths = |count| -> &[RowWidth] {
        complete_widths.get_or_init(|| complete_row_widths(text, &lines[start..], headings, count))
    };
    for line in &lines[start..] {
        if line.index != lines[start].index && headings.contains(&line.index) {
            break;
        }
        if line.is_blank() {
            continue;
        }
        if !line.table_like {
            // A row's label on a line of its own, however long, before its numbers (a
            // cell's paragraphs as html2text writes them).
            let own_label = || {
                !columns.is_empty()
                    && !line.label.contains('。')
                    && classify_t3(&T3Words::of(&line.label), &line.label, group).is_some()
            };
            if is_wrapped_cell(line) || own_label() {
                // Its words may be the start of the next row's label (or of a header).
                if columns.is_empty() {
                    header.push_str(&line.label);
                }
                let words = T3Words::of(&line.label);
                if let Some(g) = words.group() {
                    group = Some(g);
                }
                pending = Some((&line.label, words));
                continue;
            }
            if columns.is_empty() {
                continue;
            }
            break;
        }
        last = line.span;
        let words = T3Words::of(&line.label);
        if let Some(g) = words.group() {
            group = Some(g);
        }
        // A row of zeros left blank, its cells delimited, is a row (one the format has and
        // not read yet: not a group's label standing over its items, nor the words of a
        // row's label wrapped onto a line of their own); another line without numbers is a
        // header or a label for the numbers below.
        let blank_row = || {
            ends_blank(line, text)
                // Not a header row whose cells past its words are padding (`| 自然人 |
                // 法人或其他组织 | 总计 | |||||||`: not a blank （七）总计).
                && !names_applicants(&line.label)
                && classify_t3(&words, &line.label, group).is_some_and(|key| {
                    TableId::T3
                        .rows()
                        .iter()
                        .any(|r| r.key == key && r.required)
                        && !rows.iter().any(|r| r.key == key)
                })
                && {
                    let count = match columns.is_empty() {
                        true => t3_columns(&header).len(),
                        false => columns.len(),
                    };
                    blanks_read_as_zero(line, text, count, Some(&|| widths(count))).is_some()
                }
        };
        if line.number_count() == 0 && !blank_row() {
            if columns.is_empty() {
                header.push_str(&line.label);
            } else {
                pending = Some((&line.label, words));
            }
            continue;
        }
        if columns.is_empty() {
            columns = t3_columns(&header);
            repeated_last = last_cell_repeated(&lines[start..], headings, columns.len());
        }
        let key = classify_t3(&words, &line.label, group).or_else(|| {
            pending
                .as_ref()
                .and_then(|(label, words)| classify_t3(words, label, group))
        });
        pending = None;
        let Some(key) = key else {
            unparsed.push(Unparsed {
                table: TableId::T3,
                span: line.span,
                what: format!("表三中无法识别的行：“{}”", line.label),
            });
            continue;
        };
        let with_blanks;
        let mut numbers: Vec<_> = line.numbers().collect();
        if numbers.len() < columns.len() {
            let count = columns.len();
            if let Some(fields) = blanks_read_as_zero(line, text, count, Some(&|| widths(count))) {
                with_blanks = fields;
                numbers = with_blanks.iter().collect();
            }
        }
        if numbers.len() < columns.len() {
            unparsed.push(Unparsed {
                table: TableId::T3,
                span: line.span,
                what: format!(
                    "表三“{}”行只读到 {} 个数字，应为 {} 个；此行不参与计算",
                    line.label,
                    numbers.len(),
                    columns.len()
                ),
            });
            continue;
        }
        if rows.iter().any(|r| r.key == key) {
            unparsed.push(Unparsed {
                table: TableId::T3,
                span: line.span,
                what: format!("表三“{}”行重复出现（{key}），已忽略", line.label),
            });
            continue;
        }
        // Blank cells past the row's last (a converter's padding to the table's width).
        while numbers.len() > columns.len() && numbers.last().is_some_and(|f| f.raw.is_empty()) {
            numbers.pop();
        }
        let skip = match repeated_last && numbers.len() == columns.len() + 1 {
            true => 0,
            false => numbers.len() - columns.len(),
        };
        let numbers = &numbers[skip..skip + columns.len()];
        rows.push(make_row(key, line, &columns, numbers));
        if key == "carried_forward" {
            break;
        }
    }
    Some(finish(TableId::T3, rows, first, last))
}

/// Whether table 三's rows (from `lines`, to the next heading) end with their last
/// number twice: a script that joins python-docx's `row.cells` repeats a cell merged
/// across two grid columns, as the 总计 cells of LibreOffice's .docx are. Every row with
/// one number too many repeats it, and some such total is not 0 (in a table of zeros a
/// first column of item numbers would look the same).
fn last_cell_repeated(lines: &[TableLine], headings: &HeadingLines, columns: usize) -> bool {
    let ends: Vec<(Option<Num>, Option<Num>)> = lines
        .iter()
        .enumerate()
        .take_while(|(at, line)| *at == 0 || !headings.contains(&line.index))
        .map(|(_, line)| line)
        .filter(|line| line.table_like && line.number_count() == columns + 1)
        .map(|line| {
            let numbers: Vec<Option<Num>> = line.numbers().map(|f| f.token.value()).collect();
            (numbers[numbers.len() - 1], numbers[numbers.len() - 2])
        })
        .collect();
    ends.iter().all(|(last, before)| last == before)
        && ends
            .iter()
            .any(|(last, _)| last.is_some_and(|n| n != Num::ZERO))
}

/// A cell's words wrapped onto a line of their own, between the rows of a table whose
/// columns are aligned with spaces (text copied from a PDF: `无法提供   息`, `项`,
/// `位：万元）`): too few fields for a table row, yet no prose either. A few words, no
/// numbers, no sentence.
fn is_wrapped_cell(line: &TableLine) -> bool {
    line.number_count() == 0
        && line.label.chars().count() <= 24
        && !line.label.contains(['。', '；', ';'])
}

// ---------------------------------------------------------------- table 四

/// The columns whose header words occur in `header`, each with where its first word
/// stands, in the order they appear.
fn columns_named_in(header: &str, columns: &HeaderWords) -> Vec<(usize, &'static str)> {
    let mut found: Vec<(usize, &'static str)> = columns
        .0
        .iter()
        .filter_map(|(key, words)| {
            words
                .iter()
                .filter_map(|word| word.find(header))
                .min()
                .map(|at| (at, *key))
        })
        .collect();
    found.sort();
    found
}

/// A word looked for in many lines (until a table starts, in row labels and headers), its
/// searcher built once: a one-shot search (`str::contains`) sets one up per call
/// (150–400 instructions).
struct Word(memchr::memmem::Finder<'static>);

impl Word {
    fn new(word: &'static str) -> Self {
        Self(memchr::memmem::Finder::new(word))
    }

    fn find(&self, text: &str) -> Option<usize> {
        self.0.find(text.as_bytes())
    }

    fn is_in(&self, text: &str) -> bool {
        self.find(text).is_some()
    }
}

/// A table's column keys, each with its header words (a table 二 header is searched for
/// 20 words).
struct HeaderWords(Vec<(&'static str, Vec<Word>)>);

impl HeaderWords {
    fn new(columns: &'static [ColumnSpec]) -> Self {
        Self(
            columns
                .iter()
                .map(|c| {
                    let words = c.header_words.iter().map(|w| Word::new(w)).collect();
                    (c.key, words)
                })
                .collect(),
        )
    }
}

static T2_HEADER_WORDS: LazyLock<HeaderWords> = LazyLock::new(|| HeaderWords::new(T2_COLUMNS));
static T4_HEADER_WORDS: LazyLock<HeaderWords> = LazyLock::new(|| HeaderWords::new(T4_COLUMNS));

fn t4_column_order(header: &str) -> Vec<&'static str> {
    let found = columns_named_in(header, &T4_HEADER_WORDS);
    if found.len() != T4_COLUMNS.len() {
        return T4_COLUMNS.iter().map(|c| c.key).collect();
    }
    found.into_iter().map(|(_, k)| k).collect()
}

fn parse_t4<'a>(
    text: &'a str,
    lines: &[TableLine<'a>],
    headings: &HeadingLines,
    litigation: Option<usize>,
    unparsed: &mut Vec<Unparsed>,
) -> Option<Table> {
    static REVIEW: LazyLock<Word> = LazyLock::new(|| Word::new("行政复议"));
    static LITIGATION: LazyLock<Word> = LazyLock::new(|| Word::new("行政诉讼"));
    static UPHELD: LazyLock<Word> = LazyLock::new(|| Word::new("维持"));
    static CORRECTED: LazyLock<Word> = LazyLock::new(|| Word::new("纠正"));
    let start = table_start(lines, litigation, |l| {
        l.table_like
            && ((REVIEW.is_in(&l.label) && LITIGATION.is_in(&l.label))
                || (UPHELD.is_in(&l.label) && CORRECTED.is_in(&l.label))
                // Its header set vertically (a PDF of a narrow table: one character a
                // line), the row of fifteen numbers is what is left of it.
                || (litigation.is_some() && l.number_count() == 15 && l.label.is_empty()))
    })?;
    let first = lines[start].span;
    let mut last = first;
    let mut header = String::new();
    let mut numbers = Vec::new();
    let mut number_lines = Vec::new();
    // The last row of zeros left blank, its cells delimited (no numbers: blank): the
    // table's numbers when no row has any.
    let mut blank_row = None;
    for line in lines[start..].iter().take(12) {
        if line.index != lines[start].index && headings.contains(&line.index) {
            break;
        }
        if line.is_blank() {
            if line.fields.is_empty() && ends_blank(line, text) {
                if let Some(fields) = blanks_read_as_zero(line, text, 15, None) {
                    blank_row = Some((line, fields));
                }
            }
            continue;
        }
        if !line.table_like {
            if is_wrapped_cell(line) {
                continue;
            }
            break;
        }
        last = line.span;
        if line.number_count() == 0 {
            if numbers.is_empty() {
                // The line that names the five result columns gives their order.
                if header.is_empty() || !t4_has_all_columns(&header) {
                    header = line.label.clone();
                }
            }
            continue;
        }
        numbers.extend(line.numbers().cloned());
        number_lines.push(line);
        if numbers.len() >= 15 {
            break;
        }
    }
    // One row of numbers with zeros left blank, or all of them.
    if let [line] = number_lines[..] {
        if numbers.len() < 15 {
            if let Some(fields) = blanks_read_as_zero(line, text, 15, None) {
                numbers = fields;
            }
        }
    }
    if let (true, Some((line, fields))) = (numbers.is_empty(), blank_row) {
        numbers = fields;
        number_lines.push(line);
        last = line.span;
    }
    let mut rows = Vec::new();
    if numbers.len() >= 15 {
        let order = t4_column_order(&header);
        let numbers: Vec<_> = numbers[numbers.len() - 15..].iter().collect();
        let line = number_lines.last().copied().unwrap_or(&lines[start]);
        for (g, group) in ["review", "lit_direct", "lit_after_review"]
            .into_iter()
            .enumerate()
        {
            let mut row = make_row(group, line, &order, &numbers[g * 5..g * 5 + 5]);
            row.label = crate::document::schema::T4_ROWS[g].label.to_string();
            let first_cell = row.cells.first().map(|c| c.span);
            let last_cell = row.cells.last().map(|c| c.span);
            if let (Some(a), Some(b)) = (first_cell, last_cell) {
                row.span = Span::new(a.start, b.end);
            }
            rows.push(row);
        }
    } else {
        let span = number_lines.first().map(|l| l.span).unwrap_or(first);
        unparsed.push(Unparsed {
            table: TableId::T4,
            span,
            what: format!(
                "表四只读到 {} 个数字，应为 15 个；表四各项无法核对",
                numbers.len()
            ),
        });
    }
    Some(finish(TableId::T4, rows, first, last))
}

fn t4_has_all_columns(header: &str) -> bool {
    T4_HEADER_WORDS
        .0
        .iter()
        .all(|(_, words)| words.iter().any(|word| word.is_in(header)))
}

// ---------------------------------------------------------------- table 二

fn t2_block_columns(block: &str) -> Vec<&'static str> {
    match block {
        "一" => vec!["issued", "repealed", "in_force"],
        "五" | "六" => vec!["decisions"],
        "八" => vec!["fee_amount"],
        _ => Vec::new(),
    }
}

fn t2_header_columns(label: &str) -> Vec<&'static str> {
    let found = columns_named_in(label, &T2_HEADER_WORDS);
    // "处理决定数量" also occurs inside longer headers; keep the first of overlapping words.
    let mut keys: Vec<&'static str> = Vec::new();
    for (_, key) in found {
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys
}

fn t2_row_key(label: &str) -> Option<&'static str> {
    static ROWS: LazyLock<Vec<(Word, &str)>> = LazyLock::new(|| {
        [
            ("规范性文件", "normative_docs"),
            ("规章", "rules"),
            ("行政许可", "licensing"),
            ("行政处罚", "penalty"),
            ("行政强制", "coercion"),
            ("收费", "admin_fees"),
            ("其他对外管理服务事项", "other_services"),
            ("集中采购", "central_procurement"),
        ]
        .into_iter()
        .map(|(word, key)| (Word::new(word), key))
        .collect()
    });
    if label.chars().count() > 20 {
        return None;
    }
    ROWS.iter()
        .find(|(word, _)| word.is_in(label))
        .map(|(_, key)| *key)
}

fn article_block(label: &str) -> Option<String> {
    static ARTICLE: LazyLock<Word> = LazyLock::new(|| Word::new("第二十条第"));
    let at = ARTICLE.find(label)?;
    let rest = &label[at + "第二十条第".len()..];
    let rest = rest.trim_start_matches(['(', '[']);
    rest.chars().next().map(|c| c.to_string())
}

fn parse_t2<'a>(
    text: &'a str,
    lines: &[TableLine<'a>],
    headings: &HeadingLines,
    section: Option<usize>,
    unparsed: &mut Vec<Unparsed>,
) -> Option<Table> {
    // A block title (第二十条第（一）项) or a row such as "行政许可  120" may be a lone
    // field when the table is aligned with spaces, so short lines count as table lines here.
    // So is a header's cell on a line of its own (本年新制作数量 |, a page's table written a
    // cell a line): its columns are the block's.
    let is_t2_line = |l: &TableLine| {
        l.table_like
            || l.label.starts_with("信息内容")
            || (l.label.chars().count() <= 16
                && (article_block(&l.label).is_some()
                    || (t2_row_key(&l.label).is_some() && l.number_count() > 0)
                    || (l.number_count() == 0 && !t2_header_columns(&l.label).is_empty())))
    };
    // The block title first: it is one search, and most lines have none.
    let start = table_start(lines, section, |l| {
        article_block(&l.label).is_some() && is_t2_line(l)
    })?;
    let first = lines[start].span;
    let mut last = first;
    let mut columns: Vec<&'static str> = Vec::new();
    let mut rows: Vec<Row> = Vec::new();
    // The words on the lines of their own since the last row: a label before its
    // numbers, or the first part of one wrapped (行政规范性 / 文件  2  1  15).
    let mut pending = String::new();
    // Whether the line before named columns.
    let mut header_lines = false;
    for line in &lines[start..] {
        if line.index != lines[start].index && headings.contains(&line.index) {
            break;
        }
        if line.is_blank() {
            continue;
        }
        if !is_t2_line(line) {
            if is_wrapped_cell(line) {
                pending.push_str(&line.label);
                continue;
            }
            break;
        }
        last = line.span;
        if let Some(block) = article_block(&line.label) {
            columns = t2_block_columns(&block);
            header_lines = false;
            // A block title carries no data, even when a page's blank cells beside it
            // were read as dashes.
            if line
                .numbers()
                .all(|f| matches!(f.token, super::fields::Token::Dash))
            {
                continue;
            }
        }
        let count = line.number_count();
        // A row of zeros left blank, its cells delimited, is a row (not a header naming
        // a row's words, 本年收费金额, and not one read already).
        let blank_row = || {
            !columns.is_empty()
                && ends_blank(line, text)
                && t2_header_columns(&line.label).is_empty()
                && t2_row_key(&line.label).is_some_and(|key| !rows.iter().any(|r| r.key == key))
                && blanks_read_as_zero(line, text, columns.len(), None).is_some()
        };
        if count == 0 && !blank_row() {
            let header = t2_header_columns(&line.label);
            // A row whose number is written wrong (`行政处罚⇥3x5`): no label to carry on.
            if header.is_empty() && line.has_garbled_number() && t2_row_key(&line.label).is_some() {
                unparsed.push(Unparsed {
                    table: TableId::T2,
                    span: line.span,
                    what: format!("表二“{}”行的数字无法读取；此行不参与核对", line.label),
                });
                pending.clear();
                continue;
            }
            if header.is_empty() {
                pending.push_str(&line.label);
                header_lines = false;
                continue;
            }
            // A header's cells may stand on lines of their own, one column each.
            if !header_lines {
                columns.clear();
            }
            for column in header {
                if !columns.contains(&column) {
                    columns.push(column);
                }
            }
            header_lines = true;
            pending.clear();
            continue;
        }
        header_lines = false;
        let before = std::mem::take(&mut pending);
        let key = t2_row_key(&line.label).or_else(|| {
            [format!("{before}{}", line.label), before]
                .iter()
                .find_map(|label| t2_row_key(label))
        });
        let Some(key) = key else {
            unparsed.push(Unparsed {
                table: TableId::T2,
                span: line.span,
                what: format!("表二中无法识别的行：“{}”", line.label),
            });
            continue;
        };
        let with_blanks;
        let mut numbers: Vec<_> = line.numbers().collect();
        if !columns.is_empty() && numbers.len() < columns.len() {
            if let Some(fields) = blanks_read_as_zero(line, text, columns.len(), None) {
                with_blanks = fields;
                numbers = with_blanks.iter().collect();
            }
        }
        if columns.is_empty() || numbers.len() < columns.len() {
            unparsed.push(Unparsed {
                table: TableId::T2,
                span: line.span,
                what: format!(
                    "表二“{}”行只读到 {} 个数字，应为 {} 个；此行不参与核对",
                    line.label,
                    numbers.len(),
                    columns.len()
                ),
            });
            continue;
        }
        if rows.iter().any(|r| r.key == key) {
            continue;
        }
        rows.push(make_row(key, line, &columns, &numbers[..columns.len()]));
    }
    Some(finish(TableId::T2, rows, first, last))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t3_labels_from_the_seeds() {
        let cases = [
            ("三、本年度办理结果(一)予以公开", "granted"),
            (
                "(二)部分公开(区分处理的,只计这一情形,不计其他情形)",
                "partial",
            ),
            ("(三)不予公开1.属于国家秘密", "denied.state_secret"),
            ("3.危及“三安全一稳定”", "denied.security_stability"),
            ("(四)1.本机关不掌握相关政府信", "unable.not_held"),
            (
                "(六)其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                "other_handling.no_correction",
            ),
            (
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                "other_handling.fee_unpaid",
            ),
            ("4.无正当理由大量反复申请", "not_processed.mass_repeat"),
            (
                "5.要求行政机关确认或重新出具已获取信息",
                "not_processed.confirm_reissue",
            ),
            ("(七)总计", "result_total"),
            ("(七)合计", "result_total"),
            ("合计", "result_total"),
            ("(三)不予公开合计", "denied.subtotal"),
            ("四、结转下年度继续办理", "carried_forward"),
            ("二、上年结转政府信息公开申请数量", "carried_over"),
        ];
        for (label, key) in cases {
            assert_eq!(classify_t3_label(label, None), Some(key), "{label}");
        }
        assert_eq!(
            classify_t3_label("3.其他", Some("other_handling")),
            Some("other_handling.other")
        );
        assert_eq!(
            classify_t3_label("(六)其他处理", None),
            Some("other_handling.subtotal")
        );
        // Cut short where the cell wrapped: the item's number within its group.
        assert_eq!(
            classify_t3_label("2.其他法律行政法规禁止公", Some("denied")),
            Some("denied.law_prohibited")
        );
        assert_eq!(
            classify_t3_label("3、要求提供公", Some("not_processed")),
            Some("not_processed.publication")
        );
        assert_eq!(classify_t3_label("9.不存在的项", Some("unable")), None);
        // The start of one item's words decides over the group the rows above opened (a
        // group's label centred lower, on a new page, than its first rows); a start too
        // short to tell leaves it to the group.
        for (label, group, key) in [
            ("3.要求提供公开出版", "unable", "not_processed.publication"),
            ("2.没有现成", "denied", "unable.needs_creation"),
            ("2.其他", "denied", "denied.law_prohibited"),
            ("2.其他法律", "unable", "denied.law_prohibited"),
        ] {
            assert_eq!(classify_t3_label(label, Some(group)), Some(key), "{label}");
        }
    }

    #[test]
    fn a_wrapped_cell_between_aligned_rows_does_not_end_table_three() {
        let rows = [
            "（四）   1.本机关不掌握相关政府信   1   0   0   0   0   0   1",
            "无法提供   息",
            "2.没有现成信息需要另行制作   0   0   0   0   0   0   0",
        ];
        let text = format!(
            "三、收到和处理政府信息公开申请情况\n申请人情况   自然人   商业企业   总计\n{}\n\n本机关全年无行政复议。\n2.重复申请   0   0   0   0   0   0   0\n",
            rows.join("\n")
        );
        let source = crate::source::SourceFile::from_text("t.txt", text);
        let report = crate::parse::parse(&source);
        let t3 = report.table(TableId::T3).expect("table 三");
        let keys: Vec<&str> = t3.rows.iter().map(|r| r.key).collect();
        // The sentence ends the table: the row after it is not table 三's.
        assert_eq!(keys, ["unable.not_held", "unable.needs_creation"]);
    }

    #[test]
    fn a_header_row_padded_with_empty_cells_is_no_blank_total_row() {
        // As a page's table is written with pipes (a real report's header): the header's
        // padding cells are no blank （七）总计, which hid the row that follows.
        let text = "三、收到和处理政府信息公开申请情况\n\
            | (本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况 | ||||||||\n\
            | 自然人 | 法人或其他组织 | 总计 | |||||||\n\
            | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | |||||\n\
            | 一、本年新收政府信息公开申请数量 | 3 | 0 | 0 | 0 | 0 | 0 | 3 | ||\n\
            | 三、本年度办理结果 | (一)予以公开 | 3 | 0 | 0 | 0 | 0 | 0 | 3 | |\n\
            | （七）总计 | 3 | 0 | 0 | 0 | 0 | 0 | 3 | |\n";
        let source = crate::source::SourceFile::from_text("t.txt", text.to_string());
        let report = crate::parse::parse(&source);
        let t3 = report.table(TableId::T3).expect("table 三");
        let keys: Vec<&str> = t3.rows.iter().map(|r| r.key).collect();
        assert_eq!(keys, ["new_received", "granted", "result_total"]);
        let total = t3.cell("result_total", "total").expect("the total");
        assert_eq!(total.value, Some(Num::from_int(3)));
        assert!(report.unparsed.is_empty(), "{:?}", report.unparsed);
    }

    #[test]
    fn a_short_sentence_before_the_section_does_not_start_its_table() {
        // Prose from a PDF, broken at the page width: short, with the table's words and
        // two numbers, it has the shape of a row.
        let text = "一、总体情况\n本年新收申请 25 件，办结 20 件\n\
            三、收到和处理政府信息公开申请情况\n申请人情况\t自然人\t总计\n\
            一、本年新收政府信息公开申请数量\t\t25\t0\t0\t0\t0\t0\t25\n";
        let source = crate::source::SourceFile::from_text("t.txt", text);
        let report = crate::parse::parse(&source);
        let t3 = report.table(TableId::T3).expect("table 三");
        let keys: Vec<&str> = t3.rows.iter().map(|r| r.key).collect();
        assert_eq!(keys, ["new_received"]);
        assert_eq!(
            source.lines().line_of(t3.span.start),
            3,
            "starts at its header"
        );
    }

    #[test]
    fn a_page_number_between_rows_does_not_end_table_three() {
        let text = "三、收到和处理政府信息公开申请情况\n申请人情况\t自然人\t总计\n\
            \t（三）不予公开\t1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0\n\n— 5 —\n\u{c}\n\
            \t\t2.其他法律行政法规禁止公开\t0\t0\t0\t0\t0\t0\t0\n";
        let source = crate::source::SourceFile::from_text("t.txt", text);
        let report = crate::parse::parse(&source);
        let t3 = report.table(TableId::T3).expect("table 三");
        let keys: Vec<&str> = t3.rows.iter().map(|r| r.key).collect();
        assert_eq!(keys, ["denied.state_secret", "denied.law_prohibited"]);
        assert!(report.unparsed.is_empty(), "{:?}", report.unparsed);
    }

    #[test]
    fn a_last_cell_repeated_in_every_row_is_dropped() {
        let totals = |rows: &str| {
            let text =
                format!("三、收到和处理政府信息公开申请情况\n申请人情况\t自然人\t总计\n{rows}");
            let report = crate::parse::parse(&crate::source::SourceFile::from_text("t.txt", text));
            let t3 = report.table(TableId::T3).expect("table 三");
            t3.rows
                .iter()
                .map(|r| {
                    r.cells
                        .iter()
                        .map(|c| c.raw.as_str())
                        .collect::<Vec<_>>()
                        .concat()
                })
                .collect::<Vec<_>>()
        };
        // python-docx's rows, 总计 merged over two grid columns.
        let repeated = "一、本年新收\t\t20\t3\t0\t1\t1\t0\t25\t25\n\
            二、上年结转\t\t2\t0\t0\t0\t0\t0\t2\t2\n";
        assert_eq!(totals(repeated), ["203011025", "2000002"]);
        // A first column of item numbers in a table of zeros is not a repeat.
        let numbered =
            "1\t一、本年新收\t0\t0\t0\t0\t0\t0\t0\n2\t二、上年结转\t0\t0\t0\t0\t0\t0\t0\n";
        assert_eq!(totals(numbered), ["0000000", "0000000"]);
        // Nor is one row whose total happens to equal its 其他 column.
        let one =
            "一、本年新收\t\t1\t0\t0\t0\t0\t0\t3\t3\n二、上年结转\t\t9\t2\t0\t0\t0\t0\t0\t2\n";
        assert_eq!(totals(one), ["0000033", "2000002"]);
    }

    #[test]
    fn t3_markers_stand_at_their_own_bits() {
        for (index, (marker, word)) in T3_MARKERS.iter().enumerate() {
            assert_eq!(*marker as usize, index, "{word}");
            assert!(T3Words::of(word).has(*marker), "{word}");
        }
    }

    #[test]
    fn t3_words_decide_as_the_word_lists_order() {
        // Two item words: the first of T3_ITEMS wins, wherever it stands.
        assert_eq!(
            classify_t3_label("危及国家秘密", None),
            Some("denied.state_secret")
        );
        // Two group words: the one standing last opens the group.
        assert_eq!(T3Words::of("其他处理不予公开").group(), Some("denied"));
        assert_eq!(
            T3Words::of("不予公开其他处理").group(),
            Some("other_handling")
        );
        assert_eq!(
            T3Words::of("不予公开其他处理不予公开").group(),
            Some("denied")
        );
        // "予以公开" inside a denial is not a grant.
        assert_eq!(
            classify_t3_label("不予公开（予以公开除外）", None),
            Some("denied.subtotal")
        );
        assert_eq!(
            classify_t3_label("小计", Some("unable")),
            Some("unable.subtotal")
        );
        assert_eq!(classify_t3_label("小计", None), None);
    }
}
