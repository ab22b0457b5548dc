//! A text shown to a person, as a value: its English template with the
//! values that fill it in.
//!
//! Every message of the domain (why a line or a file could not be read, what
//! keeps a table unmapped, a tenant's warnings, the calendar's words) is
//! written once, here in the domain, as a [`Message`]: `Display` renders it
//! in English (the CLI's words and the JSON's text fields), and the web app
//! translates the template through its German catalogue (`src/web/i18n`,
//! keyed by this English) and formats each [`Arg`] for the locale.
//! `tests/hygiene.rs` finds every template written as `Message::new("…")` or
//! `Arg::count(n, "…", "…")` here and checks it has its German entry.
//!
//! In English the values read as the CLI writes them: whole numbers grouped
//! by thousands (`1,234`), dates as ISO (`2026-11-28`), USD as `USD 1234.50`.

use std::fmt::{self, Display};

use chrono::{Datelike, NaiveDate};

use super::assess::Status;
use super::money::Money;

/// A text with `{name}` placeholders and the values they stand for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// The English, with `{name}` placeholders (the catalogue's key).
    pub template: &'static str,
    /// The value of each placeholder.
    pub args: Vec<(&'static str, Arg)>,
}

/// A value in a message, typed so each language formats it its own way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    /// Text shown as it is: a file, column or currency name, a reader's own
    /// words, a position (line 1234, column 3: never grouped).
    Text(String),
    /// A whole number: `1,234`.
    Number(u64),
    /// A count with its singular and plural templates (`{n} line`, `{n}
    /// lines`): `1 line`, `1,234 lines`.
    Count {
        /// How many.
        n: u64,
        /// The template for one.
        one: &'static str,
        /// The template for any other number.
        other: &'static str,
    },
    /// A day: `2026-11-28`.
    Date(NaiveDate),
    /// The month of a day: `March 2027`.
    Month(NaiveDate),
    /// An amount in USD: `USD 1234.50`.
    Usd(Money),
    /// An amount in another currency, without it: `1234.50`.
    Decimal(Money),
    /// A tenant's status: `at risk` (the JSON's name in words).
    Status(Status),
    /// A message of its own.
    Message(Box<Message>),
}

impl Message {
    /// A message without values (yet).
    pub fn new(template: &'static str) -> Message {
        Message { template, args: Vec::new() }
    }

    /// With the value of `{name}`.
    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Message {
        self.args.push((name, value.into()));
        self
    }
}

impl Arg {
    /// `n` in the words `one` (for 1) or `other`, each with `{n}`.
    pub fn count(n: u64, one: &'static str, other: &'static str) -> Arg {
        Arg::Count { n, one, other }
    }

    /// `1 line`, `2 lines`.
    pub fn lines(n: u64) -> Arg {
        Arg::count(n, "{n} line", "{n} lines")
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_owned())
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Text(s.clone())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

impl From<Message> for Arg {
    fn from(m: Message) -> Arg {
        Arg::Message(Box::new(m))
    }
}

impl Display for Message {
    /// The English.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let args: Vec<(&str, &dyn Display)> = self.args.iter().map(|(name, value)| (*name, value as &dyn Display)).collect();
        f.write_str(&fill(self.template, &args))
    }
}

impl Display for Arg {
    /// The value as the English reads it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Arg::Text(s) => f.write_str(s),
            Arg::Number(n) => f.write_str(&thousands(*n)),
            Arg::Count { n, one, other } => f.write_str(&fill(if *n == 1 { one } else { other }, &[("n", &thousands(*n))])),
            Arg::Date(d) => write!(f, "{d}"),
            Arg::Month(d) => write!(f, "{} {}", MONTHS[d.month0() as usize], d.year()),
            Arg::Usd(m) => write!(f, "USD {m}"),
            Arg::Decimal(m) => write!(f, "{m}"),
            Arg::Status(s) => f.write_str(&s.as_str().replace('_', " ")),
            Arg::Message(m) => write!(f, "{m}"),
        }
    }
}

const MONTHS: [&str; 12] =
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/// `12345` as `12,345`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Replaces each `{name}` of `template` by its value; unknown names stay.
pub fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').map(|close| (&after[..close], close)) {
            Some((name, close)) => {
                match args.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(&v.to_string()),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_fills_each_value_as_the_cli_writes_it() {
        let d = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
        let m = Message::new("{who}: {lines}, {n} MB, {usd} ({eur}) on {day}, {month}; {status}; {unknown}")
            .with("who", Message::new("Reseller {id}").with("id", "42"))
            .with("lines", Arg::lines(1_234_567))
            .with("n", Arg::Number(1536))
            .with("usd", Arg::Usd(Money("600.5".parse().unwrap())))
            .with("eur", Arg::Decimal(Money("-20".parse().unwrap())))
            .with("day", Arg::Date(d))
            .with("month", Arg::Month(d))
            .with("status", Arg::Status(Status::AtRisk));
        assert_eq!(
            m.to_string(),
            "Reseller 42: 1,234,567 lines, 1,536 MB, USD 600.50 (-20.00) on 2027-03-01, March 2027; at risk; {unknown}"
        );
        assert_eq!(Arg::lines(1).to_string(), "1 line");
        assert_eq!(Arg::lines(0).to_string(), "0 lines");
        assert_eq!(Arg::Number(999).to_string(), "999");
        assert_eq!(fill("{a} {b", &[("a", &"x")]), "x {b");
    }
}
