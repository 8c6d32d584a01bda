//! `--help` for every subcommand.

use crate::*;

#[test]
fn help_teaches_the_movement_and_every_subcommand_has_an_example() {
    let s = Sandbox::new();
    let o = s.run(&["--help"]);
    assert_exit(&o, 0);
    let text = stdout(&o);
    assert!(
        text.contains("Raise your") && text.contains("heels slowly"),
        "{text}"
    );
    for sub in ["log", "stats", "simulate", "config"] {
        assert!(text.contains(sub), "{sub} missing from --help");
        let o = s.run(&[sub, "--help"]);
        assert!(
            stdout(&o).contains("Examples:") || stdout(&o).contains("Commands:"),
            "{sub} --help has no example"
        );
    }
}
