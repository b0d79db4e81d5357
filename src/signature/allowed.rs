//! The board's `allowed_signers` file, in OpenSSH's format (`ssh-keygen(1)`, ALLOWED SIGNERS):
//!
//! ```text
//! # comment
//! principal[,principal…] [option[,option…]] key-type base64-key [comment]
//! ```
//!
//! Options read: `namespaces="a,b"`, `valid-after="YYYYMMDD[HHMM[SS]][Z]"`,
//! `valid-before="…"`. Times ending in `Z` are UTC; others are read in the board's time zone
//! (OpenSSH reads them in the machine's zone: write `Z` to make both agree). Refused, with the
//! line and column: `cert-authority` (certificates are not supported), wildcard principals,
//! unknown options, keys that do not parse. `ssh-key` has no parser for this file, hence this one.

use std::path::Path;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use ssh_key::PublicKey;

use crate::diag::Diagnostic;

/// File name of the board's signers, at the board's root.
pub const FILE: &str = "allowed_signers";

/// The board's time zone (UTC if it does not parse; the board check refuses that).
pub fn board_tz(board: &crate::board::Board) -> Tz {
    board
        .file
        .board
        .time_zone
        .get_ref()
        .parse()
        .unwrap_or(chrono_tz::UTC)
}

/// Reads and parses the board's `allowed_signers`: the parsed file and its bytes, or a message
/// (with the diagnostics and a hint) saying why not.
pub fn load(board: &crate::board::Board) -> Result<(AllowedSigners, Vec<u8>), String> {
    let path = board.root.join(FILE);
    let bytes = crate::limits::read_inside(&board.root, Path::new(FILE), crate::limits::SIGNERS_MAX)
        .map_err(|e| {
            let hint = match e {
                crate::limits::ReadError::Link { .. } | crate::limits::ReadError::TooLarge { .. } => e.hint(),
                _ => "the board's allowed_signers lists each signer's principal and public key (docs/minutes.md)",
            };
            format!("cannot read {}: {e}\n  hint: {hint}", path.display())
        })?;
    let text = String::from_utf8_lossy(&bytes);
    let parsed = AllowedSigners::parse(&text, FILE).map_err(|diags| {
        diags
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    Ok((parsed, bytes))
}

/// A `valid-after` / `valid-before` time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stamp {
    /// Written with `Z`.
    Utc(DateTime<Utc>),
    /// Written without `Z`: in the board's time zone.
    Local(NaiveDateTime),
}

impl Stamp {
    fn instant(self, tz: Tz) -> Option<DateTime<Utc>> {
        match self {
            Stamp::Utc(t) => Some(t),
            Stamp::Local(t) => tz
                .from_local_datetime(&t)
                .earliest()
                .map(|x| x.with_timezone(&Utc)),
        }
    }
}

/// One line of `allowed_signers`.
#[derive(Clone, Debug)]
pub struct Entry {
    /// 1-based line.
    pub line: usize,
    /// Principals.
    pub principals: Vec<String>,
    /// Namespaces allowed (none: all).
    pub namespaces: Option<Vec<String>>,
    /// Valid from.
    pub valid_after: Option<Stamp>,
    /// Valid until.
    pub valid_before: Option<Stamp>,
    /// The key.
    pub key: PublicKey,
}

impl Entry {
    /// Whether the entry allows `namespace` at instant `at` (times without `Z` in `tz`).
    pub fn allows(&self, namespace: &str, at: DateTime<Utc>, tz: Tz) -> Result<(), String> {
        if let Some(ns) = &self.namespaces
            && !ns.iter().any(|n| n == namespace)
        {
            return Err(format!(
                "allowed_signers line {} does not allow namespace `{namespace}` (namespaces=\"{}\")",
                self.line,
                ns.join(",")
            ));
        }
        if let Some(after) = self.valid_after.and_then(|s| s.instant(tz))
            && at < after
        {
            return Err(format!(
                "allowed_signers line {}: the key is valid only after {} and the meeting was at {}",
                self.line,
                after.format("%Y-%m-%d %H:%M:%SZ"),
                at.format("%Y-%m-%d %H:%M:%SZ")
            ));
        }
        if let Some(before) = self.valid_before.and_then(|s| s.instant(tz))
            && at >= before
        {
            return Err(format!(
                "allowed_signers line {}: the key is valid only before {} and the meeting was at {}",
                self.line,
                before.format("%Y-%m-%d %H:%M:%SZ"),
                at.format("%Y-%m-%d %H:%M:%SZ")
            ));
        }
        Ok(())
    }
}

/// The parsed file.
#[derive(Clone, Debug, Default)]
pub struct AllowedSigners {
    /// Entries in file order.
    pub entries: Vec<Entry>,
}

impl AllowedSigners {
    /// The entries holding `key` (compared by key data, comments aside).
    pub fn with_key<'a>(
        &'a self,
        key: &'a ssh_key::public::KeyData,
    ) -> impl Iterator<Item = &'a Entry> {
        self.entries.iter().filter(move |e| e.key.key_data() == key)
    }

    /// Parses the file's text; `file` names it in diagnostics.
    pub fn parse(text: &str, file: &str) -> Result<AllowedSigners, Vec<Diagnostic>> {
        let mut entries = Vec::new();
        let mut diags = Vec::new();
        for (n, raw) in text.split('\n').enumerate() {
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            let trimmed = line.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            match parse_line(line, n + 1) {
                Ok(e) => entries.push(e),
                Err((col, msg, hint)) => {
                    let mut d = Diagnostic::file_error(file, msg);
                    d.line = n + 1;
                    d.column = col;
                    diags.push(match hint {
                        Some(h) => d.with_hint(h),
                        None => d,
                    });
                }
            }
        }
        if diags.is_empty() {
            Ok(AllowedSigners { entries })
        } else {
            Err(diags)
        }
    }
}

type LineError = (usize, String, Option<String>);

/// Splits on blanks outside double quotes; gives each token with its 1-based column.
fn tokens(line: &str) -> Result<Vec<(usize, String)>, LineError> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut start = 0;
    let mut in_quote = false;
    for (i, ch) in line.chars().enumerate() {
        if ch == '"' {
            in_quote = !in_quote;
        }
        if !in_quote && (ch == ' ' || ch == '\t') {
            if !cur.is_empty() {
                out.push((start + 1, std::mem::take(&mut cur)));
            }
            continue;
        }
        if cur.is_empty() {
            start = i;
        }
        cur.push(ch);
    }
    if in_quote {
        return Err((start + 1, "unterminated quote".into(), None));
    }
    if !cur.is_empty() {
        out.push((start + 1, cur));
    }
    Ok(out)
}

fn is_key_type(s: &str) -> bool {
    s.starts_with("ssh-") || s.starts_with("ecdsa-") || s.starts_with("sk-")
}

/// Splits options on commas outside quotes.
fn split_options(s: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut start = 0;
    let mut in_quote = false;
    for (i, ch) in s.chars().enumerate() {
        if ch == '"' {
            in_quote = !in_quote;
        }
        if ch == ',' && !in_quote {
            out.push((start, std::mem::take(&mut cur)));
            start = i + 1;
            continue;
        }
        cur.push(ch);
    }
    out.push((start, cur));
    out
}

fn unquote(s: &str) -> &str {
    s.strip_prefix('"')
        .and_then(|x| x.strip_suffix('"'))
        .unwrap_or(s)
}

/// Reads `YYYYMMDD[HHMM[SS]][Z]`.
pub fn parse_stamp(s: &str) -> Option<Stamp> {
    let (digits, utc) = match s.strip_suffix(['Z', 'z']) {
        Some(d) => (d, true),
        None => (s, false),
    };
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let num = |r: std::ops::Range<usize>| digits.get(r).and_then(|x| x.parse::<u32>().ok());
    let date = NaiveDate::from_ymd_opt(num(0..4)? as i32, num(4..6)?, num(6..8)?)?;
    let (h, m, sec) = match digits.len() {
        8 => (0, 0, 0),
        12 => (num(8..10)?, num(10..12)?, 0),
        14 => (num(8..10)?, num(10..12)?, num(12..14)?),
        _ => return None,
    };
    let t = date.and_hms_opt(h, m, sec)?;
    Some(if utc {
        Stamp::Utc(Utc.from_utc_datetime(&t))
    } else {
        Stamp::Local(t)
    })
}

fn parse_line(line: &str, n: usize) -> Result<Entry, LineError> {
    let toks = tokens(line)?;
    let Some((pcol, principals)) = toks.first() else {
        return Err((1, "empty line".into(), None));
    };
    let mut rest = &toks[1..];
    let mut entry_opts: Option<&(usize, String)> = None;
    if let Some(t) = rest.first()
        && !is_key_type(&t.1)
    {
        entry_opts = Some(t);
        rest = &rest[1..];
    }
    let Some((kcol, ktype)) = rest.first() else {
        return Err((
            line.len() + 1,
            "expected a key (e.g. `ssh-ed25519 AAAA…`) after the principals".into(),
            Some("each line is: principals [options] key-type base64-key [comment]".into()),
        ));
    };
    if !is_key_type(ktype) {
        return Err((
            *kcol,
            format!("`{ktype}` is not a key type"),
            Some("expected ssh-ed25519 (or another OpenSSH key type)".into()),
        ));
    }
    let Some((_, b64)) = rest.get(1) else {
        return Err((line.len() + 1, format!("no key data after `{ktype}`"), None));
    };
    let key = PublicKey::from_openssh(&format!("{ktype} {b64}"))
        .map_err(|e| (*kcol, format!("the key does not parse: {e}"), None))?;
    let mut ps = Vec::new();
    for p in unquote(principals).split(',') {
        if p.is_empty() {
            return Err((*pcol, "empty principal".into(), None));
        }
        if p.contains(['*', '?', '!']) {
            return Err((
                *pcol,
                format!("principal pattern `{p}` is not supported"),
                Some("list each principal exactly".into()),
            ));
        }
        ps.push(p.to_string());
    }
    let mut entry = Entry {
        line: n,
        principals: ps,
        namespaces: None,
        valid_after: None,
        valid_before: None,
        key,
    };
    if let Some((ocol, opts)) = entry_opts {
        for (off, opt) in split_options(opts) {
            let col = ocol + off;
            let (name, value) = match opt.split_once('=') {
                Some((k, v)) => (k.to_ascii_lowercase(), Some(unquote(v).to_string())),
                None => (opt.to_ascii_lowercase(), None),
            };
            match (name.as_str(), value) {
                ("namespaces", Some(v)) => {
                    entry.namespaces = Some(v.split(',').map(str::to_string).collect());
                }
                ("valid-after" | "valid-before", Some(v)) => {
                    let stamp = parse_stamp(&v).ok_or_else(|| {
                        (
                            col,
                            format!("`{name}` time `{v}` is not YYYYMMDD[HHMM[SS]][Z]"),
                            Some("e.g. valid-after=\"20250101\"".into()),
                        )
                    })?;
                    if name == "valid-after" {
                        entry.valid_after = Some(stamp);
                    } else {
                        entry.valid_before = Some(stamp);
                    }
                }
                ("cert-authority", None) => {
                    return Err((
                        col,
                        "`cert-authority` is not supported: list each signer's own key".into(),
                        None,
                    ));
                }
                _ => {
                    return Err((
                        col,
                        format!("unknown option `{opt}`"),
                        Some(
                            "options: namespaces=\"…\", valid-after=\"…\", valid-before=\"…\""
                                .into(),
                        ),
                    ));
                }
            }
        }
    }
    Ok(entry)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMewUvhM9hbWzCUioV6cVsTq5sQWDYakrM30bU3flsrB";

    #[test]
    fn reads_principals_options_and_key() {
        let text = format!(
            "# demo\n\na@x.example,b@x.example namespaces=\"minutes@procboard\",valid-after=\"20250101\",valid-before=\"20260101Z\" {KEY} comment\n"
        );
        let s = AllowedSigners::parse(&text, "allowed_signers").unwrap();
        let e = &s.entries[0];
        assert_eq!(e.line, 3);
        assert_eq!(e.principals, ["a@x.example", "b@x.example"]);
        assert_eq!(
            e.namespaces.as_deref(),
            Some(&["minutes@procboard".to_string()][..])
        );
        assert!(matches!(e.valid_after, Some(Stamp::Local(_))));
        assert!(matches!(e.valid_before, Some(Stamp::Utc(_))));
        let tz: Tz = "Europe/Brussels".parse().unwrap();
        let at = Utc.with_ymd_and_hms(2025, 6, 1, 12, 0, 0).unwrap();
        assert!(e.allows("minutes@procboard", at, tz).is_ok());
        assert!(e.allows("file", at, tz).is_err());
        let late = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        assert!(e.allows("minutes@procboard", late, tz).is_err());
        // 2024-12-31 23:30 UTC is already 2025-01-01 in Brussels.
        let edge = Utc.with_ymd_and_hms(2024, 12, 31, 23, 30, 0).unwrap();
        assert!(e.allows("minutes@procboard", edge, tz).is_ok());
    }

    #[test]
    fn refuses_with_line_and_column() {
        let text = format!(
            "ok@x {KEY}\nbad@x frobnicate {KEY}\nc@x cert-authority {KEY}\nd@x ssh-ed25519\ne* {KEY}\nf@x valid-after=\"2025\" {KEY}\n"
        );
        let d = AllowedSigners::parse(&text, "allowed_signers").unwrap_err();
        let got: Vec<String> = d.iter().map(ToString::to_string).collect();
        assert_eq!(d.len(), 5, "{got:?}");
        assert!(
            got[0].starts_with("allowed_signers:2:7: unknown option `frobnicate`"),
            "{got:?}"
        );
        assert!(
            got[1].starts_with("allowed_signers:3:5: `cert-authority` is not supported"),
            "{got:?}"
        );
        assert!(got[2].starts_with("allowed_signers:4:"), "{got:?}");
        assert!(got[3].contains("pattern"), "{got:?}");
        assert!(got[4].starts_with("allowed_signers:6:5:"), "{got:?}");
    }

    #[test]
    fn stamps() {
        assert!(parse_stamp("20250101").is_some());
        assert!(parse_stamp("202501011230").is_some());
        assert!(parse_stamp("20250101123045Z").is_some());
        assert!(parse_stamp("20251301").is_none());
        assert!(parse_stamp("2025010").is_none());
    }
}

/// The folder of earlier versions of `allowed_signers`, which `minutes verify` reads by SHA-256.
pub const VERSIONS_DIR: &str = "allowed_signers.d";

/// What [`add`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Added {
    /// The line appended.
    pub line: String,
    /// The earlier version kept, relative to the board (`None` when there was no file, or that
    /// version was already kept).
    pub kept: Option<String>,
}

/// Adds a signer to the board's `allowed_signers` at `root`, keeping the version it replaces in
/// `allowed_signers.d/` first (named `sha256-<first 16 hex digits>`, unless a kept file already
/// has those bytes), so that minutes whose header cites the old version still verify.
///
/// `public_key` is the text of an OpenSSH public key file; `namespaces` defaults to the minutes'
/// namespace; `valid_after` and `valid_before` are `YYYYMMDD[HHMM[SS]][Z]`. The new file is
/// parsed before it is written; nothing is written when it does not parse.
pub fn add(
    root: &std::path::Path,
    principal: &str,
    public_key: &str,
    namespaces: &[String],
    valid_after: Option<&str>,
    valid_before: Option<&str>,
) -> Result<Added, String> {
    use sha2::{Digest, Sha256};
    if principal.is_empty()
        || principal
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, ',' | '"' | '*' | '?' | '!'))
    {
        return Err(format!(
            "principal `{principal}` cannot be used in allowed_signers: no spaces, commas, quotes or wildcards"
        ));
    }
    let key = PublicKey::from_openssh(public_key.trim())
        .map_err(|e| format!("the public key does not parse: {e}\n  hint: give an OpenSSH public key file (the `.pub` that ssh-keygen writes)"))?;
    let key_text = key
        .to_openssh()
        .map_err(|e| format!("the public key cannot be written: {e}"))?;
    // Type and base64 only: the key file's comment is the signer's own.
    let key_text: String = key_text.split(' ').take(2).collect::<Vec<_>>().join(" ");
    for (what, stamp) in [("valid-after", valid_after), ("valid-before", valid_before)] {
        if let Some(s) = stamp
            && parse_stamp(s).is_none()
        {
            return Err(format!(
                "{what} `{s}` is not YYYYMMDD[HHMM[SS]][Z] (Z: UTC; without it, the board's time zone)"
            ));
        }
    }
    let namespaces = if namespaces.is_empty() {
        vec!["minutes@procboard".to_string()]
    } else {
        namespaces.to_vec()
    };
    let mut options = vec![format!("namespaces=\"{}\"", namespaces.join(","))];
    if let Some(s) = valid_after {
        options.push(format!("valid-after=\"{s}\""));
    }
    if let Some(s) = valid_before {
        options.push(format!("valid-before=\"{s}\""));
    }
    let line = format!("{principal} {} {key_text}", options.join(","));
    let path = root.join(FILE);
    let old = match crate::limits::read_at(root, &path, crate::limits::SIGNERS_MAX) {
        Ok(b) => Some(b),
        Err(crate::limits::ReadError::Missing) => None,
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let mut new = old.clone().unwrap_or_default();
    if !new.is_empty() && !new.ends_with(b"\n") {
        new.push(b'\n');
    }
    new.extend_from_slice(line.as_bytes());
    new.push(b'\n');
    AllowedSigners::parse(&String::from_utf8_lossy(&new), FILE).map_err(|diags| {
        diags
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let mut kept = None;
    if let Some(old) = &old {
        let dir = root.join(VERSIONS_DIR);
        let already = std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .flatten()
            .any(|e| {
                crate::limits::read_at(root, &e.path(), crate::limits::SIGNERS_MAX)
                    .is_ok_and(|b| &b == old)
            });
        if !already {
            let sha: String = Sha256::digest(old)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            let name = format!("sha256-{}", &sha[..16]);
            std::fs::create_dir_all(&dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            crate::atomic::write(&dir.join(&name), old)
                .map_err(|e| format!("cannot write {}: {e}", dir.join(&name).display()))?;
            kept = Some(format!("{VERSIONS_DIR}/{name}"));
        }
    }
    crate::atomic::write(&path, &new)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(Added { line, kept })
}
