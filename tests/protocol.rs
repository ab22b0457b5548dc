//! Every message the reader worker and its helpers write, read through the
//! Rust types of `src/protocol.rs`: node builds each with the builders of
//! `static/protocol.js` (where every message of the JS side is made), and
//! each is read as the Rust side reads it and written again; what comes
//! back must be what went in, field for field. A builder without a sample
//! here, or a group of builders this test does not know, fails it: a new
//! message cannot go unchecked. Needs `node` (`make setup-test` installs it).
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{json, Value};
use ttm_check::domain::ingest::{ExchangeRates, FileOptions, FileReader};
use ttm_check::protocol::check;

/// Builds every message of `static/protocol.js` with `samples` (by group
/// and builder: the builder's arguments): one JSON line each, `{ group,
/// name, message }`, or `{ group, name, error }`.
const BUILD: &str = r#"
import { pathToFileURL } from 'node:url';
const protocol = await import(pathToFileURL(process.argv[1]).href);
let input = '';
for await (const chunk of process.stdin) input += chunk;
const samples = JSON.parse(input);
for (const [group, builders] of Object.entries(protocol)) {
  if (typeof builders !== 'object') continue;
  for (const [name, make] of Object.entries(builders)) {
    const args = samples[group]?.[name];
    const line = args ? { group, name, message: make(...args) } : { group, name, error: 'no sample in tests/protocol.rs' };
    console.log(JSON.stringify(line));
  }
}
"#;

/// `v` as JSON means it: without the fields that are null (absent and null
/// are one to an `Option`), every number a double (`4096` is `4096.0`).
fn without_nulls(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(m.into_iter().filter(|(_, x)| !x.is_null()).map(|(k, x)| (k, without_nulls(x))).collect()),
        Value::Array(a) => Value::Array(a.into_iter().map(without_nulls).collect()),
        Value::Number(n) => json!(n.as_f64()),
        other => other,
    }
}

#[test]
fn every_message_of_static_protocol_js_reads_through_the_rust_types() {
    // Real values where the JS side hands on what Rust wrote: a page's
    // options and rates, and a reader's resume point.
    let options = FileOptions { sheet: Some("March".into()), ..FileOptions::default() };
    let rates = ExchangeRates { rates: [("EUR".to_owned(), "1.0825".parse().unwrap())].into() };
    let mut reader = FileReader::new("a.csv", options.clone(), rates.clone());
    reader.feed(b"PartnerId,ResellerMpnId,OrderDate,Subtotal,Currency,ChargeType\n");
    for i in 0..4000 {
        reader.feed(format!("p,51200{},3/{}/2026,{i}.25,USD,new\n", i % 10, 1 + i % 28).as_bytes());
    }
    let point = serde_json::to_value(reader.resume_point().expect("a plan after 4,000 lines")).unwrap();
    let (options, rates) = (serde_json::to_value(&options).unwrap(), serde_json::to_value(&rates).unwrap());
    let job = json!({ "id": 7, "name": "a.csv", "options": options, "rates": rates, "readers": 2 });
    let mut whole = job.clone();
    whole["rows"] = json!([["Date", "Amount", "Currency"], ["2026-03-15", "100.50", "USD"]]);
    let samples = json!({
        "toReader": { "read": [job], "helperFailed": [2] },
        "fromReader": {
            "started": [7, true],
            "progress": [7, 1024, 4096],
            "done": [7],
            "failed": [7, { "kind": "unreadable", "detail": null }],
            "startHelper": [2],
            "stopHelper": [2],
        },
        "failures": { "unreadable": [], "readerFailed": ["RuntimeError: unreachable"], "readerNotStarted": ["no WebAssembly"] },
        "toHelper": { "start": [], "part": [1 << 20, 2 << 20, point, options, rates], "whole": [whole] },
        "fromHelper": { "warm": [], "progress": [16 << 20], "done": [4096, false], "failed": ["RuntimeError: unreachable"] },
    });

    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/static/protocol.js");
    let mut node = Command::new("node")
        .args(["--input-type=module", "-e", BUILD, script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs static/protocol.js (make setup-test installs it)");
    node.stdin.take().unwrap().write_all(samples.to_string().as_bytes()).unwrap();
    let out = node.wait_with_output().unwrap();
    assert!(out.status.success(), "node: {}", String::from_utf8_lossy(&out.stderr));

    let mut seen = 0;
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let built: Value = serde_json::from_str(line).unwrap();
        let (group, name) = (built["group"].as_str().unwrap(), built["name"].as_str().unwrap());
        assert!(built.get("error").is_none(), "{group}.{name}: {}", built["error"]);
        // A failure travels in a `failed` message to the page.
        let (channel, message) = match group {
            "toReader" => ("to_reader", built["message"].clone()),
            "fromReader" => ("from_reader", built["message"].clone()),
            "failures" => ("from_reader", json!({ "failed": { "id": 1, "failure": built["message"] } })),
            "toHelper" => ("to_helper", built["message"].clone()),
            "fromHelper" => ("from_helper", built["message"].clone()),
            other => panic!("static/protocol.js has a group of messages this test does not know: {other}"),
        };
        let again = check(channel, &message.to_string()).unwrap_or_else(|e| panic!("{group}.{name}: {e}\n{message}"));
        let again: Value = serde_json::from_str(&again).unwrap();
        assert_eq!(without_nulls(again), without_nulls(message), "{group}.{name} comes back as it went");
        seen += 1;
    }
    // Every sample was used: no builder this test knows has gone.
    let samples_given: usize = samples.as_object().unwrap().values().map(|g| g.as_object().unwrap().len()).sum();
    assert_eq!(seen, samples_given, "a builder of a sample here is missing from static/protocol.js");
}

#[test]
fn a_message_the_types_do_not_describe_is_refused() {
    assert!(check("from_reader", r#"{"progress":{"id":"seven","done":1,"total":2}}"#).is_err());
    assert!(check("from_helper", r#"{"finished":{}}"#).is_err());
    assert!(check("to_helper", r#"{"part":{"from":0,"to":1}}"#).is_err(), "a part without its plan");
    assert!(check("no_such_channel", "{}").is_err());
}
