//! Components, named for what the user sees.

/// `tr!(users.title)`: a translated text node (see `i18n::tr`).
macro_rules! tr {
    ($($key:ident).+) => {
        $crate::ui::i18n::tr(|locale| $crate::i18n::td_string!(locale, $($key).+))
    };
}

/// `tr_attr!(users.title)`: a translated attribute value (see `i18n::tr_attr`).
macro_rules! tr_attr {
    ($($key:ident).+) => {
        $crate::ui::i18n::tr_attr(|locale| $crate::i18n::td_string!(locale, $($key).+))
    };
}

pub mod account;
pub mod action_form;
pub mod activity;
pub mod agreements;
pub mod auth;
pub mod billing;
pub mod business;
pub mod catalog;
pub mod common;
pub mod context;
pub mod cpv;
pub mod developer;
pub mod directory;
pub mod download;
pub mod errors;
pub mod forms;
pub mod i18n;
pub mod invitation;
pub mod locations;
pub mod my_profile;
pub mod names;
pub mod operator;
pub mod option_lists;
pub mod organization;
pub mod partner_profile;
pub mod password_reset;
pub mod payout;
pub mod pricing;
pub mod programs;
pub mod roles;
pub mod sections;
pub mod settings;
pub mod shell;
pub mod support;
pub mod tax_exemptions;
pub mod users;
pub mod verify_email;
