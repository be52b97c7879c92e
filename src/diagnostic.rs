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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub primary: bool,
    pub span: Span,
    pub message: String,
}

impl Label {
    pub fn primary(span: Span, message: impl Into<String>) -> Self {
        Self {
            primary: true,
            span,
            message: message.into(),
        }
    }

    pub fn secondary(span: Span, message: impl Into<String>) -> Self {
        Self {
            primary: false,
            span,
            message: message.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// Where the finding sorts: its primary label (or its first label).
    pub fn position(&self) -> usize {
        self.labels
            .iter()
            .find(|l| l.primary)
            .or(self.labels.first())
            .map_or(0, |l| l.span.start)
    }
}
