//! Spec text becomes documentation, never code.
//!
//! Descriptions are Markdown written for humans, and rustdoc reads them as
//! Markdown with opinions: fenced and indented code blocks become doctests,
//! `[x]` becomes an intra-doc link, `<T>` becomes an HTML tag and a bare URL
//! draws a lint. This module rewrites a description so that it renders as
//! written and produces no doctest and no rustdoc warning.

/// Spec text with nothing hidden in it: tabs become spaces (rustdoc and
/// clippy object to tabs in docs), and control characters, Unicode
/// bidirectional controls (which rustc refuses in comments: "Trojan
/// Source") and invisible characters are written as `\u{..}` escapes, so
/// that a comment can neither break the build nor hide what the code says.
/// Line breaks stay.
pub fn visible(text: &str) -> String {
    if !text.chars().any(|c| c == '\t' || hidden(c)) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\t' => out.push_str("    "),
            c if hidden(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Characters that must not appear raw in generated source: controls other
/// than the line break, bidirectional controls, and zero-width or otherwise
/// invisible characters.
fn hidden(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(
            c,
            '\u{061c}'
                | '\u{00ad}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{2069}'
                | '\u{feff}'
        )
}

/// Turns a description into doc lines (each line without the leading `///`).
pub fn doc_lines(text: &str) -> Vec<String> {
    let text = visible(&text.replace("\r\n", "\n").replace('\r', "\n"));
    let text = if text.contains('<') {
        html_to_markdown(&text)
    } else {
        text
    };
    let mut out = Vec::new();
    let mut fence: Option<String> = None;
    // The content column of the list item the previous line belongs to.
    let mut list_item: Option<usize> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if let Some(marker) = &fence {
            if trimmed.starts_with(marker.as_str()) {
                out.push(marker.clone());
                fence = None;
            } else {
                out.push(line.to_owned());
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let marker: String = trimmed
                .chars()
                .take_while(|c| *c == '`' || *c == '~')
                .collect();
            out.push(format!("{marker}text"));
            fence = Some(marker);
            continue;
        }
        // Indentation would make an indented code block (a doctest).
        let mut line = escape_inline(trimmed);
        if line.is_empty() && out.last().is_some_and(|l: &String| l.is_empty()) {
            continue;
        }
        // A line that continues a list item is indented to the item's text
        // (Markdown would read it so anyway, and rustdoc lints the lazy form).
        match (list_marker(&line), list_item) {
            (Some(width), _) => list_item = Some(width),
            (None, _) if line.is_empty() => list_item = None,
            (None, Some(width)) => line.insert_str(0, &" ".repeat(width)),
            (None, None) => {}
        }
        out.push(line);
    }
    if let Some(marker) = fence {
        out.push(marker);
    }
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    while out.first().is_some_and(|l| l.trim().is_empty()) {
        out.remove(0);
    }
    out
}

/// The column where a list item's text starts (`- a` → 2, `*   a` → 4,
/// `10. a` → 4), if the line starts a list item.
fn list_marker(line: &str) -> Option<usize> {
    let marker = if line.starts_with(['-', '*', '+']) {
        1
    } else {
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 || digits > 9 || !line[digits..].starts_with(['.', ')']) {
            return None;
        }
        digits + 1
    };
    let spaces = line[marker..].chars().take_while(|c| *c == ' ').count();
    match spaces {
        0 => None,
        // Five or more spaces: the text is an indented code block, one
        // space in.
        1..=4 if marker + spaces < line.len() => Some(marker + spaces),
        _ => Some(marker + 1),
    }
}

/// Rewrites the HTML that specs commonly put in descriptions (`<p>`, `<br>`,
/// `<code>`, `<a href>`, `<strong>`, lists) as Markdown; other tags are
/// left for [`escape_inline`] to show literally.
fn html_to_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let Some(end) = tail.find('>') else {
            out.push_str(tail);
            return out;
        };
        let tag = &tail[1..end];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let closing = tag.starts_with('/');
        let replacement = match (name.as_str(), closing) {
            ("p", false) => Some(String::from("\n\n")),
            ("p", true) | ("ul", _) | ("ol", _) => Some(String::from("\n")),
            ("br", _) => Some(String::from("\n")),
            ("li", false) => Some(String::from("\n- ")),
            ("li", true) => Some(String::new()),
            ("code", _) | ("tt", _) => Some(String::from("`")),
            ("strong", _) | ("b", _) => Some(String::from("**")),
            ("em", _) | ("i", _) => Some(String::from("*")),
            ("a", true) => Some(String::new()),
            ("a", false) => {
                // A link's URL goes after its text: `text (<url>)`.
                let close = tail.find("</a>").unwrap_or(tail.len());
                out.push_str(&tail[end + 1..close.max(end + 1)]);
                if let Some(url) = href(tag).filter(|u| u.starts_with("http")) {
                    out.push_str(&format!(" ({url})"));
                }
                rest = &tail[(close + 4).min(tail.len())..];
                continue;
            }
            _ => None,
        };
        match replacement {
            Some(r) => out.push_str(&r),
            None => out.push_str(&tail[..=end]),
        }
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    out
}

fn href(tag: &str) -> Option<String> {
    let i = tag.find("href=")?;
    let value = &tag[i + 5..];
    let quote = value.chars().next()?;
    if quote == '"' || quote == '\'' {
        let inner = &value[1..];
        inner.find(quote).map(|e| inner[..e].to_owned())
    } else {
        Some(value.split_whitespace().next()?.to_owned())
    }
}

/// Escapes link brackets and HTML outside inline code, and wraps bare URLs.
fn escape_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut in_code = false;
    let mut rest = line;
    while !rest.is_empty() {
        if rest.starts_with('`') {
            // A code span is closed by the same run of backticks; an unmatched
            // one is literal text and must not swallow the rest of the line.
            let run = rest.chars().take_while(|c| *c == '`').count();
            let closes = rest[run..].contains(&rest[..run]);
            if in_code || closes {
                in_code = !in_code;
                out.push_str(&rest[..run]);
            } else {
                for _ in 0..run {
                    out.push_str("\\`");
                }
            }
            rest = &rest[run..];
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        if in_code {
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | ')' | ']'))
                .unwrap_or(rest.len());
            let mut url = &rest[..end];
            while url.ends_with(['.', ',', ';', ':', '!', '?']) {
                url = &url[..url.len() - 1];
            }
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        match c {
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    if in_code {
        // Unbalanced: close the span so it does not run into the next line.
        out.push('`');
    }
    out
}

/// Whether clippy's pedantic `doc_markdown` could flag a word of these doc
/// lines: outside code spans and fences, a word with an underscore, a `::`
/// path, a `()` call or internal capitals (`LeanRails`, `fooBar`). It is
/// clippy's rule, read generously (a false yes only costs an `allow`).
///
/// Spec text is the provider's prose and stays as written: a product name
/// such as `LeanRails` or a word such as `YOUR_API_KEY` in a sentence is
/// not code that the generator could safely put in backticks. The items
/// whose docs have such a word get `#[allow(clippy::doc_markdown)]`
/// instead; text the generator writes itself puts its identifiers in code
/// spans.
pub fn flagged_by_doc_markdown(lines: &[String]) -> bool {
    let mut fence = false;
    for line in lines {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = !fence;
            continue;
        }
        if fence {
            continue;
        }
        // Backticks that do not pair as one-tick code spans (an escaped
        // lone tick, a run of several): the lint may find them unbalanced.
        if line.contains("\\`") || line.contains("``") {
            return true;
        }
        if outside_code_spans(line)
            .split(|c: char| c.is_whitespace() || c == '\'')
            .any(code_like)
        {
            return true;
        }
    }
    false
}

/// The text of a doc line with its code spans removed.
fn outside_code_spans(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        out.push_str(&rest[..start]);
        let run = rest[start..].chars().take_while(|c| *c == '`').count();
        let after = &rest[start + run..];
        match after.find(&rest[start..start + run]) {
            Some(end) => rest = &after[end + run..],
            None => rest = after,
        }
        out.push(' ');
    }
    out.push_str(rest);
    out
}

/// Clippy's `doc_markdown` test of one word (trimmed as clippy trims it).
fn code_like(word: &str) -> bool {
    // Autolinks (`<https://…>`, how [`doc_lines`] writes URLs) are links;
    // any other URL is a bare one, which the lint also flags.
    if let Some(i) = word.find("://") {
        return !word[..i].contains('<');
    }
    let trim = |c: char| !c.is_alphanumeric() && c != ':';
    let calls = word.trim_end_matches(|c: char| trim(c) && c != '(' && c != ')');
    if calls.ends_with("()") && calls.len() > 2 {
        return true;
    }
    let word = word.trim_matches(trim);
    let word = if word.starts_with("::") {
        word
    } else {
        word.trim_start_matches(':')
    };
    let word = if word.ends_with("::") {
        word
    } else {
        word.trim_end_matches(':')
    };
    // Clippy's own list of valid identifiers (the long-standing part of it).
    const VALID: &[&str] = &[
        "GitHub",
        "GitLab",
        "JavaScript",
        "TypeScript",
        "OAuth",
        "GraphQL",
        "IPv4",
        "IPv6",
    ];
    if word.is_empty() || VALID.contains(&word) || word.chars().all(|c| c == ':') {
        return false;
    }
    let underscore = word != "_" && word.contains('_');
    underscore || word.contains("::") || camel_case(word)
}

/// Clippy's camel case: starts with an upper-case letter, at least two
/// upper-case and one lower-case letter (`IDs` is a plural, `NASA` is not
/// camel case).
fn camel_case(word: &str) -> bool {
    if word.starts_with(|c: char| c.is_ascii_digit() || c.is_lowercase()) {
        // `fooBar` is not camel case to clippy, but read generously.
        return word.chars().any(char::is_uppercase)
            && word.chars().any(char::is_lowercase)
            && word.chars().all(char::is_alphanumeric);
    }
    let word = word.strip_suffix('s').unwrap_or(word);
    word.chars().all(char::is_alphanumeric)
        && word.chars().filter(|c| c.is_uppercase()).count() > 1
        && word.chars().any(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_item_continuations_are_indented() {
        assert_eq!(
            doc_lines("Values:\n- `a`: the first\nand more of it\n10. ten\nstill ten\n*   wide\nmarker\n\nafter"),
            [
                "Values:",
                "- `a`: the first",
                "  and more of it",
                "10. ten",
                "    still ten",
                "*   wide",
                "    marker",
                "",
                "after"
            ]
        );
    }

    #[test]
    fn hidden_characters_are_made_visible() {
        let text = "a\u{202e}b\u{2066}c\td\u{0}e\u{200b}f\u{feff}g\u{7}h";
        assert_eq!(
            doc_lines(text),
            ["a\\u{202e}b\\u{2066}c    d\\u{0}e\\u{200b}f\\u{feff}g\\u{7}h"]
        );
        assert_eq!(visible("plain, é 日本"), "plain, é 日本");
        for c in [
            '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{2067}', '\u{2068}', '\u{2069}',
        ] {
            assert!(!visible(&c.to_string()).contains(c), "{c:?}");
        }
    }

    #[test]
    fn fences_become_text_blocks() {
        let lines = doc_lines("Example:\n```json\n{\"a\": [1]}\n```\nafter");
        assert_eq!(
            lines,
            ["Example:", "```text", "{\"a\": [1]}", "```", "after"]
        );
    }

    #[test]
    fn unclosed_fence_is_closed() {
        assert_eq!(doc_lines("```\ncode"), ["```text", "code", "```"]);
    }

    #[test]
    fn indentation_never_makes_a_code_block() {
        assert_eq!(doc_lines("a\n\n    let x = 1;"), ["a", "", "let x = 1;"]);
    }

    #[test]
    fn links_html_and_urls_are_neutralised() {
        assert_eq!(
            doc_lines("A List<String> [see] https://x.io/a."),
            ["A List&lt;String&gt; \\[see\\] <https://x.io/a>."]
        );
    }

    #[test]
    fn common_html_becomes_markdown() {
        assert_eq!(
            doc_lines("<p>Returns a <strong>list</strong> of <code>Charge</code> objects.</p><p>See <a href=\"https://x.io/docs\">the docs</a>.</p>"),
            [
                "Returns a **list** of `Charge` objects.",
                "",
                "See the docs (<https://x.io/docs>)."
            ]
        );
        assert_eq!(
            doc_lines("<ul><li>one</li><li>two</li></ul>"),
            ["- one", "- two"]
        );
        // Unknown tags and comparisons stay visible, escaped.
        assert_eq!(
            doc_lines("a <blink>b</blink> c < d"),
            ["a &lt;blink&gt;b&lt;/blink&gt; c &lt; d"]
        );
        // A relative link keeps its text only.
        assert_eq!(doc_lines("<a href=\"/docs\">docs</a>"), ["docs"]);
    }

    #[test]
    fn code_spans_are_kept() {
        assert_eq!(
            doc_lines("use `Vec<u8>` and `[x]`"),
            ["use `Vec<u8>` and `[x]`"]
        );
        assert_eq!(doc_lines("a ` lone tick"), ["a \\` lone tick"]);
    }

    #[test]
    fn comment_terminators_are_plain_text() {
        assert_eq!(doc_lines("ends */ here"), ["ends */ here"]);
    }

    #[test]
    fn words_clippy_doc_markdown_flags() {
        let flagged = |text: &str| flagged_by_doc_markdown(&doc_lines(text));
        for text in [
            "The LeanRails API.",
            "Use \"Bearer YOUR_API_KEY\" here.",
            "See foo::bar.",
            "Call refresh() first.",
            "Plural FooBars too.",
            "`unclosed backtick ```",
            "a ` lone tick",
            "A bare ftp://files.example.com link.",
        ] {
            assert!(flagged(text), "{text}");
        }
        for text in [
            "Plain prose, NASA and IDs.",
            "Code spans: `snake_case`, `LeanRails` and `a::b`.",
            "A link: https://api.example.com/v1_x.",
            "On GitHub, with OAuth.",
            "```\nlet some_code = Fence::new();\n```",
            "A lone _ and (parentheses).",
        ] {
            assert!(!flagged(text), "{text}");
        }
    }
}
