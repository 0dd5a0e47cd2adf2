//! The `deskaudit` binary: parses arguments, then opens the app or runs a CLI command.
//!
//! On Windows the release program is a windowed program (no console window opens behind the
//! app); `scripts/dist.sh` also ships a console build as `deskaudit.com` for the terminal.

// Debug builds keep their console on Windows so that panics and logs stay visible.
#![cfg_attr(
    all(windows, not(feature = "console"), not(debug_assertions)),
    windows_subsystem = "windows"
)]

use deskaudit::cli;

fn main() {
    let started = std::time::Instant::now();
    if std::env::args_os().len() > 1 {
        deskaudit::platform::attach_parent_console();
    }
    // `args_os`: an argument that is not valid UTF-8 is a usage error (exit 2), not a panic.
    let parsed = match cli::parse_args(std::env::args_os().skip(1)) {
        Ok(a) => a,
        // Help and version go to standard output with 0; usage errors to standard error with 2.
        Err(e) => e.exit(),
    };
    let data_dir = cli::data_dir(parsed.data_dir.as_deref());
    let code = match &parsed.command {
        Some(command) => cli::run(command, &data_dir),
        None => {
            deskaudit::platform::keep_large_blocks_apart();
            // Only what the library screen needs before the first frame; the checks that
            // explore each scenario's states run in the background (see `app::analysis`).
            let library =
                cli::standard_library_with(&data_dir, deskaudit::scenario::load::Checks::Quick);
            let probe = std::env::var_os("DESKAUDIT_FIRST_FRAME_PROBE").map(|_| started);
            match deskaudit::app::run(data_dir, library, probe) {
                Ok(()) => 0,
                Err(e) => {
                    eprintln!("deskaudit: could not open the window: {e}");
                    1
                }
            }
        }
    };
    std::process::exit(code);
}
