//! `tongban import`, `tongban export` and `tongban migrate`.

use std::path::{Path, PathBuf};

use tongban_service::ImportSummary;

use crate::args::{DbArgs, ExportFormat};
use crate::db;
use crate::failure::Failure;

/// Applies pending migrations.
pub async fn migrate(args: &DbArgs) -> Result<(), Failure> {
    let url = db::url_of(args)?;
    db::open(&url).await?;
    println!(
        "数据库已是最新结构 / database migrated: {}",
        crate::failure::redact(&url)
    );
    Ok(())
}

/// Imports files all-or-nothing; exit code 2 with every located error when
/// they are invalid.
pub async fn import(args: &DbArgs, files: &[PathBuf]) -> Result<(), Failure> {
    for f in files {
        if !f.is_file() {
            return Err(Failure::new(
                format!("找不到导入文件“{}”", f.display()),
                format!("import file not found: {}", f.display()),
            ));
        }
    }
    let parsed = tongban_catalog_io::read_files(files).map_err(|e| Failure::invalid_catalog(&e))?;
    let service = db::service(args).await?;
    let summary = service.import(parsed).await?;
    println!("{}", summary_line(&summary));
    Ok(())
}

/// The one-line import summary.
pub fn summary_line(s: &ImportSummary) -> String {
    format!(
        "导入完成（目录修订号 {}）：行政区划 {}，部门 {}，数据元 {}，材料 {}，事项 {}，一件事 {}，证照类型 {}，证明事项 {} / imported",
        s.revision,
        s.regions,
        s.departments,
        s.data_elements,
        s.materials,
        s.items,
        s.bundles,
        s.licence_types,
        s.proofs
    )
}

/// Writes the stored catalog to `out`.
pub async fn export(args: &DbArgs, format: ExportFormat, out: &Path) -> Result<(), Failure> {
    let service = db::service(args).await?;
    let bytes = match format {
        ExportFormat::Yaml => service.export_yaml().await?.into_bytes(),
        ExportFormat::Xlsx => service.export_xlsx().await?,
    };
    std::fs::write(out, &bytes).map_err(|e| {
        Failure::new(
            format!("无法写入导出文件“{}”：{e}", out.display()),
            format!("cannot write {}", out.display()),
        )
    })?;
    println!(
        "已导出到 {}（{} 字节） / exported",
        out.display(),
        bytes.len()
    );
    Ok(())
}
