//! Control Panel Vendor applications on SQLite and PostgreSQL: registered
//! by Global admins once the CPV agreement is accepted, GUID and reply URL
//! checked, one registration per application, another account's ids
//! answering like missing ones, an event per change.

use crate::common::{events, member, sign_up};
use partner_portal::db::Db;
use partner_portal::domain::{agreements, cpv, programs};
use partner_portal::model::cpv::CpvApplicationForm;
use partner_portal::model::validation::Problem;
use partner_portal::model::{Agreement, AppError, Conflict, Program, Role};

fn form(app_id: &str, url: &str) -> CpvApplicationForm {
    CpvApplicationForm {
        name: "Contoso panel".into(),
        application_id: app_id.into(),
        reply_url: url.into(),
    }
}

const APP: &str = "{0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9}";
const URL: &str = "https://panel.contoso.example/auth";

async fn partner(db: &Db, email: &str) -> (String, i64) {
    let owner = sign_up(db, email).await;
    programs::enroll(db, &owner.user_id, owner.partner_id, Program::Mpn)
        .await
        .expect("enroll");
    (owner.user_id, owner.partner_id)
}

async fn a_global_admin_registers_after_accepting_the_agreement(db: Db) {
    let (me, pid) = partner(&db, "owner@contoso.example").await;
    assert_eq!(
        cpv::register(&db, &me, pid, &form(APP, URL)).await,
        Err(AppError::Conflict(Conflict::CpvAgreementRequired))
    );
    assert!(
        !cpv::page(&db, &me, pid)
            .await
            .expect("page")
            .agreement_accepted
    );
    agreements::accept(&db, &me, pid, Agreement::Cpv, 1)
        .await
        .expect("accept");

    let bad = cpv::register(
        &db,
        &me,
        pid,
        &form("0a1b2c3d", "http://panel.contoso.example/cb#x"),
    )
    .await;
    let Err(AppError::Invalid(errors)) = bad else {
        panic!("{bad:?}");
    };
    let problems: Vec<_> = errors.into_iter().map(|e| (e.field, e.problem)).collect();
    assert_eq!(
        problems,
        [
            ("application_id".to_string(), Problem::InvalidGuid),
            ("reply_url".to_string(), Problem::HttpsRequired),
        ]
    );

    let id = cpv::register(&db, &me, pid, &form(APP, URL))
        .await
        .expect("register");
    let page = cpv::page(&db, &me, pid).await.expect("page");
    assert!(page.agreement_accepted);
    assert_eq!(page.applications.len(), 1);
    let app = &page.applications[0];
    assert_eq!(
        (
            app.id.as_str(),
            app.application_id.as_str(),
            app.reply_url.as_str()
        ),
        (id.as_str(), "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9", URL)
    );
    assert_eq!(app.registered_by, "Owner owner@contoso.example");

    // The same application again, whatever its spelling.
    let again = cpv::register(
        &db,
        &me,
        pid,
        &form("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9", URL),
    )
    .await;
    let Err(AppError::Invalid(errors)) = again else {
        panic!("{again:?}");
    };
    assert_eq!(errors[0].problem, Problem::ApplicationRegistered);

    cpv::unregister(&db, &me, pid, &id)
        .await
        .expect("unregister");
    assert!(cpv::page(&db, &me, pid)
        .await
        .expect("page")
        .applications
        .is_empty());
    assert_eq!(events(&db, "cpv_application.registered").await, 1);
    assert_eq!(events(&db, "cpv_application.unregistered").await, 1);
}

on_both_databases!(a_global_admin_registers_after_accepting_the_agreement);

async fn only_global_admins_of_the_account_touch_its_applications(db: Db) {
    let (me, pid) = partner(&db, "owner@contoso.example").await;
    agreements::accept(&db, &me, pid, Agreement::Cpv, 1)
        .await
        .expect("accept");
    let id = cpv::register(&db, &me, pid, &form(APP, URL))
        .await
        .expect("register");
    let admin = member(&db, pid, "ada@contoso.example", &[Role::AccountAdmin]).await;
    assert_eq!(
        cpv::page(&db, &admin, pid).await.map(|_| ()),
        Err(AppError::Forbidden)
    );
    assert_eq!(
        cpv::register(&db, &admin, pid, &form(APP, URL)).await,
        Err(AppError::Forbidden)
    );
    assert_eq!(
        cpv::unregister(&db, &admin, pid, &id).await,
        Err(AppError::Forbidden)
    );

    let (eve, their_pid) = partner(&db, "eve@fabrikam.example").await;
    assert_eq!(
        cpv::page(&db, &eve, pid).await.map(|_| ()),
        Err(AppError::NotFound)
    );
    // Their own account, our application's id: like an id that doesn't exist.
    assert_eq!(
        cpv::unregister(&db, &eve, their_pid, &id).await,
        cpv::unregister(&db, &eve, their_pid, "no-such-id").await
    );
    assert_eq!(
        cpv::unregister(&db, &eve, their_pid, &id).await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        cpv::page(&db, &me, pid)
            .await
            .expect("page")
            .applications
            .len(),
        1
    );
}

on_both_databases!(only_global_admins_of_the_account_touch_its_applications);
