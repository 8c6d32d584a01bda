//! PipeWire for the microphone tests: a real server with its PulseAudio side, in a runtime
//! folder of the test's own, where null nodes stand for a microphone and a speaker.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::bus::Bus;
use super::dunst::Running;
use super::wait::within;

/// PipeWire with its PulseAudio server and WirePlumber (which links streams to nodes), in
/// a runtime folder of its own, on the bus `bus`.
pub struct PipeWire {
    runtime: PathBuf,
    _children: Vec<Running>,
}

impl PipeWire {
    pub async fn start(dir: &Path, bus: &Bus) -> Self {
        let runtime = dir.join("runtime");
        fs::create_dir_all(&runtime).expect("runtime folder");
        let spawn = |program: &str| {
            Running(
                Command::new(program)
                    .env("XDG_RUNTIME_DIR", &runtime)
                    .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
                    .env_remove("PULSE_SERVER")
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .unwrap_or_else(|e| panic!("{program} runs (tests/setup.sh installs it): {e}")),
            )
        };
        let mut children = vec![spawn("pipewire")];
        appears(&runtime.join("pipewire-0"), "the PipeWire socket").await;
        children.push(spawn("wireplumber"));
        children.push(spawn("pipewire-pulse"));
        appears(&runtime.join("pulse/native"), "the PipeWire-Pulse socket").await;
        Self {
            runtime,
            _children: children,
        }
    }

    /// A node of PipeWire's null driver named `name`, of `class`.
    pub fn null_node(&self, name: &str, class: &str) {
        let ok = self
            .command("pw-cli")
            .args([
                "create-node",
                "adapter",
                &format!(
                    "{{ factory.name=support.null-audio-sink node.name={name} \
                     media.class={class} object.linger=true audio.position=[MONO] }}"
                ),
            ])
            .status()
            .expect("pw-cli runs")
            .success();
        assert!(ok, "pw-cli create-node {name}");
    }

    pub fn socket(&self) -> PathBuf {
        self.runtime.join("pulse/native")
    }

    /// A PipeWire tool run in this instance.
    pub fn command(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.env("XDG_RUNTIME_DIR", &self.runtime)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        c
    }
}

/// Waits up to 10 s for `path` to exist (a server's socket: its readiness signal).
async fn appears(path: &Path, what: &str) {
    let found = within(10, async || path.exists().then_some(())).await;
    assert!(found.is_some(), "no {what} at {}", path.display());
}

impl PipeWire {
    /// A call: `pw-record` recording from a null source named `test-mic`, once the server
    /// lists the stream as using a microphone (as soleus reads it). Dropping it hangs up.
    pub async fn call(&self, file: &Path) -> Running {
        self.null_node("test-mic", "Audio/Source/Virtual");
        let record = Running(
            self.command("pw-record")
                .args(["--target", "test-mic"])
                .arg(file)
                .spawn()
                .expect("pw-record runs"),
        );
        let socket = self.socket();
        let live = within(10, async || {
            let streams = soleus::context::pulse::capturing(&socket).ok()?;
            (!streams.is_empty()).then_some(())
        })
        .await;
        assert!(live.is_some(), "pw-record never captured from test-mic");
        record
    }
}
