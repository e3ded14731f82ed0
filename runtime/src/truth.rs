//! Truths and verdicts: the three-valued result of a condition, and an indicator's status from its conditions, chosen without jumps.

use crate::inputs::Answer;
use crate::outcome::Status;
use std::hint::select_unpredictable;

/// Three-valued result of one condition, numbered as an `Option<bool>` is laid out
/// (`false`, `true`, absent) so that reading a finding or an answer into a truth
/// compiles to nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Truth {
    /// Fails.
    False = 0,
    /// Holds.
    True = 1,
    /// An input is missing.
    Unknown = 2,
}

impl Truth {
    /// `True` or `False`. Like every choice of this crate on inputs, it is made without a
    /// jump: over a population, such inputs go one way as often as the other, and a jump the
    /// processor guesses wrong costs more than computing both sides.
    #[inline]
    pub fn from_bool(ok: bool) -> Truth {
        select_unpredictable(ok, Truth::True, Truth::False)
    }

    /// A fact given or not: absent is unknown.
    #[inline]
    pub fn known(value: Option<bool>) -> Truth {
        select_unpredictable(
            value.is_none(),
            Truth::Unknown,
            Truth::from_bool(value == Some(true)),
        )
    }

    /// An answer: yes holds, no fails, none is unknown.
    #[inline]
    pub fn answered(answer: Option<Answer>) -> Truth {
        Truth::known(answer.map(|answer| answer == Answer::Yes))
    }

    /// What goes with this truth, out of what goes with each (a reason's text).
    pub fn pick<T>(self, holds: T, fails: T, unknown: T) -> T {
        match self {
            Truth::True => holds,
            Truth::False => fails,
            Truth::Unknown => unknown,
        }
    }
}

/// The conditions of an indicator so far: whether one fails, whether one is unknown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Verdict {
    failed: bool,
    unknown: bool,
}

impl Verdict {
    /// The verdict of an indicator's conditions.
    #[inline]
    pub fn of(truths: &[Truth]) -> Verdict {
        let mut verdict = Verdict::default();
        for truth in truths {
            verdict.add(*truth);
        }
        verdict
    }

    /// Counts one condition.
    #[inline]
    pub fn add(&mut self, truth: Truth) {
        self.failed |= truth == Truth::False;
        self.unknown |= truth == Truth::Unknown;
    }

    /// Whether every condition holds.
    #[inline]
    pub fn holds(&self) -> bool {
        !(self.failed | self.unknown)
    }

    /// Not met when a condition fails, else unknown when one is unknown, else as the
    /// first evidence rule that is not satisfied (missing, or unknown), else `held`;
    /// chosen without a jump, the rules read from the last so that the first wins.
    #[inline]
    pub fn status_with(&self, evidence: &[Truth], held: Status) -> Status {
        let mut status = held;
        for truth in evidence.iter().rev() {
            status = select_unpredictable(*truth == Truth::Unknown, Status::Unknown, status);
            status = select_unpredictable(*truth == Truth::False, Status::MissingEvidence, status);
        }
        status = select_unpredictable(self.unknown, Status::Unknown, status);
        select_unpredictable(self.failed, Status::NotMet, status)
    }
}

/// How many sub-indicators count as met.
#[inline]
pub fn count_met(subs: &[Status]) -> usize {
    subs.iter().filter(|s| s.counts_as_met()).count()
}

/// An indicator's condition on its parts (partial thresholds): holds when one part's measure
/// holds, fails when every one fails, else unknown.
#[inline]
pub fn parts_truth(parts: &[Truth]) -> Truth {
    let mut tally = PartsTally::default();
    for truth in parts {
        tally.push(*truth);
    }
    tally.truth()
}

/// The truths of an indicator's parts as they are decided, for an engine that words a reason
/// between two parts: [`parts_truth`] of the truths pushed.
#[derive(Clone, Copy, Debug)]
pub struct PartsTally {
    one_held: bool,
    all_failed: bool,
}

impl Default for PartsTally {
    fn default() -> Self {
        PartsTally {
            one_held: false,
            all_failed: true,
        }
    }
}

impl PartsTally {
    /// One more part's truth.
    #[inline]
    pub fn push(&mut self, truth: Truth) {
        self.one_held |= truth == Truth::True;
        self.all_failed &= truth == Truth::False;
    }

    /// Holds when one part held, fails when every one failed (or there is none), else unknown.
    #[inline]
    pub fn truth(&self) -> Truth {
        if self.one_held {
            Truth::True
        } else if self.all_failed {
            Truth::False
        } else {
            Truth::Unknown
        }
    }
}

/// Which parts held, bit `i` for part `i` (an indicator has at most 64 parts).
#[inline]
pub fn parts_held(parts: &[Truth]) -> u64 {
    parts
        .iter()
        .take(64)
        .enumerate()
        .fold(0u64, |held, (i, truth)| {
            held | (u64::from(*truth == Truth::True) << i)
        })
}

/// A parent's condition on its sub-indicators: holds when all count as met, fails when one is
/// not met or lacks its evidence, else unknown.
#[inline]
pub fn subs_truth(subs: &[Status]) -> Truth {
    let mut all_met = true;
    let mut one_failed = false;
    for status in subs {
        all_met &= status.counts_as_met();
        one_failed |= matches!(status, Status::NotMet | Status::MissingEvidence);
    }
    if all_met {
        Truth::True
    } else if one_failed {
        Truth::False
    } else {
        Truth::Unknown
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    const TRUTHS: [Truth; 3] = [Truth::False, Truth::True, Truth::Unknown];

    #[test]
    fn parts_hold_when_one_holds_and_fail_when_all_fail() {
        assert_eq!(
            parts_truth(&[Truth::False, Truth::True, Truth::Unknown]),
            Truth::True
        );
        assert_eq!(parts_truth(&[Truth::False, Truth::False]), Truth::False);
        assert_eq!(parts_truth(&[Truth::False, Truth::Unknown]), Truth::Unknown);
        assert_eq!(parts_held(&[Truth::True, Truth::False, Truth::True]), 0b101);
        assert_eq!(parts_held(&[Truth::Unknown]), 0);
    }

    #[test]
    fn truths_are_laid_out_as_optional_booleans() {
        assert_eq!(std::mem::size_of::<Truth>(), 1);
        assert_eq!(Truth::known(Some(false)), Truth::False);
        assert_eq!(Truth::known(Some(true)), Truth::True);
        assert_eq!(Truth::known(None), Truth::Unknown);
        assert_eq!(Truth::from_bool(true), Truth::True);
        assert_eq!(Truth::from_bool(false), Truth::False);
        assert_eq!(Truth::answered(Some(Answer::Yes)), Truth::True);
        assert_eq!(Truth::answered(Some(Answer::No)), Truth::False);
        assert_eq!(Truth::answered(None), Truth::Unknown);
        assert_eq!(Truth::Unknown.pick("a", "b", "c"), "c");
        assert_eq!(Truth::False.pick("a", "b", "c"), "b");
        assert_eq!(Truth::True.pick("a", "b", "c"), "a");
    }

    /// The status as the interpreter decides it, with jumps.
    fn reference_status(conditions: &[Truth], evidence: &[Truth], held: Status) -> Status {
        if conditions.contains(&Truth::False) {
            return Status::NotMet;
        }
        if conditions.contains(&Truth::Unknown) {
            return Status::Unknown;
        }
        for truth in evidence {
            match truth {
                Truth::False => return Status::MissingEvidence,
                Truth::Unknown => return Status::Unknown,
                Truth::True => {}
            }
        }
        held
    }

    #[test]
    fn verdicts_agree_with_the_reference_rule_on_every_combination() {
        let mut conditions_sets = vec![vec![]];
        let mut evidence_sets = vec![vec![]];
        for length in 1..=3u32 {
            for code in 0..3usize.pow(length) {
                let mut set = Vec::new();
                let mut rest = code;
                for _ in 0..length {
                    set.push(TRUTHS[rest % 3]);
                    rest /= 3;
                }
                conditions_sets.push(set.clone());
                evidence_sets.push(set);
            }
        }
        for conditions in &conditions_sets {
            let verdict = Verdict::of(conditions);
            assert_eq!(
                verdict.holds(),
                conditions.iter().all(|t| *t == Truth::True)
            );
            for evidence in &evidence_sets {
                for held in [Status::Met, Status::Exempt] {
                    assert_eq!(
                        verdict.status_with(evidence, held),
                        reference_status(conditions, evidence, held),
                        "{conditions:?} {evidence:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn sub_indicators_decide_their_parent() {
        assert_eq!(subs_truth(&[]), Truth::True);
        assert_eq!(subs_truth(&[Status::Met, Status::Exempt]), Truth::True);
        assert_eq!(subs_truth(&[Status::Met, Status::Unknown]), Truth::Unknown);
        assert_eq!(
            subs_truth(&[Status::Unknown, Status::MissingEvidence]),
            Truth::False
        );
        assert_eq!(subs_truth(&[Status::NotMet, Status::Met]), Truth::False);
        assert_eq!(
            count_met(&[Status::Met, Status::NotMet, Status::Neutralised]),
            2
        );
    }
}
