//! Line starts for CRLF, LF and lone-CR files, and offset → 1-based line:column in
//! characters (Unicode scalar values), as the JSON contract specifies.

/// Byte offsets where each line starts in a text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

/// A 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        Self::new_bytes(text.as_bytes())
    }

    /// Line starts of raw bytes, by the same rules (LF, CRLF, lone CR).
    pub fn new_bytes(bytes: &[u8]) -> Self {
        // Breaks are a few bytes in a hundred: memchr finds them without a byte loop.
        let mut starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                starts.push(i + 1);
            }
        }
        Self { starts }
    }

    pub fn starts(&self) -> &[usize] {
        &self.starts
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// 0-based index of the line holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Byte range of line `index`, terminator included.
    pub fn range(&self, index: usize, text_len: usize) -> std::ops::Range<usize> {
        let start = self.starts.get(index).copied().unwrap_or(text_len);
        let end = self.starts.get(index + 1).copied().unwrap_or(text_len);
        start..end
    }

    /// Byte range of line `index` without its terminator.
    pub fn content_range(&self, text: &str, index: usize) -> std::ops::Range<usize> {
        let range = self.range(index, text.len());
        let line = &text[range.clone()];
        let trimmed = line.trim_end_matches(['\n', '\r']);
        range.start..range.start + trimmed.len()
    }

    pub fn location(&self, text: &str, offset: usize) -> Location {
        let offset = super::floor_char_boundary(text, offset);
        let line = self.line_of(offset);
        let start = self.starts[line];
        Location {
            line: line + 1,
            column: text[start..offset].chars().count() + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_lf_and_cr_all_end_lines() {
        let text = "一\r\n二\n三\r四";
        let index = LineIndex::new(text);
        assert_eq!(index.len(), 4);
        let four = text.find('四').expect("present");
        assert_eq!(index.location(text, four), Location { line: 4, column: 1 });
        assert_eq!(index.content_range(text, 0), 0..3);
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "政府\t信息 ０1";
        let index = LineIndex::new(text);
        let one = text.find('1').expect("present");
        assert_eq!(index.location(text, one).column, 8);
    }
}
