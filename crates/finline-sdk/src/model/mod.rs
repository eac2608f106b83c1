//! Wire types of the Financial Line (Tranzzo) API: enums, timestamps, operations, products.
//!
//! Every enum keeps values this SDK does not know in an `Unknown(String)` variant, so a new
//! value on the wire is never a decode failure, and it is written back exactly as it came.

/// Defines a string enum that keeps unknown values (`Unknown(String)`), with `as_str`,
/// `From<&str>`, `Display` and serde impls writing the wire string.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this SDK does not know, kept exactly as sent.
            Unknown(String),
        }

        impl $name {
            /// The wire string.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )*
                    Self::Unknown(other) => other,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $wire => Self::$variant, )*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <String as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(text.as_str()))
            }
        }
    };
}

mod enums;
mod operation;
pub(crate) mod payment;
mod product;

pub use enums::{ErrorCode, Method, Mode, PriceType, Status, StatusCode, ThreeDsBypass};
pub use operation::{Fee, FeeAmount, Operation, Order, Timestamp};
pub use payment::{HostedPayment, RedirectSource};
pub use product::Product;
