//! `cordon key`: how the workspace key is kept. Passphrases come from the environment, never
//! from arguments, so they stay out of shell history and `ps`.

use anyhow::Result;
use clap::Subcommand;
use cordon_app::{AppError, ErrorCode, Workspace};

#[derive(Subcommand)]
pub enum KeyCommand {
    /// Re-key a passphrase workspace: CORDON_PASSPHRASE is the current passphrase,
    /// CORDON_NEW_PASSPHRASE the new one. The old passphrase works until this has finished.
    ChangePassphrase,
}

pub fn run(ws: &Workspace, command: KeyCommand) -> Result<()> {
    match command {
        KeyCommand::ChangePassphrase => {
            let env = |name: &str| std::env::var(name).ok().filter(|p| !p.is_empty());
            let (Some(current), Some(next)) =
                (env("CORDON_PASSPHRASE"), env("CORDON_NEW_PASSPHRASE"))
            else {
                return Err(AppError::new(
                    ErrorCode::InvalidInput,
                    "set CORDON_PASSPHRASE to the current passphrase and CORDON_NEW_PASSPHRASE to the new one",
                )
                .into());
            };
            crate::open(ws, false)?;
            let info = ws.change_passphrase(current, next)?;
            println!(
                "passphrase changed for {}; unlock with the new one from now on",
                info.data_dir
            );
        }
    }
    Ok(())
}
