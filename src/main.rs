//! The `procboard` binary: parse arguments, run, map the outcome to an exit code.

fn main() {
    std::process::exit(procboard::cli::main());
}
