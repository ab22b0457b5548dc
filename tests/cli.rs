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

#[test]
fn ics_holds_every_tenants_notices_and_evaluation_as_in_the_json() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/fixtures/");
    let ics_path = std::env::temp_dir().join(format!("ttm-cli-{}.ics", std::process::id()));
    let o = cli(&[
        "assess",
        &format!("{dir}nce-invoice.csv"),
        "--register",
        &format!("{dir}nce-invoice.register.csv"),
        "--as-of",
        "2026-11-28",
        "--ics",
        ics_path.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let ics = std::fs::read_to_string(&ics_path).unwrap();
    std::fs::remove_file(&ics_path).unwrap();
    // Unfold, then collect each event's UID and start day.
    let unfolded = ics.replace("\r\n ", "");
    let mut events: Vec<(String, String)> = Vec::new();
    let mut uid = String::new();
    for line in unfolded.split("\r\n") {
        if let Some(u) = line.strip_prefix("UID:") {
            uid = u.to_owned();
        } else if let Some(d) = line.strip_prefix("DTSTART;VALUE=DATE:") {
            events.push((uid.clone(), format!("{}-{}-{}", &d[0..4], &d[4..6], &d[6..8])));
        }
    }
    let mut checked = 0;
    for r in report["resellers"].as_array().unwrap() {
        let id = r["reseller_id"].as_str().unwrap();
        let mine: Vec<&(String, String)> = events.iter().filter(|(u, _)| u.starts_with(&format!("{id}-"))).collect();
        match r["status"].as_str().unwrap() {
            "deauthorized" | "reenrollment_open" => {
                assert_eq!(mine.len(), 1, "{id}");
                assert_eq!(mine[0].1, r["reenroll_from"].as_str().unwrap());
            }
            _ if r["next_evaluation"].is_null() => assert!(mine.is_empty(), "{id}"),
            _ => {
                let day = |kind: &str| mine.iter().find(|(u, _)| u.contains(&format!("-{kind}-"))).map(|e| e.1.clone()).unwrap();
                assert_eq!(day("evaluation"), r["next_evaluation"].as_str().unwrap(), "{id}");
                let notices: Vec<&str> = r["notice_dates"].as_array().unwrap().iter().map(|d| d.as_str().unwrap()).collect();
                assert_eq!([day("notice-90"), day("notice-60"), day("notice-30")], notices.as_slice(), "{id}");
                assert_eq!(day("last-counting-day"), r["evaluation_window"]["end"].as_str().unwrap(), "{id}");
                checked += 1;
            }
        }
    }
    assert!(checked >= 5, "only {checked} tenants with a coming evaluation");
}

/// `lines`: the rows behind each tenant's figures, as CSV; their `usd`
/// summed by flag gives what `assess` reports for the same files, for every
/// tenant, and every line read is in one tenant's list or the unattributed
/// one. The invoice and daily usage fixtures of the same invoices: the
/// daily lines are listed, excluded as detail of the invoice.
#[test]
fn lines_sum_to_what_assess_reports() {
    use rust_decimal::Decimal;
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/fixtures/");
    let files = [format!("{dir}tier2-daily.csv"), format!("{dir}tier2-invoice.csv")];
    let register = format!("{dir}tier2.register.csv");
    let common = ["--register", &register, "--as-of", "2026-11-28"];
    let o = cli(&[&["assess"], &[files[0].as_str(), files[1].as_str()][..], &common[..], &["--compact"]].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let read: u64 = report["ingest"]["files"].as_array().unwrap().iter().map(|f| f["lines_read"].as_u64().unwrap()).sum();
    let money = |v: &serde_json::Value| v.as_str().map(|s| s.parse::<Decimal>().unwrap());
    let mut listed = 0;
    let mut daily_total = 0;
    let out = std::env::temp_dir().join(format!("ttm-cli-lines-{}.csv", std::process::id()));
    for tenant in report["resellers"].as_array().unwrap() {
        let id = tenant["reseller_id"].as_str().unwrap();
        let o = cli(&[&["lines"], &[files[0].as_str(), files[1].as_str()][..], &common[..], &["--reseller", id]].concat());
        assert!(o.status.success(), "{}", stderr(&o));
        let text = String::from_utf8(o.stdout).unwrap();
        let mut rows = text.trim_start_matches('\u{feff}').lines();
        assert_eq!(
            rows.next(),
            Some("file,line,reseller_id,date,product,amount,currency,usd,in_ttm_now,in_window,rolls_off,excluded,reason")
        );
        let mut sums = [Decimal::ZERO; 3];
        let mut daily = 0;
        for row in rows {
            // No field of these files holds a comma before `usd`.
            let f: Vec<&str> = row.split(',').collect();
            assert_eq!(f[2], id);
            listed += 1;
            daily += u64::from(f[11] == "daily_usage_detail");
            let Ok(usd) = f[7].parse::<Decimal>() else { continue };
            for (sum, flag) in sums.iter_mut().zip(&f[8..11]) {
                if *flag == "yes" {
                    *sum += usd;
                }
            }
        }
        let cents = |d: Decimal| d.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointNearestEven);
        assert_eq!(Some(cents(sums[0])), money(&tenant["ttm_net_usd"]), "{id}");
        let other = money(&tenant["other_provider_usd"]).unwrap_or_default();
        // No evaluation ahead (deauthorized, no onboarding date): nothing
        // is secured and nothing rolls off.
        assert_eq!(money(&tenant["secured_usd"]).map_or(Decimal::ZERO, |s| s - other), cents(sums[1]), "{id}");
        assert_eq!(money(&tenant["roll_off_usd"]).unwrap_or_default(), cents(sums[2]), "{id}");
        daily_total += daily;
    }
    assert!(daily_total > 0, "daily usage is listed, as detail of the invoice");
    // The unattributed lines, to --out, in German Excel's dialect.
    let o = cli(&[
        &["lines"],
        &[files[0].as_str(), files[1].as_str()][..],
        &common[..],
        &["--unattributed", "--german", "--out", out.to_str().unwrap()],
    ]
    .concat());
    assert!(o.status.success() && o.stdout.is_empty(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    std::fs::remove_file(&out).unwrap();
    assert!(text.starts_with("\u{feff}file;line;reseller_id;"));
    listed += text.lines().count() - 1;
    assert_eq!(listed as u64, read, "every line read is listed once");
    for (args, needle) in [
        (vec!["lines", "x.csv"], "lines needs --reseller ID"),
        (vec!["lines", "--reseller", "1"], "lines needs at least one FILE"),
        (vec!["assess", "x.csv", "--reseller", "1"], "unknown option '--reseller'"),
    ] {
        let o = cli(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(needle), "{args:?}: {}", stderr(&o));
    }
}
