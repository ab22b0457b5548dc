//! The dates that matter for a tenant, in order, with today marked.

use chrono::NaiveDate;
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
    let mut events: Vec<(NaiveDate, &'static str, &'static str)> = Vec::new();
    if let Some(d) = a.onboarding_date {
        events.push((d, l.t("Onboarded"), "onboarding"));
    }
    if let Some(d) = a.first_evaluation.filter(|f| Some(*f) != a.next_evaluation) {
        events.push((d, l.t("First evaluation"), "evaluation past"));
    }
    if let Some(n) = a.notice_dates {
        for (d, label) in n.iter().zip([l.t("First notice (90 days)"), l.t("Second notice (60 days)"), l.t("Final notice (30 days)")]) {
            events.push((*d, label, "notice"));
        }
    }
    if let Some(d) = a.next_evaluation {
        events.push((d, l.t("Evaluation (deauthorization possible during this month)"), "evaluation"));
    }
    if let Some(d) = a.deauthorized_on {
        events.push((d, l.t("Deauthorized"), "deauthorized"));
    }
    if let Some(d) = a.reenroll_from {
        events.push((d, l.t("Re-enrollment possible"), "reenroll"));
    }
    events.push((props.as_of, l.t("Today"), "today"));
    events.sort_by_key(|(d, _, kind)| (*d, *kind != "today"));
    html! {
        <section class="timeline" aria-labelledby="timeline-heading">
            <h3 id="timeline-heading">{ l.t("Timeline") }</h3>
            <ol>
                { for events.iter().map(|(d, label, kind)| {
                    let past = *d < props.as_of;
                    html! {
                        <li class={classes!(*kind, past.then_some("past"))}>
                            <time datetime={d.to_string()}>{ l.date(*d) }</time>
                            <span>{ label }</span>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}
