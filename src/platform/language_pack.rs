//! Fetches a language pack: the build names each in `index.html` as
//! `<link rel="alternate" hreflang="<tag>" data-mandate-pack href="./lang-<tag>-<hash>.txt">`
//! (scripts/language-packs.mjs). The pack is read by the core
//! ([`crate::core::i18n::pack::LanguagePack::parse`]); every failure comes back as a
//! sentence for the log and the switch, never a panic.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::core::i18n::pack::LanguagePack;
use crate::core::i18n::{Locale, Messages};
use crate::core::scenario::Library;

use super::storage::describe;

/// Fetches `locale`'s pack and installs its catalogue and profile library in the core's
/// tables; gives back its scenario translations (`scenarios/<tag>/<id>.mandate`) for the
/// catalogues to take in. A failure is logged and comes back as its reason.
pub async fn install(locale: Locale) -> Result<Vec<(String, String)>, String> {
    let installed = load(locale).await.and_then(|pack| {
        Messages::install(&pack).map_err(|errors| {
            let first = errors.first().map(ToString::to_string).unwrap_or_default();
            format!("its catalogue does not parse: {first}")
        })?;
        if let Some((file, source)) = pack.library()
            && !Library::install(locale, file, source)
        {
            return Err(format!(
                "{file} is not a translation of the profile library"
            ));
        }
        Ok(pack
            .scenarios()
            .map(|(f, t)| (f.to_string(), t.to_string()))
            .collect())
    });
    if let Err(why) = &installed {
        web_sys::console::warn_1(&format!("Mandate: language pack: {why}").into());
    }
    installed
}

/// The pack for `locale`, fetched from this build's folder and parsed.
pub async fn load(locale: Locale) -> Result<LanguagePack, String> {
    let window = web_sys::window().ok_or("no window object")?;
    let document = window.document().ok_or("no document")?;
    let selector = format!("link[data-mandate-pack][hreflang=\"{}\"]", locale.tag());
    let href = document
        .query_selector(&selector)
        .map_err(|e| describe(&e))?
        .and_then(|link| link.get_attribute("href"))
        .ok_or_else(|| format!("this build has no language pack for {}", locale.tag()))?;
    let init = web_sys::RequestInit::new();
    init.set_method("GET");
    init.set_mode(web_sys::RequestMode::SameOrigin);
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);
    let response = JsFuture::from(window.fetch_with_str_and_init(&href, &init))
        .await
        .map_err(|e| format!("{href}: {}", describe(&e)))?;
    let response: web_sys::Response = response.dyn_into().map_err(|e| describe(&e))?;
    if !response.ok() {
        return Err(format!("{href}: the server answered {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|e| describe(&e))?)
        .await
        .map_err(|e| format!("{href}: {}", describe(&e)))?
        .as_string()
        .ok_or_else(|| format!("{href}: the body is not text"))?;
    let pack = LanguagePack::parse(&text).map_err(|e| format!("{href}: {e}"))?;
    if pack.locale != locale {
        return Err(format!(
            "{href}: a pack for {}, not {}",
            pack.locale.tag(),
            locale.tag()
        ));
    }
    Ok(pack)
}
