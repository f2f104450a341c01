//! The form that saves through a server function: `ActionForm` and its
//! `FormAction`, used as leptos' own pair is.
//!
//! Why not leptos' `ActionForm`: in the browser it decodes the form into the
//! server function's typed arguments (serde_qs), only for the `Url` codec to
//! encode them again before posting; that decoder was the largest file every
//! form page loads (29 KB brotli). This one posts the form's fields
//! urlencoded, exactly as the browser does without JavaScript, and the server
//! decodes them as before. Answers come back in Postcard like every other
//! server function's.

use std::marker::PhantomData;

use leptos::prelude::*;
use leptos::server::ServerActionError;
use leptos::server_fn::client::Client;
use leptos::server_fn::codec::{FromRes, PostUrl, Postcard};
use leptos::server_fn::error::{FromServerFnError, ServerFnUrlError};
use leptos::server_fn::request::ClientReq;
use leptos::server_fn::response::ClientRes;
use leptos::server_fn::{ContentType, Http, ServerFn};

type Answer<S> = Result<<S as ServerFn>::Output, <S as ServerFn>::Error>;

/// A server function called with a form's urlencoded fields: `value()`,
/// `pending()` and `version()` as a `ServerAction`'s.
pub struct FormAction<S: ServerFn> {
    action: Action<String, Answer<S>>,
    server_fn: PhantomData<fn() -> S>,
}

impl<S: ServerFn> Clone for FormAction<S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S: ServerFn> Copy for FormAction<S> {}

impl<S: ServerFn> std::ops::Deref for FormAction<S> {
    type Target = Action<String, Answer<S>>;

    fn deref(&self) -> &Self::Target {
        &self.action
    }
}

impl<S> FormAction<S>
where
    S: ServerFn<Protocol = Http<PostUrl, Postcard>> + 'static,
    S::Client: Client<S::Error>,
    S::Output: FromRes<Postcard, <S::Client as Client<S::Error>>::Response, S::Error>
        + serde::de::DeserializeOwned
        + Send
        + Sync
        + 'static,
    S::Error: FromServerFnError + Send + Sync + 'static,
{
    #[allow(clippy::new_without_default)] // made in a component, like a signal
    pub fn new() -> Self {
        Self::answering(None)
    }

    /// The action of one of several forms of the page posting to the same
    /// server function (a card or a row each): a page rendered with a save's
    /// answer (`ANSWER_HEADER`) shows it only in the form whose hidden field
    /// `name` held `value`.
    pub fn for_form(name: &'static str, value: impl Into<String>) -> Self {
        Self::answering(Some((name, value.into())))
    }

    fn answering(form: Option<(&'static str, String)>) -> Self {
        // A form posted without JavaScript comes back to its page with the
        // error in the address (leptos_axum): show it as this action's.
        let error = use_context::<ServerActionError>()
            .filter(|error| error.path() == S::PATH)
            .map(|error| Err(ServerFnUrlError::<S::Error>::decode_err(error.err())));
        #[cfg(feature = "ssr")]
        let error = error.or_else(|| answered::<S>(form));
        #[cfg(not(feature = "ssr"))]
        let _ = form;
        FormAction {
            action: Action::new_with_value(error, |fields: &String| post::<S>(fields.clone())),
            server_fn: PhantomData,
        }
    }
}

impl<S: ServerFn> FormAction<S>
where
    S::Output: Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
    /// A page rendered with this action's successful answer
    /// (`ANSWER_HEADER`) sends the browser to `to`'s page, as a redirect.
    pub fn redirect_after_save(self, to: impl FnOnce(&S::Output) -> String) {
        #[cfg(feature = "ssr")]
        if let Some(to) = self.action.value().with_untracked(|answer| match answer {
            Some(Ok(output)) => Some(to(output)),
            _ => None,
        }) {
            leptos_axum::redirect(&to);
        }
        #[cfg(not(feature = "ssr"))]
        let _ = to;
    }
}

/// The forms (`crate::ui::shell::behaviour`): after a save,
/// the browser asks for its page again with the server function's answer in
/// this header, "{path} ok|err {hex of the answer's bytes} {the form's
/// hidden fields, urlencoded}", and the server renders the page as the
/// browser would have after that answer. A header, not the address: a link
/// can't make a page show a save that never was.
pub const ANSWER_HEADER: &str = "x-form-answer";

/// A server function's answer in the request's `ANSWER_HEADER`: for the
/// forms that send files (multipart), which are not `FormAction`s, to show
/// what their save did. In the browser, none.
pub fn answer_in_page<S>() -> Option<Answer<S>>
where
    S: ServerFn,
    S::Output: serde::de::DeserializeOwned,
    S::Error: FromServerFnError,
{
    #[cfg(feature = "ssr")]
    return answered::<S>(None);
    #[cfg(not(feature = "ssr"))]
    None
}

/// A hidden field of the form whose answer is in the request's
/// `ANSWER_HEADER`, if that form posted to `S`: what a page needs of the
/// form that was sent besides the answer.
pub fn answered_field<S: ServerFn>(name: &str) -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        let header = AnswerHeader::of::<S>()?;
        form_urlencoded::parse(header.hidden.as_bytes())
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.into_owned())
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = name;
        None
    }
}

/// The request's `ANSWER_HEADER`, read: "{path} ok|err {hex} {hidden}".
#[cfg(feature = "ssr")]
struct AnswerHeader {
    ok: bool,
    hex: String,
    hidden: String,
}

#[cfg(feature = "ssr")]
impl AnswerHeader {
    /// The header, if it answers a form that posted to `S`.
    fn of<S: ServerFn>() -> Option<AnswerHeader> {
        with_context::<axum::http::request::Parts, _>(|parts| {
            let header = parts.headers.get(ANSWER_HEADER)?.to_str().ok()?;
            let mut parts = header.splitn(4, ' ');
            if parts.next()? != S::PATH {
                return None;
            }
            let ok = match parts.next()? {
                "ok" => true,
                "err" => false,
                _ => return None,
            };
            // An empty answer (`()` in Postcard) with no hidden fields ends
            // the header: the browser drops its trailing spaces.
            Some(AnswerHeader {
                ok,
                hex: parts.next().unwrap_or_default().to_string(),
                hidden: parts.next().unwrap_or_default().to_string(),
            })
        })
        .flatten()
    }
}

/// This action's answer in the request's `ANSWER_HEADER`, if any (and, for
/// one of several forms, if it was this form's: `FormAction::for_form`).
#[cfg(feature = "ssr")]
fn answered<S>(form: Option<(&'static str, String)>) -> Option<Answer<S>>
where
    S: ServerFn,
    S::Output: serde::de::DeserializeOwned,
    S::Error: FromServerFnError,
{
    let header = AnswerHeader::of::<S>()?;
    if let Some((name, value)) = form {
        if !form_urlencoded::parse(header.hidden.as_bytes()).any(|(n, v)| n == name && v == value) {
            return None;
        }
    }
    let bytes = hex::decode(&header.hex).ok()?;
    if header.ok {
        postcard::from_bytes(&bytes).ok().map(Ok)
    } else {
        Some(Err(S::Error::de(bytes.into())))
    }
}

/// Posts urlencoded fields to the server function and decodes its answer, as
/// server_fn's `Http` protocol does for a typed input.
async fn post<S>(fields: String) -> Answer<S>
where
    S: ServerFn,
    S::Client: Client<S::Error>,
    S::Output: FromRes<Postcard, <S::Client as Client<S::Error>>::Response, S::Error>,
{
    type Request<S> = <<S as ServerFn>::Client as Client<<S as ServerFn>::Error>>::Request;
    let request = Request::<S>::try_new_post(
        S::PATH,
        PostUrl::CONTENT_TYPE,
        Postcard::CONTENT_TYPE,
        fields,
    )?;
    let response = S::Client::send(request).await?;
    if (400..=599).contains(&response.status()) {
        return Err(S::Error::de(response.try_into_bytes().await?));
    }
    S::Output::from_res(response).await
}

/// A `<form>` that posts to the action's server function: the shell island
/// sends it and shows the page with the answer; without the island, the
/// browser posts it.
#[component]
pub fn ActionForm<S>(action: FormAction<S>, children: Children) -> impl IntoView
where
    S: ServerFn<Protocol = Http<PostUrl, Postcard>> + 'static,
    S::Output: Send + Sync + 'static,
    S::Error: FromServerFnError + Send + Sync + 'static,
{
    // `action` names the server function (`S`) the form posts to.
    let _ = action;
    view! {
        <form action=S::url() method="post">
            {children()}
        </form>
    }
}

/// The submitted form's fields (with the button that submitted it) as
/// `application/x-www-form-urlencoded`.
#[cfg(feature = "hydrate")]
pub(crate) fn urlencoded(ev: &leptos::ev::SubmitEvent) -> Option<String> {
    let fields = leptos::form::form_data_from_event(ev).ok()?;
    let params = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&fields).ok()?;
    params.to_string().as_string()
}
