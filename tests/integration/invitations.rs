//! Invitations (SPEC §5), on SQLite and PostgreSQL.

use crate::common::{count, events, member, sign_up, token};
use partner_portal::db::Db;
use partner_portal::domain::{accounts, invitations, members, outbox};
use partner_portal::model::member::InvitationState;
use partner_portal::model::validation::Problem;
use partner_portal::model::{AppError, Conflict, Role};

const BASE: &str = "https://portal.example";

async fn invited_people_get_a_link_by_email_and_appear_as_pending(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let links = invitations::invite(
        &db,
        &owner.user_id,
        owner.partner_id,
        "Bo@x.example; cy@y.example",
        &[Role::SalesAgent, Role::HelpdeskAgent],
        BASE,
    )
    .await
    .expect("invite");
    assert_eq!(links.len(), 2);
    assert!(links[0]
        .link
        .starts_with("https://portal.example/invitations/"));
    let pending = invitations::pending(&db, &owner.user_id, owner.partner_id)
        .await
        .expect("pending");
    assert_eq!(pending.len(), 2);
    assert_eq!(pending[0].roles, [Role::SalesAgent, Role::HelpdeskAgent]);
    assert!(!pending[0].expired);
    // The email carries the link; the outbox delivers it once.
    let (body,): (String,) = sqlx::query_as("SELECT body FROM outbox WHERE recipient = $1")
        .bind("bo@x.example")
        .fetch_one(&db)
        .await
        .expect("email");
    assert!(body.contains(&links[0].link));
    assert_eq!(
        outbox::deliver_pending(&db, &outbox::Delivery::Log)
            .await
            .expect("send"),
        2
    );
    assert_eq!(
        outbox::deliver_pending(&db, &outbox::Delivery::Log)
            .await
            .expect("send"),
        0
    );
    assert_eq!(events(&db, "invitation.sent").await, 2);
    // The database keeps only a hash of the secret.
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM invitations WHERE token_hash = $1",
            &token(&links[0].link)
        )
        .await,
        0
    );
}

async fn a_bad_list_is_refused_whole_naming_the_culprit(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let (me, pid) = (&owner.user_id, owner.partner_id);
    member(&db, pid, "in@contoso.example", &[Role::SalesAgent]).await;
    let err = invitations::invite(
        &db,
        me,
        pid,
        "new@x.example, in@contoso.example",
        &[Role::SalesAgent],
        BASE,
    )
    .await
    .unwrap_err();
    assert_eq!(err.field_errors()[0].problem, Problem::AlreadyMember);
    assert_eq!(
        err.field_errors()[0].value.as_deref(),
        Some("in@contoso.example")
    );
    let eleven: Vec<String> = (0..11).map(|i| format!("p{i}@x.example")).collect();
    let err = invitations::invite(&db, me, pid, &eleven.join(","), &[Role::SalesAgent], BASE)
        .await
        .unwrap_err();
    assert_eq!(
        err.field_errors()[0].problem,
        Problem::TooManyEmails { max: 10 }
    );
    let err = invitations::invite(&db, me, pid, "new@x.example", &[], BASE)
        .await
        .unwrap_err();
    assert_eq!(err.field_errors()[0].problem, Problem::NoRole);
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM invitations WHERE email LIKE $1",
            "%"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM outbox WHERE recipient LIKE $1",
            "%"
        )
        .await,
        0
    );

    invitations::invite(&db, me, pid, "new@x.example", &[Role::SalesAgent], BASE)
        .await
        .expect("invite");
    let again = invitations::invite(&db, me, pid, "NEW@x.example", &[Role::SalesAgent], BASE)
        .await
        .unwrap_err();
    assert_eq!(again.field_errors()[0].problem, Problem::AlreadyInvited);
}

async fn a_new_person_accepts_once(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let links = invitations::invite(
        &db,
        &owner.user_id,
        owner.partner_id,
        "bo@x.example",
        &[Role::SalesAgent],
        BASE,
    )
    .await
    .expect("invite");
    let t = token(&links[0].link);
    let view = invitations::view(&db, &t, None).await.expect("view");
    assert_eq!(view.state, InvitationState::Pending);
    assert!(!view.existing_user);
    assert_eq!(view.account_name, "Company of owner@contoso.example");
    let short = invitations::accept_as_new(&db, &t, "Bo", "short")
        .await
        .unwrap_err();
    assert_eq!(short.field_errors()[0].field, "password");
    let (bo, pid) = invitations::accept_as_new(&db, &t, "Bo", "a long enough secret")
        .await
        .expect("accept");
    assert_eq!(pid, owner.partner_id);
    let shell = crate::common::shell(&db, &bo, pid)
        .await
        .expect("member now");
    assert_eq!(shell.account.roles, [Role::SalesAgent]);
    assert_eq!(
        invitations::accept_as_user(&db, &t, &bo).await.err(),
        Some(AppError::Conflict(Conflict::InvitationClosed)),
        "single use"
    );
    assert_eq!(
        invitations::view(&db, &t, None).await.expect("view").state,
        InvitationState::Accepted
    );
    assert_eq!(events(&db, "invitation.accepted").await, 1);
    assert!(invitations::pending(&db, &owner.user_id, pid)
        .await
        .expect("pending")
        .is_empty());
}

async fn only_the_invited_email_can_accept(db: Db) {
    let contoso = sign_up(&db, "owner@contoso.example").await;
    let bo = sign_up(&db, "bo@fabrikam.example").await;
    let eve = sign_up(&db, "eve@tailspin.example").await;
    let links = invitations::invite(
        &db,
        &contoso.user_id,
        contoso.partner_id,
        "bo@fabrikam.example",
        &[Role::Developer],
        BASE,
    )
    .await
    .expect("invite");
    let t = token(&links[0].link);
    let view = invitations::view(&db, &t, Some(&eve.user_id))
        .await
        .expect("view");
    assert!(view.existing_user);
    assert_eq!(view.signed_in_as.as_deref(), Some("eve@tailspin.example"));
    assert_eq!(
        invitations::accept_as_user(&db, &t, &eve.user_id)
            .await
            .err(),
        Some(AppError::Conflict(Conflict::WrongInvitee))
    );
    let new_person = invitations::accept_as_new(&db, &t, "Bo again", "a long enough secret").await;
    assert_eq!(
        new_person.unwrap_err().field_errors()[0].problem,
        Problem::UserExists
    );
    let pid = invitations::accept_as_user(&db, &t, &bo.user_id)
        .await
        .expect("accept");
    assert_eq!(pid, contoso.partner_id);
    // Bo now has two accounts: the picker appears for them.
    assert_eq!(
        accounts::accounts_of(&db, &bo.user_id)
            .await
            .expect("accounts")
            .len(),
        2
    );
    assert!(crate::common::shell(&db, &eve.user_id, pid).await.is_err());
}

async fn revoked_and_expired_links_fail_and_resend_replaces_the_link(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let (me, pid) = (&owner.user_id, owner.partner_id);
    let links = invitations::invite(
        &db,
        me,
        pid,
        "a@x.example, b@x.example",
        &[Role::SalesAgent],
        BASE,
    )
    .await
    .expect("invite");
    let pending = invitations::pending(&db, me, pid).await.expect("pending");
    let (a, b) = (&pending[0], &pending[1]);

    invitations::revoke(&db, me, pid, &a.id)
        .await
        .expect("revoke");
    assert_eq!(
        invitations::view(&db, &token(&links[0].link), None)
            .await
            .expect("view")
            .state,
        InvitationState::Revoked
    );
    assert_eq!(
        invitations::accept_as_new(&db, &token(&links[0].link), "A", "a long enough secret")
            .await
            .err(),
        Some(AppError::Conflict(Conflict::InvitationClosed))
    );
    assert_eq!(
        invitations::revoke(&db, me, pid, &a.id).await.err(),
        Some(AppError::NotFound)
    );

    sqlx::query("UPDATE invitations SET expires_at = 0 WHERE email = 'b@x.example'")
        .execute(&db)
        .await
        .expect("expire");
    let old = token(&links[1].link);
    assert_eq!(
        invitations::view(&db, &old, None)
            .await
            .expect("view")
            .state,
        InvitationState::Expired
    );
    assert!(invitations::pending(&db, me, pid).await.expect("pending")[0].expired);
    assert_eq!(
        invitations::accept_as_new(&db, &old, "B", "a long enough secret")
            .await
            .err(),
        Some(AppError::Conflict(Conflict::InvitationClosed))
    );
    let fresh = invitations::resend(&db, me, pid, &b.id, BASE)
        .await
        .expect("resend");
    assert_eq!(
        invitations::view(&db, &old, None).await.err(),
        Some(AppError::NotFound)
    );
    invitations::accept_as_new(&db, &token(&fresh.link), "B", "a long enough secret")
        .await
        .expect("the new link works");
    assert_eq!(events(&db, "invitation.resent").await, 1);
    assert_eq!(events(&db, "invitation.revoked").await, 1);
}

async fn invitations_follow_the_grant_rules_and_stay_in_their_account(db: Db) {
    let contoso = sign_up(&db, "owner@contoso.example").await;
    let fabrikam = sign_up(&db, "owner@fabrikam.example").await;
    let aa = member(
        &db,
        contoso.partner_id,
        "aa@contoso.example",
        &[Role::AccountAdmin],
    )
    .await;
    let sales = member(
        &db,
        contoso.partner_id,
        "s@contoso.example",
        &[Role::SalesAgent],
    )
    .await;
    assert_eq!(
        invitations::invite(
            &db,
            &aa,
            contoso.partner_id,
            "x@x.example",
            &[Role::GlobalAdmin],
            BASE
        )
        .await
        .err(),
        Some(AppError::Forbidden)
    );
    assert_eq!(
        invitations::invite(
            &db,
            &sales,
            contoso.partner_id,
            "x@x.example",
            &[Role::SalesAgent],
            BASE
        )
        .await
        .err(),
        Some(AppError::Forbidden)
    );
    assert_eq!(
        invitations::pending(&db, &sales, contoso.partner_id)
            .await
            .err(),
        Some(AppError::Forbidden)
    );
    invitations::invite(
        &db,
        &fabrikam.user_id,
        fabrikam.partner_id,
        "x@x.example",
        &[Role::GlobalAdmin],
        BASE,
    )
    .await
    .expect("invite");
    let theirs = invitations::pending(&db, &fabrikam.user_id, fabrikam.partner_id)
        .await
        .expect("pending");
    // Contoso's admin can't touch Fabrikam's invitation, even by id.
    assert_eq!(
        invitations::revoke(&db, &contoso.user_id, contoso.partner_id, &theirs[0].id)
            .await
            .err(),
        Some(AppError::NotFound)
    );
    assert_eq!(
        invitations::resend(
            &db,
            &contoso.user_id,
            contoso.partner_id,
            &theirs[0].id,
            BASE
        )
        .await
        .err(),
        Some(AppError::NotFound)
    );
    // An Account admin can't hand out a fresh link to an admin-role invitation.
    invitations::invite(
        &db,
        &contoso.user_id,
        contoso.partner_id,
        "ga@x.example",
        &[Role::GlobalAdmin],
        BASE,
    )
    .await
    .expect("invite");
    let ours = invitations::pending(&db, &aa, contoso.partner_id)
        .await
        .expect("pending");
    assert_eq!(
        invitations::resend(&db, &aa, contoso.partner_id, &ours[0].id, BASE)
            .await
            .err(),
        Some(AppError::Forbidden)
    );
}

async fn two_simultaneous_acceptances_make_one_member(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let bo = sign_up(&db, "bo@fabrikam.example").await;
    let links = invitations::invite(
        &db,
        &owner.user_id,
        owner.partner_id,
        "bo@fabrikam.example",
        &[Role::Developer],
        BASE,
    )
    .await
    .expect("invite");
    let t = token(&links[0].link);
    let tasks: Vec<_> = (0..4)
        .map(|_| {
            let (db, t, bo) = (db.clone(), t.clone(), bo.user_id.clone());
            tokio::spawn(async move { invitations::accept_as_user(&db, &t, &bo).await })
        })
        .collect();
    let mut ok = 0;
    for task in tasks {
        match task.await.expect("task") {
            Ok(_) => ok += 1,
            Err(e) => assert_eq!(e, AppError::Conflict(Conflict::InvitationClosed)),
        }
    }
    assert_eq!(ok, 1);
    assert_eq!(events(&db, "invitation.accepted").await, 1);
}

/// Accepting takes the account's member lock before the invitation's row,
/// like revoking does; in the other order PostgreSQL aborts one of the two
/// as a deadlock (an internal error for the user).
async fn accepting_while_the_invitation_is_revoked_never_fails_inside(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let bo = sign_up(&db, "bo@fabrikam.example").await;
    for round in 0..6 {
        let links = invitations::invite(
            &db,
            &owner.user_id,
            owner.partner_id,
            "bo@fabrikam.example",
            &[Role::Developer],
            BASE,
        )
        .await
        .expect("invite");
        let pending = invitations::pending(&db, &owner.user_id, owner.partner_id)
            .await
            .expect("pending");
        let t = token(&links[0].link);
        let accept = {
            let (db, bo) = (db.clone(), bo.user_id.clone());
            tokio::spawn(async move { invitations::accept_as_user(&db, &t, &bo).await.map(|_| ()) })
        };
        let revoke = {
            let (db, me, id) = (db.clone(), owner.user_id.clone(), pending[0].id.clone());
            let pid = owner.partner_id;
            tokio::spawn(async move { invitations::revoke(&db, &me, pid, &id).await })
        };
        let accepted = accept.await.expect("task");
        let revoked = revoke.await.expect("task");
        // Exactly one wins; the other is told the invitation is gone.
        assert!(
            matches!(
                (&accepted, &revoked),
                (Ok(()), Err(AppError::NotFound))
                    | (Err(AppError::Conflict(Conflict::InvitationClosed)), Ok(()))
            ),
            "round {round}: {accepted:?} / {revoked:?}"
        );
        if accepted.is_ok() {
            members::remove(&db, &owner.user_id, owner.partner_id, &bo.user_id)
                .await
                .expect("remove for the next round");
        }
    }
}

/// Inviting again after an invitation expired closes the old one as expired
/// (its link says "expired", not "revoked"), with its own event.
async fn a_new_invitation_closes_the_expired_one_with_an_event(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let (me, pid) = (&owner.user_id, owner.partner_id);
    let first = invitations::invite(&db, me, pid, "a@x.example", &[Role::SalesAgent], BASE)
        .await
        .expect("invite");
    sqlx::query("UPDATE invitations SET expires_at = 0")
        .execute(&db)
        .await
        .expect("expire");
    invitations::invite(&db, me, pid, "a@x.example", &[Role::SalesAgent], BASE)
        .await
        .expect("invite again");
    assert_eq!(
        invitations::view(&db, &token(&first[0].link), None)
            .await
            .expect("old link")
            .state,
        InvitationState::Expired
    );
    assert_eq!(events(&db, "invitation.expired").await, 1);
    assert_eq!(events(&db, "invitation.revoked").await, 0);
    assert_eq!(
        invitations::pending(&db, me, pid)
            .await
            .expect("pending")
            .len(),
        1
    );
}

on_both_databases!(
    accepting_while_the_invitation_is_revoked_never_fails_inside,
    a_new_invitation_closes_the_expired_one_with_an_event,
    invited_people_get_a_link_by_email_and_appear_as_pending,
    a_bad_list_is_refused_whole_naming_the_culprit,
    a_new_person_accepts_once,
    only_the_invited_email_can_accept,
    revoked_and_expired_links_fail_and_resend_replaces_the_link,
    invitations_follow_the_grant_rules_and_stay_in_their_account,
    two_simultaneous_acceptances_make_one_member,
);

/// Records `n` emails of `action` sent by the account in the last hours, as
/// earlier requests would have.
async fn sent_earlier(db: &Db, partner_id: i64, action: &str, n: i64) {
    let (account_id,): (String,) = sqlx::query_as("SELECT id FROM accounts WHERE partner_id = $1")
        .bind(partner_id)
        .fetch_one(db)
        .await
        .expect("account");
    for i in 0..n {
        sqlx::query(
            "INSERT INTO activity_events (id, occurred_at, account_id, actor_user_id, action)
             VALUES ($1, $2, $3, NULL, $4)",
        )
        .bind(format!("earlier-{action}-{i}"))
        .bind(partner_portal::db::now() - 3600)
        .bind(&account_id)
        .bind(action)
        .execute(db)
        .await
        .expect("event");
    }
}

/// An account sends at most so many invitations and confirmation links a
/// day: past that, 429 and nothing sent (signing up doesn't buy a relay).
async fn invitation_and_confirmation_emails_have_a_daily_limit(db: Db) {
    use partner_portal::domain::quotas::Quota;
    let owner = sign_up(&db, "owner@contoso.example").await;
    let pid = owner.partner_id;
    sent_earlier(
        &db,
        pid,
        "invitation.sent",
        Quota::Invitations.per_day() - 1,
    )
    .await;
    let two = invitations::invite(
        &db,
        &owner.user_id,
        pid,
        "a@x.example, b@x.example",
        &[Role::SalesAgent],
        BASE,
    )
    .await;
    assert_eq!(two.err(), Some(AppError::DailyLimit));
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM outbox WHERE recipient = $1",
            "a@x.example"
        )
        .await,
        0
    );
    invitations::invite(
        &db,
        &owner.user_id,
        pid,
        "a@x.example",
        &[Role::SalesAgent],
        BASE,
    )
    .await
    .expect("the last one of the day");
    let pending = invitations::pending(&db, &owner.user_id, pid)
        .await
        .expect("pending");
    assert_eq!(
        invitations::resend(&db, &owner.user_id, pid, &pending[0].id, BASE)
            .await
            .err(),
        Some(AppError::DailyLimit)
    );
    // Confirmation links of the primary contact's email.
    partner_portal::domain::programs::enroll(
        &db,
        &owner.user_id,
        pid,
        partner_portal::model::Program::Mpn,
    )
    .await
    .expect("enroll");
    sent_earlier(
        &db,
        pid,
        "account.verification_sent",
        Quota::Confirmations.per_day(),
    )
    .await;
    let saved = crate::common::save_legal_profile(
        &db,
        &owner.user_id,
        pid,
        &crate::common::legal_profile("contact@contoso.example"),
        BASE,
    )
    .await;
    assert_eq!(saved, Err(AppError::DailyLimit));
    assert_eq!(
        events(&db, "account.legal_profile_updated").await,
        0,
        "nothing saved"
    );
}

on_both_databases!(invitation_and_confirmation_emails_have_a_daily_limit);
