//! Writes N generated reports (deterministic from a seed) for benchmarks and experiments:
//! tab-separated, Markdown, CRLF with full-width digits, GB18030 and space-aligned text,
//! about one in five with an injected defect.
//!
//!     cargo run --release --example generate_corpus -- DIR N [SEED] [PROSE]
//!
//! PROSE (default 1) multiplies the prose paragraphs: 10 gives a big city's long report.

#[path = "../tests/common/generate.rs"]
mod generate;

use generate::{Rng, Shape, Spec};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: generate_corpus DIR N [SEED] [PROSE]");
        std::process::exit(2);
    }
    let dir = std::path::PathBuf::from(&args[1]);
    let n: usize = args[2].parse().unwrap_or_else(|_| {
        eprintln!("error: N must be a number");
        std::process::exit(2)
    });
    let seed: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1);
    let prose: usize = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(1);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("error: {}: {e}", dir.display());
        std::process::exit(2);
    }
    let mut rng = Rng::new(seed);
    for i in 0..n {
        let mut spec = Spec::random(&mut rng);
        spec.long_prose = spec.long_prose * prose + prose.saturating_sub(1) * 8;
        match rng.below(10) {
            0 => spec.t3[rng.below(25) as usize][rng.below(7) as usize] += 1,
            1 => spec.fee_statement = false,
            _ => {}
        }
        let shape = *rng.pick(Shape::CORPUS);
        let rendered = generate::render(&spec, shape);
        let ext = shape.extension();
        let path = dir.join(format!("report-{i:06}.{ext}"));
        if let Err(e) = std::fs::write(&path, &rendered.bytes) {
            eprintln!("error: {}: {e}", path.display());
            std::process::exit(2);
        }
    }
}
