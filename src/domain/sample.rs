//! Sample data for a first-time visitor: a realistic distributor portfolio
//! whose tenants show every status at whatever date the app is opened.
//!
//! The files are generated relative to the as-of date (onboarding months and
//! monthly revenue are chosen so that, say, one tenant is in its notice
//! period), in the new-commerce invoice reconciliation layout with EUR billing
//! and USD pricing (D10a), direct sales and credits included.

use std::fmt::Write;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::dates::{add_months, month_start, sub_months};
use super::money::round_cents;

/// The sample files: an invoice reconciliation file and a register.
pub struct Sample {
    /// `sample-invoice-recon.csv`.
    pub invoice_csv: String,
    /// `sample-register.csv`.
    pub register_csv: String,
}

struct Tenant {
    id: &'static str,
    name: &'static str,
    /// Anniversary month, in months after the as-of month (0 = this month).
    anniversary_in: u32,
    /// Years since onboarding (0: onboarded `onboarded_months_ago` ago).
    years: i32,
    onboarded_months_ago: u32,
    monthly_usd: i64,
    deauthorized_months_ago: Option<u32>,
    known_onboarding: bool,
}

const TENANTS: [Tenant; 10] = [
    Tenant {
        id: "4816859",
        name: "Contoso Cloud Partners",
        anniversary_in: 5,
        years: 4,
        onboarded_months_ago: 0,
        monthly_usd: 2_450,
        deauthorized_months_ago: None,
        known_onboarding: true,
    },
    Tenant {
        id: "5210150",
        name: "Fabrikam IT Services",
        anniversary_in: 7,
        years: 3,
        onboarded_months_ago: 0,
        monthly_usd: 80,
        deauthorized_months_ago: None,
        known_onboarding: true,
    },
    Tenant {
        id: "6111917",
        name: "Northwind Systemhaus",
        anniversary_in: 2,
        years: 5,
        onboarded_months_ago: 0,
        monthly_usd: 70,
        deauthorized_months_ago: None,
        known_onboarding: true,
    },
    Tenant {
        id: "6261682",
        name: "Adatum Solutions",
        anniversary_in: 0,
        years: 3,
        onboarded_months_ago: 0,
        monthly_usd: 25,
        deauthorized_months_ago: None,
        known_onboarding: true,
    },
    Tenant {
        id: "4203511",
        name: "Tailspin Networks",
        anniversary_in: 7,
        years: 0,
        onboarded_months_ago: 5,
        monthly_usd: 150,
        deauthorized_months_ago: None,
        known_onboarding: true,
    },
    Tenant {
        id: "5504390",
        name: "Litware Consulting",
        anniversary_in: 3,
        years: 3,
        onboarded_months_ago: 0,
        monthly_usd: 40,
        deauthorized_months_ago: Some(4),
        known_onboarding: true,
    },
    Tenant {
        id: "6782797",
        name: "Wide World Importers IT",
        anniversary_in: 4,
        years: 2,
        onboarded_months_ago: 0,
        monthly_usd: 320,
        deauthorized_months_ago: None,
        known_onboarding: false,
    },
    Tenant {
        id: "6437528",
        name: "Proseware Managed Services",
        anniversary_in: 1,
        years: 6,
        onboarded_months_ago: 0,
        monthly_usd: 100,
        deauthorized_months_ago: None,
        known_onboarding: true,
    },
    Tenant {
        id: "5959321",
        name: "Woodgrove Digital",
        anniversary_in: 9,
        years: 2,
        onboarded_months_ago: 0,
        monthly_usd: 60,
        deauthorized_months_ago: Some(14),
        known_onboarding: true,
    },
    Tenant {
        id: "6525150",
        name: "Alpine Ski House IT",
        anniversary_in: 10,
        years: 4,
        onboarded_months_ago: 0,
        monthly_usd: 95,
        deauthorized_months_ago: None,
        known_onboarding: true,
    },
];

const HEADER: &str = "PartnerId,CustomerId,CustomerName,CustomerDomainName,InvoiceNumber,MpnId,ResellerMpnId,OrderId,OrderDate,ProductName,ChargeType,UnitPrice,Quantity,Subtotal,TaxTotal,Total,Currency,PriceAdjustmentDescription,ChargeStartDate,ChargeEndDate,PricingCurrency,PCToBCExchangeRate\r\n";

/// Generates the sample for `as_of`.
pub fn generate(as_of: NaiveDate) -> Sample {
    let this_month = month_start(as_of);
    let rate = Decimal::new(921_834, 6); // EUR per USD, as Partner Center writes it
    let mut invoice = String::from(HEADER);
    let mut register = String::from("reseller_id,name,onboarding_date,deauthorized_on,region\n");
    let mut line = 0u32;
    for (t, tenant) in TENANTS.iter().enumerate() {
        let onboarding = if tenant.years == 0 {
            sub_months(this_month, tenant.onboarded_months_ago).map(|d| d.with_day(12).unwrap_or(d))
        } else {
            add_months(this_month, tenant.anniversary_in)
                .and_then(|d| d.with_year(d.year() - tenant.years))
                .map(|d| d.with_day(9 + t as u32).unwrap_or(d))
        };
        let deauthorized = tenant.deauthorized_months_ago.and_then(|m| sub_months(this_month, m)).map(|d| d.with_day(18).unwrap_or(d));
        let show = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let _ = writeln!(
            register,
            "{},{},{},{},EU",
            tenant.id,
            tenant.name,
            if tenant.known_onboarding { show(onboarding) } else { String::new() },
            show(deauthorized)
        );
        // Revenue for the 26 months up to the as-of date, a few lines a month.
        let months = if tenant.years == 0 { tenant.onboarded_months_ago } else { 26 };
        for back in (0..=months).rev() {
            let Some(month) = sub_months(this_month, back) else { continue };
            let days: &[u32] = if back == 0 { &[1] } else { &[3, 17] };
            for (k, day) in days.iter().enumerate() {
                let Some(date) = month.with_day(*day).filter(|d| *d <= as_of) else { continue };
                line += 1;
                let share = if k == 0 && days.len() > 1 { 60 } else { 40 };
                let mut usd = Decimal::new(tenant.monthly_usd * share, 2);
                let charge = if line % 11 == 0 {
                    usd = -usd / Decimal::from(4);
                    "removeQuantity"
                } else if back % 12 == 0 {
                    "renew"
                } else {
                    "cycleCharge"
                };
                if line % 11 == 0 {
                    // Keep the month's total as designed: the credit is offset.
                    push_line(&mut invoice, line, tenant.id, date, "addQuantity", -usd, rate);
                    line += 1;
                }
                push_line(&mut invoice, line, tenant.id, date, charge, usd, rate);
            }
        }
    }
    // Direct sales (no reseller, D16) and a partner's own use.
    for back in 0..12 {
        if let Some(date) = sub_months(this_month, back).and_then(|m| m.with_day(9)).filter(|d| *d <= as_of) {
            line += 1;
            push_line(&mut invoice, line, "0", date, "cycleCharge", Decimal::new(48_000, 2), rate);
            line += 1;
            push_line(&mut invoice, line, "", date, "new", Decimal::new(12_500, 2), rate);
        }
    }
    Sample { invoice_csv: invoice, register_csv: register }
}

fn push_line(out: &mut String, n: u32, reseller: &str, date: NaiveDate, charge: &str, usd: Decimal, rate: Decimal) {
    let subtotal = round_cents(usd * rate);
    let tax = round_cents(subtotal * Decimal::new(19, 2));
    let customers = ["Contoso Ltd", "Müller, Schmidt & \"\"Partner\"\" GmbH", "Café Olé S.à r.l.", "Ærø Fisk ApS"];
    let customer = customers[n as usize % customers.len()];
    let month_end = add_months(month_start(date), 1).and_then(|d| d.pred_opt()).unwrap_or(date);
    let _ = write!(
        out,
        "c9498373-78c0-2b33-310d-70c35dd3ecf5,{n:08x}-ce26-ee84-bf44-deab7cc5fe28,\"{customer}\",customer{n}.onmicrosoft.com,G{:09},1234567,{reseller},{n:024x},{},Microsoft 365 Business Standard,{charge},12.50,1,{subtotal},{tax},{},EUR,\"[\"\"15.0% Partner earned credit for services managed\"\"]\",{},{},USD,{rate}\r\n",
        450_000_000 + date.year() as u32 * 100 + date.month(),
        us_date(date),
        subtotal + tax,
        us_date(month_start(date)),
        us_date(month_end),
    );
}

/// `3/5/2026`: the US order Partner Center writes.
fn us_date(d: NaiveDate) -> String {
    format!("{}/{}/{}", d.month(), d.day(), d.year())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::assess::Status;
    use crate::domain::report::{assess_files, AssessOptions, InputFile};

    #[test]
    fn shows_every_status_at_any_date() {
        for as_of in ["2026-11-28", "2027-02-28", "2028-02-29", "2026-01-01"] {
            let as_of: NaiveDate = as_of.parse().unwrap();
            let sample = generate(as_of);
            let files =
                [InputFile { name: "sample-invoice-recon.csv".into(), bytes: sample.invoice_csv.as_bytes(), options: Default::default() }];
            let report =
                assess_files(&files, Some(("sample-register.csv", sample.register_csv.as_bytes())), as_of, &AssessOptions::default())
                    .unwrap();
            let file = &report.ingest.files[0];
            assert_eq!(file.rejected.lines, 0, "{as_of}: {:?}", file.rejected.first);
            assert!(file.reconciles());
            let statuses: std::collections::BTreeSet<Status> = report.resellers.iter().map(|r| r.status).collect();
            assert_eq!(statuses.len(), Status::ALL.len(), "{as_of}: {statuses:?}");
        }
    }
}
