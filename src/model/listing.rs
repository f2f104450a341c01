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

/// Reads the page at `at` with `read`; when that is empty although `at`
/// names an edge row (gone, or nobody follows it any more), the first page
/// instead. Returns where the rows start and the rows.
pub async fn read_or_first<T, E, Fut>(
    at: &PageAt,
    read: impl Fn(PageAt) -> Fut,
) -> Result<(PageAt, Vec<T>), E>
where
    Fut: std::future::Future<Output = Result<Vec<T>, E>>,
{
    let rows = read(at.clone()).await?;
    if rows.is_empty() && *at != PageAt::Start {
        return Ok((PageAt::Start, read(PageAt::Start).await?));
    }
    Ok((at.clone(), rows))
}

/// A page's rows as read (in list order, one more than `page_size` when
/// another page follows in the direction read) trimmed to the page, and
/// its links: the first row's id when rows come before it ("Previous
/// page"), the last row's when rows come after it ("Next page").
pub fn trim_page<T>(
    rows: &mut Vec<T>,
    at: &PageAt,
    page_size: usize,
    id: impl Fn(&T) -> String,
) -> (Option<String>, Option<String>) {
    let more = rows.len() > page_size;
    if more {
        match at {
            // Read backwards: the extra row is the one furthest back.
            PageAt::Before(_) => {
                rows.remove(0);
            }
            _ => {
                rows.pop();
            }
        }
    }
    let first = rows.first().map(&id);
    let last = rows.last().map(&id);
    match at {
        PageAt::Start => (None, last.filter(|_| more)),
        PageAt::After(_) => (first, last.filter(|_| more)),
        // Coming back from the page after this one: it follows.
        PageAt::Before(_) => (first.filter(|_| more), last),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(rows: &[&str], at: PageAt) -> (Vec<String>, Option<String>, Option<String>) {
        let mut rows: Vec<String> = rows.iter().map(|r| r.to_string()).collect();
        let (previous, next) = trim_page(&mut rows, &at, 2, String::clone);
        (rows, previous, next)
    }

    #[test]
    fn a_page_read_one_row_long_links_onwards() {
        let s = |v: &str| Some(v.to_string());
        let v = |r: &[&str]| r.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            page(&["a", "b", "c"], PageAt::Start),
            (v(&["a", "b"]), None, s("b"))
        );
        assert_eq!(
            page(&["a", "b"], PageAt::Start),
            (v(&["a", "b"]), None, None)
        );
        assert_eq!(
            page(&["c", "d", "e"], PageAt::After("b".into())),
            (v(&["c", "d"]), s("c"), s("d"))
        );
        assert_eq!(
            page(&["c"], PageAt::After("b".into())),
            (v(&["c"]), s("c"), None)
        );
        assert_eq!(
            page(&["a", "b", "c"], PageAt::Before("d".into())),
            (v(&["b", "c"]), s("b"), s("c"))
        );
        assert_eq!(
            page(&["a", "b"], PageAt::Before("c".into())),
            (v(&["a", "b"]), None, s("b"))
        );
    }

    #[test]
    fn an_address_names_where_its_page_starts() {
        assert_eq!(PageAt::from_params("", ""), PageAt::Start);
        assert_eq!(PageAt::from_params("u1", ""), PageAt::After("u1".into()));
        assert_eq!(PageAt::from_params("", "u2"), PageAt::Before("u2".into()));
        // Both (an edited address): the forward one wins.
        assert_eq!(PageAt::from_params("u1", "u2"), PageAt::After("u1".into()));
    }
}
