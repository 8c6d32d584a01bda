use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use proptest::prelude::*;

use super::Recent;
use crate::history::record::{
    MealRecord, MealUndoRecord, PauseRecord, Record, ReminderEvent, ReminderRecord, ResumeRecord,
    SetOrigin, SetRecord, UndoRecord, meals, pause_in_force,
};

const BASE: i64 = 1_764_000_000; // 2025-11-24, a Monday
const EVENTS: [ReminderEvent; 8] = ReminderEvent::ALL;

fn ts(hours: i64) -> Timestamp {
    Timestamp::from_second(BASE + hours * 3600).expect("in range")
}

/// One record of a kind picked by `kind`, at hour `hour` of a five-day stretch; undos
/// name a time a set or meal may have, so some take something back and some do not.
fn record(kind: u8, hour: i64, reps: u32, event: usize) -> Record {
    let at = ts(hour);
    match kind % 7 {
        0 => Record::Set(SetRecord {
            at,
            reps,
            duration_s: 300,
            origin: SetOrigin::Manual,
            id: None,
        }),
        1 => Record::Undo(UndoRecord {
            at: ts(hour + 1),
            set_at: at,
            reps,
            set_id: None,
        }),
        2 => Record::Reminder(ReminderRecord {
            at,
            reminder: at,
            event: EVENTS[event % EVENTS.len()],
            until: None,
        }),
        3 => Record::Pause(PauseRecord {
            at,
            until: reps.is_multiple_of(2).then(|| ts(hour + 3)),
        }),
        4 => Record::Resume(ResumeRecord { at }),
        5 => Record::Meal(MealRecord { at }),
        _ => Record::MealUndo(MealUndoRecord {
            at: ts(hour + 1),
            meal_at: at,
        }),
    }
}

fn history() -> impl Strategy<Value = Vec<Record>> {
    prop::collection::vec((0u8..7, 0i64..120, 59u32..62, 0..EVENTS.len()), 0..80).prop_map(|v| {
        v.into_iter()
            .map(|(k, h, r, e)| record(k, h, r, e))
            .collect()
    })
}

proptest! {
    /// The day, the meals after `since` and the pause in force come out of the kept
    /// records as they come out of the whole history, whatever it holds and in any order.
    #[test]
    fn what_is_kept_tells_the_day_as_the_whole_history_does(
        records in history(),
        now_hour in 0i64..130,
        back in 0i64..60,
    ) {
        let tz = TimeZone::UTC;
        let now = ts(now_hour);
        let zoned = now.to_zoned(tz.clone());
        let day_start = zoned.start_of_day().expect("day").timestamp();
        let since = day_start.min(now - SignedDuration::from_hours(back));
        let mut recent = Recent::new(since, now);
        recent.extend(records.iter().cloned());
        let kept = recent.into_records();
        prop_assert!(kept.len() <= records.len());
        prop_assert_eq!(
            crate::stats::today(&kept, &zoned),
            crate::stats::today(&records, &zoned)
        );
        let after = |m: Vec<Timestamp>| m.into_iter().filter(|t| *t >= since).collect::<Vec<_>>();
        prop_assert_eq!(after(meals(&kept)), after(meals(&records)));
        prop_assert_eq!(pause_in_force(&kept, now), pause_in_force(&records, now));
    }
}

#[test]
fn a_long_past_is_not_kept() {
    let now = ts(100);
    let mut recent = Recent::new(ts(96), now);
    recent.extend((0..90).map(|h| record(0, h, 60, 0)));
    recent.extend([record(0, 97, 60, 0)]);
    assert_eq!(recent.into_records(), vec![record(0, 97, 60, 0)]);
}
