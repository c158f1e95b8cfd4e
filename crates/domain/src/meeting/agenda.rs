//! The agenda of one meeting: the prescribed steps of the rule set in force on its date,
//! instantiated once and then recorded step by step — started, finished, or marked not
//! applicable with a reason. Prescribed steps cannot be removed; items are added only under
//! "other business" (before the closing).

use serde::{Deserialize, Serialize};
use time::PrimitiveDateTime;

use super::warnings::Warning;
use super::{reason, MeetingError};
use crate::ruleset::AgendaStep;
use crate::ruleset::Phase;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum StepState {
    Pending,
    Running {
        started: PrimitiveDateTime,
    },
    Done {
        started: PrimitiveDateTime,
        ended: PrimitiveDateTime,
    },
    /// Not applicable at this meeting, with the reason the record and the warnings keep.
    NotApplicable {
        reason: String,
    },
}

impl StepState {
    pub fn code(&self) -> &'static str {
        match self {
            StepState::Pending => "pending",
            StepState::Running { .. } => "running",
            StepState::Done { .. } => "done",
            StepState::NotApplicable { .. } => "not_applicable",
        }
    }

    fn started(&self) -> Option<PrimitiveDateTime> {
        match self {
            StepState::Running { started } | StepState::Done { started, .. } => Some(*started),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRecord {
    pub code: String,
    pub phase: Phase,
    pub title_vi: String,
    pub guidance_vi: String,
    pub mandatory: bool,
    pub rules: Vec<String>,
    /// Added at this meeting under "other business", not prescribed.
    pub added: bool,
    pub state: StepState,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agenda {
    steps: Vec<StepRecord>,
}

/// One thing the chair does to the agenda (one use case: authorised, audited, versioned).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum StepAction {
    /// Start a step; the step being held, if any, ends then.
    Start {
        step: String,
    },
    Finish {
        step: String,
    },
    NotApplicable {
        step: String,
        reason: String,
    },
    /// Add an item under "other business".
    OtherBusiness {
        title: String,
    },
}

/// Prefix of the codes of items added under "other business" ("KH1", "KH2"…).
pub const OTHER_BUSINESS_PREFIX: &str = "KH";

impl Agenda {
    /// The meeting part of a template: the steps held in the room (opening, main business,
    /// closing); preparation and follow-up steps are tracked elsewhere.
    pub fn from_template(template: &[AgendaStep]) -> Self {
        Self {
            steps: template
                .iter()
                .filter(|s| matches!(s.phase, Phase::Opening | Phase::Main | Phase::Closing))
                .map(|s| StepRecord {
                    code: s.code.clone(),
                    phase: s.phase,
                    title_vi: s.title_vi.clone(),
                    guidance_vi: s.guidance_vi.clone(),
                    mandatory: s.mandatory,
                    rules: s.rules.clone(),
                    added: false,
                    state: StepState::Pending,
                })
                .collect(),
        }
    }

    pub fn steps(&self) -> &[StepRecord] {
        &self.steps
    }

    /// The step being held now.
    pub fn current(&self) -> Option<&StepRecord> {
        self.steps
            .iter()
            .find(|s| matches!(s.state, StepState::Running { .. }))
    }

    fn index(&self, code: &str) -> Result<usize, MeetingError> {
        self.steps
            .iter()
            .position(|s| s.code == code)
            .ok_or_else(|| MeetingError::UnknownStep(code.to_string()))
    }

    /// Adds an item under "other business", before the closing steps; returns its code.
    pub fn add_other_business(&mut self, title: &str) -> Result<String, MeetingError> {
        let title = reason(title)?;
        let n = self.steps.iter().filter(|s| s.added).count() + 1;
        let code = format!("{OTHER_BUSINESS_PREFIX}{n}");
        let at = self
            .steps
            .iter()
            .position(|s| s.phase == Phase::Closing)
            .unwrap_or(self.steps.len());
        self.steps.insert(
            at,
            StepRecord {
                code: code.clone(),
                phase: Phase::Main,
                title_vi: title,
                guidance_vi: String::new(),
                mandatory: false,
                rules: Vec::new(),
                added: true,
                state: StepState::Pending,
            },
        );
        Ok(code)
    }

    /// Marks a step that has not started as not applicable at this meeting, with a reason.
    pub fn not_applicable(&mut self, code: &str, why: &str) -> Result<(), MeetingError> {
        let i = self.index(code)?;
        let why = reason(why)?;
        let step = &mut self.steps[i];
        if step.state != StepState::Pending {
            return Err(MeetingError::StepState {
                code: code.to_string(),
                state: step.state.code(),
            });
        }
        step.state = StepState::NotApplicable { reason: why };
        Ok(())
    }

    /// Starts a step at `at`. The step being held, if any, ends then: the chair moves on with
    /// one tap. A finished step can be started again only by re-opening it explicitly (not
    /// here), so times are never overwritten silently.
    pub fn start(&mut self, code: &str, at: PrimitiveDateTime) -> Result<(), MeetingError> {
        let i = self.index(code)?;
        if !matches!(self.steps[i].state, StepState::Pending) {
            return Err(MeetingError::StepState {
                code: code.to_string(),
                state: self.steps[i].state.code(),
            });
        }
        if let Some(running) = self.current().map(|s| s.code.clone()) {
            self.finish(&running, at)?;
        }
        self.steps[i].state = StepState::Running { started: at };
        Ok(())
    }

    /// Ends the running step `code` at `at`.
    pub fn finish(&mut self, code: &str, at: PrimitiveDateTime) -> Result<(), MeetingError> {
        let i = self.index(code)?;
        let StepState::Running { started } = self.steps[i].state else {
            return Err(MeetingError::StepState {
                code: code.to_string(),
                state: self.steps[i].state.code(),
            });
        };
        if at < started {
            return Err(MeetingError::EndsBeforeStart);
        }
        self.steps[i].state = StepState::Done { started, ended: at };
        Ok(())
    }

    /// What the chair must be told about the agenda (MTG-ORD-01/03/06/08 through each step's
    /// own rule IDs): a prescribed step started before an earlier prescribed one was — held
    /// later, or, while the meeting runs, still waiting (only the step that jumped past it is
    /// named, not every step after) —, every step marked not applicable, and — once the
    /// meeting is closed — every prescribed step never held (then a skip, not a disorder).
    pub fn warnings(&self, closed: bool) -> Vec<Warning> {
        let mut out = Vec::new();
        for (i, step) in self.steps.iter().enumerate() {
            if let Some(started) = step.state.started() {
                let earlier_waiting = self.steps[..i].iter().enumerate().find(|(j, e)| {
                    e.mandatory
                        && !e.added
                        && match e.state.started() {
                            Some(s) => s > started,
                            None => {
                                !closed
                                    && e.state == StepState::Pending
                                    && self.steps[j + 1..i]
                                        .iter()
                                        .all(|b| b.state.started().is_none())
                            }
                        }
                });
                let earlier_waiting = earlier_waiting.map(|(_, e)| e);
                if let (Some(e), true) = (earlier_waiting, step.mandatory) {
                    out.push(Warning::StepOutOfOrder {
                        code: step.code.clone(),
                        before: e.code.clone(),
                        rules: step.rules.clone(),
                    });
                }
            }
            match &step.state {
                StepState::NotApplicable { reason } => out.push(Warning::StepNotApplicable {
                    code: step.code.clone(),
                    reason: reason.clone(),
                    rules: step.rules.clone(),
                }),
                StepState::Pending if closed && step.mandatory => out.push(Warning::StepSkipped {
                    code: step.code.clone(),
                    title_vi: step.title_vi.clone(),
                    rules: step.rules.clone(),
                }),
                _ => {}
            }
        }
        out
    }

    /// Applies `action` at `at`; returns the code of the step it concerned (the new item's
    /// code for "other business").
    pub fn apply(
        &mut self,
        action: &StepAction,
        at: PrimitiveDateTime,
    ) -> Result<String, MeetingError> {
        match action {
            StepAction::Start { step } => self.start(step, at).map(|()| step.clone()),
            StepAction::Finish { step } => self.finish(step, at).map(|()| step.clone()),
            StepAction::NotApplicable { step, reason } => {
                self.not_applicable(step, reason).map(|()| step.clone())
            }
            StepAction::OtherBusiness { title } => self.add_other_business(title),
        }
    }

    /// Ends the running step, if any, at `at` (the meeting closes).
    pub fn finish_running(&mut self, at: PrimitiveDateTime) -> Result<(), MeetingError> {
        match self.current().map(|s| s.code.clone()) {
            Some(code) => self.finish(&code, at),
            None => Ok(()),
        }
    }

    /// The next step to hold: the first prescribed or added step still pending after the
    /// last one started (or the first pending one).
    pub fn next_pending(&self) -> Option<&StepRecord> {
        let last_started = self
            .steps
            .iter()
            .rposition(|s| s.state.started().is_some())
            .map_or(0, |i| i + 1);
        self.steps[last_started..]
            .iter()
            .find(|s| s.state == StepState::Pending)
            .or_else(|| self.steps.iter().find(|s| s.state == StepState::Pending))
    }

    /// When the meeting's first step started and its last step ended, if it has both.
    pub fn span(&self) -> Option<(PrimitiveDateTime, PrimitiveDateTime)> {
        let first = self.steps.iter().filter_map(|s| s.state.started()).min()?;
        let last = self
            .steps
            .iter()
            .filter_map(|s| match s.state {
                StepState::Done { ended, .. } => Some(ended),
                _ => None,
            })
            .max()?;
        Some((first, last))
    }
}
