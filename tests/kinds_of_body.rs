//! Rules that depend on the kind of body a report is from (by the agency's name): 《条例》
//! 第四十九条's deadlines (`published-late`: the report's own date against the day its kind
//! of body must publish by, "not assessable" when either is unknown), and what only a
//! government's report must say (`accountability-results-missing`, rules with `agencies`).

use gilint::diagnostic::{Finding, Severity};
use gilint::ruleset::RuleSet;

/// The example report, for `agency`, ending with `ending` (a signature, say).
fn report(agency: &str, head: &str, ending: &str) -> String {
    let example = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/report-2023.txt"
    ))
    .expect("example");
    let body = example
        .strip_suffix("\n青山市河西区司法局\n2024年1月25日\n")
        .expect("the example ends with its signature")
        .replace("青山市河西区司法局2023年", &format!("{agency}2023年"));
    format!("{head}{body}{ending}")
}

fn finding(rule: &str, text: &str) -> Option<Finding> {
    let rules = RuleSet::builtin().expect("rules load");
    let (_, findings) = gilint::check_bytes(&rules, "r.txt", text.as_bytes()).expect("reads");
    findings.into_iter().find(|f| f.rule == rule)
}

fn deadline(text: &str) -> Option<Finding> {
    finding("published-late", text)
}

#[derive(Debug, PartialEq)]
enum Outcome {
    OnTime,
    Late,
    NotAssessable,
}

fn outcome(text: &str) -> Outcome {
    match deadline(text) {
        None => Outcome::OnTime,
        Some(f) if f.not_assessable => Outcome::NotAssessable,
        Some(f) => {
            assert_eq!(f.severity, Severity::Error);
            Outcome::Late
        }
    }
}

#[test]
fn each_kind_of_body_has_its_deadline() {
    use Outcome::*;
    let signed = |agency: &str, date: &str| report(agency, "", &format!("\n{agency}\n{date}\n"));
    for (agency, date, expected) in [
        // A department: 31 January.
        ("青山市河西区司法局", "2024年1月31日", OnTime),
        ("青山市河西区司法局", "2024年2月1日", Late),
        ("青山市发展和改革委员会", "二〇二四年二月五日", Late),
        // A local government: 31 March.
        ("青山市河西区人民政府", "2024年3月31日", OnTime),
        ("青山市河西区", "2024年3月1日", OnTime),
        ("青山市河西区人民政府", "2024年4月1日", Late),
        // A township, or a body whose kind the name does not tell: held to 31 March;
        // between the two days, whether it is late cannot be told.
        ("河西镇人民政府", "2024年2月20日", OnTime),
        ("青山经济技术开发区管理委员会", "2024年1月20日", OnTime),
        (
            "青山经济技术开发区管理委员会",
            "2024年2月20日",
            NotAssessable,
        ),
        ("青山经济技术开发区管理委员会", "2024年4月20日", Late),
        // A year later still.
        ("青山市河西区人民政府", "2025年1月10日", Late),
    ] {
        assert_eq!(outcome(&signed(agency, date)), expected, "{agency} {date}");
    }
}

#[test]
fn a_page_s_publication_date_comes_before_the_signature() {
    let agency = "青山市河西区司法局";
    let text = report(
        agency,
        "发布日期：2024-02-03　来源：青山市河西区司法局\n",
        &format!("\n{agency}\n2024年1月25日\n"),
    );
    let finding = deadline(&text).expect("late");
    assert!(!finding.not_assessable);
    assert!(
        finding.message.contains("发布日期是 2024年2月3日"),
        "{}",
        finding.message
    );
    assert!(
        finding.message.contains("2024年1月31日"),
        "{}",
        finding.message
    );
    let primary = finding.labels.iter().find(|l| l.primary).expect("primary");
    assert_eq!(
        &text[primary.span.start..primary.span.end],
        "发布日期：2024-02-03"
    );
}

#[test]
fn without_a_date_the_deadline_is_not_assessable() {
    for text in [
        report("青山市河西区司法局", "", ""),
        // The statistics period's and the year's own dates are not the report's.
        report(
            "青山市河西区司法局",
            "",
            "\n青山市河西区司法局\n2023年12月31日\n",
        ),
    ] {
        assert_eq!(outcome(&text), Outcome::NotAssessable);
    }
}

#[test]
fn only_a_government_s_report_must_give_its_oversight_results() {
    let rule = "accountability-results-missing";
    // The example says 考核 only (监督保障: 纳入年度绩效考核).
    let government = finding(rule, &report("青山市河西区人民政府", "", "")).expect("fires");
    assert!(!government.not_assessable);
    assert_eq!(government.severity, Severity::Warning);
    assert!(
        government.message.contains("社会评议、责任追究结果"),
        "{}",
        government.message
    );
    assert!(finding(rule, &report("河西镇人民政府", "", "")).is_some());
    // A department's report need not; a body the name does not tell: not assessable.
    assert!(finding(rule, &report("青山市河西区司法局", "", "")).is_none());
    let unknown = finding(rule, &report("青山经济技术开发区管理委员会", "", "")).expect("said");
    assert!(unknown.not_assessable, "{unknown:?}");
    // All three said (no 追责 counts, said so).
    let said = report("青山市河西区人民政府", "", "").replace(
        "定期开展自查整改。",
        "定期开展自查整改。邀请群众代表开展社会评议；本年度未发生责任追究情况。",
    );
    assert!(finding(rule, &said).is_none());
}
