//! End-to-end tests of the built `gilint` binary: exit codes, formats, errors.

mod common;

use common::gilint;

use predicates::prelude::*;
use predicates::str::contains;

const SEED_000: &str = "tests/fixtures/seeds/000_51c5df7f018f761b.txt";
const SEED_002: &str = "tests/fixtures/seeds/002_af160c066563daaa.txt";
const SEED_003: &str = "tests/fixtures/seeds/003_7f2f429adcda4942.txt";
const EXAMPLE: &str = "examples/report-2023.txt";

/// The JSON a successful run (exit 0) with `args` prints.
fn json_of<I, S>(args: I) -> serde_json::Value
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let out = gilint()
        .args(args)
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).expect("valid JSON")
}

#[test]
fn clean_report_exits_zero() {
    gilint()
        .arg(EXAMPLE)
        .assert()
        .code(0)
        .stdout(contains("gilint: 0 errors, 0 warnings in 1 file"));
    gilint().args(["check", SEED_003]).assert().code(0);
}

#[test]
fn errors_exit_one_and_render_like_rustc() {
    gilint()
        .arg(SEED_002)
        .assert()
        .code(1)
        .stdout(contains(
            "error[table-missing]: “三、收到和处理政府信息公开申请情况”中没有表三",
        ))
        .stdout(contains(
            "--> tests/fixtures/seeds/002_af160c066563daaa.txt:19:1",
        ))
        .stdout(contains("\x1b[").not());
}

#[test]
fn warnings_fail_only_with_deny_warnings() {
    gilint()
        .arg(SEED_000)
        .assert()
        .code(0)
        .stdout(contains("warning[prose-new-applications-mismatch]"));
    gilint()
        .args(["--deny", "warnings", SEED_000])
        .assert()
        .code(1);
}

#[test]
fn colour_only_when_asked() {
    gilint()
        .args(["--color", "always", SEED_002])
        .assert()
        .code(1)
        .stdout(contains("\x1b["));
}

#[test]
fn json_output_follows_the_contract() {
    let doc = json_of(["check", "--format", "json", SEED_000]);
    assert_eq!(doc["version"], 1);
    let file = &doc["files"][0];
    assert_eq!(file["path"], SEED_000);
    let diagnostic = file["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .find(|d| d["rule"] == "prose-new-applications-mismatch")
        .expect("finding");
    assert_eq!(diagnostic["category"], "consistency");
    assert_eq!(diagnostic["severity"], "warning");
    let label = &diagnostic["labels"][0];
    assert_eq!(label["primary"], true);
    assert_eq!(label["path"], SEED_000);
    assert_eq!(label["line"], 25);
    for key in [
        "column",
        "end_line",
        "end_column",
        "byte_start",
        "byte_end",
        "message",
    ] {
        assert!(!label[key].is_null(), "{key}");
    }
    // Byte offsets point into the file as it is on disk.
    let bytes = std::fs::read(format!("{}/{SEED_000}", env!("CARGO_MANIFEST_DIR"))).expect("seed");
    let (start, end) = (
        label["byte_start"].as_u64().expect("n") as usize,
        label["byte_end"].as_u64().expect("n") as usize,
    );
    assert_eq!(
        std::str::from_utf8(&bytes[start..end]).expect("utf-8"),
        "未收到政府信息公开申请"
    );
    assert!(doc["summary"]["warnings"].as_u64().expect("n") >= 2);
}

#[test]
fn format_from_the_environment_and_concise_lines() {
    gilint()
        .env("GILINT_FORMAT", "concise")
        .arg(SEED_000)
        .assert()
        .code(0)
        .stdout(contains("tests/fixtures/seeds/000_51c5df7f018f761b.txt:25:85: warning[prose-new-applications-mismatch]"));
}

#[test]
fn directories_are_walked_for_reports() {
    let out = gilint()
        .args(["--format", "concise", "tests/fixtures/seeds"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).expect("utf-8");
    for seed in ["000_", "001_", "002_", "004_"] {
        assert!(out.contains(seed), "{seed} missing from\n{out}");
    }
}

/// Writes `bytes` to `name` under `dir`, making the directories it names.
fn write_under(dir: &std::path::Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, bytes).expect("write");
}

#[test]
fn a_walk_leaves_out_ignored_hidden_and_repository_files_but_not_named_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    let report = std::fs::read(EXAMPLE).expect("example");
    let names = [
        "2023.txt",
        "README.md",
        "Changelog.md",
        ".github/PULL_REQUEST_TEMPLATE.md",
        "drafts/d.txt",
        "old/2019.TXT",
        "ignored-by-gilint.txt",
        "ignored-by-git.txt",
    ];
    for name in names {
        write_under(dir.path(), name, &report);
    }
    std::fs::write(dir.path().join(".gilintignore"), "ignored-by-gilint.txt\n").expect("write");
    // .gitignore counts in a git repository, as for ripgrep.
    std::fs::create_dir(dir.path().join(".git")).expect("mkdir");
    std::fs::write(dir.path().join(".gitignore"), "ignored-by-git.txt\n").expect("write");
    let files = |args: &[&str]| -> Vec<String> {
        let out = gilint()
            .current_dir(dir.path())
            .args(["check", "--format", "json", "--no-cache"])
            .args(args)
            .output()
            .expect("runs");
        assert_ne!(
            out.status.code(),
            Some(2),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        json["files"]
            .as_array()
            .expect("files")
            .iter()
            .map(|f| f["path"].as_str().expect("path").to_string())
            .collect()
    };
    assert_eq!(
        files(&["."]),
        ["./2023.txt", "./drafts/d.txt", "./old/2019.TXT"]
    );
    // Globs as in .gitignore, relative to the directory walked, in any case.
    assert_eq!(
        files(&["--exclude", "drafts/", "--exclude", "*.txt", "."]),
        Vec::<String>::new()
    );
    assert_eq!(
        files(&["--exclude", "drafts/", "."]),
        ["./2023.txt", "./old/2019.TXT"]
    );
    assert_eq!(files(&["--no-ignore", "."]).len(), names.len());
    // A file named is read whatever ignores it.
    assert_eq!(
        files(&["README.md", "--exclude", "README.md"]),
        ["README.md"]
    );
    gilint()
        .args(["--exclude", "[", "."])
        .assert()
        .code(2)
        .stderr(contains("--exclude [: not a glob"));
}

#[test]
fn walked_reports_come_in_the_order_of_their_names_directory_by_directory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let report = std::fs::read(EXAMPLE).expect("example");
    // A directory's reports come where its name sorts among its siblings' names ("a"
    // before "a b.txt", though "a/" would sort after "a " byte by byte).
    let names = [
        "a/z.txt",
        "a/b/c.txt",
        "a b.txt",
        "a-b.md",
        "a.txt",
        "b.html",
    ];
    for name in names {
        let report = if name.ends_with(".html") {
            format!(
                "<html><body><pre>{}</pre></body></html>",
                String::from_utf8_lossy(&report)
            )
            .into_bytes()
        } else {
            report.clone()
        };
        write_under(dir.path(), name, &report);
    }
    let out = gilint()
        .current_dir(dir.path())
        .args(["check", "--format", "json", "--no-cache", "."])
        .output()
        .expect("runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let files: Vec<&str> = json["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| f["path"].as_str().expect("path"))
        .collect();
    assert_eq!(
        files,
        [
            "./a/b/c.txt",
            "./a/z.txt",
            "./a b.txt",
            "./a-b.md",
            "./a.txt",
            "./b.html"
        ]
    );
}

#[test]
fn a_binary_file_is_refused_with_exit_two_and_no_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let png = dir.path().join("report.txt");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10").expect("write");
    for sub in ["check", "dump"] {
        gilint()
            .args([sub, png.to_str().expect("utf-8 path")])
            .assert()
            .code(2)
            .stderr(
                contains("report.txt")
                    .and(contains("not a text file"))
                    .and(contains("panicked").not()),
            );
    }
}

#[test]
fn bad_inputs_are_named_and_other_files_still_checked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, b"").expect("write");
    gilint()
        .args([
            "--format",
            "concise",
            "no-such-report.txt",
            empty.to_str().expect("path"),
            EXAMPLE,
        ])
        .assert()
        .code(2)
        .stderr(contains("no-such-report.txt: no such file or directory"))
        .stderr(contains("empty.txt: the file is empty"));
}

#[test]
fn input_files_are_never_modified() {
    let before = std::fs::read(format!("{}/{SEED_002}", env!("CARGO_MANIFEST_DIR"))).expect("seed");
    gilint().arg(SEED_002).assert().code(1);
    let after = std::fs::read(format!("{}/{SEED_002}", env!("CARGO_MANIFEST_DIR"))).expect("seed");
    assert_eq!(before, after);
}

#[test]
fn gb18030_files_are_read_and_spans_point_into_the_original_bytes() {
    let text = std::fs::read_to_string(format!("{}/{SEED_000}", env!("CARGO_MANIFEST_DIR")))
        .expect("seed");
    let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("gbk.txt");
    std::fs::write(&path, &bytes).expect("write");
    let doc = json_of(["--format", "json", path.to_str().expect("path")]);
    assert_eq!(doc["files"][0]["encoding"], "gb18030");
    let label = doc["files"][0]["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .find(|d| d["rule"] == "prose-new-applications-mismatch")
        .map(|d| d["labels"][0].clone())
        .expect("finding");
    let (start, end) = (
        label["byte_start"].as_u64().expect("n") as usize,
        label["byte_end"].as_u64().expect("n") as usize,
    );
    let (decoded, _, _) = encoding_rs::GB18030.decode(&bytes[start..end]);
    assert_eq!(decoded, "未收到政府信息公开申请");
}

#[test]
fn dump_reports_sections_and_absent_tables() {
    let doc = json_of(["dump", "--format", "json", SEED_002]);
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["profile"], "format2021");
    assert_eq!(doc["year"]["value"], 2023);
    assert_eq!(doc["sections"].as_array().expect("array").len(), 6);
    for table in doc["tables"].as_array().expect("array") {
        assert_eq!(table["status"], "absent");
    }
    // Lost in the copy, not left unfilled: no header stands there.
    assert_eq!(doc["unfilled"], serde_json::json!([]));
    // Table 四's header with no number: absent, and listed as unfilled.
    let dir = tempfile::tempdir().expect("tempdir");
    let report = dir.path().join("unfilled.txt");
    std::fs::write(
        &report,
        "四、政府信息公开行政复议、行政诉讼情况\n行政复议\t行政诉讼\n\
         结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t复议后起诉\n\
         五、存在的主要问题及改进情况\n",
    )
    .expect("write");
    let doc = json_of([
        "dump".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        report.as_os_str(),
    ]);
    assert_eq!(doc["unfilled"][0]["table"], "t4", "{doc}");
    assert_eq!(doc["unfilled"][0]["span"]["line"], 3, "{doc}");
    gilint()
        .args(["dump", SEED_003])
        .assert()
        .code(0)
        .stdout(contains("t3 present").and(contains("result_total")));
}

#[test]
fn rules_and_explain() {
    gilint().arg("rules").assert().code(0).stdout(
        predicates::str::is_match(
            r"(?m)^applications-unbalanced\s+arithmetic\s+error\s+表三收支不平衡$",
        )
        .expect("regex"),
    );
    gilint()
        .args(["explain", "applications-unbalanced"])
        .assert()
        .code(0)
        .stdout(contains("勾稽关系").and(contains("Example that is flagged")));
    gilint()
        .args(["explain", "no-such-rule"])
        .assert()
        .code(2)
        .stderr(contains("no rule `no-such-rule`"));
}

fn rule_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    dir
}

const USER_RULE: &str = r#"id = "applications-unbalanced"
title = "表三收支不平衡（本省口径）"
category = "arithmetic"
severity = "warning"
profiles = ["format2021"]
message = "表三{axis}不平衡"
help = "核对"
docs = "依据：本省要求 [practice]"
[examples]
fail = "x"
pass = "y"
[check]
kind = "equation"
table = "t3"
for_each = "column"
assert = "new_received + carried_over == result_total + carried_forward"
"#;

#[test]
fn user_rules_override_built_in_rules_by_id() {
    let dir = rule_dir(&[("mine.toml", USER_RULE)]);
    let fixture = "tests/fixtures/rules/applications-unbalanced/fail.txt";
    gilint()
        .arg(fixture)
        .assert()
        .code(1)
        .stdout(contains("error[applications-unbalanced]"));
    gilint()
        .args(["--rules", dir.path().to_str().expect("path"), fixture])
        .assert()
        .stdout(contains("warning[applications-unbalanced]"));
}

#[test]
fn a_numbering_rule_checks_the_sections_it_names_and_only_those() {
    // Section 一 skips （二）; the report has no 五.
    let dir = tempfile::tempdir().expect("tempdir");
    let report = dir.path().join("report.txt");
    std::fs::write(
        &report,
        "青山市司法局2023年政府信息公开工作年度报告\n一、总体情况\n（一）主动公开\n（三）依申请公开\n二、主动公开政府信息情况\n无。\n",
    )
    .expect("write");
    let rule = |sections: &str| {
        USER_RULE
            .replace("id = \"applications-unbalanced\"", "id = \"outline\"")
            // What a numbering finding fills (an equation's {axis} is no placeholder of it).
            .replace("表三{axis}不平衡", "序号{marker}{problem}")
            .replace(
                "kind = \"equation\"\ntable = \"t3\"\nfor_each = \"column\"\nassert = \"new_received + carried_over == result_total + carried_forward\"",
                &format!("kind = \"numbering\"\npattern = '(?m)^(?P<section>\\([一二三四五]\\))'\nlevels = [\"section\"]\nsections = [{sections}]"),
            )
    };
    for (sections, flagged) in [("\"overview\"", true), ("\"problems\"", false)] {
        let rules = rule_dir(&[("outline.toml", &rule(sections))]);
        let out = gilint()
            .args([
                "--rules",
                rules.path().to_str().expect("path"),
                "--select",
                "outline",
            ])
            .args(["--format", "concise"])
            .arg(&report)
            .output()
            .expect("runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            stdout.contains("warning[outline]"),
            flagged,
            "{sections}: {stdout}"
        );
    }
}

#[test]
fn malformed_rule_files_point_at_the_line_and_exit_two() {
    // The example rule with another check in place of its equation.
    let check = |body: &str| {
        USER_RULE.replace(
            "kind = \"equation\"\ntable = \"t3\"\nfor_each = \"column\"\nassert = \"new_received + carried_over == result_total + carried_forward\"",
            body,
        )
    };
    let cases = [
        ("bad-toml.toml", "id = \"x\nseverity = ", "bad-toml.toml"),
        ("kind.toml", &USER_RULE.replace("kind = \"equation\"", "kind = \"equasion\""), "unknown check kind `equasion`"),
        ("row.toml", &USER_RULE.replace("new_received +", "new_recieved +"), "did you mean `new_received`"),
        ("regex.toml", &check("kind = \"forbid-text\"\npattern = \"(unclosed\""), "invalid regular expression"),
        ("each.toml", &check("kind = \"require-text\"\npattern = '考核'\neach = [[\"评议\", '评议']]"), "not both"),
        ("present.toml", &USER_RULE.replace("for_each = \"column\"\n", "for_each = \"column\"\nif_present = [\"subtotal_of_nothing\"]\n"), "is no row or column"),
        ("group.toml", &USER_RULE.replace("for_each = \"column\"\n", "for_each = \"column\"\ngroups = [\"refused\"]\n").replace("new_received +", "{group}.subtotal + new_received +"), "`refused` is no group of rows with a subtotal"),
        ("groups.toml", &USER_RULE.replace("for_each = \"column\"\n", "for_each = \"column\"\ngroups = [\"denied\"]\n"), "needs a non-empty list"),
        ("what.toml", &check("kind = \"narrative\"\npattern = '不予公开(?P<n>[0-9]+)件'\n[check.expect_by]\n\"不予公开\" = [\"sum(t3.denied.*:total)\"]"), "no `what` capture"),
        ("expects.toml", &check("kind = \"narrative\"\npattern = '(?P<what>不予公开)(?P<n>[0-9]+)件'\nexpect = [\"t3.granted:total\"]\n[check.expect_by]\n\"不予公开\" = [\"sum(t3.denied.*:total)\"]"), "needs `expect`, or"),
        ("shares-test.toml", &check("kind = \"shares\"\ntest = \"average\"\ntotal = '(?P<n>[0-9]+)条其中'\npart = '(?P<n>[0-9]+)条占(?P<percent>[0-9]+)%'"), "`test` is `sum`"),
        ("shares-percent.toml", &check("kind = \"shares\"\ntest = \"percent\"\ntotal = '(?P<n>[0-9]+)条其中'\npart = '(?P<n>[0-9]+)条'"), "no `percent` capture"),
        ("shares-n.toml", &check("kind = \"shares\"\ntest = \"sum\"\ntotal = '[0-9]+条其中'\npart = '(?P<n>[0-9]+)条占(?P<percent>[0-9]+)%'"), "`shares` total pattern"),
        ("numbering-level.toml", &check("kind = \"numbering\"\npattern = '(?P<point>[一二三]是)'\nlevels = [\"section\", \"point\"]"), "no such capture"),
        ("numbering-empty.toml", &check("kind = \"numbering\"\npattern = '(?P<point>[一二三]是)'\nlevels = []"), "`levels` names the"),
        ("placeholder.toml", &USER_RULE.replace("表三{axis}不平衡", "表三{axis}不平衡：{colum}"), "unknown placeholder `{colum}`"),
        ("day.toml", &check("kind = \"deadline\"\ndepartment = \"02-30\"\ngovernment = \"03-31\""), "`02-30` is not a month and day"),
    ];
    for (name, text, expected) in cases {
        let dir = rule_dir(&[(name, text)]);
        gilint()
            .args(["--rules", dir.path().to_str().expect("path"), EXAMPLE])
            .assert()
            .code(2)
            .stderr(
                contains(expected)
                    .and(contains(name))
                    .and(contains("panicked").not()),
            );
    }
    let dir = rule_dir(&[("a.toml", USER_RULE), ("b.toml", USER_RULE)]);
    gilint()
        .args(["--rules", dir.path().to_str().expect("path"), EXAMPLE])
        .assert()
        .code(2)
        .stderr(contains("duplicate rule id `applications-unbalanced`"));
}

#[test]
fn usage_errors_exit_two() {
    gilint().args(["check"]).assert().code(2);
    gilint().args(["--format", "xml", EXAMPLE]).assert().code(2);
}

#[test]
fn a_directory_without_reports_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    gilint()
        .arg(dir.path())
        .assert()
        .code(0)
        .stderr(contains("no reports found"))
        .stdout(contains("in 0 files"));
}

/// Runs gilint with stdout on a pipe whose reader goes away after a few bytes, as
/// `gilint … | head` does; returns the exit code and stderr.
fn run_into_closed_pipe(args: &[&str]) -> (Option<i32>, String) {
    use std::io::Read;
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("gilint"))
        .args(args)
        .env("GILINT_CACHE_DIR", common::CACHE_DIR)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("gilint starts");
    let mut first = [0u8; 16];
    let mut stdout = child.stdout.take().expect("piped stdout");
    stdout.read_exact(&mut first).expect("some output");
    drop(stdout);
    let output = child.wait_with_output().expect("gilint ends");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    // More output than a pipe buffers (64 KiB), so writes do fail after the reader left.
    let seed = "tests/fixtures/seeds/003_7f2f429adcda4942.txt";
    let (code, stderr) = run_into_closed_pipe(&["dump", "--format", "json", seed]);
    assert_eq!((code, stderr.as_str()), (Some(0), ""));

    let many = vec!["tests/fixtures/seeds/002_af160c066563daaa.txt"; 60];
    let mut args = vec!["check"];
    args.extend(many);
    let (code, stderr) = run_into_closed_pipe(&args);
    // The findings still decide the exit code; nothing is reported as trouble.
    assert_eq!((code, stderr.as_str()), (Some(1), ""));
}

#[test]
fn output_that_cannot_be_written_is_trouble() {
    // A full disk is not a reader that left: say so and exit 2, for every command.
    let Ok(full) = std::fs::File::options().write(true).open("/dev/full") else {
        return; // Not Linux: nothing to write into.
    };
    for args in [
        vec!["explain", "applications-unbalanced"],
        vec!["rules"],
        vec!["dump", SEED_000],
    ] {
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("gilint"))
            .args(&args)
            .env("GILINT_CACHE_DIR", common::CACHE_DIR)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(full.try_clone().expect("dup"))
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("cannot write the output"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn output_is_the_same_whatever_the_number_of_threads() {
    let run = |threads: &str| {
        let out = gilint()
            .args(["check", "--format", "concise", "-j", threads])
            .args(["tests/fixtures/seeds", "tests/fixtures/formats"])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1), "{threads} threads");
        String::from_utf8(out.stdout).expect("UTF-8")
    };
    let one = run("1");
    assert!(one.lines().count() > 20, "{one}");
    assert_eq!(one, run("3"));
    gilint()
        .args(["check", "-j", "0", "tests/fixtures/seeds"])
        .assert()
        .code(2)
        .stderr(contains("--threads"));
}
