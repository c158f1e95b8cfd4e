//! The admission ceremony (Meetings II, pure part; ADM-CER-01..03, ADM-PRB-01/02).
//!
//! A ceremony is a meeting of kind `admission_ceremony` holding exactly one act: one new
//! member, admitted by one decision (ADM-CER-02 — several people admitted the same day are
//! several ceremony meetings). The act records the decision (number in the DOC-06 form,
//! date, issuer, the day the cell received it), the helping member (ADM-PRB-01) and, when
//! the ceremony is held later than the ADM-CER-01 deadline, the superior committee's
//! agreement. Approving the ceremony's minutes admits the person: [`CeremonyAct::admit`]
//! gives the party record with the ceremony date, from which probationary standing and its
//! end follow (ADM-PRB-01/03) while length of membership keeps the decision's date
//! (ADM-PRB-02).

use serde::{Deserialize, Serialize};
use time::Date;

use super::MeetingError;
use crate::member::Member;
use crate::PersonId;

/// A party document number in the DOC-06 form "456-QĐ/ĐUK": number, hyphen, type code,
/// slash, issuer code. Stored and shown exactly as parsed (trimmed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DocumentRef(String);

impl DocumentRef {
    /// DOC-06: "Số" is not part of the reference; no spaces inside; the number is digits,
    /// the type and issuer codes are letters (Vietnamese included) or digits.
    pub fn parse(raw: &str) -> Result<Self, MeetingError> {
        let t = raw.trim();
        let t = t
            .strip_prefix("Số ")
            .or_else(|| t.strip_prefix("số "))
            .unwrap_or(t)
            .trim();
        let bad = || MeetingError::MalformedReference(t.to_string());
        let (number, rest) = t.split_once('-').ok_or_else(bad)?;
        let (kind, issuer) = rest.split_once('/').ok_or_else(bad)?;
        let code = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '-');
        if number.is_empty()
            || !number.chars().all(|c| c.is_ascii_digit())
            || !code(kind)
            || !code(issuer)
        {
            return Err(bad());
        }
        Ok(Self(t.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for DocumentRef {
    type Error = MeetingError;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse(&raw)
    }
}

impl From<DocumentRef> for String {
    fn from(r: DocumentRef) -> String {
        r.0
    }
}

/// The admission decision as the cell received it (ADM-DEC-01, ADM-CER-01).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdmissionDecision {
    /// "456-QĐ/ĐUK".
    pub reference: DocumentRef,
    /// The date written on the decision: membership counts from it once recognised
    /// (ADM-PRB-02).
    pub date: Date,
    /// The committee that issued it, by name ("Đảng ủy Khối các cơ quan tỉnh").
    pub issuer: String,
    /// The day the cell received it: the ADM-CER-01 deadline runs from here.
    pub received_on: Date,
}

/// ADM-CER-01: the superior committee's agreement to a ceremony held after the deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuperiorAgreement {
    /// The document or note recording it ("Công văn 12-CV/ĐUK", or who agreed and how).
    pub reference: String,
    pub date: Date,
}

/// One ceremony act: one new member (ADM-CER-02).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CeremonyAct {
    pub new_member: PersonId,
    pub decision: AdmissionDecision,
    /// The official member assigned to help the new member through probation (ADM-PRB-01).
    pub helper: PersonId,
    pub agreement: Option<SuperiorAgreement>,
}

/// Where a ceremony date stands against ADM-CER-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CeremonyTiming {
    /// The last working day of the ADM-CER-01 deadline.
    pub last_day: Date,
    /// Held after it (allowed only with the superior's agreement).
    pub late: bool,
}

impl CeremonyAct {
    /// Builds an act. `new_members` is who the act would admit: exactly one (ADM-CER-02).
    pub fn new(
        new_members: &[PersonId],
        decision: AdmissionDecision,
        helper: PersonId,
        agreement: Option<SuperiorAgreement>,
    ) -> Result<Self, MeetingError> {
        let new_member = match new_members {
            [] => return Err(MeetingError::NewMemberRequired),
            [one] => *one,
            _ => return Err(MeetingError::OneMemberPerAct),
        };
        if decision.issuer.trim().is_empty() {
            return Err(MeetingError::IssuerRequired);
        }
        if decision.received_on < decision.date {
            return Err(MeetingError::ReceivedBeforeDecision);
        }
        if helper == new_member {
            return Err(MeetingError::HelperIsNewMember);
        }
        let agreement = match agreement {
            Some(a) if a.reference.trim().is_empty() => return Err(MeetingError::ReasonRequired),
            Some(a) => Some(SuperiorAgreement {
                reference: a.reference.trim().to_string(),
                date: a.date,
            }),
            None => None,
        };
        Ok(Self {
            new_member,
            decision: AdmissionDecision {
                issuer: decision.issuer.trim().to_string(),
                ..decision
            },
            helper,
            agreement,
        })
    }

    /// ADM-CER-01: a ceremony on `ceremony` comes after the decision and its receipt, and
    /// within the deadline — `last_day`, the ADM-CER-01 number of working days after
    /// receipt, counted by the caller with the working-day calendar — unless the superior
    /// committee's agreement is recorded (dated no later than the ceremony).
    pub fn check_date(
        &self,
        ceremony: Date,
        last_day: Date,
    ) -> Result<CeremonyTiming, MeetingError> {
        if ceremony < self.decision.date {
            return Err(MeetingError::CeremonyBeforeDecision);
        }
        if ceremony < self.decision.received_on {
            return Err(MeetingError::CeremonyBeforeReceipt);
        }
        let late = ceremony > last_day;
        match &self.agreement {
            None if late => return Err(MeetingError::LateWithoutAgreement { last_day }),
            Some(a) if a.date > ceremony => return Err(MeetingError::AgreementAfterCeremony),
            _ => {}
        }
        Ok(CeremonyTiming { last_day, late })
    }

    /// ADM-PRB-01/02: the party record once the ceremony held on `ceremony` is approved: the
    /// decision's date and number, the ceremony's date (probation starts there), no official
    /// date yet. An existing record keeps its card number; a person whose ceremony is already
    /// recorded is refused (a second admission is a new case of the admission pipeline,
    /// after the first ended).
    pub fn admit(&self, existing: Option<&Member>, ceremony: Date) -> Result<Member, MeetingError> {
        if existing.is_some_and(|m| m.ceremony_date.is_some()) {
            return Err(MeetingError::AlreadyAdmitted(self.new_member));
        }
        Ok(Member {
            person: self.new_member,
            admission_date: self.decision.date,
            decision_ref: Some(self.decision.reference.as_str().to_string()),
            ceremony_date: Some(ceremony),
            official_date: None,
            recognition_date: None,
            recognition_ref: None,
            card_number: existing.and_then(|m| m.card_number.clone()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn decision() -> AdmissionDecision {
        AdmissionDecision {
            reference: DocumentRef::parse("456-QĐ/ĐUK").unwrap(),
            date: date!(2024 - 11 - 05),
            issuer: " Đảng ủy Khối các cơ quan tỉnh ".into(),
            received_on: date!(2024 - 11 - 08),
        }
    }

    fn act() -> CeremonyAct {
        CeremonyAct::new(&[PersonId(7)], decision(), PersonId(3), None).unwrap()
    }

    #[test]
    fn doc_06_reference_form() {
        for ok in ["456-QĐ/ĐUK", " Số 05-NQ/CB ", "12-CV/ĐU"] {
            assert!(DocumentRef::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(
            DocumentRef::parse("Số 05-NQ/CB").unwrap().as_str(),
            "05-NQ/CB"
        );
        for bad in ["", "456", "456/ĐUK", "QĐ-456/ĐUK", "456-QĐ/", "45 6-QĐ/ĐUK"] {
            assert!(
                matches!(
                    DocumentRef::parse(bad),
                    Err(MeetingError::MalformedReference(_))
                ),
                "{bad}"
            );
        }
        // JSON goes through the same constructor.
        assert!(serde_json::from_str::<DocumentRef>("\"456\"").is_err());
    }

    #[test]
    fn adm_cer_02_one_new_member_per_act() {
        assert_eq!(
            CeremonyAct::new(&[PersonId(7), PersonId(8)], decision(), PersonId(3), None),
            Err(MeetingError::OneMemberPerAct)
        );
        assert_eq!(
            CeremonyAct::new(&[], decision(), PersonId(3), None),
            Err(MeetingError::NewMemberRequired)
        );
        assert_eq!(act().decision.issuer, "Đảng ủy Khối các cơ quan tỉnh");
    }

    #[test]
    fn decision_received_before_it_was_made_or_helper_is_the_new_member() {
        let mut d = decision();
        d.received_on = date!(2024 - 11 - 04);
        assert_eq!(
            CeremonyAct::new(&[PersonId(7)], d, PersonId(3), None),
            Err(MeetingError::ReceivedBeforeDecision)
        );
        assert_eq!(
            CeremonyAct::new(&[PersonId(7)], decision(), PersonId(7), None),
            Err(MeetingError::HelperIsNewMember)
        );
        let mut d = decision();
        d.issuer = " ".into();
        assert_eq!(
            CeremonyAct::new(&[PersonId(7)], d, PersonId(3), None),
            Err(MeetingError::IssuerRequired)
        );
    }

    #[test]
    fn adm_cer_01_within_the_deadline_or_with_the_superiors_agreement() {
        let last = date!(2024 - 12 - 20);
        let a = act();
        assert_eq!(
            a.check_date(date!(2024 - 11 - 04), last),
            Err(MeetingError::CeremonyBeforeDecision)
        );
        assert_eq!(
            a.check_date(date!(2024 - 11 - 06), last),
            Err(MeetingError::CeremonyBeforeReceipt)
        );
        assert_eq!(
            a.check_date(date!(2024 - 11 - 22), last),
            Ok(CeremonyTiming {
                last_day: last,
                late: false
            })
        );
        assert_eq!(a.check_date(last, last).map(|t| t.late), Ok(false));
        assert_eq!(
            a.check_date(date!(2024 - 12 - 23), last),
            Err(MeetingError::LateWithoutAgreement { last_day: last })
        );
        let agreed = CeremonyAct::new(
            &[PersonId(7)],
            decision(),
            PersonId(3),
            Some(SuperiorAgreement {
                reference: "Công văn 30-CV/ĐUK".into(),
                date: date!(2024 - 12 - 18),
            }),
        )
        .unwrap();
        assert_eq!(
            agreed
                .check_date(date!(2024 - 12 - 23), last)
                .map(|t| t.late),
            Ok(true)
        );
        assert_eq!(
            agreed.check_date(date!(2024 - 12 - 17), last),
            Err(MeetingError::AgreementAfterCeremony)
        );
    }

    #[test]
    fn adm_prb_01_02_admission_keeps_the_decision_date_and_starts_probation() {
        let m = act().admit(None, date!(2024 - 11 - 22)).unwrap();
        assert_eq!(m.admission_date, date!(2024 - 11 - 05));
        assert_eq!(m.ceremony_date, Some(date!(2024 - 11 - 22)));
        assert_eq!(m.decision_ref.as_deref(), Some("456-QĐ/ĐUK"));
        assert_eq!(
            m.standing_on(date!(2024 - 11 - 22)),
            Some(crate::member::Standing::Probationary)
        );
        assert_eq!(m.standing_on(date!(2024 - 11 - 21)), None);
        m.validate().unwrap();
        // Admitted already: refused, nothing overwritten.
        assert_eq!(
            act().admit(Some(&m), date!(2024 - 11 - 29)),
            Err(MeetingError::AlreadyAdmitted(PersonId(7)))
        );
    }
}
