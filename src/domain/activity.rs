//! The audit trail. Every change calls [`record`] inside its own transaction,
//! so a change and its event commit or roll back together.

use super::access;
use super::operators::Operator;
use crate::db::{new_id, now, Db, Tx};
use crate::model::activity::{
    ActivityEntry, ActivityFilter, ActivityPage, Bounds, Cursor, Person, PAGE_SIZE, PEOPLE_LISTED,
};
use crate::model::page::Page;
use crate::model::{AppError, SettingsArea};

pub use crate::model::activity::Action;

/// One change: who did what to which account, with old and new values.
pub struct Event<'a> {
    pub action: Action,
    /// Empty for the system (the command line, scheduled work).
    pub actor_user_id: &'a str,
    /// `None` for changes that belong to the user rather than an account.
    pub account_id: Option<&'a str>,
    pub subject: Option<&'a str>,
    pub old_value: Option<&'a str>,
    pub new_value: Option<&'a str>,
}

pub async fn record(tx: &mut Tx<'_>, event: Event<'_>) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO activity_events
             (id, occurred_at, account_id, actor_user_id, action, subject, old_value, new_value)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(new_id())
    .bind(now())
    .bind(event.account_id)
    .bind(Some(event.actor_user_id).filter(|id| !id.is_empty()))
    .bind(event.action.code())
    .bind(event.subject)
    .bind(event.old_value)
    .bind(event.new_value)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

// ----- Reading the log -----

/// Events fetched per database round trip while exporting.
const EXPORT_BATCH: usize = 1_000;

#[derive(sqlx::FromRow)]
struct EntryRow {
    id: String,
    occurred_at: i64,
    action: String,
    actor_name: Option<String>,
    actor_email: Option<String>,
    subject: Option<String>,
    subject_name: Option<String>,
    old_value: Option<String>,
    new_value: Option<String>,
}

impl From<EntryRow> for ActivityEntry {
    fn from(row: EntryRow) -> Self {
        ActivityEntry {
            id: row.id,
            occurred_at: row.occurred_at,
            action: Action::from_code(&row.action),
            action_code: row.action,
            actor_name: row.actor_name,
            actor_email: row.actor_email,
            subject: row.subject,
            subject_name: row.subject_name,
            old_value: row.old_value,
            new_value: row.new_value,
        }
    }
}

/// One page of the account's log, newest first, for a member who may view
/// it (`page` is the Activity log of the area they opened).
pub async fn page(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    page: Page,
    filter: &ActivityFilter,
    after: Option<&str>,
) -> Result<ActivityPage, AppError> {
    let member = access::open(db, user_id, partner_id, page).await?;
    let bounds = filter.check().map_err(AppError::Invalid)?;
    log_page(
        db,
        &member.account_id,
        member.view.legal_name,
        &bounds,
        after,
    )
    .await
}

/// Any account's log, for an operator (SPEC §10).
pub async fn page_for_operator(
    db: &Db,
    _operator: &Operator,
    partner_id: i64,
    filter: &ActivityFilter,
    after: Option<&str>,
) -> Result<ActivityPage, AppError> {
    let bounds = filter.check().map_err(AppError::Invalid)?;
    let (account_id, name) = account_of(db, partner_id).await?;
    log_page(db, &account_id, name, &bounds, after).await
}

/// The account an export reads: the member's (who may view the log of at
/// least one area), or any for an operator. Checked before the first byte.
pub async fn export_account(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    operator: bool,
) -> Result<String, AppError> {
    if operator {
        return Ok(account_of(db, partner_id).await?.0);
    }
    let mut refusal = AppError::NotFound;
    for area in SettingsArea::ALL {
        match access::open(db, user_id, partner_id, Page::ActivityLog(area)).await {
            Ok(member) => return Ok(member.account_id),
            Err(AppError::NotFound) => {}
            Err(error) => refusal = error,
        }
    }
    Err(refusal)
}

async fn account_of(db: &Db, partner_id: i64) -> Result<(String, String), AppError> {
    sqlx::query_as("SELECT id, legal_name FROM accounts WHERE partner_id = $1")
        .bind(partner_id)
        .fetch_optional(db)
        .await?
        .ok_or(AppError::NotFound)
}

async fn log_page(
    db: &Db,
    account_id: &str,
    account_name: String,
    bounds: &Bounds,
    after: Option<&str>,
) -> Result<ActivityPage, AppError> {
    let after = match after.filter(|a| !a.is_empty()) {
        Some(text) => Some(Cursor::decode(text).ok_or(AppError::NotFound)?),
        None => None,
    };
    let mut entries = entries(db, account_id, bounds, after.as_ref(), PAGE_SIZE + 1).await?;
    let next = if entries.len() > PAGE_SIZE {
        entries.truncate(PAGE_SIZE);
        entries.last().map(|last| {
            Cursor {
                at: last.occurred_at,
                id: last.id.clone(),
            }
            .encode()
        })
    } else {
        None
    };
    // Listed only up to PEOPLE_LISTED members (counted on the membership
    // index, at most one more read): a big account's list is neither read
    // nor sent, and its filter takes an email. No row means too many (an
    // account always has a member).
    let people: Vec<Person> = sqlx::query_as::<_, (String, String, String)>(&format!(
        "SELECT u.id, u.display_name, u.email FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.account_id = $1
           AND (SELECT COUNT(*) FROM (SELECT 1 FROM memberships WHERE account_id = $1
                                      LIMIT {listed_and_one}) c) <= {PEOPLE_LISTED}
         ORDER BY u.display_name, u.email",
        listed_and_one = PEOPLE_LISTED + 1
    ))
    .bind(account_id)
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|(id, name, email)| Person { id, name, email })
    .collect();
    let people = (!people.is_empty()).then_some(people);
    Ok(ActivityPage {
        entries,
        next,
        people,
        account_name,
    })
}

/// Up to `limit` events of the account matching `bounds`, newest first,
/// after `after`: one query, on an index that starts with the account (and
/// the user or the action when filtered by them), never OFFSET.
async fn entries(
    db: &Db,
    account_id: &str,
    bounds: &Bounds,
    after: Option<&Cursor>,
    limit: usize,
) -> Result<Vec<ActivityEntry>, AppError> {
    // Placeholders are numbered as the conditions are added; the values are
    // bound in the same order below.
    let mut sql = String::from(
        "SELECT e.id, e.occurred_at, e.action, a.display_name AS actor_name,
                a.email AS actor_email, e.subject, s.display_name AS subject_name,
                e.old_value, e.new_value
         FROM activity_events e
         LEFT JOIN users a ON a.id = e.actor_user_id
         LEFT JOIN users s ON s.id = e.subject
         WHERE e.account_id = $1",
    );
    let mut n = 1;
    let mut next = || {
        n += 1;
        n
    };
    // A user's id, or their email (a big account's filter: one lookup).
    let user = bounds.user.as_deref().map(|u| {
        if u.contains('@') {
            (true, u.to_lowercase())
        } else {
            (false, u.to_string())
        }
    });
    match &user {
        Some((true, _)) => sql.push_str(&format!(
            " AND e.actor_user_id = (SELECT id FROM users WHERE email = ${})",
            next()
        )),
        Some((false, _)) => sql.push_str(&format!(" AND e.actor_user_id = ${}", next())),
        None => {}
    }
    if bounds.action.is_some() {
        sql.push_str(&format!(" AND e.action = ${}", next()));
    }
    if bounds.from.is_some() {
        sql.push_str(&format!(" AND e.occurred_at >= ${}", next()));
    }
    if bounds.before.is_some() {
        sql.push_str(&format!(" AND e.occurred_at < ${}", next()));
    }
    if after.is_some() {
        // A row value: both databases read it as one range of the index.
        let (at, id) = (next(), next());
        sql.push_str(&format!(" AND (e.occurred_at, e.id) < (${at}, ${id})"));
    }
    sql.push_str(&format!(
        " ORDER BY e.occurred_at DESC, e.id DESC LIMIT {limit}"
    ));
    let mut query = sqlx::query_as::<_, EntryRow>(&sql).bind(account_id);
    if let Some((_, user)) = user {
        query = query.bind(user);
    }
    if let Some(action) = bounds.action {
        query = query.bind(action.code());
    }
    if let Some(from) = bounds.from {
        query = query.bind(from);
    }
    if let Some(before) = bounds.before {
        query = query.bind(before);
    }
    if let Some(cursor) = after {
        query = query.bind(cursor.at).bind(&cursor.id);
    }
    Ok(query
        .fetch_all(db)
        .await?
        .into_iter()
        .map(ActivityEntry::from)
        .collect())
}

/// The account's filtered log as CSV, newest first, produced a batch at a
/// time (keyset, like the pages), so the server's memory stays flat however
/// many events there are. The header row names the columns by stable codes.
pub fn export_csv(
    db: Db,
    account_id: String,
    bounds: Bounds,
) -> impl futures_util::Stream<Item = Result<Vec<u8>, AppError>> + Send + 'static {
    struct State {
        db: Db,
        account_id: String,
        bounds: Bounds,
        after: Option<Cursor>,
        header: bool,
        done: bool,
    }
    let state = State {
        db,
        account_id,
        bounds,
        after: None,
        header: true,
        done: false,
    };
    futures_util::stream::try_unfold(state, |mut state| async move {
        if state.done {
            return Ok(None);
        }
        let batch = entries(
            &state.db,
            &state.account_id,
            &state.bounds,
            state.after.as_ref(),
            EXPORT_BATCH,
        )
        .await?;
        state.done = batch.len() < EXPORT_BATCH;
        state.after = batch.last().map(|last| Cursor {
            at: last.occurred_at,
            id: last.id.clone(),
        });
        let out = csv_rows(&batch, std::mem::take(&mut state.header))?;
        Ok(Some((out, state)))
    })
}

const CSV_COLUMNS: [&str; 9] = [
    "occurred_at_utc",
    "actor_name",
    "actor_email",
    "action",
    "subject",
    "subject_name",
    "old_value",
    "new_value",
    "event_id",
];

/// Events as CSV lines (with the header row first when `header`). The `csv`
/// crate quotes commas, quotes and line breaks; [`neutralise`] defuses
/// formulas.
pub fn csv_rows(entries: &[ActivityEntry], header: bool) -> Result<Vec<u8>, AppError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let failed = |error: csv::Error| {
        tracing::error!(%error, "csv export");
        AppError::Internal
    };
    if header {
        writer.write_record(CSV_COLUMNS).map_err(failed)?;
    }
    for entry in entries {
        let time = iso_time(entry.occurred_at);
        let cells = [
            time.as_str(),
            entry.actor_name.as_deref().unwrap_or_default(),
            entry.actor_email.as_deref().unwrap_or_default(),
            &entry.action_code,
            entry.subject.as_deref().unwrap_or_default(),
            entry.subject_name.as_deref().unwrap_or_default(),
            entry.old_value.as_deref().unwrap_or_default(),
            entry.new_value.as_deref().unwrap_or_default(),
            &entry.id,
        ];
        writer
            .write_record(cells.map(|cell| neutralise(cell).into_owned()))
            .map_err(failed)?;
    }
    writer
        .into_inner()
        .map_err(|error| failed(error.into_error().into()))
}

/// A cell a spreadsheet would run as a formula (starting with = + - @, a
/// tab or a carriage return) gets a leading apostrophe, as OWASP advises
/// against CSV injection; anything else is kept as it is.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// `2026-12-03T12:37:05Z`.
fn iso_time(secs: i64) -> String {
    let c = crate::model::dates::civil(secs);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        c.year,
        c.month,
        c.day,
        c.hour,
        c.minute,
        secs.rem_euclid(60)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(old: &str, new: &str) -> ActivityEntry {
        ActivityEntry {
            id: "e1".into(),
            occurred_at: 1_764_765_425,
            action: Some(Action::ProfileUpdated),
            action_code: "user.profile_updated".into(),
            actor_name: Some("Ana, \"the admin\"".into()),
            actor_email: Some("ana@example.com".into()),
            subject: None,
            subject_name: None,
            old_value: Some(old.into()),
            new_value: Some(new.into()),
        }
    }

    #[test]
    fn csv_quotes_commas_quotes_and_line_breaks() {
        let out = String::from_utf8(csv_rows(&[entry("a\nb", "x")], true).unwrap()).unwrap();
        let mut lines = out.splitn(2, '\n');
        assert_eq!(lines.next().unwrap(), CSV_COLUMNS.join(","));
        assert_eq!(
            lines.next().unwrap(),
            "2025-12-03T12:37:05Z,\"Ana, \"\"the admin\"\"\",ana@example.com,user.profile_updated,,,\"a\nb\",x,e1\n"
        );
    }

    #[test]
    fn csv_defuses_formulas() {
        for payload in [
            "=HYPERLINK(\"http://x\")",
            "+1+1",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
        ] {
            let out = String::from_utf8(csv_rows(&[entry(payload, "ok")], false).unwrap()).unwrap();
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(out.as_bytes());
            let record = reader.records().next().unwrap().unwrap();
            assert_eq!(&record[6], format!("'{payload}"), "{payload}");
            assert_eq!(&record[7], "ok");
        }
        assert_eq!(neutralise("plain = text"), "plain = text");
    }
}
