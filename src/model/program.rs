//! The program catalog and its settings areas (SPEC §1). This file is the one
//! place where a program's area is decided; server and browser both use it.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Program {
    Mpn,
    Csp,
    Referrals,
    CommercialMarketplace,
    WindowsXbox,
    OfficeStore,
    EdgeExtensions,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SettingsArea {
    Partner,
    Developer,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EnrollmentStatus {
    Pending,
    Active,
    Rejected,
}

impl Program {
    pub const ALL: [Program; 7] = [
        Program::Mpn,
        Program::Csp,
        Program::Referrals,
        Program::CommercialMarketplace,
        Program::WindowsXbox,
        Program::OfficeStore,
        Program::EdgeExtensions,
    ];

    /// The normative program → settings area map.
    pub fn area(self) -> SettingsArea {
        match self {
            Program::Mpn | Program::Csp | Program::Referrals => SettingsArea::Partner,
            Program::CommercialMarketplace
            | Program::WindowsXbox
            | Program::OfficeStore
            | Program::EdgeExtensions => SettingsArea::Developer,
        }
    }

    /// Stable code used in URLs and in the database.
    pub fn code(self) -> &'static str {
        match self {
            Program::Mpn => "mpn",
            Program::Csp => "csp",
            Program::Referrals => "referrals",
            Program::CommercialMarketplace => "commercial-marketplace",
            Program::WindowsXbox => "windows-xbox",
            Program::OfficeStore => "office-store",
            Program::EdgeExtensions => "edge-extensions",
        }
    }

    pub fn from_code(code: &str) -> Option<Program> {
        Program::ALL.into_iter().find(|p| p.code() == code)
    }
}

impl SettingsArea {
    pub const ALL: [SettingsArea; 2] = [SettingsArea::Partner, SettingsArea::Developer];

    pub fn code(self) -> &'static str {
        match self {
            SettingsArea::Partner => "partner",
            SettingsArea::Developer => "developer",
        }
    }

    pub fn from_code(code: &str) -> Option<SettingsArea> {
        SettingsArea::ALL.into_iter().find(|a| a.code() == code)
    }

    pub fn programs(self) -> impl Iterator<Item = Program> {
        Program::ALL.into_iter().filter(move |p| p.area() == self)
    }

    /// SPEC §2: an area's settings exist for an account only while it has an
    /// active enrollment in at least one program of that area.
    pub fn is_available(self, enrollments: &[Enrollment]) -> bool {
        enrollments
            .iter()
            .any(|e| e.status == EnrollmentStatus::Active && e.program.area() == self)
    }
}

impl EnrollmentStatus {
    pub fn code(self) -> &'static str {
        match self {
            EnrollmentStatus::Pending => "pending",
            EnrollmentStatus::Active => "active",
            EnrollmentStatus::Rejected => "rejected",
        }
    }

    pub fn from_code(code: &str) -> Option<EnrollmentStatus> {
        [
            EnrollmentStatus::Pending,
            EnrollmentStatus::Active,
            EnrollmentStatus::Rejected,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }
}

/// An account's relation to one program. "Not enrolled" is the absence of one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrollment {
    pub program: Program,
    pub status: EnrollmentStatus,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_maps_programs_to_areas_as_the_spec_says() {
        let partner: Vec<_> = SettingsArea::Partner.programs().collect();
        assert_eq!(partner, [Program::Mpn, Program::Csp, Program::Referrals]);
        let developer: Vec<_> = SettingsArea::Developer.programs().collect();
        assert_eq!(
            developer,
            [
                Program::CommercialMarketplace,
                Program::WindowsXbox,
                Program::OfficeStore,
                Program::EdgeExtensions
            ]
        );
    }

    #[test]
    fn codes_round_trip() {
        for p in Program::ALL {
            assert_eq!(Program::from_code(p.code()), Some(p));
        }
        for a in SettingsArea::ALL {
            assert_eq!(SettingsArea::from_code(a.code()), Some(a));
        }
        assert_eq!(Program::from_code("nope"), None);
    }

    #[test]
    fn an_area_is_available_only_with_an_active_program_in_it() {
        let pending = Enrollment {
            program: Program::Mpn,
            status: EnrollmentStatus::Pending,
        };
        let active_dev = Enrollment {
            program: Program::OfficeStore,
            status: EnrollmentStatus::Active,
        };
        assert!(SettingsArea::in_menu(&[]).is_empty());
        assert!(SettingsArea::in_menu(&[pending]).is_empty());
        assert_eq!(
            SettingsArea::in_menu(&[pending, active_dev]),
            [SettingsArea::Developer]
        );
    }
}
