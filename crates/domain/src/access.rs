//! Who may do what (design/access.md), as one table.
//!
//! Rights derive from two sources: party roles held in an organisation on a date (a former
//! secretary loses the rights the day the term ends) and system roles granted to a login
//! (administrator; committee staff scoped to a subtree). The web crate maps every route to
//! one [`Capability`]; this module alone decides whether a [`Subject`] has it for a target
//! organisation.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::ids::OrgId;
use crate::member::PartyRole;
use crate::org::OrgTree;

/// A login's system role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SystemRole {
    Admin,
    /// Staff of a committee: view and acknowledge within the subtree, never edit a cell's
    /// own records (MTG-MIN-04: the cell answers for them).
    Staff {
        org: OrgId,
    },
}

/// Everything the access decision needs to know about the person acting, on the date of
/// the request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Subject {
    pub system_roles: Vec<SystemRole>,
    /// Party roles in force on the date, with the organisation where each is held.
    pub party_roles: Vec<(OrgId, PartyRole)>,
    /// The member's home cell on the date, if a member.
    pub home_cell: Option<OrgId>,
}

impl Subject {
    pub fn is_admin(&self) -> bool {
        self.system_roles.contains(&SystemRole::Admin)
    }
}

/// The capabilities a route can require.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Capability {
    /// No login needed: `/healthz`, the login page, static assets.
    Public,
    /// Any logged-in user: home, own profile, logout, reading the calendar.
    Authenticated,
    ManageUsers,
    /// System settings and backups.
    ManageSystem,
    /// Rule sets and holiday adjustments.
    ManageRuleSets,
    /// Quality criteria and meeting-day settings for a subtree.
    ManageLocalSettings,
    /// Create, move, rename organisations.
    ManageOrgTree,
    ViewOrg,
    ViewMembers,
    /// Citizen ID and phone of other people.
    ViewMemberContact,
    /// Create and edit members, statuses, roles.
    EditMembers,
    ViewAudit,
    /// A cell's meetings: the list, a meeting with its agenda, roll call and votes.
    ViewMeetings,
    /// Create and prepare a meeting; record its roll call, contributions, tasks and votes.
    ManageMeetings,
    /// Record contributions at a meeting: those who manage meetings, and the meeting's
    /// minute-taker while it is in progress.
    RecordContributions,
    /// A member tells the cell beforehand why they will be absent (their own row of the
    /// roll call, before the meeting starts; the committee decides whether it accepts it).
    ExcuseOwnAbsence,
    /// Record the meeting's approval of its minutes, and addenda (design/access.md:
    /// "minutes: approve, sign off; addenda" — the cell's secretary).
    ApproveMinutes,
    /// Read a cell's thematic plans and the directives addressed to it.
    ViewPlans,
    /// "thematic plan: draft, submit, revise" — the cell's secretary and committee.
    DraftPlans,
    /// "thematic plan: acknowledge or return; directives" — superior staff.
    ReviewPlans,
    /// Comment on a thematic plan: either side of the workflow (the cell's secretary and
    /// committee, superior staff); ordinary members only read it (design/access.md "view").
    CommentPlans,
    /// Admission cases (issue 12): the pipeline board, a case, what falls due. Not plain
    /// members: a case holds the background check and opinions on the applicant.
    ViewAdmissions,
    /// Open a case and record its steps and documents: the cell's secretary and committee
    /// (the cell answers for its records, MTG-MIN-04; superior staff view).
    ManageAdmissions,
    /// Training mode (TRN-01, TRN-02): a committee's practice classes, their groups, the
    /// reviews of their mock meetings and the comparison — the owning committee's staff (the
    /// trainers' office) and its committee (the leaders watching), design/access.md
    /// "dashboards … for the subtree".
    ViewTraining,
    /// Create a committee's courses, classes and practice groups (TRN-01): the owning
    /// committee's staff (the trainers' office).
    ManageTraining,
    /// Plan a practice group's next mock meeting (TRN-01: learners chair mock meetings,
    /// choosing the rule set to practise): the group's learners, the class's trainers and
    /// the owning committee's staff.
    PlanMockMeetings,
    /// Inject a situation from the bank into a running mock meeting (TRN-02): the owning
    /// committee's staff and the class's trainers.
    InjectSituations,
    /// Record how an injected situation was handled (TRN-02): the group's learners (the one
    /// chairing writes it down) and the class's trainers.
    HandleSituations,
    /// Comment on the steps of a mock meeting (TRN-01: "the others discuss each step"): the
    /// group's members (learners, guests) and the class's trainers, nobody else.
    DiscussPractice,
}

/// Who can be granted a capability. Party-role grantees apply to the organisation where the
/// role is held (or, for `Member`, the home cell); `Staff` applies to the staff's subtree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grantee {
    Admin,
    Staff,
    /// Secretary or deputy secretary.
    Secretary,
    CommitteeMember,
    Member,
    /// The minute-taker of the meeting concerned, while it is in progress (design/access.md,
    /// "minute-taker (during the meeting)"); granted only by [`allows_at_meeting`].
    MinuteTaker,
    /// A learner of the practice group whose mock meeting it is (TRN-01): chairs it with
    /// the real live screen; granted only by [`allows_at_meeting`].
    PracticeLearner,
    /// A guest of that practice group (watches, discusses).
    PracticeGuest,
    /// A trainer of the class the mock meeting belongs to.
    PracticeTrainer,
}

/// A role a person holds at one meeting, not in an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingRole {
    /// Appointed minute-taker (MTG-ORD-01) of a meeting in progress.
    MinuteTaker,
    /// TRN-01: a learner of the group whose mock meeting it is.
    PracticeLearner,
    /// TRN-01: a guest of that group.
    PracticeGuest,
    /// TRN-01: a trainer of the mock meeting's class.
    PracticeTrainer,
}

/// The one table: capability → grantees. Mirrors design/access.md row by row.
pub const TABLE: &[(Capability, &[Grantee])] = {
    use Grantee::*;
    &[
        (Capability::Public, &[]),
        (Capability::Authenticated, &[]),
        (Capability::ManageUsers, &[Admin]),
        (Capability::ManageSystem, &[Admin]),
        (Capability::ManageRuleSets, &[Admin]),
        (Capability::ManageLocalSettings, &[Admin, Staff]),
        (Capability::ManageOrgTree, &[Admin, Staff]),
        (
            Capability::ViewOrg,
            &[Admin, Staff, Secretary, CommitteeMember, Member],
        ),
        (
            Capability::ViewMembers,
            &[Admin, Staff, Secretary, CommitteeMember, Member],
        ),
        (
            Capability::ViewMemberContact,
            &[Admin, Staff, Secretary, CommitteeMember],
        ),
        (Capability::EditMembers, &[Admin, Secretary]),
        (Capability::ViewAudit, &[Admin, Staff, Secretary]),
        (
            Capability::ViewMeetings,
            &[
                Admin,
                Staff,
                Secretary,
                CommitteeMember,
                Member,
                PracticeLearner,
                PracticeGuest,
                PracticeTrainer,
            ],
        ),
        (
            Capability::ManageMeetings,
            &[Admin, Secretary, CommitteeMember, PracticeLearner],
        ),
        (
            Capability::RecordContributions,
            &[
                Admin,
                Secretary,
                CommitteeMember,
                MinuteTaker,
                PracticeLearner,
            ],
        ),
        (Capability::ExcuseOwnAbsence, &[Member]),
        (Capability::ApproveMinutes, &[Secretary, PracticeLearner]),
        (
            Capability::ViewPlans,
            &[Admin, Staff, Secretary, CommitteeMember, Member],
        ),
        (Capability::DraftPlans, &[Secretary, CommitteeMember]),
        (Capability::ReviewPlans, &[Admin, Staff]),
        (
            Capability::CommentPlans,
            &[Admin, Staff, Secretary, CommitteeMember],
        ),
        (
            Capability::ViewAdmissions,
            &[Admin, Staff, Secretary, CommitteeMember],
        ),
        (
            Capability::ManageAdmissions,
            &[Admin, Secretary, CommitteeMember],
        ),
        (
            Capability::ViewTraining,
            &[
                Admin,
                Staff,
                Secretary,
                CommitteeMember,
                PracticeLearner,
                PracticeGuest,
                PracticeTrainer,
            ],
        ),
        (Capability::ManageTraining, &[Admin, Staff]),
        (
            Capability::PlanMockMeetings,
            &[Admin, Staff, PracticeLearner, PracticeTrainer],
        ),
        (
            Capability::InjectSituations,
            &[Admin, Staff, PracticeTrainer],
        ),
        (
            Capability::HandleSituations,
            &[Admin, PracticeLearner, PracticeTrainer],
        ),
        (
            Capability::DiscussPractice,
            &[PracticeLearner, PracticeGuest, PracticeTrainer],
        ),
    ]
};

pub fn grantees(cap: Capability) -> &'static [Grantee] {
    TABLE
        .iter()
        .find(|(c, _)| *c == cap)
        .map(|(_, g)| *g)
        .unwrap_or(&[])
}

/// Decides whether `subject` (logged in when `Some`) holds `cap` over `target` on `date`.
/// Capabilities without a target organisation (users, settings) need an unscoped grantee.
pub fn allows(
    subject: Option<&Subject>,
    cap: Capability,
    target: Option<OrgId>,
    tree: &OrgTree,
    date: Date,
) -> bool {
    allows_at_meeting(subject, cap, target, tree, date, &[])
}

/// [`allows`], for a request about one meeting at which the subject holds `roles`.
pub fn allows_at_meeting(
    subject: Option<&Subject>,
    cap: Capability,
    target: Option<OrgId>,
    tree: &OrgTree,
    date: Date,
    roles: &[MeetingRole],
) -> bool {
    if cap == Capability::Public {
        return true;
    }
    let Some(subject) = subject else {
        return false;
    };
    if cap == Capability::Authenticated {
        return true;
    }
    grantees(cap).iter().any(|g| match g {
        Grantee::Admin => subject.is_admin(),
        Grantee::Staff => subject.system_roles.iter().any(|r| match (r, target) {
            (SystemRole::Staff { org }, Some(t)) => tree.in_subtree_on(t, *org, date),
            _ => false,
        }),
        Grantee::Secretary => holds(subject, target, |r| {
            matches!(r, PartyRole::Secretary | PartyRole::DeputySecretary)
        }),
        Grantee::CommitteeMember => holds(subject, target, PartyRole::is_committee_seat),
        Grantee::Member => target.is_some() && subject.home_cell == target,
        Grantee::MinuteTaker => roles.contains(&MeetingRole::MinuteTaker),
        Grantee::PracticeLearner => roles.contains(&MeetingRole::PracticeLearner),
        Grantee::PracticeGuest => roles.contains(&MeetingRole::PracticeGuest),
        Grantee::PracticeTrainer => roles.contains(&MeetingRole::PracticeTrainer),
    })
}

fn holds(subject: &Subject, target: Option<OrgId>, pred: impl Fn(PartyRole) -> bool) -> bool {
    let Some(target) = target else {
        return false;
    };
    subject
        .party_roles
        .iter()
        .any(|(org, role)| *org == target && pred(*role))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::{OrgKind, OrgVersion};
    use crate::period::Period;
    use crate::text::Name;
    use time::macros::date;

    fn tree() -> OrgTree {
        let v = |org, kind, parent: Option<i64>| OrgVersion {
            org: OrgId(org),
            kind,
            name: Name::parse("n", "x").unwrap(),
            cell_type: None,
            parent: parent.map(OrgId),
            period: Period::starting(date!(2020 - 01 - 01)),
        };
        OrgTree::new([
            v(1, OrgKind::Province, None),
            v(2, OrgKind::Commune, Some(1)),
            v(3, OrgKind::BaseCell, Some(2)),
            v(4, OrgKind::BaseCell, Some(1)),
        ])
    }

    #[test]
    fn every_capability_is_in_the_table() {
        use Capability::*;
        for cap in [
            Public,
            Authenticated,
            ManageUsers,
            ManageSystem,
            ManageRuleSets,
            ManageLocalSettings,
            ManageOrgTree,
            ViewOrg,
            ViewMembers,
            ViewMemberContact,
            EditMembers,
            ViewAudit,
            ViewMeetings,
            ManageMeetings,
            RecordContributions,
            ExcuseOwnAbsence,
            ApproveMinutes,
            ViewAdmissions,
            ManageAdmissions,
            ViewTraining,
            ManageTraining,
            PlanMockMeetings,
            InjectSituations,
            HandleSituations,
            DiscussPractice,
        ] {
            assert!(TABLE.iter().any(|(c, _)| *c == cap), "{cap:?}");
        }
    }

    #[test]
    /// TRN-01: the practice roles are held at one mock meeting only: the discussion is for
    /// the group and the class's trainers (not even an administrator), situations are
    /// injected by trainers and staff, a learner chairs and approves the minutes, a guest
    /// only follows and discusses.
    fn trn_01_practice_roles_at_a_mock_meeting() {
        let t = tree();
        let d = date!(2020 - 08 - 20);
        let nobody = Subject::default();
        let admin = Subject {
            system_roles: vec![SystemRole::Admin],
            ..Subject::default()
        };
        let target = Some(OrgId(1));
        let at = |s: &Subject, cap, roles: &[MeetingRole]| {
            allows_at_meeting(Some(s), cap, target, &t, d, roles)
        };
        let learner = [MeetingRole::PracticeLearner];
        let guest = [MeetingRole::PracticeGuest];
        let trainer = [MeetingRole::PracticeTrainer];
        for cap in [
            Capability::ViewTraining,
            Capability::ViewMeetings,
            Capability::DiscussPractice,
        ] {
            for roles in [&learner[..], &guest, &trainer] {
                assert!(at(&nobody, cap, roles), "{cap:?} {roles:?}");
            }
            assert!(!at(&nobody, cap, &[]), "{cap:?} without a practice role");
        }
        assert!(!at(&admin, Capability::DiscussPractice, &[]));
        for cap in [
            Capability::ManageMeetings,
            Capability::RecordContributions,
            Capability::ApproveMinutes,
            Capability::HandleSituations,
        ] {
            assert!(at(&nobody, cap, &learner), "{cap:?}");
            assert!(!at(&nobody, cap, &guest), "{cap:?}");
        }
        assert!(at(&nobody, Capability::InjectSituations, &trainer));
        assert!(!at(&nobody, Capability::InjectSituations, &learner));
        assert!(at(&admin, Capability::InjectSituations, &[]));
        assert!(!at(&nobody, Capability::ManageTraining, &trainer));
        // A learner or a trainer plans the group's next mock meeting; a guest only watches.
        assert!(at(&nobody, Capability::PlanMockMeetings, &learner));
        assert!(at(&nobody, Capability::PlanMockMeetings, &trainer));
        assert!(!at(&nobody, Capability::PlanMockMeetings, &guest));
        assert!(!at(&nobody, Capability::PlanMockMeetings, &[]));
    }

    #[test]
    /// MTG-MIN-04: the cell answers for its own records, so superior staff view, never edit.
    fn staff_is_scoped_to_the_subtree_and_never_edits_members() {
        let t = tree();
        let d = date!(2025 - 01 - 01);
        let staff = Subject {
            system_roles: vec![SystemRole::Staff { org: OrgId(2) }],
            ..Default::default()
        };
        assert!(allows(
            Some(&staff),
            Capability::ViewMembers,
            Some(OrgId(3)),
            &t,
            d
        ));
        assert!(!allows(
            Some(&staff),
            Capability::ViewMembers,
            Some(OrgId(4)),
            &t,
            d
        ));
        assert!(!allows(
            Some(&staff),
            Capability::EditMembers,
            Some(OrgId(3)),
            &t,
            d
        ));
        assert!(!allows(Some(&staff), Capability::ManageUsers, None, &t, d));
    }

    #[test]
    /// design/access.md: the minute-taker records contributions during the meeting only,
    /// and nothing else a committee member does.
    fn the_minute_taker_records_contributions_only_while_holding_the_role() {
        let t = tree();
        let d = date!(2025 - 01 - 01);
        let member = Subject {
            home_cell: Some(OrgId(3)),
            ..Default::default()
        };
        let cell = Some(OrgId(3));
        let taking = [MeetingRole::MinuteTaker];
        assert!(!allows(
            Some(&member),
            Capability::RecordContributions,
            cell,
            &t,
            d
        ));
        assert!(allows_at_meeting(
            Some(&member),
            Capability::RecordContributions,
            cell,
            &t,
            d,
            &taking
        ));
        assert!(!allows_at_meeting(
            Some(&member),
            Capability::ManageMeetings,
            cell,
            &t,
            d,
            &taking
        ));
        assert!(allows(
            Some(&member),
            Capability::ExcuseOwnAbsence,
            cell,
            &t,
            d
        ));
        assert!(!allows(
            Some(&member),
            Capability::ExcuseOwnAbsence,
            Some(OrgId(4)),
            &t,
            d
        ));
    }

    #[test]
    fn party_roles_apply_to_their_own_cell() {
        let t = tree();
        let d = date!(2025 - 01 - 01);
        let secretary = Subject {
            party_roles: vec![(OrgId(3), PartyRole::Secretary)],
            home_cell: Some(OrgId(3)),
            ..Default::default()
        };
        assert!(allows(
            Some(&secretary),
            Capability::EditMembers,
            Some(OrgId(3)),
            &t,
            d
        ));
        assert!(!allows(
            Some(&secretary),
            Capability::EditMembers,
            Some(OrgId(4)),
            &t,
            d
        ));
        let member = Subject {
            home_cell: Some(OrgId(3)),
            ..Default::default()
        };
        assert!(allows(
            Some(&member),
            Capability::ViewMembers,
            Some(OrgId(3)),
            &t,
            d
        ));
        assert!(!allows(
            Some(&member),
            Capability::ViewMemberContact,
            Some(OrgId(3)),
            &t,
            d
        ));
        assert!(!allows(None, Capability::ViewOrg, Some(OrgId(3)), &t, d));
        assert!(allows(None, Capability::Public, None, &t, d));
    }
}
