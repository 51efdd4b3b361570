//! Cordon's printable documents. A report is a [`Document`] (a title page, a contents page
//! and a list of [`Block`]s) plus [`Meta`] (title, author, client, TLP marking, generated
//! date, branding); [`render`] turns them into PDF bytes. Bytes in, bytes out: no files, no
//! clock, no network, so a report can be produced when everything else is down and the same
//! input always gives the same pages.
//!
//! printpdf writes the PDF objects (fonts embedded and subset, images, links); the layout
//! above it is ours: each character gets a face from a fallback chain (`fonts.rs`), text is
//! shaped with rustybuzz, ordered by the bidi algorithm and broken at Unicode line-break
//! opportunities and hyphenation points (`text.rs`, `hyphenate.rs`); lopdf adds the
//! outline, the structure tree (`tags.rs`) and the PDF/A-2b parts (`pdfa.rs`); the paginator
//! (`layout.rs`) decides every page break: headings stay with what follows, table rows are
//! never split and the header row repeats, a word wider than its column is cut rather than
//! clipped. Composition (`compose.rs`) runs in two passes so that the contents and the
//! "page X of Y" footer carry real numbers.
//!
//! Each report is one module that turns domain records into blocks: [`binder`] prints a
//! client's incident-response plan for the day its systems are down; [`incident_report`] prints
//! the post-incident report for the client or for the MSP's own team; [`after_action`] prints a
//! tabletop exercise's after-action report and improvement plan (HSEEP's AAR/IP).

pub mod after_action;
mod after_action_detail;
#[cfg(test)]
mod after_action_tests;
pub mod binder;
mod compose;
mod fonts;
mod hyphenate;
mod image;
mod incident_internal;
mod incident_outcome;
pub mod incident_report;
pub mod ioc;
mod layout;
pub mod model;
mod outline;
mod pdf;
mod pdfa;
mod raster;
mod style;
mod tags;
mod text;

pub use after_action::{ExerciseFacts, after_action_report, render_after_action_report};
pub use binder::{MspBranding, plan_binder, render_plan_binder};
pub use incident_report::{
    Audience, IncidentFacts, ReportControl, incident_report, render_incident_report,
};
pub use model::{
    Align, Block, Callout, CheckItem, Colour, Column, Document, Image, Meta, Span, Style, Table,
    Text, TitlePage, Tlp, Tone,
};

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A font of the chain (shipped or found on the system) did not parse.
    #[error(
        "font {0} of the report's font chain could not be read; reinstall Cordon or the system's Noto fonts"
    )]
    Font(u16),
    /// An image (a logo) is not a PNG or JPEG that can be decoded.
    #[error("image {index} could not be decoded ({reason}); use a PNG or JPEG")]
    Image { index: usize, reason: String },
    /// Serialising the PDF failed (it is written to memory, so this is not expected).
    #[error("the PDF could not be written: {0}")]
    Write(String),
}

/// Lays the document out and writes it as an A4 PDF.
pub fn render(doc: &Document, meta: &Meta) -> Result<Vec<u8>, ReportError> {
    render_counted(doc, meta).map(|r| r.pdf)
}

/// A rendered PDF with what a screen says about it before it is opened.
#[derive(Debug)]
pub struct Rendered {
    pub pdf: Vec<u8>,
    /// The pages as laid out, for [`preview_pngs`].
    pub layout: Layout,
    pub pages: usize,
    /// Each numbered section's title and its page (1-based), as the contents list them.
    pub sections: Vec<(String, usize)>,
    /// Characters that no font could print (drawn as an empty box): the screen or the CLI
    /// names them so nobody sends a report with holes in it. Empty when all printed.
    pub missing_glyphs: Vec<char>,
}

impl Rendered {
    /// A sentence naming the characters without a glyph, and the fix; `None` when none.
    pub fn warning(&self) -> Option<String> {
        if self.missing_glyphs.is_empty() {
            return None;
        }
        let list: Vec<String> = self
            .missing_glyphs
            .iter()
            .map(|c| format!("“{c}” (U+{:04X})", u32::from(*c)))
            .collect();
        Some(format!(
            "{} character{} could not be printed and show as an empty box: {}. Install a font \
             that has {} (on Debian: fonts-noto-core, fonts-noto-cjk) or change the text.",
            list.len(),
            if list.len() == 1 { "" } else { "s" },
            list.join(", "),
            if list.len() == 1 { "it" } else { "them" },
        ))
    }
}

/// [`render`], also returning the page count and where each section starts.
pub fn render_counted(doc: &Document, meta: &Meta) -> Result<Rendered, ReportError> {
    let composed = compose::compose(doc, meta);
    let pdf = pdf::write(&composed, meta)?;
    Ok(Rendered {
        pdf,
        missing_glyphs: composed.missing.clone(),
        pages: composed.pages.len(),
        sections: composed
            .sections
            .iter()
            .map(|s| (s.title.clone(), s.page + 1))
            .collect(),
        layout: Layout(composed),
    })
}

/// The composed pages of a rendered document (opaque: only previews read it).
#[derive(Debug)]
pub struct Layout(compose::Composed);

/// Pages (0-based indexes; those past the end are skipped) as PNG images at `dpi`, drawn
/// from the layout the PDF was written from (no PDF renderer needed).
pub fn preview_pngs(
    layout: &Layout,
    pages: &[usize],
    dpi: f32,
) -> Result<Vec<Vec<u8>>, ReportError> {
    raster::pngs(&layout.0, pages, dpi)
}
