//! "Remember on this device": settings, FX rates, the register and column
//! mappings in the browser's localStorage, only after the user opts in, and
//! gone with "forget everything". Never the revenue lines.

pub use crate::model::remembered::{header_key, Remembered};

/// The one localStorage key.
pub const KEY: &str = "ttm-check.v1";

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
    // As bytes, as the worker's results are read: one copy of the JSON
    // reader in the module (`from_str` was a second, 15 KB).
    serde_json::from_slice(text.as_bytes()).ok()
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
