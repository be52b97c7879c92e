//! Embeds every rule file under rules/ into the binary, so `gilint report.txt` works
//! anywhere without a rules directory next to it, and names the build by what went into
//! it, so that a findings cache never hands one build's findings to another.

use std::hash::{Hash, Hasher};
use std::{env, fs, path::Path};

/// Every file under `dir`, sorted, into `out`.
fn files_under(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// A hash of the sources, the embedded rules and the locked dependencies: what decides
/// the findings of a build. (`DefaultHasher::new` has fixed keys: the same inputs give
/// the same id.)
fn build_id(root: &Path) -> String {
    let mut paths = Vec::new();
    for dir in ["src", "rules"] {
        files_under(&root.join(dir), &mut paths);
    }
    paths.extend(["Cargo.toml", "Cargo.lock", "build.rs"].map(|f| root.join(f)));
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    env::var("CARGO_PKG_VERSION")
        .unwrap_or_default()
        .hash(&mut hasher);
    for path in paths {
        path.strip_prefix(root).unwrap_or(&path).hash(&mut hasher);
        fs::read(&path).unwrap_or_default().hash(&mut hasher);
    }
    format!("{:016x}", hasher.finish())
}

fn main() {
    for watched in ["rules", "src", "Cargo.toml", "Cargo.lock", "build.rs"] {
        println!("cargo:rerun-if-changed={watched}");
    }
    let root = env::var("CARGO_MANIFEST_DIR").expect("set by cargo");
    println!(
        "cargo:rustc-env=GILINT_BUILD_ID={}",
        build_id(Path::new(&root))
    );
    let mut rule_paths = Vec::new();
    files_under(&Path::new(&root).join("rules"), &mut rule_paths);
    let files: Vec<String> = rule_paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    let mut code = String::from("pub static RULES: &[(&str, &str)] = &[\n");
    for file in &files {
        let name = file.strip_prefix(&format!("{root}/")).unwrap_or(file);
        code.push_str(&format!("    ({name:?}, include_str!({file:?})),\n"));
    }
    code.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").expect("set by cargo")).join("embedded_rules.rs");
    fs::write(out, code).expect("write embedded_rules.rs");
}
