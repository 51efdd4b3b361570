//! Writing composed pages as a PDF with printpdf: it only places what the layout decided.

use printpdf::{
    Actions, BorderArray, Color, Destination, ImageCompression, ImageOptimizationOptions, Line,
    LinePoint, LinkAnnotation, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, RawImage, Rect, Rgb, TextItem, XObjectTransform,
};

use crate::ReportError;
use crate::compose::Composed;
use crate::layout::Item;
use crate::model::{Colour, Meta, Style};
use crate::style::Geometry;
use crate::text::font_bytes;

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

    let mut fonts = Vec::new();
    for style in [Style::Regular, Style::Bold, Style::Italic] {
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(font_bytes(style), 0, &mut warnings)
            .ok_or(ReportError::Font(style))?;
        fonts.push((style, doc.add_font(&parsed)));
    }
    let font_id = |s: Style| {
        fonts
            .iter()
            .find(|(style, _)| *style == s)
            .map(|(_, id)| id.clone())
    };

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
    for page in &c.pages {
        let mut ops = Vec::new();
        for item in &page.items {
            match item {
                Item::Text {
                    x,
                    y,
                    text,
                    style,
                    size,
                    colour: col,
                } => {
                    let Some(id) = font_id(*style) else { continue };
                    ops.extend([
                        Op::StartTextSection,
                        Op::SetFont {
                            font: PdfFontHandle::External(id),
                            size: Pt(*size),
                        },
                        Op::SetFillColor { col: colour(*col) },
                        Op::SetTextCursor {
                            pos: Point {
                                x: Pt(*x),
                                y: Pt(h - *y),
                            },
                        },
                        Op::ShowText {
                            items: vec![TextItem::Text(text.clone())],
                        },
                        Op::EndTextSection,
                    ]);
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
                } => {
                    let Some((id, (pw, ph))) = images.get(*index) else {
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
    // printpdf always writes `GTS_PDFXVersion` (empty here), which readers and preflight
    // tools take as a PDF/X claim this file does not meet.
    if let Ok(info) = lo
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        && let Ok(dict) = lo.get_object_mut(info).and_then(lopdf::Object::as_dict_mut)
    {
        dict.remove(b"GTS_PDFXVersion");
    }
    crate::outline::write(&mut lo, &c.outline, g.page_h);
    lo.compress();
    let mut out = Vec::new();
    lo.save_to(&mut out)
        .map_err(|e| ReportError::Write(e.to_string()))?;
    Ok(out)
}
