//! The calendar export's words in the interface's language: the domain
//! writes the `.ics` (`domain::ics`), this wording fills its texts.

use chrono::NaiveDate;

use super::L10n;
use crate::domain::assess::ResellerAssessment;
use crate::domain::ics::{Event, EventKind, Wording};

impl L10n {
    fn tenant(&self, t: &ResellerAssessment) -> String {
        match &t.name {
            Some(name) => self.f("{name} ({id})", &[("name", name), ("id", &t.reseller_id)]),
            None => self.f("Reseller {id}", &[("id", &t.reseller_id)]),
        }
    }
}

impl Wording for L10n {
    fn calendar_name(&self, tenants: usize) -> String {
        if tenants == 1 {
            self.t("TTM Check: evaluation dates").to_owned()
        } else {
            self.f("TTM Check: evaluation dates of {n} reseller tenants", &[("n", &self.number(tenants as i64))])
        }
    }

    fn summary(&self, e: &Event<'_>) -> String {
        let who = self.tenant(e.tenant);
        match e.kind {
            EventKind::Notice(days) => {
                self.f("{who}: {days}-day notice before the CSP revenue evaluation", &[("who", &who), ("days", &days)])
            }
            EventKind::LastCountingDay => self.f("{who}: last day revenue counts for the CSP evaluation", &[("who", &who)]),
            EventKind::Evaluation => self.f("{who}: CSP revenue evaluation (USD 1,000 TTM rule)", &[("who", &who)]),
            EventKind::Reenrollment => self.f("{who}: CSP re-enrollment possible", &[("who", &who)]),
        }
    }

    fn description(&self, e: &Event<'_>, as_of: NaiveDate) -> String {
        let t = e.tenant;
        let eval = e.evaluation.map(|d| self.date(d)).unwrap_or_default();
        let what = match e.kind {
            EventKind::Notice(days) => self.f(
                "Microsoft sends its {days}-day notice around this day if the revenue of the window is below the threshold at the evaluation on {eval}.",
                &[("days", &days), ("eval", &eval)],
            ),
            EventKind::LastCountingDay => self.f(
                "Revenue dated up to this day counts for the evaluation on {eval}; later revenue counts for the next one.",
                &[("eval", &eval)],
            ),
            EventKind::Evaluation => self.f(
                "The evaluation is taken as the first day of the anniversary month; deauthorization may land on any day of {month}.",
                &[("month", &self.month_year(e.date))],
            ),
            EventKind::Reenrollment => {
                self.t("The waiting year after the deauthorization is over: the tenant may re-enroll at this location.").to_owned()
            }
        };
        let mut s = format!(
            "{what}\n{}\n{}",
            self.tenant(t),
            self.f("Status on {date}: {status}.", &[("date", &self.date(as_of)), ("status", &self.status(t.status))])
        );
        if let Some(short) = t.shortfall_usd {
            s.push(' ');
            s.push_str(&self.f("Shortfall: {short}.", &[("short", &self.usd(short))]));
        }
        s.push(' ');
        s.push_str(&self.f("TTM now: {ttm}.", &[("ttm", &self.usd(t.ttm_net_usd))]));
        s
    }

    fn reminder(&self, e: &Event<'_>) -> String {
        self.f("In a week: {what}", &[("what", &self.summary(e))])
    }
}
