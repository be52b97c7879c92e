//! The whole pipeline on arbitrary bytes: decode, parse, check, and every renderer.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

use gilint::render::{self, FileResult};
use gilint::ruleset::RuleSet;

static RULES: LazyLock<RuleSet> = LazyLock::new(|| RuleSet::builtin().expect("built-in rules"));

fuzz_target!(|data: &[u8]| {
    let outcome = gilint::check_bytes(&RULES, "fuzz.txt", data).map_err(|e| e.to_string());
    let results = [FileResult { path: "fuzz.txt".into(), outcome, previous: None }];
    let _ = render::human::render(&results, true, true);
    let _ = render::concise::render(&results);
    let _ = render::json::render(&results);
    let _ = render::sarif::render(&results, &RULES);
    let _ = render::github::render(&results);
    let _ = render::rdjson::render(&results);
    let _ = render::statistics(&results);
    if let Ok((source, report)) = gilint::read_report("fuzz.txt", data) {
        let _ = render::dump::dump_text(&source, &report);
        let _ = serde_json::to_string(&render::dump::dump_json(&source, &report));
    }
});
