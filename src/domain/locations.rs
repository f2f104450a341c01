//! Partner settings → Locations (SPEC §6). Any member of an account with a
//! Partner program reads them; Global admins and Account admins
//! (ManageLocations) add, edit, move the headquarters and remove. The first
//! location becomes the headquarters, and the headquarters' address is the
//! legal address (`legal_address`).

use rand::Rng;

use super::access;
use super::activity::{self, Action, Event};
use super::enrollment;
use super::legal_address;
use super::versions::{self, Record};
use crate::db::{is_unique_violation, keyset, like_pattern, now, Db, Tx};
use crate::model::listing::{self, PageAt};
use crate::model::location::{
    e164_digits, Location, LocationForm, LocationPage, NewLocation, PAGE_SIZE,
};
use crate::model::page::Page;
use crate::model::validation::{normalize_email, Address, FieldError, Problem};
use crate::model::{AppError, Conflict, Latest, Versioned};

/// A location's columns as its form shows them (the phone with its '+').
const COLUMNS: &str = "id, is_hq, version, name, address_line1, address_line2, city, region,
     postal_code, country, contact_name, contact_email, '+' || contact_phone AS contact_phone";

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    is_hq: i64,
    version: i64,
    #[sqlx(flatten)]
    form: LocationForm,
}

impl Row {
    fn into_location(self) -> Versioned<Location> {
        Versioned {
            version: self.version,
            value: Location {
                id: self.id,
                is_hq: self.is_hq != 0,
                form: self.form,
            },
        }
    }
}

/// One page of the account's locations whose name, city or Location ID
/// contains `query`: the headquarters first, then by name (unique per
/// account), starting where `at` says (keyset: after or before a location
/// of the page the user came from). One query for the page and the count (a
/// second only when the edge location is gone or nothing follows it any
/// more: the first page instead).
pub async fn list(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    query: &str,
    at: &PageAt,
) -> Result<LocationPage, AppError> {
    let member = access::open(db, user_id, partner_id, Page::Locations).await?;
    let pattern = like_pattern(query);
    let matching = |alias: &str| {
        format!(
            "FROM locations {alias} WHERE {alias}.account_id = $1
               AND ({alias}.name_key LIKE $2 ESCAPE '\\' OR LOWER({alias}.city) LIKE $2 ESCAPE '\\'
                    OR LOWER({alias}.id) LIKE $2 ESCAPE '\\')"
        )
    };
    // The headquarters sorts first: the key is (not headquarters, name).
    let edge = "(SELECT 1 - e.is_hq, e.name_key FROM locations e
                 WHERE e.account_id = $1 AND e.id = $4)";
    let fetch = |at: PageAt| {
        let (from, order, cursor) = keyset(
            &at,
            "(1 - l.is_hq, l.name_key)",
            edge,
            "l.is_hq DESC, l.name_key",
            "l.is_hq, l.name_key DESC",
        );
        let sql = format!(
            "SELECT l.id, l.is_hq, l.version, l.name, l.address_line1, l.address_line2, l.city,
                    l.region, l.postal_code, l.country, l.contact_name, l.contact_email,
                    '+' || l.contact_phone AS contact_phone,
                    (SELECT COUNT(*) {all}) AS total
             {matching} {from}
             ORDER BY {order} LIMIT $3",
            all = matching("a"),
            matching = matching("l"),
        );
        let (account_id, pattern) = (member.account_id.clone(), pattern.clone());
        let cursor = cursor.map(str::to_string);
        async move {
            let mut query = sqlx::query_as::<_, ListRow>(&sql)
                .bind(account_id)
                .bind(pattern)
                .bind(PAGE_SIZE + 1);
            if let Some(id) = cursor {
                query = query.bind(id);
            }
            query.fetch_all(db).await
        }
    };
    let (at, mut rows) = listing::read_or_first(at, fetch).await?;
    let total = rows.first().map_or(0, |r| r.total);
    if matches!(at, PageAt::Before(_)) {
        rows.reverse();
    }
    let (previous, next) =
        listing::trim_page(&mut rows, &at, PAGE_SIZE as usize, |r| r.row.id.clone());
    let locations: Vec<Location> = rows
        .into_iter()
        .map(|r| r.row.into_location().value)
        .collect();
    Ok(LocationPage {
        locations,
        total,
        previous,
        next,
    })
}

#[derive(sqlx::FromRow)]
struct ListRow {
    #[sqlx(flatten)]
    row: Row,
    total: i64,
}

/// What "Add location" starts from (see [`NewLocation`]).
pub async fn new_location(
    db: &Db,
    user_id: &str,
    partner_id: i64,
) -> Result<NewLocation, AppError> {
    let member = access::open(db, user_id, partner_id, Page::AddLocation).await?;
    let legal: Legal = sqlx::query_as(
        "SELECT '' AS name, COALESCE(address_line1, '') AS address_line1,
                COALESCE(address_line2, '') AS address_line2,
                COALESCE(address_city, '') AS city, COALESCE(address_region, '') AS region,
                COALESCE(address_postal_code, '') AS postal_code, country,
                TRIM(COALESCE(contact_first_name, '') || ' ' || COALESCE(contact_last_name, ''))
                    AS contact_name,
                COALESCE(contact_email, '') AS contact_email,
                COALESCE(contact_phone, '') AS contact_phone,
                (SELECT COUNT(*) FROM locations l WHERE l.account_id = accounts.id) AS locations
         FROM accounts WHERE id = $1",
    )
    .bind(&member.account_id)
    .fetch_one(db)
    .await?;
    let first = legal.locations == 0;
    let form = if first {
        LocationForm {
            name: String::new(),
            contact_phone: e164_digits(&legal.form.contact_phone)
                .map(|d| format!("+{d}"))
                .unwrap_or_default(),
            ..legal.form
        }
    } else {
        LocationForm {
            country: legal.form.country,
            ..Default::default()
        }
    };
    Ok(NewLocation { form, first })
}

#[derive(sqlx::FromRow)]
struct Legal {
    #[sqlx(flatten)]
    form: LocationForm,
    locations: i64,
}

/// One location of the account, with its version. Another account's
/// Location ID answers `NotFound`, like one that doesn't exist.
pub async fn get(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    location_id: &str,
) -> Result<Versioned<Location>, AppError> {
    let member = access::open(db, user_id, partner_id, Page::Location).await?;
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM locations WHERE account_id = $1 AND id = $2"
    ))
    .bind(&member.account_id)
    .bind(location_id)
    .fetch_optional(db)
    .await?;
    row.map(Row::into_location).ok_or(AppError::NotFound)
}

/// Adds a location; returns its new Location ID. The account's first
/// location becomes the headquarters and its address the legal address.
pub async fn add(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    form: &LocationForm,
) -> Result<String, AppError> {
    let (mut tx, member) = access::begin_edit(db, user_id, partner_id, Page::AddLocation).await?;
    // After the gate: a caller without the permission learns nothing from
    // field errors.
    let values = Values::checked(form)?;
    let (has_hq,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM locations WHERE account_id = $1 AND is_hq = 1")
            .bind(&member.account_id)
            .fetch_one(&mut *tx)
            .await?;
    let is_hq = has_hq == 0;
    let id = insert(&mut tx, &member.account_id, &values, is_hq).await?;
    activity::record(
        &mut tx,
        Event {
            action: Action::LocationAdded,
            actor_user_id: user_id,
            account_id: Some(&member.account_id),
            subject: Some(&id),
            old_value: None,
            new_value: Some(&values.name),
        },
    )
    .await?;
    if is_hq {
        legal_address::follow_headquarters(&mut tx, &member.account_id, user_id, form.address())
            .await?;
        enrollment::reevaluate(&mut tx, &member.account_id, user_id).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// Inserts the location under a new Location ID (drawn again in the
/// unlikely case it is taken).
async fn insert(
    tx: &mut Tx<'_>,
    account_id: &str,
    v: &Values,
    is_hq: bool,
) -> Result<String, AppError> {
    for _ in 0..3 {
        let id = new_location_id();
        let inserted = sqlx::query(
            "INSERT INTO locations (id, account_id, name, name_key, address_line1, address_line2,
                 city, region, postal_code, country, contact_name, contact_email, contact_phone,
                 is_hq, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(&id)
        .bind(account_id)
        .bind(&v.name)
        .bind(&v.name_key)
        .bind(&v.line1)
        .bind(&v.line2)
        .bind(&v.city)
        .bind(&v.region)
        .bind(&v.postal_code)
        .bind(&v.country)
        .bind(&v.contact_name)
        .bind(&v.contact_email)
        .bind(&v.contact_phone)
        .bind(i64::from(is_hq))
        .bind(now())
        .execute(&mut **tx)
        .await
        .map_err(name_taken)?;
        if inserted.rows_affected() == 1 {
            return Ok(id);
        }
    }
    Err(AppError::Internal)
}

/// "LOC-" and 8 characters of an alphabet without look-alikes (0/O, 1/I):
/// easy to read out on the phone, 40 random bits.
fn new_location_id() -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let mut rng = rand::thread_rng();
    let code: String = (0..8)
        .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
        .collect();
    format!("LOC-{code}")
}

/// The unique index on names, as the field error it means.
fn name_taken(error: sqlx::Error) -> AppError {
    if is_unique_violation(&error, "locations_name_key") {
        AppError::Invalid(vec![FieldError {
            field: "name".into(),
            problem: Problem::LocationNameTaken,
            value: None,
        }])
    } else {
        error.into()
    }
}

/// A valid form's values as stored.
struct Values {
    name: String,
    name_key: String,
    line1: String,
    line2: String,
    city: String,
    region: String,
    postal_code: String,
    country: String,
    contact_name: String,
    contact_email: String,
    contact_phone: String,
}

impl Values {
    fn checked(form: &LocationForm) -> Result<Values, AppError> {
        form.validate().map_err(AppError::Invalid)?;
        Ok(Values {
            name: form.name.trim().to_string(),
            name_key: form.name_key(),
            line1: form.address_line1.trim().to_string(),
            line2: form.address_line2.trim().to_string(),
            city: form.city.trim().to_string(),
            region: form.region.trim().to_string(),
            postal_code: form.address().postal_code(),
            country: form.country.clone(),
            contact_name: form.contact_name.trim().to_string(),
            contact_email: normalize_email(&form.contact_email),
            contact_phone: e164_digits(&form.contact_phone).unwrap_or_default(),
        })
    }
}

/// Saves a location if it is still at `version` (else `EditedMeanwhile`
/// with the location as saved now); returns the new version. The
/// headquarters' new address becomes the legal address.
pub async fn save(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    location_id: &str,
    form: &LocationForm,
    version: i64,
) -> Result<i64, AppError> {
    let result = write(db, user_id, partner_id, location_id, form, version).await;
    versions::with_latest(result, || async {
        let now = get(db, user_id, partner_id, location_id).await?;
        Latest::of(&Versioned {
            version: now.version,
            value: now.value.form,
        })
    })
    .await
}

async fn write(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    location_id: &str,
    form: &LocationForm,
    version: i64,
) -> Result<i64, AppError> {
    let (mut tx, member) = access::begin_edit(db, user_id, partner_id, Page::Location).await?;
    let account_id = member.account_id.as_str();
    let (old_name, is_hq) = find(&mut tx, account_id, location_id).await?;
    let values = Values::checked(form)?;
    let record = Record::Location {
        account_id,
        location_id,
    };
    let new_version = versions::bump(&mut tx, record, version).await?;
    sqlx::query(
        "UPDATE locations SET name = $3, name_key = $4, address_line1 = $5, address_line2 = $6,
             city = $7, region = $8, postal_code = $9, country = $10, contact_name = $11,
             contact_email = $12, contact_phone = $13, updated_at = $14
         WHERE account_id = $1 AND id = $2",
    )
    .bind(account_id)
    .bind(location_id)
    .bind(&values.name)
    .bind(&values.name_key)
    .bind(&values.line1)
    .bind(&values.line2)
    .bind(&values.city)
    .bind(&values.region)
    .bind(&values.postal_code)
    .bind(&values.country)
    .bind(&values.contact_name)
    .bind(&values.contact_email)
    .bind(&values.contact_phone)
    .bind(now())
    .execute(&mut *tx)
    .await
    .map_err(name_taken)?;
    activity::record(
        &mut tx,
        Event {
            action: Action::LocationUpdated,
            actor_user_id: user_id,
            account_id: Some(account_id),
            subject: Some(location_id),
            old_value: Some(&old_name),
            new_value: Some(&values.name),
        },
    )
    .await?;
    if is_hq
        && legal_address::follow_headquarters(&mut tx, account_id, user_id, form.address()).await?
    {
        enrollment::reevaluate(&mut tx, account_id, user_id).await?;
    }
    tx.commit().await?;
    Ok(new_version)
}

/// The location's name and whether it is the headquarters; `NotFound` when
/// the account has no such location.
async fn find(
    tx: &mut Tx<'_>,
    account_id: &str,
    location_id: &str,
) -> Result<(String, bool), AppError> {
    let row: Option<(String, i64)> =
        sqlx::query_as("SELECT name, is_hq FROM locations WHERE account_id = $1 AND id = $2")
            .bind(account_id)
            .bind(location_id)
            .fetch_optional(&mut **tx)
            .await?;
    let (name, is_hq) = row.ok_or(AppError::NotFound)?;
    Ok((name, is_hq != 0))
}

/// Makes the location the headquarters: its address becomes the legal
/// address (verification back to Pending, the primary contact emailed).
pub async fn make_headquarters(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    location_id: &str,
) -> Result<(), AppError> {
    let (mut tx, member) = access::begin_edit(db, user_id, partner_id, Page::Location).await?;
    let account_id = member.account_id.as_str();
    let (name, is_hq) = find(&mut tx, account_id, location_id).await?;
    if is_hq {
        return Ok(());
    }
    let old: Option<(String,)> =
        sqlx::query_as("SELECT name FROM locations WHERE account_id = $1 AND is_hq = 1")
            .bind(account_id)
            .fetch_optional(&mut *tx)
            .await?;
    // The old one first: at most one headquarters per account (a unique index).
    sqlx::query("UPDATE locations SET is_hq = 0 WHERE account_id = $1 AND is_hq = 1")
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE locations SET is_hq = 1 WHERE account_id = $1 AND id = $2")
        .bind(account_id)
        .bind(location_id)
        .execute(&mut *tx)
        .await?;
    activity::record(
        &mut tx,
        Event {
            action: Action::HeadquartersChanged,
            actor_user_id: user_id,
            account_id: Some(account_id),
            subject: Some(location_id),
            old_value: old.as_ref().map(|(n,)| n.as_str()),
            new_value: Some(&name),
        },
    )
    .await?;
    let stored: StoredAddress = sqlx::query_as(
        "SELECT address_line1, address_line2, city, region, postal_code, country
         FROM locations WHERE account_id = $1 AND id = $2",
    )
    .bind(account_id)
    .bind(location_id)
    .fetch_one(&mut *tx)
    .await?;
    if legal_address::follow_headquarters(&mut tx, account_id, user_id, stored.address()).await? {
        enrollment::reevaluate(&mut tx, account_id, user_id).await?;
    }
    tx.commit().await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct StoredAddress {
    address_line1: String,
    address_line2: String,
    city: String,
    region: String,
    postal_code: String,
    country: String,
}

impl StoredAddress {
    fn address(&self) -> Address<'_> {
        Address {
            line1: &self.address_line1,
            line2: &self.address_line2,
            city: &self.city,
            region: &self.region,
            postal_code: &self.postal_code,
            country: &self.country,
        }
    }
}

/// Removes a location (the page asks for confirmation; the event keeps its
/// name). The headquarters can't be removed: `HeadquartersKept`.
pub async fn remove(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    location_id: &str,
) -> Result<(), AppError> {
    let (mut tx, member) = access::begin_edit(db, user_id, partner_id, Page::Location).await?;
    let account_id = member.account_id.as_str();
    let (name, is_hq) = find(&mut tx, account_id, location_id).await?;
    if is_hq {
        return Err(AppError::Conflict(Conflict::HeadquartersKept));
    }
    sqlx::query("DELETE FROM locations WHERE account_id = $1 AND id = $2")
        .bind(account_id)
        .bind(location_id)
        .execute(&mut *tx)
        .await?;
    activity::record(
        &mut tx,
        Event {
            action: Action::LocationRemoved,
            actor_user_id: user_id,
            account_id: Some(account_id),
            subject: Some(location_id),
            old_value: Some(&name),
            new_value: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The Partner profile's address changed: the headquarters (if any) takes
/// it, so the two never differ. Its version advances (an open form on the
/// old address is refused rather than writing it back).
pub(crate) async fn follow_legal_address(
    tx: &mut Tx<'_>,
    account_id: &str,
    address: Address<'_>,
) -> Result<(), AppError> {
    let hq: Option<(String,)> =
        sqlx::query_as("SELECT id FROM locations WHERE account_id = $1 AND is_hq = 1")
            .bind(account_id)
            .fetch_optional(&mut **tx)
            .await?;
    let Some((location_id,)) = hq else {
        return Ok(());
    };
    sqlx::query(
        "UPDATE locations SET address_line1 = $3, address_line2 = $4, city = $5, region = $6,
             postal_code = $7, country = $8, updated_at = $9
         WHERE account_id = $1 AND id = $2",
    )
    .bind(account_id)
    .bind(&location_id)
    .bind(address.line1.trim())
    .bind(address.line2.trim())
    .bind(address.city.trim())
    .bind(address.region.trim())
    .bind(address.postal_code())
    .bind(address.country)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    versions::advance(
        tx,
        Record::Location {
            account_id,
            location_id: &location_id,
        },
    )
    .await?;
    Ok(())
}
