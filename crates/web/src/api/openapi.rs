//! The OpenAPI 3.1 document, generated from the same route table that drives access
//! control, so an API route cannot exist without being described (a test checks both ways).

use axum::Json;
use serde_json::{json, Value};

use crate::routes::{Scope, Verb, ROUTES};

fn string_fields(names: &[&str]) -> Value {
    let props: serde_json::Map<String, Value> = names
        .iter()
        .map(|n| ((*n).to_string(), field_schema(n)))
        .collect();
    json!({"type": "object", "properties": props})
}

/// Whether a field named so carries a date.
fn is_date_field(name: &str) -> bool {
    name.ends_with("date") || matches!(name, "from" | "until" | "effective_from")
}

/// Schema of one text field; dates are ISO 8601 (`format: date`), `dd/mm/yyyy` is also
/// accepted on input.
fn field_schema(name: &str) -> Value {
    if is_date_field(name) {
        json!({"type": ["string", "null"], "format": "date", "examples": ["2010-03-08"],
            "description": "ISO 8601 date (yyyy-mm-dd); dd/mm/yyyy is also accepted"})
    } else {
        json!({"type": ["string", "null"]})
    }
}

/// Request body schema per route (all text fields are strings, dates `dd/mm/yyyy` or ISO).
fn request_body(path: &str) -> Option<Value> {
    let person = [
        "full_name",
        "birth_date",
        "sex",
        "ethnicity",
        "citizen_id",
        "phone",
        "affiliation_org",
        "affiliation_kind",
    ];
    let membership = [
        "admission_date",
        "decision_ref",
        "ceremony_date",
        "official_date",
        "recognition_date",
        "recognition_ref",
        "card_number",
    ];
    let schema = match path {
        "/api/v1/login" => {
            json!({"type": "object", "required": ["login", "password"], "properties": {"login": {"type": "string"}, "password": {"type": "string"}}})
        }
        "/api/v1/orgs/{id}/children" => string_fields(&["kind", "name", "cell_type", "from"]),
        "/api/v1/orgs/{id}/changes" => {
            json!({"type": "object", "required": ["from"], "properties": {
            "from": {"type": "string", "format": "date"}, "kind": {"type": "string"}, "name": {"type": "string"},
            "cell_type": {"type": "string"}, "parent": {"type": "integer"}}})
        }
        "/api/v1/orgs/{id}/members" => json!({"type": "object", "properties": {
            "person": string_fields(&person), "membership": string_fields(&membership), "from": {"type": "string", "format": "date"}}}),
        "/api/v1/people/{id}" => string_fields(&person),
        "/api/v1/people/{id}/membership" => string_fields(&membership),
        "/api/v1/people/{id}/statuses" | "/api/v1/people/{id}/roles" => {
            string_fields(&["kind", "from", "until", "note", "org"])
        }
        "/api/v1/calendar/adjustments/{year}" => {
            json!({"type": "object", "required": ["days"], "properties": {
            "replaces_computed": {"type": "boolean", "description": "The days off are the year's complete list (default true)"},
            "days": {"type": "array", "items": {"type": "object", "required": ["date", "kind"], "properties": {
                "date": {"type": "string", "format": "date", "description": "dd/mm/yyyy or yyyy-mm-dd, in the year"},
                "kind": {"type": "string", "enum": ["day_off", "working_day"]},
                "name": {"type": "string", "description": "Vietnamese name; required for a day off"},
                "holiday_kind": {"type": "string", "enum": ["statutory", "compensatory", "swapped", "extra"]}}}}}})
        }
        "/api/v1/rulesets" => {
            json!({"type": "object", "description": "A whole rule version, as listed by GET /api/v1/rulesets; effective_from must be after today (VER-01)",
            "required": ["area", "code", "title_vi", "effective_from", "sources", "summary_vi", "parameters"], "properties": {
            "area": {"type": "string", "enum": ["meeting_guidance", "charter_implementation", "admission_guidance", "dues", "document_format", "document_types"]},
            "code": {"type": "string"}, "title_vi": {"type": "string"},
            "effective_from": {"type": "string", "format": "date", "description": "yyyy-mm-dd"},
            "sources": {"type": "array", "items": {"type": "string"}}, "summary_vi": {"type": "string"},
            "parameters": {"type": "object", "required": ["area", "values"]}}})
        }
        "/api/v1/orgs/{id}/local-settings" => {
            json!({"type": "object", "description": "What the organisation sets for the units under it; absent fields are inherited", "properties": {
            "criteria": {"type": ["array", "null"], "items": {"type": "object", "properties": {"code": {"type": "string"}, "title_vi": {"type": "string"}, "max_points": {"type": "integer"}}}},
            "grade_thresholds": {"type": ["object", "null"], "properties": {"good": {"type": "integer"}, "fair": {"type": "integer"}, "average": {"type": "integer"}}},
            "full_marks_for_good": {"type": ["array", "null"], "items": {"type": "string"}},
            "attendance_bands": {"type": ["object", "null"], "properties": {"first": {"type": "integer"}, "second": {"type": "integer"}, "third": {"type": "integer"}, "unexcused_lowers_band": {"type": "boolean"}}},
            "min_meeting_minutes": {"type": ["integer", "null"]},
            "min_combined_minutes": {"type": ["integer", "null"]},
            "meeting_day": {"type": ["object", "null"], "properties": {"day_of_month": {"type": "integer"}, "within_first_week_if_holiday": {"type": "boolean"}, "schedule_published_by": {"type": ["integer", "null"]}}}}})
        }
        _ => return None,
    };
    Some(json!({"required": true, "content": {"application/json": {"schema": schema}}}))
}

/// Query parameters of the calendar and rule set routes.
fn query_params(verb: Verb, path: &str) -> &'static [(&'static str, &'static str)] {
    match (verb, path) {
        (Verb::Get, "/api/v1/calendar/working-days") => &[
            ("date", "Start date (dd/mm/yyyy or yyyy-mm-dd); with n: the n-th working day after it; alone: whether it is a working day"),
            ("n", "Number of working days (whole, not negative)"),
            ("from", "With to: count the working days d with from < d ≤ to"),
            ("to", "End of the count"),
        ],
        (Verb::Get, "/api/v1/calendar/lunar") => {
            &[("date", "Solar date (dd/mm/yyyy or yyyy-mm-dd); default today in Vietnam")]
        }
        (Verb::Get, "/api/v1/rulesets/on") => {
            &[("date", "The date whose rules are composed; default today in Vietnam")]
        }
        _ => &[],
    }
}

pub fn build() -> Value {
    let mut paths = serde_json::Map::new();
    for spec in ROUTES.iter().filter(|s| s.path.starts_with("/api/")) {
        let entry = paths
            .entry(spec.path.to_string())
            .or_insert_with(|| json!({}));
        let mut op = json!({
            "summary": spec.summary,
            "x-capability": spec.capability,
            "responses": {
                "200": {"description": "OK. Every date in a response is an ISO 8601 string (`#/components/schemas/Date`)."},
                "405": {"$ref": "#/components/responses/Error"},
                "413": {"$ref": "#/components/responses/Error"},
                "401": {"$ref": "#/components/responses/Error"},
                "403": {"$ref": "#/components/responses/Error"},
                "404": {"$ref": "#/components/responses/Error"},
                "422": {"$ref": "#/components/responses/Error"}
            }
        });
        let mut params = Vec::new();
        if spec.scope != Scope::None {
            params.push(json!({"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}));
        }
        if spec.path.contains("{year}") {
            params.push(json!({"name": "year", "in": "path", "required": true, "schema": {"type": "integer"}}));
        }
        for (name, description) in query_params(spec.verb, spec.path) {
            let schema = if *name == "n" {
                json!({"type": "string"})
            } else {
                json!({"type": "string", "format": "date"})
            };
            params.push(json!({"name": name, "in": "query", "required": false, "schema": schema, "description": description}));
        }
        if spec.verb == Verb::Get && spec.path.starts_with("/api/v1/orgs") {
            params.push(json!({"name": "date", "in": "query", "required": false, "schema": {"type": "string", "format": "date"},
                "description": "View as of this date (dd/mm/yyyy or yyyy-mm-dd); default today in Vietnam"}));
        }
        if !params.is_empty() {
            op["parameters"] = Value::Array(params);
        }
        if spec.verb == Verb::Post {
            if let Some(body) = request_body(spec.path) {
                op["requestBody"] = body;
            }
            op["responses"]["201"] = json!({"description": "Created"});
        }
        entry[spec.verb.as_str()] = op;
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "chibo API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "API của chibo — phần mềm sinh hoạt chi bộ. Đăng nhập bằng POST /api/v1/login; mọi yêu cầu ghi gửi JSON kèm tiêu đề X-CSRF-Token. Lỗi có mã ổn định (error.code)."
        },
        "paths": paths,
        "components": {
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": crate::SESSION_COOKIE},
                "csrf": {"type": "apiKey", "in": "header", "name": "X-CSRF-Token"}
            },
            "schemas": {
                "Date": {"type": "string", "format": "date", "examples": ["2010-03-08"],
                    "description": "A calendar date, ISO 8601 yyyy-mm-dd; every date in every response has this form"},
                "Error": {"type": "object", "properties": {"error": {"type": "object", "properties": {
                    "code": {"type": "string", "enum": ["not_found", "forbidden", "unauthenticated", "csrf", "bad_request", "invalid_input", "malformed_json", "method_not_allowed", "too_large", "too_many_attempts", "internal"]},
                    "message": {"type": "string"},
                    "line": {"type": "integer", "description": "For a JSON body: line of the problem"},
                    "column": {"type": "integer", "description": "For a JSON body: column of the problem"},
                    "fields": {"type": "array", "items": {"type": "object", "properties": {
                        "field": {"type": "string", "description": "Field name, or the JSON path of a value of the wrong type (person.birth_date)"}, "code": {"type": "string"}, "message": {"type": "string"}}}}
                }}}}
            },
            "responses": {"Error": {"description": "Typed error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}
        },
        "security": [{"session": [], "csrf": []}]
    })
}

pub async fn document() -> Json<Value> {
    Json(build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_api_route_is_documented() {
        let doc = build();
        for spec in ROUTES.iter().filter(|s| s.path.starts_with("/api/v1")) {
            assert!(
                doc["paths"][spec.path][spec.verb.as_str()].is_object(),
                "{} {}",
                spec.verb.as_str(),
                spec.path
            );
            if spec.verb == Verb::Post && spec.path != "/api/v1/logout" {
                assert!(
                    doc["paths"][spec.path]["post"]["requestBody"].is_object(),
                    "body of {}",
                    spec.path
                );
            }
        }
    }
}
