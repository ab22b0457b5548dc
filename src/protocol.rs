//! Every message between the page, its background reader
//! (`static/worker.js`) and the reader's helper workers, described once,
//! here; `static/protocol.js` builds each of them on the JS side, and
//! `tests/protocol.rs` reads every one it builds through these types
//! ([`check`]). Plain serde types: compiled natively too, for that test.
//!
//! Each message is JSON text in the `message` property of what is posted:
//! an object whose one key is the variant, in snake case, holding the
//! variant's fields (`{"progress": {"id": 3, "done": 1024, "total": 4096}}`).
//! Its values are values, never JSON text in a string. The page writes
//! [`ToReader`] and reads [`FromReader`] with serde_json (the JSON reader
//! the page has anyway: a second serde format for these few messages cost
//! 20 KB of the first load). What JSON cannot carry rides beside `message`:
//! a `Read`'s or a `Part`'s `blob` (the `File`, structured-cloned), a
//! `Start`'s `module` (the compiled engine module), a `StartHelper`'s `port`
//! (the reader's end of a `MessageChannel`, transferred), and a `Done`'s
//! `result` bytes (a `FinishedFile`'s JSON, transferred, not copied).

use serde::{Deserialize, Serialize};

use crate::domain::ingest::{ExchangeRates, FileError, FileOptions, ResumePoint};

/// A file to read, as the page asks for it (and the reader lends it to a
/// helper, [`ToHelper::Whole`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReadJob {
    /// The job: every answer about this file carries it.
    pub id: u32,
    /// The file's name, as shown.
    pub name: String,
    /// How the file is read (mapping, date order, sheet...).
    pub options: FileOptions,
    /// The exchange rates (D10b).
    pub rates: ExchangeRates,
    /// How many readers (the worker and its helpers) a large file may be
    /// read by at once: the page's `navigator.hardwareConcurrency` (the
    /// worker takes at least 2 where there are two cores, at most 8).
    #[serde(default)]
    pub readers: u32,
    /// A table handed over as values, its first row the header (the own
    /// check's purchases typed row by row), instead of a `blob`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<Vec<Vec<String>>>,
}

/// From the page to the reader.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ToReader {
    /// Read a file (the message's `blob` holds its bytes, or the job its
    /// `rows`).
    Read(Box<ReadJob>),
    /// The helper the page started for the reader ([`FromReader::StartHelper`])
    /// failed as a worker (its script did not load, or it died): the reader
    /// does without it.
    HelperFailed {
        /// The reader's number for it.
        helper: u32,
    },
}

/// From the reader (or a helper reading a whole file) to the page, about
/// one job.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FromReader {
    /// The reader has begun this file (the one it reads, should it die).
    Started {
        /// The job.
        id: u32,
        /// Read whole by a helper of the reader, side by side with the
        /// reader's own file: should the reader die, not this file's doing
        /// (a helper that dies has its file read by the reader instead).
        #[serde(default)]
        lent: bool,
    },
    /// Bytes done of total.
    Progress {
        /// The job.
        id: u32,
        /// Bytes read.
        done: f64,
        /// Bytes in all.
        total: f64,
    },
    /// The file is read: the posted `result` is its `FinishedFile` as JSON
    /// bytes.
    Done {
        /// The job.
        id: u32,
    },
    /// The file could not be read.
    Failed {
        /// The job.
        id: u32,
        /// Why, as a value.
        failure: FileError,
    },
    /// Start a helper worker for the reader, and hand it the port beside
    /// (`port`: the other end is the reader's). The page starts the
    /// reader's helpers, not the reader: Firefox froze about one reader in
    /// ten that started a worker of its own.
    StartHelper {
        /// The reader's number for it.
        helper: u32,
    },
    /// The reader is done with this helper: stop its worker.
    StopHelper {
        /// The reader's number for it.
        helper: u32,
    },
}

/// From the reader to one of its helper workers.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ToHelper {
    /// Start on the compiled engine module beside (`module`), and warm up.
    Start {},
    /// Read bytes `from` to `to` of the file beside (`blob`), a later part of
    /// a large file, with the plan the reader settled; where the part does
    /// not end between two records, read on to the file's end.
    Part {
        /// The part's first byte (a line start).
        from: f64,
        /// The byte after the part (the next part's line start).
        to: f64,
        /// What the reader settled (columns, number and date styles).
        point: Box<ResumePoint>,
        /// The file's options.
        options: FileOptions,
        /// The exchange rates.
        rates: ExchangeRates,
    },
    /// Read a whole small file, as the reader would, beside the reader's
    /// own (its answers are the page's [`FromReader`], passed on).
    Whole(ReadJob),
}

/// From a helper worker to the reader, about its part.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FromHelper {
    /// Started and warmed up.
    Warm {},
    /// Bytes of its part read so far (every 16 MiB).
    Progress {
        /// Bytes read.
        done: f64,
    },
    /// The part is read: the posted `result` is its `FinishedFile` as JSON
    /// bytes.
    Done {
        /// Lines read, when the part ended between two records.
        lines: f64,
        /// The part did not end between two records, and the helper read on
        /// to the file's end (`lines` then means nothing).
        to_end: bool,
    },
    /// The part could not be read (the reader reads the file again alone).
    Failed {
        /// The error, in the engine's words.
        detail: String,
    },
}

/// Reads `text` as a message of `channel` (`to_reader`, `from_reader`,
/// `to_helper`, `from_helper`) and writes it again from the Rust value: the
/// check that what the JS side writes is what these types read, field for
/// field (`tests/protocol.rs`).
pub fn check(channel: &str, text: &str) -> Result<String, String> {
    fn again<T: Serialize + for<'de> Deserialize<'de>>(text: &str) -> Result<String, String> {
        let value: T = serde_json::from_str(text).map_err(|e| e.to_string())?;
        serde_json::to_string(&value).map_err(|e| e.to_string())
    }
    match channel {
        "to_reader" => again::<ToReader>(text),
        "from_reader" => again::<FromReader>(text),
        "to_helper" => again::<ToHelper>(text),
        "from_helper" => again::<FromHelper>(text),
        other => Err(format!("no channel {other}")),
    }
}
