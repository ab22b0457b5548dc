//! The lines behind a figure, kept in detail on request: a reader asked for
//! one tenant's lines ([`LineSelection`], in [`FileOptions::lines`]) keeps
//! each of them as it classifies it ([`LineDetail`]), beside the aggregates
//! it always keeps. Only the lines asked for are kept: reading a file again
//! for one tenant costs that tenant's lines in memory, not the file's.
//!
//! A line belongs to the tenant its reseller column names (trimmed, as the
//! ledger keys it), whatever became of it: used, excluded as a
//! partner-of-record attribution (D15) or rejected. A line that names no
//! tenant (a direct sale, D16; a blank line; a line rejected before its
//! fields were known; a line of a file waiting for an answer) is the file's
//! own, [`LineSelection::Unattributed`]. So every line read is in exactly one
//! list.
//!
//! [`FileOptions::lines`]: super::FileOptions::lines

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::account::{ExclusionReason, LineAmount, Rejection};
use crate::domain::money::{exact, Money};

/// Which lines a reader keeps in detail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineSelection {
    /// The lines that name this reseller tenant.
    Reseller(String),
    /// The lines that name none: direct sales, blank lines, lines whose
    /// fields could not be read.
    Unattributed,
    /// Every line (tests, and a whole file's listing).
    All,
}

impl LineSelection {
    /// Whether a line naming `reseller` (`None`: no tenant) is kept.
    pub(crate) fn wants(&self, reseller: Option<&str>) -> bool {
        match (self, reseller) {
            (LineSelection::All, _) => true,
            (LineSelection::Reseller(id), Some(r)) => id == r,
            (LineSelection::Unattributed, None) => true,
            _ => false,
        }
    }
}

/// What reading made of a line, before the files are combined.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineRead {
    /// Counted for its tenant (in USD, or waiting for a rate when `usd` is
    /// absent, D10c).
    Used,
    /// Not counted, for this reason.
    Excluded {
        /// Why.
        reason: ExclusionReason,
    },
    /// Not readable: the column and what was expected there (English; the
    /// file's rejections carry the same as values).
    Rejected {
        /// The column.
        column: String,
        /// What was expected.
        expected: String,
        /// What was found (cut to 60 characters).
        found: String,
    },
}

/// One line of a file, as read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineDetail {
    /// 1-based line number of the record's first line (a workbook's row).
    pub line: u64,
    /// The reseller ID the line names (trimmed), if it names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reseller_id: Option<String>,
    /// The date that places the line (D9; a monthly report's month, its
    /// first day, D20), when it could be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// The product or SKU name, where the layout has one.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub product: String,
    /// The amount as written, in `currency`, exact.
    #[serde(default, with = "exact::option", skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
    /// The amount's currency (upper case).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub currency: String,
    /// What it counts for in USD (D10, D11, D14, D19), exact; absent when
    /// there is no rate (D10c) or no amount.
    #[serde(default, with = "exact::option", skip_serializing_if = "Option::is_none")]
    pub usd: Option<Money>,
    /// The invoice number of a daily-rated usage line (which gives way to
    /// an invoice reconciliation file of the same invoice).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub daily_usage_invoice: Option<String>,
    /// A monthly report's value (which gives way to line-level files, D20).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub monthly_report: bool,
    /// What reading made of it.
    pub read: LineRead,
}

impl LineDetail {
    /// A line with nothing read but its number and fate.
    pub(crate) fn bare(line: u64, reseller_id: Option<&str>, read: LineRead) -> LineDetail {
        LineDetail {
            line,
            reseller_id: reseller_id.map(str::to_owned),
            date: None,
            product: String::new(),
            amount: None,
            currency: String::new(),
            usd: None,
            daily_usage_invoice: None,
            monthly_report: false,
            read,
        }
    }

    /// A line whose date and amount were read.
    pub(crate) fn read(line: u64, reseller_id: Option<&str>, date: NaiveDate, amount: &LineAmount<'_>, read: LineRead) -> LineDetail {
        LineDetail {
            date: Some(date),
            amount: Some(amount.original),
            currency: amount.currency.to_string(),
            usd: amount.usd,
            ..LineDetail::bare(line, reseller_id, read)
        }
    }
}

/// The lines a reader keeps, and which it was asked for.
#[derive(Clone, Debug)]
pub(crate) struct KeptLines {
    pub(crate) selection: LineSelection,
    pub(crate) lines: Vec<LineDetail>,
}

impl KeptLines {
    pub(crate) fn new(selection: LineSelection) -> Self {
        KeptLines { selection, lines: Vec::new() }
    }

    /// Keeps `make()`'s line if the selection wants a line naming `reseller`.
    #[inline]
    pub(crate) fn offer(&mut self, reseller: Option<&str>, make: impl FnOnce() -> LineDetail) {
        if self.selection.wants(reseller) {
            self.lines.push(make());
        }
    }

    /// Keeps a rejected line naming `reseller`, if wanted.
    pub(crate) fn offer_rejected(&mut self, reseller: Option<&str>, r: &Rejection) {
        self.offer(reseller, || {
            let read = LineRead::Rejected { column: r.column.clone(), expected: r.expected(), found: r.found.clone() };
            LineDetail::bare(r.line, reseller, read)
        });
    }

    /// Keeps a line excluded before its fields were read (it names no
    /// tenant), if wanted.
    pub(crate) fn offer_unread(&mut self, line: u64, reason: ExclusionReason) {
        self.offer(None, || LineDetail::bare(line, None, LineRead::Excluded { reason }));
    }
}
