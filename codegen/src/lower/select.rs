//! Which operations a module keeps: the tags and operationIds a user chose
//! (`Builder::tags`, `--operation`, …), less the excluded ones. Lowering
//! turns only the kept operations into methods, and only the schemas they
//! reach become types, so a selection prunes the types too.

use std::collections::BTreeSet;

use crate::diagnostic::nearest_n;
use crate::error::{Error, Result};
use crate::load::Document;

/// How many of the document's names an unknown name's error lists.
const NEAREST: usize = 5;

/// The operations to generate: by tag and by operationId, with exclusions.
/// Empty, it keeps every operation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Keep the operations with one of these tags.
    pub tags: Vec<String>,
    /// Keep the operations with one of these operationIds.
    pub operations: Vec<String>,
    /// Drop the operations with one of these tags.
    pub exclude_tags: Vec<String>,
    /// Drop the operations with one of these operationIds.
    pub exclude_operations: Vec<String>,
}

impl Selection {
    /// Whether an operation with these tags and operationId is kept.
    pub fn keeps(&self, tags: &[String], id: Option<&str>) -> bool {
        let has_tag = |list: &[String]| tags.iter().any(|t| list.contains(t));
        let has_id = |list: &[String]| id.is_some_and(|id| list.iter().any(|o| o == id));
        let chosen = (self.tags.is_empty() && self.operations.is_empty())
            || has_tag(&self.tags)
            || has_id(&self.operations);
        chosen && !has_tag(&self.exclude_tags) && !has_id(&self.exclude_operations)
    }

    /// Fails on the first name that is no tag or no operationId of the
    /// document, listing the document's nearest names.
    pub fn check(&self, doc: &Document) -> Result<()> {
        if *self == Selection::default() {
            return Ok(());
        }
        let (tags, ids) = names(doc);
        let unknown = |what: &'static str, given: &[String], known: &BTreeSet<&str>| match given
            .iter()
            .find(|n| !known.contains(n.as_str()))
        {
            None => Ok(()),
            Some(name) => Err(Error::UnknownSelection {
                path: doc.path.clone(),
                what,
                name: name.clone(),
                nearest: nearest_n(name, known.iter().copied(), NEAREST)
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
            }),
        };
        unknown("tag", &self.tags, &tags)?;
        unknown("tag", &self.exclude_tags, &tags)?;
        unknown("operation", &self.operations, &ids)?;
        unknown("operation", &self.exclude_operations, &ids)
    }
}

/// Every tag (the operations' and the document's `tags` list) and every
/// operationId of the document.
fn names(doc: &Document) -> (BTreeSet<&str>, BTreeSet<&str>) {
    let mut tags: BTreeSet<&str> = doc.api.tags.iter().map(|t| t.name.as_str()).collect();
    let mut ids = BTreeSet::new();
    for item in doc.api.paths.paths.values() {
        let openapiv3::ReferenceOr::Item(item) = item else {
            continue;
        };
        for op in item.iter().map(|(_, op)| op) {
            tags.extend(op.tags.iter().map(String::as_str));
            ids.extend(op.operation_id.as_deref());
        }
    }
    (tags, ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /issues:
    get:
      operationId: issues/list
      tags: [issues]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: array
                items: {$ref: "#/components/schemas/Issue"}
  /pulls:
    get:
      operationId: pulls/list
      tags: [pulls]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: array
                items: {$ref: "#/components/schemas/Pull"}
components:
  schemas:
    User:
      type: object
      properties: {login: {type: string}}
    Issue:
      type: object
      properties:
        user: {$ref: "#/components/schemas/User"}
        state: {type: string, enum: [open, closed]}
    Pull:
      type: object
      properties:
        head: {type: object, properties: {sha: {type: string}}}
"##;

    fn lower(selection: Selection) -> Result<crate::ir::Api> {
        let doc = crate::load::load_str(std::path::Path::new("t.yaml"), SPEC).unwrap();
        crate::lower::lower_full(&doc, &crate::lower::Scalars::all(), &selection)
    }

    fn type_names(api: &crate::ir::Api) -> BTreeSet<&str> {
        api.types.iter().map(|t| t.name.as_str()).collect()
    }

    fn set<'a>(names: &[&'a str]) -> BTreeSet<&'a str> {
        names.iter().copied().collect()
    }

    #[test]
    fn a_tag_keeps_its_operations_and_the_types_they_reach() {
        let api = lower(Selection {
            tags: vec!["issues".into()],
            ..Selection::default()
        })
        .unwrap();
        let ops: Vec<&str> = api.operations.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(ops, ["issues_list"]);
        assert_eq!(type_names(&api), set(&["Issue", "User", "IssueState"]));
    }

    #[test]
    fn an_exclusion_drops_the_operation_and_what_only_it_reaches() {
        let api = lower(Selection {
            exclude_operations: vec!["issues/list".into()],
            ..Selection::default()
        })
        .unwrap();
        assert_eq!(api.operations.len(), 1);
        assert_eq!(type_names(&api), set(&["Pull", "PullHead"]));
        let all = lower(Selection::default()).unwrap();
        assert_eq!(all.operations.len(), 2);
        assert_eq!(all.types.len(), 5);
    }

    #[test]
    fn a_name_that_matches_nothing_lists_the_nearest() {
        let err = lower(Selection {
            tags: vec!["issue".into()],
            ..Selection::default()
        })
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "t.yaml: no tag named `issue` in the document; the nearest: `issues`, `pulls`"
        );
        let err = lower(Selection {
            exclude_operations: vec!["pulls/lst".into()],
            ..Selection::default()
        })
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("no operation named `pulls/lst` in the document; the nearest: `pulls/list`, `issues/list`"),
            "{err}"
        );
        assert_eq!(err.kind(), "unknown-selection");
    }
}
