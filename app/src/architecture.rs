//! Checks on the shape of the code that anyone can run with `cargo test`: the layers do not
//! import each other in a circle, time comes only from the injected clock, no wire enum is mapped
//! to strings by hand, and no source file grows past 600 lines.

use std::{
    collections::{BTreeMap, BTreeSet},
    fs,
    path::{Path, PathBuf},
};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the workspace root").to_path_buf()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every Rust file of the project's own crates (tests included, build output excluded).
fn sources() -> Vec<PathBuf> {
    let root = workspace();
    let mut files = Vec::new();
    for dir in ["app/src", "app/views", "app/tests", "server/src", "server/tests"] {
        rust_files(&root.join(dir), &mut files);
    }
    files.sort();
    files
}

fn relative(path: &Path) -> String {
    path.strip_prefix(workspace()).unwrap_or(path).display().to_string()
}

/// The top-level backend module a file belongs to (`services`, `jobs`, …), or `error`.
fn layer_of(path: &str) -> Option<String> {
    if path == "app/src/error.rs" {
        return Some("error".into());
    }
    let rest = path.strip_prefix("app/src/server/")?;
    let first = rest.split('/').next()?;
    Some(first.trim_end_matches(".rs").to_owned())
}

/// The backend layers a file names: `crate::server::x` paths, `server::{x, …}` groups inside
/// `use crate::{…}` trees, and `super::x` from a layer's top-level files.
fn named_layers(text: &str, path: &str, layers: &BTreeSet<String>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let code: String =
        text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
    let mut add = |name: &str| {
        if layers.contains(name) {
            found.insert(name.to_owned());
        }
    };
    for (i, _) in code.match_indices("server::") {
        let after = &code[i + "server::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            // A brace group: the names at its first level.
            let mut depth = 0;
            let mut name = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' | ':' if depth == 0 => {
                        add(name.trim());
                        name.clear();
                    }
                    c if depth == 0 && (c.is_alphanumeric() || c == '_') => name.push(c),
                    c if depth == 0 && c.is_whitespace() => {}
                    _ if depth == 0 => name.clear(),
                    _ => {}
                }
            }
            add(name.trim());
        } else {
            let name: String =
                after.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            add(&name);
        }
    }
    if path.matches('/').count() <= 4 {
        // app/src/server/<layer>/<file>.rs or app/src/server/<layer>.rs: `super::` is `server`.
        for (i, _) in code.match_indices("super::") {
            let name: String =
                code[i + 7..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if path.matches('/').count() == 4 || !name.is_empty() {
                add(&name);
            }
        }
    }
    if code.contains("crate::error") || code.contains("error::AppError") {
        found.insert("error".into());
    }
    found
}

fn import_graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut layers: BTreeSet<String> = ["error".to_owned()].into();
    for path in sources() {
        if let Some(layer) = layer_of(&relative(&path)) {
            layers.insert(layer);
        }
    }
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in sources() {
        let rel = relative(&path);
        let Some(layer) = layer_of(&rel) else { continue };
        if rel.ends_with("/tests.rs") || rel.ends_with("/proptests.rs") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap_or_default();
        let text = text.split("#[cfg(test)]").next().unwrap_or_default();
        let edges = graph.entry(layer.clone()).or_default();
        for named in named_layers(text, &rel, &layers) {
            if named != layer {
                edges.insert(named);
            }
        }
    }
    graph
}

/// A path from `from` back to `to`, if there is one.
fn path_between(
    graph: &BTreeMap<String, BTreeSet<String>>,
    from: &str,
    to: &str,
    seen: &mut BTreeSet<String>,
) -> Option<Vec<String>> {
    if from == to {
        return Some(vec![to.to_owned()]);
    }
    if !seen.insert(from.to_owned()) {
        return None;
    }
    for next in graph.get(from).into_iter().flatten() {
        if let Some(mut rest) = path_between(graph, next, to, seen) {
            rest.insert(0, from.to_owned());
            return Some(rest);
        }
    }
    None
}

#[test]
fn error_db_jobs_and_services_import_no_cycle() {
    let graph = import_graph();
    let core = ["error", "db", "queue", "jobs", "services", "models", "entities"];
    for layer in core {
        for next in graph.get(layer).into_iter().flatten() {
            if let Some(back) = path_between(&graph, next, layer, &mut BTreeSet::new()) {
                panic!("import cycle: {layer} -> {}", back.join(" -> "));
            }
        }
    }
    // The layering the cycle check protects, stated positively.
    assert!(graph["jobs"].contains("services"), "jobs run services");
    assert!(graph["services"].contains("queue"), "services enqueue through the queue");
    assert!(!graph["services"].contains("jobs"), "services never see a job attempt");
    assert!(!graph["error"].contains("services"), "the wire error knows no service");
    assert!(!graph.get("db").is_some_and(|d| d.contains("queue") || d.contains("jobs")));
}

#[test]
fn time_comes_only_from_the_clock() {
    let offenders: Vec<String> = sources()
        .into_iter()
        .filter(|p| !p.ends_with("app/src/server/clock.rs") && !p.ends_with("architecture.rs"))
        .filter(|p| fs::read_to_string(p).is_ok_and(|t| t.contains("Utc::now()")))
        .map(|p| relative(&p))
        .collect();
    assert!(offenders.is_empty(), "Utc::now() outside the clock: {offenders:?}");
}

fn snake_case(variant: &str) -> String {
    let mut out = String::new();
    for (i, c) in variant.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out
}

#[test]
fn no_enum_is_mapped_to_its_wire_spelling_by_hand() {
    // `Self::InProgress => "in_progress"` or `"in_progress" => Some(Self::InProgress)`: the
    // spelling is the variant's own snake_case, which `wire_enum!` already derives.
    let mut offenders = Vec::new();
    for path in sources().into_iter().filter(|p| !p.ends_with("architecture.rs")) {
        let text = fs::read_to_string(&path).unwrap_or_default();
        for line in text.lines() {
            let Some((left, right)) = line.split_once("=>") else { continue };
            let (quoted, code) =
                if left.trim().starts_with('"') { (left, right) } else { (right, left) };
            let Some(literal) = quoted.trim().strip_prefix('"').and_then(|q| q.split('"').next())
            else {
                continue;
            };
            let Some(variant) = code.split("Self::").nth(1) else { continue };
            let variant: String = variant.chars().take_while(|c| c.is_alphanumeric()).collect();
            if !variant.is_empty() && snake_case(&variant) == literal {
                offenders.push(format!("{}: {}", relative(&path), line.trim()));
            }
        }
    }
    assert!(offenders.is_empty(), "hand-written wire spellings: {offenders:#?}");
}

#[test]
fn no_source_file_is_over_600_lines() {
    // Tests, data and landed migrations aside.
    let offenders: Vec<String> = sources()
        .into_iter()
        .map(|p| relative(&p))
        .filter(|p| !p.contains("/tests/") && !p.ends_with("tests.rs"))
        .filter_map(|p| {
            let lines = fs::read_to_string(workspace().join(&p)).ok()?.lines().count();
            (lines > 600).then(|| format!("{p}: {lines}"))
        })
        .collect();
    assert!(offenders.is_empty(), "files over 600 lines: {offenders:?}");
}
