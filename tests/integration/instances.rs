//! Two app instances on one PostgreSQL behave as one (issue 14: how a
//! partner organization outgrows one machine). Each instance is what a
//! separate server process holds: its own connection pool, its own
//! application (sessions, throttling, server functions) and its own email
//! sender; they share nothing but the database.

use std::collections::HashSet;

use crate::http::{call, Reply};
use partner_portal::db::Db;
use partner_portal::domain::outbox::{self, Delivery, Email};
use partner_portal::domain::programs;
use partner_portal::model::{Language, Program, Shell};

struct Instance {
    db: Db,
    app: axum::Router,
}

async fn instance(url: &str) -> Instance {
    let db = partner_portal::db::connect(url)
        .await
        .expect("instance pool");
    let app = crate::http::app(&db);
    Instance { db, app }
}

fn sign_up_form(email: &str, company: &str) -> String {
    format!(
        "form[email]={}&form[password]={}&form[display_name]=Ana&form[account][legal_name]={}\
         &form[account][country]=FR&form[account][account_type]=company",
        email.replace('@', "%40"),
        crate::common::PASSWORD.replace(' ', "+"),
        company.replace(' ', "+"),
    )
}

fn sign_in_form(email: &str, password: &str) -> String {
    format!(
        "form[email]={}&form[password]={}",
        email.replace('@', "%40"),
        password.replace(' ', "+")
    )
}

async fn sign_in(on: &Instance, email: &str, password: &str) -> Reply {
    call(&on.app, "sign_in", &sign_in_form(email, password), None).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_postgres_behave_as_one() {
    crate::common::within_limit("two instances on one PostgreSQL", two_instances()).await;
}

async fn two_instances() {
    let (url, cleanup) = crate::common::postgres_schema().await;
    let a = instance(&url).await;
    let b = instance(&url).await;

    // Uniqueness under concurrent creates through both: one email signs
    // up once, whichever instance each try reaches.
    let form = sign_up_form("ana@contoso.example", "Contoso");
    let (on_a, on_b) = tokio::join!(
        call(&a.app, "sign_up", &form, None),
        call(&b.app, "sign_up", &form, None)
    );
    let mut statuses = [on_a.status, on_b.status];
    statuses.sort();
    assert_eq!(statuses[0], 200, "{} / {}", on_a.body, on_b.body);
    assert_ne!(statuses[1], 200, "the same email signed up twice");
    assert!(statuses[1] >= 400 && statuses[1] < 500, "{statuses:?}");
    // Different companies at once: distinct Partner IDs.
    let creates = (0..8).map(|i| {
        let app = if i % 2 == 0 { &a.app } else { &b.app };
        let form = sign_up_form(
            &format!("owner{i}@fabrikam{i}.example"),
            &format!("Fabrikam {i}"),
        );
        async move { call(app, "sign_up", &form, None).await }
    });
    for reply in futures_util::future::join_all(creates).await {
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
    let (accounts, partner_ids): (i64, i64) =
        sqlx::query_as("SELECT COUNT(*), COUNT(DISTINCT partner_id) FROM accounts")
            .fetch_one(&a.db)
            .await
            .expect("accounts");
    assert_eq!((accounts, partner_ids), (9, 9));

    // A session made on one instance works on the other; signing out on
    // the other ends it on both.
    let signed_in = sign_in(&a, "ana@contoso.example", crate::common::PASSWORD).await;
    assert_eq!(signed_in.status, 200, "{}", signed_in.body);
    let cookie = signed_in.cookie.expect("cookie");
    let (pid,): (i64,) = sqlx::query_as(
        "SELECT a.partner_id FROM accounts a JOIN memberships m ON m.account_id = a.id
         JOIN users u ON u.id = m.user_id WHERE u.email = 'ana@contoso.example'",
    )
    .fetch_one(&a.db)
    .await
    .expect("partner id");
    let shell = format!("partner_id={pid}");
    assert_eq!(
        call(&b.app, "shell", &shell, Some(&cookie)).await.status,
        200
    );

    // A change made on one is seen on the other at once (nothing cached).
    let changed = call(&a.app, "set_language", "language=fr", Some(&cookie)).await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    let seen = call(&b.app, "shell", &shell, Some(&cookie)).await;
    assert_eq!(seen.value::<Shell>().user.language, Language::Fr);
    let (owner,): (String,) =
        sqlx::query_as("SELECT id FROM users WHERE email = 'ana@contoso.example'")
            .fetch_one(&a.db)
            .await
            .expect("user");
    programs::enroll(&b.db, &owner, pid, Program::OfficeStore)
        .await
        .expect("enroll on b");
    let programs_on_a = call(&a.app, "shell", &shell, Some(&cookie)).await;
    assert!(programs_on_a
        .value::<Shell>()
        .enrollments
        .iter()
        .any(|e| e.program == Program::OfficeStore));

    let out = call(&b.app, "sign_out", "", Some(&cookie)).await;
    assert_eq!(out.status, 200, "{}", out.body);
    assert_eq!(
        call(&a.app, "shell", &shell, Some(&cookie)).await.status,
        401
    );

    // Sign-in throttling counts across both: three wrong passwords on one,
    // two on the other, and the right one is refused on either.
    for on in [&a, &b, &a, &b, &a] {
        let wrong = sign_in(on, "ana@contoso.example", "not the password").await;
        assert_eq!(wrong.status, 401, "{}", wrong.body);
    }
    let locked = sign_in(&b, "ana@contoso.example", crate::common::PASSWORD).await;
    assert_eq!(locked.status, 429, "{}", locked.body);

    // Uniqueness of publisher display names, saved at the same moment
    // through both instances by two accounts.
    let mut developers = Vec::new();
    for (i, on) in [&a, &b].into_iter().enumerate() {
        let owner = crate::common::sign_up(&on.db, &format!("dev{i}@tailspin{i}.example")).await;
        programs::enroll(
            &on.db,
            &owner.user_id,
            owner.partner_id,
            Program::OfficeStore,
        )
        .await
        .expect("enroll");
        developers.push(owner);
    }
    let info = |name: &str| partner_portal::model::contact_info::ContactInfo {
        publisher_display_name: name.into(),
        contact_name: "Dev".into(),
        contact_email: "dev@tailspin.example".into(),
        contact_phone: "+33 1 23 45 67 89".into(),
    };
    let (one, other) = (info("Tailspin Apps"), info("TAILSPIN apps"));
    let (first, second) = tokio::join!(
        crate::common::save_contact_info(
            &a.db,
            &developers[0].user_id,
            developers[0].partner_id,
            &one
        ),
        crate::common::save_contact_info(
            &b.db,
            &developers[1].user_id,
            developers[1].partner_id,
            &other
        )
    );
    assert_eq!(
        u8::from(first.is_ok()) + u8::from(second.is_ok()),
        1,
        "{first:?} / {second:?}"
    );

    // Each email of the outbox goes exactly once with both senders running.
    let mut tx = a.db.begin().await.expect("tx");
    for i in 0..60 {
        let to = format!("person{i}@contoso.example");
        outbox::queue(
            &mut tx,
            Email {
                to: &to,
                subject: "Hello",
                body: "Once only",
            },
        )
        .await
        .expect("queue");
    }
    tx.commit().await.expect("commit");
    let dirs = [
        std::env::temp_dir().join(format!("pp-outbox-a-{}", partner_portal::db::new_id())),
        std::env::temp_dir().join(format!("pp-outbox-b-{}", partner_portal::db::new_id())),
    ];
    let senders = [(&a.db, &dirs[0]), (&b.db, &dirs[1])].map(|(db, dir)| {
        let db = db.clone();
        let delivery = Delivery::Dir(dir.clone());
        tokio::spawn(async move {
            let mut sent = 0;
            loop {
                let round = outbox::deliver_pending(&db, &delivery)
                    .await
                    .expect("deliver");
                if round == 0 {
                    break sent;
                }
                sent += round;
            }
        })
    });
    let mut total = 0;
    for sender in senders {
        total += sender.await.expect("sender");
    }
    let mut files = HashSet::new();
    for dir in &dirs {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            assert!(
                files.insert(entry.file_name()),
                "{:?} sent twice",
                entry.file_name()
            );
        }
        let _ = std::fs::remove_dir_all(dir);
    }
    // The sign-ups queued their own emails (address confirmations) too.
    let (queued, unsent): (i64, i64) =
        sqlx::query_as("SELECT COUNT(*), COUNT(*) - COUNT(sent_at) FROM outbox")
            .fetch_one(&b.db)
            .await
            .expect("outbox");
    assert_eq!(unsent, 0);
    assert_eq!(total as i64, queued);
    assert_eq!(files.len() as i64, queued);

    a.db.close().await;
    cleanup.run(b.db).await;
}
