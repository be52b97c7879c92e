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
}

impl Finding {
    /// The finding's message, followed by its primary place when it has one.
    pub fn message_with_place(&self) -> String {
        let place = self
            .labels
            .iter()
            .find(|l| l.primary)
            .or(self.labels.first())
            .and_then(|l| l.place.as_deref());
        match place {
            Some(place) => format!("{} [{place}]", self.message),
            None => self.message.clone(),
        }
    }

    /// Where the finding sorts: its primary label (or its first label).
    pub fn position(&self) -> usize {
        self.labels
            .iter()
            .find(|l| l.primary)
            .or(self.labels.first())
            .map_or(0, |l| l.span.start)
    }
}
