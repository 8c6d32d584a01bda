//! Sets other devices recorded (a sync folder) count toward the day's goal here.

use super::*;

fn elsewhere(sets: u32) -> Event {
    Event::SetsElsewhere {
        day: "2026-11-23".parse().expect("date"),
        sets,
        reps: sets * 60,
    }
}

#[test]
fn the_goal_met_on_other_devices_stops_reminders_here() {
    let mut s = seated(&Config::defaults());
    let o = s.on(at("09:05"), elsewhere(3));
    assert!(
        !o.actions
            .iter()
            .any(|a| matches!(a, Action::GoalReached { .. })),
        "the good news was told where the set was done: {o:?}"
    );
    done_for_today(&s, at("09:06"));
}

#[test]
fn sets_elsewhere_and_here_add_up_and_a_later_figure_replaces_the_earlier() {
    let mut s = seated(&Config::defaults());
    s.on(at("09:05"), elsewhere(1));
    s.on(at("09:06"), elsewhere(1));
    s.on(
        at("09:10"),
        Event::SetLogged {
            at: at("09:10"),
            reps: 60,
            duration: SignedDuration::from_mins(5),
        },
    );
    assert_eq!(s.status(at("09:11")).today.sets, 2);
    assert_ne!(s.status(at("09:11")).state, State::DoneForToday);
    let o = s.on(
        at("09:20"),
        Event::SetLogged {
            at: at("09:20"),
            reps: 60,
            duration: SignedDuration::from_mins(5),
        },
    );
    // The set here that meets the goal with the others is good news.
    assert!(
        o.actions
            .iter()
            .any(|a| matches!(a, Action::GoalReached { sets: 3, .. })),
        "{o:?}"
    );
}

#[test]
fn sets_elsewhere_on_another_day_change_nothing_and_a_new_day_forgets_them() {
    let mut s = seated(&Config::defaults());
    s.on(
        at("09:05"),
        Event::SetsElsewhere {
            day: "2026-11-22".parse().expect("date"),
            sets: 3,
            reps: 180,
        },
    );
    assert_eq!(s.status(at("09:06")).today.sets, 0);
    s.on(at("09:07"), elsewhere(3));
    let tomorrow = "2026-11-24T09:00:00Z".parse::<Timestamp>().expect("ts");
    assert_eq!(s.status(tomorrow).today.sets, 0);
}
