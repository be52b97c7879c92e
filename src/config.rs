//! `gilint.toml` / `.gilint.toml`: which rules run, their severities, per-file ignores, and
//! a profile or year for reports whose own year is unusual. This module parses and
//! validates a config's text; finding the file (walking up from each input, as ruff and
//! rustfmt do) is the CLI's job.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use miette::{Diagnostic, NamedSource, SourceSpan};
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::{Category, Finding, Severity};
use crate::document::Profile;
use crate::ruleset::RuleSet;

/// File names looked for, in this order, in each directory.
pub const CONFIG_NAMES: &[&str] = &["gilint.toml", ".gilint.toml"];

/// The keys a config may have (for suggestions).
const KEYS: &[&str] = &[
    "select",
    "ignore",
    "severity",
    "per-file-ignores",
    "profile",
    "year",
    "rules",
];

#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(gilint::config))]
pub struct ConfigError {
    pub message: String,
    #[source_code]
    src: NamedSource<String>,
    #[label("{label}")]
    span: Option<SourceSpan>,
    label: String,
    #[help]
    help: Option<String>,
}

impl ConfigError {
    fn new(
        name: &str,
        text: &str,
        span: Option<std::ops::Range<usize>>,
        message: String,
        label: &str,
        help: Option<String>,
    ) -> Self {
        Self {
            message: format!("{name}: {message}"),
            src: NamedSource::new(name, text.to_string()),
            span: span.map(|r| SourceSpan::from(r.start..r.end)),
            label: label.to_string(),
            help,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    select: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    severity: Option<BTreeMap<Spanned<String>, Severity>>,
    per_file_ignores: Option<BTreeMap<Spanned<String>, Vec<Spanned<String>>>>,
    profile: Option<Profile>,
    year: Option<Spanned<i64>>,
    rules: Option<Vec<Spanned<String>>>,
}

/// A parsed, validated configuration.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Where it was read from (relative globs and rule directories start here).
    pub path: Option<PathBuf>,
    /// Rule ids or categories to run; empty means all.
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub severity: Vec<(String, Severity)>,
    per_file: Vec<(GlobSet, Vec<String>)>,
    pub profile: Option<Profile>,
    pub year: Option<i32>,
    pub rule_dirs: Vec<PathBuf>,
    /// Names to validate against the rule set, with their spans.
    names: Vec<(String, std::ops::Range<usize>)>,
    text: String,
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            previous = current;
        }
    }
    row[b.len()]
}

/// The closest of `options` to `name`, if it is close enough to be a typo.
pub fn closest<'a>(name: &str, options: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    options
        .into_iter()
        .map(|o| (levenshtein(name, o), o))
        .filter(|(d, o)| *d <= (o.chars().count() / 3).max(2))
        .min()
        .map(|(_, o)| o)
}

impl Config {
    /// Parses a config file's text. `path` names it in errors and anchors relative paths.
    pub fn parse(path: &Path, text: &str) -> Result<Self, Box<ConfigError>> {
        let name = path.display().to_string();
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let message = e.message().to_string();
            let unknown = message
                .strip_prefix("unknown field `")
                .and_then(|rest| rest.split('`').next())
                .map(str::to_string);
            let help = match &unknown {
                Some(key) => match closest(key, KEYS.iter().copied()) {
                    Some(best) => Some(format!(
                        "did you mean `{best}`? Keys are: {}",
                        KEYS.join(", ")
                    )),
                    None => Some(format!("keys are: {}", KEYS.join(", "))),
                },
                None => None,
            };
            let message = match &unknown {
                Some(key) => format!("unknown key `{key}`"),
                None => message,
            };
            Box::new(ConfigError::new(
                &name,
                text,
                e.span(),
                message,
                "here",
                help,
            ))
        })?;
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut config = Config {
            path: Some(path.to_path_buf()),
            text: text.to_string(),
            ..Config::default()
        };
        let take = |list: Option<Vec<Spanned<String>>>,
                    names: &mut Vec<(String, std::ops::Range<usize>)>|
         -> Vec<String> {
            list.unwrap_or_default()
                .into_iter()
                .map(|s| {
                    names.push((s.get_ref().clone(), s.span()));
                    s.into_inner()
                })
                .collect()
        };
        config.select = take(raw.select, &mut config.names);
        config.ignore = take(raw.ignore, &mut config.names);
        for (id, severity) in raw.severity.unwrap_or_default() {
            config.names.push((id.get_ref().clone(), id.span()));
            config.severity.push((id.into_inner(), severity));
        }
        for (pattern, ids) in raw.per_file_ignores.unwrap_or_default() {
            let set = Glob::new(pattern.get_ref())
                .and_then(|glob| GlobSetBuilder::new().add(glob).build())
                .map_err(|e| {
                    Box::new(ConfigError::new(
                        &name,
                        text,
                        Some(pattern.span()),
                        format!("invalid glob: {e}"),
                        "this pattern",
                        None,
                    ))
                })?;
            let ids = take(Some(ids), &mut config.names);
            config.per_file.push((set, ids));
        }
        config.profile = raw.profile;
        if let Some(year) = raw.year {
            let value = *year.get_ref();
            if !(1990..=2100).contains(&value) {
                return Err(Box::new(ConfigError::new(
                    &name,
                    text,
                    Some(year.span()),
                    format!("year {value} is not a report year"),
                    "here",
                    None,
                )));
            }
            config.year = i32::try_from(value).ok();
        }
        config.rule_dirs = raw
            .rules
            .unwrap_or_default()
            .into_iter()
            .map(|d| base.join(d.get_ref()))
            .collect();
        Ok(config)
    }

    /// Checks that every rule id or category the config names exists.
    pub fn validate(&self, rules: &RuleSet) -> Result<(), Box<ConfigError>> {
        let name = self
            .path
            .as_ref()
            .map_or("gilint.toml".into(), |p| p.display().to_string());
        for (id, span) in &self.names {
            let known = rules.get(id).is_some() || Category::ALL.iter().any(|c| c.as_str() == id);
            if !known {
                let options = rules
                    .rules()
                    .iter()
                    .map(|r| r.id.as_str())
                    .chain(Category::ALL.iter().map(|c| c.as_str()));
                let help = closest(id, options)
                    .map_or("`gilint rules` lists every rule id".to_string(), |b| {
                        format!("did you mean `{b}`?")
                    });
                return Err(Box::new(ConfigError::new(
                    &name,
                    &self.text,
                    Some(span.clone()),
                    format!("unknown rule or category `{id}`"),
                    "not a rule id or category",
                    Some(help),
                )));
            }
        }
        Ok(())
    }

    /// Applies select, ignore and severity overrides to a rule set.
    pub fn apply(&self, rules: &mut RuleSet) {
        let matches = |names: &[String], id: &str, category: Category| {
            names.iter().any(|n| n == id || n == category.as_str())
        };
        rules.retain(|r| {
            (self.select.is_empty() || matches(&self.select, &r.id, r.category))
                && !matches(&self.ignore, &r.id, r.category)
        });
        for (id, severity) in &self.severity {
            rules.set_severity(id, *severity);
        }
    }

    /// Drops findings that `per-file-ignores` switches off for `file`. Its globs are
    /// relative to the config's directory: `file` and the config's path, when relative,
    /// are taken from `cwd` (a report named from elsewhere than the config's directory,
    /// `reports/2023.txt` under `reports/gilint.toml`, is `2023.txt` to its globs).
    pub fn filter_for_file(&self, file: &Path, cwd: &Path, findings: &mut Vec<Finding>) {
        if self.per_file.is_empty() {
            return;
        }
        let from_cwd = |p: &Path| match p.is_absolute() {
            true => p.to_path_buf(),
            false => cwd.join(p),
        };
        let base = from_cwd(
            self.path
                .as_ref()
                .and_then(|p| p.parent())
                .unwrap_or(Path::new("")),
        );
        let absolute = from_cwd(file);
        let relative = absolute.strip_prefix(&base).unwrap_or(file);
        let relative = relative.strip_prefix("./").unwrap_or(relative);
        let ignored: Vec<&String> = self
            .per_file
            .iter()
            .filter(|(set, _)| set.is_match(relative) || set.is_match(file))
            .flat_map(|(_, ids)| ids)
            .collect();
        findings.retain(|f| {
            !ignored
                .iter()
                .any(|n| **n == f.rule || **n == f.category.as_str())
        });
    }
}

/// The commented default config `gilint init` writes.
pub const DEFAULT_CONFIG: &str = r#"# gilint configuration. gilint looks for gilint.toml or .gilint.toml in the directory of
# each report and its parents; `--config PATH` names one, `--isolated` ignores them.
# Command-line flags override what is set here.

# Rules to run, by id or by category (structure, arithmetic, explanation, fee,
# consistency, content). Empty or absent: all rules.
# select = ["structure", "arithmetic"]

# Rules to switch off, by id or category.
# ignore = ["improvements-missing"]

# Severity overrides: error, warning or info.
# [severity]
# other-handling-unexplained = "error"

# Rules switched off for some files (globs relative to this file).
# [per-file-ignores]
# "archive/2019/**" = ["fee-statement-missing"]

# The report year, or the format profile (format2021, trial2019, pre2019), for reports
# whose own year cannot be read or is unusual.
# year = 2023
# profile = "format2021"

# Extra rule directories (relative to this file); a rule with a built-in id replaces it.
# rules = ["gilint-rules"]
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_named_with_the_closest_key() {
        let err = Config::parse(Path::new("gilint.toml"), "ignroe = [\"x\"]\n").unwrap_err();
        assert_eq!(err.message, "gilint.toml: unknown key `ignroe`");
        assert!(err
            .help
            .as_deref()
            .is_some_and(|h| h.contains("did you mean `ignore`")));
    }

    #[test]
    fn the_default_config_parses() {
        let config = Config::parse(Path::new("gilint.toml"), DEFAULT_CONFIG).expect("parses");
        assert!(config.select.is_empty() && config.ignore.is_empty());
    }

    #[test]
    fn bad_values_are_errors() {
        assert!(Config::parse(Path::new("g.toml"), "year = 1800\n").is_err());
        assert!(Config::parse(Path::new("g.toml"), "profile = \"format2030\"\n").is_err());
        assert!(Config::parse(Path::new("g.toml"), "[severity]\nx = \"fatal\"\n").is_err());
        assert!(Config::parse(Path::new("g.toml"), "[per-file-ignores]\n\"a/[\" = []\n").is_err());
    }

    #[test]
    fn closest_finds_typos_only() {
        assert_eq!(
            closest("per-file-ignore", KEYS.iter().copied()),
            Some("per-file-ignores")
        );
        assert_eq!(closest("colour", KEYS.iter().copied()), None);
    }
}
