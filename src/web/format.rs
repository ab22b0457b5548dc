//! How figures read on screen. The domain stays locale-free; this is the one
//! place that turns its values into text.

use chrono::NaiveDate;

use crate::domain::assess::{ResellerAssessment, Status};
use crate::domain::money::Money;

/// `USD 1,234.56` (negative: `−USD 12.50`).
pub fn usd(m: Money) -> String {
    let s = m.to_string();
    let (neg, digits) = match s.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, s.as_str()),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "00"));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{}USD {grouped}.{frac}", if neg { "−" } else { "" })
}

/// An optional amount, or a dash.
pub fn usd_or_dash(m: Option<Money>) -> String {
    m.map(usd).unwrap_or_else(|| "—".into())
}

/// `1 Mar 2027`.
pub fn date(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// An optional date, or a dash.
pub fn date_or_dash(d: Option<NaiveDate>) -> String {
    d.map(date).unwrap_or_else(|| "—".into())
}

/// `1 day`, `34 days`.
pub fn days(n: i64) -> String {
    format!("{n} day{}", if n == 1 { "" } else { "s" })
}

/// The status in words, for badges and filters.
pub fn status_label(s: Status) -> &'static str {
    match s {
        Status::EvaluationMonth => "Evaluation this month",
        Status::NoticePeriod => "Notice period",
        Status::AtRisk => "At risk",
        Status::NeedsInput => "Needs input",
        Status::Deauthorized => "Deauthorized",
        Status::ReenrollmentOpen => "May re-enroll",
        Status::NotYetSubject => "Not yet subject",
        Status::OnTrack => "On track",
    }
}

/// A symbol that carries the status without colour.
pub fn status_symbol(s: Status) -> &'static str {
    match s {
        Status::EvaluationMonth => "‼",
        Status::NoticePeriod => "!",
        Status::AtRisk => "▲",
        Status::NeedsInput => "?",
        Status::Deauthorized => "✕",
        Status::ReenrollmentOpen => "↻",
        Status::NotYetSubject => "◷",
        Status::OnTrack => "✓",
    }
}

/// The headline sentence of a tenant's assessment (domain.md section 3).
pub fn headline(a: &ResellerAssessment) -> String {
    let eval = date_or_dash(a.next_evaluation);
    let left = a.days_to_evaluation.map(days).unwrap_or_default();
    let short = usd_or_dash(a.shortfall_usd);
    match a.status {
        Status::NotYetSubject => format!("Exempt until the first evaluation on {eval} ({left} to go). Revenue so far counts toward it."),
        Status::OnTrack => format!("Safe for the evaluation on {eval}: {} already recorded in its window.", usd_or_dash(a.secured_usd)),
        Status::AtRisk => format!(
            "Short by {short} for the evaluation on {eval} ({left} left). Microsoft's notices start on {}.",
            date_or_dash(a.notice_dates.map(|n| n[0]))
        ),
        Status::NoticePeriod => format!("Microsoft's notices are due or out: add {short} before {eval}. {left} left."),
        Status::EvaluationMonth => format!(
            "Deauthorization expected this month: the window up to {} holds {}, short by {short}. It may land any day of the month.",
            date_or_dash(a.evaluation_window.map(|w| w.end)),
            usd_or_dash(a.secured_usd)
        ),
        Status::Deauthorized => format!(
            "Deauthorized on {}: re-enrollment at this location is possible from {} ({} left).",
            date_or_dash(a.deauthorized_on),
            date_or_dash(a.reenroll_from),
            a.days_to_reenroll.map(days).unwrap_or_default()
        ),
        Status::ReenrollmentOpen => format!("The one-year wait is over: this location may re-enroll (since {}).", date_or_dash(a.reenroll_from)),
        Status::NeedsInput => {
            let what: Vec<String> = a
                .missing
                .iter()
                .map(|m| match m {
                    crate::domain::assess::Missing::OnboardingDate => "the onboarding date".to_owned(),
                    crate::domain::assess::Missing::ExchangeRate { currency, .. } => format!("a rate for {currency}"),
                })
                .collect();
            format!("Needs {} to assess. TTM now: {}.", what.join(" and "), usd(a.ttm_net_usd))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(usd(Money("1234567.5".parse().unwrap())), "USD 1,234,567.50");
        assert_eq!(usd(Money("-12.5".parse().unwrap())), "−USD 12.50");
        assert_eq!(usd(Money("999".parse().unwrap())), "USD 999.00");
        assert_eq!(days(1), "1 day");
    }
}
