//! `soleus pause [DURATION | today] [--until TIME]`: the argument becomes the request's end,
//! here, where the user's local time is known.

use jiff::Zoned;

use super::CliError;
use crate::cli::PauseFor;
use crate::history::record::local_time;
use crate::ipc::Request;
use crate::timefmt::parse_until;

/// The request for `soleus pause` with these arguments, at `now`.
///
/// `today` ends at the next local midnight: reminders come back tomorrow, whatever the
/// active hours are (a pause need not know them).
pub fn request(
    duration: Option<PauseFor>,
    until: Option<&str>,
    now: &Zoned,
) -> Result<Request, CliError> {
    let until = match (duration, until) {
        (Some(PauseFor::Duration(d)), _) => {
            return Ok(Request::Pause {
                seconds: Some(d.as_secs()),
                until: None,
            });
        }
        (Some(PauseFor::Today), _) => Some(
            now.tomorrow()
                .and_then(|t| t.start_of_day())
                .map_err(|e| CliError::Other(format!("cannot tell when tomorrow starts: {e}")))?
                .timestamp(),
        ),
        (None, Some(text)) => {
            Some(parse_until(text, now).map_err(|e| CliError::Usage(e.to_string()))?)
        }
        (None, None) => None,
    };
    Ok(Request::Pause {
        seconds: None,
        until: until.map(local_time::render),
    })
}

#[cfg(test)]
mod tests {
    use jiff::SignedDuration;

    use super::*;

    fn now() -> Zoned {
        "2026-11-23T15:00:00+01:00[Europe/Berlin]"
            .parse()
            .expect("zoned")
    }

    fn until(request: &Request) -> Option<jiff::Timestamp> {
        match request {
            Request::Pause {
                until: Some(text), ..
            } => text.parse().ok(),
            _ => None,
        }
    }

    #[test]
    fn today_ends_at_the_next_local_midnight() {
        let r = request(Some(PauseFor::Today), None, &now()).expect("request");
        assert_eq!(until(&r), "2026-11-23T23:00:00Z".parse().ok());
    }

    #[test]
    fn until_a_time_and_for_a_duration() {
        let r = request(None, Some("16:30"), &now()).expect("request");
        assert_eq!(until(&r), "2026-11-23T15:30:00Z".parse().ok());
        let r = request(
            Some(PauseFor::Duration(SignedDuration::from_hours(2))),
            None,
            &now(),
        )
        .expect("request");
        assert_eq!(
            r,
            Request::Pause {
                seconds: Some(7200),
                until: None
            }
        );
        assert!(matches!(
            request(None, Some("noon"), &now()),
            Err(CliError::Usage(_))
        ));
        assert_eq!(
            request(None, None, &now()).ok(),
            Some(Request::Pause {
                seconds: None,
                until: None
            })
        );
    }
}
