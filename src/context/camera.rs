//! A camera in use: some process has a video device (`/dev/video*`) open. Linux keeps no
//! list of a device's users and sends no signal when one opens it, so this looks through
//! `/proc/PID/fd` of the processes the user may read, only when asked. A few thousand
//! `readlink`s on a desktop: milliseconds, a handful of times a day.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

pub const SOURCE: &str = "camera";

/// Who holds a camera: a process id and the device it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub pid: u32,
    pub device: PathBuf,
}

/// The processes under `proc_root` that have a file named `video*` in `dev` open
/// (`/proc` and `/dev` on a real system). Processes of other users, or ones that exit
/// meanwhile, are passed over.
pub fn users(proc_root: &Path, dev: &Path) -> io::Result<Vec<User>> {
    let mut out = Vec::new();
    for entry in fs::read_dir(proc_root)? {
        let entry = entry?;
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(fds) = fs::read_dir(entry.path().join("fd")) else {
            continue;
        };
        for fd in fds.flatten() {
            let Ok(target) = fs::read_link(fd.path()) else {
                continue;
            };
            if is_video(&target, dev) {
                out.push(User {
                    pid,
                    device: target,
                });
                break;
            }
        }
    }
    Ok(out)
}

/// The video devices in `dev` (for `soleus doctor`).
pub fn devices(dev: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out: Vec<PathBuf> = fs::read_dir(dev)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| is_video(p, dev))
        .collect();
    out.sort();
    Ok(out)
}

fn is_video(path: &Path, dev: &Path) -> bool {
    path.parent() == Some(dev)
        && path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("video"))
}
