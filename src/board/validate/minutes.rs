//! Checks of board.toml's `[minutes]`: known languages and roles, principals that
//! `allowed_signers` can hold, persons the board knows.

use std::path::Path;

use crate::board::load::Board;
use crate::board::minutes::{LANGUAGES, ROLES};
use crate::diag::Diagnostic;

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
    diags
}
