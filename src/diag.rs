//! Diagnostics: problems found in a board's files, each pointing at a file, line and column.
//!
//! Byte spans (as `toml` reports them) are turned into 1-based line and column numbers here, so
//! every message can start with `relative/path.toml:LINE:COL:` as compilers do.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How bad a problem is. Errors make `procboard check` fail (exit code 2); warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The board cannot be used as written.
    Error,
    /// Worth a look, but the board is usable.
    Warning,
}

/// One problem in one file.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Path of the file, relative to the board folder.
    pub file: PathBuf,
    /// 1-based line (0 when the problem concerns the file as a whole).
    pub line: usize,
    /// 1-based column in characters (0 when the problem concerns the file as a whole).
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when we can say.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error about the file as a whole (no position).
    pub fn file_error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: 0,
            column: 0,
            message: message.into(),
            hint: None,
        }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Turns the diagnostic into a warning.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Is it an error?
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// `path:LINE:COL: message`, then `  hint: …` on the next line. Warnings say so after the position.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.file.to_string_lossy().replace('\\', "/");
        if self.line == 0 {
            write!(f, "{path}: ")?;
        } else {
            write!(f, "{path}:{}:{}: ", self.line, self.column)?;
        }
        if self.severity == Severity::Warning {
            write!(f, "warning: ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// One source file, to turn byte offsets into line and column.
///
/// Cloning is cheap (the text and its line index are shared), so code that reports many problems
/// may clone a `Source` per diagnostic without the cost growing with the file.
#[derive(Clone, Debug)]
pub struct Source {
    /// Path relative to the board folder, as shown in messages.
    pub file: PathBuf,
    line_starts: Arc<[usize]>,
    text_len: usize,
    text: Arc<str>,
}

impl Source {
    /// Indexes the line starts of `text`.
    pub fn new(file: impl AsRef<Path>, text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Source {
            file: file.as_ref().to_path_buf(),
            line_starts: line_starts.into(),
            text_len: text.len(),
            text: text.into(),
        }
    }

    /// 1-based (line, column) of a byte offset; column counts characters.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text_len);
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1, // i >= 1 because line_starts[0] == 0 <= offset
        };
        let start = self.line_starts[line];
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, column + 1)
    }

    /// An error at the start of `span`.
    pub fn error(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        let (line, column) = self.position(span.start);
        Diagnostic {
            severity: Severity::Error,
            file: self.file.clone(),
            line,
            column,
            message: message.into(),
            hint: None,
        }
    }
}

/// Sorts diagnostics by file, line and column, so output is stable.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
    });
}

/// The closest of `candidates` to `word`, if close enough to suggest ("did you mean …").
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// "Did you mean …" over a large set of names, at a cost per question that does not grow with the
/// set: the names are sorted once, and a word is compared with at most [`Suggester::NEAR`] names
/// on each side of where it would sort (all of them when the set is small). A misspelling that
/// changes the first letters may then go without a suggestion on a very large board.
#[derive(Clone, Debug, Default)]
pub struct Suggester<'a> {
    sorted: Vec<&'a str>,
}

impl<'a> Suggester<'a> {
    /// Names compared on each side of the word's place in the sorted set.
    pub const NEAR: usize = 128;

    /// Sorts `names` once.
    pub fn new(names: impl IntoIterator<Item = &'a str>) -> Self {
        let mut sorted: Vec<&'a str> = names.into_iter().collect();
        sorted.sort_unstable();
        sorted.dedup();
        Suggester { sorted }
    }

    /// The closest name to `word`, if close enough to suggest.
    pub fn suggest(&self, word: &str) -> Option<&'a str> {
        let at = self.sorted.partition_point(|n| *n < word);
        let from = at.saturating_sub(Self::NEAR);
        let to = at.saturating_add(Self::NEAR).min(self.sorted.len());
        did_you_mean(
            word,
            self.sorted
                .get(from..to)
                .unwrap_or_default()
                .iter()
                .copied(),
        )
    }
}

/// "a, b and c" for hints listing what is declared. Long lists are cut with "…".
pub fn list(items: &[&str]) -> String {
    const MAX: usize = 12;
    let shown: Vec<String> = items.iter().take(MAX).map(|s| format!("`{s}`")).collect();
    let mut out = shown.join(", ");
    if items.len() > MAX {
        out.push_str(&format!(" … ({} in all)", items.len()));
    }
    if out.is_empty() {
        out.push_str("none");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let src = Source::new("b.toml", "a = 1\nnäme = 2\n");
        assert_eq!(src.position(0), (1, 1));
        assert_eq!(src.position(6), (2, 1));
        // "nä" is 3 bytes: the `m` is at byte 9, character column 3.
        assert_eq!(src.position(9), (2, 3));
        assert_eq!(src.position(999), (3, 1));
    }

    #[test]
    fn display_has_position_message_and_hint() {
        let src = Source::new("board.toml", "x\ny = 1\n");
        let d = src
            .error(2..3, "unknown key `y`")
            .with_hint("did you mean `z`?");
        assert_eq!(
            d.to_string(),
            "board.toml:2:1: unknown key `y`\n  hint: did you mean `z`?"
        );
    }

    #[test]
    fn a_suggester_finds_neighbours_in_a_large_set() {
        let names: Vec<String> = (0..100_000).map(|i| format!("m{i:05}")).collect();
        let s = Suggester::new(names.iter().map(String::as_str));
        let got = s.suggest("m0999x").unwrap_or_default();
        assert!(got.starts_with("m09"), "{got}");
        assert_eq!(s.suggest("zzzzzz"), None);
        let small = Suggester::new(["id", "name", "weight"]);
        assert_eq!(small.suggest("nmae"), Some("name"));
    }

    #[test]
    fn cloning_a_source_shares_its_text() {
        let text = "a = 1\n".repeat(1000);
        let src = Source::new("b.toml", &text);
        let copy = src.clone();
        assert!(Arc::ptr_eq(&src.text, &copy.text));
        assert_eq!(copy.position(6), (2, 1));
    }

    #[test]
    fn suggestions_pick_the_closest_name() {
        assert_eq!(did_you_mean("nmae", ["id", "name", "weight"]), Some("name"));
        assert_eq!(did_you_mean("zzz", ["id", "name"]), None);
    }
}
