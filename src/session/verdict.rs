//! The two measures a debrief shows side by side — the resilience index and the ending's
//! rating — explained in plain words, and, when they disagree, why, from what happened in the
//! session (never from text written per scenario).

use super::replay::Session;
use super::scoring::Status;
use crate::scenario::{Band, Checkpoint, Outcome, Rating};
use crate::session::Mode;

/// What the index measures, and why it disagrees with the ending when it does.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoreNote {
    /// One sentence: what the index measures and what the ending's rating says.
    pub measures: String,
    /// One sentence saying why the two disagree; `None` when they agree (or there is no
    /// ending or no index yet).
    pub why: Option<String>,
}

impl ScoreNote {
    /// Both sentences, as one paragraph.
    pub fn text(&self) -> String {
        match &self.why {
            Some(why) => format!("{} {why}", self.measures),
            None => self.measures.clone(),
        }
    }
}

/// "1 checkpoint", "3 checkpoints".
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// A counter's value as people write it: money with thousands separators ("£4,500",
/// "−£250"), other units after the number ("3 visits").
pub fn amount(unit: &str, value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if value < 0 { "−" } else { "" };
    if unit == "£" {
        format!("{sign}£{grouped}")
    } else if unit.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped} {unit}")
    }
}

/// The band an ending with this rating would sit beside if the two measures agreed.
fn band_of_rating(rating: Rating) -> Band {
    match rating {
        Rating::Good => Band::Resilient,
        Rating::Mixed => Band::Developing,
        Rating::Poor => Band::Vulnerable,
    }
}

/// Higher is better: Vulnerable 0, Developing 1, Resilient 2.
fn rank(band: Band) -> u8 {
    match band {
        Band::Vulnerable => 0,
        Band::Developing => 1,
        Band::Resilient => 2,
    }
}

/// Up to three names joined with "; ", then "and N more".
fn names(list: &[String]) -> String {
    let mut shown = list.iter().take(3).cloned().collect::<Vec<_>>().join("; ");
    if list.len() > 3 {
        shown.push_str(&format!(" and {} more", list.len() - 3));
    }
    shown
}

/// The first sentence of a piece of light Markdown, without its emphasis marks.
fn first_sentence(text: &str) -> String {
    let plain: String = text.chars().filter(|c| *c != '*' && *c != '_').collect();
    let plain = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    match plain.find(". ") {
        Some(end) => plain[..=end].trim_end_matches('.').to_owned(),
        None => plain.trim_end_matches('.').to_owned(),
    }
}

impl Session {
    /// The checkpoints a decision (by its position in the path) set, with the outcome it
    /// recorded for each, in the order the decision's effects name them.
    pub fn set_by(&self, decision: usize) -> Vec<(&Checkpoint, Outcome)> {
        let st = self.state();
        let Some(d) = st.path.get(decision) else {
            return Vec::new();
        };
        d.effects
            .iter()
            .filter_map(|e| e.checkpoint_outcome())
            .filter_map(|(id, o)| {
                st.started
                    .checkpoints
                    .iter()
                    .find(|c| &c.id == id)
                    .map(|c| (c, o))
            })
            .collect()
    }

    /// What the resilience index measures beside what the ending says, and — when the
    /// ending's rating and the index's band disagree — why, computed from this session's
    /// checkpoints and chance events.
    pub fn score_note(&self) -> ScoreNote {
        let st = self.state();
        let score = self.score();
        let room = self.config().mode == Mode::Facilitated;
        let (your, you) = if room {
            ("the room's", "the room")
        } else {
            ("your", "you")
        };
        let total = score.checkpoints.len();
        let counted = score
            .checkpoints
            .iter()
            .filter(|c| c.status.credit().is_some())
            .count();
        let measures = format!(
            "The resilience index weighs the {counted} of {} that {your} decisions tested \
             (met, partly met or missed); the ending's rating says how the story turned out.",
            count(total, "checkpoint", "checkpoints"),
        );
        let why = match (score.band(), &st.current.ending) {
            (Some(band), Some((rating, _))) if band_of_rating(*rating) != band => {
                let worse_ending = rank(band_of_rating(*rating)) < rank(band);
                Some(self.disagreement(worse_ending, band, *rating, you, your))
            }
            _ => None,
        };
        ScoreNote { measures, why }
    }

    /// The sentence for an ending rated below (`worse_ending`) or above the index's band.
    fn disagreement(
        &self,
        worse_ending: bool,
        band: Band,
        rating: Rating,
        you: &str,
        your: &str,
    ) -> String {
        let st = self.state();
        let score = self.score();
        let titles = |wanted: &[Status]| -> Vec<String> {
            score
                .checkpoints
                .iter()
                .filter(|c| wanted.contains(&c.status))
                .map(|c| c.checkpoint.title.clone())
                .collect()
        };
        // Chance events that fell on this path and changed something.
        let chances: Vec<String> = std::iter::once(&st.started.arrival)
            .chain(st.path.iter().map(|d| &d.arrival))
            .flat_map(|a| a.chance.iter())
            .filter(|c| c.happened && !c.effects.is_empty())
            .map(|c| first_sentence(&c.text))
            .collect();
        let mut reasons: Vec<String> = Vec::new();
        if worse_ending {
            let untested = titles(&[Status::NotTested]);
            if !untested.is_empty() {
                reasons.push(format!(
                    "{} never tested on {your} path, so the index leaves {} out ({})",
                    count(untested.len(), "checkpoint was", "checkpoints were"),
                    if untested.len() == 1 { "it" } else { "them" },
                    names(&untested)
                ));
            }
            if let Some(c) = chances.first() {
                reasons.push(format!("a chance event went against {you} (“{c}”)"));
            }
            let weak = titles(&[Status::Missed, Status::NotReached, Status::PartlyMet]);
            if !weak.is_empty() {
                reasons.push(format!(
                    "steps that were missed or half-done ({}) can decide the ending, while the \
                     index weighs them together with everything done well",
                    names(&weak)
                ));
            }
        } else {
            let never = titles(&[Status::NotReached]);
            if !never.is_empty() {
                reasons.push(format!(
                    "{} never considered on {your} path and {} as missed ({})",
                    count(
                        never.len(),
                        "required checkpoint was",
                        "required checkpoints were"
                    ),
                    if never.len() == 1 { "counts" } else { "count" },
                    names(&never)
                ));
            }
            let weak = titles(&[Status::Missed, Status::PartlyMet]);
            if !weak.is_empty() {
                reasons.push(format!(
                    "{} missed or only partly met along the way and the index counts each one, \
                     though the story ended better than those steps suggest ({})",
                    count(weak.len(), "checkpoint was", "checkpoints were"),
                    names(&weak)
                ));
            }
            if let Some(c) = chances.first() {
                reasons.push(format!("a chance event went {your} way (“{c}”)"));
            }
        }
        if reasons.is_empty() {
            reasons.push(
                "the ending turns on a few decisive steps, while the index weighs every \
                 checkpoint tested"
                    .to_owned(),
            );
        }
        format!(
            "The ending is rated {} but the index is in the {} band because {}.",
            rating.label(),
            band.label(),
            reasons.join("; and ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_use_the_singular_for_one() {
        assert_eq!(count(1, "table", "tables"), "1 table");
        assert_eq!(count(0, "table", "tables"), "0 tables");
        assert_eq!(count(3, "table", "tables"), "3 tables");
    }

    #[test]
    fn a_chance_event_is_quoted_by_its_first_sentence_without_markup() {
        assert_eq!(
            first_sentence("The *Echo* runs the story. Readers call in."),
            "The Echo runs the story"
        );
        assert_eq!(first_sentence("Nothing more"), "Nothing more");
    }

    #[test]
    fn money_is_written_with_thousands_separators() {
        assert_eq!(amount("£", 4500), "£4,500");
        assert_eq!(amount("£", 7850), "£7,850");
        assert_eq!(amount("£", 1_250_000), "£1,250,000");
        assert_eq!(amount("£", 950), "£950");
        assert_eq!(amount("£", -250), "−£250");
        assert_eq!(amount("visits", 3), "3 visits");
    }

    #[test]
    fn long_lists_are_cut_at_three_names() {
        let list: Vec<String> = ["a", "b", "c", "d", "e"].map(String::from).to_vec();
        assert_eq!(names(&list), "a; b; c and 2 more");
    }
}
