//! The page head's fixed part, made once per process: the meta tags, the
//! icon and manifest links, and the early-input script. Only the response's
//! nonce changes between pages. Leptos's `HydrationScripts` follows it (the
//! bundle's JS and wasm fetched ahead, and its islands loader).
//!
//! Why not Leptos's components for the tags: they make the same tags anew on
//! every request, each attribute boxed (`erase_components`): thousands of
//! instructions a page for text that never changes (callgrind, stop 39).

use std::sync::OnceLock;

use leptos::prelude::*;
use leptos::tachys::html::InertElement;

/// What a user does before the page's code has loaded
/// (a form sent, a menu or confirmation opened, in the first tenths of a
/// second on a slow phone) is kept, not lost: the shell island does it once
/// it runs (`crate::ui::shell::behaviour`, `ppEarly`); if the code never
/// comes, a form still goes as the browser sends it, after 8 s. Written
/// here by hand, a few lines: it must run before any bundle, and no library
/// does this.
const EARLY_INPUT: &str = concat!(
    "(()=>{const q=window.ppEarly=[];",
    "const keep=x=>{q.push(x);setTimeout(()=>{const i=q.indexOf(x);",
    "if(i>=0&&!window.ppReady){q.splice(i,1);",
    "if(x[0].requestSubmit){x[0].ppNative=1;x[0].requestSubmit(x[1]||undefined)}}},8000)};",
    "addEventListener('submit',e=>{const f=e.target;",
    "if(!window.ppReady&&!f.ppNative&&(f.getAttribute('action')||'').startsWith('/api/')){",
    "e.preventDefault();f.setAttribute('aria-busy','true');keep([f,e.submitter])}},true);",
    "addEventListener('click',e=>{const b=!window.ppReady&&e.target.closest&&",
    "e.target.closest('[data-menu]>button,[aria-controls=main-nav],[data-confirm-ask],[data-confirm-cancel]');",
    "if(b)keep([b])},true)})();"
);

/// Where the nonce goes in the template.
const NONCE: &str = "\u{0}nonce\u{0}";

/// The head's fixed part for this response (see the module's comment).
pub fn fixed_head() -> impl IntoView {
    // The HTML cut where the nonce goes.
    static PIECES: OnceLock<Vec<String>> = OnceLock::new();
    let pieces = PIECES.get_or_init(make);
    let nonce = leptos::nonce::use_nonce();
    let nonce = nonce.as_deref().unwrap_or_default();
    InertElement::new(pieces.join(nonce))
}

fn make() -> Vec<String> {
    let html = format!(
        concat!(
            r#"<meta charset="utf-8">"#,
            r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#,
            // Light or dark, following the system (style/main.css).
            r#"<meta name="color-scheme" content="light dark">"#,
            r##"<meta name="theme-color" content="#1d4ed8">"##,
            r#"<link rel="icon" href="/favicon.svg" type="image/svg+xml">"#,
            r#"<link rel="manifest" href="/manifest.webmanifest">"#,
            r#"<script nonce="{nonce}">{early}</script>"#,
        ),
        nonce = NONCE,
        early = EARLY_INPUT,
    );
    html.split(NONCE).map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nonce_goes_on_the_early_input_script_and_nowhere_else() {
        let html = make().join("N0NCE");
        assert!(html.starts_with(r#"<meta charset="utf-8">"#));
        assert_eq!(html.matches("N0NCE").count(), 1);
        assert!(html.contains(&format!(r#"<script nonce="N0NCE">{EARLY_INPUT}</script>"#)));
        // Leptos's HydrationScripts writes the bundle's tags.
        assert!(!html.contains("/pkg/"));
    }
}
