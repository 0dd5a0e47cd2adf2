//! The programme across evenings and laptops: who has taken part (the roster against
//! attendance at facilitated sessions and finished self-study), the 4P profile over time,
//! the checkpoints missed most often, and every recommendation with its due date and where it
//! stands. Plain Rust, no egui: the programme view, the six-month review report and the
//! command line all read one [`Programme`], computed once per change of records, roster or
//! filter (never per frame).

pub mod roster;

use crate::scenario::{Band, Pillar};
use crate::session::{Date, Mode, Progress};
use crate::store::index::RecordInfo;
use roster::{Person, Role, Roster, name_key};
use std::collections::{BTreeMap, BTreeSet};

/// Which sessions the programme covers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Sessions on or after this date.
    pub from: Option<Date>,
    /// Sessions on or before this date.
    pub to: Option<Date>,
    /// Scenario areas to include; empty means every area.
    pub areas: BTreeSet<String>,
}

impl Filter {
    /// True when a session on `date` in `area` is covered.
    pub fn admits(&self, date: Date, area: &str) -> bool {
        self.from.is_none_or(|f| date >= f)
            && self.to.is_none_or(|t| date <= t)
            && (self.areas.is_empty() || self.areas.contains(area))
    }

    /// The period in words: "1 June 2026 to 30 November 2026", "up to …", "all dates".
    pub fn period(&self) -> String {
        match (self.from, self.to) {
            (Some(f), Some(t)) => format!("{} to {}", f.long(), t.long()),
            (Some(f), None) => format!("from {}", f.long()),
            (None, Some(t)) => format!("up to {}", t.long()),
            (None, None) => "all dates".into(),
        }
    }
}

/// When a session took place: the date the facilitator wrote (when it reads as a date),
/// else the local day it was started.
pub fn session_date(r: &RecordInfo) -> Date {
    Date::parse_lenient(&r.date)
        .or_else(|| Date::of_timestamp(r.started_at))
        .unwrap_or_else(|| Date::new(1970, 1, 1).unwrap_or_else(Date::today))
}

/// One facilitated session in the profile over time.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionRow {
    /// Its record id.
    pub id: String,
    /// When.
    pub date: Date,
    /// Its title.
    pub title: String,
    /// The scenario's title.
    pub scenario: String,
    /// The scenario's area.
    pub area: String,
    /// Resilience index.
    pub index: Option<f64>,
    /// Band of the index.
    pub band: Option<Band>,
    /// Each P, in [`Pillar::ALL`] order.
    pub pillars: [Option<f64>; 4],
    /// Names recorded as attending.
    pub attended: usize,
    /// Tables that voted (0: the whole room).
    pub tables: usize,
    /// Whether it was closed at an ending.
    pub finished: bool,
}

/// A checkpoint as missed across sessions.
#[derive(Clone, Debug, PartialEq)]
pub struct Missed {
    /// The scenario's title.
    pub scenario: String,
    /// The checkpoint's P.
    pub p: Pillar,
    /// The checkpoint's title.
    pub title: String,
    /// What could have been put in place.
    pub lesson: String,
    /// Sessions in which it was missed (or required and never reached).
    pub missed: usize,
    /// Sessions in which it was tested at all.
    pub tested: usize,
}

/// How someone took part once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Participation {
    /// The record.
    pub record: String,
    /// When.
    pub date: Date,
    /// The scenario's title.
    pub scenario: String,
    /// Self-study or a facilitated session.
    pub mode: Mode,
}

impl Participation {
    /// "12 March 2026, The cash buyer (evening)".
    pub fn describe(&self) -> String {
        format!(
            "{}, {} ({})",
            self.date.long(),
            self.scenario,
            match self.mode {
                Mode::Facilitated => "evening",
                Mode::SelfStudy => "self-study",
            }
        )
    }
}

/// One person on the roster and what they have taken part in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonCoverage {
    /// Who.
    pub person: Person,
    /// Sessions they took part in, oldest first (empty: not yet trained).
    pub took_part: Vec<Participation>,
}

/// Who has taken part, against the roster.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Everyone on the roster, members first, by name.
    pub people: Vec<PersonCoverage>,
    /// Names in records that are not on the roster (and were never removed from it), with
    /// what they took part in: to add to the roster, or officers from elsewhere.
    pub not_on_roster: Vec<(String, Vec<Participation>)>,
    /// Participations by people removed from the roster ("a former member"), without names.
    pub former: Vec<Participation>,
    /// Finished self-study sessions with no name given.
    pub anonymous: usize,
}

impl Coverage {
    /// (taken part, on the roster) for a role.
    pub fn count(&self, role: Role) -> (usize, usize) {
        let of_role = self.people.iter().filter(|p| p.person.role == role);
        let total = of_role.clone().count();
        let trained = of_role.filter(|p| !p.took_part.is_empty()).count();
        (trained, total)
    }

    /// "41 of 57 members have taken part" (or "No members on the roster yet").
    pub fn headline(&self, role: Role) -> String {
        let (trained, total) = self.count(role);
        let noun = match (role, total) {
            (Role::Member, 1) => "member",
            (Role::Member, _) => "members",
            (Role::Officer, 1) => "officer",
            (Role::Officer, _) => "officers",
        };
        if total == 0 {
            return format!(
                "No {} on the roster yet",
                if role == Role::Member {
                    "members"
                } else {
                    "officers"
                }
            );
        }
        // "1 of 1 member has", "0 of 1 officer has", "41 of 57 members have".
        let verb = if total == 1 { "has" } else { "have" };
        format!("{trained} of {total} {noun} {verb} taken part")
    }
}

/// A recommendation as the programme lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct RecRow {
    /// The session's record id.
    pub record: String,
    /// Position among the session's recommendations (for reviewing it).
    pub index: usize,
    /// The session's title.
    pub session: String,
    /// When the session took place.
    pub session_date: Date,
    /// Which P it strengthens.
    pub p: Pillar,
    /// What the council should do.
    pub text: String,
    /// Who owns it.
    pub owner: String,
    /// The due date, when it is a date.
    pub due: Option<Date>,
    /// The due date as written (older records: free text).
    pub due_text: String,
    /// Where it stands.
    pub progress: Progress,
    /// The latest review note.
    pub review: String,
    /// Due before today and neither done nor dropped.
    pub overdue: bool,
}

impl RecRow {
    /// The due date for lists: "30 June 2027", the old free text, or "—".
    pub fn due_shown(&self) -> String {
        match self.due {
            Some(d) => d.long(),
            None if self.due_text.trim().is_empty() => "—".into(),
            None => self.due_text.trim().to_owned(),
        }
    }
}

/// How recommendations are ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum RecSort {
    /// Soonest due first; undated ones last.
    #[default]
    DueDate,
    /// By the session they came from, oldest first.
    Session,
    /// Overdue first, then open, in progress, done, dropped.
    Status,
    /// By P.
    Pillar,
}

impl RecSort {
    /// Every order, as offered in the view.
    pub const ALL: [RecSort; 4] = [
        RecSort::DueDate,
        RecSort::Session,
        RecSort::Status,
        RecSort::Pillar,
    ];

    /// The order in words.
    pub fn label(self) -> &'static str {
        match self {
            RecSort::DueDate => "Due date",
            RecSort::Session => "Session",
            RecSort::Status => "Status",
            RecSort::Pillar => "P",
        }
    }
}

/// Orders recommendations (ties by session date, then position, so the order is stable).
pub fn sort_recommendations(rows: &mut [RecRow], by: RecSort) {
    let tie = |a: &RecRow, b: &RecRow| {
        a.session_date
            .cmp(&b.session_date)
            .then_with(|| a.record.cmp(&b.record))
            .then(a.index.cmp(&b.index))
    };
    let status_rank = |r: &RecRow| -> u8 {
        if r.overdue {
            0
        } else {
            match r.progress {
                Progress::Open => 1,
                Progress::InProgress => 2,
                Progress::Done => 3,
                Progress::Dropped => 4,
            }
        }
    };
    rows.sort_by(|a, b| match by {
        RecSort::DueDate => match (a.due, b.due) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then_with(|| tie(a, b)),
        RecSort::Session => tie(a, b),
        RecSort::Status => status_rank(a)
            .cmp(&status_rank(b))
            .then_with(|| a.due.cmp(&b.due))
            .then_with(|| tie(a, b)),
        RecSort::Pillar => a.p.cmp(&b.p).then_with(|| tie(a, b)),
    });
}

/// Self-study results in the period.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SelfStudy {
    /// Finished self-study sessions.
    pub finished: usize,
    /// Different people (by name) among them; anonymous ones are not counted here.
    pub people: usize,
    /// Their mean resilience index, when any was tested.
    pub mean_index: Option<f64>,
}

/// Everything the programme view and the review report show, for one filter.
#[derive(Clone, Debug, PartialEq)]
pub struct Programme {
    /// The filter it was computed for.
    pub filter: Filter,
    /// The date overdue is judged against.
    pub today: Date,
    /// Facilitated sessions in the period, oldest first (the profile over time).
    pub sessions: Vec<SessionRow>,
    /// Self-study in the period.
    pub self_study: SelfStudy,
    /// Who has taken part (in the period).
    pub coverage: Coverage,
    /// Checkpoints missed in the period's facilitated sessions, most often first.
    pub missed: Vec<Missed>,
    /// Every recommendation from the period's sessions, soonest due first.
    pub recommendations: Vec<RecRow>,
    /// Every scenario area found in the records (for the filter), sorted.
    pub areas: Vec<String>,
}

/// Computes the programme. `area_of` gives the area of a scenario by id, for records made
/// before the area was kept in them (it may return `None`: "Other").
pub fn compute(
    records: &[impl std::borrow::Borrow<RecordInfo>],
    roster: &Roster,
    filter: &Filter,
    today: Date,
    area_of: &dyn Fn(&str) -> Option<String>,
) -> Programme {
    let mut areas: BTreeSet<String> = BTreeSet::new();
    let mut sessions: Vec<(&RecordInfo, Date, String)> = Vec::new();
    for r in records.iter().map(std::borrow::Borrow::borrow) {
        let area = if r.scenario_area.trim().is_empty() {
            area_of(&r.scenario_id).unwrap_or_else(|| "Other".into())
        } else {
            r.scenario_area.to_string()
        };
        areas.insert(area.clone());
        let date = session_date(r);
        if filter.admits(date, &area) {
            sessions.push((r, date, area));
        }
    }
    // Oldest first; the record id breaks ties so the order never depends on the folder.
    sessions.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.id.cmp(&b.0.id)));

    let mut rows = Vec::new();
    let mut facilitated: Vec<&RecordInfo> = Vec::new();
    let mut recommendations = Vec::new();
    let mut self_study = SelfStudy::default();
    let mut self_study_sum = (0.0, 0usize);
    let mut self_study_people: BTreeSet<String> = BTreeSet::new();
    // Participations by roster id, by unmatched name key (with the name first seen), and
    // by former members.
    let mut by_person: BTreeMap<String, Vec<Participation>> = BTreeMap::new();
    let mut unlisted: BTreeMap<String, (String, Vec<Participation>)> = BTreeMap::new();
    let mut former = Vec::new();
    let mut anonymous = 0;

    let mut credit = |person_id: &str, name: &str, p: Participation| {
        let on_roster = roster.get(person_id).or_else(|| roster.find_by_name(name));
        if let Some(person) = on_roster {
            by_person.entry(person.id.clone()).or_default().push(p);
        } else if roster.was_removed(person_id, name) {
            former.push(p);
        } else {
            unlisted
                .entry(name_key(name))
                .or_insert_with(|| (name.trim().to_owned(), Vec::new()))
                .1
                .push(p);
        }
    };

    for (r, date, area) in &sessions {
        let participation = Participation {
            record: r.id.clone(),
            date: *date,
            scenario: r.scenario_title.to_string(),
            mode: r.mode,
        };
        match r.mode {
            Mode::Facilitated => {
                for a in r.attendance() {
                    credit(&a.person, &a.name, participation.clone());
                }
                if r.finished {
                    rows.push(SessionRow {
                        id: r.id.clone(),
                        date: *date,
                        title: r.title.to_string(),
                        scenario: r.scenario_title.to_string(),
                        area: area.clone(),
                        index: r.index(),
                        band: r.band(),
                        pillars: r.pillars(),
                        attended: r.attendance().len(),
                        tables: r.tables(),
                        finished: r.finished,
                    });
                    facilitated.push(r);
                }
            }
            Mode::SelfStudy => {
                if !r.finished {
                    continue;
                }
                self_study.finished += 1;
                if let Some(i) = r.index() {
                    self_study_sum.0 += i;
                    self_study_sum.1 += 1;
                }
                let name = r.participant.trim();
                if name.is_empty() {
                    anonymous += 1;
                } else {
                    self_study_people.insert(name_key(name));
                    credit("", name, participation.clone());
                }
            }
        }
        for (i, rec) in r.recommendations().iter().enumerate() {
            recommendations.push(RecRow {
                record: r.id.clone(),
                index: i,
                session: r.title.to_string(),
                session_date: *date,
                p: rec.p,
                text: rec.text.to_string(),
                owner: rec.owner.to_string(),
                due: rec.due_date(),
                due_text: rec.due.to_string(),
                progress: rec.progress,
                review: rec.review.to_string(),
                overdue: rec.is_overdue(today),
            });
        }
    }
    self_study.people = self_study_people.len();
    self_study.mean_index =
        (self_study_sum.1 > 0).then(|| self_study_sum.0 / self_study_sum.1 as f64);

    let people = roster
        .sorted()
        .into_iter()
        .map(|p| PersonCoverage {
            person: p.clone(),
            took_part: by_person.remove(&p.id).unwrap_or_default(),
        })
        .collect();
    let coverage = Coverage {
        people,
        not_on_roster: unlisted.into_values().collect(),
        former,
        anonymous,
    };
    sort_recommendations(&mut recommendations, RecSort::DueDate);
    Programme {
        filter: filter.clone(),
        today,
        sessions: rows,
        self_study,
        coverage,
        missed: most_missed(&facilitated),
        recommendations,
        areas: areas.into_iter().collect(),
    }
}

/// Checkpoints by how often they were missed, most first (then by how often tested, then by
/// name, so the order is stable).
pub fn most_missed(sessions: &[&RecordInfo]) -> Vec<Missed> {
    let mut by: BTreeMap<(&str, &str), Missed> = BTreeMap::new();
    for s in sessions {
        for c in s.checkpoints() {
            let e = by
                .entry((&s.scenario_title, &c.id))
                .or_insert_with(|| Missed {
                    scenario: s.scenario_title.to_string(),
                    p: c.p,
                    title: c.title.to_string(),
                    lesson: c.lesson.to_string(),
                    missed: 0,
                    tested: 0,
                });
            e.tested += 1;
            if c.missed {
                e.missed += 1;
            }
        }
    }
    let mut out: Vec<Missed> = by.into_values().filter(|m| m.missed > 0).collect();
    out.sort_by(|a, b| {
        b.missed
            .cmp(&a.missed)
            .then(b.tested.cmp(&a.tested))
            .then(a.title.cmp(&b.title))
            .then(a.scenario.cmp(&b.scenario))
    });
    out
}
