//! People: members and non-members alike. The record holds at least the national member
//! app's summary (INT-01) so that records can be exchanged with the national database.
//!
//! Identity fields are parsed at the edge into types that cannot hold an invalid value
//! ("parse, don't validate").

use serde::{Deserialize, Serialize};
use time::Date;

use crate::error::DomainError;
use crate::ids::{OrgId, PersonId};
use crate::text::Name;

/// Deserialising a value type goes through its `parse` (parse, don't validate): an invalid
/// JSON value is refused like invalid input; serialising writes the checked text.
macro_rules! parsed_from_json {
    ($t:ident) => {
        impl TryFrom<String> for $t {
            type Error = DomainError;
            fn try_from(raw: String) -> Result<Self, DomainError> {
                Self::parse(&raw)
            }
        }

        impl From<$t> for String {
            fn from(v: $t) -> String {
                v.0
            }
        }
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub fn code(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "male" => Some(Sex::Male),
            "female" => Some(Sex::Female),
            _ => None,
        }
    }
}

/// Citizen identity card number (CCCD): exactly 12 digits (INT-01).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CitizenId(String);

parsed_from_json!(CitizenId);

impl CitizenId {
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let digits: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.len() != 12 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(DomainError::Malformed {
                field: "citizen_id",
                reason: "12 digits",
            });
        }
        Ok(Self(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A Vietnamese phone number, stored in national form `0xxxxxxxxx` (10 digits). `+84` and
/// `84` prefixes, spaces, dots and dashes are accepted on input.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

parsed_from_json!(Phone);

impl Phone {
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let mut digits: String = raw
            .chars()
            .filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')'))
            .collect();
        if let Some(rest) = digits.strip_prefix("+84") {
            digits = format!("0{rest}");
        } else if digits.len() == 11 && digits.starts_with("84") {
            digits = format!("0{}", &digits[2..]);
        }
        if digits.len() != 10
            || !digits.starts_with('0')
            || !digits.chars().all(|c| c.is_ascii_digit())
        {
            return Err(DomainError::Malformed {
                field: "phone",
                reason: "10 digits starting with 0",
            });
        }
        Ok(Self(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Party card number: 6 to 12 digits, possibly written with dots or spaces.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CardNumber(String);

parsed_from_json!(CardNumber);

impl CardNumber {
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let digits: String = raw.chars().filter(|c| !matches!(c, ' ' | '.')).collect();
        if !(6..=12).contains(&digits.len()) || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(DomainError::Malformed {
                field: "card_number",
                reason: "6 to 12 digits",
            });
        }
        Ok(Self(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A person known to chibo. Party membership, placements and roles are separate dated
/// records (see [`crate::member`]); a person without membership is a non-member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: PersonId,
    pub full_name: Name,
    pub birth_date: Option<Date>,
    pub sex: Option<Sex>,
    pub ethnicity: Option<String>,
    pub citizen_id: Option<CitizenId>,
    pub phone: Option<Phone>,
    /// For non-members: the organisation whose unit the person works or lives in (staff,
    /// candidates, guests are shown on that cell's page).
    pub affiliation: Option<Affiliation>,
}

/// How a non-member relates to a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Affiliation {
    pub org: OrgId,
    pub kind: NonMemberKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NonMemberKind {
    /// Staff of the unit (non-member employee or resident).
    Staff,
    /// Outstanding non-member on the admission path (`Candidate`).
    Candidate,
    /// Invited guest.
    Guest,
}

impl NonMemberKind {
    pub const ALL: [NonMemberKind; 3] = [Self::Staff, Self::Candidate, Self::Guest];

    pub fn code(self) -> &'static str {
        match self {
            Self::Staff => "staff",
            Self::Candidate => "candidate",
            Self::Guest => "guest",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// Input for creating or editing a person, already parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonDraft {
    pub full_name: Name,
    pub birth_date: Option<Date>,
    pub sex: Option<Sex>,
    pub ethnicity: Option<String>,
    pub citizen_id: Option<CitizenId>,
    pub phone: Option<Phone>,
    pub affiliation: Option<Affiliation>,
}

impl PersonDraft {
    /// Cross-field checks that need "today": nobody is born in the future.
    pub fn validate(&self, today: Date) -> Result<(), DomainError> {
        if self.birth_date.is_some_and(|b| b > today) {
            return Err(DomainError::DatesOutOfOrder("birth date in the future"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn int_01_citizen_id_is_twelve_digits() {
        assert_eq!(
            CitizenId::parse("001 090 012 345").unwrap().as_str(),
            "001090012345"
        );
        assert!(CitizenId::parse("12345").is_err());
        assert!(CitizenId::parse("00109001234a").is_err());
    }

    #[test]
    fn phone_accepts_international_form() {
        assert_eq!(
            Phone::parse("+84 912 345 678").unwrap().as_str(),
            "0912345678"
        );
        assert_eq!(Phone::parse("0912.345.678").unwrap().as_str(), "0912345678");
        assert!(Phone::parse("12345").is_err());
    }

    #[test]
    fn card_number_digits() {
        assert_eq!(
            CardNumber::parse("79.012.345").unwrap().as_str(),
            "79012345"
        );
        assert!(CardNumber::parse("AB1234").is_err());
    }

    #[test]
    fn int_01_identity_values_deserialise_through_their_parsers() {
        let id: CitizenId = serde_json::from_str("\"001 090 012 345\"").unwrap();
        assert_eq!(id.as_str(), "001090012345");
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"001090012345\"");
        assert!(serde_json::from_str::<CitizenId>("\"12345\"").is_err());
        let phone: Phone = serde_json::from_str("\"+84 912 345 678\"").unwrap();
        assert_eq!(phone.as_str(), "0912345678");
        assert!(serde_json::from_str::<Phone>("\"12\"").is_err());
        assert!(serde_json::from_str::<CardNumber>("\"AB1234\"").is_err());
        assert_eq!(
            serde_json::from_str::<CardNumber>("\"79.012.345\"")
                .unwrap()
                .as_str(),
            "79012345"
        );
    }

    proptest! {
        #[test]
        fn citizen_id_round_trips(s in "[0-9]{12}") {
            let parsed = CitizenId::parse(&s).unwrap();
            prop_assert_eq!(parsed.as_str(), s.as_str());
        }

        #[test]
        fn phone_never_panics(s in "\\PC{0,20}") {
            let _ = Phone::parse(&s);
        }
    }
}
