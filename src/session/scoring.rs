//! Resilience scoring, exactly as PRODUCT.md defines it: checkpoint outcomes (the last
//! recorded stands; untouched is *not tested* unless required), per-P scores, the index and
//! its band — and for every checkpoint, which decision set its outcome.

use crate::scenario::{Band, Checkpoint, CheckpointId, Outcome, Pillar};
use std::collections::BTreeMap;

/// A checkpoint's status at the end of a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Met by a decision.
    Met,
    /// Partly met by a decision.
    PartlyMet,
    /// Missed by a decision.
    Missed,
    /// Required, and the path never reached it: counts as missed.
    NotReached,
    /// Never touched and not required: left out of the score.
    NotTested,
}

impl Status {
    /// The words shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Status::Met => "Met",
            Status::PartlyMet => "Partly met",
            Status::Missed => "Missed",
            Status::NotReached => "Missed (never considered)",
            Status::NotTested => "Not tested",
        }
    }

    /// Whether the debrief and reports show the checkpoint's lesson ("what could have been put
    /// in place"): when it was missed, partly met, or required and never considered.
    pub fn shows_lesson(self) -> bool {
        matches!(
            self,
            Status::Missed | Status::NotReached | Status::PartlyMet
        )
    }

    /// Credit earned, or `None` when the checkpoint does not count.
    pub fn credit(self) -> Option<f64> {
        match self {
            Status::Met => Some(1.0),
            Status::PartlyMet => Some(0.5),
            Status::Missed | Status::NotReached => Some(0.0),
            Status::NotTested => None,
        }
    }
}

/// One checkpoint in a score.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckpointScore {
    /// The checkpoint as it was when the session started.
    pub checkpoint: Checkpoint,
    /// Its status.
    pub status: Status,
    /// The decision (position in the path, from 0) that set the outcome.
    pub decided_by: Option<usize>,
}

/// A session's (or a table's) score.
#[derive(Clone, Debug, PartialEq)]
pub struct Score {
    /// Resilience index 0–100, or `None` when nothing was tested.
    pub index: Option<f64>,
    /// Each P's score 0–100 in [`Pillar::ALL`] order, `None` when not tested.
    pub pillars: [Option<f64>; 4],
    /// Every checkpoint, in the scenario's order.
    pub checkpoints: Vec<CheckpointScore>,
}

impl Score {
    /// The band of the index.
    pub fn band(&self) -> Option<Band> {
        self.index.map(Band::of)
    }

    /// The score of one P.
    pub fn pillar(&self, p: Pillar) -> Option<f64> {
        self.pillars[p.index()]
    }
}

/// A score (0–100) as shown to people: a whole number, or "not tested" when there is none.
pub fn score_text(v: Option<f64>) -> String {
    v.map(|x| format!("{x:.0}"))
        .unwrap_or_else(|| "not tested".into())
}

/// An outcome recorded on the path, with the decision that recorded it.
pub type Recorded = BTreeMap<CheckpointId, (Outcome, Option<usize>)>;

/// Scores a path's recorded outcomes against the scenario's checkpoints.
pub fn score(checkpoints: &[Checkpoint], recorded: &Recorded) -> Score {
    let mut credit = [0.0f64; 5];
    let mut total = [0.0f64; 5];
    let mut list = Vec::with_capacity(checkpoints.len());
    for c in checkpoints {
        let (status, decided_by) = match recorded.get(&c.id) {
            Some((Outcome::Met, by)) => (Status::Met, *by),
            Some((Outcome::PartlyMet, by)) => (Status::PartlyMet, *by),
            Some((Outcome::Missed, by)) => (Status::Missed, *by),
            None if c.required => (Status::NotReached, None),
            None => (Status::NotTested, None),
        };
        if let Some(cr) = status.credit() {
            for slot in [c.p.index(), 4] {
                credit[slot] += c.weight * cr;
                total[slot] += c.weight;
            }
        }
        list.push(CheckpointScore {
            checkpoint: c.clone(),
            status,
            decided_by,
        });
    }
    let ratio = |i: usize| (total[i] > 0.0).then(|| credit[i] / total[i] * 100.0);
    Score {
        index: ratio(4),
        pillars: [ratio(0), ratio(1), ratio(2), ratio(3)],
        checkpoints: list,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cp(id: &str, p: Pillar, weight: f64, required: bool) -> Checkpoint {
        Checkpoint {
            id: id.into(),
            p,
            title: id.into(),
            weight,
            required,
            lesson: "l".into(),
            references: vec![],
        }
    }

    #[test]
    fn untested_is_left_out_and_required_counts_as_missed() {
        let cps = [
            cp("a", Pillar::Protect, 2.0, false),
            cp("b", Pillar::Protect, 1.0, true),
            cp("c", Pillar::Pursue, 1.0, false),
        ];
        let mut rec = Recorded::new();
        rec.insert("a".into(), (Outcome::PartlyMet, Some(0)));
        let s = score(&cps, &rec);
        // a: 1 of 2, b: 0 of 1 (required, never reached), c: not tested.
        assert!((s.index.unwrap() - 100.0 / 3.0).abs() < 1e-9);
        assert_eq!(s.pillar(Pillar::Pursue), None);
        assert_eq!(s.checkpoints[1].status, Status::NotReached);
        assert_eq!(s.checkpoints[2].status, Status::NotTested);
        assert_eq!(s.band(), Some(Band::Vulnerable));
    }
}
