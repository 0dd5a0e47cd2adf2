//! The per-situation timer and what it says: whole minutes, seconds only in a time box's
//! last minute, so the console redraws once a minute and not every frame.

/// The per-node timer. Time comes from egui's clock, so it is the same in tests and the app.
#[derive(Clone, Debug, Default)]
pub struct Timer {
    key: Option<(usize, String)>,
    started_secs: f64,
    paused_at: Option<f64>,
    paused_total_secs: f64,
}

impl Timer {
    /// Restarts the timer if the node (or number of decisions) changed.
    pub(crate) fn follow(&mut self, key: (usize, String), now: f64, paused: bool) {
        if self.key.as_ref() != Some(&key) {
            *self = Timer {
                key: Some(key),
                started_secs: now,
                paused_at: paused.then_some(now),
                paused_total_secs: 0.0,
            };
        }
    }

    pub(crate) fn set_paused(&mut self, paused: bool, now: f64) {
        match (paused, self.paused_at) {
            (true, None) => self.paused_at = Some(now),
            (false, Some(at)) => {
                self.paused_total_secs += now - at;
                self.paused_at = None;
            }
            _ => {}
        }
    }

    /// Seconds spent on this node, not counting pauses.
    pub fn elapsed_secs(&self, now: f64) -> f64 {
        let end = self.paused_at.unwrap_or(now);
        (end - self.started_secs - self.paused_total_secs).max(0.0)
    }
}

/// How pressing the time is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Urgency {
    /// Plenty of time, or no time box.
    Calm,
    /// Under a minute of the time box left.
    LastMinute,
    /// Past the time box.
    Over,
}

/// The timer as shown, and when it next needs redrawing.
#[derive(Clone, Debug, PartialEq)]
pub struct TimerDisplay {
    /// The words on the console.
    pub text: String,
    /// How pressing it is (colours the text).
    pub urgency: Urgency,
    /// Seconds until the text changes: the console repaints then, and not before.
    pub next_change_secs: f64,
}

fn minutes(m: u64) -> String {
    if m == 1 {
        "1 minute".to_owned()
    } else {
        format!("{m} minutes")
    }
}

/// What the timer says after `elapsed_secs` on a node with a time box of `box_mins` (0 for
/// none). Whole minutes, except the last minute of a time box, which counts down in seconds:
/// so the console redraws once a minute, and once a second only when seconds matter.
pub fn timer_display(elapsed_secs: f64, box_mins: u32) -> TimerDisplay {
    let elapsed = elapsed_secs.max(0.0);
    let whole = elapsed.floor() as u64;
    let to_next_second = (whole as f64 + 1.0 - elapsed).max(0.05);
    let to_next_minute = ((whole / 60 + 1) * 60) as f64 - elapsed;
    if box_mins == 0 {
        let m = whole / 60;
        return TimerDisplay {
            text: if m == 0 {
                "On this situation: under a minute".to_owned()
            } else {
                format!("On this situation: {}", minutes(m))
            },
            urgency: Urgency::Calm,
            next_change_secs: to_next_minute.max(0.05),
        };
    }
    let limit = u64::from(box_mins) * 60;
    if whole < limit {
        let left = limit - whole;
        if left <= 60 {
            return TimerDisplay {
                text: format!(
                    "Time left: {}:{:02} of {}",
                    left / 60,
                    left % 60,
                    minutes(u64::from(box_mins))
                ),
                urgency: Urgency::LastMinute,
                next_change_secs: to_next_second,
            };
        }
        // "4 minutes left" means at least 4 whole minutes remain.
        let m = left / 60;
        let until_change = (left - m * 60) as f64 - (elapsed - whole as f64);
        return TimerDisplay {
            text: format!(
                "Time left: {} of {}",
                minutes(m),
                minutes(u64::from(box_mins))
            ),
            urgency: Urgency::Calm,
            next_change_secs: if until_change <= 0.0 {
                to_next_second
            } else {
                until_change
            },
        };
    }
    let over = whole - limit;
    TimerDisplay {
        text: if over < 60 {
            "Time box used up".to_owned()
        } else {
            format!("Over the time box by {}", minutes(over / 60))
        },
        urgency: Urgency::Over,
        next_change_secs: to_next_minute.max(0.05),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_time_box_the_timer_counts_whole_minutes_and_redraws_once_a_minute() {
        let t = timer_display(12.5, 0);
        assert_eq!(t.text, "On this situation: under a minute");
        assert!((t.next_change_secs - 47.5).abs() < 1e-9);
        let t = timer_display(125.0, 0);
        assert_eq!(t.text, "On this situation: 2 minutes");
        assert!((t.next_change_secs - 55.0).abs() < 1e-9);
        assert_eq!(t.urgency, Urgency::Calm);
    }

    #[test]
    fn a_time_box_counts_minutes_then_seconds_in_its_last_minute_then_runs_over() {
        // 5-minute box, 90.5 s in: 209.5 s left, so "3 minutes" until 180 s are left.
        let t = timer_display(90.5, 5);
        assert_eq!(t.text, "Time left: 3 minutes of 5 minutes");
        assert!((t.next_change_secs - 29.5).abs() < 1e-9);
        let t = timer_display(255.25, 5);
        assert_eq!(t.text, "Time left: 0:45 of 5 minutes");
        assert_eq!(t.urgency, Urgency::LastMinute);
        assert!((t.next_change_secs - 0.75).abs() < 1e-9);
        let t = timer_display(240.0, 5);
        assert_eq!(t.text, "Time left: 1:00 of 5 minutes");
        let t = timer_display(301.0, 5);
        assert_eq!(t.text, "Time box used up");
        assert_eq!(t.urgency, Urgency::Over);
        let t = timer_display(430.0, 5);
        assert_eq!(t.text, "Over the time box by 2 minutes");
        assert!((t.next_change_secs - 50.0).abs() < 1e-9);
    }

    #[test]
    fn pauses_do_not_count() {
        let mut t = Timer::default();
        t.follow((0, "a".into()), 10.0, false);
        t.set_paused(true, 70.0);
        t.set_paused(false, 400.0);
        assert!((t.elapsed_secs(430.0) - 90.0).abs() < 1e-9);
        // A new node starts the clock again.
        t.follow((1, "b".into()), 500.0, false);
        assert!((t.elapsed_secs(512.0) - 12.0).abs() < 1e-9);
    }
}
