//! The rule on single tenants: every status, edge and warning.

use super::*;
use rust_decimal::Decimal;

fn usd(s: &str) -> Money {
    Money(s.parse().unwrap())
}
fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}
fn revenue(lines: &[(NaiveDate, &str)]) -> ResellerRevenue {
    let mut r = ResellerRevenue::default();
    for (d, a) in lines {
        r.add_usd(*d, usd(a));
    }
    r
}
fn entry(onboarded: Option<NaiveDate>, deauthorized: Option<NaiveDate>) -> RegisterEntry {
    RegisterEntry { reseller_id: "1".into(), onboarding_date: onboarded, deauthorized_on: deauthorized, ..Default::default() }
}
fn run(r: &ResellerRevenue, e: &RegisterEntry, as_of: NaiveDate) -> ResellerAssessment {
    let policy = Policy::default();
    assess("1", r, Some(e), &Context { as_of, policy: &policy, coverage: None })
}

#[test]
fn exactly_the_threshold_passes() {
    let r = revenue(&[(date(2026, 5, 10), "1000.00")]);
    let a = run(&r, &entry(Some(date(2020, 3, 3)), None), date(2026, 11, 28));
    assert_eq!(a.next_evaluation, Some(date(2027, 3, 1)));
    assert_eq!(a.secured_usd, Some(usd("1000.00")));
    assert_eq!(a.shortfall_usd, Some(usd("0.00")));
    assert_eq!(a.status, Status::OnTrack);
    let r = revenue(&[(date(2026, 5, 10), "999.99")]);
    let a = run(&r, &entry(Some(date(2020, 3, 3)), None), date(2026, 11, 28));
    assert_eq!((a.status, a.shortfall_usd), (Status::AtRisk, Some(usd("0.01"))));
}

#[test]
fn only_credits_count_negative_and_gross_is_zero() {
    let r = revenue(&[(date(2026, 5, 10), "-50.00"), (date(2026, 6, 1), "-25.00")]);
    let a = run(&r, &entry(Some(date(2020, 3, 3)), None), date(2026, 11, 28));
    assert_eq!((a.ttm_net_usd, a.ttm_gross_usd), (usd("-75.00"), usd("0.00")));
    assert_eq!(a.shortfall_usd, Some(usd("1075.00")));
    assert_eq!(a.status, Status::AtRisk);
}

#[test]
fn statuses_around_the_evaluation_day() {
    let on = entry(Some(date(2020, 3, 3)), None);
    let r = revenue(&[(date(2026, 5, 10), "500.00")]);
    // Last day before the notice period, first and last day of it.
    assert_eq!(run(&r, &on, date(2026, 11, 30)).status, Status::AtRisk);
    assert_eq!(run(&r, &on, date(2026, 12, 1)).status, Status::NoticePeriod);
    let last = run(&r, &on, date(2027, 2, 28));
    assert_eq!((last.status, last.days_to_evaluation), (Status::NoticePeriod, Some(1)));
    // The evaluation day and the rest of its month.
    let day = run(&r, &on, date(2027, 3, 1));
    assert_eq!((day.status, day.days_to_evaluation, day.next_evaluation), (Status::EvaluationMonth, Some(0), Some(date(2027, 3, 1))));
    assert_eq!(run(&r, &on, date(2027, 3, 31)).status, Status::EvaluationMonth);
    // A month later the next year's evaluation is next.
    assert_eq!(run(&r, &on, date(2027, 4, 1)).next_evaluation, Some(date(2028, 3, 1)));
}

#[test]
fn new_tenants_are_exempt_until_their_first_evaluation() {
    let r = revenue(&[]);
    let a = run(&r, &entry(Some(date(2026, 8, 12)), None), date(2026, 11, 28));
    assert_eq!((a.status, a.first_evaluation), (Status::NotYetSubject, Some(date(2027, 8, 1))));
    assert_eq!(a.days_to_evaluation, Some(246));
    // Onboarded on Feb 29.
    let a = run(&r, &entry(Some(date(2024, 2, 29)), None), date(2025, 1, 31));
    assert_eq!((a.status, a.first_evaluation), (Status::NotYetSubject, Some(date(2025, 2, 1))));
    assert_eq!(run(&r, &entry(Some(date(2024, 2, 29)), None), date(2025, 2, 1)).status, Status::EvaluationMonth);
}

#[test]
fn lines_after_the_as_of_date_are_not_counted() {
    let r = revenue(&[(date(2026, 11, 28), "600.00"), (date(2026, 11, 29), "600.00")]);
    let a = run(&r, &entry(Some(date(2020, 3, 3)), None), date(2026, 11, 28));
    assert_eq!((a.ttm_net_usd, a.secured_usd), (usd("600.00"), Some(usd("600.00"))));
    // TTM now excludes the day twelve months back, includes the as-of day.
    let r = revenue(&[(date(2025, 11, 28), "1.00"), (date(2025, 11, 29), "2.00")]);
    assert_eq!(run(&r, &entry(None, None), date(2026, 11, 28)).ttm_net_usd, usd("2.00"));
}

#[test]
fn deauthorization_on_feb_29_reopens_on_mar_1() {
    let r = revenue(&[]);
    let e = entry(Some(date(2020, 3, 3)), Some(date(2024, 2, 29)));
    let a = run(&r, &e, date(2025, 2, 28));
    assert_eq!((a.status, a.reenroll_from, a.days_to_reenroll), (Status::Deauthorized, Some(date(2025, 3, 1)), Some(1)));
    let a = run(&r, &e, date(2025, 3, 1));
    assert_eq!((a.status, a.days_to_reenroll), (Status::ReenrollmentOpen, Some(0)));
}

/// D23: while deauthorized, and after the waiting year until it
/// re-enrolls, a tenant faces no evaluation: no next evaluation, window,
/// notices, days, secured or shortfall (never a shortfall shown against it);
/// TTM now and its first evaluation stay.
#[test]
fn a_deauthorized_tenant_faces_no_evaluation_until_it_re_enrolls() {
    let r = revenue(&[(date(2026, 5, 10), "120.00"), (date(2026, 9, 1), "80.00")]);
    let e = entry(Some(date(2021, 2, 15)), Some(date(2026, 2, 3)));
    for (as_of, status) in [(date(2026, 11, 28), Status::Deauthorized), (date(2027, 2, 3), Status::ReenrollmentOpen)] {
        let a = run(&r, &e, as_of);
        assert_eq!(a.status, status, "{as_of}");
        assert_eq!(
            (a.next_evaluation, a.evaluation_window, a.notice_dates, a.days_to_evaluation, a.secured_usd, a.shortfall_usd),
            (None, None, None, None, None, None),
            "{as_of}: no evaluation applies"
        );
        assert_eq!((a.roll_off_usd, a.projected_usd), (None, None));
        assert_eq!((a.ttm_net_usd, a.first_evaluation), (usd("200.00"), Some(date(2025, 2, 1))));
        assert_eq!(a.reenroll_from, Some(date(2027, 2, 3)));
        assert!(a.missing.is_empty(), "nothing to ask: the status says what comes next");
    }
}

/// D23: a re-enrollment is a new onboarding at the location: a new exempt
/// first year, and the anniversary month is the re-enrollment's. One dated
/// before the re-enrollment date, or after the as-of date, is not taken.
#[test]
fn a_re_enrollment_starts_a_new_exempt_first_year() {
    let r = revenue(&[(date(2027, 4, 1), "300.00")]);
    let mut e = entry(Some(date(2021, 2, 15)), Some(date(2026, 2, 3)));
    e.reenrolled_on = Some(date(2027, 3, 20));
    let a = run(&r, &e, date(2027, 6, 1));
    assert_eq!(a.status, Status::NotYetSubject);
    assert_eq!((a.first_evaluation, a.next_evaluation), (Some(date(2028, 3, 1)), Some(date(2028, 3, 1))));
    assert_eq!((a.reenrolled_on, a.reenroll_from, a.days_to_reenroll), (Some(date(2027, 3, 20)), None, None));
    assert_eq!((a.deauthorized_on, a.secured_usd), (Some(date(2026, 2, 3)), Some(usd("300.00"))));
    // A year on, evaluated in March like any tenant onboarded then.
    let a = run(&r, &e, date(2028, 3, 10));
    assert_eq!((a.status, a.next_evaluation), (Status::EvaluationMonth, Some(date(2028, 3, 1))));
    // Too early to count as a re-enrollment, or not yet by the as-of date.
    e.reenrolled_on = Some(date(2027, 1, 10));
    assert_eq!(run(&r, &e, date(2027, 6, 1)).status, Status::ReenrollmentOpen);
    e.reenrolled_on = Some(date(2027, 3, 20));
    assert_eq!(run(&r, &e, date(2027, 3, 19)).status, Status::ReenrollmentOpen);
}

#[test]
fn missing_input_is_named() {
    let mut r = revenue(&[(date(2026, 5, 10), "10.00")]);
    let a = run(&r, &entry(None, None), date(2026, 11, 28));
    assert_eq!((a.status, a.missing.clone()), (Status::NeedsInput, vec![Missing::OnboardingDate]));
    assert_eq!((a.next_evaluation, a.secured_usd), (None, None));
    r.add_unconverted("CHF", usd("12.00"));
    let a = run(&r, &entry(Some(date(2020, 3, 3)), None), date(2026, 11, 28));
    assert_eq!(a.status, Status::NeedsInput);
    assert!(a.warnings[0].to_string().contains("CHF"));
    assert_eq!(a.secured_usd, Some(usd("10.00")));
}

#[test]
fn other_providers_add_to_secured_revenue() {
    let r = revenue(&[(date(2026, 5, 10), "600.00")]);
    let mut e = entry(Some(date(2020, 3, 3)), None);
    e.other_provider_usd = Some(Decimal::new(40_000, 2));
    let a = run(&r, &e, date(2026, 11, 28));
    assert_eq!((a.secured_usd, a.status), (Some(usd("1000.00")), Status::OnTrack));
}

#[test]
fn roll_off_and_estimate() {
    // Window of the 2027-03-01 evaluation starts 2026-03-01; TTM now
    // starts 2025-11-29: what lies between rolls off.
    let r = revenue(&[(date(2025, 12, 15), "300.00"), (date(2026, 8, 1), "90.00"), (date(2026, 10, 1), "60.00")]);
    let a = run(&r, &entry(Some(date(2020, 3, 3)), None), date(2026, 11, 28));
    assert_eq!(a.roll_off_usd, Some(usd("300.00")));
    // Aug–Oct: 150 / 3 = 50 a month; Dec, Jan, Feb left: 150 + 3 × 50.
    assert_eq!(a.run_rate_monthly_usd, Some(usd("50.00")));
    assert_eq!(a.projected_usd, Some(usd("300.00")));
    assert_eq!(a.monthly.len(), 24 + 3);
    let oct = a.monthly.iter().find(|m| m.month == date(2026, 10, 1)).unwrap();
    assert_eq!((oct.net_usd, oct.ttm_usd), (usd("60.00"), usd("450.00")));
}

#[test]
fn a_failed_past_evaluation_is_a_warning_not_a_status() {
    let r = revenue(&[(date(2024, 3, 1), "100.00"), (date(2025, 6, 1), "1500.00"), (date(2026, 5, 1), "1500.00")]);
    let policy = Policy::default();
    let ctx = Context { as_of: date(2026, 11, 28), policy: &policy, coverage: Some((date(2024, 3, 1), date(2026, 11, 1))) };
    let a = assess("1", &r, Some(&entry(Some(date(2020, 3, 3)), None)), &ctx);
    assert_eq!(a.status, Status::OnTrack);
    assert_eq!(a.warnings.len(), 1, "{:?}", a.warnings);
    assert!(a.warnings[0].to_string().contains("2025-03-01"));
}

#[test]
fn a_tenant_known_by_its_anniversary_month_is_past_its_first_year() {
    let r = revenue(&[(date(2026, 5, 10), "400.00")]);
    let month_only = RegisterEntry { reseller_id: "1".into(), anniversary_month: Some(3), ..Default::default() };
    let a = run(&r, &month_only, date(2026, 11, 28));
    assert_eq!((a.status, a.next_evaluation, a.shortfall_usd), (Status::AtRisk, Some(date(2027, 3, 1)), Some(usd("600.00"))));
    // The figures of any real onboarding date with that month, a year or more back.
    let real = run(&r, &entry(Some(date(2019, 3, 17)), None), date(2026, 11, 28));
    assert_eq!(
        (a.status, a.next_evaluation, a.evaluation_window, a.notice_dates),
        (real.status, real.next_evaluation, real.evaluation_window, real.notice_dates)
    );
    // The entered date is shown, never the one taken; the month is; and no
    // first evaluation is made up (when it was is unknown).
    assert_eq!((a.onboarding_date, a.anniversary_month, a.first_evaluation), (None, Some(3), None));
    // An onboarding date, when entered, wins; a month out of range is none.
    let both = RegisterEntry { onboarding_date: Some(date(2026, 6, 2)), ..month_only.clone() };
    assert_eq!(run(&r, &both, date(2026, 11, 28)).status, Status::NotYetSubject);
    let bad = RegisterEntry { anniversary_month: Some(13), ..month_only };
    assert_eq!(run(&r, &bad, date(2026, 11, 28)).status, Status::NeedsInput);
}

#[test]
fn history_lists_every_past_evaluation_the_data_cover() {
    // Onboarded 2020-03-03: evaluations 2025-03-01 (window 2024-03-01 ..
    // 2025-02-28) and 2026-03-01 (2025-03-01 .. 2026-02-28); 2027-03-01 is
    // next. 2024-02-29 lies before the first window, 2026-03-01 after the
    // second.
    let r = revenue(&[
        (date(2024, 2, 29), "5000.00"),
        (date(2024, 3, 1), "100.00"),
        (date(2025, 2, 28), "250.50"),
        (date(2025, 3, 1), "600.00"),
        (date(2026, 2, 28), "400.00"),
        (date(2026, 3, 1), "99.00"),
    ]);
    let policy = Policy::default();
    let whole = Context { as_of: date(2026, 11, 28), policy: &policy, coverage: Some((date(2024, 2, 1), date(2026, 11, 1))) };
    let a = assess("1", &r, Some(&entry(Some(date(2020, 3, 3)), None)), &whole);
    let rows: Vec<_> = a.history.iter().map(|h| (h.evaluation, h.window.start, h.window.end, h.found_usd, h.met)).collect();
    assert_eq!(
        rows,
        vec![
            (date(2025, 3, 1), date(2024, 3, 1), date(2025, 2, 28), usd("350.50"), false),
            (date(2026, 3, 1), date(2025, 3, 1), date(2026, 2, 28), usd("1000.00"), true),
        ]
    );
    // The failed row is the D12b warning; the passed one is not.
    assert_eq!(a.warning_details.iter().filter(|w| matches!(w, Warning::PastEvaluationShort { .. })).count(), 1);

    // Data from 2024-03-02 on do not cover the first window: only the second row.
    let part = Context { coverage: Some((date(2024, 3, 2), date(2026, 11, 1))), ..whole };
    let a = assess("1", &r, Some(&entry(Some(date(2020, 3, 3)), None)), &part);
    assert_eq!(a.history.iter().map(|h| h.evaluation).collect::<Vec<_>>(), vec![date(2026, 3, 1)]);

    // Deauthorized at the 2025 evaluation: no later evaluation is history, and no warning asks.
    let gone = entry(Some(date(2020, 3, 3)), Some(date(2025, 3, 20)));
    let a = assess("1", &r, Some(&gone), &whole);
    assert_eq!(a.history.iter().map(|h| (h.evaluation, h.met)).collect::<Vec<_>>(), vec![(date(2025, 3, 1), false)]);
    assert!(!a.warning_details.iter().any(|w| matches!(w, Warning::PastEvaluationShort { .. })));
}

#[test]
fn readiness_is_beside_the_status_never_changing_it() {
    use crate::domain::readiness::Readiness;
    let r = revenue(&[(date(2026, 5, 10), "1500.00")]);
    let mut e = entry(Some(date(2020, 3, 3)), None);
    let before = run(&r, &e, date(2026, 11, 28));
    assert_eq!((before.status, before.readiness.to_confirm, before.readiness.confirm_before), (Status::OnTrack, 4, Some(date(2027, 3, 1))));
    e.readiness = Readiness { partner_id_active: Some(true), mfa_all_admins: Some(true), ..Readiness::default() };
    let after = run(&r, &e, date(2026, 11, 28));
    assert_eq!((after.status, after.readiness.to_confirm), (Status::OnTrack, 2));
    // A deauthorized tenant needs them by its re-enrollment date.
    let gone = run(&r, &entry(Some(date(2020, 3, 3)), Some(date(2026, 3, 5))), date(2026, 11, 28));
    assert_eq!(gone.readiness.confirm_before, Some(date(2027, 3, 5)));
}
