//! The registry of server functions: every one the application serves is
//! listed here with how the suites call it, so adding one without an entry
//! fails the tests. The cross-account suite then calls each account-scoped
//! function as a member of another account, with the account's Partner ID
//! and with one that doesn't exist: both answers must be the same 404
//! (status and body), and 401 without a session.

use crate::http::{app, call, sign_in};
use partner_portal::db::Db;
use partner_portal::domain::programs;
use partner_portal::model::Program;

/// Who may call a server function.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Kind {
    /// Anyone, signed in or not (with an ordinary form).
    Public(&'static str),
    /// A signed-in person, about themselves (no account's data).
    Personal(&'static str),
    /// An account's data: the form names the account as `{pid}`.
    Account(&'static str),
    /// The operator console.
    Operator(&'static str),
    /// An account's data, sent as multipart form data (a file upload).
    Upload,
}

pub(crate) use Kind::*;

pub(crate) const REGISTRY: &[(&str, Kind)] = &[
    ("sign_in", Public("form[email]=ana%40contoso.example&form[password]=correct+horse+battery")),
    ("sign_up", Public("form[email]=new%40example.com&form[password]=a+long+enough+password&form[display_name]=New&form[account][legal_name]=New+Co&form[account][country]=FR&form[account][account_type]=company")),
    ("sign_out", Public("")),
    ("set_language", Public("language=fr")),
    ("directory", Public("query[words]=contoso&query[industry]=&query[product]=&query[country]=FR&query[after]=&query[before]=")),
    ("directory_partner", Public("partner_id={pid}")),
    ("invitation", Public("token=abc")),
    ("accept_invitation_new", Public("token=abc&form[display_name]=New&form[password]=a+long+enough+password")),
    ("verify_email", Public("token=abc")),
    ("request_password_reset", Public("form[email]=ana%40contoso.example")),
    ("reset_forgotten_password", Public("token=abc&form[password]=a+long+enough+password")),
    ("create_account", Personal("account[legal_name]=Other+Co&account[country]=FR&account[account_type]=company")),
    ("update_profile", Personal("version=1&profile[display_name]=Ana&profile[language]=en")),
    ("change_password", Personal("form[current_password]=correct+horse+battery&form[new_password]=another+long+password")),
    ("sessions", Personal("")),
    ("end_sessions", Personal("handle=abc")),
    ("accept_invitation", Personal("token=abc")),
    ("shell", Account("partner_id={pid}")),
    ("enroll", Account("partner_id={pid}&program_code=referrals")),
    ("withdraw", Account("partner_id={pid}&program_code=mpn")),
    (
        "settings_area",
        Account("partner_id={pid}&area_code=partner"),
    ),
    ("program", Account("partner_id={pid}&program_code=mpn")),
    ("resend_verification", Account("partner_id={pid}")),
    ("acknowledge_fee", Account("partner_id={pid}")),
    (
        "agreements",
        Account("partner_id={pid}&area_code=partner&language=en"),
    ),
    (
        "accept_agreement",
        Account("partner_id={pid}&agreement_code=mpn&version=1"),
    ),
    ("payout_profile", Account("partner_id={pid}")),
    (
        "save_payout_profile",
        Account("partner_id={pid}&version=0&payout[account_holder]=X"),
    ),
    ("members", Account("partner_id={pid}&query=&after=&before=")),
    ("member", Account("partner_id={pid}&user_id=someone")),
    (
        "add_user",
        Account("partner_id={pid}&user[email]=x%40example.com&user[display_name]=X"),
    ),
    (
        "change_roles",
        Account("partner_id={pid}&user_id=someone&version=1&roles[0]=sales_agent"),
    ),
    ("remove_member", Account("partner_id={pid}&user_id=someone")),
    (
        "reset_password",
        Account("partner_id={pid}&user_id=someone"),
    ),
    ("support_profile", Account("partner_id={pid}")),
    (
        "save_support_profile",
        Account("partner_id={pid}&version=0&profile[email]=s%40x.example"),
    ),
    ("billing_profile", Account("partner_id={pid}")),
    (
        "save_billing_profile",
        Account("partner_id={pid}&version=0&profile[city]=Paris"),
    ),
    ("organization_profile", Account("partner_id={pid}")),
    (
        "save_organization_profile",
        Account("partner_id={pid}&version=0&profile[name]=X"),
    ),
    ("developer_account", Account("partner_id={pid}")),
    ("contact_info", Account("partner_id={pid}")),
    (
        "save_contact_info",
        Account("partner_id={pid}&version=0&info[publisher_display_name]=X"),
    ),
    ("locations", Account("partner_id={pid}&query=&after=&before=")),
    ("new_location", Account("partner_id={pid}")),
    ("location", Account("partner_id={pid}&location_id=L1")),
    ("add_location", Account("partner_id={pid}&location[name]=X")),
    (
        "save_location",
        Account("partner_id={pid}&location_id=L1&version=1&location[name]=X"),
    ),
    (
        "make_headquarters",
        Account("partner_id={pid}&location_id=L1"),
    ),
    (
        "remove_location",
        Account("partner_id={pid}&location_id=L1"),
    ),
    ("business_profile", Account("partner_id={pid}")),
    (
        "save_business_profile",
        Account("partner_id={pid}&version=0&profile[website]="),
    ),
    ("remove_logo", Account("partner_id={pid}")),
    (
        "invite",
        Account("partner_id={pid}&invitation[emails]=x%40example.com"),
    ),
    ("invitations", Account("partner_id={pid}")),
    ("resend_invitation", Account("partner_id={pid}&id=someone")),
    ("revoke_invitation", Account("partner_id={pid}&id=someone")),
    ("legal_profile", Account("partner_id={pid}")),
    (
        "save_legal_profile",
        Account("partner_id={pid}&version=0&profile[legal_name]=X"),
    ),
    ("tax_exemptions", Account("partner_id={pid}")),
    ("cpv_applications", Account("partner_id={pid}")),
    ("catalog", Account("partner_id={pid}&query=")),
    (
        "save_catalog_pins",
        Account("partner_id={pid}&version=0"),
    ),
    ("learning", Account("partner_id={pid}")),
    ("link_learning", Account("partner_id={pid}&learning_id=abc")),
    ("remove_learning", Account("partner_id={pid}")),
    (
        "register_cpv_application",
        Account("partner_id={pid}&application[name]=X&application[application_id]=0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9&application[reply_url]=https%3A%2F%2Fx.example%2Fcb"),
    ),
    (
        "unregister_cpv_application",
        Account("partner_id={pid}&id=C1"),
    ),
    (
        "activity",
        Account("partner_id={pid}&area=Partner&filter[action]="),
    ),
    (
        "withdraw_tax_exemption",
        Account("partner_id={pid}&exemption_id=E1"),
    ),
    ("pricing", Account("partner_id={pid}&filter[month]=")),
    ("upload_logo", Upload),
    // The operator's price list: multipart too; a member gets the same 404.
    ("operator_import_prices", Upload),
    ("submit_tax_exemption", Upload),
    ("operator_verifications", Operator("query=")),
    (
        "operator_decide_verification",
        Operator("partner_id={pid}&decision=approve"),
    ),
    ("operator_tax_exemptions", Operator("query=")),
    (
        "operator_decide_tax_exemption",
        Operator("exemption_id=E1&decision=approve"),
    ),
    ("operator_accounts", Operator("query=")),
    (
        "operator_activity",
        Operator("partner_id={pid}&filter[user]="),
    ),
    (
        "operator_account_status",
        Operator("partner_id={pid}&suspend=true&reason=x"),
    ),
];

#[test]
fn every_server_function_is_in_the_registry_once() {
    let served: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/").to_string())
        .collect();
    let mut unique = served.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        served.len(),
        "two server functions share an endpoint"
    );
    let mut listed: Vec<String> = REGISTRY.iter().map(|(name, _)| name.to_string()).collect();
    listed.sort();
    assert_eq!(
        unique, listed,
        "each server function needs its REGISTRY entry"
    );
}

/// A multipart body naming the account, as the upload forms send it.
async fn upload(
    app: &axum::Router,
    endpoint: &str,
    pid: &str,
    cookie: Option<&str>,
) -> (u16, String) {
    use axum::body::Body;
    use axum::http::{header, Request};
    let body = format!(
        "--B\r\nContent-Disposition: form-data; name=\"partner_id\"\r\n\r\n{pid}\r\n--B--\r\n"
    );
    let mut request = Request::post(format!("/api/{endpoint}"))
        .header(header::CONTENT_TYPE, "multipart/form-data; boundary=B")
        .header(header::ACCEPT, "application/json");
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let (status, _, bytes) =
        crate::http::send(app, request.body(Body::from(body)).expect("request")).await;
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

async fn another_accounts_ids_answer_like_missing_ones_everywhere(db: Db) {
    let app = app(&db);
    let ana = crate::common::sign_up(&db, "ana@contoso.example").await;
    for program in [Program::Mpn, Program::OfficeStore] {
        programs::enroll(&db, &ana.user_id, ana.partner_id, program)
            .await
            .expect("enroll");
    }
    crate::common::sign_up(&db, "bob@fabrikam.example").await;
    let bob = sign_in(&app, "bob@fabrikam.example").await;
    let theirs = ana.partner_id.to_string();
    let missing = "1";
    let (mut attempts, mut leaks) = (0, Vec::new());
    for (endpoint, kind) in REGISTRY {
        let answers = match kind {
            Account(form) | Operator(form) => {
                let mut answers = Vec::new();
                for (pid, cookie) in [
                    (&theirs, Some(bob.as_str())),
                    (&missing.to_string(), Some(bob.as_str())),
                    (&theirs, None),
                ] {
                    let reply = call(&app, endpoint, &form.replace("{pid}", pid), cookie).await;
                    answers.push((reply.status, reply.body));
                }
                answers
            }
            Upload => {
                let mut answers = Vec::new();
                for (pid, cookie) in [
                    (theirs.as_str(), Some(bob.as_str())),
                    (missing, Some(bob.as_str())),
                    (theirs.as_str(), None),
                ] {
                    answers.push(upload(&app, endpoint, pid, cookie).await);
                }
                answers
            }
            Public(_) | Personal(_) => continue,
        };
        attempts += answers.len();
        let [stranger, nobody, signed_out] = &answers[..] else {
            unreachable!()
        };
        if stranger != nobody || stranger.0 != 404 || signed_out.0 != 401 {
            leaks.push(format!("{endpoint}: another account's {stranger:?}, a missing one's {nobody:?}, signed out {signed_out:?}"));
        }
    }
    println!("cross-account: {attempts} attempts, {} leaks", leaks.len());
    assert!(leaks.is_empty(), "{leaks:#?}");
}

on_both_databases!(another_accounts_ids_answer_like_missing_ones_everywhere);

/// The cross-account suite for every kind of outsider: a member of another
/// account holding each role, a removed member, a pending invitee and an
/// operator, each calling every account-scoped, operator and upload function
/// with the account's Partner ID, a missing one and malformed ones. The
/// account's and the missing ID must answer alike (404, same body); a
/// malformed one the same for everyone, never a 5xx. Over 12,000 calls per
/// database, in about 4 s: the full count runs in every test run
/// (`cargo test --features ssr --test integration -- registry --nocapture`
/// prints it).
async fn every_kind_of_outsider_gets_what_a_missing_account_gets(db: Db) {
    use partner_portal::domain::{invitations, members};
    use partner_portal::model::Role;
    let app = app(&db);
    let ana = crate::common::sign_up(&db, "ana@contoso.example").await;
    let pid = ana.partner_id;
    for program in [Program::Mpn, Program::OfficeStore] {
        programs::enroll(&db, &ana.user_id, pid, program)
            .await
            .expect("enroll");
    }
    let fabrikam = crate::common::sign_up(&db, "boss@fabrikam.example").await;
    // Members made directly get a real password (one hash for them all).
    let hash = partner_portal::auth::password::hash(crate::common::PASSWORD.into())
        .await
        .expect("hash");
    let can_sign_in = |user_id: String| {
        let db = db.clone();
        let hash = hash.clone();
        async move {
            sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
                .bind(hash)
                .bind(user_id)
                .execute(&db)
                .await
                .expect("password");
        }
    };
    let mut callers: Vec<(String, String)> = Vec::new();
    for role in Role::ALL {
        let email = format!("{role:?}@fabrikam.example").to_lowercase();
        let id = crate::common::member(&db, fabrikam.partner_id, &email, &[role]).await;
        can_sign_in(id).await;
        callers.push((
            format!("{role:?} of another account"),
            sign_in(&app, &email).await,
        ));
    }
    // Signed in while a member, then removed: the session stays, the
    // membership doesn't.
    let gone = crate::common::member(&db, pid, "gone@contoso.example", &[Role::GlobalAdmin]).await;
    can_sign_in(gone.clone()).await;
    let gone_cookie = sign_in(&app, "gone@contoso.example").await;
    members::remove(&db, &ana.user_id, pid, &gone)
        .await
        .expect("remove");
    callers.push(("a removed member".into(), gone_cookie));
    let invitee = crate::common::user(&db, "invitee@contoso.example", "Invitee").await;
    can_sign_in(invitee).await;
    invitations::invite(
        &db,
        &ana.user_id,
        pid,
        "invitee@contoso.example",
        &[Role::GlobalAdmin],
        crate::common::BASE_URL,
    )
    .await
    .expect("invite");
    callers.push((
        "a pending invitee".into(),
        sign_in(&app, "invitee@contoso.example").await,
    ));
    let operator = crate::http::sign_in_operator(&app, &db).await;
    callers.push(("an operator".into(), operator));

    let theirs = pid.to_string();
    let malformed = ["abc", "", "99999999999999999999", "1.5", "%00", "-", "1e3"];
    let (mut attempts, mut leaks) = (0, Vec::new());
    let mut first_answer: std::collections::HashMap<(&str, &str), (u16, String)> =
        std::collections::HashMap::new();
    for (endpoint, kind) in REGISTRY {
        // The console's functions, its price-list upload among them.
        let is_operator_function = matches!(kind, Operator(_)) || endpoint.starts_with("operator_");
        for (who, cookie) in &callers {
            // The console is the operator's own: only account functions
            // are outsiders' business for them.
            if is_operator_function && who == "an operator" {
                continue;
            }
            let answer = |id: &str| {
                let app = app.clone();
                let id = id.to_string();
                let cookie = cookie.clone();
                async move {
                    match kind {
                        Account(form) | Operator(form) => {
                            let reply =
                                call(&app, endpoint, &form.replace("{pid}", &id), Some(&cookie))
                                    .await;
                            Some((reply.status, reply.body))
                        }
                        Upload => Some(upload(&app, endpoint, &id, Some(&cookie)).await),
                        Public(_) | Personal(_) => None,
                    }
                }
            };
            let Some(stranger) = answer(&theirs).await else {
                break;
            };
            let nobody = answer("1").await.unwrap_or_default();
            attempts += 2;
            if stranger != nobody || stranger.0 != 404 {
                leaks.push(format!(
                    "{endpoint} by {who}: the account's {stranger:?}, a missing one's {nobody:?}"
                ));
            }
            for id in &malformed {
                let reply = answer(id).await.unwrap_or_default();
                attempts += 1;
                if reply.0 >= 500 {
                    leaks.push(format!("{endpoint} by {who} with {id:?}: {reply:?}"));
                }
                let first = first_answer.entry((endpoint, id)).or_insert(reply.clone());
                if *first != reply {
                    leaks.push(format!(
                        "{endpoint} with {id:?}: {who} got {reply:?}, another caller {first:?}"
                    ));
                }
            }
        }
    }
    println!(
        "cross-account ({} kinds of outsider, {} ids): {attempts} attempts, {} leaks",
        callers.len(),
        2 + malformed.len(),
        leaks.len()
    );
    assert!(leaks.is_empty(), "{leaks:#?}");
}

on_both_databases!(every_kind_of_outsider_gets_what_a_missing_account_gets);
