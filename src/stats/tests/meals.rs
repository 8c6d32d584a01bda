//! Post-meal coverage: which meals count, and which a set followed.

use super::*;

#[test]
fn meals_count_when_a_set_follows_within_the_window_and_usual_times_on_active_days() {
    let tz = TimeZone::UTC;
    let (mon, sat) = (date(2026, 11, 23), date(2026, 11, 28));
    let mut plan = no_meals();
    plan.meals.times = vec!["12:30".parse().expect("time")];
    plan.now = at(date(2026, 11, 30), 0, 0, &tz);
    let records = [
        // Monday: lunch logged at 13:00 replaces the usual 12:30; a set at 14:20 follows it.
        Record::Meal(crate::history::record::MealRecord {
            at: at(mon, 13, 0, &tz),
        }),
        set_at(at(mon, 14, 20, &tz), 60, SetOrigin::Reminder),
        // Tuesday: the usual 12:30, a set at 14:30 is too late (90m window).
        set_at(at(date(2026, 11, 24), 14, 30, &tz), 60, SetOrigin::Reminder),
    ];
    let mut p = period(mon, sat, sat);
    p.meals = plan;
    let r = report(&records, &tz, &p);
    // Mon to Fri: one meal each (Saturday is no active day); only Monday's was followed.
    assert_eq!(
        (
            r.after_meals.meals,
            r.after_meals.logged,
            r.after_meals.followed_by_set
        ),
        (5, 1, 1)
    );
    assert_eq!(r.after_meals.percent, Some(20));
    assert_eq!((r.days[0].meals, r.days[0].meals_followed), (1, 1));
    assert_eq!((r.days[5].meals, r.days[5].meals_followed), (0, 0));
    // A meal whose window is still open does not count against the user yet.
    p.meals.now = at(date(2026, 11, 27), 13, 0, &tz);
    assert_eq!(report(&records, &tz, &p).after_meals.meals, 4);
    let human = human::render(&r, human::Style { color: false });
    assert!(
        human.contains("Meals      1 of 5 meals followed by a set within 1h30m (20%); 1 logged"),
        "{human}"
    );
}
