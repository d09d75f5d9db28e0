//! The catalogue of units the checker recognises: each canonical symbol with the spellings
//! students use for it ("m", "meter", "metres"…).

/// (canonical symbol, accepted spellings after [`unit_key`] normalisation).
const UNITS: &[(&str, &[&str])] = &[
    ("m", &["m", "meter", "meters", "metre", "metres"]),
    ("km", &["km", "kms", "kilometer", "kilometers", "kilometre", "kilometres"]),
    ("cm", &["cm", "centimeter", "centimeters", "centimetre", "centimetres"]),
    ("mm", &["mm", "millimeter", "millimeters", "millimetre", "millimetres"]),
    ("g", &["g", "gram", "grams", "gramme", "grammes"]),
    ("kg", &["kg", "kgs", "kilogram", "kilograms", "kilo", "kilos"]),
    ("mg", &["mg", "milligram", "milligrams"]),
    ("L", &["l", "liter", "liters", "litre", "litres"]),
    ("mL", &["ml", "mls", "milliliter", "milliliters", "millilitre", "millilitres"]),
    ("h", &["h", "hr", "hrs", "hour", "hours"]),
    ("min", &["min", "mins", "minute", "minutes"]),
    ("s", &["s", "sec", "secs", "second", "seconds"]),
    ("K", &["k", "kelvin", "kelvins", "°k", "degrees kelvin"]),
    (
        "°C",
        &[
            "°c",
            "ºc",
            "c",
            "celsius",
            "degc",
            "deg c",
            "degrees celsius",
            "degree celsius",
            "degrees c",
        ],
    ),
    (
        "km/h",
        &[
            "km/h",
            "km/hr",
            "kmh",
            "kph",
            "km h^-1",
            "kilometers per hour",
            "kilometres per hour",
            "kilometer per hour",
            "kilometre per hour",
        ],
    ),
    (
        "m/s",
        &[
            "m/s",
            "mps",
            "m s^-1",
            "meters per second",
            "metres per second",
            "meter per second",
            "metre per second",
        ],
    ),
    (
        "g/mol",
        &[
            "g/mol",
            "g/mole",
            "g mol^-1",
            "gmol^-1",
            "g per mol",
            "g per mole",
            "gram per mole",
            "grams per mole",
            "grams per mol",
            "gram/mol",
            "grams/mol",
        ],
    ),
    ("mol", &["mol", "mols", "mole", "moles"]),
    ("%", &["%", "percent", "per cent"]),
];

/// Lowercase, single spaces, no spaces around "/" or after "°", "·" read as a space, and a
/// trailing full stop dropped: "g · mol⁻¹" and "G/Mol." meet their table spellings.
fn unit_key(raw: &str) -> String {
    let lowered =
        super::number::normalise_symbols(raw).to_lowercase().replace(['·', '⋅', '*'], " ");
    let collapsed = lowered.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed
        .trim_end_matches('.')
        .replace(" / ", "/")
        .replace("/ ", "/")
        .replace(" /", "/")
        .replace("° ", "°")
}

/// The canonical symbol for a unit as written, or `None` when it is not a unit we know.
pub(crate) fn canonical_unit(raw: &str) -> Option<&'static str> {
    let key = unit_key(raw);
    UNITS.iter().find(|(_, spellings)| spellings.contains(&key.as_str())).map(|(symbol, _)| *symbol)
}

#[cfg(test)]
mod tests {
    use super::canonical_unit;

    #[test]
    fn unit_synonyms_resolve_to_one_symbol() {
        assert_eq!(canonical_unit("Metres"), Some("m"));
        assert_eq!(canonical_unit("meters."), Some("m"));
        assert_eq!(canonical_unit("mL"), Some("mL"));
        assert_eq!(canonical_unit("° C"), Some("°C"));
        assert_eq!(canonical_unit("g · mol⁻¹"), Some("g/mol"));
        assert_eq!(canonical_unit("grams per mole"), Some("g/mol"));
        assert_eq!(canonical_unit("hrs"), Some("h"));
        assert_eq!(canonical_unit("furlongs"), None);
    }

    #[test]
    fn every_canonical_symbol_resolves_to_itself() {
        for (symbol, _) in super::UNITS {
            assert_eq!(canonical_unit(symbol), Some(*symbol), "{symbol}");
        }
    }
}
