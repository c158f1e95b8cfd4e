//! The trainer's comparison of practice groups step by step (TRN-01): one row per agenda
//! step of the rule set practised, one column per group, each cell saying how that group
//! held the step and which findings its review raised there. Pure table data; the page and
//! the exports draw it.

use serde::{Deserialize, Serialize};

use super::review::Review;
use crate::meeting::{Agenda, StepState};

/// A group's reviewed mock meeting (one kind of meeting per comparison).
#[derive(Debug, Clone)]
pub struct GroupMeeting<'a, G> {
    pub group: G,
    pub agenda: &'a Agenda,
    pub review: &'a Review,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CellState {
    /// Held in its place.
    Done,
    /// Held, but before a prescribed step that comes earlier.
    OutOfOrder,
    /// Never held although prescribed.
    Skipped,
    /// Marked not applicable, with a reason.
    NotApplicable,
    /// Not held (yet): the meeting is still running, or the step is optional.
    NotHeld,
    /// Not on this group's agenda at all.
    Absent,
}

impl CellState {
    pub fn label_vi(self) -> &'static str {
        match self {
            CellState::Done => "Đã thực hiện",
            CellState::OutOfOrder => "Sai trình tự",
            CellState::Skipped => "Bỏ qua",
            CellState::NotApplicable => "Không áp dụng",
            CellState::NotHeld => "Chưa thực hiện",
            CellState::Absent => "—",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    pub state: CellState,
    /// Minutes the step lasted, when it was held.
    pub minutes: Option<u32>,
    /// Codes of the review's findings on this step.
    pub findings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    pub code: String,
    pub title_vi: String,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison<G> {
    pub groups: Vec<G>,
    pub rows: Vec<Row>,
    /// Per group (same order): the meeting's score and the number of findings.
    pub scores: Vec<u32>,
    pub findings: Vec<u32>,
}

/// Compares the groups' meetings step by step. Rows follow the first meeting's agenda, then
/// any step only another group had (an item of "other business"), in first-seen order.
pub fn compare<G: Clone>(meetings: &[GroupMeeting<'_, G>]) -> Comparison<G> {
    let mut order: Vec<(String, String)> = Vec::new();
    for m in meetings {
        for s in m.agenda.steps() {
            if !order.iter().any(|(c, _)| *c == s.code) {
                order.push((s.code.clone(), s.title_vi.clone()));
            }
        }
    }
    let rows = order
        .into_iter()
        .map(|(code, title_vi)| {
            let cells = meetings.iter().map(|m| cell(m, &code)).collect();
            Row {
                code,
                title_vi,
                cells,
            }
        })
        .collect();
    Comparison {
        groups: meetings.iter().map(|m| m.group.clone()).collect(),
        rows,
        scores: meetings.iter().map(|m| m.review.score).collect(),
        findings: meetings
            .iter()
            .map(|m| u32::try_from(m.review.findings.len()).unwrap_or(u32::MAX))
            .collect(),
    }
}

fn cell<G>(m: &GroupMeeting<'_, G>, code: &str) -> Cell {
    let Some(step) = m.agenda.steps().iter().find(|s| s.code == code) else {
        return Cell {
            state: CellState::Absent,
            minutes: None,
            findings: Vec::new(),
        };
    };
    let findings: Vec<String> = m
        .review
        .findings
        .iter()
        .filter(|f| f.step() == Some(code))
        .map(|f| f.code().to_string())
        .collect();
    let has = |c: &str| findings.iter().any(|f| f == c);
    let (state, minutes) = match &step.state {
        StepState::Done { started, ended } => {
            let minutes = u32::try_from((*ended - *started).whole_minutes()).unwrap_or(0);
            let state = if has("step_out_of_order") {
                CellState::OutOfOrder
            } else {
                CellState::Done
            };
            (state, Some(minutes))
        }
        StepState::Running { .. } => (
            if has("step_out_of_order") {
                CellState::OutOfOrder
            } else {
                CellState::NotHeld
            },
            None,
        ),
        StepState::NotApplicable { .. } => (CellState::NotApplicable, None),
        StepState::Pending if has("step_skipped") => (CellState::Skipped, None),
        StepState::Pending => (CellState::NotHeld, None),
    };
    Cell {
        state,
        minutes,
        findings,
    }
}
