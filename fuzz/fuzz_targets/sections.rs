//! Section finding on arbitrary text: spans are in bounds, on char boundaries, ordered.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let source = gilint::source::SourceFile::from_text("fuzz.txt", text.into_owned());
    for section in gilint::parse::find_sections(&source) {
        for span in [section.heading, section.body] {
            assert!(span.start <= span.end && span.end <= source.text.len());
            assert!(source.text.is_char_boundary(span.start) && source.text.is_char_boundary(span.end));
        }
        assert!(section.heading.end <= section.body.start);
    }
});
