//! Reports as they really exist: the same report as text, as a published web page and as
//! a Word document gets the same findings, each pointing at the right place (the `<td>`
//! in the HTML source; the paragraph or table cell in Word terms). Fixtures are written
//! by tests/fixtures/formats/make.py, a producer independent of the Rust generator; the
//! libreoffice/ ones are LibreOffice 7's `--convert-to html` and `--convert-to docx` of
//! those .docx files (a real office suite's markup); the pdftotext/ ones are poppler's
//! `pdftotext -layout` of those .docx files printed to PDF by LibreOffice (see the
//! make.sh there), the pymupdf/ and pdfplumber/ ones those PDFs read by the two Python
//! libraries; the python/ ones are the web pages' and Word documents' text as
//! BeautifulSoup, html2text, docx2txt and python-docx give it (see the make.py there);
//! the browsers/ ones are the pages as w3m and lynx print them (make.sh there); the
//! pdftotext-raw/ ones are the PDFs read by `pdftotext` without `-layout`.

mod common;

use common::gilint;

use gilint::diagnostic::{Finding, Severity};
use gilint::document::{Num, TableId};
use gilint::ruleset::RuleSet;
use predicates::str::contains;

const DIR: &str = "tests/fixtures/formats";

/// (variant, the rule its defect must raise).
const VARIANTS: &[(&str, Option<&str>)] = &[
    ("clean", None),
    ("missing-section", Some("section-missing")),
    ("unbalanced-t3", Some("applications-unbalanced")),
    ("t4-total-wrong", Some("litigation-total-mismatch")),
    ("other-unexplained", Some("other-handling-unexplained")),
    ("no-fee-statement", Some("fee-statement-missing")),
];

fn check(rules: &RuleSet, name: &str) -> (gilint::source::SourceFile, Vec<Finding>) {
    let path = format!("{}/{DIR}/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).expect("fixture exists");
    gilint::check_bytes(rules, name, &bytes).expect("fixture reads")
}

fn signature(findings: &[Finding]) -> Vec<(String, Severity, bool)> {
    let mut s: Vec<_> = findings
        .iter()
        .map(|f| (f.rule.clone(), f.severity, f.not_assessable))
        .collect();
    s.sort();
    s
}

#[test]
fn the_same_report_gets_the_same_findings_in_every_format() {
    let rules = RuleSet::builtin().expect("rules load");
    for (variant, rule) in VARIANTS {
        let (_, text) = check(&rules, &format!("{variant}.txt"));
        let expected = signature(&text);
        match rule {
            Some(rule) => assert!(
                text.iter()
                    .any(|f| f.rule == *rule && f.severity >= Severity::Warning),
                "{variant}.txt lacks {rule}: {expected:?}"
            ),
            None => assert!(
                text.iter().all(|f| f.severity < Severity::Warning),
                "clean.txt: {expected:?}"
            ),
        }
        // Ours, LibreOffice's own export of our .docx to a web page (headings as
        // numbered <ol> items, <font> runs) and back to .docx (its Word writer), and the
        // text of our .docx printed to PDF by LibreOffice, as `pdftotext -layout` reads
        // it (label cells wrapped three characters a line, vertical headers), its cells
        // top-aligned and centred, and with each table's header rows repeated on every
        // page (Word's 标题行重复: a group's label, centred over the part of its group on
        // the new page, stands below its first rows); and the same PDFs as PyMuPDF reads them (a cell a
        // line, heading numbers apart from their titles) and as pdfplumber does (cells
        // one space apart, no column positions); the text BeautifulSoup and html2text
        // take from both web pages (a text node a line: numbers apart from their
        // sentences, headings without the numerals an <ol> gave them), docx2txt and
        // python-docx from the Word documents (headings without their list numbers), and
        // the pages as w3m (box-drawn tables, a row over several lines) and lynx print them.
        for name in [
            format!("{variant}.html"),
            format!("{variant}.docx"),
            format!("libreoffice/{variant}.html"),
            format!("libreoffice/{variant}.docx"),
            format!("pdftotext/{variant}.txt"),
            format!("pdftotext/{variant}-centred.txt"),
            format!("pdftotext/{variant}-headers.txt"),
            format!("pdftotext/{variant}-headers-centred.txt"),
            format!("pymupdf/{variant}.txt"),
            format!("pymupdf/{variant}-centred.txt"),
            format!("pymupdf/{variant}-headers.txt"),
            format!("pymupdf/{variant}-headers-centred.txt"),
            format!("pdfplumber/{variant}.txt"),
            format!("pdfplumber/{variant}-centred.txt"),
            format!("pdfplumber/{variant}-headers.txt"),
            format!("pdfplumber/{variant}-headers-centred.txt"),
            format!("python/{variant}.bs4.txt"),
            format!("python/{variant}.bs4-strip.txt"),
            format!("python/{variant}.html2text.md"),
            format!("python/{variant}-lo.bs4.txt"),
            format!("python/{variant}-lo.bs4-strip.txt"),
            format!("python/{variant}-lo.html2text.md"),
            format!("python/{variant}.docx2txt.txt"),
            format!("python/{variant}-lo.docx2txt.txt"),
            format!("python/{variant}.python-docx.txt"),
            format!("python/{variant}-lo.python-docx.txt"),
            format!("browsers/{variant}.w3m.txt"),
            format!("browsers/{variant}-lo.w3m.txt"),
            format!("browsers/{variant}.lynx.txt"),
            format!("browsers/{variant}-lo.lynx.txt"),
        ] {
            let (_, findings) = check(&rules, &name);
            assert_eq!(signature(&findings), expected, "{name}");
        }
    }
}

/// `pdftotext` without `-layout` writes tables 二 and 三 a few cells or a column at a time,
/// their numbers away from their labels (pdftotext-raw/, made by the same make.sh). gilint
/// cannot read them and says so — not assessable, with the reason — and never that they
/// are missing or wrong; what it can read (table 四, the prose, the headings) still gets
/// the original's findings.
#[test]
fn tables_scattered_by_pdftotext_are_not_assessable_never_missing() {
    let rules = RuleSet::builtin().expect("rules load");
    for (variant, rule) in VARIANTS {
        let (_, text) = check(&rules, &format!("{variant}.txt"));
        for name in [
            format!("pdftotext-raw/{variant}.txt"),
            format!("pdftotext-raw/{variant}-centred.txt"),
        ] {
            let (_, findings) = check(&rules, &name);
            let missing: Vec<_> = findings
                .iter()
                .filter(|f| f.rule == "table-missing")
                .collect();
            assert_eq!(missing.len(), 1, "{name}: {missing:?}");
            assert!(missing[0].not_assessable, "{name}: {missing:?}");
            for said in ["表二", "表三", "-layout"] {
                assert!(missing[0].message.contains(said), "{name}: {missing:?}");
            }
            // Every error and warning is one the original has.
            for f in findings.iter().filter(|f| f.severity >= Severity::Warning) {
                assert!(
                    text.iter()
                        .any(|t| t.rule == f.rule && t.severity == f.severity),
                    "{name}: {f:?}"
                );
            }
            // The variant's defect: found when it lies outside tables 二 and 三, not
            // assessable when inside.
            let Some(rule) = rule else { continue };
            let needs_t3 = ["applications-unbalanced", "other-handling-unexplained"];
            let found = findings.iter().find(|f| f.rule == *rule);
            let found = found.map(|f| (f.severity >= Severity::Warning, f.not_assessable));
            let expected = if needs_t3.contains(rule) {
                (false, true)
            } else {
                (true, false)
            };
            assert_eq!(found, Some(expected), "{name}: {rule}");
        }
    }
}

#[test]
fn a_wrong_cell_is_shown_at_its_td_and_named_in_word_terms() {
    let rules = RuleSet::builtin().expect("rules load");
    for ext in ["html", "docx"] {
        let (source, findings) = check(&rules, &format!("t4-total-wrong.{ext}"));
        let finding = findings
            .iter()
            .find(|f| f.rule == "litigation-total-mismatch")
            .expect("found");
        let primary = finding.labels.iter().find(|l| l.primary).expect("primary");
        // The span covers exactly the wrong number, in the page's HTML or the rendering.
        assert_eq!(&source.text[primary.span.start..primary.span.end], "3");
        assert_eq!(primary.place.as_deref(), Some("表四第4行第5列"), "{ext}");
        if ext == "html" {
            let line_start = source.text[..primary.span.start]
                .rfind('\n')
                .map_or(0, |i| i + 1);
            let line_end = source.text[primary.span.start..]
                .find('\n')
                .map_or(source.text.len(), |i| primary.span.start + i);
            assert!(
                source.text[line_start..line_end].contains("<td"),
                "the label's line is the <td>'s"
            );
        }
    }
    let (_, findings) = check(&rules, "no-fee-statement.docx");
    let fee = findings
        .iter()
        .find(|f| f.rule == "fee-statement-missing")
        .expect("found");
    assert!(fee
        .labels
        .iter()
        .all(|l| l.place.as_deref().is_some_and(|p| p.ends_with('段'))));
}

#[test]
fn the_page_charset_is_honoured() {
    let rules = RuleSet::builtin().expect("rules load");
    let (source, _) = check(&rules, "clean.html");
    assert_eq!(source.encoding, encoding_rs::GB18030);
    assert!(source.text.contains("一、总体情况"));
}

/// clean.html as its text, to be changed by `change` and checked: whether it gets
/// clean.html's findings (by rule, severity and assessability).
fn reads_as_the_clean_page(name: &str, change: impl Fn(&str) -> String) -> bool {
    let rules = RuleSet::builtin().expect("rules load");
    let path = format!("{}/{DIR}/clean.html", env!("CARGO_MANIFEST_DIR"));
    let page = std::fs::read(&path).expect("fixture exists");
    let (page, _, _) = encoding_rs::GB18030.decode(&page);
    let changed = change(&page);
    let (bytes, _, _) = encoding_rs::GB18030.encode(&changed);
    let (_, findings) = gilint::check_bytes(&rules, name, &bytes).expect("page reads");
    let (_, whole) = check(&rules, "clean.html");
    signature(&findings) == signature(&whole)
}

/// A page whose body starts at 一、总体情况 (its title paragraph left out of the CMS's
/// article) names the report in its `<title>` only: the year, agency and kind of body are
/// read from there, so the rule that applies to departments alone is not "not assessable".
#[test]
fn a_page_titled_only_in_its_head_is_read_by_that_title() {
    // Without the title the kind of body is unknown: accountability-results-missing
    // would be one finding more, "not assessable".
    assert!(reads_as_the_clean_page("untitled.html", |page| {
        let first = page.find("<p class=\"MsoNormal\"").expect("a paragraph");
        let end = first + page[first..].find("</p>").expect("its end") + "</p>".len();
        format!("{}{}", &page[..first], &page[end..])
    }));
}

/// Table 三 with every number left out (its header and row names kept, every cell blank),
/// as text and as a web page, in a report that writes its zeros: a table never filled in
/// is reported as having no number, and the prose's counts are not compared with it (read
/// as zeros, gilint suggested changing the prose's 25 to 0). A report that leaves zeros
/// blank elsewhere leaves a table of zeros all blank: that one is read as zeros.
#[test]
fn a_table_with_every_cell_blank_is_unfilled_not_zeros() {
    let rules = RuleSet::builtin().expect("rules load");
    // `text` with the part from `from` to the next `to` changed by `change`.
    let within = |text: &str, from: &str, to: &str, change: &dyn Fn(&str) -> String| {
        let start = text.find(from).expect("the table's first row");
        let end = start + text[start..].find(to).expect("the end");
        format!(
            "{}{}{}",
            &text[..start],
            change(&text[start..end]),
            &text[end..]
        )
    };
    // Tab-separated cells that `blank` says are to be left blank.
    let blank_cells = |blank: fn(&str) -> bool| {
        move |region: &str| {
            let line = |line: &str| {
                let cells: Vec<&str> = line
                    .split('\t')
                    .map(|c| if blank(c) { "" } else { c })
                    .collect();
                cells.join("\t")
            };
            region.split('\n').map(line).collect::<Vec<_>>().join("\n")
        }
    };
    let number = |c: &str| !c.is_empty() && c.bytes().all(|b| b.is_ascii_digit());
    let clean = std::fs::read_to_string(format!("{DIR}/clean.txt")).expect("fixture");
    let text = within(
        &clean,
        "一、本年新收",
        "四、政府信息公开",
        &blank_cells(number),
    );
    let page = std::fs::read(format!("{DIR}/clean.html")).expect("fixture");
    let (page, _, _) = encoding_rs::GB18030.decode(&page);
    let span_cell = regex::Regex::new(r"(<span[^>]*>)[0-9]+(</span>)").expect("regex");
    let page = within(&page, "一、本年新收", "结果维持", &|region| {
        span_cell.replace_all(region, "$1$2").into_owned()
    });
    let (page, _, _) = encoding_rs::GB18030.encode(&page);
    for (name, bytes) in [("blank.txt", text.as_bytes()), ("blank.html", &page[..])] {
        let (_, findings) = gilint::check_bytes(&rules, name, bytes).expect("reads");
        let missing: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.rule == "table-missing" && !f.not_assessable)
            .collect();
        assert_eq!(missing.len(), 1, "{name}: {findings:#?}");
        assert!(
            missing[0]
                .labels
                .iter()
                .any(|l| l.message.contains("全表没有一个数字")),
            "{name}: {:#?}",
            missing[0]
        );
        let compared: Vec<&str> = findings
            .iter()
            .filter(|f| !f.not_assessable && f.rule != "table-missing")
            .map(|f| f.rule.as_str())
            .collect();
        assert!(compared.is_empty(), "{name}: {compared:?}");
        let unchecked = findings
            .iter()
            .find(|f| f.not_assessable && f.rule == "prose-new-applications-mismatch");
        let unchecked = unchecked.map(|f| f.message.as_str()).unwrap_or_default();
        assert!(unchecked.contains("没有填写数字"), "{name}: {findings:#?}");
    }
    // Table 四 all blank in a report whose table 三 leaves its zeros blank: zeros, so the
    // prose's 行政复议2件 is compared with them.
    let zeros_blank = within(
        &clean,
        "一、本年新收",
        "四、政府信息公开",
        &blank_cells(|c| c == "0"),
    );
    let zeros_blank = within(
        &zeros_blank,
        "结果维持\t结果纠正",
        "五、",
        &blank_cells(number),
    );
    let (_, findings) =
        gilint::check_bytes(&rules, "zeros.txt", zeros_blank.as_bytes()).expect("reads");
    let found: Vec<&str> = findings
        .iter()
        .filter(|f| !f.not_assessable)
        .map(|f| f.rule.as_str())
        .collect();
    assert!(found.contains(&"cells-left-blank"), "{found:?}");
    assert!(found.contains(&"prose-review-mismatch"), "{found:?}");
    assert!(!found.contains(&"table-missing"), "{found:?}");
}

/// A page laid out by a table: a sidebar menu (a link a line) before the article, whose
/// title is then the page's seventh line or later. It is read as the page without them is.
#[test]
fn a_page_with_a_menu_before_its_title_is_read_by_that_title() {
    let menu: String = [
        "首页",
        "政务公开",
        "政策文件",
        "互动交流",
        "办事服务",
        "专题专栏",
    ]
    .iter()
    .map(|item| format!("<li><a href=\"#\">{item}</a></li>"))
    .collect();
    assert!(reads_as_the_clean_page("menu.html", |page| {
        let body = page.find("<body").expect("a body");
        let body = body + page[body..].find('>').expect("its end") + 1;
        let end = page.rfind("</body>").expect("the body's end");
        format!(
            "{}<table width=\"1000\"><tr><td width=\"200\"><ul>{menu}</ul></td><td>{}</td></tr></table>{}",
            &page[..body],
            &page[body..end],
            &page[end..]
        )
    }));
}

/// A page whose title leaves the agency to the site (`2023年政府信息公开工作年度报告`) and
/// whose catalogue box above the article names it (`发布机构：青山市河西区司法局`): the
/// agency, and so the kind of body, is read from the box.
#[test]
fn a_page_titled_without_its_agency_is_known_by_its_box() {
    assert!(reads_as_the_clean_page("boxed.html", |page| {
        // The title as the page writes it, in two spans.
        let title = "青山市河西区司法局2023</span>";
        assert!(page.contains(title));
        let body = page.find("<body").expect("a body");
        let body = body + page[body..].find('>').expect("its end") + 1;
        format!(
            "{}<table class=\"xxgk\"><tr><td>索引号：</td><td>001/2024-00012</td>\
             <td>发布机构：</td><td>青山市河西区司法局</td></tr></table>{}",
            &page[..body],
            page[body..].replace(title, "2023</span>")
        )
    }));
}

#[test]
fn bad_documents_are_refused_and_the_others_still_checked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let docx = std::fs::read(format!("{DIR}/clean.docx")).expect("fixture");
    std::fs::write(dir.path().join("truncated.docx"), &docx[..docx.len() / 2]).expect("write");
    std::fs::write(
        dir.path().join("news.html"),
        "<html><body><h1>关于做好防汛工作的通知</h1><p>各单位：请做好防汛工作。</p></body></html>",
    )
    .expect("write");
    std::fs::copy(
        format!("{DIR}/unbalanced-t3.html"),
        dir.path().join("report.html"),
    )
    .expect("copy");
    std::fs::copy(format!("{DIR}/clean.docx"), dir.path().join("report.docx")).expect("copy");
    gilint()
        .args(["--format", "concise"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stdout(contains(
            "report.html:403:98: error[applications-unbalanced]",
        ))
        .stderr(contains("truncated.docx: not a valid .docx file"))
        .stderr(contains(
            "news.html: no annual report found in this web page",
        ));
}

/// A stand-in for pdftotext: a script that says `stdout`, `stderr` and exits `code`.
#[cfg(unix)]
fn fake_pdftotext(
    dir: &std::path::Path,
    stdout: &str,
    stderr: &str,
    code: u8,
) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let said = dir.join(format!("said-{code}-{}.txt", stdout.len()));
    std::fs::write(&said, stdout).expect("write");
    let complained = dir.join(format!("complained-{code}.txt"));
    std::fs::write(&complained, stderr).expect("write");
    let script = dir.join(format!("pdftotext-{code}-{}", stdout.len()));
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\n# Called as pdftotext -layout … FILE -: the file must be a copy of the PDF.\n\
             for last; do :; done\n\
             [ \"$last\" = - ] || exit 99\n\
             cat '{}'\ncat '{}' >&2\nexit {code}\n",
            said.display(),
            complained.display()
        ),
    )
    .expect("write");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    script
}

/// A PDF is read as its `pdftotext -layout` text: the same findings as the text itself,
/// shown in that text, with a note that says so. (pdftotext is stood in for: this tests
/// gilint's side; the next test runs the real one.)
#[cfg(unix)]
#[test]
fn a_pdf_is_read_as_the_text_pdftotext_lays_out() {
    use predicates::prelude::PredicateBooleanExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(format!(
        "{}/{DIR}/pdftotext/unbalanced-t3-centred.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture");
    let tool = fake_pdftotext(dir.path(), &text, "", 0);
    let pdf = dir.path().join("report.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n").expect("write");
    gilint()
        .env("GILINT_PDFTOTEXT", &tool)
        .args(["--no-cache", "--format", "concise"])
        .arg(&pdf)
        .assert()
        .code(1)
        .stdout(contains("error[applications-unbalanced]"))
        .stdout(contains("warning[prose-carried-forward-mismatch]"));
    gilint()
        .env("GILINT_PDFTOTEXT", &tool)
        .arg("--no-cache")
        .arg(&pdf)
        .assert()
        .code(1)
        .stdout(contains("四、结          2"))
        .stdout(contains("as `pdftotext -layout` lays it out"));
    // A PDF under another name is one too, and its note stays a PDF's when the findings
    // come back from the cache.
    let renamed = dir.path().join("report-pdf.txt");
    std::fs::copy(&pdf, &renamed).expect("copy");
    for _ in 0..2 {
        gilint()
            .env("GILINT_PDFTOTEXT", &tool)
            .env("GILINT_CACHE_DIR", dir.path().join("cache"))
            .arg(&renamed)
            .assert()
            .code(1)
            .stdout(contains("as `pdftotext -layout` lays it out"))
            .stdout(contains("Word").not());
    }
    // A PDF without text, a PDF pdftotext refuses, and (below) no pdftotext at all.
    for (stdout, stderr, code, said) in [
        ("\u{c}\u{c}", "", 0, "this PDF has no text (a scanned image?)"),
        (
            "",
            "Syntax Warning: May not be a PDF file\nSyntax Error: Couldn't read xref table",
            1,
            "pdftotext could not read this PDF (exit status: 1): Syntax Error: Couldn't read xref table",
        ),
    ] {
        gilint()
            .env("GILINT_PDFTOTEXT", fake_pdftotext(dir.path(), stdout, stderr, code))
            .arg("--no-cache")
            .arg(&pdf)
            .assert()
            .code(2)
            .stderr(contains(said));
    }
    gilint()
        .env("GILINT_PDFTOTEXT", dir.path().join("absent"))
        .arg("--no-cache")
        .arg(&pdf)
        .assert()
        .code(2)
        .stderr(contains("install poppler-utils"))
        .stderr(contains("pdftotext -layout"));
}

/// A directory is not searched for PDFs (pdftotext may be missing, and a repository's
/// other PDFs are not reports), and a run says how many it passed over.
#[test]
fn pdfs_in_a_directory_are_counted_not_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(
        format!("{}/{DIR}/clean.txt", env!("CARGO_MANIFEST_DIR")),
        dir.path().join("report.txt"),
    )
    .expect("copy");
    for name in ["a.pdf", "b.PDF"] {
        std::fs::write(dir.path().join(name), b"%PDF-1.7\n").expect("write");
    }
    gilint()
        .env("GILINT_PDFTOTEXT", dir.path().join("absent"))
        .arg("--no-cache")
        .arg(dir.path())
        .assert()
        .code(0)
        .stdout(contains("in 1 file"))
        .stderr(contains("2 PDF files were not checked"))
        .stderr(contains("*.pdf"));
}

/// The real pdftotext on a PDF LibreOffice printed (table cells centred vertically):
/// the findings of the text the PDF was made from. Skipped, saying so, where poppler's
/// pdftotext is not installed (.ci/run installs it).
#[test]
fn a_real_pdf_gets_the_findings_of_its_text() {
    if std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_err()
    {
        eprintln!("skipped: pdftotext (poppler-utils) is not installed");
        return;
    }
    let rules = RuleSet::builtin().expect("rules load");
    let (_, text) = check(&rules, "unbalanced-t3.txt");
    let output = gilint()
        .args(["--no-cache", "--format", "json"])
        .arg(format!("{DIR}/pdf/unbalanced-t3-centred.pdf"))
        .output()
        .expect("runs");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let mut found: Vec<(String, String, bool)> = json["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or("").to_string(),
                d["severity"].as_str().unwrap_or("").to_string(),
                d["not_assessable"].as_bool().unwrap_or(false),
            )
        })
        .collect();
    found.sort();
    let mut expected: Vec<(String, String, bool)> = text
        .iter()
        .map(|f| {
            (
                f.rule.clone(),
                f.severity.as_str().to_string(),
                f.not_assessable,
            )
        })
        .collect();
    expected.sort();
    assert_eq!(found, expected);
}

#[test]
fn pdf_and_old_word_files_say_what_to_use_instead() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pdf = dir.path().join("report.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n").expect("write");
    // Through the library, which does not run programs: what to do instead.
    let rules = RuleSet::builtin().expect("rules load");
    let refused = gilint::check_bytes(&rules, "report.pdf", b"%PDF-1.7\n").map(|_| ());
    let said = refused.expect_err("a PDF without a reader").to_string();
    assert!(said.contains("PDF is not read directly"), "{said}");
    assert!(said.contains("pdftotext -layout"), "{said}");
    assert!(said.contains(".docx"), "{said}");
    let doc = dir.path().join("report.doc");
    std::fs::write(&doc, b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest").expect("write");
    gilint()
        .arg(&doc)
        .assert()
        .code(2)
        .stderr(contains("save the report as .docx"));
}

/// RTF and OpenDocument, as WPS or LibreOffice save a report, are refused with what to
/// do, whatever their names: read as text, an RTF file gave six "section missing" errors.
#[test]
fn rtf_and_open_document_files_say_what_to_use_instead() {
    use predicates::prelude::PredicateBooleanExt;
    use std::io::Write;
    let dir = tempfile::tempdir().expect("temp dir");
    let rtf = dir.path().join("report.txt");
    std::fs::write(
        &rtf,
        "{\\rtf1\\ansi 一、总体情况\\par 二、主动公开政府信息情况}",
    )
    .expect("write");
    // An OpenDocument text: a zip whose first entry, stored, is its mimetype.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).expect("entry");
    zip.write_all(b"application/vnd.oasis.opendocument.text")
        .expect("write");
    zip.start_file("content.xml", stored).expect("entry");
    zip.write_all(b"<office:document-content/>").expect("write");
    let odt = dir.path().join("report.docx");
    std::fs::write(&odt, zip.finish().expect("zip").into_inner()).expect("write");
    for (path, what) in [(&rtf, "RTF files"), (&odt, "OpenDocument (.odt) files")] {
        gilint()
            .arg(path)
            .assert()
            .code(2)
            .stdout(contains("section-missing").not())
            .stderr(contains(what).and(contains("save the report as .docx")));
    }
}

#[test]
fn the_rendering_of_a_word_document_can_be_printed() {
    gilint()
        .args([
            "dump",
            "--format",
            "rendering",
            &format!("{DIR}/clean.docx"),
        ])
        .assert()
        .code(0)
        .stdout(contains("一、总体情况\n"))
        .stdout(contains("六、其他需要报告的事项\n"));
    gilint()
        .arg(format!("{DIR}/missing-section.docx"))
        .assert()
        .code(1)
        .stdout(contains("text rendering of this Word document"))
        .stdout(contains("[第20段]"));
}

#[test]
fn json_and_sarif_carry_the_place() {
    let out = gilint()
        .args(["--format", "json", &format!("{DIR}/t4-total-wrong.docx")])
        .output()
        .expect("runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let places: Vec<&str> = json["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .flat_map(|d| d["labels"].as_array().into_iter().flatten())
        .filter_map(|l| l["place"].as_str())
        .collect();
    assert!(places.contains(&"表四第4行第5列"), "{places:?}");
    let out = gilint()
        .args(["--format", "sarif", &format!("{DIR}/t4-total-wrong.docx")])
        .output()
        .expect("runs");
    let sarif = String::from_utf8_lossy(&out.stdout);
    assert!(sarif.contains("\"logicalLocations\""));
    assert!(sarif.contains("表四第4行第5列"));
}

#[test]
fn zeros_left_blank_on_a_page_read_as_zero() {
    // Published tables often leave zero cells blank (`<td>&nbsp;</td>`): the report still
    // balances, and a wrong number next to a blank is still found.
    let rules = RuleSet::builtin().expect("rules load");
    for variant in ["clean", "unbalanced-t3"] {
        let bytes = std::fs::read(format!("{DIR}/{variant}.html")).expect("fixture");
        let (page, _, _) = encoding_rs::GB18030.decode(&bytes);
        let zero = r#"<span style="font-family:宋体;">0</span>"#;
        assert!(page.matches(zero).count() > 100, "the page has zero cells");
        let blanked = page.replace(zero, r#"<span style="font-family:宋体;">&nbsp;</span>"#);
        let (_, findings) =
            gilint::check_bytes(&rules, "blank.html", blanked.as_bytes()).expect("reads");
        let (_, text) = check(&rules, &format!("{variant}.txt"));
        let blanks: Vec<&str> = findings
            .iter()
            .filter(|f| f.rule == "cells-left-blank")
            .map(|f| f.message.as_str())
            .collect();
        // Every table has zeros (the page's: written as 0, a dash is not a blank).
        assert_eq!(blanks.len(), 3, "{variant}: {blanks:?}");
        let findings = but_blank_cells(findings);
        assert_eq!(signature(&findings), signature(&text), "{variant}");
        // A dash the author wrote says "none": read as 0, and not a blank.
        let dashed = page.replace(zero, r#"<span style="font-family:宋体;">—</span>"#);
        let (_, findings) =
            gilint::check_bytes(&rules, "dash.html", dashed.as_bytes()).expect("reads");
        assert_eq!(signature(&findings), signature(&text), "{variant}");
    }
}

#[test]
fn zeros_left_blank_in_a_word_table_read_as_zero() {
    use std::io::{Read, Write};
    let rules = RuleSet::builtin().expect("rules load");
    let bytes = std::fs::read(format!("{DIR}/clean.docx")).expect("fixture");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).expect("entry");
        let name = file.name().to_string();
        let mut text = String::new();
        file.read_to_string(&mut text).expect("xml");
        if name == "word/document.xml" {
            assert!(text.matches("<w:t>0</w:t>").count() > 100);
            text = text.replace("<w:t>0</w:t>", "<w:t></w:t>");
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("entry");
        out.write_all(text.as_bytes()).expect("write");
    }
    let blanked = out.finish().expect("zip").into_inner();
    let (_, findings) = gilint::check_bytes(&rules, "blank.docx", &blanked).expect("reads");
    let findings = but_blank_cells(findings);
    assert!(
        findings
            .iter()
            // The fixture has no date: only the deadline cannot be checked.
            .filter(|f| f.rule != "published-late")
            .all(|f| f.severity < Severity::Warning && !f.not_assessable),
        "{:?}",
        signature(&findings)
    );
}

/// A page as a copy into a web editor leaves it: a `<td>` per field, and a stray empty
/// `<td>` closing each row whose label spans two cells. The stray cell is not a number
/// (read as one, it pushed every number of the row one column to the left).
#[test]
fn a_stray_empty_cell_after_a_row_does_not_shift_its_numbers() {
    let rules = RuleSet::builtin().expect("rules load");
    for variant in ["clean", "unbalanced-t3"] {
        let (_, text) = check(&rules, &format!("{variant}.txt"));
        let path = format!("{}/{DIR}/{variant}.txt", env!("CARGO_MANIFEST_DIR"));
        let report = std::fs::read_to_string(path).expect("fixture exists");
        let mut page = String::from("<html><head><meta charset=\"utf-8\"></head><body>\n");
        let mut in_table = false;
        for line in report.lines() {
            let fields: Vec<&str> = line.split('\t').collect();
            if fields.len() < 2 {
                if std::mem::take(&mut in_table) {
                    page.push_str("</table>\n");
                }
                page.push_str(&format!("<p>{line}</p>\n"));
                continue;
            }
            if !std::mem::replace(&mut in_table, true) {
                page.push_str("<table border=\"1\">\n");
            }
            page.push_str("<tr>");
            for field in &fields {
                page.push_str(&format!("<td>{field}</td>"));
            }
            let label_spans_two = fields[1].is_empty() && !fields[0].is_empty();
            if label_spans_two && fields.iter().any(|f| f.parse::<u32>().is_ok()) {
                page.push_str("<td></td>");
            }
            page.push_str("</tr>\n");
        }
        page.push_str("</table></body></html>\n");
        assert!(page.contains("<td></td></tr>"), "the page has stray cells");
        let (_, findings) =
            gilint::check_bytes(&rules, "page.html", page.as_bytes()).expect("page reads");
        assert_eq!(signature(&findings), signature(&text), "{variant}");
    }
}

fn display_width(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

fn is_number(cell: &[String]) -> bool {
    let text = cell.first().map_or("", String::as_str);
    !text.is_empty() && text.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// The cells of a tab-separated row, each wrapped at `label_chars` characters (a title
/// row such as 第二十条第（一）项 spans the table and does not wrap).
fn wrapped_cells(line: &str, label_chars: usize) -> Vec<Vec<String>> {
    let spans_the_table = line.split('\t').filter(|c| !c.trim().is_empty()).count() == 1;
    line.split('\t')
        .map(|cell| {
            let chars: Vec<char> = cell.trim().chars().collect();
            if chars.is_empty() || spans_the_table || is_number(&[cell.trim().to_string()]) {
                vec![cell.trim().to_string()]
            } else {
                chars
                    .chunks(label_chars)
                    .map(|c| c.iter().collect())
                    .collect()
            }
        })
        .collect()
}

/// Text copied from a PDF (`pdftotext -layout`): columns aligned with spaces, every
/// label cell wrapped at the column's width onto lines of its own, a row's numbers on
/// the middle line of its cells, a page number printed in the middle of table 三.
fn as_pdf_layout(report: &str, label_chars: usize) -> String {
    let mut out = Vec::new();
    for line in report.lines() {
        if !line.contains('\t') {
            out.push(line.to_string());
            continue;
        }
        let cells = wrapped_cells(line, label_chars);
        let height = cells.iter().map(Vec::len).max().unwrap_or(1);
        for at in 0..height {
            let mut printed = String::new();
            for cell in &cells {
                let text = match (is_number(cell), cell.get(at)) {
                    (true, _) if at == (height - 1) / 2 => cell[0].as_str(),
                    (false, Some(text)) => text.as_str(),
                    _ => "",
                };
                let column = if is_number(cell) {
                    8
                } else {
                    label_chars * 2 + 2
                };
                printed.push_str(text);
                printed.push_str(&" ".repeat(column.saturating_sub(display_width(text)).max(2)));
            }
            out.push(printed.trim_end().to_string());
        }
        if line.contains("属于国家秘密") {
            out.extend(["".into(), "— 5 —".into(), "\u{c}".into()]);
        }
    }
    out.join("\n")
}

/// Markdown as pandoc writes a Word table whose cells wrap: a grid table, `+---+`
/// borders between rows, each cell's lines inside `| … |`, numbers on a row's first line.
fn as_grid_table(report: &str, label_chars: usize) -> String {
    let mut out = Vec::new();
    let lines: Vec<&str> = report.lines().collect();
    for (index, line) in lines.iter().enumerate() {
        if !line.contains('\t') {
            out.push(line.to_string());
            continue;
        }
        // Every row of one table has as many columns as its widest.
        let block = |step: &mut dyn Iterator<Item = &&str>| {
            step.take_while(|l| l.contains('\t'))
                .map(|l| l.split('\t').count())
                .max()
                .unwrap_or(0)
        };
        let columns =
            block(&mut lines[index..].iter()).max(block(&mut lines[..index].iter().rev()));
        let border = format!(
            "+{}",
            format!("{}+", "-".repeat(label_chars * 2 + 2)).repeat(columns)
        );
        if index == 0 || !lines[index - 1].contains('\t') {
            out.push(border.clone());
        }
        let mut cells = wrapped_cells(line, label_chars);
        cells.resize(columns, vec![String::new()]);
        let height = cells.iter().map(Vec::len).max().unwrap_or(1);
        for at in 0..height {
            let mut printed = String::from("|");
            for cell in &cells {
                let text = cell.get(at).map_or("", String::as_str);
                let pad = (label_chars * 2).saturating_sub(display_width(text));
                printed.push_str(&format!(" {text}{} |", " ".repeat(pad)));
            }
            out.push(printed);
        }
        out.push(border);
    }
    out.join("\n")
}

/// Each fixture, reshaped by `reshape` at each of `widths`, gets the findings of the
/// fixture itself; `shape` is a piece of text every reshaped fixture has.
fn reshaped_fixtures_get_their_findings(
    name: &str,
    widths: &[usize],
    reshape: fn(&str, usize) -> String,
    shape: &str,
) {
    reshaped_fixtures_get(name, widths, reshape, shape, None);
}

/// Every fixture reshaped gets its own findings, and (`added`) that rule's too, for what
/// the reshaping did (cells left blank: `cells-left-blank`), which the original has not.
fn reshaped_fixtures_get(
    name: &str,
    widths: &[usize],
    reshape: fn(&str, usize) -> String,
    shape: &str,
    added: Option<&str>,
) {
    let rules = RuleSet::builtin().expect("rules load");
    for (variant, _) in VARIANTS {
        let (_, text) = check(&rules, &format!("{variant}.txt"));
        let path = format!("{}/{DIR}/{variant}.txt", env!("CARGO_MANIFEST_DIR"));
        let report = std::fs::read_to_string(path).expect("fixture exists");
        for &width in widths {
            let reshaped = reshape(&report, width);
            assert!(reshaped.contains(shape), "{variant} reshaped has {shape}");
            let (_, mut findings) =
                gilint::check_bytes(&rules, name, reshaped.as_bytes()).expect("text reads");
            if let Some(added) = added {
                assert!(text.iter().all(|f| f.rule != added), "{variant}: {added}");
                let before = findings.len();
                findings.retain(|f| f.rule != added || f.not_assessable);
                assert!(findings.len() < before, "{variant} reshaped: no {added}");
            }
            assert_eq!(
                signature(&findings),
                signature(&text),
                "{variant}, reshaped at width {width}"
            );
        }
    }
}

/// The findings but those of `cells-left-blank`, which there must be.
fn but_blank_cells(mut findings: Vec<Finding>) -> Vec<Finding> {
    let before = findings.len();
    findings.retain(|f| f.rule != "cells-left-blank");
    assert!(findings.len() < before, "cells left blank are reported");
    findings
}

#[test]
fn text_copied_from_a_pdf_gets_the_same_findings() {
    reshaped_fixtures_get_their_findings("copied.txt", &[6, 10, 16], as_pdf_layout, "— 5 —");
}

#[test]
fn markdown_grid_tables_get_the_same_findings() {
    reshaped_fixtures_get_their_findings("grid.md", &[10, 20], as_grid_table, "+----");
}

/// The section headings numbered as parts: 一、总体情况 → 第一部分 总体情况 (a line without a
/// tab: table 三's rows 一、本年新收… stay as they are).
fn as_parts(report: &str, _: usize) -> String {
    let mut out = String::new();
    for line in report.split_inclusive('\n') {
        let mut chars = line.chars();
        match (chars.next(), chars.next()) {
            (Some(n @ ('一' | '二' | '三' | '四' | '五' | '六')), Some('、'))
                if !line.contains('\t') =>
            {
                out.push_str(&format!("第{n}部分 {}", chars.as_str()));
            }
            _ => out.push_str(line),
        }
    }
    out
}

#[test]
fn headings_numbered_as_parts_get_the_same_findings() {
    reshaped_fixtures_get_their_findings("parts.txt", &[0], as_parts, "第二部分 主动公开");
}

/// Each table cell on a line of its own (a scraper's `get_text("\n")` of the web page, a
/// PDF viewer's copy), with `blank_lines` empty lines after each.
fn one_cell_a_line(report: &str, blank_lines: usize) -> String {
    cells_on_lines(report, &"\n".repeat(blank_lines + 1), "", "0")
}

/// The report with each non-empty cell of its tab-separated rows on a line of its own,
/// followed by `after`, the cells joined by `separator`, each zero written as `zero`.
fn cells_on_lines(report: &str, separator: &str, after: &str, zero: &str) -> String {
    report
        .split('\n')
        .map(|line| match line.contains('\t') {
            true => line
                .split('\t')
                .filter(|cell| !cell.trim().is_empty())
                .map(|cell| format!("{}{after}", if cell == "0" { zero } else { cell }))
                .collect::<Vec<_>>()
                .join(separator),
            false => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn tables_with_a_cell_a_line_get_the_same_findings() {
    reshaped_fixtures_get_their_findings("cells.txt", &[0, 1], one_cell_a_line, "申请人情况\n");
}

/// A cell a line, each closed by a pipe (`8 |`), as some converters write a page's tables
/// (seen in text taken from published reports).
fn one_cell_a_line_closed(report: &str, _: usize) -> String {
    cells_on_lines(report, "\n", " |", "0")
}

/// A cell a line, each closed by a pipe on the line after it (`8` / `|`), as a scraper
/// writes a page's table.
fn one_cell_a_line_then_a_pipe(report: &str, _: usize) -> String {
    cells_on_lines(report, "\n", "\n|", "0")
}

#[test]
fn tables_with_a_cell_a_line_closed_by_pipes_get_the_same_findings() {
    reshaped_fixtures_get_their_findings(
        "cells.txt",
        &[0],
        one_cell_a_line_closed,
        "\n申请人情况 |\n",
    );
    reshaped_fixtures_get_their_findings(
        "cells.txt",
        &[0],
        one_cell_a_line_then_a_pipe,
        "\n申请人情况\n|\n",
    );
}

/// Those two shapes with zeros left blank: a pipe that closes no cell (` |` after a closed
/// cell, or a second `|`) is a blank cell, read as 0 and reported.
#[test]
fn blank_cells_a_line_closed_by_pipes_read_as_zero() {
    let blank = Some("cells-left-blank");
    let closed = |report: &str, _: usize| cells_on_lines(report, "\n", " |", "");
    reshaped_fixtures_get("blank.txt", &[0], closed, "密 |\n |\n |\n", blank);
    let then_a_pipe = |report: &str, _: usize| cells_on_lines(report, "\n", "\n|", "");
    reshaped_fixtures_get("blank.txt", &[0], then_a_pipe, "密\n|\n\n|\n\n|", blank);
    // A converter that pads each row to the table's width with a line of pipes after it,
    // one a cell merged away (`||`; `|` after a row one cell short): padding, not blanks.
    let padded = |report: &str, _: usize| {
        report
            .split('\n')
            .map(|line| {
                if !line.contains('\t') {
                    return line.to_string();
                }
                let cells: Vec<&str> = line.split('\t').filter(|c| !c.trim().is_empty()).collect();
                let mut out: Vec<String> = cells
                    .iter()
                    .map(|&c| {
                        if c == "0" {
                            " |".to_string()
                        } else {
                            format!("{c} |")
                        }
                    })
                    .collect();
                let merged = line.split('\t').count() - cells.len();
                if merged > 0 {
                    out.push("|".repeat(merged));
                }
                out.join("\n")
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    reshaped_fixtures_get("blank.txt", &[0], padded, "（一）予以公开 |\n", blank);
    // A converter that ends every row, its headers' too, with a line `|` (a page's text
    // seen so): the `|` ending a row is no cell, with zeros written or left blank.
    fn ended_rows(report: &str, zero: &str) -> String {
        report
            .split('\n')
            .map(|line| match line.contains('\t') {
                true => {
                    let mut cells: Vec<String> = line
                        .split('\t')
                        .filter(|c| !c.trim().is_empty())
                        .map(|c| format!("{} |", if c == "0" { zero } else { c }))
                        .collect();
                    cells.push("|".into());
                    cells.join("\n")
                }
                false => line.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
    let written = |report: &str, _: usize| ended_rows(report, "0");
    reshaped_fixtures_get("ended.txt", &[0], written, "现行有效件数 |\n|\n", None);
    let left_blank = |report: &str, _: usize| ended_rows(report, "");
    reshaped_fixtures_get("ended.txt", &[0], left_blank, "规章 |\n |\n", blank);
}

/// The report as a scraper's `get_text("\n")` gives a page that wraps every number in a
/// `<span>` (as Word's web pages do): each number of the prose on a line of its own
/// between the words around it, each table cell on a line of its own, and each section
/// heading's numeral apart from its title (an automatic list number).
fn as_scraped(report: &str, _: usize) -> String {
    let mut out = String::new();
    for line in report.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        if body.contains('\t') {
            for cell in body.split('\t').filter(|c| !c.trim().is_empty()) {
                out.push_str(cell);
                out.push('\n');
            }
            continue;
        }
        let mut chars = body.chars();
        if let (Some(n @ ('一' | '二' | '三' | '四' | '五' | '六')), Some('、')) =
            (chars.next(), chars.next())
        {
            out.push_str(&format!("{n}\n{}\n", &body[n.len_utf8()..]));
            continue;
        }
        let mut previous_digit = None;
        for c in body.chars() {
            let digit = c.is_ascii_digit();
            if previous_digit.is_some_and(|p| p != digit) {
                out.push('\n');
            }
            out.push(c);
            previous_digit = Some(digit);
        }
        out.push('\n');
    }
    out
}

#[test]
fn a_scraped_page_with_numbers_apart_gets_the_same_findings() {
    reshaped_fixtures_get_their_findings("scraped.txt", &[0], as_scraped, "\n25\n件");
}

/// Big reports write counts with thousands separators (收到申请1,025件): the prose rules
/// read them whole, compare them with the tables and point at all of "1,025". Before,
/// such a sentence was passed over, so a wrong count went unreported.
#[test]
fn counts_with_thousands_separators_are_read_whole() {
    let rules = RuleSet::builtin().expect("rules load");
    let example = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/report-2023.txt"
    ))
    .expect("example report");
    // The example with a thousand more new and granted applications, in prose and tables.
    let big = example
        .replace("新收政府信息公开申请25件", "新收政府信息公开申请1,025件")
        .replace("办结26件", "办结1,026件")
        .replace(
            "数量\t\t20\t3\t0\t1\t1\t0\t25",
            "数量\t\t1020\t3\t0\t1\t1\t0\t1025",
        )
        .replace(
            "予以公开\t8\t1\t0\t0\t0\t0\t9",
            "予以公开\t1008\t1\t0\t0\t0\t0\t1009",
        )
        .replace(
            "总计\t21\t3\t0\t1\t1\t0\t26",
            "总计\t1021\t3\t0\t1\t1\t0\t1026",
        );
    assert_ne!(
        big, example,
        "the example report changed: update the replacements"
    );
    let prose_rules = |text: &str| -> Vec<Finding> {
        let (_, findings) = gilint::check_bytes(&rules, "big.txt", text.as_bytes()).expect("reads");
        findings
            .into_iter()
            .filter(|f| f.rule.starts_with("prose-"))
            .collect()
    };
    assert_eq!(prose_rules(&big), vec![], "the big report is consistent");
    let wrong = big.replace("申请1,025件", "申请1,024件");
    let found = prose_rules(&wrong);
    let mismatch = found
        .iter()
        .find(|f| f.rule == "prose-new-applications-mismatch")
        .unwrap_or_else(|| panic!("{found:?}"));
    assert!(mismatch.message.contains("1024"), "{}", mismatch.message);
    let span = mismatch.labels[0].span;
    assert_eq!(&wrong[span.start..span.end], "1,024");
    // A share of a total so written.
    let shares =
        "全市主动公开政府信息1,234条，其中政策文件600条，占48.6%；工作动态634条，占40.0%。\n";
    let found = prose_rules(shares);
    assert!(
        found
            .iter()
            .any(|f| f.rule == "prose-share-miscomputed" && f.message.contains("1234")),
        "{found:?}"
    );
}

/// The tables with their zero cells left blank, as pasted tables often have them, the
/// cells still delimited: `style` 0 by tabs, 1 as Markdown pipes (`| a |  | b |`), 2 with
/// a pipe closing each cell (`a |  | b |`, a web page copied with its borders).
fn zeros_left_blank(report: &str, style: usize) -> String {
    report
        .split('\n')
        .map(|line| {
            if !line.contains('\t') {
                return line.to_string();
            }
            let cells: Vec<&str> = line
                .split('\t')
                .map(|cell| if cell == "0" { "" } else { cell })
                .collect();
            match style {
                0 => cells.join("\t"),
                1 => format!("| {} |", cells.join(" | ")),
                _ => format!("{} |", cells.join(" | ")),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Zeros left blank in delimited text read as 0, as a web page's blank `<td>` does: every
/// fixture, its tables' zeros blanked (whole rows of them too), gets its own findings,
/// and `cells-left-blank`.
/// Before, each such row was unreadable and every check of table 三 not assessable.
#[test]
fn zeros_left_blank_in_delimited_text_read_as_zero() {
    let blank = Some("cells-left-blank");
    let tabs = |report: &str, _: usize| zeros_left_blank(report, 0);
    reshaped_fixtures_get("blank.txt", &[0], tabs, "国家秘密\t\t\t", blank);
    let markdown = |report: &str, _: usize| zeros_left_blank(report, 1);
    let shape = "| 2.其他法律行政法规禁止公开 |  |";
    reshaped_fixtures_get("blank.md", &[0], markdown, shape, blank);
    let closed = |report: &str, _: usize| zeros_left_blank(report, 2);
    let shape = " |  | 2.其他法律行政法规禁止公开 |  |";
    reshaped_fixtures_get("blank.txt", &[0], closed, shape, blank);
}

/// A blank cell is read as 0 only where the row's delimited cells place it: a row with
/// a number too few (one cell missing, not blank) stays unreadable, never padded, and a
/// finding on a blank cell points at it.
#[test]
fn a_row_a_cell_short_is_not_padded_and_a_blank_is_pointed_at() {
    let rules = RuleSet::builtin().expect("rules load");
    let path = format!("{}/{DIR}/clean.txt", env!("CARGO_MANIFEST_DIR"));
    let report = std::fs::read_to_string(path).expect("fixture exists");
    let row = "数量\t\t20\t3\t0\t1\t1\t0\t25";
    assert!(report.contains(row), "the fixture's first row of table 三");
    // 法人 left blank: still balanced (read as 0).
    let blank = report.replace(row, "数量\t\t20\t3\t\t1\t1\t0\t25");
    let (_, findings) = gilint::check_bytes(&rules, "blank.txt", blank.as_bytes()).expect("reads");
    let (_, clean) = check(&rules, "clean.txt");
    let findings = but_blank_cells(findings);
    assert_eq!(signature(&findings), signature(&clean));
    // A cell gone altogether: the row has six cells, and is reported, not read.
    let short = report.replace(row, "数量\t\t20\t3\t1\t1\t0\t25");
    let (_, findings) = gilint::check_bytes(&rules, "short.txt", short.as_bytes()).expect("reads");
    assert!(
        findings.iter().any(|f| f.rule == "table-incomplete"),
        "{:?}",
        signature(&findings)
    );
    // A wrong total beside a blank: found, and the blank cell is where its label points.
    let wrong = report.replace(row, "数量\t\t20\t\t0\t1\t1\t0\t25");
    let (_, findings) = gilint::check_bytes(&rules, "wrong.txt", wrong.as_bytes()).expect("reads");
    let finding = findings
        .iter()
        .find(|f| f.rule == "applicant-total-mismatch")
        .unwrap_or_else(|| panic!("{:?}", signature(&findings)));
    let at = wrong.find("数量\t\t20\t").expect("the row") + "数量\t\t20\t".len();
    assert!(
        finding
            .labels
            .iter()
            .any(|l| l.span.start == at && l.span.end == at + 1),
        "{finding:?}"
    );
}

/// A statement required of a section the report lacks: `section-missing` says what is
/// wrong; the rule that wants the statement says it could not look, not that the section
/// "only lists problems" (the whole text is still searched, and a statement found
/// anywhere still passes).
#[test]
fn a_statement_whose_section_is_missing_is_not_assessable() {
    let rules = RuleSet::builtin().expect("rules load");
    let path = format!("{}/{DIR}/clean.txt", env!("CARGO_MANIFEST_DIR"));
    let report = std::fs::read_to_string(path).expect("fixture exists");
    let five = report.find("\n五、").expect("section 五") + 1;
    let six = report.find("\n六、").expect("section 六") + 1;
    // (Section 一's 自查整改 would count as improvements written elsewhere.)
    let without = format!("{}{}", &report[..five], &report[six..]).replace("自查整改", "自查");
    assert!(!without.contains("整改") && !without.contains("下一步"));
    let (_, findings) =
        gilint::check_bytes(&rules, "no-five.txt", without.as_bytes()).expect("reads");
    let of = |rule: &str| findings.iter().find(|f| f.rule == rule);
    assert!(of("section-missing").is_some_and(|f| !f.not_assessable));
    let improvements = of("improvements-missing").expect("improvements-missing");
    assert!(improvements.not_assessable, "{improvements:?}");
    assert!(
        improvements
            .message
            .contains("五、存在的主要问题及改进情况"),
        "{}",
        improvements.message
    );
    // The improvements written elsewhere, under an unnumbered title: found.
    let elsewhere = without.replacen("\n六、", "\n下一步，我局将加强政策解读。\n六、", 1);
    let (_, findings) =
        gilint::check_bytes(&rules, "elsewhere.txt", elsewhere.as_bytes()).expect("reads");
    assert!(!findings.iter().any(|f| f.rule == "improvements-missing"));
}

/// A report in the old format without a year says which years it is of, not "未知 年度".
#[test]
fn an_old_format_report_without_a_year_says_which_years() {
    let rules = RuleSet::builtin().expect("rules load");
    let report = "某县水利局政府信息公开工作报告\n\
        根据《中华人民共和国政府信息公开条例》（国务院令第492号）编制。\n\
        一、概述\n本局认真做好政府信息公开工作。\n";
    let (_, findings) = gilint::check_bytes(&rules, "old.txt", report.as_bytes()).expect("reads");
    let old = findings
        .iter()
        .find(|f| f.rule == "old-format-report")
        .unwrap_or_else(|| panic!("{:?}", signature(&findings)));
    assert!(
        old.message.starts_with("这是 2019 年以前某年度的报告"),
        "{}",
        old.message
    );
    let dated = report.replace(
        "水利局政府信息公开工作报告",
        "水利局2015年政府信息公开工作年度报告",
    );
    let (_, findings) = gilint::check_bytes(&rules, "old.txt", dated.as_bytes()).expect("reads");
    let old = findings.iter().find(|f| f.rule == "old-format-report");
    assert!(
        old.is_some_and(|f| f.message.starts_with("这是 2015 年度的报告")),
        "{old:?}"
    );
}

/// The 2019 trial table 二's 本年增/减 column, written with its direction (`减4`, `增1`,
/// `+2`): signed numbers, and the rows complete (before: unreadable, the table incomplete).
#[test]
fn a_trial_table_changes_written_with_their_direction_are_signed_numbers() {
    let report = "某县市场监督管理局2020年政府信息公开工作年度报告\n\
        二、主动公开政府信息情况\n\
        第二十条第（五）项\t\t\t\n\
        信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n\
        行政许可\t6\t减4\t2\n\
        其他对外管理服务事项\t3\t增1\t4\n\
        第二十条第（八）项\t\t\t\n\
        信息内容\t上一年项目数量\t本年增/减\t\n\
        行政事业性收费\t0\t+2\t\n";
    let (_, parsed) = gilint::read_report("trial.txt", report.as_bytes()).expect("reads");
    let t2 = parsed.table(TableId::T2).expect("table 二");
    let change = |row: &str| t2.cell(row, "change").and_then(|c| c.value);
    assert_eq!(change("licensing"), Num::parse("-4"));
    assert_eq!(change("other_services"), Num::parse("1"));
    assert_eq!(change("admin_fees"), Num::parse("2"));
    assert!(parsed.unparsed.is_empty(), "{:?}", parsed.unparsed);
}

/// A template left unfilled: table 三's header and row names a cell a line, no number
/// anywhere (a real 2019 乡's page). The table is missing, as one lost whole is (never read
/// as zeros), and the finding points at its header and says no number was written.
#[test]
fn a_table_left_unfilled_is_missing_and_the_finding_says_its_header_is_there() {
    let rules = RuleSet::builtin().expect("rules load");
    let path = format!("{}/{DIR}/clean.txt", env!("CARGO_MANIFEST_DIR"));
    let clean = std::fs::read_to_string(path).expect("fixture");
    let start = clean.find("三、收到和处理").expect("section 三");
    let end = clean.find("四、政府信息公开行政复议").expect("section 四");
    let labels: String = clean[start..end]
        .lines()
        .skip(1)
        .flat_map(|line| line.split('\t'))
        .filter(|cell| !cell.trim().is_empty() && cell.parse::<f64>().is_err())
        .map(|cell| format!("{cell}\n"))
        .collect();
    let unfilled = format!(
        "{}三、收到和处理政府信息公开申请情况\n{labels}{}",
        &clean[..start],
        &clean[end..]
    );
    let (source, findings) =
        gilint::check_bytes(&rules, "unfilled.txt", unfilled.as_bytes()).expect("reads");
    let missing: Vec<_> = findings
        .iter()
        .filter(|f| f.rule == "table-missing")
        .collect();
    assert_eq!(missing.len(), 1, "{missing:?}");
    let finding = missing[0];
    assert!(!finding.not_assessable && finding.severity == Severity::Error);
    assert!(finding.message.contains("表三"), "{finding:?}");
    let primary = finding
        .labels
        .iter()
        .find(|l| l.primary)
        .expect("a primary label");
    assert_eq!(
        &source.text[primary.span.start..primary.span.end],
        "申请人情况"
    );
    assert!(primary.message.contains("没有一个数字"), "{primary:?}");
    assert!(
        finding.notes.iter().any(|n| n.contains("应填 0")),
        "{finding:?}"
    );
}

/// The same trial table 二 written a cell a line, each closed by a pipe (a converter's text
/// of a real 2019 page): the header's cells stand on lines of their own and name the
/// block's columns. Before, they were taken for a label's wrapped words: 行政许可's first
/// number (上一年项目数量) was read as its 处理决定数量, and 政府集中采购's row as incomplete.
#[test]
fn a_trial_table_written_a_cell_a_line_takes_its_columns_from_the_header() {
    let blocks = [
        (
            "五",
            "上一年项目数量|本年增/减|处理决定数量",
            "行政许可|10|2|120",
        ),
        ("八", "上一年项目数量|本年增/减", "行政事业性收费|3|-1"),
        ("九", "采购项目数量|采购总金额", "政府集中采购|6|251000元"),
    ];
    let mut report =
        "某县司法局2019年政府信息公开工作年度报告\n二、主动公开政府信息情况\n".to_string();
    for (block, header, row) in blocks {
        report += &format!("第二十条第（{block}）项 |\n|||\n信息内容 |\n");
        for line in [header, row] {
            for cell in line.split('|') {
                report += &format!("{cell} |\n");
            }
            report += "|\n";
        }
    }
    report += "三、收到和处理政府信息公开申请情况\n";
    let (_, parsed) = gilint::read_report("trial.txt", report.as_bytes()).expect("reads");
    let t2 = parsed.table(TableId::T2).expect("table 二");
    let cell = |row: &str, column: &str| t2.cell(row, column).and_then(|c| c.value);
    assert_eq!(cell("licensing", "prev_items"), Num::parse("10"));
    assert_eq!(cell("licensing", "decisions"), Num::parse("120"));
    assert_eq!(cell("admin_fees", "change"), Num::parse("-1"));
    assert_eq!(cell("central_procurement", "proc_items"), Num::parse("6"));
    assert_eq!(
        cell("central_procurement", "proc_amount"),
        Num::parse("251000")
    );
    assert!(parsed.unparsed.is_empty(), "{:?}", parsed.unparsed);
}

/// A body with one application writes few numbers: a cell a line, zeros left blank, each
/// row holds two numbers at most. The blanks are still found (a run of cells with a number
/// among them), and the tables read as the same report's tab-separated ones.
#[test]
fn a_table_of_few_numbers_a_cell_a_line_reads_its_blanks() {
    use gilint::template::{template, TemplateStyle};
    let rules = RuleSet::builtin().expect("rules load");
    let mut report = template(2024, Some("青山市河西区司法局"), TemplateStyle::Text);
    for label in [
        "一、本年新收政府信息公开申请数量",
        "（一）予以公开",
        "（七）总计",
    ] {
        let line = report
            .lines()
            .find(|l| l.contains(label) && l.contains('\t'))
            .expect("the row")
            .to_string();
        // The natural person and the total: one application, granted.
        let ones = line.replacen("\t0", "\t1", 1);
        let ones = format!("{}1", ones.strip_suffix('0').expect("ends with the total"));
        report = report.replace(&line, &ones);
    }
    // A row whose one number is left blank cannot be told from a header's padding (see
    // the next test): table 二's one-number rows have theirs written.
    for row in ["行政许可", "行政处罚", "行政强制", "行政事业性收费"] {
        report = report.replace(&format!("\n{row}\t0"), &format!("\n{row}\t1"));
    }
    let (_, tabs) = gilint::check_bytes(&rules, "tabs.txt", report.as_bytes()).expect("reads");
    assert!(
        tabs.iter().all(
            |f| f.rule != "table-incomplete" && !f.not_assessable || f.rule == "published-late"
        ),
        "{:?}",
        signature(&tabs)
    );
    let cells = cells_on_lines(&report, "\n", " |", "");
    assert!(cells.contains("\n1 |\n |\n"));
    let (_, findings) = gilint::check_bytes(&rules, "cells.txt", cells.as_bytes()).expect("reads");
    assert_eq!(signature(&but_blank_cells(findings)), signature(&tabs));
}

/// A table typed by hand in Word: zeros written 无, counts written with their unit (20件),
/// the total row called 合计. Each reads as clean.txt does (it was a row unread, and the
/// checks of its table not assessable).
#[test]
fn a_table_typed_by_hand_reads_as_the_clean_report() {
    let rules = RuleSet::builtin().expect("rules load");
    let (source, whole) = check(&rules, "clean.txt");
    let text = source.text.clone();
    // Each cell of each tab-separated row, changed by `cell`.
    let cells = |cell: &dyn Fn(&str) -> String| -> String {
        text.split_inclusive('\n')
            .map(|line| {
                if line.contains('\t') {
                    line.split('\t').map(cell).collect::<Vec<_>>().join("\t")
                } else {
                    line.to_string()
                }
            })
            .collect()
    };
    let variants = [
        (
            "zeros written 无",
            cells(&|c| if c == "0" { "无".into() } else { c.into() }),
        ),
        (
            "zeros written 〇",
            cells(&|c| if c == "0" { "〇".into() } else { c.into() }),
        ),
        (
            "counts with 件",
            cells(&|c| {
                let trimmed = c.trim_end_matches('\n');
                if !trimmed.is_empty() && trimmed.bytes().all(|b| b.is_ascii_digit()) {
                    format!("{trimmed}件{}", &c[trimmed.len()..])
                } else {
                    c.into()
                }
            }),
        ),
        (
            "the total row 合计",
            text.replace("（七）总计", "（七）合计"),
        ),
    ];
    for (what, changed) in variants {
        assert_ne!(changed, text, "{what}");
        let (_, findings) =
            gilint::check_bytes(&rules, "typed.txt", changed.as_bytes()).expect("reads");
        assert_eq!(signature(&findings), signature(&whole), "{what}");
    }
}

/// When the cell a prose rule's message names was not read (表三's total row lost), a
/// number that fits none of the rule's other readings is not assessable: it was reported
/// as differing from "（七）总计", with the value of another reading (本年新收 − 结转下年度).
#[test]
fn a_prose_count_is_not_compared_with_a_cell_that_was_not_read() {
    let rules = RuleSet::builtin().expect("rules load");
    let (source, _) = check(&rules, "clean.txt");
    let row = source
        .text
        .lines()
        .find(|l| l.contains("（七）总计"))
        .expect("the total row");
    let changed = source.text.replace(row, "");
    let (_, findings) = gilint::check_bytes(&rules, "lost.txt", changed.as_bytes()).expect("reads");
    let handled: Vec<_> = findings
        .iter()
        .filter(|f| f.rule == "prose-handled-mismatch")
        .collect();
    assert_eq!(handled.len(), 1, "{handled:?}");
    assert!(handled[0].not_assessable, "{:?}", handled[0].message);
    assert!(
        handled[0].message.contains("（七）总计"),
        "{}",
        handled[0].message
    );
}

/// clean.txt with its three tables written as clean.html writes them, in HTML (as pandoc
/// writes a table with merged cells into Markdown, which a pipe table cannot hold).
fn with_html_tables(rules: &RuleSet) -> String {
    let (text, _) = check(rules, "clean.txt");
    let page = std::fs::read(format!("{DIR}/clean.html")).expect("fixture");
    let (page, _, _) = encoding_rs::GB18030.decode(&page);
    let mut tables = Vec::new();
    let mut rest = &page[..];
    while let Some(start) = rest.find("<table") {
        let end = start + rest[start..].find("</table>").expect("closed") + "</table>".len();
        tables.push(rest[start..end].to_string());
        rest = &rest[end..];
    }
    assert_eq!(tables.len(), 3);
    // Each run of tab-separated rows (blank lines within it too) becomes the next table.
    let mut out = String::new();
    let mut tables = tables.into_iter();
    let mut in_table = false;
    let lines: Vec<&str> = text.text.split_inclusive('\n').collect();
    for (i, line) in lines.iter().enumerate() {
        let row = line.contains('\t')
            || (line.trim().is_empty()
                && in_table
                && lines.get(i + 1).is_some_and(|l| l.contains('\t')));
        if row && !in_table {
            out.push_str(&tables.next().expect("a table for each"));
            out.push('\n');
        }
        in_table = row;
        if !row {
            out.push_str(line);
        }
    }
    out
}

#[test]
fn tables_a_markdown_file_writes_in_html_are_read() {
    let rules = RuleSet::builtin().expect("rules load");
    let (_, whole) = check(&rules, "clean.txt");
    let markdown = with_html_tables(&rules);
    assert!(!markdown.contains("\t1\t"), "every table replaced");
    let (_, findings) =
        gilint::check_bytes(&rules, "report.md", markdown.as_bytes()).expect("reads");
    assert_eq!(signature(&findings), signature(&whole));

    // A cell changed in the HTML is found there, and its fix edits the file.
    let row = markdown.find("一、本年新收").expect("the row");
    let cell = row + markdown[row..].find(">25<").expect("its total") + 1;
    let changed = format!("{}27{}", &markdown[..cell], &markdown[cell + 2..]);
    let (shown, findings) =
        gilint::check_bytes(&rules, "report.md", changed.as_bytes()).expect("reads");
    let total = findings
        .iter()
        .find(|f| f.rule == "applicant-total-mismatch")
        .expect("the row's total is off");
    let primary = &total.labels[0];
    assert_eq!(&shown.text[primary.span.start..primary.span.end], "27");
    let fix = total.fix.as_ref().expect("a fix in the file");
    assert_eq!(fix.edits[0].span, primary.span);
}
