//! Language-free marks. Words and formatted values are in [`super::i18n`].

use crate::domain::assess::Status;

/// A symbol that carries the status without colour.
pub fn status_symbol(s: Status) -> &'static str {
    match s {
        Status::EvaluationMonth => "‼",
        Status::NoticePeriod => "!",
        Status::AtRisk => "▲",
        Status::NeedsInput => "?",
        Status::Deauthorized => "✕",
        Status::ReenrollmentOpen => "↻",
        Status::NotYetSubject => "◷",
        Status::OnTrack => "✓",
    }
}
