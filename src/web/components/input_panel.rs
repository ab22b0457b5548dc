//! Where data come in: files (drop or pick), pasted cells, the register, and
//! the sample data.

use yew::prelude::*;

use super::paste_area::PasteArea;
use crate::domain::dates::DateOrder;
use crate::domain::ingest::{FileError, Question, Rejection};
use crate::domain::money::DecimalStyle;
use crate::domain::register::{RegisterError, RegisterOptions};
use crate::web::i18n::L10n;
use crate::web::worker::NewFile;

/// Props of [`InputPanel`].
#[derive(Properties, PartialEq)]
pub struct InputPanelProps {
    /// Files picked, dropped or pasted.
    pub on_files: Callback<Vec<NewFile>>,
    /// A register file: name and bytes.
    pub on_register: Callback<(String, Vec<u8>)>,
    /// A register file that could not be read, and why.
    pub on_register_failed: Callback<RegisterError>,
    /// Load the sample data.
    pub on_sample: Callback<()>,
    /// The register loaded, if any.
    pub register_name: Option<String>,
    /// Entries in the register.
    pub register_entries: usize,
    /// Why the register could not be read.
    pub register_error: Option<RegisterError>,
    /// Register lines that could not be read.
    pub register_rejected: Vec<Rejection>,
    /// What the register's values cannot settle (D18).
    pub register_questions: Vec<Question>,
    /// The user's answers: the register is read again with them.
    pub on_register_answer: Callback<RegisterOptions>,
}

fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

fn new_file(name: String, file: web_sys::File) -> NewFile {
    NewFile::from_file(name, file)
}

/// Emits the files a pick or a drop stands for: `static/inputs.js` opens
/// dropped folders (`items`) and ZIP archives of data files into their
/// files (`archive.zip/member.csv`). Its first step, reading a drop's
/// entries, runs before this returns, while the drop's data are readable.
fn expand_and_emit(files: Vec<web_sys::File>, items: Option<web_sys::DataTransferItemList>, on_files: Callback<Vec<NewFile>>) {
    use wasm_bindgen::{JsCast, JsValue};
    let plain = |files: Vec<web_sys::File>| files.into_iter().map(|f| new_file(f.name(), f)).collect::<Vec<_>>();
    let expand = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("ttmCheckInputs"))
        .and_then(|inputs| js_sys::Reflect::get(&inputs, &JsValue::from_str("expandFiles")))
        .and_then(|f| f.dyn_into::<js_sys::Function>());
    let list: js_sys::Array = files.iter().collect();
    let promise = expand
        .and_then(|f| f.call2(&JsValue::NULL, &list, &items.map_or(JsValue::UNDEFINED, JsValue::from)))
        .and_then(|p| p.dyn_into::<js_sys::Promise>());
    let Ok(promise) = promise else {
        on_files.emit(plain(files));
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let expanded = match wasm_bindgen_futures::JsFuture::from(promise).await {
            Ok(array) => js_sys::Array::from(&array)
                .iter()
                .filter_map(|item| {
                    let name = js_sys::Reflect::get(&item, &JsValue::from_str("name")).ok()?.as_string()?;
                    let file = js_sys::Reflect::get(&item, &JsValue::from_str("file")).ok()?.dyn_into::<web_sys::File>().ok()?;
                    Some(new_file(name, file))
                })
                .collect(),
            Err(_) => plain(files),
        };
        if !expanded.is_empty() {
            on_files.emit(expanded);
        }
    });
}

fn read_register(file: web_sys::File, on_register: Callback<(String, Vec<u8>)>, on_failed: Callback<RegisterError>) {
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(buffer) = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await else { return };
        let bytes = js_sys::Uint8Array::new(&buffer);
        if !crate::domain::ingest::xlsx::looks_like_xlsx(&bytes.subarray(0, 4).to_vec()) {
            on_register.emit((file.name(), bytes.to_vec()));
            return;
        }
        // A workbook: its first sheet as CSV, by the workbook module.
        match sheet_csv(&bytes).await {
            Ok(csv) => on_register.emit((file.name(), csv)),
            Err(error) => on_failed.emit(RegisterError { file: file.name(), error }),
        }
    });
}

/// The first sheet of a workbook as CSV bytes, by the workbook module
/// (loaded on first use), or why not: the module's reason (the `failure`
/// it throws), else the browser's words.
async fn sheet_csv(bytes: &js_sys::Uint8Array) -> Result<Vec<u8>, FileError> {
    use wasm_bindgen::{JsCast, JsValue};
    let message = |e: JsValue| {
        let reason = js_sys::Reflect::get(&e, &JsValue::from_str("failure")).ok().and_then(|f| f.as_string());
        match reason.and_then(|f| serde_json::from_slice(f.as_bytes()).ok()) {
            Some(failure) => failure,
            None => FileError::ReaderFailed {
                detail: e.dyn_ref::<js_sys::Error>().map_or_else(|| format!("{e:?}"), |e| String::from(e.message())),
            },
        }
    };
    let global = js_sys::global();
    let load: js_sys::Function =
        js_sys::Reflect::get(&global, &JsValue::from_str("ttmCheckWorkbook")).and_then(|f| f.dyn_into()).map_err(message)?;
    let module =
        wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(load.call0(&JsValue::NULL).map_err(message)?)).await.map_err(message)?;
    let read: js_sys::Function =
        js_sys::Reflect::get(&module, &JsValue::from_str("sheetCsv")).and_then(|f| f.dyn_into()).map_err(message)?;
    let sheet = read.call1(&JsValue::NULL, bytes).map_err(message)?;
    let csv = js_sys::Reflect::get(&sheet, &JsValue::from_str("csv")).map_err(message)?;
    Ok(js_sys::Uint8Array::new(&csv).to_vec())
}

/// The input panel.
#[component]
pub fn InputPanel(props: &InputPanelProps) -> Html {
    let l = use_context::<L10n>().unwrap_or_default();
    let dragging = use_state(|| false);
    let on_pick = {
        let on_files = props.on_files.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let files = files_of(input.files());
            input.set_value("");
            if !files.is_empty() {
                expand_and_emit(files, None, on_files.clone());
            }
        })
    };
    let on_drop = {
        let on_files = props.on_files.clone();
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            let transfer = e.data_transfer();
            let files = files_of(transfer.as_ref().and_then(|d| d.files()));
            let items = transfer.map(|d| d.items());
            if !files.is_empty() {
                expand_and_emit(files, items, on_files.clone());
            }
        })
    };
    let on_drag_over = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let on_drag_leave = {
        let dragging = dragging.clone();
        Callback::from(move |_| dragging.set(false))
    };
    let on_paste = {
        let on_files = props.on_files.clone();
        let name = l.t("Pasted lines");
        Callback::from(move |text: String| {
            on_files.emit(NewFile::from_text(name.to_owned(), &text, Default::default()).into_iter().collect());
        })
    };
    let on_register_file = {
        let on_register = props.on_register.clone();
        let on_failed = props.on_register_failed.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|l| l.get(0)) {
                read_register(file, on_register.clone(), on_failed.clone());
            }
            input.set_value("");
        })
    };
    let register_text = use_state(String::new);
    let on_register_text = {
        let register_text = register_text.clone();
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            register_text.set(area.value());
        })
    };
    let on_register_paste = {
        let on_register = props.on_register.clone();
        let register_text = register_text.clone();
        let name = l.t("Pasted register");
        Callback::from(move |_| on_register.emit((name.into(), register_text.as_bytes().to_vec())))
    };
    let on_sample = props.on_sample.reform(|_: MouseEvent| ());
    html! {
        <section class="card input-panel" aria-labelledby="input-heading">
            <div class="card-head">
                <h2 id="input-heading">{ l.t("Revenue data") }</h2>
                <button type="button" class="button secondary" id="sample" onclick={on_sample}>{ l.t("Try with sample data") }</button>
            </div>
            <label class={classes!("drop-zone", dragging.then_some("dragging"))} for="file-input"
                ondrop={on_drop} ondragover={on_drag_over} ondragleave={on_drag_leave}>
                <strong>{ l.t("Drop files here or choose files") }</strong>
                <span>{ l.t("Partner Center reconciliation files (CSV), Microsoft's Graph billing export (a folder of .json.gz blobs with its manifest), distributor exports, spreadsheets (CSV, TSV, XLSX), also as .gz or .zip. Several at once.") }</span>
                <input type="file" id="file-input" multiple=true accept=".csv,.tsv,.txt,.xlsx,.json,.jsonl,.gz,.zip" onchange={on_pick} class="visually-hidden" />
            </label>
            <PasteArea on_analyse={on_paste} />
            <details class="register" open={props.register_name.is_some() || props.register_error.is_some()}>
                <summary>
                    { l.t("Reseller register") }{ " " }
                    <span class="muted">{
                        match &props.register_name {
                            Some(n) => format!("({}: {})", if n == crate::model::state::REMEMBERED_REGISTER { l.t("remembered register") } else { n.as_str() }, l.plural(props.register_entries as i64, "{n} reseller", "{n} resellers")),
                            None => l.t("(onboarding and deauthorization dates; optional)").to_owned(),
                        }
                    }</span>
                </summary>
                <p class="hint">{ l.t("Columns: reseller_id, name, onboarding_date, deauthorized_on, and optionally region, other_provider_usd. Onboarding dates can also be typed into the table.") }</p>
                <label class="button secondary file-button">
                    { l.t("Choose register file") }
                    <input type="file" id="register-input" accept=".csv,.tsv,.txt,.xlsx" onchange={on_register_file} class="visually-hidden" />
                </label>
                <label for="register-paste" class="visually-hidden">{ l.t("Paste a register") }</label>
                <textarea id="register-paste" rows="3" placeholder="reseller_id,name,onboarding_date,deauthorized_on" oninput={on_register_text} value={(*register_text).clone()} />
                <button type="button" class="button secondary" onclick={on_register_paste} disabled={register_text.trim().is_empty()}>{ l.t("Use pasted register") }</button>
                if let Some(err) = &props.register_error {
                    <p class="error" role="alert">{ l.register_error(err) }</p>
                }
                { for props.register_questions.iter().map(|q| register_question(&l, q, &props.on_register_answer)) }
                if !props.register_rejected.is_empty() {
                    <ul class="rejected-list">
                        { for props.register_rejected.iter().map(|r| html! { <li>{ l.message(&r.message()) }</li> }) }
                    </ul>
                }
            </details>
        </section>
    }
}

/// A question about the register's values: answered, the register is read
/// again with the answer.
fn register_question(l: &L10n, question: &Question, on_answer: &Callback<RegisterOptions>) -> Html {
    let order = on_answer.reform(|order: DateOrder| RegisterOptions { date_order: Some(order), ..Default::default() });
    let style = on_answer.reform(|style: DecimalStyle| RegisterOptions { decimal_style: Some(style), ..Default::default() });
    super::style_question::style_question(l, question, &order, &style)
}
