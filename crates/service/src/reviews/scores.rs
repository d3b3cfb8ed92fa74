//! Scores and the supervisors' escalation board.

use std::collections::BTreeMap;

use tongban_domain::auth::{self, Action, Actor, ObjectScope};
use tongban_domain::review::ScoreCounts;
use tongban_store::{Escalation, ScoreQuery};

use super::{ReviewService, ScoreBoard, ScoreFilter, ScoreLine, own_region, subtree_prefix};
use crate::error::ServiceError;

impl ReviewService {
    /// Satisfaction scores per group of `filter.dimension` over its
    /// period. Supervisors see their region subtree; department staff who
    /// may read their department's work see their own department
    /// (`filter.department` set to it). 满意率 = 好评 / valid ratings.
    pub async fn scores(
        &self,
        actor: &Actor,
        filter: &ScoreFilter,
    ) -> Result<ScoreBoard, ServiceError> {
        let region = match &filter.region {
            Some(r) => r.clone(),
            None => own_region(actor)?.clone(),
        };
        let supervised = ObjectScope::region(region.clone());
        let department_ok = filter.department.as_ref().is_some_and(|d| {
            let own = ObjectScope::department(d.clone(), region.clone());
            auth::authorize(actor, Action::ReadDepartmentWork, &own).is_ok()
        });
        if !department_ok {
            self.accounts
                .authorize(actor, Action::Supervise, &supervised)?;
        }
        let (from, until) =
            filter
                .period
                .bounds()
                .ok_or_else(|| ServiceError::InvalidParameter {
                    name: "to".into(),
                    reason: "统计期间超出可计算范围".into(),
                })?;
        let query = ScoreQuery {
            dimension: filter.dimension,
            from,
            until,
            region_prefix: subtree_prefix(&region).to_string(),
            department: filter.department.clone(),
        };
        let rows = self
            .store
            .score_rows(&query)
            .await
            .map_err(ServiceError::store)?;
        let mut groups: BTreeMap<String, ScoreCounts> = BTreeMap::new();
        let mut total = ScoreCounts::default();
        for row in rows {
            groups.entry(row.key).or_default().add(row.level, row.count);
            total.add(row.level, row.count);
        }
        Ok(ScoreBoard {
            dimension: filter.dimension,
            from: filter.period.from,
            to: filter.period.to,
            region,
            lines: groups
                .into_iter()
                .map(|(key, counts)| ScoreLine::of(key, counts))
                .collect(),
            total: ScoreLine::of("*".into(), total),
        })
    }

    /// Escalated rectification steps in the supervisor's region, newest
    /// first.
    pub async fn escalations(
        &self,
        actor: &Actor,
        limit: i64,
    ) -> Result<Vec<Escalation>, ServiceError> {
        let region = own_region(actor)?;
        self.accounts.authorize(
            actor,
            Action::Supervise,
            &ObjectScope::region(region.clone()),
        )?;
        self.store
            .escalations(subtree_prefix(region), limit.clamp(1, 500))
            .await
            .map_err(ServiceError::store)
    }
}
