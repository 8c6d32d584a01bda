//! The runtime folder and the control socket against another user of the machine. The tests
//! run as root (as CI does) and play that user with uid 65534 (`nobody`).

mod support;

use std::fs;
use std::os::unix::fs::{PermissionsExt, chown, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use support::{Sandbox, first_line, output_within, stderr};

const NOBODY: u32 = 65534;

fn runtime(s: &Sandbox) -> PathBuf {
    s.path().join("run/soleus")
}

fn mode(path: &Path) -> u32 {
    fs::symlink_metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o7777
}

fn set_mode(path: &Path, mode: u32) {
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).expect("chmod");
}

/// Runs `soleus daemon`, which must refuse to start: fails the test (and kills the daemon)
/// if it is still running after 10 s.
fn refused_daemon(s: &Sandbox) -> Output {
    let child = s
        .command(None, &["daemon"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let o = output_within(child, 10, "a daemon that should have refused to start");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    o
}

#[test]
fn a_runtime_folder_another_user_made_is_refused_and_left_alone() {
    let s = Sandbox::new();
    let dir = runtime(&s);
    fs::create_dir(&dir).expect("mkdir");
    set_mode(&dir, 0o777);
    chown(&dir, Some(NOBODY), Some(NOBODY)).expect("chown");
    let o = refused_daemon(&s);
    assert!(
        stderr(&o).contains("it belongs to uid 65534, not to you (uid 0)"),
        "{}",
        stderr(&o)
    );
    assert_eq!(mode(&dir), 0o777, "not chmodded");
    assert!(!dir.join("daemon.lock").exists(), "nothing written there");
}

#[test]
fn a_symlinked_runtime_folder_is_refused_and_its_target_not_chmodded() {
    let s = Sandbox::new();
    let target = s.path().join("elsewhere");
    fs::create_dir(&target).expect("mkdir");
    set_mode(&target, 0o755);
    symlink(&target, runtime(&s)).expect("symlink");
    let o = refused_daemon(&s);
    assert!(stderr(&o).contains("symbolic link"), "{}", stderr(&o));
    assert_eq!(mode(&target), 0o755, "the link's target keeps its mode");
    assert_eq!(fs::read_dir(&target).expect("read dir").count(), 0);
}

#[test]
fn a_lock_file_linked_elsewhere_is_not_written_through() {
    let s = Sandbox::new();
    let dir = runtime(&s);
    fs::create_dir(&dir).expect("mkdir");
    set_mode(&dir, 0o700);
    let victim = s.path().join("victim");
    fs::write(&victim, "precious").expect("write");
    symlink(&victim, dir.join("daemon.lock")).expect("symlink");
    refused_daemon(&s);
    assert_eq!(fs::read_to_string(&victim).expect("read"), "precious");
}

/// Someone else listening on our socket path must not feed `soleus status` fake answers.
#[test]
fn the_client_refuses_a_socket_served_by_another_user() {
    let s = Sandbox::new();
    // The other user must reach the folder to listen in it.
    set_mode(s.path(), 0o755);
    set_mode(&s.path().join("run"), 0o755);
    let dir = runtime(&s);
    fs::create_dir(&dir).expect("mkdir");
    chown(&dir, Some(NOBODY), Some(NOBODY)).expect("chown");
    // perl-base is part of every Debian and Ubuntu system.
    let fake = r#"use IO::Socket::UNIX; $| = 1;
        my $s = IO::Socket::UNIX->new(Type => SOCK_STREAM(), Local => $ARGV[0], Listen => 5)
            or die "listen: $!";
        print "ready\n";
        while (my $c = $s->accept) {
            print $c qq({"ok":true,"status":{"running":true,"state":"sitting"}}\n);
            close $c;
        }"#;
    let mut server = Command::new("setpriv")
        .args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "/usr/bin/perl",
            "-e",
            fake,
        ])
        .arg(s.socket_path())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run setpriv");
    assert_eq!(first_line(&mut server, "the fake daemon").trim(), "ready");
    let o = s.run(None, &["status", "--json"]);
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("served by uid 65534, not by you (uid 0)"),
        "{}",
        stderr(&o)
    );
}
