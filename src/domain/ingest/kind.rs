//! What a file is, decided once, here, for every shell: from its first
//! bytes ([`file_kind`]) and, for a ZIP archive, from its members
//! ([`super::xlsx::office_in`]: a workbook, another office document, or an
//! archive of data files). Never from its name. The CLI, the browser's
//! reader worker and the JS API's `assessAsync()` all ask this module.

/// What a file's first bytes say it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// Text (CSV, TSV, JSON lines or a JSON document, in any encoding):
    /// read by the domain's reader as it is.
    Plain,
    /// Gzip data (any number of members): decompressed first.
    Gzip,
    /// A ZIP archive: a workbook or an archive of files, as its members tell.
    Zip,
}

/// The bytes a decision needs: give at least this many of a file's first
/// bytes (fewer only when the file is shorter).
pub const HEAD_BYTES: usize = 4;

/// What a file is, from its first bytes.
pub fn file_kind(head: &[u8]) -> FileKind {
    if head.starts_with(&[0x1f, 0x8b]) {
        FileKind::Gzip
    } else if head.starts_with(b"PK\x03\x04") {
        FileKind::Zip
    } else {
        FileKind::Plain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_bytes_tell_gzip_zip_or_text() {
        assert_eq!(file_kind(&[0x1f, 0x8b, 0x08, 0x00]), FileKind::Gzip);
        assert_eq!(file_kind(b"PK\x03\x04rest"), FileKind::Zip);
        assert_eq!(file_kind(b"PK\x05\x06"), FileKind::Plain, "an empty archive's end record alone is no archive to read");
        assert_eq!(file_kind(b"\xef\xbb\xbfPartnerId,"), FileKind::Plain);
        assert_eq!(file_kind(b"{\"a\":1}"), FileKind::Plain);
        assert_eq!(file_kind(&[0x1f]), FileKind::Plain, "too short to be gzip");
        assert_eq!(file_kind(b""), FileKind::Plain);
    }
}
