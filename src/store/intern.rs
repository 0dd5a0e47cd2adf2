//! Shared text for the record summaries ([`super::index::RecordInfo`]).
//!
//! Ten thousand records of a dozen scenarios repeat the same few hundred strings: scenario
//! ids, titles and areas, ending titles, checkpoint titles and lessons, learners' and
//! attendees' names, venues. Held as a `String` each, they were most of the summaries' memory.
//! Held as `Arc<str>` and looked up in an [`Interner`] while the summaries are read or built,
//! every record holds the one copy of each distinct string.
//!
//! Serde cannot hand a deserialiser any context, so the interner in use is a thread-local,
//! set for the duration of [`Interner::scope`]. The deserialisers here ([`text`],
//! [`ending`]) look the string up while it is still borrowed from the file's bytes, so a
//! string seen before costs no allocation at all, not even a transient one (freed transients
//! scatter the heap, and a scattered heap is not handed back to the system). Outside a scope,
//! [`intern`] and the deserialisers make a fresh `Arc<str>` each time: the same values, only
//! not shared.

use crate::scenario::Rating;
use serde::de::{self, Deserializer, Visitor};
use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;

thread_local! {
    /// The set of the interner in scope on this thread, if any.
    static ACTIVE: RefCell<Option<HashSet<Arc<str>>>> = const { RefCell::new(None) };
}

/// A set of shared strings: each distinct string once.
#[derive(Debug, Default)]
pub struct Interner {
    set: HashSet<Arc<str>>,
}

impl Interner {
    /// An empty interner.
    pub fn new() -> Interner {
        Interner::default()
    }

    /// Runs `f` with this interner in use on this thread: every string [`intern`]ed, and every
    /// field read with [`text`] or [`ending`], during `f` comes from (or is added to) it. When
    /// `f` returns (or panics) the interner lets go of the strings no summary holds any more,
    /// so it keeps only what is in use. Scopes nest: an inner scope's interner is used until
    /// it ends.
    pub fn scope<R>(&mut self, f: impl FnOnce() -> R) -> R {
        /// Gives the set back to its interner, and the thread its previous one, however the
        /// scope ends.
        struct Restore<'a> {
            owner: &'a mut Interner,
            previous: Option<HashSet<Arc<str>>>,
        }
        impl Drop for Restore<'_> {
            fn drop(&mut self) {
                let previous = self.previous.take();
                if let Some(set) = ACTIVE.with(|a| a.replace(previous)) {
                    self.owner.set = set;
                }
                self.owner.set.retain(|s| Arc::strong_count(s) > 1);
            }
        }
        let set = std::mem::take(&mut self.set);
        let previous = ACTIVE.with(|a| a.replace(Some(set)));
        let _restore = Restore {
            owner: self,
            previous,
        };
        f()
    }

    /// How many distinct strings it holds.
    pub fn len(&self) -> usize {
        self.set.len()
    }

    /// True when it holds none.
    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }
}

/// The shared copy of `s` from the interner in scope (added to it if new); a fresh copy when
/// no interner is in scope on this thread.
pub fn intern(s: &str) -> Arc<str> {
    ACTIVE.with(|a| match a.borrow_mut().as_mut() {
        Some(set) => match set.get(s) {
            Some(found) => Arc::clone(found),
            None => {
                let new: Arc<str> = Arc::from(s);
                set.insert(Arc::clone(&new));
                new
            }
        },
        None => Arc::from(s),
    })
}

/// The shared empty string (the default of text fields older summaries lack).
pub fn empty() -> Arc<str> {
    intern("")
}

/// Reads a string as its shared copy (`#[serde(deserialize_with = "intern::text")]`).
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Arc<str>, D::Error> {
    d.deserialize_str(TextVisitor)
}

struct TextVisitor;

impl Visitor<'_> for TextVisitor {
    type Value = Arc<str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    // Borrowed and transient strings both arrive here, so nothing is copied before the
    // look-up (an owned `String` would be, by the default `visit_string`; it is dropped).
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Arc<str>, E> {
        Ok(intern(v))
    }
}

/// A string read as its shared copy, for places inside other types (a tuple, an option).
struct Interned(Arc<str>);

impl<'de> de::Deserialize<'de> for Interned {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Interned, D::Error> {
        text(d).map(Interned)
    }
}

/// Reads the ending reached (its rating and title) with the title shared.
pub fn ending<'de, D: Deserializer<'de>>(d: D) -> Result<Option<(Rating, Arc<str>)>, D::Error> {
    let read: Option<(Rating, Interned)> = de::Deserialize::deserialize(d)?;
    Ok(read.map(|(rating, title)| (rating, title.0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scope_shares_equal_strings_and_keeps_only_those_in_use() {
        let mut interner = Interner::new();
        let (a, b, c) =
            interner.scope(|| (intern("Cash buyer"), intern("Cash buyer"), intern("x")));
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(&*c, "x");
        assert_eq!(interner.len(), 2);
        drop(c);
        // A later scope shares with what the summaries still hold; "x" was let go.
        let d = interner.scope(|| intern("Cash buyer"));
        assert!(Arc::ptr_eq(&a, &d));
        assert_eq!(interner.len(), 1);
    }

    #[test]
    fn outside_a_scope_each_copy_is_fresh() {
        let a = intern("Cash buyer");
        let b = intern("Cash buyer");
        assert_eq!(a, b);
        assert!(!Arc::ptr_eq(&a, &b));
    }

    #[test]
    fn scopes_nest_and_the_outer_one_resumes() {
        let mut outer = Interner::new();
        let mut inner = Interner::new();
        let (a, b, c) = outer.scope(|| {
            let a = intern("venue");
            let b = inner.scope(|| intern("venue"));
            (a, b, intern("venue"))
        });
        assert!(!Arc::ptr_eq(&a, &b));
        assert!(Arc::ptr_eq(&a, &c));
        assert_eq!(inner.len(), 1);
        assert_eq!(outer.len(), 1);
    }
}
