//! The autostart entries' text, from the templates in `packaging/` (the same files the
//! packages install), with the binary's path put in, quoted the way each format wants.
//! Pure, and compiled on every platform so every format is unit-tested here.

use std::path::{Path, PathBuf};

/// The packaged templates; their binary path is what gets replaced.
pub const SYSTEMD_UNIT: &str = include_str!("../../packaging/soleus.service");
pub const DESKTOP_ENTRY: &str = include_str!("../../packaging/soleus.desktop");
pub const LAUNCHD_PLIST: &str = include_str!("../../packaging/org.soleus.daemon.plist");

const UNIT_EXEC: &str = "ExecStart=/usr/bin/soleus daemon";
const DESKTOP_EXEC: &str = "Exec=env SOLEUS_STARTED_BY=autostart /usr/bin/soleus daemon";
/// Set in the environment of a daemon the XDG entry starts, so `soleus stop` can say so
/// (a desktop entry has no other way to set a variable than `env`).
const DESKTOP_ENV: &str = "env SOLEUS_STARTED_BY=autostart";
const PLIST_PROGRAM: &str = "<string>/usr/local/bin/soleus</string>";

/// A path that no format can carry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the path {0:?} cannot go into an autostart entry (it is not UTF-8 or has a line break); move soleus to a plain path"
)]
pub struct UnusablePath(pub PathBuf);

fn text(bin: &Path) -> Result<&str, UnusablePath> {
    bin.to_str()
        .filter(|s| !s.contains(['\n', '\r']) && !s.is_empty())
        .ok_or_else(|| UnusablePath(bin.to_owned()))
}

/// What an entry runs: `bin daemon`, with `--config PATH` when the user gave one to
/// `autostart enable` (without it the daemon at login would read the default config).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Launch<'a> {
    pub bin: &'a Path,
    pub config: Option<&'a Path>,
}

impl Launch<'_> {
    /// The arguments after the binary, each quoted by `quote`.
    fn args(&self, quote: fn(&str) -> String) -> Result<String, UnusablePath> {
        match self.config {
            Some(config) => Ok(format!("daemon --config {}", quote(text(config)?))),
            None => Ok("daemon".to_owned()),
        }
    }
}

/// The systemd user unit running `bin daemon [--config PATH]`.
pub fn systemd_unit(launch: Launch<'_>) -> Result<String, UnusablePath> {
    let exec = format!(
        "ExecStart={} {}",
        systemd_quote(text(launch.bin)?),
        launch.args(systemd_quote)?
    );
    Ok(SYSTEMD_UNIT.replace(UNIT_EXEC, &exec))
}

/// The XDG autostart entry running `bin daemon [--config PATH]`.
pub fn desktop_entry(launch: Launch<'_>) -> Result<String, UnusablePath> {
    let exec = format!(
        "Exec={DESKTOP_ENV} {} {}",
        desktop_quote(text(launch.bin)?),
        launch.args(desktop_quote)?
    );
    Ok(DESKTOP_ENTRY.replace(DESKTOP_EXEC, &exec))
}

/// The launchd agent running `bin daemon [--config PATH]`.
pub fn launchd_plist(launch: Launch<'_>) -> Result<String, UnusablePath> {
    let program = format!("<string>{}</string>", xml_escape(text(launch.bin)?));
    if let Some(config) = launch.config {
        // The next <string> is `daemon`: the config goes after it.
        let with = format!(
            "<string>daemon</string>\n\t\t<string>--config</string>\n\t\t<string>{}</string>",
            xml_escape(text(config)?)
        );
        return Ok(LAUNCHD_PLIST.replace(PLIST_PROGRAM, &program).replacen(
            "<string>daemon</string>",
            &with,
            1,
        ));
    }
    Ok(LAUNCHD_PLIST.replace(PLIST_PROGRAM, &program))
}

/// The value of the Windows `HKCU\...\Run` entry running `bin daemon [--config PATH]`.
pub fn run_key_value(launch: Launch<'_>) -> Result<String, UnusablePath> {
    Ok(format!(
        "\"{}\" {}",
        text(launch.bin)?,
        launch.args(|s| format!("\"{s}\""))?
    ))
}

/// systemd's command-line quoting: double quotes when needed, with `\` and `"` escaped;
/// `%` doubled (specifiers) and `$` doubled (variable expansion) everywhere.
fn systemd_quote(s: &str) -> String {
    let escaped = s.replace('%', "%%").replace('$', "$$");
    if escaped
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+,:@%$".contains(c))
    {
        return escaped;
    }
    format!("\"{}\"", escaped.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The Desktop Entry spec's Exec quoting: reserved characters need double quotes, inside
/// which `"`, `` ` ``, `$` and `\` take a backslash; `%` is doubled (field codes). Then the
/// whole value is a string, whose own escaping doubles every backslash again.
fn desktop_quote(s: &str) -> String {
    let s = s.replace('%', "%%");
    let reserved = |c: char| " \t\"'\\><~|&;$*?#()`".contains(c);
    let arg = if s.chars().any(reserved) {
        let mut q = String::from("\"");
        for c in s.chars() {
            if matches!(c, '"' | '`' | '$' | '\\') {
                q.push('\\');
            }
            q.push(c);
        }
        q.push('"');
        q
    } else {
        s
    };
    arg.replace('\\', "\\\\")
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// What a systemd unit runs (its `ExecStart`), unquoted.
pub fn unit_launch(unit: &str) -> Option<Launched> {
    let line = unit
        .lines()
        .find_map(|l| l.trim().strip_prefix("ExecStart="))?;
    let line = line.trim_start_matches(['-', '@', ':', '+', '!']);
    Launched::read(line, |w| w.replace("%%", "%").replace("$$", "$"))
}

/// What a desktop entry runs (its `Exec`), unquoted.
pub fn desktop_launch(entry: &str) -> Option<Launched> {
    let line = entry.lines().find_map(|l| l.trim().strip_prefix("Exec="))?;
    let unstringed = line.replace("\\\\", "\\");
    Launched::read(&unstringed, |w| w.replace("%%", "%"))
}

/// The binary a systemd unit runs (its `ExecStart`'s first word), unquoted.
pub fn unit_binary(unit: &str) -> Option<PathBuf> {
    unit_launch(unit).map(|l| l.bin)
}

/// The binary a desktop entry runs (its `Exec`'s first word), unquoted.
pub fn desktop_binary(entry: &str) -> Option<PathBuf> {
    desktop_launch(entry).map(|l| l.bin)
}

/// What an installed entry runs, read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Launched {
    pub bin: PathBuf,
    /// Its `--config PATH`, if any.
    pub config: Option<PathBuf>,
}

impl Launched {
    fn read(line: &str, unescape: fn(&str) -> String) -> Option<Self> {
        let mut words = Vec::new();
        let mut rest = line;
        while let Some((word, after)) = split_word(rest) {
            words.push(unescape(&word));
            rest = after;
        }
        // `env NAME=value ... bin`: the binary is the first word after the assignments.
        let mut words = words.into_iter().peekable();
        if words.peek().is_some_and(|w| w == "env") {
            words.next();
            while words.peek().is_some_and(|w| w.contains('=')) {
                words.next();
            }
        }
        let bin = PathBuf::from(words.next()?);
        let config = words
            .skip_while(|w| w != "--config")
            .nth(1)
            .map(PathBuf::from);
        Some(Self { bin, config })
    }
}

/// The first word of a command line and what follows it: up to a space, or a
/// double-quoted string with backslash escapes.
fn split_word(line: &str) -> Option<(String, &str)> {
    let line = line.trim_start();
    let mut chars = line.char_indices();
    if chars.next()?.1 != '"' {
        let end = line.find(char::is_whitespace).unwrap_or(line.len());
        return Some((line[..end].to_owned(), &line[end..]));
    }
    let mut word = String::new();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => word.push(chars.next()?.1),
            '"' => return Some((word, &line[i + 1..])),
            c => word.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(bin: &str) -> Launch<'_> {
        Launch {
            bin: Path::new(bin),
            config: None,
        }
    }

    #[test]
    fn a_config_given_to_enable_goes_into_every_entry_and_reads_back() {
        for config in [
            "/home/me/dotfiles/soleus.toml",
            "/home/me/my 100% $config.toml",
        ] {
            let launch = Launch {
                bin: Path::new("/usr/bin/soleus"),
                config: Some(Path::new(config)),
            };
            let expected = Some(Launched {
                bin: PathBuf::from("/usr/bin/soleus"),
                config: Some(PathBuf::from(config)),
            });
            let unit = systemd_unit(launch).expect("unit");
            assert_eq!(unit_launch(&unit), expected, "{unit}");
            let entry = desktop_entry(launch).expect("entry");
            assert_eq!(desktop_launch(&entry), expected, "{entry}");
            let plist = launchd_plist(launch).expect("plist");
            assert!(
                plist.contains("<string>daemon</string>\n\t\t<string>--config</string>"),
                "{plist}"
            );
            assert!(
                run_key_value(launch)
                    .expect("value")
                    .ends_with(&format!("daemon --config \"{config}\""))
            );
        }
        let unit = systemd_unit(plain("/usr/bin/soleus")).expect("unit");
        assert_eq!(unit_launch(&unit).and_then(|l| l.config), None);
    }

    #[test]
    fn a_plain_path_goes_in_as_is_and_the_rest_of_the_template_stays() {
        let unit = systemd_unit(plain("/home/me/.cargo/bin/soleus")).expect("unit");
        assert!(
            unit.contains("\nExecStart=/home/me/.cargo/bin/soleus daemon\n"),
            "{unit}"
        );
        assert_eq!(
            unit.replace("/home/me/.cargo/bin/soleus", "/usr/bin/soleus"),
            SYSTEMD_UNIT
        );
        let entry = desktop_entry(plain("/opt/soleus/soleus")).expect("entry");
        assert!(
            entry.contains("\nExec=env SOLEUS_STARTED_BY=autostart /opt/soleus/soleus daemon\n"),
            "{entry}"
        );
        let plist = launchd_plist(plain("/opt/homebrew/bin/soleus")).expect("plist");
        assert!(
            plist.contains("<string>/opt/homebrew/bin/soleus</string>"),
            "{plist}"
        );
        assert_eq!(
            run_key_value(plain(r"C:\Program Files\soleus\soleus.exe")).expect("value"),
            r#""C:\Program Files\soleus\soleus.exe" daemon"#
        );
    }

    #[test]
    fn awkward_paths_are_quoted_and_read_back_the_same() {
        for path in [
            "/home/me/my apps/soleus",
            "/home/me/100%/soleus",
            "/home/me/$HOME/so\"leus",
            "/home/me/back\\slash/soleus",
            "/home/me/tick`/soleus",
            "/plain/soleus",
        ] {
            let p = Path::new(path);
            let unit = systemd_unit(Launch {
                bin: p,
                config: None,
            })
            .expect("unit");
            assert_eq!(unit_binary(&unit).as_deref(), Some(p), "{unit}");
            let entry = desktop_entry(Launch {
                bin: p,
                config: None,
            })
            .expect("entry");
            assert_eq!(desktop_binary(&entry).as_deref(), Some(p), "{entry}");
        }
        let unit = systemd_unit(plain("/a b/100%/soleus")).expect("unit");
        assert!(
            unit.contains("ExecStart=\"/a b/100%%/soleus\" daemon"),
            "{unit}"
        );
        let entry = desktop_entry(plain("/a b/soleus")).expect("entry");
        assert!(
            entry.contains("Exec=env SOLEUS_STARTED_BY=autostart \"/a b/soleus\" daemon"),
            "{entry}"
        );
        let plist = launchd_plist(plain("/a&b/<soleus>")).expect("plist");
        assert!(
            plist.contains("<string>/a&amp;b/&lt;soleus&gt;</string>"),
            "{plist}"
        );
    }

    #[test]
    fn a_path_with_a_line_break_is_refused() {
        let p = Path::new("/tmp/evil\nExecStartPre=/bin/true");
        assert_eq!(
            systemd_unit(Launch {
                bin: p,
                config: None
            }),
            Err(UnusablePath(p.to_owned()))
        );
        assert!(
            desktop_entry(Launch {
                bin: p,
                config: None
            })
            .is_err()
        );
        let config = Launch {
            bin: Path::new("/usr/bin/soleus"),
            config: Some(p),
        };
        assert!(systemd_unit(config).is_err());
    }

    #[test]
    fn the_packaged_templates_hold_the_lines_that_get_replaced() {
        assert!(SYSTEMD_UNIT.contains(UNIT_EXEC));
        assert!(SYSTEMD_UNIT.contains("WantedBy=graphical-session.target"));
        assert!(SYSTEMD_UNIT.contains("PartOf=graphical-session.target"));
        assert!(DESKTOP_ENTRY.contains(DESKTOP_EXEC));
        assert!(LAUNCHD_PLIST.contains(PLIST_PROGRAM));
        assert_eq!(
            unit_binary(SYSTEMD_UNIT).as_deref(),
            Some(Path::new("/usr/bin/soleus"))
        );
        assert_eq!(
            desktop_binary(DESKTOP_ENTRY).as_deref(),
            Some(Path::new("/usr/bin/soleus"))
        );
    }
}
