//! Configuration files end to end: discovery next to the report and above it, select,
//! ignore, severity overrides, per-file ignores, year, --config, --isolated, init, errors.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

fn gilint(dir: &std::path::Path) -> Command {
    let mut cmd = common::gilint();
    cmd.current_dir(dir);
    cmd
}

fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let seed = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/seeds/000_51c5df7f018f761b.txt"
    ))
    .expect("seed");
    std::fs::create_dir_all(dir.path().join("reports/2023")).expect("mkdir");
    std::fs::write(dir.path().join("reports/2023/r.txt"), seed).expect("write");
    dir
}

const RULE: &str = "prose-new-applications-mismatch";

/// Writes a config at `path` that ignores [`RULE`].
fn ignore_rule_in(path: &std::path::Path) {
    std::fs::write(path, format!("ignore = [\"{RULE}\"]\n")).expect("write");
}

#[test]
fn a_config_next_to_the_report_or_above_it_applies() {
    let dir = workspace();
    gilint(dir.path())
        .args(["--format", "concise", "reports/2023/r.txt"])
        .assert()
        .stdout(contains(RULE));
    ignore_rule_in(&dir.path().join("gilint.toml"));
    gilint(dir.path())
        .args(["--format", "concise", "reports/2023/r.txt"])
        .assert()
        .code(0)
        .stdout(
            contains(RULE)
                .not()
                .and(contains("prose-normative-docs-mismatch")),
        );
    // The nearer .gilint.toml wins over the one above. (The seed has no date: the
    // deadline rule, not assessable on it, and the note on its section 六 are ignored too.)
    std::fs::write(
        dir.path().join("reports/.gilint.toml"),
        "ignore = [\"consistency\", \"published-late\", \"other-matters-incomplete\"]\n",
    )
    .expect("write");
    gilint(dir.path())
        .args(["--format", "concise", "reports/2023/r.txt"])
        .assert()
        .stdout("");
    // --isolated ignores both; --config names one.
    gilint(dir.path())
        .args(["--isolated", "--format", "concise", "reports/2023/r.txt"])
        .assert()
        .stdout(contains(RULE));
    gilint(dir.path())
        .args([
            "--config",
            "gilint.toml",
            "--format",
            "concise",
            "reports/2023/r.txt",
        ])
        .assert()
        .stdout(
            contains(RULE)
                .not()
                .and(contains("prose-normative-docs-mismatch")),
        );
}

#[test]
fn a_report_named_without_a_directory_finds_the_config_around_the_working_directory() {
    let dir = workspace();
    let here = dir.path().join("reports/2023");
    gilint(&here)
        .args(["--format", "concise", "r.txt"])
        .assert()
        .stdout(contains(RULE));
    ignore_rule_in(&dir.path().join("reports/gilint.toml"));
    for name in ["r.txt", "./r.txt", "../2023/r.txt"] {
        gilint(&here)
            .args(["--format", "concise", name])
            .assert()
            .stdout(contains(RULE).not());
    }
}

#[test]
fn each_directory_of_one_run_gets_its_own_config() {
    let dir = workspace();
    let seed = std::fs::read(dir.path().join("reports/2023/r.txt")).expect("read");
    for sub in ["reports/2023/a", "reports/2023/b"] {
        std::fs::create_dir_all(dir.path().join(sub)).expect("mkdir");
        std::fs::write(dir.path().join(sub).join("r.txt"), &seed).expect("write");
    }
    ignore_rule_in(&dir.path().join("reports/2023/a/gilint.toml"));
    let output = gilint(dir.path())
        .args(["--format", "concise", "reports"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let files_with_rule: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains(RULE))
        .filter_map(|l| l.split(':').next())
        .collect();
    // The config in a/ applies to a/r.txt only; r.txt above it and b/r.txt keep the rule.
    assert!(
        !files_with_rule.iter().any(|f| f.contains("/a/")),
        "{stdout}"
    );
    assert!(
        files_with_rule.iter().any(|f| f.contains("/b/")),
        "{stdout}"
    );
    assert!(
        files_with_rule.iter().any(|f| f.ends_with("2023/r.txt")),
        "{stdout}"
    );
}

#[test]
fn severity_overrides_and_command_line_select() {
    let dir = workspace();
    std::fs::write(
        dir.path().join("gilint.toml"),
        format!("[severity]\n{RULE} = \"error\"\n"),
    )
    .expect("write");
    gilint(dir.path())
        .args(["--format", "concise", "reports/2023/r.txt"])
        .assert()
        .code(1)
        .stdout(contains(format!("error[{RULE}]")));
    gilint(dir.path())
        .args([
            "--select",
            "structure",
            "--format",
            "concise",
            "reports/2023/r.txt",
        ])
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn per_file_ignores_match_globs_relative_to_the_config() {
    let dir = workspace();
    std::fs::write(
        dir.path().join("gilint.toml"),
        format!("[per-file-ignores]\n\"reports/**/*.txt\" = [\"{RULE}\"]\n"),
    )
    .expect("write");
    gilint(dir.path())
        .args(["--format", "concise", "reports/2023/r.txt"])
        .assert()
        .stdout(contains(RULE).not());
    gilint(dir.path())
        .args(["--format", "concise", "reports"])
        .assert()
        .stdout(contains(RULE).not());
    // A config below the working directory: its globs are relative to it, however the
    // report is named (the report was once matched by its path as given, and was not).
    std::fs::remove_file(dir.path().join("gilint.toml")).expect("rm");
    std::fs::write(
        dir.path().join("reports/gilint.toml"),
        format!("[per-file-ignores]\n\"2023/*.txt\" = [\"{RULE}\"]\n"),
    )
    .expect("write");
    for (cwd, report) in [
        (dir.path().to_path_buf(), "reports/2023/r.txt"),
        (dir.path().to_path_buf(), "./reports/2023/r.txt"),
        (dir.path().join("reports/2023"), "r.txt"),
    ] {
        gilint(&cwd)
            .args(["--format", "concise", report])
            .assert()
            .stdout(
                contains(RULE)
                    .not()
                    .and(contains("prose-normative-docs-mismatch")),
            );
    }
}

#[test]
fn a_year_in_the_config_sets_the_profile() {
    let dir = workspace();
    std::fs::write(dir.path().join("gilint.toml"), "year = 2018\n").expect("write");
    gilint(dir.path())
        .args(["--format", "concise", "reports/2023/r.txt"])
        .assert()
        .code(0)
        .stdout(contains("info[old-format-report]").and(contains(RULE).not()));
}

#[test]
fn config_errors_name_the_key_and_exit_two() {
    let dir = workspace();
    std::fs::write(dir.path().join("gilint.toml"), "selct = [\"structure\"]\n").expect("write");
    gilint(dir.path())
        .arg("reports/2023/r.txt")
        .assert()
        .code(2)
        .stderr(
            contains("unknown key `selct`")
                .and(contains("did you mean `select`"))
                .and(contains("gilint.toml")),
        );
    std::fs::write(
        dir.path().join("gilint.toml"),
        "ignore = [\"prose-new-aplications-mismatch\"]\n",
    )
    .expect("write");
    gilint(dir.path())
        .arg("reports/2023/r.txt")
        .assert()
        .code(2)
        .stderr(contains(format!("did you mean `{RULE}`")));
    std::fs::write(
        dir.path().join("gilint.toml"),
        "[severity]\ntable-missing = \"fatal\"\n",
    )
    .expect("write");
    gilint(dir.path())
        .arg("reports/2023/r.txt")
        .assert()
        .code(2)
        .stderr(contains("fatal"));
    gilint(dir.path())
        .args(["--config", "nope.toml", "reports/2023/r.txt"])
        .assert()
        .code(2)
        .stderr(contains("nope.toml"));
}

#[test]
fn init_writes_a_commented_config_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    gilint(dir.path()).arg("init").assert().code(0);
    let text = std::fs::read_to_string(dir.path().join("gilint.toml")).expect("written");
    assert!(text.contains("# ignore = "));
    gilint(dir.path())
        .arg("init")
        .assert()
        .code(2)
        .stderr(contains("already exists"));
}
