//! A generator of realistic new-commerce invoice reconciliation files: the
//! documented 46 columns, a UTF-8 BOM, CRLF, quoted fields with commas, doubled
//! quotes and JSON-like lists, names in many alphabets' accents, products and
//! columns of every width, credits, and `resellers` reseller tenants, as real
//! downloads have them.

use rust_decimal::Decimal;

/// What varies from line to line: the reseller, the order date, the amount,
/// and the text a real download carries (customer names with commas, quotes,
/// umlauts and accents; products of every length; lists in brackets).
struct Line {
    reseller: usize,
    month: usize,
    day: usize,
    amount: Decimal,
    customer: &'static Customer,
    product: &'static Product,
    /// `PriceAdjustmentDescription`, as a JSON-like list.
    adjustment: &'static [&'static str],
    /// `ProductQualifiers`, as a JSON-like list.
    qualifiers: &'static [&'static str],
    quantity: usize,
}

/// A customer as Partner Center names it.
struct Customer {
    name: &'static str,
    domain: &'static str,
    country: &'static str,
}

/// A product line: SKU and product names, charge type, unit type and term.
struct Product {
    sku: &'static str,
    product: &'static str,
    charge: &'static str,
    unit: &'static str,
    term: &'static str,
    meter: &'static str,
}

const CUSTOMERS: &[Customer] = &[
    Customer { name: "Müller, Schmidt & \"Partner\" GmbH", domain: "muellerschmidt.onmicrosoft.com", country: "DE" },
    Customer { name: "Contoso Ltd", domain: "contoso.onmicrosoft.com", country: "GB" },
    Customer { name: "Café Crème, S.A.R.L.", domain: "cafecreme.onmicrosoft.com", country: "FR" },
    Customer { name: "Ørsted & Søn ApS", domain: "orstedson.onmicrosoft.com", country: "DK" },
    Customer { name: "Société d'Électricité de l'Est, SA", domain: "sdee.onmicrosoft.com", country: "FR" },
    Customer { name: "Zürcher \"Alpen\" Treuhand AG", domain: "alpentreuhand.onmicrosoft.com", country: "CH" },
    Customer { name: "Łódź Logistyka Sp. z o.o.", domain: "lodzlogistyka.onmicrosoft.com", country: "PL" },
    Customer { name: "Fabrikam, Inc.", domain: "fabrikam.onmicrosoft.com", country: "US" },
    Customer { name: "Größte Bäckerei Österreichs, Wien", domain: "baeckerei-wien.onmicrosoft.com", country: "AT" },
    Customer { name: "Northwind Traders", domain: "northwind.onmicrosoft.com", country: "US" },
    Customer { name: "São Paulo Comércio, Ltda.", domain: "spcomercio.onmicrosoft.com", country: "BR" },
    Customer { name: "Smith & Sons (\"The Workshop\"), LLC", domain: "smithsons.onmicrosoft.com", country: "US" },
];

const PRODUCTS: &[Product] = &[
    Product {
        sku: "Microsoft 365 E3",
        product: "Microsoft 365 E3",
        charge: "cycleCharge",
        unit: "1 License",
        term: "One-Year commitment for monthly/yearly billing",
        meter: "",
    },
    Product {
        sku: "Microsoft 365 Business Premium",
        product: "Microsoft 365 Business Premium",
        charge: "cycleCharge",
        unit: "1 License",
        term: "One-Month commitment for monthly billing",
        meter: "",
    },
    Product {
        sku: "Dynamics 365 Business Central Essentials",
        product: "Dynamics 365 Business Central",
        charge: "purchase",
        unit: "1 License",
        term: "Three-Year commitment for yearly billing",
        meter: "",
    },
    Product {
        sku: "Exchange Online (Plan 1)",
        product: "Exchange Online",
        charge: "cycleCharge",
        unit: "1 License",
        term: "One-Year commitment for monthly/yearly billing",
        meter: "",
    },
    Product {
        sku: "Azure plan",
        product: "Azure plan",
        charge: "usage",
        unit: "1 GB/Month",
        term: "",
        meter: "Standard Data Stored, Hot (LRS), \"West Europe\"",
    },
    Product {
        sku: "Teams Premium Introductory Pricing",
        product: "Microsoft Teams Premium",
        charge: "cycleCharge",
        unit: "1 License",
        term: "One-Year commitment for monthly/yearly billing",
        meter: "",
    },
    Product {
        sku: "Windows 11 Enterprise E3",
        product: "Windows 11 Enterprise",
        charge: "refund",
        unit: "1 License",
        term: "One-Year commitment for yearly billing",
        meter: "",
    },
    Product {
        sku: "Visio Plan 2",
        product: "Visio",
        charge: "renew",
        unit: "1 License",
        term: "One-Month commitment for monthly billing",
        meter: "",
    },
];

const ADJUSTMENTS: &[&[&str]] = &[
    &["15.0% Partner earned credit for services managed"],
    &[],
    &["Promotion \"New customers, 20% off\"", "15.0% Partner earned credit for services managed"],
    &["Commitment discount"],
];

const QUALIFIERS: &[&[&str]] = &[&[], &["AddOn"], &["Trial", "Education"], &[], &["Government, \"Community\""]];

impl Line {
    /// Line `i` of a file with `resellers` tenants.
    fn nth(i: usize, resellers: usize) -> Line {
        Line {
            reseller: 4_000_000 + (i % resellers) * 7,
            month: 1 + (i / 7) % 12,
            day: 1 + i % 28,
            amount: Decimal::new(((i * 7919) % 200_000) as i64 - 20_000, 2),
            customer: &CUSTOMERS[(i / 3) % CUSTOMERS.len()],
            product: &PRODUCTS[(i / 5) % PRODUCTS.len()],
            adjustment: ADJUSTMENTS[(i / 11) % ADJUSTMENTS.len()],
            qualifiers: QUALIFIERS[(i / 13) % QUALIFIERS.len()],
            quantity: 1 + (i * 31) % 250,
        }
    }
}

/// `value` as a CSV field: quoted, its quotes doubled, where it needs it.
fn csv(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

/// A JSON-like list as Partner Center writes one into a CSV field (`["a","b"]`).
fn json_list(items: &[&str]) -> String {
    let items: Vec<String> = items.iter().map(|s| format!("\"{}\"", s.replace('"', "\\\""))).collect();
    format!("[{}]", items.join(","))
}

/// The invoice recon file's header: the documented 46 columns.
const HEADER: &str = "PartnerId,CustomerId,CustomerName,CustomerDomainName,CustomerCountry,InvoiceNumber,MpnId,ResellerMpnId,OrderId,OrderDate,ProductId,SkuId,AvailabilityId,SkuName,ProductName,ChargeType,UnitPrice,Quantity,Subtotal,TaxTotal,Total,Currency,PriceAdjustmentDescription,PublisherName,PublisherId,SubscriptionDescription,SubscriptionId,ChargeStartDate,ChargeEndDate,TermAndBillingCycle,EffectiveUnitPrice,UnitType,AlternateId,BillableQuantity,BillingFrequency,PricingCurrency,PCToBCExchangeRate,PCToBCExchangeRateDate,MeterDescription,ReservationOrderId,CreditReasonCode,SubscriptionStartDate,SubscriptionEndDate,ReferenceId,ProductQualifiers,PromotionId\r\n";

/// An invoice recon file of plain lines: the documented 46 columns, a UTF-8
/// BOM, CRLF, one customer and product, quoted JSON-like fields (the file
/// BENCHMARKS.md's figures are measured on).
pub fn invoice_file(bytes: usize, resellers: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes + 1024);
    out.extend_from_slice(b"\xEF\xBB\xBF");
    out.extend_from_slice(HEADER.as_bytes());
    let mut i = 0usize;
    while out.len() < bytes {
        let Line { reseller, month, day, amount, .. } = Line::nth(i, resellers);
        let line = format!(
            "c9498373-78c0-2b33-310d-70c35dd3ecf5,fe2962af-9402-e836-0cb3-83843efeecf3,\"Müller, Schmidt & \"\"Partner\"\" GmbH\",contoso.onmicrosoft.com,DE,G45007{month:04},1234567,{reseller},7042b33a7052ab73e0fcd397,{month}/{day}/2026,CFQ7TTC0LFLZ,0002,DZH318Z00002,Microsoft 365 E3,Microsoft 365 E3,cycleCharge,36.00,2,{amount},151.33,947.79,EUR,\"[\"\"15.0% Partner earned credit for services managed\"\"]\",Microsoft,NA,Microsoft 365 E3,3457b104-b5db-8895-8d80-a58d44dc452a,{month}/1/2026,{month}/28/2026,One-Year commitment for monthly/yearly billing,432.00,1 License,e65d0590c5f1,2,Monthly,USD,0.921834,{month}/1/2026,,,,1/1/2026,12/31/2026,9e530791-fbca-a22e-f98a-62447714ad3a,[],\r\n",
        );
        out.extend_from_slice(line.as_bytes());
        i += 1;
    }
    out
}

/// The same columns as real downloads fill them (`gen-invoice --real-looking`):
/// customer names with commas, quotes, umlauts and accents; products, terms
/// and meters of every length; JSON-like lists with doubled quotes in
/// `PriceAdjustmentDescription` and `ProductQualifiers`.
pub fn invoice_file_real_looking(bytes: usize, resellers: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes + 1024);
    out.extend_from_slice(b"\xEF\xBB\xBF");
    out.extend_from_slice(HEADER.as_bytes());
    let mut i = 0usize;
    while out.len() < bytes {
        let Line { reseller, month, day, amount, customer, product, adjustment, qualifiers, quantity } = Line::nth(i, resellers);
        let line = format!(
            "c9498373-78c0-2b33-310d-70c35dd3ecf5,fe2962af-9402-e836-0cb3-{i:012x},{name},{domain},{country},G45007{month:04},1234567,{reseller},7042b33a7052ab73e0fcd397,{month}/{day}/2026,CFQ7TTC0LFLZ,000{sku_id},DZH318Z0000{sku_id},{sku},{product},{charge},36.00,{quantity},{amount},151.33,947.79,EUR,{adjustment},Microsoft,NA,{subscription},3457b104-b5db-8895-8d80-a58d44dc452a,{month}/1/2026,{month}/28/2026,{term},432.00,{unit},e65d0590c5f1,{quantity},Monthly,USD,0.921834,{month}/1/2026,{meter},,,1/1/2026,12/31/2026,9e530791-fbca-a22e-f98a-62447714ad3a,{qualifiers},\r\n",
            name = csv(customer.name),
            domain = customer.domain,
            country = customer.country,
            sku_id = (i / 5) % PRODUCTS.len(),
            sku = csv(product.sku),
            product = csv(product.product),
            charge = product.charge,
            adjustment = csv(&json_list(adjustment)),
            subscription = csv(&format!("{}, {}", product.product, customer.name)),
            term = csv(product.term),
            unit = csv(product.unit),
            meter = csv(product.meter),
            qualifiers = csv(&json_list(qualifiers)),
        );
        out.extend_from_slice(line.as_bytes());
        i += 1;
    }
    out
}

/// The same lines as [`invoice_file`] as JSON lines, as the Graph billing
/// export's blobs hold them (PascalCase keys, amounts as JSON numbers, ISO
/// instants).
pub fn invoice_jsonl(bytes: usize, resellers: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes + 2048);
    let mut i = 0usize;
    while out.len() < bytes {
        let Line { reseller, month, day, amount, .. } = Line::nth(i, resellers);
        let line = format!(
            "{{\"PartnerId\":\"c9498373-78c0-2b33-310d-70c35dd3ecf5\",\"CustomerId\":\"fe2962af-9402-e836-0cb3-83843efeecf3\",\"CustomerName\":\"M\\u00fcller, Schmidt & \\\"Partner\\\" GmbH\",\"CustomerDomainName\":\"contoso.onmicrosoft.com\",\"CustomerCountry\":\"DE\",\"InvoiceNumber\":\"G45007{month:04}\",\"MpnId\":\"1234567\",\"Tier2MpnId\":\"{reseller}\",\"OrderId\":\"7042b33a7052ab73e0fcd397\",\"OrderDate\":\"2026-{month:02}-{day:02}T00:00:00Z\",\"ProductId\":\"CFQ7TTC0LFLZ\",\"SkuId\":\"0002\",\"AvailabilityId\":\"DZH318Z00002\",\"SkuName\":\"Microsoft 365 E3\",\"ProductName\":\"Microsoft 365 E3\",\"ChargeType\":\"cycleCharge\",\"UnitPrice\":36.00,\"Quantity\":2,\"Subtotal\":{amount},\"TaxTotal\":151.33,\"Total\":947.79,\"Currency\":\"EUR\",\"PriceAdjustmentDescription\":[\"15.0% Partner earned credit for services managed\"],\"PublisherName\":\"Microsoft\",\"PublisherId\":\"NA\",\"SubscriptionDescription\":\"Microsoft 365 E3\",\"SubscriptionId\":\"3457b104-b5db-8895-8d80-a58d44dc452a\",\"ChargeStartDate\":\"2026-{month:02}-01T00:00:00Z\",\"ChargeEndDate\":\"2026-{month:02}-28T00:00:00Z\",\"TermAndBillingCycle\":\"One-Year commitment for monthly/yearly billing\",\"EffectiveUnitPrice\":432.00,\"UnitType\":\"1 License\",\"AlternateId\":\"e65d0590c5f1\",\"BillableQuantity\":2,\"BillingFrequency\":\"Monthly\",\"PricingCurrency\":\"USD\",\"PCToBCExchangeRate\":0.921834,\"PCToBCExchangeRateDate\":\"2026-{month:02}-01T00:00:00Z\",\"MeterDescription\":null,\"ReservationOrderId\":null,\"CreditReasonCode\":null,\"SubscriptionStartDate\":\"2026-01-01T00:00:00Z\",\"SubscriptionEndDate\":\"2026-12-31T00:00:00Z\",\"ReferenceId\":\"9e530791-fbca-a22e-f98a-62447714ad3a\",\"ProductQualifiers\":[],\"PromotionId\":null}}\n",
        );
        out.extend_from_slice(line.as_bytes());
        i += 1;
    }
    out
}
