//! The tables target's invariant, shared with tests/fuzz_regressions.rs: every cell's
//! span is in bounds and holds its raw text; a blank cell read as 0 (raw text empty)
//! points at its blank, or, with nothing between two delimiters, at the one closing it.
use gilint::document::Table;
use gilint::source::SourceFile;

/// Asserts the invariant over `tables` read from `source` (`name` in the messages); how
/// many blank cells there were.
pub fn check(name: &str, source: &SourceFile, tables: &[Table]) -> usize {
    let mut blanks = 0;
    for cell in tables.iter().flat_map(|t| &t.rows).flat_map(|r| &r.cells) {
        let at = &source.text[cell.span.start..cell.span.end];
        if cell.raw.is_empty() {
            blanks += 1;
            assert!(!at.is_empty(), "{name}: a blank cell points somewhere");
            let folded = gilint::parse::fold::fold_label(at);
            assert!(
                folded.is_empty() || folded == "|" || folded == "│",
                "{name}: {at:?}"
            );
        } else {
            assert_eq!(at, cell.raw, "{name}");
        }
    }
    blanks
}
