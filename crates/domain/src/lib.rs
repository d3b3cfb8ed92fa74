//! The pure domain core of tongban (通办).
//!
//! Everything here is plain data and rules: no I/O, no async, no SQL and no
//! clock reads. Names follow `shared/glossary.md`. The store, service and
//! edge crates depend on this crate; it depends on none of them.

pub mod appeal;
pub mod auth;
pub mod auto_decision;
pub mod bundle;
pub mod case;
pub mod catalog;
pub mod cel_rules;
pub mod clock;
pub mod form;
pub mod guidance;
pub mod hall;
pub mod ident;
pub mod licence;
pub mod mask;
pub mod metrics;
pub mod proof;
pub mod review;
pub mod stats;
pub mod subject;
pub mod validate;

pub use bundle::{Bundle, BundleMember, BundleTheme};
pub use catalog::{
    Catalog, DataElement, Department, FormField, Level, MaterialDef, Region, ServiceItem,
};
