//! Working-day calendar: Vietnamese lunar calendar (UTC+7), public holidays versioned by the
//! holiday law in force, decreed per-year adjustments, and working-day arithmetic (VER-02).
