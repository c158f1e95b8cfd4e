//! English help for the `chibo` command. The Vietnamese texts live in the clap derive
//! attributes (the default); this table replaces them when English is asked for.

use clap::Command;

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
    ("", "lang", "Language of the help: vi or en"),
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
    ("backup", "", "Back the database up to a file"),
    ("backup", "file", "Target file (must not exist)"),
    (
        "restore",
        "",
        "Restore the database from a backup file (stop the server first)",
    ),
    ("restore", "file", "Backup file"),
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
];

pub fn localize(cmd: Command, english: bool) -> Command {
    if !english {
        return cmd;
    }
    apply(cmd, "")
}

fn apply(mut cmd: Command, path: &str) -> Command {
    for (p, arg, text) in EN {
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
        cmd = cmd.mut_subcommand(&name, |s| apply(s, &sub_path));
    }
    cmd
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
