//! Roles and the role → permission matrix (SPEC §5). The server enforces it and
//! the browser uses the same table to decide what to show.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
// Serialized by its code (forms send codes).
#[serde(rename_all = "snake_case")]
pub enum Role {
    // Partner side.
    GlobalAdmin,
    AccountAdmin,
    UserManagementAdmin,
    BillingAdmin,
    AdminAgent,
    SalesAgent,
    HelpdeskAgent,
    ReferralsAdmin,
    BusinessProfileAdmin,
    IncentiveAdmin,
    MpnPartnerAdmin,
    DefaultUser,
    // Developer side.
    Owner,
    Manager,
    Developer,
    BusinessContributor,
    FinanceContributor,
    Marketer,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Permission {
    /// See the account's settings and programs: every role but Default
    /// user, who sees only their own profile (SPEC §5).
    ViewAccount,
    ManageUsers,
    ResetPasswords,
    EditLegalProfile,
    ManageLocations,
    ManageBilling,
    ManageBusinessProfile,
    CustomizeCatalog,
    ViewPricing,
    ManagePrograms,
    EnrollCpv,
    ViewActivityLog,
}

use Permission as P;
use Role as R;

/// The matrix, one row per permission: which roles hold it. A user's
/// permissions in an account are the union over their roles there.
const MATRIX: &[(Permission, &[Role])] = &[
    (
        P::ViewAccount,
        &[
            R::GlobalAdmin,
            R::AccountAdmin,
            R::UserManagementAdmin,
            R::BillingAdmin,
            R::AdminAgent,
            R::SalesAgent,
            R::HelpdeskAgent,
            R::ReferralsAdmin,
            R::BusinessProfileAdmin,
            R::IncentiveAdmin,
            R::MpnPartnerAdmin,
            R::Owner,
            R::Manager,
            R::Developer,
            R::BusinessContributor,
            R::FinanceContributor,
            R::Marketer,
        ],
    ),
    (
        P::ManageUsers,
        &[
            R::GlobalAdmin,
            R::UserManagementAdmin,
            R::AccountAdmin,
            R::Owner,
            R::Manager,
        ],
    ),
    (P::ResetPasswords, &[R::GlobalAdmin, R::Owner, R::Manager]),
    (
        P::EditLegalProfile,
        &[R::GlobalAdmin, R::AccountAdmin, R::Owner, R::Manager],
    ),
    (P::ManageLocations, &[R::GlobalAdmin, R::AccountAdmin]),
    (
        P::ManageBilling,
        &[
            R::GlobalAdmin,
            R::BillingAdmin,
            R::AdminAgent,
            R::Owner,
            R::FinanceContributor,
        ],
    ),
    (
        P::ManageBusinessProfile,
        &[
            R::GlobalAdmin,
            R::AccountAdmin,
            R::BusinessProfileAdmin,
            R::ReferralsAdmin,
        ],
    ),
    (
        P::CustomizeCatalog,
        &[R::GlobalAdmin, R::AdminAgent, R::SalesAgent],
    ),
    (
        P::ViewPricing,
        &[
            R::GlobalAdmin,
            R::UserManagementAdmin,
            R::AdminAgent,
            R::MpnPartnerAdmin,
            R::SalesAgent,
            R::BillingAdmin,
        ],
    ),
    (
        P::ManagePrograms,
        &[R::GlobalAdmin, R::AccountAdmin, R::Owner, R::Manager],
    ),
    (P::EnrollCpv, &[R::GlobalAdmin]),
    (
        P::ViewActivityLog,
        &[R::GlobalAdmin, R::AccountAdmin, R::Owner, R::Manager],
    ),
];

impl Role {
    pub const ALL: [Role; 18] = [
        R::GlobalAdmin,
        R::AccountAdmin,
        R::UserManagementAdmin,
        R::BillingAdmin,
        R::AdminAgent,
        R::SalesAgent,
        R::HelpdeskAgent,
        R::ReferralsAdmin,
        R::BusinessProfileAdmin,
        R::IncentiveAdmin,
        R::MpnPartnerAdmin,
        R::DefaultUser,
        R::Owner,
        R::Manager,
        R::Developer,
        R::BusinessContributor,
        R::FinanceContributor,
        R::Marketer,
    ];

    pub fn is_developer_side(self) -> bool {
        matches!(
            self,
            R::Owner
                | R::Manager
                | R::Developer
                | R::BusinessContributor
                | R::FinanceContributor
                | R::Marketer
        )
    }

    /// Roles whose holders administer the account: an Account admin may not
    /// grant them (SPEC §5). Admin agent counts: it manages billing, which an
    /// Account admin can't, so granting it (to a user they just added and
    /// know the password of) would hand them that power.
    pub fn is_admin(self) -> bool {
        matches!(
            self,
            R::GlobalAdmin
                | R::AccountAdmin
                | R::AdminAgent
                | R::UserManagementAdmin
                | R::BillingAdmin
                | R::ReferralsAdmin
                | R::BusinessProfileAdmin
                | R::IncentiveAdmin
                | R::MpnPartnerAdmin
        )
    }

    pub fn has(self, permission: Permission) -> bool {
        MATRIX
            .iter()
            .any(|(p, roles)| *p == permission && roles.contains(&self))
    }

    /// Stable code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            R::GlobalAdmin => "global_admin",
            R::AccountAdmin => "account_admin",
            R::UserManagementAdmin => "user_management_admin",
            R::BillingAdmin => "billing_admin",
            R::AdminAgent => "admin_agent",
            R::SalesAgent => "sales_agent",
            R::HelpdeskAgent => "helpdesk_agent",
            R::ReferralsAdmin => "referrals_admin",
            R::BusinessProfileAdmin => "business_profile_admin",
            R::IncentiveAdmin => "incentive_admin",
            R::MpnPartnerAdmin => "mpn_partner_admin",
            R::DefaultUser => "default_user",
            R::Owner => "owner",
            R::Manager => "manager",
            R::Developer => "developer",
            R::BusinessContributor => "business_contributor",
            R::FinanceContributor => "finance_contributor",
            R::Marketer => "marketer",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// A form's roles in one order, each once.
    pub fn distinct(mut roles: Vec<Role>) -> Vec<Role> {
        roles.sort();
        roles.dedup();
        roles
    }

    /// Codes joined by commas, for events and stored invitations.
    pub fn join_codes(roles: &[Role]) -> String {
        roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(",")
    }

    /// The inverse of [`Role::join_codes`]; unknown codes are skipped.
    pub fn split_codes(codes: &str) -> Vec<Role> {
        let mut roles: Vec<Role> = codes.split(',').filter_map(Role::from_code).collect();
        roles.sort();
        roles
    }
}

impl Permission {
    /// Every permission, in the matrix's order.
    pub fn all() -> impl Iterator<Item = Permission> {
        MATRIX.iter().map(|(p, _)| *p)
    }
}

/// Whether someone holding `actor` may give or take away `role` (SPEC §5):
/// Global admins and User management admins any role; Account admins the
/// partner-side roles that aren't admin roles; Owners any developer-side role;
/// Managers the developer-side roles below Owner.
pub fn can_grant(actor: &[Role], role: Role) -> bool {
    actor.iter().any(|a| match a {
        R::GlobalAdmin | R::UserManagementAdmin => true,
        R::AccountAdmin => !role.is_developer_side() && !role.is_admin(),
        R::Owner => role.is_developer_side(),
        R::Manager => role.is_developer_side() && role != R::Owner,
        _ => false,
    })
}

/// Whether `actor` may reset the password of someone holding `target`:
/// Global admins anyone; Owners and Managers developer-side users only, and
/// only those whose every role they could grant themselves (a temporary
/// password is a way into that user: a Manager must not get an Owner's).
pub fn can_reset_password(actor: &[Role], target: &[Role]) -> bool {
    let resets = actor.iter().any(|a| a.has(P::ResetPasswords));
    let reachable = actor.contains(&R::GlobalAdmin)
        || target
            .iter()
            .all(|r| r.is_developer_side() && can_grant(actor, *r));
    resets && reachable
}

/// What a set of roles allows: the union of each role's permissions.
pub fn permissions_of(roles: &[Role]) -> Vec<Permission> {
    MATRIX
        .iter()
        .filter(|(_, allowed)| roles.iter().any(|r| allowed.contains(r)))
        .map(|(p, _)| *p)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Forms send role codes; a form struct reads them as roles.
    #[test]
    fn a_role_reads_from_its_code_and_nothing_else() {
        use serde::de::value::{Error, StrDeserializer};
        for role in Role::ALL {
            let read = Role::deserialize(StrDeserializer::<Error>::new(role.code()));
            assert_eq!(read.ok(), Some(role));
        }
        assert!(Role::deserialize(StrDeserializer::<Error>::new("GlobalAdmin")).is_err());
    }

    /// SPEC §5's table, written out again on purpose: the matrix above must
    /// say exactly this (a test computed from the matrix couldn't catch a
    /// wrong entry).
    #[test]
    fn the_matrix_is_the_spec_table() {
        // Every role sees the account but Default user (SPEC §5: "sees only
        // their own profile").
        let everyone_but_default: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| *r != R::DefaultUser)
            .collect();
        let spec: &[(Permission, &[Role])] = &[
            (P::ViewAccount, &everyone_but_default),
            (
                P::ManageUsers,
                &[
                    R::GlobalAdmin,
                    R::AccountAdmin,
                    R::UserManagementAdmin,
                    R::Owner,
                    R::Manager,
                ],
            ),
            (P::ResetPasswords, &[R::GlobalAdmin, R::Owner, R::Manager]),
            (
                P::EditLegalProfile,
                &[R::GlobalAdmin, R::AccountAdmin, R::Owner, R::Manager],
            ),
            (P::ManageLocations, &[R::GlobalAdmin, R::AccountAdmin]),
            (
                P::ManageBilling,
                &[
                    R::GlobalAdmin,
                    R::BillingAdmin,
                    R::AdminAgent,
                    R::Owner,
                    R::FinanceContributor,
                ],
            ),
            (
                P::ManageBusinessProfile,
                &[
                    R::GlobalAdmin,
                    R::AccountAdmin,
                    R::ReferralsAdmin,
                    R::BusinessProfileAdmin,
                ],
            ),
            (
                P::CustomizeCatalog,
                &[R::GlobalAdmin, R::AdminAgent, R::SalesAgent],
            ),
            (
                P::ViewPricing,
                &[
                    R::GlobalAdmin,
                    R::UserManagementAdmin,
                    R::BillingAdmin,
                    R::AdminAgent,
                    R::SalesAgent,
                    R::MpnPartnerAdmin,
                ],
            ),
            (
                P::ManagePrograms,
                &[R::GlobalAdmin, R::AccountAdmin, R::Owner, R::Manager],
            ),
            (P::EnrollCpv, &[R::GlobalAdmin]),
            (
                P::ViewActivityLog,
                &[R::GlobalAdmin, R::AccountAdmin, R::Owner, R::Manager],
            ),
        ];
        assert_eq!(Permission::all().count(), spec.len());
        for (permission, roles) in spec {
            let holders: Vec<Role> = Role::ALL
                .into_iter()
                .filter(|r| r.has(*permission))
                .collect();
            let mut expected = roles.to_vec();
            expected.sort();
            assert_eq!(holders, expected, "{permission:?}");
        }
    }

    #[test]
    fn a_global_admin_holds_every_permission() {
        let all: Vec<_> = MATRIX.iter().map(|(p, _)| *p).collect();
        assert_eq!(permissions_of(&[R::GlobalAdmin]), all);
    }

    #[test]
    fn permissions_are_the_union_of_roles() {
        let sales = permissions_of(&[R::SalesAgent]);
        assert_eq!(sales, [P::ViewAccount, P::CustomizeCatalog, P::ViewPricing]);
        assert!(permissions_of(&[R::DefaultUser]).is_empty());
        let both = permissions_of(&[R::SalesAgent, R::BillingAdmin]);
        assert!(both.contains(&P::ManageBilling) && both.contains(&P::CustomizeCatalog));
    }

    #[test]
    fn only_admins_owners_and_managers_manage_programs() {
        let allowed: Vec<_> = Role::ALL
            .into_iter()
            .filter(|r| r.has(P::ManagePrograms))
            .collect();
        assert_eq!(
            allowed,
            [R::GlobalAdmin, R::AccountAdmin, R::Owner, R::Manager]
        );
        assert!(!R::DefaultUser.has(P::ManagePrograms));
    }

    #[test]
    fn an_account_admin_grants_only_non_admin_partner_roles() {
        let granted: Vec<_> = Role::ALL
            .into_iter()
            .filter(|r| can_grant(&[R::AccountAdmin], *r))
            .collect();
        assert_eq!(granted, [R::SalesAgent, R::HelpdeskAgent, R::DefaultUser]);
    }

    #[test]
    fn owners_and_managers_grant_developer_roles_and_only_owners_grant_owner() {
        assert!(can_grant(&[R::Owner], R::Owner));
        assert!(!can_grant(&[R::Manager], R::Owner));
        assert!(can_grant(&[R::Manager], R::Developer));
        assert!(!can_grant(&[R::Owner], R::SalesAgent));
        assert!(can_grant(&[R::UserManagementAdmin], R::GlobalAdmin));
        assert!(!can_grant(&[R::SalesAgent, R::Developer], R::DefaultUser));
    }

    #[test]
    fn every_role_that_grants_holds_manage_users() {
        for actor in Role::ALL {
            if Role::ALL.into_iter().any(|r| can_grant(&[actor], r)) {
                assert!(actor.has(P::ManageUsers), "{actor:?}");
            }
        }
    }

    #[test]
    fn managers_reset_only_developer_side_users() {
        assert!(can_reset_password(&[R::Manager], &[R::Developer]));
        assert!(!can_reset_password(
            &[R::Manager],
            &[R::Developer, R::SalesAgent]
        ));
        assert!(can_reset_password(&[R::GlobalAdmin], &[R::GlobalAdmin]));
        assert!(!can_reset_password(
            &[R::UserManagementAdmin],
            &[R::DefaultUser]
        ));
    }

    #[test]
    fn a_manager_cannot_reset_an_owners_password() {
        assert!(!can_reset_password(&[R::Manager], &[R::Owner]));
        assert!(!can_reset_password(
            &[R::Manager],
            &[R::Owner, R::Developer]
        ));
        assert!(can_reset_password(&[R::Manager], &[R::Manager]));
        assert!(can_reset_password(&[R::Owner], &[R::Owner]));
        assert!(!can_reset_password(
            &[R::Owner],
            &[R::GlobalAdmin, R::Owner]
        ));
    }

    #[test]
    fn nobody_but_a_global_or_user_management_admin_grants_a_permission_they_lack() {
        for actor in Role::ALL {
            if matches!(actor, R::GlobalAdmin | R::UserManagementAdmin) {
                continue;
            }
            let mine = permissions_of(&[actor]);
            for role in Role::ALL.into_iter().filter(|r| can_grant(&[actor], *r)) {
                let extra: Vec<_> = permissions_of(&[role])
                    .into_iter()
                    .filter(|p| !mine.contains(p))
                    .collect();
                // Spec §5 lets Account admins give Sales agents and Managers
                // give Finance contributors; those are the known exceptions.
                let allowed = matches!(
                    (actor, role),
                    (R::AccountAdmin, R::SalesAgent) | (R::Manager, R::FinanceContributor)
                );
                assert!(
                    extra.is_empty() || allowed,
                    "{actor:?} grants {role:?}: {extra:?}"
                );
            }
        }
    }

    #[test]
    fn role_codes_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
    }
}
