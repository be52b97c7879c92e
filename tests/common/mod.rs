//! Helpers shared by the integration tests.

#![allow(dead_code)]

pub mod generate;

/// The built binary, run from the repository root, with no format from the environment
/// and no colours: what end-to-end tests compare against.
pub fn gilint() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("gilint").expect("binary built");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("GILINT_FORMAT")
        .env("NO_COLOR", "1");
    cmd
}
