//! Check kind `deadline`: the report's own date (a page's 发布日期, or its signature's
//! date) against the day by which its body must publish it (《条例》第四十九条: a
//! government's department by 31 January, a local government by 31 March).

use super::{Context, Out};
use crate::diagnostic::Label;
use crate::document::{AgencyKind, Date, DateKind};
use crate::ruleset::Check;

pub(super) fn run(cx: &Context, out: &mut Out) {
    let Check::Deadline {
        department,
        government,
    } = out.rule.check
    else {
        return;
    };
    let report = cx.report;
    let Some(year) = report.year_value() else {
        return out.not_assessable("报告年度未知", None);
    };
    let Some(dated) = report.dated else {
        return out.not_assessable(
            "报告中没有发布日期或落款日期（网页的“发布日期”，或文末机关名称下的日期）",
            None,
        );
    };
    let day = |(month, day): (u32, u32)| Date::new(year + 1, month, day);
    let (Some(department), Some(government)) = (day(department), day(government)) else {
        return out.not_assessable(format!("{} 年没有规则所写的截止日", year + 1), None);
    };
    // Whose deadline applies. A township's is its province's (the 条例 names none) and a
    // body of unknown kind may be a government: both are held to the later day, which
    // every body must meet.
    let (deadline, whose) = match report.agency_kind {
        Some(AgencyKind::Department) => (department, "政府部门"),
        Some(AgencyKind::Government) => (government, "地方人民政府"),
        Some(AgencyKind::Township) | None => (government, "任何机关"),
    };
    if dated.date <= deadline {
        // Past the department's day but not the later one, and the kind is not known:
        // whether it is late cannot be told.
        if report.agency_kind.is_none() && dated.date > department {
            out.not_assessable(
                format!(
                    "报告日期 {} 晚于政府部门的截止日、早于地方人民政府的截止日，而报告机关的类型（部门或政府）从标题中读不出",
                    dated.date
                ),
                Some(Label::primary(dated.span, "报告日期")),
            );
        }
        return;
    }
    let what = match dated.kind {
        DateKind::Published => "发布日期",
        DateKind::Signed => "落款日期",
    };
    let mut labels = vec![Label::primary(
        dated.span,
        format!("{what} {}，晚于 {deadline}", dated.date),
    )];
    let mut notes = Vec::new();
    if let Some(agency) = &report.agency {
        labels.push(Label::secondary(agency.span, format!("报告机关：{whose}")));
    }
    if dated.kind == DateKind::Signed {
        notes.push("落款日期早于实际发布日期：发布只会更晚".to_string());
    }
    out.emit(
        &[
            ("what", what.to_string()),
            ("date", dated.date.to_string()),
            ("deadline", deadline.to_string()),
            ("whose", whose.to_string()),
        ],
        labels,
        notes,
        None,
    );
}
