//! Browser tests (wasm-bindgen-test in headless Chromium): what only a real
//! browser shows — the JS API's objects, and the app rendered into the DOM.
#![cfg(all(target_arch = "wasm32", feature = "web"))]

use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const INVOICE: &str =
    "\u{feff}InvoiceNumber,MpnId,ResellerMpnId,OrderDate,ChargeType,Subtotal,Currency,PricingCurrency,PCToBCExchangeRate\n\
G1,1234567,4816859,7/15/2026,new,921.83,EUR,USD,0.921834\n\
G1,1234567,4816859,8/15/2026,customerCredit,-10.00,USD,USD,1\n\
G1,1234567,0,8/15/2026,new,50.00,USD,USD,1\n";

fn get(value: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(value.clone(), |v, key| {
        if let Ok(i) = key.parse::<u32>() {
            js_sys::Reflect::get_u32(&v, i).unwrap()
        } else {
            js_sys::Reflect::get(&v, &JsValue::from_str(key)).unwrap()
        }
    })
}

#[wasm_bindgen_test]
fn the_js_api_returns_the_cli_shape() {
    let files = js_sys::JSON::parse(&serde_json::json!([{ "name": "recon.csv", "text": INVOICE }]).to_string()).unwrap();
    let options = js_sys::JSON::parse(
        &serde_json::json!({
            "as_of": "2026-11-28",
            "register": { "name": "r.csv", "text": "reseller_id,name,onboarding_date,deauthorized_on\n4816859,Contoso,2021-06-19,\n" }
        })
        .to_string(),
    )
    .unwrap();
    let report = ttm_check::web::api::assess_js(files, options).map_err(JsValue::from).unwrap();
    assert_eq!(get(&report, &["as_of"]).as_string().as_deref(), Some("2026-11-28"));
    let r = get(&report, &["resellers", "0"]);
    assert_eq!(get(&r, &["reseller_id"]).as_string().as_deref(), Some("4816859"));
    // 921.83 EUR / 0.921834 = 1000.00 USD (D10a), minus a 10.00 credit (D7).
    assert_eq!(get(&r, &["ttm_net_usd"]).as_string().as_deref(), Some("990.00"));
    assert_eq!(get(&r, &["ttm_gross_usd"]).as_string().as_deref(), Some("1000.00"));
    assert_eq!(get(&r, &["status"]).as_string().as_deref(), Some("at_risk"));
    assert_eq!(get(&r, &["next_evaluation"]).as_string().as_deref(), Some("2027-06-01"));
    assert!(get(&r, &["deauthorized_on"]).is_null());
    assert_eq!(get(&report, &["ingest", "files", "0", "excluded", "no_reseller", "lines"]).as_f64(), Some(1.0));
}

#[wasm_bindgen_test]
fn the_js_api_accepts_bytes_and_reports_bad_options() {
    let files = js_sys::Array::new();
    let file = js_sys::Object::new();
    js_sys::Reflect::set(&file, &"name".into(), &"recon.csv".into()).unwrap();
    js_sys::Reflect::set(&file, &"bytes".into(), &js_sys::Uint8Array::from(INVOICE.as_bytes()).into()).unwrap();
    files.push(&file);
    let options = js_sys::JSON::parse(r#"{"as_of":"2026-11-28"}"#).unwrap();
    let report = ttm_check::web::api::assess_js(files.clone().into(), options).map_err(JsValue::from).unwrap();
    assert_eq!(get(&report, &["ingest", "files", "0", "lines_read"]).as_f64(), Some(3.0));
    let bad = js_sys::JSON::parse(r#"{"as_of":"28.11.2026"}"#).unwrap();
    let err = ttm_check::web::api::assess_js(files.into(), bad).map_err(JsValue::from).unwrap_err();
    let message = err.dyn_into::<js_sys::Error>().unwrap().message();
    assert!(String::from(message).starts_with("options:"));
}

#[wasm_bindgen_test]
async fn the_app_renders_into_the_page() {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    // As the page starts it: the first screen a part per task, told once whole.
    let shown = std::rc::Rc::new(std::cell::Cell::new(0));
    let props = ttm_check::web::app::AppProps {
        on_shown: Some(yew::Callback::from({
            let shown = shown.clone();
            move |()| shown.set(shown.get() + 1)
        })),
        ..Default::default()
    };
    yew::Renderer::<ttm_check::web::app::StagedApp>::with_root_and_props(root.clone(), props).render();
    for _ in 0..40 {
        if shown.get() > 0 {
            break;
        }
        yew::platform::time::sleep(std::time::Duration::ZERO).await;
    }
    assert_eq!(shown.get(), 1, "told once that the first screen is whole");
    assert!(root.query_selector(".assumptions-panel, #threshold").unwrap().is_some(), "the last part is there when told");
    let h1 = root.query_selector("h1").unwrap().expect("a heading");
    assert_eq!(h1.text_content().as_deref(), Some("TTM Check"));
    let as_of = root.query_selector("#as-of").unwrap().expect("an as-of input");
    let value = as_of.dyn_into::<web_sys::HtmlInputElement>().unwrap().value();
    assert_eq!(value, ttm_check::web::today().format("%Y-%m-%d").to_string());
}

/// Deferred parts show in the order of their turns, each in a task of its
/// own (a zero timeout later than the one before), and tell when shown.
#[wasm_bindgen_test]
async fn deferred_parts_show_a_turn_each_in_order() {
    use std::cell::RefCell;
    use std::rc::Rc;
    use ttm_check::web::components::deferred::Deferred;
    use yew::prelude::*;

    #[derive(Properties, PartialEq)]
    struct Props {
        shown: Callback<()>,
    }
    #[component]
    fn Parts(props: &Props) -> Html {
        html! {
            <>
                <p id="now">{ "now" }</p>
                <Deferred turn={3} on_shown={props.shown.clone()}><p id="third">{ "third" }</p></Deferred>
                <Deferred turn={1}><p id="first">{ "first" }</p></Deferred>
                <Deferred turn={2}><p id="second">{ "second" }</p></Deferred>
            </>
        }
    }

    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let told = Rc::new(RefCell::new(Vec::new()));
    let shown = {
        let (told, root) = (told.clone(), root.clone());
        Callback::from(move |()| told.borrow_mut().push(root.query_selector_all("p").unwrap().length()))
    };
    yew::Renderer::<Parts>::with_root_and_props(root.clone(), Props { shown }).render();
    let ids = || {
        let list = root.query_selector_all("p").unwrap();
        (0..list.length()).map(|i| list.item(i).unwrap().dyn_into::<web_sys::Element>().unwrap().id()).collect::<Vec<_>>()
    };
    // Yew's first render comes in a task after this one; then one part a turn.
    let mut seen = Vec::new();
    for _ in 0..8 {
        yew::platform::time::sleep(std::time::Duration::ZERO).await;
        if seen.last() != Some(&ids()) {
            seen.push(ids());
        }
    }
    assert_eq!(
        seen,
        [vec!["now"], vec!["now", "first"], vec!["now", "first", "second"], vec!["now", "third", "first", "second"]],
        "one part per turn, in the order of their turns, each where it stands"
    );
    assert_eq!(*told.borrow(), [4], "told once, with every part shown");
}

/// "Remember on this device": what was remembered is read once at start and
/// restored once, and each change is written once (the effects were once
/// registered twice: read twice, every change saved twice).
#[wasm_bindgen_test]
async fn remembered_settings_are_read_once_and_each_change_written_once() {
    use ttm_check::web::storage;
    let local = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    // An app another test rendered may still be running its first effects.
    for _ in 0..5 {
        yew::platform::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    local.set_item(storage::KEY, r#"{"threshold":"1500","gross":false,"margin":"","rates":{"EUR":"1.0825"}}"#).unwrap();
    let (loads, saves) = storage::uses();
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<ttm_check::web::app::App>::with_root(root.clone()).render();
    for _ in 0..5 {
        yew::platform::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let (loads_after, saves_after) = storage::uses();
    local.remove_item(storage::KEY).unwrap();
    assert_eq!(loads_after - loads, 1, "storage read once");
    // Restored: opted in, so the state is remembered once, with its language.
    assert_eq!(saves_after - saves, 1, "one write for the one change");
    let remembered = root.query_selector("#threshold").unwrap().map(|e| e.dyn_into::<web_sys::HtmlInputElement>().unwrap().value());
    assert_eq!(remembered.as_deref(), Some("1500"), "the remembered threshold is restored");
}

/// SVG coordinates are written to a tenth without the float formatter:
/// within half a tenth of the value, one decimal at most, no `-0`.
#[wasm_bindgen_test]
fn svg_coordinates_round_to_a_tenth() {
    use ttm_check::web::components::svg;
    for (v, want) in [(760.0, "760"), (12.34, "12.3"), (12.36, "12.4"), (-3.0, "-3"), (-0.04, "0"), (-0.06, "-0.1"), (0.5, "0.5")] {
        assert_eq!(svg(v), want, "{v}");
    }
    for i in -2000..2000 {
        let v = f64::from(i) * 0.37;
        let text = svg(v);
        let back: f64 = text.parse().unwrap();
        assert!((back - v).abs() <= 0.050_000_1, "{v} → {text}");
        assert!(text.split_once('.').is_none_or(|(_, d)| d.len() == 1 && d != "0"), "{text}");
        assert_ne!(text, "-0");
    }
}

/// The record fast path's WebAssembly SIMD masks (native tests run the SSE2
/// ones) split exactly like csv-core alone, on CSV full of quotes, doubled
/// quotes, delimiters inside quotes, CR and LF, in chunks that leave whole
/// 64-byte blocks and chunks that cut them.
#[wasm_bindgen_test]
fn the_simd_fast_path_reads_exactly_like_csv_core() {
    use ttm_check::domain::ingest::records::{RecordReader, SCANNER};
    // Built without +simd128 (.cargo/config.toml), the bytewise scanner would
    // pass the comparison below without testing the SIMD masks at all.
    assert_eq!(SCANNER, "wasm-simd128", "the wasm32 build must have WebAssembly SIMD");
    let pieces =
        ["a", "bc", ",", "\"", "\"\"", "\n", "\r\n", "\r", " ", "ä", "\"x,y\"", "1234.56", "\"a\"\"b\"", "Partner earned credit", ",,,,"];
    // A fixed pseudo-random sequence (xorshift), so a failure repeats.
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut text = String::new();
    for _ in 0..40_000 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        text.push_str(pieces[(state % pieces.len() as u64) as usize]);
    }
    let records = |mut reader: RecordReader, chunk: usize| {
        let mut out = Vec::new();
        let mut keep = |r: &ttm_check::domain::ingest::records::Record<'_>| {
            out.push((r.line, (0..r.len()).map(|i| r.get(i).unwrap_or_default().to_vec()).collect::<Vec<_>>()))
        };
        for c in text.as_bytes().chunks(chunk) {
            reader.feed(c, &mut keep).unwrap();
        }
        reader.feed(&[], &mut keep).unwrap();
        out
    };
    for chunk in [1 << 20, 4096, 100, 7] {
        let core = records(RecordReader::without_fast_path(b','), chunk);
        assert!(core.len() > 100, "the sample has records");
        assert_eq!(records(RecordReader::new(b','), chunk), core, "chunks of {chunk}");
    }
}
