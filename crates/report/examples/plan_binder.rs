//! Writes a sample plan binder to `target/report-samples/plan-binder.pdf`, to look at:
//! `cargo run -p cordon-report --example plan_binder`, then
//! `pdftoppm -png -r 70 target/report-samples/plan-binder.pdf /tmp/pages/p`.
#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "../tests/support/mod.rs"]
mod support;

fn main() {
    let pdf = cordon_report::render_plan_binder(
        &support::plan(),
        &support::client(),
        &support::msp(),
        support::at(2026, 11, 26, 11),
    )
    .expect("the sample renders");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/report-samples");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("plan-binder.pdf");
    std::fs::write(&path, pdf).unwrap();
    println!("{}", path.display());
}
