//! Reading tables 二, 三 and 四 from pasted text. Rows are identified by their labels
//! (folded), columns by position from the right end of the row (table 三, 四) or from the
//! header of each block (table 二). What cannot be read is recorded, never padded.

use std::collections::HashSet;

use super::fields::TableLine;
use crate::document::schema::{ColumnSpec, T2_COLUMNS, T3_COLUMNS, T4_COLUMNS};
use crate::document::{Cell, Row, Span, Table, TableId, Unparsed};

/// Lines that hold a section heading: a table never runs across one.
pub type HeadingLines = HashSet<usize>;

pub fn parse_tables(
    lines: &[TableLine],
    headings: &HeadingLines,
    unparsed: &mut Vec<Unparsed>,
) -> Vec<Table> {
    let mut tables = Vec::new();
    tables.extend(parse_t2(lines, headings, unparsed));
    tables.extend(parse_t3(lines, headings, unparsed));
    tables.extend(parse_t4(lines, headings, unparsed));
    tables
}

fn make_row(
    key: &'static str,
    line: &TableLine,
    columns: &[&'static str],
    numbers: &[&super::fields::Field],
) -> Row {
    let cells = columns
        .iter()
        .zip(numbers)
        .map(|(column, field)| Cell {
            column,
            raw: field.raw.to_string(),
            value: field.token.value(),
            span: field.span,
        })
        .collect();
    Row {
        key,
        label: line.label.clone(),
        span: line.span,
        cells,
    }
}

fn finish(id: TableId, rows: Vec<Row>, first: Span, last: Span) -> Table {
    let found: HashSet<&str> = rows.iter().map(|r| r.key).collect();
    let missing_rows = id
        .required_rows()
        .filter(|r| !found.contains(r.key))
        .map(|r| r.key)
        .collect();
    Table {
        id,
        span: Span::new(first.start, last.end),
        rows,
        missing_rows,
    }
}

/// Where `word` first occurs in a short label. `str::find` sets up a two-way searcher on
/// every call (~500 instructions for a Chinese word), more than searching a label costs;
/// memchr's one-shot search does not.
fn find_word(label: &str, word: &str) -> Option<usize> {
    memchr::memmem::find(label.as_bytes(), word.as_bytes())
}

// ---------------------------------------------------------------- table 三

/// The groups of outcome rows, by the words of their group label.
const T3_GROUPS: &[(&str, &str)] = &[
    ("不予公开", "denied"),
    ("无法提供", "unable"),
    ("不予处理", "not_processed"),
    ("其他处理", "other_handling"),
];

/// Item rows, by words unique to their label (format.md §4.2).
const T3_ITEMS: &[(&str, &str)] = &[
    ("国家秘密", "denied.state_secret"),
    ("禁止公开", "denied.law_prohibited"),
    ("三安全一稳定", "denied.security_stability"),
    ("危及", "denied.security_stability"),
    ("第三方合法权益", "denied.third_party"),
    ("内部事务", "denied.internal_affairs"),
    ("过程性信息", "denied.process_info"),
    ("执法案卷", "denied.enforcement_file"),
    ("查询事项", "denied.admin_query"),
    ("不掌握", "unable.not_held"),
    ("另行制作", "unable.needs_creation"),
    ("仍不明确", "unable.still_unclear"),
    ("补正后", "unable.still_unclear"),
    ("信访", "not_processed.petition"),
    ("重复申请", "not_processed.repeat"),
    ("出版物", "not_processed.publication"),
    ("大量反复", "not_processed.mass_repeat"),
    ("重新出具", "not_processed.confirm_reissue"),
    ("确认", "not_processed.confirm_reissue"),
    ("不补正", "other_handling.no_correction"),
    ("缴纳费用", "other_handling.fee_unpaid"),
    ("收费通知", "other_handling.fee_unpaid"),
];

fn t3_group_of(label: &str) -> Option<&'static str> {
    // The last group word in the label wins: "(三)不予公开" sets denied.
    T3_GROUPS
        .iter()
        // `contains` has a vectorised path for short words; `rfind` sets up a two-way
        // searcher on every call, so it only runs for the (rare) words present.
        .filter(|(word, _)| label.contains(word))
        .filter_map(|(word, key)| label.rfind(word).map(|at| (at, *key)))
        .max_by_key(|(at, _)| *at)
        .map(|(_, key)| key)
}

/// The row key for a table-三 label, given the group the rows above opened.
pub fn classify_t3_label(label: &str, group: Option<&str>) -> Option<&'static str> {
    if label.contains("本年新收") {
        return Some("new_received");
    }
    if label.contains("结转下年") || label.contains("继续办理") {
        return Some("carried_forward");
    }
    if label.contains("上年结转") {
        return Some("carried_over");
    }
    if let Some((_, key)) = T3_ITEMS.iter().find(|(word, _)| label.contains(word)) {
        return Some(key);
    }
    if label.contains("部分公开") {
        return Some("partial");
    }
    if label.contains("予以公开") && !label.contains("不予公开") {
        return Some("granted");
    }
    if label.contains("总计") {
        return Some("result_total");
    }
    let bare = label.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == '、');
    if bare.ends_with("其他") && (group == Some("other_handling") || label.starts_with('3')) {
        return Some("other_handling.other");
    }
    match t3_group_of(label).or(if label.contains("小计") {
        group
    } else {
        None
    }) {
        Some("denied") => Some("denied.subtotal"),
        Some("unable") => Some("unable.subtotal"),
        Some("not_processed") => Some("not_processed.subtotal"),
        Some("other_handling") => Some("other_handling.subtotal"),
        _ => None,
    }
}

fn t3_columns(header: &str) -> Vec<&'static str> {
    T3_COLUMNS
        .iter()
        .filter(|c| c.key != "org_subtotal" || header.contains("小计"))
        .map(|c| c.key)
        .collect()
}

fn parse_t3(
    lines: &[TableLine],
    headings: &HeadingLines,
    unparsed: &mut Vec<Unparsed>,
) -> Option<Table> {
    let start = lines.iter().position(|l| {
        l.table_like
            && (l.label.contains("勾稽关系")
                || l.label.contains("申请人情况")
                || (l.label.contains("本年新收") && l.number_count() > 0))
    })?;
    let mut header = String::new();
    let mut columns: Vec<&'static str> = Vec::new();
    let mut rows: Vec<Row> = Vec::new();
    let mut pending: Option<String> = None;
    let mut group: Option<&'static str> = None;
    let first = lines[start].span;
    let mut last = first;
    for line in &lines[start..] {
        if line.index != lines[start].index && headings.contains(&line.index) {
            break;
        }
        if line.is_blank() {
            continue;
        }
        if !line.table_like {
            if columns.is_empty() {
                continue;
            }
            break;
        }
        last = line.span;
        if let Some(g) = t3_group_of(&line.label) {
            group = Some(g);
        }
        if line.number_count() == 0 {
            if columns.is_empty() {
                header.push_str(&line.label);
            } else {
                pending = Some(line.label.clone());
            }
            continue;
        }
        if columns.is_empty() {
            columns = t3_columns(&header);
        }
        let key = classify_t3_label(&line.label, group)
            .or_else(|| pending.as_deref().and_then(|p| classify_t3_label(p, group)));
        pending = None;
        let Some(key) = key else {
            unparsed.push(Unparsed {
                span: line.span,
                what: format!("表三中无法识别的行：“{}”", line.label),
            });
            continue;
        };
        let numbers: Vec<_> = line.numbers().collect();
        if numbers.len() < columns.len() {
            unparsed.push(Unparsed {
                span: line.span,
                what: format!(
                    "表三“{}”行只读到 {} 个数字，应为 {} 个；此行不参与计算",
                    line.label,
                    numbers.len(),
                    columns.len()
                ),
            });
            continue;
        }
        if rows.iter().any(|r| r.key == key) {
            unparsed.push(Unparsed {
                span: line.span,
                what: format!("表三“{}”行重复出现（{key}），已忽略", line.label),
            });
            continue;
        }
        let numbers = &numbers[numbers.len() - columns.len()..];
        rows.push(make_row(key, line, &columns, numbers));
        if key == "carried_forward" {
            break;
        }
    }
    Some(finish(TableId::T3, rows, first, last))
}

// ---------------------------------------------------------------- table 四

/// The columns whose header words occur in `header`, each with where its first word
/// stands, in the order they appear.
fn columns_named_in(header: &str, columns: &[ColumnSpec]) -> Vec<(usize, &'static str)> {
    let mut found: Vec<(usize, &'static str)> = columns
        .iter()
        .filter_map(|c| {
            c.header_words
                .iter()
                .filter_map(|w| find_word(header, w))
                .min()
                .map(|at| (at, c.key))
        })
        .collect();
    found.sort();
    found
}

fn t4_column_order(header: &str) -> Vec<&'static str> {
    let found = columns_named_in(header, T4_COLUMNS);
    if found.len() != T4_COLUMNS.len() {
        return T4_COLUMNS.iter().map(|c| c.key).collect();
    }
    found.into_iter().map(|(_, k)| k).collect()
}

fn parse_t4(
    lines: &[TableLine],
    headings: &HeadingLines,
    unparsed: &mut Vec<Unparsed>,
) -> Option<Table> {
    let start = lines.iter().position(|l| {
        l.table_like
            && ((l.label.contains("行政复议") && l.label.contains("行政诉讼"))
                || (l.label.contains("维持") && l.label.contains("纠正")))
    })?;
    let first = lines[start].span;
    let mut last = first;
    let mut header = String::new();
    let mut numbers = Vec::new();
    let mut number_lines = Vec::new();
    for line in lines[start..].iter().take(12) {
        if line.index != lines[start].index && headings.contains(&line.index) {
            break;
        }
        if line.is_blank() {
            continue;
        }
        if !line.table_like {
            break;
        }
        last = line.span;
        if line.number_count() == 0 {
            if numbers.is_empty() {
                // The line that names the five result columns gives their order.
                if header.is_empty() || !t4_has_all_columns(&header) {
                    header = line.label.clone();
                }
            }
            continue;
        }
        numbers.extend(line.numbers().cloned());
        number_lines.push(line);
        if numbers.len() >= 15 {
            break;
        }
    }
    let mut rows = Vec::new();
    if numbers.len() >= 15 {
        let order = t4_column_order(&header);
        let numbers: Vec<_> = numbers[numbers.len() - 15..].iter().collect();
        let line = number_lines.last().copied().unwrap_or(&lines[start]);
        for (g, group) in ["review", "lit_direct", "lit_after_review"]
            .into_iter()
            .enumerate()
        {
            let mut row = make_row(group, line, &order, &numbers[g * 5..g * 5 + 5]);
            row.label = crate::document::schema::T4_ROWS[g].label.to_string();
            let first_cell = row.cells.first().map(|c| c.span);
            let last_cell = row.cells.last().map(|c| c.span);
            if let (Some(a), Some(b)) = (first_cell, last_cell) {
                row.span = Span::new(a.start, b.end);
            }
            rows.push(row);
        }
    } else {
        let span = number_lines.first().map(|l| l.span).unwrap_or(first);
        unparsed.push(Unparsed {
            span,
            what: format!(
                "表四只读到 {} 个数字，应为 15 个；表四各项无法核对",
                numbers.len()
            ),
        });
    }
    Some(finish(TableId::T4, rows, first, last))
}

fn t4_has_all_columns(header: &str) -> bool {
    T4_COLUMNS
        .iter()
        .all(|c| c.header_words.iter().any(|w| header.contains(w)))
}

// ---------------------------------------------------------------- table 二

fn t2_block_columns(block: &str) -> Vec<&'static str> {
    match block {
        "一" => vec!["issued", "repealed", "in_force"],
        "五" | "六" => vec!["decisions"],
        "八" => vec!["fee_amount"],
        _ => Vec::new(),
    }
}

fn t2_header_columns(label: &str) -> Vec<&'static str> {
    let found = columns_named_in(label, T2_COLUMNS);
    // "处理决定数量" also occurs inside longer headers; keep the first of overlapping words.
    let mut keys: Vec<&'static str> = Vec::new();
    for (_, key) in found {
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys
}

fn t2_row_key(label: &str) -> Option<&'static str> {
    const ROWS: &[(&str, &str)] = &[
        ("规范性文件", "normative_docs"),
        ("规章", "rules"),
        ("行政许可", "licensing"),
        ("行政处罚", "penalty"),
        ("行政强制", "coercion"),
        ("收费", "admin_fees"),
        ("其他对外管理服务事项", "other_services"),
        ("集中采购", "central_procurement"),
    ];
    if label.chars().count() > 20 {
        return None;
    }
    ROWS.iter()
        .find(|(w, _)| label.contains(w))
        .map(|(_, k)| *k)
}

fn article_block(label: &str) -> Option<String> {
    let at = find_word(label, "第二十条第")?;
    let rest = &label[at + "第二十条第".len()..];
    let rest = rest.trim_start_matches(['(', '[']);
    rest.chars().next().map(|c| c.to_string())
}

fn parse_t2(
    lines: &[TableLine],
    headings: &HeadingLines,
    unparsed: &mut Vec<Unparsed>,
) -> Option<Table> {
    // A block title (第二十条第（一）项) or a row such as "行政许可  120" may be a lone
    // field when the table is aligned with spaces, so short lines count as table lines here.
    let is_t2_line = |l: &TableLine| {
        l.table_like
            || l.label.starts_with("信息内容")
            || (l.label.chars().count() <= 16
                && (article_block(&l.label).is_some()
                    || (t2_row_key(&l.label).is_some() && l.number_count() > 0)))
    };
    let start = lines
        .iter()
        .position(|l| is_t2_line(l) && article_block(&l.label).is_some())?;
    let first = lines[start].span;
    let mut last = first;
    let mut columns: Vec<&'static str> = Vec::new();
    let mut rows: Vec<Row> = Vec::new();
    for line in &lines[start..] {
        if line.index != lines[start].index && headings.contains(&line.index) {
            break;
        }
        if line.is_blank() {
            continue;
        }
        if !is_t2_line(line) {
            break;
        }
        last = line.span;
        if let Some(block) = article_block(&line.label) {
            columns = t2_block_columns(&block);
            // A block title carries no data, even when a page's blank cells beside it
            // were read as dashes.
            if line
                .numbers()
                .all(|f| matches!(f.token, super::fields::Token::Dash))
            {
                continue;
            }
        }
        let count = line.number_count();
        if count == 0 {
            let header = t2_header_columns(&line.label);
            if !header.is_empty() {
                columns = header;
            }
            continue;
        }
        let Some(key) = t2_row_key(&line.label) else {
            unparsed.push(Unparsed {
                span: line.span,
                what: format!("表二中无法识别的行：“{}”", line.label),
            });
            continue;
        };
        let numbers: Vec<_> = line.numbers().collect();
        if columns.is_empty() || numbers.len() < columns.len() {
            unparsed.push(Unparsed {
                span: line.span,
                what: format!(
                    "表二“{}”行只读到 {} 个数字，应为 {} 个；此行不参与核对",
                    line.label,
                    numbers.len(),
                    columns.len()
                ),
            });
            continue;
        }
        if rows.iter().any(|r| r.key == key) {
            continue;
        }
        rows.push(make_row(key, line, &columns, &numbers[..columns.len()]));
    }
    Some(finish(TableId::T2, rows, first, last))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t3_labels_from_the_seeds() {
        let cases = [
            ("三、本年度办理结果(一)予以公开", "granted"),
            (
                "(二)部分公开(区分处理的,只计这一情形,不计其他情形)",
                "partial",
            ),
            ("(三)不予公开1.属于国家秘密", "denied.state_secret"),
            ("3.危及“三安全一稳定”", "denied.security_stability"),
            ("(四)1.本机关不掌握相关政府信", "unable.not_held"),
            (
                "(六)其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                "other_handling.no_correction",
            ),
            (
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                "other_handling.fee_unpaid",
            ),
            ("4.无正当理由大量反复申请", "not_processed.mass_repeat"),
            (
                "5.要求行政机关确认或重新出具已获取信息",
                "not_processed.confirm_reissue",
            ),
            ("(七)总计", "result_total"),
            ("四、结转下年度继续办理", "carried_forward"),
            ("二、上年结转政府信息公开申请数量", "carried_over"),
        ];
        for (label, key) in cases {
            assert_eq!(classify_t3_label(label, None), Some(key), "{label}");
        }
        assert_eq!(
            classify_t3_label("3.其他", Some("other_handling")),
            Some("other_handling.other")
        );
        assert_eq!(
            classify_t3_label("(六)其他处理", None),
            Some("other_handling.subtotal")
        );
    }
}
