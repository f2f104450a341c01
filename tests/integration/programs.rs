//! Enrollment and the settings-area rule, on SQLite and PostgreSQL.

use partner_portal::db::Db;
use partner_portal::domain::{accounts, demo, programs};
use partner_portal::model::{
    AccountType, AppError, Conflict, EnrollmentStatus, Program, Role, SettingsArea,
};

async fn new_account(db: &Db, email: &str) -> accounts::SignedUp {
    crate::common::sign_up(db, email).await
}

async fn events(db: &Db, action: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM activity_events WHERE action = $1")
        .bind(action)
        .fetch_one(db)
        .await
        .expect("count");
    n
}

async fn an_admin_enrolls_and_withdraws_with_an_event_each_time(db: Db) {
    let ana = new_account(&db, "ana@contoso.example").await;
    programs::enroll(&db, &ana.user_id, ana.partner_id, Program::Mpn)
        .await
        .expect("enroll");
    let list = programs::enrollments(&db, &ana.user_id, ana.partner_id)
        .await
        .expect("list");
    assert_eq!(list.len(), 1);
    // Nothing of MPN's requirements is met yet.
    assert_eq!(
        (list[0].program, list[0].status),
        (Program::Mpn, EnrollmentStatus::Pending)
    );
    assert_eq!(events(&db, "program.enrolled").await, 1);

    let again = programs::enroll(&db, &ana.user_id, ana.partner_id, Program::Mpn).await;
    assert_eq!(
        again.err(),
        Some(AppError::Conflict(Conflict::AlreadyEnrolled))
    );
    assert_eq!(
        events(&db, "program.enrolled").await,
        1,
        "a refused change writes no event"
    );

    programs::withdraw(&db, &ana.user_id, ana.partner_id, Program::Mpn)
        .await
        .expect("withdraw");
    assert!(programs::enrollments(&db, &ana.user_id, ana.partner_id)
        .await
        .expect("list")
        .is_empty());
    assert_eq!(events(&db, "program.withdrawn").await, 1);
    let twice = programs::withdraw(&db, &ana.user_id, ana.partner_id, Program::Mpn).await;
    assert_eq!(twice.err(), Some(AppError::Conflict(Conflict::NotEnrolled)));
}

async fn a_settings_area_exists_only_with_an_active_program_in_it(db: Db) {
    let ana = new_account(&db, "ana@contoso.example").await;
    for area in SettingsArea::ALL {
        let result = programs::area(&db, &ana.user_id, ana.partner_id, area).await;
        assert_eq!(
            result.err(),
            Some(AppError::NotFound),
            "{area:?} without programs"
        );
    }
    programs::enroll(&db, &ana.user_id, ana.partner_id, Program::WindowsXbox)
        .await
        .expect("enroll");
    // Pending: not yet.
    let pending = programs::area(&db, &ana.user_id, ana.partner_id, SettingsArea::Developer).await;
    assert_eq!(pending.err(), Some(AppError::NotFound));
    programs::withdraw(&db, &ana.user_id, ana.partner_id, Program::WindowsXbox)
        .await
        .expect("withdraw");
    crate::common::enroll_active(&db, &ana.user_id, ana.partner_id, Program::WindowsXbox).await;
    let developer =
        programs::area(&db, &ana.user_id, ana.partner_id, SettingsArea::Developer).await;
    assert_eq!(developer.expect("developer area").len(), 1);
    let partner = programs::area(&db, &ana.user_id, ana.partner_id, SettingsArea::Partner).await;
    assert_eq!(partner.err(), Some(AppError::NotFound));
}

async fn a_role_without_program_permission_cannot_enroll_or_withdraw(db: Db) {
    let ana = new_account(&db, "ana@contoso.example").await;
    let sam = new_account(&db, "sam@contoso.example").await;
    crate::common::join(
        &db,
        ana.partner_id,
        &sam.user_id,
        &[Role::SalesAgent, Role::Developer],
    )
    .await;
    let enroll = programs::enroll(&db, &sam.user_id, ana.partner_id, Program::Mpn).await;
    assert_eq!(enroll.err(), Some(AppError::Forbidden));
    programs::enroll(&db, &ana.user_id, ana.partner_id, Program::Mpn)
        .await
        .expect("admin enrolls");
    let withdraw = programs::withdraw(&db, &sam.user_id, ana.partner_id, Program::Mpn).await;
    assert_eq!(withdraw.err(), Some(AppError::Forbidden));
    // A manager may.
    let max = new_account(&db, "max@contoso.example").await;
    crate::common::join(&db, ana.partner_id, &max.user_id, &[Role::Manager]).await;
    programs::withdraw(&db, &max.user_id, ana.partner_id, Program::Mpn)
        .await
        .expect("manager withdraws");
}

async fn another_accounts_programs_are_not_found(db: Db) {
    let ana = new_account(&db, "ana@contoso.example").await;
    let ben = new_account(&db, "ben@tailspin.example").await;
    programs::enroll(&db, &ben.user_id, ben.partner_id, Program::Mpn)
        .await
        .expect("ben enrolls");
    let results = [
        programs::enroll(&db, &ana.user_id, ben.partner_id, Program::Csp)
            .await
            .err(),
        programs::withdraw(&db, &ana.user_id, ben.partner_id, Program::Mpn)
            .await
            .err(),
        programs::enrollments(&db, &ana.user_id, ben.partner_id)
            .await
            .err(),
        programs::area(&db, &ana.user_id, ben.partner_id, SettingsArea::Partner)
            .await
            .err(),
    ];
    for result in results {
        assert_eq!(result, Some(AppError::NotFound));
    }
    assert_eq!(
        programs::enrollments(&db, &ben.user_id, ben.partner_id)
            .await
            .expect("ben's")
            .len(),
        1
    );
}

async fn the_demo_data_shows_every_case_of_the_shell(db: Db) {
    assert!(demo::seed_if_empty(&db).await.expect("seed"));
    assert!(
        !demo::seed_if_empty(&db).await.expect("second run"),
        "only on an empty database"
    );
    let ana = partner_portal::domain::users::authenticate(
        &db,
        demo::USERS[0].email,
        demo::PASSWORD,
        None,
    )
    .await
    .expect("demo sign-in");
    let accounts = accounts::accounts_of(&db, &ana.id).await.expect("accounts");
    let areas: Vec<_> = accounts
        .iter()
        .map(|a| (a.legal_name.as_str(), a.areas()))
        .collect();
    assert_eq!(
        areas,
        [
            ("Contoso Partners", vec![SettingsArea::Partner]),
            ("Fabrikam Apps", vec![SettingsArea::Developer]),
            (
                "Northwind Traders",
                vec![SettingsArea::Partner, SettingsArea::Developer]
            ),
        ]
    );
    // Northwind's business profile is published; Contoso's is a draft.
    let listed = partner_portal::domain::business::directory(&db, &Default::default())
        .await
        .expect("directory");
    let names: Vec<_> = listed.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["Northwind Traders"]);
    let ben = partner_portal::domain::users::authenticate(
        &db,
        demo::USERS[1].email,
        demo::PASSWORD,
        None,
    )
    .await
    .expect("demo sign-in");
    let accounts = accounts::accounts_of(&db, &ben.id).await.expect("accounts");
    assert_eq!(accounts.len(), 1);
    assert!(accounts[0].areas().is_empty());
    let sam = partner_portal::domain::users::authenticate(
        &db,
        demo::USERS[2].email,
        demo::PASSWORD,
        None,
    )
    .await
    .expect("demo sign-in");
    assert!(!sam.must_change_password);
    let contoso = crate::common::shell(&db, &sam.id, partner_id_of(&db, "Contoso Partners").await)
        .await
        .expect("member");
    assert_eq!(contoso.account.roles, [Role::SalesAgent]);
    let lee = partner_portal::domain::users::authenticate(
        &db,
        demo::USERS[3].email,
        demo::PASSWORD,
        None,
    )
    .await
    .expect("demo sign-in");
    let wingtip = crate::common::shell(&db, &lee.id, partner_id_of(&db, "Wingtip Toys").await)
        .await
        .expect("member");
    assert_eq!(wingtip.accounts.len(), 1);
    assert_eq!(
        wingtip.notices.len(),
        1,
        "the Publisher agreement to re-accept"
    );
}

async fn partner_id_of(db: &Db, legal_name: &str) -> i64 {
    let (id,): (i64,) = sqlx::query_as("SELECT partner_id FROM accounts WHERE legal_name = $1")
        .bind(legal_name)
        .fetch_one(db)
        .await
        .expect("account");
    id
}

async fn developer_account_settings_need_a_developer_program(db: Db) {
    let owner = new_account(&db, "owner@fabrikam.example").await;
    let (me, pid) = (&owner.user_id, owner.partner_id);
    assert_eq!(
        accounts::developer_account(&db, me, pid).await.err(),
        Some(AppError::NotFound)
    );
    programs::enroll(&db, me, pid, Program::OfficeStore)
        .await
        .expect("enroll");
    let account = accounts::developer_account(&db, me, pid)
        .await
        .expect("settings");
    assert_eq!(account.account_type, AccountType::Company);
    assert_eq!(
        account.verification,
        partner_portal::model::VerificationStatus::None
    );
    assert_eq!(account.seller_id, 40_000_000 + pid);
    assert_eq!(account.publisher_id.len(), 36);
    let other = new_account(&db, "owner@contoso.example").await;
    assert_eq!(
        accounts::developer_account(&db, &other.user_id, pid)
            .await
            .err(),
        Some(AppError::NotFound)
    );
}

on_both_databases!(
    developer_account_settings_need_a_developer_program,
    an_admin_enrolls_and_withdraws_with_an_event_each_time,
    a_settings_area_exists_only_with_an_active_program_in_it,
    a_role_without_program_permission_cannot_enroll_or_withdraw,
    another_accounts_programs_are_not_found,
    the_demo_data_shows_every_case_of_the_shell,
);
