//! The practice around a mock meeting (TRN-01, TRN-02): a trainer injects a situation from
//! the bank into a group's running mock meeting, the learner records how it was handled, and
//! the group and its trainers discuss each step (what went well, difficulties, experience
//! from their own cell). Pure checks; the store keeps them and the pages show them beside the
//! review.

use serde::{Deserialize, Serialize};

use crate::meeting::MeetingStatus;
use crate::ruleset::MeetingKind;
use crate::training::Situation;

/// The longest handling note or comment kept.
pub const MAX_TEXT: usize = 4000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PracticeError {
    /// TRN-02: a situation is injected into a mock meeting while it is being chaired.
    #[error("a situation is injected only into a mock meeting in progress")]
    NotRunning,
    /// TRN-02: the situation is written for other kinds of meeting.
    #[error("this situation does not fit this kind of meeting")]
    WrongKind,
    #[error("no such situation")]
    UnknownSituation,
    /// TRN-02: how it was handled is recorded once.
    #[error("the handling of this situation is already recorded")]
    AlreadyHandled,
    /// TRN-01: a comment is about a step of the meeting's agenda.
    #[error("the meeting has no step {0}")]
    UnknownStep(String),
    /// TRN-01: a real person is never placed in a sandbox cell, nor a sandbox member in a
    /// real cell.
    #[error("sandbox and real organisations are never linked")]
    SandboxBoundary,
    #[error("the text is empty")]
    Empty,
    #[error("the text is longer than {MAX_TEXT} characters")]
    TooLong,
    /// TRN-02: a trainer's situation code is unique in its committee and never a builtin
    /// code.
    #[error("the situation code {0} is taken")]
    CodeTaken(String),
}

impl PracticeError {
    /// The stable code the API and the pages name.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotRunning => "situation_not_running",
            Self::WrongKind => "situation_wrong_kind",
            Self::UnknownSituation => "situation_unknown",
            Self::AlreadyHandled => "situation_already_handled",
            Self::UnknownStep(_) => "unknown_step",
            Self::Empty => "required",
            Self::SandboxBoundary => "sandbox_boundary",
            Self::TooLong => "practice_too_long",
            Self::CodeTaken(_) => "situation_code_taken",
        }
    }

    /// The field the error is about.
    pub fn field(&self) -> &'static str {
        match self {
            Self::NotRunning => "status",
            Self::WrongKind | Self::UnknownSituation => "situation",
            Self::AlreadyHandled => "handling",
            Self::UnknownStep(_) => "step",
            Self::Empty | Self::TooLong => "body",
            Self::SandboxBoundary => "org",
            Self::CodeTaken(_) => "code",
        }
    }
}

/// TRN-02: whether `situation` may be injected into a mock meeting of `kind` in `status`:
/// only while it is chaired, and only a situation written for that kind (or for any).
pub fn check_injection(
    situation: &Situation,
    kind: MeetingKind,
    status: MeetingStatus,
) -> Result<(), PracticeError> {
    if status != MeetingStatus::InProgress {
        return Err(PracticeError::NotRunning);
    }
    if !situation.kinds.is_empty() && !situation.kinds.contains(&kind) {
        return Err(PracticeError::WrongKind);
    }
    Ok(())
}

/// A free text of the practice (a handling note, a comment): trimmed, not empty, bounded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PracticeText(String);

impl PracticeText {
    pub fn parse(raw: &str) -> Result<Self, PracticeError> {
        let t = raw.trim();
        if t.is_empty() {
            return Err(PracticeError::Empty);
        }
        if t.chars().count() > MAX_TEXT {
            return Err(PracticeError::TooLong);
        }
        Ok(Self(t.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What a comment on a step shares (TRN-01: "discuss each step and share difficulties and
/// experience").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommentKind {
    WentWell,
    Difficulty,
    Experience,
}

impl CommentKind {
    pub const ALL: [CommentKind; 3] = [Self::WentWell, Self::Difficulty, Self::Experience];

    pub fn code(self) -> &'static str {
        match self {
            Self::WentWell => "went_well",
            Self::Difficulty => "difficulty",
            Self::Experience => "experience",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// TRN-01: a comment on step `step` of a mock meeting whose agenda has `steps`.
pub fn check_comment_step<'a>(
    step: &str,
    mut steps: impl Iterator<Item = &'a str>,
) -> Result<(), PracticeError> {
    if steps.any(|s| s == step) {
        Ok(())
    } else {
        Err(PracticeError::UnknownStep(step.to_string()))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::training::situations::builtin;

    /// TRN-02: a situation goes into a running mock meeting of a kind it is written for.
    #[test]
    fn trn_02_injection_only_while_chaired_and_of_the_right_kind() {
        let bank = builtin();
        let any = bank.iter().find(|s| s.kinds.is_empty()).unwrap();
        assert_eq!(
            check_injection(any, MeetingKind::Regular, MeetingStatus::InProgress),
            Ok(())
        );
        for status in [
            MeetingStatus::Planned,
            MeetingStatus::Notified,
            MeetingStatus::Closed,
        ] {
            assert_eq!(
                check_injection(any, MeetingKind::Regular, status),
                Err(PracticeError::NotRunning)
            );
        }
        let thematic_only = bank
            .iter()
            .find(|s| s.kinds == vec![MeetingKind::Thematic])
            .cloned()
            .unwrap_or_else(|| {
                let mut s = any.clone();
                s.kinds = vec![MeetingKind::Thematic];
                s
            });
        assert_eq!(
            check_injection(
                &thematic_only,
                MeetingKind::Regular,
                MeetingStatus::InProgress
            ),
            Err(PracticeError::WrongKind)
        );
        assert_eq!(
            check_injection(
                &thematic_only,
                MeetingKind::Thematic,
                MeetingStatus::InProgress
            ),
            Ok(())
        );
    }

    /// TRN-01/02: handling notes and comments are trimmed, never empty, bounded.
    #[test]
    fn trn_01_practice_text_is_checked() {
        assert_eq!(PracticeText::parse("  ổn  ").unwrap().as_str(), "ổn");
        assert_eq!(PracticeText::parse(" \n "), Err(PracticeError::Empty));
        let long = "a".repeat(MAX_TEXT + 1);
        assert_eq!(PracticeText::parse(&long), Err(PracticeError::TooLong));
        assert!(PracticeText::parse(&"ư".repeat(MAX_TEXT)).is_ok());
    }

    /// TRN-01: the discussion is per step of the meeting's own agenda.
    #[test]
    fn trn_01_comment_names_a_step_of_the_agenda() {
        let steps = ["M1", "M2", "C4"];
        assert_eq!(check_comment_step("M2", steps.iter().copied()), Ok(()));
        assert_eq!(
            check_comment_step("X9", steps.iter().copied()),
            Err(PracticeError::UnknownStep("X9".into()))
        );
        for k in CommentKind::ALL {
            assert_eq!(CommentKind::from_code(k.code()), Some(k));
        }
        assert_eq!(CommentKind::from_code("other"), None);
    }
}
