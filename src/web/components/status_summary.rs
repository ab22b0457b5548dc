//! Counts per status at the top of the portfolio; each one filters the table.

use std::rc::Rc;

use yew::prelude::*;

use crate::domain::assess::Status;
use crate::domain::report::Report;
use crate::web::format::status_symbol;
use crate::web::i18n::L10n;

/// Props of [`StatusSummary`].
#[derive(Properties, PartialEq)]
pub struct StatusSummaryProps {
    /// The report.
    pub report: Rc<Report>,
    /// The status filter.
    pub filter: Option<Status>,
    /// Filter by a status (again: clear).
    pub on_filter: Callback<Option<Status>>,
}

/// The summary.
#[component]
pub fn StatusSummary(props: &StatusSummaryProps) -> Html {
    let l = use_context::<L10n>().unwrap_or_default();
    let total = props.report.resellers.len() as i64;
    let open = props.report.readiness_open() as i64;
    html! {
        <section class="status-summary" aria-label={l.t("Reseller tenants by status")}>
            <p class="total">{ l.plural(total, "{n} reseller tenant", "{n} reseller tenants") }</p>
            <p class="readiness-count muted" data-count={open.to_string()}>
                { l.f("{n} with reauthorization items to confirm", &[("n", &l.number(open))]) }
            </p>
            <ul>
                { for props.report.status_counts().into_iter().filter(|(_, n)| *n > 0).map(|(s, n)| {
                    let pressed = props.filter == Some(s);
                    html! {
                        <li>
                            <button type="button" class={classes!("status-chip", s.as_str())} aria-pressed={pressed.to_string()}
                                data-status={s.as_str()} onclick={props.on_filter.reform(move |_: MouseEvent| Some(s))}>
                                <span aria-hidden="true">{ status_symbol(s) }</span>
                                { format!(" {} ", l.status(s)) }<strong class="count">{ l.number(n as i64) }</strong>
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
