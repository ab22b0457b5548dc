//! The question a file or the register asks when its values cannot settle
//! how they are written (D18): the order of day and month, or the decimal
//! mark. One view for both, each answer a button.

use yew::prelude::*;

use crate::domain::dates::DateOrder;
use crate::domain::ingest::Question;
use crate::domain::money::DecimalStyle;
use crate::web::i18n::L10n;

/// `question` with its answer buttons; nothing for a mapping question
/// (the caller shows its own).
pub fn style_question(l: &L10n, question: &Question, on_order: &Callback<DateOrder>, on_style: &Callback<DecimalStyle>) -> Html {
    match question {
        Question::DateOrder { column, examples } => {
            let choose = |order: DateOrder| on_order.reform(move |_: MouseEvent| order);
            html! {
                <div class="question" role="group" aria-label={l.t("Order of day and month")}>
                    <p>{ l.f("Column “{column}” has dates like {examples} that read either way. Which comes first?", &[("column", &l.column(column)), ("examples", &examples.join(", "))]) }</p>
                    <button type="button" class="button" onclick={choose(DateOrder::DayFirst)}>{ l.t("Day first (31/12/2025)") }</button>
                    <button type="button" class="button" onclick={choose(DateOrder::MonthFirst)}>{ l.t("Month first (12/31/2025)") }</button>
                </div>
            }
        }
        Question::DecimalStyle { column, examples } => {
            let choose = |style: DecimalStyle| on_style.reform(move |_: MouseEvent| style);
            html! {
                <div class="question" role="group" aria-label={l.t("Decimal mark of the amounts")}>
                    <p>{ l.f("Column “{column}” has amounts like {examples}, where the mark could be a decimal point or a thousands separator. Which is it?", &[("column", &l.column(column)), ("examples", &examples.join(", "))]) }</p>
                    <button type="button" class="button" onclick={choose(DecimalStyle::Point)}>{ l.t("Point is the decimal mark (1,500.25)") }</button>
                    <button type="button" class="button" onclick={choose(DecimalStyle::Comma)}>{ l.t("Comma is the decimal mark (1.500,25)") }</button>
                </div>
            }
        }
        Question::MapColumns { .. } => Html::default(),
    }
}
