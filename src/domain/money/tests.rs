//! Amounts as files write them, and exact sums.

use super::*;

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn parses_point_style() {
    let p = |s| parse_amount(s, DecimalStyle::Point);
    assert_eq!(p("796.46"), Ok(dec("796.46")));
    assert_eq!(p("-12.48"), Ok(dec("-12.48")));
    assert_eq!(p("1,234.56"), Ok(dec("1234.56")));
    assert_eq!(p("1,234,567"), Ok(dec("1234567")));
    assert_eq!(p("(12.50)"), Ok(dec("-12.50")));
    assert_eq!(p("12.50-"), Ok(dec("-12.50")));
    assert_eq!(p(" $1,000.00 "), Ok(dec("1000.00")));
    assert_eq!(p("USD 5"), Ok(dec("5")));
    assert_eq!(p(".5"), Ok(dec("0.5")));
    assert_eq!(p("1.5E+03"), Ok(dec("1500")));
    assert_eq!(p("0"), Ok(dec("0")));
}

#[test]
fn scientific_notation_too_large_is_out_of_range_and_malformed_is_no_number() {
    let p = |s| parse_amount(s, DecimalStyle::Point);
    assert_eq!(p("1.5E+40"), Err(AmountError::OutOfRange));
    assert_eq!(p("123456789012345678901234567890E+2"), Err(AmountError::OutOfRange));
    assert_eq!(p("1.5E+"), Err(AmountError::NotANumber));
    assert_eq!(p("1.2.3E+2"), Err(AmountError::NotANumber));
}

#[test]
fn parses_comma_style() {
    let p = |s| parse_amount(s, DecimalStyle::Comma);
    assert_eq!(p("76,01"), Ok(dec("76.01")));
    assert_eq!(p("-12,48"), Ok(dec("-12.48")));
    assert_eq!(p("1.234.567,89"), Ok(dec("1234567.89")));
    assert_eq!(p("12,50 €"), Ok(dec("12.50")));
}

#[test]
fn rejects_what_is_not_an_amount() {
    let p = |s| parse_amount(s, DecimalStyle::Point);
    assert_eq!(p(""), Err(AmountError::Empty));
    assert_eq!(p("  "), Err(AmountError::Empty));
    assert_eq!(p("NaN"), Err(AmountError::NotANumber));
    assert_eq!(p("--5"), Err(AmountError::NotANumber));
    assert_eq!(p("1,23.4"), Err(AmountError::NotANumber));
    assert_eq!(p("12.3.4"), Err(AmountError::NotANumber));
    assert_eq!(p("-"), Err(AmountError::NotANumber));
    assert_eq!(p("."), Err(AmountError::NotANumber));
    assert_eq!(p("1e400"), Err(AmountError::OutOfRange));
    assert_eq!(parse_amount("1.234.567,89,0", DecimalStyle::Comma), Err(AmountError::NotANumber));
    assert_eq!(p("12345678901234567890123456789"), Err(AmountError::OutOfRange));
}

#[test]
fn sums_saturate_instead_of_panicking() {
    let big = Money(dec("9999999999999999999999999999"));
    let sum = [big; 10].into_iter().sum::<Money>();
    assert_eq!(sum, Money(Decimal::MAX));
    assert_eq!([-big; 10].into_iter().fold(Money::ZERO, |a, b| a - -b - big - big), Money(Decimal::MIN));
    assert_eq!(Money::from_cents(i128::MAX), Money(Decimal::MAX));
    // At the ends of the range: whole cents, two decimals, no silent
    // change of scale.
    assert_eq!(Money(Decimal::MAX).to_cents(), 7_922_816_251_426_433_759_354_395_033_500);
    assert_eq!(Money(Decimal::MAX).to_string(), "79228162514264337593543950335.00");
    assert_eq!(Money(Decimal::MIN).to_string(), "-79228162514264337593543950335.00");
    assert_eq!(Money(dec("792281625142643375935439503.35")).to_string(), "792281625142643375935439503.35");
    assert_eq!(Money(Decimal::MAX).saturating_add(Money(Decimal::ONE)), Money(Decimal::MAX));
    assert_eq!(Money(dec("-0.004")).to_string(), "0.00");
    assert_eq!(Money(dec("0.005")).to_string(), "0.00");
    assert_eq!(Money(dec("0.015")).to_string(), "0.02");
    assert_eq!(Money(dec("12.345")).to_cents(), 1234);
    assert_eq!(Money::from_cents(-705), Money(dec("-7.05")));
}

#[test]
fn reads_excel_guards_and_every_locales_thousands_marks() {
    let p = |s| parse_amount(s, DecimalStyle::Point);
    let c = |s| parse_amount(s, DecimalStyle::Comma);
    assert_eq!(p("'22.500000000000000000"), Ok(dec("22.5")));
    assert_eq!(p("'-12.50"), Ok(dec("-12.50")));
    assert_eq!(p("'0E-20"), Ok(dec("0")));
    assert_eq!(c("'1.234,56"), Ok(dec("1234.56")));
    assert_eq!(c("1 234,56"), Ok(dec("1234.56")));
    assert_eq!(c("1\u{202f}234\u{202f}567,89"), Ok(dec("1234567.89")));
    assert_eq!(c("1\u{a0}234,56 €"), Ok(dec("1234.56")));
    assert_eq!(p("1'234.56"), Ok(dec("1234.56")));
    assert_eq!(p("1\u{2019}234.56"), Ok(dec("1234.56")));
    assert_eq!(c("1,25E+03"), Ok(dec("1250")));
    // A space is a group mark only between groups of three.
    assert_eq!(c("12 50"), Err(AmountError::NotANumber));
    assert_eq!(p("''5"), Err(AmountError::NotANumber));
}

#[test]
fn the_values_decide_the_decimal_mark() {
    let vote = |v: &[&str]| decide_decimal_style(v.iter().copied());
    assert_eq!(vote(&["115.20", "1.500"]), StyleVote::Decided(DecimalStyle::Point));
    assert_eq!(vote(&["115,20", "1.500"]), StyleVote::Decided(DecimalStyle::Comma));
    assert_eq!(vote(&["'22.500000000000000000"]), StyleVote::Decided(DecimalStyle::Point));
    assert_eq!(vote(&["1.234.567", "12"]), StyleVote::Decided(DecimalStyle::Comma));
    assert_eq!(vote(&["1,234,567"]), StyleVote::Decided(DecimalStyle::Point));
    assert_eq!(vote(&["1.234,56"]), StyleVote::Decided(DecimalStyle::Comma));
    assert_eq!(vote(&["0.500"]), StyleVote::Decided(DecimalStyle::Point));
    assert_eq!(vote(&["0E-20", "1,5E+03"]), StyleVote::Decided(DecimalStyle::Comma));
    assert_eq!(vote(&["12", "-3", ""]), StyleVote::Decided(DecimalStyle::Point));
    // Never a guess: every value reads either way.
    assert_eq!(vote(&["1.500", "2.250", "1.500"]), StyleVote::Ambiguous(vec!["1.500".into(), "2.250".into()]));
    assert_eq!(vote(&["-1,500"]), StyleVote::Ambiguous(vec!["-1,500".into()]));
    // As many values read one way as the other: asked, with the values
    // that read each way (it asked with none before).
    assert_eq!(vote(&["100.00", "1.234.567"]), StyleVote::Ambiguous(vec!["100.00".into(), "1.234.567".into()]));
    assert_eq!(vote(&["1.500", "100.00", "1.234.567"]), StyleVote::Ambiguous(vec!["1.500".into(), "100.00".into(), "1.234.567".into()]));
}

#[test]
fn units_keep_eighteen_decimals_and_saturate() {
    assert_eq!(Money(dec("0.000000000000000001")).to_units(), 1);
    assert_eq!(Money(dec("22.500000000000000000")).to_units(), 22_500_000_000_000_000_000);
    assert_eq!(Money(dec("-0.0000000000000000015")).to_units(), -2);
    assert_eq!(Money::from_units(1), Money(dec("0.000000000000000001")));
    assert_eq!(Money::from_units(-1_234_500_000_000_000_000), Money(dec("-1.2345")));
    let huge = Money(dec("9999999999999999999999999999"));
    assert_eq!(huge.to_units(), i128::MAX);
    assert_eq!(Money::from_units(i128::MAX).0.round(), dec("170141183460469231732"));
    assert_eq!(Money::from_units(i128::MIN).0.round(), dec("-170141183460469231732"));
}

#[test]
fn rounds_half_to_even_and_prints_two_decimals() {
    assert_eq!(Money(dec("0.125")).round_cents(), Money(dec("0.12")));
    assert_eq!(Money(dec("0.135")).round_cents(), Money(dec("0.14")));
    assert_eq!(Money(dec("1000")).to_string(), "1000.00");
    assert_eq!(Money(dec("-0.001")).to_string(), "0.00");
    assert_eq!(Money(dec("-7.5")).to_string(), "-7.50");
}

proptest::proptest! {
    /// The one-pass reading of plain amounts gives exactly what the full
    /// reading gives (mantissa, scale and sign), in both styles.
    #[test]
    fn plain_amounts_read_alike_both_ways(
        text in "-?[0-9]{0,12}[.,]?[0-9]{0,8}[.,]?[0-9]{0,3}|[-+ 0-9.,]{0,22}",
        comma: bool,
    ) {
        let style = if comma { DecimalStyle::Comma } else { DecimalStyle::Point };
        if let Some(fast) = parse_plain_digits(text.as_bytes(), style) {
            let full = parse_any_amount(&text, style);
            proptest::prop_assert_eq!(Ok(fast), full);
            proptest::prop_assert_eq!((fast.mantissa(), fast.scale(), fast.is_sign_negative()), {
                let f = full.unwrap();
                (f.mantissa(), f.scale(), f.is_sign_negative())
            });
        }
    }
}

use proptest::strategy::Strategy as _;

proptest::proptest! {
    /// Units are the mantissa scaled to 18 decimals, saturating, whatever
    /// the mantissa's size.
    #[test]
    fn units_scale_the_mantissa(mantissa in proptest::prop_oneof![
        -1_000_000_000_000i128..1_000_000_000_000,
        proptest::num::i64::ANY.prop_map(i128::from),
        -(1i128 << 95)..(1i128 << 95),
    ], scale in 0u32..=18) {
        let money = Money(Decimal::from_i128_with_scale(mantissa, scale));
        proptest::prop_assert_eq!(money.to_units(), mantissa.saturating_mul(10i128.pow(UNIT_SCALE - scale)));
    }
}

proptest::proptest! {
    /// The sum by mantissas is `Decimal`'s own: the same value at the same
    /// scale, and the same saturation, for small and huge amounts alike.
    #[test]
    fn sums_are_decimals_sums(
        a in proptest::prop_oneof![-1_000_000_000_000i128..1_000_000_000_000, -(1i128 << 95)..(1i128 << 95)],
        b in proptest::prop_oneof![-1_000_000_000_000i128..1_000_000_000_000, -(1i128 << 95)..(1i128 << 95)],
        scales in (0u32..=28, 0u32..=28),
    ) {
        let (x, y) = (Decimal::from_i128_with_scale(a, scales.0), Decimal::from_i128_with_scale(b, scales.1));
        let sum = Money(x).saturating_add(Money(y)).0;
        let expected = x.checked_add(y).unwrap_or(if y > Decimal::ZERO { Decimal::MAX } else { Decimal::MIN });
        proptest::prop_assert_eq!(sum, expected);
        proptest::prop_assert_eq!(sum.scale(), expected.scale());
    }
}
