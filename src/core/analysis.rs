//! Analysis of a scenario's state space: every (scene, variables, strategy)
//! a learner can reach, the choices between them, and what follows — best and
//! worst achievable totals, the paths that reach them, each ending's reach and
//! score range, the number of complete paths, traps and unbounded loops.
//!
//! The graph has one node per reachable [`Cursor`] at a decision, so loops are
//! finite exactly when the state they carry stops them repeating. The cost is
//! linear in nodes × choices: the scene graph times its reachable state space.
//!
//! Layout, for speed on large scenarios (10,000 scenes and more): the reachable
//! states live in flat arrays ([`States`]), found again through an open-addressing
//! table of node numbers, so that interning a state allocates nothing; the edges
//! are one flat vector in compressed sparse row form (`edge_start[v]..edge_start[v + 1]`)
//! instead of a vector per node; and the results that do not depend on the starting
//! strategy (path counts, each ending's score range, the best clean and misaligned
//! totals) are computed once per component, not once per strategy and ending per node.

use std::collections::VecDeque;
use std::hash::Hasher;

use super::engine::{Cursor, Playthrough, Position};
use super::fast_hash::FastHasher;
use super::scenario::{EndingIndex, Scenario, SceneIndex, StrategyIndex, Target};
use super::scoring::percent_between as normalise;

/// The reachable states (scene at a decision, strategy in force, variable values),
/// one per node, in flat arrays, with a table to find a state's node number.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct States {
    scenes: Vec<SceneIndex>,
    strategies: Vec<StrategyIndex>,
    /// The variables' values of node `v`: `values[v * width..(v + 1) * width]`.
    values: Vec<i32>,
    /// Number of variables in the scenario.
    width: usize,
    /// Open addressing with linear probing: node numbers, [`States::EMPTY`] where free.
    /// The length is a power of two and at most half the slots are taken.
    slots: Vec<u32>,
}

impl States {
    const EMPTY: u32 = u32::MAX;

    /// Room for `expected` states without growing (more are still accepted).
    fn new(width: usize, expected: usize) -> Self {
        States {
            scenes: Vec::with_capacity(expected),
            strategies: Vec::with_capacity(expected),
            values: Vec::with_capacity(expected * width),
            width,
            slots: vec![Self::EMPTY; (2 * expected).next_power_of_two().max(64)],
        }
    }

    fn len(&self) -> usize {
        self.scenes.len()
    }

    fn values_of(&self, node: usize) -> &[i32] {
        &self.values[node * self.width..(node + 1) * self.width]
    }

    fn hash(scene: SceneIndex, strategy: StrategyIndex, values: &[i32]) -> u64 {
        let mut hasher = FastHasher::default();
        hasher.write_usize(scene.0);
        hasher.write_usize(strategy.index());
        for &value in values {
            hasher.write_i32(value);
        }
        hasher.finish()
    }

    /// Whether `node` is this state. The values are compared one by one: a slice
    /// comparison calls `memcmp`, which costs more than the few values themselves.
    fn is(&self, node: usize, scene: SceneIndex, strategy: StrategyIndex, values: &[i32]) -> bool {
        self.scenes[node] == scene
            && self.strategies[node] == strategy
            && self
                .values_of(node)
                .iter()
                .zip(values)
                .all(|(stored, wanted)| stored == wanted)
    }

    /// The first slot to probe for a hash: its top bits (the multiplicative hash mixes
    /// its input into the high bits; the low bits would cluster).
    fn home_slot(&self, hash: u64) -> usize {
        let bits = self.slots.len().trailing_zeros();
        (hash >> (64 - bits)) as usize
    }

    /// The slot holding the state's node number, or the free slot where it belongs.
    fn slot_of(&self, scene: SceneIndex, strategy: StrategyIndex, values: &[i32]) -> usize {
        let mask = self.slots.len() - 1;
        let mut slot = self.home_slot(Self::hash(scene, strategy, values));
        loop {
            let node = self.slots[slot];
            if node == Self::EMPTY || self.is(node as usize, scene, strategy, values) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    /// The node number of a state, if it was reached.
    fn find(&self, scene: SceneIndex, strategy: StrategyIndex, values: &[i32]) -> Option<usize> {
        if values.len() != self.width {
            return None;
        }
        match self.slots[self.slot_of(scene, strategy, values)] {
            Self::EMPTY => None,
            node => Some(node as usize),
        }
    }

    /// The node number of a state, adding it (as the next number) when new;
    /// `true` with it when it was added.
    fn intern(
        &mut self,
        scene: SceneIndex,
        strategy: StrategyIndex,
        values: &[i32],
    ) -> (usize, bool) {
        let slot = self.slot_of(scene, strategy, values);
        if self.slots[slot] != Self::EMPTY {
            return (self.slots[slot] as usize, false);
        }
        let node = self.len();
        self.slots[slot] = node as u32;
        self.scenes.push(scene);
        self.strategies.push(strategy);
        self.values.extend_from_slice(values);
        if 2 * self.len() > self.slots.len() {
            self.grow();
        }
        (node, true)
    }

    /// Doubles the table and puts every node back.
    fn grow(&mut self) {
        self.slots = vec![Self::EMPTY; self.slots.len() * 2];
        let mask = self.slots.len() - 1;
        for node in 0..self.len() {
            let hash = Self::hash(
                self.scenes[node],
                self.strategies[node],
                self.values_of(node),
            );
            let mut slot = self.home_slot(hash);
            while self.slots[slot] != Self::EMPTY {
                slot = (slot + 1) & mask;
            }
            self.slots[slot] = node as u32;
        }
    }
}

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
    states: States,
    /// The edges of node `v` are `edges[edge_start[v]..edge_start[v + 1]]`.
    edge_start: Vec<usize>,
    edges: Vec<Edge>,
    /// Strongly connected components of the state graph (see [`components`]).
    component: Vec<usize>,
    component_count: usize,
    /// Nodes grouped by component: `member_nodes[member_start[c]..member_start[c + 1]]`.
    member_nodes: Vec<usize>,
    member_start: Vec<usize>,
    /// Whether component `c` holds a loop (two nodes or more, or a node leading to itself).
    cyclic: Vec<bool>,
    starts: Vec<usize>,
    best: Vec<Option<i32>>,
    worst: Vec<Option<i32>>,
    shortest: Vec<Option<u32>>,
    longest: Vec<Option<u32>>,
    pub reports: Vec<StrategyReport>,
    pub findings: Vec<Finding>,
}

/// Tarjan's strongly connected components, iterative, over the edges in compressed
/// sparse row form. Components come out in reverse topological order: every edge
/// leaves a component for an earlier one.
///
/// Discovery indices are `u32` (there are at most [`STATE_LIMIT`] and a few nodes):
/// half the memory of `usize`, which matters when the state space outgrows the cache.
fn components(edge_start: &[usize], edges: &[Edge]) -> (Vec<usize>, usize) {
    let n = edge_start.len() - 1;
    let edges_of = |v: usize| &edges[edge_start[v]..edge_start[v + 1]];
    let mut index = vec![u32::MAX; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![usize::MAX; n];
    let mut count = 0;
    let mut next_index: u32 = 0;
    let mut work: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if index[root] != u32::MAX {
            continue;
        }
        work.push((root, 0));
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut i)) = work.last_mut() {
            if let Some(edge) = edges_of(v).get(*i) {
                *i += 1;
                if let To::Node(w) = edge.to {
                    if index[w] == u32::MAX {
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

/// The larger of two optional totals (either alone when the other is missing).
fn max_of(a: Option<i32>, b: Option<i32>) -> Option<i32> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, y) => x.or(y),
    }
}

/// The smaller of two optional totals (either alone when the other is missing).
fn min_of(a: Option<i32>, b: Option<i32>) -> Option<i32> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

/// What a strategy's report needs beyond best and worst, taken at the starting nodes.
/// None of it depends on the strategy, so it is computed once for all of them.
struct AtStarts {
    /// Complete paths from each start; `None` when a loop allows infinitely many.
    paths: Vec<Option<u128>>,
    /// `ending_totals[s][e]`: highest and lowest raw totals from start `s` to ending `e`.
    ending_totals: Vec<Vec<(Option<i32>, Option<i32>)>>,
    /// Best total from each start without a misaligned choice, and with at least one.
    clean: Vec<Option<i32>>,
    dirty: Vec<Option<i32>>,
}

impl Analysis {
    pub fn of(scenario: &Scenario) -> Self {
        let strategy_count = scenario.strategies.len();
        let expected_states = scenario.scenes().len() * strategy_count;
        let expected_edges = scenario
            .scenes()
            .map(|(_, scene)| scene.choices.len())
            .sum::<usize>()
            * strategy_count;
        let mut a = Analysis {
            // Sized for the states a scenario without variables reaches (a scene under
            // each strategy), so that the common case never regrows these vectors;
            // with variables they grow from there.
            states: States::new(scenario.variables.len(), expected_states),
            edge_start: Vec::with_capacity(expected_states + 1),
            edges: Vec::with_capacity(expected_edges),
            component: Vec::new(),
            component_count: 0,
            member_nodes: Vec::new(),
            member_start: Vec::new(),
            cyclic: Vec::new(),
            starts: Vec::new(),
            best: Vec::new(),
            worst: Vec::new(),
            shortest: Vec::new(),
            longest: Vec::new(),
            reports: Vec::new(),
            findings: Vec::new(),
        };
        // Node 0's edges start at 0.
        a.edge_start.push(0);
        if !a.explore(scenario) {
            return a;
        }
        let (component, count) = components(&a.edge_start, &a.edges);
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
        a.cyclic = (0..count)
            .map(|c| {
                let members = a.members(c);
                members.len() > 1
                    || members
                        .iter()
                        .any(|&v| a.edges_of(v).iter().any(|e| e.to == To::Node(v)))
            })
            .collect();
        a.check(scenario);
        a.solve();
        let at_starts = a.at_starts(scenario);
        for (i, strategy) in scenario.strategy_indices().enumerate() {
            let report = a.report(scenario, strategy, i, &at_starts);
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

    /// The edges leaving node `v`.
    fn edges_of(&self, v: usize) -> &[Edge] {
        &self.edges[self.edge_start[v]..self.edge_start[v + 1]]
    }

    /// Breadth-first over reachable states. False when the state space is too large.
    ///
    /// Nodes are numbered in the order they are first reached and expanded in that
    /// same order, so the queue is just the node numbers (`expanding` walks them) and
    /// each node's edges are appended to the flat edge list as it is expanded. The
    /// transition is [`Cursor::take`]'s, done in place on a scratch buffer of values.
    fn explore(&mut self, scenario: &Scenario) -> bool {
        for strategy in scenario.strategy_indices() {
            let start = Cursor::start(scenario, strategy);
            let Position::Decision(scene) = start.position else {
                continue;
            };
            let (node, _) = self.states.intern(scene, start.strategy, &start.values);
            self.starts.push(node);
        }
        let mut current_values: Vec<i32> = Vec::with_capacity(self.states.width);
        let mut next_values: Vec<i32> = Vec::with_capacity(self.states.width);
        let mut expanding = 0;
        while expanding < self.states.len() {
            if self.states.len() > STATE_LIMIT {
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
            let scene = self.states.scenes[expanding];
            let strategy = self.states.strategies[expanding];
            current_values.clear();
            current_values.extend_from_slice(self.states.values_of(expanding));
            for (choice_index, choice) in scenario.scene(scene).choices.iter().enumerate() {
                if !choice.condition.holds(&current_values) {
                    continue;
                }
                let weight = i32::from(choice.alignment(strategy).value());
                next_values.clear();
                next_values.extend_from_slice(&current_values);
                for change in &choice.changes {
                    let variable = &scenario.variables[change.var.0];
                    let value = &mut next_values[change.var.0];
                    *value = variable.clamp(value.saturating_add(change.delta));
                }
                let to = match choice.target(&next_values) {
                    Target::Ending(ending) => To::Ending(ending),
                    Target::Scene(next) => {
                        let next_strategy = scenario.scene(next).pivot.unwrap_or(strategy);
                        To::Node(self.states.intern(next, next_strategy, &next_values).0)
                    }
                };
                self.edges.push(Edge {
                    choice: choice_index,
                    weight,
                    to,
                });
            }
            self.edge_start.push(self.edges.len());
            expanding += 1;
        }
        true
    }

    /// The nodes of component `c`.
    fn members(&self, c: usize) -> &[usize] {
        &self.member_nodes[self.member_start[c]..self.member_start[c + 1]]
    }

    fn scene_of(&self, node: usize) -> SceneIndex {
        self.states.scenes[node]
    }

    fn describe_state(&self, scenario: &Scenario, node: usize) -> String {
        let values = self.states.values_of(node);
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
        let n = self.states.len();
        // Unreachable scenes and endings.
        let mut scene_seen = vec![false; scenario.scenes().len()];
        let mut ending_seen = vec![false; scenario.endings().len()];
        for node in 0..n {
            scene_seen[self.scene_of(node).0] = true;
            for e in self.edges_of(node) {
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
            if self.edges_of(node).is_empty() && !reported[scene.0] {
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
        // Traps: reachable nodes from which no ending can be reached. Components come
        // successors first, so one pass settles each component from those it leads to
        // (every node of a component reaches the same endings).
        let (component, count) = (&self.component, self.component_count);
        let mut component_can_end = vec![false; count];
        for c in 0..count {
            component_can_end[c] = self.members(c).iter().any(|&v| {
                self.edges_of(v).iter().any(|e| match e.to {
                    To::Ending(_) => true,
                    To::Node(to) => component[to] != c && component_can_end[component[to]],
                })
            });
        }
        let can_end = |node: usize| component_can_end[component[node]];
        let mut found = Vec::new();
        let cyclic = |node: usize| self.cyclic[component[node]];
        let loop_scenes = |c: usize| -> Vec<&str> {
            let mut scenes: Vec<&str> = self
                .members(c)
                .iter()
                .map(|&m| scenario.scene(self.scene_of(m)).id.as_str())
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
        for (node, &node_component) in component.iter().enumerate() {
            if can_end(node) || !cyclic(node) {
                continue;
            }
            let scenes = loop_scenes(node_component);
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
            if !can_end(node) {
                continue;
            }
            for e in self.edges_of(node) {
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
        let n = self.states.len();
        let (component, count) = (&self.component, self.component_count);
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
                for e in self.edges_of(v) {
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
                    b = max_of(b, nb);
                    w = min_of(w, nw);
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
                longest[v] = if self.cyclic[c] { None } else { long };
            }
        }
        // Shortest: breadth-first backwards from the choices that end the scenario,
        // over the reversed edges (compressed sparse rows, built by counting sort).
        let mut shortest = vec![None; n];
        let mut reverse_start = vec![0usize; n + 1];
        for e in &self.edges {
            if let To::Node(to) = e.to {
                reverse_start[to + 1] += 1;
            }
        }
        for v in 0..n {
            reverse_start[v + 1] += reverse_start[v];
        }
        let mut reverse_fill = reverse_start.clone();
        let mut reverse = vec![0usize; reverse_start[n]];
        let mut queue = VecDeque::new();
        for (v, distance) in shortest.iter_mut().enumerate() {
            for e in self.edges_of(v) {
                match e.to {
                    To::Node(to) => {
                        reverse[reverse_fill[to]] = v;
                        reverse_fill[to] += 1;
                    }
                    To::Ending(_) => {
                        if distance.is_none() {
                            *distance = Some(1);
                            queue.push_back(v);
                        }
                    }
                }
            }
        }
        while let Some(v) = queue.pop_front() {
            let d = shortest[v].unwrap_or(0);
            for &from in &reverse[reverse_start[v]..reverse_start[v + 1]] {
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
        let limit = self.states.len() + 1;
        while steps < limit {
            steps += 1;
            let Some(goal) = value(at) else { break };
            let scene = self.scene_of(at);
            // Prefer an edge that ends the scenario or moves to a node with a shorter way out,
            // so that zero-weight loops are not followed forever. Of equally good edges the
            // first is taken (the first of a stable sort, without collecting the candidates).
            let mut chosen: Option<(u32, &Edge)> = None;
            for e in self.edges_of(at) {
                let achieves = match e.to {
                    To::Ending(_) => e.weight == goal,
                    To::Node(to) => value(to).map(|x| x.saturating_add(e.weight)) == Some(goal),
                };
                if !achieves {
                    continue;
                }
                let distance = match e.to {
                    To::Ending(_) => 0,
                    To::Node(to) => self.shortest[to].unwrap_or(u32::MAX),
                };
                if chosen.is_none_or(|(best_distance, _)| distance < best_distance) {
                    chosen = Some((distance, e));
                }
            }
            let Some((_, edge)) = chosen else {
                break;
            };
            out.push(
                scenario.scene(scene).choices[edge.choice]
                    .id
                    .as_str()
                    .to_owned(),
            );
            match edge.to {
                To::Ending(_) => break,
                To::Node(to) => at = to,
            }
        }
        out
    }

    /// Path counts, ending score ranges and clean/misaligned bests at every start.
    /// Each is one pass over the components (successors first), with one value per
    /// component: all nodes of a component share it (a loop makes paths infinite, and
    /// edges inside a component are skipped for the totals, as zero-weight loops).
    fn at_starts(&self, scenario: &Scenario) -> AtStarts {
        let (component, count) = (&self.component, self.component_count);
        // Paths: count, or infinite when a loop is reachable on the way to an ending.
        let mut paths: Vec<Option<u128>> = vec![Some(0); count];
        for c in 0..count {
            if self.cyclic[c] {
                paths[c] = None;
                continue;
            }
            let mut total: Option<u128> = Some(0);
            for &v in self.members(c) {
                for e in self.edges_of(v) {
                    let add = match e.to {
                        To::Ending(_) => Some(1),
                        To::Node(to) if component[to] == c => None,
                        To::Node(to) => paths[component[to]],
                    };
                    total = match (total, add) {
                        (Some(t), Some(a)) => Some(t.saturating_add(a)),
                        _ => None,
                    };
                }
            }
            paths[c] = total;
        }
        // Per ending: highest and lowest totals of the paths reaching it (zero-weight
        // loops allowed), every ending in the same pass: component `c` has one row of
        // `ending_count` totals in `highest` and in `lowest`. "No path" is a sentinel
        // (`i32::MIN` in `highest`, `i32::MAX` in `lowest`) rather than `None`, so that
        // a row is plain integers combined ending by ending. A real total never reaches
        // a sentinel: it adds alignments of -2..=2 over at most one edge per component.
        let ending_count = scenario.endings().len();
        let mut highest = vec![i32::MIN; count * ending_count];
        let mut lowest = vec![i32::MAX; count * ending_count];
        let mut row_high = vec![i32::MIN; ending_count];
        let mut row_low = vec![i32::MAX; ending_count];
        let row = |c: usize| c * ending_count..(c + 1) * ending_count;
        for c in 0..count {
            row_high.fill(i32::MIN);
            row_low.fill(i32::MAX);
            for &v in self.members(c) {
                for e in self.edges_of(v) {
                    match e.to {
                        To::Ending(x) => {
                            row_high[x.0] = row_high[x.0].max(e.weight);
                            row_low[x.0] = row_low[x.0].min(e.weight);
                        }
                        To::Node(to) if component[to] == c => {}
                        To::Node(to) => {
                            let next = row(component[to]);
                            for (high, &after) in row_high.iter_mut().zip(&highest[next.clone()]) {
                                if after != i32::MIN {
                                    *high = (*high).max(after.saturating_add(e.weight));
                                }
                            }
                            for (low, &after) in row_low.iter_mut().zip(&lowest[next]) {
                                if after != i32::MAX {
                                    *low = (*low).min(after.saturating_add(e.weight));
                                }
                            }
                        }
                    }
                }
            }
            highest[row(c)].copy_from_slice(&row_high);
            lowest[row(c)].copy_from_slice(&row_low);
        }
        let ending_totals: Vec<Vec<(Option<i32>, Option<i32>)>> = self
            .starts
            .iter()
            .map(|&start| {
                let at = row(component[start]);
                highest[at.clone()]
                    .iter()
                    .zip(&lowest[at])
                    .map(|(&high, &low)| {
                        (
                            (high != i32::MIN).then_some(high),
                            (low != i32::MAX).then_some(low),
                        )
                    })
                    .collect()
            })
            .collect();
        // Best total without any misaligned choice (`clean`) and with at least one (`dirty`).
        let mut clean: Vec<Option<i32>> = vec![None; count];
        let mut dirty: Vec<Option<i32>> = vec![None; count];
        for c in 0..count {
            let (mut cl, mut di): (Option<i32>, Option<i32>) = (None, None);
            for &v in self.members(c) {
                for e in self.edges_of(v) {
                    match e.to {
                        To::Ending(_) => {
                            if e.weight < 0 {
                                di = max_of(di, Some(e.weight));
                            } else {
                                cl = max_of(cl, Some(e.weight));
                            }
                        }
                        To::Node(to) if component[to] == c => {}
                        To::Node(to) => {
                            let (to_clean, to_dirty) = (clean[component[to]], dirty[component[to]]);
                            if e.weight < 0 {
                                let any = max_of(to_clean, to_dirty);
                                di = max_of(di, any.map(|x| x.saturating_add(e.weight)));
                            } else {
                                cl = max_of(cl, to_clean.map(|x| x.saturating_add(e.weight)));
                                di = max_of(di, to_dirty.map(|x| x.saturating_add(e.weight)));
                            }
                        }
                    }
                }
            }
            clean[c] = cl;
            dirty[c] = di;
        }
        let at = |values: &[Option<i32>]| -> Vec<Option<i32>> {
            self.starts.iter().map(|&s| values[component[s]]).collect()
        };
        AtStarts {
            paths: self.starts.iter().map(|&s| paths[component[s]]).collect(),
            ending_totals,
            clean: at(&clean),
            dirty: at(&dirty),
        }
    }

    /// The report for the `i`-th strategy, which starts at node `self.starts[i]`.
    fn report(
        &self,
        scenario: &Scenario,
        strategy: StrategyIndex,
        i: usize,
        at_starts: &AtStarts,
    ) -> StrategyReport {
        let start = self.starts[i];
        let (best, worst) = (self.best[start], self.worst[start]);
        let endings: Vec<Option<(u8, u8)>> = at_starts.ending_totals[i]
            .iter()
            .map(|&(hi, lo)| match (hi, lo, best, worst) {
                (Some(h), Some(l), Some(b), Some(w)) => {
                    Some((normalise(l, w, b), normalise(h, w, b)))
                }
                _ => None,
            })
            .collect();
        let misaligned_outscores = match (best, worst) {
            (Some(b), Some(w)) => match (at_starts.dirty[i], at_starts.clean[i]) {
                (Some(d), c) if c.is_none_or(|c| d > c) => {
                    Some((normalise(d, w, b), c.map(|c| normalise(c, w, b))))
                }
                _ => None,
            },
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
            paths: at_starts.paths[i],
            shortest: self.shortest[start],
            longest: self.longest[start],
            endings,
            misaligned_outscores,
        }
    }

    fn node_of(&self, playthrough: &Playthrough) -> Option<usize> {
        let cursor = playthrough.cursor();
        match cursor.position {
            Position::Decision(scene) => self.states.find(scene, cursor.strategy, &cursor.values),
            Position::Ended(_) => None,
        }
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

    /// The best value the deal reaches at an ending where the sides agree, over every
    /// reachable path; `None` without economics or when no agreement can be reached.
    pub fn best_deal(&self, scenario: &Scenario) -> Option<i32> {
        let economics = scenario.economics.as_ref()?;
        let var = economics.deal;
        let variable = &scenario.variables[var.index()];
        let mut best: Option<i32> = None;
        for v in 0..self.states.len() {
            let scene = scenario.scene(self.states.scenes[v]);
            for edge in &self.edges[self.edge_start[v]..self.edge_start[v + 1]] {
                let To::Ending(ending) = edge.to else {
                    continue;
                };
                if !scenario.ending(ending).agreed {
                    continue;
                }
                let mut value = self.states.values_of(v)[var.index()];
                for change in &scene.choices[edge.choice].changes {
                    if change.var == var {
                        value = variable.clamp(value.saturating_add(change.delta));
                    }
                }
                if best.is_none_or(|b| economics.better.prefers(value, b)) {
                    best = Some(value);
                }
            }
        }
        best
    }

    /// The number of reachable (scene, state, strategy) combinations.
    pub fn state_count(&self) -> usize {
        self.states.len()
    }
}

/// "6–8 decisions", "7 decisions", "6 or more decisions" (loops allow any number), or
/// "no complete path": how the app and the CLI describe path lengths.
pub fn describe_decisions(shortest: Option<u32>, longest: Option<u32>) -> String {
    match (shortest, longest) {
        (Some(s), Some(l)) if s == l => format!("{s} decisions"),
        (Some(s), Some(l)) => format!("{s}–{l} decisions"),
        (Some(s), None) => format!("{s} or more decisions"),
        (None, _) => "no complete path".to_string(),
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
