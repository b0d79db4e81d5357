//! The `[minutes]` table of board.toml and its checks.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::board::Board;
use crate::diag::Diagnostic;

/// Languages the catalogue knows.
pub const LANGUAGES: &[&str] = &["en", "fr"];

/// Roles a signature may claim.
pub const ROLES: &[&str] = &["secretary", "chair", "vice_chair"];

/// `[minutes]`: how a board's minutes are written and signed.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MinutesConfig {
    /// Languages of the minutes, in the order they appear (default `["en"]`).
    #[serde(default)]
    pub languages: Vec<Spanned<String>>,
    /// Roles whose signatures make the minutes signed (default `["secretary"]`).
    #[serde(default)]
    pub roles: Vec<Spanned<String>>,
    /// Who signs under which principal of `allowed_signers`: person name → principal.
    #[serde(default)]
    pub signers: BTreeMap<String, Spanned<String>>,
    /// Score sheets must be signed by their member (`procboard sign`); unsigned ones are left out.
    #[serde(default)]
    pub require_signed_sheets: bool,
}

impl MinutesConfig {
    /// The languages, defaulting to English.
    pub fn languages(&self) -> Vec<String> {
        if self.languages.is_empty() {
            vec!["en".to_string()]
        } else {
            self.languages.iter().map(|l| l.get_ref().clone()).collect()
        }
    }

    /// The roles that must sign, defaulting to the secretary.
    pub fn roles(&self) -> Vec<String> {
        if self.roles.is_empty() {
            vec!["secretary".to_string()]
        } else {
            self.roles.iter().map(|r| r.get_ref().clone()).collect()
        }
    }

    /// The principal a person signs under.
    pub fn principal_of(&self, person: &str) -> Option<&str> {
        self.signers.get(person).map(|p| p.get_ref().as_str())
    }

    /// The person who signs under `principal`.
    pub fn person_of(&self, principal: &str) -> Option<&str> {
        self.signers
            .iter()
            .find(|(_, p)| p.get_ref() == principal)
            .map(|(person, _)| person.as_str())
    }
}

/// Checks `[minutes]`: known languages and roles, principals that `allowed_signers` can hold,
/// persons the board knows.
pub fn check(board: &Board) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let Some(src) = board.sources.get(Path::new("board.toml")) else {
        return diags;
    };
    let cfg = &board.file.minutes;
    let mut seen = Vec::new();
    for l in &cfg.languages {
        if !LANGUAGES.contains(&l.get_ref().as_str()) {
            diags.push(
                src.error(
                    l.span(),
                    format!("unknown minutes language `{}`", l.get_ref()),
                )
                .with_hint(format!("languages: {}", crate::diag::list(LANGUAGES))),
            );
        } else if seen.contains(l.get_ref()) {
            diags.push(src.error(
                l.span(),
                format!("language `{}` is listed twice", l.get_ref()),
            ));
        }
        seen.push(l.get_ref().clone());
    }
    let mut seen = Vec::new();
    for r in &cfg.roles {
        if !ROLES.contains(&r.get_ref().as_str()) {
            diags.push(
                src.error(r.span(), format!("unknown signing role `{}`", r.get_ref()))
                    .with_hint(format!("roles: {}", crate::diag::list(ROLES))),
            );
        } else if seen.contains(r.get_ref()) {
            diags.push(src.error(r.span(), format!("role `{}` is listed twice", r.get_ref())));
        }
        seen.push(r.get_ref().clone());
    }
    let mut people: Vec<&str> = board
        .file
        .board
        .secretary
        .iter()
        .map(String::as_str)
        .collect();
    for m in &board.file.members {
        people.extend(m.delegates.iter().map(String::as_str));
        people.extend(m.alternates.iter().map(String::as_str));
    }
    let mut principals: Vec<&str> = Vec::new();
    for (person, p) in &cfg.signers {
        let principal = p.get_ref();
        if principal.is_empty()
            || principal
                .chars()
                .any(|c| c.is_whitespace() || matches!(c, ',' | '"' | '*' | '?' | '!'))
        {
            diags.push(
                src.error(p.span(), format!("principal `{principal}` cannot be used in allowed_signers"))
                    .with_hint("write a principal without spaces, commas, quotes or wildcards, e.g. an e-mail address"),
            );
        }
        if principals.contains(&principal.as_str()) {
            diags.push(src.error(
                p.span(),
                format!("principal `{principal}` is given to two people"),
            ));
        }
        principals.push(principal);
        if !people.contains(&person.as_str()) {
            diags.push(
                src.error(p.span(), format!("`{person}` is neither the board's secretary nor a delegate or alternate of a member"))
                    .with_hint("[minutes.signers] maps a person named in board.toml to the principal of their key in allowed_signers")
                    .warning(),
            );
        }
    }
    // Signed score sheets: a refused signature (or a missing one where required) is a warning;
    // `score` leaves such a sheet out.
    diags.extend(crate::sign::check_sheets(board));
    diags
}
