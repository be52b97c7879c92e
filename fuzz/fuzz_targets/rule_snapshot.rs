//! A kept rule set whose body is not what this build wrote but whose header and checksum
//! are right (a tampered cache): reading it must give a rule set or a miss, and a rule set
//! it gives must check a report without panicking.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

use gilint::ruleset::RuleSet;

/// The snapshot header this build writes: version, build id's length, build id.
static HEADER: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let snapshot = RuleSet::builtin()
        .expect("built-in rules")
        .snapshot()
        .expect("a snapshot");
    snapshot[..2 + usize::from(snapshot[1])].to_vec()
});

const REPORT: &[u8] = include_bytes!("../../examples/report-2023.txt");

fuzz_target!(|body: &[u8]| {
    let mut bytes = HEADER.clone();
    bytes.extend_from_slice(&xxhash_rust::xxh3::xxh3_64(body).to_le_bytes());
    bytes.extend_from_slice(body);
    if let Some(rules) = RuleSet::from_snapshot(&bytes) {
        let _ = gilint::check_bytes(&rules, "r.txt", REPORT);
    }
});
