//! The whole pipeline on arbitrary bytes: decode, parse, check, and every renderer.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

use gilint::render;
use gilint::ruleset::RuleSet;

mod render_all;

static RULES: LazyLock<RuleSet> = LazyLock::new(|| RuleSet::builtin().expect("built-in rules"));

fuzz_target!(|data: &[u8]| {
    let outcome = gilint::check_bytes(&RULES, "fuzz.txt", data).map_err(|e| e.to_string());
    render_all::every_format("fuzz.txt", outcome, &RULES);
    if let Ok((source, report)) = gilint::read_report("fuzz.txt", data) {
        let _ = render::dump::dump_text(&source, &report);
        let _ = serde_json::to_string(&render::dump::dump_json(&source, &report));
    }
});
