//! Where pages find the built assets (`site-root/pkg`: the island's wasm,
//! its JS loader, the CSS). Their file names don't change with their content
//! (cargo-leptos's `hash-files` reads its hash file from beside the server
//! binary, which the test command's server, built by `cargo test`, lacks),
//! so the server names them under a prefix made of their content's hash,
//! computed once at start-up: `/assets/{hash}/pkg/…`, which browsers keep
//! for a year without asking again (`immutable`). A new build makes a new
//! prefix; the pages, never stored, always name the current one. `/pkg/…`
//! still serves the same files, revalidated.
//!
//! Why: a page load used to wait for the CSS's revalidation (a 304) before
//! painting; an account switch then took 100 ms at p95 (scripts/switch-time.sh).

use std::sync::OnceLock;

use leptos::prelude::LeptosOptions;
use sha2::{Digest, Sha256};

/// The files every page loads.
const FILES: [&str; 3] = [
    "partner_portal.js",
    "partner_portal.wasm",
    "partner_portal.css",
];

/// The prefix, and the CSS's address under it (the page's stylesheet link).
struct Names {
    prefix: String,
    stylesheet: String,
}

static NAMES: OnceLock<Names> = OnceLock::new();

/// Computes the prefix from the built files (once per process); returns it.
pub fn init(options: &LeptosOptions) -> &'static str {
    let names = NAMES.get_or_init(|| {
        let pkg = options.site_pkg_dir.as_ref();
        let prefix = prefix_of(&std::path::Path::new(options.site_root.as_ref()).join(pkg));
        let stylesheet = format!("{prefix}/{pkg}/partner_portal.css");
        Names { prefix, stylesheet }
    });
    &names.prefix
}

/// The prefix pages name the assets under ("" before `init`, or without a
/// build: then `/pkg/…` itself).
pub fn prefix() -> &'static str {
    NAMES.get().map_or("", |n| n.prefix.as_str())
}

/// The CSS's address under the prefix.
pub fn stylesheet() -> &'static str {
    NAMES
        .get()
        .map_or("/pkg/partner_portal.css", |n| n.stylesheet.as_str())
}

/// The prefix for the files in `dir`: "" if there are none (no build, as in
/// some tests: the plain, revalidated address).
fn prefix_of(dir: &std::path::Path) -> String {
    let mut hash = Sha256::new();
    let mut found = false;
    for file in FILES {
        if let Ok(bytes) = std::fs::read(dir.join(file)) {
            hash.update(file.as_bytes());
            hash.update(&bytes);
            found = true;
        }
    }
    if found {
        format!("/assets/{}", hex::encode(&hash.finalize()[..8]))
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prefix_follows_the_files_content() {
        let dir = std::env::temp_dir().join(format!("pp-assets-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        assert_eq!(prefix_of(&dir), "");
        std::fs::write(dir.join("partner_portal.css"), "a{}").expect("a file");
        let first = prefix_of(&dir);
        assert!(first.starts_with("/assets/") && first.len() == "/assets/".len() + 16);
        assert_eq!(prefix_of(&dir), first);
        std::fs::write(dir.join("partner_portal.css"), "b{}").expect("a file");
        assert_ne!(prefix_of(&dir), first);
        std::fs::remove_dir_all(&dir).expect("removed");
    }
}
