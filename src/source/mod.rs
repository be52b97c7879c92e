//! Bytes → text. Reports arrive as UTF-8 (with or without BOM), UTF-16 with BOM, or
//! GB18030/GBK from Chinese Windows. Every later step works on the decoded UTF-8 text, but
//! the user's file is the reference: line/column numbers are computed on the decoded text
//! (they are the same characters), and byte offsets are mapped back to the original bytes.

pub mod docx;
pub mod html;
mod lines;
pub mod rendering;

pub use docx::DocxError;
pub use lines::{LineIndex, Location};
pub use rendering::{Place, Rendered};

use crate::document::Span;

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
    /// What the text was rendered from, when it is not the file's own bytes.
    pub rendered: Option<RenderedFrom>,
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

/// What a [`SourceFile`]'s text was rendered from (findings point into that text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenderedFrom {
    /// gilint's text rendering of a Word document.
    WordDocument,
    /// The text `pdftotext -layout` lays out from a PDF.
    Pdf,
}

/// Why a file could not be read as a report.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DecodeError {
    #[error("the file is empty")]
    Empty,
    #[error("the file contains only whitespace")]
    Blank,
    #[error("this is not a text file (it contains NUL bytes at byte {offset}); gilint reads .txt, .md, .html and .docx reports")]
    Binary { offset: usize },
    #[error(transparent)]
    Docx(#[from] DocxError),
    #[error("{0}")]
    Unsupported(&'static str),
    #[error("no annual report found in this {format}: no section heading (一、总体情况 …) and no statistics table")]
    NoReport { format: &'static str },
    #[error("the file is neither valid UTF-8 nor valid GB18030 (first undecodable byte at offset {offset})")]
    Undecodable { offset: usize },
    #[error("the file is {size} bytes, more than the limit of {limit} bytes (raise it with --max-file-size)")]
    TooLarge { size: usize, limit: usize },
    #[error("{0}")]
    Pdf(String),
}

/// Reads the text of a PDF with its layout: what `pdftotext -layout` gives. The library
/// does no I/O; a program that can run such a tool gives it with [`read_pdfs_with`].
pub type PdfTextReader = fn(&[u8]) -> Result<String, String>;

static PDF_TEXT: std::sync::OnceLock<PdfTextReader> = std::sync::OnceLock::new();

/// Lets [`Input::load`] read PDFs through `reader` (for the whole process; the first
/// call wins). Without one, a PDF is refused with what to do instead.
pub fn read_pdfs_with(reader: PdfTextReader) {
    let _ = PDF_TEXT.set(reader);
}

/// Why a PDF cannot be read when no reader was given.
const PDF_UNREAD: &str = "PDF is not read directly: its text layer has no table grid, only \
    positions. Extract the text with its layout (`pdftotext -layout report.pdf`, from \
    poppler-utils) and check the .txt, which gilint reads, wrapped table cells included; or \
    check the .docx the report was written in, or the published web page";

impl SourceFile {
    /// Decodes `bytes`, detecting the encoding. Never panics; refuses binary data, empty
    /// and whitespace-only files.
    pub fn decode(name: impl Into<String>, bytes: &[u8]) -> Result<Self, DecodeError> {
        Self::decode_with_hint(name, bytes, None)
    }

    /// [`Self::decode`], trusting a declared legacy encoding (an HTML page's `charset`)
    /// over detection when the bytes are not UTF-8.
    pub fn decode_with_hint(
        name: impl Into<String>,
        bytes: &[u8],
        declared: Option<&'static Encoding>,
    ) -> Result<Self, DecodeError> {
        if bytes.len() > crate::parse::fold::MAX_SOURCE_LEN {
            return Err(DecodeError::TooLarge {
                size: bytes.len(),
                limit: crate::parse::fold::MAX_SOURCE_LEN,
            });
        }
        let source = Self::decode_any(name.into(), bytes, declared)?;
        let blank = source
            .text
            .chars()
            .all(|c| crate::parse::fold::is_space(c) || crate::parse::fold::is_invisible(c));
        if blank {
            return Err(DecodeError::Blank);
        }
        Ok(source)
    }

    fn decode_any(
        name: String,
        bytes: &[u8],
        declared: Option<&'static Encoding>,
    ) -> Result<Self, DecodeError> {
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
        // Validated with SIMD: every text report and web page goes through here, and
        // std's validator costs ~3.5 instructions a byte on CJK text (2 % of a report).
        match simdutf8::compat::from_utf8(bytes) {
            Ok(text) => Ok(Self::from_parts(
                name,
                text.to_owned(),
                encoding_rs::UTF_8,
                0,
            )),
            Err(utf8_error) => {
                // Not UTF-8: only accept encodings Chinese reports are really saved in;
                // GB18030 is a superset of GBK and GB2312.
                let declared = declared.filter(|e| {
                    *e == encoding_rs::BIG5 || *e == encoding_rs::GBK || *e == encoding_rs::GB18030
                });
                let (encoding, decoded) = match declared {
                    Some(e) => {
                        let e = if e == encoding_rs::BIG5 {
                            e
                        } else {
                            encoding_rs::GB18030
                        };
                        (
                            e,
                            e.decode_without_bom_handling_and_without_replacement(bytes),
                        )
                    }
                    None => detect_legacy(bytes),
                };
                let Some(text) = decoded else {
                    return Err(DecodeError::Undecodable {
                        offset: utf8_error.valid_up_to(),
                    });
                };
                Ok(Self::from_legacy(name, bytes, text.into_owned(), encoding))
            }
        }
    }

    /// `bytes` in a legacy encoding, decoded into `text`.
    fn from_legacy(name: String, bytes: &[u8], text: String, encoding: &'static Encoding) -> Self {
        let mut source = Self::from_parts(name, text, encoding, 0);
        // Newlines and CR are single bytes that never occur inside a multi-byte sequence
        // of these encodings, so line k of the text is line k of the bytes.
        let original_lines = LineIndex::new_bytes(bytes);
        if original_lines.len() == source.lines.len() {
            source.legacy = Some(Legacy {
                encoding,
                bytes: bytes.to_vec(),
                line_starts: original_lines.starts().to_vec(),
            });
        }
        source
    }

    /// A file already decoded: `text` is what [`Self::decode`] made of `bytes` in
    /// `encoding` (a findings cache keeps it: decoding GB18030 again costs more than the
    /// rest of giving back a cached report).
    pub fn from_decoded(
        name: impl Into<String>,
        bytes: &[u8],
        text: String,
        encoding: &'static Encoding,
    ) -> Self {
        match Encoding::for_bom(bytes) {
            Some((bom_encoding, bom_len)) if bom_encoding == encoding => {
                Self::from_parts(name.into(), text, encoding, bom_len)
            }
            _ if encoding == encoding_rs::UTF_8 => Self::from_parts(name.into(), text, encoding, 0),
            _ => Self::from_legacy(name.into(), bytes, text, encoding),
        }
    }

    /// A text rendered from the file (gilint's of a Word document, pdftotext's of a PDF),
    /// shown in its place.
    pub fn rendering(name: impl Into<String>, text: String, from: RenderedFrom) -> Self {
        let mut source = Self::from_text(name, text);
        source.rendered = Some(from);
        source
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
            rendered: None,
            lines,
            legacy: None,
        }
    }

    pub fn lines(&self) -> &LineIndex {
        &self.lines
    }

    /// Whether the file began with a byte-order mark (taken off the text).
    pub fn has_bom(&self) -> bool {
        self.bom_len > 0
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

/// The forms a report arrives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text or Markdown, as pasted.
    Text,
    /// A published web page.
    Html,
    /// A Word document.
    Docx,
    /// A PDF, read as the text of its layout (see [`read_pdfs_with`]).
    Pdf,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text file",
            Format::Html => "web page",
            Format::Docx => "Word document",
            Format::Pdf => "PDF",
        }
    }

    /// The format of a file, by its content first (a renamed file is what it contains),
    /// then by its extension.
    pub fn of(name: &str, bytes: &[u8]) -> Result<Self, DecodeError> {
        let ext = std::path::Path::new(name)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        if bytes.starts_with(b"%PDF-") || ext == "pdf" {
            return Ok(Format::Pdf);
        }
        if bytes.starts_with(b"\xD0\xCF\x11\xE0") || ext == "doc" || ext == "wps" {
            return Err(DecodeError::Unsupported(
                "Word 97-2003 (.doc) and WPS files are not supported: save the report as .docx \
                 (文件 → 另存为 → Word 文档 (*.docx)) and check that file",
            ));
        }
        // Saved by WPS or LibreOffice in their own formats: the same advice as for .doc.
        if bytes.starts_with(b"{\\rtf") || ext == "rtf" {
            return Err(DecodeError::Unsupported(
                "RTF files are not supported: save the report as .docx \
                 (文件 → 另存为 → Word 文档 (*.docx)) and check that file",
            ));
        }
        if is_open_document(bytes) || matches!(ext.as_str(), "odt" | "fodt") {
            return Err(DecodeError::Unsupported(
                "OpenDocument (.odt) files are not supported: save the report as .docx \
                 (文件 → 另存为 → Word 文档 (*.docx)) and check that file",
            ));
        }
        if docx::looks_like_zip(bytes) || ext == "docx" {
            return Ok(Format::Docx);
        }
        if matches!(ext.as_str(), "html" | "htm" | "xhtml" | "shtml")
            || html::looks_like_html(bytes)
        {
            return Ok(Format::Html);
        }
        Ok(Format::Text)
    }
}

/// Whether a zip archive is an OpenDocument file: its first entry, stored uncompressed, is
/// `mimetype` holding `application/vnd.oasis.opendocument.…` (ODF 1.2 §3.3).
fn is_open_document(bytes: &[u8]) -> bool {
    docx::looks_like_zip(bytes)
        && bytes.get(30..38) == Some(b"mimetype")
        && bytes
            .get(38..100)
            .is_some_and(|head| memchr::memmem::find(head, b"opendocument").is_some())
}

/// A report file made ready for the parser: the text it reads, and how places in that
/// text map back to what the user sees.
#[derive(Debug, Clone)]
pub struct Input {
    pub format: Format,
    /// What findings point into and renderers show: the file's own text (text files, web
    /// pages) or the text rendering of a Word document.
    pub shown: SourceFile,
    /// The text rendering the parser reads, when it is not `shown` (web pages).
    parsed: Option<SourceFile>,
    /// Origins and places of the rendering (web pages, Word documents).
    rendered: Option<Rendered>,
}

impl Input {
    /// Decodes a file of any supported format.
    pub fn load(name: impl Into<String>, bytes: &[u8]) -> Result<Self, DecodeError> {
        let name = name.into();
        let format = Format::of(&name, bytes)?;
        match format {
            Format::Text => {
                let shown = SourceFile::decode(name, bytes)?;
                // Tables written in HTML are read as a page's are; the rest as written.
                let Some(mut rendered) = html::render_tables_within(&shown.text) else {
                    return Ok(Self {
                        format,
                        shown,
                        parsed: None,
                        rendered: None,
                    });
                };
                let text = std::mem::take(&mut rendered.text);
                Ok(Self {
                    format,
                    parsed: Some(SourceFile::from_text(shown.name.clone(), text)),
                    shown,
                    rendered: Some(rendered),
                })
            }
            Format::Html => {
                let shown = decode_page(&name, bytes)?;
                let mut rendered = html::render(&shown.text);
                let parsed = SourceFile::from_text(name, std::mem::take(&mut rendered.text));
                Ok(Self {
                    format,
                    shown,
                    parsed: Some(parsed),
                    rendered: Some(rendered),
                })
            }
            Format::Docx => {
                if bytes.len() > crate::parse::fold::MAX_SOURCE_LEN {
                    return Err(DecodeError::TooLarge {
                        size: bytes.len(),
                        limit: crate::parse::fold::MAX_SOURCE_LEN,
                    });
                }
                let mut rendered = docx::render(bytes)?;
                let text = std::mem::take(&mut rendered.text);
                if text.chars().all(crate::parse::fold::is_space) {
                    return Err(DecodeError::NoReport {
                        format: format.as_str(),
                    });
                }
                Ok(Self {
                    format,
                    shown: SourceFile::rendering(name, text, RenderedFrom::WordDocument),
                    parsed: None,
                    rendered: Some(rendered),
                })
            }
            Format::Pdf => {
                let reader = PDF_TEXT.get().ok_or(DecodeError::Unsupported(PDF_UNREAD))?;
                let text = reader(bytes).map_err(DecodeError::Pdf)?;
                if text.len() > crate::parse::fold::MAX_SOURCE_LEN {
                    return Err(DecodeError::TooLarge {
                        size: text.len(),
                        limit: crate::parse::fold::MAX_SOURCE_LEN,
                    });
                }
                if text.chars().all(crate::parse::fold::is_space) {
                    return Err(DecodeError::Pdf(
                        "this PDF has no text (a scanned image?): gilint reads the text of a \
                         report, so check the .docx it was written in or the published web page"
                            .into(),
                    ));
                }
                // Shown as the text it was read as, the lines pdftotext laid out.
                Ok(Self {
                    format,
                    shown: SourceFile::rendering(name, text, RenderedFrom::Pdf),
                    parsed: None,
                    rendered: None,
                })
            }
        }
    }

    /// What a file shows, parsing as little as can be: a text file's or web page's own
    /// decoded text; a Word document's rendering, which takes rendering it.
    pub fn shown(name: impl Into<String>, bytes: &[u8]) -> Result<SourceFile, DecodeError> {
        let name = name.into();
        match Format::of(&name, bytes)? {
            Format::Text => SourceFile::decode(name, bytes),
            Format::Html => decode_page(name, bytes),
            Format::Docx | Format::Pdf => Self::load(name, bytes).map(|input| input.shown),
        }
    }

    /// Whether the parser reads a rendering of what the file shows (a web page; a text
    /// file with tables written in HTML), whose spans [`Self::shown_span`] maps back.
    pub fn is_rendered(&self) -> bool {
        self.parsed.is_some()
    }

    /// The text the parser reads.
    pub fn parsed(&self) -> &SourceFile {
        self.parsed.as_ref().unwrap_or(&self.shown)
    }

    /// A span of [`Self::parsed`] as a span of [`Self::shown`].
    pub fn shown_span(&self, span: Span) -> Span {
        match (&self.parsed, &self.rendered) {
            (Some(_), Some(rendered)) => rendered.source_span(span),
            _ => span,
        }
    }

    /// Where the rendering wrote a blank table cell that stands for zero, as offsets of
    /// [`Self::parsed`] (web pages and Word documents; a text file's blanks are read by the
    /// parser itself).
    pub fn blank_cells(&self) -> &[usize] {
        self.rendered.as_ref().map_or(&[], |r| &r.blanks)
    }

    /// The place (paragraph, table cell) of an offset of [`Self::parsed`], for documents
    /// that have places.
    pub fn place(&self, offset: usize) -> Option<Place> {
        self.rendered.as_ref()?.place(offset)
    }
}

/// A web page's own text, in the charset it declares when it is not UTF-8.
fn decode_page(name: impl Into<String>, bytes: &[u8]) -> Result<SourceFile, DecodeError> {
    SourceFile::decode_with_hint(name, bytes, html::declared_charset(bytes))
}

/// The largest char boundary at or below `offset` (clamped to the text).
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Picks GB18030 or Big5 for bytes that are not UTF-8 and decodes them.
///
/// chardetng costs ~1 ms on a report, more than everything else gilint does to it, and
/// with the `cn` hint it takes short Big5 texts for GBK. So the words every report repeats
/// settle the common cases first: bytes that decode without error and then read 信息/公开
/// are GB18030, 資訊/公開 Big5 — text misread in the other encoding yields those
/// two-character words only by coincidence. Anything else goes to chardetng, on the first
/// 16 KiB, which tell GBK from Big5 as well as the whole file does.
fn detect_legacy(bytes: &[u8]) -> (&'static Encoding, Option<std::borrow::Cow<'_, str>>) {
    let gb = encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes);
    if gb
        .as_ref()
        .is_some_and(|t| t.contains("信息") || t.contains("公开"))
    {
        return (encoding_rs::GB18030, gb);
    }
    let big5 = encoding_rs::BIG5.decode_without_bom_handling_and_without_replacement(bytes);
    if big5
        .as_ref()
        .is_some_and(|t| t.contains("資訊") || t.contains("公開"))
    {
        return (encoding_rs::BIG5, big5);
    }
    let mut detector = chardetng::EncodingDetector::new();
    let sample = &bytes[..bytes.len().min(16 << 10)];
    detector.feed(sample, sample.len() == bytes.len());
    if detector.guess(Some(b"cn"), true) == encoding_rs::BIG5 {
        (encoding_rs::BIG5, big5)
    } else {
        (encoding_rs::GB18030, gb)
    }
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    // Every input is scanned whole: memchr's vectorised search, not a byte loop.
    memchr::memchr(0, bytes)
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
    fn big5_reports_are_not_taken_for_gbk() {
        // Big5 bytes are mostly valid GBK too; the GB18030 shortcut must not claim them.
        let text = "臺北市政府資訊公開工作年度報告\n一、總體情況\n本機關依法主動公開政府資訊，受理申請共計十二件。\n";
        let (bytes, _, unmappable) = encoding_rs::BIG5.encode(text);
        assert!(!unmappable);
        let src = SourceFile::decode("a.txt", &bytes).expect("decodes");
        assert_eq!(src.encoding, encoding_rs::BIG5);
        assert_eq!(src.text, text);
    }

    #[test]
    fn gbk_text_without_report_words_is_still_detected() {
        // No 信息/公开: the shortcut does not apply and chardetng decides.
        let text =
            "上海市监狱管理局二〇二三年度工作总结：全年办理来函来访共计十二件，均已按期答复。\n";
        let (bytes, _, _) = encoding_rs::GB18030.encode(text);
        let src = SourceFile::decode("a.txt", &bytes).expect("decodes");
        assert_eq!(src.encoding, encoding_rs::GB18030);
        assert_eq!(src.text, text);
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
