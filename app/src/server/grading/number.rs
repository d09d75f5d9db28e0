//! Exact rational arithmetic, number formatting, and the lenient number parser shared by the
//! generators (which compute answers exactly) and the checker (which reads what students type).

use std::cmp::Ordering;
use std::fmt;
use std::ops::{Add, Mul, Neg, Sub};

/// A reduced fraction with a positive denominator.
///
/// Generators work in exact rationals so the answer they print is exactly the answer they check.
/// `i128` leaves enormous headroom over the small numbers practice questions use, so ordinary
/// operators cannot overflow for anything a generator produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Ratio {
    n: i128,
    d: i128,
}

pub(crate) fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.abs(), b.abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

pub(crate) fn lcm(a: i128, b: i128) -> i128 {
    if a == 0 || b == 0 { 0 } else { (a / gcd(a, b) * b).abs() }
}

impl Ratio {
    /// `n / d` in lowest terms. A zero denominator is a generator bug: debug builds (and so the
    /// tests) catch it, release builds degrade to zero rather than panic in a request.
    pub(crate) fn new(n: i128, d: i128) -> Ratio {
        debug_assert!(d != 0, "zero denominator");
        if d == 0 {
            return Ratio { n: 0, d: 1 };
        }
        let g = gcd(n, d).max(1);
        let sign = if d < 0 { -1 } else { 1 };
        Ratio { n: sign * n / g, d: sign * d / g }
    }

    pub(crate) const fn int(n: i128) -> Ratio {
        Ratio { n, d: 1 }
    }

    pub(crate) const fn numer(self) -> i128 {
        self.n
    }

    pub(crate) const fn is_integer(self) -> bool {
        self.d == 1
    }

    pub(crate) const fn is_zero(self) -> bool {
        self.n == 0
    }

    pub(crate) fn to_f64(self) -> f64 {
        self.n as f64 / self.d as f64
    }

    pub(crate) fn abs(self) -> Ratio {
        Ratio { n: self.n.abs(), d: self.d }
    }

    pub(crate) fn signum(self) -> i128 {
        self.n.signum()
    }

    pub(crate) fn recip(self) -> Option<Ratio> {
        (self.n != 0).then(|| Ratio::new(self.d, self.n))
    }

    pub(crate) fn checked_div(self, other: Ratio) -> Option<Ratio> {
        other.recip().map(|r| self * r)
    }

    /// Integer power by the exponent rules the generators teach (negative = reciprocal).
    pub(crate) fn pow(self, e: i32) -> Option<Ratio> {
        let base = if e < 0 { self.recip()? } else { self };
        let mut out = Ratio::int(1);
        for _ in 0..e.unsigned_abs() {
            out = out * base;
        }
        Some(out)
    }

    /// True when the decimal expansion ends (denominator has only 2s and 5s).
    pub(crate) fn is_terminating(self) -> bool {
        let mut d = self.d;
        for p in [2, 5] {
            while d % p == 0 {
                d /= p;
            }
        }
        d == 1
    }

    /// The exact decimal form when it terminates, e.g. `-3/2` → `-1.5`.
    pub(crate) fn to_decimal_string(self) -> Option<String> {
        if !self.is_terminating() {
            return None;
        }
        let mut places = 0u32;
        let mut scale: i128 = 1;
        while (scale % self.d) != 0 {
            scale *= 10;
            places += 1;
        }
        let scaled = self.n * (scale / self.d);
        if places == 0 {
            return Some(scaled.to_string());
        }
        let digits = scaled.unsigned_abs().to_string();
        let width = places as usize + 1;
        let padded = format!("{digits:0>width$}");
        let (whole, frac) = padded.split_at(padded.len() - places as usize);
        let sign = if scaled < 0 { "-" } else { "" };
        Some(format!("{sign}{whole}.{}", frac.trim_end_matches('0')))
    }

    /// Decimal when it terminates, otherwise the fraction: how quantities such as percentages and
    /// unit conversions are usually written.
    pub(crate) fn to_plain_string(self) -> String {
        self.to_decimal_string().unwrap_or_else(|| self.to_string())
    }
}

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.d == 1 { write!(f, "{}", self.n) } else { write!(f, "{}/{}", self.n, self.d) }
    }
}

impl Add for Ratio {
    type Output = Ratio;
    fn add(self, o: Ratio) -> Ratio {
        Ratio::new(self.n * o.d + o.n * self.d, self.d * o.d)
    }
}

impl Sub for Ratio {
    type Output = Ratio;
    fn sub(self, o: Ratio) -> Ratio {
        self + (-o)
    }
}

impl Mul for Ratio {
    type Output = Ratio;
    fn mul(self, o: Ratio) -> Ratio {
        Ratio::new(self.n * o.n, self.d * o.d)
    }
}

impl Neg for Ratio {
    type Output = Ratio;
    fn neg(self) -> Ratio {
        Ratio { n: -self.n, d: self.d }
    }
}

impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Ratio) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ratio {
    fn cmp(&self, other: &Ratio) -> Ordering {
        (self.n * other.d).cmp(&(other.n * self.d))
    }
}

/// Absolute tolerance for an exact answer: terminating values must be typed exactly (the checker
/// adds a tiny relative slack for float noise); recurring ones like 7/3 accept three decimals.
pub(crate) fn tolerance_for(r: Ratio) -> f64 {
    if r.is_terminating() { 1e-9 } else { 5e-4 }
}

/// Rounds to `places` decimals and drops trailing zeros ("18.02", "4.5", "3").
pub(crate) fn fmt_decimal(x: f64, places: usize) -> String {
    let s = format!("{x:.places$}");
    let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.') } else { &s };
    if s == "-0" { "0".to_string() } else { s.to_string() }
}

/// Rounds to `sig` significant figures, keeping the trailing zeros chemists expect ("4.00").
pub(crate) fn fmt_sig(x: f64, sig: i32) -> String {
    if x == 0.0 || !x.is_finite() {
        return "0".to_string();
    }
    let magnitude = x.abs().log10().floor() as i32;
    let places = (sig - 1 - magnitude).max(0) as usize;
    format!("{x:.places$}")
}

/// What the parser read: the value, whether a percent sign followed it, and any trailing text
/// (normally a unit) in lowercase.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Quantity {
    pub value: f64,
    pub percent: bool,
    pub rest: String,
}

/// Longest input the checker reads; real answers are short, and a bound keeps hostile input cheap.
pub(crate) const MAX_INPUT: usize = 400;

/// Reads a number as students write it: "2,500", "-3/2", "1 1/2", "12%", "1.2e3", "1.2 x 10^3",
/// "x = 3", "$80", "2500 m". "x = 3" is read by its right-hand side; "3 = x" works too.
pub(crate) fn parse_quantity(input: &str) -> Option<Quantity> {
    if input.len() > MAX_INPUT {
        return None;
    }
    let text = normalise_symbols(input);
    if !text.contains(['=', '≈']) {
        return parse_plain(&text);
    }
    let parts: Vec<&str> = text.split(['=', '≈']).collect();
    // "x = 3" or "3 = x", but not "x = = 3" or "x = 3 = 4".
    if parts.len() != 2 {
        return None;
    }
    let last = parts.last().copied().unwrap_or_default();
    let first = parts.first().copied().unwrap_or_default();
    parse_plain(last).or_else(|| parse_plain(first))
}

/// Maps look-alike characters to ASCII and superscript exponents to `^n`, so "10³" and "−3"
/// parse like "10^3" and "-3".
pub(crate) fn normalise_symbols(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut in_superscript = false;
    for c in input.chars() {
        let sup = match c {
            '⁰' => Some('0'),
            '¹' => Some('1'),
            '²' => Some('2'),
            '³' => Some('3'),
            '⁴' => Some('4'),
            '⁵' => Some('5'),
            '⁶' => Some('6'),
            '⁷' => Some('7'),
            '⁸' => Some('8'),
            '⁹' => Some('9'),
            '⁻' => Some('-'),
            _ => None,
        };
        if let Some(s) = sup {
            if !in_superscript {
                out.push('^');
            }
            out.push(s);
            in_superscript = true;
            continue;
        }
        in_superscript = false;
        out.push(match c {
            '−' | '–' | '—' | '‒' => '-',
            '\u{00a0}' | '\u{2009}' | '\u{202f}' => ' ',
            _ => c,
        });
    }
    out
}

/// Parses a sign, a number in one of the accepted shapes, and an optional percent sign; whatever
/// follows is returned as `rest` for the caller to interpret as a unit.
fn parse_plain(text: &str) -> Option<Quantity> {
    let cs: Vec<char> = text.trim().trim_end_matches('.').chars().collect();
    let mut i = skip_ws(&cs, 0);
    let mut negative = false;
    if let Some(&c) = cs.get(i)
        && (c == '-' || c == '+')
    {
        negative = c == '-';
        i = skip_ws(&cs, i + 1);
    }
    // Currency symbols carry no meaning for the value.
    if let Some(&c) = cs.get(i)
        && matches!(c, '$' | '£' | '€')
    {
        i = skip_ws(&cs, i + 1);
    }
    let (mut value, is_int, next) = scan_decimal(&cs, i)?;
    i = next;

    let j = skip_ws(&cs, i);
    if cs.get(j) == Some(&'/') {
        let (den, _, after) = scan_decimal(&cs, skip_ws(&cs, j + 1))?;
        if den == 0.0 {
            return None;
        }
        value /= den;
        i = after;
    } else if is_int && j > i {
        // Mixed number "1 1/2": whole part, space, then an integer fraction.
        if let Some((num, true, after_num)) = scan_decimal(&cs, j) {
            let k = skip_ws(&cs, after_num);
            if cs.get(k) == Some(&'/')
                && let Some((den, true, after_den)) = scan_decimal(&cs, skip_ws(&cs, k + 1))
                && den != 0.0
            {
                value += num / den;
                i = after_den;
            }
        }
    }

    if let Some((exp, after)) = scan_exponent(&cs, i) {
        value *= 10f64.powi(exp);
        i = after;
    }

    if negative {
        value = -value;
    }
    let mut rest: String = cs[i..].iter().collect::<String>().trim().to_lowercase();
    let mut percent = false;
    if let Some(r) = rest.strip_prefix('%') {
        percent = true;
        rest = r.trim().to_string();
    } else if let Some(r) = rest.strip_prefix("percent").or_else(|| rest.strip_prefix("per cent")) {
        percent = true;
        rest = r.trim().to_string();
    }
    value.is_finite().then_some(Quantity { value, percent, rest })
}

fn skip_ws(cs: &[char], mut i: usize) -> usize {
    while cs.get(i).is_some_and(|c| c.is_whitespace()) {
        i += 1;
    }
    i
}

fn count_digits(cs: &[char], i: usize) -> usize {
    cs[i.min(cs.len())..].iter().take_while(|c| c.is_ascii_digit()).count()
}

/// Digits with optional thousands separators (groups of exactly three after a comma) and an
/// optional decimal part. Returns the value, whether it was a plain integer, and the next index.
fn scan_decimal(cs: &[char], start: usize) -> Option<(f64, bool, usize)> {
    let mut i = start;
    let mut text = String::new();
    let lead = count_digits(cs, i);
    text.extend(&cs[i..i + lead]);
    i += lead;
    if lead > 0 && lead <= 3 {
        // "2,500" but not "1,5" (ambiguous decimal comma) or "1,5000".
        while cs.get(i) == Some(&',')
            && count_digits(cs, i + 1) == 3
            && !cs.get(i + 4).is_some_and(|c| *c == ',' && count_digits(cs, i + 5) != 3)
        {
            text.extend(&cs[i + 1..i + 4]);
            i += 4;
        }
    }
    let mut is_int = true;
    if cs.get(i) == Some(&'.') {
        let frac = count_digits(cs, i + 1);
        if lead == 0 && frac == 0 {
            return None;
        }
        if frac > 0 {
            is_int = false;
            text.push('.');
            text.extend(&cs[i + 1..i + 1 + frac]);
            i += 1 + frac;
        } else if cs.get(i + 1).is_none_or(|c| !c.is_alphabetic()) {
            // "3." is a number followed by a full stop, not "3" followed by a unit ".".
            i += 1;
        }
    } else if lead == 0 {
        return None;
    }
    if text.len() > 40 {
        return None;
    }
    text.parse::<f64>().ok().map(|v| (v, is_int, i))
}

/// "e3", "E-2", "x 10^3", "* 10^-2", "×10**3", "· 10^3".
fn scan_exponent(cs: &[char], i: usize) -> Option<(i32, usize)> {
    let signed_int = |j: usize| -> Option<(i32, usize)> {
        let mut k = j;
        let mut sign = 1;
        if let Some(&c) = cs.get(k)
            && (c == '-' || c == '+')
        {
            sign = if c == '-' { -1 } else { 1 };
            k += 1;
        }
        let n = count_digits(cs, k);
        if n == 0 || n > 3 {
            return None;
        }
        let e: i32 = cs[k..k + n].iter().collect::<String>().parse().ok()?;
        Some((sign * e, k + n))
    };
    if let Some(&c) = cs.get(i)
        && (c == 'e' || c == 'E')
    {
        return signed_int(i + 1);
    }
    let j = skip_ws(cs, i);
    if !matches!(cs.get(j), Some('x' | 'X' | '*' | '×' | '·' | '⋅')) {
        return None;
    }
    let k = skip_ws(cs, j + 1);
    if cs.get(k) != Some(&'1') || cs.get(k + 1) != Some(&'0') {
        return None;
    }
    let k = skip_ws(cs, k + 2);
    let k = match (cs.get(k), cs.get(k + 1)) {
        (Some('^'), _) => k + 1,
        (Some('*'), Some('*')) => k + 2,
        _ => return None,
    };
    let k = skip_ws(cs, k);
    // Allow a bracketed exponent: 10^(-3).
    if cs.get(k) == Some(&'(') {
        let (e, after) = signed_int(skip_ws(cs, k + 1))?;
        let close = skip_ws(cs, after);
        return (cs.get(close) == Some(&')')).then_some((e, close + 1));
    }
    signed_int(k)
}

/// A set of numbers such as "x = 1, x = -3/2", "1 and -1.5", "x = ±2", "-3/2 or 1".
/// Commas separate items here, so thousands separators are not read in this context.
pub(crate) fn parse_number_set(input: &str) -> Option<Vec<f64>> {
    if input.len() > MAX_INPUT {
        return None;
    }
    let lowered = normalise_symbols(input).to_lowercase();
    let replaced = lowered.replace(" and ", ",").replace(" or ", ",").replace('&', ",");
    let mut out = Vec::new();
    for piece in replaced.split([',', ';', '\n']) {
        let piece = piece.trim();
        if piece.is_empty() {
            continue;
        }
        let rhs = piece.rsplit('=').next().unwrap_or(piece).trim();
        let plus_minus = ["±", "+/-", "+-"].iter().find_map(|p| rhs.strip_prefix(p));
        if let Some(magnitude) = plus_minus {
            let q = parse_quantity(magnitude)?;
            if q.percent || !q.rest.is_empty() {
                return None;
            }
            out.push(q.value);
            out.push(-q.value);
            continue;
        }
        let q = parse_quantity(piece)?;
        if q.percent || !q.rest.is_empty() {
            return None;
        }
        out.push(q.value);
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(s: &str) -> Option<f64> {
        parse_quantity(s).filter(|q| q.rest.is_empty() && !q.percent).map(|q| q.value)
    }

    #[test]
    fn ratios_reduce_and_keep_the_sign_on_the_numerator() {
        assert_eq!(Ratio::new(4, -6), Ratio::new(-2, 3));
        assert_eq!(Ratio::new(4, -6).to_string(), "-2/3");
        assert_eq!((Ratio::new(1, 3) + Ratio::new(1, 6)).to_string(), "1/2");
    }

    #[test]
    fn terminating_ratios_print_as_exact_decimals() {
        assert_eq!(Ratio::new(-3, 2).to_decimal_string().as_deref(), Some("-1.5"));
        assert_eq!(Ratio::new(1, 40).to_decimal_string().as_deref(), Some("0.025"));
        assert_eq!(Ratio::new(-1, 8).to_decimal_string().as_deref(), Some("-0.125"));
        assert_eq!(Ratio::int(2500).to_decimal_string().as_deref(), Some("2500"));
        assert_eq!(Ratio::new(1, 3).to_decimal_string(), None);
    }

    #[test]
    fn the_parser_reads_the_shapes_students_type() {
        assert_eq!(value("2,500"), Some(2500.0));
        assert_eq!(value("-3/2"), Some(-1.5));
        assert_eq!(value("1 1/2"), Some(1.5));
        assert_eq!(value("-1 1/2"), Some(-1.5));
        assert_eq!(value("1.2e3"), Some(1200.0));
        assert_eq!(value("1.2 x 10^3"), Some(1200.0));
        assert_eq!(value("1.2×10³"), Some(1200.0));
        assert_eq!(value("x = 3"), Some(3.0));
        assert_eq!(value("3 = x"), Some(3.0));
        assert_eq!(value(".5"), Some(0.5));
        assert_eq!(value("3."), Some(3.0));
        assert_eq!(value("−4"), Some(-4.0));
        assert_eq!(value("$80"), Some(80.0));
        assert_eq!(value("1,5"), None);
        assert_eq!(value("3/0"), None);
        assert_eq!(value("abc"), None);
        let q = parse_quantity("12%").expect("percent parses");
        assert!(q.percent && q.value == 12.0);
        let q = parse_quantity("2,500 meters").expect("unit parses");
        assert_eq!((q.value, q.rest.as_str()), (2500.0, "meters"));
    }

    #[test]
    fn number_sets_split_on_commas_and_words() {
        assert_eq!(parse_number_set("x = 1, x = -1.5"), Some(vec![1.0, -1.5]));
        assert_eq!(parse_number_set("1 and -3/2"), Some(vec![1.0, -1.5]));
        assert_eq!(parse_number_set("x = ±2"), Some(vec![2.0, -2.0]));
        assert_eq!(parse_number_set("mitochondria"), None);
    }
}
