//! Who runs a meeting and how it is held: the mode (in person, or online with the reason
//! MTG-ONL-01 requires), the chair, the preparer (MTG-PREP-01), the minute-taker
//! (MTG-ORD-01), the guests listed by name (MTG-ATT-05) with the items non-members are
//! invited to (MTG-ATT-06), and, for a thematic meeting, the topic, its presenter and the
//! draft the secretary approves before the meeting (MTG-TH-01).
//!
//! Each type is built only through its checking constructor, JSON included, so a stored or
//! posted value cannot skip the rule.

use serde::{Deserialize, Serialize};
use time::PrimitiveDateTime;

use super::{reason, MeetingError};
use crate::PersonId;

/// How the meeting is held. MTG-ONL-01: online only where more than half of the members
/// cannot meet in person for a special reason, which is recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case", try_from = "RawMode")]
pub enum Mode {
    InPerson,
    Online { reason: String },
}

#[derive(Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
enum RawMode {
    InPerson,
    Online { reason: String },
}

impl TryFrom<RawMode> for Mode {
    type Error = MeetingError;
    fn try_from(raw: RawMode) -> Result<Self, MeetingError> {
        match raw {
            RawMode::InPerson => Ok(Mode::InPerson),
            RawMode::Online { reason: r } => Mode::online(&r),
        }
    }
}

impl Mode {
    /// MTG-ONL-01: an online meeting needs its reason.
    pub fn online(why: &str) -> Result<Self, MeetingError> {
        Ok(Mode::Online {
            reason: reason(why).map_err(|_| MeetingError::OnlineWithoutReason)?,
        })
    }

    pub fn code(&self) -> &'static str {
        match self {
            Mode::InPerson => "in_person",
            Mode::Online { .. } => "online",
        }
    }
}

/// Who a guest is. A non-member never counts and never votes (MTG-ATT-06); the superior
/// delegate confirms the quality grade where present (MTG-QA-03/07).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GuestRole {
    SuperiorDelegate,
    Guest,
    NonMember,
}

impl GuestRole {
    pub const ALL: [GuestRole; 3] = [Self::SuperiorDelegate, Self::Guest, Self::NonMember];

    pub fn code(self) -> &'static str {
        match self {
            Self::SuperiorDelegate => "superior_delegate",
            Self::Guest => "guest",
            Self::NonMember => "non_member",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// Someone at the meeting who is not on the cell's roster, listed by name (MTG-ATT-05).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawGuest")]
pub struct Guest {
    pub name: String,
    /// Position or unit ("Đảng ủy viên, phụ trách chi bộ").
    pub position: Option<String>,
    pub role: GuestRole,
    /// MTG-ATT-06: the agenda items a non-member is invited to (empty: the items the
    /// default policy opens to non-members, i.e. none but a thematic topic's).
    #[serde(default)]
    pub items: Vec<String>,
}

#[derive(Deserialize)]
struct RawGuest {
    name: String,
    position: Option<String>,
    role: GuestRole,
    #[serde(default)]
    items: Vec<String>,
}

impl TryFrom<RawGuest> for Guest {
    type Error = MeetingError;
    fn try_from(r: RawGuest) -> Result<Self, MeetingError> {
        Guest::new(&r.name, r.position.as_deref(), r.role, r.items)
    }
}

impl Guest {
    pub fn new(
        name: &str,
        position: Option<&str>,
        role: GuestRole,
        items: Vec<String>,
    ) -> Result<Self, MeetingError> {
        let name = reason(name).map_err(|_| MeetingError::GuestWithoutName)?;
        let position = position.map(str::trim).filter(|p| !p.is_empty());
        let mut items: Vec<String> = items
            .into_iter()
            .map(|i| i.trim().to_string())
            .filter(|i| !i.is_empty())
            .collect();
        items.sort();
        items.dedup();
        Ok(Self {
            name,
            position: position.map(str::to_string),
            role,
            items,
        })
    }

    /// MTG-ATT-06: whether this guest may follow agenda step `code`. Members' guests and the
    /// superior delegate follow everything; a non-member only the items named for them, or,
    /// when none are named, the thematic part (steps of a thematic agenda, codes `TH.*` in
    /// a combined session) — votes and closed items stay hidden from them.
    pub fn may_follow(&self, code: &str, thematic_meeting: bool) -> bool {
        match self.role {
            GuestRole::SuperiorDelegate | GuestRole::Guest => true,
            GuestRole::NonMember if !self.items.is_empty() => self.items.iter().any(|i| i == code),
            GuestRole::NonMember => thematic_meeting || code.starts_with("TH."),
        }
    }
}

/// The secretary's approval of the presenter's draft (MTG-TH-01).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftApproval {
    /// Display name of the user who approved it, as on the day.
    pub by: String,
    pub at: PrimitiveDateTime,
}

/// The thematic part of a meeting: topic, topic group (MTG-TH-04/05/07), presenter, draft
/// (text and/or an attached file) and its approval (MTG-TH-01).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thematic {
    pub topic: Option<String>,
    pub topic_group: Option<String>,
    pub presenter: Option<PersonId>,
    pub draft_text: Option<String>,
    /// Name of the attached draft file, if any (its bytes are stored apart).
    pub draft_file: Option<String>,
    pub approval: Option<DraftApproval>,
}

impl Thematic {
    fn has_draft(&self) -> bool {
        self.draft_text.is_some() || self.draft_file.is_some()
    }

    /// Replaces topic, group, presenter and draft text. A change of the draft or the
    /// presenter withdraws an earlier approval: what was approved is no longer what will be
    /// presented.
    pub fn revise(
        &mut self,
        topic: Option<&str>,
        topic_group: Option<&str>,
        presenter: Option<PersonId>,
        draft_text: Option<&str>,
    ) {
        let clean = |s: Option<&str>| {
            s.map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
        };
        let draft_text = clean(draft_text);
        if draft_text != self.draft_text || presenter != self.presenter {
            self.approval = None;
        }
        self.topic = clean(topic);
        self.topic_group = clean(topic_group);
        self.presenter = presenter;
        self.draft_text = draft_text;
    }

    /// Attaches (or replaces) the draft file; withdraws an earlier approval.
    pub fn attach_file(&mut self, name: &str) -> Result<(), MeetingError> {
        self.draft_file = Some(reason(name)?);
        self.approval = None;
        Ok(())
    }

    /// MTG-TH-01: the secretary approves the draft — there must be a topic, a presenter and
    /// a draft (text or file).
    pub fn approve(&mut self, by: &str, at: PrimitiveDateTime) -> Result<(), MeetingError> {
        if self.topic.is_none() || self.presenter.is_none() || !self.has_draft() {
            return Err(MeetingError::DraftIncomplete);
        }
        self.approval = Some(DraftApproval {
            by: by.trim().to_string(),
            at,
        });
        Ok(())
    }

    pub fn approved(&self) -> bool {
        self.approval.is_some()
    }
}

/// The people who run the meeting, each someone on the cell's roster on its date (checked by
/// the store against the roster).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Officers {
    pub chair: Option<PersonId>,
    /// MTG-PREP-01: who prepared the content and the draft resolution.
    pub preparer: Option<PersonId>,
    /// MTG-ORD-01: the minute-taker appointed at the opening.
    pub minute_taker: Option<PersonId>,
}

impl Officers {
    pub fn people(&self) -> impl Iterator<Item = PersonId> + '_ {
        [self.chair, self.preparer, self.minute_taker]
            .into_iter()
            .flatten()
    }
}
