//! Meals in history: `soleus meal` appends one, `soleus meal --undo` takes the last back.
//! Kept like sets, as facts appended, so the daemon's restart and stats fold over them.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::{Record, local_time};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MealRecord {
    /// When the meal was (the end of it, or near enough).
    #[serde(with = "local_time")]
    pub at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MealUndoRecord {
    /// When the undo was asked for.
    #[serde(with = "local_time")]
    pub at: Timestamp,
    /// The undone meal's time.
    #[serde(with = "local_time")]
    pub meal_at: Timestamp,
}

/// The meals logged and not undone, in the order they were logged: each undo takes back
/// the latest earlier meal at its time that is not undone already.
pub fn meals(records: &[Record]) -> Vec<Timestamp> {
    let mut kept: Vec<Option<Timestamp>> = Vec::new();
    for record in records {
        match record {
            Record::Meal(m) => kept.push(Some(m.at)),
            Record::MealUndo(u) => {
                if let Some(i) = kept.iter().rposition(|m| *m == Some(u.meal_at)) {
                    kept[i] = None;
                }
            }
            _ => {}
        }
    }
    kept.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().expect("timestamp")
    }

    #[test]
    fn an_undo_takes_back_the_latest_meal_at_its_time_only() {
        let meal = |t: &str| Record::Meal(MealRecord { at: at(t) });
        let undo = |t: &str| {
            Record::MealUndo(MealUndoRecord {
                at: at("2026-11-20T20:00Z"),
                meal_at: at(t),
            })
        };
        let records = [
            meal("2026-11-20T12:30Z"),
            meal("2026-11-20T12:30Z"),
            meal("2026-11-20T19:00Z"),
            undo("2026-11-20T12:30Z"),
            undo("2026-11-20T08:00Z"),
        ];
        assert_eq!(
            meals(&records),
            [at("2026-11-20T12:30Z"), at("2026-11-20T19:00Z")]
        );
    }
}
