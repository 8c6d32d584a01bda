//! The control socket's round trip, timed against the real daemon: this starts the built
//! `soleus daemon` in fresh temporary XDG folders (built-in defaults, no session bus, so
//! nothing is shown), waits for its ready line, then times `client::send` of a status
//! request, the call every `soleus status` makes, in-process (no process start).
//!
//!   cargo bench --bench ipc

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use soleus::client;
use soleus::ipc::Request;

fn main() {
    divan::main();
}

/// The daemon under measurement; stopped when dropped.
struct Daemon {
    child: Child,
    dir: tempfile::TempDir,
}

impl Daemon {
    fn start() -> Self {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let sub = |name: &str| {
            let path = dir.path().join(name);
            std::fs::create_dir_all(&path).expect("a folder");
            path
        };
        let runtime = sub("run");
        std::fs::set_permissions(
            &runtime,
            std::os::unix::fs::PermissionsExt::from_mode(0o700),
        )
        .expect("a private runtime folder");
        let mut child = Command::new(env!("CARGO_BIN_EXE_soleus"))
            .arg("daemon")
            .env("XDG_CONFIG_HOME", sub("config"))
            .env("XDG_DATA_HOME", sub("data"))
            .env("XDG_STATE_HOME", sub("state"))
            .env("XDG_RUNTIME_DIR", &runtime)
            .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
            .env("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent")
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the daemon starts");
        let mut line = String::new();
        if let Some(out) = child.stdout.take() {
            BufReader::new(out)
                .read_line(&mut line)
                .expect("a ready line");
        }
        assert!(
            line.contains("ready"),
            "the daemon did not get ready: {line:?}"
        );
        Self { child, dir }
    }

    fn socket(&self) -> std::path::PathBuf {
        self.dir.path().join("run/soleus/soleus.sock")
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[divan::bench]
fn status_round_trip(bencher: divan::Bencher) {
    let daemon = Daemon::start();
    let socket = daemon.socket();
    bencher.bench(|| {
        let reply = client::send(&socket, &Request::Status).expect("an answer");
        assert!(reply.ok);
        reply
    });
}
