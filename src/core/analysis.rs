//! Analysis of a scenario's state space: every (scene, variables, strategy)
//! a learner can reach, the choices between them, and what follows — best and
//! worst achievable totals, the paths that reach them, each ending's reach and
//! score range, the number of complete paths, traps and unbounded loops.
//!
//! The graph has one node per reachable [`Cursor`] at a decision, so loops are
//! finite exactly when the state they carry stops them repeating. The cost is
//! linear in nodes × choices: the scene graph times its reachable state space.

use std::collections::{HashMap, VecDeque};
use std::hash::BuildHasherDefault;

use super::fast_hash::FastHasher;

type StateTable = HashMap<Cursor, usize, BuildHasherDefault<FastHasher>>;

use super::engine::{Cursor, Playthrough, Position};
use super::scenario::{EndingIndex, Scenario, SceneIndex, StrategyIndex};

/// More reachable states than this and the analysis stops with a finding.
pub const STATE_LIMIT: usize = 500_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum To {
    Node(usize),
    Ending(EndingIndex),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    /// Index of the choice in its scene.
    pub choice: usize,
    /// Alignment of the choice under the strategy in force at the node.
    pub weight: i32,
    pub to: To,
}

/// What the author should hear about, located at a scene or ending.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub error: bool,
    pub at: Place,
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Scene(SceneIndex),
    Ending(EndingIndex),
    Scenario,
}

/// Results for one starting strategy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StrategyReport {
    pub strategy: StrategyIndex,
    /// Highest and lowest total alignment of a complete path; `None` when a loop makes it unbounded.
    pub best: Option<i32>,
    pub worst: Option<i32>,
    /// Choice ids of a path reaching `best` / `worst`.
    pub best_path: Vec<String>,
    pub worst_path: Vec<String>,
    /// Complete paths; `None` when a loop allows infinitely many.
    pub paths: Option<u128>,
    pub shortest: Option<u32>,
    /// `None` when a loop allows arbitrarily long paths.
    pub longest: Option<u32>,
    /// For each ending: reachable, and the range of scores (0–100) of the paths reaching it.
    pub endings: Vec<Option<(u8, u8)>>,
    /// The best score of a path that takes at least one misaligned choice, when it beats
    /// the best fully aligned path (no misaligned choice): `(misaligned best, aligned best)`.
    pub misaligned_outscores: Option<(u8, Option<u8>)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Analysis {
    keys: StateTable,
    /// Strongly connected components of the state graph (see [`components`]).
    component: Vec<usize>,
    component_count: usize,
    /// Nodes grouped by component: `member_nodes[member_start[c]..member_start[c + 1]]`.
    member_nodes: Vec<usize>,
    member_start: Vec<usize>,
    nodes: Vec<Cursor>,
    edges: Vec<Vec<Edge>>,
    starts: Vec<usize>,
    best: Vec<Option<i32>>,
    worst: Vec<Option<i32>>,
    shortest: Vec<Option<u32>>,
    longest: Vec<Option<u32>>,
    pub reports: Vec<StrategyReport>,
    pub findings: Vec<Finding>,
}

/// Tarjan's strongly connected components, iterative. Components come out in
/// reverse topological order: every edge leaves a component for an earlier one.
fn components(edges: &[Vec<Edge>]) -> (Vec<usize>, usize) {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![usize::MAX; n];
    let mut count = 0;
    let mut next_index = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut i)) = work.last_mut() {
            if let Some(edge) = edges[v].get(*i) {
                *i += 1;
                if let To::Node(w) = edge.to {
                    if index[w] == usize::MAX {
                        index[w] = next_index;
                        low[w] = next_index;
                        next_index += 1;
                        stack.push(w);
                        on_stack[w] = true;
                        work.push((w, 0));
                    } else if on_stack[w] {
                        low[v] = low[v].min(index[w]);
                    }
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = count;
                    if w == v {
                        break;
                    }
                }
                count += 1;
            }
        }
    }
    (component, count)
}

fn normalise(raw: i32, worst: i32, best: i32) -> u8 {
    if best <= worst {
        return 100;
    }
    let span = i64::from(best) - i64::from(worst);
    let above = (i64::from(raw) - i64::from(worst)).clamp(0, span);
    ((above * 200 + span) / (2 * span)) as u8
}

impl Analysis {
    pub fn of(scenario: &Scenario) -> Self {
        let mut a = Analysis {
            keys: StateTable::default(),
            component: Vec::new(),
            component_count: 0,
            member_nodes: Vec::new(),
            member_start: Vec::new(),
            nodes: Vec::new(),
            edges: Vec::new(),
            starts: Vec::new(),
            best: Vec::new(),
            worst: Vec::new(),
            shortest: Vec::new(),
            longest: Vec::new(),
            reports: Vec::new(),
            findings: Vec::new(),
        };
        if !a.explore(scenario) {
            return a;
        }
        let (component, count) = components(&a.edges);
        // Counting sort of the nodes by component.
        let mut start = vec![0usize; count + 1];
        for &c in &component {
            start[c + 1] += 1;
        }
        for c in 0..count {
            start[c + 1] += start[c];
        }
        let mut fill = start.clone();
        let mut nodes = vec![0usize; component.len()];
        for (v, &c) in component.iter().enumerate() {
            nodes[fill[c]] = v;
            fill[c] += 1;
        }
        a.component = component;
        a.component_count = count;
        a.member_nodes = nodes;
        a.member_start = start;
        a.check(scenario);
        a.solve();
        for (i, strategy) in scenario.strategy_indices().enumerate() {
            let report = a.report(scenario, strategy, a.starts[i]);
            if let Some((misaligned, aligned)) = report.misaligned_outscores {
                a.findings.push(Finding {
                    error: false,
                    at: Place::Scenario,
                    message: format!(
                        "under `{}`, a path with a misaligned choice scores {misaligned}, above {}; \
                         learners would be rewarded for misaligned play — lower that path's \
                         alignments or raise the aligned path's",
                        scenario.strategy(strategy).id,
                        match aligned {
                            Some(a) => format!("the best fully aligned path ({a})"),
                            None => "every path without one (there is none)".to_string(),
                        }
                    ),
                });
            }
            a.reports.push(report);
        }
        a
    }

    fn intern(&mut self, cursor: Cursor, queue: &mut VecDeque<usize>) -> usize {
        if let Some(&i) = self.keys.get(&cursor) {
            return i;
        }
        let i = self.nodes.len();
        self.keys.insert(cursor.clone(), i);
        self.nodes.push(cursor);
        self.edges.push(Vec::new());
        queue.push_back(i);
        i
    }

    /// Breadth-first over reachable cursors. False when the state space is too large.
    fn explore(&mut self, scenario: &Scenario) -> bool {
        let mut queue = VecDeque::new();
        for strategy in scenario.strategy_indices() {
            let start = self.intern(Cursor::start(scenario, strategy), &mut queue);
            self.starts.push(start);
        }
        while let Some(n) = queue.pop_front() {
            if self.nodes.len() > STATE_LIMIT {
                self.findings.push(Finding {
                    error: true,
                    at: Place::Scenario,
                    message: format!(
                        "more than {STATE_LIMIT} combinations of scene and state are reachable, too \
                         many to check; narrow the ranges of the `state:` variables"
                    ),
                });
                return false;
            }
            let cursor = self.nodes[n].clone();
            let mut out = Vec::new();
            for choice in cursor.available(scenario) {
                let Position::Decision(scene) = cursor.position else {
                    continue;
                };
                let weight = i32::from(
                    scenario.scene(scene).choices[choice]
                        .alignment(cursor.strategy)
                        .value(),
                );
                let next = cursor.take(scenario, choice);
                let to = match next.position {
                    Position::Ended(e) => To::Ending(e),
                    Position::Decision(_) => To::Node(self.intern(next, &mut queue)),
                };
                out.push(Edge { choice, weight, to });
            }
            self.edges[n] = out;
        }
        true
    }

    /// The nodes of component `c`.
    fn members(&self, c: usize) -> &[usize] {
        &self.member_nodes[self.member_start[c]..self.member_start[c + 1]]
    }

    fn scene_of(&self, node: usize) -> SceneIndex {
        match self.nodes[node].position {
            Position::Decision(s) => s,
            Position::Ended(_) => SceneIndex(0),
        }
    }

    fn describe_state(&self, scenario: &Scenario, node: usize) -> String {
        let values = &self.nodes[node].values;
        if values.is_empty() {
            return String::new();
        }
        let parts: Vec<String> = scenario
            .variables
            .iter()
            .zip(values)
            .map(|(v, x)| format!("{} = {x}", v.name))
            .collect();
        format!(" (when {})", parts.join(", "))
    }

    /// Reachability, dead ends, traps and loops that change the score.
    fn check(&mut self, scenario: &Scenario) {
        let n = self.nodes.len();
        // Unreachable scenes and endings.
        let mut scene_seen = vec![false; scenario.scenes().len()];
        let mut ending_seen = vec![false; scenario.endings().len()];
        for node in 0..n {
            scene_seen[self.scene_of(node).0] = true;
            for e in &self.edges[node] {
                if let To::Ending(end) = e.to {
                    ending_seen[end.0] = true;
                }
            }
        }
        for (i, scene) in scenario.scenes() {
            if !scene_seen[i.0] {
                self.findings.push(Finding {
                    error: false,
                    at: Place::Scene(i),
                    message: format!(
                        "the scene `{}` is never reached from `start`; point a choice's `next:` at it \
                         (or loosen the `if:` that keeps it out of reach), or remove it",
                        scene.id
                    ),
                });
            }
        }
        for (i, ending) in scenario.endings() {
            if !ending_seen[i.0] {
                self.findings.push(Finding {
                    error: false,
                    at: Place::Ending(i),
                    message: format!(
                        "the ending `{}` is never reached; point a choice's `next:` at it or remove it",
                        ending.id
                    ),
                });
            }
        }
        // Dead ends: no choice offered. Report once per scene.
        let mut reported = vec![false; scenario.scenes().len()];
        for node in 0..n {
            let scene = self.scene_of(node);
            if self.edges[node].is_empty() && !reported[scene.0] {
                reported[scene.0] = true;
                self.findings.push(Finding {
                    error: true,
                    at: Place::Scene(scene),
                    message: format!(
                        "no way out of `{}`{}: every choice's `if:` fails; add a choice without `if:` \
                         or loosen a condition",
                        scenario.scene(scene).id,
                        self.describe_state(scenario, node)
                    ),
                });
            }
        }
        // Traps: reachable nodes from which no ending can be reached.
        let mut reverse: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut can_end = vec![false; n];
        let mut queue = VecDeque::new();
        for (node, edges) in self.edges.iter().enumerate() {
            for e in edges {
                match e.to {
                    To::Node(to) => reverse[to].push(node),
                    To::Ending(_) => {
                        if !can_end[node] {
                            can_end[node] = true;
                            queue.push_back(node);
                        }
                    }
                }
            }
        }
        while let Some(node) = queue.pop_front() {
            for &from in &reverse[node] {
                if !can_end[from] {
                    can_end[from] = true;
                    queue.push_back(from);
                }
            }
        }
        let (component, count) = (&self.component, self.component_count);
        let mut found = Vec::new();
        let mut size = vec![0usize; count];
        for node in 0..n {
            size[component[node]] += 1;
        }
        let cyclic = |node: usize| {
            size[component[node]] > 1 || self.edges[node].iter().any(|e| e.to == To::Node(node))
        };
        let loop_scenes = |c: usize| -> Vec<&str> {
            let mut scenes: Vec<&str> = (0..n)
                .filter(|&m| component[m] == c)
                .map(|m| scenario.scene(self.scene_of(m)).id.as_str())
                .collect();
            scenes.sort_unstable();
            scenes.dedup();
            scenes
        };
        let quoted = |scenes: &[&str]| {
            scenes
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        // Traps: loops from which no ending can be reached. One finding per set of
        // scenes, at the first trapped state met (breadth-first order).
        let mut seen_loops: Vec<Vec<&str>> = Vec::new();
        for node in 0..n {
            if can_end[node] || !cyclic(node) {
                continue;
            }
            let scenes = loop_scenes(component[node]);
            if seen_loops.contains(&scenes) {
                continue;
            }
            let scene = self.scene_of(node);
            found.push(Finding {
                error: true,
                at: Place::Scene(scene),
                message: format!(
                    "a loop no path can leave: from `{}`{} every choice leads back into {}; give one \
                     of them a way out to an ending",
                    scenario.scene(scene).id,
                    self.describe_state(scenario, node),
                    quoted(&scenes)
                ),
            });
            seen_loops.push(scenes);
        }
        // Loops that can be left but change the score could be repeated for any score.
        for node in 0..n {
            if !can_end[node] {
                continue;
            }
            for e in &self.edges[node] {
                let To::Node(to) = e.to else { continue };
                let c = component[node];
                if component[to] != c || e.weight == 0 {
                    continue;
                }
                let scenes = loop_scenes(c);
                if seen_loops.contains(&scenes) {
                    continue;
                }
                let scene = self.scene_of(node);
                let choice = &scenario.scene(scene).choices[e.choice];
                found.push(Finding {
                    error: true,
                    at: Place::Scene(scene),
                    message: format!(
                        "a loop through {} can be repeated forever and changes the score each time \
                         (the choice `{}` in `{}` aligns {:+}); make the loop change a `state:` \
                         variable so that it cannot repeat, or give its choices alignment 0",
                        quoted(&scenes),
                        choice.id,
                        scenario.scene(scene).id,
                        e.weight
                    ),
                });
                seen_loops.push(scenes);
            }
        }
        self.findings.extend(found);
    }

    /// Best, worst, shortest and longest from every node, in one pass over the components.
    fn solve(&mut self) {
        let n = self.nodes.len();
        let (component, count) = (self.component.clone(), self.component_count);
        let cyclic: Vec<bool> = (0..count)
            .map(|c| self.members(c))
            .map(|m| {
                m.len() > 1
                    || m.iter()
                        .any(|&v| self.edges[v].iter().any(|e| e.to == To::Node(v)))
            })
            .collect();
        let mut best = vec![None; n];
        let mut worst = vec![None; n];
        let mut longest = vec![None; n];
        let mut unbounded = vec![false; count];
        // Components come in reverse topological order: successors first.
        for c in 0..count {
            let nodes = self.members(c);
            let mut b: Option<i32> = None;
            let mut w: Option<i32> = None;
            let mut long: Option<u32> = Some(0);
            let mut loose = false;
            for &v in nodes {
                for e in &self.edges[v] {
                    let (nb, nw, nl) = match e.to {
                        To::Ending(_) => (Some(e.weight), Some(e.weight), Some(1)),
                        To::Node(to) if component[to] == c => {
                            if e.weight != 0 {
                                loose = true;
                            }
                            continue;
                        }
                        To::Node(to) => {
                            if unbounded[component[to]] {
                                loose = true;
                            }
                            (
                                best[to].map(|x: i32| x.saturating_add(e.weight)),
                                worst[to].map(|x: i32| x.saturating_add(e.weight)),
                                longest[to].map(|x: u32| x + 1),
                            )
                        }
                    };
                    b = match (b, nb) {
                        (Some(x), Some(y)) => Some(x.max(y)),
                        (x, y) => x.or(y),
                    };
                    w = match (w, nw) {
                        (Some(x), Some(y)) => Some(x.min(y)),
                        (x, y) => x.or(y),
                    };
                    long = match (long, nl) {
                        (Some(x), Some(y)) => Some(x.max(y)),
                        _ => None,
                    };
                }
            }
            // A loop that changes the score (here or further on) makes the totals unbounded.
            unbounded[c] = loose;
            for &v in nodes {
                best[v] = if loose { None } else { b };
                worst[v] = if loose { None } else { w };
                longest[v] = if cyclic[c] { None } else { long };
            }
        }
        // Shortest: breadth-first backwards from the choices that end the scenario.
        let mut shortest = vec![None; n];
        let mut reverse: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut queue = VecDeque::new();
        for (v, edges) in self.edges.iter().enumerate() {
            for e in edges {
                match e.to {
                    To::Node(to) => reverse[to].push(v),
                    To::Ending(_) => {
                        if shortest[v].is_none() {
                            shortest[v] = Some(1);
                            queue.push_back(v);
                        }
                    }
                }
            }
        }
        while let Some(v) = queue.pop_front() {
            let d = shortest[v].unwrap_or(0);
            for &from in &reverse[v] {
                if shortest[from].is_none() {
                    shortest[from] = Some(d + 1);
                    queue.push_back(from);
                }
            }
        }
        self.best = best;
        self.worst = worst;
        self.shortest = shortest;
        self.longest = longest;
    }

    /// Follows edges achieving `target(to) + weight == value(from)` from `start` to an ending.
    fn trace(&self, scenario: &Scenario, start: usize, pick_best: bool) -> Vec<String> {
        let value = |v: usize| {
            if pick_best {
                self.best[v]
            } else {
                self.worst[v]
            }
        };
        let mut out = Vec::new();
        let mut at = start;
        let mut steps = 0;
        let limit = self.nodes.len() + 1;
        while steps < limit {
            steps += 1;
            let Some(goal) = value(at) else { break };
            let scene = self.scene_of(at);
            // Prefer an edge that ends the scenario or moves to a node with a shorter way out,
            // so that zero-weight loops are not followed forever.
            let mut candidates: Vec<&Edge> = self.edges[at]
                .iter()
                .filter(|e| match e.to {
                    To::Ending(_) => e.weight == goal,
                    To::Node(to) => value(to).map(|x| x.saturating_add(e.weight)) == Some(goal),
                })
                .collect();
            candidates.sort_by_key(|e| match e.to {
                To::Ending(_) => 0,
                To::Node(to) => self.shortest[to].unwrap_or(u32::MAX),
            });
            let Some(edge) = candidates.first() else {
                break;
            };
            out.push(scenario.scene(scene).choices[edge.choice].id.to_string());
            match edge.to {
                To::Ending(_) => break,
                To::Node(to) => at = to,
            }
        }
        out
    }

    fn report(&self, scenario: &Scenario, strategy: StrategyIndex, start: usize) -> StrategyReport {
        let n = self.nodes.len();
        let (best, worst) = (self.best[start], self.worst[start]);
        // Paths: count, or infinite when a loop is reachable on the way to an ending.
        let (component, count) = (&self.component, self.component_count);
        let mut paths: Vec<Option<u128>> = vec![Some(0); n];
        for nodes in (0..count).map(|c| self.members(c)) {
            let cyclic = nodes.len() > 1
                || nodes
                    .iter()
                    .any(|&v| self.edges[v].iter().any(|e| e.to == To::Node(v)));
            for &v in nodes {
                let mut total: Option<u128> = Some(0);
                for e in &self.edges[v] {
                    let add = match e.to {
                        To::Ending(_) => Some(1),
                        To::Node(to) if component[to] == component[v] => None,
                        To::Node(to) => paths[to],
                    };
                    total = match (total, add) {
                        (Some(t), Some(a)) => Some(t.saturating_add(a)),
                        _ => None,
                    };
                }
                paths[v] = if cyclic { None } else { total };
            }
        }
        // Per ending: best and worst raw totals of the paths reaching it.
        let endings: Vec<Option<(u8, u8)>> = scenario
            .endings()
            .map(|(ending, _)| {
                let (hi, lo) = self.bounds_to(ending);
                match (hi[start], lo[start], best, worst) {
                    (Some(h), Some(l), Some(b), Some(w)) => {
                        Some((normalise(l, w, b), normalise(h, w, b)))
                    }
                    _ => None,
                }
            })
            .collect();
        let misaligned_outscores = match (best, worst) {
            (Some(b), Some(w)) => {
                let (clean, dirty) = self.clean_and_dirty();
                match (dirty[start], clean[start]) {
                    (Some(d), c) if c.is_none_or(|c| d > c) => {
                        Some((normalise(d, w, b), c.map(|c| normalise(c, w, b))))
                    }
                    _ => None,
                }
            }
            _ => None,
        };
        StrategyReport {
            strategy,
            best,
            worst,
            best_path: if best.is_some() {
                self.trace(scenario, start, true)
            } else {
                vec![]
            },
            worst_path: if worst.is_some() {
                self.trace(scenario, start, false)
            } else {
                vec![]
            },
            paths: paths[start],
            shortest: self.shortest[start],
            longest: self.longest[start],
            endings,
            misaligned_outscores,
        }
    }

    /// Highest and lowest totals from each node to `ending` (zero-weight loops allowed).
    fn bounds_to(&self, ending: EndingIndex) -> (Vec<Option<i32>>, Vec<Option<i32>>) {
        let component = &self.component;
        let n = self.nodes.len();
        let mut hi: Vec<Option<i32>> = vec![None; n];
        let mut lo: Vec<Option<i32>> = vec![None; n];
        for c in 0..self.component_count {
            let nodes = self.members(c);
            let (mut h, mut l): (Option<i32>, Option<i32>) = (None, None);
            for &v in nodes {
                for e in &self.edges[v] {
                    let (a, b) = match e.to {
                        To::Ending(x) if x == ending => (Some(e.weight), Some(e.weight)),
                        To::Ending(_) => continue,
                        To::Node(to) if component[to] == c => continue,
                        To::Node(to) => (
                            hi[to].map(|x| x.saturating_add(e.weight)),
                            lo[to].map(|x| x.saturating_add(e.weight)),
                        ),
                    };
                    h = match (h, a) {
                        (Some(x), Some(y)) => Some(x.max(y)),
                        (x, y) => x.or(y),
                    };
                    l = match (l, b) {
                        (Some(x), Some(y)) => Some(x.min(y)),
                        (x, y) => x.or(y),
                    };
                }
            }
            for &v in nodes {
                hi[v] = h;
                lo[v] = l;
            }
        }
        (hi, lo)
    }

    /// Best total without any misaligned choice (`clean`) and with at least one (`dirty`).
    fn clean_and_dirty(&self) -> (Vec<Option<i32>>, Vec<Option<i32>>) {
        let component = &self.component;
        let n = self.nodes.len();
        let mut clean: Vec<Option<i32>> = vec![None; n];
        let mut dirty: Vec<Option<i32>> = vec![None; n];
        let max = |a: Option<i32>, b: Option<i32>| match (a, b) {
            (Some(x), Some(y)) => Some(x.max(y)),
            (x, y) => x.or(y),
        };
        for c in 0..self.component_count {
            let nodes = self.members(c);
            let (mut cl, mut di): (Option<i32>, Option<i32>) = (None, None);
            for &v in nodes {
                for e in &self.edges[v] {
                    match e.to {
                        To::Ending(_) => {
                            if e.weight < 0 {
                                di = max(di, Some(e.weight));
                            } else {
                                cl = max(cl, Some(e.weight));
                            }
                        }
                        To::Node(to) if component[to] == c => {}
                        To::Node(to) => {
                            if e.weight < 0 {
                                let any = max(clean[to], dirty[to]);
                                di = max(di, any.map(|x| x.saturating_add(e.weight)));
                            } else {
                                cl = max(cl, clean[to].map(|x| x.saturating_add(e.weight)));
                                di = max(di, dirty[to].map(|x| x.saturating_add(e.weight)));
                            }
                        }
                    }
                }
            }
            for &v in nodes {
                clean[v] = cl;
                dirty[v] = di;
            }
        }
        (clean, dirty)
    }

    fn node_of(&self, playthrough: &Playthrough) -> Option<usize> {
        self.keys.get(playthrough.cursor()).copied()
    }

    fn start_of(&self, strategy: StrategyIndex) -> Option<usize> {
        self.starts.get(strategy.index()).copied()
    }

    /// The highest total alignment any complete path reaches under `strategy`.
    pub fn best_total(&self, strategy: StrategyIndex) -> Option<i32> {
        self.start_of(strategy).and_then(|s| self.best[s])
    }

    /// The lowest total alignment any complete path reaches under `strategy`.
    pub fn worst_total(&self, strategy: StrategyIndex) -> Option<i32> {
        self.start_of(strategy).and_then(|s| self.worst[s])
    }

    /// Fewest and most decisions on a complete path under the default strategy
    /// (most is `None` when loops allow any number).
    pub fn path_lengths(&self) -> (u32, Option<u32>) {
        match self.starts.first() {
            Some(&s) => (self.shortest[s].unwrap_or(0), self.longest[s]),
            None => (0, None),
        }
    }

    /// "Decision `n` of about `m`" for the learner's current position.
    pub fn progress(&self, playthrough: &Playthrough) -> DecisionProgress {
        let taken = playthrough.steps().len() as u32;
        if matches!(playthrough.cursor().position, Position::Ended(_)) {
            return DecisionProgress {
                number: taken,
                about: taken,
            };
        }
        let (short, long) = self
            .node_of(playthrough)
            .map(|v| (self.shortest[v].unwrap_or(1), self.longest[v]))
            .unwrap_or((1, None));
        let remaining = match long {
            Some(long) => (short + long).div_ceil(2),
            None => short + 1,
        };
        DecisionProgress {
            number: taken + 1,
            about: taken + remaining.max(1),
        }
    }

    /// The final score of a complete path, 0–100, against the best and worst
    /// achievable under the strategy it was started with.
    pub fn score(&self, scenario: &Scenario, playthrough: &Playthrough) -> Scorecard {
        let raw = super::scoring::raw_total(scenario, playthrough);
        let strategy = playthrough.strategy();
        let best = self.best_total(strategy).unwrap_or(raw);
        let worst = self.worst_total(strategy).unwrap_or(raw);
        let score = normalise(raw, worst, best);
        Scorecard {
            raw,
            best,
            worst,
            score,
            passed: score >= scenario.pass_threshold,
        }
    }

    /// The number of reachable (scene, state, strategy) combinations.
    pub fn state_count(&self) -> usize {
        self.nodes.len()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecisionProgress {
    /// 1-based number of the current decision.
    pub number: u32,
    /// Expected number of decisions on this path.
    pub about: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scorecard {
    pub raw: i32,
    pub best: i32,
    pub worst: i32,
    /// 0–100.
    pub score: u8,
    pub passed: bool,
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn normalise_maps_worst_to_0_and_best_to_100() {
        assert_eq!(normalise(-10, -10, 14), 0);
        assert_eq!(normalise(14, -10, 14), 100);
        assert_eq!(normalise(2, -10, 14), 50);
        assert_eq!(normalise(3, -10, 14), 54); // 13/24 = 54.17
        assert_eq!(normalise(-11, -10, 14), 0);
        assert_eq!(normalise(5, 5, 5), 100);
        // 1/8 = 12.5 rounds half up to 13.
        assert_eq!(normalise(1, 0, 8), 13);
    }
}
