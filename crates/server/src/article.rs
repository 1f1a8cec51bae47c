//! The article page's body: the cleaned article with its recovered
//! structure (kickers, headline, dateline, subheadings, paragraphs, byline,
//! captions), and the lines cleaning removed, each with its reason, folded
//! away below. Every piece of text is escaped.

use crate::html::{dir_of, encode_component, escape, ltr, safe_href, short_date};
use marsad_clean::Label;
use marsad_store::StoredArticle;
use std::fmt::Write;

/// The article's headline: the input's title, else the recovered one.
pub fn headline(a: &StoredArticle) -> String {
    let recovered = a.clean.as_ref().and_then(|c| c.structure.title.as_deref());
    [
        a.headline.trim(),
        a.article.title.trim(),
        recovered.unwrap_or_default().trim(),
    ]
    .into_iter()
    .find(|t| !t.is_empty())
    .unwrap_or("(بلا عنوان)")
    .to_string()
}

/// The `<article>` element of an article's page.
pub fn render(a: &StoredArticle) -> String {
    let title = headline(a);
    let mut out = format!(
        "<article class=\"full\"><h1 dir=\"{}\">{}</h1>",
        dir_of(&title),
        escape(&title)
    );
    facts(&mut out, a);
    if !body(&mut out, a) {
        for paragraph in a.article.content.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
            paragraph_html(&mut out, "p", "", paragraph);
        }
    }
    quotes(&mut out, a);
    removed(&mut out, a);
    if !a.warnings.is_empty() {
        let _ = write!(out, "<p class=\"help\">ملاحظات: {}</p>", escape(&a.warnings.join("؛ ")));
    }
    out.push_str("</article><p><a href=\"/\">العودة إلى البحث</a></p>");
    out
}

fn paragraph_html(out: &mut String, tag: &str, class: &str, text: &str) {
    let class = if class.is_empty() {
        String::new()
    } else {
        format!(" class=\"{class}\"")
    };
    let _ = write!(out, "<{tag}{class} dir=\"{}\">{}</{tag}>", dir_of(text), escape(text));
}

fn facts(out: &mut String, a: &StoredArticle) {
    let art = &a.article;
    out.push_str("<dl class=\"facts\">");
    let mut fact = |label: &str, html: String| {
        let _ = write!(out, "<dt>{label}</dt><dd>{html}</dd>");
    };
    if let Some(s) = &art.source {
        fact("المصدر", format!("<bdi>{}</bdi>", escape(s)));
    }
    if let Some(d) = &art.date {
        fact("التاريخ", ltr(&short_date(d)));
    }
    let structure = a.clean.as_ref().map(|c| &c.structure);
    if let Some(d) = structure.and_then(|s| s.dateline.as_ref()) {
        let parts: Vec<String> = [&d.place, &d.date, &d.agency]
            .into_iter()
            .flatten()
            .map(|p| format!("<bdi>{}</bdi>", escape(p)))
            .collect();
        if !parts.is_empty() {
            fact("مكان الخبر وتاريخه", parts.join(" — "));
        }
    }
    let byline = structure.and_then(|s| s.byline.as_ref());
    if let Some(author) = art.author.as_ref().or(byline) {
        fact("الكاتب", format!("<bdi>{}</bdi>", escape(author)));
    }
    if let Some(url) = &art.url {
        let html = match safe_href(url) {
            Some(href) => format!(
                "<a class=\"url\" dir=\"ltr\" href=\"{}\" rel=\"noopener noreferrer nofollow\">{}</a>",
                escape(href),
                escape(url)
            ),
            None => ltr(url),
        };
        fact("الرابط", html);
    }
    fact("المعرّف", ltr(&art.id));
    let json = format!("/api/articles/{}?raw=1", encode_component(&art.id));
    fact(
        "السجل الخام",
        format!("<a href=\"{}\" dir=\"ltr\">JSON</a> {}", escape(&json), ltr(&a.origin)),
    );
    out.push_str("</dl>");
}

/// The kept lines, each as its label says. False when the store holds no
/// cleaning for the article.
fn body(out: &mut String, a: &StoredArticle) -> bool {
    let Some(clean) = a.clean.as_ref().filter(|c| !c.lines.is_empty()) else {
        return false;
    };
    let content = a.article.content.as_str();
    for line in clean.lines.iter().filter(|l| !l.label.is_removed()) {
        let Some(text) = content.get(line.span.start..line.span.end) else {
            continue;
        };
        let (tag, class) = match line.label {
            Label::Title => continue, // shown as the page's heading
            Label::Kicker => ("p", "kicker"),
            Label::Subheading => ("h2", "sub"),
            Label::Dateline => ("p", "dateline"),
            Label::Byline => ("p", "byline"),
            Label::Caption => ("p", "caption"),
            _ => ("p", ""),
        };
        paragraph_html(out, tag, class, text);
    }
    true
}

/// Who said what in the article.
fn quotes(out: &mut String, a: &StoredArticle) {
    if a.quotes.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<section class=\"quotes\"><h2>من قال ماذا ({})</h2><ol>",
        a.quotes.len()
    );
    for q in &a.quotes {
        let _ = write!(out, "<li>{}</li>", crate::quotes::quote_html(q));
    }
    out.push_str("</ol></section>");
}

/// The removed lines with their reasons, folded.
fn removed(out: &mut String, a: &StoredArticle) {
    let Some(clean) = &a.clean else { return };
    let content = a.article.content.as_str();
    let lines: Vec<_> = clean.lines.iter().filter(|l| l.label.is_removed()).collect();
    if lines.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<details class=\"removed\"><summary>أُزيل من الصفحة الأصلية {} سطرًا \
         (ترويسة الموقع والتذييلات والتكرار)</summary><ol>",
        lines.len()
    );
    for line in lines {
        let text = content.get(line.span.start..line.span.end).unwrap_or_default();
        let why = line
            .reason
            .map(|r| r.to_string())
            .unwrap_or_else(|| line.label.to_string());
        let _ = write!(
            out,
            "<li value=\"{}\"><span dir=\"{}\">{}</span> <small>{}</small></li>",
            line.number,
            dir_of(text),
            escape(text),
            ltr(&why)
        );
    }
    out.push_str("</ol></details>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_core::Article;

    fn stored(content: &str) -> StoredArticle {
        StoredArticle {
            article: Article {
                id: "a".into(),
                content: content.into(),
                url: Some("javascript:alert(1)".into()),
                ..Default::default()
            },
            seq: 1,
            headline: String::new(),
            body: content.into(),
            clean: None,
            origin: "x".into(),
            format: "json".into(),
            encoding: "UTF-8".into(),
            warnings: vec![],
            versions: 1,
            quotes: vec![],
        }
    }

    #[test]
    fn without_cleaning_the_content_is_shown_escaped() {
        let html = render(&stored("سطر أول فيه شيفرة <script>x</script>\n\nسطر ثان"));
        assert!(html.contains("<p dir=\"rtl\">سطر أول فيه شيفرة &lt;script&gt;x&lt;/script&gt;</p>"));
        assert!(html.contains("<p dir=\"rtl\">سطر ثان</p>"));
        assert!(html.contains("<h1 dir=\"rtl\">(بلا عنوان)</h1>"));
        assert!(!html.contains("href=\"javascript"), "unsafe URLs are not links");
    }
}
