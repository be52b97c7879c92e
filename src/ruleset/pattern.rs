//! A rule's regular expression, compiled when a report first needs it.
//!
//! Compiling the built-in rules' ~25 patterns is most of what one report costs (bounded
//! windows such as `[^。]{0,30}?` take ~300 µs each), and on a typical report about half
//! of them cannot match: placeholders, last format's words, "未发生…行政复议" phrasings. A
//! pattern is therefore checked at load (syntax errors are rule-file errors, as before),
//! and compiled only when the text contains one of the literals every match starts with
//! and one of those every match ends with (for a pattern that starts with a class, only
//! the latter).
//! Only the first report of a run is tested so: searching every report for the literals
//! costs more than compiling once, so the engine compiles the rest before the second
//! (`RuleSet::first_report`).

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, OnceLock};

use memchr::memmem::Finder;
use regex_syntax::hir::literal::{ExtractKind, Extractor};

use crate::tiered::TieredRegex;

/// Why a pattern cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{0}")]
    Syntax(Box<regex_syntax::Error>),
    #[error("{0}")]
    TooLarge(String),
}

/// Above this [`size_estimate`] a pattern is compiled when its rule loads. The estimate
/// is generous (a Unicode class counts 16 states a range), and the built-in patterns stay
/// under 2,000; the regex crate refuses patterns at roughly a hundred times this.
const EAGER_COMPILE_ESTIMATE: u64 = 100_000;

#[derive(Debug, Clone)]
pub struct Pattern {
    source: String,
    /// Sets of words every match holds one of: the words every match starts with
    /// (regex-syntax's prefix literals) and those every match ends with (its suffix
    /// literals), each when it is bounded and can rule a match out. A text must hold a
    /// word of each set to hold a match (`无…被纠错`: 无 is in every report, 被纠错
    /// rarely); no set, nothing is ruled out.
    edge_words: Vec<Vec<Word>>,
    /// Whether every match starts with one of a few words: a search then skips to them.
    /// One that does not (`(?P<n>[0-9]+)件结转…`) is read byte by byte, which the light
    /// build's PikeVM does several times slower than the lazy DFA is built (see
    /// [`TieredRegex::fast`]).
    starts_with_words: bool,
    /// Every string the pattern matches, when they are a few words (`考核|评议`): whether
    /// a text holds a match is then told by searching for them, with no regex built
    /// (~0.3 M instructions for an alternation of four words, most of a one-report run's
    /// cost for such a rule).
    literals: Option<Vec<Word>>,
    compiled: OnceLock<Result<Arc<TieredRegex>, String>>,
    /// The names of its capture groups.
    capture_names: Vec<String>,
    /// The NFA it compiles to, as a snapshot keeps it ([`crate::tiered::nfa`]), when it came from
    /// one: a light build is then made from it.
    nfa: CompiledNfa,
    /// For a pattern whose matches start with no telling words: the first characters every
    /// match starts with, when they are a few (the digits of `(?P<n>[0-9]+)件…`). Too
    /// common to rule a text out, but a light build's PikeVM runs only where they are
    /// instead of at every byte. An empty head: a match may start at a line's start
    /// (`(?m)^…`, see [`line_start_heads`]).
    heads: Option<Vec<Vec<u8>>>,
}

/// A word a text is searched for, its searcher built at its first search: a rule set
/// holds ~1,500, and building them all as a rule set loaded was ~1 M of a one-report
/// run's ~14 M instructions, though a search stops at the first word of a set it finds.
#[derive(Clone)]
struct Word {
    bytes: Box<[u8]>,
    finder: OnceLock<Finder<'static>>,
}

impl Word {
    fn new(bytes: &[u8]) -> Self {
        Self {
            bytes: bytes.into(),
            finder: OnceLock::new(),
        }
    }

    fn is_in(&self, text: &str) -> bool {
        self.finder
            .get_or_init(|| Finder::new(&self.bytes).into_owned())
            .find(text.as_bytes())
            .is_some()
    }
}

/// The word itself: whether its searcher was built yet is no part of a pattern.
impl std::fmt::Debug for Word {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", String::from_utf8_lossy(&self.bytes))
    }
}

/// A pattern's NFA as bytes. Left out of `Debug`: a pattern loaded from its rule file
/// and the same from a snapshot are the same pattern.
#[derive(Clone, Default)]
struct CompiledNfa(Option<Box<[u8]>>);

impl std::fmt::Debug for CompiledNfa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CompiledNfa")
    }
}

impl Pattern {
    /// Checks the syntax and extracts the literals; compiles only a pattern that might be
    /// too large to compile.
    pub fn new(source: &str) -> Result<Self, LoadError> {
        let hir = regex_syntax::parse(source).map_err(|e| LoadError::Syntax(Box::new(e)))?;
        // The words every match starts with, and those it ends with (for a pattern that
        // starts with a class, `(?P<n>[0-9]+)件…`, the only ones): a text holding none of
        // either set holds no match.
        let prefixes = usable_literals(&hir, ExtractKind::Prefix);
        let starts_with_words = prefixes.is_some();
        let edge_words = [prefixes, usable_literals(&hir, ExtractKind::Suffix)]
            .into_iter()
            .flatten()
            .collect();
        let mut capture_names = Vec::new();
        collect_capture_names(&hir, &mut capture_names);
        let pattern = Self {
            source: source.to_string(),
            edge_words,
            starts_with_words,
            literals: exact_literals(&hir),
            compiled: OnceLock::new(),
            capture_names,
            nfa: CompiledNfa::default(),
            heads: if starts_with_words {
                None
            } else {
                match_heads(&hir).or_else(|| line_start_heads(&hir))
            },
        };
        // A pattern that may be too large to compile is compiled now, so that the error
        // is the rule file's, not a surprise on some later report.
        if size_estimate(&hir) > EAGER_COMPILE_ESTIMATE {
            if let Err(e) = pattern.compile() {
                return Err(LoadError::TooLarge(e.clone()));
            }
        }
        Ok(pattern)
    }

    /// A pattern from what [`Self::new`] found in it, without parsing it again (a
    /// rule-set snapshot, which only a build that loaded the pattern wrote).
    fn from_parts(parts: PatternParts<'_>) -> Self {
        Self {
            source: parts.source,
            edge_words: parts
                .edge_words
                .iter()
                .map(|words| words.iter().map(|w| Word::new(w)).collect())
                .collect(),
            starts_with_words: parts.starts_with_words,
            literals: parts
                .literals
                .map(|words| words.iter().map(|w| Word::new(w)).collect()),
            compiled: OnceLock::new(),
            capture_names: parts.capture_names,
            nfa: CompiledNfa(parts.nfa.map(Box::from)),
            heads: parts.heads,
        }
    }

    pub fn has_capture(&self, name: &str) -> bool {
        self.capture_names.iter().any(|n| n == name)
    }

    /// The names of the captures that hold a stated number: `n`, and `n2`, `n3`… for
    /// alternatives that write it elsewhere (`1件结转下年度` and `结转下年度1件`: a regex
    /// names a group once).
    pub fn number_captures(&self) -> impl Iterator<Item = &str> {
        self.numbered_captures("n")
    }

    /// The names of the captures that hold what a number is said of: `what`, and `what2`…
    /// for alternatives worded apart (`办结12件` and `共办理政府信息公开申请12件`).
    pub fn what_captures(&self) -> impl Iterator<Item = &str> {
        self.numbered_captures("what")
    }

    /// `base` and `base2`, `base3`…, as the pattern names them.
    fn numbered_captures<'a>(&'a self, base: &'a str) -> impl Iterator<Item = &'a str> {
        self.capture_names
            .iter()
            .map(String::as_str)
            .filter(move |name| {
                name.strip_prefix(base)
                    .is_some_and(|rest| rest.is_empty() || rest.bytes().all(|b| b.is_ascii_digit()))
            })
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The compiled regex (compiling it now if needed). It fails only when the pattern,
    /// valid in syntax, is too large to compile.
    pub fn regex(&self) -> Result<&TieredRegex, String> {
        match self.compile() {
            Ok(regex) => Ok(regex),
            Err(e) => Err(format!("规则中的正则表达式无法编译：{e}")),
        }
    }

    fn compile(&self) -> &Result<Arc<TieredRegex>, String> {
        self.compiled.get_or_init(|| {
            let nfa = || self.nfa.0.as_deref().and_then(crate::tiered::nfa::decode);
            compile_shared(&self.source, self.starts(), nfa)
        })
    }

    /// Where its matches start, as its build is told.
    fn starts(&self) -> Starts<'_> {
        match self.start_words() {
            Some(words) => Starts::Words(words),
            None => self
                .heads
                .as_ref()
                .map_or(Starts::Anywhere, |h| Starts::Heads(h)),
        }
    }

    /// The NFA kept with the pattern, as [`Self::regex`] builds from it (a test's view).
    #[cfg(test)]
    pub(crate) fn kept_nfa(&self) -> Option<regex_automata::nfa::thompson::NFA> {
        self.nfa.0.as_deref().and_then(crate::tiered::nfa::decode)
    }

    /// The NFA as bytes for a snapshot: the one kept, or compiled now. Only for a pattern
    /// built light (one with [`Self::start_words`] or heads; the others are built as regex
    /// builds them).
    fn nfa_bytes(&self) -> Option<std::borrow::Cow<'_, [u8]>> {
        if let Some(kept) = &self.nfa.0 {
            return Some(std::borrow::Cow::Borrowed(kept));
        }
        if matches!(self.starts(), Starts::Anywhere) {
            return None;
        }
        let nfa = crate::tiered::nfa_of(&self.source).ok()?;
        crate::tiered::nfa::encode(&nfa).map(std::borrow::Cow::Owned)
    }

    /// The words every match starts with (their first [`EDGE_BYTES`]), when they are a
    /// few.
    pub fn start_words(&self) -> Option<Vec<Vec<u8>>> {
        let words = self.edge_words.first().filter(|_| self.starts_with_words)?;
        Some(words.iter().map(|w| w.bytes.to_vec()).collect())
    }

    /// The first characters every match starts with, for a pattern without
    /// [`Self::start_words`] (see the field).
    pub fn heads(&self) -> Option<&[Vec<u8>]> {
        self.heads.as_deref()
    }

    pub fn is_compiled(&self) -> bool {
        self.compiled.get().is_some()
    }

    /// Whether [`Self::for_text`] on `whole` would compile the pattern now. Not one
    /// whose matches are a few words: most checks only ask whether it matches
    /// ([`Self::is_match_in`]), and a search for them is built when one is made.
    pub fn would_compile_for(&self, whole: &str) -> bool {
        self.compiled.get().is_none() && self.literals.is_none() && self.may_match_in(whole)
    }

    /// Whether every string the pattern matches is one of a few words.
    pub fn is_words(&self) -> bool {
        self.literals.is_some()
    }

    /// Whether `text` holds a match: the words searched for when the pattern is a few
    /// words, else the regex (compiled now if `text` may hold a match).
    pub fn is_match_in(&self, text: &str) -> Result<bool, String> {
        match &self.literals {
            Some(words) => Ok(words.iter().any(|w| w.is_in(text))),
            None => Ok(self.for_text(text)?.is_some_and(|re| re.is_match(text))),
        }
    }

    /// Whether a match could be in `whole`: compiled already, or a word of each of its
    /// sets of edge words is there (or it has none to tell).
    pub fn may_match_in(&self, whole: &str) -> bool {
        self.is_compiled() || self.edge_words_in(whole)
    }

    /// Whether `text` holds a word of each of its sets of edge words (or it has none to
    /// tell): when not, no match is in `text`. Far cheaper than a search on short texts
    /// (a sentence), where setting up the regex's search costs more than reading them.
    pub fn edge_words_in(&self, text: &str) -> bool {
        self.edge_words
            .iter()
            .all(|words| words.iter().any(|w| w.is_in(text)))
    }

    /// The regex for searching texts contained in `whole` (lines of it, or all of it),
    /// or `None` when no literal every match starts (or ends) with occurs in `whole`, so
    /// that nothing there can match.
    pub fn for_text(&self, whole: &str) -> Result<Option<&TieredRegex>, String> {
        if !self.may_match_in(whole) {
            return Ok(None);
        }
        self.regex().map(Some)
    }
}

/// What a rule-set snapshot keeps of a [`Pattern`]: its source, what parsing it found, and
/// the NFA it compiles to.
#[derive(serde::Serialize, serde::Deserialize)]
struct PatternParts<'a> {
    source: String,
    edge_words: Vec<Vec<Vec<u8>>>,
    starts_with_words: bool,
    literals: Option<Vec<Vec<u8>>>,
    capture_names: Vec<String>,
    /// Borrowed from the snapshot's bytes (serde would read a `Vec<u8>` byte by byte).
    #[serde(borrow)]
    nfa: Option<&'a [u8]>,
    heads: Option<Vec<Vec<u8>>>,
}

impl serde::Serialize for Pattern {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        PatternParts {
            source: self.source.clone(),
            edge_words: self
                .edge_words
                .iter()
                .map(|words| words.iter().map(|w| w.bytes.to_vec()).collect())
                .collect(),
            starts_with_words: self.starts_with_words,
            literals: self
                .literals
                .as_ref()
                .map(|words| words.iter().map(|w| w.bytes.to_vec()).collect()),
            capture_names: self.capture_names.clone(),
            nfa: self.nfa_bytes().as_deref(),
            heads: self.heads.clone(),
        }
        .serialize(serializer)
    }
}

impl<'de> serde::Deserialize<'de> for Pattern {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        PatternParts::deserialize(deserializer).map(Pattern::from_parts)
    }
}

/// A generous estimate of the automaton states `hir` compiles to.
fn size_estimate(hir: &regex_syntax::hir::Hir) -> u64 {
    use regex_syntax::hir::{Class, HirKind};
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => 1,
        HirKind::Literal(literal) => literal.0.len() as u64,
        HirKind::Class(Class::Unicode(class)) => 16 * class.ranges().len() as u64,
        HirKind::Class(Class::Bytes(class)) => class.ranges().len() as u64,
        HirKind::Repetition(repetition) => {
            let copies = u64::from(repetition.max.unwrap_or(repetition.min).max(1)) + 1;
            size_estimate(&repetition.sub).saturating_mul(copies)
        }
        HirKind::Capture(capture) => size_estimate(&capture.sub).saturating_add(2),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            subs.iter().fold(subs.len() as u64, |sum, sub| {
                sum.saturating_add(size_estimate(sub))
            })
        }
    }
}

/// Every regex compiled in this process, by its source: rules may search with the same
/// pattern (the two `shares` rules' total and part), and compiling is most of what a
/// one-report run costs. Shared, they also turn fast together (their searches count as
/// one pattern's).
static COMPILED: LazyLock<Mutex<HashMap<String, Arc<TieredRegex>>>> =
    LazyLock::new(Default::default);

/// Where a pattern's matches start, as its build is told.
enum Starts<'p> {
    /// With one of a few telling words ([`Pattern::start_words`]).
    Words(Vec<Vec<u8>>),
    /// With one of a few common characters ([`Pattern::heads`]).
    Heads(&'p [Vec<u8>]),
    /// Anywhere, as far as the pattern tells.
    Anywhere,
}

/// `source` compiled, or the copy compiled before. A pattern whose matches may start
/// anywhere would be searched byte by byte by the light build: built fast at once.
fn compile_shared(
    source: &str,
    starts: Starts<'_>,
    nfa: impl FnOnce() -> Option<regex_automata::nfa::thompson::NFA>,
) -> Result<Arc<TieredRegex>, String> {
    let compiled = || {
        COMPILED
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    };
    if let Some(regex) = compiled().get(source) {
        return Ok(regex.clone());
    }
    let regex = Arc::new(match starts {
        Starts::Words(words) => TieredRegex::starting_with_nfa(source, &words, nfa)?,
        Starts::Heads(heads) => TieredRegex::at_heads_nfa(source, heads, nfa)?,
        Starts::Anywhere => TieredRegex::fast(source)?,
    });
    compiled().insert(source.to_string(), Arc::clone(&regex));
    Ok(regex)
}

/// How much of a match's first (or last) literal text the test for it looks for.
const EDGE_BYTES: usize = 12;

/// The literals of `kind` (prefixes or suffixes) of every match of `hir`, as searchers,
/// when there are finitely many and each can rule a match out.
fn usable_literals(hir: &regex_syntax::hir::Hir, kind: ExtractKind) -> Option<Vec<Word>> {
    let suffix = matches!(kind, ExtractKind::Suffix);
    let mut extractor = Extractor::new();
    extractor.kind(kind);
    let mut literals = extractor.extract(hir);
    // The four characters at the match's edge: a class further in (the digits before
    // 件结转下年) would multiply the set, each member one more search of the text.
    if suffix {
        literals.keep_last_bytes(EDGE_BYTES);
    } else {
        literals.keep_first_bytes(EDGE_BYTES);
    }
    literals.dedup();
    let literals = literals.literals()?;
    // A literal with a line break could straddle two lines that are only adjacent in a
    // section's prose, so the test on the whole text would not be a superset. One byte
    // (a digit, a letter), or two with a digit (`5件` is four; `20`), is in nearly every
    // text and rules nothing out; two letters (the placeholder `XX`) are rare in one, and
    // so is a digit with a percent sign (`5%`: a report without shares has none).
    let usable = !literals.is_empty()
        && literals.len() <= MAX_EDGE_WORDS
        && literals.iter().all(|l| {
            let bytes = l.as_bytes();
            (bytes.len() >= 3
                || (bytes.len() == 2
                    && (bytes.iter().all(u8::is_ascii_alphabetic) || bytes.contains(&b'%'))))
                && !bytes.contains(&b'\n')
                && !bytes.contains(&b'\r')
        });
    usable.then(|| literals.iter().map(|l| Word::new(l.as_bytes())).collect())
}

/// How many words a pattern's edge may be one of for them to be looked for. A class
/// early on multiplies them out (`(?:19|20)[0-9]{2}年`: 200 years): each is one more search
/// of every text, and as a start, words of an Aho-Corasick automaton built with the
/// pattern (~4 M instructions for those 200, more than the rest of a report's check).
const MAX_EDGE_WORDS: usize = 128;

/// How much of a match's first characters [`match_heads`] keeps: two CJK characters (the
/// light build looks for no more, see `tiered::PREFILTER_BYTES`).
const HEAD_BYTES: usize = 6;

/// How many first characters [`match_heads`] gives at most: more are cut shorter (the
/// 200 years `(?:19|20)[0-9]{2}` start with are the heads 19 and 20), for the searcher
/// they make is small only for a few.
const MAX_HEADS: usize = 32;

/// The first characters of every match of `hir`, when they are finitely many (a class of
/// up to 32 characters counts, as `[零一二…千]` does) and none is empty.
fn match_heads(hir: &regex_syntax::hir::Hir) -> Option<Vec<Vec<u8>>> {
    let mut extractor = Extractor::new();
    extractor.kind(ExtractKind::Prefix).limit_class(32);
    let mut literals = extractor.extract(hir);
    for bytes in [HEAD_BYTES, 3, 2, 1] {
        literals.keep_first_bytes(bytes);
        literals.dedup();
        if literals.len().is_none_or(|n| n <= MAX_HEADS) {
            break;
        }
    }
    let literals = literals.literals()?;
    if literals.is_empty() || literals.iter().any(|l| l.as_bytes().is_empty()) {
        return None;
    }
    Some(literals.iter().map(|l| l.as_bytes().to_vec()).collect())
}

/// For a pattern whose every match starts at a line's start (`(?m)^`) or with one of a
/// few characters (`(?:^[#*>-]*|[。；，])(?P<section>…)`, the outline numbers'): those
/// characters, and an empty head for the line starts. Regex's literals cannot say it (a
/// look-around has none), and without heads such a pattern is built fast at once: a lazy
/// DFA, with a 10,000-entry table of UTF-8 automata for each of its two compilers, ~1 M
/// instructions and ~80 page faults of a one-report run for the one rule that has it.
fn line_start_heads(hir: &regex_syntax::hir::Hir) -> Option<Vec<Vec<u8>>> {
    let starts = match_starts(hir)?;
    if !starts.line_start || starts.may_be_empty || starts.chars.len() > MAX_HEADS {
        return None;
    }
    let mut heads: Vec<Vec<u8>> = starts
        .chars
        .iter()
        .map(|c| c.encode_utf8(&mut [0; 4]).as_bytes().to_vec())
        .collect();
    heads.push(Vec::new());
    heads.sort_unstable();
    heads.dedup();
    Some(heads)
}

/// Where the matches of a part of a pattern start: at a line's start, with one of
/// `chars`, or (`may_be_empty`) wherever what follows it starts.
#[derive(Default)]
struct MatchStarts {
    line_start: bool,
    chars: Vec<char>,
    may_be_empty: bool,
}

/// [`MatchStarts`] of `hir`, or `None` when they are not a few characters and line
/// starts (another look-around, a large class, a byte class).
fn match_starts(hir: &regex_syntax::hir::Hir) -> Option<MatchStarts> {
    use regex_syntax::hir::{Class, HirKind, Look};
    let mut starts = MatchStarts::default();
    match hir.kind() {
        HirKind::Empty => starts.may_be_empty = true,
        HirKind::Look(Look::StartLF) => starts.line_start = true,
        HirKind::Look(_) => return None,
        HirKind::Literal(literal) => {
            let first = std::str::from_utf8(&literal.0).ok()?.chars().next()?;
            starts.chars.push(first);
        }
        HirKind::Class(Class::Unicode(class)) => {
            for range in class.iter() {
                let count = (range.end() as u32).checked_sub(range.start() as u32)? as usize + 1;
                if starts.chars.len() + count > MAX_HEADS {
                    return None;
                }
                starts.chars.extend(range.start()..=range.end());
            }
        }
        HirKind::Class(Class::Bytes(_)) => return None,
        HirKind::Capture(capture) => return match_starts(&capture.sub),
        HirKind::Repetition(repetition) => {
            starts = match_starts(&repetition.sub)?;
            starts.may_be_empty |= repetition.min == 0;
        }
        HirKind::Concat(parts) => {
            starts.may_be_empty = true;
            for part in parts {
                let first = match_starts(part)?;
                starts.line_start |= first.line_start;
                starts.chars.extend(first.chars);
                if !first.may_be_empty {
                    starts.may_be_empty = false;
                    break;
                }
            }
        }
        HirKind::Alternation(branches) => {
            for branch in branches {
                let first = match_starts(branch)?;
                starts.line_start |= first.line_start;
                starts.chars.extend(first.chars);
                starts.may_be_empty |= first.may_be_empty;
            }
        }
    }
    Some(starts)
}

/// Every string `hir` matches, when they are finitely many and none is empty (no look-around:
/// `^` or `\b` would be lost in them).
fn exact_literals(hir: &regex_syntax::hir::Hir) -> Option<Vec<Word>> {
    if !hir.properties().look_set().is_empty() {
        return None;
    }
    let mut extractor = Extractor::new();
    extractor.kind(ExtractKind::Prefix);
    let mut literals = extractor.extract(hir);
    if !literals.is_exact() {
        return None;
    }
    literals.dedup();
    let literals = literals.literals()?;
    if literals.is_empty() || literals.iter().any(|l| l.as_bytes().is_empty()) {
        return None;
    }
    Some(literals.iter().map(|l| Word::new(l.as_bytes())).collect())
}

fn collect_capture_names(hir: &regex_syntax::hir::Hir, names: &mut Vec<String>) {
    use regex_syntax::hir::HirKind;
    match hir.kind() {
        HirKind::Capture(capture) => {
            if let Some(name) = &capture.name {
                names.push(name.to_string());
            }
            collect_capture_names(&capture.sub, names);
        }
        HirKind::Repetition(repetition) => collect_capture_names(&repetition.sub, names),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            for sub in subs {
                collect_capture_names(sub, names);
            }
        }
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_that_may_start_anywhere_is_built_fast_at_once() {
        let anywhere = Pattern::new("[^。]{0,4}件结转下一?年度?").expect("valid");
        let digits = Pattern::new("(?P<n>[0-9]+)件结转下一?年度?").expect("valid");
        let words = Pattern::new("(?:未|没有)收到[^。]*?申请").expect("valid");
        assert!(!anywhere.starts_with_words && anywhere.heads.is_none());
        // No telling words, but a few characters every match starts with: the light
        // build runs where they are.
        assert!(!digits.starts_with_words);
        let ten: Vec<Vec<u8>> = (b'0'..=b'9').map(|d| vec![d]).collect();
        assert_eq!(digits.heads.as_deref(), Some(ten.as_slice()));
        assert!(words.starts_with_words && words.heads.is_none());
        // Fast whatever the process expects (a test may have made it expect much, which
        // builds every pattern fast: the light case is not told apart here).
        assert!(anywhere.regex().expect("compiles").is_fast());
    }

    #[test]
    fn the_first_characters_of_a_class_of_numerals_are_heads() {
        let p =
            Pattern::new("(?:(?P<n>[0-9]+|[零一二两三四五六七八九十百千]+)件)?(?:结转|转入)下年度")
                .expect("valid");
        let heads = p.heads.clone().expect("heads");
        assert_eq!(heads.len(), 10 + 14 + 2, "{heads:?}");
        assert!(heads.contains(&"结转".as_bytes().to_vec()));
        // Kept by a snapshot, with the NFA that builds it light.
        let bytes =
            postcard::to_allocvec(&Pattern::new(p.as_str()).expect("valid")).expect("write");
        let again: Pattern = postcard::from_bytes(&bytes).expect("read");
        assert_eq!(again.heads.as_ref().map(Vec::len), Some(26));
        assert!(again.kept_nfa().is_some());
    }

    /// A class early in a pattern multiplies its first words out (200 years): they are
    /// cut to a few heads (190…209), not looked for one by one.
    #[test]
    fn a_year_that_opens_a_pattern_is_a_few_heads_not_200_words() {
        let p = Pattern::new("(?P<n>(?:19|20)[0-9]{2})年度?(?:收到|受理)").expect("valid");
        assert!(p.start_words().is_none());
        let heads = p.heads.clone().expect("heads");
        assert_eq!(heads.len(), 20, "{heads:?}");
        assert!(heads
            .iter()
            .all(|h| h.starts_with(b"19") || h.starts_with(b"20")));
        assert!(p
            .edge_words
            .iter()
            .all(|words| words.len() <= MAX_EDGE_WORDS));
    }

    #[test]
    fn numbers_are_n_and_its_numbered_alternatives() {
        let p = Pattern::new(
            "(?P<n>[0-9]+)件结转|结转(?P<n2>[0-9]+)件(?P<what>申请)?(?P<no>x)?(?P<n10>y)?",
        )
        .expect("valid");
        assert_eq!(p.number_captures().collect::<Vec<_>>(), ["n", "n2", "n10"]);
        let p = Pattern::new("(?P<what>办结)(?P<n>1)|(?P<what2>共办理)(?P<n2>2)(?P<whatever>z)?")
            .expect("valid");
        assert_eq!(p.what_captures().collect::<Vec<_>>(), ["what", "what2"]);
    }

    #[test]
    fn not_compiled_while_no_match_can_start() {
        let p = Pattern::new("(?:未|没有)(?:发生|收到)[^。]{0,30}?行政复议").expect("valid");
        assert!(p.for_text("本年度收到行政复议3件。").expect("ok").is_none());
        assert!(p.compiled.get().is_none());
        let re = p
            .for_text("本年度未发生行政复议。")
            .expect("ok")
            .expect("compiled");
        assert!(re.is_match("未发生行政复议"));
        // Once compiled, it is used whatever the text.
        assert!(p.for_text("无关").expect("ok").is_some());
    }

    #[test]
    fn a_pattern_starting_with_a_class_is_tested_by_how_it_ends() {
        let p = Pattern::new("(?P<n>[0-9]+)件(?:结转|转入)下(?:一)?年度?").expect("valid");
        assert!(p.for_text("共收到申请12件。").expect("ok").is_none());
        assert!(p.compiled.get().is_none());
        let re = p
            .for_text("另有3件结转下一年度办理。")
            .expect("ok")
            .expect("compiled");
        assert!(re.is_match("3件结转下一年度"));
    }

    #[test]
    fn a_text_must_hold_how_a_match_starts_and_how_it_ends() {
        // 无 starts a match and is in nearly every report; 被纠错 ends one and is rare.
        let p =
            Pattern::new("(?:未(?:发生|出现)|没有|无)[^。]{0,16}?被纠(?:正|错)").expect("valid");
        assert!(!p.may_match_in("本机关无行政许可事项。"));
        assert!(!p.may_match_in("复议后被纠错1件。"));
        assert!(p.may_match_in("无因政府信息公开被纠错的情况。"));
        // Words at both ends in different sentences: compiled, the search then finds none.
        assert!(p.may_match_in("无。被纠正"));
    }

    #[test]
    fn two_letters_rule_a_text_out_but_a_digit_does_not() {
        let p = Pattern::new("XX|××|20XX年").expect("valid");
        assert!(!p.may_match_in("2023年政府信息公开工作年度报告"));
        assert!(p.may_match_in("XX局2023年报告"));
        let p = Pattern::new("20|件数").expect("valid");
        assert!(p.edge_words.is_empty());
        // A percentage's last two characters: a text without shares holds none.
        let p = Pattern::new("(?:[数部])?占(?P<percent>[0-9]+(?:\\.[0-9]+)?)%").expect("valid");
        assert!(!p.may_match_in("予以公开9件，占总数的三成。"));
        assert!(p.may_match_in("发布信息12条，占5%。"));
    }

    #[test]
    fn patterns_without_a_bounded_start_are_always_compiled() {
        // `\d` under Unicode has too many members to list; a match can start (and end)
        // anywhere.
        let p = Pattern::new(r"\d+件?\d*").expect("valid");
        assert!(p.edge_words.is_empty());
        assert!(p.for_text("没有数字").expect("ok").is_some());
        // A literal with a line break is not used as a test either.
        let p = Pattern::new("甲\n乙").expect("valid");
        assert!(p.edge_words.is_empty());
    }

    #[test]
    fn capture_names_are_known_without_compiling() {
        let p = Pattern::new("(?:收到)?(?P<n>[0-9]+)件").expect("valid");
        assert!(p.has_capture("n"));
        assert!(!p.has_capture("m"));
        assert!(p.compiled.get().is_none());
    }

    #[test]
    fn syntax_and_size_errors_are_found_at_once() {
        assert!(matches!(Pattern::new("(未发生"), Err(LoadError::Syntax(_))));
        assert!(matches!(
            Pattern::new("a(?:[^。]{0,1000}){1000}"),
            Err(LoadError::TooLarge(_))
        ));
        // Large but compilable: compiled at once, and used.
        let large = Pattern::new("甲[^。]{0,3500}乙").expect("compiles");
        assert!(large.compiled.get().is_some());
        assert!(large.for_text("丙").expect("ok").is_some());
    }

    #[test]
    fn the_built_in_patterns_are_all_compiled_lazily() {
        for rule in crate::ruleset::RuleSet::builtin().expect("rules").rules() {
            for pattern in rule.check.patterns() {
                assert!(pattern.compiled.get().is_none(), "{}", pattern.as_str());
            }
        }
    }

    #[test]
    fn the_first_report_compiles_what_it_can_match_and_the_second_the_rest() {
        let rules = crate::ruleset::RuleSet::builtin().expect("rules");
        let compiled = || {
            rules
                .rules()
                .iter()
                .filter(|r| !r.needs_previous())
                .flat_map(|r| r.check.patterns())
                .filter(|p| p.is_compiled())
                .count()
        };
        let report =
            "2023年政府信息公开工作年度报告\n一、总体情况\n本年度收到政府信息公开申请3件。\n";
        crate::check_bytes(&rules, "a.txt", report.as_bytes()).expect("checks");
        let after_first = compiled();
        assert!(after_first > 0);
        crate::check_bytes(&rules, "b.txt", report.as_bytes()).expect("checks");
        let applicable = rules
            .rules()
            .iter()
            .filter(|r| {
                !r.needs_previous() && r.profiles.contains(&crate::document::Profile::Format2021)
            })
            .flat_map(|r| r.check.patterns())
            .filter(|p| !p.is_words())
            .count();
        assert!(after_first < applicable, "{after_first} of {applicable}");
        assert!(compiled() >= applicable, "{} of {applicable}", compiled());
    }

    #[test]
    fn a_pattern_of_a_few_words_is_matched_without_a_regex() {
        let texts = [
            "本年度考核结果良好",
            "开展社会评议",
            "无",
            "考",
            "考 核",
            "评议考核",
        ];
        for (source, words) in [
            ("考核|评议", true),
            ("(?:社会)?评议", true),
            ("考核|[评议]", true),
            ("考核|评议+", false),
            ("^考核", false),
            (r"\b考核", false),
            ("考核|", false),
            ("(?P<n>[0-9]+)件", false),
        ] {
            let pattern = Pattern::new(source).expect("valid");
            assert_eq!(pattern.is_words(), words, "{source}");
            assert!(!pattern.would_compile_for("考核") || !words, "{source}");
            let re = regex::Regex::new(source).expect("valid");
            for text in texts {
                assert_eq!(
                    pattern.is_match_in(text).expect("matches"),
                    re.is_match(text),
                    "{source} in {text}"
                );
            }
        }
        // Kept through a rule-set snapshot.
        let pattern = Pattern::new("考核|评议").expect("valid");
        let bytes = postcard::to_allocvec(&pattern).expect("serialise");
        let again: Pattern = postcard::from_bytes(&bytes).expect("deserialise");
        assert!(again.is_words());
        assert!(again.is_match_in("开展社会评议").expect("matches"));
        assert!(!again.is_compiled());
    }

    #[test]
    fn a_pattern_that_fails_to_compile_on_use_says_why() {
        // Not reachable with the estimate above; the message is what a rule would show.
        let p = Pattern {
            source: "a{1000}{1000}{1000}".to_string(),
            edge_words: Vec::new(),
            starts_with_words: false,
            literals: None,
            compiled: OnceLock::new(),
            capture_names: Vec::new(),
            nfa: CompiledNfa::default(),
            heads: None,
        };
        let error = p.for_text("a").expect_err("too big to compile");
        assert!(error.contains("无法编译"), "{error}");
    }
}
