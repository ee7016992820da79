//! The parameters of the attainment method, with built-in defaults and YAML overrides.
//!
//! Built-in defaults < the plan's `method:` section < a `--method` file. Every key is
//! documented in `docs/methodology.md`.

use std::path::Path;

use serde::Serialize;

pub use crate::catalog::{MethodOverrides, Projection};

use crate::diag::{Diagnostic, Diagnostics, Location};

/// Parameters of the attainment method.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Method {
    /// Half-width of the band of a 左右 target, as a share of the target value, when the
    /// target gives no `band` of its own: 0.05 makes "50%左右" mean 47.5–52.5.
    pub about_band_relative: f64,
    /// Half-width of "unchanged" for 保持稳定, as a share of the baseline value.
    pub maintain_band_relative: f64,
    /// 基本达标: in or after the target year, a value short of the target by at most this
    /// share of the target value.
    pub basic_tolerance_relative: f64,
    /// 快于进度: before the target year, progress P at least this multiple of elapsed
    /// time τ.
    pub ahead_ratio: f64,
    /// 符合进度: P at least this multiple of τ (and below `ahead_ratio`); below it,
    /// 进展滞后.
    pub on_track_ratio: f64,
    /// How trends are projected to the target year.
    pub projection: Projection,
    /// 波动较大: a year-to-year change larger than this share of the earlier value.
    pub volatility_relative: f64,
    /// 波动较大 looks at the latest this many year-to-year changes only.
    pub volatility_window: u32,
    /// 波动较大 is not flagged between two small counts (both below this): a change from 1
    /// to 2 persons is chance, not volatility. Applies to counts, and to rates derived from
    /// counts (their numerators).
    pub volatility_min_count: f64,
    /// Reports say 基本持平 for a change smaller than this share of the earlier value; 0
    /// means only an unchanged printed value is 持平.
    pub flat_relative: f64,
    /// Whether 基本达标 counts towards 达标率 (as NBS counts “提前实现或基本实现”).
    pub basic_counts_as_met: bool,
    /// 连续无数据: this many latest years in a row without a value.
    pub missing_years: u32,
}

impl Default for Method {
    fn default() -> Self {
        Method {
            about_band_relative: 0.05,
            maintain_band_relative: 0.05,
            basic_tolerance_relative: 0.02,
            ahead_ratio: 1.2,
            on_track_ratio: 0.95,
            projection: Projection::LeastSquares,
            volatility_relative: 0.3,
            volatility_window: 3,
            volatility_min_count: 10.0,
            flat_relative: 0.0,
            basic_counts_as_met: false,
            missing_years: 2,
        }
    }
}

impl Method {
    /// These parameters with the given overrides applied.
    pub fn with(mut self, o: &MethodOverrides) -> Method {
        macro_rules! take {
            ($($field:ident),*) => { $( if let Some(v) = o.$field { self.$field = v; } )* };
        }
        take!(
            about_band_relative,
            maintain_band_relative,
            basic_tolerance_relative,
            ahead_ratio,
            on_track_ratio,
            projection,
            volatility_relative,
            volatility_window,
            volatility_min_count,
            flat_relative,
            basic_counts_as_met,
            missing_years
        );
        self
    }

    /// Problems with the parameters' values, as Chinese messages.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let shares = [
            ("about_band_relative", self.about_band_relative),
            ("maintain_band_relative", self.maintain_band_relative),
            ("basic_tolerance_relative", self.basic_tolerance_relative),
            ("volatility_relative", self.volatility_relative),
            ("flat_relative", self.flat_relative),
        ];
        for (key, value) in shares {
            if !(0.0..=1.0).contains(&value) {
                problems.push(format!("{key} 应在 0 到 1 之间，现为 {value}"));
            }
        }
        if self.on_track_ratio <= 0.0 || self.on_track_ratio > self.ahead_ratio {
            problems.push(format!(
                "应满足 0 < on_track_ratio ≤ ahead_ratio，现为 {} 与 {}",
                self.on_track_ratio, self.ahead_ratio
            ));
        }
        if self.missing_years == 0 {
            problems.push("missing_years 至少为 1".into());
        }
        if self.volatility_window == 0 {
            problems.push("volatility_window 至少为 1".into());
        }
        if self.volatility_min_count.is_nan() || self.volatility_min_count < 0.0 {
            problems.push(format!(
                "volatility_min_count 不能为负数，现为 {}",
                self.volatility_min_count
            ));
        }
        problems
    }
}

/// Reads a method file (`--method`).
pub fn load_overrides(path: &Path) -> Result<MethodOverrides, Diagnostics> {
    let located = |line: usize, column: usize| Location::Text {
        path: path.to_path_buf(),
        line,
        column,
    };
    let text = crate::catalog::limits::read_yaml(path, "方法参数文件")?;
    serde_yaml::from_str(&text).map_err(|err| {
        let location = err.location().map(|l| located(l.line(), l.column()));
        Diagnostics(vec![
            Diagnostic::error(
                location,
                format!(
                    "方法参数文件格式错误：{}",
                    crate::catalog::yaml_message(&err)
                ),
            )
            .with_hint("可用的参数及含义见 docs/methodology.md"),
        ])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_replace_only_what_they_name() {
        let o: MethodOverrides =
            serde_yaml::from_str("basic_tolerance_relative: 0.01\nprojection: compound_growth\n")
                .unwrap();
        let m = Method::default().with(&o);
        assert_eq!(m.basic_tolerance_relative, 0.01);
        assert_eq!(m.projection, Projection::CompoundGrowth);
        assert_eq!(m.ahead_ratio, Method::default().ahead_ratio);
        assert!(m.problems().is_empty());
    }

    #[test]
    fn unknown_keys_and_bad_values_are_refused() {
        assert!(serde_yaml::from_str::<MethodOverrides>("tolerance: 0.1").is_err());
        let m = Method {
            on_track_ratio: 2.0,
            ..Method::default()
        };
        assert_eq!(m.problems().len(), 1);
    }
}
