//! The reseller register: what the data files do not say about a tenant.
//!
//! Columns (header required, any order, extra columns ignored):
//! `reseller_id,name,onboarding_date,deauthorized_on[,reenrolled_on][,region][,other_provider_usd]`,
//! and optionally `anniversary_month` (1–12 or a month's name: a tenant past
//! its first year whose onboarding date is not known) and the D22 yes/no
//! columns `partner_id_active`, `endorsement`, `mfa_all_admins`,
//! `security_contact` (blank: not said).
//! Dates may be ISO (`2024-01-15`), German (`15.01.2024`), or slash dates
//! typed in either order: each date column decides its order from all its
//! values (D18: `5/23/2023` says month first), or, where a column cannot
//! (only dates like `5/10/2023`), from the register's other date column; a
//! register that cannot decide asks ([`Question::DateOrder`]) and reads those
//! dates once answered, never guessing. A date that cannot be read is a
//! rejection with its line and column. `other_provider_usd` decides its
//! decimal mark the same way. A German Excel re-save (`;`, Windows-1252) and
//! Excel's "Unicode text" (UTF-16, tabs) read the same.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::dates::{decide_date_order, parse_date, parse_month, DateError, DateOrder, OrderVote};
use super::ingest::layout::normalise;
use super::ingest::records::{sniff_delimiter, RecordReader};
use super::ingest::text::TextDecoder;
#[cfg(test)]
use super::ingest::RejectionKind;
use super::ingest::{FileError, Question, Reason, Rejection};
use super::money::{decide_decimal_style, parse_amount, DecimalStyle, Money, StyleVote};
use super::readiness::{parse_yes_no, Readiness, Requirement};

/// What is known about one reseller tenant besides its revenue.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterEntry {
    /// Reseller ID (the `ResellerMpnId` of the files).
    pub reseller_id: String,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Onboarding date of the tenant (anniversary month, D5).
    #[serde(default)]
    pub onboarding_date: Option<NaiveDate>,
    /// Deauthorization date, if it happened (D12).
    #[serde(default)]
    pub deauthorized_on: Option<NaiveDate>,
    /// D23: the day the tenant re-enrolled at its location after a
    /// deauthorization (on or after its re-enrollment date): a new
    /// onboarding, with a new exempt first year and anniversary month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reenrolled_on: Option<NaiveDate>,
    /// CSP region of this tenant.
    #[serde(default)]
    pub region: Option<String>,
    /// D13: revenue through other providers in the evaluation window, USD.
    #[serde(default)]
    pub other_provider_usd: Option<Decimal>,
    /// For a tenant past its first year whose onboarding date is unknown:
    /// the month (1–12) of its anniversary, all the rule needs of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anniversary_month: Option<u32>,
    /// D22: the other yearly requirements, as confirmed by the user.
    #[serde(default, skip_serializing_if = "Readiness::is_empty")]
    pub readiness: Readiness,
}

impl RegisterEntry {
    /// The onboarding date the rule works from at `as_of`: the one entered;
    /// else, for a tenant known only by its anniversary month, the first of
    /// that month two years before `as_of`. That date is past the first
    /// year (its first evaluation, a year on, is not after `as_of`) and has
    /// the same anniversary month, so every evaluation from a year back on
    /// falls where the real onboarding date puts it.
    pub fn onboarding_at(&self, as_of: NaiveDate) -> Option<NaiveDate> {
        self.onboarding_date.or_else(|| {
            let month = self.anniversary_month.filter(|m| (1..=12).contains(m))?;
            NaiveDate::from_ymd_opt(as_of.year() - 2, month, 1)
        })
    }
}

/// The register: entries by reseller ID.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Register {
    /// Entries by reseller ID.
    pub entries: BTreeMap<String, RegisterEntry>,
    /// Lines that could not be read.
    pub rejected: Vec<Rejection>,
    /// What the user must decide before some values can be read.
    pub questions: Vec<Question>,
}

/// The user's answers for a register whose values cannot decide (D18).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RegisterOptions {
    /// Order of slash dates.
    pub date_order: Option<DateOrder>,
    /// Decimal mark of `other_provider_usd`.
    pub decimal_style: Option<DecimalStyle>,
}

/// Why a register could not be read: its file, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegisterError {
    /// The register's file name.
    pub file: String,
    /// Why.
    pub error: FileError,
}

impl std::fmt::Display for RegisterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.error)
    }
}

impl std::error::Error for RegisterError {}

impl Register {
    /// The entry of `reseller_id`.
    pub fn get(&self, reseller_id: &str) -> Option<&RegisterEntry> {
        self.entries.get(reseller_id)
    }

    /// The entry of `reseller_id`, an empty one added if there is none (a
    /// date or month typed for a tenant the register does not list).
    pub fn entry_mut(&mut self, reseller_id: &str) -> &mut RegisterEntry {
        self.entries
            .entry(reseller_id.to_owned())
            .or_insert_with(|| RegisterEntry { reseller_id: reseller_id.to_owned(), ..RegisterEntry::default() })
    }

    /// Adds or replaces an entry.
    pub fn insert(&mut self, entry: RegisterEntry) {
        self.entries.insert(entry.reseller_id.clone(), entry);
    }

    /// This register (a file just loaded) with what was known before it
    /// (`earlier`: typed by hand, or an earlier file): a tenant the file does
    /// not list is kept; where the file leaves an onboarding date, an
    /// anniversary month or a D22 confirmation empty, the earlier value
    /// stays; what the file gives wins.
    pub fn keeping(mut self, earlier: &Register) -> Register {
        for (id, before) in &earlier.entries {
            let e = self.entries.entry(id.clone()).or_insert_with(|| before.clone());
            e.onboarding_date = e.onboarding_date.or(before.onboarding_date);
            e.anniversary_month = e.anniversary_month.or(before.anniversary_month);
            e.readiness = e.readiness.or(before.readiness);
        }
        self
    }

    /// Reads a register file, deciding its date order and decimal mark from
    /// its values. Fails only when there is no reseller ID column.
    pub fn parse(file: &str, bytes: &[u8]) -> Result<Register, RegisterError> {
        Register::parse_with(file, bytes, RegisterOptions::default())
    }

    /// [`Register::parse`] with the user's answers to its questions. An
    /// `.xlsx` register is read from its first sheet (where this build has
    /// the workbook reader; the web app converts the sheet first).
    pub fn parse_with(file: &str, bytes: &[u8], options: RegisterOptions) -> Result<Register, RegisterError> {
        let fail = |error| RegisterError { file: file.to_owned(), error };
        if super::ingest::xlsx::looks_like_xlsx(bytes) {
            let sheet = super::ingest::xlsx::sheet_as_csv(bytes, None).map_err(fail)?;
            return Register::parse_with(file, &sheet.csv, options);
        }
        let mut text = Vec::with_capacity(bytes.len());
        let mut decoder = TextDecoder::new();
        decoder.feed(bytes, true, &mut |t| text.extend_from_slice(t));
        let mut reader = RecordReader::new(sniff_delimiter(&text));
        let mut rows = Vec::new();
        let mut keep = |r: &super::ingest::records::Record<'_>| rows.push((r.line, r.to_strings()));
        let _ = reader.feed(&text, &mut keep);
        let _ = reader.feed(&[], &mut keep);
        let mut rows = rows.into_iter();
        let Some((_, header)) = rows.next() else { return Ok(Register::default()) };
        let names: Vec<String> = header.iter().map(|h| normalise(h)).collect();
        let col = |options: &[&str]| names.iter().position(|n| options.contains(&n.as_str()));
        let id = col(&["resellerid", "reseller", "id", "resellermpnid", "tier2mpnid", "mpnid", "partnerid"])
            .ok_or_else(|| fail(FileError::NoResellerColumn { found: header.clone() }))?;
        let name = col(&["name", "resellername", "company", "firma"]);
        let onboarding = col(&["onboardingdate", "onboarded", "onboardedon", "onboarding", "authorizedon"]);
        let deauthorized = col(&["deauthorizedon", "deauthorized", "deauthorizationdate"]);
        let reenrolled = col(&["reenrolledon", "reenrolled", "reenrollmentdate", "reenrolleddate"]);
        let region = col(&["region", "cspregion"]);
        let other = col(&["otherproviderusd", "otherprovider", "otherprovidersusd"]);
        let anniversary = col(&["anniversarymonth", "anniversary", "jahrestagsmonat"]);
        let readiness_columns = Requirement::ALL.map(|r| (r, col(&[normalise(r.column()).as_str()])));

        let rows: Vec<(u64, Vec<String>)> = rows.collect();
        let column_values = |c: Option<usize>| {
            rows.iter().filter_map(move |(_, row)| c.and_then(|i| row.get(i))).map(String::as_str).filter(|v| !v.trim().is_empty())
        };
        let mut register = Register::default();
        // Each date column by its own values; one that cannot tell by the
        // other's evidence (the same hand typed both); else the user's answer.
        let votes = [onboarding, deauthorized, reenrolled].map(|c| decide_date_order(column_values(c)));
        let evidence = votes.iter().find_map(|v| if let OrderVote::Decided(order) = v { Some(*order) } else { None });
        let mut orders = [None, None, None];
        for (i, (vote, column)) in votes.iter().zip([onboarding, deauthorized, reenrolled]).enumerate() {
            orders[i] = match (options.date_order, vote, evidence) {
                (Some(order), _, _) | (None, OrderVote::Ambiguous(_), Some(order)) => Some(order),
                (None, OrderVote::Ambiguous(examples), None) => {
                    if register.questions.is_empty() {
                        let column = header.get(column.unwrap_or(0)).cloned().unwrap_or_default();
                        register.questions.push(Question::DateOrder { column, examples: examples.clone() });
                    }
                    None
                }
                (None, vote, _) => vote.order(),
            };
        }
        let style = match (options.decimal_style, decide_decimal_style(column_values(other))) {
            (Some(style), _) | (None, StyleVote::Decided(style)) => Some(style),
            (None, StyleVote::Ambiguous(examples)) => {
                let column = header.get(other.unwrap_or(0)).cloned().unwrap_or_default();
                register.questions.push(Question::DecimalStyle { column, examples });
                None
            }
        };
        for (line, row) in rows.iter().map(|(l, r)| (*l, r)) {
            let get = |c: Option<usize>| c.and_then(|i| row.get(i)).map(String::as_str).filter(|s| !s.is_empty());
            let Some(reseller_id) = get(Some(id)) else { continue };
            let mut reject = |column: usize, reason: Reason, found: &str| {
                register.rejected.push(Rejection::new(file, line, header.get(column).cloned().unwrap_or_default(), reason, found))
            };
            // A date waiting for the user's answer is left out until then
            // (the question names the column); any other is read or rejected.
            let mut date = |c: Option<usize>, order: Option<DateOrder>| match (get(c), order) {
                (None, _) => None,
                (Some(text), order) => {
                    let read = |o| parse_date(text, o);
                    match order.map_or_else(
                        || read(DateOrder::MonthFirst).and_then(|m| read(DateOrder::DayFirst).map(|d| (m == d).then_some(m))),
                        |o| read(o).map(Some),
                    ) {
                        Ok(d) => d,
                        // D24: the .NET empty date is no date, as an empty cell.
                        Err(DateError::Empty) => None,
                        Err(e) => {
                            reject(c.unwrap_or(0), Reason::BadDate { error: e, order: order.unwrap_or(DateOrder::MonthFirst) }, text);
                            None
                        }
                    }
                }
            };
            let onboarding_date = date(onboarding, orders[0]);
            let deauthorized_on = date(deauthorized, orders[1]);
            let reenrolled_on = date(reenrolled, orders[2]);
            let other_provider_usd = match (get(other), style) {
                (None, _) | (Some(_), None) => None,
                (Some(text), Some(style)) => match parse_amount(text, style) {
                    Ok(v) => Some(Money(v).round_cents().0),
                    Err(e) => {
                        reject(other.unwrap_or(0), Reason::BadAmount { error: e, style }, text);
                        None
                    }
                },
            };
            // Only the month, for a tenant past its first year whose
            // onboarding date is not known (an onboarding date wins).
            let anniversary_month = match get(anniversary) {
                None => None,
                Some(text) => match parse_month(text) {
                    Some(m) => Some(m),
                    None => {
                        reject(anniversary.unwrap_or(0), Reason::NotAMonth, text);
                        None
                    }
                },
            };
            let mut readiness = Readiness::default();
            for (item, column) in readiness_columns {
                if let Some(text) = get(column) {
                    match parse_yes_no(text) {
                        Some(value) => readiness.set(item, value),
                        None => reject(column.unwrap_or(0), Reason::NotYesNo, text),
                    }
                }
            }
            register.insert(RegisterEntry {
                reseller_id: reseller_id.to_owned(),
                name: get(name).map(str::to_owned),
                onboarding_date,
                deauthorized_on,
                reenrolled_on,
                region: get(region).map(str::to_owned),
                other_provider_usd,
                anniversary_month,
                readiness,
            });
        }
        Ok(register)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_an_anniversary_month_instead_of_a_date() {
        let text = "reseller_id,onboarding_date,anniversary_month\nmine,,März\n2,,3\n3,2024-05-02,7\n4,,13\n";
        let r = Register::parse("reg.csv", text.as_bytes()).unwrap();
        assert_eq!((r.get("mine").unwrap().anniversary_month, r.get("2").unwrap().anniversary_month), (Some(3), Some(3)));
        // A tenant with both: the date is the one the rule takes.
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        assert_eq!(r.get("3").unwrap().onboarding_at(as_of), date(2024, 5, 2));
        assert_eq!((r.rejected.len(), r.rejected[0].line, r.rejected[0].found.as_str()), (1, 5, "13"));
        assert_eq!(r.rejected[0].kind(), RejectionKind::NotAMonth);
    }

    #[test]
    fn reads_the_readiness_columns() {
        let text = "reseller_id;partner_id_active;endorsement;mfa_all_admins;security_contact\n\
                    1;ja;nein;;x\n\
                    2;yes;yes;yes;yes\n\
                    3;vielleicht;;;\n";
        let r = Register::parse("reg.csv", text.as_bytes()).unwrap();
        let one = r.get("1").unwrap().readiness;
        assert_eq!(
            (one.partner_id_active, one.endorsement, one.mfa_all_admins, one.security_contact),
            (Some(true), Some(false), None, Some(true))
        );
        assert_eq!(crate::domain::readiness::ReadinessCheck::of(&r.get("2").unwrap().readiness, None).to_confirm, 0);
        // An unreadable cell is a rejection naming its line and column; the tenant stays.
        assert_eq!(r.rejected.len(), 1);
        assert_eq!(
            (r.rejected[0].line, r.rejected[0].column.as_str(), r.rejected[0].found.as_str()),
            (4, "partner_id_active", "vielleicht")
        );
        assert!(r.get("3").unwrap().readiness.is_empty());
    }

    #[test]
    fn reads_the_documented_columns() {
        let text = "reseller_id,name,onboarding_date,deauthorized_on,region,other_provider_usd\n\
                    4203511,Reseller 000 Ltd,2026-08-12,,EU,120.50\n\
                    5504390,\"Reseller, 005\",2024-09-27,2025-11-18,,\n\
                    6782797,No date,,,,\n\
                    7,Bad,2024-13-01,,,x\n";
        let r = Register::parse("reg.csv", text.as_bytes()).unwrap();
        assert_eq!(r.entries.len(), 4);
        let e = r.get("4203511").unwrap();
        assert_eq!(e.onboarding_date, NaiveDate::from_ymd_opt(2026, 8, 12));
        assert_eq!(e.other_provider_usd, Some("120.50".parse().unwrap()));
        assert_eq!(r.get("5504390").unwrap().name.as_deref(), Some("Reseller, 005"));
        assert_eq!(r.get("6782797").unwrap().onboarding_date, None);
        assert_eq!(r.rejected.len(), 2);
        assert_eq!((r.rejected[0].line, r.rejected[0].column.as_str()), (5, "onboarding_date"));
    }

    fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn us_dates_are_read_month_first_when_one_value_says_so() {
        let text = "reseller_id,onboarding_date\n1,5/10/2023\n2,5/23/2023\n3,2024-01-15\n";
        let r = Register::parse("us.csv", text.as_bytes()).unwrap();
        assert_eq!(r.get("1").unwrap().onboarding_date, date(2023, 5, 10));
        assert_eq!(r.get("2").unwrap().onboarding_date, date(2023, 5, 23));
        assert_eq!(r.get("3").unwrap().onboarding_date, date(2024, 1, 15));
        assert!(r.questions.is_empty() && r.rejected.is_empty());
        let text = "reseller_id,onboarding_date\n1,10/5/2023\n2,23/5/2023\n";
        let r = Register::parse("uk.csv", text.as_bytes()).unwrap();
        assert_eq!(r.get("1").unwrap().onboarding_date, date(2023, 5, 10));
    }

    #[test]
    fn a_register_that_cannot_tell_asks_and_reads_the_answer() {
        let text = "reseller_id,onboarding_date,deauthorized_on\n1,5/10/2023,\n2,3/4/2024,\n3,2024-02-01,\n4,7/7/2023,\n";
        let r = Register::parse("r.csv", text.as_bytes()).unwrap();
        assert_eq!(
            r.questions,
            vec![Question::DateOrder { column: "onboarding_date".into(), examples: vec!["5/10/2023".into(), "3/4/2024".into()] }]
        );
        // Never a guess: the two-way dates wait; those that read alike do not.
        assert_eq!(r.get("1").unwrap().onboarding_date, None);
        assert_eq!(r.get("3").unwrap().onboarding_date, date(2024, 2, 1));
        assert_eq!(r.get("4").unwrap().onboarding_date, date(2023, 7, 7));
        let answered = Register::parse_with(
            "r.csv",
            text.as_bytes(),
            RegisterOptions { date_order: Some(DateOrder::MonthFirst), ..Default::default() },
        )
        .unwrap();
        assert!(answered.questions.is_empty());
        assert_eq!(answered.get("1").unwrap().onboarding_date, date(2023, 5, 10));
        assert_eq!(answered.get("2").unwrap().onboarding_date, date(2024, 3, 4));
        // The other date column's evidence settles it (the same hand typed both).
        let text = "reseller_id,onboarding_date,deauthorized_on\n1,5/10/2023,\n2,3/4/2022,6/20/2025\n";
        let r = Register::parse("r.csv", text.as_bytes()).unwrap();
        assert!(r.questions.is_empty());
        assert_eq!(r.get("1").unwrap().onboarding_date, date(2023, 5, 10));
    }

    #[test]
    fn an_unreadable_date_is_a_rejection_with_line_and_column() {
        let text = "reseller_id,onboarding_date\n1,5/23/2023\n2,5/32/2023\n3,soon\n";
        let r = Register::parse("r.csv", text.as_bytes()).unwrap();
        let at: Vec<(u64, &str, RejectionKind)> = r.rejected.iter().map(|x| (x.line, x.column.as_str(), x.kind())).collect();
        assert_eq!(at, vec![(3, "onboarding_date", RejectionKind::BadDate), (4, "onboarding_date", RejectionKind::BadDate)]);
    }

    #[test]
    fn german_excel_and_unicode_text_registers_read_the_same() {
        let plain = Register::parse("r.csv", b"reseller_id,name,onboarding_date,other_provider_usd\n1,A,2023-05-10,1500.25\n").unwrap();
        let german =
            Register::parse("r.csv", b"reseller_id;name;onboarding_date;other_provider_usd\r\n1;A;10.05.2023;1.500,25\r\n").unwrap();
        let mut utf16 = vec![0xff, 0xfe];
        for unit in
            "reseller_id\tname\tonboarding_date\tother_provider_usd\r\n1\tA\t5/10/2023\t1500.25\r\n2\tB\t12/31/2023\t\r\n".encode_utf16()
        {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        let unicode = Register::parse("r.txt", &utf16).unwrap();
        assert_eq!(plain.get("1"), german.get("1"));
        assert_eq!(plain.get("1"), unicode.get("1"));
        // A decimal mark the column cannot settle is asked too.
        let r = Register::parse("r.csv", b"reseller_id,other_provider_usd\n1,1.500\n").unwrap();
        assert!(matches!(&r.questions[..], [Question::DecimalStyle { .. }]));
        assert_eq!(r.get("1").unwrap().other_provider_usd, None);
    }

    #[cfg(feature = "xlsx")]
    #[test]
    fn a_workbook_register_reads_like_its_csv() {
        let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/real/register.us.xlsx")).unwrap();
        let csv = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/real/register.us.csv")).unwrap();
        let (book, text) = (Register::parse("r.xlsx", &bytes).unwrap(), Register::parse("r.csv", &csv).unwrap());
        assert_eq!(book.entries, text.entries);
        assert_eq!(book.get("5120001").unwrap().onboarding_date, date(2023, 5, 10));
    }

    #[test]
    fn a_file_loaded_keeps_what_was_known_where_it_says_nothing() {
        let mut earlier = Register::default();
        earlier.entry_mut("1").onboarding_date = NaiveDate::from_ymd_opt(2023, 3, 8);
        earlier.entry_mut("2").onboarding_date = NaiveDate::from_ymd_opt(2022, 1, 1);
        earlier.entry_mut("3").anniversary_month = Some(5);
        earlier.entry_mut("3").readiness.set(Requirement::Endorsement, Some(true));
        let file = Register::parse("r.csv", b"reseller_id,name,onboarding_date,endorsement\n1,One,,\n2,Two,2021-06-19,no\n").unwrap();
        let merged = file.keeping(&earlier);
        let e = |id: &str| merged.get(id).unwrap();
        assert_eq!((e("1").onboarding_date, e("1").name.as_deref()), (NaiveDate::from_ymd_opt(2023, 3, 8), Some("One")));
        assert_eq!(e("2").onboarding_date, NaiveDate::from_ymd_opt(2021, 6, 19), "the file's date wins");
        assert_eq!(e("2").readiness.get(Requirement::Endorsement), Some(false));
        assert_eq!((e("3").anniversary_month, e("3").readiness.get(Requirement::Endorsement)), (Some(5), Some(true)), "kept");
    }

    /// Dates as people type them: month names in English and German, Excel's
    /// `d-mmm-yy`; they decide nothing about the other dates' order, and the
    /// .NET empty date is no date (D24).
    #[test]
    fn dates_typed_with_month_names() {
        let text = "reseller_id,onboarding_date,deauthorized_on\n1,\"Jan 15, 2024\",\n2,15. Januar 2024,0001-01-01T00:00:00\n3,15-Mar-24,\n4,15 March 2024,\n";
        let r = Register::parse("reg.csv", text.as_bytes()).unwrap();
        let on = |id: &str| r.get(id).unwrap().onboarding_date;
        assert_eq!(
            [on("1"), on("2"), on("3"), on("4")],
            [
                NaiveDate::from_ymd_opt(2024, 1, 15),
                NaiveDate::from_ymd_opt(2024, 1, 15),
                NaiveDate::from_ymd_opt(2024, 3, 15),
                NaiveDate::from_ymd_opt(2024, 3, 15)
            ]
        );
        assert_eq!(r.get("2").unwrap().deauthorized_on, None);
        assert!(r.rejected.is_empty() && r.questions.is_empty(), "{:?} {:?}", r.rejected, r.questions);
    }

    #[test]
    fn needs_an_id_column() {
        assert!(Register::parse("r.csv", b"name,date\nx,y\n").is_err());
        assert_eq!(Register::parse("r.csv", b"").unwrap(), Register::default());
    }
}
