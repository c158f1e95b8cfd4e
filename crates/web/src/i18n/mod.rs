//! The user-facing text, split per feature: each module (`orgs.rs`, `people.rs`, `audit.rs`,
//! `calendar.rs`, …) holds its struct and its Vietnamese and English values side by side, so a
//! feature's strings are added in one file. `vi.rs` (the default) and `en.rs` assemble the
//! feature parts with the shared dictionaries (field labels, error messages, enumeration
//! labels), and a test checks those dictionaries have the same keys in both languages.
//!
//! Typed modules rather than Fluent: a missing English string is a compile error, not a
//! test failure or a key shown to the user; templates reach strings as fields the compiler
//! checks (`l.t.audit.audit_title`); and no run-time lookup or parsing is needed. Fluent's
//! strengths (plural rules, translator-editable files) matter little for two languages the
//! developers write themselves, neither of which inflects nouns for number.

pub mod audit;
pub mod auth;
pub mod calendar;
pub mod common;
mod en;
pub mod error_pages;
pub mod followup;
pub mod home;
pub mod layout;
pub mod meetings;
pub mod orgs;
pub mod people;
pub mod rules;
mod vi;

pub use en::EN;
pub use vi::VI;

/// Every string of the interface. Enumerations (kinds, statuses, roles) and error codes are
/// looked up by their stable code through the methods below.
pub struct Catalog {
    pub lang: &'static str,
    pub other_lang: &'static str,
    pub other_lang_name: &'static str,
    /// Field labels by field name.
    pub fields: &'static [(&'static str, &'static str)],
    /// Error messages by stable error code.
    pub errors: &'static [(&'static str, &'static str)],
    /// Labels of enumeration values by code (kinds, cell types, standings, statuses, roles…).
    pub values: &'static [(&'static str, &'static str)],
    pub layout: layout::Layout,
    pub auth: auth::Auth,
    pub home: home::Home,
    pub audit: audit::Audit,
    pub calendar: calendar::Calendar,
    pub rules: rules::Rules,
    pub people: people::People,
    pub orgs: orgs::Orgs,
    pub meetings: meetings::Meetings,
    pub followup: followup::Followup,
    pub error_pages: error_pages::ErrorPages,
    pub common: common::Common,
}

fn lookup(table: &'static [(&'static str, &'static str)], key: &str) -> Option<&'static str> {
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

impl Catalog {
    pub fn for_lang(lang: &str) -> &'static Catalog {
        if lang == "en" {
            &EN
        } else {
            &VI
        }
    }

    pub fn field(&self, name: &str) -> &'static str {
        lookup(self.fields, name).unwrap_or("?")
    }

    pub fn error(&self, code: &str) -> &'static str {
        lookup(self.errors, code)
            .or_else(|| lookup(self.errors, "invalid"))
            .unwrap_or("?")
    }

    /// The message of a field error: a field-specific one when the catalogue has it
    /// (`citizen_id.malformed`: "12 digits"), otherwise the code's; for a choice, the
    /// allowed values follow.
    pub fn field_error(&self, field: &str, code: &str) -> String {
        // A field of a list's element (`items[1].presenter`) reads as the field itself.
        let field = field.rsplit_once("].").map_or(field, |(_, f)| f);
        let key = format!("{field}.{code}");
        let base = lookup(self.errors, &key).unwrap_or_else(|| self.error(code));
        if code != "unknown_value" {
            return base.to_string();
        }
        let choices: Vec<&str> = match field {
            "sex" => vec!["male", "female"],
            "cell_type" => chibo_domain::org::CellType::ALL
                .iter()
                .map(|c| c.code())
                .collect(),
            "affiliation_kind" => chibo_domain::person::NonMemberKind::ALL
                .iter()
                .map(|c| c.code())
                .collect(),
            _ => return base.to_string(),
        };
        let list: Vec<String> = choices
            .iter()
            .map(|c| format!("{c} ({})", self.value(c)))
            .collect();
        format!("{base} {} {}.", self.common.choose_one_of, list.join(", "))
    }

    /// "(line 3, column 14)" after a JSON error.
    pub fn json_position(&self, line: usize, column: usize) -> String {
        if self.lang == "vi" {
            format!("(dòng {line}, cột {column})")
        } else {
            format!("(line {line}, column {column})")
        }
    }

    pub fn value(&self, code: &str) -> &'static str {
        lookup(self.values, code).unwrap_or("?")
    }

    /// Numbers with the Vietnamese decimal comma (design/ux.md) or the English point.
    pub fn percent(&self, numerator: u32, denominator: u32) -> String {
        if denominator == 0 {
            return "—".into();
        }
        let tenths = (numerator as u64 * 1000 + denominator as u64 / 2) / denominator as u64;
        let sep = if self.lang == "vi" { ',' } else { '.' };
        format!("{}{}{} %", tenths / 10, sep, tenths % 10)
    }

    pub fn date(&self, d: &time::Date) -> String {
        format!("{:02}/{:02}/{:04}", d.day(), d.month() as u8, d.year())
    }

    pub fn opt_date(&self, d: &Option<time::Date>) -> String {
        d.as_ref().map(|d| self.date(d)).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The English catalogue is complete: every key the Vietnamese one has, it has too.
    #[test]
    fn catalogues_cover_the_same_keys() {
        for (a, b) in [
            (VI.fields, EN.fields),
            (VI.errors, EN.errors),
            (VI.values, EN.values),
        ] {
            let mut ka: Vec<&str> = a.iter().map(|(k, _)| *k).collect();
            let mut kb: Vec<&str> = b.iter().map(|(k, _)| *k).collect();
            ka.sort_unstable();
            kb.sort_unstable();
            assert_eq!(ka, kb);
            let before = ka.len();
            ka.dedup();
            assert_eq!(before, ka.len(), "duplicate keys");
        }
    }

    #[test]
    fn every_code_of_the_domain_has_a_label() {
        use chibo_domain::member::{PartyRole, StatusKind};
        use chibo_domain::org::{CellType, OrgKind};
        use chibo_domain::person::NonMemberKind;
        for cat in [&VI, &EN] {
            for k in OrgKind::ALL {
                assert_ne!(cat.value(k.code()), "?", "{}", k.code());
            }
            for k in CellType::ALL {
                assert_ne!(cat.value(k.code()), "?", "{}", k.code());
            }
            for k in StatusKind::ALL {
                assert_ne!(cat.value(k.code()), "?", "{}", k.code());
            }
            for k in PartyRole::ALL {
                assert_ne!(cat.value(k.code()), "?", "{}", k.code());
            }
            for k in NonMemberKind::ALL {
                assert_ne!(cat.value(k.code()), "?", "{}", k.code());
            }
            // Issue 3: rule set areas and meeting kinds (VER-01), holiday kinds (CAL-02).
            for a in chibo_domain::ruleset::Area::ALL {
                let key = format!("area_{}", a.code());
                assert_ne!(cat.value(&key), "?", "{key}");
            }
            for k in chibo_domain::ruleset::MeetingKind::ALL {
                let key = format!("meeting_{}", k.code());
                assert_ne!(cat.value(&key), "?", "{key}");
            }
            for key in [
                "holiday_statutory",
                "holiday_compensatory",
                "holiday_swapped",
                "holiday_extra",
                "source_stored",
                "source_builtin",
                "source_computed",
            ] {
                assert_ne!(cat.value(key), "?", "{key}");
            }
            assert_eq!(cat.calendar.weekdays.len(), 7);
        }
    }

    #[test]
    fn vietnamese_percent_uses_a_comma() {
        assert_eq!(VI.percent(10, 18), "55,6 %");
        assert_eq!(EN.percent(10, 18), "55.6 %");
    }
}
