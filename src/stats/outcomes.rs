//! What became of the reminders in a period, and how quickly people answered them.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;

use crate::calendar::LocalDates;
use crate::history::record::{Record, ReminderEvent, SetOrigin};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Outcomes {
    pub shown: u32,
    /// Answered with a set.
    pub done: u32,
    /// How many times reminders were snoozed. Not an outcome: a snoozed reminder still ends
    /// done, skipped, missed or open, and one may be snoozed several times.
    pub snoozed: u32,
    pub skipped: u32,
    /// Expired unanswered, or a guided set never confirmed.
    pub missed: u32,
    /// Shown (or held) but not answered yet (the reminder open now): `done + skipped +
    /// missed + open` is `shown + held - released`, counting only the holds of reminders
    /// held as they fell due (one withdrawn from the screen was counted when shown).
    pub open: u32,
    /// Reminders kept back by do-not-disturb, a fullscreen window or a call (config
    /// `[context]`): as they fell due, or withdrawn from the screen as the hold began. Each
    /// ends released, or missed when the active window closes first.
    pub held: u32,
    /// Held reminders let go when the context ended: each is followed by one `shown`, the
    /// catch-up, when the other rules allow it.
    pub released: u32,
    /// Share of shown reminders that became sets, in percent, rounded to the nearest.
    pub became_sets_percent: Option<u32>,
    /// Median time from a reminder's first showing to the start of its set.
    pub median_seconds_to_start: Option<i64>,
}

impl Outcomes {
    /// Outcomes of the reminders first shown in `from..=to`.
    pub fn of(records: &[Record], tz: &TimeZone, from: Date, to: Date) -> Self {
        let mut out = Self::default();
        let mut to_start = Vec::new();
        // Reminders shown before a hold withdrew them: their hold and release do not open
        // or close anything, their first `shown` did.
        let mut shown = std::collections::BTreeSet::new();
        let mut unshown_held = 0;
        let mut unshown_released = 0;
        let mut dates = LocalDates::new(tz);
        let mut in_period = |t| (from..=to).contains(&dates.of(t));
        for (i, record) in records.iter().enumerate() {
            let Record::Reminder(r) = record else {
                continue;
            };
            if !in_period(r.reminder) {
                continue;
            }
            let was_shown = shown.contains(&r.reminder);
            match r.event {
                ReminderEvent::Shown => {
                    out.shown += 1;
                    shown.insert(r.reminder);
                }
                ReminderEvent::Snoozed => out.snoozed += 1,
                ReminderEvent::Skipped => out.skipped += 1,
                ReminderEvent::Missed | ReminderEvent::Unconfirmed => out.missed += 1,
                ReminderEvent::Held => {
                    out.held += 1;
                    unshown_held += u32::from(!was_shown);
                }
                ReminderEvent::Released => {
                    out.released += 1;
                    unshown_released += u32::from(!was_shown);
                }
                ReminderEvent::Done => {
                    out.done += 1;
                    // The daemon writes a reminder's set right after its "done".
                    if let Some(Record::Set(set)) = records.get(i + 1)
                        && set.origin == SetOrigin::Reminder
                    {
                        to_start.push(set.at.duration_since(r.reminder).as_secs().max(0));
                    }
                }
            }
        }
        // A reminder held as it fell due is either released (and its catch-up is a `shown`
        // of its own) or ends missed or skipped without ever being shown.
        out.open = (out.shown + unshown_held)
            .saturating_sub(unshown_released)
            .saturating_sub(out.done + out.skipped + out.missed);
        // Rounded, not truncated: 1 of 6 is 17%, and 2 of 3 is 67%.
        out.became_sets_percent = (out.done * 100 + out.shown / 2).checked_div(out.shown);
        to_start.sort_unstable();
        out.median_seconds_to_start = median(&to_start);
        out
    }
}

fn median(sorted: &[i64]) -> Option<i64> {
    match sorted.len() {
        0 => None,
        n if n % 2 == 1 => Some(sorted[n / 2]),
        n => Some(i64::midpoint(sorted[n / 2 - 1], sorted[n / 2])),
    }
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;
    use jiff::tz::TimeZone;

    use super::*;
    use crate::calendar::local_date;
    use crate::history::record::ReminderRecord;

    fn record(minute: i64, id: i64, event: ReminderEvent) -> Record {
        let t = |m: i64| Timestamp::from_second(1_795_420_800 + m * 60).expect("in range");
        Record::Reminder(ReminderRecord {
            at: t(minute),
            reminder: t(id),
            event,
            until: None,
        })
    }

    /// The outcomes of the day of [`record`]'s minute 0, in UTC.
    fn of_the_day(records: &[Record]) -> Outcomes {
        let tz = TimeZone::UTC;
        let day = local_date(Timestamp::from_second(1_795_420_800).expect("t"), &tz);
        Outcomes::of(records, &tz, day, day)
    }

    #[test]
    fn held_reminders_are_counted_and_the_outcomes_still_add_up() {
        use ReminderEvent::{Done, Held, Missed, Released, Shown};
        // Held then released, its catch-up done; held until the window closed; one open.
        let records = [
            record(0, 0, Held),
            record(40, 0, Released),
            record(40, 40, Shown),
            record(41, 40, Done),
            record(200, 200, Held),
            record(300, 200, Missed),
            record(400, 400, Held),
        ];
        let o = of_the_day(&records);
        assert_eq!((o.held, o.released, o.shown), (3, 1, 1));
        assert_eq!((o.done, o.missed, o.open), (1, 1, 1));
    }

    #[test]
    fn a_reminder_withdrawn_by_a_hold_is_one_reminder() {
        use ReminderEvent::{Done, Held, Missed, Released, Shown};
        // Shown, withdrawn, released and shown again (no second `shown`), done; shown,
        // withdrawn and held until the window closed.
        let records = [
            record(0, 0, Shown),
            record(1, 0, Held),
            record(40, 0, Released),
            record(41, 0, Done),
            record(200, 200, Shown),
            record(201, 200, Held),
            record(300, 200, Missed),
        ];
        let o = of_the_day(&records);
        assert_eq!((o.shown, o.held, o.released), (2, 2, 1));
        assert_eq!((o.done, o.missed, o.open), (1, 1, 0));
    }
}
