//! Positions of YAML nodes by path, so that semantic errors can name `file:line:column`.
//!
//! serde_yaml reports positions for syntax and type errors only. For errors found after
//! deserializing (a duplicate id, a year outside the period) we walk the same text once
//! with yaml-rust2's marked events and remember where each node starts, keyed by a path
//! such as `domains[0].goals[2].indicators[0].id`.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// Line and column (both 1-based) of every node in a YAML text.
#[derive(Debug, Default)]
pub struct Positions {
    by_path: HashMap<String, (usize, usize)>,
}

impl Positions {
    /// Indexes a YAML text. A text that does not parse yields an empty index: the serde
    /// error already names the position in that case.
    pub fn index(text: &str) -> Positions {
        let mut receiver = Receiver::default();
        let mut parser = Parser::new_from_str(text);
        if parser.load(&mut receiver, false).is_err() {
            return Positions::default();
        }
        Positions {
            by_path: receiver.by_path,
        }
    }

    /// The position of the node at `path`, or of its nearest ancestor that exists.
    pub fn find(&self, path: &str) -> Option<(usize, usize)> {
        let mut path = path;
        loop {
            if let Some(position) = self.by_path.get(path) {
                return Some(*position);
            }
            let cut = path.rfind(['.', '['])?;
            path = &path[..cut];
        }
    }
}

enum Frame {
    Map { path: String, key: Option<String> },
    Seq { path: String, index: usize },
}

#[derive(Default)]
struct Receiver {
    stack: Vec<Frame>,
    by_path: HashMap<String, (usize, usize)>,
}

impl Receiver {
    /// The path of the node that the next value event starts, or `None` if the next
    /// event is a mapping key.
    fn next_value_path(&self) -> Option<String> {
        match self.stack.last() {
            None => Some(String::new()),
            Some(Frame::Map { key: None, .. }) => None,
            Some(Frame::Map {
                path,
                key: Some(key),
            }) => Some(if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            }),
            Some(Frame::Seq { path, index }) => Some(format!("{path}[{index}]")),
        }
    }

    /// Moves the parent on after one of its values is complete.
    fn value_done(&mut self) {
        match self.stack.last_mut() {
            Some(Frame::Map { key, .. }) => *key = None,
            Some(Frame::Seq { index, .. }) => *index += 1,
            None => {}
        }
    }
}

impl MarkedEventReceiver for Receiver {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let position = (mark.line(), mark.col() + 1);
        match event {
            Event::Scalar(text, ..) => match self.next_value_path() {
                None => {
                    if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                        *key = Some(text);
                    }
                }
                Some(path) => {
                    self.by_path.insert(path, position);
                    self.value_done();
                }
            },
            Event::Alias(_) => {
                if let Some(path) = self.next_value_path() {
                    self.by_path.insert(path, position);
                }
                self.value_done();
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                // A complex mapping key has no path of its own; give it a throwaway one.
                let path = self.next_value_path().unwrap_or_else(|| "?".into());
                self.by_path.entry(path.clone()).or_insert(position);
                self.stack.push(match event {
                    Event::MappingStart(..) => Frame::Map { path, key: None },
                    _ => Frame::Seq { path, index: 0 },
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                self.value_done();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "plan:\n  title: 规划\nitems:\n  - id: a\n    name: 甲\n  - id: b\n";

    #[test]
    fn finds_nested_values() {
        let positions = Positions::index(TEXT);
        assert_eq!(positions.find("plan.title"), Some((2, 10)));
        assert_eq!(positions.find("items[0].id"), Some((4, 9)));
        assert_eq!(positions.find("items[1].id"), Some((6, 9)));
    }

    #[test]
    fn falls_back_to_the_nearest_ancestor() {
        let positions = Positions::index(TEXT);
        assert_eq!(
            positions.find("items[1].missing"),
            positions.find("items[1]")
        );
        assert!(positions.find("items[1]").is_some());
    }
}
