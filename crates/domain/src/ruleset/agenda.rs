//! Agenda templates: the ordered, prescribed steps a meeting is instantiated from. They are
//! data of each meeting-guidance rule set (VER-01, MTG-ORD-09), so an administrator can add a
//! future guidance that reorders steps without a code change.

use serde::{Deserialize, Serialize};

use super::kinds::{MeetingKind, Phase};

/// One prescribed step (docs/agendas.md). `code` is stable within a template and is what the
/// live screen and the minutes refer to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaStep {
    /// "P1", "O3b", "K4", … ; steps of the thematic part of a combined session are prefixed
    /// with [`THEMATIC_PART_PREFIX`].
    pub code: String,
    pub phase: Phase,
    /// Screen title, exactly as tabled in docs/agendas.md.
    pub title_vi: String,
    /// What to do and record at this step, written from the rules it cites.
    pub guidance_vi: String,
    /// A mandatory step can be marked "not applicable" only with a reason the record shows.
    pub mandatory: bool,
    /// Rule IDs from docs/rules.md the step carries.
    pub rules: Vec<String>,
    /// Repeated once per new member (ADM-CER-02: each new member is admitted in a separate
    /// act, even when several are admitted the same day).
    #[serde(default)]
    pub per_member: bool,
}

/// Prefix of the steps of the thematic part of a combined session ("TH.O1"), so codes stay
/// unique within the combined template (MTG-FREQ-03).
pub const THEMATIC_PART_PREFIX: &str = "TH.";

impl AgendaStep {
    /// A mandatory step; the common case (docs/agendas.md: every listed step is prescribed).
    pub fn new(
        code: &str,
        phase: Phase,
        title_vi: &str,
        guidance_vi: &str,
        rules: &[&str],
    ) -> Self {
        Self {
            code: code.to_owned(),
            phase,
            title_vi: title_vi.to_owned(),
            guidance_vi: guidance_vi.to_owned(),
            mandatory: true,
            rules: rules.iter().map(|r| (*r).to_owned()).collect(),
            per_member: false,
        }
    }

    /// The same step, optional (e.g. "Đại diện cấp ủy cấp trên phát biểu (nếu có)").
    pub fn optional(mut self) -> Self {
        self.mandatory = false;
        self
    }

    /// The same step, repeated once per new member (ADM-CER-02).
    pub fn per_member(mut self) -> Self {
        self.per_member = true;
        self
    }

    /// The same step with further rule IDs.
    pub fn with_rules(mut self, extra: &[&str]) -> Self {
        for r in extra {
            if !self.rules.iter().any(|x| x == r) {
                self.rules.push((*r).to_owned());
            }
        }
        self
    }

    pub fn with_title(mut self, title_vi: &str) -> Self {
        self.title_vi = title_vi.to_owned();
        self
    }

    pub fn with_guidance(mut self, guidance_vi: &str) -> Self {
        self.guidance_vi = guidance_vi.to_owned();
        self
    }

    pub fn cites(&self, rule_id: &str) -> bool {
        self.rules.iter().any(|r| r == rule_id)
    }
}

/// The ordered steps of one meeting kind under one rule set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaTemplate {
    pub kind: MeetingKind,
    pub steps: Vec<AgendaStep>,
}

impl AgendaTemplate {
    pub fn step(&self, code: &str) -> Option<&AgendaStep> {
        self.steps.iter().find(|s| s.code == code)
    }

    /// A template is usable when it has steps and its codes are unique (the live screen and
    /// the minutes address steps by code).
    pub fn validate(&self) -> Result<(), String> {
        if self.steps.is_empty() {
            return Err(format!("agenda for {} has no steps", self.kind));
        }
        for (i, s) in self.steps.iter().enumerate() {
            if s.code.trim().is_empty() || s.title_vi.trim().is_empty() {
                return Err(format!(
                    "agenda for {}: step {} has no code or title",
                    self.kind,
                    i + 1
                ));
            }
            if self.steps[..i].iter().any(|t| t.code == s.code) {
                return Err(format!(
                    "agenda for {}: step code {} appears twice",
                    self.kind, s.code
                ));
            }
        }
        Ok(())
    }
}
