//! Suggested fixes end to end: `--diff` prints a patch that `patch` applies and that
//! leaves the report without the findings it fixed; the machine formats carry the same
//! edits; a Word document gets the fix in words; reports are never written.

mod common;

use common::gilint;
use predicates::prelude::*;
use predicates::str::contains;

const TYPED_WRONG: &str = "tests/fixtures/fixes/total-typed-wrong.txt";

fn stdout(args: &[&str]) -> (Option<i32>, String, String) {
    let out = gilint().args(args).output().expect("runs");
    (
        out.status.code(),
        String::from_utf8(out.stdout).expect("utf-8"),
        String::from_utf8(out.stderr).expect("utf-8"),
    )
}

/// The diff sets the total back and the sentence that restated it; `--diff` exits 1
/// (there is a fix) and says on stderr what it showed.
#[test]
fn diff_sets_a_total_typed_wrong_back_with_the_sentence_that_restated_it() {
    let (code, diff, said) = stdout(&["--diff", "--no-cache", TYPED_WRONG]);
    assert_eq!(code, Some(1), "{said}");
    insta::assert_snapshot!(diff);
    assert!(
        said.contains("gilint: 3 fixes in 1 file shown as a diff"),
        "{said}"
    );
    assert!(said.contains("Review each change"), "{said}");
}

/// The patch applies with `patch -p0` (where installed) and the fixed report has no
/// error left; the original file is untouched by gilint. Whatever the report's encoding
/// `patch` can read: a diff written to a pipe or a file has a GB18030 report's lines in
/// GB18030, and a UTF-8 report's byte-order mark on its first line.
#[test]
fn the_diff_applies_and_the_fixed_report_is_clean() {
    let text = std::fs::read_to_string(format!("{}/{TYPED_WRONG}", env!("CARGO_MANIFEST_DIR")))
        .expect("fixture");
    let (gb18030, _, _) = encoding_rs::GB18030.encode(&text);
    // The report's top lines but its title, 一、 and （二） taken out, so that the first
    // hunk begins on the first line (with the byte-order mark).
    let top: String = text
        .split_inclusive('\n')
        .enumerate()
        .filter(|(i, _)| ![2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 14].contains(&(i + 1)))
        .map(|(_, line)| line)
        .collect();
    for (what, before) in [
        ("UTF-8", text.as_bytes().to_vec()),
        ("GB18030", gb18030.into_owned()),
        ("UTF-8 with a BOM", format!("\u{feff}{text}").into_bytes()),
        ("CRLF", text.replace('\n', "\r\n").into_bytes()),
        (
            "BOM, a hunk from the first line",
            format!("\u{feff}{top}").into_bytes(),
        ),
    ] {
        diff_applies_and_leaves_it_clean(what, &before);
    }
}

#[test]
fn a_stale_statistics_period_is_fixed_at_both_ends() {
    let path = format!(
        "{}/tests/fixtures/rules/year-mismatch/fail.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(path).expect("fixture");
    let stale = "统计期限自2022年1月1日起至2022年12月31日止";
    assert!(text.contains(stale));
    diff_applies_and_leaves_it_clean("a year stale at both ends", text.as_bytes());
    let (_, diff, _) = stdout(&[
        "--diff",
        "--no-cache",
        "tests/fixtures/rules/year-mismatch/fail.txt",
    ]);
    assert!(
        diff.contains("+本报告依据") && diff.contains("统计期限自2023年1月1日起至2023年12月31日止"),
        "{diff}"
    );
    // Only the start is stale: the end, written otherwise, is left as it is.
    let dir = tempfile::tempdir().expect("tempdir");
    let half = dir.path().join("half.txt");
    std::fs::write(
        &half,
        text.replace(stale, "统计期限自2022年1月1日起至2023年12月31日止"),
    )
    .expect("write");
    let (_, diff, _) = stdout(&["--diff", "--no-cache", half.to_str().expect("utf-8 path")]);
    assert!(
        diff.contains("+本报告依据") && diff.contains("统计期限自2023年1月1日起至2023年12月31日止"),
        "{diff}"
    );
}

fn diff_applies_and_leaves_it_clean(what: &str, before: &[u8]) {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("report.txt"), before).expect("write");
    let run = |args: &[&str]| {
        let mut cmd = gilint();
        cmd.current_dir(dir.path()).args(args);
        cmd.output().expect("runs")
    };
    let diff = run(&["--diff", "--no-cache", "report.txt"]);
    let said = String::from_utf8_lossy(&diff.stderr);
    assert!(!said.contains("not in UTF-8"), "{what}: {said}");
    if what.contains("first line") {
        let from_the_top = b"@@ -1,";
        assert!(
            diff.stdout
                .windows(from_the_top.len())
                .any(|w| w == from_the_top),
            "{what}: no hunk from the first line"
        );
    }
    assert_eq!(
        std::fs::read(dir.path().join("report.txt")).expect("read"),
        before,
        "{what}: gilint wrote the report"
    );
    let Ok(mut patch) = std::process::Command::new("patch")
        .args(["-p0", "--quiet", "--fuzz=0"])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::piped())
        .spawn()
    else {
        eprintln!("patch is not installed: the diff's application is not tried");
        return;
    };
    use std::io::Write;
    patch
        .stdin
        .take()
        .expect("stdin")
        .write_all(&diff.stdout)
        .expect("piped");
    assert!(patch.wait().expect("patch ran").success(), "{what}");
    let after = run(&["--no-cache", "--format", "concise", "report.txt"]);
    let findings = String::from_utf8(after.stdout).expect("utf-8");
    assert_eq!(after.status.code(), Some(0), "{what}: {findings}");
    assert!(!findings.contains("error["), "{what}: {findings}");
    assert!(!findings.contains("warning["), "{what}: {findings}");
    // Nothing left to fix.
    let again = run(&["--diff", "--no-cache", "report.txt"]);
    assert_eq!(again.status.code(), Some(0), "{what}");
    assert!(again.stdout.is_empty(), "{what}");
}

#[test]
fn a_report_without_fixes_gives_an_empty_diff_and_exit_zero() {
    let (code, diff, said) = stdout(&["--diff", "tests/fixtures/formats/clean.txt"]);
    assert_eq!((code, diff.as_str()), (Some(0), ""), "{said}");
    assert!(said.contains("gilint: 0 fixes in 0 files"), "{said}");
}

/// JSON, SARIF and rdjson carry the edits at the places of the file's own bytes; concise
/// marks the findings that have one; human output and GitHub annotations say it.
#[test]
fn machine_formats_carry_the_edits() {
    let bytes =
        std::fs::read(format!("{}/{TYPED_WRONG}", env!("CARGO_MANIFEST_DIR"))).expect("fixture");
    let (_, json, _) = stdout(&["--format", "json", TYPED_WRONG]);
    let doc: serde_json::Value = serde_json::from_str(&json).expect("json");
    let diagnostics = doc["files"][0]["diagnostics"].as_array().expect("array");
    let fixed: Vec<&serde_json::Value> =
        diagnostics.iter().filter(|d| !d["fix"].is_null()).collect();
    assert_eq!(fixed.len(), 3, "{json}");
    for d in &fixed {
        let edits = d["fix"]["edits"].as_array().expect("edits");
        assert_eq!(edits.len(), 2, "the total and the sentence: {d}");
        for edit in edits {
            let (start, end) = (
                edit["byte_start"].as_u64().expect("n") as usize,
                edit["byte_end"].as_u64().expect("n") as usize,
            );
            assert_eq!(&bytes[start..end], b"27");
            assert_eq!(edit["content"], "26");
        }
        assert!(d["fix"]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("若其他各项无误")));
    }
    assert_eq!(doc["summary"]["fixable"], 3);

    let (_, sarif, _) = stdout(&["--format", "sarif", TYPED_WRONG]);
    let sarif: serde_json::Value = serde_json::from_str(&sarif).expect("json");
    let result = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| r["ruleId"] == "applicant-total-mismatch")
        .expect("finding");
    let change = &result["fixes"][0]["artifactChanges"][0];
    assert_eq!(change["artifactLocation"]["uri"], TYPED_WRONG);
    let replacement = &change["replacements"][1];
    assert_eq!(replacement["deletedRegion"]["startLine"], 74);
    assert_eq!(replacement["insertedContent"]["text"], "26");

    let (_, rdjson, _) = stdout(&["--format", "rdjson", TYPED_WRONG]);
    let rdjson: serde_json::Value = serde_json::from_str(&rdjson).expect("json");
    let suggestions = rdjson["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"]["value"] == "results-total-mismatch")
        .map(|d| d["suggestions"].clone())
        .expect("finding");
    assert_eq!(suggestions[1]["range"]["start"]["line"], 74);
    assert_eq!(suggestions[1]["text"], "26");

    gilint()
        .args(["--format", "github", TYPED_WRONG])
        .assert()
        .code(1)
        .stdout(contains(
            "%0Afix: 若其他各项无误，把表三 （七）总计 / 总计 由 27 改为 26，并把正文的 27 改为表格的 26 (gilint check --diff)",
        ));
    gilint()
        .args(["--format", "concise", TYPED_WRONG])
        .assert()
        .code(1)
        .stdout(contains(
            ":74:21: error[applicant-total-mismatch] [*] 表三“（七）总计”行",
        ));
    gilint()
        .arg(TYPED_WRONG)
        .assert()
        .code(1)
        .stdout(contains("= fix: 若其他各项无误，把表三 （七）总计 / 总计 由 27 改为 26，并把正文的 27 改为表格的 26"))
        .stdout(contains("(3 with a suggested fix: `--diff` shows them)"));
}

/// A web page's fix edits its HTML where the number stands; a Word document's rendering
/// is not the file: the fix is given in words, and `--diff` has nothing to show.
#[test]
fn a_page_is_edited_where_the_number_stands_and_a_word_document_is_told_in_words() {
    let page = "tests/fixtures/formats/t4-total-wrong.html";
    let html = std::fs::read(format!("{}/{page}", env!("CARGO_MANIFEST_DIR"))).expect("page");
    let (_, json, _) = stdout(&["--format", "json", page]);
    let doc: serde_json::Value = serde_json::from_str(&json).expect("json");
    let edit = doc["files"][0]["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .find_map(|d| d["fix"]["edits"].get(0))
        .expect("a fix")
        .clone();
    let start = edit["byte_start"].as_u64().expect("n") as usize;
    assert_eq!(html[start - 1], b'>', "a cell's text, right after its tag");
    assert_eq!(&html[start..start + 1], b"3");
    assert_eq!(edit["content"], "2");

    let (code, diff, said) = stdout(&["--diff", "tests/fixtures/formats/t4-total-wrong.docx"]);
    assert_eq!((code, diff.as_str()), (Some(0), ""), "{said}");
    gilint()
        .arg("tests/fixtures/formats/t4-total-wrong.docx")
        .assert()
        .code(1)
        .stdout(contains(
            "help: 若其他各项无误，把表四 行政复议 / 总计 由 3 改为 2",
        ))
        .stdout(contains("with a suggested fix").not());
}

/// Fixes come back from the findings cache as checking gave them.
#[test]
fn fixes_survive_the_findings_cache() {
    let cache = tempfile::tempdir().expect("tempdir");
    let run = || {
        let out = gilint()
            .env("GILINT_CACHE_DIR", cache.path())
            .args(["--diff", TYPED_WRONG])
            .output()
            .expect("runs");
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let first = run();
    assert!(first.contains("+\t（七）总计"), "{first}");
    assert_eq!(run(), first);
}

/// `explain` says what fix a rule may suggest; `rules --format json` says which may.
#[test]
fn explain_and_the_rule_list_say_which_rules_suggest_fixes() {
    gilint()
        .args(["explain", "applications-unbalanced"])
        .assert()
        .code(0)
        .stdout(contains("fix:     若其他各项无误，把等式的主单元格"));
    gilint()
        .args(["explain", "prose-handled-mismatch"])
        .assert()
        .code(0)
        .stdout(contains(
            "fix:     把正文中不符的数字改为所核对的数（表格的数，或报告年度）",
        ));
    gilint()
        .args(["explain", "section-missing"])
        .assert()
        .code(0)
        .stdout(contains("fix:").not());
    let (_, list, _) = stdout(&["rules", "--format", "json"]);
    let list: serde_json::Value = serde_json::from_str(&list).expect("json");
    let fixable = |id: &str| {
        list.as_array()
            .expect("rules")
            .iter()
            .find(|r| r["id"] == id)
            .map(|r| r["fixable"].clone())
    };
    assert_eq!(fixable("litigation-total-mismatch"), Some(true.into()));
    assert_eq!(fixable("prose-review-mismatch"), Some(true.into()));
    assert_eq!(fixable("year-mismatch"), Some(true.into()));
    assert_eq!(fixable("section-missing"), Some(false.into()));
    assert_eq!(fixable("cells-left-blank"), Some(true.into()));
    assert_eq!(fixable("cell-number-spaced"), Some(true.into()));
    assert_eq!(fixable("section-title-nonstandard"), Some(true.into()));
}
