//! Every output format on the seeds and fixtures: SARIF validates against the official
//! 2.1.0 schema, GitHub workflow commands are escaped, rdjson, GitLab's Code Quality issues,
//! JUnit XML and statistics are well formed.

mod common;

use common::gilint;

use predicates::str::contains;

const INPUTS: &[&str] = &[
    "tests/fixtures/seeds",
    "tests/fixtures/rules/applications-unbalanced/fail.txt",
    // Findings with suggested fixes: SARIF's `fixes`, rdjson's `suggestions`.
    "tests/fixtures/fixes/total-typed-wrong.txt",
    "examples/report-2023.txt",
];

fn output(format: &str) -> String {
    let out = gilint()
        .args(["--format", format])
        .args(INPUTS)
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("schemas/sarif-schema-2.1.0.json")).expect("schema");
    let validator = jsonschema::validator_for(&schema).expect("valid schema");
    let sarif: serde_json::Value = serde_json::from_str(&output("sarif")).expect("json");
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let run = &sarif["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "gilint");
    let results = run["results"].as_array().expect("results");
    let unbalanced = results
        .iter()
        .find(|r| r["ruleId"] == "applications-unbalanced" && r["level"] == "error")
        .expect("finding");
    assert_eq!(unbalanced["level"], "error");
    let region = &unbalanced["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 74);
    assert!(unbalanced["relatedLocations"]
        .as_array()
        .is_some_and(|r| r.len() >= 3));
    assert_eq!(
        unbalanced["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "tests/fixtures/rules/applications-unbalanced/fail.txt"
    );
    assert!(
        results
            .iter()
            .any(|r| r["fixes"].as_array().is_some_and(|f| !f.is_empty())),
        "no result with fixes: the schema did not see one"
    );
}

/// Results are written batch by batch (64 files a batch) and the list of files at the
/// end: every result must still name its file by the right index.
#[test]
fn sarif_results_point_at_their_files_across_batches() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fixture =
        std::fs::read("tests/fixtures/rules/applications-unbalanced/fail.txt").expect("fixture");
    for i in 0..70 {
        std::fs::write(dir.path().join(format!("r{i:02}.txt")), &fixture).expect("write");
    }
    let out = gilint()
        .args(["--format", "sarif", "--no-cache"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let run = &sarif["runs"][0];
    let artifacts = run["artifacts"].as_array().expect("artifacts");
    assert_eq!(artifacts.len(), 70);
    let results = run["results"].as_array().expect("results");
    assert!(results.len() >= 70, "{}", results.len());
    for result in results {
        let location = &result["locations"][0]["physicalLocation"]["artifactLocation"];
        let index = location["index"].as_u64().expect("index") as usize;
        assert_eq!(artifacts[index]["location"]["uri"], location["uri"]);
    }
    let last = &results[results.len() - 1]["locations"][0]["physicalLocation"];
    assert!(last["artifactLocation"]["uri"]
        .as_str()
        .is_some_and(|u| u.ends_with("r69.txt")));
}

#[test]
fn github_commands_name_the_place_and_escape_messages() {
    let out = output("github");
    assert!(
        out.lines().all(|l| l.starts_with("::error ")
            || l.starts_with("::warning ")
            || l.starts_with("::notice ")),
        "{out}"
    );
    assert!(out.contains("::error file=tests/fixtures/seeds/002_af160c066563daaa.txt,line=19,col=1,endLine=19,endColumn=18,title=gilint table-missing::"));
    // Multi-line messages stay on one line.
    assert!(out.contains("%0Ahelp: "));
}

#[test]
fn github_escaping_of_percent_comma_colon_and_newline() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("odd.toml"),
        r#"id = "odd-message"
title = "一个消息特别的规则"
category = "content"
severity = "warning"
profiles = ["format2021"]
message = "完成率 100%, 比例: 1:2\n第二行"
help = "h"
docs = "依据：测试 [practice]"
[examples]
fail = "x"
pass = "y"
[check]
kind = "forbid-text"
pattern = "青山市"
"#,
    )
    .expect("write");
    gilint()
        .args(["--format", "github", "--select", "odd-message", "--rules"])
        .arg(dir.path())
        .arg("examples/report-2023.txt")
        .assert()
        .code(0)
        .stdout(contains("::warning file=examples/report-2023.txt,line=1,col=1,endLine=1,endColumn=4,title=gilint odd-message::完成率 100%25, 比例: 1:2%0A第二行%0Ahelp: h"));
}

#[test]
fn rdjson_for_reviewdog() {
    let doc: serde_json::Value = serde_json::from_str(&output("rdjson")).expect("json");
    assert_eq!(doc["source"]["name"], "gilint");
    let d = doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"]["value"] == "table-missing")
        .expect("finding");
    assert_eq!(d["severity"], "ERROR");
    assert_eq!(d["location"]["range"]["start"]["line"], 17);
    assert_eq!(d["location"]["range"]["start"]["column"], 1);
    // Columns count UTF-8 bytes: 二、主动公开政府信息情况 is 12 characters, 36 bytes.
    assert_eq!(d["location"]["range"]["end"]["column"], 37);
}

#[test]
fn gitlab_code_quality_issues() {
    let json = output("gitlab");
    let doc: serde_json::Value = serde_json::from_str(&json).expect("json");
    let issues = doc.as_array().expect("an array of issues");
    // Every finding of the concise output, in its order, is one issue.
    let concise = output("concise");
    assert_eq!(issues.len(), concise.lines().count());
    let mut fingerprints = std::collections::HashSet::new();
    for (issue, line) in issues.iter().zip(concise.lines()) {
        let (place, rest) = line.split_once(": ").expect("concise line");
        let mut place = place.rsplitn(3, ':');
        let (_column, at, path) = (place.next(), place.next(), place.next());
        assert_eq!(issue["location"]["path"].as_str(), path, "{issue}");
        assert_eq!(
            issue["location"]["lines"]["begin"].to_string(),
            at.expect("line")
        );
        assert!(
            issue["location"]["lines"]["end"].as_u64()
                >= issue["location"]["lines"]["begin"].as_u64()
        );
        let severity = match rest.split('[').next() {
            Some("error") => "major",
            Some("warning") => "minor",
            _ => "info",
        };
        assert_eq!(issue["severity"], severity, "{issue}");
        assert!(rest.contains(&format!(
            "[{}]",
            issue["check_name"].as_str().expect("rule")
        )));
        assert!(!issue["description"]
            .as_str()
            .expect("description")
            .is_empty());
        // GitLab shows only the first of issues with one fingerprint.
        let fingerprint = issue["fingerprint"].as_str().expect("fingerprint");
        assert_eq!(fingerprint.len(), 32);
        assert!(
            fingerprints.insert(fingerprint.to_string()),
            "{fingerprint} twice"
        );
    }
    // The same findings give the same fingerprints run after run.
    assert_eq!(output("gitlab"), json);
}

/// The JUnit XML is well formed (every element closed, entities valid), and has a test
/// case per finding: failures for findings, skipped for checks that could not look; a
/// report that cannot be read is an error.
#[test]
fn junit_test_cases_are_the_findings() {
    use quick_xml::events::Event;
    let junit = output("junit");
    let concise = output("concise");
    let mut reader = quick_xml::Reader::from_str(&junit);
    let (mut suites, mut cases, mut failures, mut skipped, mut events) = (0, 0, 0, 0, 0);
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) => {
                match e.name().as_ref() {
                    b"testsuite" => suites += 1,
                    b"testcase" => cases += 1,
                    b"failure" => failures += 1,
                    b"skipped" => skipped += 1,
                    _ => {}
                }
                for attribute in e.attributes() {
                    attribute
                        .expect("attribute")
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .expect("valid entities");
                }
            }
            Event::Text(t) => {
                t.decode().expect("text");
            }
            Event::Eof => break,
            _ => {}
        }
        events += 1;
    }
    assert!(events > 0);
    // examples/report-2023.txt has no finding: one passing case.
    assert_eq!(failures + skipped, concise.lines().count());
    assert_eq!(cases, failures + skipped + 1);
    let not_assessable = concise.lines().filter(|l| l.contains("无法核对")).count();
    assert_eq!(skipped, not_assessable);
    // A suite per report checked (the seeds directory holds five).
    assert_eq!(suites, INPUTS.len() - 1 + 5);

    let out = gilint()
        .args(["--format", "junit", "tests/fixtures/no-such-report.txt"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let junit = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        junit.contains("errors=\"1\"")
            && junit.contains("<error message=\"no such file or directory\" type=\"unreadable\"/>"),
        "{junit}"
    );
}

/// The VS Code problem matcher the README gives reads every concise line: file, line,
/// column, severity, rule and message.
#[test]
fn the_readme_s_vs_code_problem_matcher_reads_concise_output() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    let task = readme
        .split("```json\n")
        .skip(1)
        .filter_map(|block| block.split("\n```").next())
        .find(|block| block.contains("problemMatcher"))
        .expect("the README's tasks.json");
    let task: serde_json::Value = serde_json::from_str(task).expect("tasks.json is JSON");
    let pattern = &task["tasks"][0]["problemMatcher"]["pattern"];
    let matcher = regex::Regex::new(pattern["regexp"].as_str().expect("regexp")).expect("regex");
    let group = |name: &str| pattern[name].as_u64().expect("group") as usize;
    let out = output("concise");
    assert!(out.lines().count() > 10);
    for line in out.lines() {
        let c = matcher
            .captures(line)
            .unwrap_or_else(|| panic!("not matched: {line}"));
        assert!(std::path::Path::new(&c[group("file")]).exists(), "{line}");
        assert!(c[group("line")].parse::<usize>().is_ok_and(|n| n >= 1));
        assert!(c[group("column")].parse::<usize>().is_ok_and(|n| n >= 1));
        assert!(line.contains(&format!("{}[{}]", &c[group("severity")], &c[group("code")])));
        assert!(!c[group("message")].is_empty());
    }
}

#[test]
fn concise_lines() {
    let out = output("concise");
    let line = regex::Regex::new(r"^[^:]+:\d+:\d+: (error|warning|info)\[[a-z0-9-]+\] .+$")
        .expect("regex");
    for l in out.lines() {
        assert!(line.is_match(l), "{l}");
    }
}

#[test]
fn statistics_and_output_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("out.sarif");
    gilint()
        .args(["--format", "sarif", "--output-file"])
        .arg(&path)
        .args(INPUTS)
        .assert()
        .code(1)
        .stdout("");
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).expect("written")).expect("json");
    assert_eq!(written["version"], "2.1.0");
    gilint()
        .args(["--statistics"])
        .args(INPUTS)
        .assert()
        .code(1)
        .stdout(predicates::str::is_match(r"(?m)^\s+6  error\s+table-missing$").expect("regex"));
}
