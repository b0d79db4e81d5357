//! Events in the words of the record screen and the status line: the English lines of the
//! shared phrase catalogue ([`crate::phrases`]), with the members and items named as the console
//! names them.

use super::app::Model;
use crate::phrases::{self, Names};
use crate::record::event::Event;

/// An event in the words the record screen and the status line use.
pub fn describe(model: &Model, e: &Event) -> String {
    phrases::event_line(&phrases::EN, e, &ConsoleNames(model))
}

/// Members by their board names, items by their agenda titles.
struct ConsoleNames<'a>(&'a Model);

impl Names for ConsoleNames<'_> {
    fn member(&self, id: &str) -> String {
        self.0.info.name(id).to_string()
    }

    fn item_title(&self, id: &str) -> String {
        self.0
            .state
            .ctx
            .items
            .iter()
            .find(|i| i.id == id)
            .map(|i| i.title.clone())
            .unwrap_or_default()
    }
}
