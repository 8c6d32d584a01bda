//! The command line: clap definitions only. Parsing values that need no IO happens here
//! (durations, rep counts); the commands themselves live in `commands`.
//!
//! Doc comments here are `--help` text, read in a terminal: no Markdown backticks.
#![allow(clippy::doc_markdown)]

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use jiff::SignedDuration;

use crate::simulate::Respond;

mod record;
mod values;
pub use record::{LogArgs, MealArgs};
pub use values::{MAX_REPS, PauseFor};
use values::{parse_date, parse_duration, parse_pause};

const ABOUT: &str = "Reminds you to do seated soleus pushups while you sit at your desk.";

const LONG_ABOUT: &str = "\
Reminds you to do seated soleus pushups while you sit at your desk.

A soleus pushup: sit upright, feet flat, toes and the balls of your feet on the floor. Raise \
your heels slowly as far as they go, lower them slowly, and keep a steady pace: 50 to 100 reps \
or 5 to 10 minutes, two or three times a day. The calf's soleus muscle then burns blood sugar \
that would otherwise linger after meals.

soleus counts how long you have been sitting (a real absence is a break), and after enough \
continuous sitting within your active hours it asks for a set. Every set you do is kept in \
your history.";

const AFTER_HELP: &str = "\
Files:
  config   $XDG_CONFIG_HOME/soleus/config.toml (~/.config/soleus/config.toml); missing means defaults
  history  $XDG_DATA_HOME/soleus/history.jsonl (~/.local/share/soleus/history.jsonl)

Durations are human everywhere, up to a week: 30s, 10m, 1h30m, 2d, 1w (a bare number needs a unit).

Examples:
  soleus daemon                  run in the foreground: reminders on your desktop
  soleus status                  what it is doing now
  soleus log 60                  record a set of 60 reps done just now
  soleus stats                   your last 14 days
  soleus simulate                preview a week of reminders with your config
  soleus config init             write the documented default config, then edit it
  soleus autostart enable        start with your desktop session from now on
  soleus doctor                  what soleus finds on this desktop (paste it into bug reports)";

#[derive(Debug, Parser)]
#[command(name = "soleus", version, about = ABOUT, long_about = LONG_ABOUT, after_help = AFTER_HELP)]
pub struct Cli {
    /// Use this config file instead of $XDG_CONFIG_HOME/soleus/config.toml (it must exist;
    /// `config init` creates it). Only for commands that read the config.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run in the foreground: track sitting and show reminders (autostart runs this).
    #[command(
        after_help = "Logs go to stderr (the journal, under systemd); RUST_LOG=debug shows more.\n\
The control socket is $XDG_RUNTIME_DIR/soleus/soleus.sock (without XDG_RUNTIME_DIR: \
$XDG_STATE_HOME/soleus/run/soleus.sock), private to you. A second daemon exits with code 4.\n\n\
Examples:\n  soleus daemon\n  RUST_LOG=debug soleus daemon"
    )]
    Daemon(ConfigPath),
    /// Show what the daemon is doing: sitting time, next reminder, today's sets.
    #[command(
        after_help = "Exits 3 when no daemon is running; --json then still has today's sets from \
history, with \"running\": false.\n\nExamples:\n  soleus status\n  soleus status --verbose     \
also idle detection, lock sources, config\n  soleus status --json | jq .state\n  \
soleus status --follow --format waybar     a waybar custom module (README has the snippets)\n  \
soleus status --format '{state} {next_in} {sets}/{goal}'"
    )]
    Status {
        /// One JSON document (running, pid, state, sitting_seconds, next_reminder_at, ...).
        #[arg(long)]
        json: bool,
        /// Also how presence is detected (idle source, lock and sleep), sitting today, config.
        #[arg(long, short, conflicts_with = "json")]
        verbose: bool,
        /// One line for bars: json, waybar, i3blocks, polybar, or a template like
        /// "{state} {next_in} {sets}/{goal}" (fields: state next next_in sets goal reps
        /// streak sitting text class percentage).
        #[arg(long, value_name = "FORMAT", conflicts_with_all = ["json", "verbose"])]
        format: Option<crate::commands::status::format::Spec>,
        /// Keep running and print a line each time the status changes (pushed by the
        /// daemon); waits for a daemon when none runs. Plain lines unless --format.
        #[arg(long, conflicts_with_all = ["json", "verbose"])]
        follow: bool,
        #[command(flatten)]
        config: ConfigPath,
    },
    /// Put the open reminder off (by [snooze] duration unless given).
    #[command(after_help = "Examples:\n  soleus snooze\n  soleus snooze 20m")]
    Snooze {
        /// How long, like 10m or 1h.
        #[arg(value_parser = parse_duration)]
        duration: Option<SignedDuration>,
    },
    /// Decline the open reminder (it counts as one of the day's).
    #[command(after_help = "Example:\n  soleus skip")]
    Skip,
    /// Start a guided set now, answering the open reminder if there is one.
    #[command(after_help = "Example:\n  soleus start")]
    Start,
    /// Say the set is done: answers the open reminder, or confirms the guided set.
    #[command(
        after_help = "A reminder answered this way logs a set of the estimated reps; a guided set counts \
the reps of the time it ran, at your pace (under a minute is not a set). For another count, \
`soleus log REPS` records it instead.\n\nExample:\n  soleus done"
    )]
    Done,
    /// Hold reminders for a while, for the rest of today, or until `soleus resume`.
    #[command(
        after_help = "A pause uses up the open reminder (it counts as skipped). It is kept in the history \
file, so it outlasts a restart of the daemon or of the computer; one without an end lasts until \
`soleus resume`.\n\nExamples:\n  soleus pause 2h          a long meeting\n  soleus pause today       \
no more reminders until tomorrow\n  soleus pause --until 15:00\n  soleus pause             until soleus resume"
    )]
    Pause {
        /// How long, like 45m or 2h, or `today` [default: until resumed].
        #[arg(value_parser = parse_pause, conflicts_with = "until")]
        duration: Option<PauseFor>,
        /// Until a time: "15:00" (the next 15:00) or "2026-11-24T09:00".
        #[arg(long, value_name = "TIME")]
        until: Option<String>,
    },
    /// End a pause.
    #[command(after_help = "Example:\n  soleus resume")]
    Resume,
    /// Stop the running daemon: it closes its notification and exits.
    #[command(
        after_help = "Says how the daemon was started (the systemd unit, the XDG autostart entry or by \
hand) and how to start it again. Autostart stays enabled: it starts again at the next login.\n\n\
Examples:\n  soleus stop\n  soleus stop && soleus daemon     restart it in this terminal"
    )]
    Stop,
    /// Record a set you did (works whether or not the daemon runs).
    #[command(
        override_usage = "soleus log [OPTIONS] <REPS>\n       soleus log --undo",
        after_help = "Examples:\n  soleus log 60                 60 reps just now\n  soleus log 80 --duration 8m   a longer set\n  soleus log 50 --at 10:15      a set you forgot to log this morning\n  soleus log 70 --at 2026-11-20T14:00\n  soleus log --undo             take back the last set you logged"
    )]
    Log(LogArgs),
    /// Record a meal you ate: a reminder comes soon after it, when a set helps most.
    #[command(
        override_usage = "soleus meal [OPTIONS] [TIME]\n       soleus meal --undo",
        after_help = "Works whether or not the daemon runs. The reminder comes about 10 minutes after the meal \
and within [meals] window of it, inside active hours.\n\n\
Examples:\n  soleus meal              just ate\n  soleus meal 12:30        lunch at half past twelve\n  soleus meal --undo       take back the last meal you logged"
    )]
    Meal(MealArgs),
    /// Show your history: sets and reps per day, streak, reminder outcomes.
    #[command(
        after_help = "The streak counts consecutive days with at least one set up to today; an empty today \
does not break it, and a day outside active_days never breaks it (and extends it when it has a set). Separately, the \
report says on how many days of the period the goal (sets_per_day) was met.\n\n\
Colour is used on a terminal, unless NO_COLOR is set; CLICOLOR_FORCE=1 forces it (for less -R).\n\n\
--json fields: days (one per day of the period: date, sets, reps, reminders shown, snoozes, \
skips, missed, meals, meals_followed: meals followed by a set within [meals] window), total_sets, total_reps, streak_days, longest_streak_days, goal_sets, \
days_goal_met, from, to, today (a day, as in days), reminders (shown, done, skipped, missed, \
open: these four add up to shown plus held minus released; snoozed: how many snoozes; held \
and released: reminders kept back by do-not-disturb, fullscreen or a call, and let go when it \
ended; became_sets_percent; median_seconds_to_start), after_meals (meals: logged ones and usual times on active days \
whose window has closed; logged; followed_by_set; percent; window_seconds). With --sets: an array of sets, each with at (local RFC 3339), reps, \
duration_seconds, origin (reminder or manual).\n\nA history file that could not be read is set aside (never deleted) by the next write, and stats \
says so until you run soleus stats --ack.\n\nExamples:\n  soleus stats\n  soleus stats --days 90          \
a heatmap, week by week\n  soleus stats --from 2026-11-01 --to 2026-11-30\n  soleus stats --sets            every set, \
with its time and origin\n  soleus stats --days 30 --json\n  soleus stats --csv > soleus.csv"
    )]
    Stats(StatsArgs),
    /// Preview what your config would do: runs the real scheduler over a week of activity.
    #[command(
        after_help = "Without --trace, a built-in office week is used: at the desk from 08:50, a 3-minute pause at \
10:40 (too short to be a break), lunch with the screen locked 12:15-13:00, a coffee break at 15:30, \
home at 17:30, a little laptop time on Saturday.\n\nA trace is a CSV file of lines `start,end,state` in local time, \
with state one of active, idle, locked, suspended, or dnd, fullscreen, call (at the desk, not to be \
interrupted: config [context] says what a reminder due then does); `#` starts a comment; time not \
covered counts as suspended. --json events held and released show reminders kept back by them:\n  2026-11-23T09:00,2026-11-23T12:15,active\n  2026-11-23T12:15,2026-11-23T13:00,locked\n\n\
Examples:\n  soleus simulate\n  soleus simulate --respond snooze\n  soleus simulate --days 365 --json | jq -c 'select(.kind == \"set\")'\n  soleus simulate --trace my-week.csv"
    )]
    Simulate(SimulateArgs),
    /// Check, locate, show or create your config.toml.
    #[command(
        after_help = "Examples:\n  soleus config init     write the documented defaults to edit\n  soleus config check    validate your edits: file:line:column and a hint per error\n  soleus config show     every setting in effect"
    )]
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
        #[command(flatten)]
        config: GlobalConfigPath,
    },
    /// Check this desktop: bus, notification server, idle, lock and sleep detection, files.
    #[command(
        after_help = "Each line is OK or WARN; a WARN comes with the fix. It asks the same questions \
the daemon does, so it tells which idle source the daemon will use and why. Paste the output \
into a bug report.\n\nExample:\n  soleus doctor"
    )]
    Doctor(ConfigPath),
    /// Start the daemon at login (systemd user unit or XDG autostart entry), or stop that.
    #[command(
        subcommand,
        after_help = "Entries run this soleus binary by its absolute path; `status` warns when that \
binary is gone or is another one (after an upgrade or a move), and `enable` again fixes it.\n\n\
Examples:\n  soleus autostart enable\n  soleus autostart status\n  soleus autostart disable"
    )]
    Autostart(AutostartCommand),
    /// Print shell completions (bash, zsh, fish, elvish, powershell) to stdout.
    #[command(
        after_help = "Examples:\n  soleus completions bash > ~/.local/share/bash-completion/completions/soleus\n  \
soleus completions zsh > ~/.zfunc/_soleus\n  soleus completions fish > ~/.config/fish/completions/soleus.fish"
    )]
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to stdout.
    #[command(hide = true)]
    Man,
}

#[derive(Debug, Subcommand)]
pub enum AutostartCommand {
    /// Set soleus to start with your graphical session, and start it now if it is not running.
    #[command(
        after_help = "Linux: a systemd user unit (~/.config/systemd/user/soleus.service, wanted by \
graphical-session.target) when a user systemd manager runs, else an XDG autostart entry \
(~/.config/autostart/soleus.desktop). Running it again is harmless: it rewrites what changed.\n\n\
Examples:\n  soleus autostart enable                      start at every login, and now\n  \
soleus autostart enable --no-start           from the next login on\n  \
soleus autostart enable --mechanism xdg      an XDG autostart entry even under systemd"
    )]
    Enable {
        /// Force one mechanism instead of choosing.
        #[arg(long, value_enum)]
        mechanism: Option<MechanismArg>,
        /// Only set it up for the next login; do not start the daemon now.
        #[arg(long)]
        no_start: bool,
        #[command(flatten)]
        config: ConfigPath,
    },
    /// Remove the autostart entries (a running daemon keeps running).
    #[command(
        after_help = "Examples:\n  soleus autostart disable\n  soleus autostart disable; soleus status     a running daemon keeps running"
    )]
    Disable,
    /// Say whether and how soleus starts at login, and whether the entry is still valid.
    #[command(
        after_help = "Examples:\n  soleus autostart status\n  soleus autostart status | grep -i warn     only what needs fixing"
    )]
    Status(ConfigPath),
}

/// `--config PATH` after the subcommand, on the commands that read the config (the
/// one before the subcommand, on [`Cli`], works for them too). Commands that only talk to
/// the running daemon do not offer it: the daemon reads the config it was started with.
#[derive(Debug, Clone, Default, Args)]
pub struct ConfigPath {
    /// Use this config file instead of $XDG_CONFIG_HOME/soleus/config.toml (it must exist).
    #[arg(long = "config", value_name = "PATH")]
    pub path: Option<PathBuf>,
}

/// [`ConfigPath`] for `soleus config`, offered on each of its subcommands.
#[derive(Debug, Clone, Default, Args)]
pub struct GlobalConfigPath {
    /// Use this config file instead of $XDG_CONFIG_HOME/soleus/config.toml.
    #[arg(long = "config", value_name = "PATH", global = true)]
    pub path: Option<PathBuf>,
}

impl Command {
    /// The `--config` given after the subcommand; `Err` names a command that reads no
    /// config, for a `--config` given before it.
    pub fn config_path(&self) -> Result<Option<&PathBuf>, &'static str> {
        Ok(match self {
            Self::Daemon(c) | Self::Doctor(c) | Self::Status { config: c, .. } => c.path.as_ref(),
            Self::Log(a) => a.config.path.as_ref(),
            Self::Meal(a) => a.config.path.as_ref(),
            Self::Stats(a) => a.config.path.as_ref(),
            Self::Simulate(a) => a.config.path.as_ref(),
            Self::Config { config, .. } => config.path.as_ref(),
            Self::Autostart(
                AutostartCommand::Enable { config, .. } | AutostartCommand::Status(config),
            ) => config.path.as_ref(),
            Self::Snooze { .. } => return Err("snooze"),
            Self::Skip => return Err("skip"),
            Self::Start => return Err("start"),
            Self::Done => return Err("done"),
            Self::Pause { .. } => return Err("pause"),
            Self::Resume => return Err("resume"),
            Self::Stop => return Err("stop"),
            Self::Autostart(AutostartCommand::Disable) => return Err("autostart disable"),
            Self::Completions { .. } => return Err("completions"),
            Self::Man => return Err("man"),
        })
    }
}

/// How to start at login on Linux.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MechanismArg {
    /// A systemd user unit tied to graphical-session.target.
    Systemd,
    /// An XDG autostart entry (~/.config/autostart).
    Xdg,
}

/// Completions for `shell`, from the same definitions as the parser.
pub fn completions(shell: clap_complete::Shell, out: &mut dyn std::io::Write) {
    use clap::CommandFactory;
    clap_complete::generate(shell, &mut Cli::command(), "soleus", out);
}

/// The man page, from the same definitions as `--help`.
pub fn man(out: &mut dyn std::io::Write) -> std::io::Result<()> {
    use clap::CommandFactory;
    clap_mangen::Man::new(Cli::command()).render(out)
}

// Each bool is a command-line switch; clap needs them as fields.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub config: ConfigPath,
    /// How many days back, today included [default: 14].
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=3660), conflicts_with_all = ["from", "to"])]
    pub days: Option<u32>,
    /// First day of the period, like 2026-11-01 (not after today).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: Option<jiff::civil::Date>,
    /// Last day of the period [default: today].
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: Option<jiff::civil::Date>,
    /// List the period's sets one by one (time, reps, duration, origin) instead.
    #[arg(long)]
    pub sets: bool,
    /// One JSON document (every field is listed below).
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// One CSV row per day, with a header line.
    #[arg(long)]
    pub csv: bool,
    /// Acknowledge the note about a history file that was set aside, so it stops showing.
    #[arg(long, exclusive = true)]
    pub ack: bool,
}

#[derive(Debug, Args)]
pub struct SimulateArgs {
    #[command(flatten)]
    pub config: ConfigPath,
    /// How many days to simulate (built-in week only).
    #[arg(long, default_value_t = 7, value_parser = clap::value_parser!(u32).range(1..=3660), conflicts_with = "trace")]
    pub days: u32,
    /// First day, like 2026-11-23 (built-in week only) [default: the coming Monday].
    #[arg(long, value_name = "DATE", value_parser = parse_date, conflicts_with = "trace")]
    pub start: Option<jiff::civil::Date>,
    /// Your own activity trace (CSV, see below) instead of the built-in office week.
    #[arg(long, value_name = "FILE")]
    pub trace: Option<PathBuf>,
    /// How the simulated you answers every reminder (snooze: while allowed, then done).
    #[arg(long, value_enum, default_value_t = Respond::Done)]
    pub respond: Respond,
    /// One JSON object per line, each with `at` (local RFC 3339) and `kind`.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Validate the config file; exits 1 with file:line:column and a hint on any error.
    #[command(
        after_help = "Examples:\n  soleus config check\n  soleus --config ~/dotfiles/soleus.toml config check\n  \
$EDITOR \"$(soleus config path)\" && soleus config check"
    )]
    Check,
    /// Print the config file's path.
    #[command(after_help = "Examples:\n  soleus config path\n  $EDITOR \"$(soleus config path)\"")]
    Path,
    /// Print the settings in effect, every key spelled out.
    #[command(
        after_help = "Examples:\n  soleus config show\n  soleus config show | grep sit_before_reminder"
    )]
    Show,
    /// Write the documented default config to the config path.
    #[command(
        after_help = "Examples:\n  soleus config init\n  soleus config init --print > my-config.toml"
    )]
    Init {
        /// Replace an existing file (it is kept beside it as config.toml.bak-TIME).
        #[arg(long)]
        force: bool,
        /// Print the file instead of writing it.
        #[arg(long, conflicts_with = "force")]
        print: bool,
    },
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    /// Every visible subcommand, at every level, ends its --help with examples.
    #[test]
    fn every_subcommand_help_has_an_example() {
        fn walk(command: &mut clap::Command, path: &str, missing: &mut Vec<String>) {
            for sub in command.get_subcommands_mut() {
                if sub.is_hide_set() || sub.get_name() == "help" {
                    continue;
                }
                let path = format!("{path} {}", sub.get_name());
                if !sub.render_long_help().to_string().contains("Example") {
                    missing.push(path.clone());
                }
                walk(sub, &path, missing);
            }
        }
        let mut missing = Vec::new();
        walk(&mut Cli::command(), "soleus", &mut missing);
        assert!(missing.is_empty(), "no examples in --help of: {missing:?}");
    }

    #[test]
    fn reps_and_durations_are_checked_at_parse_time() {
        assert!(Cli::try_parse_from(["soleus", "log", "0"]).is_err());
        assert!(Cli::try_parse_from(["soleus", "log", "1001"]).is_err());
        assert!(Cli::try_parse_from(["soleus", "log", "50", "--duration", "3h"]).is_err());
        assert!(Cli::try_parse_from(["soleus", "log", "50", "--duration", "5m"]).is_ok());
        assert!(Cli::try_parse_from(["soleus", "log"]).is_err());
        assert!(Cli::try_parse_from(["soleus", "log", "--undo"]).is_ok());
        assert!(Cli::try_parse_from(["soleus", "log", "50", "--undo"]).is_err());
        assert!(
            Cli::try_parse_from(["soleus", "stats", "--days", "3", "--from", "2026-11-01"])
                .is_err()
        );
    }
}
