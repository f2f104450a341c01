//! Pricing and offers (SPEC §7): members with ViewPricing read a month's
//! price list (filtered by market and currency, a page at a time, or as a
//! streamed CSV); operators import a month from a CSV file, which is read
//! row by row, checked whole (nothing is imported when a row is bad) and
//! written in one transaction with its change markers.

use std::collections::HashMap;

use super::access;
use super::activity::{self, neutralise, Action, Event};
use super::operators::Operator;
use crate::db::{Db, Tx};
use crate::model::page::Page;
use crate::model::pricing::{
    format_price, is_code, is_offer_id, parse_price, Cursor, ImportOutcome, LineProblem, Marker,
    Market, Price, PriceFilter, PricePage, RowProblem, FILE_COLUMNS, MAX_PROBLEMS, PAGE_SIZE,
};
use crate::model::validation::{FieldError, Problem};
use crate::model::AppError;

/// Rows fetched per database round trip while exporting.
const EXPORT_BATCH: usize = 1_000;
/// Rows per INSERT while importing (10 values each: well under both
/// databases' limits on bound values).
const INSERT_BATCH: usize = 100;
/// Longest offer name and unit a file may carry.
const NAME_MAX: usize = 200;
const UNIT_MAX: usize = 50;

/// A month's filters checked against what was imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bounds {
    pub month: String,
    pub market: Option<String>,
    pub currency: Option<String>,
}

#[derive(sqlx::FromRow)]
struct PriceRow {
    offer_id: String,
    offer_name: String,
    market: String,
    currency: String,
    unit: String,
    list_price: i64,
    effective_start: String,
    effective_end: String,
    marker: String,
}

impl From<PriceRow> for Price {
    fn from(row: PriceRow) -> Self {
        Price {
            marker: Marker::from_code(&row.marker),
            offer_id: row.offer_id,
            offer_name: row.offer_name,
            market: row.market,
            currency: row.currency,
            unit: row.unit,
            list_price: row.list_price,
            effective_start: row.effective_start,
            effective_end: row.effective_end,
        }
    }
}

/// One page of a month's price list, for a member who may view pricing.
/// Three queries: the member, the months and their markets, the rows.
pub async fn page(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    filter: &PriceFilter,
    after: Option<&str>,
) -> Result<PricePage, AppError> {
    access::open(db, user_id, partner_id, Page::Pricing).await?;
    let (months, markets, bounds) = choices(db, filter).await?;
    let Some(bounds) = bounds else {
        return Ok(PricePage {
            months,
            month: String::new(),
            markets,
            rows: Vec::new(),
            next: None,
        });
    };
    let after = match after.filter(|a| !a.is_empty()) {
        Some(text) => Some(Cursor::decode(text).ok_or(AppError::NotFound)?),
        None => None,
    };
    let mut rows = prices(db, &bounds, after.as_ref(), PAGE_SIZE + 1).await?;
    let next = if rows.len() > PAGE_SIZE {
        rows.truncate(PAGE_SIZE);
        rows.last().map(|last| {
            Cursor {
                market: last.market.clone(),
                offer_id: last.offer_id.clone(),
            }
            .encode()
        })
    } else {
        None
    };
    Ok(PricePage {
        months,
        month: bounds.month,
        markets,
        rows,
        next,
    })
}

/// The imported months (newest first), the chosen month's markets, and the
/// filter checked against them (`None` when nothing was imported yet). A
/// malformed value, or a month that wasn't imported, is an invalid field.
async fn choices(
    db: &Db,
    filter: &PriceFilter,
) -> Result<(Vec<String>, Vec<Market>, Option<Bounds>), AppError> {
    let malformed = filter.malformed();
    if !malformed.is_empty() {
        return Err(AppError::Invalid(
            malformed
                .into_iter()
                .map(|field| FieldError {
                    field: field.into(),
                    problem: Problem::UnknownChoice,
                    value: None,
                })
                .collect(),
        ));
    }
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT month, market, currency FROM price_list_markets ORDER BY month DESC, market",
    )
    .fetch_all(db)
    .await?;
    let mut months: Vec<String> = Vec::new();
    for (month, _, _) in &rows {
        if months.last() != Some(month) {
            months.push(month.clone());
        }
    }
    let wanted = filter.month.trim();
    let month = if wanted.is_empty() {
        match months.first() {
            Some(month) => month.clone(),
            None => return Ok((months, Vec::new(), None)),
        }
    } else if months.iter().any(|m| m == wanted) {
        wanted.to_string()
    } else {
        return Err(AppError::Invalid(vec![FieldError {
            field: "month".into(),
            problem: Problem::UnknownChoice,
            value: None,
        }]));
    };
    let markets = rows
        .into_iter()
        .filter(|(m, _, _)| *m == month)
        .map(|(_, code, currency)| Market { code, currency })
        .collect();
    let some = |text: &str| Some(text.trim().to_string()).filter(|t| !t.is_empty());
    Ok((
        months,
        markets,
        Some(Bounds {
            month,
            market: some(&filter.market),
            currency: some(&filter.currency),
        }),
    ))
}

/// Up to `limit` rows of the month matching `bounds`, in the list's order
/// (market, offer name, offer ID), after `after`: one query on an index
/// that starts with the month (and the currency when filtered by it).
async fn prices(
    db: &Db,
    bounds: &Bounds,
    after: Option<&Cursor>,
    limit: usize,
) -> Result<Vec<Price>, AppError> {
    let mut sql = String::from(
        "SELECT offer_id, offer_name, market, currency, unit, list_price, effective_start,
                effective_end, marker
         FROM prices WHERE month = $1",
    );
    let mut n = 1;
    let mut next = || {
        n += 1;
        n
    };
    if bounds.market.is_some() {
        sql.push_str(&format!(" AND market = ${}", next()));
    }
    if bounds.currency.is_some() {
        sql.push_str(&format!(" AND currency = ${}", next()));
    }
    if after.is_some() {
        // A row value (one index range on both databases); the offer name
        // of the last row shown is read back rather than carried in the
        // address.
        let (market, id) = (next(), next());
        sql.push_str(&format!(
            " AND (market, offer_name, offer_id) > (${market},
                 (SELECT offer_name FROM prices WHERE month = $1 AND market = ${market} AND offer_id = ${id}),
                 ${id})"
        ));
    }
    sql.push_str(&format!(
        " ORDER BY market, offer_name, offer_id LIMIT {limit}"
    ));
    let mut query = sqlx::query_as::<_, PriceRow>(&sql).bind(&bounds.month);
    if let Some(market) = &bounds.market {
        query = query.bind(market);
    }
    if let Some(currency) = &bounds.currency {
        query = query.bind(currency);
    }
    if let Some(cursor) = after {
        query = query.bind(&cursor.market).bind(&cursor.offer_id);
    }
    Ok(query
        .fetch_all(db)
        .await?
        .into_iter()
        .map(Price::from)
        .collect())
}

/// The filter of an export, checked for a member who may view pricing
/// (before the first byte).
pub async fn export_bounds(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    filter: &PriceFilter,
) -> Result<Option<Bounds>, AppError> {
    access::open(db, user_id, partner_id, Page::Pricing).await?;
    Ok(choices(db, filter).await?.2)
}

/// The filtered month as CSV, produced a batch at a time (keyset, like the
/// pages), so the server's memory stays flat whatever the list's size.
/// `None` (nothing imported yet) gives the header row alone.
pub fn export_csv(
    db: Db,
    bounds: Option<Bounds>,
) -> impl futures_util::Stream<Item = Result<Vec<u8>, AppError>> + Send + 'static {
    struct State {
        db: Db,
        bounds: Option<Bounds>,
        after: Option<Cursor>,
        header: bool,
        done: bool,
    }
    let state = State {
        db,
        bounds,
        after: None,
        header: true,
        done: false,
    };
    futures_util::stream::try_unfold(state, |mut state| async move {
        if state.done {
            return Ok(None);
        }
        let batch = match &state.bounds {
            Some(bounds) => prices(&state.db, bounds, state.after.as_ref(), EXPORT_BATCH).await?,
            None => Vec::new(),
        };
        state.done = batch.len() < EXPORT_BATCH;
        state.after = batch.last().map(|last| Cursor {
            market: last.market.clone(),
            offer_id: last.offer_id.clone(),
        });
        let out = csv_rows(&batch, std::mem::take(&mut state.header))?;
        Ok(Some((out, state)))
    })
}

/// Rows as CSV lines: the file's columns (so an export can be imported
/// again) and the change marker.
pub fn csv_rows(rows: &[Price], header: bool) -> Result<Vec<u8>, AppError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let failed = |error: csv::Error| {
        tracing::error!(%error, "csv export");
        AppError::Internal
    };
    if header {
        let mut columns = FILE_COLUMNS.to_vec();
        columns.push("change");
        writer.write_record(columns).map_err(failed)?;
    }
    for row in rows {
        let price = format_price(row.list_price);
        let cells = [
            row.effective_start.as_str(),
            &row.effective_end,
            &row.offer_id,
            &row.offer_name,
            &row.market,
            &row.currency,
            &row.unit,
            &price,
            row.marker.map_or("", Marker::code),
        ];
        writer
            .write_record(cells.map(|cell| neutralise(cell).into_owned()))
            .map_err(failed)?;
    }
    writer
        .into_inner()
        .map_err(|error| failed(error.into_error().into()))
}

// ----- Importing a month -----

/// What has been read of a file so far.
#[derive(Default)]
struct Reading {
    month: Option<String>,
    /// (market, offer ID) → its line, for duplicates.
    seen: HashMap<(String, String), u64>,
    /// Market → its currency.
    currencies: HashMap<String, String>,
    problems: Vec<LineProblem>,
    more: bool,
    rows: u64,
}

impl Reading {
    fn problem(&mut self, line: u64, problem: RowProblem) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(LineProblem { line, problem });
        } else {
            self.more = true;
        }
    }

    /// The row at `line`, checked against its columns' rules and the rows
    /// before it; `None` (with its problems noted) when it is bad.
    fn check(&mut self, line: u64, record: &csv::StringRecord) -> Option<Price> {
        if record.len() != FILE_COLUMNS.len() {
            self.problem(
                line,
                RowProblem::ColumnCount {
                    expected: FILE_COLUMNS.len(),
                    found: record.len(),
                },
            );
            return None;
        }
        let cell = |i: usize| record.get(i).unwrap_or_default().trim();
        let before = self.problems.len() + usize::from(self.more);
        let invalid = |reading: &mut Reading, column: usize, ok: bool| {
            if !ok {
                reading.problem(
                    line,
                    RowProblem::Invalid {
                        column: FILE_COLUMNS[column].into(),
                    },
                );
            }
        };
        let (start, end) = (cell(0), cell(1));
        let start_day = crate::model::dates::parse_date(start);
        let end_day = crate::model::dates::parse_date(end);
        invalid(self, 0, start_day.is_some());
        invalid(self, 1, end_day.is_some());
        invalid(self, 2, is_offer_id(cell(2)));
        let name = cell(3);
        invalid(
            self,
            3,
            !name.is_empty() && name.chars().count() <= NAME_MAX && !has_control(name),
        );
        invalid(self, 4, is_code(cell(4), 2));
        invalid(self, 5, is_code(cell(5), 3));
        let unit = cell(6);
        invalid(
            self,
            6,
            !unit.is_empty() && unit.chars().count() <= UNIT_MAX && !has_control(unit),
        );
        let price = parse_price(cell(7));
        invalid(self, 7, price.is_some());
        if let (Some(s), Some(e)) = (start_day, end_day) {
            if e < s {
                self.problem(line, RowProblem::EndBeforeStart);
            }
            let month = &start[..7];
            match &self.month {
                None => self.month = Some(month.to_string()),
                Some(first) if first != month => {
                    let month = first.clone();
                    self.problem(line, RowProblem::OtherMonth { month });
                }
                Some(_) => {}
            }
        }
        let (market, currency) = (cell(4).to_string(), cell(5).to_string());
        if is_code(&market, 2) && is_code(&currency, 3) {
            match self.currencies.get(&market) {
                Some(first) if *first != currency => {
                    let currency = first.clone();
                    self.problem(line, RowProblem::OtherCurrency { currency });
                }
                Some(_) => {}
                None => {
                    self.currencies.insert(market.clone(), currency.clone());
                }
            }
        }
        let key = (market.clone(), cell(2).to_string());
        if let Some(&first) = self.seen.get(&key) {
            self.problem(line, RowProblem::Duplicate { first });
        } else {
            self.seen.insert(key, line);
        }
        if self.problems.len() + usize::from(self.more) > before {
            return None;
        }
        // A checked row: its marker comes once the month is in.
        Some(Price {
            effective_start: start.into(),
            effective_end: end.into(),
            offer_id: cell(2).into(),
            offer_name: name.into(),
            market,
            currency,
            unit: unit.into(),
            list_price: price?,
            marker: None,
        })
    }
}

fn has_control(text: &str) -> bool {
    text.chars().any(char::is_control)
}

/// Who imports: an operator in the console, or the command line (the
/// system: the event has no actor).
#[derive(Clone, Copy)]
pub enum Importer<'a> {
    Operator(&'a Operator),
    CommandLine,
}

/// Imports a month's price list from CSV (`FILE_COLUMNS`, header first):
/// every row is checked as it is read (problems reported by line, at most
/// `MAX_PROBLEMS`); when all are good, the month's list is replaced, its
/// change markers computed (and the next month's, when it was imported
/// already), all in one transaction with its activity event. Rows go to the
/// database a batch at a time while reading, so a file is never held whole.
pub async fn import(
    db: &Db,
    importer: Importer<'_>,
    input: impl std::io::Read + Send,
) -> Result<ImportOutcome, AppError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let mut record = csv::StringRecord::new();
    let mut reading = Reading::default();
    let rejected = |reading: Reading| ImportOutcome::Rejected {
        problems: reading.problems,
        more: reading.more,
    };
    // The header row names the columns, in order.
    match reader.read_record(&mut record) {
        Ok(true) => {
            let names: Vec<String> = record
                .iter()
                .map(|c| c.trim().trim_start_matches('\u{feff}').to_lowercase())
                .collect();
            if names != FILE_COLUMNS {
                reading.problem(1, RowProblem::Header);
                return Ok(rejected(reading));
            }
        }
        Ok(false) | Err(_) => {
            reading.problem(1, RowProblem::Header);
            return Ok(rejected(reading));
        }
    }
    let mut tx: Option<Tx<'_>> = None;
    let mut batch: Vec<Price> = Vec::with_capacity(INSERT_BATCH);
    let mut replaced = false;
    loop {
        let line = record.position().map_or(0, |p| p.line()) + 1;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => {
                let line = error.position().map_or(line, |p| p.line());
                reading.problem(line, RowProblem::Unreadable);
                break;
            }
        }
        let line = record.position().map_or(line, |p| p.line());
        reading.rows += 1;
        let Some(row) = reading.check(line, &record) else {
            continue;
        };
        if !reading.problems.is_empty() {
            // Already rejected: keep reading only to report.
            continue;
        }
        if tx.is_none() {
            let month = reading.month.clone().unwrap_or_default();
            let mut started = crate::db::begin(db).await?;
            lock_month(&mut started, &month).await?;
            replaced = clear_month(&mut started, &month).await?;
            tx = Some(started);
        }
        batch.push(row);
        if batch.len() == INSERT_BATCH {
            if let Some(tx) = tx.as_mut() {
                insert_rows(tx, reading.month.as_deref().unwrap_or_default(), &batch).await?;
            }
            batch.clear();
        }
    }
    if reading.rows == 0 {
        reading.problem(2, RowProblem::NoRows);
    }
    let (Some(mut tx), true) = (tx, reading.problems.is_empty()) else {
        // Dropping the transaction rolls back what was written.
        return Ok(rejected(reading));
    };
    let month = reading.month.clone().unwrap_or_default();
    insert_rows(&mut tx, &month, &batch).await?;
    finish_month(&mut tx, &month).await?;
    let next = next_month(&month);
    let next_exists: Option<(String,)> =
        sqlx::query_as("SELECT month FROM price_list_markets WHERE month = $1 LIMIT 1")
            .bind(&next)
            .fetch_optional(&mut *tx)
            .await?;
    if next_exists.is_some() {
        finish_month(&mut tx, &next).await?;
    }
    let counts = marker_counts(&mut tx, &month).await?;
    let actor = match importer {
        Importer::Operator(operator) => operator.user_id.as_str(),
        Importer::CommandLine => "",
    };
    let total: i64 = counts.iter().sum();
    activity::record(
        &mut tx,
        Event {
            action: Action::PriceListImported,
            actor_user_id: actor,
            account_id: None,
            subject: Some(&month),
            old_value: None,
            new_value: Some(&total.to_string()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(ImportOutcome::Imported {
        month,
        counts,
        replaced,
    })
}

/// Takes the month's import lock (until the transaction ends): a second
/// import of the same month waits here, then replaces the first, as it
/// would a minute later. (Without it both inserted the month's rows and the
/// second failed on their keys: a 500 on PostgreSQL.)
async fn lock_month(tx: &mut Tx<'_>, month: &str) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO price_import_locks (month, imports) VALUES ($1, 1)
         ON CONFLICT (month) DO UPDATE SET imports = price_import_locks.imports + 1",
    )
    .bind(month)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Empties the month (an import replaces it); whether it held anything.
async fn clear_month(tx: &mut Tx<'_>, month: &str) -> Result<bool, AppError> {
    let removed = sqlx::query("DELETE FROM price_list_markets WHERE month = $1")
        .bind(month)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    sqlx::query("DELETE FROM prices WHERE month = $1")
        .bind(month)
        .execute(&mut **tx)
        .await?;
    Ok(removed > 0)
}

async fn insert_rows(tx: &mut Tx<'_>, month: &str, rows: &[Price]) -> Result<(), AppError> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut sql = String::from(
        "INSERT INTO prices (month, market, offer_id, offer_name, currency, unit, list_price,
                             effective_start, effective_end, marker) VALUES ",
    );
    for i in 0..rows.len() {
        let b = i * 9;
        if i > 0 {
            sql.push(',');
        }
        sql.push_str(&format!(
            "($1, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})",
            b + 2,
            b + 3,
            b + 4,
            b + 5,
            b + 6,
            b + 7,
            b + 8,
            b + 9,
            b + 10
        ));
    }
    let mut query = sqlx::query(&sql).bind(month);
    for row in rows {
        query = query
            .bind(&row.market)
            .bind(&row.offer_id)
            .bind(&row.offer_name)
            .bind(&row.currency)
            .bind(&row.unit)
            .bind(row.list_price)
            .bind(&row.effective_start)
            .bind(&row.effective_end)
            .bind(Marker::Unchanged.code());
    }
    query.execute(&mut **tx).await?;
    Ok(())
}

/// Sets the month's change markers against the month before (in SQL, on
/// the primary key: no row travels), adds a DEL row for each price of the
/// month before that is gone, and lists the month's markets.
async fn finish_month(tx: &mut Tx<'_>, month: &str) -> Result<(), AppError> {
    let previous = previous_month(month);
    sqlx::query("DELETE FROM prices WHERE month = $1 AND marker = 'DEL'")
        .bind(month)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "UPDATE prices SET marker = COALESCE((
             SELECT CASE WHEN p.list_price = prices.list_price AND p.currency = prices.currency
                              AND p.unit = prices.unit
                         THEN 'UNC' ELSE 'CHG' END
             FROM prices p
             WHERE p.month = $2 AND p.market = prices.market AND p.offer_id = prices.offer_id
               AND p.marker <> 'DEL'), 'ADD')
         WHERE month = $1",
    )
    .bind(month)
    .bind(&previous)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO prices (month, market, offer_id, offer_name, currency, unit, list_price,
                             effective_start, effective_end, marker)
         SELECT $1, p.market, p.offer_id, p.offer_name, p.currency, p.unit, p.list_price,
                $3, $4, 'DEL'
         FROM prices p
         WHERE p.month = $2 AND p.marker <> 'DEL'
           AND NOT EXISTS (SELECT 1 FROM prices c
                           WHERE c.month = $1 AND c.market = p.market AND c.offer_id = p.offer_id)",
    )
    .bind(month)
    .bind(&previous)
    .bind(format!("{month}-01"))
    .bind(month_end(month))
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM price_list_markets WHERE month = $1")
        .bind(month)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO price_list_markets (month, market, currency, rows)
         SELECT month, market, MIN(currency), COUNT(*) FROM prices WHERE month = $1
         GROUP BY month, market",
    )
    .bind(month)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The month's rows per marker, in `Marker::ALL` order.
async fn marker_counts(tx: &mut Tx<'_>, month: &str) -> Result<[i64; 4], AppError> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT marker, COUNT(*) FROM prices WHERE month = $1 GROUP BY marker")
            .bind(month)
            .fetch_all(&mut **tx)
            .await?;
    let mut counts = [0; 4];
    for (code, count) in rows {
        if let Some(i) = Marker::ALL.iter().position(|m| m.code() == code) {
            counts[i] = count;
        }
    }
    Ok(counts)
}

/// `2026-01` → `2025-12`.
pub fn previous_month(month: &str) -> String {
    let (year, m) = split_month(month);
    if m == 1 {
        format!("{:04}-12", year - 1)
    } else {
        format!("{year:04}-{:02}", m - 1)
    }
}

/// `2025-12` → `2026-01`.
pub fn next_month(month: &str) -> String {
    let (year, m) = split_month(month);
    if m == 12 {
        format!("{:04}-01", year + 1)
    } else {
        format!("{year:04}-{:02}", m + 1)
    }
}

/// The month's last day, `2024-02` → `2024-02-29`.
pub fn month_end(month: &str) -> String {
    let next = crate::model::dates::parse_date(&format!("{}-01", next_month(month)));
    let last = next.map_or(0, |day| day - 86_400);
    crate::db::utc_date(last)
}

fn split_month(month: &str) -> (i32, u32) {
    let year = month.get(..4).and_then(|y| y.parse().ok()).unwrap_or(1970);
    let m = month.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1);
    (year, m)
}

// ----- Demo data -----

/// The demo's markets: code, currency, US dollars → currency (per cent),
/// and the currency's smallest unit in ten-thousandths.
const MARKETS: [(&str, &str, i64, i64); 30] = [
    ("AE", "AED", 367, 100),
    ("AT", "EUR", 92, 100),
    ("AU", "AUD", 152, 100),
    ("BE", "EUR", 92, 100),
    ("BR", "BRL", 497, 100),
    ("CA", "CAD", 136, 100),
    ("CH", "CHF", 88, 100),
    ("CZ", "CZK", 2_320, 100),
    ("DE", "EUR", 92, 100),
    ("DK", "DKK", 687, 100),
    ("ES", "EUR", 92, 100),
    ("FI", "EUR", 92, 100),
    ("FR", "EUR", 92, 100),
    ("GB", "GBP", 79, 100),
    ("IE", "EUR", 92, 100),
    ("IL", "ILS", 371, 100),
    ("IN", "INR", 8_300, 100),
    ("IT", "EUR", 92, 100),
    ("JP", "JPY", 15_000, 10_000),
    ("KR", "KRW", 135_000, 10_000),
    ("MX", "MXN", 1_710, 100),
    ("NL", "EUR", 92, 100),
    ("NO", "NOK", 1_060, 100),
    ("NZ", "NZD", 164, 100),
    ("PL", "PLN", 398, 100),
    ("PT", "EUR", 92, 100),
    ("SE", "SEK", 1_050, 100),
    ("SG", "SGD", 134, 100),
    ("US", "USD", 100, 100),
    ("ZA", "ZAR", 1_870, 100),
];

/// The demo's price lists: `months` months ending with December 2026, the
/// catalog's offers in 30 markets (about 58,700 rows a month), generated by
/// the database itself (one INSERT … SELECT a month) from the offers'
/// order: each price moves twice a year, a few offers leave a market or
/// pause for a month. Markers and markets are computed by the same code as
/// an import. Does nothing when any price list exists.
pub async fn seed_demo(db: &Db, months: u32) -> Result<bool, AppError> {
    let any: Option<(String,)> = sqlx::query_as("SELECT month FROM price_list_markets LIMIT 1")
        .fetch_optional(db)
        .await?;
    if any.is_some() || months == 0 {
        return Ok(false);
    }
    let markets: Vec<String> = MARKETS
        .iter()
        .enumerate()
        .map(|(k, (code, currency, fx, unit))| {
            format!("('{code}', '{currency}', {fx}, {unit}, {k})")
        })
        .collect();
    let markets = markets.join(", ");
    let months = months.min(12);
    for m in (13 - months)..=12 {
        let month = format!("2026-{m:02}");
        let mut tx = crate::db::begin(db).await?;
        // Integer arithmetic only (the same on both databases): a base
        // price of $1.00–$499.90, up 4 % at each of two yearly steps.
        sqlx::query(&format!(
            "WITH mk (code, currency, fx, unit, k) AS (VALUES {markets}),
                  o AS (SELECT offer_id, name,
                               ROW_NUMBER() OVER (ORDER BY offer_id) AS n FROM offers)
             INSERT INTO prices (month, market, offer_id, offer_name, currency, unit,
                                 list_price, effective_start, effective_end, marker)
             SELECT $1, mk.code, o.offer_id, o.name, mk.currency,
                    CASE o.n % 3 WHEN 0 THEN 'Licenses' WHEN 1 THEN 'Per user per month'
                                 ELSE 'Per year' END,
                    CAST((CAST(o.n * 7919 % 4990 + 10 AS BIGINT) * 1000
                          * (100 + 4 * ((o.n % 6 + {m}) / 6)) / 100 * mk.fx / 100)
                         / mk.unit * mk.unit AS BIGINT),
                    $2, $3, 'UNC'
             FROM o CROSS JOIN mk
             WHERE o.n % 40 <> {m} AND (o.n + mk.k) % 29 <> 0"
        ))
        .bind(&month)
        .bind(format!("{month}-01"))
        .bind(month_end(&month))
        .execute(&mut *tx)
        .await?;
        finish_month(&mut tx, &month).await?;
        tx.commit().await?;
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_step_across_years() {
        assert_eq!(previous_month("2026-01"), "2025-12");
        assert_eq!(previous_month("2026-11"), "2026-10");
        assert_eq!(next_month("2025-12"), "2026-01");
        assert_eq!(month_end("2024-02"), "2024-02-29");
        assert_eq!(month_end("2026-04"), "2026-04-30");
        assert_eq!(month_end("2026-12"), "2026-12-31");
    }

    #[test]
    fn rows_are_checked_column_by_column() {
        let mut reading = Reading::default();
        let good = csv::StringRecord::from(vec![
            "2026-11-01",
            "2026-11-30",
            "CFQ7TTC0LH18",
            "Microsoft 365 E3",
            "FR",
            "EUR",
            "Per user per month",
            "33.60",
        ]);
        assert!(reading.check(2, &good).is_some());
        assert!(reading.check(3, &good).is_none(), "the same offer twice");
        let mut bad = good.clone();
        bad = csv::StringRecord::from(
            bad.iter()
                .enumerate()
                .map(|(i, c)| match i {
                    2 => "DE-1",
                    4 => "DE",
                    5 => "eur",
                    7 => "33,60",
                    _ => c,
                })
                .collect::<Vec<_>>(),
        );
        assert!(reading.check(4, &bad).is_none());
        let columns: Vec<_> = reading
            .problems
            .iter()
            .filter(|p| p.line == 4)
            .map(|p| p.problem.clone())
            .collect();
        assert_eq!(
            columns,
            [
                RowProblem::Invalid {
                    column: "currency".into()
                },
                RowProblem::Invalid {
                    column: "list_price".into()
                }
            ]
        );
        assert_eq!(
            reading.problems[0].problem,
            RowProblem::Duplicate { first: 2 }
        );
    }
}
