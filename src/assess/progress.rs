//! Progress before the target year (时间过半、任务过半), trend projection and volatility.

use serde::Serialize;

use super::method::{Method, Projection};
use super::verdict::Verdict;

/// Progress P = (x_t − x₀)/(x* − x₀) against elapsed time τ = (t − t₀)/(T − t₀).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Progress {
    /// t₀: the year progress is measured from.
    pub start_year: i32,
    /// x₀.
    pub start_value: f64,
    /// x*: the value aimed at.
    pub aim: f64,
    /// P: the share of the way from x₀ to x* travelled; `None` when x* = x₀.
    pub progress: Option<f64>,
    /// τ: the share of the time from t₀ to T elapsed.
    pub elapsed: f64,
    /// P/τ; `None` when either is undefined or τ is zero.
    pub ratio: Option<f64>,
}

/// Computes P and τ for a value `x_t` in year `t`, aiming at `aim` by year `target_year`.
pub fn progress(
    start_year: i32,
    start_value: f64,
    year: i32,
    value: f64,
    aim: f64,
    target_year: i32,
) -> Progress {
    let progress = (aim != start_value).then(|| (value - start_value) / (aim - start_value));
    let span = (target_year - start_year) as f64;
    let elapsed = if span > 0.0 {
        (year - start_year) as f64 / span
    } else {
        1.0
    };
    let ratio = progress.filter(|_| elapsed > 0.0).map(|p| p / elapsed);
    Progress {
        start_year,
        start_value,
        aim,
        progress,
        elapsed,
        ratio,
    }
}

/// The verdict before the target year for a target not yet met, by the time-share rule:
/// P < 0 出现倒退; P/τ ≥ `ahead_ratio` 快于进度; P/τ ≥ `on_track_ratio` 符合进度; else
/// 进展滞后. With x* = x₀ (the target was met at the start and is not now) the verdict
/// is 出现倒退; with τ = 0 (no time has passed) any P ≥ 0 is 符合进度.
pub fn time_share_verdict(p: &Progress, method: &Method) -> Verdict {
    match (p.progress, p.ratio) {
        (None, _) => Verdict::Regressing,
        (Some(progress), _) if progress < 0.0 => Verdict::Regressing,
        (Some(_), None) => Verdict::OnTrack,
        // P/τ is computed in binary floating point: a ratio that is on a threshold in
        // decimal arithmetic may come out a hair below it, so thresholds allow 1e-9.
        (Some(_), Some(ratio)) if ratio >= method.ahead_ratio - super::EPSILON => Verdict::Ahead,
        (Some(_), Some(ratio)) if ratio >= method.on_track_ratio - super::EPSILON => {
            Verdict::OnTrack
        }
        _ => Verdict::Lagging,
    }
}

/// A value projected to a year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Projected {
    pub method: Projection,
    pub year: i32,
    pub value: f64,
}

/// Extends the series `(year, value)` (in year order) to `year`. Needs two points; the
/// compound method also needs positive first and latest values.
pub fn project(series: &[(i32, f64)], year: i32, method: Projection) -> Option<Projected> {
    if series.len() < 2 {
        return None;
    }
    let value = match method {
        Projection::LeastSquares => {
            let n = series.len() as f64;
            let mean_x = series.iter().map(|(x, _)| *x as f64).sum::<f64>() / n;
            let mean_y = series.iter().map(|(_, y)| *y).sum::<f64>() / n;
            let sxx: f64 = series
                .iter()
                .map(|(x, _)| (*x as f64 - mean_x).powi(2))
                .sum();
            let sxy: f64 = series
                .iter()
                .map(|(x, y)| (*x as f64 - mean_x) * (y - mean_y))
                .sum();
            if sxx == 0.0 {
                return None;
            }
            let slope = sxy / sxx;
            mean_y + slope * (year as f64 - mean_x)
        }
        Projection::CompoundGrowth => {
            let (first_year, first) = series[0];
            let (last_year, last) = series[series.len() - 1];
            if first <= 0.0 || last <= 0.0 || last_year == first_year {
                return None;
            }
            let rate = (last / first).powf(1.0 / (last_year - first_year) as f64);
            last * rate.powi(year - last_year)
        }
    };
    value.is_finite().then_some(Projected {
        method,
        year,
        value,
    })
}

/// A year-to-year change: the later year, the values before and after, and the change
/// as a share of the earlier value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Swing {
    pub year: i32,
    pub from: f64,
    pub to: f64,
    pub share: f64,
}

/// The largest year-to-year change as a share of the earlier value among the latest
/// `window` changes of `series` (consecutive years only; pairs whose earlier value is 0,
/// or for which `small` says both values are too small to judge, are skipped). The change
/// is the exact decimal difference (2.99 − 2.3 = 0.69, not 0.6900000000000004).
pub fn largest_swing(
    series: &[(i32, f64)],
    window: usize,
    small: impl Fn(i32, i32) -> bool,
) -> Option<Swing> {
    let pairs: Vec<&[(i32, f64)]> = series
        .windows(2)
        .filter(|w| w[1].0 == w[0].0 + 1 && w[0].1 != 0.0)
        .collect();
    pairs
        .iter()
        .skip(pairs.len().saturating_sub(window))
        .filter(|w| !small(w[0].0, w[1].0))
        .map(|w| Swing {
            year: w[1].0,
            from: w[0].1,
            to: w[1].1,
            share: (crate::number::exact_difference(w[1].1, w[0].1) / w[0].1).abs(),
        })
        .max_by(|a, b| a.share.total_cmp(&b.share))
}

/// Whether a swing (a share, from [`largest_swing`]) exceeds the method's
/// `volatility_relative`: a swing of exactly the threshold (2.3 → 2.99 against 0.3) is
/// not volatile, whatever binary rounding makes of the share.
pub fn is_volatile(swing: f64, method: &Method) -> bool {
    swing > method.volatility_relative + super::EPSILON
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_share_rule_at_its_boundaries() {
        let m = Method::default();
        // Baseline 2020 at 55, aim 70 by 2025, judged in 2023: τ = 0.6.
        let verdict =
            |value: f64| time_share_verdict(&progress(2020, 55.0, 2023, value, 70.0, 2025), &m);
        // P = 0.6 → ratio 1.0: on track; P = 0.6·0.95 = 0.57 → exactly the bound.
        assert_eq!(verdict(64.0), Verdict::OnTrack);
        assert_eq!(verdict(55.0 + 15.0 * 0.57), Verdict::OnTrack);
        assert_eq!(verdict(55.0 + 15.0 * 0.569), Verdict::Lagging);
        // P = 0.72 → ratio 1.2: ahead.
        assert_eq!(verdict(55.0 + 15.0 * 0.72), Verdict::Ahead);
        // No progress is lagging, negative progress is regressing.
        assert_eq!(verdict(55.0), Verdict::Lagging);
        assert_eq!(verdict(54.9), Verdict::Regressing);
    }

    #[test]
    fn target_met_at_the_start_and_lost_is_regressing() {
        let p = progress(2020, 70.0, 2023, 69.0, 70.0, 2025);
        assert_eq!(p.progress, None);
        assert_eq!(
            time_share_verdict(&p, &Method::default()),
            Verdict::Regressing
        );
    }

    #[test]
    fn zero_elapsed_time_is_on_track_unless_worse() {
        let p = progress(2023, 50.0, 2023, 50.0, 70.0, 2025);
        assert_eq!(p.elapsed, 0.0);
        assert_eq!(time_share_verdict(&p, &Method::default()), Verdict::OnTrack);
    }

    #[test]
    fn zero_baseline_is_fine() {
        let p = progress(2020, 0.0, 2023, 6.0, 10.0, 2025);
        assert_eq!(p.progress, Some(0.6));
        assert_eq!(time_share_verdict(&p, &Method::default()), Verdict::OnTrack);
    }

    #[test]
    fn projections() {
        let series = [(2020, 10.0), (2021, 12.0), (2022, 14.0)];
        let ls = project(&series, 2025, Projection::LeastSquares).unwrap();
        assert!((ls.value - 20.0).abs() < 1e-9);
        let cg = project(
            &[(2020, 100.0), (2022, 121.0)],
            2024,
            Projection::CompoundGrowth,
        )
        .unwrap();
        assert!((cg.value - 146.41).abs() < 1e-9);
        assert_eq!(
            project(&[(2020, 1.0)], 2025, Projection::LeastSquares),
            None
        );
        assert_eq!(
            project(
                &[(2020, 0.0), (2021, 1.0)],
                2025,
                Projection::CompoundGrowth
            ),
            None
        );
    }

    #[test]
    fn swings_skip_gaps_and_zeros() {
        let series = [
            (2020, 10.0),
            (2021, 14.0),
            (2023, 30.0),
            (2024, 0.0),
            (2025, 5.0),
        ];
        let swing = |s: &[(i32, f64)], window| {
            largest_swing(s, window, |_, _| false).map(|w| (w.share, w.year))
        };
        assert_eq!(swing(&series, 10), Some((1.0, 2024)));
        assert_eq!(swing(&[(2020, 10.0)], 10), None);
        // Only the latest change in a window of one: 30 → 0 (2024) has a zero after it,
        // 0 → 5 is skipped for its zero start.
        assert_eq!(swing(&series, 1), Some((1.0, 2024)));
        // Small pairs are skipped: without 2023 → 2024, the largest is 2020 → 2021.
        assert_eq!(
            largest_swing(&series, 10, |a, _| a == 2023).map(|w| w.year),
            Some(2021)
        );
    }

    #[test]
    fn a_swing_of_exactly_the_threshold_is_not_volatile() {
        let m = Method::default();
        // (earlier, later, volatile at the default 30%?)
        let cases = [
            (2.3, 2.99, false),
            (2.3, 1.61, false),
            (10.0, 13.0, false),
            (10.0, 7.0, false),
            (0.7, 0.91, false),
            (2.3, 3.0, true),
            (10.0, 13.01, true),
            (10.0, 6.99, true),
            (50.0, 70.0, true),
        ];
        for (earlier, later, volatile) in cases {
            let Swing {
                share: swing, year, ..
            } = largest_swing(&[(2020, earlier), (2021, later)], 10, |_, _| false).unwrap();
            assert_eq!(year, 2021);
            assert_eq!(
                is_volatile(swing, &m),
                volatile,
                "{earlier} → {later}: swing {swing}"
            );
        }
    }
}
