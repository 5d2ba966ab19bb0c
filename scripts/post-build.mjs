// Trunk's post_build hook (Trunk.toml). Trunk starts the hooks of one stage together, and
// both steps rewrite index.html, so they run here one after the other.
await import('./index-loader.mjs');
await import('./language-packs.mjs');
