//! JUnit XML, which CI servers (Jenkins, GitLab, Azure Pipelines…) show as test results:
//! a test suite per report, a test case per finding. A finding is a `<failure>` (its
//! severity as the failure's `type`), a check that could not look (not assessable) is
//! `<skipped>`, a report with no finding is one passing case, and a report that could not
//! be read is an `<error>`.

use quick_xml::escape::escape;

use super::FileResult;
use crate::diagnostic::Finding;
use crate::source::SourceFile;

/// The report, written a file at a time ([`super::StreamedDocument`]).
#[derive(Default)]
pub struct JunitDocument;

/// Text for an XML 1.0 document: escaped, and without the control characters it cannot
/// hold (a report pasted from Word may carry a vertical tab or a form feed).
fn xml_text(text: &str) -> String {
    let allowed: String = text
        .chars()
        .filter(|&c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .collect();
    escape(allowed.as_str()).into_owned()
}

fn case(path: &str, source: &SourceFile, f: &Finding) -> String {
    let at = super::location_of(source, f);
    let message = f.message_with_place();
    let mut body = format!("{path}:{}:{}: {message}", at.line, at.column);
    for note in &f.notes {
        body.push_str(&format!("\nnote: {note}"));
    }
    if let Some(help) = &f.help {
        body.push_str(&format!("\nhelp: {help}"));
    }
    let outcome = if f.not_assessable {
        format!("<skipped message=\"{}\"/>", xml_text(&message))
    } else {
        format!(
            "<failure message=\"{}\" type=\"{}\">{}</failure>",
            xml_text(&message),
            f.severity.as_str(),
            xml_text(&body)
        )
    };
    format!(
        "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\">{outcome}</testcase>\n",
        xml_text(&f.rule),
        xml_text(path),
        xml_text(path),
        at.line
    )
}

impl super::StreamedDocument for JunitDocument {
    type Input = FileResult;

    fn start(&self) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"gilint\">\n".to_string()
    }

    fn add(&mut self, result: &FileResult) -> String {
        let path = xml_text(&result.path);
        let suite = |tests: usize, failures: usize, errors: usize, skipped: usize| {
            format!(
                "  <testsuite name=\"{path}\" tests=\"{tests}\" failures=\"{failures}\" \
                 errors=\"{errors}\" skipped=\"{skipped}\">\n"
            )
        };
        match &result.outcome {
            Err(reason) => {
                suite(1, 0, 1, 0)
                    + &format!(
                        "    <testcase name=\"read\" classname=\"{path}\" file=\"{path}\">\
                         <error message=\"{}\" type=\"unreadable\"/></testcase>\n",
                        xml_text(reason)
                    )
                    + "  </testsuite>\n"
            }
            Ok((_, findings)) if findings.is_empty() => {
                suite(1, 0, 0, 0)
                    + &format!(
                        "    <testcase name=\"gilint\" classname=\"{path}\" file=\"{path}\"/>\n"
                    )
                    + "  </testsuite>\n"
            }
            Ok((source, findings)) => {
                let skipped = findings.iter().filter(|f| f.not_assessable).count();
                let mut out = suite(findings.len(), findings.len() - skipped, 0, skipped);
                for f in findings {
                    out.push_str(&case(&result.path, source, f));
                }
                out + "  </testsuite>\n"
            }
        }
    }

    fn finish(self) -> String {
        "</testsuites>".to_string()
    }
}

pub fn render(results: &[FileResult]) -> String {
    <JunitDocument as super::StreamedDocument>::whole(results)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_holds_no_control_character_xml_forbids() {
        assert_eq!(
            xml_text("<表三> & \"总计\"\u{b}\u{c}\t"),
            "&lt;表三&gt; &amp; &quot;总计&quot;\t"
        );
    }
}
