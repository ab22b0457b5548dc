//! Serde for an amount with every decimal it has (`1.005`, `-0.000001`):
//! [`Money`](crate::domain::money::Money)'s own form is the figure shown, rounded to cents, but a line's
//! amount is summed before it is rounded (D19). Written as the ledger keeps
//! amounts, whole units of 10^-18 ([`Money::to_units`](crate::domain::money::Money::to_units)) in a string: the
//! sums the lines give are the ledger's, and no decimal formatting is
//! compiled into the reader for it.

/// For `Option<Money>`: units as a string, or absent.
pub mod option {
    use serde::{Deserialize, Deserializer, Serializer};

    use super::super::Money;

    pub fn serialize<S: Serializer>(value: &Option<Money>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(m) => s.collect_str(&m.to_units()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Money>, D::Error> {
        Option::<std::borrow::Cow<'de, str>>::deserialize(d)?
            .map(|t| {
                crate::domain::ledger::parse_units(&t)
                    .map(Money::from_units)
                    .ok_or_else(|| serde::de::Error::custom("not a whole number of units"))
            })
            .transpose()
    }
}
