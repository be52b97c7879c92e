//! Table parsing on arbitrary text: every cell span is in bounds and holds its raw text
//! (a blank cell read as 0, whose raw text is empty: its blank).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let source = gilint::source::SourceFile::from_text("fuzz.txt", text.into_owned());
    let (tables, unparsed) = gilint::parse::find_tables(&source);
    for table in &tables {
        for row in &table.rows {
            for cell in &row.cells {
                let at = &source.text[cell.span.start..cell.span.end];
                if cell.raw.is_empty() {
                    // A blank cell read as 0: its span is the blank (or, with nothing between two
                    // delimiters, the one closing it).
                    assert!(!at.is_empty(), "a blank cell points somewhere");
                    let folded = gilint::parse::fold::fold_label(at);
                    assert!(
                        folded.is_empty() || folded == "|" || folded == "│",
                        "{at:?}"
                    );
                } else {
                    assert_eq!(at, cell.raw);
                }
            }
        }
    }
    for u in &unparsed {
        assert!(u.span.end <= source.text.len());
    }
});
