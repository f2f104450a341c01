//! Demo data for a first look at the product: created through the same domain
//! functions as real use (so activity events exist too), only on an empty database.

use super::{
    accounts, agreements, business, contact_info, enrollment, locations, members, my_profile,
    operators, partner_profile, programs, tax_exemptions,
};
use crate::db::Db;
use crate::model::account::{NewAccount, SignUp};
use crate::model::business::BusinessProfile;
use crate::model::contact_info::ContactInfo;
use crate::model::location::LocationForm;
use crate::model::member::NewUser;
use crate::model::partner_profile::LegalProfile;
use crate::model::tax_exemption::TaxExemptionForm;
use crate::model::{AccountType, Agreement, AppError, Language, Program, Role};

pub const PASSWORD: &str = "Demo-Password-1";

/// A demo sign-in and what it shows.
pub struct DemoUser {
    pub email: &'static str,
    pub shows: &'static str,
}

pub const USERS: [DemoUser; 5] = [
    DemoUser {
        email: "ana@contoso.example",
        shows: "three accounts: Partner programs only, Developer programs only, both (with an agreement to re-accept)",
    },
    DemoUser {
        email: "ben@tailspin.example",
        shows: "one account, enrolled in no program",
    },
    DemoUser {
        email: "sam@contoso.example",
        shows: "a Sales agent at Contoso Partners: no user management",
    },
    DemoUser {
        email: "lee@wingtip.example",
        shows: "one account in the Commercial Marketplace, with an agreement to re-accept",
    },
    DemoUser {
        email: OPERATOR,
        shows: "an operator of the vendor: the console at /operator (verification and tax-exemption queues, accounts)",
    },
];

/// The demo's operator (SPEC §10): nobody's member.
pub const OPERATOR: &str = "olivia@vendor.example";

/// Creates the demo users and accounts unless the database already has users.
/// Returns whether it did.
pub async fn seed_if_empty(db: &Db) -> Result<bool, AppError> {
    let (users,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users")
        .fetch_one(db)
        .await?;
    if users > 0 {
        return Ok(false);
    }
    let company = |legal_name: &str, country: &str| NewAccount {
        legal_name: legal_name.into(),
        country: country.into(),
        account_type: AccountType::Company,
    };
    let ana = accounts::sign_up(
        db,
        &SignUp {
            email: USERS[0].email.into(),
            password: PASSWORD.into(),
            display_name: "Ana Martin".into(),
            account: company("Contoso Partners", "FR"),
        },
        Language::En,
    )
    .await?;
    // Contoso: MPN active (profile, confirmed email, agreement); Referrals
    // pending, waiting for a published business profile.
    let ana_id = &ana.user_id;
    active_mpn(
        db,
        ana_id,
        ana.partner_id,
        "Contoso Partners",
        "FR",
        USERS[0].email,
    )
    .await?;
    programs::enroll(db, ana_id, ana.partner_id, Program::Referrals).await?;
    let sites = demo_locations(db, ana_id, ana.partner_id).await?;
    // A draft business profile: publishing it completes Referrals.
    let codes = |list: &[&str]| list.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    let contoso_profile = BusinessProfile {
        description: "Contoso Partners helps hospitals and clinics in France move to the cloud \
                      securely: assessments, migrations and training for medical staff."
            .into(),
        website: "https://contoso.example".into(),
        linkedin: "https://www.linkedin.com/company/contoso-partners".into(),
        industries: codes(&["healthcare"]),
        products: codes(&["cloud_infrastructure", "security"]),
        services: codes(&["consulting", "migration", "training"]),
        customer_sizes: codes(&["medium", "large"]),
        published: false,
        locations: sites,
        logo_at: None,
    };
    let version = business::business_profile(db, ana_id, ana.partner_id)
        .await?
        .version;
    business::save_business_profile(db, ana_id, ana.partner_id, &contoso_profile, version).await?;
    let fabrikam = accounts::create_account(db, ana_id, &company("Fabrikam Apps", "US")).await?;
    for program in [Program::OfficeStore, Program::EdgeExtensions] {
        programs::enroll(db, ana_id, fabrikam, program).await?;
    }
    let info = |name: &str| ContactInfo {
        publisher_display_name: name.into(),
        contact_name: "Ana Martin".into(),
        contact_email: USERS[0].email.into(),
        contact_phone: String::new(),
    };
    let version = contact_info::contact_info(db, ana_id, fabrikam)
        .await?
        .version;
    contact_info::save_contact_info(db, ana_id, fabrikam, &info("Fabrikam Apps"), version).await?;
    agreements::accept(db, ana_id, fabrikam, Agreement::AppDeveloper, 1).await?;
    let northwind =
        accounts::create_account(db, ana_id, &company("Northwind Traders", "GB")).await?;
    active_mpn(
        db,
        ana_id,
        northwind,
        "Northwind Traders",
        "GB",
        "ana@northwind.example",
    )
    .await?;
    marketplace_since_2025(db, ana_id, northwind).await?;
    let version = contact_info::contact_info(db, ana_id, northwind)
        .await?
        .version;
    contact_info::save_contact_info(db, ana_id, northwind, &info("Northwind Traders"), version)
        .await?;
    // Northwind is listed in the partner directory, which completes Referrals.
    programs::enroll(db, ana_id, northwind, Program::Referrals).await?;
    let northwind_profile = BusinessProfile {
        description: "Northwind Traders builds point-of-sale and stock systems for independent \
                      shops, cafés and restaurants across the United Kingdom, and runs them for \
                      their owners."
            .into(),
        website: "https://northwind.example".into(),
        linkedin: "https://www.linkedin.com/company/northwind-traders".into(),
        industries: codes(&["hospitality", "retail"]),
        products: codes(&["business_applications", "data_ai"]),
        services: codes(&["implementation", "managed_services", "support"]),
        customer_sizes: codes(&["small", "medium"]),
        published: true,
        locations: Vec::new(),
        logo_at: None,
    };
    let version = business::business_profile(db, ana_id, northwind)
        .await?
        .version;
    business::save_business_profile(db, ana_id, northwind, &northwind_profile, version).await?;
    // Colleagues at Contoso, added as an admin would (then given the demo
    // password, as they would at first sign-in).
    for (name, email, roles) in [
        ("Sam Lee", USERS[2].email, vec![Role::SalesAgent]),
        (
            "Chloé Bernard",
            "chloe@contoso.example",
            vec![Role::BillingAdmin],
        ),
        (
            "David Kim",
            "david@contoso.example",
            vec![Role::Developer, Role::Marketer],
        ),
    ] {
        let input = NewUser {
            display_name: name.into(),
            email: email.into(),
            roles,
        };
        let temp = members::add_user(db, &ana.user_id, ana.partner_id, &input).await?;
        let user = super::users::authenticate(db, email, &temp.password, None).await?;
        my_profile::change_password(db, &user.id, &temp.password, PASSWORD, None).await?;
    }
    accounts::sign_up(
        db,
        &SignUp {
            email: USERS[1].email.into(),
            password: PASSWORD.into(),
            display_name: "Ben Dupont".into(),
            account: company("Tailspin Toys", "FR"),
        },
        Language::En,
    )
    .await?;
    // Lee's Wingtip Toys is in Northwind's situation (a Publisher agreement
    // to re-accept) without Ana's other accounts.
    let lee = accounts::sign_up(
        db,
        &SignUp {
            email: USERS[3].email.into(),
            password: PASSWORD.into(),
            display_name: "Lee Chen".into(),
            account: company("Wingtip Toys", "GB"),
        },
        Language::En,
    )
    .await?;
    marketplace_since_2025(db, &lee.user_id, lee.partner_id).await?;
    let wingtip = ContactInfo {
        publisher_display_name: "Wingtip Toys".into(),
        contact_name: "Lee Chen".into(),
        contact_email: USERS[3].email.into(),
        contact_phone: String::new(),
    };
    let version = contact_info::contact_info(db, &lee.user_id, lee.partner_id)
        .await?
        .version;
    contact_info::save_contact_info(db, &lee.user_id, lee.partner_id, &wingtip, version).await?;
    // The vendor's side: an operator, and requests in each queue (the
    // profiles saved above wait for verification).
    operators::create(db, OPERATOR, "Olivia Operator", PASSWORD, false).await?;
    let exemption = |country: &str, kind: &str, number: &str| TaxExemptionForm {
        country: country.into(),
        exemption_type: kind.into(),
        certificate_number: number.into(),
        valid_from: "2026-01-01".into(),
        valid_until: "2027-12-31".into(),
    };
    tax_exemptions::submit(
        db,
        ana_id,
        ana.partner_id,
        &exemption("FR", "resale", "FR-RES-2026-0042"),
        "contoso-resale-certificate.pdf",
        DEMO_CERTIFICATE,
    )
    .await?;
    tax_exemptions::submit(
        db,
        ana_id,
        northwind,
        &exemption("GB", "education", "GB-EDU-7781"),
        "northwind-education.pdf",
        DEMO_CERTIFICATE,
    )
    .await?;
    Ok(true)
}

/// A one-page PDF, the demo's certificates.
const DEMO_CERTIFICATE: &[u8] = b"%PDF-1.4
1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj
2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj
3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R /Resources <</Font <</F1 5 0 R>>>>>> endobj
4 0 obj <</Length 60>> stream
BT /F1 18 Tf 24 72 Td (Tax exemption certificate) Tj ET
endstream endobj
5 0 obj <</Type /Font /Subtype /Type1 /BaseFont /Helvetica>> endobj
trailer <</Root 1 0 R>>
%%EOF
";

/// Contoso's headquarters (at its legal address, so verification stays as
/// it is) and two other sites, one abroad.
/// Returns their Location IDs.
async fn demo_locations(db: &Db, user_id: &str, partner_id: i64) -> Result<Vec<String>, AppError> {
    let site = |name: &str, line1: &str, city: &str, region: &str, postal: &str, country: &str| {
        LocationForm {
            name: name.into(),
            address_line1: line1.into(),
            address_line2: String::new(),
            city: city.into(),
            region: region.into(),
            postal_code: postal.into(),
            country: country.into(),
            contact_name: "Ana Martin".into(),
            contact_email: USERS[0].email.into(),
            contact_phone: "+33 1 23 45 67 89".into(),
        }
    };
    let mut ids = Vec::new();
    for location in [
        site(
            "Paris headquarters",
            "1 Demo Street",
            "Paris",
            "",
            "75002",
            "FR",
        ),
        site(
            "Lyon office",
            "10 quai Saint-Antoine",
            "Lyon",
            "",
            "69002",
            "FR",
        ),
        site(
            "Montréal office",
            "1250 boulevard René-Lévesque",
            "Montréal",
            "QC",
            "H3B 4W8",
            "CA",
        ),
    ] {
        ids.push(locations::add(db, user_id, partner_id, &location).await?);
    }
    Ok(ids)
}

/// The account joined the Commercial Marketplace in March 2025 and accepted
/// the Publisher agreement then, before its version 2: the "Action needed"
/// banner shows. Recorded as history: today's rules would keep a new
/// enrollment pending until version 2 is accepted.
async fn marketplace_since_2025(db: &Db, user_id: &str, partner_id: i64) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO agreement_acceptances (account_id, agreement, version, accepted_by, accepted_at)
         SELECT id, $3, 1, $1, 1740787200 FROM accounts WHERE partner_id = $2",
    )
    .bind(user_id)
    .bind(partner_id)
    .bind(Agreement::Publisher.code())
    .execute(db)
    .await?;
    sqlx::query(
        "INSERT INTO enrollments (account_id, program, status, updated_at, version)
         SELECT id, $2, $3, 1740787200, 1 FROM accounts
         WHERE partner_id = $1",
    )
    .bind(partner_id)
    .bind(Program::CommercialMarketplace.code())
    .bind(crate::model::EnrollmentStatus::Active.code())
    .execute(db)
    .await?;
    Ok(())
}

/// Enrolls in MPN and meets its requirements as Ana would: the legal profile,
/// the confirmation link from the email (read from the outbox), the agreement.
async fn active_mpn(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    legal_name: &str,
    country: &str,
    contact_email: &str,
) -> Result<(), AppError> {
    programs::enroll(db, user_id, partner_id, Program::Mpn).await?;
    let profile = LegalProfile {
        legal_name: legal_name.into(),
        address_line1: "1 Demo Street".into(),
        address_line2: String::new(),
        city: if country == "GB" { "London" } else { "Paris" }.into(),
        region: String::new(),
        postal_code: if country == "GB" { "EC1A 1BB" } else { "75002" }.into(),
        country: country.into(),
        contact_first_name: "Ana".into(),
        contact_last_name: "Martin".into(),
        contact_email: contact_email.into(),
        contact_phone: String::new(),
    };
    let version = partner_profile::legal_profile(db, user_id, partner_id)
        .await?
        .version;
    partner_profile::save_legal_profile(db, user_id, partner_id, &profile, version, "").await?;
    let (body,): (String,) = sqlx::query_as(
        "SELECT body FROM outbox WHERE recipient = $1 ORDER BY created_at DESC LIMIT 1",
    )
    .bind(contact_email)
    .fetch_one(db)
    .await?;
    let token = body
        .split(&enrollment::link_path(""))
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .ok_or(AppError::Internal)?;
    enrollment::verify_email(db, token).await?;
    agreements::accept(db, user_id, partner_id, Agreement::Mpn, 1).await
}
