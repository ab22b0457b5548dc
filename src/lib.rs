//! TTM Check: is a Microsoft CSP indirect reseller's tenant above USD 1,000
//! trailing-twelve-month revenue at its next yearly evaluation?
//!
//! The map:
//! - [`domain`]: the rule, dates, money, reading files, the assessment. Pure:
//!   no browser, no file system, no clock (`tests/hygiene.rs` checks it
//!   imports no web crate).
//! - [`model`]: what the page shows and how each of the user's actions and
//!   each file read changes it: the app's state and its pure reducer, with
//!   no browser type in it, so that `cargo test` runs it natively.
//! - `web` (wasm32): the browser shell, thin adapters over the domain: the
//!   Yew app (feature `web`, the page's module) and the reader with the
//!   synchronous JS `assess()` (feature `engine`, the engine module).
//! - [`cli`] (native only): the `ttm-check` command line.
//!
//! Every adapter ends in [`domain::report::Report`], the one JSON shape.

pub mod domain;

#[cfg(all(not(target_arch = "wasm32"), feature = "cli"))]
pub mod cli;

#[cfg(any(feature = "web", not(target_arch = "wasm32")))]
pub mod model;

#[cfg(any(feature = "web", feature = "engine", not(target_arch = "wasm32")))]
pub mod protocol;

#[cfg(all(target_arch = "wasm32", any(feature = "web", feature = "engine")))]
pub mod web;
