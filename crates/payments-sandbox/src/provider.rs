//! The five emulated providers.

use std::fmt;

/// One of the emulated providers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Provider {
    /// Askell (Iceland), under `/askell/api`.
    Askell,
    /// Barion (Hungary), under `/barion`.
    Barion,
    /// Resid (Iran), under `/resid/api/v1`.
    Resid,
    /// Financial Line (Ukraine, the Tranzzo API), under `/finline/api/v1`.
    Finline,
    /// Payelata (Ukraine, the Corefy API), under `/payelata/api` and `/payelata-cardgate`.
    Payelata,
}

impl Provider {
    /// Every provider.
    pub const ALL: [Provider; 5] = [
        Provider::Askell,
        Provider::Barion,
        Provider::Resid,
        Provider::Finline,
        Provider::Payelata,
    ];

    /// `askell`, `barion`, `resid`, `finline` or `payelata`: the first path segment.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Askell => "askell",
            Self::Barion => "barion",
            Self::Resid => "resid",
            Self::Finline => "finline",
            Self::Payelata => "payelata",
        }
    }

    /// Reads [`as_str`](Self::as_str) (case-insensitive).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(name.trim()))
    }

    /// The provider's name as its users write it.
    pub fn display_name(self) -> &'static str {
        match self {
            Self::Askell => "Askell",
            Self::Barion => "Barion",
            Self::Resid => "Resid",
            Self::Finline => "Financial Line",
            Self::Payelata => "Payelata",
        }
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
