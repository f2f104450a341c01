//! The page catalog: every page of an account (`/a/{partner_id}/…`), with
//! its settings area, its path, who may view and edit it, and when it opens.
//! The Settings menu, each area's section list, the checklist links, the
//! account picker's "keep the page", the page guards and the domain's access
//! gate (`domain::access`) all read it: a newcomer finds "who may open this
//! page?" here and nowhere else.

use serde::{Deserialize, Serialize};

use super::program::{Enrollment, EnrollmentStatus, Program, SettingsArea};
use super::role::Permission;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Page {
    /// The account home.
    Home,
    /// All programs, enrolled or not.
    Programs,
    /// One program: status and requirement checklist.
    Program(Program),
    /// Partner settings / Developer settings: the area's landing page.
    Area(SettingsArea),
    /// The programs of one area.
    AreaPrograms(SettingsArea),
    /// The agreements of one area (Partner settings also offers CPV's).
    Agreements(SettingsArea),
    /// The account's audit events (both areas list it; one log).
    ActivityLog(SettingsArea),
    /// Partner settings → Partner profile (the legal business profile).
    PartnerProfile,
    /// Partner settings → Billing profile.
    BillingProfile,
    /// Partner settings → Business profile (the public directory entry).
    BusinessProfile,
    /// Partner settings → Organization profile: name and address in the
    /// directory, the account's ids.
    OrganizationProfile,
    /// Partner settings → Support profile: how customers reach support.
    SupportProfile,
    /// Partner settings → Tax exemptions: requests and their certificates.
    TaxExemptions,
    /// Partner settings → Control Panel Vendor applications.
    CpvApplications,
    /// Partner settings → Locations: the headquarters and other sites.
    Locations,
    AddLocation,
    /// One location's page; its Location ID is a path parameter of its own.
    Location,
    /// Developer settings → Account settings.
    AccountSettings,
    /// Developer settings → Contact info.
    ContactInfo,
    /// Developer settings → Payout and tax profile.
    PayoutProfile,
    /// User management: the member list (both areas link to it).
    Users,
    AddUser,
    InviteUsers,
    /// One member's page; the member's id is a path parameter of its own.
    Member,
    /// The role → permission matrix.
    Roles,
    /// The offer catalog, with the account's pinned offers.
    Catalog,
    /// Pricing and offers: the monthly price lists.
    Pricing,
    /// The signed-in person's own profile (not the account's data).
    MyProfile,
    /// "Create another account".
    NewAccount,
}

/// When a page opens for an account, before any permission.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Opening {
    /// For every member.
    Always,
    /// SPEC §2: while the account has an active enrollment in the area
    /// (the Settings menu shows the area on the same rule).
    AreaActive(SettingsArea),
    /// As soon as the account has enrolled in a program of the area, pending
    /// or active: the pages an enrollment checklist links to must open while
    /// that enrollment is pending, or it could never become active.
    AreaEnrolling(SettingsArea),
}

impl Opening {
    pub fn holds(self, enrollments: &[Enrollment]) -> bool {
        match self {
            Opening::Always => true,
            Opening::AreaActive(area) => area.is_available(enrollments),
            Opening::AreaEnrolling(area) => enrollments
                .iter()
                .any(|e| e.program.area() == area && e.status != EnrollmentStatus::Rejected),
        }
    }

    /// Whether checking the rule needs the account's enrollments.
    pub fn needs_enrollments(self) -> bool {
        self != Opening::Always
    }
}

impl SettingsArea {
    /// SPEC §2: the Settings menu shows an area while the account has an
    /// active program in it.
    pub fn in_settings_menu(self, enrollments: &[Enrollment]) -> bool {
        Opening::AreaActive(self).holds(enrollments)
    }

    /// The areas the Settings menu shows, in menu order.
    pub fn in_menu(enrollments: &[Enrollment]) -> Vec<SettingsArea> {
        SettingsArea::ALL
            .into_iter()
            .filter(|a| a.in_settings_menu(enrollments))
            .collect()
    }

    /// The pages an area's section list shows, in order (User management,
    /// which both areas share, is added by permission).
    pub fn sections(self) -> &'static [Page] {
        match self {
            SettingsArea::Partner => &[
                Page::PartnerProfile,
                Page::OrganizationProfile,
                Page::BillingProfile,
                Page::BusinessProfile,
                Page::TaxExemptions,
                Page::SupportProfile,
                Page::Locations,
                Page::AreaPrograms(SettingsArea::Partner),
                Page::Agreements(SettingsArea::Partner),
                Page::CpvApplications,
                Page::ActivityLog(SettingsArea::Partner),
            ],
            SettingsArea::Developer => &[
                Page::AccountSettings,
                Page::ContactInfo,
                Page::PayoutProfile,
                Page::AreaPrograms(SettingsArea::Developer),
                Page::Agreements(SettingsArea::Developer),
                Page::ActivityLog(SettingsArea::Developer),
            ],
        }
    }
}

impl Page {
    /// Every page, for tests and for reading a path back.
    pub fn all() -> Vec<Page> {
        let mut pages = vec![Page::Home, Page::Programs];
        pages.extend(Program::ALL.map(Page::Program));
        for area in SettingsArea::ALL {
            pages.extend([
                Page::Area(area),
                Page::AreaPrograms(area),
                Page::Agreements(area),
                Page::ActivityLog(area),
            ]);
        }
        pages.extend([
            Page::PartnerProfile,
            Page::BillingProfile,
            Page::BusinessProfile,
            Page::OrganizationProfile,
            Page::SupportProfile,
            Page::TaxExemptions,
            Page::CpvApplications,
            Page::Locations,
            Page::AddLocation,
            Page::Location,
            Page::AccountSettings,
            Page::ContactInfo,
            Page::PayoutProfile,
            Page::Users,
            Page::AddUser,
            Page::InviteUsers,
            Page::Member,
            Page::Roles,
            Page::Catalog,
            Page::Pricing,
            Page::MyProfile,
            Page::NewAccount,
        ]);
        pages
    }

    /// The settings area the page belongs to, if any.
    pub fn area(self) -> Option<SettingsArea> {
        match self {
            Page::Area(a) | Page::AreaPrograms(a) | Page::Agreements(a) | Page::ActivityLog(a) => {
                Some(a)
            }
            Page::PartnerProfile
            | Page::BillingProfile
            | Page::BusinessProfile
            | Page::SupportProfile
            | Page::OrganizationProfile
            | Page::TaxExemptions
            | Page::CpvApplications
            | Page::Locations
            | Page::AddLocation
            | Page::Location => Some(SettingsArea::Partner),
            Page::AccountSettings | Page::ContactInfo | Page::PayoutProfile => {
                Some(SettingsArea::Developer)
            }
            _ => None,
        }
    }

    pub fn opening(self) -> Opening {
        match self {
            Page::Area(a) | Page::AreaPrograms(a) => Opening::AreaActive(a),
            Page::Agreements(a) => Opening::AreaEnrolling(a),
            page => match page.area() {
                Some(area) => Opening::AreaEnrolling(area),
                None => Opening::Always,
            },
        }
    }

    /// The permission needed to see the page; `None`: every member,
    /// Default users included (pages without the account's data).
    pub fn view_permission(self) -> Option<Permission> {
        match self {
            Page::Users | Page::AddUser | Page::InviteUsers | Page::Member => {
                Some(Permission::ManageUsers)
            }
            // A form to fill, nothing to read: for those who may add.
            Page::AddLocation => Some(Permission::ManageLocations),
            // SPEC §5: Global admin, Account admin, Owner, Manager.
            Page::ActivityLog(_) => Some(Permission::ViewActivityLog),
            // SPEC §5: enrolling as a Control Panel Vendor is the Global admin's.
            Page::CpvApplications => Some(Permission::EnrollCpv),
            // Certificates carry tax details: the billing roles only (SPEC §5).
            Page::TaxExemptions => Some(Permission::ManageBilling),
            // SPEC §5: a Default user sees only their own profile.
            Page::Programs | Page::Program(_) | Page::Catalog => Some(Permission::ViewAccount),
            // SPEC §5: view pricing and offers.
            Page::Pricing => Some(Permission::ViewPricing),
            page if page.area().is_some() => Some(Permission::ViewAccount),
            Page::Home | Page::Roles | Page::MyProfile | Page::NewAccount => None,
            _ => None,
        }
    }

    /// The permission needed to change what the page shows; `None`: the page
    /// changes nothing of the account (or, for My profile, only the person's
    /// own data). Agreements: see `Agreement::permission` (CPV is the Global
    /// admin's alone).
    pub fn edit_permission(self) -> Option<Permission> {
        match self {
            Page::Programs | Page::Program(_) | Page::AreaPrograms(_) | Page::Agreements(_) => {
                Some(Permission::ManagePrograms)
            }
            Page::PartnerProfile | Page::OrganizationProfile | Page::ContactInfo => {
                Some(Permission::EditLegalProfile)
            }
            Page::CpvApplications => Some(Permission::EnrollCpv),
            Page::Catalog => Some(Permission::CustomizeCatalog),
            // SPEC §5: the billing roles; Owner and Finance contributor.
            Page::BillingProfile | Page::PayoutProfile | Page::TaxExemptions => {
                Some(Permission::ManageBilling)
            }
            // What the directory shows: the business profile's roles.
            Page::BusinessProfile | Page::SupportProfile => Some(Permission::ManageBusinessProfile),
            Page::Locations | Page::AddLocation | Page::Location => {
                Some(Permission::ManageLocations)
            }
            Page::Users | Page::AddUser | Page::InviteUsers | Page::Member => {
                Some(Permission::ManageUsers)
            }
            Page::Home
            | Page::Area(_)
            | Page::ActivityLog(_)
            | Page::Pricing
            | Page::AccountSettings
            | Page::Roles
            | Page::MyProfile
            | Page::NewAccount => None,
        }
    }

    /// Whether the member's roles let them see the page.
    pub fn visible_to(self, account: &super::account::AccountView) -> bool {
        self.view_permission().is_none_or(|p| account.can(p))
    }

    /// Whether the page opens for an account with these enrollments.
    pub fn opens(self, enrollments: &[Enrollment]) -> bool {
        self.opening().holds(enrollments)
    }

    /// The path inside the account, without the leading `/a/{partner_id}/`.
    /// The one place page paths are written (the router's table in `app.rs`
    /// spells the same paths as patterns; a test checks they agree).
    pub fn path(self) -> String {
        self.path_parts().concat()
    }

    /// The path in three pieces (before the program's or area's code, the
    /// code, after it), so that reading a path back compares without
    /// building every page's path: the account picker reads it back for
    /// each account on every page (callgrind: a third of a bare page's
    /// whole request went to it).
    fn path_parts(self) -> [&'static str; 3] {
        let fixed = |path| [path, "", ""];
        match self {
            Page::Home => fixed(""),
            Page::Programs => fixed("programs"),
            Page::Program(p) => ["programs/", p.code(), ""],
            Page::Area(a) => ["settings/", a.code(), ""],
            Page::AreaPrograms(a) => ["settings/", a.code(), "/programs"],
            Page::Agreements(a) => ["settings/", a.code(), "/agreements"],
            Page::ActivityLog(a) => ["settings/", a.code(), "/activity"],
            Page::PartnerProfile => fixed("settings/partner/profile"),
            Page::BillingProfile => fixed("settings/partner/billing"),
            Page::BusinessProfile => fixed("settings/partner/business"),
            Page::SupportProfile => fixed("settings/partner/support"),
            Page::OrganizationProfile => fixed("settings/partner/organization"),
            Page::TaxExemptions => fixed("settings/partner/tax-exemptions"),
            Page::CpvApplications => fixed("settings/partner/cpv-applications"),
            Page::Locations => fixed("settings/partner/locations"),
            Page::AddLocation => fixed("settings/partner/locations/add"),
            Page::Location => fixed("settings/partner/locations/:location_id"),
            Page::AccountSettings => fixed("settings/developer/account"),
            Page::ContactInfo => fixed("settings/developer/contact"),
            Page::PayoutProfile => fixed("settings/developer/payout"),
            Page::Users => fixed("users"),
            Page::AddUser => fixed("users/add"),
            Page::InviteUsers => fixed("users/invite"),
            Page::Member => fixed("users/:user_id"),
            Page::Roles => fixed("roles"),
            Page::Catalog => fixed("catalog"),
            Page::Pricing => fixed("pricing"),
            Page::MyProfile => fixed("profile"),
            Page::NewAccount => fixed("new-account"),
        }
    }

    /// Whether `rest` is this page's path (no allocation).
    fn has_path(self, rest: &str) -> bool {
        let [before, code, after] = self.path_parts();
        rest.strip_prefix(before)
            .and_then(|r| r.strip_prefix(code))
            .is_some_and(|r| r == after)
    }

    /// The page's address in an account.
    pub fn href(self, partner_id: i64) -> String {
        account_href(partner_id, &self.path_parts())
    }

    /// One member's page in an account.
    pub fn member_href(partner_id: i64, user_id: &str) -> String {
        account_href(partner_id, &["users/", user_id])
    }

    /// One location's page in an account.
    pub fn location_href(partner_id: i64, location_id: &str) -> String {
        account_href(partner_id, &["settings/partner/locations/", location_id])
    }

    /// Reads a path inside an account (`settings/partner/profile`) back.
    pub fn from_path(rest: &str) -> Option<Page> {
        let rest = rest.trim_matches('/');
        let one =
            |id: &str, named: &[&str]| !id.is_empty() && !id.contains('/') && !named.contains(&id);
        if let Some(id) = rest.strip_prefix("users/") {
            if one(id, &["add", "invite"]) {
                return Some(Page::Member);
            }
        }
        if let Some(id) = rest.strip_prefix("settings/partner/locations/") {
            if one(id, &["add"]) {
                return Some(Page::Location);
            }
        }
        Page::all().into_iter().find(|p| p.has_path(rest))
    }

    /// Where switching to another account leads from this page: the same
    /// page when it opens there, else that account's home. A member's page
    /// becomes the member list (the person may not belong to the other
    /// account), a location's page the location list.
    pub fn on_switch(self, target_enrollments: &[Enrollment]) -> Page {
        let page = match self {
            Page::Member => Page::Users,
            Page::Location => Page::Locations,
            page => page,
        };
        if page.opens(target_enrollments) {
            page
        } else {
            Page::Home
        }
    }
}

/// `/a/{partner_id}` or `/a/{partner_id}/{rest}`, `rest` given in pieces.
fn account_href(partner_id: i64, rest: &[&str]) -> String {
    // Pushed, not `format!`: every page's links are made here (53 on the
    // Partner profile), where `format!` was 1.8 % of that page's server
    // instructions (callgrind, scripts/bench-instructions.sh).
    let mut href = String::with_capacity(48);
    href.push_str("/a/");
    href.push_str(&partner_id.to_string());
    if rest.iter().any(|piece| !piece.is_empty()) {
        href.push('/');
        href.extend(rest.iter().copied());
    }
    href
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enrolled(program: Program, status: EnrollmentStatus) -> Enrollment {
        Enrollment { program, status }
    }

    #[test]
    fn the_settings_menu_shows_an_area_only_with_an_active_program_in_it() {
        let pending = [enrolled(Program::Mpn, EnrollmentStatus::Pending)];
        let active = [enrolled(Program::Mpn, EnrollmentStatus::Active)];
        assert!(!SettingsArea::Partner.in_settings_menu(&[]));
        assert!(!SettingsArea::Partner.in_settings_menu(&pending));
        assert!(SettingsArea::Partner.in_settings_menu(&active));
        assert!(!SettingsArea::Developer.in_settings_menu(&active));
    }

    #[test]
    fn an_area_landing_page_opens_only_while_a_program_of_the_area_is_active() {
        let pending = [enrolled(Program::OfficeStore, EnrollmentStatus::Pending)];
        let active = [enrolled(Program::OfficeStore, EnrollmentStatus::Active)];
        for page in [
            Page::Area(SettingsArea::Developer),
            Page::AreaPrograms(SettingsArea::Developer),
        ] {
            assert!(!page.opens(&[]), "{page:?}");
            assert!(!page.opens(&pending), "{page:?}");
            assert!(page.opens(&active), "{page:?}");
        }
    }

    #[test]
    fn the_pages_a_checklist_links_to_open_while_the_enrollment_is_pending() {
        let pending = [enrolled(Program::Mpn, EnrollmentStatus::Pending)];
        let rejected = [enrolled(Program::Mpn, EnrollmentStatus::Rejected)];
        for page in [
            Page::PartnerProfile,
            Page::BillingProfile,
            Page::BusinessProfile,
            Page::Agreements(SettingsArea::Partner),
        ] {
            assert!(page.opens(&pending), "{page:?}");
            assert!(!page.opens(&rejected), "{page:?}");
            assert!(!page.opens(&[]), "{page:?}");
        }
        let developer = [enrolled(Program::WindowsXbox, EnrollmentStatus::Pending)];
        assert!(Page::ContactInfo.opens(&developer));
        assert!(Page::AccountSettings.opens(&developer));
        assert!(!Page::ContactInfo.opens(&pending));
    }

    #[test]
    fn pages_outside_the_settings_areas_always_open() {
        for page in [
            Page::Home,
            Page::Programs,
            Page::Program(Program::Csp),
            Page::Users,
            Page::Member,
            Page::Roles,
            Page::MyProfile,
            Page::NewAccount,
        ] {
            assert_eq!(page.opening(), Opening::Always, "{page:?}");
            assert!(page.opens(&[]));
        }
    }

    #[test]
    fn user_management_needs_the_permission_to_manage_users_even_to_look() {
        for page in [Page::Users, Page::AddUser, Page::InviteUsers, Page::Member] {
            assert_eq!(page.view_permission(), Some(Permission::ManageUsers));
        }
        assert_eq!(
            Page::PartnerProfile.view_permission(),
            Some(Permission::ViewAccount)
        );
        for page in [Page::Home, Page::Roles, Page::MyProfile, Page::NewAccount] {
            assert_eq!(page.view_permission(), None, "{page:?}");
        }
        for page in Page::all() {
            if page.area().is_some() || matches!(page, Page::Programs | Page::Program(_)) {
                assert!(page.view_permission().is_some(), "{page:?}");
            }
        }
        assert_eq!(
            Page::PartnerProfile.edit_permission(),
            Some(Permission::EditLegalProfile)
        );
        assert_eq!(
            Page::BillingProfile.edit_permission(),
            Some(Permission::ManageBilling)
        );
    }

    #[test]
    fn every_path_reads_back_to_its_page() {
        for page in Page::all() {
            if !matches!(page, Page::Member | Page::Location) {
                assert_eq!(Page::from_path(&page.path()), Some(page), "{page:?}");
            }
        }
        assert_eq!(Page::from_path("users/abc123"), Some(Page::Member));
        assert_eq!(Page::from_path("users/add"), Some(Page::AddUser));
        assert_eq!(Page::from_path("settings/nope"), None);
        assert_eq!(Page::from_path("users/a/b"), None);
        // A path that only starts or ends like a page's is not that page.
        assert_eq!(Page::from_path("programs/mpnx"), None);
        assert_eq!(Page::from_path("settings/partner/programsx"), None);
        assert_eq!(Page::from_path("xprograms"), None);
        for page in Page::all() {
            let path = page.path();
            let expected = if path.is_empty() {
                "/a/7".to_string()
            } else {
                format!("/a/7/{path}")
            };
            assert_eq!(page.href(7), expected, "{page:?}");
        }
        assert_eq!(
            Page::from_path("settings/partner/locations/LOC-7KQ2M9XD"),
            Some(Page::Location)
        );
        assert_eq!(
            Page::from_path("settings/partner/locations/add"),
            Some(Page::AddLocation)
        );
    }

    #[test]
    fn sections_belong_to_their_area() {
        for area in SettingsArea::ALL {
            for page in area.sections() {
                assert_eq!(page.area(), Some(area), "{page:?}");
            }
        }
    }

    #[test]
    fn switching_keeps_the_page_only_where_it_opens() {
        let partner = [enrolled(Program::Mpn, EnrollmentStatus::Active)];
        let developer = [enrolled(Program::OfficeStore, EnrollmentStatus::Active)];
        let page = Page::AreaPrograms(SettingsArea::Developer);
        assert_eq!(page.on_switch(&developer), page);
        assert_eq!(page.on_switch(&partner), Page::Home);
        assert_eq!(
            Page::Area(SettingsArea::Partner).on_switch(&partner),
            Page::Area(SettingsArea::Partner)
        );
        assert_eq!(Page::Member.on_switch(&[]), Page::Users);
        assert_eq!(Page::Roles.on_switch(&[]), Page::Roles);
    }

    #[test]
    fn hrefs_are_inside_the_account() {
        assert_eq!(Page::Home.href(7), "/a/7");
        assert_eq!(
            Page::BillingProfile.href(7),
            "/a/7/settings/partner/billing"
        );
        assert_eq!(Page::member_href(7, "u1"), "/a/7/users/u1");
    }
}
