//! Findings: what a rule says about a place in a report. Renderers turn these into text,
//! JSON and other formats; nothing here knows about terminals.

use serde::{Deserialize, Serialize};

use crate::document::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// What kind of defect a rule finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Structure,
    Arithmetic,
    Explanation,
    Fee,
    Consistency,
    Content,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Structure,
        Category::Arithmetic,
        Category::Explanation,
        Category::Fee,
        Category::Consistency,
        Category::Content,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Structure => "structure",
            Category::Arithmetic => "arithmetic",
            Category::Explanation => "explanation",
            Category::Fee => "fee",
            Category::Consistency => "consistency",
            Category::Content => "content",
        }
    }
}

/// A place in the report, with what to say there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    pub primary: bool,
    pub span: Span,
    pub message: String,
    /// The place in the author's terms, for documents that have them (第3段,
    /// 表三第5行第2列): a Word document's lines are gilint's rendering, not the file's.
    pub place: Option<String>,
    /// The label is in last year's report (year-over-year rules), not the checked one.
    pub previous: bool,
}

impl Label {
    /// The same label, placed in last year's report.
    pub fn in_previous(mut self) -> Self {
        self.previous = true;
        self
    }

    /// The message followed by the place, for formats that have one line per label.
    pub fn message_with_place(&self) -> String {
        match (&self.place, self.message.is_empty()) {
            (Some(place), true) => format!("[{place}]"),
            (Some(place), false) => format!("{} [{place}]", self.message),
            (None, _) => self.message.clone(),
        }
    }

    pub fn primary(span: Span, message: impl Into<String>) -> Self {
        Self {
            primary: true,
            span,
            message: message.into(),
            place: None,
            previous: false,
        }
    }

    pub fn secondary(span: Span, message: impl Into<String>) -> Self {
        Self {
            primary: false,
            span,
            message: message.into(),
            place: None,
            previous: false,
        }
    }
}

// Serialized only by the findings cache (see [`crate::cache`]); the JSON formats have
// their own, versioned shapes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub rule: String,
    pub category: Category,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub notes: Vec<String>,
    pub labels: Vec<Label>,
    /// The rule could not look (a table or cell was missing): reported as info, never a pass.
    pub not_assessable: bool,
    /// A change to the report that would resolve the finding, when the rule can say one.
    pub fix: Option<Fix>,
}

/// A suggested change: what it does, in words, and the edits to the checked file's text.
/// Every fix needs the author's review (a table that does not add up may have a wrong
/// part rather than a wrong total): gilint shows fixes (`--diff`, the machine formats)
/// and never writes them into a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    pub message: String,
    /// Sorted by position, none overlapping.
    pub edits: Vec<Edit>,
}

/// Replace the text at `span` with `content`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    pub span: Span,
    pub content: String,
}

impl Fix {
    /// A fix of one replacement.
    pub fn replace(message: impl Into<String>, span: Span, content: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            edits: vec![Edit {
                span,
                content: content.into(),
            }],
        }
    }
}

/// `text` with the edits of `fixes` made: fixes are taken in order, and one that overlaps
/// an edit already taken is left out (two fixes of one place cannot both apply), unless
/// it makes the same edit (three identities that a total breaks, each fixed by setting
/// it right). Returns the new text and how many fixes were applied.
pub fn apply_fixes<'f>(text: &str, fixes: impl IntoIterator<Item = &'f Fix>) -> (String, usize) {
    let mut taken: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    for fix in fixes {
        let fits = fix.edits.iter().all(|e| {
            taken.contains(&e)
                || (e.span.start <= e.span.end
                    && text.is_char_boundary(e.span.start)
                    && text.is_char_boundary(e.span.end)
                    && e.span.end <= text.len()
                    && taken.iter().all(|t| !overlaps(t.span, e.span)))
        });
        if fits {
            for edit in &fix.edits {
                if !taken.contains(&edit) {
                    taken.push(edit);
                }
            }
            applied += 1;
        }
    }
    taken.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in taken {
        out.push_str(&text[at..edit.span.start]);
        out.push_str(&edit.content);
        at = edit.span.end;
    }
    out.push_str(&text[at..]);
    (out, applied)
}

/// Whether two edits touch the same text: overlapping spans, or two insertions at one
/// point (their order would be a guess).
fn overlaps(a: Span, b: Span) -> bool {
    (a.start < b.end && b.start < a.end) || (a.start == b.start && (a.is_empty() || b.is_empty()))
}

impl Finding {
    /// Drops the fix, keeping in the help what it says (where it cannot be an edit of the
    /// file, or was not the one).
    pub fn fix_in_words(&mut self) {
        let Some(fix) = self.fix.take() else { return };
        self.help = Some(match self.help.take() {
            Some(help) => format!("{help}\n{}", fix.message),
            None => fix.message,
        });
    }

    /// The label that says where the finding is: its primary one, else its first.
    pub fn primary_label(&self) -> Option<&Label> {
        self.labels
            .iter()
            .find(|l| l.primary)
            .or(self.labels.first())
    }

    /// The finding's message, followed by its primary place when it has one.
    pub fn message_with_place(&self) -> String {
        let place = self.primary_label().and_then(|l| l.place.as_deref());
        match place {
            Some(place) => format!("{} [{place}]", self.message),
            None => self.message.clone(),
        }
    }

    /// Where the finding sorts: its primary label (or its first label).
    pub fn position(&self) -> usize {
        self.primary_label().map_or(0, |l| l.span.start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(start: usize, end: usize, content: &str) -> Fix {
        Fix::replace("", Span::new(start, end), content)
    }

    #[test]
    fn fixes_apply_in_order_of_position() {
        let text = "总计\t11\t3\n合计\t—\n";
        let fixes = [fix(10, 11, "4"), fix(7, 9, "12"), fix(19, 22, "0")];
        assert_eq!(
            apply_fixes(text, &fixes),
            ("总计\t12\t4\n合计\t0\n".to_string(), 3)
        );
    }

    #[test]
    fn a_fix_overlapping_one_taken_is_left_out() {
        let text = "a 11 b";
        let fixes = [
            fix(2, 4, "12"),
            fix(3, 4, "5"),
            fix(2, 2, "x"),
            fix(5, 6, "c"),
        ];
        // The second overlaps the first; the third inserts where the first replaces.
        assert_eq!(apply_fixes(text, &fixes), ("a 12 c".to_string(), 2));
    }

    #[test]
    fn fixes_making_one_edit_apply_once() {
        let text = "a 11 b";
        let fixes = [fix(2, 4, "12"), fix(2, 4, "12"), fix(2, 4, "13")];
        assert_eq!(apply_fixes(text, &fixes), ("a 12 b".to_string(), 2));
    }

    #[test]
    fn a_fix_off_the_text_or_inside_a_character_is_left_out() {
        let text = "总计 11";
        let fixes = [fix(1, 3, "x"), fix(7, 12, "y"), fix(4, 3, "z")];
        assert_eq!(apply_fixes(text, &fixes), (text.to_string(), 0));
    }

    #[test]
    fn a_fix_of_several_edits_applies_whole_or_not_at_all() {
        let text = "1 2 3";
        let both = Fix {
            message: String::new(),
            edits: vec![
                Edit {
                    span: Span::new(0, 1),
                    content: "7".into(),
                },
                Edit {
                    span: Span::new(4, 5),
                    content: "9".into(),
                },
            ],
        };
        assert_eq!(
            apply_fixes(text, [&fix(4, 5, "8"), &both]),
            ("1 2 8".to_string(), 1)
        );
    }
}
