//! Finding and loading the CJK font the licence is printed in.
//!
//! The font is looked for, in order: the file named by the environment
//! variable [`CjkFont::ENV`] (when set, it must be usable: no silent
//! fallback), then [`DEFAULT_FONT_PATHS`] (Debian's fonts-noto-cjk first,
//! the serif face as on paper licences). OpenType collections (`.ttc`) are
//! fine: the simplified-Chinese face (family ending in ` SC`) is chosen.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustybuzz::ttf_parser::{fonts_in_collection, name_id};

use crate::RenderError;

/// Where a CJK font is looked for when [`CjkFont::ENV`] is not set.
pub const DEFAULT_FONT_PATHS: &[&str] = &[
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
];

/// Characters every usable face must have: the fixed words of a licence.
const PROBE: &str = "证照编号发证机关有效期";

/// A loaded CJK font face, ready to print with. Loading reads the whole
/// file (tens of MB for Noto CJK): load once, render many times.
#[derive(Clone)]
pub struct CjkFont {
    path: PathBuf,
    data: Arc<Vec<u8>>,
    index: u32,
    family: String,
}

impl std::fmt::Debug for CjkFont {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CjkFont")
            .field("path", &self.path)
            .field("index", &self.index)
            .field("family", &self.family)
            .finish()
    }
}

impl CjkFont {
    /// The environment variable naming the font file to use.
    pub const ENV: &'static str = "TONGBAN_CJK_FONT";

    /// The font named by [`CjkFont::ENV`] if set, else the first usable
    /// one of [`DEFAULT_FONT_PATHS`].
    pub fn discover() -> Result<CjkFont, RenderError> {
        match std::env::var_os(Self::ENV) {
            Some(path) if !path.is_empty() => CjkFont::load(Path::new(&path)),
            _ => CjkFont::first_usable(DEFAULT_FONT_PATHS.iter().map(PathBuf::from)),
        }
    }

    /// The first of `paths` that exists and loads; [`RenderError::NoCjkFont`]
    /// listing them all when none does.
    pub fn first_usable(paths: impl IntoIterator<Item = PathBuf>) -> Result<CjkFont, RenderError> {
        let mut searched = Vec::new();
        for path in paths {
            if path.is_file()
                && let Ok(font) = CjkFont::load(&path)
            {
                return Ok(font);
            }
            searched.push(path);
        }
        Err(RenderError::NoCjkFont { searched })
    }

    /// Loads the font file at `path`, choosing its simplified-Chinese face
    /// in a collection, or else the first face that has the licence's
    /// fixed words.
    pub fn load(path: &Path) -> Result<CjkFont, RenderError> {
        let unusable = |reason: String| RenderError::FontUnusable {
            path: path.to_path_buf(),
            reason,
        };
        let data = std::fs::read(path).map_err(|e| unusable(format!("无法读取（{e}）")))?;
        let faces = fonts_in_collection(&data).unwrap_or(1);
        let mut fallback = None;
        for index in 0..faces {
            let Some(face) = rustybuzz::Face::from_slice(&data, index) else {
                continue;
            };
            if !PROBE.chars().all(|c| face.glyph_index(c).is_some()) {
                continue;
            }
            let family = family_name(&face).unwrap_or_default();
            if family.ends_with(" SC") || family.ends_with(" SC Regular") {
                return Ok(CjkFont::new(path, data, index, family));
            }
            fallback.get_or_insert((index, family));
        }
        match fallback {
            Some((index, family)) => Ok(CjkFont::new(path, data, index, family)),
            None => Err(unusable("不是字体文件，或不含中文字形".to_string())),
        }
    }

    fn new(path: &Path, data: Vec<u8>, index: u32, family: String) -> CjkFont {
        CjkFont {
            path: path.to_path_buf(),
            data: Arc::new(data),
            index,
            family,
        }
    }

    /// The file the font was loaded from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The chosen face's index in its file (0 for a single font).
    pub fn face_index(&self) -> u32 {
        self.index
    }

    /// The chosen face's family name, e.g. `Noto Serif CJK SC`.
    pub fn family(&self) -> &str {
        &self.family
    }

    pub(crate) fn data(&self) -> &Arc<Vec<u8>> {
        &self.data
    }
}

/// The face's family name (typographic family first), in English when the
/// font has it.
fn family_name(face: &rustybuzz::Face<'_>) -> Option<String> {
    let names = face.names();
    [name_id::TYPOGRAPHIC_FAMILY, name_id::FAMILY]
        .into_iter()
        .find_map(|id| {
            names
                .into_iter()
                .filter(|n| n.name_id == id && n.is_unicode())
                .find_map(|n| n.to_string())
        })
}
