//! Where the page's stylesheet, JS glue and WASM bundle live, worked out once per process.
//!
//! cargo-leptos names them by content (`study-companion.<md5>.wasm`, `hash-files`) and leaves the
//! hashes in `hash.txt` next to the executable. Leptos' `HashedStylesheet` and
//! `HydrationScripts` read that file on every render (a `readlink`, two `stat`s, an `open` and a
//! `read` each: 14 system calls per page, ~10 % of `GET /login`, issue 15); the names cannot
//! change while the process runs, so the shell reads them from here instead.

use std::collections::HashMap;

use leptos::config::LeptosOptions;

/// The three URLs the shell links to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssetNames {
    pub css: String,
    pub js: String,
    pub wasm: String,
}

impl AssetNames {
    /// From `hash.txt` next to the executable when the site was built with hashed names.
    pub fn for_site(options: &LeptosOptions) -> Self {
        let hashes = options
            .hash_files
            .then(|| {
                let exe = std::env::current_exe().ok()?;
                std::fs::read_to_string(exe.parent()?.join(options.hash_file.as_ref())).ok()
            })
            .flatten();
        if options.hash_files && hashes.is_none() {
            tracing::error!("file hashing is on but no hash file was found; plain names are used");
        }
        Self::from_hashes(options, hashes.as_deref())
    }

    /// `hashes` is cargo-leptos' `hash.txt` (lines such as `wasm: 0a1b…`), if there is one.
    pub fn from_hashes(options: &LeptosOptions, hashes: Option<&str>) -> Self {
        let hashes: HashMap<&str, &str> = hashes
            .unwrap_or_default()
            .lines()
            .filter_map(|line| line.split_once(':'))
            .map(|(file, hash)| (file.trim(), hash.trim()))
            .collect();
        let pkg = &options.site_pkg_dir;
        let url = |kind: &str, stem: &str, extension: &str| match hashes.get(kind) {
            Some(hash) => format!("/{pkg}/{stem}.{hash}.{extension}"),
            None => format!("/{pkg}/{stem}.{extension}"),
        };
        let name = options.output_name.as_ref();
        // Without cargo-leptos (tests, plain `cargo build`) wasm-bindgen's default name applies.
        let wasm_stem = if hashes.is_empty() && option_env!("LEPTOS_OUTPUT_NAME").is_none() {
            format!("{name}_bg")
        } else {
            name.to_owned()
        };
        Self {
            css: url("css", name, "css"),
            js: url("js", name, "js"),
            wasm: url("wasm", &wasm_stem, "wasm"),
        }
    }
}

#[cfg(test)]
mod tests {
    use leptos::config::LeptosOptions;

    use super::AssetNames;

    fn options() -> LeptosOptions {
        LeptosOptions::builder().output_name("study-companion").site_pkg_dir("pkg").build()
    }

    #[test]
    fn hashed_names_come_from_the_hash_file() {
        let names = AssetNames::from_hashes(&options(), Some("js: 1111\nwasm: 2222\ncss: 3333\n"));
        assert_eq!(names.css, "/pkg/study-companion.3333.css");
        assert_eq!(names.js, "/pkg/study-companion.1111.js");
        assert_eq!(names.wasm, "/pkg/study-companion.2222.wasm");
    }

    #[test]
    fn without_a_hash_file_the_names_are_plain() {
        let names = AssetNames::from_hashes(&options(), None);
        assert_eq!(names.css, "/pkg/study-companion.css");
        assert_eq!(names.js, "/pkg/study-companion.js");
        assert!(names.wasm.starts_with("/pkg/study-companion"), "{}", names.wasm);
        assert!(names.wasm.ends_with(".wasm"), "{}", names.wasm);
    }
}
