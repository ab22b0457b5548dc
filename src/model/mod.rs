//! The page's model: what the app shows, and how each of the user's actions
//! and each file read changes it.
//!
//! Pure, like the domain it calls: no browser type, no clock, no storage.
//! The shell (`web`) keeps the files' bytes beside its worker adapter,
//! keyed by the file's ID, reads the clock and the DOM, and hands actions
//! to [`state::AppState::reduce`]; Yew's reducer hook wraps that function
//! and nothing more. So the reducer and its tests run under `cargo test`
//! (`tests/model.rs`).

pub mod lines;
pub mod remembered;
pub mod sort;
pub mod state;
