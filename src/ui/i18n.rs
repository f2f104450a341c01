//! Texts in the chosen language: the `tr!` helpers and the mapping between
//! the model's languages and leptos_i18n's locales.

use leptos::prelude::*;

use crate::i18n::*;
use crate::model::Language;

/// A translated text that follows the language switch. Every call has the
/// same concrete type (it holds a function pointer), so the browser build
/// carries one copy of the rendering code rather than one per call site, as
/// `t!` would: that difference is a large part of the wasm size.
pub fn tr(key: fn(Locale) -> &'static str) -> impl IntoView + Copy {
    let i18n = use_i18n();
    move || key(i18n.get_locale())
}

/// The same, as a closure for attributes (`aria-label`, …).
pub fn tr_attr(key: fn(Locale) -> &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync {
    let i18n = use_i18n();
    move || key(i18n.get_locale())
}

pub fn to_locale(language: Language) -> Locale {
    match language {
        Language::En => Locale::en,
        Language::Fr => Locale::fr,
    }
}

pub fn from_locale(locale: Locale) -> Language {
    match locale {
        Locale::en => Language::En,
        Locale::fr => Language::Fr,
    }
}
