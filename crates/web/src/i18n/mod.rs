//! The user-facing text: one catalogue per language (`vi.rs` is the default, `en.rs` is
//! complete because the compiler refuses a catalogue with a missing field). Templates and
//! error responses take every string from here; nothing user-visible is written inline.

mod en;
mod vi;

pub use en::EN;
pub use vi::VI;

/// Every string of the interface. Enumerations (kinds, statuses, roles) and error codes are
/// looked up by their stable code through the methods below.
pub struct Catalog {
    pub lang: &'static str,
    pub other_lang: &'static str,
    pub other_lang_name: &'static str,
    pub app_tagline: &'static str,
    pub nav_home: &'static str,
    pub nav_orgs: &'static str,
    pub nav_audit: &'static str,
    pub nav_logout: &'static str,
    pub skip_to_content: &'static str,
    pub login_title: &'static str,
    pub login_label: &'static str,
    pub password_label: &'static str,
    pub login_button: &'static str,
    pub login_failed: &'static str,
    pub login_throttled: &'static str,
    pub session_expired: &'static str,
    pub csrf_failed: &'static str,
    /// Precedes the list of allowed values of a choice.
    pub choose_one_of: &'static str,
    pub home_title: &'static str,
    pub home_greeting: &'static str,
    pub home_no_person: &'static str,
    pub password_title: &'static str,
    pub password_submit: &'static str,
    pub password_rule: &'static str,
    pub password_changed: &'static str,
    pub my_cell: &'static str,
    pub my_profile: &'static str,
    pub my_scope: &'static str,
    pub todo_title: &'static str,
    pub todo_none: &'static str,
    pub todo_review_flags: &'static str,
    pub todo_flagged_cells: &'static str,
    pub rec_title: &'static str,
    pub rec_ceremony: &'static str,
    pub rec_complete_on: &'static str,
    pub rec_deadline: &'static str,
    pub rec_days_left: &'static str,
    pub rec_overdue: &'static str,
    pub rec_days_overdue: &'static str,
    pub rec_due_today: &'static str,
    pub tree_title: &'static str,
    pub view_on_date: &'static str,
    pub search_title: &'static str,
    pub search_label: &'static str,
    pub search_button: &'static str,
    pub search_none: &'static str,
    pub search_limited: &'static str,
    pub show: &'static str,
    pub org_kind: &'static str,
    pub cell_type: &'static str,
    pub superior: &'static str,
    pub superior_none: &'static str,
    pub children_title: &'static str,
    pub history_title: &'static str,
    pub valid_from: &'static str,
    pub valid_until: &'static str,
    pub still_valid: &'static str,
    pub members_title: &'static str,
    pub attached_title: &'static str,
    pub non_members_title: &'static str,
    /// ADM-PRB-01: admitted by decision, not yet on the roster.
    pub awaiting_ceremony_title: &'static str,
    /// Empty list of people only.
    pub none_listed: &'static str,
    /// Empty list of organisations under this one.
    pub none_orgs: &'static str,
    /// Empty list of anything else (statuses, roles, days).
    pub none_items: &'static str,
    /// Column of organisation names (history table).
    pub col_org_name: &'static str,
    pub breakdown_title: &'static str,
    pub breakdown_total: &'static str,
    pub breakdown_official: &'static str,
    pub breakdown_probationary: &'static str,
    pub breakdown_attached: &'static str,
    pub breakdown_exempted: &'static str,
    pub breakdown_away: &'static str,
    pub col_name: &'static str,
    pub col_birth: &'static str,
    pub col_standing: &'static str,
    pub col_status: &'static str,
    pub col_roles: &'static str,
    pub col_card: &'static str,
    pub col_admitted: &'static str,
    pub col_number: &'static str,
    pub col_placement: &'static str,
    pub export_csv: &'static str,
    pub col_joined: &'static str,
    pub joined_cell_hint: &'static str,
    pub col_official: &'static str,
    pub col_votes: &'static str,
    pub votes_yes: &'static str,
    pub votes_no: &'static str,
    pub status_active: &'static str,
    pub add_member: &'static str,
    pub add_non_member: &'static str,
    pub add_child: &'static str,
    pub edit_org: &'static str,
    pub edit_person: &'static str,
    pub audit_title: &'static str,
    pub audit_when: &'static str,
    pub audit_who: &'static str,
    pub audit_what: &'static str,
    pub audit_filter: &'static str,
    pub audit_clear: &'static str,
    pub audit_older: &'static str,
    pub audit_empty: &'static str,
    /// Who acts when no user does (the CLI, the demo loader).
    pub audit_system: &'static str,
    pub profile_title: &'static str,
    pub party_record: &'static str,
    pub not_a_member: &'static str,
    pub placements_title: &'static str,
    pub statuses_title: &'static str,
    pub roles_title: &'static str,
    pub add_status: &'static str,
    pub add_role: &'static str,
    pub hidden_contact: &'static str,
    pub save: &'static str,
    /// Prefix of the stored value shown beside a field after a conflicting save.
    pub stored_now: &'static str,
    /// Before a value another save stored, taken into the form after a conflict.
    pub changed_by_other: &'static str,
    pub cancel: &'static str,
    pub form_errors_title: &'static str,
    pub date_hint: &'static str,
    /// Placeholder of a time field.
    pub time_hint: &'static str,
    pub optional: &'static str,
    pub choose: &'static str,
    pub change_from: &'static str,
    pub saved: &'static str,
    pub error_title: &'static str,
    pub error_not_found: &'static str,
    pub error_forbidden: &'static str,
    pub error_internal: &'static str,
    pub error_bad_request: &'static str,
    pub back_home: &'static str,
    pub nav_calendar: &'static str,
    pub nav_rulesets: &'static str,
    pub calendar_title: &'static str,
    pub calendar_year: &'static str,
    pub calendar_law: &'static str,
    pub calendar_source: &'static str,
    pub holidays_title: &'static str,
    pub working_days_title: &'static str,
    pub col_date: &'static str,
    pub col_weekday: &'static str,
    pub col_holiday: &'static str,
    pub col_kind: &'static str,
    pub calculator_title: &'static str,
    pub calculator_hint: &'static str,
    pub calculator_start: &'static str,
    pub calculator_n: &'static str,
    pub calculator_submit: &'static str,
    pub calculator_result: &'static str,
    pub adjustments_title: &'static str,
    pub adjustments_hint: &'static str,
    pub adjustments_lines_label: &'static str,
    pub line_label: &'static str,
    pub rulesets_title: &'static str,
    pub rulesets_intro: &'static str,
    pub rulesets_in_force: &'static str,
    pub rulesets_current: &'static str,
    pub col_effective: &'static str,
    pub col_sources: &'static str,
    pub agenda_title: &'static str,
    pub agenda_optional: &'static str,
    pub add_version_title: &'static str,
    pub add_version_hint: &'static str,
    pub add_version_area: &'static str,
    pub add_version_effective: &'static str,
    pub add_version_json: &'static str,
    pub add_version_submit: &'static str,
    /// Monday first.
    pub weekdays: &'static [&'static str],
    /// Field labels by field name.
    pub fields: &'static [(&'static str, &'static str)],
    /// Error messages by stable error code.
    pub errors: &'static [(&'static str, &'static str)],
    /// Labels of enumeration values by code (kinds, cell types, standings, statuses, roles…).
    pub values: &'static [(&'static str, &'static str)],
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
        format!("{base} {} {}.", self.choose_one_of, list.join(", "))
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
            assert_eq!(cat.weekdays.len(), 7);
        }
    }

    #[test]
    fn vietnamese_percent_uses_a_comma() {
        assert_eq!(VI.percent(10, 18), "55,6 %");
        assert_eq!(EN.percent(10, 18), "55.6 %");
    }
}
