// The live preview's script (served by `colloquy serve` only, never part of
// the site): reloads the page when a rebuild succeeds, and shows the
// diagnostics over the last good page when it fails.
(() => {
  const overlayId = 'colloquy-live-overlay';
  function show(state) {
    let box = document.getElementById(overlayId);
    if (state.ok) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement('section');
      box.id = overlayId;
      box.setAttribute('role', 'alert');
      box.setAttribute('aria-label', 'Build problems');
      box.style.cssText = 'position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;background:rgba(40,0,0,.94);color:#fff;font:14px/1.4 ui-monospace,monospace;padding:1rem 1.25rem;box-shadow:0 -4px 16px rgba(0,0,0,.4)';
      document.body.append(box);
    }
    box.replaceChildren();
    const h = document.createElement('h2');
    h.style.cssText = 'margin:0 0 .5rem;font:bold 16px system-ui,sans-serif;color:#fff';
    h.textContent = `The build failed: ${state.reason}. This is the last good page.`;
    const list = document.createElement('ul');
    list.style.cssText = 'margin:0;padding-left:1.2rem';
    for (const d of state.diagnostics) {
      const li = document.createElement('li');
      li.textContent = `${d.file}${d.line ? `:${d.line}${d.column ? `:${d.column}` : ''}` : ''}  ${d.severity}  ${d.message}  ${d.ruleId}`;
      list.append(li);
    }
    box.append(h, list);
  }
  fetch('/__colloquy/state').then((r) => r.json()).then(show, () => {});
  const events = new EventSource('/__colloquy/events');
  events.addEventListener('build', (e) => {
    const state = JSON.parse(e.data);
    if (state.ok) location.reload();
    else show(state);
  });
})();
