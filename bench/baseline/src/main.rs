//! A bare Yew app: the baseline of Mandate's benchmark (bench/run.mjs).

use yew::prelude::*;

#[function_component]
fn App() -> Html {
    let chosen = use_state(|| None::<usize>);
    let options = ["Open on price", "Ask what they need", "Agree a mandate first"];
    html! {
        <main>
            <h1>{ "Baseline" }</h1>
            <p data-testid="chosen">{ chosen.map(|i| format!("Chose {}", options[i])).unwrap_or_default() }</p>
            <div role="group">
                { for options.iter().enumerate().map(|(i, label)| {
                    let chosen = chosen.clone();
                    html! { <button class="choice" onclick={move |_| chosen.set(Some(i))}>{ *label }</button> }
                }) }
            </div>
        </main>
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
