//! `.xls`: the compound file and the BIFF records calamine reads at open.

use super::{LimitError, Limits};

pub(super) fn inspect(_bytes: &[u8], _limits: &Limits) -> Result<(), LimitError> {
    Ok(())
}
