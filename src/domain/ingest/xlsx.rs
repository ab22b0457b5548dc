//! `.xlsx` workbooks: one sheet turned into the same records a CSV gives.
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
use calamine::{Data, Reader, Xlsx};

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

/// What a build without the workbook reader says about a workbook.
pub const NO_READER: &str = "an .xlsx workbook: read it with assessAsync(), which loads the workbook reader";

/// Without the `xlsx` feature: every workbook is an error (the web app
/// converts workbooks in its separate workbook module before this point).
#[cfg(not(feature = "xlsx"))]
pub fn sheet_as_csv(_bytes: &[u8], _wanted: Option<&str>) -> Result<SheetText, String> {
    Err(NO_READER.to_owned())
}

/// Reads sheet `wanted` (by name, or the first sheet) of a workbook.
#[cfg(feature = "xlsx")]
pub fn sheet_as_csv(bytes: &[u8], wanted: Option<&str>) -> Result<SheetText, String> {
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| format!("not a readable .xlsx workbook ({e})"))?;
    let names = workbook.sheet_names();
    let sheet = match wanted {
        Some(w) => names
            .iter()
            .find(|n| n.eq_ignore_ascii_case(w))
            .cloned()
            .ok_or_else(|| format!("the workbook has no sheet '{w}' (sheets: {})", names.join(", ")))?,
        None => names.first().cloned().ok_or_else(|| "the workbook has no sheet".to_owned())?,
    };
    let range = workbook.worksheet_range(&sheet).map_err(|e| format!("sheet '{sheet}' cannot be read ({e})"))?;
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
            Some(d) => d.date().format("%Y-%m-%d").to_string(),
            None => dt.as_f64().to_string(),
        },
        Data::Error(e) => format!("#{e:?}"),
    }
}

#[cfg(all(test, feature = "xlsx"))]
mod tests {
    use super::*;

    #[test]
    fn recognises_zip_archives() {
        assert!(looks_like_xlsx(b"PK\x03\x04rest"));
        assert!(!looks_like_xlsx(b"Reseller,Date"));
    }

    #[test]
    fn a_zip_that_is_no_workbook_is_an_error() {
        let err = sheet_as_csv(b"PK\x03\x04not really a zip", None).err().unwrap();
        assert!(err.starts_with("not a readable .xlsx workbook"), "{err}");
    }

    #[test]
    fn cells_render_exactly() {
        assert_eq!(cell_text(&Data::Float(76.01)), "76.01");
        assert_eq!(cell_text(&Data::Float(-12.5)), "-12.5");
        assert_eq!(cell_text(&Data::Int(4816859)), "4816859");
        assert_eq!(cell_text(&Data::Empty), "");
    }
}
