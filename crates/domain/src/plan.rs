//! The annual thematic plan (issue 11, pure part; PLAN-01..04, MTG-FREQ-02, MTG-TH-04/05/07):
//! a superior committee's directive, a cell's plan for a year with at least one topic per
//! quarter, its workflow with the superior (draft → submitted → acknowledged, or returned
//! with comments → revised → submitted again), and how each item stands against the
//! meetings that carry it out — "missed" computed from the record and the date, never by a
//! job that could be forgotten.
//!
//! Storage, screens and the superior's view build on this; every check here names its rule.

use serde::{Deserialize, Serialize};
use time::{Date, Month};

use crate::meeting::ceremony::DocumentRef;
use crate::meeting::MeetingStatus;
use crate::ruleset::RuleSet;
use crate::{MeetingId, OrgId, PersonId};

/// Why a plan or directive was refused. Codes are stable (the API reports them).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("quarter {0} is not 1 to 4")]
    BadQuarter(u8),
    #[error("month {month} is not in quarter {quarter}")]
    MonthOutsideQuarter { quarter: u8, month: u8 },
    /// MTG-TH-04/05: a topic group of the rule set in force, or a free title.
    #[error("no topic group {0} in the rule set in force")]
    UnknownTopicGroup(String),
    #[error("an item needs a topic group or a title")]
    TopicRequired,
    /// PLAN-02: at least one topic per quarter before the plan goes to the superior.
    #[error("no topic planned in quarter {0}")]
    MissingQuarter(u8),
    /// PLAN-04: what a plan in this state cannot do.
    #[error("a plan that is {from} cannot be {to}")]
    Transition {
        from: &'static str,
        to: &'static str,
    },
    #[error("returning a plan needs a comment")]
    CommentRequired,
    #[error("the directive's due date comes before the directive")]
    DueBeforeDirective,
    #[error("a directive needs a title and an issuer")]
    DirectiveIncomplete,
    /// An item is carried out by a thematic meeting (or combined session) of the same cell
    /// held in the item's quarter.
    #[error("meeting {0} is not a thematic meeting of this cell in the item's quarter")]
    MeetingMismatch(i64),
    /// PLAN-03: a directive goes to the sender's own subtree.
    #[error("the addressee is not in the sender's subtree on the directive's date")]
    OutsideSubtree,
}

impl PlanError {
    pub fn code(&self) -> &'static str {
        match self {
            PlanError::BadQuarter(_) => "bad_quarter",
            PlanError::MonthOutsideQuarter { .. } => "month_outside_quarter",
            PlanError::UnknownTopicGroup(_) => "unknown_topic_group",
            PlanError::TopicRequired => "topic_required",
            PlanError::MissingQuarter(_) => "missing_quarter",
            PlanError::Transition { .. } => "plan_transition",
            PlanError::CommentRequired => "comment_required",
            PlanError::DueBeforeDirective => "due_before_directive",
            PlanError::DirectiveIncomplete => "directive_incomplete",
            PlanError::OutsideSubtree => "outside_subtree",
            PlanError::MeetingMismatch(_) => "meeting_mismatch",
        }
    }
}

/// A quarter of the year, 1 to 4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Quarter(u8);

impl Quarter {
    pub const ALL: [Quarter; 4] = [Quarter(1), Quarter(2), Quarter(3), Quarter(4)];

    pub fn new(q: u8) -> Result<Self, PlanError> {
        (1..=4)
            .contains(&q)
            .then_some(Self(q))
            .ok_or(PlanError::BadQuarter(q))
    }

    pub fn of(date: Date) -> Self {
        Self((date.month() as u8 - 1) / 3 + 1)
    }

    pub fn get(self) -> u8 {
        self.0
    }

    /// The months of the quarter, first to last.
    pub fn months(self) -> [u8; 3] {
        let first = (self.0 - 1) * 3 + 1;
        [first, first + 1, first + 2]
    }

    /// The last day of the quarter in `year`.
    pub fn last_day(self, year: i32) -> Date {
        let month = Month::try_from(self.0 * 3).unwrap_or(Month::December);
        let day = month.length(year);
        Date::from_calendar_date(year, month, day).unwrap_or(Date::MIN)
    }
}

impl TryFrom<u8> for Quarter {
    type Error = PlanError;
    fn try_from(q: u8) -> Result<Self, Self::Error> {
        Self::new(q)
    }
}

impl From<Quarter> for u8 {
    fn from(q: Quarter) -> u8 {
        q.0
    }
}

/// What an item is about: a topic group of the rule set (MTG-TH-04), with an optional more
/// precise title, or a free title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Topic {
    pub group: Option<String>,
    pub title: Option<String>,
}

/// One planned thematic meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanItem {
    pub quarter: Quarter,
    /// Optional month, within the quarter (PLAN-03: some committees fix the months).
    pub month: Option<u8>,
    pub topic: Topic,
    /// The member assigned to prepare and present it (checked against the roster of the
    /// plan's year by the store).
    pub presenter: Option<PersonId>,
    pub note: Option<String>,
    /// The thematic meeting that carries it out, once created from the item.
    pub meeting: Option<MeetingId>,
}

fn clean(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

impl PlanItem {
    /// An item checked against the rule set in force for the plan's year: the quarter, the
    /// month in it, a topic group of the rule set or a title (MTG-TH-04/05).
    pub fn new(
        rules: &RuleSet,
        quarter: u8,
        month: Option<u8>,
        group: Option<&str>,
        title: Option<&str>,
        presenter: Option<PersonId>,
        note: Option<&str>,
    ) -> Result<Self, PlanError> {
        let quarter = Quarter::new(quarter)?;
        if let Some(m) = month {
            if !quarter.months().contains(&m) {
                return Err(PlanError::MonthOutsideQuarter {
                    quarter: quarter.get(),
                    month: m,
                });
            }
        }
        let group = clean(group);
        let title = clean(title);
        if let Some(g) = &group {
            if !rules.topic_groups().iter().any(|t| &t.code == g) {
                return Err(PlanError::UnknownTopicGroup(g.clone()));
            }
        }
        if group.is_none() && title.is_none() {
            return Err(PlanError::TopicRequired);
        }
        Ok(Self {
            quarter,
            month,
            topic: Topic { group, title },
            presenter,
            note: clean(note),
            meeting: None,
        })
    }
}

/// Whether a meeting of `kind` held by `org` on `date` can carry out `item` of `cell`'s plan
/// for `year`: a thematic meeting or combined session of that cell in the item's quarter.
pub fn carries_out(
    item: &PlanItem,
    cell: OrgId,
    year: i32,
    org: OrgId,
    kind: crate::ruleset::MeetingKind,
    date: Date,
) -> bool {
    use crate::ruleset::MeetingKind::{Combined, Thematic};
    org == cell
        && matches!(kind, Thematic | Combined)
        && date.year() == year
        && Quarter::of(date) == item.quarter
}

/// PLAN-02: the quarters of `items` with no topic, in order.
pub fn missing_quarters(items: &[PlanItem]) -> Vec<Quarter> {
    Quarter::ALL
        .into_iter()
        .filter(|q| !items.iter().any(|i| i.quarter == *q))
        .collect()
}

/// Where a plan stands with the superior committee (PLAN-04).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    /// Being written (a first draft or a revision).
    Draft,
    Submitted,
    Acknowledged,
    /// Sent back with comments: revised, then submitted again.
    Returned,
}

impl PlanStatus {
    pub fn code(self) -> &'static str {
        match self {
            PlanStatus::Draft => "draft",
            PlanStatus::Submitted => "submitted",
            PlanStatus::Acknowledged => "acknowledged",
            PlanStatus::Returned => "returned",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [
            PlanStatus::Draft,
            PlanStatus::Submitted,
            PlanStatus::Acknowledged,
            PlanStatus::Returned,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }
}

/// A step of the workflow (PLAN-04). The cell committee submits and revises; superior staff
/// acknowledge or return (who may do which is the access layer's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum PlanStep {
    Submit,
    Acknowledge,
    Return {
        comment: String,
    },
    /// Starts a revision of a returned or acknowledged plan (e.g. Q3's topic changed during
    /// the year): the plan is a draft again, its revision number goes up, the store keeps
    /// every earlier version readable.
    Revise,
}

/// A cell's plan for one year, at one revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub cell: OrgId,
    pub year: i32,
    pub status: PlanStatus,
    /// 1 for the first version; each revision adds one.
    pub revision: u32,
    pub items: Vec<PlanItem>,
}

impl Plan {
    /// A new draft, with no items yet.
    pub fn new(cell: OrgId, year: i32) -> Self {
        Self {
            cell,
            year,
            status: PlanStatus::Draft,
            revision: 1,
            items: Vec::new(),
        }
    }

    /// Items change only in a draft (PLAN-04: an acknowledged plan changes through a
    /// revision, so the acknowledged version stays what the superior saw).
    pub fn set_items(&mut self, items: Vec<PlanItem>) -> Result<(), PlanError> {
        if self.status != PlanStatus::Draft {
            return Err(PlanError::Transition {
                from: self.status.code(),
                to: "edited",
            });
        }
        let mut items = items;
        items.sort_by_key(|i| (i.quarter, i.month));
        self.items = items;
        Ok(())
    }

    /// Applies one step of the workflow; the comment of a return is the caller's to keep
    /// (threaded on the plan).
    pub fn apply(&mut self, step: &PlanStep) -> Result<(), PlanError> {
        use PlanStatus::*;
        let refuse = |from: PlanStatus, to: &'static str| PlanError::Transition {
            from: from.code(),
            to,
        };
        self.status = match (self.status, step) {
            (Draft, PlanStep::Submit) => {
                if let Some(q) = missing_quarters(&self.items).first() {
                    return Err(PlanError::MissingQuarter(q.get()));
                }
                Submitted
            }
            (Submitted, PlanStep::Acknowledge) => Acknowledged,
            (Submitted, PlanStep::Return { comment }) => {
                if comment.trim().is_empty() {
                    return Err(PlanError::CommentRequired);
                }
                Returned
            }
            (Acknowledged | Returned, PlanStep::Revise) => {
                self.revision += 1;
                Draft
            }
            (from, PlanStep::Submit) => return Err(refuse(from, "submitted")),
            (from, PlanStep::Acknowledge) => return Err(refuse(from, "acknowledged")),
            (from, PlanStep::Return { .. }) => return Err(refuse(from, "returned")),
            (from, PlanStep::Revise) => return Err(refuse(from, "revised")),
        };
        Ok(())
    }
}

/// How a plan item stands against the record (issue 11: planned / scheduled / held /
/// minutes approved, or missed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemState {
    Planned,
    /// A thematic meeting is created for it and not held yet.
    Scheduled,
    /// Held (in progress, or closed without approved minutes).
    Held,
    MinutesApproved,
    /// MTG-FREQ-02, PLAN-02: its quarter ended without an approved thematic meeting.
    Missed,
}

/// The state of an item of a plan for `year` on `today`, from its linked meeting's status
/// and whether that meeting's minutes are approved. Computed every time from the record;
/// `today` is the caller's (the request's date, or a date a test or report chooses), never
/// read from a clock here.
///
/// "Missed" does not depend on the plan's status. The obligation is the cell's, not the
/// plan's: a thematic meeting every quarter (MTG-FREQ-02) with at least one topic a quarter
/// planned (PLAN-02); the workflow with the superior (PLAN-04: draft, submitted, returned,
/// acknowledged) records whether the superior has accepted the list of topics, not whether
/// the quarter may pass without one. So an item of a draft or a returned plan whose quarter
/// ended without approved minutes is missed like an acknowledged one — otherwise a cell
/// that never sends its plan, or whose plan sits returned, would look better to its
/// superior than one that sent it. PLAN-03 (months a committee fixes) does not move the
/// line: an item with a month is judged at the end of its quarter, as MTG-FREQ-02 counts
/// by quarter. A revision keeps each item's linked meeting, so re-drafting during the year
/// never turns a carried-out topic into a missed one.
pub fn item_state(
    item: &PlanItem,
    year: i32,
    meeting: Option<(MeetingStatus, bool)>,
    today: Date,
) -> ItemState {
    let over = today > item.quarter.last_day(year);
    match meeting {
        Some((_, true)) => ItemState::MinutesApproved,
        _ if over => ItemState::Missed,
        None => ItemState::Planned,
        Some((MeetingStatus::InProgress | MeetingStatus::Closed, false)) => ItemState::Held,
        Some((MeetingStatus::Cancelled, false)) => ItemState::Planned,
        Some(_) => ItemState::Scheduled,
    }
}

/// How many quarters of `year` have ended on `today` (0 to 4): an item of one of them
/// without approved minutes is missed (`item_state`). The store counts missed topics in SQL
/// with it, so the superior view filters and sorts by them without reading every plan.
pub fn quarters_ended(year: i32, today: Date) -> u8 {
    Quarter::ALL
        .iter()
        .filter(|q| today > q.last_day(year))
        .map(|_| 1u8)
        .sum()
}

/// A superior committee's letter or guideline asking its cells for their plans (PLAN-03).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Directive {
    pub from: OrgId,
    /// "799-CV/ĐUK" (DOC-06).
    pub reference: DocumentRef,
    pub date: Date,
    pub issuer: String,
    pub title: String,
    /// The year the plans are for.
    pub year: i32,
    pub due_by: Option<Date>,
    /// Orientation topics the committee suggests.
    pub topics: Vec<String>,
}

impl Directive {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        from: OrgId,
        reference: DocumentRef,
        date: Date,
        issuer: &str,
        title: &str,
        year: i32,
        due_by: Option<Date>,
        topics: Vec<String>,
    ) -> Result<Self, PlanError> {
        let (issuer, title) = (issuer.trim(), title.trim());
        if issuer.is_empty() || title.is_empty() {
            return Err(PlanError::DirectiveIncomplete);
        }
        if due_by.is_some_and(|d| d < date) {
            return Err(PlanError::DueBeforeDirective);
        }
        Ok(Self {
            from,
            reference,
            date,
            issuer: issuer.to_string(),
            title: title.to_string(),
            year,
            due_by,
            topics: topics.into_iter().filter_map(|t| clean(Some(&t))).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ruleset::Catalogue;
    use proptest::prelude::*;
    use time::macros::date;

    fn rules() -> RuleSet {
        Catalogue::builtin()
            .rules_on(date!(2024 - 01 - 01))
            .unwrap()
    }

    fn item(q: u8) -> PlanItem {
        PlanItem::new(&rules(), q, None, None, Some("Chuyên đề"), None, None).unwrap()
    }

    #[test]
    fn items_are_checked_against_the_year_and_the_rule_set() {
        let r = rules();
        assert_eq!(
            PlanItem::new(&r, 5, None, None, Some("x"), None, None),
            Err(PlanError::BadQuarter(5))
        );
        assert_eq!(
            PlanItem::new(&r, 2, Some(7), None, Some("x"), None, None),
            Err(PlanError::MonthOutsideQuarter {
                quarter: 2,
                month: 7
            })
        );
        // MTG-TH-04: a group of the rule set in force, or a title.
        assert_eq!(
            PlanItem::new(&r, 1, None, Some("no_such_group"), None, None, None),
            Err(PlanError::UnknownTopicGroup("no_such_group".into()))
        );
        assert_eq!(
            PlanItem::new(&r, 1, None, Some(" "), Some(" "), None, None),
            Err(PlanError::TopicRequired)
        );
        let ok = PlanItem::new(&r, 4, Some(11), Some("party_building"), None, None, None).unwrap();
        assert_eq!(ok.topic.group.as_deref(), Some("party_building"));
    }

    #[test]
    fn plan_02_a_quarter_without_a_topic_cannot_be_submitted() {
        let mut plan = Plan::new(OrgId(4), 2024);
        plan.set_items(vec![item(1), item(2), item(4), item(4)])
            .unwrap();
        assert_eq!(missing_quarters(&plan.items), vec![Quarter(3)]);
        assert_eq!(
            plan.apply(&PlanStep::Submit),
            Err(PlanError::MissingQuarter(3))
        );
        assert_eq!(plan.status, PlanStatus::Draft);
        // More than one topic in a quarter is allowed.
        plan.set_items(vec![item(1), item(2), item(3), item(4), item(4)])
            .unwrap();
        plan.apply(&PlanStep::Submit).unwrap();
        assert_eq!(plan.status, PlanStatus::Submitted);
    }

    #[test]
    fn plan_04_workflow_and_revisions() {
        let mut plan = Plan::new(OrgId(4), 2024);
        plan.set_items(Quarter::ALL.iter().map(|q| item(q.get())).collect())
            .unwrap();
        assert!(matches!(
            plan.apply(&PlanStep::Acknowledge),
            Err(PlanError::Transition { .. })
        ));
        plan.apply(&PlanStep::Submit).unwrap();
        assert_eq!(
            plan.set_items(vec![]),
            Err(PlanError::Transition {
                from: "submitted",
                to: "edited"
            })
        );
        assert_eq!(
            plan.apply(&PlanStep::Return {
                comment: "  ".into()
            }),
            Err(PlanError::CommentRequired)
        );
        plan.apply(&PlanStep::Return {
            comment: "Bổ sung người trình bày quý III".into(),
        })
        .unwrap();
        assert_eq!(plan.status, PlanStatus::Returned);
        plan.apply(&PlanStep::Revise).unwrap();
        assert_eq!((plan.status, plan.revision), (PlanStatus::Draft, 2));
        plan.apply(&PlanStep::Submit).unwrap();
        plan.apply(&PlanStep::Acknowledge).unwrap();
        // An acknowledged plan is not edited in place: a revision first.
        assert!(plan.set_items(vec![]).is_err());
        plan.apply(&PlanStep::Revise).unwrap();
        assert_eq!(plan.revision, 3);
    }

    #[test]
    fn items_stand_against_the_record_and_are_missed_after_their_quarter() {
        let q4 = item(4);
        let during = date!(2024 - 11 - 01);
        let after = date!(2025 - 01 - 01);
        assert_eq!(item_state(&q4, 2024, None, during), ItemState::Planned);
        assert_eq!(
            item_state(&q4, 2024, Some((MeetingStatus::Notified, false)), during),
            ItemState::Scheduled
        );
        assert_eq!(
            item_state(&q4, 2024, Some((MeetingStatus::Closed, false)), during),
            ItemState::Held
        );
        assert_eq!(
            item_state(&q4, 2024, Some((MeetingStatus::Closed, true)), after),
            ItemState::MinutesApproved
        );
        // The quarter ended on 31/12: without approved minutes it is missed, even if held.
        assert_eq!(item_state(&q4, 2024, None, after), ItemState::Missed);
        assert_eq!(
            item_state(&q4, 2024, Some((MeetingStatus::Closed, false)), after),
            ItemState::Missed
        );
        assert_eq!(
            item_state(&q4, 2024, None, date!(2024 - 12 - 31)),
            ItemState::Planned
        );
    }

    #[test]
    fn quarters_ended_agrees_with_item_state() {
        for (today, ended) in [
            (date!(2024 - 03 - 31), 0),
            (date!(2024 - 04 - 01), 1),
            (date!(2024 - 10 - 01), 3),
            (date!(2024 - 12 - 31), 3),
            (date!(2025 - 01 - 01), 4),
            (date!(2023 - 06 - 01), 0),
        ] {
            assert_eq!(quarters_ended(2024, today), ended, "{today}");
            for q in 1..=4u8 {
                let missed = item_state(&item(q), 2024, None, today) == ItemState::Missed;
                assert_eq!(missed, q <= ended, "{today} Q{q}");
            }
        }
    }

    #[test]
    fn an_item_is_carried_out_by_a_thematic_meeting_of_its_cell_and_quarter() {
        use crate::ruleset::MeetingKind;
        let q4 = item(4);
        let ok = |org, kind, date| carries_out(&q4, OrgId(4), 2024, org, kind, date);
        assert!(ok(OrgId(4), MeetingKind::Thematic, date!(2024 - 11 - 22)));
        assert!(ok(OrgId(4), MeetingKind::Combined, date!(2024 - 10 - 01)));
        assert!(!ok(OrgId(5), MeetingKind::Thematic, date!(2024 - 11 - 22)));
        assert!(!ok(OrgId(4), MeetingKind::Regular, date!(2024 - 11 - 22)));
        assert!(!ok(OrgId(4), MeetingKind::Thematic, date!(2024 - 09 - 30)));
        assert!(!ok(OrgId(4), MeetingKind::Thematic, date!(2025 - 11 - 22)));
    }

    #[test]
    fn a_directive_has_a_title_an_issuer_and_a_due_date_after_it() {
        let r = DocumentRef::parse("799-CV/ĐUK").unwrap();
        let d = |due| {
            Directive::new(
                OrgId(2),
                r.clone(),
                date!(2023 - 11 - 19),
                "Đảng ủy Khối",
                "Xây dựng kế hoạch sinh hoạt chuyên đề năm 2024",
                2024,
                due,
                vec![
                    " ".into(),
                    "Học tập và làm theo tư tưởng Hồ Chí Minh".into(),
                ],
            )
        };
        assert_eq!(
            d(Some(date!(2023 - 11 - 01))),
            Err(PlanError::DueBeforeDirective)
        );
        let ok = d(Some(date!(2023 - 12 - 31))).unwrap();
        assert_eq!(ok.topics.len(), 1);
        assert_eq!(
            Directive::new(
                OrgId(2),
                r,
                date!(2023 - 11 - 19),
                " ",
                "x",
                2024,
                None,
                vec![]
            ),
            Err(PlanError::DirectiveIncomplete)
        );
    }

    proptest! {
        /// PLAN-02: a plan is submitted exactly when every quarter has a topic.
        #[test]
        fn submitted_iff_every_quarter_is_covered(quarters in proptest::collection::vec(1u8..=4, 0..8)) {
            let mut plan = Plan::new(OrgId(1), 2024);
            plan.set_items(quarters.iter().map(|q| item(*q)).collect()).unwrap();
            let covered = (1..=4).all(|q| quarters.contains(&q));
            prop_assert_eq!(plan.apply(&PlanStep::Submit).is_ok(), covered);
        }

        /// PLAN-04: whatever the steps, only a submitted plan becomes acknowledged or
        /// returned, and the revision never goes down.
        #[test]
        fn only_a_submitted_plan_is_acknowledged(steps in proptest::collection::vec(0u8..4, 0..12)) {
            let mut plan = Plan::new(OrgId(1), 2024);
            plan.set_items(Quarter::ALL.iter().map(|q| item(q.get())).collect()).unwrap();
            for s in steps {
                let step = match s {
                    0 => PlanStep::Submit,
                    1 => PlanStep::Acknowledge,
                    2 => PlanStep::Return { comment: "Sửa".into() },
                    _ => PlanStep::Revise,
                };
                let (before, revision) = (plan.status, plan.revision);
                if plan.apply(&step).is_ok() {
                    if matches!(step, PlanStep::Acknowledge | PlanStep::Return { .. }) {
                        prop_assert_eq!(before, PlanStatus::Submitted);
                    }
                    prop_assert!(plan.revision >= revision);
                } else {
                    prop_assert_eq!(plan.status, before);
                }
            }
        }
    }
}
