//! The `chibo` command's help and argument errors in the user's language. The Vietnamese
//! texts live in the clap derive attributes (the default); the table below replaces them when
//! English is asked for. Headings, value names, the help and version flags and the
//! parser's error messages are translated here too, so no clap English leaks into a
//! Vietnamese session.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory};

/// English with `--lang en` anywhere on the command line or `CHIBO_LANG=en`.
pub fn wants_english() -> bool {
    let args: Vec<String> = std::env::args().collect();
    let flag = args.windows(2).any(|w| w[0] == "--lang" && w[1] == "en")
        || args.iter().any(|a| a == "--lang=en");
    flag || std::env::var("CHIBO_LANG").is_ok_and(|v| v.starts_with("en"))
}

/// (path of subcommand names, argument id or "" for the command itself, English text)
const EN: &[(&str, &str, &str)] = &[
    ("", "", "chibo — software for party cell meetings"),
    (
        "",
        "config",
        "TOML configuration file (default: chibo.toml if present)",
    ),
    (
        "",
        "database",
        "Database: sqlite://path/to/file.db or postgres://…",
    ),
    ("", "lang", "Language of help and messages: vi or en"),
    ("serve", "", "Run the web server"),
    (
        "serve",
        "address",
        "Address to listen on, e.g. 127.0.0.1:8080",
    ),
    (
        "serve",
        "demo",
        "Load the demo data if the database is empty, and print the demo logins",
    ),
    ("migrate", "", "Bring the database schema up to date"),
    (
        "deadlines",
        "",
        "Admission and membership deadlines (transfers, exemptions) and removal alerts falling due in an organisation and below it (date, working days left, rule)",
    ),
    ("deadlines", "org", "Organisation id"),
    (
        "deadlines",
        "within",
        "Only what falls due within this many working days (overdue included)",
    ),
    ("demo", "", "Load the demo data into an empty database"),
    ("user", "", "Manage logins"),
    (
        "user add",
        "",
        "Create a login; the password is read from standard input or prompted",
    ),
    ("user add", "login", "Login name"),
    ("user add", "admin", "System administrator"),
    (
        "user add",
        "staff",
        "Staff of a committee (organisation id); sees the tree below it",
    ),
    ("user add", "person", "Link to a person (person id)"),
    (
        "user add",
        "name",
        "Display name (for a login not linked to a person)",
    ),
    (
        "user add",
        "password_stdin",
        "Read the password from standard input (one line)",
    ),
    (
        "user passwd",
        "",
        "Change a password; ends every session of the login",
    ),
    ("user passwd", "login", "Login name"),
    (
        "user passwd",
        "password_stdin",
        "Read the password from standard input (one line)",
    ),
    (
        "export",
        "",
        "Export a document of a meeting whose minutes are approved, as Word (DOCX) or PDF, or a register as Excel",
    ),
    ("export minutes", "", "The minutes of the meeting (from the approved minutes)"),
    ("export minutes", "meeting", "Meeting id"),
    ("export minutes", "format", "Format: docx or pdf"),
    ("export minutes", "out", "Target file (must not exist)"),
    (
        "export resolution",
        "",
        "The meeting's resolution (a draft without a number until the secretary signs it)",
    ),
    ("export resolution", "meeting", "Meeting id"),
    ("export resolution", "format", "Format: docx or pdf"),
    ("export resolution", "out", "Target file (must not exist)"),
    (
        "export topic",
        "",
        "The final text of a thematic meeting's topic (from the approved minutes)",
    ),
    ("export topic", "meeting", "Meeting id"),
    ("export topic", "format", "Format: docx or pdf"),
    ("export topic", "out", "Target file (must not exist)"),
    (
        "export year",
        "",
        "Every document of a cell's year (Word and PDF) and its registers (Excel) in one zip file, with a progress bar",
    ),
    ("export year", "org", "Cell id"),
    ("export year", "year", "Year (default: this year)"),
    ("export year", "out", "Target zip file (must not exist)"),
    (
        "export register",
        "",
        "A register of the cell as an Excel workbook (XLSX): member list, attendance register, meetings of the year, open tasks",
    ),
    (
        "export register",
        "kind",
        "members, attendance, meetings or tasks",
    ),
    ("export register", "org", "Cell id"),
    ("export register", "year", "Year (default: this year)"),
    ("export register", "out", "Target file (must not exist)"),
    ("backup", "", "Back the database up to a file"),
    ("backup", "file", "Target file (must not exist)"),
    (
        "restore",
        "",
        "Restore the database from a backup file (stop the server first): shows what will be replaced, asks for confirmation, keeps the replaced database",
    ),
    ("restore", "file", "Backup file"),
    ("restore", "yes", "Do not ask for confirmation (for scripts)"),
    (
        "calendar",
        "",
        "Working-day calendar, public holidays and the lunar calendar (uses the days an administrator entered when a database is given by --database or the configuration file; otherwise the built-in data)",
    ),
    (
        "calendar holidays",
        "",
        "List the public holidays of a year",
    ),
    ("calendar holidays", "year", "Year, e.g. 2026"),
    (
        "calendar add-working-days",
        "",
        "The N-th working day after a date (the date itself does not count)",
    ),
    (
        "calendar add-working-days",
        "date",
        "Start date (dd/mm/yyyy or yyyy-mm-dd)",
    ),
    ("calendar add-working-days", "n", "Number of working days"),
    (
        "calendar lunar",
        "",
        "Convert a date to the Vietnamese lunar calendar",
    ),
    ("calendar lunar", "date", "Date (dd/mm/yyyy or yyyy-mm-dd)"),
    ("", "iso", "Print dates as ISO yyyy-mm-dd instead of dd/mm/yyyy, for scripts"),
    (
        "bench",
        "",
        "Load test: requests per second of the cell page against /healthz (demo data, temporary SQLite)",
    ),
    ("bench", "seconds", "Seconds of measurement per path"),
    ("bench", "connections", "Concurrent connections"),
    (
        "bench",
        "subtree_cells",
        "Instead of the load test: time \"subtree on a date\" for the demo province and for a generated province of that many cells (an empty database given by --database, or a temporary SQLite)",
    ),
    (
        "bench documents",
        "",
        "Document timings: our PDF against LibreOffice converting our DOCX to PDF (the demo's S3 minutes), DOCX, XLSX and a cell's year zip",
    ),
    ("bench documents", "runs", "Runs of each measurement"),
    ("bench documents", "lo_runs", "LibreOffice conversions"),
    (
        "bench live",
        "",
        "Live meetings load test: phones follow over SSE while secretaries record the roll call, contributions and votes through the API (an empty database given by --database, or a temporary SQLite)",
    ),
    ("bench live", "seconds", "Seconds of measurement"),
    ("bench live", "meetings", "Meetings (one per cell)"),
    ("bench live", "members", "Members per cell"),
    ("bench live", "watchers", "Phones following (SSE)"),
    ("bench live", "writers", "Concurrent writers"),
];

/// English value names for the Vietnamese ones of the derive attributes.
const VALUE_NAMES_EN: &[(&str, &str)] = &[
    ("TỆP", "FILE"),
    ("ĐỊA_CHỈ", "ADDRESS"),
    ("MÃ_TỔ_CHỨC", "ORG_ID"),
    ("MÃ_NGƯỜI", "PERSON_ID"),
    ("HỌ_TÊN", "NAME"),
    ("TÊN_ĐĂNG_NHẬP", "LOGIN"),
    ("NĂM", "YEAR"),
    ("NGÀY", "DATE"),
    ("GIÂY", "SECONDS"),
    ("SỐ", "COUNT"),
    ("LỆNH", "COMMAND"),
];

/// Words of clap's own that appear in help and usage, per language.
struct Words {
    usage: &'static str,
    commands: &'static str,
    arguments: &'static str,
    options: &'static str,
    help: &'static str,
    version: &'static str,
    command: &'static str,
    options_placeholder: &'static str,
}

const VI: Words = Words {
    usage: "Cách dùng:",
    commands: "Lệnh",
    arguments: "Đối số",
    options: "Tùy chọn",
    help: "In phần trợ giúp này",
    version: "In số phiên bản",
    command: "LỆNH",
    options_placeholder: "[TÙY_CHỌN]",
};

const EN_WORDS: Words = Words {
    usage: "Usage:",
    commands: "Commands",
    arguments: "Arguments",
    options: "Options",
    help: "Print this help",
    version: "Print the version",
    command: "COMMAND",
    options_placeholder: "[OPTIONS]",
};

fn words(english: bool) -> &'static Words {
    if english {
        &EN_WORDS
    } else {
        &VI
    }
}

pub fn localize(cmd: Command, english: bool) -> Command {
    let w = words(english);
    let cmd = cmd.disable_version_flag(true).arg(
        Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .help(w.version),
    );
    apply(cmd, "", english)
}

fn apply(mut cmd: Command, path: &str, english: bool) -> Command {
    let w = words(english);
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
        w.usage
    );
    cmd = cmd
        .help_template(template)
        .subcommand_help_heading(w.commands)
        .subcommand_value_name(w.command)
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(w.help),
        );
    let ids: Vec<(String, bool)> = cmd
        .get_arguments()
        .map(|a| (a.get_id().to_string(), a.is_positional()))
        .collect();
    for (id, positional) in ids {
        cmd = cmd.mut_arg(&id, |a| {
            let a = a.help_heading(if positional { w.arguments } else { w.options });
            if !english {
                return a;
            }
            let english_name = a.get_value_names().and_then(|names| {
                names.first().and_then(|n| {
                    VALUE_NAMES_EN
                        .iter()
                        .find(|(vi, _)| *vi == n.as_str())
                        .map(|(_, en)| *en)
                })
            });
            match english_name {
                Some(n) => a.value_name(n),
                None => a,
            }
        });
    }
    // English texts replace the Vietnamese ones of this command; Vietnamese is the default.
    for (p, arg, text) in EN.iter().filter(|_| english) {
        if *p != path {
            continue;
        }
        if arg.is_empty() {
            cmd = cmd.about(*text);
        } else {
            cmd = cmd.mut_arg(*arg, |a| a.help(*text));
        }
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        let sub_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        cmd = cmd.mut_subcommand(&name, |s| apply(s, &sub_path, english));
    }
    cmd
}

/// Replaces clap's fixed English words that templates cannot reach.
fn finish_help(text: &str, english: bool) -> String {
    text.replace("[OPTIONS]", words(english).options_placeholder)
}

/// Ends the process for a parser outcome: help and version on stdout (exit 0); an error as
/// one line in the user's language naming what was wrong and where to find help (exit 2).
pub fn exit_with(e: clap::Error, english: bool) -> ! {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            print!("{}", finish_help(&e.render().to_string(), english));
            std::process::exit(0);
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            eprint!("{}", finish_help(&e.render().to_string(), english));
            std::process::exit(2);
        }
        _ => {}
    }
    eprintln!("{}", error_line(&e, english));
    std::process::exit(2);
}

/// The (sub)command the user typed, for "see 'chibo calendar holidays --help'".
fn command_path() -> String {
    let root = crate::Cli::command();
    let mut path = vec!["chibo".to_string()];
    let mut current = &root;
    for word in std::env::args().skip(1) {
        if let Some(sub) = current.find_subcommand(&word) {
            path.push(word.clone());
            current = sub;
        }
    }
    path.join(" ")
}

fn context(e: &clap::Error, kind: ContextKind) -> Option<String> {
    e.get(kind).map(|v| match v {
        ContextValue::String(s) => s.clone(),
        ContextValue::Strings(v) => v.join(", "),
        ContextValue::StyledStr(s) => s.to_string(),
        other => other.to_string(),
    })
}

/// "lỗi: …" in one line for a parser error.
pub fn error_line(e: &clap::Error, en: bool) -> String {
    let arg = context(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = context(e, ContextKind::InvalidValue).unwrap_or_default();
    let valid = context(e, ContextKind::ValidValue);
    let sub = context(e, ContextKind::InvalidSubcommand).unwrap_or_default();
    let suggestion = context(e, ContextKind::SuggestedArg)
        .or_else(|| context(e, ContextKind::SuggestedSubcommand));
    let command = command_path();
    let mut message = match (e.kind(), en) {
        (ErrorKind::UnknownArgument, false) => format!("không có tùy chọn hay đối số '{arg}'"),
        (ErrorKind::UnknownArgument, true) => format!("unexpected argument '{arg}'"),
        (ErrorKind::InvalidSubcommand, false) => format!("không có lệnh '{sub}'"),
        (ErrorKind::InvalidSubcommand, true) => format!("no such command '{sub}'"),
        (ErrorKind::InvalidValue | ErrorKind::ValueValidation, false) => {
            format!("giá trị '{value}' không hợp lệ cho {arg}")
        }
        (ErrorKind::InvalidValue | ErrorKind::ValueValidation, true) => {
            format!("invalid value '{value}' for {arg}")
        }
        (ErrorKind::MissingRequiredArgument, false) => format!("thiếu {arg}"),
        (ErrorKind::MissingRequiredArgument, true) => format!("missing {arg}"),
        (ErrorKind::MissingSubcommand, false) => "thiếu lệnh".to_string(),
        (ErrorKind::MissingSubcommand, true) => "missing command".to_string(),
        (ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues, false) => {
            format!("số giá trị không đúng cho {arg}")
        }
        (ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues, true) => {
            format!("wrong number of values for {arg}")
        }
        (ErrorKind::ArgumentConflict, false) => format!("{arg} không dùng cùng được"),
        (ErrorKind::ArgumentConflict, true) => format!("{arg} cannot be used together"),
        (_, false) => format!("dòng lệnh không hợp lệ {arg}")
            .trim_end()
            .to_string(),
        (_, true) => format!("invalid command line {arg}").trim_end().to_string(),
    };
    if let Some(v) = valid {
        message.push_str(&if en {
            format!(" (allowed: {v})")
        } else {
            format!(" (được phép: {v})")
        });
    }
    if let Some(s) = suggestion {
        message.push_str(&if en {
            format!("; did you mean '{s}'?")
        } else {
            format!("; có phải ý là '{s}'?")
        });
    }
    let hint = if en {
        format!("see '{command} --help'")
    } else {
        format!("xem '{command} --help'")
    };
    format!("{}: {message} — {hint}", if en { "error" } else { "lỗi" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn every_english_entry_names_a_real_command_or_argument() {
        let cmd = crate::Cli::command();
        for (path, arg, _) in EN {
            let mut c = &cmd;
            for part in path.split_whitespace() {
                c = c
                    .find_subcommand(part)
                    .unwrap_or_else(|| panic!("no subcommand {path}"));
            }
            if !arg.is_empty() {
                assert!(
                    c.get_arguments().any(|a| a.get_id() == *arg),
                    "no argument {arg} in {path}"
                );
            }
        }
        // And the English build renders help without panicking.
        let mut en = localize(crate::Cli::command(), true);
        let help = en.render_long_help().to_string();
        assert!(help.contains("software for party cell meetings"));
    }
}
