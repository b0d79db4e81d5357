//! The command line: clap definitions and one thin function per command.
//!
//! Exit codes: 0 success, 2 bad input (a board, ballot or event that does not hold up; bad
//! arguments), 1 any other failure (I/O, a refused write).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use chrono::{DateTime, Utc};

use crate::board::Board;
use crate::diag::Diagnostic;
use crate::meeting::status::Status;
use crate::meeting::{Meeting, MeetingError};
use crate::record::event::Event;

pub use crate::exit::{EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK};

/// procboard: the meeting tool for joint procurement boards.
///
/// A board is a folder of TOML files: board.toml (members, vote weights, seats, rotation,
/// decision rules), meetings/<id>/agenda.toml, tenders/<id>.toml with their bids, score sheets
/// and disputes. Run without arguments to try the bundled demo board on a scratch copy: in a
/// terminal, the meeting console opens on its next meeting.
#[derive(Debug, Parser)]
#[command(
    name = "procboard",
    version,
    about,
    long_about,
    max_term_width = 100,
    after_help = "Examples:\n  procboard check boards/river-valley"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check a board folder: syntax, keys, cross-references, sums, dates, rotation, paths.
    ///
    /// Reports every problem at once, each as `file:LINE:COL: message` with a hint.
    /// Exit code 0 when the board is valid (warnings allowed), 2 when it has errors.
    #[command(after_help = "Examples:\n  procboard check boards/river-valley")]
    Check {
        /// The board folder (the one holding board.toml).
        board: PathBuf,
        /// Print the problems as JSON on standard output.
        #[arg(long)]
        json: bool,
    },
    /// Who holds each seat, who chairs, and every member's vote weight on a date.
    #[command(after_help = "Examples:\n  procboard seats boards/river-valley --on 2025-03-11")]
    Seats {
        /// The board folder.
        board: PathBuf,
        /// The date, YYYY-MM-DD.
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: chrono::NaiveDate,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Tally a ballot file by the board's rules (quorum, majority, ties, recusals).
    #[command(
        after_help = "Examples:\n  printf 'date = 2025-03-11\\n[votes]\\nstonebridge = \"yes\"\\n' > ballot.toml\n  procboard tally boards/river-valley --ballot ballot.toml"
    )]
    Tally {
        /// The board folder.
        board: PathBuf,
        /// The ballot (TOML); see docs/ballot-format.md.
        #[arg(long)]
        ballot: PathBuf,
        /// Print JSON (outcome, quorum_met, yes, no, abstain, explanation, …).
        #[arg(long)]
        json: bool,
    },
    /// Score a tender: moderated scores, price points, totals, ranks, award standstill.
    ///
    /// Uses the members' score sheets (a recused member's sheet is refused and left out) and,
    /// with --meeting, the scores, consensus and recusals recorded in that meeting.
    #[command(
        after_help = "Examples:\n  procboard score boards/river-valley road-salt-2025 --on 2025-03-11"
    )]
    Score {
        /// The board folder.
        board: PathBuf,
        /// The tender id (its file name in tenders/ without .toml).
        tender: String,
        /// A meeting folder whose journal adds live scores, consensus and recusals.
        #[arg(long, value_name = "MEETING_DIR")]
        meeting: Option<PathBuf>,
        /// Date for the award status (default: today in the board's time zone).
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: Option<chrono::NaiveDate>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Contracts after the award: KPIs per member and period, benchmark, breaches, remedies,
    /// savings and supplier diversity (see docs/contracts.md).
    ///
    /// Periods that ended by --on count, with the reports submitted by then. A remedy due gives a
    /// suggested `contract_review` agenda item, printed as TOML.
    #[command(
        after_help = "Examples:\n  procboard contracts boards/river-valley --on 2026-05-01\n  procboard contracts boards/euregio-energy --contract electricity-2026 --json"
    )]
    Contracts {
        /// The board folder.
        board: PathBuf,
        /// Only this contract (its file name in contracts/ without .toml).
        #[arg(long, value_name = "ID")]
        contract: Option<String>,
        /// The review date (default: today in the board's time zone).
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: Option<chrono::NaiveDate>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// The dispute register: disputes on file and those lodged or moved on in meetings.
    #[command(after_help = "Examples:\n  procboard disputes boards/euregio-energy")]
    Disputes {
        /// The board folder.
        board: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Export the board's tenders in an open data format (see docs/open-contracting.md).
    #[command(
        after_help = "Examples:\n  procboard export ocds boards/euregio-energy --out euregio-ocds.json"
    )]
    Export {
        #[command(subcommand)]
        format: ExportFormat,
    },
    /// Performance figures: savings, bids, days to award and contract, disputes, participation.
    ///
    /// Per tender, per year of publication and per member. A figure the files cannot give is
    /// shown as `-`, with a note saying which key or file would give it.
    #[command(after_help = "Examples:\n  procboard stats boards/euregio-energy")]
    Stats {
        /// The board folder.
        board: PathBuf,
        /// Date the statuses are given for (default: the latest date in the tender and dispute
        /// files).
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: Option<chrono::NaiveDate>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Record events into a meeting's journal, or show its status.
    #[command(
        after_help = "Examples:\n  procboard meeting boards/river-valley/meetings/2025-01-regular status"
    )]
    Meeting {
        /// The meeting folder: <board>/meetings/<id>.
        dir: PathBuf,
        #[command(subcommand)]
        action: MeetingAction,
    },
    /// Minutes: render them from an adjourned meeting's journal, sign them, verify the archive.
    #[command(after_help = "Examples:\n  procboard minutes verify boards/river-valley")]
    Minutes {
        #[command(subcommand)]
        action: MinutesAction,
    },
    /// Decisions between meetings by written procedure: open, answer, status, close.
    ///
    /// Each file is signed (SSHSIG, namespace written@procboard) and committed to the board's
    /// repository with git; `minutes verify` checks every procedure. docs/written-procedure.md.
    #[command(after_help = "Examples:\n  procboard written status boards/river-valley")]
    Written {
        #[command(subcommand)]
        action: WrittenAction,
    },
    /// Sign a member's score sheet (tenders/<tender>/sheets/<member>.toml) with an ed25519 key.
    ///
    /// Writes <sheet>.sig (SSHSIG, namespace score-sheet@procboard). The signer must be a
    /// delegate or alternate of the member, allowed in allowed_signers on the sheet's
    /// `submitted` date. `score` and `check` then mark the sheet signed, unsigned or refused.
    #[command(after_help = r#"Examples:
  ssh-keygen -q -t ed25519 -N '' -C margaret -f margaret-key
  rv=boards/river-valley p=margaret.vanwyck@stonebridge.example
  procboard signers add $rv --principal $p --key margaret-key.pub \
    --namespace score-sheet@procboard
  echo "\"Margaret Van Wyck\" = \"$p\"" >> $rv/board.toml
  procboard sign $rv/tenders/road-salt-2025/sheets/stonebridge.toml \
    --as stonebridge --key margaret-key"#)]
    Sign {
        /// The score sheet.
        file: PathBuf,
        /// The member whose sheet it is.
        #[arg(long = "as", value_name = "MEMBER")]
        member: String,
        /// The private key file (unencrypted; for a key in ssh-agent use `ssh-keygen -Y sign`).
        #[arg(long, value_name = "PATH")]
        key: PathBuf,
    },
    /// The board's signers (allowed_signers): add one, keeping the version it replaces.
    #[command(after_help = r#"Examples:
  ssh-keygen -q -t ed25519 -N '' -C jo -f jo
  rv=boards/river-valley
  procboard signers add $rv --principal jo@rv.example --key jo.pub"#)]
    Signers {
        #[command(subcommand)]
        action: SignersAction,
    },
    /// Commit the board's new journals, minutes, signatures and allowed_signers with your git.
    ///
    /// Refuses when the board is in no git repository, when the repository has uncommitted
    /// changes to other files, and when `minutes verify` does not hold. The commit is signed
    /// when your git signs commits (commit.gpgsign). Pushes only with --push.
    #[command(after_help = r#"Examples:
  cd boards/euregio-energy
  git init -q && git add board.toml && git commit -q -m "The board"
  procboard archive ."#)]
    Archive {
        /// The board folder.
        board: PathBuf,
        /// Push the commit (`git push`) after making it.
        #[arg(long)]
        push: bool,
    },
    /// Witness the archive: a signed statement of every meeting's journal, minutes and signatures.
    ///
    /// Writes witness/<date>-<member>.toml and its .sig (SSHSIG, namespace witness@procboard), by a
    /// delegate or alternate of the member allowed in allowed_signers for that namespace. `minutes
    /// verify` then fails on any witnessed record that changed (journals may only grow). Commit
    /// and push the two files to the board's repository with git, like a score sheet.
    #[command(after_help = r#"Examples:
  cd boards/euregio-energy
  mkdir -p allowed_signers.d && cp allowed_signers allowed_signers.d/2025
  p=els.vandenbroucke@tongermaal.example k=demo-keys/DEMO-els-vandenbroucke
  echo "$p namespaces=\"witness@procboard\" $(cut -d' ' -f1,2 $k.pub)" \
    >> allowed_signers
  procboard witness . --as tongermaal --key $k --at 2025-04-20T10:00:00Z
  procboard minutes verify ."#)]
    Witness {
        /// The board folder.
        board: PathBuf,
        /// The member who witnesses.
        #[arg(long = "as", value_name = "MEMBER")]
        member: String,
        /// The private key file of a delegate or alternate of the member (unencrypted).
        #[arg(long, value_name = "PATH")]
        key: PathBuf,
        /// The statement's time, UTC (RFC 3339, e.g. 2025-04-20T10:00:00Z); default now.
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
    },
    /// Publish the archive as a static website (HTML and CSS, no JavaScript) in a new folder.
    ///
    /// Meetings with their minutes, votes and signature checks, tenders with their evaluation,
    /// the dispute register, seats and weights, a dashboard, and the record's files to download.
    /// Writes only into a new or empty folder, or over a site it published before.
    #[command(
        after_help = "Examples:\n  procboard publish boards/euregio-energy --out euregio-site"
    )]
    Publish {
        /// The board folder.
        board: PathBuf,
        /// The folder to write the site to.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Date for award and dispute statuses (default: the latest date in the board's record).
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: Option<chrono::NaiveDate>,
    },
    /// Copy the bundled demo board to a scratch folder and show its summary.
    #[command(after_help = "Examples:\n  procboard demo")]
    Demo,
    /// The meeting console: run a meeting from the keyboard (roll call, agenda, votes, …).
    ///
    /// Takes the journal's one-writer lock; every act is recorded as `meeting record` would.
    /// With --projector: a read-only view for the room's screen that follows the journal.
    #[command(
        after_help = "Examples:\n  procboard meet boards/river-valley/meetings/2025-03-regular"
    )]
    Meet {
        /// The meeting folder: <board>/meetings/<id>.
        dir: PathBuf,
        /// Read-only projector view (no lock; follows the journal as the console appends).
        #[arg(long)]
        projector: bool,
        /// Who records (default: $USER, else "secretary").
        #[arg(long)]
        by: Option<String>,
    },
    /// Members' review before a session: agenda, tenders, bids, disputes, earlier meetings.
    ///
    /// Read-only on the board and its journals. Private notes are kept in your data folder.
    /// With --as, the member fills in its own score sheet (tenders/<id>/sheets/<member>.toml),
    /// written atomically and checked by the same rules as `procboard check`.
    #[command(
        after_help = "Examples:\n  procboard review boards/river-valley --as stonebridge\n  procboard review boards/river-valley --as stonebridge --key ~/.ssh/id_ed25519"
    )]
    Review {
        /// The board folder.
        board: PathBuf,
        /// The meeting to review (default: the next one, else the last).
        #[arg(long, value_name = "ID")]
        meeting: Option<String>,
        /// Fill in this member's own score sheet and answer its written procedures.
        #[arg(long = "as", value_name = "MEMBER")]
        member: Option<String>,
        /// The member's OpenSSH private key, which signs its answers to written procedures.
        #[arg(long, value_name = "KEY", requires = "member")]
        key: Option<PathBuf>,
    },
    /// Print the shell completion script for bash, zsh, fish, PowerShell or elvish.
    ///
    /// Generated from this binary's own command definitions, so it always matches it. Add the
    /// line for your shell to its start-up file (README: "Shell completions and man page").
    #[command(after_help = "Examples:\n  source <(procboard completions bash)")]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) of procboard and all its commands.
    #[command(after_help = r#"Examples:
  mkdir -p ~/.local/share/man/man1
  procboard man > ~/.local/share/man/man1/procboard.1"#)]
    Man,
}

#[derive(Debug, Subcommand)]
enum SignersAction {
    /// Add a signer to allowed_signers; the version it replaces is kept in allowed_signers.d/.
    ///
    /// Signed minutes cite the allowed_signers they were rendered with by SHA-256; keeping the
    /// earlier version lets `minutes verify` check them for good. The line is checked before
    /// anything is written.
    #[command(after_help = r#"Examples:
  ssh-keygen -q -t ed25519 -N '' -C jo -f jo
  rv=boards/river-valley
  procboard signers add $rv --principal jo@rv.example --key jo.pub \
    --valid-after 20250601"#)]
    Add {
        /// The board folder.
        board: PathBuf,
        /// The signer's principal (as board.toml's [minutes.signers] names it).
        #[arg(long)]
        principal: String,
        /// The signer's OpenSSH public key file (the .pub).
        #[arg(long, value_name = "PUBKEY_FILE")]
        key: PathBuf,
        /// From when the key signs: YYYYMMDD[HHMM[SS]][Z] (Z: UTC, else the board's zone).
        #[arg(long, value_name = "TIME")]
        valid_after: Option<String>,
        /// Until when the key signs: YYYYMMDD[HHMM[SS]][Z].
        #[arg(long, value_name = "TIME")]
        valid_before: Option<String>,
        /// The namespaces the key may sign for (repeat; default minutes@procboard).
        #[arg(long = "namespace", value_name = "NAMESPACE")]
        namespaces: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
enum WrittenAction {
    /// Open a written procedure: write and sign written/<ID>/proposal.toml.
    ///
    /// Checks board.toml's [written_procedure]: allowed, the decision kind, the launcher's role,
    /// the answering period. Freezes the seats, weights and rule of the opening day.
    #[command(after_help = r#"Examples:
  rv=boards/river-valley k=boards/river-valley/demo-keys
  procboard written open $rv --id 2025-05-salt --kind procedural \
    --text "Extend the road-salt contract by one month." \
    --deadline 2025-05-12T17:00 --as secretary \
    --key $k/DEMO-diane-marchetti --at 2025-05-05T13:00:00Z"#)]
    Open {
        /// The board folder.
        board: PathBuf,
        /// The procedure's id (a-z, 0-9, -): its folder written/<ID>.
        #[arg(long)]
        id: String,
        /// The proposed decision, in full.
        #[arg(long)]
        text: String,
        /// The decision kind (its rule decides).
        #[arg(long)]
        kind: String,
        /// The deadline in the board's time zone: YYYY-MM-DD (the end of that day) or
        /// YYYY-MM-DDTHH:MM.
        #[arg(long)]
        deadline: String,
        /// The launcher's role: secretary or chair.
        #[arg(long = "as", value_name = "ROLE")]
        role: String,
        /// The launcher's private key (unencrypted).
        #[arg(long, value_name = "PATH")]
        key: PathBuf,
        /// A document of the proposal (a path inside the board folder); repeat for more.
        #[arg(long = "document", value_name = "PATH")]
        documents: Vec<PathBuf>,
        /// The opening time, UTC (RFC 3339); default now.
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
    },
    /// Answer a written procedure as a member: write and sign written/<ID>/answers/<MEMBER>.toml.
    ///
    /// The key must belong to a delegate or alternate of the member. An answer is final. An
    /// answer after the deadline is written, with a warning, and refused as late.
    #[command(after_help = r#"Examples:
  rv=boards/river-valley k=boards/river-valley/demo-keys
  procboard written open $rv --id 2025-05-salt --kind procedural \
    --text "Extend the road-salt contract by one month." \
    --deadline 2025-05-12 --as secretary \
    --key $k/DEMO-diane-marchetti --at 2025-05-05T13:00:00Z
  procboard written answer $rv --id 2025-05-salt --as stonebridge \
    --key $k/DEMO-thomas-keane yes --at 2025-05-06T09:00:00Z"#)]
    Answer {
        /// The board folder.
        board: PathBuf,
        /// The procedure's id.
        #[arg(long)]
        id: String,
        /// The member answering.
        #[arg(long = "as", value_name = "MEMBER")]
        member: String,
        /// The private key of a delegate or alternate of the member (unencrypted).
        #[arg(long, value_name = "PATH")]
        key: PathBuf,
        /// yes, no, abstain, or object (to deciding in writing).
        #[arg(value_parser = ["yes", "no", "abstain", "object"])]
        answer: String,
        /// A statement kept with the answer.
        #[arg(long)]
        statement: Option<String>,
        /// The answer's time, UTC (RFC 3339); default now.
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
    },
    /// Where procedures stand: answers valid or refused (and why), the tally, what is needed.
    #[command(after_help = "Examples:\n  procboard written status boards/river-valley --json")]
    Status {
        /// The board folder.
        board: PathBuf,
        /// One procedure (default: all).
        #[arg(long)]
        id: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// The time to judge the deadline by, UTC (RFC 3339); default now.
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
    },
    /// Close a procedure as the secretary: write and sign written/<ID>/result.toml.
    ///
    /// After the deadline, or earlier when the board allows it (close_early) and the outcome
    /// can no longer change. The result counts and refuses each answer by SHA-256.
    #[command(after_help = r#"Examples:
  rv=boards/river-valley k=boards/river-valley/demo-keys
  procboard written open $rv --id 2025-05-salt --kind procedural \
    --text "Extend the road-salt contract by one month." \
    --deadline 2025-05-12 --as secretary \
    --key $k/DEMO-diane-marchetti --at 2025-05-05T13:00:00Z
  procboard written close $rv --id 2025-05-salt --as secretary \
    --key $k/DEMO-diane-marchetti --at 2025-05-13T13:00:00Z"#)]
    Close {
        /// The board folder.
        board: PathBuf,
        /// The procedure's id.
        #[arg(long)]
        id: String,
        /// The role closing: secretary.
        #[arg(long = "as", value_name = "ROLE")]
        role: String,
        /// The secretary's private key (unencrypted).
        #[arg(long, value_name = "PATH")]
        key: PathBuf,
        /// The closing time, UTC (RFC 3339); default now.
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum MinutesAction {
    /// Write minutes.md and minutes.json of an adjourned meeting, from its journal.
    ///
    /// Refuses a meeting still in session, and minutes already signed that would change.
    #[command(
        after_help = "Examples:\n  procboard minutes render boards/euregio-energy/meetings/2025-04-regular"
    )]
    Render {
        /// The meeting folder: <board>/meetings/<id>.
        dir: PathBuf,
    },
    /// Sign minutes.md as a role (secretary, chair, vice_chair) with an OpenSSH ed25519 key.
    ///
    /// Writes minutes.md.<ROLE>.sig (SSHSIG, as `ssh-keygen -Y sign` writes it). Refuses minutes
    /// not rendered from the current journal, a key not allowed on the meeting's date, and a
    /// signer who did not hold the role at that meeting.
    #[command(after_help = r#"Examples:
  cd boards/euregio-energy
  procboard minutes sign meetings/2025-04-regular --as secretary \
    --key demo-keys/DEMO-ine-vanderheyden"#)]
    Sign {
        /// The meeting folder: <board>/meetings/<id>.
        dir: PathBuf,
        /// The role signed for.
        #[arg(long = "as", value_name = "ROLE")]
        role: String,
        /// The private key file (unencrypted; for a key in ssh-agent use `ssh-keygen -Y sign`).
        #[arg(long, value_name = "PATH")]
        key: PathBuf,
        /// Sign the closed minutes (beside the closed journal) instead of the public ones.
        #[arg(long)]
        closed: bool,
    },
    /// Check every meeting of a board: journals, header hashes, the chain, signatures, status.
    ///
    /// Exit code 0 only when everything holds; 1 with a report naming each file that fails.
    #[command(after_help = "Examples:\n  procboard minutes verify boards/river-valley --json")]
    Verify {
        /// The board folder.
        board: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// Also print, for each signature that holds, the `ssh-keygen -Y verify` command that
        /// checks it without procboard, at the exact UTC time the meeting opened.
        #[arg(long, conflicts_with = "json")]
        stranger: bool,
    },
}

#[derive(Debug, Subcommand)]
enum ExportFormat {
    /// An OCDS 1.1 release package: one release per tender, on standard output or --out.
    ///
    /// Deterministic: the dates come from the files, so exporting twice gives the same bytes.
    #[command(
        after_help = "Examples:\n  procboard export ocds boards/euregio-energy --tender cloud-it-2025"
    )]
    Ocds {
        /// The board folder.
        board: PathBuf,
        /// Only this tender.
        #[arg(long, value_name = "ID")]
        tender: Option<String>,
        /// Date the statuses are given for (default: the latest date in the tender and dispute
        /// files).
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: Option<chrono::NaiveDate>,
        /// Write to this file (atomically: all or nothing) instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum MeetingAction {
    /// Append events, one JSON object per line, from a file or standard input.
    ///
    /// Each line is an event such as {"type":"attendance","member":"albany","status":"present"};
    /// optional "at" (RFC 3339 UTC) and "by" keys override the time and recorder. Each event is
    /// checked, written and flushed to disk, then acknowledged on standard output as
    /// `ok <seq> <type>`. The first refused line stops the run (exit code 2); everything
    /// acknowledged before it stays recorded.
    #[command(after_help = r#"Examples:
  echo '{"type":"meeting_opened"}' |
    procboard meeting boards/river-valley/meetings/2025-03-regular record"#)]
    Record {
        /// Read events from this file instead of standard input.
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
        /// Who records (default: $USER, else "secretary").
        #[arg(long)]
        by: Option<String>,
    },
    /// Check the journal: hash chain intact, every line replays, outcomes as announced.
    ///
    /// Prints the number of events and the last line's SHA-256 (the fingerprint to note
    /// elsewhere, since nothing after the last line vouches for it). Exit code 1 names the first
    /// line that does not hold up.
    #[command(
        after_help = "Examples:\n  procboard meeting boards/euregio-energy/meetings/2025-04-regular verify"
    )]
    Verify,
    /// Attendance, quorum, the open item, motions and outcomes.
    #[command(after_help = r#"Examples:
  procboard meeting boards/euregio-energy/meetings/2025-04-regular status"#)]
    Status {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Parses the arguments, runs the command, returns the exit code.
pub fn main() -> i32 {
    let cli = Cli::parse();
    let mut out = std::io::stdout().lock();
    let result = match cli.command {
        None if std::io::IsTerminal::is_terminal(&std::io::stdout()) => demo_console(),
        None | Some(Command::Demo) => demo(&mut out),
        Some(Command::Meet { dir, projector, by }) => {
            let by = recorder(by);
            if let Err(msg) = crate::record::event::check_name("--by", &by) {
                eprintln!("error: {msg}");
                return EXIT_BAD_INPUT;
            }
            Ok(crate::tui::driver::run(&crate::tui::driver::Options {
                dir,
                mode: if projector {
                    crate::tui::app::Mode::Projector
                } else {
                    crate::tui::app::Mode::Secretary
                },
                by,
                review_as: None,
                review_key: None,
            }))
        }
        Some(Command::Review {
            board,
            meeting,
            member,
            key,
        }) => review(&board, meeting, member, key),
        Some(Command::Check { board, json }) => check(&board, json, &mut out),
        Some(Command::Completions { shell }) => completions(shell, &mut out),
        Some(Command::Man) => man(&mut out),
        Some(Command::Seats { board, on, json }) => seats(&board, on, json, &mut out),
        Some(Command::Tally {
            board,
            ballot,
            json,
        }) => tally(&board, &ballot, json, &mut out),
        Some(Command::Score {
            board,
            tender,
            meeting,
            on,
            json,
        }) => score(&board, &tender, meeting.as_deref(), on, json, &mut out),
        Some(Command::Disputes { board, json }) => disputes(&board, json, &mut out),
        Some(Command::Contracts {
            board,
            contract,
            on,
            json,
        }) => contracts(&board, contract.as_deref(), on, json, &mut out),
        Some(Command::Minutes { action }) => minutes(action, &mut out),
        Some(Command::Written { action }) => written(action, &mut out),
        Some(Command::Archive { board, push }) => archive(&board, push, &mut out),
        Some(Command::Signers { action }) => signers(action, &mut out),
        Some(Command::Witness {
            board,
            member,
            key,
            at,
        }) => witness(&board, &member, &key, at.as_deref(), &mut out),
        Some(Command::Publish {
            board,
            out: dir,
            on,
        }) => publish(&board, &dir, on, &mut out),
        Some(Command::Sign { file, member, key }) => {
            match crate::signature::sheets::sign_sheet(&file, &member, &key) {
                Ok(path) => writeln!(out, "wrote {}", path.display())
                    .map(|_| EXIT_OK)
                    .map_err(Into::into),
                Err(e) => {
                    if let crate::signature::sheets::SignError::Board(d) = &e {
                        print_diagnostics(d);
                    }
                    eprintln!("error: {e}");
                    Ok(e.fault().code())
                }
            }
        }
        Some(Command::Export {
            format:
                ExportFormat::Ocds {
                    board,
                    tender,
                    on,
                    out: file,
                },
        }) => export_ocds(&board, tender, on, file.as_deref(), &mut out),
        Some(Command::Stats { board, on, json }) => stats(&board, on, json, &mut out),
        Some(Command::Meeting { dir, action }) => match action {
            MeetingAction::Record { file, by } => record(&dir, file.as_deref(), by, &mut out),
            MeetingAction::Status { json } => status(&dir, json, &mut out),
            MeetingAction::Verify => verify(&dir, &mut out),
        },
    };
    match result {
        Ok(code) => code,
        // A reader that stops early (`procboard … | head`) is not an error.
        Err(e) if is_broken_pipe(e.as_ref()) => EXIT_OK,
        Err(e) => {
            let _ = out.flush();
            eprintln!("error: {e}");
            EXIT_FAILURE
        }
    }
}

type CmdResult = Result<i32, Box<dyn std::error::Error>>;

/// `procboard completions <SHELL>`: the completion script, from the clap definitions above.
fn completions(shell: clap_complete::Shell, out: &mut impl Write) -> CmdResult {
    let mut cmd = <Cli as clap::CommandFactory>::command();
    clap_complete::generate(shell, &mut cmd, "procboard", out);
    Ok(EXIT_OK)
}

/// `procboard man`: one man page, procboard's own, then a section per command (nested ones too)
/// with its usage, description, options and example.
fn man(out: &mut impl Write) -> CmdResult {
    let cmd = <Cli as clap::CommandFactory>::command();
    crate::manpage::render(cmd, out)?;
    Ok(EXIT_OK)
}

fn is_broken_pipe(e: &(dyn std::error::Error + 'static)) -> bool {
    let kind = e
        .downcast_ref::<std::io::Error>()
        .map(std::io::Error::kind)
        .or_else(|| {
            e.downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind)
        });
    kind == Some(std::io::ErrorKind::BrokenPipe)
}

fn print_diagnostics(diags: &[Diagnostic]) {
    let mut err = std::io::stderr().lock();
    for d in diags {
        let _ = writeln!(err, "{d}");
    }
}

/// Loads a valid board, or prints its problems and returns the exit code to use.
pub fn load_valid(dir: &Path) -> Result<Board, i32> {
    match crate::signature::load_board(dir).valid() {
        Ok((b, warnings)) => {
            print_diagnostics(&warnings);
            Ok(b)
        }
        Err(diags) => {
            print_diagnostics(&diags);
            let n = diags.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "error: {} has {n} problem{}; run `procboard check {}` after fixing them",
                dir.display(),
                if n == 1 { "" } else { "s" },
                dir.display()
            );
            Err(EXIT_BAD_INPUT)
        }
    }
}

fn check(dir: &Path, json: bool, out: &mut impl Write) -> CmdResult {
    let mut loaded = crate::signature::load_board(dir);
    if let Some(b) = &loaded.board {
        // What only the evaluation and the journals can tell: the same warnings `score` gives,
        // and dispute files compared with every meeting journal.
        let extra = crate::tender::check(b, loaded.error_count() == 0);
        loaded.diagnostics.extend(extra);
        loaded.diagnostics.extend(crate::disputes::check(b));
        loaded
            .diagnostics
            .extend(crate::contracts::check(b, today(b)));
        crate::diag::sort(&mut loaded.diagnostics);
    }
    let errors = loaded.error_count();
    let warnings = loaded.diagnostics.len() - errors;
    if json {
        serde_json::to_writer_pretty(&mut *out, &loaded.diagnostics)?;
        writeln!(out)?;
    } else {
        print_diagnostics(&loaded.diagnostics);
    }
    if errors > 0 {
        eprintln!(
            "error: {} error{} and {warnings} warning{} in {}",
            errors,
            plural(errors),
            plural(warnings),
            dir.display()
        );
        return Ok(EXIT_BAD_INPUT);
    }
    if let (Some(b), false) = (&loaded.board, json) {
        writeln!(
            out,
            "ok: {}; {warnings} warning{}",
            counts(b),
            plural(warnings)
        )?;
    }
    Ok(EXIT_OK)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// "board `x` (Name): 13 members, 2 meetings, 3 tenders (14 bids), 2 disputes"
fn counts(b: &Board) -> String {
    let bids: usize = b.tenders.iter().map(|t| t.tender.bids.len()).sum();
    format!(
        "board `{}` ({}): {} member{}, {} meeting{}, {} tender{} ({bids} bid{}), {} dispute{}",
        b.file.board.id.get_ref(),
        b.file.board.name,
        b.file.members.len(),
        plural(b.file.members.len()),
        b.meetings.len(),
        plural(b.meetings.len()),
        b.tenders.len(),
        plural(b.tenders.len()),
        plural(bids),
        b.disputes.len(),
        plural(b.disputes.len()),
    )
}

fn seats(dir: &Path, on: chrono::NaiveDate, json: bool, out: &mut impl Write) -> CmdResult {
    let b = match load_valid(dir) {
        Ok(b) => b,
        Err(code) => return Ok(code),
    };
    let report = match crate::board::resolve::seats_on(&b, on) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(EXIT_BAD_INPUT);
        }
    };
    if json {
        serde_json::to_writer_pretty(&mut *out, &report)?;
        writeln!(out)?;
    } else {
        write!(out, "{report}")?;
    }
    Ok(EXIT_OK)
}

fn tally(dir: &Path, ballot: &Path, json: bool, out: &mut impl Write) -> CmdResult {
    let b = match load_valid(dir) {
        Ok(b) => b,
        Err(code) => return Ok(code),
    };
    let result = match crate::ballot::tally_file(&b, ballot) {
        Ok(r) => r,
        Err(diags) => {
            print_diagnostics(&diags);
            return Ok(EXIT_BAD_INPUT);
        }
    };
    print_diagnostics(&result.warnings);
    if json {
        serde_json::to_writer_pretty(&mut *out, &result)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{}", result.tally.explanation)?;
    }
    Ok(EXIT_OK)
}

/// Prints a meeting error (after `prefix`, e.g. the input line) and returns its exit code.
fn meeting_error(e: &MeetingError, prefix: &str) -> i32 {
    if let MeetingError::Board(diags) = e {
        print_diagnostics(diags);
    }
    eprintln!("{prefix}error: {e}");
    match e {
        MeetingError::Board(_) | MeetingError::Refused { .. } | MeetingError::NotAMeeting(_) => {
            EXIT_BAD_INPUT
        }
        _ => EXIT_FAILURE,
    }
}

/// One line of `meeting record` input: an event plus optional `at` and `by`.
struct InputLine {
    event: Event,
    at: Option<DateTime<Utc>>,
    by: Option<String>,
}

fn parse_line(line: &str) -> Result<InputLine, String> {
    let mut value: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    crate::record::event::reject_duplicate_keys(line)?;
    crate::record::event::check_numbers(line)?;
    let obj = value
        .as_object_mut()
        .ok_or("expected a JSON object like {\"type\": \"note\", \"text\": \"…\"}")?;
    let at = match obj.remove("at") {
        None => None,
        Some(serde_json::Value::String(s)) => Some(
            DateTime::parse_from_rfc3339(&s)
                .map_err(|e| format!("`at`: {e}; write RFC 3339, e.g. 2025-03-12T18:30:00Z"))?
                .with_timezone(&Utc),
        ),
        Some(_) => return Err("`at` must be a string like \"2025-03-12T18:30:00Z\"".into()),
    };
    let by = match obj.remove("by") {
        None => None,
        Some(serde_json::Value::String(s)) => {
            crate::record::event::check_name("by", &s)?;
            Some(s)
        }
        Some(_) => return Err("`by` must be a string".into()),
    };
    let event: Event = serde_json::from_value(value)
        .map_err(|e| crate::board::parse::plain_words(&e.to_string()))?;
    Ok(InputLine { event, at, by })
}

/// Who records: `--by`, else `$USER`, else "secretary".
fn recorder(by: Option<String>) -> String {
    by.or_else(|| std::env::var("USER").ok().filter(|u| !u.is_empty()))
        .unwrap_or_else(|| "secretary".into())
}

/// Opens `meeting record --file` input: a regular file or a pipe, never a folder or a device.
fn open_input(f: &Path) -> Result<std::fs::File, String> {
    let refuse = |why: &dyn std::fmt::Display| format!("cannot read {}: {why}", f.display());
    let meta = std::fs::metadata(f).map_err(|e| refuse(&e))?;
    let ft = meta.file_type();
    let pipe = {
        #[cfg(unix)]
        {
            std::os::unix::fs::FileTypeExt::is_fifo(&ft)
        }
        #[cfg(not(unix))]
        {
            false
        }
    };
    if meta.is_dir() {
        return Err(refuse(&crate::limits::ReadError::Folder));
    }
    if !meta.is_file() && !pipe {
        return Err(refuse(&crate::limits::ReadError::Special));
    }
    std::fs::File::open(f).map_err(|e| refuse(&e))
}

/// Reads the next line of `meeting record` input into `buf` (without its line ending), reading
/// no more than [`crate::limits::EVENT_LINE_MAX`] bytes. `Ok(false)` at the end of the input.
fn next_line(input: &mut dyn std::io::BufRead, buf: &mut Vec<u8>) -> std::io::Result<bool> {
    use std::io::{BufRead, Read};
    buf.clear();
    let limit = crate::limits::EVENT_LINE_MAX;
    let n = input.take(limit + 1).read_until(b'\n', buf)?;
    if n == 0 {
        return Ok(false);
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
    } else if buf.len() as u64 > limit {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "the line is longer than the {} an event line may hold",
                crate::limits::size_words(limit)
            ),
        ));
    }
    Ok(true)
}

/// What one `meeting record` run recorded, for the closing message when it stops early.
struct Progress {
    recorded: u64,
    first_seq: Option<u64>,
    last_seq: Option<u64>,
}

impl Progress {
    /// "2 events recorded (seq 5 to 6)" or "nothing recorded".
    fn words(&self) -> String {
        match (self.first_seq, self.last_seq) {
            (Some(a), Some(b)) if a == b => format!("1 event recorded (seq {a})"),
            (Some(a), Some(b)) => format!("{} events recorded (seq {a} to {b})", self.recorded),
            _ => "no event recorded in this run".to_string(),
        }
    }
}

/// Whether standard output was closed when the program started (`>&-`). The Rust runtime then
/// opens /dev/null read-write in its place; no shell redirection does that (`> /dev/null` opens
/// it write-only), so a read-write /dev/null on standard output means nobody can read what is
/// written there.
#[cfg(unix)]
fn stdout_was_closed() -> bool {
    use rustix::fs::{FileType, OFlags};
    let stdout = std::io::stdout();
    let Ok(flags) = rustix::fs::fcntl_getfl(&stdout) else {
        return false;
    };
    if flags & OFlags::RWMODE != OFlags::RDWR {
        return false;
    }
    match (rustix::fs::fstat(&stdout), rustix::fs::stat("/dev/null")) {
        (Ok(out), Ok(null)) => {
            FileType::from_raw_mode(out.st_mode) == FileType::CharacterDevice
                && out.st_rdev == null.st_rdev
        }
        _ => false,
    }
}

#[cfg(not(unix))]
fn stdout_was_closed() -> bool {
    false
}

fn record(dir: &Path, file: Option<&Path>, by: Option<String>, out: &mut impl Write) -> CmdResult {
    if stdout_was_closed() {
        // Every event recorded is acknowledged on standard output; with it closed, nobody would
        // learn which were: refuse before anything is recorded.
        eprintln!(
            "error: standard output is closed, so no event could be acknowledged; nothing was recorded"
        );
        eprintln!(
            "  hint: give record somewhere to write its acknowledgements (`> acks.txt`, or `> /dev/null` to discard them)"
        );
        return Ok(EXIT_FAILURE);
    }
    let by = recorder(by);
    if let Err(msg) = crate::record::event::check_name("--by", &by) {
        eprintln!("error: {msg}");
        return Ok(EXIT_BAD_INPUT);
    }
    // The input is checked before the meeting is opened, so a wrong --file leaves nothing behind.
    let mut input: Box<dyn std::io::BufRead> = match file {
        Some(f) => match open_input(f) {
            Ok(h) => Box::new(std::io::BufReader::new(h)),
            Err(msg) => {
                eprintln!("error: {msg}");
                eprintln!("  hint: give a file of events, one JSON object per line");
                return Ok(EXIT_BAD_INPUT);
            }
        },
        None => {
            if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
                eprintln!(
                    "Reading events from the keyboard: one JSON object per line, Ctrl-D to finish."
                );
            }
            Box::new(std::io::stdin().lock())
        }
    };
    let source = file.map_or("<stdin>".to_string(), |f| f.display().to_string());
    let mut meeting = match Meeting::open_writer(dir) {
        Ok(m) => m,
        Err(e) => return Ok(meeting_error(&e, "")),
    };
    for w in &meeting.warnings {
        eprintln!("warning: {w}");
    }
    let mut progress = Progress {
        recorded: 0,
        first_seq: None,
        last_seq: None,
    };
    let stopped = |progress: &Progress, line: u64| {
        eprintln!(
            "{}; nothing from {source} line {line} on was recorded",
            progress.words()
        );
    };
    let mut buf = Vec::new();
    let mut n: u64 = 0;
    loop {
        n += 1;
        match next_line(&mut *input, &mut buf) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                // A line over the limit: refused like any other bad line.
                eprintln!("{source}:{n}: {e}");
                return Ok(EXIT_BAD_INPUT);
            }
            Err(e) => {
                eprintln!("{source}:{n}: error: cannot read the input: {e}");
                stopped(&progress, n);
                return Ok(EXIT_FAILURE);
            }
        }
        let line = match std::str::from_utf8(&buf) {
            Ok(l) => l,
            Err(e) => {
                eprintln!(
                    "{source}:{n}: not UTF-8 text: byte {} of the line is not a valid character",
                    e.valid_up_to() + 1
                );
                eprintln!("  hint: save the events as UTF-8 text");
                return Ok(EXIT_BAD_INPUT);
            }
        };
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let InputLine {
            event,
            at,
            by: line_by,
        } = match parse_line(trimmed) {
            Ok(x) => x,
            Err(msg) => {
                eprintln!("{source}:{n}: {msg}");
                eprintln!("  hint: docs/meeting-journal.md lists every event type and its fields");
                return Ok(EXIT_BAD_INPUT);
            }
        };
        let at = at.unwrap_or_else(Utc::now);
        let who = line_by.unwrap_or_else(|| by.clone());
        let closed = meeting.goes_closed(&event);
        match meeting.record(&who, at, event) {
            Ok(r) => {
                progress.recorded += 1;
                let ack = if closed {
                    // A line of the closed journal (docs/meeting-journal.md, "Closed sessions").
                    format!("ok closed {} {}", r.seq, r.event.kind())
                } else {
                    progress.first_seq.get_or_insert(r.seq);
                    progress.last_seq = Some(r.seq);
                    format!("ok {} {}", r.seq, r.event.kind())
                };
                if let crate::record::event::Event::MeetingOpened(o) = &r.event
                    && let Some(f) = &o.frozen
                    && let Ok(tz) = f.time_zone.parse::<chrono_tz::Tz>()
                {
                    // Not a refusal: a meeting may be recorded later from the notes.
                    let day = r.at.with_timezone(&tz).date_naive();
                    if day != f.date {
                        eprintln!(
                            "{source}:{n}: warning: the meeting is opened on {} ({}), not on the agenda's date {}: the seats, weights and rules of {} are frozen",
                            day.format("%a %Y-%m-%d"),
                            f.time_zone,
                            f.date.format("%a %Y-%m-%d"),
                            f.date.format("%a %Y-%m-%d")
                        );
                    }
                }
                if let Err(e) = writeln!(out, "{ack}").and_then(|()| out.flush()) {
                    // The event is on disk, but nobody saw it acknowledged: stop here and say so,
                    // never exit 0 with input left unread.
                    eprintln!(
                        "error: cannot acknowledge {source} line {n} on standard output ({e}); \
                         recording stopped"
                    );
                    eprintln!(
                        "{}; nothing after {source} line {n} was recorded",
                        progress.words()
                    );
                    return Ok(EXIT_FAILURE);
                }
            }
            Err(e) => {
                let code = meeting_error(&e, &format!("{source}:{n}: "));
                if code != EXIT_BAD_INPUT {
                    // Not the line's fault (a disk error): say where recording stopped.
                    stopped(&progress, n);
                }
                return Ok(code);
            }
        }
    }
    Ok(EXIT_OK)
}

fn verify(dir: &Path, out: &mut impl Write) -> CmdResult {
    let path = dir.join(crate::meeting::JOURNAL_FILE);
    if !crate::record::reader::journal_present(&path) {
        eprintln!("error: {} has no journal yet", dir.display());
        return Ok(EXIT_BAD_INPUT);
    }
    // The chain first (needs nothing but the file), then the full replay against the board.
    let summary = match crate::record::journal::verify(&path) {
        Ok(s) => s,
        Err(e) => return Ok(meeting_error(&MeetingError::Journal(e), "")),
    };
    let meeting = match Meeting::open_read(dir) {
        Ok(m) => m,
        Err(e) => return Ok(meeting_error(&e, "")),
    };
    for w in &meeting.warnings {
        eprintln!("warning: {w}");
    }
    writeln!(
        out,
        "ok: {} events, hash chain intact, every event replays\nlast line SHA-256: {}",
        summary.count, summary.last_hash
    )?;
    Ok(EXIT_OK)
}

fn status(dir: &Path, json: bool, out: &mut impl Write) -> CmdResult {
    let meeting = match Meeting::open_read(dir) {
        Ok(m) => m,
        Err(e) => return Ok(meeting_error(&e, "")),
    };
    let register = match crate::disputes::register(&meeting.board) {
        Ok(r) => r,
        Err(e) => return Ok(meeting_error(&e.into(), "")),
    };
    let status = Status::of(&meeting, &register, today(&meeting.board));
    if json {
        serde_json::to_writer_pretty(&mut *out, &status)?;
        writeln!(out)?;
    } else {
        write!(out, "{status}")?;
    }
    Ok(EXIT_OK)
}

fn score(
    dir: &Path,
    tender: &str,
    meeting: Option<&Path>,
    on: Option<chrono::NaiveDate>,
    json: bool,
    out: &mut impl Write,
) -> CmdResult {
    let (b, state) = match meeting {
        Some(m) => match Meeting::open_read(m) {
            Ok(m) => {
                if m.board.root.canonicalize().ok() != dir.canonicalize().ok() {
                    eprintln!(
                        "error: meeting {} does not belong to board {}",
                        m.dir.display(),
                        dir.display()
                    );
                    return Ok(EXIT_BAD_INPUT);
                }
                (m.board, Some(m.state))
            }
            Err(e) => return Ok(meeting_error(&e, "")),
        },
        None => match load_valid(dir) {
            Ok(b) => (b, None),
            Err(code) => return Ok(code),
        },
    };
    let Some(t) = b.tender(tender) else {
        let ids: Vec<&str> = b.tenders.iter().map(|t| t.id.as_str()).collect();
        let hint = crate::diag::did_you_mean(tender, ids.iter().copied())
            .map(|s| format!("did you mean `{s}`? "))
            .unwrap_or_default();
        eprintln!(
            "error: no tender `{tender}` in {}\n  hint: {hint}tenders: {}",
            dir.display(),
            crate::diag::list(&ids)
        );
        return Ok(EXIT_BAD_INPUT);
    };
    let register = match crate::disputes::register(&b) {
        Ok(r) => r,
        Err(e) => return Ok(meeting_error(&e.into(), "")),
    };
    let on = on.unwrap_or_else(|| today(&b));
    let live = state.map(|s| crate::meeting::live_input(&s, tender));
    let e = crate::tender::evaluate_tender(&b, t, live.as_ref(), &register, on);
    if json {
        let mut v = crate::report::score_json(&e);
        if let (Some(marks), Some(obj)) = (sheet_marks_json(&b, t), v.as_object_mut()) {
            obj.insert("sheet_signatures".into(), marks);
        }
        serde_json::to_writer_pretty(&mut *out, &v)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", crate::report::ScoreTable(&e))?;
        write_sheet_marks(&b, t, out)?;
    }
    Ok(EXIT_OK)
}

/// `sheet_signatures` for `score --json`: each sheet's mark, when any sheet of the tender is
/// signed or the board requires it.
fn sheet_marks_json(b: &Board, t: &crate::board::load::TenderDoc) -> Option<serde_json::Value> {
    use crate::signature::sheets::{sheet_mark, sig_path};
    let any = t
        .sheets
        .iter()
        .any(|s| sig_path(&b.root.join(&s.path)).is_file());
    if !any && !b.file.minutes.require_signed_sheets {
        return None;
    }
    Some(serde_json::Value::Array(
        t.sheets
            .iter()
            .map(|s| {
                let mut v = serde_json::to_value(sheet_mark(b, s)).unwrap_or_default();
                if let Some(o) = v.as_object_mut() {
                    o.insert("member".into(), s.sheet.member.get_ref().clone().into());
                }
                v
            })
            .collect(),
    ))
}

/// Each sheet's signature mark, when any sheet of the tender is signed or the board requires it.
fn write_sheet_marks(
    b: &Board,
    t: &crate::board::load::TenderDoc,
    out: &mut impl Write,
) -> std::io::Result<()> {
    use crate::signature::sheets::{SheetMark, sheet_mark, sig_path};
    let any = t
        .sheets
        .iter()
        .any(|s| sig_path(&b.root.join(&s.path)).is_file());
    if !any && !b.file.minutes.require_signed_sheets {
        return Ok(());
    }
    writeln!(out, "Sheet signatures:")?;
    for s in &t.sheets {
        let mark = match sheet_mark(b, s) {
            SheetMark::Signed { principal, person } => {
                format!("SIGNED by {person} ({principal}), verified")
            }
            SheetMark::Unsigned => "UNSIGNED".to_string(),
            SheetMark::Refused { reason } => format!("REFUSED: {reason}"),
        };
        writeln!(out, "  {:<18} {mark}", s.sheet.member.get_ref())?;
    }
    Ok(())
}

/// `procboard contracts`: the review of the board's contracts (docs/contracts.md).
fn contracts(
    dir: &Path,
    only: Option<&str>,
    on: Option<chrono::NaiveDate>,
    json: bool,
    out: &mut impl Write,
) -> CmdResult {
    let b = match load_valid(dir) {
        Ok(b) => b,
        Err(code) => return Ok(code),
    };
    let c = crate::contracts::load(&b);
    print_diagnostics(&c.diagnostics);
    if c.has_errors() {
        eprintln!(
            "error: the contracts of {} have problems; run `procboard check {}` after fixing them",
            dir.display(),
            dir.display()
        );
        return Ok(EXIT_BAD_INPUT);
    }
    if let Some(id) = only
        && c.get(id).is_none()
    {
        let ids: Vec<&str> = c.docs.iter().map(|d| d.id.as_str()).collect();
        let hint = crate::diag::did_you_mean(id, ids.iter().copied())
            .map(|s| format!("did you mean `{s}`? "))
            .unwrap_or_default();
        eprintln!(
            "error: no contract `{id}` in {}\n  hint: {hint}contracts: {}",
            dir.display(),
            crate::diag::list(&ids)
        );
        return Ok(EXIT_BAD_INPUT);
    }
    let r = crate::contracts::review(&b, &c, on.unwrap_or_else(|| today(&b)), only);
    if json {
        serde_json::to_writer_pretty(&mut *out, &r)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", crate::contracts::text::ReviewText(&r))?;
    }
    Ok(EXIT_OK)
}

fn disputes(dir: &Path, json: bool, out: &mut impl Write) -> CmdResult {
    let b = match load_valid(dir) {
        Ok(b) => b,
        Err(code) => return Ok(code),
    };
    let register = match crate::disputes::register(&b) {
        Ok(r) => r,
        Err(e) => return Ok(meeting_error(&e.into(), "")),
    };
    if json {
        serde_json::to_writer_pretty(&mut *out, &register)?;
        writeln!(out)?;
    } else {
        write!(out, "{register}")?;
    }
    Ok(EXIT_OK)
}

fn export_ocds(
    dir: &Path,
    tender: Option<String>,
    on: Option<chrono::NaiveDate>,
    file: Option<&Path>,
    out: &mut impl Write,
) -> CmdResult {
    use crate::export::ocds::{self, ExportError, Options};
    let b = match load_valid(dir) {
        Ok(b) => b,
        Err(code) => return Ok(code),
    };
    let register = match crate::disputes::register(&b) {
        Ok(r) => r,
        Err(e) => return Ok(meeting_error(&e.into(), "")),
    };
    let export = match ocds::package(&b, &register, &Options { tender, on }) {
        Ok(x) => x,
        Err(ExportError::UnknownTender { id, known }) => {
            let hint = crate::diag::did_you_mean(&id, known.iter().map(String::as_str))
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
            eprintln!(
                "error: no tender `{id}` in {}\n  hint: {hint}tenders: {}",
                dir.display(),
                crate::diag::list(&known.iter().map(String::as_str).collect::<Vec<_>>())
            );
            return Ok(EXIT_BAD_INPUT);
        }
        Err(e @ ExportError::NoTenders) => {
            eprintln!(
                "error: {}: {e}\n  hint: add a tender file under tenders/ (see docs/board-format.md)",
                dir.display()
            );
            return Ok(EXIT_BAD_INPUT);
        }
    };
    for w in &export.warnings {
        eprintln!("warning: {w}");
    }
    for w in &export.withheld {
        eprintln!("{w}");
    }
    let json = export.package.to_json();
    match file {
        None => out.write_all(json.as_bytes())?,
        Some(path) => {
            if let Err(e) = crate::atomic::write(path, json.as_bytes()) {
                eprintln!("error: cannot write {}: {e}", path.display());
                return Ok(EXIT_FAILURE);
            }
        }
    }
    Ok(EXIT_OK)
}

/// Writes `bytes` to `path` all or nothing: a temporary file beside it, flushed to disk, renamed
/// over `path`, and the folder flushed.
fn stats(dir: &Path, on: Option<chrono::NaiveDate>, json: bool, out: &mut impl Write) -> CmdResult {
    let b = match load_valid(dir) {
        Ok(b) => b,
        Err(code) => return Ok(code),
    };
    let register = match crate::disputes::register(&b) {
        Ok(r) => r,
        Err(e) => return Ok(meeting_error(&e.into(), "")),
    };
    let s = crate::export::stats::stats(&b, &register, on);
    if json {
        serde_json::to_writer_pretty(&mut *out, &s)?;
        writeln!(out)?;
    } else {
        write!(out, "{s}")?;
    }
    Ok(EXIT_OK)
}

/// The demo board, compiled into the binary so `procboard` works from anywhere.
static DEMO: include_dir::Dir<'static> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/boards/river-valley");

/// Copies the demo board to a new scratch folder and returns it.
fn extract_demo() -> Result<PathBuf, Box<dyn std::error::Error>> {
    let scratch = tempfile::Builder::new()
        .prefix("procboard-demo-")
        .tempdir()?
        .keep();
    DEMO.extract(&scratch)?;
    Ok(scratch)
}

/// `procboard` in a terminal: the console on a scratch copy of the demo, at its next meeting.
fn demo_console() -> CmdResult {
    let scratch = extract_demo()?;
    let b = match load_valid(&scratch) {
        Ok(b) => b,
        Err(code) => return Ok(code),
    };
    let meeting = b.meetings.last().map(|m| m.id.clone()).unwrap_or_default();
    let dir = scratch.join("meetings").join(meeting);
    let code = crate::tui::driver::run(&crate::tui::driver::Options {
        dir: dir.clone(),
        mode: crate::tui::app::Mode::Secretary,
        by: recorder(None),
        review_as: None,
        review_key: None,
    });
    println!(
        "The demo meeting's journal is in {}; `procboard meet {}` reopens it.",
        dir.display(),
        dir.display()
    );
    Ok(code)
}

/// `procboard review`: the console read-only on a meeting of the board.
fn review(
    dir: &Path,
    meeting: Option<String>,
    member: Option<String>,
    key: Option<PathBuf>,
) -> CmdResult {
    let b = match load_valid(dir) {
        Ok(b) => b,
        Err(code) => return Ok(code),
    };
    let today = today(&b);
    let id = match meeting {
        Some(id) => id,
        None => match b
            .meetings
            .iter()
            .find(|m| m.agenda.meeting.date.get_ref().0 >= today)
            .or(b.meetings.last())
        {
            Some(m) => m.id.clone(),
            None => {
                eprintln!("error: {} has no meetings to review", dir.display());
                return Ok(EXIT_BAD_INPUT);
            }
        },
    };
    if b.meeting(&id).is_none() {
        let ids: Vec<&str> = b.meetings.iter().map(|m| m.id.as_str()).collect();
        let hint = crate::diag::did_you_mean(&id, ids.iter().copied())
            .map(|s| format!("did you mean `{s}`? "))
            .unwrap_or_default();
        eprintln!(
            "error: no meeting `{id}` in {}\n  hint: {hint}meetings: {}",
            dir.display(),
            crate::diag::list(&ids)
        );
        return Ok(EXIT_BAD_INPUT);
    }
    Ok(crate::tui::driver::run(&crate::tui::driver::Options {
        dir: dir.join("meetings").join(id),
        mode: crate::tui::app::Mode::Review,
        by: recorder(None),
        review_as: member,
        review_key: key,
    }))
}

fn demo(out: &mut impl Write) -> CmdResult {
    let scratch = extract_demo()?;
    writeln!(
        out,
        "procboard demo: a scratch copy of the bundled board is at {}\n(the checkout is never written to; delete the folder when done)\n",
        scratch.display()
    )?;
    let b = match load_valid(&scratch) {
        Ok(b) => b,
        Err(code) => return Ok(code),
    };
    write!(
        out,
        "{}",
        crate::board::summary::Summary::new(&b, today(&b))
    )?;
    let meeting = b.meetings.last().map(|m| m.id.clone()).unwrap_or_default();
    let tender = b
        .tenders
        .iter()
        .find(|t| !t.sheets.is_empty())
        .or(b.tenders.first())
        .map(|t| t.id.clone())
        .unwrap_or_default();
    writeln!(
        out,
        "\nTry:\n  procboard check {0}\n  procboard seats {0} --on {1}\n  procboard score {0} {tender}\n  procboard disputes {0}\n  procboard meeting {0}/meetings/{meeting} status\n  procboard minutes verify {0}\n\nThe meeting console on this copy (in a terminal; `procboard` alone opens it on a fresh copy):\n  procboard meet {0}/meetings/{meeting}",
        scratch.display(),
        today(&b)
    )?;
    Ok(EXIT_OK)
}

/// Today's date in the board's time zone (the only place the clock is read for display).
fn publish(
    dir: &Path,
    site: &Path,
    on: Option<chrono::NaiveDate>,
    out: &mut impl Write,
) -> CmdResult {
    let b = match load_valid(dir) {
        Ok(b) => b,
        Err(code) => return Ok(code),
    };
    match crate::export::site::publish(&b, on, site) {
        Ok(p) => {
            for w in &p.withheld {
                eprintln!("{w}");
            }
            for m in &p.failed {
                eprintln!(
                    "warning: the record of meeting {m} does not verify; its page says so (run `procboard minutes verify {}`)",
                    dir.display()
                );
            }
            writeln!(
                out,
                "wrote {}: {} files, {} bytes, statuses as of {}",
                site.display(),
                p.files,
                p.bytes,
                p.as_of
            )?;
            Ok(EXIT_OK)
        }
        Err(e) => {
            if let crate::export::site::SiteError::Meeting(MeetingError::Board(d)) = &e {
                print_diagnostics(d);
            }
            eprintln!("error: {e}");
            Ok(e.fault().code())
        }
    }
}

fn today(b: &Board) -> chrono::NaiveDate {
    let tz: chrono_tz::Tz = b
        .file
        .board
        .time_zone
        .get_ref()
        .parse()
        .unwrap_or(chrono_tz::UTC);
    chrono::Utc::now().with_timezone(&tz).date_naive()
}

fn minutes(action: MinutesAction, out: &mut impl Write) -> CmdResult {
    use crate::minutes::MinutesError;
    let fail = |e: &MinutesError| {
        if let MinutesError::Meeting(MeetingError::Board(diags)) = e {
            print_diagnostics(diags);
        }
        eprintln!("error: {e}");
        e.fault().code()
    };
    match action {
        MinutesAction::Render { dir } => match crate::minutes::write_minutes(&dir) {
            Ok(_) => {
                writeln!(
                    out,
                    "wrote {} and {}",
                    dir.join(crate::minutes::MINUTES_MD).display(),
                    dir.join(crate::minutes::MINUTES_JSON).display()
                )?;
                if let Ok(m) = crate::meeting::Meeting::open_read(&dir) {
                    let closed = crate::meeting::closed::closed_dir(&m.board, &m.id)
                        .join(crate::minutes::closed::CLOSED_MINUTES_MD);
                    if closed.is_file() {
                        writeln!(out, "wrote {} (closed minutes)", closed.display())?;
                    }
                }
                Ok(EXIT_OK)
            }
            Err(e) => Ok(fail(&e)),
        },
        MinutesAction::Sign {
            dir,
            role,
            key,
            closed,
        } => {
            let signed = if closed {
                crate::minutes::closed::sign_closed_minutes(&dir, &role, &key)
            } else {
                crate::minutes::sign::sign_minutes(&dir, &role, &key)
            };
            match signed {
                Ok(path) => {
                    writeln!(out, "wrote {}", path.display())?;
                    Ok(EXIT_OK)
                }
                Err(e) => Ok(fail(&e)),
            }
        }
        MinutesAction::Verify {
            board,
            json,
            stranger,
        } => {
            let b = match load_valid(&board) {
                Ok(b) => b,
                Err(code) => return Ok(code),
            };
            let report = crate::minutes::verify::verify_board(&b);
            if !json {
                witnesses(&b, &mut *out)?;
            }
            if json {
                serde_json::to_writer_pretty(&mut *out, &report)?;
                writeln!(out)?;
            } else {
                write!(out, "{report}")?;
                if stranger {
                    write!(out, "{}", report.stranger())?;
                }
            }
            Ok(if report.ok { EXIT_OK } else { EXIT_FAILURE })
        }
    }
}

/// `--at`: an RFC 3339 time, default now.
fn at_or_now(at: Option<&str>) -> Result<DateTime<Utc>, i32> {
    match at {
        None => Ok(Utc::now()),
        Some(t) => match DateTime::parse_from_rfc3339(t) {
            Ok(t) => Ok(t.with_timezone(&Utc)),
            Err(e) => {
                eprintln!("error: --at {t}: not an RFC 3339 time ({e}), e.g. 2025-04-20T10:00:00Z");
                Err(EXIT_BAD_INPUT)
            }
        },
    }
}

/// `procboard written ...`: thin calls into `crate::written`.
fn written(action: WrittenAction, out: &mut impl Write) -> CmdResult {
    use crate::written::WrittenError;
    let fail = |e: &WrittenError| {
        if let WrittenError::Board(d) = e {
            print_diagnostics(d);
        }
        eprintln!("error: {e}");
        e.fault().code()
    };
    macro_rules! try_code {
        ($e:expr) => {
            match $e {
                Ok(v) => v,
                Err(code) => return Ok(code),
            }
        };
    }
    match action {
        WrittenAction::Open {
            board,
            id,
            text,
            kind,
            deadline,
            role,
            key,
            documents,
            at,
        } => {
            let at = try_code!(at_or_now(at.as_deref()));
            let b = try_code!(load_valid(&board));
            let args = crate::written::act::OpenArgs {
                id,
                text,
                kind,
                deadline,
                role,
                key,
                documents,
                at,
            };
            match crate::written::act::open(&b, &args) {
                Ok(p) => {
                    writeln!(out, "wrote {} and its .sig", p.display())?;
                    writeln!(
                        out,
                        "commit and push written/{}/ so every member can answer",
                        args.id
                    )?;
                    Ok(EXIT_OK)
                }
                Err(e) => Ok(fail(&e)),
            }
        }
        WrittenAction::Answer {
            board,
            id,
            member,
            key,
            answer,
            statement,
            at,
        } => {
            let at = try_code!(at_or_now(at.as_deref()));
            let b = try_code!(load_valid(&board));
            match crate::written::act::answer(
                &b,
                &id,
                &member,
                &key,
                &answer,
                statement.as_deref(),
                at,
            ) {
                Ok(a) => {
                    if let Some(w) = &a.late {
                        eprintln!("warning: {w}");
                    }
                    writeln!(out, "wrote {} and its .sig", a.file.display())?;
                    writeln!(out, "commit and push it (or send it as a pull request)")?;
                    Ok(EXIT_OK)
                }
                Err(e) => Ok(fail(&e)),
            }
        }
        WrittenAction::Status {
            board,
            id,
            json,
            at,
        } => {
            let at = try_code!(at_or_now(at.as_deref()));
            let b = try_code!(load_valid(&board));
            let ids = match id {
                Some(id) if crate::written::valid_id(&id) => vec![id],
                Some(id) => {
                    eprintln!("error: `{id}` is not a procedure id");
                    return Ok(EXIT_BAD_INPUT);
                }
                None => crate::written::procedure_ids(&b),
            };
            let mut all = Vec::new();
            for id in &ids {
                match crate::written::status::status(&b, id, at) {
                    Ok(s) => all.push(s),
                    Err((file, msg)) => {
                        eprintln!("error: {file}: {msg}");
                        return Ok(EXIT_BAD_INPUT);
                    }
                }
            }
            if json {
                serde_json::to_writer_pretty(&mut *out, &all)?;
                writeln!(out)?;
            } else if all.is_empty() {
                writeln!(out, "no written procedure in {}", board.display())?;
            } else {
                for s in &all {
                    write!(out, "{s}")?;
                }
            }
            Ok(EXIT_OK)
        }
        WrittenAction::Close {
            board,
            id,
            role,
            key,
            at,
        } => {
            let at = try_code!(at_or_now(at.as_deref()));
            let b = try_code!(load_valid(&board));
            match crate::written::act::close(&b, &id, &role, &key, at) {
                Ok((p, r)) => {
                    writeln!(out, "wrote {} and its .sig", p.display())?;
                    writeln!(out, "{}", r.explanation)?;
                    Ok(EXIT_OK)
                }
                Err(e) => Ok(fail(&e)),
            }
        }
    }
}

fn signers(action: SignersAction, out: &mut impl Write) -> CmdResult {
    match action {
        SignersAction::Add {
            board,
            principal,
            key,
            valid_after,
            valid_before,
            namespaces,
        } => {
            let text = match std::fs::read_to_string(&key) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("error: cannot read {}: {e}", key.display());
                    return Ok(EXIT_BAD_INPUT);
                }
            };
            if !board.is_dir() {
                eprintln!("error: {} is not a folder", board.display());
                return Ok(EXIT_BAD_INPUT);
            }
            match crate::signature::allowed::add(
                &board,
                &principal,
                &text,
                &namespaces,
                valid_after.as_deref(),
                valid_before.as_deref(),
            ) {
                Ok(added) => {
                    if let Some(k) = &added.kept {
                        writeln!(
                            out,
                            "kept the earlier allowed_signers as {}",
                            board.join(k).display()
                        )?;
                    }
                    writeln!(
                        out,
                        "added to {}: {}",
                        board.join("allowed_signers").display(),
                        added.line
                    )?;
                    Ok(EXIT_OK)
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    Ok(EXIT_BAD_INPUT)
                }
            }
        }
    }
}

fn archive(dir: &Path, push: bool, out: &mut impl Write) -> CmdResult {
    let b = match load_valid(dir) {
        Ok(b) => b,
        Err(code) => return Ok(code),
    };
    match crate::minutes::archive::archive(&b, push) {
        Ok(a) => {
            match &a.commit {
                None => writeln!(out, "nothing to archive: the record is committed")?,
                Some(c) => {
                    writeln!(
                        out,
                        "committed {c}: {} file{}{}",
                        a.files.len(),
                        plural(a.files.len()),
                        if a.pushed { ", pushed" } else { "" }
                    )?;
                    for f in &a.files {
                        writeln!(out, "  {f}")?;
                    }
                }
            }
            Ok(EXIT_OK)
        }
        Err(e) => {
            eprintln!("error: {e}");
            Ok(e.fault().code())
        }
    }
}

fn witness(
    dir: &Path,
    member: &str,
    key: &Path,
    at: Option<&str>,
    out: &mut impl Write,
) -> CmdResult {
    let at = match at {
        None => chrono::Utc::now(),
        Some(t) => match chrono::DateTime::parse_from_rfc3339(t) {
            Ok(t) => t.with_timezone(&chrono::Utc),
            Err(e) => {
                eprintln!("error: --at {t}: not an RFC 3339 time ({e}), e.g. 2025-04-20T10:00:00Z");
                return Ok(EXIT_BAD_INPUT);
            }
        },
    };
    let b = match load_valid(dir) {
        Ok(b) => b,
        Err(code) => return Ok(code),
    };
    // Witness only what holds: a member vouches for a verified archive.
    let report = crate::minutes::verify::verify_board(&b);
    if !report.ok {
        write!(std::io::stderr(), "{report}")?;
        eprintln!(
            "error: refused to witness {}: `procboard minutes verify` fails; a witness vouches only for an archive that verifies",
            dir.display()
        );
        return Ok(EXIT_BAD_INPUT);
    }
    match crate::witness::witness(&b, member, key, at) {
        Ok(w) => {
            let c = &w.content;
            writeln!(
                out,
                "wrote {} and {}",
                w.statement.display(),
                w.signature.display()
            )?;
            writeln!(
                out,
                "{} ({}) for {} witnesses {} meeting{} (newest {}) and {} files at {}",
                c.person,
                c.principal,
                c.member,
                c.meetings.len(),
                plural(c.meetings.len()),
                c.meetings.last().map(String::as_str).unwrap_or("none"),
                c.journals.len() + c.files.len(),
                c.at
            )?;
            let name = |p: &Path| {
                p.strip_prefix(&b.root)
                    .unwrap_or(p)
                    .to_string_lossy()
                    .into_owned()
            };
            writeln!(
                out,
                "commit and push them to the board's repository, like a score sheet:\n  git -C {} add {} {}\n  git -C {} commit -m \"Witness statement of {}\" && git -C {} push",
                dir.display(),
                name(&w.statement),
                name(&w.signature),
                dir.display(),
                c.member,
                dir.display()
            )?;
            Ok(EXIT_OK)
        }
        Err(e) => {
            eprintln!("error: {e}");
            Ok(e.fault().code())
        }
    }
}

/// The witness statements that hold and the warnings, before `minutes verify`'s report (its
/// failures are in the report).
fn witnesses(b: &Board, out: &mut impl Write) -> std::io::Result<()> {
    let w = crate::witness::verify(b);
    for g in &w.good {
        writeln!(
            out,
            "witness  ok   {}: {} ({}) for {} at {}: {} meeting{}, {} files as witnessed",
            g.file,
            g.person,
            g.principal,
            g.member,
            g.at,
            g.meetings,
            plural(g.meetings),
            g.files
        )?;
    }
    for m in &w.warnings {
        writeln!(out, "witness  warning: {m}")?;
    }
    Ok(())
}
