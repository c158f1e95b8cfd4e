//! Raw input as it arrives from a form or a JSON body (all strings, all optional), and its
//! parsing into domain values. Parsing collects every field error at once so a form can show
//! them all and keep what the user typed. Text is NFC-normalised first (design/ux.md), so
//! the same name typed on two keyboards compares equal.

use chibo_domain::member::{PartyRole, StatusKind};
use chibo_domain::org::{CellType, OrgKind};
use chibo_domain::person::{
    Affiliation, CardNumber, CitizenId, NonMemberKind, PersonDraft, Phone, Sex,
};
use chibo_domain::text::Name;
use chibo_domain::{OrgId, Period};
use serde::{Deserialize, Serialize};
use time::Date;
use unicode_normalization::UnicodeNormalization;

use crate::error::FieldError;

/// NFC-normalised, trimmed text; `None` when empty.
pub fn clean(raw: &Option<String>) -> Option<String> {
    raw.as_deref()
        .map(|s| s.nfc().collect::<String>().trim().to_string())
        .filter(|s| !s.is_empty())
}

/// Accepts `dd/mm/yyyy` (what users type) and ISO `yyyy-mm-dd` (what `<input type=date>`
/// and API clients send). Impossible dates such as 31/02 are errors, not silently moved.
pub fn parse_date(raw: &str) -> Option<Date> {
    chibo_domain::calendar::parse_vn_date(raw)
        .or_else(|_| chibo_domain::calendar::parse_iso_date(raw))
        .ok()
}

/// Collects field errors while parsing.
#[derive(Default)]
pub struct Parser {
    pub errors: Vec<FieldError>,
}

impl Parser {
    pub fn required_text(&mut self, field: &'static str, raw: &Option<String>) -> Option<String> {
        let value = clean(raw);
        if value.is_none() {
            self.errors.push(FieldError::new(field, "required"));
        }
        value
    }

    pub fn name(&mut self, field: &'static str, raw: &Option<String>) -> Option<Name> {
        let value = self.required_text(field, raw)?;
        match Name::parse(field, &value) {
            Ok(n) => Some(n),
            Err(e) => {
                self.errors.extend(crate::AppError::from(e).field_errors());
                None
            }
        }
    }

    pub fn opt_date(&mut self, field: &'static str, raw: &Option<String>) -> Option<Date> {
        let value = clean(raw)?;
        let parsed = parse_date(&value);
        if parsed.is_none() {
            self.errors.push(FieldError::new(field, "bad_date"));
        }
        parsed
    }

    pub fn date(&mut self, field: &'static str, raw: &Option<String>) -> Option<Date> {
        if clean(raw).is_none() {
            self.errors.push(FieldError::new(field, "required"));
            return None;
        }
        self.opt_date(field, raw)
    }

    pub fn opt_code<T>(
        &mut self,
        field: &'static str,
        raw: &Option<String>,
        from: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let value = clean(raw)?;
        let parsed = from(&value);
        if parsed.is_none() {
            self.errors.push(FieldError::new(field, "unknown_value"));
        }
        parsed
    }

    pub fn code<T>(
        &mut self,
        field: &'static str,
        raw: &Option<String>,
        from: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        if clean(raw).is_none() {
            self.errors.push(FieldError::new(field, "required"));
            return None;
        }
        self.opt_code(field, raw, from)
    }

    pub fn opt_parse<T, E>(
        &mut self,
        field: &'static str,
        raw: &Option<String>,
        parse: impl Fn(&str) -> Result<T, E>,
    ) -> Option<T> {
        let value = clean(raw)?;
        match parse(&value) {
            Ok(v) => Some(v),
            Err(_) => {
                self.errors.push(FieldError::new(field, "malformed"));
                None
            }
        }
    }

    pub fn opt_id(&mut self, field: &'static str, raw: &Option<String>) -> Option<i64> {
        self.opt_parse(field, raw, |s| s.parse::<i64>())
    }

    pub fn period(&mut self, from: Option<Date>, until: Option<Date>) -> Option<Period> {
        let from = from?;
        match Period::new(from, until) {
            Ok(p) => Some(p),
            Err(_) => {
                self.errors
                    .push(FieldError::new("until", "period_reversed"));
                None
            }
        }
    }

    pub fn finish<T>(self, value: Option<T>) -> Result<T, Vec<FieldError>> {
        match value {
            Some(v) if self.errors.is_empty() => Ok(v),
            _ if self.errors.is_empty() => Err(vec![FieldError::new("form", "invalid")]),
            _ => Err(self.errors),
        }
    }
}

/// A person as typed into the form or sent to the API.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PersonInput {
    pub full_name: Option<String>,
    #[cfg_attr(feature = "openapi", schema(format = Date, examples("2010-03-08")))]
    pub birth_date: Option<String>,
    pub sex: Option<String>,
    pub ethnicity: Option<String>,
    pub citizen_id: Option<String>,
    pub phone: Option<String>,
    /// For non-members: the cell they belong to and how.
    pub affiliation_org: Option<String>,
    pub affiliation_kind: Option<String>,
}

impl PersonInput {
    pub fn parse(&self, today: Date) -> Result<PersonDraft, Vec<FieldError>> {
        let mut p = Parser::default();
        let full_name = p.name("full_name", &self.full_name);
        let birth_date = p.opt_date("birth_date", &self.birth_date);
        if birth_date.is_some_and(|b| b > today) {
            p.errors.push(FieldError::new("birth_date", "in_future"));
        }
        let sex = p.opt_code("sex", &self.sex, Sex::from_code);
        let citizen_id = p.opt_parse("citizen_id", &self.citizen_id, CitizenId::parse);
        let phone = p.opt_parse("phone", &self.phone, Phone::parse);
        let aff_org = p.opt_id("affiliation_org", &self.affiliation_org);
        let aff_kind = p.opt_code(
            "affiliation_kind",
            &self.affiliation_kind,
            NonMemberKind::from_code,
        );
        let affiliation = match (aff_org, aff_kind) {
            (Some(org), Some(kind)) => Some(Affiliation {
                org: OrgId(org),
                kind,
            }),
            _ => None,
        };
        let ethnicity = clean(&self.ethnicity);
        let draft = full_name.map(|full_name| PersonDraft {
            full_name,
            birth_date,
            sex,
            ethnicity,
            citizen_id,
            phone,
            affiliation,
        });
        p.finish(draft)
    }
}

/// The party record part of a member form (INT-01, ADM-PRB-02).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct MemberInput {
    #[cfg_attr(feature = "openapi", schema(format = Date, examples("2010-03-08")))]
    pub admission_date: Option<String>,
    pub decision_ref: Option<String>,
    #[cfg_attr(feature = "openapi", schema(format = Date, examples("2010-03-08")))]
    pub ceremony_date: Option<String>,
    #[cfg_attr(feature = "openapi", schema(format = Date, examples("2010-03-08")))]
    pub official_date: Option<String>,
    /// The day the recognition decision takes effect (ADM-REC-03/05).
    #[cfg_attr(feature = "openapi", schema(format = Date, examples("2011-03-20")))]
    pub recognition_date: Option<String>,
    pub recognition_ref: Option<String>,
    pub card_number: Option<String>,
}

/// The parsed party record, before it is tied to a person id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberFields {
    pub admission_date: Date,
    pub decision_ref: Option<String>,
    pub ceremony_date: Option<Date>,
    pub official_date: Option<Date>,
    pub recognition_date: Option<Date>,
    pub recognition_ref: Option<String>,
    pub card_number: Option<CardNumber>,
}

impl MemberInput {
    pub fn parse(&self) -> Result<MemberFields, Vec<FieldError>> {
        let mut p = Parser::default();
        let admission_date = p.date("admission_date", &self.admission_date);
        let ceremony_date = p.opt_date("ceremony_date", &self.ceremony_date);
        let official_date = p.opt_date("official_date", &self.official_date);
        let recognition_date = p.opt_date("recognition_date", &self.recognition_date);
        // ADM-REC-03: the official date is recorded from the recognition decision.
        if official_date.is_some() && clean(&self.recognition_date).is_none() {
            p.errors
                .push(FieldError::new("recognition_date", "required"));
        }
        let card_number = p.opt_parse("card_number", &self.card_number, CardNumber::parse);
        if let (Some(a), Some(c)) = (admission_date, ceremony_date) {
            if c < a {
                p.errors
                    .push(FieldError::new("ceremony_date", "before_admission"));
            }
        }
        if let (Some(a), Some(o)) = (admission_date, official_date) {
            if o < a {
                p.errors
                    .push(FieldError::new("official_date", "before_admission"));
            }
        }
        let fields = admission_date.map(|admission_date| MemberFields {
            admission_date,
            decision_ref: clean(&self.decision_ref),
            ceremony_date,
            official_date,
            recognition_date,
            recognition_ref: clean(&self.recognition_ref),
            card_number,
        });
        p.finish(fields)
    }
}

/// A dated fact: from (required) and until (optional, inclusive).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct DatedInput {
    pub kind: Option<String>,
    #[cfg_attr(feature = "openapi", schema(format = Date, examples("2010-03-08")))]
    pub from: Option<String>,
    #[cfg_attr(feature = "openapi", schema(format = Date, examples("2010-03-08")))]
    pub until: Option<String>,
    pub note: Option<String>,
    pub org: Option<String>,
}

impl DatedInput {
    fn period(&self, p: &mut Parser) -> Option<Period> {
        let from = p.date("from", &self.from);
        let until = p.opt_date("until", &self.until);
        p.period(from, until)
    }

    pub fn parse_status(&self) -> Result<(StatusKind, Period, Option<String>), Vec<FieldError>> {
        let mut p = Parser::default();
        let kind = p.code("kind", &self.kind, StatusKind::from_code);
        let period = self.period(&mut p);
        let value = kind.zip(period).map(|(k, per)| (k, per, clean(&self.note)));
        p.finish(value)
    }

    pub fn parse_role(&self) -> Result<(PartyRole, Period, Option<OrgId>), Vec<FieldError>> {
        let mut p = Parser::default();
        let role = p.code("kind", &self.kind, PartyRole::from_code);
        let org = p.opt_id("org", &self.org).map(OrgId);
        let period = self.period(&mut p);
        let value = role.zip(period).map(|(r, per)| (r, per, org));
        p.finish(value)
    }
}

/// An organisation as typed: kind, name, cell type, parent, valid from.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct OrgInput {
    pub kind: Option<String>,
    pub name: Option<String>,
    pub cell_type: Option<String>,
    pub parent: Option<String>,
    #[cfg_attr(feature = "openapi", schema(format = Date, examples("2010-03-08")))]
    pub from: Option<String>,
}

#[derive(Debug, Clone)]
pub struct OrgFields {
    pub kind: OrgKind,
    pub name: Name,
    pub cell_type: Option<CellType>,
    pub parent: Option<OrgId>,
    pub from: Date,
}

impl OrgInput {
    pub fn parse(&self) -> Result<OrgFields, Vec<FieldError>> {
        let mut p = Parser::default();
        let kind = p.code("kind", &self.kind, OrgKind::from_code);
        let name = p.name("name", &self.name);
        let cell_type = p.opt_code("cell_type", &self.cell_type, CellType::from_code);
        let parent = p.opt_id("parent", &self.parent).map(OrgId);
        let from = p.date("from", &self.from);
        if cell_type.is_some() && kind.is_some_and(|k| !k.is_cell()) {
            p.errors
                .push(FieldError::new("cell_type", "cell_type_on_non_cell"));
        }
        if clean(&self.cell_type).is_none() && kind.is_some_and(OrgKind::is_cell) {
            p.errors.push(FieldError::new("cell_type", "required"));
        }
        if let (Some(kind), Some(from)) = (kind, from) {
            if kind.last_day().is_some_and(|last| from > last) {
                p.errors.push(FieldError::new("kind", "kind_ended"));
            }
        }
        let fields = match (kind, name, from) {
            (Some(kind), Some(name), Some(from)) => Some(OrgFields {
                kind,
                name,
                cell_type,
                parent,
                from,
            }),
            _ => None,
        };
        p.finish(fields)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn s(v: &str) -> Option<String> {
        Some(v.to_string())
    }

    #[test]
    fn person_errors_are_all_collected() {
        let input = PersonInput {
            full_name: s("  "),
            birth_date: s("31/02/1980"),
            citizen_id: s("123"),
            phone: s("0912 345 678"),
            ..Default::default()
        };
        let errors = input.parse(date!(2025 - 01 - 01)).unwrap_err();
        let codes: Vec<(&str, &str)> = errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            codes,
            vec![
                ("full_name", "required"),
                ("birth_date", "bad_date"),
                ("citizen_id", "malformed")
            ]
        );
    }

    #[test]
    fn nfc_normalises_names_and_accepts_both_date_forms() {
        // "Nguyễn" typed with combining marks (NFD) becomes the precomposed form.
        let nfd = "Nguye\u{0302}\u{0303}n Va\u{0306}n An";
        let draft = PersonInput {
            full_name: s(nfd),
            birth_date: s("1980-05-17"),
            ..Default::default()
        }
        .parse(date!(2025 - 01 - 01))
        .unwrap();
        assert_eq!(draft.full_name.as_str(), "Nguyễn Văn An");
        assert_eq!(draft.birth_date, Some(date!(1980 - 05 - 17)));
        assert_eq!(parse_date("17/05/1980"), Some(date!(1980 - 05 - 17)));
    }

    #[test]
    fn member_dates_in_order() {
        let e = MemberInput {
            admission_date: s("05/11/2024"),
            ceremony_date: s("01/11/2024"),
            ..Default::default()
        }
        .parse()
        .unwrap_err();
        assert_eq!(e[0].code, "before_admission");
    }

    #[test]
    fn org_input_needs_a_cell_type_and_a_kind_of_its_time() {
        let e = OrgInput {
            kind: s("cell"),
            name: s("Chi bộ mới"),
            from: s("01/08/2025"),
            ..Default::default()
        }
        .parse()
        .unwrap_err();
        assert_eq!((e[0].field.as_str(), e[0].code), ("cell_type", "required"));
        // ORG-01: no district committee after 30/6/2025.
        let district = |from: &str| OrgInput {
            kind: s("district"),
            name: s("Huyện ủy Mường Ảng"),
            from: s(from),
            ..Default::default()
        };
        let e = district("01/07/2025").parse().unwrap_err();
        assert_eq!((e[0].field.as_str(), e[0].code), ("kind", "kind_ended"));
        assert!(district("30/06/2025").parse().is_ok());
    }

    #[test]
    fn reversed_period_is_an_error() {
        let e = DatedInput {
            kind: s("exempted"),
            from: s("01/02/2025"),
            until: s("01/01/2025"),
            ..Default::default()
        }
        .parse_status()
        .unwrap_err();
        assert_eq!(e[0].code, "period_reversed");
    }
}
