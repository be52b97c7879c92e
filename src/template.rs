//! A blank report in the current official format (国办公开办函〔2021〕30号): the six
//! headings, the three statistics tables filled with zeros (so every arithmetic identity
//! holds as printed), and placeholders that the `placeholder-text` rule flags until they
//! are replaced.

use crate::document::schema::{SectionKey, TableId};

/// How the tables are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateStyle {
    /// Markdown headings and pipe tables.
    Markdown,
    /// Plain text with tab-separated tables (what Word gives when a table is pasted).
    Text,
}

/// The first year the 2021 format applies to.
pub const FIRST_YEAR: i32 = 2021;

/// The report skeleton. `agency` defaults to a placeholder.
pub fn template(year: i32, agency: Option<&str>, style: TemplateStyle) -> String {
    let agency = agency.unwrap_or("XX（机关名称）");
    let mut w = Writer {
        style,
        out: String::new(),
    };
    w.heading(1, &format!("{agency}{year}年政府信息公开工作年度报告"));
    w.para(&format!(
        "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和国务院办公厅政府信息与政务公开办公室《关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求编制。本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
    ));
    for key in SectionKey::ALL {
        w.heading(2, key.official_title());
        match key {
            SectionKey::Overview => {
                for topic in [
                    "（一）主动公开",
                    "（二）依申请公开",
                    "（三）政府信息管理",
                    "（四）政府信息公开平台建设",
                    "（五）监督保障",
                ] {
                    w.para(topic);
                    w.para("此处填写本年度该项工作的情况。");
                }
            }
            SectionKey::Proactive => w.table2(),
            SectionKey::Applications => w.table3(),
            SectionKey::Litigation => w.table4(),
            SectionKey::Problems => {
                w.para("此处填写本年度存在的主要问题，以及上年度问题的整改情况。");
                w.para("下一步，此处填写改进措施。");
            }
            SectionKey::Other => {
                w.para("本年度收取信息处理费XX元（未收取的写明“本年度未收取信息处理费”）。");
                w.para(&format!(
                    "此处填写落实{year}年政务公开工作要点、人大代表建议和政协提案办理结果公开等情况。"
                ));
            }
        }
    }
    // The signature: 《条例》第四十九条's deadline is checked against its date.
    w.para(agency);
    w.para(&format!("{}年XX月XX日", year + 1));
    w.out
}

struct Writer {
    style: TemplateStyle,
    out: String,
}

impl Writer {
    fn heading(&mut self, level: usize, text: &str) {
        if self.style == TemplateStyle::Markdown {
            self.out.push_str(&"#".repeat(level));
            self.out.push(' ');
        }
        self.out.push_str(text);
        self.out.push_str("\n\n");
    }

    fn para(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push_str("\n\n");
    }

    /// A table from rows of cells; the first row is the header.
    fn table(&mut self, rows: &[Vec<String>]) {
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        for (i, row) in rows.iter().enumerate() {
            let mut cells = row.clone();
            cells.resize(width, String::new());
            match self.style {
                TemplateStyle::Markdown => {
                    self.out.push_str(&format!("| {} |\n", cells.join(" | ")));
                    if i == 0 {
                        self.out.push_str(&format!("|{}\n", "---|".repeat(width)));
                    }
                }
                TemplateStyle::Text => {
                    self.out.push_str(&cells.join("\t"));
                    self.out.push('\n');
                }
            }
        }
        self.out.push('\n');
    }

    fn table2(&mut self) {
        let s = |v: &str| v.to_string();
        let zero = || s("0");
        let blocks: [(&str, &[&str], &[&str]); 4] = [
            (
                "第二十条第（一）项",
                &["本年制发件数", "本年废止件数", "现行有效件数"],
                &["规章", "行政规范性文件"],
            ),
            ("第二十条第（五）项", &["本年处理决定数量"], &["行政许可"]),
            (
                "第二十条第（六）项",
                &["本年处理决定数量"],
                &["行政处罚", "行政强制"],
            ),
            (
                "第二十条第（八）项",
                &["本年收费金额（单位：万元）"],
                &["行政事业性收费"],
            ),
        ];
        let mut rows = Vec::new();
        for (title, columns, labels) in blocks {
            rows.push(vec![s(title), s(""), s(""), s("")]);
            let mut header = vec![s("信息内容")];
            header.extend(columns.iter().map(|c| s(c)));
            rows.push(header);
            for label in labels {
                let mut row = vec![s(label)];
                row.extend(columns.iter().map(|_| zero()));
                rows.push(row);
            }
        }
        self.table(&rows);
    }

    fn table3(&mut self) {
        let s = |v: &str| v.to_string();
        let mut rows = vec![
            vec![
                s("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"),
                s(""),
                s("申请人情况"),
                s(""),
                s(""),
                s(""),
                s(""),
                s(""),
                s("总计"),
            ],
            vec![
                s(""),
                s(""),
                s("自然人"),
                s("法人或其他组织"),
                s(""),
                s(""),
                s(""),
                s(""),
                s(""),
            ],
            vec![
                s(""),
                s(""),
                s(""),
                s("商业企业"),
                s("科研机构"),
                s("社会公益组织"),
                s("法律服务机构"),
                s("其他"),
                s(""),
            ],
        ];
        // (first column, second column) as the official form lays them out; a group
        // label is written once, on its first row (the cells below it are merged).
        let mut groups_seen: Vec<&str> = Vec::new();
        for spec in TableId::T3.rows().iter().filter(|r| r.required) {
            let (group, item) = match spec.label.split_once(' ') {
                Some((group, item)) => (group, item),
                None if spec.label.starts_with('（') => ("三、本年度办理结果", spec.label),
                None => (spec.label, ""),
            };
            let first = if item.is_empty() || !groups_seen.contains(&group) {
                group
            } else {
                ""
            };
            groups_seen.push(group);
            let mut row = vec![s(first), s(item)];
            row.extend(std::iter::repeat_n(s("0"), 7));
            rows.push(row);
        }
        self.table(&rows);
    }

    fn table4(&mut self) {
        let s = |v: &str| v.to_string();
        let words = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
        let mut h1 = vec![s("行政复议"), s(""), s(""), s(""), s(""), s("行政诉讼")];
        h1.extend(std::iter::repeat_n(String::new(), 9));
        let mut h2: Vec<String> = words.iter().map(|w| s(w)).collect();
        h2.push(s("未经复议直接起诉"));
        h2.extend(std::iter::repeat_n(String::new(), 4));
        h2.push(s("复议后起诉"));
        h2.extend(std::iter::repeat_n(String::new(), 4));
        let mut h3: Vec<String> = std::iter::repeat_n(String::new(), 5).collect();
        for _ in 0..2 {
            h3.extend(words.iter().map(|w| s(w)));
        }
        let data: Vec<String> = std::iter::repeat_n(s("0"), 15).collect();
        self.table(&[h1, h2, h3, data]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_has_six_sections_and_three_complete_tables() {
        for style in [TemplateStyle::Markdown, TemplateStyle::Text] {
            let text = template(2024, Some("青山市司法局"), style);
            let (_, report) = crate::read_report("t.md", text.as_bytes()).expect("reads");
            assert_eq!(report.sections.len(), 6, "{style:?}");
            assert_eq!(report.year_value(), Some(2024));
            for id in TableId::ALL {
                let table = report.table(id).expect("table present");
                assert!(
                    table.missing_rows.is_empty(),
                    "{id:?} {:?}",
                    table.missing_rows
                );
            }
            assert!(report.unparsed.is_empty(), "{:?}", report.unparsed);
        }
    }
}
