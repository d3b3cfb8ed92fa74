//! Two nodes on one database: a node keeps the tables it summed only while
//! the cube is unchanged, so a case another node counts shows at once.

use tongban_domain::metrics::Figures;
use tongban_service::metrics::MetricsService;

use crate::harness::*;
use crate::support::{metrics, now, period, supervisor};

async fn shown(node: &MetricsService) -> Figures {
    let day = chrono::NaiveDate::from_ymd_opt(2025, 1, 24).unwrap();
    node.dashboard(
        &supervisor("350825"),
        &period(day, day + chrono::Days::new(60)),
    )
    .await
    .unwrap()
    .figures
}

#[tokio::test]
async fn a_dashboard_shown_on_one_node_moves_when_another_node_counts_a_case() {
    let env = env().await;
    let (viewer, counter) = (metrics(&env), metrics(&env));
    submitted(&env).await;
    counter.refresh(now()).await.unwrap();
    assert_eq!(shown(&viewer).await.cases_submitted, 1);
    // Asked again with nothing new: the same figures.
    assert_eq!(shown(&viewer).await, shown(&viewer).await);

    // A new case that no rollup has counted yet is not in the cube.
    submitted(&env).await;
    assert_eq!(shown(&viewer).await.cases_submitted, 1);
    // The other node counts it: the viewer's next answer has it.
    assert!(counter.refresh(now()).await.unwrap() > 0);
    let after = shown(&viewer).await;
    assert_eq!(after.cases_submitted, 2);
    assert_eq!(after, shown(&counter).await, "both nodes show the same");

    // A rebuild on the other node (a reset, then a recount) gives the same.
    counter.rebuild(now()).await.unwrap();
    assert_eq!(shown(&viewer).await, after);
}
