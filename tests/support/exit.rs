//! Waiting for a process that must end by itself (refuse to start, fail at once), where a
//! hang is the bug a test is after. Its exit is the signal: waited on, not polled.

use std::process::{Child, Command, Output};
use std::sync::mpsc;
use std::time::Duration;

/// The output of `child` once it exits; kills it and fails the test if it is still running
/// after `secs` (`what` names it in the failure).
pub fn output_within(child: Child, secs: u64, what: &str) -> Output {
    let pid = child.id();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    if let Ok(output) = rx.recv_timeout(Duration::from_secs(secs)) {
        return output.expect("wait for the child");
    }
    let _ = Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status();
    panic!("{what} was still running after {secs} s");
}
