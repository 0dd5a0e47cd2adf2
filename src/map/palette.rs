//! The map's colours, shared by the app and the SVG so a printed map looks like the screen.
//!
//! The rating colours are the band colours of the app and the committee report (green,
//! amber, red); the four P colours are dark enough to carry white text (contrast above 4.5:1).

use crate::scenario::{Pillar, Rating};

/// A colour as red, green and blue bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// The colour as `#rrggbb`, for SVG and CSS.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// Body text on cards.
pub const INK: Rgb = Rgb(0x1c, 0x1c, 0x1c);
/// Secondary text (ids, ranges).
pub const MUTED: Rgb = Rgb(0x55, 0x55, 0x55);
/// The map's background.
pub const BACKGROUND: Rgb = Rgb(0xf6, 0xf5, 0xf1);
/// A decision card's fill.
pub const CARD: Rgb = Rgb(0xff, 0xff, 0xff);
/// A decision card's border.
pub const CARD_BORDER: Rgb = Rgb(0x6b, 0x6b, 0x6b);
/// Edges.
pub const EDGE: Rgb = Rgb(0x5e, 0x5e, 0x5e);
/// The best choice's edge and star.
pub const BEST: Rgb = Rgb(0x1b, 0x7a, 0x3a);
/// Outline of a node that has a problem, and of edges that go nowhere or backwards.
pub const ERROR: Rgb = Rgb(0xc4, 0x16, 0x1c);
/// Content lints (the answer gives itself away, an ending against the score).
pub const LINT: Rgb = Rgb(0x8a, 0x4b, 0x00);

/// The colour of a P (badges and the legend).
pub fn pillar(p: Pillar) -> Rgb {
    match p {
        Pillar::Pursue => Rgb(0x1f, 0x4e, 0x9c),
        Pillar::Prevent => Rgb(0x6b, 0x3f, 0xa0),
        Pillar::Protect => Rgb(0x00, 0x69, 0x5c),
        Pillar::Prepare => Rgb(0x8d, 0x4e, 0x00),
    }
}

/// The border (and heading) colour of an ending by its rating.
pub fn rating(r: Rating) -> Rgb {
    match r {
        Rating::Good => Rgb(0x1b, 0x7a, 0x3a),
        Rating::Mixed => Rgb(0xa8, 0x5d, 0x00),
        Rating::Poor => Rgb(0xb3, 0x26, 0x1e),
    }
}

/// The pale fill of an ending by its rating.
pub fn rating_fill(r: Rating) -> Rgb {
    match r {
        Rating::Good => Rgb(0xe2, 0xf2, 0xe6),
        Rating::Mixed => Rgb(0xfb, 0xee, 0xda),
        Rating::Poor => Rgb(0xf9, 0xe1, 0xdf),
    }
}
