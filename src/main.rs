//! The `deskaudit` binary: parses arguments, then opens the app or runs a CLI command.

use deskaudit::cli::{self, Command};

fn main() {
    let started = std::time::Instant::now();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let parsed = match cli::parse_args(&args) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("deskaudit: {e}");
            std::process::exit(2);
        }
    };
    let data_dir = cli::data_dir(parsed.data_dir.as_deref());
    let mut stdout = std::io::stdout().lock();
    let code = match parsed.command {
        Command::Check { paths, quiet } => cli::check(&paths, quiet, &data_dir, &mut stdout),
        Command::List => cli::list(&data_dir, &mut stdout),
        Command::Report {
            record,
            format,
            output,
        } => cli::report(
            &record,
            &format,
            output.as_deref(),
            &data_dir,
            &mut stdout,
            &mut std::io::stderr(),
        ),
        Command::Programme {
            from,
            to,
            areas,
            format,
            output,
        } => deskaudit::cli_programme::programme(
            from.as_deref(),
            to.as_deref(),
            &areas,
            &format,
            output.as_deref(),
            &data_dir,
            &mut stdout,
            &mut std::io::stderr(),
        ),
        Command::ExportRecord { id, output } => {
            deskaudit::cli_programme::export_record(&id, &output, &data_dir, &mut std::io::stderr())
        }
        Command::Import { files } => {
            deskaudit::cli_programme::import(&files, &data_dir, &mut stdout)
        }
        Command::Help => {
            print!("{}", cli::USAGE);
            0
        }
        Command::Gui => {
            let library = cli::standard_library(&data_dir);
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
