//! rules/INDEX.md and rules/builtin.snapshot are generated from the rule files; these
//! tests fail when they are stale. Regenerate with
//! `UPDATE_RULE_INDEX=1 cargo test --test rule_index`.

use gilint::ruleset::RuleSet;

fn index() -> String {
    let rules = RuleSet::builtin().expect("rules load");
    let mut out = String::from(
        "# Rules\n\nGenerated from the rule files by `UPDATE_RULE_INDEX=1 cargo test --test rule_index`; do not edit.\n`gilint explain ID` prints a rule's documentation and examples.\n\n| id | category | severity | profiles | title |\n|---|---|---|---|---|\n",
    );
    for r in rules.rules() {
        let profiles: Vec<&str> = r.profiles.iter().map(|p| p.as_str()).collect();
        out.push_str(&format!(
            "| [`{}`]({}) | {} | {} | {} | {} |\n",
            r.id,
            r.origin.trim_start_matches("rules/"),
            r.category.as_str(),
            r.severity.as_str(),
            profiles.join(", "),
            r.title
        ));
    }
    out
}

#[test]
fn rule_index_is_up_to_date() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/rules/INDEX.md");
    let expected = index();
    if std::env::var_os("UPDATE_RULE_INDEX").is_some() {
        std::fs::write(path, &expected).expect("write index");
    }
    let actual = std::fs::read_to_string(path).unwrap_or_default();
    assert_eq!(
        actual, expected,
        "rules/INDEX.md is stale: run UPDATE_RULE_INDEX=1 cargo test --test rule_index"
    );
}

/// The built-in rule set as loaded, embedded in the build so that a run does not parse
/// the rule files (TOML, regex syntax). A build whose rule files, loader or types differ
/// from the snapshot's parses the files instead (correct, ~2 ms slower a run).
#[test]
fn builtin_snapshot_is_up_to_date() {
    let expected = RuleSet::builtin_from_files()
        .expect("rules load")
        .builtin_snapshot()
        .expect("the rules serialize");
    if !is_current("builtin.snapshot", &expected) {
        return;
    }
    // The build under test embeds it.
    assert!(
        RuleSet::builtin_embedded().is_some(),
        "this build parses its rule files: rebuild after UPDATE_RULE_INDEX=1 cargo test --test rule_index"
    );
}

/// The parser's own patterns compiled ahead (src/tiered/kept.rs), embedded in the build
/// so that a run does not parse or compile them. A pattern changed since the snapshot
/// was made is compiled instead (correct, slower).
#[test]
fn parser_snapshot_is_up_to_date() {
    let sources = gilint::parse::builtin_pattern_sources();
    let expected = gilint::tiered::kept_snapshot(&sources).expect("the patterns compile");
    if !is_current("parser.snapshot", &expected) {
        return;
    }
    // The build under test embeds it.
    for source in &sources {
        assert!(
            gilint::tiered::is_kept(source),
            "this build compiles {source}: rebuild after UPDATE_RULE_INDEX=1 cargo test --test rule_index"
        );
    }
}

/// Whether rules/`name` is what this build makes (`expected`), asserting it is; with
/// UPDATE_RULE_INDEX it is written first, and `false` says it was stale: this build
/// embeds the stale one, the next build takes the new one.
fn is_current(name: &str, expected: &[u8]) -> bool {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("rules")
        .join(name);
    if std::env::var_os("UPDATE_RULE_INDEX").is_some() {
        let stale = std::fs::read(&path).unwrap_or_default() != expected;
        std::fs::write(&path, expected).expect("write snapshot");
        if stale {
            return false;
        }
    }
    let actual = std::fs::read(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "rules/{name} is stale: run UPDATE_RULE_INDEX=1 cargo test --test rule_index"
    );
    true
}
