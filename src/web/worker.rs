//! Reading files off the main thread: the page's side.
//!
//! `static/worker.js` is a module worker that loads the engine module
//! (feature `engine`, `super::engine`) and reads each file it is sent,
//! posting progress; the result (a `FinishedFile`: the file's account and
//! its aggregated revenue, never its lines) returns as JSON bytes.
//!
//! On the page, [`Analyser`] owns the worker and speaks to it in the
//! messages of [`crate::protocol`]. It also keeps each file's bytes (a
//! `Blob`: the user's `File`, or text pasted or generated) by the file's ID,
//! so that a file can be read again with other options; the app's state
//! (`crate::model`) knows files by ID only. Cancelling terminates it and starts a
//! fresh one (a worker busy in a synchronous loop cannot be interrupted
//! otherwise); files still waiting are sent again. A worker that dies is
//! restarted the same way, and the file it said it was reading itself is
//! reported (files lent to its helpers, read side by side, are sent again).
//! A worker that has not said a word [`SILENT_START_MS`] after its first
//! file was posted is taken for one that froze as it started (Firefox, now
//! and then, freezes a module worker as it starts its nested helper): it is
//! restarted, without a helper ahead of the first large file, up to
//! [`SILENT_STARTS`] times before the files waiting are reported.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::domain::ingest::{ExchangeRates, FileError, FileOptions, FinishedFile};
use crate::protocol::{FromReader, ReadJob, ToReader};

/// A file the user gave (picked, dropped, pasted, generated), before it has
/// an ID.
pub struct NewFile {
    /// File name.
    pub name: String,
    /// Size in bytes.
    pub size: f64,
    /// Its content.
    pub source: Source,
    /// How to read it (a one-tenant table's mapping; else the defaults).
    pub options: FileOptions,
}

/// What a file is read from.
#[derive(Clone)]
pub enum Source {
    /// Bytes: a file picked or dropped, text pasted or generated.
    Blob(web_sys::Blob),
    /// A table handed over as values, the first row its header (the own
    /// check's purchases, typed row by row): read as rows, never written
    /// out as text to be parsed again.
    Rows(Rc<Vec<Vec<String>>>),
}

impl NewFile {
    /// A file the user picked or dropped.
    pub fn from_file(name: String, file: web_sys::File) -> NewFile {
        NewFile { name, size: file.size(), source: Source::Blob(file.into()), options: FileOptions::default() }
    }

    /// Text pasted or generated, as a file named `name` (`None` where the
    /// browser cannot make a `Blob` of it).
    pub fn from_text(name: String, text: &str, options: FileOptions) -> Option<NewFile> {
        let parts = js_sys::Array::of1(&JsValue::from_str(text));
        let blob = web_sys::Blob::new_with_str_sequence(&parts).ok()?;
        Some(NewFile { name, size: blob.size(), source: Source::Blob(blob), options })
    }

    /// A table of values, its first row the header.
    pub fn from_rows(name: String, rows: Vec<Vec<String>>, options: FileOptions) -> NewFile {
        let size = rows.iter().flatten().map(|f| f.len() + 1).sum::<usize>() as f64;
        NewFile { name, size, source: Source::Rows(Rc::new(rows)), options }
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
    /// The bytes that ride beside the message (none for rows, which are in it).
    blob: Option<web_sys::Blob>,
    message: ToReader,
}

/// How long a new worker may stay silent after a file is posted to it before
/// it is taken for dead: it answers `Started` as soon as its module is
/// compiled (tens of milliseconds here, a second or two on a slow phone).
const SILENT_START_MS: u32 = 10_000;

/// Silent starts in a row after which the reader is taken for one that cannot
/// start (a freeze is rare, so three in a row is not one).
const SILENT_STARTS: u32 = 3;

/// The reader's name, and the name of one started again after a silent start
/// (`static/worker.js` then starts no helper before a large file needs one).
const READER: &str = "ttm-check-reader";
const READER_NO_SPARE: &str = "ttm-check-reader-no-spare";
/// The name of the reader's helpers (`static/worker.js` reads it).
const HELPER: &str = "ttm-check-helper";

/// A new module worker of `static/worker.js` named `name` (the reader, or
/// one of its helpers: the script tells them apart by the name).
fn module_worker(name: &str) -> Result<web_sys::Worker, JsValue> {
    let options = web_sys::WorkerOptions::new();
    options.set_type(web_sys::WorkerType::Module);
    options.set_name(name);
    web_sys::Worker::new_with_options("./worker.js", &options)
}

/// Posts `message` to the reader as the protocol has it: its JSON in
/// `message`, the file's bytes (if any) beside it in `blob`.
fn post_message(reader: &web_sys::Worker, message: &ToReader, blob: Option<&web_sys::Blob>) {
    let Ok(text) = serde_json::to_string(message) else { return };
    let msg = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&msg, &JsValue::from_str("message"), &JsValue::from_str(&text));
    if let Some(blob) = blob {
        let _ = js_sys::Reflect::set(&msg, &JsValue::from_str("blob"), blob);
    }
    let _ = reader.post_message(&msg);
}

/// A handler the worker calls (kept alive as long as the worker).
type Handler = Closure<dyn FnMut(web_sys::MessageEvent)>;

/// Page side: the worker, the jobs sent to it, and the callback for events.
pub struct Analyser {
    worker: RefCell<Option<web_sys::Worker>>,
    /// Every file's content, by the file's ID, until it is removed.
    sources: RefCell<BTreeMap<u32, Source>>,
    pending: RefCell<Vec<Job>>,
    /// The jobs the worker said it is reading itself (`Started`, not lent
    /// to a helper), until it answers.
    reading: RefCell<BTreeSet<u32>>,
    /// Crashes in a row with no file being read: the worker cannot start.
    crashes: Cell<u32>,
    /// The current worker has answered at least once.
    heard: Cell<bool>,
    /// Workers in a row that never answered.
    silent: Cell<u32>,
    /// Armed while a file waits on a worker that has not answered yet.
    watchdog: RefCell<Option<gloo::timers::callback::Timeout>>,
    on_event: Rc<dyn Fn(WorkerEvent)>,
    handlers: RefCell<Vec<Handler>>,
    /// The reader's helpers, started here at its request, by its number
    /// for each (with the handler of the helper's errors).
    helpers: RefCell<BTreeMap<u32, (web_sys::Worker, Handler)>>,
}

impl Analyser {
    /// An analyser that reports to `on_event`. The worker starts on first use.
    pub fn new(on_event: impl Fn(WorkerEvent) + 'static) -> Rc<Analyser> {
        Rc::new(Analyser {
            worker: RefCell::new(None),
            sources: RefCell::new(BTreeMap::new()),
            pending: RefCell::new(Vec::new()),
            reading: RefCell::new(BTreeSet::new()),
            crashes: Cell::new(0),
            heard: Cell::new(false),
            silent: Cell::new(0),
            watchdog: RefCell::new(None),
            on_event: Rc::new(on_event),
            handlers: RefCell::new(Vec::new()),
            helpers: RefCell::new(BTreeMap::new()),
        })
    }

    fn worker(self: &Rc<Self>) -> Result<web_sys::Worker, FileError> {
        if let Some(w) = self.worker.borrow().as_ref() {
            return Ok(w.clone());
        }
        let worker = module_worker(if self.silent.get() > 0 { READER_NO_SPARE } else { READER })
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
        self.heard.set(false);
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

    /// Keeps file `id`'s content, to be read (and read again) by [`Self::analyse`].
    pub fn keep(&self, id: u32, source: Source) {
        self.sources.borrow_mut().insert(id, source);
    }

    /// Lets go of file `id`'s content (the file was removed).
    pub fn forget(&self, id: u32) {
        self.sources.borrow_mut().remove(&id);
    }

    /// Lets go of every file's content.
    pub fn forget_all(&self) {
        self.sources.borrow_mut().clear();
    }

    /// Sends file `id` (kept before) to be read.
    pub fn analyse(self: &Rc<Self>, id: u32, name: &str, options: &FileOptions, rates: &ExchangeRates) {
        self.analyse_as(id, id, name, options, rates);
    }

    /// Sends file `file` (kept before) to be read as job `id` (the lines
    /// behind a figure read a file again, as a job of their own).
    pub fn analyse_as(self: &Rc<Self>, id: u32, file: u32, name: &str, options: &FileOptions, rates: &ExchangeRates) {
        let Some(source) = self.sources.borrow().get(&file).cloned() else {
            (self.on_event)(WorkerEvent::Failed {
                job: id,
                failure: FileError::BadAnswer { detail: "the file is no longer loaded".into() },
            });
            return;
        };
        let (blob, rows) = match source {
            Source::Blob(blob) => (Some(blob), None),
            Source::Rows(rows) => (None, Some((*rows).clone())),
        };
        let job = Job {
            id,
            blob,
            message: ToReader::Read(Box::new(ReadJob {
                id,
                name: name.to_owned(),
                options: options.clone(),
                rates: rates.clone(),
                readers: hardware_concurrency(),
                rows,
            })),
        };
        match self.worker() {
            Ok(worker) => {
                post_message(&worker, &job.message, job.blob.as_ref());
                self.pending.borrow_mut().push(job);
                self.watch();
            }
            Err(failure) => (self.on_event)(WorkerEvent::Failed { job: id, failure }),
        }
    }

    /// Arms the watchdog of a worker that has not answered yet.
    fn watch(self: &Rc<Self>) {
        if self.heard.get() || self.watchdog.borrow().is_some() {
            return;
        }
        let this = Rc::downgrade(self);
        let timeout = gloo::timers::callback::Timeout::new(SILENT_START_MS, move || {
            if let Some(this) = this.upgrade() {
                this.watchdog.borrow_mut().take();
                if !this.heard.get() && !this.pending.borrow().is_empty() {
                    this.restart_after_silence();
                }
            }
        });
        *self.watchdog.borrow_mut() = Some(timeout);
    }

    /// Stops reading file `id`; the other files waiting go on.
    pub fn cancel(self: &Rc<Self>, id: u32) {
        self.pending.borrow_mut().retain(|j| j.id != id);
        self.restart();
    }

    /// Stops the jobs `ids` (one restart for them all); the others go on.
    pub fn cancel_jobs(self: &Rc<Self>, ids: &[u32]) {
        self.pending.borrow_mut().retain(|j| !ids.contains(&j.id));
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
        self.stop_helpers();
        self.handlers.borrow_mut().clear();
        self.reading.borrow_mut().clear();
        self.watchdog.borrow_mut().take();
        let jobs: Vec<Job> = std::mem::take(&mut *self.pending.borrow_mut());
        if jobs.is_empty() {
            return;
        }
        match self.worker() {
            Ok(worker) => {
                for job in &jobs {
                    post_message(&worker, &job.message, job.blob.as_ref());
                }
                *self.pending.borrow_mut() = jobs;
                self.watch();
            }
            Err(failure) => {
                for job in jobs {
                    (self.on_event)(WorkerEvent::Failed { job: job.id, failure: failure.clone() });
                }
            }
        }
    }

    /// The worker died: the files it was reading (it said which) are
    /// reported, and the others are sent to a new worker. A worker that dies
    /// before it reads anything, twice in a row, cannot start: every file
    /// waiting is reported instead of a third try.
    fn restart_after_crash(self: &Rc<Self>) {
        let reading = std::mem::take(&mut *self.reading.borrow_mut());
        let failure = if !reading.is_empty() {
            self.crashes.set(0);
            self.pending.borrow_mut().retain(|j| !reading.contains(&j.id));
            Some((reading.into_iter().collect::<Vec<_>>(), FileError::ReaderStopped))
        } else if self.crashes.get() >= 1 {
            let ids = self.pending.borrow_mut().drain(..).map(|j| j.id).collect();
            Some((ids, FileError::ReaderNotStarted { detail: "the background reader stopped as it started".into() }))
        } else {
            self.crashes.set(self.crashes.get() + 1);
            None
        };
        if let Some((ids, failure)) = failure {
            for job in ids {
                (self.on_event)(WorkerEvent::Failed { job, failure: failure.clone() });
            }
        }
        self.restart();
    }

    /// The worker never answered: it is started again, without a helper
    /// ahead of time, and after [`SILENT_STARTS`] in a row every file waiting
    /// is reported instead.
    fn restart_after_silence(self: &Rc<Self>) {
        self.silent.set(self.silent.get() + 1);
        if self.silent.get() >= SILENT_STARTS {
            let failure = FileError::ReaderNotStarted { detail: "the background reader never answered".into() };
            let ids: Vec<u32> = self.pending.borrow_mut().drain(..).map(|j| j.id).collect();
            for job in ids {
                (self.on_event)(WorkerEvent::Failed { job, failure: failure.clone() });
            }
        }
        self.restart();
    }

    /// Starts a helper worker for the reader and hands it `port` (the other
    /// end is the reader's). Should it fail as a worker, the reader is told.
    fn start_helper(self: &Rc<Self>, helper: u32, port: JsValue) {
        let Ok(worker) = module_worker(HELPER) else {
            self.tell_helper_failed(helper);
            return;
        };
        let this = Rc::downgrade(self);
        let on_error = Handler::new(move |e: web_sys::MessageEvent| {
            e.prevent_default();
            if let Some(this) = this.upgrade() {
                this.stop_helper(helper);
                this.tell_helper_failed(helper);
            }
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let msg = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&msg, &JsValue::from_str("port"), &port);
        let _ = worker.post_message_with_transfer(&msg, &js_sys::Array::of1(&port));
        self.helpers.borrow_mut().insert(helper, (worker, on_error));
    }

    fn tell_helper_failed(&self, helper: u32) {
        if let Some(reader) = self.worker.borrow().as_ref() {
            post_message(reader, &ToReader::HelperFailed { helper }, None);
        }
    }

    fn stop_helper(&self, helper: u32) {
        if let Some((worker, _)) = self.helpers.borrow_mut().remove(&helper) {
            worker.terminate();
        }
    }

    /// Stops every helper (the reader they served is gone).
    fn stop_helpers(&self) {
        for (_, (worker, _)) in std::mem::take(&mut *self.helpers.borrow_mut()) {
            worker.terminate();
        }
    }

    fn on_message(self: &Rc<Self>, data: JsValue) {
        let get = |key: &str| js_sys::Reflect::get(&data, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
        self.heard.set(true);
        self.silent.set(0);
        self.watchdog.borrow_mut().take();
        let text = get("message").as_string().unwrap_or_default();
        let message = match serde_json::from_slice::<FromReader>(text.as_bytes()) {
            Ok(m) => m,
            Err(e) => {
                web_sys::console::warn_1(&JsValue::from_str(&format!("an unknown message from the reader: {e}")));
                return;
            }
        };
        if let FromReader::Done { id: job } | FromReader::Failed { id: job, .. } = message {
            self.pending.borrow_mut().retain(|j| j.id != job);
            self.reading.borrow_mut().remove(&job);
            self.crashes.set(0);
        }
        let event = match message {
            FromReader::StartHelper { helper } => return self.start_helper(helper, get("port")),
            FromReader::StopHelper { helper } => return self.stop_helper(helper),
            FromReader::Started { id, lent } => {
                if !lent {
                    self.reading.borrow_mut().insert(id);
                }
                return;
            }
            FromReader::Progress { id, done, total } => WorkerEvent::Progress { job: id, done, total },
            FromReader::Done { id } => {
                let t0 = super::now_ms();
                let parsed = serde_json::from_slice::<FinishedFile>(&bytes_of(&get("result")));
                super::diagnose("lastResultParseMs", (super::now_ms() - t0).into());
                match parsed {
                    Ok(result) => WorkerEvent::Done { job: id, result: Box::new(result) },
                    Err(e) => WorkerEvent::Failed { job: id, failure: FileError::BadAnswer { detail: e.to_string() } },
                }
            }
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
        self.stop_helpers();
    }
}

/// The bytes of a `Uint8Array` (empty for anything else).
fn bytes_of(value: &JsValue) -> Vec<u8> {
    value.dyn_ref::<js_sys::Uint8Array>().map(|a| a.to_vec()).unwrap_or_default()
}
