//! HTML building blocks: escaping, links, the page shell, and the minutes' Markdown as HTML.

use std::borrow::Cow;
use std::fmt::Write as _;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Escapes board-provided text for HTML text and double-quoted attributes (`& < > "`).
pub fn esc(s: &str) -> Cow<'_, str> {
    html_escape::encode_double_quoted_attribute(s)
}

/// A file name for an id: ids are folder and file names in the board, so they are safe names
/// already; anything outside `[A-Za-z0-9._-]` is percent-encoded so the link and the file agree.
pub fn slug(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-') {
            out.push(char::from(b));
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The page of a meeting's minutes.
/// A date as a resident reads it, "11 March 2025", marked up with its ISO form for machines:
/// `<time datetime="2025-03-11">11 March 2025</time>`. The month's name is English, as the site
/// is, whatever the machine's locale.
pub fn long_date(d: chrono::NaiveDate) -> String {
    format!(
        "<time datetime=\"{}\">{}</time>",
        d.format("%Y-%m-%d"),
        d.format("%-d %B %Y")
    )
}

pub fn meeting_page(id: &str) -> String {
    format!("meeting-{}.html", slug(id))
}

/// The page of a tender.
pub fn tender_page(id: &str) -> String {
    format!("tender-{}.html", slug(id))
}

/// The pages in the navigation, in order: file and label.
pub const NAV: [(&str, &str); 9] = [
    ("index.html", "Home"),
    ("tenders.html", "Tenders"),
    ("contracts.html", "Contracts"),
    ("written.html", "Decisions in writing"),
    ("disputes.html", "Disputes"),
    ("seats.html", "Seats and weights"),
    ("dashboard.html", "Dashboard"),
    ("downloads.html", "Downloads"),
    ("print.html", "All minutes (print)"),
];

/// What every page shares.
pub struct Shell<'a> {
    /// The board's name.
    pub board_name: &'a str,
    /// The page language (`<html lang>`).
    pub lang: &'a str,
    /// The date the site's statuses are given for.
    pub as_of: &'a str,
}

impl Shell<'_> {
    /// A whole page: `file` is the page's own file name (marked current in the navigation).
    pub fn page(&self, file: &str, title: &str, main: &str) -> String {
        let mut s = String::with_capacity(main.len() + 2048);
        let _ = write!(
            s,
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title} · {board}</title>\n<link rel=\"stylesheet\" href=\"style.css\">\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to the content</a>\n<header class=\"site\">\n<p class=\"board\">{board}</p>\n<nav aria-label=\"Site\">\n<ul>\n",
            lang = esc(self.lang),
            title = esc(title),
            board = esc(self.board_name),
        );
        for (href, label) in NAV {
            let current = if href == file {
                " aria-current=\"page\""
            } else {
                ""
            };
            let _ = writeln!(s, "<li><a href=\"{href}\"{current}>{label}</a></li>");
        }
        let _ = write!(
            s,
            "</ul>\n</nav>\n</header>\n<main id=\"main\">\n{main}</main>\n<footer class=\"site\">\n<p>Published by procboard from the board's files. Statuses as of {as_of}. The signed record is the minutes files themselves: see <a href=\"downloads.html\">Downloads</a>.</p>\n</footer>\n</body>\n</html>\n",
            as_of = esc(self.as_of),
        );
        s
    }
}

/// A table's opening with a caption and column headers (`scope="col"`); `num` marks the
/// columns aligned right.
pub fn table_head(s: &mut String, class: &str, caption: &str, cols: &[(&str, bool)]) {
    let _ = write!(
        s,
        "<table class=\"{class}\">\n<caption>{}</caption>\n<thead><tr>",
        esc(caption)
    );
    for (c, num) in cols {
        let cls = if *num { " class=\"num\"" } else { "" };
        let _ = write!(s, "<th scope=\"col\"{cls}>{}</th>", esc(c));
    }
    s.push_str("</tr></thead>\n<tbody>\n");
}

/// The end of a table opened by [`table_head`].
pub fn table_end(s: &mut String) {
    s.push_str("</tbody>\n</table>\n");
}

/// The body of `minutes.md` (after its front matter) as HTML, one `<section lang>` per language.
///
/// Board-provided text arrives here inside the Markdown, so nothing in it is trusted: raw HTML is
/// shown as text, links and images become their text, headings move `shift` levels down (below the
/// page's own headings), and header cells get `scope="col"`.
pub fn minutes_html(markdown: &str, languages: &[String], shift: u8) -> String {
    let body = strip_front_matter(markdown);
    let mut out = String::new();
    // The renderer starts each language with `<a id="LANG"></a>` on a line of its own.
    let mut sections: Vec<(Option<&str>, String)> = vec![(None, String::new())];
    for line in body.split_inclusive('\n') {
        let t = line.trim_end();
        if let Some(lang) = t
            .strip_prefix("<a id=\"")
            .and_then(|r| r.strip_suffix("\"></a>"))
            && languages.iter().any(|l| l == lang)
        {
            sections.push((Some(lang), String::new()));
            continue;
        }
        if let Some(last) = sections.last_mut() {
            last.1.push_str(line);
        }
    }
    for (lang, text) in sections {
        if text.trim().is_empty() {
            continue;
        }
        match lang {
            Some(l) => {
                let _ = writeln!(
                    out,
                    "<section lang=\"{}\" class=\"minutes-text\" id=\"text-{}\">",
                    esc(l),
                    esc(l)
                );
            }
            // Before any language's mark (a board with one language has none): the board's
            // first language.
            None => match languages.first() {
                Some(l) => {
                    let _ = writeln!(out, "<section lang=\"{}\" class=\"minutes-text\">", esc(l));
                }
                None => out.push_str("<section class=\"minutes-text\">\n"),
            },
        }
        markdown_to_html(&text, &mut out, shift);
        out.push_str("</section>\n");
    }
    out
}

fn strip_front_matter(md: &str) -> &str {
    md.strip_prefix("---\n")
        .and_then(|rest| rest.find("\n---\n").map(|end| &rest[end + 5..]))
        .unwrap_or(md)
}

fn lower(level: HeadingLevel, shift: u8) -> HeadingLevel {
    (0..shift).fold(level, |l, _| lower1(l))
}

fn lower1(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
    }
}

/// Markdown to safe HTML (see [`minutes_html`]).
pub fn markdown_to_html(md: &str, out: &mut String, shift: u8) {
    let mut in_head = false;
    let events = Parser::new_ext(md, Options::ENABLE_TABLES).filter_map(|ev| match ev {
        Event::Html(h) | Event::InlineHtml(h) => Some(Event::Text(h)),
        Event::Start(Tag::Link { .. } | Tag::Image { .. })
        | Event::End(TagEnd::Link | TagEnd::Image) => None,
        Event::Start(Tag::Heading { level, .. }) => Some(Event::Start(Tag::Heading {
            level: lower(level, shift),
            id: None,
            classes: Vec::new(),
            attrs: Vec::new(),
        })),
        Event::End(TagEnd::Heading(level)) => {
            Some(Event::End(TagEnd::Heading(lower(level, shift))))
        }
        Event::Start(Tag::TableHead) => {
            in_head = true;
            Some(Event::Start(Tag::TableHead))
        }
        Event::End(TagEnd::TableHead) => {
            in_head = false;
            Some(Event::End(TagEnd::TableHead))
        }
        Event::Start(Tag::TableCell) if in_head => {
            Some(Event::Html(CowStr::Borrowed("<th scope=\"col\">")))
        }
        Event::End(TagEnd::TableCell) if in_head => Some(Event::Html(CowStr::Borrowed("</th>"))),
        // A preformatted block scrolls sideways on a narrow screen: it takes the keyboard focus
        // so that it can be scrolled without a mouse, and is named for a screen reader.
        Event::Start(Tag::CodeBlock(_)) => Some(Event::Html(CowStr::Borrowed(
            "<pre tabindex=\"0\" role=\"group\" aria-label=\"Preformatted text (scrolls sideways)\"><code>",
        ))),
        Event::End(TagEnd::CodeBlock) => Some(Event::Html(CowStr::Borrowed("</code></pre>\n"))),
        other => Some(other),
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    // A header cell with nothing in it (the minutes' front table has an empty header row) is
    // no header: an ordinary empty cell.
    out.push_str(&html.replace("<th scope=\"col\"></th>", "<td></td>"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_board_text() {
        assert_eq!(
            esc("<script>\"a\" & 'b'</script>"),
            "&lt;script&gt;&quot;a&quot; &amp; 'b'&lt;/script&gt;"
        );
    }

    #[test]
    fn slugs_keep_safe_ids_and_encode_the_rest() {
        assert_eq!(slug("2025-04-regular"), "2025-04-regular");
        assert_eq!(slug("a b/<"), "a%20b%2F%3C");
    }

    #[test]
    fn markdown_raw_html_links_and_headings_are_made_safe() {
        let mut out = String::new();
        markdown_to_html(
            "# Title\n\nA <script>alert(1)</script> [click](javascript:alert(1)) ![i](x.png)\n\n| A | B |\n|---|---|\n| 1 | 2 |\n",
            &mut out,
            1,
        );
        assert!(out.contains("<h2>Title</h2>"), "{out}");
        assert!(!out.contains("<script>"), "{out}");
        assert!(out.contains("&lt;script&gt;"), "{out}");
        assert!(!out.contains("javascript:"), "{out}");
        assert!(!out.contains("<img"), "{out}");
        assert!(out.contains("<th scope=\"col\">A</th>"), "{out}");
    }

    #[test]
    fn minutes_sections_carry_their_language() {
        let md = "---\nformat: x\n---\n\n<a id=\"en\"></a>\n\n# Minutes\n\n<a id=\"fr\"></a>\n\n# Procès-verbal\n";
        let out = minutes_html(md, &["en".to_string(), "fr".to_string()], 2);
        assert!(out.contains("<h3>Minutes</h3>"), "{out}");
        assert!(out.contains("<section lang=\"en\""), "{out}");
        assert!(out.contains("<section lang=\"fr\""), "{out}");
        assert!(!out.contains("format: x"), "{out}");
        assert!(out.find("Minutes") < out.find("Procès-verbal"));
    }

    #[test]
    fn one_language_minutes_carry_it_too() {
        let out = minutes_html("# Minutes\n\nText.\n", &["fr".to_string()], 2);
        assert!(
            out.starts_with("<section lang=\"fr\" class=\"minutes-text\">"),
            "{out}"
        );
    }

    #[test]
    fn preformatted_blocks_take_the_focus_and_empty_headers_are_cells() {
        let mut out = String::new();
        markdown_to_html(
            "```text\n<b>yes</b> 93 of 100\n```\n\n| | |\n|---|---|\n| Body | Board |\n",
            &mut out,
            1,
        );
        assert!(
            out.contains("<pre tabindex=\"0\" role=\"group\" aria-label=\"Preformatted text (scrolls sideways)\"><code>&lt;b&gt;yes&lt;/b&gt; 93 of 100\n</code></pre>"),
            "{out}"
        );
        assert!(!out.contains("<th scope=\"col\"></th>"), "{out}");
        assert!(out.contains("<td></td>"), "{out}");
    }
}
