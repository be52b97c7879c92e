//! Table parsing on arbitrary text: every cell span is in bounds and holds its raw text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let source = gilint::source::SourceFile::from_text("fuzz.txt", text.into_owned());
    let (tables, unparsed) = gilint::parse::find_tables(&source);
    for table in &tables {
        for row in &table.rows {
            for cell in &row.cells {
                assert_eq!(&source.text[cell.span.start..cell.span.end], cell.raw);
            }
        }
    }
    for u in &unparsed {
        assert!(u.span.end <= source.text.len());
    }
});
