//! Parsing an arbitrary gilint.toml, validating it and applying it.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::LazyLock;

static RULES: LazyLock<gilint::ruleset::RuleSet> = LazyLock::new(|| gilint::ruleset::RuleSet::builtin().expect("rules"));

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match gilint::config::Config::parse(Path::new("dir/gilint.toml"), &text) {
        Ok(config) => {
            if config.validate(&RULES).is_ok() {
                let mut rules = RULES.clone();
                config.apply(&mut rules);
                let mut findings = Vec::new();
                config.filter_for_file(Path::new("dir/a/report.txt"), &mut findings);
            }
        }
        Err(e) => {
            let _ = format!("{:?}", miette::Report::new(*e));
        }
    }
});
