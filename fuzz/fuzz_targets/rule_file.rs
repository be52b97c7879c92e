//! Loading an arbitrary rule file: an error with a span, or a rule that runs.
#![no_main]
use libfuzzer_sys::fuzz_target;

const REPORT: &str = include_str!("../../examples/report-2023.txt");

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    match gilint::ruleset::RuleSet::from_sources(&[("fuzz.toml".to_string(), text)]) {
        Ok(rules) => {
            let _ = gilint::check_bytes(&rules, "report.txt", REPORT.as_bytes());
        }
        Err(errors) => {
            for e in errors {
                let _ = format!("{:?}", miette::Report::new(e));
            }
        }
    }
});
