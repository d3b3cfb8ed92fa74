//! Webhooks: subscriptions managed by catalog administrators, signed
//! deliveries, retries with growing delays, the dead-letter list and its
//! retry.

use std::collections::BTreeSet;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use tongban_domain::auth::Role;
use tongban_service::events::{NewSubscription, SubscriptionChange};

use crate::harness::{accepted_chef_case, admin, chef_request, clerk, code, drain, env, staff};
use crate::receiver;

fn subscription(url: &str, events: &[&str]) -> NewSubscription {
    NewSubscription {
        name: "市场监管审批系统".into(),
        department: code("350825-scjg"),
        url: url.into(),
        events: events.iter().map(|e| e.to_string()).collect(),
    }
}

fn hmac_hex(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body);
    let bytes = mac.finalize().into_bytes();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn a_subscribed_system_receives_each_matching_event_signed_with_its_secret() {
    let env = env().await;
    let (receiver, url) = receiver::start().await;
    let created = env
        .events
        .create_subscription(&admin(), subscription(&url, &["case.accepted"]))
        .await
        .unwrap();
    let no = accepted_chef_case(&env).await;
    drain(&env).await;
    let now = env.clock.now_for_test();
    assert_eq!(env.events.deliver_webhooks_once(now).await.unwrap(), 3);
    let got = receiver.got();
    // One accepted event per member; nothing else was subscribed.
    assert_eq!(got.len(), 3);
    let ids: BTreeSet<&str> = got.iter().map(|g| g.delivery.as_str()).collect();
    assert_eq!(ids.len(), 3);
    for g in &got {
        assert_eq!(g.event, "case.accepted");
        let expected = format!("sha256={}", hmac_hex(&created.secret, &g.body));
        assert_eq!(g.signature, expected);
        let body: serde_json::Value = serde_json::from_slice(&g.body).unwrap();
        assert_eq!(body["event"], "case.accepted");
        assert_eq!(body["case_no"], no.as_str());
        assert_eq!(body["delivery"], g.delivery.as_str());
        let wrong = format!("sha256={}", hmac_hex("another-secret", &g.body));
        assert_ne!(g.signature, wrong);
    }
    // Delivered ones are not sent again.
    assert_eq!(env.events.deliver_webhooks_once(now).await.unwrap(), 0);
}

#[tokio::test]
async fn a_failing_receiver_is_retried_ever_later_then_dead_lettered_and_retried_by_an_admin() {
    let env = env().await;
    let (receiver, url) = receiver::start().await;
    receiver.answer(500);
    env.events
        .create_subscription(&admin(), subscription(&url, &["case.submitted"]))
        .await
        .unwrap();
    env.cases
        .submit(&clerk(), chef_request(), None)
        .await
        .unwrap();
    drain(&env).await;
    let t0 = env.clock.now_for_test();
    let secs = |s: i64| t0 + chrono::Duration::seconds(s);
    // Settings: 4 attempts, waits of 1 s, 2 s, 4 s after the failures.
    let schedule = [
        (0, 3),
        (0, 0),
        (1, 3),
        (2, 0),
        (3, 3),
        (6, 0),
        (7, 3),
        (100, 0),
    ];
    for (at_second, attempts) in schedule {
        let made = env
            .events
            .deliver_webhooks_once(secs(at_second))
            .await
            .unwrap();
        assert_eq!(made, attempts, "at +{at_second}s");
    }
    let got = receiver.got();
    assert_eq!(got.len(), 12);
    let ids: BTreeSet<&str> = got.iter().map(|g| g.delivery.as_str()).collect();
    assert_eq!(ids.len(), 3, "a retry keeps its delivery id");

    let dead = env.events.dead_letters(&admin()).await.unwrap();
    assert_eq!(dead.len(), 3);
    assert!(
        dead.iter()
            .all(|d| d.attempts == 4 && d.last_status == Some(500))
    );
    assert!(dead.iter().all(|d| d.event == "case.submitted"));

    // Only an administrator of the department's region may see or retry.
    let far_admin = staff("far", Role::CatalogAdmin, "370000", "350825-scjg");
    assert!(
        env.events
            .dead_letters(&far_admin)
            .await
            .unwrap()
            .is_empty()
    );
    let refused = env.events.retry_dead_letter(&far_admin, &dead[0].id).await;
    assert_eq!(refused.unwrap_err().code(), "dead_letter_not_found");
    let examiner = staff("ex", Role::Examiner, "350825", "350825-scjg");
    let refused = env.events.dead_letters(&examiner).await;
    assert_eq!(refused.unwrap_err().code(), "forbidden_role");

    receiver.answer(200);
    let later = secs(200);
    env.clock.set(&later.to_rfc3339());
    env.events
        .retry_dead_letter(&admin(), &dead[0].id)
        .await
        .unwrap();
    assert_eq!(env.events.deliver_webhooks_once(later).await.unwrap(), 1);
    let last = receiver.got().pop().unwrap();
    assert_eq!(last.delivery, dead[0].id);
    assert_eq!(env.events.dead_letters(&admin()).await.unwrap().len(), 2);
    let again = env.events.retry_dead_letter(&admin(), &dead[0].id).await;
    assert_eq!(again.unwrap_err().code(), "dead_letter_not_found");
}

#[tokio::test]
async fn subscriptions_are_created_changed_and_retired_by_catalog_admins_only() {
    let env = env().await;
    let url = "http://127.0.0.1:9/hook";
    let created = env
        .events
        .create_subscription(&admin(), subscription(url, &["*"]))
        .await
        .unwrap();
    assert_eq!(created.secret.len(), 64);
    let id = created.subscription.id.clone();
    let listed = env.events.subscriptions(&admin()).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert!(
        !serde_json::to_string(&listed)
            .unwrap()
            .contains(&created.secret)
    );

    let change = SubscriptionChange {
        events: Some(vec!["case.decided".into()]),
        ..SubscriptionChange::default()
    };
    let changed = env
        .events
        .change_subscription(&admin(), &id, change)
        .await
        .unwrap();
    assert_eq!(changed.events, vec!["case.decided".to_string()]);

    let https = env
        .events
        .create_subscription(&admin(), subscription("https://x.gov.cn/h", &["*"]))
        .await;
    assert_eq!(https.unwrap_err().code(), "webhook_https_unsupported");
    let mut unknown = subscription(url, &["*"]);
    unknown.department = code("350825-nosuch");
    let unknown = env.events.create_subscription(&admin(), unknown).await;
    assert_eq!(unknown.unwrap_err().code(), "unknown_department");
    let by_clerk = env
        .events
        .create_subscription(&clerk(), subscription(url, &["*"]))
        .await;
    assert_eq!(by_clerk.unwrap_err().code(), "forbidden_role");
    let far_admin = staff("far", Role::CatalogAdmin, "370000", "350825-scjg");
    let far = env.events.subscription(&far_admin, &id).await;
    assert_eq!(far.unwrap_err().code(), "subscription_not_found");

    env.events.delete_subscription(&admin(), &id).await.unwrap();
    assert!(env.events.subscriptions(&admin()).await.unwrap().is_empty());
    let gone = env.events.delete_subscription(&admin(), &id).await;
    assert_eq!(gone.unwrap_err().code(), "subscription_not_found");
}
