//! `soleus status --follow`: a line each time what the line says changes.
//!
//! The daemon pushes the status on each change over one open connection (no polling on
//! either side while it runs). The countdown in the line is drawn here: the follower
//! redraws it when its shown minute changes ([`format::redraw_at`]), which costs the
//! daemon nothing. Without a daemon the line says so, and the follower tries to connect
//! again every few seconds until one starts.

use std::io::{BufRead, BufReader, ErrorKind};
use std::os::unix::net::UnixStream;
use std::time::Duration;

use jiff::{Timestamp, Zoned};

use super::format::{self, Spec};
use super::{CliError, offline, out};
use crate::client::{self, ClientError};
use crate::ipc::{Reply, StatusReport};
use crate::paths::Paths;

/// How often a follower without a daemon tries to connect.
const RETRY: Duration = Duration::from_secs(2);

/// Follows until standard output is closed (the bar went away).
pub fn run(paths: &Paths, spec: &Spec) -> Result<(), CliError> {
    let mut printer = Printer::default();
    loop {
        match client::follow(&paths.socket()) {
            // A daemon that went may be back at once (a restart): connect again before
            // saying it is not running; one that refused the follower is asked again later.
            Ok(stream) => {
                if follow(&stream, spec, &mut printer)? {
                    continue;
                }
            }
            Err(ClientError::NotRunning) => printer.show(spec, &offline(paths))?,
            Err(e) => tracing::warn!("{e}"),
        }
        if stdout_closed() {
            return Ok(());
        }
        std::thread::sleep(RETRY);
    }
}

/// Whether the reader of standard output is gone (the bar closed or restarted). A
/// follower waiting for a daemon prints nothing new, so without this it would never learn
/// it and would wait on, an orphan, until a daemon starts.
fn stdout_closed() -> bool {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    let stdout = std::io::stdout();
    let mut fds = [PollFd::new(&stdout, PollFlags::OUT)];
    let now = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    poll(&mut fds, Some(&now)).is_ok()
        && fds[0].revents().intersects(PollFlags::ERR | PollFlags::HUP)
}

/// Prints a line only when it differs from the last one printed.
#[derive(Debug, Default)]
struct Printer {
    last: Option<String>,
}

impl Printer {
    fn show(&mut self, spec: &Spec, report: &StatusReport) -> Result<(), CliError> {
        let line = format::render(spec, report, &Zoned::now());
        if self.last.as_deref() != Some(line.as_str()) {
            out::line(&line)?;
            self.last = Some(line);
        }
        Ok(())
    }
}

/// Reads the daemon's lines until it goes, redrawing the countdown between them; says
/// whether it got any.
fn follow(stream: &UnixStream, spec: &Spec, printer: &mut Printer) -> Result<bool, CliError> {
    let mut reader = BufReader::new(stream);
    let mut buffer = Vec::new();
    let mut report: Option<StatusReport> = None;
    loop {
        let wait = report
            .as_ref()
            .and_then(|r| format::redraw_at(r, Timestamp::now()))
            .map(|at| {
                let left = at.duration_since(Timestamp::now()).as_millis().max(1);
                Duration::from_millis(u64::try_from(left).unwrap_or(1))
            });
        let got = report.is_some();
        if stream.set_read_timeout(wait).is_err() {
            return Ok(got);
        }
        match reader.read_until(b'\n', &mut buffer) {
            Ok(0) => return Ok(got),
            Ok(_) if buffer.ends_with(b"\n") => {
                let reply: Result<Reply, _> = serde_json::from_slice(&buffer);
                buffer.clear();
                match reply.ok().and_then(|r| r.status) {
                    Some(r) => report = Some(r),
                    None => return Ok(got),
                }
            }
            // The countdown's minute changed: redraw from the same report.
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            // A last line cut short, or a broken connection: the daemon went.
            Ok(_) | Err(_) => return Ok(got),
        }
        if let Some(r) = &report {
            printer.show(spec, r)?;
        }
    }
}
