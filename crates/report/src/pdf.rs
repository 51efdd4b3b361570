//! Writing composed pages as a PDF with printpdf: it only places what the layout decided.

use std::collections::{BTreeMap, BTreeSet};

use printpdf::{
    Actions, BorderArray, Codepoint, Color, Destination, DictItem, FontId, ImageCompression,
    ImageOptimizationOptions, Line, LinePoint, LinkAnnotation, Mm, Op, PaintMode, ParsedFont,
    PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, RawImage, Rect, Rgb, TextItem,
    TextMatrix, XObjectTransform,
};

use crate::ReportError;
use crate::compose::Composed;
use crate::fonts::{self, FontKey};
use crate::layout::Item;
use crate::model::{Colour, Meta};
use crate::style::Geometry;
use crate::tags::Marked;
use crate::text::Run;

fn colour(c: Colour) -> Color {
    Color::Rgb(Rgb {
        r: f32::from(c.r) / 255.0,
        g: f32::from(c.g) / 255.0,
        b: f32::from(c.b) / 255.0,
        icc_profile: None,
    })
}

/// printpdf's date from ours; both count seconds since the Unix epoch.
fn date(at: chrono::DateTime<chrono::Utc>) -> Option<printpdf::OffsetDateTime> {
    printpdf::OffsetDateTime::from_unix_timestamp(at.timestamp()).ok()
}

pub fn write(c: &Composed, meta: &Meta) -> Result<Vec<u8>, ReportError> {
    let g = Geometry::a4();
    let mut doc = PdfDocument::new(&meta.title);
    let info = &mut doc.metadata.info;
    info.author = meta.author.clone();
    info.subject = meta.subject.clone();
    info.keywords = meta.keywords.clone();
    info.creator = "Cordon".into();
    info.producer = "Cordon (printpdf)".into();
    if let Some(d) = date(meta.generated) {
        info.creation_date = d;
        info.modification_date = d;
        info.metadata_date = d;
    }

    // Every face a run uses, embedded once (printpdf subsets it to the glyphs used).
    let used: BTreeSet<FontKey> = c
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            Item::Text { run, .. } => Some(run.font),
            _ => None,
        })
        .collect();
    let mut font_ids: BTreeMap<FontKey, FontId> = BTreeMap::new();
    for key in used {
        let face = fonts::face(key).ok_or(ReportError::Font(key.0))?;
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(face.data, face.index as usize, &mut warnings)
            .ok_or(ReportError::Font(key.0))?;
        font_ids.insert(key, doc.add_font(&parsed));
    }

    let mut images = Vec::new();
    for (i, image) in c.images.iter().enumerate() {
        let mut warnings = Vec::new();
        let raw = RawImage::decode_from_bytes(&image.data, &mut warnings)
            .map_err(|reason| ReportError::Image { index: i, reason })?;
        let size = (raw.width as f32, raw.height as f32);
        images.push((doc.add_image(&raw), size));
    }

    let h = g.page_h;
    let mut pages = Vec::new();
    let mut marked: Vec<Marked> = Vec::new();
    for (page_no, page) in c.pages.iter().enumerate() {
        let mut ops = Vec::new();
        let mut mcid = 0;
        for item in &page.items {
            // Content belongs to a structure element (a marked-content id), everything
            // else is an artifact, so assistive technology reads the text and skips the
            // furniture.
            let node = match item {
                Item::Text { node, .. } | Item::Image { node, .. } => *node,
                _ => None,
            };
            let is_content = !matches!(item, Item::Link { .. });
            match node {
                Some(n) if is_content => {
                    let mut props = BTreeMap::new();
                    props.insert("MCID".to_owned(), DictItem::Int(mcid));
                    ops.push(Op::BeginMarkedContentWithProperties {
                        tag: c.nodes[n].role.name().to_owned(),
                        properties: DictItem::Dict { map: props },
                    });
                    marked.push(Marked {
                        page: page_no,
                        mcid,
                        node: n,
                    });
                    mcid += 1;
                }
                _ if is_content => ops.push(Op::BeginMarkedContent {
                    tag: "Artifact".into(),
                }),
                _ => {}
            }
            match item {
                Item::Text {
                    x,
                    y,
                    run,
                    size,
                    colour: col,
                    angle,
                    ..
                } => {
                    if let Some(id) = font_ids.get(&run.font) {
                        text_ops(&mut ops, id, run, *x, h - *y, *size, *angle, colour(*col));
                    }
                }
                Item::Rect {
                    x,
                    y,
                    w,
                    h: rh,
                    fill,
                    stroke,
                } => {
                    let rect = |mode| Rect {
                        x: Pt(*x),
                        y: Pt(h - *y - *rh),
                        width: Pt(*w),
                        height: Pt(*rh),
                        mode: Some(mode),
                        winding_order: None,
                    };
                    ops.push(Op::SaveGraphicsState);
                    if let Some(f) = fill {
                        ops.push(Op::SetFillColor { col: colour(*f) });
                        ops.push(Op::DrawRectangle {
                            rectangle: rect(PaintMode::Fill),
                        });
                    }
                    if let Some((s, width)) = stroke {
                        ops.push(Op::SetOutlineColor { col: colour(*s) });
                        ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                        ops.push(Op::DrawRectangle {
                            rectangle: rect(PaintMode::Stroke),
                        });
                    }
                    ops.push(Op::RestoreGraphicsState);
                }
                Item::Rule {
                    x,
                    y,
                    w,
                    colour: col,
                    width,
                } => {
                    let at = |x: f32| LinePoint {
                        p: Point {
                            x: Pt(x),
                            y: Pt(h - *y),
                        },
                        bezier: false,
                    };
                    ops.extend([
                        Op::SaveGraphicsState,
                        Op::SetOutlineColor { col: colour(*col) },
                        Op::SetOutlineThickness { pt: Pt(*width) },
                        Op::DrawLine {
                            line: Line {
                                points: vec![at(*x), at(*x + *w)],
                                is_closed: false,
                            },
                        },
                        Op::RestoreGraphicsState,
                    ]);
                }
                Item::Image {
                    index,
                    x,
                    y,
                    w,
                    h: ih,
                    ..
                } => {
                    let Some((id, (pw, ph))) = images.get(*index) else {
                        ops.push(Op::EndMarkedContent);
                        continue;
                    };
                    // At 72 dpi one pixel is one point; scale from there to the box.
                    ops.push(Op::UseXobject {
                        id: id.clone(),
                        transform: XObjectTransform {
                            translate_x: Some(Pt(*x)),
                            translate_y: Some(Pt(h - *y - *ih)),
                            scale_x: Some(*w / pw.max(1.0)),
                            scale_y: Some(*ih / ph.max(1.0)),
                            dpi: Some(72.0),
                            ..Default::default()
                        },
                    });
                }
                Item::Link {
                    x,
                    y,
                    w,
                    h: lh,
                    page,
                } => {
                    ops.push(Op::LinkAnnotation {
                        link: LinkAnnotation::new(
                            Rect::from_xywh(Pt(*x), Pt(h - *y - *lh), Pt(*w), Pt(*lh)),
                            Actions::Goto(Destination::Xyz {
                                page: page + 1,
                                left: None,
                                top: None,
                                zoom: None,
                            }),
                            // No visible frame: the contents lines are links, not boxes.
                            Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                            None,
                            None,
                        ),
                    });
                }
            }
            if is_content {
                ops.push(Op::EndMarkedContent);
            }
        }
        pages.push(PdfPage::new(Mm(210.0), Mm(297.0), ops));
    }
    doc.with_pages(pages);

    let mut warnings = Vec::new();
    let opts = PdfSaveOptions {
        // Lossless: a logo re-encoded as JPEG blurs its edges; uncompressed, a 512 KB PNG
        // logo would weigh megabytes once decoded.
        image_optimization: Some(ImageOptimizationOptions {
            format: Some(ImageCompression::Flate),
            ..ImageOptimizationOptions::default()
        }),
        ..PdfSaveOptions::default()
    };
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
    crate::outline::write(&mut lo, &c.outline, g.page_h);
    crate::tags::write(&mut lo, &c.nodes, &marked, &meta.lang);
    lo.compress();
    // After compressing: PDF/A wants the XMP metadata stream uncompressed.
    crate::pdfa::write(&mut lo, meta);
    let mut out = Vec::new();
    lo.save_to(&mut out)
        .map_err(|e| ReportError::Write(e.to_string()))?;
    Ok(out)
}

/// A PDF text string (UTF-16BE with a byte-order mark, so any text survives).
pub(crate) fn text_string(s: &str) -> lopdf::Object {
    lopdf::Object::String(utf16(s), lopdf::StringFormat::Hexadecimal)
}

fn utf16(s: &str) -> Vec<u8> {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    bytes
}

/// The advance a PDF viewer applies after a glyph, in points: the `/W` width printpdf writes,
/// which is the font's advance in thousandths of an em, truncated.
fn viewer_advance(run: &Run, gid: u16, size: f32) -> f32 {
    let Some(face) = fonts::face(run.font) else {
        return 0.0;
    };
    let adv = face
        .hb
        .glyph_hor_advance(ttf_parser::GlyphId(gid))
        .unwrap_or(0);
    let thousandths = (f32::from(adv) * 1000.0 / face.per_em) as i64;
    thousandths as f32 / 1000.0 * size
}

/// Shows a run's glyphs exactly where the layout put them: each glyph after the first is
/// moved from where the viewer's pen would be to its shaped position with a TJ offset, and
/// a glyph raised or lowered (a mark) gets a text matrix of its own.
#[allow(clippy::too_many_arguments)]
fn text_ops(
    ops: &mut Vec<Op>,
    font: &FontId,
    run: &Run,
    x: f32,
    baseline: f32,
    size: f32,
    angle: f32,
    col: Color,
) {
    if run.actual {
        // Right-to-left and reordered clusters: readers take the typed text from here.
        let mut props = BTreeMap::new();
        props.insert(
            "ActualText".to_owned(),
            DictItem::String {
                data: utf16(&run.text),
                literal: false,
            },
        );
        ops.push(Op::BeginMarkedContentWithProperties {
            tag: "Span".into(),
            properties: DictItem::Dict { map: props },
        });
    }
    ops.extend([
        Op::StartTextSection,
        Op::SetFont {
            font: PdfFontHandle::External(font.clone()),
            size: Pt(size),
        },
        Op::SetFillColor { col },
    ]);
    let (sin, cos) = angle.to_radians().sin_cos();
    let matrix = |dx: f32, dy: f32| {
        if angle == 0.0 {
            TextMatrix::Translate(Pt(x + dx), Pt(baseline + dy))
        } else {
            TextMatrix::Raw([
                cos,
                sin,
                -sin,
                cos,
                x + dx * cos - dy * sin,
                baseline + dx * sin + dy * cos,
            ])
        }
    };
    let to_em = |pt: f32| pt * 1000.0 / size;
    let mut glyphs: Vec<Codepoint> = Vec::new();
    let mut pen: Option<f32> = None;
    let flush = |ops: &mut Vec<Op>, glyphs: &mut Vec<Codepoint>| {
        if !glyphs.is_empty() {
            ops.push(Op::ShowText {
                items: vec![TextItem::GlyphIds(std::mem::take(glyphs))],
            });
        }
    };
    for g in &run.glyphs {
        let cid = g.text.as_deref().map(str::to_owned);
        if g.dy != 0.0 {
            flush(ops, &mut glyphs);
            ops.push(Op::SetTextMatrix {
                matrix: matrix(g.x, g.dy),
            });
            ops.push(Op::ShowText {
                items: vec![TextItem::GlyphIds(vec![Codepoint {
                    gid: g.gid,
                    offset: 0.0,
                    cid,
                }])],
            });
            pen = None;
            continue;
        }
        match pen {
            None => {
                flush(ops, &mut glyphs);
                ops.push(Op::SetTextMatrix {
                    matrix: matrix(g.x, 0.0),
                });
            }
            Some(p) => {
                if let Some(last) = glyphs.last_mut() {
                    last.offset = to_em(p - g.x);
                } else {
                    ops.push(Op::SetTextMatrix {
                        matrix: matrix(g.x, 0.0),
                    });
                }
            }
        }
        glyphs.push(Codepoint {
            gid: g.gid,
            offset: 0.0,
            cid,
        });
        pen = Some(g.x + viewer_advance(run, g.gid, size));
    }
    flush(ops, &mut glyphs);
    ops.push(Op::EndTextSection);
    if run.actual {
        ops.push(Op::EndMarkedContent);
    }
}
