//! Where logs go: the systemd journal, with structured fields and priorities, when soleus
//! runs under systemd (which sets `JOURNAL_STREAM`) and the journal answers; stderr
//! otherwise. `RUST_LOG` filters either way (default: warnings and errors, and the daemon's
//! diary, [`DIARY`]).
//!
//! The filter is `Targets` (`info`, `soleus=debug,zbus=warn`), not `EnvFilter`: the
//! daemon needs no span or field filters, and `EnvFilter` would bring a regex engine,
//! a quarter of a megabyte of code in every process.

use std::io::IsTerminal;

use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// The target of the daemon's diary: one line per reminder shown and answered, per set,
/// pause, start and stop. On at the default level, so the log tells the day without
/// `RUST_LOG`; everything else stays at warnings and errors.
pub const DIARY: &str = "soleus::diary";

/// Installs the global logger. Call once, first thing.
pub fn init() {
    let filter = filter(std::env::var("RUST_LOG").ok().as_deref());
    if std::env::var_os("JOURNAL_STREAM").is_some()
        && let Ok(journal) = tracing_journald::layer()
    {
        let journal = journal.with_syslog_identifier("soleus".to_owned());
        tracing_subscriber::registry()
            .with(filter)
            .with(journal)
            .init();
        return;
    }
    tracing_subscriber::registry()
        .with(filter)
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_ansi(std::io::stderr().is_terminal()),
        )
        .init();
}

/// The filter `RUST_LOG` asks for; warnings and errors when it is unset, and also when it
/// cannot be read, which is said on stderr (no logger is there yet to say it). Spaces and
/// empty parts are dropped (`warn, soleus=debug,` means `warn,soleus=debug`), and targets
/// named without a default level keep warnings and errors for everything else.
fn filter(spec: Option<&str>) -> Targets {
    let default = Targets::new()
        .with_default(tracing::Level::WARN)
        .with_target(DIARY, tracing::Level::INFO);
    let spec = spec
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(",");
    if spec.is_empty() {
        return default;
    }
    match spec.parse::<Targets>() {
        Ok(targets) if targets.default_level().is_some() => targets,
        Ok(targets) => targets.with_default(tracing::Level::WARN),
        Err(e) => {
            eprintln!(
                "soleus: RUST_LOG={spec:?} is not a log filter ({e}); \
                 use a level (error, warn, info, debug, trace) or target=level pairs, \
                 e.g. RUST_LOG=soleus=debug,zbus=warn"
            );
            default
        }
    }
}

#[cfg(test)]
mod tests {
    use super::filter;
    use tracing::Level;

    #[test]
    fn unset_or_unreadable_means_warnings() {
        for spec in [None, Some(""), Some("soleus=loud")] {
            let f = filter(spec);
            assert!(f.would_enable("soleus::daemon", &Level::WARN), "{spec:?}");
            assert!(!f.would_enable("soleus::daemon", &Level::INFO), "{spec:?}");
            assert!(f.would_enable(super::DIARY, &Level::INFO), "{spec:?}");
        }
    }

    #[test]
    fn levels_and_targets() {
        let f = filter(Some("info"));
        assert!(f.would_enable("zbus", &Level::INFO));
        assert!(!f.would_enable("zbus", &Level::DEBUG));
        let f = filter(Some("warn,soleus=debug"));
        assert!(f.would_enable("soleus::presence", &Level::DEBUG));
        assert!(!f.would_enable("zbus", &Level::INFO));
    }

    #[test]
    fn spaces_and_stray_commas_do_not_change_the_meaning() {
        for spec in [
            "warn, soleus=debug",
            "warn,soleus=debug,",
            " ,warn,,soleus=debug ",
        ] {
            let f = filter(Some(spec));
            assert!(f.would_enable("soleus::daemon", &Level::DEBUG), "{spec}");
            assert!(f.would_enable("zbus", &Level::WARN), "{spec}");
            assert!(!f.would_enable("zbus", &Level::INFO), "{spec}");
        }
    }

    #[test]
    fn targets_alone_keep_warnings_for_the_rest() {
        let f = filter(Some("soleus=debug"));
        assert!(f.would_enable("soleus::daemon", &Level::DEBUG));
        assert!(f.would_enable("zbus", &Level::WARN));
        assert!(!f.would_enable("zbus", &Level::INFO));
    }
}
