//! Web pages and Word documents: arbitrary bytes read as HTML and as .docx, then the whole
//! pipeline; every finding's span must lie inside what gilint shows.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static RULES: LazyLock<gilint::ruleset::RuleSet> =
    LazyLock::new(|| gilint::ruleset::RuleSet::builtin().expect("built-in rules"));

fuzz_target!(|data: &[u8]| {
    for name in ["fuzz.html", "fuzz.docx"] {
        if let Ok((source, findings)) = gilint::check_bytes(&RULES, name, data) {
            for label in findings.iter().flat_map(|f| f.labels.iter()) {
                assert!(label.span.start <= label.span.end);
                assert!(label.span.end <= source.text.len());
            }
        }
    }
});
