//! The access gate (`domain::access`): every account-scoped domain function,
//! called by someone outside the account, by a member of another account
//! with this account's ids, or by a member without the permission, is
//! refused, changes nothing and takes no lock on the account's rows. On
//! SQLite and PostgreSQL.

use partner_portal::db::Db;
use partner_portal::domain::{
    accounts, agreements, billing, business, contact_info, enrollment, invitations, locations,
    members, organization, partner_profile, payout, programs, support,
};
use partner_portal::model::billing::BillingProfile;
use partner_portal::model::business::BusinessProfile;
use partner_portal::model::contact_info::ContactInfo;
use partner_portal::model::listing::PageAt;
use partner_portal::model::location::LocationForm;
use partner_portal::model::member::NewUser;
use partner_portal::model::{Agreement, AppError, Language, Program, Role, SettingsArea};

const BASE: &str = crate::common::BASE_URL;

/// The ids a caller names: the account, a member and an invitation of it.
struct Target<'a> {
    partner_id: i64,
    user_id: &'a str,
    invitation_id: &'a str,
    location_id: &'a str,
}

type Outcome = (&'static str, Option<AppError>);

fn outcome<T>(name: &'static str, result: Result<T, AppError>) -> Outcome {
    (name, result.err())
}

/// Every account-scoped read, as `actor`.
async fn reads(db: &Db, actor: &str, t: &Target<'_>) -> Vec<Outcome> {
    let pid = t.partner_id;
    vec![
        outcome(
            "programs::enrollments",
            programs::enrollments(db, actor, pid).await,
        ),
        outcome(
            "programs::area",
            programs::area(db, actor, pid, SettingsArea::Partner).await,
        ),
        outcome(
            "agreements::for_area",
            agreements::for_area(db, actor, pid, SettingsArea::Partner, Language::En).await,
        ),
        outcome(
            "partner_profile::legal_profile",
            partner_profile::legal_profile(db, actor, pid).await,
        ),
        outcome(
            "billing::billing_profile",
            billing::billing_profile(db, actor, pid).await,
        ),
        outcome(
            "business::business_profile",
            business::business_profile(db, actor, pid).await,
        ),
        outcome(
            "contact_info::contact_info",
            contact_info::contact_info(db, actor, pid).await,
        ),
        outcome(
            "accounts::developer_account",
            accounts::developer_account(db, actor, pid).await,
        ),
        outcome(
            "accounts::shell",
            crate::common::shell(db, actor, pid).await,
        ),
        outcome(
            "enrollment::program_detail",
            enrollment::program_detail(db, actor, pid, Program::Mpn).await,
        ),
        outcome(
            "members::list",
            members::list(db, actor, pid, "", &PageAt::Start).await,
        ),
        outcome(
            "members::get",
            members::get(db, actor, pid, t.user_id).await,
        ),
        outcome(
            "invitations::pending",
            invitations::pending(db, actor, pid).await,
        ),
        outcome(
            "organization::organization_page",
            organization::organization_page(db, actor, pid).await,
        ),
        outcome(
            "payout::payout_profile",
            payout::payout_profile(db, actor, pid).await,
        ),
        outcome(
            "support::support_profile",
            support::support_profile(db, actor, pid).await,
        ),
        outcome(
            "locations::list",
            locations::list(db, actor, pid, "", &PageAt::Start).await,
        ),
        outcome(
            "locations::new_location",
            locations::new_location(db, actor, pid).await,
        ),
        outcome(
            "locations::get",
            locations::get(db, actor, pid, t.location_id).await,
        ),
    ]
}

/// A location anyone allowed could add.
pub fn site(name: &str) -> LocationForm {
    LocationForm {
        name: name.into(),
        address_line1: "10 quai Saint-Antoine".into(),
        address_line2: String::new(),
        city: "Lyon".into(),
        region: String::new(),
        postal_code: "69002".into(),
        country: "FR".into(),
        contact_name: "Chloé Bernard".into(),
        contact_email: "chloe@contoso.example".into(),
        contact_phone: "+33 4 72 00 00 00".into(),
    }
}

/// Every account-scoped change, as `actor`, with inputs that would be
/// accepted from someone allowed (or refused for their content only after
/// the gate: a caller refused by it learns nothing from field errors).
async fn writes(db: &Db, actor: &str, t: &Target<'_>) -> Vec<Outcome> {
    let pid = t.partner_id;
    let legal = crate::common::legal_profile("contact@contoso.example");
    let contact = ContactInfo {
        publisher_display_name: "Strangers Inc".into(),
        contact_name: "Mallory".into(),
        contact_email: "mallory@strangers.example".into(),
        contact_phone: String::new(),
    };
    let new_user = NewUser {
        display_name: "Eve".into(),
        email: "eve@strangers.example".into(),
        roles: vec![Role::SalesAgent],
    };
    vec![
        outcome(
            "programs::enroll",
            programs::enroll(db, actor, pid, Program::Referrals).await,
        ),
        outcome(
            "programs::withdraw",
            programs::withdraw(db, actor, pid, Program::Mpn).await,
        ),
        outcome(
            "agreements::accept",
            agreements::accept(db, actor, pid, Agreement::Mpn, 1).await,
        ),
        outcome(
            "partner_profile::save_legal_profile",
            partner_profile::save_legal_profile(db, actor, pid, &legal, 1, BASE).await,
        ),
        outcome(
            "billing::save_billing_profile",
            billing::save_billing_profile(db, actor, pid, &BillingProfile::default(), 0).await,
        ),
        outcome(
            "business::save_business_profile",
            business::save_business_profile(db, actor, pid, &BusinessProfile::default(), 0).await,
        ),
        outcome(
            "business::save_logo",
            business::save_logo(db, actor, pid, b"not an image").await,
        ),
        outcome(
            "business::remove_logo",
            business::remove_logo(db, actor, pid).await,
        ),
        outcome(
            "contact_info::save_contact_info",
            contact_info::save_contact_info(db, actor, pid, &contact, 1).await,
        ),
        outcome(
            "enrollment::resend_link",
            enrollment::resend_link(db, actor, pid, BASE).await,
        ),
        outcome(
            "enrollment::acknowledge_fee",
            enrollment::acknowledge_fee(db, actor, pid).await,
        ),
        outcome(
            "members::add_user",
            members::add_user(db, actor, pid, &new_user).await,
        ),
        outcome(
            "members::change_roles",
            members::change_roles(db, actor, pid, t.user_id, &[Role::GlobalAdmin], 1).await,
        ),
        outcome(
            "members::remove",
            members::remove(db, actor, pid, t.user_id).await,
        ),
        outcome(
            "members::reset_password",
            members::reset_password(db, actor, pid, t.user_id).await,
        ),
        outcome(
            "invitations::invite",
            invitations::invite(
                db,
                actor,
                pid,
                "eve@strangers.example",
                &[Role::SalesAgent],
                BASE,
            )
            .await,
        ),
        outcome(
            "invitations::resend",
            invitations::resend(db, actor, pid, t.invitation_id, BASE).await,
        ),
        outcome(
            "invitations::revoke",
            invitations::revoke(db, actor, pid, t.invitation_id).await,
        ),
        outcome(
            "organization::save_organization_profile",
            organization::save_organization_profile(
                db,
                actor,
                pid,
                &partner_portal::model::organization::OrganizationProfile {
                    name: "Strangers Inc".into(),
                    address_line1: "1 rue de la Paix".into(),
                    city: "Paris".into(),
                    postal_code: "75002".into(),
                    country: "FR".into(),
                    ..Default::default()
                },
                0,
            )
            .await,
        ),
        outcome(
            "payout::save_payout_profile",
            payout::save_payout_profile(
                db,
                actor,
                pid,
                &partner_portal::model::payout::PayoutForm {
                    account_holder: "Mallory".into(),
                    bank_country: "FR".into(),
                    iban: "FR1420041010050500013M02606".into(),
                    tax_residence: "FR".into(),
                    tax_id: "FR40303265045".into(),
                    ..Default::default()
                },
                0,
            )
            .await,
        ),
        outcome(
            "support::save_support_profile",
            support::save_support_profile(
                db,
                actor,
                pid,
                &partner_portal::model::support::SupportProfile {
                    email: "help@strangers.example".into(),
                    ..Default::default()
                },
                0,
            )
            .await,
        ),
        outcome(
            "locations::add",
            locations::add(db, actor, pid, &site("Strangers' office")).await,
        ),
        outcome(
            "locations::save",
            locations::save(db, actor, pid, t.location_id, &site("Renamed"), 1).await,
        ),
        outcome(
            "locations::make_headquarters",
            locations::make_headquarters(db, actor, pid, t.location_id).await,
        ),
        outcome(
            "locations::remove",
            locations::remove(db, actor, pid, t.location_id).await,
        ),
    ]
}

/// Everything a change to the account could touch, lock included.
async fn snapshot(db: &Db, account_id: &str) -> Vec<String> {
    let queries = [
        "SELECT write_lock || ' ' || legal_profile_version || ' ' || contact_info_version || ' '
                || legal_name || ' ' || verification_status || ' ' || COALESCE(fee_acknowledged_at, 0)
         FROM accounts WHERE id = $1",
        "SELECT COUNT(*) || '' FROM activity_events WHERE account_id = $1",
        "SELECT COUNT(*) || '' FROM memberships WHERE account_id = $1",
        "SELECT COUNT(*) || '' FROM membership_roles WHERE account_id = $1",
        "SELECT COUNT(*) || '' FROM enrollments WHERE account_id = $1",
        "SELECT COUNT(*) || '' FROM agreement_acceptances WHERE account_id = $1",
        "SELECT COUNT(*) || '' FROM billing_profiles WHERE account_id = $1",
        "SELECT COUNT(*) || '' FROM business_profiles WHERE account_id = $1",
        "SELECT COUNT(*) || '' FROM support_profiles WHERE account_id = $1",
        "SELECT COUNT(*) || '' FROM organization_profiles WHERE account_id = $1",
        "SELECT COUNT(*) || '' FROM payout_profiles WHERE account_id = $1",
        "SELECT COUNT(*) || ' ' || COALESCE(MAX(status), '') || ' ' || COALESCE(MAX(expires_at), 0)
         FROM invitations WHERE account_id = $1",
        "SELECT COUNT(*) || '' FROM email_verifications WHERE account_id = $1",
        "SELECT COUNT(*) || ' ' || COALESCE(SUM(version), 0) || ' ' || COALESCE(SUM(is_hq), 0)
                || ' ' || COALESCE(MAX(name), '')
         FROM locations WHERE account_id = $1",
    ];
    let mut values = Vec::new();
    for sql in queries {
        let (value,): (String,) = sqlx::query_as(sql)
            .bind(account_id)
            .fetch_one(db)
            .await
            .expect(sql);
        values.push(value);
    }
    for sql in [
        "SELECT COUNT(*) || '' FROM users",
        "SELECT COUNT(*) || '' FROM outbox",
        "SELECT COUNT(*) || '' FROM sessions",
    ] {
        let (value,): (String,) = sqlx::query_as(sql).fetch_one(db).await.expect(sql);
        values.push(value);
    }
    values
}

async fn account_id(db: &Db, partner_id: i64) -> String {
    let (id,): (String,) = sqlx::query_as("SELECT id FROM accounts WHERE partner_id = $1")
        .bind(partner_id)
        .fetch_one(db)
        .await
        .expect("account");
    id
}

fn assert_all(outcomes: &[Outcome], expected: &[AppError], who: &str) {
    for (name, error) in outcomes {
        assert!(
            error.as_ref().is_some_and(|e| expected.contains(e)),
            "{name} as {who}: expected one of {expected:?}, got {error:?}"
        );
    }
}

async fn nobody_outside_the_account_or_without_the_permission_gets_through(db: Db) {
    // Account A: enrolled (pending) in MPN and Windows and Xbox, so that
    // every page of both areas opens; a member, an invitation.
    let ana = crate::common::sign_up(&db, "ana@contoso.example").await;
    let a = ana.partner_id;
    for program in [Program::Mpn, Program::WindowsXbox] {
        programs::enroll(&db, &ana.user_id, a, program)
            .await
            .expect("enroll");
    }
    crate::common::save_legal_profile(
        &db,
        &ana.user_id,
        a,
        &crate::common::legal_profile("contact@contoso.example"),
        BASE,
    )
    .await
    .expect("profile");
    let sam = crate::common::member(&db, a, "sam@contoso.example", &[Role::SalesAgent]).await;
    invitations::invite(
        &db,
        &ana.user_id,
        a,
        "zoe@contoso.example",
        &[Role::SalesAgent],
        BASE,
    )
    .await
    .expect("invite");
    let (invitation_id,): (String,) = sqlx::query_as("SELECT id FROM invitations")
        .fetch_one(&db)
        .await
        .expect("invitation");
    let mut hq = site("Paris headquarters");
    hq.address_line1 = "1 rue de la Paix".into();
    hq.city = "Paris".into();
    hq.postal_code = "75002".into();
    locations::add(&db, &ana.user_id, a, &hq).await.expect("HQ");
    let lyon = locations::add(&db, &ana.user_id, a, &site("Lyon office"))
        .await
        .expect("location");
    let a_id = account_id(&db, a).await;
    let in_a = Target {
        partner_id: a,
        user_id: &sam,
        invitation_id: &invitation_id,
        location_id: &lyon,
    };

    // Account B's Global admin, a stranger with no account, and a Default
    // user of A (no permission at all).
    let bob = crate::common::sign_up(&db, "bob@fabrikam.example").await;
    let stranger = crate::common::user(&db, "eve@strangers.example", "Eve").await;
    let dee = crate::common::member(&db, a, "dee@contoso.example", &[Role::DefaultUser]).await;

    let before = snapshot(&db, &a_id).await;
    for (who, actor) in [
        ("a stranger", stranger.as_str()),
        ("B's admin", &bob.user_id),
    ] {
        let mut all = reads(&db, actor, &in_a).await;
        all.extend(writes(&db, actor, &in_a).await);
        assert_eq!(all.len(), 44, "every account-scoped function is listed");
        assert_all(&all, &[AppError::NotFound], who);
        assert_eq!(snapshot(&db, &a_id).await, before, "{who} changed A");
    }

    // B's admin naming A's member and invitation in B: not found either,
    // exactly as ids that don't exist.
    programs::enroll(&db, &bob.user_id, bob.partner_id, Program::Mpn)
        .await
        .expect("B enrolls");
    let in_b = Target {
        partner_id: bob.partner_id,
        user_id: &sam,
        invitation_id: &invitation_id,
        location_id: &lyon,
    };
    let missing = Target {
        partner_id: bob.partner_id,
        user_id: "no-such-user",
        invitation_id: "no-such-invitation",
        location_id: "LOC-NOSUCHID",
    };
    for target in [&in_b, &missing] {
        let results = [
            outcome(
                "members::get",
                members::get(&db, &bob.user_id, bob.partner_id, target.user_id).await,
            ),
            outcome(
                "members::change_roles",
                members::change_roles(
                    &db,
                    &bob.user_id,
                    bob.partner_id,
                    target.user_id,
                    &[Role::Owner],
                    1,
                )
                .await,
            ),
            outcome(
                "members::remove",
                members::remove(&db, &bob.user_id, bob.partner_id, target.user_id).await,
            ),
            outcome(
                "members::reset_password",
                members::reset_password(&db, &bob.user_id, bob.partner_id, target.user_id).await,
            ),
            outcome(
                "invitations::resend",
                invitations::resend(
                    &db,
                    &bob.user_id,
                    bob.partner_id,
                    target.invitation_id,
                    BASE,
                )
                .await,
            ),
            outcome(
                "invitations::revoke",
                invitations::revoke(&db, &bob.user_id, bob.partner_id, target.invitation_id).await,
            ),
            outcome(
                "locations::get",
                locations::get(&db, &bob.user_id, bob.partner_id, target.location_id).await,
            ),
            outcome(
                "locations::save",
                locations::save(
                    &db,
                    &bob.user_id,
                    bob.partner_id,
                    target.location_id,
                    &site("Taken over"),
                    1,
                )
                .await,
            ),
            outcome(
                "locations::make_headquarters",
                locations::make_headquarters(&db, &bob.user_id, bob.partner_id, target.location_id)
                    .await,
            ),
            outcome(
                "locations::remove",
                locations::remove(&db, &bob.user_id, bob.partner_id, target.location_id).await,
            ),
        ];
        assert_all(&results, &[AppError::NotFound], "B's admin with A's ids");
    }
    assert_eq!(snapshot(&db, &a_id).await, before, "B's admin changed A");

    // A member without the permission: every change refused (Forbidden), and
    // the user-management pages too; the other reads are open to members.
    let refused = writes(&db, &dee, &in_a).await;
    assert_all(&refused, &[AppError::Forbidden], "a Default user");
    assert_eq!(
        snapshot(&db, &a_id).await,
        before,
        "a Default user changed A"
    );
    // A Default user sees only their own profile (SPEC §5): every read of
    // the account's data is refused too, except the shell (the account's
    // name, their roles: no programs).
    for (name, error) in reads(&db, &dee, &in_a).await {
        match name {
            "accounts::shell" => assert_eq!(error, None, "{name}"),
            // (The Partner area itself needs an active program: NotFound.)
            "programs::area" => assert_eq!(error, Some(AppError::NotFound), "{name}"),
            _ => assert_eq!(error, Some(AppError::Forbidden), "{name}"),
        }
    }
    let shell = crate::common::shell(&db, &dee, a).await.expect("shell");
    assert!(shell.enrollments.is_empty() && shell.areas().is_empty());
    // Any other role reads them.
    for (name, error) in reads(&db, &sam, &in_a).await {
        let managed = name.starts_with("members::")
            || name.starts_with("invitations::")
            || name == "locations::new_location";
        if !managed && name != "programs::area" {
            assert_eq!(error, None, "{name} is open to a Sales agent");
        }
    }

    // No lock: while someone allowed holds A's write lock, the refused
    // callers are answered at once (PostgreSQL; SQLite has one writer for
    // the whole file, so any writer waits there).
    let conn = db.acquire().await.expect("connection");
    if conn.backend_name() == "PostgreSQL" {
        drop(conn);
        let mut holder = db.begin().await.expect("begin");
        sqlx::query("UPDATE accounts SET write_lock = write_lock WHERE id = $1")
            .bind(&a_id)
            .execute(&mut *holder)
            .await
            .expect("hold the lock");
        let quick = tokio::time::timeout(
            std::time::Duration::from_secs(5),
            writes(&db, &stranger, &in_a),
        )
        .await
        .expect("a stranger's calls never wait for A's lock");
        assert_all(
            &quick,
            &[AppError::NotFound],
            "a stranger while A is locked",
        );
        holder.rollback().await.expect("rollback");
    }
}

on_both_databases!(nobody_outside_the_account_or_without_the_permission_gets_through);
