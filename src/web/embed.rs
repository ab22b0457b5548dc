//! What an embedding page gives the app: options through an iframe's URL or
//! `mount(element, options)`, and a theme colour that must stay a colour.

/// Settings an embedding page gives (through the URL of an iframe, or
/// `mount(element, options)`).
#[derive(Clone, Debug, Default, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct EmbedOptions {
    /// The as-of date (default: today).
    pub as_of: Option<chrono::NaiveDate>,
    /// D1 threshold, USD.
    pub threshold: Option<String>,
    /// Brand colour, as CSS (`#0b5cad`).
    pub theme: Option<String>,
    /// Interface language (`en`, `de`, `de-AT`...; default: the browser's).
    pub lang: Option<String>,
}

impl EmbedOptions {
    /// Reads `?as_of=2026-11-28&threshold=1500&theme=%23005a9e`.
    pub fn from_query(query: &str) -> EmbedOptions {
        let mut o = EmbedOptions::default();
        for pair in query.trim_start_matches('?').split('&') {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let v = js_sys::decode_uri_component(v).ok().and_then(|v| v.as_string()).unwrap_or_default();
            match k {
                "as_of" => o.as_of = v.parse::<chrono::NaiveDate>().ok(),
                "threshold" => o.threshold = Some(v),
                "theme" => o.theme = Some(v),
                "lang" => o.lang = Some(v),
                _ => {}
            }
        }
        o
    }
}

/// A theme colour is accepted only as a plain CSS colour (no `;`, `{`,
/// `url(`): it goes into a custom property, never into a rule.
pub fn safe_colour(c: &str) -> Option<&str> {
    let ok = c.len() <= 32 && c.chars().all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '#' | '(' | ')' | ',' | '.' | ' ' | '%'));
    (ok && !c.contains("url")).then_some(c)
}
