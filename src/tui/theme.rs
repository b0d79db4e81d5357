//! Colours bound to meanings. Every state is also written in words or symbols, so the mono theme
//! (and a colour-blind reader) loses nothing.

use ratatui::style::{Color, Modifier, Style};

/// The themes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThemeName {
    /// Colours on a dark terminal.
    Default,
    /// Colours for a light terminal.
    Light,
    /// Strong contrast for projectors.
    HighContrast,
    /// No colour at all (`NO_COLOR`).
    Mono,
}

impl ThemeName {
    /// From `--theme` or `PROCBOARD_THEME`.
    pub fn parse(s: &str) -> Option<ThemeName> {
        match s {
            "default" => Some(ThemeName::Default),
            "light" => Some(ThemeName::Light),
            "high-contrast" => Some(ThemeName::HighContrast),
            "mono" => Some(ThemeName::Mono),
            _ => None,
        }
    }

    /// The theme the environment asks for: `NO_COLOR` (set and not empty) → mono, else
    /// `PROCBOARD_THEME`, else default.
    pub fn from_env() -> ThemeName {
        if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            return ThemeName::Mono;
        }
        std::env::var("PROCBOARD_THEME")
            .ok()
            .and_then(|s| ThemeName::parse(&s))
            .unwrap_or(ThemeName::Default)
    }
}

/// Styles by meaning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    /// Which.
    pub name: ThemeName,
    /// Ordinary text.
    pub text: Style,
    /// Less important text.
    pub dim: Style,
    /// Titles and headings.
    pub title: Style,
    /// The selected row (always reverse video too).
    pub selected: Style,
    /// Good: quorum met, carried, present.
    pub good: Style,
    /// Bad: no quorum, failed, refused.
    pub bad: Style,
    /// Needs attention: tied, pending, absent.
    pub warn: Style,
    /// Keys in hints.
    pub key: Style,
    /// Frames.
    pub border: Style,
}

impl Theme {
    /// The theme's styles.
    pub fn new(name: ThemeName) -> Theme {
        let fg = |c: Color| Style::new().fg(c);
        let bold = Modifier::BOLD;
        match name {
            ThemeName::Default => Theme {
                name,
                text: Style::new(),
                dim: fg(Color::DarkGray),
                title: fg(Color::Cyan).add_modifier(bold),
                selected: Style::new().add_modifier(Modifier::REVERSED),
                good: fg(Color::Green).add_modifier(bold),
                bad: fg(Color::Red).add_modifier(bold),
                warn: fg(Color::Yellow).add_modifier(bold),
                key: fg(Color::Cyan).add_modifier(bold),
                border: fg(Color::DarkGray),
            },
            ThemeName::Light => Theme {
                name,
                text: Style::new(),
                dim: fg(Color::Gray),
                title: fg(Color::Blue).add_modifier(bold),
                selected: Style::new().add_modifier(Modifier::REVERSED),
                good: fg(Color::Rgb(0, 110, 0)).add_modifier(bold),
                bad: fg(Color::Rgb(170, 0, 0)).add_modifier(bold),
                warn: fg(Color::Rgb(150, 90, 0)).add_modifier(bold),
                key: fg(Color::Blue).add_modifier(bold),
                border: fg(Color::Gray),
            },
            ThemeName::HighContrast => Theme {
                name,
                text: fg(Color::White),
                dim: fg(Color::White),
                title: fg(Color::White).add_modifier(bold),
                selected: Style::new().add_modifier(Modifier::REVERSED | bold),
                good: fg(Color::LightGreen).add_modifier(bold),
                bad: fg(Color::LightRed).add_modifier(bold),
                warn: fg(Color::LightYellow).add_modifier(bold),
                key: fg(Color::LightCyan).add_modifier(bold),
                border: fg(Color::White),
            },
            ThemeName::Mono => Theme {
                name,
                text: Style::new(),
                dim: Style::new(),
                title: Style::new().add_modifier(bold),
                selected: Style::new().add_modifier(Modifier::REVERSED),
                good: Style::new().add_modifier(bold),
                bad: Style::new().add_modifier(bold),
                warn: Style::new().add_modifier(bold),
                key: Style::new().add_modifier(bold),
                border: Style::new(),
            },
        }
    }
}

/// A bar of `width` cells filled in proportion `part / whole`: the proportion in symbols, so
/// it reads the same in every theme.
pub fn bar(part: rust_decimal::Decimal, whole: rust_decimal::Decimal, width: usize) -> String {
    let filled = if whole > rust_decimal::Decimal::ZERO {
        let f = (part * rust_decimal::Decimal::from(width as u64) / whole).round();
        usize::try_from(f.mantissa() / 10i128.pow(f.scale()))
            .unwrap_or(0)
            .min(width)
    } else {
        0
    };
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}
