//! A real Syncthing (installed by tests/setup.sh), on the loopback only, with a home of its
//! own, driven through its REST API: the sync engine the sync-folder tests carry device
//! files with.

use std::fs;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use serde_json::{Value, json};

use super::wait::within;

/// A running `syncthing serve`.
pub struct Syncthing {
    child: Child,
    pub home: PathBuf,
    /// Its device id.
    pub id: String,
    /// Where it listens for other devices: `tcp://127.0.0.1:<port>`.
    pub listen: String,
    gui: String,
    key: String,
}

/// A port free on the loopback now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

impl Syncthing {
    /// Generates keys and config in `home`, confines it to the loopback (no discovery, no
    /// relays, no NAT, no usage reports or upgrades) and starts it; returns once its REST
    /// API answers.
    pub async fn start(home: &Path) -> Self {
        let generated = Command::new("syncthing")
            .args(["generate", "--no-default-folder"])
            .arg(format!("--home={}", home.display()))
            .env("HOME", home)
            .output()
            .expect("syncthing runs (tests/setup.sh installs it)");
        assert!(
            generated.status.success(),
            "syncthing generate: {generated:?}"
        );
        let text = String::from_utf8_lossy(&generated.stdout).into_owned()
            + &String::from_utf8_lossy(&generated.stderr);
        let id = text
            .lines()
            .find_map(|l| l.split("Device ID: ").nth(1))
            .expect("syncthing generate names the device id")
            .trim()
            .to_owned();
        let config_path = home.join("config.xml");
        let config = fs::read_to_string(&config_path).expect("config.xml");
        let key = between(&config, "<apikey>", "</apikey>").to_owned();
        let gui = format!("127.0.0.1:{}", free_port());
        let listen = format!("tcp://127.0.0.1:{}", free_port());
        let mut config = config;
        for (tag, value) in [
            ("listenAddress", listen.as_str()),
            ("globalAnnounceEnabled", "false"),
            ("localAnnounceEnabled", "false"),
            ("relaysEnabled", "false"),
            ("natEnabled", "false"),
            ("startBrowser", "false"),
            ("urAccepted", "-1"),
            ("autoUpgradeIntervalH", "0"),
            ("crashReportingEnabled", "false"),
        ] {
            config = replace_tag(&config, tag, value);
        }
        fs::write(&config_path, config).expect("write config.xml");
        let child = Command::new("syncthing")
            .args(["serve", "--no-browser", "--no-restart", "--no-upgrade"])
            .arg(format!("--home={}", home.display()))
            .arg(format!("--gui-address=http://{gui}"))
            .arg(format!(
                "--logfile={}",
                home.join("syncthing.log").display()
            ))
            .env("HOME", home)
            .env("STNODEFAULTFOLDER", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start syncthing");
        let syncthing = Self {
            child,
            home: home.to_owned(),
            id,
            listen,
            gui,
            key,
        };
        within(30, async || syncthing.try_get("/rest/system/ping"))
            .await
            .unwrap_or_else(|| panic!("syncthing's REST API never answered: {}", syncthing.log()));
        syncthing
    }

    pub fn log(&self) -> String {
        fs::read_to_string(self.home.join("syncthing.log")).unwrap_or_default()
    }

    /// Knows `other` as a device at its loopback address.
    pub fn add_device(&self, other: &Self) {
        self.request(
            "POST",
            "/rest/config/devices",
            &json!({
                "deviceID": other.id,
                "name": other.home.file_name().map(|n| n.to_string_lossy().into_owned()),
                "addresses": [other.listen],
            }),
        );
    }

    /// Shares the folder `path` as `folder` with `peers`; changes are picked up by its
    /// file watcher within a second.
    pub fn add_folder(&self, folder: &str, path: &Path, peers: &[&Self]) {
        let mut devices = vec![json!({ "deviceID": self.id })];
        devices.extend(peers.iter().map(|p| json!({ "deviceID": p.id })));
        self.request(
            "POST",
            "/rest/config/folders",
            &json!({
                "id": folder,
                "label": folder,
                "path": path,
                "type": "sendreceive",
                "devices": devices,
                "fsWatcherEnabled": true,
                "fsWatcherDelayS": 1,
                "rescanIntervalS": 3600,
            }),
        );
    }

    /// Scans `folder` now (returns once the scan is done).
    pub fn scan(&self, folder: &str) {
        self.request(
            "POST",
            &format!("/rest/db/scan?folder={folder}"),
            &Value::Null,
        );
    }

    /// Whether `other` is connected.
    pub fn connected(&self, other: &Self) -> bool {
        self.try_get("/rest/system/connections")
            .is_some_and(|c| c["connections"][&other.id]["connected"] == true)
    }

    /// How far `device` has what this one knows of `folder`, in percent, and the files
    /// this one knows of in it.
    pub fn completion(&self, folder: &str, device: &Self) -> Option<(f64, u64)> {
        let completion = self.try_get(&format!(
            "/rest/db/completion?folder={folder}&device={}",
            device.id
        ))?;
        let status = self.try_get(&format!("/rest/db/status?folder={folder}"))?;
        Some((
            completion["completion"].as_f64()?,
            status["globalFiles"].as_u64()?,
        ))
    }

    fn try_get(&self, path: &str) -> Option<Value> {
        let (code, body) = self.http("GET", path, "").ok()?;
        (code == 200)
            .then(|| serde_json::from_str(&body).ok())
            .flatten()
    }

    fn request(&self, method: &str, path: &str, body: &Value) {
        let text = if body.is_null() {
            String::new()
        } else {
            body.to_string()
        };
        let (code, answer) = self
            .http(method, path, &text)
            .unwrap_or_else(|e| panic!("syncthing {method} {path}: {e}"));
        assert_eq!(code, 200, "syncthing {method} {path}: {answer}");
    }

    /// One HTTP/1.0 exchange with the REST API (no keep-alive, no chunking).
    fn http(&self, method: &str, path: &str, body: &str) -> std::io::Result<(u16, String)> {
        let mut stream = TcpStream::connect(&self.gui)?;
        write!(
            stream,
            "{method} {path} HTTP/1.0\r\nHost: {}\r\nX-API-Key: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            self.gui,
            self.key,
            body.len()
        )?;
        let mut answer = String::new();
        stream.read_to_string(&mut answer)?;
        let code = answer
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let body = answer
            .split_once("\r\n\r\n")
            .map_or("", |(_, b)| b)
            .to_owned();
        Ok((code, body))
    }
}

impl Drop for Syncthing {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).expect("start tag") + start.len();
    let to = text[from..].find(end).expect("end tag") + from;
    &text[from..to]
}

/// `text` with the content of the first `<tag>...</tag>` set to `value`.
fn replace_tag(text: &str, tag: &str, value: &str) -> String {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let Some(from) = text.find(&open).map(|i| i + open.len()) else {
        panic!("config.xml has no <{tag}>");
    };
    let to = text[from..].find(&close).expect("closing tag") + from;
    format!("{}{value}{}", &text[..from], &text[to..])
}
