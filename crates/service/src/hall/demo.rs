//! The demo halls: one 政务服务中心 with four windows for each county of
//! the catalog, and a morning's worth of numbers so the "hall now" panel
//! is not empty.

use chrono::{DateTime, Duration, Utc};
use tongban_domain::catalog::Level;
use tongban_domain::hall::{TicketChannel, business_day, day_start};
use tongban_store::{Finish, HallWrite, NewTicket, Stamp, WindowWrite};

use super::HallService;
use super::views::DemoHalls;
use crate::error::ServiceError;

/// Who the demo's changes are recorded as.
const SEEDER: &str = "system:hall-demo";
/// One call of the demo morning: the window (0 or 1), the step it calls
/// at, and how and at which step the number ends (still at the window when
/// `None`).
type Play = (usize, i64, Option<(Finish, i64)>);

/// The numbers taken per hall.
const DEMO_TICKETS: usize = 8;

impl HallService {
    /// Creates, once, a hall `<county>-zwzx` with four windows for each
    /// county of the stored catalog (three 综合窗口 and one for the
    /// county's 市场监管局 when the catalog has one), and, when a hall has
    /// no number yet on `now`'s day, eight numbers taken over the last hour
    /// and a half: two served, one absent, two at windows 01 and 02 (opened
    /// by demo clerks), three waiting. Calling it again changes nothing.
    pub async fn seed_demo(&self, now: DateTime<Utc>) -> Result<DemoHalls, ServiceError> {
        let regions = self
            .store
            .catalog_regions()
            .await
            .map_err(ServiceError::store)?;
        let mut done = DemoHalls::default();
        for (region, name) in regions.iter().filter(|(r, _)| r.level() == Level::County) {
            let code = format!("{}-zwzx", region.as_str());
            let exists = self.store.hall(&code).await.map_err(ServiceError::store)?;
            if exists.is_none() {
                self.seed_hall(&code, region, name, now).await?;
                done.created += 1;
            }
            done.halls += 1;
            let day = business_day(now);
            let taken = self
                .store
                .tickets_on(&code, day)
                .await
                .map_err(ServiceError::store)?;
            if taken == 0 {
                done.tickets += self.seed_tickets(&code, now).await?;
            }
        }
        Ok(done)
    }

    async fn seed_hall(
        &self,
        code: &str,
        region: &tongban_domain::ident::RegionCode,
        name: &str,
        now: DateTime<Utc>,
    ) -> Result<(), ServiceError> {
        let stamp = Stamp {
            actor: SEEDER.into(),
            at: now,
        };
        let hall = HallWrite {
            code: code.into(),
            name: format!("{name}政务服务中心"),
            region: region.clone(),
            address: Some(format!("{name}行政服务中心一楼大厅")),
        };
        self.store
            .save_hall(&hall, &stamp)
            .await
            .map_err(ServiceError::store)?;
        let market = format!("{}-scjg", region.as_str());
        let has_market = self
            .store
            .catalog_entry(&market)
            .await
            .map_err(ServiceError::store)?
            .is_some_and(|e| e.kind == "department");
        for i in 1..=4 {
            let (name, serves) = if i == 4 && has_market {
                ("4号市场准入窗口".to_string(), vec![market.clone()])
            } else {
                (format!("{i}号综合窗口"), Vec::new())
            };
            let window = WindowWrite {
                hall: code.into(),
                code: format!("{i:02}"),
                name,
                serves,
            };
            self.store
                .save_window(&window, &stamp)
                .await
                .map_err(ServiceError::store)?;
        }
        Ok(())
    }

    /// Takes the demo numbers and plays the morning through the real queue.
    async fn seed_tickets(&self, hall: &str, now: DateTime<Utc>) -> Result<usize, ServiceError> {
        // Spread the morning over the last 90 minutes, not before midnight.
        let start = (now - Duration::minutes(90)).max(day_start(business_day(now)));
        let span = (now - start).num_seconds().max(0);
        let steps = 10;
        let at = |step: i64| start + Duration::seconds(span * step / steps);
        let store = &self.store;
        let mut ids = Vec::with_capacity(DEMO_TICKETS);
        for i in 0..DEMO_TICKETS {
            let new = NewTicket {
                hall: hall.into(),
                channel: if i % 4 == 3 {
                    TicketChannel::Online
                } else {
                    TicketChannel::Kiosk
                },
                service: None,
                service_name: None,
                department: None,
                phone: None,
                taken_by: None,
            };
            let stamp = Stamp {
                actor: "kiosk".into(),
                at: at(i64::try_from(i).unwrap_or(0)),
            };
            ids.push(
                store
                    .take_ticket(&new, &stamp)
                    .await
                    .map_err(ServiceError::store)?
                    .id,
            );
        }
        let clerks = [
            ("01", format!("demo:{hall}:01")),
            ("02", format!("demo:{hall}:02")),
        ];
        for (window, clerk) in &clerks {
            let stamp = Stamp {
                actor: clerk.clone(),
                at: at(2),
            };
            store
                .set_window(hall, window, true, &stamp)
                .await
                .map_err(ServiceError::store)?;
        }
        let plays: [Play; 5] = [
            (0, 3, Some((Finish::Served { case_no: None }, 5))),
            (1, 4, Some((Finish::Served { case_no: None }, 7))),
            (0, 6, Some((Finish::Absent, 7))),
            (0, 8, None),
            (1, 9, None),
        ];
        for (window, call_step, end) in plays {
            let (code, clerk) = &clerks[window];
            let stamp = Stamp {
                actor: clerk.clone(),
                at: at(call_step),
            };
            let called = store
                .call_next(hall, code, &stamp)
                .await
                .map_err(ServiceError::store)?;
            if let (tongban_store::CallOutcome::Called(t), Some((how, step))) = (called, end) {
                let stamp = Stamp {
                    actor: clerk.clone(),
                    at: at(step),
                };
                store
                    .finish_ticket(&t.id, &how, &stamp)
                    .await
                    .map_err(ServiceError::store)?;
            }
        }
        Ok(ids.len())
    }
}
