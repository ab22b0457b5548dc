//! Reading a whole file or a stream of chunks, and the messages of the
//! adapters that open archives and compressed files for the reader.

use super::account::{ExchangeRates, FileOptions, FinishedFile};
use super::error::FileError;
use super::reader::FileReader;

/// How far reading a stream has got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Bytes read so far.
    pub done: u64,
    /// Bytes in all, when known.
    pub total: Option<u64>,
}

/// Reading was cancelled by the progress callback.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cancelled;

/// Reads a file chunk by chunk (memory stays bounded whatever its size),
/// calling `progress` after each chunk; the callback cancels by returning
/// `ControlFlow::Break`. A chunk that fails to arrive ends with its error.
pub fn read_stream<E>(
    name: &str,
    chunks: impl IntoIterator<Item = Result<Vec<u8>, E>>,
    total: Option<u64>,
    options: FileOptions,
    rates: &ExchangeRates,
    progress: &mut dyn FnMut(Progress) -> std::ops::ControlFlow<()>,
) -> Result<Result<FinishedFile, Cancelled>, E> {
    let mut reader = FileReader::new(name, options, rates.clone());
    let mut done = 0u64;
    for chunk in chunks {
        let chunk = chunk?;
        done += chunk.len() as u64;
        reader.feed(&chunk);
        if progress(Progress { done, total }).is_break() {
            return Ok(Err(Cancelled));
        }
    }
    Ok(Ok(reader.finish()))
}

/// Why a member of a ZIP archive (named `archive.zip/member`) is not read:
/// it is no data file the reader knows (a PDF, an image), by its name.
/// `None` for a data file, and for a name that is no archive member.
pub fn skipped_archive_member(name: &str) -> Option<FileError> {
    let lower = name.to_ascii_lowercase();
    let (_, member) = lower.split_once(".zip/")?;
    let member = member.trim_end_matches(".gz");
    let data = [".csv", ".tsv", ".txt", ".json", ".jsonl", ".ndjson", ".xlsx"].iter().any(|ext| member.ends_with(ext));
    (!data).then_some(FileError::NotADataFile)
}

/// Reads a whole file held in memory.
pub fn read_file(name: &str, bytes: &[u8], options: FileOptions, rates: &ExchangeRates) -> FinishedFile {
    let mut reader = FileReader::new(name, options, rates.clone());
    for chunk in bytes.chunks(1 << 20) {
        reader.feed(chunk);
    }
    reader.finish()
}

impl FinishedFile {
    /// A file that could not be read at all, with why (a damaged archive,
    /// an archive member that is no data file).
    pub fn failed(name: &str, why: FileError) -> FinishedFile {
        let mut result = FileReader::new(name, FileOptions::default(), ExchangeRates::default()).finish();
        result.account.fail(why);
        result
    }
}
