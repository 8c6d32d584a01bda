//! `soleus meal` without a daemon: meals go to history, `--undo` takes the last back.

use crate::*;

#[test]
fn meal_records_a_meal_and_undo_takes_the_last_back() {
    let s = Sandbox::new();
    let o = s.run(&["meal"]);
    assert_says(&o, 0, stdout, "Meal logged at");
    let o = s.run(&["meal", "2026-11-20T12:30"]);
    assert_says(&o, 0, stdout, "has passed");
    let lines = history_lines(&s.history_path());
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[1]["type"], "meal");
    assert_eq!(lines[2]["at"], "2026-11-20T12:30:00+01:00");

    // Undo takes back the last logged, then the one before; then there is none.
    assert_says(
        &s.run(&["meal", "--undo"]),
        0,
        stdout,
        "Removed the meal at",
    );
    let lines = history_lines(&s.history_path());
    assert_eq!(lines[3]["type"], "meal_undo");
    assert_eq!(lines[3]["meal_at"], "2026-11-20T12:30:00+01:00");
    assert_exit(&s.run(&["meal", "--undo"]), 0);
    assert_says(&s.run(&["meal", "--undo"]), 1, stderr, "no meal is logged");
}

#[test]
fn meal_refuses_bad_times_and_writes_nothing() {
    let s = Sandbox::new();
    for (args, needle) in [
        (&["meal", "25:00"][..], "is not a time"),
        (&["meal", "2999-01-01T10:00"][..], "in the future"),
        (&["meal", "12:30", "--undo"][..], "cannot be used with"),
    ] {
        let o = s.run(args);
        assert_exit(&o, 2);
        assert!(stderr(&o).contains(needle), "{args:?}: {}", stderr(&o));
    }
    assert!(!s.history_path().exists(), "nothing written on refusal");
}

/// Undos at the same time each take back a different meal: the choice is made under the
/// history's lock, as `log --undo` makes it.
#[test]
fn concurrent_meal_undos_take_back_different_meals() {
    const MEALS: usize = 12;
    let s = Sandbox::new();
    for i in 0..MEALS {
        let at = format!("2026-11-20T{:02}:00", 8 + i);
        assert_exit(&s.run(&["meal", &at]), 0);
    }
    let mut undone = s.undo_at_once(&["meal", "--undo"], MEALS, "meal_undo", "meal_at");
    assert_eq!(undone.len(), MEALS);
    undone.dedup();
    assert_eq!(undone.len(), MEALS, "each undo took back its own meal");
    assert_says(&s.run(&["meal", "--undo"]), 1, stderr, "no meal is logged");
}
