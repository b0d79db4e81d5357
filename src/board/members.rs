//! Reading a large `board.toml` in little memory.
//!
//! The `toml` crate builds the whole document (every table, key and value with its position, and
//! before that the list of its parse events) before the model is read from it: some fifty times
//! the file's size. In a large board nearly all of the file is its `[[member]]` tables, so those
//! are parsed in batches of [`BATCH`] members, and the rest of the file once with the members
//! blanked out (spaces, so that every position stays the file's own). Positions in the members
//! are moved back to the file's.
//!
//! Anything out of the ordinary (a problem in any part, a member written another way, a table
//! under `member`) gives `None`, and the caller parses the whole file as usual: the diagnostics
//! are then exactly those of a whole parse.

use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::model::{BoardFile, Member};
use crate::diag::Source;

/// Files at least this large are read in parts; smaller ones whole.
pub const PARTS_FROM: usize = 1024 * 1024;

/// Members parsed at a time.
const BATCH: usize = 1024;

/// A batch of members.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Batch {
    member: Vec<Member>,
}

/// `board.toml`'s text parsed in parts, or `None` (parse it whole).
pub fn parse_board(rel: &Path, text: &str) -> Option<BoardFile> {
    let runs = member_runs(text)?;
    if runs.is_empty() {
        return None;
    }
    let mut head = text.as_bytes().to_vec();
    for r in &runs {
        head[r.clone()].fill(b' ');
    }
    // Only ASCII bytes were replaced by ASCII spaces, at line starts: still UTF-8.
    let head = String::from_utf8(head).ok()?;
    let mut file = whole::<BoardFile>(rel, &head)?;
    drop(head);
    if !file.members.is_empty() {
        return None;
    }
    let runs: Vec<Vec<usize>> = runs
        .into_iter()
        .map(|run| {
            let mut starts = header_starts(text, run.clone());
            starts.push(run.end);
            starts
        })
        .collect();
    // One allocation of the right size: growing by doubling would hold up to twice the members.
    file.members
        .reserve_exact(runs.iter().map(|s| s.len() - 1).sum());
    for starts in runs {
        let tables = starts.len() - 1;
        for k in (0..tables).step_by(BATCH) {
            let range = starts[k]..starts[(k + BATCH).min(tables)];
            let batch = whole::<Batch>(rel, &text[range.clone()])?;
            file.members
                .extend(batch.member.into_iter().map(|m| shift(m, range.start)));
        }
    }
    Some(file)
}

/// `text` parsed whole as `T`, if it has no problem at all.
fn whole<T: serde::de::DeserializeOwned>(rel: &Path, text: &str) -> Option<T> {
    let source = Source::new(rel, text);
    match super::parse::parse::<T>(&source, text) {
        (Some(v), diags) if diags.is_empty() => Some(v),
        _ => None,
    }
}

/// The byte ranges of the runs of consecutive `[[member]]` tables (each from its header's line
/// to the next header that is not a member's, or the end); `None` when the text is not plain
/// enough to split safely.
fn member_runs(text: &str) -> Option<Vec<Range<usize>>> {
    let mut runs: Vec<Range<usize>> = Vec::new();
    let mut open: Option<usize> = None;
    for (at, line) in headers(text)? {
        let member = is_member_header(line);
        if !member && line.contains("member") {
            // `[member.x]`, `[[member.x]]`, `[ member ]`…: read whole.
            return None;
        }
        match (member, open) {
            (true, None) => open = Some(at),
            (false, Some(start)) => {
                runs.push(start..at);
                open = None;
            }
            _ => {}
        }
    }
    if let Some(start) = open {
        runs.push(start..text.len());
    }
    Some(runs)
}

/// The starts of the `[[member]]` header lines inside `run`.
fn header_starts(text: &str, run: Range<usize>) -> Vec<usize> {
    headers(&text[run.clone()])
        .unwrap_or_default()
        .into_iter()
        .map(|(at, _)| run.start + at)
        .collect()
}

/// `[[member]]`, then only blanks or a comment.
fn is_member_header(line: &str) -> bool {
    line.strip_prefix("[[member]]").is_some_and(|rest| {
        let rest = rest.trim_start_matches([' ', '\t']);
        rest.is_empty() || rest.starts_with('#') || rest == "\r"
    })
}

/// Every table header of `text` (a line whose first non-blank is `[`, outside strings and
/// values): the start of its line and the header's text up to the end of the line. `None` for
/// an unterminated string or bracket.
fn headers(text: &str) -> Option<Vec<(usize, &str)>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut depth = 0usize;
    let mut line_start = true;
    while i < b.len() {
        if line_start {
            line_start = false;
            let start = i;
            while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
                i += 1;
            }
            if depth == 0 && b.get(i) == Some(&b'[') {
                let end = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |k| i + k);
                let line = &text[i..end];
                if line.contains(['"', '\'']) {
                    return None; // quoted keys in a header: read whole
                }
                out.push((start, line));
                i = end;
                continue;
            }
            continue;
        }
        match b[i] {
            b'\n' => {
                line_start = true;
                i += 1;
            }
            b'#' => i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |k| i + k),
            b'"' if b[i..].starts_with(b"\"\"\"") => i = close_multi(b, i + 3, b'"')?,
            b'\'' if b[i..].starts_with(b"'''") => i = close_multi(b, i + 3, b'\'')?,
            b'"' | b'\'' => i = close_single(b, i + 1, b[i])?,
            b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b']' | b'}' => {
                depth = depth.checked_sub(1)?;
                i += 1;
            }
            _ => i += 1,
        }
    }
    (depth == 0).then_some(out)
}

/// Past the end of a one-line string opened before `i` with `quote`.
fn close_single(b: &[u8], mut i: usize, quote: u8) -> Option<usize> {
    while i < b.len() {
        match b[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\n' => return None,
            c if c == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// Past the end of a multi-line string opened before `i` with three `quote`s (up to two more
/// quotes just before the closing three belong to the string).
fn close_multi(b: &[u8], mut i: usize, quote: u8) -> Option<usize> {
    let three = [quote; 3];
    while i < b.len() {
        if b[i] == b'\\' && quote == b'"' {
            i += 2;
        } else if b[i..].starts_with(&three) {
            let mut end = i + 3;
            while end < b.len() && b[end] == quote && end < i + 5 {
                end += 1;
            }
            return Some(end);
        } else {
            i += 1;
        }
    }
    None
}

fn moved<T>(s: Spanned<T>, by: usize) -> Spanned<T> {
    let span = s.span();
    Spanned::new(span.start + by..span.end + by, s.into_inner())
}

/// The member with its positions moved `by` bytes (from its batch's text to the file's). Every
/// `Spanned` field of [`Member`] is listed here; the test below holds it to a whole parse.
fn shift(m: Member, by: usize) -> Member {
    Member {
        id: moved(m.id, by),
        name: m.name,
        jurisdiction: m.jurisdiction.map(|s| moved(s, by)),
        population: m.population.map(|s| moved(s, by)),
        contribution: m.contribution.map(|s| moved(s, by)),
        weight: m.weight.map(|s| moved(s, by)),
        delegates: m.delegates,
        alternates: m.alternates,
        joined: m.joined.map(|s| moved(s, by)),
        left: m.left.map(|s| moved(s, by)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "[board]\nid = \"b\"\nname = \"B [x]\"\ntime_zone = \"Europe/Brussels\"\ncurrency = \"EUR\"\nsecretary = \"S\"\n\n[weights]\nmethod = \"fixed\"\n\n";

    fn member(i: usize) -> String {
        format!(
            "[[member]] # no. {i}\nid = \"m{i}\"\nname = \"\"\"M {i}\n[[member]]\"\"\"\njurisdiction = \"j\"\npopulation = {i}\ncontribution = 1.5\nweight = {}\ndelegates = [\n  \"D {i}\",\n]\nalternates = ['A']\njoined = 2020-01-0{}\nleft = 2030-01-01\n\n",
            1 + i % 3,
            1 + i % 9
        )
    }

    #[test]
    fn parts_read_as_the_whole_file_does() {
        let mut text = HEAD.to_string();
        for i in 0..2500 {
            text.push_str(&member(i));
        }
        text.push_str("[decisions.default]\nmajority = \"votes_cast\"\n");
        let rel = Path::new("board.toml");
        let parts = parse_board(rel, &text).expect("read in parts");
        let whole = whole::<BoardFile>(rel, &text).expect("read whole");
        assert_eq!(parts.members.len(), 2500);
        assert_eq!(format!("{parts:?}"), format!("{whole:?}"));
    }

    #[test]
    fn anything_unusual_is_read_whole() {
        let rel = Path::new("board.toml");
        // A header inside a multi-line string is no header.
        let m = format!("{HEAD}{}", member(1));
        assert_eq!(member_runs(&m).unwrap().len(), 1);
        // A table under member, quoted keys, a problem in a member, an unterminated string.
        for text in [
            format!("{m}[member.x]\na = 1\n"),
            format!("{m}[\"quoted\"]\n"),
            format!("{m}[[member]]\nid = 1\n"),
            format!("{m}x = \"open\n"),
        ] {
            assert!(parse_board(rel, &text).is_none(), "{text}");
        }
    }
}
