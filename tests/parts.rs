//! Reading a large file in parts, as the CLI's threads and the browser's
//! workers do: the record reader's fast path equals csv-core, and any split
//! joined equals one reader (`join_parts`, `PartJoin`).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;

use ttm_check::domain::ingest::{read_file, ExchangeRates, FileOptions, FileReader};

/// Every record of `bytes` (line, fields, blank) read in `chunk`-byte
/// pieces: the fields split and those left as one stretch (`Record::rest`).
fn records_of(mut reader: ttm_check::domain::ingest::records::RecordReader, bytes: &[u8], chunk: usize) -> Vec<(u64, Vec<Vec<u8>>, bool)> {
    let mut out = Vec::new();
    let mut keep = |r: &ttm_check::domain::ingest::records::Record<'_>| {
        let split: Vec<Vec<u8>> = (0..r.len()).map(|i| r.get(i).unwrap_or_default().to_vec()).collect();
        // The record as text, when it is text, is its fields as text (a
        // field that is not UTF-8 reads as U+FFFD).
        if let Some(text) = r.texts() {
            for (i, f) in split.iter().enumerate() {
                let want = std::str::from_utf8(f).unwrap_or("\u{fffd}");
                assert_eq!(text.get(i), Some(want), "line {}, field {i}", r.line);
            }
        }
        let strings = r.to_strings();
        let fields: Vec<Vec<u8>> = split.into_iter().chain(r.rest()).collect();
        assert_eq!(strings.len(), fields.len(), "line {}", r.line);
        out.push((r.line, fields, r.is_blank()));
    };
    for c in bytes.chunks(chunk) {
        reader.feed(c, &mut keep).unwrap();
    }
    reader.feed(&[], &mut keep).unwrap();
    out
}

proptest! {
    /// The fast path gives exactly csv-core's records and line numbers, on
    /// CSV full of quotes, doubled quotes, CR, LF and delimiters, in any
    /// chunking; splitting only a record's first fields too (the rest, split
    /// when asked, is csv-core's, and a blank record is one).
    #[test]
    fn the_fast_path_reads_exactly_like_csv_core(
        pieces in proptest::collection::vec(prop_oneof![
            Just("a"), Just("bc"), Just(","), Just(";"), Just("\""), Just("\"\""), Just("\n"), Just("\r\n"), Just("\r"),
            Just(" "), Just("ä"), Just("\"x,y\""), Just("1234.56"), Just("12345678901234567890"), Just("\u{feff}"),
            Just("\"a\"\"b\""), Just("Partner earned credit for services managed"), Just("\u{ff}"), Just("\u{80}"),
        ], 0..300),
        // Bytes that are not UTF-8 (a lone lead byte, a stray continuation).
        broken in proptest::collection::vec((0usize..300, prop_oneof![Just(0xc3u8), Just(0x80u8), Just(0xffu8)]), 0..3),
        // Small chunks cut most records (csv-core's part); large ones leave
        // whole records and 64-byte blocks to the fast path.
        chunk in prop_oneof![1usize..40, 40usize..400, Just(1usize << 20)],
        semicolon: bool,
        split in prop_oneof![Just(usize::MAX), 1usize..5],
    ) {
        use ttm_check::domain::ingest::records::RecordReader;
        let mut bytes = pieces.concat().into_bytes();
        for (at, b) in broken {
            if at < bytes.len() {
                bytes[at] = b;
            }
        }
        let d = if semicolon { b';' } else { b',' };
        let mut reader = RecordReader::new(d);
        reader.split_up_to(split);
        let fast = records_of(reader, &bytes, chunk);
        let core = records_of(RecordReader::without_fast_path(d), &bytes, chunk);
        prop_assert_eq!(fast, core);
    }
}

/// A file read by two readers, the second resumed at byte `at` (a line
/// start) as the web app's readers do; `None` when `at` is no record
/// boundary (the app then reads on with the first reader).
fn read_split(bytes: &[u8], at: usize, chunk: usize) -> Option<ttm_check::domain::ingest::FinishedFile> {
    let rates = ExchangeRates::default();
    let mut first = FileReader::new("split.csv", FileOptions::default(), rates.clone());
    for c in bytes[..at].chunks(chunk) {
        first.feed(c);
    }
    let point = first.resume_point()?;
    let lines = first.boundary()?;
    let mut second = FileReader::resume(FileOptions::default(), rates, point);
    for c in bytes[at..].chunks(chunk) {
        second.feed(c);
    }
    let mut joined = first.finish();
    joined.append(second.finish(), lines);
    Some(joined)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    /// Read in two parts and joined, a file gives exactly what one reader
    /// gives: every count, amount, rejection (with its line) and the ledger.
    #[test]
    fn two_readers_joined_equal_one(
        rows in proptest::collection::vec((0u8..12, 0u32..400, -50_000i64..200_000, 0u8..120), 2_100..2_400),
        split_row in 2_050usize..2_099,
        chunk in prop_oneof![Just(7usize), Just(4096), Just(1 << 20)],
        crlf: bool,
    ) {
        let nl = if crlf { "\r\n" } else { "\n" };
        let mut text = format!("ResellerMpnId,OrderDate,Subtotal,Currency,Note{nl}");
        let mut starts = Vec::new();
        for (i, (who, day, cents, kind)) in rows.iter().enumerate() {
            starts.push(text.len());
            let reseller = if *who == 0 { String::new() } else { format!("{}", 4_800_000 + u32::from(*who)) };
            let date = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Duration::days(i64::from(*day));
            let (date, amount) = match kind {
                0 => ("not a date".to_owned(), format!("{}.{:02}", cents / 100, cents.rem_euclid(100))),
                1 => (date.format("%Y-%m-%d").to_string(), "12,x".to_owned()),
                _ => (date.format("%Y-%m-%d").to_string(), format!("{:.2}", *cents as f64 / 100.0)),
            };
            let note = match kind {
                3 => "\"two\nlines, quoted\"".to_owned(),
                4 => "\"say \"\"hi\"\"\"".to_owned(),
                5 => String::new(),
                _ => format!("n{i}"),
            };
            text.push_str(&format!("{reseller},{date},\"{amount}\",USD,{note}{nl}"));
            if kind == &6 {
                text.push_str(nl);
            }
        }
        let bytes = text.as_bytes();
        let mut one = read_file("split.csv", bytes, FileOptions::default(), &ExchangeRates::default());
        // Split at a row's start; inside a row; and after the first line break
        // past the previous row's start, which is inside quotes when that
        // row's note spans two lines (what the app's split can meet).
        let after_break = starts[split_row - 1] + text[starts[split_row - 1]..].find('\n').unwrap() + 1;
        for at in [starts[split_row], starts[split_row] + 3, after_break] {
            if let Some(mut two) = read_split(bytes, at, chunk) {
                let outside_quotes = text[..at].matches('"').count() % 2 == 0;
                prop_assert!(text[..at].ends_with('\n') && outside_quotes, "a split inside a record was taken for a boundary");
                one.fingerprint = (0, 0);
                two.fingerprint = (0, 0);
                prop_assert_eq!(&two, &one);
            }
        }
    }
}

/// A file read in parts by several readers, as the CLI does on every core:
/// the first from the start, the others resumed at `cuts` (byte offsets of
/// any kind: line starts, inside a line, inside quotes), joined by
/// `join_parts`, which reads a part again where the one before it does not
/// end between records. `None` when the first part settles no plan.
fn read_in_parts(bytes: &[u8], cuts: &[usize], chunk: usize) -> Option<ttm_check::domain::ingest::FinishedFile> {
    let rates = ExchangeRates::default();
    let mut bounds = vec![0];
    bounds.extend(cuts.iter().copied());
    bounds.push(bytes.len());
    let feed = |reader: &mut FileReader, k: usize| {
        for c in bytes[bounds[k]..bounds[k + 1]].chunks(chunk) {
            reader.feed(c);
        }
    };
    let mut first = FileReader::new("split.csv", FileOptions::default(), rates.clone());
    feed(&mut first, 0);
    let point = first.resume_point()?;
    let rest: Vec<FileReader> = (1..bounds.len() - 1)
        .map(|k| {
            let mut reader = FileReader::resume(FileOptions::default(), rates.clone(), point.clone());
            feed(&mut reader, k);
            reader
        })
        .collect();
    let joined = ttm_check::domain::ingest::join_parts(first, rest, |k, reader| {
        feed(reader, k);
        Ok::<(), ()>(())
    });
    joined.ok()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]
    /// Read in up to five parts cut anywhere (line starts, inside lines,
    /// inside quoted line breaks) and joined, a file gives exactly what one
    /// reader gives.
    #[test]
    fn many_readers_joined_equal_one(
        rows in proptest::collection::vec((0u8..12, 0u32..400, -50_000i64..200_000, 0u8..60), 2_100..2_400),
        cuts in proptest::collection::vec(0.0f64..1.0, 1..5),
        chunk in prop_oneof![Just(7usize), Just(4096), Just(1 << 20)],
    ) {
        let mut text = String::from("ResellerMpnId,OrderDate,Subtotal,Currency,Note\n");
        let mut starts = Vec::new();
        for (i, (who, day, cents, kind)) in rows.iter().enumerate() {
            starts.push(text.len());
            let reseller = if *who == 0 { String::new() } else { format!("{}", 4_800_000 + u32::from(*who)) };
            let date = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Duration::days(i64::from(*day));
            let amount = if *kind == 1 { "12,x".to_owned() } else { format!("{:.2}", *cents as f64 / 100.0) };
            let note = match kind {
                3 | 7 | 11 => "\"two\nlines, quoted\"".to_owned(),
                4 => "\"say \"\"hi\"\"\"".to_owned(),
                _ => format!("n{i}"),
            };
            text.push_str(&format!("{reseller},{},\"{amount}\",USD,{note}\n", date.format("%Y-%m-%d")));
        }
        let bytes = text.as_bytes();
        // The first part holds the sampled lines (the CLI cuts after them).
        let first_part = starts[2_060];
        let mut at: Vec<usize> = cuts.iter().map(|f| first_part + (f * (bytes.len() - first_part) as f64) as usize).collect();
        at.sort_unstable();
        at.dedup();
        at.retain(|&a| a > first_part && a < bytes.len());
        let mut one = read_file("split.csv", bytes, FileOptions::default(), &ExchangeRates::default());
        let mut many = read_in_parts(bytes, &at, chunk).expect("the first part settles the plan");
        one.fingerprint = (0, 0);
        many.fingerprint = (0, 0);
        prop_assert_eq!(&many, &one);
    }
}
