//! The dates that matter for a tenant, in order, with today marked.

use chrono::{Datelike, NaiveDate};
use yew::prelude::*;

use crate::domain::assess::ResellerAssessment;
use crate::web::i18n::L10n;

/// Props of [`Timeline`].
#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// The assessment.
    pub assessment: ResellerAssessment,
    /// The as-of date.
    pub as_of: NaiveDate,
}

/// The timeline.
#[component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let l = use_context::<L10n>().unwrap_or_default();
    let a = &props.assessment;
    // Each event: its date, label and kind, and, where the day is not
    // known, what is shown for the date instead.
    let mut events: Vec<(NaiveDate, &'static str, &'static str, Option<String>)> = Vec::new();
    if let Some(d) = a.onboarding_date {
        events.push((d, l.t("Onboarded"), "onboarding", None));
    }
    if let Some(d) = a.first_evaluation.filter(|f| Some(*f) != a.next_evaluation) {
        events.push((d, l.t("First evaluation"), "evaluation past", None));
    }
    // Known by its anniversary month alone, a tenant is past its exempt
    // year, but when its first evaluation was is unknown: at the latest the
    // next one (never a made-up date).
    if let (None, Some(_), Some(next)) = (a.first_evaluation, a.anniversary_month, a.next_evaluation) {
        let month = format!("{} {}", l.month_name(next.month()), next.year());
        let when = l.f("in {month} or earlier", &[("month", &month)]);
        events.push((next, l.t("First evaluation"), "evaluation unknown", Some(when)));
    }
    if let Some(n) = a.notice_dates {
        for (d, label) in n.iter().zip([l.t("First notice (90 days)"), l.t("Second notice (60 days)"), l.t("Final notice (30 days)")]) {
            events.push((*d, label, "notice", None));
        }
    }
    if let Some(d) = a.next_evaluation {
        events.push((d, l.t("Evaluation (deauthorization possible during this month)"), "evaluation", None));
    }
    if let Some(d) = a.deauthorized_on {
        events.push((d, l.t("Deauthorized"), "deauthorized", None));
    }
    if let Some(d) = a.reenroll_from {
        events.push((d, l.t("Re-enrollment possible"), "reenroll", None));
    }
    events.push((props.as_of, l.t("Today"), "today", None));
    events.sort_by_key(|(d, _, kind, _)| (*d, *kind != "today"));
    html! {
        <section class="timeline" aria-labelledby="timeline-heading">
            <h3 id="timeline-heading">{ l.t("Timeline") }</h3>
            <ol>
                { for events.iter().map(|(d, label, kind, shown)| {
                    let past = *d < props.as_of && shown.is_none();
                    html! {
                        <li class={classes!(*kind, past.then_some("past"))}>
                            if let Some(shown) = shown {
                                <time datetime={crate::domain::dates::iso_month(*d)}>{ shown }</time>
                            } else {
                                <time datetime={d.to_string()}>{ l.date(*d) }</time>
                            }
                            <span>{ label }</span>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}
