//! A state a service keeps and announces with a signal of its own, read when the watch
//! starts and again at each such signal (do-not-disturb: swaync; idle inhibitors: logind,
//! gnome-session, KDE's power manager). Across restarts of the service: when its name
//! changes owner, the old reading is withdrawn and the new owner asked. Nothing is polled.

use std::convert::Infallible;

use futures_lite::{Stream, StreamExt};
use tokio::sync::mpsc::UnboundedSender;

use super::{ContextReport, Kind};

/// The source's name in reports, the kind it says is on or off, and what it watches.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub name: &'static str,
    pub kind: Kind,
    pub what: &'a str,
}

/// Reports `read`'s answer for the service behind `proxy`, asking again at each signal
/// that matches `rule`, until the bus connection fails; returns why it stopped.
pub async fn watch<R, F>(
    bus: &zbus::Connection,
    source: Source<'_>,
    proxy: &zbus::Proxy<'_>,
    rule: zbus::MatchRule<'_>,
    read: R,
    tx: &UnboundedSender<ContextReport>,
) -> String
where
    R: Fn() -> F,
    F: Future<Output = Result<bool, String>>,
{
    let fail = |e: zbus::Error| format!("{}: {e}", source.name);
    // Subscribed before the first read, so a change while reading is not lost.
    let changes = match zbus::MessageStream::for_match_rule(rule, bus, None).await {
        Ok(stream) => stream.map(|_| ()),
        Err(e) => return fail(e),
    };
    let owner = match proxy.receive_owner_changed().await {
        Ok(owner) => owner,
        Err(e) => return fail(e),
    };
    match follow(source, changes, owner, read, tx).await {
        Ok(never) => match never {},
        Err(why) => why,
    }
}

/// The signals of `interface` at `path` from `name`, of `member` only if given, with the
/// first arguments equal to `args`.
pub fn rule(
    name: &'static str,
    path: &'static str,
    interface: &'static str,
    member: Option<&'static str>,
    args: &[&'static str],
) -> zbus::Result<zbus::MatchRule<'static>> {
    let mut rule = zbus::MatchRule::builder()
        .msg_type(zbus::message::Type::Signal)
        .sender(name)
        .interface(interface)
        .path(path);
    if let Some(member) = member {
        rule = rule.member(member);
    }
    for (i, arg) in args.iter().enumerate() {
        rule = rule.arg(i as u8, *arg);
    }
    rule.build()
}

/// Reports `read`'s answer until the bus connection fails (the only way this ends).
/// `changes` yields once per change signal; `owner` is the service's name-owner stream.
async fn follow<R, F>(
    Source { name, kind, what }: Source<'_>,
    mut changes: impl Stream<Item = ()> + Unpin,
    mut owner: zbus::proxy::OwnerChangedStream<'_>,
    read: R,
    tx: &UnboundedSender<ContextReport>,
) -> Result<Infallible, String>
where
    R: Fn() -> F,
    F: Future<Output = Result<bool, String>>,
{
    let closed = || format!("{name}: the bus connection closed");
    loop {
        let mut last = match read().await {
            Ok(on) => on,
            // Not there (or not answering): wait for the next owner of the name.
            Err(why) => {
                let _ = tx.send(ContextReport::source(name, kind, Err(why)));
                owner.next().await.ok_or_else(closed)?;
                continue;
            }
        };
        let _ = tx.send(ContextReport::source(name, kind, Ok(what.to_owned())));
        let _ = tx.send(ContextReport::reading(name, kind, last));
        loop {
            tokio::select! {
                change = changes.next() => {
                    change.ok_or_else(|| format!("{name}: the signal stream ended"))?;
                    match read().await {
                        Ok(on) if on != last => {
                            last = on;
                            let _ = tx.send(ContextReport::reading(name, kind, on));
                        }
                        Ok(_) => {}
                        Err(why) => {
                            let _ = tx.send(ContextReport::source(name, kind, Err(why)));
                            break;
                        }
                    }
                }
                new = owner.next() => {
                    new.ok_or_else(closed)?;
                    // Restarted or gone: its reading goes, the next owner's comes.
                    let why = format!("{name} left or was replaced on the bus");
                    let _ = tx.send(ContextReport::source(name, kind, Err(why)));
                    break;
                }
            }
        }
    }
}
