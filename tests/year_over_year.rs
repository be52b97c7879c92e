//! Checks across two years of one agency's reports: `--previous FILE` and `--pair-years`.
//! Fixtures: tests/fixtures/pairs (made by its make.py from examples/report-2023.txt).

mod common;

use common::gilint;

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

const PAIRS: &str = "tests/fixtures/pairs";

fn pair(current: &str) -> Command {
    let mut cmd = gilint();
    cmd.arg(format!("{PAIRS}/{current}"))
        .args(["--previous", &format!("{PAIRS}/2022.txt")]);
    cmd
}

#[test]
fn a_matching_pair_has_no_findings() {
    pair("2023.txt")
        .assert()
        .code(0)
        .stdout(contains("gilint: 0 errors, 0 warnings in 1 file"));
}

#[test]
fn an_unbalanced_carry_over_is_shown_in_both_files() {
    pair("2023-carry-over-mismatch.txt")
        .args(["--select", "carry-over-mismatch"])
        .assert()
        .code(1)
        .stdout(contains("error[carry-over-mismatch]"))
        .stdout(contains(
            "--> tests/fixtures/pairs/2023-carry-over-mismatch.txt:52:",
        ))
        .stdout(contains("--> tests/fixtures/pairs/2022.txt:75:"))
        .stdout(contains("上年表三 四、结转下年度继续办理 / 总计 = 2"));
}

#[test]
fn each_year_over_year_rule_fires_on_its_variant_only() {
    for rule in [
        "carry-over-mismatch",
        "in-force-discontinuous",
        "section-copied",
        "year-not-updated",
        "problems-not-followed-up",
    ] {
        pair(&format!("2023-{rule}.txt"))
            .args(["--format", "concise"])
            .assert()
            .stdout(contains(format!("[{rule}]")));
        pair("2023.txt")
            .args(["--format", "concise"])
            .assert()
            .stdout(contains(format!("[{rule}]")).not());
    }
}

#[test]
fn without_last_years_report_the_pair_rules_do_not_run() {
    gilint()
        .args([
            "--format",
            "concise",
            &format!("{PAIRS}/2023-carry-over-mismatch.txt"),
        ])
        .assert()
        .stdout(contains("[carry-over-mismatch]").not())
        .stdout(contains("[applications-unbalanced]"));
}

#[test]
fn json_and_sarif_point_into_last_years_file() {
    let out = pair("2023-carry-over-mismatch.txt")
        .args(["--format", "json", "--select", "carry-over-mismatch"])
        .output()
        .expect("runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let labels = json["files"][0]["diagnostics"][0]["labels"]
        .as_array()
        .expect("labels");
    assert!(labels
        .iter()
        .any(|l| l["path"] == "tests/fixtures/pairs/2022.txt" && l["line"] == 75));
    assert!(labels.iter().any(|l| l["primary"] == true
        && l["path"] == "tests/fixtures/pairs/2023-carry-over-mismatch.txt"));

    let out = pair("2023-carry-over-mismatch.txt")
        .args(["--format", "sarif"])
        .output()
        .expect("runs");
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).expect("sarif");
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("schemas/sarif-schema-2.1.0.json")).expect("schema");
    let validator = jsonschema::validator_for(&schema).expect("valid schema");
    assert!(
        validator.is_valid(&sarif),
        "SARIF with two artifacts validates"
    );
    let artifacts = sarif["runs"][0]["artifacts"].as_array().expect("artifacts");
    assert!(artifacts
        .iter()
        .any(|a| a["location"]["uri"] == "tests/fixtures/pairs/2022.txt"));

    pair("2023-carry-over-mismatch.txt")
        .args(["--format", "github", "--select", "carry-over-mismatch"])
        .assert()
        .stdout(contains("tests/fixtures/pairs/2022.txt:75:"));
}

#[test]
fn copied_prose_is_shown_as_a_diff() {
    pair("2023-section-copied.txt")
        .args(["--select", "section-copied"])
        .assert()
        .code(0)
        .stdout(contains("warning[section-copied]"))
        .stdout(contains("100% 相同"))
        .stdout(contains("help:   二是政务新媒体发布内容较少"));
}

/// `gilint --pair-years` over a directory, findings one per line.
fn pair_years_in(dir: &std::path::Path) -> assert_cmd::assert::Assert {
    gilint()
        .args(["--format", "concise", "--pair-years"])
        .arg(dir)
        .assert()
}

#[test]
fn pair_years_pairs_an_agencys_consecutive_years_in_a_directory() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(format!("{PAIRS}/2022.txt"), dir.path().join("a.txt")).expect("copy");
    std::fs::copy(
        format!("{PAIRS}/2023-carry-over-mismatch.txt"),
        dir.path().join("b.txt"),
    )
    .expect("copy");
    pair_years_in(dir.path())
        .code(1)
        .stdout(contains("b.txt:52:19: error[carry-over-mismatch]"));
    // Without pairing, the same directory has no year-over-year finding.
    gilint()
        .args(["--format", "concise"])
        .arg(dir.path())
        .assert()
        .stdout(contains("[carry-over-mismatch]").not());
}

/// A web page's title often leaves the agency to the site's banner
/// (`2023年政府信息公开工作年度报告`): such reports are paired by the agency signing them
/// off, and last year's report signed by another agency is not paired.
#[test]
fn pair_years_pairs_reports_whose_titles_lack_the_agency_by_their_signatures() {
    let dir = tempfile::tempdir().expect("temp dir");
    let without_agency = |from: &str, to: &str, signed_by: &str| {
        let text = std::fs::read_to_string(format!("{PAIRS}/{from}")).expect("read");
        let text = text
            .replacen("青山市河西区司法局20", "20", 1)
            .replace("\n青山市河西区司法局\n", &format!("\n{signed_by}\n"));
        assert!(text.starts_with("20"), "{from}: the title names no agency");
        std::fs::write(dir.path().join(to), text).expect("write");
    };
    without_agency("2022.txt", "a.txt", "青山市河西区司法局");
    without_agency(
        "2023-carry-over-mismatch.txt",
        "b.txt",
        "青山市河西区司法局",
    );
    pair_years_in(dir.path())
        .code(1)
        .stdout(contains("b.txt:52:19: error[carry-over-mismatch]"));
    // Last year's report signed by another body is not this agency's.
    without_agency("2022.txt", "a.txt", "青山市河西区民政局");
    pair_years_in(dir.path()).stdout(contains("[carry-over-mismatch]").not());
}

#[test]
fn bad_uses_of_previous_exit_2() {
    gilint()
        .args([
            &format!("{PAIRS}/2023.txt"),
            &format!("{PAIRS}/2022.txt"),
            "--previous",
            &format!("{PAIRS}/2022.txt"),
        ])
        .assert()
        .code(2)
        .stderr(contains("--previous compares one report"));
    gilint()
        .args([
            &format!("{PAIRS}/2023.txt"),
            "--previous",
            "tests/fixtures/pairs/missing.txt",
        ])
        .assert()
        .code(2)
        .stderr(contains(
            "last year's report tests/fixtures/pairs/missing.txt",
        ));
}
