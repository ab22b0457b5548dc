//! "Remember on this device": settings, FX rates, the register and column
//! mappings in the browser's localStorage, only after the user opts in, and
//! gone with "forget everything". Never the revenue lines.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::ingest::layout::ColumnMapping;
use crate::domain::register::RegisterEntry;

/// The one localStorage key.
pub const KEY: &str = "ttm-check.v1";

/// What is remembered.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Remembered {
    /// D1 threshold as typed.
    pub threshold: String,
    /// D7 gross.
    pub gross: bool,
    /// D14 margin as typed.
    pub margin: String,
    /// D10b rates as typed.
    pub rates: BTreeMap<String, String>,
    /// The register's entries.
    pub register: Vec<RegisterEntry>,
    /// Column mappings by header (the header's names joined).
    pub mappings: BTreeMap<String, ColumnMapping>,
    /// The interface language chosen (`en`, `de`).
    #[serde(default)]
    pub lang: Option<String>,
}

/// The key a header's mapping is remembered under.
pub fn header_key(header: &[String]) -> String {
    header.join("\u{1f}")
}

thread_local! {
    /// How many times storage was read and written since the page started.
    static USES: std::cell::Cell<(u32, u32)> = const { std::cell::Cell::new((0, 0)) };
}

/// How many times the app has read (`load`) and written (`save`) what it
/// remembers since the page started: one read at start, one write a change.
pub fn uses() -> (u32, u32) {
    USES.with(std::cell::Cell::get)
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// What was remembered, if the user opted in before.
pub fn load() -> Option<Remembered> {
    USES.with(|u| u.set((u.get().0 + 1, u.get().1)));
    let text = local_storage()?.get_item(KEY).ok()??;
    serde_json::from_str(&text).ok()
}

/// Remembers `r` (only called while the user has opted in).
pub fn save(r: &Remembered) {
    USES.with(|u| u.set((u.get().0, u.get().1 + 1)));
    if let (Some(storage), Ok(text)) = (local_storage(), serde_json::to_string(r)) {
        let _ = storage.set_item(KEY, &text);
    }
}

/// Forgets everything this app stored.
pub fn forget() {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(KEY);
    }
}
