//! Cursor pagination, detected from an operation's shape.

use super::Lowerer;
use crate::ir::*;
use crate::naming::generated;

impl<'a> Lowerer<'a> {
    /// Detects cursor pagination from the operation's shape: a GET whose
    /// success body is an object with one array of objects that have an `id`,
    /// one boolean "more" flag, and `starting_after`/`ending_before` cursor
    /// parameters (optionally a nullable string `next_cursor` field). Ids
    /// and cursors are strings or UUIDs (`format: uuid`, typed).
    pub(super) fn pagination(&self, op: &Operation) -> Option<Pagination> {
        if op.method != "GET" {
            return None;
        }
        let Success::Single(ResponseBody::Json(TypeRef::Named(page))) = &op.success else {
            return None;
        };
        let TypeKind::Struct(page) = &self.types.get(page)?.kind else {
            return None;
        };
        let cursor_like =
            |t: &TypeRef| matches!(t, TypeRef::String | TypeRef::Scalar(ScalarType::Uuid));
        let cursor_param = |wire: &str| {
            op.params.iter().find(|p| {
                p.location == ParamLocation::Query
                    && p.wire == wire
                    && cursor_like(&p.ty)
                    && !p.required
            })
        };
        let forward = cursor_param("starting_after")?;
        // Both cursors have one type.
        let backward = cursor_param("ending_before").filter(|b| b.ty == forward.ty);
        // Items that may be `null` (`Vec<Option<Item>>`) are streamed as
        // `Option<Item>`.
        let arrays: Vec<(&Field, &String, bool)> = page
            .fields
            .iter()
            .filter_map(|f| match &f.ty {
                TypeRef::Vec(inner) => match inner.as_ref() {
                    TypeRef::Named(n) => Some((f, n, false)),
                    TypeRef::Option(inner) => match inner.as_ref() {
                        TypeRef::Named(n) => Some((f, n, true)),
                        _ => None,
                    },
                    _ => None,
                },
                _ => None,
            })
            .collect();
        let [(items, item_type, items_nullable)] = arrays.as_slice() else {
            return None;
        };
        let TypeKind::Struct(item) = &self.types.get(*item_type)?.kind else {
            return None;
        };
        let id = item
            .fields
            .iter()
            .find(|f| f.wire == "id" && cursor_like(&f.ty))?;
        // A text id cannot be relied on to parse as a typed cursor.
        if forward.ty != TypeRef::String && id.ty == TypeRef::String {
            return None;
        }
        let flags: Vec<&Field> = page
            .fields
            .iter()
            .filter(|f| f.ty == TypeRef::Bool)
            .collect();
        let [has_more] = flags.as_slice() else {
            return None;
        };
        let next_cursor = page
            .fields
            .iter()
            .find(|f| f.wire == "next_cursor" && f.ty == TypeRef::String && f.optional());
        Some(Pagination {
            method: format!("{}{}", op.name, generated::STREAM_SUFFIX),
            item: TypeRef::Named((*item_type).clone()),
            items_field: items.name.clone(),
            items_optional: items.optional(),
            items_nullable: *items_nullable,
            has_more_field: has_more.name.clone(),
            has_more_optional: has_more.optional(),
            next_cursor_field: next_cursor.map(|f| f.name.clone()),
            item_id_field: id.name.clone(),
            item_id_optional: id.optional(),
            item_id_scalar: id.ty != TypeRef::String,
            cursor_scalar: forward.ty != TypeRef::String,
            forward_param: forward.name.clone(),
            backward_param: backward.map(|p| p.name.clone()),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::*;
    use crate::lower::lower_yaml;

    fn list_spec(cursor: &str, flag: &str) -> String {
        format!(
            r##"
openapi: 3.0.3
info: {{title: t, version: "1"}}
paths:
  /items:
    get:
      operationId: list_items
      parameters:
        - {{name: {cursor}, in: query, schema: {{type: string}}}}
        - {{name: ending_before, in: query, schema: {{type: string}}}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [data, {flag}]
                properties:
                  data: {{type: array, items: {{$ref: "#/components/schemas/Item"}}}}
                  {flag}: {{type: boolean}}
components:
  schemas:
    Item:
      type: object
      properties:
        id: {{type: string}}
"##
        )
    }

    #[test]
    fn cursor_lists_get_a_stream() {
        let api = lower_yaml(&list_spec("starting_after", "has_more"));
        let p = api.operations[0].pagination.as_ref().expect("detected");
        assert_eq!(p.method, "list_items_stream");
        assert_eq!(p.item, TypeRef::Named("Item".into()));
        assert_eq!(p.items_field, "data");
        assert_eq!(p.has_more_field, "has_more");
        assert!(!p.has_more_optional);
        assert_eq!(p.forward_param, "starting_after");
        assert_eq!(p.backward_param.as_deref(), Some("ending_before"));
        assert!(p.item_id_optional);
    }

    #[test]
    fn uuid_ids_and_cursors_get_a_stream() {
        let uuid_id = list_spec("starting_after", "has_more")
            .replace("id: {type: string}", "id: {type: string, format: uuid}");
        let api = lower_yaml(&uuid_id);
        let p = api.operations[0].pagination.as_ref().expect("detected");
        assert!(p.item_id_scalar && !p.cursor_scalar);
        let both = uuid_id.replace(
            "in: query, schema: {type: string}}",
            "in: query, schema: {type: string, format: uuid}}",
        );
        let api = lower_yaml(&both);
        let p = api.operations[0].pagination.as_ref().expect("detected");
        assert!(p.item_id_scalar && p.cursor_scalar);
        assert_eq!(p.backward_param.as_deref(), Some("ending_before"));
        // A text id with UUID cursors: no stream.
        let text_id = list_spec("starting_after", "has_more").replace(
            "in: query, schema: {type: string}}",
            "in: query, schema: {type: string, format: uuid}}",
        );
        assert!(lower_yaml(&text_id).operations[0].pagination.is_none());
    }

    #[test]
    fn nullable_items_get_a_stream_of_options() {
        let spec = list_spec("starting_after", "has_more").replace(
            "    Item:\n      type: object\n",
            "    Item:\n      type: object\n      nullable: true\n",
        );
        let api = lower_yaml(&spec);
        let p = api.operations[0].pagination.as_ref().expect("detected");
        assert_eq!(p.item, TypeRef::Named("Item".into()));
        assert!(p.items_nullable);
        let plain = lower_yaml(&list_spec("starting_after", "has_more"));
        assert!(
            !plain.operations[0]
                .pagination
                .as_ref()
                .unwrap()
                .items_nullable
        );
    }

    #[test]
    fn other_shapes_do_not() {
        // No forward cursor parameter.
        let api = lower_yaml(&list_spec("page", "has_more"));
        assert!(api.operations[0].pagination.is_none());
        // The flag is not a boolean.
        let spec = list_spec("starting_after", "has_more")
            .replace("has_more: {type: boolean}", "has_more: {type: string}");
        assert!(lower_yaml(&spec).operations[0].pagination.is_none());
    }
}
