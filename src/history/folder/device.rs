//! Who this machine is in a sync folder: a device id made once and kept in the local data
//! folder (never in the synced one: a copy of it would make two machines one), and the
//! names of the files devices write.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::FolderError;

/// Characters of a device id: 64 random bits in lowercase hex.
const ID_LEN: usize = 16;

/// The file names end so; anything else in the folder (a sync tool's temporary file, a
/// history set aside, a lock) is not a device's history.
pub const SUFFIX: &str = ".jsonl";

/// This machine's device id, from `file`; made, once, when there is none. Two soleus
/// processes starting at once agree: the id is written to a file of its own and linked
/// into place, which fails for the second, who then reads the first one's.
pub fn id(file: &Path) -> Result<String, FolderError> {
    match read(file) {
        Ok(id) => return Ok(id),
        Err(FolderError::Io { source, .. }) if source.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let io = |action, source| FolderError::Io {
        action,
        path: file.to_owned(),
        source,
    };
    let dir = file.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|e| io("create the folder of", e))?;
    let id = format!(
        "{:016x}",
        getrandom::u64().map_err(|e| io("make", io::Error::other(e.to_string())))?
    );
    let tmp = file.with_extension(format!("new-{id}"));
    let written = fs::File::create(&tmp).and_then(|mut f| {
        f.write_all(format!("{id}\n").as_bytes())?;
        f.sync_all()
    });
    let linked = written.and_then(|()| fs::hard_link(&tmp, file));
    let _ = fs::remove_file(&tmp);
    match linked {
        Ok(()) => {
            fs::File::open(dir)
                .and_then(|d| d.sync_all())
                .map_err(|e| io("sync the folder of", e))?;
            Ok(id)
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => read(file),
        Err(e) => Err(io("write", e)),
    }
}

fn read(file: &Path) -> Result<String, FolderError> {
    let text = fs::read_to_string(file).map_err(|source| FolderError::Io {
        action: "read",
        path: file.to_owned(),
        source,
    })?;
    let id = text.trim();
    if is_id(id) {
        Ok(id.to_owned())
    } else {
        Err(FolderError::DeviceId {
            path: file.to_owned(),
        })
    }
}

fn is_id(text: &str) -> bool {
    text.len() == ID_LEN && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The host name as a file name can hold it, for people telling the files apart.
pub fn host() -> String {
    let name: String = gethostname::gethostname()
        .to_string_lossy()
        .chars()
        .take(40)
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() {
        "host".to_owned()
    } else {
        name
    }
}

/// A device's file in `dir`: `<host>-<id>.jsonl`. When the folder holds one for `id`
/// already (written under another host name), that one: a renamed machine stays one device.
pub fn own_file(dir: &Path, id: &str, host: &str) -> PathBuf {
    let ending = format!("-{id}{SUFFIX}");
    let existing = fs::read_dir(dir).ok().and_then(|entries| {
        entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                    n.ends_with(&ending) && !n.starts_with('.') && !n.contains(' ')
                })
            })
            .min()
    });
    existing.unwrap_or_else(|| dir.join(format!("{host}-{id}{SUFFIX}")))
}

/// Who wrote a file, from its name: `laptop-0123456789abcdef.jsonl` and a sync tool's copies
/// of it (`laptop-0123456789abcdef.sync-conflict-20261129-101500-ABCDEFG.jsonl`,
/// `laptop-0123456789abcdef (conflicted copy 2026-11-29).jsonl`) give
/// `("laptop", "0123456789abcdef")`; a name of another form gives `None`.
pub fn of_name(name: &str) -> Option<(&str, &str)> {
    let stem = name.strip_suffix(SUFFIX)?;
    let stem = stem.split([' ', '.']).next()?;
    let (host, id) = stem.rsplit_once('-')?;
    is_id(id).then_some((host, id))
}

/// Whether `name` is a history file the merge reads.
pub fn is_history(name: &str) -> bool {
    name.ends_with(SUFFIX) && !name.starts_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_is_made_once_and_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("data/device-id");
        let first = id(&file).expect("made");
        assert!(is_id(&first), "{first}");
        assert_eq!(id(&file).expect("read"), first);
        let names: Vec<_> = fs::read_dir(dir.path().join("data"))
            .expect("dir")
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, ["device-id"], "no temporary file left");
    }

    #[test]
    fn racing_processes_agree_on_one_id() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("device-id");
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let file = file.clone();
                std::thread::spawn(move || id(&file).expect("id"))
            })
            .collect();
        let ids: Vec<String> = threads
            .into_iter()
            .map(|t| t.join().expect("thread"))
            .collect();
        assert!(ids.iter().all(|i| *i == ids[0]), "{ids:?}");
    }

    #[test]
    fn a_damaged_id_file_is_an_error_that_says_what_to_do() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("device-id");
        fs::write(&file, "not an id\n").expect("write");
        let error = id(&file).expect_err("damaged").to_string();
        assert!(
            error.contains("device-id") && error.contains("delete it"),
            "{error}"
        );
    }

    #[test]
    fn names_of_device_files_and_their_copies() {
        let id = "0123456789abcdef";
        for name in [
            "laptop-0123456789abcdef.jsonl",
            "laptop-0123456789abcdef.sync-conflict-20261129-101500-ABCDEFG.jsonl",
            "laptop-0123456789abcdef (conflicted copy 2026-11-29).jsonl",
            "laptop-0123456789abcdef (Bob's conflicted copy 2026-11-29).jsonl",
        ] {
            assert_eq!(of_name(name), Some(("laptop", id)), "{name}");
            assert!(is_history(name));
        }
        assert_eq!(of_name("my-pc-0123456789abcdef.jsonl"), Some(("my-pc", id)));
        assert_eq!(of_name("history.jsonl"), None);
        assert!(!is_history(".syncthing.laptop-0123456789abcdef.jsonl.tmp"));
        assert!(!is_history("laptop-0123456789abcdef.jsonl.corrupt-1"));
        assert!(!is_history(".laptop-0123456789abcdef.jsonl"));
    }
}
