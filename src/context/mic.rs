//! A microphone in use: a running ALSA capture substream. The kernel shows each one in
//! `/proc/asound/cardN/pcmMc/subK/status` ("state: RUNNING" while audio flows). PipeWire
//! and PulseAudio open the hardware device for as long as some application records, so
//! this sees calls through them too; it does not see a capture that never reaches an ALSA
//! card (a Bluetooth headset's microphone, a virtual source). Nothing announces a new
//! capture stream here, so this is read only when asked.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

pub const SOURCE: &str = "microphone";

/// The capture substreams that are running now, by their status file, under `proc_root`
/// (`/proc` on a real system). `Err` when the machine has no ALSA sound cards.
pub fn capturing(proc_root: &Path) -> io::Result<Vec<PathBuf>> {
    let asound = proc_root.join("asound");
    let mut running = Vec::new();
    for card in entries(&asound, "card")? {
        for pcm in entries(&card, "pcm")? {
            // Capture devices end in `c` (`pcm0c`), playback ones in `p`.
            if !pcm
                .file_name()
                .is_some_and(|n| n.to_string_lossy().ends_with('c'))
            {
                continue;
            }
            for sub in entries(&pcm, "sub")? {
                let status = sub.join("status");
                // A substream closed between listing and reading is simply not running.
                let Ok(text) = fs::read_to_string(&status) else {
                    continue;
                };
                if text.lines().any(|l| l.trim() == "state: RUNNING") {
                    running.push(status);
                }
            }
        }
    }
    Ok(running)
}

/// How many capture substreams the machine has (for `soleus doctor`).
pub fn substreams(proc_root: &Path) -> io::Result<usize> {
    let mut n = 0;
    for card in entries(&proc_root.join("asound"), "card")? {
        for pcm in entries(&card, "pcm")? {
            if pcm
                .file_name()
                .is_some_and(|n| n.to_string_lossy().ends_with('c'))
            {
                n += entries(&pcm, "sub")?.len();
            }
        }
    }
    Ok(n)
}

/// The entries of `dir` whose names start with `prefix`.
fn entries(dir: &Path, prefix: &str) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with(prefix) {
            out.push(entry.path());
        }
    }
    out.sort();
    Ok(out)
}
