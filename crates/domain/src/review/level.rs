//! The five rating levels of the national 好差评 system.

use serde::{Deserialize, Serialize};

use super::ReviewError;

/// 评价等级.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 非常满意.
    VerySatisfied,
    /// 满意.
    Satisfied,
    /// 基本满意.
    BasicallySatisfied,
    /// 不满意.
    Dissatisfied,
    /// 非常不满意.
    VeryDissatisfied,
}

impl Level {
    /// Every level, best first.
    pub const ALL: [Level; 5] = [
        Level::VerySatisfied,
        Level::Satisfied,
        Level::BasicallySatisfied,
        Level::Dissatisfied,
        Level::VeryDissatisfied,
    ];

    /// Stable code, as stored and in the API.
    pub fn code(self) -> &'static str {
        match self {
            Level::VerySatisfied => "very_satisfied",
            Level::Satisfied => "satisfied",
            Level::BasicallySatisfied => "basically_satisfied",
            Level::Dissatisfied => "dissatisfied",
            Level::VeryDissatisfied => "very_dissatisfied",
        }
    }

    /// The level named by `code`.
    pub fn parse(code: &str) -> Result<Level, ReviewError> {
        Level::ALL
            .into_iter()
            .find(|l| l.code() == code)
            .ok_or_else(|| ReviewError::UnknownLevel(code.chars().take(40).collect()))
    }

    /// Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Level::VerySatisfied => "非常满意",
            Level::Satisfied => "满意",
            Level::BasicallySatisfied => "基本满意",
            Level::Dissatisfied => "不满意",
            Level::VeryDissatisfied => "非常不满意",
        }
    }

    /// 好评: 非常满意, 满意 or 基本满意.
    pub fn is_good(self) -> bool {
        !self.is_bad()
    }

    /// 差评: 不满意 or 非常不满意; opens a rectification task.
    pub fn is_bad(self) -> bool {
        matches!(self, Level::Dissatisfied | Level::VeryDissatisfied)
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_upper_levels_are_good_and_the_two_lower_ones_bad() {
        let good: Vec<Level> = Level::ALL.into_iter().filter(|l| l.is_good()).collect();
        assert_eq!(
            good,
            [
                Level::VerySatisfied,
                Level::Satisfied,
                Level::BasicallySatisfied
            ]
        );
        assert!(Level::Dissatisfied.is_bad() && Level::VeryDissatisfied.is_bad());
    }

    #[test]
    fn codes_round_trip_and_an_unknown_code_is_refused() {
        for l in Level::ALL {
            assert_eq!(Level::parse(l.code()), Ok(l));
        }
        assert_eq!(
            Level::parse("great").unwrap_err().code(),
            "review_level_unknown"
        );
        assert_eq!(Level::VeryDissatisfied.label(), "非常不满意");
    }
}
