//! The pages' resources, serialised into the page for hydration with the same JSON reader the
//! server functions use.
//!
//! Leptos' default resource codec reads its JSON with `serde_json::from_str`, the server
//! functions read theirs with `serde_json::from_slice`; every answer type a page loads then has
//! two deserialisers compiled into the WASM bundle, one per reader. Decoding the page's data
//! from bytes as well keeps one per type (issue 15: 137 struct deserialisers became 80).

use std::future::Future;

use leptos::{
    prelude::*,
    server::codee::{Decoder, Encoder},
};
use serde::{Serialize, de::DeserializeOwned};

/// JSON, read from bytes.
pub struct Json;

impl<T: Serialize> Encoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, serde_json::Error> {
        serde_json::to_string(value)
    }
}

impl<T: DeserializeOwned> Decoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(text: &str) -> Result<T, serde_json::Error> {
        serde_json::from_slice(text.as_bytes())
    }
}

/// A page's resource (see the module).
pub type PageResource<T> = Resource<T, Json>;

/// [`Resource::new`] with the [`Json`] codec (a blocking one is
/// `PageResource::new_with_options(source, fetcher, true)`).
#[track_caller]
pub fn page_resource<S, T, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> PageResource<T>
where
    S: PartialEq + Clone + Send + Sync + 'static,
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}

#[cfg(test)]
mod tests {
    use leptos::server::codee::{Decoder, Encoder};

    use super::Json;
    use crate::{domain::Role, error::AppError};

    #[test]
    fn a_page_value_reads_back_as_it_was_written() {
        let value: Result<Vec<(String, Role)>, AppError> =
            Ok(vec![("Ada \"Lovelace\" ✓".to_owned(), Role::Tutor)]);
        let text = <Json as Encoder<_>>::encode(&value).expect("encodes");
        let back: Result<Vec<(String, Role)>, AppError> =
            <Json as Decoder<_>>::decode(&text).expect("decodes");
        assert_eq!(back, value);
        let failed: Result<(), AppError> = Err(AppError::NotFound("goal".to_owned()));
        let text = <Json as Encoder<_>>::encode(&failed).expect("encodes");
        assert_eq!(
            <Json as Decoder<Result<(), AppError>>>::decode(&text).expect("decodes"),
            failed
        );
    }
}
