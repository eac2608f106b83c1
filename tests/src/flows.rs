//! The person paying, played by a test: opens a payer page a provider handed out, checks that it
//! is an HTML page with a form, and posts that form's fields (as a browser would) with the
//! button the payer clicks. Nothing here knows a provider: every form is read from its page.

use std::fmt::Write as _;
use std::time::Duration;

use payments_core::http::{self, HeaderMap, HeaderValue, Method};
use payments_core::{HttpRequest, HttpTransport, ReqwestTransport};

/// A browser without JavaScript: GETs pages and POSTs their forms, never follows redirects.
#[derive(Debug, Clone)]
pub struct Payer {
    transport: ReqwestTransport,
}

/// A payer page: an HTML answer holding one form.
#[derive(Debug, Clone)]
pub struct PayerPage {
    /// The URL the page was read from.
    pub url: String,
    /// The whole HTML text.
    pub html: String,
    /// Its form.
    pub form: HtmlForm,
}

/// A form as a browser reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlForm {
    /// The `method` attribute, lower case (`post` when missing).
    pub method: String,
    /// The `action` attribute, resolved against the page URL.
    pub action: String,
    /// Every named `<input>` (hidden and visible) with its value, in page order.
    pub fields: Vec<(String, String)>,
    /// The `value` of every `<button>` named `action`, in page order.
    pub buttons: Vec<String>,
}

/// What the server answered to a submitted form.
#[derive(Debug, Clone)]
pub struct PayerAnswer {
    /// The HTTP status.
    pub status: u16,
    /// The `Location` header, if any.
    pub location: Option<String>,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The body as text.
    pub body: String,
}

impl PayerAnswer {
    /// The `Location` of a `303 See Other`.
    ///
    /// # Panics
    /// When the answer is not a `303` with a `Location`.
    pub fn see_other(&self) -> &str {
        assert_eq!(self.status, 303, "expected 303 See Other, got {self:?}");
        self.location.as_deref().expect("a 303 carries a Location")
    }
}

impl Default for Payer {
    fn default() -> Self {
        Self::new()
    }
}

impl Payer {
    /// A payer with payments-core's reqwest transport.
    ///
    /// # Panics
    /// When the transport cannot be built.
    pub fn new() -> Self {
        Self {
            transport: ReqwestTransport::new(Duration::from_secs(5)).expect("a transport"),
        }
    }

    async fn send(
        &self,
        method: Method,
        url: &str,
        headers: HeaderMap,
        body: String,
    ) -> PayerAnswer {
        let request = HttpRequest::new(method, url, headers, body.into());
        let answer = tokio::time::timeout(Duration::from_secs(10), self.transport.send(request))
            .await
            .unwrap_or_else(|_| panic!("{url}: no answer in 10 s"))
            .unwrap_or_else(|e| panic!("{url}: {e}"));
        let header = |name: http::header::HeaderName| {
            answer
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        PayerAnswer {
            status: answer.status.as_u16(),
            location: header(http::header::LOCATION),
            content_type: header(http::header::CONTENT_TYPE),
            body: String::from_utf8_lossy(&answer.body).into_owned(),
        }
    }

    /// `GET url`: the payer opens the page.
    ///
    /// # Panics
    /// When the answer is not a `200` HTML page with a form.
    pub async fn open(&self, url: &str) -> PayerPage {
        let answer = self
            .send(Method::GET, url, HeaderMap::new(), String::new())
            .await;
        page(url, &answer)
    }

    /// Posts `fields` to `url` as `application/x-www-form-urlencoded`.
    pub async fn post_form(&self, url: &str, fields: &[(String, String)]) -> PayerAnswer {
        let mut headers = HeaderMap::new();
        headers.insert(
            http::header::CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        self.send(Method::POST, url, headers, form_encode(fields))
            .await
    }

    /// Submits `form` by clicking `button` (sent as `action=<button>`), with the visible fields
    /// the payer changed in `changes` (a name the form does not have is refused).
    ///
    /// # Panics
    /// When the form has no such button or field, or is not a POST form.
    pub async fn submit(
        &self,
        form: &HtmlForm,
        button: &str,
        changes: &[(&str, &str)],
    ) -> PayerAnswer {
        assert_eq!(form.method, "post", "the payer form posts: {form:?}");
        let fields = form.filled(button, changes);
        self.post_form(&form.action, &fields).await
    }

    /// Opens `url` and submits its form with `button` and `changes`.
    ///
    /// # Panics
    /// As [`open`](Self::open) and [`submit`](Self::submit).
    pub async fn pay(&self, url: &str, button: &str, changes: &[(&str, &str)]) -> PayerAnswer {
        let page = self.open(url).await;
        self.submit(&page.form, button, changes).await
    }
}

/// The page of `answer`, read from `url`.
///
/// # Panics
/// When `answer` is not a `200` HTML page with a form.
pub fn page(url: &str, answer: &PayerAnswer) -> PayerPage {
    assert_eq!(answer.status, 200, "{url}: {answer:?}");
    let content_type = answer.content_type.as_deref().unwrap_or_default();
    assert!(
        content_type.starts_with("text/html"),
        "{url} is not HTML: {content_type}"
    );
    assert!(
        answer
            .body
            .trim_start()
            .to_ascii_lowercase()
            .starts_with("<!doctype html"),
        "{url} is not an HTML document"
    );
    let form = HtmlForm::parse(&answer.body, url)
        .unwrap_or_else(|| panic!("{url} has no form: {}", answer.body));
    PayerPage {
        url: url.to_owned(),
        html: answer.body.clone(),
        form,
    }
}

impl HtmlForm {
    /// The first `<form>` of `html`, its action resolved against `page_url`; `None` without one.
    pub fn parse(html: &str, page_url: &str) -> Option<Self> {
        let lower = html.to_ascii_lowercase();
        let start = lower.find("<form")?;
        let end = lower[start..]
            .find("</form>")
            .map_or(html.len(), |e| start + e);
        let tag_end = start + lower[start..].find('>')?;
        let form_attrs = attributes(&html[start + "<form".len()..tag_end]);
        let attr = |attrs: &[(String, String)], name: &str| {
            attrs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        };
        let method = attr(&form_attrs, "method")
            .unwrap_or_else(|| "post".to_owned())
            .to_ascii_lowercase();
        let action = resolve(page_url, &attr(&form_attrs, "action").unwrap_or_default());
        let mut fields = Vec::new();
        let mut buttons = Vec::new();
        let body = &html[tag_end..end];
        let body_lower = &lower[tag_end..end];
        let mut at = 0;
        while let Some(open) = body_lower[at..].find('<') {
            let open = at + open;
            let Some(close) = body_lower[open..].find('>') else {
                break;
            };
            let close = open + close;
            let tag = &body_lower[open + 1..close];
            let raw = &body[open + 1..close];
            at = close + 1;
            let (kind, rest) = tag.split_once(char::is_whitespace).unwrap_or((tag, ""));
            let attrs = attributes(&raw[raw.len() - rest.len()..]);
            match kind {
                "input" => {
                    if let Some(name) = attr(&attrs, "name") {
                        fields.push((name, attr(&attrs, "value").unwrap_or_default()));
                    }
                }
                "button" if attr(&attrs, "name").as_deref() == Some("action") => {
                    buttons.extend(attr(&attrs, "value"));
                }
                _ => {}
            }
        }
        Some(Self {
            method,
            action,
            fields,
            buttons,
        })
    }

    /// The value of field `name`, if the form has it.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The fields as sent by clicking `button` after changing `changes`.
    ///
    /// # Panics
    /// When the form has no such button or field.
    pub fn filled(&self, button: &str, changes: &[(&str, &str)]) -> Vec<(String, String)> {
        assert!(
            self.buttons.iter().any(|b| b == button),
            "no `{button}` button in {self:?}"
        );
        let mut fields = self.fields.clone();
        for (name, value) in changes {
            let slot = fields
                .iter_mut()
                .find(|(k, _)| k == name)
                .unwrap_or_else(|| panic!("no field `{name}` in {self:?}"));
            (*value).clone_into(&mut slot.1);
        }
        fields.push(("action".to_owned(), button.to_owned()));
        fields
    }
}

/// The `name="value"` attributes of a tag's text (double or single quotes, or bare values),
/// names lower case, values with HTML entities decoded.
fn attributes(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() && !rest.starts_with('/') {
        let name_end = rest
            .find(|c: char| c == '=' || c.is_whitespace() || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        rest = rest[name_end..].trim_start();
        let value = if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let quote = after.chars().next().filter(|c| matches!(c, '"' | '\''));
            let (value, remainder) = if let Some(q) = quote {
                let inner = &after[1..];
                let close = inner.find(q).unwrap_or(inner.len());
                (&inner[..close], inner.get(close + 1..).unwrap_or_default())
            } else {
                let close = after.find(char::is_whitespace).unwrap_or(after.len());
                (&after[..close], &after[close..])
            };
            rest = remainder.trim_start();
            unescape(value)
        } else {
            String::new()
        };
        if name.is_empty() {
            break;
        }
        out.push((name, value));
    }
    out
}

/// Decodes the entities HTML escaping writes (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#NN;`).
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let Some(semi) = tail.find(';') else {
            out.push_str(tail);
            return out;
        };
        let entity = &tail[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix('#')
                .and_then(|n| n.parse::<u32>().ok())
                .and_then(char::from_u32),
        };
        if let Some(c) = decoded {
            out.push(c);
            rest = &tail[semi + 1..];
        } else {
            out.push('&');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// `action` resolved against `base`: absolute URLs as they are, `/path` on the base's origin,
/// empty as the base itself, anything else next to the base's last segment.
pub fn resolve(base: &str, action: &str) -> String {
    let action = action.trim();
    if action.starts_with("http://") || action.starts_with("https://") {
        return action.to_owned();
    }
    if action.is_empty() {
        return base.to_owned();
    }
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let origin_end = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    if action.starts_with('/') {
        return format!("{}{action}", &base[..origin_end]);
    }
    let path = base.split(['?', '#']).next().unwrap_or(base);
    let dir_end = path
        .rfind('/')
        .filter(|&i| i >= origin_end)
        .map_or(path.len(), |i| i + 1);
    let dir = &path[..dir_end];
    let sep = if dir.ends_with('/') { "" } else { "/" };
    format!("{dir}{sep}{action}")
}

/// `application/x-www-form-urlencoded` text of `fields`.
pub fn form_encode(fields: &[(String, String)]) -> String {
    fn encode(text: &str, out: &mut String) {
        for b in text.bytes() {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                out.push(char::from(b));
            } else if b == b' ' {
                out.push('+');
            } else {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    let mut out = String::new();
    for (i, (name, value)) in fields.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        encode(name, &mut out);
        out.push('=');
        encode(value, &mut out);
    }
    out
}

/// The pairs of `application/x-www-form-urlencoded` text (`+` is a space, `%XX` a byte).
pub fn form_decode(text: &str) -> Vec<(String, String)> {
    fn decode(text: &str) -> String {
        let bytes = text.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'+' => out.push(b' '),
                b'%' => match text
                    .get(i + 1..i + 3)
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    Some(v) => {
                        out.push(v);
                        i += 2;
                    }
                    None => out.push(b'%'),
                },
                b => out.push(b),
            }
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    }
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}
