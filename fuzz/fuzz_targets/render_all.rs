//! What the fuzz targets do with a checked (or restored) report: render it in every
//! format, so that a renderer trusting a span it should not panics.
use gilint::diagnostic::Finding;
use gilint::render::{self, FileResult};
use gilint::ruleset::RuleSet;
use gilint::source::SourceFile;

pub fn every_format(
    path: &str,
    outcome: Result<(SourceFile, Vec<Finding>), String>,
    rules: &RuleSet,
) {
    if let Ok((source, findings)) = &outcome {
        fixes_fit(&source.text, findings);
    }
    let results = [FileResult {
        path: path.into(),
        outcome,
        previous: None,
    }];
    let _ = render::human::render(&results, true, true);
    let _ = render::concise::render(&results);
    let _ = render::json::render(&results);
    let _ = render::sarif::render(&results, rules);
    let _ = render::github::render(&results);
    let _ = render::rdjson::render(&results);
    let _ = render::gitlab::render(&results);
    let _ = render::junit::render(&results);
    let _ = render::statistics(&results);
    for encoding in [
        render::diff::DiffEncoding::Utf8,
        render::diff::DiffEncoding::FileOwn,
    ] {
        let _ = render::diff::render(&results[0], encoding);
    }
}

/// A fix's edits are places of the text (in it, on character boundaries), in order and
/// apart: a renderer, `--diff` or an editor applying them must never have to guess.
fn fixes_fit(text: &str, findings: &[Finding]) {
    for fix in findings.iter().filter_map(|f| f.fix.as_ref()) {
        assert!(!fix.edits.is_empty(), "a fix without edits: {fix:?}");
        for edit in &fix.edits {
            let span = edit.span;
            assert!(
                span.start <= span.end
                    && span.end <= text.len()
                    && text.is_char_boundary(span.start)
                    && text.is_char_boundary(span.end),
                "an edit off the text: {fix:?}"
            );
        }
        for pair in fix.edits.windows(2) {
            assert!(
                pair[0].span.end <= pair[1].span.start && pair[0].span != pair[1].span,
                "edits out of order or overlapping: {fix:?}"
            );
        }
    }
}
