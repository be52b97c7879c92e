//! A findings-cache entry that is not what this build wrote (a damaged or tampered cache
//! whose checksum still matches): restoring it must give a report or a miss, and whatever
//! it gives must render. The first byte picks the report the entry is restored against.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

use gilint::ruleset::RuleSet;

mod render_all;

static RULES: LazyLock<RuleSet> = LazyLock::new(|| RuleSet::builtin().expect("built-in rules"));

const REPORTS: [(&str, &[u8]); 3] = [
    (
        "r.txt",
        "某某局2023年政府信息公开工作年度报告\n一、总体情况\n本机关……\n".as_bytes(),
    ),
    ("r.docx", b"not a zip"),
    ("r.txt", b"\xff\xfe\x00N\x01N"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, entry)) = data.split_first() else {
        return;
    };
    let (name, bytes) = REPORTS[usize::from(pick) % REPORTS.len()];
    if let Some(hit) = gilint::cache::restore(name, bytes, entry) {
        render_all::every_format(name, Ok(hit), &RULES);
    }
});
