//! A real headless Chromium for page tests, driven over WebDriver.
//!
//! [`Browser::launch`] starts Debian's `chromedriver` on a free port of
//! 127.0.0.1 (as a child process in its own process group, killed with the
//! browser it started when the [`Browser`] is dropped), waits until it
//! answers `/status`, and opens a fantoccini session on `/usr/bin/chromium`
//! with a fresh profile and the Chinese locale. [`Browser::screenshot`]
//! saves numbered PNGs under `<workspace>/target/screenshots/<test>/` for a
//! human to review. A machine without Chromium, chromedriver or a CJK font
//! makes the launch fail with instructions (run `scripts/test.sh`): a
//! browser test never passes by skipping.

mod driver;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use fantoccini::ClientBuilder;
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

use driver::Driver;

pub use fantoccini::elements::Element;
pub use fantoccini::{Client, Locator};

/// Where Debian's `chromium` package puts the browser.
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// Where Debian's `chromium-driver` package puts the WebDriver server.
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// How long [`Browser::wait_for_text`] waits for a page to change.
const WAIT_TIMEOUT: Duration = Duration::from_secs(10);

/// What to do when the browser tools are missing.
const SETUP_HINT: &str = "浏览器测试需要 chromium、chromium-driver 和中文字体（fonts-noto-cjk）。\
     请运行 scripts/test.sh（以 root 运行时会自动安装），\
     或手动安装：apt-get install -y chromium chromium-driver fonts-noto-cjk";

/// The size of the browser's page area, and whether it acts as a phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewport {
    /// CSS pixels across.
    pub width: u32,
    /// CSS pixels down.
    pub height: u32,
    /// Emulate a touch phone (mobile viewport rules, device pixel ratio 2).
    pub mobile: bool,
}

impl Viewport {
    /// A desktop window, 1280×900.
    pub const DESKTOP: Viewport = Viewport {
        width: 1280,
        height: 900,
        mobile: false,
    };
    /// A phone screen, 390×844 (a common current handset).
    pub const PHONE: Viewport = Viewport {
        width: 390,
        height: 844,
        mobile: true,
    };
}

/// One headless Chromium session and where its screenshots go.
#[derive(Debug)]
pub struct Browser {
    client: Client,
    screenshots: PathBuf,
    taken: u32,
    // Dropped after the client: the driver (and the browser) go first, then
    // the profile directory they used.
    driver: Driver,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver and a headless Chromium of the given size.
    /// `test` names the screenshot folder, which is emptied first.
    pub async fn launch(test: &str, viewport: Viewport) -> Result<Browser> {
        for tool in [CHROMIUM, CHROMEDRIVER] {
            if !Path::new(tool).is_file() {
                bail!("找不到 {tool}。{SETUP_HINT}");
            }
        }
        if cjk_font_families()?.is_empty() {
            bail!("fc-list :lang=zh 没有列出任何中文字体，页面会显示成方框。{SETUP_HINT}");
        }
        let profile = tempfile::Builder::new()
            .prefix("tongban-chromium-")
            .tempdir()
            .context("无法创建浏览器临时目录")?;
        let driver = Driver::start(profile.path()).await?;
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities(&profile.path().join("profile"), viewport))
            .connect(&driver.url)
            .await
            .map_err(|e| anyhow!("无法打开 Chromium 会话：{e}\n{}", driver.log_tail()))?;
        fit_viewport(&client, viewport).await?;
        let screenshots = target_dir()?.join("screenshots").join(file_stem(test));
        if screenshots.exists() {
            std::fs::remove_dir_all(&screenshots)
                .with_context(|| format!("无法清空截图目录 {}", screenshots.display()))?;
        }
        std::fs::create_dir_all(&screenshots)
            .with_context(|| format!("无法创建截图目录 {}", screenshots.display()))?;
        Ok(Browser {
            client,
            screenshots,
            taken: 0,
            driver,
            _profile: profile,
        })
    }

    /// The WebDriver client, to navigate, find elements and run scripts.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The folder this browser's screenshots are written to.
    pub fn screenshot_dir(&self) -> &Path {
        &self.screenshots
    }

    /// Saves what the page shows now as `<nn>-<name>.png` and returns its path.
    pub async fn screenshot(&mut self, name: &str) -> Result<PathBuf> {
        self.taken += 1;
        let path = self
            .screenshots
            .join(format!("{:02}-{}.png", self.taken, file_stem(name)));
        let png = self.client.screenshot().await.context("截图失败")?;
        std::fs::write(&path, png).with_context(|| format!("无法写入 {}", path.display()))?;
        Ok(path)
    }

    /// Waits until the first element matching `css` holds `needle` in its
    /// text, and returns that text; fails with the last text seen.
    pub async fn wait_for_text(&self, css: &str, needle: &str) -> Result<String> {
        let deadline = Instant::now() + WAIT_TIMEOUT;
        let mut last = String::from("（元素不存在）");
        loop {
            if let Ok(element) = self.client.find(Locator::Css(css)).await
                && let Ok(text) = element.text().await
            {
                if text.contains(needle) {
                    return Ok(text);
                }
                last = text;
            }
            if Instant::now() >= deadline {
                bail!("等待 {css} 包含“{needle}”超时，最后看到的是：{last}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Clicks the first element matching `css` and waits until the page it
    /// was on has been replaced (its `<html>` element has gone stale), so
    /// that what is read next comes from the page the click led to.
    pub async fn click_and_wait_for_load(&self, css: &str) -> Result<()> {
        let old = self
            .client
            .find(Locator::Css("html"))
            .await
            .context("找不到当前页面")?;
        self.client
            .find(Locator::Css(css))
            .await
            .with_context(|| format!("找不到 {css}"))?
            .click()
            .await
            .with_context(|| format!("无法点击 {css}"))?;
        let deadline = Instant::now() + WAIT_TIMEOUT;
        while old.tag_name().await.is_ok() {
            if Instant::now() >= deadline {
                bail!("点击 {css} 后页面没有跳转");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(())
    }

    /// Ends the session (Chromium quits) and stops chromedriver.
    pub async fn close(self) -> Result<()> {
        let Browser { client, driver, .. } = self;
        let closed = client.close().await.context("关闭浏览器会话失败");
        drop(driver);
        closed
    }
}

/// The session's capabilities: Debian's Chromium, headless, Chinese, with
/// a fresh profile and nothing that reaches the network on its own.
fn capabilities(profile: &Path, viewport: Viewport) -> serde_json::Map<String, Value> {
    let args = vec![
        "--headless=new".to_string(),
        "--no-sandbox".to_string(),
        "--disable-gpu".to_string(),
        "--disable-dev-shm-usage".to_string(),
        "--disable-quic".to_string(),
        "--no-first-run".to_string(),
        "--disable-background-networking".to_string(),
        "--disable-component-update".to_string(),
        "--disable-sync".to_string(),
        "--lang=zh-CN".to_string(),
        format!("--user-data-dir={}", profile.display()),
        format!("--window-size={},{}", viewport.width, viewport.height),
    ];
    let mut options = json!({
        "binary": CHROMIUM,
        "args": args,
        "prefs": { "intl.accept_languages": "zh-CN,zh" },
    });
    if viewport.mobile {
        options["mobileEmulation"] = json!({
            "deviceMetrics": {
                "width": viewport.width,
                "height": viewport.height,
                "pixelRatio": 2.0,
                "mobile": true,
                "touch": true,
            }
        });
    }
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), json!("chrome"));
    caps.insert("goog:chromeOptions".into(), options);
    caps
}

/// Resizes the window so that the page area (not the window) has the
/// viewport's size, and checks that it does.
async fn fit_viewport(client: &Client, viewport: Viewport) -> Result<()> {
    // Under mobile emulation the device metrics set the screen; the blank
    // start page has no viewport meta tag, so its layout width is 980px.
    if viewport.mobile {
        let screen = client
            .execute("return [screen.width, screen.height];", vec![])
            .await?;
        let expected = json!([viewport.width, viewport.height]);
        if screen != expected {
            bail!("手机屏幕应为 {expected}，实际为 {screen}");
        }
        return Ok(());
    }
    const SIZES: &str = "return [window.innerWidth, window.innerHeight, \
        window.outerWidth - window.innerWidth, window.outerHeight - window.innerHeight];";
    let sizes = |value: Value| -> Result<Vec<i64>> {
        serde_json::from_value(value).context("浏览器返回的窗口尺寸无效")
    };
    let want = (i64::from(viewport.width), i64::from(viewport.height));
    let measured = sizes(client.execute(SIZES, vec![]).await?)?;
    if let [w, h, extra_w, extra_h] = measured[..]
        && (w, h) != want
    {
        let outer = |inner: i64, extra: i64| u32::try_from(inner + extra.max(0));
        let (Ok(outer_w), Ok(outer_h)) = (outer(want.0, extra_w), outer(want.1, extra_h)) else {
            bail!("无法计算浏览器窗口大小：{measured:?}");
        };
        client
            .set_window_size(outer_w, outer_h)
            .await
            .context("无法调整浏览器窗口大小")?;
    }
    match sizes(client.execute(SIZES, vec![]).await?)?[..] {
        [w, h, ..] if (w, h) == want => Ok(()),
        ref other => bail!("页面区域应为 {}×{}，实际为 {other:?}", want.0, want.1),
    }
}

/// The workspace's target directory: `CARGO_TARGET_DIR` when set (relative
/// to the workspace), otherwise `target/` beside the workspace's Cargo.lock.
pub fn target_dir() -> Result<PathBuf> {
    let start = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    let workspace = start
        .ancestors()
        .find(|dir| dir.join("Cargo.lock").is_file())
        .ok_or_else(|| anyhow!("在 {} 及其上级目录中找不到 Cargo.lock", start.display()))?
        .to_path_buf();
    Ok(match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => workspace.join(dir),
        _ => workspace.join("target"),
    })
}

/// `name` reduced to characters safe in a file name.
fn file_stem(name: &str) -> String {
    let stem: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if stem.is_empty() {
        "shot".to_string()
    } else {
        stem
    }
}

/// The font families fontconfig knows for Chinese (`fc-list :lang=zh family`).
pub fn cjk_font_families() -> Result<Vec<String>> {
    let out = Command::new("fc-list")
        .args([":lang=zh", "family"])
        .output()
        .with_context(|| format!("无法运行 fc-list。{SETUP_HINT}"))?;
    if !out.status.success() {
        bail!("fc-list 失败（{}）。{SETUP_HINT}", out.status);
    }
    let mut families: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| line.trim().to_string())
        .filter(|line| !line.is_empty())
        .collect();
    families.sort();
    families.dedup();
    Ok(families)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screenshot_names_keep_only_file_safe_characters() {
        assert_eq!(file_stem("Guide page/繁體 01"), "guide-page----01");
        assert_eq!(file_stem("traditional-large"), "traditional-large");
        assert_eq!(file_stem(""), "shot");
    }

    #[test]
    fn screenshots_go_under_the_workspace_target_directory() {
        let dir = target_dir().unwrap();
        match std::env::var_os("CARGO_TARGET_DIR") {
            Some(set) if !set.is_empty() => assert!(dir.ends_with(&set), "{}", dir.display()),
            _ => {
                assert!(dir.ends_with("target"), "{}", dir.display());
                let workspace = dir.parent().unwrap();
                assert!(workspace.join("Cargo.lock").is_file(), "{}", dir.display());
                assert!(
                    workspace.join("crates/testkit").is_dir(),
                    "{}",
                    dir.display()
                );
            }
        }
    }
}
