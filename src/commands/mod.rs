//! What each subcommand does: the shell around the pure core. Reads files and the clock,
//! calls the core, prints, and maps failures to exit codes.

mod config;
mod log;
mod simulate;
mod stats;

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::cli::{Cli, Command};
use crate::config::{Config, ConfigError, Loaded};
use crate::history::HistoryError;
use crate::paths::{NoHome, Paths};

/// Exit codes of the contract.
pub mod exit {
    pub const ERROR: u8 = 1;
    pub const USAGE: u8 = 2;
}

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    History(#[from] HistoryError),
    #[error(transparent)]
    NoHome(#[from] NoHome),
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    /// A value the user gave that clap could not check on its own.
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Other(String),
}

impl CliError {
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self {
            Self::Usage(_) => exit::USAGE,
            _ => exit::ERROR,
        })
    }
}

pub fn run(cli: Cli) -> Result<(), CliError> {
    let paths = Paths::discover(cli.config)?;
    match cli.command {
        Command::Log(args) => log::run(&paths, &args),
        Command::Stats(args) => stats::run(&paths, &args),
        Command::Simulate(args) => simulate::run(&paths, &args),
        Command::Config(cmd) => config::run(&paths, &cmd),
    }
}

/// The config for commands that can do their job on defaults (logging a set, showing
/// stats): a broken file is reported, not fatal.
fn config_or_defaults(paths: &Paths) -> Config {
    match Config::load(&paths.config) {
        Ok(Loaded { config, .. }) => config,
        Err(e) => {
            eprintln!(
                "warning: config not used, built-in defaults apply: run `soleus config check`\n{e}"
            );
            Config::defaults()
        }
    }
}

fn print_notices(notices: &[String]) {
    for notice in notices {
        eprintln!("note: {notice}");
    }
}
