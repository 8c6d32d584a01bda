//! The part of a long history that a day needs: what a restarted daemon carries on with,
//! and what `soleus log` reports for today, without holding ten years of records.

use jiff::{SignedDuration, Timestamp, Zoned};

use super::record::Record;

/// Records kept from a history read in file order: every record about `since` or later
/// (a set, an undo of such a set, a reminder, a meal and its undo), plus the last pause or
/// resume and the last resolved reminder up to `now`, whenever they were. On what it keeps,
/// [`crate::stats::today`], [`super::record::meals`] and
/// [`super::record::pause_in_force`] give what they give on the whole history for any day
/// and meal after `since`: an undo matches only sets at its own time, and the others look
/// at the last record of their kind.
#[derive(Debug, Clone)]
pub struct Recent {
    since: Timestamp,
    now: Timestamp,
    /// With their place in the file, so the two below go back in between.
    kept: Vec<(usize, Record)>,
    last_pause: Option<(usize, Record)>,
    last_resolved: Option<(usize, Record)>,
    seen: usize,
}

impl Recent {
    pub fn new(since: Timestamp, now: Timestamp) -> Self {
        Self {
            since,
            now,
            kept: Vec::new(),
            last_pause: None,
            last_resolved: None,
            seen: 0,
        }
    }

    /// What the day of `now` needs, and the records `reach_back` before `now`.
    pub fn for_day(now: &Zoned, reach_back: SignedDuration) -> Self {
        let start = now
            .start_of_day()
            .map_or(now.timestamp(), |d| d.timestamp());
        let back = now.timestamp().saturating_sub(reach_back).unwrap_or(start);
        Self::new(start.min(back), now.timestamp())
    }

    /// The earliest time a record kept for itself is about.
    pub fn since(&self) -> Timestamp {
        self.since
    }

    /// The kept records, in file order.
    pub fn into_records(self) -> Vec<Record> {
        let mut all = self.kept;
        all.extend(self.last_pause);
        all.extend(self.last_resolved);
        all.sort_by_key(|(place, _)| *place);
        all.into_iter().map(|(_, record)| record).collect()
    }

    fn push(&mut self, record: Record) {
        let place = self.seen;
        self.seen += 1;
        let recent = about(&record) >= self.since;
        // A later record of the kind replaces the one held for it; a recent one is kept
        // anyway, and then nothing older of its kind matters.
        let slot = match &record {
            Record::Pause(_) | Record::Resume(_) => Some(&mut self.last_pause),
            Record::Reminder(r) if r.event.resolves() && r.at <= self.now => {
                Some(&mut self.last_resolved)
            }
            _ => None,
        };
        match (slot, recent) {
            (Some(slot), true) => *slot = None,
            (Some(slot), false) => {
                *slot = Some((place, record));
                return;
            }
            (None, _) if !recent => return,
            (None, _) => {}
        }
        self.kept.push((place, record));
    }
}

impl Extend<Record> for Recent {
    fn extend<I: IntoIterator<Item = Record>>(&mut self, records: I) {
        for record in records {
            self.push(record);
        }
    }
}

/// The time a record is about: an undo is about the set it takes back, a meal's undo
/// about the meal; everything else about when it happened.
pub(crate) fn about(record: &Record) -> Timestamp {
    match record {
        Record::Undo(u) => u.set_at,
        Record::MealUndo(u) => u.meal_at,
        other => other.at(),
    }
}

#[cfg(test)]
mod tests;
