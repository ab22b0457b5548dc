//! The one JSON document every adapter returns: the CLI prints it, the JS API
//! hands it to the embedding page, the app renders it.
//!
//! `{"as_of", "policy", "ingest": {"files": [...], "register": {...}}, "resellers": [...]}`

use std::cmp::Ordering;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::assess::{assess, assess_summary, Context, ResellerAssessment, Status};
use super::ingest::{read_file, ExchangeRates, FileAccount, FileOptions, Ingest, Rejection};
use super::ledger::{Ledger, ResellerRevenue};
use super::policy::Policy;
use super::register::{Register, RegisterError};

/// One input file: its name, its bytes and its settings.
pub struct InputFile<'a> {
    /// Name shown in messages.
    pub name: String,
    /// The file's bytes.
    pub bytes: &'a [u8],
    /// Per-file settings.
    pub options: FileOptions,
}

/// The register's account.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RegisterReport {
    /// The register's file name, if one was given.
    pub file: Option<String>,
    /// Entries read.
    pub entries: usize,
    /// Lines that could not be read.
    pub rejected: Vec<Rejection>,
    /// What the user must decide before some of its values can be read
    /// (a date order or decimal mark its values do not settle, D18).
    pub questions: Vec<super::ingest::Question>,
}

impl RegisterReport {
    /// The account of `register`, read from `file` (if any).
    pub fn of(register: &Register, file: Option<String>) -> RegisterReport {
        RegisterReport { file, entries: register.entries.len(), rejected: register.rejected.clone(), questions: register.questions.clone() }
    }
}

/// The account of everything read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct IngestReport {
    /// One account per file, in the order given.
    pub files: Vec<FileAccount>,
    /// The register's account.
    pub register: RegisterReport,
    /// D20: monthly report values that line-level files cover, beside the
    /// lines' revenue for that reseller and month (a cross-check, not added).
    pub cross_checks: Vec<super::ingest::CrossCheck>,
}

/// The whole answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The as-of date.
    pub as_of: NaiveDate,
    /// The parameters used.
    pub policy: Policy,
    /// What was read.
    pub ingest: IngestReport,
    /// One assessment per reseller tenant, by reseller ID.
    pub resellers: Vec<ResellerAssessment>,
}

impl Report {
    /// How many tenants have each status, most urgent first.
    pub fn status_counts(&self) -> Vec<(Status, usize)> {
        Status::ALL.iter().map(|s| (*s, self.resellers.iter().filter(|r| r.status == *s).count())).collect()
    }

    /// How many tenants facing an evaluation (or a re-enrollment) still have
    /// D22 items to confirm.
    pub fn readiness_open(&self) -> usize {
        self.resellers.iter().filter(|r| r.readiness.confirm_before.is_some() && r.readiness.to_confirm > 0).count()
    }
}

/// Settings of a whole assessment (the JS API's `options`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AssessOptions {
    /// The as-of date; the adapter supplies today when absent.
    pub as_of: Option<NaiveDate>,
    /// D1 threshold override, USD.
    pub threshold_usd: Option<rust_decimal::Decimal>,
    /// D5 program start override.
    pub program_start: Option<NaiveDate>,
    /// D6 notice offsets override.
    pub notice_offsets_days: Option<[u32; 3]>,
    /// D7: count gross instead of net.
    pub gross: bool,
    /// D10b rates.
    #[serde(flatten)]
    pub ingest: ExchangeRates,
}

impl AssessOptions {
    /// The policy these options describe.
    pub fn policy(&self) -> Policy {
        let mut p = Policy::default();
        if let Some(t) = self.threshold_usd {
            p.threshold_usd = super::money::Money(t);
        }
        if let Some(d) = self.program_start {
            p.program_start = d;
        }
        if let Some(o) = self.notice_offsets_days {
            p.notice_offsets_days = o;
        }
        if self.gross {
            p.revenue_basis = super::policy::RevenueBasis::Gross;
        }
        p
    }
}

/// Assesses every reseller tenant of a ledger and a register, by reseller ID.
pub fn assess_portfolio(
    ledger: &Ledger,
    register: &Register,
    coverage: Option<(NaiveDate, NaiveDate)>,
    as_of: NaiveDate,
    policy: &Policy,
) -> Vec<ResellerAssessment> {
    portfolio_with(ledger, register, coverage, as_of, policy, assess)
}

/// [`assess_portfolio`] without the monthly series (see
/// [`assess_summary`]): what the web app's table re-derives on every change;
/// a tenant's series is computed when it is shown or exported.
pub fn assess_portfolio_summary(
    ledger: &Ledger,
    register: &Register,
    coverage: Option<(NaiveDate, NaiveDate)>,
    as_of: NaiveDate,
    policy: &Policy,
) -> Vec<ResellerAssessment> {
    portfolio_with(ledger, register, coverage, as_of, policy, assess_summary)
}

type AssessFn = fn(&str, &ResellerRevenue, Option<&super::register::RegisterEntry>, &Context<'_>) -> ResellerAssessment;

fn portfolio_with(
    ledger: &Ledger,
    register: &Register,
    coverage: Option<(NaiveDate, NaiveDate)>,
    as_of: NaiveDate,
    policy: &Policy,
    one: AssessFn,
) -> Vec<ResellerAssessment> {
    let ctx = Context { as_of, policy, coverage };
    let empty = ResellerRevenue::default();
    // Every tenant of the ledger or the register, in ID order: both maps are
    // sorted, so one merge walk (no sort, no lookups).
    let mut out = Vec::with_capacity(ledger.len().max(register.entries.len()));
    let mut revenue = ledger.iter().peekable();
    let mut entries = register.entries.iter().peekable();
    loop {
        let next = match (revenue.peek(), entries.peek()) {
            (None, None) => break,
            (Some((a, _)), Some((b, _))) => a.cmp(b),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
        };
        let (id, r, e) = match next {
            Ordering::Less => {
                let Some((id, r)) = revenue.next() else { break };
                (id, r, None)
            }
            Ordering::Greater => {
                let Some((id, e)) = entries.next() else { break };
                (id, &empty, Some(e))
            }
            Ordering::Equal => {
                let (Some((id, r)), Some((_, e))) = (revenue.next(), entries.next()) else { break };
                (id, r, Some(e))
            }
        };
        out.push(one(id, r, e, &ctx));
    }
    out
}

/// How much of each tenant a report carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    /// Every figure and the monthly series: the CLI's JSON, the exports.
    Full,
    /// Every figure without the series ([`assess_summary`]): the web app's
    /// table, re-derived on every change (a tenant's series is computed when
    /// it is shown).
    Summary,
}

/// What the report is made of: the files combined ([`Ingest::combine`]) and
/// the register with its file's name.
pub struct ReportParts<'a> {
    /// Each file's account.
    pub files: Vec<FileAccount>,
    /// D20's cross-checks.
    pub cross_checks: Vec<super::ingest::CrossCheck>,
    /// Revenue per reseller, combined.
    pub ledger: &'a Ledger,
    /// The first and last day the files cover (D12b).
    pub coverage: Option<(NaiveDate, NaiveDate)>,
    /// The register.
    pub register: &'a Register,
    /// The register's file name, if one was given.
    pub register_file: Option<String>,
}

/// The report of `parts` on `as_of`: every tenant of the ledger or the
/// register assessed ([`assess_portfolio`]), with the files' and the
/// register's accounts. The one place a [`Report`] is made.
pub fn report_of(parts: ReportParts<'_>, as_of: NaiveDate, policy: &Policy, detail: Detail) -> Report {
    let ReportParts { files, cross_checks, ledger, coverage, register, register_file } = parts;
    let resellers = match detail {
        Detail::Full => assess_portfolio(ledger, register, coverage, as_of, policy),
        Detail::Summary => assess_portfolio_summary(ledger, register, coverage, as_of, policy),
    };
    Report {
        as_of,
        policy: policy.clone(),
        ingest: IngestReport { files, register: RegisterReport::of(register, register_file), cross_checks },
        resellers,
    }
}

/// Assesses every reseller tenant of an [`Ingest`] and a register.
pub fn assess_all(ingest: &Ingest, register: &Register, register_file: Option<String>, as_of: NaiveDate, policy: &Policy) -> Report {
    let combined = ingest.combine();
    let parts = ReportParts {
        files: combined.files,
        cross_checks: combined.cross_checks,
        ledger: &combined.ledger,
        coverage: ingest.coverage(),
        register,
        register_file,
    };
    report_of(parts, as_of, policy, Detail::Full)
}

/// Reads files held in memory and assesses them: the whole pipeline in one
/// call, as the CLI and the JS API use it.
pub fn assess_files(
    files: &[InputFile<'_>],
    register: Option<(&str, &[u8])>,
    as_of: NaiveDate,
    options: &AssessOptions,
) -> Result<Report, RegisterError> {
    let mut ingest = Ingest::new();
    for f in files {
        ingest.add(read_file(&f.name, f.bytes, f.options.clone(), &options.ingest));
    }
    let (reg, reg_name) = match register {
        Some((name, bytes)) => (Register::parse(name, bytes)?, Some(name.to_owned())),
        None => (Register::default(), None),
    };
    Ok(assess_all(&ingest, &reg, reg_name, as_of, &options.policy()))
}
