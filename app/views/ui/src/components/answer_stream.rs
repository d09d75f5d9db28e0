//! Reading an answer as it streams: the page posts the question to the REST endpoint with
//! `Accept: text/event-stream` and reads the response body with the browser's `fetch` and a
//! `ReadableStream` reader, parsing server-sent events as they arrive. A hand-written reader
//! keeps the WASM small (no event-source or streaming crate) and uses the same endpoint as
//! every other client.

use crate::dto::chat::{DeltaEvent, DoneEvent, SourcesEvent};
use crate::error::ErrorBody;

/// One event of an answer stream.
#[derive(Debug, Clone)]
pub enum StreamEvent {
    Delta(DeltaEvent),
    Sources(SourcesEvent),
    Done(Box<DoneEvent>),
    Error(ErrorBody),
}

/// Parses one server-sent event block (`event:` and `data:` lines); comments and unknown
/// events are `None`.
pub fn parse_event(block: &str) -> Option<StreamEvent> {
    let mut name = "message";
    let mut data = String::new();
    for line in block.lines() {
        if let Some(value) = line.strip_prefix("event:") {
            name = value.trim();
        } else if let Some(value) = line.strip_prefix("data:") {
            if !data.is_empty() {
                data.push('\n');
            }
            data.push_str(value.strip_prefix(' ').unwrap_or(value));
        }
    }
    match name {
        "delta" => serde_json::from_str(&data).ok().map(StreamEvent::Delta),
        "sources" => serde_json::from_str(&data).ok().map(StreamEvent::Sources),
        "done" => serde_json::from_str(&data).ok().map(|d| StreamEvent::Done(Box::new(d))),
        "error" => serde_json::from_str(&data).ok().map(StreamEvent::Error),
        _ => None,
    }
}

/// Takes every complete event out of `buffer` (events end with a blank line).
pub fn drain_events(buffer: &mut String) -> Vec<StreamEvent> {
    let mut out = Vec::new();
    while let Some(end) = buffer.find("\n\n") {
        let block: String = buffer.drain(..end + 2).collect();
        if let Some(event) = parse_event(&block) {
            out.push(event);
        }
    }
    out
}

/// Posts `content` to the conversation and calls `on_event` for every event as it arrives.
/// An `Err` is a message for the student (the request was refused or the connection failed).
#[cfg(feature = "hydrate")]
pub async fn stream_answer(
    conversation: uuid::Uuid,
    content: &str,
    mut on_event: impl FnMut(StreamEvent),
) -> Result<(), String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{
        Headers, ReadableStreamDefaultReader, ReadableStreamReadResult, Request, RequestInit,
        Response, TextDecodeOptions, TextDecoder,
    };

    let offline = || "Could not reach the server; check your connection and try again.".to_owned();
    let body = serde_json::json!({ "content": content }).to_string();
    let headers = Headers::new().map_err(|_| offline())?;
    headers.set("content-type", "application/json").map_err(|_| offline())?;
    headers.set("accept", "text/event-stream").map_err(|_| offline())?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&wasm_bindgen::JsValue::from_str(&body));
    let url = format!("/api/chat/conversations/{conversation}/messages");
    let request = Request::new_with_str_and_init(&url, &init).map_err(|_| offline())?;
    let response: Response = JsFuture::from(leptos::prelude::window().fetch_with_request(&request))
        .await
        .map_err(|_| offline())?
        .dyn_into()
        .map_err(|_| offline())?;
    if !response.ok() {
        let text = match response.text() {
            Ok(promise) => JsFuture::from(promise).await.ok().and_then(|t| t.as_string()),
            Err(_) => None,
        };
        let error = text
            .and_then(|t| serde_json::from_str::<ErrorBody>(&t).ok())
            .map(|e| e.error)
            .unwrap_or_else(|| format!("The question was refused ({}).", response.status()));
        return Err(error);
    }
    let stream = response.body().ok_or_else(offline)?;
    let reader: ReadableStreamDefaultReader =
        stream.get_reader().dyn_into().map_err(|_| offline())?;
    let decoder = TextDecoder::new().map_err(|_| offline())?;
    let options = TextDecodeOptions::new();
    options.set_stream(true);
    let mut buffer = String::new();
    loop {
        let result: ReadableStreamReadResult =
            JsFuture::from(reader.read()).await.map_err(|_| offline())?.unchecked_into();
        if result.get_done().unwrap_or(false) {
            break;
        }
        let chunk: web_sys::js_sys::Object = result.get_value().unchecked_into();
        let text =
            decoder.decode_with_buffer_source_and_options(&chunk, &options).unwrap_or_default();
        buffer.push_str(&text.replace("\r\n", "\n"));
        for event in drain_events(&mut buffer) {
            on_event(event);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_read_as_they_complete() {
        let mut buffer = String::from(
            "event: delta\ndata: {\"text\":\"The \"}\n\n: keep-alive\n\nevent: delta\ndata: {\"text\":\"disc",
        );
        let events = drain_events(&mut buffer);
        assert!(matches!(&events[..], [StreamEvent::Delta(d)] if d.text == "The "), "{events:?}");
        buffer.push_str(
            "riminant\"}\n\nevent: error\ndata: {\"error\":\"busy\",\"code\":\"unavailable\"}\n\n",
        );
        let events = drain_events(&mut buffer);
        assert_eq!(events.len(), 2);
        assert!(matches!(&events[1], StreamEvent::Error(e) if e.code == "unavailable"));
        assert!(buffer.is_empty());
    }
}
