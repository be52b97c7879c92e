//! The parser's own patterns (report and section titles, the 统计期限) compiled ahead, as
//! the rule set's are: rules/parser.snapshot keeps their NFAs (made by a test,
//! tests/rule_index.rs, which fails when it is stale) and the binary embeds it. A
//! one-report run then neither parses nor compiles them: they were ~1.6 M of its ~11 M
//! instructions, and compiling one made the compiler's 10,000-entry table of UTF-8
//! automata (~100 page faults, ~2 µs each on the benchmarks' VM).

use std::sync::LazyLock;

use regex_automata::nfa::thompson::NFA;
use regex_automata::util::prefilter::Prefilter;
use regex_automata::MatchKind;
use regex_syntax::hir::literal::{ExtractKind, Extractor};

/// A pattern as the snapshot keeps it: its source (what it is looked up by: a pattern
/// changed since is compiled), its NFA ([`super::nfa`]) and the literal prefixes its
/// prefilter is made of (none for a pattern anchored at the start, or without them).
#[derive(serde::Serialize, serde::Deserialize)]
struct KeptPattern {
    source: String,
    nfa: Vec<u8>,
    prefixes: Option<Vec<Vec<u8>>>,
}

static EMBEDDED: &[u8] = include_bytes!("../../rules/parser.snapshot");

/// The embedded snapshot, read at the first lookup; a damaged one keeps nothing (every
/// pattern is compiled, as a build without it would).
static KEPT: LazyLock<Vec<KeptPattern>> =
    LazyLock::new(|| postcard::from_bytes(EMBEDDED).unwrap_or_default());

/// The NFA and prefilter the snapshot keeps for `source`, when it keeps it.
pub(super) fn lookup(source: &str) -> Option<(NFA, Option<Prefilter>)> {
    let kept = KEPT.iter().find(|k| k.source == source)?;
    let nfa = super::nfa::decode(&kept.nfa)?;
    let prefilter = kept
        .prefixes
        .as_ref()
        .and_then(|p| Prefilter::new(MatchKind::LeftmostFirst, p));
    Some((nfa, prefilter))
}

/// Whether the embedded snapshot keeps `source` (a test's view: a stale snapshot is
/// correct, only slower).
pub fn is_kept(source: &str) -> bool {
    KEPT.iter().any(|k| k.source == source)
}

/// rules/parser.snapshot as this build makes it from `sources`.
pub fn kept_snapshot(sources: &[String]) -> Result<Vec<u8>, String> {
    let kept = sources
        .iter()
        .map(|source| {
            let hir = regex_syntax::parse(source).map_err(|e| e.to_string())?;
            let nfa = super::compile_nfa(&hir)?;
            let nfa = super::nfa::encode(&nfa).ok_or_else(|| format!("{source}: not kept"))?;
            Ok(KeptPattern {
                source: source.clone(),
                nfa,
                prefixes: prefixes(&hir),
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    postcard::to_allocvec(&kept).map_err(|e| e.to_string())
}

/// The literal prefixes a light build's prefilter skips to, as regex chooses them for a
/// leftmost-first search (`Prefilter::from_hir_prefix`); none for a pattern anchored at
/// the start.
fn prefixes(hir: &regex_syntax::hir::Hir) -> Option<Vec<Vec<u8>>> {
    if hir
        .properties()
        .look_set_prefix()
        .contains(regex_syntax::hir::Look::Start)
    {
        return None;
    }
    let mut extractor = Extractor::new();
    extractor.kind(ExtractKind::Prefix);
    let mut seq = extractor.extract(hir);
    seq.optimize_for_prefix_by_preference();
    let literals = seq.literals()?;
    Some(literals.iter().map(|l| l.as_bytes().to_vec()).collect())
}
