//! Workbooks (`.xlsx`, and OpenDocument `.ods` as LibreOffice and Google
//! Sheets save them): one sheet turned into the same records a CSV gives.
//! Whether a ZIP archive is a workbook, another office document or an
//! archive of data files is decided here, once, from its members
//! ([`office_document`]), never from its name.
//!
//! Design note. A workbook is a ZIP archive, so it is read whole (`calamine`
//! needs random access), then the chosen sheet is written out as CSV text
//! and read by the same path as every other file: layouts, mapping, line
//! accounting and messages behave identically. Cells keep their sheet row
//! as the line number (rows above the used range become blank lines, and line
//! breaks inside a cell become spaces). Numbers are written with the shortest
//! decimal that reads back to the same binary value, so `76.01` stays `76.01`
//! (Excel itself stores numbers as binary doubles); date cells become ISO
//! dates.

#[cfg(feature = "xlsx")]
use std::io::Cursor;

#[cfg(feature = "xlsx")]
use calamine::{Data, Ods, Reader, Xlsx};

#[cfg(feature = "xlsx")]
use super::error::Container;
use super::error::FileError;

/// True when `bytes` start like a ZIP archive (an `.xlsx` file).
pub fn looks_like_xlsx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// A sheet rendered as CSV text.
pub struct SheetText {
    /// The sheet's name.
    pub sheet: String,
    /// The sheet's cells as CSV (comma, every field quoted).
    pub csv: Vec<u8>,
}

/// Without the `xlsx` feature: every workbook is an error (the web app
/// converts workbooks in its separate workbook module before this point).
#[cfg(not(feature = "xlsx"))]
pub fn sheet_as_csv(_bytes: &[u8], _wanted: Option<&str>) -> Result<SheetText, FileError> {
    Err(FileError::NoWorkbookReader)
}

/// What a web page reads of a workbook's sheets or an archive's members,
/// expanded: past it, the page's memory (a 32-bit Wasm heap, shared with
/// everything else) runs out, so the file is refused up front with what to
/// do instead. The command line has no such limit.
pub const PAGE_EXPANDED_LIMIT: u64 = 512 << 20;

/// The ZIP directory's uncompressed sizes of the members `wanted` selects,
/// summed, before anything is expanded.
#[cfg(feature = "xlsx")]
fn expanded_size(bytes: &[u8], wanted: impl Fn(&str) -> bool) -> Result<u64, FileError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    let mut total = 0u64;
    for i in 0..archive.len() {
        let member = archive.by_index_raw(i).map_err(damaged)?;
        if member.name().is_ok_and(|n| wanted(&n)) {
            total = total.saturating_add(member.size());
        }
    }
    Ok(total)
}

/// A ZIP archive the reader cannot open, in its words.
#[cfg(feature = "xlsx")]
fn damaged(e: zip::result::ZipError) -> FileError {
    FileError::DamagedArchive { detail: e.to_string() }
}

/// The members of a ZIP archive of data files, each with its name, in the
/// archive's order (folders left out); refused when they expand past `limit`.
#[cfg(feature = "xlsx")]
pub fn archive_members(bytes: &[u8], limit: Option<u64>) -> Result<Vec<(String, Vec<u8>)>, FileError> {
    use std::io::Read;
    if let Some(limit) = limit {
        let expanded = expanded_size(bytes, |_| true)?;
        if expanded > limit {
            return Err(FileError::too_large(Container::Archive, expanded, limit));
        }
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    let mut members = Vec::new();
    for i in 0..archive.len() {
        let mut member = archive.by_index(i).map_err(damaged)?;
        if member.is_dir() {
            continue;
        }
        let name = member.name().map_or_else(|_| format!("#{}", i + 1), |n| n.into_owned());
        let mut data = Vec::with_capacity(member.size().min(1 << 30) as usize);
        member.read_to_end(&mut data).map_err(|e| FileError::DamagedMember { member: name.clone(), detail: e.to_string() })?;
        members.push((name, data));
    }
    Ok(members)
}

/// An office document a ZIP archive holds, as its members tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Office {
    /// An Office Open XML workbook (`xl/workbook.xml`).
    Xlsx,
    /// An OpenDocument spreadsheet (`mimetype` says
    /// `application/vnd.oasis.opendocument.spreadsheet`).
    Ods,
    /// Another office document (a text or a presentation): no sheet to read.
    NotASpreadsheet,
}

/// MIME type an OpenDocument spreadsheet names in its `mimetype` member.
#[cfg(feature = "xlsx")]
const ODS_MIME: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

/// What office document the archive is, if it is one: from its members,
/// never its name. `None`: an archive of data files.
#[cfg(feature = "xlsx")]
pub fn office_in<R: std::io::Read + std::io::Seek>(archive: &mut zip::ZipArchive<R>) -> Option<Office> {
    use std::io::Read;
    if archive.index_for_name("xl/workbook.xml").is_some() {
        return Some(Office::Xlsx);
    }
    if let Ok(mut member) = archive.by_name("mimetype") {
        let mut mime = Vec::with_capacity(64);
        let _ = member.by_ref().take(128).read_to_end(&mut mime);
        if mime.starts_with(ODS_MIME) && !mime[ODS_MIME.len()..].starts_with(b"-") {
            return Some(Office::Ods);
        }
        if mime.starts_with(b"application/vnd.oasis.opendocument.") {
            return Some(Office::NotASpreadsheet);
        }
    }
    let office_open = archive.index_for_name("[Content_Types].xml").is_some();
    (office_open && archive.file_names().flatten().any(|n| n.starts_with("word/") || n.starts_with("ppt/")))
        .then_some(Office::NotASpreadsheet)
}

/// [`office_in`] of an archive's bytes (`None` too for bytes that are no
/// readable ZIP archive).
#[cfg(feature = "xlsx")]
pub fn office_document(bytes: &[u8]) -> Option<Office> {
    zip::ZipArchive::new(Cursor::new(bytes)).ok().as_mut().and_then(office_in)
}

/// True when a ZIP archive is an office document (a workbook, or another
/// that is refused as one): read as a sheet, never as an archive of files.
#[cfg(feature = "xlsx")]
pub fn is_workbook_archive(bytes: &[u8]) -> bool {
    office_document(bytes).is_some()
}

/// Reads sheet `wanted` (by name, or the first sheet) of a workbook.
#[cfg(feature = "xlsx")]
pub fn sheet_as_csv(bytes: &[u8], wanted: Option<&str>) -> Result<SheetText, FileError> {
    sheet_as_csv_within(bytes, wanted, None)
}

/// [`sheet_as_csv`], refused up front when the workbook's sheets and shared
/// strings expand past `limit` (a 5 MB workbook can hold a 1.5 GB sheet).
#[cfg(feature = "xlsx")]
pub fn sheet_as_csv_within(bytes: &[u8], wanted: Option<&str>, limit: Option<u64>) -> Result<SheetText, FileError> {
    let office = office_document(bytes);
    if let Some(limit) = limit {
        let expanded = expanded_size(bytes, |n| n.starts_with("xl/worksheets/") || n == "xl/sharedStrings.xml" || n == "content.xml")
            .map_err(|_| FileError::NotAWorkbook { detail: None })?;
        if expanded > limit {
            return Err(FileError::too_large(Container::Workbook, expanded, limit));
        }
    }
    let not_a_workbook = |e: &dyn std::fmt::Display| FileError::NotAWorkbook { detail: Some(e.to_string()) };
    match office {
        Some(Office::Ods) => read_sheet(Ods::new(Cursor::new(bytes)).map_err(|e| not_a_workbook(&e))?, wanted),
        Some(Office::NotASpreadsheet) => Err(FileError::NotAWorkbook { detail: Some("an office document that is no spreadsheet".into()) }),
        Some(Office::Xlsx) | None => read_sheet(Xlsx::new(Cursor::new(bytes)).map_err(|e| not_a_workbook(&e))?, wanted),
    }
}

/// Sheet `wanted` (or the first) of an open workbook, as CSV.
#[cfg(feature = "xlsx")]
fn read_sheet<RS, W>(mut workbook: W, wanted: Option<&str>) -> Result<SheetText, FileError>
where
    RS: std::io::Read + std::io::Seek,
    W: Reader<RS>,
    W::Error: std::fmt::Display,
{
    let names = workbook.sheet_names();
    let sheet = match wanted {
        Some(w) => names
            .iter()
            .find(|n| n.eq_ignore_ascii_case(w))
            .cloned()
            .ok_or_else(|| FileError::NoSuchSheet { sheet: Some(w.to_owned()), sheets: names.clone() })?,
        None => names.first().cloned().ok_or_else(|| FileError::NoSuchSheet { sheet: None, sheets: Vec::new() })?,
    };
    let range = workbook.worksheet_range(&sheet).map_err(|e| FileError::SheetUnreadable { sheet: sheet.clone(), detail: e.to_string() })?;
    let mut csv = Vec::new();
    if let Some((first_row, _)) = range.start() {
        // Keep sheet row numbers as line numbers.
        csv.extend(std::iter::repeat_n(b'\n', first_row as usize));
    }
    for row in range.rows() {
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                csv.push(b',');
            }
            let text = cell_text(cell);
            csv.push(b'"');
            for b in text.bytes() {
                match b {
                    b'"' => csv.extend_from_slice(b"\"\""),
                    b'\n' | b'\r' => csv.push(b' '),
                    _ => csv.push(b),
                }
            }
            csv.push(b'"');
        }
        csv.push(b'\n');
    }
    Ok(SheetText { sheet, csv })
}

#[cfg(feature = "xlsx")]
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        // Rust prints the shortest representation that round-trips.
        Data::Float(f) => format!("{f}"),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(d) => d.date().to_string(),
            None => dt.as_f64().to_string(),
        },
        Data::Error(e) => format!("#{e:?}"),
    }
}

#[cfg(all(test, feature = "xlsx"))]
mod tests {
    use super::*;

    /// What an archive is follows from its members, never its name.
    #[test]
    fn an_office_document_is_told_by_its_members() {
        use std::io::Write;
        let zip_of = |members: &[(&str, &[u8])]| {
            let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
            for (name, data) in members {
                z.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
                z.write_all(data).unwrap();
            }
            z.finish().unwrap().into_inner()
        };
        let ods = zip_of(&[("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", b"<x/>")]);
        let ods_template = zip_of(&[("mimetype", b"application/vnd.oasis.opendocument.spreadsheet-template")]);
        let odt = zip_of(&[("mimetype", b"application/vnd.oasis.opendocument.text"), ("content.xml", b"<x/>")]);
        let xlsx = zip_of(&[("[Content_Types].xml", b"<x/>"), ("xl/workbook.xml", b"<x/>")]);
        let docx = zip_of(&[("[Content_Types].xml", b"<x/>"), ("word/document.xml", b"<x/>")]);
        let data = zip_of(&[("jan.csv", b"a,b\n"), ("content.xml", b"<x/>")]);
        assert_eq!(office_document(&ods), Some(Office::Ods));
        assert_eq!(office_document(&ods_template), Some(Office::NotASpreadsheet));
        assert_eq!(office_document(&odt), Some(Office::NotASpreadsheet));
        assert_eq!(office_document(&xlsx), Some(Office::Xlsx));
        assert_eq!(office_document(&docx), Some(Office::NotASpreadsheet));
        assert_eq!(office_document(&data), None, "an archive of data files");
        assert_eq!(office_document(b"PK\x03\x04 not a zip"), None);
        assert!(matches!(sheet_as_csv(&odt, None), Err(FileError::NotAWorkbook { detail: Some(_) })));
    }

    #[test]
    fn recognises_zip_archives() {
        assert!(looks_like_xlsx(b"PK\x03\x04rest"));
        assert!(!looks_like_xlsx(b"Reseller,Date"));
    }

    #[test]
    fn a_zip_that_is_no_workbook_is_an_error() {
        let err = sheet_as_csv(b"PK\x03\x04not really a zip", None).err().unwrap();
        assert!(matches!(err, FileError::NotAWorkbook { .. }), "{err}");
    }

    #[test]
    fn a_workbook_or_archive_past_the_limit_is_refused_before_it_expands() {
        use std::io::Write;
        let mut bytes = Vec::new();
        {
            let mut z = zip::ZipWriter::new(std::io::Cursor::new(&mut bytes));
            let deflated = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
            z.start_file("xl/workbook.xml", deflated).unwrap();
            z.write_all(b"<workbook/>").unwrap();
            z.start_file("xl/worksheets/sheet1.xml", deflated).unwrap();
            z.write_all(&vec![b' '; 3 << 20]).unwrap();
            z.finish().unwrap();
        }
        assert!(bytes.len() < 100_000, "a small file that expands a lot");
        assert!(is_workbook_archive(&bytes));
        let err = sheet_as_csv_within(&bytes, None, Some(2 << 20)).err().unwrap();
        assert_eq!(err, FileError::TooLarge { what: Container::Workbook, expanded_mb: 3, limit_mb: 2 });
        assert!(
            err.to_string().starts_with("the workbook expands to 3 MB, more than the 2 MB this page can hold: save the sheet as CSV"),
            "{err}"
        );
        let err = archive_members(&bytes, Some(1 << 20)).err().unwrap();
        assert!(err.to_string().starts_with("the archive expands to 3 MB"), "{err}");
        let members = archive_members(&bytes, Some(4 << 20)).unwrap();
        assert_eq!(
            members.iter().map(|(n, d)| (n.as_str(), d.len())).collect::<Vec<_>>(),
            [("xl/workbook.xml", 11), ("xl/worksheets/sheet1.xml", 3 << 20)]
        );
    }

    #[test]
    fn cells_render_exactly() {
        assert_eq!(cell_text(&Data::Float(76.01)), "76.01");
        assert_eq!(cell_text(&Data::Float(-12.5)), "-12.5");
        assert_eq!(cell_text(&Data::Int(4816859)), "4816859");
        assert_eq!(cell_text(&Data::Empty), "");
    }
}
