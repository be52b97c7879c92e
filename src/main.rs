fn main() {
    let path = std::env::args().nth(1).expect("path");
    let bytes = std::fs::read(&path).expect("read");
    match gilint::read_report(&path, &bytes) {
        Ok((s, r)) => print!("{}", gilint::render::dump::dump_text(&s, &r)),
        Err(e) => eprintln!("{e}"),
    }
}
