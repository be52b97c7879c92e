//! The findings cache on disk, as ruff keeps one: a report whose bytes, build of gilint and
//! rule configuration were seen before is not parsed or checked again.
//!
//! Under the user's cache directory (`~/.cache/gilint` on Linux) or `--cache-dir`, a
//! directory per build and configuration (`findings-<fingerprint>`) holds packs: each run
//! that checked something writes one pack of the entries it made (a temporary file renamed
//! into place, so no run ever reads half a pack), keyed by [`gilint::cache::key`]. One
//! file per run, not per report: creating ten thousand small files cost a cold run ~20 %
//! more on this project's test machine, a pack costs nothing measurable. A run reads the
//! packs' indexes (40 bytes a report, sorted by key and binary-searched as read) and each
//! entry it needs with one positioned read, so memory does not grow with the cache. Past
//! [`MAX_PACKS`] the packs but the largest are merged. Anything unreadable or failing its
//! checksum is a miss. The root carries a `CACHEDIR.TAG`, so backup tools skip it.
//!
//! Beside them, `rules-<key>` files keep loaded rule sets ([`gilint::ruleset::RuleSet::snapshot`]),
//! named by the build and the user's rule files, so that a run whose rule files an earlier
//! run read does not parse them again (TOML and regex syntax: ~4 M instructions a run).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// Names the kept rule sets; `gilint clean` removes them too.
const RULES_PREFIX: &str = "rules-";

/// Names the directories of entries; `gilint clean` removes only what is named so.
const ENTRIES_PREFIX: &str = "findings-";
const PACK_EXTENSION: &str = "pack";
/// The last bytes of a pack, after its index and the number of entries.
const PACK_MAGIC: &[u8; 8] = b"GILPACK1";
/// An index record: key (16 bytes), offset, length and checksum (8 each), little-endian.
const RECORD_LEN: usize = 40;
/// More packs than this (one per run that checked something) are merged into one.
const MAX_PACKS: usize = 16;
/// Entry directories and kept rule sets no run has used for this long (another build's,
/// a configuration tried once) are removed by the next run that writes a pack: the cache
/// would otherwise grow by an audit's entries with every upgrade of gilint.
const UNUSED_FOR: Duration = Duration::from_secs(30 * 24 * 60 * 60);
/// A used directory's or rule set's time is brought forward when it is older than this:
/// one write a day, not one every pre-commit run.
const MARK_AFTER: Duration = Duration::from_secs(24 * 60 * 60);
/// In an entry directory, the file whose time says when a run last used it (reading
/// entries does not change the directory's own time).
const LAST_USED: &str = "last-used";

/// The standard tag (https://bford.info/cachedir/): backup and archiving tools skip the
/// directory.
const TAG_NAME: &str = "CACHEDIR.TAG";
const TAG: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
# This file is a cache directory tag created by gilint (its findings cache).\n\
# For information about cache directory tags, see https://bford.info/cachedir/\n";

/// Where the cache lives: `--cache-dir`, else the platform's cache directory.
pub fn root(explicit: Option<&Path>) -> Option<PathBuf> {
    explicit
        .map(Path::to_path_buf)
        .or_else(|| dirs::cache_dir().map(|d| d.join("gilint")))
}

/// Creates `root` if need be, tagged as a cache directory.
fn prepare_root(root: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(root)?;
    let tag = root.join(TAG_NAME);
    if !tag.exists() {
        std::fs::write(&tag, TAG)?;
    }
    Ok(())
}

fn rule_set_path(root: &Path, key: u64) -> PathBuf {
    root.join(format!("{RULES_PREFIX}{key:016x}"))
}

/// The rule set a run kept under `key`, if it is there and whole.
pub fn kept_rule_set(root: &Path, key: u64) -> Option<gilint::ruleset::RuleSet> {
    let path = rule_set_path(root, key);
    let bytes = std::fs::read(&path).ok()?;
    let rules = gilint::ruleset::RuleSet::from_snapshot(&bytes)?;
    mark_used(&path);
    Some(rules)
}

/// Brings `path`'s modification time forward to now if it is older than [`MARK_AFTER`]
/// (creating it if need be): what [`prune`] goes by. A file that cannot be marked is only
/// removed sooner.
fn mark_used(path: &Path) {
    let fresh = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .is_ok_and(|t| t.elapsed().is_ok_and(|age| age < MARK_AFTER));
    if !fresh {
        let _ = File::options()
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .and_then(|f| f.set_modified(SystemTime::now()));
    }
}

/// When a run last used what is at `path` (an entry directory or a kept rule set), as far
/// as the file system tells.
fn last_used(path: &Path, is_dir: bool) -> Option<SystemTime> {
    let marker = is_dir.then(|| path.join(LAST_USED));
    // Directories of builds from before the marker go by their own time (their last pack).
    let marked = marker.and_then(|m| std::fs::metadata(m).ok());
    marked
        .or_else(|| std::fs::metadata(path).ok())?
        .modified()
        .ok()
}

/// Removes the entry directories and kept rule sets under `root` that no run has used for
/// [`UNUSED_FOR`]; what this run uses was marked when it was opened. Errors are passed
/// over: another run may be removing the same, and a cache left as it was is only larger.
fn prune(root: &Path) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let Ok(Some(kind)) = Kept::of(&entry) else {
            continue;
        };
        let path = entry.path();
        let is_dir = kind == Kept::Entries;
        let unused = last_used(&path, is_dir)
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > UNUSED_FOR);
        if unused {
            let _ = if is_dir {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
        }
    }
}

/// What gilint keeps under the cache's root; anything else there is not gilint's and is
/// never removed.
#[derive(PartialEq, Eq)]
enum Kept {
    /// A directory of entries (`findings-<fingerprint>`).
    Entries,
    /// A kept rule set (`rules-<key>`).
    RuleSet,
}

impl Kept {
    fn of(entry: &std::fs::DirEntry) -> std::io::Result<Option<Self>> {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let kind = entry.file_type()?;
        Ok(if name.starts_with(ENTRIES_PREFIX) && kind.is_dir() {
            Some(Self::Entries)
        } else if name.starts_with(RULES_PREFIX) && kind.is_file() {
            Some(Self::RuleSet)
        } else {
            None
        })
    }
}

/// Keeps `rules` under `key` for later runs (over a damaged one: renamed into place, so no
/// run reads half of it).
pub fn keep_rule_set(
    root: &Path,
    key: u64,
    rules: &gilint::ruleset::RuleSet,
) -> std::io::Result<()> {
    let bytes = rules
        .snapshot()
        .ok_or_else(|| std::io::Error::other("the rule set cannot be written as bytes"))?;
    prepare_root(root)?;
    let mut file = tempfile::NamedTempFile::new_in(root)?;
    file.write_all(&bytes)?;
    file.persist(rule_set_path(root, key))
        .map_err(|e| e.error)?;
    Ok(())
}

/// One entry's line in a pack's index: where its bytes are, and what they hash to, so that
/// an entry damaged on disk is a miss, never wrong findings.
#[derive(Clone, Copy)]
struct Record {
    key: u128,
    offset: u64,
    len: u64,
    checksum: u64,
}

impl Record {
    fn parse(bytes: &[u8]) -> Option<Self> {
        let field = |at: usize| Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?));
        Some(Self {
            key: u128::from_le_bytes(bytes.get(..16)?.try_into().ok()?),
            offset: field(16)?,
            len: field(24)?,
            checksum: field(32)?,
        })
    }
}

/// A pack on disk, with its index as read: records sorted by key, searched in place
/// (building a map of an audit's 10,000 entries cost every later run ~2 ms, a one-report
/// pre-commit run included).
struct Pack {
    path: PathBuf,
    file: File,
    index: Vec<u8>,
    /// Where the index starts: no entry reaches past it.
    entries_len: u64,
}

impl Pack {
    /// The pack at `path`; `None` if it is not a whole pack (or is gone: another run may be
    /// merging it away).
    fn open(path: PathBuf) -> Option<Self> {
        let file = File::open(&path).ok()?;
        let len = file.metadata().ok()?.len();
        let mut footer = [0u8; 16];
        read_at(&file, &mut footer, len.checked_sub(16)?).ok()?;
        if &footer[8..] != PACK_MAGIC {
            return None;
        }
        let count = u64::from_le_bytes(footer[..8].try_into().ok()?);
        let index_len = count.checked_mul(RECORD_LEN as u64)?;
        let entries_len = len.checked_sub(16)?.checked_sub(index_len)?;
        let mut index = vec![0u8; usize::try_from(index_len).ok()?];
        read_at(&file, &mut index, entries_len).ok()?;
        Some(Self {
            path,
            file,
            index,
            entries_len,
        })
    }

    fn len(&self) -> usize {
        self.index.len() / RECORD_LEN
    }

    fn record(&self, i: usize) -> Option<Record> {
        Record::parse(self.index.get(i * RECORD_LEN..(i + 1) * RECORD_LEN)?)
    }

    /// The entry under `key`, if this pack has it whole.
    fn get(&self, key: u128) -> Option<Vec<u8>> {
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let middle = low + (high - low) / 2;
            let record = self.record(middle)?;
            match record.key.cmp(&key) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return self.read(record),
            }
        }
        None
    }

    fn read(&self, record: Record) -> Option<Vec<u8>> {
        if record.offset.checked_add(record.len)? > self.entries_len {
            return None;
        }
        let mut entry = vec![0u8; usize::try_from(record.len).ok()?];
        read_at(&self.file, &mut entry, record.offset).ok()?;
        (xxhash_rust::xxh3::xxh3_64(&entry) == record.checksum).then_some(entry)
    }
}

/// The entries of one build and rule configuration.
pub struct Store {
    dir: PathBuf,
    packs: Vec<Pack>,
    /// The pack this run is writing, opened at its first entry.
    new_pack: Mutex<Option<NewPack>>,
    /// Reports given back from entries (for `--verbose`).
    hits: AtomicUsize,
}

struct NewPack {
    file: BufWriter<tempfile::NamedTempFile>,
    written: u64,
    records: Vec<Record>,
}

impl NewPack {
    fn create(dir: &Path) -> std::io::Result<Self> {
        Ok(Self {
            file: BufWriter::new(tempfile::NamedTempFile::new_in(dir)?),
            written: 0,
            records: Vec::new(),
        })
    }

    fn add(&mut self, key: u128, entry: &[u8]) -> std::io::Result<()> {
        self.file.write_all(entry)?;
        self.records.push(Record {
            key,
            offset: self.written,
            len: entry.len() as u64,
            checksum: xxhash_rust::xxh3::xxh3_64(entry),
        });
        self.written += entry.len() as u64;
        Ok(())
    }

    /// Writes the index, sorted by key, and renames the pack into place.
    fn persist(mut self, dir: &Path) -> std::io::Result<PathBuf> {
        self.records.sort_by_key(|r| r.key);
        self.records.dedup_by_key(|r| r.key);
        for r in &self.records {
            self.file.write_all(&r.key.to_le_bytes())?;
            for field in [r.offset, r.len, r.checksum] {
                self.file.write_all(&field.to_le_bytes())?;
            }
        }
        self.file
            .write_all(&(self.records.len() as u64).to_le_bytes())?;
        self.file.write_all(PACK_MAGIC)?;
        let file = self.file.into_inner().map_err(|e| e.into_error())?;
        // The temporary file's name was unique in the directory: keep it, unhidden (and
        // never over another run's pack that took the same name since).
        let name = file
            .path()
            .file_name()
            .map(|n| n.to_string_lossy().trim_start_matches('.').to_string())
            .unwrap_or_default();
        let path = dir.join(format!("{name}.{PACK_EXTENSION}"));
        file.persist_noclobber(&path).map_err(|e| e.error)?;
        Ok(path)
    }
}

/// Reads `buf.len()` bytes of `file` at `offset`, leaving the file's position alone so that
/// threads can share it.
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
    }
    #[cfg(windows)]
    {
        let mut done = 0;
        while done < buf.len() {
            let n = std::os::windows::fs::FileExt::seek_read(
                file,
                &mut buf[done..],
                offset + done as u64,
            )?;
            if n == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            done += n;
        }
        Ok(())
    }
    #[cfg(not(any(unix, windows)))]
    {
        let _ = (file, buf, offset);
        Err(std::io::ErrorKind::Unsupported.into())
    }
}

impl Store {
    /// Opens, creating it if need be, the directory of `fingerprint`'s entries, and reads
    /// the indexes of its packs.
    pub fn open(root: &Path, fingerprint: u64) -> std::io::Result<Self> {
        prepare_root(root)?;
        let dir = root.join(format!("{ENTRIES_PREFIX}{fingerprint:016x}"));
        match std::fs::create_dir(&dir) {
            Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => return Err(e),
            _ => {}
        }
        mark_used(&dir.join(LAST_USED));
        Self::open_dir(dir)
    }

    /// Reads the indexes of the packs in `dir`.
    fn open_dir(dir: PathBuf) -> std::io::Result<Self> {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == PACK_EXTENSION))
            .collect();
        paths.sort();
        Ok(Self {
            dir,
            packs: paths.into_iter().filter_map(Pack::open).collect(),
            new_pack: Mutex::new(None),
            hits: AtomicUsize::new(0),
        })
    }

    /// The entry kept under `key`, if any.
    pub fn get(&self, key: u128) -> Option<Vec<u8>> {
        self.packs.iter().find_map(|pack| pack.get(key))
    }

    /// Counts a report given back from an entry (an entry read may not decode).
    pub fn count_hit(&self) {
        self.hits.fetch_add(1, Ordering::Relaxed);
    }

    /// How many reports were given back from entries.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::Relaxed)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Keeps `entry` under `key` in this run's pack. A cache that cannot be written is
    /// only slower: the error is dropped (and the pack with it).
    pub fn put(&self, key: u128, entry: &[u8]) {
        let Ok(mut new_pack) = self.new_pack.lock() else {
            return;
        };
        if new_pack.is_none() {
            *new_pack = NewPack::create(&self.dir).ok();
        }
        if let Some(pack) = new_pack.as_mut() {
            if pack.add(key, entry).is_err() {
                *new_pack = None;
            }
        }
    }

    /// Puts this run's pack in place, and merges the packs when there are too many.
    pub fn finish(self) -> std::io::Result<()> {
        let new_pack = self.new_pack.into_inner().ok().flatten();
        let Some(new_pack) = new_pack else {
            return Ok(());
        };
        new_pack.persist(&self.dir)?;
        if let Some(root) = self.dir.parent() {
            prune(root);
        }
        if self.packs.len() + 1 > MAX_PACKS {
            Self::open_dir(self.dir)?.merge()?;
        }
        Ok(())
    }

    /// Rewrites the entries of every pack but the largest into one, read in the order
    /// they lie on disk, and removes the packs they came from. The largest (an audit's
    /// thousands of reports) stays as it is: rewriting it every few pre-commit runs would
    /// cost more than those runs.
    fn merge(self) -> std::io::Result<()> {
        let size = |pack: &Pack| pack.file.metadata().map_or(0, |m| m.len());
        let largest = (0..self.packs.len()).max_by_key(|&i| size(&self.packs[i]));
        let mut merged = NewPack::create(&self.dir)?;
        for (i, pack) in self.packs.iter().enumerate() {
            if Some(i) == largest {
                continue;
            }
            let mut records: Vec<Record> = (0..pack.len()).filter_map(|r| pack.record(r)).collect();
            records.sort_by_key(|r| r.offset);
            for record in records {
                if let Some(entry) = pack.read(record) {
                    merged.add(record.key, &entry)?;
                }
            }
        }
        merged.persist(&self.dir)?;
        for (i, pack) in self.packs.iter().enumerate() {
            if Some(i) != largest {
                // Another run may have merged it away already.
                let _ = std::fs::remove_file(&pack.path);
            }
        }
        Ok(())
    }
}

/// What `gilint clean` removed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Cleaned {
    pub entries: u64,
    pub bytes: u64,
}

/// Removes every entry directory and kept rule set under `root`, the tag, and `root` itself when nothing
/// else is left in it. Anything gilint did not name is left alone, so a mistaken
/// `--cache-dir` cannot empty another directory.
pub fn clean(root: &Path) -> std::io::Result<Cleaned> {
    let mut cleaned = Cleaned::default();
    for entry in std::fs::read_dir(root)? {
        let entry = entry?;
        match Kept::of(&entry)? {
            None => continue,
            Some(Kept::RuleSet) => {
                cleaned.bytes += entry.metadata()?.len();
                std::fs::remove_file(entry.path())?;
                continue;
            }
            Some(Kept::Entries) => {}
        }
        for file in std::fs::read_dir(entry.path())? {
            let path = file?.path();
            cleaned.bytes += std::fs::metadata(&path)?.len();
            cleaned.entries += Pack::open(path).map_or(0, |pack| pack.len() as u64);
        }
        std::fs::remove_dir_all(entry.path())?;
    }
    let tag = root.join(TAG_NAME);
    if tag.exists() {
        std::fs::remove_file(tag)?;
    }
    // Only succeeds when empty: a directory the user shares with other files stays.
    let _ = std::fs::remove_dir(root);
    Ok(cleaned)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Everything a new run in `root` sees for `fingerprint`, by key.
    fn seen(root: &Path, fingerprint: u64, keys: &[u128]) -> Vec<Option<Vec<u8>>> {
        let store = Store::open(root, fingerprint).unwrap();
        keys.iter().map(|k| store.get(*k)).collect()
    }

    /// A run that checked the reports of `entries` and kept them.
    fn run_keeping(root: &Path, fingerprint: u64, entries: &[(u128, &[u8])]) {
        let store = Store::open(root, fingerprint).unwrap();
        for (key, entry) in entries {
            store.put(*key, entry);
        }
        store.finish().unwrap();
    }

    /// The packs of `fingerprint`'s entries.
    fn packs(root: &Path, fingerprint: u64) -> Vec<PathBuf> {
        let dir = root.join(format!("{ENTRIES_PREFIX}{fingerprint:016x}"));
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == PACK_EXTENSION))
            .collect()
    }

    /// Sets `path`'s modification time `days` back.
    fn age(path: &Path, days: u64) {
        let then = SystemTime::now() - Duration::from_secs(days * 24 * 60 * 60);
        File::options()
            .write(true)
            .open(path)
            .and_then(|f| f.set_modified(then))
            .unwrap();
    }

    #[test]
    fn what_no_run_used_for_a_month_is_removed_by_the_next_run_that_writes() {
        let root = tempfile::tempdir().unwrap();
        let root = root.path();
        for fingerprint in [1, 2, 3] {
            run_keeping(root, fingerprint, &[(1, b"entry")]);
        }
        let rules = gilint::ruleset::RuleSet::builtin().unwrap();
        keep_rule_set(root, 10, &rules).unwrap();
        keep_rule_set(root, 11, &rules).unwrap();
        let dir = |f: u64| root.join(format!("{ENTRIES_PREFIX}{f:016x}"));
        // 1 and rule set 10 unused for 40 days; 2 for 20 days; rule set 11 written 40
        // days ago but read since (a hook's every run).
        age(&dir(1).join(LAST_USED), 40);
        age(&dir(2).join(LAST_USED), 20);
        age(&rule_set_path(root, 10), 40);
        age(&rule_set_path(root, 11), 40);
        assert!(kept_rule_set(root, 11).is_some());
        std::fs::write(root.join("findings-notes.txt"), "the user's").unwrap();

        // Reading alone removes nothing.
        assert_eq!(seen(root, 3, &[1]), [Some(b"entry".to_vec())]);
        assert!(dir(1).is_dir() && rule_set_path(root, 10).is_file());

        run_keeping(root, 3, &[(2, b"another")]);
        assert!(!dir(1).exists(), "unused for 40 days");
        assert!(!rule_set_path(root, 10).exists(), "unused for 40 days");
        assert!(dir(2).is_dir(), "used 20 days ago");
        assert!(rule_set_path(root, 11).is_file(), "read in this month");
        assert!(root.join("findings-notes.txt").is_file(), "not gilint's");
        assert_eq!(seen(root, 2, &[1]), [Some(b"entry".to_vec())]);
    }

    #[test]
    fn a_directory_used_a_month_ago_is_kept_once_a_run_uses_it_again() {
        let root = tempfile::tempdir().unwrap();
        let root = root.path();
        run_keeping(root, 1, &[(1, b"entry")]);
        let marker = root
            .join(format!("{ENTRIES_PREFIX}{:016x}", 1))
            .join(LAST_USED);
        age(&marker, 40);
        // A run reading from it (a pre-commit hook answered from the cache) marks it...
        assert_eq!(seen(root, 1, &[1]), [Some(b"entry".to_vec())]);
        // ...so another configuration's run that writes leaves it.
        run_keeping(root, 2, &[(1, b"other")]);
        assert_eq!(seen(root, 1, &[1]), [Some(b"entry".to_vec())]);
    }

    #[test]
    fn entries_put_in_a_run_are_got_in_the_next_under_their_keys_only() {
        let root = tempfile::tempdir().unwrap();
        let store = Store::open(root.path(), 7).unwrap();
        store.put(1, b"entry one");
        store.put(2, b"two");
        assert_eq!(store.get(1), None, "a run's own pack is read by later runs");
        store.finish().unwrap();
        assert_eq!(
            seen(root.path(), 7, &[1, 2, 3]),
            [Some(b"entry one".to_vec()), Some(b"two".to_vec()), None]
        );
        assert_eq!(
            seen(root.path(), 8, &[1]),
            [None],
            "another configuration's entries are apart"
        );
        assert!(root.path().join(TAG_NAME).is_file());
    }

    #[test]
    fn a_damaged_pack_is_passed_over() {
        let root = tempfile::tempdir().unwrap();
        run_keeping(root.path(), 7, &[(1, b"entry")]);
        run_keeping(root.path(), 7, &[(2, b"other")]);
        let packs = packs(root.path(), 7);
        assert_eq!(packs.len(), 2);
        // Cut one pack short, as a full disk would.
        let damaged = std::fs::read(&packs[0]).unwrap();
        std::fs::write(&packs[0], &damaged[..damaged.len() - 3]).unwrap();
        let got = seen(root.path(), 7, &[1, 2]);
        assert_eq!(got.iter().filter(|e| e.is_some()).count(), 1, "{got:?}");
    }

    #[test]
    fn an_entry_changed_on_disk_is_a_miss() {
        let root = tempfile::tempdir().unwrap();
        run_keeping(root.path(), 7, &[(1, b"first"), (2, b"second")]);
        let pack = &packs(root.path(), 7)[0];
        let mut bytes = std::fs::read(pack).unwrap();
        bytes[1] ^= 0x20; // "first" → "fIrst"
        std::fs::write(pack, bytes).unwrap();
        assert_eq!(
            seen(root.path(), 7, &[1, 2]),
            [None, Some(b"second".to_vec())]
        );
    }

    #[test]
    fn past_the_limit_the_packs_are_merged_and_keep_every_entry() {
        let root = tempfile::tempdir().unwrap();
        let runs = MAX_PACKS as u128 + 1;
        // The first run keeps the most (an audit): its pack is left as it is.
        let audit = vec![b'x'; 4096];
        run_keeping(root.path(), 7, &[(0, b"entry 0"), (100, &audit)]);
        let first = packs(root.path(), 7);
        for key in 1..runs {
            run_keeping(root.path(), 7, &[(key, format!("entry {key}").as_bytes())]);
        }
        let packs = packs(root.path(), 7);
        assert_eq!(packs.len(), 2, "the largest and the merged");
        assert!(packs.contains(&first[0]));
        assert_eq!(seen(root.path(), 7, &[100]), [Some(audit)]);
        let keys: Vec<u128> = (0..runs).collect();
        let expected: Vec<_> = keys
            .iter()
            .map(|k| Some(format!("entry {k}").into_bytes()))
            .collect();
        assert_eq!(seen(root.path(), 7, &keys), expected);
    }

    #[test]
    fn clean_removes_entries_and_leaves_what_it_did_not_write() {
        let root = tempfile::tempdir().unwrap();
        let cache = root.path().join("cache");
        run_keeping(&cache, 7, &[(1, b"12345"), (2, b"678")]);
        std::fs::write(cache.join("notes.txt"), "mine").unwrap();
        std::fs::create_dir(cache.join("mine")).unwrap();
        let cleaned = clean(&cache).unwrap();
        assert_eq!(cleaned.entries, 2);
        assert_eq!(cleaned.bytes, 8 + 2 * RECORD_LEN as u64 + 16);
        let mut left: Vec<_> = std::fs::read_dir(&cache)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(left, ["mine", "notes.txt"]);

        std::fs::remove_file(cache.join("notes.txt")).unwrap();
        std::fs::remove_dir(cache.join("mine")).unwrap();
        run_keeping(&cache, 7, &[(1, b"1")]);
        clean(&cache).unwrap();
        assert!(
            !cache.exists(),
            "a directory with only the cache in it goes"
        );
    }
}
