//! The files loaded so far, combined: a file loaded twice counts once,
//! daily-rated usage gives way to the invoice reconciliation of the same
//! invoice, and a monthly report to line-level files (D20).

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::account::{ExclusionReason, FileAccount, FileContribution, FinishedFile, Tally};
use super::graph;
use super::layout::Layout;
use crate::domain::ledger::{Ledger, ResellerRevenue};
use crate::domain::money::Money;

/// Adds every tenant's revenue of `from` to `into`.
pub(super) fn merge_ledger(into: &mut Ledger, from: &Ledger) {
    for (reseller, revenue) in from {
        match into.get_mut(reseller) {
            Some(kept) => kept.merge(revenue),
            // A tenant new to `into`: its days copied at once (a map's
            // clone), not inserted one by one into an empty one.
            None => {
                into.insert(reseller.clone(), revenue.clone());
            }
        }
    }
}

pub(super) fn ledger_entry<'l>(ledger: &'l mut Ledger, reseller: &str) -> &'l mut ResellerRevenue {
    if !ledger.contains_key(reseller) {
        ledger.insert(reseller.to_owned(), ResellerRevenue::default());
    }
    ledger.get_mut(reseller).expect("inserted above")
}

/// D20: a monthly report's value for a reseller and month that line-level
/// files cover, shown beside what the lines give (never added to them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrossCheck {
    /// The reseller.
    pub reseller_id: String,
    /// The month's first day.
    pub month: NaiveDate,
    /// What the report says.
    pub report_usd: Money,
    /// What the loaded lines give for that month.
    pub lines_usd: Money,
    /// `lines_usd − report_usd`.
    pub difference_usd: Money,
}

/// The last day of `month`'s month.
fn month_end(month: NaiveDate) -> NaiveDate {
    crate::domain::dates::add_months(month, 1).and_then(|d| d.pred_opt()).unwrap_or(month)
}

/// The (reseller, month, tally) of a monthly report `file` that line-level
/// revenue `lines` covers: a reseller with revenue dated in that month.
fn covered_months<'f>(file: &'f FinishedFile, lines: &'f Ledger) -> impl Iterator<Item = (&'f str, NaiveDate, &'f Tally)> + 'f {
    file.revenue.months.iter().flat_map(move |(reseller, months)| {
        months
            .iter()
            .filter(move |(month, _)| lines.get(reseller).is_some_and(|r| r.days.range(**month..=month_end(**month)).next().is_some()))
            .map(move |(month, tally)| (reseller.as_str(), *month, tally))
    })
}

/// What the files loaded give together ([`Ingest::combine`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Combined {
    /// Each file's account ([`Ingest::reports`]).
    pub files: Vec<FileAccount>,
    /// Revenue per reseller ([`Ingest::ledger`]).
    pub ledger: Ledger,
    /// D20's cross-checks ([`Ingest::cross_checks`]).
    pub cross_checks: Vec<CrossCheck>,
}

/// What combining the files decides for each line, so a line kept in detail
/// ([`super::LineDetail`]) can be told whether it counts: a file loaded
/// twice, daily usage of an invoice whose reconciliation file is loaded, a
/// monthly report's value for a month line-level files cover (D20).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineContext {
    /// Per file, in the order added: the first file of the same bytes.
    duplicate_of: Vec<Option<String>>,
    /// The invoice numbers of the invoice reconciliation files loaded.
    invoices: BTreeSet<String>,
    /// The months with revenue of line-level files, per reseller (only
    /// when a monthly report is loaded).
    covered: BTreeMap<String, BTreeSet<NaiveDate>>,
}

impl LineContext {
    /// The exclusion combining gives the line `detail` of the file at
    /// `index` (in the order added), if it was counted when read: `None`
    /// keeps what reading made of it.
    pub fn fate(&self, index: usize, detail: &super::LineDetail) -> Option<ExclusionReason> {
        let duplicate = self.duplicate_of.get(index).is_some_and(Option::is_some);
        match detail.read {
            // A rejected line stays rejected, in a duplicate too (as the
            // file's account keeps it).
            super::LineRead::Rejected { .. } => return None,
            // Every line a duplicate counted or excluded is the duplicate's.
            super::LineRead::Excluded { .. } => return duplicate.then_some(ExclusionReason::DuplicateFile),
            super::LineRead::Used if duplicate => return Some(ExclusionReason::DuplicateFile),
            super::LineRead::Used => {}
        }
        if detail.daily_usage_invoice.as_ref().is_some_and(|i| self.invoices.contains(i)) {
            return Some(ExclusionReason::DailyUsageDetail);
        }
        if detail.monthly_report {
            let covered = match (&detail.reseller_id, detail.date) {
                (Some(r), Some(month)) => self.covered.get(r).is_some_and(|months| months.contains(&month)),
                _ => false,
            };
            if covered {
                return Some(ExclusionReason::MonthlyReportCrossCheck);
            }
        }
        None
    }
}

/// The files loaded so far, combined. Files are shared, not copied: the web
/// app combines its files again on every change without cloning their
/// results.
#[derive(Debug, Default)]
pub struct Ingest {
    files: Vec<Rc<FinishedFile>>,
}

impl Ingest {
    /// Nothing loaded.
    pub fn new() -> Self {
        Ingest::default()
    }

    /// Adds a finished file. The same bytes loaded again count once.
    pub fn add(&mut self, file: impl Into<Rc<FinishedFile>>) {
        let mut file = file.into();
        if let Some(first) = self.files.iter().find(|f| f.fingerprint == file.fingerprint && f.account.duplicate_of.is_none()) {
            let first = first.account.file.clone();
            let file = Rc::make_mut(&mut file);
            let r = &mut file.account;
            r.duplicate_of = Some(first);
            let mut moved = r.used.clone();
            for (reason, t) in std::mem::take(&mut r.excluded) {
                if reason != ExclusionReason::DuplicateFile {
                    moved.merge(&t);
                }
            }
            r.used = Tally::default();
            r.excluded.insert(ExclusionReason::DuplicateFile, moved);
            r.missing_rates.clear();
            file.revenue = FileContribution::default();
        }
        self.files.push(file);
    }

    /// The per-file accounts, the ledger and the cross-checks together
    /// ([`Ingest::reports`], [`Ingest::ledger`], [`Ingest::cross_checks`]),
    /// from one line-level ledger: each of those alone builds it again, and
    /// the web app combines its files on every change.
    pub fn combine(&self) -> Combined {
        let lines = self.line_ledger(&self.invoices());
        Combined { files: self.reports_with(&lines), cross_checks: self.cross_checks_with(&lines), ledger: self.ledger_from(lines) }
    }

    /// The per-file accounts, with daily usage that gives way to an invoice
    /// file, and monthly report values that give way to line-level files
    /// (D20), moved from used to excluded.
    pub fn reports(&self) -> Vec<FileAccount> {
        self.reports_with(&self.line_ledger(&self.invoices()))
    }

    /// Revenue per reseller across every file: line-level files, and monthly
    /// reports for the resellers and months no line-level file covers (D20).
    pub fn ledger(&self) -> Ledger {
        self.ledger_from(self.line_ledger(&self.invoices()))
    }

    /// D20: each monthly report value that line-level files cover, beside
    /// the lines' revenue for that reseller and month.
    pub fn cross_checks(&self) -> Vec<CrossCheck> {
        self.cross_checks_with(&self.line_ledger(&self.invoices()))
    }

    /// [`Ingest::reports`], `lines` the line-level ledger.
    fn reports_with(&self, lines: &Ledger) -> Vec<FileAccount> {
        let invoices = self.invoices();
        self.files
            .iter()
            .map(|f| {
                let mut report = f.account.clone();
                for (invoice, (_, tally)) in &f.revenue.daily_by_invoice {
                    if invoices.contains(invoice) {
                        report.used.subtract(tally);
                        report.excluded.entry(ExclusionReason::DailyUsageDetail).or_default().merge(tally);
                    }
                }
                for (_, _, tally) in covered_months(f, lines) {
                    report.used.subtract(tally);
                    report.excluded.entry(ExclusionReason::MonthlyReportCrossCheck).or_default().merge(tally);
                }
                if let Some(manifest) = &f.revenue.manifest {
                    let loaded: Vec<&str> =
                        self.files.iter().filter(|o| o.revenue.manifest.is_none()).map(|o| o.account.file.as_str()).collect();
                    let others: Vec<&graph::Manifest> = self
                        .files
                        .iter()
                        .filter(|o| !std::ptr::eq::<FinishedFile>(&***o, &**f))
                        .filter_map(|o| o.revenue.manifest.as_ref())
                        .collect();
                    report.warnings = graph::check(manifest, &others, &loaded);
                }
                report
            })
            .collect()
    }

    fn invoices(&self) -> BTreeSet<&String> {
        self.files.iter().flat_map(|f| f.revenue.invoices.iter()).collect()
    }

    /// Revenue of the line-level files (daily usage of an invoice that an
    /// invoice file has too left out).
    fn line_ledger(&self, invoices: &BTreeSet<&String>) -> Ledger {
        let mut combined = Ledger::new();
        for f in self.files.iter().filter(|f| f.account.layout != Some(Layout::MonthlyReport)) {
            merge_ledger(&mut combined, &f.revenue.ledger);
            for (invoice, (ledger, _)) in &f.revenue.daily_by_invoice {
                if !invoices.contains(invoice) {
                    merge_ledger(&mut combined, ledger);
                }
            }
        }
        combined
    }

    /// [`Ingest::ledger`] from the line-level ledger `lines`.
    fn ledger_from(&self, lines: Ledger) -> Ledger {
        let mut monthly = self.files.iter().filter(|f| f.account.layout == Some(Layout::MonthlyReport)).peekable();
        if monthly.peek().is_none() {
            return lines;
        }
        let mut combined = lines.clone();
        for f in monthly {
            let covered: BTreeSet<(&str, NaiveDate)> = covered_months(f, &lines).map(|(r, m, _)| (r, m)).collect();
            for (reseller, revenue) in &f.revenue.ledger {
                let mut kept = revenue.clone();
                kept.days.retain(|day, _| !covered.contains(&(reseller.as_str(), *day)));
                kept.lines = f.revenue.months.get(reseller).map_or(0, |m| {
                    m.iter().filter(|(month, _)| !covered.contains(&(reseller.as_str(), **month))).map(|(_, t)| t.lines).sum()
                });
                ledger_entry(&mut combined, reseller).merge(&kept);
            }
        }
        combined
    }

    /// [`Ingest::cross_checks`], `lines` the line-level ledger.
    fn cross_checks_with(&self, lines: &Ledger) -> Vec<CrossCheck> {
        let mut checks: BTreeMap<(String, NaiveDate), CrossCheck> = BTreeMap::new();
        for f in &self.files {
            for (reseller, month, tally) in covered_months(f, lines) {
                let lines_usd = lines.get(reseller).map_or(Money::ZERO, |r| r.total(month..=month_end(month)).net());
                let check = checks.entry((reseller.to_owned(), month)).or_insert_with(|| CrossCheck {
                    reseller_id: reseller.to_owned(),
                    month,
                    report_usd: Money::ZERO,
                    lines_usd,
                    difference_usd: Money::ZERO,
                });
                check.report_usd += tally.usd;
                check.difference_usd = check.lines_usd - check.report_usd;
            }
        }
        checks.into_values().collect()
    }

    /// What combining these files makes of a line each of them kept in
    /// detail ([`LineContext::fate`]): the same decisions as the figures.
    pub fn line_context(&self) -> LineContext {
        let invoices = self.invoices();
        // Which months line-level files cover matters to a monthly report's
        // lines only: not worked out (every tenant's days walked) without one.
        let monthly = self.files.iter().any(|f| f.account.layout == Some(Layout::MonthlyReport));
        let covered = if monthly {
            self.line_ledger(&invoices)
                .into_iter()
                .map(|(reseller, revenue)| (reseller, revenue.days.keys().map(|d| crate::domain::dates::month_start(*d)).collect()))
                .collect()
        } else {
            BTreeMap::new()
        };
        LineContext {
            duplicate_of: self.files.iter().map(|f| f.account.duplicate_of.clone()).collect(),
            invoices: invoices.into_iter().cloned().collect(),
            covered,
        }
    }

    /// The earliest and latest date of any counted line (for D12b).
    pub fn coverage(&self) -> Option<(NaiveDate, NaiveDate)> {
        let first = self.files.iter().filter(|f| f.account.duplicate_of.is_none()).filter_map(|f| f.account.first_date).min()?;
        let last = self.files.iter().filter(|f| f.account.duplicate_of.is_none()).filter_map(|f| f.account.last_date).max()?;
        Some((first, last))
    }
}
