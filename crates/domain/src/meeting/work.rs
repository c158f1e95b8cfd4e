//! What a meeting produces besides its votes: contributions tied to a step and tasks with
//! owners and deadlines (MTG-ORD-04/06/08: tasks for next month are assigned with owners and
//! deadlines at the closing).

use serde::{Deserialize, Serialize};
use time::Date;

use super::{reason, MeetingError};
use crate::PersonId;

/// Who spoke: a member, or someone named who is not (a guest, a non-member invited to an
/// item, MTG-ATT-05/06).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum Speaker {
    Person { person: PersonId },
    Named { name: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contribution {
    /// The agenda step it belongs to.
    pub step: String,
    pub speaker: Speaker,
    pub text: String,
}

impl Contribution {
    pub fn new(step: &str, speaker: Speaker, text: &str) -> Result<Self, MeetingError> {
        let speaker = match speaker {
            Speaker::Named { name } => Speaker::Named {
                name: reason(&name)?,
            },
            other => other,
        };
        Ok(Self {
            step: step.to_string(),
            speaker,
            text: reason(text)?,
        })
    }
}

/// A task the meeting assigned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub step: String,
    pub text: String,
    pub owners: Vec<PersonId>,
    pub deadline: Date,
}

impl Task {
    /// MTG-ORD-06/08: a task has a text, at least one owner and a deadline after the meeting.
    pub fn new(
        step: &str,
        text: &str,
        owners: Vec<PersonId>,
        deadline: Date,
        meeting_date: Date,
    ) -> Result<Self, MeetingError> {
        let mut owners = owners;
        owners.sort();
        owners.dedup();
        if owners.is_empty() {
            return Err(MeetingError::TaskWithoutOwner);
        }
        if deadline <= meeting_date {
            return Err(MeetingError::DeadlineNotAfterMeeting);
        }
        Ok(Self {
            step: step.to_string(),
            text: reason(text)?,
            owners,
            deadline,
        })
    }
}

/// How a task stood when a later meeting reviewed it (the assessment of last month,
/// MTG-ORD-04): a task not done rolls forward to the next meeting until it is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskProgress {
    Done,
    InProgress,
    NotDone,
}

impl TaskProgress {
    pub const ALL: [TaskProgress; 3] = [Self::Done, Self::InProgress, Self::NotDone];

    pub fn code(self) -> &'static str {
        match self {
            Self::Done => "done",
            Self::InProgress => "in_progress",
            Self::NotDone => "not_done",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }

    /// Still open: reviewed again at the next meeting.
    pub fn is_open(self) -> bool {
        self != Self::Done
    }
}

/// One review of a task at a later meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskReview {
    pub progress: TaskProgress,
    pub comment: Option<String>,
}

impl TaskReview {
    /// A task reviewed as not done says why (the meeting's record keeps the reason).
    pub fn new(progress: TaskProgress, comment: Option<&str>) -> Result<Self, MeetingError> {
        let comment = comment.map(str::trim).filter(|c| !c.is_empty());
        if progress == TaskProgress::NotDone && comment.is_none() {
            return Err(MeetingError::ReasonRequired);
        }
        Ok(Self {
            progress,
            comment: comment.map(str::to_string),
        })
    }
}

/// Whether a task is overdue on `today`: open and past its deadline.
pub fn overdue(deadline: Date, last: Option<TaskProgress>, today: Date) -> bool {
    last.is_none_or(TaskProgress::is_open) && deadline < today
}
