//! The floor: a tokio program that does nothing but sleep on a 60 s interval, on the same
//! current-thread runtime soleus uses. `bench/footprint.sh --floor` measures it beside the
//! daemon, so "as light as a sleeping process" is a figure from the same run, not a claim.

use std::time::Duration;

fn main() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
        }
    })
}
