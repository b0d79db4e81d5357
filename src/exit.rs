//! What kind of failure an error is, and the process exit code each kind maps to.
//!
//! The library's errors say what they are ([`Fault`]); the front ends (the CLI and the console)
//! alone turn that into the process's exit code. The codes are documented in the user guide's
//! exit-code table: 0 success, 1 a failure that is not the input's fault (a disk, a lock, a
//! program that failed), 2 bad input (a file, an argument, a board that does not check).

/// Exit code for success.
pub const EXIT_OK: i32 = 0;
/// Exit code for a failure that is not the input's fault.
pub const EXIT_FAILURE: i32 = 1;
/// Exit code for bad input.
pub const EXIT_BAD_INPUT: i32 = 2;

/// Whose fault an error is: the input's (fix the file or the arguments) or the surroundings'
/// (the disk, a lock held by another program, an external program that failed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// The input is wrong: a file, an argument, a board with errors, a refused act.
    BadInput,
    /// Something around the input failed: reading or writing a file, a lock, git.
    Failure,
}

impl Fault {
    /// The process exit code for this kind of failure.
    pub const fn code(self) -> i32 {
        match self {
            Fault::BadInput => EXIT_BAD_INPUT,
            Fault::Failure => EXIT_FAILURE,
        }
    }
}
