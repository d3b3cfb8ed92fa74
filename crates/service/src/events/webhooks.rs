//! Webhook subscriptions and the dead-letter list, for catalog
//! administrators: the gate is `manage_catalog` on the subscription's
//! department (the same as issuing the department system's API token),
//! so an administrator sees and manages the subscriptions and dead
//! letters of departments in their region subtree.

use tongban_domain::auth::{self, Action, Actor, ObjectScope};
use tongban_domain::ident::{Code, RegionCode};
use tongban_store::{DeliveryStatus, Subscription};

use super::{
    DeadLetter, EventService, NewSubscription, SubscriptionChange, SubscriptionCreated,
    SubscriptionView, random_id,
};
use crate::error::{Refusal, ServiceError};

/// The most dead letters one list shows.
const MAX_DEAD_LETTERS: i64 = 500;
/// The longest subscription name.
const MAX_NAME: usize = 100;
/// The longest URL.
const MAX_URL: usize = 2000;

impl EventService {
    /// Creates a subscription for a department in the admin's region; the
    /// signing secret is returned this once.
    pub async fn create_subscription(
        &self,
        actor: &Actor,
        new: NewSubscription,
    ) -> Result<SubscriptionCreated, ServiceError> {
        let region = self.department_region(&new.department).await?;
        self.accounts.authorize(
            actor,
            Action::ManageCatalog,
            &scope(&new.department, &region),
        )?;
        let subscription = Subscription {
            id: random_id(),
            name: check_name(&new.name)?,
            department: new.department,
            region,
            url: check_url(&new.url)?,
            secret: random_id() + &random_id(),
            events: check_events(&new.events)?,
            created_by: actor.id.clone(),
            created_at: self.clock.now(),
        };
        self.store
            .insert_subscription(&subscription)
            .await
            .map_err(ServiceError::store)?;
        tracing::info!(actor = %actor.id, subscription = %subscription.id, "事件订阅已创建");
        Ok(SubscriptionCreated {
            secret: subscription.secret.clone(),
            subscription: subscription.into(),
        })
    }

    /// The live subscriptions the admin may manage.
    pub async fn subscriptions(
        &self,
        actor: &Actor,
    ) -> Result<Vec<SubscriptionView>, ServiceError> {
        self.may_manage_somewhere(actor)?;
        let all = self
            .store
            .subscriptions()
            .await
            .map_err(ServiceError::store)?;
        Ok(all
            .into_iter()
            .filter(|s| manages(actor, &s.department, &s.region))
            .map(SubscriptionView::from)
            .collect())
    }

    /// One subscription the admin may manage.
    pub async fn subscription(
        &self,
        actor: &Actor,
        id: &str,
    ) -> Result<SubscriptionView, ServiceError> {
        Ok(self.managed(actor, id).await?.into())
    }

    /// Changes a subscription's name, URL or events.
    pub async fn change_subscription(
        &self,
        actor: &Actor,
        id: &str,
        change: SubscriptionChange,
    ) -> Result<SubscriptionView, ServiceError> {
        let mut s = self.managed(actor, id).await?;
        if let Some(name) = &change.name {
            s.name = check_name(name)?;
        }
        if let Some(url) = &change.url {
            s.url = check_url(url)?;
        }
        if let Some(events) = &change.events {
            s.events = check_events(events)?;
        }
        if !self
            .store
            .update_subscription(&s)
            .await
            .map_err(ServiceError::store)?
        {
            return Err(not_found());
        }
        Ok(s.into())
    }

    /// Retires a subscription: no new deliveries; its history stays.
    pub async fn delete_subscription(&self, actor: &Actor, id: &str) -> Result<(), ServiceError> {
        self.managed(actor, id).await?;
        let now = self.clock.now();
        if !self
            .store
            .disable_subscription(id, now)
            .await
            .map_err(ServiceError::store)?
        {
            return Err(not_found());
        }
        tracing::info!(actor = %actor.id, subscription = %id, "事件订阅已停用");
        Ok(())
    }

    /// The dead-letter list: deliveries given up after every attempt, of
    /// the departments the admin manages, newest first.
    pub async fn dead_letters(&self, actor: &Actor) -> Result<Vec<DeadLetter>, ServiceError> {
        self.may_manage_somewhere(actor)?;
        let dead = self
            .store
            .deliveries(DeliveryStatus::Dead, MAX_DEAD_LETTERS)
            .await
            .map_err(ServiceError::store)?;
        Ok(dead
            .into_iter()
            .filter(|d| manages(actor, &d.department, &d.region))
            .map(DeadLetter::from)
            .collect())
    }

    /// Puts a dead delivery back in the queue, due now, with a fresh count
    /// of attempts (the same delivery id, so the receiver can tell a
    /// re-delivery).
    pub async fn retry_dead_letter(&self, actor: &Actor, id: &str) -> Result<(), ServiceError> {
        self.may_manage_somewhere(actor)?;
        let Some(dead) = self
            .store
            .dead_delivery(id)
            .await
            .map_err(ServiceError::store)?
        else {
            return Err(dead_not_found());
        };
        if !manages(actor, &dead.department, &dead.region) {
            return Err(dead_not_found());
        }
        let now = self.clock.now();
        if !self
            .store
            .retry_delivery(id, now)
            .await
            .map_err(ServiceError::store)?
        {
            return Err(dead_not_found());
        }
        tracing::info!(actor = %actor.id, delivery = %id, "死信已重新排队投递");
        Ok(())
    }

    /// A live subscription the admin manages; anything else is not found.
    async fn managed(&self, actor: &Actor, id: &str) -> Result<Subscription, ServiceError> {
        self.may_manage_somewhere(actor)?;
        let found = self
            .store
            .subscription(id)
            .await
            .map_err(ServiceError::store)?;
        match found {
            Some(s) if manages(actor, &s.department, &s.region) => Ok(s),
            _ => Err(not_found()),
        }
    }

    /// Refuses (403) an actor none of whose roles manages the catalog.
    fn may_manage_somewhere(&self, actor: &Actor) -> Result<(), ServiceError> {
        match auth::authorize(actor, Action::ManageCatalog, &ObjectScope::default()) {
            Err(d) if d.reason == auth::DenialReason::RoleNotPermitted => {
                self.accounts
                    .authorize(actor, Action::ManageCatalog, &ObjectScope::default())
            }
            _ => Ok(()),
        }
    }

    /// The region of a catalog department; an unknown one is refused.
    async fn department_region(&self, department: &Code) -> Result<RegionCode, ServiceError> {
        self.directory
            .department_region(department.as_str())
            .await
            .map_err(ServiceError::store)?
            .ok_or_else(|| {
                ServiceError::refused(
                    Refusal::Invalid,
                    "unknown_department",
                    format!("目录中没有部门“{department}”，请填写事项目录中的部门编码"),
                )
            })
    }
}

/// The scope of a department's subscription.
fn scope(department: &Code, region: &RegionCode) -> ObjectScope {
    ObjectScope::department(department.clone(), region.clone())
}

/// Whether the actor manages the catalog of this department.
fn manages(actor: &Actor, department: &Code, region: &RegionCode) -> bool {
    auth::authorize(actor, Action::ManageCatalog, &scope(department, region)).is_ok()
}

fn not_found() -> ServiceError {
    ServiceError::refused(
        Refusal::NotFound,
        "subscription_not_found",
        "未找到该事件订阅",
    )
}

fn dead_not_found() -> ServiceError {
    ServiceError::refused(
        Refusal::NotFound,
        "dead_letter_not_found",
        "死信列表中没有该投递",
    )
}

fn invalid(code: &'static str, message: String) -> ServiceError {
    ServiceError::refused(Refusal::Invalid, code, message)
}

fn check_name(name: &str) -> Result<String, ServiceError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME {
        return Err(invalid(
            "invalid_subscription_name",
            format!("订阅名称应为 1 至 {MAX_NAME} 个字符"),
        ));
    }
    Ok(name.to_string())
}

/// An `http://host[:port]/path` URL. HTTPS is refused: no TLS stack is
/// built in (see `http.rs`); use an egress proxy inside the network.
fn check_url(url: &str) -> Result<String, ServiceError> {
    let url = url.trim();
    if url.len() > MAX_URL {
        return Err(invalid(
            "invalid_webhook_url",
            format!("推送地址过长（最多 {MAX_URL} 个字符）"),
        ));
    }
    if url.starts_with("https://") {
        return Err(invalid(
            "webhook_https_unsupported",
            "暂只支持 http:// 推送地址：请经政务内网或出口代理（由代理加密）接入".into(),
        ));
    }
    let parsed: Result<hyper::Uri, _> = url.parse();
    match parsed {
        Ok(uri) if uri.scheme_str() == Some("http") && uri.host().is_some() => Ok(url.to_string()),
        _ => Err(invalid(
            "invalid_webhook_url",
            format!("推送地址“{url}”无效：应形如 http://主机:端口/路径"),
        )),
    }
}

/// Event codes: `*`, or codes like `case.accepted`; at least one.
fn check_events(events: &[String]) -> Result<Vec<String>, ServiceError> {
    let mut out: Vec<String> = Vec::new();
    for e in events {
        let e = e.trim();
        let ok = e == "*"
            || (e.starts_with("case.")
                && e.len() <= 64
                && e[5..].chars().all(|c| c.is_ascii_lowercase() || c == '_')
                && e.len() > 5);
        if !ok {
            return Err(invalid(
                "invalid_event_filter",
                format!("事件类型“{e}”无效：应为 * 或形如 case.accepted 的事件编码"),
            ));
        }
        if !out.iter().any(|o| o == e) {
            out.push(e.to_string());
        }
    }
    if out.is_empty() {
        return Err(invalid(
            "invalid_event_filter",
            "请至少选择一种事件类型（或 * 表示全部）".into(),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_http_urls_with_a_host_are_accepted() {
        assert!(check_url("http://127.0.0.1:9000/hook").is_ok());
        assert_eq!(
            check_url("https://x.gov.cn/hook").unwrap_err().code(),
            "webhook_https_unsupported"
        );
        for bad in ["ftp://x/hook", "x.gov.cn/hook", "http://", ""] {
            assert_eq!(
                check_url(bad).unwrap_err().code(),
                "invalid_webhook_url",
                "{bad}"
            );
        }
    }

    #[test]
    fn event_filters_name_event_codes_or_everything() {
        assert_eq!(
            check_events(&["case.accepted".into(), "case.accepted".into()]).unwrap(),
            vec!["case.accepted".to_string()]
        );
        assert!(check_events(&["*".into()]).is_ok());
        for bad in [
            vec![],
            vec!["accepted".to_string()],
            vec!["case.".to_string()],
        ] {
            assert_eq!(
                check_events(&bad).unwrap_err().code(),
                "invalid_event_filter"
            );
        }
    }
}
