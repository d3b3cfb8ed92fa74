//! Small shapes shared by the flow's views.

use serde::Serialize;
use tongban_domain::ident::Code;

/// A code with its Chinese name (an item, a situation, a material …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NamedCode {
    /// The catalog code.
    pub code: Code,
    /// Its Chinese name (or the code when the catalog has none).
    pub name: String,
}

/// A data element named for a page: its code and its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ElementRef {
    /// The data element's code.
    pub element: Code,
    /// Its canonical Chinese name.
    pub name: String,
}
