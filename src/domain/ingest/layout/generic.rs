//! Tables that are not a Partner Center layout: their columns found by
//! English and German names (a reseller ID, a date, an amount, a currency,
//! a type), by the values where the names do not tell, or as the user
//! mapped them (D17).

use super::{normalise, Attribution, ColumnMapping, ColumnPlan, ColumnRef, Layout, Role};

const RESELLER_SYNONYMS: &[&str] = &[
    "reseller",
    "resellerid",
    "resellermpnid",
    "tier2mpnid",
    "partnerid",
    "partner",
    "mpnid",
    "mpn",
    "plaid",
    "pla",
    "partnerlocationid",
    "wiederverkäufer",
    "wiederverkäuferid",
    "resellernummer",
    "händler",
    "händlerid",
    "resellername",
];
/// D17: names that may be the reseller, or the billed partner (`MpnId` is
/// the distributor in a distributor's file): pre-filled in the mapping for
/// the user to confirm, never taken silently.
const RESELLER_CANDIDATES: &[&str] = &["partnerid", "partner", "mpnid", "mpn", "partnernummer"];
const DATE_SYNONYMS: &[&str] = &[
    "date",
    "month",
    "datum",
    "monat",
    "rechnungsdatum",
    "invoicedate",
    "orderdate",
    "billingdate",
    "period",
    "billingperiod",
    "billingmonth",
    "zeitraum",
    "abrechnungsmonat",
    "leistungsdatum",
    "buchungsdatum",
    "belegdatum",
];
const AMOUNT_SYNONYMS: &[&str] = &[
    "amount",
    "revenue",
    "net",
    "netamount",
    "betrag",
    "umsatz",
    "netto",
    "nettobetrag",
    "nettoumsatz",
    "umsatznetto",
    "amountusd",
    "revenueusd",
    "subtotal",
    "pretaxamount",
    "value",
    "wert",
    "summe",
];
const CURRENCY_SYNONYMS: &[&str] = &["currency", "währung", "waehrung", "currencycode", "cur", "ccy", "whg"];
const TYPE_SYNONYMS: &[&str] = &["type", "art", "revenuetype", "umsatzart", "typ", "kind", "category", "kategorie", "chargetype"];

/// Names of a column that names a line's product (normalised).
const PRODUCT_SYNONYMS: &[&str] =
    &["productname", "product", "produkt", "produktname", "skuname", "sku", "artikel", "item", "offername", "description", "beschreibung"];

/// The product column of a mapped table, if its header names one that is
/// not taken by another role: shown when its lines are listed.
fn find_product(header: &[String], taken: &[usize]) -> Option<usize> {
    let names: Vec<String> = header.iter().map(|h| super::normalise(h)).collect();
    PRODUCT_SYNONYMS.iter().find_map(|s| names.iter().enumerate().find(|(i, n)| n == s && !taken.contains(i)).map(|(i, _)| i))
}

fn find_synonym(names: &[String], synonyms: &[&str], taken: &[usize]) -> Option<usize> {
    let free = |i: &usize| !taken.contains(i);
    // A name matched by its start or end is never a tax column for the
    // amount: `TaxTotal`, `Steuerbetrag`, `VATAmount`, `MwStBetrag` (D8).
    let is_tax =
        |n: &str| (n.contains("tax") && !n.contains("pretax")) || n.contains("steuer") || n.starts_with("vat") || n.contains("mwst");
    (0..names.len()).filter(free).find(|&i| synonyms.contains(&names[i].as_str())).or_else(|| {
        (0..names.len()).filter(free).find(|&i| {
            !is_tax(&names[i]) && synonyms.iter().filter(|s| s.len() >= 4).any(|s| names[i].starts_with(s) || names[i].ends_with(s))
        })
    })
}

/// The mapping to pre-fill for a table the reader asks about: what
/// [`generic_plan`] found, and a reseller candidate (D17) for the user to
/// confirm. Positions are 1-based.
pub fn suggest_mapping(header: &[String]) -> ColumnMapping {
    let names: Vec<String> = header.iter().map(|n| normalise(n)).collect();
    let mut taken = Vec::new();
    let mut pick = |synonyms: &[&str]| {
        let found = find_synonym(&names, synonyms, &taken);
        taken.extend(found);
        found.map(|i| ColumnRef::Position(i + 1))
    };
    let reseller = pick(RESELLER_SYNONYMS).or_else(|| pick(RESELLER_CANDIDATES));
    let amount = pick(AMOUNT_SYNONYMS);
    let date = pick(DATE_SYNONYMS);
    let currency = pick(CURRENCY_SYNONYMS);
    let kind = pick(TYPE_SYNONYMS);
    ColumnMapping { reseller, date, amount, currency, kind, tenant: None }
}

/// For a table whose header does not name its date and amount (or that has
/// none: `15.03.2026 ⇥ 450,00` pasted): the one column whose every value is
/// a date, and the one other whose every value is an amount, decided from
/// the values (D18), never by position. `None` where no column, or more
/// than one, fits.
pub fn date_and_amount_by_values<'a>(rows: impl Iterator<Item = &'a [String]> + Clone) -> (Option<usize>, Option<usize>) {
    use crate::domain::dates::{parse_date, DateOrder};
    use crate::domain::money::{parse_amount, DecimalStyle};
    let width = rows.clone().map(<[String]>::len).max().unwrap_or(0);
    let all = |c: usize, fits: &dyn Fn(&str) -> bool| {
        let mut values = rows.clone().filter_map(|r| r.get(c)).map(|v| v.trim()).filter(|v| !v.is_empty()).peekable();
        values.peek().is_some() && values.all(fits)
    };
    let is_date = |v: &str| parse_date(v, DateOrder::MonthFirst).is_ok() || parse_date(v, DateOrder::DayFirst).is_ok();
    let is_amount = |v: &str| parse_amount(v, DecimalStyle::Point).is_ok() || parse_amount(v, DecimalStyle::Comma).is_ok();
    let only = |found: Vec<usize>| if found.len() == 1 { Some(found[0]) } else { None };
    let date = only((0..width).filter(|&c| all(c, &is_date)).collect());
    let amount = only((0..width).filter(|&c| Some(c) != date && all(c, &is_amount)).collect());
    (date, amount)
}

/// Maps a table's header automatically from English and German names.
/// Returns the plan, or the roles that could not be found.
pub fn generic_plan(header: Option<&[String]>, width: usize, mapping: &ColumnMapping) -> Result<ColumnPlan, Vec<Role>> {
    let names: Vec<String> = header.map(|h| h.iter().map(|n| normalise(n)).collect()).unwrap_or_default();
    let mut taken = Vec::new();
    let pick = |given: &Option<ColumnRef>, synonyms: &[&str], taken: &mut Vec<usize>| {
        let found = match given {
            Some(c) => c.resolve(header, width),
            None => find_synonym(&names, synonyms, taken),
        };
        if let Some(i) = found {
            taken.push(i);
        }
        found
    };
    // One tenant's table: no reseller column is looked for.
    let reseller = match (&mapping.reseller, &mapping.tenant) {
        (None, Some(tenant)) => Some(Attribution::Tenant(tenant.clone())),
        (given, _) => pick(given, RESELLER_SYNONYMS, &mut taken).map(Attribution::Column),
    };
    let amount = pick(&mapping.amount, AMOUNT_SYNONYMS, &mut taken);
    let date = pick(&mapping.date, DATE_SYNONYMS, &mut taken);
    let currency = pick(&mapping.currency, CURRENCY_SYNONYMS, &mut taken);
    let kind = pick(&mapping.kind, TYPE_SYNONYMS, &mut taken);
    let mut missing = Vec::new();
    if reseller.is_none() {
        missing.push(Role::Reseller);
    }
    if date.is_none() {
        missing.push(Role::Date);
    }
    if amount.is_none() {
        missing.push(Role::Amount);
    }
    match (reseller, date, amount) {
        (Some(reseller), Some(date), Some(amount)) => Ok(ColumnPlan {
            layout: Layout::Generic,
            reseller,
            date,
            amount,
            currency,
            pricing_currency: None,
            pc_to_bc_rate: None,
            pricing_amount: None,
            kind,
            invoice: None,
            product: header.and_then(|h| find_product(h, &taken)),
            names: header.map(<[String]>::to_vec).unwrap_or_default(),
        }),
        _ => Err(missing),
    }
}
