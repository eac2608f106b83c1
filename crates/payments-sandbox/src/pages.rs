//! The payer's side: small plain HTML pages with one form each.
//!
//! Every form posts `action=<button>` plus its hidden and visible fields to the endpoint that
//! applies it; a test (or a person) can call those endpoints directly.

use std::fmt::Write as _;

use crate::Provider;
use crate::http::{Reply, form_value};

/// Escapes text for HTML content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// What the payer chose on a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PayerAction {
    /// Pay (the card is charged; the scenario decides how it ends).
    Pay,
    /// The card is declined.
    Decline,
    /// The payer gives up.
    Cancel,
    /// The 3-D Secure step succeeds.
    Pass,
    /// The 3-D Secure step fails.
    Fail,
}

impl PayerAction {
    /// Reads the form's `action` field.
    pub(crate) fn from_form(pairs: &[(String, String)]) -> Option<Self> {
        match form_value(pairs, "action")?.trim() {
            "pay" => Some(Self::Pay),
            "decline" => Some(Self::Decline),
            "cancel" => Some(Self::Cancel),
            "pass" => Some(Self::Pass),
            "fail" => Some(Self::Fail),
            _ => None,
        }
    }
}

/// A visible input of a form.
pub(crate) struct Field {
    pub(crate) name: &'static str,
    pub(crate) label: &'static str,
    pub(crate) value: String,
}

/// One page: a heading, a table of facts, and a form (or none, on a result page).
pub(crate) struct Page {
    pub(crate) provider: Provider,
    pub(crate) title: String,
    pub(crate) rows: Vec<(&'static str, String)>,
    pub(crate) note: Option<String>,
    pub(crate) form: Option<Form>,
}

/// A form posting to `action`.
pub(crate) struct Form {
    pub(crate) action: String,
    pub(crate) hidden: Vec<(&'static str, String)>,
    pub(crate) fields: Vec<Field>,
    pub(crate) buttons: &'static [(&'static str, &'static str)],
}

/// The buttons of a payment page.
pub(crate) const PAY_BUTTONS: &[(&str, &str)] = &[
    ("pay", "Pay"),
    ("decline", "Decline (card refused)"),
    ("cancel", "Cancel"),
];

/// The buttons of a 3-D Secure page.
pub(crate) const THREE_DS_BUTTONS: &[(&str, &str)] =
    &[("pass", "Pass 3-D Secure"), ("fail", "Fail 3-D Secure")];

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;\
padding:0 1rem;color:#1b1b1b}h1{font-size:1.3rem}table{border-collapse:collapse;margin:1rem 0}\
td{padding:.2rem .8rem .2rem 0;vertical-align:top}td:first-child{color:#555}\
label{display:block;margin:.5rem 0}input[type=text]{width:100%;padding:.3rem}\
button{margin:.8rem .5rem 0 0;padding:.4rem .9rem}.sandbox{color:#a33;font-size:.85rem}";

impl Page {
    /// The page as HTML.
    pub(crate) fn render(&self) -> String {
        self.render_for(self.provider.display_name())
    }

    /// The page as HTML, its banner naming `who` (a provider, or the whole sandbox).
    pub(crate) fn render_for(&self, who: &str) -> String {
        let mut html = format!(
            "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <title>{title} - {provider} sandbox</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
             <main>\n<p class=\"sandbox\">{provider} sandbox: no real money moves.</p>\n\
             <h1>{title}</h1>\n",
            title = escape(&self.title),
            provider = escape(who),
        );
        if !self.rows.is_empty() {
            html.push_str("<table>\n");
            for (label, value) in &self.rows {
                let _ = writeln!(
                    html,
                    "<tr><td>{}</td><td>{}</td></tr>",
                    escape(label),
                    escape(value)
                );
            }
            html.push_str("</table>\n");
        }
        if let Some(note) = &self.note {
            let _ = writeln!(html, "<p>{}</p>", escape(note));
        }
        if let Some(form) = &self.form {
            let _ = writeln!(
                html,
                "<form method=\"post\" action=\"{}\">",
                escape(&form.action)
            );
            for (name, value) in &form.hidden {
                let _ = writeln!(
                    html,
                    "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
                    escape(name),
                    escape(value)
                );
            }
            for field in &form.fields {
                let _ = writeln!(
                    html,
                    "<label>{} <input type=\"text\" name=\"{}\" value=\"{}\"></label>",
                    escape(field.label),
                    escape(field.name),
                    escape(&field.value)
                );
            }
            for (value, label) in form.buttons {
                let _ = writeln!(
                    html,
                    "<button type=\"submit\" name=\"action\" value=\"{}\">{}</button>",
                    escape(value),
                    escape(label)
                );
            }
            html.push_str("</form>\n");
        }
        html.push_str("</main>\n</body>\n</html>\n");
        html
    }

    /// The page as a `200` answer.
    pub(crate) fn reply(&self) -> Reply {
        Reply::html(200, self.render())
    }
}

/// A `404` page for a payment the sandbox does not know.
pub(crate) fn unknown(provider: Provider, what: &str) -> Reply {
    let page = Page {
        provider,
        title: "Payment not found".to_owned(),
        rows: vec![("Reference", what.to_owned())],
        note: Some("The sandbox knows no payment with this reference.".to_owned()),
        form: None,
    };
    Reply::html(404, page.render())
}

/// A `400` page for a form the sandbox cannot apply.
pub(crate) fn refused(provider: Provider, reason: &str) -> Reply {
    let page = Page {
        provider,
        title: "This step is not possible".to_owned(),
        rows: Vec::new(),
        note: Some(reason.to_owned()),
        form: None,
    };
    Reply::html(400, page.render())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_escape_everything_they_print() {
        let page = Page {
            provider: Provider::Barion,
            title: "Pay <script>".to_owned(),
            rows: vec![("Shop", "\"A&B\"".to_owned())],
            note: None,
            form: Some(Form {
                action: "/barion/Pay".to_owned(),
                hidden: vec![("id", "x\"y".to_owned())],
                fields: vec![Field {
                    name: "card_number",
                    label: "Card",
                    value: "4242".to_owned(),
                }],
                buttons: PAY_BUTTONS,
            }),
        };
        let html = page.render();
        assert!(html.contains("Pay &lt;script&gt;"));
        assert!(html.contains("&quot;A&amp;B&quot;"));
        assert!(html.contains("value=\"x&quot;y\""));
        assert!(html.contains("<form method=\"post\" action=\"/barion/Pay\">"));
        assert!(html.contains("name=\"action\" value=\"decline\""));
        let pairs = vec![("action".to_owned(), "pass".to_owned())];
        assert_eq!(PayerAction::from_form(&pairs), Some(PayerAction::Pass));
    }
}
