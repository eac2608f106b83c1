//! [`string_enum!`](crate::string_enum): the one macro for wire enums, which keep values they do
//! not know.

/// Declares a wire enum whose unknown values are kept in `Unknown(String)`, so a value a provider
/// adds is never a decode failure and is written back exactly as it came.
///
/// The first literal of a variant is its wire spelling, which is what is written; further
/// literals after `|` are accepted spellings that read as the same variant (older names, numeric
/// codes such as Barion's `"40"`). Reading is lenient: an exact match first, then surrounding
/// whitespace ignored and ASCII case ignored; a JSON number is matched by its decimal text, so
/// `40` reads like `"40"`. Strings are read borrowed: only an unknown value allocates, and it
/// emits a `tracing` debug event (target `payments_core::wire_enum`) naming the enum and value.
///
/// Generated: `as_str`, `from_wire`, `is_unknown`, `KNOWN` (every known variant, in order),
/// `From<&str>`, `FromStr` (infallible), `Display`, and serde `Serialize`/`Deserialize` as the
/// wire string.
///
/// ```
/// payments_core::string_enum! {
///     /// A transaction's state.
///     pub enum TransactionState {
///         /// Created, not yet sent to the processor.
///         Initial = "initial" | "inital",
///         /// Accepted by the processor.
///         Settled = "settled" | "40",
///     }
/// }
///
/// let s: TransactionState = serde_json::from_str(r#""inital""#).unwrap();
/// assert_eq!(s, TransactionState::Initial);
/// assert_eq!(s.as_str(), "initial");
/// assert_eq!(serde_json::from_str::<TransactionState>(r#"" SETTLED""#).unwrap(), TransactionState::Settled);
/// assert_eq!(serde_json::from_str::<TransactionState>("40").unwrap(), TransactionState::Settled);
/// let new: TransactionState = serde_json::from_str(r#""disputed""#).unwrap();
/// assert!(new.is_unknown());
/// assert_eq!(new, TransactionState::Unknown("disputed".into()));
/// assert_eq!(serde_json::to_string(&new).unwrap(), r#""disputed""#);
/// assert_eq!(TransactionState::KNOWN.len(), 2);
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
            /// Every value this SDK knows, in declaration order.
            pub const KNOWN: &'static [Self] = &[$( Self::$variant, )*];

            /// The wire spelling of this value.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )*
                    Self::Unknown(s) => s,
                }
            }

            /// `true` for a value this SDK does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown(_))
            }

            /// Reads a wire value: exact spellings first, then ignoring surrounding whitespace
            /// and ASCII case; anything else is kept as [`Self::Unknown`].
            pub fn from_wire(value: &str) -> Self {
                Self::known(value).unwrap_or_else(|| Self::unknown(value.to_owned()))
            }

            fn known(value: &str) -> ::std::option::Option<Self> {
                match value {
                    $( $wire $(| $alias)* => return ::std::option::Option::Some(Self::$variant), )*
                    _ => {}
                }
                let v = value.trim_ascii();
                $(
                    if v.eq_ignore_ascii_case($wire) $(|| v.eq_ignore_ascii_case($alias))* {
                        return ::std::option::Option::Some(Self::$variant);
                    }
                )*
                ::std::option::Option::None
            }

            fn unknown(value: ::std::string::String) -> Self {
                $crate::__private::tracing::debug!(
                    target: "payments_core::wire_enum",
                    r#enum = stringify!($name),
                    value = %value,
                    "unknown wire value kept"
                );
                Self::Unknown(value)
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::from_wire(value)
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from_wire(s))
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
                struct WireVisitor;

                impl $crate::__private::serde::de::Visitor<'_> for WireVisitor {
                    type Value = $name;

                    fn expecting(
                        &self,
                        f: &mut ::std::fmt::Formatter<'_>,
                    ) -> ::std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " as a string or a number"))
                    }

                    fn visit_str<E>(self, v: &str) -> ::std::result::Result<$name, E> {
                        Ok($name::from_wire(v))
                    }

                    fn visit_string<E>(
                        self,
                        v: ::std::string::String,
                    ) -> ::std::result::Result<$name, E> {
                        Ok($name::known(&v).unwrap_or_else(|| $name::unknown(v)))
                    }

                    fn visit_u64<E>(self, v: u64) -> ::std::result::Result<$name, E> {
                        Ok($name::from_wire(&v.to_string()))
                    }

                    fn visit_i64<E>(self, v: i64) -> ::std::result::Result<$name, E> {
                        Ok($name::from_wire(&v.to_string()))
                    }
                }

                deserializer.deserialize_any(WireVisitor)
            }
        }
    };
}

#[cfg(test)]
#[allow(unreachable_pub)]
mod tests {
    crate::string_enum! {
        /// A test enum.
        pub(crate) enum Status {
            /// Paid.
            Succeeded = "Succeeded" | "40",
            /// Cancelled.
            Canceled = "Canceled" | "Cancelled" | "30",
        }
    }

    #[test]
    fn reads_every_spelling_and_keeps_the_rest() {
        for (wire, want) in [
            (r#""Succeeded""#, Status::Succeeded),
            (r#""succeeded""#, Status::Succeeded),
            (r#"" SUCCEEDED ""#, Status::Succeeded),
            ("40", Status::Succeeded),
            (r#""cancelled""#, Status::Canceled),
            ("30", Status::Canceled),
            (r#""Refunded""#, Status::Unknown("Refunded".into())),
            ("-1", Status::Unknown("-1".into())),
        ] {
            assert_eq!(
                serde_json::from_str::<Status>(wire).unwrap(),
                want,
                "{wire}"
            );
        }
        // From an owned string too (a serde_json::Value).
        let v = serde_json::Value::String("Weird".into());
        assert_eq!(
            <Status as serde::Deserialize>::deserialize(v).unwrap(),
            Status::Unknown("Weird".into())
        );
        assert_eq!(
            serde_json::to_string(&Status::Canceled).unwrap(),
            r#""Canceled""#
        );
        assert_eq!(Status::KNOWN, [Status::Succeeded, Status::Canceled]);
        assert!(Status::Unknown("x".into()).is_unknown() && !Status::Canceled.is_unknown());
        assert!(serde_json::from_str::<Status>("true").is_err());
        assert!(serde_json::from_str::<Status>("{}").is_err());
    }
}
