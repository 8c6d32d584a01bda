//! The doctor's lines about the history: the file, or, with a sync folder, the folder, the
//! devices seen in it and when each last wrote.

use std::fmt::Write as _;

use jiff::Zoned;

use super::{Check, ok, warn};
use crate::config::Config;
use crate::history::{Folder, Place};
use crate::paths::Paths;

/// The history lines: one for the history, and with a sync folder one for the devices.
pub(super) fn history(paths: &Paths, config: &Config) -> Vec<Check> {
    let place = match Place::open(paths, &config.history) {
        Ok(place) => place,
        Err(e) => {
            return vec![warn(
                "history",
                e.to_string(),
                "check [history] sync_folder, the folder's permissions and free space",
            )];
        }
    };
    let shown = match &place {
        Place::Local(history) => history.path().display().to_string(),
        Place::Folder(folder) => format!(
            "{} (this device: {})",
            folder.dir().display(),
            folder.own().path().display()
        ),
    };
    let mut checks = vec![match place.read() {
        Ok(loaded) if loaded.notices.is_empty() => ok(
            "history",
            format!("{shown} ({} records)", loaded.records.len()),
        ),
        Ok(loaded) => warn(
            "history",
            format!("{shown}: {}", loaded.notices.join("; ")),
            "nothing was lost; the notice says where the old file went",
        ),
        Err(e) => warn(
            "history",
            e.to_string(),
            "check the folder's permissions and free space",
        ),
    }];
    if let Place::Folder(folder) = &place {
        checks.push(devices(folder));
    }
    checks
}

/// The devices whose files the folder holds, this one first, with when each last wrote.
fn devices(folder: &Folder) -> Check {
    let read = match folder.read(Vec::new, None) {
        Ok(read) => read,
        Err(e) => {
            return warn(
                "sync devices",
                e.to_string(),
                "check that the sync folder can be read",
            );
        }
    };
    let now = Zoned::now();
    // (device, host, files, last) in the order first seen: own file first.
    let mut seen: Vec<(String, String, usize, Option<jiff::Timestamp>)> = Vec::new();
    for file in &read.files {
        let (host, device) = file
            .device
            .clone()
            .unwrap_or_else(|| (file.path.display().to_string(), "?".to_owned()));
        if file.own && file.last.is_none() && !file.path.exists() {
            continue;
        }
        match seen
            .iter_mut()
            .find(|(d, h, ..)| *d == device && (device != "?" || *h == host))
        {
            Some(entry) => {
                entry.2 += 1;
                entry.3 = entry.3.max(file.last);
            }
            None => seen.push((device, host, 1, file.last)),
        }
    }
    let mut text = format!("{} device(s) in {}", seen.len(), folder.dir().display());
    for (device, host, files, last) in &seen {
        let _ = write!(text, "; {host} ({device}");
        if device == folder.device() {
            text.push_str(", this one");
        }
        text.push(')');
        match last {
            Some(t) => {
                let _ = write!(text, " last wrote {}", crate::timefmt::short(*t, &now));
            }
            None => text.push_str(" has written nothing yet"),
        }
        if *files > 1 {
            let _ = write!(
                text,
                " ({files} files: copies a sync tool made, counted once)"
            );
        }
    }
    ok("sync devices", text)
}
