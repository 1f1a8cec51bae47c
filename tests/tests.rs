//! Marsad's integration tests: one binary, a temp dir per test, the real
//! `marsad` executable driven as a user would.

mod bad_input;
mod cleaning;
mod crash;
mod quotes;
mod regression;
mod search;
mod stories;
mod util;
