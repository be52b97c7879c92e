//! The findings cache end to end: a second run answers from the cache with output
//! byte-identical to checking; anything that could change a finding (the report's bytes,
//! a rule file, the configuration, the command line's selection) makes it check again;
//! --no-cache, a cache that cannot be written, a damaged cache, `gilint clean`.

mod common;

use std::path::{Path, PathBuf};

use predicates::str::contains;

/// Reports of every kind gilint reads, copied where a test may change them.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for (from, names) in [
        (
            "seeds",
            &["000_51c5df7f018f761b.txt", "002_af160c066563daaa.txt"][..],
        ),
        (
            "formats",
            &["missing-section.html", "unbalanced-t3.docx", "clean.txt"][..],
        ),
    ] {
        for name in names {
            std::fs::copy(fixtures.join(from).join(name), dir.path().join(name)).expect("copy");
        }
    }
    dir
}

const REPORTS: usize = 5;

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, cache: &Path, args: &[&str]) -> Run {
    let out = common::gilint()
        .current_dir(dir)
        .env("GILINT_CACHE_DIR", cache)
        .args(["check", "--verbose"])
        .args(args)
        .arg(".")
        .output()
        .expect("runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn from_cache(run: &Run) -> usize {
    let said = run
        .stderr
        .lines()
        .find_map(|l| l.strip_prefix(&format!("gilint: {REPORTS} reports, ")))
        .unwrap_or_else(|| panic!("no cache line in {}", run.stderr));
    said.split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in {said}"))
}

#[test]
fn a_second_run_answers_from_the_cache_as_checking_would_in_every_format() {
    let dir = workspace();
    let cache = dir.path().join("cache");
    let first = run(dir.path(), &cache, &[]);
    assert_eq!(from_cache(&first), 0, "the first run has nothing cached");
    // Findings are kept, not output: every format is rendered from the same entries.
    for format in [
        "human", "json", "sarif", "concise", "github", "rdjson", "gitlab", "junit",
    ] {
        let args = ["--format", format];
        let checked = run(dir.path(), &cache, &[&args[..], &["--no-cache"]].concat());
        let cached = run(dir.path(), &cache, &args);
        assert_eq!(from_cache(&cached), REPORTS, "{format}: {}", cached.stderr);
        assert_eq!(cached.stdout, checked.stdout, "{format}");
        assert_eq!(cached.code, checked.code, "{format}");
        assert!(checked.stdout.contains("unbalanced-t3.docx"));
    }
    assert_eq!(first.stdout, run(dir.path(), &cache, &[]).stdout);
    let statistics = run(dir.path(), &cache, &["--statistics"]);
    assert_eq!(from_cache(&statistics), REPORTS);
    assert_eq!(
        statistics.stdout,
        run(dir.path(), &cache, &["--statistics", "--no-cache"]).stdout
    );
}

#[test]
fn a_changed_report_is_checked_again_and_the_others_are_not() {
    let dir = workspace();
    let cache = dir.path().join("cache");
    run(dir.path(), &cache, &[]);
    let report = dir.path().join("clean.txt");
    let text = std::fs::read_to_string(&report).expect("read");
    // Drop section 六: the edited report has a finding the cached one had not.
    let cut = text.find("六、").expect("section 六");
    std::fs::write(&report, &text[..cut]).expect("write");
    let edited = run(dir.path(), &cache, &["--format", "concise"]);
    assert_eq!(from_cache(&edited), REPORTS - 1);
    let checked = run(dir.path(), &cache, &["--format", "concise", "--no-cache"]);
    assert_eq!(edited.stdout, checked.stdout);
    assert!(
        edited
            .stdout
            .lines()
            .any(|l| l.contains("clean.txt") && l.contains("section-missing")),
        "{}",
        edited.stdout
    );
}

#[test]
fn rules_configuration_and_selection_each_make_it_check_again() {
    let dir = workspace();
    let cache = dir.path().join("cache");
    run(dir.path(), &cache, &[]);
    assert_eq!(from_cache(&run(dir.path(), &cache, &[])), REPORTS);

    let selected = run(dir.path(), &cache, &["--select", "arithmetic"]);
    assert_eq!(from_cache(&selected), 0, "another selection");

    std::fs::write(dir.path().join("gilint.toml"), "ignore = [\"fee\"]\n").expect("config");
    let configured = run(dir.path(), &cache, &[]);
    assert_eq!(from_cache(&configured), 0, "a configuration");
    std::fs::write(dir.path().join("gilint.toml"), "ignore = [\"content\"]\n").expect("config");
    assert_eq!(from_cache(&run(dir.path(), &cache, &[])), 0, "another one");
    std::fs::remove_file(dir.path().join("gilint.toml")).expect("rm");

    let (rules, rule) = user_rule_dir();
    let rules_dir = rules.path().display().to_string();
    let with_rules = run(dir.path(), &cache, &["--rules", &rules_dir]);
    assert_eq!(from_cache(&with_rules), 0, "a rule directory");
    assert_eq!(
        from_cache(&run(dir.path(), &cache, &["--rules", &rules_dir])),
        REPORTS
    );
    std::fs::write(
        rules.path().join("mine.toml"),
        // The same length: the content counts, not only the size.
        rule.replace("severity = \"error\"", "severity = \"info\" "),
    )
    .expect("write");
    let edited_rules = run(dir.path(), &cache, &["--rules", &rules_dir]);
    assert_eq!(from_cache(&edited_rules), 0, "an edited rule file");
}

/// A rule directory holding `mine.toml`, a copy of a built-in rule (which it overrides),
/// and the rule's text.
fn user_rule_dir() -> (tempfile::TempDir, String) {
    let rules = tempfile::tempdir().expect("tempdir");
    let rule = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/common/section-missing.toml"),
    )
    .expect("a built-in rule");
    std::fs::write(rules.path().join("mine.toml"), &rule).expect("write");
    (rules, rule)
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .collect()
}

#[test]
fn no_cache_neither_reads_nor_writes_it() {
    let dir = workspace();
    let cache = dir.path().join("cache");
    let r = run(dir.path(), &cache, &["--no-cache"]);
    assert!(r.stderr.contains("findings cache off"), "{}", r.stderr);
    assert!(!cache.exists());
    common::gilint()
        .current_dir(dir.path())
        .env("GILINT_CACHE_DIR", &cache)
        .env("GILINT_NO_CACHE", "1")
        .args(["check", "."])
        .assert()
        .code(1);
    assert!(!cache.exists(), "GILINT_NO_CACHE=1 is --no-cache");
}

#[test]
fn a_cache_that_cannot_be_kept_is_said_and_changes_nothing_else() {
    let dir = workspace();
    let not_a_dir = dir.path().join("a-file");
    std::fs::write(&not_a_dir, "").expect("write");
    let r = run(dir.path(), &not_a_dir, &["--format", "concise"]);
    let checked = run(
        dir.path(),
        &not_a_dir,
        &["--format", "concise", "--no-cache"],
    );
    assert!(
        r.stderr.contains("cannot keep the findings cache here"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stdout, checked.stdout);
    assert_eq!(r.code, checked.code);
}

#[test]
fn a_damaged_cache_is_a_miss() {
    let dir = workspace();
    let cache = dir.path().join("cache");
    let first = run(dir.path(), &cache, &["--format", "json"]);
    let packs: Vec<PathBuf> = files_under(&cache)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "pack"))
        .collect();
    assert_eq!(packs.len(), 1, "one pack for the run");
    let pack = std::fs::read(&packs[0]).expect("read");
    // Entries scrambled, index kept: every entry fails to decode.
    let mut scrambled = pack.clone();
    for byte in scrambled.iter_mut().take(pack.len() / 2) {
        *byte = 0xFF;
    }
    std::fs::write(&packs[0], &scrambled).expect("write");
    let damaged = run(dir.path(), &cache, &["--format", "json"]);
    assert_eq!(damaged.stdout, first.stdout);
    assert!(from_cache(&damaged) < REPORTS);
    // Cut short (the run above wrote a pack of what it checked again: gone too): the pack
    // is passed over.
    for other in files_under(&cache).iter().filter(|p| **p != packs[0]) {
        if other.extension().is_some_and(|e| e == "pack") {
            std::fs::remove_file(other).expect("rm");
        }
    }
    std::fs::write(&packs[0], &pack[..pack.len() / 3]).expect("write");
    let cut = run(dir.path(), &cache, &["--format", "json"]);
    assert_eq!(cut.stdout, first.stdout);
    assert_eq!(from_cache(&cut), 0);
}

#[test]
fn clean_removes_the_cache() {
    let dir = workspace();
    let cache = dir.path().join("cache");
    run(dir.path(), &cache, &[]);
    common::gilint()
        .args(["clean", "--cache-dir"])
        .arg(&cache)
        .assert()
        .code(0)
        .stdout(contains(format!("removed {REPORTS} cached reports")));
    assert!(!cache.exists());
    common::gilint()
        .args(["clean", "--cache-dir"])
        .arg(&cache)
        .assert()
        .code(0)
        .stdout(contains("no findings cache at"));
}

/// The kept rule sets (`rules-*` files at the cache's root).
fn kept_rule_sets(cache: &Path) -> Vec<PathBuf> {
    files_under(cache)
        .into_iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("rules-"))
        })
        .collect()
}

#[test]
fn the_built_in_rules_alone_come_from_the_build_and_are_not_kept() {
    let dir = workspace();
    let cache = dir.path().join("cache");
    let checked = run(dir.path(), &cache, &["--format", "concise"]);
    assert!(
        checked
            .stderr
            .contains("rule sets: 0 from the cache, 0 read from rule files, 1 built in"),
        "{}",
        checked.stderr
    );
    assert!(kept_rule_sets(&cache).is_empty());
    // The same findings as a run that parses the built-in rule files: a rule directory
    // that adds nothing makes the run parse them.
    let empty_rules = tempfile::tempdir().expect("tempdir");
    std::fs::write(empty_rules.path().join("README.md"), "no rules here").expect("write");
    let parsed = run(
        dir.path(),
        &dir.path().join("other-cache"),
        &[
            "--format",
            "concise",
            "--rules",
            &empty_rules.path().display().to_string(),
        ],
    );
    assert!(
        parsed
            .stderr
            .contains("0 from the cache, 1 read from rule files, 0 built in"),
        "{}",
        parsed.stderr
    );
    assert_eq!(parsed.stdout, checked.stdout);
}

#[test]
fn a_kept_rule_set_is_used_only_for_the_same_rule_files_and_only_whole() {
    let dir = workspace();
    let cache = dir.path().join("cache");
    let (rules, rule) = user_rule_dir();
    let rules_dir = rules.path().display().to_string();
    let args = ["--format", "concise", "--rules", &rules_dir];
    let checked = run(dir.path(), &cache, &args);
    assert!(checked.stdout.contains("error[section-missing]"));
    assert_eq!(
        kept_rule_sets(&cache).len(),
        1,
        "the run keeps its rule set"
    );
    // Findings forgotten, rule set kept: checking again with it finds the same.
    let forget_findings = |cache: &Path| {
        for entry in std::fs::read_dir(cache).expect("cache") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                std::fs::remove_dir_all(path).expect("rm");
            }
        }
    };
    assert!(checked
        .stderr
        .contains("rule sets: 0 from the cache, 1 read from rule files"));
    forget_findings(&cache);
    let again = run(dir.path(), &cache, &args);
    assert_eq!(from_cache(&again), 0);
    assert!(
        again.stderr.contains("rule sets: 1 from the cache, 0 read"),
        "{}",
        again.stderr
    );
    assert_eq!(again.stdout, checked.stdout);

    // An edited rule file (the same length) is read, not the rule set kept before it.
    std::fs::write(
        rules.path().join("mine.toml"),
        rule.replace("severity = \"error\"", "severity = \"info\" "),
    )
    .expect("write");
    let edited = run(dir.path(), &cache, &args);
    assert!(edited.stderr.contains("rule sets: 0 from the cache"));
    assert!(
        edited.stdout.contains("info[section-missing]")
            && !edited.stdout.contains("error[section-missing]"),
        "{}",
        edited.stdout
    );
    assert_eq!(kept_rule_sets(&cache).len(), 2);

    // A damaged rule set is passed over (and replaced).
    for kept in kept_rule_sets(&cache) {
        let mut bytes = std::fs::read(&kept).expect("read");
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0x20;
        std::fs::write(&kept, &bytes).expect("write");
    }
    forget_findings(&cache);
    let damaged = run(dir.path(), &cache, &args);
    assert!(damaged.stderr.contains("rule sets: 0 from the cache"));
    assert_eq!(damaged.stdout, edited.stdout);
    forget_findings(&cache);
    let replaced = run(dir.path(), &cache, &args);
    assert!(replaced.stderr.contains("rule sets: 1 from the cache"));
    assert_eq!(replaced.stdout, edited.stdout);
    forget_findings(&cache);
    std::fs::write(rules.path().join("mine.toml"), &rule).expect("write");
    assert_eq!(run(dir.path(), &cache, &args).stdout, checked.stdout);
}
