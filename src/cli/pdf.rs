//! PDFs, read as poppler's `pdftotext -layout` lays their text out (the library reads that
//! text; see `gilint::parse` for how its wrapped table cells are put back together). The
//! tool is run once per PDF on a temporary copy of its bytes: the library hands over
//! bytes, and a PDF given on standard input has no path.

use std::process::Command;

/// The program run, unless `GILINT_PDFTOTEXT` names another (a poppler build outside
/// `PATH`, as on Windows).
const PDFTOTEXT: &str = "pdftotext";

/// The text of the PDF `bytes`, laid out; why not, in words, when it cannot be had.
pub fn layout_text(bytes: &[u8]) -> Result<String, String> {
    let program = std::env::var_os("GILINT_PDFTOTEXT").unwrap_or_else(|| PDFTOTEXT.into());
    let copy = tempfile::Builder::new()
        .prefix("gilint-")
        .suffix(".pdf")
        .tempfile()
        .and_then(|mut file| {
            std::io::Write::write_all(&mut file, bytes)?;
            Ok(file)
        })
        .map_err(|e| format!("could not make a temporary copy of the PDF to read: {e}"))?;
    let output = Command::new(&program)
        .args(["-layout", "-enc", "UTF-8", "-eol", "unix"])
        .arg(copy.path())
        .arg("-")
        .output()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => format!(
                "a PDF is read through poppler's pdftotext, which was not found ({}): \
                 install poppler-utils (apt install poppler-utils, brew install poppler) or \
                 set GILINT_PDFTOTEXT to its path; or run `pdftotext -layout` yourself and \
                 check the .txt",
                program.to_string_lossy()
            ),
            _ => format!("could not run {}: {e}", program.to_string_lossy()),
        })?;
    if !output.status.success() {
        // Its last word is the error (warnings come first).
        let said = String::from_utf8_lossy(&output.stderr);
        let said = said
            .lines()
            .rfind(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim();
        return Err(format!(
            "pdftotext could not read this PDF ({}){}",
            output.status,
            if said.is_empty() {
                String::new()
            } else {
                format!(": {said}")
            }
        ));
    }
    String::from_utf8(output.stdout).map_err(|e| {
        format!(
            "pdftotext gave text that is not UTF-8 (at byte {})",
            e.utf8_error().valid_up_to()
        )
    })
}
