//! The history file: every set and every reminder's fate, kept safe.
//!
//! # Why an append-only log
//! The file is JSON Lines: a header line with the schema version, then one record per line,
//! only ever appended. Compared with rewriting the whole file through a temporary file and
//! a rename, appending:
//! - costs the same for a day-old or a ten-year-old history (one short write and one fsync);
//! - never rewrites a byte already acknowledged, so no bug or crash in a write can damage
//!   older records; the worst a crash or power cut can do is leave the last line
//!   incomplete, and that line was never acknowledged (success is reported only after
//!   fsync);
//! - keeps the file readable and greppable, and diffable between backups.
//!
//! An incomplete last line is ignored when reading and cut off before the next append. Any
//! other line that does not parse makes the whole file suspect: it is never rewritten or
//! deleted, but renamed aside to `<name>.corrupt-<timestamp>`, and a fresh file is started
//! whose header says where the old one went and why, so `stats` and `status` keep saying so.
//! Writers (the daemon, `soleus log`) serialise on an exclusive lock on `<name>.lock`.
//!
//! # A cost that does not grow
//! Readers keep what they need as the file streams past ([`recent::Recent`]: the day a
//! daemon resumes), not every record. A writer that read or wrote the file last appends at
//! its known end without reading it again, unless the file changed since (see
//! `store::end`).

pub mod ack;
pub mod folder;
pub mod recent;
pub mod record;
mod store;

pub use folder::{Folder, FolderError, Place};
pub use store::{History, HistoryError, Loaded};
