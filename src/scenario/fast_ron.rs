//! A fast reader for the subset of RON that scenario files use.
//!
//! Parsing a large scenario with the `ron` crate is the largest single cost of `deskaudit
//! check`. This is a hand-written serde [`Deserializer`](serde::Deserializer) over the bytes of
//! the file, in one pass, with no intermediate tree, that hands serde borrowed field names and
//! borrowed strings wherever the file has no escapes.
//!
//! It reads exactly as `ron` 0.12 does with the options scenario files are read with
//! (`IMPLICIT_SOME`, a recursion limit of `2 * MAX_NESTING`) on everything it accepts: whenever
//! [`from_str`] returns `Some(v)`, `ron` returns the same value. Whenever it meets anything
//! outside its subset, or any error at all (a syntax error, an unknown field, a missing one),
//! it gives up and returns `None`, and the caller parses with `ron`, which also gives the line
//! and column of any error.
//!
//! The subset:
//! - whitespace (the ASCII characters `ron` treats as whitespace), `//` line comments and
//!   (nested) `/* */` block comments;
//! - structs `Name(field: value, …)` and `(field: value, …)`, with the name checked against the
//!   struct's; sequences `[a, b]`; trailing commas;
//! - enums: unit variants (`District`), newtype variants (`Met("c1")`), tuple variants
//!   (`Add("loss", 5)`) and struct variants;
//! - options: `None`, `Some(value)` and, as with `IMPLICIT_SOME`, a bare value;
//! - strings `"…"` with the escapes `\" \' \\ \n \r \t \0`, `\xNN` below 0x80, `\u{…}` and line
//!   continuations; raw strings `r"…"`, `r#"…"#` (any number of `#`);
//! - `true` and `false`; decimal integers with an optional `-` (signed types only); `f64`
//!   numbers made of digits, `.`, `e`/`E` and signs, read by the same `f64::from_str` as `ron`;
//! - ASCII identifiers.
//!
//! It gives up on: attributes (`#![enable(…)]`), raw identifiers (`r#x`), any non-ASCII
//! character outside a string (`ron` accepts some as whitespace or in identifiers), integers
//! with `+`, `_`, a base prefix or a type suffix, floats with `_`, a suffix or `inf`/`NaN`,
//! `\x` escapes of 0x80 and above, `Some` without a `(`, chars, byte strings, `f32`, unit,
//! tuples, maps, newtype structs, `Range*` structs and anything deserialised through
//! `deserialize_any` (untagged or internally tagged enums, ignored fields).

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, EnumAccess, MapAccess, SeqAccess, VariantAccess,
    Visitor,
};
use std::fmt;

use super::limits;

/// Reads `text` as `ron` reads a scenario file (`IMPLICIT_SOME`, recursion limit
/// `2 * MAX_NESTING`), but faster (`examples/bench_parse.rs` times both), or returns `None`
/// when the text is outside the subset this reader handles or is not valid for `T` — the
/// caller then parses it with `ron`.
///
/// When it returns `Some(v)`, `ron` returns `Ok` with the same value. It never panics and runs
/// in time linear in the length of the text.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    let mut reader = Reader::new(text);
    reader.skip_ws().ok()?;
    // Attributes (`#![enable(…)]`) change how the rest is read: leave them to `ron`.
    if reader.peek() == Some(b'#') {
        return None;
    }
    let value = T::deserialize(&mut reader).ok()?;
    reader.skip_ws().ok()?;
    (reader.pos == reader.bytes.len()).then_some(value)
}

/// The one error: the reader gives up. Why does not matter, since `ron` reads the file again
/// and reports the error properly.
#[derive(Debug)]
struct GiveUp;

impl fmt::Display for GiveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("outside the fast reader's subset")
    }
}

impl std::error::Error for GiveUp {}

impl de::Error for GiveUp {
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        GiveUp
    }
}

type Result<T> = std::result::Result<T, GiveUp>;

/// `ron`'s recursion limit as scenario files are read (`ron_options()` in `load.rs`).
const RECURSION_LIMIT: usize = limits::MAX_NESTING * 2;

/// A string as read: borrowed from the text when it has no escapes.
enum Str<'de> {
    Borrowed(&'de str),
    Owned(String),
}

struct Reader<'de> {
    text: &'de str,
    bytes: &'de [u8],
    pos: usize,
    /// How many of `ron`'s recursion guards would be active here. The guards are taken at
    /// exactly the places `ron` takes them (`guard_recursion!` in `ron::de`), so the reader
    /// gives up exactly where `ron` would fail with `ExceededRecursionLimit`, and the stack
    /// depth stays bounded.
    depth: usize,
}

/// Whether `b` can continue an identifier. Non-ASCII bytes are not judged here: every caller
/// gives up on them first.
fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

impl<'de> Reader<'de> {
    fn new(text: &'de str) -> Self {
        Reader {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            depth: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn rest(&self) -> &'de [u8] {
        self.bytes.get(self.pos..).unwrap_or_default()
    }

    fn slice(&self, start: usize, end: usize) -> Result<&'de str> {
        self.text.get(start..end).ok_or(GiveUp)
    }

    /// Enters one of `ron`'s recursion guards; pair with [`Reader::leave`] on success.
    fn enter(&mut self) -> Result<()> {
        if self.depth >= RECURSION_LIMIT {
            return Err(GiveUp);
        }
        self.depth += 1;
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    fn consume(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, b: u8) -> Result<()> {
        if self.consume(b) { Ok(()) } else { Err(GiveUp) }
    }

    /// Skips whitespace and comments as `ron`'s `Parser::skip_ws` does. A `/` that starts no
    /// comment is an error in `ron`.
    fn skip_ws(&mut self) -> Result<()> {
        loop {
            while let Some(b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C) = self.peek() {
                self.pos += 1;
            }
            if self.peek() != Some(b'/') {
                return Ok(());
            }
            match self.bytes.get(self.pos + 1) {
                Some(b'/') => {
                    let rest = self.text.get(self.pos + 2..).ok_or(GiveUp)?;
                    self.pos = match rest.find('\n') {
                        Some(i) => self.pos + 2 + i,
                        None => self.bytes.len(),
                    };
                }
                Some(b'*') => self.skip_block_comment()?,
                _ => return Err(GiveUp),
            }
        }
    }

    /// Skips a block comment from its `/*`; they nest, as in `ron`.
    fn skip_block_comment(&mut self) -> Result<()> {
        self.pos += 2;
        let mut level = 1_usize;
        while level > 0 {
            let rest = self.rest();
            let i = rest
                .iter()
                .position(|&b| b == b'/' || b == b'*')
                .ok_or(GiveUp)?;
            self.pos += i;
            let rest = self.rest();
            if rest.starts_with(b"/*") {
                level += 1;
                self.pos += 2;
            } else if rest.starts_with(b"*/") {
                level -= 1;
                self.pos += 2;
            } else {
                self.pos += 1;
            }
        }
        Ok(())
    }

    /// `ron`'s `Parser::comma`: optional whitespace, then a comma and whitespace if there is
    /// one.
    fn comma(&mut self) -> Result<bool> {
        self.skip_ws()?;
        if self.consume(b',') {
            self.skip_ws()?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// Whether the text here is the keyword `word` not followed by an identifier character
    /// (`ron`'s `check_ident`). Gives up when a non-ASCII character follows, which `ron` may
    /// count as part of the identifier.
    fn check_word(&self, word: &str) -> Result<bool> {
        let rest = self.rest();
        if !rest.starts_with(word.as_bytes()) {
            return Ok(false);
        }
        match rest.get(word.len()) {
            Some(&b) if b >= 0x80 => Err(GiveUp),
            Some(&b) => Ok(!is_ident_byte(b)),
            None => Ok(true),
        }
    }

    /// An identifier as `ron`'s `Parser::identifier` reads it, limited to ASCII. Gives up on
    /// raw identifiers, on what `ron` would take for a (raw, byte) string, and where `ron`
    /// would suggest a raw identifier (`a.b`, `a-b`).
    fn identifier(&mut self) -> Result<&'de str> {
        let start = self.pos;
        match self.peek() {
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => {}
            _ => return Err(GiveUp),
        }
        let len = self
            .rest()
            .iter()
            .take_while(|&&b| is_ident_byte(b))
            .count();
        let end = start + len;
        match self.bytes.get(end) {
            Some(&b) if b >= 0x80 => return Err(GiveUp),
            Some(b'.' | b'+' | b'-' | b'"' | b'\'' | b'#') => return Err(GiveUp),
            _ => {}
        }
        self.pos = end;
        self.slice(start, end)
    }

    /// A string, quoted or raw, at the cursor.
    fn string(&mut self) -> Result<Str<'de>> {
        match self.peek() {
            Some(b'"') => {
                self.pos += 1;
                self.quoted_string()
            }
            Some(b'r') => {
                self.pos += 1;
                self.raw_string()
            }
            _ => Err(GiveUp),
        }
    }

    /// The rest of a quoted string after its `"`.
    fn quoted_string(&mut self) -> Result<Str<'de>> {
        let start = self.pos;
        let rest = self.text.get(start..).ok_or(GiveUp)?;
        let end = rest.find('"').ok_or(GiveUp)?;
        let Some(escape) = rest[..end].find('\\') else {
            self.pos = start + end + 1;
            return Ok(Str::Borrowed(self.slice(start, start + end)?));
        };
        let mut s = String::with_capacity(end);
        s.push_str(&rest[..escape]);
        self.pos = start + escape;
        // At a backslash: decode one escape, copy up to the next backslash or the closing quote.
        loop {
            self.pos += 1;
            self.escape(&mut s)?;
            let rest = self.text.get(self.pos..).ok_or(GiveUp)?;
            let next = rest.find(['"', '\\']).ok_or(GiveUp)?;
            s.push_str(&rest[..next]);
            self.pos += next;
            if self.peek() == Some(b'"') {
                self.pos += 1;
                return Ok(Str::Owned(s));
            }
        }
    }

    /// One escape after its backslash, decoded as `ron`'s `parse_escape` does, or a line
    /// continuation (a backslash at the end of a line skips the line break and the
    /// indentation after it).
    fn escape(&mut self, s: &mut String) -> Result<()> {
        let c = self.peek().ok_or(GiveUp)?;
        self.pos += 1;
        let decoded = match c {
            b'\n' | b'\r' => {
                if c == b'\r' && !self.consume(b'\n') {
                    // A lone carriage return is an unknown escape to `ron`.
                    return Err(GiveUp);
                }
                while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
                    self.pos += 1;
                }
                return Ok(());
            }
            b'\'' => '\'',
            b'"' => '"',
            b'\\' => '\\',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'0' => '\0',
            b'x' => {
                let hi = self.hex_digit()?;
                let lo = self.hex_digit()?;
                let byte = (hi << 4) | lo;
                // `ron` joins several `\x` escapes into one multi-byte character; leave that
                // to it.
                if byte >= 0x80 {
                    return Err(GiveUp);
                }
                char::from(byte)
            }
            b'u' => {
                self.expect(b'{')?;
                let mut code = 0_u32;
                let mut digits = 0;
                while digits < 6 && self.peek() != Some(b'}') {
                    code = (code << 4) | u32::from(self.hex_digit()?);
                    digits += 1;
                }
                if digits == 0 {
                    return Err(GiveUp);
                }
                self.expect(b'}')?;
                char::from_u32(code).ok_or(GiveUp)?
            }
            _ => return Err(GiveUp),
        };
        s.push(decoded);
        Ok(())
    }

    fn hex_digit(&mut self) -> Result<u8> {
        let b = self.peek().ok_or(GiveUp)?;
        let digit = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            b'A'..=b'F' => b - b'A' + 10,
            _ => return Err(GiveUp),
        };
        self.pos += 1;
        Ok(digit)
    }

    /// The rest of a raw string after its `r`: `#`s, a quote, and the text up to the first
    /// quote followed by as many `#`s.
    fn raw_string(&mut self) -> Result<Str<'de>> {
        let hashes = self.rest().iter().take_while(|&&b| b == b'#').count();
        self.pos += hashes;
        self.expect(b'"')?;
        let start = self.pos;
        let mut from = start;
        loop {
            let rest = self.text.get(from..).ok_or(GiveUp)?;
            let quote = from + rest.find('"').ok_or(GiveUp)?;
            let after = quote + 1;
            let closes = self
                .bytes
                .get(after..after + hashes)
                .is_some_and(|h| h.iter().all(|&b| b == b'#'));
            if closes {
                self.pos = after + hashes;
                return Ok(Str::Borrowed(self.slice(start, quote)?));
            }
            from = after;
        }
    }

    /// A decimal integer with an optional `-`, as `ron`'s `Parser::integer` reads it. Gives up
    /// on `+`, base prefixes (`0x`), `_`, type suffixes (`5u8`) and anything else that could
    /// continue the number, and on values out of range for the type.
    fn integer<T: TryFrom<i128>>(&mut self, signed: bool) -> Result<T> {
        let negative = signed && self.consume(b'-');
        let start = self.pos;
        let mut magnitude = 0_i128;
        while let Some(b @ b'0'..=b'9') = self.peek() {
            magnitude = magnitude * 10 + i128::from(b - b'0');
            // Far beyond any 64-bit value: stop before the accumulator could overflow.
            if magnitude > i128::from(u64::MAX) {
                return Err(GiveUp);
            }
            self.pos += 1;
        }
        if self.pos == start {
            return Err(GiveUp);
        }
        match self.peek() {
            Some(b) if b >= 0x80 || is_ident_byte(b) || b == b'.' => return Err(GiveUp),
            _ => {}
        }
        let value = if negative { -magnitude } else { magnitude };
        T::try_from(value).map_err(|_| GiveUp)
    }

    /// An `f64` as `ron`'s `Parser::float` reads it: the run of characters that can make up a
    /// float, parsed by `f64::from_str` just as `ron` does. Gives up where `ron` would do more
    /// than that: underscores, `..` (ranges), an `f32`/`f64` suffix, and the `inf`/`NaN`
    /// literals (whose run is empty or a lone sign, which `from_str` rejects).
    fn float(&mut self) -> Result<f64> {
        let start = self.pos;
        let len = self
            .rest()
            .iter()
            .take_while(|&&b| b.is_ascii_digit() || matches!(b, b'e' | b'E' | b'.' | b'+' | b'-'))
            .count();
        let run = self.slice(start, start + len)?;
        if run.is_empty() || run.contains("..") {
            return Err(GiveUp);
        }
        match self.bytes.get(start + len) {
            Some(&b) if b == b'_' || b == b'f' => return Err(GiveUp),
            _ => {}
        }
        let value = run.parse::<f64>().map_err(|_| GiveUp)?;
        self.pos = start + len;
        Ok(value)
    }

    /// `ron`'s `consume_struct_name`: a name before the `(` must be the struct's own.
    fn struct_name(&mut self, name: &str) -> Result<()> {
        match self.peek() {
            Some(b) if b >= 0x80 => Err(GiveUp),
            Some(b) if is_ident_byte(b) => {
                if self.identifier()? == name && !name.is_empty() {
                    Ok(())
                } else {
                    Err(GiveUp)
                }
            }
            _ => Ok(()),
        }
    }

    /// The body of a struct from its `(` to its `)`.
    fn struct_body<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        self.expect(b'(')?;
        self.enter()?;
        let value = visitor.visit_map(Fields {
            reader: self,
            had_comma: true,
        })?;
        self.leave();
        self.skip_ws()?;
        self.expect(b')')?;
        Ok(value)
    }

    /// A comma-separated sequence after its opening bracket, up to `close`.
    fn sequence<V: Visitor<'de>>(&mut self, close: u8, visitor: V) -> Result<V::Value> {
        self.enter()?;
        let value = visitor.visit_seq(Elements {
            reader: self,
            close,
            had_comma: true,
        })?;
        self.leave();
        self.skip_ws()?;
        self.expect(close)?;
        Ok(value)
    }

    /// `ron`'s `CommaSeparated::has_element`: whether another element follows before
    /// `close`; an element without a comma before it is an error.
    fn has_element(&mut self, close: u8, had_comma: bool) -> Result<bool> {
        self.skip_ws()?;
        if self.peek() == Some(close) {
            Ok(false)
        } else if had_comma {
            Ok(true)
        } else {
            Err(GiveUp)
        }
    }
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = GiveUp;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        // Self-describing reading (untagged enums, ignored values) is left to `ron`.
        Err(GiveUp)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.check_word("true")? {
            self.pos += 4;
            visitor.visit_bool(true)
        } else if self.check_word("false")? {
            self.pos += 5;
            visitor.visit_bool(false)
        } else {
            Err(GiveUp)
        }
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i8(self.integer(true)?)
    }

    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i16(self.integer(true)?)
    }

    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i32(self.integer(true)?)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i64(self.integer(true)?)
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u8(self.integer(false)?)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u16(self.integer(false)?)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u32(self.integer(false)?)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u64(self.integer(false)?)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_f64(self.float()?)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.string()? {
            Str::Borrowed(s) => visitor.visit_borrowed_str(s),
            Str::Owned(s) => visitor.visit_string(s),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.check_word("None")? {
            self.pos += 4;
            return visitor.visit_none();
        }
        if self.check_word("Some")? {
            self.pos += 4;
            self.skip_ws()?;
            // `ron` reads `Some x` (no parenthesis) as an implicit `Some` of `x`: not worth
            // following.
            self.expect(b'(')?;
            self.skip_ws()?;
            self.enter()?;
            let value = visitor.visit_some(&mut *self)?;
            self.leave();
            self.comma()?;
            self.expect(b')')?;
            return Ok(value);
        }
        // IMPLICIT_SOME: a bare value.
        self.enter()?;
        let value = visitor.visit_some(&mut *self)?;
        self.leave();
        Ok(value)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'[')?;
        self.sequence(b']', visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        // `ron` reads the standard library's ranges in a syntax of their own.
        if name.starts_with("Range") {
            return Err(GiveUp);
        }
        self.struct_name(name)?;
        self.skip_ws()?;
        self.struct_body(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.enter()?;
        let value = visitor.visit_enum(Variant { reader: &mut *self })?;
        self.leave();
        Ok(value)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.identifier()?)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        Err(GiveUp)
    }

    serde::forward_to_deserialize_any! {
        i128 u128 f32 char bytes byte_buf unit unit_struct newtype_struct tuple tuple_struct map
    }
}

/// The fields of a struct (`ron`'s `CommaSeparated` with the struct terminator).
struct Fields<'a, 'de> {
    reader: &'a mut Reader<'de>,
    had_comma: bool,
}

impl<'de> MapAccess<'de> for Fields<'_, 'de> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if !self.reader.has_element(b')', self.had_comma)? {
            return Ok(None);
        }
        self.reader.enter()?;
        let key = seed.deserialize(FieldName {
            reader: &mut *self.reader,
        })?;
        self.reader.leave();
        Ok(Some(key))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        self.reader.skip_ws()?;
        self.reader.expect(b':')?;
        self.reader.skip_ws()?;
        self.reader.enter()?;
        let value = seed.deserialize(&mut *self.reader)?;
        self.reader.leave();
        self.had_comma = self.reader.comma()?;
        Ok(value)
    }
}

/// The elements of a sequence, or of a tuple variant.
struct Elements<'a, 'de> {
    reader: &'a mut Reader<'de>,
    close: u8,
    had_comma: bool,
}

impl<'de> SeqAccess<'de> for Elements<'_, 'de> {
    type Error = GiveUp;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if !self.reader.has_element(self.close, self.had_comma)? {
            return Ok(None);
        }
        self.reader.enter()?;
        let value = seed.deserialize(&mut *self.reader)?;
        self.reader.leave();
        self.had_comma = self.reader.comma()?;
        Ok(Some(value))
    }
}

/// A struct's field name: an identifier and nothing else (`ron`'s `de::id::Deserializer`).
struct FieldName<'a, 'de> {
    reader: &'a mut Reader<'de>,
}

impl<'de> de::Deserializer<'de> for FieldName<'_, 'de> {
    type Error = GiveUp;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        Err(GiveUp)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.reader.identifier()?)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_identifier(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_identifier(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum ignored_any
    }
}

/// An enum value: the variant's name, then its contents (`ron`'s `de::Enum`).
struct Variant<'a, 'de> {
    reader: &'a mut Reader<'de>,
}

impl<'de> EnumAccess<'de> for Variant<'_, 'de> {
    type Error = GiveUp;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        self.reader.skip_ws()?;
        self.reader.enter()?;
        let value = seed.deserialize(&mut *self.reader)?;
        self.reader.leave();
        Ok((value, self))
    }
}

impl<'de> VariantAccess<'de> for Variant<'_, 'de> {
    type Error = GiveUp;

    fn unit_variant(self) -> Result<()> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        let reader = self.reader;
        reader.skip_ws()?;
        reader.expect(b'(')?;
        reader.skip_ws()?;
        reader.enter()?;
        let value = seed.deserialize(&mut *reader)?;
        reader.leave();
        reader.comma()?;
        reader.expect(b')')?;
        Ok(value)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        let reader = self.reader;
        reader.skip_ws()?;
        reader.expect(b'(')?;
        reader.sequence(b')', visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let reader = self.reader;
        reader.skip_ws()?;
        reader.struct_body(visitor)
    }
}
