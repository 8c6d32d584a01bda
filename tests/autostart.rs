//! `soleus autostart`, completions and the man page, in sandboxed XDG folders. The entries
//! written are checked by the tools desktops use: `desktop-file-validate` and
//! `systemd-analyze --user verify` (installed by tests/setup.sh).

mod support;

use std::path::Path;
use std::process::{Command, Output};

use support::{Sandbox, stderr, stdout};

fn out(o: &Output) -> String {
    format!("{}{}", stdout(o), stderr(o))
}

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "failed: {}", out(o));
    out(o)
}

fn desktop_entry(s: &Sandbox) -> std::path::PathBuf {
    s.path().join("config/autostart/soleus.desktop")
}

fn validate_desktop(path: &Path) {
    let o = Command::new("desktop-file-validate")
        .arg(path)
        .output()
        .expect("desktop-file-validate runs (tests/setup.sh installs desktop-file-utils)");
    assert!(o.status.success() && o.stdout.is_empty(), "{}", out(&o));
}

fn verify_unit(s: &Sandbox, path: &Path) {
    let o = Command::new("systemd-analyze")
        .args(["--user", "verify"])
        .arg(path)
        .env("XDG_RUNTIME_DIR", s.path().join("run"))
        .output()
        .expect("systemd-analyze runs (tests/setup.sh installs systemd)");
    assert!(o.status.success(), "{}", out(&o));
}

#[test]
fn enable_twice_status_disable_status_with_an_xdg_entry() {
    let s = Sandbox::new();
    let bin = std::fs::canonicalize(env!("CARGO_BIN_EXE_soleus")).expect("binary");
    assert!(ok(&s.run(None, &["autostart", "status"])).contains("autostart: disabled"));

    // No user systemd manager here: the XDG entry, and the daemon started now.
    let first = ok(&s.run(None, &["autostart", "enable"]));
    assert!(
        first.contains("wrote ") && first.contains("started soleus (pid "),
        "{first}"
    );
    let entry = std::fs::read_to_string(desktop_entry(&s)).expect("entry");
    assert!(
        entry.contains(&format!(
            "\nExec=env SOLEUS_STARTED_BY=autostart {} daemon\n",
            bin.display()
        )),
        "{entry}"
    );
    validate_desktop(&desktop_entry(&s));
    let status = s.status(None);
    assert_eq!(status["running"], true);
    // So that `soleus stop` can say it comes back at the next login.
    assert_eq!(status["started_by"], "autostart");
    let pid = status["pid"].as_u64().expect("pid");

    let again = ok(&s.run(None, &["autostart", "enable"]));
    assert!(
        again.contains("already enabled")
            && again.contains(&format!("soleus is running (pid {pid})")),
        "{again}"
    );
    let text = ok(&s.run(None, &["autostart", "status"]));
    assert!(
        text.contains("autostart: enabled (XDG autostart entry)")
            && text.contains(&format!("runs {} daemon", bin.display()))
            && !text.contains("warning"),
        "{text}"
    );

    let off = ok(&s.run(None, &["autostart", "disable"]));
    assert!(
        off.contains("removed ") && off.contains("keeps running"),
        "{off}"
    );
    assert!(!desktop_entry(&s).exists());
    assert!(ok(&s.run(None, &["autostart", "status"])).contains("autostart: disabled"));
    // Disable stops nothing else.
    assert_eq!(s.status(None)["pid"].as_u64(), Some(pid));
    let _ = Command::new("kill").arg(pid.to_string()).status();
}

#[test]
fn the_systemd_unit_is_valid_enabled_by_link_and_replaces_the_xdg_entry() {
    let s = Sandbox::new();
    ok(&s.run(
        None,
        &["autostart", "enable", "--mechanism", "xdg", "--no-start"],
    ));
    let text = ok(&s.run(
        None,
        &[
            "autostart",
            "enable",
            "--mechanism",
            "systemd",
            "--no-start",
        ],
    ));
    let unit = s.path().join("config/systemd/user/soleus.service");
    let wants = s
        .path()
        .join("config/systemd/user/graphical-session.target.wants/soleus.service");
    assert!(
        text.contains("wrote ") && text.contains("enabled it: "),
        "{text}"
    );
    assert_eq!(
        std::fs::read_link(&wants).expect("link"),
        Path::new("../soleus.service")
    );
    assert!(!desktop_entry(&s).exists(), "one entry only: {text}");
    verify_unit(&s, &unit);
    // No user manager answers in this sandbox: enable says so, and status does not call
    // a unit that nothing will start fine.
    assert!(
        text.contains("warning: no user systemd manager answers here"),
        "{text}"
    );
    let status = ok(&s.run(None, &["autostart", "status"]));
    assert!(status.contains("enabled (systemd user unit)"), "{status}");
    assert!(
        status.contains("warning: no user systemd manager answers here"),
        "{status}"
    );
    assert!(
        s.status(None)["running"] == false,
        "--no-start started nothing"
    );
    ok(&s.run(None, &["autostart", "disable"]));
    assert!(!unit.exists() && std::fs::symlink_metadata(&wants).is_err());
}

#[test]
fn a_config_given_to_enable_goes_into_the_entry_and_status_notices_another() {
    let s = Sandbox::new();
    let config = s.path().join("dotfiles/soleus.toml");
    std::fs::create_dir_all(config.parent().expect("parent")).expect("mkdir");
    std::fs::write(&config, "[schedule]\nsets_per_day = 2\n").expect("config");
    let config_arg = config.to_str().expect("utf8");
    let text = ok(&s.run(
        None,
        &["autostart", "enable", "--no-start", "--config", config_arg],
    ));
    assert!(text.contains("wrote "), "{text}");
    let entry = std::fs::read_to_string(desktop_entry(&s)).expect("entry");
    assert!(
        entry.contains(&format!(" daemon --config {}\n", config.display())),
        "{entry}"
    );
    validate_desktop(&desktop_entry(&s));
    let same = ok(&s.run(None, &["autostart", "status", "--config", config_arg]));
    assert!(!same.contains("warning"), "{same}");
    let other = s.path().join("other.toml");
    std::fs::write(&other, "").expect("other");
    let differs = ok(&s.run(
        None,
        &[
            "autostart",
            "status",
            "--config",
            other.to_str().expect("utf8"),
        ],
    ));
    assert!(
        differs.contains(&format!(
            "warning: it runs the daemon with --config {}",
            config.display()
        )),
        "{differs}"
    );
}

#[test]
fn status_warns_when_the_entry_runs_a_gone_or_other_binary() {
    let s = Sandbox::new();
    let copy = s.path().join("old bin/soleus");
    std::fs::create_dir_all(copy.parent().expect("parent")).expect("mkdir");
    std::fs::copy(env!("CARGO_BIN_EXE_soleus"), &copy).expect("copy");
    // Enabled from another install (a path with a space, quoted in the entry).
    let o = s
        .command(None, &["autostart", "enable", "--no-start"])
        .env("PATH", "/usr/bin:/bin")
        .output()
        .expect("run");
    drop(o);
    let o = {
        let mut c = Command::new(&copy);
        c.args(["autostart", "enable", "--no-start"]);
        for (k, v) in s.command(None, &[]).get_envs() {
            match v {
                Some(v) => c.env(k, v),
                None => c.env_remove(k),
            };
        }
        c.output().expect("run the copy")
    };
    ok(&o);
    validate_desktop(&desktop_entry(&s));
    let text = ok(&s.run(None, &["autostart", "status"]));
    assert!(text.contains("not this soleus"), "{text}");
    assert!(
        text.contains("fix: run `soleus autostart enable`"),
        "{text}"
    );

    std::fs::remove_file(&copy).expect("remove the copy");
    let text = ok(&s.run(None, &["autostart", "status"]));
    assert!(
        text.contains(&format!(
            "it runs {}, which no longer exists",
            copy.display()
        )),
        "{text}"
    );
    let doctor = ok(&s.run(None, &["doctor"]));
    assert!(
        doctor.contains("WARN autostart: XDG autostart entry"),
        "{doctor}"
    );
    // The fix works.
    ok(&s.run(None, &["autostart", "enable", "--no-start"]));
    assert!(!ok(&s.run(None, &["autostart", "status"])).contains("warning"));
}

#[test]
fn completions_and_man_page_come_from_the_cli_definitions() {
    let s = Sandbox::new();
    let bash = ok(&s.run(None, &["completions", "bash"]));
    assert!(
        bash.contains("complete -F") && bash.contains("autostart"),
        "{bash}"
    );
    let zsh = ok(&s.run(None, &["completions", "zsh"]));
    assert!(zsh.starts_with("#compdef soleus"), "{zsh}");
    let fish = ok(&s.run(None, &["completions", "fish"]));
    assert!(
        fish.contains("complete -c soleus") && fish.contains("doctor"),
        "{fish}"
    );
    let bad = s.run(None, &["completions", "tcsh"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(out(&bad).contains("possible values: bash"), "{}", out(&bad));
    let man = ok(&s.run(None, &["man"]));
    assert!(
        man.contains(".TH soleus 1") && man.contains("soleus pushups"),
        "{man}"
    );
}
