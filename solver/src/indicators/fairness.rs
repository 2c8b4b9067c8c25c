//! Fairness of a distribution of burdens (nights, weekends, holidays, refused wishes): the spread
//! (max - min) and the Gini coefficient over people, with a ledger of past periods added so that
//! who got the bad weekends last month counts this month.

use serde::Serialize;
use std::collections::BTreeMap;

/// One burden over a population of people.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Distribution {
    /// People counted (eligible for this burden).
    pub people: usize,
    pub min: u32,
    pub max: u32,
    /// `max - min`.
    pub spread: u32,
    pub mean: f64,
    /// 0 = everyone the same, towards 1 = one person carries it all.
    pub gini: f64,
    /// This period's count plus the ledger's, per staff id.
    pub per_person: BTreeMap<String, u32>,
}

/// The Gini coefficient: sum of |x_i - x_j| over all pairs / (2 n^2 mean); 0 for no burden.
pub fn gini(values: &[u32]) -> f64 {
    let n = values.len() as f64;
    let total: f64 = values.iter().map(|&v| f64::from(v)).sum();
    if values.is_empty() || total == 0.0 {
        return 0.0;
    }
    // Sorted form: sum_i (2i - n + 1) x_(i) / (n * total), i from 0.
    let mut v: Vec<f64> = values.iter().map(|&v| f64::from(v)).collect();
    v.sort_by(f64::total_cmp);
    let s: f64 = v
        .iter()
        .enumerate()
        .map(|(i, x)| (2.0 * i as f64 - n + 1.0) * x)
        .sum();
    s / (n * total)
}

/// The distribution of `counts` (staff id, count this period, count from the ledger).
pub fn distribution(counts: &[(String, u32, u32)]) -> Distribution {
    let per_person: BTreeMap<String, u32> = counts
        .iter()
        .map(|(s, now, past)| (s.clone(), now + past))
        .collect();
    let values: Vec<u32> = per_person.values().copied().collect();
    let min = values.iter().copied().min().unwrap_or(0);
    let max = values.iter().copied().max().unwrap_or(0);
    let mean = if values.is_empty() {
        0.0
    } else {
        values.iter().map(|&v| f64::from(v)).sum::<f64>() / values.len() as f64
    };
    Distribution {
        people: values.len(),
        min,
        max,
        spread: max - min,
        mean: round3(mean),
        gini: round3(gini(&values)),
        per_person,
    }
}

pub(crate) fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gini_of_equal_shares_is_zero_and_of_one_holder_is_one_minus_one_over_n() {
        assert_eq!(gini(&[3, 3, 3]), 0.0);
        assert!((gini(&[0, 0, 0, 4]) - 0.75).abs() < 1e-9);
        // Pairs |1-3| = 2 counted twice over n^2 = 4 and mean 2: 4 / (2 * 4 * 2) = 0.25.
        assert!((gini(&[1, 3]) - 0.25).abs() < 1e-9);
        assert_eq!(gini(&[]), 0.0);
    }

    #[test]
    fn the_ledger_adds_to_this_period() {
        let d = distribution(&[("a".into(), 2, 3), ("b".into(), 1, 0)]);
        assert_eq!(d.per_person["a"], 5);
        assert_eq!((d.min, d.max, d.spread), (1, 5, 4));
        assert_eq!(d.mean, 3.0);
        // |5-1| * 2 / (2 * 4 * 3) = 1/3.
        assert_eq!(d.gini, 0.333);
    }
}
