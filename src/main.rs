//! The `attain` command line: parses arguments, runs one command, prints diagnostics.

mod cmd;

use std::process::ExitCode;

use clap::Parser;

use attain::diag::Diagnostics;

fn main() -> ExitCode {
    let cli = cmd::Cli::parse();
    match cmd::run(cli) {
        Ok(outcome) => outcome.exit_code(),
        Err(err) => {
            match err.downcast_ref::<Diagnostics>() {
                // Already worded and located, one per line.
                Some(diagnostics) => {
                    eprintln!("{diagnostics}");
                    eprintln!("目标清单有错误，未生成任何文件。");
                }
                None => eprintln!("错误: {err}"),
            }
            ExitCode::from(2)
        }
    }
}
