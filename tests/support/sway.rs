//! A headless Sway, for the Wayland idle tests and as the compositor of a real bar.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use super::sandbox::uid;
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
        let root = uid() == 0;
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
        let ok = Command::new("wtype")
            .arg(text)
            .env("XDG_RUNTIME_DIR", self.runtime.path())
            .env("WAYLAND_DISPLAY", self.socket())
            .status()
            .expect("wtype runs (tests/setup.sh installs it)")
            .success();
        assert!(ok, "wtype {text}");
    }
}

impl Drop for Sway {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
