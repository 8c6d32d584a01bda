//! Many sources, one answer per kind: DND is on while any DND source says so (dunst's
//! pause and GNOME's setting may both be there), a call while the microphone or the camera
//! is in use. Each kind keeps since when it has been as it is. Pure: no clock, no IO.

use std::collections::BTreeMap;

use jiff::Timestamp;

use super::Kind;

/// Whether each kind of context is on, and since when it has been as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ContextState {
    pub dnd: bool,
    pub fullscreen: bool,
    pub call: bool,
    /// When each kind last turned on or off (`None`: off since the start).
    pub since: [Option<Timestamp>; 3],
}

impl ContextState {
    pub fn get(&self, kind: Kind) -> bool {
        match kind {
            Kind::Dnd => self.dnd,
            Kind::Fullscreen => self.fullscreen,
            Kind::Call => self.call,
        }
    }

    pub fn since(&self, kind: Kind) -> Option<Timestamp> {
        self.since[kind as usize]
    }

    /// The kinds that are on, in contract order (`held_by`).
    pub fn on(&self) -> Vec<Kind> {
        Kind::ALL.into_iter().filter(|k| self.get(*k)).collect()
    }

    fn set(&mut self, kind: Kind, on: bool, at: Timestamp) {
        match kind {
            Kind::Dnd => self.dnd = on,
            Kind::Fullscreen => self.fullscreen = on,
            Kind::Call => self.call = on,
        }
        self.since[kind as usize] = Some(at);
    }
}

/// A kind turned on or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContextChange {
    pub kind: Kind,
    pub on: bool,
    /// When: the moment the first source said on, or the last one said off.
    pub since: Timestamp,
}

/// The latest reading of every source, and the state they add up to.
#[derive(Debug, Clone, Default)]
pub struct Merger {
    readings: BTreeMap<(Kind, &'static str), (bool, Timestamp)>,
    state: ContextState,
}

impl Merger {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn state(&self) -> ContextState {
        self.state
    }

    /// `source` says `kind` is `on` as of `at`; returns the change to the kind, if any.
    pub fn reading(
        &mut self,
        source: &'static str,
        kind: Kind,
        on: bool,
        at: Timestamp,
    ) -> Option<ContextChange> {
        // A repeat keeps the first time: "on since" is when it turned on.
        let entry = self.readings.entry((kind, source)).or_insert((on, at));
        if entry.0 != on {
            *entry = (on, at);
        }
        self.settle(kind, at)
    }

    /// `source` stopped (or never worked): its reading no longer counts.
    pub fn withdraw(
        &mut self,
        source: &'static str,
        kind: Kind,
        at: Timestamp,
    ) -> Option<ContextChange> {
        self.readings.remove(&(kind, source))?;
        self.settle(kind, at)
    }

    /// The sources that say `kind` is on now.
    pub fn sources_on(&self, kind: Kind) -> Vec<&'static str> {
        self.readings
            .iter()
            .filter(|((k, _), (on, _))| *k == kind && *on)
            .map(|((_, s), _)| *s)
            .collect()
    }

    fn settle(&mut self, kind: Kind, at: Timestamp) -> Option<ContextChange> {
        let first_on = self
            .readings
            .iter()
            .filter(|((k, _), (on, _))| *k == kind && *on)
            .map(|(_, (_, t))| *t)
            .min();
        let on = first_on.is_some();
        if on == self.state.get(kind) {
            return None;
        }
        let since = first_on.unwrap_or(at);
        self.state.set(kind, on, since);
        Some(ContextChange { kind, on, since })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(secs: i64) -> Timestamp {
        Timestamp::from_second(1_800_000_000 + secs).expect("in range")
    }

    #[test]
    fn a_kind_is_on_while_any_source_says_so() {
        let mut m = Merger::new();
        let on = m.reading("dunst", Kind::Dnd, true, t(0));
        assert_eq!(
            on,
            Some(ContextChange {
                kind: Kind::Dnd,
                on: true,
                since: t(0)
            })
        );
        // A second source agreeing changes nothing, and "since" stays the first one's.
        assert_eq!(m.reading("gnome", Kind::Dnd, true, t(5)), None);
        assert_eq!(m.reading("dunst", Kind::Dnd, false, t(10)), None);
        assert!(m.state().dnd);
        assert_eq!(m.state().since(Kind::Dnd), Some(t(0)));
        assert_eq!(m.sources_on(Kind::Dnd), vec!["gnome"]);
        let off = m.reading("gnome", Kind::Dnd, false, t(20));
        assert_eq!(
            off,
            Some(ContextChange {
                kind: Kind::Dnd,
                on: false,
                since: t(20)
            })
        );
        assert_eq!(
            m.state(),
            ContextState {
                since: [Some(t(20)), None, None],
                ..ContextState::default()
            }
        );
    }

    #[test]
    fn a_repeated_reading_is_no_change_and_keeps_its_first_time() {
        let mut m = Merger::new();
        assert!(m.reading("x11", Kind::Fullscreen, true, t(0)).is_some());
        assert_eq!(m.reading("x11", Kind::Fullscreen, true, t(30)), None);
        assert_eq!(m.state().since(Kind::Fullscreen), Some(t(0)));
        // Off at first (a source starting up) is no change either.
        assert_eq!(m.reading("camera", Kind::Call, false, t(1)), None);
        assert!(!m.state().call);
    }

    #[test]
    fn a_source_that_stops_no_longer_holds_its_kind_on() {
        let mut m = Merger::new();
        m.reading("dunst", Kind::Dnd, true, t(0));
        let change = m.withdraw("dunst", Kind::Dnd, t(9));
        assert_eq!(
            change,
            Some(ContextChange {
                kind: Kind::Dnd,
                on: false,
                since: t(9)
            })
        );
        // Withdrawing what never reported is nothing.
        assert_eq!(m.withdraw("kde", Kind::Dnd, t(10)), None);
    }

    #[test]
    fn kinds_are_independent_and_listed_in_contract_order() {
        let mut m = Merger::new();
        m.reading("microphone", Kind::Call, true, t(0));
        m.reading("dunst", Kind::Dnd, true, t(1));
        assert_eq!(m.state().on(), vec![Kind::Dnd, Kind::Call]);
        assert!(!m.state().fullscreen);
        // The camera going off does not end the call the microphone still makes.
        m.reading("camera", Kind::Call, true, t(2));
        assert_eq!(m.reading("camera", Kind::Call, false, t(3)), None);
        assert_eq!(m.state().since(Kind::Call), Some(t(0)));
    }
}
