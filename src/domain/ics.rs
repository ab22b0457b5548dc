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
//! The words are written once, here, as [`Message`]s; the shell renders them
//! (the CLI in English, the app in the user's language).

use chrono::{NaiveDate, NaiveDateTime, Timelike};

use super::assess::{ResellerAssessment, Status};
use super::dates::basic_date;
use super::message::{Arg, Message};

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

impl Event<'_> {
    /// The event's title.
    pub fn summary(&self) -> Message {
        let who = tenant_name(self.tenant);
        match self.kind {
            EventKind::Notice(days) => {
                Message::new("{who}: {days}-day notice before the CSP revenue evaluation").with("days", Arg::Number(days.into()))
            }
            EventKind::LastCountingDay => Message::new("{who}: last day revenue counts for the CSP evaluation"),
            EventKind::Evaluation => Message::new("{who}: CSP revenue evaluation (USD 1,000 TTM rule)"),
            EventKind::Reenrollment => Message::new("{who}: CSP re-enrollment possible"),
        }
        .with("who", who)
    }

    /// What the event means.
    fn meaning(&self) -> Message {
        // Notices and the last counting day always belong to an evaluation.
        let evaluation = Arg::Date(self.evaluation.unwrap_or(self.date));
        match self.kind {
            EventKind::Notice(days) => Message::new(
                "Microsoft sends its {days}-day notice around this day if the revenue of the window is below the threshold at the evaluation on {eval}.",
            )
            .with("days", Arg::Number(days.into()))
            .with("eval", evaluation),
            EventKind::LastCountingDay => Message::new(
                "Revenue dated up to this day counts for the evaluation on {eval}; later revenue counts for the next one.",
            )
            .with("eval", evaluation),
            EventKind::Evaluation => Message::new(
                "The evaluation is taken as the first day of the anniversary month; deauthorization may land on any day of {month}.",
            )
            .with("month", Arg::Month(self.date)),
            EventKind::Reenrollment => {
                Message::new("The waiting year after the deauthorization is over: the tenant may re-enroll at this location.")
            }
        }
    }

    /// The event's description, in `words`: what it means, and the
    /// tenant's status and shortfall at export time.
    fn description(&self, as_of: NaiveDate, words: &dyn Fn(&Message) -> String) -> String {
        let t = self.tenant;
        let status = Message::new("Status on {date}: {status}.").with("date", Arg::Date(as_of)).with("status", Arg::Status(t.status));
        let mut s = format!("{}\n{}\n{}", words(&self.meaning()), words(&tenant_name(t)), words(&status));
        if let Some(short) = t.shortfall_usd {
            s.push(' ');
            s.push_str(&words(&Message::new("Shortfall: {short}.").with("short", Arg::Usd(short))));
        }
        s.push(' ');
        s.push_str(&words(&Message::new("TTM now: {ttm}.").with("ttm", Arg::Usd(t.ttm_net_usd))));
        s
    }
}

/// A tenant by name and ID, or by ID.
fn tenant_name(t: &ResellerAssessment) -> Message {
    match &t.name {
        Some(name) => Message::new("{name} ({id})").with("name", name),
        None => Message::new("Reseller {id}"),
    }
    .with("id", &t.reseller_id)
}

/// The calendar's name (`X-WR-CALNAME`).
fn calendar_name(tenants: usize) -> Message {
    if tenants == 1 {
        Message::new("TTM Check: evaluation dates")
    } else {
        Message::new("TTM Check: evaluation dates of {n} reseller tenants").with("n", Arg::Number(tenants as u64))
    }
}

/// The calendar of `tenants` as an `.ics` file's text (CRLF line ends, long
/// lines folded). `exported_at` (UTC) is the `DTSTAMP` and orders exports;
/// `words` renders each message in the shell's language (the CLI: English,
/// `Message::to_string`).
pub fn calendar(
    tenants: &[ResellerAssessment],
    as_of: NaiveDate,
    exported_at: NaiveDateTime,
    words: &dyn Fn(&Message) -> String,
) -> String {
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
    line("X-WR-CALNAME", &escape(&words(&calendar_name(tenants.len()))));
    for e in &events {
        let day = basic_date(e.date);
        let next = basic_date(e.date.succ_opt().unwrap_or(e.date));
        line("BEGIN", "VEVENT");
        line("UID", &escape(&e.uid()));
        line("DTSTAMP", &stamp);
        line("SEQUENCE", &sequence.to_string());
        line("DTSTART;VALUE=DATE", &day);
        line("DTEND;VALUE=DATE", &next);
        line("SUMMARY", &escape(&words(&e.summary())));
        line("DESCRIPTION", &escape(&e.description(as_of, words)));
        line("CATEGORIES", "TTM Check");
        line("TRANSP", "TRANSPARENT");
        line("BEGIN", "VALARM");
        line("ACTION", "DISPLAY");
        line("TRIGGER", "-P7D");
        line("DESCRIPTION", &escape(&words(&Message::new("In a week: {what}").with("what", e.summary()))));
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
    use crate::domain::money::Money;
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

    fn english(m: &Message) -> String {
        m.to_string()
    }

    fn stamp() -> NaiveDateTime {
        date(2026, 12, 2).and_hms_opt(9, 30, 0).unwrap()
    }

    #[test]
    fn every_date_of_a_tenant_as_all_day_events_with_a_week_reminder() {
        let as_of = date(2026, 11, 28);
        let t = [tenant("4816859", "Contoso, Ltd; \"Berlin\"\nHQ", date(2020, 3, 3), None, as_of)];
        let ics = calendar(&t, as_of, stamp(), &english);
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
        let first = calendar(&t1, date(2026, 11, 28), stamp(), &english);
        let later = calendar(&t2, date(2027, 1, 15), stamp() + chrono::Duration::days(48), &english);
        assert_eq!(uids(&first), uids(&later));
        assert_eq!(uids(&first).len(), 5);
        assert!(uids(&first).iter().all(|u| u.starts_with("42-") && u.ends_with("-20270301@ttm-check")));
        let seq = |ics: &str| lines(ics).into_iter().find(|(n, _)| n == "SEQUENCE").unwrap().1.parse::<i64>().unwrap();
        assert!(seq(&later) > seq(&first));
        // Past the evaluation month, the next year's events are new ones.
        let t3 = [tenant("42", "A", date(2020, 3, 3), None, date(2027, 4, 2))];
        assert!(uids(&calendar(&t3, date(2027, 4, 2), stamp(), &english)).iter().all(|u| u.ends_with("-20280301@ttm-check")));
    }

    #[test]
    fn a_deauthorized_tenant_gets_its_reenrollment_date_only() {
        let as_of = date(2026, 11, 28);
        let t = [tenant("7", "Gone", date(2020, 3, 3), Some(date(2026, 3, 5)), as_of)];
        let l = lines(&calendar(&t, as_of, stamp(), &english));
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
