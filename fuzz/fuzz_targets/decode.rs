//! Decoding arbitrary bytes, then mapping every offset back to the original file.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(source) = gilint::source::SourceFile::decode("fuzz.txt", data) {
        let len = source.text.len();
        for offset in [0, len / 3, len / 2, len.saturating_sub(1), len, len + 5] {
            let at = source.location(offset);
            assert!(at.line >= 1 && at.column >= 1);
            assert!(source.original_offset(offset) <= data.len());
        }
    }
});
