//! What a findings cache keeps of a checked report, and how the report is given back from
//! it without being parsed or checked again. Pure: where entries are stored is the
//! binary's business.
//!
//! An entry belongs to one report's bytes (and the extension that decides how they are
//! read) under one build of gilint and one rule configuration: the caller keys entries by
//! [`key`] inside a place named after [`BUILD_ID`] and its configuration.

use crate::diagnostic::Finding;
use crate::source::{Input, RenderedFrom, SourceFile};

/// What went into this build (sources, embedded rules, locked dependencies), hashed by
/// build.rs: another build may find other things, so it never reads this one's entries.
pub const BUILD_ID: &str = env!("GILINT_BUILD_ID");

/// The first byte of an entry: bumped when the layout below changes.
const ENTRY_VERSION: u8 = 1;

// An entry: ENTRY_VERSION, the kind of text that follows the findings (SHOWN_* below), the
// findings (postcard), then the text. A Word document's rendering (what its findings point
// into) cannot be had from its bytes without rendering it again; a GB18030 or Big5 file's
// decoding costs more than the rest of giving back its findings; any other file's text is
// its bytes. The text is kept outside postcard so that it is validated with SIMD: postcard
// validates strings with std's validator, which on renderings cost 8 % of a run answered
// from the cache.
/// No text kept: decode the file's bytes (UTF-8).
const SHOWN_BYTES: u8 = 0;
/// A Word document's rendering.
const SHOWN_RENDERING: u8 = 1;
/// The decoded text of a file in another encoding: the encoding's name (one byte of length,
/// then the name), then the text.
const SHOWN_DECODED: u8 = 2;
/// The text pdftotext laid out from a PDF.
const SHOWN_PDF_TEXT: u8 = 3;

/// The key of a report's entry: a hash of its bytes and of its extension (a `.html` file
/// is read as a web page, the same bytes in a `.txt` as text).
pub fn key(name: &str, bytes: &[u8]) -> u128 {
    let extension = std::path::Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let seed = xxhash_rust::xxh3::xxh3_64(extension.as_bytes());
    xxhash_rust::xxh3::xxh3_128_with_seed(bytes, seed)
}

/// The entry for a report checked into `findings`, showing `source`.
pub fn entry(source: &SourceFile, findings: &[Finding]) -> Vec<u8> {
    let kind = match source.rendered {
        Some(RenderedFrom::WordDocument) => SHOWN_RENDERING,
        Some(RenderedFrom::Pdf) => SHOWN_PDF_TEXT,
        None if source.encoding != encoding_rs::UTF_8 => SHOWN_DECODED,
        None => SHOWN_BYTES,
    };
    let mut bytes = vec![ENTRY_VERSION, kind];
    // Serialising strings, numbers and plain enums cannot fail; an entry without its
    // findings would only be a miss next time.
    if postcard::to_io(findings, &mut bytes).is_err() {
        return Vec::new();
    }
    if kind == SHOWN_DECODED {
        let name = source.encoding.name().as_bytes();
        bytes.push(name.len() as u8);
        bytes.extend_from_slice(name);
    }
    if kind != SHOWN_BYTES {
        bytes.extend_from_slice(source.text.as_bytes());
    }
    bytes
}

/// The report `name` with `bytes` as [`crate::check_bytes`] gives it, from its `entry`;
/// `None` when the entry is not one this build wrote (another version, damaged) or the
/// bytes no longer decode, so the caller checks the report instead.
pub fn restore(name: &str, bytes: &[u8], entry: &[u8]) -> Option<(SourceFile, Vec<Finding>)> {
    let [version, kind, encoded @ ..] = entry else {
        return None;
    };
    if *version != ENTRY_VERSION {
        return None;
    }
    let (findings, rest): (Vec<Finding>, &[u8]) = postcard::take_from_bytes(encoded).ok()?;
    let text = |text: &[u8]| Some(simdutf8::basic::from_utf8(text).ok()?.to_string());
    let source = match *kind {
        SHOWN_BYTES if rest.is_empty() => Input::shown(name, bytes).ok()?,
        SHOWN_RENDERING => SourceFile::rendering(name, text(rest)?, RenderedFrom::WordDocument),
        SHOWN_PDF_TEXT => SourceFile::rendering(name, text(rest)?, RenderedFrom::Pdf),
        SHOWN_DECODED => {
            let (&len, rest) = rest.split_first()?;
            let (encoding, rest) = rest.split_at_checked(usize::from(len))?;
            let encoding = encoding_rs::Encoding::for_label(encoding)?;
            SourceFile::from_decoded(name, bytes, text(rest)?, encoding)
        }
        _ => return None,
    };
    // The checksum that guards an entry does not make it this build's: a tampered cache
    // could place a label outside the text (or inside a character), which the renderers
    // would slice at. Checking one report gives no labels in last year's report.
    let placed = findings
        .iter()
        .flat_map(|f| &f.labels)
        .all(|l| !l.previous && source.text.get(l.span.start..l.span.end).is_some());
    placed.then_some((source, findings))
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "某某局2023年政府信息公开工作年度报告\n一、总体情况\n本机关……\n";

    fn checked(name: &str, bytes: &[u8]) -> (SourceFile, Vec<Finding>) {
        let rules = crate::ruleset::RuleSet::builtin().unwrap();
        crate::check_bytes(&rules, name, bytes).unwrap()
    }

    #[test]
    fn a_report_comes_back_from_its_entry_as_checking_gives_it() {
        let (source, findings) = checked("r.txt", REPORT.as_bytes());
        assert!(!findings.is_empty(), "the sample has defects to keep");
        let entry = entry(&source, &findings);
        let (restored, restored_findings) =
            restore("r.txt", REPORT.as_bytes(), &entry).expect("an entry of this build");
        assert_eq!(restored_findings, findings);
        assert_eq!(restored.text, source.text);
        assert_eq!(restored.name, source.name);
        assert_eq!(restored.rendered, None);
    }

    #[test]
    fn an_entry_whose_labels_do_not_fit_the_report_is_a_miss() {
        let (source, findings) = checked("r.txt", REPORT.as_bytes());
        let entry = entry(&source, &findings);
        // The same entry against a shorter report (its labels past the end), and against
        // one whose characters are three bytes where these were one (labels inside them).
        assert!(restore("r.txt", b"short", &entry).is_none());
        let wide = "一".repeat(REPORT.len());
        assert!(restore("r.txt", wide.as_bytes(), &entry).is_none());
        let mut previous = findings.clone();
        previous[0].labels[0].previous = true;
        let entry = super::entry(&source, &previous);
        assert!(restore("r.txt", REPORT.as_bytes(), &entry).is_none());
    }

    #[test]
    fn a_word_document_comes_back_with_its_rendering_without_its_bytes_read() {
        let source = SourceFile::rendering(
            "r.docx",
            "一、总体情况\n".to_string(),
            RenderedFrom::WordDocument,
        );
        let entry = entry(&source, &[]);
        // Not a zip: rendering the bytes again would fail.
        let (restored, _) = restore("r.docx", b"not a zip", &entry)
            .expect("an entry of this build, with the rendering");
        assert_eq!(restored.rendered, Some(RenderedFrom::WordDocument));
        assert_eq!(restored.text, source.text);
    }

    #[test]
    fn a_report_in_another_encoding_comes_back_with_its_text_and_offsets_into_the_file() {
        // With GBK's lone 0x80 (€, which encodes back as two bytes): offsets after it
        // are right only if they are mapped through the file's own bytes.
        let mut gb18030 = encoding_rs::GB18030.encode(REPORT).0.into_owned();
        gb18030.insert(2, 0x80);
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(REPORT.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        for (bytes, encoding) in [
            (gb18030, encoding_rs::GB18030),
            (utf16, encoding_rs::UTF_16LE),
        ] {
            let (source, findings) = checked("r.txt", &bytes);
            assert_eq!(source.encoding, encoding);
            let entry = entry(&source, &findings);
            let (restored, restored_findings) = restore("r.txt", &bytes, &entry).unwrap();
            assert_eq!(restored_findings, findings);
            assert_eq!(restored.text, source.text);
            assert_eq!(restored.encoding, encoding);
            for offset in (0..source.text.len()).filter(|&o| source.text.is_char_boundary(o)) {
                assert_eq!(
                    restored.original_offset(offset),
                    source.original_offset(offset),
                    "{encoding:?} at {offset}"
                );
            }
        }
    }

    #[test]
    fn an_entry_of_another_version_or_damaged_is_a_miss() {
        let (source, findings) = checked("r.txt", REPORT.as_bytes());
        let mut entry = entry(&source, &findings);
        let restore = |entry: &[u8]| restore("r.txt", REPORT.as_bytes(), entry);
        assert!(restore(&entry[..entry.len() - 1]).is_none(), "truncated");
        assert!(restore(&[]).is_none(), "empty");
        entry[0] = ENTRY_VERSION + 1;
        assert!(restore(&entry).is_none(), "another version");
    }

    proptest::proptest! {
        // An entry is read from a file anyone could have changed: any bytes are a miss or
        // a report, never a panic. Seeded with a real entry, changed at one place.
        #[test]
        fn any_entry_bytes_are_a_miss_or_a_report(at in 0usize..4096, byte in 0u8..=255, cut in 0usize..4096) {
            let (source, findings) = checked("r.txt", REPORT.as_bytes());
            let mut entry = entry(&source, &findings);
            let at = at % entry.len();
            entry[at] = byte;
            entry.truncate(cut.max(at + 1));
            let _ = restore("r.txt", REPORT.as_bytes(), &entry);
            let _ = restore("r.docx", REPORT.as_bytes(), &entry);
        }
    }

    #[test]
    fn the_key_is_the_bytes_and_the_extension() {
        let bytes = REPORT.as_bytes();
        assert_eq!(key("a/r.txt", bytes), key("b/other.TXT", bytes));
        assert_ne!(key("r.txt", bytes), key("r.html", bytes));
        assert_ne!(key("r.txt", bytes), key("r.txt", &bytes[1..]));
    }
}
