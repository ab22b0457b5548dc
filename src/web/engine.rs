//! The engine module's side of reading files off the main thread (feature
//! `engine`: the module `static/worker.js` loads; the page's module does not
//! carry the reader).
//!
//! `static/worker.js` is a module worker that streams each file it is sent
//! into a [`FileIngest`] (a large file's later parts through helper workers',
//! joined at the end), posting progress. The result (a `FinishedFile`: the
//! file's account and its aggregated revenue, never its lines) returns as
//! JSON bytes. The page side is `super::worker`.

use wasm_bindgen::prelude::*;

use crate::domain::ingest::{ExchangeRates, FileError, FileOptions, FileReader, PartJoin, ResumePoint};

/// Worker side: one file read through the domain, fed chunk by chunk by
/// `static/worker.js` as the browser streams it.
#[wasm_bindgen(js_name = FileIngest)]
pub struct FileIngest {
    reader: Option<FileReader>,
    /// A large file read by several workers: the parts joined so far (this
    /// reader's first), in order.
    parts: Option<PartJoin>,
}

/// A value of the protocol (`src/protocol.rs`) from its JSON: the
/// worker hands on a value of a message as `JSON.stringify` writes it. JSON
/// rather than a JS object: the engine reads these types from JSON anyway,
/// and a second serde format for them (serde-wasm-bindgen) cost the module
/// 37 KB gzip.
fn value<T: serde::de::DeserializeOwned>(what: &str, json: &str) -> Result<T, JsError> {
    serde_json::from_str(json).map_err(|e| JsError::new(&format!("{what}: {e}")))
}

#[wasm_bindgen(js_class = FileIngest)]
impl FileIngest {
    /// A reader for file `name` with its `FileOptions` and `ExchangeRates`
    /// (the values of the page's `read` message, as JSON).
    #[wasm_bindgen(constructor)]
    pub fn new(name: &str, options: &str, rates: &str) -> Result<FileIngest, JsError> {
        let (options, rates): (FileOptions, ExchangeRates) = (value("file options", options)?, value("rates", rates)?);
        Ok(FileIngest { reader: Some(FileReader::new(name, options, rates)), parts: None })
    }

    /// Reads about 8 MB of the sample's invoice lines and drops the result,
    /// while the page waits for a file. V8 runs WebAssembly first from its
    /// baseline compiler and moves hot functions to its optimising one in
    /// the background: traced on a 262 MB file, that was 320 ms of compiling
    /// on the two cores the readers needed, with the readers on slower code
    /// meanwhile. Warmed up, the user's first file starts on optimised code
    /// (shared with the helper workers, which get the same compiled module).
    #[wasm_bindgen(js_name = warmUp)]
    pub fn warm_up() {
        let sample = crate::domain::sample::generate(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default());
        let csv = sample.invoice_csv.as_bytes();
        let body = csv.iter().position(|&b| b == b'\n').map_or(csv.len(), |at| at + 1);
        let mut reader = FileReader::new("warm-up.csv", FileOptions::default(), ExchangeRates::default());
        reader.feed(&csv[..body]);
        let mut fed = 0;
        while fed < 8 << 20 && body < csv.len() {
            reader.feed(&csv[body..]);
            fed += csv.len() - body;
        }
        let _ = serde_json::to_vec(&reader.finish());
    }

    /// What a file is, from its first bytes ([`crate::domain::ingest::file_kind`]:
    /// the one decision the CLI makes too): `"gzip"`, `"zip"` (a workbook or
    /// an archive, as its members tell: the workbook module reads it) or
    /// `"plain"`.
    pub fn kind(head: &[u8]) -> String {
        use crate::domain::ingest::FileKind;
        match crate::domain::ingest::file_kind(head) {
            FileKind::Gzip => "gzip",
            FileKind::Zip => "zip",
            FileKind::Plain => "plain",
        }
        .to_owned()
    }

    /// How many of a file's first bytes [`FileIngest::kind`] needs.
    #[wasm_bindgen(js_name = headBytes)]
    pub fn head_bytes() -> u32 {
        crate::domain::ingest::kind::HEAD_BYTES as u32
    }

    /// How many readers read a file of `size` bytes whose first bytes are
    /// `head`, with `cores` to read on (one below 64 MiB, or for anything
    /// but text; at most eight), as the CLI decides it.
    #[wasm_bindgen(js_name = readersFor)]
    pub fn readers_for(head: &[u8], size: f64, cores: u32) -> u32 {
        crate::domain::ingest::readers_for(crate::domain::ingest::file_kind(head), size as u64, cores)
    }

    /// From this size ([`crate::domain::ingest::PARALLEL_FROM`]) a file is
    /// read in parts; smaller files given together are read side by side.
    #[wasm_bindgen(js_name = parallelFrom)]
    pub fn parallel_from() -> f64 {
        crate::domain::ingest::PARALLEL_FROM as f64
    }

    /// The most readers of one file.
    #[wasm_bindgen(js_name = maxReaders)]
    pub fn max_readers() -> u32 {
        crate::domain::ingest::MAX_READERS
    }

    /// Where a file of `size` bytes read by `n` readers is cut (each then
    /// moved on to the next line start), as the CLI cuts it.
    #[wasm_bindgen(js_name = cutTargets)]
    pub fn cut_targets(size: f64, n: u32) -> Vec<f64> {
        crate::domain::ingest::cut_targets(size as u64, n).into_iter().map(|c| c as f64).collect()
    }

    /// The CSV scanner compiled into this module (`wasm-simd128` in every
    /// build of the app; see [`crate::domain::ingest::records::SCANNER`]).
    pub fn scanner() -> String {
        crate::domain::ingest::records::SCANNER.to_owned()
    }

    /// A reader for a later part of a file, from a line start, with what
    /// the first reader settled (the values of a helper's `part` message,
    /// as JSON).
    pub fn resume(options: &str, rates: &str, point: &str) -> Result<FileIngest, JsError> {
        let (options, rates): (FileOptions, ExchangeRates) = (value("file options", options)?, value("rates", rates)?);
        let point: ResumePoint = value("resume point", point)?;
        Ok(FileIngest { reader: Some(FileReader::resume(options, rates, point)), parts: None })
    }

    /// Once the file's plan is settled: what the readers of later parts need
    /// (its JSON, a value of a helper's `part` message), else `undefined`.
    #[wasm_bindgen(js_name = resumePoint)]
    pub fn resume_point(&self) -> Option<String> {
        self.reader.as_ref()?.resume_point().and_then(|p| serde_json::to_string(&p).ok())
    }

    /// Lines read, when everything fed so far ends between two records.
    pub fn boundary(&self) -> Option<f64> {
        self.reader.as_ref()?.boundary().map(|l| l as f64)
    }

    /// Joins the result of the next part's reader (`part`, a helper's
    /// `finish()`), in order: it ended between two records after `lines`
    /// lines, or read on to the file's end (`lines` undefined). The first
    /// call ends this reader's own part, which must have ended between two
    /// records ([`FileIngest::boundary`]). Returns whether a later part is
    /// still to be joined ([`PartJoin`], the CLI's joining too).
    #[wasm_bindgen(js_name = joinPart)]
    pub fn join_part(&mut self, part: &[u8], lines: Option<f64>) -> Result<bool, JsError> {
        let part = serde_json::from_slice(part).map_err(|e| JsError::new(&format!("a later part's reader: {e}")))?;
        let parts = match (self.parts.as_mut(), self.reader.take()) {
            (Some(parts), _) => parts,
            (None, Some(own)) => {
                let lines = own.boundary().ok_or_else(|| JsError::new("this reader's part did not end between two records"))?;
                let mut parts = PartJoin::default();
                parts.add(own.finish(), Some(lines));
                self.parts.insert(parts)
            }
            (None, None) => return Err(JsError::new("the file was finished already")),
        };
        Ok(parts.add(part, lines.map(|l| l as u64)))
    }

    /// A table handed over as values (`rows`, the first the header: a
    /// `read` job's `rows`, as JSON), fed row by row ([`FileReader::feed_row`]).
    #[wasm_bindgen(js_name = feedRows)]
    pub fn feed_rows(&mut self, rows: &str) -> Result<(), JsError> {
        let rows: Vec<Vec<String>> = value("rows", rows)?;
        if let Some(reader) = self.reader.as_mut() {
            for row in &rows {
                reader.feed_row(&row.iter().map(String::as_str).collect::<Vec<_>>());
            }
        }
        Ok(())
    }

    /// The next chunk of the file's bytes.
    pub fn feed(&mut self, chunk: &[u8]) {
        if let Some(reader) = self.reader.as_mut() {
            reader.feed(chunk);
        }
    }

    /// Why an archive member (`archive.zip/member`) is not read, if it is
    /// no data file, as a `FileError`'s JSON (as in the CLI).
    #[wasm_bindgen(js_name = skippedMember)]
    pub fn skipped_member(name: &str) -> Option<String> {
        crate::domain::ingest::skipped_archive_member(name).and_then(|e| serde_json::to_string(&e).ok())
    }

    /// Ends the file: its `FinishedFile` as JSON. For a workbook, worker.js
    /// fed the sheet as CSV and passes the sheet's name; `failure` is why the
    /// file could not be read whole, which its account carries, as natively:
    /// a `FileError` as the Rust side wrote it (the workbook module's thrown
    /// reason, `skippedMember`), handed on by worker.js unread.
    ///
    /// UTF-8 bytes rather than a string: posted to the page as a transferred
    /// buffer and parsed there from a copy into Wasm memory, where a string
    /// would be converted twice (a 0.5 MB result took 13 ms on the page).
    pub fn finish(&mut self, sheet: Option<String>, failure: Option<String>) -> Result<Vec<u8>, JsError> {
        let mut result = match (self.parts.take(), self.reader.take()) {
            (Some(parts), _) => parts.finish(),
            (None, reader) => reader.map(FileReader::finish),
        }
        .ok_or_else(|| JsError::new("the file was finished already"))?;
        if sheet.is_some() {
            result.account.sheet = sheet;
        }
        if let Some(failure) = failure {
            let failure = serde_json::from_slice(failure.as_bytes()).unwrap_or(FileError::ReaderFailed { detail: failure });
            result.account.fail(failure);
        }
        serde_json::to_vec(&result).map_err(|e| JsError::new(&e.to_string()))
    }
}
