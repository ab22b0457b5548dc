//! Export buttons: CSV, CSV for German Excel, JSON, made in the browser and
//! downloaded (a `blob:` link; nothing is sent anywhere).

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::domain::assess::ResellerAssessment;
use crate::domain::export::{portfolio_csv, reseller_csv, CsvDialect};
use crate::domain::report::Report;
use crate::web::i18n::L10n;

/// What to export.
#[derive(Clone, PartialEq)]
pub enum ExportSubject {
    /// Every reseller tenant.
    Portfolio(Rc<Report>),
    /// One reseller tenant.
    Reseller(Box<ResellerAssessment>),
}

/// Props of [`ExportButtons`].
#[derive(Properties, PartialEq)]
pub struct ExportButtonsProps {
    /// What to export.
    pub subject: ExportSubject,
    /// The as-of date, for file names.
    pub as_of: chrono::NaiveDate,
}

fn download(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    let document = gloo::utils::document();
    if let Some(a) = document.create_element("a").ok().and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok()) {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// The buttons.
#[component]
pub fn ExportButtons(props: &ExportButtonsProps) -> Html {
    let l = use_context::<L10n>().unwrap_or_default();
    let stem = match &props.subject {
        ExportSubject::Portfolio(_) => format!("ttm-check-portfolio-{}", props.as_of),
        ExportSubject::Reseller(r) => format!("ttm-check-{}-{}", r.reseller_id, props.as_of),
    };
    let export = |kind: &'static str| {
        let subject = props.subject.clone();
        let stem = stem.clone();
        Callback::from(move |_: MouseEvent| {
            let csv = |dialect| match &subject {
                ExportSubject::Portfolio(r) => portfolio_csv(r, dialect),
                ExportSubject::Reseller(a) => reseller_csv(a, dialect),
            };
            match kind {
                "csv" => download(&format!("{stem}.csv"), "text/csv;charset=utf-8", &csv(CsvDialect::Standard)),
                "csv-de" => download(&format!("{stem}-excel-de.csv"), "text/csv;charset=utf-8", &csv(CsvDialect::GermanExcel)),
                _ => {
                    let json = match &subject {
                        ExportSubject::Portfolio(r) => serde_json::to_string_pretty(&**r),
                        ExportSubject::Reseller(a) => serde_json::to_string_pretty(&**a),
                    };
                    if let Ok(json) = json {
                        download(&format!("{stem}.json"), "application/json", &json);
                    }
                }
            }
        })
    };
    html! {
        <div class="export-buttons" role="group" aria-label={l.t("Export")}>
            <span class="muted">{ l.t("Export:") }</span>
            <button type="button" class="button secondary small" data-export="csv" onclick={export("csv")}>{ "CSV" }</button>
            <button type="button" class="button secondary small" data-export="csv-de" onclick={export("csv-de")}>{ l.t("CSV (German Excel)") }</button>
            <button type="button" class="button secondary small" data-export="json" onclick={export("json")}>{ "JSON" }</button>
        </div>
    }
}
