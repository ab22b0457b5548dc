//! The JavaScript API: the same assessment as the CLI, for embedding pages.
//!
//! ```js
//! const report = wasm_bindgen.assess(
//!   [{ name: "recon.csv", text: "..." }, { name: "b.csv", bytes: uint8Array }],
//!   { as_of: "2026-11-28", rates: { EUR: "1.0825" }, register: { name: "r.csv", text: "..." } });
//! ```
//! returns the CLI's JSON shape as a plain object.

use serde::Deserialize;
use wasm_bindgen::prelude::*;

use crate::domain::ingest::FileOptions;
use crate::domain::report::{assess_files, AssessOptions, InputFile};

#[derive(Deserialize)]
struct JsFile {
    name: String,
    #[serde(default)]
    text: Option<String>,
    #[serde(default, with = "serde_bytes_compat")]
    bytes: Option<Vec<u8>>,
    #[serde(default)]
    options: FileOptions,
}

mod serde_bytes_compat {
    use serde::{Deserialize, Deserializer};

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<u8>>, D::Error> {
        Option::<serde_bytes::ByteBuf>::deserialize(d).map(|b| b.map(serde_bytes::ByteBuf::into_vec))
    }
}

#[derive(Deserialize, Default)]
struct JsOptions {
    #[serde(flatten)]
    assess: AssessOptions,
    #[serde(default)]
    register: Option<JsFile>,
}

fn file_bytes(f: &JsFile) -> &[u8] {
    match (&f.bytes, &f.text) {
        (Some(b), _) => b,
        (None, Some(t)) => t.as_bytes(),
        (None, None) => &[],
    }
}

/// Assesses `files` (an array of `{name, text | bytes, options?}`) with
/// `options` (`{as_of?, rates?, threshold_usd?, gross?, register?}`) and
/// returns the report object. Throws an `Error` with a clear message on bad
/// options.
#[wasm_bindgen(js_name = assess)]
pub fn assess_js(files: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    let files: Vec<JsFile> = serde_wasm_bindgen::from_value(files)
        .map_err(|e| JsError::new(&format!("files: expected an array of {{name, text | bytes}}: {e}")))?;
    let options: JsOptions = if options.is_undefined() || options.is_null() {
        JsOptions::default()
    } else {
        serde_wasm_bindgen::from_value(options).map_err(|e| JsError::new(&format!("options: {e}")))?
    };
    let inputs: Vec<InputFile<'_>> =
        files.iter().map(|f| InputFile { name: f.name.clone(), bytes: file_bytes(f), options: f.options.clone() }).collect();
    let as_of = options.assess.as_of.unwrap_or_else(super::today);
    let register = options.register.as_ref().map(|r| (r.name.as_str(), file_bytes(r)));
    let report = assess_files(&inputs, register, as_of, &options.assess).map_err(|e| JsError::new(&e.to_string()))?;
    report.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| JsError::new(&e.to_string()))
}

use serde::Serialize;
