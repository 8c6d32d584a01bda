//! Moving this machine's history into the sync folder when the option is turned on.
//!
//! The local file is copied into the folder under a temporary name, fsynced, renamed into
//! place as this device's file, and only then renamed aside locally (kept, not deleted,
//! as `history.jsonl.in-sync-folder-<time>`). All of it under the history's writer lock,
//! so no `soleus log` or daemon appends in between. A crash leaves one of these states,
//! and running it again (every command does, before it reads or writes) finishes the move:
//! - the local file alone, maybe a temporary copy: the copy is made again;
//! - the device file, which begins with the local file's bytes, and the local file: the
//!   copy was whole; the local file is renamed aside.
//!
//! A device file that does not begin with the local file (the option was turned off, the
//! local history grew, and it was turned on again) is not overwritten: the local file is
//! added beside it as `<host>-<device>.local-<time>.jsonl`, which the merge reads too.

use std::fs;
use std::path::{Path, PathBuf};

use super::{Folder, FolderError};

/// Moves the history at `local`, if there is one, into `folder`. Returns what was done,
/// for the user.
pub(super) fn move_in(local: &Path, folder: &Folder) -> Result<Option<String>, FolderError> {
    if fs::symlink_metadata(local).is_err() {
        return Ok(None);
    }
    let io = |action, path: &Path| {
        let path = path.to_owned();
        move |source| FolderError::Io {
            action,
            path,
            source,
        }
    };
    let _lock = folder.own().writer_lock()?;
    let bytes = match fs::read(local) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io("read", local)(e)),
    };
    let own = folder.own().path();
    let stamp = jiff::Timestamp::now().as_second();
    let target = match fs::read(own) {
        Ok(existing) if existing.starts_with(&bytes) => None,
        Ok(_) => Some(beside(own, stamp)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some(own.to_owned()),
        Err(e) => return Err(io("read", own)(e)),
    };
    if let Some(target) = &target {
        crate::atomic_file::write(target, &bytes).map_err(io("write", target))?;
    }
    let mut aside = local.as_os_str().to_owned();
    aside.push(format!(".in-sync-folder-{stamp}"));
    let aside = PathBuf::from(aside);
    fs::rename(local, &aside).map_err(io("rename", local))?;
    if let Some(dir) = local.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(io("sync", dir))?;
    }
    let into = target.as_deref().unwrap_or(own);
    Ok(Some(format!(
        "the history of this machine was moved into the sync folder as {}; the old file is kept as {}",
        into.display(),
        aside.display()
    )))
}

/// Where a local history that is not the start of this device's file goes.
fn beside(own: &Path, stamp: i64) -> PathBuf {
    let name = own
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix(super::device::SUFFIX))
        .unwrap_or("history");
    own.with_file_name(format!("{name}.local-{stamp}{}", super::device::SUFFIX))
}

#[cfg(test)]
mod tests;
