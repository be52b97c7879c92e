//! Renderers: one per output format. They read findings and the model; they never decide
//! anything and never write to a terminal themselves (they return strings).

pub mod concise;
pub mod diff;
pub mod dump;
pub mod extract;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod rdjson;
pub mod sarif;

use crate::diagnostic::{Finding, Severity};
use crate::source::SourceFile;

/// The result of checking one input: its findings, or why it could not be read.
pub struct FileResult {
    pub path: String,
    pub outcome: Result<(SourceFile, Vec<Finding>), String>,
    /// Last year's report, when year-over-year rules ran: labels with `previous` set
    /// point into it.
    pub previous: Option<SourceFile>,
}

/// Where a finding is shown in `source`: its primary label's start (1:1 without labels).
fn location_of(source: &SourceFile, finding: &Finding) -> crate::source::Location {
    finding
        .primary_label()
        .map_or(crate::source::Location { line: 1, column: 1 }, |l| {
            source.location(l.span.start)
        })
}

impl FileResult {
    /// The file a label points into, with its path as shown: this report, or last
    /// year's (`None` when that file is not at hand).
    pub fn file_of<'a>(
        &'a self,
        source: &'a SourceFile,
        label: &crate::diagnostic::Label,
    ) -> Option<(&'a str, &'a SourceFile)> {
        if label.previous {
            self.previous.as_ref().map(|p| (p.name.as_str(), p))
        } else {
            Some((self.path.as_str(), source))
        }
    }
}

/// One array of a pretty-printed JSON document (json, sarif, rdjson), kept as its items'
/// text while a run goes on.
///
/// A run over thousands of reports would otherwise hold every report's source, or every
/// finding as a `serde_json::Value`, until the end; the text is several times smaller.
/// Items are printed as serde_json prints them `depth` levels deep, and [`splice`] puts
/// them where the document's skeleton has the empty array: the output is byte for byte
/// what printing the whole document at once gives.
pub struct ArrayText {
    array: StreamedArray,
    /// Each item's text with what separates it from the one before
    /// ([`StreamedArray::item`]).
    items: Vec<String>,
}

impl ArrayText {
    /// The array under `key`, whose items sit `depth` levels deep (the root object's keys
    /// are at depth 1).
    pub fn new(key: &'static str, depth: usize) -> Self {
        Self {
            array: StreamedArray::new(key, depth),
            items: Vec::new(),
        }
    }

    pub fn push(&mut self, item: &impl serde::Serialize) {
        self.items.push(self.array.item(item));
    }
}

/// `item` pretty-printed as serde_json prints it `depth` levels deep (without the
/// indentation of its first line).
fn pretty_item(item: &impl serde::Serialize, depth: usize) -> String {
    let text = serde_json::to_string_pretty(item).unwrap_or_default();
    // serde_json escapes a newline inside a string: every newline here is the printer's
    // own, followed by the item's indentation.
    text.replace('\n', &format!("\n{}", json_indent(depth)))
}

/// Where the empty array `key` at `depth` is in a pretty-printed skeleton: the index of
/// its closing bracket.
fn empty_array(skeleton: &str, key: &str, depth: usize) -> Option<usize> {
    let empty = format!("\n{}\"{key}\": []", json_indent(depth.saturating_sub(1)));
    let found = skeleton.find(&empty);
    debug_assert!(found.is_some(), "no {empty:?} in the skeleton");
    found.map(|at| at + empty.len() - 1)
}

/// A JSON document written in parts as a run goes (json, rdjson, extract's json): the
/// start, a part per input from [`Self::add`] as soon as its batch is done, then the end.
/// Nothing of an input is kept once its part is written (see [`StreamedArray`]).
pub trait StreamedDocument: Default {
    type Input;

    /// The document up to its first part.
    fn start(&self) -> String;

    /// One input's part.
    fn add(&mut self, input: &Self::Input) -> String;

    /// The end of the document.
    fn finish(self) -> String;

    /// The whole document for `inputs` at once.
    fn whole(inputs: &[Self::Input]) -> String {
        let mut document = Self::default();
        let mut out = document.start();
        for input in inputs {
            out.push_str(&document.add(input));
        }
        out + &document.finish()
    }
}

/// The one large array of a pretty-printed JSON document (json, rdjson, extract's json),
/// written an item at a time as each batch of reports is done, so that nothing of the run
/// is kept. The skeleton is the document printed with that array empty: what comes
/// before the array must be known at the start; what comes after (a summary) may be
/// printed at the end. The output is byte for byte the whole document's.
pub struct StreamedArray {
    key: &'static str,
    depth: usize,
    items: usize,
}

impl StreamedArray {
    /// The array under `key`, whose items sit `depth` levels deep (the root object's keys
    /// are at depth 1).
    pub fn new(key: &'static str, depth: usize) -> Self {
        Self {
            key,
            depth,
            items: 0,
        }
    }

    /// The document up to and including the array's opening bracket.
    pub fn head(&self, skeleton: &str) -> String {
        let close = self.close(skeleton).unwrap_or(skeleton.len());
        skeleton[..close].to_string()
    }

    /// The next item, with what separates it from the one before.
    pub fn item(&mut self, item: &impl serde::Serialize) -> String {
        let separator = if self.items == 0 { "" } else { "," };
        self.items += 1;
        format!(
            "{separator}\n{}{}",
            json_indent(self.depth),
            pretty_item(item, self.depth)
        )
    }

    /// The array's end and the rest of the document, from the skeleton as printed now.
    pub fn tail(self, skeleton: &str) -> String {
        let Some(close) = self.close(skeleton) else {
            return String::new();
        };
        self.before_close() + &skeleton[close..]
    }

    /// Where the skeleton's empty array closes.
    fn close(&self, skeleton: &str) -> Option<usize> {
        empty_array(skeleton, self.key, self.depth)
    }

    /// What goes before the closing bracket: the line break and indentation after the
    /// last item, nothing when there is none (`[]`).
    fn before_close(&self) -> String {
        if self.items == 0 {
            String::new()
        } else {
            format!("\n{}", json_indent(self.depth.saturating_sub(1)))
        }
    }
}

fn json_indent(depth: usize) -> String {
    "  ".repeat(depth)
}

/// `skeleton`, pretty-printed with `"key": []` for each of `arrays`, with the arrays'
/// items in place: as pieces to write one after the other, so that the whole document is
/// never one more copy in memory. (`concat` them for one string.)
pub fn splice(skeleton: &str, arrays: Vec<ArrayText>) -> Vec<String> {
    let mut places: Vec<(usize, ArrayText)> = arrays
        .into_iter()
        .filter_map(|text| text.array.close(skeleton).map(|at| (at, text)))
        .collect();
    places.sort_by_key(|(at, _)| *at);
    let mut pieces = Vec::new();
    let mut from = 0;
    for (at, text) in places {
        pieces.push(skeleton[from..at].to_string());
        let before_close = text.array.before_close();
        pieces.extend(text.items);
        pieces.push(before_close);
        from = at;
    }
    pieces.push(skeleton[from..].to_string());
    pieces
}

/// Counts over all files.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    pub files_with_errors: usize,
    pub unreadable: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub not_assessable: usize,
    /// Findings with a suggested fix (`--diff` shows them as a patch).
    pub fixable: usize,
}

impl Summary {
    /// Adds another batch's counts.
    pub fn merge(&mut self, other: Summary) {
        self.files += other.files;
        self.files_with_errors += other.files_with_errors;
        self.unreadable += other.unreadable;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
        self.not_assessable += other.not_assessable;
        self.fixable += other.fixable;
    }

    pub fn of(results: &[FileResult]) -> Self {
        let mut s = Summary {
            files: results.len(),
            ..Summary::default()
        };
        for r in results {
            match &r.outcome {
                Err(_) => s.unreadable += 1,
                Ok((_, findings)) => {
                    if findings.iter().any(|f| f.severity == Severity::Error) {
                        s.files_with_errors += 1;
                    }
                    for f in findings {
                        match f.severity {
                            Severity::Error => s.errors += 1,
                            Severity::Warning => s.warnings += 1,
                            Severity::Info => s.infos += 1,
                        }
                        if f.not_assessable {
                            s.not_assessable += 1;
                        }
                        if f.fix.is_some() {
                            s.fixable += 1;
                        }
                    }
                }
            }
        }
        s
    }
}

/// `gilint explain ID`: the rule's documentation and examples.
pub fn explain(rule: &crate::ruleset::Rule) -> String {
    let profiles: Vec<&str> = rule.profiles.iter().map(|p| p.as_str()).collect();
    let agencies: Vec<&str> = rule.agencies.iter().map(|a| a.as_str()).collect();
    let agencies = if agencies.is_empty() {
        String::new()
    } else {
        format!("   bodies: {}", agencies.join(", "))
    };
    format!(
        "{id}: {title}\n\ncategory: {category}   severity: {severity}   check: {kind}   profiles: {profiles}{agencies}\n\n{docs}\n\nmessage: {message}\nhelp:    {help}\n{fix}\n{previous}Example that is flagged:\n{fail}\n\nExample that passes:\n{pass}\n",
        id = rule.id,
        title = rule.title,
        category = rule.category.as_str(),
        severity = rule.severity.as_str(),
        kind = rule.check.kind(),
        profiles = profiles.join(", "),
        docs = rule.docs.trim(),
        message = rule.message.trim(),
        help = rule.help.trim(),
        fix = rule
            .check
            .fix()
            .map_or(String::new(), |fix| format!("fix:     {fix}\n")),
        previous = rule.example_previous.as_deref().map_or(String::new(), |p| format!(
            "Runs only with last year's report (--previous FILE, or --pair-years). Last year's report:\n{}\n\n",
            indent(p.trim_matches('\n'))
        )),
        fail = indent(rule.example_fail.trim_matches('\n')),
        pass = indent(rule.example_pass.trim_matches('\n')),
    )
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `--statistics`: counts per rule, accumulated over batches of results.
#[derive(Debug, Default)]
pub struct Statistics {
    counts: Vec<(String, Severity, usize)>,
}

impl Statistics {
    pub fn add(&mut self, results: &[FileResult]) {
        for (_, findings) in results.iter().filter_map(|r| r.outcome.as_ref().ok()) {
            for f in findings.iter().filter(|f| !f.not_assessable) {
                match self.counts.iter_mut().find(|(rule, _, _)| *rule == f.rule) {
                    Some(entry) => entry.2 += 1,
                    None => self.counts.push((f.rule.clone(), f.severity, 1)),
                }
            }
        }
    }

    /// One line per rule with its count, most frequent first.
    pub fn render(mut self) -> String {
        self.counts
            .sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
        self.counts
            .into_iter()
            .map(|(rule, severity, n)| format!("{n:>6}  {:<8} {rule}\n", severity.as_str()))
            .collect()
    }
}

/// `--statistics` over one set of results.
pub fn statistics(results: &[FileResult]) -> String {
    let mut s = Statistics::default();
    s.add(results);
    s.render()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Printing a document whole and splicing its arrays into a skeleton give the same bytes.
    #[test]
    fn spliced_arrays_print_as_the_whole_document_does() {
        let file = |n: u32| {
            json!({
                "path": format!("报告{n}.txt"),
                "message": "多行\n文本 \"引号\" [1, 2]: []",
                "labels": [{ "span": { "line": n, "column": 3 } }, {}],
                "notes": [],
            })
        };
        let items: Vec<serde_json::Value> = (1..=3).map(file).collect();
        let whole = json!({
            "version": 1,
            "runs": [{ "artifacts": items, "results": [], "tool": { "rules": [1, 2] } }],
            "zz": items,
        });
        let skeleton = json!({
            "version": 1,
            "runs": [{ "artifacts": [], "results": [], "tool": { "rules": [1, 2] } }],
            "zz": [],
        });
        let mut artifacts = ArrayText::new("artifacts", 4);
        let mut zz = ArrayText::new("zz", 2);
        for item in &items {
            artifacts.push(item);
            zz.push(item);
        }
        let results = ArrayText::new("results", 4);
        let skeleton = serde_json::to_string_pretty(&skeleton).expect("prints");
        // Given out of document order on purpose.
        let spliced = splice(&skeleton, vec![zz, results, artifacts]).concat();
        assert_eq!(
            spliced,
            serde_json::to_string_pretty(&whole).expect("prints")
        );
    }

    /// Streaming an array item by item, with what follows it printed only at the end,
    /// gives the same bytes as printing the whole document; so does streaming nothing.
    #[test]
    fn streamed_arrays_print_as_the_whole_document_does() {
        let document = |files: &[serde_json::Value], total: usize| {
            serde_json::to_string_pretty(&json!({
                "files": files,
                "summary": { "total": total, "kinds": ["a", "b"] },
            }))
            .expect("prints")
        };
        for count in [0, 1, 4] {
            let files: Vec<serde_json::Value> = (0..count)
                .map(|n| json!({ "path": format!("{n}.txt"), "diagnostics": [{ "line": n }], "notes": "x\ny" }))
                .collect();
            let mut array = StreamedArray::new("files", 2);
            let mut out = array.head(&document(&[], 0));
            for file in &files {
                out.push_str(&array.item(file));
            }
            out.push_str(&array.tail(&document(&[], count)));
            assert_eq!(out, document(&files, count), "{count} files");
        }
    }
}
