//! Check kind `signature`: the body signing the report off (its name over the date at
//! the end) is the body the title names. A report written from another body's, or from
//! last year's of a body since renamed, keeps the other name under it.
//!
//! Names are compared loosely, as bodies write their own: one may hold the other
//! (`河西区司法局` and `青山市河西区司法局`; `闵行区` and `上海市闵行区人民政府`), and a
//! government's report may be signed by one of its offices (`青山市人民政府` and
//! `青山市人民政府办公室`, `青山市政务公开办公室`: the same place). Only names of two
//! different places, neither holding the other, are a finding.

use super::{Context, Out};
use crate::diagnostic::Label;
use crate::ruleset::Check;

pub(super) fn run(cx: &Context, out: &mut Out) {
    if !matches!(out.rule.check, Check::Signature) {
        return;
    }
    let report = cx.report;
    let Some(signed) = &report.signed_by else {
        // Most reports end without a signature (a web page's date is its 发布日期):
        // nothing to compare, and nothing wrong.
        return;
    };
    let Some(agency) = &report.agency else {
        return;
    };
    // A title without the body's name: the agency was read from the signature.
    if agency.span == signed.span || !other_body(&agency.value, &signed.value) {
        return;
    }
    out.emit(
        &[
            ("agency", agency.value.trim().to_string()),
            ("signed", signed.value.trim().to_string()),
        ],
        vec![
            Label::primary(signed.span, "落款机关"),
            Label::secondary(agency.span, "标题中的机关"),
        ],
        Vec::new(),
        None,
    );
}

/// Whether two names of bodies name different ones: neither holds the other, and each
/// begins with a place (`青山市河西区`) and those places differ (neither holds the other).
fn other_body(a: &str, b: &str) -> bool {
    let (a, b) = (squeeze(a), squeeze(b));
    if a.contains(&b) || b.contains(&a) {
        return false;
    }
    match (place(&a), place(&b)) {
        (Some(pa), Some(pb)) => !pa.contains(pb) && !pb.contains(pa),
        _ => false,
    }
}

/// The name without spaces (a signature is often spread out: `青山市  司法局`).
fn squeeze(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The places a name begins with, up to three levels (`青山市河西区`, `江北县`): each
/// one to eight characters ending in 省市区县州盟旗. `None` when it begins otherwise
/// (`市监狱管理局`).
fn place(name: &str) -> Option<&str> {
    const ENDS: &[char] = &['省', '市', '区', '县', '州', '盟', '旗'];
    let mut end = 0;
    for _ in 0..3 {
        let rest = &name[end..];
        let Some((i, c)) = rest
            .char_indices()
            .take(9)
            .find(|&(_, c)| ENDS.contains(&c))
        else {
            break;
        };
        // A level needs a name before its ending (`市场` does not begin a place).
        if i == 0 {
            break;
        }
        end += i + c.len_utf8();
    }
    (end > 0).then(|| &name[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_a_name_begins_with() {
        assert_eq!(place("青山市河西区司法局"), Some("青山市河西区"));
        assert_eq!(place("南平市市场监督管理局"), Some("南平市"));
        assert_eq!(place("江北县人民政府"), Some("江北县"));
        assert_eq!(place("市监狱管理局"), None);
        assert_eq!(place("国家税务总局"), None);
    }

    #[test]
    fn the_same_body_written_two_ways_is_not_another() {
        for (title, signed) in [
            ("青山市河西区司法局", "河西区司法局"),
            ("闵行区", "上海市闵行区人民政府"),
            ("青山市人民政府", "青山市人民政府办公室"),
            ("青山市人民政府", "青山市政务公开办公室"),
            ("上海市监狱管理局", "市监狱管理局"),
            ("东湖区教育局", "东湖区  教育局"),
            ("国家税务总局青山市税务局", "青山市税务局"),
        ] {
            assert!(!other_body(title, signed), "{title} / {signed}");
        }
    }

    #[test]
    fn another_place_is_another_body() {
        assert!(other_body("青山市河西区司法局", "青山市河东区司法局"));
        assert!(other_body("江北县人民政府", "江南县人民政府"));
        assert!(other_body("临川市生态环境局", "南平市生态环境局"));
        // Another body of the same place may be its office: not told apart.
        assert!(!other_body("青山市司法局", "青山市教育局"));
    }
}
