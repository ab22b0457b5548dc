//! The command line's contract: JSON on stdout, one clear message on stderr
//! and a non-zero exit for bad arguments or unreadable files.

use std::process::{Command, Output};

fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ttm-check")).args(args).output().expect("the CLI runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn help_and_version() {
    let o = cli(&["--help"]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("ttm-check assess FILE..."));
    let o = cli(&["--version"]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("ttm-check "));
}

#[test]
fn bad_arguments_exit_2_with_one_message() {
    for (args, needle) in [
        (vec!["assess", "x.csv", "--as-of", "28.11.2026"], "--as-of expects a date like 2026-11-28"),
        (vec!["assess", "x.csv", "--rate", "EUR"], "--rate expects CUR=USD_PER_UNIT"),
        (vec!["assess", "x.csv", "--rate", "EUR=-1"], "positive number"),
        (vec!["assess", "x.csv", "--frobnicate"], "unknown option '--frobnicate'"),
        (vec!["assess"], "at least one FILE"),
        (vec!["evaluate", "x.csv"], "unknown command 'evaluate'"),
        (vec!["assess", "x.csv", "--map", "colour=1"], "unknown role 'colour'"),
        (vec!["assess", "x.csv", "--as-of"], "--as-of needs a value"),
    ] {
        let o = cli(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(o.stdout.is_empty(), "{args:?}: nothing on stdout");
        let err = stderr(&o);
        assert!(err.starts_with("ttm-check: ") && err.contains(needle), "{args:?}: {err}");
    }
}

#[test]
fn unreadable_files_exit_1() {
    let o = cli(&["assess", "/nonexistent/recon.csv"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("cannot read '/nonexistent/recon.csv'"));
    // A directory is read file by file (a Graph export's folder, see
    // tests/real_files.rs); one with no file in it is an error.
    let dir = std::env::temp_dir().join(format!("ttm-cli-empty-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("nested")).unwrap();
    let o = cli(&["assess", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("has no files to read"), "{}", stderr(&o));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_header_only_file_gives_an_empty_portfolio() {
    let dir = std::env::temp_dir().join(format!("ttm-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("header.csv");
    std::fs::write(&file, "PartnerId,MpnId,ResellerMpnId,OrderDate,Subtotal,Currency,PricingCurrency,PCToBCExchangeRate\r\n").unwrap();
    let o = cli(&["assess", file.to_str().unwrap(), "--as-of", "2026-11-28", "--compact"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["resellers"], serde_json::json!([]));
    assert_eq!(v["ingest"]["files"][0]["lines_read"], 0);
    assert_eq!(v["ingest"]["files"][0]["layout"], "nce_invoice");
    assert_eq!(v["policy"]["threshold_usd"], "1000.00");
    std::fs::remove_dir_all(dir).unwrap();
}
