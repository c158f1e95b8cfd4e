//! The demo data set (scenarios.md, "Demo data"): the dated tree of Điện Biên with the 2025
//! reorganisation, the S1 agency cell, the S3 residential-group cell, the 40 cells of the S4
//! commune and one login per role. Every person is fictional; the pseudo-random parts come
//! from a fixed seed, so two loads give the same data (ids aside).
//!
//! The loader writes only through the store's public calls, as one system actor, so the demo
//! exercises the same validation and audit trail as real input.

use std::collections::HashSet;

use chibo_domain::access::SystemRole;
use chibo_domain::member::{
    Member, PartyRole, Placement, PlacementKind, RoleAssignment, StatusKind, StatusPeriod,
};
use chibo_domain::org::{CellType, OrgChange, OrgKind};
use chibo_domain::person::{
    Affiliation, CardNumber, CitizenId, NonMemberKind, PersonDraft, Phone, Sex,
};
use chibo_domain::text::Name;
use chibo_domain::{OrgId, Period, PersonId};
use chibo_store::{Actor, NewUser, Store, UnitOfWork};
use serde::Serialize;
use time::macros::date;
use time::{Date, Month};
use unicode_normalization::UnicodeNormalization;

use crate::error::{AppError, FieldError};

/// The password of every demo login, printed by the server next to the logins.
pub const DEMO_PASSWORD: &str = "chibo-demo";

/// What the loader created: the key organisations (for links and tests), counts, and the
/// logins with a Vietnamese description of each one's role.
#[derive(Debug, Clone, Serialize)]
pub struct DemoSummary {
    /// Đảng bộ tỉnh Điện Biên.
    pub province: OrgId,
    /// Đảng ủy khối Cơ quan và Doanh nghiệp tỉnh (superior of the Sở Tư pháp until 30/6/2025).
    pub bloc: OrgId,
    /// Đảng bộ Ủy ban nhân dân tỉnh (superior of the Sở Tư pháp from 1/7/2025).
    pub provincial_government: OrgId,
    /// Đảng bộ Sở Tư pháp (basic committee above the S1 cell).
    pub justice_department: OrgId,
    /// S1: Chi bộ Trung tâm Trợ giúp pháp lý nhà nước.
    pub s1_cell: OrgId,
    /// Huyện ủy Mường Ảng (until 30/6/2025 in reality; see [`load`]).
    pub district: OrgId,
    /// S4: Đảng ủy xã Ẳng Nưa (basic committee under the district, then commune committee).
    pub commune: OrgId,
    /// S3: Chi bộ Tổ dân phố số 3.
    pub s3_cell: OrgId,
    /// Organisations created.
    pub orgs: usize,
    /// People created (members and non-members).
    pub people: usize,
    /// (login, role in Vietnamese); all share [`DEMO_PASSWORD`].
    pub logins: Vec<(String, String)>,
}

/// 21/11/2025 00:00 in Vietnam: the demo story is written as of this instant (its latest
/// admission, ceremony and official dates are not after that day). Loading earlier (tests
/// that replay 2024) records and audits the demo as of this instant.
pub const STORY_RECORDED_AT: i64 = 1_763_658_000;

/// True when the database holds no organisation, i.e. the demo may be loaded.
pub async fn is_empty(store: &Store) -> Result<bool, AppError> {
    Ok(store.org_tree().await?.is_empty())
}

/// Fills an empty database with the demo data. Refuses (field `database`, code `not_empty`)
/// when an organisation already exists, so that a second run cannot duplicate the tree.
pub async fn load(store: &Store, now_unix: i64) -> Result<DemoSummary, AppError> {
    if !is_empty(store).await? {
        return Err(AppError::Invalid(vec![FieldError::new(
            "database",
            "not_empty",
        )]));
    }
    // One unit of work for the whole demo: it lands completely or not at all. The story's
    // party records run to late 2025 and the repositories refuse records dated after the
    // actor's today, so a load before then is written as of the story's end.
    let at = now_unix.max(STORY_RECORDED_AT);
    let mut l = Loader::new(store.write(&Actor::system("demo", at)).await?);
    let tree = l.tree().await?;
    let s1 = l.s1(&tree).await?;
    let s3 = l.s3(&tree, &s1).await?;
    l.s3_meetings(tree.s3_cell, &s3).await?;
    let thematic = l.s1_thematic(tree.s1_cell, &s1).await?;
    l.s1_plan(&tree, &s1, thematic).await?;
    l.commune_cells(&tree).await?;
    l.s4_plans(&tree).await?;
    let logins = l.logins(&tree, &s1, &s3).await?;
    let (orgs, people) = (l.orgs, l.people);
    let minutes = std::mem::take(&mut l.minutes);
    let admission_cells = std::mem::take(&mut l.admission_cells);
    l.w.commit().await?;
    // The minutes are built from the committed record (names, roster, warnings on closing)
    // and approved by the meeting's vote: every member present who may vote in favour.
    let actor = Actor::system("demo", at);
    for (id, when) in minutes {
        let view = crate::meetings::show(store, id).await?;
        let voters = view
            .roster
            .iter()
            .filter(|r| r.may_vote)
            .filter(|r| {
                matches!(
                    r.attendance,
                    Some(chibo_domain::meeting::roll_call::Presence::Present { .. })
                )
            })
            .count();
        let input = crate::minutes::ApproveInput {
            votes_for: i64::try_from(voters).ok(),
            at: Some(format!("{:02}:{:02}", when.hour(), when.minute())),
            ..Default::default()
        };
        crate::minutes::approve(store, &actor, id, &input, "Hệ thống (dữ liệu mẫu)").await?;
    }
    // Scenario S2 (training mode): the district's practice class of 20/8/2020, in sandbox
    // cells that no real list shows.
    let mut logins = logins;
    let (_, practice_logins) =
        crate::training::demo_s2_with_logins(store, &actor, tree.district).await?;
    logins.extend(practice_logins);
    admissions(store, &actor, tree.s1_cell, &s1, &admission_cells).await?;
    lifecycle(store, &actor, tree.s3_cell, &s3, &admission_cells).await?;
    Ok(DemoSummary {
        province: tree.province,
        bloc: tree.bloc,
        provincial_government: tree.government,
        justice_department: tree.justice,
        s1_cell: tree.s1_cell,
        district: tree.district,
        commune: tree.commune,
        s3_cell: tree.s3_cell,
        orgs,
        people,
        logins,
    })
}

// ---------------------------------------------------------------------------------------
// Dates and the fixed-seed generator

/// The first day of the recorded history: every organisation of the demo exists from then.
const HISTORY_START: Date = date!(2015 - 01 - 01);
/// The 2025 reorganisation (ORG-01): district committees end the day before.
const REORGANISATION: Date = date!(2025 - 07 - 01);
/// Congresses of the S1 cell (terms for document numbering, DOC-05).
const S1_CONGRESS_2022: Date = date!(2022 - 04 - 15);
const S1_CONGRESS_2025: Date = date!(2025 - 04 - 15);

/// The admission decision of scenario S1 (a fictional number): issued by the bloc committee
/// on 5/11/2024, received by the cell three days later.
struct DemoDecision {
    reference: &'static str,
    date: Date,
    issuer: &'static str,
    received_on: Date,
}
const S1_DECISION: DemoDecision = DemoDecision {
    reference: "456-QĐ/ĐUK",
    date: date!(2024 - 11 - 05),
    issuer: "Đảng ủy Khối Cơ quan và Doanh nghiệp tỉnh",
    received_on: date!(2024 - 11 - 08),
};

fn ymd(year: i32, month: u8, day: u8) -> Result<Date, AppError> {
    let month = Month::try_from(month).map_err(|e| AppError::Internal(e.to_string()))?;
    Date::from_calendar_date(year, month, day).map_err(|e| AppError::Internal(e.to_string()))
}

fn day_before(d: Date) -> Result<Date, AppError> {
    d.previous_day()
        .ok_or_else(|| AppError::Internal("date out of range".into()))
}

fn period(from: Date, until: Option<Date>) -> Result<Period, AppError> {
    Ok(Period::new(from, until)?)
}

/// A 64-bit linear congruential generator (Knuth's MMIX constants): enough to vary names,
/// sizes and dates deterministically without a `rand` dependency in the data.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as u32
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.next() % (hi - lo + 1)
    }

    fn year(&mut self, lo: i32, hi: i32) -> i32 {
        lo + (self.next() % ((hi - lo + 1) as u32)) as i32
    }

    fn byte(&mut self, lo: u8, hi: u8) -> u8 {
        self.range(u32::from(lo), u32::from(hi)) as u8
    }

    /// True with probability `percent` %.
    fn chance(&mut self, percent: u32) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() as usize) % items.len()]
    }
}

// ---------------------------------------------------------------------------------------
// Name pools (all fictional combinations; NFC is enforced when names are built)

const KINH_FAMILY: &[&str] = &[
    "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi",
    "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Phan", "Tạ", "Đoàn", "Lương", "Hà", "Cao",
    "Mai", "Kiều", "Chu",
];
const KINH_MALE_MIDDLE: &[&str] = &[
    "Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Thành", "Công", "Mạnh", "Ngọc",
    "Trọng", "Tiến", "Quốc", "Duy", "Đình", "Anh",
];
const KINH_FEMALE_MIDDLE: &[&str] = &[
    "Thị",
    "Thị",
    "Thị",
    "Thu",
    "Thanh",
    "Hồng",
    "Ngọc",
    "Phương",
    "Thùy",
    "Bích",
    "Kim",
    "Minh",
    "Thị Thu",
    "Thị Thanh",
    "Thị Hồng",
    "Thị Kim",
    "Thị Minh",
];
const KINH_MALE_GIVEN: &[&str] = &[
    "Hùng",
    "Dũng",
    "Tuấn",
    "Hải",
    "Long",
    "Nam",
    "Sơn",
    "Thắng",
    "Cường",
    "Huy",
    "Khánh",
    "Phong",
    "Quân",
    "Trung",
    "Đạt",
    "Hiếu",
    "Bình",
    "Tâm",
    "Toàn",
    "Vinh",
    "Lâm",
    "Tùng",
    "Kiên",
    "Hưng",
    "Thịnh",
    "Nghĩa",
    "Lộc",
    "Phúc",
    "Đông",
    "Chiến",
    "Thái",
    "Hòa",
    "Quý",
    "Trường",
    "Hậu",
    "Định",
];
const KINH_FEMALE_GIVEN: &[&str] = &[
    "Lan",
    "Hương",
    "Hoa",
    "Mai",
    "Hằng",
    "Thảo",
    "Trang",
    "Ngọc",
    "Yến",
    "Linh",
    "Nga",
    "Huyền",
    "Dung",
    "Thủy",
    "Hạnh",
    "Loan",
    "Phượng",
    "Nhung",
    "Vân",
    "Oanh",
    "Liên",
    "Xuân",
    "Giang",
    "Hà",
    "Quyên",
    "Thơm",
    "Duyên",
    "Uyên",
    "Hiền",
    "Tuyết",
    "Nhàn",
    "Lụa",
];
const THAI_FAMILY: &[&str] = &[
    "Lò", "Lò", "Lò", "Quàng", "Quàng", "Lường", "Lường", "Cà", "Điêu", "Tòng", "Vì", "Bạc", "Lềm",
    "Cầm", "Hà",
];
const THAI_MALE_MIDDLE: &[&str] = &["Văn", "Văn", "Văn", "Văn", "Minh", "Đức", "Xuân", "Thanh"];
const THAI_FEMALE_MIDDLE: &[&str] = &[
    "Thị",
    "Thị",
    "Thị",
    "Thị",
    "Thị Thu",
    "Thị Hồng",
    "Thu",
    "Ngọc",
];
const THAI_MALE_GIVEN: &[&str] = &[
    "Pành", "Ún", "Xôm", "Chung", "Hặc", "Inh", "Khiêm", "Sương", "Thoạn", "Hom", "Piếng", "Muôn",
    "Khương", "Tiên", "Ngoan", "Panh", "Pọm", "Chiến", "Thanh", "Tuân", "Hoan", "Xuân", "Ơn",
    "Biên",
];
const THAI_FEMALE_GIVEN: &[&str] = &[
    "Ón", "Xiêng", "Hom", "Piểng", "Bun", "Khuyên", "Sươi", "Pản", "Thoa", "Ngần", "Ín", "Ánh",
    "Lả", "Duyên", "Xuân", "Hiên", "Ươn", "Chiêm", "Ly", "Thảnh",
];
const KHMU_FAMILY: &[&str] = &["Quàng", "Lò", "Cầm", "Vì"];
const MONG_FAMILY: &[&str] = &[
    "Giàng", "Sùng", "Vàng", "Thào", "Mùa", "Lầu", "Lý", "Hờ", "Chang",
];
const MONG_MALE_GIVEN: &[&str] = &[
    "Páo", "Dế", "Sình", "Chá", "Lử", "Tủa", "Chứ", "Dình", "Pó", "Sử", "Khua", "Già", "Chồ",
];
const MONG_FEMALE_GIVEN: &[&str] = &[
    "Dua", "Mỷ", "Sua", "Dợ", "Chở", "Pà", "Súa", "Mai", "Cở", "Ly", "Dê",
];

const KINH: &str = "Kinh";
const THAI: &str = "Thái";
const KHMU: &str = "Khơ Mú";
const MONG: &str = "Mông";

/// Who lives where: percentages of (Kinh, Thái, Khơ Mú, Mông) and of women, by kind of cell.
#[derive(Clone, Copy)]
struct Population {
    kinh: u32,
    thai: u32,
    khmu: u32,
    female: u32,
}

const VILLAGE: Population = Population {
    kinh: 15,
    thai: 70,
    khmu: 8,
    female: 35,
};
const TOWN: Population = Population {
    kinh: 65,
    thai: 30,
    khmu: 0,
    female: 45,
};
const SCHOOL: Population = Population {
    kinh: 55,
    thai: 35,
    khmu: 5,
    female: 70,
};
const AGENCY: Population = Population {
    kinh: 50,
    thai: 40,
    khmu: 5,
    female: 45,
};
const ENTERPRISE: Population = Population {
    kinh: 70,
    thai: 30,
    khmu: 0,
    female: 40,
};

// ---------------------------------------------------------------------------------------
// People

/// A person to create: the stored text fields are derived from it (citizen ID from the
/// birth year and sex, phone and card numbers from a running sequence, so all are unique).
struct Someone {
    name: String,
    sex: Sex,
    ethnicity: &'static str,
    birth_year: i32,
    birth: Option<Date>,
    phone: bool,
    affiliation: Option<Affiliation>,
}

/// A party record to create with the person.
struct Admission {
    admitted: Date,
    decision: String,
    ceremony: Date,
    official: Option<Date>,
}

/// The organisations the later steps hang people on.
struct Tree {
    province: OrgId,
    bloc: OrgId,
    government: OrgId,
    justice: OrgId,
    s1_cell: OrgId,
    justice_office_cell: OrgId,
    district: OrgId,
    commune: OrgId,
    s3_cell: OrgId,
}

/// The people the logins are linked to.
struct S1People {
    secretary: PersonId,
    secretary_name: String,
    deputy: PersonId,
    /// The committee member of the 2022–2025 term (minute-taker of the 2024 meetings).
    committee_2022: PersonId,
    member: PersonId,
    member_name: String,
    /// The Văn phòng Sở official attached temporarily to the S3 cell.
    seconded: PersonId,
    /// Everyone on the cell's roster in November 2024 (the roll call of its meetings then).
    roster: Vec<PersonId>,
    /// The staff member admitted at the ceremony of 22/11/2024 (ADM-CER-01..03).
    newcomer: PersonId,
}

struct S3People {
    secretary: PersonId,
    secretary_name: String,
    /// The official members other than the exempted one, secretary first.
    officials: Vec<PersonId>,
    exempted: PersonId,
    /// Probationary and attached members: they attend, are neither summoned nor voting.
    attending_non_voters: Vec<PersonId>,
}

struct Loader {
    w: UnitOfWork,
    rng: Lcg,
    /// Running number behind citizen IDs, phones and card numbers.
    seq: u32,
    names: HashSet<String>,
    orgs: usize,
    people: usize,
    /// Meetings whose minutes the meeting approved, and at what time on its date: approved
    /// once the records they are built from are committed.
    minutes: Vec<(chibo_domain::MeetingId, time::Time)>,
    /// S4's commune cells with their official members (for the 2026 plans, issue 11).
    s4: Vec<(OrgId, Vec<PersonId>)>,
    /// Issue 12: the S4 cells with admission cases, their committee (official members, the
    /// helpers and introducers) and the candidate.
    admission_cells: Vec<(OrgId, Vec<PersonId>, PersonId)>,
}

impl Loader {
    fn new(w: UnitOfWork) -> Self {
        Self {
            w,
            rng: Lcg(0x00C4_1B0D_E302_5A11),
            seq: 0,
            names: HashSet::new(),
            orgs: 0,
            people: 0,
            minutes: Vec::new(),
            s4: Vec::new(),
            admission_cells: Vec::new(),
        }
    }

    async fn org(
        &mut self,
        kind: OrgKind,
        name: &str,
        cell_type: Option<CellType>,
        parent: Option<OrgId>,
        from: Date,
    ) -> Result<OrgId, AppError> {
        let name = Name::parse("name", &nfc(name))?;
        let id = self
            .w
            .orgs()
            .create(kind, name, cell_type, parent, from)
            .await?;
        self.orgs += 1;
        Ok(id)
    }

    async fn cell(
        &mut self,
        name: &str,
        cell_type: CellType,
        parent: OrgId,
        from: Date,
    ) -> Result<OrgId, AppError> {
        self.org(OrgKind::Cell, name, Some(cell_type), Some(parent), from)
            .await
    }

    /// The dated tree (ORG-01) with both branches and the 2025 moves.
    async fn tree(&mut self) -> Result<Tree, AppError> {
        let start = HISTORY_START;
        let province = self
            .org(
                OrgKind::Province,
                "Đảng bộ tỉnh Điện Biên",
                None,
                None,
                start,
            )
            .await?;
        let bloc = self
            .org(
                OrgKind::AboveBase,
                "Đảng ủy khối Cơ quan và Doanh nghiệp tỉnh",
                None,
                Some(province),
                start,
            )
            .await?;
        let justice = self
            .org(
                OrgKind::BaseCommittee,
                "Đảng bộ Sở Tư pháp",
                None,
                Some(bloc),
                start,
            )
            .await?;
        let s1_cell = self
            .cell(
                "Chi bộ Trung tâm Trợ giúp pháp lý nhà nước",
                CellType::StateAgency,
                justice,
                start,
            )
            .await?;
        let justice_office_cell = self
            .cell(
                "Chi bộ Văn phòng Sở Tư pháp",
                CellType::StateAgency,
                justice,
                start,
            )
            .await?;
        let district = self
            .org(
                OrgKind::District,
                "Huyện ủy Mường Ảng",
                None,
                Some(province),
                start,
            )
            .await?;
        let commune = self
            .org(
                OrgKind::BaseCommittee,
                "Đảng ủy xã Ẳng Nưa",
                None,
                Some(district),
                start,
            )
            .await?;
        let s3_cell = self
            .cell("Chi bộ Tổ dân phố số 3", CellType::Village, commune, start)
            .await?;
        // 1/7/2025: the Sở Tư pháp committee moves under the new provincial government
        // committee; the commune committee becomes a commune party committee directly
        // under the province, and its cells move with it (they keep it as parent).
        let government = self
            .org(
                OrgKind::AboveBase,
                "Đảng bộ Ủy ban nhân dân tỉnh",
                None,
                Some(province),
                REORGANISATION,
            )
            .await?;
        self.w
            .orgs()
            .change(
                justice,
                REORGANISATION,
                OrgChange {
                    parent: Some(Some(government)),
                    ..Default::default()
                },
                None,
            )
            .await?;
        self.w
            .orgs()
            .change(
                commune,
                REORGANISATION,
                OrgChange {
                    kind: Some(OrgKind::Commune),
                    parent: Some(Some(province)),
                    ..Default::default()
                },
                None,
            )
            .await?;
        // The bloc committee and the district committee end on 30/6/2025 (ORG-01); their
        // history stays.
        let last_day = date!(2025 - 06 - 30);
        self.w.orgs().close(bloc, last_day).await?;
        self.w.orgs().close(district, last_day).await?;
        Ok(Tree {
            province,
            bloc,
            government,
            justice,
            s1_cell,
            justice_office_cell,
            district,
            commune,
            s3_cell,
        })
    }

    fn draft(&mut self, who: &Someone) -> Result<PersonDraft, AppError> {
        self.seq += 1;
        let seq = self.seq;
        // CCCD: province code 011 (Điện Biên), century-and-sex digit, two-digit birth year,
        // then six digits (here the running number, so IDs never clash).
        let century_sex = match (who.birth_year >= 2000, who.sex) {
            (false, Sex::Male) => 0,
            (false, Sex::Female) => 1,
            (true, Sex::Male) => 2,
            (true, Sex::Female) => 3,
        };
        let citizen_id = CitizenId::parse(&format!(
            "011{century_sex}{:02}{:06}",
            who.birth_year.rem_euclid(100),
            seq
        ))?;
        let phone = if who.phone {
            let prefix = [
                "091", "094", "097", "098", "086", "088", "033", "035", "038", "036",
            ][(seq % 10) as usize];
            // 7919 is prime to 10⁷: distinct numbers for distinct people.
            let rest = (u64::from(seq) * 7919 + 1_234_567) % 10_000_000;
            Some(Phone::parse(&format!("{prefix}{rest:07}"))?)
        } else {
            None
        };
        Ok(PersonDraft {
            full_name: Name::parse("full_name", &nfc(&who.name))?,
            birth_date: who.birth,
            sex: Some(who.sex),
            ethnicity: Some(who.ethnicity.to_string()),
            citizen_id: Some(citizen_id),
            phone,
            affiliation: who.affiliation,
        })
    }

    fn card(&self) -> Result<CardNumber, AppError> {
        // Eight digits, "62" then a permutation of the running number (7919 is prime to 10⁶).
        let n = (u64::from(self.seq) * 7919 + 104_729) % 1_000_000;
        Ok(CardNumber::parse(&format!("62{n:06}"))?)
    }

    /// Creates a member with a home placement in `cell` from `placed` (one transaction).
    async fn member(
        &mut self,
        who: &Someone,
        adm: &Admission,
        cell: OrgId,
        placed: Date,
    ) -> Result<PersonId, AppError> {
        let draft = self.draft(who)?;
        let card = match adm.official {
            Some(_) => Some(self.card()?),
            None => None,
        };
        let member = Member {
            person: PersonId(0),
            admission_date: adm.admitted,
            decision_ref: Some(adm.decision.clone()),
            ceremony_date: Some(adm.ceremony),
            official_date: adm.official,
            // The demo's recognition decisions take effect on the official date itself.
            recognition_date: adm.official,
            recognition_ref: None,
            card_number: card,
        };
        let placement = Placement {
            person: PersonId(0),
            org: cell,
            kind: PlacementKind::Home,
            period: Period::starting(placed),
            note: None,
        };
        let id = self.w.people().enrol(&draft, &member, &placement).await?;
        self.people += 1;
        Ok(id)
    }

    async fn non_member(&mut self, who: &Someone) -> Result<PersonId, AppError> {
        let draft = self.draft(who)?;
        let id = self.w.people().create(&draft).await?;
        self.people += 1;
        Ok(id)
    }

    async fn role(
        &mut self,
        person: PersonId,
        org: OrgId,
        role: PartyRole,
        from: Date,
        until: Option<Date>,
    ) -> Result<(), AppError> {
        self.w
            .people()
            .add_role(&RoleAssignment {
                person,
                org,
                role,
                group: None,
                period: period(from, until)?,
            })
            .await?;
        Ok(())
    }

    /// A named person (the people the scenarios talk about).
    fn named(
        &mut self,
        name: &str,
        sex: Sex,
        ethnicity: &'static str,
        birth: Date,
        affiliation: Option<Affiliation>,
    ) -> Someone {
        self.names.insert(nfc(name));
        Someone {
            name: name.to_string(),
            sex,
            ethnicity,
            birth_year: birth.year(),
            birth: Some(birth),
            phone: true,
            affiliation,
        }
    }

    /// An official member's admission in `year`: decision early in a month, ceremony one to
    /// two and a half weeks later, official twelve months after the ceremony.
    fn official_admission(&mut self, year: i32, issuer: &str) -> Result<Admission, AppError> {
        let month = self.rng.byte(1, 12);
        let day = self.rng.byte(1, 10);
        let admitted = ymd(year, month, day)?;
        let ceremony = ymd(year, month, day + self.rng.byte(7, 17))?;
        let official = ymd(year + 1, month, ceremony.day())?;
        Ok(Admission {
            admitted,
            decision: format!("{}-QĐ/{issuer}", self.rng.range(12, 980)),
            ceremony,
            official: Some(official),
        })
    }

    /// A probationary member admitted in 2025, before the November meetings: by the district
    /// committee before the reorganisation, by the commune committee after it.
    fn probationary_admission(&mut self) -> Result<Admission, AppError> {
        let month = self.rng.byte(1, 9);
        let day = self.rng.byte(1, 10);
        let admitted = ymd(2025, month, day)?;
        let ceremony = ymd(2025, month, day + self.rng.byte(7, 17))?;
        let issuer = if admitted >= REORGANISATION {
            "ĐU"
        } else {
            "HU"
        };
        Ok(Admission {
            admitted,
            decision: format!("{}-QĐ/{issuer}", self.rng.range(12, 480)),
            ceremony,
            official: None,
        })
    }

    /// A fictional person drawn from `pop`, unique by full name where the pools allow.
    fn random_person(&mut self, pop: Population, birth_year: i32) -> Result<Someone, AppError> {
        let sex = if self.rng.chance(pop.female) {
            Sex::Female
        } else {
            Sex::Male
        };
        let roll = self.rng.range(0, 99);
        let ethnicity = if roll < pop.kinh {
            KINH
        } else if roll < pop.kinh + pop.thai {
            THAI
        } else if roll < pop.kinh + pop.thai + pop.khmu {
            KHMU
        } else {
            MONG
        };
        let mut name = String::new();
        for _ in 0..30 {
            name = self.random_name(ethnicity, sex);
            if !self.names.contains(&name) {
                break;
            }
        }
        self.names.insert(name.clone());
        let birth = if self.rng.chance(92) {
            Some(ymd(birth_year, self.rng.byte(1, 12), self.rng.byte(1, 28))?)
        } else {
            None
        };
        Ok(Someone {
            name,
            sex,
            ethnicity,
            birth_year,
            birth,
            phone: self.rng.chance(88),
            affiliation: None,
        })
    }

    fn random_name(&mut self, ethnicity: &str, sex: Sex) -> String {
        let r = &mut self.rng;
        let (family, middle, given) = match (ethnicity, sex) {
            (KINH, Sex::Male) => (
                r.pick(KINH_FAMILY),
                r.pick(KINH_MALE_MIDDLE),
                r.pick(KINH_MALE_GIVEN),
            ),
            (KINH, Sex::Female) => (
                r.pick(KINH_FAMILY),
                r.pick(KINH_FEMALE_MIDDLE),
                r.pick(KINH_FEMALE_GIVEN),
            ),
            (MONG, Sex::Male) => (r.pick(MONG_FAMILY), "A", r.pick(MONG_MALE_GIVEN)),
            (MONG, Sex::Female) => (r.pick(MONG_FAMILY), "Thị", r.pick(MONG_FEMALE_GIVEN)),
            (KHMU, Sex::Male) => (r.pick(KHMU_FAMILY), "Văn", r.pick(THAI_MALE_GIVEN)),
            (KHMU, Sex::Female) => (r.pick(KHMU_FAMILY), "Thị", r.pick(THAI_FEMALE_GIVEN)),
            // Many Thái people carry Kinh middle and given names.
            (_, Sex::Male) => {
                let (middle, given) = if r.chance(55) {
                    ("Văn", r.pick(THAI_MALE_GIVEN))
                } else {
                    (r.pick(THAI_MALE_MIDDLE), r.pick(KINH_MALE_GIVEN))
                };
                (r.pick(THAI_FAMILY), middle, given)
            }
            (_, Sex::Female) => {
                let (middle, given) = if r.chance(55) {
                    ("Thị", r.pick(THAI_FEMALE_GIVEN))
                } else {
                    (r.pick(THAI_FEMALE_MIDDLE), r.pick(KINH_FEMALE_GIVEN))
                };
                (r.pick(THAI_FAMILY), middle, given)
            }
        };
        nfc(&format!("{family} {middle} {given}"))
    }

    /// An official member drawn at random: admitted between `first_year` and `last_year` at
    /// 20 to 35, placed in `cell` from `cell_from` (or later, for one in seven who transferred in).
    async fn random_official(
        &mut self,
        pop: Population,
        first_year: i32,
        last_year: i32,
        issuer: &str,
        cell: OrgId,
        cell_from: Date,
    ) -> Result<PersonId, AppError> {
        let year = self.rng.year(first_year, last_year);
        let age = self.rng.year(20, 35);
        let who = self.random_person(pop, year - age)?;
        let adm = self.official_admission(year, issuer)?;
        let mut placed = cell_from.max(adm.ceremony);
        if self.rng.chance(15) {
            let moved = ymd(self.rng.year(2016, 2023), self.rng.byte(1, 12), 1)?;
            placed = placed.max(moved);
        }
        self.member(&who, &adm, cell, placed).await
    }

    async fn random_probationary(
        &mut self,
        pop: Population,
        cell: OrgId,
        cell_from: Date,
    ) -> Result<PersonId, AppError> {
        let age = self.rng.year(19, 30);
        let who = self.random_person(pop, 2025 - age)?;
        let adm = self.probationary_admission()?;
        let placed = cell_from.max(adm.ceremony);
        self.member(&who, &adm, cell, placed).await
    }

    /// S1: the agency cell of twelve people, the Sở Tư pháp committee's roles and its
    /// second cell (where the committee's secretary and the S1 delegate are members).
    async fn s1(&mut self, t: &Tree) -> Result<S1People, AppError> {
        let cell = t.s1_cell;
        let start = HISTORY_START;
        let issuer = "ĐUK";
        // Nine official members.
        let secretary_name = "Lường Văn Thắng";
        let who = self.named(secretary_name, Sex::Male, THAI, date!(1973 - 03 - 12), None);
        let adm = fixed_admission(date!(1998 - 05 - 04), "86-QĐ/ĐUK", date!(1998 - 05 - 19))?;
        let secretary = self.member(&who, &adm, cell, start).await?;
        let who = self.named(
            "Nguyễn Thị Thu Hà",
            Sex::Female,
            KINH,
            date!(1981 - 09 - 25),
            None,
        );
        let adm = fixed_admission(date!(2006 - 08 - 07), "214-QĐ/ĐUK", date!(2006 - 08 - 19))?;
        let deputy = self.member(&who, &adm, cell, start).await?;
        let who = self.named(
            "Phạm Quốc Khánh",
            Sex::Male,
            KINH,
            date!(1968 - 11 - 02),
            None,
        );
        let adm = fixed_admission(date!(1994 - 02 - 01), "31-QĐ/ĐUK", date!(1994 - 02 - 15))?;
        let committee_2022 = self.member(&who, &adm, cell, start).await?;
        let who = self.named(
            "Cà Thị Xuân",
            Sex::Female,
            THAI,
            date!(1986 - 04 - 17),
            None,
        );
        let adm = fixed_admission(date!(2012 - 10 - 05), "377-QĐ/ĐUK", date!(2012 - 10 - 20))?;
        let committee_2025 = self.member(&who, &adm, cell, start).await?;
        let member_name = "Trần Đức Anh";
        let who = self.named(member_name, Sex::Male, KINH, date!(1984 - 07 - 30), None);
        let adm = fixed_admission(date!(2010 - 03 - 08), "102-QĐ/ĐUK", date!(2010 - 03 - 26))?;
        let member = self.member(&who, &adm, cell, date!(2017 - 09 - 01)).await?;
        let mut roster = vec![secretary, deputy, committee_2022, committee_2025, member];
        for (name, sex, ethnicity, birth, year, placed) in [
            (
                "Quàng Văn Pành",
                Sex::Male,
                THAI,
                date!(1979 - 01 - 21),
                2004,
                start,
            ),
            (
                "Vũ Thị Bích Ngọc",
                Sex::Female,
                KINH,
                date!(1989 - 12 - 08),
                2015,
                date!(2016 - 02 - 15),
            ),
            (
                "Hoàng Minh Tuấn",
                Sex::Male,
                KINH,
                date!(1990 - 06 - 14),
                2017,
                date!(2019 - 07 - 01),
            ),
            (
                "Lò Thị Thanh Ngân",
                Sex::Female,
                THAI,
                date!(1987 - 10 - 03),
                2013,
                start,
            ),
        ] {
            let who = self.named(name, sex, ethnicity, birth, None);
            let adm = self.official_admission(year, issuer)?;
            let placed = placed.max(adm.ceremony);
            roster.push(self.member(&who, &adm, cell, placed).await?);
        }
        // One probationary member in Q4 2024 (recognised on 19/5/2025, at the end of twelve
        // months' probation).
        let who = self.named("Giàng A Dình", Sex::Male, MONG, date!(1995 - 08 - 09), None);
        let adm = Admission {
            admitted: date!(2024 - 05 - 06),
            decision: "312-QĐ/ĐUK".into(),
            ceremony: date!(2024 - 05 - 19),
            official: Some(date!(2025 - 05 - 19)),
        };
        roster.push(self.member(&who, &adm, cell, adm.ceremony).await?);
        // Two non-member staff; the first is admitted by the bloc committee's decision of
        // 5/11/2024 (her party record: the decision, no ceremony yet) and at the ceremony of
        // 22/11/2024 ([`Loader::s1_ceremony`]), whose approved minutes place her in the cell
        // as a probationary member. She stays a staff member of the centre (affiliation).
        // Her recognition falls due on 22/11/2025 and is left to the admission workflow
        // (S1 step 4 shows the due date), so no official date is recorded.
        let staff = Some(Affiliation {
            org: cell,
            kind: NonMemberKind::Staff,
        });
        let who = self.named(
            "Đinh Thị Mai Phương",
            Sex::Female,
            KINH,
            date!(1996 - 02 - 27),
            staff,
        );
        let draft = self.draft(&who)?;
        let newcomer = self.w.people().create(&draft).await?;
        self.people += 1;
        self.w
            .people()
            .set_member(
                &Member {
                    person: newcomer,
                    admission_date: S1_DECISION.date,
                    decision_ref: Some(S1_DECISION.reference.into()),
                    ceremony_date: None,
                    official_date: None,
                    recognition_date: None,
                    recognition_ref: None,
                    card_number: None,
                },
                None,
            )
            .await?;
        let who = self.named(
            "Điêu Thị Hoa",
            Sex::Female,
            THAI,
            date!(1997 - 05 - 11),
            staff,
        );
        self.non_member(&who).await?;

        // Committee of three (ORG-03) for the 2022–2025 and 2025–2027 terms.
        for congress in [S1_CONGRESS_2022, S1_CONGRESS_2025] {
            self.w.orgs().add_congress(cell, congress).await?;
        }
        let term1_end = Some(day_before(S1_CONGRESS_2025)?);
        for (person, role) in [
            (secretary, PartyRole::Secretary),
            (deputy, PartyRole::DeputySecretary),
            (committee_2022, PartyRole::CommitteeMember),
        ] {
            self.role(person, cell, role, S1_CONGRESS_2022, term1_end)
                .await?;
        }
        for (person, role) in [
            (secretary, PartyRole::Secretary),
            (deputy, PartyRole::DeputySecretary),
            (committee_2025, PartyRole::CommitteeMember),
        ] {
            self.role(person, cell, role, S1_CONGRESS_2025, None)
                .await?;
        }

        // The Sở Tư pháp committee's own cell: its secretary (the director), the committee
        // member who attends S1's thematic meeting as delegate, and the official who is
        // attached temporarily to the S3 cell.
        let office = t.justice_office_cell;
        let mut office_people = Vec::new();
        for (name, sex, ethnicity, birth, year) in [
            (
                "Ngô Thị Thanh Nhàn",
                Sex::Female,
                KINH,
                date!(1978 - 08 - 16),
                2003,
            ),
            (
                "Đặng Quang Huy",
                Sex::Male,
                KINH,
                date!(1970 - 12 - 05),
                1996,
            ),
            (
                "Tòng Văn Khiêm",
                Sex::Male,
                THAI,
                date!(1975 - 04 - 28),
                2001,
            ),
            ("Hà Văn Sơn", Sex::Male, THAI, date!(1988 - 10 - 19), 2014),
            (
                "Lê Thị Hồng Nhung",
                Sex::Female,
                KINH,
                date!(1985 - 01 - 09),
                2011,
            ),
            ("Vàng A Chá", Sex::Male, MONG, date!(1983 - 06 - 22), 2009),
        ] {
            let who = self.named(name, sex, ethnicity, birth, None);
            let adm = self.official_admission(year, issuer)?;
            let placed = start.max(adm.ceremony);
            office_people.push(self.member(&who, &adm, office, placed).await?);
        }
        let office_congress = date!(2022 - 04 - 20);
        self.w.orgs().add_congress(office, office_congress).await?;
        self.role(
            office_people[0],
            office,
            PartyRole::Secretary,
            office_congress,
            None,
        )
        .await?;
        // Roles on the Sở Tư pháp committee: 2020–2025 and 2025–2030 terms.
        let (c2020, c2025) = (date!(2020 - 06 - 18), date!(2025 - 05 - 22));
        for congress in [c2020, c2025] {
            self.w.orgs().add_congress(t.justice, congress).await?;
        }
        for (from, until) in [(c2020, Some(day_before(c2025)?)), (c2025, None)] {
            for (person, role) in [
                (office_people[1], PartyRole::Secretary),
                (secretary, PartyRole::DeputySecretary),
                (office_people[2], PartyRole::CommitteeMember),
            ] {
                self.role(person, t.justice, role, from, until).await?;
            }
        }
        Ok(S1People {
            secretary,
            secretary_name: secretary_name.into(),
            deputy,
            committee_2022,
            member,
            member_name: member_name.into(),
            seconded: office_people[3],
            roster,
            newcomer,
        })
    }

    /// S3: the residential-group cell (20 official, one exempted; 2 probationary; 1 attached
    /// from the Sở Tư pháp office cell). It meets on the 3rd of each month (nothing stored
    /// yet: meetings come with their own issue).
    async fn s3(&mut self, t: &Tree, s1: &S1People) -> Result<S3People, AppError> {
        let cell = t.s3_cell;
        let start = HISTORY_START;
        let secretary_name = "Trần Văn Bình";
        let who = self.named(secretary_name, Sex::Male, KINH, date!(1958 - 02 - 14), None);
        let adm = fixed_admission(date!(1982 - 12 - 03), "57-QĐ/HU", date!(1982 - 12 - 22))?;
        let secretary = self.member(&who, &adm, cell, start).await?;
        let who = self.named(
            "Lê Thị Hạnh",
            Sex::Female,
            KINH,
            date!(1965 - 10 - 10),
            None,
        );
        let adm = fixed_admission(date!(1990 - 01 - 08), "4-QĐ/HU", date!(1990 - 02 - 03))?;
        let deputy = self.member(&who, &adm, cell, start).await?;
        let who = self.named("Lò Văn Chung", Sex::Male, THAI, date!(1972 - 05 - 20), None);
        let adm = fixed_admission(date!(1999 - 04 - 05), "133-QĐ/HU", date!(1999 - 05 - 19))?;
        let committee = self.member(&who, &adm, cell, start).await?;
        // The exempted member (stays away from meetings; excluded from the denominator when
        // absent, MTG-ATT-03).
        let who = self.named("Phạm Văn Lộc", Sex::Male, KINH, date!(1938 - 07 - 01), None);
        let adm = fixed_admission(date!(1963 - 03 - 02), "12-QĐ/HU", date!(1963 - 03 - 26))?;
        let exempted = self.member(&who, &adm, cell, start).await?;
        // MEM-EX-01: by the cell's resolution of 1/3/2021, reported to the commune
        // committee four days later; the record writes the exempted status (MEM-EX-02).
        let exemption = chibo_domain::lifecycle::Exemption::new(
            chibo_domain::lifecycle::ExemptionGround::Elderly,
            date!(2021 - 03 - 01),
            Period::starting(date!(2021 - 03 - 01)),
            None,
            Some(date!(2021 - 03 - 05)),
            Some(nfc("Miễn công tác và sinh hoạt đảng do tuổi cao, sức yếu")),
            self.w.actor().today(),
        )?;
        self.w
            .lifecycle()
            .record(
                exempted,
                &chibo_domain::lifecycle::Record::Exemption(exemption),
            )
            .await?;
        let mut officials = vec![secretary, deputy, committee];
        for _ in 0..16 {
            officials.push(
                self.random_official(TOWN, 1975, 2023, "HU", cell, start)
                    .await?,
            );
        }
        let mut attending_non_voters = Vec::new();
        for _ in 0..2 {
            attending_non_voters.push(self.random_probationary(TOWN, cell, start).await?);
        }
        // The attached member: home cell Văn phòng Sở Tư pháp, sent to work in the commune
        // for a year; away from home, attached here (attends, neither counted nor voting).
        let attached = s1.seconded;
        let (from, until) = (date!(2025 - 08 - 01), date!(2026 - 07 - 31));
        self.w.people().add_status(&StatusPeriod {
                    person: attached,
                    kind: StatusKind::TemporarilyAway,
                    period: period(from, Some(until))?,
                    note: Some(nfc(
                        "Tăng cường công tác tại xã Ẳng Nưa; sinh hoạt đảng tạm thời tại Chi bộ Tổ dân phố số 3",
                    )),
                },
            )
            .await?;
        self.w.people().add_placement(&Placement {
                    person: attached,
                    org: cell,
                    kind: PlacementKind::Attached,
                    period: period(from, Some(until))?,
                    note: Some(nfc(
                        "Sinh hoạt đảng tạm thời; sinh hoạt chính thức tại Chi bộ Văn phòng Sở Tư pháp (Đảng bộ Sở Tư pháp)",
                    )),
                },
            )
            .await?;
        self.cell_roles(cell, secretary, Some(deputy), Some(committee), 0)
            .await?;
        attending_non_voters.push(attached);
        Ok(S3People {
            secretary,
            secretary_name: secretary_name.into(),
            officials,
            exempted,
            attending_non_voters,
        })
    }

    /// Holds the agenda's steps of meeting `id` one after another from `start`, `minutes`
    /// each, as a meeting held on paper is entered afterwards, up to and including the step
    /// `until` (started, left running) or to the end (all done). Returns the time reached.
    async fn hold_steps(
        &mut self,
        id: chibo_domain::MeetingId,
        start: time::Time,
        minutes: i64,
        until: Option<&str>,
    ) -> Result<time::Time, AppError> {
        use chibo_domain::meeting::StepAction;
        let codes: Vec<String> = self
            .w
            .meetings()
            .get(id)
            .await?
            .ok_or(AppError::NotFound("meeting"))?
            .agenda
            .steps()
            .iter()
            .filter(|s| s.state == chibo_domain::meeting::StepState::Pending)
            .map(|s| s.code.clone())
            .collect();
        let mut at = start;
        for code in codes {
            self.w
                .meetings()
                .step(
                    id,
                    &StepAction::Start { step: code.clone() },
                    Some(at),
                    None,
                )
                .await?;
            if until == Some(code.as_str()) {
                return Ok(at);
            }
            at += time::Duration::minutes(minutes);
        }
        Ok(at)
    }

    /// Scenario S3's meetings (issues 8, 9): October 2025's regular meeting held step by step
    /// and closed with its tasks for November; November's held to the end with the
    /// scenario's roll call — two official members absent without
    /// reason, one with a reason the committee accepted, the exempted member absent, the
    /// probationary and attached members present — October's tasks reviewed, its own tasks
    /// assigned, 10 in favour of the resolution: denominator 18, passed (MTG-ATT-02/03/12) —
    /// and its minutes approved; December's planned, with November's tasks to review.
    async fn s3_meetings(&mut self, cell: OrgId, s3: &S3People) -> Result<(), AppError> {
        use chibo_domain::meeting::details::{Guest, GuestRole, Mode, Officers};
        use chibo_domain::meeting::roll_call::Presence;
        use chibo_domain::meeting::vote::{Tally, VoteSubject};
        use chibo_domain::meeting::work::{TaskProgress, TaskReview};
        use chibo_domain::meeting::Transition;
        use chibo_domain::ruleset::MeetingKind;
        use chibo_store::{DetailsDraft, MeetingDraft, VoteDraft};

        let place = nfc("Nhà văn hóa Tổ dân phố số 3");
        let meeting = |date: Date| MeetingDraft {
            org: cell,
            kind: MeetingKind::Regular,
            date,
            planned_start: time::Time::from_hms(19, 30, 0).ok(),
            place: place.clone(),
        };
        let details = DetailsDraft {
            mode: Mode::InPerson,
            officers: Officers {
                chair: Some(s3.secretary),
                preparer: Some(s3.secretary),
                minute_taker: Some(s3.officials[1]),
            },
            guests: vec![Guest::new(
                &nfc("Hà Văn Sơn"),
                Some(&nfc("Đảng ủy viên, phụ trách chi bộ")),
                GuestRole::SuperiorDelegate,
                Vec::new(),
            )?],
        };
        let t1930 =
            time::Time::from_hms(19, 30, 0).map_err(|e| AppError::Internal(e.to_string()))?;
        // October: held, its tasks for November assigned at step C2, then closed. Every step
        // is started at the time the paper record gives (MTG-DUR-01: 19:30 to past 21:00).
        let october = date!(2025 - 10 - 03);
        let id = self.w.meetings().create(&meeting(october)).await?;
        self.w.meetings().set_details(id, &details, None).await?;
        self.w
            .meetings()
            .transition(id, &Transition::Start, None, None)
            .await?;
        let tasks = [
            (
                "Vận động các hộ trong tổ dân phố đóng góp Quỹ Vì người nghèo năm 2025",
                vec![s3.officials[1], s3.officials[3]],
                date!(2025 - 10 - 31),
            ),
            (
                "Tổ chức tổng vệ sinh đường làng, ngõ xóm trước ngày 20/10",
                vec![s3.officials[2]],
                date!(2025 - 10 - 19),
            ),
            (
                "Nắm tình hình tư tưởng của đảng viên cao tuổi, báo cáo chi ủy",
                vec![s3.secretary],
                date!(2025 - 10 - 28),
            ),
        ];
        let official_present = |i: usize| i + 1 != s3.officials.len();
        for (i, person) in s3.officials.iter().enumerate() {
            let presence = if official_present(i) {
                Presence::present()
            } else {
                Presence::Absent {
                    reason: Some(nfc("Đi công tác xa")),
                    accepted: true,
                }
            };
            self.w
                .meetings()
                .set_attendance(id, *person, presence, None)
                .await?;
        }
        for person in std::iter::once(&s3.exempted).chain(&s3.attending_non_voters) {
            let presence = if *person == s3.exempted {
                Presence::Absent {
                    reason: Some(nfc("Được miễn công tác và sinh hoạt đảng")),
                    accepted: false,
                }
            } else {
                Presence::present()
            };
            self.w
                .meetings()
                .set_attendance(id, *person, presence, None)
                .await?;
        }
        self.hold_steps(id, t1930, 6, Some("C2")).await?;
        for (text, owners, deadline) in tasks {
            self.w
                .meetings()
                .add_task(id, "C2", &nfc(text), owners, deadline)
                .await?;
        }
        let c3 = time::Time::from_hms(20, 54, 0).map_err(|e| AppError::Internal(e.to_string()))?;
        self.w
            .meetings()
            .step(
                id,
                &chibo_domain::meeting::StepAction::Start { step: "C3".into() },
                Some(c3),
                None,
            )
            .await?;
        let c4 = time::Time::from_hms(21, 0, 0).map_err(|e| AppError::Internal(e.to_string()))?;
        self.w
            .meetings()
            .step(
                id,
                &chibo_domain::meeting::StepAction::Start { step: "C4".into() },
                Some(c4),
                None,
            )
            .await?;
        self.w
            .meetings()
            .record_vote(
                id,
                &VoteDraft {
                    subject: nfc("Nghị quyết sinh hoạt chi bộ tháng 10/2025"),
                    kind: VoteSubject::Resolution,
                    method: None,
                    tally: Tally {
                        votes_for: 17,
                        against: 0,
                        abstain: 0,
                    },
                },
            )
            .await?;
        let t2106 =
            time::Time::from_hms(21, 6, 0).map_err(|e| AppError::Internal(e.to_string()))?;
        let end = self.hold_steps(id, t2106, 3, None).await?;
        // Closed by approving its minutes (MTG-MIN-01), once the demo's records are committed.
        self.minutes.push((id, end));
        let october_id = id;
        // November: chaired to the end (issue 9).
        let id = self
            .w
            .meetings()
            .create(&meeting(date!(2025 - 11 - 03)))
            .await?;
        self.w.meetings().set_details(id, &details, None).await?;
        self.w
            .meetings()
            .transition(id, &Transition::Start, None, None)
            .await?;
        let absent = |reason: Option<&str>, accepted| Presence::Absent {
            reason: reason.map(nfc),
            accepted,
        };
        let n = s3.officials.len();
        for (i, person) in s3.officials.iter().enumerate() {
            let presence = if i + 2 >= n {
                absent(None, false)
            } else if i + 3 == n {
                absent(Some("Đi viện chăm mẹ ốm"), true)
            } else {
                Presence::present()
            };
            self.w
                .meetings()
                .set_attendance(id, *person, presence, None)
                .await?;
        }
        self.w
            .meetings()
            .set_attendance(
                id,
                s3.exempted,
                absent(Some("Được miễn công tác và sinh hoạt đảng"), false),
                None,
            )
            .await?;
        for person in &s3.attending_non_voters {
            self.w
                .meetings()
                .set_attendance(id, *person, Presence::present(), None)
                .await?;
        }
        // M2: October's tasks reviewed (MTG-ORD-04); the one in progress rolls forward.
        let at = self.hold_steps(id, t1930, 6, Some("M2")).await?;
        let october_tasks = self
            .w
            .meetings()
            .get(october_id)
            .await?
            .ok_or(AppError::NotFound("meeting"))?
            .tasks;
        for (task, (progress, comment)) in october_tasks.iter().zip([
            (TaskProgress::Done, Some("Đã vận động được 42/45 hộ.")),
            (TaskProgress::Done, None),
            (
                TaskProgress::InProgress,
                Some("Còn hai đảng viên cao tuổi chưa gặp được."),
            ),
        ]) {
            let review = TaskReview::new(progress, comment.map(nfc).as_deref())?;
            self.w.meetings().review_task(id, task.id, &review).await?;
        }
        // C2: November's tasks, reviewed at December's meeting.
        let at = self
            .hold_steps(id, at + time::Duration::minutes(6), 6, Some("C2"))
            .await?;
        for (text, owners, deadline) in [
            (
                "Rà soát, cập nhật danh sách hộ nghèo, cận nghèo của tổ dân phố",
                vec![s3.officials[2], s3.officials[4]],
                date!(2025 - 11 - 28),
            ),
            (
                "Chuẩn bị nội dung kiểm điểm, đánh giá chất lượng đảng viên cuối năm",
                vec![s3.secretary],
                date!(2025 - 11 - 30),
            ),
        ] {
            self.w
                .meetings()
                .add_task(id, "C2", &nfc(text), owners, deadline)
                .await?;
        }
        let at = self
            .hold_steps(id, at + time::Duration::minutes(6), 6, Some("C4"))
            .await?;
        self.w
            .meetings()
            .record_vote(
                id,
                &VoteDraft {
                    subject: nfc("Nghị quyết sinh hoạt chi bộ tháng 11/2025"),
                    kind: VoteSubject::Resolution,
                    method: None,
                    tally: Tally {
                        votes_for: 10,
                        against: 4,
                        abstain: 2,
                    },
                },
            )
            .await?;
        let end = self
            .hold_steps(id, at + time::Duration::minutes(6), 3, None)
            .await?;
        self.minutes.push((id, end));
        // December: planned, with November's tasks (and October's still open) to review at
        // its step M2.
        let december = self
            .w
            .meetings()
            .create(&meeting(date!(2025 - 12 - 03)))
            .await?;
        self.w
            .meetings()
            .set_details(december, &details, None)
            .await?;
        Ok(())
    }

    /// Scenario S1 step 2–3: the cell's Q4 2024 thematic meeting of 22/11/2024 prepared —
    /// topic, the member assigned to present it, the draft approved by the secretary
    /// (MTG-TH-01), the chair, minute-taker and the Sở Tư pháp committee's delegate, and the
    /// non-member staff invited (MTG-ATT-05/06). Notified, ready to be chaired.
    async fn s1_thematic(
        &mut self,
        cell: OrgId,
        s1: &S1People,
    ) -> Result<chibo_domain::MeetingId, AppError> {
        use chibo_domain::meeting::details::{Guest, GuestRole, Mode, Officers};
        use chibo_domain::meeting::Transition;
        use chibo_domain::ruleset::MeetingKind;
        use chibo_store::{DetailsDraft, MeetingDraft, ThematicDraft};

        let id = self
            .w
            .meetings()
            .create(&MeetingDraft {
                org: cell,
                kind: MeetingKind::Thematic,
                date: date!(2024 - 11 - 22),
                planned_start: time::Time::from_hms(14, 0, 0).ok(),
                place: nfc("Phòng họp Trung tâm Trợ giúp pháp lý nhà nước tỉnh"),
            })
            .await?;
        self.w
            .meetings()
            .set_details(
                id,
                &DetailsDraft {
                    mode: Mode::InPerson,
                    officers: Officers {
                        chair: Some(s1.secretary),
                        preparer: Some(s1.deputy),
                        minute_taker: Some(s1.committee_2022),
                    },
                    guests: vec![
                        Guest::new(
                            &nfc("Nguyễn Văn Hưng"),
                            Some(&nfc("Đảng ủy viên Đảng bộ Sở Tư pháp")),
                            GuestRole::SuperiorDelegate,
                            Vec::new(),
                        )?,
                        Guest::new(
                            &nfc("Điêu Thị Hoa"),
                            Some(&nfc("Viên chức Trung tâm (quần chúng)")),
                            GuestRole::NonMember,
                            Vec::new(),
                        )?,
                    ],
                },
                None,
            )
            .await?;
        self.w
            .meetings()
            .set_thematic(
                id,
                &ThematicDraft {
                    topic: Some(nfc(
                        "Văn hoá hợp tác, làm việc nhóm trong Chi bộ Trung tâm trợ giúp pháp lý",
                    )),
                    topic_group: Some("party_building".into()),
                    presenter: Some(s1.member),
                    draft_text: Some(nfc(
                        "1. Lợi ích của làm việc nhóm trong hoạt động trợ giúp pháp lý.\n\
                         2. Thực trạng hợp tác, làm việc nhóm tại Trung tâm.\n\
                         3. Giải pháp: lắng nghe ý kiến của nhau, trình bày quan điểm rõ ràng, \
                         thuyết phục; vai trò của trưởng nhóm; trách nhiệm của từng đảng viên.",
                    )),
                },
                None,
            )
            .await?;
        let approved = time::PrimitiveDateTime::new(
            date!(2024 - 11 - 18),
            time::Time::from_hms(9, 0, 0).map_err(|e| AppError::Internal(e.to_string()))?,
        );
        self.w
            .meetings()
            .approve_draft(id, &s1.secretary_name, Some(approved), None)
            .await?;
        self.w
            .meetings()
            .transition(id, &Transition::Notify, None, None)
            .await?;
        // Step 3: held that afternoon — everyone present, the assigned member presents, the
        // deputy secretary and a member contribute, the secretary concludes — and its minutes
        // approved at the end (MTG-TH-02, MTG-MIN-01).
        self.w
            .meetings()
            .transition(id, &Transition::Start, None, None)
            .await?;
        self.all_present(id, &s1.roster).await?;
        let at = self.hold_steps(id, hm(14, 0)?, 7, Some("T1")).await?;
        self.say(
            id,
            "T1",
            s1.member,
            "Trình bày dự thảo chuyên đề: lợi ích của làm việc nhóm, thực trạng hợp tác tại \
             Trung tâm và các giải pháp.",
        )
        .await?;
        let at = self
            .hold_steps(id, at + time::Duration::minutes(25), 8, Some("T2"))
            .await?;
        self.say(
            id,
            "T2",
            s1.deputy,
            "Mỗi đảng viên cần lắng nghe ý kiến của nhau, trình bày quan điểm rõ ràng, có sức \
             thuyết phục.",
        )
        .await?;
        self.say(
            id,
            "T2",
            s1.committee_2022,
            "Trưởng nhóm phân công rõ việc, theo dõi tiến độ và chịu trách nhiệm chung.",
        )
        .await?;
        let at = self
            .hold_steps(id, at + time::Duration::minutes(25), 8, Some("C1"))
            .await?;
        self.say(
            id,
            "C1",
            s1.secretary,
            "Chi bộ thống nhất nội dung chuyên đề; người trình bày bổ sung phần giải pháp về \
             trách nhiệm của từng đảng viên và hoàn chỉnh, gửi đảng viên học tập, vận dụng.",
        )
        .await?;
        let end = self
            .hold_steps(id, at + time::Duration::minutes(12), 4, None)
            .await?;
        self.minutes.push((id, end));
        self.s1_ceremony(cell, s1).await?;
        Ok(id)
    }

    /// Scenario S1 step 1 (issue 11): the bloc committee's letter 799-CV/ĐUK of 19/11/2023
    /// asking its cells for their 2024 thematic plans (PLAN-03); the cell's plan with a topic
    /// every quarter (PLAN-02), the Q4 one carried out by the thematic meeting of 22/11/2024
    /// and presented by the member assigned to it, submitted and acknowledged (PLAN-04).
    async fn s1_plan(
        &mut self,
        t: &Tree,
        s1: &S1People,
        thematic: chibo_domain::MeetingId,
    ) -> Result<(), AppError> {
        use chibo_domain::meeting::ceremony::DocumentRef;
        use chibo_domain::plan::{Directive, PlanItem, PlanStep};
        let letter = Directive::new(
            t.bloc,
            DocumentRef::parse("799-CV/ĐUK")?,
            date!(2023 - 11 - 19),
            &nfc("Đảng ủy Khối Cơ quan và Doanh nghiệp tỉnh"),
            &nfc("Tổ chức các hoạt động đảng và xây dựng kế hoạch sinh hoạt chuyên đề năm 2024"),
            2024,
            Some(date!(2023 - 12 - 31)),
            vec![nfc("Văn hoá công sở, đạo đức công vụ")],
        )?;
        let directive = self.w.plans().add_directive(&letter, t.bloc).await?;
        let plan = self
            .w
            .plans()
            .create(t.s1_cell, 2024, Some(directive))
            .await?;
        let rules = chibo_domain::ruleset::Catalogue::builtin().rules_on(date!(2024 - 01 - 01))?;
        let mut items = Vec::new();
        for (quarter, month, group, title, presenter) in [
            (
                1,
                Some(3),
                "ho_chi_minh",
                "Tinh thần trách nhiệm, phục vụ nhân dân trong hoạt động trợ giúp pháp lý",
                s1.deputy,
            ),
            (
                2,
                Some(6),
                "theory_and_skills",
                "Nâng cao kỹ năng tư vấn pháp luật cho người dân tộc thiểu số",
                s1.committee_2022,
            ),
            (
                3,
                Some(9),
                "anti_corruption",
                "Phòng, chống tiêu cực trong thực hiện vụ việc trợ giúp pháp lý",
                s1.secretary,
            ),
            (
                4,
                Some(11),
                "party_building",
                "Văn hoá hợp tác, làm việc nhóm trong Chi bộ Trung tâm trợ giúp pháp lý",
                s1.member,
            ),
        ] {
            let mut item = PlanItem::new(
                &rules,
                quarter,
                month,
                Some(group),
                Some(&nfc(title)),
                Some(presenter),
                None,
            )?;
            if quarter == 4 {
                item.meeting = Some(thematic);
            }
            items.push(item);
        }
        self.w.plans().set_items(plan, items, None).await?;
        let cell = nfc(&s1.secretary_name);
        self.w
            .plans()
            .step(plan, &PlanStep::Submit, &cell, None)
            .await?;
        self.w
            .plans()
            .step(
                plan,
                &PlanStep::Acknowledge,
                &nfc("Đảng ủy Sở Tư pháp"),
                None,
            )
            .await?;
        Ok(())
    }

    /// Scenario S1 step 4: the same day, the ceremony admitting the staff member by decision
    /// 456-QĐ/ĐUK of 5/11/2024 (ADM-CER-01..03): its act (decision, helping member), every
    /// step of the prescribed order held, and its minutes approved — which makes her a
    /// probationary member of the cell from 22/11/2024 (ADM-PRB-01).
    async fn s1_ceremony(&mut self, cell: OrgId, s1: &S1People) -> Result<(), AppError> {
        use chibo_domain::meeting::ceremony::{AdmissionDecision, CeremonyAct, DocumentRef};
        use chibo_domain::meeting::details::{Guest, GuestRole, Mode, Officers};
        use chibo_domain::meeting::Transition;
        use chibo_domain::ruleset::{Deadline, MeetingKind};
        use chibo_store::{DetailsDraft, MeetingDraft};

        let date = date!(2024 - 11 - 22);
        let id = self
            .w
            .meetings()
            .create(&MeetingDraft {
                org: cell,
                kind: MeetingKind::AdmissionCeremony,
                date,
                planned_start: time::Time::from_hms(16, 0, 0).ok(),
                place: nfc("Phòng họp Trung tâm Trợ giúp pháp lý nhà nước tỉnh"),
            })
            .await?;
        self.w
            .meetings()
            .set_details(
                id,
                &DetailsDraft {
                    mode: Mode::InPerson,
                    officers: Officers {
                        chair: Some(s1.secretary),
                        preparer: Some(s1.deputy),
                        minute_taker: Some(s1.committee_2022),
                    },
                    guests: vec![Guest::new(
                        &nfc("Nguyễn Văn Hưng"),
                        Some(&nfc("Đảng ủy viên Đảng bộ Sở Tư pháp")),
                        GuestRole::SuperiorDelegate,
                        Vec::new(),
                    )?],
                },
                None,
            )
            .await?;
        let act = CeremonyAct::new(
            &[s1.newcomer],
            AdmissionDecision {
                reference: DocumentRef::parse(S1_DECISION.reference)?,
                date: S1_DECISION.date,
                issuer: nfc(S1_DECISION.issuer),
                received_on: S1_DECISION.received_on,
            },
            s1.member,
            None,
        )?;
        // ADM-CER-01 on the built-in calendar (the demo records no adjustment for 2024).
        let within = chibo_domain::ruleset::Catalogue::builtin()
            .rules_on(date)?
            .deadline(Deadline::Ceremony)
            .get();
        let last_day = chibo_domain::calendar::WorkingCalendar::builtin(2024..=2025)?
            .add_working_days(S1_DECISION.received_on, within)?;
        self.w
            .meetings()
            .set_ceremony(id, &act, last_day, None)
            .await?;
        self.w
            .meetings()
            .transition(id, &Transition::Notify, None, None)
            .await?;
        self.w
            .meetings()
            .transition(id, &Transition::Start, None, None)
            .await?;
        self.all_present(id, &s1.roster).await?;
        let end = self.hold_steps(id, hm(16, 0)?, 5, None).await?;
        self.minutes.push((id, end));
        Ok(())
    }

    /// Marks everyone in `people` present at meeting `id`.
    async fn all_present(
        &mut self,
        id: chibo_domain::MeetingId,
        people: &[PersonId],
    ) -> Result<(), AppError> {
        for person in people {
            self.w
                .meetings()
                .set_attendance(
                    id,
                    *person,
                    chibo_domain::meeting::roll_call::Presence::present(),
                    None,
                )
                .await?;
        }
        Ok(())
    }

    /// Records what `person` said at step `step` of meeting `id`.
    async fn say(
        &mut self,
        id: chibo_domain::MeetingId,
        step: &str,
        person: PersonId,
        text: &str,
    ) -> Result<(), AppError> {
        let c = chibo_domain::meeting::work::Contribution::new(
            step,
            chibo_domain::meeting::work::Speaker::Person { person },
            &nfc(text),
        )?;
        self.w.meetings().add_contribution(id, &c).await?;
        Ok(())
    }

    /// Congresses of a cell in 2022 and 2025 (spring, a different day per cell) and its
    /// committee for both terms.
    async fn cell_roles(
        &mut self,
        cell: OrgId,
        secretary: PersonId,
        deputy: Option<PersonId>,
        committee: Option<PersonId>,
        spread: u32,
    ) -> Result<(), AppError> {
        let month = 3 + (spread % 3) as u8;
        let c2022 = ymd(2022, month, 2 + (spread % 25) as u8)?;
        let c2025 = ymd(2025, month, 2 + ((spread * 7) % 25) as u8)?;
        for congress in [c2022, c2025] {
            self.w.orgs().add_congress(cell, congress).await?;
        }
        for (from, until) in [(c2022, Some(day_before(c2025)?)), (c2025, None)] {
            self.role(secretary, cell, PartyRole::Secretary, from, until)
                .await?;
            if let Some(deputy) = deputy {
                self.role(deputy, cell, PartyRole::DeputySecretary, from, until)
                    .await?;
            }
            if let Some(committee) = committee {
                self.role(committee, cell, PartyRole::CommitteeMember, from, until)
                    .await?;
            }
        }
        Ok(())
    }

    /// S4 (issue 11): the commune committee's directive for the 2026 thematic plans, due
    /// 31/12/2025 (PLAN-03), and its cells' answers — six acknowledged and carried out
    /// quarter by quarter (thematic meetings with approved minutes in Q1–Q3, Q4 still
    /// planned), one acknowledged that skipped Q3 (its Q3 topic "missed" on 29/11/2026,
    /// MTG-FREQ-02), two revised in October and returned with a comment, two drafts never
    /// submitted (begun late, only Q4's topic so far); the rest (S3 among them) never started one — past the due date.
    async fn s4_plans(&mut self, t: &Tree) -> Result<(), AppError> {
        use chibo_domain::meeting::ceremony::DocumentRef;
        use chibo_domain::meeting::Transition;
        use chibo_domain::plan::{Directive, PlanItem, PlanStep};
        use chibo_domain::ruleset::MeetingKind;
        use chibo_store::{MeetingDraft, ThematicDraft};

        let letter = Directive::new(
            t.commune,
            DocumentRef::parse("12-CV/ĐU")?,
            date!(2025 - 11 - 20),
            &nfc("Đảng ủy xã Ẳng Nưa"),
            &nfc("Xây dựng kế hoạch sinh hoạt chuyên đề năm 2026"),
            2026,
            Some(date!(2025 - 12 - 31)),
            vec![
                nfc("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"),
                nfc("Chuyển đổi số trong hoạt động của chi bộ"),
            ],
        )?;
        let directive = self.w.plans().add_directive(&letter, t.commune).await?;
        let rules = chibo_domain::ruleset::Catalogue::builtin().rules_on(date!(2026 - 01 - 01))?;
        const TOPICS: [(&str, &str); 4] = [
            ("ho_chi_minh", "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về tinh thần phục vụ nhân dân"),
            ("theory_and_skills", "Chuyển đổi số trong sinh hoạt chi bộ"),
            ("party_building", "Nâng cao chất lượng sinh hoạt chi bộ"),
            ("anti_corruption", "Phòng, chống tham nhũng, tiêu cực ở cơ sở"),
        ];
        let cells = std::mem::take(&mut self.s4);
        for (n, (cell, officials)) in cells.iter().enumerate() {
            // 0–5 carried out, 6 skipped Q3, 7–8 returned, 9–10 drafts, the rest none.
            if n > 10 || officials.len() < 3 {
                continue;
            }
            let presenter = officials[n % officials.len()];
            let plan = self.w.plans().create(*cell, 2026, Some(directive)).await?;
            let mut items = Vec::new();
            for (q, (group, title)) in TOPICS.iter().enumerate() {
                let quarter = q as u8 + 1;
                items.push(PlanItem::new(
                    &rules,
                    quarter,
                    Some(quarter * 3 - 1),
                    Some(group),
                    Some(&nfc(title)),
                    Some(presenter),
                    None,
                )?);
            }
            let held_quarters: &[usize] = match n {
                0..=5 | 7 | 8 => &[0, 1, 2],
                6 => &[0, 1],
                _ => &[],
            };
            for q in held_quarters {
                let month = (*q as u8) * 3 + 2;
                let date = ymd(2026, month, 10 + (n as u8 % 10))?;
                let id = self
                    .w
                    .meetings()
                    .create(&MeetingDraft {
                        org: *cell,
                        kind: MeetingKind::Thematic,
                        date,
                        planned_start: time::Time::from_hms(19, 30, 0).ok(),
                        place: nfc("Nhà văn hóa"),
                    })
                    .await?;
                self.w
                    .meetings()
                    .set_thematic(
                        id,
                        &ThematicDraft {
                            topic: Some(nfc(TOPICS[*q].1)),
                            topic_group: Some(TOPICS[*q].0.into()),
                            presenter: Some(presenter),
                            draft_text: Some(nfc(
                                "1. Nội dung chuyên đề.\n2. Liên hệ thực tế của chi bộ.\n3. Giải pháp, nhiệm vụ của đảng viên.",
                            )),
                        },
                        None,
                    )
                    .await?;
                let approved = time::PrimitiveDateTime::new(ymd(2026, month, 1)?, hm(8, 0)?);
                self.w
                    .meetings()
                    .approve_draft(id, "Bí thư chi bộ", Some(approved), None)
                    .await?;
                self.w
                    .meetings()
                    .transition(id, &Transition::Notify, None, None)
                    .await?;
                self.w
                    .meetings()
                    .transition(id, &Transition::Start, None, None)
                    .await?;
                self.all_present(id, officials).await?;
                let end = self.hold_steps(id, hm(19, 30)?, 6, None).await?;
                self.minutes.push((id, end));
                items[*q].meeting = Some(id);
            }
            if n >= 9 {
                // A draft begun late: only the last quarter's topic so far.
                self.w
                    .plans()
                    .set_items(plan, items.split_off(3), None)
                    .await?;
                continue;
            }
            self.w.plans().set_items(plan, items.clone(), None).await?;
            let secretary = nfc("Bí thư chi bộ");
            let committee = nfc("Đảng ủy xã Ẳng Nưa");
            self.w
                .plans()
                .step(plan, &PlanStep::Submit, &secretary, None)
                .await?;
            self.w
                .plans()
                .step(plan, &PlanStep::Acknowledge, &committee, None)
                .await?;
            if n == 7 || n == 8 {
                // A revision during the year: Q4's topic changed, returned for a presenter.
                self.w
                    .plans()
                    .step(plan, &PlanStep::Revise, &secretary, None)
                    .await?;
                items[3].topic.title = Some(nfc("Xây dựng nông thôn mới gắn với chuyển đổi số"));
                items[3].presenter = None;
                self.w.plans().set_items(plan, items, None).await?;
                self.w
                    .plans()
                    .step(plan, &PlanStep::Submit, &secretary, None)
                    .await?;
                self.w
                    .plans()
                    .step(
                        plan,
                        &PlanStep::Return {
                            comment: nfc(
                                "Đề nghị phân công người chuẩn bị, trình bày chuyên đề quý IV.",
                            ),
                        },
                        &committee,
                        None,
                    )
                    .await?;
            }
        }
        Ok(())
    }

    /// S4: the other 39 cells of the commune (40 with S3): 27 village and residential-group
    /// cells, 6 school cells, 4 state-agency cells, 2 enterprise cells, 15 to 40 members
    /// each, except one enterprise cell with 2 official members (ORG-02); one village cell
    /// with nine or more official members has no committee (ORG-03).
    async fn commune_cells(&mut self, t: &Tree) -> Result<(), AppError> {
        const VILLAGES: &[&str] = &[
            "Chi bộ Tổ dân phố số 1",
            "Chi bộ Tổ dân phố số 2",
            "Chi bộ Tổ dân phố số 4",
            "Chi bộ bản Hón",
            "Chi bộ bản Co Hắm",
            "Chi bộ bản Ten Hon",
            "Chi bộ bản Pú Súa",
            "Chi bộ bản Xuân Tre 1",
            "Chi bộ bản Xuân Tre 2",
            "Chi bộ bản Củ",
            "Chi bộ bản Cang",
            "Chi bộ bản Ban",
            "Chi bộ bản Tát Hẹ",
            "Chi bộ bản Pá Nậm",
            "Chi bộ bản Nậm Cứm",
            "Chi bộ bản Hua Nạ",
            "Chi bộ bản Co Sáng",
            "Chi bộ bản Huổi Sứa",
            "Chi bộ bản Pú Nhung",
            "Chi bộ bản Hỏm",
            "Chi bộ bản Món",
            "Chi bộ bản Nà Hy",
            "Chi bộ bản Phiêng Ban",
            "Chi bộ bản Kéo",
            "Chi bộ bản Ta Pọng",
            "Chi bộ bản Coọc",
            "Chi bộ bản Đông Mệt",
        ];
        const SCHOOLS: &[&str] = &[
            "Chi bộ Trường Mầm non Ẳng Nưa",
            "Chi bộ Trường Mầm non Hoa Ban",
            "Chi bộ Trường Tiểu học Ẳng Nưa",
            "Chi bộ Trường Tiểu học số 2 Ẳng Nưa",
            "Chi bộ Trường Trung học cơ sở Ẳng Nưa",
            "Chi bộ Trường Phổ thông dân tộc bán trú Trung học cơ sở Ẳng Nưa",
        ];
        const AGENCIES: &[&str] = &[
            "Chi bộ Cơ quan Đảng, Mặt trận và các đoàn thể xã",
            "Chi bộ Cơ quan Ủy ban nhân dân xã",
            "Chi bộ Trạm Y tế xã Ẳng Nưa",
            "Chi bộ Trung tâm Phục vụ hành chính công xã",
        ];
        /// The cell with no committee although it has nine or more official members.
        const NO_COMMITTEE: &str = "Chi bộ bản Pú Súa";
        let mut plan: Vec<(&str, CellType, Population, Date)> = Vec::new();
        for name in VILLAGES {
            let pop = if name.contains("Tổ dân phố") {
                TOWN
            } else {
                VILLAGE
            };
            plan.push((name, CellType::Village, pop, HISTORY_START));
        }
        for name in SCHOOLS {
            plan.push((name, CellType::School, SCHOOL, HISTORY_START));
        }
        for name in AGENCIES {
            plan.push((name, CellType::StateAgency, AGENCY, HISTORY_START));
        }
        plan.push((
            "Chi bộ Đội Quản lý điện Ẳng Nưa",
            CellType::StateEnterprise,
            ENTERPRISE,
            HISTORY_START,
        ));
        // The small one (ORG-02): two official members and one probationary.
        let small = "Chi bộ Công ty Cổ phần Cà phê Ẳng Nưa";
        plan.push((
            small,
            CellType::PrivateEnterprise,
            ENTERPRISE,
            date!(2019 - 03 - 01),
        ));

        let mut party_agencies_cell = None;
        for (i, (name, cell_type, pop, from)) in plan.into_iter().enumerate() {
            let cell = self.cell(name, cell_type, t.commune, from).await?;
            let (holder_first_year, member_first_year) = match cell_type {
                CellType::Village => (1972, 1985),
                CellType::School => (1998, 2002),
                _ => (1995, 2000),
            };
            let (official, probationary) = if name == small {
                (2, 1)
            } else {
                let size = self.rng.range(15, 40);
                let probationary = self.rng.range(0, 2);
                (size - probationary, probationary)
            };
            // The committee first: long-standing members placed since the cell existed.
            let mut holders = Vec::new();
            let seats = if official >= 9 { 3 } else { 1 };
            for _ in 0..seats {
                let year = self.rng.year(holder_first_year, 2012);
                let age = self.rng.year(22, 35);
                let who = self.random_person(pop, year - age)?;
                let adm = self.official_admission(year, "HU")?;
                let placed = from.max(adm.ceremony);
                holders.push(self.member(&who, &adm, cell, placed).await?);
            }
            let mut officials = holders.clone();
            for _ in seats..official {
                officials.push(
                    self.random_official(pop, member_first_year, 2023, "HU", cell, from)
                        .await?,
                );
            }
            self.s4.push((cell, officials));
            for _ in 0..probationary {
                self.random_probationary(pop, cell, from).await?;
            }
            let secretary = holders[0];
            let deputy = holders.get(1).copied();
            let committee = if name == NO_COMMITTEE {
                None
            } else {
                holders.get(2).copied()
            };
            self.cell_roles(cell, secretary, deputy, committee, i as u32 + 1)
                .await?;
            // Issue 12: two admission cases in the commune (candidates named, so the
            // generator's sequence, and every other person, stays as it was).
            let candidate = match name {
                n if n == AGENCIES[1] => {
                    Some(("Lò Thị Thu Hà", Sex::Female, date!(1998 - 04 - 12)))
                }
                n if n == SCHOOLS[4] => Some(("Quàng Văn Toản", Sex::Male, date!(1999 - 10 - 03))),
                _ => None,
            };
            if let Some((full_name, sex, birth)) = candidate {
                let who = self.named(
                    full_name,
                    sex,
                    THAI,
                    birth,
                    Some(Affiliation {
                        org: cell,
                        kind: NonMemberKind::Candidate,
                    }),
                );
                let person = self.non_member(&who).await?;
                self.admission_cells.push((cell, holders.clone(), person));
            }
            if name == AGENCIES[0] {
                party_agencies_cell = Some(holders);
            }
        }
        // The commune committee's own leaders after the reorganisation sit in the party
        // agencies' cell (not as its secretary).
        if let Some(holders) = party_agencies_cell {
            if let [_, deputy, committee, ..] = holders.as_slice() {
                self.role(
                    *committee,
                    t.commune,
                    PartyRole::Secretary,
                    REORGANISATION,
                    None,
                )
                .await?;
                self.role(
                    *deputy,
                    t.commune,
                    PartyRole::DeputySecretary,
                    REORGANISATION,
                    None,
                )
                .await?;
            }
        }
        Ok(())
    }

    async fn logins(
        &mut self,
        t: &Tree,
        s1: &S1People,
        s3: &S3People,
    ) -> Result<Vec<(String, String)>, AppError> {
        // Hashed once: argon2 is deliberately slow, and all six share the password.
        let hash = crate::auth::hash_password_with(DEMO_PASSWORD, 19456, 2)?;
        let users = [
            (
                "admin",
                None,
                vec![SystemRole::Admin],
                "Quản trị hệ thống".to_string(),
                Some("Quản trị hệ thống"),
            ),
            (
                "tochuc.tinh",
                None,
                vec![SystemRole::Staff { org: t.province }],
                "Cán bộ Ban Tổ chức Tỉnh ủy Điện Biên".to_string(),
                Some("Lò Thị Hương"),
            ),
            (
                "danguy.xa",
                None,
                vec![SystemRole::Staff { org: t.commune }],
                "Cán bộ Văn phòng Đảng ủy xã Ẳng Nưa".to_string(),
                Some("Quàng Văn Thắng"),
            ),
            (
                "bithu.tgpl",
                Some(s1.secretary),
                vec![],
                format!(
                    "Bí thư Chi bộ Trung tâm Trợ giúp pháp lý nhà nước, Phó Bí thư Đảng ủy Sở Tư pháp (đồng chí {})",
                    s1.secretary_name
                ),
                None,
            ),
            (
                "dangvien.tgpl",
                Some(s1.member),
                vec![],
                format!(
                    "Đảng viên Chi bộ Trung tâm Trợ giúp pháp lý nhà nước (đồng chí {})",
                    s1.member_name
                ),
                None,
            ),
            (
                "bithu.to3",
                Some(s3.secretary),
                vec![],
                format!(
                    "Bí thư Chi bộ Tổ dân phố số 3, xã Ẳng Nưa (đồng chí {})",
                    s3.secretary_name
                ),
                None,
            ),
        ];
        let mut out = Vec::new();
        // Staff without a person are greeted by a (fictional) name; logins linked to a
        // person use the person's name.
        for (login, person, roles, description, name) in users {
            self.w
                .users()
                .create(&NewUser {
                    login: login.to_string(),
                    password_hash: hash.clone(),
                    person,
                    roles,
                    display_name: name.map(nfc),
                })
                .await?;
            out.push((login.to_string(), nfc(&description)));
        }
        Ok(out)
    }
}

fn fixed_admission(admitted: Date, decision: &str, ceremony: Date) -> Result<Admission, AppError> {
    let official = ceremony
        .replace_year(ceremony.year() + 1)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(Admission {
        admitted,
        decision: nfc(decision),
        ceremony,
        official: Some(official),
    })
}

/// A time of day on the demo's record.
fn hm(hour: u8, minute: u8) -> Result<time::Time, AppError> {
    time::Time::from_hms(hour, minute, 0).map_err(|e| AppError::Internal(e.to_string()))
}

fn nfc(s: &str) -> String {
    s.nfc().collect()
}

// ---------------------------------------------------------------------------------------
// Issue 12: admission cases

fn step(code: &str, date: Date) -> crate::admissions::TransitionInput {
    crate::admissions::TransitionInput {
        step: Some(code.into()),
        date: Some(date.to_string()),
        ..Default::default()
    }
}

fn paper_vote(
    code: &str,
    date: Date,
    votes_for: u32,
    denominator: u32,
) -> crate::admissions::TransitionInput {
    crate::admissions::TransitionInput {
        method: Some("secret_ballot".into()),
        votes_for: Some(votes_for),
        against: Some(denominator - votes_for),
        abstain: Some(0),
        denominator: Some(denominator),
        lower_secondary: Some(true),
        ..step(code, date)
    }
}

/// How far a demo case goes: to the cell's resolution on that date, or to the opinions.
enum Until {
    Resolution(Date),
    Opinions(Date),
}

/// Opens a case on `opened` and records the steps from the awareness course up to the
/// cell's resolution, `resolution` being its date; earlier steps spread before it.
async fn case_to_resolution(
    store: &Store,
    actor: &Actor,
    cell: OrgId,
    person: PersonId,
    committee: &[PersonId],
    opened: Date,
    until: Until,
) -> Result<i64, AppError> {
    let (resolution, stop_at_opinions) = match until {
        Until::Resolution(r) => (Some(r), None),
        Until::Opinions(o) => (None, Some(o)),
    };
    use crate::admissions::{CaseInput, IntroducerInput, TransitionInput};
    let [helper, second, ..] = committee else {
        return Err(AppError::Internal(
            "a cell of the demo has no committee".into(),
        ));
    };
    let id = crate::admissions::open(
        store,
        actor,
        cell,
        &CaseInput {
            person: Some(person.0),
            helper: Some(helper.0),
            date: Some(opened.to_string()),
        },
    )
    .await?;
    let at = |days: i64| opened + time::Duration::days(days);
    let mut steps = vec![
        TransitionInput {
            certificate_date: Some(at(20).to_string()),
            ..step("course", at(25))
        },
        step("application", at(45)),
        step("life_history", at(75)),
        TransitionInput {
            checked: vec!["applicant".into(), "parents".into(), "spouse".into()],
            ..step("background_check", at(130))
        },
        TransitionInput {
            summary: Some(nfc(
                "Các đoàn thể và chi ủy nơi cư trú đều nhất trí giới thiệu.",
            )),
            ..step("opinions", stop_at_opinions.unwrap_or(at(160)))
        },
    ];
    if let Some(r) = resolution {
        steps.push(TransitionInput {
            introducers: [helper, second]
                .iter()
                .map(|p| IntroducerInput {
                    person: Some(p.0),
                    together_since: Some("2019-01-01".into()),
                    ..Default::default()
                })
                .collect(),
            ..step("introducers", r - time::Duration::days(21))
        });
        steps.push(paper_vote("cell_resolution", r, 9, 10));
    }
    for s in &steps {
        crate::admissions::transition(store, actor, id, s).await?;
    }
    Ok(id)
}

/// Issue 12's demo cases. S1: Đinh Thị Mai Phương, from sympathiser (January 2024) to the
/// ceremony of 22/11/2024 (the decision 456-QĐ/ĐUK of 5/11, received 8/11), her life
/// history completed, now in probation with the recognition deadline computed (ADM-REC-01).
/// S4: in the commune, one case whose 60-working-day decision deadline (ADM-DEC-02) falls
/// three working days after the day the demo is loaded, and one at the opinions stage.
async fn admissions(
    store: &Store,
    actor: &Actor,
    s1_cell: OrgId,
    s1: &S1People,
    commune: &[(OrgId, Vec<PersonId>, PersonId)],
) -> Result<(), AppError> {
    use crate::admissions::TransitionInput;
    let id = case_to_resolution(
        store,
        actor,
        s1_cell,
        s1.newcomer,
        &[s1.member, s1.secretary, s1.deputy],
        date!(2024 - 01 - 15),
        Until::Resolution(date!(2024 - 09 - 10)),
    )
    .await?;
    // The committee of the S1 cell is not the introducers' whole list: the secretary and
    // the deputy introduced her; the helping member stays the one named at the ceremony.
    for s in [
        TransitionInput {
            reference: Some("25-NQ/ĐU".into()),
            ..step("committee_resolution", date!(2024 - 09 - 20))
        },
        TransitionInput {
            reference: Some(S1_DECISION.reference.into()),
            issuer: Some(nfc(S1_DECISION.issuer)),
            ..step("decision", S1_DECISION.date)
        },
        step("decision_received", S1_DECISION.received_on),
        TransitionInput {
            helper: Some(s1.member.0),
            ..step("probation", date!(2024 - 11 - 22))
        },
        step("member_life_history", date!(2024 - 12 - 20)),
    ] {
        crate::admissions::transition(store, actor, id, &s).await?;
    }
    let today = actor.today();
    let calendar = crate::calendar::working_calendar(
        store,
        (today.year() - 2).max(chibo_domain::calendar::HOLIDAY_FIRST_YEAR)..=today.year() + 1,
    )
    .await?;
    // The resolution 57 working days before today: the decision is due in 3.
    let mut resolution = today;
    while calendar.working_days_between(resolution, today)? < 57 {
        resolution -= time::Duration::days(1);
    }
    if let [(cell, committee, person), (cell2, committee2, person2), ..] = commune {
        case_to_resolution(
            store,
            actor,
            *cell,
            *person,
            committee,
            resolution - time::Duration::days(300),
            Until::Resolution(resolution),
        )
        .await?;
        case_to_resolution(
            store,
            actor,
            *cell2,
            *person2,
            committee2,
            today - time::Duration::days(200),
            Until::Opinions(today - time::Duration::days(10)),
        )
        .await?;
    }
    Ok(())
}

/// Issue 12, membership lifecycle in the S4 commune: an official member of the S3 cell is
/// transferred to another cell of the commune (MEM-TR-01), decided 45 days before the day
/// the demo is loaded; the letter was issued 12 days before it, so the reception is due
/// within 30 working days of the letter (MEM-TR-02) and is listed at both cells and by
/// `chibo deadlines`. (The S3 cell's exempted elderly member is recorded with the cell, as a
/// MEM-EX-01 record.)
async fn lifecycle(
    store: &Store,
    actor: &Actor,
    s3_cell: OrgId,
    s3: &S3People,
    commune: &[(OrgId, Vec<PersonId>, PersonId)],
) -> Result<(), AppError> {
    let (Some((to, _, _)), Some(mover)) = (commune.first(), s3.officials.last()) else {
        return Ok(());
    };
    if *to == s3_cell {
        return Ok(());
    }
    let today = actor.today();
    let fmt = |d: Date| format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day());
    let id = crate::lifecycle::record_transfer(
        store,
        actor,
        *mover,
        &crate::lifecycle::TransferInput {
            receiving: Some(to.0),
            receiving_name: None,
            decision_date: Some(fmt(today - time::Duration::days(45))),
            reason: Some(nfc("Chuyển nơi cư trú về thôn khác trong xã")),
        },
    )
    .await?;
    crate::lifecycle::transfer_step(
        store,
        actor,
        id,
        crate::lifecycle::TransferScope::Org(s3_cell),
        &crate::lifecycle::TransferStepInput {
            step: Some("letter".into()),
            date: Some(fmt(today - time::Duration::days(12))),
            version: None,
        },
    )
    .await?;
    Ok(())
}
