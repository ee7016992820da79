//! The `attain` command line: parses arguments, runs one command, prints what stopped it.

mod cmd;

use std::process::ExitCode;

use clap::Parser;

/// Counts memory so that a runaway template ends with a message (`attain::memory`).
#[global_allocator]
static ALLOCATOR: attain::memory::Ceiling = attain::memory::Ceiling;

fn main() -> ExitCode {
    if let Some(limit) = attain::memory::default_limit() {
        attain::memory::set_limit(limit);
    }
    let cli = cmd::Cli::parse();
    match attain::Error::isolate(|| "本次命令".into(), || cmd::run(cli)) {
        Ok(outcome) => outcome.exit_code(),
        Err(err) => {
            cmd::print_error(&err);
            cmd::Outcome::NothingWritten.exit_code()
        }
    }
}
