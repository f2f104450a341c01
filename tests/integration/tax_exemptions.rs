//! Partner settings → Tax exemptions on SQLite and PostgreSQL: requests
//! with a certificate checked by content, for the billing roles; statuses
//! submitted → approved / rejected (by an operator, with a reason) and
//! withdraw while submitted; another account's ids answer NotFound.

use crate::common::{count, events, member, sign_up};
use partner_portal::db::Db;
use partner_portal::domain::{programs, tax_exemptions};
use partner_portal::model::operator::Decision;
use partner_portal::model::tax_exemption::{ExemptionStatus, TaxExemptionForm};
use partner_portal::model::validation::Problem;
use partner_portal::model::{AppError, Conflict, Program, Role};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

fn form(number: &str) -> TaxExemptionForm {
    TaxExemptionForm {
        country: "FR".into(),
        exemption_type: "resale".into(),
        certificate_number: number.into(),
        valid_from: "2026-01-01".into(),
        valid_until: "2027-12-31".into(),
    }
}

async fn partner(db: &Db, email: &str) -> (String, i64) {
    let owner = sign_up(db, email).await;
    programs::enroll(db, &owner.user_id, owner.partner_id, Program::Mpn)
        .await
        .expect("enroll");
    (owner.user_id, owner.partner_id)
}

async fn a_request_goes_from_submitted_to_approved(db: Db) {
    let (me, pid) = partner(&db, "owner@contoso.example").await;
    let id = tax_exemptions::submit(
        &db,
        &me,
        pid,
        &form("FR-2026/0042"),
        "C:\\scans\\resale.pdf",
        PDF,
    )
    .await
    .expect("submit");
    let page = tax_exemptions::page(&db, &me, pid).await.expect("list");
    assert_eq!(page.exemptions.len(), 1);
    let listed = &page.exemptions[0];
    assert_eq!(
        (
            listed.id.as_str(),
            listed.status,
            listed.file_name.as_str(),
            listed.file_size
        ),
        (
            id.as_str(),
            ExemptionStatus::Submitted,
            "resale.pdf",
            PDF.len() as i64
        )
    );
    assert_eq!(events(&db, "tax_exemption.submitted").await, 1);
    let (name, media_type, bytes) = tax_exemptions::certificate(&db, &me, pid, &id)
        .await
        .expect("download");
    assert_eq!(
        (name.as_str(), media_type.as_str(), bytes.as_slice()),
        ("resale.pdf", "application/pdf", PDF)
    );

    let op = crate::common::operator(&db).await;
    let queue = tax_exemptions::queue(&db, &op, "").await.expect("queue");
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].partner_id, pid);
    assert!(matches!(
        tax_exemptions::decide(&db, &op, &id, Decision::Reject, "").await,
        Err(AppError::Invalid(e)) if e[0].field == "reason"
    ));
    tax_exemptions::decide(&db, &op, &id, Decision::Approve, "")
        .await
        .expect("approve");
    let page = tax_exemptions::page(&db, &me, pid).await.expect("list");
    assert_eq!(page.exemptions[0].status, ExemptionStatus::Approved);
    assert_eq!(events(&db, "tax_exemption.approved").await, 1);
    assert!(tax_exemptions::queue(&db, &op, "")
        .await
        .expect("queue")
        .is_empty());
    // Decided: neither withdrawn nor decided again.
    assert_eq!(
        tax_exemptions::withdraw(&db, &me, pid, &id).await,
        Err(AppError::Conflict(Conflict::AlreadyDecided))
    );
    assert_eq!(
        tax_exemptions::decide(&db, &op, &id, Decision::Reject, "no").await,
        Err(AppError::Conflict(Conflict::AlreadyDecided))
    );
}

on_both_databases!(a_request_goes_from_submitted_to_approved);

async fn a_rejection_shows_its_reason_and_a_submitted_request_can_be_withdrawn(db: Db) {
    let (me, pid) = partner(&db, "owner@contoso.example").await;
    let op = crate::common::operator(&db).await;
    let first = tax_exemptions::submit(&db, &me, pid, &form("A-1"), "a.pdf", PDF)
        .await
        .expect("submit");
    let second = tax_exemptions::submit(&db, &me, pid, &form("B-2"), "b.pdf", PDF)
        .await
        .expect("submit");
    tax_exemptions::decide(
        &db,
        &op,
        &first,
        Decision::Reject,
        "The certificate has expired.",
    )
    .await
    .expect("reject");
    tax_exemptions::withdraw(&db, &me, pid, &second)
        .await
        .expect("withdraw");
    let page = tax_exemptions::page(&db, &me, pid).await.expect("list");
    assert_eq!(page.exemptions.len(), 1, "the withdrawn one is gone");
    assert_eq!(page.exemptions[0].status, ExemptionStatus::Rejected);
    assert_eq!(
        page.exemptions[0].reason.as_deref(),
        Some("The certificate has expired.")
    );
    assert_eq!(events(&db, "tax_exemption.withdrawn").await, 1);
    assert_eq!(events(&db, "tax_exemption.rejected").await, 1);
}

on_both_databases!(a_rejection_shows_its_reason_and_a_submitted_request_can_be_withdrawn);

async fn bad_requests_change_nothing_and_name_their_fields(db: Db) {
    let (me, pid) = partner(&db, "owner@contoso.example").await;
    let mut bad = form("FR-1");
    bad.valid_until = "2025-06-30".into();
    let err = tax_exemptions::submit(&db, &me, pid, &bad, "cert.pdf", b"just text, named .pdf")
        .await
        .expect_err("refused");
    let fields: Vec<_> = err
        .field_errors()
        .iter()
        .map(|e| (e.field.as_str(), e.problem))
        .collect();
    assert_eq!(
        fields,
        [
            ("valid_until", Problem::NotAfterStart),
            ("certificate", Problem::CertificateFormat)
        ]
    );
    let too_big = {
        let mut bytes = PDF.to_vec();
        bytes.resize(4 * 1024 * 1024 + 1, b' ');
        bytes
    };
    let err = tax_exemptions::submit(&db, &me, pid, &form("FR-1"), "big.pdf", &too_big)
        .await
        .expect_err("too big");
    assert_eq!(
        err.field_errors()[0].problem,
        Problem::FileTooLarge { max_kb: 4096 }
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM tax_exemptions WHERE certificate_number = $1",
            "FR-1"
        )
        .await,
        0
    );
    assert_eq!(events(&db, "tax_exemption.submitted").await, 0);
}

on_both_databases!(bad_requests_change_nothing_and_name_their_fields);

async fn only_the_billing_roles_of_the_account_see_them(db: Db) {
    let (me, pid) = partner(&db, "owner@contoso.example").await;
    let id = tax_exemptions::submit(&db, &me, pid, &form("FR-9"), "c.pdf", PDF)
        .await
        .expect("submit");
    let billing = member(&db, pid, "billing@contoso.example", &[Role::BillingAdmin]).await;
    tax_exemptions::page(&db, &billing, pid)
        .await
        .expect("a Billing admin may");
    for role in [Role::SalesAgent, Role::DefaultUser] {
        let who = member(
            &db,
            pid,
            &format!("{}@contoso.example", role.code()),
            &[role],
        )
        .await;
        assert_eq!(
            tax_exemptions::page(&db, &who, pid).await.err(),
            Some(AppError::Forbidden),
            "{role:?}"
        );
        assert_eq!(
            tax_exemptions::certificate(&db, &who, pid, &id).await.err(),
            Some(AppError::Forbidden),
            "{role:?}"
        );
        assert_eq!(
            tax_exemptions::submit(&db, &who, pid, &form("X-1"), "x.pdf", PDF)
                .await
                .err(),
            Some(AppError::Forbidden),
            "{role:?}"
        );
    }
    // Another account's request answers exactly like one that doesn't exist.
    let (other, other_pid) = partner(&db, "owner@fabrikam.example").await;
    for exemption in [id.as_str(), "no-such-request"] {
        assert_eq!(
            tax_exemptions::certificate(&db, &other, other_pid, exemption)
                .await
                .err(),
            Some(AppError::NotFound)
        );
        assert_eq!(
            tax_exemptions::withdraw(&db, &other, other_pid, exemption).await,
            Err(AppError::NotFound)
        );
    }
    assert_eq!(
        tax_exemptions::page(&db, &other, pid).await.err(),
        Some(AppError::NotFound),
        "not a member"
    );
}

on_both_databases!(only_the_billing_roles_of_the_account_see_them);

async fn two_reviewers_deciding_at_once_make_one_decision(db: Db) {
    let (me, pid) = partner(&db, "owner@contoso.example").await;
    let id = tax_exemptions::submit(&db, &me, pid, &form("FR-7"), "c.pdf", PDF)
        .await
        .expect("submit");
    let op = crate::common::operator(&db).await;
    let (a, b) = tokio::join!(
        tax_exemptions::decide(&db, &op, &id, Decision::Approve, ""),
        tax_exemptions::decide(&db, &op, &id, Decision::Reject, "No."),
    );
    let outcomes = [a, b];
    assert_eq!(
        outcomes.iter().filter(|r| r.is_ok()).count(),
        1,
        "{outcomes:?}"
    );
    assert!(
        outcomes.contains(&Err(AppError::Conflict(Conflict::AlreadyDecided))),
        "{outcomes:?}"
    );
    assert_eq!(
        events(&db, "tax_exemption.approved").await + events(&db, "tax_exemption.rejected").await,
        1
    );
}

on_both_databases!(two_reviewers_deciding_at_once_make_one_decision);
