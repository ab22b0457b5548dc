//! The messages between the page and its background reader
//! (`static/worker.js`), described once, here.
//!
//! Each message is JSON text in the `message` property of what is posted:
//! an object whose one key is the variant, in snake case, holding the
//! variant's fields (`{"progress": {"id": 3, "done": 1024, "total": 4096}}`). The page writes [`ToReader`] and reads [`FromReader`] with
//! serde_json (the JSON reader the page has anyway: a second serde format
//! for these few messages cost 20 KB of the first load); `static/worker.js`
//! writes the same shapes (its comment points here). What JSON cannot carry
//! rides beside `message`: a `Read`'s `blob` (the `File`, structured-cloned)
//! and a `Done`'s `result` bytes (transferred, not copied).

use serde::{Deserialize, Serialize};

use crate::domain::ingest::FileError;

/// To the reader.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ToReader {
    /// Read a file (the message's `blob` holds its bytes).
    Read {
        /// The job: every answer about this file carries it.
        id: u32,
        /// The file's name, as shown.
        name: String,
        /// Its `FileOptions`, as JSON (handed on to the reader as they are).
        options: String,
        /// The `ExchangeRates` (rates), as JSON.
        rates: String,
        /// How many readers (the worker and its helpers) a large file may
        /// be read by at once: the page's `navigator.hardwareConcurrency`
        /// (the worker takes at least 2 where there are two cores, at most 8).
        #[serde(default)]
        readers: u32,
    },
}

/// From the reader, about one job.
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
}

impl FromReader {
    /// The job the message is about.
    pub fn id(&self) -> u32 {
        match self {
            FromReader::Started { id, .. } | FromReader::Progress { id, .. } | FromReader::Done { id } | FromReader::Failed { id, .. } => {
                *id
            }
        }
    }
}
