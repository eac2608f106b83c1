//! [`Form`]: a `multipart/form-data` body (RFC 7578) encoded to bytes, for a transport that takes
//! the body as bytes.
//!
//! Written here rather than taken from a crate: reqwest's form is a stream our pluggable
//! transport cannot take, and the encoders on crates.io each bring `rand` 0.8 and older majors of
//! `syn`/`thiserror`/`base64` (about 13 s of extra compile time measured on a 2-core machine, a
//! third of a provider crate's whole build) for what is a boundary and a few header lines.
//!
//! ```
//! use payments_core::multipart::Form;
//! let form = Form::new()
//!     .text("first_name", "Asghar")
//!     .file("logo", "logo.png", "image/png", vec![0x89, b'P', b'N', b'G']);
//! let (content_type, body) = form.encode();
//! let ct = content_type.to_str().unwrap();
//! let boundary = ct.strip_prefix("multipart/form-data; boundary=").unwrap();
//! let text = String::from_utf8_lossy(&body);
//! assert!(text.starts_with(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"first_name\"\r\n\r\nAsghar\r\n")));
//! assert!(text.ends_with(&format!("--{boundary}--\r\n")));
//! ```

use bytes::Bytes;
use http::HeaderValue;

/// One part of a form.
#[derive(Clone)]
struct Part {
    name: String,
    filename: Option<String>,
    content_type: Option<String>,
    data: Bytes,
}

/// A `multipart/form-data` form: text fields and files, in order. `Debug` shows the parts'
/// names and sizes, never their contents.
#[derive(Clone, Default)]
pub struct Form {
    parts: Vec<Part>,
}

impl std::fmt::Debug for Form {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<(&str, usize)> = self
            .parts
            .iter()
            .map(|p| (p.name.as_str(), p.data.len()))
            .collect();
        f.debug_struct("Form").field("parts", &parts).finish()
    }
}

impl Form {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a text field.
    pub fn text(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parts.push(Part {
            name: name.into(),
            filename: None,
            content_type: None,
            data: Bytes::from(value.into()),
        });
        self
    }

    /// Adds a file: its field name, file name, media type and bytes.
    pub fn file(
        mut self,
        name: impl Into<String>,
        filename: impl Into<String>,
        content_type: impl Into<String>,
        data: impl Into<Bytes>,
    ) -> Self {
        self.parts.push(Part {
            name: name.into(),
            filename: Some(filename.into()),
            content_type: Some(content_type.into()),
            data: data.into(),
        });
        self
    }

    /// The `Content-Type` header (with its boundary) and the encoded body.
    ///
    /// The boundary is 40 random alphanumerics, drawn again in the unlikely case a part
    /// contains it. Names and file names are quoted with `"`, CR and LF percent-encoded, as
    /// browsers do (RFC 7578 §4.2); a media type is sent as given, stripped of CR and LF.
    pub fn encode(&self) -> (HeaderValue, Bytes) {
        let boundary = loop {
            let b: String = std::iter::repeat_with(fastrand::alphanumeric)
                .take(40)
                .collect();
            if !self.parts.iter().any(|p| contains(&p.data, b.as_bytes())) {
                break b;
            }
        };
        let mut out = Vec::with_capacity(
            self.parts
                .iter()
                .map(|p| p.data.len() + p.name.len() + 160)
                .sum::<usize>()
                + 64,
        );
        for p in &self.parts {
            out.extend_from_slice(b"--");
            out.extend_from_slice(boundary.as_bytes());
            out.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
            out.extend_from_slice(quote(&p.name).as_bytes());
            out.push(b'"');
            if let Some(f) = &p.filename {
                out.extend_from_slice(b"; filename=\"");
                out.extend_from_slice(quote(f).as_bytes());
                out.push(b'"');
            }
            out.extend_from_slice(b"\r\n");
            if let Some(ct) = &p.content_type {
                out.extend_from_slice(b"Content-Type: ");
                out.extend_from_slice(ct.replace(['\r', '\n'], "").as_bytes());
                out.extend_from_slice(b"\r\n");
            }
            out.extend_from_slice(b"\r\n");
            out.extend_from_slice(&p.data);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"--");
        out.extend_from_slice(boundary.as_bytes());
        out.extend_from_slice(b"--\r\n");
        // The boundary is alphanumeric: always a valid header value.
        let content_type =
            HeaderValue::from_str(&format!("multipart/form-data; boundary={boundary}"))
                .unwrap_or_else(|_| HeaderValue::from_static("multipart/form-data"));
        (content_type, Bytes::from(out))
    }
}

fn quote(s: &str) -> String {
    s.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_framed_by_the_boundary_and_names_are_quoted_safely() {
        let (ct, body) = Form::new()
            .text("a\"b", "x\r\ny")
            .file(
                "logo",
                "my \"logo\".png",
                "image/png\r\nx-evil: 1",
                &b"\x00\xff"[..],
            )
            .encode();
        let ct = ct.to_str().unwrap();
        let boundary = ct.strip_prefix("multipart/form-data; boundary=").unwrap();
        assert_eq!(boundary.len(), 40);
        let expected = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"a%22b\"\r\n\r\nx\r\ny\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"logo\"; filename=\"my %22logo%22.png\"\r\n\
             Content-Type: image/pngx-evil: 1\r\n\r\n"
        );
        assert!(
            body.starts_with(expected.as_bytes()),
            "{}",
            String::from_utf8_lossy(&body)
        );
        let mut tail = b"\x00\xff\r\n--".to_vec();
        tail.extend_from_slice(boundary.as_bytes());
        tail.extend_from_slice(b"--\r\n");
        assert!(body.ends_with(&tail));
        assert!(!format!("{:?}", Form::new().text("k", "secret")).contains("secret"));
    }
}
