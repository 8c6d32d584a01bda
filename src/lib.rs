//! soleus: reminds desk workers to do seated soleus pushups.
//!
//! A small pure core ([`schedule`], [`calendar`], [`stats`], [`simulate`]) inside thin
//! shells that own the clock, the files and the terminal ([`commands`], [`history`]).

pub mod atomic_file;
pub mod autostart;
pub mod backoff;
pub mod calendar;
pub mod cli;
pub mod client;
pub mod commands;
pub mod config;
pub mod context;
pub mod daemon;
pub mod diagnostic;
pub mod duration;
pub mod history;
pub mod ipc;
pub mod logging;
pub mod paths;
pub mod presence;
pub mod regular_file;
pub mod schedule;
pub mod shared_bus;
pub mod simulate;
pub mod stats;
pub mod timefmt;
#[cfg(test)]
mod tiny_disk;
