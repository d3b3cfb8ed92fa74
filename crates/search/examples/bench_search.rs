//! Runs the search benchmark: `cargo run --release -p tongban-search
//! --example bench_search -- [ITEMS] [QUERIES] [SEED]` (defaults 100000,
//! 2000, 1).

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let items = args.first().copied().unwrap_or(100_000);
    let queries = args.get(1).copied().unwrap_or(2_000);
    let seed = args.get(2).copied().unwrap_or(1) as u64;
    match tongban_search::bench::run(items, queries, seed) {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
