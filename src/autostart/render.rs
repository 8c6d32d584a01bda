//! The autostart entries' text, from the templates in `packaging/` (the same files the
//! packages install), with the binary's path put in, quoted the way each format wants.
//! Pure, and compiled on every platform so every format is unit-tested here.

use std::path::{Path, PathBuf};

/// The packaged templates; their binary path is what gets replaced.
pub const SYSTEMD_UNIT: &str = include_str!("../../packaging/soleus.service");
pub const DESKTOP_ENTRY: &str = include_str!("../../packaging/soleus.desktop");
pub const LAUNCHD_PLIST: &str = include_str!("../../packaging/org.soleus.daemon.plist");

const UNIT_EXEC: &str = "ExecStart=/usr/bin/soleus daemon";
const DESKTOP_EXEC: &str = "Exec=/usr/bin/soleus daemon";
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

/// The systemd user unit running `bin daemon`.
pub fn systemd_unit(bin: &Path) -> Result<String, UnusablePath> {
    let exec = format!("ExecStart={} daemon", systemd_quote(text(bin)?));
    Ok(SYSTEMD_UNIT.replace(UNIT_EXEC, &exec))
}

/// The XDG autostart entry running `bin daemon`.
pub fn desktop_entry(bin: &Path) -> Result<String, UnusablePath> {
    let exec = format!("Exec={} daemon", desktop_quote(text(bin)?));
    Ok(DESKTOP_ENTRY.replace(DESKTOP_EXEC, &exec))
}

/// The launchd agent running `bin daemon`.
pub fn launchd_plist(bin: &Path) -> Result<String, UnusablePath> {
    let program = format!("<string>{}</string>", xml_escape(text(bin)?));
    Ok(LAUNCHD_PLIST.replace(PLIST_PROGRAM, &program))
}

/// The value of the Windows `HKCU\...\Run` entry running `bin daemon`.
pub fn run_key_value(bin: &Path) -> Result<String, UnusablePath> {
    Ok(format!("\"{}\" daemon", text(bin)?))
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

/// The binary a systemd unit runs (its `ExecStart`'s first word), unquoted.
pub fn unit_binary(unit: &str) -> Option<PathBuf> {
    let line = unit
        .lines()
        .find_map(|l| l.trim().strip_prefix("ExecStart="))?;
    let line = line.trim_start_matches(['-', '@', ':', '+', '!']);
    first_word(line).map(|w| PathBuf::from(w.replace("%%", "%").replace("$$", "$")))
}

/// The binary a desktop entry runs (its `Exec`'s first word), unquoted.
pub fn desktop_binary(entry: &str) -> Option<PathBuf> {
    let line = entry.lines().find_map(|l| l.trim().strip_prefix("Exec="))?;
    let unstringed = line.replace("\\\\", "\\");
    first_word(&unstringed).map(|w| PathBuf::from(w.replace("%%", "%")))
}

/// The first word of a command line: up to a space, or a double-quoted string with
/// backslash escapes.
fn first_word(line: &str) -> Option<String> {
    let mut chars = line.trim_start().chars();
    let mut word = String::new();
    match chars.next()? {
        '"' => {
            while let Some(c) = chars.next() {
                match c {
                    '\\' => word.push(chars.next()?),
                    '"' => return Some(word),
                    c => word.push(c),
                }
            }
            None
        }
        c => {
            word.push(c);
            word.extend(chars.take_while(|c| !c.is_whitespace()));
            Some(word)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_path_goes_in_as_is_and_the_rest_of_the_template_stays() {
        let unit = systemd_unit(Path::new("/home/me/.cargo/bin/soleus")).expect("unit");
        assert!(
            unit.contains("\nExecStart=/home/me/.cargo/bin/soleus daemon\n"),
            "{unit}"
        );
        assert_eq!(
            unit.replace("/home/me/.cargo/bin/soleus", "/usr/bin/soleus"),
            SYSTEMD_UNIT
        );
        let entry = desktop_entry(Path::new("/opt/soleus/soleus")).expect("entry");
        assert!(
            entry.contains("\nExec=/opt/soleus/soleus daemon\n"),
            "{entry}"
        );
        let plist = launchd_plist(Path::new("/opt/homebrew/bin/soleus")).expect("plist");
        assert!(
            plist.contains("<string>/opt/homebrew/bin/soleus</string>"),
            "{plist}"
        );
        assert_eq!(
            run_key_value(Path::new(r"C:\Program Files\soleus\soleus.exe")).expect("value"),
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
            let unit = systemd_unit(p).expect("unit");
            assert_eq!(unit_binary(&unit).as_deref(), Some(p), "{unit}");
            let entry = desktop_entry(p).expect("entry");
            assert_eq!(desktop_binary(&entry).as_deref(), Some(p), "{entry}");
        }
        let unit = systemd_unit(Path::new("/a b/100%/soleus")).expect("unit");
        assert!(
            unit.contains("ExecStart=\"/a b/100%%/soleus\" daemon"),
            "{unit}"
        );
        let entry = desktop_entry(Path::new("/a b/soleus")).expect("entry");
        assert!(entry.contains("Exec=\"/a b/soleus\" daemon"), "{entry}");
        let plist = launchd_plist(Path::new("/a&b/<soleus>")).expect("plist");
        assert!(
            plist.contains("<string>/a&amp;b/&lt;soleus&gt;</string>"),
            "{plist}"
        );
    }

    #[test]
    fn a_path_with_a_line_break_is_refused() {
        let p = Path::new("/tmp/evil\nExecStartPre=/bin/true");
        assert_eq!(systemd_unit(p), Err(UnusablePath(p.to_owned())));
        assert!(desktop_entry(p).is_err());
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
