//! A generator of realistic new-commerce invoice reconciliation files: the
//! documented 46 columns, a UTF-8 BOM, CRLF, quoted fields with commas, doubled
//! quotes and JSON-like lists, credits, and `resellers` reseller tenants.

use rust_decimal::Decimal;

/// What varies from line to line: the reseller, the order date, the amount.
struct Line {
    reseller: usize,
    month: usize,
    day: usize,
    amount: Decimal,
}

impl Line {
    /// Line `i` of a file with `resellers` tenants.
    fn nth(i: usize, resellers: usize) -> Line {
        Line {
            reseller: 4_000_000 + (i % resellers) * 7,
            month: 1 + (i / 7) % 12,
            day: 1 + i % 28,
            amount: Decimal::new(((i * 7919) % 200_000) as i64 - 20_000, 2),
        }
    }
}

/// A realistic invoice recon file: the documented 46 columns, quoted JSON-like fields.
pub fn invoice_file(bytes: usize, resellers: usize) -> Vec<u8> {
    let header = "PartnerId,CustomerId,CustomerName,CustomerDomainName,CustomerCountry,InvoiceNumber,MpnId,ResellerMpnId,OrderId,OrderDate,ProductId,SkuId,AvailabilityId,SkuName,ProductName,ChargeType,UnitPrice,Quantity,Subtotal,TaxTotal,Total,Currency,PriceAdjustmentDescription,PublisherName,PublisherId,SubscriptionDescription,SubscriptionId,ChargeStartDate,ChargeEndDate,TermAndBillingCycle,EffectiveUnitPrice,UnitType,AlternateId,BillableQuantity,BillingFrequency,PricingCurrency,PCToBCExchangeRate,PCToBCExchangeRateDate,MeterDescription,ReservationOrderId,CreditReasonCode,SubscriptionStartDate,SubscriptionEndDate,ReferenceId,ProductQualifiers,PromotionId\r\n";
    let mut out = Vec::with_capacity(bytes + 1024);
    out.extend_from_slice(b"\xEF\xBB\xBF");
    out.extend_from_slice(header.as_bytes());
    let mut i = 0usize;
    while out.len() < bytes {
        let Line { reseller, month, day, amount } = Line::nth(i, resellers);
        let line = format!(
            "c9498373-78c0-2b33-310d-70c35dd3ecf5,fe2962af-9402-e836-0cb3-83843efeecf3,\"Müller, Schmidt & \"\"Partner\"\" GmbH\",contoso.onmicrosoft.com,DE,G45007{month:04},1234567,{reseller},7042b33a7052ab73e0fcd397,{month}/{day}/2026,CFQ7TTC0LFLZ,0002,DZH318Z00002,Microsoft 365 E3,Microsoft 365 E3,cycleCharge,36.00,2,{amount},151.33,947.79,EUR,\"[\"\"15.0% Partner earned credit for services managed\"\"]\",Microsoft,NA,Microsoft 365 E3,3457b104-b5db-8895-8d80-a58d44dc452a,{month}/1/2026,{month}/28/2026,One-Year commitment for monthly/yearly billing,432.00,1 License,e65d0590c5f1,2,Monthly,USD,0.921834,{month}/1/2026,,,,1/1/2026,12/31/2026,9e530791-fbca-a22e-f98a-62447714ad3a,[],\r\n",
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
        let Line { reseller, month, day, amount } = Line::nth(i, resellers);
        let line = format!(
            "{{\"PartnerId\":\"c9498373-78c0-2b33-310d-70c35dd3ecf5\",\"CustomerId\":\"fe2962af-9402-e836-0cb3-83843efeecf3\",\"CustomerName\":\"M\\u00fcller, Schmidt & \\\"Partner\\\" GmbH\",\"CustomerDomainName\":\"contoso.onmicrosoft.com\",\"CustomerCountry\":\"DE\",\"InvoiceNumber\":\"G45007{month:04}\",\"MpnId\":\"1234567\",\"Tier2MpnId\":\"{reseller}\",\"OrderId\":\"7042b33a7052ab73e0fcd397\",\"OrderDate\":\"2026-{month:02}-{day:02}T00:00:00Z\",\"ProductId\":\"CFQ7TTC0LFLZ\",\"SkuId\":\"0002\",\"AvailabilityId\":\"DZH318Z00002\",\"SkuName\":\"Microsoft 365 E3\",\"ProductName\":\"Microsoft 365 E3\",\"ChargeType\":\"cycleCharge\",\"UnitPrice\":36.00,\"Quantity\":2,\"Subtotal\":{amount},\"TaxTotal\":151.33,\"Total\":947.79,\"Currency\":\"EUR\",\"PriceAdjustmentDescription\":[\"15.0% Partner earned credit for services managed\"],\"PublisherName\":\"Microsoft\",\"PublisherId\":\"NA\",\"SubscriptionDescription\":\"Microsoft 365 E3\",\"SubscriptionId\":\"3457b104-b5db-8895-8d80-a58d44dc452a\",\"ChargeStartDate\":\"2026-{month:02}-01T00:00:00Z\",\"ChargeEndDate\":\"2026-{month:02}-28T00:00:00Z\",\"TermAndBillingCycle\":\"One-Year commitment for monthly/yearly billing\",\"EffectiveUnitPrice\":432.00,\"UnitType\":\"1 License\",\"AlternateId\":\"e65d0590c5f1\",\"BillableQuantity\":2,\"BillingFrequency\":\"Monthly\",\"PricingCurrency\":\"USD\",\"PCToBCExchangeRate\":0.921834,\"PCToBCExchangeRateDate\":\"2026-{month:02}-01T00:00:00Z\",\"MeterDescription\":null,\"ReservationOrderId\":null,\"CreditReasonCode\":null,\"SubscriptionStartDate\":\"2026-01-01T00:00:00Z\",\"SubscriptionEndDate\":\"2026-12-31T00:00:00Z\",\"ReferenceId\":\"9e530791-fbca-a22e-f98a-62447714ad3a\",\"ProductQualifiers\":[],\"PromotionId\":null}}\n",
        );
        out.extend_from_slice(line.as_bytes());
        i += 1;
    }
    out
}
