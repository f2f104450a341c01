//! Keyset pagination: a page of a long list starts just after or just
//! before a row the user saw (named by its id), never at an offset, so a
//! page deep in a list of thousands costs what the first one costs.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PageAt {
    #[default]
    Start,
    /// The rows after this one (the last of the page the user came from).
    After(String),
    /// The rows before this one (the first of the page the user came from).
    Before(String),
}

impl PageAt {
    /// From an address's `after` and `before` parameters (empty: absent).
    pub fn from_params(after: &str, before: &str) -> PageAt {
        if !after.is_empty() {
            PageAt::After(after.to_string())
        } else if !before.is_empty() {
            PageAt::Before(before.to_string())
        } else {
            PageAt::Start
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_names_where_its_page_starts() {
        assert_eq!(PageAt::from_params("", ""), PageAt::Start);
        assert_eq!(PageAt::from_params("u1", ""), PageAt::After("u1".into()));
        assert_eq!(PageAt::from_params("", "u2"), PageAt::Before("u2".into()));
        // Both (an edited address): the forward one wins.
        assert_eq!(PageAt::from_params("u1", "u2"), PageAt::After("u1".into()));
    }
}
