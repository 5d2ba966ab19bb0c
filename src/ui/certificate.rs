//! A certificate of completion for a passed attempt: the learner types the name to
//! print (kept in this component only: never saved, never sent), sees a preview, and
//! prints the certificate alone, on a landscape page (styles/print.css).

use yew::prelude::*;

use crate::core::i18n::civil_date::Date;
use crate::platform::{clock, locale, print};
use crate::tr;

use super::i18n::use_messages;

#[derive(Properties, PartialEq)]
pub struct CertificateProps {
    pub scenario: AttrValue,
    pub strategy: AttrValue,
    pub score: u8,
    pub pass_mark: u8,
}

#[function_component]
pub fn Certificate(props: &CertificateProps) -> Html {
    let t = use_messages();
    let name = use_state(String::new);
    // While set, the page prints only the certificate; cleared once the dialog returns.
    let printing = use_state(|| false);
    let failed = use_state(|| None::<String>);
    let date = t.date(Date::from_unix_ms(
        clock::now_ms() as i64,
        locale::utc_offset_minutes(),
    ));
    {
        let printing = printing.clone();
        let failed = failed.clone();
        use_effect_with(*printing, move |&on| {
            if on {
                failed.set(print::print_page().err());
                printing.set(false);
            }
        });
    }
    let on_name = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            name.set(input.value());
        })
    };
    let on_print = {
        let printing = printing.clone();
        Callback::from(move |_: MouseEvent| printing.set(true))
    };
    let shown = name.trim();
    html! {
        <section class={classes!("certificate-panel", printing.then_some("certificate-panel--printing"))}
            aria-labelledby="certificate-heading" data-testid="certificate-panel">
            <h2 id="certificate-heading">{ tr!(t, "certificate.panel-title") }</h2>
            <p class="meta">{ tr!(t, "certificate.panel-lead") }</p>
            <div class="certificate-panel__form">
                <label class="certificate-panel__field">
                    <span class="label">{ tr!(t, "certificate.name-label") }</span>
                    <input type="text" value={(*name).clone()} oninput={on_name} maxlength="80"
                        autocomplete="name" data-testid="certificate-name" />
                </label>
                <button class="button button--primary" onclick={on_print} disabled={shown.is_empty()}>
                    { tr!(t, "certificate.print") }
                </button>
            </div>
            if let Some(e) = &*failed {
                <p class="meta" role="alert">{ tr!(t, "certificate.print-failed", why = e) }</p>
            }
            <div class="certificate" data-testid="certificate" role="group" aria-label={tr!(t, "certificate.preview")}>
                <div class="certificate__frame">
                    <p class="certificate__brand">{ tr!(t, "certificate.brand") }</p>
                    <p class="certificate__title">{ tr!(t, "certificate.title") }</p>
                    <p class="certificate__lead">{ tr!(t, "certificate.certifies") }</p>
                    <p class="certificate__name" data-testid="certificate-shown-name">
                        { if shown.is_empty() { tr!(t, "certificate.your-name") } else { shown } }
                    </p>
                    <p class="certificate__lead">{ tr!(t, "certificate.completed") }</p>
                    <p class="certificate__scenario" data-testid="certificate-scenario">{ props.scenario.clone() }</p>
                    <p class="certificate__strategy">{ tr!(t, "certificate.strategy", strategy = props.strategy) }</p>
                    <dl class="certificate__facts">
                        <div>
                            <dt>{ tr!(t, "certificate.score") }</dt>
                            <dd data-testid="certificate-score">{ format!("{} / 100", props.score) }</dd>
                        </div>
                        <div>
                            <dt>{ tr!(t, "certificate.result") }</dt>
                            <dd>{ tr!(t, "certificate.passed", pass = props.pass_mark) }</dd>
                        </div>
                        <div>
                            <dt>{ tr!(t, "certificate.date") }</dt>
                            <dd data-testid="certificate-date">{ date }</dd>
                        </div>
                    </dl>
                </div>
            </div>
        </section>
    }
}
