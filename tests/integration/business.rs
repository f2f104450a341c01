//! Partner settings → Business profile, Referrals completed through it, and
//! the public partner directory, on SQLite and PostgreSQL.

use crate::common::{events, member, published_profile, sign_up};
use partner_portal::db::Db;
use partner_portal::domain::{accounts, business, enrollment, programs};
use partner_portal::model::account::NewAccount;
use partner_portal::model::business::{BusinessProfile, DirectoryQuery};
use partner_portal::model::requirement::{Check, Requirement};
use partner_portal::model::validation::Problem;
use partner_portal::model::{AccountType, AppError, EnrollmentStatus, Program, Role};

async fn publishing_the_profile_completes_referrals(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let (me, pid) = (owner.user_id.as_str(), owner.partner_id);
    crate::common::enroll_active(&db, me, pid, Program::Mpn).await;
    programs::enroll(&db, me, pid, Program::Referrals)
        .await
        .expect("enroll");
    let referrals = || async {
        enrollment::program_detail(&db, me, pid, Program::Referrals)
            .await
            .expect("detail")
    };
    let detail = referrals().await;
    assert_eq!(detail.status, Some(EnrollmentStatus::Pending));
    assert!(detail
        .checklist
        .contains(&(Requirement::BusinessProfilePublished, Check::Missing)));
    assert_eq!(
        business::business_profile(&db, me, pid)
            .await
            .map(|p| p.value),
        Ok(BusinessProfile::default()),
        "never saved: an empty draft"
    );

    // A draft is saved but doesn't count.
    let mut draft = published_profile("Cloud migrations for retailers.");
    draft.published = false;
    crate::common::save_business_profile(&db, me, pid, &draft)
        .await
        .expect("draft");
    assert_eq!(referrals().await.status, Some(EnrollmentStatus::Pending));
    assert_eq!(
        business::public_profile(&db, pid).await.err(),
        Some(AppError::NotFound),
        "a draft has no public page"
    );

    // Publishing without what the directory needs is refused, field by field.
    let empty = BusinessProfile {
        website: "contoso.example".into(),
        linkedin: "https://example.com/company/contoso".into(),
        published: true,
        ..Default::default()
    };
    let err = crate::common::save_business_profile(&db, me, pid, &empty)
        .await
        .unwrap_err();
    let problems: Vec<_> = err
        .field_errors()
        .iter()
        .map(|e| (e.field.as_str(), e.problem))
        .collect();
    assert_eq!(
        problems,
        [
            ("description", Problem::RequiredToPublish),
            ("website", Problem::InvalidUrl),
            ("linkedin", Problem::InvalidLinkedIn),
            ("industries", Problem::RequiredToPublish),
        ]
    );
    assert_eq!(
        business::business_profile(&db, me, pid)
            .await
            .map(|p| p.value),
        Ok(draft.clone()),
        "a refused change changes nothing"
    );

    let mut published = draft.clone();
    published.published = true;
    // Codes come back once each, in list order, whatever the form sent.
    published.industries = vec!["retail".into(), "education".into(), "retail".into()];
    crate::common::save_business_profile(&db, me, pid, &published)
        .await
        .expect("publish");
    assert_eq!(referrals().await.status, Some(EnrollmentStatus::Active));
    let public = business::public_profile(&db, pid).await.expect("public");
    assert_eq!(public.profile.industries, ["education", "retail"]);
    assert_eq!(public.city, "Paris");
    assert_eq!(events(&db, "account.business_profile_updated").await, 2);
    let changes: Vec<(Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT old_value, new_value FROM activity_events
         WHERE action = 'account.business_profile_updated' ORDER BY new_value",
    )
    .fetch_all(&db)
    .await
    .expect("events");
    let changes: Vec<_> = changes
        .iter()
        .map(|(old, new)| (old.as_deref(), new.as_deref()))
        .collect();
    assert_eq!(
        changes,
        [(None, Some("draft")), (Some("draft"), Some("published"))]
    );

    // Withdrawn from the directory: no public page; Referrals stays active
    // (active enrollments aren't taken back).
    crate::common::save_business_profile(&db, me, pid, &draft)
        .await
        .expect("unpublish");
    assert_eq!(
        business::public_profile(&db, pid).await.err(),
        Some(AppError::NotFound)
    );
    assert_eq!(referrals().await.status, Some(EnrollmentStatus::Active));
}

async fn only_business_profile_roles_change_it_and_only_in_their_account(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let (me, pid) = (owner.user_id.as_str(), owner.partner_id);
    programs::enroll(&db, me, pid, Program::Referrals)
        .await
        .expect("enroll");
    let profile = published_profile("Retail analytics.");
    for role in [Role::SalesAgent, Role::BillingAdmin, Role::Owner] {
        let user = member(
            &db,
            pid,
            &format!("member-{}@contoso.example", role.code()),
            &[role],
        )
        .await;
        assert_eq!(
            crate::common::save_business_profile(&db, &user, pid, &profile).await,
            Err(AppError::Forbidden),
            "{role:?}"
        );
        business::business_profile(&db, &user, pid)
            .await
            .expect("any member reads it");
    }
    assert_eq!(events(&db, "account.business_profile_updated").await, 0);
    for role in [
        Role::BusinessProfileAdmin,
        Role::ReferralsAdmin,
        Role::AccountAdmin,
    ] {
        let user = member(
            &db,
            pid,
            &format!("member-{}@contoso.example", role.code()),
            &[role],
        )
        .await;
        crate::common::save_business_profile(&db, &user, pid, &profile)
            .await
            .unwrap_or_else(|e| panic!("{role:?}: {e:?}"));
    }
    let other = sign_up(&db, "owner@fabrikam.example").await;
    assert_eq!(
        crate::common::save_business_profile(&db, &other.user_id, pid, &profile).await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        business::business_profile(&db, &other.user_id, pid)
            .await
            .err(),
        Some(AppError::NotFound)
    );
    // No Partner program at all: no business profile page.
    assert_eq!(
        crate::common::save_business_profile(&db, &other.user_id, other.partner_id, &profile).await,
        Err(AppError::NotFound)
    );
}

/// A new account of `user_id` in the Partner area (Referrals pending) with a
/// business profile, published or not.
async fn listed(
    db: &Db,
    user_id: &str,
    name: &str,
    country: &str,
    mut profile: BusinessProfile,
    published: bool,
) -> i64 {
    let account = NewAccount {
        legal_name: name.into(),
        country: country.into(),
        account_type: AccountType::Company,
    };
    let pid = accounts::create_account(db, user_id, &account)
        .await
        .expect("account");
    programs::enroll(db, user_id, pid, Program::Referrals)
        .await
        .expect("enroll");
    profile.published = published;
    crate::common::save_business_profile(db, user_id, pid, &profile)
        .await
        .expect("profile");
    pid
}

async fn the_directory_searches_words_and_filters_published_profiles(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let me = owner.user_id.as_str();
    let mut health = published_profile("Logiciels de santé pour les hôpitaux.");
    health.industries = vec!["healthcare".into()];
    health.products = vec!["security".into()];
    let alpine = listed(&db, me, "Alpine Soins", "FR", health.clone(), true).await;
    let retail = published_profile("Point-of-sale systems for shops.");
    let brook = listed(&db, me, "Brookside Retail", "GB", retail.clone(), true).await;
    listed(&db, me, "Hidden Draft", "GB", retail.clone(), false).await;
    let search = |words: &str, industry: &str, product: &str, country: &str| DirectoryQuery {
        words: words.into(),
        industry: industry.into(),
        product: product.into(),
        country: country.into(),
        ..Default::default()
    };
    let ids = |query: DirectoryQuery| {
        let db = db.clone();
        async move {
            business::directory(&db, &query)
                .await
                .expect("directory")
                .entries
                .into_iter()
                .map(|e| e.partner_id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        ids(search("", "", "", "")).await,
        [alpine, brook],
        "published only, by name"
    );
    // Words match without accents or case, each word anywhere, as the
    // start of a word.
    assert_eq!(ids(search("SANTE hopitaux", "", "", "")).await, [alpine]);
    assert_eq!(ids(search("hôp sant", "", "", "")).await, [alpine]);
    assert_eq!(ids(search("pitaux", "", "", "")).await, Vec::<i64>::new());
    assert_eq!(ids(search("brookside shops", "", "", "")).await, [brook]);
    assert_eq!(
        ids(search("santé shops", "", "", "")).await,
        Vec::<i64>::new()
    );
    // LIKE's wildcards are only characters here.
    assert_eq!(ids(search("%", "", "", "")).await, [alpine, brook]);
    assert_eq!(ids(search("_", "", "", "")).await, [alpine, brook]);
    assert_eq!(ids(search("", "healthcare", "", "")).await, [alpine]);
    assert_eq!(
        ids(search("", "", "cloud_infrastructure", "")).await,
        [brook]
    );
    assert_eq!(ids(search("", "", "", "GB")).await, [brook]);
    assert_eq!(ids(search("", "retail", "", "FR")).await, Vec::<i64>::new());
    // Filter values that aren't in the lists are ignored.
    assert_eq!(
        ids(search("", "rockets", "x' OR 1=1", "ZZ")).await,
        [alpine, brook]
    );
    let entry = business::directory(&db, &search("alpine", "", "", ""))
        .await
        .expect("directory")
        .entries
        .remove(0);
    assert_eq!(entry.name, "Alpine Soins");
    assert_eq!(entry.excerpt, "Logiciels de santé pour les hôpitaux.");
    assert_eq!(entry.industries, ["healthcare"]);

    // Renaming the account (Partner profile) renames it in the search.
    let mut legal = crate::common::legal_profile("contact@brookside.example");
    legal.legal_name = "Zephyr Tills".into();
    legal.city = "Leeds".into();
    crate::common::save_legal_profile(&db, me, brook, &legal, crate::common::BASE_URL)
        .await
        .expect("legal profile");
    assert_eq!(ids(search("zephyr leeds", "", "", "")).await, [brook]);
    assert_eq!(
        ids(search("brookside", "", "", "")).await,
        Vec::<i64>::new()
    );

    // Profiles published before the word index existed are put into it at
    // start-up, once.
    sqlx::query("DELETE FROM directory_words")
        .execute(&db)
        .await
        .expect("empty the index");
    assert_eq!(ids(search("zephyr", "", "", "")).await, Vec::<i64>::new());
    assert_eq!(business::index_unindexed(&db).await.expect("index"), 2);
    assert_eq!(business::index_unindexed(&db).await.expect("again"), 0);
    assert_eq!(ids(search("zephyr", "", "", "")).await, [brook]);
    assert_eq!(ids(search("logiciels", "", "", "")).await, [alpine]);
}

/// More matches than the directory counts: it says "more than 1,000", and
/// its pages go on past the 50th (generated profiles: every other account).
async fn the_directory_counts_up_to_a_thousand(db: Db) {
    use partner_portal::domain::generated::{self, Sizes};
    use partner_portal::model::business::COUNTED;
    let sizes = Sizes {
        accounts: 2 * COUNTED + 10,
        users: 2 * COUNTED + 10,
        locations: 0,
        invitations: 0,
        events: 0,
    };
    generated::fill(&db, sizes).await.expect("generated");
    let query = |words: &str| DirectoryQuery {
        words: words.into(),
        ..Default::default()
    };
    let all = business::directory(&db, &query("")).await.expect("all");
    assert_eq!((all.total, all.more), (COUNTED, true));
    // Every published profile, once each, in name order, page after page.
    let mut seen = 0;
    let mut after = String::new();
    let mut last_name = String::new();
    loop {
        let page = business::directory(
            &db,
            &DirectoryQuery {
                after: after.clone(),
                ..Default::default()
            },
        )
        .await
        .expect("page");
        for entry in &page.entries {
            assert!(entry.name > last_name, "{} after {last_name}", entry.name);
            last_name.clone_from(&entry.name);
        }
        seen += page.entries.len();
        match page.next {
            Some(next) => after = next,
            None => break,
        }
    }
    assert_eq!(seen as i64, COUNTED + 5, "past the counted thousand");
    // A narrower search is counted exactly ("company 10000" and 1000000 + i
    // for i < 10: the even ones are published).
    let few = business::directory(&db, &query("company 100000"))
        .await
        .expect("few");
    assert_eq!((few.total, few.more), (5, false));
    // Found from the rare word's profiles, and sorted by name all the same.
    let names: Vec<_> = few.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Company 1000000",
            "Company 1000002",
            "Company 1000004",
            "Company 1000006",
            "Company 1000008"
        ]
    );
    // Every word common: read in the directory's order, each profile's
    // words checked as it goes.
    let common = business::directory(&db, &query("customers company"))
        .await
        .expect("common");
    assert_eq!((common.total, common.more), (COUNTED, true));
    let first = |page: &partner_portal::model::business::DirectoryPage| {
        page.entries
            .iter()
            .map(|e| e.partner_id)
            .collect::<Vec<_>>()
    };
    assert_eq!(first(&common), first(&all));
    // One common word and one that is not: the profiles of every 12th
    // account work on the cloud (all of them published: even numbers).
    let cloud = business::directory(&db, &query("company cloud"))
        .await
        .expect("cloud");
    assert_eq!((cloud.total, cloud.more), (168, false));
}

async fn the_directory_pages_through_many_partners(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let me = owner.user_id.as_str();
    let mut long = published_profile(&"word ".repeat(200));
    long.industries = vec!["education".into()];
    for n in 1..=21 {
        listed(
            &db,
            me,
            &format!("Partner {n:02}"),
            "FR",
            long.clone(),
            true,
        )
        .await;
    }
    let page = |after: String, before: String| {
        let db = db.clone();
        async move {
            business::directory(
                &db,
                &DirectoryQuery {
                    after,
                    before,
                    ..Default::default()
                },
            )
            .await
            .expect("directory")
        }
    };
    let names = |page: &partner_portal::model::business::DirectoryPage| {
        page.entries
            .iter()
            .map(|e| e.name.clone())
            .collect::<Vec<_>>()
    };
    let first = page(String::new(), String::new()).await;
    assert_eq!(first.total, 21);
    assert_eq!(first.entries.len(), 20);
    assert_eq!(first.entries[0].name, "Partner 01");
    assert!(first.entries[0].excerpt.ends_with('…'));
    assert!(first.entries[0].excerpt.chars().count() <= 281);
    assert_eq!(first.previous, None);
    let next = first.next.clone().expect("a next page");
    assert_eq!(next, first.entries[19].partner_id.to_string());
    let second = page(next, String::new()).await;
    assert_eq!(names(&second), ["Partner 21"]);
    assert_eq!(second.next, None);
    // Back: the same first page, which says a page follows.
    let back = page(String::new(), second.previous.clone().expect("previous")).await;
    assert_eq!(names(&back), names(&first));
    assert_eq!(
        (back.previous.clone(), back.next.clone()),
        (None, first.next.clone())
    );
    // An edge that isn't a partner, or isn't a number: the first page.
    for edge in ["9999999", "abc", "1 OR 1=1"] {
        let from = page(edge.into(), String::new()).await;
        assert_eq!(names(&from), names(&first), "{edge}");
        assert_eq!(from.previous, None, "{edge}");
    }
    assert_eq!(
        business::public_profile(&db, 9_999_999).await.err(),
        Some(AppError::NotFound)
    );
}

/// A minimal PNG header (signature and IHDR) of the given size.
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
    bytes.extend_from_slice(&13u32.to_be_bytes());
    bytes.extend_from_slice(b"IHDR");
    bytes.extend_from_slice(&width.to_be_bytes());
    bytes.extend_from_slice(&height.to_be_bytes());
    bytes.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    bytes
}

async fn the_logo_is_checked_and_served_once_the_profile_is_published(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let (me, pid) = (owner.user_id.as_str(), owner.partner_id);
    programs::enroll(&db, me, pid, Program::Referrals)
        .await
        .expect("enroll");
    // Before any profile: the logo makes a draft.
    let logo = png(240, 80);
    let at = business::save_logo(&db, me, pid, &logo)
        .await
        .expect("logo");
    let saved = business::business_profile(&db, me, pid)
        .await
        .expect("read");
    assert_eq!((saved.logo_at, saved.published), (Some(at), false));
    assert_eq!(
        business::logo(&db, pid).await.err(),
        Some(AppError::NotFound),
        "a draft's logo isn't public"
    );

    let err = business::save_logo(&db, me, pid, &png(301, 80))
        .await
        .unwrap_err();
    let problems: Vec<_> = err
        .field_errors()
        .iter()
        .map(|e| (e.field.as_str(), e.problem))
        .collect();
    assert_eq!(problems, [("logo", Problem::LogoTooWide { max: 300 })]);
    assert_eq!(
        business::save_logo(&db, me, pid, b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
            .await
            .unwrap_err()
            .field_errors()[0]
            .problem,
        Problem::LogoFormat
    );
    let sales = member(&db, pid, "sales@contoso.example", &[Role::SalesAgent]).await;
    assert_eq!(
        business::save_logo(&db, &sales, pid, &logo).await,
        Err(AppError::Forbidden)
    );
    assert_eq!(
        business::remove_logo(&db, &sales, pid).await,
        Err(AppError::Forbidden)
    );
    let other = sign_up(&db, "owner@fabrikam.example").await;
    assert_eq!(
        business::save_logo(&db, &other.user_id, pid, &logo).await,
        Err(AppError::NotFound)
    );

    // Publishing keeps the logo, which is then served as it was sent.
    crate::common::save_business_profile(&db, me, pid, &published_profile("Retail analytics."))
        .await
        .expect("publish");
    assert_eq!(
        business::logo(&db, pid).await,
        Ok(("image/png".to_string(), logo))
    );
    let listed = business::directory(&db, &DirectoryQuery::default())
        .await
        .expect("directory");
    assert_eq!(listed.entries[0].logo_at, Some(at));

    business::remove_logo(&db, me, pid).await.expect("remove");
    assert_eq!(
        business::logo(&db, pid).await.err(),
        Some(AppError::NotFound)
    );
    assert_eq!(
        business::business_profile(&db, me, pid)
            .await
            .expect("read")
            .logo_at,
        None
    );
    // The refused attempts changed nothing: upload, publish, removal.
    assert_eq!(events(&db, "account.business_profile_updated").await, 3);
}

/// A business profile save from an outdated version is refused; a logo
/// upload (its own form) doesn't make the open profile form outdated.
async fn a_business_profile_save_over_a_newer_version_is_refused(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let (me, pid) = (owner.user_id.as_str(), owner.partner_id);
    crate::common::enroll_active(&db, me, pid, Program::Mpn).await;
    let loaded = business::business_profile(&db, me, pid)
        .await
        .expect("read");
    assert_eq!(loaded.version, 0);
    business::save_logo(&db, me, pid, &png(120, 40))
        .await
        .expect("logo");
    let first = business::save_business_profile(&db, me, pid, &published_profile("First."), 0)
        .await
        .expect("the logo left the version alone");
    assert!(matches!(
        business::save_business_profile(&db, me, pid, &published_profile("Second."), 0)
            .await
            .err(),
        Some(AppError::EditedMeanwhile(Some(_)))
    ));
    let now = business::business_profile(&db, me, pid)
        .await
        .expect("read");
    assert_eq!((now.description.as_str(), now.version), ("First.", first));
}

on_both_databases!(
    a_business_profile_save_over_a_newer_version_is_refused,
    the_logo_is_checked_and_served_once_the_profile_is_published,
    publishing_the_profile_completes_referrals,
    only_business_profile_roles_change_it_and_only_in_their_account,
    the_directory_searches_words_and_filters_published_profiles,
    the_directory_pages_through_many_partners,
    the_directory_counts_up_to_a_thousand,
);
