//! Types shared by the browser and the server: the catalog, the role matrix,
//! form inputs and their validation, and the error the UI renders.

pub mod account;
pub mod country;
pub mod error;
pub mod language;
pub mod program;
pub mod role;
pub mod validation;

pub use account::{AccountSummary, AccountType, AccountView, CurrentUser, Shell};
pub use error::{AppError, Conflict};
pub use language::Language;
pub use program::{Enrollment, EnrollmentStatus, Program, SettingsArea};
pub use role::{Permission, Role};
