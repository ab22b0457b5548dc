//! Export buttons: CSV, CSV for German Excel, Excel workbook, JSON and a
//! calendar (`.ics`), made in the browser and downloaded (a `blob:` link;
//! nothing is sent anywhere). The workbook is written by the workbook
//! module, loaded on the first click.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::domain::assess::ResellerAssessment;
use crate::domain::export::{portfolio_sheet, reseller_sheet, sheet_csv, CsvDialect, Sheet};
use crate::domain::ics::calendar;
use crate::domain::lines::{lines_sheet, TenantLines};
use crate::domain::report::Report;
use crate::web::i18n::L10n;

/// What to export.
#[derive(Clone, PartialEq)]
pub enum ExportSubject {
    /// Every reseller tenant: the table's report, and the full report (with
    /// every tenant's monthly series) for the JSON export, made on demand.
    Portfolio(Rc<Report>, Callback<(), Report>),
    /// One reseller tenant.
    Reseller(Box<ResellerAssessment>),
    /// The lines behind a tenant's figures: the file name's stem and the
    /// sheet's name (CSV, German CSV and `.xlsx` only).
    Lines(Rc<TenantLines>, String, String),
}

/// Props of [`ExportButtons`].
#[derive(Properties, PartialEq)]
pub struct ExportButtonsProps {
    /// What to export.
    pub subject: ExportSubject,
    /// The as-of date, for file names.
    pub as_of: chrono::NaiveDate,
    /// The tenants the portfolio's table shows when a filter is on: the
    /// calendar holds only them.
    #[prop_or_default]
    pub visible: Option<Rc<[String]>>,
}

/// The time now in UTC, for the calendar's `DTSTAMP`.
fn now_utc() -> chrono::NaiveDateTime {
    let ms = js_sys::Date::now() as i64;
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default().naive_utc()
}

fn download(name: &str, mime: &str, content: &wasm_bindgen::JsValue) {
    let parts = js_sys::Array::of1(content);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_blob_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    let document = gloo::utils::document();
    if let Some(a) = document.create_element("a").ok().and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok()) {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Writes `sheet` as a workbook through the workbook module (loaded by
/// `static/workbook-module.js` on first use) and downloads it.
async fn download_xlsx(name: String, sheet: Sheet) -> Result<(), wasm_bindgen::JsValue> {
    use wasm_bindgen::JsValue;
    let global = js_sys::global();
    let load: js_sys::Function = js_sys::Reflect::get(&global, &JsValue::from_str("ttmCheckWorkbook"))?.dyn_into()?;
    let module = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(load.call0(&JsValue::NULL)?)).await?;
    let write: js_sys::Function = js_sys::Reflect::get(&module, &JsValue::from_str("writeXlsx"))?.dyn_into()?;
    let json = serde_json::to_string(&sheet).map_err(|e| JsValue::from_str(&e.to_string()))?;
    let bytes = write.call1(&JsValue::NULL, &JsValue::from_str(&json))?;
    download(&name, XLSX_MIME, &bytes);
    Ok(())
}

/// The buttons.
#[component]
pub fn ExportButtons(props: &ExportButtonsProps) -> Html {
    let l = use_context::<L10n>().unwrap_or_default();
    let stem = match &props.subject {
        ExportSubject::Portfolio(..) => format!("ttm-check-portfolio-{}", props.as_of),
        ExportSubject::Reseller(r) => format!("ttm-check-{}-{}", r.reseller_id, props.as_of),
        ExportSubject::Lines(_, stem, _) => stem.clone(),
    };
    let export = |kind: &'static str| {
        let subject = props.subject.clone();
        let stem = stem.clone();
        let visible = props.visible.clone();
        let l = l.clone();
        let as_of = props.as_of;
        Callback::from(move |_: MouseEvent| {
            let sheet = || match &subject {
                ExportSubject::Portfolio(r, _) => portfolio_sheet(r),
                ExportSubject::Reseller(a) => reseller_sheet(a),
                ExportSubject::Lines(lines, _, name) => lines_sheet(name, lines, &|m| l.message(m)),
            };
            let csv = |dialect| wasm_bindgen::JsValue::from_str(&sheet_csv(&sheet(), dialect));
            match kind {
                "csv" => download(&format!("{stem}.csv"), "text/csv;charset=utf-8", &csv(CsvDialect::Standard)),
                "csv-de" => download(&format!("{stem}-excel-de.csv"), "text/csv;charset=utf-8", &csv(CsvDialect::GermanExcel)),
                "ics" => {
                    let tenants: Vec<ResellerAssessment> = match &subject {
                        ExportSubject::Portfolio(r, _) => {
                            r.resellers.iter().filter(|t| visible.as_ref().is_none_or(|v| v.contains(&t.reseller_id))).cloned().collect()
                        }
                        ExportSubject::Reseller(a) => vec![(**a).clone()],
                        ExportSubject::Lines(..) => return,
                    };
                    let text = calendar(&tenants, as_of, now_utc(), &|m| l.message(m));
                    download(&format!("{stem}.ics"), "text/calendar;charset=utf-8", &wasm_bindgen::JsValue::from_str(&text));
                }
                "xlsx" => {
                    let (name, sheet) = (format!("{stem}.xlsx"), sheet());
                    wasm_bindgen_futures::spawn_local(async move {
                        if let Err(e) = download_xlsx(name, sheet).await {
                            web_sys::console::error_2(&"xlsx export:".into(), &e);
                        }
                    });
                }
                _ => {
                    // Written compact, then laid out as the CLI's pretty JSON
                    // (`pretty_json`): one serializer per type in the module.
                    let json = match &subject {
                        ExportSubject::Portfolio(_, full) => serde_json::to_string(&full.emit(())),
                        ExportSubject::Reseller(a) => serde_json::to_string(&**a),
                        // No JSON button for the lines: their CSV is the CLI's.
                        ExportSubject::Lines(..) => return,
                    };
                    if let Ok(json) = json {
                        let json = crate::domain::export::pretty_json(&json);
                        download(&format!("{stem}.json"), "application/json", &wasm_bindgen::JsValue::from_str(&json));
                    }
                }
            }
        })
    };
    let lines = matches!(props.subject, ExportSubject::Lines(..));
    html! {
        <div class="export-buttons" role="group" aria-label={l.t("Export")}>
            <span class="muted">{ l.t("Export:") }</span>
            <button type="button" class="button secondary small" data-export="csv" onclick={export("csv")}>{ "CSV" }</button>
            <button type="button" class="button secondary small" data-export="csv-de" onclick={export("csv-de")}>{ l.t("CSV (German Excel)") }</button>
            <button type="button" class="button secondary small" data-export="xlsx" onclick={export("xlsx")}>{ l.t("Excel (.xlsx)") }</button>
            if !lines {
            <button type="button" class="button secondary small" data-export="json" onclick={export("json")}>{ "JSON" }</button>
            <button type="button" class="button secondary small" data-export="ics" onclick={export("ics")} title={l.t("The notices, the last day revenue counts and the evaluation (or the re-enrollment date) of each tenant, with a reminder a week before")}>{ l.t("Calendar (.ics)") }</button>
            }
        </div>
    }
}
