//! User management rules (SPEC §5), on SQLite and PostgreSQL.

use crate::common::{count, events, join, member, sign_up, user, PASSWORD};
use partner_portal::auth::sessions;
use partner_portal::db::Db;
use partner_portal::domain::{accounts, invitations, members, my_profile, users};
use partner_portal::model::account::ProfileChange;
use partner_portal::model::listing::PageAt;
use partner_portal::model::member::NewUser;
use partner_portal::model::role::{can_grant, can_reset_password};
use partner_portal::model::validation::Problem;
use partner_portal::model::{AppError, Conflict, Language, Permission, Role};

fn new_user(email: &str, roles: &[Role]) -> NewUser {
    NewUser {
        display_name: "New Person".into(),
        email: email.into(),
        roles: roles.to_vec(),
    }
}

async fn global_admins(db: &Db, partner_id: i64) -> i64 {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM membership_roles r JOIN accounts a ON a.id = r.account_id
         WHERE a.partner_id = $1 AND r.role = 'global_admin'",
    )
    .bind(partner_id)
    .fetch_one(db)
    .await
    .expect("count");
    n
}

async fn an_added_user_signs_in_with_the_temporary_password_and_must_change_it(db: Db) {
    let admin = sign_up(&db, "admin@contoso.example").await;
    let temp = members::add_user(
        &db,
        &admin.user_id,
        admin.partner_id,
        &new_user("Bo@Contoso.example", &[Role::SalesAgent]),
    )
    .await
    .expect("add user");
    assert_eq!(temp.email, "bo@contoso.example");
    let bo = users::authenticate(&db, "bo@contoso.example", &temp.password, None)
        .await
        .expect("temporary password signs in");
    assert!(bo.must_change_password);
    assert_eq!(events(&db, "member.added").await, 1);

    my_profile::change_password(&db, &bo.id, &temp.password, "a brand new secret", None)
        .await
        .expect("change");
    let bo = users::authenticate(&db, "bo@contoso.example", "a brand new secret", None)
        .await
        .expect("new password");
    assert!(!bo.must_change_password);
    assert_eq!(
        users::authenticate(&db, "bo@contoso.example", &temp.password, None)
            .await
            .err(),
        Some(AppError::BadCredentials),
        "the temporary password works only until it is changed"
    );
    let shell = crate::common::shell(&db, &bo.id, admin.partner_id)
        .await
        .expect("member");
    assert_eq!(shell.account.roles, [Role::SalesAgent]);
}

async fn adding_an_existing_email_says_to_invite_and_changes_nothing(db: Db) {
    let admin = sign_up(&db, "admin@contoso.example").await;
    sign_up(&db, "bo@fabrikam.example").await;
    let err = members::add_user(
        &db,
        &admin.user_id,
        admin.partner_id,
        &new_user("BO@fabrikam.example", &[Role::SalesAgent]),
    )
    .await
    .unwrap_err();
    assert_eq!(err.field_errors()[0].problem, Problem::UserExists);
    assert_eq!(events(&db, "member.added").await, 0);
    let no_roles = members::add_user(
        &db,
        &admin.user_id,
        admin.partner_id,
        &new_user("cy@contoso.example", &[]),
    )
    .await
    .unwrap_err();
    assert_eq!(no_roles.field_errors()[0].problem, Problem::NoRole);
}

async fn an_account_admin_cannot_grant_admin_roles(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let aa = member(
        &db,
        owner.partner_id,
        "aa@contoso.example",
        &[Role::AccountAdmin],
    )
    .await;
    let refused = members::add_user(
        &db,
        &aa,
        owner.partner_id,
        &new_user("x@contoso.example", &[Role::GlobalAdmin]),
    )
    .await;
    assert_eq!(refused.err(), Some(AppError::Forbidden));
    let target = member(
        &db,
        owner.partner_id,
        "t@contoso.example",
        &[Role::SalesAgent],
    )
    .await;
    let raised =
        crate::common::change_roles(&db, &aa, owner.partner_id, &target, &[Role::BillingAdmin])
            .await;
    assert_eq!(raised.err(), Some(AppError::Forbidden));
    // Nor demote the Global admin.
    let demoted = crate::common::change_roles(
        &db,
        &aa,
        owner.partner_id,
        &owner.user_id,
        &[Role::DefaultUser],
    )
    .await;
    assert_eq!(demoted.err(), Some(AppError::Forbidden));
    crate::common::change_roles(&db, &aa, owner.partner_id, &target, &[Role::HelpdeskAgent])
        .await
        .expect("non-admin role");
    assert_eq!(events(&db, "member.roles_changed").await, 1);
}

async fn nobody_raises_their_own_privileges(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let uma = member(
        &db,
        owner.partner_id,
        "uma@contoso.example",
        &[Role::UserManagementAdmin],
    )
    .await;
    let raised = crate::common::change_roles(
        &db,
        &uma,
        owner.partner_id,
        &uma,
        &[Role::UserManagementAdmin, Role::GlobalAdmin],
    )
    .await;
    assert_eq!(
        raised.err(),
        Some(AppError::Conflict(Conflict::OwnMembership))
    );
    // Giving up a role is fine.
    let both = member(
        &db,
        owner.partner_id,
        "both@contoso.example",
        &[Role::UserManagementAdmin, Role::SalesAgent],
    )
    .await;
    crate::common::change_roles(
        &db,
        &both,
        owner.partner_id,
        &both,
        &[Role::UserManagementAdmin],
    )
    .await
    .expect("drop own role");
}

async fn the_last_global_admin_and_owner_stay(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let pid = owner.partner_id;
    let me = &owner.user_id;
    let no_admin = crate::common::change_roles(&db, me, pid, me, &[Role::Owner]).await;
    assert_eq!(
        no_admin.err(),
        Some(AppError::Conflict(Conflict::LastGlobalAdmin))
    );
    let no_owner = crate::common::change_roles(&db, me, pid, me, &[Role::GlobalAdmin]).await;
    assert_eq!(
        no_owner.err(),
        Some(AppError::Conflict(Conflict::LastOwner))
    );
    let other = member(&db, pid, "ga@contoso.example", &[Role::GlobalAdmin]).await;
    let removed = members::remove(&db, &other, pid, me).await;
    assert_eq!(removed.err(), Some(AppError::Conflict(Conflict::LastOwner)));
    crate::common::change_roles(&db, me, pid, me, &[Role::Owner])
        .await
        .expect("another Global admin remains");
    assert_eq!(global_admins(&db, pid).await, 1);
    assert_eq!(events(&db, "member.roles_changed").await, 1);
}

/// The two Global admins each step down at the same moment, many times over:
/// each sees the other still there, so without serialisation both would
/// commit and leave none. Exactly one may win.
async fn concurrent_demotions_never_leave_zero_global_admins(db: Db) {
    for round in 0..8 {
        let owner = sign_up(&db, &format!("owner{round}@contoso.example")).await;
        let pid = owner.partner_id;
        // Each also holds Default user, so stepping down adds no role.
        let both = [Role::GlobalAdmin, Role::DefaultUser];
        let a = member(&db, pid, &format!("a{round}@contoso.example"), &both).await;
        // The creator steps down as Global admin, leaving a, then b joins.
        crate::common::change_roles(&db, &owner.user_id, pid, &owner.user_id, &[Role::Owner])
            .await
            .expect("creator steps down");
        let b = member(&db, pid, &format!("b{round}@contoso.example"), &both).await;
        let tasks: Vec<_> = [a, b]
            .into_iter()
            .map(|me| {
                let db = db.clone();
                tokio::spawn(async move {
                    crate::common::change_roles(&db, &me, pid, &me, &[Role::DefaultUser]).await
                })
            })
            .collect();
        let mut results = Vec::new();
        for task in tasks {
            results.push(task.await.expect("task"));
        }
        let ok = results.iter().filter(|r| r.is_ok()).count();
        assert_eq!(ok, 1, "round {round}: {results:?}");
        assert!(results
            .iter()
            .any(|r| r == &Err(AppError::Conflict(Conflict::LastGlobalAdmin))));
        assert_eq!(global_admins(&db, pid).await, 1, "round {round}");
    }
}

async fn a_role_change_applies_on_the_very_next_request(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let pid = owner.partner_id;
    let bo = member(&db, pid, "bo@contoso.example", &[Role::UserManagementAdmin]).await;
    members::list(&db, &bo, pid, "", &PageAt::Start)
        .await
        .expect("allowed");
    crate::common::change_roles(&db, &owner.user_id, pid, &bo, &[Role::SalesAgent])
        .await
        .expect("demote");
    assert_eq!(
        members::list(&db, &bo, pid, "", &PageAt::Start).await.err(),
        Some(AppError::Forbidden)
    );
    members::remove(&db, &owner.user_id, pid, &bo)
        .await
        .expect("remove");
    assert_eq!(
        crate::common::shell(&db, &bo, pid).await.err(),
        Some(AppError::NotFound)
    );
    assert_eq!(events(&db, "member.removed").await, 1);
}

async fn removing_a_member_keeps_their_other_accounts(db: Db) {
    let contoso = sign_up(&db, "owner@contoso.example").await;
    let fabrikam = sign_up(&db, "owner@fabrikam.example").await;
    let bo = user(&db, "bo@contoso.example", "Bo").await;
    join(&db, contoso.partner_id, &bo, &[Role::SalesAgent]).await;
    join(&db, fabrikam.partner_id, &bo, &[Role::SalesAgent]).await;
    members::remove(&db, &contoso.user_id, contoso.partner_id, &bo)
        .await
        .expect("remove");
    let left = accounts::accounts_of(&db, &bo).await.expect("accounts");
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].partner_id, fabrikam.partner_id);
}

async fn a_password_reset_ends_every_session_and_forces_a_change(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let pid = owner.partner_id;
    let bo = member(&db, pid, "bo@contoso.example", &[Role::Developer]).await;
    for id in ["s1", "s2"] {
        sqlx::query("INSERT INTO sessions (id, user_id, data, expiry_date) VALUES ($1, $2, '{}', 99999999999)")
            .bind(id)
            .bind(&bo)
            .execute(&db)
            .await
            .expect("session");
    }
    let temp = members::reset_password(&db, &owner.user_id, pid, &bo)
        .await
        .expect("reset");
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM sessions WHERE user_id = $1", &bo).await,
        0
    );
    let signed_in = users::authenticate(&db, "bo@contoso.example", &temp.password, None)
        .await
        .expect("temporary password");
    assert!(signed_in.must_change_password);
    assert_eq!(events(&db, "member.password_reset").await, 1);

    // A Manager resets developer-side users only.
    let manager = member(&db, pid, "m@contoso.example", &[Role::Manager]).await;
    let sales = member(&db, pid, "s@contoso.example", &[Role::SalesAgent]).await;
    assert_eq!(
        members::reset_password(&db, &manager, pid, &sales)
            .await
            .err(),
        Some(AppError::Forbidden)
    );
    members::reset_password(&db, &manager, pid, &bo)
        .await
        .expect("developer-side user");
    // Nor an Owner: the Manager would get a way into a higher role.
    let owner2 = member(&db, pid, "o2@contoso.example", &[Role::Owner]).await;
    assert_eq!(
        members::reset_password(&db, &manager, pid, &owner2)
            .await
            .err(),
        Some(AppError::Forbidden)
    );
}

/// A password belongs to the person, not to one account: a Global admin
/// here must not get a way into the other accounts a member belongs to.
async fn a_member_of_other_accounts_cannot_have_their_password_reset_here(db: Db) {
    let contoso = sign_up(&db, "owner@contoso.example").await;
    let fabrikam = sign_up(&db, "owner@fabrikam.example").await;
    join(
        &db,
        contoso.partner_id,
        &fabrikam.user_id,
        &[Role::DefaultUser],
    )
    .await;
    assert_eq!(
        members::reset_password(&db, &contoso.user_id, contoso.partner_id, &fabrikam.user_id)
            .await
            .err(),
        Some(AppError::Conflict(Conflict::MemberElsewhere))
    );
    let unchanged = count(
        &db,
        "SELECT COUNT(*) FROM users WHERE id = $1 AND must_change_password = 0",
        &fabrikam.user_id,
    )
    .await;
    assert_eq!(unchanged, 1);
    users::authenticate(&db, "owner@fabrikam.example", PASSWORD, None)
        .await
        .expect("their password still works");
    assert_eq!(events(&db, "member.password_reset").await, 0);
}

/// An Account admin can't hand out Admin agent: it manages billing, which
/// the Account admin can't, and they could add a user with it and sign in.
async fn an_account_admin_cannot_grant_admin_agent(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let aa = member(
        &db,
        owner.partner_id,
        "aa@contoso.example",
        &[Role::AccountAdmin],
    )
    .await;
    let refused = members::add_user(
        &db,
        &aa,
        owner.partner_id,
        &new_user("x@contoso.example", &[Role::AdminAgent]),
    )
    .await;
    assert_eq!(refused.err(), Some(AppError::Forbidden));
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM users WHERE email = $1",
            "x@contoso.example"
        )
        .await,
        0
    );
}

/// Someone without the permission gets "forbidden", not a field error that
/// would tell them how the form works.
async fn a_caller_without_permission_is_refused_before_their_input_is_checked(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let sales = member(
        &db,
        owner.partner_id,
        "s@contoso.example",
        &[Role::SalesAgent],
    )
    .await;
    let bad = NewUser {
        display_name: String::new(),
        email: "not an email".into(),
        roles: Vec::new(),
    };
    assert_eq!(
        members::add_user(&db, &sales, owner.partner_id, &bad)
            .await
            .err(),
        Some(AppError::Forbidden)
    );
    assert_eq!(
        invitations::invite(
            &db,
            &sales,
            owner.partner_id,
            "not an email",
            &[],
            "http://x"
        )
        .await
        .err(),
        Some(AppError::Forbidden)
    );
}

async fn another_accounts_users_are_not_found(db: Db) {
    let contoso = sign_up(&db, "owner@contoso.example").await;
    let fabrikam = sign_up(&db, "owner@fabrikam.example").await;
    let theirs = member(
        &db,
        fabrikam.partner_id,
        "x@fabrikam.example",
        &[Role::SalesAgent],
    )
    .await;
    let (me, pid) = (&contoso.user_id, contoso.partner_id);
    assert_eq!(
        members::get(&db, me, pid, &theirs).await.err(),
        Some(AppError::NotFound)
    );
    assert_eq!(
        crate::common::change_roles(&db, me, pid, &theirs, &[Role::DefaultUser])
            .await
            .err(),
        Some(AppError::NotFound)
    );
    assert_eq!(
        members::remove(&db, me, pid, &theirs).await.err(),
        Some(AppError::NotFound)
    );
    assert_eq!(
        members::reset_password(&db, me, pid, &theirs).await.err(),
        Some(AppError::NotFound)
    );
    // And their account itself.
    assert_eq!(
        members::list(&db, me, fabrikam.partner_id, "", &PageAt::Start)
            .await
            .err(),
        Some(AppError::NotFound)
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM membership_roles WHERE user_id = $1",
            &theirs
        )
        .await,
        1
    );
}

/// A member who renames themselves (My profile) moves in every account's
/// member list, which sorts on its own copy of the name.
async fn a_renamed_member_moves_in_the_member_list(db: Db) {
    use partner_portal::model::Language;
    let owner = sign_up(&db, "owner@contoso.example").await;
    let other = sign_up(&db, "owner@fabrikam.example").await;
    let zed = member(
        &db,
        owner.partner_id,
        "zed@contoso.example",
        &[Role::SalesAgent],
    )
    .await;
    crate::common::join(&db, other.partner_id, &zed, &[Role::SalesAgent]).await;
    let names = |partner_id: i64, user_id: String| {
        let db = db.clone();
        async move {
            members::list(&db, &user_id, partner_id, "", &PageAt::Start)
                .await
                .expect("list")
                .members
                .into_iter()
                .map(|m| m.display_name)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        names(owner.partner_id, owner.user_id.clone()).await,
        ["Owner owner@contoso.example", "zed@contoso.example"]
    );
    crate::common::update_profile(&db, &zed, "Aaron Zed", Language::En)
        .await
        .expect("rename");
    assert_eq!(
        names(owner.partner_id, owner.user_id.clone()).await,
        ["Aaron Zed", "Owner owner@contoso.example"]
    );
    assert_eq!(
        names(other.partner_id, other.user_id.clone()).await,
        ["Aaron Zed", "Owner owner@fabrikam.example"]
    );
    let found = members::list(
        &db,
        &owner.user_id,
        owner.partner_id,
        "aaron",
        &PageAt::Start,
    )
    .await
    .expect("search");
    assert_eq!(found.total, 1);
}

async fn the_member_list_searches_and_pages_in_a_few_queries(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let pid = owner.partner_id;
    for i in 0..30 {
        member(
            &db,
            pid,
            &format!("user{i:02}@contoso.example"),
            &[Role::SalesAgent],
        )
        .await;
    }
    member(&db, pid, "pct@contoso.example", &[Role::Developer]).await;
    // Renamed directly (My profile refuses nothing here but is slower to
    // call): the user and the membership's copy of the name (members.rs).
    for rename in [
        "UPDATE users SET display_name = 'Dana 100% Sure' WHERE email = 'pct@contoso.example'",
        "UPDATE memberships SET name_key = 'dana 100% sure' WHERE email = 'pct@contoso.example'",
    ] {
        sqlx::query(rename).execute(&db).await.expect("rename");
    }
    let ids = |page: &partner_portal::model::member::MemberPage| {
        page.members
            .iter()
            .map(|m| m.user_id.clone())
            .collect::<Vec<_>>()
    };
    let first = members::list(&db, &owner.user_id, pid, "", &PageAt::Start)
        .await
        .expect("first page");
    assert_eq!(first.total, 32);
    assert_eq!(first.members.len(), 25);
    assert_eq!(first.previous, None);
    let last_of_first = first.members[24].user_id.clone();
    assert_eq!(first.next.as_deref(), Some(last_of_first.as_str()));
    let after = PageAt::After(last_of_first);
    let second = members::list(&db, &owner.user_id, pid, "", &after)
        .await
        .expect("second page");
    assert_eq!(second.members.len(), 7);
    assert_eq!(second.total, 32);
    assert!(second.members.iter().all(|m| !m.roles.is_empty()));
    assert_eq!(second.next, None, "nobody after the last page");
    let first_of_second = second.members[0].user_id.clone();
    assert_eq!(second.previous.as_deref(), Some(first_of_second.as_str()));
    // Every member once, in name order, over the two pages.
    let mut all = first.members.clone();
    all.extend(second.members.clone());
    let mut sorted = all.clone();
    sorted.sort_by_key(|m| m.display_name.to_lowercase());
    assert_eq!(all, sorted);
    // Back: the same first page.
    let back = members::list(
        &db,
        &owner.user_id,
        pid,
        "",
        &PageAt::Before(first_of_second),
    )
    .await
    .expect("back");
    assert_eq!(ids(&back), ids(&first));
    assert_eq!(back.previous, None);
    assert_eq!(back.next, first.next);
    // A page starting from a member who is gone, or from another account's
    // member: the first page.
    let stranger = sign_up(&db, "owner@fabrikam.example").await;
    for gone in ["nobody", stranger.user_id.as_str()] {
        let page = members::list(
            &db,
            &owner.user_id,
            pid,
            "",
            &PageAt::After(gone.to_string()),
        )
        .await
        .expect("from a missing member");
        assert_eq!(ids(&page), ids(&first));
    }
    let found = members::list(&db, &owner.user_id, pid, "USER1", &PageAt::Start)
        .await
        .expect("search");
    assert_eq!(found.total, 10);
    let literal = members::list(&db, &owner.user_id, pid, "100%", &PageAt::Start)
        .await
        .expect("search");
    assert_eq!(literal.total, 1);
    assert_eq!(literal.members[0].roles, [Role::Developer]);
    let none = members::list(&db, &owner.user_id, pid, "_", &PageAt::Start)
        .await
        .expect("search");
    assert_eq!(none.total, 0, "underscore is not a wildcard");
    let me = members::list(&db, &owner.user_id, pid, "owner@", &after)
        .await
        .expect("search");
    assert_eq!(me.total, 1);
    assert_eq!((me.previous.clone(), me.next.clone()), (None, None));
    assert!(me.members[0].is_you);
    assert_eq!(me.members[0].roles, [Role::GlobalAdmin, Role::Owner]);
}

/// The authorization table: every user-management function (the server
/// functions are one-line wrappers of these) × every role × a non-member,
/// against what the matrix says.
async fn every_user_management_function_follows_the_role_matrix(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let pid = owner.partner_id;
    let outsider = sign_up(&db, "owner@elsewhere.example").await.user_id;
    let mut actors: Vec<(Option<Role>, String)> = Vec::new();
    for role in Role::ALL {
        let id = member(
            &db,
            pid,
            &format!("role-{}@contoso.example", role.code()),
            &[role],
        )
        .await;
        actors.push((Some(role), id));
    }
    actors.push((None, outsider));
    for (n, (role, actor)) in actors.iter().enumerate() {
        let held: Vec<Role> = role.iter().copied().collect();
        // A role this actor could grant, if any: partner-side first.
        let grantable = if can_grant(&held, Role::DefaultUser) {
            Role::DefaultUser
        } else {
            Role::Developer
        };
        let target = member(
            &db,
            pid,
            &format!("target{n}@contoso.example"),
            &[grantable],
        )
        .await;
        let manage = role.is_some_and(|r| r.has(Permission::ManageUsers));
        let expect = |allowed: bool, result: Result<(), AppError>, what: &str| {
            let expected = match role {
                None => Err(AppError::NotFound),
                Some(_) if allowed => Ok(()),
                Some(_) => Err(AppError::Forbidden),
            };
            assert_eq!(result, expected, "{what} by {role:?}");
        };
        let list = members::list(&db, actor, pid, "", &PageAt::Start)
            .await
            .map(|_| ());
        expect(manage, list, "list");
        let get = members::get(&db, actor, pid, &target).await.map(|_| ());
        expect(manage, get, "get");
        let add = members::add_user(
            &db,
            actor,
            pid,
            &new_user(&format!("added{n}@contoso.example"), &[grantable]),
        )
        .await
        .map(|_| ());
        expect(manage, add, "add_user");
        let change =
            crate::common::change_roles(&db, actor, pid, &target, &[grantable, Role::Marketer])
                .await
                .map(|_| ());
        let marketer_ok = held.iter().any(|r| can_grant(&[*r], Role::Marketer));
        expect(manage && marketer_ok, change, "change_roles");
        let reset = members::reset_password(&db, actor, pid, &target)
            .await
            .map(|_| ());
        let target_roles = if manage && marketer_ok {
            vec![grantable, Role::Marketer]
        } else {
            vec![grantable]
        };
        let reset_ok = role.is_some_and(|r| r.has(Permission::ResetPasswords))
            && can_reset_password(&held, &target_roles);
        expect(reset_ok, reset, "reset_password");
        let remove = members::remove(&db, actor, pid, &target).await;
        let remove_ok = manage && target_roles.iter().all(|r| can_grant(&held, *r));
        expect(remove_ok, remove, "remove");

        let pending = invitations::pending(&db, actor, pid).await.map(|_| ());
        expect(manage, pending, "pending invitations");
        let invite = invitations::invite(
            &db,
            actor,
            pid,
            &format!("invited{n}@x.example"),
            &[grantable],
            "http://x",
        )
        .await
        .map(|_| ());
        expect(manage, invite, "invite");
        // An invitation the owner made, with the role this actor could grant.
        for (what, email) in [("resend", "r"), ("revoke", "v")] {
            let email = format!("{email}{n}@x.example");
            invitations::invite(&db, &owner.user_id, pid, &email, &[grantable], "http://x")
                .await
                .expect("owner invites");
            let (id,): (String,) = sqlx::query_as("SELECT id FROM invitations WHERE email = $1")
                .bind(&email)
                .fetch_one(&db)
                .await
                .expect("invitation");
            let result = if what == "resend" {
                invitations::resend(&db, actor, pid, &id, "http://x")
                    .await
                    .map(|_| ())
            } else {
                invitations::revoke(&db, actor, pid, &id).await
            };
            expect(manage, result, what);
        }
    }
}

async fn sessions_are_listed_and_ended_only_for_their_user(db: Db) {
    let ana = sign_up(&db, "ana@contoso.example").await.user_id;
    let bo = sign_up(&db, "bo@fabrikam.example").await.user_id;
    let data = r#"{"signed_in_at": 1764064200, "seen_at": 1764067800, "device": "Firefox"}"#;
    for (id, user) in [("a1", &ana), ("a2", &ana), ("a3", &ana), ("b1", &bo)] {
        sqlx::query("INSERT INTO sessions (id, user_id, data, expiry_date) VALUES ($1, $2, $3, 99999999999)")
            .bind(id)
            .bind(user)
            .bind(data)
            .execute(&db)
            .await
            .expect("session");
    }
    let listed = sessions::list(&db, &ana, Some("a1")).await.expect("list");
    assert_eq!(listed.len(), 3);
    assert!(listed[0].current, "the current session comes first");
    assert_eq!(listed[1].device, "Firefox");
    assert_eq!(
        partner_portal::model::dates::date_time(
            listed[1].last_active_at,
            partner_portal::model::Language::En
        ),
        "25 November 2025, 10:50 UTC"
    );
    assert!(listed.iter().all(|s| !s.handle.contains("a1")));
    let bo_handle = sessions::list(&db, &bo, None).await.expect("list")[0]
        .handle
        .clone();
    assert_eq!(
        sessions::end(&db, &ana, Some(&bo_handle), Some("a1"))
            .await
            .err(),
        Some(AppError::NotFound)
    );
    sessions::end(&db, &ana, Some(&listed[2].handle), Some("a1"))
        .await
        .expect("end one");
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM sessions WHERE user_id = $1",
            &ana
        )
        .await,
        2
    );
    sessions::end(&db, &ana, None, Some("a1"))
        .await
        .expect("end others");
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM sessions WHERE user_id = $1",
            &ana
        )
        .await,
        1
    );
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM sessions WHERE user_id = $1", &bo).await,
        1
    );
}

async fn a_password_change_needs_the_current_one_and_ends_other_sessions(db: Db) {
    let ana = sign_up(&db, "ana@contoso.example").await.user_id;
    for id in ["keep", "other"] {
        sqlx::query("INSERT INTO sessions (id, user_id, data, expiry_date) VALUES ($1, $2, '{}', 99999999999)")
            .bind(id)
            .bind(&ana)
            .execute(&db)
            .await
            .expect("session");
    }
    let wrong =
        my_profile::change_password(&db, &ana, "not it", "a brand new secret", Some("keep"))
            .await
            .unwrap_err();
    assert_eq!(wrong.field_errors()[0].problem, Problem::WrongPassword);
    let short = my_profile::change_password(&db, &ana, PASSWORD, "short", Some("keep"))
        .await
        .unwrap_err();
    assert_eq!(short.field_errors()[0].field, "new_password");
    my_profile::change_password(&db, &ana, PASSWORD, "a brand new secret", Some("keep"))
        .await
        .expect("change");
    let left: Vec<(String,)> = sqlx::query_as("SELECT id FROM sessions WHERE user_id = $1")
        .bind(&ana)
        .fetch_all(&db)
        .await
        .expect("sessions");
    assert_eq!(left, [("keep".to_string(),)]);
    assert_eq!(events(&db, "user.password_changed").await, 1);
}

async fn the_profile_saves_name_and_language_with_events(db: Db) {
    let ana = sign_up(&db, "ana@contoso.example").await.user_id;
    let blank =
        crate::common::update_profile(&db, &ana, "  ", partner_portal::model::Language::Fr).await;
    assert_eq!(
        blank.unwrap_err().field_errors()[0].problem,
        Problem::Required
    );
    crate::common::update_profile(&db, &ana, "Ana Lopez", partner_portal::model::Language::Fr)
        .await
        .expect("save");
    let user = users::current(&db, &ana).await.expect("user");
    assert_eq!(user.display_name, "Ana Lopez");
    assert_eq!(user.language, partner_portal::model::Language::Fr);
    assert_eq!(events(&db, "user.profile_updated").await, 1);
    assert_eq!(events(&db, "user.language_changed").await, 1);
}

async fn a_role_change_over_a_newer_one_is_refused_and_changes_nothing(db: Db) {
    let ana = sign_up(&db, "ana@contoso.example").await;
    let pid = ana.partner_id;
    let sam = member(&db, pid, "sam@contoso.example", &[Role::SalesAgent]).await;
    let loaded = members::get(&db, &ana.user_id, pid, &sam)
        .await
        .expect("get");
    let saved = members::change_roles(
        &db,
        &ana.user_id,
        pid,
        &sam,
        &[Role::BillingAdmin],
        loaded.version,
    )
    .await
    .expect("first save");
    assert_eq!(saved, loaded.version + 1);
    // A second page, loaded before that save, saves its own choice.
    let stale = members::change_roles(
        &db,
        &ana.user_id,
        pid,
        &sam,
        &[Role::HelpdeskAgent],
        loaded.version,
    )
    .await;
    assert!(matches!(
        stale.err(),
        Some(AppError::EditedMeanwhile(Some(_)))
    ));
    let now = members::get(&db, &ana.user_id, pid, &sam)
        .await
        .expect("get");
    assert_eq!((now.roles, now.version), (vec![Role::BillingAdmin], saved));
    assert_eq!(events(&db, "member.roles_changed").await, 1);
    // Saving again with the version now shown replaces them knowingly.
    members::change_roles(&db, &ana.user_id, pid, &sam, &[Role::HelpdeskAgent], saved)
        .await
        .expect("save over the latest");
}

async fn my_profile_saved_over_a_newer_version_is_refused(db: Db) {
    let ana = sign_up(&db, "ana@contoso.example").await;
    let loaded = users::current(&db, &ana.user_id).await.expect("current");
    let saved = my_profile::update(
        &db,
        &ana.user_id,
        &ProfileChange {
            display_name: "Ana from tab one".into(),
            language: Language::En,
        },
        loaded.profile_version,
    )
    .await
    .expect("first tab");
    let stale = my_profile::update(
        &db,
        &ana.user_id,
        &ProfileChange {
            display_name: "Ana from tab two".into(),
            language: Language::Fr,
        },
        loaded.profile_version,
    )
    .await;
    assert!(matches!(
        stale.err(),
        Some(AppError::EditedMeanwhile(Some(_)))
    ));
    let now = users::current(&db, &ana.user_id).await.expect("current");
    assert_eq!(
        (now.display_name.as_str(), now.language, now.profile_version),
        ("Ana from tab one", Language::En, saved)
    );
}

on_both_databases!(
    a_member_of_other_accounts_cannot_have_their_password_reset_here,
    an_account_admin_cannot_grant_admin_agent,
    a_caller_without_permission_is_refused_before_their_input_is_checked,
    an_added_user_signs_in_with_the_temporary_password_and_must_change_it,
    adding_an_existing_email_says_to_invite_and_changes_nothing,
    an_account_admin_cannot_grant_admin_roles,
    nobody_raises_their_own_privileges,
    the_last_global_admin_and_owner_stay,
    concurrent_demotions_never_leave_zero_global_admins,
    a_role_change_applies_on_the_very_next_request,
    removing_a_member_keeps_their_other_accounts,
    a_password_reset_ends_every_session_and_forces_a_change,
    another_accounts_users_are_not_found,
    the_member_list_searches_and_pages_in_a_few_queries,
    a_renamed_member_moves_in_the_member_list,
    every_user_management_function_follows_the_role_matrix,
    sessions_are_listed_and_ended_only_for_their_user,
    a_password_change_needs_the_current_one_and_ends_other_sessions,
    the_profile_saves_name_and_language_with_events,
    a_role_change_over_a_newer_one_is_refused_and_changes_nothing,
    my_profile_saved_over_a_newer_version_is_refused,
);
