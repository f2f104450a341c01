//! The offer catalog (SPEC §7): every member who sees the account browses
//! it; the catalog roles (Global admin, Admin agent, Sales agent) pin up to
//! 5 offers to the top and order them, for every user of the account. The
//! order is one versioned record: two editors can't silently overwrite
//! each other.

use super::access;
use super::activity::{self, Action, Event};
use super::versions::{self, Record};
use crate::db::{like_pattern, Db};
use crate::model::catalog::{
    check_pins, CatalogPage, Offer, PinProblem, Segment, SegmentOffers, PER_SEGMENT,
};
use crate::model::page::Page;
use crate::model::validation::{FieldError, Problem};
use crate::model::AppError;

#[derive(sqlx::FromRow)]
struct OfferRow {
    offer_id: String,
    name: String,
    segment: String,
    family: String,
    description: String,
}

impl OfferRow {
    fn into_offer(self) -> Option<Offer> {
        Some(Offer {
            segment: Segment::from_code(&self.segment)?,
            offer_id: self.offer_id,
            name: self.name,
            family: self.family,
            description: self.description,
        })
    }
}

#[derive(sqlx::FromRow)]
struct ListedRow {
    #[sqlx(flatten)]
    offer: OfferRow,
    total: i64,
}

/// `$1, $2, …, $n` for an IN list of `n` values (at most `PIN_MAX`).
fn placeholders(n: usize) -> String {
    (1..=n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The account's pinned order: (offer IDs, version).
async fn order<'e, E>(db: E, account_id: &str) -> Result<(Vec<String>, i64), AppError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row: Option<(String, i64)> =
        sqlx::query_as("SELECT offer_ids, version FROM catalog_orders WHERE account_id = $1")
            .bind(account_id)
            .fetch_optional(db)
            .await?;
    Ok(row.map_or((Vec::new(), 0), |(ids, version)| {
        let ids = ids
            .split(',')
            .filter(|id| !id.is_empty())
            .map(str::to_string)
            .collect();
        (ids, version)
    }))
}

/// The catalog page: the pinned offers, then per segment the first offers
/// matching every word of `query` (in the name, offer ID or family) and
/// their count. Four
/// queries: the member, the order, the pinned offers, the list.
pub async fn page(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    query: &str,
) -> Result<CatalogPage, AppError> {
    let member = access::open(db, user_id, partner_id, Page::Catalog).await?;
    let (ids, version) = order(db, &member.account_id).await?;
    let mut pinned = Vec::new();
    if !ids.is_empty() {
        let sql = format!(
            "SELECT offer_id, name, segment, family, description FROM offers
             WHERE offer_id IN ({})",
            placeholders(ids.len())
        );
        let mut q = sqlx::query_as::<_, OfferRow>(&sql);
        for id in &ids {
            q = q.bind(id);
        }
        let mut found: Vec<Offer> = q
            .fetch_all(db)
            .await?
            .into_iter()
            .filter_map(OfferRow::into_offer)
            .collect();
        found.sort_by_key(|o| ids.iter().position(|id| *id == o.offer_id));
        pinned = found;
    }
    // Every word must appear (in the name, the offer ID or the family).
    let words: Vec<String> = query.split_whitespace().take(8).map(like_pattern).collect();
    let conditions: String = (1..=words.len())
        .map(|i| format!(" AND o.search_key LIKE ${i} ESCAPE '\\'"))
        .collect();
    let sql = format!(
        "SELECT offer_id, name, segment, family, description, total FROM (
             SELECT o.offer_id, o.name, o.segment, o.family, o.description,
                    ROW_NUMBER() OVER (PARTITION BY o.segment ORDER BY o.name, o.offer_id) AS n,
                    COUNT(*) OVER (PARTITION BY o.segment) AS total
             FROM offers o WHERE 1 = 1{conditions}
         ) t WHERE n <= {PER_SEGMENT} ORDER BY segment, name, offer_id"
    );
    let mut listed = sqlx::query_as::<_, ListedRow>(&sql);
    for word in &words {
        listed = listed.bind(word);
    }
    let rows = listed.fetch_all(db).await?;
    let mut segments: Vec<SegmentOffers> = Segment::ALL
        .into_iter()
        .map(|segment| SegmentOffers {
            segment,
            offers: Vec::new(),
            total: 0,
        })
        .collect();
    for row in rows {
        let total = row.total;
        if let Some(offer) = row.offer.into_offer() {
            if let Some(group) = segments.iter_mut().find(|g| g.segment == offer.segment) {
                group.total = total;
                group.offers.push(offer);
            }
        }
    }
    Ok(CatalogPage {
        pinned,
        version,
        segments,
    })
}

/// Saves the account's pinned offers in this order (at most 5, each an
/// offer of the catalog), if the order is still at `version`; returns the
/// new version.
pub async fn save_pins(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    offer_ids: &[String],
    version: i64,
) -> Result<i64, AppError> {
    let (mut tx, member) = access::begin_edit(db, user_id, partner_id, Page::Catalog).await?;
    let invalid = |problem: Problem| {
        AppError::Invalid(vec![FieldError {
            field: "offer_ids".into(),
            problem,
            value: None,
        }])
    };
    match check_pins(offer_ids) {
        Err(PinProblem::TooMany) => {
            return Err(invalid(Problem::TooManyChoices {
                max: crate::model::catalog::PIN_MAX,
            }))
        }
        Err(PinProblem::Duplicate) => return Err(invalid(Problem::UnknownChoice)),
        Ok(()) => {}
    }
    if !offer_ids.is_empty() {
        let sql = format!(
            "SELECT COUNT(*) FROM offers WHERE offer_id IN ({})",
            placeholders(offer_ids.len())
        );
        let mut q = sqlx::query_scalar::<_, i64>(&sql);
        for id in offer_ids {
            q = q.bind(id);
        }
        if q.fetch_one(&mut *tx).await? != offer_ids.len() as i64 {
            return Err(invalid(Problem::UnknownChoice));
        }
    }
    let (before, _) = order(&mut *tx, &member.account_id).await?;
    let record = Record::CatalogOrder {
        account_id: &member.account_id,
    };
    let joined = offer_ids.join(",");
    let next = if version == 0 && versions::current(&mut tx, record).await? == 0 {
        sqlx::query(
            "INSERT INTO catalog_orders (account_id, offer_ids, version) VALUES ($1, $2, 1)",
        )
        .bind(&member.account_id)
        .bind(&joined)
        .execute(&mut *tx)
        .await?;
        1
    } else {
        let next = versions::bump(&mut tx, record, version).await?;
        sqlx::query("UPDATE catalog_orders SET offer_ids = $2 WHERE account_id = $1")
            .bind(&member.account_id)
            .bind(&joined)
            .execute(&mut *tx)
            .await?;
        next
    };
    activity::record(
        &mut tx,
        Event {
            action: Action::CatalogPinsChanged,
            actor_user_id: user_id,
            account_id: Some(&member.account_id),
            subject: Some("catalog"),
            old_value: Some(&before.join(", ")),
            new_value: Some(&offer_ids.join(", ")),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(next)
}
