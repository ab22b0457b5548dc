//! Dates as files write them, and the calendar arithmetic the rule needs.
//!
//! Files carry US `M/D/YYYY` (Partner Center, sometimes with a time such as
//! `2/28/2019 23:59`), ISO 8601 from the APIs (`2021-05-20T18:30:06.6045692Z`),
//! German `DD.MM.YYYY`, and months alone (`2025-03`, `03/2025`, `März 2025`).
//! A slash date's order is a property of its column ([`DateOrder`]); a time
//! or offset is ignored: the date as written places the line (D9).

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::message::Message;

/// Which part of a slash date comes first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    /// `M/D/YYYY`, as in every Partner Center file.
    MonthFirst,
    /// `D/M/YYYY`, as in UK and most European exports.
    DayFirst,
}

/// Why a date could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateError {
    /// The field is empty.
    Empty,
    /// Not a date in any accepted form.
    Unrecognised,
    /// The parts are numbers but no such day exists (`2/30/2025`, `0000-00-00`).
    NoSuchDay,
}

impl DateError {
    /// What was expected, in words a user can act on.
    pub fn expected(self, order: DateOrder) -> Message {
        match (self, order) {
            (DateError::Empty, _) => Message::new("a date, found an empty field"),
            (DateError::Unrecognised, DateOrder::MonthFirst) => Message::new("a date like 1/31/2025, 2025-01-31 or 31.01.2025"),
            (DateError::Unrecognised, DateOrder::DayFirst) => Message::new("a date like 31/01/2025, 2025-01-31 or 31.01.2025"),
            (DateError::NoSuchDay, _) => Message::new("a calendar date that exists"),
        }
    }
}

/// Parses a date (or a month, placed on its first day) written in any form
/// the files use. `order` decides slash dates only.
pub fn parse_date(text: &str, order: DateOrder) -> Result<NaiveDate, DateError> {
    let date = match plain_numbers(text.as_bytes()) {
        Some((sep, parts)) => from_parts(sep, parts.as_slice(), order),
        None => parse_any_date(text, order),
    }?;
    // D24: 0001-01-01 is how .NET (and so Microsoft's APIs) write no date.
    if date.year() == 1 && date.ordinal() == 1 {
        return Err(DateError::Empty);
    }
    Ok(date)
}

/// [`parse_date`] of every form it accepts.
fn parse_any_date(text: &str, order: DateOrder) -> Result<NaiveDate, DateError> {
    let s = crate::domain::money::strip_excel_guard(text.trim_matches(|c: char| c.is_whitespace() || c == '"' || c == '\u{a0}'));
    if s.is_empty() {
        return Err(DateError::Empty);
    }
    // Drop a time of day: "2/1/2019 0:00", "2021-05-20T18:30:06Z"; an
    // instant counts on its calendar date as written, whatever its zone
    // (D24: "2019-02-04T17:59:52.9460102-08:00" is 4 February 2019).
    let date_part = s.split([' ', 'T']).next().unwrap_or(s);
    let b = date_part.as_bytes();
    if s.starts_with(char::is_alphabetic) || named_month(s).is_some() {
        return parse_month_name(s);
    }
    for sep in [b'-', b'.', b'/'] {
        if let Some(parts) = split_numbers(date_part, sep) {
            return from_parts(sep, parts.as_slice(), order);
        }
    }
    if b.len() == 8 && b.iter().all(u8::is_ascii_digit) {
        // 20250131, as some ERP exports write it.
        let n = |r: std::ops::Range<usize>| date_part[r].parse::<u32>().unwrap_or(0);
        return ymd(n(0..4), n(4..6), n(6..8));
    }
    Err(DateError::Unrecognised)
}

/// The day of two or three numbers separated by `sep` (`-`, `.` or `/`).
fn from_parts(sep: u8, parts: &[(u32, usize)], order: DateOrder) -> Result<NaiveDate, DateError> {
    match sep {
        b'-' => match parts {
            [y, m, d] if y.1 == 4 => ymd(y.0, m.0, d.0),
            [y, m] if y.1 == 4 => ymd(y.0, m.0, 1),
            // Dutch Excel writes 15-3-2026; the column's order decides, as for slashes.
            [a, b, y] if a.1 <= 2 && b.1 <= 2 && y.1 == 4 => match order {
                DateOrder::MonthFirst => ymd(y.0, a.0, b.0),
                DateOrder::DayFirst => ymd(y.0, b.0, a.0),
            },
            _ => Err(DateError::Unrecognised),
        },
        b'.' => match parts {
            [d, m, y] if d.1 <= 2 && m.1 <= 2 => ymd(full_year(*y)?, m.0, d.0),
            [y, m, d] if y.1 == 4 => ymd(y.0, m.0, d.0),
            [m, y] if m.1 <= 2 && y.1 == 4 => ymd(y.0, m.0, 1),
            _ => Err(DateError::Unrecognised),
        },
        _ => match parts {
            [y, m, d] if y.1 == 4 => ymd(y.0, m.0, d.0),
            [a, b, y] if a.1 <= 2 && b.1 <= 2 => match order {
                DateOrder::MonthFirst => ymd(full_year(*y)?, a.0, b.0),
                DateOrder::DayFirst => ymd(full_year(*y)?, b.0, a.0),
            },
            [m, y] if m.1 <= 2 && y.1 == 4 => ymd(y.0, m.0, 1),
            _ => Err(DateError::Unrecognised),
        },
    }
}

/// The dates of most lines (`1/25/2025`, `2025-01-25`, `25.01.2025`: two or
/// three groups of at most four digits, one separator, nothing else) read
/// in one pass, before the full reading's trims and searches; `None` for
/// anything else. The same parts as [`split_numbers`] gives (a proptest
/// compares the two readings).
#[inline]
fn plain_numbers(text: &[u8]) -> Option<(u8, Parts)> {
    let mut parts = Parts { items: [(0, 0); 3], len: 0 };
    let (mut sep, mut value, mut digits) = (0u8, 0u32, 0usize);
    for &b in text {
        if b.is_ascii_digit() {
            if digits == 4 {
                return None;
            }
            value = value * 10 + u32::from(b - b'0');
            digits += 1;
        } else if matches!(b, b'/' | b'-' | b'.') && (sep == 0 || sep == b) && digits > 0 && parts.len < 2 {
            sep = b;
            parts.items[parts.len] = (value, digits);
            parts.len += 1;
            (value, digits) = (0, 0);
        } else {
            return None;
        }
    }
    if sep == 0 || digits == 0 {
        return None;
    }
    parts.items[parts.len] = (value, digits);
    parts.len += 1;
    Some((sep, parts))
}

/// What the values of a date column say about its order (D18).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OrderVote {
    /// The values settle it: some read only one way (`5/23/2023`).
    Decided(DateOrder),
    /// No value depends on it (ISO, dotted dates, `1/1/2024`, none at all).
    Indifferent,
    /// Some values read either way and none settles it: the user is asked.
    /// Up to five examples.
    Ambiguous(Vec<String>),
}

impl OrderVote {
    /// The order to read the column with, unless the user must be asked.
    pub fn order(&self) -> Option<DateOrder> {
        match self {
            OrderVote::Decided(order) => Some(*order),
            OrderVote::Indifferent => Some(DateOrder::MonthFirst),
            OrderVote::Ambiguous(_) => None,
        }
    }
}

/// Decides whether a column's slash (or `D-M-YYYY`) dates are month-first or
/// day-first from all its values: `5/23/2023` settles month first,
/// `23/5/2023` day first; `5/10/2023` alone settles nothing.
pub fn decide_date_order<'a>(values: impl IntoIterator<Item = &'a str>) -> OrderVote {
    let (mut day_first, mut month_first) = (0usize, 0usize);
    let mut examples: Vec<String> = Vec::new();
    let (mut day_says, mut month_says): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    for v in values {
        let v = crate::domain::money::strip_excel_guard(v.trim());
        let (date_part, parts) = match plain_numbers(v.as_bytes()) {
            // The usual value, read in one pass (a dotted date does not vote).
            Some((sep, parts)) => (v, (sep != b'.').then_some(parts)),
            None => {
                let date_part = v.split([' ', 'T']).next().unwrap_or("");
                (date_part, split_numbers(date_part, b'/').or_else(|| split_numbers(date_part, b'-')))
            }
        };
        let Some(parts) = parts else { continue };
        let [a, b, y] = parts.as_slice() else { continue };
        if a.1 > 2 || b.1 > 2 || !(y.1 == 4 || (y.1 == 2 && date_part.contains('/'))) {
            continue;
        }
        let (a, b) = (a.0, b.0);
        if a > 12 && b <= 12 {
            day_first += 1;
            if day_says.len() < 2 {
                day_says.push(v);
            }
        } else if b > 12 && a <= 12 {
            month_first += 1;
            if month_says.len() < 2 {
                month_says.push(v);
            }
        } else if a != b {
            crate::domain::money::note_example(&mut examples, v);
        }
    }
    if day_first > month_first {
        OrderVote::Decided(DateOrder::DayFirst)
    } else if month_first > day_first {
        OrderVote::Decided(DateOrder::MonthFirst)
    } else {
        // As many dates one way as the other: asked, with dates that read
        // each way among the examples.
        crate::domain::money::note_tie(&mut examples, day_says, month_says);
        if examples.is_empty() {
            OrderVote::Indifferent
        } else {
            OrderVote::Ambiguous(examples)
        }
    }
}

/// Up to three numbers of a date, each with its digit count (no allocation:
/// this runs once per line).
struct Parts {
    items: [(u32, usize); 3],
    len: usize,
}

impl Parts {
    fn as_slice(&self) -> &[(u32, usize)] {
        &self.items[..self.len]
    }
}

/// The numbers of `s` split at `sep`, or `None` when `s` is not two or three
/// groups of digits separated by `sep`.
fn split_numbers(s: &str, sep: u8) -> Option<Parts> {
    if !s.as_bytes().contains(&sep) {
        return None;
    }
    let mut parts = Parts { items: [(0, 0); 3], len: 0 };
    for part in s.split(char::from(sep)) {
        if parts.len == 3 || part.is_empty() || part.len() > 4 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        parts.items[parts.len] = (part.parse().ok()?, part.len());
        parts.len += 1;
    }
    Some(parts)
}

fn full_year((value, digits): (u32, usize)) -> Result<u32, DateError> {
    match digits {
        4 => Ok(value),
        2 => Ok(2000 + value),
        _ => Err(DateError::Unrecognised),
    }
}

fn ymd(y: u32, m: u32, d: u32) -> Result<NaiveDate, DateError> {
    let year = i32::try_from(y).map_err(|_| DateError::NoSuchDay)?;
    NaiveDate::from_ymd_opt(year, m, d).filter(|_| year >= 1).ok_or(DateError::NoSuchDay)
}

/// `März 2025`, `Mar 2025`, `March-2025`, `Jan. 2025`: the first of that month.
/// The words of a date written with its month's name, a time of day left out.
fn date_words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| c.is_whitespace() || matches!(c, '-' | '/' | '.' | ','))
        .filter(|w| !w.is_empty() && !w.contains(':') && !w.eq_ignore_ascii_case("am") && !w.eq_ignore_ascii_case("pm"))
}

/// The month a date names (`15. März 2024`, `Mar 15, 2024`, `15-Mar-24`).
fn named_month(s: &str) -> Option<u32> {
    date_words(s).filter(|w| w.starts_with(char::is_alphabetic)).find_map(month_from_name)
}

/// A date written with its month's name, as people type them in English or
/// German: `March 2024` (the month's first day), `Mar 15, 2024`,
/// `15 March 2024`, `15. März 2024`, Excel's `15-Mar-24`. The name decides
/// the month, so no day/month order is needed; a four-digit number is the
/// year, else the last number (two digits: 20xx).
fn parse_month_name(s: &str) -> Result<NaiveDate, DateError> {
    let mut month = None;
    let mut numbers: Vec<(u32, usize)> = Vec::new();
    for word in date_words(s) {
        if let Some(m) = month_from_name(word) {
            if month.replace(m).is_some() {
                return Err(DateError::Unrecognised);
            }
        } else if word.len() <= 4 && word.bytes().all(|b| b.is_ascii_digit()) {
            numbers.push((word.parse().map_err(|_| DateError::Unrecognised)?, word.len()));
        } else {
            return Err(DateError::Unrecognised);
        }
    }
    let month = month.ok_or(DateError::Unrecognised)?;
    match numbers.as_slice() {
        [year] if year.1 == 4 => ymd(year.0, month, 1),
        [a, b] => {
            let (day, year) = if a.1 == 4 { (b, a) } else { (a, b) };
            if day.1 > 2 {
                return Err(DateError::Unrecognised);
            }
            ymd(full_year(*year)?, month, day.0)
        }
        _ => Err(DateError::Unrecognised),
    }
}

/// A month as a register's `anniversary_month` cell gives it: `3`, `03`,
/// `March`, `März`, `Mar`.
pub fn parse_month(text: &str) -> Option<u32> {
    let t = text.trim().trim_start_matches('\'').trim();
    match t.parse::<u32>() {
        Ok(m) => (1..=12).contains(&m).then_some(m),
        Err(_) => month_from_name(t.trim_end_matches('.')),
    }
}

/// English and German month names and their usual abbreviations.
fn month_from_name(name: &str) -> Option<u32> {
    const NAMES: [(&str, u32); 27] = [
        ("januar", 1),
        ("january", 1),
        ("jänner", 1),
        ("februar", 2),
        ("february", 2),
        ("märz", 3),
        ("maerz", 3),
        ("march", 3),
        ("april", 4),
        ("mai", 5),
        ("may", 5),
        ("juni", 6),
        ("june", 6),
        ("juli", 7),
        ("july", 7),
        ("august", 8),
        ("september", 9),
        ("oktober", 10),
        ("october", 10),
        ("november", 11),
        ("dezember", 12),
        ("december", 12),
        ("jan", 1),
        ("feb", 2),
        ("mär", 3),
        ("okt", 10),
        ("dez", 12),
    ];
    const SHORT: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let lower = name.to_lowercase();
    if let Some(&(_, m)) = NAMES.iter().find(|(n, _)| *n == lower) {
        return Some(m);
    }
    let short: String = lower.chars().take(3).collect();
    if lower.chars().count() <= 4 || lower.starts_with("sept") {
        if let Some(i) = SHORT.iter().position(|s| *s == short) {
            return Some(i as u32 + 1);
        }
    }
    None
}

/// `2026-03`: a month as ISO 8601 writes it. Here rather than through
/// chrono's `format`, whose pattern machinery the page's module need not
/// carry (`NaiveDate`'s own `Display` writes `2026-03-15` without it).
pub fn iso_month(d: NaiveDate) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

/// `20260315`: ISO 8601's basic form, as iCalendar writes a date.
pub fn basic_date(d: NaiveDate) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

/// The first day of `date`'s month.
pub fn month_start(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

/// `date` plus `years` calendar years; Feb 29 becomes Mar 1 in a common year (D12).
pub fn add_years(date: NaiveDate, years: i32) -> Option<NaiveDate> {
    let year = date.year().checked_add(years)?;
    date.with_year(year).or_else(|| NaiveDate::from_ymd_opt(year, 3, 1))
}

/// `date` minus `months` calendar months, clamped to the month's last day
/// (2028-02-29 − 12 months = 2027-02-28).
pub fn sub_months(date: NaiveDate, months: u32) -> Option<NaiveDate> {
    date.checked_sub_months(Months::new(months))
}

/// `date` plus `months` calendar months, clamped to the month's last day.
pub fn add_months(date: NaiveDate, months: u32) -> Option<NaiveDate> {
    date.checked_add_months(Months::new(months))
}

/// `date` minus `days` days.
pub fn sub_days(date: NaiveDate, days: u32) -> Option<NaiveDate> {
    date.checked_sub_days(Days::new(u64::from(days)))
}

/// Whole calendar days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Registers typed by people: month names in English and German, Excel's
    /// `d-mmm-yy`, two-digit years; the name decides the month, in either order.
    #[test]
    fn dates_with_month_names_as_people_type_them() {
        let d = |y, m, day| Ok(NaiveDate::from_ymd_opt(y, m, day).unwrap());
        for order in [DateOrder::MonthFirst, DateOrder::DayFirst] {
            assert_eq!(parse_date("Jan 15, 2024", order), d(2024, 1, 15));
            assert_eq!(parse_date("Mar 15, 2024", order), d(2024, 3, 15));
            assert_eq!(parse_date("15 March 2024", order), d(2024, 3, 15));
            assert_eq!(parse_date("15-Mar-24", order), d(2024, 3, 15));
            assert_eq!(parse_date("15. März 2024", order), d(2024, 3, 15));
            assert_eq!(parse_date("15. Januar 2024", order), d(2024, 1, 15));
            assert_eq!(parse_date("1 Sept 2025", order), d(2025, 9, 1));
            assert_eq!(parse_date("December 3, 2023 10:15 AM", order), d(2023, 12, 3));
            assert_eq!(parse_date("March 2024", order), d(2024, 3, 1), "a month alone is its first day");
            assert_eq!(parse_date("15.03.24", order), d(2024, 3, 15), "LibreOffice's German short date");
            assert_eq!(parse_date("Feb 30, 2024", order), Err(DateError::NoSuchDay));
            assert_eq!(parse_date("15 Foo 2024", order), Err(DateError::Unrecognised));
            assert_eq!(parse_date("March April 2024", order), Err(DateError::Unrecognised));
        }
    }

    /// D24: an instant counts on the calendar date as written, whatever its
    /// zone; the .NET empty date is no date.
    #[test]
    fn instants_count_on_their_written_date_and_the_dotnet_empty_date_is_none() {
        let d = |y, m, day| Ok(NaiveDate::from_ymd_opt(y, m, day).unwrap());
        assert_eq!(parse_date("2019-02-04T17:59:52.9460102-08:00", DateOrder::MonthFirst), d(2019, 2, 4));
        assert_eq!(parse_date("2019-02-04T23:30:00+14:00", DateOrder::MonthFirst), d(2019, 2, 4));
        assert_eq!(parse_date("2021-05-20T18:30:06.6045692Z", DateOrder::DayFirst), d(2021, 5, 20));
        assert_eq!(parse_date("2021-05-20T18:30:06", DateOrder::DayFirst), d(2021, 5, 20));
        assert_eq!(parse_date("0001-01-01T00:00:00", DateOrder::MonthFirst), Err(DateError::Empty));
        assert_eq!(parse_date("0001-01-01", DateOrder::MonthFirst), Err(DateError::Empty));
    }

    proptest::proptest! {
        /// A column's order is decided alike from plain values (read in one
        /// pass) and from the same values with a time of day (the full
        /// reading).
        #[test]
        fn the_order_vote_reads_plain_dates_alike(values in proptest::collection::vec("[0-9]{1,4}[-./][0-9]{1,4}([-./][0-9]{1,4})?", 0..12)) {
            let timed: Vec<String> = values.iter().map(|v| format!("{v} 0:00")).collect();
            let untimed = |vote: OrderVote| match vote {
                OrderVote::Ambiguous(examples) => OrderVote::Ambiguous(examples.iter().map(|e| e.trim_end_matches(" 0:00").to_owned()).collect()),
                other => other,
            };
            proptest::prop_assert_eq!(
                decide_date_order(values.iter().map(String::as_str)),
                untimed(decide_date_order(timed.iter().map(String::as_str)))
            );
        }

        /// The one-pass reading of plain dates gives what the full reading
        /// gives, in both orders, for every string of digits and separators.
        #[test]
        fn plain_dates_read_alike_both_ways(text in "[0-9]{0,5}[-./]?[0-9]{0,5}[-./]?[0-9]{0,5}[-./]?[0-9]{0,2}|[-./ 0-9T']{0,12}", day_first: bool) {
            let order = if day_first { DateOrder::DayFirst } else { DateOrder::MonthFirst };
            proptest::prop_assert_eq!(parse_date(&text, order), parse_any_date(&text, order), "{:?}", text);
        }
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn iso_months_and_basic_dates_pad_as_iso_8601_does() {
        let d = NaiveDate::from_ymd_opt(987, 3, 5).unwrap();
        assert_eq!(iso_month(d), "0987-03");
        assert_eq!(basic_date(d), "09870305");
        let d = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        assert_eq!((iso_month(d), basic_date(d)), ("2026-11".to_owned(), "20261128".to_owned()));
        assert_eq!(iso_month(d), d.format("%Y-%m").to_string());
        assert_eq!(basic_date(d), d.format("%Y%m%d").to_string());
    }

    #[test]
    fn reads_partner_center_forms() {
        let us = |s| parse_date(s, DateOrder::MonthFirst);
        assert_eq!(us("1/25/2025"), Ok(date(2025, 1, 25)));
        assert_eq!(us("2/1/2019 0:00"), Ok(date(2019, 2, 1)));
        assert_eq!(us("2/28/2019 23:59"), Ok(date(2019, 2, 28)));
        assert_eq!(us("2021-05-20T18:30:06.6045692Z"), Ok(date(2021, 5, 20)));
        assert_eq!(us("2021-05-20T23:30:06+02:00"), Ok(date(2021, 5, 20)));
        assert_eq!(us("2025-01-31"), Ok(date(2025, 1, 31)));
    }

    #[test]
    fn reads_excel_guards_and_dutch_dashes() {
        assert_eq!(parse_date("'2026-03-15", DateOrder::MonthFirst), Ok(date(2026, 3, 15)));
        assert_eq!(parse_date("'3/15/2026", DateOrder::MonthFirst), Ok(date(2026, 3, 15)));
        assert_eq!(parse_date("15-3-2026", DateOrder::DayFirst), Ok(date(2026, 3, 15)));
        assert_eq!(parse_date("3-15-2026", DateOrder::MonthFirst), Ok(date(2026, 3, 15)));
    }

    #[test]
    fn the_values_decide_the_date_order() {
        let vote = |v: &[&str]| decide_date_order(v.iter().copied());
        assert_eq!(vote(&["5/10/2023", "5/23/2023"]), OrderVote::Decided(DateOrder::MonthFirst));
        assert_eq!(vote(&["10/5/2023", "23/5/2023"]), OrderVote::Decided(DateOrder::DayFirst));
        assert_eq!(vote(&["'15-3-2026"]), OrderVote::Decided(DateOrder::DayFirst));
        assert_eq!(vote(&["2023-05-10", "15.03.2026", "1/1/2024"]), OrderVote::Indifferent);
        assert_eq!(vote(&["5/10/2023", "3/4/2025 0:00"]), OrderVote::Ambiguous(vec!["5/10/2023".into(), "3/4/2025 0:00".into()]));
        // As many dates one way as the other: asked, showing dates of each.
        assert_eq!(vote(&["13/1/2025", "1/13/2025"]), OrderVote::Ambiguous(vec!["13/1/2025".into(), "1/13/2025".into()]));
    }

    #[test]
    fn reads_european_and_month_forms() {
        let eu = |s| parse_date(s, DateOrder::DayFirst);
        assert_eq!(eu("18.01.2025"), Ok(date(2025, 1, 18)));
        assert_eq!(eu("3/4/2025"), Ok(date(2025, 4, 3)));
        assert_eq!(eu("2025-03"), Ok(date(2025, 3, 1)));
        assert_eq!(eu("03/2025"), Ok(date(2025, 3, 1)));
        assert_eq!(eu("März 2025"), Ok(date(2025, 3, 1)));
        assert_eq!(eu("Mar 2025"), Ok(date(2025, 3, 1)));
        assert_eq!(eu("December 2024"), Ok(date(2024, 12, 1)));
        assert_eq!(eu("Okt. 2025"), Ok(date(2025, 10, 1)));
        assert_eq!(eu("20250131"), Ok(date(2025, 1, 31)));
    }

    #[test]
    fn rejects_days_that_do_not_exist() {
        let us = |s| parse_date(s, DateOrder::MonthFirst);
        assert_eq!(us("2/30/2025"), Err(DateError::NoSuchDay));
        assert_eq!(us("0000-00-00"), Err(DateError::NoSuchDay));
        assert_eq!(us("13/1/2025"), Err(DateError::NoSuchDay));
        assert_eq!(us(""), Err(DateError::Empty));
        assert_eq!(us("yesterday"), Err(DateError::Unrecognised));
        assert_eq!(us("1/2/3/4"), Err(DateError::Unrecognised));
    }

    #[test]
    fn calendar_arithmetic_handles_leap_days() {
        assert_eq!(add_years(date(2024, 2, 29), 1), Some(date(2025, 3, 1)));
        assert_eq!(add_years(date(2024, 2, 29), 4), Some(date(2028, 2, 29)));
        assert_eq!(sub_months(date(2028, 2, 29), 12), Some(date(2027, 2, 28)));
        assert_eq!(sub_days(date(2027, 8, 1), 90), Some(date(2027, 5, 3)));
        assert_eq!(days_between(date(2026, 11, 28), date(2027, 1, 1)), 34);
    }
}
