//! Fictional members for a practice group's sandbox cell (TRN-01): a realistic mix of
//! official, probationary, exempted and attached members with Vietnamese names, generated
//! from a seed so the same group always gets the same cell. Nobody here is a real person.

use serde::{Deserialize, Serialize};

/// How a sample member stands in the sandbox cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SampleStanding {
    Official,
    /// An official member exempted from activities (MEM-EX-02).
    Exempted,
    /// Probationary (MTG-ATT-01: attends, does not vote).
    Probationary,
    /// An official member of another cell attached here temporarily (MTG-ATT-12).
    Attached,
}

impl SampleStanding {
    pub fn label_vi(self) -> &'static str {
        match self {
            SampleStanding::Official => "Đảng viên chính thức",
            SampleStanding::Exempted => "Đảng viên chính thức (miễn sinh hoạt)",
            SampleStanding::Probationary => "Đảng viên dự bị",
            SampleStanding::Attached => "Sinh hoạt tạm thời",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SampleMember {
    pub full_name: String,
    pub female: bool,
    pub birth_year: i32,
    pub standing: SampleStanding,
}

const FAMILY: [&str; 12] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Lò",
];
const MIDDLE_M: [&str; 6] = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Công"];
const MIDDLE_F: [&str; 6] = ["Thị", "Thu", "Ngọc", "Thanh", "Kim", "Hồng"];
const GIVEN_M: [&str; 12] = [
    "An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phúc", "Sơn", "Tuấn",
];
const GIVEN_F: [&str; 12] = [
    "Anh", "Chi", "Dung", "Hà", "Hạnh", "Hoa", "Lan", "Linh", "Mai", "Nga", "Thảo", "Yến",
];

/// A small deterministic generator (no randomness from the environment: the domain is pure).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let n = u64::try_from(n).unwrap_or(1).max(1);
        usize::try_from((self.0 >> 33) % n).unwrap_or(0)
    }
}

/// The smallest sandbox cell: enough official members for a committee (ORG-03) and the mix.
pub const MIN_SIZE: usize = 12;

/// `size` fictional members (at least [`MIN_SIZE`]) for the sandbox cell of group `seed`,
/// names distinct: one exempted, two probationary, one attached from another cell, the rest
/// official.
pub fn sample_members(seed: u64, size: usize) -> Vec<SampleMember> {
    let size = size.max(MIN_SIZE);
    let mut rng = Lcg(seed ^ 0x5eed_c41b_0000_0013);
    let mut out: Vec<SampleMember> = Vec::with_capacity(size);
    while out.len() < size {
        let i = out.len();
        let female = rng.next(2) == 0;
        let (middle, given) = if female {
            (MIDDLE_F[rng.next(6)], GIVEN_F[rng.next(12)])
        } else {
            (MIDDLE_M[rng.next(6)], GIVEN_M[rng.next(12)])
        };
        let full_name = format!("{} {middle} {given}", FAMILY[rng.next(12)]);
        if out.iter().any(|m| m.full_name == full_name) {
            continue;
        }
        let standing = match i {
            1 => SampleStanding::Exempted,
            2 | 3 => SampleStanding::Probationary,
            4 => SampleStanding::Attached,
            _ => SampleStanding::Official,
        };
        let birth_year = match standing {
            SampleStanding::Exempted => 1945 + i32::try_from(rng.next(10)).unwrap_or(0),
            SampleStanding::Probationary => 1990 + i32::try_from(rng.next(10)).unwrap_or(0),
            _ => 1955 + i32::try_from(rng.next(40)).unwrap_or(0),
        };
        out.push(SampleMember {
            full_name,
            female,
            birth_year,
            standing,
        });
    }
    out
}
