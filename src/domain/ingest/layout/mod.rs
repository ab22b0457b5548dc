//! Recognising a file by its header, and the column plan that reads its lines.
//!
//! Design note. Every layout, Partner Center's four and any hand-made table,
//! reduces to one [`ColumnPlan`]: which column holds the reseller, the date
//! that places the line (D9), the pre-tax amount (D8), the currency, and for
//! new-commerce files the columns that imply a USD amount (D10a). Header names
//! are compared normalised (case, spaces, dashes and underscores ignored), so
//! `ResellerMpnId`, `ResellerMPNID` and `Reseller MPN ID` are one name.

use serde::{Deserialize, Serialize};

use super::error::required;
use crate::domain::message::{Arg, Message};

mod generic;
pub use self::generic::{date_and_amount_by_values, generic_plan, suggest_mapping};

/// The kinds of file TTM Check reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// Partner Center new-commerce invoice reconciliation (46–47 columns).
    NceInvoice,
    /// Partner Center new-commerce daily-rated usage (55 columns).
    NceDailyUsage,
    /// Partner Center legacy license-based reconciliation (28 columns).
    LegacyLicense,
    /// Partner Center legacy usage-based reconciliation (42 columns).
    LegacyUsage,
    /// A monthly revenue report in USD: Partner Center Insights
    /// "ResellerPerformance" (`BilledRevenueUSD` by `ResellerMpnID` and
    /// `Month`, D20). Each value counts on its month's first day, unless
    /// line-level files cover that reseller and month.
    MonthlyReport,
    /// Any other table, read through a column mapping.
    Generic,
}

/// A column chosen by header name or by 1-based position.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ColumnRef {
    /// 1-based position (for pasted data without a header).
    Position(usize),
    /// Header name, compared normalised.
    Name(String),
}

impl ColumnRef {
    /// Reads `3` or `#3` as a position, anything else as a name.
    pub fn parse(text: &str) -> ColumnRef {
        let t = text.trim();
        match t.trim_start_matches('#').parse::<usize>() {
            Ok(n) if n > 0 => ColumnRef::Position(n),
            _ => ColumnRef::Name(t.to_owned()),
        }
    }

    /// The 0-based index of this column in `header` (or among `width` columns).
    pub fn resolve(&self, header: Option<&[String]>, width: usize) -> Option<usize> {
        match self {
            ColumnRef::Position(n) => (*n >= 1 && *n <= width.max(header.map_or(0, <[String]>::len))).then(|| n - 1),
            ColumnRef::Name(name) => {
                let want = normalise(name);
                header?.iter().position(|h| normalise(h) == want)
            }
        }
    }
}

/// A user's mapping of a table's columns (CLI `--map`, JS `mapping`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMapping {
    /// The reseller ID column.
    pub reseller: Option<ColumnRef>,
    /// The date (or month) column.
    pub date: Option<ColumnRef>,
    /// The amount column.
    pub amount: Option<ColumnRef>,
    /// The currency column; without it amounts are in the default currency.
    pub currency: Option<ColumnRef>,
    /// The revenue type column (CPOR/DPOR/PAL lines are excluded, D15).
    #[serde(rename = "type")]
    pub kind: Option<ColumnRef>,
    /// Every line is this one tenant's: a table with no reseller column
    /// (a reseller's own purchases). Used only when `reseller` is not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant: Option<String>,
}

impl ColumnMapping {
    /// Parses `reseller=COL,date=COL,amount=COL[,currency=COL][,type=COL]`,
    /// or `tenant=ID` instead of `reseller=COL` for one tenant's table.
    pub fn parse(text: &str) -> Result<ColumnMapping, String> {
        let mut m = ColumnMapping::default();
        for part in text.split(',').filter(|p| !p.trim().is_empty()) {
            let (key, value) = part.split_once('=').ok_or_else(|| format!("expected ROLE=COLUMN in the mapping, found '{part}'"))?;
            let col = Some(ColumnRef::parse(value));
            match key.trim().to_ascii_lowercase().as_str() {
                "reseller" => m.reseller = col,
                "date" => m.date = col,
                "amount" => m.amount = col,
                "currency" => m.currency = col,
                "type" => m.kind = col,
                "tenant" => {
                    let id = value.trim();
                    if id.is_empty() {
                        return Err("tenant= needs the tenant's ID, e.g. tenant=mine".into());
                    }
                    m.tenant = Some(id.to_owned());
                }
                other => {
                    return Err(format!(
                        "unknown role '{other}' in the mapping (expected reseller, tenant, date, amount, currency or type)"
                    ))
                }
            }
        }
        Ok(m)
    }

    /// Fills a date or amount this mapping does not name with the column
    /// its values show ([`date_and_amount_by_values`]), unless another role
    /// of the mapping has that column.
    pub fn fill_from_values<'a>(&mut self, rows: impl Iterator<Item = &'a [String]> + Clone) {
        let (date, amount) = date_and_amount_by_values(rows);
        let position = |c: usize| ColumnRef::Position(c + 1);
        let taken =
            |m: &ColumnMapping, c: usize| [&m.reseller, &m.date, &m.amount, &m.currency, &m.kind].iter().any(|r| **r == Some(position(c)));
        if self.date.is_none() {
            self.date = date.filter(|c| !taken(self, *c)).map(position);
        }
        if self.amount.is_none() {
            self.amount = amount.filter(|c| !taken(self, *c)).map(position);
        }
    }
}

/// Whose lines a file's are.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attribution {
    /// The reseller ID column (0-based).
    Column(usize),
    /// One tenant's table: every line is this tenant's.
    Tenant(String),
}

impl Attribution {
    /// The reseller ID column, if the lines name their reseller.
    pub fn column(&self) -> Option<usize> {
        match self {
            Attribution::Column(c) => Some(*c),
            Attribution::Tenant(_) => None,
        }
    }
}

/// How one file's lines are read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnPlan {
    /// The layout recognised.
    pub layout: Layout,
    /// Whose each line is: the reseller ID column, or one tenant.
    pub reseller: Attribution,
    /// Column of the date that places the line (D9).
    pub date: usize,
    /// Pre-tax amount column (D8).
    pub amount: usize,
    /// Currency of `amount`.
    pub currency: Option<usize>,
    /// New commerce: the pricing currency.
    pub pricing_currency: Option<usize>,
    /// Invoice recon: the pricing-to-billing exchange rate (D10a).
    pub pc_to_bc_rate: Option<usize>,
    /// Daily usage: the pre-tax amount in pricing currency (D10a).
    pub pricing_amount: Option<usize>,
    /// Revenue type column (D15).
    pub kind: Option<usize>,
    /// Invoice number (to keep daily usage as detail of an invoice loaded).
    pub invoice: Option<usize>,
    /// The product or SKU name, shown beside a line's amount when its lines
    /// are listed (never used in a figure).
    #[serde(default)]
    pub product: Option<usize>,
    /// Header names, for messages (`column 7` where there is no header).
    pub names: Vec<String>,
}

impl ColumnPlan {
    /// The columns whose values decide the date order (D18): the date that
    /// places a line, and in a Partner Center layout every date column
    /// (`ChargeEndDate` settles what `OrderDate` may leave open).
    pub fn date_columns(&self) -> Vec<usize> {
        let mut columns = vec![self.date];
        if self.layout != Layout::Generic {
            columns.extend((0..self.names.len()).filter(|&i| i != self.date && normalise(&self.names[i]).ends_with("date")));
        }
        columns
    }

    /// The columns every line needs: the reseller's (if the lines name
    /// it), the date's and the amount's.
    pub fn needed(&self) -> impl Iterator<Item = usize> {
        self.reseller.column().into_iter().chain([self.date, self.amount])
    }

    /// The last column a line is read from (the reader splits no field
    /// after it).
    pub fn last_column(&self) -> usize {
        let optional =
            [self.currency, self.pricing_currency, self.pc_to_bc_rate, self.pricing_amount, self.kind, self.invoice, self.product];
        self.needed().chain(optional.into_iter().flatten()).max().unwrap_or(0)
    }

    /// The name of column `i` for messages.
    pub fn column_name(&self, i: usize) -> String {
        self.names.get(i).filter(|n| !n.is_empty()).cloned().unwrap_or_else(|| unnamed_column(i + 1))
    }
}

/// Lower case, without spaces, dashes, underscores, dots and brackets.
pub fn normalise(name: &str) -> String {
    name.trim_start_matches('\u{feff}').chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

const RESELLER_COLUMNS: [&str; 4] = ["resellermpnid", "tier2mpnid", "resellerpartnerid", "indirectresellermpnid"];

/// Recognises a Partner Center layout from its header.
pub fn recognise(header: &[String]) -> Option<Layout> {
    let names: Vec<String> = header.iter().map(|h| normalise(h)).collect();
    let has = |n: &str| names.iter().any(|x| x == n);
    if !RESELLER_COLUMNS.iter().any(|n| has(n)) {
        return None;
    }
    if has("billedrevenueusd") && has("month") {
        Some(Layout::MonthlyReport)
    } else if has("usagedate") && has("billingpretaxtotal") {
        Some(Layout::NceDailyUsage)
    } else if has("pretaxcharges") {
        Some(Layout::LegacyUsage)
    } else if has("subtotal") && has("orderdate") {
        Some(Layout::NceInvoice)
    } else if has("subtotal") && has("chargestartdate") {
        Some(Layout::LegacyLicense)
    } else {
        None
    }
}

/// A role a column plays in a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The reseller ID.
    Reseller,
    /// The date that places a line.
    Date,
    /// The amount.
    Amount,
    /// The amount's currency.
    Currency,
    /// The revenue type (D15).
    Type,
}

impl Role {
    /// The role in a word (a question's `missing`).
    pub fn message(self) -> Message {
        match self {
            Role::Reseller => Message::new("reseller"),
            Role::Date => Message::new("date"),
            Role::Amount => Message::new("amount"),
            Role::Currency => Message::new("currency"),
            Role::Type => Message::new("type"),
        }
    }
}

/// What keeps a table from being read without the user's mapping; in JSON
/// `{"kind": "role", "role": "reseller"}` (a flat object, as `FileError`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "RawUnmapped", try_from = "RawUnmapped")]
pub enum Unmapped {
    /// No column was found for a role.
    Role {
        /// The role.
        role: Role,
    },
    /// A Partner Center file without one of its layout's columns.
    NoColumn {
        /// The column, as Partner Center names it.
        column: String,
    },
    /// A Partner Center file without a reseller ID column.
    NoResellerColumn,
    /// The date column the user chose (D9) is not in the header.
    NoDateColumn {
        /// The column chosen.
        column: ColumnRef,
    },
    /// Not a Partner Center layout.
    NotPartnerCenter,
}

/// An [`Unmapped`] as JSON.
#[derive(Default, Serialize, Deserialize)]
struct RawUnmapped {
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    role: Option<Role>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    column: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    position: Option<usize>,
}

impl From<Unmapped> for RawUnmapped {
    fn from(u: Unmapped) -> RawUnmapped {
        let raw = |kind: &str| RawUnmapped { kind: kind.to_owned(), ..RawUnmapped::default() };
        match u {
            Unmapped::Role { role } => RawUnmapped { role: Some(role), ..raw("role") },
            Unmapped::NoColumn { column } => RawUnmapped { column: Some(column), ..raw("no_column") },
            Unmapped::NoResellerColumn => raw("no_reseller_column"),
            Unmapped::NoDateColumn { column: ColumnRef::Name(name) } => RawUnmapped { column: Some(name), ..raw("no_date_column") },
            Unmapped::NoDateColumn { column: ColumnRef::Position(n) } => RawUnmapped { position: Some(n), ..raw("no_date_column") },
            Unmapped::NotPartnerCenter => raw("not_partner_center"),
        }
    }
}

impl TryFrom<RawUnmapped> for Unmapped {
    type Error = String;
    fn try_from(r: RawUnmapped) -> Result<Unmapped, String> {
        // The rule of `error::required`: a field the kind has is required.
        let kind = r.kind.as_str();
        Ok(match kind {
            "role" => Unmapped::Role { role: required(r.role, kind, "role")? },
            "no_column" => Unmapped::NoColumn { column: required(r.column, kind, "column")? },
            "no_reseller_column" => Unmapped::NoResellerColumn,
            "no_date_column" => Unmapped::NoDateColumn {
                column: match (r.position, r.column) {
                    (Some(n), _) => ColumnRef::Position(n),
                    (None, name) => ColumnRef::Name(required(name, kind, "column or position")?),
                },
            },
            "not_partner_center" => Unmapped::NotPartnerCenter,
            other => return Err(format!("unknown unmapped kind {other:?}")),
        })
    }
}

impl Unmapped {
    /// What is missing, in words (a question's `missing`).
    pub fn message(&self) -> Message {
        match self {
            Unmapped::Role { role } => role.message(),
            Unmapped::NoColumn { column } => Message::new("the header has no {column} column").with("column", column),
            Unmapped::NoResellerColumn => Message::new("the header has no ResellerMpnId or Tier2MpnId column"),
            Unmapped::NoDateColumn { column } => Message::new("the header has no column “{column}” to take dates from").with(
                "column",
                match column {
                    ColumnRef::Position(n) => column_in_words(&unnamed_column(*n)),
                    ColumnRef::Name(name) => column_in_words(name),
                },
            ),
            Unmapped::NotPartnerCenter => Message::new("not a Partner Center layout"),
        }
    }
}

/// The name of column `position` (1-based) of a table without a header:
/// `column 3`. The shells word it through [`unnamed_position`].
pub fn unnamed_column(position: usize) -> String {
    format!("column {position}")
}

/// The position of a column [`unnamed_column`] named, if `name` is one.
pub fn unnamed_position(name: &str) -> Option<usize> {
    name.strip_prefix("column ").filter(|n| n.bytes().all(|b| b.is_ascii_digit())).and_then(|n| n.parse().ok())
}

/// A column's name as the domain gives it, in words: `column 3` (a
/// message, translated) for an unnamed one, else the name as it is.
pub fn column_in_words(name: &str) -> Arg {
    match unnamed_position(name) {
        Some(n) => Message::new("column {n}").with("n", n.to_string()).into(),
        None => Arg::from(name),
    }
}

/// The columns that name a line's product in Partner Center's layouts, the
/// most telling first (a SKU or meter name where there is no product name).
const PRODUCT_COLUMNS: [&str; 5] = ["productname", "skuname", "offername", "metername", "product"];

/// The column plan of a Partner Center layout; `date_column` overrides D9.
pub fn partner_center_plan(layout: Layout, header: &[String], date_column: Option<&ColumnRef>) -> Result<ColumnPlan, Unmapped> {
    let names: Vec<String> = header.iter().map(|h| normalise(h)).collect();
    let find = |n: &str| names.iter().position(|x| x == n);
    let need = |n: &str, shown: &str| find(n).ok_or_else(|| Unmapped::NoColumn { column: shown.to_owned() });
    let reseller = Attribution::Column(RESELLER_COLUMNS.iter().find_map(|n| find(n)).ok_or(Unmapped::NoResellerColumn)?);
    let (date_name, amount, currency) = match layout {
        Layout::NceInvoice => ("OrderDate", need("subtotal", "Subtotal")?, need("currency", "Currency")?),
        Layout::NceDailyUsage => {
            ("UsageDate", need("billingpretaxtotal", "BillingPreTaxTotal")?, need("billingcurrency", "BillingCurrency")?)
        }
        Layout::LegacyLicense => ("ChargeStartDate", need("subtotal", "Subtotal")?, need("currency", "Currency")?),
        Layout::LegacyUsage => ("ChargeStartDate", need("pretaxcharges", "PretaxCharges")?, need("currency", "Currency")?),
        Layout::MonthlyReport => {
            // In USD already: no currency column, no conversion (D20).
            let amount = need("billedrevenueusd", "BilledRevenueUSD")?;
            let month = need("month", "Month")?;
            return Ok(ColumnPlan {
                layout,
                reseller,
                date: month,
                amount,
                currency: None,
                pricing_currency: None,
                pc_to_bc_rate: None,
                pricing_amount: None,
                kind: None,
                invoice: None,
                product: find("product"),
                names: header.to_vec(),
            });
        }
        Layout::Generic => return Err(Unmapped::NotPartnerCenter),
    };
    let date = match date_column {
        Some(c) => c.resolve(Some(header), header.len()).ok_or_else(|| Unmapped::NoDateColumn { column: c.clone() })?,
        None => need(&normalise(date_name), date_name)?,
    };
    let nce = matches!(layout, Layout::NceInvoice | Layout::NceDailyUsage);
    Ok(ColumnPlan {
        layout,
        reseller,
        date,
        amount,
        currency: Some(currency),
        pricing_currency: if nce { find("pricingcurrency") } else { None },
        pc_to_bc_rate: if layout == Layout::NceInvoice { find("pctobcexchangerate") } else { None },
        pricing_amount: if layout == Layout::NceDailyUsage { find("pricingpretaxtotal") } else { None },
        kind: find("revenuetype").or_else(|| find("chargetype")),
        invoice: find("invoicenumber"),
        product: PRODUCT_COLUMNS.iter().find_map(|n| find(n)),
        names: header.to_vec(),
    })
}

/// True when a header has a Partner Center layout's amount and date columns
/// but no reseller column (the Graph usage export's `basic` attribute set
/// has no `Tier2MpnId`): its lines cannot be attributed to resellers.
pub fn partner_center_without_reseller(header: &[String]) -> bool {
    let names: Vec<String> = header.iter().map(|h| normalise(h)).collect();
    let has = |n: &str| names.iter().any(|x| x == n);
    !RESELLER_COLUMNS.iter().any(|n| has(n))
        && ((has("usagedate") && has("billingpretaxtotal"))
            || has("pretaxcharges")
            || (has("subtotal") && (has("orderdate") || has("chargestartdate"))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(s: &str) -> Vec<String> {
        s.split(',').map(str::to_owned).collect()
    }

    #[test]
    fn recognises_partner_center_layouts() {
        assert_eq!(recognise(&header("PartnerId,MpnId,ResellerMpnId,OrderDate,Subtotal,Currency")), Some(Layout::NceInvoice));
        assert_eq!(recognise(&header("MPNID,ResellerMPNID,OrderDate,Subtotal,Currency")), Some(Layout::NceInvoice));
        assert_eq!(recognise(&header("Tier2MpnId,UsageDate,BillingPreTaxTotal")), Some(Layout::NceDailyUsage));
        assert_eq!(recognise(&header("ResellerMpnId,ChargeStartDate,Amount,Subtotal,Currency")), Some(Layout::LegacyLicense));
        assert_eq!(recognise(&header("ResellerMpnId,ChargeStartDate,PretaxCharges,Currency")), Some(Layout::LegacyUsage));
        // MpnId alone is the billed partner (the distributor), not a reseller.
        assert_eq!(recognise(&header("MpnId,OrderDate,Subtotal")), None);
    }

    #[test]
    fn plans_the_invoice_columns_in_any_order() {
        let h = header("Subtotal,ProductCategory,Currency,Tier2MpnId,OrderDate,PricingCurrency,PCToBCExchangeRate,InvoiceNumber");
        let plan = partner_center_plan(Layout::NceInvoice, &h, None).unwrap();
        assert_eq!((plan.reseller.column().unwrap(), plan.date, plan.amount, plan.currency), (3, 4, 0, Some(2)));
        assert_eq!((plan.pricing_currency, plan.pc_to_bc_rate, plan.invoice), (Some(5), Some(6), Some(7)));
        let by_charge = partner_center_plan(Layout::NceInvoice, &h, Some(&ColumnRef::Name("pctobcexchangerate".into())));
        assert_eq!(by_charge.unwrap().date, 6);
    }

    #[test]
    fn maps_german_and_english_synonyms() {
        let h = header("Reseller-ID,Kunde,Datum,Betrag,Währung,Art");
        let plan = generic_plan(Some(&h), 6, &ColumnMapping::default()).unwrap();
        assert_eq!((plan.reseller.column().unwrap(), plan.date, plan.amount, plan.currency, plan.kind), (0, 2, 3, Some(4), Some(5)));
        let h = header("Partner ID,Month,Revenue (net)");
        let plan = generic_plan(Some(&h), 3, &ColumnMapping::default()).unwrap();
        assert_eq!((plan.reseller.column().unwrap(), plan.date, plan.amount, plan.currency), (0, 1, 2, None));
        assert_eq!(
            generic_plan(Some(&header("a,b,c")), 3, &ColumnMapping::default()).unwrap_err(),
            vec![Role::Reseller, Role::Date, Role::Amount]
        );
    }

    #[test]
    fn one_tenants_table_needs_no_reseller_column() {
        let m = ColumnMapping::parse("tenant=mine").unwrap();
        let plan = generic_plan(Some(&header("Datum,Betrag")), 2, &m).unwrap();
        assert_eq!((&plan.reseller, plan.date, plan.amount), (&Attribution::Tenant("mine".into()), 0, 1));
        assert_eq!(plan.needed().collect::<Vec<_>>(), vec![0, 1]);
        // A reseller column given wins over the tenant.
        let m = ColumnMapping::parse("tenant=mine,reseller=3").unwrap();
        assert_eq!(generic_plan(Some(&header("Datum,Betrag,Reseller")), 3, &m).unwrap().reseller, Attribution::Column(2));
        assert!(ColumnMapping::parse("tenant=").is_err());
        // Without a header: the columns are told by their values.
        let rows = |t: &[&[&str]]| t.iter().map(|r| r.iter().map(|s| (*s).to_owned()).collect()).collect::<Vec<Vec<String>>>();
        let by_values = |t: &[&[&str]]| date_and_amount_by_values(rows(t).iter().map(Vec::as_slice));
        assert_eq!(by_values(&[&["15.03.2026", "450,00"], &["2.4.2026", "1.200,50"]]), (Some(0), Some(1)));
        assert_eq!(by_values(&[&["EUR", "99.5", "3/15/2026"]]), (Some(2), Some(1)));
        // Two amount-like columns: no guess.
        assert_eq!(by_values(&[&["2026-03-15", "450", "12"]]), (Some(0), None));
        // Filling a mapping: a column another role has is not taken again.
        let mut m = ColumnMapping { currency: Some(ColumnRef::Position(2)), ..ColumnMapping::default() };
        m.fill_from_values(rows(&[&["2026-03-15", "450"]]).iter().map(Vec::as_slice));
        assert_eq!((m.date, m.amount), (Some(ColumnRef::Position(1)), None));
    }

    #[test]
    fn a_mapping_chooses_columns_by_name_or_position() {
        let m = ColumnMapping::parse("reseller=3,date=#1,amount=Wert").unwrap();
        let h = header("when,x,who,Wert");
        let plan = generic_plan(Some(&h), 4, &m).unwrap();
        assert_eq!((plan.reseller.column().unwrap(), plan.date, plan.amount), (2, 0, 3));
        let plan = generic_plan(None, 3, &ColumnMapping::parse("reseller=1,date=2,amount=3").unwrap()).unwrap();
        assert_eq!(plan.column_name(2), "column 3");
        assert!(ColumnMapping::parse("colour=1").is_err());
    }

    #[test]
    fn what_keeps_a_table_unmapped_reads_back_as_written() {
        for u in [
            Unmapped::Role { role: Role::Reseller },
            Unmapped::NoColumn { column: "Subtotal".into() },
            Unmapped::NoResellerColumn,
            Unmapped::NoDateColumn { column: ColumnRef::Name("Datum".into()) },
            Unmapped::NoDateColumn { column: ColumnRef::Position(4) },
            Unmapped::NotPartnerCenter,
        ] {
            let json = serde_json::to_string(&u).unwrap();
            assert_eq!(serde_json::from_str::<Unmapped>(&json).unwrap(), u, "{json}");
        }
        assert_eq!(serde_json::to_string(&Unmapped::Role { role: Role::Date }).unwrap(), r#"{"kind":"role","role":"date"}"#);
    }
}
