//! The pure domain: Microsoft's CSP indirect-reseller revenue rule, money,
//! dates, reading users' files, and the assessment of every reseller tenant.
//!
//! Nothing here touches the browser, the file system or the clock: "today"
//! (`as_of`), file contents and settings come in as values, so the same code
//! serves the Yew app, the Web Worker, the JS embedding API and the CLI.
//! Every figure follows the project's specification, `docs/rules.md`; its
//! decisions (D1–D24, section 2) are named where they are implemented.
//!
//! A module, not a crate of its own: `tests/hygiene.rs` fails on a web
//! crate used here. (As a workspace crate it cost the first load 84 KB of
//! Wasm: release builds do not share generics across crates, so each
//! instantiation the app and the domain both use was compiled twice.)
//!
//! Dependencies point inwards: `report` → `ingest`, `register`, `assess`;
//! `assess` → `calendar`, `ledger`, `policy`, `register`, `readiness`,
//! `money`, `dates`; `register` → `ingest`, `readiness`; `ingest` →
//! `ledger`, `money`, `dates`.
//!
//! ```
//! use chrono::NaiveDate;
//! use ttm_check::domain::report::{assess_files, AssessOptions, InputFile};
//!
//! let csv = "ResellerMpnId,OrderDate,Subtotal,Currency\n\
//!            4816859,7/15/2026,1200.00,USD\n";
//! let register = "reseller_id,name,onboarding_date,deauthorized_on\n\
//!                 4816859,Contoso Reseller,2021-06-19,\n";
//! let files = [InputFile { name: "recon.csv".into(), bytes: csv.as_bytes(), options: Default::default() }];
//! let as_of = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
//! let report = assess_files(&files, Some(("register.csv", register.as_bytes())), as_of, &AssessOptions::default()).unwrap();
//! let r = &report.resellers[0];
//! assert_eq!(r.status.as_str(), "on_track");
//! assert_eq!(r.ttm_net_usd.to_string(), "1200.00");
//! assert_eq!(r.next_evaluation, NaiveDate::from_ymd_opt(2027, 6, 1));
//! ```

pub mod assess;
pub mod calendar;
pub mod dates;
pub mod export;
pub mod ics;
pub mod ingest;
pub mod ledger;
pub mod lines;
pub mod message;
pub mod money;
pub mod outlook;
pub mod policy;
pub mod readiness;
pub mod register;
pub mod report;
pub mod sample;
