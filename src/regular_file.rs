//! Opening the files soleus reads and appends to (config.toml, the history and its lock)
//! only when they are regular files.
//!
//! A FIFO in place of one of them would block `open` or `read` until someone else writes to
//! it: the daemon would hang at start-up and `stats` forever. So the file is opened
//! non-blocking (opening a FIFO then returns at once) and checked with `fstat` on what was
//! opened, not on the path, so nothing can be swapped in between.

use std::fs::{File, OpenOptions};
use std::io;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

/// Opens `path` with `options`, refusing anything but a regular file with an error that
/// says what is there instead.
pub fn open(path: &Path, options: &mut OpenOptions) -> io::Result<File> {
    // A write-only open of a FIFO without a reader fails (ENXIO) before the check below
    // could name it: look first, then check what was opened.
    if let Ok(meta) = std::fs::metadata(path) {
        refuse_irregular(&meta)?;
    }
    let file = options.custom_flags(libc::O_NONBLOCK).open(path)?;
    refuse_irregular(&file.metadata()?)?;
    Ok(file)
}

/// Opens `path` for reading, as [`open`].
pub fn open_read(path: &Path) -> io::Result<File> {
    open(path, OpenOptions::new().read(true))
}

fn refuse_irregular(meta: &std::fs::Metadata) -> io::Result<()> {
    let kind = meta.file_type();
    let what = if kind.is_file() {
        return Ok(());
    } else if kind.is_dir() {
        "a folder"
    } else if kind.is_fifo() {
        "a FIFO (named pipe)"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_block_device() || kind.is_char_device() {
        "a device"
    } else {
        "not a file"
    };
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("it is {what}, not a regular file"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A FIFO nobody writes to: opening it must neither block nor succeed.
    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("fifo");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("run mkfifo");
        assert!(status.success());
        for result in [
            open_read(&fifo),
            open(&fifo, OpenOptions::new().write(true)),
            open(
                &fifo,
                OpenOptions::new().read(true).write(true).create(true),
            ),
        ] {
            let error = result.expect_err("a FIFO is refused");
            assert!(error.to_string().contains("FIFO"), "{error}");
        }
        let error = open_read(dir.path()).expect_err("a folder is refused");
        assert!(error.to_string().contains("a folder"), "{error}");
        let file = dir.path().join("file");
        std::fs::write(&file, "x").expect("write");
        assert!(open_read(&file).is_ok());
    }
}
