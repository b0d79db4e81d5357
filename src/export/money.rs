//! Money as people read it on the public pages and in `procboard stats`: the digits grouped and
//! the decimal separator placed as the board's language writes numbers (from the Unicode CLDR,
//! through ICU4X), with the currency's symbol or code where that language puts it. The exact
//! decimal stays in the JSON, CSV and OCDS downloads and, on the pages, in a `<data value>`.

use icu_decimal::DecimalFormatter;
use icu_locale::Locale;
use rust_decimal::Decimal;

/// Formats amounts in one language.
pub struct Money {
    formatter: Option<DecimalFormatter>,
    symbol_first: bool,
    language: String,
}

/// The currencies whose sign every reader knows; any other is written by its ISO 4217 code.
fn symbol(currency: &str) -> Option<&'static str> {
    match currency {
        "EUR" => Some("€"),
        "USD" => Some("$"),
        "GBP" => Some("£"),
        _ => None,
    }
}

impl Money {
    /// Amounts as `language` (a BCP 47 tag such as `en` or `fr`) writes them. A language ICU4X
    /// does not know is written as English is.
    pub fn new(language: &str) -> Money {
        let locale: Locale = language.parse().unwrap_or(Locale::UNKNOWN);
        let formatter = DecimalFormatter::try_new(locale.clone().into(), Default::default())
            .ok()
            .or_else(|| {
                DecimalFormatter::try_new(icu_locale::locale!("en").into(), Default::default()).ok()
            });
        // English writes the sign before the amount (€3,900,000); French, Dutch, German and
        // most others of the board's languages after it (3 900 000 €).
        let symbol_first = locale.id.language.as_str() == "en";
        Money {
            formatter,
            symbol_first,
            language: language.to_string(),
        }
    }

    /// The language it writes amounts in, as given to [`Money::new`].
    pub fn language(&self) -> &str {
        &self.language
    }

    /// The number alone: whole amounts without decimals, others with two (rounded half away
    /// from zero: a public page shows cents, the downloads keep every digit).
    pub fn number(&self, amount: Decimal) -> String {
        let shown = if amount.fract().is_zero() {
            amount.trunc()
        } else {
            let mut a = amount
                .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
            a.rescale(2);
            a
        };
        let text = shown.to_string();
        match (&self.formatter, text.parse::<fixed_decimal::Decimal>()) {
            (Some(f), Ok(d)) => f.format(&d).to_string(),
            _ => text,
        }
    }

    /// The amount with its currency: `€3,900,000` in English, `3 900 000 €` in French; a
    /// currency without a well-known sign by its code (`CHF 1,200`, `1 200 CHF`).
    pub fn format(&self, amount: Decimal, currency: &str) -> String {
        let number = self.number(amount);
        match (symbol(currency), self.symbol_first) {
            (Some(s), true) => {
                if let Some(n) = number.strip_prefix('-') {
                    format!("-{s}{n}")
                } else {
                    format!("{s}{number}")
                }
            }
            (None, true) => format!("{currency}\u{a0}{number}"),
            (s, false) => format!("{number}\u{a0}{}", s.unwrap_or(currency)),
        }
    }

    /// The amount for a page: `<data value="3900000">€3,900,000</data>`, the exact decimal in
    /// the attribute. (Digits, separators, a sign and a checked ISO 4217 code: nothing to escape.)
    pub fn html(&self, amount: Decimal, currency: &str) -> String {
        format!(
            "<data value=\"{}\">{}</data>",
            amount.normalize(),
            self.format(amount, currency)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn each_language_groups_and_places_the_sign_its_way() {
        let en = Money::new("en");
        assert_eq!(en.format(dec!(3900000), "EUR"), "€3,900,000");
        assert_eq!(en.format(dec!(979200.5), "USD"), "$979,200.50");
        assert_eq!(en.format(dec!(-1250), "USD"), "-$1,250");
        assert_eq!(en.format(dec!(1200), "CHF"), "CHF\u{a0}1,200");
        let fr = Money::new("fr");
        assert_eq!(
            fr.format(dec!(3900000), "EUR"),
            "3\u{202f}900\u{202f}000\u{a0}€"
        );
        assert_eq!(fr.format(dec!(0.125), "EUR"), "0,13\u{a0}€");
        let nl = Money::new("nl");
        assert_eq!(nl.number(dec!(1234567.891)), "1.234.567,89");
        assert_eq!(
            en.html(dec!(979200.50), "USD"),
            "<data value=\"979200.5\">$979,200.50</data>"
        );
    }

    #[test]
    fn an_unknown_language_is_written_as_english() {
        assert_eq!(Money::new("xx-nonsense-!").number(dec!(1000)), "1,000");
    }
}
