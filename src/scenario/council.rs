//! The council-type rules of `deskaudit check` (content guide, section 4): a scenario says
//! which kind of council it is written for (`council: District`), and its summary and opening
//! do not plainly call the council something else.
//!
//! "Plainly" is kept narrow so that it never fires on a correct file: only an indefinite
//! article with the type ("Wenlow Borough Council is a district council", "a unitary council")
//! counts. A council named by its title ("Westmoor County Council runs Trading Standards") is
//! a partner, not a statement of the scenario's own type, and a name such as "Brackenmoor
//! Borough Council" says nothing either way (boroughs can be districts or unitaries).

use super::model::{CouncilType, Scenario};
use super::spans::Path;
use super::validate::Reporter;

/// The words that state a council's type, each with the type it states (the first for each
/// type is the one the help suggests).
const PHRASES: [(&str, CouncilType); 8] = [
    ("a district council", CouncilType::District),
    ("a district in a two-tier area", CouncilType::District),
    ("a county council", CouncilType::County),
    ("a unitary council", CouncilType::Unitary),
    ("a unitary authority", CouncilType::Unitary),
    ("a metropolitan borough", CouncilType::MetropolitanBorough),
    ("a metropolitan district", CouncilType::MetropolitanBorough),
    ("a London borough", CouncilType::LondonBorough),
];

/// Where a text states a council type: the type, and the words as written in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stated<'t> {
    /// The type the words state.
    pub council: CouncilType,
    /// The words, exactly as they appear in the text (case kept).
    pub words: &'t str,
    /// Byte offset of the words in the text.
    pub at: usize,
}

/// Every statement of a council type in `text`, in the order they appear. Matching ignores
/// case and only takes whole words.
pub fn stated(text: &str) -> Vec<Stated<'_>> {
    // ASCII lower-casing keeps every byte offset, so offsets found here index `text`.
    let lower = text.to_ascii_lowercase();
    let phrases = PHRASES.map(|(words, council)| (words.to_ascii_lowercase(), council));
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '-');
    let mut out = Vec::new();
    for (phrase, council) in phrases {
        for (at, _) in lower.match_indices(phrase.as_str()) {
            let end = at + phrase.len();
            if is_word(lower[..at].chars().next_back()) || is_word(lower[end..].chars().next()) {
                continue;
            }
            out.push(Stated {
                council,
                words: &text[at..end],
                at,
            });
        }
    }
    out.sort_by_key(|s| s.at);
    out
}

/// The words that state `council`, as the help suggests writing them.
fn canonical(council: CouncilType) -> &'static str {
    PHRASES
        .iter()
        .find(|(_, c)| *c == council)
        .map_or("", |(words, _)| words)
}

/// The allowed values, for help texts.
fn allowed() -> String {
    let names: Vec<&str> = CouncilType::ALL.iter().map(|c| c.ron_name()).collect();
    names.join(", ")
}

/// Warns when the scenario leaves out `council`, or when its summary and opening state a
/// type and none of what they state is the declared one.
pub(crate) fn check(r: &mut Reporter, s: &Scenario) {
    let root = Path::root();
    let opening = s.nodes.iter().position(|n| n.id == s.start);
    let mut texts = vec![(root.field("summary"), "summary", s.summary.as_str())];
    if let Some(i) = opening {
        texts.push((
            root.field("nodes").index(i).field("text"),
            "opening",
            s.nodes[i].text.as_str(),
        ));
    }
    let found: Vec<(&Path, &str, Stated)> = texts
        .iter()
        .flat_map(|(path, what, text)| stated(text).into_iter().map(move |st| (path, *what, st)))
        .collect();
    match s.council {
        None => {
            let hint = match found.first() {
                Some((_, what, st)) => format!(
                    "the {what} says \"{}\", so add the line `council: {},` after `area`",
                    st.words,
                    st.council.ron_name()
                ),
                None => "add a line such as `council: District,` after `area`".to_owned(),
            };
            r.warn(
                &root.field("area"),
                None,
                "the scenario does not say which kind of council it is written for, so the library cannot show it",
                format!(
                    "{hint}; the allowed values are {} (content guide, section 4)",
                    allowed()
                ),
            );
        }
        Some(declared) => {
            if found.iter().any(|(_, _, st)| st.council == declared) {
                return;
            }
            let Some((path, what, st)) = found.first() else {
                return;
            };
            r.warn_in_text(
                path,
                st.words,
                format!(
                    "the {what} says the council is \"{}\" but `council` is {}",
                    st.words,
                    declared.ron_name()
                ),
                format!(
                    "set `council: {},` if the scenario is written for {}; if it is written for {}, say so in the {what} in those words",
                    st.council.ron_name(),
                    st.words.to_lowercase(),
                    canonical(declared)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn types(text: &str) -> Vec<CouncilType> {
        stated(text).into_iter().map(|s| s.council).collect()
    }

    #[test]
    fn only_an_article_and_a_type_state_one() {
        use CouncilType::*;
        assert_eq!(
            types("Wenlow Borough Council is a district council in a two-tier area"),
            vec![District]
        );
        assert_eq!(
            types("(a district in a two-tier area: Westmoor County Council runs it)"),
            vec![District]
        );
        assert_eq!(types("A unitary council, so transport"), vec![Unitary]);
        assert_eq!(
            types(
                "Brackenmoor Borough Council runs licensing; Westmoor County Council runs Trading Standards"
            ),
            Vec::<CouncilType>::new()
        );
        // Whole words only.
        assert!(types("a county councillor").is_empty());
        assert!(types("via county council").is_empty());
        assert_eq!(
            types("Ashford is A London Borough; a county council nearby"),
            vec![LondonBorough, County]
        );
    }

    #[test]
    fn the_words_are_kept_as_written_with_their_offset() {
        let s = stated("Hollingmere Council, A Unitary Council, is down");
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].words, "A Unitary Council");
        assert_eq!(s[0].at, 21);
    }
}
