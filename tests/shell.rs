//! The shell knows procboard: `procboard completions <SHELL>` and `procboard man` name every
//! command (nested ones too, walked from the clap definitions), and every command's `--help` ends
//! with a worked example that runs on a copy of the bundled boards.

mod common;
use common::{copy_dir, procboard, repo};

use std::path::PathBuf;
use std::process::{Command, Stdio};

use clap::CommandFactory;

/// Every command below the top level, as its path of names (`["meeting", "record"]`), depth first.
fn command_paths() -> Vec<Vec<String>> {
    fn walk(cmd: &clap::Command, prefix: &[String], out: &mut Vec<Vec<String>>) {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            let mut path = prefix.to_vec();
            path.push(sub.get_name().to_string());
            out.push(path.clone());
            walk(sub, &path, out);
        }
    }
    let mut out = Vec::new();
    walk(&procboard::cli::Cli::command(), &[], &mut out);
    out
}

/// Standard output of a run that succeeds silently, rendered for a terminal of 80 columns (help
/// text is wrapped to the terminal: an example must still read, and run, as written).
fn stdout_of(args: &[&str]) -> String {
    let out = procboard()
        .args(args)
        .env("COLUMNS", "80")
        .assert()
        .code(0)
        .get_output()
        .clone();
    assert!(out.stderr.is_empty(), "{args:?} wrote to standard error");
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn the_command_tree_has_the_nested_commands() {
    let paths = command_paths();
    for expected in [
        &["meeting", "record"][..],
        &["meeting", "verify"],
        &["meeting", "status"],
        &["minutes", "render"],
        &["minutes", "sign"],
        &["minutes", "verify"],
        &["export", "ocds"],
        &["completions"],
        &["man"],
    ] {
        assert!(
            paths.iter().any(|p| p == expected),
            "{expected:?} is not in {paths:?}"
        );
    }
}

/// How each shell's script shows that it completes the command at `path`: each entry is a set of
/// words that must stand together on one line of the script.
fn marks(shell: &str, path: &[String]) -> Vec<Vec<String>> {
    let leaf = path.last().expect("a command");
    let parent = &path[..path.len() - 1];
    match shell {
        // The command's state: `cmd="procboard__subcmd__meeting__subcmd__record"`.
        "bash" => vec![vec![format!(
            "cmd=\"procboard__subcmd__{}\"",
            path.join("__subcmd__")
        )]],
        // Offered with its description in its parent's list, and a case of its own.
        "zsh" => vec![vec![format!("'{leaf}:")], vec![format!("({leaf})")]],
        // Offered once the parent command is typed.
        "fish" => vec![if parent.is_empty() {
            vec![
                "\"__fish_procboard_needs_command\"".to_string(),
                format!("-a \"{leaf}\""),
            ]
        } else {
            vec![
                format!(
                    "\"__fish_procboard_using_subcommand {}; and not",
                    parent.join(" ")
                ),
                format!("-a \"{leaf}\""),
            ]
        }],
        // The full path of the command, as a case of the completer.
        "powershell" => vec![vec![format!("'procboard;{}'", path.join(";"))]],
        _ => unreachable!(),
    }
}

#[test]
fn every_command_is_in_every_shells_completion_script() {
    let paths = command_paths();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let script = stdout_of(&["completions", shell]);
        assert!(
            script.len() > 1000,
            "{shell}: a script of {} bytes",
            script.len()
        );
        for path in &paths {
            for words in marks(shell, path) {
                assert!(
                    script
                        .lines()
                        .any(|l| words.iter().all(|w| l.contains(w.as_str()))),
                    "{shell}: `procboard {}` is not completed (no line with {words:?})",
                    path.join(" ")
                );
            }
        }
    }
}

#[test]
fn a_shell_that_does_not_exist_is_refused() {
    procboard()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("invalid value 'tcsh'"));
}

#[test]
fn the_bash_script_loads_and_completes_nested_commands() {
    if !common::tools::require("bash", "apt-get install bash") {
        return;
    }
    let script = stdout_of(&["completions", "bash"]);
    // What bash offers after `procboard meeting DIR ` and after `procboard minutes `.
    let probe = format!(
        "{script}\n\
         COMP_WORDS=(procboard minutes ''); COMP_CWORD=2; _procboard procboard '' minutes; \
         echo \"minutes: ${{COMPREPLY[*]}}\"\n"
    );
    let out = Command::new("bash")
        .arg("-c")
        .arg(&probe)
        .stdin(Stdio::null())
        .output()
        .expect("bash runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = text
        .lines()
        .find(|l| l.starts_with("minutes: "))
        .expect("the probe's line");
    for word in ["render", "sign", "verify"] {
        assert!(line.split_whitespace().any(|w| w == word), "{line}");
    }
}

#[test]
fn the_man_page_has_every_command() {
    let page = stdout_of(&["man"]);
    assert!(
        page.starts_with(".ie") || page.starts_with(".TH"),
        "roff: {}",
        &page[..40]
    );
    assert!(page.contains(".TH procboard 1"), "the title line");
    assert!(page.contains(".SH COMMANDS"));
    for path in command_paths() {
        let heading = format!(".SS \"procboard {}\"", path.join(" "));
        let heading_plain = format!(".SS procboard {}", path.join(" "));
        assert!(
            page.contains(&heading) || page.contains(&heading_plain),
            "the man page has no section for `procboard {}`",
            path.join(" ")
        );
    }
    // The options of a nested command are listed under it.
    let record = page.find("meeting record").expect("meeting record");
    assert!(
        page[record..].contains("\\-\\-file"),
        "meeting record's --file"
    );
}

/// The Examples section that ends `help` (the text after `Examples:`), as shell commands: the
/// indent removed, and a line ending in `\\` or `|` joined with the next.
fn examples(help: &str) -> Vec<String> {
    let start = help
        .rfind("\nExamples:\n")
        .unwrap_or_else(|| panic!("no Examples section in:\n{help}"));
    let mut commands: Vec<String> = Vec::new();
    let mut continued = false;
    for line in help[start + "\nExamples:\n".len()..].lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match commands.last_mut() {
            Some(last) if continued => {
                last.push(' ');
                last.push_str(line);
            }
            _ => commands.push(line.to_string()),
        }
        continued = line.ends_with('\\') || line.ends_with('|');
    }
    commands
}

/// Whether the shell line runs `procboard` with the command names of `path` in order.
fn runs_command(line: &str, path: &[String]) -> bool {
    let Some(at) = line.find("procboard ") else {
        return false;
    };
    let mut words = line[at..].split_whitespace().skip(1);
    path.iter().all(|name| words.any(|w| w == name))
}

#[test]
fn every_help_ends_with_an_example() {
    let mut all = vec![vec![]];
    all.extend(command_paths());
    for path in all {
        for flag in ["--help", "-h"] {
            let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
            args.push(flag);
            let help = stdout_of(&args);
            let ex = examples(&help);
            let last = ex.last().expect("an example");
            assert!(
                last.contains("procboard "),
                "`procboard {}` ends with `{last}`, not an example",
                args.join(" ")
            );
            // The example runs this very command: its names in order after `procboard` (with
            // arguments between them, as in `procboard meeting <DIR> record`).
            assert!(
                ex.iter().any(|l| runs_command(l, &path)),
                "`procboard {}`: the example does not run it: {ex:?}",
                args.join(" ")
            );
        }
    }
    // And the rendered help from the library agrees (the same definitions, no binary).
    let mut cmd = procboard::cli::Cli::command();
    let long = cmd.render_long_help().to_string();
    assert!(
        long.trim_end()
            .ends_with("procboard check boards/river-valley")
    );
}

/// Commands whose example opens the console in a terminal (tests/tui_tmux.rs drives them).
const CONSOLE: [&str; 2] = ["meet", "review"];

#[test]
fn every_example_runs_on_a_copy_of_the_bundled_boards() {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_procboard"));
    let path_var = std::env::join_paths(
        std::iter::once(bin.parent().expect("bin dir").to_path_buf()).chain(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        )),
    )
    .expect("PATH");
    let mut all = vec![vec![]];
    all.extend(command_paths());
    let mut ran = 0;
    for path in all {
        if path.first().is_some_and(|c| CONSOLE.contains(&c.as_str())) {
            continue;
        }
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let help = stdout_of(&args);
        let start = help.rfind("\nExamples:\n").expect("an Examples section");
        let script = help[start + "\nExamples:\n".len()..]
            .lines()
            .map(|l| l.strip_prefix("  ").unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n");
        let name = format!("procboard {}", path.join(" "));
        let programs = [
            ("ssh-keygen", "apt-get install openssh-client"),
            ("git", "apt-get install git"),
        ];
        if programs.iter().any(|(p, install)| {
            script.split_whitespace().any(|w| w == *p)
                && !common::tools::require_for(Some(&name), p, install)
        }) {
            continue;
        }
        let scratch = tempfile::tempdir().expect("scratch");
        copy_dir(&repo("boards"), &scratch.path().join("boards"));
        let out = Command::new("bash")
            .args(["-eo", "pipefail", "-c", &script])
            .current_dir(scratch.path())
            .env("PATH", &path_var)
            .env("HOME", scratch.path())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Test")
            .env("GIT_AUTHOR_EMAIL", "test@example.org")
            .env("GIT_COMMITTER_NAME", "Test")
            .env("GIT_COMMITTER_EMAIL", "test@example.org")
            .stdin(Stdio::null())
            .output()
            .expect("bash runs");
        assert!(
            out.status.success(),
            "the example of `{name}` fails (exit {:?}):\n{script}\n--- stdout\n{}--- stderr\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        ran += 1;
    }
    assert!(ran >= 15, "{ran} examples ran");
}
