//! The dates that matter for a tenant, in order, with today marked.

use chrono::NaiveDate;
use yew::prelude::*;

use crate::domain::assess::ResellerAssessment;
use crate::web::format;

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
    let a = &props.assessment;
    let mut events: Vec<(NaiveDate, String, &'static str)> = Vec::new();
    if let Some(d) = a.onboarding_date {
        events.push((d, "Onboarded".into(), "onboarding"));
    }
    if let Some(d) = a.first_evaluation.filter(|f| Some(*f) != a.next_evaluation) {
        events.push((d, "First evaluation".into(), "evaluation past"));
    }
    if let Some(n) = a.notice_dates {
        for (d, label) in n.iter().zip(["First notice (90 days)", "Second notice (60 days)", "Final notice (30 days)"]) {
            events.push((*d, label.into(), "notice"));
        }
    }
    if let Some(d) = a.next_evaluation {
        events.push((d, "Evaluation (deauthorization possible during this month)".into(), "evaluation"));
    }
    if let Some(d) = a.deauthorized_on {
        events.push((d, "Deauthorized".into(), "deauthorized"));
    }
    if let Some(d) = a.reenroll_from {
        events.push((d, "Re-enrollment possible".into(), "reenroll"));
    }
    events.push((props.as_of, "Today".into(), "today"));
    events.sort_by_key(|(d, _, kind)| (*d, *kind != "today"));
    html! {
        <section class="timeline" aria-labelledby="timeline-heading">
            <h3 id="timeline-heading">{ "Timeline" }</h3>
            <ol>
                { for events.iter().map(|(d, label, kind)| {
                    let past = *d < props.as_of;
                    html! {
                        <li class={classes!(*kind, past.then_some("past"))}>
                            <time datetime={d.to_string()}>{ format::date(*d) }</time>
                            <span>{ label }</span>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}
