//! Reading files off the main thread.
//!
//! `static/worker.js` is a module worker that loads this same Wasm module and
//! streams each file it is sent into a [`FileIngest`] (a large file's second
//! half through a helper worker's, joined at the end), posting progress. The
//! result (a `FinishedFile`: the file's account and its aggregated revenue,
//! never its lines) returns as JSON bytes.
//!
//! On the page, [`Analyser`] owns the worker and speaks to it in the
//! messages of [`super::protocol`]. Cancelling terminates it and starts a
//! fresh one (a worker busy in a synchronous loop cannot be interrupted
//! otherwise); files still waiting are sent again. A worker that dies is
//! restarted the same way, and the file it said it was reading is reported.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::protocol::{FromReader, ToReader};
use crate::domain::ingest::{FileError, FileOptions, FileReader, FinishedFile, IngestOptions};

/// Worker side: one file read through the domain, fed chunk by chunk by
/// `static/worker.js` as the browser streams it.
#[wasm_bindgen(js_name = FileIngest)]
pub struct FileIngest {
    reader: Option<FileReader>,
    /// The results of the readers of the file's later parts, in order, each
    /// with the lines before it (a large file read by several workers).
    later: Vec<(FinishedFile, u64)>,
}

#[wasm_bindgen(js_class = FileIngest)]
impl FileIngest {
    /// A reader for file `name` with its options and the rates (JSON).
    #[wasm_bindgen(constructor)]
    pub fn new(name: &str, options_json: &str, rates_json: &str) -> Result<FileIngest, JsError> {
        let (options, rates) = parse_options(options_json, rates_json)?;
        Ok(FileIngest { reader: Some(FileReader::new(name, options, rates)), later: Vec::new() })
    }

    /// Reads about 8 MB of the sample's invoice lines and drops the result,
    /// while the page waits for a file. V8 runs WebAssembly first from its
    /// baseline compiler and moves hot functions to its optimising one in
    /// the background: traced on a 262 MB file, that was 320 ms of compiling
    /// on the two cores the readers needed, with the readers on slower code
    /// meanwhile. Warmed up, the user's first file starts on optimised code
    /// (shared with the helper worker, which gets the same compiled module).
    #[wasm_bindgen(js_name = warmUp)]
    pub fn warm_up() {
        let sample = crate::domain::sample::generate(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default());
        let csv = sample.invoice_csv.as_bytes();
        let body = csv.iter().position(|&b| b == b'\n').map_or(csv.len(), |at| at + 1);
        let mut reader = FileReader::new("warm-up.csv", FileOptions::default(), IngestOptions::default());
        reader.feed(&csv[..body]);
        let mut fed = 0;
        while fed < 8 << 20 && body < csv.len() {
            reader.feed(&csv[body..]);
            fed += csv.len() - body;
        }
        let _ = serde_json::to_vec(&reader.finish());
    }

    /// The CSV scanner compiled into this module (`wasm-simd128` in every
    /// build of the app; see [`crate::domain::ingest::records::SCANNER`]).
    pub fn scanner() -> String {
        crate::domain::ingest::records::SCANNER.to_owned()
    }

    /// A reader for the end of a file, from a line start, with what the
    /// first reader settled (`resumePoint()`'s JSON).
    pub fn resume(options_json: &str, rates_json: &str, point_json: &str) -> Result<FileIngest, JsError> {
        let (options, rates) = parse_options(options_json, rates_json)?;
        let point = serde_json::from_slice(point_json.as_bytes()).map_err(|e| JsError::new(&format!("resume point: {e}")))?;
        Ok(FileIngest { reader: Some(FileReader::resume(options, rates, point)), later: Vec::new() })
    }

    /// Once the file's plan is settled: what a second reader needs (JSON).
    #[wasm_bindgen(js_name = resumePoint)]
    pub fn resume_point(&self) -> Option<String> {
        self.reader.as_ref()?.resume_point().and_then(|p| serde_json::to_string(&p).ok())
    }

    /// Lines read, when everything fed so far ends between two records.
    pub fn boundary(&self) -> Option<f64> {
        self.reader.as_ref()?.boundary().map(|l| l as f64)
    }

    /// Joins, at `finish`, the result of the reader of the next part
    /// (`later_json`, its `finish()`), whose lines start after `lines` lines
    /// of the file (this reader's `boundary()` plus the lines of the parts
    /// joined before). Called once per later part, in order.
    pub fn join(&mut self, later_json: &[u8], lines: f64) -> Result<(), JsError> {
        let later: FinishedFile = serde_json::from_slice(later_json).map_err(|e| JsError::new(&format!("a later part's reader: {e}")))?;
        self.later.push((later, lines as u64));
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

    /// The failure of gzip data that stopped early (`ends_early`) or are
    /// corrupt, with the lines read so far, as a `FileError`'s JSON.
    #[wasm_bindgen(js_name = gzipBreak)]
    pub fn gzip_break(&self, ends_early: bool, detail: &str) -> String {
        let lines = self.reader.as_ref().map_or(0, |r| r.report().lines_read);
        serde_json::to_string(&FileError::GzipBreak { lines, ends_early, detail: detail.to_owned() }).unwrap_or_default()
    }

    /// Ends the file: its `FinishedFile` as JSON. For a workbook, worker.js
    /// fed the sheet as CSV and passes the sheet's name; `failure` (a
    /// `FileError`'s JSON) is why the file could not be read whole (the
    /// workbook module's reason, a gzip break), which its account carries,
    /// as natively.
    ///
    /// UTF-8 bytes rather than a string: posted to the page as a transferred
    /// buffer and parsed there from a copy into Wasm memory, where a string
    /// would be converted twice (a 0.5 MB result took 13 ms on the page).
    pub fn finish(&mut self, sheet: Option<String>, failure: Option<String>) -> Result<Vec<u8>, JsError> {
        let mut result = self.reader.take().ok_or_else(|| JsError::new("the file was finished already"))?.finish();
        for (later, lines) in std::mem::take(&mut self.later) {
            result.append(later, lines);
        }
        if sheet.is_some() {
            result.report.sheet = sheet;
        }
        if let Some(failure) = failure {
            let failure = serde_json::from_slice(failure.as_bytes()).unwrap_or(FileError::ReaderFailed { detail: failure });
            result.report.fail(failure);
        }
        serde_json::to_vec(&result).map_err(|e| JsError::new(&e.to_string()))
    }
}

/// The page's `navigator.hardwareConcurrency` (1 where it is not known).
fn hardware_concurrency() -> u32 {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("navigator"))
        .and_then(|n| js_sys::Reflect::get(&n, &JsValue::from_str("hardwareConcurrency")))
        .ok()
        .and_then(|v| v.as_f64())
        .map_or(1, |n| n.clamp(1.0, 256.0) as u32)
}

/// A file's options and the rates, from their JSON.
fn parse_options(options_json: &str, rates_json: &str) -> Result<(FileOptions, IngestOptions), JsError> {
    let options = serde_json::from_str(options_json).map_err(|e| JsError::new(&format!("file options: {e}")))?;
    let rates = serde_json::from_str(rates_json).map_err(|e| JsError::new(&format!("rates: {e}")))?;
    Ok((options, rates))
}

/// What the worker reports about one job.
#[derive(Debug)]
pub enum WorkerEvent {
    /// Bytes done of total.
    Progress { job: u32, done: f64, total: f64 },
    /// The file is read.
    Done { job: u32, result: Box<FinishedFile> },
    /// The file could not be read.
    Failed { job: u32, failure: FileError },
}

struct Job {
    id: u32,
    blob: web_sys::Blob,
    message: ToReader,
}

/// A handler the worker calls (kept alive as long as the worker).
type Handler = Closure<dyn FnMut(web_sys::MessageEvent)>;

/// Page side: the worker, the jobs sent to it, and the callback for events.
pub struct Analyser {
    worker: RefCell<Option<web_sys::Worker>>,
    pending: RefCell<Vec<Job>>,
    /// The job the worker said it is reading (`Started`), until it answers.
    reading: Cell<Option<u32>>,
    /// Crashes in a row with no file being read: the worker cannot start.
    crashes: Cell<u32>,
    on_event: Rc<dyn Fn(WorkerEvent)>,
    handlers: RefCell<Vec<Handler>>,
}

impl Analyser {
    /// An analyser that reports to `on_event`. The worker starts on first use.
    pub fn new(on_event: impl Fn(WorkerEvent) + 'static) -> Rc<Analyser> {
        Rc::new(Analyser {
            worker: RefCell::new(None),
            pending: RefCell::new(Vec::new()),
            reading: Cell::new(None),
            crashes: Cell::new(0),
            on_event: Rc::new(on_event),
            handlers: RefCell::new(Vec::new()),
        })
    }

    fn worker(self: &Rc<Self>) -> Result<web_sys::Worker, FileError> {
        if let Some(w) = self.worker.borrow().as_ref() {
            return Ok(w.clone());
        }
        let options = web_sys::WorkerOptions::new();
        options.set_type(web_sys::WorkerType::Module);
        let worker = web_sys::Worker::new_with_options("./worker.js", &options)
            .map_err(|e| FileError::ReaderNotStarted { detail: format!("{e:?}") })?;
        let this = Rc::downgrade(self);
        let on_message = Handler::new(move |e: web_sys::MessageEvent| {
            if let Some(this) = this.upgrade() {
                this.on_message(e.data());
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        let this = Rc::downgrade(self);
        let on_error = Handler::new(move |e: web_sys::MessageEvent| {
            e.prevent_default();
            if let Some(this) = this.upgrade() {
                this.restart_after_crash();
            }
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        self.handlers.borrow_mut().extend([on_message, on_error]);
        *self.worker.borrow_mut() = Some(worker.clone());
        Ok(worker)
    }

    /// Starts the worker ahead of the first file, so its module is compiled
    /// by the time the user drops one.
    pub fn warm_up(self: &Rc<Self>) {
        if let Err(e) = self.worker() {
            web_sys::console::warn_1(&JsValue::from_str(&e.to_string()));
        }
    }

    /// Sends a file to be read.
    pub fn analyse(self: &Rc<Self>, id: u32, blob: web_sys::Blob, name: &str, options: &FileOptions, rates: &IngestOptions) {
        let job = Job {
            id,
            blob,
            message: ToReader::Read {
                id,
                name: name.to_owned(),
                options: serde_json::to_string(options).unwrap_or_else(|_| "{}".into()),
                rates: serde_json::to_string(rates).unwrap_or_else(|_| "{}".into()),
                readers: hardware_concurrency(),
            },
        };
        match self.worker() {
            Ok(worker) => {
                self.post(&worker, &job);
                self.pending.borrow_mut().push(job);
            }
            Err(failure) => (self.on_event)(WorkerEvent::Failed { job: id, failure }),
        }
    }

    fn post(&self, worker: &web_sys::Worker, job: &Job) {
        let Ok(text) = serde_json::to_string(&job.message) else { return };
        let msg = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&msg, &JsValue::from_str("message"), &JsValue::from_str(&text));
        let _ = js_sys::Reflect::set(&msg, &JsValue::from_str("blob"), &job.blob);
        let _ = worker.post_message(&msg);
    }

    /// Stops reading file `id`; the other files waiting go on.
    pub fn cancel(self: &Rc<Self>, id: u32) {
        self.pending.borrow_mut().retain(|j| j.id != id);
        self.restart();
    }

    /// Stops every job.
    pub fn cancel_all(self: &Rc<Self>) {
        self.pending.borrow_mut().clear();
        self.restart();
    }

    fn restart(self: &Rc<Self>) {
        if let Some(w) = self.worker.borrow_mut().take() {
            w.terminate();
        }
        self.handlers.borrow_mut().clear();
        self.reading.set(None);
        let jobs: Vec<Job> = std::mem::take(&mut *self.pending.borrow_mut());
        if jobs.is_empty() {
            return;
        }
        match self.worker() {
            Ok(worker) => {
                for job in &jobs {
                    self.post(&worker, job);
                }
                *self.pending.borrow_mut() = jobs;
            }
            Err(failure) => {
                for job in jobs {
                    (self.on_event)(WorkerEvent::Failed { job: job.id, failure: failure.clone() });
                }
            }
        }
    }

    /// The worker died: the file it was reading (it said which) is
    /// reported, and the others are sent to a new worker. A worker that dies
    /// before it reads anything, twice in a row, cannot start: every file
    /// waiting is reported instead of a third try.
    fn restart_after_crash(self: &Rc<Self>) {
        let failure = match self.reading.take() {
            Some(id) => {
                self.crashes.set(0);
                self.pending.borrow_mut().retain(|j| j.id != id);
                Some((vec![id], FileError::ReaderStopped))
            }
            None if self.crashes.get() >= 1 => {
                let ids = self.pending.borrow_mut().drain(..).map(|j| j.id).collect();
                Some((ids, FileError::ReaderNotStarted { detail: "the background reader stopped as it started".into() }))
            }
            None => {
                self.crashes.set(self.crashes.get() + 1);
                None
            }
        };
        if let Some((ids, failure)) = failure {
            for job in ids {
                (self.on_event)(WorkerEvent::Failed { job, failure: failure.clone() });
            }
        }
        self.restart();
    }

    fn on_message(self: &Rc<Self>, data: JsValue) {
        let get = |key: &str| js_sys::Reflect::get(&data, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
        let text = get("message").as_string().unwrap_or_default();
        let message = match serde_json::from_slice::<FromReader>(text.as_bytes()) {
            Ok(m) => m,
            Err(e) => {
                web_sys::console::warn_1(&JsValue::from_str(&format!("an unknown message from the reader: {e}")));
                return;
            }
        };
        let job = message.id();
        if matches!(message, FromReader::Done { .. } | FromReader::Failed { .. }) {
            self.pending.borrow_mut().retain(|j| j.id != job);
            self.reading.set(None);
            self.crashes.set(0);
        }
        let event = match message {
            FromReader::Started { id } => {
                self.reading.set(Some(id));
                return;
            }
            FromReader::Progress { id, done, total } => WorkerEvent::Progress { job: id, done, total },
            FromReader::Done { id } => match serde_json::from_slice::<FinishedFile>(&bytes_of(&get("result"))) {
                Ok(result) => WorkerEvent::Done { job: id, result: Box::new(result) },
                Err(e) => WorkerEvent::Failed { job: id, failure: FileError::BadAnswer { detail: e.to_string() } },
            },
            FromReader::Failed { id, failure } => WorkerEvent::Failed { job: id, failure },
        };
        (self.on_event)(event);
    }
}

impl Drop for Analyser {
    fn drop(&mut self) {
        if let Some(w) = self.worker.borrow_mut().take() {
            w.terminate();
        }
    }
}

/// The bytes of a `Uint8Array` (empty for anything else).
fn bytes_of(value: &JsValue) -> Vec<u8> {
    value.dyn_ref::<js_sys::Uint8Array>().map(|a| a.to_vec()).unwrap_or_default()
}
