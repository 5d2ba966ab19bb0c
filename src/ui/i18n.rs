//! The interface language for every component: a context set once at the root, the
//! hook components read it with, and the language switch.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::i18n::{Locale, Messages};
use crate::tr;

/// The language in use and the way to change it.
#[derive(Clone, PartialEq)]
pub struct Language {
    pub locale: Locale,
    /// Asks for a language: at once when its texts are here, else once its language
    /// pack has arrived (the page stays in the language it is in meanwhile).
    pub set: Callback<Locale>,
    /// The scenario translations of every language pack installed so far
    /// (`scenarios/<tag>/<id>.mandate`), for the catalogues to take in.
    pub translations: Rc<[(String, String)]>,
    /// The last language asked for, when its pack could not be loaded.
    pub unavailable: Option<Locale>,
}

/// The catalogue for the language in use (English outside a provider, as in tests of
/// a single component).
#[hook]
pub fn use_messages() -> &'static Messages {
    let language = use_context::<Language>();
    Messages::get(language.map(|l| l.locale).unwrap_or(Locale::En))
}

/// The language in use and its setter.
#[hook]
pub fn use_language() -> Language {
    use_context::<Language>().unwrap_or(Language {
        locale: Locale::En,
        set: Callback::noop(),
        translations: Rc::from([]),
        unavailable: None,
    })
}

/// A `<select>` of the languages Mandate offers, each named in itself.
#[function_component]
pub fn LanguageSwitch() -> Html {
    let t = use_messages();
    let language = use_language();
    // The control shows the language in use, also after a pick that could not be loaded.
    let select = use_node_ref();
    {
        let select = select.clone();
        use_effect_with(
            (language.locale, language.unavailable),
            move |(locale, _)| {
                if let Some(select) = select.cast::<web_sys::HtmlSelectElement>() {
                    select.set_value(locale.tag());
                }
            },
        );
    }
    let onchange = {
        let set = language.set.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(locale) = Locale::from_tag(&select.value()) {
                set.emit(locale);
            }
        })
    };
    html! {
        <label class="language-switch">
            <span class="visually-hidden">{ tr!(t, "common.language") }</span>
            <select ref={select} {onchange} data-testid="language">
                { for Locale::OFFERED.iter().map(|l| html! {
                    <option value={l.tag()} lang={l.tag()} selected={*l == language.locale}>{ l.native_name() }</option>
                }) }
                if !Locale::OFFERED.contains(&language.locale) {
                    <option value={language.locale.tag()} selected=true>{ language.locale.native_name() }</option>
                }
            </select>
            if let Some(missing) = language.unavailable {
                <span class="language-switch__problem" role="status">
                    { tr!(t, "common.language-unavailable", language = missing.native_name()) }
                </span>
            }
        </label>
    }
}
