//! The guide pages in a real headless Chromium, used the way a citizen does:
//! search for 营业执照, open the item's guide, switch to 繁體 and to 大字版,
//! and on a phone. Every step saves a screenshot under
//! `target/screenshots/<test>/` for review. Needs Debian's chromium,
//! chromium-driver and a CJK font (`scripts/test.sh` installs them); without
//! them these tests fail, they never skip.

mod support;

use support::server::Server;

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tongban_testkit::browser::{Browser, Client, Locator, Viewport, cjk_font_families};

/// The first item (not bundle) result link on a search results page.
const FIRST_ITEM_RESULT: &str = r#"a.result[href^="/items/"]"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_citizen_finds_the_business_licence_guide_and_reads_it_in_traditional_and_large_type() {
    let server = Server::start().await;
    let mut browser = Browser::launch("citizen-guide", Viewport::DESKTOP)
        .await
        .unwrap();
    let page = browser.client().clone();

    // Home: type the words into the search box and submit.
    page.goto(&server.url("/")).await.unwrap();
    browser.screenshot("home").await.unwrap();
    let input = page
        .find(Locator::Css("form#search input[name=q]"))
        .await
        .unwrap();
    input.send_keys("营业执照").await.unwrap();
    browser.screenshot("typed").await.unwrap();
    page.form(Locator::Css("form#search"))
        .await
        .unwrap()
        .submit()
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut query = page.current_url().await.unwrap();
    while !query
        .query_pairs()
        .any(|(k, v)| k == "q" && v == "营业执照")
    {
        assert!(
            Instant::now() < deadline,
            "the search was not submitted with the words typed: {query}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
        query = page.current_url().await.unwrap();
    }
    assert_eq!(query.path(), "/", "the search stays on the home page");
    let link = page.find(Locator::Css(FIRST_ITEM_RESULT)).await.unwrap();
    browser.screenshot("results").await.unwrap();

    // The first item result leads to its guide page.
    link.click().await.unwrap();
    let title = browser.wait_for_text("h1", "营业执照").await.unwrap();
    let guide = page.current_url().await.unwrap();
    assert!(
        guide.path().starts_with("/items/"),
        "the result opened an item guide, not {guide}"
    );
    browser.screenshot("guide").await.unwrap();
    assert_chinese_is_drawn_with_a_cjk_font(&page).await;

    // 一扫即知: the printable QR code is on the guide.
    page.find(Locator::Css("#guide-qr"))
        .await
        .expect("the guide page carries its QR code (#guide-qr)");

    // 繁體: the same page in Traditional script.
    let normal_px = body_font_px(&page).await;
    page.find(Locator::Css("a#switch-script"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let traditional = browser.wait_for_text("h1", "營業執照").await.unwrap();
    assert!(
        !traditional.contains("营业执照"),
        "no Simplified left in the title: {traditional} (was {title})"
    );
    assert_eq!(page.current_url().await.unwrap().path(), guide.path());
    browser.screenshot("traditional").await.unwrap();

    // 大字版: at least 1.5× the text size, still the same page.
    page.find(Locator::Css("a#switch-large"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut large_px = body_font_px(&page).await;
    while large_px < normal_px * 1.5 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
        large_px = body_font_px(&page).await;
    }
    assert!(
        large_px >= normal_px * 1.5,
        "大字版 body text is {large_px}px, not at least 1.5 × {normal_px}px"
    );
    assert_eq!(page.current_url().await.unwrap().path(), guide.path());
    browser.wait_for_text("h1", "營業執照").await.unwrap();
    browser.screenshot("traditional-large").await.unwrap();

    browser.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_phone_the_search_and_the_guide_fit_the_screen_without_sideways_scrolling() {
    let server = Server::start().await;
    let mut browser = Browser::launch("phone-guide", Viewport::PHONE)
        .await
        .unwrap();
    let page = browser.client().clone();

    page.goto(&server.url("/?q=营业执照")).await.unwrap();
    let link = page.find(Locator::Css(FIRST_ITEM_RESULT)).await.unwrap();
    assert_fits_the_screen(&page, "search results").await;
    browser.screenshot("results").await.unwrap();

    link.click().await.unwrap();
    browser.wait_for_text("h1", "营业执照").await.unwrap();
    assert_fits_the_screen(&page, "guide").await;
    browser.screenshot("guide").await.unwrap();

    browser.close().await.unwrap();
}

/// The computed font size of `body`, in CSS pixels.
async fn body_font_px(page: &Client) -> f64 {
    let size = page
        .execute(
            "return parseFloat(getComputedStyle(document.body).fontSize);",
            vec![],
        )
        .await
        .unwrap();
    size.as_f64()
        .unwrap_or_else(|| panic!("font size is not a number: {size}"))
}

/// Fails when the page is wider than the phone's screen.
async fn assert_fits_the_screen(page: &Client, what: &str) {
    let sizes = page
        .execute(
            "return [document.documentElement.scrollWidth, window.innerWidth];",
            vec![],
        )
        .await
        .unwrap();
    let (content, screen) = (sizes[0].as_f64().unwrap(), sizes[1].as_f64().unwrap());
    assert_eq!(
        screen,
        f64::from(Viewport::PHONE.width),
        "the phone viewport"
    );
    assert!(
        content <= screen,
        "the {what} page is {content}px wide on a {screen}px phone screen"
    );
}

/// Draws glyphs on a canvas with the font stack of the page's `h1`, and
/// returns, for each sample text, its advance width, how many pixels it
/// inked and a hash (FNV-1a) of its alpha channel.
const DRAW_GLYPHS: &str = r#"
const [selector, samples, size] = arguments;
const family = getComputedStyle(document.querySelector(selector)).fontFamily;
const canvas = document.createElement('canvas');
canvas.width = size * 3; canvas.height = size * 2;
const ctx = canvas.getContext('2d', { willReadFrequently: true });
ctx.font = `${size}px ${family}`;
ctx.textBaseline = 'top';
ctx.fillStyle = '#000';
const glyphs = samples.map((text) => {
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.fillText(text, size / 4, size / 4);
  const alpha = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  let ink = 0, hash = 2166136261;
  for (let i = 3; i < alpha.length; i += 4) {
    if (alpha[i] > 0) ink++;
    hash = Math.imul(hash ^ alpha[i], 16777619) >>> 0;
  }
  return { text, width: ctx.measureText(text).width, ink, hash };
});
return { family, glyphs };
"#;

/// Proves that the page's Chinese is drawn with a real CJK font and not
/// with missing-glyph boxes (tofu).
///
/// Method: each character of 营业执照 and two unassigned code points
/// (U+0378, U+0379, which no font has) are drawn one by one on a canvas in
/// the `h1`'s font stack, which goes through the same font matching and
/// fallback as the page text. Every missing glyph is drawn as the same
/// .notdef shape, so: (1) the two unassigned code points must come out
/// pixel-identical (this checks that the method sees tofu as tofu);
/// (2) the four ideographs must each ink pixels and all differ from one
/// another and from the missing glyph; (3) each must be full-width, as
/// ideographs are in every CJK font (advance ≈ 1 em), unlike .notdef boxes.
async fn assert_chinese_is_drawn_with_a_cjk_font(page: &Client) {
    let families = cjk_font_families().unwrap();
    let size = 48.0;
    let drawn: Value = page
        .execute(
            DRAW_GLYPHS,
            vec![
                json!("h1"),
                json!(["营", "业", "执", "照", "\u{0378}", "\u{0379}"]),
                json!(size),
            ],
        )
        .await
        .unwrap();
    let glyphs = drawn["glyphs"].as_array().unwrap();
    let (ideographs, missing) = glyphs.split_at(4);
    let hash = |g: &Value| g["hash"].as_u64().unwrap();
    assert_eq!(
        hash(&missing[0]),
        hash(&missing[1]),
        "two code points no font has should draw the same missing glyph: {missing:?}"
    );
    for (i, glyph) in ideographs.iter().enumerate() {
        let text = glyph["text"].as_str().unwrap();
        assert!(glyph["ink"].as_u64().unwrap() > 0, "{text} draws nothing");
        assert_ne!(
            hash(glyph),
            hash(&missing[0]),
            "{text} is drawn as a tofu box"
        );
        for other in &ideographs[i + 1..] {
            assert_ne!(
                hash(glyph),
                hash(other),
                "{text} and {} look alike: boxes",
                other["text"]
            );
        }
        let width = glyph["width"].as_f64().unwrap();
        assert!(
            (0.9 * size..=1.1 * size).contains(&width),
            "{text} is {width}px wide at {size}px: not a full-width CJK glyph \
             (font stack {}, CJK fonts installed: {families:?})",
            drawn["family"]
        );
    }
    assert!(
        !families.is_empty(),
        "fc-list :lang=zh lists no font: install fonts-noto-cjk (scripts/test.sh)"
    );
}
