//! `no_run` examples for the client, each operation and each stream method,
//! written when the module's path in its crate is known
//! ([`super::EmitOptions::doc_examples`]). They compile as doctests.

use proc_macro2::TokenStream;

use super::{ident, own_doc, Emitter};
use crate::ir::*;

impl Emitter<'_> {
    /// The runtime path as text (`::apigen_runtime`).
    fn rt_text(&self) -> String {
        self.rt.to_string().replace(' ', "")
    }

    /// `## Example` and a `no_run` block around `body` (lines; `# ` hides one).
    fn example(&self, body: &[String]) -> TokenStream {
        let mut text = String::from("# Example\n\n```no_run\n");
        for line in body {
            text.push_str(line);
            text.push('\n');
        }
        text.push_str("```");
        let blank = own_doc("");
        let doc = own_doc(&text);
        quote::quote!(#blank #doc)
    }

    /// How the example builds a client.
    fn example_client(&self, path: &str) -> Vec<String> {
        let mut lines = vec![format!("let client = {path}::Client::builder()")];
        for s in &self.api.security_schemes {
            let m = ident(&s.method);
            lines.push(match s.kind {
                SecurityKind::Basic => format!("    .{m}(\"my-key\", None)"),
                _ => format!("    .{m}(\"my-key\")"),
            });
        }
        lines.push("    .build()?;".into());
        lines
    }

    pub(super) fn client_example(&self) -> TokenStream {
        let Some(path) = self.doc_examples else {
            return TokenStream::new();
        };
        let mut body =
            vec!["# async fn example() -> Result<(), Box<dyn std::error::Error>> {".to_owned()];
        body.extend(self.example_client(path));
        if let Some(op) = self.api.operations.first() {
            body.extend(self.example_params(path, op, true));
            body.push(format!(
                "let response = client.{}({}).await?;",
                ident(&op.name),
                example_args(op)
            ));
            body.push("# let _ = response;".into());
        }
        body.push("# Ok(())".into());
        body.push("# }".into());
        self.example(&body)
    }

    /// The params value: `Default` when nothing is required, else a
    /// placeholder the reader fills in.
    fn example_params(&self, path: &str, op: &Operation, with_body: bool) -> Vec<String> {
        let mut lines = Vec::new();
        if !op.params.is_empty() {
            let ty = ident(&op.params_type);
            if op.params.iter().any(|p| p.required) {
                lines.push(format!("// Fill in the required fields of `{ty}`."));
                lines.push(format!("let params: {path}::{ty} = todo!();"));
            } else {
                lines.push(format!("let params = {path}::{ty}::default();"));
            }
        }
        if with_body && op.body.is_some() {
            lines.push("let body = todo!(); // the request body".into());
        }
        lines
    }

    pub(super) fn operation_example(&self, op: &Operation) -> TokenStream {
        let Some(path) = self.doc_examples else {
            return TokenStream::new();
        };
        let mut body = vec![format!(
            "# async fn example(client: &{path}::Client) -> Result<(), Box<dyn std::error::Error>> {{"
        )];
        body.extend(self.example_params(path, op, true));
        body.push(format!(
            "let response = client.{}({}).await?;",
            ident(&op.name),
            example_args(op)
        ));
        body.push("# let _ = response;".into());
        body.push("# Ok(())".into());
        body.push("# }".into());
        self.example(&body)
    }

    pub(super) fn stream_example(&self, op: &Operation, p: &Pagination) -> TokenStream {
        let Some(path) = self.doc_examples else {
            return TokenStream::new();
        };
        let rt = self.rt_text();
        let mut body = vec![
            format!("use {rt}::futures::TryStreamExt;"),
            String::new(),
            format!(
                "# async fn example(client: &{path}::Client) -> Result<(), Box<dyn std::error::Error>> {{"
            ),
        ];
        body.extend(self.example_params(path, op, false));
        body.push(format!(
            "let mut items = std::pin::pin!(client.{}(&params));",
            ident(&p.method)
        ));
        body.push("while let Some(item) = items.try_next().await? {".into());
        body.push("    let _ = item; // one item at a time, pages fetched as needed".into());
        body.push("}".into());
        body.push("# Ok(())".into());
        body.push("# }".into());
        self.example(&body)
    }
}

/// The call's arguments: `&params` when it has params, then the body.
fn example_args(op: &Operation) -> String {
    let mut args = Vec::new();
    if !op.params.is_empty() {
        args.push("&params");
    }
    if op.body.is_some() {
        args.push("body");
    }
    args.join(", ")
}
