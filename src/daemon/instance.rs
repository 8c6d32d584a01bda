//! One daemon per user: an exclusive lock on `daemon.lock` in the private runtime folder,
//! holding the pid of the daemon that has it.

use std::fs::{self, DirBuilder, File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum InstanceError {
    #[error(
        "soleus is already running (pid {pid}): stop it with `soleus stop` to start this one, \
         or see what it is doing with `soleus status`"
    )]
    AlreadyRunning { pid: String },
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
}

/// Proof that this process is the one daemon; the lock is released when it drops.
#[derive(Debug)]
pub struct Instance {
    _lock: File,
    /// Owner of the runtime folder, that is this user: peers must match it.
    pub uid: u32,
}

/// Creates the runtime folder private (0700) and takes the daemon lock.
pub fn acquire(runtime: &Path, lock_path: &Path) -> Result<Instance, InstanceError> {
    let io = |action, path: &Path, source| InstanceError::Io {
        action,
        path: path.to_owned(),
        source,
    };
    DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(runtime)
        .map_err(|e| io("create", runtime, e))?;
    // A folder that existed before keeps its mode: make sure it is private.
    fs::set_permissions(runtime, fs::Permissions::from_mode(0o700))
        .map_err(|e| io("secure", runtime, e))?;
    let uid = fs::metadata(runtime)
        .map_err(|e| io("inspect", runtime, e))?
        .uid();
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(lock_path)
        .map_err(|e| io("open", lock_path, e))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let mut pid = String::new();
            let _ = file.read_to_string(&mut pid);
            let pid = pid.trim().to_owned();
            return Err(InstanceError::AlreadyRunning {
                pid: if pid.is_empty() {
                    "unknown".to_owned()
                } else {
                    pid
                },
            });
        }
        Err(TryLockError::Error(e)) => return Err(io("lock", lock_path, e)),
    }
    file.set_len(0).map_err(|e| io("write", lock_path, e))?;
    file.rewind().map_err(|e| io("write", lock_path, e))?;
    writeln!(file, "{}", std::process::id()).map_err(|e| io("write", lock_path, e))?;
    Ok(Instance { _lock: file, uid })
}
