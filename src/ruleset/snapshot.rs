//! A loaded rule set as bytes, so that a run can skip reading the rule files (TOML and
//! regex syntax: ~9 M instructions, a fifth of a one-report run): the built-in rules from
//! the snapshot the repository keeps (rules/builtin.snapshot, made by a test, embedded in
//! the build), and the user's when an earlier run of the same build loaded the same
//! files. Pure: the caller keeps the bytes (the CLI in its cache directory) and decides
//! what names them.

use super::{Rule, RuleSet};
use crate::cache::BUILD_ID;

/// Bumped when the layout below changes (the build id covers the rule types' layout).
const SNAPSHOT_VERSION: u8 = 1;

/// What decides the built-in rule set as loaded: the rule files, the loader and its
/// types, the locked dependencies (computed by build.rs). The snapshot kept in the
/// repository is used only by a build with the same id.
pub const RULESET_ID: &str = env!("GILINT_RULESET_ID");

impl RuleSet {
    /// The rules as bytes for [`Self::from_snapshot`]: version, this build's id, a checksum
    /// of the rest, and the rules (postcard). `None` if they cannot be written so.
    pub fn snapshot(&self) -> Option<Vec<u8>> {
        self.snapshot_for(BUILD_ID)
    }

    /// The rule set [`Self::snapshot`] wrote, or `None` for bytes of another version or
    /// build, or damaged ones: the caller then loads the rule files.
    pub fn from_snapshot(bytes: &[u8]) -> Option<Self> {
        Self::from_snapshot_for(bytes, BUILD_ID)
    }

    /// The built-in rules as rules/builtin.snapshot keeps them: [`Self::snapshot`]'s
    /// layout under [`RULESET_ID`] (not the build id, which changes with any source).
    pub fn builtin_snapshot(&self) -> Option<Vec<u8>> {
        self.snapshot_for(RULESET_ID)
    }

    /// The rule set of the snapshot this build embeds, if it was made from the same rule
    /// files, loader and types (its id says so); `None` sends the caller to the files.
    pub(super) fn from_builtin_snapshot(bytes: &[u8]) -> Option<Self> {
        Self::from_snapshot_for(bytes, RULESET_ID)
    }

    fn snapshot_for(&self, id: &str) -> Option<Vec<u8>> {
        let body = postcard::to_stdvec(&self.rules).ok()?;
        let id_len = u8::try_from(id.len()).ok()?;
        let mut bytes = Vec::with_capacity(body.len() + id.len() + 10);
        bytes.push(SNAPSHOT_VERSION);
        bytes.push(id_len);
        bytes.extend_from_slice(id.as_bytes());
        bytes.extend_from_slice(&xxhash_rust::xxh3::xxh3_64(&body).to_le_bytes());
        bytes.extend_from_slice(&body);
        Some(bytes)
    }

    fn from_snapshot_for(bytes: &[u8], id: &str) -> Option<Self> {
        let (&version, rest) = bytes.split_first()?;
        let (&id_len, rest) = rest.split_first()?;
        let (written_for, rest) = rest.split_at_checked(usize::from(id_len))?;
        let (checksum, body) = rest.split_at_checked(8)?;
        if version != SNAPSHOT_VERSION
            || written_for != id.as_bytes()
            || checksum != xxhash_rust::xxh3::xxh3_64(body).to_le_bytes()
        {
            return None;
        }
        let rules: Vec<Rule> = postcard::from_bytes(body).ok()?;
        Some(Self {
            rules,
            checked_a_report: std::sync::OnceLock::new(),
        })
    }
}

/// A rule's docs and examples as a snapshot holds them, checked as UTF-8 by simdutf8: they
/// are most of its bytes, and serde's own check (core's `from_utf8`, slow on CJK text) was
/// half of the instructions of reading a snapshot.
pub(super) fn long_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    text_of(<&[u8] as serde::Deserialize>::deserialize(d)?)
}

/// [`long_text`] when there may be none.
pub(super) fn optional_long_text<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<String>, D::Error> {
    <Option<&[u8]> as serde::Deserialize>::deserialize(d)?
        .map(text_of)
        .transpose()
}

fn text_of<E: serde::de::Error>(bytes: &[u8]) -> Result<String, E> {
    simdutf8::basic::from_utf8(bytes)
        .map(str::to_owned)
        .map_err(|_| E::custom("text that is not UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in rules parsed from the files: what every snapshot must give back.
    fn builtin() -> RuleSet {
        RuleSet::builtin_from_files().expect("built-in rules load")
    }

    fn assert_same_rules(a: &RuleSet, b: &RuleSet) {
        assert_eq!(format!("{:?}", a.rules()), format!("{:?}", b.rules()));
    }

    #[test]
    fn the_builtin_snapshot_gives_back_the_rules_of_the_files() {
        let rules = builtin();
        let back = RuleSet::from_builtin_snapshot(&rules.builtin_snapshot().unwrap()).unwrap();
        assert_same_rules(&rules, &back);
        // Made for one ruleset id, it is not read as a kept rule set, nor one kept so as it.
        assert!(RuleSet::from_snapshot(&rules.builtin_snapshot().unwrap()).is_none());
        assert!(RuleSet::from_builtin_snapshot(&rules.snapshot().unwrap()).is_none());
    }

    #[test]
    fn a_snapshot_gives_back_the_same_rules() {
        let rules = builtin();
        let back = RuleSet::from_snapshot(&rules.snapshot().unwrap()).unwrap();
        assert_same_rules(&rules, &back);
    }

    #[test]
    fn the_rules_of_a_snapshot_find_what_the_loaded_rules_find() {
        let rules = builtin();
        let back = RuleSet::from_snapshot(&rules.snapshot().unwrap()).unwrap();
        let mut checked = 0;
        // Every rule's examples (sums, narratives, patterns with and without literals)
        // and the fixtures the end-to-end tests use.
        let mut reports: Vec<(String, Vec<u8>)> = rules
            .rules()
            .iter()
            .flat_map(|r| [&r.example_fail, &r.example_pass])
            .map(|text| ("example.txt".to_string(), text.clone().into_bytes()))
            .collect();
        let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
        for entry in walkdir::WalkDir::new(fixtures).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let name = entry.path().display().to_string();
                reports.push((name, std::fs::read(entry.path()).unwrap()));
            }
        }
        for (name, bytes) in &reports {
            let Ok((_, expected)) = crate::check_bytes(&rules, name, bytes) else {
                continue;
            };
            let (_, found) = crate::check_bytes(&back, name, bytes).unwrap();
            assert_eq!(found, expected, "{name}");
            checked += 1;
        }
        assert!(checked > 50, "only {checked} reports checked");
    }

    #[test]
    fn another_build_or_version_or_damaged_bytes_give_none() {
        let bytes = builtin().snapshot().unwrap();
        let mut other_version = bytes.clone();
        other_version[0] ^= 1;
        assert!(RuleSet::from_snapshot(&other_version).is_none());
        let mut other_build = bytes.clone();
        other_build[2] ^= 1;
        assert!(RuleSet::from_snapshot(&other_build).is_none());
        for at in (0..bytes.len()).step_by(97) {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x40;
            assert!(RuleSet::from_snapshot(&damaged).is_none(), "byte {at}");
        }
        for len in [0, 1, 2, 10, bytes.len() / 2, bytes.len() - 1] {
            assert!(
                RuleSet::from_snapshot(&bytes[..len]).is_none(),
                "{len} bytes"
            );
        }
    }
}
