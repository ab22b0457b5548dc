//! JSON lines (the Graph billing export's blobs) and JSON documents (its
//! manifest, an array of line items): each object's keys become columns.

use super::{Fields, FileReader, Stage};
use crate::domain::ingest::account::Rejection;
use crate::domain::ingest::document::{self, Found};
use crate::domain::ingest::error::{FileError, Reason};
use crate::domain::ingest::reader::sample::{time_to_look, SampleRow};
use crate::domain::ingest::{graph, jsonl, layout, records};

/// A JSON-lines file being read ([`jsonl`]): keys become columns in the
/// order met while sampling (later new keys are not needed by the plan).
#[derive(Default)]
pub(super) struct JsonLines {
    /// Column of each key, by its normalised name.
    columns: std::collections::HashMap<String, usize>,
    /// The header: each key as first written.
    keys: Vec<String>,
    /// The end of the text fed so far that is not a whole line yet.
    pending: Vec<u8>,
    /// Lines read so far.
    line: u64,
    /// The keys of the last line by position, as written, with their columns.
    last: Vec<(Box<[u8]>, Option<usize>)>,
    /// A line's key/value pairs and its values by column: allocated once,
    /// emptied between lines ([`recycle`]).
    pairs: Vec<(jsonl::Value<'static>, jsonl::Value<'static>)>,
    row: Vec<Option<jsonl::Value<'static>>>,
    /// A JSON document rather than JSON lines (its first line is not a
    /// whole object): its items read as they stream past ([`Stream`]).
    document: Option<Stream>,
    /// Set when a gathered document was no JSON document either: its lines
    /// are read as JSON lines, the broken first one rejected.
    lines_only: bool,
}

/// A JSON document being read. Its items are found as it streams
/// ([`document::Items`]) and read as lines from the first line item on, so a
/// document of any size takes the memory of one item. Until then its text is
/// kept, to be read whole at the end ([`graph::read_document`]): a manifest,
/// a list that is not line items, the legacy daily usage that has no money,
/// a document broken before its first line item, or JSON lines after all
/// (their first line broken): what today's small documents are.
pub(super) struct Stream {
    items: document::Items,
    /// The document's text so far, while no item is read as a line.
    kept: Option<Vec<u8>>,
    /// The items found while none was a line item (typed as daily usage, or
    /// as something other than a line item): read as lines should a line
    /// item follow.
    held: Vec<Vec<u8>>,
    /// Items are read as lines.
    streaming: bool,
    /// An item's text with its line breaks made spaces (a buffer reused).
    flat: Vec<u8>,
}

impl Stream {
    fn new() -> Self {
        Stream {
            items: document::Items::new(records::MAX_RECORD_BYTES),
            kept: Some(Vec::new()),
            held: Vec::new(),
            streaming: false,
            flat: Vec::new(),
        }
    }
}

/// Whether an item is one of the typed objects that are not priced line
/// items: the legacy daily usage (no money), or an object of another type (a
/// customer, a reseller). Looked at only before the first line item.
fn not_priced(item: &[u8]) -> bool {
    graph::object_type(item).is_some_and(|t| t == "DailyUsageLineItem" || !t.ends_with("LineItem"))
}

/// Whether a key and its value mark a JSON document's top rather than a
/// line item: the `items` (`Items`, `value`) list of a REST API page, or a
/// manifest's `blobs`.
fn document_key(key: &[u8], value: &[u8]) -> bool {
    (graph::ITEMS_KEYS.contains(&key) || matches!(key, b"blobs" | b"Blobs")) && value.first() == Some(&b'[')
}

/// An emptied vector of values borrowed from one line, as a vector for
/// the next line's: the same allocation (collecting in place), nothing
/// carried over. Saves two allocations per JSON line.
pub(super) fn recycle<T, U>(mut v: Vec<T>) -> Vec<U> {
    v.clear();
    v.into_iter().map(|_| unreachable!("the vector is empty")).collect()
}

/// The largest JSON document (not JSON lines) kept whole: one with no line
/// item (a larger one with line items streams).
const MAX_DOCUMENT_BYTES: usize = 64 << 20;

/// The most items held before the first line item (a larger document of
/// daily usage or of other objects is read item by item, each its line).
const MAX_HELD: usize = 100_000;

impl FileReader {
    /// Reads the whole lines of `text` (all of it when `last`).
    pub(super) fn feed_json(&mut self, text: &[u8], last: bool) {
        let Some(mut json) = self.json.take() else { return };
        let mut rest = text;
        loop {
            if let Some(mut stream) = json.document.take() {
                self.feed_document(&mut json, &mut stream, rest);
                json.document = Some(stream);
                break;
            }
            let end = jsonl::find2(rest, 0, b'\n', b'\n');
            let Some(end) = (end < rest.len()).then_some(end) else {
                json.pending.extend_from_slice(rest);
                if json.pending.len() > records::MAX_RECORD_BYTES {
                    json.line += 1;
                    json.pending.clear();
                    self.on_record_too_long(json.line);
                }
                if last && !json.pending.is_empty() {
                    let line = std::mem::take(&mut json.pending);
                    json.line += 1;
                    self.on_json_line(&mut json, &line);
                }
                break;
            };
            json.line += 1;
            if json.pending.is_empty() {
                self.on_json_line(&mut json, &rest[..end]);
            } else {
                json.pending.extend_from_slice(&rest[..end]);
                let line = std::mem::take(&mut json.pending);
                self.on_json_line(&mut json, &line);
            }
            rest = &rest[end + 1..];
            // A document gathers the rest (at the top of the loop).
        }
        if last {
            self.read_document(&mut json);
        }
        self.json = Some(json);
    }

    /// A JSON document, from its first line on.
    fn begin_document(&mut self, json: &mut JsonLines, first: &[u8]) {
        json.line = 0;
        let mut stream = Stream::new();
        self.feed_document(json, &mut stream, &[first, b"\n"].concat());
        json.document = Some(stream);
    }

    /// The next part of a JSON document: its items read as they come.
    fn feed_document(&mut self, json: &mut JsonLines, stream: &mut Stream, text: &[u8]) {
        if self.account.error.is_some() {
            return;
        }
        if let Some(kept) = stream.kept.as_mut() {
            if kept.len() + text.len() > MAX_DOCUMENT_BYTES {
                self.account.fail(FileError::DocumentTooLarge { limit_mb: (MAX_DOCUMENT_BYTES >> 20) as u32 });
                stream.kept = None;
                return;
            }
            kept.extend_from_slice(text);
        }
        let Stream { items, kept, held, streaming, flat } = stream;
        let mut refused = false;
        items.feed(text, &mut |found| {
            if refused {
                return;
            }
            match found {
                Found::Object(item) if !*streaming && held.len() < MAX_HELD && not_priced(item) => held.push(item.to_vec()),
                Found::Object(item) => {
                    if !*streaming {
                        *streaming = true;
                        *kept = None;
                        for item in std::mem::take(held) {
                            self.on_item(json, flat, &item);
                        }
                    }
                    self.on_item(json, flat, item);
                }
                Found::TooLong => {
                    json.line += 1;
                    self.on_record_too_long(json.line);
                }
                // Not line items: one message for the file (at the end, when
                // no item was read yet).
                Found::NotAnObject if *streaming => refused = true,
                Found::NotAnObject => {}
            }
        });
        if refused {
            self.refuse_document(FileError::NotLineItems);
        } else if let (true, Some(at)) = (*streaming, items.broken()) {
            self.refuse_document(FileError::BrokenDocument { line: at.line, column: at.column });
        }
    }

    /// A document refused as a whole: one message for the file, and none
    /// of its items counted, whether or not some were read already.
    fn refuse_document(&mut self, why: FileError) {
        self.forget_lines();
        self.account.fail(why);
    }

    /// One item of a document, read as a line.
    fn on_item(&mut self, json: &mut JsonLines, flat: &mut Vec<u8>, item: &[u8]) {
        flat.clear();
        flat.extend(item.iter().map(|&b| if b == b'\r' || b == b'\n' { b' ' } else { b }));
        json.line += 1;
        self.on_json_line(json, flat);
    }

    /// The end of a JSON document: complete, or one message for the file.
    pub(super) fn read_document(&mut self, json: &mut JsonLines) {
        let Some(mut stream) = json.document.take() else { return };
        if self.account.error.is_some() {
            return;
        }
        if stream.streaming {
            stream.items.end();
            if let Some(at) = stream.items.broken() {
                self.refuse_document(FileError::BrokenDocument { line: at.line, column: at.column });
            }
            return;
        }
        let Some(document) = stream.kept.take() else { return };
        match graph::read_document(&document) {
            Ok(graph::Document::Manifest(manifest)) => {
                self.stage = Stage::Waiting;
                self.account.manifest_blobs = Some(manifest.blobs().len() as u64);
                self.revenue.manifest = Some(manifest);
            }
            Ok(graph::Document::Objects(items)) => {
                json.line = 0;
                for item in items {
                    json.line += 1;
                    self.on_json_line(json, item.as_bytes());
                }
            }
            // One message for the file, not a rejection per text line.
            Ok(graph::Document::NoMoney(items)) => self.refuse_document(FileError::NoMoney { items }),
            Err(graph::DocumentError::Broken { line, column }) => self.refuse_document(FileError::BrokenDocument { line, column }),
            Err(graph::DocumentError::NotLineItems) => self.refuse_document(FileError::NotLineItems),
            // Not a document either: JSON lines whose first line is broken.
            // Every line is read (and that one rejected), none dropped.
            Err(graph::DocumentError::NotADocument) => {
                json.lines_only = true;
                json.line = 0;
                let document = document.strip_suffix(b"\n").unwrap_or(&document);
                for line in document.split(|&b| b == b'\n') {
                    json.line += 1;
                    self.on_json_line(json, line);
                }
            }
        }
    }

    /// One line of a JSON-lines file: an object's fields by column.
    pub(super) fn on_json_line(&mut self, json: &mut JsonLines, bytes: &[u8]) {
        // Scanned as bytes (every delimiter is ASCII); a value's text, and
        // its UTF-8 check, are made only where it is used.
        let mut pairs = recycle(std::mem::take(&mut json.pairs));
        if bytes.iter().all(u8::is_ascii_whitespace) {
            match &mut self.stage {
                Stage::Sampling { rows, .. } => rows.push(SampleRow::new(json.line, [""; 0])),
                Stage::Reading(_) => {
                    let field: &Fields<'_> = &|_| Some("");
                    self.read_fields(json.line, field, &|| true, &|| false)
                }
                _ => self.count_waiting(json.line, true),
            }
            return;
        }
        if let Err(e) = jsonl::object_fields(bytes, &mut pairs) {
            // A first line that is no whole object: a JSON document
            // (pretty-printed), read whole at the end.
            if json.line == 1 && !json.lines_only && json.document.is_none() && matches!(self.stage, Stage::Sampling { .. }) {
                self.begin_document(json, bytes);
                return;
            }
            self.account.lines_read += 1;
            let found = String::from_utf8_lossy(&bytes[..bytes.len().min(240)]);
            let r = Rejection::new(&self.account.file, json.line, layout::unnamed_column(1), Reason::NotJson { error: e }, &found);
            self.keep_rejected(&r);
            self.account.reject(r);
            return;
        }
        let sampling = matches!(self.stage, Stage::Sampling { .. });
        // A whole document on its first line (a compact REST API page, or a
        // manifest): read as a document, not as one line.
        if json.line == 1 && sampling && !json.lines_only && pairs.iter().any(|(k, v)| document_key(k.raw(), v.raw())) {
            json.pairs = recycle(pairs);
            self.begin_document(json, bytes);
            return;
        }
        let mut row = recycle(std::mem::take(&mut json.row));
        row.resize(json.keys.len(), None);
        for (i, &(key, value)) in pairs.iter().enumerate() {
            // Lines of one export spell their keys alike and in the same
            // order: the key at this position last time, compared as
            // written, saves normalising and hashing it on every line.
            let column = match json.last.get(i) {
                Some((last, column)) if jsonl::same(last, key.raw()) => *column,
                _ => {
                    let text = key.text();
                    let name = layout::normalise(&text);
                    let column = match json.columns.get(&name) {
                        Some(&c) => Some(c),
                        None if sampling => {
                            json.columns.insert(name, json.keys.len());
                            json.keys.push(text.into_owned());
                            row.push(None);
                            Some(json.keys.len() - 1)
                        }
                        None => None,
                    };
                    // While sampling a new key may still get a column.
                    if !sampling || column.is_some() {
                        let entry = (Box::from(key.raw()), column);
                        if i < json.last.len() {
                            json.last[i] = entry;
                        } else if i == json.last.len() {
                            json.last.push(entry);
                        }
                    }
                    column
                }
            };
            if let Some(column) = column.filter(|&c| row[c].is_none()) {
                row[column] = Some(value);
            }
        }
        match &mut self.stage {
            Stage::Sampling { header, rows, .. } => {
                *header = Some(json.keys.clone());
                rows.push(SampleRow::new(json.line, row.iter().map(|v| v.map(|v| v.text()).unwrap_or_default())));
                if time_to_look(rows.len()) && self.sample_decides() {
                    self.decide_and_replay();
                }
            }
            // A key missing from a line is an empty field, as `null` is.
            // Only the columns the plan reads get their text (unescaped).
            Stage::Reading(reading) => {
                let p = &reading.plan;
                let used = [
                    p.reseller.column(),
                    Some(p.date),
                    Some(p.amount),
                    p.currency,
                    p.pricing_currency,
                    p.pc_to_bc_rate,
                    p.pricing_amount,
                    p.kind,
                    p.invoice,
                    p.product,
                ];
                let texts: Vec<(usize, std::borrow::Cow<'_, str>)> =
                    used.into_iter().flatten().filter_map(|c| row.get(c).copied().flatten().map(|v| (c, v.text()))).collect();
                let blank = row.iter().all(|v| v.is_none_or(|v| v.is_empty()));
                let field: &Fields<'_> = &|i| Some(texts.iter().find(|(c, _)| *c == i).map_or("", |(_, t)| t.as_ref()));
                self.read_fields(json.line, field, &|| blank, &|| false)
            }
            _ => self.count_waiting(json.line, false),
        }
        // The buffers go back for the next line (their allocations kept).
        json.pairs = recycle(pairs);
        json.row = recycle(row);
    }
}
