//! Inputs the fuzzers found (tests/fixtures/fuzz/<target>/), replayed with the fuzz
//! targets' invariants so that a fixed crash stays fixed.

use std::path::Path;

use gilint::ruleset::RuleSet;

// The fuzz targets' own rendering of a report in every format, shared with them.
#[path = "../fuzz/fuzz_targets/render_all.rs"]
mod render_all;

// The tables target's invariant, shared with it.
#[path = "../fuzz/fuzz_targets/cell_spans.rs"]
mod cell_spans;

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

/// The tables target's invariant (cell_spans.rs). blank-cell-span: the first input with
/// blank cells the fuzzer made, when the invariant did not know them yet.
#[test]
fn tables_regressions() {
    let inputs = inputs("tables");
    assert!(!inputs.is_empty(), "tests/fixtures/fuzz/tables has inputs");
    let mut blanks = 0;
    for (name, data) in inputs {
        let text = String::from_utf8_lossy(&data).into_owned();
        let source = gilint::source::SourceFile::from_text("fuzz.txt", text);
        let (tables, _) = gilint::parse::find_tables(&source);
        blanks += cell_spans::check(&name, &source, &tables);
    }
    assert!(blanks > 0, "the inputs have blank cells");
}

#[test]
fn pipeline_regressions() {
    let rules = RuleSet::builtin().expect("rules");
    for target in ["decode", "sections", "tables", "pipeline"] {
        for (_, data) in inputs(target) {
            let outcome = gilint::check_bytes(&rules, "fuzz.txt", &data).map_err(|e| e.to_string());
            render_all::every_format("fuzz.txt", outcome, &rules);
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

/// The reports the `cache_entry` target restores entries against (the first byte picks).
const CACHED_REPORTS: [(&str, &[u8]); 3] = [
    (
        "r.txt",
        "某某局2023年政府信息公开工作年度报告\n一、总体情况\n本机关……\n".as_bytes(),
    ),
    ("r.docx", b"not a zip"),
    ("r.txt", b"\xff\xfe\x00N\x01N"),
];

#[test]
fn cache_entry_regressions() {
    let rules = RuleSet::builtin().expect("rules");
    let found = inputs("cache_entry");
    assert!(!found.is_empty(), "the fixtures are there");
    for (_, data) in found {
        let Some((&pick, entry)) = data.split_first() else {
            continue;
        };
        let (name, bytes) = CACHED_REPORTS[usize::from(pick) % CACHED_REPORTS.len()];
        if let Some(hit) = gilint::cache::restore(name, bytes, entry) {
            render_all::every_format(name, Ok(hit), &rules);
        }
    }
}

#[test]
fn rule_snapshot_regressions() {
    let snapshot = RuleSet::builtin()
        .expect("rules")
        .snapshot()
        .expect("a snapshot");
    // Version, the build id's length, the build id: then the checksum of the fuzzed body.
    let header = &snapshot[..2 + usize::from(snapshot[1])];
    let report =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/report-2023.txt"))
            .expect("the example report");
    let found = inputs("rule_snapshot");
    assert!(!found.is_empty(), "the fixtures are there");
    for (_, body) in found {
        let mut bytes = header.to_vec();
        bytes.extend_from_slice(&xxhash_rust::xxh3::xxh3_64(&body).to_le_bytes());
        bytes.extend_from_slice(&body);
        if let Some(rules) = RuleSet::from_snapshot(&bytes) {
            let _ = gilint::check_bytes(&rules, "r.txt", &report);
        }
    }
}
