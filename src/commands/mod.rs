//! What each subcommand does: the shell around the pure core. Reads files and the clock,
//! calls the core, prints, and maps failures to exit codes.

mod autostart;
mod config;
mod control;
mod doctor;
mod log;
mod meal;
pub(crate) mod out;
mod pause;
mod simulate;
mod stats;
pub mod status;

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::cli::{Cli, Command, ConfigCommand};
use crate::config::{Config, ConfigError, Loaded};
use crate::history::HistoryError;
use crate::ipc::Request;
use crate::paths::{NoHome, Paths};

/// Exit codes of the contract.
pub mod exit {
    pub const ERROR: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const NOT_RUNNING: u8 = 3;
    pub const ALREADY_RUNNING: u8 = 4;
}

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    History(#[from] HistoryError),
    #[error(transparent)]
    Folder(#[from] crate::history::FolderError),
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
    /// No daemon answers; `None` when the output already said so (status --json).
    #[error("{}", .0.as_deref().unwrap_or(""))]
    NotRunning(Option<String>),
    #[error("{0}")]
    AlreadyRunning(String),
    /// Whoever read stdout stopped reading (`| head -1`): nothing to say, nothing failed.
    #[error("")]
    StdoutClosed,
}

impl CliError {
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self {
            Self::StdoutClosed => 0,
            Self::Usage(_) => exit::USAGE,
            Self::NotRunning(_) => exit::NOT_RUNNING,
            Self::AlreadyRunning(_) => exit::ALREADY_RUNNING,
            _ => exit::ERROR,
        })
    }
}

pub fn run(cli: Cli) -> Result<(), CliError> {
    let config = config_override(cli.config, &cli.command)?;
    let paths = Paths::discover(config.clone())?;
    match cli.command {
        Command::Daemon(_) => control::daemon(&paths),
        Command::Status {
            follow: true,
            format,
            ..
        } => status::follow::run(&paths, &format.unwrap_or_else(status::format::Spec::plain)),
        Command::Status {
            json,
            verbose,
            format,
            ..
        } => status::run(&paths, json, verbose, format.as_ref()),
        Command::Snooze { duration } => control::command(
            &paths,
            &Request::Snooze {
                seconds: control::seconds(duration),
            },
        ),
        Command::Skip => control::command(&paths, &Request::Skip),
        Command::Start => control::command(&paths, &Request::Start),
        Command::Done => control::command(&paths, &Request::Done),
        Command::Pause { duration, until } => control::command(
            &paths,
            &pause::request(duration, until.as_deref(), &jiff::Zoned::now())?,
        ),
        Command::Resume => control::command(&paths, &Request::Resume),
        Command::Stop => control::stop(&paths),
        Command::Log(args) => log::run(&paths, &args),
        Command::Meal(args) => meal::run(&paths, &args),
        Command::Stats(args) => stats::run(&paths, &args),
        Command::Simulate(args) => simulate::run(&paths, &args),
        Command::Config { command, .. } => config::run(&paths, &command),
        Command::Doctor(_) => doctor::run(&paths),
        Command::Autostart(cmd) => autostart::run(&paths, config.as_deref(), &cmd),
        Command::Completions { shell } => out::print_with(|buffer| {
            crate::cli::completions(shell, buffer);
            Ok(())
        }),
        Command::Man => out::print_with(|buffer| crate::cli::man(buffer)),
    }
}

/// The `--config` in effect, before or after the subcommand, made absolute (an autostart
/// entry runs in another folder). Refused on a command that reads no config, and when it
/// names no file: a typo in a path must not quietly mean the defaults. `config init`
/// creates the file and `config path` only prints it, so they take a path not there yet.
fn config_override(
    before: Option<PathBuf>,
    command: &Command,
) -> Result<Option<PathBuf>, CliError> {
    let given = match (before, command.config_path()) {
        (Some(_), Err(name)) => {
            return Err(CliError::Usage(format!(
                "--config means nothing to `soleus {name}`: it reads no config (the daemon keeps \
                 the config it was started with; `soleus status --verbose` names it)"
            )));
        }
        (before, Ok(after)) => after.cloned().or(before),
        (None, Err(_)) => None,
    };
    let Some(path) = given else {
        return Ok(None);
    };
    let creates = matches!(
        command,
        Command::Config {
            command: ConfigCommand::Init { .. } | ConfigCommand::Path,
            ..
        }
    );
    if !creates && !path.is_file() {
        return Err(CliError::Other(format!(
            "--config {}: there is no such file; create it with `soleus --config {} config init`, \
             or leave --config out to use {}",
            path.display(),
            path.display(),
            Paths::discover(None)?.config.display()
        )));
    }
    Ok(Some(std::path::absolute(&path).unwrap_or(path)))
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

/// Where the history is written and read, as the settings say (a sync folder or not).
fn history_place(paths: &Paths, config: &Config) -> Result<crate::history::Place, CliError> {
    Ok(crate::history::Place::open(paths, &config.history)?)
}

fn print_notices(notices: &[String]) {
    for notice in notices {
        eprintln!("note: {notice}");
    }
}
