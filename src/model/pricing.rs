//! Pricing and offers (SPEC §7): monthly price lists per market, what a page
//! asks for (month, market, currency, a position in the list) and what it
//! gets back, and the rules of a price-list file's rows.

use serde::{Deserialize, Serialize};

use super::dates::parse_date;

/// Rows per page of a price list.
pub const PAGE_SIZE: usize = 50;

/// Prices are stored and sent as integer ten-thousandths of the currency
/// unit: exact, no floating point anywhere.
pub const PRICE_SCALE: i64 = 10_000;

/// What a price did since the month before.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Marker {
    /// New this month.
    Add,
    /// Price, currency or unit changed.
    Change,
    /// Gone this month (the row shows last month's price).
    Delete,
    Unchanged,
}

impl Marker {
    pub const ALL: [Marker; 4] = [
        Marker::Add,
        Marker::Change,
        Marker::Delete,
        Marker::Unchanged,
    ];

    /// The code stored and written in files (the industry's own).
    pub fn code(self) -> &'static str {
        match self {
            Marker::Add => "ADD",
            Marker::Change => "CHG",
            Marker::Delete => "DEL",
            Marker::Unchanged => "UNC",
        }
    }

    pub fn from_code(code: &str) -> Option<Marker> {
        Marker::ALL.into_iter().find(|m| m.code() == code)
    }
}

/// A price list's filters as the page's address carries them
/// (`?month=2026-11&market=FR&currency=EUR`); empty means the latest month,
/// every market, every currency.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceFilter {
    #[serde(default)]
    pub month: String,
    #[serde(default)]
    pub market: String,
    #[serde(default)]
    pub currency: String,
}

impl PriceFilter {
    /// The filter as a query string (without `?`), empty values left out.
    pub fn query(&self) -> String {
        super::query_string(&[
            ("month", &self.month),
            ("market", &self.market),
            ("currency", &self.currency),
        ])
    }

    /// The fields whose value hasn't the shape of a month, a market or a
    /// currency code (the database says whether it exists).
    pub fn malformed(&self) -> Vec<&'static str> {
        let ok = |text: &str, shape: fn(&str) -> bool| text.is_empty() || shape(text);
        [
            ("month", ok(self.month.trim(), is_month)),
            ("market", ok(self.market.trim(), |t| is_code(t, 2))),
            ("currency", ok(self.currency.trim(), |t| is_code(t, 3))),
        ]
        .into_iter()
        .filter(|(_, ok)| !ok)
        .map(|(field, _)| field)
        .collect()
    }

    pub fn is_well_formed(&self) -> bool {
        self.malformed().is_empty()
    }
}

/// `YYYY-MM`.
pub fn is_month(text: &str) -> bool {
    text.len() == 7 && parse_date(&format!("{text}-01")).is_some()
}

/// `n` upper-case ASCII letters (ISO country and currency codes).
pub fn is_code(text: &str, n: usize) -> bool {
    text.len() == n && text.bytes().all(|b| b.is_ascii_uppercase())
}

/// A position in a price list: the last row shown (its market and offer
/// ID); the next page starts after it in the list's order (market, offer
/// name, offer ID), never by OFFSET.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub market: String,
    pub offer_id: String,
}

impl Cursor {
    pub fn encode(&self) -> String {
        format!("{}.{}", self.market, self.offer_id)
    }

    pub fn decode(text: &str) -> Option<Cursor> {
        let (market, offer_id) = text.split_once('.')?;
        (is_code(market, 2) && is_offer_id(offer_id)).then(|| Cursor {
            market: market.into(),
            offer_id: offer_id.into(),
        })
    }
}

/// Offer IDs: letters, digits and dashes, at most 64.
pub fn is_offer_id(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 64
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// One row of a price list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Price {
    pub offer_id: String,
    pub offer_name: String,
    pub market: String,
    pub currency: String,
    pub unit: String,
    /// Ten-thousandths of the currency unit.
    pub list_price: i64,
    pub effective_start: String,
    pub effective_end: String,
    /// `None` for a code this version doesn't know.
    pub marker: Option<Marker>,
}

/// A market of a month's list and its currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Market {
    pub code: String,
    pub currency: String,
}

/// One page of a price list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricePage {
    /// Every imported month, newest first.
    pub months: Vec<String>,
    /// The month shown (the latest when none was asked for); empty when no
    /// price list was imported yet.
    pub month: String,
    /// The month's markets, by code.
    pub markets: Vec<Market>,
    pub rows: Vec<Price>,
    /// Where the next page starts, if there is one.
    pub next: Option<String>,
}

/// The CSV export of the filtered list of an account's page.
pub fn csv_href(partner_id: i64, filter: &PriceFilter) -> String {
    let query = filter.query();
    if query.is_empty() {
        format!("/a/{partner_id}/pricing.csv")
    } else {
        format!("/a/{partner_id}/pricing.csv?{query}")
    }
}

/// An exact decimal (`12`, `12.5`, `0.0001`; at most 4 decimals, a dot, no
/// sign, no exponent) as ten-thousandths. Written here rather than with a
/// decimal crate: parsing and printing four fixed decimals is all we need,
/// and the browser bundle stays small.
pub fn parse_price(text: &str) -> Option<i64> {
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, fraction),
        None => (text, ""),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 12 || !digits(whole) {
        return None;
    }
    if fraction.len() > 4 || !digits(fraction) || (text.contains('.') && fraction.is_empty()) {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let padded = format!("{fraction:0<4}");
    let fraction: i64 = padded.parse().ok()?;
    whole.checked_mul(PRICE_SCALE)?.checked_add(fraction)
}

/// Ten-thousandths as a plain decimal with at least two decimals (`12.50`,
/// `0.0001`), the form files carry.
pub fn format_price(value: i64) -> String {
    let sign = if value < 0 { "-" } else { "" };
    let value = value.unsigned_abs();
    let whole = value / PRICE_SCALE as u64;
    let mut fraction = format!("{:04}", value % PRICE_SCALE as u64);
    while fraction.len() > 2 && fraction.ends_with('0') {
        fraction.pop();
    }
    format!("{sign}{whole}.{fraction}")
}

/// What is wrong with one row of a price-list file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowProblem {
    /// The file can't be read as CSV there (unbalanced quotes, bad UTF-8…).
    Unreadable,
    /// Not the expected number of columns.
    ColumnCount { expected: usize, found: usize },
    /// The header row doesn't name the expected columns.
    Header,
    /// A column is empty, too long or not of its form.
    Invalid { column: String },
    /// The effective end is before the start.
    EndBeforeStart,
    /// Every row must start in the same month (the first row's).
    OtherMonth { month: String },
    /// A market's rows must all be in one currency.
    OtherCurrency { currency: String },
    /// The same market and offer ID again; `first` is the earlier line.
    Duplicate { first: u64 },
    /// The file has a header and no price.
    NoRows,
}

/// A problem and its line in the file (the header is line 1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineProblem {
    pub line: u64,
    pub problem: RowProblem,
}

/// At most this many problems are reported for one file.
pub const MAX_PROBLEMS: usize = 50;

/// What an import did (nothing, when the file had a problem).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportOutcome {
    Imported {
        month: String,
        /// Rows per marker, in `Marker::ALL` order (DEL rows are added by
        /// the import).
        counts: [i64; 4],
        /// Whether the month had been imported before (now replaced).
        replaced: bool,
    },
    Rejected {
        problems: Vec<LineProblem>,
        /// Whether there were more than `MAX_PROBLEMS`.
        more: bool,
    },
}

/// The columns of a price-list file, in order (its header row).
pub const FILE_COLUMNS: [&str; 8] = [
    "effective_start",
    "effective_end",
    "offer_id",
    "offer_name",
    "market",
    "currency",
    "unit",
    "list_price",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_are_exact_decimals() {
        assert_eq!(parse_price("12"), Some(120_000));
        assert_eq!(parse_price("12.5"), Some(125_000));
        assert_eq!(parse_price("0.0001"), Some(1));
        assert_eq!(parse_price("1234.5678"), Some(12_345_678));
        for bad in [
            "", ".5", "1.", "1.23456", "-1", "+1", "1e3", "1,5", " 1", "1 000", "١",
        ] {
            assert_eq!(parse_price(bad), None, "{bad}");
        }
        assert_eq!(parse_price("9999999999999"), None);
        for text in ["12.50", "0.0001", "1234.5678", "0.00", "999999999999.99"] {
            assert_eq!(format_price(parse_price(text).unwrap()), text);
        }
        assert_eq!(format_price(120_000), "12.00");
    }

    #[test]
    fn cursors_read_back_and_refuse_junk() {
        let cursor = Cursor {
            market: "FR".into(),
            offer_id: "CFQ7TTC0LH18".into(),
        };
        assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor));
        for bad in ["", "FR", "fr.X", "FRA.X", "FR.", "FR.a b", "FR.'--"] {
            assert_eq!(Cursor::decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn filters_check_their_shape_and_make_an_address() {
        let filter = PriceFilter {
            month: "2026-11".into(),
            market: "FR".into(),
            currency: String::new(),
        };
        assert!(filter.is_well_formed());
        assert_eq!(filter.query(), "month=2026-11&market=FR");
        assert_eq!(
            csv_href(7, &filter),
            "/a/7/pricing.csv?month=2026-11&market=FR"
        );
        for (month, market, currency) in [("2026-13", "", ""), ("", "fra", ""), ("", "", "E")] {
            let bad = PriceFilter {
                month: month.into(),
                market: market.into(),
                currency: currency.into(),
            };
            assert!(!bad.is_well_formed(), "{bad:?}");
        }
    }

    #[test]
    fn markers_read_back_from_their_codes() {
        for m in Marker::ALL {
            assert_eq!(Marker::from_code(m.code()), Some(m));
        }
    }
}
