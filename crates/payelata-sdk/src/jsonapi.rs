//! The small JSON:API layer Payelata's API speaks: documents, resources, relationships, links.
//!
//! Every answer is a document `{"data": {...}}` (or `{"data": [...]}` for a list) whose resource
//! has a `type`, an `id`, `attributes`, `relationships` and `links`. This module reads them into
//! [`Document`], [`ListDocument`] and [`Resource`], generic over the attributes type, and writes
//! request documents so callers never build `{"data":{"type":...}}` by hand.
//!
//! The resource `type` is checked on decode, before the attributes are read: a `refunds`
//! document where a `payment-invoices` one was expected is a decode error at `data.type` naming
//! both. Each attributes type names its `type` through [`Attributes::TYPE`] (and
//! [`Attributes::ALIASES`] for spellings a white-label sends, such as the singular
//! `payout-invoice`). When a resource lists `attributes` before `type` (no sample does), the
//! attributes are held as raw JSON until the type is known, then read.
//!
//! A resource's `type` and `id` (its key) are required; everything else reads leniently:
//! missing or `null` attributes, relationships, links and `meta` read as empty, a relationship's
//! `data` may be `null`, one identifier or a list, and a link object is kept as its JSON text.
//!
//! ```
//! use payelata_sdk::PaymentInvoice;
//! use payelata_sdk::jsonapi::Document;
//!
//! let body = r#"{"data":{"type":"refunds","id":"ref_1","attributes":{}}}"#;
//! let e = serde_json::from_str::<Document<PaymentInvoice>>(body).unwrap_err();
//! assert!(e.to_string().contains("expected a `payment-invoices` resource, found `refunds`"));
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use payments_core::Lenient;
use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::model::customer::Customer;
use crate::model::payment_request::PaymentRequest;
use crate::object::{Nested, Plain, wire_object};
use crate::wire::PhpObject;

/// An attributes type of one resource `type`: the marker the type check reads.
///
/// Implemented by every attributes type of this crate ([`PaymentInvoice`](crate::PaymentInvoice),
/// [`Refund`](crate::Refund), [`PayoutInvoice`](crate::PayoutInvoice), ...); implement it for your
/// own type to read a resource this crate does not model.
pub trait Attributes: DeserializeOwned + Default {
    /// The resource `type` these attributes belong to, e.g. `"payment-invoices"`.
    const TYPE: &'static str;
    /// Other spellings of the type that read as these attributes (default: none).
    const ALIASES: &'static [&'static str] = &[];
}

/// What a [`Resource`] needs of its attributes type: which `type`s it accepts and how to read
/// the attributes of each.
///
/// Every [`Attributes`] type is one (for its `TYPE` and `ALIASES`); enums that read several
/// types (a callback, an `included` resource) implement it by hand.
pub trait ResourceKind: Sized {
    /// The accepted types, as an error message names them (e.g. `` `payment-invoices` ``).
    fn expected() -> String;
    /// Whether a resource of type `kind` reads as `Self`.
    fn accepts(kind: &str) -> bool;
    /// Reads the attributes of a resource of type `kind` (one [`accepts`](Self::accepts) took).
    fn deserialize_attributes<'de, D: Deserializer<'de>>(
        kind: &str,
        deserializer: D,
    ) -> Result<Self, D::Error>;
    /// The attributes of a resource of type `kind` that has none (missing or `null`).
    fn empty(kind: &str) -> Self;
}

impl<A: Attributes> ResourceKind for A {
    fn expected() -> String {
        let mut s = format!("`{}`", A::TYPE);
        for alias in A::ALIASES {
            s.push_str(" or `");
            s.push_str(alias);
            s.push('`');
        }
        s
    }

    fn accepts(kind: &str) -> bool {
        kind == A::TYPE || A::ALIASES.contains(&kind)
    }

    fn deserialize_attributes<'de, D: Deserializer<'de>>(
        _kind: &str,
        deserializer: D,
    ) -> Result<Self, D::Error> {
        A::deserialize(deserializer)
    }

    fn empty(_kind: &str) -> Self {
        A::default()
    }
}

/// A JSON:API document holding one resource: `{"data": {...}, "included": [...]}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(bound(deserialize = "A: ResourceKind"))]
#[non_exhaustive]
pub struct Document<A> {
    /// Wire `data`: the primary resource.
    pub data: Resource<A>,
    /// Wire `included`: related resources sent along (callbacks may carry the `customers` and
    /// `payment-requests` resources); `null` or missing reads as empty.
    #[serde(
        default,
        deserialize_with = "serde_with::As::<serde_with::DefaultOnNull>::deserialize"
    )]
    pub included: Vec<Resource<Included>>,
    /// Wire `links` of the document.
    #[serde(default)]
    pub links: Option<Links>,
    /// Wire `meta` of the document; `[]` or `null` reads as empty.
    #[serde(default, deserialize_with = "serde_with::As::<PhpObject>::deserialize")]
    pub meta: BTreeMap<String, serde_json::Value>,
}

/// A JSON:API document holding a list: `{"data": [...], "links": {...}, "meta": {...}}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(bound(deserialize = "A: ResourceKind"))]
#[non_exhaustive]
pub struct ListDocument<A> {
    /// Wire `data`: the resources of this page; `null` or missing reads as empty.
    #[serde(
        default,
        deserialize_with = "serde_with::As::<serde_with::DefaultOnNull>::deserialize"
    )]
    pub data: Vec<Resource<A>>,
    /// Wire `included`: related resources sent along.
    #[serde(
        default,
        deserialize_with = "serde_with::As::<serde_with::DefaultOnNull>::deserialize"
    )]
    pub included: Vec<Resource<Included>>,
    /// Wire `links` of the list (`next` when there is a further page; layout unconfirmed).
    #[serde(default)]
    pub links: Option<Links>,
    /// Wire `meta` of the list (totals, page numbers; layout unconfirmed).
    #[serde(default, deserialize_with = "serde_with::As::<PhpObject>::deserialize")]
    pub meta: BTreeMap<String, serde_json::Value>,
}

/// One JSON:API resource: its `type`, `id`, attributes `A`, relationships and links.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Resource<A> {
    /// Wire `type`, as sent (checked against what `A` accepts).
    pub kind: String,
    /// Wire `id`, e.g. `cpi_ADzwZTG99f3q3utQ`: the resource's key, required.
    pub id: String,
    /// Wire `attributes`; missing or `null` reads as empty attributes. Boxed: an invoice's
    /// attributes are large, and a resource is moved through every layer of a decode.
    pub attributes: Box<A>,
    /// Wire `relationships`; missing or `null` reads as none.
    pub relationships: Relationships,
    /// Wire `links` (`self` is `/api/payment-invoices/cpi_...`; a refund's lacks `/api`).
    pub links: Links,
    /// Wire `meta` of the resource; `[]` or `null` reads as empty.
    pub meta: BTreeMap<String, serde_json::Value>,
}

impl<A> Resource<A> {
    /// The same resource with its attributes mapped by `f`.
    pub fn map<B>(self, f: impl FnOnce(A) -> B) -> Resource<B> {
        Resource {
            kind: self.kind,
            id: self.id,
            attributes: Box::new(f(*self.attributes)),
            relationships: self.relationships,
            links: self.links,
            meta: self.meta,
        }
    }
}

impl<'de, A: ResourceKind> Deserialize<'de> for Resource<A> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ResourceVisitor(PhantomData))
    }
}

/// The members of a resource object.
enum Member {
    Type,
    Id,
    Attributes,
    Relationships,
    Links,
    Meta,
    Other,
}

impl<'de> Deserialize<'de> for Member {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MemberVisitor;
        impl Visitor<'_> for MemberVisitor {
            type Value = Member;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a resource member name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Member, E> {
                Ok(match v {
                    "type" => Member::Type,
                    "id" => Member::Id,
                    "attributes" => Member::Attributes,
                    "relationships" => Member::Relationships,
                    "links" => Member::Links,
                    "meta" => Member::Meta,
                    _ => Member::Other,
                })
            }
        }
        d.deserialize_identifier(MemberVisitor)
    }
}

struct ResourceVisitor<A>(PhantomData<A>);

impl<'de, A: ResourceKind> Visitor<'de> for ResourceVisitor<A> {
    type Value = Resource<A>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a JSON:API resource of type {}", A::expected())
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Resource<A>, M::Error> {
        let mut kind: Option<String> = None;
        let mut id: Option<String> = None;
        let mut attributes: Option<Box<A>> = None;
        // Attributes that came before `type`, held until the type is known.
        let mut pending: Option<Box<RawValue>> = None;
        let mut relationships: Option<Relationships> = None;
        let mut links: Option<Links> = None;
        let mut meta = BTreeMap::new();
        while let Some(member) = map.next_key::<Member>()? {
            match member {
                Member::Type => kind = Some(map.next_value_seed(TypeSeed::<A>(PhantomData))?),
                Member::Id => id = Some(map.next_value()?),
                Member::Attributes => match &kind {
                    Some(k) => {
                        attributes =
                            Some(Box::new(map.next_value_seed(AttributesSeed::<A>::new(k))?));
                    }
                    None => pending = Some(map.next_value()?),
                },
                Member::Relationships => relationships = map.next_value()?,
                Member::Links => links = map.next_value()?,
                Member::Meta => {
                    meta = map
                        .next_value::<serde_with::de::DeserializeAsWrap<_, PhpObject>>()?
                        .into_inner();
                }
                Member::Other => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        let kind = kind.ok_or_else(|| de::Error::missing_field("type"))?;
        let id = id.ok_or_else(|| de::Error::missing_field("id"))?;
        let attributes = match (attributes, pending) {
            (Some(a), _) => a,
            (None, Some(raw)) => {
                let mut de = serde_json::Deserializer::from_str(raw.get());
                Box::new(
                    AttributesSeed::<A>::new(&kind)
                        .deserialize(&mut de)
                        .map_err(|e| de::Error::custom(format_args!("in `attributes`: {e}")))?,
                )
            }
            (None, None) => Box::new(A::empty(&kind)),
        };
        Ok(Resource {
            kind,
            id,
            attributes,
            relationships: relationships.unwrap_or_default(),
            links: links.unwrap_or_default(),
            meta,
        })
    }
}

/// Reads `type` and refuses one `A` does not accept (so the error's path is `data.type`).
struct TypeSeed<A>(PhantomData<A>);

impl<'de, A: ResourceKind> DeserializeSeed<'de> for TypeSeed<A> {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        let kind = String::deserialize(d)?;
        if A::accepts(&kind) {
            Ok(kind)
        } else {
            Err(de::Error::custom(format_args!(
                "expected a {} resource, found `{kind}`",
                A::expected()
            )))
        }
    }
}

/// Reads the attributes of a resource of a known type; `null` reads as empty attributes.
struct AttributesSeed<'k, A> {
    kind: &'k str,
    marker: PhantomData<A>,
}

impl<'k, A> AttributesSeed<'k, A> {
    fn new(kind: &'k str) -> Self {
        Self {
            kind,
            marker: PhantomData,
        }
    }
}

impl<'de, A: ResourceKind> DeserializeSeed<'de> for AttributesSeed<'_, A> {
    type Value = A;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<A, D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de, A: ResourceKind> Visitor<'de> for AttributesSeed<'_, A> {
    type Value = A;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the attributes of a `{}` resource", self.kind)
    }

    fn visit_none<E: de::Error>(self) -> Result<A, E> {
        Ok(A::empty(self.kind))
    }

    fn visit_unit<E: de::Error>(self) -> Result<A, E> {
        Ok(A::empty(self.kind))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<A, D::Error> {
        A::deserialize_attributes(self.kind, d)
    }
}

/// Wire `relationships` of a resource: the ones Payelata documents, typed; the rest as sent.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Relationships {
    /// Wire `payment-service`: type `payment-services`, id = the service code
    /// (`payment_card_usd_hpp`).
    pub payment_service: Option<Relationship>,
    /// Wire `payment-method`: type `payment-methods`, id e.g. `payment_card`.
    pub payment_method: Option<Relationship>,
    /// Wire `customer`: type `customers`, id `cus_...` (only when a customer was given).
    pub customer: Option<Relationship>,
    /// Every other relationship, as sent (and one of the above that is not an object).
    pub other: BTreeMap<String, serde_json::Value>,
}

wire_object!(Relationships, "a resource's relationships", others: other {
    payment_service: Nested<Relationship> = "payment-service",
    payment_method: Nested<Relationship> = "payment-method",
    customer: Nested<Relationship> = "customer",
});

impl Relationships {
    /// The payment service code (`payment-service` id).
    pub fn payment_service_id(&self) -> Option<&str> {
        self.payment_service.as_ref().and_then(Relationship::id)
    }

    /// The payment method (`payment-method` id), e.g. `payment_card`.
    pub fn payment_method_id(&self) -> Option<&str> {
        self.payment_method.as_ref().and_then(Relationship::id)
    }

    /// The customer id (`customer` id), `cus_...`.
    pub fn customer_id(&self) -> Option<&str> {
        self.customer.as_ref().and_then(Relationship::id)
    }
}

/// One relationship: `{"data": {"type": ..., "id": ...}}`.
#[derive(Debug, Clone, Default, Deserialize)]
#[non_exhaustive]
pub struct Relationship {
    /// Wire `data`: the linked resource(s), or none.
    #[serde(default)]
    pub data: Linkage,
    /// Wire `links` of the relationship.
    #[serde(default)]
    pub links: Option<Links>,
}

impl Relationship {
    /// The id of the one linked resource.
    pub fn id(&self) -> Option<&str> {
        match &self.data {
            Linkage::One(r) => r.id.as_deref(),
            Linkage::Empty | Linkage::Many(_) => None,
        }
    }
}

/// A relationship's `data`: `null`, one identifier, or a list of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Linkage {
    /// `null` or missing.
    #[default]
    Empty,
    /// A to-one link.
    One(ResourceIdentifier),
    /// A to-many link.
    Many(Vec<ResourceIdentifier>),
}

impl<'de> Deserialize<'de> for Linkage {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct LinkageVisitor;
        impl<'de> Visitor<'de> for LinkageVisitor {
            type Value = Linkage;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("null, a resource identifier or a list of them")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Linkage, E> {
                Ok(Linkage::Empty)
            }
            fn visit_none<E: de::Error>(self) -> Result<Linkage, E> {
                Ok(Linkage::Empty)
            }
            fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<Linkage, M::Error> {
                ResourceIdentifier::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(Linkage::One)
            }
            fn visit_seq<S: de::SeqAccess<'de>>(self, seq: S) -> Result<Linkage, S::Error> {
                Vec::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(Linkage::Many)
            }
        }
        d.deserialize_any(LinkageVisitor)
    }
}

/// A resource identifier: `{"type": "customers", "id": "cus_..."}` (both read leniently).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ResourceIdentifier {
    /// Wire `type`, e.g. `payment-services`.
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    /// Wire `id`, e.g. `payment_card_usd_hpp`.
    #[serde(default)]
    pub id: Option<String>,
}

/// Wire `links`: URLs as strings (a link object is kept raw as its JSON text).
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Links {
    /// Wire `self`, e.g. `/api/payment-invoices/cpi_...`.
    pub self_link: Option<Lenient<String>>,
    /// Wire `next`: the next page of a list.
    pub next: Option<Lenient<String>>,
    /// Every other link, as sent.
    pub other: BTreeMap<String, serde_json::Value>,
}

wire_object!(Links, "links", others: other {
    self_link: Plain<Lenient<String>> = "self",
    next: Plain<Lenient<String>> = "next",
});

impl Links {
    /// The `self` link as a string.
    pub fn self_href(&self) -> Option<&str> {
        self.self_link
            .as_ref()
            .and_then(Lenient::parsed)
            .map(String::as_str)
    }

    /// The `next` link as a string.
    pub fn next_href(&self) -> Option<&str> {
        self.next
            .as_ref()
            .and_then(Lenient::parsed)
            .map(String::as_str)
    }
}

/// A resource in a document's `included`: the customer and payment-request resources this crate
/// models (fields unconfirmed), any other type with its attributes as sent.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Included {
    /// Type `customers`.
    Customer(Customer),
    /// Type `payment-requests` (statuses and resolutions may be upper case: `CHARGED_BACK`).
    PaymentRequest(PaymentRequest),
    /// Any other type: its attributes as sent.
    Other(BTreeMap<String, serde_json::Value>),
}

impl ResourceKind for Included {
    fn expected() -> String {
        "any".into()
    }

    fn accepts(_kind: &str) -> bool {
        true
    }

    fn deserialize_attributes<'de, D: Deserializer<'de>>(
        kind: &str,
        deserializer: D,
    ) -> Result<Self, D::Error> {
        Ok(match kind {
            Customer::TYPE => Self::Customer(Customer::deserialize(deserializer)?),
            PaymentRequest::TYPE => {
                Self::PaymentRequest(PaymentRequest::deserialize(deserializer)?)
            }
            _ => Self::Other(serde_with::As::<PhpObject>::deserialize(deserializer)?),
        })
    }

    fn empty(kind: &str) -> Self {
        match kind {
            Customer::TYPE => Self::Customer(Customer::default()),
            PaymentRequest::TYPE => Self::PaymentRequest(PaymentRequest::default()),
            _ => Self::Other(BTreeMap::new()),
        }
    }
}

/// A request document: `{"data":{"type":..., "attributes":{...}}}`.
#[derive(Serialize)]
pub(crate) struct Outgoing<'a, A: Serialize> {
    data: OutgoingResource<'a, A>,
}

#[derive(Serialize)]
struct OutgoingResource<'a, A: Serialize> {
    #[serde(rename = "type")]
    kind: &'static str,
    attributes: &'a A,
}

/// The request document of type `kind` carrying `attributes`.
pub(crate) fn document<'a, A: Serialize>(kind: &'static str, attributes: &'a A) -> Outgoing<'a, A> {
    Outgoing {
        data: OutgoingResource { kind, attributes },
    }
}
