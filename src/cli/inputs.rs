//! What the command line reads: a path is a file, a `.gz` file (every gzip
//! member, decompressed as it is read), a `.zip` archive of data files (each
//! member accounted as a file of its own, named `archive.zip/member.csv`), or
//! a directory (a Graph export's folder of blobs with its `manifest.json`:
//! every file in it, sorted by name).
//!
//! Only the bytes come from here; every line goes through the domain's
//! [`FileReader`](crate::domain::ingest::FileReader), as in the browser.

use std::io::{BufReader, Read, Seek};
use std::ops::ControlFlow;
use std::path::Path;

use crate::domain::ingest::{read_stream, skipped_archive_member, FileError, FileOptions, FinishedFile, IngestOptions};

use super::Failure;

/// How much is read (and decompressed) at a time.
const CHUNK: usize = 1 << 20;

/// Reads every file `path` stands for.
pub fn read_path(path: &str, options: &FileOptions, rates: &IngestOptions) -> Result<Vec<FinishedFile>, Failure> {
    let meta = std::fs::metadata(path).map_err(|e| unreadable(path, &e))?;
    if meta.is_dir() {
        let mut entries: Vec<std::path::PathBuf> = Vec::new();
        collect_files(Path::new(path), &mut entries).map_err(|e| unreadable(path, &e))?;
        if entries.is_empty() {
            return Err(Failure { message: format!("cannot read '{path}': the directory has no files to read"), code: 1 });
        }
        entries.sort();
        let mut results = Vec::new();
        for entry in entries {
            let name = entry.to_string_lossy().into_owned();
            results.extend(read_file(&name, options, rates)?);
        }
        return Ok(results);
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

fn read_file(path: &str, options: &FileOptions, rates: &IngestOptions) -> Result<Vec<FinishedFile>, Failure> {
    let mut file = std::fs::File::open(path).map_err(|e| unreadable(path, &e))?;
    let mut magic = [0u8; 4];
    let got = read_up_to(&mut file, &mut magic).map_err(|e| unreadable(path, &e))?;
    let magic = &magic[..got];
    file.rewind().map_err(|e| unreadable(path, &e))?;
    if magic.starts_with(&[0x1f, 0x8b]) {
        return Ok(vec![read_gzip(path, file, options, rates)]);
    }
    if magic == b"PK\x03\x04" {
        // The ZIP directory is read once: an archive of data files, or an
        // `.xlsx` workbook (it has `xl/workbook.xml`), which the reader reads.
        match zip::ZipArchive::new(BufReader::new(file)) {
            Err(e) => return Ok(vec![FinishedFile::failed(path, FileError::DamagedArchive { detail: e.to_string() })]),
            Ok(archive) if archive.index_for_name("xl/workbook.xml").is_none() => return read_zip(path, archive, options, rates),
            Ok(workbook) => {
                file = workbook.into_inner().into_inner();
                file.rewind().map_err(|e| unreadable(path, &e))?;
            }
        }
    }
    Ok(vec![read_plain(path, file, options, rates)?])
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
        let mut buf = vec![0u8; CHUNK];
        let mut got = 0;
        // Fill the chunk (a decoder returns a little at a time).
        while got < CHUNK {
            match reader.read(&mut buf[got..]) {
                Ok(0) => break,
                Ok(n) => got += n,
                Err(e) => {
                    *error = Some(e);
                    break;
                }
            }
        }
        buf.truncate(got);
        (got > 0).then_some(Ok(buf))
    })
}

fn read_plain(path: &str, file: std::fs::File, options: &FileOptions, rates: &IngestOptions) -> Result<FinishedFile, Failure> {
    let size = file.metadata().ok().map(|m| m.len());
    let mut error = None;
    let result = read_all(path, chunks(file, &mut error), size, options, rates)?;
    match error {
        Some(e) => Err(unreadable(path, &e)),
        None => Ok(result),
    }
}

/// A `.gz` file: every member of it (Partner Center writes several), read as
/// it is decompressed. A corrupt or truncated stream is this file's error;
/// the lines before the break are counted, and the message says how many.
fn read_gzip(path: &str, file: std::fs::File, options: &FileOptions, rates: &IngestOptions) -> FinishedFile {
    let decoder = flate2::read::MultiGzDecoder::new(BufReader::with_capacity(CHUNK, file));
    let mut error = None;
    let mut result = match read_all(path, chunks(decoder, &mut error), None, options, rates) {
        Ok(result) => result,
        Err(f) => return FinishedFile::failed(path, FileError::Unreadable { detail: Some(f.message) }),
    };
    if let Some(e) = error {
        let r = &mut result.report;
        let ends_early = e.kind() == std::io::ErrorKind::UnexpectedEof;
        r.fail(FileError::GzipBreak { lines: r.lines_read, ends_early, detail: e.to_string() });
    }
    result
}

/// A `.zip` archive of data files: each member a file of its own. A member
/// that is no data file (a PDF, an image) is reported as skipped.
fn read_zip(
    path: &str,
    mut archive: zip::ZipArchive<BufReader<std::fs::File>>,
    options: &FileOptions,
    rates: &IngestOptions,
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
        let mut error = None;
        let compressed = inner.to_ascii_lowercase().ends_with(".gz");
        let mut result = if compressed {
            let decoder = flate2::read::MultiGzDecoder::new(&mut member);
            read_all(&name, chunks(decoder, &mut error), None, options, rates)?
        } else {
            let size = Some(member.size());
            read_all(&name, chunks(&mut member, &mut error), size, options, rates)?
        };
        if let Some(e) = error {
            result.report.error =
                Some(format!("the archive member breaks off after {} lines ({e}): the lines read are counted", result.report.lines_read));
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
    rates: &IngestOptions,
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
