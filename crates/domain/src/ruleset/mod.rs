//! Rule sets versioned by effective date (VER-01): one timeline per area, composed by
//! `rules_on(date)`.
