//! The lines behind a figure, as the page asks for them: the files read
//! again by the worker for one tenant (or one file's unattributed lines),
//! what each reading job gave, and the lines explained against the files
//! combined ([`crate::domain::lines`]).
//!
//! Only the lines asked for are kept, never a file's every line: memory
//! follows the tenant, not the files. What was read stays until the files
//! change, so showing the same tenant's lines again is instant.

use std::rc::Rc;

use super::state::{AppState, FileState};
use crate::domain::assess::FigureRanges;
use crate::domain::ingest::{FileError, FileOptions, Ingest, LineDetail, LineSelection};
use crate::domain::lines::{explain, FileLines, TenantLines};

/// The worker's job IDs for the lines read again start here: file IDs (also
/// job IDs) count up from 1 far below.
pub const LINES_JOBS: u32 = 1 << 30;

/// Whose lines.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LinesOf {
    /// A tenant's: every line of the files that names it.
    Tenant(String),
    /// One file's lines that name no tenant (direct sales, blank lines,
    /// lines whose fields could not be read).
    Unattributed(u32),
}

impl LinesOf {
    /// What the reader keeps.
    pub fn selection(&self) -> LineSelection {
        match self {
            LinesOf::Tenant(id) => LineSelection::Reseller(id.clone()),
            LinesOf::Unattributed(_) => LineSelection::Unattributed,
        }
    }
}

/// Where one file's reading job stands.
#[derive(Clone, Debug, PartialEq)]
pub enum PartState {
    /// Bytes done of total.
    Reading { done: f64, total: f64 },
    /// Its lines.
    Done(Rc<Vec<LineDetail>>),
    /// It could not be read again.
    Failed(FileError),
}

/// One file read again.
#[derive(Clone, Debug, PartialEq)]
pub struct LinesPart {
    /// The worker's job.
    pub job: u32,
    /// The file's ID.
    pub file: u32,
    /// Its position among the files combined.
    pub index: usize,
    /// Its name.
    pub name: String,
    /// How far it has got.
    pub state: PartState,
}

/// The lines asked for, as the files are read again.
#[derive(Clone, Debug, PartialEq)]
pub struct LinesRequest {
    /// Whose.
    pub of: LinesOf,
    /// The files read (IDs and options of the files read at the time): when
    /// they change, these lines are out of date.
    pub files: Vec<(u32, FileOptions)>,
    /// One job per file.
    pub parts: Vec<LinesPart>,
}

impl LinesRequest {
    /// Bytes done and in all, over every file still being read.
    pub fn progress(&self) -> (f64, f64) {
        self.parts.iter().fold((0.0, 0.0), |(d, t), p| match &p.state {
            PartState::Reading { done, total } => (d + done, t + total),
            _ => (d + 1.0, t + 1.0),
        })
    }

    /// Every file has answered.
    pub fn complete(&self) -> bool {
        self.parts.iter().all(|p| !matches!(p.state, PartState::Reading { .. }))
    }

    /// The files that could not be read again, by name.
    pub fn failed(&self) -> Vec<(&str, &FileError)> {
        self.parts
            .iter()
            .filter_map(|p| match &p.state {
                PartState::Failed(e) => Some((p.name.as_str(), e)),
                _ => None,
            })
            .collect()
    }

    /// The jobs still reading.
    pub fn reading(&self) -> Vec<u32> {
        self.parts.iter().filter(|p| matches!(p.state, PartState::Reading { .. })).map(|p| p.job).collect()
    }
}

impl AppState {
    /// The files read so far (their IDs and options), in the order they are
    /// combined.
    fn read_files(&self) -> impl Iterator<Item = (u32, &FileOptions)> {
        self.files.iter().filter(|f| matches!(f.state, FileState::Done(_))).map(|f| (f.id, &f.options))
    }

    /// The jobs that read `of`'s lines again, job IDs from `first_job`: every
    /// file read for a tenant, the one file for its unattributed lines. The
    /// handler sends each with [`FileOptions::lines`] set.
    pub fn lines_request(&self, of: &LinesOf, first_job: u32) -> LinesRequest {
        let done = self.files.iter().filter(|f| matches!(f.state, FileState::Done(_)));
        let parts = done
            .enumerate()
            .filter(|(_, f)| match of {
                LinesOf::Tenant(_) => true,
                LinesOf::Unattributed(id) => f.id == *id,
            })
            .enumerate()
            .map(|(k, (index, f))| LinesPart {
                job: first_job + k as u32,
                file: f.id,
                index,
                name: f.name.clone(),
                state: PartState::Reading { done: 0.0, total: f.size },
            })
            .collect();
        LinesRequest { of: of.clone(), files: self.read_files().map(|(id, options)| (id, options.clone())).collect(), parts }
    }

    /// The request for `of`'s lines, if one was made since the files last
    /// changed.
    pub fn lines_for(&self, of: &LinesOf) -> Option<&LinesRequest> {
        // Compared in place: the page asks on every render.
        self.lines.get(of).filter(|r| r.files.iter().map(|(id, options)| (*id, options)).eq(self.read_files()))
    }

    /// `of`'s lines, explained: what combining made of each, and the
    /// figures each counts in at the as-of date; `None` until every file
    /// has answered.
    pub fn tenant_lines(&self, of: &LinesOf) -> Option<TenantLines> {
        let request = self.lines_for(of).filter(|r| r.complete())?;
        let mut ingest = Ingest::new();
        for f in &self.files {
            if let FileState::Done(result) = &f.state {
                ingest.add(Rc::clone(result));
            }
        }
        let files = request
            .parts
            .iter()
            .filter_map(|p| match &p.state {
                PartState::Done(lines) => Some(FileLines { index: p.index, file: p.name.clone(), lines: (**lines).clone() }),
                _ => None,
            })
            .collect();
        let window = match of {
            LinesOf::Tenant(id) => self.assessment(id).and_then(|a| a.evaluation_window),
            LinesOf::Unattributed(_) => None,
        };
        Some(explain(files, &ingest.line_context(), &FigureRanges::new(self.as_of, window), self.parsed.policy.revenue_basis))
    }

    /// Records a job's progress, answer or failure.
    pub(super) fn lines_job(&mut self, job: u32, state: PartState) {
        for request in self.lines.values_mut() {
            if let Some(part) = request.parts.iter_mut().find(|p| p.job == job) {
                part.state = state;
                return;
            }
        }
    }
}
