#!/usr/bin/env bash
# Builds what a council installs, from a clean checkout on Linux (Debian):
#   dist/deskaudit-VERSION-windows-x86_64.zip   deskaudit.exe (the app, no console window),
#                                                deskaudit.com (the same program for a terminal),
#                                                README, licences
#   dist/deskaudit_VERSION-1_amd64.deb           the app on the PATH and in the desktop menu
# Installs what it needs if missing (as root: the MinGW cross-compiler, the Rust target for
# Windows, cargo-deb, zip). DIST_PROFILE picks the Cargo profile (default `dist`: optimised and
# stripped; CI uses `ci-dist`, the same but quicker to compile). DIST_ONLY=windows|deb builds one.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=${DIST_PROFILE:-dist}
only=${DIST_ONLY:-}
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n1)
target=x86_64-pc-windows-gnu
mkdir -p dist

need_apt=()
command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || need_apt+=(gcc-mingw-w64-x86-64)
command -v zip >/dev/null 2>&1 || need_apt+=(zip)
command -v dpkg-deb >/dev/null 2>&1 || need_apt+=(dpkg-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

windows() {
    rustup target list --installed | grep -qx "$target" || rustup target add "$target"
    local name="deskaudit-$version-windows-x86_64"
    local stage="dist/$name"
    local out="target/$target/$profile"
    rm -rf "$stage" "dist/$name.zip"
    mkdir -p "$stage"
    # The console build first: both builds write deskaudit.exe.
    echo "== Windows console program (deskaudit.com)"
    cargo build --locked --profile "$profile" --target "$target" --features console --bin deskaudit
    cp "$out/deskaudit.exe" "$stage/deskaudit.com"
    echo "== Windows program (deskaudit.exe)"
    cargo build --locked --profile "$profile" --target "$target" --bin deskaudit
    cp "$out/deskaudit.exe" "$stage/deskaudit.exe"
    cp README.md LICENSE-MIT LICENSE-APACHE "$stage/"
    # Check what was built: the app must not open a console; the .com must be a console program.
    local gui cui
    gui=$(x86_64-w64-mingw32-objdump -p "$stage/deskaudit.exe" | sed -n 's/^Subsystem.*(\(.*\))/\1/p')
    cui=$(x86_64-w64-mingw32-objdump -p "$stage/deskaudit.com" | sed -n 's/^Subsystem.*(\(.*\))/\1/p')
    case "$gui" in *"Windows GUI"*) ;; *) echo "deskaudit.exe subsystem is '$gui', expected Windows GUI" >&2; exit 1 ;; esac
    case "$cui" in *"Windows CUI"*) ;; *) echo "deskaudit.com subsystem is '$cui', expected Windows CUI" >&2; exit 1 ;; esac
    if ! x86_64-w64-mingw32-objdump -h "$stage/deskaudit.exe" | grep -q '\.rsrc'; then
        echo "deskaudit.exe has no resources (icon and version information)" >&2; exit 1
    fi
    (cd dist && zip -qr "$name.zip" "$name")
    echo "dist/$name.zip: $(du -h "dist/$name.zip" | cut -f1) (deskaudit.exe $(du -h "$stage/deskaudit.exe" | cut -f1), $gui; deskaudit.com $cui)"
}

deb() {
    command -v cargo-deb >/dev/null 2>&1 || cargo install --locked cargo-deb
    echo "== Debian package"
    local deb
    deb=$(cargo deb --locked --profile "$profile" --output dist/ | tail -n1)
    echo "$deb: $(du -h "$deb" | cut -f1)"
}

case "$only" in
    windows) windows ;;
    deb) deb ;;
    "") windows; deb ;;
    *) echo "DIST_ONLY must be windows or deb" >&2; exit 2 ;;
esac
# Checksums for the council's IT team to check a download against.
(cd dist && sha256sum ./*.zip ./*.deb 2>/dev/null | sed 's| \./| |' > SHA256SUMS || true)
echo "dist/SHA256SUMS:"; cat dist/SHA256SUMS
