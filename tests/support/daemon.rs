//! The real `soleus daemon`, started in a sandbox and stopped the ways a session stops it.

use std::fs;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use super::sandbox::Sandbox;
use super::wait::first_line;

/// A running `soleus daemon`.
pub struct Daemon {
    pub child: Child,
    pub stderr: PathBuf,
}

impl Daemon {
    /// Starts the daemon and waits for its readiness line.
    pub fn start(sandbox: &Sandbox, bus: Option<&str>) -> Self {
        let mut daemon = Self::spawn(sandbox, bus);
        daemon.ready();
        daemon
    }

    /// Starts the daemon without waiting for it.
    pub fn spawn(sandbox: &Sandbox, bus: Option<&str>) -> Self {
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let stderr = sandbox.path().join(format!("daemon-{stamp}.log"));
        let child = sandbox
            .command(bus, &["daemon"])
            .stdout(Stdio::piped())
            .stderr(fs::File::create(&stderr).expect("log file"))
            .spawn()
            .expect("spawn daemon");
        Self { child, stderr }
    }

    /// Waits for the readiness line of a daemon from [`Daemon::spawn`].
    pub fn ready(&mut self) {
        let line = first_line(&mut self.child, "readiness line");
        assert!(
            line.starts_with("soleus daemon ready"),
            "daemon did not start: {line:?}\n{}",
            self.log()
        );
    }

    pub fn log(&self) -> String {
        fs::read_to_string(&self.stderr).unwrap_or_default()
    }

    /// Sends the signal `name` (`HUP`, `USR1`, ...) and leaves the daemon running.
    pub fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{name}");
    }

    /// Sends the signal `name`, then the exit code (`None` when a signal ended it).
    pub fn stop_with(mut self, name: &str) -> Option<i32> {
        self.signal(name);
        let code = self.child.wait().ok().and_then(|s| s.code());
        std::mem::forget(self);
        code
    }

    /// Waits for the daemon to end by itself (`soleus stop`, Quit in the tray), at most
    /// `secs`; its exit code. `what` says what should have ended it.
    pub async fn exited(mut self, secs: u64, what: &str) -> Option<i32> {
        let pid = self.child.id();
        let exited = tokio::time::timeout(
            std::time::Duration::from_secs(secs),
            tokio::task::spawn_blocking(move || self.child.wait().ok().and_then(|s| s.code())),
        )
        .await
        .unwrap_or_else(|_| panic!("daemon {pid} did not exit after {what}"));
        exited.expect("join")
    }

    pub fn kill9(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        std::mem::forget(self);
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Config with second-scale durations for fast tests; reminders all day, every day.
pub fn fast_config(extra: &str) -> String {
    format!(
        "[schedule]\nactive_hours = \"00:00-24:00\"\nactive_days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\", \"sun\"]\n\
         sit_before_reminder = \"1s\"\nmin_gap = \"1h\"\nbreak_after_idle = \"1s\"\n{extra}"
    )
}
