//! The `soleus` binary: parse the command line, run the command, map errors to exit codes.

use std::process::ExitCode;

use clap::Parser;
use soleus::cli::Cli;
use soleus::commands;

fn main() -> ExitCode {
    soleus::logging::init();
    let cli = Cli::parse();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let message = e.to_string();
            if !message.is_empty() {
                eprintln!("error: {message}");
            }
            e.exit_code()
        }
    }
}
