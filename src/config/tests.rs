use std::path::Path;

use jiff::SignedDuration;

use super::*;

fn parse(text: &str) -> Result<(Config, Vec<String>), Vec<Diagnostic>> {
    Config::parse(Path::new("config.toml"), text)
}

fn errors(text: &str) -> Vec<Diagnostic> {
    parse(text).expect_err("this config must be refused")
}

fn one_error(text: &str) -> Diagnostic {
    let mut all = errors(text);
    assert_eq!(all.len(), 1, "{all:?}");
    all.remove(0)
}

#[test]
fn embedded_file_is_valid_and_is_the_documented_defaults() {
    let c = Config::defaults();
    assert_eq!(c.schedule.sets_per_day, 3);
    assert_eq!(c.schedule.window.hours.to_string(), "09:00-18:00");
    assert_eq!(
        c.schedule.window.days.names(),
        ["mon", "tue", "wed", "thu", "fri"]
    );
    assert_eq!(
        c.schedule.sit_before_reminder,
        SignedDuration::from_mins(45)
    );
    assert_eq!(c.schedule.min_gap, SignedDuration::from_mins(90));
    assert_eq!(c.schedule.break_after_idle, SignedDuration::from_mins(5));
    assert_eq!(c.snooze.duration, SignedDuration::from_mins(10));
    assert_eq!(c.snooze.max_per_reminder, 3);
    assert_eq!(c.exercise.set_length, SignedDuration::from_mins(7));
    assert_eq!(c.exercise.reps_per_minute, 10);
    assert_eq!(c.exercise.estimated_reps(), 70);
    assert_eq!(c.notifications.urgency, Urgency::Normal);
    assert!(c.notifications.sound);
    assert_eq!(c.notifications.expire_after, SignedDuration::from_mins(30));
    assert_eq!(c.activity.source, ActivitySource::Auto);
    assert!(validate::warnings(&c).is_empty());
}

#[test]
fn empty_file_means_defaults() {
    let (c, warnings) = parse("").expect("valid");
    assert_eq!(c, Config::defaults());
    assert!(warnings.is_empty());
}

#[test]
fn show_output_parses_back_to_the_same_config() {
    let (custom, _) = parse(
        "[schedule]\nsets_per_day = 2\nactive_days = [\"Monday\", \"sat\"]\nmin_gap = \"1h30m\"\n",
    )
    .expect("valid");
    assert_eq!(parse(&custom.to_toml()).expect("valid").0, custom);
    assert_eq!(
        parse(&Config::defaults().to_toml()).expect("valid").0,
        Config::defaults()
    );
}

#[test]
fn partial_file_overrides_only_its_keys() {
    let (c, _) = parse("[snooze]\nduration = \"30s\"\n").expect("valid");
    assert_eq!(c.snooze.duration, SignedDuration::from_secs(30));
    assert_eq!(c.snooze.max_per_reminder, 3);
    assert_eq!(c.schedule, Config::defaults().schedule);
}

#[test]
fn syntax_error_points_at_line_and_column() {
    let d = one_error("[schedule]\nsets_per_day = = 3\n");
    assert_eq!((d.line, d.column), (2, 16));
    assert!(d.to_string().starts_with("config.toml:2:16: "), "{d}");
    assert!(d.hint.is_some());
}

#[test]
fn unknown_key_suggests_the_closest_one() {
    let d = one_error("[schedule]\nsit_before_remider = \"30m\"\n");
    assert_eq!((d.line, d.column), (2, 1));
    assert_eq!(d.message, "unknown key `sit_before_remider` in [schedule]");
    assert_eq!(
        d.hint.as_deref(),
        Some("did you mean `sit_before_reminder`?")
    );
}

#[test]
fn key_in_the_wrong_section_says_where_it_belongs() {
    let d = one_error("[schedule]\nreps_per_minute = 12\n");
    assert_eq!(
        d.hint.as_deref(),
        Some("`reps_per_minute` belongs under [exercise]")
    );
}

#[test]
fn unknown_section_suggests_the_closest_one() {
    let d = one_error("[snoze]\nduration = \"5m\"\n");
    assert_eq!(d.message, "unknown section `snoze`");
    assert_eq!(d.hint.as_deref(), Some("did you mean [snooze]?"));
}

#[test]
fn every_unknown_key_is_reported() {
    assert_eq!(errors("[schedule]\nfoo = 1\nbar = 2\n").len(), 2);
}

#[test]
fn out_of_range_values_are_refused_where_they_are() {
    let d = one_error("[schedule]\nsets_per_day = 9\n");
    assert_eq!((d.line, d.column), (2, 16));
    assert_eq!(d.message, "sets_per_day: must be between 1 and 6, found 9");
    let d = one_error("[exercise]\nset_length = \"45m\"\n");
    assert!(d.message.contains("between 1m and 30m"), "{d}");
    let d = one_error("[snooze]\nmax_per_reminder = -1\n");
    assert!(d.message.contains("between 0 and 10"), "{d}");
    let d = one_error("[exercise]\nreps_per_minute = 0\n");
    assert!(d.message.contains("between 1 and 60"), "{d}");
}

#[test]
fn every_bad_value_is_reported_at_once() {
    let all = errors(
        "[schedule]\nsets_per_day = 0\nmin_gap = \"soon\"\n[notifications]\nurgency = \"loud\"\n",
    );
    assert_eq!(all.len(), 3, "{all:?}");
}

#[test]
fn bad_durations_explain_the_format() {
    let d = one_error("[schedule]\nmin_gap = \"90\"\n");
    assert!(d.message.contains("not a duration"), "{d}");
    let d = one_error("[schedule]\nmin_gap = \"0m\"\n");
    assert!(d.message.contains("not positive"), "{d}");
    assert_eq!(d.hint.as_deref(), Some("the shortest duration is \"1s\""));
    // Under a second is not "not positive": the rule is whole seconds.
    let d = one_error("[schedule]\nbreak_after_idle = \"500ms\"\n");
    assert!(
        d.message
            .contains("shorter than a second: durations count whole seconds, from 1s"),
        "{d}"
    );
    let d = one_error("[snooze]\nduration = \"2 fortnights\"\n");
    assert!(
        d.hint
            .as_deref()
            .is_some_and(|h| h.contains("(s, m, h, d, w)")),
        "{d}"
    );
}

#[test]
fn hours_are_read_as_people_write_them() {
    let c = parse("[schedule]\nactive_hours = \"9-17\"\n")
        .expect("valid")
        .0;
    assert_eq!(c.schedule.window.hours.to_string(), "09:00-17:00");
    let c = parse("[schedule]\nactive_hours = \"9:30-17:45\"\n")
        .expect("valid")
        .0;
    assert_eq!(c.schedule.window.hours.to_string(), "09:30-17:45");
    let d = one_error("[schedule]\nactive_hours = \"09:00-09:00\"\n");
    assert!(d.message.contains("is empty"), "{d}");
    let d = one_error("[schedule]\nactive_hours = \"9h-17h\"\n");
    assert!(d.message.contains("`9h` is not a time of day"), "{d}");
}

#[test]
fn wrong_type_is_reported_with_its_place() {
    let d = one_error("[schedule]\nsit_before_reminder = 45\n");
    assert_eq!(d.line, 2);
    assert!(d.message.contains("invalid type"), "{d}");
}

#[test]
fn bad_hours_and_days_are_explained() {
    let d = one_error("[schedule]\nactive_hours = \"18:00-09:00\"\n");
    assert!(d.message.contains("ends before it starts"), "{d}");
    let d = one_error("[schedule]\nactive_days = [\"mon\", \"tuz\"]\n");
    assert_eq!((d.line, d.column), (2, 23));
    assert_eq!(d.hint.as_deref(), Some("did you mean \"tue\"?"));
    let d = one_error("[schedule]\nactive_days = [\"mon\", \"mon\"]\n");
    assert!(d.message.contains("twice"), "{d}");
}

#[test]
fn bad_choice_suggests_a_valid_one() {
    let d = one_error("[activity]\nsource = \"x1\"\n");
    assert_eq!(d.hint.as_deref(), Some("did you mean \"x11\"?"));
}

#[test]
fn contradictory_settings_warn_but_load() {
    let (c, warnings) =
        parse("[schedule]\nactive_hours = \"09:00-11:00\"\nsets_per_day = 3\n").expect("valid");
    assert_eq!(c.schedule.sets_per_day, 3);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("fewer than sets_per_day"),
        "{warnings:?}"
    );
    let (_, warnings) = parse("[schedule]\nactive_days = []\n").expect("valid");
    assert!(
        warnings.iter().any(|w| w.contains("never remind")),
        "{warnings:?}"
    );
}

#[test]
fn seconds_are_accepted_for_fast_tests() {
    let (c, _) = parse("[schedule]\nsit_before_reminder = \"3s\"\nbreak_after_idle = \"1s\"\n")
        .expect("valid");
    assert_eq!(c.schedule.sit_before_reminder, SignedDuration::from_secs(3));
}

#[test]
fn missing_file_is_defaults_and_unreadable_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let loaded = Config::load(&dir.path().join("nope.toml")).expect("defaults");
    assert_eq!(loaded.config, Config::defaults());
    assert!(matches!(loaded.origin, Origin::Defaults { .. }));
    // A directory where the file should be cannot be read.
    assert!(matches!(
        Config::load(dir.path()),
        Err(ConfigError::Read { .. })
    ));
}

#[test]
fn absurdly_long_durations_are_refused_not_a_crash() {
    let d = one_error("[schedule]\nsets_per_day = 6\nmin_gap = \"2000000000000000h\"\n");
    assert_eq!(d.line, 3);
    let d = one_error("[notifications]\nexpire_after = \"100000000h\"\n");
    assert!(d.message.contains("longer than a week"), "{d}");
}

#[test]
fn one_check_reports_unknown_keys_and_bad_values_together() {
    let all = errors("[schedule]\nfoo = 1\nmin_gap = \"0s\"\n");
    assert_eq!(all.len(), 2, "{all:?}");
    assert!(all[0].message.contains("unknown key `foo`"));
    assert!(all[1].message.contains("not positive"));
}

#[test]
fn a_section_written_as_a_value_is_explained_in_user_terms() {
    let d = errors("schedule = 3\n").remove(0);
    assert!(d.message.contains("expected a section"), "{d}");
    assert!(!d.message.contains("Raw"), "{d}");
}

#[test]
fn shipped_file_names_every_key_and_no_other() {
    // Read without a fallback, a key left out of the file is an error, and so is one that
    // validation does not read.
    let (shipped, _) = validate::from_text(Path::new("config/config.toml"), DEFAULT_TOML, None)
        .expect("config/config.toml is complete and valid");
    assert_eq!(shipped, Config::defaults());
}

#[test]
fn show_writes_every_key_under_the_name_it_is_read_by() {
    let shown = Config::defaults().to_toml();
    let (back, _) = validate::from_text(Path::new("shown.toml"), &shown, None)
        .unwrap_or_else(|e| panic!("{}\n{shown}", render_all(&e)));
    assert_eq!(back, Config::defaults());
}

#[test]
fn a_value_of_the_wrong_type_does_not_hide_the_other_problems() {
    let all = errors("[schedule]\nsets_per_day = 9\nmin_gap = 90\n[[snooze]]\n");
    assert_eq!(all.len(), 3, "{all:?}");
    assert!(all[1].message.contains("invalid type"), "{}", all[1]);
    assert!(all[2].message.contains("expected a section"), "{}", all[2]);
}

#[test]
fn meal_times_are_read_in_order_and_bad_ones_explained() {
    let (config, _) =
        parse("[meals]\ntimes = [\"19:00\", \"12:30\", \"8\"]\nwindow = \"2h\"\n").expect("valid");
    let times: Vec<String> = config.meals.times.iter().map(ToString::to_string).collect();
    assert_eq!(times, ["08:00", "12:30", "19:00"]);
    assert_eq!(config.meals.window, SignedDuration::from_hours(2));
    assert!(
        Config::defaults().meals.times.is_empty(),
        "no meals unless asked"
    );
    assert_eq!(parse(&config.to_toml()).expect("valid").0, config);

    let d = one_error("[meals]\ntimes = [\"12:30\", \"25:00\"]\n");
    assert_eq!((d.line, d.column), (2, 19));
    assert!(d.message.contains("not a time of day"), "{d}");
    let d = one_error("[meals]\ntimes = [\"12:30\", \"12:30\"]\n");
    assert!(d.message.contains("twice"), "{d}");
    let (_, warnings) =
        parse("[meals]\ntimes = [\"08:00\", \"12:30\", \"19:00\"]\n").expect("valid");
    assert_eq!(
        warnings,
        ["the meal at 19:00 is outside active_hours 09:00-18:00: no reminder is timed for it"]
    );
    let d = one_error("[meals]\nwindow = \"5h\"\n");
    assert!(d.message.contains("between 20m and 3h"), "{d}");
}

/// The documented config and README state the evidence for meal timing as it is, with the
/// safety notes, and promise nothing about fat.
#[test]
fn the_docs_cite_the_evidence_and_the_safety_notes() {
    let readme = include_str!("../../README.md");
    for (doc, text) in [("config.toml", DEFAULT_TOML), ("README.md", readme)] {
        for needle in [
            "Hamilton et al",
            "iScience 25:104869",
            "Elek et al",
            "13:81",
            "control group",
            "sulfonylurea",
            "neuropathy",
            "Achilles",
        ] {
            let flat = text.replace(['*', '\n', '#'], " ").replace("  ", " ");
            assert!(flat.contains(needle), "{doc} lacks {needle:?}");
        }
        assert!(!text.contains("burns fat"), "{doc}");
    }
}

#[test]
fn a_sync_folder_is_off_by_default_and_takes_home_as_tilde() {
    assert_eq!(Config::defaults().history.sync_folder, None);
    assert_eq!(
        super::validate::sync_folder("~/Sync/soleus", Some("/home/u".into())),
        Ok(Some(std::path::PathBuf::from("/home/u/Sync/soleus")))
    );
    assert_eq!(
        super::validate::sync_folder("/srv/Sync", None),
        Ok(Some(std::path::PathBuf::from("/srv/Sync")))
    );
    assert_eq!(super::validate::sync_folder("  ", None), Ok(None));
}

#[test]
fn a_sync_folder_that_cannot_be_used_says_how_to_write_it() {
    let d = one_error("[history]\nsync_folder = \"Sync/soleus\"\n");
    assert_eq!((d.line, d.column), (2, 15));
    assert!(d.message.contains("is a relative path"), "{d}");
    assert!(d.to_string().contains("~/Sync/soleus"), "{d}");
    let d = one_error("[history]\nsync_folder = \"~bob/Sync\"\n");
    assert!(d.message.contains("only your own home"), "{d}");
    let (message, hint) =
        super::validate::sync_folder("~/Sync", None).expect_err("no HOME to expand");
    assert!(message.contains("HOME is not set"), "{message}");
    assert!(hint.contains("full path"), "{hint}");
    let d = one_error("[history]\nsync_folder = 3\n");
    assert!(d.message.contains("string"), "{d}");
}

#[test]
fn the_mako_mode_is_a_name_makoctl_takes() {
    assert_eq!(Config::defaults().context.mako_mode, "do-not-disturb");
    let (config, _) = parse("[context]\nmako_mode = \"focus\"\n").expect("valid");
    assert_eq!(config.context.mako_mode, "focus");
    assert_eq!(parse(&config.to_toml()).expect("valid").0, config);
    for (value, problem) in [
        ("\"\"", "must not be empty"),
        ("\"do not disturb\"", "without spaces"),
        ("\"dnd]\"", "`]`"),
        ("\"a\\tb\"", "control characters"),
    ] {
        let d = one_error(&format!("[context]\nmako_mode = {value}\n"));
        assert_eq!(d.line, 2, "{d}");
        assert!(d.message.contains(problem), "{value}: {d}");
        assert!(d.to_string().contains("makoctl mode -a"), "{d}");
    }
    let long = "m".repeat(65);
    let d = one_error(&format!("[context]\nmako_mode = \"{long}\"\n"));
    assert!(d.message.contains("at most 64 characters, found 65"), "{d}");
    let d = one_error("[context]\nmako_mode = 3\n");
    assert!(d.message.contains("invalid type"), "{d}");
}
