//! Arguments of the commands that record what the user did: `soleus log` and `soleus meal`.

use clap::Args;
use jiff::SignedDuration;

use super::ConfigPath;
use super::values::{parse_reps, parse_set_length};

#[derive(Debug, Args)]
pub struct LogArgs {
    #[command(flatten)]
    pub config: ConfigPath,
    /// How many reps (1 to 1000).
    // Negative numbers reach `parse_reps`, which says what to do instead, rather than
    // clap's tip to write `-- -5`, which only leads to another error.
    #[arg(value_parser = parse_reps, allow_negative_numbers = true, required_unless_present = "undo")]
    pub reps: Option<u32>,
    /// Remove the last set logged, and say which it was.
    #[arg(long, conflicts_with_all = ["reps", "duration", "at"])]
    pub undo: bool,
    /// How long the set took [default: the reps at your reps_per_minute].
    #[arg(long, short, value_name = "DURATION", value_parser = parse_set_length)]
    pub duration: Option<SignedDuration>,
    /// When the set started: "10:15" today, or "2026-11-23T10:15" [default: now].
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
}

#[derive(Debug, Args)]
pub struct MealArgs {
    #[command(flatten)]
    pub config: ConfigPath,
    /// When you ate: "12:30" today, or "2026-11-23T12:30" [default: now].
    #[arg(value_name = "TIME")]
    pub time: Option<String>,
    /// Remove the last meal logged, and say which it was.
    #[arg(long, conflicts_with = "time")]
    pub undo: bool,
}
