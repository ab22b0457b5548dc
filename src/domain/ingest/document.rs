//! The items of a JSON document, found as the document streams past: the
//! elements of a top-level array, or of the `items` (`Items`, `value`)
//! array of a Partner Center REST API page (`{"totalCount", "items",
//! "links", "attributes"}`).
//!
//! [`Items`] is fed the document in chunks of any size and hands each item's
//! text to its caller whole, so a document of any size is read with the
//! memory of its largest item. It checks the JSON grammar as it goes (a
//! document that breaks off, doubles or has a stray bracket is broken where
//! it breaks); what an item holds is read later, as a JSON line is.
//!
//! Positions are 1-based lines and columns, counted in bytes, as
//! `serde_json` counts them.

/// One thing found in a document.
#[derive(Debug, PartialEq, Eq)]
pub enum Found<'a> {
    /// An item that is an object: its text, from `{` to `}`.
    Object(&'a [u8]),
    /// An item that is not an object (a string, a number, an array...).
    NotAnObject,
    /// An item longer than the caller's limit (its text not kept).
    TooLong,
}

/// Where a document breaks: its 1-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Break {
    /// Line of the break.
    pub line: u64,
    /// Column of the break (bytes into the line).
    pub column: u64,
}

/// What comes next in the grammar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    /// A value (or, at the top, whitespace before it).
    Value,
    /// A value or `]` (just after `[`).
    ValueOrClose,
    /// A key or `}` (just after `{`).
    KeyOrClose,
    /// A key (after a `,` in an object).
    Key,
    /// `:` after a key.
    Colon,
    /// `,` or the container's close, after a value.
    CommaOrClose,
    /// Nothing but whitespace: the top-level value is complete.
    End,
}

/// A scalar being read across chunks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scalar {
    None,
    /// Inside a string; `escape` after a backslash, `hex` hex digits still
    /// due after `\u`.
    String {
        escape: bool,
        hex: u8,
    },
    /// A number, in its phase.
    Number(Num),
    /// `true`, `false` or `null`: the word and how much of it is read.
    Word(&'static [u8], u8),
}

/// The phases of a JSON number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Num {
    Minus,
    Zero,
    Int,
    Dot,
    Frac,
    Exp,
    ExpSign,
    ExpDigits,
}

impl Num {
    /// Whether the number may end here.
    fn complete(self) -> bool {
        matches!(self, Num::Zero | Num::Int | Num::Frac | Num::ExpDigits)
    }

    /// The phase after `c`, or None when `c` is not part of the number.
    fn next(self, c: u8) -> Option<Num> {
        let digit = c.is_ascii_digit();
        Some(match (self, c) {
            (Num::Minus, b'0') => Num::Zero,
            (Num::Minus, _) if digit => Num::Int,
            (Num::Int, _) if digit => Num::Int,
            (Num::Zero | Num::Int, b'.') => Num::Dot,
            (Num::Dot | Num::Frac, _) if digit => Num::Frac,
            (Num::Zero | Num::Int | Num::Frac, b'e' | b'E') => Num::Exp,
            (Num::Exp, b'+' | b'-') => Num::ExpSign,
            (Num::Exp | Num::ExpSign | Num::ExpDigits, _) if digit => Num::ExpDigits,
            _ => return None,
        })
    }
}

/// Finds the items of a JSON document fed in chunks.
#[derive(Debug)]
pub struct Items {
    /// The open containers, outermost first (`b'{'` or `b'['`).
    stack: Vec<u8>,
    expect: Expect,
    scalar: Scalar,
    /// The depth (stack length) of the array that holds the items, once
    /// known: 1 for a top-level array, 2 for a page's `items`.
    items_at: Option<usize>,
    /// The items' array is still open.
    items_open: bool,
    /// The top-level object's key being read (its bytes, unescaped as
    /// written), and whether the last key read names the items.
    key: Option<Vec<u8>>,
    items_key: bool,
    /// The item being gathered, and whether it outgrew the limit.
    item: Vec<u8>,
    gathering: bool,
    too_long: bool,
    limit: usize,
    /// Where the next byte is.
    line: u64,
    column: u64,
    broken: Option<Break>,
}

impl Items {
    /// A finder whose items are at most `limit` bytes long (a longer one is
    /// [`Found::TooLong`]).
    pub fn new(limit: usize) -> Self {
        Items {
            stack: Vec::new(),
            expect: Expect::Value,
            scalar: Scalar::None,
            items_at: None,
            items_open: false,
            key: None,
            items_key: false,
            item: Vec::new(),
            gathering: false,
            too_long: false,
            limit,
            line: 1,
            column: 0,
            broken: None,
        }
    }

    /// Where the document broke, once it has.
    pub fn broken(&self) -> Option<Break> {
        self.broken
    }

    /// Whether the document has items (its top is an array, or an object
    /// with an `items` array, seen so far).
    pub fn has_items(&self) -> bool {
        self.items_at.is_some()
    }

    /// Reads `chunk`, calling `found` for every item completed in it; stops
    /// at the first break ([`broken`](Self::broken)).
    pub fn feed(&mut self, chunk: &[u8], found: &mut dyn FnMut(Found<'_>)) {
        if self.broken.is_some() {
            return;
        }
        let mut i = 0;
        // The start of the chunk's part of the item being gathered.
        let mut from = 0;
        while i < chunk.len() {
            let c = chunk[i];
            if let Scalar::String { escape: false, hex: 0 } = self.scalar {
                // The bulk of a document: skip to the string's next quote
                // or backslash (no control character may come before it).
                let end = crate::domain::ingest::jsonl::find2(chunk, i, b'"', b'\\');
                if let Some(p) = chunk[i..end].iter().position(|&b| b < 0x20) {
                    // serde_json names the byte before a control character.
                    self.advance(&chunk[i..i + p]);
                    self.broken = Some(Break { line: self.line, column: self.column });
                    return;
                }
                if let Some(key) = self.key.as_mut() {
                    key.extend_from_slice(&chunk[i..end]);
                }
                self.advance(&chunk[i..end]);
                i = end;
                if i == chunk.len() {
                    break;
                }
                let q = chunk[i];
                self.advance(&chunk[i..=i]);
                i += 1;
                if q == b'"' {
                    self.scalar = Scalar::None;
                    self.value_done();
                } else {
                    self.scalar = Scalar::String { escape: true, hex: 0 };
                }
                continue;
            }
            match self.step(c) {
                Step::Next => {
                    self.advance(&chunk[i..=i]);
                    i += 1;
                }
                // The byte ends a number: it is read again as what follows.
                Step::Again => {}
                Step::Broken => return self.break_here(),
                Step::ItemStarts => {
                    from = i;
                    self.advance(&chunk[i..=i]);
                    i += 1;
                }
                Step::ItemEnds => {
                    self.advance(&chunk[i..=i]);
                    i += 1;
                    self.gathered(&chunk[from..i], found, true);
                }
                Step::NotAnItem => {
                    self.advance(&chunk[i..=i]);
                    i += 1;
                    found(Found::NotAnObject);
                }
            }
        }
        if self.gathering {
            self.gathered(&chunk[from..], found, false);
        }
    }

    /// The end of the document: the item still open, or a value not
    /// complete, is a break at the end.
    pub fn end(&mut self) {
        if self.broken.is_none() {
            let complete = match self.scalar {
                Scalar::Number(n) => self.stack.is_empty() && n.complete(),
                Scalar::None => self.expect == Expect::End,
                _ => false,
            };
            if !complete {
                // serde_json names the last byte read.
                self.broken = Some(Break { line: self.line, column: self.column });
            }
        }
    }

    fn break_here(&mut self) {
        self.broken = Some(Break { line: self.line, column: self.column + 1 });
    }

    /// Counts `bytes` as read (lines and columns).
    fn advance(&mut self, bytes: &[u8]) {
        match bytes.iter().rposition(|&b| b == b'\n') {
            Some(p) => {
                self.line += bytes.iter().filter(|&&b| b == b'\n').count() as u64;
                self.column = (bytes.len() - p - 1) as u64;
            }
            None => self.column += bytes.len() as u64,
        }
    }

    /// Adds `part` to the item being gathered; `whole` when it ends it.
    fn gathered(&mut self, part: &[u8], found: &mut dyn FnMut(Found<'_>), whole: bool) {
        if !self.too_long {
            if self.item.len() + part.len() > self.limit {
                self.too_long = true;
                self.item = Vec::new();
            } else if whole && self.item.is_empty() {
                // Whole in this chunk: handed on without a copy.
                found(Found::Object(part));
                self.gathering = false;
                return;
            } else {
                self.item.extend_from_slice(part);
            }
        }
        if whole {
            if self.too_long {
                found(Found::TooLong);
            } else {
                found(Found::Object(&self.item));
            }
            self.item.clear();
            self.too_long = false;
            self.gathering = false;
        }
    }

    /// A value (a scalar, or a container closed) is complete.
    fn value_done(&mut self) {
        if self.expect != Expect::Colon {
            self.expect = if self.stack.is_empty() { Expect::End } else { Expect::CommaOrClose };
        }
    }

    /// One byte outside a string's bulk.
    fn step(&mut self, c: u8) -> Step {
        match self.scalar {
            Scalar::String { escape: true, .. } => {
                self.scalar = match c {
                    b'u' => Scalar::String { escape: false, hex: 4 },
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => Scalar::String { escape: false, hex: 0 },
                    _ => return Step::Broken,
                };
                if let Some(k) = self.key.as_mut() {
                    k.extend_from_slice(&[b'\\', c]);
                }
                return Step::Next;
            }
            Scalar::String { hex, .. } if hex > 0 => {
                if !c.is_ascii_hexdigit() {
                    return Step::Broken;
                }
                self.scalar = Scalar::String { escape: false, hex: hex - 1 };
                if let Some(k) = self.key.as_mut() {
                    k.push(c);
                }
                return Step::Next;
            }
            Scalar::Number(n) => match n.next(c) {
                Some(next) => {
                    self.scalar = Scalar::Number(next);
                    return Step::Next;
                }
                None if n.complete() => {
                    self.scalar = Scalar::None;
                    self.value_done();
                    return Step::Again;
                }
                None => return Step::Broken,
            },
            Scalar::Word(word, at) => {
                if word.get(usize::from(at)) != Some(&c) {
                    return Step::Broken;
                }
                if usize::from(at) + 1 == word.len() {
                    self.scalar = Scalar::None;
                    self.value_done();
                } else {
                    self.scalar = Scalar::Word(word, at + 1);
                }
                return Step::Next;
            }
            _ => {}
        }
        if matches!(c, b' ' | b'\t' | b'\n' | b'\r') {
            return Step::Next;
        }
        match self.expect {
            Expect::End => Step::Broken,
            Expect::Colon => {
                if c != b':' {
                    return Step::Broken;
                }
                // The top object's key is read: does it name the items?
                if let Some(key) = self.key.take() {
                    // A key with escapes (`\u0069tems`) is read as JSON reads it.
                    let key = match key.contains(&b'\\') {
                        true => serde_json::from_slice::<String>(&[b"\"", &key[..], b"\""].concat()).map(String::into_bytes).unwrap_or(key),
                        false => key,
                    };
                    self.items_key = super::graph::ITEMS_KEYS.contains(&key.as_slice());
                }
                self.expect = Expect::Value;
                Step::Next
            }
            Expect::KeyOrClose | Expect::Key => {
                if c == b'}' && self.expect == Expect::KeyOrClose {
                    return self.close(c);
                }
                if c != b'"' {
                    return Step::Broken;
                }
                if self.stack.len() == 1 {
                    self.key = Some(Vec::new());
                }
                self.scalar = Scalar::String { escape: false, hex: 0 };
                self.expect = Expect::Colon;
                Step::Next
            }
            Expect::CommaOrClose => match c {
                b',' => {
                    self.expect = if self.stack.last() == Some(&b'{') { Expect::Key } else { Expect::Value };
                    Step::Next
                }
                b']' | b'}' => self.close(c),
                _ => Step::Broken,
            },
            Expect::ValueOrClose if c == b']' => self.close(c),
            Expect::Value | Expect::ValueOrClose => self.value(c),
        }
    }

    /// The first byte of a value.
    fn value(&mut self, c: u8) -> Step {
        let depth = self.stack.len();
        // An item begins where the items live.
        let item = self.items_open && self.items_at == Some(depth);
        let step = match c {
            b'{' | b'[' => {
                if (depth == 0 || depth == 1 && self.items_key && self.items_at.is_none()) && c == b'[' {
                    self.items_at = Some(depth + 1);
                    self.items_open = true;
                    self.items_key = false;
                    self.stack.push(c);
                    self.expect = Expect::ValueOrClose;
                    return Step::Next;
                }
                self.stack.push(c);
                self.expect = if c == b'{' { Expect::KeyOrClose } else { Expect::ValueOrClose };
                if item && c == b'{' {
                    self.gathering = true;
                    return Step::ItemStarts;
                }
                Step::Next
            }
            b'"' => {
                self.scalar = Scalar::String { escape: false, hex: 0 };
                Step::Next
            }
            b'-' | b'0'..=b'9' => {
                self.scalar = Scalar::Number(match c {
                    b'-' => Num::Minus,
                    b'0' => Num::Zero,
                    _ => Num::Int,
                });
                Step::Next
            }
            b't' | b'f' | b'n' => {
                let word: &'static [u8] = match c {
                    b't' => b"true",
                    b'f' => b"false",
                    _ => b"null",
                };
                self.scalar = Scalar::Word(word, 1);
                Step::Next
            }
            _ => return Step::Broken,
        };
        if item {
            Step::NotAnItem
        } else {
            step
        }
    }

    /// `]` or `}`: closes the innermost container, if it is that kind.
    fn close(&mut self, c: u8) -> Step {
        let open = if c == b']' { b'[' } else { b'{' };
        if self.stack.last() != Some(&open) {
            return Step::Broken;
        }
        let depth = self.stack.len();
        self.stack.pop();
        self.items_key = false;
        if self.items_at == Some(depth) {
            self.items_open = false;
        }
        let ends_item = self.gathering && self.items_at == Some(depth - 1);
        self.value_done();
        if ends_item {
            return Step::ItemEnds;
        }
        Step::Next
    }
}

/// What a byte did.
enum Step {
    /// Read; on to the next byte.
    Next,
    /// Ended a number without being part of it: read it again.
    Again,
    /// The document breaks at this byte.
    Broken,
    /// Opens an item (`{` where the items live).
    ItemStarts,
    /// Closes the item being gathered.
    ItemEnds,
    /// Begins an item that is not an object.
    NotAnItem,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The items of `text` fed in chunks of `size`, or where it breaks.
    fn items(text: &str, size: usize) -> Result<Vec<String>, Break> {
        let mut finder = Items::new(1 << 20);
        let mut out = Vec::new();
        for chunk in text.as_bytes().chunks(size.max(1)) {
            finder.feed(chunk, &mut |f| {
                out.push(match f {
                    Found::Object(b) => String::from_utf8(b.to_vec()).unwrap(),
                    Found::NotAnObject => "<not an object>".into(),
                    Found::TooLong => "<too long>".into(),
                })
            });
        }
        finder.end();
        finder.broken().map_or(Ok(out), Err)
    }

    /// What serde_json finds: the items' texts, or where it breaks.
    fn serde(text: &str) -> Result<Vec<String>, Break> {
        #[derive(serde::Deserialize)]
        struct Page<'a> {
            #[serde(borrow, default)]
            items: Vec<&'a serde_json::value::RawValue>,
        }
        let at = |e: serde_json::Error| Break { line: e.line() as u64, column: e.column() as u64 };
        let items = if text.trim_start().starts_with('[') {
            serde_json::from_str::<Vec<&serde_json::value::RawValue>>(text).map_err(at)?
        } else {
            serde_json::from_str::<Page<'_>>(text).map_err(at)?.items
        };
        Ok(items.iter().map(|i| i.get().to_owned()).collect())
    }

    #[test]
    fn finds_the_items_of_a_page_or_an_array_in_any_chunking() {
        let docs = [
            "{\n  \"totalCount\": 2,\n  \"items\": [\n    {\"a\": 1, \"b\": {\"c\": [1, 2]}},\n    {\"a\": \"x\\\"}\"}\n  ],\n  \"links\": {\"self\": {\"uri\": \"/x\"}},\n  \"attributes\": {\"objectType\": \"Collection\"}\n}\n",
            "[{\"Subtotal\": 22.500000000000000000}, {\"Subtotal\": \"1.5\", \"x\": [true, false, null, -0.5e+3]}]",
            "{\"links\": {\"items\": [1]}, \"items\": [], \"value\": 3}",
            "{\"totalCount\": 0, \"items\": []}",
            "[]",
            "{\"\\u0069tems\": [{\"a\": 1}]}",
        ];
        for doc in docs {
            let whole = serde(doc).unwrap();
            for size in [1, 2, 3, 7, 64, 4096] {
                assert_eq!(items(doc, size).unwrap(), whole, "{doc} in chunks of {size}");
            }
        }
    }

    #[test]
    fn an_item_that_is_not_an_object_is_named() {
        assert_eq!(
            items("[{\"a\": 1}, 2, \"x\", [3]]", 1).unwrap(),
            ["{\"a\": 1}", "<not an object>", "<not an object>", "<not an object>"]
        );
    }

    #[test]
    fn breaks_where_serde_json_breaks() {
        let docs = [
            "{\n  \"items\": [\n    {\"a\": 1},\n    {\"a\": 2",
            "{\"items\": [{\"a\": 1}]}\n{\"items\": [{\"a\": 1}]}",
            "[{\"a\": 1}]]",
            "[{\"a\": 1},\n {\"a\": 01}]",
            "[{\"a\": tru}]",
            "[{\"a\": \"x\ty\"}]",
            "[{\"a\" 1}]",
            "[{\"a\": 1,}]",
            "[{\"a\": 1.}]",
            "[{\"a\": \"\\q\"}]",
            "[{\"a\": 1}}",
            "{\"items\": [{\"a\": 1}], }",
            "[",
            "  ",
        ];
        for doc in docs {
            let Err(at) = serde(doc) else { panic!("{doc} is not broken for serde_json") };
            for size in [1, 3, 4096] {
                assert_eq!(items(doc, size), Err(at), "{doc:?} in chunks of {size}");
            }
        }
    }

    #[test]
    fn an_item_over_the_limit_is_too_long_and_not_kept() {
        let mut finder = Items::new(8);
        let mut out = Vec::new();
        for chunk in b"[{\"a\": 123456789}, {\"b\": 1}]".chunks(5) {
            finder.feed(chunk, &mut |f| out.push(matches!(f, Found::TooLong)));
        }
        finder.end();
        assert_eq!((out, finder.broken()), (vec![true, false], None));
    }
}
