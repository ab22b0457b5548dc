//! The domain's messages in this language: why a line was rejected or
//! excluded, why a file or the register could not be read, what keeps a
//! table unmapped, a tenant's warnings, the calendar's words. The domain
//! writes each once, in English, as a [`Message`]; here its template is
//! translated through the catalogue and each value formatted for the locale.
//! No text of the domain is read back (`tests/hygiene.rs` checks this file
//! and its siblings compare no text).

use std::fmt::Display;

use super::L10n;
use crate::domain::ingest::error::FileError;
use crate::domain::ingest::layout::column_in_words;
use crate::domain::message::{Arg, Message};
use crate::domain::register::RegisterError;

impl L10n {
    /// A message of the domain in this language.
    pub fn message(&self, m: &Message) -> String {
        let values: Vec<String> = m.args.iter().map(|(_, value)| self.arg(value)).collect();
        let args: Vec<(&str, &dyn Display)> = m.args.iter().zip(&values).map(|((name, _), value)| (*name, value as &dyn Display)).collect();
        self.f(m.template, &args)
    }

    /// A value of a message, formatted for the locale.
    pub(super) fn arg(&self, value: &Arg) -> String {
        let whole = |n: u64| n.min(i64::MAX as u64) as i64;
        match value {
            Arg::Text(s) => s.clone(),
            Arg::Number(n) => self.number(whole(*n)),
            Arg::Count { n, one, other } => self.plural(whole(*n), one, other),
            Arg::Date(d) => self.date(*d),
            Arg::Month(d) => self.month_year(*d),
            Arg::Usd(m) => self.usd(*m),
            Arg::Decimal(m) => self.decimal(*m),
            Arg::Status(s) => self.status(*s).to_owned(),
            Arg::Message(m) => self.message(m),
        }
    }

    /// Why a file could not be read, in a sentence naming it.
    pub fn failure(&self, file: &str, failure: &FileError) -> String {
        match failure {
            FileError::Unreadable { detail: None } => self.f("{file} could not be read (was it moved or deleted?)", &[("file", &file)]),
            FileError::ReaderStopped => self.f(
                "Reading {file} stopped the background reader (out of memory?). The page restarted it; other files go on.",
                &[("file", &file)],
            ),
            other => self.f("{file} could not be read: {reason}", &[("file", &file), ("reason", &self.message(&other.message()))]),
        }
    }

    /// Why the register could not be read, naming its file.
    pub fn register_error(&self, e: &RegisterError) -> String {
        format!("{}: {}", e.file, self.message(&e.error.message()))
    }

    /// A column name as the domain gives it (`column 3` when unnamed).
    pub fn column(&self, name: &str) -> String {
        self.arg(&column_in_words(name))
    }
}
