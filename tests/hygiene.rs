//! Guards that hold by construction and must stay so: the domain imports no
//! web crate, and nothing renders data as HTML or evaluates text as code.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

fn files(dir: &Path, ext: &[&str], out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, ext, out);
        } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| ext.contains(&e)) {
            out.push(path);
        }
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_domain_imports_no_web_crate() {
    let mut found = Vec::new();
    files(&root().join("src/domain"), &["rs"], &mut found);
    assert!(found.len() > 10);
    for path in found {
        let text = std::fs::read_to_string(&path).unwrap();
        for name in ["yew", "web_sys", "js_sys", "gloo", "wasm_bindgen"] {
            let uses = text.lines().any(|l| {
                let l = l.trim_start();
                !l.starts_with("//") && (l.contains(&format!("{name}::")) || l.contains(&format!("use {name}")))
            });
            assert!(!uses, "{} uses {name}", path.display());
        }
    }
}

#[test]
fn nothing_renders_data_as_html_or_runs_text() {
    let mut found = Vec::new();
    files(&root().join("src"), &["rs"], &mut found);
    files(&root().join("static"), &["js"], &mut found);
    found.push(root().join("index.html"));
    for path in found {
        let text = std::fs::read_to_string(&path).unwrap();
        for banned in [
            "set_inner_html",
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "eval(",
            "new Function",
            "Html::from_html_unchecked",
            "document.write",
        ] {
            assert!(!text.contains(banned), "{} contains {banned}", path.display());
        }
    }
}

#[test]
fn the_page_forbids_every_connection() {
    let html = std::fs::read_to_string(root().join("index.html")).unwrap();
    let after = html.split("Content-Security-Policy").nth(1).expect("a CSP meta tag");
    let csp = after.split("\">").next().unwrap_or(after);
    for directive in [
        "default-src 'none'",
        "connect-src 'none'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ] {
        assert!(csp.contains(directive), "CSP lacks {directive}");
    }
    assert!(!csp.contains("unsafe-inline") && !csp.contains("http"), "CSP allows inline code or a remote origin");
    assert!(!html.contains("<script>"), "inline script");
}

/// The string literals that follow each `needle` in `text` (as written in the
/// source, escapes included): `l.t("…")` gives one, `l.plural(n, "…", "…")`
/// the two after its first argument.
fn literals_after(text: &str, needle: &str, skip_first_argument: bool) -> Vec<String> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices(needle) {
        let mut rest = &text[at + needle.len()..];
        if skip_first_argument {
            let mut depth = 0;
            let Some(comma) = rest.char_indices().find_map(|(i, c)| {
                match c {
                    '(' | '[' => depth += 1,
                    ')' | ']' => depth -= 1,
                    ',' if depth == 0 => return Some(i),
                    _ => {}
                }
                None
            }) else {
                continue;
            };
            rest = &rest[comma + 1..];
        }
        for _ in 0..if skip_first_argument { 2 } else { 1 } {
            rest = rest.trim_start();
            let Some(body) = rest.strip_prefix('"') else { break };
            let mut end = None;
            let mut escaped = false;
            for (i, c) in body.char_indices() {
                match (c, escaped) {
                    ('\\', false) => escaped = true,
                    ('"', false) => {
                        end = Some(i);
                        break;
                    }
                    _ => escaped = false,
                }
            }
            let Some(end) = end else { break };
            out.push(body[..end].to_owned());
            rest = body[end + 1..].trim_start().trim_start_matches(',');
        }
    }
    out
}

fn placeholders(text: &str) -> std::collections::BTreeSet<&str> {
    text.split('{').skip(1).filter_map(|s| s.split_once('}').map(|(name, _)| name)).collect()
}

/// Every English text of the interface has its German entry, with the same
/// placeholders: a new text cannot show up in English in the German UI.
#[test]
fn every_interface_text_has_its_german_translation() {
    let catalogue = std::fs::read_to_string(root().join("src/web/i18n/de.rs")).unwrap();
    let entries: std::collections::BTreeMap<String, String> = catalogue
        .lines()
        .filter_map(|l| l.trim().strip_prefix('"'))
        .filter_map(|l| l.strip_suffix("\","))
        .filter_map(|l| l.split_once("\" => \""))
        .map(|(en, de)| (en.to_owned(), de.to_owned()))
        .collect();
    assert!(entries.len() > 150, "the catalogue parses: {} entries", entries.len());
    let mut found = Vec::new();
    files(&root().join("src/web"), &["rs"], &mut found);
    let mut texts = Vec::new();
    for path in found.iter().filter(|p| !p.ends_with("de.rs")) {
        let text = std::fs::read_to_string(path).unwrap();
        for receiver in ["l.", "self."] {
            for (call, skip) in [("t(", false), ("f(", false), ("plural(", true)] {
                for literal in literals_after(&text, &format!("{receiver}{call}"), skip) {
                    texts.push((path.clone(), literal));
                }
            }
        }
    }
    assert!(texts.len() > 150, "texts found: {}", texts.len());
    for (path, en) in &texts {
        let de = entries.get(en).unwrap_or_else(|| panic!("{}: no German for \"{en}\" in src/web/i18n/de.rs", path.display()));
        assert_eq!(placeholders(en), placeholders(de), "placeholders differ for \"{en}\"");
    }
}

/// Text nodes and labelling attributes in the components go through the
/// catalogue: a bare English literal there would stay English in German.
#[test]
fn no_bare_english_text_in_the_markup() {
    let mut found = Vec::new();
    files(&root().join("src/web/components"), &["rs"], &mut found);
    found.push(root().join("src/web/app.rs"));
    for path in found {
        let text = std::fs::read_to_string(&path).unwrap();
        for needle in ["{ \"", "aria-label=\"", "title=\"", "placeholder=\"", "label=\""] {
            for literal in literals_after(&text, &needle[..needle.len() - 1], false) {
                // Lower-case single words are values (`aria-sort`, classes), not text.
                let words = literal.chars().filter(|c| c.is_ascii_alphabetic()).nth(2).is_some()
                    && (literal.contains(' ') || literal.starts_with(|c: char| c.is_ascii_uppercase()));
                assert!(
                    !words || ["CSV", "JSON", "TTM Check", "reseller_id,name,onboarding_date,deauthorized_on"].contains(&literal.as_str()),
                    "{}: bare text \"{literal}\" after {needle}: use l.t(…)",
                    path.display()
                );
            }
        }
    }
}
