//! Checking a history file line by line: which records it holds, where the next append
//! goes, and what an incomplete last line is.

use std::io;

use super::super::record::{Header, Record, VERSION};

/// A file's contents after checking, before any repair. The records themselves went to
/// the caller's sink as they were read: a reader keeps what it needs, not every record.
pub(super) struct Parsed {
    pub(super) header: Option<Header>,
    /// Byte length of the complete, valid part (where the next append goes).
    pub(super) valid_len: u64,
    /// The file ends in a line without a newline that does parse: it needs one.
    pub(super) needs_newline: bool,
    /// The file ends in an incomplete line, ignored, cut before the next append.
    pub(super) torn: Option<Tail>,
    /// Records of types a newer version wrote: kept in the file, skipped here.
    pub(super) unknown: usize,
}

/// What an incomplete last line can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tail {
    /// The start of a line as soleus writes one: an append cut short by a crash.
    Ours,
    /// Anything else (a hand-added record missing its end, a huge line): kept aside, byte
    /// for byte, before it is cut.
    Foreign,
}

/// Every line soleus writes starts so, and is far shorter than this.
const LINE_START: &[u8] = b"{\"type\":\"";
const LONGEST_LINE: usize = 4096;

impl Tail {
    /// Cutting ours loses nothing acknowledged; keeping a copy of anything else costs a
    /// small file. So when in doubt, a tail is foreign: a line that is a whole object but
    /// for its closing brace looks like a hand edit and is kept too.
    fn of(bytes: &[u8]) -> Self {
        let start = &bytes[..bytes.len().min(LINE_START.len())];
        let mut closed = bytes.trim_ascii_end().to_vec();
        closed.push(b'}');
        let whole_but_brace = serde_json::from_slice::<serde::de::IgnoredAny>(&closed).is_ok();
        if bytes.len() <= LONGEST_LINE && LINE_START.starts_with(start) && !whole_but_brace {
            Self::Ours
        } else {
            Self::Foreign
        }
    }
}

/// Why a file cannot be used as it is.
pub(super) enum Unreadable {
    /// Damaged or not ours, with the reason ("line 3: ...").
    Corrupt(String),
    /// Written by a newer version: valid, but not ours to read or change.
    Newer(u32),
    /// The file could not be read.
    Io(io::Error),
}

/// A complete JSON object a newer version wrote: of a `type` this version does not know,
/// or of a known type with an `event` or `origin` value it does not know. Kept in the file
/// and skipped, like the rest of a newer version's additions; never a reason to set the
/// whole history aside.
fn is_newer_line(line: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(line).is_ok_and(|v| {
        v.get("type")
            .and_then(serde_json::Value::as_str)
            .is_some_and(|t| {
                !crate::history::record::KNOWN_TYPES.contains(&t)
                    || crate::history::record::has_newer_value(t, &v)
            })
    })
}

/// One record as read, with where it came from: what a merge of several files needs to
/// know a record it has seen already (see `crate::history::folder`).
pub(crate) struct Line<'a> {
    pub(crate) record: Record,
    /// The line's `id`, when it has one.
    pub(crate) id: Option<String>,
    /// The line as written, without surrounding blanks.
    pub(crate) text: &'a str,
    /// Its line number in the file, from 1 (the header).
    pub(crate) number: usize,
}

/// The read buffer: a few pages, whatever the file's size. The daemon reads a sync
/// folder's files on a thread of its own, whose allocator keeps the pages it touched: with
/// 64 KiB, five devices' files left 96 KiB more resident at rest, and `soleus stats` over
/// ten years took as long with 16 KiB.
pub(super) const READ_BUFFER: usize = 16 * 1024;

/// Checks the whole file, handing each record to `sink` in file order.
pub(super) fn parse(
    mut reader: impl io::BufRead,
    sink: &mut dyn FnMut(Line<'_>),
) -> Result<Parsed, Unreadable> {
    let mut parsed = Parsed {
        header: None,
        valid_len: 0,
        needs_newline: false,
        torn: None,
        unknown: 0,
    };
    let mut offset = 0usize;
    let mut bytes = Vec::new();
    let mut lines = crate::history::record::LineReader::default();
    for index in 0usize.. {
        bytes.clear();
        if reader
            .read_until(b'\n', &mut bytes)
            .map_err(Unreadable::Io)?
            == 0
        {
            break;
        }
        let number = index + 1;
        let complete = bytes.ends_with(b"\n");
        let line = match std::str::from_utf8(&bytes) {
            Ok(line) => line,
            // A crash can cut a last line inside a character: the text ends in the middle
            // of one (`error_len` is `None`). Any other bad byte is damage.
            Err(e) if !complete && e.error_len().is_none() && parsed.header.is_some() => {
                parsed.torn = Some(Tail::of(&bytes));
                break;
            }
            Err(e) => {
                return Err(Unreadable::Corrupt(format!(
                    "line {number}: not UTF-8 text after byte {}",
                    offset + e.valid_up_to()
                )));
            }
        };
        let content = line.trim();
        let result = if content.is_empty() {
            Ok(())
        } else if parsed.header.is_none() {
            match serde_json::from_str::<Header>(content) {
                Ok(h) if h.format == Header::FORMAT && h.version > VERSION => {
                    return Err(Unreadable::Newer(h.version));
                }
                Ok(h) if h.format == Header::FORMAT => {
                    parsed.header = Some(h);
                    Ok(())
                }
                _ => Err(format!("line {number}: not a soleus history header")),
            }
        } else {
            match lines.read(content) {
                Ok((record, id)) => {
                    sink(Line {
                        record,
                        id,
                        text: content,
                        number,
                    });
                    Ok(())
                }
                Err(_) if is_newer_line(content) => {
                    parsed.unknown += 1;
                    Ok(())
                }
                Err(e) => Err(format!("line {number}: {e}")),
            }
        };
        match result {
            Ok(()) => {
                offset += line.len();
                parsed.valid_len = offset as u64;
                parsed.needs_newline = !complete && !content.is_empty();
            }
            // A last line cut short by a crash is not even JSON. Complete JSON that is not a
            // record was written or edited that way: that is corruption, not a torn write.
            // Only after the header: a file whose first line is cut short never held an
            // acknowledged record, but it may not be ours, and setting it aside loses nothing.
            Err(_)
                if !complete
                    && parsed.header.is_some()
                    && serde_json::from_str::<serde::de::IgnoredAny>(content).is_err() =>
            {
                parsed.torn = Some(Tail::of(&bytes));
                break;
            }
            Err(reason) => return Err(Unreadable::Corrupt(reason)),
        }
    }
    Ok(parsed)
}
