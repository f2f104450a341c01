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
    tr_attr(key)
}

/// The same, as a closure for attributes (`aria-label`, …).
pub fn tr_attr(key: fn(Locale) -> &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync {
    let i18n = language_context();
    move || key(i18n.map_or_else(Locale::default, |i18n| i18n.get_locale()))
}

/// The language context. Missing only when a server render goes on after
/// its request's reactive owner was cleaned up (about once in 25,000
/// requests under load: the answer is already sent and this output is
/// thrown away); that render gets the default language and a warning in
/// the log, where `use_i18n` would panic.
fn language_context() -> Option<leptos_i18n::I18nContext<Locale>> {
    let context = use_context::<leptos_i18n::I18nContext<Locale>>();
    #[cfg(feature = "ssr")]
    if context.is_none() {
        tracing::warn!("a text rendered without a language context: default language");
    }
    context
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
