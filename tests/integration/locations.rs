//! Partner settings → Locations (SPEC §6) on SQLite and PostgreSQL: the
//! headquarters and the legal address, removal, unique names, validation,
//! permissions, versions, the list.

use crate::access::site;
use crate::common::{count, enroll_active, events, member, sign_up};
use partner_portal::db::Db;
use partner_portal::domain::{locations, partner_profile, programs};
use partner_portal::model::listing::PageAt;
use partner_portal::model::validation::Problem;
use partner_portal::model::{AppError, Conflict, FromLatest, Program, Role};

/// An account with an active MPN enrollment (a saved legal profile in
/// Paris), its verification Authorized: (user, partner id, account id).
async fn authorized_partner(db: &Db, email: &str) -> (String, i64, String) {
    let owner = sign_up(db, email).await;
    enroll_active(db, &owner.user_id, owner.partner_id, Program::Mpn).await;
    let (account_id,): (String,) = sqlx::query_as("SELECT id FROM accounts WHERE partner_id = $1")
        .bind(owner.partner_id)
        .fetch_one(db)
        .await
        .expect("account");
    sqlx::query("UPDATE accounts SET verification_status = 'authorized' WHERE id = $1")
        .bind(&account_id)
        .execute(db)
        .await
        .expect("authorize");
    (owner.user_id, owner.partner_id, account_id)
}

pub(crate) fn paris() -> partner_portal::model::location::LocationForm {
    let mut hq = site("Paris headquarters");
    hq.address_line1 = "1 rue de la Paix".into();
    hq.city = "Paris".into();
    hq.postal_code = "75002".into();
    hq
}

async fn verification(db: &Db, account_id: &str) -> String {
    let (status,): (String,) =
        sqlx::query_as("SELECT verification_status FROM accounts WHERE id = $1")
            .bind(account_id)
            .fetch_one(db)
            .await
            .expect("status");
    status
}

async fn the_headquarters_address_is_the_legal_address(db: Db) {
    let (me, pid, account) = authorized_partner(&db, "owner@contoso.example").await;
    let legal_before = partner_profile::legal_profile(&db, &me, pid)
        .await
        .expect("legal")
        .version;
    // The first location is the headquarters; at the legal address, nothing
    // else changes.
    let hq = locations::add(&db, &me, pid, &paris())
        .await
        .expect("add HQ");
    assert!(hq.starts_with("LOC-") && hq.len() == 12, "{hq}");
    assert!(locations::get(&db, &me, pid, &hq).await.expect("get").is_hq);
    assert_eq!(verification(&db, &account).await, "authorized");
    let lyon = locations::add(&db, &me, pid, &site("Lyon office"))
        .await
        .expect("add");
    assert!(
        !locations::get(&db, &me, pid, &lyon)
            .await
            .expect("get")
            .is_hq
    );
    let mails = count(&db, "SELECT COUNT(*) FROM outbox WHERE recipient <> $1", "").await;

    locations::make_headquarters(&db, &me, pid, &lyon)
        .await
        .expect("move HQ");
    let legal = partner_profile::legal_profile(&db, &me, pid)
        .await
        .expect("legal");
    assert_eq!(
        (
            legal.address_line1.as_str(),
            legal.city.as_str(),
            legal.postal_code.as_str()
        ),
        ("10 quai Saint-Antoine", "Lyon", "69002")
    );
    assert!(
        legal.version > legal_before,
        "an open Partner profile form is now outdated"
    );
    assert_eq!(verification(&db, &account).await, "pending");
    assert!(!locations::get(&db, &me, pid, &hq).await.expect("get").is_hq);
    assert!(
        locations::get(&db, &me, pid, &lyon)
            .await
            .expect("get")
            .is_hq
    );
    let told = count(
        &db,
        "SELECT COUNT(*) FROM outbox WHERE recipient = $1 AND subject LIKE 'Legal profile changed%'",
        &legal.contact_email,
    )
    .await;
    assert_eq!(told, 1, "the primary contact is emailed");
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM outbox WHERE recipient <> $1", "").await,
        mails + 1
    );
    assert_eq!(events(&db, "location.headquarters_changed").await, 1);
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM activity_events WHERE action = 'account.legal_profile_updated'
               AND subject = 'address' AND new_value = $1",
            "10 quai Saint-Antoine, 69002 Lyon, FR",
        )
        .await,
        1
    );

    // Editing the headquarters' address moves the legal address too…
    let now = locations::get(&db, &me, pid, &lyon).await.expect("get");
    let mut moved = now.value.form.clone();
    moved.address_line1 = "20 rue de la République".into();
    locations::save(&db, &me, pid, &lyon, &moved, now.version)
        .await
        .expect("save");
    let legal = partner_profile::legal_profile(&db, &me, pid)
        .await
        .expect("legal");
    assert_eq!(legal.address_line1, "20 rue de la République");
    // …and the Partner profile's address moves the headquarters.
    let mut profile = legal.value.clone();
    profile.address_line1 = "5 place Bellecour".into();
    partner_profile::save_legal_profile(&db, &me, pid, &profile, legal.version, "")
        .await
        .expect("save legal");
    let hq_now = locations::get(&db, &me, pid, &lyon).await.expect("get");
    assert_eq!(hq_now.form.address_line1, "5 place Bellecour");
    assert!(
        hq_now.version > now.version + 1,
        "an open location form is now outdated"
    );
}

async fn the_headquarters_cant_be_removed_the_others_can(db: Db) {
    let (me, pid, _) = authorized_partner(&db, "owner@contoso.example").await;
    let hq = locations::add(&db, &me, pid, &paris()).await.expect("HQ");
    let lyon = locations::add(&db, &me, pid, &site("Lyon office"))
        .await
        .expect("add");
    assert_eq!(
        locations::remove(&db, &me, pid, &hq).await,
        Err(AppError::Conflict(Conflict::HeadquartersKept))
    );
    locations::remove(&db, &me, pid, &lyon)
        .await
        .expect("remove");
    assert_eq!(
        locations::get(&db, &me, pid, &lyon).await.err(),
        Some(AppError::NotFound)
    );
    let list = locations::list(&db, &me, pid, "", &PageAt::Start)
        .await
        .expect("list");
    assert_eq!(list.total, 1);
    assert_eq!(events(&db, "location.removed").await, 1);
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM activity_events WHERE action = 'location.removed' AND old_value = $1",
            "Lyon office",
        )
        .await,
        1,
        "the event keeps the name"
    );
}

async fn names_are_unique_per_account_even_when_added_at_once(db: Db) {
    let (me, pid, _) = authorized_partner(&db, "owner@contoso.example").await;
    locations::add(&db, &me, pid, &paris()).await.expect("HQ");
    let (a, b) = (site("Lyon office"), site("  lyon OFFICE "));
    let (one, two) = tokio::join!(
        locations::add(&db, &me, pid, &a),
        locations::add(&db, &me, pid, &b),
    );
    let taken: Vec<_> = [one, two].into_iter().filter_map(Result::err).collect();
    assert_eq!(taken.len(), 1, "exactly one of the two is refused");
    let problems: Vec<_> = taken[0]
        .field_errors()
        .iter()
        .map(|e| (e.field.clone(), e.problem))
        .collect();
    assert_eq!(problems, [("name".to_string(), Problem::LocationNameTaken)]);
    assert_eq!(events(&db, "location.added").await, 2);
    // Renaming onto a taken name is refused the same way.
    let other = locations::add(&db, &me, pid, &site("Marseille office"))
        .await
        .expect("add");
    let now = locations::get(&db, &me, pid, &other).await.expect("get");
    let err = locations::save(&db, &me, pid, &other, &site("LYON office"), now.version)
        .await
        .unwrap_err();
    assert_eq!(err.field_errors()[0].problem, Problem::LocationNameTaken);
    assert_eq!(
        locations::get(&db, &me, pid, &other)
            .await
            .expect("get")
            .version,
        now.version,
        "a refused rename changes nothing"
    );
    // Another account may use the same name.
    let (bob, bob_pid, _) = authorized_partner(&db, "bob@fabrikam.example").await;
    locations::add(&db, &bob, bob_pid, &site("Lyon office"))
        .await
        .expect("another account's Lyon office");
}

async fn bad_input_is_named_by_field_and_changes_nothing(db: Db) {
    let (me, pid, _) = authorized_partner(&db, "owner@contoso.example").await;
    let mut bad = site("Lyon office");
    bad.postal_code = "6900".into();
    bad.contact_phone = "+33 4 72 00 00 00 00 00 00".into();
    bad.contact_email = "chloe@gmail.com".into();
    let err = locations::add(&db, &me, pid, &bad).await.unwrap_err();
    let fields: Vec<_> = err
        .field_errors()
        .iter()
        .map(|e| (e.field.as_str(), e.problem))
        .collect();
    assert_eq!(
        fields,
        [
            ("postal_code", Problem::InvalidPostalCode),
            ("contact_email", Problem::FreeMail),
            ("contact_phone", Problem::InvalidE164 { max: 15 }),
        ]
    );
    let mut us = site("San Francisco office");
    us.country = "US".into();
    us.postal_code = "94105".into();
    let err = locations::add(&db, &me, pid, &us).await.unwrap_err();
    assert_eq!(err.field_errors()[0].field, "region");
    assert_eq!(events(&db, "location.added").await, 0);
    assert_eq!(
        locations::list(&db, &me, pid, "", &PageAt::Start)
            .await
            .expect("list")
            .total,
        0
    );
    // Valid: stored normalized (E.164 digits, the country's postal format).
    us.region = "CA".into();
    us.postal_code = "94105-1234".into();
    us.contact_phone = "+1 (415) 555-0100".into();
    let id = locations::add(&db, &me, pid, &us).await.expect("add");
    let saved = locations::get(&db, &me, pid, &id).await.expect("get");
    assert_eq!(saved.form.contact_phone, "+14155550100");
    assert_eq!(saved.form.postal_code, "94105-1234");
}

async fn only_location_managers_change_locations(db: Db) {
    let (me, pid, _) = authorized_partner(&db, "owner@contoso.example").await;
    let hq = locations::add(&db, &me, pid, &paris()).await.expect("HQ");
    let lyon = locations::add(&db, &me, pid, &site("Lyon office"))
        .await
        .expect("add");
    let sales = member(&db, pid, "s@contoso.example", &[Role::SalesAgent]).await;
    let admin = member(&db, pid, "a@contoso.example", &[Role::AccountAdmin]).await;
    // Every member reads them…
    assert_eq!(
        locations::list(&db, &sales, pid, "", &PageAt::Start)
            .await
            .expect("list")
            .total,
        2
    );
    assert!(locations::get(&db, &sales, pid, &hq).await.is_ok());
    // …only Global and Account admins change them.
    let version = locations::get(&db, &me, pid, &lyon)
        .await
        .expect("get")
        .version;
    for result in [
        locations::add(&db, &sales, pid, &site("Nice office"))
            .await
            .err(),
        locations::save(&db, &sales, pid, &lyon, &site("Renamed"), version)
            .await
            .err(),
        locations::make_headquarters(&db, &sales, pid, &lyon)
            .await
            .err(),
        locations::remove(&db, &sales, pid, &lyon).await.err(),
        locations::new_location(&db, &sales, pid).await.err(),
    ] {
        assert_eq!(result, Some(AppError::Forbidden));
    }
    locations::save(&db, &admin, pid, &lyon, &site("Lyon Part-Dieu"), version)
        .await
        .expect("an Account admin may");
    // Without a Partner program the pages don't exist for the account.
    let bob = sign_up(&db, "bob@fabrikam.example").await;
    assert_eq!(
        locations::list(&db, &bob.user_id, bob.partner_id, "", &PageAt::Start)
            .await
            .err(),
        Some(AppError::NotFound)
    );
    programs::enroll(&db, &bob.user_id, bob.partner_id, Program::Mpn)
        .await
        .expect("enroll");
    assert!(
        locations::list(&db, &bob.user_id, bob.partner_id, "", &PageAt::Start)
            .await
            .is_ok()
    );
}

async fn a_location_save_over_a_newer_version_is_refused(db: Db) {
    let (me, pid, _) = authorized_partner(&db, "owner@contoso.example").await;
    locations::add(&db, &me, pid, &paris()).await.expect("HQ");
    let lyon = locations::add(&db, &me, pid, &site("Lyon office"))
        .await
        .expect("add");
    let first = locations::get(&db, &me, pid, &lyon)
        .await
        .expect("get")
        .version;
    locations::save(&db, &me, pid, &lyon, &site("Lyon Part-Dieu"), first)
        .await
        .expect("save");
    match locations::save(&db, &me, pid, &lyon, &site("Lyon Confluence"), first).await {
        Err(AppError::EditedMeanwhile(Some(latest))) => {
            match partner_portal::model::location::LocationForm::from_latest(*latest) {
                Some(now) => {
                    assert_eq!(now.value.name, "Lyon Part-Dieu");
                    assert_eq!(now.version, first + 1);
                }
                None => panic!("another record"),
            }
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(events(&db, "location.updated").await, 1);
}

async fn the_list_has_the_headquarters_first_pages_of_25_and_a_search(db: Db) {
    let (me, pid, _) = authorized_partner(&db, "owner@contoso.example").await;
    locations::add(&db, &me, pid, &paris()).await.expect("HQ");
    for i in 0..29 {
        let mut office = site(&format!("Agence {i:02}"));
        if i == 7 {
            office.city = "Grenoble".into();
            office.postal_code = "38000".into();
        }
        locations::add(&db, &me, pid, &office).await.expect("add");
    }
    let names = |page: &partner_portal::model::location::LocationPage| {
        page.locations
            .iter()
            .map(|l| l.form.name.clone())
            .collect::<Vec<_>>()
    };
    let first = locations::list(&db, &me, pid, "", &PageAt::Start)
        .await
        .expect("list");
    assert_eq!((first.total, first.locations.len()), (30, 25));
    assert!(first.locations[0].is_hq);
    assert_eq!(first.locations[1].form.name, "Agence 00");
    assert_eq!(first.previous, None);
    assert_eq!(first.next.as_ref(), Some(&first.locations[24].id));
    let after = PageAt::After(first.locations[24].id.clone());
    let second = locations::list(&db, &me, pid, "", &after)
        .await
        .expect("list");
    assert_eq!(
        names(&second),
        [
            "Agence 24",
            "Agence 25",
            "Agence 26",
            "Agence 27",
            "Agence 28"
        ]
    );
    assert_eq!(second.next, None);
    assert_eq!(second.previous.as_ref(), Some(&second.locations[0].id));
    // Back from the second page: the first, headquarters included.
    let back = PageAt::Before(second.locations[0].id.clone());
    let back = locations::list(&db, &me, pid, "", &back)
        .await
        .expect("list");
    assert_eq!(names(&back), names(&first));
    assert_eq!((back.previous, back.next), (None, first.next.clone()));
    // From the headquarters: every other location, by name.
    let after_hq = PageAt::After(first.locations[0].id.clone());
    let after_hq = locations::list(&db, &me, pid, "", &after_hq)
        .await
        .expect("list");
    assert_eq!(after_hq.locations[0].form.name, "Agence 00");
    assert_eq!(after_hq.locations.len(), 25);
    // From a location that is gone: the first page.
    let gone = PageAt::After("LOC-NONE".into());
    let gone = locations::list(&db, &me, pid, "", &gone)
        .await
        .expect("list");
    assert_eq!(names(&gone), names(&first));
    let found = locations::list(&db, &me, pid, "grenoble", &PageAt::Start)
        .await
        .expect("search");
    assert_eq!(found.total, 1);
    assert_eq!(found.locations[0].form.name, "Agence 07");
    let id = &found.locations[0].id;
    let by_id = locations::list(&db, &me, pid, &id.to_lowercase(), &PageAt::Start)
        .await
        .expect("search by ID");
    assert_eq!(by_id.total, 1);
    let none = locations::list(&db, &me, pid, "100%_", &PageAt::Start)
        .await
        .expect("search");
    assert_eq!(none.total, 0, "wildcards are searched as typed");
}

async fn a_csp_account_keeps_its_legal_country(db: Db) {
    let (me, pid, account) = authorized_partner(&db, "owner@contoso.example").await;
    locations::add(&db, &me, pid, &paris()).await.expect("HQ");
    programs::enroll(&db, &me, pid, Program::Csp)
        .await
        .expect("enroll CSP");
    let mut brussels = site("Brussels office");
    brussels.city = "Bruxelles".into();
    brussels.postal_code = "1000".into();
    brussels.country = "BE".into();
    let id = locations::add(&db, &me, pid, &brussels).await.expect("add");
    assert_eq!(
        locations::make_headquarters(&db, &me, pid, &id).await,
        Err(AppError::Conflict(Conflict::CountryLockedForCsp))
    );
    assert!(!locations::get(&db, &me, pid, &id).await.expect("get").is_hq);
    assert_eq!(verification(&db, &account).await, "authorized");
}

/// The first location of an account starts from its legal address and
/// primary contact.
async fn the_first_location_starts_from_the_partner_profile(db: Db) {
    let (me, pid, _) = authorized_partner(&db, "owner@contoso.example").await;
    let start = locations::new_location(&db, &me, pid).await.expect("start");
    assert!(start.first);
    assert_eq!(
        (start.form.city.as_str(), start.form.contact_name.as_str()),
        ("Paris", "Ana Martin")
    );
    locations::add(&db, &me, pid, &paris()).await.expect("HQ");
    let next = locations::new_location(&db, &me, pid).await.expect("start");
    assert!(!next.first);
    assert_eq!(
        (next.form.city.as_str(), next.form.country.as_str()),
        ("", "FR")
    );
}

/// The business profile shows up to five of the account's own locations;
/// the directory's country filter finds the partner by them.
async fn the_business_profile_shows_up_to_five_locations(db: Db) {
    use partner_portal::domain::business;
    use partner_portal::model::business::DirectoryQuery;
    let (me, pid, _) = authorized_partner(&db, "owner@contoso.example").await;
    locations::add(&db, &me, pid, &paris()).await.expect("HQ");
    let mut ids = Vec::new();
    for (i, country, postal) in [
        (0, "BE", "1000"),
        (1, "FR", "69002"),
        (2, "FR", "69003"),
        (3, "FR", "69004"),
        (4, "FR", "69005"),
    ] {
        let mut office = site(&format!("Office {i}"));
        office.country = country.into();
        office.postal_code = postal.into();
        ids.push(locations::add(&db, &me, pid, &office).await.expect("add"));
    }
    let (bob, bob_pid, _) = authorized_partner(&db, "bob@fabrikam.example").await;
    let bobs = locations::add(&db, &bob, bob_pid, &paris())
        .await
        .expect("add");

    let page = business::business_page(&db, &me, pid).await.expect("page");
    assert_eq!(page.choices.len(), 6);
    assert_eq!(page.choices[0].name, "Paris headquarters");
    let mut profile = crate::common::published_profile("Cloud for clinics.");
    profile.locations = ids.clone();
    profile.locations.push(page.choices[0].id.clone());
    let err = crate::common::save_business_profile(&db, &me, pid, &profile)
        .await
        .unwrap_err();
    assert_eq!(
        err.field_errors()[0].problem,
        Problem::TooManyChoices { max: 5 }
    );
    profile.locations = vec![ids[0].clone(), bobs];
    let err = crate::common::save_business_profile(&db, &me, pid, &profile)
        .await
        .unwrap_err();
    assert_eq!(
        (
            err.field_errors()[0].field.as_str(),
            err.field_errors()[0].problem
        ),
        ("locations", Problem::UnknownChoice),
        "another account's location is no choice"
    );
    profile.locations = vec![ids[0].clone(), ids[1].clone()];
    crate::common::save_business_profile(&db, &me, pid, &profile)
        .await
        .expect("save");
    let saved = business::business_profile(&db, &me, pid)
        .await
        .expect("read");
    let mut shown = saved.locations.clone();
    shown.sort();
    let mut expected = vec![ids[0].clone(), ids[1].clone()];
    expected.sort();
    assert_eq!(shown, expected);

    // The directory: a French account found in Belgium by its office there.
    let in_belgium = business::directory(
        &db,
        &DirectoryQuery {
            country: "BE".into(),
            ..Default::default()
        },
    )
    .await
    .expect("directory");
    assert_eq!(in_belgium.total, 1);
    assert_eq!(in_belgium.entries[0].partner_id, pid);
    let public = business::public_profile(&db, pid).await.expect("public");
    assert_eq!(public.locations.len(), 2);
    // A removed location leaves the profile.
    locations::remove(&db, &me, pid, &ids[0])
        .await
        .expect("remove");
    let in_belgium = business::directory(
        &db,
        &DirectoryQuery {
            country: "BE".into(),
            ..Default::default()
        },
    )
    .await
    .expect("directory");
    assert_eq!(in_belgium.total, 0);
}

on_both_databases!(
    the_business_profile_shows_up_to_five_locations,
    the_headquarters_address_is_the_legal_address,
    the_headquarters_cant_be_removed_the_others_can,
    names_are_unique_per_account_even_when_added_at_once,
    bad_input_is_named_by_field_and_changes_nothing,
    only_location_managers_change_locations,
    a_location_save_over_a_newer_version_is_refused,
    the_list_has_the_headquarters_first_pages_of_25_and_a_search,
    a_csp_account_keeps_its_legal_country,
    the_first_location_starts_from_the_partner_profile,
);
