//! A regex built in two tiers, as a JIT compiles code that runs often: the rules' patterns
//! and the parser's section and report titles.
//!
//! The regex crate builds every regex for long searches: besides the NFA, a reverse NFA
//! and a lazy DFA that makes its states as it reads, a one-pass DFA for the groups, and
//! a backtracker whose memory grows with the text (a bit per byte and NFA state, up to
//! 256 KiB a regex and thread). On one report that is most of the cost of a pattern: ~10 M
//! of a one-report run's ~39 M instructions, and ~230 of its ~1,400 page faults (each
//! ~2.5 µs on the 2-core VM the benchmarks run on). A pre-commit hook checks one report.
//! So a pattern is first built *light* — the NFA with its PikeVM (memory by NFA states,
//! not text), run only where the words or characters every match starts with are (or
//! with regex's literal prefilter), over an NFA a rule-set snapshot kept when it did
//! ([`nfa_of`]) — and once it has searched `HOT_BYTES` (one long
//! report, or an editor checking a text as it changes) it is built again as regex builds
//! it, and that build searches from then on. Both give the same matches (leftmost-first,
//! as regex): only their speed differs.
//!
//! A run known to search much — more than [`FEW_REPORTS`] reports, or a first report
//! longer than `LONG_HAYSTACK` — builds the fast one at once ([`expect_reports`],
//! [`expect_text`]; a light build made before, such as the parser's at start-up, turns
//! fast at its next search): the light build's searches cost more than its build saves
//! from the fourth report on (measured with `perf stat` on generated reports, a process a
//! run: one report 5.6 ms built as regex builds -> 4.5 ms light, two 6.7 -> 5.5 ms, three
//! 7.0 -> 5.7 ms; five the same; twenty reports took half as many instructions again
//! light).
//!
//! The types here are the slice of regex's API the checks use, over
//! `regex_automata::meta` (the engine regex is a thin wrapper of, which lets the lazy DFA
//! be left out).

mod kept;
pub mod nfa;

pub use kept::{is_kept, kept_snapshot};

use std::panic::{RefUnwindSafe, UnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{LazyLock, Mutex, OnceLock};

use regex_automata::meta;
use regex_automata::nfa::thompson::{self, pikevm, pikevm::PikeVM};
use regex_automata::util::captures::Captures as Slots;
use regex_automata::util::iter::Searcher;
use regex_automata::util::pool::Pool;
use regex_automata::util::prefilter::Prefilter;
use regex_automata::{Anchored, Input, MatchKind};

/// Bytes a pattern searches with its light build before the fast one is built: over a
/// few reports' prose, the light build's slower searches cost about what building the
/// fast one does.
const HOT_BYTES: usize = 64 * 1024;

/// A single haystack this long is searched with the fast build at once: the PikeVM
/// reads a long text several times slower than the lazy DFA.
const LONG_HAYSTACK: usize = 32 * 1024;

/// How much of the words every match starts with a prefilter handed to the builds looks
/// for (two CJK characters; see [`prefilter_for`]).
const PREFILTER_BYTES: usize = 6;

/// Up to this many reports in a run, patterns are built light first.
pub const FEW_REPORTS: usize = 3;

/// Whether patterns built from now on are built fast at once. One way: a process that
/// has searched much goes on searching.
static START_FAST: AtomicBool = AtomicBool::new(false);

/// Says how many reports this process will check, so that a run over many builds its
/// patterns fast at once. Speed only: the matches are the same.
pub fn expect_reports(reports: usize) {
    if reports > FEW_REPORTS {
        START_FAST.store(true, Ordering::Relaxed);
    }
}

/// Says that a report of `len` bytes is about to be checked (a long one is searched as
/// a run over many reports is).
pub fn expect_text(len: usize) {
    if len >= LONG_HAYSTACK {
        START_FAST.store(true, Ordering::Relaxed);
    }
}

/// A regex built light until it is hot (see the module).
pub struct TieredRegex {
    source: String,
    /// What searches until the fast build does: the light build, or the fast one when
    /// the process expected to search much from the start.
    first: First,
    /// The fast build once the pattern is hot; `None` when it could not be built (a
    /// reverse NFA over the size limit), the light build then searching on.
    fast: OnceLock<Option<meta::Regex>>,
    /// Bytes searched with the light build.
    searched: AtomicUsize,
    /// Whether the process expects to search much ([`START_FAST`]; a test's own flag).
    process_fast: &'static AtomicBool,
    /// The words every match starts with, when given: the light build skips to them
    /// ([`Heads`]), and the fast one through a prefilter made of them ([`prefilter_for`];
    /// else each build finds its own).
    prefixes: Option<Vec<Vec<u8>>>,
}

impl std::fmt::Debug for TieredRegex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TieredRegex")
            .field("source", &self.source)
            .field("fast", &self.is_fast())
            .finish_non_exhaustive()
    }
}

/// The largest NFA a pattern may compile to (regex's own limit).
const NFA_SIZE_LIMIT: usize = 10 * (1 << 20);

/// How regex builds a `Regex` (its size limits). `prefilter`: see [`prefilter_for`].
fn build(source: &str, prefilter: Option<&Prefilter>) -> Result<meta::Regex, String> {
    let mut config = meta::Config::new()
        .nfa_size_limit(Some(NFA_SIZE_LIMIT))
        .hybrid_cache_capacity(2 * (1 << 20));
    if let Some(prefilter) = prefilter {
        config = config.prefilter(Some(prefilter.clone()));
    }
    meta::Builder::new()
        .configure(config)
        .build(source)
        .map_err(|e| build_error(&e))
}

/// The NFA compiler light builds share. A compiler keeps a 10,000-entry table for the
/// UTF-8 automata of non-ASCII classes (`[零一二…]`, `[^。，；]`), and regex makes a new
/// compiler, with a new table, for every regex it builds: allocating, filling and
/// dropping it was ~3 M of a one-report run's ~28 M instructions. A compiler reused
/// clears the table by bumping a version. One for the process, not one a thread: each
/// keeps its table and the largest NFA it built (a thread's own cost ~130 page faults
/// more than the tables it saved). A build that finds it busy compiles with its own.
static COMPILER: LazyLock<Mutex<thompson::Compiler>> = LazyLock::new(|| Mutex::new(nfa_compiler()));

/// As regex configures the forward NFA of a `Regex` (`shrink(false)`: shrinking only pays
/// for reverse automata; captures: all).
fn nfa_compiler() -> thompson::Compiler {
    let mut compiler = thompson::Compiler::new();
    compiler.configure(
        thompson::Config::new()
            .nfa_size_limit(Some(NFA_SIZE_LIMIT))
            .shrink(false),
    );
    compiler
}

/// The NFA of `hir`, compiled by the shared compiler when it is free.
fn compile_nfa(hir: &regex_syntax::hir::Hir) -> Result<thompson::NFA, String> {
    match COMPILER.try_lock() {
        Ok(compiler) => compiler.build_from_hir(hir),
        // A compiler that panicked mid-build is left alone (its state may be half made).
        Err(_) => nfa_compiler().build_from_hir(hir),
    }
    .map_err(|e| nfa_error(&e))
}

/// Makes a search's scratch space (the pool's constructor).
type CacheFn = Box<dyn Fn() -> pikevm::Cache + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// The light build: the PikeVM over the pattern's NFA — what `regex` builds when its lazy
/// DFA, one-pass DFA and backtracker are turned off, without their memory (the
/// backtracker's grows with the text) or their build, and with the NFA compiled by the
/// shared [`COMPILER`] (or kept from an earlier process: [`Self::from_nfa`]).
struct Light {
    vm: PikeVM,
    caches: Pool<pikevm::Cache, CacheFn>,
    /// Where a match can start, when the caller knew the words every match starts with:
    /// the PikeVM then runs anchored at each place one is ([`Self::at_heads`]). Without,
    /// the PikeVM skips through the text with regex's own literal prefilter.
    heads: Option<Heads>,
}

impl Light {
    /// `prefixes`: the words every match starts with (see [`Heads`]); without them, the
    /// literal prefixes every match starts with, as regex extracts them (none for a
    /// pattern anchored at the start).
    fn build(source: &str, prefixes: Option<&[Vec<u8>]>) -> Result<Self, String> {
        if prefixes.is_none() {
            // The parser's own patterns, compiled ahead (see [`kept`]).
            if let Some((nfa, prefilter)) = kept::lookup(source) {
                return Self::assemble(nfa, prefilter, None);
            }
        }
        let hir = regex_automata::util::syntax::parse(source).map_err(|e| e.to_string())?;
        let nfa = compile_nfa(&hir)?;
        if let Some(prefixes) = prefixes {
            return Self::from_nfa(nfa, prefixes);
        }
        let anchored = hir
            .properties()
            .look_set_prefix()
            .contains(regex_syntax::hir::Look::Start);
        let prefilter = if anchored {
            None
        } else {
            Prefilter::from_hir_prefix(MatchKind::LeftmostFirst, &hir)
        };
        Self::assemble(nfa, prefilter, None)
    }

    /// The light build of `nfa`, every match of which starts with one of `prefixes`.
    fn from_nfa(nfa: thompson::NFA, prefixes: &[Vec<u8>]) -> Result<Self, String> {
        match Heads::new(prefixes) {
            Some(heads) => Self::assemble(nfa, None, Some(heads)),
            // A line's start (an empty head) is no literal a prefilter could skip to.
            None if prefixes.iter().any(Vec::is_empty) => Self::assemble(nfa, None, None),
            None => Self::assemble(nfa, prefilter_for(prefixes), None),
        }
    }

    fn assemble(
        nfa: thompson::NFA,
        prefilter: Option<Prefilter>,
        heads: Option<Heads>,
    ) -> Result<Self, String> {
        let vm = PikeVM::builder()
            .configure(PikeVM::config().prefilter(prefilter))
            .build_from_nfa(nfa)
            .map_err(|e| nfa_error(&e))?;
        let for_caches = vm.clone();
        let make: CacheFn = Box::new(move || for_caches.create_cache());
        Ok(Self {
            vm,
            caches: Pool::new(make),
            heads,
        })
    }

    /// What `search` finds in `input`: with heads, `search` anchored at each place one
    /// is, from the first on, until it finds something there. Every match starts with a
    /// head, so the first place with a match is where the leftmost match starts, and the
    /// anchored search there finds the match an unanchored one prefers (leftmost-first:
    /// among the matches starting first, the one its alternatives order first).
    fn at_heads<T>(
        &self,
        input: &Input<'_>,
        mut search: impl FnMut(&Input<'_>) -> Option<T>,
    ) -> Option<T> {
        let Some(heads) = &self.heads else {
            return search(input);
        };
        if input.get_anchored().is_anchored() {
            return search(input);
        }
        let haystack = input.haystack();
        let mut try_at = |start: usize| {
            let mut here = input.clone();
            here.set_start(start);
            here.set_anchored(Anchored::Yes);
            search(&here)
        };
        let mut from = input.start();
        // A line's start is found by the line break before it; the first line's has none.
        if heads.line_starts && (from == 0 || haystack.get(from - 1) == Some(&b'\n')) {
            if let Some(found) = try_at(from) {
                return Some(found);
            }
        }
        while let Some(start) = heads.find(haystack, from, input.end()) {
            if heads.line_starts && haystack[start] == b'\n' {
                // The break itself only when a head is one (rare: none of the rules').
                if heads.break_is_head {
                    if let Some(found) = try_at(start) {
                        return Some(found);
                    }
                }
                if let Some(found) = try_at(start + 1) {
                    return Some(found);
                }
                // The next break may be the next character (an empty line).
                from = start + 1;
                continue;
            }
            if let Some(found) = try_at(start) {
                return Some(found);
            }
            from = start + 1;
        }
        None
    }
}

/// The first characters of the words every match of a light build starts with, as a
/// searcher: Teddy (SIMD) for several, memchr's for one. Regex's own prefilter for the
/// same words is Teddy too, but it also builds an Aho-Corasick DFA for anchored searches,
/// which a light build never makes: ~0.2 M instructions a pattern, an eighth of a
/// one-report run.
///
/// An empty head says a match may start at a line's start (`(?m)^…`): the searcher then
/// looks for line breaks too, and a match is tried right after each (`line_starts`).
struct Heads {
    searcher: HeadSearcher,
    line_starts: bool,
    /// Whether a line break is one of the heads itself (a match may start with it).
    break_is_head: bool,
}

enum HeadSearcher {
    One(Box<memchr::memmem::Finder<'static>>),
    Many(Box<aho_corasick::packed::Searcher>),
}

impl Heads {
    fn new(prefixes: &[Vec<u8>]) -> Option<Self> {
        let mut heads = heads_of(prefixes);
        let line_starts = heads.first().is_some_and(|h| h.is_empty());
        let break_is_head = heads.iter().any(|h| h.first() == Some(&b'\n'));
        if line_starts {
            heads.retain(|h| !h.is_empty());
            if !break_is_head {
                heads.push(b"\n");
            }
        }
        let searcher = match heads.as_slice() {
            [] => return None,
            [one] => HeadSearcher::One(Box::new(memchr::memmem::Finder::new(one).into_owned())),
            // Without the heuristic limits: Teddy declines more than 16 heads when one is
            // a byte (the digits and numerals of `(?P<n>[0-9]+|[零一…千]+)件`), and the
            // Aho-Corasick DFA a prefilter would build instead costs ~0.5 M instructions.
            many => aho_corasick::packed::Config::new()
                .match_kind(aho_corasick::packed::MatchKind::LeftmostFirst)
                .heuristic_pattern_limits(false)
                .builder()
                .extend(many)
                .build()
                .map(|searcher| HeadSearcher::Many(Box::new(searcher)))?,
        };
        Some(Self {
            searcher,
            line_starts,
            break_is_head,
        })
    }

    /// Where the first head in `haystack[from..end]` starts.
    fn find(&self, haystack: &[u8], from: usize, end: usize) -> Option<usize> {
        if from > end {
            return None;
        }
        match &self.searcher {
            HeadSearcher::One(finder) => finder.find(haystack.get(from..end)?).map(|at| from + at),
            HeadSearcher::Many(searcher) => searcher
                .find_in(haystack, aho_corasick::Span { start: from, end })
                .map(|m| m.start()),
        }
    }
}

/// The first [`PREFILTER_BYTES`] of each of `prefixes`, sorted, once each.
fn heads_of(prefixes: &[Vec<u8>]) -> Vec<&[u8]> {
    let mut heads: Vec<&[u8]> = prefixes
        .iter()
        .map(|w| &w[..w.len().min(PREFILTER_BYTES)])
        .collect();
    heads.sort_unstable();
    heads.dedup();
    heads
}

/// The NFA `source` compiles to, as a light build compiles it: what a rule-set snapshot
/// keeps of a pattern, so that a later process need neither parse nor compile it
/// ([`TieredRegex::starting_with_nfa`]).
pub fn nfa_of(source: &str) -> Result<thompson::NFA, String> {
    let hir = regex_automata::util::syntax::parse(source).map_err(|e| e.to_string())?;
    compile_nfa(&hir)
}

fn nfa_error(e: &thompson::BuildError) -> String {
    match e.size_limit() {
        Some(limit) => format!("编译后超过 {limit} 字节的上限"),
        None => e.to_string(),
    }
}

/// What a pattern searches with before it is hot.
enum First {
    Light(Light),
    /// Built fast at once (a clone of the fast build: it shares the program).
    Fast(meta::Regex),
}

/// The build a search runs on.
#[derive(Clone, Copy)]
enum Engine<'r> {
    Light(&'r Light),
    Fast(&'r meta::Regex),
}

impl Engine<'_> {
    fn is_match(self, input: Input<'_>) -> bool {
        match self {
            Engine::Light(light) => {
                let mut cache = light.caches.get();
                let found = light.at_heads(&input, |here| {
                    light.vm.is_match(&mut cache, here.clone()).then_some(())
                });
                found.is_some()
            }
            Engine::Fast(re) => re.is_match(input),
        }
    }

    fn find(self, input: &Input<'_>) -> Option<regex_automata::Match> {
        match self {
            Engine::Light(light) => {
                let mut cache = light.caches.get();
                light.at_heads(input, |here| light.vm.find(&mut cache, here.clone()))
            }
            Engine::Fast(re) => re.search(input),
        }
    }

    fn create_captures(self) -> Slots {
        match self {
            Engine::Light(light) => light.vm.create_captures(),
            Engine::Fast(re) => re.create_captures(),
        }
    }

    /// The first match in `input` and its groups, into `slots`.
    fn search_captures(self, input: &Input<'_>, slots: &mut Slots) {
        match self {
            Engine::Light(light) => {
                let mut cache = light.caches.get();
                // No match when no head is there to search at.
                slots.set_pattern(None);
                light.at_heads(input, |here| {
                    light.vm.search(&mut cache, here, slots);
                    slots.is_match().then_some(())
                });
            }
            Engine::Fast(re) => re.search_captures(input, slots),
        }
    }
}

/// A searcher for the first two characters of the words every match starts with, when
/// the caller knows them (a rule's pattern found them when its rule loaded). Regex would
/// otherwise extract them again from the pattern, and for one of several optional parts
/// (`上年度?(?:结转|转结)(?:的)?…`) the sets multiply out into dozens of words and an
/// Aho-Corasick automaton: ~0.5 M instructions of a pattern's build, where a few short
/// words make a small searcher (Teddy, or memchr for one). The regex engine reads on
/// from each place they occur.
fn prefilter_for(prefixes: &[Vec<u8>]) -> Option<Prefilter> {
    Prefilter::new(MatchKind::LeftmostFirst, &heads_of(prefixes))
}

fn build_error(e: &meta::BuildError) -> String {
    if let Some(limit) = e.size_limit() {
        return format!("编译后超过 {limit} 字节的上限");
    }
    match e.syntax_error() {
        Some(syntax) => syntax.to_string(),
        None => e.to_string(),
    }
}

impl TieredRegex {
    /// `source` built light, or fast when the process expects to search much.
    pub fn new(source: &str) -> Result<Self, String> {
        Self::with_flag(source, &START_FAST, None)
    }

    /// `source` built fast at once: a pattern no literal prefilter can skip through the
    /// text to, and no few characters start (`(?m)^…`), is read byte by byte, and the
    /// PikeVM reading one report's prose costs more than building the lazy DFA does
    /// (measured on generated reports: building fast and searching one report ~1.4 M
    /// instructions, light ~3.8 M).
    pub fn fast(source: &str) -> Result<Self, String> {
        static ALWAYS: AtomicBool = AtomicBool::new(true);
        Self::with_flag(source, &ALWAYS, None)
    }

    /// For a pattern every match of which starts with one of `prefixes`: both builds skip
    /// to their first characters instead of finding them again (see [`prefilter_for`]).
    /// The light build is made from the NFA `source` compiles to when `nfa` gives it
    /// ([`nfa_of`] in an earlier process): it then neither parses nor compiles the
    /// pattern (~85 % of its cost). `nfa` must be `source`'s: the fast build, made from
    /// `source` once the pattern is hot, must match as it does.
    pub fn starting_with_nfa(
        source: &str,
        prefixes: &[Vec<u8>],
        nfa: impl FnOnce() -> Option<thompson::NFA>,
    ) -> Result<Self, String> {
        Self::light_at(source, prefixes, Some(prefixes), nfa)
    }

    /// For a pattern every match of which starts with one of `heads`, characters too
    /// common to skip through a text to (the digits of `(?P<n>[0-9]+)件…`): its light
    /// build runs the PikeVM only where they are instead of at every byte (from `nfa` as
    /// [`Self::starting_with_nfa`]). Built fast, it is as regex builds it (its own
    /// prefilter, or none: a prefilter of digits would only slow its lazy DFA).
    pub fn at_heads_nfa(
        source: &str,
        heads: &[Vec<u8>],
        nfa: impl FnOnce() -> Option<thompson::NFA>,
    ) -> Result<Self, String> {
        Self::light_at(source, heads, None, nfa)
    }

    /// Built light, searching where `heads` are, unless the process expects to search
    /// much; `prefixes`: what the fast build skips to.
    fn light_at(
        source: &str,
        heads: &[Vec<u8>],
        prefixes: Option<&[Vec<u8>]>,
        nfa: impl FnOnce() -> Option<thompson::NFA>,
    ) -> Result<Self, String> {
        if START_FAST.load(Ordering::Relaxed) {
            return Self::with_flag(source, &START_FAST, prefixes);
        }
        let light = match nfa() {
            Some(nfa) => Light::from_nfa(nfa, heads)?,
            None => Light::build(source, Some(heads))?,
        };
        Ok(Self::light(source, light, &START_FAST, prefixes))
    }

    fn light(
        source: &str,
        light: Light,
        process_fast: &'static AtomicBool,
        prefixes: Option<&[Vec<u8>]>,
    ) -> Self {
        Self {
            source: source.to_string(),
            first: First::Light(light),
            fast: OnceLock::new(),
            searched: AtomicUsize::new(0),
            process_fast,
            prefixes: prefixes.map(<[Vec<u8>]>::to_vec),
        }
    }

    fn with_flag(
        source: &str,
        process_fast: &'static AtomicBool,
        prefixes: Option<&[Vec<u8>]>,
    ) -> Result<Self, String> {
        if process_fast.load(Ordering::Relaxed) {
            let fast = build(source, prefixes.and_then(prefilter_for).as_ref())?;
            return Ok(Self {
                source: source.to_string(),
                first: First::Fast(fast.clone()),
                fast: OnceLock::from(Some(fast)),
                searched: AtomicUsize::new(0),
                process_fast,
                prefixes: prefixes.map(<[Vec<u8>]>::to_vec),
            });
        }
        let light = Light::build(source, prefixes)?;
        Ok(Self::light(source, light, process_fast, prefixes))
    }

    /// Whether the fast build searches now.
    pub fn is_fast(&self) -> bool {
        self.fast.get().is_some_and(Option::is_some)
    }

    /// The build that searches when the fast one is `built` (or could not be).
    fn settled<'r>(&'r self, built: &'r Option<meta::Regex>) -> Engine<'r> {
        match (built, &self.first) {
            (Some(fast), _) | (None, First::Fast(fast)) => Engine::Fast(fast),
            (None, First::Light(light)) => Engine::Light(light),
        }
    }

    /// The build to search `haystack` with, counting what the light one searched.
    fn engine(&self, haystack: &str) -> Engine<'_> {
        if let Some(built) = self.fast.get() {
            return self.settled(built);
        }
        let len = haystack.len();
        let searched = self.searched.fetch_add(len, Ordering::Relaxed) + len;
        // Built light before the process learnt it will search much (the parser's
        // patterns are built as it starts): fast from now on.
        let hot = searched >= HOT_BYTES
            || len >= LONG_HAYSTACK
            || self.process_fast.load(Ordering::Relaxed);
        if !hot {
            return match &self.first {
                First::Light(light) => Engine::Light(light),
                First::Fast(fast) => Engine::Fast(fast),
            };
        }
        let built = self.fast.get_or_init(|| {
            let prefilter = self.prefixes.as_deref().and_then(prefilter_for);
            build(&self.source, prefilter.as_ref()).ok()
        });
        self.settled(built)
    }

    pub fn is_match(&self, haystack: &str) -> bool {
        self.engine(haystack).is_match(Input::new(haystack))
    }

    /// The first match in `haystack`.
    pub fn find<'h>(&self, haystack: &'h str) -> Option<Match<'h>> {
        self.engine(haystack).first_match(haystack)
    }

    /// The matches in `haystack`, as regex iterates them (an empty match right after
    /// another is skipped).
    pub fn find_iter<'r, 'h>(&'r self, haystack: &'h str) -> impl Iterator<Item = Match<'h>> + 'r
    where
        'h: 'r,
    {
        self.engine(haystack).matches(haystack)
    }

    pub fn captures<'h>(&self, haystack: &'h str) -> Option<Captures<'h>> {
        self.engine(haystack).first_captures(haystack)
    }

    pub fn captures_iter<'r, 'h>(
        &'r self,
        haystack: &'h str,
    ) -> impl Iterator<Item = Captures<'h>> + 'r
    where
        'h: 'r,
    {
        self.engine(haystack).all_captures(haystack)
    }
}

impl<'r> Engine<'r> {
    fn first_match<'h>(self, haystack: &'h str) -> Option<Match<'h>> {
        let m = self.find(&Input::new(haystack))?;
        Some(Match::new(haystack, m.start(), m.end()))
    }

    fn matches<'h>(self, haystack: &'h str) -> impl Iterator<Item = Match<'h>> + 'r
    where
        'h: 'r,
    {
        let mut searcher = Searcher::new(Input::new(haystack));
        std::iter::from_fn(move || {
            let m = searcher.advance(|input| Ok(self.find(input)))?;
            Some(Match::new(haystack, m.start(), m.end()))
        })
    }

    fn first_captures<'h>(self, haystack: &'h str) -> Option<Captures<'h>> {
        let mut slots = self.create_captures();
        self.search_captures(&Input::new(haystack), &mut slots);
        slots.is_match().then_some(Captures { haystack, slots })
    }

    fn all_captures<'h>(self, haystack: &'h str) -> impl Iterator<Item = Captures<'h>> + 'r
    where
        'h: 'r,
    {
        let mut searcher = Searcher::new(Input::new(haystack));
        let mut slots = self.create_captures();
        std::iter::from_fn(move || {
            searcher.advance(|input| {
                self.search_captures(input, &mut slots);
                Ok(slots.get_match())
            })?;
            Some(Captures {
                haystack,
                slots: slots.clone(),
            })
        })
    }
}

/// A match or a group of one: where it is in the haystack, and its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match<'h> {
    haystack: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Match<'h> {
    fn new(haystack: &'h str, start: usize, end: usize) -> Self {
        Self {
            haystack,
            start,
            end,
        }
    }

    pub fn start(&self) -> usize {
        self.start
    }

    pub fn end(&self) -> usize {
        self.end
    }

    pub fn as_str(&self) -> &'h str {
        &self.haystack[self.start..self.end]
    }
}

/// A match's groups.
#[derive(Debug)]
pub struct Captures<'h> {
    haystack: &'h str,
    slots: Slots,
}

impl<'h> Captures<'h> {
    /// Group `index` (0: the whole match), when it took part in the match.
    pub fn get(&self, index: usize) -> Option<Match<'h>> {
        let span = self.slots.get_group(index)?;
        Some(Match::new(self.haystack, span.start, span.end))
    }

    /// The group named `name`, when it took part in the match.
    pub fn name(&self, name: &str) -> Option<Match<'h>> {
        let span = self.slots.get_group_by_name(name)?;
        Some(Match::new(self.haystack, span.start, span.end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The process-wide flag is shared by every test of this process: these tests have
    /// their own.
    static NEVER: AtomicBool = AtomicBool::new(false);
    static MANY: AtomicBool = AtomicBool::new(true);

    #[test]
    fn both_builds_match_as_regex_does() {
        let source = "(?:新收到?|收到)[^。,，0-9]{0,16}?(?P<n>[0-9]+)件|(?P<zero>未收到)";
        let haystacks = [
            "本年度新收到政府信息公开申请12件，上年结转3件。另收到信件5件。",
            "本年度未收到政府信息公开申请。",
            "无关的文字",
            "",
        ];
        let expected = regex::Regex::new(source).expect("valid");
        for haystack in haystacks {
            let starts = ["新收", "收到", "未收到"].map(|w| w.as_bytes().to_vec());
            let light = TieredRegex::with_flag(source, &NEVER, Some(&starts)).expect("valid");
            let fast = TieredRegex::with_flag(source, &NEVER, None).expect("valid");
            // Hot at once: the fast build searches.
            fast.searched.store(HOT_BYTES, Ordering::Relaxed);
            let by_light = all_groups(light.engine(haystack), 3, haystack);
            assert!(!light.is_fast());
            let by_fast = all_groups(fast.engine(haystack), 3, haystack);
            assert!(fast.is_fast());
            assert_eq!(by_light, by_fast, "{haystack}");
            assert_eq!(by_light, by_regex(&expected, haystack), "{haystack}");
            let named = light.captures(haystack).and_then(|c| c.name("n"));
            let by_name = expected.captures(haystack).and_then(|c| c.name("n"));
            assert_eq!(named.map(|m| m.as_str()), by_name.map(|m| m.as_str()));
        }
    }

    /// Every group of every match, the first match's groups, every match, and whether it
    /// matches at all, as one build finds them.
    fn all_groups(
        engine: Engine,
        groups: usize,
        haystack: &str,
    ) -> Vec<Vec<Option<(usize, usize)>>> {
        let spans = |c: &Captures| {
            (0..groups)
                .map(|i| c.get(i).map(|m| (m.start(), m.end())))
                .collect::<Vec<_>>()
        };
        let mut all: Vec<_> = engine.all_captures(haystack).map(|c| spans(&c)).collect();
        all.push(
            engine
                .first_captures(haystack)
                .map_or_else(Vec::new, |c| spans(&c)),
        );
        all.push(
            engine
                .matches(haystack)
                .map(|m| Some((m.start(), m.end())))
                .collect(),
        );
        all.push(vec![engine
            .first_match(haystack)
            .map(|m| (m.start(), m.end()))]);
        all.push(vec![engine
            .is_match(Input::new(haystack))
            .then_some((0, 0))]);
        all
    }

    /// The same, as the regex crate finds them.
    fn by_regex(re: &regex::Regex, haystack: &str) -> Vec<Vec<Option<(usize, usize)>>> {
        let spans = |c: &regex::Captures| {
            (0..re.captures_len())
                .map(|i| c.get(i).map(|m| (m.start(), m.end())))
                .collect::<Vec<_>>()
        };
        let mut all: Vec<_> = re.captures_iter(haystack).map(|c| spans(&c)).collect();
        all.push(re.captures(haystack).map_or_else(Vec::new, |c| spans(&c)));
        all.push(
            re.find_iter(haystack)
                .map(|m| Some((m.start(), m.end())))
                .collect(),
        );
        all.push(vec![re.find(haystack).map(|m| (m.start(), m.end()))]);
        all.push(vec![re.is_match(haystack).then_some((0, 0))]);
        all
    }

    #[test]
    fn the_built_in_patterns_find_the_same_in_both_builds() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut texts = Vec::new();
        for dir in ["rules", "formats", "seeds"] {
            for entry in walkdir::WalkDir::new(root.join(dir)) {
                let path = entry.expect("fixture").into_path();
                if path.extension().is_some_and(|e| e == "txt" || e == "md") {
                    // Some seeds are GB18030: their UTF-8 prose is what counts here.
                    let bytes = std::fs::read(&path).expect("readable");
                    texts.push(String::from_utf8_lossy(&bytes).into_owned());
                }
            }
        }
        // Empty matches, and matches next to each other: how the iterators step on.
        texts.extend(["".into(), "一二三四".into(), "无无无".into()]);
        assert!(texts.len() > 50, "{} fixtures", texts.len());
        let rules = crate::ruleset::RuleSet::builtin().expect("rules");
        let mut patterns: Vec<_> = rules
            .rules()
            .iter()
            .flat_map(|r| r.check.patterns())
            .collect();
        patterns.sort_unstable_by_key(|p| p.as_str());
        patterns.dedup_by_key(|p| p.as_str());
        // Besides the rules': a pattern with empty matches, and one anchored at the start.
        let more = ["[一二三]*", "^(?P<n>[0-9]+)件|无"];
        let mut matched = 0;
        let mut kept = 0;
        for (source, starts, heads, kept_nfa) in patterns
            .iter()
            .map(|p| (p.as_str(), p.start_words(), p.heads(), p.kept_nfa()))
            .chain(more.map(|m| (m, None, None, None)))
        {
            let as_regex = regex::Regex::new(source).expect("valid");
            let groups = as_regex.captures_len();
            // Both builds as a rule's pattern gets them (the light one searching where the
            // words or characters its matches start with are; the fast one handed the
            // words' first characters), against the regex crate's.
            let prefilter = starts.as_deref().and_then(prefilter_for);
            let light_starts = starts.as_deref().or(heads);
            let light = Light::build(source, light_starts).expect("valid");
            let fast = build(source, prefilter.as_ref()).expect("valid");
            // The light build a later process makes from the NFA the snapshot keeps.
            let from_kept = kept_nfa.map(|nfa| {
                kept += 1;
                Light::from_nfa(nfa, light_starts.expect("a light pattern")).expect("valid")
            });
            for text in &texts {
                let expected = by_regex(&as_regex, text);
                assert_eq!(
                    all_groups(Engine::Light(&light), groups, text),
                    expected,
                    "{source}"
                );
                assert_eq!(
                    all_groups(Engine::Fast(&fast), groups, text),
                    expected,
                    "{source}"
                );
                if let Some(light) = &from_kept {
                    assert_eq!(
                        all_groups(Engine::Light(light), groups, text),
                        expected,
                        "{source}"
                    );
                }
                matched += expected.len() - 4;
            }
        }
        assert!(matched > 1000, "{matched} matches");
        // Every pattern built light has its NFA kept (the embedded snapshot is current:
        // tests/rule_index.rs).
        let light = patterns
            .iter()
            .filter(|p| p.start_words().is_some() || p.heads().is_some())
            .count();
        assert_eq!(kept, light);
    }

    /// A light build searching from line starts (an empty head) and a few characters finds
    /// what regex finds: at the text's start, after empty lines, after a CRLF, at its end,
    /// and where a line break is a head of its own.
    #[test]
    fn line_starts_as_heads_find_what_regex_finds() {
        let texts = [
            "一、总体\n\n二、主动\n，三是\n",
            "\n\n\n一、",
            "甲\r\n一、乙。二是丙\n-一、",
            "一二三，一是，二是\n三是",
            "",
            "\n",
        ];
        // Each begins with what regex's literals cannot tell (a large class, a look-around
        // alone), so that its heads are the line starts.
        for source in [
            "(?m)(?:^-*(?P<a>[^\n，]{1,2}、)|(?:^|[。，])(?P<b>[^\n，。]{1,3}是))",
            "(?m)^",
            "(?m)(?:^|\n)[^\n]",
        ] {
            let pattern = crate::ruleset::Pattern::new(source).expect("valid");
            let heads = pattern.heads().expect("heads").to_vec();
            assert!(heads.contains(&Vec::new()), "{source}: {heads:?}");
            let light = Light::build(source, Some(&heads)).expect("valid");
            let as_regex = regex::Regex::new(source).expect("valid");
            for text in texts {
                assert_eq!(
                    all_groups(Engine::Light(&light), as_regex.captures_len(), text),
                    by_regex(&as_regex, text),
                    "{source} in {text:?}"
                );
            }
        }
    }

    #[test]
    fn a_pattern_turns_fast_once_hot_or_on_a_long_text() {
        let re = TieredRegex::with_flag("收到(?P<n>[0-9]+)件", &NEVER, None).expect("valid");
        let sentence = "本年度收到申请，共收到12件。";
        let mut searched = 0;
        while searched + sentence.len() < HOT_BYTES {
            assert_eq!(
                re.captures(sentence)
                    .and_then(|c| c.name("n"))
                    .map(|m| m.as_str()),
                Some("12")
            );
            searched += sentence.len();
        }
        assert!(!re.is_fast());
        assert!(re.is_match(sentence));
        assert!(re.is_fast());

        let long = TieredRegex::with_flag("收到(?P<n>[0-9]+)件", &NEVER, None).expect("valid");
        assert!(long.is_match(&"文".repeat(LONG_HAYSTACK).replace("文文", "收到3件")));
        assert!(long.is_fast());
    }

    #[test]
    fn a_light_build_turns_fast_when_the_process_learns_it_will_search_much() {
        // The parser's patterns are built before the command line's files are counted.
        static LATER: AtomicBool = AtomicBool::new(false);
        let re = TieredRegex::with_flag("收到(?P<n>[0-9]+)件", &LATER, None).expect("valid");
        assert!(re.is_match("收到3件"));
        assert!(!re.is_fast());
        LATER.store(true, Ordering::Relaxed);
        assert!(re.is_match("收到3件"));
        assert!(re.is_fast());
    }

    #[test]
    fn a_run_that_searches_much_builds_fast_at_once() {
        let re = TieredRegex::with_flag("收到(?P<n>[0-9]+)件", &MANY, None).expect("valid");
        assert!(re.is_fast());
        assert!(re.is_match("共收到3件"));
    }

    #[test]
    fn a_build_too_large_says_so() {
        let error = TieredRegex::new("a{1000}{1000}{1000}").expect_err("too large");
        assert!(error.contains("上限"), "{error}");
    }
}
