//! Guards that hold by construction and must stay so: the domain imports no
//! web crate, and nothing renders data as HTML or evaluates text as code.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

/// The files under `dir` whose extension is one of `ext` (or, without one,
/// whose name is), leaving out what builds and installs write (`target/`,
/// `node_modules/`, the fuzz corpus, …).
fn files(dir: &Path, ext: &[&str], out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() {
            if !matches!(name, "target" | "dist" | "node_modules" | "corpus" | "artifacts" | "coverage" | ".git" | ".tools") {
                files(&path, ext, out);
            }
        } else if path.extension().and_then(|e| e.to_str()).map_or(ext.contains(&name), |e| ext.contains(&e)) {
            out.push(path);
        }
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The domain, and the page's model over it, use no web crate: both run
/// under `cargo test` (and the domain in the CLI).
#[test]
fn the_domain_and_the_model_import_no_web_crate() {
    let mut found = Vec::new();
    files(&root().join("src/domain"), &["rs"], &mut found);
    files(&root().join("src/model"), &["rs"], &mut found);
    assert!(found.len() > 10 && found.iter().any(|p| p.ends_with("src/model/state.rs")));
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

#[test]
fn only_the_page_starts_workers() {
    // Firefox froze about one reader in ten that started a worker itself
    // (`new Worker` inside a worker), for good: the page starts the
    // reader's helpers at its request (src/web/worker.rs, StartHelper).
    // Of the static scripts only the page's loader starts any: the locale
    // warm-up (static/warm-intl.js) and the modules' compiler
    // (static/compile.js), workers that start none.
    let mut scripts = Vec::new();
    files(&root().join("static"), &["js"], &mut scripts);
    assert!(scripts.iter().any(|p| p.ends_with("worker.js")), "static/worker.js is read");
    for path in scripts {
        let text = std::fs::read_to_string(&path).unwrap();
        let code: String =
            text.lines().filter(|l| !l.trim_start().starts_with("//") && !l.trim_start().starts_with('*')).collect::<Vec<_>>().join("\n");
        let started: Vec<&str> = code.match_indices("new Worker(").map(|(i, _)| code[i..].lines().next().unwrap_or("")).collect();
        if path.ends_with("boot.js") {
            let known = |s: &&str| s.contains("'./warm-intl.js'") || s.contains("'./compile.js'");
            assert!(started.iter().all(known), "boot.js starts a worker other than warm-intl.js and compile.js: {started:?}");
        } else {
            assert!(started.is_empty(), "{} starts a worker: only the page may", path.display());
        }
    }
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

/// The German catalogue: English → German, as written in the source.
fn catalogue() -> std::collections::BTreeMap<String, String> {
    let catalogue = std::fs::read_to_string(root().join("src/web/i18n/de.rs")).unwrap();
    let entries: std::collections::BTreeMap<String, String> = catalogue
        .lines()
        .filter_map(|l| l.trim().strip_prefix("(\""))
        .filter_map(|l| l.strip_suffix("\"),"))
        .filter_map(|l| l.split_once("\", \""))
        .map(|(en, de)| (en.to_owned(), de.to_owned()))
        .collect();
    assert!(entries.len() > 150, "the catalogue parses: {} entries", entries.len());
    let pairs = catalogue.lines().filter(|l| l.trim().starts_with("(\"")).count();
    assert_eq!(pairs, entries.len(), "an English text is in the catalogue twice (the first would win)");
    entries
}

/// A source file's code without its unit tests (the `mod tests` at its end).
fn without_tests(text: &str) -> &str {
    text.split("#[cfg(test)]\nmod tests").next().unwrap_or(text)
}

/// The domain's message templates in `text`: `Message::new("…")` and the
/// two of `Arg::count(n, "…", "…")`, outside comments and unit tests. Fails
/// on a template that is not a literal, which the catalogue check could not
/// see.
fn domain_templates(path: &Path, text: &str) -> Vec<String> {
    let code = without_tests(text);
    let text: String = code.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
    let text = text.as_str();
    let mut out = Vec::new();
    for (needle, skip, literals) in [("Message::new(", false, 1), ("Arg::count(", true, 2)] {
        let found = literals_after(text, needle, skip);
        assert_eq!(found.len(), text.matches(needle).count() * literals, "{}: a {needle}…) without a literal template", path.display());
        out.extend(found);
    }
    out
}

/// The texts of `texts` (path, English) without a German entry in `entries`.
fn untranslated(texts: &[(PathBuf, String)], entries: &std::collections::BTreeMap<String, String>) -> Vec<String> {
    texts.iter().filter(|(_, en)| !entries.contains_key(en)).map(|(path, en)| format!("{}: \"{en}\"", path.display())).collect()
}

/// Every English text of the interface has its German entry, with the same
/// placeholders: a new text cannot show up in English in the German UI.
/// The interface's texts are the web shell's own (`l.t("…")`, `l.f("…")`,
/// `l.plural(n, "…", "…")`) and the domain's messages (`Message::new("…")`,
/// `Arg::count(n, "…", "…")`), which the web translates.
#[test]
fn every_interface_text_has_its_german_translation() {
    let entries = catalogue();
    let mut found = Vec::new();
    files(&root().join("src/web"), &["rs"], &mut found);
    let mut texts = Vec::new();
    for path in found.iter().filter(|p| !p.ends_with("de.rs")) {
        let text = std::fs::read_to_string(path).unwrap();
        for receiver in ["l.", "self."] {
            for (call, skip) in [("t(", false), ("f(", false), ("plural(", true), ("plural_with(", true)] {
                for literal in literals_after(&text, &format!("{receiver}{call}"), skip) {
                    texts.push((path.clone(), literal));
                }
            }
        }
    }
    assert!(texts.len() > 150, "texts found: {}", texts.len());
    let mut domain = Vec::new();
    files(&root().join("src/domain"), &["rs"], &mut domain);
    let mut messages = Vec::new();
    for path in domain {
        let text = std::fs::read_to_string(&path).unwrap();
        messages.extend(domain_templates(&path, &text).into_iter().map(|en| (path.clone(), en)));
    }
    assert!(messages.len() > 80, "domain messages found: {}", messages.len());
    for needle in [
        "the gzip data ends early after {lines}{detail}: the lines read are counted, the rest of the file is missing",
        "{n} line",
        "In a week: {what}",
    ] {
        assert!(messages.iter().any(|(_, en)| en == needle), "the domain's message \"{needle}\" is found");
    }
    texts.extend(messages);
    let missing = untranslated(&texts, &entries);
    assert!(missing.is_empty(), "no German in src/web/i18n/de.rs for:\n{}", missing.join("\n"));
    for (en, de) in texts.iter().filter_map(|(_, en)| entries.get(en).map(|de| (en, de))) {
        assert_eq!(placeholders(en), placeholders(de), "placeholders differ for \"{en}\"");
    }
    // And no entry is left behind by an English text that changed.
    let mut sources = Vec::new();
    files(&root().join("src"), &["rs"], &mut sources);
    let code: String = sources.iter().filter(|p| !p.ends_with("i18n/de.rs")).map(|p| std::fs::read_to_string(p).unwrap()).collect();
    let stale: Vec<&String> = entries.keys().filter(|en| !code.contains(&format!("\"{en}\""))).collect();
    assert!(stale.is_empty(), "German for texts no source writes (any more): {stale:?}");
}

/// The check above sees a domain message without its German, and refuses a
/// template it cannot read.
#[test]
fn a_domain_message_without_german_is_found() {
    let entries = catalogue();
    let path = PathBuf::from("src/domain/example.rs");
    let source = r#"let m = Message::new("a text nobody translated {n}").with("n", Arg::count(n, "{n} line", "{n} lines"));"#;
    let texts: Vec<(PathBuf, String)> = domain_templates(&path, source).into_iter().map(|en| (path.clone(), en)).collect();
    assert_eq!(texts.len(), 3);
    assert_eq!(untranslated(&texts, &entries), ["src/domain/example.rs: \"a text nobody translated {n}\""]);
    let hidden = std::panic::catch_unwind(|| domain_templates(&path, "Message::new(template)"));
    assert!(hidden.is_err(), "a template that is not a literal is refused");
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

/// The string literals of `text` (plain `"…"` ones; escapes kept as written).
fn string_literals(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => i = text[i..].find('\n').map_or(bytes.len(), |n| i + n),
            b'\'' if bytes.get(i + 2) == Some(&b'\'') || (bytes.get(i + 1) == Some(&b'\\') && bytes.get(i + 3) == Some(&b'\'')) => {
                i += if bytes[i + 1] == b'\\' { 4 } else { 3 };
            }
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < bytes.len() && bytes[j] != b'"' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                out.push((i, text[start..j.min(bytes.len())].to_owned()));
                i = j + 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// Whether the literal at `at` is compared: an argument of a string
/// comparison, an operand of `==`/`!=`, or a `match` arm's pattern.
fn is_compared(text: &str, at: usize, len: usize) -> bool {
    let before = text[..at].trim_end();
    let after = text[at + len + 2..].trim_start();
    let calls =
        ["starts_with(", "strip_prefix(", "ends_with(", "strip_suffix(", "contains(", "split_once(", "find(", "eq_ignore_ascii_case("];
    calls.iter().any(|c| before.ends_with(c))
        || before.ends_with("==")
        || before.ends_with("!=")
        || after.starts_with("==")
        || ((before.ends_with('{') || before.ends_with(',') || before.ends_with('|'))
            && (after.starts_with("=>") || after.starts_with('|')))
}

/// Errors, warnings and questions reach the UI as values (issue 15): the web
/// shell words them and never reads a domain text back into meaning. Fails on
/// a literal in `src/web` that is compared and is, or begins, a text of the
/// domain (the German catalogue, keyed by the UI's own English, aside).
#[test]
fn the_web_shell_compares_no_domain_text() {
    let mut domain = Vec::new();
    files(&root().join("src/domain"), &["rs"], &mut domain);
    let domain_texts: Vec<String> = domain
        .iter()
        .flat_map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            // `#[cfg(feature = "xlsx")]` names a feature, and `.with("name", …)`
            // a message's placeholder: neither is a text.
            string_literals(&text)
                .into_iter()
                .filter(move |(at, _)| {
                    let before = text[..*at].trim_end();
                    !before.ends_with("feature =") && !before.ends_with(".with(")
                })
                .map(|(_, s)| s)
        })
        .filter(|s| s.chars().filter(char::is_ascii_alphabetic).count() >= 3)
        .collect();
    assert!(domain_texts.iter().any(|t| t == "reseller"), "the domain's texts are read: {}", domain_texts.len());
    let mut web = Vec::new();
    files(&root().join("src/web"), &["rs"], &mut web);
    let mut found = Vec::new();
    for path in web.iter().filter(|p| !p.ends_with("i18n/de.rs")) {
        let text = std::fs::read_to_string(path).unwrap();
        for (at, literal) in string_literals(&text) {
            let letters = literal.chars().filter(char::is_ascii_alphabetic).count();
            let domain_text = domain_texts.iter().any(|t| *t == literal || (letters >= 6 && t.starts_with(literal.as_str())));
            if letters >= 3 && domain_text && is_compared(&text, at, literal.len()) {
                found.push(format!("{}: \"{literal}\"", path.display()));
            }
        }
    }
    assert!(found.is_empty(), "domain texts compared in the web shell (use the domain's values):\n{}", found.join("\n"));
}

/// The project's own text files: sources, scripts, tests and docs.
fn project_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    files(&root(), &["rs", "js", "mjs", "py", "sh", "md", "toml", "html", "css", "json", "Makefile", "run"], &mut out);
    out
}

/// The repository is complete in itself: no test, script or doc reads or
/// cites a folder beside the checkout or a specification outside it.
#[test]
fn nothing_points_outside_the_checkout() {
    // Built from parts, so that this file does not find itself.
    let needles = [["..", "/shared"].concat(), ["domain", ".md"].concat(), ["TTM", "_FIXTURES"].concat()];
    let files = project_files();
    assert!(files.iter().any(|p| p.ends_with(".ci/test.sh")) && files.iter().any(|p| p.ends_with("tests/e2e/harness.mjs")));
    let mut found = Vec::new();
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        for (n, line) in text.lines().enumerate() {
            if needles.iter().any(|needle| line.contains(needle.as_str())) {
                found.push(format!("{}:{}: {}", path.strip_prefix(root()).unwrap().display(), n + 1, line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "pointers outside the checkout:\n{}", found.join("\n"));
}

/// The decisions the code names (`D5`, `D10b`, `D12b`, …) as words of its
/// comments and texts: a `D`, a number without a leading zero, an optional
/// letter, nothing alphanumeric either side.
fn decisions_named(text: &str) -> std::collections::BTreeSet<String> {
    let bytes = text.as_bytes();
    let mut out = std::collections::BTreeSet::new();
    for (i, _) in text.match_indices('D') {
        if i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_') {
            continue;
        }
        let digits = bytes[i + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 || digits > 2 || bytes[i + 1] == b'0' {
            continue;
        }
        let mut end = i + 1 + digits;
        if bytes.get(end).is_some_and(|b| matches!(b, b'a'..=b'c')) {
            end += 1;
        }
        if bytes.get(end).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_') {
            continue;
        }
        out.insert(text[i..end].to_owned());
    }
    out
}

/// Every decision the code, the tests and the docs name resolves inside the
/// repository: docs/rules.md explains each under its own heading (`### D12b —
/// …`; D10's steps a–c inside D10's), and names D1–D24.
#[test]
fn every_decision_named_is_explained_in_docs_rules() {
    let rules = std::fs::read_to_string(root().join("docs/rules.md")).unwrap();
    let headings: std::collections::BTreeSet<String> = rules
        .lines()
        .filter_map(|l| l.strip_prefix("### D"))
        .filter_map(|l| l.split_whitespace().next())
        .map(|d| format!("D{d}"))
        .collect();
    for n in 1..=24 {
        assert!(headings.contains(&format!("D{n}")), "docs/rules.md has no heading for D{n}");
    }
    assert!(headings.contains("D12b"));
    let mut named = std::collections::BTreeMap::<String, String>::new();
    for path in project_files() {
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        for d in decisions_named(&text) {
            named.entry(d).or_insert_with(|| path.strip_prefix(root()).unwrap().display().to_string());
        }
    }
    assert!(named.len() >= 20, "{named:?}");
    for (d, first_seen) in &named {
        let resolves = headings.contains(d) || (d.len() > 2 && d.ends_with(['a', 'b', 'c']) && headings.contains(&d[..d.len() - 1]));
        assert!(resolves, "{d} (named in {first_seen}) has no heading in docs/rules.md");
    }
}

#[test]
fn decisions_are_read_as_words() {
    let found = decisions_named("D5, D10b and D12b; not D2s v3, G-D01001, ID7, D100 or D_3; (D23)");
    assert_eq!(found.into_iter().collect::<Vec<_>>(), ["D10b", "D12b", "D23", "D5"]);
}

/// The page's module writes dates without chrono's pattern machinery
/// (`d.format("%Y-%m")`, `StrftimeItems`): one such call in the web shell
/// carried 12 KB of code into the first download (issue 30). The domain's
/// helpers (`iso_month`, `basic_date`, `NaiveDate`'s own `Display`) write
/// the same text. The CLI may parse and write dates as it likes; tests too.
#[test]
fn the_page_writes_no_date_through_chrono_patterns() {
    let mut sources = Vec::new();
    for dir in ["src/web", "src/domain", "src/model"] {
        files(&root().join(dir), &["rs"], &mut sources);
    }
    let found: Vec<String> = sources
        .iter()
        .filter(|p| !p.ends_with("tests.rs"))
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            let code = without_tests(&text);
            ["format(\"%", "StrftimeItems", "format_with_items"].iter().any(|needle| code.contains(needle)).then(|| p.display().to_string())
        })
        .collect();
    assert!(found.is_empty(), "chrono's date patterns in code the page's module carries:\n{}", found.join("\n"));
}

/// Each of `.ci/setup.sh`'s modes (`app`: the README's run command, `test`)
/// calls only steps the script defines: a step renamed in one mode but not
/// the other stopped `make serve` on a fresh machine with "command not
/// found", which no test ran into (CI runs the `test` mode only).
#[test]
fn the_setup_script_calls_only_its_own_steps() {
    let script = std::fs::read_to_string(root().join(".ci/setup.sh")).unwrap();
    let defined: std::collections::BTreeSet<&str> =
        script.lines().filter_map(|l| l.strip_suffix("() {")).filter(|name| !name.contains(' ')).collect();
    for mode in ["app)", "test)"] {
        let line = script.lines().map(str::trim).find(|l| l.starts_with(mode)).unwrap_or_else(|| panic!("no {mode} mode"));
        let steps: Vec<&str> = line[mode.len()..].split(';').map(str::trim).filter(|s| !s.is_empty()).collect();
        assert!(!steps.is_empty(), "{mode} runs no step");
        for step in steps {
            assert!(defined.contains(step), ".ci/setup.sh {mode} calls {step:?}, which the script does not define");
        }
    }
}
