//! `soleus config check | path | show | init`.

use std::fs;

use super::{CliError, out};
use crate::cli::ConfigCommand;
use crate::config::{Config, ConfigError, DEFAULT_TOML, Origin};
use crate::paths::Paths;

pub fn run(paths: &Paths, cmd: &ConfigCommand) -> Result<(), CliError> {
    match cmd {
        ConfigCommand::Path => out::line(paths.config.display()),
        ConfigCommand::Check => check(paths),
        ConfigCommand::Show => {
            let loaded = Config::load(&paths.config)?;
            out::print(format_args!(
                "# settings in effect, from {}\n\n{}",
                loaded.origin,
                loaded.config.to_toml()
            ))
        }
        ConfigCommand::Init { print: true, .. } => out::print(DEFAULT_TOML),
        ConfigCommand::Init { force, .. } => init(paths, *force),
    }
}

fn check(paths: &Paths) -> Result<(), CliError> {
    let loaded = match Config::load(&paths.config) {
        Ok(loaded) => loaded,
        Err(ConfigError::Invalid(diagnostics)) => {
            let n = diagnostics.len();
            return Err(CliError::Other(format!(
                "{}\n\n{n} error{} in {}",
                crate::diagnostic::render_all(&diagnostics),
                if n == 1 { "" } else { "s" },
                paths.config.display()
            )));
        }
        Err(e) => return Err(e.into()),
    };
    for w in &loaded.warnings {
        eprintln!("warning: {w}");
    }
    match loaded.origin {
        Origin::File(path) => out::line(format_args!("ok: {}", path.display())),
        Origin::Defaults { missing } => out::line(format_args!(
            "ok: no config file at {}: built-in defaults apply (`soleus config init` writes one to edit)",
            missing.display()
        )),
    }
}

fn init(paths: &Paths, force: bool) -> Result<(), CliError> {
    let path = &paths.config;
    let io = |action, source| CliError::Io {
        action,
        path: path.clone(),
        source,
    };
    let mut backup = None;
    if path.exists() {
        if !force {
            return Err(CliError::Other(format!(
                "{} already exists: edit it, or use `soleus config init --force` to replace it (the old file is kept beside it)",
                path.display()
            )));
        }
        // A new name every time: a second --force must not overwrite the first backup.
        let stamp = jiff::Timestamp::now().strftime("%Y%m%dT%H%M%S%.fZ");
        let mut name = path.file_name().map(ToOwned::to_owned).unwrap_or_default();
        name.push(format!(".bak-{stamp}"));
        let target = path.with_file_name(name);
        fs::copy(path, &target).map_err(|e| io("back up", e))?;
        backup = Some(target);
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(|e| io("create the folder for", e))?;
    }
    // A crash never leaves a half-written config.
    crate::atomic_file::write(path, DEFAULT_TOML.as_bytes()).map_err(|e| io("write", e))?;
    if let Some(backup) = backup {
        out::line(format_args!(
            "kept the previous file as {}",
            backup.display()
        ))?;
    }
    out::line(format_args!(
        "wrote {}: every key is documented there; `soleus config check` validates your edits",
        path.display()
    ))
}
