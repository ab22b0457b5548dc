//! What "remember on this device" keeps: settings, FX rates, the register and
//! column mappings, never the revenue lines. The shell writes it to the
//! browser's storage (`web::storage`) only after the user opts in.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::ingest::layout::ColumnMapping;
use crate::domain::register::RegisterEntry;

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
