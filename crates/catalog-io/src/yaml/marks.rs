//! Line numbers of every key and list element of a YAML document, from
//! yaml-rust2's marked event parser, keyed by field path
//! (`items[2].materials[0].material`).

use std::collections::BTreeMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// A YAML node with the line where it starts.
#[derive(Debug, Clone)]
pub(crate) struct Marked {
    pub line: usize,
    pub node: Node,
}

/// The shape of a node; scalars are kept only as text (for keys).
#[derive(Debug, Clone)]
pub(crate) enum Node {
    Scalar(String),
    Seq(Vec<Marked>),
    /// Keys with the line of each key, and the values.
    Map(Vec<(String, usize, Marked)>),
}

/// Parses `text` into a marked tree; `Err` carries the 1-based line and the
/// parser's message.
pub(crate) fn parse(text: &str) -> Result<Option<Marked>, (usize, String)> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    parser
        .load(&mut builder, false)
        .map_err(|e| (e.marker().line().max(1), e.info().to_string()))?;
    Ok(builder.root)
}

impl Marked {
    /// Every key and list element below this node, by path relative to it,
    /// with its line.
    pub(crate) fn lines(&self) -> BTreeMap<String, usize> {
        let mut out = BTreeMap::new();
        collect(self, "", &mut out);
        out
    }
}

fn collect(marked: &Marked, prefix: &str, out: &mut BTreeMap<String, usize>) {
    match &marked.node {
        Node::Scalar(_) => {}
        Node::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                let path = format!("{prefix}[{i}]");
                out.insert(path.clone(), item.line);
                collect(item, &path, out);
            }
        }
        Node::Map(entries) => {
            for (key, key_line, value) in entries {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                out.insert(path.clone(), *key_line);
                collect(value, &path, out);
            }
        }
    }
}

/// A container being built: its start line, its anchor id (0: none) and,
/// for maps, the key waiting for its value.
enum Open {
    Seq(usize, usize, Vec<Marked>),
    Map(
        usize,
        usize,
        Vec<(String, usize, Marked)>,
        Option<(String, usize)>,
    ),
}

/// Builds the marked tree from parser events; aliases are resolved to a
/// copy of the anchored node, as serde_yaml_ng does.
#[derive(Default)]
struct Builder {
    stack: Vec<Open>,
    anchors: BTreeMap<usize, Marked>,
    root: Option<Marked>,
}

impl Builder {
    fn push_value(&mut self, value: Marked, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, value.clone());
        }
        match self.stack.last_mut() {
            None => self.root = Some(value),
            Some(Open::Seq(_, _, items)) => items.push(value),
            Some(Open::Map(_, _, entries, pending)) => match pending.take() {
                Some((key, key_line)) => entries.push((key, key_line, value)),
                None => {
                    // Only scalar keys name fields; others get a placeholder.
                    let key = match value.node {
                        Node::Scalar(s) => s,
                        _ => "?".to_string(),
                    };
                    *pending = Some((key, value.line));
                }
            },
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let line = mark.line().max(1);
        match event {
            Event::Scalar(text, _, anchor, _) => {
                let node = Marked {
                    line,
                    node: Node::Scalar(text),
                };
                self.push_value(node, anchor);
            }
            Event::Alias(anchor) => {
                let node = self.anchors.get(&anchor).cloned().unwrap_or(Marked {
                    line,
                    node: Node::Scalar(String::new()),
                });
                self.push_value(node, 0);
            }
            Event::SequenceStart(anchor, _) => self.stack.push(Open::Seq(line, anchor, Vec::new())),
            Event::MappingStart(anchor, _) => {
                self.stack.push(Open::Map(line, anchor, Vec::new(), None));
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (node, anchor) = match self.stack.pop() {
                    Some(Open::Seq(line, anchor, items)) => (
                        Marked {
                            line,
                            node: Node::Seq(items),
                        },
                        anchor,
                    ),
                    Some(Open::Map(line, anchor, entries, _)) => (
                        Marked {
                            line,
                            node: Node::Map(entries),
                        },
                        anchor,
                    ),
                    None => return,
                };
                self.push_value(node, anchor);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_list_elements_get_their_own_lines() {
        let text = "items:\n  - code: a\n    materials:\n      - material: m1\n      -\n        material: m2\n";
        let lines = parse(text).unwrap().unwrap().lines();
        assert_eq!(lines["items"], 1);
        assert_eq!(lines["items[0]"], 2);
        assert_eq!(lines["items[0].code"], 2);
        assert_eq!(lines["items[0].materials[0].material"], 4);
        assert_eq!(lines["items[0].materials[1].material"], 6);
    }

    #[test]
    fn a_syntax_error_reports_its_line() {
        let (line, _) = parse("a: 1\nb: [1, 2\nc: 3\n").unwrap_err();
        assert!(line >= 2, "line {line}");
    }

    #[test]
    fn an_alias_repeats_the_anchored_node() {
        let text = "a: &x\n  k: 1\nb: *x\n";
        let lines = parse(text).unwrap().unwrap().lines();
        assert_eq!(lines["b.k"], 2);
    }
}
