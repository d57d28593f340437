//! Finding the candidate files under the corpus folder, and what version of
//! OpenAPI (if any) each declares.

use std::path::{Path, PathBuf};

/// File names under node_modules and the like that are never specs.
const NOT_SPECS: &[&str] = &[
    "package.json",
    "package-lock.json",
    ".package-lock.json",
    "npm-shrinkwrap.json",
    "tsconfig.json",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Version {
    Swagger2,
    V30,
    V31,
    Other,
    Unknown,
}

impl Version {
    /// Every version, in report order.
    pub const ALL: [Version; 5] = [
        Version::Swagger2,
        Version::V30,
        Version::V31,
        Version::Other,
        Version::Unknown,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Version::Swagger2 => "2.0",
            Version::V30 => "3.0.x",
            Version::V31 => "3.1.x",
            Version::Other => "other",
            Version::Unknown => "unparsed",
        }
    }
}

/// The candidate files under `root` (or `root` itself when it is a file),
/// sorted, each with its path relative to `root`, keeping those whose
/// relative path contains `filter`.
pub fn find(root: &Path, filter: Option<&str>) -> Result<Vec<(PathBuf, String)>, String> {
    let mut files = Vec::new();
    if root.is_file() {
        files.push(root.to_owned());
    } else if root.is_dir() {
        walk(root, &mut files).map_err(|e| format!("{}: {e}", root.display()))?;
    } else {
        return Err(format!("{}: no such file or folder", root.display()));
    }
    files.sort();
    let mut files: Vec<(PathBuf, String)> = files
        .into_iter()
        .map(|p| {
            let rel = relative(root, &p);
            (p, rel)
        })
        .collect();
    if let Some(f) = filter {
        files.retain(|(_, rel)| rel.contains(f));
    }
    Ok(files)
}

/// `path` relative to `root` with `/` separators; the file name when `path`
/// is `root` itself.
fn relative(root: &Path, p: &Path) -> String {
    let r = p.strip_prefix(root).unwrap_or(p);
    if r.as_os_str().is_empty() {
        p.file_name()
            .unwrap_or(p.as_os_str())
            .to_string_lossy()
            .into_owned()
    } else {
        r.to_string_lossy().replace('\\', "/")
    }
}

/// Collects candidate files under `dir` (symlinks are not followed).
fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let ty = entry.file_type()?;
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if ty.is_dir() {
            if name != ".bin" && name != ".git" {
                walk(&path, out)?;
            }
        } else if ty.is_file() {
            let lower = name.to_ascii_lowercase();
            let is_doc =
                lower.ends_with(".json") || lower.ends_with(".yaml") || lower.ends_with(".yml");
            if is_doc && !NOT_SPECS.contains(&lower.as_str()) {
                out.push(path);
            }
        }
    }
    Ok(())
}

/// The top-level keys that make a file an OpenAPI or Swagger document.
#[derive(serde::Deserialize)]
struct Top {
    openapi: Option<serde_json::Value>,
    swagger: Option<serde_json::Value>,
}

/// What the file declares, or `None` when it is not a spec at all.
pub fn declared_version(path: &Path) -> Option<Version> {
    let Ok(text) = std::fs::read_to_string(path) else {
        // Unreadable: let the generator report it.
        return Some(Version::Unknown);
    };
    let json = text.trim_start().starts_with('{');
    let top: Result<Top, ()> = if json {
        serde_json::from_str(&text).map_err(drop)
    } else {
        serde_yaml::from_str(&text).map_err(drop)
    };
    let top = match top {
        Ok(top) => top,
        Err(()) => {
            // Well-formed but not a mapping: not a spec. Malformed: the
            // generator reports the syntax error.
            let well_formed = if json {
                serde_json::from_str::<serde::de::IgnoredAny>(&text).is_ok()
            } else {
                serde_yaml::from_str::<serde::de::IgnoredAny>(&text).is_ok()
            };
            return if well_formed {
                None
            } else {
                Some(Version::Unknown)
            };
        }
    };
    version_of(&top)
}

/// The version the top-level keys declare, `None` when they declare none.
fn version_of(top: &Top) -> Option<Version> {
    let as_text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match (&top.openapi, &top.swagger) {
        (_, Some(s)) if as_text(s).starts_with('2') => Some(Version::Swagger2),
        (Some(v), _) => {
            let v = as_text(v);
            Some(if v.starts_with("3.0") {
                Version::V30
            } else if v.starts_with("3.1") {
                Version::V31
            } else {
                Version::Other
            })
        }
        (None, Some(_)) => Some(Version::Other),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(file: &str, text: &str) -> Option<Version> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(file);
        std::fs::write(&path, text).unwrap();
        declared_version(&path)
    }

    #[test]
    fn declared_versions() {
        assert_eq!(version("a.yaml", "openapi: 3.0.3\n"), Some(Version::V30));
        assert_eq!(
            version("a.json", "{\"openapi\": \"3.1.0\"}"),
            Some(Version::V31)
        );
        assert_eq!(
            version("a.yaml", "swagger: '2.0'\n"),
            Some(Version::Swagger2)
        );
        assert_eq!(version("a.yaml", "openapi: 4.0.0\n"), Some(Version::Other));
        // Malformed: the generator reports it.
        assert_eq!(version("a.yaml", "openapi: [\n"), Some(Version::Unknown));
        // Well-formed, but not an OpenAPI document.
        assert_eq!(version("a.yaml", "name: app\n"), None);
        assert_eq!(version("a.json", "[1, 2]"), None);
    }

    #[test]
    fn finds_documents_but_not_package_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("a/.git")).unwrap();
        for file in [
            "a/x.json",
            "a/y.YAML",
            "z.yml",
            "a/package.json",
            "a/.git/g.json",
            "n.txt",
        ] {
            std::fs::write(root.join(file), "{}").unwrap();
        }
        let rels: Vec<String> = find(root, None).unwrap().into_iter().map(|f| f.1).collect();
        assert_eq!(rels, ["a/x.json", "a/y.YAML", "z.yml"]);
        let rels: Vec<String> = find(root, Some("y"))
            .unwrap()
            .into_iter()
            .map(|f| f.1)
            .collect();
        assert_eq!(rels, ["a/y.YAML", "z.yml"]);
        let one = find(&root.join("z.yml"), None).unwrap();
        assert_eq!(one[0].1, "z.yml");
        assert!(find(&root.join("missing"), None).is_err());
    }
}
