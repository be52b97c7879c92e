//! One line per finding: `path:line:col: severity[rule-id] message`, the message marked
//! `[*]` when the finding has a suggested fix (as ruff marks them; see `--diff`).

use super::FileResult;

pub fn render(results: &[FileResult]) -> String {
    let mut out = String::new();
    for result in results {
        let Ok((source, findings)) = &result.outcome else {
            continue;
        };
        for f in findings {
            let at = f
                .labels
                .iter()
                .find(|l| l.primary)
                .or(f.labels.first())
                .map_or(crate::source::Location { line: 1, column: 1 }, |l| {
                    source.location(l.span.start)
                });
            out.push_str(&format!(
                "{}:{}:{}: {}[{}] {}{}\n",
                source.name,
                at.line,
                at.column,
                f.severity.as_str(),
                f.rule,
                if f.fix.is_some() { "[*] " } else { "" },
                f.message_with_place()
            ));
        }
    }
    out
}
