//! A Wayland compositor of the tests' own: a headless Sway, and Wayland tools run in it.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use super::wait::within;

/// A headless Sway (wlroots 0.15 here: it offers `org_kde_kwin_idle`). Sway refuses to run
/// as root, so under root it runs as nobody, in a runtime folder of its own.
pub struct Sway {
    child: Child,
    pub runtime: tempfile::TempDir,
}

impl Sway {
    pub async fn start() -> Self {
        let runtime = tempfile::tempdir().expect("tempdir");
        let config = runtime.path().join("config");
        std::fs::write(&config, "output HEADLESS-1 resolution 640x480\n").expect("config");
        let root = super::uid() == 0;
        let mut cmd = if root {
            std::os::unix::fs::chown(runtime.path(), Some(65534), Some(65534)).expect("chown");
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "sway"]);
            c
        } else {
            Command::new("sway")
        };
        let child = cmd
            .arg("--config")
            .arg(&config)
            .env("XDG_RUNTIME_DIR", runtime.path())
            .env("HOME", runtime.path())
            .env("WLR_BACKENDS", "headless")
            .env("WLR_LIBINPUT_NO_DEVICES", "1")
            .env("WLR_RENDERER", "pixman")
            .env_remove("WAYLAND_DISPLAY")
            .env_remove("DISPLAY")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("sway runs (tests/setup.sh installs sway)");
        let sway = Self { child, runtime };
        // The socket is there once sway listens; sway says so nowhere else.
        let listens = within(10, async || sway.socket().exists().then_some(())).await;
        assert!(listens.is_some(), "sway never listened");
        sway
    }

    pub fn socket(&self) -> PathBuf {
        self.runtime.path().join("wayland-1")
    }

    pub fn wtype(&self, text: &str) {
        self.run("wtype", &[text]);
    }

    /// `tool` set up to run in this session.
    pub fn command(&self, tool: &str) -> Command {
        let mut c = Command::new(tool);
        c.env("XDG_RUNTIME_DIR", self.runtime.path())
            .env("WAYLAND_DISPLAY", self.socket())
            .env_remove("DISPLAY");
        c
    }

    /// Runs `tool` (installed by tests/setup.sh) in this session; it must succeed.
    pub fn run(&self, tool: &str, args: &[&str]) {
        super::tool::succeed(self.command(tool), tool, args);
    }

    /// A sway command through its IPC socket (`swaymsg`); it must succeed.
    pub fn swaymsg(&self, args: &[&str]) {
        assert!(self.try_swaymsg(args), "swaymsg {args:?}");
    }

    /// A sway command through its IPC socket: whether it succeeded.
    pub fn try_swaymsg(&self, args: &[&str]) -> bool {
        let ipc = std::fs::read_dir(self.runtime.path())
            .expect("runtime folder")
            .flatten()
            .map(|e| e.path())
            .find(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("sway-ipc."))
            })
            .expect("sway's IPC socket");
        self.command("swaymsg")
            .arg("-s")
            .arg(ipc)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("swaymsg runs (it comes with sway)")
            .success()
    }
}

impl Drop for Sway {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
