//! The shell island, the one component that runs in the browser: the menus,
//! the account picker's search, the phone drawer, the language switch and
//! the forms that save through a server function, driving the HTML the
//! server wrote. It listens on the window for the events
//! those raise, so it takes no props and no children: labels and items are
//! the server's, in the page's language. The menus' key rules are
//! `super::keys`'s.

use leptos::prelude::*;

#[island]
pub fn ShellBehaviour() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    browser::listen();
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::ev;
    use leptos::prelude::*;
    use leptos::wasm_bindgen::{JsCast, JsValue};
    use leptos::web_sys::{Element, Event, FocusEvent, HtmlElement, KeyboardEvent};

    use crate::ui::shell::keys::ButtonKey;
    use crate::ui::shell::keys::{button_key, focus_first, focus_leaves, on_link, popup_key};

    /// A popup's button, as `MenuButton` renders it.
    const MENU_BUTTON: &str = "[data-menu] > button[aria-haspopup]";

    pub fn listen() {
        // The shell lives as long as the page: the listeners are never removed.
        std::mem::forget(window_event_listener(ev::click, |ev| click(&ev)));
        std::mem::forget(window_event_listener(ev::keydown, |ev| key(&ev)));
        std::mem::forget(window_event_listener(ev::focusout, |ev| focus_out(&ev)));
        std::mem::forget(window_event_listener(ev::change, |ev| change(&ev)));
        std::mem::forget(window_event_listener(ev::input, |ev| input(&ev)));
        std::mem::forget(window_event_listener(ev::dragstart, |ev| drag(&ev, true)));
        std::mem::forget(window_event_listener(ev::dragend, |ev| drag(&ev, false)));
        std::mem::forget(window_event_listener(ev::dragover, |ev| {
            if closest(&ev, "li[data-pin]").is_some() {
                ev.prevent_default();
            }
        }));
        std::mem::forget(window_event_listener(ev::drop, |ev| {
            drop_pin(&ev);
        }));
        std::mem::forget(window_event_listener(ev::submit, |ev| {
            super::forms::submit(&ev)
        }));
        replay_early_input();
    }

    /// What the user did before this code ran, kept by the page's first
    /// script (`crate::server::head`, `ppEarly`): done now, in order.
    fn replay_early_input() {
        let window = window();
        let _ = js_sys::Reflect::set(&window, &"ppReady".into(), &true.into());
        let Ok(early) = js_sys::Reflect::get(&window, &"ppEarly".into()) else {
            return;
        };
        let Some(early) = early.dyn_ref::<js_sys::Array>() else {
            return;
        };
        for entry in early.splice(0, early.length(), &JsValue::UNDEFINED).iter() {
            let Some(entry) = entry.dyn_ref::<js_sys::Array>() else {
                continue;
            };
            let first = entry.get(0);
            if let Some(form) = first.dyn_ref::<leptos::web_sys::HtmlFormElement>() {
                let _ = form.remove_attribute("aria-busy");
                let submitter = entry.get(1).dyn_into::<HtmlElement>().ok();
                let _ = form.request_submit_with_submitter(submitter.as_ref());
            } else if let Some(element) = first.dyn_ref::<HtmlElement>() {
                element.click();
            }
        }
    }

    fn target(ev: &Event) -> Option<Element> {
        ev.target()?.dyn_into::<Element>().ok()
    }

    fn closest(ev: &Event, selector: &str) -> Option<Element> {
        target(ev)?.closest(selector).ok().flatten()
    }

    fn child(parent: &Element, selector: &str) -> Option<HtmlElement> {
        parent
            .query_selector(&format!(":scope > {selector}"))
            .ok()
            .flatten()?
            .dyn_into::<HtmlElement>()
            .ok()
    }

    /// The button and the popup of the menu (`[data-menu]`) around an element.
    fn menu(inside: &Element) -> Option<(HtmlElement, HtmlElement)> {
        let menu = inside.closest("[data-menu]").ok().flatten()?;
        Some((
            child(&menu, "button[aria-haspopup]")?,
            child(&menu, "[data-popup]")?,
        ))
    }

    fn is_open(button: &Element) -> bool {
        button.get_attribute("aria-expanded").as_deref() == Some("true")
    }

    /// Shows or hides the menu around `inside`; its button and popup.
    fn show(inside: &Element, open: bool) -> Option<(HtmlElement, HtmlElement)> {
        let (button, popup) = menu(inside)?;
        let _ = popup.class_list().toggle_with_force("hidden", !open);
        let _ = button.set_attribute("aria-expanded", if open { "true" } else { "false" });
        Some((button, popup))
    }

    fn open_at(inside: &Element, first: bool) {
        if let Some((_, popup)) = show(inside, true) {
            focus_first(&popup, first);
        }
    }

    fn close(inside: &Element, refocus: bool) {
        if let (true, Some((button, _))) = (refocus, show(inside, false)) {
            let _ = button.focus();
        }
    }

    /// The phone drawer: the navigation and the dimmed page behind it.
    fn drawer(open: bool) {
        let document = document();
        for id in ["main-nav", "nav-backdrop"] {
            if let Some(element) = document.get_element_by_id(id) {
                let _ = element.class_list().toggle_with_force("hidden", !open);
            }
        }
        if let Ok(Some(opener)) = document.query_selector("[aria-controls=main-nav]") {
            let _ = opener.set_attribute("aria-expanded", if open { "true" } else { "false" });
        }
    }

    fn click(ev: &Event) {
        confirm_step(ev);
        download(ev);
        if let Some(button) = closest(ev, MENU_BUTTON) {
            if is_open(&button) {
                close(&button, false);
            } else {
                open_at(&button, true);
            }
        } else if let (true, Some(popup)) = (on_link(ev), closest(ev, "[data-popup]")) {
            close(&popup, false);
        }
        if closest(ev, "[aria-controls=main-nav]").is_some() {
            drawer(true);
        } else if closest(ev, "#nav-backdrop, [data-close-nav]").is_some()
            || (on_link(ev) && closest(ev, "#main-nav").is_some())
        {
            drawer(false);
        }
    }

    fn key(ev: &Event) {
        let Some(ev) = ev.dyn_ref::<KeyboardEvent>() else {
            return;
        };
        pin_key(ev);
        if let Some(button) = closest(ev, MENU_BUTTON) {
            match button_key(ev, is_open(&button)) {
                Some(ButtonKey::Close) => close(&button, true),
                Some(ButtonKey::OpenAt { first }) => open_at(&button, first),
                None => {}
            }
        } else if let Some(popup) = closest(ev, "[data-popup]") {
            if let Ok(popup_element) = popup.clone().dyn_into::<HtmlElement>() {
                if popup_key(&popup_element, ev) {
                    close(&popup, true);
                }
            }
        }
    }

    /// The arrow keys on a pinned offer of the catalog (`crate::ui::catalog`)
    /// press its Move up / Move down button; the page that comes back keeps
    /// the focus on the offer (its id).
    fn pin_key(ev: &KeyboardEvent) {
        let Some(offer) = target(ev).filter(|t| t.has_attribute("data-pin")) else {
            return;
        };
        let direction = match ev.key().as_str() {
            "ArrowUp" => "up",
            "ArrowDown" => "down",
            _ => return,
        };
        ev.prevent_default();
        if let Some(button) = offer
            .query_selector(&format!("button[data-move={direction}]:not([disabled])"))
            .ok()
            .flatten()
            .and_then(|b| b.dyn_into::<HtmlElement>().ok())
        {
            button.click();
        }
    }

    /// A pinned offer dragged: marked while it is (`data-dragging`).
    fn drag(ev: &Event, start: bool) {
        if let Some(offer) = closest(ev, "li[data-pin]") {
            let _ = if start {
                offer.set_attribute("data-dragging", "")
            } else {
                offer.remove_attribute("data-dragging")
            };
        }
    }

    /// A pinned offer dropped on another: sends the dragged offer's form for
    /// the place dropped on (`data-move-to`, hidden in `[data-drops]`).
    fn drop_pin(ev: &Event) -> Option<()> {
        let onto = closest(ev, "li[data-pin]")?;
        ev.prevent_default();
        let list = onto.parent_element()?;
        let dragged = list.query_selector("li[data-dragging]").ok()??;
        let _ = dragged.remove_attribute("data-dragging");
        let offers = list.query_selector_all(":scope > li[data-pin]").ok()?;
        let place = (0..offers.length()).find(|i| {
            offers
                .get(*i)
                .is_some_and(|node| node.is_same_node(Some(onto.as_ref())))
        })?;
        let button = dragged
            .query_selector(&format!("[data-drops] button[data-move-to=\"{place}\"]"))
            .ok()??;
        button.dyn_into::<HtmlElement>().ok()?.click();
        Some(())
    }

    fn focus_out(ev: &Event) {
        let Some(ev) = ev.dyn_ref::<FocusEvent>() else {
            return;
        };
        if let Some(menu) = closest(ev, "[data-menu]") {
            if focus_leaves(&menu, ev) {
                close(&menu, false);
            }
        }
    }

    /// A destructive action's confirmation (`crate::ui::forms::Confirmed`):
    /// its button shows the question and the confirming form, Cancel hides
    /// them again; the focus follows.
    fn confirm_step(ev: &Event) {
        let (asking, Some(clicked)) = (
            closest(ev, "[data-confirm-ask]").is_some(),
            closest(ev, "[data-confirm-ask], [data-confirm-cancel]"),
        ) else {
            return;
        };
        let Some(confirm) = clicked.closest("[data-confirm]").ok().flatten() else {
            return;
        };
        let (Some(ask), Ok(Some(step))) = (
            child(&confirm, "[data-confirm-ask]"),
            confirm.query_selector("[data-confirm-step]"),
        ) else {
            return;
        };
        ask.set_hidden(asking);
        let _ = step.toggle_attribute_with_force("hidden", !asking);
        let focus = if asking {
            step.query_selector("button[type=submit]")
                .ok()
                .flatten()
                .and_then(|b| b.dyn_into::<HtmlElement>().ok())
        } else {
            Some(ask)
        };
        if let Some(focus) = focus {
            let _ = focus.focus();
        }
    }

    /// "Download as CSV" (`crate::ui::download::CsvDownload`): fetches the
    /// file, counting its lines in the status next to the link with the
    /// server's sentences, then hands it to the browser.
    fn download(ev: &Event) {
        let Some(link) = closest(ev, "a[data-download]") else {
            return;
        };
        ev.prevent_default();
        if link.get_attribute("aria-disabled").as_deref() == Some("true") {
            return;
        }
        let Some(status) = link
            .parent_element()
            .and_then(|p| p.query_selector("[role=status]").ok().flatten())
        else {
            return;
        };
        let attribute = |name: &str| link.get_attribute(name).unwrap_or_default();
        let (href, file) = (attribute("href"), attribute("download"));
        let (so_far, done, failed) = (
            attribute("data-so-far"),
            attribute("data-done"),
            attribute("data-failed"),
        );
        let language = document()
            .document_element()
            .and_then(|html| html.get_attribute("lang"))
            .and_then(|code| {
                crate::model::Language::ALL
                    .into_iter()
                    .find(|l| l.code() == code)
            })
            .unwrap_or_default();
        let say = move |sentence: &str, count: u64| {
            sentence.replace("{}", &crate::model::dates::number(count as i64, language))
        };
        let _ = link.set_attribute("aria-disabled", "true");
        status.set_text_content(Some(&say(&so_far, 0)));
        leptos::task::spawn_local(async move {
            let shown = status.clone();
            let last = std::rc::Rc::new(std::cell::Cell::new(0));
            let counted = last.clone();
            let result = crate::ui::download::fetch::fetch_with_progress(&href, &file, move |n| {
                counted.set(n);
                shown.set_text_content(Some(&say(&so_far, n)));
            })
            .await;
            let text = match result {
                Ok(()) => say(&done, last.get()),
                Err(()) => failed,
            };
            status.set_text_content(Some(&text));
            let _ = link.remove_attribute("aria-disabled");
        });
    }

    /// A choice that switches other fields (`data-switches`, see
    /// `crate::ui::forms::SelectField`: an address's country switches its
    /// region field between a list and free text, a bank's country its
    /// account fields): the fields become the chosen value's, from the
    /// templates the server wrote, and a postal code's example follows.
    /// With `keep_error`, the server's errors (a page that came back
    /// refused) stay on the new fields.
    pub(super) fn choice_changed(select: &Element, keep_error: bool) -> Option<()> {
        let select = select.dyn_ref::<leptos::web_sys::HtmlSelectElement>()?;
        let form = select.closest("fieldset, form").ok()??;
        let value = select.value();
        if let Some(text) = select.get_attribute("data-example-text") {
            let example = select
                .selected_options()
                .item(0)
                .and_then(|option| option.get_attribute("data-example"));
            if let Ok(Some(hint)) = form.query_selector("[id$=\"[postal_code]-hint\"]") {
                hint.set_text_content(Some(
                    &example.map(|e| text.replace("{}", &e)).unwrap_or_default(),
                ));
            }
        }
        let switched = select.get_attribute("data-switches")?;
        let place = form
            .query_selector(&format!("[data-switched=\"{switched}\"]"))
            .ok()??;
        let template = place
            .query_selector(&format!(":scope > template[data-when=\"{value}\"]"))
            .ok()
            .flatten()
            .or_else(|| {
                place
                    .query_selector(":scope > template[data-when=\"\"]")
                    .ok()
                    .flatten()
            })?
            .dyn_into::<leptos::web_sys::HtmlTemplateElement>()
            .ok()?;
        // The server's errors, by the field's error line.
        let errors = |within: &Element| -> Vec<(String, String)> {
            let Ok(list) = within.query_selector_all(":scope > :not(template) [id$=\"-error\"]")
            else {
                return Vec::new();
            };
            (0..list.length())
                .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
                .filter_map(|e| Some((e.id(), e.text_content()?)))
                .filter(|(_, text)| !text.is_empty())
                .collect()
        };
        let said = if keep_error {
            errors(&place)
        } else {
            Vec::new()
        };
        if let Ok(old) = place.query_selector_all(":scope > :not(template)") {
            for i in (0..old.length()).rev() {
                if let Some(node) = old.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                    node.remove();
                }
            }
        }
        let new = template.content().clone_node_with_deep(true).ok()?;
        place
            .insert_before(&new, place.first_child().as_ref())
            .ok()?;
        for (id, text) in said {
            if let Ok(Some(line)) = place.query_selector(&format!("[id=\"{id}\"]")) {
                line.set_text_content(Some(&text));
            }
        }
        Some(())
    }

    /// The language switch: the choice goes in the cookie (and, signed in,
    /// to the user's preference), then the page comes back in that language.
    fn change(ev: &Event) {
        if let Some(select) = closest(ev, "select[data-switches], select[data-example-text]") {
            choice_changed(&select, false);
            return;
        }
        let Some(select) = closest(ev, "#language-switch") else {
            return;
        };
        let Some(code) = select
            .dyn_ref::<leptos::web_sys::HtmlSelectElement>()
            .map(|s| s.value())
        else {
            return;
        };
        crate::app::remember_language(&code);
        leptos::task::spawn_local(async move {
            let _ = crate::api::shell::set_language(code).await;
            let _ = window().location().reload();
        });
    }

    /// The account picker's search: hides the accounts that don't match.
    fn input(ev: &Event) {
        let Some(search) = closest(ev, "#account-picker input[type=search]") else {
            return;
        };
        let Some(query) = search
            .dyn_ref::<leptos::web_sys::HtmlInputElement>()
            .map(|i| i.value().to_lowercase())
        else {
            return;
        };
        let Ok(accounts) = document().query_selector_all("#account-picker li[data-search]") else {
            return;
        };
        for i in 0..accounts.length() {
            if let Some(li) = accounts
                .item(i)
                .and_then(|n| n.dyn_into::<HtmlElement>().ok())
            {
                let text = li.get_attribute("data-search").unwrap_or_default();
                li.set_hidden(!text.contains(&query));
            }
        }
    }
}

/// The forms (`crate::ui::action_form::ActionForm`): a save posts the form's
/// fields to its server function, shows its pending state at once, then asks
/// for the page again with the answer (`ANSWER_HEADER`), so the server shows
/// what the save did (messages, errors next to their fields, in the page's
/// language) and the browser carries no texts of its own. The new page
/// replaces the old one; after a refused save the fields keep what was typed.
/// Without this code (not loaded yet, or failing) the form posts as a plain
/// HTML form, which the server also serves.
#[cfg(feature = "hydrate")]
mod forms {
    use leptos::prelude::*;
    use leptos::wasm_bindgen::{JsCast, JsValue};
    use leptos::web_sys::{
        DomParser, Element, Event, FormData, Headers, HtmlElement, HtmlFormElement,
        HtmlInputElement, HtmlSelectElement, RequestInit, Response, SubmitEvent, SupportedType,
    };
    use wasm_bindgen_futures::JsFuture;

    use crate::ui::action_form::{urlencoded, ANSWER_HEADER};

    pub fn submit(ev: &Event) {
        let Some(ev) = ev.dyn_ref::<SubmitEvent>() else {
            return;
        };
        let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        let path = form.get_attribute("action").unwrap_or_default();
        if ev.default_prevented() || !path.starts_with("/api/") {
            return;
        }
        // A form with files (a logo, a certificate, a price list) is sent as
        // the browser would: multipart, with its own boundary.
        let multipart = form.enctype() == "multipart/form-data";
        let body = if multipart {
            FormData::new_with_form(&form).ok().map(JsValue::from)
        } else {
            urlencoded(ev).map(|fields| JsValue::from_str(&fields))
        };
        let Some(body) = body else {
            return;
        };
        ev.prevent_default();
        let typed = typed_values(&form);
        let hidden = hidden_fields(&form);
        pending(&form, true);
        leptos::task::spawn_local(async move {
            if save(&path, body, multipart, &hidden, typed).await.is_err() {
                // The network or the page failed: the browser posts it.
                pending(&form, false);
                let _ = form.submit();
            }
        });
    }

    /// Disables the form's buttons while it saves (SPEC: pending at once).
    fn pending(form: &HtmlFormElement, on: bool) {
        let _ = form.set_attribute("aria-busy", if on { "true" } else { "false" });
        if let Ok(buttons) = form.query_selector_all("button[type=submit]") {
            for i in 0..buttons.length() {
                if let Some(button) = buttons.item(i).and_then(|b| b.dyn_into::<Element>().ok()) {
                    let _ = if on {
                        button.set_attribute("disabled", "")
                    } else {
                        button.remove_attribute("disabled")
                    };
                }
            }
        }
    }

    /// What the user typed or chose: (name, value, checked) of every visible
    /// field, in order.
    fn typed_values(form: &HtmlFormElement) -> Vec<(String, String, bool)> {
        fields(form)
            .into_iter()
            .map(|field| {
                let input = field.dyn_ref::<HtmlInputElement>();
                let value = input.map(|i| i.value()).unwrap_or_else(|| value_of(&field));
                let checked = input.is_some_and(|i| i.checked());
                (
                    field.get_attribute("name").unwrap_or_default(),
                    value,
                    checked,
                )
            })
            .collect()
    }

    /// The form's hidden fields, urlencoded: which of the page's forms
    /// posting to the same server function this was (`FormAction::for_form`).
    fn hidden_fields(form: &HtmlFormElement) -> String {
        let Ok(params) = leptos::web_sys::UrlSearchParams::new() else {
            return String::new();
        };
        if let Ok(list) = form.query_selector_all("input[type=hidden][name]") {
            for input in
                (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<HtmlInputElement>().ok())
            {
                params.append(&input.name(), &input.value());
            }
        }
        params.to_string().as_string().unwrap_or_default()
    }

    fn fields(form: &Element) -> Vec<Element> {
        let Ok(list) =
            form.query_selector_all("input[name]:not([type=hidden]), select[name], textarea[name]")
        else {
            return Vec::new();
        };
        (0..list.length())
            .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
            .collect()
    }

    fn value_of(field: &Element) -> String {
        js_sys::Reflect::get(field, &JsValue::from_str("value"))
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    }

    fn restore(form: &Element, typed: &[(String, String, bool)]) {
        // A choice that switches fields (a country: its region field, a list
        // or free text) first, so that what was typed there goes back in.
        if let Ok(countries) = form.query_selector_all("select[data-switches]") {
            for select in (0..countries.length())
                .filter_map(|i| countries.item(i)?.dyn_into::<HtmlSelectElement>().ok())
            {
                let name = select.name();
                let chosen = typed.iter().find(|(n, ..)| *n == name).map(|(_, v, _)| v);
                if let Some(chosen) = chosen.filter(|chosen| **chosen != select.value()) {
                    select.set_value(chosen);
                    super::browser::choice_changed(&select, true);
                }
            }
        }
        for (field, (name, value, checked)) in fields(form).into_iter().zip(typed) {
            if field.get_attribute("name").as_deref() != Some(name.as_str()) {
                continue;
            }
            match field.dyn_ref::<HtmlInputElement>() {
                Some(input) if matches!(input.type_().as_str(), "checkbox" | "radio") => {
                    input.set_checked(*checked)
                }
                // A page can't choose a file for the user.
                Some(input) if input.type_() == "file" => {}
                Some(input) => input.set_value(value),
                None => {
                    let _ = js_sys::Reflect::set(
                        &field,
                        &JsValue::from_str("value"),
                        &JsValue::from_str(value),
                    );
                }
            }
        }
    }

    async fn fetch(url: &str, init: &RequestInit) -> Result<Response, JsValue> {
        JsFuture::from(window().fetch_with_str_and_init(url, init))
            .await?
            .dyn_into()
    }

    async fn save(
        path: &str,
        body: JsValue,
        multipart: bool,
        hidden: &str,
        typed: Vec<(String, String, bool)>,
    ) -> Result<(), JsValue> {
        let headers = Headers::new()?;
        if !multipart {
            headers.set("Content-Type", "application/x-www-form-urlencoded")?;
        }
        headers.set("Accept", "application/x-postcard")?;
        let init = RequestInit::new();
        init.set_method("POST");
        init.set_headers(&headers);
        init.set_body(&body);
        let answer = fetch(path, &init).await?;
        // The server function sends the browser elsewhere (leptos_axum's
        // `redirect`): a new page.
        if answer.headers().has("serverfnredirect")? {
            if let Some(to) = answer.headers().get("location")? {
                return window().location().assign(&to);
            }
        }
        let refused = !answer.ok();
        let bytes =
            js_sys::Uint8Array::new(&JsFuture::from(answer.array_buffer()?).await?).to_vec();
        let outcome = if refused { "err" } else { "ok" };

        let headers = Headers::new()?;
        headers.set(
            ANSWER_HEADER,
            &format!("{path} {outcome} {} {hidden}", hex::encode(bytes)),
        )?;
        headers.set("Accept", "text/html")?;
        let init = RequestInit::new();
        init.set_headers(&headers);
        let here = window().location().href()?;
        let page = fetch(&here, &init).await?;
        if !page.ok() {
            return Err(JsValue::NULL);
        }
        // The page sends the browser on (after signing in, say).
        if page.redirected() {
            return window().location().assign(&page.url());
        }
        let html = JsFuture::from(page.text()?)
            .await?
            .as_string()
            .unwrap_or_default();
        let new = DomParser::new()?.parse_from_string(&html, SupportedType::TextHtml)?;
        let (Some(old_body), Some(new_body)) = (document().body(), new.body()) else {
            return Err(JsValue::NULL);
        };
        // The focused field, found again by its id in the new page.
        let focused = document()
            .active_element()
            .map(|e| e.id())
            .filter(|id| !id.is_empty());
        let _ = new_body.set_attribute("data-hydrated", "");
        let selector = format!("form[action=\"{path}\"]");
        if refused {
            if let Ok(Some(form)) = new_body.query_selector(&selector) {
                restore(&form, &typed);
            }
        }
        old_body.replace_with_with_node_1(&new_body)?;
        document().set_title(&new.title());
        if let Some(element) = focused
            .and_then(|id| document().get_element_by_id(&id))
            .and_then(|e| e.dyn_into::<HtmlElement>().ok())
        {
            let _ = element.focus();
        }
        Ok(())
    }
}
