//! What the projector shows, built only from audience material.

use crate::app::projector::Show;
use crate::app::state::OpenSession;
use crate::scenario::{Pillar, Scenario};

use super::OnProjector;

/// What the projector should show now. Only audience material goes in: scores and model
/// answers only once the session has finished and the facilitator shows them.
pub fn projector_show(open: &OpenSession, scenario: Option<&Scenario>) -> Show {
    let session = &open.session;
    let st = session.state();
    let title = session.display_title();
    let Some(f) = &open.facilitation else {
        return Show::Holding {
            title,
            line: String::new(),
        };
    };
    if f.paused {
        return Show::Holding {
            title,
            line: "Paused. We will carry on shortly.".into(),
        };
    }
    let situation = || match scenario.map(|s| session.view(s)) {
        Some(Ok(view)) => Show::Situation {
            kicker: if view.ending.is_some() {
                format!(
                    "{} · the end, after {} decisions",
                    st.started.scenario_title, view.decisions_taken
                )
            } else {
                format!(
                    "{} · decision {}",
                    st.started.scenario_title,
                    view.decisions_taken + 1
                )
            },
            title: view.title,
            text: view.text,
            developments: view.developments,
            evidence: if f.show_evidence {
                view.evidence
                    .into_iter()
                    .map(|(kind, t, b)| (format!("{kind:?}: {t}"), b))
                    .collect()
            } else {
                Vec::new()
            },
            choices: view
                .choices
                .into_iter()
                .map(|c| (c.number, c.text))
                .collect(),
            ending: view.ending.map(|(_, outcome)| outcome),
        },
        _ => Show::Holding {
            title: title.clone(),
            line: "This session's scenario is not available.".into(),
        },
    };
    match f.on_projector {
        OnProjector::Situation => situation(),
        OnProjector::Evidence => match scenario.map(|s| session.view(s)) {
            Some(Ok(view)) if !view.evidence.is_empty() => Show::Evidence {
                title: view.title,
                documents: view
                    .evidence
                    .into_iter()
                    .map(|(kind, t, b)| (format!("{kind:?}: {t}"), b))
                    .collect(),
            },
            _ => situation(),
        },
        OnProjector::Decision => match st.path.last() {
            Some(d) => Show::Decision {
                title: d.node_title.clone(),
                choice: d.choice_text.clone(),
                consequence: f.revealed.then(|| d.feedback.clone()),
            },
            None => situation(),
        },
        OnProjector::Inject(i) => match st.injects.get(i) {
            Some((_, t, text, _)) => Show::Inject {
                title: t.clone(),
                text: text.clone(),
            },
            None => situation(),
        },
        OnProjector::Results if st.finished => {
            let score = session.score();
            Show::Results {
                title,
                ending: st
                    .current
                    .ending
                    .as_ref()
                    .map(|(r, o)| (r.label().to_owned(), o.clone())),
                index: score.index.zip(score.band()),
                pillars: Pillar::ALL.map(|p| (p, score.pillar(p))),
                tables: session
                    .table_scores()
                    .into_iter()
                    .map(|(t, s)| (t, s.index.zip(s.band())))
                    .collect(),
            }
        }
        OnProjector::Review(i) if st.finished => match st.path.get(i) {
            Some(d) => Show::Review {
                kicker: format!("Decision {} of {}", i + 1, st.path.len()),
                title: d.node_title.clone(),
                choice: d.choice_text.clone(),
                consequence: d.feedback.clone(),
                model_answer: scenario
                    .and_then(|s| s.node(&d.node))
                    .map(|n| session.fill(&n.model_answer))
                    .unwrap_or_default(),
            },
            None => situation(),
        },
        // Before the debrief, results and model answers stay off the projector.
        OnProjector::Results | OnProjector::Review(_) => situation(),
    }
}
