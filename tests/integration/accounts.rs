//! Sign-up, sign-in, accounts and the shell, on SQLite and PostgreSQL.

use partner_portal::db::Db;
use partner_portal::domain::{accounts, users};
use partner_portal::model::account::{NewAccount, SignUp};
use partner_portal::model::validation::Problem;
use partner_portal::model::{AccountType, AppError, Language, Role, SettingsArea};

pub fn sign_up_input(email: &str) -> SignUp {
    SignUp {
        email: email.into(),
        password: "correct horse battery".into(),
        display_name: "Ana Martin".into(),
        account: NewAccount {
            legal_name: "Contoso Ltd".into(),
            country: "FR".into(),
            account_type: AccountType::Company,
        },
    }
}

async fn count(db: &Db, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(db).await.expect("count");
    n
}

async fn sign_up_creates_the_user_the_account_and_an_admin_membership(db: Db) {
    let created = accounts::sign_up(&db, &sign_up_input("Ana@Contoso.example"), Language::Fr)
        .await
        .expect("sign up");
    assert!((1_000_000..10_000_000).contains(&created.partner_id));
    let member = partner_portal::domain::access::member(&db, &created.user_id, created.partner_id)
        .await
        .expect("member");
    assert_eq!(member.view.legal_name, "Contoso Ltd");
    assert_eq!(member.view.roles, [Role::GlobalAdmin, Role::Owner]);
    let user = users::current(&db, &created.user_id).await.expect("user");
    assert_eq!(
        user.email, "ana@contoso.example",
        "emails are stored lower-cased"
    );
    assert_eq!(user.language, Language::Fr);
    let events = count(
        &db,
        "SELECT COUNT(*) FROM activity_events WHERE action IN ('user.signed_up', 'account.created')",
    )
    .await;
    assert_eq!(events, 2, "each change writes its activity event");
}

async fn sign_up_refuses_a_taken_email_whatever_its_case_and_changes_nothing(db: Db) {
    accounts::sign_up(&db, &sign_up_input("ana@contoso.example"), Language::En)
        .await
        .expect("first sign up");
    let again = accounts::sign_up(&db, &sign_up_input("ANA@contoso.example"), Language::En).await;
    assert_eq!(
        again.err(),
        Some(AppError::invalid("email", Problem::EmailTaken))
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM users").await, 1);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM accounts").await, 1);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM activity_events").await, 2);
}

async fn sign_up_refuses_free_mail_for_a_company_account(db: Db) {
    let result = accounts::sign_up(&db, &sign_up_input("ana@gmail.com"), Language::En).await;
    assert_eq!(
        result.err(),
        Some(AppError::invalid("email", Problem::FreeMail))
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM users").await, 0);
}

async fn sign_in_accepts_the_right_password_only_and_says_nothing_more(db: Db) {
    accounts::sign_up(&db, &sign_up_input("ana@contoso.example"), Language::En)
        .await
        .expect("sign up");
    let ok = users::authenticate(&db, " ANA@contoso.example ", "correct horse battery", None).await;
    assert_eq!(ok.expect("right password").email, "ana@contoso.example");
    let wrong = users::authenticate(&db, "ana@contoso.example", "wrong password!", None).await;
    assert_eq!(wrong.err(), Some(AppError::BadCredentials));
    let unknown =
        users::authenticate(&db, "nobody@contoso.example", "correct horse battery", None).await;
    assert_eq!(
        unknown.err(),
        Some(AppError::BadCredentials),
        "same answer for an unknown email"
    );
}

async fn repeated_failures_throttle_sign_in_for_that_email(db: Db) {
    accounts::sign_up(&db, &sign_up_input("ana@contoso.example"), Language::En)
        .await
        .expect("sign up");
    for _ in 0..users::MAX_FAILURES {
        let result = users::authenticate(&db, "ana@contoso.example", "guess", None).await;
        assert_eq!(result.err(), Some(AppError::BadCredentials));
    }
    let blocked =
        users::authenticate(&db, "ana@contoso.example", "correct horse battery", None).await;
    assert_eq!(blocked.err(), Some(AppError::TooManyAttempts));
}

/// A burst of parallel wrong guesses can't all read "no failures yet": each
/// attempt is counted before its check, so at most MAX_FAILURES of them are
/// checked against the password, and every one of them stays counted.
async fn parallel_guesses_get_no_more_tries_than_the_limit(db: Db) {
    accounts::sign_up(&db, &sign_up_input("ana@contoso.example"), Language::En)
        .await
        .expect("sign up");
    let guesses = (0..20).map(|i| {
        let db = db.clone();
        tokio::spawn(async move {
            users::authenticate(&db, "ana@contoso.example", &format!("guess {i}"), None).await
        })
    });
    let mut checked = 0;
    for guess in futures_util::future::join_all(guesses).await {
        match guess.expect("task").err() {
            Some(AppError::BadCredentials) => checked += 1,
            Some(AppError::TooManyAttempts) => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(
        checked <= users::MAX_FAILURES,
        "{checked} guesses were checked"
    );
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM sign_in_failures").await,
        20
    );
}

/// One client address failing across many emails (password spraying) is
/// stopped at MAX_FAILURES_PER_CLIENT, even for a right password; other
/// addresses are not. A successful sign-in leaves nothing counted.
async fn one_address_failing_across_emails_is_throttled(db: Db) {
    accounts::sign_up(&db, &sign_up_input("ana@contoso.example"), Language::En)
        .await
        .expect("sign up");
    let ok = users::authenticate(
        &db,
        "ana@contoso.example",
        "correct horse battery",
        Some("198.51.100.7"),
    )
    .await;
    assert!(ok.is_ok());
    assert_eq!(count(&db, "SELECT COUNT(*) FROM sign_in_failures").await, 0);
    // Earlier failures from one address, one per email (each email far
    // under its own limit).
    for i in 0..users::MAX_FAILURES_PER_CLIENT {
        sqlx::query("INSERT INTO sign_in_failures (id, email, client, failed_at) VALUES ($1, $2, '203.0.113.9', $3)")
            .bind(format!("earlier-{i}"))
            .bind(format!("person{i}@contoso.example"))
            .bind(partner_portal::db::now())
            .execute(&db)
            .await
            .expect("failure");
    }
    let sprayer = users::authenticate(
        &db,
        "ana@contoso.example",
        "correct horse battery",
        Some("203.0.113.9"),
    )
    .await;
    assert_eq!(sprayer.err(), Some(AppError::TooManyAttempts));
    let elsewhere = users::authenticate(
        &db,
        "ana@contoso.example",
        "correct horse battery",
        Some("198.51.100.7"),
    )
    .await;
    assert!(elsewhere.is_ok(), "{:?}", elsewhere.err());
    // Unknown address (no proxy header, no connection info): the email's
    // own limit still holds.
    let unknown =
        users::authenticate(&db, "ana@contoso.example", "correct horse battery", None).await;
    assert!(unknown.is_ok());
}

/// An email or password longer than any account's is refused at once: no
/// hash, no failure counted against anyone.
async fn oversize_credentials_are_refused_before_any_work(db: Db) {
    let huge = format!("{}@contoso.example", "a".repeat(10_000));
    let result = users::authenticate(&db, &huge, "correct horse battery", None).await;
    assert_eq!(result.err(), Some(AppError::BadCredentials));
    let result = users::authenticate(&db, "ana@contoso.example", &"p".repeat(100_000), None).await;
    assert_eq!(result.err(), Some(AppError::BadCredentials));
    assert_eq!(count(&db, "SELECT COUNT(*) FROM sign_in_failures").await, 0);
}

async fn creating_another_account_makes_a_second_membership_and_both_are_listed(db: Db) {
    let ana = accounts::sign_up(&db, &sign_up_input("ana@contoso.example"), Language::En)
        .await
        .expect("sign up");
    let second = NewAccount {
        legal_name: "Alpine Apps".into(),
        country: "CH".into(),
        account_type: AccountType::Individual,
    };
    let partner_id = accounts::create_account(&db, &ana.user_id, &second)
        .await
        .expect("create");
    assert_ne!(partner_id, ana.partner_id);
    let list = accounts::accounts_of(&db, &ana.user_id)
        .await
        .expect("list");
    let names: Vec<_> = list.iter().map(|a| a.legal_name.as_str()).collect();
    assert_eq!(names, ["Alpine Apps", "Contoso Ltd"], "sorted by name");
    let member = partner_portal::domain::access::member(&db, &ana.user_id, partner_id)
        .await
        .expect("member");
    assert_eq!(member.view.account_type, AccountType::Individual);
    assert_eq!(member.view.roles, [Role::GlobalAdmin, Role::Owner]);
}

async fn another_accounts_partner_id_is_not_found_like_a_missing_one(db: Db) {
    let ana = accounts::sign_up(&db, &sign_up_input("ana@contoso.example"), Language::En)
        .await
        .expect("ana");
    let ben = accounts::sign_up(&db, &sign_up_input("ben@tailspin.example"), Language::En)
        .await
        .expect("ben");
    let theirs = crate::common::shell(&db, &ana.user_id, ben.partner_id).await;
    let missing = crate::common::shell(&db, &ana.user_id, 1).await;
    assert_eq!(theirs.err(), Some(AppError::NotFound));
    assert_eq!(missing.err(), Some(AppError::NotFound));
}

async fn the_shell_lists_every_account_of_the_user_with_its_areas(db: Db) {
    use partner_portal::model::Program;
    let ana = accounts::sign_up(&db, &sign_up_input("ana@contoso.example"), Language::En)
        .await
        .expect("sign up");
    let second = NewAccount {
        legal_name: "Beta".into(),
        country: "DE".into(),
        account_type: AccountType::Company,
    };
    let beta = accounts::create_account(&db, &ana.user_id, &second)
        .await
        .expect("create");
    crate::common::enroll_active(&db, &ana.user_id, beta, Program::OfficeStore).await;
    let shell = crate::common::shell(&db, &ana.user_id, ana.partner_id)
        .await
        .expect("shell");
    assert_eq!(shell.account.partner_id, ana.partner_id);
    assert!(shell.enrollments.is_empty());
    assert!(shell.areas().is_empty());
    assert_eq!(shell.accounts.len(), 2);
    let beta_summary = shell
        .accounts
        .iter()
        .find(|a| a.partner_id == beta)
        .expect("beta listed");
    assert_eq!(beta_summary.areas(), [SettingsArea::Developer]);
}

async fn changing_language_is_stored_and_audited(db: Db) {
    let ana = accounts::sign_up(&db, &sign_up_input("ana@contoso.example"), Language::En)
        .await
        .expect("sign up");
    users::set_language(&db, &ana.user_id, Language::Fr)
        .await
        .expect("set");
    assert_eq!(
        users::current(&db, &ana.user_id)
            .await
            .expect("user")
            .language,
        Language::Fr
    );
    let events = count(&db, "SELECT COUNT(*) FROM activity_events WHERE action = 'user.language_changed' AND new_value = 'fr'").await;
    assert_eq!(events, 1);
}

async fn concurrent_sign_ups_with_one_email_create_one_user(db: Db) {
    let attempts = (0..4).map(|i| {
        let db = db.clone();
        let email = if i % 2 == 0 {
            "race@contoso.example"
        } else {
            "RACE@contoso.example"
        };
        tokio::spawn(
            async move { accounts::sign_up(&db, &sign_up_input(email), Language::En).await },
        )
    });
    let mut created = 0;
    for attempt in attempts {
        match attempt.await.expect("task") {
            Ok(_) => created += 1,
            Err(error) => assert_eq!(error, AppError::invalid("email", Problem::EmailTaken)),
        }
    }
    assert_eq!(
        created, 1,
        "the unique index, not a read-then-insert, decides"
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM users").await, 1);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM accounts").await, 1);
}

on_both_databases!(
    concurrent_sign_ups_with_one_email_create_one_user,
    sign_up_creates_the_user_the_account_and_an_admin_membership,
    sign_up_refuses_a_taken_email_whatever_its_case_and_changes_nothing,
    sign_up_refuses_free_mail_for_a_company_account,
    sign_in_accepts_the_right_password_only_and_says_nothing_more,
    repeated_failures_throttle_sign_in_for_that_email,
    oversize_credentials_are_refused_before_any_work,
    parallel_guesses_get_no_more_tries_than_the_limit,
    one_address_failing_across_emails_is_throttled,
    creating_another_account_makes_a_second_membership_and_both_are_listed,
    another_accounts_partner_id_is_not_found_like_a_missing_one,
    the_shell_lists_every_account_of_the_user_with_its_areas,
    changing_language_is_stored_and_audited,
);
