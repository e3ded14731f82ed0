//! Charts drawn as SVG, from integers only: the distribution of gains and losses of a change report.
//!
//! The chart is built as a value (bars, ticks, labels) and written by the change report's template
//! with its autoescape, so no text of a case or a spec reaches the markup unescaped. Bins are cut
//! in whole cents, so the chart of the same population is the same to the byte.

use serde::Serialize;

/// Width of the drawing, in SVG units.
const WIDTH: i64 = 640;
/// Height of the bars' area.
const PLOT_HEIGHT: i64 = 160;
/// Room left of the bars for the counts, below them for the amounts.
const LEFT: i64 = 48;
const BOTTOM: i64 = 44;
const TOP: i64 = 12;

/// One bar: the practitioners whose difference falls in `[from, to)`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Bar {
    /// Left edge, height, width and top, in SVG units.
    pub x: i64,
    pub y: i64,
    pub width: i64,
    pub height: i64,
    /// How many practitioners.
    pub count: usize,
    /// Where the bar's range starts, in cents (0 for the bar of no difference).
    pub from_cents: i64,
    /// `gain`, `perte`, `stable` (no difference) or `vide`: its colour class.
    pub class: &'static str,
    /// In words, for the bar's tooltip and the table beside the chart.
    pub label: String,
}

/// A tick on an axis.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Tick {
    /// Position along the axis, in SVG units.
    pub at: i64,
    /// What it reads.
    pub label: String,
}

/// A histogram of amounts in cents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Histogram {
    /// The drawing's size.
    pub width: i64,
    pub height: i64,
    /// The bars' area: its left, top, right and bottom.
    pub left: i64,
    pub top: i64,
    pub right: i64,
    pub bottom: i64,
    /// The bars, left to right.
    pub bars: Vec<Bar>,
    /// Amounts under the bars.
    pub x_ticks: Vec<Tick>,
    /// Counts beside the bars.
    pub y_ticks: Vec<Tick>,
    /// One sentence saying what the chart shows, for screen readers.
    pub description: String,
}

/// The distribution of `values` (cents) in at most `max_bins` bins of equal, whole-euro width;
/// `None` when there is nothing to draw.
pub fn histogram(values: &[i64], max_bins: usize) -> Option<Histogram> {
    let (&min, &max) = (values.iter().min()?, values.iter().max()?);
    let max_bins = i64::try_from(max_bins.clamp(1, 60)).unwrap_or(60);
    let span = i128::from(max) - i128::from(min);
    // Whole euros per bin, rounded up, so `max_bins` bins cover [min, max].
    let width_cents: i128 = ((span / i128::from(max_bins) + 1) + 99) / 100 * 100;
    // Bins start at a multiple of their width, so zero is always a bin's edge: a bar never mixes
    // gains and losses.
    let low = i128::from(min).div_euclid(width_cents) * width_cents;
    let bins = ((i128::from(max) - low) / width_cents + 1).clamp(1, i128::from(max_bins) + 1);
    let slots = usize::try_from(bins).unwrap_or(1);
    let mut counts = vec![0usize; slots];
    // Per bin: (some gain, some loss); zeros are counted apart.
    let mut signs = vec![(false, false); slots];
    let mut zeros = 0usize;
    for &v in values {
        if v == 0 {
            zeros += 1;
            continue;
        }
        let index = ((i128::from(v) - low) / width_cents).clamp(0, bins - 1);
        let Some(i) = usize::try_from(index).ok() else {
            continue;
        };
        if let (Some(count), Some(sign)) = (counts.get_mut(i), signs.get_mut(i)) {
            *count += 1;
            if v > 0 {
                sign.0 = true;
            } else {
                sign.1 = true;
            }
        }
    }
    let highest = counts
        .iter()
        .copied()
        .chain([zeros])
        .max()
        .unwrap_or(0)
        .max(1);
    let cents = |x: i128| i64::try_from(x).unwrap_or(if x < 0 { i64::MIN } else { i64::MAX });
    let height_of = |count: usize| {
        i64::try_from(count).unwrap_or(i64::MAX) * PLOT_HEIGHT / i64::try_from(highest).unwrap_or(1)
    };
    let bar = |count: usize, from: i64, class: &'static str, label: String| Bar {
        x: 0,
        y: TOP + PLOT_HEIGHT - height_of(count),
        width: 0,
        height: height_of(count),
        count,
        from_cents: from,
        class,
        label,
    };
    let mut bars: Vec<Bar> = Vec::with_capacity(slots + 1);
    for (i, (&count, &(gain, loss))) in counts.iter().zip(&signs).enumerate() {
        let index = i128::try_from(i).unwrap_or(0);
        let from = cents(low + index * width_cents);
        let to = cents(low + (index + 1) * width_cents);
        if zeros > 0 && from == 0 {
            bars.push(bar(
                zeros,
                0,
                "stable",
                format!("{zeros} praticien{} sans écart", plural(zeros)),
            ));
        }
        let class = match (gain, loss) {
            (true, _) => "gain",
            (_, true) => "perte",
            _ => "vide",
        };
        bars.push(bar(count, from, class, range_in_words(from, to, count)));
    }
    // Empty bins at either end show nothing: left out.
    while bars.last().is_some_and(|b| b.count == 0) {
        bars.pop();
    }
    let leading = bars.iter().take_while(|b| b.count == 0).count();
    bars.drain(..leading);
    let plot_width = WIDTH - LEFT - 8;
    let bar_width = (plot_width / i64::try_from(bars.len().max(1)).unwrap_or(1)).max(1);
    for (i, b) in bars.iter_mut().enumerate() {
        b.x = LEFT + i64::try_from(i).unwrap_or(0) * bar_width;
        b.width = (bar_width - 2).max(1);
    }
    let last_x = LEFT + i64::try_from(bars.len()).unwrap_or(1) * bar_width;
    let tick_every = (bars.len() / 6).max(1);
    let x_ticks: Vec<Tick> = bars
        .iter()
        .enumerate()
        .filter(|(i, _)| i % tick_every == 0)
        .map(|(_, bar)| Tick {
            at: bar.x + bar.width / 2,
            label: signed_euros(bar.from_cents),
        })
        .collect();
    let y_ticks = [0, highest / 2, highest]
        .iter()
        .map(|&n| Tick {
            at: TOP + PLOT_HEIGHT
                - i64::try_from(n).unwrap_or(0) * PLOT_HEIGHT / i64::try_from(highest).unwrap_or(1),
            label: n.to_string(),
        })
        .collect::<Vec<_>>();
    let gaining = values.iter().filter(|v| **v > 0).count();
    let losing = values.iter().filter(|v| **v < 0).count();
    Some(Histogram {
        width: WIDTH,
        height: TOP + PLOT_HEIGHT + BOTTOM,
        left: LEFT,
        top: TOP,
        right: last_x,
        bottom: TOP + PLOT_HEIGHT,
        bars,
        x_ticks,
        y_ticks,
        description: format!(
            "Répartition des écarts de {} praticien{} : {} gagne{}, {} perd{}, {} inchangé{} ; écarts de {} à {}.",
            values.len(),
            plural(values.len()),
            gaining,
            if gaining > 1 { "nt" } else { "" },
            losing,
            if losing > 1 { "ent" } else { "" },
            values.len() - gaining - losing,
            plural(values.len() - gaining - losing),
            signed_euros(min),
            signed_euros(max)
        ),
    })
}

fn plural(n: usize) -> &'static str {
    if n > 1 {
        "s"
    } else {
        ""
    }
}

/// `+1 260 €`, `−30 €`, `±0 €`: the change report's wording of a difference.
fn signed_euros(cents: i64) -> String {
    crate::diff::signed_amount(None, cents)
}

fn range_in_words(from: i64, to: i64, count: usize) -> String {
    format!(
        "{count} praticien{} d'un écart de {} (inclus) à {} (exclu)",
        plural(count),
        signed_euros(from),
        signed_euros(to)
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn every_value_is_in_one_bar() {
        let values: Vec<i64> = (-50..150).map(|n| n * 1_234).collect();
        let chart = histogram(&values, 20).unwrap();
        assert!(chart.bars.len() <= 22);
        assert_eq!(
            chart.bars.iter().map(|b| b.count).sum::<usize>(),
            values.len()
        );
        assert!(chart.bars.iter().any(|b| b.class == "perte"));
        assert!(chart.bars.iter().any(|b| b.class == "gain"));
        assert!(chart.bars.iter().all(|b| b.y + b.height == chart.bottom));
    }

    #[test]
    fn no_difference_has_its_own_bar_and_nothing_is_no_chart() {
        let chart = histogram(&[0, 0, 0], 10).unwrap();
        assert_eq!(chart.bars.len(), 1);
        assert_eq!(chart.bars[0].count, 3);
        assert_eq!(chart.bars[0].class, "stable");
        assert_eq!(chart.bars[0].label, "3 praticiens sans écart");
        assert!(chart.description.contains("3 inchangés"));
        let chart = histogram(&[-500, 0, 0, 300], 10).unwrap();
        let classes: Vec<&str> = chart
            .bars
            .iter()
            .filter(|b| b.count > 0)
            .map(|b| b.class)
            .collect();
        assert_eq!(classes, ["perte", "stable", "gain"]);
        assert!(chart.bars.windows(2).all(|w| w[0].x < w[1].x));
        assert!(histogram(&[], 10).is_none());
    }

    #[test]
    fn extreme_amounts_do_not_overflow() {
        let chart = histogram(&[i64::MIN, i64::MAX, 0], 10).unwrap();
        assert_eq!(chart.bars.iter().map(|b| b.count).sum::<usize>(), 3);
    }
}
