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
            let at = super::location_of(source, f);
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
