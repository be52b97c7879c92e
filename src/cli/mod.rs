//! Command-line interface: arguments, reading files and rule directories, choosing the
//! renderer, and the exit code. All I/O of gilint lives here and in main.rs.

mod cache;
mod pdf;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use gilint::diagnostic::Severity;
use gilint::render::{self, FileResult, StreamedDocument};
use gilint::ruleset::{RuleFileError, RuleSet};

/// Exit codes, as ruff and ripgrep use them.
pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_TROUBLE: u8 = 2;

/// Extensions read when walking a directory.
const REPORT_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "html", "htm", "docx"];

#[derive(Parser, Debug)]
#[command(
    name = "gilint",
    version,
    about = "政府信息公开工作年度报告合规检查 — a compliance linter for government information-disclosure annual reports",
    after_help = "`gilint FILE...` is short for `gilint check FILE...`.\nExit codes: 0 no errors, 1 errors found (or warnings with --deny warnings), 2 usage, I/O or rule-file errors."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check reports (files, or directories of .txt/.md/.html/.docx)
    Check(CheckArgs),
    /// Print the parsed document model of a report
    Dump(DumpArgs),
    /// List every rule: id, category, severity, title
    Rules(RulesArgs),
    /// Print a rule's documentation and examples
    Explain(ExplainArgs),
    /// Write a commented default gilint.toml in the current directory
    Init(InitArgs),
    /// Write every cell of tables 二, 三 and 四 as CSV or JSON (gaps listed with the reason)
    Extract(ExtractArgs),
    /// Print a blank report in the current official format, to start from
    Template(TemplateArgs),
    /// Remove the findings cache
    Clean(CleanArgs),
}

#[derive(clap::Args, Debug)]
pub struct CleanArgs {
    /// The cache to remove (default: the user's cache directory, ~/.cache/gilint on Linux)
    #[arg(long, value_name = "DIR", env = "GILINT_CACHE_DIR")]
    pub cache_dir: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct ExtractArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[arg(long, value_enum, default_value_t = ExtractFormat::Csv)]
    pub format: ExtractFormat,
    /// Write the output to this file instead of stdout
    #[arg(long, value_name = "PATH")]
    pub output_file: Option<PathBuf>,
    /// Begin the CSV with a UTF-8 byte-order mark, so that Excel, opening it with a double
    /// click, reads its Chinese as UTF-8 rather than in the system's code page (WPS,
    /// LibreOffice and csv libraries need none; some take the mark into the first column's
    /// name)
    #[arg(long)]
    pub bom: bool,
}

/// The reports a command reads: `check` and `extract` take the same paths, the same
/// standard-input name and the same size limit.
#[derive(clap::Args, Debug)]
pub struct InputArgs {
    /// Report files or directories (`-`: standard input)
    #[arg(required_unless_present = "stdin_filename")]
    pub paths: Vec<PathBuf>,
    /// The file name standard input's report is known by: shown wherever its path would be
    /// (findings, the diff, extract's `file`), the one its config and `per-file-ignores`
    /// are found for, and its extension tells its format. Alone, it means `-`
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
    /// Refuse input files larger than this many bytes
    #[arg(long, default_value_t = 50 * 1024 * 1024, value_name = "BYTES")]
    pub max_file_size: u64,
    /// Leave out of a directory's walk the files this glob matches (gitignore syntax,
    /// relative to the directory, any case: `README.md`, `drafts/`, `2019/*.txt`);
    /// repeatable
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Walk directories without leaving out what .gitignore, .ignore and .gilintignore
    /// ignore, hidden files and directories, and a repository's README.*, CHANGELOG.*,
    /// CONTRIBUTING.*, LICENSE* and node_modules (--exclude still applies)
    #[arg(long)]
    pub no_ignore: bool,
}

impl InputArgs {
    /// The reader of these inputs (`-` added to the paths when only a name for standard
    /// input was given); `None` after saying on stderr why not (exit 2).
    fn reader(&mut self) -> Option<Reader> {
        Reader::for_command(
            &mut self.paths,
            self.stdin_filename.clone(),
            self.max_file_size,
        )
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExtractFormat {
    /// One row per cell (and per gap): file, agency, year, table, row, row_label, column,
    /// column_label, value, raw, line, status, reason
    Csv,
    /// One object per report with its cells and gaps (version 1)
    Json,
}

#[derive(clap::Args, Debug)]
pub struct TemplateArgs {
    /// The report year (2021 or later: the format of 国办公开办函〔2021〕30号)
    #[arg(long)]
    pub year: i32,
    /// The agency's name (default: a placeholder)
    #[arg(long)]
    pub agency: Option<String>,
    #[arg(long, value_enum, default_value_t = TemplateFormat::Markdown)]
    pub format: TemplateFormat,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TemplateFormat {
    /// Markdown headings and pipe tables
    Markdown,
    /// Plain text, tab-separated tables (pastes into Word as tables)
    Text,
}

#[derive(clap::Args, Debug)]
pub struct InitArgs {
    /// Where to write the config
    #[arg(default_value = "gilint.toml")]
    pub path: PathBuf,
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format
    #[arg(long, value_enum, env = "GILINT_FORMAT", default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Add rule files from this directory (a rule with a built-in id replaces it)
    #[arg(long = "rules", value_name = "DIR")]
    pub rule_dirs: Vec<PathBuf>,
    /// Treat warnings as errors for the exit code (`--deny warnings`)
    #[arg(long, value_enum)]
    pub deny: Option<Deny>,
    /// When to use colours
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    /// Do not print the summary line
    #[arg(long, short)]
    pub quiet: bool,
    /// Write the output to this file instead of stdout
    #[arg(long, value_name = "PATH")]
    pub output_file: Option<PathBuf>,
    /// Print the number of findings per rule instead of the findings
    #[arg(long)]
    pub statistics: bool,
    /// Print the suggested fixes as a unified diff of each report instead of the findings
    /// (nothing is written to the reports; review, then apply with `patch -p0`). Exit code 1
    /// when there is a fix.
    #[arg(long, conflicts_with = "statistics")]
    pub diff: bool,
    /// Use this config file instead of looking for gilint.toml / .gilint.toml
    #[arg(long, value_name = "PATH", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
    /// Ignore all config files
    #[arg(long)]
    pub isolated: bool,
    /// Last year's report of the same agency: also run the year-over-year rules (carry-over,
    /// documents in force, prose copied from last year, follow-up of last year's problems)
    #[arg(long, value_name = "FILE")]
    pub previous: Option<PathBuf>,
    /// Pair each agency's consecutive years among the inputs (by agency name and report
    /// year) and run the year-over-year rules on each pair
    #[arg(long, conflicts_with = "previous")]
    pub pair_years: bool,
    /// Run only these rules or categories (comma-separated; replaces the config's `select`)
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub select: Option<Vec<String>>,
    /// Do not run these rules or categories (comma-separated; replaces the config's `ignore`)
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub ignore: Option<Vec<String>>,
    /// Check this many files at once (default: one per core; 1 leaves the machine free)
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
    /// Check every report again, without reading or writing the findings cache
    #[arg(long, env = "GILINT_NO_CACHE", value_parser = clap::builder::FalseyValueParser::new())]
    pub no_cache: bool,
    /// Keep the findings cache here (default: the user's cache directory, ~/.cache/gilint
    /// on Linux)
    #[arg(long, value_name = "DIR", env = "GILINT_CACHE_DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Say on stderr how many reports came from the findings cache, and where it is
    #[arg(long, short)]
    pub verbose: bool,
}

#[derive(clap::Args, Debug)]
pub struct DumpArgs {
    /// A report file (`-`: standard input)
    pub path: PathBuf,
    /// The file name standard input's report is known by (its extension tells its format)
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = DumpFormat::Text)]
    pub format: DumpFormat,
    #[arg(long, default_value_t = 50 * 1024 * 1024, value_name = "BYTES")]
    pub max_file_size: u64,
}

#[derive(clap::Args, Debug)]
pub struct RulesArgs {
    #[arg(long = "rules", value_name = "DIR")]
    pub rule_dirs: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

#[derive(clap::Args, Debug)]
pub struct ExplainArgs {
    /// A rule id, e.g. applications-unbalanced
    pub rule: String,
    #[arg(long = "rules", value_name = "DIR")]
    pub rule_dirs: Vec<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Human,
    Concise,
    Json,
    Sarif,
    Github,
    Rdjson,
    /// GitLab's Code Quality report (`artifacts: reports: codequality`)
    Gitlab,
    /// JUnit XML: a test suite per report, a failing test case per finding
    Junit,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DumpFormat {
    /// The document model, readable.
    Text,
    /// The document model as JSON.
    Json,
    /// The text the parser reads: for a web page or Word document, gilint's text rendering
    /// (the lines that findings on a Word document point at).
    Rendering,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deny {
    Warnings,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// Parses the command line. `gilint FILE` means `gilint check FILE`: the subcommand is
/// inserted when none is given.
pub fn parse_args(args: Vec<std::ffi::OsString>) -> Result<Cli, clap::Error> {
    use clap::{CommandFactory, FromArgMatches};
    // Built once: built again for the subcommands' names it cost ~0.1 ms of a
    // one-report run's ~5.
    let mut command = Cli::command();
    let args = normalise_args(&command, args);
    let mut matches = command.try_get_matches_from_mut(args)?;
    Cli::from_arg_matches_mut(&mut matches).map_err(|e| e.format(&mut command))
}

fn normalise_args(
    command: &clap::Command,
    mut args: Vec<std::ffi::OsString>,
) -> Vec<std::ffi::OsString> {
    // Clap adds `help` itself when it builds the command, so it is not listed yet.
    const TOP_LEVEL: &[&str] = &["-h", "--help", "-V", "--version", "help"];
    if let Some(first) = args.get(1).and_then(|a| a.to_str()) {
        let subcommand = command.get_subcommands().any(|c| c.get_name() == first);
        if !subcommand && !TOP_LEVEL.contains(&first) {
            args.insert(1, "check".into());
        }
    }
    args
}

fn print_rule_errors(errors: Vec<RuleFileError>) {
    for error in errors {
        eprintln!("{:?}", miette::Report::new(error));
    }
}

/// Where a run's rule set came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RulesFrom {
    /// The built-in rules alone, from the snapshot the build embeds (nothing parsed, and
    /// nothing for the cache to keep).
    Build,
    /// A rule set an earlier run kept in the cache directory.
    Cache,
    /// Rule files parsed (the user's, or built-in ones without a current snapshot).
    Files,
}

/// The built-in rules and those in `dirs`, and a digest of the user's rule files (the
/// built-in ones are part of the build). With `kept_in`, a rule set kept there for the
/// same build and rule files is taken instead of parsing them, and one parsed is kept; the
/// built-in rules alone are kept only by a build that parses them.
fn load_rules(dirs: &[PathBuf], kept_in: Option<&Path>) -> Result<(RuleSet, u64, RulesFrom), u8> {
    let mut read = xxhash_rust::xxh3::Xxh3::new();
    let mut user_files = Vec::new();
    for dir in dirs {
        let mut files = Vec::new();
        let walk = walkdir::WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name();
        for entry in walk {
            let entry = entry.map_err(|e| {
                eprintln!("error: rule directory {}: {e}", dir.display());
                EXIT_TROUBLE
            })?;
            if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "toml")
            {
                let text = std::fs::read_to_string(entry.path()).map_err(|e| {
                    eprintln!("error: {}: {e}", entry.path().display());
                    EXIT_TROUBLE
                })?;
                let name = entry.path().display().to_string();
                for part in [name.as_bytes(), text.as_bytes()] {
                    read.update(&part.len().to_le_bytes());
                    read.update(part);
                }
                files.push((name, text));
            }
        }
        if files.is_empty() && !dir.is_dir() {
            eprintln!("error: {}: not a directory of rule files", dir.display());
            return Err(EXIT_TROUBLE);
        }
        // A directory's own boundary counts: the same files split differently over
        // directories override one another differently.
        read.update(&files.len().to_le_bytes());
        user_files.push(files);
    }
    let rule_files = read.digest();
    if dirs.is_empty() {
        if let Some(rules) = RuleSet::builtin_embedded() {
            return Ok((rules, rule_files, RulesFrom::Build));
        }
    }
    // What the rule set is made of: the built-in rules (in the build id) and the user's.
    let key = xxhash_rust::xxh3::xxh3_64(
        format!("{}\n{rule_files:x}", gilint::cache::BUILD_ID).as_bytes(),
    );
    if let Some(rules) = kept_in.and_then(|root| cache::kept_rule_set(root, key)) {
        return Ok((rules, rule_files, RulesFrom::Cache));
    }
    let mut rules = RuleSet::builtin().map_err(|errors| {
        print_rule_errors(errors);
        EXIT_TROUBLE
    })?;
    for files in user_files {
        let user = RuleSet::from_sources(&files).map_err(|errors| {
            print_rule_errors(errors);
            EXIT_TROUBLE
        })?;
        rules.extend(user);
    }
    if let Some(root) = kept_in {
        // Not kept: only slower next time (said with the findings cache's own warning).
        let _ = cache::keep_rule_set(root, key, &rules);
    }
    Ok((rules, rule_files, RulesFrom::Files))
}

/// Whether `path` names a report file a directory's walk takes (by its extension).
fn is_report_file(path: &Path) -> bool {
    path.extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| REPORT_EXTENSIONS.contains(&x.to_ascii_lowercase().as_str()))
}

/// How many report files `dir` holds, counted up to `enough` (the walk stops there).
fn reports_under(dir: &Path, enough: usize, filter: &WalkFilter) -> usize {
    let Ok(walk) = filter.walk(dir) else {
        return 0;
    };
    walk.into_iter()
        // An entry that cannot be read is reported by the real walk; here it may be many.
        .filter(|e| {
            e.as_ref().map_or(true, |e| {
                e.file_type().is_some_and(|t| t.is_file()) && is_report_file(e.path())
            })
        })
        .take(enough)
        .count()
}

/// What a directory's walk leaves out, as ripgrep does: files that `.gitignore`, `.ignore`
/// or gilint's own `.gilintignore` ignore, hidden files and directories (`.github/`'s
/// templates are no reports), and the `--exclude` globs. Files named on the command line
/// are always read.
struct WalkFilter<'a> {
    no_ignore: bool,
    exclude: &'a [String],
}

impl WalkFilter<'_> {
    fn of(input: &InputArgs) -> WalkFilter<'_> {
        WalkFilter {
            no_ignore: input.no_ignore,
            exclude: &input.exclude,
        }
    }

    /// The walk of `dir`; a glob that cannot be read, in words.
    fn walk(&self, dir: &Path) -> Result<ignore::Walk, String> {
        let mut builder = ignore::WalkBuilder::new(dir);
        // Not the user's global gitignore (core.excludesFile, editor and OS files, not
        // reports): finding it means reading git's config, ~0.5 M instructions a walk.
        builder
            .follow_links(true)
            .standard_filters(!self.no_ignore)
            .git_global(false);
        if !self.no_ignore {
            builder.add_custom_ignore_filename(IGNORE_FILE);
        }
        if !self.no_ignore {
            // By name, not as globs: a glob set is a regex to build, ~1 M instructions a
            // walk, and every run over a directory walks it twice.
            builder.filter_entry(|entry| !is_repository_file(entry.file_name()));
        }
        if !self.exclude.is_empty() {
            let mut overrides = ignore::overrides::OverrideBuilder::new(dir);
            // As report files are told by their extension: REPORT.TXT is a .txt.
            overrides
                .case_insensitive(true)
                .map_err(|e| format!("--exclude: {e}"))?;
            for glob in self.exclude {
                // An override that is not negated would let only its matches through.
                overrides.add(&format!("!{glob}")).map_err(|e| match e {
                    ignore::Error::Glob { err, .. } => {
                        format!("--exclude {glob}: not a glob: {err}")
                    }
                    e => format!("--exclude {glob}: {e}"),
                })?;
            }
            let overrides = overrides.build().map_err(|e| format!("--exclude: {e}"))?;
            builder.overrides(overrides);
        }
        Ok(builder.build())
    }
}

/// The ignore file gilint reads besides `.gitignore` and `.ignore` (their syntax).
const IGNORE_FILE: &str = ".gilintignore";

/// Whether a walked file or directory is a repository's own (README.*, CHANGELOG.*,
/// CONTRIBUTING.*, LICENSE*, node_modules), which a walk of reports leaves out unless
/// `--no-ignore`: a README.md beside the reports is no report, and was checked as one.
fn is_repository_file(name: &std::ffi::OsStr) -> bool {
    let Some(name) = name.to_str() else {
        return false;
    };
    let name = name.to_ascii_uppercase();
    ["README.", "CHANGELOG.", "CONTRIBUTING."]
        .iter()
        .any(|stem| name.starts_with(stem))
        || name.starts_with("LICENSE")
        || name == "NODE_MODULES"
}

/// Expands directories into report files (sorted), keeping explicit files as given;
/// `Err` (said on stderr) for an `--exclude` glob that cannot be read.
fn collect_inputs(
    paths: &[PathBuf],
    filter: &WalkFilter,
) -> Result<Vec<(PathBuf, Option<String>)>, u8> {
    let mut inputs = Vec::new();
    for path in paths {
        if !is_stdin(path) && path.is_dir() {
            let mut found = Vec::new();
            // PDFs are read through a program that may not be installed, and a
            // repository's other PDFs are not reports: only named ones are read, and
            // the ones passed over are counted to say so.
            let mut pdfs = 0usize;
            let walk = filter.walk(path).map_err(|e| {
                eprintln!("error: {e}");
                EXIT_TROUBLE
            })?;
            for entry in walk {
                match entry {
                    Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                        if is_report_file(e.path()) {
                            found.push((e.path().to_path_buf(), None));
                        } else if e
                            .path()
                            .extension()
                            .is_some_and(|x| x.eq_ignore_ascii_case("pdf"))
                        {
                            pdfs += 1;
                        }
                    }
                    Ok(_) => {}
                    Err(e) => {
                        let at = walk_error_path(&e).unwrap_or_else(|| path.clone());
                        found.push((at, Some(format!("cannot walk this path: {e}"))));
                    }
                }
            }
            // In component order, as walking with sorted directory entries lists them, but
            // sorted once here by a byte key: walkdir's sort took each name out of its path
            // again for every comparison, and comparing paths parses their components
            // (each ~9 % of a run answered from the cache). A separator sorts before any
            // other byte, as the end of a name does ("a/z" before "a b").
            found.sort_by_cached_key(|(path, _)| {
                path.as_os_str()
                    .as_encoded_bytes()
                    .iter()
                    .map(|&b| {
                        if std::path::is_separator(char::from(b)) {
                            0
                        } else {
                            b
                        }
                    })
                    .collect::<Vec<u8>>()
            });
            let walked = REPORT_EXTENSIONS
                .iter()
                .map(|e| format!(".{e}"))
                .collect::<Vec<_>>()
                .join(", ");
            if found.is_empty() {
                eprintln!(
                    "warning: {}: no reports found (gilint reads {walked} files)",
                    path.display(),
                );
            }
            if pdfs > 0 {
                eprintln!(
                    "note: {}: {pdfs} PDF file{} not checked: a directory is searched for \
                     {walked} reports; name PDFs to check them (`gilint {}/*.pdf`)",
                    path.display(),
                    if pdfs == 1 { " was" } else { "s were" },
                    path.display()
                );
            }
            inputs.extend(found);
        } else {
            inputs.push((path.clone(), None));
        }
    }
    Ok(inputs)
}

/// The path a walk's error is about, when it says.
fn walk_error_path(error: &ignore::Error) -> Option<PathBuf> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error_path(err)
        }
        _ => None,
    }
}

/// The path that names standard input among the inputs.
const STDIN: &str = "-";

fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == STDIN
}

/// Reads the reports named on the command line: files, and standard input (`-`) once
/// however often it is asked for (pairing reports by year reads each before its check).
struct Reader {
    max: u64,
    /// The name standard input's report is known by (`--stdin-filename`), else `-`.
    stdin_name: Option<PathBuf>,
    stdin: std::sync::OnceLock<Result<Vec<u8>, String>>,
}

impl Reader {
    /// A reader for `paths`, or the message (exit 2) when they misuse standard input.
    fn new(
        paths: &mut Vec<PathBuf>,
        stdin_name: Option<PathBuf>,
        max: u64,
    ) -> Result<Self, String> {
        let stdins = paths.iter().filter(|p| is_stdin(p)).count();
        if stdins > 1 {
            return Err("standard input (`-`) can be read only once; give it once".into());
        }
        if stdin_name.is_some() && stdins == 0 {
            if !paths.is_empty() {
                return Err(
                    "--stdin-filename names the report read from standard input: add `-` to \
                     the paths"
                        .into(),
                );
            }
            paths.push(PathBuf::from(STDIN));
        }
        Ok(Self {
            max,
            stdin_name,
            stdin: std::sync::OnceLock::new(),
        })
    }

    /// [`Self::new`], its refusal said on stderr (`None`: exit 2).
    fn for_command(
        paths: &mut Vec<PathBuf>,
        stdin_name: Option<PathBuf>,
        max: u64,
    ) -> Option<Self> {
        Self::new(paths, stdin_name, max)
            .map_err(|e| eprintln!("error: {e}"))
            .ok()
    }

    fn read(&self, path: &Path) -> Result<Vec<u8>, String> {
        if is_stdin(path) {
            return self.stdin.get_or_init(|| read_stdin(self.max)).clone();
        }
        read_input(path, self.max)
    }

    /// The path a report is known by: its file's, or the name given standard input.
    fn known_as<'p>(&'p self, path: &'p Path) -> &'p Path {
        match &self.stdin_name {
            Some(name) if is_stdin(path) => name,
            _ => path,
        }
    }
}

/// Standard input's bytes, up to `max` (a report piped in from an editor or a script).
fn read_stdin(max: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| io_reason(&e))?;
    if bytes.len() as u64 > max {
        return Err(format!(
            "standard input is larger than the limit of {max} bytes (raise it with --max-file-size)"
        ));
    }
    Ok(bytes)
}

fn read_input(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| io_reason(&e))?;
    if meta.is_dir() {
        return Err("is a directory".into());
    }
    // FIFOs, sockets and devices could block forever or never end.
    if !meta.is_file() {
        return Err(
            "not a regular file (a pipe, socket or device); gilint reads report files".into(),
        );
    }
    if meta.len() > max {
        return Err(format!(
            "the file is {} bytes, more than the limit of {max} bytes (raise it with --max-file-size)",
            meta.len()
        ));
    }
    // Read at most max + 1 bytes: a file that grows while it is read cannot exhaust memory.
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| io_reason(&e))?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0).min(1 << 26));
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| io_reason(&e))?;
    if bytes.len() as u64 > max {
        return Err(format!(
            "the file is larger than the limit of {max} bytes (raise it with --max-file-size)"
        ));
    }
    Ok(bytes)
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

fn use_color(when: ColorWhen) -> bool {
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

pub fn run(cli: Cli) -> u8 {
    gilint::source::read_pdfs_with(pdf::layout_text);
    match cli.command {
        Command::Check(args) => check(args),
        Command::Dump(args) => dump(args),
        Command::Rules(args) => list_rules(args),
        Command::Explain(args) => explain(args),
        Command::Init(args) => init(args),
        Command::Extract(args) => extract(args),
        Command::Template(args) => template(args),
        Command::Clean(args) => clean(args),
    }
}

fn clean(args: CleanArgs) -> u8 {
    let Some(root) = cache::root(args.cache_dir.as_deref()) else {
        eprintln!("error: no cache directory on this system (give one with --cache-dir)");
        return EXIT_TROUBLE;
    };
    if !root.exists() {
        println!("no findings cache at {}", root.display());
        return EXIT_CLEAN;
    }
    match cache::clean(&root) {
        Ok(cleaned) => {
            println!(
                "removed {} cached reports ({:.1} MiB) from {}",
                cleaned.entries,
                cleaned.bytes as f64 / (1024.0 * 1024.0),
                root.display()
            );
            EXIT_CLEAN
        }
        Err(e) => {
            eprintln!("error: {}: cannot remove the cache: {e}", root.display());
            EXIT_TROUBLE
        }
    }
}

fn template(args: TemplateArgs) -> u8 {
    if args.year < gilint::template::FIRST_YEAR || args.year > 2100 {
        eprintln!(
            "error: --year {}: the current format applies to reports for {} and later",
            args.year,
            gilint::template::FIRST_YEAR
        );
        return EXIT_TROUBLE;
    }
    let style = match args.format {
        TemplateFormat::Markdown => gilint::template::TemplateStyle::Markdown,
        TemplateFormat::Text => gilint::template::TemplateStyle::Text,
    };
    write_stdout(&gilint::template::template(
        args.year,
        args.agency.as_deref(),
        style,
    ))
}

fn extract(mut args: ExtractArgs) -> u8 {
    use gilint::render::extract::{csv, ExtractJson, ExtractResult};
    use rayon::prelude::*;
    if args.bom && args.format == ExtractFormat::Json {
        eprintln!(
            "error: --bom is for CSV: JSON text must not begin with a byte-order mark (RFC 8259)"
        );
        return EXIT_TROUBLE;
    }
    let Some(reader) = args.input.reader() else {
        return EXIT_TROUBLE;
    };
    let Ok(inputs) = collect_inputs(&args.input.paths, &WalkFilter::of(&args.input)) else {
        return EXIT_TROUBLE;
    };
    let mut sink = match Sink::open(args.output_file.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot write the output: {e}");
            return EXIT_TROUBLE;
        }
    };
    if args.bom {
        if let Err(e) = sink.write("\u{feff}") {
            eprintln!("error: cannot write the output: {e}");
            return EXIT_TROUBLE;
        }
    }
    let mut unreadable = 0;
    // One JSON document, written report by report: a province's cells run to hundreds
    // of megabytes, and the reports' sources are dropped batch by batch.
    let mut document = ExtractJson::default();
    if args.format == ExtractFormat::Json {
        if let Err(e) = sink.write(&document.start()) {
            eprintln!("error: cannot write the output: {e}");
            return EXIT_TROUBLE;
        }
    }
    for (i, batch) in inputs.chunks(BATCH).enumerate() {
        let results: Vec<ExtractResult> = batch
            .par_iter()
            .map(|(path, walk_error)| {
                let name = reader.known_as(path).display().to_string();
                let outcome = match walk_error {
                    Some(e) => Err(e.clone()),
                    None => reader.read(path).and_then(|bytes| {
                        gilint::read_report(&name, &bytes)
                            .map(|(source, report)| {
                                let e = gilint::extract::extract(&report);
                                (source, e)
                            })
                            .map_err(|e| e.to_string())
                    }),
                };
                ExtractResult {
                    path: name,
                    outcome,
                }
            })
            .collect();
        for r in &results {
            if let Err(e) = &r.outcome {
                unreadable += 1;
                eprintln!("error: {}: {e}", r.path);
            }
        }
        // Written report by report: a batch's text in one string (64 reports, ~4 MB of
        // JSON, grown by doubling) was what kept peak RSS at 45–80 MiB over 10,000
        // reports, the allocator holding on to the freed buffers; 24 MiB so.
        for (j, r) in results.iter().enumerate() {
            let text = match args.format {
                ExtractFormat::Csv => csv(std::slice::from_ref(r), i == 0 && j == 0),
                ExtractFormat::Json => document.add(r),
            };
            if let Err(e) = sink.write(&text) {
                eprintln!("error: cannot write the output: {e}");
                return EXIT_TROUBLE;
            }
        }
    }
    if args.format == ExtractFormat::Json {
        if let Err(e) = sink.write(&(document.finish() + "\n")) {
            eprintln!("error: cannot write the output: {e}");
            return EXIT_TROUBLE;
        }
    }
    if let Err(e) = sink.finish() {
        eprintln!("error: cannot write the output: {e}");
        return EXIT_TROUBLE;
    }
    if unreadable > 0 {
        EXIT_TROUBLE
    } else {
        EXIT_CLEAN
    }
}

fn init(args: InitArgs) -> u8 {
    if args.path.exists() {
        eprintln!(
            "error: {}: already exists; not overwriting it",
            args.path.display()
        );
        return EXIT_TROUBLE;
    }
    match write_atomically(&args.path, gilint::config::DEFAULT_CONFIG.as_bytes()) {
        Ok(()) => write_stdout(&format!("wrote {}\n", args.path.display())),
        Err(e) => {
            eprintln!("error: {}: {e}", args.path.display());
            EXIT_TROUBLE
        }
    }
}

/// Writes through a temporary file in the same directory and renames it into place, so a
/// reader never sees half a file.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    file.write_all(bytes)?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The nearest gilint.toml / .gilint.toml in the directory of the report file `input` or
/// above it. (Inputs are files: directories were walked. Not asking the file system costs
/// nothing per report: a stat per report was ~5 % of a run answered from the cache.)
fn discover_config(input: &Path, known: &mut ConfigsByDirectory) -> Option<PathBuf> {
    // Every report of a directory shares the answer: looking for the config files in each
    // ancestor again for each of 10,000 reports was ~20,000 failed stat calls, all made on
    // the main thread before checking starts. Keyed by the directory as given: making each
    // report's path absolute asked the OS for the working directory once a report.
    let parent = match input.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    if let Some(found) = known.get(parent) {
        return found.clone();
    }
    let start = std::path::absolute(parent).ok()?;
    let found = start.ancestors().find_map(|dir| {
        gilint::config::CONFIG_NAMES
            .iter()
            .map(|name| dir.join(name))
            .find(|p| p.is_file())
    });
    known.insert(parent.to_path_buf(), found.clone());
    found
}

/// The config file found for each directory of inputs (`None`: there is none).
type ConfigsByDirectory = std::collections::HashMap<PathBuf, Option<PathBuf>>;

/// A config and the rule set it yields, built once per config file.
struct Effective {
    config: gilint::config::Config,
    rules: RuleSet,
    /// Names this build, rule set and configuration for the findings cache: whatever
    /// could change a finding before `per-file-ignores` (applied to cached findings too).
    fingerprint: u64,
    rules_from: RulesFrom,
}

fn effective(
    config_path: Option<&Path>,
    args: &CheckArgs,
    cache_root: Option<&Path>,
) -> Result<Effective, u8> {
    let mut config = match config_path {
        None => gilint::config::Config::default(),
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                eprintln!("error: {}: {}", path.display(), io_reason(&e));
                EXIT_TROUBLE
            })?;
            gilint::config::Config::parse(path, &text).map_err(|e| {
                eprintln!("{:?}", miette::Report::new(*e));
                EXIT_TROUBLE
            })?
        }
    };
    let mut dirs = config.rule_dirs.clone();
    dirs.extend(args.rule_dirs.iter().cloned());
    let (mut rules, rule_files, rules_from) = load_rules(&dirs, cache_root)?;
    config.validate(&rules).map_err(|e| {
        eprintln!("{:?}", miette::Report::new(*e));
        EXIT_TROUBLE
    })?;
    if let Some(select) = &args.select {
        config.select = select.clone();
    }
    if let Some(ignore) = &args.ignore {
        config.ignore = ignore.clone();
    }
    for name in config.select.iter().chain(&config.ignore) {
        let known = rules.get(name).is_some()
            || gilint::diagnostic::Category::ALL
                .iter()
                .any(|c| c.as_str() == name);
        if !known {
            eprintln!("error: unknown rule or category `{name}` in --select/--ignore");
            return Err(EXIT_TROUBLE);
        }
    }
    config.apply(&mut rules);
    let fingerprint = xxhash_rust::xxh3::xxh3_64(
        format!(
            "{}\n{rule_files:x}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
            gilint::cache::BUILD_ID,
            config.select,
            config.ignore,
            config.severity,
            config.year,
            config.profile
        )
        .as_bytes(),
    );
    Ok(Effective {
        config,
        rules,
        fingerprint,
        rules_from,
    })
}

fn check(mut args: CheckArgs) -> u8 {
    let Some(reader) = args.input.reader() else {
        return EXIT_TROUBLE;
    };
    if let Some(threads) = args.threads {
        // Before anything uses rayon's global pool (rule loading already does).
        if let Err(e) = rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(threads))
            .build_global()
        {
            eprintln!("error: cannot start {threads} threads: {e}");
            return EXIT_TROUBLE;
        }
    }
    if let Some(path) = &args.config {
        if !path.is_file() {
            eprintln!("error: {}: config file not found", path.display());
            return EXIT_TROUBLE;
        }
    }
    // Few reports (a pre-commit hook's) are searched with patterns built light, many with
    // patterns built for long searches (see gilint::tiered): said before the parser's are
    // built. A directory's reports are counted as far as that tells (a first try on a
    // folder of one report is a one-report run); a report checked with last year's counts
    // twice.
    let enough = gilint::tiered::FEW_REPORTS + 1;
    let reports = args
        .input
        .paths
        .iter()
        .map(|p| match p.is_dir() {
            true => reports_under(p, enough, &WalkFilter::of(&args.input)),
            false => 1,
        })
        .fold(0usize, usize::saturating_add);
    let pairs = args.previous.is_some() || args.pair_years;
    gilint::tiered::expect_reports(if pairs {
        reports.saturating_mul(2)
    } else {
        reports
    });
    // The parser's own patterns are built on the pool while the rules load and the first
    // report is read; nothing waits for them but a parse (a run answered from the
    // findings cache parses nothing).
    rayon::spawn(gilint::parse::warm_up);
    // None with --no-cache. Failing to open it is said for a directory the user chose
    // (below, with the stores), never for the default: a read-only home is no error.
    let cache_root = if args.no_cache {
        None
    } else {
        cache::root(args.cache_dir.as_deref())
    };
    // Where relative paths start, for per-file-ignores (asked once, not per report).
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut configs: Vec<(Option<PathBuf>, Effective)> = Vec::new();
    // Resolve each input's config first (cheap, sequential), then check in parallel.
    let mut jobs: Vec<(PathBuf, Option<String>, usize)> = Vec::new();
    let mut configs_by_directory = ConfigsByDirectory::new();
    let Ok(inputs) = collect_inputs(&args.input.paths, &WalkFilter::of(&args.input)) else {
        return EXIT_TROUBLE;
    };
    for (path, walk_error) in inputs {
        let config_path = if args.isolated {
            None
        } else {
            args.config
                .clone()
                .or_else(|| discover_config(reader.known_as(&path), &mut configs_by_directory))
        };
        let index = match configs.iter().position(|(p, _)| *p == config_path) {
            Some(i) => i,
            None => match effective(config_path.as_deref(), &args, cache_root.as_deref()) {
                Ok(e) => {
                    configs.push((config_path, e));
                    configs.len() - 1
                }
                Err(code) => return code,
            },
        };
        jobs.push((path, walk_error, index));
    }
    let previous_of: Vec<Option<PathBuf>> = if let Some(previous) = &args.previous {
        if jobs.len() != 1 {
            eprintln!(
                "error: --previous compares one report with last year's; {} reports were given (use --pair-years for a directory)",
                jobs.len()
            );
            return EXIT_TROUBLE;
        }
        vec![Some(previous.clone())]
    } else if args.pair_years {
        pair_years(&jobs, &reader)
    } else {
        vec![None; jobs.len()]
    };
    let jobs: Vec<_> = jobs
        .into_iter()
        .zip(previous_of)
        .map(|((path, walk_error, index), previous)| (path, walk_error, index, previous))
        .collect();
    // One store per configuration; none without a cache root or when it cannot be opened.
    let stores: Vec<Option<cache::Store>> = configs
        .iter()
        .map(|(_, effective)| {
            let root = cache_root.as_deref()?;
            cache::Store::open(root, effective.fingerprint)
                .map_err(|e| {
                    if args.cache_dir.is_some() {
                        eprintln!(
                            "warning: {}: cannot keep the findings cache here: {e}",
                            root.display()
                        );
                    }
                })
                .ok()
        })
        .collect();
    let check_one = |(path, walk_error, index, previous): &(
        PathBuf,
        Option<String>,
        usize,
        Option<PathBuf>,
    )|
     -> FileResult {
        let name = reader.known_as(path).display().to_string();
        let Effective { config, rules, .. } = &configs[*index].1;
        let overrides = gilint::Overrides {
            year: config.year,
            profile: config.profile,
        };
        let mut previous_source = None;
        let outcome = match walk_error {
            Some(e) => Err(e.clone()),
            None => reader.read(path).and_then(|bytes| match previous {
                None => check_cached(stores[*index].as_ref(), rules, &name, &bytes, &overrides),
                Some(previous) => {
                    let previous_name = reader.known_as(previous).display().to_string();
                    let previous_bytes = reader
                        .read(previous)
                        .map_err(|e| format!("last year's report {previous_name}: {e}"))?;
                    let pair = gilint::check_pair(
                        rules,
                        (&name, &bytes),
                        (&previous_name, &previous_bytes),
                        &overrides,
                    )
                    .map_err(|e| e.to_string())?;
                    previous_source = Some(pair.previous);
                    Ok((pair.source, pair.findings))
                }
            }),
        };
        let outcome = outcome.map(|(source, mut findings)| {
            config.filter_for_file(reader.known_as(path), &cwd, &mut findings);
            (source, findings)
        });
        FileResult {
            path: name,
            outcome,
            previous: previous_source,
        }
    };

    let to_file = args.output_file.is_some();
    let color = !to_file && use_color(args.color);
    // A diff kept in a file (or piped to `patch`) has each report's lines in its own
    // encoding, so that it applies; one read on a terminal is in UTF-8.
    let diff_encoding = match to_file || !std::io::stdout().is_terminal() {
        true => render::diff::DiffEncoding::FileOwn,
        false => render::diff::DiffEncoding::Utf8,
    };
    // Every format is written batch by batch, in input order, so memory stays bounded
    // however many reports are checked: human, concise and github are rendered on the
    // workers; the documents (json, sarif, rdjson) take each file after its batch
    // (see `Document`).
    let streaming = args.statistics
        || args.diff
        || matches!(
            args.format,
            OutputFormat::Human | OutputFormat::Concise | OutputFormat::Github
        );
    let mut sink = match Sink::open(args.output_file.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot write the output: {e}");
            return EXIT_TROUBLE;
        }
    };
    let mut summary = render::Summary::default();
    let mut statistics = render::Statistics::default();
    // Borrowed: a copy of the rule set was ~100 of a one-report run's ~1,300 page faults.
    let no_rules = RuleSet::default();
    let rules_for_sarif = configs.first().map_or(&no_rules, |(_, e)| &e.rules);
    // Documents take each file as its batch finishes, so the reports' texts are dropped
    // batch by batch here too and memory stays bounded.
    let mut document = match args.format {
        OutputFormat::Json => Document::Json(render::json::JsonDocument::default()),
        OutputFormat::Sarif => Document::Sarif(render::sarif::SarifLog::new(rules_for_sarif)),
        OutputFormat::Rdjson => Document::Rdjson(render::rdjson::RdjsonDocument::default()),
        OutputFormat::Gitlab => Document::Gitlab(render::gitlab::GitlabDocument::default()),
        OutputFormat::Junit => Document::Junit(render::junit::JunitDocument),
        _ => Document::None,
    };
    let mut failing = false;
    let mut diffs = render::diff::DiffCount::default();
    if !args.statistics && !args.diff {
        if let Err(e) = sink.write(&document.start()) {
            eprintln!("error: cannot write the output: {e}");
            return EXIT_TROUBLE;
        }
    }
    for batch in jobs.chunks(BATCH) {
        use rayon::prelude::*;
        // Each file's findings are rendered on the worker that checked it: rendering
        // (codespan snippets for human output) on the main thread left the other core idle.
        let render_one = |r: &FileResult| -> (Vec<u8>, render::diff::DiffCount) {
            let one = std::slice::from_ref(r);
            let text = match args.format {
                _ if args.diff => return render::diff::render(r, diff_encoding),
                OutputFormat::Human => render::human::render_batch(one, color),
                OutputFormat::Concise => render::concise::render(one),
                _ => render::github::render(one),
            };
            (text.into_bytes(), render::diff::DiffCount::default())
        };
        let (results, rendered): (Vec<FileResult>, Vec<(Vec<u8>, render::diff::DiffCount)>) = batch
            .par_iter()
            .map(|job| {
                let result = check_one(job);
                let rendered = if streaming && !args.statistics {
                    render_one(&result)
                } else {
                    Default::default()
                };
                (result, rendered)
            })
            .unzip();
        let (texts, counts): (Vec<Vec<u8>>, Vec<_>) = rendered.into_iter().unzip();
        counts.into_iter().for_each(|count| diffs.merge(count));
        for r in &results {
            if let Err(reason) = &r.outcome {
                eprintln!("error: {}: {reason}", r.path);
            }
        }
        summary.merge(render::Summary::of(&results));
        failing |= results
            .iter()
            .filter_map(|r| r.outcome.as_ref().ok())
            .flat_map(|(_, f)| f)
            .any(|f| {
                f.severity == Severity::Error
                    || (args.deny == Some(Deny::Warnings)
                        && f.severity == Severity::Warning
                        && !f.not_assessable)
            });
        if args.statistics {
            statistics.add(&results);
        } else if streaming {
            if let Err(e) = sink.write_bytes(&texts.concat()) {
                eprintln!("error: cannot write the output: {e}");
                return EXIT_TROUBLE;
            }
        } else {
            let text: String = results.iter().map(|r| document.add(r)).collect();
            if let Err(e) = sink.write(&text) {
                eprintln!("error: cannot write the output: {e}");
                return EXIT_TROUBLE;
            }
        }
    }
    if args.verbose {
        let hits: usize = stores.iter().flatten().map(cache::Store::hits).sum();
        let places: Vec<String> = stores
            .iter()
            .flatten()
            .map(|s| s.dir().display().to_string())
            .collect();
        let from = |source| {
            configs
                .iter()
                .filter(|(_, e)| e.rules_from == source)
                .count()
        };
        eprintln!(
            "gilint: rule sets: {} from the cache, {} read from rule files, {} built in",
            from(RulesFrom::Cache),
            from(RulesFrom::Files),
            from(RulesFrom::Build)
        );
        if places.is_empty() {
            eprintln!("gilint: {} reports, findings cache off", jobs.len());
        } else {
            eprintln!(
                "gilint: {} reports, {hits} of them from the findings cache in {}",
                jobs.len(),
                places.join(", ")
            );
        }
    }
    for store in stores.into_iter().flatten() {
        if let Err(e) = store.finish() {
            if args.cache_dir.is_some() {
                eprintln!("warning: cannot keep the findings cache: {e}");
            }
        }
    }
    let tail: Vec<String> = if args.statistics {
        vec![statistics.render()]
    } else if args.diff {
        if !args.quiet {
            eprintln!("{}", diff_summary(&diffs, &summary));
        }
        Vec::new()
    } else {
        match args.format {
            OutputFormat::Human if !args.quiet => {
                vec![render::human::summary_line(&summary) + "\n"]
            }
            _ => document.finish(),
        }
    };
    let written = tail
        .into_iter()
        .try_for_each(|piece| sink.write(&piece))
        .and_then(|()| sink.finish());
    if let Err(e) = written {
        eprintln!("error: cannot write the output: {e}");
        return EXIT_TROUBLE;
    }
    if summary.unreadable > 0 {
        EXIT_TROUBLE
    } else if (failing && !args.diff) || (args.diff && diffs.fixes > 0) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// What `--diff` showed, for stderr (the diff itself is the output).
fn diff_summary(diffs: &render::diff::DiffCount, summary: &render::Summary) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut line = format!(
        "gilint: {} in {} shown as a diff",
        plural(diffs.fixes, "fix", "fixes"),
        plural(diffs.files, "file", "files")
    );
    if diffs.left_out > 0 {
        line.push_str(&format!(
            "; {} left out (a place another fix changes: check again after applying)",
            diffs.left_out
        ));
    }
    if diffs.not_utf8 > 0 {
        line.push_str(&format!(
            "; the diff of {} not in UTF-8 is printed in UTF-8 (on a terminal; written to a \
             file or a pipe, a GB18030 or Big5 report's lines are in its own encoding and the \
             diff applies as it is; a UTF-16 report must be converted to UTF-8 first)",
            plural(diffs.not_utf8, "report", "reports")
        ));
    }
    let without = (summary.errors + summary.warnings + summary.infos)
        .saturating_sub(summary.not_assessable + summary.fixable);
    if without > 0 {
        line.push_str(&format!(
            "; {} without a fix (run without --diff to see them)",
            plural(without, "finding", "findings")
        ));
    }
    line.push_str(
        ". Review each change before applying it (`patch -p0 < fixes.diff`): a total that does \
         not add up may have a wrong part instead",
    );
    line
}

/// Checks a report, or gives it back from the cache when these bytes were checked with
/// the same build and configuration before.
fn check_cached(
    store: Option<&cache::Store>,
    rules: &RuleSet,
    name: &str,
    bytes: &[u8],
    overrides: &gilint::Overrides,
) -> Result<(gilint::source::SourceFile, Vec<gilint::diagnostic::Finding>), String> {
    let check =
        || gilint::check_bytes_with(rules, name, bytes, overrides).map_err(|e| e.to_string());
    let Some(store) = store else {
        return check();
    };
    let key = gilint::cache::key(name, bytes);
    if let Some(hit) = store
        .get(key)
        .and_then(|entry| gilint::cache::restore(name, bytes, &entry))
    {
        store.count_hit();
        return Ok(hit);
    }
    let (source, findings) = check()?;
    store.put(key, &gilint::cache::entry(&source, &findings));
    Ok((source, findings))
}

/// The output formats that are one document for the whole run.
enum Document<'r> {
    None,
    Json(render::json::JsonDocument),
    Sarif(render::sarif::SarifLog<'r>),
    Rdjson(render::rdjson::RdjsonDocument),
    Gitlab(render::gitlab::GitlabDocument),
    Junit(render::junit::JunitDocument),
}

impl Document<'_> {
    /// What to write before the first file.
    fn start(&self) -> String {
        match self {
            Document::None => String::new(),
            Document::Json(d) => d.start(),
            Document::Sarif(d) => d.start(),
            Document::Rdjson(d) => d.start(),
            Document::Gitlab(d) => d.start(),
            Document::Junit(d) => d.start(),
        }
    }

    /// What to write for a file, after the files before it. (SARIF keeps its list of
    /// files, a line each, for the end.)
    fn add(&mut self, result: &FileResult) -> String {
        match self {
            Document::None => String::new(),
            Document::Json(d) => d.add(result),
            Document::Sarif(d) => d.add(result),
            Document::Rdjson(d) => d.add(result),
            Document::Gitlab(d) => d.add(result),
            Document::Junit(d) => d.add(result),
        }
    }

    /// The rest of the document and its final newline, in pieces to write in order.
    fn finish(self) -> Vec<String> {
        let mut pieces = match self {
            Document::None => return Vec::new(),
            Document::Json(d) => vec![d.finish()],
            Document::Sarif(d) => d.finish(),
            Document::Rdjson(d) => vec![d.finish()],
            Document::Gitlab(d) => vec![d.finish()],
            Document::Junit(d) => vec![d.finish()],
        };
        pieces.push("\n".to_string());
        pieces
    }
}

/// Files checked in parallel per batch; output is written after each batch.
const BATCH: usize = 64;

/// Where output goes: stdout, or a temporary file renamed into place at the end.
enum Sink {
    Stdout(std::io::BufWriter<std::io::Stdout>),
    File(std::io::BufWriter<tempfile::NamedTempFile>, PathBuf),
}

impl Sink {
    fn open(path: Option<&Path>) -> std::io::Result<Self> {
        Ok(match path {
            None => Sink::Stdout(std::io::BufWriter::new(std::io::stdout())),
            Some(path) => {
                let dir = match path.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                    _ => PathBuf::from("."),
                };
                Sink::File(
                    std::io::BufWriter::new(tempfile::NamedTempFile::new_in(dir)?),
                    path.to_path_buf(),
                )
            }
        })
    }

    fn write(&mut self, text: &str) -> std::io::Result<()> {
        self.write_bytes(text.as_bytes())
    }

    /// Bytes as they are: a diff's lines may be in a report's own encoding.
    fn write_bytes(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        use std::io::Write;
        match self {
            Sink::Stdout(w) => quiet_on_closed_pipe(w.write_all(bytes)),
            Sink::File(w, _) => w.write_all(bytes),
        }
    }

    fn finish(self) -> std::io::Result<()> {
        use std::io::Write;
        match self {
            Sink::Stdout(mut w) => quiet_on_closed_pipe(w.flush()),
            Sink::File(w, path) => {
                let file = w.into_inner().map_err(|e| e.into_error())?;
                file.persist(path).map_err(|e| e.error)?;
                Ok(())
            }
        }
    }
}

/// Writes a command's whole output to standard output. A reader that has gone (`gilint
/// dump F | head`) is the reader's choice, not an error; any other failure is trouble.
fn write_stdout(text: &str) -> u8 {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match quiet_on_closed_pipe(
        stdout
            .write_all(text.as_bytes())
            .and_then(|()| stdout.flush()),
    ) {
        Ok(()) => EXIT_CLEAN,
        Err(e) => {
            eprintln!("error: cannot write the output: {e}");
            EXIT_TROUBLE
        }
    }
}

/// A reader that stops reading (`gilint check . | head`) is not an error: the rest of the
/// output is dropped and the exit code still says whether there were findings.
fn quiet_on_closed_pipe(result: std::io::Result<()>) -> std::io::Result<()> {
    match result {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// For each job, the input that is the same agency's report of the year before, if any.
/// Reads every input once more (agency and year come from the parsed report).
fn pair_years(jobs: &[(PathBuf, Option<String>, usize)], reader: &Reader) -> Vec<Option<PathBuf>> {
    use rayon::prelude::*;
    let keys: Vec<Option<(String, i32)>> = jobs
        .par_iter()
        .map(|(path, walk_error, _)| {
            if walk_error.is_some() {
                return None;
            }
            let bytes = reader.read(path).ok()?;
            let name = reader.known_as(path).display().to_string();
            let (_, report) = gilint::read_report(&name, &bytes).ok()?;
            Some((report.agency?.value, report.year?.value))
        })
        .collect();
    let mut by_key: std::collections::HashMap<(&str, i32), &PathBuf> =
        std::collections::HashMap::new();
    for ((path, _, _), key) in jobs.iter().zip(&keys) {
        if let Some((agency, year)) = key {
            by_key.entry((agency.as_str(), *year)).or_insert(path);
        }
    }
    keys.iter()
        .map(|key| {
            let (agency, year) = key.as_ref()?;
            by_key
                .get(&(agency.as_str(), year - 1))
                .map(|p| (*p).clone())
        })
        .collect()
}

fn dump(args: DumpArgs) -> u8 {
    let mut paths = vec![args.path.clone()];
    let Some(reader) =
        Reader::for_command(&mut paths, args.stdin_filename.clone(), args.max_file_size)
    else {
        return EXIT_TROUBLE;
    };
    let name = reader.known_as(&args.path).display().to_string();
    let bytes = match reader.read(&args.path) {
        Ok(b) => b,
        Err(reason) => {
            eprintln!("error: {name}: {reason}");
            return EXIT_TROUBLE;
        }
    };
    if args.format == DumpFormat::Rendering {
        return match gilint::source::Input::load(name.as_str(), &bytes) {
            Ok(input) => write_stdout(&input.parsed().text),
            Err(e) => {
                eprintln!("error: {name}: {e}");
                EXIT_TROUBLE
            }
        };
    }
    match gilint::read_report(&name, &bytes) {
        Ok((source, report)) => match args.format {
            DumpFormat::Text | DumpFormat::Rendering => {
                write_stdout(&render::dump::dump_text(&source, &report))
            }
            DumpFormat::Json => {
                let doc = render::dump::dump_json(&source, &report);
                match serde_json::to_string_pretty(&doc) {
                    Ok(s) => write_stdout(&format!("{s}\n")),
                    Err(e) => {
                        eprintln!("error: {name}: cannot serialise the model: {e}");
                        EXIT_TROUBLE
                    }
                }
            }
        },
        Err(e) => {
            eprintln!("error: {name}: {e}");
            EXIT_TROUBLE
        }
    }
}

fn list_rules(args: RulesArgs) -> u8 {
    let rules = match load_rules(&args.rule_dirs, None) {
        Ok((r, ..)) => r,
        Err(code) => return code,
    };
    let text = match args.format {
        ListFormat::Text => rules
            .rules()
            .iter()
            .map(|r| {
                format!(
                    "{:<34} {:<12} {:<8} {}\n",
                    r.id,
                    r.category.as_str(),
                    r.severity.as_str(),
                    r.title
                )
            })
            .collect::<String>(),
        ListFormat::Json => {
            let list: Vec<_> = rules
                .rules()
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id, "category": r.category, "severity": r.severity, "title": r.title,
                        "kind": r.check.kind(), "profiles": r.profiles, "agencies": r.agencies,
                        "origin": r.origin, "fixable": r.check.fix().is_some(),
                    })
                })
                .collect();
            format!(
                "{}\n",
                serde_json::to_string_pretty(&list).unwrap_or_default()
            )
        }
    };
    write_stdout(&text)
}

fn explain(args: ExplainArgs) -> u8 {
    let rules = match load_rules(&args.rule_dirs, None) {
        Ok((r, ..)) => r,
        Err(code) => return code,
    };
    let Some(rule) = rules.get(&args.rule) else {
        let close: Vec<&str> = rules
            .rules()
            .iter()
            .map(|r| r.id.as_str())
            .filter(|id| id.split('-').any(|w| args.rule.contains(w)))
            .collect();
        eprintln!("error: no rule `{}`", args.rule);
        if !close.is_empty() {
            eprintln!("help: did you mean {}?", close.join(", "));
        }
        eprintln!("help: `gilint rules` lists every rule");
        return EXIT_TROUBLE;
    };
    write_stdout(&gilint::render::explain(rule))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_s_reports_are_counted_as_far_as_asked() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let sub = dir.path().join("2024");
        std::fs::create_dir(&sub).expect("a subdirectory");
        for name in ["a.txt", "b.PDF", "c.png", "d.MD"] {
            std::fs::write(dir.path().join(name), "x").expect("a file");
        }
        std::fs::write(sub.join("e.docx"), "x").expect("a file");
        // a.txt, d.MD and 2024/e.docx; not the PDF or the picture.
        let all = WalkFilter {
            no_ignore: false,
            exclude: &[],
        };
        assert_eq!(reports_under(dir.path(), 10, &all), 3);
        assert_eq!(reports_under(dir.path(), 2, &all), 2);
        let exclude = ["2024/".to_string(), "*.md".to_string()];
        let filtered = WalkFilter {
            no_ignore: false,
            exclude: &exclude,
        };
        assert_eq!(reports_under(dir.path(), 10, &filtered), 1, "only a.txt");
        assert!(is_report_file(Path::new("x/报告.HTM")));
        assert!(!is_report_file(Path::new("x/报告.pdf")));
    }
}
