//! [`string_enum!`](crate::string_enum): a wire enum of strings that keeps values it does not know.

/// Declares a string-valued wire enum whose unknown values are kept in `Unknown(String)`, so a
/// value a provider adds is never a decode failure and is written back exactly as it came.
///
/// The first literal of a variant is its wire spelling; further literals after `|` are accepted
/// spellings that read as the same variant. Generated: `as_str`, `From<&str>`, `FromStr`
/// (infallible), `Display`, and serde `Serialize`/`Deserialize` as the wire string.
///
/// ```
/// payments_core::string_enum! {
///     /// A transaction's state.
///     pub enum TransactionState {
///         /// Created, not yet sent to the processor.
///         Initial = "initial" | "inital",
///         /// Accepted by the processor.
///         Settled = "settled",
///     }
/// }
///
/// let s: TransactionState = serde_json::from_str(r#""inital""#).unwrap();
/// assert_eq!(s, TransactionState::Initial);
/// assert_eq!(s.as_str(), "initial");
/// let new: TransactionState = serde_json::from_str(r#""disputed""#).unwrap();
/// assert_eq!(new, TransactionState::Unknown("disputed".into()));
/// assert_eq!(serde_json::to_string(&new).unwrap(), r#""disputed""#);
/// ```
#[macro_export]
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal $(| $alias:literal)* ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this SDK does not know yet, kept exactly as sent.
            Unknown(::std::string::String),
        }

        impl $name {
            /// The wire spelling of this value.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )*
                    Self::Unknown(s) => s,
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $wire $(| $alias)* => Self::$variant, )*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from(s))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let text: ::std::string::String =
                    $crate::__private::serde::Deserialize::deserialize(deserializer)?;
                Ok(Self::from(text.as_str()))
            }
        }
    };
}
