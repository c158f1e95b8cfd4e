//! The live view of a meeting being chaired: a compact projection of [`MeetingView`] for the
//! phones and the projector that follow it (current step, roll-call counts, the last vote).
//! Serialised once per change by the web crate's hub and sent to every watcher; the JSON
//! field names are a contract with the browser code.
//!
//! Counts come from the domain's roster and roll-call code (who is summoned, MTG-ATT-03;
//! who may vote, MTG-ATT-01/12), never re-derived here.

use chibo_domain::meeting::agenda::{StepRecord, StepState};
use chibo_domain::meeting::roll_call::Presence;
use chibo_domain::meeting::vote::{voters_present, VoteSubject};
use chibo_domain::meeting::MeetingStatus;
use chibo_domain::member::Summoned;
use chibo_domain::ruleset::MeetingKind;
use chibo_domain::{MeetingId, PersonId};
use serde::Serialize;
use time::{Date, PrimitiveDateTime};

use chibo_store::MeetingRecord;

use crate::meetings::{MeetingView, RollCallRow};

/// What watchers of a meeting see; see the module documentation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LiveState {
    pub meeting: MeetingId,
    /// The meeting's version: the SSE event id.
    pub version: i64,
    pub status: MeetingStatus,
    pub kind: MeetingKind,
    pub date: Date,
    pub place: String,
    pub current_step: Option<CurrentStep>,
    /// When the first step started ("2025-11-03T19:30:00").
    pub first_started: Option<String>,
    pub steps: Vec<LiveStep>,
    pub attendance: Counts,
    pub roster: Vec<LivePerson>,
    pub last_vote: Option<LastVote>,
    pub contributions: usize,
    pub tasks: usize,
    /// At a mock meeting (TRN-02): the latest situation a trainer injected, until its
    /// handling is recorded.
    pub situation: Option<LiveSituation>,
}

/// A situation injected into a mock meeting, as the learner's screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LiveSituation {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub setting: String,
    pub rules: Vec<String>,
}

impl LiveSituation {
    /// The latest injection not handled yet, if any.
    pub fn open(injections: &[chibo_store::InjectionRecord]) -> Option<Self> {
        injections
            .iter()
            .rev()
            .find(|i| i.handling.is_none())
            .map(|i| Self {
                id: i.id,
                code: i.situation.code.clone(),
                title: i.situation.title_vi.clone(),
                setting: i.situation.setting_vi.clone(),
                rules: i.situation.rules.clone(),
            })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CurrentStep {
    pub code: String,
    pub title: String,
    pub guidance: String,
    pub rules: Vec<String>,
    pub started: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LiveStep {
    pub code: String,
    pub title: String,
    /// `pending`, `running`, `done`, `not_applicable`.
    pub state: &'static str,
}

/// The roll call among the members summoned (MTG-ATT-03).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub summoned: u32,
    pub present: u32,
    /// Absent with a reason the cell committee accepted.
    pub absent_excused: u32,
    pub absent_unexcused: u32,
    pub not_called: u32,
    /// Present and may vote (MTG-ATT-01/12).
    pub voters_present: u32,
}

/// How one person on the roster stands in the roll call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LivePresence {
    Present,
    AbsentExcused,
    AbsentUnexcused,
    NotCalled,
}

impl LivePresence {
    fn of(p: Option<&Presence>) -> Self {
        match p {
            None => Self::NotCalled,
            Some(Presence::Present { .. }) => Self::Present,
            Some(Presence::Absent { accepted: true, .. }) => Self::AbsentExcused,
            Some(Presence::Absent { .. }) => Self::AbsentUnexcused,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LivePerson {
    pub person: PersonId,
    pub name: String,
    pub presence: LivePresence,
    pub may_vote: bool,
    pub summoned: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LastVote {
    pub subject: String,
    pub kind: VoteSubject,
    pub votes_for: u32,
    pub against: u32,
    pub abstain: u32,
    pub denominator: u32,
    pub passed: bool,
}

/// `2025-11-03T19:35:00`.
fn iso(t: PrimitiveDateTime) -> String {
    format!(
        "{}T{:02}:{:02}:{:02}",
        t.date(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

fn started(s: &StepRecord) -> Option<PrimitiveDateTime> {
    match s.state {
        StepState::Running { started } | StepState::Done { started, .. } => Some(started),
        StepState::Pending | StepState::NotApplicable { .. } => None,
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The summoned members of the roster with their attendance, as the domain's vote counts
/// them (someone not yet called counts as absent without a reason).
fn summoned(roster: &[RollCallRow]) -> Vec<Summoned> {
    roster
        .iter()
        .filter(|r| r.summoned)
        .map(|r| Summoned {
            person: r.person,
            status: r.status,
            attendance: r.attendance.as_ref().map_or(
                chibo_domain::member::Attendance::Absent {
                    reason_accepted: false,
                },
                Presence::attendance,
            ),
        })
        .collect()
}

impl LiveState {
    pub fn from_view(view: &MeetingView) -> Self {
        Self {
            situation: LiveSituation::open(&view.situations),
            ..Self::from_parts(&view.meeting, &view.roster)
        }
    }

    /// The projection of a meeting and its roll-call rows (what [`MeetingView`] holds).
    pub fn from_parts(m: &MeetingRecord, roster_rows: &[RollCallRow]) -> Self {
        let current_step = m.agenda.current().map(|s| CurrentStep {
            code: s.code.clone(),
            title: s.title_vi.clone(),
            guidance: s.guidance_vi.clone(),
            rules: s.rules.clone(),
            started: started(s).map(iso).unwrap_or_default(),
        });
        let first_started = m.agenda.steps().iter().filter_map(started).min().map(iso);
        let steps = m
            .agenda
            .steps()
            .iter()
            .map(|s| LiveStep {
                code: s.code.clone(),
                title: s.title_vi.clone(),
                state: s.state.code(),
            })
            .collect();
        let summoned = summoned(roster_rows);
        let mut ids: Vec<PersonId> = summoned.iter().map(|s| s.person).collect();
        ids.sort();
        ids.dedup();
        let mut attendance = Counts {
            summoned: count(ids.len()),
            present: m.roll_call.present_count(&ids),
            voters_present: count(voters_present(&summoned).len()),
            ..Counts::default()
        };
        for (person, _, accepted) in m.roll_call.absentees(&ids) {
            match (m.roll_call.get(person), accepted) {
                (None, _) => attendance.not_called += 1,
                (Some(_), true) => attendance.absent_excused += 1,
                (Some(_), false) => attendance.absent_unexcused += 1,
            }
        }
        let roster = roster_rows
            .iter()
            .map(|r| LivePerson {
                person: r.person,
                name: r.full_name.clone(),
                presence: LivePresence::of(r.attendance.as_ref()),
                may_vote: r.may_vote,
                summoned: r.summoned,
            })
            .collect();
        let last_vote = m.votes.last().map(|v| LastVote {
            subject: v.subject.clone(),
            kind: v.kind,
            votes_for: v.tally.votes_for,
            against: v.tally.against,
            abstain: v.tally.abstain,
            denominator: v.denominator,
            passed: v.passed,
        });
        Self {
            meeting: m.id,
            version: m.version,
            status: m.status,
            kind: m.kind,
            date: m.date,
            place: m.place.clone(),
            current_step,
            first_started,
            steps,
            attendance,
            roster,
            last_vote,
            contributions: m.contributions.len(),
            tasks: m.tasks.len(),
            situation: None,
        }
    }
}

/// The live state of a meeting, read once ([`crate::meetings::show`]).
pub async fn load(store: &chibo_store::Store, id: MeetingId) -> Result<LiveState, crate::AppError> {
    Ok(LiveState::from_view(
        &crate::meetings::show(store, id).await?,
    ))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use chibo_domain::meeting::details::{Mode, Officers, Thematic};
    use chibo_domain::meeting::roll_call::RollCall;
    use chibo_domain::meeting::vote::{Breakdown, Tally, VoteMethod};
    use chibo_domain::meeting::Agenda;
    use chibo_domain::member::{PlacementKind, Standing};
    use chibo_domain::ruleset::Catalogue;
    use chibo_domain::OrgId;
    use chibo_store::VoteRecord;
    use time::macros::{date, datetime};

    fn row(id: i64, name: &str, official: bool, attendance: Option<Presence>) -> RollCallRow {
        RollCallRow {
            person: PersonId(id),
            full_name: name.into(),
            standing: if official {
                Standing::Official
            } else {
                Standing::Probationary
            },
            placement: PlacementKind::Home,
            status: None,
            summoned: official,
            may_vote: official,
            attendance,
        }
    }

    fn absent(accepted: bool) -> Option<Presence> {
        Some(Presence::Absent {
            reason: Some("Ốm".into()),
            accepted,
        })
    }

    /// MTG-ATT-03/07: the counts among the summoned, each person's presence, the running
    /// step, the last vote; and the JSON names the browser code reads.
    #[test]
    fn mtg_att_03_live_state_projects_the_meeting_view() {
        let day = date!(2025 - 11 - 03);
        let rules = Catalogue::builtin().rules_on(day).unwrap();
        let mut agenda = Agenda::from_template(rules.agenda(MeetingKind::Regular));
        let first = agenda.steps()[0].code.clone();
        let second = agenda.steps()[1].code.clone();
        agenda.start(&first, datetime!(2025-11-03 19:30)).unwrap();
        agenda.finish(&first, datetime!(2025-11-03 19:35)).unwrap();
        agenda.start(&second, datetime!(2025-11-03 19:35)).unwrap();
        let roster = vec![
            row(1, "Nguyễn Văn A", true, Some(Presence::present())),
            row(2, "Trần Thị B", true, absent(true)),
            row(3, "Lê Văn C", true, absent(false)),
            row(4, "Phạm Văn D", true, None),
            row(5, "Hoàng Thị E", false, Some(Presence::present())),
        ];
        let mut roll_call = RollCall::default();
        for r in &roster {
            if let Some(p) = &r.attendance {
                roll_call.set(r.person, p.clone()).unwrap();
            }
        }
        let vote = VoteRecord {
            id: 1,
            subject: "Nghị quyết tháng 11".into(),
            kind: VoteSubject::Resolution,
            method: VoteMethod::ShowOfHands,
            tally: Tally {
                votes_for: 1,
                against: 0,
                abstain: 0,
            },
            denominator: 3,
            denominator_breakdown: Breakdown {
                summoned: 4,
                excluded: vec![],
                denominator: 3,
            },
            passed: false,
        };
        let meeting = MeetingRecord {
            id: MeetingId(12),
            org: OrgId(7),
            kind: MeetingKind::Regular,
            date: day,
            planned_start: Some("19:30".into()),
            place: "Nhà văn hoá".into(),
            status: MeetingStatus::InProgress,
            status_reason: None,
            version: 7,
            mode: Mode::InPerson,
            officers: Officers::default(),
            guests: vec![],
            thematic: Thematic::default(),
            quality: None,
            ceremony: None,
            published_on: None,
            agenda,
            roll_call,
            contributions: vec![],
            tasks: vec![],
            votes: vec![vote],
        };
        let live = LiveState::from_parts(&meeting, &roster);
        assert_eq!(
            live.attendance,
            Counts {
                summoned: 4,
                present: 1,
                absent_excused: 1,
                absent_unexcused: 1,
                not_called: 1,
                voters_present: 1,
            }
        );
        let json = serde_json::to_value(&live).unwrap();
        assert_eq!(json["meeting"], 12);
        assert_eq!(json["version"], 7);
        assert_eq!(json["status"], "in_progress");
        assert_eq!(json["kind"], "regular");
        assert_eq!(json["date"], "2025-11-03");
        assert_eq!(json["current_step"]["code"], second.as_str());
        assert_eq!(json["current_step"]["started"], "2025-11-03T19:35:00");
        assert!(json["current_step"]["rules"].is_array());
        assert_eq!(json["first_started"], "2025-11-03T19:30:00");
        assert_eq!(json["steps"][0]["state"], "done");
        assert_eq!(json["steps"][1]["state"], "running");
        assert_eq!(json["steps"][2]["state"], "pending");
        assert_eq!(json["attendance"]["absent_excused"], 1);
        assert_eq!(json["attendance"]["voters_present"], 1);
        let presences: Vec<&str> = json["roster"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["presence"].as_str().unwrap())
            .collect();
        assert_eq!(
            presences,
            [
                "present",
                "absent_excused",
                "absent_unexcused",
                "not_called",
                "present"
            ]
        );
        assert_eq!(json["roster"][4]["may_vote"], false);
        assert_eq!(json["roster"][4]["summoned"], false);
        assert_eq!(json["roster"][0]["name"], "Nguyễn Văn A");
        assert_eq!(json["roster"][0]["person"], 1);
        assert_eq!(
            json["last_vote"],
            serde_json::json!({"subject": "Nghị quyết tháng 11", "kind": "resolution",
                "votes_for": 1, "against": 0, "abstain": 0, "denominator": 3, "passed": false})
        );
        assert_eq!(
            (json["contributions"].clone(), json["tasks"].clone()),
            (0.into(), 0.into())
        );
    }
}
