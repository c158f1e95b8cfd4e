//! Every rule ID that the code names must exist in the project's own copy of the rules
//! catalogue (`docs/rules.md`), so a typo or an invented ID cannot hide in a comment.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const PREFIXES: [&str; 12] = [
    "VER", "CAL", "ORG", "CHR", "MTG", "PLAN", "ADM", "MEM", "FEE", "DOC", "TRN", "INT",
];

/// Finds IDs such as `ORG-02`, `MTG-ATT-03`, `ADM-CER-01` (also written with underscores,
/// as in constant names).
fn ids_in(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let boundary = i == 0 || !chars[i - 1].is_ascii_alphanumeric();
        if boundary && chars[i].is_ascii_uppercase() {
            let mut j = i;
            while j < chars.len()
                && (chars[j].is_ascii_alphanumeric() || chars[j] == '-' || chars[j] == '_')
            {
                j += 1;
            }
            let token: String = chars[i..j].iter().collect::<String>().replace('_', "-");
            let parts: Vec<&str> = token.split('-').collect();
            let valid = parts.len() >= 2
                && PREFIXES.contains(&parts[0])
                && parts
                    .last()
                    .is_some_and(|n| n.len() == 2 && n.chars().all(|c| c.is_ascii_digit()))
                && parts[1..parts.len() - 1]
                    .iter()
                    .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_uppercase()))
                && parts.len() <= 3;
            if valid {
                found.insert(token);
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "target") {
                rust_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs" || e == "html") {
            out.push(path);
        }
    }
}

#[test]
fn every_rule_id_named_in_code_is_in_the_catalogue() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let catalogue = std::fs::read_to_string(root.join("docs/rules.md")).unwrap();
    let known: BTreeSet<String> = catalogue
        .lines()
        .filter_map(|l| l.strip_prefix("- **"))
        .filter_map(|l| l.split_whitespace().next())
        .map(|id| id.trim_end_matches("**").to_string())
        .collect();
    assert!(
        known.contains("MTG-ATT-03") && known.contains("ORG-01"),
        "catalogue parsed"
    );
    let mut files = Vec::new();
    rust_files(&root.join("crates"), &mut files);
    let mut unknown = Vec::new();
    let mut named = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for id in ids_in(&text) {
            named += 1;
            if !known.contains(&id) {
                unknown.push(format!("{id} in {}", file.display()));
            }
        }
    }
    assert!(
        named > 50,
        "the scan found the IDs the code names ({named})"
    );
    assert!(
        unknown.is_empty(),
        "rule IDs not in docs/rules.md:\n{}",
        unknown.join("\n")
    );
}

#[test]
fn the_scanner_finds_ids_and_ignores_look_alikes() {
    let ids = ids_in("see MTG-ATT-03 and ORG_02, not XORG-02 nor ORG-2 nor MTG-ATT-01..03's end");
    assert_eq!(
        ids.into_iter().collect::<Vec<_>>(),
        vec!["MTG-ATT-01", "MTG-ATT-03", "ORG-02"]
    );
}
