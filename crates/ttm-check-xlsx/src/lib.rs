//! TTM Check's workbook module: `.xlsx` in and out.
//!
//! A second, small Wasm module beside the app's: the web app loads it only
//! when a workbook is read or an `.xlsx` export is asked for, so the first
//! screen does not carry a ZIP and XML reader and writer. Natively it is a
//! plain library (the CLI reads workbooks through `ttm-check`'s `xlsx`
//! feature directly).
//!
//! - [`sheet_csv`]: one sheet of a workbook as the CSV text the domain reads
//!   (`ttm_check::domain::ingest::xlsx`), sheet rows kept as line numbers.
//! - [`write_xlsx`]: an export [`Sheet`] as a workbook: money as numbers with
//!   two decimals, dates as dates, counts as integers, text neutralised
//!   against formula injection like the CSV export.

use chrono::Datelike;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, XlsxError};
use ttm_check::domain::export::{neutralise, Cell, Sheet};

pub use ttm_check::domain::ingest::xlsx::{sheet_as_csv, SheetText};

/// Excel's sheet names: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(name: &str) -> String {
    let clean: String = name.chars().map(|c| if "[]:*?/\\".contains(c) { '-' } else { c }).take(31).collect();
    if clean.trim().is_empty() {
        "Sheet1".to_owned()
    } else {
        clean
    }
}

fn excel_date(d: chrono::NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

/// Writes `sheet` as an `.xlsx` workbook.
///
/// Money cells are numbers (Excel stores every number as a binary double;
/// an amount in cents below 2^53 reads back as the same two-decimal value),
/// shown as `#,##0.00`; dates are date cells shown as `yyyy-mm-dd`, months
/// as `yyyy-mm`; text that a spreadsheet would run as a formula gets a
/// leading `'`, as in the CSV export.
pub fn write_xlsx(sheet: &Sheet) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let header = Format::new().set_bold().set_align(FormatAlign::Left);
    let money = Format::new().set_num_format("#,##0.00");
    let exact = Format::new().set_num_format("#,##0.00##########");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let month = Format::new().set_num_format("yyyy-mm");
    let ws = workbook.add_worksheet();
    ws.set_name(sheet_name(&sheet.name))?;
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = r as u32;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(t) if r == 0 => {
                    ws.write_string_with_format(r, c, neutralise(t).as_ref(), &header)?;
                }
                Cell::Text(t) => {
                    ws.write_string(r, c, neutralise(t).as_ref())?;
                }
                Cell::Money(Some(m)) => {
                    ws.write_number_with_format(r, c, m.to_f64(), &money)?;
                }
                // A line's exact amount: a number shown with its decimals
                // (Excel's double keeps some 15 significant digits).
                Cell::Amount(Some(m)) => {
                    ws.write_number_with_format(r, c, m.to_f64(), &exact)?;
                }
                Cell::Int(Some(n)) => {
                    ws.write_number(r, c, *n as f64)?;
                }
                Cell::Date(Some(d)) => {
                    ws.write_datetime_with_format(r, c, excel_date(*d)?, &date)?;
                }
                Cell::Month(d) => {
                    ws.write_datetime_with_format(r, c, excel_date(*d)?, &month)?;
                }
                Cell::Money(None) | Cell::Amount(None) | Cell::Int(None) | Cell::Date(None) | Cell::Blank => {}
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofit();
    workbook.save_to_buffer()
}

#[cfg(target_arch = "wasm32")]
mod js {
    use wasm_bindgen::prelude::*;

    use ttm_check::domain::ingest::FileError;

    /// What a function of this module throws: an `Error` with the English
    /// message, and the reason as a value in its `failure` property (a
    /// `FileError`'s JSON), which the app words in its language.
    fn thrown(e: FileError) -> JsValue {
        let error: JsValue = JsError::new(&e.to_string()).into();
        let _ = js_sys::Reflect::set(&error, &"failure".into(), &JsValue::from_str(&serde_json::to_string(&e).unwrap_or_default()));
        error
    }

    /// `{ sheet, csv }`: sheet `wanted` (or the first) of the workbook in
    /// `bytes`, as CSV bytes; throws why for a file that is no readable
    /// workbook ([`thrown`]).
    #[wasm_bindgen(js_name = sheetCsv)]
    pub fn sheet_csv(bytes: &[u8], wanted: Option<String>) -> Result<JsValue, JsValue> {
        use ttm_check::domain::ingest::xlsx::{archive_members, is_workbook_archive, sheet_as_csv_within, PAGE_EXPANDED_LIMIT};
        if !is_workbook_archive(bytes) {
            // An archive of files (the app opens those before reading), one
            // too large to open here, or a damaged workbook (said below).
            match archive_members(bytes, Some(PAGE_EXPANDED_LIMIT)) {
                Ok(members) => return Err(thrown(FileError::ArchiveNotWorkbook { files: members.len() as u64 })),
                Err(e @ FileError::TooLarge { .. }) => return Err(thrown(e)),
                Err(_) => {}
            }
        }
        let sheet = sheet_as_csv_within(bytes, wanted.as_deref(), Some(PAGE_EXPANDED_LIMIT)).map_err(thrown)?;
        let out = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&out, &"sheet".into(), &JsValue::from_str(&sheet.sheet));
        let _ = js_sys::Reflect::set(&out, &"csv".into(), &js_sys::Uint8Array::from(sheet.csv.as_slice()));
        Ok(out.into())
    }

    /// The members of a ZIP archive of data files as `[{ name, bytes }]`, or
    /// `null` for an `.xlsx` workbook (read with `sheetCsv`); throws the
    /// domain's message for a damaged archive or one that expands past what
    /// the page can hold.
    #[wasm_bindgen(js_name = zipMembers)]
    pub fn zip_members(bytes: &[u8]) -> Result<JsValue, JsValue> {
        use ttm_check::domain::ingest::xlsx::{archive_members, is_workbook_archive, PAGE_EXPANDED_LIMIT};
        if is_workbook_archive(bytes) {
            return Ok(JsValue::NULL);
        }
        let members = archive_members(bytes, Some(PAGE_EXPANDED_LIMIT)).map_err(thrown)?;
        let out = js_sys::Array::new();
        for (name, data) in members {
            let member = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&member, &"name".into(), &JsValue::from_str(&name));
            let _ = js_sys::Reflect::set(&member, &"bytes".into(), &js_sys::Uint8Array::from(data.as_slice()));
            out.push(&member);
        }
        Ok(out.into())
    }

    /// The `.xlsx` bytes of an export sheet given as JSON
    /// (`ttm_check::domain::export::Sheet`).
    #[wasm_bindgen(js_name = writeXlsx)]
    pub fn write_xlsx(sheet_json: &str) -> Result<Vec<u8>, JsError> {
        let sheet = serde_json::from_str(sheet_json).map_err(|e| JsError::new(&format!("sheet: {e}")))?;
        super::write_xlsx(&sheet).map_err(|e| JsError::new(&e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};
    use chrono::NaiveDate;
    use ttm_check::domain::money::Money;

    fn read_back(bytes: &[u8]) -> (String, Vec<Vec<Data>>) {
        let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
        let name = wb.sheet_names()[0].clone();
        let range = wb.worksheet_range(&name).unwrap();
        (name, range.rows().map(|r| r.to_vec()).collect())
    }

    #[test]
    fn writes_numbers_dates_and_neutralised_text() {
        let sheet = Sheet {
            name: "Portfolio 2026-11-28".into(),
            rows: vec![
                vec![
                    Cell::Text("reseller_id".into()),
                    Cell::Text("name".into()),
                    Cell::Text("ttm_net_usd".into()),
                    Cell::Text("next_evaluation".into()),
                    Cell::Text("days".into()),
                ],
                vec![
                    Cell::Text("4816859".into()),
                    Cell::Text("=HYPERLINK(\"http://x\")".into()),
                    Cell::Money(Some(Money("-1234.56".parse().unwrap()))),
                    Cell::Date(NaiveDate::from_ymd_opt(2027, 3, 1)),
                    Cell::Int(Some(93)),
                ],
                vec![Cell::Blank],
                vec![Cell::Month(NaiveDate::from_ymd_opt(2026, 7, 1).unwrap()), Cell::Money(None)],
            ],
        };
        let (name, rows) = read_back(&write_xlsx(&sheet).unwrap());
        assert_eq!(name, "Portfolio 2026-11-28");
        assert_eq!(rows[0][0], Data::String("reseller_id".into()));
        assert_eq!(rows[1][1], Data::String("'=HYPERLINK(\"http://x\")".into()));
        assert_eq!(rows[1][2], Data::Float(-1234.56), "a genuine negative number stays a number");
        match &rows[1][3] {
            Data::DateTime(d) => assert_eq!(d.as_datetime().unwrap().date(), NaiveDate::from_ymd_opt(2027, 3, 1).unwrap()),
            other => panic!("not a date cell: {other:?}"),
        }
        assert_eq!(rows[1][4], Data::Float(93.0));
        assert!(matches!(rows[3][0], Data::DateTime(_)));
    }

    #[test]
    fn sheet_names_are_made_valid() {
        assert_eq!(sheet_name("a/b:c"), "a-b-c");
        assert_eq!(sheet_name(&"x".repeat(40)).len(), 31);
        assert_eq!(sheet_name(""), "Sheet1");
    }
}
