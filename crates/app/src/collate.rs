//! Vietnamese name ordering (design/ux.md): by given name (the last word), then the middle
//! names, then the family name, compared with a real Vietnamese collator (ICU4X, `vi`), so
//! that "Ánh" sorts after "Anh" and "Đức" after "Dũng", which byte order gets wrong.

use std::cmp::Ordering;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed, CollatorPreferences};
use icu_locale_core::locale;

/// A collator for the `vi` locale. Building one is cheap with compiled data; keep one per
/// request or list.
pub struct NameOrder {
    collator: CollatorBorrowed<'static>,
}

impl NameOrder {
    pub fn new() -> Option<Self> {
        let prefs = CollatorPreferences::from(&locale!("vi"));
        Collator::try_new(prefs, CollatorOptions::default())
            .ok()
            .map(|collator| Self { collator })
    }

    /// A process-wide instance: building a collator per request would cost more than the
    /// sorting it serves.
    pub fn shared() -> Option<&'static Self> {
        static SHARED: std::sync::OnceLock<Option<NameOrder>> = std::sync::OnceLock::new();
        SHARED.get_or_init(Self::new).as_ref()
    }

    /// Compares two full names the Vietnamese way.
    pub fn compare(&self, a: &str, b: &str) -> Ordering {
        // [given, middle names…, family]: "Nguyễn Văn An" → ["An", "Văn", "Nguyễn"].
        let key = |s: &str| -> Vec<String> {
            let words: Vec<&str> = s.split_whitespace().collect();
            match words.split_last() {
                None => Vec::new(),
                Some((given, [])) => vec![(*given).to_string()],
                Some((given, [family, middles @ ..])) => std::iter::once(*given)
                    .chain(middles.iter().copied())
                    .chain(std::iter::once(*family))
                    .map(str::to_string)
                    .collect(),
            }
        };
        let (ka, kb) = (key(a), key(b));
        for (x, y) in ka.iter().zip(kb.iter()) {
            match self.collator.compare(x, y) {
                Ordering::Equal => continue,
                other => return other,
            }
        }
        ka.len().cmp(&kb.len())
    }

    pub fn sort_by_name<T>(&self, items: &mut [T], name: impl Fn(&T) -> &str) {
        items.sort_by(|a, b| self.compare(name(a), name(b)));
    }

    /// Compares plain strings (organisation names).
    pub fn compare_plain(&self, a: &str, b: &str) -> Ordering {
        self.collator.compare(a, b)
    }

    /// The collation key of a text as a whole: comparing keys byte by byte orders texts as
    /// [`NameOrder::compare_plain`] does (sort many names by key, once each).
    pub fn plain_key(&self, text: &str) -> Vec<u8> {
        let mut key = Vec::new();
        let _ = self.collator.write_sort_key_to(text, &mut key);
        key
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_keys_order_like_the_collator() {
        let o = NameOrder::new().unwrap();
        let names = [
            "Chi bộ Đồng Tâm",
            "Chi bộ Dương Xá",
            "Chi bộ Ánh Dương",
            "Chi bộ Anh Sơn",
            "Chi bộ Ư Thôn",
            "Chi bộ Uy Nỗ",
            "Chi bộ Zô",
        ];
        for a in names {
            for b in names {
                assert_eq!(
                    o.plain_key(a).cmp(&o.plain_key(b)),
                    o.compare_plain(a, b),
                    "{a} / {b}"
                );
            }
        }
    }

    #[test]
    fn sorts_by_given_name_with_vietnamese_alphabet() {
        let order = NameOrder::new().unwrap();
        let mut names = vec![
            "Trần Văn Đức",
            "Nguyễn Thị Anh",
            "Lê Văn Dũng",
            "Phạm Ánh",
            "Nguyễn Văn An",
            "Bùi Thị Ân",
            "Hoàng Văn Bình",
        ];
        order.sort_by_name(&mut names, |s| s);
        assert_eq!(
            names,
            // â is its own letter after a (so "Ân" follows "Anh"); tones only break ties
            // ("Anh" before "Ánh").
            vec![
                "Nguyễn Văn An",
                "Nguyễn Thị Anh",
                "Phạm Ánh",
                "Bùi Thị Ân",
                "Hoàng Văn Bình",
                "Lê Văn Dũng",
                "Trần Văn Đức",
            ]
        );
    }

    #[test]
    fn same_given_name_then_middle_then_family() {
        let order = NameOrder::new().unwrap();
        let mut names = vec!["Trần Văn An", "Nguyễn Văn An", "Lê Thị An"];
        order.sort_by_name(&mut names, |s| s);
        assert_eq!(names, vec!["Lê Thị An", "Nguyễn Văn An", "Trần Văn An"]);
    }
}

/// A name folded for search: lower case, Vietnamese diacritics removed (decomposed, marks
/// dropped) and đ/Đ as d, so "dinh thi mai phuong" finds "Đinh Thị Mai Phương".
pub fn fold_for_search(s: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether every word of `query` occurs in `name`, both folded ([`fold_for_search`]). An
/// empty query matches nothing.
pub fn name_matches(name: &str, query: &str) -> bool {
    let name = fold_for_search(name);
    let words: Vec<String> = query.split_whitespace().map(fold_for_search).collect();
    !words.is_empty() && words.iter().all(|w| name.contains(w.as_str()))
}

#[cfg(test)]
mod search_tests {
    use super::*;

    #[test]
    fn search_ignores_case_and_vietnamese_diacritics() {
        assert_eq!(
            fold_for_search("Đinh Thị Mai Phương"),
            "dinh thi mai phuong"
        );
        assert_eq!(fold_for_search("ĐẶNG Ưng"), "dang ung");
        assert!(name_matches("Đinh Thị Mai Phương", "phuong dinh"));
        assert!(name_matches("Đinh Thị Mai Phương", "MAI PHƯƠNG"));
        assert!(name_matches("Đinh Thị Mai Phương", "đinh"));
        assert!(!name_matches("Đinh Thị Mai Phương", "hoa"));
        assert!(!name_matches("Đinh Thị Mai Phương", "  "));
    }
}
