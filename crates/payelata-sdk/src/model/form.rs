//! Sending the payer on with a form: [`FormMethod`] and the auto-submitting HTML page a shop
//! returns for a 3-D Secure step ([`AuthPayload`](crate::AuthPayload)) or a redirect
//! ([`FlowData`](crate::FlowData)).

use std::collections::BTreeMap;
use std::fmt::Write as _;

payments_core::string_enum! {
    /// Wire `method` of a redirect or a 3-D Secure step: how the payer's browser goes to
    /// `action`.
    pub enum FormMethod {
        /// `GET`: a link (parameters in the query).
        Get = "GET",
        /// `POST`: a form submission.
        Post = "POST",
    }
}

/// An auto-submitting form could not be rendered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FormError {
    /// The answer had no `action` URL.
    #[error("the form has no action URL")]
    MissingAction,
    /// The `action` is not an `http://` or `https://` URL (a `javascript:` one would run script
    /// in the payer's browser): the form is refused.
    #[error("the form action is not an http(s) URL")]
    UnsafeAction,
}

/// The HTML page that submits `params` to `action` with `method` as soon as it loads.
///
/// Every attribute value is HTML-escaped, so no parameter can close an attribute or open a
/// tag; the action must be an http(s) URL. The page's one script is the `submit()` call (in a
/// `<script>` element carrying `nonce` when given, for a strict Content-Security-Policy), and a
/// button inside `<noscript>` submits it by hand. For `GET`, a query in `action` is moved into
/// hidden fields, since a browser replaces the action's query with the form's fields.
pub(crate) fn render(
    action: Option<&str>,
    method: Option<&FormMethod>,
    params: &BTreeMap<String, serde_json::Value>,
    nonce: Option<&str>,
) -> Result<String, FormError> {
    let action = action
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .ok_or(FormError::MissingAction)?;
    let scheme_ok = action
        .get(..8)
        .is_some_and(|p| p.eq_ignore_ascii_case("https://"))
        || action
            .get(..7)
            .is_some_and(|p| p.eq_ignore_ascii_case("http://"));
    if !scheme_ok || action.chars().any(char::is_control) {
        return Err(FormError::UnsafeAction);
    }
    let get = matches!(method, Some(FormMethod::Get));
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut target = action;
    if get && let Some((base, query)) = action.split_once('?') {
        let query = query.split('#').next().unwrap_or_default();
        fields
            .extend(serde_urlencoded::from_str::<Vec<(String, String)>>(query).unwrap_or_default());
        target = base;
    }
    fields.extend(params.iter().map(|(k, v)| (k.clone(), text(v))));

    let mut html = String::with_capacity(512);
    html.push_str("<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"><title>Redirecting…</title></head>\n<body>\n");
    let _ = writeln!(
        html,
        "<form id=\"payelata-redirect\" method=\"{}\" action=\"{}\">",
        if get { "get" } else { "post" },
        escape(target)
    );
    for (name, value) in &fields {
        let _ = writeln!(
            html,
            "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
            escape(name),
            escape(value)
        );
    }
    html.push_str("<noscript><button type=\"submit\">Continue</button></noscript>\n</form>\n");
    match nonce {
        Some(n) => {
            let _ = write!(html, "<script nonce=\"{}\">", escape(n));
        }
        None => html.push_str("<script>"),
    }
    html.push_str(
        "document.getElementById(\"payelata-redirect\").submit();</script>\n</body>\n</html>\n",
    );
    Ok(html)
}

/// A parameter's value as form text: strings as they are, other JSON as its text.
fn text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// `value` escaped for a double-quoted HTML attribute (and text).
pub(crate) fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '`' => out.push_str("&#96;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn params(v: serde_json::Value) -> BTreeMap<String, serde_json::Value> {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn params_cannot_break_out_of_their_attribute() {
        let p = params(json!({
            "PaReq": "\"><script>alert(1)</script>",
            "MD": "a&b'c",
            "n": 5
        }));
        let html = render(
            Some("https://acs.example/3ds"),
            Some(&FormMethod::Post),
            &p,
            None,
        )
        .unwrap();
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(html.contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""));
        assert!(html.contains("value=\"a&amp;b&#39;c\""));
        assert!(html.contains("name=\"n\" value=\"5\""));
        assert_eq!(html.matches("<script").count(), 1);
    }

    #[test]
    fn only_http_actions_are_rendered() {
        let p = BTreeMap::new();
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "//evil.example",
            " ",
        ] {
            assert!(render(Some(bad), None, &p, None).is_err(), "{bad}");
        }
        assert_eq!(render(None, None, &p, None), Err(FormError::MissingAction));
        assert!(
            render(Some("HTTPS://acs.example"), None, &p, Some("n\"1"))
                .unwrap()
                .contains("nonce=\"n&quot;1\"")
        );
    }

    #[test]
    fn a_get_form_keeps_the_action_query_as_fields() {
        let html = render(
            Some("https://cardgate.example.io/hpp/cgi_1?lang=uk&x=a%20b"),
            Some(&FormMethod::Get),
            &BTreeMap::new(),
            None,
        )
        .unwrap();
        assert!(html.contains("method=\"get\" action=\"https://cardgate.example.io/hpp/cgi_1\""));
        assert!(html.contains("name=\"lang\" value=\"uk\""));
        assert!(html.contains("name=\"x\" value=\"a b\""));
    }
}
