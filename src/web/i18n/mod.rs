//! Languages: every text on screen in English or German, and numbers, money
//! and dates formatted for the locale by the browser's `Intl`.
//!
//! The interface's own texts are written in English at the place they are
//! shown, through [`L10n::t`] (a fixed text), [`L10n::f`] (a text with
//! `{named}` values) or [`L10n::plural`]. The domain's texts (its reasons,
//! warnings and calendar words) are written once, in the domain, as
//! `domain::message::Message`s; [`L10n::message`] translates and formats
//! them. The German catalogue ([`de`]) is keyed by the English of both.
//! `tests/hygiene.rs` checks that every such text has its German entry with
//! the same placeholders, so a new English text cannot slip into the German
//! interface unnoticed.
//!
//! The domain stays locale-free: it hands over `Money`, `NaiveDate` and its
//! messages as values; this module formats them.

mod de;
mod reasons;

use std::cell::OnceCell;
use std::fmt::Display;
use std::rc::Rc;

use chrono::{Datelike, NaiveDate};
use js_sys::{Array, Function, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::domain::assess::{Missing, ResellerAssessment, Status};
use crate::domain::ingest::layout::Layout;
use crate::domain::message::{fill, Arg};
use crate::domain::money::Money;

/// A language of the interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// German.
    De,
}

impl Lang {
    /// Both, in the order the switch offers them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::De];

    /// The language of a BCP 47 tag (`de-AT` → German), if supported.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "de" => Some(Lang::De),
            _ => None,
        }
    }

    /// The primary tag (`en`, `de`), for `lang` attributes and the URL.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
        }
    }

    /// The language's own name, for the switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::De => "Deutsch",
        }
    }

    /// The first supported language among the browser's preferences.
    pub fn from_browser() -> Lang {
        browser_languages().iter().find_map(|t| Lang::from_tag(t)).unwrap_or_default()
    }
}

fn browser_languages() -> Vec<String> {
    let Ok(navigator) = Reflect::get(&js_sys::global(), &JsValue::from_str("navigator")) else { return Vec::new() };
    let list = Reflect::get(&navigator, &JsValue::from_str("languages")).ok().filter(|v| v.is_object());
    match list {
        Some(list) => Array::from(&list).iter().filter_map(|v| v.as_string()).collect(),
        None => Reflect::get(&navigator, &JsValue::from_str("language")).ok().and_then(|v| v.as_string()).into_iter().collect(),
    }
}

/// The formatting locale for `lang`: the browser's own variant of that
/// language when it prefers one (`de-CH`, `en-US`), otherwise `en-GB` /
/// `de-DE`.
fn locale_for(lang: Lang) -> String {
    browser_languages().into_iter().find(|t| Lang::from_tag(t) == Some(lang) && t.contains('-')).unwrap_or_else(|| match lang {
        Lang::En => "en-GB".into(),
        Lang::De => "de-DE".into(),
    })
}

/// The locale's `Intl` formatters, each made the first time it is used:
/// making one is slow (its locale data), and the first screen, rendered
/// over several short tasks, needs few of them.
struct Formatters {
    locales: Array,
    money: OnceCell<Function>,
    number: OnceCell<Function>,
    date: OnceCell<Function>,
    month_year: OnceCell<Function>,
    month_long: OnceCell<Function>,
    month_short: OnceCell<Function>,
    percent: OnceCell<Function>,
    compact: OnceCell<Function>,
    plural: OnceCell<Intl::PluralRules>,
}

fn options(pairs: &[(&str, &str)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    o
}

/// `Intl.NumberFormat` options: `pairs`, and `min` to `max` fraction digits.
fn number_options(pairs: &[(&str, &str)], min: u32, max: u32) -> Object {
    let o = options(pairs);
    let _ = Reflect::set(&o, &JsValue::from_str("minimumFractionDigits"), &JsValue::from_f64(min.into()));
    let _ = Reflect::set(&o, &JsValue::from_str("maximumFractionDigits"), &JsValue::from_f64(max.into()));
    o
}

impl Formatters {
    fn new(locale: &str) -> Formatters {
        Formatters {
            locales: Array::of1(&JsValue::from_str(locale)),
            money: OnceCell::new(),
            number: OnceCell::new(),
            date: OnceCell::new(),
            month_year: OnceCell::new(),
            month_long: OnceCell::new(),
            month_short: OnceCell::new(),
            percent: OnceCell::new(),
            compact: OnceCell::new(),
            plural: OnceCell::new(),
        }
    }

    /// `Intl.NumberFormat(options)`'s `format`.
    fn number_format(&self, options: &Object) -> Function {
        Intl::NumberFormat::new(&self.locales, options).format()
    }

    /// `Intl.DateTimeFormat`'s `format` in UTC (dates are calendar days) with `pairs`.
    fn date_format(&self, pairs: &[(&str, &str)]) -> Function {
        let mut all = vec![("timeZone", "UTC")];
        all.extend_from_slice(pairs);
        Intl::DateTimeFormat::new(&self.locales, &options(&all)).format()
    }

    fn money(&self) -> &Function {
        self.money.get_or_init(|| {
            self.number_format(&number_options(&[("style", "currency"), ("currency", "USD"), ("currencyDisplay", "code")], 2, 2))
        })
    }

    fn number(&self) -> &Function {
        self.number.get_or_init(|| self.number_format(&Object::new()))
    }

    fn date(&self) -> &Function {
        self.date.get_or_init(|| self.date_format(&[("day", "numeric"), ("month", "short"), ("year", "numeric")]))
    }

    fn month_year(&self) -> &Function {
        self.month_year.get_or_init(|| self.date_format(&[("month", "short"), ("year", "2-digit")]))
    }

    fn month_long(&self) -> &Function {
        self.month_long.get_or_init(|| self.date_format(&[("month", "long")]))
    }

    fn month_short(&self) -> &Function {
        self.month_short.get_or_init(|| self.date_format(&[("month", "short")]))
    }

    fn percent(&self) -> &Function {
        self.percent.get_or_init(|| self.number_format(&options(&[("style", "percent")])))
    }

    fn compact(&self) -> &Function {
        self.compact.get_or_init(|| {
            let o = options(&[("notation", "compact")]);
            let _ = Reflect::set(&o, &JsValue::from_str("maximumFractionDigits"), &JsValue::from_f64(1.0));
            self.number_format(&o)
        })
    }

    fn plural(&self) -> &Intl::PluralRules {
        self.plural.get_or_init(|| Intl::PluralRules::new(&self.locales, &Object::new()))
    }
}

struct Inner {
    lang: Lang,
    locale: String,
    fmt: Formatters,
}

/// The interface language with its formatters. Cheap to clone; compared by
/// language and locale.
#[derive(Clone)]
pub struct L10n(Rc<Inner>);

impl PartialEq for L10n {
    fn eq(&self, other: &L10n) -> bool {
        self.0.lang == other.0.lang && self.0.locale == other.0.locale
    }
}

impl Default for L10n {
    fn default() -> L10n {
        L10n::new(Lang::En)
    }
}

impl std::fmt::Debug for L10n {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "L10n({})", self.0.locale)
    }
}

fn call(f: &Function, value: &JsValue) -> String {
    f.call1(&JsValue::NULL, value).ok().and_then(|v| v.as_string()).unwrap_or_default()
}

impl L10n {
    /// The language, formatting for the browser's variant of it.
    pub fn new(lang: Lang) -> L10n {
        let locale = locale_for(lang);
        // Whose data static/warm-intl.js is to have loaded (tests compare).
        super::diagnose("locale", JsValue::from_str(&locale));
        let fmt = Formatters::new(&locale);
        L10n(Rc::new(Inner { lang, locale, fmt }))
    }

    /// The language.
    pub fn lang(&self) -> Lang {
        self.0.lang
    }

    /// The formatting locale (`de-DE`).
    pub fn locale(&self) -> &str {
        &self.0.locale
    }

    /// A fixed text in this language.
    pub fn t(&self, en: &'static str) -> &'static str {
        match self.0.lang {
            Lang::En => en,
            Lang::De => de::text(en).unwrap_or(en),
        }
    }

    /// A text with `{name}` placeholders filled in.
    pub fn f(&self, en: &'static str, args: &[(&str, &dyn Display)]) -> String {
        fill(self.t(en), args)
    }

    /// `one` or `other` by the language's plural rules, with `{n}` filled in
    /// (formatted for the locale).
    pub fn plural(&self, n: i64, one: &'static str, other: &'static str) -> String {
        self.plural_with(n, one, other, &[])
    }

    /// [`L10n::plural`] with more `{named}` values than `{n}`.
    pub fn plural_with(&self, n: i64, one: &'static str, other: &'static str, args: &[(&str, &dyn Display)]) -> String {
        let category = self.0.fmt.plural().select(n as f64);
        let template = if category == "one" { one } else { other };
        let number = self.number(n);
        let mut all: Vec<(&str, &dyn Display)> = vec![("n", &number)];
        all.extend_from_slice(args);
        self.f(template, &all)
    }

    /// An amount typed by the user, as a plain decimal (`1.000,50` in German
    /// and `1,000.50` in English both give `1000.50`).
    pub fn amount_input(&self, typed: &str) -> String {
        let (group, mark) = match self.0.lang {
            Lang::En => (',', '.'),
            Lang::De => ('.', ','),
        };
        typed
            .trim()
            .chars()
            .filter(|c| *c != group && !c.is_whitespace() && *c != '\u{a0}' && *c != '\'')
            .map(|c| if c == mark { '.' } else { c })
            .collect()
    }

    /// A number with `digits` decimals (file sizes).
    pub fn fraction(&self, value: f64, digits: u32) -> String {
        call(&self.number_format(digits, digits), &JsValue::from_f64(value))
    }

    /// A number format for this locale with `min` to `max` fraction digits.
    fn number_format(&self, min: u32, max: u32) -> Function {
        Intl::NumberFormat::new(&Array::of1(&JsValue::from_str(&self.0.locale)), &number_options(&[], min, max)).format()
    }

    /// A percentage from 0–100: `42%`, `42 %`.
    pub fn percent(&self, pct: f64) -> String {
        call(self.0.fmt.percent(), &JsValue::from_f64(pct.round() / 100.0))
    }

    /// A short axis label for an amount: `1.2K`, `35K` / `1200`, `35.000`.
    pub fn compact(&self, v: f64) -> String {
        call(self.0.fmt.compact(), &JsValue::from_f64(v))
    }

    /// A month's short name for axis labels: `Mar`, `März`.
    pub fn month_short(&self, d: NaiveDate) -> String {
        call(self.0.fmt.month_short(), &utc(d))
    }

    /// An integer, grouped for the locale.
    pub fn number(&self, n: i64) -> String {
        // As a string: exact beyond 2^53.
        call(self.0.fmt.number(), &JsValue::from_str(&n.to_string()))
    }

    /// USD, exactly (Intl formats the decimal string, never a float):
    /// `USD 1,234.56`, `1.234,56 USD`.
    pub fn usd(&self, m: Money) -> String {
        call(self.0.fmt.money(), &JsValue::from_str(&m.round_cents().0.to_string()))
    }

    /// An optional amount, or a dash.
    pub fn usd_or_dash(&self, m: Option<Money>) -> String {
        m.map(|m| self.usd(m)).unwrap_or_else(|| "—".into())
    }

    /// A date: `1 Mar 2027`, `Mar 1, 2027`, `1. März 2027`.
    pub fn date(&self, d: NaiveDate) -> String {
        call(self.0.fmt.date(), &utc(d))
    }

    /// An optional date, or a dash.
    pub fn date_or_dash(&self, d: Option<NaiveDate>) -> String {
        d.map(|d| self.date(d)).unwrap_or_else(|| "—".into())
    }

    /// A month for chart labels: `Mar 27`, `März 27`.
    pub fn month_year(&self, d: NaiveDate) -> String {
        call(self.0.fmt.month_year(), &utc(d))
    }

    /// A month's name (1–12): `March`, `März`.
    pub fn month_name(&self, month: u32) -> String {
        NaiveDate::from_ymd_opt(2000, month, 1).map(|d| call(self.0.fmt.month_long(), &utc(d))).unwrap_or_default()
    }

    /// `1 day`, `2 days` / `1 Tag`, `2 Tage`.
    pub fn days(&self, n: i64) -> String {
        self.plural(n, "{n} day", "{n} days")
    }

    /// `1 line`, `2 lines`.
    pub fn lines(&self, n: u64) -> String {
        self.arg(&Arg::lines(n))
    }

    /// The status in words, for badges and filters.
    pub fn status(&self, s: Status) -> &'static str {
        match s {
            Status::EvaluationMonth => self.t("Evaluation this month"),
            Status::NoticePeriod => self.t("Notice period"),
            Status::AtRisk => self.t("At risk"),
            Status::NeedsInput => self.t("Needs input"),
            Status::Deauthorized => self.t("Deauthorized"),
            Status::ReenrollmentOpen => self.t("May re-enroll"),
            Status::NotYetSubject => self.t("Not yet subject"),
            Status::OnTrack => self.t("On track"),
        }
    }

    /// A file layout in words.
    pub fn layout(&self, l: Layout) -> &'static str {
        match l {
            Layout::NceInvoice => self.t("New-commerce invoice reconciliation"),
            Layout::NceDailyUsage => self.t("New-commerce daily-rated usage"),
            Layout::LegacyLicense => self.t("Legacy license-based reconciliation"),
            Layout::LegacyUsage => self.t("Legacy usage-based reconciliation"),
            Layout::MonthlyReport => self.t("Monthly revenue report (USD)"),
            Layout::Generic => self.t("Table with mapped columns"),
        }
    }

    /// An amount in another currency: the decimal alone, grouped for the locale.
    pub fn decimal(&self, m: Money) -> String {
        let s = m.0.to_string();
        let digits = s.split_once('.').map_or(0, |(_, f)| f.len()).max(2) as u32;
        call(&self.number_format(digits, digits.min(20)), &JsValue::from_str(&s))
    }

    /// The headline sentence of a tenant's assessment (`docs/rules.md` section 3).
    pub fn headline(&self, a: &ResellerAssessment) -> String {
        let eval = self.date_or_dash(a.next_evaluation);
        let left = a.days_to_evaluation.map(|d| self.days(d)).unwrap_or_default();
        let short = self.usd_or_dash(a.shortfall_usd);
        match a.status {
            Status::NotYetSubject => self.f(
                "Exempt until the first evaluation on {eval} ({left} to go). Revenue so far counts toward it.",
                &[("eval", &eval), ("left", &left)],
            ),
            Status::OnTrack => self.f(
                "Safe for the evaluation on {eval}: {secured} already recorded in its window.",
                &[("eval", &eval), ("secured", &self.usd_or_dash(a.secured_usd))],
            ),
            Status::AtRisk => self.f(
                "Short by {short} for the evaluation on {eval} ({left} left). Microsoft's notices start on {notice}.",
                &[("short", &short), ("eval", &eval), ("left", &left), ("notice", &self.date_or_dash(a.notice_dates.map(|n| n[0])))],
            ),
            Status::NoticePeriod => self.f(
                "Microsoft's notices are due or out: add {short} before {eval}. {left} left.",
                &[("short", &short), ("eval", &eval), ("left", &left)],
            ),
            Status::EvaluationMonth => self.f(
                "Deauthorization expected this month: the window up to {end} holds {secured}, short by {short}. It may land any day of the month.",
                &[
                    ("end", &self.date_or_dash(a.evaluation_window.map(|w| w.end))),
                    ("secured", &self.usd_or_dash(a.secured_usd)),
                    ("short", &short),
                ],
            ),
            Status::Deauthorized => self.f(
                "Deauthorized on {date}: re-enrollment at this location is possible from {from} ({left} left).",
                &[
                    ("date", &self.date_or_dash(a.deauthorized_on)),
                    ("from", &self.date_or_dash(a.reenroll_from)),
                    ("left", &a.days_to_reenroll.map(|d| self.days(d)).unwrap_or_default()),
                ],
            ),
            Status::ReenrollmentOpen => self.f(
                "The one-year wait is over: this location may re-enroll (since {date}).",
                &[("date", &self.date_or_dash(a.reenroll_from))],
            ),
            Status::NeedsInput => {
                let what: Vec<String> = a
                    .missing
                    .iter()
                    .map(|m| match m {
                        Missing::OnboardingDate => self.t("the onboarding date").to_owned(),
                        Missing::ExchangeRate { currency, .. } => self.f("a rate for {currency}", &[("currency", currency)]),
                    })
                    .collect();
                self.f(
                    "Needs {what} to assess. TTM now: {ttm}.",
                    &[("what", &what.join(self.t(" and "))), ("ttm", &self.usd(a.ttm_net_usd))],
                )
            }
        }
    }
}

/// A JS `Date` at midnight UTC of `d` (the formatters use UTC too, so the
/// day never shifts with the user's time zone).
fn utc(d: NaiveDate) -> JsValue {
    let ms = js_sys::Date::utc(d.year() as f64, d.month0() as f64);
    let ms = ms + (d.day0() as f64) * 86_400_000.0;
    js_sys::Date::new(&JsValue::from_f64(ms)).into()
}
