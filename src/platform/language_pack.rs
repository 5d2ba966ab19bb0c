//! Fetches a language pack: the build names each in `index.html` as
//! `<link rel="alternate" hreflang="<tag>" data-mandate-pack href="./lang-<tag>-<hash>.txt">`
//! (scripts/language-packs.mjs). The pack is read by the core
//! ([`crate::core::i18n::pack::LanguagePack::parse`]); every failure comes back as a
//! sentence for the log and the switch, never a panic.

use crate::core::i18n::pack::LanguagePack;
use crate::core::i18n::{Locale, Messages};
use crate::core::scenario::Library;

use super::fetch;

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
    let selector = format!("link[data-mandate-pack][hreflang=\"{}\"]", locale.tag());
    let href = fetch::linked(&selector)?
        .ok_or_else(|| format!("this build has no language pack for {}", locale.tag()))?;
    let text = fetch::own_text(&href).await?;
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
