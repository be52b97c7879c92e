//! Folding text for matching without losing where it came from. Reports mix full-width and
//! half-width forms (（一）/(一), ０/0, ，/,), put spaces inside words (不予公 开) and carry
//! zero-width characters from Word. Matching runs on the folded text; every folded byte
//! remembers the source character it came from, so a match maps back to an exact span.

use crate::document::Span;

/// Folded text plus, for each of its bytes, the source character behind it, packed as
/// `offset | (len << 29)` in a u32: 4 bytes per folded byte keeps a 20 MB one-line report
/// affordable. Sources are limited to [`MAX_SOURCE_LEN`].
#[derive(Debug, Clone, Default)]
pub struct Folded {
    pub text: String,
    origin: Vec<u32>,
}

/// The largest text whose offsets fit the packed origins (512 MiB).
pub const MAX_SOURCE_LEN: usize = 1 << 29;

fn pack(span: Span) -> u32 {
    let start = span.start.min(MAX_SOURCE_LEN - 1) as u32;
    let len = (span.end - span.start).min(7) as u32;
    start | (len << 29)
}

fn unpack(packed: u32) -> Span {
    let start = (packed & ((1 << 29) - 1)) as usize;
    Span::new(start, start + (packed >> 29) as usize)
}

/// What folding drops besides whitespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    /// Keep `*` and `#` (prose).
    Keep,
    /// Drop Markdown emphasis and heading markers (headings, labels).
    Strip,
}

/// Zero-width and formatting characters that Word and web pages leave behind.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// Whitespace as reports have it: ASCII, ideographic space (U+3000), NBSP, and friends.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{00A0}'
}

/// Full-width ASCII forms to half-width (０→0, （→(, ，→,, ：→:, ．→.).
pub fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '〔' | '【' => '[',
        '〕' | '】' => ']',
        _ => c,
    }
}

impl Folded {
    /// Room for `len` bytes of folded text (and their origins).
    pub fn with_capacity(len: usize) -> Self {
        Self {
            text: String::with_capacity(len),
            origin: Vec::with_capacity(len),
        }
    }

    /// Folds `text`, which starts at byte `base` of the source. Whitespace and invisible
    /// characters are dropped; line breaks become `\n` when `keep_newlines`.
    pub fn new(text: &str, base: usize, markup: Markup, keep_newlines: bool) -> Self {
        let mut folded = Self::with_capacity(text.len());
        folded.push_folded(text, base, markup, keep_newlines);
        folded
    }

    /// Folds `text` (starting at source byte `base`) onto the end of `self`, as
    /// [`Self::new`] would fold it, without an intermediate allocation.
    pub fn push_folded(&mut self, text: &str, base: usize, markup: Markup, keep_newlines: bool) {
        let bytes = text.as_bytes();
        self.text.reserve(bytes.len());
        self.origin.reserve(bytes.len());
        // Where the folded text stood after the last thousands separator dropped (prose).
        let mut joined_at: Option<usize> = None;
        let mut i = 0;
        while i < bytes.len() {
            let byte = bytes[i];
            // Fast paths for what nearly all of a report is: runs of Han characters
            // (`is_plain_han_lead`), copied as they are, and ASCII.
            if is_plain_han_lead(byte) {
                let run_start = i;
                while i + 3 <= bytes.len() && is_plain_han_lead(bytes[i]) {
                    let packed = pack(Span::new(base + i, base + i + 3));
                    self.origin.extend_from_slice(&[packed; 3]);
                    i += 3;
                }
                self.text.push_str(&text[run_start..i]);
                continue;
            }
            if byte.is_ascii() {
                let span = Span::new(base + i, base + i + 1);
                i += 1;
                match byte {
                    b'\r' if bytes.get(i) == Some(&b'\n') => {}
                    b'\r' | b'\n' => {
                        if keep_newlines {
                            self.text.push('\n');
                            self.origin.push(pack(span));
                        }
                    }
                    b'*' | b'#' if markup == Markup::Strip => {}
                    // 1,234 in prose reads as 1234: the rules' numbers are digits in a row.
                    b',' if markup == Markup::Keep
                        && separates_thousands(&self.text, joined_at, &bytes[i..]) =>
                    {
                        joined_at = Some(self.text.len());
                    }
                    _ if byte.is_ascii_whitespace() || byte == 0x0B => {}
                    _ => {
                        self.text.push(char::from(byte));
                        self.origin.push(pack(span));
                    }
                }
                continue;
            }
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            let span = Span::new(base + i, base + i + c.len_utf8());
            i += c.len_utf8();
            if is_space(c) || is_invisible(c) {
                continue;
            }
            let f = fold_char(c);
            let before = self.text.len();
            self.text.push(f);
            let packed = pack(span);
            for _ in before..self.text.len() {
                self.origin.push(packed);
            }
        }
    }

    /// Appends bytes `range` of `other`, folded text and origins alike.
    pub fn push_slice(&mut self, other: &Folded, range: std::ops::Range<usize>) {
        self.text.push_str(&other.text[range.clone()]);
        self.origin.extend_from_slice(&other.origin[range]);
    }

    /// Appends the part of `other` that comes from source bytes `start..end`, ending with
    /// a break (at `end`) if that part does not end with one.
    pub fn append_range(&mut self, other: &Folded, start: usize, end: usize) {
        let range = other.folded_range_of(start, end);
        if !range.is_empty() {
            self.push_slice(other, range);
        }
        if !self.text.ends_with('\n') {
            self.push_break(end);
        }
    }

    /// The folded bytes that come from source bytes `start..end`.
    fn folded_range_of(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        // Origins grow with the source offset, so the part is found by binary search.
        let from = self.origin.partition_point(|&o| unpack(o).start < start);
        let to = self.origin.partition_point(|&o| unpack(o).start < end);
        from..to.max(from)
    }

    /// The part of `self` that [`Self::append_range`] would copy into an empty fold, when
    /// it is one already: it comes from source bytes `start..end` and ends with a break.
    pub fn source_slice(&self, start: usize, end: usize) -> Option<FoldedSlice<'_>> {
        let range = self.folded_range_of(start, end);
        self.text[range.clone()]
            .ends_with('\n')
            .then_some(FoldedSlice {
                folded: self,
                start: range.start,
                end: range.end,
            })
    }

    /// All of `self`, as a slice.
    pub fn as_slice(&self) -> FoldedSlice<'_> {
        FoldedSlice {
            folded: self,
            start: 0,
            end: self.text.len(),
        }
    }

    /// Appends a separator that maps to the given source point.
    pub fn push_break(&mut self, at: usize) {
        self.text.push('\n');
        self.origin.push(pack(Span::new(at, at)));
    }

    /// The source span of folded byte range `start..end` (empty ranges map to a point).
    pub fn span(&self, start: usize, end: usize) -> Span {
        self.as_slice().span(start, end)
    }
}

/// Whether an ASCII comma between `folded` (the text folded so far) and `after` (the
/// bytes after the comma) separates thousands, as in 1,234 or 12,345,678: one to three
/// digits before it (or a group joined at `joined_at` and its three digits), exactly
/// three after it. A Chinese clause's comma is full-width (一是…5，二是…); an ASCII one
/// between a count and three digits is a number's.
fn separates_thousands(folded: &str, joined_at: Option<usize>, after: &[u8]) -> bool {
    let group_after = after.len() >= 3
        && after[..3].iter().all(u8::is_ascii_digit)
        && !after.get(3).is_some_and(u8::is_ascii_digit);
    if !group_after {
        return false;
    }
    let before = folded.bytes().rev().take_while(u8::is_ascii_digit).count();
    let first_group = (1..=3).contains(&before) && !folded[..folded.len() - before].ends_with('.');
    first_group || (before > 3 && joined_at == Some(folded.len() - 3))
}

/// Folds a short label to a comparison key: no whitespace, no markup, half-width forms.
pub fn fold_label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_label_into(text, &mut out);
    out
}

/// [`fold_label`] onto the end of `out`.
pub fn fold_label_into(text: &str, out: &mut String) {
    // The same folding as `Folded::new(text, 0, Markup::Strip, false)`, without origins:
    // every table field goes through here.
    out.reserve(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        // Runs of Han characters are copied whole (see `is_plain_han_lead`).
        let run = rest
            .bytes()
            .step_by(3)
            .take_while(|&b| is_plain_han_lead(b))
            .count()
            * 3;
        let run = run.min(rest.len());
        if run > 0 {
            out.push_str(&rest[..run]);
            rest = &rest[run..];
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        rest = &rest[c.len_utf8()..];
        if c == '\r' || c == '\n' || is_space(c) || is_invisible(c) || c == '*' || c == '#' {
            continue;
        }
        out.push(fold_char(c));
    }
}

/// `text.char_indices()`, except that a Han character ([`is_plain_han_lead`]) comes as
/// `None` without being decoded: it is never a space, a separator or folded, and it is
/// most of a report, so line scanners skip it cheaply.
pub(super) fn chars_but_han(text: &str) -> impl Iterator<Item = (usize, Option<char>)> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let i = at;
        let lead = *text.as_bytes().get(i)?;
        if is_plain_han_lead(lead) {
            at += 3;
            return Some((i, None));
        }
        let c = text[i..].chars().next()?;
        at += c.len_utf8();
        Some((i, Some(c)))
    })
}

/// A run of a [`Folded`] text, read as a text of its own (offsets from its start) without
/// being copied.
#[derive(Debug, Clone, Copy)]
pub struct FoldedSlice<'a> {
    folded: &'a Folded,
    start: usize,
    end: usize,
}

impl<'a> FoldedSlice<'a> {
    pub fn text(&self) -> &'a str {
        &self.folded.text[self.start..self.end]
    }

    /// The source span of byte range `start..end` of [`Self::text`] (empty ranges map to a
    /// point).
    pub fn span(&self, start: usize, end: usize) -> Span {
        let origin = &self.folded.origin[self.start..self.end];
        let Some(last_index) = origin.len().checked_sub(1) else {
            return Span::default();
        };
        let first = unpack(origin[start.min(last_index)]);
        if end <= start {
            return Span::new(first.start, first.start);
        }
        let last = unpack(origin[(end - 1).min(last_index)]);
        Span::new(first.start, last.end)
    }
}

/// A UTF-8 lead byte of U+4000–U+9FFF (E4–E9): nearly every Han character of a report.
/// None of them is whitespace, invisible or folded, and each is three bytes long.
fn is_plain_han_lead(byte: u8) -> bool {
    (0xE4..=0xE9).contains(&byte)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators_in_prose_are_dropped_and_their_numbers_keep_their_spans() {
        let prose = |text: &str| Folded::new(text, 0, Markup::Keep, false).text;
        assert_eq!(prose("收到申请1,234件"), "收到申请1234件");
        assert_eq!(prose("公开12,345,678条，其中"), "公开12345678条,其中");
        assert_eq!(prose("共1,234.5元"), "共1234.5元");
        // Not a number's: one digit after, four digits before or after, a decimal's
        // fraction, a clause's full-width comma.
        for kept in [
            "分别为1,2,3件",
            "2021,2022年",
            "1,2345件",
            "1234,567件",
            "0.5,123",
            "5，102件",
        ] {
            assert_eq!(prose(kept), fold_label(kept), "{kept}");
        }
        // Labels and headings keep them (only prose is read for counts).
        assert_eq!(Folded::new("1,234", 0, Markup::Strip, false).text, "1,234");
        let folded = Folded::new("申请1,234件", 0, Markup::Keep, false);
        let at = folded.text.find("1234").unwrap();
        assert_eq!(folded.span(at, at + 4), Span::new(6, 11));
    }

    #[test]
    fn han_lead_bytes_start_characters_that_fold_to_themselves() {
        // What the fast paths (`is_plain_han_lead`, `chars_but_han`) rely on.
        for c in ('\u{4000}'..='\u{9FFF}').filter(|c| !c.is_whitespace()) {
            let mut utf8 = [0; 4];
            let s = c.encode_utf8(&mut utf8);
            assert!(is_plain_han_lead(s.as_bytes()[0]) && s.len() == 3, "{c}");
            assert!(!is_space(c) && !is_invisible(c) && fold_char(c) == c, "{c}");
        }
        assert!(!is_plain_han_lead("\u{3000}".as_bytes()[0]));
        assert!(!is_plain_han_lead("（".as_bytes()[0]));
    }

    proptest::proptest! {
        #[test]
        fn a_source_slice_reads_as_the_copy_of_its_range(
            lines in proptest::collection::vec("[ a１（\u{3000}一-龥\u{200B}]{0,6}", 0..5),
            start in 0usize..40,
            len in 0usize..40,
        ) {
            // What `Context::prose` relies on when it hands out a slice instead of a copy.
            let text = lines.join("\n");
            let mut whole = Folded::default();
            let mut at = 0;
            for line in text.split('\n') {
                whole.push_folded(line, at, Markup::Keep, false);
                whole.push_break(at + line.len());
                at += line.len() + 1;
            }
            let (start, end) = (start.min(text.len()), (start + len).min(text.len()));
            let mut copy = Folded::default();
            copy.append_range(&whole, start, end);
            if let Some(slice) = whole.source_slice(start, end) {
                proptest::prop_assert_eq!(slice.text(), copy.text.as_str());
                for i in 0..=copy.text.len() {
                    for j in i..=copy.text.len() {
                        proptest::prop_assert_eq!(slice.span(i, j), copy.span(i, j));
                    }
                }
            } else {
                proptest::prop_assert!(!whole.text[whole.folded_range_of(start, end)].ends_with('\n'));
            }
        }

        #[test]
        fn chars_but_han_are_char_indices_less_han(text in "[ \t|a１（\u{3000}一-龥]{0,12}") {
            let expected: Vec<(usize, Option<char>)> = text
                .char_indices()
                .map(|(i, c)| (i, (!('\u{4000}'..='\u{9FFF}').contains(&c)).then_some(c)))
                .collect();
            proptest::prop_assert_eq!(chars_but_han(&text).collect::<Vec<_>>(), expected);
        }
    }

    #[test]
    fn folds_widths_spaces_and_invisibles() {
        assert_eq!(fold_label("（三） 不予公 开"), "(三)不予公开");
        assert_eq!(fold_label("新收\u{200B}申请４４３件"), "新收申请443件");
        assert_eq!(fold_label("**一、总体情况**"), "一、总体情况");
    }

    #[test]
    fn every_folded_character_maps_back_to_its_source_character() {
        // Han characters take the fast path, everything else the general one.
        let text = "一、总体情况\r\n（三）不予公\u{3000}开\u{200B}４件：𠀀好 ok**\n";
        let folded = Folded::new(text, 5, Markup::Strip, true);
        assert_eq!(folded.text, "一、总体情况\n(三)不予公开4件:𠀀好ok\n");
        assert_eq!(folded.text.replace('\n', ""), fold_label(text));
        for (i, c) in folded.text.char_indices() {
            let span = folded.span(i, i + c.len_utf8());
            let source = &text[span.start - 5..span.end - 5];
            assert!(
                source == c.to_string()
                    || fold_char(source.chars().next().unwrap_or(c)) == c
                    || source == "\r\n"
                    || source == "\n",
                "{c:?} maps to {source:?}"
            );
        }
    }

    #[test]
    fn spans_map_back_through_wide_forms() {
        let text = "收到 申请４４３件";
        let folded = Folded::new(text, 10, Markup::Keep, false);
        let at = folded.text.find("443").expect("present");
        let span = folded.span(at, at + 3);
        assert_eq!(&text[span.start - 10..span.end - 10], "４４３");
    }
}
