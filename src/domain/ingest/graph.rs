//! Microsoft's Graph partner billing export (`docs/rules.md` section 4, D21): a
//! `manifest.json` that names the export's blobs, and the blobs themselves,
//! gzip-compressed JSON lines (read by [`super::jsonl`] once decompressed).
//!
//! A JSON file that is not JSON lines is a document: a manifest (metadata,
//! not revenue: it is checked against the blobs loaded with it) or an array
//! of line item objects (read like JSON lines, one object a line).

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::domain::message::{Arg, Message};

/// An export's manifest: the fields that say which blobs make the export.
/// Keys as the Graph docs spell them, or in PascalCase; others ignored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Manifest {
    /// The export's ID.
    #[serde(alias = "Id", alias = "ID")]
    pub id: Option<String>,
    /// `compressedJSONLines` (or `compressedJSON` in the docs' example).
    #[serde(alias = "DataFormat")]
    pub data_format: Option<String>,
    /// How many blobs the export has, as the manifest states it.
    #[serde(alias = "BlobCount")]
    pub blob_count: Option<u64>,
    /// The blobs, by name (a path such as `…/part-00049-<uuid>.c000.json.gz`).
    #[serde(alias = "Blobs")]
    pub blobs: Option<Vec<ManifestBlob>>,
}

impl Manifest {
    /// The blobs it lists.
    pub fn blobs(&self) -> &[ManifestBlob] {
        self.blobs.as_deref().unwrap_or_default()
    }
}

/// One blob of a manifest.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ManifestBlob {
    /// The blob's name or path.
    #[serde(alias = "Name")]
    pub name: String,
    /// The partition it holds.
    #[serde(alias = "PartitionValue")]
    pub partition_value: Option<String>,
}

impl ManifestBlob {
    /// The blob's file name (the last part of its path), as a user's
    /// download names it.
    pub fn file_name(&self) -> &str {
        file_name(&self.name)
    }
}

/// The last part of a path or URL (`a/b/part-1.json.gz` → `part-1.json.gz`),
/// without a URL's query.
pub fn file_name(path: &str) -> &str {
    let path = path.split('?').next().unwrap_or(path);
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// What a JSON document (not JSON lines) is.
#[derive(Debug)]
pub enum Document {
    /// A Graph export's manifest.
    Manifest(Manifest),
    /// Line items: an array of objects, or the `items` (`value`) list of a
    /// Partner Center REST API response (`{"totalCount", "items", "links",
    /// "attributes"}`, one page of it); each object's JSON text, to read as
    /// a line.
    Objects(Vec<String>),
    /// Line items that hold no money at all (the legacy API's daily usage,
    /// `DailyUsageLineItem`: quantities only): how many.
    NoMoney(u64),
}

/// Why a JSON document is not read.
#[derive(Debug, PartialEq, Eq)]
pub enum DocumentError {
    /// Not JSON, or JSON lines after all (a line after the first is a whole
    /// object): read line by line.
    NotADocument,
    /// A document that breaks off or is malformed there (1-based).
    Broken {
        /// Line of the break.
        line: u64,
        /// Column of the break.
        column: u64,
    },
    /// Well-formed, but no line items in it.
    NotLineItems,
}

/// The top of a JSON object document: only what tells what it is (no
/// generic JSON value: that would add to the first screen's module).
#[derive(Deserialize)]
struct Top<'a> {
    #[serde(borrow, default, alias = "Items", alias = "value")]
    items: Option<Vec<&'a RawValue>>,
    #[serde(default, alias = "blobCount", alias = "BlobCount")]
    blob_count: Option<u64>,
    #[serde(borrow, default, alias = "Blobs")]
    blobs: Option<Vec<&'a RawValue>>,
}

/// An item's `attributes.objectType`, where it has one.
#[derive(Deserialize)]
struct Item<'a> {
    #[serde(borrow, default)]
    attributes: Option<Attributes<'a>>,
}

#[derive(Deserialize)]
struct Attributes<'a> {
    #[serde(borrow, default, rename = "objectType")]
    object_type: Option<&'a str>,
}

/// An item's `attributes.objectType`, where it has one (`OneTimeInvoiceLineItem`,
/// `DailyUsageLineItem`, `Customer`...).
pub(crate) fn object_type(item: &[u8]) -> Option<&str> {
    serde_json::from_slice::<Item<'_>>(item).ok().and_then(|i| i.attributes).and_then(|a| a.object_type)
}

/// The keys under which a REST API page holds its items (`Top`'s `items`
/// and its aliases: serde takes no constant there).
pub(crate) const ITEMS_KEYS: [&[u8]; 3] = [b"items", b"Items", b"value"];

/// Reads a whole JSON document.
pub fn read_document(text: &[u8]) -> Result<Document, DocumentError> {
    let text = std::str::from_utf8(text).map_err(|_| DocumentError::NotADocument)?;
    let broken = |e: serde_json::Error| {
        // JSON lines whose first line is broken are read line by line.
        let lines_of_objects = text.lines().skip(1).any(|l| {
            let l = l.trim();
            l.starts_with('{') && l.ends_with('}')
        });
        if lines_of_objects && !text.trim_start().starts_with('[') {
            DocumentError::NotADocument
        } else {
            DocumentError::Broken { line: e.line() as u64, column: e.column() as u64 }
        }
    };
    let items: Vec<&RawValue> = if text.trim_start().starts_with('[') {
        serde_json::from_str(text).map_err(broken)?
    } else {
        let top: Top<'_> = serde_json::from_str(text).map_err(broken)?;
        match top.items {
            Some(items) => items,
            None if top.blobs.is_some() || top.blob_count.is_some() => {
                // Straight into the manifest's struct.
                let manifest: Manifest = serde_json::from_str(text).map_err(broken)?;
                return Ok(Document::Manifest(manifest));
            }
            None => return Err(DocumentError::NotLineItems),
        }
    };
    if items.iter().any(|i| !i.get().trim_start().starts_with('{')) {
        return Err(DocumentError::NotLineItems);
    }
    if !items.is_empty() {
        let types: Vec<Option<&str>> = items.iter().map(|item| object_type(item.get().as_bytes())).collect();
        if types.iter().all(|t| *t == Some("DailyUsageLineItem")) {
            return Ok(Document::NoMoney(items.len() as u64));
        }
        // Typed objects, none a line item: a list of customers or
        // resellers, say, not billing.
        if types.iter().all(|t| t.is_some_and(|t| !t.ends_with("LineItem"))) {
            return Err(DocumentError::NotLineItems);
        }
    }
    Ok(Document::Objects(items.into_iter().map(|v| v.get().replace(['\r', '\n'], " ")).collect()))
}

/// What a manifest check finds (D21), with the values to word it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ManifestWarning {
    /// A blob the manifest names was not loaded: its lines are missing.
    MissingBlob {
        /// The blob's file name.
        name: String,
    },
    /// A loaded blob the manifest does not name (another export's?).
    ExtraBlob {
        /// The loaded file's name.
        name: String,
    },
    /// `blobCount` and the blobs listed disagree.
    BlobCount {
        /// What `blobCount` says.
        stated: u64,
        /// How many blobs are listed.
        listed: u64,
    },
}

impl ManifestWarning {
    /// The warning in a sentence.
    pub fn message(&self) -> Message {
        match self {
            ManifestWarning::MissingBlob { name } => {
                Message::new("The manifest names {name}, which is not loaded: its line items are missing from every figure.")
                    .with("name", name)
            }
            ManifestWarning::ExtraBlob { name } => {
                Message::new("{name} is loaded but not named in the manifest (is it from another export?).").with("name", name)
            }
            ManifestWarning::BlobCount { stated, listed } => Message::new("The manifest says it has {stated} blobs but lists {listed}.")
                .with("stated", Arg::Number(*stated))
                .with("listed", Arg::Number(*listed)),
        }
    }
}

/// The export a blob belongs to: the job's ID in its name
/// (`part-00049-<uuid>.c000.json.gz` → `<uuid>`), if it has one.
fn export_of(name: &str) -> Option<&str> {
    let rest = file_name(name).strip_prefix("part-")?;
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit()).strip_prefix('-')?;
    let id = rest.split('.').next()?;
    (!id.is_empty()).then_some(id)
}

/// Checks a manifest against the names of the files loaded with it: every
/// blob it names is there, no blob-like file of its export is extra,
/// `blobCount` agrees. A loaded name matches a blob by file name, with or
/// without `.gz`. With other exports' manifests loaded too (`others`), a
/// blob one of them names is theirs, and a blob not named by any is this
/// export's extra only if its name carries this export's job ID (each
/// export's blobs do); alone, any blob it does not name is extra.
pub fn check(manifest: &Manifest, others: &[&Manifest], loaded: &[&str]) -> Vec<ManifestWarning> {
    let stem = |n: &str| file_name(n).trim_end_matches(".gz").to_owned();
    let loaded: Vec<String> = loaded.iter().map(|n| stem(n)).collect();
    let named: Vec<String> = manifest.blobs().iter().map(|b| stem(&b.name)).collect();
    let theirs: Vec<String> = others.iter().flat_map(|m| m.blobs()).map(|b| stem(&b.name)).collect();
    let exports: Vec<&str> = manifest.blobs().iter().filter_map(|b| export_of(&b.name)).collect();
    let ours = |name: &str| others.is_empty() || export_of(name).is_some_and(|e| exports.contains(&e));
    let mut warnings = Vec::new();
    if let Some(stated) = manifest.blob_count.filter(|&c| c != manifest.blobs().len() as u64) {
        warnings.push(ManifestWarning::BlobCount { stated, listed: manifest.blobs().len() as u64 });
    }
    for (blob, stem) in manifest.blobs().iter().zip(&named) {
        if !loaded.contains(stem) {
            warnings.push(ManifestWarning::MissingBlob { name: blob.file_name().to_owned() });
        }
    }
    for name in loaded.iter().filter(|n| n.starts_with("part-") && !named.contains(n) && !theirs.contains(n) && ours(n)) {
        warnings.push(ManifestWarning::ExtraBlob { name: name.clone() });
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str = r#"{
  "id": "7c1c2a4e-0000-4000-8000-000000000001",
  "schemaVersion": "2",
  "dataFormat": "compressedJSONLines",
  "blobCount": 2,
  "blobs": [
    { "name": "https://x.blob.core.windows.net/exports/2026-03/part-00000-1a.c000.json.gz", "partitionValue": "default" },
    { "name": "exports/2026-03/part-00001-1a.c000.json.gz", "partitionValue": "default" }
  ],
  "rootDirectory": "exports/2026-03",
  "sasToken": "sv=…",
  "partitionType": "default"
}"#;

    #[test]
    fn reads_a_manifest_and_names_what_is_missing_or_extra() {
        let Document::Manifest(m) = read_document(MANIFEST.as_bytes()).unwrap() else { panic!("not a manifest") };
        assert_eq!((m.blob_count, m.blobs().len()), (Some(2), 2));
        assert_eq!(check(&m, &[], &["export/part-00000-1a.c000.json.gz", "part-00001-1a.c000.json"]), vec![]);
        assert_eq!(
            check(&m, &[], &["part-00000-1a.c000.json.gz", "part-00002-9z.c000.json.gz", "register.csv"]),
            vec![
                ManifestWarning::MissingBlob { name: "part-00001-1a.c000.json.gz".into() },
                ManifestWarning::ExtraBlob { name: "part-00002-9z.c000.json".into() },
            ]
        );
        let three = MANIFEST.replace("\"blobCount\": 2", "\"BlobCount\": 3");
        let Document::Manifest(m) = read_document(three.as_bytes()).unwrap() else { panic!("not a manifest") };
        assert_eq!(
            check(&m, &[], &["part-00000-1a.c000.json.gz", "part-00001-1a.c000.json.gz"]),
            vec![ManifestWarning::BlobCount { stated: 3, listed: 2 }]
        );
    }

    /// Two exports loaded together: each manifest accounts for its own
    /// blobs (by their job ID), none names the other's as extra; a blob
    /// missing or extra in one is still named, by that one only.
    #[test]
    fn two_exports_loaded_together_each_account_for_their_own_blobs() {
        let export = |id: &str, root: &str| {
            let text = format!(
                r#"{{"id": "{id}", "blobCount": 2, "rootDirectory": "{root}", "blobs": [
                {{"name": "{root}/part-00000-{id}.c000.json.gz"}}, {{"name": "{root}/part-00001-{id}.c000.json.gz"}}]}}"#
            );
            let Document::Manifest(m) = read_document(text.as_bytes()).unwrap() else { panic!("not a manifest") };
            m
        };
        let (a, b) = (export("5d1e2c3b-7a8f", "billed/2026-01"), export("9f0e1d2c-3b4a", "billed/2026-02"));
        let loaded = [
            "manifest.json",
            "part-00000-5d1e2c3b-7a8f.c000.json.gz",
            "part-00001-5d1e2c3b-7a8f.c000.json.gz",
            "feb/part-00000-9f0e1d2c-3b4a.c000.json.gz",
            "feb/part-00001-9f0e1d2c-3b4a.c000.json.gz",
        ];
        assert_eq!((check(&a, &[&b], &loaded), check(&b, &[&a], &loaded)), (vec![], vec![]));
        let mut more = loaded[..4].to_vec();
        more.push("part-00007-5d1e2c3b-7a8f.c000.json.gz");
        assert_eq!(check(&a, &[&b], &more), vec![ManifestWarning::ExtraBlob { name: "part-00007-5d1e2c3b-7a8f.c000.json".into() }]);
        assert_eq!(check(&b, &[&a], &more), vec![ManifestWarning::MissingBlob { name: "part-00001-9f0e1d2c-3b4a.c000.json.gz".into() }]);
    }

    #[test]
    fn an_array_of_line_items_keeps_each_number_as_written() {
        let Document::Objects(items) = read_document(b"[\n {\"Subtotal\": 22.500000000000000000},\n {\"Subtotal\": \"1.5\"}\n]").unwrap()
        else {
            panic!("not objects")
        };
        assert_eq!(items, vec![r#"{"Subtotal": 22.500000000000000000}"#, r#"{"Subtotal": "1.5"}"#]);
        assert!(read_document(b"{\"a\": 1}").is_err());
    }
}
