//! gilint: a compliance linter for 政府信息公开工作年度报告.
//!
//! The pipeline, one module per step, data flowing one way:
//! [`source`] (bytes → text) → [`parse`] (text → [`document::Report`]) →
//! [`engine`] (rules from [`ruleset`] → [`diagnostic::Finding`]s) → [`render`].
//! Nothing in this library touches files or the terminal or exits the process; the
//! binary (`src/main.rs`, `src/cli.rs`) does that.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod config;
pub mod diagnostic;
pub mod document;
pub mod engine;
pub mod parse;
pub mod render;
pub mod ruleset;
pub mod source;

use document::Report;
use source::SourceFile;

/// Decodes and parses one report.
pub fn read_report(name: &str, bytes: &[u8]) -> Result<(SourceFile, Report), source::DecodeError> {
    let source = SourceFile::decode(name, bytes)?;
    let report = parse::parse(&source);
    Ok((source, report))
}

/// Decodes, parses and checks one report with `rules`.
pub fn check_bytes(
    rules: &ruleset::RuleSet,
    name: &str,
    bytes: &[u8],
) -> Result<(SourceFile, Vec<diagnostic::Finding>), source::DecodeError> {
    check_bytes_with(rules, name, bytes, &Overrides::default())
}

/// What a configuration may impose on a report whose own year is unusual.
#[derive(Debug, Clone, Copy, Default)]
pub struct Overrides {
    pub year: Option<i32>,
    pub profile: Option<document::Profile>,
}

/// [`check_bytes`] with a year or profile imposed by configuration.
pub fn check_bytes_with(
    rules: &ruleset::RuleSet,
    name: &str,
    bytes: &[u8],
    overrides: &Overrides,
) -> Result<(SourceFile, Vec<diagnostic::Finding>), source::DecodeError> {
    let (source, mut report) = read_report(name, bytes)?;
    if let Some(year) = overrides.year {
        let span = report.year.as_ref().map(|y| y.span).unwrap_or_default();
        report.year = Some(document::Located { value: year, span });
        report.year_source = Some("configuration");
        report.profile = document::Profile::for_year(year);
        report.profile_reason = format!("report year {year} (from the configuration)");
    }
    if let Some(profile) = overrides.profile {
        report.profile = profile;
        report.profile_reason = format!("{} (from the configuration)", profile.as_str());
    }
    let findings = engine::check(rules, &source, &report);
    Ok((source, findings))
}
