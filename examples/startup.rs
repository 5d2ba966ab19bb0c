//! How long the app's startup work takes natively: loading, validating and analysing every
//! built-in scenario and translation (`builtin::load_all`), which the browser does before
//! the first screen. Run: `cargo run --profile native --example startup`.
use std::time::Instant;

fn main() {
    let runs = 20;
    let mut times = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let entries = mandate::core::builtin::load_all().expect("the built-in scenarios load");
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(entries.len(), mandate::core::builtin::sources().len());
    }
    times.sort_by(f64::total_cmp);
    println!(
        "builtin::load_all: median {:.1} ms over {runs} runs",
        times[runs / 2]
    );
    for (file, source) in mandate::core::builtin::sources() {
        let start = Instant::now();
        let _ = mandate::core::scenario::load_analysed(file, source).unwrap();
        println!("  {file}: {:.1} ms", start.elapsed().as_secs_f64() * 1000.0);
    }
}
