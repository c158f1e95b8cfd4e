//! Text at the edge: every name a user types is NFC-normalised-equivalent trimmed and
//! checked here, so stored text is comparable and printable in official documents.

use crate::error::DomainError;

/// A non-empty, trimmed, single-line text of bounded length (names of people and
/// organisations, places). Internal runs of whitespace collapse to one space.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Name(String);

/// Deserialising goes through [`Name::parse`] (field `name`): an empty, over-long or
/// multi-line JSON value is refused, and spaces are collapsed as on input.
impl TryFrom<String> for Name {
    type Error = DomainError;
    fn try_from(raw: String) -> Result<Self, DomainError> {
        Self::parse("name", &raw)
    }
}

impl From<Name> for String {
    fn from(n: Name) -> String {
        n.0
    }
}

impl Name {
    pub const MAX: usize = 200;

    pub fn parse(field: &'static str, raw: &str) -> Result<Self, DomainError> {
        let collapsed = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if collapsed.is_empty() {
            return Err(DomainError::Required { field });
        }
        if collapsed.chars().count() > Self::MAX {
            return Err(DomainError::TooLong {
                field,
                max: Self::MAX,
            });
        }
        if collapsed.chars().any(char::is_control) {
            return Err(DomainError::Malformed {
                field,
                reason: "control characters",
            });
        }
        Ok(Self(collapsed))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The given name: the last word of a Vietnamese full name, the primary sort key.
    pub fn given_name(&self) -> &str {
        self.0.rsplit(' ').next().unwrap_or(&self.0)
    }
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_collapses() {
        let n = Name::parse("name", "  Nguyễn   Văn  An ").unwrap();
        assert_eq!(n.as_str(), "Nguyễn Văn An");
        assert_eq!(n.given_name(), "An");
    }

    #[test]
    fn deserialises_through_parse() {
        let n: Name = serde_json::from_str("\"  Lò   Văn Cũ \"").unwrap();
        assert_eq!(n.as_str(), "Lò Văn Cũ");
        assert_eq!(serde_json::to_string(&n).unwrap(), "\"Lò Văn Cũ\"");
        assert!(serde_json::from_str::<Name>("\"   \"").is_err());
        assert!(serde_json::from_str::<Name>("\"a\\u0007b\"").is_err());
    }

    #[test]
    fn rejects_empty_and_control() {
        assert!(Name::parse("name", "   ").is_err());
        assert!(Name::parse("name", "a\u{0007}b").is_err());
    }
}
