//! The rule's parameters: Microsoft's figures and the product's defaults for
//! the decisions of `docs/rules.md` section 2 that a user may change.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::money::Money;

/// Whether revenue is counted net of credits or gross (D7).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RevenueBasis {
    /// Every line counts with its sign (default).
    #[default]
    Net,
    /// Only positive lines count.
    Gross,
}

/// The parameters every assessment uses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Policy {
    /// D1: minimum TTM revenue in USD, compared with `>=`.
    pub threshold_usd: Money,
    /// D5: the first possible evaluation (the rule applies from April 2024).
    pub program_start: NaiveDate,
    /// D6: days before the evaluation on which notices go out, largest first.
    pub notice_offsets_days: [u32; 3],
    /// D7: net (default) or gross revenue for secured revenue and the status.
    pub revenue_basis: RevenueBasis,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            threshold_usd: Money(Decimal::new(100_000, 2)),
            program_start: NaiveDate::from_ymd_opt(2024, 4, 1).unwrap_or_default(),
            notice_offsets_days: [90, 60, 30],
            revenue_basis: RevenueBasis::Net,
        }
    }
}

impl Policy {
    /// The length of the notice period: the largest notice offset (D6).
    pub fn notice_period_days(&self) -> u32 {
        self.notice_offsets_days.iter().copied().max().unwrap_or(0)
    }
}
