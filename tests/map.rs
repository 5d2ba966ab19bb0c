//! The scenario map's layout: every box once, no overlaps, an edge for every choice
//! target, forward edges going down, deterministic, the learner's path marked exactly.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeSet, HashSet};
use std::fmt::Write;
use std::time::Instant;

use mandate::core::builtin;
use mandate::core::engine::{Position, all_paths};
use mandate::core::map::{self, MapLayout, NodeKind};
use mandate::core::scenario::{self, Scenario, SceneIndex, StrategyIndex, Target};

fn mini() -> Scenario {
    scenario::load("mini", include_str!("fixtures/mini.mandate"))
        .unwrap()
        .scenario
}

fn scenarios() -> Vec<Scenario> {
    let mut all = vec![mini()];
    all.extend(
        builtin::load_all()
            .unwrap()
            .into_iter()
            .map(|entry| entry.scenario),
    );
    all
}

fn node_of(map: &MapLayout, target: Target) -> usize {
    match target {
        Target::Scene(s) => map.scene_node(s).unwrap(),
        Target::Ending(e) => map.ending_node(e).unwrap(),
    }
}

/// The structural rules every layout keeps.
fn check_layout(s: &Scenario, map: &MapLayout) {
    // Every scene and ending exactly once, in scenario order.
    let scenes = s.scenes().len();
    assert_eq!(map.nodes.len(), scenes + s.endings().len());
    assert_eq!(map.scene_count(), scenes);
    let mut kinds = HashSet::new();
    for (i, node) in map.nodes.iter().enumerate() {
        assert!(kinds.insert(node.kind), "{:?} appears twice", node.kind);
        match node.kind {
            NodeKind::Scene(si) => {
                assert_eq!(map.scene_node(si), Some(i));
                assert_eq!(node.title, s.scene(si).title);
            }
            NodeKind::Ending(ei, tone) => {
                assert_eq!(map.ending_node(ei), Some(i));
                assert_eq!(node.title, s.ending(ei).title);
                assert_eq!(tone, s.ending(ei).tone);
            }
        }
        assert!(!node.label.is_empty() && node.label.len() <= map::LABEL_LINES);
        for line in &node.label {
            assert!(line.chars().count() <= map::LABEL_LINE_CHARS, "{line:?}");
        }
        assert!(node.x >= 0.0 && node.y >= 0.0);
        assert!(node.x + node.w <= map.width && node.y + node.h <= map.height);
    }

    // No two boxes overlap (boxes of a layer share a row; check neighbours by x).
    let mut by_layer: Vec<Vec<usize>> = vec![Vec::new(); map.layers];
    for (i, node) in map.nodes.iter().enumerate() {
        by_layer[node.layer].push(i);
    }
    let mut row_spans: Vec<(f64, f64)> = Vec::new();
    for row in &mut by_layer {
        assert!(!row.is_empty(), "an empty layer");
        row.sort_by(|a, b| map.nodes[*a].x.total_cmp(&map.nodes[*b].x));
        for pair in row.windows(2) {
            let (a, b) = (&map.nodes[pair[0]], &map.nodes[pair[1]]);
            assert!(a.x + a.w < b.x, "{:?} overlaps {:?}", a.kind, b.kind);
        }
        let top = row.iter().map(|&i| map.nodes[i].y).fold(f64::MAX, f64::min);
        let bottom = row
            .iter()
            .map(|&i| map.nodes[i].y + map.nodes[i].h)
            .fold(0.0, f64::max);
        row_spans.push((top, bottom));
    }
    for pair in row_spans.windows(2) {
        assert!(pair[0].1 < pair[1].0, "layers overlap vertically");
    }

    // One edge per choice target, in order; forward edges go down, back edges close loops.
    let mut expected = Vec::new();
    for (si, scene) in s.scenes() {
        for (ci, choice) in scene.choices.iter().enumerate() {
            for target in choice.targets() {
                expected.push((si, ci, map.scene_node(si).unwrap(), node_of(map, target)));
            }
        }
    }
    let actual: Vec<_> = map
        .edges
        .iter()
        .map(|e| (e.scene, e.choice, e.from, e.to))
        .collect();
    assert_eq!(actual, expected);
    for e in &map.edges {
        let (from, to) = (&map.nodes[e.from], &map.nodes[e.to]);
        if e.back {
            assert!(to.layer <= from.layer);
        } else {
            assert!(
                to.layer > from.layer,
                "a forward edge that does not go down"
            );
        }
        assert!(e.points.len() >= 4 && (e.points.len() - 1) % 3 == 0);
        let (first, last) = (e.points[0], e.points[e.points.len() - 1]);
        assert!(first.x >= from.x && first.x <= from.x + from.w);
        assert!(last.x >= to.x && last.x <= to.x + to.w);
        if !e.back {
            assert_eq!(first.y, from.y + from.h, "leaves from the bottom");
            assert_eq!(last.y, to.y, "arrives at the top");
        }
        for p in &e.points {
            assert!(p.x >= 0.0 && p.x <= map.width && p.y >= 0.0 && p.y <= map.height);
        }
        assert!(e.path_data().starts_with('M'));
    }
}

#[test]
fn layouts_of_the_fixture_and_the_built_ins_keep_the_rules() {
    for s in scenarios() {
        let map = map::layout(&s);
        check_layout(&s, &map);
        // These scenarios have no loops.
        assert!(map.edges.iter().all(|e| !e.back), "{}", s.id);
        println!(
            "{}: {} layers, {:.0} × {:.0} units",
            s.id, map.layers, map.width, map.height
        );
    }
}

#[test]
fn the_fixture_is_layered_by_longest_path() {
    let s = mini();
    let map = map::layout(&s);
    let layer_of = |id: &str| map.nodes[map.scene_node(s.scene_by_id(id).unwrap()).unwrap()].layer;
    assert_eq!(layer_of("open"), 0);
    assert_eq!(layer_of("cold"), 1);
    // open → warm is one step, open → cold → warm two: the longer one counts.
    assert_eq!(layer_of("warm"), 2);
    let endings: Vec<(String, usize)> = s
        .endings()
        .map(|(e, ending)| {
            (
                ending.id.to_string(),
                map.nodes[map.ending_node(e).unwrap()].layer,
            )
        })
        .collect();
    assert_eq!(
        endings,
        vec![("partner".to_string(), 3), ("lost".to_string(), 3)]
    );
    assert_eq!(map.layers, 4);
}

#[test]
fn layout_is_deterministic() {
    for s in scenarios() {
        assert_eq!(map::layout(&s), map::layout(&s.clone()));
    }
}

#[test]
fn path_marking_marks_exactly_the_visited_boxes_and_choices() {
    for s in scenarios() {
        let map = map::layout(&s);
        for p in all_paths(&s, StrategyIndex::default(), 1_000_000).unwrap() {
            let steps: Vec<(SceneIndex, usize)> =
                p.steps().iter().map(|st| (st.scene, st.choice)).collect();
            let Position::Ended(ending) = p.position(&s) else {
                panic!("all_paths gives complete paths");
            };
            let marks = map.mark_path(&steps, Some(ending));

            let mut nodes: BTreeSet<usize> = steps
                .iter()
                .map(|(sc, _)| map.scene_node(*sc).unwrap())
                .collect();
            nodes.insert(map.ending_node(ending).unwrap());
            let marked_nodes: BTreeSet<usize> =
                (0..map.nodes.len()).filter(|&i| marks.nodes[i]).collect();
            assert_eq!(marked_nodes, nodes);

            // Each step's edge: the one of its choice's edges (one per `next:` target)
            // that leads where the learner went next.
            let went: Vec<usize> = steps
                .iter()
                .skip(1)
                .map(|(sc, _)| map.scene_node(*sc).unwrap())
                .chain([map.ending_node(ending).unwrap()])
                .collect();
            let edges: BTreeSet<usize> = steps
                .iter()
                .zip(&went)
                .map(|(&(sc, ci), &to)| {
                    let range = map.choice_edges(sc, ci);
                    let found: Vec<usize> = range.filter(|&e| map.edges[e].to == to).collect();
                    assert_eq!(found.len(), 1, "{}: one edge of the choice leads on", s.id);
                    found[0]
                })
                .collect();
            let marked_edges: BTreeSet<usize> =
                (0..map.edges.len()).filter(|&i| marks.edges[i]).collect();
            assert_eq!(marked_edges, edges);
            assert_eq!(marks.step_edges.len(), steps.len());
            for (k, taken) in marks.step_edges.iter().enumerate() {
                let e = &map.edges[taken.unwrap()];
                assert_eq!((e.scene, e.choice), steps[k]);
            }
        }

        // A path still in progress: its last choice leads to where the learner stands.
        let first = all_paths(&s, StrategyIndex::default(), 1_000_000)
            .unwrap()
            .into_iter()
            .next()
            .unwrap();
        let steps: Vec<(SceneIndex, usize)> = first.steps()[..2]
            .iter()
            .map(|st| (st.scene, st.choice))
            .collect();
        let marks = map.mark_path(&steps, None);
        assert_eq!(marks.edge_count(), 2);
        assert_eq!(marks.node_count(), 3);
        assert!(map.mark_path(&[], None).nodes.iter().all(|m| !m));
    }
}

/// A generated scenario: rows of scenes fanning out from the start to `width` scenes a
/// row; each scene has three choices, to the next row and the one after it, and the last
/// rows lead to four endings.
fn generated(rows: usize, width: usize) -> String {
    let mut text = String::from(
        "scenario: generated\ntitle: Generated\nversion: 1\ndepartment: Purchasing\n\
         counterpart: Ana Reyes, Sales Director\nminutes: 5\npass: 60\nstart: s0-0\n\
         company: Testco\n\
         mandate: Secure access.\ncounterpart-brief: Ana sells.\nstakes: Launch.\n\
         objective: Practise.\n\n== strategy technology-leadership\nname: Technology leadership\nBe first.\n\n",
    );
    let mut widths = vec![1usize];
    while widths.len() < rows {
        let last = widths[widths.len() - 1];
        widths.push((last * 3).min(width));
    }
    let name = |r: usize, k: usize| {
        if r >= rows {
            format!("end{}", k % 4)
        } else {
            format!("s{r}-{}", k % widths[r])
        }
    };
    for (r, &row_width) in widths.iter().enumerate() {
        for k in 0..row_width {
            let _ = writeln!(
                text,
                "\n== scene {}\ntitle: Scene {r} number {k} of the big graph\nText.",
                name(r, k)
            );
            let targets = if row_width < width {
                [
                    name(r + 1, k * 3),
                    name(r + 1, k * 3 + 1),
                    name(r + 1, k * 3 + 2),
                ]
            } else {
                [
                    name(r + 1, k * 7 + 3),
                    name(r + 1, k + 1),
                    name(r + 2, k * 13 + 5),
                ]
            };
            for (c, t) in targets.iter().enumerate() {
                let _ = writeln!(
                    text,
                    "* Option {c}.\n  id: c{c}\n  align: 0\n  why: Because.\n  result: So.\n  next: {t}"
                );
            }
        }
    }
    for e in 0..4 {
        let tone = ["good", "mixed", "poor", "good"][e];
        let _ = writeln!(
            text,
            "\n== ending end{e}\ntitle: Ending {e}\ntone: {tone}\nThe end."
        );
    }
    text
}

#[test]
fn a_ten_thousand_scene_graph_is_laid_out_quickly() {
    // 1 + 3 + 9 + 27 + 81 scenes fanning out, then 99 rows of 100.
    let text = generated(104, 100);
    let loaded = scenario::load("generated", &text).unwrap_or_else(|e| panic!("{e}"));
    let s = loaded.scenario;
    assert!(s.scenes().len() >= 10_000);
    // The best of a few runs: the machine may be busy with other work.
    let mut elapsed = std::time::Duration::MAX;
    let mut map = None;
    for _ in 0..5 {
        let started = Instant::now();
        let laid_out = map::layout(&s);
        elapsed = elapsed.min(started.elapsed());
        map = Some(laid_out);
    }
    let map = map.unwrap();
    println!(
        "layout of {} scenes, {} edges: {:.1} ms ({} layers, {:.0} × {:.0} units)",
        s.scenes().len(),
        map.edges.len(),
        elapsed.as_secs_f64() * 1000.0,
        map.layers,
        map.width,
        map.height
    );
    check_layout(&s, &map);
}
