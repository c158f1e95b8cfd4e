//! Training mode (issue 13; TRN-01, TRN-02), pure part: the automatic review of a practice
//! group's mock meeting against the rule set the course practises (`review`), the comparison
//! of groups step by step (`compare`), the situation bank (`situations`), the quiz on the
//! rules catalogue (`quiz`) and the fictional members of a group's sandbox cell (`sandbox`).
//! The mock meetings themselves are ordinary meetings of a sandbox cell, recorded with the
//! types of `meeting`.

pub mod compare;
pub mod practice;
pub mod quiz;
pub mod review;
pub mod sandbox;
pub mod setup;
pub mod situations;

pub use compare::{compare, Comparison, GroupMeeting};
pub use practice::{CommentKind, PracticeError, PracticeText};
pub use review::{review, Finding, MockRecord, MockVote, Review, ReviewSettings};
pub use situations::Situation;
