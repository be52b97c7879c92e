//! `--diff`: the suggested fixes of each report as a unified diff of its text (as ruff's
//! `--diff` prints them), for the author to review and apply (`patch -p0 < fixes.diff`).
//! gilint itself never writes a report.

use similar::TextDiff;

use super::FileResult;
use crate::diagnostic::apply_fixes;

/// What one file's fixes came to.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DiffCount {
    /// Files with a fix shown.
    pub files: usize,
    /// Fixes shown.
    pub fixes: usize,
    /// Fixes left out: they touch a place an earlier fix of the file changes.
    pub left_out: usize,
    /// Files with a diff printed in UTF-8 though their own encoding is not (GB18030 or Big5
    /// shown on a terminal, UTF-16 always): `patch` cannot apply it to the file as it is.
    pub not_utf8: usize,
}

impl DiffCount {
    pub fn merge(&mut self, other: DiffCount) {
        self.files += other.files;
        self.fixes += other.fixes;
        self.left_out += other.left_out;
        self.not_utf8 += other.not_utf8;
    }
}

/// The encoding a diff's lines are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffEncoding {
    /// UTF-8, as the rest of the output: for reading on a terminal.
    Utf8,
    /// Each file's lines in the file's own encoding when `patch` can read that one (an
    /// encoding that keeps ASCII as ASCII: GB18030, GBK, Big5), so that the diff applies
    /// to the file as it is; the `---`/`+++` lines keep the path as given.
    FileOwn,
}

/// The diff of one checked file, empty when it has no fix.
pub fn render(result: &FileResult, encoding: DiffEncoding) -> (Vec<u8>, DiffCount) {
    let Ok((source, findings)) = &result.outcome else {
        return (Vec::new(), DiffCount::default());
    };
    let fixes: Vec<_> = findings.iter().filter_map(|f| f.fix.as_ref()).collect();
    if fixes.is_empty() {
        return (Vec::new(), DiffCount::default());
    }
    let (fixed, applied) = apply_fixes(&source.text, fixes.iter().copied());
    let mut count = DiffCount {
        files: usize::from(applied > 0),
        fixes: applied,
        left_out: fixes.len() - applied,
        not_utf8: 0,
    };
    if fixed == source.text {
        return (Vec::new(), count);
    }
    // A UTF-8 file's first line starts with its byte-order mark, which decoding took off:
    // put back, a hunk at the top of the file matches the file's bytes. (A UTF-16 file's
    // diff cannot be its bytes: see below.)
    let bom = match source.has_bom() && source.encoding == encoding_rs::UTF_8 {
        true => "\u{feff}",
        false => "",
    };
    let (before, after) = (format!("{bom}{}", source.text), format!("{bom}{fixed}"));
    let hunks = TextDiff::from_lines(before.as_str(), after.as_str())
        .unified_diff()
        .context_radius(3)
        .to_string();
    let mut out = format!("--- {0}\n+++ {0}\n", result.path).into_bytes();
    let own = source.encoding;
    let readable_by_patch = own != encoding_rs::UTF_8 && own.is_ascii_compatible();
    if encoding == DiffEncoding::FileOwn && readable_by_patch {
        let (bytes, _, unmappable) = own.encode(&hunks);
        if !unmappable {
            out.extend_from_slice(&bytes);
            return (out, count);
        }
    }
    count.not_utf8 = usize::from(own != encoding_rs::UTF_8);
    out.extend_from_slice(hunks.as_bytes());
    (out, count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Category, Finding, Fix, Severity};
    use crate::document::Span;
    use crate::source::SourceFile;

    fn finding(fix: Option<Fix>) -> Finding {
        Finding {
            rule: "applications-unbalanced".into(),
            category: Category::Arithmetic,
            severity: Severity::Error,
            message: String::new(),
            help: None,
            notes: Vec::new(),
            labels: Vec::new(),
            not_assessable: false,
            fix,
        }
    }

    fn result(text: &str, findings: Vec<Finding>) -> FileResult {
        FileResult {
            path: "report.txt".into(),
            outcome: Ok((SourceFile::from_text("report.txt", text), findings)),
            previous: None,
        }
    }

    #[test]
    fn a_file_with_fixes_is_a_unified_diff_of_its_lines() {
        let text = "一\n二\n总计\t11\n三\n四\n五\n六\n七\n合计\t5\n";
        let total = text.find("11").unwrap();
        let sum = text.find('5').unwrap();
        let findings = vec![
            finding(Some(Fix::replace("", Span::new(total, total + 2), "12"))),
            finding(None),
            finding(Some(Fix::replace("", Span::new(sum, sum + 1), "6"))),
        ];
        let (diff, count) = render(&result(text, findings), DiffEncoding::Utf8);
        assert_eq!(
            String::from_utf8(diff).unwrap(),
            "--- report.txt\n+++ report.txt\n@@ -1,9 +1,9 @@\n 一\n 二\n-总计\t11\n+总计\t12\n 三\n 四\n 五\n 六\n 七\n-合计\t5\n+合计\t6\n"
        );
        assert_eq!(
            count,
            DiffCount {
                files: 1,
                fixes: 2,
                left_out: 0,
                not_utf8: 0
            }
        );
    }

    #[test]
    fn a_file_without_fixes_has_no_diff() {
        let (diff, count) = render(
            &result("总计\t11\n", vec![finding(None)]),
            DiffEncoding::Utf8,
        );
        assert_eq!((diff.as_slice(), count), (&b""[..], DiffCount::default()));
    }

    #[test]
    fn a_second_fix_of_one_place_is_counted_left_out() {
        let text = "总计\t11\n";
        let at = text.find("11").unwrap();
        let findings = vec![
            finding(Some(Fix::replace("", Span::new(at, at + 2), "12"))),
            finding(Some(Fix::replace("", Span::new(at, at + 2), "13"))),
        ];
        let (diff, count) = render(&result(text, findings), DiffEncoding::Utf8);
        let diff = String::from_utf8(diff).unwrap();
        assert!(diff.contains("+总计\t12\n"), "{diff}");
        assert_eq!((count.fixes, count.left_out), (1, 1));
    }

    /// A file read from `bytes`, with a fix setting its `11` to `12`.
    fn decoded_with_fix(bytes: &[u8]) -> FileResult {
        let source = SourceFile::decode("报告.txt", bytes).unwrap();
        let at = source.text.find("11").unwrap();
        let fix = Fix::replace("", Span::new(at, at + 2), "12");
        FileResult {
            path: "报告.txt".into(),
            outcome: Ok((source, vec![finding(Some(fix))])),
            previous: None,
        }
    }

    #[test]
    fn a_gb18030_file_s_diff_is_in_gb18030_for_patch_and_in_utf8_for_a_terminal() {
        let text = "第一行\n总计\t11\n";
        let (gb, _, _) = encoding_rs::GB18030.encode(text);
        let result = decoded_with_fix(&gb);
        let (diff, count) = render(&result, DiffEncoding::FileOwn);
        let (hunk, _, _) =
            encoding_rs::GB18030.encode("@@ -1,2 +1,2 @@\n 第一行\n-总计\t11\n+总计\t12\n");
        // The path as given (UTF-8 here), the lines as the file has them.
        let mut expected = "--- 报告.txt\n+++ 报告.txt\n".as_bytes().to_vec();
        expected.extend_from_slice(&hunk);
        assert_eq!(diff, expected);
        assert_eq!(count.not_utf8, 0);
        let (diff, count) = render(&result, DiffEncoding::Utf8);
        assert!(String::from_utf8(diff).unwrap().contains("+总计\t12\n"));
        assert_eq!(count.not_utf8, 1);
    }

    #[test]
    fn a_byte_order_mark_is_kept_on_the_first_line() {
        let result = decoded_with_fix("\u{feff}总计\t11\n".as_bytes());
        let (diff, _) = render(&result, DiffEncoding::FileOwn);
        assert!(String::from_utf8(diff)
            .unwrap()
            .ends_with("@@ -1 +1 @@\n-\u{feff}总计\t11\n+\u{feff}总计\t12\n"));
    }

    #[test]
    fn a_utf16_file_s_diff_stays_utf8_and_is_counted() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend("总计\t11\n".encode_utf16().flat_map(u16::to_le_bytes));
        let (diff, count) = render(&decoded_with_fix(&bytes), DiffEncoding::FileOwn);
        assert!(String::from_utf8(diff).unwrap().contains("+总计\t12\n"));
        assert_eq!(count.not_utf8, 1);
    }
}
