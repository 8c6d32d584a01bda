//! A real full file system for tests: a small tmpfs, mounted by the test (as root, as CI
//! runs the tests), filled to the last byte, then given room again.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A 64 KiB tmpfs, unmounted on drop.
pub struct TinyDisk {
    _dir: tempfile::TempDir,
    mount: PathBuf,
}

impl TinyDisk {
    pub fn mount() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let mount = dir.path().join("disk");
        fs::create_dir(&mount).expect("mount point");
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
            .arg(&mount)
            .status()
            .expect("run mount");
        assert!(
            status.success(),
            "mounting a tmpfs failed: this test needs root (CI runs it as root)"
        );
        Self { _dir: dir, mount }
    }

    pub fn path(&self) -> &Path {
        &self.mount
    }

    /// Fills the file system until a write fails with "no space".
    pub fn fill(&self) {
        let mut filler = fs::File::create(self.mount.join("filler")).expect("filler");
        let block = vec![b'x'; 4096];
        loop {
            if let Err(e) = filler.write_all(&block).and_then(|()| filler.sync_all()) {
                assert_eq!(e.raw_os_error(), Some(28), "expected ENOSPC, got {e}");
                return;
            }
        }
    }

    /// Gives the room back. The filler is cut to nothing before it is removed: a process
    /// another test forks at that moment holds its descriptors until it runs its program,
    /// and a removed file's blocks stay taken while any descriptor is open. That is the
    /// likely cause of a write after `free` that once still found no room, in about twenty
    /// runs of the unit tests.
    pub fn free(&self) {
        let filler = self.mount.join("filler");
        fs::OpenOptions::new()
            .write(true)
            .open(&filler)
            .and_then(|f| f.set_len(0))
            .expect("empty filler");
        fs::remove_file(filler).expect("remove filler");
    }
}

impl Drop for TinyDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.mount).status();
    }
}
