//! A small, tolerant RON reader that remembers where every value starts.
//!
//! `ron` tells us where a *syntax* error is, but once a file parses, the model has lost all
//! positions. The validator describes each problem by a [`Path`] into the document
//! (`nodes[3].choices[1].goto`); this tree turns the path back into a line and column.
//! It also enforces the nesting-depth limit before `ron` recurses into hostile input.

use smallvec::SmallVec;
use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

/// One step of a path into a RON document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// A named field of a struct.
    Field(&'static str),
    /// An element of a list, or a positional item of a tuple / enum variant.
    Index(usize),
}

/// A path from the document root to a value.
///
/// The validator builds a path for every value it looks at, problem or not, so the steps are
/// kept inline: paths up to [`INLINE_STEPS`] deep (every path but those into deeply nested
/// conditions) cost no allocation. Checking a 10,000-node file built about 400,000 of them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Path(pub SmallVec<[Step; INLINE_STEPS]>);

/// How many steps a [`Path`] holds without allocating.
pub const INLINE_STEPS: usize = 8;

impl Path {
    /// The root of the document.
    pub fn root() -> Self {
        Self(SmallVec::new())
    }

    /// This path extended by a field.
    pub fn field(&self, name: &'static str) -> Self {
        self.with(Step::Field(name))
    }

    /// This path extended by an index.
    pub fn index(&self, i: usize) -> Self {
        self.with(Step::Index(i))
    }

    fn with(&self, step: Step) -> Self {
        let mut steps = SmallVec::with_capacity(self.0.len() + 1);
        steps.extend_from_slice(&self.0);
        steps.push(step);
        Self(steps)
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.0.iter().enumerate() {
            match step {
                Step::Field(name) if i == 0 => write!(f, "{name}")?,
                Step::Field(name) => write!(f, ".{name}")?,
                Step::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// A value in the tree, with the byte range of its source text.
#[derive(Clone, Debug)]
pub struct SpanNode {
    /// Byte offset where the value starts.
    pub start: usize,
    /// Byte offset just past the value.
    pub end: usize,
    /// What the value is.
    pub value: SpanValue,
    /// True for an explicit `Some(…)`.
    pub is_some_wrapper: bool,
}

/// Where a struct field's name is in the source text (`r#` left out).
///
/// Names and strings are kept as positions, not copied: the tree of a large file then costs
/// a few allocations per record instead of one per string, and reading the text back is
/// only paid for the handful of values a problem points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NameSpan {
    /// Byte offset where the name starts.
    pub start: usize,
    /// Byte offset just past the name.
    pub end: usize,
}

impl NameSpan {
    /// The name, read from the text the tree was built from.
    pub fn of<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// The shapes of RON values this reader distinguishes.
#[derive(Clone, Debug)]
pub enum SpanValue {
    /// `Name(field: value, …)` or `(field: value, …)`.
    Struct(Vec<(NameSpan, SpanNode)>),
    /// `Name(a, b)`, `(a, b)` or `[a, b]`.
    Seq(Vec<SpanNode>),
    /// `{k: v, …}`.
    Map(Vec<(SpanNode, SpanNode)>),
    /// A string literal (the node's range covers its quotes; [`SpanNode::str_value`]
    /// decodes it).
    Str,
    /// A number, boolean, character, unit or bare identifier.
    Atom,
    /// A list item not yet read (see [`parse_lazy`]): read the first time a path leads
    /// into it or a search looks inside it. `None` inside when it could not be read.
    Lazy(Box<OnceLock<Option<SpanNode>>>),
}

/// Why the tree could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpanError {
    /// Values nest deeper than the limit; the offset is where the limit was crossed.
    TooDeep {
        /// Byte offset of the value that crossed the limit.
        offset: usize,
    },
    /// Anything else: `ron` will report it properly.
    Syntax,
}

/// Reads `src` into a tree, refusing nesting deeper than `max_depth`.
pub fn parse(src: &str, max_depth: usize) -> Result<SpanNode, SpanError> {
    parse_with(src, max_depth, usize::MAX)
}

/// [`parse`], with list items at depth `lazy_from` stepped over (see [`parse_lazy`]).
fn parse_with(src: &str, max_depth: usize, lazy_from: usize) -> Result<SpanNode, SpanError> {
    let mut r = Reader {
        src: src.as_bytes(),
        text: src,
        pos: 0,
        max_depth,
        lazy_from,
    };
    r.skip_trivia()?;
    // Inner attributes such as `#![enable(implicit_some)]`.
    while r.peek() == Some(b'#') {
        while let Some(c) = r.peek() {
            r.pos += 1;
            if c == b']' {
                break;
            }
        }
        r.skip_trivia()?;
    }
    let node = r.value(0)?;
    Ok(node)
}

/// [`parse`], except that the items of the lists in the top-level fields (each checkpoint,
/// flag, node…) are only stepped over, their extent and depth checked: each is read the
/// first time something looks inside it ([`SpanValue::Lazy`]). Locating a few problems in
/// a large file then reads the few items they are in, not the whole file into a tree.
pub fn parse_lazy(src: &str, max_depth: usize) -> Result<SpanNode, SpanError> {
    parse_with(src, max_depth, LAZY_ITEMS)
}

/// The depth of the items [`parse_lazy`] leaves for later: the root is 0, its fields' lists
/// 1, their items 2.
const LAZY_ITEMS: usize = 2;

/// Whether brackets in `src` may nest more than `max_depth` deep: a quick scan that skips
/// strings, characters and comments, and allocates nothing. `false` means [`parse`] cannot
/// report [`SpanError::TooDeep`]; `true` means it may (the scan counts every bracket, so it
/// errs on the side of `true`), and only then is the full tree worth building for the limit.
pub fn may_exceed_depth(src: &str, max_depth: usize) -> bool {
    let mut depth = 0usize;
    let mut deep = false;
    structure(src, |_, b| {
        match b {
            b'(' | b'[' | b'{' => {
                depth += 1;
                deep = depth > max_depth;
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        !deep
    });
    deep
}

/// Where the list in the top-level field `field` (`nodes: [ … ]`) can be cut in two: the
/// offset of the comma between two of its items nearest the list's middle, and the offset of
/// the list's closing `]`. `None` when the text has no such list, or one of fewer than two
/// items, or anything this quick scan does not follow (a comment between the name and its
/// colon, attributes): the file is then parsed whole.
pub fn list_cut(src: &str, field: &str) -> Option<(usize, usize)> {
    scan_shape(src, usize::MAX, field).1
}

/// [`may_exceed_depth`] and [`list_cut`] in one scan of the text (a large file is scanned
/// once instead of twice before it is parsed). No cut is looked for once the text may be too
/// deep.
pub fn scan_shape(src: &str, max_depth: usize, field: &str) -> (bool, Option<(usize, usize)>) {
    let mut depth = 0usize;
    let mut deep = false;
    let mut open = None;
    let mut commas: Vec<usize> = Vec::new();
    let mut close = None;
    structure(src, |i, c| {
        match c {
            b'(' | b'[' | b'{' => {
                if depth == 1 && c == b'[' && open.is_none() {
                    let before = src[..i].trim_end();
                    if let Some(name_end) = before.strip_suffix(':').map(str::trim_end)
                        && name_end.ends_with(field)
                        && !name_end[..name_end.len() - field.len()]
                            .bytes()
                            .next_back()
                            .is_some_and(|p| p.is_ascii_alphanumeric() || p == b'_' || p == b'#')
                    {
                        open = Some(i);
                    }
                }
                depth += 1;
                deep = depth > max_depth;
            }
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 1 && open.is_some() && close.is_none() && c == b']' {
                    close = Some(i);
                }
            }
            b',' if depth == 2 && open.is_some() && close.is_none() => commas.push(i),
            _ => {}
        }
        !deep
    });
    if deep {
        return (true, None);
    }
    let (Some(open), Some(close)) = (open, close) else {
        return (false, None);
    };
    // A comma with nothing after it but the `]` ends the list; it cuts nothing.
    let middle = open + (close - open) / 2;
    let cut = commas
        .into_iter()
        .filter(|&c| !src[c + 1..close].trim().is_empty() && !src[open + 1..c].trim().is_empty())
        .min_by_key(|&c| c.abs_diff(middle))
        .map(|c| (c, close));
    (false, cut)
}

/// Calls `f` with the offset of every bracket, comma and colon of `src` outside strings,
/// characters and comments, in order, until `f` returns `false`.
fn structure(src: &str, mut f: impl FnMut(usize, u8) -> bool) {
    let b = src.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            c @ (b'(' | b'[' | b'{' | b')' | b']' | b'}' | b',' | b':') => {
                if !f(i, c) {
                    return;
                }
                i += 1;
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'\'' => {
                i += 1;
                while i < b.len() && b[i] != b'\'' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'r' if matches!(b.get(i + 1), Some(b'"' | b'#'))
                && !(i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')) =>
            {
                let mut j = i + 1;
                while b.get(j) == Some(&b'#') {
                    j += 1;
                }
                if b.get(j) != Some(&b'"') {
                    // A raw identifier (`r#name`).
                    i = j;
                    continue;
                }
                let hashes = j - i - 1;
                j += 1;
                loop {
                    match b.get(j) {
                        None => return,
                        Some(b'"')
                            if b[j + 1..]
                                .iter()
                                .take(hashes)
                                .filter(|&&c| c == b'#')
                                .count()
                                == hashes =>
                        {
                            i = j + 1 + hashes;
                            break;
                        }
                        _ => j += 1,
                    }
                }
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                let mut nest = 1usize;
                while nest > 0 && i < b.len() {
                    match (b[i], b.get(i + 1)) {
                        (b'*', Some(b'/')) => {
                            nest -= 1;
                            i += 2;
                        }
                        (b'/', Some(b'*')) => {
                            nest += 1;
                            i += 2;
                        }
                        _ => i += 1,
                    }
                }
            }
            _ => i += 1,
        }
    }
}

struct Reader<'a> {
    src: &'a [u8],
    text: &'a str,
    pos: usize,
    max_depth: usize,
    /// List items at this depth are stepped over, not read (see [`parse_lazy`]).
    lazy_from: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn skip_trivia(&mut self) -> Result<(), SpanError> {
        loop {
            match self.peek() {
                Some(c) if c.is_ascii_whitespace() => self.pos += 1,
                Some(b'/') if self.src.get(self.pos + 1) == Some(&b'/') => {
                    while let Some(c) = self.peek() {
                        if c == b'\n' {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                Some(b'/') if self.src.get(self.pos + 1) == Some(&b'*') => {
                    self.pos += 2;
                    let mut depth = 1usize;
                    while depth > 0 {
                        match (self.peek(), self.src.get(self.pos + 1)) {
                            (None, _) => return Err(SpanError::Syntax),
                            (Some(b'*'), Some(b'/')) => {
                                depth -= 1;
                                self.pos += 2;
                            }
                            (Some(b'/'), Some(b'*')) => {
                                depth += 1;
                                self.pos += 2;
                            }
                            _ => self.pos += 1,
                        }
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    fn ident(&mut self) -> Option<&str> {
        let start = self.pos;
        if self.peek() == Some(b'r') && self.src.get(self.pos + 1) == Some(&b'#') {
            self.pos += 2;
        }
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 {
                self.pos += 1;
            } else {
                break;
            }
        }
        (self.pos > start).then(|| &self.text[start..self.pos])
    }

    fn value(&mut self, depth: usize) -> Result<SpanNode, SpanError> {
        let start = self.pos;
        if depth > self.max_depth {
            return Err(SpanError::TooDeep { offset: start });
        }
        let value = match self.peek().ok_or(SpanError::Syntax)? {
            b'"' => {
                self.string()?;
                SpanValue::Str
            }
            b'r' if matches!(self.src.get(self.pos + 1), Some(b'"') | Some(b'#'))
                && self.raw_string_ahead() =>
            {
                self.raw_string()?;
                SpanValue::Str
            }
            b'\'' => {
                self.char_literal();
                SpanValue::Atom
            }
            b'[' => {
                self.pos += 1;
                SpanValue::Seq(self.items(b']', depth)?)
            }
            b'{' => {
                self.pos += 1;
                SpanValue::Map(self.map(depth)?)
            }
            b'(' => {
                self.pos += 1;
                self.parens(depth)?
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                self.ident();
                self.skip_trivia()?;
                if self.peek() == Some(b'(') {
                    self.pos += 1;
                    self.parens(depth)?
                } else {
                    SpanValue::Atom
                }
            }
            c if c.is_ascii_digit() || c == b'-' || c == b'+' || c == b'.' => {
                while let Some(c) = self.peek() {
                    if c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-' | b'+') {
                        self.pos += 1;
                    } else {
                        break;
                    }
                }
                SpanValue::Atom
            }
            _ => return Err(SpanError::Syntax),
        };
        Ok(SpanNode {
            start,
            end: self.pos,
            value,
            is_some_wrapper: self.text[start..].starts_with("Some"),
        })
    }

    /// Steps over the value at `pos` (at `depth`) without reading it into a tree: to the
    /// comma or closing bracket after it, outside strings, characters and comments, with the
    /// nesting limit checked on the way. Gives a [`SpanValue::Lazy`] node.
    fn step_over(&mut self, depth: usize) -> Result<SpanNode, SpanError> {
        let start = self.pos;
        let mut end = start;
        let mut nest = 0usize;
        loop {
            let Some(c) = self.peek() else {
                return Err(SpanError::Syntax);
            };
            match c {
                b'(' | b'[' | b'{' => {
                    if depth + nest > self.max_depth {
                        return Err(SpanError::TooDeep { offset: self.pos });
                    }
                    nest += 1;
                    self.pos += 1;
                }
                b')' | b']' | b'}' | b',' if nest == 0 => break,
                b')' | b']' | b'}' => {
                    nest -= 1;
                    self.pos += 1;
                }
                b'"' => self.string()?,
                b'r' if matches!(self.src.get(self.pos + 1), Some(b'"') | Some(b'#'))
                    && self.raw_string_ahead()
                    && !(self.pos > 0
                        && (self.src[self.pos - 1].is_ascii_alphanumeric()
                            || self.src[self.pos - 1] == b'_')) =>
                {
                    self.raw_string()?
                }
                b'\'' => self.char_literal(),
                b'/' if matches!(self.src.get(self.pos + 1), Some(b'/') | Some(b'*')) => {
                    self.skip_trivia()?;
                    continue;
                }
                c if c.is_ascii_whitespace() => {
                    self.pos += 1;
                    continue;
                }
                _ => self.pos += 1,
            }
            end = self.pos;
        }
        if end == start {
            return Err(SpanError::Syntax);
        }
        Ok(SpanNode {
            start,
            end,
            value: SpanValue::Lazy(Box::default()),
            is_some_wrapper: self.text[start..].starts_with("Some"),
        })
    }

    /// Steps over a character literal (opening `'` at `pos`).
    fn char_literal(&mut self) {
        self.pos += 1;
        while let Some(c) = self.peek() {
            self.pos += 1;
            if c == b'\\' {
                self.pos += 1;
            } else if c == b'\'' {
                break;
            }
        }
    }

    fn raw_string_ahead(&self) -> bool {
        let mut i = self.pos + 1;
        while self.src.get(i) == Some(&b'#') {
            i += 1;
        }
        self.src.get(i) == Some(&b'"')
    }

    /// Steps over a string literal (opening quote at `pos`). Only `"` and `\\` matter:
    /// neither occurs inside a multi-byte UTF-8 character, so bytes can be skipped.
    fn string(&mut self) -> Result<(), SpanError> {
        self.pos += 1;
        loop {
            match self.peek().ok_or(SpanError::Syntax)? {
                b'"' => {
                    self.pos += 1;
                    return Ok(());
                }
                b'\\' => self.pos += 2,
                _ => self.pos += 1,
            }
        }
    }

    /// Steps over a raw string literal (`r` at `pos`).
    fn raw_string(&mut self) -> Result<(), SpanError> {
        let (_, end) = raw_body(self.text, self.pos).ok_or(SpanError::Syntax)?;
        self.pos = end;
        Ok(())
    }

    fn items(&mut self, close: u8, depth: usize) -> Result<Vec<SpanNode>, SpanError> {
        let mut items = Vec::new();
        loop {
            self.skip_trivia()?;
            if self.peek() == Some(close) {
                self.pos += 1;
                return Ok(items);
            }
            items.push(if depth + 1 == self.lazy_from {
                self.step_over(depth + 1)?
            } else {
                self.value(depth + 1)?
            });
            self.skip_trivia()?;
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(c) if c == close => {}
                _ => return Err(SpanError::Syntax),
            }
        }
    }

    fn map(&mut self, depth: usize) -> Result<Vec<(SpanNode, SpanNode)>, SpanError> {
        let mut entries = Vec::new();
        loop {
            self.skip_trivia()?;
            if self.peek() == Some(b'}') {
                self.pos += 1;
                return Ok(entries);
            }
            let key = self.value(depth + 1)?;
            self.skip_trivia()?;
            if self.peek() != Some(b':') {
                return Err(SpanError::Syntax);
            }
            self.pos += 1;
            self.skip_trivia()?;
            let value = self.value(depth + 1)?;
            entries.push((key, value));
            self.skip_trivia()?;
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {}
                _ => return Err(SpanError::Syntax),
            }
        }
    }

    /// After an opening parenthesis: named fields or positional items.
    fn parens(&mut self, depth: usize) -> Result<SpanValue, SpanError> {
        self.skip_trivia()?;
        let save = self.pos;
        let is_struct = match self.ident() {
            Some(_) => {
                self.skip_trivia()?;
                self.peek() == Some(b':') && self.src.get(self.pos + 1) != Some(&b':')
            }
            None => false,
        };
        self.pos = save;
        if !is_struct {
            return Ok(SpanValue::Seq(self.items(b')', depth)?));
        }
        let mut fields = Vec::new();
        loop {
            self.skip_trivia()?;
            if self.peek() == Some(b')') {
                self.pos += 1;
                return Ok(SpanValue::Struct(fields));
            }
            let name_start = self.pos;
            let name = self.ident().ok_or(SpanError::Syntax)?;
            let skip = if name.starts_with("r#") { 2 } else { 0 };
            let name = NameSpan {
                start: name_start + skip,
                end: self.pos,
            };
            self.skip_trivia()?;
            if self.peek() != Some(b':') {
                return Err(SpanError::Syntax);
            }
            self.pos += 1;
            self.skip_trivia()?;
            let value = self.value(depth + 1)?;
            fields.push((name, value));
            self.skip_trivia()?;
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b')') => {}
                _ => return Err(SpanError::Syntax),
            }
        }
    }
}

impl SpanNode {
    /// Follows `path` as far as it goes and returns the deepest node reached. `text` is
    /// the source the tree was built from.
    pub fn resolve(&self, text: &str, path: &Path) -> &SpanNode {
        let mut node = self.read(text);
        for step in &path.0 {
            let next = match (step, &node.value) {
                (Step::Field(name), SpanValue::Struct(fields)) => fields
                    .iter()
                    .find(|(n, _)| n.of(text) == *name)
                    .map(|(_, v)| v.read(text).unwrap_some()),
                (Step::Index(i), SpanValue::Seq(items)) => {
                    items.get(*i).map(|v| v.read(text).unwrap_some())
                }
                _ => None,
            };
            match next {
                Some(n) => node = n,
                None => break,
            }
        }
        node
    }

    /// This node, or for an item not yet read ([`SpanValue::Lazy`]) the item read from
    /// `text` (itself if it cannot be read).
    fn read(&self, text: &str) -> &SpanNode {
        let SpanValue::Lazy(cell) = &self.value else {
            return self;
        };
        cell.get_or_init(|| {
            // Its nesting was checked when it was stepped over.
            let mut r = Reader {
                src: text.as_bytes(),
                text,
                pos: self.start,
                max_depth: usize::MAX,
                lazy_from: usize::MAX,
            };
            r.value(0).ok()
        })
        .as_ref()
        .unwrap_or(self)
    }

    /// Looks through an explicit `Some(…)` wrapper, which authors may write but need not.
    fn unwrap_some(&self) -> &SpanNode {
        match &self.value {
            SpanValue::Seq(items) if items.len() == 1 && self.is_some_wrapper => &items[0],
            _ => self,
        }
    }

    /// The decoded value of a string literal node (`None` for any other value).
    pub fn str_value<'t>(&self, text: &'t str) -> Option<Cow<'t, str>> {
        if !matches!(self.value, SpanValue::Str) {
            return None;
        }
        let lit = text.get(self.start..self.end)?;
        if lit.starts_with('r') {
            let (body, _) = raw_body(text, self.start)?;
            return Some(Cow::Borrowed(body));
        }
        let inner = lit.strip_prefix('"')?.strip_suffix('"')?;
        if !inner.contains('\\') {
            return Some(Cow::Borrowed(inner));
        }
        Some(Cow::Owned(unescape(inner)))
    }

    /// The innermost record (`Name(field: …)`) whose text contains byte `offset`, with the
    /// value of its `id` field when it has one. `text` is the source the tree was built from.
    pub fn innermost_struct_at<'t>(
        &self,
        text: &'t str,
        offset: usize,
    ) -> Option<(&SpanNode, Option<Cow<'t, str>>)> {
        if offset < self.start || offset >= self.end {
            return None;
        }
        let node = self.read(text);
        let inner = match &node.value {
            SpanValue::Struct(fields) => fields
                .iter()
                .find_map(|(_, v)| v.innermost_struct_at(text, offset)),
            SpanValue::Seq(items) => items
                .iter()
                .find_map(|v| v.innermost_struct_at(text, offset)),
            SpanValue::Map(entries) => entries.iter().find_map(|(k, v)| {
                k.innermost_struct_at(text, offset)
                    .or_else(|| v.innermost_struct_at(text, offset))
            }),
            _ => None,
        };
        inner.or_else(|| match &node.value {
            SpanValue::Struct(fields) => {
                let id = fields
                    .iter()
                    .find(|(n, _)| n.of(text) == "id")
                    .and_then(|(_, v)| v.str_value(text));
                Some((node, id))
            }
            _ => None,
        })
    }

    /// The first string literal in this subtree equal to `needle`. `text` is the source the
    /// tree was built from.
    pub fn find_str(&self, text: &str, needle: &str) -> Option<&SpanNode> {
        let node = self.read(text);
        match &node.value {
            SpanValue::Str => (node.str_value(text).as_deref() == Some(needle)).then_some(node),
            SpanValue::Atom | SpanValue::Lazy(_) => None,
            SpanValue::Struct(fields) => fields.iter().find_map(|(_, v)| v.find_str(text, needle)),
            SpanValue::Seq(items) => items.iter().find_map(|v| v.find_str(text, needle)),
            SpanValue::Map(entries) => entries.iter().find_map(|(k, v)| {
                k.find_str(text, needle)
                    .or_else(|| v.find_str(text, needle))
            }),
        }
    }
}

/// The body of the raw string literal whose `r` is at byte `at`, and the offset just past
/// its closing quote and hashes.
fn raw_body(text: &str, at: usize) -> Option<(&str, usize)> {
    let b = text.as_bytes();
    let mut i = at + 1;
    let mut hashes = 0;
    while b.get(i) == Some(&b'#') {
        hashes += 1;
        i += 1;
    }
    if b.get(i) != Some(&b'"') {
        return None;
    }
    let body_start = i + 1;
    let mut j = body_start;
    loop {
        let q = j + text.get(j..)?.find('"')?;
        if b[q + 1..]
            .iter()
            .take(hashes)
            .filter(|&&c| c == b'#')
            .count()
            == hashes
        {
            return Some((text.get(body_start..q)?, q + 1 + hashes));
        }
        j = q + 1;
    }
}

/// Decodes the escapes of a (non-raw) string literal's body.
fn unescape(inner: &str) -> String {
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('0') => out.push('\0'),
            Some('u') => {
                // `\u{…}`.
                let mut hex = String::new();
                for c in chars.by_ref() {
                    match c {
                        '{' => {}
                        '}' => break,
                        c => hex.push(c),
                    }
                }
                if let Some(c) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    out.push(c);
                }
            }
            Some('\n') => {
                // A line continuation: the line break and the indentation after it go.
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// Converts byte offsets to 1-based line and column (columns count characters).
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `src`.
    pub fn new(src: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        Self { line_starts }
    }

    /// The byte offset of a 1-based line and column (columns in characters).
    pub fn offset(&self, src: &str, line: usize, col: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return src.len();
        };
        src[start..]
            .char_indices()
            .nth(col.saturating_sub(1))
            .map(|(i, _)| start + i)
            .unwrap_or(src.len())
    }

    /// The 1-based line and column of byte `offset` in `src`.
    pub fn line_col(&self, src: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(src.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let col = src
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(offset - start);
        (line + 1, col + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_top_level_list_is_cut_between_two_items_near_its_middle() {
        // Commas in strings, comments, raw strings and nested values are not the list's; a
        // `nodes` inside a node is not the top-level field.
        let src = "Scenario(\n  id: \"x\", // nodes: [\n  nodes: [\n    (id: \"a, b\", nodes: [1, 2]),\n    /* , */ (id: r#\"c\"#),\n    (id: \"d\"),\n    (id: \"e\"),\n  ],\n  start: \"a\",\n)";
        let (cut, close) = list_cut(src, "nodes").expect("a list of four items");
        assert_eq!(&src[cut..=cut], ",");
        assert_eq!(&src[close..=close], "]");
        // The first item is the longest: the comma after it is the one nearest the middle.
        assert!(src[..cut].ends_with("nodes: [1, 2])"), "{}", &src[..cut]);
        assert!(src[cut + 1..].trim_start().starts_with("/* , */ (id: r#"));
        assert!(src[close + 1..].starts_with(",\n  start"));
    }

    #[test]
    fn a_list_of_one_item_or_none_is_not_cut() {
        assert_eq!(list_cut("(nodes: [(id: \"a\"),])", "nodes"), None);
        assert_eq!(list_cut("(nodes: [])", "nodes"), None);
        assert_eq!(list_cut("(other_nodes: [1, 2, 3])", "nodes"), None);
        assert_eq!(list_cut("(title: \"nodes: [1, 2]\")", "nodes"), None);
    }

    #[test]
    fn a_lazy_tree_locates_every_value_as_the_whole_tree_does() {
        // Items with every kind of awkward text: brackets and commas in strings, comments,
        // raw strings, characters, an explicit `Some(…)`.
        let mut src = String::from("Scenario(\n  id: \"x\",\n  nodes: [\n");
        for i in 0..40 {
            src.push_str(&format!(
                "    Node(id: \"n{i}\", text: \"a ) ] , \\\" {i}\", // ) ],\n      note: r#\"] \"q\" )\"#, c: '(', \
                 /* ( */ choices: [Choice(goto: \"n{}\", when: Some(Has(\"f{i}\")))]),\n",
                i + 1
            ));
        }
        src.push_str("  ],\n  flags: [Flag(id: \"f0\"), Flag(id: \"f1\")],\n)");
        let whole = parse(&src, 32).unwrap();
        let lazy = parse_lazy(&src, 32).unwrap();
        let mut paths = vec![Path::root().field("flags").index(1).field("id")];
        for i in (0..40).rev() {
            let node = Path::root().field("nodes").index(i);
            let choice = node.field("choices").index(0);
            paths.extend([
                node.clone(),
                node.field("id"),
                node.field("note"),
                node.field("c"),
                choice.field("goto"),
                choice.field("when"),
                choice.field("when").index(0),
                // Past the end of what is there: as far as it goes.
                node.field("missing"),
                Path::root().field("nodes").index(99),
            ]);
        }
        for path in &paths {
            let (a, b) = (whole.resolve(&src, path), lazy.resolve(&src, path));
            assert_eq!((a.start, a.end), (b.start, b.end), "{path}");
        }
        for needle in ["n7", "f39", "] \"q\" )"] {
            let (a, b) = (whole.find_str(&src, needle), lazy.find_str(&src, needle));
            assert_eq!(a.map(|n| n.start), b.map(|n| n.start), "{needle}");
        }
        let at = src.find("f21").unwrap();
        let (a, b) = (
            whole.innermost_struct_at(&src, at).unwrap(),
            lazy.innermost_struct_at(&src, at).unwrap(),
        );
        assert_eq!((a.0.start, a.1), (b.0.start, b.1));
        // Only the items looked into were read.
        let SpanValue::Struct(fields) = &lazy.value else {
            panic!("the root is read");
        };
        let nodes = fields.iter().find(|(n, _)| n.of(&src) == "nodes").unwrap();
        let SpanValue::Seq(items) = &nodes.1.value else {
            panic!("the list is read");
        };
        assert!(matches!(items[0].value, SpanValue::Lazy(_)));
    }

    #[test]
    fn a_lazy_tree_still_refuses_nesting_past_the_limit_and_broken_items() {
        let deep = format!("(nodes: [{}1{}])", "[".repeat(40), "]".repeat(40));
        assert!(matches!(
            parse_lazy(&deep, 32),
            Err(SpanError::TooDeep { .. })
        ));
        assert!(parse_lazy(&deep, 64).is_ok());
        assert_eq!(
            parse_lazy("(nodes: [(id: \"a), (id: \"b\")])", 32).err(),
            Some(SpanError::Syntax)
        );
    }

    #[test]
    fn resolves_nested_paths_to_their_line_and_column() {
        let src =
            "Scenario(\n  nodes: [\n    (id: \"a\", choices: [Choice(goto: \"b\")]),\n  ],\n)";
        let tree = parse(src, 32).unwrap();
        let path = Path::root()
            .field("nodes")
            .index(0)
            .field("choices")
            .index(0)
            .field("goto");
        let node = tree.resolve(src, &path);
        assert_eq!(LineIndex::new(src).line_col(src, node.start), (3, 38));
    }

    #[test]
    fn strings_are_read_back_from_the_text_with_their_escapes() {
        let src = "(a: \"plain\", b: \"say \\\"hi\\\"\\n\\u{e9}\", c: r#\"raw \"q\" \"#, r#type: (id: \"x\\\"y\"))";
        let tree = parse(src, 8).unwrap();
        let at = |f: &'static str| tree.resolve(src, &Path::root().field(f));
        assert_eq!(at("a").str_value(src).as_deref(), Some("plain"));
        assert_eq!(
            at("b").str_value(src).as_deref(),
            Some("say \"hi\"\n\u{e9}")
        );
        assert_eq!(at("c").str_value(src).as_deref(), Some("raw \"q\" "));
        // A raw identifier is found by its name without `r#`.
        let inner = at("type");
        assert!(matches!(inner.value, SpanValue::Struct(_)));
        // An escaped needle is found where it is, and the record around it is named by its id.
        let found = tree.find_str(src, "x\"y").unwrap();
        assert_eq!(&src[found.start..found.start + 1], "\"");
        let (record, id) = tree.innermost_struct_at(src, found.start).unwrap();
        assert_eq!(record.start, inner.start);
        assert_eq!(id.as_deref(), Some("x\"y"));
        assert!(tree.find_str(src, "absent").is_none());
        assert_eq!(at("a").str_value(src).as_deref(), Some("plain"));
        assert!(tree.str_value(src).is_none());
    }

    #[test]
    fn the_quick_depth_scan_agrees_with_the_reader() {
        let deep = format!("{}{}", "[".repeat(42), "]".repeat(42));
        assert!(may_exceed_depth(&deep, 40));
        assert!(matches!(parse(&deep, 40), Err(SpanError::TooDeep { .. })));
        // Brackets inside strings, raw strings, characters and comments do not count.
        let hidden = format!(
            "(a: \"{o}\", b: r#\"{o}\"#, c: '(', // {o}\n /* {o} /* {o} */ */ d: [[1]])",
            o = "(".repeat(50)
        );
        assert!(!may_exceed_depth(&hidden, 3));
        assert!(parse(&hidden, 3).is_ok());
        assert!(may_exceed_depth(&hidden, 2));
        assert!(matches!(parse(&hidden, 2), Err(SpanError::TooDeep { .. })));
        // A raw identifier is not a raw string.
        assert!(may_exceed_depth("(r#type: [[[1]]])", 3));
        // The scan of a large file finds the same, and a cut only when not too deep.
        for (src, depth) in [(deep.as_str(), 40), (&hidden, 3), (&hidden, 2)] {
            assert_eq!(
                scan_shape(src, depth, "nodes").0,
                may_exceed_depth(src, depth)
            );
        }
        let list = "(id: \"x\", nodes: [(a: [[1]]), (b: 2), (c: 3)])";
        // Five deep: `(`, `[`, `(`, `[`, `[`.
        assert_eq!(
            scan_shape(list, 5, "nodes"),
            (false, list_cut(list, "nodes"))
        );
        assert!(list_cut(list, "nodes").is_some());
        assert_eq!(scan_shape(list, 4, "nodes"), (true, None));
    }

    #[test]
    fn refuses_deep_nesting_and_says_where() {
        let src = format!("{}{}", "[".repeat(50), "]".repeat(50));
        assert_eq!(
            parse(&src, 40).unwrap_err(),
            SpanError::TooDeep { offset: 41 }
        );
    }
}
