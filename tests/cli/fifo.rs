//! A FIFO where config.toml or the history belongs: a clear error at once, never a hang.

use std::process::{Output, Stdio};

use crate::*;

fn mkfifo(path: &Path) {
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("run mkfifo");
    assert!(status.success());
}

/// Runs soleus, failing the test (and killing it) if it has not finished in 10 s.
fn run_bounded(s: &Sandbox, args: &[&str]) -> Output {
    let child = s
        .command(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    crate::exit::output_within(child, 10, "soleus on a FIFO")
}

#[test]
fn a_fifo_history_is_refused_not_waited_on() {
    let s = Sandbox::new();
    mkfifo(&s.history_path());
    for args in [&["stats"][..], &["log", "30"], &["log", "--undo"]] {
        let o = run_bounded(&s, args);
        assert_exit(&o, 1);
        assert!(
            stderr(&o).contains("FIFO (named pipe), not a regular file"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn a_fifo_config_is_refused_not_waited_on() {
    let s = Sandbox::new();
    mkfifo(&s.config_path());
    let o = run_bounded(&s, &["config", "check"]);
    assert_ne!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("FIFO (named pipe), not a regular file"),
        "{}",
        stderr(&o)
    );
    // Commands that only need settings go on with the defaults, and say why.
    let o = run_bounded(&s, &["log", "30"]);
    assert_exit(&o, 0);
}
