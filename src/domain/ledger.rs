//! Revenue aggregated per reseller tenant and day: what ingest keeps instead
//! of the lines themselves, so memory stays bounded whatever the file size.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::money::Money;

/// The revenue of one day: net (every line with its sign, D7) and gross
/// (positive lines only).
///
/// Kept in units of 10^-18 USD ([`Money::to_units`]): a line already in USD
/// keeps every decimal it has and converted lines arrive rounded to cents
/// (D11, D19), so the sums are exact; only a figure shown is rounded. Sums
/// saturate at the ends of `i128` (about USD 1.7 · 10^20) instead of
/// wrapping.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayTotal {
    /// Sum of every USD line amount, in units of 10^-18 USD.
    pub net_units: i128,
    /// Sum of the positive USD line amounts, in units of 10^-18 USD.
    pub gross_units: i128,
}

impl DayTotal {
    /// Adds one line's USD amount, exactly.
    pub fn add_line(&mut self, usd: Money) {
        let units = usd.to_units();
        self.net_units = self.net_units.saturating_add(units);
        if units > 0 {
            self.gross_units = self.gross_units.saturating_add(units);
        }
    }

    /// Adds another day's totals.
    pub fn merge(&mut self, other: DayTotal) {
        self.net_units = self.net_units.saturating_add(other.net_units);
        self.gross_units = self.gross_units.saturating_add(other.gross_units);
    }

    /// Net revenue, exact (round it to cents where it is shown, D19).
    pub fn net(&self) -> Money {
        Money::from_units(self.net_units)
    }

    /// Gross revenue, exact.
    pub fn gross(&self) -> Money {
        Money::from_units(self.gross_units)
    }
}

/// Lines in a currency without a rate to USD (D10c).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unconverted {
    /// How many lines.
    pub lines: u64,
    /// Their sum in the original currency.
    pub amount: Money,
}

/// Everything known of one reseller tenant's revenue.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResellerRevenue {
    /// USD revenue per day.
    #[serde(with = "day_list")]
    pub days: BTreeMap<NaiveDate, DayTotal>,
    /// Lines that could not be converted to USD, per currency.
    pub unconverted: BTreeMap<String, Unconverted>,
    /// How many lines were counted for this reseller.
    pub lines: u64,
}

impl ResellerRevenue {
    /// Adds one USD line.
    pub fn add_usd(&mut self, date: NaiveDate, usd: Money) {
        self.days.entry(date).or_default().add_line(usd);
        self.lines += 1;
    }

    /// Adds one line that has no USD rate.
    pub fn add_unconverted(&mut self, currency: &str, amount: Money) {
        let entry = self.unconverted.entry(currency.to_owned()).or_default();
        entry.lines += 1;
        entry.amount += amount;
        self.lines += 1;
    }

    /// Adds everything of `other`.
    pub fn merge(&mut self, other: &ResellerRevenue) {
        for (date, total) in &other.days {
            self.days.entry(*date).or_default().merge(*total);
        }
        for (cur, u) in &other.unconverted {
            let entry = self.unconverted.entry(cur.clone()).or_default();
            entry.lines += u.lines;
            entry.amount += u.amount;
        }
        self.lines += other.lines;
    }

    /// Totals of the days in `range` (both ends included).
    pub fn total(&self, range: RangeInclusive<NaiveDate>) -> DayTotal {
        let [sum] = self.totals([range]);
        sum
    }

    /// Totals of several ranges (both ends included, an empty range's
    /// total zero) in one walk through the days: the assessment asks for
    /// four per tenant, and the app's table re-assesses every tenant on
    /// every change. Each sums its days saturating ([`DayTotal::merge`]).
    pub fn totals<const N: usize>(&self, ranges: [RangeInclusive<NaiveDate>; N]) -> [DayTotal; N] {
        let mut sums = [DayTotal::default(); N];
        let live = ranges.iter().filter(|r| r.start() <= r.end());
        let (Some(from), Some(to)) = (live.clone().map(|r| *r.start()).min(), live.map(|r| *r.end()).max()) else {
            return sums;
        };
        for (day, total) in self.days.range(from..=to) {
            for (sum, range) in sums.iter_mut().zip(&ranges) {
                if range.contains(day) {
                    sum.merge(*total);
                }
            }
        }
        sums
    }

    /// The earliest and latest day with revenue.
    pub fn span(&self) -> Option<(NaiveDate, NaiveDate)> {
        Some((*self.days.keys().next()?, *self.days.keys().next_back()?))
    }
}

/// A tenant's days as the reader worker hands them to the page: one string,
/// `day:net:gross;…`, the day counted from 1 January of the year 1
/// (`num_days_from_ce`), net and gross in units. A map of ISO dates to
/// objects took the page three times as long to read as lists of
/// `[day, net, gross]` numbers (every date parsed, every field named), and
/// those lists, with serde_json at the page module's size-first
/// optimisation, 20 ms for a 262 MB file's 8,400 days (each 23-digit
/// number read digit by digit in `i128`, a library call per digit in
/// Wasm): one string per tenant is one value to serde, split by a loop here.
mod day_list {
    use std::collections::BTreeMap;
    use std::fmt::{self, Write};

    use chrono::{Datelike, NaiveDate};
    use serde::de::{Error, Visitor};
    use serde::{Deserializer, Serializer};

    use super::DayTotal;

    pub fn serialize<S: Serializer>(days: &BTreeMap<NaiveDate, DayTotal>, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&DaysText(days))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<NaiveDate, DayTotal>, D::Error> {
        d.deserialize_str(DaysVisitor)
    }

    struct DaysText<'a>(&'a BTreeMap<NaiveDate, DayTotal>);

    impl fmt::Display for DaysText<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            for (k, (day, t)) in self.0.iter().enumerate() {
                if k > 0 {
                    f.write_char(';')?;
                }
                write!(f, "{}:{}:{}", day.num_days_from_ce(), t.net_units, t.gross_units)?;
            }
            Ok(())
        }
    }

    struct DaysVisitor;

    impl Visitor<'_> for DaysVisitor {
        type Value = BTreeMap<NaiveDate, DayTotal>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("days as day:net:gross;…")
        }

        fn visit_str<E: Error>(self, text: &str) -> Result<Self::Value, E> {
            parse_days(text).map_err(E::custom)
        }
    }

    /// The days of [`DaysText`]'s form, or what is wrong with them.
    pub(super) fn parse_days(text: &str) -> Result<BTreeMap<NaiveDate, DayTotal>, String> {
        if text.is_empty() {
            return Ok(BTreeMap::new());
        }
        // Sized at once: grown by doubling, the list moved its 48-byte
        // entries (aligned to 16) at every step, a fifth of the page's time
        // reading the days.
        let mut days = Vec::with_capacity(text.bytes().filter(|&b| b == b';').count() + 1);
        for entry in text.split(';') {
            let mut parts = entry.split(':');
            let (Some(day), Some(net), Some(gross), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
                return Err(format!("a day as day:net:gross, found {entry:?}"));
            };
            let date = day.parse().ok().and_then(NaiveDate::from_num_days_from_ce_opt).ok_or_else(|| format!("no such day: {day}"))?;
            let units = |text: &str| parse_units(text).ok_or_else(|| format!("not a whole number of units: {text}"));
            days.push((date, DayTotal { net_units: units(net)?, gross_units: units(gross)? }));
        }
        // In order already: the map is built from the sorted list at once.
        Ok(BTreeMap::from_iter(days))
    }

    /// `-?digits` as an `i128`, or `None` (not that form, or out of range).
    ///
    /// A day's sum in units of 10^-18 USD has some 20 digits: up to 19
    /// digits are read in a `u64`, up to 38 (below 10^38 < 2^128) as two
    /// such halves joined by one multiplication in `u128`; only longer
    /// digits (`i128`'s own ends have 39) take the checked way. In Wasm
    /// every `u128` multiplication is a library call, a checked one several
    /// (there were one a chunk of 18 digits, and a power of ten computed in
    /// `u128`).
    pub(crate) fn parse_units(text: &str) -> Option<i128> {
        const TEN_TO_19: u128 = 10_000_000_000_000_000_000;
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest.as_bytes()),
            None => (false, text.as_bytes()),
        };
        if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        // At most 19 digits: below 10^19 < 2^64.
        let value = |d: &[u8]| d.iter().fold(0u64, |v, &b| v * 10 + u64::from(b - b'0'));
        let magnitude = match digits.len() {
            ..=19 => u128::from(value(digits)),
            20..=38 => {
                let (high, low) = digits.split_at(digits.len() - 19);
                u128::from(value(high)) * TEN_TO_19 + u128::from(value(low))
            }
            _ => digits
                .chunks(19)
                .try_fold(0u128, |m, chunk| m.checked_mul(10u128.pow(chunk.len() as u32))?.checked_add(u128::from(value(chunk))))?,
        };
        if negative {
            // 0 - 2^127 is i128::MIN, still in range.
            0i128.checked_sub_unsigned(magnitude)
        } else {
            i128::try_from(magnitude).ok()
        }
    }
}

pub(crate) use day_list::parse_units;

/// Revenue per reseller ID.
pub type Ledger = BTreeMap<String, ResellerRevenue>;

#[cfg(test)]
mod tests {
    use super::*;

    fn usd(s: &str) -> Money {
        Money(s.parse().unwrap())
    }
    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn days_cross_to_the_page_and_back_unchanged() {
        let mut revenue = ResellerRevenue::default();
        for (date, net_units, gross_units) in [
            (NaiveDate::from_ymd_opt(2026, 3, 15).unwrap(), -12_340_000_000_000_000_000, 0),
            (NaiveDate::from_ymd_opt(1, 1, 1).unwrap(), i128::MIN, i128::MAX),
            (NaiveDate::from_ymd_opt(-40, 12, 31).unwrap(), 1, 1),
            (NaiveDate::MAX, i128::MAX, i128::MAX),
        ] {
            revenue.days.insert(date, DayTotal { net_units, gross_units });
        }
        revenue.add_unconverted("EUR", usd("1.5"));
        let json = serde_json::to_string(&revenue).unwrap();
        assert!(json.starts_with(r#"{"days":"-14610:1:1;1:"#), "{json}");
        assert_eq!(serde_json::from_str::<ResellerRevenue>(&json).unwrap(), revenue);
        let bad = json.replacen("-14610", "99999999", 1);
        assert!(serde_json::from_str::<ResellerRevenue>(&bad).unwrap_err().to_string().contains("no such day: 99999999"));
        let none: ResellerRevenue = serde_json::from_str(r#"{"days":"","unconverted":{},"lines":0}"#).unwrap();
        assert!(none.days.is_empty());
        for bad in [
            "739617:1",
            "739617:1:2:3",
            "739617:1:2;",
            ";739617:1:2",
            "x:1:2",
            "739617::2",
            "739617:-:2",
            "739617:1e5:2",
            "739617:+1:2",
            "739617: 1:2",
            "739617:170141183460469231731687303715884105728:0",
        ] {
            let json = format!(r#"{{"days":"{bad}","unconverted":{{}},"lines":1}}"#);
            assert!(serde_json::from_str::<ResellerRevenue>(&json).is_err(), "{bad}");
        }
    }

    proptest::proptest! {
        /// Units read back from their digits, across the whole range.
        #[test]
        fn units_read_back_from_their_digits(units: i128) {
            proptest::prop_assert_eq!(day_list::parse_units(&units.to_string()), Some(units));
        }

        /// Any digits, of every length on both sides of 19 and 38 digits,
        /// leading zeros and out of range included, read as std reads them.
        #[test]
        fn units_read_like_std(text in "-?[0-9]{1,45}") {
            proptest::prop_assert_eq!(day_list::parse_units(&text), text.parse::<i128>().ok());
        }
    }

    #[test]
    fn keeps_net_and_gross() {
        let mut r = ResellerRevenue::default();
        r.add_usd(date(2026, 1, 5), usd("100.00"));
        r.add_usd(date(2026, 1, 5), usd("-30.00"));
        r.add_usd(date(2026, 2, 1), usd("10.00"));
        let t = r.total(date(2026, 1, 1)..=date(2026, 1, 31));
        assert_eq!((t.net(), t.gross()), (usd("70.00"), usd("100.00")));
        assert_eq!(r.total(date(2026, 1, 1)..=date(2026, 12, 31)).net(), usd("80.00"));
        assert_eq!(r.lines, 3);
        assert_eq!(r.span(), Some((date(2026, 1, 5), date(2026, 2, 1))));
    }

    #[test]
    fn usd_lines_add_up_exactly() {
        // Usage prorations: each line has sub-cent digits; rounding each to
        // cents first would give 0.00 + 0.00 + 0.01 = 0.01, not 0.015.
        let mut r = ResellerRevenue::default();
        for line in ["0.004999999999999999", "0.005000000000000001", "0.005"] {
            r.add_usd(date(2026, 1, 5), usd(line));
        }
        let t = r.total(date(2026, 1, 1)..=date(2026, 1, 31));
        assert_eq!(t.net(), usd("0.015"));
        assert_eq!(t.net().round_cents(), usd("0.02"));
    }

    #[test]
    fn sums_saturate_instead_of_wrapping() {
        let mut t = DayTotal::default();
        for _ in 0..3 {
            t.add_line(usd("9999999999999999999999999999"));
        }
        assert_eq!(t.net_units, i128::MAX);
        t.merge(DayTotal { net_units: i128::MIN, gross_units: 0 });
        assert_eq!(t.net_units, -1);
    }

    #[test]
    fn an_empty_range_sums_to_zero() {
        let mut r = ResellerRevenue::default();
        r.add_usd(date(2026, 1, 5), usd("1.00"));
        assert_eq!(r.total(date(2026, 2, 1)..=date(2026, 1, 1)), DayTotal::default());
    }
}
