//! Conversions between stored codes and domain values.

use crate::error::StoreError;

/// A stored value the domain refuses: the database was edited by hand or by another tool.
pub(crate) fn corrupt(column: &'static str, value: &str) -> StoreError {
    StoreError::Corrupt {
        column,
        value: value.to_string(),
    }
}
