//! One daemon per user: an exclusive lock on `daemon.lock` in the private runtime folder,
//! holding the pid of the daemon that has it.

use std::fs::{DirBuilder, File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum InstanceError {
    #[error(
        "soleus is already running (pid {pid}): stop it with `soleus stop` to start this one, \
         or see what it is doing with `soleus status`"
    )]
    AlreadyRunning { pid: String },
    #[error(
        "refusing the runtime folder {}: {why}; remove it, or point XDG_RUNTIME_DIR at a folder of yours",
        path.display()
    )]
    Unsafe { path: PathBuf, why: String },
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
    /// Who we are (the effective uid): peers on the socket must be the same user.
    pub uid: u32,
}

/// Makes sure the runtime folder is ours and private, and takes the daemon lock in it.
///
/// As OpenSSH and systemd do: the folder is created with mode 0700, or, if it exists,
/// opened without following a symbolic link and checked on what was opened (`fstat`):
/// it must be a folder owned by us, else we refuse (someone else made it, and could
/// watch or replace what we put there). A mode too open is fixed on the opened folder,
/// never through a path that could be a link. The lock file is opened inside that very
/// folder, again without following links.
pub fn acquire(runtime: &Path, lock_path: &Path) -> Result<Instance, InstanceError> {
    let io = |action, path: &Path, source| InstanceError::Io {
        action,
        path: path.to_owned(),
        source,
    };
    let uid = rustix::process::geteuid().as_raw();
    if let Some(parent) = runtime.parent().filter(|p| !p.as_os_str().is_empty()) {
        DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(parent)
            .map_err(|e| io("create", parent, e))?;
    }
    match DirBuilder::new().mode(0o700).create(runtime) {
        Err(e) if e.kind() != io::ErrorKind::AlreadyExists => {
            return Err(io("create", runtime, e));
        }
        _ => {}
    }
    let folder = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_DIRECTORY | libc::O_NOFOLLOW)
        .open(runtime)
        .map_err(|e| match e.raw_os_error() {
            Some(libc::ELOOP | libc::ENOTDIR) => InstanceError::Unsafe {
                path: runtime.to_owned(),
                why: "it is not a folder (a symbolic link or a file)".to_owned(),
            },
            _ => io("open", runtime, e),
        })?;
    let meta = folder.metadata().map_err(|e| io("inspect", runtime, e))?;
    if meta.uid() != uid {
        return Err(InstanceError::Unsafe {
            path: runtime.to_owned(),
            why: format!("it belongs to uid {}, not to you (uid {uid})", meta.uid()),
        });
    }
    if meta.mode() & 0o077 != 0 {
        rustix::fs::fchmod(&folder, rustix::fs::Mode::from_raw_mode(0o700))
            .map_err(|e| io("secure", runtime, e.into()))?;
    }
    let name = lock_path.file_name().unwrap_or(lock_path.as_os_str());
    let mut file = rustix::fs::openat(
        &folder,
        name,
        rustix::fs::OFlags::RDWR
            | rustix::fs::OFlags::CREATE
            | rustix::fs::OFlags::NOFOLLOW
            | rustix::fs::OFlags::CLOEXEC,
        rustix::fs::Mode::from_raw_mode(0o600),
    )
    .map(File::from)
    .map_err(|e| io("open", lock_path, e.into()))?;
    let lock_meta = file.metadata().map_err(|e| io("inspect", lock_path, e))?;
    if !lock_meta.is_file() || lock_meta.uid() != uid {
        return Err(InstanceError::Unsafe {
            path: lock_path.to_owned(),
            why: "it is not a regular file of yours".to_owned(),
        });
    }
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
