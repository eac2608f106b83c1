//! Endpoint: `GET /hello/`, the credentials test.

use payments_core::Request;

use crate::client::Client;
use crate::error::{ErrorEnvelope, Result};
use crate::model::account::Hello;

impl Client {
    /// `GET /hello/`: checks the secret key and names its account. A wrong key is an
    /// [`Error::Api`](payments_core::Error::Api) with status 401 or 403.
    ///
    /// ```no_run
    /// # async fn run(client: askell_sdk::Client) -> askell_sdk::Result<()> {
    /// let hello = client.hello().await?;
    /// println!("connected to {}", hello.account.as_deref().unwrap_or("?"));
    /// # Ok(()) }
    /// ```
    pub async fn hello(&self) -> Result<Hello> {
        let request = Request::get("/hello/").operation("hello");
        self.http.call::<_, ErrorEnvelope>(request).await
    }
}
