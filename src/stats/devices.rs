//! `soleus stats --by-device`: with a sync folder, what each device contributed to a
//! period. A set belongs to the device that wrote it (its id says which; a set without
//! one, to the device whose file holds it), after every undo on any device is applied.

use std::collections::HashMap;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;

use crate::calendar::LocalDates;
use crate::history::folder::FileRead;
use crate::history::record::{Record, effective};

/// One device's figures over the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceRow {
    /// The device id (`?` for a file not named as soleus names them).
    pub device: String,
    /// The host name its file is named after.
    pub host: String,
    /// This machine.
    pub this_device: bool,
    pub sets: u32,
    pub reps: u32,
    /// The latest record any of its files holds, whatever the period (in JSON as in the
    /// history file: local time with its offset).
    #[serde(with = "crate::history::record::local_time::option")]
    pub last_record: Option<Timestamp>,
}

/// The figures per device of `files` (one folder read) for the days `from..=to`, in the
/// order the devices' files were read (this one's first).
pub fn by_device(files: &[FileRead], tz: &TimeZone, from: Date, to: Date) -> Vec<DeviceRow> {
    let mut rows: Vec<DeviceRow> = Vec::new();
    // Which row a set without an id belongs to, by its time and reps.
    let mut unnamed: HashMap<(Timestamp, u32), usize> = HashMap::new();
    for file in files {
        let (host, device) = file
            .device
            .clone()
            .unwrap_or_else(|| (file.path.display().to_string(), "?".to_owned()));
        let row = if let Some(i) = rows
            .iter()
            .position(|r| r.device == device && r.host == host)
        {
            i
        } else {
            rows.push(DeviceRow {
                device,
                host,
                this_device: file.own,
                sets: 0,
                reps: 0,
                last_record: None,
            });
            rows.len() - 1
        };
        rows[row].last_record = rows[row].last_record.max(file.last);
        for record in &file.records {
            if let Record::Set(s) = record
                && s.id.is_none()
            {
                unnamed.entry((s.at, s.reps)).or_insert(row);
            }
        }
    }
    let all = crate::history::folder::merge::in_time_order(files.iter().map(|f| f.records.clone()));
    let mut dates = LocalDates::new(tz);
    for record in effective(&all) {
        let Record::Set(s) = record else { continue };
        let day = dates.of(s.at);
        if day < from || day > to {
            continue;
        }
        let row = match &s.id {
            Some(id) => id
                .split_once('-')
                .and_then(|(device, _)| rows.iter().position(|r| r.device == device)),
            None => unnamed.get(&(s.at, s.reps)).copied(),
        };
        if let Some(row) = row {
            rows[row].sets += 1;
            rows[row].reps = rows[row].reps.saturating_add(s.reps);
        }
    }
    rows
}
