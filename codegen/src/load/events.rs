//! The YAML event stream (libyaml, the parser serde_yaml uses), with the
//! line and column of every node and the pointer of the node in the
//! document. It serves the checks serde_yaml cannot make (tags, alias
//! expansion, nesting depth, duplicate keys at their second occurrence) and
//! finds the line of a JSON pointer for error messages. JSON is YAML here
//! too: the locator reads both.

use std::mem::MaybeUninit;
use std::ops::ControlFlow;
use std::slice;

use unsafe_libyaml as unsafe_yaml;

/// What one event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind<'e> {
    /// A scalar and its value.
    Scalar(&'e [u8]),
    /// The start of a sequence.
    SeqStart,
    /// The start of a mapping.
    MapStart,
    /// The end of the innermost sequence or mapping.
    End,
    /// An alias (`*name`).
    Alias,
}

/// One node event, with where it starts (1-based line and column).
#[derive(Debug, Clone, Copy)]
pub(super) struct Event<'e> {
    pub kind: Kind<'e>,
    /// The node's anchor (`&name`), or for an alias the anchor it names.
    pub anchor: Option<&'e [u8]>,
    /// The node's tag, as libyaml resolved it (`!!str` is
    /// `tag:yaml.org,2002:str`).
    pub tag: Option<&'e [u8]>,
    pub line: u32,
    pub column: u32,
}

/// Streams the node events of the first document of `text` to `f` until it
/// breaks. A syntax error ends the stream quietly (`Err(())`): serde_yaml
/// reports it with its own message when the text is read for real.
pub(super) fn each_event<T>(
    text: &str,
    mut f: impl FnMut(Event<'_>) -> ControlFlow<T>,
) -> Result<Option<T>, ()> {
    let mut parser = Parser::new(text);
    loop {
        let mut event = MaybeUninit::<unsafe_yaml::yaml_event_t>::uninit();
        // SAFETY: the parser was initialised over `text`, which outlives it;
        // a successful `yaml_parser_parse` initialises `event`, which is read
        // only through the fields of its own type and deleted right after.
        let flow = unsafe {
            if !unsafe_yaml::yaml_parser_parse(&mut *parser.sys, event.as_mut_ptr()).ok {
                return Err(());
            }
            let event = event.as_mut_ptr();
            let step = match convert(&*event) {
                Converted::Node(node) => Some(f(node)),
                Converted::Skip => None,
                Converted::Done => {
                    unsafe_yaml::yaml_event_delete(event);
                    return Ok(None);
                }
            };
            unsafe_yaml::yaml_event_delete(event);
            step
        };
        if let Some(ControlFlow::Break(t)) = flow {
            return Ok(Some(t));
        }
    }
}

enum Converted<'e> {
    Node(Event<'e>),
    Skip,
    Done,
}

/// SAFETY: `e` must be an event libyaml produced and has not deleted.
unsafe fn convert(e: &unsafe_yaml::yaml_event_t) -> Converted<'_> {
    let (kind, anchor, tag) = match e.type_ {
        unsafe_yaml::YAML_SCALAR_EVENT => {
            let s = &e.data.scalar;
            let value = if s.value.is_null() {
                &[][..]
            } else {
                slice::from_raw_parts(s.value, s.length as usize)
            };
            (Kind::Scalar(value), c_bytes(s.anchor), c_bytes(s.tag))
        }
        unsafe_yaml::YAML_SEQUENCE_START_EVENT => {
            let s = &e.data.sequence_start;
            (Kind::SeqStart, c_bytes(s.anchor), c_bytes(s.tag))
        }
        unsafe_yaml::YAML_MAPPING_START_EVENT => {
            let s = &e.data.mapping_start;
            (Kind::MapStart, c_bytes(s.anchor), c_bytes(s.tag))
        }
        unsafe_yaml::YAML_SEQUENCE_END_EVENT | unsafe_yaml::YAML_MAPPING_END_EVENT => {
            (Kind::End, None, None)
        }
        unsafe_yaml::YAML_ALIAS_EVENT => (Kind::Alias, c_bytes(e.data.alias.anchor), None),
        unsafe_yaml::YAML_DOCUMENT_END_EVENT | unsafe_yaml::YAML_STREAM_END_EVENT => {
            return Converted::Done
        }
        _ => return Converted::Skip,
    };
    Converted::Node(Event {
        kind,
        anchor,
        tag,
        line: e.start_mark.line as u32 + 1,
        column: e.start_mark.column as u32 + 1,
    })
}

/// SAFETY: `p` is null or a NUL-terminated string that outlives `'e`.
unsafe fn c_bytes<'e>(p: *const u8) -> Option<&'e [u8]> {
    if p.is_null() {
        return None;
    }
    Some(std::ffi::CStr::from_ptr(p.cast()).to_bytes())
}

/// A libyaml parser over borrowed text, deleted on drop.
struct Parser<'t> {
    sys: Box<unsafe_yaml::yaml_parser_t>,
    _text: std::marker::PhantomData<&'t str>,
}

impl<'t> Parser<'t> {
    fn new(text: &'t str) -> Self {
        // SAFETY: `yaml_parser_initialize` zeroes and sets up the whole
        // struct; the input pointer stays valid for `'t`.
        unsafe {
            let mut raw = Box::new(MaybeUninit::<unsafe_yaml::yaml_parser_t>::uninit());
            if !unsafe_yaml::yaml_parser_initialize(raw.as_mut_ptr()).ok {
                panic!("libyaml could not allocate a parser");
            }
            let mut parser: Box<unsafe_yaml::yaml_parser_t> =
                Box::from_raw(Box::into_raw(raw).cast());
            unsafe_yaml::yaml_parser_set_encoding(&mut *parser, unsafe_yaml::YAML_UTF8_ENCODING);
            unsafe_yaml::yaml_parser_set_input_string(
                &mut *parser,
                text.as_ptr(),
                text.len() as u64,
            );
            Parser {
                sys: parser,
                _text: std::marker::PhantomData,
            }
        }
    }
}

impl Drop for Parser<'_> {
    fn drop(&mut self) {
        // SAFETY: the parser was initialised in `new` and is deleted once.
        unsafe { unsafe_yaml::yaml_parser_delete(&mut *self.sys) }
    }
}

/// Where the walk is: one frame per open collection.
enum Frame {
    /// In a mapping: the current key once read, and whether the next node is a key.
    Map {
        key: Option<String>,
        next_is_key: bool,
    },
    /// In a sequence: the index of the next item.
    Seq { next: usize },
}

/// The pointer tokens of the node events of a document, kept as the events
/// stream past: `enter` for each event before looking at it.
#[derive(Default)]
pub(super) struct Path {
    frames: Vec<Frame>,
    /// The (unescaped) tokens of the path of the current node.
    pub tokens: Vec<String>,
    /// Whether the current node sits in a mapping (as key or value).
    in_map: bool,
}

/// What role the current event plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// A mapping key; `tokens` ends with it.
    Key,
    /// A value or sequence item; `tokens` is its path.
    Node,
    /// The end of a collection; `tokens` is the collection's path.
    End,
}

impl Path {
    /// Nesting depth: the number of open collections.
    pub fn depth(&self) -> usize {
        self.frames.len()
    }

    /// Moves the path to `event` and tells its role.
    pub fn enter(&mut self, event: &Event<'_>) -> Role {
        if event.kind == Kind::End {
            self.frames.pop();
            self.tokens.truncate(self.frames.len());
            return Role::End;
        }
        self.in_map = matches!(self.frames.last(), Some(Frame::Map { .. }));
        let role = match self.frames.last_mut() {
            Some(Frame::Map { key, next_is_key }) if *next_is_key => {
                let text = match event.kind {
                    Kind::Scalar(v) => String::from_utf8_lossy(v).into_owned(),
                    _ => String::new(),
                };
                *key = Some(text.clone());
                *next_is_key = false;
                self.tokens.truncate(self.frames.len() - 1);
                self.tokens.push(text);
                Role::Key
            }
            Some(Frame::Map { key, next_is_key }) => {
                *next_is_key = true;
                let text = key.clone().unwrap_or_default();
                self.tokens.truncate(self.frames.len() - 1);
                self.tokens.push(text);
                Role::Node
            }
            Some(Frame::Seq { next }) => {
                let index = *next;
                *next += 1;
                self.tokens.truncate(self.frames.len() - 1);
                self.tokens.push(index.to_string());
                Role::Node
            }
            None => Role::Node,
        };
        match event.kind {
            Kind::MapStart => self.frames.push(Frame::Map {
                key: None,
                next_is_key: true,
            }),
            Kind::SeqStart => self.frames.push(Frame::Seq { next: 0 }),
            _ => {}
        }
        role
    }

    /// The JSON pointer of the current node.
    pub fn pointer(&self) -> String {
        self.tokens
            .iter()
            .map(|t| format!("/{}", crate::error::escape_token(t)))
            .collect()
    }
}

/// The line and column of each of the trie's pointers (of its key, for a
/// mapping entry) in one pass of libyaml's events over the document; `None`
/// for a pointer that names no node.
pub(super) fn locate_events(text: &str, trie: &super::locate::Trie) -> Vec<Option<(u32, u32)>> {
    let mut found = trie.found_at_root();
    let mut remaining = found.iter().filter(|f| f.is_none()).count();
    let mut path = Path::default();
    // The trie node of each token of the current path, while it matches.
    let mut trail: Vec<Option<usize>> = Vec::new();
    let _ = each_event(text, |event| {
        if remaining == 0 {
            return ControlFlow::Break(());
        }
        let role = path.enter(&event);
        if role == Role::End {
            return ControlFlow::Continue(());
        }
        let depth = path.tokens.len();
        if depth == 0 {
            return ControlFlow::Continue(());
        }
        trail.truncate(depth - 1);
        let parent = if depth == 1 {
            Some(0)
        } else {
            trail[depth - 2]
        };
        let node = parent.and_then(|p| trie.child(p, &path.tokens[depth - 1]));
        trail.push(node);
        // A key locates its entry; a value only a sequence item.
        if let Some(node) = node {
            if role == Role::Key || !path.in_map {
                for &i in trie.ends(node) {
                    if found[i].is_none() {
                        found[i] = Some((event.line, event.column));
                        remaining -= 1;
                    }
                }
            }
        }
        ControlFlow::Continue(())
    });
    found
}

/// The line and column of the node at `pointer` (of its key, for a mapping
/// entry), or of the deepest ancestor found.
pub(super) fn locate(text: &str, pointer: &str) -> Option<(u32, u32)> {
    let wanted: Vec<String> = match pointer {
        "" => Vec::new(),
        p => p
            .strip_prefix('/')?
            .split('/')
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect(),
    };
    let mut path = Path::default();
    let mut best: Option<(usize, (u32, u32))> = None;
    // A syntax error ends the search where it is.
    let _ = each_event(text, |event| {
        let role = path.enter(&event);
        if role == Role::End {
            return ControlFlow::Continue(());
        }
        let tokens = &path.tokens;
        let matched = tokens.len() <= wanted.len() && wanted[..tokens.len()] == tokens[..];
        // A key locates its entry; a value only the root or a sequence item.
        let locates = role == Role::Key || tokens.is_empty() || !path.in_map;
        if matched && locates && !matches!(best, Some((n, _)) if tokens.len() <= n) {
            best = Some((tokens.len(), (event.line, event.column)));
            if tokens.len() == wanted.len() {
                return ControlFlow::Break(());
            }
        }
        ControlFlow::Continue(())
    });
    best.map(|(_, at)| at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_are_located_in_yaml_and_json() {
        let yaml = "a:\n  b: [1, {c: 2}]\n  'd/e': x\n";
        assert_eq!(locate(yaml, "/a/b"), Some((2, 3)));
        assert_eq!(locate(yaml, "/a/b/1/c"), Some((2, 11)));
        assert_eq!(locate(yaml, "/a/d~1e"), Some((3, 3)));
        // Not there: the deepest ancestor.
        assert_eq!(locate(yaml, "/a/zz"), Some((1, 1)));
        assert_eq!(locate(yaml, ""), Some((1, 1)));
        let json = "{\n  \"a\": {\"b\": [0, 1]}\n}";
        assert_eq!(locate(json, "/a/b/1"), Some((2, 18)));
    }

    #[test]
    fn many_pointers_are_located_in_one_pass() {
        let block = "a:\n  b:\n    - 1\n    - c: 2\n  'd/e': x\nf: {g: [h, {i: j}]}\n";
        let pointers = [
            "/a/b", "/a/b/1/c", "/a/d~1e", "/f/g/1/i", "/f/g/0", "/zz", "",
        ];
        assert_eq!(
            super::super::locate::locate_all(block, &pointers),
            [
                Some((2, 3)),
                Some((4, 7)),
                Some((5, 3)),
                Some((6, 13)),
                Some((6, 9)),
                None,
                Some((1, 1))
            ]
        );
        // The same pointers through locate agree where a node is found.
        for (p, at) in pointers
            .iter()
            .zip(super::super::locate::locate_all(block, &pointers))
        {
            if at.is_some() {
                assert_eq!(locate(block, p), at, "{p}");
            }
        }
        let json = "{\n  \"a\": {\"b\": [0, 1]},\n  \"c~d\": {\"e/f\": true}\n}";
        assert_eq!(
            super::super::locate::locate_all(json, &["/a/b/1", "/c~0d/e~1f", "/a"]),
            [Some((2, 18)), Some((3, 11)), Some((2, 3))]
        );
        // The same pointer twice gets the same place.
        assert_eq!(
            super::super::locate::locate_all(json, &["/a", "/a"]),
            [Some((2, 3)), Some((2, 3))]
        );
    }

    #[test]
    fn tags_and_anchors_are_reported() {
        let mut seen = Vec::new();
        each_event("a: &x !foo {b: !!str 1}\nc: *x\n", |e| {
            let kind = match e.kind {
                Kind::Scalar(_) => "scalar",
                Kind::End => "end",
                _ => "other",
            };
            seen.push((
                kind,
                e.anchor.map(<[u8]>::to_vec),
                e.tag.map(<[u8]>::to_vec),
            ));
            ControlFlow::<()>::Continue(())
        })
        .unwrap();
        assert_eq!(seen[2].1.as_deref(), Some(&b"x"[..]));
        assert_eq!(seen[2].2.as_deref(), Some(&b"!foo"[..]));
        assert_eq!(seen[4].2.as_deref(), Some(&b"tag:yaml.org,2002:str"[..]));
        assert_eq!(seen.last().unwrap().0, "end");
        assert!(each_event("a: [", |_| ControlFlow::<()>::Continue(())).is_err());
    }
}
