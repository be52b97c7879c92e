//! The GitHub Action's main step (.github/action/run.sh), run locally the way the runner
//! runs it: GITHUB_OUTPUT and GITHUB_STEP_SUMMARY point at temporary files.

use std::process::Command;

struct Run {
    code: Option<i32>,
    stdout: String,
    summary: String,
    outputs: String,
}

fn run(paths: &str, fail_on: &str, sarif: Option<&std::path::Path>) -> Run {
    let dir = tempfile::tempdir().expect("tempdir");
    let summary = dir.path().join("summary.md");
    let outputs = dir.path().join("outputs");
    let mut cmd = Command::new("bash");
    cmd.arg(".github/action/run.sh")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("GILINT", env!("CARGO_BIN_EXE_gilint"))
        .env("INPUT_PATHS", paths)
        .env("INPUT_ARGS", "")
        .env("INPUT_FAIL_ON", fail_on)
        .env(
            "INPUT_SARIF_FILE",
            sarif.map(|p| p.display().to_string()).unwrap_or_default(),
        )
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_OUTPUT", &outputs)
        .env("GILINT_CACHE_DIR", dir.path().join("cache"))
        .env("NO_COLOR", "1");
    let out = cmd.output().expect("bash runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        summary: std::fs::read_to_string(summary).unwrap_or_default(),
        outputs: std::fs::read_to_string(outputs).unwrap_or_default(),
    }
}

#[test]
fn annotates_summarises_and_fails_on_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sarif = dir.path().join("gilint.sarif");
    let r = run("tests/fixtures/seeds examples", "error", Some(&sarif));
    assert_eq!(r.code, Some(1), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("::error file=tests/fixtures/seeds/002_af160c066563daaa.txt,line=17"),
        "{}",
        r.stdout
    );
    assert!(r.outputs.contains("errors=6\n"), "{}", r.outputs);
    assert!(
        r.summary
            .contains("6 errors, 8 warnings in 6 files, 5 notes"),
        "{}",
        r.summary
    );
    // Every finding is in the summary, not only the ten GitHub shows as annotations.
    assert_eq!(
        r.summary.matches("| `tests/fixtures/seeds/").count(),
        19,
        "{}",
        r.summary
    );
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&sarif).expect("sarif written")).expect("json");
    assert_eq!(sarif["version"], "2.1.0");
}

#[test]
fn clean_reports_pass_and_warnings_fail_only_when_asked() {
    assert_eq!(run("examples", "error", None).code, Some(0));
    let seed = "tests/fixtures/seeds/000_51c5df7f018f761b.txt";
    assert_eq!(run(seed, "error", None).code, Some(0));
    assert_eq!(run(seed, "warning", None).code, Some(1));
    assert_eq!(run("tests/fixtures/seeds", "never", None).code, Some(0));
}

#[test]
fn more_findings_than_github_shows_are_announced() {
    let dir = tempfile::tempdir().expect("tempdir");
    let seed = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/seeds/002_af160c066563daaa.txt"
    ))
    .expect("seed");
    for i in 0..5 {
        std::fs::write(dir.path().join(format!("r{i}.txt")), &seed).expect("write");
    }
    let r = run(&dir.path().display().to_string(), "error", None);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stdout.contains("::notice title=gilint::15 errors"),
        "{}",
        r.stdout
    );
    assert_eq!(r.summary.matches("table-missing").count(), 15);
}
