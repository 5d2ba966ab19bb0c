//! The scenario map: a deterministic layered drawing of a scenario's graph, as plain data.
//!
//! Scenes and endings become boxes, every target of every choice becomes an edge. The
//! drawing runs top to bottom and is computed in four steps, all linear or near-linear in
//! the size of the graph:
//!
//! 1. **Layers.** A depth-first search from the start (then from any scene it never
//!    reaches) finds the back edges — the ones that close a loop — and a topological order
//!    of the rest. Each box sits at its longest-path depth over the non-back edges, so every
//!    forward edge points to a deeper layer. Endings sit at their own depth.
//! 2. **Order within layers.** Edges that skip layers get a chain of invisible waypoints,
//!    one per layer they cross (back edges too, reversed), and a few barycenter sweeps down
//!    and up reorder every layer to reduce crossings. The ordering with the fewest
//!    crossings seen is kept, then neighbours are swapped while that removes crossings.
//!    (Waypoints have a budget proportional to the graph; on a pathological graph the
//!    longest edges beyond it are drawn straight across instead.)
//! 3. **Coordinates.** Each layer is placed as close as possible to the average position of
//!    its neighbours, keeping its order and the minimum gaps (isotonic regression by
//!    pool-adjacent-violators, exact and linear), for a few passes down and up.
//! 4. **Edges.** Ports spread along the bottom and top of each box; each edge is a chain of
//!    cubic Bézier segments through its waypoints, leaving and entering boxes vertically.
//!
//! Coordinates are abstract units (think CSS pixels at 100 %). Nothing here depends on
//! the platform; the UI only formats what this module computes.

use super::scenario::{EndingIndex, Scenario, SceneIndex, Target, Tone};

/// Width of every box.
pub const NODE_WIDTH: f64 = 180.0;
/// Height of a scene's box: two lines of title.
pub const SCENE_HEIGHT: f64 = 56.0;
/// Height of an ending's box: its tone, then two lines of title.
pub const ENDING_HEIGHT: f64 = 76.0;
/// Vertical space between layers, where the edges bend.
pub const LAYER_GAP: f64 = 64.0;
/// Horizontal space between two boxes of a layer.
pub const NODE_GAP: f64 = 28.0;
/// Space around the drawing.
pub const MARGIN: f64 = 24.0;
/// Space above the first layer, for a "Start" caption.
pub const TOP_MARGIN: f64 = 40.0;
/// Characters per line of a box's label, and lines per label.
pub const LABEL_LINE_CHARS: usize = 20;
pub const LABEL_LINES: usize = 2;

/// Space between an edge's waypoint and a box, and between two waypoints.
const WAYPOINT_GAP_TO_NODE: f64 = 16.0;
const WAYPOINT_GAP: f64 = 12.0;
/// Distance between two edges leaving or entering the same side of a box.
const PORT_SPACING: f64 = 18.0;
/// How far a scene's edge back to itself loops out to the right (its curve stays within
/// the gap to the next box).
const SELF_LOOP_REACH: f64 = 24.0;
/// Barycenter sweeps (each one down and one up) and coordinate passes (each one down and
/// one up); drawings with more than [`LARGE`] boxes and waypoints get fewer of each.
const ORDER_SWEEPS: usize = 8;
const PLACEMENT_PASSES: usize = 6;
const LARGE: usize = 4000;
const LARGE_ORDER_SWEEPS: usize = 4;
const LARGE_PLACEMENT_PASSES: usize = 3;

/// A position in the drawing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// What a box stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NodeKind {
    Scene(SceneIndex),
    Ending(EndingIndex, Tone),
}

/// A box: a scene or an ending.
#[derive(Clone, Debug, PartialEq)]
pub struct MapNode {
    pub kind: NodeKind,
    /// The full title, for a tooltip.
    pub title: String,
    /// The title wrapped into at most [`LABEL_LINES`] lines of at most
    /// [`LABEL_LINE_CHARS`] characters, ending in "…" when cut short.
    pub label: Vec<String>,
    /// Depth, from 0 at the top.
    pub layer: usize,
    /// Top-left corner and size.
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl MapNode {
    pub fn center(&self) -> Point {
        Point {
            x: self.x + self.w / 2.0,
            y: self.y + self.h / 2.0,
        }
    }
}

/// An arrow: one target of one choice.
#[derive(Clone, Debug, PartialEq)]
pub struct MapEdge {
    /// Indices into [`MapLayout::nodes`].
    pub from: usize,
    pub to: usize,
    /// The choice: its scene and its index in that scene's choices.
    pub scene: SceneIndex,
    pub choice: usize,
    /// Whether the edge closes a loop (goes back to a scene on the way to it).
    pub back: bool,
    /// A chain of cubic Bézier segments: the start, then for each segment two control
    /// points and its end. Always `1 + 3k` points, `k >= 1`; it starts on the border of
    /// `from` and ends on the border of `to`.
    pub points: Vec<Point>,
}

impl MapEdge {
    /// The SVG path data of [`MapEdge::points`] (`M … C …`).
    pub fn path_data(&self) -> String {
        use std::fmt::Write;
        let mut d = String::with_capacity(16 + self.points.len() * 14);
        if let Some(p) = self.points.first() {
            let _ = write!(d, "M{:.1} {:.1}", p.x, p.y);
        }
        for seg in self.points[1.min(self.points.len())..].chunks(3) {
            if let [a, b, c] = seg {
                let _ = write!(
                    d,
                    " C{:.1} {:.1} {:.1} {:.1} {:.1} {:.1}",
                    a.x, a.y, b.x, b.y, c.x, c.y
                );
            }
        }
        d
    }

    /// The middle of the first segment: just outside the box the edge leaves, a good
    /// place for a small marker.
    pub fn first_midpoint(&self) -> Point {
        match self.points.as_slice() {
            [p0, c1, c2, p1, ..] => Point {
                x: (p0.x + 3.0 * c1.x + 3.0 * c2.x + p1.x) / 8.0,
                y: (p0.y + 3.0 * c1.y + 3.0 * c2.y + p1.y) / 8.0,
            },
            [p, ..] => *p,
            [] => Point { x: 0.0, y: 0.0 },
        }
    }
}

/// The whole drawing.
#[derive(Clone, Debug, PartialEq)]
pub struct MapLayout {
    pub width: f64,
    pub height: f64,
    /// Every scene in scenario order, then every ending in scenario order.
    pub nodes: Vec<MapNode>,
    /// Ordered by scene, then choice, then the choice's targets in order.
    pub edges: Vec<MapEdge>,
    /// How many layers the drawing has.
    pub layers: usize,
    scenes: usize,
}

/// Which boxes and arrows a learner's path went through.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PathMarks {
    /// Parallel to [`MapLayout::nodes`].
    pub nodes: Vec<bool>,
    /// Parallel to [`MapLayout::edges`].
    pub edges: Vec<bool>,
    /// For each step given, the edge it took, if it could be told.
    pub step_edges: Vec<Option<usize>>,
}

impl PathMarks {
    pub fn node_count(&self) -> usize {
        self.nodes.iter().filter(|m| **m).count()
    }

    pub fn edge_count(&self) -> usize {
        self.edges.iter().filter(|m| **m).count()
    }
}

impl MapLayout {
    /// The number of scene boxes (they come first in [`MapLayout::nodes`]).
    pub fn scene_count(&self) -> usize {
        self.scenes
    }

    /// The number of ending boxes.
    pub fn ending_count(&self) -> usize {
        self.nodes.len() - self.scenes
    }

    /// The box of a scene, if the scene belongs to the scenario this was drawn from.
    pub fn scene_node(&self, scene: SceneIndex) -> Option<usize> {
        (scene.0 < self.scenes).then_some(scene.0)
    }

    /// The box of an ending.
    pub fn ending_node(&self, ending: EndingIndex) -> Option<usize> {
        let i = self.scenes + ending.0;
        (i < self.nodes.len()).then_some(i)
    }

    /// The edges of one choice (one per target), as a range of [`MapLayout::edges`].
    pub fn choice_edges(&self, scene: SceneIndex, choice: usize) -> std::ops::Range<usize> {
        let lo = self
            .edges
            .partition_point(|e| (e.scene, e.choice) < (scene, choice));
        let hi = self
            .edges
            .partition_point(|e| (e.scene, e.choice) <= (scene, choice));
        lo..hi
    }

    /// Marks a learner's path: `steps` are the decisions taken, in order, as (scene, index
    /// of the choice in that scene); `ending` is the ending reached, if any.
    ///
    /// Every scene of a step is marked. A step's edge is the target of its choice that the
    /// next step (or the ending, after the last step) stands in; when the path stops
    /// before an ending, the last step's edge is marked only if its choice has a single
    /// target. The target of a marked edge and the ending are marked too.
    pub fn mark_path(
        &self,
        steps: &[(SceneIndex, usize)],
        ending: Option<EndingIndex>,
    ) -> PathMarks {
        let mut marks = PathMarks {
            nodes: vec![false; self.nodes.len()],
            edges: vec![false; self.edges.len()],
            step_edges: Vec::with_capacity(steps.len()),
        };
        for (i, &(scene, choice)) in steps.iter().enumerate() {
            let Some(node) = self.scene_node(scene) else {
                marks.step_edges.push(None);
                continue;
            };
            marks.nodes[node] = true;
            let next = match steps.get(i + 1) {
                Some(&(s, _)) => self.scene_node(s),
                None => ending.and_then(|e| self.ending_node(e)),
            };
            let range = self.choice_edges(scene, choice);
            let taken = match next {
                Some(to) => range.clone().find(|&e| self.edges[e].to == to),
                None if range.len() == 1 => Some(range.start),
                None => None,
            };
            if let Some(e) = taken {
                marks.edges[e] = true;
                marks.nodes[self.edges[e].to] = true;
            }
            marks.step_edges.push(taken);
        }
        if let Some(node) = ending.and_then(|e| self.ending_node(e)) {
            marks.nodes[node] = true;
        }
        marks
    }
}

/// Wraps a title into at most `lines` lines of at most `width` characters, breaking
/// between words where it can; a title that does not fit ends in "…".
pub fn wrap_label(title: &str, width: usize, lines: usize) -> Vec<String> {
    let width = width.max(2);
    if lines >= 2
        && let Some(two) = balanced_two_lines(title.trim(), width)
    {
        return two;
    }
    let mut out: Vec<String> = Vec::with_capacity(lines.min(4));
    let mut rest = title.trim();
    while !rest.is_empty() && out.len() < lines {
        // The longest start of `rest` that fits, broken at a space where there is one
        // (counting characters by their first bytes; a no-break space does not break).
        let mut count = 0;
        let mut cut = None;
        let mut space = None;
        for (i, &b) in rest.as_bytes().iter().enumerate() {
            if b & 0xc0 == 0x80 {
                continue;
            }
            if count == width {
                cut = Some((i, b.is_ascii_whitespace()));
                break;
            }
            if b.is_ascii_whitespace() {
                space = Some(i);
            }
            count += 1;
        }
        let (line, next) = match (cut, space) {
            (None, _) => (rest, ""),
            (Some((i, true)), _) => (&rest[..i], &rest[i..]),
            (Some(_), Some(sp)) => (&rest[..sp], &rest[sp..]),
            (Some((i, false)), None) => (&rest[..i], &rest[i..]),
        };
        out.push(line.trim_end().to_string());
        rest = next.trim_start();
    }
    if !rest.is_empty()
        && let Some(last) = out.pop()
    {
        let kept: &str = if last.chars().count() < width {
            &last
        } else if let Some(space) = last.rfind(|c: char| c.is_ascii_whitespace()) {
            &last[..space]
        } else {
            let cut = last
                .char_indices()
                .nth(width - 1)
                .map_or(last.len(), |(i, _)| i);
            &last[..cut]
        };
        let kept = kept.trim_end_matches(|c: char| c.is_whitespace() || ",;:-–—".contains(c));
        let mut line = String::with_capacity(kept.len() + '…'.len_utf8());
        line.push_str(kept);
        line.push('…');
        out.push(line);
    }
    out
}

/// A title too long for one line but short enough for two, split at the space that makes
/// the lines most even, the first line the longer on a tie ("The brief before / the brief",
/// not "The brief before the / brief").
fn balanced_two_lines(title: &str, width: usize) -> Option<Vec<String>> {
    let total = title.chars().count();
    if total <= width || total > 2 * width + 1 {
        return None;
    }
    let mut best: Option<(usize, usize)> = None;
    for (chars_before, (i, c)) in title.char_indices().enumerate() {
        if c == ' ' {
            let (left, right) = (chars_before, total - chars_before - 1);
            let longest = left.max(right);
            if longest <= width && best.is_none_or(|(_, l)| longest <= l) {
                best = Some((i, longest));
            }
        }
    }
    let (at, _) = best?;
    Some(vec![
        title[..at].trim_end().to_string(),
        title[at..].trim_start().to_string(),
    ])
}

/// Lays out the scenario's graph. Deterministic: the same scenario gives the same layout.
pub fn layout(scenario: &Scenario) -> MapLayout {
    let scenes = scenario.scenes().len();
    let endings = scenario.endings().len();
    let n = scenes + endings;

    // The graph: scenes first, then endings; edges in (scene, choice, target) order.
    // A node's out-edges are contiguous: `out[v]..out[v + 1]`.
    let mut edges: Vec<MapEdge> = Vec::new();
    let mut out: Vec<usize> = Vec::with_capacity(n + 1);
    for (si, scene) in scenario.scenes() {
        out.push(edges.len());
        for (ci, choice) in scene.choices.iter().enumerate() {
            for target in choice.targets() {
                let to = match target {
                    Target::Scene(s) => s.0,
                    Target::Ending(e) => scenes + e.0,
                };
                edges.push(MapEdge {
                    from: si.0,
                    to,
                    scene: si,
                    choice: ci,
                    back: false,
                    points: Vec::new(),
                });
            }
        }
    }
    out.resize(n + 1, edges.len());

    // 1. Depth-first search: back edges, preorder rank, postorder.
    let mut state = vec![0u8; n];
    let mut discovered: Vec<usize> = Vec::with_capacity(n);
    let mut post: Vec<usize> = Vec::with_capacity(n);
    let mut stack: Vec<(usize, usize)> = Vec::new();
    let roots = std::iter::once(scenario.start().0).chain(0..n);
    for root in roots {
        if state[root] != 0 {
            continue;
        }
        state[root] = 1;
        discovered.push(root);
        stack.push((root, 0));
        while let Some(top) = stack.last_mut() {
            let u = top.0;
            let e = out[u] + top.1;
            if e < out[u + 1] {
                top.1 += 1;
                let v = edges[e].to;
                match state[v] {
                    0 => {
                        state[v] = 1;
                        discovered.push(v);
                        stack.push((v, 0));
                    }
                    1 => edges[e].back = true,
                    _ => {}
                }
            } else {
                state[u] = 2;
                post.push(u);
                stack.pop();
            }
        }
    }

    // Longest-path layering over the forward edges, in topological order.
    let mut layer = vec![0usize; n];
    for &u in post.iter().rev() {
        for e in &edges[out[u]..out[u + 1]] {
            if !e.back {
                layer[e.to] = layer[e.to].max(layer[u] + 1);
            }
        }
    }
    let layers = layer.iter().max().map_or(0, |m| m + 1);

    // 2. Waypoints for edges that skip layers, within a budget that keeps huge,
    // pathological graphs fast; edges beyond it are drawn straight across.
    let mut item_layer = layer.clone();
    let mut chains: Vec<Option<(usize, usize, usize, usize)>> = vec![None; edges.len()];
    {
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for (i, e) in edges.iter().enumerate() {
            let (a, b) = if e.back {
                (e.to, e.from)
            } else {
                (e.from, e.to)
            };
            if a != b && layer[a] < layer[b] {
                spans.push((layer[b] - layer[a], i));
            }
        }
        let needed: usize = spans.iter().map(|(s, _)| s - 1).sum();
        let mut budget = 16 * (n + edges.len()) + 4096;
        if needed > budget {
            spans.sort();
        }
        for (span, i) in spans {
            let e = &edges[i];
            let (a, b) = if e.back {
                (e.to, e.from)
            } else {
                (e.from, e.to)
            };
            if span - 1 <= budget {
                budget -= span - 1;
                let first = item_layer.len();
                for l in layer[a] + 1..layer[b] {
                    item_layer.push(l);
                }
                chains[i] = Some((a, b, first, span - 1));
            }
        }
    }
    let items = item_layer.len();
    let chain_items = |c: (usize, usize, usize, usize)| {
        let (a, b, first, count) = c;
        std::iter::once(a)
            .chain(first..first + count)
            .chain(std::iter::once(b))
    };
    let mut links: Vec<(usize, usize)> = Vec::with_capacity(edges.len() + items - n);
    for chain in chains.iter().flatten() {
        let mut prev: Option<usize> = None;
        for it in chain_items(*chain) {
            if let Some(p) = prev {
                links.push((p, it));
            }
            prev = Some(it);
        }
    }
    let down = Adjacency::new(items, links.iter().copied());
    let up = Adjacency::new(items, links.iter().map(|&(p, it)| (it, p)));
    drop(links);

    // Initial order: boxes in depth-first discovery order, waypoints after them.
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); layers];
    for v in discovered {
        rows[layer[v]].push(v);
    }
    for (d, &l) in item_layer.iter().enumerate().skip(n) {
        rows[l].push(d);
    }
    let mut pos = vec![0usize; items];
    set_positions(&rows, &mut pos);

    let mut best = rows.clone();
    let mut best_crossings = crossings(&rows, &pos, &down);
    let mut keyed: Vec<u64> = Vec::new();
    let mut before: Vec<usize> = Vec::new();
    let mut stale = 0;
    let large = items > LARGE;
    let sweeps = if large {
        LARGE_ORDER_SWEEPS
    } else {
        ORDER_SWEEPS
    };
    for _ in 0..sweeps {
        if best_crossings == 0 || stale == 2 {
            break;
        }
        for row in rows.iter_mut().skip(1) {
            reorder(row, &mut pos, &up, &mut keyed, &mut before);
        }
        for row in rows.iter_mut().rev().skip(1) {
            reorder(row, &mut pos, &down, &mut keyed, &mut before);
        }
        let c = crossings(&rows, &pos, &down);
        if c < best_crossings {
            best_crossings = c;
            best.clone_from(&rows);
            stale = 0;
        } else {
            stale += 1;
        }
    }
    let mut rows = best;
    set_positions(&rows, &mut pos);
    if !large && best_crossings > 0 {
        transpose(&mut rows, &mut pos, &up, &down);
    }

    // 3. Horizontal placement.
    let is_node = |i: usize| i < n;
    let half = |i: usize| if is_node(i) { NODE_WIDTH / 2.0 } else { 0.0 };
    let separation = |a: usize, b: usize| {
        let gap = match (is_node(a), is_node(b)) {
            (true, true) => NODE_GAP,
            (false, false) => WAYPOINT_GAP,
            _ => WAYPOINT_GAP_TO_NODE,
        };
        half(a) + half(b) + gap
    };
    let mut x = vec![0.0f64; items];
    for row in &rows {
        let mut at = 0.0;
        for (k, &it) in row.iter().enumerate() {
            if k > 0 {
                at += separation(row[k - 1], it);
            }
            x[it] = at;
        }
    }
    let mut scratch = Placement::default();
    let passes = if large {
        LARGE_PLACEMENT_PASSES
    } else {
        PLACEMENT_PASSES
    };
    for pass in 0..passes {
        let last = pass + 1 == passes;
        for row in rows.iter().skip(1) {
            scratch.place(row, &mut x, &up, None, &separation, is_node);
        }
        for row in rows.iter().rev().skip(1) {
            let both = if last { Some(&up) } else { None };
            scratch.place(row, &mut x, &down, both, &separation, is_node);
        }
    }
    let min_x = rows
        .iter()
        .filter_map(|r| r.first())
        .map(|&i| x[i] - half(i))
        .fold(f64::INFINITY, f64::min);
    let shift = if min_x.is_finite() {
        MARGIN - min_x
    } else {
        MARGIN
    };
    for v in &mut x {
        *v += shift;
    }

    // Vertical placement: each layer as tall as its tallest box.
    let height_of = |v: usize| {
        if v < scenes {
            SCENE_HEIGHT
        } else {
            ENDING_HEIGHT
        }
    };
    let mut row_height = vec![0.0f64; layers];
    for v in 0..n {
        row_height[layer[v]] = row_height[layer[v]].max(height_of(v));
    }
    let mut row_top = vec![0.0f64; layers];
    let mut y = TOP_MARGIN;
    for l in 0..layers {
        row_top[l] = y;
        y += row_height[l] + LAYER_GAP;
    }
    let height = if layers == 0 {
        TOP_MARGIN + MARGIN
    } else {
        y - LAYER_GAP + MARGIN
    };

    // The boxes.
    let mut nodes: Vec<MapNode> = Vec::with_capacity(n);
    for (si, scene) in scenario.scenes() {
        let v = si.0;
        nodes.push(MapNode {
            kind: NodeKind::Scene(si),
            title: scene.title.clone(),
            label: wrap_label(&scene.title, LABEL_LINE_CHARS, LABEL_LINES),
            layer: layer[v],
            x: x[v] - NODE_WIDTH / 2.0,
            y: row_top[layer[v]],
            w: NODE_WIDTH,
            h: SCENE_HEIGHT,
        });
    }
    for (ei, ending) in scenario.endings() {
        let v = scenes + ei.0;
        nodes.push(MapNode {
            kind: NodeKind::Ending(ei, ending.tone),
            title: ending.title.clone(),
            label: wrap_label(&ending.title, LABEL_LINE_CHARS, LABEL_LINES),
            layer: layer[v],
            x: x[v] - NODE_WIDTH / 2.0,
            y: row_top[layer[v]],
            w: NODE_WIDTH,
            h: ENDING_HEIGHT,
        });
    }

    // 4. Ports and curves. Each edge leaves its upper box at the bottom and enters its
    // lower box at the top (back edges run the other way); ports on a side are ordered
    // by where the edge goes next, so edges fan out without crossing at the box.
    let mut bottom: Vec<(usize, usize)> = Vec::with_capacity(edges.len());
    let mut top: Vec<(usize, usize)> = Vec::with_capacity(edges.len());
    let mut next_x = vec![(0.0f64, 0.0f64); edges.len()];
    for (i, e) in edges.iter().enumerate() {
        if e.from == e.to {
            continue;
        }
        let (a, b) = if e.back {
            (e.to, e.from)
        } else {
            (e.from, e.to)
        };
        let (below_a, above_b) = match chains[i] {
            Some((_, _, first, count)) if count > 0 => (first, first + count - 1),
            _ => (b, a),
        };
        bottom.push((a, i));
        top.push((b, i));
        next_x[i] = (x[below_a], x[above_b]);
    }
    let bottom = Adjacency::new(n, bottom.into_iter());
    let top = Adjacency::new(n, top.into_iter());
    let mut bottom_port = vec![0.0f64; edges.len()];
    let mut top_port = vec![0.0f64; edges.len()];
    let mut side: Vec<(f64, usize)> = Vec::new();
    for (sides, ports, lower) in [
        (&bottom, &mut bottom_port, true),
        (&top, &mut top_port, false),
    ] {
        for (v, &centre) in x.iter().enumerate().take(n) {
            side.clear();
            side.extend(sides.of(v).iter().map(|&e| {
                let (below, above) = next_x[e];
                (if lower { below } else { above }, e)
            }));
            // Small: an insertion sort by where the edge goes next, then by edge.
            side.sort_by(|p, q| p.0.total_cmp(&q.0).then(p.1.cmp(&q.1)));
            let k = side.len();
            let spacing = if k > 1 {
                PORT_SPACING.min((NODE_WIDTH - 40.0) / (k - 1) as f64)
            } else {
                0.0
            };
            let start = centre - spacing * (k.saturating_sub(1)) as f64 / 2.0;
            for (j, &(_, e)) in side.iter().enumerate() {
                ports[e] = start + spacing * j as f64;
            }
        }
    }
    let mut width = rows
        .iter()
        .filter_map(|r| r.last())
        .map(|&i| x[i] + half(i))
        .fold(0.0f64, f64::max);
    let mut way: Vec<Point> = Vec::new();
    for (i, e) in edges.iter_mut().enumerate() {
        if e.from == e.to {
            let node = &nodes[e.from];
            let right = node.x + node.w;
            let (y0, y1) = (node.y + node.h * 0.3, node.y + node.h * 0.7);
            e.points = vec![
                Point { x: right, y: y0 },
                Point {
                    x: right + SELF_LOOP_REACH,
                    y: y0 - 8.0,
                },
                Point {
                    x: right + SELF_LOOP_REACH,
                    y: y1 + 8.0,
                },
                Point { x: right, y: y1 },
            ];
            width = width.max(right + SELF_LOOP_REACH);
            continue;
        }
        let (a, b) = if e.back {
            (e.to, e.from)
        } else {
            (e.from, e.to)
        };
        way.clear();
        way.push(Point {
            x: bottom_port[i],
            y: nodes[a].y + nodes[a].h,
        });
        if let Some((_, _, first, count)) = chains[i] {
            for d in first..first + count {
                let l = item_layer[d];
                way.push(Point {
                    x: x[d],
                    y: row_top[l],
                });
                way.push(Point {
                    x: x[d],
                    y: row_top[l] + row_height[l],
                });
            }
        }
        way.push(Point {
            x: top_port[i],
            y: nodes[b].y,
        });
        let mut points = Vec::with_capacity(1 + 3 * (way.len() - 1));
        points.push(way[0]);
        for pair in way.windows(2) {
            let (p, q) = (pair[0], pair[1]);
            let dy = (q.y - p.y) / 2.0;
            points.push(Point {
                x: p.x,
                y: p.y + dy,
            });
            points.push(Point {
                x: q.x,
                y: q.y - dy,
            });
            points.push(q);
        }
        if e.back {
            points.reverse();
        }
        e.points = points;
    }

    MapLayout {
        width: width + MARGIN,
        height,
        nodes,
        edges,
        layers,
        scenes,
    }
}

fn set_positions(rows: &[Vec<usize>], pos: &mut [usize]) {
    for row in rows {
        for (k, &it) in row.iter().enumerate() {
            pos[it] = k;
        }
    }
}

/// Adjacency lists in one buffer: the neighbours of `i` are `list[start[i]..start[i + 1]]`.
struct Adjacency {
    start: Vec<usize>,
    list: Vec<usize>,
}

impl Adjacency {
    /// From `(owner, neighbour)` pairs; each owner's neighbours keep their order.
    fn new<I: Iterator<Item = (usize, usize)> + Clone>(n: usize, pairs: I) -> Self {
        let mut start = vec![0usize; n + 1];
        for (owner, _) in pairs.clone() {
            start[owner + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut list = vec![0usize; start[n]];
        for (owner, neighbour) in pairs {
            list[fill[owner]] = neighbour;
            fill[owner] += 1;
        }
        Adjacency { start, list }
    }

    #[inline]
    fn of(&self, i: usize) -> &[usize] {
        &self.list[self.start[i]..self.start[i + 1]]
    }
}

/// Sorts a layer by the barycenter of each item's neighbours in the adjacent layer;
/// items without neighbours keep their place, ties keep their order.
fn reorder(
    row: &mut [usize],
    pos: &mut [usize],
    neighbours: &Adjacency,
    keyed: &mut Vec<u64>,
    before: &mut Vec<usize>,
) {
    keyed.clear();
    keyed.extend(row.iter().enumerate().map(|(k, &it)| {
        let nb = neighbours.of(it);
        let key = if nb.is_empty() {
            k as f64
        } else {
            nb.iter().map(|&o| pos[o] as f64).sum::<f64>() / nb.len() as f64
        };
        // Keys are never negative, so their bits sort like the numbers (single precision
        // is plenty to order a layer); the current position breaks ties, which makes the
        // sort stable.
        (u64::from((key as f32).to_bits()) << 32) | k as u64
    }));
    keyed.sort_unstable();
    before.clear();
    before.extend_from_slice(row);
    for (k, &key) in keyed.iter().enumerate() {
        let it = before[(key & 0xffff_ffff) as usize];
        row[k] = it;
        pos[it] = k;
    }
}

/// Swaps neighbours within layers while that removes crossings (a local refinement after
/// the barycenter sweeps; every swap strictly lowers the total, so it ends).
fn transpose(rows: &mut [Vec<usize>], pos: &mut [usize], up: &Adjacency, down: &Adjacency) {
    // Crossings among the edges of `a` and `b` towards one side when `a` is left of `b`.
    let pair = |a: usize, b: usize, pos: &[usize], side: &Adjacency| {
        let mut c = 0u64;
        for &p in side.of(a) {
            for &q in side.of(b) {
                if pos[p] > pos[q] {
                    c += 1;
                }
            }
        }
        c
    };
    for _ in 0..rows.len().max(4) {
        let mut improved = false;
        for row in rows.iter_mut() {
            for k in 1..row.len() {
                let (a, b) = (row[k - 1], row[k]);
                let now = pair(a, b, pos, up) + pair(a, b, pos, down);
                let swapped = pair(b, a, pos, up) + pair(b, a, pos, down);
                if swapped < now {
                    row.swap(k - 1, k);
                    pos[a] = k;
                    pos[b] = k - 1;
                    improved = true;
                }
            }
        }
        if !improved {
            break;
        }
    }
}

/// Edge crossings between every pair of adjacent layers (inversions, counted with a
/// Fenwick tree).
fn crossings(rows: &[Vec<usize>], pos: &[usize], down: &Adjacency) -> u64 {
    let mut total = 0u64;
    let mut targets: Vec<usize> = Vec::new();
    let mut tree: Vec<u32> = Vec::new();
    for pair in rows.windows(2) {
        let (upper, lower) = (&pair[0], &pair[1]);
        tree.clear();
        tree.resize(lower.len() + 1, 0);
        let mut seen = 0u64;
        for &u in upper {
            targets.clear();
            targets.extend(down.of(u).iter().map(|&v| pos[v]));
            targets.sort_unstable();
            for &t in &targets {
                // Earlier edges that end to the right of this one cross it.
                let mut i = t + 1;
                let mut not_greater = 0u64;
                while i > 0 {
                    not_greater += u64::from(tree[i]);
                    i &= i - 1;
                }
                total += seen - not_greater;
            }
            for &t in &targets {
                let mut i = t + 1;
                while i < tree.len() {
                    tree[i] += 1;
                    i += i & i.wrapping_neg();
                }
                seen += 1;
            }
        }
    }
    total
}

/// Buffers for placing one layer.
#[derive(Default)]
struct Placement {
    offset: Vec<f64>,
    blocks: Vec<(f64, f64, usize)>,
}

impl Placement {
    /// Moves the items of `row` as close as possible (least squares) to the mean position
    /// of their neighbours, keeping their order and the minimum separations.
    fn place(
        &mut self,
        row: &[usize],
        x: &mut [f64],
        neighbours: &Adjacency,
        more: Option<&Adjacency>,
        separation: &dyn Fn(usize, usize) -> f64,
        is_node: impl Fn(usize) -> bool,
    ) {
        if row.is_empty() {
            return;
        }
        self.offset.clear();
        self.blocks.clear();
        let mut at = 0.0;
        for (k, &it) in row.iter().enumerate() {
            if k > 0 {
                at += separation(row[k - 1], it);
            }
            self.offset.push(at);
            let mut sum = 0.0;
            let mut count = 0usize;
            for &o in neighbours
                .of(it)
                .iter()
                .chain(more.into_iter().flat_map(|m| m.of(it).iter()))
            {
                sum += x[o];
                count += 1;
            }
            let (desired, weight) = if count == 0 {
                (x[it], 0.25)
            } else if is_node(it) {
                (sum / count as f64, 1.0)
            } else {
                (sum / count as f64, 2.0)
            };
            // Pool adjacent violators over desired - offset, which must not decrease.
            let mut block = (weight, weight * (desired - at), 1usize);
            while let Some(&(w, s, c)) = self.blocks.last() {
                if s / w >= block.1 / block.0 {
                    self.blocks.pop();
                    block = (w + block.0, s + block.1, c + block.2);
                } else {
                    break;
                }
            }
            self.blocks.push(block);
        }
        let mut k = 0;
        for &(w, s, c) in &self.blocks {
            let z = s / w;
            for _ in 0..c {
                x[row[k]] = z + self.offset[k];
                k += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::scenario;

    fn mini() -> Scenario {
        scenario::load("mini", include_str!("../../tests/fixtures/mini.mandate"))
            .unwrap()
            .scenario
    }

    #[test]
    fn loops_are_back_edges_and_do_not_change_the_layers() {
        let plain = layout(&mini());
        let mut s = mini();
        // warm → open and cold → cold: a loop through the start and a scene to itself.
        s.scenes[2].choices[2].next[0].target = Target::Scene(SceneIndex(0));
        s.scenes[1].choices[0].next[0].target = Target::Scene(SceneIndex(1));
        let map = layout(&s);
        let back: Vec<(usize, usize)> = map
            .edges
            .iter()
            .filter(|e| e.back)
            .map(|e| (e.from, e.to))
            .collect();
        assert_eq!(back, vec![(1, 1), (2, 0)]);
        for (a, b) in plain.nodes.iter().zip(&map.nodes) {
            if matches!(a.kind, NodeKind::Scene(_)) {
                assert_eq!(a.layer, b.layer);
            }
        }
        for e in &map.edges {
            assert_eq!((e.points.len() - 1) % 3, 0);
            let last = e.points[e.points.len() - 1];
            let to = &map.nodes[e.to];
            assert!(last.x >= to.x - 0.01 && last.x <= to.x + to.w + 0.01);
            if e.back && e.from != e.to {
                // Enters the earlier scene from below.
                assert!((last.y - (to.y + to.h)).abs() < 0.01);
            }
            assert!(
                e.points
                    .iter()
                    .all(|p| p.x <= map.width && p.y <= map.height)
            );
        }
    }

    #[test]
    fn labels_wrap_and_truncate() {
        assert_eq!(
            wrap_label("The first offer", 22, 2),
            vec!["The first offer"]
        );
        assert_eq!(
            wrap_label("First to market, with a partner", 22, 2),
            vec!["First to market,", "with a partner"]
        );
        assert_eq!(
            wrap_label("The brief before the brief", 22, 2),
            vec!["The brief before", "the brief"]
        );
        assert_eq!(
            wrap_label("The brief before the brief", 22, 1),
            vec!["The brief before the…"]
        );
        assert_eq!(
            wrap_label("The cheapest deal in the whole building by far", 22, 2),
            vec!["The cheapest deal in", "the whole building by…"]
        );
        assert_eq!(
            wrap_label("Supercalifragilisticexpialidocious", 10, 2),
            vec!["Supercalif", "ragilisti…"]
        );
        assert_eq!(wrap_label("Übergrößenträgerin ist", 8, 1), vec!["Übergrö…"]);
        assert!(wrap_label("   ", 22, 2).is_empty());
    }
}
