//! Exact money: parsing amounts as they appear in files, rounding (D11) and
//! the two-decimal string every figure is shown and exported as.
//!
//! Amounts are `rust_decimal::Decimal`, never floats. A file's amount column
//! is parsed with a [`DecimalStyle`]: Partner Center files use a decimal point;
//! a sheet re-saved by German Excel uses a decimal comma and `.` for thousands.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub};

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::message::Message;

/// An amount of money in one currency, shown with exactly two decimals.
///
/// Serialises as a string (`"1000.00"`), so JSON consumers never see a float.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(pub Decimal);

impl Money {
    /// Zero.
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// The nearest `f64`, for what only draws or hands on a number: a
    /// chart's scale, a spreadsheet's number cell. Figures stay exact.
    pub fn to_f64(self) -> f64 {
        rust_decimal::prelude::ToPrimitive::to_f64(&self.0).unwrap_or(0.0)
    }

    /// Parses a plain decimal such as `1000` or `-12.5` (decimal point, no
    /// thousands separators), as used on the command line and in settings.
    pub fn parse_plain(text: &str) -> Option<Money> {
        parse_amount(text, DecimalStyle::Point).ok().map(Money)
    }

    /// The amount rounded to cents, half to even (D11).
    pub fn round_cents(self) -> Money {
        Money(round_cents(self.0))
    }

    /// `max(0, self)`.
    pub fn clamp_non_negative(self) -> Money {
        if self.0.is_sign_negative() {
            Money::ZERO
        } else {
            self
        }
    }

    /// True when the amount is below zero.
    pub fn is_negative(self) -> bool {
        self.0 < Decimal::ZERO
    }

    /// The amount in units of 10^-18 (exact for every amount of up to 18
    /// decimals, as usage prorations have, D19; more decimals are rounded
    /// half to even), saturating at the ends of `i128`.
    pub fn to_units(self) -> i128 {
        let (mantissa, scale) = (self.0.mantissa(), self.0.scale());
        if scale <= UNIT_SCALE {
            let factor = POWERS_OF_TEN[(UNIT_SCALE - scale) as usize];
            // Every line's amount: a mantissa within i64 times at most 10^18
            // stays below 2^123, so one plain multiplication (an overflow-
            // checked i128 one, and the power computed by squaring, were
            // several library calls per line in Wasm).
            match i64::try_from(mantissa) {
                Ok(small) => i128::from(small) * factor,
                Err(_) => mantissa.saturating_mul(factor),
            }
        } else {
            div_half_even_i128(mantissa, 10i128.pow(scale - UNIT_SCALE))
        }
    }

    /// An amount of units of 10^-18: exact while it fits a decimal (up to
    /// about 79 billion), else with as many decimals as fit.
    pub fn from_units(units: i128) -> Money {
        let mut value = units;
        for scale in (0..=UNIT_SCALE).rev() {
            if let Ok(d) = Decimal::try_from_i128_with_scale(value, scale) {
                return Money(d);
            }
            value = div_half_even_i128(value, 10);
        }
        Money(if units > 0 { Decimal::MAX } else { Decimal::MIN })
    }

    /// Whole cents (the amount rounded to cents first, D11). Exact for
    /// every decimal: a mantissa of at most 96 bits times 100 fits `i128`
    /// (`Decimal::rescale` would silently keep a smaller scale near the top
    /// of the range, and its mantissa would not be cents).
    pub fn to_cents(self) -> i128 {
        let v = round_cents(self.0);
        v.mantissa() * 10i128.pow(2 - v.scale().min(2))
    }

    /// An amount of whole cents (saturating at the largest decimal).
    pub fn from_cents(cents: i128) -> Money {
        Money(Decimal::try_from_i128_with_scale(cents, 2).unwrap_or(if cents > 0 { Decimal::MAX } else { Decimal::MIN }))
    }

    /// `self + rhs`, saturating at the largest decimal instead of panicking:
    /// a file may hold amounts of 28 digits.
    #[inline]
    pub fn saturating_add(self, rhs: Money) -> Money {
        // The running sums of a file's lines: the mantissas added at the
        // larger scale, as `Decimal` adds them (its general addition was 4%
        // of reading a file, two sums a line).
        let (a, b) = (self.0, rhs.0);
        let scale = a.scale().max(b.scale());
        let at_scale = |d: Decimal| match POWERS_OF_TEN.get((scale - d.scale()) as usize) {
            Some(&factor) => i64::try_from(d.mantissa()).ok().and_then(|m| i128::from(m).checked_mul(factor)),
            None => None,
        };
        if let (Some(x), Some(y)) = (at_scale(a), at_scale(b)) {
            if let Ok(sum) = Decimal::try_from_i128_with_scale(x + y, scale) {
                return Money(sum);
            }
        }
        Money(a.checked_add(b).unwrap_or(if b > Decimal::ZERO { Decimal::MAX } else { Decimal::MIN }))
    }
}

/// 10^0 to 10^18.
const POWERS_OF_TEN: [i128; UNIT_SCALE as usize + 1] = {
    let mut powers = [1i128; UNIT_SCALE as usize + 1];
    let mut k = 1;
    while k < powers.len() {
        powers[k] = powers[k - 1] * 10;
        k += 1;
    }
    powers
};

/// The scale of [`Money::to_units`]: sums of USD lines are kept in units of
/// 10^-18, so that lines already in USD add up exactly (D19).
pub const UNIT_SCALE: u32 = 18;

/// Rounds to cents, half to even (D11: "converted line amounts are rounded to
/// cents, half-to-even, before summing").
pub fn round_cents(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven)
}

/// `num / den` (`den > 0`) rounded to a whole number, half to even (D11), in
/// the integers' own type (i64 or i128).
macro_rules! div_half_even {
    ($num:expr, $den:expr) => {{
        let (num, den) = ($num, $den);
        let (q, r) = (num / den, num % den);
        let away = q + num.signum();
        match (r.unsigned_abs() * 2).cmp(&den.unsigned_abs()) {
            std::cmp::Ordering::Less => q,
            std::cmp::Ordering::Greater => away,
            std::cmp::Ordering::Equal if q % 2 == 0 => q,
            std::cmp::Ordering::Equal => away,
        }
    }};
}

/// `num / den` (`den > 0`) rounded half to even, in i128.
pub fn div_half_even_i128(num: i128, den: i128) -> i128 {
    div_half_even!(num, den)
}

/// `round_cents(amount / rate)` in integer arithmetic, for the per-line
/// currency conversion (D10a): `None` when the operands are too large for
/// the shortcut (the caller then divides in `Decimal`).
///
/// Why it is the same result: the exact quotient in cents is `num / den`; a
/// quotient that is not exactly on a half cent lies at least `1 / (2 den)`
/// away from one, while `Decimal`'s 28-digit quotient is off by less than
/// `|num / den| · 1e-27`. With `|num| < 1e26` that is less than `1 / (2 den)`,
/// so both round (half to even, D11) to the same cent.
pub fn div_round_cents(amount: Decimal, rate: Decimal) -> Option<Decimal> {
    if rate <= Decimal::ZERO {
        return None;
    }
    // In i64 when everything fits (every realistic line): i128 multiplication
    // and division are library calls in Wasm (4% of the reading profile).
    if let Some(cents) = div_round_cents_i64(amount, rate) {
        return Some(Decimal::new(cents, 2));
    }
    let num = amount.mantissa().checked_mul(10i128.checked_pow(rate.scale() + 2)?)?;
    let den = rate.mantissa().checked_mul(10i128.checked_pow(amount.scale())?)?;
    if num.unsigned_abs() >= 10u128.pow(26) {
        return None;
    }
    Decimal::try_from_i128_with_scale(div_half_even!(num, den), 2).ok()
}

/// [`div_round_cents`] in i64, when the operands fit (the same arithmetic:
/// `|num| < 1e26` holds, as i64 is below 1e19).
fn div_round_cents_i64(amount: Decimal, rate: Decimal) -> Option<i64> {
    let num = i64::try_from(amount.mantissa()).ok()?.checked_mul(10i64.checked_pow(rate.scale() + 2)?)?;
    let den = i64::try_from(rate.mantissa()).ok()?.checked_mul(10i64.checked_pow(amount.scale())?)?;
    Some(div_half_even!(num, den))
}

impl fmt::Display for Money {
    /// Two decimals, point as decimal mark, no thousands separators:
    /// `1234.50`, `-0.07`, `0.00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // From whole cents: exact at the ends of the range too, and never
        // "-0.00".
        let cents = self.to_cents();
        let sign = if cents < 0 { "-" } else { "" };
        let abs = cents.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
        let text = String::deserialize(d)?;
        text.parse::<Decimal>().map(Money).map_err(serde::de::Error::custom)
    }
}

// Arithmetic saturates rather than panics: no input may crash the app.
impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        self.saturating_add(rhs)
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        *self = self.saturating_add(rhs);
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        self.saturating_add(-rhs)
    }
}

impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

/// How a column writes its numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecimalStyle {
    /// `1,234.56` or `1234.56` (Partner Center, US/UK locales).
    Point,
    /// `1.234,56` or `1234,56` (German, French, ... locales).
    Comma,
}

/// Why an amount could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AmountError {
    /// The field is empty.
    Empty,
    /// The field is not a number in the column's style.
    NotANumber,
    /// The number does not fit an exact decimal (28 significant digits).
    OutOfRange,
}

impl AmountError {
    /// What was expected, in words a user can act on.
    pub fn expected(&self, style: DecimalStyle) -> Message {
        match (self, style) {
            (AmountError::Empty, _) => Message::new("an amount, found an empty field"),
            (AmountError::NotANumber, DecimalStyle::Point) => Message::new("an amount like 1234.56 or -12.50"),
            (AmountError::NotANumber, DecimalStyle::Comma) => Message::new("an amount like 1.234,56 or -12,50"),
            (AmountError::OutOfRange, _) => Message::new("an amount of at most 28 significant digits"),
        }
    }
}

/// Parses an amount written in `style`, without allocating.
///
/// Accepts a leading `-` or `+`, a trailing `-` (some ERP exports), an
/// accounting negative `(12.50)`, thousands separators in their place, a
/// currency sign or code around the number (`$12.50`, `12,50 €`, `EUR 12.50`)
/// and surrounding spaces (also no-break spaces). Scientific notation from
/// spreadsheets (`1.5E+03`) is accepted within range.
pub fn parse_amount(text: &str, style: DecimalStyle) -> Result<Decimal, AmountError> {
    match parse_plain_digits(text.as_bytes(), style) {
        Some(value) => Ok(value),
        None => parse_any_amount(text, style),
    }
}

/// The amounts of most lines, `-?digits` with at most one decimal mark and
/// at most 18 digits, read in one pass without trimming or checks for
/// other forms; `None` for anything else. The same value as
/// [`parse_any_amount`] (a proptest compares them): the same mantissa,
/// scale and sign.
#[inline]
fn parse_plain_digits(text: &[u8], style: DecimalStyle) -> Option<Decimal> {
    let dec_mark = match style {
        DecimalStyle::Point => b'.',
        DecimalStyle::Comma => b',',
    };
    let (negative, digits) = match text {
        [b'-', rest @ ..] => (true, rest),
        _ => (false, text),
    };
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    let (mut value, mut scale, mut any) = (0i64, None, false);
    for (k, &b) in digits.iter().enumerate() {
        if b.is_ascii_digit() {
            value = value * 10 + i64::from(b - b'0');
            any = true;
        } else if b == dec_mark && scale.is_none() {
            scale = Some((digits.len() - k - 1) as u32);
        } else {
            return None;
        }
    }
    if !any {
        return None;
    }
    let value = Decimal::try_new(value, scale.unwrap_or(0)).ok()?;
    Some(if negative { -value } else { value })
}

/// [`parse_amount`] of every form it accepts.
fn parse_any_amount(text: &str, style: DecimalStyle) -> Result<Decimal, AmountError> {
    let (dec_mark, group_mark) = match style {
        DecimalStyle::Point => (b'.', b','),
        DecimalStyle::Comma => (b',', b'.'),
    };
    let trimmed = trim_currency(strip_excel_guard(text.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}')));
    if trimmed.is_empty() {
        return Err(AmountError::Empty);
    }
    // Thousands marks of other locales (a space, a no-break space, a narrow
    // no-break space as French Excel writes, an apostrophe as Swiss Excel
    // writes) become the style's own group mark, checked like it below. Rare,
    // so only then is anything allocated.
    let regrouped: String;
    let trimmed = if trimmed.bytes().any(|b| b == b' ' || b == b'\'' || b >= 0x80) {
        regrouped = trimmed
            .chars()
            .map(|c| if matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\'' | '\u{2019}') { char::from(group_mark) } else { c })
            .collect();
        regrouped.as_str()
    } else {
        trimmed
    };
    let mut s = trimmed.as_bytes();
    let mut negative = false;
    if s.len() >= 2 && s[0] == b'(' && s[s.len() - 1] == b')' {
        negative = true;
        s = &s[1..s.len() - 1];
    }
    match s.first() {
        Some(b'-') => {
            negative = !negative;
            s = &s[1..];
        }
        Some(b'+') => s = &s[1..],
        _ => {}
    }
    if s.last() == Some(&b'-') && !negative {
        negative = true;
        s = &s[..s.len() - 1];
    }
    let s = trim_currency(std::str::from_utf8(s).map_err(|_| AmountError::NotANumber)?).as_bytes();
    if s.is_empty() {
        return Err(AmountError::NotANumber);
    }
    if s.iter().any(|&b| b == b'e' || b == b'E') {
        return parse_scientific(s, dec_mark, negative);
    }

    // u64 while it fits (every realistic amount): i128 arithmetic is a
    // library call in WebAssembly.
    let mut small: u64 = 0;
    let mut mantissa: i128 = 0;
    let mut big = false;
    let mut scale: u32 = 0;
    let mut digits = 0u32;
    let mut seen_dec = false;
    // Thousands groups: after the first group mark every group has 3 digits.
    let mut group_len: Option<u32> = None;
    let mut run = 0u32;
    for &b in s {
        match b {
            b'0'..=b'9' => {
                if digits > 0 || b != b'0' {
                    digits += 1;
                }
                if digits > 28 {
                    return Err(AmountError::OutOfRange);
                }
                let d = u64::from(b - b'0');
                if !big {
                    match small.checked_mul(10).and_then(|v| v.checked_add(d)) {
                        Some(v) => small = v,
                        None => {
                            big = true;
                            mantissa = i128::from(small) * 10 + i128::from(d);
                        }
                    }
                } else {
                    mantissa = mantissa * 10 + i128::from(d);
                }
                if seen_dec {
                    scale += 1;
                }
                run += 1;
            }
            _ if b == dec_mark && !seen_dec => {
                if group_len.is_some() && run != 3 {
                    return Err(AmountError::NotANumber);
                }
                seen_dec = true;
                run = 0;
            }
            _ if b == group_mark && !seen_dec => {
                let first = group_len.is_none();
                if (first && (run == 0 || run > 3)) || (!first && run != 3) {
                    return Err(AmountError::NotANumber);
                }
                group_len = Some(3);
                run = 0;
            }
            _ => return Err(AmountError::NotANumber),
        }
    }
    if group_len.is_some() && !seen_dec && run != 3 {
        return Err(AmountError::NotANumber);
    }
    if !s.iter().any(u8::is_ascii_digit) {
        return Err(AmountError::NotANumber);
    }
    if scale > 28 {
        return Err(AmountError::OutOfRange);
    }
    let value = if big {
        Decimal::try_from_i128_with_scale(mantissa, scale).map_err(|_| AmountError::OutOfRange)?
    } else {
        let v = i64::try_from(small).map_err(|_| AmountError::OutOfRange);
        match v {
            Ok(v) => Decimal::try_new(v, scale).map_err(|_| AmountError::OutOfRange)?,
            Err(_) => Decimal::try_from_i128_with_scale(i128::from(small), scale).map_err(|_| AmountError::OutOfRange)?,
        }
    };
    Ok(if negative { -value } else { value })
}

fn parse_scientific(s: &[u8], dec_mark: u8, negative: bool) -> Result<Decimal, AmountError> {
    let text: String = s.iter().map(|&b| if b == dec_mark { '.' } else { char::from(b) }).collect();
    if !text.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-')) {
        return Err(AmountError::NotANumber);
    }
    // Written as a number in scientific notation (`1.5E+3`), a value the
    // decimal type refuses is too large or too precise: decided from the
    // text's form, not from the words of the library's error.
    let (base, exp) = text.split_once(['e', 'E']).unwrap_or((&text, ""));
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let well_formed = match base.split_once('.') {
        Some((int, frac)) => (digits(int) || int.is_empty()) && (digits(frac) || frac.is_empty()) && !(int.is_empty() && frac.is_empty()),
        None => digits(base),
    } && digits(exp.strip_prefix(['+', '-']).unwrap_or(exp));
    let value = Decimal::from_scientific(&text).map_err(|_| if well_formed { AmountError::OutOfRange } else { AmountError::NotANumber })?;
    Ok(if negative { -value } else { value })
}

/// Drops Excel's text marker: a cell written `'22.50` (Partner Center's
/// downloads guard numbers so; Excel shows the value without it) holds 22.50.
pub fn strip_excel_guard(text: &str) -> &str {
    text.strip_prefix('\'').unwrap_or(text)
}

/// What the values of a column say about its decimal mark (D18).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StyleVote {
    /// The values settle it (or no value has a mark, when both read alike).
    Decided(DecimalStyle),
    /// Every value with a mark reads either way (`1.500`, `2,250`): the user
    /// is asked. Up to five examples.
    Ambiguous(Vec<String>),
}

/// Notes `value` among the values a question shows: five at most, each once.
pub(crate) fn note_example(examples: &mut Vec<String>, value: &str) {
    if examples.len() < 5 && !examples.iter().any(|e| e == value) {
        examples.push(value.to_owned());
    }
}

/// For a tie of votes: the values that read one way and the other, in
/// turn, among the examples.
pub(crate) fn note_tie(examples: &mut Vec<String>, one_way: Vec<&str>, other_way: Vec<&str>) {
    for v in one_way.into_iter().zip(other_way).flat_map(|(a, b)| [a, b]) {
        note_example(examples, v);
    }
}

/// Decides a column's decimal mark from its values (D18), never from the
/// layout or the delimiter: a value with both marks (`1.234,56`), with a mark
/// followed by other than three digits (`115.2`, `0,9234`, 18 decimals), or
/// with a mark twice (`1.234.567`) settles it; `1.500` alone does not.
pub fn decide_decimal_style<'a>(values: impl IntoIterator<Item = &'a str>) -> StyleVote {
    let (mut point, mut comma) = (0usize, 0usize);
    // Values that cannot tell, and the first that voted each way: a tie is
    // asked with the values that raised it (`100.00` against `1.234.567`).
    let mut examples: Vec<String> = Vec::new();
    let (mut point_says, mut comma_says): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    for value in values {
        let v = trim_currency(strip_excel_guard(value.trim())).trim_start_matches(['-', '+', '(']);
        // A mantissa's mark only: `1.25E+03`.
        let v = v.split(['e', 'E']).next().unwrap_or(v);
        let (dots, commas) = (v.matches('.').count(), v.matches(',').count());
        let after = |mark: char| v.rsplit(mark).next().map_or(0, |t| t.chars().take_while(char::is_ascii_digit).count());
        let before_is_zero = |mark: char| v.split(mark).next().is_some_and(|h| h.trim_start_matches('0').is_empty());
        let vote = match (dots, commas) {
            (0, 0) => None,
            (d, c) if d > 0 && c > 0 => Some(v.rfind('.') > v.rfind(',')),
            (d, 0) if d > 1 => Some(false),
            (0, c) if c > 1 => Some(true),
            (1, 0) if after('.') != 3 || before_is_zero('.') => Some(true),
            (0, 1) if after(',') != 3 || before_is_zero(',') => Some(false),
            _ => {
                note_example(&mut examples, value.trim());
                None
            }
        };
        match vote {
            Some(true) => {
                point += 1;
                if point_says.len() < 2 {
                    point_says.push(value.trim());
                }
            }
            Some(false) => {
                comma += 1;
                if comma_says.len() < 2 {
                    comma_says.push(value.trim());
                }
            }
            None => {}
        }
    }
    match (point, comma) {
        (0, 0) if !examples.is_empty() => StyleVote::Ambiguous(examples),
        (p, c) if p > c => StyleVote::Decided(DecimalStyle::Point),
        (p, c) if c > p => StyleVote::Decided(DecimalStyle::Comma),
        (0, 0) => StyleVote::Decided(DecimalStyle::Point),
        // As many values one way as the other: not for us to pick; the
        // question shows values that read each way.
        _ => {
            note_tie(&mut examples, point_says, comma_says);
            StyleVote::Ambiguous(examples)
        }
    }
}

/// Strips a currency sign or a three-letter code before or after the number.
fn trim_currency(s: &str) -> &str {
    let s = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}');
    let s = s.trim_start_matches(['$', '€', '£', '¥']).trim_end_matches(['$', '€', '£', '¥']);
    let s = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}');
    let bytes = s.as_bytes();
    if bytes.len() > 4 && bytes[..3].iter().all(u8::is_ascii_uppercase) && bytes[3] == b' ' {
        return s[4..].trim_start();
    }
    if bytes.len() > 4 && bytes[bytes.len() - 3..].iter().all(u8::is_ascii_uppercase) && bytes[bytes.len() - 4] == b' ' {
        return s[..s.len() - 4].trim_end();
    }
    s
}

/// Serde for an amount with every decimal it has (a line's, summed before
/// it is rounded).
pub mod exact;

#[cfg(test)]
mod tests;
