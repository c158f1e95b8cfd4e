//! The lifecycle of a meeting: planned → notified → in progress → closed, plus postponed
//! and cancelled with a reason. Going back (re-opening a closed meeting before its minutes
//! are approved) is explicit and needs a reason; approved minutes never change (their
//! corrections are addenda, Meetings II).

use serde::{Deserialize, Serialize};

use super::{reason, MeetingError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingStatus {
    Planned,
    /// Members were told the date, place and agenda.
    Notified,
    InProgress,
    Closed,
    Postponed,
    Cancelled,
}

impl MeetingStatus {
    pub const ALL: [MeetingStatus; 6] = [
        Self::Planned,
        Self::Notified,
        Self::InProgress,
        Self::Closed,
        Self::Postponed,
        Self::Cancelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::Notified => "notified",
            Self::InProgress => "in_progress",
            Self::Closed => "closed",
            Self::Postponed => "postponed",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// One step of the lifecycle. Those that need a reason carry it; the record keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "to", rename_all = "snake_case")]
pub enum Transition {
    Notify,
    Start,
    Close,
    Postpone {
        reason: String,
    },
    /// A postponed meeting gets a new date and is planned again.
    Reschedule,
    Cancel {
        reason: String,
    },
    /// A closed meeting whose minutes are not approved goes back to "in progress".
    Reopen {
        reason: String,
    },
}

impl Transition {
    fn target(&self) -> MeetingStatus {
        match self {
            Transition::Notify => MeetingStatus::Notified,
            Transition::Start | Transition::Reopen { .. } => MeetingStatus::InProgress,
            Transition::Close => MeetingStatus::Closed,
            Transition::Postpone { .. } => MeetingStatus::Postponed,
            Transition::Reschedule => MeetingStatus::Planned,
            Transition::Cancel { .. } => MeetingStatus::Cancelled,
        }
    }
}

impl MeetingStatus {
    /// The status after `t`, or why not. `minutes_approved`: a meeting closes only with its
    /// minutes approved (approving them closes it), and a closed meeting whose minutes were
    /// approved can never be re-opened; one closed before minutes existed can, with a reason.
    pub fn apply(self, t: &Transition, minutes_approved: bool) -> Result<Self, MeetingError> {
        use MeetingStatus::*;
        let allowed = match (self, t) {
            (Planned, Transition::Notify) => true,
            (Planned | Notified, Transition::Start) => true,
            // MTG-MIN-01, MTG-ORD-06: a meeting closes by approving its minutes.
            (InProgress, Transition::Close) if !minutes_approved => {
                return Err(MeetingError::MinutesNotApproved)
            }
            (InProgress, Transition::Close) => true,
            (Planned | Notified, Transition::Postpone { reason: r }) => {
                reason(r)?;
                true
            }
            (Postponed, Transition::Reschedule) => true,
            (Planned | Notified | Postponed, Transition::Cancel { reason: r }) => {
                reason(r)?;
                true
            }
            (Closed, Transition::Reopen { reason: r }) if !minutes_approved => {
                reason(r)?;
                true
            }
            _ => false,
        };
        if allowed {
            Ok(t.target())
        } else {
            Err(MeetingError::Transition {
                from: self.code(),
                to: t.target().code(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use MeetingStatus::*;

    #[test]
    fn the_ordinary_path() {
        let s = Planned.apply(&Transition::Notify, false).unwrap();
        let s = s.apply(&Transition::Start, false).unwrap();
        assert_eq!(
            s.apply(&Transition::Close, false),
            Err(MeetingError::MinutesNotApproved),
            "MTG-MIN-01: no closing without approved minutes"
        );
        assert_eq!(s.apply(&Transition::Close, true).unwrap(), Closed);
    }

    #[test]
    fn postponing_cancelling_and_reopening_need_a_reason() {
        let blank = Transition::Postpone {
            reason: "  ".into(),
        };
        assert_eq!(
            Planned.apply(&blank, false),
            Err(MeetingError::ReasonRequired)
        );
        let p = Transition::Postpone {
            reason: "Bão số 3".into(),
        };
        assert_eq!(Notified.apply(&p, false).unwrap(), Postponed);
        assert_eq!(
            Postponed.apply(&Transition::Reschedule, false).unwrap(),
            Planned
        );
        let c = Transition::Cancel {
            reason: "Sáp nhập chi bộ".into(),
        };
        assert_eq!(Postponed.apply(&c, false).unwrap(), Cancelled);
        let r = Transition::Reopen {
            reason: "Quên biểu quyết nghị quyết".into(),
        };
        assert_eq!(Closed.apply(&r, false).unwrap(), InProgress);
    }

    #[test]
    fn what_is_done_stays_done() {
        let r = Transition::Reopen {
            reason: "Sửa biên bản".into(),
        };
        assert!(matches!(
            Closed.apply(&r, true),
            Err(MeetingError::Transition { .. })
        ));
        assert!(InProgress
            .apply(&Transition::Cancel { reason: "x".into() }, false)
            .is_err());
        assert!(Cancelled.apply(&Transition::Start, false).is_err());
        assert!(Closed.apply(&Transition::Start, false).is_err());
        for s in MeetingStatus::ALL {
            assert_eq!(MeetingStatus::from_code(s.code()), Some(s));
        }
    }
}
