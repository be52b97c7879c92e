//! A pattern's compiled NFA as a rule-set snapshot keeps it. Parsing a pattern and
//! compiling it to an NFA was a third of a one-report run's instructions (the prose
//! patterns are long alternations of CJK words: ~0.35 M each, ~20 a report); rebuilding
//! the same NFA from its states, as regex-automata's own builder assembles one, costs a
//! seventh of that. The snapshot is made by the build of the rule set it holds (its id
//! covers this file and the locked regex-automata), so the states are those this build's
//! compiler makes.

use std::sync::Arc;

use regex_automata::nfa::thompson::{self, State, Transition, NFA};
use regex_automata::util::look::{Look, LookMatcher};
use regex_automata::util::primitives::StateID;
use regex_automata::PatternID;

/// An NFA of one pattern, state by state as [`NFA::states`] lists them.
#[derive(serde::Serialize, serde::Deserialize)]
struct NfaParts {
    states: Vec<StatePart>,
    start_anchored: u32,
    start_unanchored: u32,
    /// The capture groups' names by index (group 0, the whole match, has none).
    group_names: Vec<Option<String>>,
    utf8: bool,
    line_terminator: u8,
}

#[derive(serde::Serialize, serde::Deserialize)]
enum StatePart {
    Range(RangePart),
    Sparse(Vec<RangePart>),
    Look { look: u32, next: u32 },
    Union(Vec<u32>),
    CaptureStart { group: u32, next: u32 },
    CaptureEnd { group: u32, next: u32 },
    Fail,
    Match,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct RangePart {
    start: u8,
    end: u8,
    next: u32,
}

impl From<&Transition> for RangePart {
    fn from(t: &Transition) -> Self {
        Self {
            start: t.start,
            end: t.end,
            next: t.next.as_u32(),
        }
    }
}

/// `nfa` as bytes for [`decode`]; `None` for an NFA of more than one pattern, a reverse
/// one, or one with states a compiled pattern does not have (a dense state).
pub fn encode(nfa: &NFA) -> Option<Vec<u8>> {
    if nfa.pattern_len() != 1 || nfa.is_reverse() {
        return None;
    }
    let states = nfa
        .states()
        .iter()
        .map(|state| {
            Some(match state {
                State::ByteRange { trans } => StatePart::Range(trans.into()),
                State::Sparse(sparse) => {
                    StatePart::Sparse(sparse.transitions.iter().map(RangePart::from).collect())
                }
                State::Dense(_) => return None,
                State::Look { look, next } => StatePart::Look {
                    look: look.as_repr(),
                    next: next.as_u32(),
                },
                State::Union { alternates } => {
                    StatePart::Union(alternates.iter().map(|s| s.as_u32()).collect())
                }
                State::BinaryUnion { alt1, alt2 } => {
                    StatePart::Union(vec![alt1.as_u32(), alt2.as_u32()])
                }
                State::Capture {
                    next,
                    pattern_id,
                    group_index,
                    slot,
                } => {
                    if *pattern_id != PatternID::ZERO {
                        return None;
                    }
                    let group = group_index.as_u32();
                    let next = next.as_u32();
                    // A group's first slot records where it starts, its second where it
                    // ends.
                    if slot.as_usize() == 2 * group_index.as_usize() {
                        StatePart::CaptureStart { group, next }
                    } else {
                        StatePart::CaptureEnd { group, next }
                    }
                }
                State::Fail => StatePart::Fail,
                State::Match { .. } => StatePart::Match,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let parts = NfaParts {
        states,
        start_anchored: nfa.start_anchored().as_u32(),
        start_unanchored: nfa.start_unanchored().as_u32(),
        group_names: nfa
            .group_info()
            .pattern_names(PatternID::ZERO)
            .map(|name| name.map(str::to_string))
            .collect(),
        utf8: nfa.is_utf8(),
        line_terminator: nfa.look_matcher().get_line_terminator(),
    };
    postcard::to_stdvec(&parts).ok()
}

/// The NFA [`encode`] wrote, state for state; `None` for bytes that do not make one
/// (the caller then compiles the pattern).
pub fn decode(bytes: &[u8]) -> Option<NFA> {
    let parts: NfaParts = postcard::from_bytes(bytes).ok()?;
    // regex-automata's builder takes its input on trust: it panics on a state pointing
    // nowhere, a group ended but never started or a byte range backwards, loops on a
    // cycle of single-way unions, and searches a sparse state's ranges in order. Checked
    // here.
    let len = parts.states.len();
    let to = |id: u32| {
        let id = usize::try_from(id).ok().filter(|&id| id < len)?;
        StateID::new(id).ok()
    };
    let mut started = vec![false; parts.group_names.len()];
    for state in &parts.states {
        if let StatePart::CaptureStart { group, .. } = state {
            *started.get_mut(usize::try_from(*group).ok()?)? = true;
        }
    }
    let transition = |r: &RangePart| {
        if r.start > r.end {
            return None;
        }
        Some(Transition {
            start: r.start,
            end: r.end,
            next: to(r.next)?,
        })
    };
    let mut builder = thompson::Builder::new();
    builder.set_utf8(parts.utf8);
    let mut look_matcher = LookMatcher::new();
    look_matcher.set_line_terminator(parts.line_terminator);
    builder.set_look_matcher(look_matcher);
    builder.start_pattern().ok()?;
    for state in &parts.states {
        match state {
            StatePart::Range(r) => builder.add_range(transition(r)?),
            // A sparse state's ranges are searched in order, each after the last.
            StatePart::Sparse(ranges) if ranges.windows(2).any(|w| w[0].end >= w[1].start) => {
                return None
            }
            StatePart::Sparse(ranges) => {
                builder.add_sparse(ranges.iter().map(transition).collect::<Option<_>>()?)
            }
            StatePart::Look { look, next } => builder.add_look(to(*next)?, Look::from_repr(*look)?),
            // One with fewer is never written (a compiled NFA has none), and the builder
            // would follow a loop of them forever.
            StatePart::Union(alternates) if alternates.len() < 2 => return None,
            StatePart::Union(alternates) => {
                builder.add_union(alternates.iter().map(|&a| to(a)).collect::<Option<_>>()?)
            }
            StatePart::CaptureStart { group, next } => {
                let name = parts.group_names.get(usize::try_from(*group).ok()?)?;
                builder.add_capture_start(to(*next)?, *group, name.as_deref().map(Arc::from))
            }
            StatePart::CaptureEnd { group, next } => {
                if !*started.get(usize::try_from(*group).ok()?)? {
                    return None;
                }
                builder.add_capture_end(to(*next)?, *group)
            }
            StatePart::Fail => builder.add_fail(),
            StatePart::Match => builder.add_match(),
        }
        .ok()?;
    }
    let start_anchored = to(parts.start_anchored)?;
    builder.finish_pattern(start_anchored).ok()?;
    builder
        .build(start_anchored, to(parts.start_unanchored)?)
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_nfa_comes_back_state_for_state() {
        for source in [
            "(?:新收到?|收到)[^。,，0-9]{0,16}?(?P<n>[0-9]+)件|(?P<zero>未收到)",
            "(?m)^[#*]*(?P<chapter>[一二三]、)|\\b(a)(b)?$",
            "[一二三]*",
        ] {
            let nfa = crate::tiered::nfa_of(source).expect("compiles");
            let back = decode(&encode(&nfa).expect("encodes")).expect("decodes");
            assert_eq!(format!("{nfa:?}"), format!("{back:?}"), "{source}");
            assert_eq!(
                nfa.group_info()
                    .pattern_names(PatternID::ZERO)
                    .collect::<Vec<_>>(),
                back.group_info()
                    .pattern_names(PatternID::ZERO)
                    .collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn bytes_that_make_no_nfa_give_none() {
        let nfa = crate::tiered::nfa_of("(?P<n>[0-9]+)件").expect("compiles");
        let bytes = encode(&nfa).expect("encodes");
        // Cut short, or every byte changed in turn: no panic, and an NFA only when the
        // bytes still make one.
        for len in 0..bytes.len() {
            assert!(decode(&bytes[..len]).is_none(), "{len} bytes");
        }
        for at in 0..bytes.len() {
            for flip in [0x01, 0x40, 0xff] {
                let mut changed = bytes.clone();
                changed[at] ^= flip;
                let _ = decode(&changed);
            }
        }
        // A group ended that never started.
        let parts = NfaParts {
            states: vec![
                StatePart::CaptureEnd { group: 0, next: 1 },
                StatePart::Match,
            ],
            start_anchored: 0,
            start_unanchored: 0,
            group_names: vec![None],
            utf8: true,
            line_terminator: b'\n',
        };
        assert!(decode(&postcard::to_stdvec(&parts).expect("writes")).is_none());
        // A union of one way.
        let parts = NfaParts {
            states: vec![StatePart::Union(vec![0]), StatePart::Match],
            ..parts
        };
        assert!(decode(&postcard::to_stdvec(&parts).expect("writes")).is_none());
        // A state pointing past the last.
        let parts = NfaParts {
            states: vec![StatePart::Range(RangePart {
                start: b'a',
                end: b'a',
                next: 7,
            })],
            ..parts
        };
        assert!(decode(&postcard::to_stdvec(&parts).expect("writes")).is_none());
    }
}
