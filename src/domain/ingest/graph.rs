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
    /// An array of objects: each one's JSON text, to read as a line.
    Objects(Vec<String>),
}

/// Reads a whole JSON document.
pub fn read_document(text: &[u8]) -> Result<Document, String> {
    let text = std::str::from_utf8(text).map_err(|_| "a JSON document in UTF-8".to_owned())?;
    if text.trim_start().starts_with('[') {
        let items: Vec<&RawValue> = serde_json::from_str(text).map_err(|e| format!("a JSON array of line items ({e})"))?;
        return Ok(Document::Objects(items.into_iter().map(|v| v.get().replace(['\r', '\n'], " ")).collect()));
    }
    // Straight into the struct (no generic JSON value: that would add to
    // the first screen's module what only a manifest needs).
    let manifest: Manifest =
        serde_json::from_str(text).map_err(|e| format!("JSON lines (one object per line) or a JSON document ({e})"))?;
    if manifest.blobs.is_some() || manifest.blob_count.is_some() {
        return Ok(Document::Manifest(manifest));
    }
    Err("JSON lines (one line item object per line), a JSON array of line items, or a Graph export manifest".into())
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

/// Checks a manifest against the names of the files loaded with it: every
/// blob it names is there, no blob-like file is extra, `blobCount` agrees.
/// A loaded name matches a blob by file name, with or without `.gz`.
pub fn check(manifest: &Manifest, loaded: &[&str]) -> Vec<ManifestWarning> {
    let stem = |n: &str| file_name(n).trim_end_matches(".gz").to_owned();
    let loaded: Vec<String> = loaded.iter().map(|n| stem(n)).collect();
    let named: Vec<String> = manifest.blobs().iter().map(|b| stem(&b.name)).collect();
    let mut warnings = Vec::new();
    if let Some(stated) = manifest.blob_count.filter(|&c| c != manifest.blobs().len() as u64) {
        warnings.push(ManifestWarning::BlobCount { stated, listed: manifest.blobs().len() as u64 });
    }
    for (blob, stem) in manifest.blobs().iter().zip(&named) {
        if !loaded.contains(stem) {
            warnings.push(ManifestWarning::MissingBlob { name: blob.file_name().to_owned() });
        }
    }
    for name in loaded.iter().filter(|n| n.starts_with("part-") && !named.contains(n)) {
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
        assert_eq!(check(&m, &["export/part-00000-1a.c000.json.gz", "part-00001-1a.c000.json"]), vec![]);
        assert_eq!(
            check(&m, &["part-00000-1a.c000.json.gz", "part-00002-9z.c000.json.gz", "register.csv"]),
            vec![
                ManifestWarning::MissingBlob { name: "part-00001-1a.c000.json.gz".into() },
                ManifestWarning::ExtraBlob { name: "part-00002-9z.c000.json".into() },
            ]
        );
        let three = MANIFEST.replace("\"blobCount\": 2", "\"BlobCount\": 3");
        let Document::Manifest(m) = read_document(three.as_bytes()).unwrap() else { panic!("not a manifest") };
        assert_eq!(
            check(&m, &["part-00000-1a.c000.json.gz", "part-00001-1a.c000.json.gz"]),
            vec![ManifestWarning::BlobCount { stated: 3, listed: 2 }]
        );
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
