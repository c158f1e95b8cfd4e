//! Typed identifiers. The store assigns them; the domain only compares them, so an
//! organisation id can never be passed where a person id is expected.

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// A node of the organisation tree (`org`).
    OrgId
);
id_type!(
    /// A person: member or non-member.
    PersonId
);
id_type!(
    /// A login.
    UserId
);
id_type!(
    /// A meeting of a cell (Meetings I).
    MeetingId
);
id_type!(
    /// A party group inside a cell (not a tree node, ORG-04).
    PartyGroupId
);
