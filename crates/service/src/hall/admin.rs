//! Halls and windows: the catalog administrators' create/update, the
//! public hall page data, and the halls a clerk may work in.

use tongban_domain::auth::{Action, Actor, ObjectScope};
use tongban_domain::ident::{Code, RegionCode};
use tongban_store::{HallWrite, WindowWrite};

use super::views::{HallInput, HallView, ServiceChoice, WindowInput};
use super::{HallService, hall_not_found, in_scope};
use crate::error::{Refusal, ServiceError};

/// The longest name or address accepted.
const MAX_TEXT: usize = 100;
/// The most codes one window may list.
const MAX_SERVES: usize = 50;

impl HallService {
    /// Creates or updates hall `code` (catalog administrators of its
    /// region); true when it was created.
    pub async fn save_hall(
        &self,
        actor: &Actor,
        code: &str,
        input: &HallInput,
    ) -> Result<bool, ServiceError> {
        let code = parse_code(code, "hall_code_invalid")?;
        let region = RegionCode::parse(input.region.trim()).map_err(|e| {
            ServiceError::refused(Refusal::Invalid, "hall_region_invalid", e.message)
        })?;
        self.accounts.authorize(
            actor,
            Action::ManageCatalog,
            &ObjectScope::region(region.clone()),
        )?;
        if let Some(existing) = self
            .store
            .hall(code.as_str())
            .await
            .map_err(ServiceError::store)?
        {
            // Moving a hall needs the right over where it is now too.
            self.accounts.authorize(
                actor,
                Action::ManageCatalog,
                &ObjectScope::region(existing.region),
            )?;
        }
        let known = self
            .store
            .catalog_regions()
            .await
            .map_err(ServiceError::store)?
            .iter()
            .any(|(r, _)| *r == region);
        if !known {
            return Err(ServiceError::refused(
                Refusal::Invalid,
                "hall_region_unknown",
                format!("行政区划“{}”不在事项目录中", region.as_str()),
            ));
        }
        let write = HallWrite {
            code: code.as_str().to_string(),
            name: text(&input.name, "hall_name_invalid", "大厅名称")?,
            region,
            address: optional_text(input.address.as_deref(), "hall_address_invalid", "大厅地址")?,
        };
        self.store
            .save_hall(&write, &self.stamp(&actor.id))
            .await
            .map_err(ServiceError::store)
    }

    /// Creates or updates window `window` of hall `hall` (catalog
    /// administrators of the hall's region); true when it was created. Every
    /// code it serves must be an item, bundle or department of the catalog.
    pub async fn save_window(
        &self,
        actor: &Actor,
        hall: &str,
        window: &str,
        input: &WindowInput,
    ) -> Result<bool, ServiceError> {
        let hall = self.hall_for(actor, Action::ManageCatalog, hall).await?;
        let window = parse_code(window, "hall_window_code_invalid")?;
        if input.serves.len() > MAX_SERVES {
            return Err(ServiceError::refused(
                Refusal::Invalid,
                "hall_window_serves_invalid",
                format!("一个窗口最多列出 {MAX_SERVES} 项业务"),
            ));
        }
        let mut serves = Vec::with_capacity(input.serves.len());
        for code in &input.serves {
            let code = parse_code(code.trim(), "hall_window_serves_invalid")?;
            let entry = self
                .store
                .catalog_entry(code.as_str())
                .await
                .map_err(ServiceError::store)?;
            if entry.is_none() {
                return Err(ServiceError::refused(
                    Refusal::Invalid,
                    "hall_window_serves_invalid",
                    format!("“{}”不是目录中的事项、一件事或部门", code.as_str()),
                ));
            }
            serves.push(code.as_str().to_string());
        }
        let write = WindowWrite {
            hall: hall.code,
            code: window.as_str().to_string(),
            name: text(&input.name, "hall_window_name_invalid", "窗口名称")?,
            serves,
        };
        self.store
            .save_window(&write, &self.stamp(&actor.id))
            .await
            .map_err(ServiceError::store)
    }

    /// A hall with its windows and what a number may ask for (public).
    pub async fn hall(&self, code: &str) -> Result<HallView, ServiceError> {
        let row = self
            .store
            .hall(code)
            .await
            .map_err(ServiceError::store)?
            .ok_or_else(|| hall_not_found(code))?;
        let windows = self
            .store
            .windows(code)
            .await
            .map_err(ServiceError::store)?;
        let mut services = Vec::new();
        for code in windows.iter().flat_map(|w| w.serves.iter()) {
            if services.iter().any(|s: &ServiceChoice| s.code == *code) {
                continue;
            }
            let entry = self
                .store
                .catalog_entry(code)
                .await
                .map_err(ServiceError::store)?;
            if let Some(entry) = entry.filter(|e| e.kind != "department") {
                services.push(ServiceChoice {
                    code: code.clone(),
                    name: entry.name,
                });
            }
        }
        Ok(HallView::of(&row, &windows, services))
    }

    /// The halls a clerk may work in (their region subtree), with windows.
    pub async fn halls_for_clerk(&self, actor: &Actor) -> Result<Vec<HallView>, ServiceError> {
        let own = ObjectScope {
            region: actor.region.clone(),
            ..ObjectScope::default()
        };
        self.accounts.authorize(actor, Action::IntakeCase, &own)?;
        let Some(region) = &actor.region else {
            return Ok(Vec::new());
        };
        let halls = self
            .store
            .halls_within(region)
            .await
            .map_err(ServiceError::store)?;
        let mut views = Vec::with_capacity(halls.len());
        for hall in halls
            .iter()
            .filter(|h| in_scope(actor, Action::IntakeCase, h))
        {
            let windows = self
                .store
                .windows(&hall.code)
                .await
                .map_err(ServiceError::store)?;
            views.push(HallView::of(hall, &windows, Vec::new()));
        }
        Ok(views)
    }
}

/// A refusal for a window missing from its hall.
pub(super) fn window_not_found(window: &str) -> ServiceError {
    ServiceError::refused(
        Refusal::NotFound,
        "hall_window_not_found",
        format!("未找到窗口“{window}”"),
    )
}

fn parse_code(text: &str, code: &'static str) -> Result<Code, ServiceError> {
    Code::parse(text).map_err(|e| ServiceError::refused(Refusal::Invalid, code, e.message))
}

fn text(value: &str, code: &'static str, what: &str) -> Result<String, ServiceError> {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > MAX_TEXT {
        return Err(ServiceError::refused(
            Refusal::Invalid,
            code,
            format!("{what}应为 1 至 {MAX_TEXT} 个字"),
        ));
    }
    Ok(value.to_string())
}

fn optional_text(
    value: Option<&str>,
    code: &'static str,
    what: &str,
) -> Result<Option<String>, ServiceError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => text(v, code, what).map(Some),
        None => Ok(None),
    }
}
