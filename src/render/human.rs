//! rustc-style output through codespan-reporting: its carets line up under CJK text and
//! tabs. Findings that could not be assessed are listed compactly after the others.

use codespan_reporting::diagnostic::{
    Diagnostic, Label as CsLabel, LabelStyle, Severity as CsSeverity,
};
use std::collections::HashMap;

use codespan_reporting::files::{Error as FilesError, Files, Location};
use codespan_reporting::term::{self, termcolor::Buffer, Chars, Config};

use super::{FileResult, Summary};
use crate::diagnostic::{Finding, Severity};
use crate::source::{RenderedFrom, SourceFile};

/// What codespan renders for one finding: only the lines it labels (and their neighbours),
/// with over-long lines cut to a window around the labels, so that a report pasted as one
/// 5,000-character line reads well at 100 columns and a million-line file costs no more
/// than a short one. Line numbers and the `-->` column stay those of the real file.
struct DisplayFile<'a> {
    source: &'a SourceFile,
    text: String,
    /// (original line index, its range in `text`), sorted by line index.
    lines: Vec<(usize, std::ops::Range<usize>)>,
    /// Display offset of each label start → original offset (for `-->` locations).
    origins: HashMap<usize, usize>,
}

/// Lines wider than this many terminal columns are windowed.
const MAX_LINE_COLUMNS: usize = 88;
/// Characters of context kept before the first label on a windowed line.
const CONTEXT_BEFORE: usize = 10;
/// A label spanning more lines than this shows only its first and last lines.
const MAX_SPANNED_LINES: usize = 40;

fn columns(c: char) -> usize {
    if (c as u32) >= 0x1100 {
        2
    } else {
        1
    }
}

struct LineWindow {
    content: std::ops::Range<usize>,
    from: usize,
    to: usize,
    display_start: usize,
    prefix_len: usize,
}

impl<'a> DisplayFile<'a> {
    fn new(source: &'a SourceFile, spans: &[(usize, usize)]) -> (Self, Vec<(usize, usize)>) {
        let text = &source.text;
        let index = source.lines();
        let last_line = index.len().saturating_sub(1);
        let mut wanted = std::collections::BTreeSet::new();
        for &(start, end) in spans {
            let (a, b) = (index.line_of(start), index.line_of(end));
            if b - a <= MAX_SPANNED_LINES {
                wanted.extend(a..=b);
            } else {
                wanted.extend([a, b]);
            }
            wanted.extend([a.saturating_sub(1), (b + 1).min(last_line)]);
        }
        let mut display = String::new();
        let mut lines = Vec::with_capacity(wanted.len());
        let mut windows: Vec<LineWindow> = Vec::new();
        for line_index in wanted {
            let content = index.content_range(text, line_index);
            let line = &text[content.clone()];
            let start = display.len();
            let long = line.len() > MAX_LINE_COLUMNS
                && line
                    .chars()
                    .take(MAX_LINE_COLUMNS + 1)
                    .map(columns)
                    .sum::<usize>()
                    > MAX_LINE_COLUMNS;
            if !long {
                display.push_str(line);
                display.push('\n');
                lines.push((line_index, start..display.len()));
                continue;
            }
            // Label endpoints on this line decide the window.
            let inside: Vec<usize> = spans
                .iter()
                .flat_map(|&(s, e)| [s, e])
                .filter(|&o| o >= content.start && o <= content.end)
                .collect();
            let first = inside.iter().copied().min().unwrap_or(content.start);
            let last = inside.iter().copied().max().unwrap_or(content.start);
            let mut from = first;
            for _ in 0..CONTEXT_BEFORE {
                if from <= content.start {
                    break;
                }
                from = crate::source::floor_char_boundary(text, from - 1);
            }
            let mut to = last;
            let mut used: usize = text[from..last]
                .chars()
                .take(4 * MAX_LINE_COLUMNS)
                .map(columns)
                .sum();
            for c in text[last..content.end].chars() {
                if used + columns(c) > MAX_LINE_COLUMNS - 4 {
                    break;
                }
                used += columns(c);
                to += c.len_utf8();
            }
            let prefix = if from > content.start { "…" } else { "" };
            let suffix = if to < content.end { "…" } else { "" };
            display.push_str(prefix);
            display.push_str(&text[from..to]);
            display.push_str(suffix);
            display.push('\n');
            windows.push(LineWindow {
                content,
                from,
                to,
                display_start: start,
                prefix_len: prefix.len(),
            });
            lines.push((line_index, start..display.len()));
        }
        let map = |orig: usize| -> usize {
            if let Some(w) = windows
                .iter()
                .find(|w| w.content.start <= orig && orig <= w.content.end)
            {
                return w.display_start + w.prefix_len + (orig.clamp(w.from, w.to) - w.from);
            }
            let line_index = index.line_of(orig);
            let line_start = index.range(line_index, text.len()).start;
            match lines.binary_search_by_key(&line_index, |(i, _)| *i) {
                Ok(i) => (lines[i].1.start + (orig - line_start))
                    .min(lines[i].1.end.saturating_sub(1).max(lines[i].1.start)),
                Err(_) => display.len(),
            }
        };
        let mapped: Vec<(usize, usize)> = spans.iter().map(|&(s, e)| (map(s), map(e))).collect();
        let origins = spans
            .iter()
            .zip(&mapped)
            .map(|(&(s, _), &(ds, _))| (ds, s))
            .collect();
        (
            Self {
                source,
                text: display,
                lines,
                origins,
            },
            mapped,
        )
    }

    fn slot(&self, display_offset: usize) -> usize {
        match self.lines.binary_search_by(|(_, r)| {
            if r.end <= display_offset {
                std::cmp::Ordering::Less
            } else if r.start > display_offset {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        }) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1).min(self.lines.len().saturating_sub(1)),
        }
    }
}

impl<'a> Files<'a> for DisplayFile<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.source.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, FilesError> {
        Ok(self.lines.get(self.slot(byte_index)).map_or(0, |(i, _)| *i))
    }

    fn line_range(
        &'a self,
        (): (),
        line_index: usize,
    ) -> Result<std::ops::Range<usize>, FilesError> {
        match self.lines.binary_search_by_key(&line_index, |(i, _)| *i) {
            Ok(i) => Ok(self.lines[i].1.clone()),
            Err(_) if line_index < self.source.lines().len() => {
                Ok(self.text.len()..self.text.len())
            }
            Err(_) => Err(FilesError::LineTooLarge {
                given: line_index,
                max: self.source.lines().len().saturating_sub(1),
            }),
        }
    }

    fn location(&'a self, (): (), byte_index: usize) -> Result<Location, FilesError> {
        match self.origins.get(&byte_index) {
            Some(&orig) => {
                let l = self.source.location(orig);
                Ok(Location {
                    line_number: l.line,
                    column_number: l.column,
                })
            }
            None => {
                let (line_index, range) = self
                    .lines
                    .get(self.slot(byte_index))
                    .cloned()
                    .unwrap_or((0, 0..0));
                let column = self
                    .text
                    .get(range.start..byte_index)
                    .map_or(0, |s| s.chars().count());
                Ok(Location {
                    line_number: line_index + 1,
                    column_number: column + 1,
                })
            }
        }
    }
}

/// This year's file and, for year-over-year findings, last year's (file ids 0 and 1).
struct DisplayFiles<'a>(Vec<DisplayFile<'a>>);

impl<'a> DisplayFiles<'a> {
    fn get(&self, id: usize) -> Result<&DisplayFile<'a>, FilesError> {
        self.0.get(id).ok_or(FilesError::FileMissing)
    }
}

impl<'a> Files<'a> for DisplayFiles<'a> {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, FilesError> {
        self.get(id)?.name(())
    }

    fn source(&'a self, id: usize) -> Result<&'a str, FilesError> {
        self.get(id)?.source(())
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, FilesError> {
        self.get(id)?.line_index((), byte_index)
    }

    fn line_range(
        &'a self,
        id: usize,
        line_index: usize,
    ) -> Result<std::ops::Range<usize>, FilesError> {
        self.get(id)?.line_range((), line_index)
    }

    fn location(&'a self, id: usize, byte_index: usize) -> Result<Location, FilesError> {
        self.get(id)?.location((), byte_index)
    }
}

fn config() -> Config {
    Config {
        chars: Chars::ascii(),
        tab_width: 4,
        ..Config::default()
    }
}

/// `spans`: per label, its file id and its range in that file's display text (`None`
/// drops the label: last year's file is not at hand).
fn to_codespan(finding: &Finding, spans: &[Option<(usize, usize, usize)>]) -> Diagnostic<usize> {
    let severity = match finding.severity {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Info => CsSeverity::Note,
    };
    let labels = finding
        .labels
        .iter()
        .zip(spans)
        .filter_map(|(l, at)| at.map(|at| (l, at)))
        .map(|(l, (file, start, end))| {
            let style = if l.primary {
                LabelStyle::Primary
            } else {
                LabelStyle::Secondary
            };
            CsLabel::new(style, file, start..end).with_message(l.message_with_place())
        })
        .collect();
    let mut notes: Vec<String> = finding.notes.iter().map(|n| format!("note: {n}")).collect();
    if let Some(help) = &finding.help {
        notes.extend(help.lines().map(|h| format!("help: {h}")));
    }
    if let Some(fix) = &finding.fix {
        notes.push(format!(
            "fix: {}（`--diff` 给出修改，核对后再改）",
            fix.message
        ));
    }
    Diagnostic::new(severity)
        .with_code(finding.rule.clone())
        .with_message(finding.message.clone())
        .with_labels(labels)
        .with_notes(notes)
}

/// Renders all results; `color` adds ANSI colours.
pub fn render(results: &[FileResult], color: bool, show_summary: bool) -> String {
    let mut buffer = if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    let config = config();
    for result in results {
        let Ok((source, findings)) = &result.outcome else {
            continue;
        };
        for finding in findings.iter().filter(|f| !f.not_assessable) {
            let spans_in = |previous: bool| -> Vec<(usize, usize)> {
                finding
                    .labels
                    .iter()
                    .filter(|l| l.previous == previous)
                    .map(|l| (l.span.start, l.span.end))
                    .collect()
            };
            let (view, mut mapped) = DisplayFile::new(source, &spans_in(false));
            let mut files = vec![view];
            let mut previous_mapped = Vec::new();
            if let Some(previous) = &result.previous {
                let (view, m) = DisplayFile::new(previous, &spans_in(true));
                files.push(view);
                previous_mapped = m;
            }
            mapped.reverse();
            previous_mapped.reverse();
            let spans: Vec<Option<(usize, usize, usize)>> = finding
                .labels
                .iter()
                .map(|l| {
                    if l.previous {
                        previous_mapped.pop().map(|(s, e)| (1, s, e))
                    } else {
                        mapped.pop().map(|(s, e)| (0, s, e))
                    }
                })
                .collect();
            let files = DisplayFiles(files);
            let _ = term::emit(&mut buffer, &config, &files, &to_codespan(finding, &spans));
        }
        let rendered = source
            .rendered
            .filter(|_| findings.iter().any(|f| !f.not_assessable));
        if let Some(from) = rendered {
            let (text, places) = match from {
                RenderedFrom::Pdf => (
                    "the text of this PDF as `pdftotext -layout` lays it out",
                    "",
                ),
                RenderedFrom::WordDocument => (
                    "gilint's text rendering of this Word document",
                    "; [第N段] and [表三第R行第C列] are places in Word",
                ),
            };
            let diagnostic = Diagnostic::note().with_message(format!(
                "{0}: line numbers refer to {text} (`gilint dump --format rendering {0}`){places}",
                source.name
            ));
            let (view, _) = DisplayFile::new(source, &[]);
            let _ = term::emit(&mut buffer, &config, &view, &diagnostic);
        }
        let skipped: Vec<&Finding> = findings.iter().filter(|f| f.not_assessable).collect();
        if !skipped.is_empty() {
            // One note per reason, naming the checks it stopped: 13 lines of "table 三 is
            // missing" would bury the real findings.
            let mut by_reason: Vec<(String, Vec<&str>)> = Vec::new();
            for f in &skipped {
                let reason = f
                    .notes
                    .first()
                    .cloned()
                    .unwrap_or_else(|| f.message.clone());
                match by_reason.iter_mut().find(|(r, _)| *r == reason) {
                    Some((_, rules)) => rules.push(&f.rule),
                    None => by_reason.push((reason, vec![&f.rule])),
                }
            }
            let mut diagnostic = Diagnostic::note().with_message(format!(
                "{}: {} 项检查无法核对，不视为通过",
                source.name,
                skipped.len()
            ));
            diagnostic.notes = by_reason
                .into_iter()
                .map(|(reason, rules)| format!("{reason}：{}", rules.join(", ")))
                .collect();
            let (view, _) = DisplayFile::new(source, &[]);
            let _ = term::emit(&mut buffer, &config, &view, &diagnostic);
        }
    }
    let mut out = String::from_utf8_lossy(buffer.as_slice()).into_owned();
    if show_summary {
        out.push_str(&summary_line(&Summary::of(results)));
        out.push('\n');
    }
    out
}

/// [`render`] without the summary line, for output streamed batch by batch.
pub fn render_batch(results: &[FileResult], color: bool) -> String {
    render(results, color, false)
}

pub fn summary_line(s: &Summary) -> String {
    let files = if s.files == 1 {
        "1 file".to_string()
    } else {
        format!("{} files", s.files)
    };
    let mut parts = vec![
        format!("{} error{}", s.errors, if s.errors == 1 { "" } else { "s" }),
        format!(
            "{} warning{}",
            s.warnings,
            if s.warnings == 1 { "" } else { "s" }
        ),
    ];
    // Notes are the info findings that are not "not assessable" (those are counted apart).
    let notes = s.infos.saturating_sub(s.not_assessable);
    if notes > 0 {
        parts.push(format!("{notes} note{}", if notes == 1 { "" } else { "s" }));
    }
    if s.not_assessable > 0 {
        parts.push(format!("{} not assessable", s.not_assessable));
    }
    if s.unreadable > 0 {
        parts.push(format!("{} unreadable", s.unreadable));
    }
    let fixable = match s.fixable {
        0 => String::new(),
        n => format!(
            " ({n} with a suggested fix: `--diff` shows {})",
            if n == 1 { "it" } else { "them" }
        ),
    };
    format!("gilint: {} in {files}{fixable}", parts.join(", "))
}
