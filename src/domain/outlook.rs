//! The portfolio's next twelve months: per evaluation month, how many
//! tenants face an evaluation and how much revenue the ones not yet on
//! track still need, by status. What the distributor's picture draws.

use chrono::NaiveDate;
use serde::Serialize;

use super::assess::{ResellerAssessment, Status};
use super::dates::{add_months, month_start};
use super::money::Money;

/// Tenants of one status evaluated in one month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StatusShare {
    /// The status.
    pub status: Status,
    /// How many tenants.
    pub tenants: usize,
    /// Their summed shortfall (zero for tenants on track).
    pub shortfall_usd: Money,
}

/// One month of the outlook.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OutlookMonth {
    /// The month (its first day: the evaluation date).
    pub month: NaiveDate,
    /// Tenants evaluated this month.
    pub tenants: usize,
    /// Their summed shortfall.
    pub shortfall_usd: Money,
    /// By status, most urgent first; statuses without tenants left out.
    pub by_status: Vec<StatusShare>,
}

/// The twelve months from the as-of month on. A tenant counts in the month
/// of its next evaluation; tenants that are deauthorized (or may re-enroll)
/// or have no evaluation date face none and are left out.
pub fn outlook(tenants: &[ResellerAssessment], as_of: NaiveDate) -> Vec<OutlookMonth> {
    let first = month_start(as_of);
    let mut months: Vec<OutlookMonth> = std::iter::successors(Some(first), |m| add_months(*m, 1))
        .take(12)
        .map(|month| OutlookMonth { month, tenants: 0, shortfall_usd: Money::default(), by_status: Vec::new() })
        .collect();
    for t in tenants {
        if matches!(t.status, Status::Deauthorized | Status::ReenrollmentOpen) {
            continue;
        }
        let Some(month) = t.next_evaluation.and_then(|e| months.iter_mut().find(|m| m.month == e)) else { continue };
        let shortfall = t.shortfall_usd.unwrap_or_default();
        month.tenants += 1;
        month.shortfall_usd += shortfall;
        match month.by_status.iter_mut().find(|s| s.status == t.status) {
            Some(share) => {
                share.tenants += 1;
                share.shortfall_usd += shortfall;
            }
            None => month.by_status.push(StatusShare { status: t.status, tenants: 1, shortfall_usd: shortfall }),
        }
    }
    for m in &mut months {
        m.by_status.sort_by_key(|s| s.status);
    }
    months
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::assess::{assess, Context};
    use crate::domain::ledger::ResellerRevenue;
    use crate::domain::policy::Policy;
    use crate::domain::register::RegisterEntry;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn counts_and_shortfalls_by_evaluation_month() {
        let as_of = date(2026, 11, 28);
        let policy = Policy::default();
        let ctx = Context { as_of, policy: &policy, coverage: None };
        let one = |id: &str, onboarded: NaiveDate, deauthorized: Option<NaiveDate>, usd: &str| {
            let mut r = ResellerRevenue::default();
            r.add_usd(date(2026, 6, 1), Money(usd.parse().unwrap()));
            let e = RegisterEntry {
                reseller_id: id.into(),
                onboarding_date: Some(onboarded),
                deauthorized_on: deauthorized,
                ..RegisterEntry::default()
            };
            assess(id, &r, Some(&e), &ctx)
        };
        let tenants = [
            one("a", date(2020, 3, 3), None, "400.00"),                // at risk, 2027-03, short 600
            one("b", date(2021, 3, 9), None, "950.50"),                // at risk, 2027-03, short 49.50
            one("c", date(2021, 3, 9), None, "1200.00"),               // on track, 2027-03
            one("d", date(2019, 1, 5), None, "100.00"),                // notice period, 2027-01, short 900
            one("e", date(2019, 11, 5), None, "0"),                    // evaluation month, 2026-11, short 1000
            one("f", date(2019, 12, 5), Some(date(2025, 12, 3)), "0"), // deauthorized: left out
            one("g", date(2019, 11, 5), None, "5000.00"),              // evaluation month passed: on track
        ];
        let o = outlook(&tenants, as_of);
        assert_eq!(o.len(), 12);
        assert_eq!((o[0].month, o[11].month), (date(2026, 11, 1), date(2027, 10, 1)));
        let at = |m: NaiveDate| o.iter().find(|x| x.month == m).unwrap();
        let march = at(date(2027, 3, 1));
        assert_eq!((march.tenants, march.shortfall_usd.to_string()), (3, "649.50".into()));
        assert_eq!(
            march.by_status.iter().map(|s| (s.status, s.tenants)).collect::<Vec<_>>(),
            vec![(Status::AtRisk, 2), (Status::OnTrack, 1)]
        );
        assert_eq!(at(date(2027, 1, 1)).by_status[0].status, Status::NoticePeriod);
        assert_eq!((o[0].tenants, o[0].shortfall_usd.to_string()), (2, "1000.00".into()));
        // Everything counted once: the deauthorized tenant is the only one left out.
        assert_eq!(o.iter().map(|m| m.tenants).sum::<usize>(), 6);
    }
}
