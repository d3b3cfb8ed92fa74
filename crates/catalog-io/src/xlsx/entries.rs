//! The flat sheets: 区划, 部门, 数据元, 材料.

use tongban_domain::catalog::{
    DataElement, Department, ElementKind, MaterialDef, MaterialSource, Region,
};
use tongban_domain::validate::EntityKind;

use super::cells;
use super::layout::{DATA_ELEMENTS, DEPARTMENTS, MATERIALS, REGIONS};
use super::sheet::Row;
use super::{Build, Parents};

/// Reads the flat sheets into the catalog.
pub(crate) fn read(build: &mut Build) {
    let regions = Parents::read(build, &REGIONS, region);
    regions.finish(
        &mut build.sources,
        EntityKind::Region,
        |r| r.code.to_string(),
        &mut build.catalog.regions,
    );
    let departments = Parents::read(build, &DEPARTMENTS, department);
    departments.finish(
        &mut build.sources,
        EntityKind::Department,
        |d| d.code.to_string(),
        &mut build.catalog.departments,
    );
    let elements = Parents::read(build, &DATA_ELEMENTS, data_element);
    elements.finish(
        &mut build.sources,
        EntityKind::DataElement,
        |e| e.code.to_string(),
        &mut build.catalog.data_elements,
    );
    let materials = Parents::read(build, &MATERIALS, material);
    materials.finish(
        &mut build.sources,
        EntityKind::Material,
        |m| m.code.to_string(),
        &mut build.catalog.materials,
    );
}

fn region(row: &mut Row) -> Option<Region> {
    let code = row.required("code", cells::region);
    let name = row.required_text("name");
    let parent = row.parse("parent", cells::region);
    Some(Region {
        code: code?,
        name: name?,
        parent,
    })
}

fn department(row: &mut Row) -> Option<Department> {
    let code = row.required("code", cells::code);
    let name = row.required_text("name");
    let uscc = row.required("uscc", cells::uscc);
    let region = row.required("region", cells::region);
    Some(Department {
        code: code?,
        name: name?,
        uscc: uscc?,
        region: region?,
    })
}

fn data_element(row: &mut Row) -> Option<DataElement> {
    let code = row.required("code", cells::code);
    let name = row.required_text("name");
    let kind = row.parse("kind", cells::label::<ElementKind>);
    let pattern = row.text("pattern");
    let dictionary = row.text("dictionary").map(|t| cells::lines(&t));
    Some(DataElement {
        code: code?,
        name: name?,
        kind: kind.unwrap_or_default(),
        pattern,
        dictionary: dictionary.unwrap_or_default(),
    })
}

fn material(row: &mut Row) -> Option<MaterialDef> {
    let code = row.required("code", cells::code);
    let name = row.required_text("name");
    let source = row.required("source", cells::label::<MaterialSource>);
    Some(MaterialDef {
        code: code?,
        name: name?,
        source: source?,
    })
}
