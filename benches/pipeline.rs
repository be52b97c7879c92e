//! Criterion benches of one report through each step: decode, parse, check, and the
//! whole pipeline, for a text report and the same report as a web page and a Word file.
//! `cargo bench --bench pipeline`; bench/run.sh times the whole binary instead.

use criterion::{criterion_group, criterion_main, Criterion};

#[path = "../tests/common/generate.rs"]
mod generate;

use generate::{Rng, Shape, Spec};

fn benches(c: &mut Criterion) {
    let rules = gilint::ruleset::RuleSet::builtin().expect("rules load");
    let spec = Spec::random(&mut Rng::new(7));
    for shape in [Shape::Tabs, Shape::Gb18030, Shape::Html, Shape::Docx] {
        let rendered = generate::render(&spec, shape);
        let name = format!("report.{}", shape.extension());
        let bytes = rendered.bytes;
        let mut group = c.benchmark_group(format!("{shape:?}"));
        group.bench_function("decode", |b| {
            b.iter(|| gilint::source::Input::load(name.as_str(), &bytes).expect("loads"))
        });
        let input = gilint::source::Input::load(name.as_str(), &bytes).expect("loads");
        group.bench_function("parse", |b| b.iter(|| gilint::parse::parse(input.parsed())));
        let report = gilint::parse::parse(input.parsed());
        group.bench_function("check", |b| {
            b.iter(|| gilint::engine::check(&rules, input.parsed(), &report))
        });
        group.bench_function("pipeline", |b| {
            b.iter(|| gilint::check_bytes(&rules, &name, &bytes).expect("checks"))
        });
        group.finish();
    }
    c.bench_function("load built-in rules", |b| {
        b.iter(|| gilint::ruleset::RuleSet::builtin().expect("rules load"))
    });
}

criterion_group!(pipeline, benches);
criterion_main!(pipeline);
