//! Warnings a chair sees during and after a meeting. None of them blocks anything (the
//! meeting is the members' act); each cites the rule it comes from, so the screen, the
//! minutes and a trainer's review say why.

use serde::Serialize;
use time::PrimitiveDateTime;

use crate::ruleset::LocalSettings;
use crate::ruleset::MeetingKind;
use crate::ruleset::RuleSet;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "warning", rename_all = "snake_case")]
pub enum Warning {
    /// MTG-DUR-01: shorter than the minimum for this kind, date and unit.
    ShortDuration { minutes: u32, minimum: u32 },
    /// A prescribed step that was never held.
    StepSkipped {
        code: String,
        title_vi: String,
        rules: Vec<String>,
    },
    /// A prescribed step started before an earlier prescribed step.
    StepOutOfOrder {
        code: String,
        before: String,
        rules: Vec<String>,
    },
    /// A prescribed step marked not applicable, with the reason given.
    StepNotApplicable {
        code: String,
        reason: String,
        rules: Vec<String>,
    },
}

impl Warning {
    /// The rule IDs the warning cites.
    pub fn rules(&self) -> Vec<String> {
        match self {
            Warning::ShortDuration { .. } => vec!["MTG-DUR-01".to_string()],
            Warning::StepSkipped { rules, .. }
            | Warning::StepOutOfOrder { rules, .. }
            | Warning::StepNotApplicable { rules, .. } => rules.clone(),
        }
    }
}

/// MTG-DUR-01: a meeting of `kind` held from `started` to `ended` is too short for the rule
/// set in force on its date and the unit's settings. A combined session is judged on its
/// whole length. `None` when long enough or when no minimum applies.
pub fn duration_warning(
    rules: &RuleSet,
    local: &LocalSettings,
    kind: MeetingKind,
    started: PrimitiveDateTime,
    ended: PrimitiveDateTime,
) -> Option<Warning> {
    let minimum = local.min_duration(rules, kind)?.minutes();
    let minutes = u32::try_from((ended - started).whole_minutes()).unwrap_or(0);
    (minutes < minimum).then_some(Warning::ShortDuration { minutes, minimum })
}
