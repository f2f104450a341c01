//! Route parameters, the loading placeholder, and a searched list's search
//! box and page links, which many pages use.

use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_params_map;

use crate::model::AppError;
use crate::ui::forms::SECONDARY;

/// The codec a `Resource` names. Pages render on the server only, outside
/// any island, so Leptos writes no page's data into the page: this codec
/// never runs; postcard, as the server functions answer (see `api`).
pub type Codec = codee::binary::PostcardCodec;

/// A page's data, loaded by a server function.
pub type Loaded<T> = Resource<Result<T, AppError>, Codec>;

/// A resource whose data travels in [`Codec`]: `Resource::new` with
/// postcard instead of JSON.
#[track_caller]
pub fn load<S, T, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Resource<T, Codec>
where
    S: Send + Sync + Clone + PartialEq + 'static,
    T: serde::Serialize + serde::de::DeserializeOwned + Send + Sync + 'static,
    Fut: std::future::Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}

/// A value of the address as pages read it: the router's memo in the
/// browser, where it changes as the user navigates; on the server, its
/// value when the page is made (a request's address never changes while it
/// renders). The server renders a page's parts on several threads at once,
/// and a memo read on one thread while another computes it panics in
/// reactive_graph 0.2 ("already disposed"; scripts/soak.sh saw it under
/// load, in the section list and the account picker).
pub fn settled<T: Clone + Send + Sync + 'static>(memo: Memo<T>) -> Signal<T> {
    #[cfg(feature = "ssr")]
    {
        Signal::stored(memo.get_untracked())
    }
    #[cfg(not(feature = "ssr"))]
    {
        memo.into()
    }
}

/// The current path: the router's in the browser; on the server the
/// request's, read without the router's memo, which parts of the page
/// rendered on two threads at once may read first together (see
/// [`settled`]; soak.sh still saw it here when this read the memo once).
pub fn use_path() -> Signal<String> {
    #[cfg(feature = "ssr")]
    {
        let path =
            with_context::<axum::http::request::Parts, _>(|parts| parts.uri.path().to_string())
                .unwrap_or_default();
        Signal::stored(path)
    }
    #[cfg(not(feature = "ssr"))]
    {
        leptos_router::hooks::use_location().pathname.into()
    }
}

/// Whether the page at `path` is a link's (`aria-current="page"`): its
/// address, or a page under it unless `exact` (a member's page is under
/// Users). The one rule of every navigation in the app.
pub fn is_current(path: &str, href: &str, exact: bool) -> bool {
    path.strip_prefix(href)
        .is_some_and(|rest| rest.is_empty() || (!exact && rest.starts_with('/')))
}

/// Reads a route parameter (see [`settled`]).
pub fn use_param(name: &'static str) -> Signal<Option<String>> {
    let params = use_params_map();
    // `try_with`: a request abandoned mid-render has its values disposed
    // while its tasks may still run (see `ShellContext`).
    settled(Memo::new(move |_| {
        params.try_with(|p| p.get(name)).flatten()
    }))
}

/// The Partner ID in the URL (`/a/{pid}/…`); `None` when malformed.
pub fn use_partner_id() -> Signal<Option<i64>> {
    let raw = use_param("pid");
    settled(Memo::new(move |_| {
        raw.try_get()
            .flatten()
            .and_then(|s| s.parse::<i64>().ok())
            .filter(|id| *id > 0)
    }))
}

/// Leptos's `Show`, without its memo on the server. reactive_graph 0.2.16
/// lets a resource's waiting `Suspense` go on (`loading` cleared, waiters
/// told) before it marks the resource's subscribers dirty; a `when` memo
/// read in that gap on the other thread still holds its value from before
/// the resource loaded, and the server sends the fallback: an empty page
/// whose hydration then panics (seen once in a CI run of Playwright, on the
/// shell's `WithShell`). The server renders each part once, so it reads
/// `when` directly; the browser keeps the memo, so the children are not
/// rebuilt while the condition holds. Same markup on both sides.
#[component(transparent)]
pub fn Show<W, C>(
    children: leptos::children::TypedChildrenFn<C>,
    when: W,
    #[prop(optional, into)] fallback: leptos::children::ViewFn,
) -> impl IntoView
where
    W: Fn() -> bool + Send + Sync + 'static,
    C: IntoView + 'static,
{
    use leptos::either::Either;
    #[cfg(not(feature = "ssr"))]
    let when = {
        let memo = ArcMemo::new(move |_| when());
        move || memo.get()
    };
    let children = children.into_inner();
    move || match when() {
        true => Either::Left(children()),
        false => Either::Right(fallback.run()),
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="p-4 text-slate-600" role="status">{tr!(common.loading)}</p> }
}

/// A list's search box: a GET form to `action` sending the words as `q`.
#[component]
pub fn SearchBox(
    action: String,
    id: &'static str,
    #[prop(into)] label: Signal<&'static str>,
    query: String,
) -> impl IntoView {
    view! {
        <Form method="GET" action=action attr:class="mt-2 flex flex-wrap items-end gap-2" attr:role="search">
            <div class="flex min-w-0 flex-1 flex-col gap-1">
                <label for=id class="text-sm font-medium">{label}</label>
                <input id=id type="search" name="q" value=query class="rounded border border-slate-400 px-3 py-2" />
            </div>
            <button type="submit" class=SECONDARY>{tr!(common.search)}</button>
        </Form>
    }
}

/// A searched list's address: `base` with the search `query`.
pub fn searched(base: &str, query: &str) -> String {
    format!("{base}?q={}", leptos_router::location::Url::escape(query))
}

/// "Previous page · Next page" under a list paged by keyset
/// (`model::listing`) at `address` (its search and filters, after a `?`):
/// the links start after the page's last row or before its first; nothing
/// when the list fits one page.
#[component]
pub fn KeysetPager(
    address: String,
    previous: Option<String>,
    next: Option<String>,
) -> impl IntoView {
    use leptos_router::location::Url;
    let link = move |edge: &str, id: String| format!("{address}&{edge}={}", Url::escape(&id));
    (previous.is_some() || next.is_some()).then(|| {
        let previous = previous.map(|id| link("before", id));
        let next = next.map(|id| link("after", id));
        view! {
            <nav class="mt-3 flex items-center gap-3" aria-label=tr_attr!(common.pagination)>
                {previous.map(|href| view! { <a class="text-blue-700 underline" href=href>{tr!(common.previous)}</a> })}
                {next.map(|href| view! { <a class="text-blue-700 underline" href=href>{tr!(common.next)}</a> })}
            </nav>
        }
    })
}

/// Awaits a page's data inside its `Suspend`, for the view made from it.
///
/// On the server, `Suspense` walks its children twice before it renders
/// them (to find every resource they read), and a `Suspend` whose data has
/// loaded makes its whole view there each time, to be thrown away: the page
/// was made two or three times a request. Here the server's first poll of the
/// future says "not yet", which is all those walks see; the render polls
/// again and gets the data. The resources are started when the page is made
/// and the render awaits them, so nothing else changes. The browser awaits
/// the data directly (its hydration wants it at once).
#[cfg(feature = "ssr")]
pub async fn loaded<F: std::future::IntoFuture>(data: F) -> F::Output {
    // Pending at its first poll, ready at the next.
    tokio::task::yield_now().await;
    data.await
}

/// In the browser, the data itself (no wrapping future in the bundle).
#[cfg(not(feature = "ssr"))]
pub fn loaded<F: std::future::IntoFuture>(data: F) -> F::IntoFuture {
    data.into_future()
}

#[cfg(test)]
mod tests {
    use super::is_current;

    #[test]
    fn a_link_is_current_on_its_page_and_under_it_unless_exact() {
        assert!(is_current("/a/1/users", "/a/1/users", false));
        assert!(is_current("/a/1/users/7", "/a/1/users", false));
        assert!(!is_current("/a/1/users/7", "/a/1/users", true));
        assert!(is_current("/a/1", "/a/1", true));
        assert!(!is_current("/a/1/roles", "/a/1", true));
        // A longer name is another page, not one under it.
        assert!(!is_current("/a/1/users-archive", "/a/1/users", false));
        assert!(!is_current("/a/12", "/a/1", false));
    }
}
