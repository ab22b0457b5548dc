//! The reseller register: what the data files do not say about a tenant.
//!
//! Columns (header required, any order, extra columns ignored):
//! `reseller_id,name,onboarding_date,deauthorized_on[,region][,other_provider_usd]`.
//! Dates are ISO (`2024-01-15`); `DD.MM.YYYY` is accepted too. A German
//! Excel re-save (`;`, Windows-1252) reads the same.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::dates::{parse_date, DateOrder};
use super::ingest::layout::normalise;
use super::ingest::records::{sniff_delimiter, RecordReader};
use super::ingest::text::TextDecoder;
use super::ingest::{Rejection, RejectionKind};
use super::money::{parse_amount, DecimalStyle, Money};

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
    /// CSP region of this tenant.
    #[serde(default)]
    pub region: Option<String>,
    /// D13: revenue through other providers in the evaluation window, USD.
    #[serde(default)]
    pub other_provider_usd: Option<Decimal>,
}

/// The register: entries by reseller ID.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Register {
    /// Entries by reseller ID.
    pub entries: BTreeMap<String, RegisterEntry>,
    /// Lines that could not be read.
    pub rejected: Vec<Rejection>,
}

impl Register {
    /// The entry of `reseller_id`.
    pub fn get(&self, reseller_id: &str) -> Option<&RegisterEntry> {
        self.entries.get(reseller_id)
    }

    /// Adds or replaces an entry.
    pub fn insert(&mut self, entry: RegisterEntry) {
        self.entries.insert(entry.reseller_id.clone(), entry);
    }

    /// Reads a register file. Fails only when there is no reseller ID column.
    pub fn parse(file: &str, bytes: &[u8]) -> Result<Register, String> {
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
            .ok_or_else(|| format!("{file}: the register needs a reseller_id column (found: {})", header.join(", ")))?;
        let name = col(&["name", "resellername", "company", "firma"]);
        let onboarding = col(&["onboardingdate", "onboarded", "onboardedon", "onboarding", "authorizedon"]);
        let deauthorized = col(&["deauthorizedon", "deauthorized", "deauthorizationdate"]);
        let region = col(&["region", "cspregion"]);
        let other = col(&["otherproviderusd", "otherprovider", "otherprovidersusd"]);

        let mut register = Register::default();
        for (line, row) in rows {
            let get = |c: Option<usize>| c.and_then(|i| row.get(i)).map(String::as_str).filter(|s| !s.is_empty());
            let Some(reseller_id) = get(Some(id)) else { continue };
            let mut reject = |column: usize, kind, expected: &str, found: &str| {
                register.rejected.push(Rejection {
                    file: file.to_owned(),
                    line,
                    column: header.get(column).cloned().unwrap_or_default(),
                    kind,
                    expected: expected.to_owned(),
                    found: found.to_owned(),
                    unclosed_quote: false,
                })
            };
            let mut date = |c: Option<usize>| match get(c) {
                None => None,
                Some(text) => match parse_date(text, DateOrder::DayFirst) {
                    Ok(d) => Some(d),
                    Err(_) => {
                        reject(c.unwrap_or(0), RejectionKind::BadDate, "a date like 2024-01-15", text);
                        None
                    }
                },
            };
            let onboarding_date = date(onboarding);
            let deauthorized_on = date(deauthorized);
            let other_provider_usd = match get(other) {
                None => None,
                Some(text) => match parse_amount(text, DecimalStyle::Point).or_else(|_| parse_amount(text, DecimalStyle::Comma)) {
                    Ok(v) => Some(Money(v).round_cents().0),
                    Err(e) => {
                        reject(other.unwrap_or(0), RejectionKind::BadAmount, e.expected(DecimalStyle::Point), text);
                        None
                    }
                },
            };
            register.insert(RegisterEntry {
                reseller_id: reseller_id.to_owned(),
                name: get(name).map(str::to_owned),
                onboarding_date,
                deauthorized_on,
                region: get(region).map(str::to_owned),
                other_provider_usd,
            });
        }
        Ok(register)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn needs_an_id_column() {
        assert!(Register::parse("r.csv", b"name,date\nx,y\n").is_err());
        assert_eq!(Register::parse("r.csv", b"").unwrap(), Register::default());
    }
}
