//! GitHub Actions workflow commands (`::error file=…::message`), which GitHub turns into
//! annotations on the pull request. GitHub shows at most 10 error and 10 warning
//! annotations per step (50 per job); the Action therefore also writes every finding to
//! the step summary and can upload SARIF, so nothing is lost on a large report.

use super::FileResult;
use crate::diagnostic::Severity;
use crate::document::SpanJson;

/// Escaping for the message part of a workflow command.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping for a property value (`file=`, `title=`): also `:` and `,`.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(results: &[FileResult]) -> String {
    let mut out = String::new();
    for result in results {
        let path = super::sarif::uri(&result.path);
        let (source, findings) = match &result.outcome {
            Ok(ok) => ok,
            Err(reason) => {
                out.push_str(&format!(
                    "::error file={},title=gilint::{}\n",
                    escape_property(&path),
                    escape_data(reason)
                ));
                continue;
            }
        };
        for f in findings {
            let command = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut properties = vec![format!("file={}", escape_property(&path))];
            if let Some(label) = f.primary_label() {
                let span = SpanJson::new(source, label.span);
                properties.push(format!("line={}", span.line));
                properties.push(format!("col={}", span.column));
                properties.push(format!("endLine={}", span.end_line));
                properties.push(format!("endColumn={}", span.end_column));
            }
            properties.push(format!(
                "title={}",
                escape_property(&format!("gilint {}", f.rule))
            ));
            let mut message = f.message_with_place();
            // Annotations sit in this year's file; say where last year's labels point.
            for l in f.labels.iter().filter(|l| l.previous) {
                if let Some((previous_path, file)) = result.file_of(source, l) {
                    let at = SpanJson::new(file, l.span);
                    message.push_str(&format!(
                        "\nnote: {} ({previous_path}:{}:{})",
                        l.message, at.line, at.column
                    ));
                }
            }
            for note in &f.notes {
                message.push_str(&format!("\nnote: {note}"));
            }
            if let Some(help) = &f.help {
                message.push_str(&format!("\nhelp: {help}"));
            }
            if let Some(fix) = &f.fix {
                message.push_str(&format!("\nfix: {} (gilint check --diff)", fix.message));
            }
            out.push_str(&format!(
                "::{command} {}::{}\n",
                properties.join(","),
                escape_data(&message)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_github_requires() {
        assert_eq!(
            escape_data("100% done\r\nnext: a,b"),
            "100%25 done%0D%0Anext: a,b"
        );
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
