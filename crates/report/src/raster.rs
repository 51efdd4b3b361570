//! Page previews as PNG, drawn from the same composed pages the PDF is written from.
//!
//! The app shows the first pages before the user saves. Reading the PDF back would need a PDF
//! renderer (poppler, pdfium) shipped with the app; drawing our own page items needs only
//! what we already have: the embedded font's outlines (ttf-parser) filled by a small coverage
//! rasteriser, axis-aligned rectangles and rules, and the logos decoded by `image`. The
//! preview is therefore the real layout (every line break and page break where the PDF has
//! it), drawn at screen resolution, with simple grey-scale anti-aliasing.

use ab_glyph_rasterizer::{Rasterizer, point};
use ttf_parser::{GlyphId, OutlineBuilder};

use crate::ReportError;
use crate::compose::Composed;
use crate::layout::Item;
use crate::model::Colour;
use crate::style::Geometry;
use crate::text::Run;

struct Canvas {
    w: usize,
    h: usize,
    rgb: Vec<u8>,
}

impl Canvas {
    fn new(w: usize, h: usize) -> Canvas {
        Canvas {
            w,
            h,
            rgb: vec![255; w * h * 3],
        }
    }

    /// Mixes `c` into the pixel at `(x, y)` by `alpha` (0..=1).
    fn blend(&mut self, x: i64, y: i64, c: Colour, alpha: f32) {
        if x < 0 || y < 0 || x as usize >= self.w || y as usize >= self.h || alpha <= 0.0 {
            return;
        }
        let a = alpha.min(1.0);
        let i = (y as usize * self.w + x as usize) * 3;
        for (k, v) in [c.r, c.g, c.b].into_iter().enumerate() {
            let old = f32::from(self.rgb[i + k]);
            self.rgb[i + k] = (old + (f32::from(v) - old) * a).round() as u8;
        }
    }

    /// Fills a rectangle given in pixels, with partial coverage on its edges so hairlines
    /// thinner than a pixel still show, lighter.
    fn fill(&mut self, x0: f32, y0: f32, x1: f32, y1: f32, c: Colour) {
        let (xa, xb) = (x0.floor() as i64, x1.ceil() as i64);
        let (ya, yb) = (y0.floor() as i64, y1.ceil() as i64);
        for y in ya..yb {
            let cy = (y1.min(y as f32 + 1.0) - y0.max(y as f32)).clamp(0.0, 1.0);
            for x in xa..xb {
                let cx = (x1.min(x as f32 + 1.0) - x0.max(x as f32)).clamp(0.0, 1.0);
                self.blend(x, y, c, cx * cy);
            }
        }
    }
}

/// Turns a glyph's outline (font units, y up) into pixel coordinates inside its box.
struct Pen<'r> {
    r: &'r mut Rasterizer,
    scale: f32,
    /// The baseline's direction (a watermark is set at an angle).
    cos: f32,
    sin: f32,
    /// Glyph origin in the box's pixel coordinates.
    ox: f32,
    oy: f32,
    last: (f32, f32),
    start: (f32, f32),
}

impl Pen<'_> {
    fn at(&self, x: f32, y: f32) -> (f32, f32) {
        let s = self.scale;
        (
            self.ox + (x * self.cos - y * self.sin) * s,
            self.oy - (x * self.sin + y * self.cos) * s,
        )
    }
}

impl OutlineBuilder for Pen<'_> {
    fn move_to(&mut self, x: f32, y: f32) {
        self.last = self.at(x, y);
        self.start = self.last;
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let p = self.at(x, y);
        self.r
            .draw_line(point(self.last.0, self.last.1), point(p.0, p.1));
        self.last = p;
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let c = self.at(x1, y1);
        let p = self.at(x, y);
        self.r.draw_quad(
            point(self.last.0, self.last.1),
            point(c.0, c.1),
            point(p.0, p.1),
        );
        self.last = p;
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let c1 = self.at(x1, y1);
        let c2 = self.at(x2, y2);
        let p = self.at(x, y);
        self.r.draw_cubic(
            point(self.last.0, self.last.1),
            point(c1.0, c1.1),
            point(c2.0, c2.1),
            point(p.0, p.1),
        );
        self.last = p;
    }
    fn close(&mut self) {
        if self.last != self.start {
            self.r.draw_line(
                point(self.last.0, self.last.1),
                point(self.start.0, self.start.1),
            );
        }
        self.last = self.start;
    }
}

/// Draws a run's glyphs; `x`, `y` are the run's start on the baseline in pixels, `angle`
/// in degrees counter-clockwise.
#[allow(clippy::too_many_arguments)]
fn draw_run(
    canvas: &mut Canvas,
    run: &Run,
    x: f32,
    y: f32,
    px_per_pt: f32,
    size: f32,
    angle: f32,
    c: Colour,
) {
    let Some(face) = crate::fonts::face(run.font) else {
        return;
    };
    let face = &face.hb;
    let px = size * px_per_pt;
    let scale = px / face.units_per_em() as f32;
    let (sin, cos) = angle.to_radians().sin_cos();
    for g in &run.glyphs {
        let (u, v) = (g.x * px_per_pt, g.dy * px_per_pt);
        let gx = x + u * cos - v * sin;
        let gy = y - (u * sin + v * cos);
        let gid = GlyphId(g.gid);
        let Some(bb) = face.glyph_bounding_box(gid) else {
            continue;
        };
        // The glyph box's corners, turned with the baseline, bound its pixels.
        let corners = [
            (bb.x_min, bb.y_min),
            (bb.x_min, bb.y_max),
            (bb.x_max, bb.y_min),
            (bb.x_max, bb.y_max),
        ]
        .map(|(a, b)| {
            let (a, b) = (f32::from(a), f32::from(b));
            (
                gx + (a * cos - b * sin) * scale,
                gy - (a * sin + b * cos) * scale,
            )
        });
        let left = corners.iter().map(|p| p.0).fold(f32::MAX, f32::min).floor();
        let top = corners.iter().map(|p| p.1).fold(f32::MAX, f32::min).floor();
        let right = corners.iter().map(|p| p.0).fold(f32::MIN, f32::max).ceil();
        let bottom = corners.iter().map(|p| p.1).fold(f32::MIN, f32::max).ceil();
        let w = (right - left) as usize + 1;
        let h = (bottom - top) as usize + 1;
        if w > 0 && h > 0 && w < 4096 && h < 4096 {
            let mut r = Rasterizer::new(w, h);
            let mut pen = Pen {
                r: &mut r,
                scale,
                cos,
                sin,
                ox: gx - left,
                oy: gy - top,
                last: (0.0, 0.0),
                start: (0.0, 0.0),
            };
            face.outline_glyph(gid, &mut pen);
            r.for_each_pixel_2d(|px, py, cov| {
                canvas.blend(
                    left as i64 + i64::from(px),
                    top as i64 + i64::from(py),
                    c,
                    cov,
                );
            });
        }
    }
}

fn draw_image(canvas: &mut Canvas, img: &image::RgbaImage, x: f32, y: f32, w: f32, h: f32) {
    let (iw, ih) = (img.width() as f32, img.height() as f32);
    if w < 1.0 || h < 1.0 || iw < 1.0 || ih < 1.0 {
        return;
    }
    // Nearest sample at the pixel's centre: logos are small and a preview needs no filter.
    for py in 0..h.ceil() as i64 {
        for px in 0..w.ceil() as i64 {
            let sx = (((px as f32 + 0.5) / w) * iw).min(iw - 1.0) as u32;
            let sy = (((py as f32 + 0.5) / h) * ih).min(ih - 1.0) as u32;
            let p = img.get_pixel(sx, sy).0;
            canvas.blend(
                x.round() as i64 + px,
                y.round() as i64 + py,
                Colour::rgb(p[0], p[1], p[2]),
                f32::from(p[3]) / 255.0,
            );
        }
    }
}

/// The pages at `pages` (0-based) as PNG files, `dpi` dots per inch (72: a pixel a point).
pub fn pngs(c: &Composed, pages: &[usize], dpi: f32) -> Result<Vec<Vec<u8>>, ReportError> {
    let g = Geometry::a4();
    let s = dpi / 72.0;
    let (w, h) = (
        (g.page_w * s).round() as usize,
        (g.page_h * s).round() as usize,
    );
    let images: Vec<Option<image::RgbaImage>> = c
        .images
        .iter()
        .map(|i| image::load_from_memory(&i.data).ok().map(|d| d.to_rgba8()))
        .collect();
    let mut out = Vec::new();
    for page in pages.iter().filter_map(|&i| c.pages.get(i)) {
        let mut canvas = Canvas::new(w, h);
        for item in &page.items {
            match item {
                Item::Rect {
                    x,
                    y,
                    w: rw,
                    h: rh,
                    fill,
                    stroke,
                } => {
                    let (x0, y0, x1, y1) = (x * s, y * s, (x + rw) * s, (y + rh) * s);
                    if let Some(f) = fill {
                        canvas.fill(x0, y0, x1, y1, *f);
                    }
                    if let Some((col, width)) = stroke {
                        let t = (width * s).max(0.6) / 2.0;
                        canvas.fill(x0 - t, y0 - t, x1 + t, y0 + t, *col);
                        canvas.fill(x0 - t, y1 - t, x1 + t, y1 + t, *col);
                        canvas.fill(x0 - t, y0 + t, x0 + t, y1 - t, *col);
                        canvas.fill(x1 - t, y0 + t, x1 + t, y1 - t, *col);
                    }
                }
                Item::Rule {
                    x,
                    y,
                    w: rw,
                    colour,
                    width,
                } => {
                    let t = (width * s).max(0.6) / 2.0;
                    canvas.fill(x * s, y * s - t, (x + rw) * s, y * s + t, *colour);
                }
                Item::Text {
                    x,
                    y,
                    run,
                    size,
                    colour,
                    angle,
                    ..
                } => {
                    draw_run(&mut canvas, run, x * s, y * s, s, *size, *angle, *colour);
                }
                Item::Image {
                    index,
                    x,
                    y,
                    w: iw,
                    h: ih,
                    ..
                } => {
                    if let Some(Some(img)) = images.get(*index) {
                        draw_image(&mut canvas, img, x * s, y * s, iw * s, ih * s);
                    }
                }
                Item::Link { .. } => {}
            }
        }
        let mut png = Vec::new();
        image::RgbImage::from_raw(w as u32, h as u32, canvas.rgb)
            .ok_or_else(|| ReportError::Write("preview buffer has the wrong size".into()))?
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .map_err(|e| ReportError::Write(e.to_string()))?;
        out.push(png);
    }
    Ok(out)
}
