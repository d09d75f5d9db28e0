//! Markdown to HTML that is safe to insert into a page. Answers are rendered with pulldown-cmark
//! and then cleaned by ammonia's allow-list, so `<script>`, event handlers, `javascript:` links
//! and images never reach the browser, whatever the model, a transcript or the student wrote.
//! Raw HTML in the markdown is shown as text, not passed to the sanitiser as markup.

use std::{collections::HashSet, sync::LazyLock};

use pulldown_cmark::{Event, Options, Parser, html};

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("noopener noreferrer nofollow"))
        // Images would load from anywhere the text points: none in chat.
        .rm_tags(["img"]);
    builder
});

/// Markdown (an answer) as sanitised HTML.
pub fn render(markdown: &str) -> String {
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    SANITIZER.clean(&out).to_string()
}

/// Plain text (a student's question) as HTML: escaped, paragraphs and line breaks kept.
pub fn render_plain(text: &str) -> String {
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;");
    escaped
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("<p>{}</p>", p.trim().replace('\n', "<br>")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every real tag (text shows `<` as `&lt;`) is harmless.
    fn assert_safe(source: &str, html: &str) {
        let lower = html.to_lowercase();
        for tag in lower.split('<').skip(1).map(|rest| rest.split('>').next().unwrap_or_default()) {
            let name: String =
                tag.trim_start_matches('/').chars().take_while(|c| c.is_alphanumeric()).collect();
            let banned = ["script", "img", "iframe", "style", "svg", "object", "embed"];
            assert!(!banned.contains(&name.as_str()), "{source}: <{tag}> in {html}");
            assert!(!tag.contains("javascript:") && !tag.contains("data:"), "{source}: {html}");
            let handler = tag.split_whitespace().skip(1).any(|a| a.starts_with("on"));
            assert!(!handler, "{source}: an event handler in {html}");
        }
    }

    #[test]
    fn hostile_markdown_never_survives() {
        let hostile = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[click](javascript:alert(1))",
            "[click](JaVaScRiPt:alert(1))",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<div onclick=\"alert(1)\">x</div>",
            "![x](javascript:alert(1))",
            "![x](https://tracker.example/pixel.png)",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<svg onload=alert(1)>",
            "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "<style>body{display:none}</style>",
            "<scr<script>ipt>alert(1)</script>",
        ];
        for text in hostile {
            assert_safe(text, &render(text));
            assert_safe(text, &render_plain(text));
        }
        assert!(render("<script>alert(1)</script>").contains("&lt;script&gt;"), "shown as text");
    }

    #[test]
    fn ordinary_markdown_renders() {
        let html = render(
            "In **Quadratics**:\n\n> If it's negative, no real roots.\n\n[notes](https://example.com)",
        );
        assert!(html.contains("<strong>Quadratics</strong>"), "{html}");
        assert!(html.contains("<blockquote>"), "{html}");
        assert!(html.contains("rel=\"noopener noreferrer nofollow\""), "{html}");
        assert_eq!(render_plain("a & b\nc"), "<p>a &amp; b<br>c</p>");
    }
}
