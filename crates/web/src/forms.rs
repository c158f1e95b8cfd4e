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
    Date,
    Password,
    Select,
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
        }
    }

    pub fn text(t: &'static Catalog, name: &'static str, value: &Option<String>) -> Self {
        Self::base(t, name, value, Kind::Text)
    }

    /// Dates are typed as dd/mm/yyyy (the users' convention); `<input type=date>` would
    /// force the browser's locale format on old phones.
    pub fn date(t: &'static Catalog, name: &'static str, value: &Option<String>) -> Self {
        Self {
            hint: Some(t.date_hint),
            inputmode: "numeric",
            ..Self::base(t, name, value, Kind::Date)
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
            label: t.choose.to_string(),
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
            label: t.choose.to_string(),
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
        }
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
            "date" => self.kind == Kind::Date,
            "password" => self.kind == Kind::Password,
            "select" => self.kind == Kind::Select,
            "hidden" => self.kind == Kind::Hidden,
            _ => false,
        }
    }
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
