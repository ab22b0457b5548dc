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
        for banned in ["set_inner_html", "innerHTML", "outerHTML", "insertAdjacentHTML", "eval(", "new Function", "Html::from_html_unchecked", "document.write"] {
            assert!(!text.contains(banned), "{} contains {banned}", path.display());
        }
    }
}

#[test]
fn the_page_forbids_every_connection() {
    let html = std::fs::read_to_string(root().join("index.html")).unwrap();
    let after = html.split("Content-Security-Policy").nth(1).expect("a CSP meta tag");
    let csp = after.split("\">").next().unwrap_or(after);
    for directive in ["default-src 'none'", "connect-src 'none'", "script-src 'self' 'wasm-unsafe-eval'", "object-src 'none'", "base-uri 'none'", "form-action 'none'"] {
        assert!(csp.contains(directive), "CSP lacks {directive}");
    }
    assert!(!csp.contains("unsafe-inline") && !csp.contains("http"), "CSP allows inline code or a remote origin");
    assert!(!html.contains("<script>"), "inline script");
}
