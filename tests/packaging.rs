//! What the installers ship: the window icon decodes and is a real picture, the desktop menu
//! entry starts the program on the PATH with the installed icon, and every file the Debian
//! package lists exists in the repository.

use std::path::Path;

#[test]
fn window_icon_is_a_256_pixel_picture_with_a_transparent_corner_and_an_opaque_middle() {
    let icon = deskaudit::app::window_icon().expect("the embedded PNG decodes");
    assert_eq!((icon.width, icon.height), (256, 256));
    assert_eq!(icon.rgba.len(), 256 * 256 * 4);
    let alpha = |x: usize, y: usize| icon.rgba[(y * 256 + x) * 4 + 3];
    assert_eq!(alpha(0, 0), 0, "the rounded corner is transparent");
    assert_eq!(alpha(128, 128), 255, "the middle is opaque");
    // More than two colours: the mark, not a blank square.
    let mut colours: Vec<[u8; 3]> = icon
        .rgba
        .chunks(4)
        .filter(|p| p[3] == 255)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    colours.sort();
    colours.dedup();
    assert!(colours.len() > 6, "{} colours", colours.len());
}

#[test]
fn desktop_entry_runs_the_program_with_its_icon() {
    let entry = std::fs::read_to_string("assets/icon/deskaudit.desktop").unwrap();
    let lines: Vec<&str> = entry.lines().collect();
    assert_eq!(lines[0], "[Desktop Entry]");
    for wanted in [
        "Type=Application",
        "Exec=deskaudit",
        "Icon=deskaudit",
        "Terminal=false",
    ] {
        assert!(lines.contains(&wanted), "missing {wanted}");
    }
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Categories=") && l.ends_with(';'))
    );
}

#[test]
fn every_file_the_debian_package_installs_is_in_the_repository() {
    let manifest = std::fs::read_to_string("Cargo.toml").unwrap();
    let deb = manifest
        .split("[package.metadata.deb]")
        .nth(1)
        .expect("Cargo.toml has [package.metadata.deb]");
    let assets = deb
        .split("assets = [")
        .nth(1)
        .unwrap()
        .split("\n]")
        .next()
        .unwrap();
    let sources: Vec<&str> = assets
        .lines()
        .filter_map(|l| l.trim().strip_prefix("[\""))
        .filter_map(|l| l.split('"').next())
        .collect();
    assert!(sources.contains(&"target/release/deskaudit"));
    assert!(sources.contains(&"assets/icon/deskaudit.desktop"));
    for source in sources.iter().filter(|s| !s.starts_with("target/")) {
        assert!(
            Path::new(source).is_file(),
            "{source} is listed but missing"
        );
    }
}
