//! An X server of the tests' own: Xvfb on a free display, and the X tools run against it.

use std::process::{Child, Command, Stdio};

use super::wait::first_line;

/// Xvfb on a free display, announced on stdout.
pub struct Xvfb {
    child: Child,
    pub display: String,
}

impl Xvfb {
    pub fn start() -> Self {
        let mut child = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "640x480x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb runs (tests/setup.sh installs xvfb)");
        let line = first_line(&mut child, "display number");
        Self {
            child,
            display: format!(":{}", line.trim()),
        }
    }

    pub fn xdotool(&self, args: &[&str]) {
        self.run("xdotool", args);
    }

    /// Runs an X client `tool` (installed by tests/setup.sh) on this display; it must succeed.
    pub fn run(&self, tool: &str, args: &[&str]) {
        super::tool::succeed(self.command(tool), tool, args);
    }

    /// `tool` set up to run on this display.
    pub fn command(&self, tool: &str) -> Command {
        let mut c = Command::new(tool);
        c.env("DISPLAY", &self.display);
        c
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
