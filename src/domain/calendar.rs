//! The evaluation calendar of one reseller tenant.
//!
//! Design note. Everything hangs on the *anniversary month* of the tenant's
//! onboarding; the day of onboarding never matters again (so Feb 29 needs no
//! special case here).
//!
//! - An evaluation happens on the first day of the anniversary month (D2).
//! - The first evaluation (D5) is the anniversary month of the year after
//!   onboarding, moved on a year at a time until it is on or after the program
//!   start: onboarded 2023-05-10 → 2024-05-01; onboarded 2023-02-10 →
//!   2025-02-01, because Feb 2024 was before April 2024.
//! - The *next* evaluation at an as-of date is the first one whose month has
//!   not ended: during the anniversary month that is the current month's
//!   evaluation (days to it = 0).
//! - Its window (D3) is the twelve full calendar months before it.
//! - Notices (D6) are the evaluation date minus each offset.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::dates::{add_years, days_between, month_start, sub_days, sub_months};
use super::policy::Policy;

/// A closed range of dates, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Window {
    /// First day counted.
    pub start: NaiveDate,
    /// Last day counted.
    pub end: NaiveDate,
}

impl Window {
    /// True when `date` lies inside the window.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }
}

/// One yearly evaluation: its date, the revenue window and the notice dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Evaluation {
    /// The first day of the anniversary month (D2).
    pub date: NaiveDate,
    /// The twelve full months before it (D3).
    pub window: Window,
    /// The 90/60/30-day notices (D6), in the order of the policy's offsets.
    pub notices: [NaiveDate; 3],
}

impl Evaluation {
    /// The evaluation on `date` (the first of an anniversary month).
    pub fn on(date: NaiveDate, policy: &Policy) -> Option<Evaluation> {
        let start = sub_months(date, 12)?;
        let end = date.pred_opt()?;
        let [a, b, c] = policy.notice_offsets_days;
        Some(Evaluation { date, window: Window { start, end }, notices: [sub_days(date, a)?, sub_days(date, b)?, sub_days(date, c)?] })
    }

    /// The first day of the notice period (D6).
    pub fn notice_period_start(&self, policy: &Policy) -> Option<NaiveDate> {
        sub_days(self.date, policy.notice_period_days())
    }

    /// True when `as_of` is in the evaluation's own month.
    pub fn is_current_month(&self, as_of: NaiveDate) -> bool {
        month_start(as_of) == self.date
    }

    /// Days from `as_of` to the evaluation, 0 once its month has begun.
    pub fn days_from(&self, as_of: NaiveDate) -> i64 {
        days_between(as_of, self.date).max(0)
    }
}

/// The first evaluation of a tenant onboarded on `onboarded` (D5).
pub fn first_evaluation(onboarded: NaiveDate, policy: &Policy) -> Option<NaiveDate> {
    let mut candidate = add_years(month_start(onboarded), 1)?;
    let limit = policy.program_start.max(candidate);
    while candidate < limit {
        candidate = add_years(candidate, 1)?;
    }
    Some(candidate)
}

/// The evaluation that is next at `as_of` (the current month's during the
/// anniversary month), never before the first evaluation.
pub fn next_evaluation(onboarded: NaiveDate, as_of: NaiveDate, policy: &Policy) -> Option<NaiveDate> {
    let first = first_evaluation(onboarded, policy)?;
    if as_of < first {
        return Some(first);
    }
    let this_year = NaiveDate::from_ymd_opt(as_of.year(), onboarded.month(), 1)?;
    if this_year >= month_start(as_of) {
        Some(this_year)
    } else {
        add_years(this_year, 1)
    }
}

/// The evaluations from the first up to, not including, `before`.
pub fn evaluations_before(onboarded: NaiveDate, before: NaiveDate, policy: &Policy) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut date = first_evaluation(onboarded, policy);
    while let Some(d) = date {
        if d >= before || out.len() > 200 {
            break;
        }
        out.push(d);
        date = add_years(d, 1);
    }
    out
}

/// The first day a deauthorized tenant may re-enroll: one year after the
/// deauthorization, Feb 29 → Mar 1 (D12).
pub fn reenroll_from(deauthorized_on: NaiveDate) -> Option<NaiveDate> {
    add_years(deauthorized_on, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn first_evaluation_follows_d5() {
        let p = Policy::default();
        assert_eq!(first_evaluation(date(2023, 5, 10), &p), Some(date(2024, 5, 1)));
        assert_eq!(first_evaluation(date(2023, 2, 10), &p), Some(date(2025, 2, 1)));
        // Anniversaries in Jan–Mar 2024 fall before the program start.
        assert_eq!(first_evaluation(date(2023, 1, 31), &p), Some(date(2025, 1, 1)));
        assert_eq!(first_evaluation(date(2023, 3, 31), &p), Some(date(2025, 3, 1)));
        assert_eq!(first_evaluation(date(2023, 4, 1), &p), Some(date(2024, 4, 1)));
        // Long-standing tenants: the first anniversary on or after April 2024.
        assert_eq!(first_evaluation(date(2019, 11, 3), &p), Some(date(2024, 11, 1)));
        assert_eq!(first_evaluation(date(2020, 3, 3), &p), Some(date(2025, 3, 1)));
        // Onboarded on Feb 29: only the month counts.
        assert_eq!(first_evaluation(date(2024, 2, 29), &p), Some(date(2025, 2, 1)));
    }

    #[test]
    fn program_start_is_a_setting() {
        let p = Policy { program_start: date(2025, 1, 1), ..Policy::default() };
        assert_eq!(first_evaluation(date(2023, 5, 10), &p), Some(date(2025, 5, 1)));
    }

    #[test]
    fn next_evaluation_is_current_during_the_anniversary_month() {
        let p = Policy::default();
        let on = date(2022, 11, 26);
        assert_eq!(next_evaluation(on, date(2026, 11, 28), &p), Some(date(2026, 11, 1)));
        assert_eq!(next_evaluation(on, date(2026, 11, 1), &p), Some(date(2026, 11, 1)));
        assert_eq!(next_evaluation(on, date(2026, 12, 1), &p), Some(date(2027, 11, 1)));
        assert_eq!(next_evaluation(on, date(2026, 10, 31), &p), Some(date(2026, 11, 1)));
        // Before the first evaluation, the first one is next.
        assert_eq!(next_evaluation(date(2026, 8, 12), date(2026, 11, 28), &p), Some(date(2027, 8, 1)));
    }

    #[test]
    fn window_and_notices_follow_d3_and_d6() {
        let p = Policy::default();
        let e = Evaluation::on(date(2027, 3, 1), &p).unwrap();
        assert_eq!(e.window, Window { start: date(2026, 3, 1), end: date(2027, 2, 28) });
        assert_eq!(e.notices, [date(2026, 12, 1), date(2026, 12, 31), date(2027, 1, 30)]);
        assert_eq!(e.notice_period_start(&p), Some(date(2026, 12, 1)));
        let leap = Evaluation::on(date(2028, 3, 1), &p).unwrap();
        assert_eq!(leap.window.end, date(2028, 2, 29));
    }

    #[test]
    fn reenrollment_is_one_year_later() {
        assert_eq!(reenroll_from(date(2024, 2, 29)), Some(date(2025, 3, 1)));
        assert_eq!(reenroll_from(date(2025, 11, 18)), Some(date(2026, 11, 18)));
    }

    #[test]
    fn lists_past_evaluations() {
        let p = Policy::default();
        assert_eq!(evaluations_before(date(2022, 11, 26), date(2026, 11, 1), &p), vec![date(2024, 11, 1), date(2025, 11, 1)]);
    }
}
