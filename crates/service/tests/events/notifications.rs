//! The applicant's in-app messages and text messages at each milestone.

use std::collections::BTreeSet;

use tongban_domain::auth::Role;
use tongban_domain::case::{Command, DeliveryMethod, Outcome};

use crate::harness::{
    FOOD, GTGSH, HEALTH, PHONE, applicant, chef_request, clerk, code, drain, env, on, staff, whole,
};

#[tokio::test]
async fn every_milestone_of_a_chef_case_reaches_its_applicant_and_no_one_else() {
    let env = env().await;
    let view = env
        .cases
        .submit(&clerk(), chef_request(), None)
        .await
        .unwrap();
    let no = view.case.case_no.to_string();
    let act = |command| {
        let cases = env.cases.clone();
        let no = no.clone();
        async move { cases.act(&clerk(), &no, command, None).await.unwrap() }
    };
    act(whole(Command::RequestSupplement {
        materials: vec![code("photo")],
        note: "照片不清晰".into(),
    }))
    .await;
    act(whole(Command::SupplyMaterials {
        materials: vec![code("photo")],
    }))
    .await;
    act(whole(Command::AcceptWithGaps {
        missing: vec![code("equipment-layout")],
    }))
    .await;
    act(whole(Command::SupplyMaterials {
        materials: vec![code("equipment-layout")],
    }))
    .await;
    for (item, dept) in [
        (GTGSH, "350825-scjg"),
        (FOOD, "350825-scjg"),
        (HEALTH, "350825-wjj"),
    ] {
        let examiner = staff(&format!("{dept}.ex"), Role::Examiner, "350825", dept);
        let leader = staff(
            &format!("{dept}.lead"),
            Role::DepartmentLeader,
            "350825",
            dept,
        );
        let grant = Command::Decide {
            outcome: Outcome::Granted,
            reasons: vec![],
        };
        for (who, command) in [
            (&examiner, Command::StartReview),
            (&leader, grant),
            (&examiner, Command::Complete),
        ] {
            env.cases
                .act(who, &no, on(item, command), None)
                .await
                .unwrap();
        }
    }
    act(whole(Command::Deliver {
        method: DeliveryMethod::Post {
            tracking_no: "SF1234567890".into(),
        },
    }))
    .await;

    assert!(drain(&env).await > 0);
    let mine = env
        .events
        .my_notifications(&applicant("zhang"), 200)
        .await
        .unwrap();
    let events: BTreeSet<&str> = mine.iter().map(|n| n.event.as_str()).collect();
    for milestone in [
        "case.submitted",
        "case.supplement_requested",
        "case.accepted",
        "case.decided",
        "case.completed",
        "case.all_completed",
        "case.delivered",
        "case.all_delivered",
    ] {
        assert!(
            events.contains(milestone),
            "{milestone} missing: {events:?}"
        );
    }
    for back_office in ["case.review_started", "case.materials_supplied"] {
        assert!(!events.contains(back_office), "{back_office} notified");
    }
    assert!(mine.iter().all(|n| n.case_no == no && !n.read));
    assert!(mine.windows(2).all(|w| w[0].id > w[1].id), "newest first");
    // The food licence was accepted with a gap, the others in full.
    let accepted: Vec<&str> = mine
        .iter()
        .filter(|n| n.event == "case.accepted")
        .map(|n| n.body.as_str())
        .collect();
    assert_eq!(accepted.len(), 3);
    assert_eq!(
        accepted.iter().filter(|b| b.contains("已容缺受理")).count(),
        1
    );
    assert!(accepted.iter().any(|b| b.contains("食品经营许可")));
    let delivered = mine
        .iter()
        .find(|n| n.event == "case.all_delivered")
        .unwrap();
    assert!(delivered.body.contains(&no) && delivered.body.contains("邮寄送达"));
    let supplement = mine
        .iter()
        .find(|n| n.event == "case.supplement_requested")
        .unwrap();
    assert!(
        supplement.body.contains("照片不清晰"),
        "{}",
        supplement.body
    );

    // Nobody else sees them; staff have no inbox.
    let other = env.events.my_notifications(&applicant("li"), 200).await;
    assert!(other.unwrap().is_empty());
    let staff_inbox = env.events.my_notifications(&clerk(), 200).await;
    assert_eq!(staff_inbox.unwrap_err().code(), "forbidden_role");

    // Text messages for the key milestones only, to the case's phone,
    // and a second dispatch sends nothing again.
    let texts = env.sms.0.lock().unwrap().clone();
    assert!(
        texts
            .iter()
            .all(|(phone, text)| phone == PHONE && text.contains(&no))
    );
    assert!(texts.iter().any(|(_, t)| t.contains("需要补正材料")));
    assert!(texts.iter().any(|(_, t)| t.contains("全部事项已办结")));
    assert!(texts.iter().any(|(_, t)| t.contains("办件结果已送达")));
    assert!(!texts.iter().any(|(_, t)| t.contains("已提交")));
    assert_eq!(drain(&env).await, 0);
    assert_eq!(env.sms.0.lock().unwrap().len(), texts.len());
    let again = env
        .events
        .my_notifications(&applicant("zhang"), 200)
        .await
        .unwrap();
    assert_eq!(again.len(), mine.len());
}

#[tokio::test]
async fn an_applicant_marks_their_own_messages_read_but_not_anyone_elses() {
    let env = env().await;
    env.cases
        .submit(&clerk(), chef_request(), None)
        .await
        .unwrap();
    drain(&env).await;
    let zhang = applicant("zhang");
    let mine = env.events.my_notifications(&zhang, 10).await.unwrap();
    assert!(!mine.is_empty());
    let first = mine[0].id;
    let li = env.events.mark_read(&applicant("li"), Some(first)).await;
    assert_eq!(li.unwrap_err().code(), "notification_not_found");
    assert_eq!(env.events.mark_read(&zhang, Some(first)).await.unwrap(), 1);
    assert_eq!(env.events.mark_read(&zhang, Some(first)).await.unwrap(), 0);
    let after = env.events.my_notifications(&zhang, 10).await.unwrap();
    assert!(after.iter().find(|n| n.id == first).unwrap().read);
    let rest = env.events.mark_read(&zhang, None).await.unwrap();
    assert_eq!(rest as usize, mine.len() - 1);
}
