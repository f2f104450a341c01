//! Build script: generates the `i18n` module from locales/*.json, and makes
//! `sqlx::migrate!` see new migration files.
//!
//! It calls leptos_i18n's own parser and code generator, which its
//! `leptos_i18n_build` crate wraps: that crate also brings ICU's data
//! exporter and sources (icu, icu_provider_source, …: 64 crates, 277 of the
//! 975 crate-seconds of the tests' build by `--timings`, and again in the
//! browser bundle's build), for formatting data this app doesn't use. The
//! parser and generator are already compiled for leptos_i18n's macros.

use leptos_i18n_parser::parse_locales::options::{Config, ParseOptions};
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=migrations");
    let config = Config::new("en")?
        .add_locale("fr")?
        .parse_options(ParseOptions::new().interpolate_display(true));
    let parsed = leptos_i18n_parser::parse_locales::parse_locales(None, config)?;
    for warning in parsed.diag.warnings().iter() {
        println!("cargo::warning={warning}");
    }
    for error in parsed.diag.errors().iter() {
        println!("cargo::error={error}");
    }
    for path in parsed.tracked_files.iter().flatten() {
        println!("cargo::rerun-if-changed={path}");
    }
    // As leptos_i18n_build writes it: no diagnostics in the code (printed
    // above), docs on the generated keys.
    let code = leptos_i18n_codegen::gen_code(&parsed, None, false, None, true)?;
    let dir = PathBuf::from(std::env::var("OUT_DIR")?).join("i18n");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("mod.rs"), code.to_string())?;
    Ok(())
}
