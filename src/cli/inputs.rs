//! What the command line reads: a path is a file (a `.gz` file too: the
//! reader inflates every gzip member itself), a `.zip` archive of data files (each
//! member accounted as a file of its own, named `archive.zip/member.csv`), or
//! a directory (a Graph export's folder of blobs with its `manifest.json`:
//! every file in it, sorted by name).
//!
//! Only the bytes come from here; every line goes through the domain's
//! [`FileReader`](crate::domain::ingest::FileReader), as in the browser.

use std::io::{BufReader, Read, Seek};
use std::ops::ControlFlow;
use std::path::Path;

use crate::domain::ingest::kind::HEAD_BYTES;
use crate::domain::ingest::xlsx::office_in;
use crate::domain::ingest::{cut_targets, file_kind, readers_for, FileKind};
use crate::domain::ingest::{
    join_parts, read_stream, skipped_archive_member, ExchangeRates, FileError, FileOptions, FileReader, FinishedFile,
};

use super::Failure;

/// How much is read (and decompressed) at a time.
const CHUNK: usize = 1 << 20;

/// Reads every file the `paths` stand for, side by side on every core (a
/// large file in parts too, see [`read_in_parts`]), in the order given: the
/// same result as one by one. The first path that cannot be read fails it.
pub fn read_paths<P: AsRef<str> + Sync>(paths: &[P], options: &FileOptions, rates: &ExchangeRates) -> Result<Vec<FinishedFile>, Failure> {
    use rayon::prelude::*;
    let read: Vec<Result<Vec<FinishedFile>, Failure>> = paths.par_iter().map(|p| read_path(p.as_ref(), options, rates)).collect();
    let mut results = Vec::new();
    for files in read {
        results.extend(files?);
    }
    Ok(results)
}

/// Reads every file `path` stands for.
pub fn read_path(path: &str, options: &FileOptions, rates: &ExchangeRates) -> Result<Vec<FinishedFile>, Failure> {
    let meta = std::fs::metadata(path).map_err(|e| unreadable(path, &e))?;
    if meta.is_dir() {
        let mut entries: Vec<std::path::PathBuf> = Vec::new();
        collect_files(Path::new(path), &mut entries).map_err(|e| unreadable(path, &e))?;
        if entries.is_empty() {
            return Err(Failure { message: format!("cannot read '{path}': the directory has no files to read"), code: 1 });
        }
        entries.sort();
        let entries: Vec<String> = entries.iter().map(|e| e.to_string_lossy().into_owned()).collect();
        return read_paths(&entries, options, rates);
    }
    read_file(path, options, rates)
}

/// Every file under `dir`, its subdirectories included (an export's blobs
/// may sit in one folder per partition).
fn collect_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

fn read_file(path: &str, options: &FileOptions, rates: &ExchangeRates) -> Result<Vec<FinishedFile>, Failure> {
    let mut file = std::fs::File::open(path).map_err(|e| unreadable(path, &e))?;
    let mut head = [0u8; HEAD_BYTES];
    let got = read_up_to(&mut file, &mut head).map_err(|e| unreadable(path, &e))?;
    file.rewind().map_err(|e| unreadable(path, &e))?;
    let kind = file_kind(&head[..got]);
    if kind == FileKind::Zip {
        // The ZIP directory is read once: an archive of data files, or an
        // office document (its members tell: domain::ingest::xlsx::office_in),
        // which the reader reads as a workbook or refuses as one.
        match zip::ZipArchive::new(BufReader::new(file)).map(|mut archive| (office_in(&mut archive), archive)) {
            Err(e) => return Ok(vec![FinishedFile::failed(path, FileError::DamagedArchive { detail: e.to_string() })]),
            Ok((None, archive)) => return read_zip(path, archive, options, rates),
            Ok((Some(_), workbook)) => {
                file = workbook.into_inner().into_inner();
                file.rewind().map_err(|e| unreadable(path, &e))?;
            }
        }
    }
    Ok(vec![read_plain(path, file, kind, options, rates)?])
}

fn read_up_to(reader: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match reader.read(&mut buf[got..])? {
            0 => break,
            n => got += n,
        }
    }
    Ok(got)
}

/// `reader` as chunks; the first read error ends them and is kept in `error`.
fn chunks<'r>(mut reader: impl Read + 'r, error: &'r mut Option<std::io::Error>) -> impl Iterator<Item = std::io::Result<Vec<u8>>> + 'r {
    std::iter::from_fn(move || {
        if error.is_some() {
            return None;
        }
        // Filled to the chunk's size (a decoder returns a little at a
        // time), into memory not zeroed first (that was 1% of reading).
        let mut buf = Vec::with_capacity(CHUNK);
        if let Err(e) = (&mut reader).take(CHUNK as u64).read_to_end(&mut buf) {
            *error = Some(e);
        }
        (!buf.is_empty()).then_some(Ok(buf))
    })
}

/// A file as it is: text, a workbook, or gzip data (which the reader
/// inflates itself, every member, one reader as its offsets are not known up
/// front); a large text file in parts.
fn read_plain(
    path: &str,
    file: std::fs::File,
    kind: FileKind,
    options: &FileOptions,
    rates: &ExchangeRates,
) -> Result<FinishedFile, Failure> {
    let size = file.metadata().ok().map(|m| m.len());
    if size.is_some_and(|s| readers_for(kind, s, threads()) > 1) {
        return read_in_parts(path, file, size.unwrap_or(0), options, rates);
    }
    let mut error = None;
    let result = read_all(path, chunks(file, &mut error), size, options, rates)?;
    match error {
        Some(e) => Err(unreadable(path, &e)),
        None => Ok(result),
    }
}

/// The threads the CLI reads on: its cores, as the domain's plan counts them.
fn threads() -> u32 {
    u32::try_from(rayon::current_num_threads()).unwrap_or(u32::MAX)
}

/// A large plain file read by every thread, each a part between two line
/// starts, as the browser's workers do: the first reader reads until its
/// plan is settled (columns, number and date styles), the others resume
/// with that plan at their part's start, and the parts are joined
/// ([`join_parts`]: a part that does not end between records is read again
/// by the reader before it). The same result as one reader.
fn read_in_parts(
    path: &str,
    mut file: std::fs::File,
    size: u64,
    options: &FileOptions,
    rates: &ExchangeRates,
) -> Result<FinishedFile, Failure> {
    let io = |e: std::io::Error| unreadable(path, &e);
    let mut first = FileReader::new(path, options.clone(), rates.clone());
    let mut buf = vec![0u8; CHUNK];
    let mut done = 0u64;
    // Up to the settled plan (a few thousand lines); without one (a question
    // to ask, a workbook, JSON lines, UTF-16) the file is read by one reader.
    let point = loop {
        let n = file.read(&mut buf).map_err(io)?;
        if n == 0 {
            return Ok(first.finish());
        }
        first.feed(&buf[..n]);
        done += n as u64;
        if let Some(point) = first.resume_point() {
            break point;
        }
        if done >= size / 4 {
            read_range(&mut file, done, size, &mut first).map_err(io)?;
            return Ok(first.finish());
        }
    };
    let mut starts = vec![done];
    for target in cut_targets(size, readers_for(FileKind::Plain, size, threads())) {
        let at = line_start_from(&mut file, target.max(done)).map_err(io)?;
        if at > *starts.last().unwrap_or(&0) && at < size {
            starts.push(at);
        }
    }
    starts.push(size);
    // Part 0 goes on with the first reader; part k starts a resumed reader.
    let ranges: Vec<(u64, u64)> = starts.windows(2).map(|w| (w[0], w[1])).collect();
    let read_part = |k: usize, reader: &mut FileReader| -> std::io::Result<()> {
        let mut f = std::fs::File::open(path)?;
        read_range(&mut f, ranges[k].0, ranges[k].1, reader)
    };
    let mut readers: Vec<FileReader> = Vec::with_capacity(ranges.len());
    readers.push(first);
    readers.extend((1..ranges.len()).map(|_| FileReader::resume(options.clone(), rates.clone(), point.clone())));
    use rayon::prelude::*;
    readers.par_iter_mut().enumerate().try_for_each(|(k, reader)| read_part(k, reader)).map_err(io)?;
    let mut readers = readers.into_iter();
    let first = readers.next().expect("the first reader");
    join_parts(first, readers.collect(), |k, reader| read_part(k, reader)).map_err(io)
}

/// Feeds bytes `from..to` of `file` to `reader`, a chunk at a time.
fn read_range(file: &mut std::fs::File, from: u64, to: u64, reader: &mut FileReader) -> std::io::Result<()> {
    file.seek(std::io::SeekFrom::Start(from))?;
    let mut limited = file.take(to - from);
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = limited.read(&mut buf)?;
        if n == 0 {
            return Ok(());
        }
        reader.feed(&buf[..n]);
    }
}

/// The first line start at or after `at` (just past a line feed), or the
/// end of the file.
fn line_start_from(file: &mut std::fs::File, at: u64) -> std::io::Result<u64> {
    file.seek(std::io::SeekFrom::Start(at))?;
    let mut buf = vec![0u8; 64 << 10];
    let mut pos = at;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok(pos);
        }
        if let Some(lf) = buf[..n].iter().position(|&b| b == b'\n') {
            return Ok(pos + lf as u64 + 1);
        }
        pos += n as u64;
    }
}

/// A `.zip` archive of data files: each member a file of its own. A member
/// that is no data file (a PDF, an image) is reported as skipped.
fn read_zip(
    path: &str,
    mut archive: zip::ZipArchive<BufReader<std::fs::File>>,
    options: &FileOptions,
    rates: &ExchangeRates,
) -> Result<Vec<FinishedFile>, Failure> {
    let mut results = Vec::new();
    for i in 0..archive.len() {
        let mut member = match archive.by_index(i) {
            Ok(m) => m,
            Err(e) => {
                results.push(FinishedFile::failed(
                    &format!("{path}/#{}", i + 1),
                    FileError::DamagedMember { member: format!("#{}", i + 1), detail: e.to_string() },
                ));
                continue;
            }
        };
        if member.is_dir() {
            continue;
        }
        let inner = member.name().map_or_else(|_| format!("#{}", i + 1), |n| n.into_owned());
        let name = format!("{path}/{inner}");
        if let Some(why) = skipped_archive_member(&name) {
            results.push(FinishedFile::failed(&name, why));
            continue;
        }
        // A gzip member (`part.csv.gz`) is inflated by the reader, as any
        // gzip file is.
        let mut error = None;
        let size = Some(member.size());
        let mut result = read_all(&name, chunks(&mut member, &mut error), size, options, rates)?;
        if let Some(e) = error {
            let lines = result.account.lines_read;
            result.account.fail(FileError::MemberBreak { lines, detail: e.to_string() });
        }
        results.push(result);
    }
    Ok(results)
}

fn read_all(
    name: &str,
    chunks: impl Iterator<Item = std::io::Result<Vec<u8>>>,
    size: Option<u64>,
    options: &FileOptions,
    rates: &ExchangeRates,
) -> Result<FinishedFile, Failure> {
    match read_stream(name, chunks, size, options.clone(), rates, &mut |_| ControlFlow::Continue(())) {
        Ok(Ok(result)) => Ok(result),
        Ok(Err(_cancelled)) => Err(Failure { message: format!("reading '{name}' was cancelled"), code: 1 }),
        Err(e) => Err(unreadable(name, &e)),
    }
}

pub(super) fn unreadable(path: &str, e: &std::io::Error) -> Failure {
    Failure { message: format!("cannot read '{path}': {e}"), code: 1 }
}
