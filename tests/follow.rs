//! `soleus status --follow` against the real daemon on a private bus: a line per change,
//! pushed within a second, a follower that goes away costs the daemon nothing, many
//! followers do not slow `soleus status`, and a follower started first waits for a daemon.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use support::readme::{in_sandbox, readme_block};
use support::{Daemon, Desktop, Sandbox, fast_config};

/// The lines of a child's output as they come.
fn lines_of(stdout: std::process::ChildStdout) -> mpsc::Receiver<String> {
    let (tx, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    lines
}

/// A running follower and its lines as they come.
struct Follower {
    child: Child,
    lines: mpsc::Receiver<String>,
}

impl Follower {
    fn start(sandbox: &Sandbox, bus: Option<&str>, format: &str) -> Self {
        let mut child = sandbox
            .command(bus, &["status", "--follow", "--format", format])
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn follower");
        let lines = lines_of(child.stdout.take().expect("piped"));
        Self { child, lines }
    }

    /// The next line, within `secs`.
    fn next(&self, secs: u64) -> String {
        self.lines
            .recv_timeout(Duration::from_secs(secs))
            .expect("a line from the follower in time")
    }
}

impl Drop for Follower {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One request on the control socket, as the CLI sends it; its reply must be ok.
fn ask(socket: &std::path::Path, request: &str) {
    let mut stream = UnixStream::connect(socket).expect("connect");
    stream
        .write_all(format!("{request}\n").as_bytes())
        .expect("ask");
    let mut reply = String::new();
    BufReader::new(stream).read_line(&mut reply).expect("reply");
    assert!(reply.contains(r#""ok":true"#), "{request}: {reply}");
}

/// Starts a follower, reads its first line, then closes its pipe as a bar that goes does.
fn first_then_close(sandbox: &Sandbox, bus: Option<&str>, format: &str) -> (Child, String) {
    let mut follower = sandbox
        .command(bus, &["status", "--follow", "--format", format])
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn follower");
    let mut pipe = BufReader::new(follower.stdout.take().expect("piped"));
    let mut line = String::new();
    pipe.read_line(&mut line).expect("first line");
    (follower, line)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_change_is_a_line_within_a_second() {
    let d = Desktop::start("").await;
    d.server.next_notify(10).await;
    let follower = Follower::start(&d.sandbox, d.bus(), "{state} {sets}/{goal}");
    assert_eq!(follower.next(5), "reminding 0/3");
    let asked = Instant::now();
    assert!(d.run(&["snooze", "10m"]).status.success());
    assert_eq!(follower.next(1), "snoozed 0/3");
    assert!(
        asked.elapsed() < Duration::from_secs(1),
        "{:?}",
        asked.elapsed()
    );
    assert!(d.run(&["start"]).status.success());
    assert_eq!(follower.next(1), "in_set 0/3");
    // Waybar's document, one per line, from the same daemon.
    let waybar = Follower::start(&d.sandbox, d.bus(), "waybar");
    let doc: serde_json::Value = serde_json::from_str(&waybar.next(5)).expect("json");
    assert_eq!(doc["class"], "in_set");
    assert!(
        doc["text"]
            .as_str()
            .expect("text")
            .starts_with("0/3 in a set"),
        "{doc}"
    );
    assert_eq!(doc["percentage"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_follower_that_goes_away_and_fifty_that_stay_do_not_hurt_the_daemon() {
    let d = Desktop::start("").await;
    d.server.next_notify(10).await;
    let (mut follower, line) = first_then_close(&d.sandbox, d.bus(), "{state}");
    assert_eq!(line, "reminding\n");
    // Fifty followers that never read.
    let socket = d.sandbox.socket_path();
    let mut idle: Vec<UnixStream> = (0..50)
        .map(|_| {
            let mut s = UnixStream::connect(&socket).expect("connect");
            s.write_all(b"{\"cmd\":\"follow\"}\n").expect("ask");
            s
        })
        .collect();
    let mut last = BufReader::new(idle.pop().expect("fifty"));
    let mut line = String::new();
    last.read_line(&mut line).expect("first line");
    assert!(line.contains(r#""state":"reminding""#), "{line}");
    // A flood of silent connections, more than the server serves at once: it evicts the
    // oldest of them, never a follower.
    let flood: Vec<UnixStream> = (0..80)
        .map(|_| UnixStream::connect(&socket).expect("connect"))
        .collect();
    assert!(d.run(&["snooze", "10m"]).status.success());
    line.clear();
    last.read_line(&mut line).expect("the snooze, pushed");
    assert!(line.contains(r#""state":"snoozed""#), "{line}");
    drop(flood);
    let exited = support::within(5, async || follower.try_wait().ok().flatten()).await;
    assert_eq!(
        exited.and_then(|s| s.code()),
        Some(0),
        "a closed pipe ends the follower quietly"
    );
    // Changes the 49 idle followers never read, more lines than their sockets hold (a
    // status line is over a kilobyte, a socket holds about 200): each follower's writes
    // wait in its own task, never in the loop, so `status` still answers at once (how
    // fast: bench/followers.sh).
    for _ in 0..150 {
        ask(&socket, r#"{"cmd":"pause","seconds":3600}"#);
        ask(&socket, r#"{"cmd":"resume"}"#);
    }
    let status = d
        .sandbox
        .command(d.bus(), &["status", "--json"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("status");
    let out = support::output_within(status, 10, "status with 49 followers behind");
    assert!(out.status.success(), "{out:?}");
    let status: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    // The first pause used the snoozed reminder up.
    assert_eq!(status["state"], "sitting");
    // Followers that hang up leave no trace: the daemon goes on answering and publishing.
    drop(idle);
    let watcher = Follower::start(&d.sandbox, d.bus(), "{state}");
    assert_eq!(watcher.next(5), "sitting");
    assert!(d.run(&["start"]).status.success());
    assert_eq!(watcher.next(1), "in_set");
    assert!(!d.daemon.log().contains("panicked"), "{}", d.daemon.log());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_follower_without_a_daemon_says_so_and_waits_for_one() {
    let sandbox = Sandbox::new();
    sandbox.write_config(&fast_config("[snooze]\nduration = \"10m\"\n"));
    let follower = Follower::start(&sandbox, None, "i3blocks");
    assert_eq!(follower.next(5), "0/3 soleus is not running");
    let daemon = Daemon::start(&sandbox, None);
    let line = follower.next(10);
    assert!(!line.contains("not running"), "{line}");
    daemon.stop_with("TERM");
    assert_eq!(follower.next(10), "0/3 soleus is not running");
}

#[test]
fn a_follower_waiting_for_a_daemon_ends_when_its_bar_goes() {
    let sandbox = Sandbox::new();
    let (follower, line) = first_then_close(&sandbox, None, "plain");
    assert!(line.contains("not running"), "{line}");
    let out = support::output_within(follower, 10, "a follower whose reader went");
    assert!(out.status.success(), "{out:?}");
}

/// The README's i3blocks snippet, run by real i3blocks (it prints the i3bar protocol on its
/// output): the block shows soleus's line, and a snooze's new line within a second.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn i3blocks_runs_the_readme_snippet_and_redraws_on_a_change() {
    let d = Desktop::start("").await;
    d.server.next_notify(10).await;
    let snippet = readme_block("i3blocks:", "ini");
    let config = snippet
        .lines()
        .map(|l| match l.strip_prefix("command=") {
            Some(command) => format!("command={}", in_sandbox(command, &d.sandbox)),
            None => l.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let path = d.sandbox.path().join("i3blocks.conf");
    std::fs::write(&path, config + "\n").expect("i3blocks config");
    let mut bar = Command::new("i3blocks")
        .arg("-c")
        .arg(&path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("i3blocks runs (tests/setup.sh installs it)");
    let lines = lines_of(bar.stdout.take().expect("piped"));
    // The block of the snippet's name, with its text, in the bar's next status lines.
    let shows = |text: &str, secs: u64| {
        let wanted = format!(r#""full_text":"{text}","name":"soleus""#);
        let until = Instant::now() + Duration::from_secs(secs);
        while let Some(left) = until.checked_duration_since(Instant::now()) {
            match lines.recv_timeout(left) {
                Ok(line) if line.contains(&wanted) => return true,
                Ok(_) => {}
                Err(_) => return false,
            }
        }
        false
    };
    assert!(
        shows("0/3 set due", 10),
        "i3blocks never showed the reminder"
    );
    assert!(d.run(&["snooze", "10m"]).status.success());
    assert!(
        shows("0/3 snoozed 10m", 1),
        "i3blocks never showed the snooze"
    );
    let _ = bar.kill();
    let _ = bar.wait();
}
