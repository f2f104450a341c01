//! "Download as CSV" with its progress, for the lists that export (the
//! activity log, price lists): the server streams the file; the page counts
//! its lines as they arrive.

use leptos::prelude::*;

use crate::i18n::*;

/// What the file's lines are, for the progress message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counted {
    Events,
    Prices,
}

/// "Download as CSV": a plain link (it works without the page's code); the
/// shell island fetches the file itself to count the lines as they arrive,
/// then hands it to the browser.
#[component]
pub fn CsvDownload(href: String, file_name: String, counted: Counted) -> impl IntoView {
    let i18n = use_i18n();
    // The shell island counts (`data-download`), with the server's
    // sentences, `{}` where the count goes.
    let (so_far, done) = match counted {
        Counted::Events => (
            t_string!(i18n, download.events_so_far, count = "{}"),
            t_string!(i18n, download.events_done, count = "{}"),
        ),
        Counted::Prices => (
            t_string!(i18n, download.prices_so_far, count = "{}"),
            t_string!(i18n, download.prices_done, count = "{}"),
        ),
    };
    let (so_far, done) = (so_far.to_string(), done.to_string());
    let failed = t_string!(i18n, download.failed);
    view! {
        <div class="mt-4 flex flex-wrap items-center gap-3">
            <a
                class="inline-block rounded border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-50"
                href=href
                download=file_name
                data-download=""
                data-so-far=so_far
                data-done=done
                data-failed=failed
            >
                {tr!(download.csv)}
            </a>
            // The shell island writes the progress here.
            <p role="status" class="text-sm"></p>
        </div>
    }
}

#[cfg(feature = "hydrate")]
pub(crate) mod fetch {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    /// Fetches `href`, calling `progress` with the number of events read so
    /// far (lines after the header), then saves it as `file_name`.
    pub async fn fetch_with_progress(
        href: &str,
        file_name: &str,
        progress: impl Fn(u64),
    ) -> Result<(), ()> {
        let window = web_sys::window().ok_or(())?;
        let response: web_sys::Response = JsFuture::from(window.fetch_with_str(href))
            .await
            .map_err(drop)?
            .dyn_into()
            .map_err(drop)?;
        if !response.ok() {
            return Err(());
        }
        let reader: web_sys::ReadableStreamDefaultReader = response
            .body()
            .ok_or(())?
            .get_reader()
            .dyn_into()
            .map_err(drop)?;
        let parts = js_sys::Array::new();
        let mut lines: u64 = 0;
        loop {
            let chunk = JsFuture::from(reader.read()).await.map_err(drop)?;
            let done = js_sys::Reflect::get(&chunk, &"done".into()).map_err(drop)?;
            if done.as_bool().unwrap_or(true) {
                break;
            }
            let value: js_sys::Uint8Array = js_sys::Reflect::get(&chunk, &"value".into())
                .map_err(drop)?
                .dyn_into()
                .map_err(drop)?;
            // Line breaks inside quoted cells count too: a progress figure.
            lines += value.to_vec().iter().filter(|&&b| b == b'\n').count() as u64;
            parts.push(&value);
            progress(lines.saturating_sub(1));
        }
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("text/csv");
        let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
            .map_err(drop)?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(drop)?;
        let anchor: web_sys::HtmlAnchorElement = window
            .document()
            .ok_or(())?
            .create_element("a")
            .map_err(drop)?
            .dyn_into()
            .map_err(drop)?;
        anchor.set_href(&url);
        anchor.set_download(file_name);
        anchor.click();
        // Released once the browser has taken the file.
        leptos::prelude::set_timeout(
            move || {
                let _ = web_sys::Url::revoke_object_url(&url);
            },
            std::time::Duration::from_secs(30),
        );
        Ok(())
    }
}
