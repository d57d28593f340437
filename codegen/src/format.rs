//! Stage 4: tokens to formatted source with the `@generated` header.

use std::path::Path;

use proc_macro2::TokenStream;

use crate::error::{Error, Result};

/// What the header of a generated file says.
#[derive(Debug, Clone)]
pub struct Header<'a> {
    /// The spec the file comes from, as shown in the header.
    pub spec: &'a Path,
    /// The command that regenerates the file.
    pub command: &'a str,
}

/// Formats a module with prettyplease, then with rustfmt when `rustfmt` is
/// true and a rustfmt is installed (so the file matches `cargo fmt`), and
/// puts the header on top.
pub fn format(tokens: TokenStream, header: &Header<'_>, rustfmt: bool) -> Result<String> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| Error::Internal {
        path: header.spec.to_owned(),
        message: e.to_string(),
    })?;
    let mut body = space_items(&prettyplease::unparse(&file));
    if rustfmt {
        if let Some(formatted) = run_rustfmt(&body) {
            body = formatted;
        }
    }
    Ok(format!("{}\n{body}", header_text(header)))
}

/// Emits and formats a whole module, one [`crate::emit::Part`] at a time on up to
/// `threads` threads, then spaces items, runs rustfmt when asked, and puts
/// the header on top. The output does not depend on `threads`.
pub fn format_api(
    api: &crate::ir::Api,
    runtime: &str,
    header: &Header<'_>,
    rustfmt: bool,
    threads: usize,
) -> Result<String> {
    use crate::emit;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;

    let parts = emit::parts(api);
    let results: Mutex<Vec<Option<std::result::Result<String, String>>>> =
        Mutex::new(vec![None; parts.len()]);
    let next = AtomicUsize::new(0);
    let work = || loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(part) = parts.get(i) else { break };
        // Token streams are not Send: each thread builds its own.
        let result = runtime
            .parse::<TokenStream>()
            .map_err(|e| format!("runtime crate path `{runtime}`: {e}"))
            .and_then(|rt| {
                let tokens = emit::emit_part(api, &emit::EmitOptions { runtime: rt }, part);
                syn::parse2::<syn::File>(tokens).map_err(|e| e.to_string())
            })
            .map(|file| prettyplease::unparse(&file));
        if let Ok(mut results) = results.lock() {
            results[i] = Some(result);
        }
    };
    let threads = threads.clamp(1, parts.len().max(1));
    std::thread::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(work);
        }
        work();
    });
    let results = results.into_inner().unwrap_or_default();
    let mut body = String::new();
    for result in results {
        match result {
            Some(Ok(text)) => body.push_str(&text),
            Some(Err(message)) => {
                return Err(Error::Internal {
                    path: header.spec.to_owned(),
                    message,
                })
            }
            None => {
                return Err(Error::Internal {
                    path: header.spec.to_owned(),
                    message: "a formatting thread failed".into(),
                })
            }
        }
    }
    let mut body = space_items(&body);
    if rustfmt {
        if let Some(formatted) = run_rustfmt(&body) {
            body = formatted;
        }
    }
    Ok(format!("{}\n{body}", header_text(header)))
}

/// Puts a blank line between items (prettyplease packs them), which rustfmt
/// keeps: after a line that closes an item (`}` or `};` alone, or a one-line
/// item ending in `;`) when the next line at the same indentation starts a
/// new item.
fn space_items(source: &str) -> String {
    let lines: Vec<&str> = source.lines().collect();
    let mut out = String::with_capacity(source.len() + source.len() / 20);
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        out.push('\n');
        let Some(next) = lines.get(i + 1) else {
            continue;
        };
        let indent = line.len() - line.trim_start().len();
        let next_indent = next.len() - next.trim_start().len();
        let closes = matches!(line.trim(), "}" | "};" | "});" | ");")
            || (line.trim_end().ends_with(';')
                && !line.trim_start().starts_with("//")
                && !line.trim_start().starts_with("#[")
                && starts_item(line.trim_start()));
        if closes && indent == next_indent && indent <= 4 && starts_item(next.trim_start()) {
            out.push('\n');
        }
    }
    out
}

fn starts_item(line: &str) -> bool {
    [
        "///",
        "#[",
        "pub ",
        "impl",
        "fn ",
        "struct ",
        "enum ",
        "type ",
        "const ",
        "async fn",
        "use ",
        "__private::",
    ]
    .iter()
    .any(|p| line.starts_with(p))
}

/// Pipes source through rustfmt (`$RUSTFMT` or `rustfmt` on the PATH).
/// `None` when rustfmt is missing or fails: the prettyplease output stands.
fn run_rustfmt(source: &str) -> Option<String> {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let program = std::env::var_os("RUSTFMT").unwrap_or_else(|| "rustfmt".into());
    let mut child = Command::new(program)
        .args(["--edition", "2021", "--emit", "stdout", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    let input = source.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().ok()?;
    writer.join().ok()?.ok()?;
    if !output.status.success() {
        return None;
    }
    String::from_utf8(output.stdout).ok()
}

/// The comment lines at the top of every generated file.
pub fn header_text(header: &Header<'_>) -> String {
    let spec = header.spec.to_string_lossy().replace('\\', "/");
    format!(
        "// @generated by apigen {} from `{spec}`. Do not edit.\n// Regenerate with `{}`.\n",
        env!("CARGO_PKG_VERSION"),
        header.command
    )
}
