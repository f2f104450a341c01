//! The agreements programs require (SPEC §4). Versions and texts live in the
//! database (`agreement_versions`): publishing a new version is a row, and
//! accounts that accepted an older one then see "Action needed".

use serde::{Deserialize, Serialize};

use super::program::Program;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Agreement {
    /// Partner Network (MPN) agreement.
    Mpn,
    /// Reseller agreement, for CSP.
    Reseller,
    /// Publisher agreement, for the Commercial Marketplace.
    Publisher,
    /// App developer agreement, for Office Store and Edge extensions.
    AppDeveloper,
    /// Control Panel Vendor agreement: no program; a Global admin accepts it
    /// to register multi-tenant applications (SPEC §7).
    Cpv,
}

impl Agreement {
    pub const ALL: [Agreement; 5] = [
        Agreement::Mpn,
        Agreement::Reseller,
        Agreement::Publisher,
        Agreement::AppDeveloper,
        Agreement::Cpv,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Agreement::Mpn => "mpn",
            Agreement::Reseller => "reseller",
            Agreement::Publisher => "publisher",
            Agreement::AppDeveloper => "app-developer",
            Agreement::Cpv => "cpv",
        }
    }

    pub fn from_code(code: &str) -> Option<Agreement> {
        Agreement::ALL.into_iter().find(|a| a.code() == code)
    }

    /// The settings area whose Agreements page lists it (its programs' area).
    pub fn area(self) -> super::program::SettingsArea {
        self.programs()
            .next()
            .map_or(super::program::SettingsArea::Partner, Program::area)
    }

    /// Who may accept it: program agreements go with enrolling; the CPV
    /// agreement is the Global admin's alone.
    pub fn permission(self) -> super::role::Permission {
        match self {
            Agreement::Cpv => super::role::Permission::EnrollCpv,
            _ => super::role::Permission::ManagePrograms,
        }
    }

    /// Offered to every account of its area whether or not it is enrolled
    /// in a program (only CPV, which belongs to no program).
    pub fn always_offered(self) -> bool {
        self.programs().next().is_none()
    }

    /// The programs that require this agreement.
    pub fn programs(self) -> impl Iterator<Item = Program> {
        Program::ALL
            .into_iter()
            .filter(move |p| p.agreement() == Some(self))
    }
}

impl Program {
    /// The agreement a program requires, if any: the one place this is decided.
    pub fn agreement(self) -> Option<Agreement> {
        match self {
            Program::Mpn => Some(Agreement::Mpn),
            Program::Csp => Some(Agreement::Reseller),
            Program::CommercialMarketplace => Some(Agreement::Publisher),
            Program::OfficeStore | Program::EdgeExtensions => Some(Agreement::AppDeveloper),
            Program::Referrals | Program::WindowsXbox => None,
        }
    }
}

/// One agreement as an account sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgreementStatus {
    pub agreement: Agreement,
    pub latest_version: i64,
    /// When the latest version was published (seconds since the epoch).
    pub latest_published_at: i64,
    /// The latest version's text in the reader's language.
    pub text: String,
    /// The most recent version the account accepted, if any.
    pub accepted: Option<Acceptance>,
}

impl AgreementStatus {
    /// The latest version still needs accepting.
    pub fn action_needed(&self) -> bool {
        self.accepted
            .as_ref()
            .is_none_or(|a| a.version < self.latest_version)
    }

    /// An older version was accepted: the "Action needed" banner.
    pub fn newer_version(&self) -> bool {
        self.accepted
            .as_ref()
            .is_some_and(|a| a.version < self.latest_version)
    }
}

/// A newer version of an accepted agreement, announced in the shell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementNotice {
    pub agreement: Agreement,
    pub version: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Acceptance {
    pub version: i64,
    /// When (seconds since the epoch).
    pub accepted_at: i64,
    pub accepted_by: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agreement_codes_round_trip_and_each_but_cpv_has_a_program() {
        for a in Agreement::ALL {
            assert_eq!(Agreement::from_code(a.code()), Some(a));
            assert_eq!(a.programs().next().is_none(), a == Agreement::Cpv, "{a:?}");
            assert_eq!(a.always_offered(), a == Agreement::Cpv);
        }
        assert_eq!(Agreement::Cpv.area(), crate::model::SettingsArea::Partner);
        assert_eq!(
            Agreement::Cpv.permission(),
            crate::model::Permission::EnrollCpv
        );
        let app: Vec<_> = Agreement::AppDeveloper.programs().collect();
        assert_eq!(app, [Program::OfficeStore, Program::EdgeExtensions]);
    }

    #[test]
    fn an_older_acceptance_needs_action() {
        let mut status = AgreementStatus {
            agreement: Agreement::Publisher,
            latest_version: 2,
            latest_published_at: 0,
            text: String::new(),
            accepted: None,
        };
        assert!(status.action_needed());
        status.accepted = Some(Acceptance {
            version: 1,
            accepted_at: 0,
            accepted_by: String::new(),
        });
        assert!(status.action_needed() && status.newer_version());
        if let Some(a) = status.accepted.as_mut() {
            a.version = 2;
        }
        assert!(!status.action_needed() && !status.newer_version());
    }
}
