//! `tongban bench search`: index build time and query latency on a
//! synthetic catalog.

use crate::failure::Failure;

/// Runs the search benchmark and prints its report.
pub fn search(items: usize, queries: usize, seed: u64) -> Result<(), Failure> {
    if items == 0 || queries == 0 {
        return Err(Failure::new(
            "--items 与 --queries 应为正整数",
            "--items and --queries must be positive",
        ));
    }
    let report = tongban_search::bench::run(items, queries, seed)
        .map_err(|e| Failure::new(format!("搜索基准测试失败：{e}"), "search benchmark failed"))?;
    println!("{report}");
    Ok(())
}
