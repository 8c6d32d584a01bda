//! The daemon's streak (read once at start, then carried a day at a time) against the
//! streak `soleus stats` counts from the whole history.

use super::*;
use crate::calendar::local_date;
use crate::stats::streak::{SetDays, carry, step};

/// A small deterministic generator: the same histories on every run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// Sets on random days over ten weeks, some taken back the way `log --undo` does (the
/// last set not yet taken back), in file order.
fn history(rng: &mut Lcg, first: Date) -> Vec<Record> {
    let mut records = Vec::new();
    let mut live = Vec::new();
    for offset in 0..70 {
        let d = first.checked_add(offset.days()).expect("date");
        for n in 0..rng.below(3) {
            let set = set_at(at(d, 9 + n as i8, 0, &TimeZone::UTC), 40, SetOrigin::Manual);
            records.push(set.clone());
            live.push(set);
        }
        if rng.below(8) == 0
            && let Some(Record::Set(s)) = live.pop()
        {
            records.push(Record::Undo(UndoRecord {
                at: at(d, 20, 0, &TimeZone::UTC),
                set_at: s.at,
                reps: s.reps,
                set_id: None,
            }));
        }
    }
    records
}

/// The history's days as `stats` counts them, and as the daemon's start-up read does.
fn counted(records: &[Record]) -> (BTreeMap<Date, DayStats>, SetDays) {
    let mut set_days = SetDays::new(&TimeZone::UTC);
    set_days.extend(records.iter().cloned());
    (by_day(records, &TimeZone::UTC), set_days)
}

/// The daemon's count is the stats streak; and with a sync folder, where the undos can be
/// in another device's file read before the sets' file, it comes out the same in that order.
#[test]
fn read_at_start_then_carried_day_by_day_it_is_the_stats_streak() {
    let mut rng = Lcg(17);
    let first = date(2026, 9, 7);
    for _ in 0..40 {
        let records = history(&mut rng, first);
        let (days, set_days) = counted(&records);
        let (undos, sets): (Vec<&Record>, Vec<&Record>) =
            records.iter().partition(|r| matches!(r, Record::Undo(_)));
        let mut undos_first = SetDays::new(&TimeZone::UTC);
        undos_first.extend(undos.into_iter().chain(sets).cloned());
        let sets = |d: Date| days.get(&d).map_or(0, |s| s.sets);
        // Started on `start`, the daemon reads the run before it, then carries it.
        let start = first.checked_add(20.days()).expect("start");
        let mut run = set_days.run_before(start, weekdays());
        let mut day = start;
        for offset in 20..75 {
            let today = first.checked_add(offset.days()).expect("today");
            run = carry(run, day, sets(day), today, weekdays());
            day = today;
            assert_eq!(
                step(run, today, sets(today), today, weekdays()),
                current_streak(&days, today, weekdays()),
                "on {today}"
            );
            assert_eq!(run, set_days.run_before(today, weekdays()), "on {today}");
            assert_eq!(run, undos_first.run_before(today, weekdays()), "on {today}");
        }
    }
}

#[test]
fn carried_over_a_gap_of_days_without_the_daemon() {
    let mut rng = Lcg(5);
    let first = date(2026, 9, 7);
    for _ in 0..20 {
        let records = history(&mut rng, first);
        let (days, set_days) = counted(&records);
        let sets = |d: Date| days.get(&d).map_or(0, |s| s.sets);
        let from = first.checked_add(30.days()).expect("from");
        let before = set_days.run_before(from, weekdays());
        // Days after `from` had no set the daemon saw; carried across 1 to 20 days.
        let until_from: Vec<Record> = records
            .iter()
            .filter(|r| local_date(r.at(), &TimeZone::UTC) <= from)
            .cloned()
            .collect();
        let days_until_from = by_day(&until_from, &TimeZone::UTC);
        for gap in 1..20 {
            let to = from.checked_add(gap.days()).expect("to");
            assert_eq!(
                step(
                    carry(before, from, sets(from), to, weekdays()),
                    to,
                    0,
                    to,
                    weekdays()
                ),
                current_streak(&days_until_from, to, weekdays()),
                "{gap} days after {from}"
            );
        }
    }
}
