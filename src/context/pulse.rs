//! A microphone in use through PulseAudio, or PipeWire with its PulseAudio server
//! (pipewire-pulse, on most desktops now): a recording stream ("source output") that is
//! running (not corked) and records a real source, not a sink's monitor (that is screen
//! or desktop-audio capture, not a microphone). Unlike ALSA's status files ([`super::mic`])
//! this sees Bluetooth headsets and virtual sources too.
//!
//! Asked only when a reminder is due, in three round trips over the server's native
//! protocol (the pure-Rust `pulseaudio` crate's protocol layer, no libpulse), on a
//! blocking socket with a timeout, then closed: no connection, task or thread at rest.

use std::ffi::CString;
use std::io::BufReader;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

use pulseaudio::protocol::{self, Command, Prop};

pub const SOURCE: &str = "pulseaudio";

/// A hung server must not hold the check up for long.
const TIMEOUT: Duration = Duration::from_secs(2);

#[derive(Debug, thiserror::Error)]
pub enum PulseError {
    #[error(
        "no PulseAudio or PipeWire-Pulse server (no socket in PULSE_SERVER or $XDG_RUNTIME_DIR/pulse)"
    )]
    NoServer,
    #[error("{socket}: {source}")]
    Io {
        socket: PathBuf,
        source: std::io::Error,
    },
    #[error("{socket}: {step}: {source}")]
    Protocol {
        socket: PathBuf,
        step: &'static str,
        source: protocol::ProtocolError,
    },
}

/// The server's socket from the environment, as libpulse finds it.
pub fn socket_from_env() -> Result<PathBuf, PulseError> {
    pulseaudio::socket_path_from_env().ok_or(PulseError::NoServer)
}

/// A recording stream on the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stream {
    /// Who records (`application.name`, else the stream's name).
    pub app: String,
    /// What it records from (empty while not linked to a source).
    pub source: String,
    /// Whether that source is a sink's monitor (desktop audio, not a microphone).
    pub monitor: bool,
    /// Paused by its application.
    pub corked: bool,
}

impl Stream {
    /// Whether this is someone using a microphone now.
    pub fn is_microphone(&self) -> bool {
        !self.corked && !self.monitor && !self.source.is_empty()
    }
}

/// The streams using a microphone now, on the server at `socket`.
pub fn capturing(socket: &Path) -> Result<Vec<Stream>, PulseError> {
    let mut streams = streams(socket)?;
    streams.retain(Stream::is_microphone);
    Ok(streams)
}

/// Every recording stream on the server at `socket`.
pub fn streams(socket: &Path) -> Result<Vec<Stream>, PulseError> {
    let io = |source| PulseError::Io {
        socket: socket.to_owned(),
        source,
    };
    let proto = |step| {
        move |source| PulseError::Protocol {
            socket: socket.to_owned(),
            step,
            source,
        }
    };
    let stream = UnixStream::connect(socket).map_err(io)?;
    stream.set_read_timeout(Some(TIMEOUT)).map_err(io)?;
    stream.set_write_timeout(Some(TIMEOUT)).map_err(io)?;
    let mut conn = BufReader::new(stream);
    // PulseAudio checks the user's cookie; PipeWire-Pulse checks none but refuses one that
    // is not of the protocol's length (256 bytes).
    let cookie = pulseaudio::cookie_path_from_env()
        .and_then(|p| std::fs::read(p).ok())
        .unwrap_or_else(|| vec![0; 256]);
    let auth = protocol::AuthParams {
        version: protocol::MAX_VERSION,
        supports_shm: false,
        supports_memfd: false,
        cookie,
    };
    protocol::write_command_message(
        conn.get_mut(),
        0,
        &Command::Auth(auth),
        protocol::MAX_VERSION,
    )
    .map_err(proto("Auth"))?;
    let (_, reply) =
        protocol::read_reply_message::<protocol::AuthReply>(&mut conn, protocol::MAX_VERSION)
            .map_err(proto("Auth"))?;
    let version = protocol::MAX_VERSION.min(reply.version);
    let mut props = protocol::Props::new();
    props.set(Prop::ApplicationName, c"soleus");
    protocol::write_command_message(conn.get_mut(), 1, &Command::SetClientName(props), version)
        .map_err(proto("SetClientName"))?;
    protocol::read_reply_message::<protocol::SetClientNameReply>(&mut conn, version)
        .map_err(proto("SetClientName"))?;
    protocol::write_command_message(conn.get_mut(), 2, &Command::GetSourceInfoList, version)
        .map_err(proto("GetSourceInfoList"))?;
    let (_, sources) = protocol::read_reply_message::<protocol::SourceInfoList>(&mut conn, version)
        .map_err(proto("GetSourceInfoList"))?;
    protocol::write_command_message(
        conn.get_mut(),
        3,
        &Command::GetSourceOutputInfoList,
        version,
    )
    .map_err(proto("GetSourceOutputInfoList"))?;
    let (_, outputs) =
        protocol::read_reply_message::<protocol::SourceOutputInfoList>(&mut conn, version)
            .map_err(proto("GetSourceOutputInfoList"))?;
    Ok(describe(&sources, &outputs))
}

/// Each output, with what its source is.
fn describe(
    sources: &[protocol::SourceInfo],
    outputs: &[protocol::SourceOutputInfo],
) -> Vec<Stream> {
    let text = |c: &CString| c.to_string_lossy().into_owned();
    outputs
        .iter()
        .map(|o| {
            // A stream not linked yet has no source: it records nothing.
            let source = sources.iter().find(|s| s.index == o.source_index);
            let app = o.props.get(Prop::ApplicationName).map_or_else(
                || text(&o.name),
                |b| String::from_utf8_lossy(b.strip_suffix(&[0]).unwrap_or(b)).into_owned(),
            );
            Stream {
                app,
                source: source.map(|s| text(&s.name)).unwrap_or_default(),
                monitor: source.is_some_and(|s| s.monitor_of_sink_index.is_some()),
                corked: o.corked,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(index: u32, name: &str, monitor_of: Option<u32>) -> protocol::SourceInfo {
        protocol::SourceInfo {
            index,
            name: CString::new(name).expect("no NUL"),
            monitor_of_sink_index: monitor_of,
            ..Default::default()
        }
    }

    fn output(source_index: u32, app: &str, corked: bool) -> protocol::SourceOutputInfo {
        let mut props = protocol::Props::new();
        props.set(
            Prop::ApplicationName,
            CString::new(app).expect("no NUL").as_c_str(),
        );
        protocol::SourceOutputInfo {
            source_index,
            props,
            corked,
            ..Default::default()
        }
    }

    #[test]
    fn only_running_streams_from_a_real_source_are_a_microphone_in_use() {
        let sources = [
            source(1, "mic", None),
            source(2, "speakers.monitor", Some(0)),
        ];
        let streams = describe(
            &sources,
            &[
                output(1, "call", false),
                output(1, "paused call", true),
                output(2, "screen recorder", false),
                output(u32::MAX, "not linked yet", false),
            ],
        );
        let mics: Vec<&str> = streams
            .iter()
            .filter(|s| s.is_microphone())
            .map(|s| s.app.as_str())
            .collect();
        assert_eq!(mics, vec!["call"]);
        assert_eq!(streams[2].source, "speakers.monitor");
        assert!(streams[2].monitor && streams[1].corked && streams[3].source.is_empty());
    }
}
