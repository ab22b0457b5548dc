//! The assessment of one reseller tenant at an as-of date: every figure and
//! the status of `docs/rules.md` section 3.
//!
//! Status order (section 3): a deauthorization date decides first
//! (`deauthorized` / `reenrollment_open`), then missing input (`needs_input`),
//! then `not_yet_subject`, `on_track`, `at_risk`, `notice_period`,
//! `evaluation_month`, the first that applies.

use chrono::{Datelike, NaiveDate};
use serde::{Serialize, Serializer};

use super::calendar::{evaluations_before, first_evaluation, next_evaluation, reenroll_from, Evaluation, Window};
use super::dates::{add_months, days_between, month_start, sub_months};
use super::ledger::{DayTotal, ResellerRevenue};
use super::message::{Arg, Message};
use super::money::Money;
use super::policy::{Policy, RevenueBasis};
use super::readiness::ReadinessCheck;
use super::register::RegisterEntry;

/// Where a reseller tenant stands (section 3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Deauthorization expected this month.
    EvaluationMonth,
    /// Microsoft's notices are due or out.
    NoticePeriod,
    /// Short of the threshold, before the notice period.
    AtRisk,
    /// Input missing: onboarding date or an exchange rate.
    NeedsInput,
    /// Deauthorized, waiting period running.
    Deauthorized,
    /// Waiting period over: may re-enroll.
    ReenrollmentOpen,
    /// Exempt until the first evaluation.
    NotYetSubject,
    /// Revenue already recorded reaches the threshold.
    OnTrack,
}

impl Status {
    /// Every status, most urgent first (the portfolio's default order).
    pub const ALL: [Status; 8] = [
        Status::EvaluationMonth,
        Status::NoticePeriod,
        Status::AtRisk,
        Status::NeedsInput,
        Status::Deauthorized,
        Status::ReenrollmentOpen,
        Status::NotYetSubject,
        Status::OnTrack,
    ];

    /// The snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::EvaluationMonth => "evaluation_month",
            Status::NoticePeriod => "notice_period",
            Status::AtRisk => "at_risk",
            Status::NeedsInput => "needs_input",
            Status::Deauthorized => "deauthorized",
            Status::ReenrollmentOpen => "reenrollment_open",
            Status::NotYetSubject => "not_yet_subject",
            Status::OnTrack => "on_track",
        }
    }
}

/// One month of the series behind the chart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MonthTotal {
    /// The month.
    #[serde(serialize_with = "year_month")]
    pub month: NaiveDate,
    /// Net revenue (D7).
    pub net_usd: Money,
    /// Gross revenue (positive lines).
    pub gross_usd: Money,
    /// Trailing twelve months ending with this month (net).
    pub ttm_usd: Money,
}

fn year_month<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&format_args!("{:04}-{:02}", d.year(), d.month()))
}

/// What is missing for a complete assessment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Missing {
    /// The onboarding date (the anniversary month depends on it).
    OnboardingDate,
    /// A rate to USD for a currency (D10c).
    ExchangeRate {
        /// The currency.
        currency: String,
        /// How many lines wait for it.
        lines: u64,
        /// Their sum in that currency.
        amount: Money,
    },
}

/// Something the user should check; not a status. Structured, and worded
/// once as a [`Message`] that each shell renders in its language (`Display`:
/// the English).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Warning {
    /// No onboarding date: the anniversary month is unknown.
    NoOnboardingDate,
    /// Lines in a currency without a rate to USD (D10c).
    NoRate {
        /// The currency.
        currency: String,
        /// How many lines.
        lines: u64,
        /// Their sum in that currency.
        amount: Money,
    },
    /// The onboarding date lies after the as-of date.
    OnboardingAfterAsOf {
        /// Onboarding date.
        onboarding: NaiveDate,
        /// As-of date.
        as_of: NaiveDate,
    },
    /// The deauthorization date lies after the as-of date.
    DeauthorizedAfterAsOf {
        /// Deauthorization date.
        deauthorized: NaiveDate,
        /// As-of date.
        as_of: NaiveDate,
    },
    /// D12b: a past evaluation whose window the data cover fell short.
    PastEvaluationShort {
        /// The evaluation date.
        evaluation: NaiveDate,
        /// Revenue found in its window.
        found: Money,
        /// Its window.
        window: Window,
        /// The threshold.
        threshold: Money,
    },
}

impl Warning {
    /// The warning in a sentence.
    pub fn message(&self) -> Message {
        match self {
            Warning::NoOnboardingDate => {
                Message::new("No onboarding date: the anniversary month, and so the evaluation date, is unknown. Add it to the register.")
            }
            Warning::NoRate { currency, lines, amount } => Message::new(
                "{lines} in {currency} (sum {currency} {amount}) have no rate to USD and are not counted; enter the rate for {currency}.",
            )
            .with("lines", Arg::lines(*lines))
            .with("currency", currency)
            .with("amount", Arg::Decimal(*amount)),
            Warning::OnboardingAfterAsOf { onboarding, as_of } => Message::new("The onboarding date {onboarding} is after the as-of date {as_of}.")
                .with("onboarding", Arg::Date(*onboarding))
                .with("as_of", Arg::Date(*as_of)),
            Warning::DeauthorizedAfterAsOf { deauthorized, as_of } => {
                Message::new("The deauthorization date {date} is after the as-of date {as_of}.")
                    .with("date", Arg::Date(*deauthorized))
                    .with("as_of", Arg::Date(*as_of))
            }
            Warning::PastEvaluationShort { evaluation, found, window, threshold } => Message::new(
                "The evaluation of {evaluation} counted {found} in its window {start} to {end}, below {threshold}. If the tenant was deauthorized then, enter the deauthorization date; the data may hold only one provider's share.",
            )
            .with("evaluation", Arg::Date(*evaluation))
            .with("found", Arg::Usd(*found))
            .with("start", Arg::Date(window.start))
            .with("end", Arg::Date(window.end))
            .with("threshold", Arg::Usd(*threshold)),
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

/// One past evaluation the loaded data cover completely: its window, the
/// revenue found in it and whether that met the threshold. A row of the
/// tenant's history; a row that did not meet it is also the D12b warning
/// (unless a deauthorization date is given).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PastEvaluation {
    /// The evaluation date (first day of the anniversary month).
    pub evaluation: NaiveDate,
    /// Its window (D3).
    pub window: Window,
    /// Revenue found in the window, rounded to cents.
    pub found_usd: Money,
    /// `found_usd >= threshold` (D1).
    pub met: bool,
}

/// Warnings as English sentences: the JSON's `warnings` (their values are
/// beside them in `warning_details`).
fn sentences<S: Serializer>(warnings: &[Warning], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(warnings.iter().map(ToString::to_string))
}

/// Every figure for one reseller tenant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ResellerAssessment {
    /// Reseller ID.
    pub reseller_id: String,
    /// Name from the register.
    pub name: Option<String>,
    /// CSP region from the register.
    pub region: Option<String>,
    /// The status (section 3).
    pub status: Status,
    /// TTM now, net (D4, D7).
    pub ttm_net_usd: Money,
    /// TTM now, gross.
    pub ttm_gross_usd: Money,
    /// Revenue recorded in the next evaluation's window up to the as-of date,
    /// plus revenue through other providers (D13).
    pub secured_usd: Option<Money>,
    /// max(0, threshold − secured).
    pub shortfall_usd: Option<Money>,
    /// Of today's TTM, what drops out before the evaluation.
    pub roll_off_usd: Option<Money>,
    /// Revenue through other providers entered by hand (D13).
    pub other_provider_usd: Option<Money>,
    /// Onboarding date, when known.
    pub onboarding_date: Option<NaiveDate>,
    /// The anniversary month entered for a tenant without an onboarding
    /// date (the rule then takes it as past its first year). Absent from the
    /// JSON when not entered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anniversary_month: Option<u32>,
    /// First evaluation (D5).
    pub first_evaluation: Option<NaiveDate>,
    /// Next evaluation (the current month's during the anniversary month).
    pub next_evaluation: Option<NaiveDate>,
    /// Its window (D3).
    pub evaluation_window: Option<Window>,
    /// Its 90/60/30-day notice dates (D6).
    pub notice_dates: Option<[NaiveDate; 3]>,
    /// Days from the as-of date to the next evaluation (0 during its month).
    pub days_to_evaluation: Option<i64>,
    /// Deauthorization date, when given.
    pub deauthorized_on: Option<NaiveDate>,
    /// D23: the re-enrollment after it, when given and taken into account
    /// (on or after the re-enrollment date, by the as-of date): the tenant's
    /// new onboarding. Absent from the JSON when there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reenrolled_on: Option<NaiveDate>,
    /// First day re-enrollment is possible (D12), while the tenant is
    /// deauthorized (D23: no evaluation applies meanwhile).
    pub reenroll_from: Option<NaiveDate>,
    /// Days until then (0 once open).
    pub days_to_reenroll: Option<i64>,
    /// Estimate: mean of the last 3 full months (never used for the status).
    pub run_rate_monthly_usd: Option<Money>,
    /// Estimate: secured + run rate × months left in the window.
    pub projected_usd: Option<Money>,
    /// Monthly series, at least the last 24 months.
    pub monthly: Vec<MonthTotal>,
    /// What input is missing.
    pub missing: Vec<Missing>,
    /// Past evaluations the loaded data cover completely, oldest first.
    pub history: Vec<PastEvaluation>,
    /// D22: the other yearly requirements, as confirmed (never changing
    /// the status).
    pub readiness: ReadinessCheck,
    /// Warnings (in JSON: English sentences).
    #[serde(serialize_with = "sentences")]
    pub warnings: Vec<Warning>,
    /// The same warnings as values, each with its `kind`, for an embedder
    /// to word in its own language.
    pub warning_details: Vec<Warning>,
}

/// The days each figure sums, at an as-of date: the one definition the
/// figures and the lines behind them ([`crate::domain::lines`]) share.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FigureRanges {
    /// TTM now: the twelve months ending on the as-of date (D4).
    pub ttm: std::ops::RangeInclusive<NaiveDate>,
    /// The next evaluation's window up to the as-of date: what is secured.
    pub window: Option<std::ops::RangeInclusive<NaiveDate>>,
    /// The part of TTM now before that window: it rolls off before the
    /// evaluation.
    pub roll_off: Option<std::ops::RangeInclusive<NaiveDate>>,
}

impl FigureRanges {
    /// The ranges at `as_of` for an evaluation with `window` (none without
    /// one: then nothing is secured and nothing rolls off).
    pub fn new(as_of: NaiveDate, window: Option<Window>) -> FigureRanges {
        let ttm_start = sub_months(as_of, 12).and_then(|d| d.succ_opt()).unwrap_or(as_of);
        FigureRanges {
            ttm: ttm_start..=as_of,
            window: window.map(|w| w.start..=w.end.min(as_of)),
            roll_off: window.map(|w| ttm_start..=w.start.pred_opt().unwrap_or(w.start).min(as_of)),
        }
    }
}

/// Everything the assessment of one tenant needs besides its revenue.
pub struct Context<'a> {
    /// The as-of date ("today").
    pub as_of: NaiveDate,
    /// The rule's parameters.
    pub policy: &'a Policy,
    /// Earliest and latest date of all loaded lines (D12b only warns about
    /// evaluations whose window the data cover).
    pub coverage: Option<(NaiveDate, NaiveDate)>,
}

/// Assesses one reseller tenant: every figure, with the monthly series and
/// the history.
pub fn assess(reseller_id: &str, revenue: &ResellerRevenue, entry: Option<&RegisterEntry>, ctx: &Context<'_>) -> ResellerAssessment {
    assess_with(reseller_id, revenue, entry, ctx, true)
}

/// Every figure but the monthly series and the history of past evaluations
/// (left empty, and with them the D12b warnings they raise): what a
/// portfolio table needs, in less than half the time. The app assesses a
/// tenant in full when it is shown or exported.
pub fn assess_summary(
    reseller_id: &str,
    revenue: &ResellerRevenue,
    entry: Option<&RegisterEntry>,
    ctx: &Context<'_>,
) -> ResellerAssessment {
    assess_with(reseller_id, revenue, entry, ctx, false)
}

fn assess_with(
    reseller_id: &str,
    revenue: &ResellerRevenue,
    entry: Option<&RegisterEntry>,
    ctx: &Context<'_>,
    // With the monthly series and the history (the table's rows have neither).
    full: bool,
) -> ResellerAssessment {
    let as_of = ctx.as_of;
    let policy = ctx.policy;
    // Sums are exact (D19); each figure is rounded to cents once, half to
    // even, and the status compares the figure the user sees.
    let pick = |t: DayTotal| {
        match policy.revenue_basis {
            RevenueBasis::Net => t.net(),
            RevenueBasis::Gross => t.gross(),
        }
        .round_cents()
    };
    let deauthorized_on = entry.and_then(|e| e.deauthorized_on);
    let reenroll = deauthorized_on.and_then(reenroll_from);
    // D23: a re-enrollment (on or after the re-enrollment date, and by the
    // as-of date) is a new onboarding at the location; until then a
    // deauthorized tenant faces no evaluation.
    let reenrolled_on = entry.and_then(|e| e.reenrolled_on).filter(|r| *r <= as_of && reenroll.is_some_and(|from| *r >= from));
    let deauthorized = deauthorized_on.filter(|_| reenrolled_on.is_none());
    let onboarding = reenrolled_on.or_else(|| entry.and_then(|e| e.onboarding_at(as_of)));
    let other = entry.and_then(|e| e.other_provider_usd).map(|d| Money(d).round_cents());

    let evaluation = onboarding
        .filter(|_| deauthorized.is_none())
        .and_then(|on| next_evaluation(on, as_of, policy))
        .and_then(|d| Evaluation::on(d, policy));
    // The four sums, in one walk through the days: the TTM; the window's
    // revenue so far; the TTM's part before the window (it rolls off); the
    // last three full months (the run rate).
    let none = NaiveDate::MAX..=NaiveDate::MIN;
    let this_month = month_start(as_of);
    let three_months = sub_months(this_month, 3).zip(this_month.pred_opt()).map(|(start, end)| start..=end);
    let ranges = FigureRanges::new(as_of, evaluation.map(|e| e.window));
    let [ttm, in_window, before_window, three] = revenue.totals([
        ranges.ttm.clone(),
        ranges.window.clone().unwrap_or(none.clone()),
        ranges.roll_off.clone().unwrap_or(none.clone()),
        three_months.clone().unwrap_or(none),
    ]);
    let secured = evaluation.map(|_| pick(in_window) + other.unwrap_or_default());
    let shortfall = secured.map(|s| (policy.threshold_usd - s).clamp_non_negative());
    let roll_off = evaluation.map(|_| pick(before_window));
    let reenroll = deauthorized.and(reenroll);

    let mut missing = Vec::new();
    if onboarding.is_none() && deauthorized.is_none() {
        missing.push(Missing::OnboardingDate);
    }
    for (currency, u) in &revenue.unconverted {
        missing.push(Missing::ExchangeRate { currency: currency.clone(), lines: u.lines, amount: u.amount });
    }

    let status = if let Some(reenroll) = reenroll {
        if as_of < reenroll {
            Status::Deauthorized
        } else {
            Status::ReenrollmentOpen
        }
    } else if !missing.is_empty() {
        Status::NeedsInput
    } else {
        match (evaluation, secured, onboarding) {
            (Some(e), Some(secured), Some(on)) => {
                let first = first_evaluation(on, policy);
                let notice_start = e.notice_period_start(policy).unwrap_or(e.date);
                if first.is_some_and(|f| as_of < f) {
                    Status::NotYetSubject
                } else if secured >= policy.threshold_usd {
                    Status::OnTrack
                } else if e.is_current_month(as_of) {
                    Status::EvaluationMonth
                } else if as_of >= notice_start {
                    Status::NoticePeriod
                } else {
                    Status::AtRisk
                }
            }
            _ => Status::NeedsInput,
        }
    };

    let (run_rate, projected) = estimate(three_months.map(|_| pick(three)), as_of, evaluation, secured);
    let monthly = if full { monthly_series(revenue, as_of, evaluation.map(|e| e.window.end)) } else { Vec::new() };

    let mut warnings = Vec::new();
    for m in &missing {
        warnings.push(match m {
            Missing::OnboardingDate => Warning::NoOnboardingDate,
            Missing::ExchangeRate { currency, lines, amount } => {
                Warning::NoRate { currency: currency.clone(), lines: *lines, amount: *amount }
            }
        });
    }
    let history = match onboarding {
        Some(on) if full => past_evaluations(revenue, on, as_of, deauthorized, ctx, &pick),
        _ => Vec::new(),
    };
    if let Some(on) = onboarding {
        if on > as_of {
            warnings.push(Warning::OnboardingAfterAsOf { onboarding: on, as_of });
        }
        if deauthorized_on.is_none() {
            warnings.extend(history.iter().filter(|h| !h.met).map(|h| Warning::PastEvaluationShort {
                evaluation: h.evaluation,
                found: h.found_usd,
                window: h.window,
                threshold: policy.threshold_usd,
            }));
        }
    }
    if let Some(d) = deauthorized_on {
        if d > as_of {
            warnings.push(Warning::DeauthorizedAfterAsOf { deauthorized: d, as_of });
        }
    }

    ResellerAssessment {
        reseller_id: reseller_id.to_owned(),
        name: entry.and_then(|e| e.name.clone()),
        region: entry.and_then(|e| e.region.clone()),
        status,
        ttm_net_usd: ttm.net(),
        ttm_gross_usd: ttm.gross(),
        secured_usd: secured,
        shortfall_usd: shortfall,
        roll_off_usd: roll_off,
        other_provider_usd: other,
        onboarding_date: entry.and_then(|e| e.onboarding_date),
        anniversary_month: entry.and_then(|e| e.anniversary_month).filter(|_| entry.is_some_and(|e| e.onboarding_date.is_none())),
        // Only from a date the user gave: a tenant known by its anniversary
        // month alone is past its first year, but when that was is unknown.
        first_evaluation: reenrolled_on.or(entry.and_then(|e| e.onboarding_date)).and_then(|on| first_evaluation(on, policy)),
        next_evaluation: evaluation.map(|e| e.date),
        evaluation_window: evaluation.map(|e| e.window),
        notice_dates: evaluation.map(|e| e.notices),
        days_to_evaluation: evaluation.map(|e| e.days_from(as_of)),
        deauthorized_on,
        reenrolled_on,
        reenroll_from: reenroll,
        days_to_reenroll: reenroll.map(|r| days_between(as_of, r).max(0)),
        run_rate_monthly_usd: run_rate,
        projected_usd: projected,
        monthly,
        missing,
        history,
        readiness: ReadinessCheck::of(
            &entry.map(|e| e.readiness).unwrap_or_default(),
            if deauthorized.is_some() { reenroll } else { evaluation.map(|e| e.date) },
        ),
        warning_details: warnings.clone(),
        warnings,
    }
}

/// The history: every past evaluation (before the as-of month, and not
/// after a deauthorization) whose whole window the loaded lines cover, with
/// the revenue found in it. Evaluations the data cover only in part are left
/// out: their figure would understate what Microsoft saw.
fn past_evaluations(
    revenue: &ResellerRevenue,
    onboarding: NaiveDate,
    as_of: NaiveDate,
    deauthorized_on: Option<NaiveDate>,
    ctx: &Context<'_>,
    pick: &dyn Fn(DayTotal) -> Money,
) -> Vec<PastEvaluation> {
    let Some((first, last)) = ctx.coverage else { return Vec::new() };
    evaluations_before(onboarding, month_start(as_of), ctx.policy)
        .into_iter()
        .filter(|d| deauthorized_on.is_none_or(|gone| *d <= gone))
        .filter_map(|d| Evaluation::on(d, ctx.policy))
        .filter(|e| first <= e.window.start && e.window.end <= last)
        .map(|e| {
            let found = pick(revenue.total(e.window.start..=e.window.end));
            PastEvaluation { evaluation: e.date, window: e.window, found_usd: found, met: found >= ctx.policy.threshold_usd }
        })
        .collect()
}

/// The run-rate estimate: mean of the last 3 full months (`three`, their
/// revenue), projected over the months of the window after the as-of month.
fn estimate(
    three: Option<Money>,
    as_of: NaiveDate,
    evaluation: Option<Evaluation>,
    secured: Option<Money>,
) -> (Option<Money>, Option<Money>) {
    let this_month = month_start(as_of);
    let Some(three) = three else { return (None, None) };
    let mean = Money(three.0 / rust_decimal::Decimal::from(3)).round_cents();
    let projected = match (evaluation, secured) {
        (Some(e), Some(s)) => {
            let mut months_left = 0u32;
            let mut m = add_months(this_month, 1);
            while let Some(month) = m.filter(|m| *m <= e.window.end) {
                months_left += 1;
                m = add_months(month, 1);
            }
            let more = mean.0.checked_mul(rust_decimal::Decimal::from(months_left)).unwrap_or(rust_decimal::Decimal::MAX);
            Some(s + Money(more))
        }
        _ => None,
    };
    (Some(mean), projected)
}

/// Net and gross per month from 23 months before the as-of month through the
/// as-of month, extended to the end of the evaluation window, with the
/// trailing-twelve-month sum at each month (a running sum: one pass).
fn monthly_series(revenue: &ResellerRevenue, as_of: NaiveDate, window_end: Option<NaiveDate>) -> Vec<MonthTotal> {
    let last = month_start(window_end.map_or(as_of, |w| w.max(as_of)));
    let Some(first) = sub_months(month_start(as_of), 23) else { return Vec::new() };
    // Eleven more months before the first, for the first month's TTM.
    let Some(from) = sub_months(first, 11) else { return Vec::new() };
    let index = |d: NaiveDate| ((d.year() - from.year()) * 12 + d.month() as i32 - from.month() as i32) as usize;
    let months = index(last) + 1;
    let mut totals = vec![DayTotal::default(); months];
    let last_day = add_months(last, 1).and_then(|d| d.pred_opt()).unwrap_or(last);
    for (day, total) in revenue.days.range(from..=last_day) {
        totals[index(*day)].merge(*total);
    }
    let mut out = Vec::with_capacity(months.saturating_sub(11));
    let mut running: i128 = 0;
    for (i, t) in totals.iter().enumerate() {
        running = running.saturating_add(t.net_units);
        if i >= 12 {
            running = running.saturating_sub(totals[i - 12].net_units);
        }
        if i >= 11 {
            let m0 = from.month0() as usize + i;
            let month = NaiveDate::from_ymd_opt(from.year() + (m0 / 12) as i32, (m0 % 12) as u32 + 1, 1).unwrap_or(from);
            out.push(MonthTotal { month, net_usd: t.net(), gross_usd: t.gross(), ttm_usd: Money::from_units(running) });
        }
    }
    out
}

#[cfg(test)]
mod tests;
