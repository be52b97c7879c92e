//! SARIF 2.1.0, as GitHub code scanning accepts it. Columns are Unicode code points
//! (`columnKind: unicodeCodePoints`), which is what gilint's columns count.

use serde_json::{json, Value};

use serde::Serialize;

use super::{ArrayText, FileResult, StreamedArray};
use crate::diagnostic::Severity;
use crate::document::SpanJson;
use crate::ruleset::RuleSet;

const INFORMATION_URI: &str = "https://github.com/gilint/gilint";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A path as a relative URI reference: forward slashes, no leading `./`.
pub fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    path.strip_prefix("./").unwrap_or(&path).to_string()
}

fn region(span: &SpanJson) -> Value {
    json!({
        "startLine": span.line,
        "startColumn": span.column,
        "endLine": span.end_line,
        "endColumn": span.end_column,
        "byteOffset": span.byte_start,
        "byteLength": span.byte_end - span.byte_start,
    })
}

/// The SARIF log, written a file at a time: each checked file's results as soon as its
/// batch is done (its source then dropped), and the list of files, which results refer
/// to by index, at the end. Results come before the files in the document for this: a
/// run over 10,000 reports kept every result as text until the end (50 MiB, growing
/// with the corpus); the files' entries are a line each.
pub struct SarifLog<'r> {
    rules: &'r RuleSet,
    /// The log with no file and no result (see [`super::splice`]).
    skeleton: String,
    /// How many artifacts have been added (results refer to them by index).
    artifact_count: usize,
    artifacts: ArrayText,
    results: StreamedArray,
}

/// The log's layout, in the order it is printed (a `json!` map would sort its keys and
/// put the artifacts first).
#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Value,
    column_kind: &'static str,
    results: [Value; 0],
    artifacts: [Value; 0],
}

impl<'r> SarifLog<'r> {
    pub fn new(rules: &'r RuleSet) -> Self {
        Self {
            rules,
            skeleton: skeleton(rules),
            artifact_count: 0,
            artifacts: ArrayText::new("artifacts", 4),
            results: StreamedArray::new("results", 4),
        }
    }

    /// The log up to its first result.
    pub fn start(&self) -> String {
        self.results.head(&self.skeleton)
    }

    /// One file's results (its entry in the list of files is kept for the end).
    pub fn add(&mut self, result: &FileResult) -> String {
        let Ok((source, findings)) = &result.outcome else {
            return String::new();
        };
        let artifact_index = self.artifact_count;
        self.artifacts.push(&json!({
            "location": { "uri": uri(&result.path) },
            "encoding": source.encoding.name(),
        }));
        self.artifact_count += 1;
        // Last year's report, when year-over-year labels point into it.
        let previous_index = result.previous.as_ref().map(|p| {
            self.artifacts.push(&json!({
                "location": { "uri": uri(&p.name) },
                "encoding": p.encoding.name(),
            }));
            self.artifact_count += 1;
            self.artifact_count - 1
        });
        let mut out = String::new();
        for f in findings {
            let location = |label: &crate::diagnostic::Label| {
                let (path, file) = result
                    .file_of(source, label)
                    .unwrap_or((&result.path, source));
                let index = if label.previous {
                    previous_index.unwrap_or(artifact_index)
                } else {
                    artifact_index
                };
                let mut loc = json!({
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(path), "index": index },
                        "region": region(&SpanJson::new(file, label.span)),
                    }
                });
                // A Word document's lines are gilint's rendering: name the place in Word terms.
                if let Some(place) = &label.place {
                    loc["logicalLocations"] = json!([{ "name": place, "kind": "element" }]);
                }
                loc
            };
            let primary = f.primary_label();
            let mut text = f.message.clone();
            if let Some(help) = &f.help {
                text.push('\n');
                text.push_str(help);
            }
            let mut entry = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": { "text": text },
                "locations": primary.map(|l| vec![location(l)]).unwrap_or_default(),
                "relatedLocations": f.labels.iter().filter(|l| !l.primary && result.file_of(source, l).is_some()).enumerate().map(|(i, l)| {
                    let mut loc = location(l);
                    loc["id"] = json!(i + 1);
                    loc["message"] = json!({ "text": l.message });
                    loc
                }).collect::<Vec<_>>(),
                "properties": { "category": f.category.as_str(), "notAssessable": f.not_assessable, "notes": f.notes },
            });
            if let Some(index) = self.rules.rules().iter().position(|r| r.id == f.rule) {
                entry["ruleIndex"] = json!(index);
            }
            if let Some(fix) = &f.fix {
                let replacements: Vec<Value> = fix
                    .edits
                    .iter()
                    .map(|e| {
                        json!({
                            "deletedRegion": region(&SpanJson::new(source, e.span)),
                            "insertedContent": { "text": e.content },
                        })
                    })
                    .collect();
                entry["fixes"] = json!([{
                    "description": { "text": fix.message },
                    "artifactChanges": [{
                        "artifactLocation": { "uri": uri(&result.path), "index": artifact_index },
                        "replacements": replacements,
                    }],
                }]);
            }
            out.push_str(&self.results.item(&entry));
        }
        out
    }

    /// The rest of the log after the last result, in pieces to write in order.
    pub fn finish(self) -> Vec<String> {
        super::splice(&self.results.tail(&self.skeleton), vec![self.artifacts])
    }
}

/// The log with every rule described and no file or result.
fn skeleton(rules: &RuleSet) -> String {
    let descriptors: Vec<Value> = rules
        .rules()
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.id,
                "shortDescription": { "text": r.title },
                "fullDescription": { "text": r.docs.trim() },
                "help": { "text": r.help.trim() },
                "defaultConfiguration": { "level": level(r.severity) },
                "properties": { "category": r.category.as_str(), "tags": [r.category.as_str()] },
            })
        })
        .collect();
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: json!({ "driver": {
                "name": "gilint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": INFORMATION_URI,
                "rules": descriptors,
            }}),
            column_kind: "unicodeCodePoints",
            results: [],
            artifacts: [],
        }],
    };
    serde_json::to_string_pretty(&log).unwrap_or_default()
}

pub fn render(results: &[FileResult], rules: &RuleSet) -> String {
    let mut log = SarifLog::new(rules);
    let mut out = log.start();
    for r in results {
        out.push_str(&log.add(r));
    }
    out + &log.finish().concat()
}
