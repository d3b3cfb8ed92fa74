//! The licence PDF read back with poppler, as a person's PDF reader would:
//! the text comes out in Chinese, the holder masked, the QR code decodes to
//! the verification address, and bad inputs are refused with clear codes.

mod support;

use support::*;
use tongban_domain::mask;
use tongban_render::{CjkFont, LicencePdf, RenderError, SealImage, licence_pdf};

fn pharmacy_pdf() -> (tongban_domain::licence::Licence, Vec<u8>) {
    let licence = pharmacy_licence(&[
        ("business_scope", "化学药制剂、中成药、中药饮片"),
        ("address", "陕西省宝鸡市岐山县凤鸣镇东大街18号"),
        ("person_in_charge", "王建国"),
    ]);
    let pdf = render(&licence, &pharmacy_type(), day(2026, 6, 1));
    (licence, pdf)
}

/// The text without the line breaks and spaces layout put in.
fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn pdftotext_reads_the_number_masked_holder_issuer_and_type_of_a_person_licence() {
    let licence = guide_licence();
    let pdf = render(&licence, &guide_type(), day(2026, 6, 1));
    assert!(pdf.starts_with(b"%PDF-"), "a PDF file");
    let text = extract_text(&pdf);
    let flat = compact(&text);

    assert!(
        flat.contains(&licence.number.grouped()),
        "number in:\n{text}"
    );
    assert!(flat.contains("导游证"), "type name in:\n{text}");
    assert!(
        flat.contains("北京市朝阳区文化和旅游局"),
        "issuer in:\n{text}"
    );
    assert!(flat.contains("欧***"), "masked name in:\n{text}");
    assert!(
        flat.contains(&mask::id_number(PERSON_ID)),
        "masked ID in:\n{text}"
    );
    assert!(flat.contains("汉语、英语"), "public field in:\n{text}");
    assert!(
        flat.contains("2026年05月08日起长期有效"),
        "validity in:\n{text}"
    );
    assert!(
        !flat.contains(PERSON_ID),
        "the full ID number leaked:\n{text}"
    );
    assert!(!flat.contains("欧阳娜娜"), "the full name leaked:\n{text}");
    assert!(
        !text.contains("本证照已"),
        "a valid licence has no status warning"
    );
}

#[test]
fn an_enterprise_licence_prints_its_name_credit_code_and_only_public_fields() {
    let (licence, pdf) = pharmacy_pdf();
    let flat = compact(&extract_text(&pdf));
    assert!(flat.contains("药品经营许可证"));
    assert!(
        flat.contains("岐山县康宁大药房有限公司"),
        "an enterprise's name is public"
    );
    assert!(flat.contains(licence.holder.identifier.lookup_value()));
    assert!(flat.contains("发证机关：岐山县市场监督管理局"));
    assert!(flat.contains("化学药制剂、中成药、中药饮片"));
    assert!(flat.contains("陕西省宝鸡市岐山县凤鸣镇东大街18号"));
    assert!(flat.contains("2026年03月01日至2031年02月28日"));
    assert!(
        !flat.contains("王建国"),
        "a non-public field is not printed"
    );
    assert!(!flat.contains("质量负责人"));
}

#[test]
fn the_font_is_embedded_as_a_cjk_subset() {
    let (_, pdf) = pharmacy_pdf();
    let fonts = String::from_utf8(read_back("pdffonts", &[], &pdf, &[])).unwrap();
    let font = font();
    // The PostScript name: the family without spaces, any case.
    let family = font.family().replace(' ', "").to_lowercase();
    let row = fonts
        .lines()
        .find(|l| l.to_lowercase().contains(&family))
        .unwrap_or_else(|| panic!("{family} not among the PDF's fonts:\n{fonts}"));
    // name, type…, encoding, emb, sub, uni, object, id
    let cols: Vec<&str> = row.split_whitespace().collect();
    let flags = &cols[cols.len() - 5..cols.len() - 2];
    assert_eq!(
        flags,
        ["yes", "yes", "yes"],
        "embedded, subset, with ToUnicode: {row}"
    );
    assert!(
        pdf.len() < 400_000,
        "a subset, not the whole {} font",
        font.family()
    );
}

#[test]
fn the_qr_code_on_the_page_decodes_to_the_verification_address_and_links_to_it() {
    let (_, pdf) = pharmacy_pdf();
    let pgm = read_back("pdftoppm", &["-gray", "-r", "100"], &pdf, &[]);
    let (width, height, pixels) = parse_pgm(&pgm);
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| pixels[y * width + x]);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "exactly one QR code on the page");
    let (_, content) = grids[0].decode().unwrap();
    assert_eq!(content, VERIFY_URL);

    let raw = String::from_utf8_lossy(&pdf);
    assert!(raw.contains("/Link"), "a link annotation");
    assert!(
        raw.contains(&format!("({VERIFY_URL})")),
        "the link opens the verify URL"
    );
    assert!(
        compact(&extract_text(&pdf)).contains(VERIFY_URL),
        "the address is printed"
    );
}

/// Width, height and grey pixels of a binary PGM (`P5`) as pdftoppm writes it.
fn parse_pgm(data: &[u8]) -> (usize, usize, Vec<u8>) {
    let mut fields = Vec::new();
    let mut pos = 0;
    while fields.len() < 4 {
        while data[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let start = pos;
        while !data[pos].is_ascii_whitespace() {
            pos += 1;
        }
        fields.push(std::str::from_utf8(&data[start..pos]).unwrap().to_string());
    }
    assert_eq!(fields[0], "P5", "a binary greyscale image");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let pixels = data[pos + 1..].to_vec();
    assert_eq!(pixels.len(), w * h);
    (w, h, pixels)
}

#[test]
fn a_revoked_licence_says_so_on_the_page() {
    let mut licence = guide_licence();
    licence
        .revoke(
            &guide_type(),
            Some(code("dyz-zx")),
            day(2026, 9, 1),
            "申请注销",
        )
        .unwrap();
    let text = compact(&extract_text(&render(
        &licence,
        &guide_type(),
        day(2026, 9, 2),
    )));
    assert!(text.contains("本证照已于2026年09月01日注销"), "{text}");
}

#[test]
fn a_long_business_scope_wraps_onto_several_lines_and_stays_readable() {
    let scope =
        "化学药制剂、抗生素制剂、生化药品、中成药、中药饮片、生物制品（不含疫苗）".repeat(4);
    let licence = pharmacy_licence(&[
        ("business_scope", &scope),
        ("address", "岐山县凤鸣镇"),
        ("person_in_charge", "王建国"),
    ]);
    let text = extract_text(&render(&licence, &pharmacy_type(), day(2026, 6, 1)));
    assert!(
        compact(&text).contains(&scope),
        "the whole scope, in order:\n{text}"
    );
    let scope_lines = text.lines().filter(|l| l.contains("抗生素")).count();
    assert!(scope_lines >= 2, "wrapped over several lines:\n{text}");
}

#[test]
fn a_licence_with_more_text_than_a_page_holds_is_refused() {
    let scope = "化学药制剂、中成药、中药饮片".repeat(300);
    let licence = pharmacy_licence(&[
        ("business_scope", &scope),
        ("address", "岐山县凤鸣镇"),
        ("person_in_charge", "王建国"),
    ]);
    let seal = SealImage::for_department("岐山县市场监督管理局");
    let doc = LicencePdf {
        licence: &licence,
        licence_type: &pharmacy_type(),
        seal: &seal,
        verify_url: VERIFY_URL,
        today: day(2026, 6, 1),
    };
    let err = licence_pdf(&doc, &font()).unwrap_err();
    assert_eq!(err.code(), "render_content_too_long");
}

fn render_err(licence_type_name: &str, verify_url: &str) -> RenderError {
    let licence = guide_licence();
    let mut licence_type = guide_type();
    licence_type.name = licence_type_name.to_string();
    let mut renamed = licence.clone();
    renamed.type_name = licence_type_name.to_string();
    let seal = SealImage::for_department("北京市朝阳区文化和旅游局");
    let doc = LicencePdf {
        licence: &renamed,
        licence_type: &licence_type,
        seal: &seal,
        verify_url,
        today: day(2026, 6, 1),
    };
    licence_pdf(&doc, &font()).unwrap_err()
}

#[test]
fn a_character_the_font_lacks_is_refused_rather_than_printed_as_a_box() {
    let err = render_err("导游证\u{E000}", VERIFY_URL);
    assert_eq!(err.code(), "render_missing_glyph");
    assert!(err.to_string().contains("U+E000"), "{err}");
}

#[test]
fn a_verification_address_too_long_for_a_qr_code_is_refused() {
    let url = format!("https://example.gov.cn/{}", "a".repeat(5000));
    let err = render_err("导游证", &url);
    assert_eq!(err.code(), "render_verify_url_too_long");
}

#[test]
fn no_cjk_font_is_a_clear_error_naming_the_places_searched() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.ttc");
    let err = CjkFont::first_usable([missing.clone()]).unwrap_err();
    assert_eq!(err.code(), "render_no_cjk_font");
    assert!(err.to_string().contains(&missing.display().to_string()));
    assert!(err.to_string().contains(CjkFont::ENV));

    let not_a_font = dir.path().join("fake.ttf");
    std::fs::write(&not_a_font, b"not a font at all").unwrap();
    let err = CjkFont::load(&not_a_font).unwrap_err();
    assert_eq!(err.code(), "render_font_unusable");
}

#[test]
fn a_noto_collection_yields_its_simplified_chinese_face() {
    let font = font();
    if font.path().extension().is_some_and(|e| e == "ttc")
        && font.path().to_string_lossy().contains("Noto")
    {
        assert!(font.family().ends_with(" SC"), "{font:?}");
    }
    assert!(font.path().is_file());
}
