//! The member picker: wherever the secretary names a member (mover, seconder, the alternate who
//! sits, the holder of a proxy), a list on screen instead of a typed id. Typing filters the list
//! (a word of the name or the id starting with what is typed, case ignored); `↑`/`↓` move the
//! highlight; `Enter` takes the highlighted row; `Esc` gives up. Pure data: `update` feeds it
//! keys and acts on the row chosen.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

/// What the row chosen becomes.
#[derive(Clone, Debug, PartialEq)]
pub enum Then {
    /// The mover of a new motion on `item` (recorded at once when the item proposes a text; else
    /// the motion form opens with the mover filled in). The seconder's picker follows.
    Mover {
        /// The item open.
        item: String,
        /// The motion's text, if the agenda or the item's kind gives one.
        text: Option<String>,
    },
    /// The seconder of `motion`.
    Seconder {
        /// The motion on the floor.
        motion: String,
    },
    /// The alternate (a person) who sits for `member`.
    Alternate {
        /// The member whose seat the alternate takes.
        member: String,
    },
    /// The holder of the proxy of the absent `member`.
    ProxyHolder {
        /// The absent member.
        member: String,
    },
    /// The member who declares a recusal; the recusal form follows with the member filled in
    /// and `scope` proposed (the open or highlighted item).
    Recused {
        /// `item <id>`, or nothing.
        scope: String,
    },
    /// A member put on the speakers' list of `item` (at the front for a point of order).
    Speaker {
        /// The item open.
        item: String,
        /// A point of order (`point_of_order`) rather than a request (`speaker_requested`).
        point_of_order: bool,
    },
}

/// A list to pick from.
#[derive(Clone, Debug, PartialEq)]
pub struct Picker {
    /// What is asked ("Moved by", "Seconded by", …).
    pub title: String,
    /// The rows: (value recorded, label shown), in seat order.
    pub choices: Vec<(String, String)>,
    /// What has been typed.
    pub typed: String,
    /// The highlighted row, among the rows that match.
    pub cursor: usize,
    /// What the choice becomes.
    pub then: Then,
}

/// What a key did to the picker.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Still picking.
    Open,
    /// This row's value was chosen.
    Chosen(String),
    /// Given up.
    Cancelled,
}

impl Picker {
    /// A picker on `choices`, nothing typed, the first row highlighted.
    pub fn new(title: impl Into<String>, choices: Vec<(String, String)>, then: Then) -> Picker {
        Picker {
            title: title.into(),
            choices,
            typed: String::new(),
            cursor: 0,
            then,
        }
    }

    /// The rows that match what is typed, by position in `choices`: the id, or a word of the
    /// label, starts with it (case ignored); an exact id first.
    pub fn matching(&self) -> Vec<usize> {
        let typed = self.typed.to_lowercase();
        if typed.is_empty() {
            return (0..self.choices.len()).collect();
        }
        let mut exact = Vec::new();
        let mut rest = Vec::new();
        for (i, (value, label)) in self.choices.iter().enumerate() {
            let value = value.to_lowercase();
            let label = label.to_lowercase();
            if value == typed {
                exact.push(i);
            } else if value.starts_with(&typed)
                || label.starts_with(&typed)
                || label
                    .split(|c: char| c.is_whitespace() || c == '-' || c == '(')
                    .any(|w| w.starts_with(&typed))
            {
                rest.push(i);
            }
        }
        exact.extend(rest);
        exact
    }

    /// The highlighted row's value, if any row matches.
    pub fn highlighted(&self) -> Option<&str> {
        let m = self.matching();
        m.get(self.cursor.min(m.len().saturating_sub(1)))
            .map(|i| self.choices[*i].0.as_str())
    }

    /// Applies one key.
    pub fn key(&mut self, k: KeyEvent) -> Outcome {
        match k.code {
            KeyCode::Esc => Outcome::Cancelled,
            KeyCode::Enter => match self.highlighted() {
                Some(v) => Outcome::Chosen(v.to_string()),
                None => Outcome::Open,
            },
            KeyCode::Up => {
                self.cursor = self.cursor.saturating_sub(1);
                Outcome::Open
            }
            KeyCode::Down | KeyCode::Tab => {
                let n = self.matching().len();
                self.cursor = (self.cursor + 1).min(n.saturating_sub(1));
                Outcome::Open
            }
            KeyCode::Backspace => {
                self.typed.pop();
                self.cursor = 0;
                Outcome::Open
            }
            KeyCode::Char(c) if !c.is_control() => {
                self.typed.push(c);
                self.cursor = 0;
                Outcome::Open
            }
            _ => Outcome::Open,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyModifiers;

    fn picker() -> Picker {
        Picker::new(
            "Seconded by",
            vec![
                ("stonebridge".into(), "Town of Stonebridge".into()),
                ("verplanck-falls".into(), "Town of Verplanck Falls".into()),
                ("hendrick-falls".into(), "Town of Hendrick Falls".into()),
                ("tillson-point".into(), "Village of Tillson Point".into()),
            ],
            Then::Seconder {
                motion: "m1".into(),
            },
        )
    }

    fn key(p: &mut Picker, c: KeyCode) -> Outcome {
        p.key(KeyEvent::new(c, KeyModifiers::NONE))
    }

    #[test]
    fn typing_filters_on_ids_and_words_of_names_and_enter_takes_the_highlighted_row() {
        let mut p = picker();
        assert_eq!(p.highlighted(), Some("stonebridge"));
        key(&mut p, KeyCode::Char('f'));
        // "Falls": a word of two names.
        assert_eq!(p.matching(), vec![1, 2]);
        key(&mut p, KeyCode::Down);
        assert_eq!(p.highlighted(), Some("hendrick-falls"));
        key(&mut p, KeyCode::Backspace);
        key(&mut p, KeyCode::Char('T'));
        key(&mut p, KeyCode::Char('i'));
        assert_eq!(p.matching(), vec![3]);
        assert_eq!(
            key(&mut p, KeyCode::Enter),
            Outcome::Chosen("tillson-point".into())
        );
    }

    #[test]
    fn an_exact_id_comes_first_and_nothing_matching_chooses_nothing() {
        let mut p = picker();
        for c in "hendrick-falls".chars() {
            key(&mut p, KeyCode::Char(c));
        }
        assert_eq!(p.highlighted(), Some("hendrick-falls"));
        for c in "zz".chars() {
            key(&mut p, KeyCode::Char(c));
        }
        assert_eq!(p.highlighted(), None);
        assert_eq!(key(&mut p, KeyCode::Enter), Outcome::Open);
        assert_eq!(key(&mut p, KeyCode::Esc), Outcome::Cancelled);
    }
}
