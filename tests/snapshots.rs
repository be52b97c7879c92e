//! Snapshots of the rendered human output: every rule's failing fixture and every seed.
//! Reviewing a snapshot diff is reviewing what users will read.

use gilint::render::{self, FileResult};
use gilint::ruleset::RuleSet;

fn human(path: &std::path::Path, name: &str) -> String {
    let rules = RuleSet::builtin().expect("rules load");
    let bytes = std::fs::read(path).expect("fixture");
    // Year-over-year rules' fixtures come with last year's report.
    let previous_path = path.with_file_name("previous.txt");
    let (outcome, previous) = if previous_path.exists() {
        let previous_bytes = std::fs::read(&previous_path).expect("previous.txt");
        let previous_name = name.replace("fail.txt", "previous.txt");
        match gilint::check_pair(
            &rules,
            (name, &bytes),
            (&previous_name, &previous_bytes),
            &gilint::Overrides::default(),
        ) {
            Ok(pair) => (Ok((pair.source, pair.findings)), Some(pair.previous)),
            Err(e) => (Err(e.to_string()), None),
        }
    } else {
        let outcome = gilint::check_bytes(&rules, name, &bytes).map_err(|e| e.to_string());
        (outcome, None)
    };
    render::human::render(
        &[FileResult {
            path: name.into(),
            outcome,
            previous,
        }],
        false,
        true,
    )
}

#[test]
fn rule_fixtures() {
    insta::glob!("fixtures/rules/*/fail.txt", |path| {
        let rule = path
            .parent()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        insta::assert_snapshot!(human(path, &format!("{rule}/fail.txt")));
    });
}

#[test]
fn seeds() {
    insta::glob!("fixtures/seeds/*.txt", |path| {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        insta::assert_snapshot!(human(path, &name));
    });
}

/// Carets must sit under the right characters when a line mixes CJK text and tabs.
#[test]
fn carets_align_under_cjk_and_tabs() {
    let text = "一、本年新收政府信息公开申请数量\t\t3\t1\t0\t0\t0\t0\t5\n";
    let rules = RuleSet::builtin().expect("rules load");
    let (source, report) = gilint::read_report("t.txt", text.as_bytes()).expect("decodes");
    let findings: Vec<_> = gilint::engine::check(&rules, &source, &report)
        .into_iter()
        .filter(|f| f.rule == "applicant-total-mismatch")
        .collect();
    let out = render::human::render(
        &[FileResult {
            path: "t.txt".into(),
            outcome: Ok((source, findings)),
            previous: None,
        }],
        false,
        false,
    );
    insta::assert_snapshot!(out);
}
