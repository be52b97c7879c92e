//! SARIF 2.1.0, as GitHub code scanning accepts it. Columns are Unicode code points
//! (`columnKind: unicodeCodePoints`), which is what gilint's columns count.

use serde_json::{json, Value};

use super::{ArrayText, FileResult};
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

/// The SARIF log, built a file at a time: each checked file is added as soon as its batch
/// is done, and its source can then be dropped.
pub struct SarifLog<'r> {
    rules: &'r RuleSet,
    /// How many artifacts have been added (results refer to them by index).
    artifact_count: usize,
    artifacts: ArrayText,
    results: ArrayText,
}

impl<'r> SarifLog<'r> {
    pub fn new(rules: &'r RuleSet) -> Self {
        Self {
            rules,
            artifact_count: 0,
            artifacts: ArrayText::new("artifacts", 4),
            results: ArrayText::new("results", 4),
        }
    }

    pub fn add(&mut self, result: &FileResult) {
        let Ok((source, findings)) = &result.outcome else {
            return;
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
            let primary = f.labels.iter().find(|l| l.primary).or(f.labels.first());
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
            self.results.push(&entry);
        }
    }

    /// The document, in pieces to write in order (see [`super::splice`]).
    pub fn finish(self) -> Vec<String> {
        let descriptors: Vec<Value> = self
            .rules
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
        let log = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": { "driver": {
                    "name": "gilint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": INFORMATION_URI,
                    "rules": descriptors,
                }},
                "columnKind": "unicodeCodePoints",
                "artifacts": [],
                "results": [],
            }],
        });
        let skeleton = serde_json::to_string_pretty(&log).unwrap_or_default();
        super::splice(&skeleton, vec![self.artifacts, self.results])
    }
}

pub fn render(results: &[FileResult], rules: &RuleSet) -> String {
    let mut log = SarifLog::new(rules);
    for r in results {
        log.add(r);
    }
    log.finish().concat()
}
