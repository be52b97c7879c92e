//! The official layout (国办公开办函〔2021〕30号, and the 2019 trial format): the six
//! sections, and the rows and columns of tables 二, 三 and 四 with their stable keys
//! (format.md §3–§4). The parser maps labels to these keys; rule files name them.

use serde::{Deserialize, Serialize};

/// Which format a report follows, chosen by its year (format.md §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    #[default]
    Format2021,
    Trial2019,
    Pre2019,
}

impl Profile {
    pub const ALL: [Profile; 3] = [Profile::Format2021, Profile::Trial2019, Profile::Pre2019];

    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Format2021 => "format2021",
            Profile::Trial2019 => "trial2019",
            Profile::Pre2019 => "pre2019",
        }
    }

    pub fn for_year(year: i32) -> Self {
        match year {
            ..=2018 => Profile::Pre2019,
            2019 | 2020 => Profile::Trial2019,
            _ => Profile::Format2021,
        }
    }
}

/// The six sections of the 2021 format, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SectionKey {
    Overview,
    Proactive,
    Applications,
    Litigation,
    Problems,
    Other,
}

impl SectionKey {
    pub const ALL: [SectionKey; 6] = [
        SectionKey::Overview,
        SectionKey::Proactive,
        SectionKey::Applications,
        SectionKey::Litigation,
        SectionKey::Problems,
        SectionKey::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SectionKey::Overview => "overview",
            SectionKey::Proactive => "proactive",
            SectionKey::Applications => "applications",
            SectionKey::Litigation => "litigation",
            SectionKey::Problems => "problems",
            SectionKey::Other => "other",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == key)
    }

    /// 1-based position in the official order.
    pub fn number(self) -> usize {
        self as usize + 1
    }

    pub fn numeral(self) -> char {
        ['一', '二', '三', '四', '五', '六'][self as usize]
    }

    /// The official heading, numeral included.
    pub fn official_title(self) -> &'static str {
        match self {
            SectionKey::Overview => "一、总体情况",
            SectionKey::Proactive => "二、主动公开政府信息情况",
            SectionKey::Applications => "三、收到和处理政府信息公开申请情况",
            SectionKey::Litigation => "四、政府信息公开行政复议、行政诉讼情况",
            SectionKey::Problems => "五、存在的主要问题及改进情况",
            SectionKey::Other => "六、其他需要报告的事项",
        }
    }

    /// Title wordings accepted after the numeral, as a regex over folded text (no
    /// whitespace, ASCII punctuation). Covers the 2019 wording and aliases in format.md §3.
    pub fn title_pattern(self) -> &'static str {
        match self {
            SectionKey::Overview => r"(?:工作)?(?:总体情况|概述|基本情况)",
            SectionKey::Proactive => r"主动公开政府信息(?:工作)?(?:的)?情况",
            SectionKey::Applications => r"收到和处理政府信息公开申请(?:的)?情况",
            SectionKey::Litigation => {
                r"(?:因)?政府信息公开(?:工作)?(?:被申请)?行政复议[、,和及与]?(?:提起)?行政诉讼(?:的)?情况"
            }
            SectionKey::Problems => {
                r"(?:政府信息公开工作)?存在(?:的)?(?:主要)?问题(?:及|和|与|以及)?(?:改进|整改)(?:情况|措施)?"
            }
            SectionKey::Other => r"其他需(?:要)?报告(?:的)?事项",
        }
    }

    /// The table this section must hold, if any.
    pub fn table(self) -> Option<TableId> {
        match self {
            SectionKey::Proactive => Some(TableId::T2),
            SectionKey::Applications => Some(TableId::T3),
            SectionKey::Litigation => Some(TableId::T4),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TableId {
    T2,
    T3,
    T4,
}

impl TableId {
    pub const ALL: [TableId; 3] = [TableId::T2, TableId::T3, TableId::T4];

    pub fn as_str(self) -> &'static str {
        match self {
            TableId::T2 => "t2",
            TableId::T3 => "t3",
            TableId::T4 => "t4",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == key)
    }

    /// How a diagnostic names the table.
    pub fn display_name(self) -> &'static str {
        match self {
            TableId::T2 => "表二（主动公开政府信息情况）",
            TableId::T3 => "表三（收到和处理政府信息公开申请情况）",
            TableId::T4 => "表四（政府信息公开行政复议、行政诉讼情况）",
        }
    }

    pub fn section(self) -> SectionKey {
        match self {
            TableId::T2 => SectionKey::Proactive,
            TableId::T3 => SectionKey::Applications,
            TableId::T4 => SectionKey::Litigation,
        }
    }

    pub fn rows(self) -> &'static [RowSpec] {
        match self {
            TableId::T2 => T2_ROWS,
            TableId::T3 => T3_ROWS,
            TableId::T4 => T4_ROWS,
        }
    }

    pub fn columns(self) -> &'static [ColumnSpec] {
        match self {
            TableId::T2 => T2_COLUMNS,
            TableId::T3 => T3_COLUMNS,
            TableId::T4 => T4_COLUMNS,
        }
    }

    pub fn row_spec(self, key: &str) -> Option<&'static RowSpec> {
        self.rows().iter().find(|r| r.key == key)
    }

    pub fn column_spec(self, key: &str) -> Option<&'static ColumnSpec> {
        self.columns().iter().find(|c| c.key == key)
    }

    /// The official label of a group of rows that may have a subtotal row (`denied` →
    /// `（三）不予公开`): the subtotal row's label without its `（小计…）`.
    pub fn group_label(self, group: &str) -> Option<&'static str> {
        self.rows()
            .iter()
            .find(|r| r.key.strip_suffix(".subtotal") == Some(group))
            .map(|r| r.label.split("（小计").next().unwrap_or(r.label))
    }

    /// Whether the row exists in the layout the given profile uses; the trial-format rows
    /// are accepted but not required.
    pub fn required_rows(self) -> impl Iterator<Item = &'static RowSpec> {
        self.rows().iter().filter(|r| r.required)
    }
}

/// A row of a statistics table.
#[derive(Debug)]
pub struct RowSpec {
    pub key: &'static str,
    /// The official label.
    pub label: &'static str,
    /// Whether a complete table of the 2021 format has this row.
    pub required: bool,
}

#[derive(Debug)]
pub struct ColumnSpec {
    pub key: &'static str,
    pub label: &'static str,
    /// Header texts (folded) that name this column.
    pub header_words: &'static [&'static str],
}

macro_rules! rows {
    ($( $key:literal => $label:literal $(, $opt:ident)? ;)*) => {
        &[$( RowSpec { key: $key, label: $label, required: rows!(@req $($opt)?) } ),*]
    };
    (@req) => { true };
    (@req optional) => { false };
}

pub static T3_ROWS: &[RowSpec] = rows! {
    "new_received" => "一、本年新收政府信息公开申请数量";
    "carried_over" => "二、上年结转政府信息公开申请数量";
    "granted" => "（一）予以公开";
    "partial" => "（二）部分公开（区分处理的，只计这一情形，不计其他情形）";
    "denied.subtotal" => "（三）不予公开（小计）", optional;
    "denied.state_secret" => "（三）不予公开 1.属于国家秘密";
    "denied.law_prohibited" => "（三）不予公开 2.其他法律行政法规禁止公开";
    "denied.security_stability" => "（三）不予公开 3.危及“三安全一稳定”";
    "denied.third_party" => "（三）不予公开 4.保护第三方合法权益";
    "denied.internal_affairs" => "（三）不予公开 5.属于三类内部事务信息";
    "denied.process_info" => "（三）不予公开 6.属于四类过程性信息";
    "denied.enforcement_file" => "（三）不予公开 7.属于行政执法案卷";
    "denied.admin_query" => "（三）不予公开 8.属于行政查询事项";
    "unable.subtotal" => "（四）无法提供（小计）", optional;
    "unable.not_held" => "（四）无法提供 1.本机关不掌握相关政府信息";
    "unable.needs_creation" => "（四）无法提供 2.没有现成信息需要另行制作";
    "unable.still_unclear" => "（四）无法提供 3.补正后申请内容仍不明确";
    "not_processed.subtotal" => "（五）不予处理（小计）", optional;
    "not_processed.petition" => "（五）不予处理 1.信访举报投诉类申请";
    "not_processed.repeat" => "（五）不予处理 2.重复申请";
    "not_processed.publication" => "（五）不予处理 3.要求提供公开出版物";
    "not_processed.mass_repeat" => "（五）不予处理 4.无正当理由大量反复申请";
    "not_processed.confirm_reissue" => "（五）不予处理 5.要求行政机关确认或重新出具已获取信息";
    "other_handling.subtotal" => "（六）其他处理（小计，或 2019 试行格式的单行）", optional;
    "other_handling.no_correction" => "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请";
    "other_handling.fee_unpaid" => "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请";
    "other_handling.other" => "（六）其他处理 3.其他";
    "result_total" => "（七）总计";
    "carried_forward" => "四、结转下年度继续办理";
};

pub static T3_COLUMNS: &[ColumnSpec] = &[
    ColumnSpec {
        key: "natural_person",
        label: "自然人",
        header_words: &["自然人"],
    },
    ColumnSpec {
        key: "org_subtotal",
        label: "法人或其他组织小计",
        header_words: &["小计"],
    },
    ColumnSpec {
        key: "commercial",
        label: "商业企业",
        header_words: &["商业企业"],
    },
    ColumnSpec {
        key: "research",
        label: "科研机构",
        header_words: &["科研机构"],
    },
    ColumnSpec {
        key: "public_welfare",
        label: "社会公益组织",
        header_words: &["社会公益组织"],
    },
    ColumnSpec {
        key: "legal_service",
        label: "法律服务机构",
        header_words: &["法律服务机构"],
    },
    ColumnSpec {
        key: "other_org",
        label: "其他",
        header_words: &["其他"],
    },
    ColumnSpec {
        key: "total",
        label: "总计",
        header_words: &["总计"],
    },
];

/// Table 四 is one row of 15 numbers; the model holds it as three rows (the groups) of
/// five columns, so that `t4.review:upheld` names a cell as format.md does.
pub static T4_ROWS: &[RowSpec] = rows! {
    "review" => "行政复议";
    "lit_direct" => "行政诉讼 未经复议直接起诉";
    "lit_after_review" => "行政诉讼 复议后起诉";
};

pub static T4_COLUMNS: &[ColumnSpec] = &[
    ColumnSpec {
        key: "upheld",
        label: "结果维持",
        header_words: &["结果维持", "维持"],
    },
    ColumnSpec {
        key: "corrected",
        label: "结果纠正",
        header_words: &["结果纠正", "纠正"],
    },
    ColumnSpec {
        key: "other_result",
        label: "其他结果",
        header_words: &["其他结果"],
    },
    ColumnSpec {
        key: "pending",
        label: "尚未审结",
        header_words: &["尚未审结", "审结"],
    },
    ColumnSpec {
        key: "total",
        label: "总计",
        header_words: &["总计"],
    },
];

pub static T2_ROWS: &[RowSpec] = rows! {
    "rules" => "规章";
    "normative_docs" => "行政规范性文件";
    "licensing" => "行政许可";
    "penalty" => "行政处罚";
    "coercion" => "行政强制";
    "admin_fees" => "行政事业性收费";
    "other_services" => "其他对外管理服务事项（2019 试行格式）", optional;
    "central_procurement" => "政府集中采购（2019 试行格式）", optional;
};

pub static T2_COLUMNS: &[ColumnSpec] = &[
    ColumnSpec {
        key: "issued",
        label: "本年制发件数",
        header_words: &["本年制发件数", "制发件数"],
    },
    ColumnSpec {
        key: "repealed",
        label: "本年废止件数",
        header_words: &["本年废止件数", "废止件数"],
    },
    ColumnSpec {
        key: "in_force",
        label: "现行有效件数",
        header_words: &["现行有效件数", "有效件数"],
    },
    ColumnSpec {
        key: "decisions",
        label: "本年处理决定数量",
        header_words: &["处理决定数量"],
    },
    ColumnSpec {
        key: "fee_amount",
        label: "本年收费金额（单位：万元）",
        header_words: &["收费金额"],
    },
    ColumnSpec {
        key: "made",
        label: "本年新制作数量",
        header_words: &["新制作数量"],
    },
    ColumnSpec {
        key: "published",
        label: "本年新公开数量",
        header_words: &["新公开数量"],
    },
    ColumnSpec {
        key: "total_public",
        label: "对外公开总数量",
        header_words: &["对外公开总数量"],
    },
    ColumnSpec {
        key: "prev_items",
        label: "上一年项目数量",
        header_words: &["上一年项目数量"],
    },
    ColumnSpec {
        key: "change",
        label: "本年增/减",
        header_words: &["本年增/减", "本年增减", "增/减", "增减"],
    },
    ColumnSpec {
        key: "proc_items",
        label: "采购项目数量",
        header_words: &["采购项目数量"],
    },
    ColumnSpec {
        key: "proc_amount",
        label: "采购总金额",
        header_words: &["采购总金额"],
    },
];

#[cfg(test)]
mod tests {
    use super::TableId;

    #[test]
    fn a_group_is_named_by_its_subtotal_rows_label() {
        assert_eq!(TableId::T3.group_label("denied"), Some("（三）不予公开"));
        assert_eq!(
            TableId::T3.group_label("other_handling"),
            Some("（六）其他处理")
        );
        // Items and rows without a subtotal are no groups.
        assert_eq!(TableId::T3.group_label("granted"), None);
        assert_eq!(TableId::T3.group_label("denied.state_secret"), None);
        assert_eq!(TableId::T4.group_label("review"), None);
    }
}
