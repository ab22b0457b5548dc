//! Calendar export (iCalendar, RFC 5545): each tenant's coming dates as
//! all-day events that Outlook, Google Calendar and Apple Calendar import.
//!
//! Per tenant with a coming evaluation: the 90/60/30-day notices (D6), the
//! last day revenue still counts in the window (D3), and the evaluation
//! itself (D2: the first day of the anniversary month; deauthorization may
//! land any day of that month). A deauthorized tenant gets its re-enrollment
//! date (D12) instead. Every event has a reminder a week before.
//!
//! `UID`s are built from the tenant and the date the event belongs to, never
//! from the export's as-of date or time, so importing a newer export updates
//! the events instead of adding them again; `SEQUENCE` grows with the export
//! time, so the newer export's text wins.
//!
//! The words are the shell's ([`Wording`]; [`English`] here for the CLI),
//! so the app writes the file in the user's language.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

use super::assess::{ResellerAssessment, Status};
use super::dates::basic_date;
use super::money::Money;

/// What an event marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// Microsoft's notice this many days before the evaluation (D6).
    Notice(u32),
    /// The last day whose revenue counts for the evaluation (D3).
    LastCountingDay,
    /// The evaluation: the first day of the anniversary month (D2).
    Evaluation,
    /// Re-enrollment possible from this day (D12).
    Reenrollment,
}

impl EventKind {
    fn key(self) -> String {
        match self {
            EventKind::Notice(days) => format!("notice-{days}"),
            EventKind::LastCountingDay => "last-counting-day".into(),
            EventKind::Evaluation => "evaluation".into(),
            EventKind::Reenrollment => "reenrollment".into(),
        }
    }
}

/// One all-day event of one tenant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event<'a> {
    /// What it marks.
    pub kind: EventKind,
    /// Its day.
    pub date: NaiveDate,
    /// The evaluation it belongs to (none for re-enrollment).
    pub evaluation: Option<NaiveDate>,
    /// The tenant, as assessed at export time.
    pub tenant: &'a ResellerAssessment,
}

impl Event<'_> {
    /// The stable identifier: tenant, event kind and the date of the
    /// evaluation (or re-enrollment) it belongs to.
    pub fn uid(&self) -> String {
        let anchor = self.evaluation.unwrap_or(self.date);
        let id: String = self.tenant.reseller_id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect();
        format!("{}-{}-{}@ttm-check", id, self.kind.key(), basic_date(anchor))
    }
}

/// The events of `tenants`, tenant by tenant, each tenant's in date order.
/// Tenants without a coming date (no onboarding date known) have none.
pub fn events(tenants: &[ResellerAssessment]) -> Vec<Event<'_>> {
    let mut out = Vec::new();
    for t in tenants {
        if matches!(t.status, Status::Deauthorized | Status::ReenrollmentOpen) {
            if let Some(d) = t.reenroll_from {
                out.push(Event { kind: EventKind::Reenrollment, date: d, evaluation: None, tenant: t });
            }
            continue;
        }
        let (Some(evaluation), Some(window), Some(notices)) = (t.next_evaluation, t.evaluation_window, t.notice_dates) else {
            continue;
        };
        let mut mine: Vec<Event<'_>> = Vec::with_capacity(5);
        for (date, offset) in notices.iter().zip(notice_offsets(evaluation, &notices)) {
            mine.push(Event { kind: EventKind::Notice(offset), date: *date, evaluation: Some(evaluation), tenant: t });
        }
        mine.push(Event { kind: EventKind::LastCountingDay, date: window.end, evaluation: Some(evaluation), tenant: t });
        mine.push(Event { kind: EventKind::Evaluation, date: evaluation, evaluation: Some(evaluation), tenant: t });
        mine.sort_by_key(|e| e.date);
        out.extend(mine);
    }
    out
}

fn notice_offsets(evaluation: NaiveDate, notices: &[NaiveDate; 3]) -> [u32; 3] {
    notices.map(|n| (evaluation - n).num_days().max(0) as u32)
}

/// The words of a calendar, in one language.
pub trait Wording {
    /// The calendar's name (`X-WR-CALNAME`).
    fn calendar_name(&self, tenants: usize) -> String;
    /// An event's title.
    fn summary(&self, event: &Event<'_>) -> String;
    /// An event's description: what it means, and the tenant's status and
    /// shortfall at export time.
    fn description(&self, event: &Event<'_>, as_of: NaiveDate) -> String;
    /// The reminder's text.
    fn reminder(&self, event: &Event<'_>) -> String;
}

/// The English words (the CLI's).
pub struct English;

fn tenant_name(t: &ResellerAssessment) -> String {
    match &t.name {
        Some(n) => format!("{n} ({})", t.reseller_id),
        None => format!("Reseller {}", t.reseller_id),
    }
}

impl Wording for English {
    fn calendar_name(&self, tenants: usize) -> String {
        if tenants == 1 {
            "TTM Check: evaluation dates".into()
        } else {
            format!("TTM Check: evaluation dates of {tenants} reseller tenants")
        }
    }

    fn summary(&self, e: &Event<'_>) -> String {
        let who = tenant_name(e.tenant);
        match e.kind {
            EventKind::Notice(days) => format!("{who}: {days}-day notice before the CSP revenue evaluation"),
            EventKind::LastCountingDay => format!("{who}: last day revenue counts for the CSP evaluation"),
            EventKind::Evaluation => format!("{who}: CSP revenue evaluation (USD 1,000 TTM rule)"),
            EventKind::Reenrollment => format!("{who}: CSP re-enrollment possible"),
        }
    }

    fn description(&self, e: &Event<'_>, as_of: NaiveDate) -> String {
        let t = e.tenant;
        let what = match (e.kind, e.evaluation) {
            (EventKind::Notice(days), Some(ev)) => {
                format!("Microsoft sends its {days}-day notice around this day if the revenue of the window is below the threshold at the evaluation on {ev}.")
            }
            (EventKind::LastCountingDay, Some(ev)) => {
                format!("Revenue dated up to this day counts for the evaluation on {ev}; later revenue counts for the next one.")
            }
            (EventKind::Evaluation, _) => format!(
                "The evaluation is taken as the first day of the anniversary month; deauthorization may land on any day of {}.",
                month_year(e.date)
            ),
            _ => "The waiting year after the deauthorization is over: the tenant may re-enroll at this location.".into(),
        };
        let mut s = format!("{what}\n{}\nStatus on {as_of}: {}.", tenant_name(t), t.status.as_str().replace('_', " "));
        if let Some(shortfall) = t.shortfall_usd {
            s.push_str(&format!(" Shortfall: USD {}.", money(shortfall)));
        }
        s.push_str(&format!(" TTM now: USD {}.", money(t.ttm_net_usd)));
        s
    }

    fn reminder(&self, e: &Event<'_>) -> String {
        format!("In a week: {}", self.summary(e))
    }
}

fn month_year(d: NaiveDate) -> String {
    const MONTHS: [&str; 12] =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    format!("{} {}", MONTHS[d.month0() as usize], d.year())
}

fn money(m: Money) -> String {
    m.round_cents().to_string()
}

/// The calendar of `tenants` as an `.ics` file's text (CRLF line ends, long
/// lines folded). `exported_at` (UTC) is the `DTSTAMP` and orders exports.
pub fn calendar(tenants: &[ResellerAssessment], as_of: NaiveDate, exported_at: NaiveDateTime, words: &dyn Wording) -> String {
    let events = events(tenants);
    let mut out = String::with_capacity(512 + events.len() * 900);
    let stamp =
        format!("{}T{:02}{:02}{:02}Z", basic_date(exported_at.date()), exported_at.hour(), exported_at.minute(), exported_at.second());
    // Minutes since 2024-01-01: grows with every later export.
    let epoch = NaiveDate::from_ymd_opt(2024, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0)).unwrap_or_default();
    let sequence = (exported_at - epoch).num_minutes().max(0);
    let mut line = |name: &str, value: &str| fold(&mut out, &format!("{name}:{value}"));
    line("BEGIN", "VCALENDAR");
    line("VERSION", "2.0");
    line("PRODID", "-//TTM Check//Evaluation dates//EN");
    line("CALSCALE", "GREGORIAN");
    line("METHOD", "PUBLISH");
    line("X-WR-CALNAME", &escape(&words.calendar_name(tenants.len())));
    for e in &events {
        let day = basic_date(e.date);
        let next = basic_date(e.date.succ_opt().unwrap_or(e.date));
        line("BEGIN", "VEVENT");
        line("UID", &escape(&e.uid()));
        line("DTSTAMP", &stamp);
        line("SEQUENCE", &sequence.to_string());
        line("DTSTART;VALUE=DATE", &day);
        line("DTEND;VALUE=DATE", &next);
        line("SUMMARY", &escape(&words.summary(e)));
        line("DESCRIPTION", &escape(&words.description(e, as_of)));
        line("CATEGORIES", "TTM Check");
        line("TRANSP", "TRANSPARENT");
        line("BEGIN", "VALARM");
        line("ACTION", "DISPLAY");
        line("TRIGGER", "-P7D");
        line("DESCRIPTION", &escape(&words.reminder(e)));
        line("END", "VALARM");
        line("END", "VEVENT");
    }
    line("END", "VCALENDAR");
    out
}

/// Escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and
/// line breaks.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes one content line, folded at 75 octets (RFC 5545 3.1) without
/// splitting a UTF-8 character, ended by CRLF.
fn fold(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::assess::{assess, Context};
    use crate::domain::ledger::ResellerRevenue;
    use crate::domain::policy::Policy;
    use crate::domain::register::RegisterEntry;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn tenant(id: &str, name: &str, onboarded: NaiveDate, deauthorized: Option<NaiveDate>, as_of: NaiveDate) -> ResellerAssessment {
        let entry = RegisterEntry {
            reseller_id: id.into(),
            name: Some(name.into()),
            onboarding_date: Some(onboarded),
            deauthorized_on: deauthorized,
            ..RegisterEntry::default()
        };
        let mut revenue = ResellerRevenue::default();
        revenue.add_usd(date(2026, 5, 10), Money("400.00".parse().unwrap()));
        assess(id, &revenue, Some(&entry), &Context { as_of, policy: &Policy::default(), coverage: None })
    }

    /// Unfolds and splits into (name, value) lines.
    fn lines(ics: &str) -> Vec<(String, String)> {
        ics.replace("\r\n ", "")
            .split("\r\n")
            .filter(|l| !l.is_empty())
            .map(|l| {
                let (n, v) = l.split_once(':').unwrap();
                (n.to_owned(), v.to_owned())
            })
            .collect()
    }

    fn stamp() -> NaiveDateTime {
        date(2026, 12, 2).and_hms_opt(9, 30, 0).unwrap()
    }

    #[test]
    fn every_date_of_a_tenant_as_all_day_events_with_a_week_reminder() {
        let as_of = date(2026, 11, 28);
        let t = [tenant("4816859", "Contoso, Ltd; \"Berlin\"\nHQ", date(2020, 3, 3), None, as_of)];
        let ics = calendar(&t, as_of, stamp(), &English);
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
        assert!(ics.split("\r\n").all(|l| l.len() <= 75), "every line folded at 75 octets");
        let l = lines(&ics);
        let starts: Vec<&str> = l.iter().filter(|(n, _)| n == "DTSTART;VALUE=DATE").map(|(_, v)| v.as_str()).collect();
        // Notices 90/60/30 days before 2027-03-01, the window's last day, the evaluation.
        assert_eq!(starts, ["20261201", "20261231", "20270130", "20270228", "20270301"]);
        let ends: Vec<&str> = l.iter().filter(|(n, _)| n == "DTEND;VALUE=DATE").map(|(_, v)| v.as_str()).collect();
        assert_eq!(ends, ["20261202", "20270101", "20270131", "20270301", "20270302"]);
        assert_eq!(l.iter().filter(|(n, v)| n == "TRIGGER" && v == "-P7D").count(), 5);
        assert_eq!(l.iter().filter(|(n, v)| n == "BEGIN" && v == "VALARM").count(), 5);
        // The name's comma, semicolon and line break are escaped.
        let summary = &l.iter().find(|(n, _)| n == "SUMMARY").unwrap().1;
        assert!(summary.starts_with("Contoso\\, Ltd\\; \"Berlin\"\\nHQ (4816859): 90-day notice"), "{summary}");
        let description = &l.iter().find(|(n, _)| n == "DESCRIPTION").unwrap().1;
        assert!(description.contains("Status on 2026-11-28: at risk. Shortfall: USD 600.00."), "{description}");
    }

    #[test]
    fn uids_stay_when_the_as_of_date_moves_and_sequence_grows() {
        let t1 = [tenant("42", "A", date(2020, 3, 3), None, date(2026, 11, 28))];
        let t2 = [tenant("42", "A", date(2020, 3, 3), None, date(2027, 1, 15))];
        let uids = |ics: &str| -> Vec<String> { lines(ics).into_iter().filter(|(n, _)| n == "UID").map(|(_, v)| v).collect() };
        let first = calendar(&t1, date(2026, 11, 28), stamp(), &English);
        let later = calendar(&t2, date(2027, 1, 15), stamp() + chrono::Duration::days(48), &English);
        assert_eq!(uids(&first), uids(&later));
        assert_eq!(uids(&first).len(), 5);
        assert!(uids(&first).iter().all(|u| u.starts_with("42-") && u.ends_with("-20270301@ttm-check")));
        let seq = |ics: &str| lines(ics).into_iter().find(|(n, _)| n == "SEQUENCE").unwrap().1.parse::<i64>().unwrap();
        assert!(seq(&later) > seq(&first));
        // Past the evaluation month, the next year's events are new ones.
        let t3 = [tenant("42", "A", date(2020, 3, 3), None, date(2027, 4, 2))];
        assert!(uids(&calendar(&t3, date(2027, 4, 2), stamp(), &English)).iter().all(|u| u.ends_with("-20280301@ttm-check")));
    }

    #[test]
    fn a_deauthorized_tenant_gets_its_reenrollment_date_only() {
        let as_of = date(2026, 11, 28);
        let t = [tenant("7", "Gone", date(2020, 3, 3), Some(date(2026, 3, 5)), as_of)];
        let l = lines(&calendar(&t, as_of, stamp(), &English));
        let starts: Vec<&str> = l.iter().filter(|(n, _)| n == "DTSTART;VALUE=DATE").map(|(_, v)| v.as_str()).collect();
        assert_eq!(starts, ["20270305"]);
        assert!(l.iter().any(|(n, v)| n == "UID" && v == "7-reenrollment-20270305@ttm-check"));
    }

    #[test]
    fn folding_never_splits_a_character() {
        let mut out = String::new();
        let long = format!("DESCRIPTION:{}", "Grüße €".repeat(30));
        fold(&mut out, &long);
        assert!(out.split("\r\n").all(|l| l.len() <= 75));
        assert_eq!(out.replace("\r\n ", "").trim_end(), long);
        assert_eq!(escape("a\\b;c,d\r\ne"), "a\\\\b\\;c\\,d\\ne");
    }
}
