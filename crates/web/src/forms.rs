//! One generic form model rendered by one template (`form.html`): every form of the shell
//! is a list of fields, so labels, required marks, hints, error messages and the re-display
//! of what the user typed work the same way everywhere.

use chibo_app::FieldError;

use crate::i18n::Catalog;

#[derive(Debug, Clone)]
pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// Several lines (notes, pasted lists).
    Textarea,
    /// `dd/mm/yyyy`, typed (see [`Field::date`]).
    Date,
    /// `hh:mm`, typed (24-hour clock).
    Time,
    Password,
    Select,
    /// Several choices of a list (`<select multiple>`; works without JS).
    MultiSelect,
    /// One choice shown as radio buttons (short lists).
    Radio,
    /// Yes or no; the value is sent only when checked.
    Checkbox,
    Hidden,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub value: String,
    pub error: Option<String>,
    pub kind: Kind,
    pub required: bool,
    pub hint: Option<&'static str>,
    pub options: Vec<Opt>,
    pub inputmode: &'static str,
    pub autocomplete: &'static str,
    /// What the element's `id` is made of (`f-{key}`, `e-{key}` for its error): the name,
    /// unless several forms of one page share field names ([`Field::with_key`]).
    pub key: String,
}

impl Field {
    fn base(t: &'static Catalog, name: &'static str, value: &Option<String>, kind: Kind) -> Self {
        Self {
            name,
            label: t.field(name),
            value: value.clone().unwrap_or_default(),
            error: None,
            kind,
            required: false,
            hint: None,
            options: Vec::new(),
            inputmode: "text",
            autocomplete: "off",
            key: name.to_string(),
        }
    }

    pub fn text(t: &'static Catalog, name: &'static str, value: &Option<String>) -> Self {
        Self::base(t, name, value, Kind::Text)
    }

    /// Dates are typed as dd/mm/yyyy (the users' convention); `<input type=date>` would
    /// force the browser's locale format on old phones.
    pub fn date(t: &'static Catalog, name: &'static str, value: &Option<String>) -> Self {
        Self {
            hint: Some(t.common.date_hint),
            inputmode: "numeric",
            ..Self::base(t, name, value, Kind::Date)
        }
    }

    /// Several lines of text.
    pub fn textarea(t: &'static Catalog, name: &'static str, value: &Option<String>) -> Self {
        Self::base(t, name, value, Kind::Textarea)
    }

    /// A time of day typed as `hh:mm` (`<input type=time>` shows a 12-hour picker on some
    /// phones).
    pub fn time(t: &'static Catalog, name: &'static str, value: &Option<String>) -> Self {
        Self {
            hint: Some(t.common.time_hint),
            inputmode: "numeric",
            ..Self::base(t, name, value, Kind::Time)
        }
    }

    /// A yes/no box; `checked` is what the user last saw.
    pub fn checkbox(t: &'static Catalog, name: &'static str, checked: bool) -> Self {
        let value = checked.then(|| "on".to_string());
        Self::base(t, name, &value, Kind::Checkbox)
    }

    /// One choice among a few codes, as radio buttons (no empty "choose" entry).
    pub fn radio(
        t: &'static Catalog,
        name: &'static str,
        value: &Option<String>,
        codes: &[&'static str],
    ) -> Self {
        let current = value.clone().unwrap_or_default();
        Self {
            options: codes
                .iter()
                .map(|c| Opt {
                    value: (*c).to_string(),
                    label: t.value(c).to_string(),
                    selected: current == *c,
                })
                .collect(),
            ..Self::base(t, name, value, Kind::Radio)
        }
    }

    /// Several choices among codes; `values` are the ones selected.
    pub fn multi_select(
        t: &'static Catalog,
        name: &'static str,
        values: &[String],
        codes: &[&'static str],
    ) -> Self {
        Self {
            options: codes
                .iter()
                .map(|c| Opt {
                    value: (*c).to_string(),
                    label: t.value(c).to_string(),
                    selected: values.iter().any(|v| v == c),
                })
                .collect(),
            ..Self::base(t, name, &None, Kind::MultiSelect)
        }
    }

    pub fn select(
        t: &'static Catalog,
        name: &'static str,
        value: &Option<String>,
        codes: &[&'static str],
    ) -> Self {
        let current = value.clone().unwrap_or_default();
        let mut options = vec![Opt {
            value: String::new(),
            label: t.common.choose.to_string(),
            selected: current.is_empty(),
        }];
        options.extend(codes.iter().map(|c| Opt {
            value: (*c).to_string(),
            label: t.value(c).to_string(),
            selected: current == *c,
        }));
        Self {
            options,
            ..Self::base(t, name, value, Kind::Select)
        }
    }

    pub fn select_pairs(
        t: &'static Catalog,
        name: &'static str,
        value: &Option<String>,
        pairs: Vec<(String, String)>,
    ) -> Self {
        let current = value.clone().unwrap_or_default();
        let mut options = vec![Opt {
            value: String::new(),
            label: t.common.choose.to_string(),
            selected: current.is_empty(),
        }];
        options.extend(pairs.into_iter().map(|(v, l)| Opt {
            selected: current == v,
            value: v,
            label: l,
        }));
        Self {
            options,
            ..Self::base(t, name, value, Kind::Select)
        }
    }

    /// A password, never pre-filled; `autocomplete` is `current-password` or
    /// `new-password` so password managers do the right thing.
    pub fn password(t: &'static Catalog, name: &'static str, autocomplete: &'static str) -> Self {
        Self {
            autocomplete,
            ..Self::base(t, name, &None, Kind::Password)
        }
    }

    pub fn with_hint(mut self, hint: &'static str) -> Self {
        self.hint = Some(hint);
        self
    }

    pub fn hidden(name: &'static str, value: String) -> Self {
        Self {
            name,
            label: "",
            value,
            error: None,
            kind: Kind::Hidden,
            required: false,
            hint: None,
            options: Vec::new(),
            inputmode: "text",
            autocomplete: "off",
            key: name.to_string(),
        }
    }

    /// Element ids `f-{prefix}-{name}`: for pages with several forms sharing field names.
    pub fn with_key(mut self, prefix: &str) -> Self {
        self.key = format!("{prefix}-{}", self.name);
        self
    }

    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub fn numeric(mut self) -> Self {
        self.inputmode = "numeric";
        self
    }

    pub fn is(&self, kind: &str) -> bool {
        match kind {
            "text" => self.kind == Kind::Text,
            "textarea" => self.kind == Kind::Textarea,
            "date" => self.kind == Kind::Date,
            "time" => self.kind == Kind::Time,
            "password" => self.kind == Kind::Password,
            "select" => self.kind == Kind::Select,
            "multiselect" => self.kind == Kind::MultiSelect,
            "radio" => self.kind == Kind::Radio,
            "checkbox" => self.kind == Kind::Checkbox,
            "hidden" => self.kind == Kind::Hidden,
            _ => false,
        }
    }

    /// A checkbox that is ticked.
    pub fn checked(&self) -> bool {
        matches!(self.value.as_str(), "on" | "1" | "true")
    }

    /// Radio groups and checkboxes are labelled by a `<legend>` or wrap their own label.
    pub fn grouped(&self) -> bool {
        matches!(self.kind, Kind::Radio | Kind::Checkbox)
    }
}

/// A posted form as (name, value) pairs, repeated names (checkboxes) kept — for forms whose
/// fields are not one flat struct.
pub fn pairs(body: &[u8]) -> Result<Vec<(String, String)>, crate::error::WebError> {
    serde_urlencoded::from_bytes(body)
        .map_err(|e| crate::error::WebError::BadRequest(format!("form: {e}")))
}

/// The messages of refused input, field by field, for a page that shows them beside its own
/// forms (the field's specific message when the catalogue has one); any other error is
/// passed on.
pub fn refused_messages(
    t: &'static Catalog,
    e: chibo_app::AppError,
) -> Result<Vec<(String, String)>, crate::error::WebError> {
    Ok(crate::pages::meetings::field_errors(e)?
        .into_iter()
        .map(|f| {
            let message = t.field_error(&f.field, f.code);
            (f.field, message)
        })
        .collect())
}

/// Attaches error messages to fields; errors about fields not on the form go to `others`.
pub fn attach_errors(
    t: &'static Catalog,
    fields: &mut [Field],
    errors: &[FieldError],
) -> Vec<String> {
    let mut summary = Vec::new();
    for e in errors {
        let message = t.field_error(&e.field, e.code);
        match fields.iter_mut().find(|f| f.name == e.field) {
            Some(f) => {
                f.error = Some(message.clone());
                if f.label.is_empty() {
                    summary.push(message.to_string());
                } else {
                    summary.push(format!("{}: {}", f.label, message));
                }
            }
            None => summary.push(format!("{}: {}", t.field(&e.field), message)),
        }
    }
    summary
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use askama::Template;

    use super::*;
    use crate::pages::{FormPage, Layout};

    /// Every kind of field renders through the one template, with its error next to it and
    /// in the one summary at the top, and keeps what the user typed.
    #[test]
    fn every_field_kind_renders_with_the_shared_error_summary() {
        let t = Catalog::for_lang("vi");
        let mut fields = vec![
            Field::text(t, "full_name", &Some("Nguyễn Văn A".into())).required(),
            Field::textarea(t, "note", &Some("dòng 1\ndòng <2>".into())),
            Field::date(t, "from", &Some("01/02/2026".into())),
            Field::time(t, "start_time", &Some("19:30".into())),
            Field::checkbox(t, "replaces_computed", true),
            Field::radio(t, "sex", &Some("female".into()), &["male", "female"]),
            Field::multi_select(t, "kind", &["male".to_string()], &["male", "female"]),
            Field::select(t, "cell_type", &None, &["male"]),
            Field::hidden("version", "3".into()),
        ];
        let summary = attach_errors(
            t,
            &mut fields,
            &[
                FieldError::new("start_time", "malformed"),
                FieldError::new("sex", "required"),
                FieldError::new("elsewhere", "malformed"),
            ],
        );
        assert_eq!(summary.len(), 3);
        let page = FormPage {
            l: Layout {
                t,
                title: "Biểu mẫu".into(),
                user: None,
                csrf: "tok".into(),
                practice: false,
            },
            heading: "Biểu mẫu".into(),
            subheading: None,
            action: "/x".into(),
            fields,
            summary,
            submit: t.common.save,
            cancel_url: "/".into(),
        };
        let html = page.render().unwrap();
        for needle in [
            r#"<textarea id="f-note" name="note""#,
            "dòng 1\ndòng &#60;2&#62;</textarea>",
            r#"name="from" value="01/02/2026" type="text" inputmode="numeric""#,
            r#"name="start_time" value="19:30" type="text" inputmode="numeric""#,
            r#"placeholder="hh:mm""#,
            r#"type="checkbox" id="f-replaces_computed" name="replaces_computed" value="on" checked"#,
            r#"<fieldset class="choices field has-error" id="f-sex""#,
            r#"type="radio" name="sex" value="female" checked"#,
            r#"type="radio" name="sex" value="male">"#,
            r#"<select id="f-kind" name="kind" multiple"#,
            r#"<option value="male" selected>"#,
            r#"<input type="hidden" name="version" value="3">"#,
            r#"<input type="hidden" name="csrf" value="tok">"#,
            r#"role="alert""#,
            r#"id="e-start_time""#,
            r#"aria-describedby="e-sex""#,
        ] {
            assert!(html.contains(needle), "missing {needle} in\n{html}");
        }
        // One summary, listing the three errors (one about a field not on the form).
        assert_eq!(html.matches(r#"role="alert""#).count(), 1);
        assert_eq!(html.matches("<li>").count(), 3, "{html}");
    }
}
