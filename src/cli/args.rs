//! The command line's grammar, declared once with `clap`'s derive: each command is a variant of
//! [`Command`] with its own options, so an option is accepted only where it means something.
//!
//! Arguments are read as OS strings: a path that is not valid UTF-8 is still a path, and any
//! other argument that is not valid UTF-8 is a usage error (exit code 2), never a panic.
//!
//! To add a command: add a variant (its doc comment is its line in `deskaudit help`), give it
//! an `Args` struct if it takes options, and handle it in [`crate::cli::run`].

use crate::report::Format;
use clap::{Args, Parser, Subcommand};
use std::ffi::OsString;
use std::path::PathBuf;

/// Desktop audits of serious and organised crime risk for councils. With no command, opens the
/// app.
#[derive(Clone, Debug, Parser, PartialEq, Eq)]
#[command(
    name = "deskaudit",
    version,
    after_help = "The data folder is --data-dir, else the environment variable DESKAUDIT_DATA, \
                  else the platform's data folder (e.g. ~/.local/share/deskaudit)."
)]
pub struct Cli {
    /// Where sessions, settings, reports and your own scenarios are kept
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// What to do; none opens the app
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands.
#[derive(Clone, Debug, Subcommand, PartialEq, Eq)]
pub enum Command {
    /// Validate and analyse scenario files or folders
    Check(CheckArgs),
    /// List the scenarios found, with where they came from
    List,
    /// Export a session for the committee: printable HTML, Markdown, or CSV of decisions
    Report(ReportArgs),
    /// Write a small, valid scenario to start from, with comments explaining each part
    New(NewArgs),
    /// Draw a scenario's branch map as a self-contained SVG
    Map(MapArgs),
    /// The six-month review of the programme for the Crime and Disorder Committee
    Programme(ProgrammeArgs),
    /// Write one session record to a file to send or carry to whoever runs the programme
    ExportRecord(ExportRecordArgs),
    /// Bring record files from other laptops into the data folder (checked first; duplicates
    /// skipped)
    Import(ImportArgs),
}

/// `deskaudit programme`.
#[derive(Clone, Debug, Args, PartialEq, Eq)]
pub struct ProgrammeArgs {
    /// First date covered, YYYY-MM-DD (default: the first session)
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last date covered, YYYY-MM-DD (default: today)
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Only sessions of scenarios in this area (repeat for several; default: all)
    #[arg(long = "area", value_name = "AREA")]
    pub areas: Vec<String>,
    /// html, md, csv (the recommendations) or attendance-csv (who took part)
    #[arg(
        short,
        long,
        value_name = "html|md|csv|attendance-csv",
        default_value = "html"
    )]
    pub format: String,
    /// Write to FILE (by atomic replace) instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `deskaudit export-record`.
#[derive(Clone, Debug, Args, PartialEq, Eq)]
pub struct ExportRecordArgs {
    /// The session's id (as `deskaudit` names its record, e.g. 20261130030411-000007)
    #[arg(value_name = "ID")]
    pub id: String,
    /// Where to write the record file
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

/// `deskaudit import`.
#[derive(Clone, Debug, Args, PartialEq, Eq)]
pub struct ImportArgs {
    /// Record files written by `export-record` or "Send my result"
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
}

/// `deskaudit new`.
#[derive(Clone, Debug, Args, PartialEq, Eq)]
pub struct NewArgs {
    /// The file to create (never overwritten)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The scenario's title
    #[arg(long, value_name = "TITLE")]
    pub title: Option<String>,
    /// The scenario's area (Licensing, Procurement, Housing, …)
    #[arg(long, value_name = "AREA")]
    pub area: Option<String>,
}

/// `deskaudit map`.
#[derive(Clone, Debug, Args, PartialEq, Eq)]
pub struct MapArgs {
    /// A scenario file, or a built-in scenario's id
    #[arg(value_name = "FILE")]
    pub file: String,
    /// Where to write the SVG (`-` for standard output; default: beside the file)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `deskaudit check`.
#[derive(Clone, Debug, Args, PartialEq, Eq)]
pub struct CheckArgs {
    /// Print only the problems
    #[arg(short, long)]
    pub quiet: bool,
    /// Keep running and check again every time a scenario file is saved
    #[arg(short, long)]
    pub watch: bool,
    /// Scenario files or folders (none: the built-in scenarios and your own folder)
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

/// `deskaudit report`.
#[derive(Clone, Debug, Args, PartialEq, Eq)]
pub struct ReportArgs {
    /// A session record file, or a session id in the data folder
    #[arg(value_name = "RECORD")]
    pub record: PathBuf,
    /// html, md or csv
    #[arg(
        short,
        long,
        value_name = "html|md|csv",
        default_value = "html",
        value_parser = parse_format
    )]
    pub format: Format,
    /// Write to FILE (by atomic replace) instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::parse(s).ok_or_else(|| "use html, md or csv".to_owned())
}

/// Parses the arguments that follow the program name. On `Err`, `clap::Error::exit` prints
/// the message (help and version to standard output, problems to standard error) and exits
/// with 0 for help and version, 2 for a usage error.
pub fn parse_args<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    Cli::try_parse_from(
        std::iter::once(OsString::from("deskaudit")).chain(args.into_iter().map(Into::into)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::error::ErrorKind;

    fn ok(args: &[&str]) -> Cli {
        parse_args(args).unwrap_or_else(|e| panic!("{args:?}: {e}"))
    }

    fn err(args: &[&str]) -> clap::Error {
        match parse_args(args) {
            Ok(c) => panic!("{args:?} parsed as {c:?}"),
            Err(e) => e,
        }
    }

    fn report(cli: Cli) -> ReportArgs {
        match cli.command {
            Some(Command::Report(r)) => r,
            other => panic!("not report: {other:?}"),
        }
    }

    #[test]
    fn the_grammar_is_consistent() {
        <Cli as clap::CommandFactory>::command().debug_assert();
    }

    #[test]
    fn no_arguments_opens_the_app() {
        assert_eq!(
            ok(&[]),
            Cli {
                data_dir: None,
                command: None
            }
        );
        assert_eq!(ok(&["--data-dir", "d"]).data_dir, Some(PathBuf::from("d")));
    }

    #[test]
    fn check_takes_quiet_and_paths_in_any_order() {
        for args in [
            &["check", "-q", "a.ron", "dir"][..],
            &["check", "a.ron", "--quiet", "dir"],
        ] {
            assert_eq!(
                ok(args).command,
                Some(Command::Check(CheckArgs {
                    quiet: true,
                    watch: false,
                    paths: vec!["a.ron".into(), "dir".into()]
                }))
            );
        }
        assert_eq!(
            ok(&["check"]).command,
            Some(Command::Check(CheckArgs {
                quiet: false,
                watch: false,
                paths: vec![]
            }))
        );
    }

    #[test]
    fn options_with_equals_work_everywhere() {
        let r = report(ok(&[
            "--data-dir=/d",
            "report",
            "rec",
            "--format=md",
            "--output=out.md",
        ]));
        assert_eq!(r.format, Format::Markdown);
        assert_eq!(r.output, Some(PathBuf::from("out.md")));
        let r = report(ok(&["report", "rec", "-f", "csv", "-o=x.csv"]));
        assert_eq!((r.format, r.output), (Format::Csv, Some("x.csv".into())));
        let cli = ok(&["report", "--data-dir=/e", "rec"]);
        assert_eq!(cli.data_dir, Some(PathBuf::from("/e")));
        assert_eq!(report(cli).format, Format::Html, "html is the default");
    }

    #[test]
    fn data_dir_is_accepted_before_or_after_the_command() {
        assert_eq!(
            ok(&["list", "--data-dir", "x"]).data_dir,
            Some(PathBuf::from("x"))
        );
        assert_eq!(
            ok(&["--data-dir", "x", "list"]).data_dir,
            Some(PathBuf::from("x"))
        );
    }

    #[test]
    fn options_are_refused_where_they_do_not_apply() {
        assert_eq!(err(&["list", "-o", "f"]).kind(), ErrorKind::UnknownArgument);
        assert_eq!(err(&["list", "--quiet"]).kind(), ErrorKind::UnknownArgument);
        assert_eq!(
            err(&["report", "rec", "--quiet"]).kind(),
            ErrorKind::UnknownArgument
        );
        assert_eq!(
            err(&["check", "--format", "md"]).kind(),
            ErrorKind::UnknownArgument
        );
        assert_eq!(
            err(&["--quiet", "check"]).kind(),
            ErrorKind::UnknownArgument
        );
        assert_eq!(err(&["list", "extra"]).kind(), ErrorKind::UnknownArgument);
    }

    #[test]
    fn usage_errors_exit_two_and_help_exits_zero() {
        for args in [
            &["chek"][..],
            &["report"],
            &["report", "rec", "--format", "pdf"],
            &["report", "rec", "-o"],
            &["--data-dir"],
            &["list", "--bogus"],
        ] {
            assert_eq!(err(args).exit_code(), 2, "{args:?}");
        }
        for args in [&["help"][..], &["--help"], &["-h"], &["help", "report"]] {
            let e = err(args);
            assert_eq!(e.kind(), ErrorKind::DisplayHelp, "{args:?}");
            assert_eq!(e.exit_code(), 0);
        }
    }

    #[test]
    fn a_mistyped_command_gets_a_suggestion() {
        let e = err(&["chek"]);
        assert_eq!(e.kind(), ErrorKind::InvalidSubcommand);
        assert!(e.to_string().contains("'check'"), "{e}");
        let e = err(&["reprot", "x"]);
        assert!(e.to_string().contains("'report'"), "{e}");
    }

    #[test]
    fn a_bad_format_says_what_is_allowed() {
        let e = err(&["report", "rec", "--format", "pdf"]);
        assert_eq!(e.kind(), ErrorKind::ValueValidation);
        assert!(e.to_string().contains("use html, md or csv"), "{e}");
        assert_eq!(
            report(ok(&["report", "rec", "--format", "Markdown"])).format,
            Format::Markdown
        );
    }

    #[cfg(unix)]
    #[test]
    fn arguments_that_are_not_utf8_never_panic() {
        use std::os::unix::ffi::OsStringExt;
        let bad = || OsString::from_vec(vec![0xff, b'x', 0xfe]);
        // As a command: a usage error, exit 2, naming it with the bytes replaced.
        let e = parse_args([bad()]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidSubcommand);
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("'\u{FFFD}x\u{FFFD}'"), "{e}");
        // As an option's value where text is needed: the same.
        let e = parse_args([
            OsString::from("report"),
            "r".into(),
            "--format".into(),
            bad(),
        ])
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidUtf8);
        assert_eq!(e.exit_code(), 2);
        // As a path, it is just a path, byte for byte.
        let cli = parse_args([OsString::from("check"), bad()]).unwrap();
        assert_eq!(
            cli.command,
            Some(Command::Check(CheckArgs {
                quiet: false,
                watch: false,
                paths: vec![PathBuf::from(bad())]
            }))
        );
        let cli = parse_args([OsString::from("report"), bad(), "-o".into(), bad()]).unwrap();
        let r = report(cli);
        assert_eq!((r.record, r.output), (bad().into(), Some(bad().into())));
        let cli = parse_args([OsString::from("--data-dir"), bad()]).unwrap();
        assert_eq!(cli.data_dir, Some(PathBuf::from(bad())));
    }
}
