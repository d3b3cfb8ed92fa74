//! The applicant's in-app messages (我的消息): only their own, newest
//! first, and marking them read.

use tongban_domain::auth::{Action, Actor, ActorKind, ObjectScope};

use super::{EventService, NotificationView};
use crate::error::{Refusal, ServiceError};

/// The most messages one list shows.
const MAX_LIST: i64 = 200;

impl EventService {
    /// The actor's own messages, newest first. Only applicants have them.
    pub async fn my_notifications(
        &self,
        actor: &Actor,
        limit: i64,
    ) -> Result<Vec<NotificationView>, ServiceError> {
        self.own(actor)?;
        let found = self
            .store
            .notifications(&actor.id, limit.clamp(1, MAX_LIST))
            .await
            .map_err(ServiceError::store)?;
        Ok(found.into_iter().map(NotificationView::from).collect())
    }

    /// Marks one of the actor's messages read (`None`: all of them);
    /// returns how many were unread. Someone else's message id is
    /// answered as not found.
    pub async fn mark_read(&self, actor: &Actor, id: Option<i64>) -> Result<u64, ServiceError> {
        self.own(actor)?;
        let now = self.clock.now();
        let marked = self
            .store
            .mark_read(&actor.id, id, now)
            .await
            .map_err(ServiceError::store)?;
        if id.is_some() && marked == 0 {
            let mine = self
                .store
                .notifications(&actor.id, MAX_LIST)
                .await
                .map_err(ServiceError::store)?;
            if !mine.iter().any(|n| Some(n.id) == id) {
                return Err(ServiceError::refused(
                    Refusal::NotFound,
                    "notification_not_found",
                    "未找到该消息",
                ));
            }
        }
        Ok(marked)
    }

    /// The gate: an applicant reading their own data.
    fn own(&self, actor: &Actor) -> Result<(), ServiceError> {
        let scope = ObjectScope::default().owned_by(actor.id.clone());
        self.accounts
            .authorize(actor, Action::ReadOwnData, &scope)?;
        if actor.kind != ActorKind::Applicant {
            return Err(ServiceError::refused(
                Refusal::NotFound,
                "notification_not_found",
                "未找到该消息",
            ));
        }
        Ok(())
    }
}
