//! Spec text becomes documentation, never code.
//!
//! Descriptions are Markdown written for humans, and rustdoc reads them as
//! Markdown with opinions: fenced and indented code blocks become doctests,
//! `[x]` becomes an intra-doc link, `<T>` becomes an HTML tag and a bare URL
//! draws a lint. This module rewrites a description so that it renders as
//! written and produces no doctest and no rustdoc warning.

/// Turns a description into doc lines (each line without the leading `///`).
pub fn doc_lines(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = Vec::new();
    let mut fence: Option<String> = None;
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
        out.push(escape_inline(trimmed));
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
