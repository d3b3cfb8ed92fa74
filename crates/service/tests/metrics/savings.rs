//! Must-show 4: completed itinerant-chef cases realise the bundle's reform
//! metrics once per case.

use std::sync::Arc;
use tongban_domain::case::{Command, DeliveryMethod, IntakeChannel, Outcome};
use tongban_service::CatalogService;

use crate::harness::*;
use crate::support::{metrics, now, period, supervisor};

async fn complete_one(env: &Env) {
    let case = submitted(env).await;
    let no = case.case.case_no.to_string();
    let clerk = clerk();
    env.cases
        .act(&clerk, &no, whole(Command::Accept), None)
        .await
        .unwrap();
    for member in [GTGSH, HEALTH, FOOD] {
        let dept = env.cases.case(&clerk, &no).await.unwrap();
        let Some(m) = dept.case.member(&code(member)) else {
            continue;
        };
        let leader = staff(
            &format!("lead-{member}"),
            tongban_domain::auth::Role::DepartmentLeader,
            m.terms.region.as_str(),
            m.terms.department.as_str(),
        );
        env.cases
            .act(&leader, &no, on(member, Command::StartReview), None)
            .await
            .unwrap();
        env.cases
            .act(
                &leader,
                &no,
                on(
                    member,
                    Command::Decide {
                        outcome: Outcome::Granted,
                        reasons: vec!["符合条件".into()],
                    },
                ),
                None,
            )
            .await
            .unwrap();
        env.cases
            .act(&leader, &no, on(member, Command::Complete), None)
            .await
            .unwrap();
    }
    env.cases
        .act(
            &clerk,
            &no,
            whole(Command::Deliver {
                method: DeliveryMethod::Electronic,
            }),
            None,
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn realised_savings_of_completed_chef_cases_are_the_bundle_metrics_times_the_cases() {
    let env = env().await;
    for _ in 0..3 {
        complete_one(&env).await;
    }
    let service = metrics(&env);
    service.refresh(now()).await.unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2025, 1, 24).unwrap();
    let slice = period(day, day + chrono::Days::new(60));
    let f = service
        .dashboard(&supervisor("350825"), &slice)
        .await
        .unwrap()
        .figures;
    let answers = chef_request(IntakeChannel::Window);
    let tongban_service::Application::Bundle { answers, .. } = answers.application else {
        unreachable!()
    };
    let catalog = CatalogService::new(Arc::new(env.db.clone()));
    let m = catalog.bundle_metrics(CHEF, &answers).await.unwrap();
    assert_eq!(f.bundle_cases_done, 3);
    assert_eq!(
        f.saved_materials,
        3 * i64::from(m.materials.before - m.materials.after)
    );
    assert_eq!(
        f.saved_steps,
        3 * (i64::from(m.steps.before) - i64::from(m.steps.after))
    );
    assert_eq!(
        f.saved_trips,
        3 * (i64::from(m.trips.before) - i64::from(m.trips.after))
    );
    let days = ((m.days.before * 100.0).round() - (m.days.after * 100.0).round()) * 3.0 / 100.0;
    assert!(
        (f.saved_days - days).abs() < 1e-9,
        "{} != {days}",
        f.saved_days
    );
}
