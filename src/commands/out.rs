//! Standard output for the commands, with its errors returned instead of panicking.
//!
//! `println!` panics when stdout is gone (`soleus simulate | head -1`, `soleus status --json |
//! grep -q x`, quitting `less`): exit 101 and a Rust panic message for what is an everyday
//! shell pattern. Every command writes through [`print`] instead. A reader that closed the
//! pipe has read all it wanted, so that is a quiet, successful end ([`CliError::StdoutClosed`],
//! exit 0, as ripgrep does); any other write error (a full disk) is a real error.

use std::fmt::Display;
use std::io::{self, Write as _};

use super::CliError;

/// Writes `text` to stdout as it is (no newline added) and flushes it, so that a closed
/// pipe shows up here and not in a later, unchecked flush at exit.
pub fn print(text: impl Display) -> Result<(), CliError> {
    let mut stdout = io::stdout().lock();
    write!(stdout, "{text}")
        .and_then(|()| stdout.flush())
        .map_err(stdout_error)
}

/// [`print`] with a newline.
pub fn line(text: impl Display) -> Result<(), CliError> {
    print(format_args!("{text}\n"))
}

/// Runs `write` on a buffer (for writers that panic or cannot be retried on a failed write,
/// like clap's completions), then prints the buffer.
pub fn print_with(write: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> Result<(), CliError> {
    let mut buffer = Vec::new();
    write(&mut buffer).map_err(|e| CliError::Other(format!("cannot render the output: {e}")))?;
    let mut stdout = io::stdout().lock();
    stdout
        .write_all(&buffer)
        .and_then(|()| stdout.flush())
        .map_err(stdout_error)
}

#[allow(clippy::needless_pass_by_value)] // by value, to fit `map_err`
fn stdout_error(e: io::Error) -> CliError {
    if e.kind() == io::ErrorKind::BrokenPipe {
        CliError::StdoutClosed
    } else {
        CliError::Other(format!("cannot write to standard output: {e}"))
    }
}
