//! The desktop shell. It owns a window and a `cordon_app::Workspace`; every command is one
//! call into that facade with its error mapped to `{code, message, fields}`. There is no SQL
//! and no business rule here: those live in the crates, where the CLI reaches them too.

mod commands;
mod deadlines;
mod desktop;
mod dialog;

use std::sync::Arc;

use cordon_app::{SystemClock, Workspace};

/// The command list and the generated TypeScript come from one place, so they cannot differ.
pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    // One shape per type: our types serialise and deserialise alike, and the UI names them once.
    tauri_specta::Builder::<tauri::Wry>::new()
        .disable_serde_phases()
        .commands(tauri_specta::collect_commands![
            commands::workspace_status,
            commands::create_workspace,
            commands::unlock_workspace,
            commands::workspace_info,
            commands::switch_to_passphrase,
            commands::switch_to_keychain,
            commands::change_passphrase,
            commands::lock_workspace,
            commands::privacy_settings,
            commands::save_privacy_settings,
            commands::choose_file,
            commands::list_clients,
            commands::get_client,
            commands::create_client,
            commands::update_client,
            commands::archive_client,
            commands::restore_client,
            commands::client_overview,
            commands::client_readiness,
            commands::plans::plan_templates,
            commands::plans::create_plan_from_template,
            commands::plans::list_plans,
            commands::plans::get_plan,
            commands::plans::update_plan,
            commands::plans::approve_plan,
            commands::plans::plan_diff,
            commands::plans::record_plan_review,
            commands::plans::add_playbook_from_template,
            commands::plans::plan_review_state,
            commands::assets::list_assets,
            commands::assets::get_asset,
            commands::assets::create_asset,
            commands::assets::update_asset,
            commands::assets::archive_asset,
            commands::assets::preview_asset_import,
            commands::assets::import_assets,
            commands::assets::export_assets_csv,
            commands::incidents::incident_types,
            commands::incidents::open_incident,
            commands::incidents::incident,
            commands::incidents::list_incidents,
            commands::incidents::add_timeline_entry,
            commands::incidents::move_incident,
            commands::incidents::rescope_incident,
            commands::incidents::override_severity,
            commands::incidents::record_trigger,
            commands::incidents::set_key_times,
            commands::incidents::set_task_done,
            commands::incidents::assign_roles,
            commands::incidents::update_incident_details,
            commands::incidents::save_review,
            commands::incidents::add_evidence,
            commands::incidents::export_evidence,
            commands::incidents::transfer_custody,
            commands::incidents::record_notice,
            commands::incidents::verify_incident,
            commands::incidents::timeline_csv,
            commands::incidents::export_timeline_csv,
            commands::incidents::incident_dashboard,
            commands::incidents::deadline_alerts,
            commands::incidents::search,
            commands::incidents::incident_settings,
            commands::incidents::save_incident_settings,
            commands::exercises::exercise_scenarios,
            commands::exercises::create_exercise,
            commands::exercises::exercise,
            commands::exercises::list_exercises,
            commands::exercises::start_exercise,
            commands::exercises::pause_exercise,
            commands::exercises::resume_exercise,
            commands::exercises::end_exercise,
            commands::exercises::reveal_inject,
            commands::exercises::mark_expected_action,
            commands::exercises::rate_objective,
            commands::exercises::set_exercise_review,
            commands::exercises::review_exercise_objective,
            commands::exercises::set_exercise_participants,
            commands::exercises::add_exercise_log,
            commands::exercises::add_exercise_finding,
            commands::exercises::plan_change_items,
            commands::exercises::set_plan_change_status,
            commands::exercises::presenter_view,
            commands::exercises::open_presenter_window,
            commands::reports::msp_branding,
            commands::reports::save_msp_branding,
            commands::reports::incident_report_preview,
            commands::reports::export_incident_report,
            commands::reports::exercise_report_preview,
            commands::reports::export_exercise_report,
            commands::reports::plan_binder_preview,
            commands::reports::export_plan_binder,
        ])
}

pub fn run() {
    let builder = specta_builder();
    let data_dir = cordon_app::default_data_dir();
    let _log = desktop::start_support_log(&data_dir);
    let workspace = Workspace::new(data_dir, Arc::new(SystemClock));
    // `make run` asks for a demo workspace on first run; a real user starts empty.
    let seed_demo = std::env::var("CORDON_DEMO").is_ok_and(|v| v == "1");
    let result = desktop::plugins(tauri::Builder::default())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_opener::init())
        .setup(|app| {
            deadlines::spawn(app.handle().clone());
            Ok(())
        })
        .manage(commands::Shell {
            workspace,
            seed_demo,
            picks: dialog::Picks::default(),
        })
        .invoke_handler(builder.invoke_handler())
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("cordon: the window could not start: {e}");
        std::process::exit(1);
    }
}
