//! Embeds every rule file under rules/ into the binary, so `gilint report.txt` works
//! anywhere without a rules directory next to it.

use std::{env, fs, path::Path};

fn collect(dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path.to_string_lossy().replace('\\', "/"));
        }
    }
}

fn main() {
    println!("cargo:rerun-if-changed=rules");
    let root = env::var("CARGO_MANIFEST_DIR").expect("set by cargo");
    let mut files = Vec::new();
    collect(&Path::new(&root).join("rules"), &mut files);
    let mut code = String::from("pub static RULES: &[(&str, &str)] = &[\n");
    for file in &files {
        let name = file.strip_prefix(&format!("{root}/")).unwrap_or(file);
        code.push_str(&format!("    ({name:?}, include_str!({file:?})),\n"));
    }
    code.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").expect("set by cargo")).join("embedded_rules.rs");
    fs::write(out, code).expect("write embedded_rules.rs");
}
