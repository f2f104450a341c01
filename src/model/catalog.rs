//! The offer catalog (SPEC §7 "Customize the catalog"): offers grouped by
//! customer segment, searchable; an account pins up to 5 offers to the top
//! in an order of its own, the same for all its users.

use serde::{Deserialize, Serialize};

/// Offers an account may pin.
pub const PIN_MAX: usize = 5;
/// Offers listed per segment for a search (the rest are counted).
pub const PER_SEGMENT: usize = 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Segment {
    Commercial,
    Education,
    Government,
    Nonprofit,
}

impl Segment {
    pub const ALL: [Segment; 4] = [
        Segment::Commercial,
        Segment::Education,
        Segment::Government,
        Segment::Nonprofit,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Segment::Commercial => "commercial",
            Segment::Education => "education",
            Segment::Government => "government",
            Segment::Nonprofit => "nonprofit",
        }
    }

    pub fn from_code(code: &str) -> Option<Segment> {
        Segment::ALL.into_iter().find(|s| s.code() == code)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offer {
    pub offer_id: String,
    pub name: String,
    pub segment: Segment,
    pub family: String,
    pub description: String,
}

/// One segment's offers matching the search: the first ones and how many
/// match in all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SegmentOffers {
    pub segment: Segment,
    pub offers: Vec<Offer>,
    pub total: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogPage {
    /// The account's pinned offers, in its order.
    pub pinned: Vec<Offer>,
    /// The version of the pinned order (0 before the first save).
    pub version: i64,
    pub segments: Vec<SegmentOffers>,
}

/// A new order of pinned offers, or why it can't be saved.
pub fn check_pins(offer_ids: &[String]) -> Result<(), PinProblem> {
    if offer_ids.len() > PIN_MAX {
        return Err(PinProblem::TooMany);
    }
    for (i, id) in offer_ids.iter().enumerate() {
        if offer_ids[..i].contains(id) {
            return Err(PinProblem::Duplicate);
        }
    }
    Ok(())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PinProblem {
    TooMany,
    Duplicate,
}

/// `list` with the item at `from` moved to `to` (both in range), for the
/// move buttons, the arrow keys and drag and drop alike.
pub fn moved<T: Clone>(list: &[T], from: usize, to: usize) -> Vec<T> {
    let mut out = list.to_vec();
    if from < out.len() && to < out.len() {
        let item = out.remove(from);
        out.insert(to, item);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_most_five_pins_each_once() {
        let ids = |n: usize| (0..n).map(|i| format!("O{i}")).collect::<Vec<_>>();
        assert_eq!(check_pins(&ids(5)), Ok(()));
        assert_eq!(check_pins(&ids(6)), Err(PinProblem::TooMany));
        assert_eq!(
            check_pins(&["A".into(), "B".into(), "A".into()]),
            Err(PinProblem::Duplicate)
        );
    }

    #[test]
    fn moving_keeps_every_item_once() {
        let list = ["a", "b", "c", "d"];
        assert_eq!(moved(&list, 0, 2), ["b", "c", "a", "d"]);
        assert_eq!(moved(&list, 3, 0), ["d", "a", "b", "c"]);
        assert_eq!(moved(&list, 1, 1), list);
        assert_eq!(moved(&list, 1, 9), list);
    }

    #[test]
    fn segments_read_back_from_their_codes() {
        for s in Segment::ALL {
            assert_eq!(Segment::from_code(s.code()), Some(s));
        }
    }
}
