//! An in-memory catalog store with the same contract as the real ones
//! (merge, validate, all-or-nothing, revision bump), and a small catalog.

#![allow(dead_code)]

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use async_trait::async_trait;
use tongban_domain::Bundle;
use tongban_domain::catalog::{Catalog, ServiceItem};
use tongban_store::{CatalogStore, ImportSummary, StoreError};

/// The in-memory store.
#[derive(Default)]
pub struct MemoryStore {
    state: Mutex<(Catalog, i64)>,
    /// When set, every call fails as an unreadable store would.
    pub broken: AtomicBool,
}

impl MemoryStore {
    /// The stored catalog, bypassing the failure switch.
    pub async fn load_catalog_for_test(&self) -> Catalog {
        self.state.lock().unwrap().0.clone()
    }

    fn check(&self) -> Result<(), StoreError> {
        if self.broken.load(Ordering::SeqCst) {
            return Err(StoreError::Corrupt(
                "SELECT body FROM items: disk image malformed".into(),
            ));
        }
        Ok(())
    }
}

#[async_trait]
impl CatalogStore for MemoryStore {
    async fn import_catalog(&self, incoming: Catalog) -> Result<ImportSummary, StoreError> {
        self.check()?;
        let mut state = self.state.lock().unwrap();
        let summary = ImportSummary {
            regions: incoming.regions.len(),
            departments: incoming.departments.len(),
            data_elements: incoming.data_elements.len(),
            materials: incoming.materials.len(),
            items: incoming.items.len(),
            bundles: incoming.bundles.len(),
            licence_types: incoming.licence_types.len(),
            proofs: incoming.proofs.len(),
            revision: state.1 + 1,
        };
        let mut merged = state.0.clone();
        merged.merge(incoming);
        let problems = tongban_domain::validate::validate(&merged);
        if !problems.is_empty() {
            return Err(StoreError::Invalid(problems));
        }
        *state = (merged, summary.revision);
        Ok(summary)
    }

    async fn load_catalog(&self) -> Result<Catalog, StoreError> {
        self.check()?;
        Ok(self.state.lock().unwrap().0.clone())
    }

    async fn item(&self, code: &str) -> Result<Option<ServiceItem>, StoreError> {
        self.check()?;
        Ok(self.state.lock().unwrap().0.item(code).cloned())
    }

    async fn bundle(&self, code: &str) -> Result<Option<Bundle>, StoreError> {
        self.check()?;
        Ok(self.state.lock().unwrap().0.bundle(code).cloned())
    }

    async fn catalog_revision(&self) -> Result<i64, StoreError> {
        self.check()?;
        Ok(self.state.lock().unwrap().1)
    }
}

/// A county, two departments, three items and a bundle where C waits for
/// A and B runs in parallel. By hand, for the default answers:
/// - steps: 3 + 2 + 1 = 6 one by one, 2 in the bundle;
/// - materials: A {id, photo}, B {id, business-licence (exempted by
///   licence)}, C {id} = 5 occurrences; distinct non-exempted {id, photo} = 2;
/// - fields: A {name, id}, B {name, phone}, C {name} = 5; distinct 3;
/// - days: 5 + 3 + 2 = 10 serial; critical path A → C = 7;
/// - trips: 2 + 1 + 1 = 4 one by one, 1 in the bundle.
///
/// Optional member D (1 step, 1 visit, 1 day, material `photo`) joins when
/// `need_d` is answered true.
pub const SMALL_CATALOG: &str = r#"
regions:
  - { code: "350825", name: 连城县 }
departments:
  - { code: scjg, name: 连城县市场监督管理局, uscc: 11350825MB0000011E, region: "350825" }
  - { code: wjj, name: 连城县卫生健康局, uscc: 11350825MB00000298, region: "350825" }
data_elements:
  - { code: name, name: 姓名 }
  - { code: id, name: 身份证件号码, kind: resident_id }
  - { code: phone, name: 联系电话, kind: phone }
materials:
  - { code: id-card, name: 居民身份证, source: government }
  - { code: photo, name: 免冠照片, source: self_prepared }
  - { code: business-licence, name: 营业执照, source: government }
licence_types:
  - code: business-licence
    name: 营业执照
    issuer: scjg
    holder_kind: enterprise
    number_tag: YYZZ
    validity: permanent
    issued_by: [item-a]
items:
  - code: item-a
    name: 个体工商户设立登记
    kind: confirmation
    department: scjg
    region: "350825"
    level: county
    handling: promised
    statutory_limit: { working_days: 10 }
    promised_limit: { working_days: 5 }
    visits: 2
    online_depth: pre_review
    result: { licence: { licence_type: business-licence, name: 营业执照 } }
    steps:
      - { name: 受理, limit: { working_days: 1 } }
      - { name: 审查, limit: { working_days: 3 } }
      - { name: 发照, limit: { working_days: 1 } }
    materials:
      - { material: id-card, form: original }
      - { material: photo, form: original }
    fields:
      - { label: 姓名, element: name }
      - { label: 身份证号, element: id }
  - code: item-b
    name: 食品从业人员健康证明
    kind: public_service
    department: wjj
    region: "350825"
    level: county
    handling: promised
    statutory_limit: { working_days: 5 }
    promised_limit: { working_days: 3 }
    visits: 1
    online_depth: download
    result: { document: { name: 健康证明 } }
    steps:
      - { name: 体检, limit: { working_days: 1 } }
      - { name: 出证, limit: { working_days: 2 } }
    materials:
      - { material: id-card, form: copy }
      - { material: business-licence, form: electronic, exemption: { licence: { licence_type: business-licence } } }
    fields:
      - { label: 姓名, element: name }
      - { label: 电话, element: phone }
  - code: item-c
    name: 食品经营许可
    kind: licensing
    department: scjg
    region: "350825"
    level: county
    handling: promised
    statutory_limit: { working_days: 20 }
    promised_limit: { working_days: 2 }
    visits: 1
    online_depth: pre_review
    result: { document: { name: 食品经营许可证 } }
    steps:
      - { name: 审批, limit: { working_days: 2 } }
    materials:
      - { material: id-card, form: copy }
    fields:
      - { label: 负责人, element: name }
  - code: item-d
    name: 户外招牌设置备案
    kind: other_power
    department: scjg
    region: "350825"
    level: county
    handling: immediate
    statutory_limit: { working_days: 1 }
    promised_limit: { working_days: 1 }
    visits: 1
    online_depth: info
    result: { document: { name: 备案回执 } }
    steps:
      - { name: 备案, limit: { working_days: 1 } }
    materials:
      - { material: photo, form: original }
bundles:
  - code: chef
    name: 游厨登记一件事
    theme: enterprise_stage
    region: "350825"
    lead_department: scjg
    members:
      - { item: item-a }
      - { item: item-b }
      - { item: item-c, after: [item-a] }
      - { item: item-d, optional: true }
    promised_limit: { working_days: 7 }
    steps:
      - { name: 一表申报, limit: { hours: 2 } }
      - { name: 并联审批, limit: { working_days: 5 } }
    visits: 1
    guidance:
      questions:
        - { code: need_d, text: 是否设置户外招牌？, kind: yes_no }
      rules:
        - { when: "need_d == true", include: [item-d] }
"#;
