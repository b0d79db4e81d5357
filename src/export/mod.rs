//! Exports of the board for the public: the static archive site (`procboard publish`).

pub mod site;
