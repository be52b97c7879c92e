//! A generator of realistic reports with known contents, used by the property tests and
//! the defect-detection tests (and by the corpus example for benchmarks). Deterministic
//! from a seed. It renders the same report in the shapes users paste: tab-separated,
//! Markdown, CRLF with full-width digits, GB18030, space-aligned tables — and as a
//! published web page (Word-derived markup, rowspans, blank cells) and a Word document
//! (automatic heading numbers, merged cells, text split into runs).

#![allow(dead_code, clippy::needless_range_loop)]

/// splitmix64: tiny, deterministic, good enough to vary test reports.
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Tabs,
    Markdown,
    CrlfFullWidth,
    Gb18030,
    Spaces,
    Html,
    Docx,
    /// A scraper's `get_text("\n")` of a page whose numbers and list numbers are elements
    /// of their own: each table cell on a line of its own, each number of the prose
    /// apart from the words around it, each section's numeral apart from its title.
    Scraped,
    /// A page copied with its table borders: each cell closed by a pipe (`标签 | 5 |  |`),
    /// zeros left blank.
    BlankZeros,
    /// Tab-separated, zeros left blank (`标签⇥⇥5⇥⇥⇥1`): a blank and a merged label's gap
    /// look alike.
    BlankZeroTabs,
    /// A page's tables a cell a line, each cell closed by a line `|` (a converter's),
    /// zeros left blank: a blank is a `|` that closes no cell.
    BlankCellLines,
}

impl Shape {
    pub const ALL: [Shape; 11] = [
        Shape::Tabs,
        Shape::Markdown,
        Shape::CrlfFullWidth,
        Shape::Gb18030,
        Shape::Spaces,
        Shape::Html,
        Shape::Docx,
        Shape::Scraped,
        Shape::BlankZeros,
        Shape::BlankZeroTabs,
        Shape::BlankCellLines,
    ];

    /// The shapes of the benchmark corpus (bench/run.sh, examples/generate_corpus.rs):
    /// the first seven, as they were when its figures were first taken, so that rounds
    /// compare (new shapes go after them).
    pub const CORPUS: &[Shape] = Shape::ALL.split_at(7).0;

    /// The file extension a report of this shape is saved with.
    pub fn extension(self) -> &'static str {
        match self {
            Shape::Markdown => "md",
            Shape::Html => "html",
            Shape::Docx => "docx",
            _ => "txt",
        }
    }

    /// Web pages and Word documents: built from paragraphs and table rows, not lines.
    fn structured(self) -> bool {
        matches!(self, Shape::Html | Shape::Docx)
    }

    /// The shapes that leave zeros blank.
    pub fn blanks_zeros(self) -> bool {
        matches!(
            self,
            Shape::BlankZeros | Shape::BlankZeroTabs | Shape::BlankCellLines
        )
    }
}

/// A paragraph (with its heading level, 0 for body text) or a table row.
enum Item {
    Paragraph(String, usize),
    Row(Vec<String>),
}

/// Lines of the page before the first paragraph of the report (see `html_page`).
const HTML_HEADER_LINES: usize = 5;

/// Table 三 row labels in official order: (group label, item label, key).
pub const T3_ROWS: &[(&str, &str, &str)] = &[
    ("一、本年新收政府信息公开申请数量", "", "new_received"),
    ("二、上年结转政府信息公开申请数量", "", "carried_over"),
    ("三、本年度办理结果", "（一）予以公开", "granted"),
    (
        "",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "partial",
    ),
    ("（三）不予公开", "1.属于国家秘密", "denied.state_secret"),
    ("", "2.其他法律行政法规禁止公开", "denied.law_prohibited"),
    ("", "3.危及“三安全一稳定”", "denied.security_stability"),
    ("", "4.保护第三方合法权益", "denied.third_party"),
    ("", "5.属于三类内部事务信息", "denied.internal_affairs"),
    ("", "6.属于四类过程性信息", "denied.process_info"),
    ("", "7.属于行政执法案卷", "denied.enforcement_file"),
    ("", "8.属于行政查询事项", "denied.admin_query"),
    (
        "（四）无法提供",
        "1.本机关不掌握相关政府信息",
        "unable.not_held",
    ),
    ("", "2.没有现成信息需要另行制作", "unable.needs_creation"),
    ("", "3.补正后申请内容仍不明确", "unable.still_unclear"),
    (
        "（五）不予处理",
        "1.信访举报投诉类申请",
        "not_processed.petition",
    ),
    ("", "2.重复申请", "not_processed.repeat"),
    ("", "3.要求提供公开出版物", "not_processed.publication"),
    ("", "4.无正当理由大量反复申请", "not_processed.mass_repeat"),
    (
        "",
        "5.要求行政机关确认或重新出具已获取信息",
        "not_processed.confirm_reissue",
    ),
    (
        "（六）其他处理",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "other_handling.no_correction",
    ),
    (
        "",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "other_handling.fee_unpaid",
    ),
    ("", "3.其他", "other_handling.other"),
    ("", "（七）总计", "result_total"),
    ("四、结转下年度继续办理", "", "carried_forward"),
];

/// Indices into [`T3_ROWS`].
pub const NEW: usize = 0;
pub const CARRIED: usize = 1;
pub const FIRST_RESULT: usize = 2;
pub const OTHER: usize = 22;
pub const FEE_UNPAID: usize = 21;
pub const RESULT_TOTAL: usize = 23;
pub const FORWARD: usize = 24;
/// The item rows of the groups a report may give a 小计 row: （三）不予公开, （四）无法提供,
/// （五）不予处理, （六）其他处理.
/// “发布政府信息{total}条，其中，政务动态{a}条，占总数的{pa}%；…”: a total, its three parts and
/// their shares.
#[derive(Debug, Clone)]
pub struct PublishedShares {
    pub total: i64,
    pub parts: [i64; 3],
    /// Decimal places of the percentages, and whether they are cut rather than rounded.
    pub places: u32,
    pub cut: bool,
    /// Defects: added to one part's count as printed (its share left as it was), or to
    /// one part's percentage (in points).
    pub count_error: Option<(usize, i64)>,
    pub percent_error: Option<(usize, i64)>,
}

impl PublishedShares {
    /// Part `i`'s count as the report prints it.
    pub fn count(&self, i: usize) -> i64 {
        match self.count_error {
            Some((at, added)) if at == i => self.parts[i] + added,
            _ => self.parts[i],
        }
    }

    /// Part `i`'s share as the report prints it.
    pub fn percent(&self, i: usize) -> String {
        let scale = 10i64.pow(self.places);
        let numerator = self.parts[i] * 100 * scale;
        let (q, r) = (numerator / self.total, numerator % self.total);
        let mut value = if self.cut || 2 * r < self.total {
            q
        } else {
            q + 1
        };
        if let Some((at, points)) = self.percent_error {
            if at == i {
                value += points * scale;
            }
        }
        if self.places == 0 {
            value.to_string()
        } else {
            format!("{}.{}", value / scale, value % scale)
        }
    }
}

/// What a report says of its （六）其他处理 3.其他 applications.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtherExplained {
    /// The count and the main reason.
    WithReason,
    /// The count again, and no reason: no explanation.
    CountOnly,
    Not,
}

pub const GROUPS: [std::ops::Range<usize>; 4] = [4..12, 12..15, 15..20, 20..23];

pub const T3_COLUMNS: [&str; 7] = [
    "natural_person",
    "commercial",
    "research",
    "public_welfare",
    "legal_service",
    "other_org",
    "total",
];
pub const T4_GROUPS: [&str; 3] = ["review", "lit_direct", "lit_after_review"];
pub const T4_COLUMNS: [&str; 5] = ["upheld", "corrected", "other_result", "pending", "total"];

/// What a generated report says.
#[derive(Debug, Clone)]
pub struct Spec {
    pub agency: String,
    pub year: i32,
    /// 25 rows × 7 columns, balanced.
    pub t3: Vec<[i64; 7]>,
    /// Three groups × 5 columns, balanced.
    pub t4: [[i64; 5]; 3],
    /// 规章, 行政规范性文件: issued, repealed, in force.
    pub t2_docs: [[i64; 3]; 2],
    /// 行政许可, 行政处罚, 行政强制.
    pub t2_decisions: [i64; 3],
    /// Section 一 says which of 行政许可, 行政处罚, 行政强制 (and 行政事业性收费) the
    /// body had none of (无…事项) and how many decisions it made of the others.
    pub enforcement_prose: bool,
    /// The item of [`Spec::t2_decisions`] that sentence calls none though the table has
    /// some (a contradiction).
    pub enforcement_denied: Option<usize>,
    /// Section 一 states table 四's reviews, lawsuits and corrected results.
    pub litigation_prose: bool,
    /// 行政事业性收费 in 万元, as text ("0", "1.25").
    pub t2_fee: String,
    pub sections: [bool; 6],
    pub fee_statement: bool,
    /// What 六 says of the （六）其他处理 3.其他 count.
    pub other_explained: OtherExplained,
    /// The number stated in prose for new applications (normally the table's).
    pub prose_new: i64,
    /// The year that sentence names (normally the report's: last year's is a sentence
    /// copied from last year's report with its year left).
    pub prose_year: i32,
    /// Added to the first channel (当面申请) when the sentence lists the channels the
    /// applications came by (reports of odd years with three or more): a slip that makes
    /// them add up to more than the total.
    pub channels_error: i64,
    pub long_prose: usize,
    /// The month and day (of the year after the report's) under the agency's name at the
    /// end, when the report is signed.
    pub signed: Option<(u32, u32)>,
    /// The body named over the signature's date, when not the report's own (a report
    /// written over another body's).
    pub signed_by: Option<String>,
    /// The 主动公开 sentence that gives a total and its parts' shares, when there is one.
    pub shares: Option<PublishedShares>,
    /// Documents issued and published, and the rate (公开率): the first part over the
    /// total, when the report states them.
    pub rate: Option<PublishedShares>,
    /// Each group of [`GROUPS`] opens with a 小计 row, as some reports add.
    pub subtotals: bool,
    /// A subtotal that is not its items' sum: (group, column, added); the row's 总计 is
    /// changed with it, so that only the subtotal identity breaks.
    pub subtotal_error: Option<(usize, usize, i64)>,
}

pub const AGENCIES: &[&str] = &[
    "青山市河西区司法局",
    "江北县人民政府",
    "临川市生态环境局",
    "东湖区教育局",
    "南平市市场监督管理局",
    "海宁市人民政府办公室",
];

impl Spec {
    pub fn random(rng: &mut Rng) -> Self {
        let mut t3 = vec![[0i64; 7]; 25];
        // Results per item, per applicant column (the six real columns).
        for row in FIRST_RESULT..RESULT_TOTAL {
            for col in 0..6 {
                let p = if col == 0 { 40 } else { 12 };
                if rng.chance(p) {
                    t3[row][col] = rng.below(if col == 0 { 60 } else { 8 }) as i64;
                }
            }
        }
        for col in 0..6 {
            let results: i64 = (FIRST_RESULT..RESULT_TOTAL).map(|r| t3[r][col]).sum();
            let forward = if rng.chance(30) {
                rng.below(5) as i64
            } else {
                0
            };
            let carried = if rng.chance(30) {
                rng.below(5) as i64
            } else {
                0
            };
            // new + carried = results + forward; keep new ≥ 0.
            let carried = carried.min(results + forward);
            t3[RESULT_TOTAL][col] = results;
            t3[FORWARD][col] = forward;
            t3[CARRIED][col] = carried;
            t3[NEW][col] = results + forward - carried;
        }
        for row in t3.iter_mut() {
            row[6] = row[..6].iter().sum();
        }
        let mut t4 = [[0i64; 5]; 3];
        for g in &mut t4 {
            for c in 0..4 {
                if rng.chance(25) {
                    g[c] = rng.below(6) as i64;
                }
            }
            g[4] = g[..4].iter().sum();
        }
        let t2_docs = [
            [
                rng.below(3) as i64,
                rng.below(2) as i64,
                rng.below(20) as i64,
            ],
            [
                rng.below(5) as i64,
                rng.below(3) as i64,
                rng.below(60) as i64,
            ],
        ];
        let fee = if rng.chance(50) {
            "0".to_string()
        } else {
            format!("{}.{:02}", rng.below(40), rng.below(100))
        };
        let year = 2021 + rng.below(4) as i32;
        Spec {
            agency: rng.pick(AGENCIES).to_string(),
            year,
            prose_year: year,
            channels_error: 0,
            prose_new: t3[NEW][6],
            t3,
            t4,
            t2_docs,
            // Many bodies make no decisions of a kind: a zero two times in five.
            t2_decisions: [500, 200, 20].map(|most| {
                if rng.chance(40) {
                    0
                } else {
                    rng.below(most) as i64
                }
            }),
            enforcement_prose: rng.chance(50),
            enforcement_denied: None,
            litigation_prose: rng.chance(50),
            t2_fee: fee,
            sections: [true; 6],
            fee_statement: true,
            other_explained: OtherExplained::WithReason,
            long_prose: rng.below(3) as usize,
            // Before 31 January: on time whatever the body.
            signed: rng.chance(70).then(|| (1, 5 + rng.below(26) as u32)),
            signed_by: None,
            subtotals: rng.chance(15),
            subtotal_error: None,
            rate: rng.chance(30).then(|| {
                let total = 1 + rng.below(400) as i64;
                PublishedShares {
                    total,
                    parts: [total - rng.below(total as u64 / 5 + 1) as i64, 0, 0],
                    places: rng.below(2) as u32,
                    cut: rng.chance(30),
                    count_error: None,
                    percent_error: None,
                }
            }),
            shares: rng.chance(40).then(|| {
                let parts = [
                    1 + rng.below(300) as i64,
                    1 + rng.below(200) as i64,
                    1 + rng.below(100) as i64,
                ];
                PublishedShares {
                    total: parts.iter().sum(),
                    parts,
                    places: rng.below(2) as u32,
                    cut: rng.chance(30),
                    count_error: None,
                    percent_error: None,
                }
            }),
        }
    }

    pub fn other_handling_other(&self) -> i64 {
        self.t3[OTHER][6]
    }

    /// The sum of group `g`'s items in column `c`.
    pub fn group_sum(&self, g: usize, c: usize) -> i64 {
        GROUPS[g].clone().map(|r| self.t3[r][c]).sum()
    }

    /// The cells of group `g`'s 小计 row: its items' sums, and the error, if any.
    pub fn subtotal(&self, g: usize) -> [i64; 7] {
        let mut row = [0i64; 7];
        for (c, cell) in row.iter_mut().enumerate() {
            *cell = self.group_sum(g, c);
        }
        if let Some((_, col, added)) = self.subtotal_error.filter(|e| e.0 == g) {
            row[col] += added;
            if col != 6 {
                row[6] += added;
            }
        }
        row
    }
}

/// A rendered report and where things are in it.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The report as UTF-8 text (for GB18030, the text before encoding).
    pub text: String,
    /// The file's bytes as the user has them.
    pub bytes: Vec<u8>,
    /// 1-based line numbers: of each table-三 row, the table-四 data line, each section
    /// heading, the new-applications prose sentence, the fee statement.
    pub t3_lines: Vec<usize>,
    pub t4_line: usize,
    /// The last line of each table-三 row, of the table-四 data and of the new-applications
    /// sentence: the same line but in [`Shape::Scraped`], which runs them over lines.
    pub t3_ends: Vec<usize>,
    pub t4_end: usize,
    pub prose_new_end: usize,
    pub heading_lines: [Option<usize>; 6],
    pub prose_new_line: usize,
    pub fee_line: Option<usize>,
    /// The line of the signature's date.
    pub date_line: Option<usize>,
    pub last_line: usize,
    /// First and last line of each group's 小计 row, when the report has them.
    pub subtotal_lines: Vec<(usize, usize)>,
    /// First and last line of the shares sentence, when the report has one.
    pub shares_lines: Option<(usize, usize)>,
    /// First and last line of the 行政许可/处罚/强制 sentence, when the report has one.
    pub enforcement_lines: Option<(usize, usize)>,
    /// First and last line of the 公开率 sentence, when the report has one.
    pub rate_lines: Option<(usize, usize)>,
}

fn full_width_digits(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_digit() {
                char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

struct Writer {
    shape: Shape,
    lines: Vec<String>,
    items: Vec<Item>,
    /// The last line of the last row and of the last line written (a row or a line runs
    /// over several in [`Shape::Scraped`]).
    row_end: usize,
    line_end: usize,
}

impl Writer {
    /// A line of prose kept whole in every shape.
    fn line_whole(&mut self, s: impl Into<String>) -> usize {
        if self.shape == Shape::Scraped {
            self.lines.push(s.into());
            self.line_end = self.lines.len();
            return self.line_end;
        }
        self.line(s)
    }

    fn line(&mut self, s: impl Into<String>) -> usize {
        if self.shape.structured() {
            self.line_end = self.item(Item::Paragraph(s.into(), 0));
            return self.line_end;
        }
        let s = s.into();
        if self.shape == Shape::Scraped {
            // Each run of digits on a line of its own.
            let mut first = None;
            let mut piece = String::new();
            let mut digits = None;
            for c in s.chars() {
                if digits.is_some_and(|d| d != c.is_ascii_digit()) {
                    self.lines.push(std::mem::take(&mut piece));
                    first.get_or_insert(self.lines.len());
                }
                digits = Some(c.is_ascii_digit());
                piece.push(c);
            }
            self.lines.push(piece);
            self.line_end = self.lines.len();
            return first.unwrap_or(self.lines.len());
        }
        self.lines.push(s);
        self.line_end = self.lines.len();
        self.lines.len()
    }

    /// Adds a paragraph or row; returns its line in what gilint shows (the page source,
    /// or the Word document's rendering, which has one line per paragraph and row).
    fn item(&mut self, item: Item) -> usize {
        self.items.push(item);
        match self.shape {
            Shape::Html => HTML_HEADER_LINES + self.items.len(),
            _ => self.items.len(),
        }
    }

    fn blank(&mut self) {
        if !self.shape.structured() {
            self.lines.push(String::new());
        }
    }

    fn num(&self, n: i64) -> String {
        self.num_text(&n.to_string())
    }

    /// A number already written (`96.3`), in the shape's digits.
    fn num_text(&self, s: &str) -> String {
        if self.shape == Shape::CrlfFullWidth {
            full_width_digits(s)
        } else {
            s.to_string()
        }
    }

    fn heading(&mut self, text: &str, level: usize) -> usize {
        match self.shape {
            Shape::Scraped => match text.split_once('、') {
                Some((numeral, title)) if numeral.chars().count() == 1 => {
                    let line = self.line(numeral);
                    self.line(format!("、{title}"));
                    line
                }
                _ => self.line(text),
            },
            Shape::Html | Shape::Docx => self.item(Item::Paragraph(text.to_string(), level)),
            Shape::Markdown => self.line(format!("{} {text}", "#".repeat(level))),
            Shape::CrlfFullWidth => self.line(format!("{text}\u{3000}")),
            _ => self.line(text),
        }
    }

    /// A table row from cells (empty cells are merged-cell gaps); its first line.
    fn row(&mut self, cells: &[String]) -> usize {
        let line = self.row_lines(cells);
        self.row_end = self.row_end.max(line);
        line
    }

    fn row_lines(&mut self, cells: &[String]) -> usize {
        match self.shape {
            Shape::Scraped => {
                // A cell is one text node, its words and numbers together.
                let mut first = None;
                for cell in cells.iter().filter(|c| !c.is_empty()) {
                    self.lines.push(cell.clone());
                    first.get_or_insert(self.lines.len());
                    self.row_end = self.lines.len();
                }
                first.unwrap_or_else(|| self.line(""))
            }
            Shape::Html | Shape::Docx => self.item(Item::Row(cells.to_vec())),
            Shape::Markdown => self.line(format!("| {} |", cells.join(" | "))),
            Shape::BlankZeros => {
                let cells: Vec<&str> = cells
                    .iter()
                    .map(|c| if c == "0" { "" } else { c.as_str() })
                    .collect();
                self.line(format!("{} |", cells.join(" | ")))
            }
            Shape::BlankCellLines => {
                let mut first = None;
                for cell in cells.iter().filter(|c| !c.is_empty()) {
                    if cell != "0" {
                        self.lines.push(cell.clone());
                        first.get_or_insert(self.lines.len());
                    }
                    self.lines.push("|".into());
                    first.get_or_insert(self.lines.len());
                    self.row_end = self.lines.len();
                }
                first.unwrap_or_else(|| self.line(""))
            }
            Shape::BlankZeroTabs => {
                let cells: Vec<&str> = cells
                    .iter()
                    .map(|c| if c == "0" { "" } else { c.as_str() })
                    .collect();
                self.line(cells.join("\t"))
            }
            Shape::Spaces => {
                let kept: Vec<&str> = cells
                    .iter()
                    .map(String::as_str)
                    .filter(|c| !c.is_empty())
                    .collect();
                self.line(kept.join("    "))
            }
            _ => self.line(cells.join("\t")),
        }
    }

    fn markdown_rule(&mut self, n: usize) {
        if self.shape == Shape::Markdown {
            self.line(format!("|{}", "---|".repeat(n)));
        }
    }
}

const TITLES: [&str; 6] = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
];

pub fn render(spec: &Spec, shape: Shape) -> Rendered {
    let mut w = Writer {
        shape,
        lines: Vec::new(),
        items: Vec::new(),
        row_end: 0,
        line_end: 0,
    };
    let mut t3_ends = Vec::new();
    let mut t4_end = 0;
    let y = spec.year;
    let s = |v: &str| v.to_string();
    w.heading(
        &format!("{}{}年政府信息公开工作年度报告", spec.agency, y),
        1,
    );
    w.blank();
    w.line(format!("本报告依据《中华人民共和国政府信息公开条例》编制，所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。"));
    w.blank();
    let mut heading_lines = [None; 6];
    let mut prose_new_line = 0;
    let mut prose_new_end = 0;
    let mut t3_lines = Vec::new();
    let mut subtotal_lines = Vec::new();
    let mut t4_line = 0;
    let mut fee_line = None;
    let mut shares_lines = None;
    let mut enforcement_lines = None;
    let mut rate_lines = None;
    let t3 = &spec.t3;
    for (i, title) in TITLES.iter().enumerate() {
        if !spec.sections[i] {
            continue;
        }
        heading_lines[i] = Some(w.heading(title, 2));
        w.blank();
        match i {
            0 => {
                w.line(format!("{y}年，{}深入贯彻落实《中华人民共和国政府信息公开条例》，持续推进政务公开工作。", spec.agency));
                for _ in 0..spec.long_prose {
                    w.line("坚持以公开为常态、不公开为例外，围绕中心工作做好政策解读、回应关切和平台建设，不断提升政务公开质效。".repeat(3));
                }
                w.line("（一）主动公开");
                w.line(format!(
                    "全年制发行政规范性文件{}件，主动公开各类政府信息。",
                    w.num(spec.t2_docs[1][0])
                ));
                if spec.enforcement_prose {
                    let mut none = Vec::new();
                    let mut made = Vec::new();
                    for (i, name) in ["行政许可", "行政处罚", "行政强制"].iter().enumerate()
                    {
                        let n = spec.t2_decisions[i];
                        if n == 0 || spec.enforcement_denied == Some(i) {
                            none.push(name.to_string());
                        } else {
                            made.push(format!("作出{name}决定{}件", w.num(n)));
                        }
                    }
                    if spec.t2_fee == "0" {
                        made.push("未收取行政事业性收费".to_string());
                    }
                    if !none.is_empty() {
                        made.insert(0, format!("无{}事项", none.join("、")));
                    }
                    let first = w.line(format!("本机关{}。", made.join("，")));
                    enforcement_lines = Some((first, w.line_end));
                }
                if let Some(shares) = &spec.shares {
                    let first = w.line(format!(
                        "全年在门户网站发布政府信息{}条，其中，政务动态{}条，占总数的{}%；政策文件{}条，占总数的{}%；其他信息{}条，占总数的{}%。",
                        w.num(shares.total),
                        w.num(shares.count(0)),
                        w.num_text(&shares.percent(0)),
                        w.num(shares.count(1)),
                        w.num_text(&shares.percent(1)),
                        w.num(shares.count(2)),
                        w.num_text(&shares.percent(2)),
                    ));
                    shares_lines = Some((first, w.line_end));
                }
                if let Some(rate) = &spec.rate {
                    let first = w.line(format!(
                        "全年制发公文{}件，主动公开{}件，公开率达{}%。",
                        w.num(rate.total),
                        w.num(rate.count(0)),
                        w.num_text(&rate.percent(0)),
                    ));
                    rate_lines = Some((first, w.line_end));
                }
                w.line("（二）依申请公开");
                let py = spec.prose_year;
                prose_new_line = if spec.prose_new == 0 {
                    w.line(format!("{py}年，本机关未收到政府信息公开申请。"))
                } else {
                    // Reports of odd years list the channels the applications came by,
                    // from the prose's own total (no rng draw: seeds keep their reports).
                    let n = spec.prose_new;
                    let channels = if spec.year % 2 == 1 && n >= 3 {
                        let (face, letter) = (n / 5, n / 10);
                        format!(
                            "其中当面申请{}件、网上申请{}件、信函申请{}件，",
                            w.num(face + spec.channels_error),
                            w.num(n - face - letter),
                            w.num(letter)
                        )
                    } else {
                        String::new()
                    };
                    w.line(format!(
                        "{py}年，本机关新收政府信息公开申请{}件，{channels}上年结转政府信息公开申请{}件，办结{}件，{}件结转至下年度继续办理。",
                        w.num(spec.prose_new),
                        w.num(t3[CARRIED][6]),
                        w.num(t3[RESULT_TOTAL][6]),
                        w.num(t3[FORWARD][6])
                    ))
                };
                prose_new_end = w.line_end;
                // Half the reports also state who applied and the main results (without
                // 其他处理, which a report explains or not: `explain_other`).
                if spec.prose_new != 0 && spec.year % 2 == 0 {
                    let new = &t3[NEW];
                    let group = |g: usize| spec.group_sum(g, 6);
                    w.line(format!(
                        "其中自然人提出申请{}件，法人或其他组织提出申请{}件；予以公开{}件，部分公开{}件，不予公开{}件，无法提供{}件，不予处理{}件。",
                        w.num(new[0]),
                        w.num(new[6] - new[0]),
                        w.num(t3[FIRST_RESULT][6]),
                        w.num(t3[FIRST_RESULT + 1][6]),
                        w.num(group(0)),
                        w.num(group(1)),
                        w.num(group(2)),
                    ));
                }
                if spec.litigation_prose {
                    let t4 = &spec.t4;
                    let corrected = t4[0][1] + t4[1][1] + t4[2][1];
                    // Odd years' reports give the reviews' other results too.
                    let review_results = if spec.year % 2 == 1 && t4[0][4] > 0 {
                        format!(
                            "（其中结果维持{}件，尚未审结{}件）",
                            w.num(t4[0][0]),
                            w.num(t4[0][3])
                        )
                    } else {
                        String::new()
                    };
                    w.line(format!(
                        "全年因政府信息公开被申请行政复议{}件{review_results}，被提起行政诉讼{}件，{}。",
                        w.num(t4[0][4]),
                        w.num(t4[1][4] + t4[2][4]),
                        if corrected == 0 {
                            "未发生被纠错情况".to_string()
                        } else {
                            format!("结果纠正{}件", w.num(corrected))
                        }
                    ));
                }
                w.line("（三）政府信息管理");
                w.line("严格落实保密审查制度，动态更新政府信息公开目录。");
                w.line("（四）政府信息公开平台建设");
                w.line("优化门户网站政府信息公开专栏。");
                w.line("（五）监督保障");
                w.line("将政务公开工作纳入年度绩效考核。");
                // A government's report also gives 社会评议 and 责任追究 (条例第五十条（四）).
                if spec.agency.ends_with("人民政府") {
                    w.line("组织开展社会评议，本年度未发生责任追究情况。");
                }
            }
            1 => {
                let d = &spec.t2_docs;
                let n = |v: i64| w.num(v);
                let rows: Vec<Vec<String>> = vec![
                    vec![s("第二十条第（一）项"), s(""), s(""), s("")],
                    vec![
                        s("信息内容"),
                        s("本年制发件数"),
                        s("本年废止件数"),
                        s("现行有效件数"),
                    ],
                    vec![s("规章"), n(d[0][0]), n(d[0][1]), n(d[0][2])],
                    vec![s("行政规范性文件"), n(d[1][0]), n(d[1][1]), n(d[1][2])],
                    vec![s("第二十条第（五）项"), s(""), s(""), s("")],
                    vec![s("信息内容"), s("本年处理决定数量"), s(""), s("")],
                    vec![s("行政许可"), n(spec.t2_decisions[0]), s(""), s("")],
                    vec![s("第二十条第（六）项"), s(""), s(""), s("")],
                    vec![s("信息内容"), s("本年处理决定数量"), s(""), s("")],
                    vec![s("行政处罚"), n(spec.t2_decisions[1]), s(""), s("")],
                    vec![s("行政强制"), n(spec.t2_decisions[2]), s(""), s("")],
                    vec![s("第二十条第（八）项"), s(""), s(""), s("")],
                    vec![s("信息内容"), s("本年收费金额（单位：万元）"), s(""), s("")],
                    vec![
                        s("行政事业性收费"),
                        if shape == Shape::CrlfFullWidth {
                            full_width_digits(&spec.t2_fee)
                        } else {
                            spec.t2_fee.clone()
                        },
                        s(""),
                        s(""),
                    ],
                ];
                for (k, r) in rows.iter().enumerate() {
                    w.row(r);
                    if k == 0 {
                        w.markdown_rule(4);
                    }
                }
            }
            2 => {
                w.row(&[
                    s("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"),
                    s(""),
                    s("申请人情况"),
                    s(""),
                    s(""),
                    s(""),
                    s(""),
                    s(""),
                    s("总计"),
                ]);
                w.markdown_rule(9);
                w.row(&[
                    s(""),
                    s(""),
                    s("自然人"),
                    s("法人或其他组织"),
                    s(""),
                    s(""),
                    s(""),
                    s(""),
                    s(""),
                ]);
                w.row(&[
                    s(""),
                    s(""),
                    s(""),
                    s("商业企业"),
                    s("科研机构"),
                    s("社会公益组织"),
                    s("法律服务机构"),
                    s("其他"),
                    s(""),
                ]);
                for (r, (group, item, _)) in T3_ROWS.iter().enumerate() {
                    let opened = GROUPS.iter().position(|g| g.start == r);
                    if let Some(g) = opened.filter(|_| spec.subtotals) {
                        let mut cells = vec![s(group), s("小计")];
                        cells.extend(spec.subtotal(g).iter().map(|v| w.num(*v)));
                        let line = w.row(&cells);
                        subtotal_lines.push((line, w.row_end));
                    }
                    let group = if opened.is_some() && spec.subtotals {
                        ""
                    } else {
                        group
                    };
                    let mut cells = vec![s(group), s(item)];
                    cells.extend(t3[r].iter().map(|v| w.num(*v)));
                    t3_lines.push(w.row(&cells));
                    t3_ends.push(w.row_end);
                }
            }
            3 => {
                let mut h1 = vec![s("行政复议"), s(""), s(""), s(""), s(""), s("行政诉讼")];
                h1.extend(std::iter::repeat_n(String::new(), 9));
                w.row(&h1);
                w.markdown_rule(15);
                let words = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
                let mut h2: Vec<String> = words.iter().map(|x| s(x)).collect();
                h2.push(s("未经复议直接起诉"));
                h2.extend(std::iter::repeat_n(String::new(), 4));
                h2.push(s("复议后起诉"));
                h2.extend(std::iter::repeat_n(String::new(), 4));
                w.row(&h2);
                let mut h3: Vec<String> = std::iter::repeat_n(String::new(), 5).collect();
                for _ in 0..2 {
                    h3.extend(words.iter().map(|x| s(x)));
                }
                w.row(&h3);
                let data: Vec<String> = spec.t4.iter().flatten().map(|v| w.num(*v)).collect();
                t4_line = w.row(&data);
                t4_end = w.row_end;
            }
            4 => {
                w.line("我单位政府信息公开工作仍存在一些不足：一是政策解读形式较为单一；二是信息更新的及时性有待提高。");
                w.line("下一步，我们将丰富解读形式，加强培训，进一步提升政务公开工作水平。");
            }
            _ => {
                if spec.fee_statement {
                    fee_line = Some(w.line("本年度未收取信息处理费。"));
                }
                if spec.other_handling_other() > 0 {
                    match spec.other_explained {
                        OtherExplained::WithReason => w.line(format!(
                            "“（六）其他处理 3.其他”共{}件，主要为申请人主动撤回申请。",
                            w.num(spec.other_handling_other())
                        )),
                        OtherExplained::CountOnly => w.line(format!(
                            "本年度办结的申请中，其他处理{}件。",
                            w.num(spec.group_sum(3, 6))
                        )),
                        OtherExplained::Not => 0,
                    };
                }
                w.line(format!("{y}年，本单位认真落实上级年度政务公开工作要点。"));
            }
        }
        w.blank();
    }
    // The signature: one paragraph each, not split even where a scraper splits numbers
    // (a page has the date in one text node).
    let date_line = spec.signed.map(|(month, day)| {
        w.line_whole(
            spec.signed_by
                .clone()
                .unwrap_or_else(|| spec.agency.clone()),
        );
        w.line_whole(format!("{}年{month}月{day}日", y + 1))
    });
    if shape.structured() {
        let last_line = w.items.len()
            + if shape == Shape::Html {
                HTML_HEADER_LINES
            } else {
                0
            };
        let (text, bytes) = if shape == Shape::Html {
            let page = html_page(&w.items, &spec.agency, y);
            (page.clone(), page.into_bytes())
        } else {
            (String::new(), docx_file(&w.items))
        };
        return Rendered {
            text,
            bytes,
            t3_lines,
            t4_line,
            t3_ends,
            t4_end,
            heading_lines,
            prose_new_line,
            prose_new_end,
            fee_line,
            date_line,
            last_line,
            subtotal_lines,
            shares_lines,
            enforcement_lines,
            rate_lines,
        };
    }
    let last_line = w.lines.len();
    let newline = if shape == Shape::CrlfFullWidth {
        "\r\n"
    } else {
        "\n"
    };
    let text = w.lines.join(newline) + newline;
    let bytes = if shape == Shape::Gb18030 {
        encoding_rs::GB18030.encode(&text).0.into_owned()
    } else {
        text.clone().into_bytes()
    };
    Rendered {
        text,
        bytes,
        t3_lines,
        t4_line,
        t3_ends,
        t4_end,
        heading_lines,
        prose_new_line,
        prose_new_end,
        fee_line,
        date_line,
        last_line,
        subtotal_lines,
        shares_lines,
        enforcement_lines,
        rate_lines,
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A report page as government sites publish it: navigation around the report, Word-
/// derived markup (headings split across `<span>`s, `&nbsp;`), table 三's group labels
/// in `rowspan` cells, blank `<td>`s, numbers wrapped in `<span>`s.
fn html_page(items: &[Item], agency: &str, year: i32) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n");
    out.push_str(&format!("<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{agency}{year}年政府信息公开工作年度报告_{agency}</title>\n"));
    out.push_str("<style>td { border: 1px solid #000; } .nav a { color: #333; }</style><script>var _hmt = _hmt || [];</script></head>\n");
    out.push_str("<body><div class=\"nav\"><a href=\"/\">首页</a> &gt; <a href=\"/zwgk/\">政务公开</a> &gt; <span>政府信息公开年报</span></div>\n");
    out.push_str(
        "<div class=\"TRS_Editor\"><div class=\"WordSection1\" style=\"layout-grid:15.6pt\">\n",
    );
    let mut in_table = false;
    // Rows left under a rowspan in the first column.
    let mut covered = 0usize;
    for (i, item) in items.iter().enumerate() {
        match item {
            Item::Paragraph(text, level) => {
                if in_table {
                    out.push_str("</tbody></table>");
                    in_table = false;
                }
                if *level > 0 {
                    // Word splits the number from the words: 一、 in one span, the title in another.
                    let cut = text.char_indices().nth(2).map_or(text.len(), |(b, _)| b);
                    out.push_str(&format!(
                        "<p class=\"MsoNormal\" align=\"{}\"><b><span style=\"font-family:黑体\">{}</span></b><b><span style=\"font-family:黑体\">{}</span></b></p>\n",
                        if *level == 1 { "center" } else { "left" },
                        escape(&text[..cut]),
                        escape(&text[cut..])
                    ));
                } else {
                    out.push_str(&format!(
                        "<p class=\"MsoNormal\" style=\"text-indent:32.0pt\"><span style=\"font-family:仿宋_GB2312\">{}</span></p>\n",
                        escape(text).replace("，", "，</span><span style=\"font-family:仿宋_GB2312\">")
                    ));
                }
            }
            Item::Row(cells) => {
                if !in_table {
                    out.push_str(
                        "<table class=\"MsoNormalTable\" border=\"1\" cellspacing=\"0\"><tbody>",
                    );
                    in_table = true;
                    covered = 0;
                }
                out.push_str("<tr>");
                // A first-column label followed by rows with an empty first column and a
                // second-column label: one cell spanning those rows, as in the official form.
                let spans_rows = !cells[0].is_empty()
                    && cells.len() > 2
                    && !cells[1].is_empty()
                    && !cells[1]
                        .chars()
                        .any(|c| c.is_ascii_digit() && cells[1].len() < 4);
                let mut rowspan = 1;
                if spans_rows {
                    for next in &items[i + 1..] {
                        match next {
                            Item::Row(n)
                                if n.len() == cells.len()
                                    && n[0].is_empty()
                                    && !n[1].is_empty() =>
                            {
                                rowspan += 1
                            }
                            _ => break,
                        }
                    }
                }
                for (c, cell) in cells.iter().enumerate() {
                    if c == 0 && covered > 0 {
                        covered -= 1;
                        continue;
                    }
                    if c == 0 && rowspan > 1 {
                        covered = rowspan - 1;
                        out.push_str(&format!(
                            "<td rowspan=\"{rowspan}\"><p><span>{}</span></p></td>",
                            escape(cell)
                        ));
                    } else if cell.is_empty() {
                        out.push_str(if c % 2 == 0 {
                            "<td>&nbsp;</td>"
                        } else {
                            "<td></td>"
                        });
                    } else if cell.chars().all(|ch| ch.is_ascii_digit() || ch == '.') {
                        out.push_str(&format!("<td align=\"center\"><p class=\"MsoNormal\" align=\"center\"><span lang=\"EN-US\">{cell}</span></p></td>"));
                    } else {
                        out.push_str(&format!(
                            "<td><p class=\"MsoNormal\"><span>{}</span></p></td>",
                            escape(cell)
                        ));
                    }
                }
                out.push_str("</tr>\n");
            }
        }
    }
    if in_table {
        out.push_str("</tbody></table>");
    }
    out.push_str("</div></div><div class=\"footer\">主办单位：人民政府办公室 &nbsp; 网站标识码：0000000000</div></body></html>\n");
    out
}

/// A Word document: section headings numbered automatically by a list style (the "一、"
/// is not in the text), runs split mid-word, table 三's group labels merged vertically
/// (vMerge), labels spanning two columns (gridSpan).
fn docx_file(items: &[Item]) -> Vec<u8> {
    use std::io::Write;
    let mut body = String::new();
    let run = |text: &str| -> String {
        // Split each paragraph's text into two runs, as Word does after an edit.
        let cut = text.char_indices().nth(3).map_or(text.len(), |(b, _)| b);
        let (a, b) = text.split_at(cut);
        let mut r = format!("<w:r><w:rPr><w:rFonts w:hint=\"eastAsia\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>", escape(a));
        if !b.is_empty() {
            r.push_str(&format!("<w:r><w:t>{}</w:t></w:r>", escape(b)));
        }
        r
    };
    let mut in_table = false;
    for (i, item) in items.iter().enumerate() {
        match item {
            Item::Paragraph(text, level) => {
                if in_table {
                    body.push_str("</w:tbl>");
                    in_table = false;
                }
                let numbered = *level == 2
                    && text.chars().nth(1) == Some('、')
                    && "一二三四五六".contains(text.chars().next().unwrap_or(' '));
                if numbered {
                    let words: String = text.chars().skip(2).collect();
                    body.push_str(&format!(
                        "<w:p><w:pPr><w:pStyle w:val=\"2\"/></w:pPr>{}</w:p>",
                        run(&words)
                    ));
                } else {
                    body.push_str(&format!(
                        "<w:p><w:pPr><w:ind w:firstLine=\"640\"/></w:pPr>{}</w:p>",
                        run(text)
                    ));
                }
            }
            Item::Row(cells) => {
                if !in_table {
                    body.push_str("<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/></w:tblPr>");
                    in_table = true;
                }
                body.push_str("<w:tr>");
                let continues = i > 0
                    && cells.len() > 2
                    && cells[0].is_empty()
                    && !cells[1].is_empty()
                    && matches!(&items[i - 1], Item::Row(p) if p.len() == cells.len() && !p[1].is_empty());
                let starts = !cells[0].is_empty()
                    && cells.len() > 2
                    && !cells[1].is_empty()
                    && matches!(items.get(i + 1), Some(Item::Row(n)) if n.len() == cells.len() && n[0].is_empty() && !n[1].is_empty());
                let mut c = 0;
                while c < cells.len() {
                    let mut props = String::new();
                    let mut span = 1;
                    if c == 0 && continues {
                        props.push_str("<w:vMerge/>");
                    } else if c == 0 && starts {
                        props.push_str("<w:vMerge w:val=\"restart\"/>");
                    } else if c == 0
                        && cells.len() > 2
                        && cells[1].is_empty()
                        && !cells[0].is_empty()
                        && cells.len() == 9
                    {
                        // 一、本年新收… spans the two label columns of table 三.
                        span = 2;
                        props.push_str("<w:gridSpan w:val=\"2\"/>");
                    }
                    let text = if c == 0 && continues {
                        ""
                    } else {
                        cells[c].as_str()
                    };
                    let paragraph = if text.is_empty() {
                        "<w:p/>".to_string()
                    } else {
                        format!(
                            "<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>{}</w:p>",
                            run(text)
                        )
                    };
                    body.push_str(&format!("<w:tc><w:tcPr><w:tcW w:w=\"800\" w:type=\"dxa\"/>{props}</w:tcPr>{paragraph}</w:tc>"));
                    c += span;
                }
                body.push_str("</w:tr>");
            }
        }
    }
    if in_table {
        body.push_str("</w:tbl>");
    }
    const NS: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";
    let document = format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document {NS}><w:body>{body}<w:sectPr/></w:body></w:document>");
    let styles = format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles {NS}><w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"a\"><w:name w:val=\"Normal\"/></w:style><w:style w:type=\"paragraph\" w:styleId=\"2\"><w:name w:val=\"heading 2\"/><w:basedOn w:val=\"a\"/><w:pPr><w:numPr><w:numId w:val=\"1\"/></w:numPr><w:outlineLvl w:val=\"1\"/></w:pPr></w:style></w:styles>");
    let numbering = format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:numbering {NS}><w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/><w:lvlText w:val=\"%1、\"/><w:suff w:val=\"nothing\"/></w:lvl></w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>");
    let content_types = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/><Override PartName=\"/word/numbering.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml\"/></Types>";
    let rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";
    let document_rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" Target=\"numbering.xml\"/></Relationships>";
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for (name, content) in [
        ("[Content_Types].xml", content_types.to_string()),
        ("_rels/.rels", rels.to_string()),
        ("word/_rels/document.xml.rels", document_rels.to_string()),
        ("word/document.xml", document),
        ("word/styles.xml", styles),
        ("word/numbering.xml", numbering),
    ] {
        zip.start_file(name, options).expect("zip entry");
        zip.write_all(content.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip finishes").into_inner()
}
