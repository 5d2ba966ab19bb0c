// Trunk's post_build hook (Trunk.toml). Trunk starts the hooks of one stage together, and
// every step rewrites index.html, so they run here one after the other.
await import('./stylesheets.mjs');
await import('./index-loader.mjs');
await import('./language-packs.mjs');
await import('./scenario-pack.mjs');
