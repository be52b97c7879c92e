//! Inputs the fuzzers found (tests/fixtures/fuzz/<target>/), replayed with the fuzz
//! targets' invariants so that a fixed crash stays fixed.

use std::path::Path;

use gilint::render::{self, FileResult};
use gilint::ruleset::RuleSet;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| {
            (
                e.file_name().to_string_lossy().to_string(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn decode_regressions() {
    for (name, data) in inputs("decode") {
        if let Ok(source) = gilint::source::SourceFile::decode("fuzz.txt", &data) {
            let len = source.text.len();
            for offset in [0, len / 3, len / 2, len.saturating_sub(1), len, len + 5] {
                assert!(
                    source.original_offset(offset) <= data.len(),
                    "{name}: offset {offset}"
                );
            }
        }
    }
}

#[test]
fn pipeline_regressions() {
    let rules = RuleSet::builtin().expect("rules");
    for target in ["decode", "sections", "tables", "pipeline"] {
        for (_, data) in inputs(target) {
            let outcome = gilint::check_bytes(&rules, "fuzz.txt", &data).map_err(|e| e.to_string());
            let results = [FileResult {
                path: "fuzz.txt".into(),
                outcome,
                previous: None,
            }];
            let _ = render::human::render(&results, true, true);
            let _ = render::json::render(&results);
            let _ = render::sarif::render(&results, &rules);
            let _ = render::rdjson::render(&results);
        }
    }
}

#[test]
fn rule_file_regressions() {
    for (name, data) in inputs("rule_file") {
        let text = String::from_utf8_lossy(&data).into_owned();
        let _ = RuleSet::from_sources(&[(name, text)]);
    }
}
