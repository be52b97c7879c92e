//! A report read from standard input (`-`), as an editor or a script pipes one in: the
//! same findings as from its file, under the name `--stdin-filename` gives it (its config,
//! its per-file-ignores, its diff), and misuse told with exit 2.

mod common;

use predicates::prelude::*;
use predicates::str::contains;

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture")
}

const REPORT: &str = "rules/prose-carried-over-mismatch/fail.txt";

#[test]
fn a_report_piped_in_is_checked_as_its_file_is() {
    let from_file = common::gilint()
        .args(["--no-cache", "--format", "json"])
        .arg(format!("tests/fixtures/{REPORT}"))
        .output()
        .expect("runs");
    for args in [
        &["--no-cache", "--format", "json", "-"][..],
        &["check", "--no-cache", "--format", "json", "-"],
        &[
            "--stdin-filename",
            "piped.txt",
            "--no-cache",
            "--format",
            "json",
        ],
        // Through the findings cache, twice (the second answered from it).
        &["--format", "json", "-"],
        &["--format", "json", "-"],
    ] {
        let from_stdin = common::gilint()
            .args(args)
            .write_stdin(fixture(REPORT))
            .output()
            .expect("runs");
        assert_eq!(
            from_stdin.status.code(),
            from_file.status.code(),
            "{args:?}"
        );
        let findings = |out: &[u8]| -> Vec<(String, String)> {
            let json: serde_json::Value = serde_json::from_slice(out).expect("json");
            json["files"][0]["diagnostics"]
                .as_array()
                .expect("diagnostics")
                .iter()
                .map(|d| (d["rule"].to_string(), d["message"].to_string()))
                .collect()
        };
        let stdin_findings = findings(&from_stdin.stdout);
        assert!(stdin_findings.len() > 1, "{args:?}: {stdin_findings:?}");
        assert_eq!(stdin_findings, findings(&from_file.stdout), "{args:?}");
        let json: serde_json::Value = serde_json::from_slice(&from_stdin.stdout).expect("json");
        let name = if args.contains(&"piped.txt") {
            "piped.txt"
        } else {
            "-"
        };
        assert_eq!(json["files"][0]["path"], name, "{args:?}");
    }
}

#[test]
fn the_name_given_standard_input_is_shown_and_its_diff_applies_to_that_file() {
    common::gilint()
        .args([
            "--format",
            "concise",
            "--stdin-filename",
            "reports/2023.txt",
            "-",
        ])
        .write_stdin(fixture(REPORT))
        .assert()
        .stdout(contains(
            "reports/2023.txt:15:36: warning[prose-carried-over-mismatch]",
        ));
    common::gilint()
        .args(["--diff", "--stdin-filename", "reports/2023.txt"])
        .write_stdin(fixture(REPORT))
        .assert()
        .code(1)
        .stdout(
            contains("--- reports/2023.txt\n+++ reports/2023.txt\n")
                .and(contains("上年结转政府信息公开申请2件")),
        );
}

#[test]
fn a_word_document_piped_in_is_read_by_its_content() {
    common::gilint()
        .args(["--format", "concise", "-"])
        .write_stdin(fixture("formats/unbalanced-t3.docx"))
        .assert()
        .code(1)
        .stdout(contains("-:").and(contains("error[applications-unbalanced]")));
}

#[test]
fn standard_input_takes_the_config_and_per_file_ignores_of_the_name_it_is_given() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("reports")).expect("mkdir");
    std::fs::write(
        dir.path().join("reports/gilint.toml"),
        "[per-file-ignores]\n\"2023*.txt\" = [\"prose-carried-over-mismatch\"]\n",
    )
    .expect("write");
    let run = |name: &str| {
        let out = common::gilint()
            .current_dir(dir.path())
            .args(["--format", "concise", "--stdin-filename", name, "-"])
            .write_stdin(fixture(REPORT))
            .output()
            .expect("runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(!run("reports/2023.txt").contains("prose-carried-over-mismatch"));
    // Elsewhere (or without a name: the working directory's config, none here) it runs.
    assert!(run("other/2023.txt").contains("prose-carried-over-mismatch"));
}

#[test]
fn dump_and_extract_read_standard_input() {
    common::gilint()
        .args(["dump", "-"])
        .write_stdin(fixture(REPORT))
        .assert()
        .code(0)
        .stdout(contains("file:     - (UTF-8)").and(contains("agency:   青山市河西区司法局")));
    common::gilint()
        .args(["extract", "--stdin-filename", "a.txt"])
        .write_stdin(fixture(REPORT))
        .assert()
        .code(0)
        .stdout(contains("\na.txt,青山市河西区司法局,2023,t2,"));
}

#[test]
fn misusing_standard_input_is_told_with_exit_two() {
    common::gilint()
        .args(["-", "-"])
        .write_stdin(fixture(REPORT))
        .assert()
        .code(2)
        .stderr(contains("standard input (`-`) can be read only once"));
    common::gilint()
        .args(["--stdin-filename", "a.txt"])
        .arg(format!("tests/fixtures/{REPORT}"))
        .assert()
        .code(2)
        .stderr(contains("add `-` to the paths"));
    common::gilint()
        .arg("-")
        .write_stdin(Vec::new())
        .assert()
        .code(2)
        .stderr(contains("error: -: the file is empty"));
    common::gilint()
        .args(["--max-file-size", "100", "-"])
        .write_stdin(fixture(REPORT))
        .assert()
        .code(2)
        .stderr(contains(
            "standard input is larger than the limit of 100 bytes",
        ));
}
