//! Reading users' files into per-reseller revenue, accounting for every line.
//!
//! How bytes become a ledger:
//!
//! 1. [`FileReader`] takes a file in chunks of any size (the Web Worker feeds
//!    it the `File`'s stream, 1 MiB at a time where the browser allows; the
//!    CLI reads 1 MiB at a time). The first bytes tell a workbook ([`xlsx`])
//!    from text; text is decoded ([`text`]) and split into records
//!    ([`records`]) or JSON lines ([`jsonl`], [`graph`]).
//! 2. The header is recognised as a Partner Center layout or mapped
//!    ([`layout`]); a sample of lines decides how numbers and dates are
//!    written (D18), or asks ([`Question`]).
//! 3. Each line is converted to USD and classified by the rules
//!    ([`convert`]: D10, D14, D15, D16) into exactly one bucket of the file's
//!    [`FileAccount`]: used, excluded (with the reason) or rejected (with
//!    file, line, column and what was expected). Only aggregates are kept,
//!    never the lines, so memory does not grow with the file.
//! 4. A large file may be read in parts by several readers and joined
//!    ([`ResumePoint`], [`FinishedFile::append`]).
//! 5. [`Ingest`] combines finished files ([`combine`]): a file loaded twice
//!    (same bytes, [`fingerprint`]) counts once, daily-rated usage of an
//!    invoice also loaded as invoice reconciliation is detail only, and a
//!    monthly report gives way to line-level files (D20).

pub mod account;
pub mod combine;
pub mod convert;
pub mod document;
pub mod error;
mod fingerprint;
pub mod graph;
#[cfg(feature = "gzip")]
pub mod gzip;
pub mod jsonl;
pub mod kind;
pub mod layout;
pub mod lines;
mod reader;
pub mod records;
mod scan;
pub mod stream;
pub mod text;
pub mod xlsx;

#[cfg(test)]
mod tests;

pub use self::account::{
    ExchangeRates, ExclusionReason, FileAccount, FileContribution, FileOptions, FinishedFile, Question, Rejected, Rejection, Tally,
    MAX_REJECTIONS_KEPT,
};
pub use self::combine::{Combined, CrossCheck, Ingest, LineContext};
pub use self::error::{Container, FileError, Reason, RejectionKind};
pub use self::kind::{file_kind, FileKind};
pub use self::lines::{LineDetail, LineRead, LineSelection};
pub use self::reader::{cut_targets, join_parts, readers_for, FileReader, PartJoin, ResumePoint, MAX_READERS, PARALLEL_FROM};
pub use self::stream::{read_file, read_stream, skipped_archive_member, Cancelled, Progress};
