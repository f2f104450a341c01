//! The page head's fixed part, made once per process: the meta tags, the
//! icon and manifest links, and what Leptos's `HydrationScripts` writes (the
//! bundle's JS and wasm fetched ahead, and the script that loads them and
//! hydrates the page). Only the response's nonce changes between pages.
//!
//! Why not Leptos's component: it makes the same tags anew on every request,
//! each attribute boxed (`erase_components`), the script built with
//! `format!`: about 11,000 instructions a page, for text that never changes
//! (callgrind, stop 39). The head is not hydrated, so the browser sees no
//! difference.

use std::collections::HashMap;
use std::sync::OnceLock;

use leptos::prelude::*;
use leptos::tachys::html::InertElement;
use leptos::WasmSplitManifest;

/// The islands build: what a user does before the page's code has loaded
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

struct Head {
    /// The head's HTML cut where the nonce goes.
    pieces: Vec<String>,
    /// The split bundle's files (Leptos's lazy routes and `preloads` read
    /// it); absent when the build was not split.
    manifest: Option<WasmSplitManifest>,
}

/// Whether Leptos's `HydrationScripts` writes the bundle's scripts rather
/// than `fixed_head`: with hashed file names (LEPTOS_HASH_FILES) they must
/// read the hashes, and the islands build needs Leptos's islands loader.
pub fn leptos_writes_scripts(options: &LeptosOptions) -> bool {
    options.hash_files || cfg!(feature = "islands")
}

/// The head's fixed part for this response (see the module's comment): the
/// tags before the scripts, and the scripts unless Leptos writes them
/// ([`leptos_writes_scripts`]).
pub fn fixed_head(options: &LeptosOptions) -> impl IntoView {
    static HEAD: OnceLock<Head> = OnceLock::new();
    let head = HEAD.get_or_init(|| make(options));
    if let Some(manifest) = &head.manifest {
        provide_context(manifest.clone());
    }
    let nonce = leptos::nonce::use_nonce();
    let nonce = nonce.as_deref().unwrap_or_default();
    InertElement::new(head.pieces.join(nonce))
}

fn make(options: &LeptosOptions) -> Head {
    let pkg = format!("/{}", options.site_pkg_dir);
    let name = &options.output_name;
    let mut html = concat!(
        r#"<meta charset="utf-8">"#,
        r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#,
        // Light or dark, following the system (style/main.css).
        r#"<meta name="color-scheme" content="light dark">"#,
        r##"<meta name="theme-color" content="#1d4ed8">"##,
        r#"<link rel="icon" href="/favicon.svg" type="image/svg+xml">"#,
        r#"<link rel="manifest" href="/manifest.webmanifest">"#,
    )
    .to_string();
    if leptos_writes_scripts(options) {
        if cfg!(feature = "islands") {
            html += &format!(r#"<script nonce="{NONCE}">{EARLY_INPUT}</script>"#);
        }
        return Head {
            pieces: html.split(NONCE).map(str::to_string).collect(),
            manifest: None,
        };
    }
    html += &format!(
        concat!(
            // Links, not scripts: the policy's 'self' covers them.
            r#"<link rel="modulepreload" href="{pkg}/{name}.js">"#,
            r#"<link rel="preload" href="{pkg}/{name}.wasm" as="fetch" type="application/wasm" crossorigin="">"#,
            // Hydrates at once. (Not on idle, tried at stop 34: it moved
            // neither the first paint nor Lighthouse, and every page waited
            // for the browser to be idle to work.)
            r#"<script type="module" nonce="{nonce}">"#,
            r#"import("{pkg}/{name}.js").then(m => m.default({{module_or_path: "{pkg}/{name}.wasm"}}).then(() => m.hydrate()));"#,
            "</script>",
        ),
        pkg = pkg,
        name = name,
        nonce = NONCE,
    );
    Head {
        pieces: html.split(NONCE).map(str::to_string).collect(),
        manifest: split_manifest(options, &pkg),
    }
}

/// The split bundle's manifest, as Leptos's `HydrationScripts` reads it.
fn split_manifest(options: &LeptosOptions, pkg: &str) -> Option<WasmSplitManifest> {
    let path = std::path::Path::new(options.site_root.as_ref())
        .join(options.site_pkg_dir.as_ref())
        .join("__wasm_split_manifest.json");
    let file = std::fs::read_to_string(path).ok()?;
    let files: HashMap<String, Vec<String>> = match serde_json::from_str(&file) {
        Ok(files) => files,
        Err(error) => {
            tracing::error!(%error, "the split bundle's manifest is unreadable");
            return None;
        }
    };
    Some(WasmSplitManifest(ArcStoredValue::new((
        pkg.to_string(),
        files,
        "__wasm_split.______________________.js".to_string(),
    ))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nonce_goes_on_the_script_and_nowhere_else() {
        let options = LeptosOptions::builder()
            .output_name("app")
            .site_root("/nonexistent")
            .build();
        let head = make(&options);
        assert!(head.manifest.is_none());
        let html = head.pieces.join("N0NCE");
        assert_eq!(
            html.matches(r#"<script type="module" nonce="N0NCE">"#)
                .count(),
            1
        );
        assert_eq!(html.matches("N0NCE").count(), 1);
        assert!(html.starts_with(r#"<meta charset="utf-8">"#));
        assert!(html.contains(r#"<link rel="modulepreload" href="/pkg/app.js">"#));
        assert!(html.contains(r#"import("/pkg/app.js").then(m => m.default({module_or_path: "/pkg/app.wasm"}).then(() => m.hydrate()));"#));
    }

    #[test]
    fn with_hashed_names_only_the_tags_leptos_does_not_write() {
        let options = LeptosOptions::builder()
            .output_name("app")
            .hash_files(true)
            .build();
        let head = make(&options);
        assert_eq!(head.pieces.len(), 1);
        assert!(head.pieces[0].starts_with(r#"<meta charset="utf-8">"#));
        assert!(!head.pieces[0].contains("<script") && !head.pieces[0].contains("/pkg/"));
        assert!(head.manifest.is_none());
    }
}
