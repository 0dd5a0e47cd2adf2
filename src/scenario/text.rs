//! Helpers for text in scenarios: `{variable}` placeholders and "did you mean" suggestions.

/// A `{name}` placeholder found in a text, with its byte offset within the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placeholder<'a> {
    /// The variable name between the braces.
    pub name: &'a str,
    /// Byte offset of the opening brace.
    pub offset: usize,
}

/// Problems with braces in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BraceError {
    /// A `{` with no matching `}` (byte offset of the `{`).
    Unclosed(usize),
    /// A `{}` or a name with characters other than letters, digits, `_` and `-`.
    BadName(usize),
}

/// Finds every `{name}` in `text`. `{{` and `}}` stand for literal braces.
pub fn placeholders(text: &str) -> Result<Vec<Placeholder<'_>>, BraceError> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' if bytes.get(i + 1) == Some(&b'{') => i += 2,
            b'}' if bytes.get(i + 1) == Some(&b'}') => i += 2,
            b'{' => {
                let close = text[i + 1..].find('}').ok_or(BraceError::Unclosed(i))?;
                let name = &text[i + 1..i + 1 + close];
                let valid = !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
                if !valid {
                    return Err(BraceError::BadName(i));
                }
                out.push(Placeholder { name, offset: i });
                i += close + 2;
            }
            _ => i += 1,
        }
    }
    Ok(out)
}

/// Replaces every `{name}` by `lookup(name)` (left as it is when the lookup fails) and
/// `{{`/`}}` by single braces.
pub fn fill(text: &str, lookup: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
        } else if tail.starts_with('{') {
            match tail.find('}') {
                Some(close) => {
                    let name = &tail[1..close];
                    match lookup(name) {
                        Some(v) => out.push_str(&v),
                        None => out.push_str(&tail[..=close]),
                    }
                    rest = &tail[close + 1..];
                }
                None => {
                    out.push_str(tail);
                    rest = "";
                }
            }
        } else {
            out.push('}');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// Edit distance between two strings (insertions, deletions, substitutions, and swaps of
/// two neighbouring characters, so `grnat` is one step from `grant`).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev2 = vec![0usize; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0usize; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The candidate closest to `wrong`, if it is close enough to be a plausible typo.
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (wrong.chars().count() / 3).max(1) + 1;
    candidates
        .into_iter()
        .map(|c| (edit_distance(&wrong.to_lowercase(), &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

/// A "did you mean" sentence, or a list of what is allowed when nothing is close.
pub fn suggestion<'a>(
    wrong: &str,
    what: &str,
    candidates: impl IntoIterator<Item = &'a str> + Clone,
) -> String {
    match closest(wrong, candidates.clone()) {
        Some(c) => format!("did you mean `\"{c}\"`?"),
        None => {
            let all: Vec<&str> = candidates.into_iter().collect();
            if all.is_empty() {
                format!("no {what} is declared in this scenario")
            } else if all.len() <= 12 {
                format!("the {what}s declared are: {}", all.join(", "))
            } else {
                format!(
                    "check the spelling against the {what}s declared ({} of them)",
                    all.len()
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swapped_letters_are_one_edit_apart() {
        assert_eq!(edit_distance("grnat", "grant"), 1);
        assert_eq!(
            closest("grnat", ["refuse", "grant", "defer"]),
            Some("grant")
        );
        assert_eq!(closest("xyz", ["refuse", "grant"]), None);
    }

    #[test]
    fn placeholders_skip_doubled_braces_and_fill_replaces_known_names() {
        let t = "Dear {name}, {{literal}} owes {amount}.";
        let names: Vec<_> = placeholders(t).unwrap().iter().map(|p| p.name).collect();
        assert_eq!(names, ["name", "amount"]);
        let filled = fill(t, &|n| (n == "name").then(|| "Ms Hale".to_owned()));
        assert_eq!(filled, "Dear Ms Hale, {literal} owes {amount}.");
        assert_eq!(placeholders("a {b"), Err(BraceError::Unclosed(2)));
    }
}
