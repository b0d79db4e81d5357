//! `procboard man`: the man page, generated at run time from the clap definitions in
//! [`crate::cli`], so it always describes the binary that prints it.
//!
//! One page, procboard(1): clap_mangen's page for the top-level command, then a COMMANDS section
//! with every command and nested command (`procboard meeting record`, …): its description, usage,
//! options and example.

use std::io::Write;

use clap::Arg;
use clap_mangen::roff::{Roff, bold, italic, roman};

/// Writes the man page of `cmd` (the top-level command) and all its subcommands.
pub fn render(cmd: clap::Command, out: &mut dyn Write) -> std::io::Result<()> {
    let mut cmd = cmd.bin_name("procboard");
    cmd.build();
    // clap_mangen's page, but the top-level example under EXAMPLES rather than EXTRA.
    let page = clap_mangen::Man::new(cmd.clone());
    page.render_title(out)?;
    page.render_name_section(out)?;
    page.render_synopsis_section(out)?;
    page.render_description_section(out)?;
    page.render_options_section(out)?;
    page.render_subcommands_section(out)?;
    let mut roff = Roff::new();
    if let Some(after) = cmd.get_after_long_help().or_else(|| cmd.get_after_help()) {
        roff.control("SH", ["EXAMPLES"]);
        examples(&mut roff, &after.to_string());
    }
    roff.control("SH", ["COMMANDS"]);
    for sub in visible_subcommands(&cmd) {
        command_section(&mut roff, sub);
    }
    page.render_version_section(out)?;
    roff.to_writer(out)
}

/// The subcommands a user types: not hidden, and not the `help` subcommand clap adds.
fn visible_subcommands(cmd: &clap::Command) -> impl Iterator<Item = &clap::Command> {
    cmd.get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
}

/// An `Examples:` text, line by line as written (no filling).
fn examples(roff: &mut Roff, text: &str) {
    roff.control("nf", []);
    for line in text.lines().filter(|l| *l != "Examples:") {
        roff.text([roman(line)]);
    }
    roff.control("fi", []);
}

/// A subsection for `cmd`, then one for each of its subcommands, depth first.
fn command_section(roff: &mut Roff, cmd: &clap::Command) {
    let name = cmd.get_bin_name().unwrap_or_else(|| cmd.get_name());
    roff.control("SS", [name]);
    if let Some(about) = cmd.get_long_about().or_else(|| cmd.get_about()) {
        paragraphs(roff, &about.to_string());
    }
    roff.control("PP", []);
    let usage = cmd.clone().render_usage().to_string();
    let usage = usage.trim_start_matches("Usage:").trim();
    roff.text([bold("Usage: "), roman(usage)]);
    for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
        roff.control("TP", []);
        roff.text([bold(arg_label(arg))]);
        if let Some(help) = arg.get_long_help().or_else(|| arg.get_help()) {
            roff.text([roman(help.to_string())]);
        }
    }
    if let Some(after) = cmd.get_after_long_help().or_else(|| cmd.get_after_help()) {
        roff.control("PP", []);
        roff.text([italic("Example:")]);
        examples(roff, &after.to_string());
    }
    for sub in visible_subcommands(cmd) {
        command_section(roff, sub);
    }
}

/// Text whose blank lines separate paragraphs.
fn paragraphs(roff: &mut Roff, text: &str) {
    for (i, para) in text.split("\n\n").enumerate() {
        if i > 0 {
            roff.control("PP", []);
        }
        roff.text([roman(para.replace('\n', " "))]);
    }
}

/// `-s, --long <VALUE>` for an option, `<NAME>` for a positional argument.
fn arg_label(arg: &Arg) -> String {
    let values = match arg.get_value_names() {
        Some(names) if !names.is_empty() => names
            .iter()
            .map(|n| format!("<{n}>"))
            .collect::<Vec<_>>()
            .join(" "),
        _ => format!("<{}>", arg.get_id().as_str().to_uppercase()),
    };
    if arg.is_positional() {
        return values;
    }
    let mut names = Vec::new();
    if let Some(s) = arg.get_short() {
        names.push(format!("-{s}"));
    }
    if let Some(l) = arg.get_long() {
        names.push(format!("--{l}"));
    }
    let takes_value = arg.get_num_args().is_some_and(|n| n.takes_values());
    if takes_value {
        format!("{} {values}", names.join(", "))
    } else {
        names.join(", ")
    }
}
