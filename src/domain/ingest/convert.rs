//! The rules applied to each line: its USD amount (D10, D11, D14), and
//! whether it is a direct sale (D16) or a partner-of-record attribution
//! (D15). Small pure functions, tested one by one.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::account::{ExchangeRates, LineAmount};
use super::layout::ColumnPlan;
use super::text::trim;
use crate::domain::money::{parse_amount, round_cents, DecimalStyle, Money};

/// What converting a file's amounts needs, settled once the file's
/// columns and styles are known.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct AmountRules {
    /// How the file writes numbers (D18).
    pub(crate) style: DecimalStyle,
    /// The currency of a line that names none (upper case).
    pub(crate) default_currency: String,
    /// What is left of an amount after the provider margin (D14).
    pub(crate) margin_factor: Option<Decimal>,
}

/// The line's USD amount by D10: USD as it is; a USD amount the file implies
/// (D10a); a user rate (D10b); else unconverted (D10c). D14 margin applied.
pub(super) fn convert<'a, 'f: 'a, F: Fn(usize) -> Option<&'f str> + ?Sized>(
    original: Decimal,
    plan: &ColumnPlan,
    reading: &'a AmountRules,
    field: &F,
    rates: &ExchangeRates,
) -> LineAmount<'a> {
    use std::borrow::Cow;
    let currency: Cow<'a, str> = match plan.currency.and_then(field).map(trim).filter(|c| !c.is_empty()) {
        Some(c) if c.bytes().any(|b| b.is_ascii_lowercase()) => Cow::Owned(c.to_ascii_uppercase()),
        Some(c) => Cow::Borrowed(c),
        None => Cow::Borrowed(reading.default_currency.as_str()),
    };
    let pricing_usd = plan.pricing_currency.and_then(field).is_some_and(|c| trim(c).eq_ignore_ascii_case("USD"));
    // A line already in USD keeps every decimal it has (D19): only a
    // converted amount is rounded to cents (D11).
    if currency == "USD" {
        let usd = match reading.margin_factor {
            Some(f) => original.checked_mul(f),
            None => Some(original),
        };
        return LineAmount { usd: usd.map(Money), currency, original: Money(original) };
    }
    let raw: Option<Decimal> = if let (true, Some(rate)) =
        (pricing_usd, plan.pc_to_bc_rate.and_then(field).and_then(|r| parse_amount(r, reading.style).ok()).filter(|r| *r > Decimal::ZERO))
    {
        // Most lines of a new-commerce file: the integer shortcut, same cents.
        if reading.margin_factor.is_none() {
            if let Some(cents) = crate::domain::money::div_round_cents(original, rate) {
                return LineAmount { usd: Some(Money(cents)), currency, original: Money(original) };
            }
        }
        original.checked_div(rate)
    } else if let (true, Some(pricing)) =
        (pricing_usd, plan.pricing_amount.and_then(field).and_then(|a| parse_amount(a, reading.style).ok()))
    {
        Some(pricing)
    } else {
        rates.rate(&currency).and_then(|r| original.checked_mul(r))
    };
    let usd = raw
        .and_then(|v| match reading.margin_factor {
            Some(f) => v.checked_mul(f),
            None => Some(v),
        })
        .map(|v| Money(round_cents(v)));
    LineAmount { usd, currency, original: Money(original) }
}

/// D16: a blank, `0` (or all zeros) reseller ID marks a direct sale, as
/// does the `-1` the legacy API writes for "no reseller".
pub(super) fn is_direct_sale(reseller: &str) -> bool {
    let id = trim(reseller);
    id.trim_start_matches('0').is_empty() || id == "-1"
}

/// D15: a type that names a partner-of-record attribution.
pub(super) fn is_partner_of_record(kind: &str) -> bool {
    let contains = |needle: &str| {
        kind.len() >= needle.len() && kind.as_bytes().windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
    };
    kind.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| w.eq_ignore_ascii_case("cpor") || w.eq_ignore_ascii_case("dpor") || w.eq_ignore_ascii_case("pal"))
        || (kind.len() >= 16 && (contains("partner admin link") || contains("partner of record")))
}

/// The last charge type seen and [`is_partner_of_record`]'s verdict on it:
/// most lines repeat the type of the line before.
#[derive(Default)]
pub(super) struct KindSeen {
    kind: String,
    partner_of_record: bool,
}

impl KindSeen {
    /// Whether `kind` names a partner-of-record attribution, worked out
    /// again only when it differs from the last one.
    #[inline]
    pub(super) fn is(&mut self, kind: &str) -> bool {
        if self.kind != kind {
            kind.clone_into(&mut self.kind);
            self.partner_of_record = is_partner_of_record(kind);
        }
        self.partner_of_record
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ingest::layout::Layout;
    use crate::domain::money::DecimalStyle;

    /// A new-commerce-like plan: amount, currency, pricing currency, rate,
    /// pricing amount in columns 0 to 4.
    fn plan() -> ColumnPlan {
        ColumnPlan {
            layout: Layout::Generic,
            reseller: crate::domain::ingest::layout::Attribution::Column(5),
            date: 6,
            amount: 0,
            currency: Some(1),
            pricing_currency: Some(2),
            pc_to_bc_rate: Some(3),
            pricing_amount: Some(4),
            kind: None,
            invoice: None,
            product: None,
            names: Vec::new(),
        }
    }

    fn rules(margin: Option<&str>) -> AmountRules {
        AmountRules { style: DecimalStyle::Point, default_currency: "USD".into(), margin_factor: margin.map(|m| m.parse().unwrap()) }
    }

    fn usd(fields: &[&str], margin: Option<&str>, rates: &ExchangeRates) -> (Option<String>, String) {
        let r = rules(margin);
        let field = |i: usize| fields.get(i).copied();
        let amount: Decimal = fields[0].parse().unwrap();
        let line = convert(amount, &plan(), &r, &field, rates);
        (line.usd.map(|m| m.0.normalize().to_string()), line.currency.into_owned())
    }

    #[test]
    fn usd_lines_keep_every_decimal() {
        assert_eq!(usd(&["10.005", "usd"], None, &ExchangeRates::default()), (Some("10.005".into()), "USD".into()));
    }

    #[test]
    fn d10a_the_file_implies_usd_by_its_rate_or_pricing_amount() {
        let none = ExchangeRates::default();
        assert_eq!(usd(&["92.38", "EUR", "USD", "0.9238"], None, &none).0.as_deref(), Some("100"));
        assert_eq!(usd(&["92.38", "EUR", "USD", "", "100.004"], None, &none).0.as_deref(), Some("100"));
        // A rate of zero is no rate: the pricing amount or the user's rate.
        assert_eq!(usd(&["92.38", "EUR", "USD", "0", "99.5"], None, &none).0.as_deref(), Some("99.5"));
    }

    #[test]
    fn d10b_a_user_rate_else_d10c_unconverted() {
        let rates = ExchangeRates { rates: [("eur".to_owned(), "1.0825".parse().unwrap())].into() };
        assert_eq!(usd(&["100", "EUR"], None, &rates).0.as_deref(), Some("108.25"));
        assert_eq!(usd(&["100", "GBP"], None, &rates), (None, "GBP".into()));
    }

    #[test]
    fn d14_a_margin_discounts_resale_prices() {
        assert_eq!(usd(&["100", "USD"], Some("0.9"), &ExchangeRates::default()).0.as_deref(), Some("90"));
        assert_eq!(usd(&["92.38", "EUR", "USD", "0.9238"], Some("0.9"), &ExchangeRates::default()).0.as_deref(), Some("90"));
    }

    #[test]
    fn d15_partner_of_record_types() {
        for kind in ["CPOR", "dpor", "PAL", "Partner Admin Link", "Claimed partner of record", "PAL (claimed)"] {
            assert!(is_partner_of_record(kind), "{kind}");
        }
        for kind in ["", "Usage", "Azure plan", "Palette", "Support (Premier)"] {
            assert!(!is_partner_of_record(kind), "{kind}");
        }
    }

    #[test]
    fn d16_blank_and_zero_ids_are_direct_sales() {
        for id in ["", " ", "0", "000", " 0 ", "-1"] {
            assert!(is_direct_sale(id), "{id:?}");
        }
        for id in ["1", "1234567", "0100", "-12"] {
            assert!(!is_direct_sale(id), "{id:?}");
        }
    }
}
