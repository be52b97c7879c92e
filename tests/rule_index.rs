//! rules/INDEX.md is generated from the rule files; this test fails when it is stale.
//! Regenerate with `UPDATE_RULE_INDEX=1 cargo test --test rule_index`.

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
