//! Meta-tests over the rule set (as clippy and ruff do): every rule is documented, has a
//! failing and a passing fixture, the failing one fires and the passing one does not, and
//! no fixture is orphaned.

use std::collections::BTreeSet;
use std::path::Path;

use gilint::diagnostic::Finding;
use gilint::ruleset::RuleSet;

fn rules() -> RuleSet {
    RuleSet::builtin().expect("built-in rules load")
}

fn fixture_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules")
}

/// Checks a fixture; a year-over-year rule's fixtures come with last year's report
/// (`previous.txt` beside them).
fn check(rules: &RuleSet, path: &Path) -> Vec<Finding> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let name = path.display().to_string();
    let previous = path.with_file_name("previous.txt");
    if previous.exists() {
        let previous_bytes = std::fs::read(&previous).expect("previous.txt reads");
        return gilint::check_pair(
            rules,
            (&name, &bytes),
            (&previous.display().to_string(), &previous_bytes),
            &gilint::Overrides::default(),
        )
        .expect("decodes")
        .findings;
    }
    gilint::check_bytes(rules, &name, &bytes)
        .expect("decodes")
        .1
}

#[test]
fn year_over_year_rules_have_last_years_report_and_others_do_not() {
    for rule in rules().rules() {
        let dir = fixture_dir().join(&rule.id);
        assert_eq!(
            dir.join("previous.txt").exists(),
            rule.needs_previous(),
            "{}: previous.txt goes with year-over-year rules only",
            rule.id
        );
        assert_eq!(
            rule.example_previous.is_some(),
            rule.needs_previous(),
            "{}: `examples.previous` goes with year-over-year rules only",
            rule.id
        );
    }
}

#[test]
fn every_rule_is_documented() {
    for rule in rules().rules() {
        assert!(rule.title.chars().count() >= 4, "{}: title", rule.id);
        assert!(!rule.message.trim().is_empty(), "{}: message", rule.id);
        assert!(!rule.help.trim().is_empty(), "{}: help", rule.id);
        assert!(
            rule.docs.contains("依据"),
            "{}: docs must give the basis (依据…)",
            rule.id
        );
        assert!(
            [
                "[official]",
                "[derived]",
                "[practice]",
                "[corroborated]",
                "[unconfirmed"
            ]
            .iter()
            .any(|t| rule.docs.contains(t)),
            "{}: docs must tag the basis as format.md does",
            rule.id
        );
        assert!(
            !rule.example_fail.trim().is_empty() && !rule.example_pass.trim().is_empty(),
            "{}: examples",
            rule.id
        );
        assert!(
            rule.origin.starts_with("rules/"),
            "{}: {}",
            rule.id,
            rule.origin
        );
    }
}

#[test]
fn every_rule_has_a_failing_fixture_that_fires_and_a_passing_one_that_does_not() {
    let rules = rules();
    for rule in rules.rules() {
        let dir = fixture_dir().join(&rule.id);
        let fail = check(&rules, &dir.join("fail.txt"));
        assert!(
            fail.iter()
                .any(|f| f.rule == rule.id && !f.not_assessable && f.severity == rule.severity),
            "{}: fail.txt does not trigger it; got {:?}",
            rule.id,
            fail.iter().map(|f| &f.rule).collect::<Vec<_>>()
        );
        let pass = check(&rules, &dir.join("pass.txt"));
        let fired: Vec<_> = pass
            .iter()
            .filter(|f| f.rule == rule.id)
            .map(|f| &f.message)
            .collect();
        assert!(
            fired.is_empty(),
            "{}: pass.txt triggers it: {fired:?}",
            rule.id
        );
    }
}

/// The loader refuses a `{placeholder}` a rule's check kind does not fill (the list in
/// `Check::placeholders`); this keeps that list in step with what the engine fills: no
/// finding a failing fixture draws may still hold one as written.
#[test]
fn findings_fill_every_placeholder() {
    let placeholder = regex::Regex::new(r"\{[a-z_]+\}").expect("pattern");
    let rules = rules();
    for rule in rules.rules() {
        let findings = check(&rules, &fixture_dir().join(&rule.id).join("fail.txt"));
        for finding in findings.iter().filter(|f| f.rule == rule.id) {
            for text in std::iter::once(&finding.message).chain(&finding.help) {
                assert!(
                    !placeholder.is_match(text),
                    "{}: a placeholder left unfilled in {text:?}",
                    rule.id
                );
            }
        }
    }
}

#[test]
fn no_orphaned_fixtures() {
    let ids: BTreeSet<String> = rules().rules().iter().map(|r| r.id.clone()).collect();
    for entry in std::fs::read_dir(fixture_dir()).expect("fixture dir") {
        let entry = entry.expect("entry");
        if entry.path().is_dir() {
            let name = entry.file_name().to_string_lossy().to_string();
            assert!(
                ids.contains(&name),
                "tests/fixtures/rules/{name} belongs to no rule"
            );
        }
    }
}

#[test]
fn rule_files_sit_in_their_profile_directory() {
    for rule in rules().rules() {
        let dir = rule.origin.split('/').nth(1).unwrap_or_default();
        let profiles: Vec<&str> = rule.profiles.iter().map(|p| p.as_str()).collect();
        let ok = match dir {
            "any-format" => profiles == ["format2021", "trial2019", "pre2019"],
            "common" => profiles == ["format2021", "trial2019"],
            // Pairs of reports, whatever their format; the id says what is compared.
            "year-over-year" => rule.needs_previous(),
            other => profiles == [other],
        };
        assert!(
            ok,
            "{} is in rules/{dir}/ but applies to {profiles:?}",
            rule.id
        );
        assert!(
            rule.origin.ends_with(&format!("/{}.toml", rule.id)),
            "{}: file name must be the id",
            rule.origin
        );
    }
}

/// An identity of optional rows or columns (`if_present`) says nothing about a report
/// without them, nor about one without the table; with them, it checks.
#[test]
fn identities_of_optional_columns_apply_only_where_they_are() {
    let rules = rules();
    let org = |name: &str| {
        check(&rules, &fixture_dir().join(name))
            .into_iter()
            .filter(|f| f.rule == "org-subtotal-mismatch")
            .count()
    };
    let seed = |name: &str| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/seeds")
            .join(name);
        check(&rules, &path)
            .into_iter()
            .filter(|f| f.rule == "org-subtotal-mismatch")
            .count()
    };
    assert_eq!(org("org-subtotal-mismatch/fail.txt"), 1);
    assert_eq!(org("org-subtotal-mismatch/pass.txt"), 0);
    // No 小计 column; no table 三 at all (seed 002 lost its tables in the copy).
    assert_eq!(org("applications-unbalanced/fail.txt"), 0);
    assert_eq!(seed("002_af160c066563daaa.txt"), 0);
}

/// A rule over `groups` checks each group's identity on its own: a wrong subtotal of one
/// group is found, another group's right one is not, and a table without subtotal rows
/// (the official layout) gives neither a finding nor "not assessable".
#[test]
fn group_identities_are_checked_group_by_group() {
    let rules = rules();
    let group = |name: &str| {
        check(&rules, &fixture_dir().join(name))
            .into_iter()
            .filter(|f| f.rule == "group-subtotal-mismatch")
            .map(|f| f.message)
            .collect::<Vec<_>>()
    };
    let fail = group("group-subtotal-mismatch/fail.txt");
    assert_eq!(fail.len(), 2, "{fail:?}");
    assert!(
        fail.iter().all(|m| m.contains("（三）不予公开")),
        "{fail:?}"
    );
    assert!(group("group-subtotal-mismatch/pass.txt").is_empty());
    assert!(group("results-total-mismatch/fail.txt").is_empty());
}

/// The findings of `rules` for clean.txt (tests/fixtures/formats) with `from` written as
/// `to`.
fn clean_with(rules: &RuleSet, from: &str, to: &str) -> Vec<Finding> {
    clean_with_each(rules, &[(from, to)])
}

/// The findings of clean.txt with each `from` written as its `to`.
fn clean_with_each(rules: &RuleSet, rewrites: &[(&str, &str)]) -> Vec<Finding> {
    let mut text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats/clean.txt"),
    )
    .expect("clean.txt reads");
    for (from, to) in rewrites {
        assert!(text.contains(from), "{from}");
        text = text.replace(from, to);
    }
    gilint::check_bytes(rules, "clean.txt", text.as_bytes())
        .expect("decodes")
        .1
}

/// (rule, whether it suggests a fix) of the findings `wanted` picks, sorted.
fn rules_fired(findings: Vec<Finding>, wanted: impl Fn(&str) -> bool) -> Vec<(String, bool)> {
    findings
        .into_iter()
        .filter(|f| wanted(&f.rule))
        .map(|f| (f.rule.to_string(), f.fix.is_some()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// How many findings of `rule` clean.txt gets with `from` written as `to`.
fn count_of(rules: &RuleSet, rule: &str, from: &str, to: &str) -> usize {
    clean_with(rules, from, to)
        .iter()
        .filter(|f| f.rule == rule)
        .count()
}

/// `行政复议和行政诉讼各N件` states both figures (each N), with no fix suggested (rewriting the
/// number would change the other figure too); `行政复议、行政诉讼共N件` states their sum,
/// neither figure.
#[test]
fn a_pair_of_review_and_litigation_states_each_figure() {
    let rules = rules();
    // Table 四 of clean.txt: 2 reviews, 1 lawsuit.
    let stated = "全年因政府信息公开被申请行政复议2件，被提起行政诉讼1件。";
    let findings = |sentence: &str| {
        rules_fired(clean_with(&rules, stated, sentence), |rule| {
            rule.starts_with("prose-review") || rule.starts_with("prose-lit")
        })
    };
    let review = || ("prose-review-mismatch".to_string(), false);
    let litigation = || ("prose-litigation-mismatch".to_string(), false);
    assert_eq!(findings("全年行政复议和行政诉讼各2件。"), [litigation()]);
    assert_eq!(
        findings("全年被申请行政复议和被提起行政诉讼各1件。"),
        [review()]
    );
    assert_eq!(
        findings("全年行政复议案件、行政诉讼案件各3件。"),
        [litigation(), review()]
    );
    // A sum, and a pair's figures each stated.
    assert_eq!(findings("全年行政复议、行政诉讼共3件。"), []);
    assert_eq!(findings("全年行政复议2件和行政诉讼1件。"), []);
    assert_eq!(
        findings("全年行政复议3件和行政诉讼1件。"),
        [("prose-review-mismatch".to_string(), true)]
    );
}

/// A rate is checked against the counts before it that it could be a share of: never one
/// smaller than the count right before it (that count is then not what was disclosed).
#[test]
fn a_rate_is_never_checked_against_a_count_smaller_than_its_part() {
    let rules = rules();
    let rate = |sentence: &str| count_of(&rules, "prose-rate-miscomputed", "办结26件", sentence);
    // Only 新收25件 and 结转2件 before 办结26件: the disclosed count is not stated.
    assert_eq!(rate("办结26件，予以公开率为40%"), 0);
    // 9 of 26 is 34.6 %, printed 40 %, and (9 + 4) of 26 is 50 %.
    assert_eq!(rate("办结26件，其中予以公开9件，公开率为40%"), 1);
    assert_eq!(rate("办结26件，其中予以公开9件，公开率为34.6%"), 0);
    assert_eq!(
        rate("办结26件，其中予以公开9件，部分公开4件，公开率为50%"),
        0
    );
}

/// A cell whose number is written wrong (`3x5`, `25①`) leaves its row unread, said where it
/// is and counted once (an unread row is a missing one too), never read as a blank 0.
#[test]
fn a_number_written_wrong_leaves_its_row_unread_and_counted_once() {
    let rules = rules();
    let incomplete = |from: &str, to: &str| -> Vec<(String, String)> {
        clean_with(&rules, from, to)
            .into_iter()
            .filter(|f| f.rule == "table-incomplete" || f.rule == "cells-left-blank")
            .map(|f| (f.rule.to_string(), f.message))
            .collect()
    };
    let t2 = "表二（主动公开政府信息情况）不完整：有 1 处缺行或无法读取";
    let t3 = "表三（收到和处理政府信息公开申请情况）不完整：有 1 处缺行或无法读取";
    let pair = |message: &str| vec![("table-incomplete".to_string(), message.to_string())];
    assert_eq!(incomplete("行政处罚\t35", "行政处罚\t3x5"), pair(t2));
    assert_eq!(
        incomplete("\t20\t3\t0\t1\t1\t0\t25\n", "\t20\t3\t0\t1\t1\t0\t25①\n"),
        pair(t3)
    );
    assert_eq!(
        incomplete(
            "4.保护第三方合法权益\t1\t0\t0\t0\t0\t0\t1",
            "4.保护第三方合法权益\t1\t0\t0\t0\t0\t0\t1x"
        ),
        pair(t3)
    );
}

/// Improvements are told by what commits to them (下一步, 将加强, 2024年我局将丰富…), not by
/// words a problem uses too (有待进一步加强).
#[test]
fn improvements_are_told_by_a_commitment() {
    let rules = rules();
    let improvement =
        "下一步，我局将丰富图解、视频等解读形式，加强依申请公开业务培训，进一步提升答复质量。";
    let missing = |to: &str| count_of(&rules, "improvements-missing", improvement, to);
    assert_eq!(missing(improvement), 0);
    assert_eq!(missing("2024年，我局将丰富图解、视频等解读形式。"), 0);
    assert_eq!(missing("新的一年，我们将加大培训力度。"), 0);
    assert_eq!(missing(""), 1);
    assert_eq!(missing("三是答复质量有待进一步加强。"), 1);
}

/// A note left for the drafter (`待补充`) is a placeholder too.
#[test]
fn a_note_left_for_the_drafter_is_a_placeholder() {
    let rules = rules();
    let placeholders = |to: &str| count_of(&rules, "placeholder-text", "政府信息326条", to);
    assert_eq!(placeholders("政府信息326条"), 0);
    assert_eq!(placeholders("政府信息326条（具体数据待补充）"), 1);
}

/// The normative documents repealed, as the prose states them, are table 二's 本年废止件数.
#[test]
fn normative_documents_repealed_are_checked_against_table_two() {
    let rules = rules();
    let mismatches = |to: &str| {
        count_of(
            &rules,
            "prose-normative-docs-mismatch",
            "制发行政规范性文件2件",
            to,
        )
    };
    // Table 二 of clean.txt: 2 issued, 1 repealed, 15 in force.
    assert_eq!(
        mismatches("制发行政规范性文件2件，废止行政规范性文件1件"),
        0
    );
    assert_eq!(
        mismatches("制发行政规范性文件2件，废止行政规范性文件2件"),
        1
    );
    assert_eq!(mismatches("废止了规范性文件3件"), 1);
}

/// The fees the prose states in 万元 are table 二's 本年收费金额; an amount in 元 is
/// compared after conversion, at the places the table prints (and with no fix: a table
/// filled in 元 is the usual slip).
#[test]
fn fees_stated_in_wan_yuan_are_checked_against_table_two() {
    let rules = rules();
    let mismatches = |to: &str| {
        count_of(
            &rules,
            "prose-enforcement-mismatch",
            "制发行政规范性文件2件",
            to,
        )
    };
    // Table 二 of clean.txt: 1.25 (万元).
    assert_eq!(mismatches("收取行政事业性收费1.25万元"), 0);
    assert_eq!(mismatches("行政事业性收费金额为1.250万元"), 0);
    assert_eq!(mismatches("收取行政事业性收费1.5万元"), 1);
    assert_eq!(mismatches("收取行政事业性收费12500元"), 0);
    assert_eq!(mismatches("收取行政事业性收费12,500.00元"), 0);
    // 1.25 万元 printed at two places: 12,450 元 rounds to 1.25 (12,449 元 does not).
    assert_eq!(mismatches("收取行政事业性收费12450元"), 0);
    assert_eq!(mismatches("收取行政事业性收费12449元"), 1);
    assert_eq!(mismatches("收取行政事业性收费13500元"), 1);

    // The table filled in 元 (12500 under 万元) against prose in 元.
    let findings = clean_with_each(
        &rules,
        &[
            ("行政事业性收费\t1.25", "行政事业性收费\t12500"),
            ("制发行政规范性文件2件", "收取行政事业性收费12500元"),
        ],
    );
    let fee: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.rule == "prose-enforcement-mismatch")
        .collect();
    assert_eq!(fee.len(), 1, "{findings:#?}");
    assert!(
        fee[0].message.contains("合 1.25 万元"),
        "{}",
        fee[0].message
    );
    assert!(
        fee[0].fix.is_none(),
        "the table may be the one in the wrong unit"
    );
}

/// A rule whose findings suggest fixes says so (`explain`'s fix line, `rules --format
/// json`'s `fixable`): every failing fixture's finding that carries a fix is of such a rule.
#[test]
fn rules_whose_findings_carry_fixes_say_they_may() {
    let rules = rules();
    let mut fixing = 0;
    for rule in rules.rules() {
        let findings = check(&rules, &fixture_dir().join(&rule.id).join("fail.txt"));
        if findings
            .iter()
            .any(|f| f.rule == rule.id && f.fix.is_some())
        {
            fixing += 1;
            assert!(
                rule.check.fix().is_some(),
                "{}: its finding suggests a fix, but the rule does not say it may",
                rule.id
            );
        }
    }
    assert!(fixing >= 10, "only {fixing} rules' fixtures suggest fixes");
}

/// `被提起诉讼N件` (without 行政) is the lawsuits' count too, and `未被提起诉讼` says none.
#[test]
fn a_lawsuit_said_without_its_kind_is_counted() {
    let rules = rules();
    let mismatches =
        |to: &str| count_of(&rules, "prose-litigation-mismatch", "被提起行政诉讼1件", to);
    // Table 四 of clean.txt: 1 lawsuit.
    assert_eq!(mismatches("被提起诉讼1件"), 0);
    assert_eq!(mismatches("被提起诉讼2件"), 1);
    assert_eq!(mismatches("未被提起诉讼"), 1);
    assert_eq!(mismatches("申请人提起诉讼的，依法应诉"), 0);
}

/// `未收取任何费用` states the fee (every fee, 信息处理费 among them); a report saying nothing
/// of fees does not, nor does table 三's row on fees left unpaid.
#[test]
fn no_fees_at_all_is_a_fee_statement() {
    let rules = rules();
    let fee = "本年度收取信息处理费0元。";
    let missing = |to: &str| count_of(&rules, "fee-statement-missing", fee, to);
    assert_eq!(missing(fee), 0);
    assert_eq!(missing("本年度未收取任何费用。"), 0);
    assert_eq!(missing("依申请提供政府信息，均未收取费用。"), 0);
    assert_eq!(missing("本年度未产生信息处理费。"), 0);
    assert_eq!(missing("本年度依申请公开工作运行平稳。"), 1);
}

/// Where a carry-over goes may be named by its year: the report's next (结转至2024年办理 in
/// clean.txt's 2023 report), never another (结转至2023年 is last year's into this one).
#[test]
fn a_carry_forward_may_name_the_next_year() {
    let rules = rules();
    let forward = "1件结转至下年度继续办理";
    let mismatches = |to: &str| count_of(&rules, "prose-carried-forward-mismatch", forward, to);
    // Table 三 of clean.txt: 1 carried forward.
    assert_eq!(mismatches("1件结转至2024年办理"), 0);
    assert_eq!(mismatches("3件结转至2024年办理"), 1);
    assert_eq!(mismatches("结转至2024年度继续办理4件"), 1);
    assert_eq!(mismatches("3件结转至2023年办理"), 0);
    // The sentence's own balance reads it too: 2 + 25 ≠ 26 + 3.
    let unbalanced = |to: &str| count_of(&rules, "prose-applications-unbalanced", forward, to);
    assert_eq!(unbalanced("1件结转至2024年办理"), 0);
    assert_eq!(unbalanced("3件结转至2024年办理"), 1);
    assert_eq!(unbalanced("3件结转至2025年办理"), 0);
}

/// The balance of one sentence's figures reads numbers in words, and takes a total said to
/// hold the carry-over (`共收到申请27件（其中上年结转2件）`) as it says.
#[test]
fn a_sentence_balance_reads_words_and_a_total_holding_the_carry_over() {
    let rules = rules();
    let received = "本机关新收政府信息公开申请25件，上年结转政府信息公开申请2件";
    let unbalanced = |to: &str| count_of(&rules, "prose-applications-unbalanced", received, to);
    assert_eq!(unbalanced(received), 0);
    assert_eq!(
        unbalanced("本机关新收政府信息公开申请二十五件，上年结转政府信息公开申请两件"),
        0
    );
    assert_eq!(
        unbalanced("本机关新收政府信息公开申请二十四件，上年结转政府信息公开申请2件"),
        1
    );
    assert_eq!(
        unbalanced("本机关共收到政府信息公开申请27件（其中上年结转2件）"),
        0
    );
    assert_eq!(
        unbalanced("本机关共收到政府信息公开申请28件（其中上年结转2件）"),
        1
    );
}

/// A figure of this year's work given under another year is reported; a comparison with
/// another year, and section 五's look back or ahead, are not.
#[test]
fn a_figure_given_under_another_year_is_reported() {
    let rules = rules();
    let stated = "2023年，本机关新收政府信息公开申请25件";
    let stale = |to: &str| count_of(&rules, "prose-year-mismatch", stated, to);
    assert_eq!(stale(stated), 0);
    assert_eq!(stale("2022年，本机关新收政府信息公开申请25件"), 1);
    assert_eq!(stale("2022年度我局共收到政府信息公开申请25件"), 1);
    assert_eq!(stale("2022年，本机关未收到政府信息公开申请"), 1);
    // Comparisons.
    assert_eq!(
        stale("2023年，本机关新收政府信息公开申请25件，较2022年收到申请20件有所增加"),
        0
    );
    assert_eq!(
        stale("2023年，本机关新收政府信息公开申请25件。2022年收到申请20件，本年增加5件"),
        0
    );
    // Not a figure: a mention of the year's documents.
    assert_eq!(
        stale("2023年，本机关对2022年公开的文件进行清理，新收政府信息公开申请25件"),
        0
    );
    // Section 五 looks back and ahead.
    let problems = "2023年，我局政府信息公开工作取得一定成效";
    assert_eq!(
        count_of(
            &rules,
            "prose-year-mismatch",
            problems,
            "2022年收到申请20件，答复规范化水平有待提高"
        ),
        0
    );
    // The fee statement in 六.
    let fee = "本年度收取信息处理费0元。";
    assert_eq!(
        count_of(
            &rules,
            "prose-year-mismatch",
            fee,
            "2022年度未收取信息处理费。"
        ),
        1
    );
}

/// The channels applications came by, listed after their total, add up to no more than
/// it; each channel counts toward the nearest total before it, and a shorter list may name
/// only the main channels.
#[test]
fn application_channels_add_up_to_no_more_than_the_total() {
    let rules = rules();
    let over = |to: &str| {
        count_of(
            &rules,
            "prose-channels-exceed-total",
            "制发行政规范性文件2件",
            to,
        )
    };
    assert_eq!(
        over("收到申请27件，其中当面申请5件、网上申请18件、信函申请4件"),
        0
    );
    assert_eq!(
        over("收到申请27件，其中当面申请5件、网上申请20件、信函申请4件"),
        1
    );
    assert_eq!(
        over("收到申请27件，其中通过网络提交的申请20件，当面提出10件"),
        1
    );
    // Fewer than the total: the main channels only.
    assert_eq!(over("收到申请27件，其中网上申请20件、传真2件"), 0);
    // One channel is a figure, not a list.
    assert_eq!(over("收到申请27件，其中网上申请30件"), 0);
    // Nested: the channels after the second total are its.
    assert_eq!(
        over("办理申请40件，其中新收申请27件，其中当面申请5件、网上申请20件、信函申请2件"),
        0
    );
    // Not channels: the results after 其中 are another rule's.
    assert_eq!(over("收到申请27件，其中予以公开20件、部分公开10件"), 0);
}

/// A count of new applications given under another year (compared with, or a stale
/// year) is not this year's: the year rule speaks for a stale one, once; a count under the
/// report's year is this year's.
#[test]
fn a_count_under_another_year_is_not_this_years() {
    let rules = rules();
    let fired = |to: &str| {
        rules_fired(
            clean_with(&rules, "2023年，本机关新收政府信息公开申请25件", to),
            |rule| rule.starts_with("prose-new-applications") || rule == "prose-year-mismatch",
        )
        .into_iter()
        .map(|(rule, _)| rule)
        .collect::<Vec<_>>()
    };
    let none: Vec<String> = Vec::new();
    // The table says 25.
    assert_eq!(fired("2023年，本机关新收政府信息公开申请25件"), none);
    assert_eq!(
        fired("2023年，本机关新收政府信息公开申请24件"),
        ["prose-new-applications-mismatch"]
    );
    assert_eq!(
        fired("2022年本机关新收政府信息公开申请20件，本年增加5件"),
        none
    );
    // Last year's sentence left in: a stale year, said once.
    assert_eq!(
        fired("2022年，本机关新收政府信息公开申请20件"),
        ["prose-year-mismatch"]
    );
}

/// Channels that each give their share are a list of shares: prose-shares-exceed-total
/// reports their sum over the total, once; channels without shares are this rule's.
#[test]
fn channels_with_their_shares_are_reported_once() {
    let rules = rules();
    let fired = |to: &str| {
        rules_fired(
            clean_with(&rules, "制发行政规范性文件2件", to),
            |rule| rule.ends_with("exceed-total"),
        )
        .into_iter()
        .map(|(rule, _)| rule)
        .collect::<Vec<_>>()
    };
    assert_eq!(
        fired("收到申请25件，其中当面申请5件，占20%；网上申请20件，占80%；信函申请2件，占8%"),
        ["prose-shares-exceed-total"]
    );
    assert_eq!(
        fired("收到申请25件，其中当面申请5件，占20%；网上申请20件；信函申请2件"),
        ["prose-channels-exceed-total"]
    );
}
