//! The `[minutes]` table of board.toml: languages, signing roles, who signs under which principal.
//! It is checked in `validate::minutes`; the signatures themselves (allowed_signers, signed score
//! sheets) are checked one floor up, in `crate::signature`.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

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
