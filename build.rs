//! Embeds every scenario in `scenarios/` into the binary, so the app and the CLI work with
//! nothing else on disk; for Windows targets, also embeds the program icon and version
//! information in the executable.

use std::{env, fs, path::Path};

fn main() {
    println!("cargo:rerun-if-changed=scenarios");
    let mut files: Vec<String> = fs::read_dir("scenarios")
        .map(|dir| {
            dir.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with(".ron"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut code =
        String::from("/// Scenario files shipped inside the binary: (file name, contents).\n");
    code.push_str("pub static EMBEDDED: &[(&str, &[u8])] = &[\n");
    for name in &files {
        println!("cargo:rerun-if-changed=scenarios/{name}");
        code.push_str(&format!(
            "    ({name:?}, include_bytes!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/scenarios/{name}\"))),\n"
        ));
    }
    code.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
    windows_resources();
}

/// Icon and version information (name, description, version from `Cargo.toml`) for the
/// Windows executable. The build script runs on the host, so the target is read from Cargo's
/// environment, not from `cfg!`. Cross-building from Linux uses MinGW's `windres` and `ar`.
fn windows_resources() {
    println!("cargo:rerun-if-changed=assets/icon/deskaudit.ico");
    if env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    let mut res = winresource::WindowsResource::new();
    if env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu") && !cfg!(windows) {
        res.set_windres_path("x86_64-w64-mingw32-windres")
            .set_ar_path("x86_64-w64-mingw32-ar");
    }
    res.set_icon("assets/icon/deskaudit.ico")
        .set("ProductName", "deskaudit")
        .set(
            "FileDescription",
            "deskaudit: desktop audits of serious and organised crime risk",
        )
        .set(
            "LegalCopyright",
            "deskaudit contributors; MIT OR Apache-2.0",
        );
    if let Err(e) = res.compile() {
        // A Windows build without its icon and version information is not what we ship: stop,
        // and say what to install.
        panic!(
            "could not embed the Windows icon and version information: {e} (install gcc-mingw-w64-x86-64)"
        );
    }
}
