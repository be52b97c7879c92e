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
    let _ = render::statistics(&results);
}
