//! The README's snippets, run as written: its code blocks, and their `soleus` command
//! lines pointed at a test's sandbox.

use super::Sandbox;

/// The first fenced block of `lang` after the README line that starts with `after`.
pub fn readme_block(after: &str, lang: &str) -> String {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let from = readme
        .lines()
        .position(|l| l.starts_with(after))
        .unwrap_or_else(|| panic!("README has no line starting with {after:?}"));
    readme
        .lines()
        .skip(from)
        .skip_while(|l| *l != format!("```{lang}"))
        .skip(1)
        .take_while(|l| *l != "```")
        .collect::<Vec<_>>()
        .join("\n")
}

/// A command line of a README snippet, run in `sandbox`: `soleus` becomes this build with
/// the sandbox's folders and time zone, as the tests' own commands have them.
pub fn in_sandbox(line: &str, sandbox: &Sandbox) -> String {
    let env = [
        "XDG_CONFIG_HOME",
        "XDG_STATE_HOME",
        "XDG_DATA_HOME",
        "XDG_RUNTIME_DIR",
    ]
    .iter()
    .zip(["config", "state", "data", "run"])
    .map(|(k, d)| format!("{k}={}", sandbox.path().join(d).display()))
    .collect::<Vec<_>>()
    .join(" ");
    let rest = line
        .strip_prefix("soleus ")
        .unwrap_or_else(|| panic!("a snippet's command runs soleus: {line:?}"));
    format!(
        "env TZ=Europe/Berlin {env} {} {rest}",
        env!("CARGO_BIN_EXE_soleus")
    )
}
