//! Table parsing on arbitrary text: every cell span is in bounds and holds its raw text
//! (a blank cell read as 0, whose raw text is empty: its blank; see cell_spans.rs).
#![no_main]
use libfuzzer_sys::fuzz_target;

mod cell_spans;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let source = gilint::source::SourceFile::from_text("fuzz.txt", text.into_owned());
    let (tables, unparsed) = gilint::parse::find_tables(&source);
    cell_spans::check("fuzz.txt", &source, &tables);
    for u in &unparsed {
        assert!(u.span.end <= source.text.len());
    }
});
