//! gilint: a compliance linter for 政府信息公开工作年度报告.
//!
//! The pipeline, one module per step, data flowing one way:
//! [`source`] (bytes → text) → [`parse`] (text → [`document::Report`]) →
//! [`engine`] (rules from [`ruleset`] → [`diagnostic::Finding`]s) → [`render`].
//! Nothing in this library touches files or the terminal or exits the process; the
//! binary (`src/main.rs`, `src/cli.rs`) does that.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

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
    let (source, report) = read_report(name, bytes)?;
    let findings = engine::check(rules, &source, &report);
    Ok((source, findings))
}
