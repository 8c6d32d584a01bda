//! soleus's icon: `packaging/soleus.svg`, installed by the .deb as
//! `/usr/share/icons/hicolor/scalable/apps/soleus.svg`. Sent by absolute path when a copy is
//! found under the XDG data folders, because a path works on every server while a theme
//! name works only where the server's icon theme looks (and not at all with
//! `cargo install`, which installs no icon); the theme name is the fallback.

use std::path::{Path, PathBuf};

/// The icon's theme name, and its file name under `icons/hicolor/scalable/apps/`.
pub const NAME: &str = "soleus";

/// Where the icon is, given `XDG_DATA_HOME`, `HOME` and `XDG_DATA_DIRS` (empty = unset).
pub fn find(data_home: &str, home: &str, data_dirs: &str) -> Option<PathBuf> {
    let home_data = if data_home.is_empty() {
        (!home.is_empty()).then(|| Path::new(home).join(".local/share"))
    } else {
        Some(PathBuf::from(data_home))
    };
    let dirs = if data_dirs.is_empty() {
        "/usr/local/share:/usr/share"
    } else {
        data_dirs
    };
    home_data
        .into_iter()
        .chain(dirs.split(':').filter(|d| !d.is_empty()).map(PathBuf::from))
        .map(|d| {
            d.join("icons/hicolor/scalable/apps")
                .join(format!("{NAME}.svg"))
        })
        .find(|p| p.is_file())
}

/// [`find`] with the process's environment.
pub fn from_process() -> Option<PathBuf> {
    let var = |name| std::env::var(name).unwrap_or_default();
    find(&var("XDG_DATA_HOME"), &var("HOME"), &var("XDG_DATA_DIRS"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_user_folder_comes_before_the_system_ones() {
        let root = tempfile::tempdir().expect("tempdir");
        let place = |dir: &str| {
            let apps = root.path().join(dir).join("icons/hicolor/scalable/apps");
            std::fs::create_dir_all(&apps).expect("mkdir");
            std::fs::write(apps.join("soleus.svg"), "<svg/>").expect("write");
            apps.join("soleus.svg")
        };
        let at = |d: &str| root.path().join(d).to_string_lossy().into_owned();
        let system = place("sys");
        assert_eq!(find("", "", &at("sys")), Some(system.clone()));
        assert_eq!(
            find(&at("none"), "", &format!("{}:", at("sys"))),
            Some(system)
        );
        let user = place("user");
        assert_eq!(find(&at("user"), "", &at("sys")), Some(user));
        assert_eq!(find(&at("none"), "", &at("none2")), None);
    }
}
