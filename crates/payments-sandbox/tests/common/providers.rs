//! Thin clients of each provider's API with the sandbox credentials.

use std::time::Duration;

use base64::Engine as _;
use bytes::Bytes;
use payments_core::http::Method;
use payments_sandbox::Sandbox;
use serde_json::Value;

use super::{Answer, Client};

/// Askell's API with the sandbox keys.
pub struct Askell {
    pub client: Client,
    pub base: String,
    pub root: String,
    secret: String,
    public: String,
}

impl Askell {
    pub fn new(sandbox: &Sandbox) -> Self {
        let a = sandbox.askell();
        Self {
            client: Client::new(),
            base: a.base_url,
            root: sandbox.url().to_owned(),
            secret: format!("Api-Key {}", a.api_key),
            public: format!("Api-Key {}", a.public_key),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.client
            .get(&self.url(path), &[("authorization", &self.secret)])
            .await
    }

    pub async fn get_public(&self, path: &str) -> Answer {
        self.client
            .get(&self.url(path), &[("authorization", &self.public)])
            .await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Answer {
        self.client
            .post_json(&self.url(path), &[("authorization", &self.secret)], body)
            .await
    }

    pub async fn post_public(&self, path: &str, body: &Value) -> Answer {
        self.client
            .post_json(&self.url(path), &[("authorization", &self.public)], body)
            .await
    }

    pub async fn send(&self, method: Method, path: &str, body: &Value) -> Answer {
        self.client
            .send(
                method,
                &self.url(path),
                &[
                    ("authorization", &self.secret),
                    ("content-type", "application/json"),
                ],
                body.to_string(),
            )
            .await
    }

    /// Creates a payment and waits until it leaves `pending`/`retrying`.
    pub async fn settled_payment(&self, amount: &str) -> Value {
        let created = self
            .post("/payments/", &serde_json::json!({"customer_reference": "sandbox-customer", "amount": amount, "currency": "ISK", "description": "Test", "reference": "order-1"}))
            .await;
        assert_eq!(created.status, 201, "{}", created.text());
        let uuid = created.json()["uuid"].as_str().unwrap().to_owned();
        self.wait_final(&uuid).await
    }

    pub async fn wait_final(&self, uuid: &str) -> Value {
        for _ in 0..150 {
            let p = self.get(&format!("/payments/{uuid}/")).await.json();
            if !matches!(p["state"].as_str(), Some("pending" | "retrying")) {
                return p;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("payment {uuid} did not settle");
    }
}

/// Barion's API with the sandbox POSKey.
pub struct Barion {
    pub client: Client,
    pub base: String,
    pub root: String,
    pub key: String,
}

impl Barion {
    pub fn new(sandbox: &Sandbox) -> Self {
        let b = sandbox.barion();
        Self {
            client: Client::new(),
            base: b.base_url,
            root: sandbox.url().to_owned(),
            key: b.pos_key,
        }
    }

    pub async fn post(&self, path: &str, body: &Value) -> Answer {
        self.client
            .post_json(
                &format!("{}{path}", self.base),
                &[("x-pos-key", &self.key)],
                body,
            )
            .await
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.client
            .get(&format!("{}{path}", self.base), &[("x-pos-key", &self.key)])
            .await
    }

    pub async fn state(&self, id: &str) -> Value {
        let answer = self.get(&format!("/v4/Payment/{id}/PaymentState")).await;
        assert_eq!(answer.status, 200, "{}", answer.text());
        answer.json()
    }

    /// Starts a payment of `total` in `currency`.
    pub async fn start(
        &self,
        kind: &str,
        total: Value,
        currency: &str,
        redirect: &str,
        callback: Option<&str>,
    ) -> Value {
        let mut body = serde_json::json!({
            "PaymentType": kind,
            "GuestCheckOut": true,
            "FundingSources": ["All"],
            "PaymentRequestId": "ORDER-1-1",
            "OrderNumber": "ORDER-1",
            "RedirectUrl": redirect,
            "Locale": "hu-HU",
            "Currency": currency,
            "Transactions": [{
                "POSTransactionId": "ORDER-1-T1",
                "Payee": "owner@shop.example",
                "Total": total,
                "Items": [{"Name": "Mug", "Description": "Blue mug", "Quantity": 1, "Unit": "piece", "UnitPrice": total, "ItemTotal": total, "SKU": "MUG-1"}]
            }]
        });
        if let Some(cb) = callback {
            body["CallbackUrl"] = Value::from(cb);
        }
        let answer = self.post("/v2/Payment/Start", &body).await;
        assert_eq!(answer.status, 200, "{}", answer.text());
        answer.json()
    }
}

/// Financial Line's API with the sandbox POS credentials.
pub struct Finline {
    pub client: Client,
    pub base: String,
    pub root: String,
    pub pos_id: String,
    pub secret: String,
    auth: String,
    key: String,
}

impl Finline {
    pub fn new(sandbox: &Sandbox) -> Self {
        let f = sandbox.finline();
        Self {
            client: Client::new(),
            base: f.base_url,
            root: sandbox.url().to_owned(),
            auth: format!("CPAY {}:{}", f.api_key, f.api_secret),
            key: f.endpoints_key,
            pos_id: f.pos_id,
            secret: f.api_secret,
        }
    }

    /// POSTs `body` with `pos_id` added.
    pub async fn post(&self, path: &str, body: &Value) -> Answer {
        let mut body = body.clone();
        body["pos_id"] = Value::from(self.pos_id.clone());
        self.client
            .post_json(
                &format!("{}{path}", self.base),
                &[
                    ("x-api-auth", &self.auth),
                    ("x-api-key", &self.key),
                    ("accept", "application/json"),
                ],
                &body,
            )
            .await
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.client
            .get(
                &format!("{}{path}", self.base),
                &[("x-api-auth", &self.auth), ("x-api-key", &self.key)],
            )
            .await
    }

    pub async fn order(&self, order_id: &str) -> Value {
        let answer = self
            .get(&format!("/pos/{}/orders/{order_id}", self.pos_id))
            .await;
        assert_eq!(answer.status, 200, "{}", answer.text());
        answer.json()
    }

    /// A direct payment with card `card`.
    pub async fn direct(
        &self,
        method: &str,
        order_id: &str,
        amount: Value,
        card: &str,
        server_url: Option<&str>,
    ) -> Answer {
        let mut body = serde_json::json!({
            "mode": "direct", "method": method, "amount": amount, "currency": "UAH",
            "description": "Order", "order_id": order_id, "order_3ds_bypass": "always",
            "cc_number": card, "exp_month": 2, "exp_year": 30, "card_cvv": "111",
            "result_url": "https://merchant.example/done",
        });
        if let Some(url) = server_url {
            body["server_url"] = Value::from(url);
        }
        self.post("/payment", &body).await
    }
}

/// Resid's API with the sandbox authorization code.
pub struct Resid {
    pub client: Client,
    pub base: String,
    pub root: String,
    pub code: String,
}

impl Resid {
    pub fn new(sandbox: &Sandbox) -> Self {
        let r = sandbox.resid();
        Self {
            client: Client::new(),
            base: r.base_url,
            root: sandbox.url().to_owned(),
            code: r.authorization_code,
        }
    }

    pub async fn form(&self, path: &str, pairs: &[(&str, &str)]) -> Answer {
        self.client
            .post_form(
                &format!("{}{path}", self.base),
                &[("authorization", &self.code)],
                pairs,
            )
            .await
    }

    pub async fn post(&self, path: &str) -> Answer {
        self.client
            .send(
                Method::POST,
                &format!("{}{path}", self.base),
                &[("authorization", &self.code)],
                Bytes::new(),
            )
            .await
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.client
            .get(
                &format!("{}{path}", self.base),
                &[("authorization", &self.code)],
            )
            .await
    }

    /// Registers a merchant; returns its identifier.
    pub async fn merchant(&self) -> String {
        let answer = self
            .form(
                "/merchants",
                &[
                    ("first_name", "Asghar"),
                    ("last_name", "Farhadi"),
                    ("phone_number", "09123456789"),
                    ("national_no", "0012345678"),
                    ("sheba", "IR123456789012345678901234"),
                    ("bank_code", "0"),
                    ("job_title", "Taxi"),
                ],
            )
            .await;
        assert_eq!(answer.status, 200, "{}", answer.text());
        answer.json()["info"]["id"].as_str().unwrap().to_owned()
    }

    /// Creates a payment request; returns its token.
    pub async fn payment(&self, merchant: &str, amount: &str, extra: &[(&str, &str)]) -> Answer {
        let mut pairs = vec![("merchant", merchant), ("amount", amount)];
        pairs.extend_from_slice(extra);
        self.form("/payments", &pairs).await
    }

    pub async fn info(&self, token: &str) -> Value {
        let answer = self.get(&format!("/payments/{token}")).await;
        assert_eq!(answer.status, 200, "{}", answer.text());
        answer.json()["info"].clone()
    }
}

/// Payelata's private API and cardgate with the sandbox credentials.
pub struct Payelata {
    pub client: Client,
    pub base: String,
    pub cardgate: String,
    pub root: String,
    pub test_secret: String,
    pub live_secret: String,
    basic: String,
}

impl Payelata {
    pub fn new(sandbox: &Sandbox) -> Self {
        let p = sandbox.payelata();
        let basic = base64::engine::general_purpose::STANDARD
            .encode(format!("{}:{}", p.account_id, p.api_key));
        Self {
            client: Client::new(),
            base: p.base_url,
            cardgate: p.cardgate_url,
            root: sandbox.url().to_owned(),
            test_secret: p.test_secret,
            live_secret: p.live_secret,
            basic: format!("Basic {basic}"),
        }
    }

    pub async fn post(&self, path: &str, body: &Value) -> Answer {
        self.client
            .post_json(
                &format!("{}{path}", self.base),
                &[
                    ("authorization", &self.basic),
                    ("accept", "application/json"),
                ],
                body,
            )
            .await
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.client
            .get(
                &format!("{}{path}", self.base),
                &[("authorization", &self.basic)],
            )
            .await
    }

    /// Creates a payment invoice from `attributes`.
    pub async fn invoice(&self, attributes: Value) -> Answer {
        self.post(
            "/payment-invoices",
            &serde_json::json!({"data": {"type": "payment-invoices", "attributes": attributes}}),
        )
        .await
    }

    /// `POST {cardgate}/payment/sale` with the invoice's bearer and `attributes`.
    pub async fn sale(&self, invoice: &Value, attributes: Value) -> Answer {
        let bearer = invoice["data"]["attributes"]["flow_data"]["metadata"]["token"]
            .as_str()
            .unwrap();
        self.client
            .post_json(
                &format!("{}/payment/sale", self.cardgate),
                &[("authorization", &format!("Bearer {bearer}"))],
                &serde_json::json!({"data": {"type": "sale-operation", "attributes": attributes}}),
            )
            .await
    }

    pub async fn fetch(&self, id: &str) -> Value {
        let answer = self.get(&format!("/payment-invoices/{id}")).await;
        assert_eq!(answer.status, 200, "{}", answer.text());
        answer.json()
    }
}

/// A card for a Payelata H2H sale.
pub fn h2h_card(number: &str) -> Value {
    serde_json::json!({"card_number": number, "card_holder": "TEST HOLDER", "cvv": "123", "exp_month": "04", "exp_year": "30"})
}
