//! Geometry that depends on data (a bar's length, the scenario map's size), set through
//! the CSSOM. A `style` attribute would be inline style, which Mandate's
//! Content-Security-Policy forbids (`style-src 'self'`, no `'unsafe-inline'`; see
//! `docs/hosting.md`); setting a property of `element.style` is not inline style and is
//! allowed.

use wasm_bindgen::JsCast;

/// Sets each `(property, value)` on `element`'s own style. Returns the first failure (an
/// element without a `style`, a rejected property), having set what came before it.
pub fn set(
    element: &web_sys::Element,
    properties: &[(&'static str, String)],
) -> Result<(), String> {
    let style = js_sys::Reflect::get(element, &"style".into())
        .ok()
        .filter(|s| s.is_object())
        .ok_or_else(|| "the element has no style".to_string())?
        .unchecked_into::<web_sys::CssStyleDeclaration>();
    for (property, value) in properties {
        style
            .set_property(property, value)
            .map_err(|e| format!("{property}: {e:?}"))?;
    }
    Ok(())
}

/// [`set`], with a failure written to the console (a developer's message: the element
/// keeps its stylesheet's size).
pub fn apply(element: &web_sys::Element, properties: &[(&'static str, String)]) {
    if let Err(e) = set(element, properties) {
        web_sys::console::warn_1(&format!("Mandate could not size an element: {e}").into());
    }
}
