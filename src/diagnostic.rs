//! Errors that point into a file the user edits: `path:line:column: message`, the offending
//! line with a caret under the spot, and a hint on how to fix it.
//!
//! Shared by the config file and simulation traces, so both read the same way.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// One problem at one place in a text file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
    /// The text of the offending line, for the caret display.
    pub source_line: String,
}

impl Diagnostic {
    /// Builds a diagnostic for the byte range `span` of `text` (clamped to the text).
    pub fn at(
        path: &Path,
        text: &str,
        span: Range<usize>,
        message: impl Into<String>,
        hint: Option<String>,
    ) -> Self {
        let offset = floor_char_boundary(text, span.start.min(text.len()));
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        Self {
            path: path.to_owned(),
            line: text[..offset].matches('\n').count() + 1,
            column: text[line_start..offset].chars().count() + 1,
            message: message.into(),
            hint,
            source_line: text[line_start..line_end].trim_end_matches('\r').to_owned(),
        }
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}:{}:{}: {}",
            self.path.display(),
            self.line,
            self.column,
            self.message
        )?;
        let number = self.line.to_string();
        let pad = " ".repeat(number.len());
        writeln!(f, "{pad} |")?;
        writeln!(f, "{number} | {}", self.source_line)?;
        write!(f, "{pad} | {}^", " ".repeat(self.column - 1))?;
        if let Some(hint) = &self.hint {
            write!(f, "\n{pad} = hint: {hint}")?;
        }
        Ok(())
    }
}

/// Renders several diagnostics, separated by blank lines.
pub fn render_all(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The closest candidate to `input` by edit distance, if it is close enough to be a typo.
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (input.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (edit_distance(input, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_at_line_and_column() {
        let text = "[a]\nkey = 9\n";
        let d = Diagnostic::at(Path::new("f.toml"), text, 10..11, "bad", Some("fix".into()));
        assert_eq!((d.line, d.column), (2, 7));
        assert_eq!(
            d.to_string(),
            "f.toml:2:7: bad\n  |\n2 | key = 9\n  |       ^\n  = hint: fix"
        );
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "é = x";
        let d = Diagnostic::at(Path::new("f"), text, 5..6, "m", None);
        assert_eq!(d.column, 5);
    }

    #[test]
    fn suggests_close_names_only() {
        let keys = ["sets_per_day", "min_gap", "active_hours"];
        assert_eq!(closest("set_per_day", keys), Some("sets_per_day"));
        assert_eq!(closest("mingap", keys), Some("min_gap"));
        assert_eq!(closest("colour", keys), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
