//! Report pages as published: HTML → a text rendering whose characters map back to the
//! page source, so a finding on a table cell points at the line of its `<td>`.
//!
//! Tokenising is html5gum's (WHATWG-compliant, and unlike html5ever it reports byte spans
//! for every token). On top of it sits the small part of tree construction that reports
//! need: implied `</td>`, `</tr>`, `</p>`, `</li>`, void elements, and skipping what a
//! browser does not show (`<head>`, scripts, styles, `display:none`).
//!
//! A table becomes tab-separated lines, one per `<tr>`, one field per cell as written (a
//! cell spanned by `rowspan` appears only in its first row, exactly as a browser copy
//! gives it — the text parser reads row labels by meaning, not by grid position). A table
//! that holds another table is page layout, not data: its cells render as paragraphs.

use super::rendering::{Place, Rendered, Rendering};
use std::borrow::Cow;

/// Elements whose content is never shown.
fn is_hidden(name: &str) -> bool {
    matches!(
        name,
        "head"
            | "script"
            | "style"
            | "template"
            | "noscript"
            | "iframe"
            | "object"
            | "svg"
            | "math"
            | "select"
            | "textarea"
            | "title"
    )
}

/// Elements that start and end a line.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hr"
            | "html"
            | "li"
            | "main"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
    )
}

/// Deepest element nesting kept (real pages stay under 40).
const MAX_DEPTH: usize = 200;

/// A table cell with more visible characters than this is page layout, not data.
const LAYOUT_CELL_CHARS: usize = 300;

/// Elements that never have content or an end tag.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

#[derive(Debug)]
enum Node<'h> {
    Element {
        /// Lower case.
        name: Cow<'static, str>,
        hidden: bool,
        /// `colspan` and `rowspan` (1 when absent or unreadable).
        grid: (usize, usize),
        /// The start tag's byte range in the page.
        tag: (usize, usize),
        /// For `<ol>`: the first number and how numbers are written (`type` or CSS
        /// `list-style-type`); the browser draws them, so the text does not hold them.
        list: Option<(u32, String)>,
    },
    /// Decoded text and the byte range of its source. Borrowed from the page when it is
    /// written there as it reads (no character reference, nothing replaced).
    Text {
        value: Cow<'h, str>,
        start: usize,
        end: usize,
    },
}

/// The page as a tree of nodes (index 0 is the document root).
struct Tree<'h> {
    nodes: Vec<Node<'h>>,
    /// Each node's place among its parent's children, beside `nodes`: linked rather
    /// than a `Vec` of children per element, which cost an allocation per element.
    links: Vec<Links>,
}

/// A node's first and last child and next sibling (0, the root, never is one: none).
#[derive(Debug, Clone, Copy, Default)]
struct Links {
    first_child: usize,
    last_child: usize,
    next_sibling: usize,
}

/// The children of a node, in document order.
struct Children<'t> {
    links: &'t [Links],
    next: usize,
}

impl Iterator for Children<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        let id = self.next;
        if id == 0 {
            return None;
        }
        self.next = self.links[id].next_sibling;
        Some(id)
    }
}

impl<'h> Tree<'h> {
    fn name(&self, id: usize) -> &str {
        match &self.nodes[id] {
            Node::Element { name, .. } => name,
            Node::Text { .. } => "",
        }
    }

    /// The text of the page's `<title>` up to its last 年度报告, and where it starts in the
    /// page, when it names a report and stands in the page as it reads (no character
    /// reference: the rendering maps it back byte for byte).
    fn report_title(&self) -> Option<(&str, usize)> {
        let title = self.nodes.iter().position(
            |node| matches!(node, Node::Element { name, .. } if name.as_ref() == "title"),
        )?;
        let child = self.children(title).next()?;
        let Node::Text { value, start, .. } = &self.nodes[child] else {
            return None;
        };
        let Cow::Borrowed(value) = value else {
            return None;
        };
        let end = value.rfind("年度报告")? + "年度报告".len();
        let leading = value.len() - value.trim_start().len();
        Some((&value[leading..end], start + leading))
    }

    fn children(&self, id: usize) -> Children<'_> {
        Children {
            links: &self.links,
            next: self.links[id].first_child,
        }
    }

    /// Adds `node` as the last child of `parent` (an element).
    fn push(&mut self, parent: usize, node: Node<'h>) -> usize {
        let id = self.nodes.len();
        self.nodes.push(node);
        self.links.push(Links::default());
        let last = self.links[parent].last_child;
        if last == 0 {
            self.links[parent].first_child = id;
        } else {
            self.links[last].next_sibling = id;
        }
        self.links[parent].last_child = id;
        id
    }

    /// Whether a table lays out the page rather than holding data: it holds another table,
    /// a heading, or a cell with a page's worth of text (a statistics cell holds a label of
    /// at most a few dozen characters).
    fn is_layout_table(&self, table: usize) -> bool {
        /// Whether the subtree holds a table, a heading or a long cell; adds the size of
        /// its text to `total`: in characters that are not whitespace when `chars`, else
        /// in bytes (never fewer).
        fn walk(tree: &Tree<'_>, id: usize, chars: bool, total: &mut usize) -> bool {
            for c in tree.children(id) {
                match &tree.nodes[c] {
                    Node::Text { value, .. } => {
                        *total += if chars {
                            value.chars().filter(|c| !c.is_whitespace()).count()
                        } else {
                            value.len()
                        };
                    }
                    Node::Element { name, .. } => {
                        if matches!(
                            name.as_ref(),
                            "table" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
                        ) {
                            return true;
                        }
                        if matches!(name.as_ref(), "td" | "th") {
                            let mut cell = 0;
                            if walk(tree, c, chars, &mut cell) {
                                return true;
                            }
                            // Measured in bytes, a cell within the limit is within it in
                            // characters too; only one past it (rare: a label never is)
                            // is counted again in characters.
                            if cell > LAYOUT_CELL_CHARS {
                                let mut counted = cell;
                                if !chars {
                                    counted = 0;
                                    walk(tree, c, true, &mut counted);
                                }
                                if counted > LAYOUT_CELL_CHARS {
                                    return true;
                                }
                            }
                        } else if walk(tree, c, chars, total) {
                            return true;
                        }
                    }
                }
            }
            false
        }
        walk(self, table, false, &mut 0)
    }
}

/// The start-tag attributes tree construction reads (the first of duplicates wins, as in
/// the HTML standard); every other attribute is skipped without being copied.
#[derive(Debug, Default)]
struct TagAttributes {
    style: Option<Vec<u8>>,
    hidden: bool,
    colspan: Option<Vec<u8>>,
    rowspan: Option<Vec<u8>>,
    start: Option<Vec<u8>>,
    list_type: Option<Vec<u8>>,
}

/// Which of [`TagAttributes`] the tokenizer's current attribute value goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AttributeSlot {
    Style,
    Colspan,
    Rowspan,
    Start,
    Type,
}

impl TagAttributes {
    fn slot(&mut self, slot: AttributeSlot) -> &mut Option<Vec<u8>> {
        match slot {
            AttributeSlot::Style => &mut self.style,
            AttributeSlot::Colspan => &mut self.colspan,
            AttributeSlot::Rowspan => &mut self.rowspan,
            AttributeSlot::Start => &mut self.start,
            AttributeSlot::Type => &mut self.list_type,
        }
    }

    fn text(value: &Option<Vec<u8>>) -> Option<String> {
        value
            .as_ref()
            .map(|v| String::from_utf8_lossy(v).to_ascii_lowercase())
    }
}

/// The most tree nodes reserved up front (a report page has a few thousand).
const MAX_RESERVED_NODES: usize = 1 << 15;

/// The names of the elements report pages are made of, by frequency in Word's pages.
const COMMON_ELEMENTS: &[&str] = &[
    "span", "p", "td", "tr", "b", "br", "div", "table", "tbody", "a", "font", "strong", "th", "li",
    "o:p", "img", "h1", "h2", "h3", "ul", "ol", "col", "colgroup", "thead",
];

/// An element's name in lower case; the common ones without an allocation each.
fn element_name(raw: &[u8]) -> Cow<'static, str> {
    match COMMON_ELEMENTS
        .iter()
        .find(|name| name.as_bytes().eq_ignore_ascii_case(raw))
    {
        Some(name) => Cow::Borrowed(name),
        None => Cow::Owned(String::from_utf8_lossy(raw).to_ascii_lowercase()),
    }
}

/// Builds the tree from html5gum's events (tag soup tolerated; nothing here fails).
///
/// html5gum's callback emitter hands over borrowed names, attributes and text; its default
/// emitter would copy every tag into a `StartTag` with a map of all its attributes, which
/// was a third of a page's reading time (Word pages put a `style` on every `<span>`).
fn build_tree(html: &str) -> Tree<'_> {
    use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};

    // About one node per tag (an element per start tag, a text between tags): sized
    // up front, as growing a vector of a few thousand nodes copied it over and over.
    // Capped: a `<` in text or script makes no node, and a page of them must not reserve
    // gigabytes (beyond the cap the vectors grow as they need).
    let capacity = (memchr::memchr_iter(b'<', html.as_bytes()).count() + 1).min(MAX_RESERVED_NODES);
    let mut builder = TreeBuilder {
        tree: Tree {
            nodes: Vec::with_capacity(capacity),
            links: Vec::with_capacity(capacity),
        },
        open: vec![0],
        tag_name: Cow::Borrowed(""),
        tag_start: 0,
        attributes: TagAttributes::default(),
        slot: None,
    };
    builder.tree.nodes.push(Node::Element {
        name: Cow::Borrowed(""),
        hidden: false,
        grid: (1, 1),
        tag: (0, 0),
        list: None,
    });
    builder.tree.links.push(Links::default());
    let mut emitter = CallbackEmitter::new(
        |event: CallbackEvent<'_>, span: html5gum::Span<usize>| -> Option<()> {
            match event {
                CallbackEvent::OpenStartTag { name } => {
                    builder.tag_name = element_name(name);
                    builder.tag_start = span.start;
                    builder.attributes = TagAttributes::default();
                    builder.slot = None;
                }
                CallbackEvent::AttributeName { name } => {
                    let attributes = &mut builder.attributes;
                    builder.slot = None;
                    // Compared in place: every attribute of every tag comes through here.
                    let is = |wanted: &[u8]| name.eq_ignore_ascii_case(wanted);
                    let slot = if is(b"hidden") {
                        attributes.hidden = true;
                        None
                    } else if is(b"style") {
                        Some(AttributeSlot::Style)
                    } else if is(b"colspan") {
                        Some(AttributeSlot::Colspan)
                    } else if is(b"rowspan") {
                        Some(AttributeSlot::Rowspan)
                    } else if is(b"start") {
                        Some(AttributeSlot::Start)
                    } else if is(b"type") {
                        Some(AttributeSlot::Type)
                    } else {
                        None
                    };
                    if let Some(slot) = slot {
                        let value = attributes.slot(slot);
                        if value.is_none() {
                            *value = Some(Vec::new());
                            builder.slot = Some(slot);
                        }
                    }
                }
                CallbackEvent::AttributeValue { value } => {
                    if let Some(slot) = builder.slot {
                        if let Some(v) = builder.attributes.slot(slot) {
                            v.extend_from_slice(value);
                        }
                    }
                }
                CallbackEvent::CloseStartTag { self_closing } => {
                    builder.slot = None;
                    builder.start_tag(self_closing, span.end);
                }
                CallbackEvent::EndTag { name } => {
                    builder.end_tag(name, (span.start, span.end));
                }
                CallbackEvent::String { value } => {
                    let parent = *builder.open.last().unwrap_or(&0);
                    let value = match html.get(span.start..span.end) {
                        Some(written) if written.as_bytes() == value => Cow::Borrowed(written),
                        _ => Cow::Owned(String::from_utf8_lossy(value).into_owned()),
                    };
                    builder.tree.push(
                        parent,
                        Node::Text {
                            value,
                            start: span.start,
                            end: span.end,
                        },
                    );
                }
                CallbackEvent::Comment { .. }
                | CallbackEvent::Doctype { .. }
                | CallbackEvent::Error(_) => {}
            }
            None
        },
    );
    emitter.naively_switch_states(true);
    for _ in html5gum::Tokenizer::new_with_emitter(html, WithoutErrors(emitter)) {}
    builder.tree
}

/// An emitter that tells the tokenizer not to look for parse errors: gilint reads tag
/// soup as browsers do and never reports them, and validating every byte of text for
/// noncharacters was a tenth of a page's reading time.
struct WithoutErrors<E>(E);

impl<E: html5gum::Emitter> html5gum::ForwardingEmitter for WithoutErrors<E> {
    type Token = E::Token;

    fn inner(&mut self) -> &mut impl html5gum::Emitter<Token = Self::Token> {
        &mut self.0
    }

    #[inline]
    fn should_emit_errors(&mut self) -> bool {
        false
    }
}

/// Tree construction state between html5gum's events.
struct TreeBuilder<'h> {
    tree: Tree<'h>,
    /// The open elements, innermost last (index 0 is the root).
    open: Vec<usize>,
    /// The start tag being read: its name, where it starts and the attributes kept.
    tag_name: Cow<'static, str>,
    tag_start: usize,
    attributes: TagAttributes,
    /// Where the current attribute's value goes, if it is one that is kept.
    slot: Option<AttributeSlot>,
}

impl TreeBuilder<'_> {
    fn start_tag(&mut self, self_closing: bool, end: usize) {
        let name = std::mem::take(&mut self.tag_name);
        let attributes = std::mem::take(&mut self.attributes);
        let tree = &mut self.tree;
        let open = &mut self.open;
        close_implied(tree, open, &name);
        let style_hidden = attributes.style.as_deref().is_some_and(style_hides);
        let hidden = is_hidden(&name) || style_hidden || attributes.hidden;
        let void = is_void(&name) || self_closing;
        // Bounded: a corrupt `rowspan=99999999` must not make a huge grid.
        let count = |value: &Option<Vec<u8>>| {
            TagAttributes::text(value)
                .and_then(|v| v.trim().parse::<usize>().ok())
                .map_or(1, |n| n.clamp(1, 1000))
        };
        let grid = (count(&attributes.colspan), count(&attributes.rowspan));
        let list = (name == "ol").then(|| {
            let start = TagAttributes::text(&attributes.start)
                .and_then(|v| v.trim().parse::<u32>().ok())
                .unwrap_or(1)
                .min(10_000);
            let list_style = TagAttributes::text(&attributes.style)
                .as_deref()
                .and_then(|s| {
                    s.split(';').find_map(|d| {
                        let (k, v) = d.split_once(':')?;
                        (k.trim() == "list-style-type" || k.trim() == "list-style")
                            .then(|| v.trim().to_string())
                    })
                })
                .or_else(|| TagAttributes::text(&attributes.list_type))
                .unwrap_or_default();
            (start, list_style)
        });
        let parent = *open.last().unwrap_or(&0);
        let id = tree.push(
            parent,
            Node::Element {
                name,
                hidden,
                grid,
                tag: (self.tag_start, end),
                list,
            },
        );
        // Bounded nesting keeps the recursive renderer's stack small on hostile
        // input; deeper elements' content goes to the deepest open element.
        if !void && open.len() < MAX_DEPTH {
            open.push(id);
        }
    }

    fn end_tag(&mut self, name: &[u8], span: (usize, usize)) {
        // Compared in place, without a lower-case copy (element names are stored lower case).
        let is = |element: &str| element.as_bytes().eq_ignore_ascii_case(name);
        let tree = &mut self.tree;
        let open = &mut self.open;
        if is("br") {
            // `</br>` is read as `<br>` by browsers.
            let parent = *open.last().unwrap_or(&0);
            tree.push(
                parent,
                Node::Element {
                    name: Cow::Borrowed("br"),
                    hidden: false,
                    grid: (1, 1),
                    tag: span,
                    list: None,
                },
            );
            return;
        }
        // Close the innermost open element of that name, but never across a table
        // boundary for table parts (a stray `</td>` must not close an outer cell).
        let table_part = ["td", "th", "tr", "tbody", "thead", "tfoot"]
            .into_iter()
            .any(is);
        let found = open.iter().rposition(|&id| is(tree.name(id)));
        if let Some(i) = found {
            let crosses_table =
                table_part && open[i + 1..].iter().any(|&id| tree.name(id) == "table");
            if i > 0 && !crosses_table {
                open.truncate(i);
            }
        }
    }
}

/// Whether an inline style hides the element (`display:none`, `visibility:hidden`, any
/// case, any spacing). Word pages put a style on every span: most are ruled out by the
/// absence of the words before anything is copied.
fn style_hides(style: &[u8]) -> bool {
    let has = |word: &[u8]| {
        style
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word))
    };
    if !has(b"none") && !has(b"hidden") {
        return false;
    }
    let compact: String = String::from_utf8_lossy(style)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    compact.contains("display:none") || compact.contains("visibility:hidden")
}

/// Closes what the start of `name` implicitly ends (the part of the HTML tree-construction
/// rules that matters for report pages).
fn close_implied(tree: &Tree<'_>, open: &mut Vec<usize>, name: &str) {
    let table_at = open.iter().rposition(|&id| tree.name(id) == "table");
    // Closes the outermost open target above `floor` and everything inside it.
    let close_to = |open: &mut Vec<usize>, targets: &[&str], floor: Option<usize>| {
        let from = floor.map_or(1, |f| f + 1);
        if let Some(i) = open
            .iter()
            .enumerate()
            .skip(from)
            .find(|(_, &id)| targets.contains(&tree.name(id)))
            .map(|(i, _)| i)
        {
            open.truncate(i);
        }
    };
    match name {
        "td" | "th" => close_to(open, &["td", "th"], table_at),
        "tr" => close_to(open, &["tr", "td", "th"], table_at),
        "tbody" | "thead" | "tfoot" => close_to(
            open,
            &["tbody", "thead", "tfoot", "tr", "td", "th"],
            table_at,
        ),
        "li" => {
            let list_at = open
                .iter()
                .rposition(|&id| matches!(tree.name(id), "ul" | "ol"));
            close_to(open, &["li"], list_at);
        }
        _ => {}
    }
    // A block start closes an open paragraph in the same cell (p cannot hold blocks).
    if is_block(name) || name == "p" {
        let cell_at = open
            .iter()
            .rposition(|&id| matches!(tree.name(id), "td" | "th" | "table"));
        if let Some(i) = open.iter().rposition(|&id| tree.name(id) == "p") {
            if cell_at.is_none_or(|c| c < i) {
                open.truncate(i);
            }
        }
    }
}

struct Renderer<'a> {
    tree: &'a Tree<'a>,
    source: &'a str,
    out: Rendering,
    tables: usize,
    paragraphs: usize,
    /// Inside `<pre>` (outside table cells): line breaks and tabs are kept, so a report
    /// pasted as text into a page keeps its lines and tab-separated tables.
    in_pre: usize,
}

impl Renderer<'_> {
    fn node(&mut self, id: usize, in_cell: bool) {
        match &self.tree.nodes[id] {
            Node::Text { value, start, end } => self.text(value, *start, *end),
            Node::Element { name, hidden, .. } => {
                if *hidden {
                    return;
                }
                let name = name.as_ref();
                if name == "br" {
                    if in_cell {
                        self.out.push_char(' ', None);
                    } else {
                        self.out.line_break();
                    }
                    return;
                }
                if name == "table" && !self.tree.is_layout_table(id) {
                    self.data_table(id);
                    return;
                }
                if let Node::Element {
                    list: Some((start, style)),
                    ..
                } = &self.tree.nodes[id]
                {
                    self.ordered_list(id, *start, style, in_cell);
                    return;
                }
                let block = is_block(name);
                if block && !in_cell {
                    self.out.line_break();
                    if !matches!(name, "table" | "tbody" | "thead" | "tfoot" | "tr") {
                        self.paragraphs += 1;
                        self.out.enter(Place::Paragraph(self.paragraphs));
                    }
                } else if block {
                    self.out.push_char(' ', None);
                }
                let pre = name == "pre" && !in_cell;
                self.in_pre += usize::from(pre);
                for child in self.tree.children(id) {
                    self.node(child, in_cell);
                }
                self.in_pre -= usize::from(pre);
                if block && !in_cell {
                    self.out.line_break();
                } else if block {
                    self.out.push_char(' ', None);
                }
            }
        }
    }

    /// An `<ol>`: each item starts with the number the browser would draw.
    fn ordered_list(&mut self, id: usize, start: u32, style: &str, in_cell: bool) {
        let mut number = start;
        for child in self.tree.children(id) {
            if self.tree.name(child) != "li" {
                self.node(child, in_cell);
                continue;
            }
            if in_cell {
                self.out.push_char(' ', None);
            } else {
                self.out.line_break();
                self.paragraphs += 1;
                self.out.enter(Place::Paragraph(self.paragraphs));
            }
            self.out.push_str(&list_marker(number, style));
            for grandchild in self.tree.children(child) {
                // A heading inside the item stays on the number's line.
                match self.tree.nodes[grandchild] {
                    Node::Element { ref name, .. } if name.starts_with('h') || name == "p" => {
                        for inner in self.tree.children(grandchild) {
                            self.node(inner, in_cell);
                        }
                    }
                    _ => self.node(grandchild, in_cell),
                }
            }
            number = number.saturating_add(1);
        }
        if !in_cell {
            self.out.line_break();
        }
    }

    /// One line per row, cells separated by tabs, in grid columns for places.
    fn data_table(&mut self, table: usize) {
        self.tables += 1;
        self.out.line_break();
        let mut rows = Vec::new();
        self.collect(table, "tr", &mut rows);
        // First pass: each cell's grid column (rowspans from rows above take columns)
        // and text, so blanks that stand for zero can be told from merged labels.
        let mut layout: Vec<Vec<(usize, usize, String)>> = Vec::new();
        let mut spanned: Vec<usize> = Vec::new();
        for &row in &rows {
            let mut cells = Vec::new();
            self.collect(row, "td", &mut cells);
            let mut column = 0;
            let mut next_spanned = Vec::new();
            let mut placed = Vec::new();
            for &cell in &cells {
                while spanned.get(column).copied().unwrap_or(0) > 0 {
                    next_spanned_set(&mut next_spanned, column, spanned[column] - 1);
                    column += 1;
                }
                placed.push((cell, column, self.visible_text(cell)));
                let (colspan, rowspan) = self.spans(cell);
                for c in column..column + colspan {
                    next_spanned_set(&mut next_spanned, c, rowspan.saturating_sub(1));
                }
                column += colspan;
            }
            for (c, left) in spanned.iter().enumerate().skip(column) {
                if *left > 0 {
                    next_spanned_set(&mut next_spanned, c, left - 1);
                }
            }
            spanned = next_spanned;
            layout.push(placed);
        }
        let grid: Vec<Vec<super::rendering::GridCell>> = layout
            .iter()
            .map(|row| {
                row.iter()
                    .map(|(_, _, text)| super::rendering::GridCell {
                        text,
                        merged: false,
                    })
                    .collect()
            })
            .collect();
        let zeros = super::rendering::blanks_read_as_zero(&grid);
        for (r, row) in layout.iter().enumerate() {
            for (k, (cell, column, _)) in row.iter().enumerate() {
                let place = Place::Cell {
                    table: self.tables,
                    row: r + 1,
                    column: column + 1,
                };
                // A blank standing for zero points at its <td> tag.
                let tag = match self.tree.nodes[*cell] {
                    Node::Element { tag, .. } => Some((tag.0, tag.1 - tag.0)),
                    Node::Text { .. } => None,
                };
                self.out.start_cell(k, place, zeros[r][k].then_some(tag));
                for child in self.tree.children(*cell) {
                    self.node(child, true);
                }
            }
            self.out.line_break();
        }
        self.paragraphs += 1;
        self.out.enter(Place::Paragraph(self.paragraphs));
    }

    /// The text a cell shows (its visible descendants' text, concatenated).
    fn visible_text(&self, id: usize) -> String {
        let mut out = String::new();
        self.push_visible_text(id, &mut out);
        out
    }

    fn push_visible_text(&self, id: usize, out: &mut String) {
        for child in self.tree.children(id) {
            match &self.tree.nodes[child] {
                Node::Text { value, .. } => out.push_str(value),
                Node::Element { hidden: false, .. } => self.push_visible_text(child, out),
                Node::Element { .. } => {}
            }
        }
    }

    /// Descendants named `name` (`td` also finds `th`), not looking inside them.
    fn collect(&self, id: usize, name: &str, found: &mut Vec<usize>) {
        for child in self.tree.children(id) {
            let n = self.tree.name(child);
            if n == name || (name == "td" && n == "th") {
                found.push(child);
            } else if !matches!(self.tree.nodes[child], Node::Element { hidden: true, .. }) {
                self.collect(child, name, found);
            }
        }
    }

    fn spans(&self, cell: usize) -> (usize, usize) {
        match self.tree.nodes[cell] {
            Node::Element { grid, .. } => grid,
            Node::Text { .. } => (1, 1),
        }
    }

    /// Decoded text, aligned with its source bytes character by character.
    fn text(&mut self, value: &str, start: usize, end: usize) {
        let source = self.source.as_bytes();
        // Most text stands in the page as it is: no entity, no CR, outside <pre>.
        if self.in_pre == 0 && source.get(start..end) == Some(value.as_bytes()) {
            self.out.push_source_str(value, start);
            return;
        }
        let end = end.min(source.len());
        let mut at = start.min(end);
        for c in value.chars() {
            let mut buf = [0; 4];
            let encoded = c.encode_utf8(&mut buf).as_bytes();
            // The tokenizer turns CRLF into LF.
            if c == '\n' && source.get(at) == Some(&b'\r') {
                at += 1;
            }
            if self.in_pre > 0 && matches!(c, '\n' | '\t') {
                if c == '\n' {
                    self.out.line_break();
                } else {
                    self.out.cell_break();
                }
                at = (at + 1).min(end);
                continue;
            }
            if source.get(at..at + encoded.len()) == Some(encoded) {
                self.out.push_char(c, Some((at, encoded.len())));
                at += encoded.len();
            } else if source.get(at) == Some(&b'&') {
                let len = source[at..end.max(at)]
                    .iter()
                    .take(40)
                    .position(|&b| b == b';')
                    .map_or(1, |p| p + 1);
                self.out.push_char(c, Some((at, len)));
                at += len;
            } else {
                self.out.push_char(c, None);
                at = (at + 1).min(end);
                while at < end && !self.source.is_char_boundary(at) {
                    at += 1;
                }
            }
        }
    }
}

/// The marker of list item `n` as CSS `list-style-type` (or the `type` attribute) draws it.
fn list_marker(n: u32, style: &str) -> String {
    let style = style.to_ascii_lowercase();
    if style.contains("cjk") || style.contains("chinese") || style.contains("ideographic") {
        format!("{}、", super::rendering::chinese_counting(n))
    } else if style == "a" || style.contains("lower-alpha") || style.contains("lower-latin") {
        format!("{}.", char::from(b'a' + ((n.max(1) - 1) % 26) as u8))
    } else if style == "A" || style.contains("upper-alpha") || style.contains("upper-latin") {
        format!("{}.", char::from(b'A' + ((n.max(1) - 1) % 26) as u8))
    } else if style.contains("none") {
        String::new()
    } else {
        format!("{n}.")
    }
}

fn next_spanned_set(spanned: &mut Vec<usize>, column: usize, left: usize) {
    if spanned.len() <= column {
        spanned.resize(column + 1, 0);
    }
    spanned[column] = spanned[column].max(left);
}

/// Renders a decoded HTML page.
pub fn render(html: &str) -> Rendered {
    let tree = build_tree(html);
    let renderer = |title: Option<(&str, usize)>| {
        let mut renderer = Renderer {
            tree: &tree,
            source: html,
            out: Rendering::default(),
            tables: 0,
            paragraphs: 0,
            in_pre: 0,
        };
        if let Some((title, start)) = title {
            renderer.text(title, start, start + title.len());
            renderer.out.line_break();
        }
        renderer.node(0, false);
        renderer.out
    };
    let shown = renderer(None);
    // A page whose body starts at 一、总体情况 may name the report only in its `<title>`
    // (the browser's tab): without it the report's year, agency and kind of body are
    // unknown. Its text up to 年度报告 (a site's name follows: `…年度报告_青山市人民政府`)
    // is then the rendering's first line, pointing at the `<title>`.
    match tree.report_title() {
        Some(title) if !names_the_report(&shown.text) => renderer(Some(title)).finish(),
        _ => shown.finish(),
    }
}

/// A text file that writes its tables in HTML (Markdown as pandoc writes a table with
/// merged cells, which a pipe table cannot hold; text pasted with a page's source): its
/// text as written, each outermost `<table>…</table>` rendered as a page's table is (a
/// row a line, its cells tab-separated), pointing back into the file. `None` when it
/// writes no table so.
pub fn render_tables_within(text: &str) -> Option<Rendered> {
    let blocks = table_blocks(text);
    if blocks.is_empty() {
        return None;
    }
    let mut out = Rendered::default();
    let mut from = 0;
    for (start, end) in blocks {
        out.push_verbatim(&text[from..start], from);
        // Its rows start lines of their own (a table written after words on a line).
        if !(out.text.is_empty() || out.text.ends_with('\n')) {
            out.text.push('\n');
        }
        out.push_rendered(render(&text[start..end]), start);
        from = end;
    }
    out.push_verbatim(&text[from..], from);
    Some(out)
}

/// Where the outermost `<table>…</table>` elements of a text are (tags in any case), each
/// to the end of its closing tag. A table never closed is left as written.
fn table_blocks(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut blocks = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for at in memchr::memchr_iter(b'<', bytes) {
        let rest = &bytes[at + 1..];
        let (closing, name) = match rest.split_first() {
            Some((b'/', name)) => (true, name),
            _ => (false, rest),
        };
        let is_table = name
            .get(..5)
            .is_some_and(|n| n.eq_ignore_ascii_case(b"table"))
            && name.get(5).is_none_or(|b| !b.is_ascii_alphanumeric());
        if !is_table {
            continue;
        }
        if !closing {
            if depth == 0 {
                start = at;
            }
            depth += 1;
        } else if depth > 0 {
            depth -= 1;
            if depth == 0 {
                let end = memchr::memchr(b'>', &bytes[at..]).map_or(bytes.len(), |i| at + i + 1);
                blocks.push((start, end));
            }
        }
    }
    blocks
}

/// Where the report's name is looked for in a page's text: its first lines, before the
/// first section.
const TITLE_SCAN_BYTES: usize = 1024;

/// Whether the start of a rendering names the report (`…年度报告`), before its first section.
fn names_the_report(text: &str) -> bool {
    let mut head = &text[..super::floor_char_boundary(text, TITLE_SCAN_BYTES)];
    if let Some(first_section) = head.find("一、") {
        head = &head[..first_section];
    }
    head.contains("年度报告")
}

/// The `charset` a page declares in its first 1024 bytes (`<meta charset>` or the
/// `http-equiv` content type), as the HTML standard's prescan looks for it.
pub fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let at = lower.windows(8).position(|w| w == b"charset=")? + 8;
    let rest = &lower[at..];
    let rest = rest
        .strip_prefix(b"\"")
        .or(rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_'))
        .unwrap_or(rest.len());
    encoding_rs::Encoding::for_label(&rest[..end])
}

/// Whether bytes of unknown type look like an HTML page.
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let trimmed = lower
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map_or(&lower[..0], |i| &lower[i..]);
    let trimmed = trimmed.strip_prefix(b"\xef\xbb\xbf").unwrap_or(trimmed);
    trimmed.starts_with(b"<!doctype html") || trimmed.starts_with(b"<html")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Span;

    #[test]
    fn tables_written_in_html_within_text_are_found_whole() {
        let text = "一、总体情况\n<TABLE border=1><tr><td><table><tr><td>x</td></tr></table></td></tr></Table>\n正文<tablet>\n<table><tr><td>open";
        let blocks = table_blocks(text);
        assert_eq!(blocks.len(), 1, "{blocks:?}");
        let (start, end) = blocks[0];
        assert!(text[start..end].starts_with("<TABLE"));
        assert!(text[start..end].ends_with("</Table>"));
        assert!(render_tables_within("no tables <b>here</b>\n").is_none());
        // The text around keeps its lines and maps one to one; the table's cells point
        // into its HTML.
        let text =
            "一、总体情况\n共5件。<table><tr><td>行政许可</td><td>12</td></tr></table>\n六、其他\n";
        let rendered = render_tables_within(text).expect("a table");
        assert_eq!(
            rendered.text,
            "一、总体情况\n共5件。\n行政许可\t12\n\n六、其他\n"
        );
        for written in ["12", "六、其他"] {
            let at = rendered.text.find(written).expect("rendered");
            let span = rendered.source_span(Span::new(at, at + written.len()));
            assert_eq!(&text[span.start..span.end], written);
        }
    }

    #[test]
    fn inline_styles_that_hide() {
        assert!(style_hides(b"DISPLAY : None"));
        assert!(style_hides(b"color:red; visibility:\thidden"));
        assert!(!style_hides(
            b"font-family:\xe4\xbb\xbf\xe5\xae\x8b; text-indent:32pt"
        ));
        assert!(!style_hides(b"display:block; border:none"));
    }

    #[test]
    fn paragraphs_and_tables_render_as_lines_and_tabs() {
        let html = "<html><head><title>t</title><style>p{}</style></head><body>\
            <div class=nav>首页 &gt; 政务公开</div>\
            <p>一、<span>总体</span><span>情况</span></p>\
            <table><tr><td>规章<td>0<td>1\n<tr><td>行政规范性文件</td><td>&nbsp;2</td><td>3</td></tr></table>\
            <p style='display: none'>hidden</p><p>六、其他</p></body></html>";
        let done = render(html);
        assert_eq!(
            done.text,
            "首页 > 政务公开\n一、总体情况\n规章\t0\t1\n行政规范性文件\t2\t3\n六、其他\n"
        );
        let two = done.text.find('2').expect("2");
        let span = done.source_span(Span::new(two, two + 1));
        assert_eq!(&html[span.start..span.end], "2");
        assert_eq!(
            done.place(two),
            Some(Place::Cell {
                table: 1,
                row: 2,
                column: 2
            })
        );
    }

    #[test]
    fn the_title_of_a_page_is_its_first_line_when_the_body_does_not_name_the_report() {
        let head = "<html><head><title> 青山市司法局2023年政府信息公开工作年度报告_青山市人民政府</title></head>";
        let html = format!("{head}<body><p>一、总体情况</p><p>正文。</p></body></html>");
        let done = render(&html);
        assert_eq!(
            done.text,
            "青山市司法局2023年政府信息公开工作年度报告\n一、总体情况\n正文。\n"
        );
        // It points at the `<title>`.
        let span = done.source_span(Span::new(0, "青山市司法局".len()));
        assert_eq!(&html[span.start..span.end], "青山市司法局");
        // A body that names the report keeps its own title; a `<title>` that names none
        // adds nothing.
        let named = format!("{head}<body><h1>青山市司法局2023年政府信息公开工作年度报告</h1><p>一、总体情况</p></body>");
        assert!(render(&named)
            .text
            .starts_with("青山市司法局2023年政府信息公开工作年度报告\n一、"));
        let plain =
            "<html><head><title>青山市人民政府</title></head><body><p>一、总体情况</p></body>";
        assert_eq!(render(plain).text, "一、总体情况\n");
    }

    #[test]
    fn layout_tables_render_their_cells_as_paragraphs() {
        let html = "<table><tr><td><p>一、总体情况</p><table><tr><td>a</td><td>1</td></tr></table>\
            </td></tr></table>";
        assert_eq!(render(html).text, "一、总体情况\na\t1\n");
    }

    #[test]
    fn a_table_holding_the_whole_article_is_layout() {
        let long = "政务公开工作取得新进展。".repeat(40);
        let html = format!(
            "<table><tr><td>导航</td><td><p>一、总体情况</p><p>{long}</p><p>二、主动公开政府信息情况</p></td></tr></table>"
        );
        let text = render(&html).text;
        assert!(text.contains("\n一、总体情况\n"), "{text}");
        assert!(!text.contains('\t'));
    }

    #[test]
    fn a_cell_is_layout_past_300_characters_not_bytes() {
        // 300 Han characters are 900 bytes: still a label-sized cell; whitespace and
        // markup do not count, the 301st character does.
        let table = |cell: &str| format!("<table><tr><td>{cell}</td><td>1</td></tr></table>");
        let han = "公".repeat(300);
        let data = table(&format!("<b>{}</b> \n {}", &han[..450], &han[450..]));
        assert!(render(&data).text.contains('\t'));
        let layout = table(&format!("{han}开"));
        assert!(!render(&layout).text.contains('\t'));
    }

    #[test]
    fn deep_nesting_does_not_exhaust_the_stack() {
        let html = format!(
            "{}一、总体情况{}",
            "<div><span>".repeat(100_000),
            "</span></div>".repeat(10)
        );
        assert!(render(&html).text.contains("一、总体情况"));
    }

    #[test]
    fn a_report_pasted_into_pre_keeps_its_lines_and_tabs() {
        let html = "<body><pre>一、总体情况\n正文。\n规章\t0\t1\t2\n</pre></body>";
        let done = render(html);
        assert_eq!(done.text, "一、总体情况\n正文。\n规章\t0\t1\t2\n");
        let two = done.text.find('2').expect("2");
        let span = done.source_span(crate::document::Span::new(two, two + 1));
        assert_eq!(&html[span.start..span.end], "2");
    }

    #[test]
    fn charset_is_found_in_meta() {
        let page =
            b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">";
        assert_eq!(declared_charset(page), Some(encoding_rs::GBK));
        assert_eq!(
            declared_charset(b"<meta charset='utf-8'>"),
            Some(encoding_rs::UTF_8)
        );
        assert_eq!(declared_charset(b"<p>none</p>"), None);
    }
}
