//! Writes sample reports to `target/report-samples/` to look at:
//! `cargo run -p cordon-report --example plan_binder`, then
//! `pdftoppm -png -r 70 target/report-samples/plan-binder.pdf /tmp/pages/p`.
//! `plan-binder.pdf` is the realistic binder; `stress.pdf` has a pale accent colour, long
//! names and a 300-row table, the cases most likely to look wrong.
#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "../tests/support/mod.rs"]
mod support;

use cordon_report::{Block, Callout, Column, Table, Tone, model::text};

fn main() {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"),
        std::path::PathBuf::from,
    );
    let dir = target.join("report-samples");
    std::fs::create_dir_all(&dir).unwrap();
    let generated = support::at(2026, 11, 26, 11);

    let pdf = cordon_report::render_plan_binder(
        &support::plan(),
        &support::client(),
        &support::msp(),
        generated,
    )
    .expect("the sample renders");
    std::fs::write(dir.join("plan-binder.pdf"), pdf).unwrap();

    let mut client = support::client();
    client.name =
        "Gebrüder Østergaard-Müller Präzisionsmaschinenbau GmbH & Co. KG – Werk Kraków".into();
    client.branding.accent_colour = Some("#F4D35E".into());
    let mut plan = support::plan();
    plan.title =
        "Notfallhandbuch für Informationssicherheitsvorfälle – gültig für alle Standorte".into();
    plan.reviews.clear();
    let (mut doc, meta) = cordon_report::plan_binder(&plan, &client, &support::msp(), generated);
    doc.blocks.push(Block::heading(1, "Blocks on their own"));
    doc.blocks.push(Block::Image {
        image: cordon_report::Image::from(&support::logo("client-logo.png")),
        width_mm: 60.0,
        alt: "Müller & Søn logo".into(),
    });
    for tone in [Tone::Info, Tone::Warning, Tone::Danger] {
        doc.blocks.push(Block::Callout(Callout {
            tone,
            title: format!("{tone:?} callout"),
            body: text("Ring the bridge line first; email may be read by the attacker."),
        }));
    }
    doc.blocks.push(Block::Bullets(vec![
        text("Isolate, do not power off: memory holds the evidence."),
        text("Straße, Søn, Kraków, “quotes” – and a dash."),
    ]));
    doc.blocks.push(Block::heading(1, "Asset register"));
    doc.blocks.push(Block::Table(Table {
        columns: vec![
            Column::new("Hostname", 2.0),
            Column::new("Owner", 2.0),
            Column::new("Criticality", 1.0),
        ],
        rows: (0..300)
            .map(|i| {
                vec![
                    text(format!("srv-{i:03}.østergaard-müller.example")),
                    text("Jürgen Straße"),
                    text(format!("{}", i % 3 + 1)),
                ]
            })
            .collect(),
    }));
    let pdf = cordon_report::render(&doc, &meta).expect("the stress sample renders");
    std::fs::write(dir.join("stress.pdf"), pdf).unwrap();
    println!("{}", dir.display());
}
