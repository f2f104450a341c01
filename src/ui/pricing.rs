//! Pricing and offers (SPEC §7): a month's price list, filtered by market
//! and currency in the page's address (shareable, works before the page
//! hydrates), a page at a time, with its CSV download; and the operators'
//! import of a month's list from a CSV file.

use crate::ui::common::loaded;
use crate::ui::common::{load, Loaded};
use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::api::pricing::{load_prices, ImportPrices};
use crate::i18n::*;
use crate::model::country;
use crate::model::dates::{month_name, number};
use crate::model::page::Page;
use crate::model::pricing::{
    csv_href, format_price, ImportOutcome, LineProblem, Marker, Price, PriceFilter, PricePage,
    RowProblem, FILE_COLUMNS,
};
use crate::model::{AppError, Language};
use crate::ui::action_form::answer_in_page;
use crate::ui::common::Loading;
use crate::ui::context::{use_shell, WithPage};
use crate::ui::download::{Counted, CsvDownload};
use crate::ui::errors::{error_text, fixed_problem, ErrorView};
use crate::ui::forms::BUTTON;
use crate::ui::i18n::from_locale;

/// Members' page: Workspace → Pricing and offers.
#[component]
pub fn PricingPage() -> impl IntoView {
    let shell = use_shell();
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let query = query.read();
        let get = |name: &str| query.get(name).unwrap_or_default();
        PriceFilter {
            month: get("month"),
            market: get("market"),
            currency: get("currency"),
        }
    });
    let after = Memo::new(move |_| query.read().get("after").unwrap_or_default());
    // Made here, outside WithPage: the server runs WithPage's children once
    // per rendering pass, and a resource made there loads once per pass.
    let list = load(
        move || (shell.partner_id(), filter.get(), after.get()),
        move |(partner_id, filter, after)| async move {
            load_prices(partner_id.ok_or(AppError::NotFound)?, filter, after).await
        },
    );
    view! {
        <h1 class="text-2xl font-semibold">{tr!(pricing.title)}</h1>
        <WithPage page=Page::Pricing>
            {move || shell.partner_id().map(|partner_id| view! { <PriceList partner_id filter list /> })}
        </WithPage>
    }
}

#[component]
fn PriceList(partner_id: i64, filter: Memo<PriceFilter>, list: Loaded<PricePage>) -> impl IntoView {
    let base = Page::Pricing.href(partner_id);
    let base = StoredValue::new(base);
    view! {
        <p class="mt-4 max-w-2xl text-slate-700">{tr!(pricing.intro)}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                // `try_`: see `ShellContext` (a request abandoned mid-render).
                let filter = filter.try_get_untracked().unwrap_or_default();
                match loaded(list).await {
                    Ok(page) => view! { <ListView partner_id base=base.get_value() filter page /> }.into_any(),
                    // A hand-edited address: the form says what's wrong.
                    Err(AppError::Invalid(errors)) => {
                        let empty = PricePage {
                            months: Vec::new(),
                            month: String::new(),
                            markets: Vec::new(),
                            rows: Vec::new(),
                            next: None,
                        };
                        view! { <FilterForm base=base.get_value() filter page=empty error=Some(AppError::Invalid(errors)) /> }.into_any()
                    }
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ListView(partner_id: i64, base: String, filter: PriceFilter, page: PricePage) -> impl IntoView {
    let i18n = use_i18n();
    if page.months.is_empty() {
        return view! { <p class="mt-4">{tr!(pricing.no_lists)}</p> }.into_any();
    }
    // The month shown, spelled out, so the export and the pages keep it.
    let shown = PriceFilter {
        month: page.month.clone(),
        ..filter.clone()
    };
    let query = shown.query();
    let first = format!("{base}?{query}");
    let next = page
        .next
        .as_ref()
        .map(|next| format!("{base}?{query}&after={next}"));
    let on_first_page = use_query_map()
        .read_untracked()
        .get("after")
        .is_none_or(|a| a.is_empty());
    let empty = page.rows.is_empty();
    let month = page.month.clone();
    let rows = page.rows.clone();
    view! {
        <FilterForm base filter=shown.clone() page error=None />
        <CsvDownload
            href=csv_href(partner_id, &shown)
            file_name=format!("prices-{}.csv", shown.month)
            counted=Counted::Prices
        />
        <section class="mt-6" aria-labelledby="price-rows">
            <h2 id="price-rows" class="text-lg font-semibold">
                {move || {
                    let month = month_name(&month, from_locale(i18n.get_locale()));
                    t_string!(i18n, pricing.list_of, month = month).to_string()
                }}
            </h2>
            {empty.then(|| view! { <p class="mt-2">{tr!(pricing.none)}</p> })}
            {(!empty).then(|| view! { <PriceTable rows /> })}
        </section>
        <nav class="mt-3 flex flex-wrap items-center gap-4" aria-label=tr_attr!(common.pagination)>
            {(!on_first_page).then(|| view! { <a class="text-blue-700 underline" href=first>{tr!(pricing.first_page)}</a> })}
            {next.map(|href| view! { <a class="text-blue-700 underline" href=href>{tr!(common.next)}</a> })}
        </nav>
    }
    .into_any()
}

/// The rows; on a narrow screen the table scrolls sideways in its own
/// frame (the page doesn't), which the frame's label announces.
#[component]
fn PriceTable(rows: Vec<Price>) -> impl IntoView {
    let i18n = use_i18n();
    let th = "px-3 py-2 text-left font-semibold whitespace-nowrap";
    let td = "px-3 py-2 align-top";
    view! {
        <div
            class="mt-2 max-w-full overflow-x-auto rounded border border-slate-200 bg-white"
            role="region"
            aria-label=tr_attr!(pricing.table_label)
            tabindex="0"
        >
            <table class="min-w-full text-sm">
                <thead class="bg-slate-50">
                    <tr>
                        <th scope="col" class=th>{tr!(pricing.offer)}</th>
                        <th scope="col" class=th>{tr!(pricing.offer_id)}</th>
                        <th scope="col" class=th>{tr!(pricing.market)}</th>
                        <th scope="col" class=th>{tr!(pricing.unit)}</th>
                        <th scope="col" class=format!("{th} text-right")>{tr!(pricing.list_price)}</th>
                        <th scope="col" class=th>{tr!(pricing.effective)}</th>
                        <th scope="col" class=th>{tr!(pricing.change)}</th>
                    </tr>
                </thead>
                <tbody class="divide-y divide-slate-200">
                    {rows.into_iter().map(|row| {
                        let marker = row.marker;
                        let price = row.list_price;
                        let currency = row.currency.clone();
                        let market = row.market.clone();
                        let period = format!("{} – {}", row.effective_start, row.effective_end);
                        view! {
                            <tr>
                                // Wide enough that a name takes two or three lines
                                // on a phone, where the table scrolls sideways.
                                <td class=format!("{td} min-w-48")>{row.offer_name}</td>
                                <td class=format!("{td} font-mono whitespace-nowrap")>{row.offer_id}</td>
                                <td class=format!("{td} whitespace-nowrap")>{move || market_name(&market, from_locale(i18n.get_locale()))}</td>
                                <td class=td>{row.unit}</td>
                                <td class=format!("{td} text-right whitespace-nowrap tabular-nums")>
                                    {move || money(price, &currency, from_locale(i18n.get_locale()))}
                                </td>
                                <td class=format!("{td} whitespace-nowrap")>{period}</td>
                                <td class=td><MarkerBadge marker /></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn MarkerBadge(marker: Option<Marker>) -> impl IntoView {
    let i18n = use_i18n();
    let class = match marker {
        Some(Marker::Add) => "bg-green-100 text-green-900",
        Some(Marker::Change) => "bg-amber-100 text-amber-900",
        Some(Marker::Delete) => "bg-red-100 text-red-900",
        _ => "bg-slate-100 text-slate-800",
    };
    view! {
        <span class=format!("inline-block whitespace-nowrap rounded px-2 py-0.5 text-xs font-medium {class}")>
            {move || marker_name(i18n, marker)}
        </span>
    }
}

pub fn marker_name(i18n: leptos_i18n::I18nContext<Locale>, marker: Option<Marker>) -> String {
    match marker {
        Some(Marker::Add) => t_string!(i18n, pricing.marker_add),
        Some(Marker::Change) => t_string!(i18n, pricing.marker_change),
        Some(Marker::Delete) => t_string!(i18n, pricing.marker_delete),
        Some(Marker::Unchanged) | None => t_string!(i18n, pricing.marker_unchanged),
    }
    .to_string()
}

/// `France (FR)`, or the code alone for a market the app has no name for.
fn market_name(code: &str, language: Language) -> String {
    match country::find(code) {
        Some(c) => format!("{} ({code})", c.name(language)),
        None => code.to_string(),
    }
}

/// `12.50 EUR`, with the reader's decimal separator.
fn money(value: i64, currency: &str, language: Language) -> String {
    let text = format_price(value);
    let text = match language {
        Language::Fr => text.replace('.', ","),
        Language::En => text,
    };
    format!("{text} {currency}")
}

/// The filters: a GET form, so the filtered list has an address.
#[component]
fn FilterForm(
    base: String,
    filter: PriceFilter,
    page: PricePage,
    error: Option<AppError>,
) -> impl IntoView {
    let i18n = use_i18n();
    let problem = move |field: &'static str| fixed_problem(i18n, &error, field);
    let input = "rounded border border-slate-400 px-3 py-2";
    let mut currencies: Vec<String> = page.markets.iter().map(|m| m.currency.clone()).collect();
    currencies.sort();
    currencies.dedup();
    let markets = StoredValue::new(page.markets.clone());
    let chosen_market = filter.market.clone();
    view! {
        <section class="mt-4 max-w-3xl" aria-labelledby="price-filters">
            <h2 id="price-filters" class="text-lg font-semibold">{tr!(pricing.filters)}</h2>
            <Form method="GET" action=base.clone() attr:class="mt-2 grid grid-cols-1 gap-3 sm:grid-cols-3">
                <div class="flex flex-col gap-1">
                    <label for="price-month" class="text-sm font-medium">{tr!(pricing.month)}</label>
                    <select id="price-month" name="month" class=input aria-describedby="price-month-error">
                        {page.months.iter().map(|m| {
                            let selected = *m == page.month;
                            let code = m.clone();
                            view! {
                                <option value=m.clone() selected=selected>
                                    {move || month_name(&code, from_locale(i18n.get_locale()))}
                                </option>
                            }
                        }).collect_view()}
                    </select>
                    <p id="price-month-error" class="text-sm text-red-700">{problem("month")}</p>
                </div>
                <div class="flex flex-col gap-1">
                    <label for="price-market" class="text-sm font-medium">{tr!(pricing.market)}</label>
                    <select id="price-market" name="market" class=input aria-describedby="price-market-error">
                        <option value="">{tr!(pricing.any_market)}</option>
                        {move || {
                            let language = from_locale(i18n.get_locale());
                            // In the reader's alphabetical order.
                            let mut named: Vec<(String, String)> = markets
                                .read_value()
                                .iter()
                                .map(|m| (market_name(&m.code, language), m.code.clone()))
                                .collect();
                            named.sort();
                            named.into_iter().map(|(name, code)| {
                                let selected = code == chosen_market;
                                view! { <option value=code selected=selected>{name}</option> }
                            }).collect_view()
                        }}
                    </select>
                    <p id="price-market-error" class="text-sm text-red-700">{problem("market")}</p>
                </div>
                <div class="flex flex-col gap-1">
                    <label for="price-currency" class="text-sm font-medium">{tr!(pricing.currency)}</label>
                    <select id="price-currency" name="currency" class=input aria-describedby="price-currency-error">
                        <option value="">{tr!(pricing.any_currency)}</option>
                        {currencies.into_iter().map(|c| {
                            let selected = c == filter.currency;
                            view! { <option value=c.clone() selected=selected>{c.clone()}</option> }
                        }).collect_view()}
                    </select>
                    <p id="price-currency-error" class="text-sm text-red-700">{problem("currency")}</p>
                </div>
                <div class="flex flex-wrap items-center gap-4 sm:col-span-3">
                    <button type="submit" class=BUTTON>{tr!(pricing.apply)}</button>
                    <a class="text-blue-700 underline" href=base>{tr!(pricing.clear)}</a>
                </div>
            </Form>
        </section>
    }
}

// ----- The operators' import -----

/// Operator console → Price lists: import a month from a CSV file.
#[component]
pub fn OperatorPricesPage() -> impl IntoView {
    let i18n = use_i18n();
    // A page rendered with the import's answer says what it did.
    let answer = answer_in_page::<ImportPrices>();
    let columns = FILE_COLUMNS.join(",");
    view! {
        <h1 class="text-2xl font-semibold">{tr!(pricing.import_title)}</h1>
        <p class="mt-4 max-w-2xl text-slate-700">{tr!(pricing.import_intro)}</p>
        <p class="mt-2 max-w-2xl text-sm text-slate-700">{tr!(pricing.import_columns)}</p>
        <p class="mt-1 max-w-full rounded bg-slate-100 p-2 font-mono text-xs break-all">{columns}</p>
        <form action=ImportPrices::url() method="post" enctype="multipart/form-data" class="mt-4 flex max-w-2xl flex-col gap-2">
            <label for="price-file" class="text-sm font-medium">{tr!(pricing.file)}</label>
            <input id="price-file" type="file" name="file" accept=".csv,text/csv" required class="max-w-full text-sm" />
            <div>
                <button type="submit" class=BUTTON>{tr!(pricing.import)}</button>
            </div>
        </form>
        <p role="status" class="mt-3 max-w-2xl">
            {match answer.clone() {
                Some(Ok(ImportOutcome::Imported { month, counts, replaced })) => {
                    let language = from_locale(i18n.get_locale());
                    let month = month_name(&month, language);
                    let n = |i: usize| number(counts[i], language);
                    let total = number(counts.iter().sum(), language);
                    let text = if replaced {
                        t_string!(i18n, pricing.replaced, month = month.clone(), total = total.clone())
                            .to_string()
                    } else {
                        t_string!(i18n, pricing.imported, month = month.clone(), total = total.clone())
                            .to_string()
                    };
                    let markers = t_string!(
                        i18n,
                        pricing.imported_markers,
                        add = n(0),
                        change = n(1),
                        delete = n(2),
                        unchanged = n(3)
                    )
                    .to_string();
                    Some(format!("{text} {markers}"))
                }
                _ => None,
            }}
        </p>
        <div role="alert" class="mt-3 max-w-2xl text-red-800">
            {match answer {
                Some(Ok(ImportOutcome::Rejected { problems, more })) => Some(view! {
                    <p class="font-medium">{tr!(pricing.rejected)}</p>
                    <ul class="mt-1 list-disc pl-6 text-sm">
                        {problems.into_iter().map(|p| view! { <li>{move || line_problem(i18n, &p)}</li> }).collect_view()}
                        {more.then(|| view! { <li>{tr!(pricing.more_problems)}</li> })}
                    </ul>
                }.into_any()),
                Some(Err(error)) => Some(view! { <p>{error_text(i18n, &error)}</p> }.into_any()),
                _ => None,
            }}
        </div>
    }
}

/// `Line 4: the currency isn't valid.`
fn line_problem(i18n: leptos_i18n::I18nContext<Locale>, p: &LineProblem) -> String {
    let line = p.line.to_string();
    let what = match &p.problem {
        RowProblem::Unreadable => t_string!(i18n, pricing.problem_unreadable).to_string(),
        RowProblem::ColumnCount { expected, found } => t_string!(
            i18n,
            pricing.problem_columns,
            expected = expected.to_string(),
            found = found.to_string()
        )
        .to_string(),
        RowProblem::Header => t_string!(i18n, pricing.problem_header).to_string(),
        RowProblem::Invalid { column } => {
            t_string!(i18n, pricing.problem_invalid, column = column.clone()).to_string()
        }
        RowProblem::EndBeforeStart => t_string!(i18n, pricing.problem_end_before_start).to_string(),
        RowProblem::OtherMonth { month } => {
            t_string!(i18n, pricing.problem_other_month, month = month.clone()).to_string()
        }
        RowProblem::OtherCurrency { currency } => t_string!(
            i18n,
            pricing.problem_other_currency,
            currency = currency.clone()
        )
        .to_string(),
        RowProblem::Duplicate { first } => {
            t_string!(i18n, pricing.problem_duplicate, first = first.to_string()).to_string()
        }
        RowProblem::NoRows => t_string!(i18n, pricing.problem_no_rows).to_string(),
    };
    t_string!(i18n, pricing.problem_line, line = line, problem = what).to_string()
}
