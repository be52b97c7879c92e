//! One rule file: TOML → [`Rule`], with every error located in the file.

use std::collections::BTreeMap;
use std::ops::Range;

use super::Pattern;
use miette::{Diagnostic, NamedSource, SourceSpan};
use serde::Deserialize;
use toml::Spanned;

use super::expr::{self, Axis, CellRef};
use super::{
    Check, ForEach, Identity, Reading, Rule, SectionRequirement, SharesTest, StatementContext,
    TableRequirement,
};
use crate::diagnostic::{Category, Severity};
use crate::document::schema::{Profile, SectionKey, TableId};
use crate::document::Num;

/// An error in a rule file, pointing at the offending text.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(gilint::rule_file))]
pub struct RuleFileError {
    pub message: String,
    #[source_code]
    src: NamedSource<String>,
    #[label("{label}")]
    span: Option<SourceSpan>,
    label: String,
    #[help]
    help: Option<String>,
}

impl RuleFileError {
    pub fn new(
        name: &str,
        text: &str,
        span: Option<Range<usize>>,
        message: impl Into<String>,
        label: impl Into<String>,
        help: Option<String>,
    ) -> Self {
        Self {
            message: format!("{name}: {}", message.into()),
            src: NamedSource::new(name, text.to_string()),
            span: span.map(|r| SourceSpan::from(r.start..r.end)),
            label: label.into(),
            help,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Spanned<String>,
    title: String,
    category: Category,
    severity: Severity,
    profiles: Vec<Profile>,
    #[serde(default)]
    agencies: Vec<crate::document::AgencyKind>,
    message: Spanned<String>,
    help: Spanned<String>,
    docs: String,
    examples: RawExamples,
    check: Spanned<RawCheck>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExamples {
    fail: String,
    pass: String,
    /// Last year's report, for year-over-year rules (both examples are checked against it).
    #[serde(default)]
    previous: Option<String>,
}

type S<T> = Option<Spanned<T>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCheck {
    kind: Spanned<String>,
    require: S<String>,
    sections: S<Vec<Spanned<String>>>,
    min_chars: S<usize>,
    tables: S<Vec<Spanned<String>>>,
    table: S<String>,
    for_each: S<String>,
    assert: S<String>,
    tolerance: S<f64>,
    primary: S<String>,
    integer: S<bool>,
    non_negative: S<bool>,
    unspaced: S<bool>,
    filled: S<bool>,
    except: S<Vec<Spanned<String>>>,
    required_cells: S<Vec<Spanned<String>>>,
    pattern: S<String>,
    zero: S<String>,
    when: S<String>,
    anchor: S<String>,
    expect: S<Vec<Spanned<String>>>,
    captures: S<BTreeMap<String, Spanned<String>>>,
    /// For a narrative `pattern` with a `(?P<what>…)` capture: the expressions for each word
    /// it may find.
    expect_by: S<BTreeMap<String, Spanned<Vec<Spanned<String>>>>>,
    /// Characters a narrative match must not follow.
    not_after: S<String>,
    /// Characters a narrative match must not be followed by.
    not_before: S<String>,
    /// A narrative match in a sentence this pattern matches is about another matter.
    not_in_sentence: S<String>,
    /// A narrative match counts only in a sentence this pattern matches.
    in_sentence: S<String>,
    /// A narrative match after this, in its clause, states a part of another figure.
    not_in_clause: S<String>,
    /// A narrative match whose clause names a year other than the report's is that year's.
    not_of_another_year: S<bool>,
    /// Characters a narrative capture's words must not hold before its number.
    not_between: S<String>,
    /// A narrative `pattern`'s finding suggests the table's number for the stated one.
    fix: S<bool>,
    /// A narrative `pattern` states a share of these (its `expect` values over one of them).
    share_of: S<Vec<Spanned<String>>>,
    if_present: S<Vec<Spanned<String>>>,
    /// Row groups (`denied`, …) an `equation` is checked for, each put in for `{group}`.
    groups: S<Vec<Spanned<String>>>,
    /// `[[name, pattern], …]`: ordered, as a finding lists what is missing.
    each: S<Vec<(String, Spanned<String>)>>,
    readings: S<Vec<RawReading>>,
    only: S<Vec<Spanned<String>>>,
    threshold: S<f64>,
    previous_pattern: S<String>,
    /// A `require-text` check's words for a mention of what must be said.
    mentioned: S<String>,
    /// A `shares` check's total, part and test.
    total: S<String>,
    part: S<String>,
    test: S<String>,
    /// A `numbering` check's capture groups, one per kind of item number, highest first.
    levels: S<Vec<Spanned<String>>>,
    department: S<String>,
    government: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReading {
    assert: Spanned<String>,
    note: String,
    stated: Option<Spanned<String>>,
}

const KINDS: &[&str] = &[
    "section",
    "table",
    "equation",
    "cells",
    "require-text",
    "forbid-text",
    "narrative",
    "shares",
    "numbering",
    "profile",
    "copied-text",
    "stale-year",
    "follow-up",
    "deadline",
    "signature",
];

struct Ctx<'a> {
    name: &'a str,
    text: &'a str,
}

impl Ctx<'_> {
    /// `"01-31"`: a day of the year after the report's, as a deadline gives it.
    fn month_day(&self, value: &Spanned<String>) -> Result<(u32, u32), Box<RuleFileError>> {
        value
            .get_ref()
            .split_once('-')
            .and_then(|(m, d)| Some((m.parse().ok()?, d.parse().ok()?)))
            // Any year with a 29 February will do to check the day exists.
            .filter(|&(m, d)| crate::document::Date::new(2024, m, d).is_some())
            .ok_or_else(|| {
                self.err(
                    value.span(),
                    format!("`{}` is not a month and day", value.get_ref()),
                    "expected MM-DD, e.g. \"01-31\"",
                )
            })
    }

    fn err(
        &self,
        span: Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Box<RuleFileError> {
        Box::new(RuleFileError::new(
            self.name,
            self.text,
            Some(span),
            message,
            label,
            None,
        ))
    }

    fn err_help(
        &self,
        span: Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
        help: String,
    ) -> Box<RuleFileError> {
        Box::new(RuleFileError::new(
            self.name,
            self.text,
            Some(span),
            message,
            label,
            Some(help),
        ))
    }

    /// The span of a string value's contents (inside the quotes), shifted by `at`.
    fn inner(&self, value: &Spanned<String>, at: Range<usize>) -> Range<usize> {
        let outer = value.span();
        let raw = self.text.get(outer.clone()).unwrap_or("");
        // Skip the opening quote(s) of basic, literal and multi-line strings.
        let quote = raw.len() - raw.trim_start_matches(['"', '\'']).len();
        let start = outer.start + quote;
        let escaped = raw.contains('\\') && raw.starts_with('"');
        if escaped {
            return outer;
        }
        (start + at.start).min(outer.end)..(start + at.end).min(outer.end)
    }

    fn regex(&self, value: &Spanned<String>) -> Result<Pattern, Box<RuleFileError>> {
        Pattern::new(value.get_ref()).map_err(|e| {
            self.err_help(
                value.span(),
                "invalid regular expression",
                "this pattern",
                e.to_string(),
            )
        })
    }

    fn condition(
        &self,
        value: &Spanned<String>,
        axis: Axis<'_>,
    ) -> Result<expr::Condition, Box<RuleFileError>> {
        expr::parse_condition(value.get_ref(), axis).map_err(|e| {
            self.err(
                self.inner(value, e.at.clone()),
                format!("invalid expression: {}", e.message),
                "here",
            )
        })
    }

    fn expr(
        &self,
        value: &Spanned<String>,
        axis: Axis<'_>,
    ) -> Result<expr::Expr, Box<RuleFileError>> {
        expr::parse_expr(value.get_ref(), axis).map_err(|e| {
            self.err(
                self.inner(value, e.at.clone()),
                format!("invalid expression: {}", e.message),
                "here",
            )
        })
    }

    fn section_key(&self, value: &Spanned<String>) -> Result<SectionKey, Box<RuleFileError>> {
        SectionKey::from_key(value.get_ref()).ok_or_else(|| {
            self.err_help(
                value.span(),
                format!("unknown section `{}`", value.get_ref()),
                "not a section key",
                format!(
                    "sections are: {}",
                    SectionKey::ALL.map(|s| s.as_str()).join(", ")
                ),
            )
        })
    }

    fn table_id(&self, value: &Spanned<String>) -> Result<TableId, Box<RuleFileError>> {
        TableId::from_key(value.get_ref()).ok_or_else(|| {
            self.err_help(
                value.span(),
                format!("unknown table `{}`", value.get_ref()),
                "not a table",
                "tables are: t2, t3, t4".into(),
            )
        })
    }

    fn sections(
        &self,
        value: &S<Vec<Spanned<String>>>,
    ) -> Result<Vec<SectionKey>, Box<RuleFileError>> {
        value.as_ref().map_or(Ok(Vec::new()), |v| {
            v.get_ref().iter().map(|s| self.section_key(s)).collect()
        })
    }

    fn cell(&self, value: &Spanned<String>) -> Result<CellRef, Box<RuleFileError>> {
        match self.expr(value, Axis::None)? {
            expr::Expr::Cell(cell) => Ok(cell),
            _ => Err(self.err(
                value.span(),
                "expected one cell such as `t3.granted:total`",
                "not a cell",
            )),
        }
    }
}

/// One identity of an `equation` rule, for one group (its name put in for `{group}` in
/// `assert`, `primary` and `if_present`) or for a rule without groups.
fn equation_identity(
    ctx: &Ctx<'_>,
    c: &RawCheck,
    assert_src: &Spanned<String>,
    table: TableId,
    for_each: ForEach,
    axis: Axis<'_>,
    group: Option<(&str, &'static str)>,
) -> Result<Identity, Box<RuleFileError>> {
    let fill = |s: &str| match group {
        Some((name, _)) => s.replace("{group}", name),
        None => s.to_string(),
    };
    let assert = match group {
        None => ctx.condition(assert_src, axis)?,
        // Spans in the filled-in text are not the file's: point at the whole assertion.
        Some((name, _)) => {
            expr::parse_condition(&fill(assert_src.get_ref()), axis).map_err(|e| {
                ctx.err(
                    assert_src.span(),
                    format!("invalid expression for group `{name}`: {}", e.message),
                    "here",
                )
            })?
        }
    };
    let primary = match &c.primary {
        Some(p) => {
            let name = fill(p.get_ref());
            let valid = match for_each {
                ForEach::Column => expr::check_row(table, &name),
                ForEach::Row => expr::check_column(table, &name),
            };
            valid.map_err(|m| ctx.err(p.span(), m, "here"))?;
            Some(name)
        }
        None => None,
    };
    // Rows or columns the official layout leaves optional (法人或其他组织小计, a group's
    // subtotal): without them in the report the identity has nothing to check.
    let if_present = match &c.if_present {
        Some(list) => list
            .get_ref()
            .iter()
            .map(|raw| {
                let name = fill(raw.get_ref());
                expr::check_row(table, &name)
                    .or_else(|_| expr::check_column(table, &name))
                    .map(|_| name.clone())
                    .map_err(|_| {
                        ctx.err(
                            raw.span(),
                            format!("`{name}` is no row or column of {}", table.as_str()),
                            "here",
                        )
                    })
            })
            .collect::<Result<Vec<_>, _>>()?,
        None => Vec::new(),
    };
    Ok(Identity {
        group: group.map(|(_, label)| label.to_string()),
        assert,
        source: fill(assert_src.get_ref()),
        primary,
        if_present,
    })
}

/// Which fields each kind accepts (besides `kind`).
fn allowed_fields(kind: &str) -> &'static [&'static str] {
    match kind {
        "section" => &["require", "sections", "min_chars"],
        "table" => &["require", "tables"],
        "equation" => &[
            "table",
            "for_each",
            "assert",
            "tolerance",
            "primary",
            "only",
            "if_present",
            "groups",
        ],
        "cells" => &[
            "tables",
            "integer",
            "non_negative",
            "unspaced",
            "filled",
            "except",
            "required_cells",
        ],
        "require-text" => &["pattern", "each", "sections", "when", "anchor", "mentioned"],
        "forbid-text" => &["pattern", "sections", "when"],
        "copied-text" => &["sections", "threshold", "min_chars"],
        "stale-year" => &["sections"],
        "follow-up" => &["sections", "pattern", "previous_pattern"],
        "shares" => &["total", "part", "test", "sections"],
        "numbering" => &["pattern", "levels", "sections"],
        "deadline" => &["department", "government"],
        "signature" => &[],
        "narrative" => &[
            "pattern",
            "zero",
            "sections",
            "expect",
            "expect_by",
            "not_after",
            "not_before",
            "not_in_sentence",
            "in_sentence",
            "not_in_clause",
            "not_of_another_year",
            "not_between",
            "fix",
            "share_of",
            "captures",
            "readings",
        ],
        _ => &[],
    }
}

fn present_fields(c: &RawCheck) -> Vec<(&'static str, Range<usize>)> {
    let mut out = Vec::new();
    macro_rules! field {
        ($($name:ident),*) => {$(
            if let Some(v) = &c.$name { out.push((stringify!($name), v.span())); }
        )*};
    }
    field!(
        require,
        sections,
        min_chars,
        tables,
        table,
        for_each,
        assert,
        tolerance,
        primary,
        integer,
        non_negative,
        unspaced,
        filled,
        except,
        required_cells,
        pattern,
        zero,
        when,
        anchor,
        expect,
        expect_by,
        not_after,
        not_before,
        not_in_sentence,
        in_sentence,
        not_in_clause,
        not_of_another_year,
        not_between,
        fix,
        captures,
        if_present,
        groups,
        each,
        readings,
        only,
        threshold,
        previous_pattern,
        mentioned,
        total,
        part,
        test,
        levels,
        department,
        government
    );
    out
}

fn need<'a, T>(
    ctx: &Ctx,
    check_span: Range<usize>,
    kind: &str,
    name: &str,
    value: &'a S<T>,
) -> Result<&'a Spanned<T>, Box<RuleFileError>> {
    value.as_ref().ok_or_else(|| {
        ctx.err(
            check_span,
            format!("a `{kind}` check needs `{name}`"),
            format!("`{name}` is missing here"),
        )
    })
}

/// A `{name}` in a message or help that findings of this kind do not fill (it would be
/// printed as written): an error at it, naming those they fill. Braces around anything
/// but a lowercase ASCII name are text.
fn unknown_placeholder(
    ctx: &Ctx,
    field: &Spanned<String>,
    kind: &str,
    known: &[&str],
) -> Result<(), Box<RuleFileError>> {
    let text = field.get_ref();
    let mut rest = 0;
    while let Some(open) = text[rest..].find('{').map(|i| rest + i) {
        let Some(close) = text[open..].find('}').map(|i| open + i) else {
            break;
        };
        let name = &text[open + 1..close];
        let is_name = !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
        if is_name && !known.contains(&name) {
            return Err(ctx.err_help(
                ctx.inner(field, open..close + 1),
                format!("unknown placeholder `{{{name}}}`"),
                format!("a `{kind}` finding does not fill this"),
                format!(
                    "a `{kind}` finding fills {}",
                    known
                        .iter()
                        .map(|k| format!("`{{{k}}}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        rest = close + 1;
    }
    Ok(())
}

pub fn load_rule(name: &str, text: &str) -> Result<(Rule, Range<usize>), Box<RuleFileError>> {
    let ctx = Ctx { name, text };
    let raw: RawRule = toml::from_str(text).map_err(|e| {
        Box::new(RuleFileError::new(
            name,
            text,
            e.span(),
            e.message().to_string(),
            "here",
            None,
        ))
    })?;
    let id = raw.id.get_ref();
    let id_ok = !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
        && id.as_bytes()[0].is_ascii_lowercase();
    if !id_ok {
        return Err(ctx.err_help(
            raw.id.span(),
            format!("rule id `{id}` is not kebab-case"),
            "this id",
            "ids name the defect in lowercase words joined by hyphens, e.g. `applications-unbalanced`".into(),
        ));
    }
    if raw.profiles.is_empty() {
        return Err(Box::new(RuleFileError::new(
            name,
            text,
            raw.id.span().into(),
            "`profiles` is empty: the rule would never run",
            "in this rule",
            None,
        )));
    }
    let check_span = raw.check.span();
    let c = raw.check.get_ref();
    let kind = c.kind.get_ref().as_str();
    if !KINDS.contains(&kind) {
        return Err(ctx.err_help(
            c.kind.span(),
            format!("unknown check kind `{kind}`"),
            "not a check kind",
            format!("kinds are: {}", KINDS.join(", ")),
        ));
    }
    let allowed = allowed_fields(kind);
    for (field, span) in present_fields(c) {
        if !allowed.contains(&field) {
            return Err(ctx.err_help(
                span,
                format!("`{field}` does not apply to a `{kind}` check"),
                "not used by this kind",
                format!("a `{kind}` check takes: {}", allowed.join(", ")),
            ));
        }
    }
    let check = match kind {
        "section" => {
            let require = need(&ctx, check_span.clone(), kind, "require", &c.require)?;
            let require = match require.get_ref().as_str() {
                "present" => SectionRequirement::Present,
                "order" => SectionRequirement::Order,
                "content" => SectionRequirement::Content,
                "title" => SectionRequirement::Title,
                other => {
                    return Err(ctx.err_help(
                        require.span(),
                        format!("unknown requirement `{other}`"),
                        "here",
                        "use present, order, content or title".into(),
                    ))
                }
            };
            let mut sections = ctx.sections(&c.sections)?;
            if sections.is_empty() {
                sections = SectionKey::ALL.to_vec();
            }
            Check::Section {
                require,
                sections,
                min_chars: c.min_chars.as_ref().map_or(1, |v| *v.get_ref()),
            }
        }
        "table" => {
            let require = need(&ctx, check_span.clone(), kind, "require", &c.require)?;
            let require = match require.get_ref().as_str() {
                "present" => TableRequirement::Present,
                "complete" => TableRequirement::Complete,
                other => {
                    return Err(ctx.err_help(
                        require.span(),
                        format!("unknown requirement `{other}`"),
                        "here",
                        "use present or complete".into(),
                    ))
                }
            };
            let tables = match &c.tables {
                Some(v) => v
                    .get_ref()
                    .iter()
                    .map(|t| ctx.table_id(t))
                    .collect::<Result<_, _>>()?,
                None => TableId::ALL.to_vec(),
            };
            Check::Table { require, tables }
        }
        "equation" => {
            let table = ctx.table_id(need(&ctx, check_span.clone(), kind, "table", &c.table)?)?;
            let for_each = need(&ctx, check_span.clone(), kind, "for_each", &c.for_each)?;
            let (for_each, axis) = match for_each.get_ref().as_str() {
                "column" => (ForEach::Column, Axis::Column(table)),
                "row" => (ForEach::Row, Axis::Row(table)),
                other => {
                    return Err(ctx.err_help(
                        for_each.span(),
                        format!("unknown for_each `{other}`"),
                        "here",
                        "use column or row".into(),
                    ))
                }
            };
            let assert_src = need(&ctx, check_span.clone(), kind, "assert", &c.assert)?;
            let tolerance = match &c.tolerance {
                Some(t) => Num::from_f64(*t.get_ref())
                    .filter(|n| !n.is_negative())
                    .ok_or_else(|| {
                        ctx.err(t.span(), "tolerance must be a non-negative number", "here")
                    })?,
                None => Num::ZERO,
            };
            let only = match &c.only {
                Some(list) => list
                    .get_ref()
                    .iter()
                    .map(|axis| {
                        let valid = match for_each {
                            ForEach::Column => expr::check_column(table, axis.get_ref()),
                            ForEach::Row => expr::check_row(table, axis.get_ref()),
                        };
                        valid
                            .map(|_| axis.get_ref().clone())
                            .map_err(|m| ctx.err(axis.span(), m, "here"))
                    })
                    .collect::<Result<Vec<_>, _>>()?,
                None => Vec::new(),
            };
            let groups = match &c.groups {
                Some(list) => {
                    if list.get_ref().is_empty() || !assert_src.get_ref().contains("{group}") {
                        return Err(ctx.err_help(
                            list.span(),
                            "`groups` needs a non-empty list and `{group}` in `assert`",
                            "here",
                            "write the identity once, with {group} where each group's name goes"
                                .into(),
                        ));
                    }
                    list.get_ref()
                        .iter()
                        .map(|g| {
                            let label = table.group_label(g.get_ref()).ok_or_else(|| {
                                ctx.err(
                                    g.span(),
                                    format!(
                                        "`{}` is no group of rows with a subtotal in {}",
                                        g.get_ref(),
                                        table.as_str()
                                    ),
                                    "here",
                                )
                            })?;
                            Ok(Some((g.get_ref().as_str(), label)))
                        })
                        .collect::<Result<Vec<_>, Box<RuleFileError>>>()?
                }
                None => vec![None],
            };
            let identities = groups
                .into_iter()
                .map(|group| equation_identity(&ctx, c, assert_src, table, for_each, axis, group))
                .collect::<Result<Vec<_>, _>>()?;
            Check::Equation {
                table,
                for_each,
                identities,
                tolerance,
                only,
            }
        }
        "cells" => {
            let tables = need(&ctx, check_span.clone(), kind, "tables", &c.tables)?
                .get_ref()
                .iter()
                .map(|t| ctx.table_id(t))
                .collect::<Result<Vec<_>, _>>()?;
            let cells = |v: &S<Vec<Spanned<String>>>| -> Result<Vec<CellRef>, Box<RuleFileError>> {
                v.as_ref().map_or(Ok(Vec::new()), |v| {
                    v.get_ref().iter().map(|s| ctx.cell(s)).collect()
                })
            };
            Check::Cells {
                tables,
                integer: c.integer.as_ref().is_some_and(|v| *v.get_ref()),
                non_negative: c.non_negative.as_ref().is_some_and(|v| *v.get_ref()),
                unspaced: c.unspaced.as_ref().is_some_and(|v| *v.get_ref()),
                filled: c.filled.as_ref().is_some_and(|v| *v.get_ref()),
                except: cells(&c.except)?,
                required: cells(&c.required_cells)?,
            }
        }
        "require-text" | "forbid-text" => {
            let sections = ctx.sections(&c.sections)?;
            let when = match &c.when {
                Some(w) => Some((ctx.condition(w, Axis::None)?, w.get_ref().clone())),
                None => None,
            };
            if kind == "require-text" {
                let anchor = c.anchor.as_ref().map(|a| ctx.section_key(a)).transpose()?;
                let patterns =
                    match (&c.pattern, &c.each) {
                        (Some(pattern), None) => vec![(String::new(), ctx.regex(pattern)?)],
                        (None, Some(each)) if !each.get_ref().is_empty() => each
                            .get_ref()
                            .iter()
                            .map(|(name, pattern)| Ok((name.clone(), ctx.regex(pattern)?)))
                            .collect::<Result<_, Box<RuleFileError>>>()?,
                        (Some(_), Some(each)) => {
                            return Err(ctx.err(
                                each.span(),
                                "a `require-text` check has `pattern` or `each`, not both",
                                "remove one",
                            ))
                        }
                        _ => return Err(ctx.err(
                            check_span.clone(),
                            "a `require-text` check needs `pattern` (or `each`: name = pattern)",
                            "`pattern` is missing here",
                        )),
                    };
                let mentioned = c.mentioned.as_ref().map(|m| ctx.regex(m)).transpose()?;
                Check::RequireText {
                    patterns,
                    sections,
                    when,
                    anchor,
                    mentioned,
                }
            } else {
                let pattern =
                    ctx.regex(need(&ctx, check_span.clone(), kind, "pattern", &c.pattern)?)?;
                Check::ForbidText {
                    pattern,
                    sections,
                    when,
                }
            }
        }
        "narrative" => {
            let sections = ctx.sections(&c.sections)?;
            match (&c.pattern, &c.captures) {
                (Some(pattern_src), None) => {
                    if let Some(between) = &c.not_between {
                        return Err(ctx.err(between.span(), "`not_between` is for the `captures` of one sentence; a narrative `pattern` takes `not_after` and `not_before`", "not with `pattern`"));
                    }
                    let pattern = ctx.regex(pattern_src)?;
                    let expressions = |list: &Spanned<Vec<Spanned<String>>>| {
                        let parsed = list
                            .get_ref()
                            .iter()
                            .map(|e| Ok((ctx.expr(e, Axis::None)?, e.get_ref().clone())))
                            .collect::<Result<Vec<_>, Box<RuleFileError>>>()?;
                        if parsed.is_empty() {
                            return Err(ctx.err(list.span(), "lists no expression", "empty"));
                        }
                        Ok(parsed)
                    };
                    let (expect, expect_by) = match (&c.expect, &c.expect_by) {
                        (Some(list), None) => (expressions(list)?, Vec::new()),
                        (None, Some(by)) => {
                            if !pattern.has_capture("what") {
                                return Err(ctx.err(pattern_src.span(), "`expect_by` needs a named capture `(?P<what>…)` in the pattern: the words its keys name", "no `what` capture"));
                            }
                            let by = by
                                .get_ref()
                                .iter()
                                .map(|(what, list)| Ok((what.clone(), expressions(list)?)))
                                .collect::<Result<Vec<_>, Box<RuleFileError>>>()?;
                            (Vec::new(), by)
                        }
                        _ => {
                            return Err(ctx.err(
                                check_span,
                                "a narrative `pattern` needs `expect`, or `expect_by` (expressions by the words a `(?P<what>…)` capture finds), not both",
                                "in this check",
                            ))
                        }
                    };
                    let chars = |v: &S<String>| v.as_ref().map_or_else(Vec::new, |s| s.get_ref().chars().collect());
                    let (not_after, not_before) = (chars(&c.not_after), chars(&c.not_before));
                    let context = Box::new(StatementContext {
                        not_in_sentence: c.not_in_sentence.as_ref().map(|p| ctx.regex(p)).transpose()?,
                        in_sentence: c.in_sentence.as_ref().map(|p| ctx.regex(p)).transpose()?,
                        not_in_clause: c.not_in_clause.as_ref().map(|p| ctx.regex(p)).transpose()?,
                        not_of_another_year: c.not_of_another_year.as_ref().is_some_and(|v| *v.get_ref()),
                    });
                    let fix = c.fix.as_ref().is_some_and(|v| *v.get_ref());
                    let share_of = c.share_of.as_ref().map(expressions).transpose()?.unwrap_or_default();
                    if share_of.is_empty() {
                        if !pattern.has_capture("n") {
                            return Err(ctx.err(pattern_src.span(), "a narrative pattern needs a named capture `(?P<n>…)` for the number", "no `n` capture"));
                        }
                    } else {
                        if !pattern.has_capture("percent") {
                            return Err(ctx.err(pattern_src.span(), "with `share_of`, a narrative pattern states a share: it needs a named capture `(?P<percent>…)` for the percentage", "no `percent` capture"));
                        }
                        if let Some(fix) = &c.fix {
                            return Err(ctx.err(fix.span(), "`fix` replaces a stated count; a share (`share_of`) has none to suggest", "not with `share_of`"));
                        }
                        if let Some(zero) = &c.zero {
                            return Err(ctx.err(zero.span(), "`zero` phrasings state a count of 0; a share (`share_of`) takes none", "not with `share_of`"));
                        }
                    }
                    let zero = c.zero.as_ref().map(|z| ctx.regex(z)).transpose()?;
                    Check::Narrative { pattern, zero, sections, expect, expect_by, not_after, not_before, context, fix, share_of }
                }
                (None, Some(captures_src)) => {
                    if let Some(fix) = &c.fix {
                        return Err(ctx.err(fix.span(), "`fix` is for a narrative `pattern` (a stated number against the tables); a check of `captures` has no one number to suggest", "not with `captures`"));
                    }
                    let mut captures = Vec::new();
                    for (name, re_src) in captures_src.get_ref() {
                        let re = ctx.regex(re_src)?;
                        if !re.has_capture("n") {
                            return Err(ctx.err(re_src.span(), "each capture pattern needs a named group `(?P<n>…)`", "no `n` capture"));
                        }
                        captures.push((name.clone(), re));
                    }
                    let readings_src = need(&ctx, check_span.clone(), kind, "readings", &c.readings)?;
                    let names: Vec<&str> = captures.iter().map(|(n, _)| n.as_str()).collect();
                    let mut readings = Vec::new();
                    for r in readings_src.get_ref() {
                        let assert = ctx.condition(&r.assert, Axis::Captures(&names))?;
                        let stated = r.stated.as_ref().map(|s| ctx.regex(s)).transpose()?;
                        readings.push(Reading { assert, source: r.assert.get_ref().clone(), note: r.note.clone(), stated });
                    }
                    if readings.is_empty() {
                        return Err(ctx.err(readings_src.span(), "`readings` is empty", "here"));
                    }
                    if let Some(stated) = readings_src.get_ref().first().and_then(|r| r.stated.as_ref()) {
                        return Err(ctx.err(stated.span(), "the first reading is the usual one: a sentence balanced under it is never reported, so it needs no `stated` words", "not on the first reading"));
                    }
                    let usual = readings.remove(0);
                    let not_between = c.not_between.as_ref().map_or_else(Vec::new, |v| v.get_ref().chars().collect());
                    Check::NarrativeBalance { captures, usual, alternatives: readings, sections, not_between }
                }
                _ => {
                    return Err(ctx.err(
                        check_span,
                        "a `narrative` check takes either `pattern` + `expect` (prose vs table) or `captures` + `readings` (numbers in one sentence)",
                        "in this check",
                    ))
                }
            }
        }
        "shares" => {
            let sections = ctx.sections(&c.sections)?;
            let with_n = |name: &str, src: &Spanned<String>| {
                let pattern = ctx.regex(src)?;
                if !pattern.has_capture("n") {
                    return Err(ctx.err(
                        src.span(),
                        format!("a `shares` {name} pattern needs a named capture `(?P<n>…)` for its number"),
                        "no `n` capture",
                    ));
                }
                Ok(pattern)
            };
            let total = with_n(
                "total",
                need(&ctx, check_span.clone(), kind, "total", &c.total)?,
            )?;
            let part_src = need(&ctx, check_span.clone(), kind, "part", &c.part)?;
            let test_src = need(&ctx, check_span.clone(), kind, "test", &c.test)?;
            let test = match test_src.get_ref().as_str() {
                "sum" => SharesTest::Sum,
                "percent" => SharesTest::Percent,
                "rate" => SharesTest::Rate,
                _ => {
                    return Err(ctx.err(
                        test_src.span(),
                        "`test` is `sum` (the parts add up to no more than the total), `percent` (each part's percentage is right) or `rate` (a rate is the count before it over a count before that)",
                        "unknown test",
                    ))
                }
            };
            // A rate's part is the rate alone: its count is the one stated before it.
            let part = if test == SharesTest::Rate {
                ctx.regex(part_src)?
            } else {
                with_n("part", part_src)?
            };
            // A `sum` may name its parts by their own words instead (当面申请5件).
            if test != SharesTest::Sum && !part.has_capture("percent") {
                return Err(ctx.err(
                    part_src.span(),
                    "a `percent` or `rate` part pattern needs a named capture `(?P<percent>…)`: the share it checks",
                    "no `percent` capture",
                ));
            }
            Check::Shares {
                total,
                part,
                test,
                sections,
            }
        }
        "numbering" => {
            let sections = ctx.sections(&c.sections)?;
            let pattern =
                ctx.regex(need(&ctx, check_span.clone(), kind, "pattern", &c.pattern)?)?;
            let levels_src = need(&ctx, check_span.clone(), kind, "levels", &c.levels)?;
            if levels_src.get_ref().is_empty() {
                return Err(ctx.err(
                    levels_src.span(),
                    "`levels` names the pattern's capture groups, one per kind of item number, highest level first",
                    "empty",
                ));
            }
            let mut levels = Vec::new();
            for level in levels_src.get_ref() {
                if !pattern.has_capture(level.get_ref()) {
                    return Err(ctx.err(
                        level.span(),
                        format!("the pattern has no capture group `(?P<{}>…)` for this level: it matches one kind of item number, with its number", level.get_ref()),
                        "no such capture",
                    ));
                }
                levels.push(level.get_ref().clone());
            }
            Check::Numbering {
                pattern,
                levels,
                sections,
            }
        }
        "copied-text" => {
            let sections = ctx.sections(&c.sections)?;
            let threshold = need(&ctx, check_span.clone(), kind, "threshold", &c.threshold)?;
            let value = *threshold.get_ref();
            if !(0.0..=1.0).contains(&value) {
                return Err(ctx.err(
                    threshold.span(),
                    "threshold is a share of identical text, between 0 and 1",
                    "here",
                ));
            }
            Check::CopiedText {
                sections,
                threshold: value,
                min_chars: c.min_chars.as_ref().map_or(40, |m| *m.get_ref()),
            }
        }
        "stale-year" => Check::StaleYear {
            sections: ctx.sections(&c.sections)?,
        },
        "follow-up" => {
            let sections = ctx.sections(&c.sections)?;
            let pattern =
                ctx.regex(need(&ctx, check_span.clone(), kind, "pattern", &c.pattern)?)?;
            let previous_pattern = ctx.regex(need(
                &ctx,
                check_span.clone(),
                kind,
                "previous_pattern",
                &c.previous_pattern,
            )?)?;
            Check::FollowUp {
                sections,
                pattern,
                previous_pattern,
            }
        }
        "deadline" => Check::Deadline {
            department: ctx.month_day(need(
                &ctx,
                check_span.clone(),
                kind,
                "department",
                &c.department,
            )?)?,
            government: ctx.month_day(need(
                &ctx,
                check_span.clone(),
                kind,
                "government",
                &c.government,
            )?)?,
        },
        "signature" => Check::Signature,
        _ => Check::Profile,
    };
    for field in [&raw.message, &raw.help] {
        unknown_placeholder(&ctx, field, kind, check.placeholders())?;
    }
    let rule = Rule {
        id: id.clone(),
        title: raw.title,
        category: raw.category,
        severity: raw.severity,
        profiles: raw.profiles,
        agencies: raw.agencies,
        message: raw.message.into_inner(),
        help: raw.help.into_inner(),
        docs: raw.docs,
        example_fail: raw.examples.fail,
        example_pass: raw.examples.pass,
        example_previous: raw.examples.previous,
        check,
        origin: name.to_string(),
    };
    Ok((rule, raw.id.span()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_placeholder_no_finding_fills_is_an_error_at_it() {
        let rule = |message: &str| {
            format!(
                "id = \"fee-said\"\ntitle = \"t\"\ncategory = \"fee\"\nseverity = \"warning\"\n\
                 profiles = [\"format2021\"]\nmessage = \"{message}\"\nhelp = \"h\"\ndocs = \"d\"\n\
                 [examples]\nfail = \"f\"\npass = \"p\"\n[check]\nkind = \"forbid-text\"\n\
                 pattern = '信息处理费'\n"
            )
        };
        // What a forbid-text finding fills, and braces around no name, are text.
        for ok in ["正文写了{match}", "{ 中文 }{}", "{ match }"] {
            let text = rule(ok);
            assert!(load_rule("r.toml", &text).is_ok(), "{ok}");
        }
        let text = rule("正文写了{matched}");
        let error = load_rule("r.toml", &text).expect_err("unknown placeholder");
        assert!(error
            .to_string()
            .contains("unknown placeholder `{matched}`"));
        let at = text.find("{matched}").expect("in the rule");
        let span = error.span.expect("a span");
        assert_eq!((span.offset(), span.len()), (at, "{matched}".len()));
        assert_eq!(
            error.help.as_deref(),
            Some("a `forbid-text` finding fills `{match}`")
        );
    }

    #[test]
    fn a_share_needs_its_percentage_and_takes_no_fix_and_no_zero() {
        let rule = |message: &str, check: &str| {
            format!(
                "id = \"granted-share\"\ntitle = \"t\"\ncategory = \"consistency\"\n\
                 severity = \"warning\"\nprofiles = [\"format2021\"]\nmessage = \"{message}\"\n\
                 help = \"h\"\ndocs = \"d\"\n[examples]\nfail = \"f\"\npass = \"p\"\n[check]\n\
                 kind = \"narrative\"\nexpect = [\"t3.granted:total\"]\n\
                 share_of = [\"t3.result_total:total\"]\n{check}"
            )
        };
        let share = "pattern = '予以公开占(?P<percent>[0-9.]+)%'\n";
        let loaded = load_rule(
            "r.toml",
            &rule("占 {value}%，应为 {expected}%（{part} ÷ {base}）", share),
        );
        let Ok((loaded, _)) = loaded else {
            panic!("{loaded:?}");
        };
        assert!(matches!(&loaded.check, Check::Narrative { share_of, .. } if share_of.len() == 1));
        for (check, said) in [
            (
                "pattern = '予以公开(?P<n>[0-9]+)件'\n",
                "no `percent` capture",
            ),
            (&format!("{share}fix = true\n"), "not with `share_of`"),
            (&format!("{share}zero = '未公开'\n"), "not with `share_of`"),
        ] {
            let error = load_rule("r.toml", &rule("{value}", check)).expect_err(check);
            assert!(format!("{error:?}").contains(said), "{check}: {error:?}");
        }
        // A count's rule fills no `{part}` or `{base}`.
        let count = "pattern = '予以公开(?P<n>[0-9]+)件'\n";
        let text = rule("{part}", count).replace("share_of = [\"t3.result_total:total\"]\n", "");
        let error = load_rule("r.toml", &text).expect_err("no part for a count");
        assert!(
            error.to_string().contains("unknown placeholder `{part}`"),
            "{error:?}"
        );
    }

    #[test]
    fn only_a_sum_takes_parts_without_their_share() {
        let rule = |test: &str| {
            format!(
                "id = \"channels\"\ntitle = \"t\"\ncategory = \"arithmetic\"\n\
                 severity = \"warning\"\nprofiles = [\"format2021\"]\nmessage = \"m\"\n\
                 help = \"h\"\ndocs = \"d\"\n[examples]\nfail = \"f\"\npass = \"p\"\n[check]\n\
                 kind = \"shares\"\ntest = \"{test}\"\ntotal = '(?P<n>[0-9]+)件,?其中'\n\
                 part = '当面申请(?P<n>[0-9]+)件'\n"
            )
        };
        let loaded = load_rule("r.toml", &rule("sum"));
        let Ok((loaded, _)) = loaded else {
            panic!("{loaded:?}");
        };
        assert!(!loaded.check.part_gives_shares());
        let error = load_rule("r.toml", &rule("percent")).expect_err("a percent needs its share");
        assert!(
            format!("{error:?}").contains("no `percent` capture"),
            "{error:?}"
        );
    }
}
