//! `gilint extract` gives back exactly the numbers a report was generated with, in every
//! shape; `gilint template` prints a report that passes every rule except the one that
//! catches unfilled placeholders.

mod common;

use common::gilint;

use common::generate::{self, Rng, Shape, Spec, T3_COLUMNS, T3_ROWS, T4_COLUMNS, T4_GROUPS};
use gilint::diagnostic::Severity;
use gilint::document::{Num, TableId};
use gilint::ruleset::RuleSet;
use gilint::template::{template, TemplateStyle};
use predicates::str::contains;

#[test]
fn extracted_values_equal_the_generated_ones() {
    for seed in 0..12u64 {
        for shape in Shape::ALL {
            let mut spec = Spec::random(&mut Rng::new(seed));
            // Every third report adds the groups' 小计 rows (else one in seven does).
            spec.subtotals |= seed % 3 == 0;
            let rendered = generate::render(&spec, shape);
            let name = format!("g.{}", shape.extension());
            let (_, report) = gilint::read_report(&name, &rendered.bytes).expect("reads");
            let e = gilint::extract::extract(&report);
            assert!(e.gaps.is_empty(), "{shape:?}: {:?}", e.gaps);
            assert_eq!(e.year, Some(spec.year));
            assert_eq!(e.agency.as_deref(), Some(spec.agency.as_str()));
            let value = |table: TableId, row: &str, column: &str| {
                e.cells
                    .iter()
                    .find(|c| c.table == table && c.row == row && c.column == column)
                    .and_then(|c| c.value)
            };
            for (r, (_, _, key)) in T3_ROWS.iter().enumerate() {
                for (c, column) in T3_COLUMNS.iter().enumerate() {
                    assert_eq!(
                        value(TableId::T3, key, column),
                        Some(Num::from_int(spec.t3[r][c])),
                        "{shape:?} t3 {key}:{column}"
                    );
                }
            }
            for (g, group) in T4_GROUPS.iter().enumerate() {
                for (c, column) in T4_COLUMNS.iter().enumerate() {
                    assert_eq!(
                        value(TableId::T4, group, column),
                        Some(Num::from_int(spec.t4[g][c]))
                    );
                }
            }
            for (r, row) in ["rules", "normative_docs"].iter().enumerate() {
                for (c, column) in ["issued", "repealed", "in_force"].iter().enumerate() {
                    assert_eq!(
                        value(TableId::T2, row, column),
                        Some(Num::from_int(spec.t2_docs[r][c]))
                    );
                }
            }
            for (i, row) in ["licensing", "penalty", "coercion"].iter().enumerate() {
                assert_eq!(
                    value(TableId::T2, row, "decisions"),
                    Some(Num::from_int(spec.t2_decisions[i]))
                );
            }
            assert_eq!(
                value(TableId::T2, "admin_fees", "fee_amount"),
                Num::parse(&spec.t2_fee)
            );
            // A report that adds the groups' 小计 rows has their cells too.
            let groups = ["denied", "unable", "not_processed", "other_handling"];
            for (g, group) in groups.iter().enumerate() {
                for (c, column) in T3_COLUMNS.iter().enumerate() {
                    let expected = spec.subtotals.then(|| Num::from_int(spec.subtotal(g)[c]));
                    let key = format!("{group}.subtotal");
                    assert_eq!(
                        value(TableId::T3, &key, column),
                        expected,
                        "{shape:?} {key}"
                    );
                }
            }
            // 25 rows × 7 columns, 3 × 5, the 10 cells of table 二, and 4 × 7 subtotals.
            let subtotals = if spec.subtotals { 4 * 7 } else { 0 };
            assert_eq!(e.cells.len(), 175 + 15 + 10 + subtotals, "{shape:?}");
        }
    }
}

#[test]
fn the_template_passes_every_rule_but_the_placeholder_rule() {
    let rules = RuleSet::builtin().expect("rules load");
    for year in [2021, 2024, 2030] {
        for (style, ext) in [
            (TemplateStyle::Markdown, "md"),
            (TemplateStyle::Text, "txt"),
        ] {
            for agency in [None, Some("青山市司法局")] {
                let text = template(year, agency, style);
                let (_, findings) =
                    gilint::check_bytes(&rules, &format!("t.{ext}"), text.as_bytes())
                        .expect("reads");
                let others: Vec<_> = findings
                    .iter()
                    .filter(|f| f.rule != "placeholder-text")
                    // Its date (and without --agency, the agency) is a placeholder too:
                    // the deadline, and whether a government's rules apply, cannot be told.
                    .filter(|f| {
                        let placeholder = ["published-late", "accountability-results-missing"];
                        !(f.not_assessable && placeholder.contains(&f.rule.as_str()))
                    })
                    .filter(|f| f.severity >= Severity::Warning || f.not_assessable)
                    .map(|f| format!("{}: {}", f.rule, f.message))
                    .collect();
                assert!(others.is_empty(), "{year} {style:?}: {others:#?}");
                assert!(findings.iter().any(|f| f.rule == "placeholder-text"));
            }
        }
    }
}

#[test]
fn extract_writes_csv_and_json_and_lists_what_it_could_not_read() {
    let out = gilint()
        .args(["extract", "examples/report-2023.txt"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let csv = String::from_utf8(out.stdout).expect("utf-8");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "file,agency,year,table,row,row_label,column,column_label,value,raw,line,status,reason"
        )
    );
    let t3: Vec<&str> = csv.lines().filter(|l| l.contains(",t3,")).collect();
    assert_eq!(t3.len(), 25 * 7);
    assert!(csv.contains(",2023,t3,result_total,(七)总计,total,总计,26,26,74,ok,"));

    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("empty.txt"), "").expect("write");
    std::fs::copy(
        "tests/fixtures/seeds/002_af160c066563daaa.txt",
        dir.path().join("lost-tables.txt"),
    )
    .expect("copy");
    let out = gilint()
        .args(["extract", "--format", "json"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "an unreadable file exits 2");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let reports = json["reports"].as_array().expect("reports");
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[0]["error"], "the file is empty");
    let gaps = reports[1]["gaps"].as_array().expect("gaps");
    assert_eq!(
        gaps.iter().filter(|g| g["status"] == "absent").count(),
        3,
        "tables lost in the copy are listed"
    );

    // CSV over several files (written file by file): one header, then every file's rows.
    let out = gilint()
        .arg("extract")
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let csv = String::from_utf8(out.stdout).expect("utf-8");
    assert_eq!(
        csv.lines().filter(|l| l.starts_with("file,agency")).count(),
        1
    );
    assert!(csv.lines().nth(1).is_some_and(|l| l.contains("empty.txt")));
    assert!(csv.lines().any(|l| l.contains("lost-tables.txt")));
}

#[test]
fn extract_tells_a_cell_left_blank_from_a_zero_written() {
    let report = std::fs::read_to_string("tests/fixtures/formats/clean.txt").expect("read");
    // 行政许可's count and 规章's repealed count left blank.
    let report = report
        .replace("行政许可\t120", "行政许可\t")
        .replace("规章\t0\t0\t0", "规章\t0\t\t0");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("blanks.txt");
    std::fs::write(&path, report).expect("write");
    let out = gilint().arg("extract").arg(&path).output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let csv = String::from_utf8(out.stdout).expect("utf-8");
    let status = |row: &str, column: &str| {
        csv.lines()
            .find(|l| l.contains(&format!(",{row},")) && l.contains(&format!(",{column},")))
            .and_then(|l| l.split(',').nth(11).map(str::to_string))
    };
    assert_eq!(status("licensing", "decisions").as_deref(), Some("blank"));
    assert_eq!(status("rules", "repealed").as_deref(), Some("blank"));
    assert_eq!(status("rules", "issued").as_deref(), Some("ok"));
    let out = gilint()
        .args(["extract", "--format", "json"])
        .arg(&path)
        .output()
        .expect("runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let cells = json["reports"][0]["cells"].as_array().expect("cells");
    let blank: Vec<(&str, &str)> = cells
        .iter()
        .filter(|c| c["status"] == "blank")
        .filter_map(|c| Some((c["row"].as_str()?, c["column"].as_str()?)))
        .collect();
    assert_eq!(blank, [("rules", "repealed"), ("licensing", "decisions")]);
    assert!(cells
        .iter()
        .filter(|c| c["status"] == "blank")
        .all(|c| c["value"] == 0 && c["raw"] == ""));
}

#[test]
fn extract_bom_begins_the_csv_with_one_mark_and_is_refused_for_json() {
    let plain = gilint()
        .args(["extract", "examples/report-2023.txt"])
        .output()
        .expect("runs");
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("cells.csv");
    let out = gilint()
        .args([
            "extract",
            "--bom",
            "examples/report-2023.txt",
            "--output-file",
        ])
        .arg(&file)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let written = std::fs::read(&file).expect("written");
    let rest = written
        .strip_prefix("\u{feff}".as_bytes())
        .expect("begins with the mark");
    assert_eq!(rest, plain.stdout.as_slice(), "the mark, then the same CSV");

    gilint()
        .args([
            "extract",
            "--bom",
            "--format",
            "json",
            "examples/report-2023.txt",
        ])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("--bom is for CSV"));
}

#[test]
fn template_prints_a_report_and_refuses_old_years() {
    gilint()
        .args(["template", "--year", "2024", "--agency", "青山市司法局"])
        .assert()
        .code(0)
        .stdout(contains("# 青山市司法局2024年政府信息公开工作年度报告"))
        .stdout(contains("## 六、其他需要报告的事项"));
    gilint()
        .args(["template", "--year", "2019"])
        .assert()
        .code(2)
        .stderr(contains("2021 and later"));
}
