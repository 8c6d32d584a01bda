//! Where logs go: the systemd journal, with structured fields and priorities, when soleus
//! runs under systemd (which sets `JOURNAL_STREAM`) and the journal answers; stderr
//! otherwise. `RUST_LOG` filters either way (default: warnings and errors).
//!
//! The filter is `Targets` (`info`, `soleus=debug,zbus=warn`), not `EnvFilter`: the
//! daemon needs no span or field filters, and `EnvFilter` would bring a regex engine,
//! a quarter of a megabyte of code in every process.

use std::io::IsTerminal;

use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

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
/// cannot be read, which is said on stderr (no logger is there yet to say it).
fn filter(spec: Option<&str>) -> Targets {
    let default = Targets::new().with_default(tracing::Level::WARN);
    match spec.map(str::trim) {
        None | Some("") => default,
        Some(spec) => spec.parse().unwrap_or_else(|e| {
            eprintln!(
                "soleus: RUST_LOG={spec:?} is not a log filter ({e}); \
                 use a level (error, warn, info, debug, trace) or target=level pairs, \
                 e.g. RUST_LOG=soleus=debug,zbus=warn"
            );
            default
        }),
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
}
