//! Evaluating rule expressions against a report, remembering every cell that entered the
//! result so that a diagnostic can label each one with its value.

use std::collections::HashMap;

use crate::document::schema::TableId;
use crate::document::{Num, Report, Span};
use crate::ruleset::expr::{is_group_item, CmpOp, Condition, Expr};

/// One cell (or captured number) that contributed to a value.
#[derive(Debug, Clone)]
pub struct Term {
    /// What the term is; its display name is built only when a finding needs it.
    pub what: TermName,
    pub value: Num,
    pub span: Span,
    /// +1 or −1: how the term enters its side.
    pub sign: i8,
    /// The span is in last year's report.
    pub previous: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TermName {
    Cell {
        table: TableId,
        row: &'static str,
        column: &'static str,
    },
    Text(String),
}

impl Term {
    /// `表三 （七）总计 / 自然人`, `上年表三 …` for last year's cells.
    pub fn name(&self) -> String {
        match &self.what {
            TermName::Cell { table, row, column } => format!(
                "{}{}",
                if self.previous { "上年" } else { "" },
                cell_name(*table, row, column)
            ),
            TermName::Text(text) => text.clone(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Evaluated {
    pub value: Num,
    pub terms: Vec<Term>,
}

/// What the iteration binds: the current column (bare names are rows) or row.
#[derive(Debug, Clone, Copy)]
pub enum Binding<'a> {
    None,
    Column(&'a str),
    Row(&'a str),
}

pub struct Env<'a> {
    pub report: &'a Report,
    /// Last year's report, for `prev.` cells.
    pub previous: Option<&'a Report>,
    pub binding: Binding<'a>,
    pub captures: Option<&'a HashMap<String, (Num, Span)>>,
    /// Whether to record the [`Term`]s of each value. They only serve to explain an
    /// identity that fails; every other evaluation skips them (and their allocations).
    pub terms: bool,
}

impl<'a> Env<'a> {
    pub fn new(report: &'a Report) -> Self {
        Self {
            report,
            previous: None,
            binding: Binding::None,
            captures: None,
            terms: true,
        }
    }

    /// The terms of a single value: `term()`, when terms are recorded.
    fn term(&self, term: impl FnOnce() -> Term) -> Vec<Term> {
        if self.terms {
            vec![term()]
        } else {
            Vec::new()
        }
    }
}

/// Why an expression could not be evaluated (said to the user as "not assessable").
pub type Missing = String;

/// The human name of a cell, e.g. `（七）总计 / 自然人`.
pub fn cell_name(table: TableId, row: &str, column: &str) -> String {
    format!("{} / {}", row_name(table, row), column_label(table, column))
}

/// The human name of a row, e.g. `表三 （七）总计`.
pub fn row_name(table: TableId, row: &str) -> String {
    let row_label = table.row_spec(row).map_or(row, |r| r.label);
    format!("{} {}", table_short(table), short_row_label(row_label))
}

/// The human name of a column, e.g. `自然人`.
pub fn column_label(table: TableId, column: &str) -> &str {
    table.column_spec(column).map_or(column, |c| c.label)
}

/// Why a report has no table `id` to check: `表三（…）缺失`, unreadable when its numbers
/// are there in no readable order, or unfilled when its header is there with no number.
pub fn why_no_table(report: &Report, id: TableId) -> String {
    let why = if report.unreadable_table(id).is_some() {
        "读不出（数字不成行列）"
    } else if report.unfilled_table(id).is_some() {
        "没有填写数字"
    } else {
        "缺失"
    };
    format!("{}{why}", id.display_name())
}

pub fn table_short(table: TableId) -> &'static str {
    match table {
        TableId::T2 => "表二",
        TableId::T3 => "表三",
        TableId::T4 => "表四",
    }
}

/// Row labels are long; keep their first clause.
fn short_row_label(label: &str) -> &str {
    let cut = label
        .find('（')
        .filter(|&i| i > 0)
        .or_else(|| label.find("政府信息公开申请"));
    match cut {
        Some(i) if i > 0 => &label[..i],
        _ => label,
    }
}

fn lookup(
    env: &Env,
    table: TableId,
    row: &str,
    column: &str,
    previous: bool,
) -> Result<Evaluated, Missing> {
    let (report, whose) = if previous {
        let report = env.previous.ok_or_else(|| "没有上年报告".to_string())?;
        (report, "上年")
    } else {
        (env.report, "")
    };
    let name = || format!("{whose}{}", cell_name(table, row, column));
    let Some(t) = report.table(table) else {
        return Err(format!("{whose}{}", why_no_table(report, table)));
    };
    let found = t.row(row).and_then(|r| r.cell(column).map(|c| (r.key, c)));
    let Some((row_key, cell)) = found else {
        return Err(format!("{}未读到", name()));
    };
    let Some(value) = cell.value else {
        return Err(format!("{}不是数字：“{}”", name(), cell.raw));
    };
    Ok(Evaluated {
        value,
        terms: env.term(|| Term {
            what: TermName::Cell {
                table,
                row: row_key,
                column: cell.column,
            },
            value,
            span: cell.span,
            sign: 1,
            previous,
        }),
    })
}

fn combine(a: Evaluated, b: Evaluated, subtract: bool) -> Result<Evaluated, Missing> {
    let value = if subtract {
        a.value.checked_sub(b.value)
    } else {
        a.value.checked_add(b.value)
    }
    .ok_or_else(|| "数值过大，无法计算".to_string())?;
    let mut terms = a.terms;
    terms.extend(b.terms.into_iter().map(|mut t| {
        if subtract {
            t.sign = -t.sign;
        }
        t
    }));
    Ok(Evaluated { value, terms })
}

pub fn eval(expr: &Expr, env: &Env) -> Result<Evaluated, Missing> {
    match expr {
        Expr::Number(n) => Ok(Evaluated {
            value: *n,
            terms: Vec::new(),
        }),
        Expr::Year => {
            let year = env
                .report
                .year
                .as_ref()
                .ok_or_else(|| "报告年度未知".to_string())?;
            Ok(Evaluated {
                value: Num::from_int(i64::from(year.value)),
                terms: env.term(|| Term {
                    what: TermName::Text("报告年度".into()),
                    value: Num::from_int(i64::from(year.value)),
                    span: year.span,
                    sign: 1,
                    previous: false,
                }),
            })
        }
        Expr::Capture(name) => {
            let (value, span) = env
                .captures
                .and_then(|c| c.get(name))
                .copied()
                .ok_or_else(|| format!("正文中没有“{name}”"))?;
            Ok(Evaluated {
                value,
                terms: env.term(|| Term {
                    what: TermName::Text(name.clone()),
                    value,
                    span,
                    sign: 1,
                    previous: false,
                }),
            })
        }
        Expr::Cell(cell) => {
            let row = match (cell.row, env.binding) {
                (Some(r), _) => r,
                (None, Binding::Row(r)) => r,
                _ => return Err("row not bound".into()),
            };
            let column = match (cell.column, env.binding) {
                (Some(c), _) => c,
                (None, Binding::Column(c)) => c,
                _ => return Err("column not bound".into()),
            };
            lookup(env, cell.table, row, column, cell.previous)
        }
        Expr::Sum {
            table,
            prefix,
            column,
            items,
        } => {
            let column = match (column, env.binding) {
                (Some(c), _) => c.as_str(),
                (None, Binding::Column(c)) => c,
                _ => return Err("column not bound".into()),
            };
            // A report gives the items or (trial format, or an added subtotal row) a
            // subtotal; sum the items when any is present, never both (format.md §5).
            if let Some(t) = env.report.table(*table) {
                // The report's row keys are the layout's: one pass over them, not a
                // search of them per item.
                if !t.rows.iter().any(|r| is_group_item(r.key, prefix)) {
                    let subtotal = format!("{prefix}.subtotal");
                    if t.row(&subtotal).is_some() {
                        return lookup(env, *table, &subtotal, column, false);
                    }
                }
            }
            let mut total = Evaluated {
                value: Num::ZERO,
                terms: Vec::new(),
            };
            for key in items {
                total = combine(total, lookup(env, *table, key, column, false)?, false)?;
            }
            Ok(total)
        }
        Expr::Add(a, b) => combine(eval(a, env)?, eval(b, env)?, false),
        Expr::Sub(a, b) => combine(eval(a, env)?, eval(b, env)?, true),
    }
}

pub struct Compared {
    pub holds: bool,
    pub lhs: Evaluated,
    pub rhs: Evaluated,
}

pub fn eval_condition(cond: &Condition, env: &Env, tolerance: Num) -> Result<Compared, Missing> {
    let lhs = eval(&cond.lhs, env)?;
    let rhs = eval(&cond.rhs, env)?;
    let within = lhs
        .value
        .abs_diff(rhs.value)
        .is_some_and(|d| d <= tolerance);
    let holds = match cond.op {
        CmpOp::Eq => within,
        CmpOp::Ne => !within,
        CmpOp::Ge => lhs.value >= rhs.value,
        CmpOp::Le => lhs.value <= rhs.value,
        CmpOp::Gt => lhs.value > rhs.value,
        CmpOp::Lt => lhs.value < rhs.value,
    };
    Ok(Compared { holds, lhs, rhs })
}

/// `1 + 0 + 3`, the terms of a side as numbers.
pub fn show_terms(side: &Evaluated) -> String {
    if side.terms.is_empty() {
        return side.value.to_string();
    }
    let mut out = String::new();
    for (i, t) in side.terms.iter().enumerate() {
        match (i, t.sign) {
            (0, s) if s < 0 => out.push('−'),
            (0, _) => {}
            (_, s) if s < 0 => out.push_str(" − "),
            _ => out.push_str(" + "),
        }
        out.push_str(&t.value.to_string());
    }
    out
}
