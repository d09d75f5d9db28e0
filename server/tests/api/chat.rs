//! Chat over REST with the offline provider: answers grounded in the student's own lines, memory
//! across turns, isolation between students, the give-away guard, SSE framing, conversations,
//! routing to a tutor, and every bad input.

use app::{
    domain::Role,
    server::{
        ai::{GeneratedItem, PracticeDraft},
        entities::{ai_calls, concepts, enums::EscalationStatus, escalations},
        grading::{AnswerKey, Choice, QuestionKind},
        models::{ModelError, practices::NewPractice},
    },
};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};

use crate::helpers::upload_body;
use crate::helpers::{Backend, TestApp, TestUser, assert_error, spawn_app, spawn_app_with};
use crate::on_both_databases;

pub async fn new_conversation(app: &TestApp, user: &TestUser) -> String {
    let response = app.post_as("/api/chat/conversations", &user.token, &json!({})).await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["title"], "New conversation");
    body["id"].as_str().expect("an id").to_owned()
}

/// Asks in JSON mode and returns `{userMessage, message}`.
pub async fn ask(app: &TestApp, user: &TestUser, conversation: &str, question: &str) -> Value {
    let response = app
        .post_as(
            &format!("/api/chat/conversations/{conversation}/messages"),
            &user.token,
            &json!({ "content": question }),
        )
        .await;
    assert_eq!(response.status(), 200, "asking {question:?}");
    response.json().await.expect("json")
}

/// Asks with `Accept: text/event-stream` and returns the events as `(name, data)`.
pub async fn ask_streaming(
    app: &TestApp,
    user: &TestUser,
    conversation: &str,
    question: &str,
) -> (reqwest::header::HeaderMap, Vec<(String, Value)>) {
    let response = app
        .client
        .post(app.url(&format!("/api/chat/conversations/{conversation}/messages")))
        .bearer_auth(&user.token)
        .header("accept", "text/event-stream")
        // As a browser asks: the stream must still flow, never held back by compression.
        .header("accept-encoding", "gzip, deflate, br, zstd")
        .json(&json!({ "content": question }))
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    let body = response.text().await.expect("the whole stream");
    (headers, parse_events(&body))
}

/// Server-sent events: blocks separated by a blank line, `event:` and `data:` fields.
pub fn parse_events(body: &str) -> Vec<(String, Value)> {
    body.split("\n\n")
        .filter(|block| !block.trim().is_empty())
        .filter_map(|block| {
            let mut name = String::from("message");
            let mut data = String::new();
            for line in block.lines() {
                if let Some(value) = line.strip_prefix("event:") {
                    name = value.trim().to_owned();
                } else if let Some(value) = line.strip_prefix("data:") {
                    data.push_str(value.strip_prefix(' ').unwrap_or(value));
                }
            }
            // Keep-alive comments carry no data.
            (!data.is_empty()).then(|| (name, serde_json::from_str(&data).expect("JSON data")))
        })
        .collect()
}

/// The text of transcript lines `start..=end` of a session.
async fn lines_text(
    app: &TestApp,
    user: &TestUser,
    session_id: &str,
    start: i64,
    end: i64,
) -> String {
    let detail: Value = app
        .get_as(&format!("/api/sessions/{session_id}"), &user.token)
        .await
        .json()
        .await
        .expect("json");
    detail["transcript"]["turns"]
        .as_array()
        .expect("turns")
        .iter()
        .filter(|t| (start..=end).contains(&t["number"].as_i64().unwrap_or(0)))
        .map(|t| t["text"].as_str().unwrap_or_default().to_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Markdown escapes removed, to compare an answer with the words it quotes.
fn unescaped(markdown: &str) -> String {
    markdown.replace('\\', "")
}

fn session_ids(message: &Value) -> Vec<String> {
    message["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .map(|s| s["sessionId"].as_str().unwrap_or_default().to_owned())
        .collect()
}

on_both_databases!(
    answers_quote_the_cited_lines_of_the_students_own_session,
    a_follow_up_is_answered_from_the_turn_before_it,
    students_never_see_each_others_sessions,
    answers_stream_as_server_sent_events,
    conversations_are_listed_renamed_and_deleted,
    bad_chat_input_is_refused_clearly,
    chat_is_rate_limited_per_user,
    hostile_markup_never_reaches_the_page,
    open_practice_answers_are_never_given_away,
    a_tutor_request_is_routed_and_kept_as_an_escalation,
);

async fn answers_quote_the_cited_lines_of_the_students_own_session(backend: Backend) {
    let app = spawn_app(backend).await;
    let (student, tutor) = app.pair().await;
    let detail =
        app.upload_and_analyze(&student, &tutor, "algebra_quadratics.txt", "plain_text").await;
    let session_id = detail.session.id.to_string();
    let conversation = new_conversation(&app, &student).await;
    let exchange = ask(&app, &student, &conversation, "What does the discriminant tell me?").await;
    let answer = &exchange["message"];
    assert_eq!(exchange["userMessage"]["role"], "user");
    assert_eq!(answer["role"], "assistant");
    assert_eq!(answer["status"], "complete");
    let content = answer["content"].as_str().expect("content");
    let sources = answer["sources"].as_array().expect("sources");
    assert!(!sources.is_empty(), "grounded: {answer}");
    for source in sources {
        assert_eq!(source["sessionId"], session_id);
        assert_eq!(source["sessionTitle"], json!(detail.session.title));
        let excerpt = source["excerpt"].as_str().expect("excerpt");
        let (start, end) = (
            source["lines"]["start"].as_i64().expect("start"),
            source["lines"]["end"].as_i64().expect("end"),
        );
        let lines = lines_text(&app, &student, &session_id, start, end).await;
        assert!(lines.contains(excerpt), "lines {start}-{end} hold {excerpt:?}: {lines}");
        assert!(unescaped(content).contains(excerpt), "the answer quotes {excerpt:?}: {content}");
    }
    assert!(unescaped(content).to_lowercase().contains("discriminant"), "{content}");
    assert!(content.contains("Ms. Rivera"), "in the tutor's own words: {content}");
    assert!(content.trim_end().ends_with('?'), "ends with a question back: {content}");
    assert!(answer["contentHtml"].as_str().is_some_and(|h| h.contains("<blockquote>")));

    // The first question names the conversation; the call is accounted.
    let view: Value = app
        .get_as(&format!("/api/chat/conversations/{conversation}"), &student.token)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(view["title"], "What does the discriminant tell me?");
    assert_eq!(view["messages"].as_array().map(Vec::len), Some(2));
    let calls = ai_calls::Entity::find()
        .filter(ai_calls::Column::Feature.eq("chat"))
        .all(&app.db)
        .await
        .expect("calls");
    assert_eq!(calls.len(), 1);
    assert!(calls[0].success && calls[0].provider == "offline");
    assert_eq!(calls[0].user_id, Some(student.id));

    // Starter questions come from the session's concepts.
    let starters: Value =
        app.get_as("/api/chat/starters", &student.token).await.json().await.expect("json");
    let starters = starters.as_array().expect("a list");
    assert!(!starters.is_empty() && starters.len() <= 4, "{starters:?}");
    assert!(starters.iter().all(|s| s["question"].is_string() && s["why"].is_string()));
    assert_error(app.get_as("/api/chat/starters", &tutor.token).await, 403).await;

    // Something the sessions never covered is said plainly, with nothing cited.
    let unknown = ask(&app, &student, &conversation, "What is the capital of France?").await;
    assert!(unknown["message"]["sources"].as_array().is_some_and(Vec::is_empty));
    let text = unknown["message"]["content"].as_str().unwrap_or_default();
    assert!(text.contains("couldn't find") && text.contains("Request a tutor"), "{text}");
}

async fn a_follow_up_is_answered_from_the_turn_before_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let (student, tutor) = app.pair().await;
    app.upload_and_analyze(&student, &tutor, "algebra_quadratics.txt", "plain_text").await;

    // After a discriminant question, "and when it's negative?" finds the discriminant lines.
    let conversation = new_conversation(&app, &student).await;
    ask(&app, &student, &conversation, "What does the discriminant tell me?").await;
    let follow_up = ask(&app, &student, &conversation, "and when it's negative?").await;
    let sources = follow_up["message"]["sources"].as_array().expect("sources");
    let first = sources[0]["excerpt"].as_str().unwrap_or_default();
    assert!(first.contains("negative") && first.contains("no real solutions"), "{follow_up}");
    let content = unescaped(follow_up["message"]["content"].as_str().unwrap_or_default());
    assert!(content.contains("no real solutions"), "{content}");

    // The memory is what decides: "and when it's zero?" on its own is about the zero product
    // property; after the discriminant question it is about one repeated root.
    let alone = new_conversation(&app, &student).await;
    let without = ask(&app, &student, &alone, "and when it's zero?").await;
    let first_alone = without["message"]["sources"][0]["excerpt"].as_str().unwrap_or_default();
    assert!(first_alone.contains("zero") && !first_alone.contains("real solution"), "{without}");
    let with = ask(&app, &student, &conversation, "and when it's zero?").await;
    let first_with = with["message"]["sources"][0]["excerpt"].as_str().unwrap_or_default();
    assert!(
        first_with.contains("one real solution") || first_with.contains("discriminant of zero"),
        "{with}"
    );
}

async fn students_never_see_each_others_sessions(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.create_user("Admin", Role::Admin).await;
    let (alice, tutor) = app.pair().await;
    let bob = app.register_student("Bob").await;
    let alice_session =
        app.upload_and_analyze(&alice, &tutor, "algebra_quadratics.txt", "plain_text").await;
    let bob_session =
        app.upload_and_analyze(&bob, &tutor, "chemistry_stoichiometry.vtt", "vtt").await;
    app.link(&admin, &tutor, &alice).await;
    app.link(&admin, &tutor, &bob).await;
    let alice_id = alice_session.session.id.to_string();
    let bob_id = bob_session.session.id.to_string();

    // Bob asks about Alice's topic: his sessions do not cover it, hers are never read.
    let bobs = new_conversation(&app, &bob).await;
    for question in
        ["What does the discriminant tell me?", "How do I factor x squared minus 2x minus 15?"]
    {
        let answer = ask(&app, &bob, &bobs, question).await;
        assert!(!session_ids(&answer["message"]).contains(&alice_id), "{answer}");
        let text = unescaped(answer["message"]["content"].as_str().unwrap_or_default());
        assert!(!text.contains("Ms. Rivera explained"), "{text}");
    }
    // His own topic is his own.
    let own = ask(&app, &bob, &bobs, "What is the limiting reagent?").await;
    let ids = session_ids(&own["message"]);
    assert!(!ids.is_empty() && ids.iter().all(|id| *id == bob_id), "{own}");

    // Alice's answers cite only her session.
    let alices = new_conversation(&app, &alice).await;
    let answer = ask(&app, &alice, &alices, "What is the limiting reagent?").await;
    assert!(!session_ids(&answer["message"]).contains(&bob_id), "{answer}");
    let answer = ask(&app, &alice, &alices, "What does the discriminant tell me?").await;
    let ids = session_ids(&answer["message"]);
    assert!(!ids.is_empty() && ids.iter().all(|id| *id == alice_id));

    // Nobody else reads or writes a conversation, whatever their role: it does not exist.
    for outsider in [&bob, &tutor, &admin] {
        assert_error(
            app.get_as(&format!("/api/chat/conversations/{alices}"), &outsider.token).await,
            404,
        )
        .await;
        assert_error(
            app.post_as(
                &format!("/api/chat/conversations/{alices}/messages"),
                &outsider.token,
                &json!({ "content": "hello" }),
            )
            .await,
            404,
        )
        .await;
        assert_error(
            app.post_as(
                &format!("/api/chat/conversations/{alices}/route"),
                &outsider.token,
                &json!({}),
            )
            .await,
            404,
        )
        .await;
    }
    let listed: Value =
        app.get_as("/api/chat/conversations", &bob.token).await.json().await.expect("json");
    assert_eq!(listed["total"], 1, "Bob lists only his own: {listed}");
    // Chat is the student's: a tutor cannot start one.
    assert_error(app.post_as("/api/chat/conversations", &tutor.token, &json!({})).await, 403).await;
    // Nor can a student scope one to someone else's session.
    assert_error(
        app.post_as("/api/chat/conversations", &bob.token, &json!({ "sessionId": alice_id })).await,
        403,
    )
    .await;
}

async fn answers_stream_as_server_sent_events(backend: Backend) {
    let app = spawn_app(backend).await;
    let (student, tutor) = app.pair().await;
    app.upload_and_analyze(&student, &tutor, "algebra_quadratics.txt", "plain_text").await;
    let conversation = new_conversation(&app, &student).await;
    let (headers, events) =
        ask_streaming(&app, &student, &conversation, "What does the discriminant tell me?").await;
    assert!(
        headers["content-type"].to_str().is_ok_and(|t| t.starts_with("text/event-stream")),
        "{headers:?}"
    );
    assert!(!headers.contains_key("content-encoding"), "events are never compressed: {headers:?}");
    let names: Vec<&str> = events.iter().map(|(name, _)| name.as_str()).collect();
    let deltas = names.iter().take_while(|n| **n == "delta").count();
    assert!(deltas > 3, "the answer comes in small pieces: {names:?}");
    assert_eq!(&names[deltas..], ["sources", "done"], "{names:?}");
    let streamed: String =
        events[..deltas].iter().map(|(_, d)| d["text"].as_str().unwrap_or_default()).collect();
    let done = &events[deltas + 1].1["message"];
    assert_eq!(done["content"], streamed, "the deltas make up the stored answer");
    assert_eq!(events[deltas].1["sources"], done["sources"]);
    assert!(done["sources"].as_array().is_some_and(|s| !s.is_empty()));
    assert!(done["id"].is_string() && done["contentHtml"].is_string());

    // The stored conversation holds the question and the answer, in order.
    let view: Value = app
        .get_as(&format!("/api/chat/conversations/{conversation}"), &student.token)
        .await
        .json()
        .await
        .expect("json");
    let messages = view["messages"].as_array().expect("messages");
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[0]["role"], "user");
    assert_eq!(messages[1]["id"], done["id"]);

    // Errors found before streaming are ordinary JSON errors, even when a stream was asked for.
    let response = app
        .client
        .post(app.url(&format!("/api/chat/conversations/{conversation}/messages")))
        .bearer_auth(&student.token)
        .header("accept", "text/event-stream")
        .json(&json!({ "content": "   " }))
        .send()
        .await
        .expect("sent");
    assert_error(response, 400).await;
}

async fn conversations_are_listed_renamed_and_deleted(backend: Backend) {
    let app = spawn_app(backend).await;
    let student = app.register_student("Jordan").await;
    let first = new_conversation(&app, &student).await;
    let second = new_conversation(&app, &student).await;
    ask(&app, &student, &first, "Why is the 2a under everything?").await;

    // Newest activity first, paginated.
    let list: Value = app
        .get_as("/api/chat/conversations?perPage=1", &student.token)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(list["total"], 2);
    assert_eq!(list["items"][0]["id"], first.as_str());
    assert_eq!(list["items"][0]["title"], "Why is the 2a under everything?");
    let page2: Value = app
        .get_as("/api/chat/conversations?perPage=1&page=2", &student.token)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(page2["items"][0]["id"], second.as_str());

    let renamed = app
        .patch_as(
            &format!("/api/chat/conversations/{first}"),
            &student.token,
            &json!({ "title": "  The quadratic   formula " }),
        )
        .await;
    assert_eq!(renamed.status(), 200);
    let renamed: Value = renamed.json().await.expect("json");
    assert_eq!(renamed["title"], "The quadratic formula");
    // A later question does not rename it back.
    ask(&app, &student, &first, "and the discriminant?").await;
    let view: Value = app
        .get_as(&format!("/api/chat/conversations/{first}"), &student.token)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(view["title"], "The quadratic formula");

    // A conversation scoped to a session says which.
    let created = app
        .post_as("/api/chat/conversations", &student.token, &json!({ "title": "Exam prep" }))
        .await;
    assert_eq!(created.status(), 201);
    assert_eq!(created.json::<Value>().await.expect("json")["title"], "Exam prep");

    let deleted = app
        .client
        .delete(app.url(&format!("/api/chat/conversations/{first}")))
        .bearer_auth(&student.token)
        .send()
        .await
        .expect("sent");
    assert_eq!(deleted.status(), 204);
    assert_error(
        app.get_as(&format!("/api/chat/conversations/{first}"), &student.token).await,
        404,
    )
    .await;
    let list: Value =
        app.get_as("/api/chat/conversations", &student.token).await.json().await.expect("json");
    assert_eq!(list["total"], 2);
}

async fn bad_chat_input_is_refused_clearly(backend: Backend) {
    let app = spawn_app(backend).await;
    let student = app.register_student("Jordan").await;
    let conversation = new_conversation(&app, &student).await;
    let path = format!("/api/chat/conversations/{conversation}/messages");

    for (body, status) in [
        (json!({ "content": "" }), 400),
        (json!({ "content": " \n\t " }), 400),
        (json!({}), 400),
        (json!({ "content": 42 }), 400),
        (json!({ "content": "x".repeat(4001) }), 422),
    ] {
        let body_text = body.to_string();
        let error = assert_error(app.post_as(&path, &student.token, &body).await, status).await;
        assert!(!error["error"].as_str().unwrap_or_default().is_empty(), "{body_text}");
    }
    // Exactly at the limit is fine.
    ask(&app, &student, &conversation, &"why ".repeat(1000)).await;
    // Malformed JSON, a body far too large, a path that is not an id, an unknown conversation.
    let malformed = app
        .client
        .post(app.url(&path))
        .bearer_auth(&student.token)
        .header("content-type", "application/json")
        .body("{\"content\": ")
        .send()
        .await
        .expect("sent");
    assert_error(malformed, 400).await;
    let huge = json!({ "content": "y".repeat(100 * 1024) });
    assert_error(app.post_as(&path, &student.token, &huge).await, 413).await;
    assert_error(
        app.post_as(
            "/api/chat/conversations/not-an-id/messages",
            &student.token,
            &json!({ "content": "hi" }),
        )
        .await,
        400,
    )
    .await;
    let unknown = uuid::Uuid::new_v4();
    assert_error(
        app.post_as(
            &format!("/api/chat/conversations/{unknown}/messages"),
            &student.token,
            &json!({ "content": "hi" }),
        )
        .await,
        404,
    )
    .await;
    // Not signed in.
    assert_error(app.post_json(&path, &json!({ "content": "hi" })).await, 401).await;
    assert_error(app.get("/api/chat/conversations").await, 401).await;
    // Titles: empty or too long.
    for title in [json!(""), json!("   "), json!("t".repeat(121))] {
        let response = app
            .patch_as(
                &format!("/api/chat/conversations/{conversation}"),
                &student.token,
                &json!({ "title": title }),
            )
            .await;
        assert_error(response, 400).await;
    }
    // Nothing invalid was stored: one question, one answer.
    let view: Value = app
        .get_as(&format!("/api/chat/conversations/{conversation}"), &student.token)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(view["messages"].as_array().map(Vec::len), Some(2));
}

async fn chat_is_rate_limited_per_user(backend: Backend) {
    let app = spawn_app_with(backend, |s| s.rate_limit.chat_per_minute = 3).await;
    let student = app.register_student("Jordan").await;
    let other = app.register_student("Sam").await;
    let conversation = new_conversation(&app, &student).await;
    for _ in 0..3 {
        ask(&app, &student, &conversation, "What is a discriminant?").await;
    }
    let response = app
        .post_as(
            &format!("/api/chat/conversations/{conversation}/messages"),
            &student.token,
            &json!({ "content": "one more?" }),
        )
        .await;
    let retry_after: u64 = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("a Retry-After header");
    assert!((1..=60).contains(&retry_after));
    let body = assert_error(response, 429).await;
    assert_eq!(body["code"], "rate_limited");
    // Deleting the conversation does not reset the count.
    let again = new_conversation(&app, &student).await;
    assert_error(
        app.post_as(
            &format!("/api/chat/conversations/{again}/messages"),
            &student.token,
            &json!({ "content": "and now?" }),
        )
        .await,
        429,
    )
    .await;
    // Another student is not affected; a minute later the student may ask again.
    let others = new_conversation(&app, &other).await;
    ask(&app, &other, &others, "What is a discriminant?").await;
    app.state.clock.advance(chrono::Duration::seconds(61));
    ask(&app, &student, &conversation, "What is a discriminant?").await;
}

async fn hostile_markup_never_reaches_the_page(backend: Backend) {
    let app = spawn_app(backend).await;
    let (student, tutor) = app.pair().await;
    let hostile = "Ms. Rivera: Today the discriminant <img src=x onerror=alert(1)> matters a lot.\n\
        Jordan: What does it do? <script>alert('x')</script>\n\
        Ms. Rivera: The discriminant tells you how many real solutions there are [see](javascript:alert(1)) <a href=\"javascript:alert(2)\" onclick=\"alert(3)\">here</a>.\n\
        Jordan: Okay, so if the discriminant is positive there are two solutions.\n\
        Ms. Rivera: Exactly, and if the discriminant is zero there is one repeated solution.\n";
    let response = app
        .post_as(
            "/api/transcripts/upload",
            &student.token,
            &upload_body(tutor.id, hostile, "plain_text"),
        )
        .await;
    assert_eq!(response.status(), 202);
    let id =
        response.json::<Value>().await.expect("json")["sessionId"].as_str().expect("id").to_owned();
    crate::helpers::eventually(std::time::Duration::from_secs(60), "the analysis", || async {
        let detail: Value =
            app.get_as(&format!("/api/sessions/{id}"), &student.token).await.json().await.ok()?;
        (detail["status"] == "analyzed").then_some(())
    })
    .await;
    let conversation = new_conversation(&app, &student).await;
    let exchange = ask(
        &app,
        &student,
        &conversation,
        "What does the discriminant tell me? <script>alert(1)</script> [x](javascript:alert(1))",
    )
    .await;
    assert!(!exchange["message"]["sources"].as_array().expect("sources").is_empty());
    for html in [&exchange["userMessage"]["contentHtml"], &exchange["message"]["contentHtml"]] {
        assert_safe_html(html.as_str().expect("html"));
    }
    // The words are still there, as text.
    let user_html = exchange["userMessage"]["contentHtml"].as_str().unwrap_or_default();
    assert!(user_html.contains("&lt;script&gt;"), "{user_html}");
}

/// Every real tag in the HTML (text shows `<` as `&lt;`) is harmless: no script, image, frame
/// or style, no event handler, no `javascript:` address.
pub fn assert_safe_html(html: &str) {
    let lower = html.to_lowercase();
    for tag in lower.split('<').skip(1).map(|rest| rest.split('>').next().unwrap_or_default()) {
        let name: String =
            tag.trim_start_matches('/').chars().take_while(|c| c.is_alphanumeric()).collect();
        assert!(
            !["script", "img", "iframe", "style", "svg", "object", "embed"]
                .contains(&name.as_str()),
            "<{tag}> in {html}"
        );
        assert!(!tag.contains("javascript:") && !tag.contains("data:"), "<{tag}> in {html}");
        let handler = tag.split_whitespace().skip(1).any(|attribute| attribute.starts_with("on"));
        assert!(!handler, "an event handler in <{tag}>: {html}");
    }
}

/// A ready practice with one item of each kind whose answers the transcript itself states.
pub async fn open_practice(app: &TestApp, student: &TestUser) -> uuid::Uuid {
    use app::server::entities::{practice_items, practices};
    let concept = concepts::ActiveModel {
        id: Set(uuid::Uuid::new_v4()),
        subject: Set("mathematics".into()),
        name: Set(format!("Discriminant {}", uuid::Uuid::new_v4().simple())),
        normalized_name: Set(format!("discriminant {}", uuid::Uuid::new_v4().simple())),
        description: Set(None),
        difficulty: Set(5),
        created_at: Set(app.state.clock.now()),
    }
    .insert(&app.db)
    .await
    .expect("a concept");
    let now = app.state.clock.now();
    let practice = practices::Model::create(
        &app.db,
        NewPractice {
            student_id: student.id,
            session_id: None,
            kind: app::server::entities::enums::PracticeKind::Review,
            concept_ids: vec![concept.id],
        },
        now,
    )
    .await
    .expect("a practice");
    let item = |kind, prompt: &str, answer, display: &str, hints: &[&str]| PracticeDraft {
        concept_id: concept.id,
        lines: None,
        item: GeneratedItem {
            kind,
            prompt: prompt.into(),
            options: if kind == QuestionKind::MultipleChoice {
                ["Factoring", "Completing the square", "The quadratic formula", "Guessing"]
                    .iter()
                    .zip(["a", "b", "c", "d"])
                    .map(|(text, id)| Choice { id: id.into(), text: (*text).into() })
                    .collect()
            } else {
                Vec::new()
            },
            answer,
            display_answer: display.into(),
            explanation: format!("Worked solution for: {prompt}"),
            hints: hints.iter().map(|h| (*h).to_owned()).collect(),
            difficulty: 5,
            generator: "test",
        },
    };
    let drafts = vec![
        item(
            QuestionKind::Numeric,
            "What is 16 minus negative 12 in the discriminant of x squared plus 4x minus 3?",
            AnswerKey::Numeric { value: 28.0, tolerance: 0.0, unit: None },
            "28",
            &["Minus a negative is plus.", "Add 16 and 12."],
        ),
        item(
            QuestionKind::MultipleChoice,
            "Which method always works for solving a quadratic equation?",
            AnswerKey::Choice { id: "c".into(), text: "The quadratic formula".into() },
            "c) The quadratic formula",
            &["Think about what your tutor said works every time."],
        ),
        item(
            QuestionKind::ShortAnswer,
            "What name did your tutor give to b squared minus 4ac, the piece under the square root?",
            AnswerKey::Text { accepted: vec!["discriminant".into(), "the discriminant".into()] },
            "the discriminant",
            &["It tells you how many real solutions there are."],
        ),
    ];
    practice_items::Model::replace_all(&app.db, practice.id, &drafts).await.expect("items");
    assert!(practice.mark_ready(&app.db, drafts.len(), now).await.expect("ready"));
    practice.id
}

/// Each item's question, and words that would give its answer away.
pub const GUARDED: [(&str, &[&str]); 3] = [
    ("What is 16 minus negative 12 in the discriminant of x squared plus 4x minus 3?", &["28"]),
    (
        "Which method always works for solving a quadratic equation?",
        &["quadratic formula", "option c"],
    ),
    (
        "What name did your tutor give to b squared minus 4ac, the piece under the square root?",
        &["discriminant"],
    ),
];

async fn open_practice_answers_are_never_given_away(backend: Backend) {
    let app = spawn_app(backend).await;
    let (student, tutor) = app.pair().await;
    app.upload_and_analyze(&student, &tutor, "algebra_quadratics.txt", "plain_text").await;
    let practice = open_practice(&app, &student).await;
    let conversation = new_conversation(&app, &student).await;
    // The tutor's lines state these answers; the guard must hold them back while it is open.
    for (question, giveaways) in GUARDED.iter().skip(1) {
        let answer = ask(&app, &student, &conversation, question).await;
        let message = &answer["message"];
        assert_eq!(message["status"], "guarded", "{question}: {message}");
        let excerpts: Vec<&str> = message["sources"]
            .as_array()
            .expect("sources")
            .iter()
            .filter_map(|s| s["excerpt"].as_str())
            .collect();
        let shown = format!("{} {}", message["content"], excerpts.join(" ")).to_lowercase();
        for word in *giveaways {
            assert!(!shown.contains(word), "{question}: {word:?} in {shown}");
        }
        assert!(shown.contains("step by step"), "a nudge instead: {shown}");
    }
    // Streamed, not even a delta gives it away.
    let (_, events) = ask_streaming(&app, &student, &conversation, GUARDED[2].0).await;
    assert!(events.iter().any(|(name, _)| name == "delta"));
    for (name, data) in &events {
        let shown = match name.as_str() {
            "delta" => data["text"].to_string(),
            "done" => data["message"]["content"].to_string(),
            _ => data["sources"]
                .as_array()
                .map(|s| s.iter().map(|s| s["excerpt"].to_string()).collect::<String>())
                .unwrap_or_default(),
        };
        assert!(!shown.to_lowercase().contains("discriminant"), "{name}: {shown}");
    }

    // Submitted, the same question gets the worked explanation.
    let submitted = app
        .post_as(
            &format!("/api/practice/{practice}/submit"),
            &student.token,
            &json!({ "answers": [] }),
        )
        .await;
    assert_eq!(submitted.status(), 200);
    for (question, _) in GUARDED {
        let answer = ask(&app, &student, &conversation, question).await;
        let content = answer["message"]["content"].as_str().unwrap_or_default();
        assert_ne!(answer["message"]["status"], "guarded", "{content}");
        assert!(content.contains(&format!("Worked solution for: {question}")), "{content}");
    }
}

async fn a_tutor_request_is_routed_and_kept_as_an_escalation(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.create_user("Admin", Role::Admin).await;
    let (student, tutor) = app.pair().await;
    app.upload_and_analyze(&student, &tutor, "algebra_quadratics.txt", "plain_text").await;
    app.link(&admin, &tutor, &student).await;

    // A plain question: the companion can keep helping.
    let calm = new_conversation(&app, &student).await;
    ask(&app, &student, &calm, "What does the discriminant tell me?").await;
    let route: Value = app
        .post_as(&format!("/api/chat/conversations/{calm}/route"), &student.token, &json!({}))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(route["recommendTutor"], false, "{route}");
    assert_eq!(route["urgency"], "low");
    assert_eq!(route["status"], "open");
    let calm_escalation = route["escalationId"].as_str().expect("id").to_owned();
    let dismissed = app
        .post_as(
            &format!("/api/chat/escalations/{calm_escalation}/dismiss"),
            &student.token,
            &json!({}),
        )
        .await;
    assert_eq!(dismissed.status(), 204);

    // Frustration and an explicit request: to the tutor, with why and what about.
    let stuck = new_conversation(&app, &student).await;
    ask(&app, &student, &stuck, "I still don't get the discriminant, I give up").await;
    ask(&app, &student, &stuck, "Can I talk to my tutor about this?").await;
    let response = app
        .post_as(&format!("/api/chat/conversations/{stuck}/route"), &student.token, &json!({}))
        .await;
    assert_eq!(response.status(), 200);
    let route: Value = response.json().await.expect("json");
    assert_eq!(route["recommendTutor"], true, "{route}");
    assert!(matches!(route["urgency"].as_str(), Some("medium" | "high")), "{route}");
    assert!(route["reason"].as_str().is_some_and(|r| r.contains("asked to talk to your tutor")));
    assert!(
        route["focus"].as_array().is_some_and(|f| f.iter().any(|c| c == "Discriminant")),
        "{route}"
    );
    assert!(route["summary"].as_str().is_some_and(|s| s.contains("Jordan asked 2 questions")));
    assert_eq!(route["tutorName"], "Ms. Rivera");
    assert_eq!(route["sent"], false);
    let escalation_id = route["escalationId"].as_str().expect("id").to_owned();

    // Sent as the student edited it; the tutor is told.
    let sent = app
        .post_as(
            &format!("/api/chat/escalations/{escalation_id}/send"),
            &student.token,
            &json!({ "reason": "I keep mixing up the signs.", "urgency": "high", "focus": ["Discriminant"] }),
        )
        .await;
    assert_eq!(sent.status(), 200);
    let sent: Value = sent.json().await.expect("json");
    assert_eq!((sent["sent"].clone(), sent["urgency"].clone()), (json!(true), json!("high")));
    let notes: Value = app
        .get_as(&format!("/api/notifications/student/{}", tutor.id), &tutor.token)
        .await
        .json()
        .await
        .expect("json");
    assert!(
        notes["notifications"].as_array().is_some_and(|n| n.iter().any(|n| {
            n["kind"] == "tutor_requested"
                && n["body"].as_str().is_some_and(|b| b.contains("signs"))
        })),
        "{notes}"
    );
    // Stored for the tutor side, open until a booking takes it up.
    let id: uuid::Uuid = escalation_id.parse().expect("uuid");
    let stored = escalations::Model::find(&app.db, id).await.expect("stored");
    assert_eq!(stored.status, EscalationStatus::Open);
    assert_eq!(stored.focus.0, vec!["Discriminant".to_owned()]);
    assert!(stored.sent_at.is_some());
    stored.mark_booked(&app.db, app.state.clock.now()).await.expect("booked");
    assert!(matches!(
        stored.dismiss(&app.db, app.state.clock.now()).await,
        Err(ModelError::WrongState { .. })
    ));
    // A dismissed one cannot be sent; others cannot touch it; bad input is refused.
    assert_error(
        app.post_as(
            &format!("/api/chat/escalations/{calm_escalation}/send"),
            &student.token,
            &json!({ "reason": "x", "urgency": "low" }),
        )
        .await,
        409,
    )
    .await;
    let other = app.register_student("Sam").await;
    assert_error(
        app.post_as(
            &format!("/api/chat/escalations/{escalation_id}/dismiss"),
            &other.token,
            &json!({}),
        )
        .await,
        404,
    )
    .await;
    let fresh: Value = app
        .post_as(&format!("/api/chat/conversations/{stuck}/route"), &student.token, &json!({}))
        .await
        .json()
        .await
        .expect("json");
    let fresh_id = fresh["escalationId"].as_str().expect("id");
    for body in [
        json!({ "reason": "", "urgency": "low" }),
        json!({ "reason": "help", "urgency": "whenever" }),
        json!({ "urgency": "low" }),
    ] {
        assert_error(
            app.post_as(&format!("/api/chat/escalations/{fresh_id}/send"), &student.token, &body)
                .await,
            400,
        )
        .await;
    }
}
