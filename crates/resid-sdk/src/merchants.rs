//! Merchants (payees): `POST /merchants` registers a driver or business and the Sheba its fares
//! are paid to. Register each Sheba once; an account with a single payee can skip this.
//!
//! The phone number, national code and Sheba are checked before anything is sent:
//! [`MobileNumber`] (`09` and 9 digits), [`NationalCode`] (10 digits with the national check
//! digit) and [`Sheba`] (`IR` and 24 digits with the IBAN mod-97 check). Each reads the forms
//! people type: Persian or Arabic-Indic digits, spaces and hyphens between groups.
//!
//! # Encoding
//!
//! Without a logo the request is form-encoded (`first_name=...&last_name=...`). With a
//! [`Logo`] it is `multipart/form-data`, the logo as the file part `logo` after the text fields,
//! as Resid's example uploads it (`-F logo=@file`). The body is encoded to bytes in memory by
//! [`payments_core::multipart::Form`], because the client's transport takes a request body as
//! bytes and so cannot use reqwest's streaming form.
//!
//! Only registration is documented; no other merchant endpoint (read, update, delete) is.

use std::fmt;

use payments_core::multipart::Form;
use payments_core::{InvalidRequest, Request};
use serde::Serialize;

use crate::client::Client;
use crate::error::Result;
use crate::model::merchant::Merchant;

/// ASCII digits for the Persian (`۰`–`۹`) and Arabic-Indic (`٠`–`٩`) ones, without spaces,
/// hyphens and surrounding whitespace.
fn normalize(input: &str) -> String {
    input
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '\u{200c}'))
        .map(|c| {
            let zero = match c {
                '\u{06f0}'..='\u{06f9}' => 0x06f0,
                '\u{0660}'..='\u{0669}' => 0x0660,
                _ => return c,
            };
            char::from_digit(u32::from(c) - zero, 10).unwrap_or(c)
        })
        .collect()
}

fn all_digits(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

/// An Iranian mobile number: `09` and 9 digits (wire `phone_number`, e.g. `09123456789`).
///
/// Also reads `+98 912 345 6789` and `0098...`, and Persian digits (`۰۹۱۲...`); always sent as
/// `09...`.
///
/// ```
/// use resid_sdk::MobileNumber;
///
/// assert_eq!(MobileNumber::new("0912 345 6789").unwrap().as_str(), "09123456789");
/// assert_eq!(MobileNumber::new("+989123456789").unwrap().as_str(), "09123456789");
/// assert_eq!(MobileNumber::new("۰۹۱۲۳۴۵۶۷۸۹").unwrap().as_str(), "09123456789");
/// assert!(MobileNumber::new("02112345678").is_err());
/// assert!(MobileNumber::new("0912345678").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct MobileNumber(String);

impl MobileNumber {
    /// Checks and normalizes `number`.
    pub fn new(number: &str) -> Result<Self, InvalidRequest> {
        let n = normalize(number);
        let local = if let Some(rest) = n.strip_prefix("+98").or_else(|| n.strip_prefix("0098")) {
            format!("0{rest}")
        } else {
            n
        };
        if local.len() == 11 && local.starts_with("09") && all_digits(&local) {
            Ok(Self(local))
        } else {
            Err(InvalidRequest::new(
                "phone_number",
                "must be an Iranian mobile number: 09 and 9 digits",
            ))
        }
    }

    /// The number as sent, `09...`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for MobileNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An Iranian national code (کد ملی; wire `national_no`): 10 digits, the last one the check
/// digit of the first nine.
///
/// The check: `s = Σ dᵢ·(10−i)` over the first nine digits (i = 0..8), `r = s mod 11`; the last
/// digit is `r` when `r < 2`, else `11 − r`. Ten identical digits are refused too (they pass
/// the check but are never issued). Resid's docs give only the shape (10 digits); the check is
/// the one every issued code satisfies, as published by Iranian validation libraries
/// (persian-tools' `verifyIranianNationalId`). The example in Resid's docs, `1234567890`, is a
/// placeholder that fails it.
///
/// ```
/// use resid_sdk::NationalCode;
///
/// assert_eq!(NationalCode::new("0499370899").unwrap().as_str(), "0499370899");
/// assert!(NationalCode::new("0499370898").is_err()); // wrong check digit
/// assert!(NationalCode::new("1111111111").is_err());
/// assert!(NationalCode::new("04993708").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct NationalCode(String);

impl NationalCode {
    /// Checks `code`.
    pub fn new(code: &str) -> Result<Self, InvalidRequest> {
        let c = normalize(code);
        if c.len() != 10 || !all_digits(&c) {
            return Err(InvalidRequest::new("national_no", "must be 10 digits"));
        }
        let d: Vec<u32> = c.bytes().map(|b| u32::from(b - b'0')).collect();
        if d.iter().all(|x| *x == d[0]) {
            return Err(InvalidRequest::new(
                "national_no",
                "cannot be ten identical digits",
            ));
        }
        let sum: u32 = d[..9].iter().zip((2..=10).rev()).map(|(x, w)| x * w).sum();
        let r = sum % 11;
        let check = if r < 2 { r } else { 11 - r };
        if d[9] != check {
            return Err(InvalidRequest::new(
                "national_no",
                "fails the national code's check digit",
            ));
        }
        Ok(Self(c))
    }

    /// The code as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for NationalCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An Iranian IBAN (شبا, Sheba; wire `sheba`): `IR`, two check digits and 22 digits, 26
/// characters, with a valid IBAN check (ISO 13616 mod 97).
///
/// Reads `ir` in any case and groups separated by spaces or hyphens; sent as `IR` and 24
/// digits. The example in Resid's docs, `IR123456789012345678901234`, is a placeholder that
/// fails the check.
///
/// ```
/// use resid_sdk::Sheba;
///
/// let sheba = Sheba::new("IR06 2960 0000 0010 0324 2000 01").unwrap();
/// assert_eq!(sheba.as_str(), "IR062960000000100324200001");
/// assert!(Sheba::new("IR072960000000100324200001").is_err()); // check digits
/// assert!(Sheba::new("IR12345").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Sheba(String);

impl Sheba {
    /// Checks and normalizes `iban`.
    pub fn new(iban: &str) -> Result<Self, InvalidRequest> {
        let s = normalize(iban).to_ascii_uppercase();
        let digits = s.strip_prefix("IR").unwrap_or_default();
        if s.len() != 26 || !s.starts_with("IR") || !all_digits(digits) {
            return Err(InvalidRequest::new(
                "sheba",
                "must be IR and 24 digits (26 characters)",
            ));
        }
        // ISO 13616: the BBAN, then the country code as numbers (I = 18, R = 27), then the
        // check digits, read as one number, leave 1 modulo 97.
        let rearranged = digits[2..]
            .bytes()
            .chain(*b"1827")
            .chain(digits[..2].bytes());
        let remainder = rearranged.fold(0u32, |acc, b| (acc * 10 + u32::from(b - b'0')) % 97);
        if remainder != 1 {
            return Err(InvalidRequest::new(
                "sheba",
                "fails the IBAN check (mod 97)",
            ));
        }
        Ok(Self(s))
    }

    /// The Sheba as sent, `IR` and 24 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Sheba {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The merchant's profile image (wire `logo`), uploaded as the file part of a
/// `multipart/form-data` request. `Debug` shows its size, not its bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct Logo {
    file_name: String,
    content_type: String,
    bytes: Vec<u8>,
}

impl fmt::Debug for Logo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Logo")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

impl Logo {
    /// An image named `file_name` of media type `content_type` (e.g. `image/png`).
    ///
    /// Checked when sent: a non-empty name without `"`, `\` or line breaks; a `type/subtype`
    /// media type; at least one byte. Resid documents no size or format limit.
    pub fn new(
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        bytes: impl Into<Vec<u8>>,
    ) -> Self {
        Self {
            file_name: file_name.into(),
            content_type: content_type.into(),
            bytes: bytes.into(),
        }
    }

    /// A PNG image.
    pub fn png(file_name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self::new(file_name, "image/png", bytes)
    }

    /// A JPEG image.
    pub fn jpeg(file_name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self::new(file_name, "image/jpeg", bytes)
    }

    /// The file name sent.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The media type sent.
    pub fn content_type(&self) -> &str {
        &self.content_type
    }

    /// The image's bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    fn validate(&self) -> Result<(), InvalidRequest> {
        let name = &self.file_name;
        if name.trim().is_empty()
            || name
                .chars()
                .any(|c| c.is_control() || c == '"' || c == '\\')
        {
            return Err(InvalidRequest::new(
                "logo.file_name",
                "must be non-empty, without quotes, backslashes or control characters",
            ));
        }
        let token = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b))
        };
        let valid_type = self
            .content_type
            .split_once('/')
            .is_some_and(|(t, sub)| token(t) && token(sub));
        if !valid_type {
            return Err(InvalidRequest::new(
                "logo.content_type",
                "must be a media type such as image/png",
            ));
        }
        if self.bytes.is_empty() {
            return Err(InvalidRequest::new("logo", "is empty"));
        }
        Ok(())
    }
}

/// Body of `POST /merchants`: a payee and the Sheba its fares are paid to.
///
/// ```
/// use resid_sdk::{Logo, MobileNumber, NationalCode, RegisterMerchant, Sheba};
///
/// # fn main() -> Result<(), payments_core::InvalidRequest> {
/// let request = RegisterMerchant::new(
///     "Asghar",
///     "Farhadi",
///     MobileNumber::new("09123456789")?,
///     NationalCode::new("0499370899")?,
///     Sheba::new("IR062960000000100324200001")?,
///     0,
/// )
/// .job_title("Programmer")
/// .logo(Logo::png("asghar.png", vec![0x89, b'P', b'N', b'G']));
/// assert_eq!(request.bank_code, 0);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RegisterMerchant {
    /// Wire `first_name` (required, non-empty).
    pub first_name: String,
    /// Wire `last_name` (required, non-empty).
    pub last_name: String,
    /// Wire `phone_number`.
    pub phone_number: MobileNumber,
    /// Wire `national_no`.
    pub national_no: NationalCode,
    /// Wire `sheba`: where the fares are paid.
    pub sheba: Sheba,
    /// Wire `bank_code`: the bank's code (Resid's example: `0`; the code list is not
    /// documented).
    pub bank_code: u32,
    /// Wire `job_title` (Resid's default `""`).
    pub job_title: Option<String>,
    /// Wire `logo`: the profile image (default: none); makes the request multipart.
    pub logo: Option<Logo>,
}

impl RegisterMerchant {
    /// A merchant with every required field.
    pub fn new(
        first_name: impl Into<String>,
        last_name: impl Into<String>,
        phone_number: MobileNumber,
        national_no: NationalCode,
        sheba: Sheba,
        bank_code: u32,
    ) -> Self {
        Self {
            first_name: first_name.into(),
            last_name: last_name.into(),
            phone_number,
            national_no,
            sheba,
            bank_code,
            job_title: None,
            logo: None,
        }
    }

    /// Sets the job title (wire `job_title`).
    pub fn job_title(mut self, job_title: impl Into<String>) -> Self {
        self.job_title = Some(job_title.into());
        self
    }

    /// Uploads a profile image (wire `logo`).
    pub fn logo(mut self, logo: Logo) -> Self {
        self.logo = Some(logo);
        self
    }

    fn validate(&self) -> Result<(), InvalidRequest> {
        if self.first_name.trim().is_empty() {
            return Err(InvalidRequest::new("first_name", "is empty"));
        }
        if self.last_name.trim().is_empty() {
            return Err(InvalidRequest::new("last_name", "is empty"));
        }
        if let Some(logo) = &self.logo {
            logo.validate()?;
        }
        Ok(())
    }

    /// The text fields in Resid's order, as sent in either encoding.
    fn fields(&self) -> MerchantForm<'_> {
        MerchantForm {
            first_name: &self.first_name,
            last_name: &self.last_name,
            phone_number: self.phone_number.as_str(),
            national_no: self.national_no.as_str(),
            sheba: self.sheba.as_str(),
            bank_code: self.bank_code,
            job_title: self.job_title.as_deref(),
        }
    }
}

/// The text fields of `POST /merchants`, in Resid's order.
#[derive(Serialize)]
struct MerchantForm<'a> {
    first_name: &'a str,
    last_name: &'a str,
    phone_number: &'a str,
    national_no: &'a str,
    sheba: &'a str,
    bank_code: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    job_title: Option<&'a str>,
}

impl MerchantForm<'_> {
    fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = vec![
            ("first_name", self.first_name.to_owned()),
            ("last_name", self.last_name.to_owned()),
            ("phone_number", self.phone_number.to_owned()),
            ("national_no", self.national_no.to_owned()),
            ("sheba", self.sheba.to_owned()),
            ("bank_code", self.bank_code.to_string()),
        ];
        if let Some(title) = self.job_title {
            out.push(("job_title", title.to_owned()));
        }
        out
    }
}

/// `fields` then `logo` as a `multipart/form-data` form.
fn multipart(fields: &[(&'static str, String)], logo: &Logo) -> Form {
    let form = fields.iter().fold(Form::new(), |form, (name, value)| {
        form.text(*name, value.as_str())
    });
    form.file(
        "logo",
        logo.file_name.as_str(),
        logo.content_type.as_str(),
        logo.bytes.clone(),
    )
}

impl Client {
    /// `POST /merchants`: registers a payee bound to a Sheba; returns Resid's echo of it, whose
    /// [`identifier`](Merchant::identifier) is the `merchant` of [`CreatePayment`](crate::CreatePayment).
    ///
    /// Form-encoded, or `multipart/form-data` when a [`Logo`] is set. Never repeated
    /// automatically (Resid offers no way to deduplicate it, and no way to look a merchant up:
    /// after a timeout, registering the same Sheba again is the only check, and Resid's answer
    /// to a duplicate is not documented). Refused before sending: an empty first or last name, a
    /// malformed logo; a malformed phone number, national code or Sheba cannot be made.
    ///
    /// ```no_run
    /// # async fn run(client: resid_sdk::Client) -> resid_sdk::Result<()> {
    /// use resid_sdk::{MobileNumber, NationalCode, RegisterMerchant, Sheba};
    ///
    /// let request = RegisterMerchant::new(
    ///     "Asghar",
    ///     "Farhadi",
    ///     MobileNumber::new("09123456789")?,
    ///     NationalCode::new("0499370899")?,
    ///     Sheba::new("IR062960000000100324200001")?,
    ///     0,
    /// );
    /// let merchant = client.register_merchant(&request).await?;
    /// println!("merchant id: {:?}", merchant.identifier());
    /// # Ok(()) }
    /// ```
    pub async fn register_merchant(&self, request: &RegisterMerchant) -> Result<Merchant> {
        request.validate()?;
        let fields = request.fields();
        let http = Request::post("/merchants").operation("register_merchant");
        let http = match &request.logo {
            None => http.form(&fields)?,
            Some(logo) => http.multipart(&multipart(&fields.pairs(), logo)),
        };
        self.call(http).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_codes_need_the_check_digit() {
        for ok in ["0499370899", "0790419904", "0084575948", "۰۴۹۹۳۷۰۸۹۹"] {
            assert!(NationalCode::new(ok).is_ok(), "{ok}");
        }
        for bad in [
            "1234567890",
            "0000000000",
            "049937089",
            "04993708990",
            "049937089x",
        ] {
            assert!(NationalCode::new(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn shebas_need_the_iban_check() {
        assert!(Sheba::new("ir06-2960-0000-0010-0324-2000-01").is_ok());
        for bad in [
            "IR123456789012345678901234",
            "IR06296000000010032420000",
            "DE062960000000100324200001",
            "IR0629600000001003242000a1",
        ] {
            assert!(Sheba::new(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_multipart_body_has_every_field_then_the_logo() {
        let fields = vec![
            ("first_name", "Asghar".to_owned()),
            ("bank_code", "0".to_owned()),
        ];
        let logo = Logo::png("a.png", b"\x89PNG".to_vec());
        let (content_type, body) = multipart(&fields, &logo).encode();
        let content_type = content_type.to_str().unwrap();
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap();
        assert_eq!(boundary.len(), 40);
        let expected = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"first_name\"\r\n\r\nAsghar\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"bank_code\"\r\n\r\n0\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"logo\"; filename=\"a.png\"\r\n\
             Content-Type: image/png\r\n\r\n"
        );
        let mut want = expected.into_bytes();
        want.extend_from_slice(b"\x89PNG\r\n");
        want.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        assert_eq!(body, want);
    }

    #[test]
    fn logos_are_checked() {
        assert!(Logo::png("a.png", vec![1]).validate().is_ok());
        assert!(Logo::png("a\".png", vec![1]).validate().is_err());
        assert!(Logo::png("a\r\n.png", vec![1]).validate().is_err());
        assert!(Logo::png("", vec![1]).validate().is_err());
        assert!(Logo::new("a.png", "image", vec![1]).validate().is_err());
        assert!(
            Logo::new("a.png", "image/png; x=\"", vec![1])
                .validate()
                .is_err()
        );
        assert!(Logo::png("a.png", Vec::new()).validate().is_err());
    }
}
