//! The rule engine: runs each rule's check kind over a report and produces findings.
//! One file per check kind; this file holds what they share (which rules apply, message
//! templates, where prose lives, "not assessable" findings).

mod deadline;
mod equation;
pub mod eval;
mod fixes;
mod history;
mod narrative;
mod numbering;
mod shares;
mod signature;
mod structure;
mod text;

use std::sync::{Arc, Mutex, OnceLock};

use crate::diagnostic::{Finding, Fix, Label, Severity};
use crate::document::{Report, SectionKey, Span};
use crate::parse::fold::{Folded, FoldedSlice, Markup};
use crate::ruleset::{Check, Rule, RuleSet};
use crate::source::SourceFile;

/// Last year's report of the same agency, for year-over-year rules.
#[derive(Clone, Copy)]
pub struct Previous<'a> {
    pub source: &'a SourceFile,
    pub report: &'a Report,
}

/// Runs every applicable rule and returns the findings in source order.
pub fn check(rules: &RuleSet, source: &SourceFile, report: &Report) -> Vec<Finding> {
    check_with_previous(rules, source, report, None)
}

/// [`check`], with last year's report for the year-over-year rules. Without it those
/// rules do not run: they are about a pair of reports, and a single report is not one.
pub fn check_with_previous(
    rules: &RuleSet,
    source: &SourceFile,
    report: &Report,
    previous: Option<Previous>,
) -> Vec<Finding> {
    let prepared = prepare(rules, source, previous.is_some());
    check_prepared(rules, source, report, previous, prepared)
}

/// What checking a report needs that does not depend on its parse: the whole text
/// folded, and for the first report of a rule set the patterns it can match compiled
/// (most of a one-report run's work). [`crate::check_bytes`] runs it beside the parse.
pub struct Prepared {
    whole: (Folded, Vec<usize>),
    first: bool,
}

/// See [`Prepared`]. `with_previous`: last year's report will be given.
pub fn prepare(rules: &RuleSet, source: &SourceFile, with_previous: bool) -> Prepared {
    // Before any pattern is built: a long report's are built for long searches.
    crate::tiered::expect_text(source.text.len());
    let whole = fold_whole(source);
    let first = rules.first_report();
    if first {
        // The report's profile comes with its parse: the patterns of every rule that
        // may apply, that could match outside its tables. Most narrative patterns start
        // with words of a table's row labels (予以公开, 行政复议); the prose decides whether
        // they are needed, and a check compiles one its prose needs ([`Pattern::for_text`]
        // on the text it searches).
        let prose_like = lines_not_row_shaped(source, &whole);
        compile_patterns(
            rules
                .rules()
                .iter()
                .filter(|rule| with_previous || !rule.needs_previous())
                // Not a check whose patterns must all match, one of which cannot.
                .filter(|rule| rule.check.joint_patterns_may_match(&prose_like)),
            |pattern| pattern.would_compile_for(&prose_like),
        );
    }
    Prepared { whole, first }
}

/// [`check_with_previous`] with the work of [`prepare`] done.
pub fn check_prepared(
    rules: &RuleSet,
    source: &SourceFile,
    report: &Report,
    previous: Option<Previous>,
    prepared: Prepared,
) -> Vec<Finding> {
    let statements = Mutex::new(Vec::new());
    let cx = Context {
        source,
        report,
        previous,
        prose_cache: Mutex::new(Vec::new()),
        whole: (prepared.whole, Default::default()),
        statements: &statements,
        focus: None,
    };
    let applies = |rule: &&Rule| {
        rule.profiles.contains(&report.profile) && (previous.is_some() || !rule.needs_previous())
    };
    if !prepared.first {
        // Later reports: every pattern of the applicable rules ([`RuleSet::first_report`]).
        compile_patterns(rules.rules().iter().filter(applies), |pattern| {
            !pattern.is_compiled() && !pattern.is_words()
        });
    }
    // The rules in parallel: one report's checks (lazy DFAs being built as the patterns
    // search) are a quarter of a one-report run. Collected in rule order, so the stable
    // sort below gives the same order as one after another.
    let applicable: Vec<&Rule> = rules.rules().iter().filter(applies).collect();
    let mut findings: Vec<Finding> = {
        use rayon::prelude::*;
        applicable
            .par_iter()
            .flat_map_iter(|rule| run_rule(&cx, rule))
            .collect()
    };
    findings.sort_by(|a, b| {
        a.position()
            .cmp(&b.position())
            .then(b.severity.cmp(&a.severity))
            .then(a.rule.cmp(&b.rule))
    });
    if findings.iter().any(|f| f.fix.is_some()) {
        fixes::settle_cell_fixes(&cx, &applicable, &mut findings);
        fixes::drop_fixes_resting_on_doubtful_cells(&applicable, &mut findings);
    }
    findings
}

/// One rule's findings on the report of `cx`.
fn run_rule(cx: &Context, rule: &Rule) -> Vec<Finding> {
    let mut out = Out {
        rule,
        findings: Vec::new(),
        missing: Vec::new(),
        missing_labels: Vec::new(),
    };
    let body_known = match cx.report.agency_kind {
        _ if rule.agencies.is_empty() => true,
        Some(kind) if rule.agencies.contains(&kind) => true,
        // Not the kind of body the rule is for.
        Some(_) => return Vec::new(),
        None => {
            out.not_assessable(
                "报告机关的类型（人民政府或政府部门）从标题中读不出，不知本项是否适用",
                None,
            );
            false
        }
    };
    match &rule.check {
        _ if !body_known => {}
        Check::Section { .. } | Check::Table { .. } | Check::Profile => {
            structure::run(cx, &mut out)
        }
        Check::Equation { .. } | Check::Cells { .. } => equation::run(cx, &mut out),
        Check::RequireText { .. } | Check::ForbidText { .. } => text::run(cx, &mut out),
        Check::Narrative { .. } | Check::NarrativeBalance { .. } => narrative::run(cx, &mut out),
        Check::Shares { .. } => shares::run(cx, &mut out),
        Check::Numbering { .. } => numbering::run(cx, &mut out),
        Check::CopiedText { .. } | Check::StaleYear { .. } | Check::FollowUp { .. } => {
            history::run(cx, &mut out)
        }
        Check::Deadline { .. } => deadline::run(cx, &mut out),
        Check::Signature => signature::run(cx, &mut out),
    }
    out.finish(cx);
    out.findings
}

/// What each narrative rule found in the prose, by rule id.
type KeptStatements = Mutex<Vec<(String, Arc<Vec<narrative::Stated>>)>>;

/// What every check reads.
pub(crate) struct Context<'a> {
    pub source: &'a SourceFile,
    pub report: &'a Report,
    pub previous: Option<Previous<'a>>,
    /// Folded prose, computed once per (sections, rows) that some rule asks for.
    prose_cache: Mutex<Vec<ProseEntry>>,
    /// The whole text folded with table rows (and where each line's fold ends), and
    /// without them (folded when first asked for).
    whole: ((Folded, Vec<usize>), OnceLock<Folded>),
    /// What each narrative rule found stated in the prose, by rule id: kept for checking
    /// a fix of a cell, which runs those rules again on the changed tables.
    statements: &'a KeptStatements,
    /// The one cell a fix changed, when checking it: identities of its table are
    /// evaluated on its column (or row) alone, the others' being as they were.
    pub focus: Option<fixes::CellFocus>,
}

/// The folded prose of some sections ([`Context::prose`]).
pub(crate) enum Prose<'a> {
    Slice(FoldedSlice<'a>),
    Copy(Arc<Folded>),
}

impl Prose<'_> {
    fn as_slice(&self) -> FoldedSlice<'_> {
        match self {
            Prose::Slice(slice) => *slice,
            Prose::Copy(folded) => folded.as_slice(),
        }
    }

    pub fn text(&self) -> &str {
        self.as_slice().text()
    }

    /// The source span of byte range `start..end` of [`Self::text`].
    pub fn span(&self, start: usize, end: usize) -> Span {
        self.as_slice().span(start, end)
    }
}

/// A cached fold: which sections, whether table rows were kept, the folded text.
type ProseEntry = (Vec<SectionKey>, Rows, Arc<Folded>);

impl Context<'_> {
    /// The span of a section's heading, if the section is there.
    pub fn heading(&self, key: SectionKey) -> Option<Span> {
        self.report.section(key).map(|s| s.heading)
    }

    /// What the narrative rule `rule` found in the prose, when it has looked.
    pub fn kept_statements(&self, rule: &str) -> Option<Arc<Vec<narrative::Stated>>> {
        let kept = self.statements.lock().ok()?;
        kept.iter()
            .find(|(id, _)| id == rule)
            .map(|(_, stated)| Arc::clone(stated))
    }

    pub fn keep_statements(&self, rule: &str, stated: &Arc<Vec<narrative::Stated>>) {
        if let Ok(mut kept) = self.statements.lock() {
            kept.push((rule.to_string(), Arc::clone(stated)));
        }
    }

    /// Where to put a finding about the report as a whole: the title, else the year, else
    /// the first line.
    pub fn report_anchor(&self) -> Span {
        if let Some(t) = &self.report.title {
            return t.span;
        }
        if let Some(y) = &self.report.year {
            return y.span;
        }
        let lines = self.source.lines();
        (0..lines.len())
            .map(|i| lines.content_range(&self.source.text, i))
            .find(|r| !self.source.text[r.clone()].trim().is_empty())
            .map_or(Span::default(), |r| Span::new(r.start, r.end))
    }

    /// The byte ranges to search: the bodies of `sections`, or the whole text when none
    /// is listed or none of them is present.
    pub fn ranges(&self, sections: &[SectionKey]) -> Vec<Span> {
        let ranges: Vec<Span> = sections
            .iter()
            .filter_map(|k| self.report.section(*k))
            .map(|s| s.body)
            .collect();
        if ranges.is_empty() {
            vec![Span::new(0, self.source.text.len())]
        } else {
            ranges
        }
    }

    /// Text in `sections`, folded for matching, lines separated by `\n`. With
    /// `Rows::Skip`, table rows are left out so that their numbers are not read as prose.
    /// One section, or the whole text, is a slice of the whole text's fold; several are
    /// copied together once per (sections, rows) some rule asks for.
    pub fn prose(&self, sections: &[SectionKey], rows: Rows) -> Prose<'_> {
        let whole = self.whole_fold(rows);
        let ranges = self.ranges(sections);
        if let [range] = ranges[..] {
            if let Some(slice) = whole.source_slice(range.start, range.end) {
                return Prose::Slice(slice);
            }
        }
        // Rules run in parallel: the lock is held while folding, so each fold is made once.
        let mut cache = self
            .prose_cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((_, _, cached)) = cache.iter().find(|(s, r, _)| s == sections && *r == rows) {
            return Prose::Copy(Arc::clone(cached));
        }
        let mut folded = Folded::default();
        for range in ranges {
            folded.append_range(whole, range.start, range.end);
        }
        let folded = Arc::new(folded);
        cache.push((sections.to_vec(), rows, Arc::clone(&folded)));
        Prose::Copy(folded)
    }

    /// The whole text folded once per [`Rows`] mode, each line followed by a break;
    /// every section's prose is a slice of it.
    fn whole_fold(&self, rows: Rows) -> &Folded {
        let (keep, skip) = &self.whole;
        let (keep, line_ends) = keep;
        match rows {
            Rows::Keep => keep,
            // The same lines less the table rows: copied from the fold with them.
            Rows::Skip => skip.get_or_init(|| {
                let text = &self.source.text;
                let lines = self.source.lines();
                let mut out = Folded::with_capacity(keep.text.len());
                let mut from = 0;
                for (index, &to) in line_ends.iter().enumerate() {
                    let row_shaped = match self.report.row_lines.get(index) {
                        Some(&known) => known,
                        None => crate::parse::is_table_row(&text[lines.content_range(text, index)]),
                    };
                    if !row_shaped {
                        out.push_slice(keep, from..to);
                    }
                    from = to;
                }
                out
            }),
        }
    }
}

/// The folded lines that do not have a table row's shape, before the parse tells which
/// lines are rows.
fn lines_not_row_shaped(source: &SourceFile, (folded, line_ends): &(Folded, Vec<usize>)) -> String {
    let text = &source.text;
    let lines = source.lines();
    let mut out = String::with_capacity(folded.text.len());
    let mut from = 0;
    for (index, &to) in line_ends.iter().enumerate() {
        if !crate::parse::is_table_row(&text[lines.content_range(text, index)]) {
            out.push_str(&folded.text[from..to]);
        }
        from = to;
    }
    out
}

/// Compiles, in parallel, the patterns of `rules` that `wanted` picks. An error is kept in
/// the pattern and reported by the rule that runs it.
fn compile_patterns<'r>(
    rules: impl Iterator<Item = &'r Rule>,
    wanted: impl Fn(&crate::ruleset::Pattern) -> bool,
) {
    let mut pending: Vec<&crate::ruleset::Pattern> = rules
        .flat_map(|rule| rule.check.patterns())
        .filter(|pattern| wanted(pattern))
        .collect();
    if pending.len() < 2 {
        return;
    }
    // One of each source compiled in parallel; the copies (rules searching with the same
    // pattern) then take its compiled program.
    pending.sort_by_key(|pattern| pattern.as_str());
    let mut unique = pending.clone();
    unique.dedup_by_key(|pattern| pattern.as_str());
    use rayon::prelude::*;
    unique.par_iter().for_each(|pattern| {
        let _ = pattern.regex();
    });
    for pattern in pending {
        let _ = pattern.regex();
    }
}

/// The whole text folded, table rows included, each line followed by a break, and where
/// each line's fold ends: every section's prose is a slice of it.
fn fold_whole(source: &SourceFile) -> (Folded, Vec<usize>) {
    let text = &source.text;
    let lines = source.lines();
    // Folding never lengthens a line, and each line adds at most one break: room for the
    // whole text at once (grown line by line, the copies were 1 %).
    let mut out = Folded::with_capacity(text.len() + 1);
    let mut line_ends = Vec::with_capacity(lines.len());
    let wrapped = hard_wrapped_lines(source);
    for index in 0..lines.len() {
        let line = lines.content_range(text, index);
        out.push_folded(&text[line.clone()], line.start, Markup::Keep, false);
        if wrapped.binary_search(&index).is_err() {
            out.push_break(line.end);
        }
        line_ends.push(out.text.len());
    }
    (out, line_ends)
}

/// The lines whose paragraph goes on on the next line: text copied from a PDF breaks
/// every paragraph at the width of the page (`…办结 26 件，1 件` / `结转至下年度…`), and a
/// sentence must be read whole. Such a line is prose, as wide as the widest (within
/// 15 %), does not end a sentence, and is followed by more prose. Text pasted from Word
/// or a web page has a paragraph a line and ends them with a stop: nothing is joined
/// (but a scraper's text of a page may set a sentence's numbers apart:
/// [`numbers_set_apart`]). In order, each line once.
fn hard_wrapped_lines(source: &SourceFile) -> Vec<usize> {
    let text = &source.text;
    let lines = source.lines();
    let content = |index: usize| text[lines.content_range(text, index)].trim_end();
    let display_width = |line: &str| -> usize {
        line.chars()
            .map(|c| if (c as u32) < 0x1100 { 1 } else { 2 })
            .sum()
    };
    // A wrapped line is at least 30 characters of Chinese (90 bytes); cheap tests first.
    let long_prose = |line: &str| line.len() >= 90 && !crate::parse::is_table_row(line);
    let ends_a_sentence = |line: &str| {
        line.ends_with([
            '。', '！', '？', '；', '：', '…', '”', '.', '!', '?', ';', ':',
        ])
    };
    // Every line but the last (it has no next); a short one costs a subtraction.
    let candidates: Vec<usize> = (lines.starts().windows(2).enumerate())
        .filter(|(_, bounds)| bounds[1] - bounds[0] >= 90)
        .map(|(i, _)| i)
        .filter(|&i| {
            let line = content(i);
            !ends_a_sentence(line) && long_prose(line)
        })
        .collect();
    let mut joined = numbers_set_apart(source, &content, &ends_a_sentence);
    if candidates.is_empty() {
        return joined;
    }
    let page_width = (0..lines.len())
        .map(content)
        .filter(|line| long_prose(line))
        .map(display_width)
        .max()
        .unwrap_or(0);
    joined.extend(candidates.into_iter().filter(|&i| {
        let next = content(i + 1);
        display_width(content(i)) * 100 >= page_width * 85
            && !next.trim().is_empty()
            && !crate::parse::is_table_row(next)
    }));
    joined.sort_unstable();
    joined.dedup();
    joined
}

/// The lines of a sentence whose numbers stand on lines of their own (`…新收政府信息公开申请`
/// / `25` / `件，…`): the text a scraper's `get_text("\n")` takes from a page that wraps
/// each number in a `<span>` (as Word's web pages do). A line that does not end a sentence
/// goes on to a number alone on the next line, and that number to the words after it.
fn numbers_set_apart<'a>(
    source: &'a SourceFile,
    content: &dyn Fn(usize) -> &'a str,
    ends_a_sentence: &dyn Fn(&str) -> bool,
) -> Vec<usize> {
    let starts = source.lines().starts();
    let is_number = |index: usize| {
        // A number is a few bytes: the length first.
        starts
            .get(index + 1)
            .is_some_and(|end| end - starts[index] <= 24)
            && {
                let line = content(index).trim();
                line.starts_with(|c: char| c.is_ascii_digit())
                    && line
                        .bytes()
                        .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
            }
    };
    let is_words = |index: usize| {
        let line = content(index).trim();
        !line.is_empty()
            && !line.starts_with(|c: char| c.is_ascii_digit())
            && !crate::parse::is_table_row(line)
    };
    let mut joined = Vec::new();
    for index in 1..source.lines().len().saturating_sub(1) {
        if is_number(index)
            && is_words(index - 1)
            && !ends_a_sentence(content(index - 1))
            && is_words(index + 1)
        {
            joined.extend([index - 1, index]);
        }
    }
    // In order, each once: a number's neighbours are words, never another number.
    joined
}

/// Whether [`Context::prose`] keeps table rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rows {
    Keep,
    Skip,
}

/// How many places a "not assessable" finding points at.
const MAX_NOT_ASSESSABLE_LABELS: usize = 4;

/// Findings of one rule, plus what it could not assess.
pub(crate) struct Out<'r> {
    pub rule: &'r Rule,
    pub findings: Vec<Finding>,
    missing: Vec<String>,
    missing_labels: Vec<Label>,
}

impl Out<'_> {
    /// A finding with the rule's message and help, placeholders filled from `vars`.
    pub fn emit(
        &mut self,
        vars: &[(&str, String)],
        labels: Vec<Label>,
        notes: Vec<String>,
        extra_help: Option<String>,
    ) {
        self.emit_with_fix(vars, labels, notes, extra_help, None);
    }

    /// [`Self::emit`] with a suggested fix.
    pub fn emit_with_fix(
        &mut self,
        vars: &[(&str, String)],
        labels: Vec<Label>,
        notes: Vec<String>,
        extra_help: Option<String>,
        fix: Option<Fix>,
    ) {
        let help = fill(&self.rule.help, vars);
        let help = match extra_help {
            Some(extra) if help.is_empty() => extra,
            Some(extra) => format!("{help}\n{extra}"),
            None => help,
        };
        self.findings.push(Finding {
            rule: self.rule.id.clone(),
            category: self.rule.category,
            severity: self.rule.severity,
            message: fill(&self.rule.message, vars),
            help: (!help.is_empty()).then_some(help),
            notes,
            labels,
            not_assessable: false,
            fix,
        });
    }

    /// Records that the check could not look at something, and why.
    pub fn not_assessable(&mut self, reason: impl Into<String>, label: Option<Label>) {
        let reason = reason.into();
        if !self.missing.contains(&reason) {
            self.missing.push(reason);
        }
        // Only the first few places are shown; don't scan a long list for each of
        // thousands of unassessable sentences.
        if let Some(label) = label.filter(|_| self.missing_labels.len() < MAX_NOT_ASSESSABLE_LABELS)
        {
            if !self.missing_labels.iter().any(|l| l.span == label.span) {
                self.missing_labels.push(label);
            }
        }
    }

    fn finish(&mut self, cx: &Context) {
        if self.missing.is_empty() {
            return;
        }
        const SHOWN: usize = 3;
        let mut reasons = self.missing[..self.missing.len().min(SHOWN)].join("；");
        if self.missing.len() > SHOWN {
            reasons.push_str(&format!("；等 {} 项", self.missing.len()));
        }
        let mut labels = std::mem::take(&mut self.missing_labels);
        if labels.is_empty() {
            labels.push(Label::primary(cx.report_anchor(), "无法核对"));
        }
        labels.truncate(MAX_NOT_ASSESSABLE_LABELS);
        for (i, l) in labels.iter_mut().enumerate() {
            l.primary = i == 0;
        }
        self.findings.push(Finding {
            rule: self.rule.id.clone(),
            category: self.rule.category,
            severity: Severity::Info,
            message: format!("无法核对（{}）：{}", self.rule.title, reasons),
            help: Some(
                "此项检查需要的表格或数据缺失，gilint 无法判断是否合规；请补全后再检查".into(),
            ),
            notes: vec![reasons.clone()],
            labels,
            not_assessable: true,
            fix: None,
        });
    }
}

/// Replaces `{name}` placeholders.
pub fn fill(template: &str, vars: &[(&str, String)]) -> String {
    let mut out = template.trim().to_string();
    for (name, value) in vars {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}
