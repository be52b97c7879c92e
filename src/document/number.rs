//! Cell values as exact fixed-point numbers. Table counts are integers and the fee column
//! is 万元 with decimals; f64 would make `0.1 + 0.2 == 0.3` fail, and huge values must not
//! overflow silently, so values are i128 scaled by 10⁴ with checked arithmetic.

use std::fmt;

const SCALE: i128 = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Num(i128);

impl Num {
    pub const ZERO: Num = Num(0);

    pub fn from_int(value: i64) -> Self {
        Num(value as i128 * SCALE)
    }

    /// Parses `123`, `-4`, `0.35`, `1,234`, with full-width digits already folded.
    /// Returns `None` for anything else (more than four decimals, too many digits).
    pub fn parse(text: &str) -> Option<Self> {
        // Most cells are a few plain digits: read them directly (the general path, with
        // i128's parser, cost ~190 instructions a cell, 4 % of a text report).
        if !text.is_empty() && text.len() <= 18 && text.bytes().all(|b| b.is_ascii_digit()) {
            let int = text.bytes().fold(0i64, |n, b| n * 10 + i64::from(b - b'0'));
            return Some(Num::from_int(int));
        }
        Self::parse_general(text)
    }

    fn parse_general(text: &str) -> Option<Self> {
        let text = text.trim();
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (int_part, frac_part) = match digits.split_once('.') {
            // `2.` is an item's number (2.其他法律行政法规禁止公开 wrapped after it), not 2.
            Some((_, "")) => return None,
            Some((i, f)) => (i, f),
            None => (digits, ""),
        };
        // Thousands separators are rare; most cells parse without a copy.
        let without_commas;
        let int_part = if int_part.contains(',') {
            without_commas = int_part.replace(',', "");
            without_commas.as_str()
        } else {
            int_part
        };
        if int_part.is_empty()
            || !int_part.bytes().all(|b| b.is_ascii_digit())
            || !frac_part.bytes().all(|b| b.is_ascii_digit())
            || frac_part.len() > 4
            || int_part.len() > 24
        {
            return None;
        }
        let int: i128 = int_part.parse().ok()?;
        let mut frac: i128 = if frac_part.is_empty() {
            0
        } else {
            frac_part.parse().ok()?
        };
        for _ in frac_part.len()..4 {
            frac *= 10;
        }
        let value = int.checked_mul(SCALE)?.checked_add(frac)?;
        Some(Num(if negative { -value } else { value }))
    }

    pub fn checked_add(self, other: Num) -> Option<Num> {
        self.0.checked_add(other.0).map(Num)
    }

    pub fn checked_sub(self, other: Num) -> Option<Num> {
        self.0.checked_sub(other.0).map(Num)
    }

    pub fn abs_diff(self, other: Num) -> Option<Num> {
        self.0
            .checked_sub(other.0)
            .and_then(i128::checked_abs)
            .map(Num)
    }

    /// `self` as a percentage of `whole`, rounded down and rounded up at `decimals`
    /// places (at most four): how a report may print it. `None` when `whole` is not
    /// positive or the numbers are too large.
    pub fn percent_of(self, whole: Num, decimals: u32) -> Option<(Num, Num)> {
        if whole.0 <= 0 || decimals > 4 {
            return None;
        }
        let places = 10i128.pow(decimals);
        let scaled = self.0.checked_mul(100)?.checked_mul(places)?;
        let down = scaled.div_euclid(whole.0);
        let up = down + i128::from(scaled.rem_euclid(whole.0) != 0);
        let unscale = |v: i128| v.checked_mul(SCALE / places).map(Num);
        Some((unscale(down)?, unscale(up)?))
    }

    pub fn is_integer(self) -> bool {
        self.0 % SCALE == 0
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// The value as a float, for display only (a percentage shown to two places).
    pub fn to_f64(self) -> f64 {
        self.0 as f64 / SCALE as f64
    }

    pub fn from_f64(value: f64) -> Option<Num> {
        let scaled = (value * SCALE as f64).round();
        if scaled.is_finite() && scaled.abs() < 1e30 {
            Some(Num(scaled as i128))
        } else {
            None
        }
    }
}

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let int = abs / SCALE as u128;
        let frac = abs % SCALE as u128;
        if frac == 0 {
            write!(f, "{sign}{int}")
        } else {
            let frac = format!("{frac:04}");
            write!(f, "{sign}{int}.{}", frac.trim_end_matches('0'))
        }
    }
}

impl serde::Serialize for Num {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.is_integer() {
            let int = self.0 / SCALE;
            match i64::try_from(int) {
                Ok(v) => serializer.serialize_i64(v),
                Err(_) => serializer.serialize_str(&self.to_string()),
            }
        } else {
            serializer.serialize_f64(self.0 as f64 / SCALE as f64)
        }
    }
}

/// Exact (de)serialization for `#[serde(with = …)]`, where [`Num`]'s own `Serialize`
/// (a JSON number, decimals as f64) would lose digits: a rule-set snapshot.
pub mod exact {
    use super::Num;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(num: &Num, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i128(num.0)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Num, D::Error> {
        i128::deserialize(deserializer).map(Num)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_down_and_up_at_the_printed_places() {
        let n = |v: &str| Num::parse(v).expect("number");
        // 3149 / 3267 = 96.388…%: printed 96.3 (cut) or 96.4 (rounded).
        assert_eq!(
            n("3149").percent_of(n("3267"), 1),
            Some((n("96.3"), n("96.4")))
        );
        assert_eq!(n("25").percent_of(n("647"), 0), Some((n("3"), n("4"))));
        // Exact: one answer.
        assert_eq!(n("1").percent_of(n("4"), 0), Some((n("25"), n("25"))));
        assert_eq!(n("1").percent_of(Num::ZERO, 0), None);
        assert_eq!(n("1").percent_of(n("3"), 5), None);
    }

    #[test]
    fn parses_counts_decimals_and_separators() {
        assert_eq!(Num::parse("443"), Some(Num::from_int(443)));
        assert_eq!(Num::parse("1,234"), Some(Num::from_int(1234)));
        assert_eq!(Num::parse("2."), None);
        assert_eq!(
            Num::parse("0.35").map(|n| n.to_string()),
            Some("0.35".into())
        );
        assert_eq!(Num::parse("-2"), Some(Num::from_int(-2)));
        assert_eq!(Num::parse("1.23456"), None);
        assert_eq!(Num::parse("—"), None);
        assert_eq!(Num::parse("99999999999999999999999999999"), None);
    }

    proptest::proptest! {
        #[test]
        fn plain_digits_read_as_the_general_parser_reads_them(digits in "[0-9]{1,24}") {
            proptest::prop_assert_eq!(Num::parse(&digits), Num::parse_general(&digits));
        }
    }

    #[test]
    fn decimal_sums_are_exact() {
        let a = Num::parse("0.1").and_then(|a| a.checked_add(Num::parse("0.2")?));
        assert_eq!(a, Num::parse("0.3"));
    }
}
