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
    /// Files with a diff whose own encoding is not UTF-8 (GB18030, Big5, UTF-16): the
    /// diff is of their text, printed in UTF-8 as the rest of the output.
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

/// The diff of one checked file, empty when it has no fix.
pub fn render(result: &FileResult) -> (String, DiffCount) {
    let Ok((source, findings)) = &result.outcome else {
        return (String::new(), DiffCount::default());
    };
    let fixes: Vec<_> = findings.iter().filter_map(|f| f.fix.as_ref()).collect();
    if fixes.is_empty() {
        return (String::new(), DiffCount::default());
    }
    let (fixed, applied) = apply_fixes(&source.text, fixes.iter().copied());
    let count = DiffCount {
        files: usize::from(applied > 0),
        fixes: applied,
        left_out: fixes.len() - applied,
        not_utf8: usize::from(applied > 0 && source.encoding != encoding_rs::UTF_8),
    };
    if fixed == source.text {
        return (String::new(), count);
    }
    let diff = TextDiff::from_lines(source.text.as_str(), fixed.as_str());
    let text = diff
        .unified_diff()
        .context_radius(3)
        .header(&result.path, &result.path)
        .to_string();
    (text, count)
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
        let (diff, count) = render(&result(text, findings));
        assert_eq!(
            diff,
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
        let (diff, count) = render(&result("总计\t11\n", vec![finding(None)]));
        assert_eq!((diff.as_str(), count), ("", DiffCount::default()));
    }

    #[test]
    fn a_second_fix_of_one_place_is_counted_left_out() {
        let text = "总计\t11\n";
        let at = text.find("11").unwrap();
        let findings = vec![
            finding(Some(Fix::replace("", Span::new(at, at + 2), "12"))),
            finding(Some(Fix::replace("", Span::new(at, at + 2), "13"))),
        ];
        let (diff, count) = render(&result(text, findings));
        assert!(diff.contains("+总计\t12\n"), "{diff}");
        assert_eq!((count.fixes, count.left_out), (1, 1));
    }
}
