//! A battery of bad inputs, each with its asserted outcome. For every one: exit code 0, 1
//! or 2; on 2, stderr names the file and the problem; stderr never contains `panicked at`;
//! the input is left unchanged. Bounds are stated per case; they are measured in
//! `bench/` (not timed here), and each case must finish well inside the 30 s the
//! acceptance battery allows.

mod common;

use std::path::{Path, PathBuf};

struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
}

fn gilint(args: &[&str], inputs: &[&Path]) -> Outcome {
    let mut cmd = common::gilint();
    cmd.args(args).args(inputs);
    // Only regular files are compared: reading a FIFO would block the test itself.
    let snapshot = || -> Vec<Option<Vec<u8>>> {
        inputs
            .iter()
            .map(|p| {
                std::fs::metadata(p)
                    .ok()
                    .filter(|m| m.is_file())
                    .and_then(|_| std::fs::read(p).ok())
            })
            .collect()
    };
    let before = snapshot();
    let out = cmd.output().expect("runs");
    let after = snapshot();
    assert!(before == after, "an input file was modified");
    let outcome = Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        !outcome.stderr.contains("panicked at"),
        "panic: {}",
        outcome.stderr
    );
    assert!(
        (0..=2).contains(&outcome.code),
        "exit {}: {}",
        outcome.code,
        outcome.stderr
    );
    outcome
}

/// Asserts exit 2 with the file's name and `reason` on stderr.
fn refused(path: &Path, reason: &str) {
    for sub in ["check", "dump"] {
        let out = gilint(&[sub], &[path]);
        assert_eq!(out.code, 2, "{sub} {}: {}", path.display(), out.stderr);
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .to_string();
        assert!(
            out.stderr.contains(&name) && out.stderr.contains(reason),
            "{sub}: {}",
            out.stderr
        );
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

fn seed() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/seeds/000_51c5df7f018f761b.txt"
    ))
    .expect("seed")
}

#[test]
fn empty_whitespace_binary_and_undecodable_files_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    refused(&write(dir.path(), "empty.txt", b""), "empty");
    refused(
        &write(dir.path(), "blank.txt", " \n\t\r\n\u{3000}".as_bytes()),
        "only whitespace",
    );
    refused(
        &write(
            dir.path(),
            "image.txt",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0",
        ),
        "not a text file",
    );
    let mut nul = seed().into_bytes();
    nul.insert(200, 0);
    refused(&write(dir.path(), "nul.txt", &nul), "not a text file");
    refused(
        &write(
            dir.path(),
            "garbage.txt",
            b"abc \xff\xfd\x80\x80\x80\xff abc \xff\xff",
        ),
        "neither valid UTF-8 nor valid GB18030",
    );
    // UTF-16 with a BOM but an odd byte count (a truncated file).
    refused(
        &write(dir.path(), "utf16.txt", b"\xff\xfe\x00\xd8"),
        "neither valid UTF-8 nor valid GB18030",
    );
}

#[test]
fn mixed_encodings_do_not_crash() {
    // A UTF-8 report with one line pasted from a GBK file: not valid UTF-8, so it is read
    // as GB18030 (mojibake) or refused — either way named, never a panic.
    let dir = tempfile::tempdir().expect("tempdir");
    let mut bytes = seed().into_bytes();
    bytes.extend_from_slice(
        &encoding_rs::GB18030
            .encode("六、其他需要报告的事项\n本年度未收取信息处理费。\n")
            .0,
    );
    let path = write(dir.path(), "mixed.txt", &bytes);
    let out = gilint(&["check"], &[&path]);
    if out.code == 2 {
        assert!(out.stderr.contains("mixed.txt"));
    }
}

#[test]
fn size_limit_is_enforced_and_configurable() {
    // 100 MB: refused by the default 50 MiB limit without reading it all (bounded memory).
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("huge.txt");
    let file = std::fs::File::create(&path).expect("create");
    file.set_len(100 * 1024 * 1024).expect("sparse file");
    let out = gilint(&["check"], &[&path]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("huge.txt") && out.stderr.contains("--max-file-size"),
        "{}",
        out.stderr
    );
    let small = write(dir.path(), "small.txt", seed().as_bytes());
    let out = gilint(&["check", "--max-file-size", "1000"], &[&small]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("small.txt") && out.stderr.contains("limit of 1000 bytes"));
}

#[test]
fn a_single_20_mb_line_is_read_in_linear_time() {
    // Bound: linear in size; measured by bench/run.sh, well under 30 s in a release build.
    let dir = tempfile::tempdir().expect("tempdir");
    let sentence = "2023年，本机关新收政府信息公开申请3件，办结3件。一、总体情况 ";
    let line = sentence.repeat(20 * 1024 * 1024 / sentence.len());
    let path = write(dir.path(), "one-line.txt", line.as_bytes());
    let out = gilint(&["check", "--format", "concise"], &[&path]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.contains("section-missing"));
}

#[test]
fn many_table_like_lines_repeated_headings_and_wide_tables() {
    let dir = tempfile::tempdir().expect("tempdir");
    // 300,000 table-like lines (a million in the benchmark): parsed, bounded.
    let mut rows = String::from("三、收到和处理政府信息公开申请情况\n");
    for i in 0..300_000 {
        rows.push_str(&format!(
            "一、本年新收政府信息公开申请数量\t\t{i}\t0\t0\t0\t0\t0\t{i}\n"
        ));
    }
    let out = gilint(
        &["check", "--format", "concise"],
        &[&write(dir.path(), "rows.txt", rows.as_bytes())],
    );
    assert_eq!(out.code, 1);
    // 10,000 repeated headings: the first of each is the heading; no blow-up.
    let headings = "一、总体情况\n内容。\n二、主动公开政府信息情况\n".repeat(10_000);
    let out = gilint(
        &["check", "--format", "concise"],
        &[&write(dir.path(), "headings.txt", headings.as_bytes())],
    );
    assert_eq!(out.code, 1);
    // Tables with 500 columns: the last seven numbers are the row.
    let wide: String = seed()
        .lines()
        .map(|l| {
            if l.starts_with("一、本年新收") {
                format!("{l}{}", "\t0".repeat(500))
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let out = gilint(
        &["check"],
        &[&write(dir.path(), "wide.txt", wide.as_bytes())],
    );
    assert!(out.code == 0 || out.code == 1);
    // Numbers too large for any arithmetic: not assessable or unreadable, never wrong.
    let huge = seed().replacen(
        "一、本年新收政府信息公开申请数量\t\t1",
        "一、本年新收政府信息公开申请数量\t\t99999999999999999999999999999999999",
        1,
    );
    let out = gilint(
        &["check", "--format", "json"],
        &[&write(dir.path(), "huge-numbers.txt", huge.as_bytes())],
    );
    assert!(out.code == 0 || out.code == 1, "{}", out.stderr);
    let big = seed().replace("\t0\t", "\t170141183460469231731687303715884\t");
    let out = gilint(
        &["check", "--format", "json"],
        &[&write(dir.path(), "big-numbers.txt", big.as_bytes())],
    );
    assert!(out.code == 0 || out.code == 1, "{}", out.stderr);
}

#[test]
fn directories_missing_paths_special_files_and_symlink_loops() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = gilint(&["dump"], &[dir.path()]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("is a directory"));
    let missing = dir.path().join("missing.txt");
    refused(&missing, "no such file or directory");
    // A FIFO would block a reader forever: refused without opening it.
    let fifo = dir.path().join("pipe.txt");
    if std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        refused(&fifo, "not a regular file");
    }
    // A symlink loop inside a walked directory: named, exit 2, the other files still checked.
    let walked = dir.path().join("walked");
    std::fs::create_dir(&walked).expect("mkdir");
    write(&walked, "report.txt", seed().as_bytes());
    #[cfg(unix)]
    std::os::unix::fs::symlink(&walked, walked.join("loop")).expect("symlink");
    let out = gilint(&["check", "--format", "concise"], &[&walked]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("loop"), "{}", out.stderr);
    assert!(out.stdout.contains("report.txt:"), "{}", out.stdout);
}

#[test]
fn unreadable_files_are_named() {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = write(dir.path(), "secret.txt", seed().as_bytes());
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).expect("chmod");
        if std::fs::read(&path).is_ok() {
            eprintln!(
                "running as root: permission bits do not apply; unreadable-file case not exercised"
            );
            return;
        }
        refused(&path, "permission denied");
    }
}

fn rule_file(dir: &Path, text: &str) -> Outcome {
    let rules = dir.join("rules");
    std::fs::create_dir_all(&rules).expect("mkdir");
    std::fs::write(rules.join("r.toml"), text).expect("write");
    let report = write(dir, "report.txt", seed().as_bytes());
    gilint(
        &["check", "--rules", &rules.display().to_string()],
        &[&report],
    )
}

const RULE_HEAD: &str = "id = \"my-rule\"\ntitle = \"测试规则\"\ncategory = \"content\"\nseverity = \"warning\"\nprofiles = [\"format2021\"]\nmessage = \"m\"\nhelp = \"h\"\ndocs = \"d\"\n[examples]\nfail = \"f\"\npass = \"p\"\n[check]\n";

#[test]
fn malformed_rule_files() {
    let cases = [
        ("not toml", "= = ="),
        ("wrong type", &RULE_HEAD.replace("severity = \"warning\"", "severity = 3")),
        ("unknown field", &format!("{RULE_HEAD}kind = \"forbid-text\"\npattern = \"x\"\ncolour = 1\n")),
        ("invalid regex", &format!("{RULE_HEAD}kind = \"forbid-text\"\npattern = \"[\"\n")),
        ("huge regex", &format!("{RULE_HEAD}kind = \"forbid-text\"\npattern = \"(a{{1000}}){{1000}}\"\n")),
        ("unknown cell", &format!("{RULE_HEAD}kind = \"require-text\"\npattern = \"x\"\nwhen = \"t3.granted:totl > 0\"\n")),
        ("division", &format!("{RULE_HEAD}kind = \"equation\"\ntable = \"t3\"\nfor_each = \"column\"\nassert = \"granted / 0 == 1\"\n")),
        ("huge number", &format!("{RULE_HEAD}kind = \"equation\"\ntable = \"t3\"\nfor_each = \"column\"\nassert = \"granted == 999999999999999999999999999999999999\"\n")),
        ("missing field", &format!("{RULE_HEAD}kind = \"equation\"\ntable = \"t3\"\n")),
        ("stated words on the usual reading", &format!("{RULE_HEAD}kind = \"narrative\"\n[check.captures]\na = '收(?P<n>[0-9]+)件'\nb = '结(?P<n>[0-9]+)件'\n[[check.readings]]\nassert = \"a == b\"\nnote = \"n\"\nstated = \"含\"\n")),
        ("not_between with a pattern", &format!("{RULE_HEAD}kind = \"narrative\"\npattern = '收(?P<n>[0-9]+)件'\nexpect = [\"t3.new_received:total\"]\nnot_between = \"较\"\n")),
        ("negative tolerance", &format!("{RULE_HEAD}kind = \"equation\"\ntable = \"t3\"\nfor_each = \"row\"\nassert = \"total == 0\"\ntolerance = -1.0\n")),
    ];
    for (what, text) in cases {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = rule_file(dir.path(), text);
        assert_eq!(out.code, 2, "{what}: {}", out.stderr);
        assert!(out.stderr.contains("r.toml"), "{what}: {}", out.stderr);
    }
}

#[test]
fn malformed_config_files() {
    let cases = [
        ("not toml", "ignore = ["),
        ("wrong type", "ignore = 3"),
        ("unknown key", "colour = true"),
        ("bad severity", "[severity]\ntable-missing = 1"),
        (
            "bad glob",
            "[per-file-ignores]\n\"a/[b\" = [\"table-missing\"]",
        ),
        ("huge year", "year = 99999999999999999999"),
    ];
    for (what, text) in cases {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("gilint.toml"), text).expect("write");
        let report = write(dir.path(), "report.txt", seed().as_bytes());
        let out = gilint(&["check"], &[&report]);
        assert_eq!(out.code, 2, "{what}: {}", out.stderr);
        assert!(out.stderr.contains("gilint.toml"), "{what}: {}", out.stderr);
    }
}
