//! The real `soleus` binary, run as a user would, with XDG directories in a temp dir.
//! One module per command; the sandbox and the assertions every module uses are here.

mod config;
mod durations;
mod errors;
#[path = "../support/exit.rs"]
mod exit;
mod fifo;
mod help;
mod log;
mod meal;
mod pipe;
mod simulate;
mod stats;
mod status;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    fn config_path(&self) -> PathBuf {
        self.dir.path().join("config/soleus/config.toml")
    }

    fn history_path(&self) -> PathBuf {
        self.dir.path().join("data/soleus/history.jsonl")
    }

    fn write_config(&self, text: &str) {
        let path = self.config_path();
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, text).expect("write config");
    }

    /// Runs `args` (an undo) `count` times at once, each to a 0 exit; returns what each
    /// took back: the `field` of every `record` line in history, sorted, repeats kept.
    fn undo_at_once(&self, args: &[&str], count: usize, record: &str, field: &str) -> Vec<String> {
        let undos: Vec<_> = (0..count)
            .map(|_| {
                self.command(args)
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .expect("spawn")
            })
            .collect();
        for undo in undos {
            assert_exit(&undo.wait_with_output().expect("wait"), 0);
        }
        let mut undone: Vec<String> = history_lines(&self.history_path())
            .iter()
            .filter(|l| l["type"] == record)
            .map(|l| l[field].to_string())
            .collect();
        undone.sort();
        undone
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_soleus"));
        cmd.args(args)
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("XDG_STATE_HOME", self.dir.path().join("state"))
            .env("XDG_RUNTIME_DIR", self.dir.path().join("run"))
            .env("HOME", self.dir.path())
            .env("TZ", "Europe/Berlin")
            .env_remove("RUST_LOG")
            .env_remove("NO_COLOR");
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run soleus")
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[track_caller]
fn assert_exit(o: &Output, code: i32) {
    assert_eq!(
        o.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        stdout(o),
        stderr(o)
    );
}

/// The exit code is `code` and `stream` (stdout or stderr) contains `needle`.
#[track_caller]
fn assert_says(o: &Output, code: i32, stream: fn(&Output) -> String, needle: &str) {
    assert_exit(o, code);
    let text = stream(o);
    assert!(text.contains(needle), "expected {needle:?} in:\n{text}");
}

fn history_lines(path: &Path) -> Vec<Value> {
    fs::read_to_string(path)
        .expect("history exists")
        .lines()
        .map(|l| serde_json::from_str(l).expect("every line is JSON"))
        .collect()
}
