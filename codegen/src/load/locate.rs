//! Pointers → line and column. The pointers of one document's findings go
//! into a trie of their tokens, and one pass over the text finds them all.
//! JSON is read by a byte scanner that only decodes the keys on a wanted
//! path and skips everything else; YAML goes through libyaml's events
//! (events.rs).

use std::collections::HashMap;

/// The pointers' tokens (unescaped) as a trie; node 0 is the root.
pub(super) struct Trie {
    children: Vec<HashMap<String, usize>>,
    /// Which pointers end at each node.
    ends: Vec<Vec<usize>>,
    len: usize,
}

impl Trie {
    pub fn new(pointers: &[&str]) -> Self {
        let mut trie = Trie {
            children: vec![HashMap::new()],
            ends: vec![Vec::new()],
            len: pointers.len(),
        };
        for (i, pointer) in pointers.iter().enumerate() {
            let mut node = 0;
            let tokens = pointer.strip_prefix('/').map(|p| p.split('/'));
            for token in tokens.into_iter().flatten() {
                let token = token.replace("~1", "/").replace("~0", "~");
                node = match trie.children[node].get(&token) {
                    Some(&next) => next,
                    None => {
                        trie.children.push(HashMap::new());
                        trie.ends.push(Vec::new());
                        let next = trie.children.len() - 1;
                        trie.children[node].insert(token, next);
                        next
                    }
                };
            }
            trie.ends[node].push(i);
        }
        trie
    }

    pub fn child(&self, node: usize, token: &str) -> Option<usize> {
        self.children[node].get(token).copied()
    }

    pub fn ends(&self, node: usize) -> &[usize] {
        &self.ends[node]
    }

    /// The result to start from: the root pointer (`""`) is at 1:1.
    pub fn found_at_root(&self) -> Vec<Option<(u32, u32)>> {
        let mut found = vec![None; self.len];
        for &i in &self.ends[0] {
            found[i] = Some((1, 1));
        }
        found
    }
}

/// The line and column of each of `pointers` (of its key, for a mapping
/// entry) in one pass over the document; `None` for a pointer that names no
/// node. Pointers are matched on their tokens through a trie, so the pass
/// costs the same whatever the number of pointers.
pub(super) fn locate_all(text: &str, pointers: &[&str]) -> Vec<Option<(u32, u32)>> {
    let trie = Trie::new(pointers);
    locate_json(text, &trie).unwrap_or_else(|| super::events::locate_events(text, &trie))
}

/// One open object or array of the JSON scanner.
struct Open {
    /// The trie node of this container, `None` off every wanted path.
    node: Option<usize>,
    object: bool,
    /// The index of the current item (arrays).
    index: usize,
}

/// Locates the trie's pointers in JSON text in one pass: a key is located
/// at its opening quote, an array item at its first byte. `None` when the
/// text is not JSON as this scanner reads it (YAML flow style, say): the
/// caller falls back to libyaml.
pub(super) fn locate_json(text: &str, trie: &Trie) -> Option<Vec<Option<(u32, u32)>>> {
    let bytes = text.as_bytes();
    let mut i = skip_space(bytes, 0);
    if !matches!(bytes.get(i), Some(b'{' | b'[')) {
        return None;
    }
    let mut found = trie.found_at_root();
    let mut remaining = found.iter().filter(|f| f.is_none()).count();
    // (byte offset, pointer index) of each find, in text order.
    let mut at: Vec<(usize, usize)> = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    // The trie node of the value about to start.
    let mut slot = Some(0);
    let mut index_text = String::new();
    let mut expect_key = false;
    while remaining > 0 {
        i = skip_space(bytes, i);
        let Some(&b) = bytes.get(i) else { break };
        // An array item starts: find its node from its index.
        if !expect_key && !matches!(b, b']' | b',' | b'}' | b':') {
            if let Some(open) = stack.last().filter(|o| !o.object) {
                slot = open.node.and_then(|n| {
                    use std::fmt::Write;
                    index_text.clear();
                    let _ = write!(index_text, "{}", open.index);
                    trie.child(n, &index_text)
                });
                if let Some(node) = slot {
                    record(trie, node, i, &mut found, &mut remaining, &mut at);
                }
            }
        }
        match b {
            b'{' | b'[' => {
                stack.push(Open {
                    node: slot.take(),
                    object: b == b'{',
                    index: 0,
                });
                expect_key = b == b'{';
                i += 1;
            }
            b'}' | b']' => {
                stack.pop()?;
                expect_key = false;
                i += 1;
                if stack.is_empty() {
                    break;
                }
            }
            b',' => {
                let open = stack.last_mut()?;
                if open.object {
                    expect_key = true;
                } else {
                    open.index += 1;
                }
                i += 1;
            }
            b':' => i += 1,
            b'"' => {
                let end = string_end(bytes, i)?;
                if expect_key {
                    let open = stack.last()?;
                    slot = match open.node {
                        Some(n) => {
                            let raw = &text[i + 1..end - 1];
                            let node = if raw.contains('\\') {
                                let key: String = serde_json::from_str(&text[i..end]).ok()?;
                                trie.child(n, &key)
                            } else {
                                trie.child(n, raw)
                            };
                            if let Some(node) = node {
                                record(trie, node, i, &mut found, &mut remaining, &mut at);
                            }
                            node
                        }
                        None => None,
                    };
                    expect_key = false;
                    i = skip_space(bytes, end);
                    if bytes.get(i) != Some(&b':') {
                        return None;
                    }
                } else {
                    slot = None;
                    i = end;
                }
            }
            b'-' | b'0'..=b'9' | b't' | b'f' | b'n' => {
                slot = None;
                while i < bytes.len()
                    && !matches!(bytes[i], b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t')
                {
                    i += 1;
                }
            }
            _ => return None,
        }
    }
    // Byte offsets → line and column (characters, 1-based), in one pass.
    at.sort_unstable();
    let (mut line, mut line_start, mut scanned) = (1u32, 0usize, 0usize);
    for (offset, pointer) in at {
        let segment = &bytes[scanned..offset];
        line += bytecount::count(segment, b'\n') as u32;
        if let Some(k) = memchr::memrchr(b'\n', segment) {
            line_start = scanned + k + 1;
        }
        scanned = offset;
        let column = text[line_start..offset].chars().count() as u32 + 1;
        found[pointer] = Some((line, column));
    }
    Some(found)
}

/// Notes where the pointers ending at `node` are, the first time only.
fn record(
    trie: &Trie,
    node: usize,
    offset: usize,
    found: &mut [Option<(u32, u32)>],
    remaining: &mut usize,
    at: &mut Vec<(usize, usize)>,
) {
    for &p in trie.ends(node) {
        if found[p].is_none() && !at.iter().any(|&(_, q)| q == p) {
            at.push((offset, p));
            *remaining -= 1;
        }
    }
}

fn skip_space(bytes: &[u8], mut i: usize) -> usize {
    while matches!(bytes.get(i), Some(b' ' | b'\n' | b'\r' | b'\t')) {
        i += 1;
    }
    i
}

/// The offset just past the closing quote of the string opening at `start`.
fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    loop {
        i += memchr::memchr2(b'"', b'\\', bytes.get(i..)?)?;
        if bytes[i] == b'"' {
            return Some(i + 1);
        }
        i += 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str, pointers: &[&str]) -> Option<Vec<Option<(u32, u32)>>> {
        locate_json(text, &Trie::new(pointers))
    }

    #[test]
    fn keys_items_escapes_and_misses() {
        let text = "{\n  \"a\": {\"b\": [0, {\"c\": 1}]},\n  \"d\\u002fe\": \"x\",\n  \"\u{e9}t\u{e9}\": {\"f\": null}\n}";
        assert_eq!(
            json(
                text,
                &[
                    "/a/b/1/c",
                    "/d~1e",
                    "/\u{e9}t\u{e9}/f",
                    "/a/zz",
                    "",
                    "/a/b/0"
                ]
            ),
            Some(vec![
                Some((2, 19)),
                Some((3, 3)),
                Some((4, 11)),
                None,
                Some((1, 1)),
                Some((2, 15)),
            ])
        );
    }

    #[test]
    fn agrees_with_the_libyaml_pass() {
        let text = "{\"paths\": {\"/a/{id}\": {\"get\": {\"parameters\": [{\"name\": \"id\", \"in\": \"qurey\"}, {\"$ref\": \"#/x\"}], \"tags\": [\"a\", \"b\"]}}},\n\"info\": {\"title\": \"t\\\"q\"}}";
        let pointers = [
            "/paths/~1a~1{id}/get/parameters/0/in",
            "/paths/~1a~1{id}/get/parameters/1",
            "/paths/~1a~1{id}/get/tags/1",
            "/info/title",
            "/info",
        ];
        let fast = json(text, &pointers).unwrap();
        let mut slow = Vec::new();
        for p in pointers {
            slow.push(super::super::events::locate(text, p));
        }
        assert_eq!(fast, slow);
    }

    /// Every pointer of a real spec, pretty and compact, and one past each
    /// array's end: the scanner and the libyaml pass agree on all of them.
    #[test]
    fn every_pointer_of_the_checkout_specs_agrees_with_libyaml() {
        fn pointers(v: &serde_json::Value, at: String, out: &mut Vec<String>) {
            match v {
                serde_json::Value::Object(m) => {
                    for (k, v) in m {
                        let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                        pointers(v, p.clone(), out);
                        out.push(p);
                    }
                }
                serde_json::Value::Array(a) => {
                    for (i, v) in a.iter().enumerate() {
                        pointers(v, format!("{at}/{i}"), out);
                        out.push(format!("{at}/{i}"));
                    }
                    out.push(format!("{at}/{}", a.len()));
                }
                _ => {}
            }
        }
        for spec in ["leanrails.yaml", "yorlet.yaml"] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../specs")
                .join(spec);
            let yaml: serde_yaml::Value =
                serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
            let value: serde_json::Value = serde_json::to_value(yaml).unwrap();
            let mut all = Vec::new();
            pointers(&value, String::new(), &mut all);
            let all: Vec<&str> = all.iter().map(String::as_str).collect();
            assert!(all.len() > 400, "{spec}: {}", all.len());
            let trie = Trie::new(&all);
            for text in [
                serde_json::to_string_pretty(&value).unwrap(),
                serde_json::to_string(&value).unwrap(),
            ] {
                let fast = locate_json(&text, &trie).unwrap();
                let slow = super::super::events::locate_events(&text, &trie);
                for ((p, f), s) in all.iter().zip(&fast).zip(&slow) {
                    assert_eq!(f, s, "{spec}: {p}");
                }
                assert!(fast.iter().filter(|f| f.is_some()).count() > 300);
            }
        }
    }

    #[test]
    fn yaml_is_left_to_libyaml() {
        assert_eq!(json("a: {b: 1}\n", &["/a"]), None);
        assert_eq!(json("{a: 1}", &["/a"]), None);
        assert_eq!(json("{\"a\": 1", &["/b"]), Some(vec![None]));
        assert_eq!(json("{\"a\" 1}", &["/b"]), None);
        assert_eq!(json("{\"a\": 'x'}", &["/b"]), None);
    }
}
