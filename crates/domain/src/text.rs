//! Text at the edge: every name a user types is NFC-normalised-equivalent trimmed and
//! checked here, so stored text is comparable and printable in official documents.

use crate::error::DomainError;

/// A non-empty, trimmed, single-line text of bounded length (names of people and
/// organisations, places). Internal runs of whitespace collapse to one space.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Name(String);

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
    fn rejects_empty_and_control() {
        assert!(Name::parse("name", "   ").is_err());
        assert!(Name::parse("name", "a\u{0007}b").is_err());
    }
}
