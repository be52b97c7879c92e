//! Bytes → text. Reports arrive as UTF-8 (with or without BOM), UTF-16 with BOM, or
//! GB18030/GBK from Chinese Windows. Every later step works on the decoded UTF-8 text, but
//! the user's file is the reference: line/column numbers are computed on the decoded text
//! (they are the same characters), and byte offsets are mapped back to the original bytes.

mod lines;

pub use lines::{LineIndex, Location};

use encoding_rs::Encoding;

/// One input file, decoded.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user gave it (or a display name).
    pub name: String,
    /// Decoded text, without any byte-order mark.
    pub text: String,
    /// The encoding the file was read in.
    pub encoding: &'static Encoding,
    /// Length of the byte-order mark that was stripped, if any.
    bom_len: usize,
    lines: LineIndex,
    /// For legacy encodings (GB18030, Big5): the original bytes (without BOM) and where
    /// each of their lines starts, to map offsets back exactly. Re-encoding is not exact:
    /// GBK's 0x80 decodes to € but € encodes to A2E3.
    legacy: Option<Legacy>,
}

#[derive(Debug, Clone)]
struct Legacy {
    encoding: &'static Encoding,
    bytes: Vec<u8>,
    line_starts: Vec<usize>,
}

/// Why a file could not be read as a report.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DecodeError {
    #[error("the file is empty")]
    Empty,
    #[error("the file contains only whitespace")]
    Blank,
    #[error("this is not a text file (it contains NUL bytes at byte {offset}); gilint reads .txt and .md reports")]
    Binary { offset: usize },
    #[error("the file is neither valid UTF-8 nor valid GB18030 (first undecodable byte at offset {offset})")]
    Undecodable { offset: usize },
    #[error("the file is {size} bytes, more than the limit of {limit} bytes (raise it with --max-file-size)")]
    TooLarge { size: usize, limit: usize },
}

impl SourceFile {
    /// Decodes `bytes`, detecting the encoding. Never panics; refuses binary data, empty
    /// and whitespace-only files.
    pub fn decode(name: impl Into<String>, bytes: &[u8]) -> Result<Self, DecodeError> {
        if bytes.len() > crate::parse::fold::MAX_SOURCE_LEN {
            return Err(DecodeError::TooLarge {
                size: bytes.len(),
                limit: crate::parse::fold::MAX_SOURCE_LEN,
            });
        }
        let source = Self::decode_any(name.into(), bytes)?;
        let blank = source
            .text
            .chars()
            .all(|c| crate::parse::fold::is_space(c) || crate::parse::fold::is_invisible(c));
        if blank {
            return Err(DecodeError::Blank);
        }
        Ok(source)
    }

    fn decode_any(name: String, bytes: &[u8]) -> Result<Self, DecodeError> {
        if bytes.is_empty() {
            return Err(DecodeError::Empty);
        }
        // A BOM is authoritative: UTF-16 text is full of NUL bytes, so check it first.
        if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
            let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
            if had_errors {
                let offset = first_error_offset(encoding, &bytes[bom_len..]) + bom_len;
                return Err(DecodeError::Undecodable { offset });
            }
            return Ok(Self::from_parts(name, text.into_owned(), encoding, bom_len));
        }
        if let Some(offset) = memchr_nul(bytes) {
            return Err(DecodeError::Binary { offset });
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => Ok(Self::from_parts(
                name,
                text.to_owned(),
                encoding_rs::UTF_8,
                0,
            )),
            Err(utf8_error) => {
                // Not UTF-8: ask chardetng, but only accept encodings that Chinese
                // reports are really saved in; GB18030 is a superset of GBK and GB2312.
                let mut detector = chardetng::EncodingDetector::new();
                detector.feed(bytes, true);
                let guess = detector.guess(Some(b"cn"), true);
                let encoding = if guess == encoding_rs::BIG5 {
                    encoding_rs::BIG5
                } else {
                    encoding_rs::GB18030
                };
                let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
                if had_errors {
                    return Err(DecodeError::Undecodable {
                        offset: utf8_error.valid_up_to(),
                    });
                }
                let mut source = Self::from_parts(name, text.into_owned(), encoding, 0);
                // Newlines and CR are single bytes that never occur inside a multi-byte
                // sequence of these encodings, so line k of the text is line k of the bytes.
                let original_lines = LineIndex::new_bytes(bytes);
                if original_lines.len() == source.lines.len() {
                    source.legacy = Some(Legacy {
                        encoding,
                        bytes: bytes.to_vec(),
                        line_starts: original_lines.starts().to_vec(),
                    });
                }
                Ok(source)
            }
        }
    }

    /// A source that is already text (tests, editor buffers).
    pub fn from_text(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self::from_parts(name.into(), text.into(), encoding_rs::UTF_8, 0)
    }

    fn from_parts(name: String, text: String, encoding: &'static Encoding, bom_len: usize) -> Self {
        // (Blank text is refused in `decode`; `from_text` accepts anything.)
        let lines = LineIndex::new(&text);
        Self {
            name,
            text,
            encoding,
            bom_len,
            lines,
            legacy: None,
        }
    }

    pub fn lines(&self) -> &LineIndex {
        &self.lines
    }

    /// 1-based line and character column of a byte offset into [`Self::text`].
    pub fn location(&self, offset: usize) -> Location {
        self.lines.location(&self.text, offset)
    }

    /// Maps a byte offset in the decoded text to the byte offset in the original file.
    pub fn original_offset(&self, offset: usize) -> usize {
        let offset = floor_char_boundary(&self.text, offset);
        let prefix = &self.text[..offset];
        let body = if self.encoding == encoding_rs::UTF_8 {
            offset
        } else if self.encoding == encoding_rs::UTF_16LE || self.encoding == encoding_rs::UTF_16BE {
            prefix.chars().map(|c| c.len_utf16() * 2).sum()
        } else if let Some(legacy) = &self.legacy {
            legacy.original_offset(&self.text, &self.lines, offset)
        } else {
            let (bytes, _, _) = self.encoding.encode(prefix);
            bytes.len()
        };
        body + self.bom_len
    }
}

impl Legacy {
    /// Decodes the line holding `offset` byte by byte until the text reaches `offset`.
    fn original_offset(&self, text: &str, lines: &LineIndex, offset: usize) -> usize {
        let line = lines.line_of(offset);
        let text_start = lines.range(line, text.len()).start;
        let Some(&byte_start) = self.line_starts.get(line) else {
            return self.bytes.len();
        };
        let byte_end = self
            .line_starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.bytes.len());
        let wanted = offset - text_start;
        if wanted == 0 {
            return byte_start;
        }
        let mut decoder = self.encoding.new_decoder_without_bom_handling();
        let mut out = String::with_capacity(16);
        let mut produced = 0;
        for i in byte_start..byte_end {
            if produced >= wanted {
                return i;
            }
            out.clear();
            let _ =
                decoder.decode_to_string_without_replacement(&self.bytes[i..=i], &mut out, false);
            produced += out.len();
        }
        byte_end
    }
}

/// The largest char boundary at or below `offset` (clamped to the text).
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

fn first_error_offset(encoding: &'static Encoding, bytes: &[u8]) -> usize {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(bytes.len() * 2 + 16);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        encoding_rs::DecoderResult::Malformed(bad, _) => read.saturating_sub(bad as usize),
        _ => read,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_bom_maps_offsets_past_the_bom() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("一、总体情况".as_bytes());
        let src = SourceFile::decode("a.txt", &bytes).expect("decodes");
        assert_eq!(src.text, "一、总体情况");
        assert_eq!(src.original_offset(3), 6);
    }

    #[test]
    fn gb18030_is_detected_and_offsets_map_back() {
        let text = "上海市监狱管理局2023年度政府信息公开工作年度报告\r\n一、总体情况\r\n";
        let (bytes, _, _) = encoding_rs::GB18030.encode(text);
        let src = SourceFile::decode("a.txt", &bytes).expect("decodes");
        assert_eq!(src.encoding, encoding_rs::GB18030);
        assert_eq!(src.text, text);
        let at = text.find("一、").expect("present");
        // 8 Han (2 bytes each) + 4 digits + 14 Han + CRLF = 16 + 4 + 28 + 2
        assert_eq!(src.original_offset(at), 50);
    }

    #[test]
    fn offsets_are_exact_when_gbk_bytes_do_not_round_trip() {
        // Found by fuzzing: invalid UTF-8 read as GB18030 holds 0x80 (€), which the
        // encoder would write as A2E3; offsets must come from the original bytes.
        let mut bytes = "青山市".as_bytes().to_vec();
        bytes.extend_from_slice(b"\x80\xe5\xb9abc\n\x80x");
        let src = SourceFile::decode("a.txt", &bytes).expect("decodes");
        assert_eq!(src.encoding, encoding_rs::GB18030);
        assert_eq!(src.original_offset(src.text.len()), bytes.len());
        let x = src.text.rfind('x').expect("x");
        assert_eq!(src.original_offset(x), bytes.len() - 1);
        let a = src.text.find('a').expect("a");
        assert_eq!(bytes[src.original_offset(a)], b'a');
    }

    #[test]
    fn utf16_with_bom_decodes() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "二、主动公开".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let src = SourceFile::decode("a.txt", &bytes).expect("decodes");
        assert_eq!(src.text, "二、主动公开");
        assert_eq!(src.original_offset("二、".len()), 2 + 4);
    }

    #[test]
    fn binary_and_empty_are_refused() {
        assert_eq!(
            SourceFile::decode("a.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap_err(),
            DecodeError::Binary { offset: 8 }
        );
        assert_eq!(
            SourceFile::decode("e.txt", b"").unwrap_err(),
            DecodeError::Empty
        );
    }

    #[test]
    fn garbage_that_is_neither_utf8_nor_gb18030_is_refused() {
        let err = SourceFile::decode("x.txt", b"abc\xff\xff\xff\xffdef").unwrap_err();
        assert!(matches!(err, DecodeError::Undecodable { .. }));
    }
}
