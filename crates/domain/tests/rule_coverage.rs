//! Rules that the code carries as data (agenda steps, document format, dues parameters) or as
//! model structure, each checked where it is applied. Together with the module tests, every
//! rule ID the code names is named by a test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chibo_domain::member::{PlacementKind, StatusKind};
use chibo_domain::org::OrgKind;
use chibo_domain::ruleset::{Catalogue, MeetingKind};
use time::macros::date;

fn step_rules(date: time::Date, kind: MeetingKind, code: &str) -> Vec<String> {
    let rules = Catalogue::builtin().rules_on(date).unwrap();
    rules
        .agenda(kind)
        .iter()
        .find(|s| s.code == code)
        .unwrap_or_else(|| panic!("no step {code}"))
        .rules
        .clone()
}

const HD12: time::Date = date!(2024 - 11 - 03);

#[test]
fn mtg_att_05_and_mtg_att_07_guests_and_absentees_are_recorded_at_the_opening() {
    assert!(step_rules(HD12, MeetingKind::Regular, "O1").contains(&"MTG-ATT-05".to_string()));
    assert!(step_rules(HD12, MeetingKind::Regular, "O3").contains(&"MTG-ATT-07".to_string()));
}

#[test]
fn mtg_ord_03_04_05_main_business_steps() {
    assert!(step_rules(HD12, MeetingKind::Regular, "M1").contains(&"MTG-ORD-04".to_string()));
    assert!(step_rules(HD12, MeetingKind::Regular, "M3").contains(&"MTG-ORD-03".to_string()));
    let m4 = step_rules(HD12, MeetingKind::Regular, "M4");
    assert!(m4.contains(&"MTG-ORD-03".to_string()) && m4.contains(&"MTG-ORD-05".to_string()));
}

#[test]
fn mtg_min_02_and_mtg_min_04_minutes_are_approved_in_the_meeting_and_mtg_qa_07_grade_voted() {
    let c6 = step_rules(HD12, MeetingKind::Regular, "C6");
    assert!(c6.contains(&"MTG-MIN-02".to_string()) && c6.contains(&"MTG-MIN-04".to_string()));
    let c5 = step_rules(HD12, MeetingKind::Regular, "C5");
    assert!(c5.contains(&"MTG-QA-07".to_string()));
}

/// MTG-ORD-03: under HD 12/2018, after the discussion (M4) the secretary provides information,
/// gives direction and clarifies what members raised (M4b), before next month's tasks (M5).
#[test]
fn mtg_ord_03_m4b_secretary_clarifies_after_the_discussion() {
    let rules = Catalogue::builtin().rules_on(HD12).unwrap();
    let regular = rules.agenda(MeetingKind::Regular);
    let codes: Vec<&str> = regular.iter().map(|s| s.code.as_str()).collect();
    let m4 = codes.iter().position(|c| *c == "M4").unwrap();
    assert_eq!(&codes[m4..m4 + 3], ["M4", "M4b", "M5"]);
    let m4b = &regular[m4 + 1];
    assert_eq!(
        m4b.title_vi,
        "Bí thư cung cấp thông tin, định hướng, làm rõ những vấn đề đảng viên quan tâm"
    );
    assert_eq!(m4b.rules, ["MTG-ORD-03"]);
    assert!(m4b.mandatory);
    // The combined session carries it in its regular part.
    let combined = rules.agenda(MeetingKind::Combined);
    assert!(combined.iter().any(|s| s.code == "M4b"));
    // HD 42/2025 has its own order (MTG-ORD-08), without M4b.
    let hd42 = Catalogue::builtin()
        .rules_on(date!(2025 - 11 - 03))
        .unwrap();
    assert!(hd42
        .agenda(MeetingKind::Regular)
        .iter()
        .all(|s| s.code != "M4b"));
}

/// MTG-ORD-01, MTG-TH-02: a thematic meeting (HD 12/2018, and HD 42/2025 which keeps it) opens
/// with the full formalities O1 purpose and guests, O2 minute-taker, O3 roll call, O4 agenda,
/// then T0, the secretary states the purpose and requirements of the topic; the merged
/// "purpose; guests" and "minute-taker; roll call" steps are gone.
#[test]
fn mtg_ord_01_and_mtg_th_02_thematic_opening_then_t0() {
    for d in [HD12, date!(2025 - 11 - 03)] {
        let rules = Catalogue::builtin().rules_on(d).unwrap();
        let thematic = rules.agenda(MeetingKind::Thematic);
        let in_room: Vec<&str> = thematic
            .iter()
            .filter(|s| s.phase.in_room())
            .map(|s| s.code.as_str())
            .collect();
        assert_eq!(&in_room[..6], ["O1", "O2", "O3", "O4", "T0", "T1"], "{d}");
        let step = |code: &str| thematic.iter().find(|s| s.code == code).unwrap();
        assert_eq!(step("O1").title_vi, "Tuyên bố lý do, giới thiệu đại biểu");
        assert_eq!(step("O2").title_vi, "Cử thư ký");
        assert!(step("O3").rules.contains(&"MTG-ATT-07".to_string()));
        assert_eq!(step("O4").title_vi, "Thông qua chương trình");
        for code in ["O1", "O2", "O3", "O4"] {
            assert!(
                step(code).rules.contains(&"MTG-ORD-01".to_string()),
                "{code}"
            );
        }
        let t0 = step("T0");
        assert_eq!(
            t0.title_vi,
            "Bí thư nêu mục đích, yêu cầu buổi sinh hoạt chuyên đề"
        );
        assert_eq!(t0.rules, ["MTG-TH-02"]);
        assert!(thematic
            .iter()
            .all(|s| !s.title_vi.contains("Cử thư ký; điểm danh")
                && !s
                    .title_vi
                    .starts_with("Bí thư nêu mục đích, yêu cầu; giới thiệu")));
        // In a combined session the thematic roll call may reuse the regular one.
        let combined = rules.agenda(MeetingKind::Combined);
        let th_o3 = combined.iter().find(|s| s.code == "TH.O3").unwrap();
        assert!(th_o3.guidance_vi.contains("dùng lại kết quả điểm danh"));
    }
}

/// ADM-CER-03: at K5 the committee representative states the member's duties and rights
/// (nhiệm vụ, quyền hạn của đảng viên), the cell's tasks, and names the helping member.
#[test]
fn adm_cer_03_k5_states_duties_and_rights() {
    for d in [date!(2017 - 05 - 01), HD12, date!(2025 - 11 - 03)] {
        let rules = Catalogue::builtin().rules_on(d).unwrap();
        let k5 = rules
            .agenda(MeetingKind::AdmissionCeremony)
            .iter()
            .find(|s| s.code == "K5")
            .unwrap();
        assert!(k5
            .title_vi
            .contains("nêu rõ nhiệm vụ, quyền hạn của đảng viên"));
        assert!(k5.guidance_vi.contains("quyền hạn"));
        assert!(k5.rules.contains(&"ADM-CER-03".to_string()));
    }
}

#[test]
fn mtg_th_02_and_plan_01_thematic_meeting_follows_the_plan() {
    let rules = Catalogue::builtin().rules_on(HD12).unwrap();
    let thematic = rules.agenda(MeetingKind::Thematic);
    assert!(
        thematic
            .iter()
            .any(|s| s.rules.contains(&"PLAN-01".to_string())),
        "P1 takes its topic from the year's plan"
    );
    assert!(
        thematic
            .iter()
            .filter(|s| s.rules.contains(&"MTG-TH-02".to_string()))
            .count()
            >= 4
    );
}

#[test]
fn mtg_freq_01_and_mtg_freq_02_regular_and_thematic_are_distinct_kinds() {
    // A thematic meeting never replaces the month's regular meeting (MTG-FREQ-02): they are
    // different kinds with different agendas.
    assert_ne!(MeetingKind::Regular, MeetingKind::Thematic);
    let rules = Catalogue::builtin().rules_on(HD12).unwrap();
    assert_ne!(
        rules.agenda(MeetingKind::Regular).len(),
        rules.agenda(MeetingKind::Thematic).len()
    );
}

#[test]
fn doc_07_and_doc_14_document_format_under_hd_05_2026() {
    let rules = Catalogue::builtin()
        .rules_on(date!(2026 - 06 - 01))
        .unwrap();
    let format = rules.document_format();
    assert_eq!(
        format.summary_rule, "-----",
        "DOC-07: five hyphens under the summary line"
    );
    let paragraph = format
        .paragraph
        .as_ref()
        .expect("DOC-14 fixes paragraph styles");
    assert!(paragraph.justified);
    assert_eq!(paragraph.first_line_indent_mm, 10);
    assert!(!format.signer_title_bold, "DOC-14: BÍ THƯ not bold");
}

#[test]
fn fee_03_dues_exemption_after_fifty_years() {
    let rules = Catalogue::builtin()
        .rules_on(date!(2026 - 03 - 01))
        .unwrap();
    assert_eq!(rules.dues().exempt_after_membership_years, Some(50));
    assert_eq!(rules.dues().hardship_reductions_percent, vec![30, 50, 70]);
}

#[test]
fn mem_ex_01_and_mem_del_01_exemption_and_removal_are_dated_statuses() {
    // MEM-EX-01: exemption is decided by the cell and recorded with dates; the member stays
    // on the roster. MEM-DEL-01: removal takes the member off the roster.
    assert!(StatusKind::Exempted.effects().on_roster);
    assert!(!StatusKind::Removed.effects().on_roster);
    assert_eq!(StatusKind::from_code("removed"), Some(StatusKind::Removed));
}

#[test]
fn org_04_a_party_group_is_not_a_node_of_the_tree() {
    assert!(OrgKind::ALL.iter().all(|k| !k.code().contains("group")));
    assert_eq!(OrgKind::from_code("party_group"), None);
    assert_eq!(PlacementKind::from_code("group"), None);
}
