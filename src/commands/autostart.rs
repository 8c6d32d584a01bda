//! `soleus autostart enable | disable | status`: the command line around
//! [`crate::autostart`], which does the work on each platform. Here: the arguments, waiting
//! for a started daemon to answer, and the text printed.

use std::path::Path;
use std::time::{Duration, Instant};

use super::CliError;
use crate::autostart::{self, AutostartError, Entry, Health, Mechanism};
use crate::cli::{AutostartCommand, MechanismArg};
use crate::client;
use crate::ipc::Request;
use crate::paths::Paths;

impl From<MechanismArg> for Mechanism {
    fn from(arg: MechanismArg) -> Self {
        match arg {
            MechanismArg::Systemd => Self::Systemd,
            MechanismArg::Xdg => Self::Xdg,
        }
    }
}

impl From<AutostartError> for CliError {
    fn from(e: AutostartError) -> Self {
        CliError::Other(e.to_string())
    }
}

pub fn run(paths: &Paths, cmd: &AutostartCommand) -> Result<(), CliError> {
    match cmd {
        AutostartCommand::Enable {
            mechanism,
            no_start,
        } => enable(paths, *mechanism, *no_start),
        AutostartCommand::Disable => {
            let done = autostart::disable()?;
            if done.is_empty() {
                println!("autostart was not enabled: nothing to remove");
            }
            for line in done {
                println!("{line}");
            }
            println!("a running daemon keeps running (`soleus status` shows its pid)");
            Ok(())
        }
        AutostartCommand::Status => {
            print!(
                "{}",
                status_text(&autostart::entries(), &autostart::current_binary()?)
            );
            Ok(())
        }
    }
}

fn enable(paths: &Paths, mechanism: Option<MechanismArg>, no_start: bool) -> Result<(), CliError> {
    let bin = autostart::current_binary()?;
    let (mechanism, done) = autostart::enable(mechanism.map(Mechanism::from), &bin)?;
    if done.is_empty() {
        println!(
            "already enabled: {} running {} daemon",
            mechanism.describe(),
            bin.display()
        );
    }
    for line in done {
        println!("{line}");
    }
    if no_start {
        return Ok(());
    }
    if let Some(pid) = running(paths) {
        println!("soleus is running (pid {pid})");
        return Ok(());
    }
    autostart::start(mechanism, &bin, paths)?;
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Some(pid) = running(paths) {
            println!("started soleus (pid {pid})");
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    Err(CliError::Other(
        "enabled, but the daemon did not answer within 5 s of starting: see `soleus doctor`, \
         or run `soleus daemon` in a terminal to see why"
            .to_owned(),
    ))
}

fn running(paths: &Paths) -> Option<u32> {
    client::send(&paths.socket(), &Request::Status)
        .ok()
        .and_then(|r| r.status)
        .and_then(|s| s.pid)
}

/// What `autostart status` prints: the entries, and a warning with the fix for each that
/// runs a binary that is gone or is not this one.
pub fn status_text(entries: &[Entry], current: &Path) -> String {
    use std::fmt::Write as _;
    if entries.is_empty() {
        return "autostart: disabled (nothing starts soleus at login); enable it with `soleus autostart enable`\n"
            .to_owned();
    }
    let mut out = String::new();
    for e in entries {
        let _ = writeln!(
            out,
            "autostart: enabled ({}): {}",
            e.mechanism.describe(),
            e.path.display()
        );
        if let Some(bin) = &e.runs {
            let _ = writeln!(out, "  runs {} daemon", bin.display());
        }
        if let Some(warning) = warning(e, current) {
            let _ = writeln!(out, "  warning: {warning}");
        }
    }
    if entries.len() > 1 {
        out.push_str(
            "  warning: more than one entry: the second daemon would only exit; fix: `soleus autostart enable` keeps one\n",
        );
    }
    out
}

/// The warning for an entry, if it needs one (also used by `soleus doctor`).
pub fn warning(e: &Entry, current: &Path) -> Option<String> {
    match e.health(current) {
        Health::Ok => None,
        Health::Missing(bin) => Some(format!(
            "it runs {}, which no longer exists; fix: `soleus autostart enable` writes it again for {}",
            bin.display(),
            current.display()
        )),
        Health::Other(bin) => Some(format!(
            "it runs {}, not this soleus ({}); fix: run `soleus autostart enable` with the soleus you want at login",
            bin.display(),
            current.display()
        )),
        Health::Unreadable => Some(
            "cannot tell which binary it runs; fix: `soleus autostart enable` writes it again"
                .to_owned(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    #[test]
    fn status_warns_about_a_gone_or_foreign_binary_with_the_fix() {
        let here = std::env::current_exe().expect("exe");
        let entry = |runs: &str| Entry {
            mechanism: Mechanism::Xdg,
            path: PathBuf::from("/home/me/.config/autostart/soleus.desktop"),
            runs: Some(PathBuf::from(runs)),
        };
        let gone = status_text(&[entry("/nonexistent/soleus")], &here);
        assert!(
            gone.contains("which no longer exists; fix: `soleus autostart enable`"),
            "{gone}"
        );
        let other = status_text(&[entry("/bin/sh")], &here);
        assert!(other.contains("not this soleus"), "{other}");
        let fine = status_text(&[entry(&here.display().to_string())], &here);
        assert!(!fine.contains("warning"), "{fine}");
        assert!(status_text(&[], &here).contains("disabled"));
    }
}
