//! Helpers shared by the integration tests.

#![allow(dead_code)]

pub mod generate;

/// Where end-to-end tests keep gilint's findings cache: in the build directory, never the
/// user's. (Runs share it, so the suite also checks that answers from the cache read as
/// checking gives them.)
pub const CACHE_DIR: &str = concat!(env!("CARGO_TARGET_TMPDIR"), "/gilint-cache");

/// The built binary, run from the repository root, with no format from the environment
/// and no colours: what end-to-end tests compare against.
pub fn gilint() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("gilint").expect("binary built");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("GILINT_FORMAT")
        .env_remove("GILINT_NO_CACHE")
        .env("GILINT_CACHE_DIR", CACHE_DIR)
        .env("NO_COLOR", "1");
    cmd
}
