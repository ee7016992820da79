//! The `attain` command line: parses arguments, runs one command, prints what stopped it.

mod cmd;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cmd::Cli::parse();
    match attain::Error::isolate(|| "本次命令".into(), || cmd::run(cli)) {
        Ok(outcome) => outcome.exit_code(),
        Err(err) => {
            cmd::print_error(&err);
            cmd::Outcome::NothingWritten.exit_code()
        }
    }
}
