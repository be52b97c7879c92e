//! The small expression language of rule files:
//!
//! ```text
//! condition := expr [ ("==" | "!=" | ">=" | "<=" | ">" | "<") expr ]
//! expr      := term { ("+" | "-") term }
//! term      := NUMBER | "year" | "sum(" name-prefix ".*" ")" | cell | "(" expr ")"
//! cell      := "t3.new_received:total"  (fixed)  |  "new_received"  (the iterated axis)
//! ```
//!
//! Names are checked against the table layout when the rule is loaded, so a typo in a rule
//! file is an error pointing at the rule, not a silent "not assessable".

use serde::{Deserialize, Serialize};

use crate::document::schema::TableId;
use crate::document::Num;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "ExprRepr", from = "ExprRepr")]
pub enum Expr {
    Number(Num),
    /// The report year.
    Year,
    /// A cell; `row` or `column` is `None` when it comes from the iteration.
    Cell(CellRef),
    /// Sum of the rows whose key starts with `prefix.` (group subtotals excluded).
    Sum {
        table: TableId,
        prefix: String,
        column: Option<String>,
        /// The layout's item rows of the group, in order, found when the rule loads
        /// (sums run for every column of every identity of every report).
        items: Vec<&'static str>,
    },
    /// A number captured from a sentence (narrative readings).
    Capture(String),
    Add(Box<Expr>, Box<Expr>),
    Sub(Box<Expr>, Box<Expr>),
}

/// [`Expr`] as a rule-set snapshot keeps it: a sum without its items, which are the
/// layout's own strings and are looked up again.
#[derive(Serialize, Deserialize)]
enum ExprRepr {
    Number(#[serde(with = "crate::document::number::exact")] Num),
    Year,
    Cell(CellRef),
    Sum {
        table: TableId,
        prefix: String,
        column: Option<String>,
    },
    Capture(String),
    Add(Box<Expr>, Box<Expr>),
    Sub(Box<Expr>, Box<Expr>),
}

impl From<Expr> for ExprRepr {
    fn from(expr: Expr) -> Self {
        match expr {
            Expr::Number(n) => ExprRepr::Number(n),
            Expr::Year => ExprRepr::Year,
            Expr::Cell(c) => ExprRepr::Cell(c),
            Expr::Sum {
                table,
                prefix,
                column,
                items: _,
            } => ExprRepr::Sum {
                table,
                prefix,
                column,
            },
            Expr::Capture(name) => ExprRepr::Capture(name),
            Expr::Add(a, b) => ExprRepr::Add(a, b),
            Expr::Sub(a, b) => ExprRepr::Sub(a, b),
        }
    }
}

impl From<ExprRepr> for Expr {
    fn from(repr: ExprRepr) -> Self {
        match repr {
            ExprRepr::Number(n) => Expr::Number(n),
            ExprRepr::Year => Expr::Year,
            ExprRepr::Cell(c) => Expr::Cell(c),
            ExprRepr::Sum {
                table,
                prefix,
                column,
            } => Expr::Sum {
                items: group_items(table, &prefix),
                table,
                prefix,
                column,
            },
            ExprRepr::Capture(name) => Expr::Capture(name),
            ExprRepr::Add(a, b) => Expr::Add(a, b),
            ExprRepr::Sub(a, b) => Expr::Sub(a, b),
        }
    }
}

/// The item rows of `table`'s group `prefix`, in layout order.
fn group_items(table: TableId, prefix: &str) -> Vec<&'static str> {
    table
        .rows()
        .iter()
        .map(|r| r.key)
        .filter(|key| is_group_item(key, prefix))
        .collect()
}

/// A cell a rule names. Its row and column are the layout's own strings (checked when the
/// rule loads), the very ones a report's rows and cells hold: looking a cell up compares
/// addresses before text ([`crate::document::Table::row`]), and every identity of every
/// report looks up dozens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CellRef {
    /// `prev.`: the cell of last year's report (year-over-year rules).
    pub previous: bool,
    pub table: TableId,
    pub row: Option<&'static str>,
    pub column: Option<&'static str>,
}

/// [`CellRef`] as a rule-set snapshot reads it: names, looked up in the layout again.
#[derive(Deserialize)]
struct CellRefRepr {
    previous: bool,
    table: TableId,
    row: Option<String>,
    column: Option<String>,
}

impl<'de> Deserialize<'de> for CellRef {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let repr = CellRefRepr::deserialize(deserializer)?;
        let table = repr.table;
        let layout = |found: Result<&'static str, String>| found.map_err(serde::de::Error::custom);
        Ok(Self {
            previous: repr.previous,
            table,
            row: repr.row.map(|r| layout(check_row(table, &r))).transpose()?,
            column: repr
                .column
                .map(|c| layout(check_column(table, &c)))
                .transpose()?,
        })
    }
}

impl Expr {
    /// Whether the expression reads last year's report (`prev.` cells).
    pub fn uses_previous(&self) -> bool {
        match self {
            Expr::Cell(c) => c.previous,
            Expr::Add(a, b) | Expr::Sub(a, b) => a.uses_previous() || b.uses_previous(),
            _ => false,
        }
    }
}

impl Condition {
    pub fn uses_previous(&self) -> bool {
        self.lhs.uses_previous() || self.rhs.uses_previous()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CmpOp {
    Eq,
    Ne,
    Ge,
    Le,
    Gt,
    Lt,
}

impl CmpOp {
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Ge => ">=",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Lt => "<",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Condition {
    pub lhs: Expr,
    pub op: CmpOp,
    pub rhs: Expr,
}

/// What unqualified names mean while parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Axis<'a> {
    /// No iteration: every cell must be written `tN.row:column`.
    None,
    /// Iterating over the columns of `table`: bare names are rows.
    Column(TableId),
    /// Iterating over the rows of `table`: bare names are columns.
    Row(TableId),
    /// Bare names are the named captures of a narrative rule.
    Captures(&'a [&'a str]),
}

/// A parse error with the byte range in the expression text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    pub message: String,
    pub at: std::ops::Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(Num),
    Name(String),
    Op(&'static str),
    LParen,
    RParen,
}

fn tokenize(text: &str) -> Result<Vec<(Tok, std::ops::Range<usize>)>, ExprError> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c.is_ascii_digit() {
            while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
                i += 1;
            }
            let n = Num::parse(&text[start..i]).ok_or_else(|| ExprError {
                message: format!("`{}` is not a number", &text[start..i]),
                at: start..i,
            })?;
            out.push((Tok::Num(n), start..i));
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'_' {
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric()
                    || matches!(bytes[i], b'_' | b'.' | b':' | b'*'))
            {
                i += 1;
            }
            out.push((Tok::Name(text[start..i].to_string()), start..i));
            continue;
        }
        let two = text.get(i..i + 2).unwrap_or("");
        let op: Option<(&'static str, usize)> = match two {
            "==" => Some(("==", 2)),
            "!=" => Some(("!=", 2)),
            ">=" => Some((">=", 2)),
            "<=" => Some(("<=", 2)),
            _ => match c {
                b'>' => Some((">", 1)),
                b'<' => Some(("<", 1)),
                b'+' => Some(("+", 1)),
                b'-' => Some(("-", 1)),
                _ => None,
            },
        };
        if let Some((op, len)) = op {
            out.push((Tok::Op(op), start..start + len));
            i += len;
            continue;
        }
        match c {
            b'(' => out.push((Tok::LParen, start..start + 1)),
            b')' => out.push((Tok::RParen, start..start + 1)),
            _ => {
                let ch = text[start..].chars().next().unwrap_or('?');
                return Err(ExprError {
                    message: format!("unexpected character `{ch}`"),
                    at: start..start + ch.len_utf8(),
                });
            }
        }
        i += 1;
    }
    Ok(out)
}

struct Parser<'a> {
    tokens: Vec<(Tok, std::ops::Range<usize>)>,
    pos: usize,
    axis: Axis<'a>,
    text: &'a str,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos).map(|(t, _)| t)
    }

    fn here(&self) -> std::ops::Range<usize> {
        self.tokens
            .get(self.pos)
            .map_or(self.text.len()..self.text.len(), |(_, r)| r.clone())
    }

    fn error(&self, message: impl Into<String>) -> ExprError {
        ExprError {
            message: message.into(),
            at: self.here(),
        }
    }

    fn expr(&mut self) -> Result<Expr, ExprError> {
        let mut lhs = self.term()?;
        while let Some(Tok::Op(op @ ("+" | "-"))) = self.peek() {
            let op = *op;
            self.pos += 1;
            let rhs = self.term()?;
            lhs = if op == "+" {
                Expr::Add(Box::new(lhs), Box::new(rhs))
            } else {
                Expr::Sub(Box::new(lhs), Box::new(rhs))
            };
        }
        Ok(lhs)
    }

    fn term(&mut self) -> Result<Expr, ExprError> {
        let Some((tok, range)) = self.tokens.get(self.pos).cloned() else {
            return Err(self.error("expected a number, a cell or `(`, found the end"));
        };
        self.pos += 1;
        match tok {
            Tok::Num(n) => Ok(Expr::Number(n)),
            Tok::LParen => {
                let inner = self.expr()?;
                if self.peek() != Some(&Tok::RParen) {
                    return Err(self.error("expected `)`"));
                }
                self.pos += 1;
                Ok(inner)
            }
            Tok::Name(name) if name == "year" => Ok(Expr::Year),
            Tok::Name(name) if name == "sum" => {
                if self.peek() != Some(&Tok::LParen) {
                    return Err(self.error("expected `(` after `sum`"));
                }
                self.pos += 1;
                let Some((Tok::Name(arg), arg_range)) = self.tokens.get(self.pos).cloned() else {
                    return Err(self.error("expected a group such as `denied.*`"));
                };
                self.pos += 1;
                if self.peek() != Some(&Tok::RParen) {
                    return Err(self.error("expected `)`"));
                }
                self.pos += 1;
                self.sum(&arg, arg_range)
            }
            Tok::Name(name) => match self.axis {
                Axis::Captures(names) if names.contains(&name.as_str()) => Ok(Expr::Capture(name)),
                Axis::Captures(names) => Err(ExprError {
                    message: format!(
                        "`{name}` is not a capture; captures are: {}",
                        names.join(", ")
                    ),
                    at: range,
                }),
                _ => self.cell(&name, range).map(Expr::Cell),
            },
            other => Err(ExprError {
                message: format!("unexpected `{}`", token_text(&other)),
                at: range,
            }),
        }
    }

    fn sum(&self, arg: &str, at: std::ops::Range<usize>) -> Result<Expr, ExprError> {
        let err = |m: String| ExprError {
            message: m,
            at: at.clone(),
        };
        let (table, rest) = split_table(arg).unwrap_or((self.axis_table(), arg));
        let Some(table) = table else {
            return Err(err(format!("`{arg}`: name the table, e.g. `t3.{arg}`")));
        };
        let (group, column) = match rest.split_once(':') {
            Some((g, c)) => (g, Some(c.to_string())),
            None => (rest, None),
        };
        let Some(prefix) = group.strip_suffix(".*") else {
            return Err(err(format!(
                "`sum({arg})` needs a group pattern such as `denied.*`"
            )));
        };
        if !table
            .rows()
            .iter()
            .any(|r| r.key.starts_with(&format!("{prefix}.")))
        {
            return Err(err(format!(
                "{} has no row group `{prefix}`",
                table.as_str()
            )));
        }
        if let Some(c) = &column {
            check_column(table, c).map_err(err)?;
        } else if !matches!(self.axis, Axis::Column(_)) {
            return Err(err(format!(
                "`sum({arg})` needs a column: `sum({group}:total)`"
            )));
        }
        Ok(Expr::Sum {
            table,
            prefix: prefix.to_string(),
            column,
            items: group_items(table, prefix),
        })
    }

    fn axis_table(&self) -> Option<TableId> {
        match self.axis {
            Axis::None | Axis::Captures(_) => None,
            Axis::Column(t) | Axis::Row(t) => Some(t),
        }
    }

    fn cell(&self, name: &str, at: std::ops::Range<usize>) -> Result<CellRef, ExprError> {
        if let Some(rest) = name.strip_prefix("prev.") {
            let mut cell = self.cell(rest, at)?;
            cell.previous = true;
            return Ok(cell);
        }
        let err = |m: String| ExprError {
            message: m,
            at: at.clone(),
        };
        if let Some((table, rest)) = split_table(name) {
            let table = table.ok_or_else(|| err(format!("unknown table in `{name}`")))?;
            let Some((row, column)) = rest.split_once(':') else {
                return Err(err(format!(
                    "`{name}`: write a cell as `{}.row:column`",
                    table.as_str()
                )));
            };
            return Ok(CellRef {
                previous: false,
                table,
                row: Some(check_row(table, row).map_err(err)?),
                column: Some(check_column(table, column).map_err(err)?),
            });
        }
        match self.axis {
            Axis::None | Axis::Captures(_) => Err(err(format!(
                "`{name}` is not a cell: outside `for_each`, write cells as `t3.row:column`"
            ))),
            Axis::Column(table) => Ok(CellRef {
                previous: false,
                table,
                row: Some(check_row(table, name).map_err(err)?),
                column: None,
            }),
            Axis::Row(table) => Ok(CellRef {
                previous: false,
                table,
                row: None,
                column: Some(check_column(table, name).map_err(err)?),
            }),
        }
    }
}

fn token_text(tok: &Tok) -> String {
    match tok {
        Tok::Num(n) => n.to_string(),
        Tok::Name(n) => n.clone(),
        Tok::Op(o) => (*o).to_string(),
        Tok::LParen => "(".into(),
        Tok::RParen => ")".into(),
    }
}

/// `t3.rest` → (Some(T3), "rest"); `t9.rest` → (None, "rest"); `rest` → None.
fn split_table(name: &str) -> Option<(Option<TableId>, &str)> {
    let (head, rest) = name.split_once('.')?;
    if head.len() == 2 && head.starts_with('t') && head.as_bytes()[1].is_ascii_digit() {
        Some((TableId::from_key(head), rest))
    } else {
        None
    }
}

fn suggest<'a>(name: &str, options: impl Iterator<Item = &'a str>) -> String {
    let options: Vec<&str> = options.collect();
    let close: Vec<&str> = options
        .iter()
        .copied()
        .filter(|o| o.contains(name) || name.contains(*o) || common_prefix(o, name) >= 4)
        .take(3)
        .collect();
    if close.is_empty() {
        format!("known: {}", options.join(", "))
    } else {
        format!(
            "did you mean {}?",
            close
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(" or ")
        )
    }
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count()
}

/// The layout's own string for row `row` of `table` (the one the parser gives the row),
/// or why there is none.
pub fn check_row(table: TableId, row: &str) -> Result<&'static str, String> {
    match table.row_spec(row) {
        Some(spec) => Ok(spec.key),
        None => Err(format!(
            "{} has no row `{row}`; {}",
            table.as_str(),
            suggest(row, table.rows().iter().map(|r| r.key))
        )),
    }
}

/// The layout's own string for column `column` of `table`, or why there is none.
pub fn check_column(table: TableId, column: &str) -> Result<&'static str, String> {
    match table.column_spec(column) {
        Some(spec) => Ok(spec.key),
        None => Err(format!(
            "{} has no column `{column}`; {}",
            table.as_str(),
            suggest(column, table.columns().iter().map(|c| c.key))
        )),
    }
}

pub fn parse_expr(text: &str, axis: Axis<'_>) -> Result<Expr, ExprError> {
    let mut parser = Parser {
        tokens: tokenize(text)?,
        pos: 0,
        axis,
        text,
    };
    let expr = parser.expr()?;
    if parser.pos < parser.tokens.len() {
        return Err(parser.error("unexpected text after the expression"));
    }
    Ok(expr)
}

pub fn parse_condition(text: &str, axis: Axis<'_>) -> Result<Condition, ExprError> {
    let mut parser = Parser {
        tokens: tokenize(text)?,
        pos: 0,
        axis,
        text,
    };
    let lhs = parser.expr()?;
    let op = match parser.peek() {
        Some(Tok::Op(op @ ("==" | "!=" | ">=" | "<=" | ">" | "<"))) => match *op {
            "==" => CmpOp::Eq,
            "!=" => CmpOp::Ne,
            ">=" => CmpOp::Ge,
            "<=" => CmpOp::Le,
            ">" => CmpOp::Gt,
            _ => CmpOp::Lt,
        },
        _ => return Err(parser.error("expected a comparison (`==`, `!=`, `>`, `>=`, `<`, `<=`)")),
    };
    parser.pos += 1;
    let rhs = parser.expr()?;
    if parser.pos < parser.tokens.len() {
        return Err(parser.error("unexpected text after the comparison"));
    }
    Ok(Condition { lhs, op, rhs })
}

/// Whether row `key` is an item of group `prefix` (`denied.state_secret` of `denied`);
/// the group's `subtotal` row is not.
pub fn is_group_item(key: &str, prefix: &str) -> bool {
    // The dot first: it rules out most keys without comparing the prefix (every sum
    // asks this of every row of its table).
    key.as_bytes().get(prefix.len()) == Some(&b'.')
        && key.starts_with(prefix)
        && &key[prefix.len() + 1..] != "subtotal"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_items_are_the_dotted_keys_under_a_prefix_but_the_subtotal() {
        assert!(is_group_item("denied.state_secret", "denied"));
        assert!(is_group_item("表.x", "表"));
        for (key, prefix) in [
            ("denied.subtotal", "denied"),
            ("denied", "denied"),
            ("denied_x.a", "denied"),
            ("unable.not_held", "denied"),
            ("d.x", "denied"),
            ("表x", "表"),
        ] {
            assert!(!is_group_item(key, prefix), "{key} {prefix}");
        }
    }

    #[test]
    fn parses_the_balance_identity() {
        let c = parse_condition(
            "new_received + carried_over == result_total + carried_forward",
            Axis::Column(TableId::T3),
        )
        .expect("parses");
        assert_eq!(c.op, CmpOp::Eq);
    }

    #[test]
    fn sums_and_qualified_cells() {
        parse_condition(
            "result_total == granted + partial + sum(denied.*)",
            Axis::Column(TableId::T3),
        )
        .expect("parses");
        parse_condition("t3.other_handling.other:total > 0", Axis::None).expect("parses");
    }

    #[test]
    fn unknown_names_are_errors_with_suggestions() {
        let err = parse_condition("new_recieved == 1", Axis::Column(TableId::T3)).unwrap_err();
        assert!(err.message.contains("new_received"), "{}", err.message);
        assert_eq!(err.at, 0..12);
        let err = parse_condition("t3.granted:totl > 0", Axis::None).unwrap_err();
        assert!(err.message.contains("no column `totl`"), "{}", err.message);
        assert!(parse_condition("t3.granted:total >", Axis::None).is_err());
        assert!(parse_condition("granted > 0", Axis::None).is_err());
    }
}
