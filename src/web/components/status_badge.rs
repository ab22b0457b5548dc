//! A status shown by text and symbol, not colour alone.

use yew::prelude::*;

use crate::domain::assess::Status;
use crate::web::format::status_symbol;
use crate::web::i18n::L10n;

/// Props of [`StatusBadge`].
#[derive(Properties, PartialEq)]
pub struct StatusBadgeProps {
    /// The status.
    pub status: Status,
}

/// The badge.
#[component]
pub fn StatusBadge(props: &StatusBadgeProps) -> Html {
    let l = use_context::<L10n>().unwrap_or_default();
    html! {
        <span class={classes!("status-badge", props.status.as_str())} data-status={props.status.as_str()}>
            <span aria-hidden="true">{ status_symbol(props.status) }</span>
            { "\u{a0}" }{ l.status(props.status) }
        </span>
    }
}
