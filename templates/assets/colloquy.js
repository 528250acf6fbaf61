// Colloquy: progressive enhancements. Every page works without this script;
// it adds copy-link buttons, note popovers, name summaries, and remembers the
// editorial view. No external requests: it only reads the site's own files.
(() => {
  'use strict';
  const root = document.body.dataset.root || './';

  // Arriving from a search result (?highlight=…): mark the words found, with
  // Pagefind's highlight script, and keep the turn in view.
  if (new URLSearchParams(location.search).has('highlight') && document.querySelector('.reading')) {
    import(new URL(`${root}pagefind/pagefind-highlight.js`, location.href).href)
      .then(() => {
        new window.PagefindHighlight({ highlightParam: 'highlight', markContext: '.reading' });
        if (location.hash) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
      })
      .catch(() => {});
  }

  // Editorial view: remember the reader's choice between pages.
  const views = document.querySelectorAll('input[name="view"]');
  try {
    const saved = localStorage.getItem('colloquy-view');
    for (const input of views) {
      if (saved && input.value === saved) input.checked = true;
      input.addEventListener('change', () => localStorage.setItem('colloquy-view', input.value));
    }
  } catch { /* storage may be disabled; the toggle still works */ }

  // Copy a turn's permanent URL.
  for (const button of document.querySelectorAll('button.copy-link')) {
    button.hidden = false;
    button.addEventListener('click', async () => {
      const url = `${location.origin}${location.pathname}#${button.dataset.anchor}`;
      try {
        await navigator.clipboard.writeText(url);
        button.textContent = 'Copied';
      } catch {
        window.prompt('Copy this link:', url);
      }
      setTimeout(() => { button.textContent = 'Copy link'; }, 2000);
    });
  }

  // Footnotes open in place as popovers; without support the link jumps to the note.
  const supportsPopover = typeof HTMLElement.prototype.showPopover === 'function';
  for (const ref of document.querySelectorAll('a.noteref')) {
    const pop = document.getElementById(ref.dataset.note || '');
    if (!pop || !supportsPopover) continue;
    ref.setAttribute('aria-expanded', 'false');
    ref.addEventListener('click', (event) => {
      event.preventDefault();
      if (pop.matches(':popover-open')) { pop.hidePopover(); return; }
      pop.showPopover();
      const box = ref.getBoundingClientRect();
      pop.style.position = 'fixed';
      pop.style.margin = '0';
      pop.style.left = `${Math.max(8, Math.min(box.left, window.innerWidth - pop.offsetWidth - 8))}px`;
      pop.style.top = `${Math.min(box.bottom + 6, window.innerHeight - pop.offsetHeight - 8)}px`;
    });
    pop.addEventListener('toggle', (event) => ref.setAttribute('aria-expanded', String(event.newState === 'open')));
  }

  // Name summaries: on hover or focus, a card with the register entry's summary.
  const links = document.querySelectorAll('a[data-entity]');
  if (links.length === 0) return;
  let entities;
  const load = () => (entities ??= fetch(`${root}data/entities.json`).then((r) => (r.ok ? r.json() : {})).catch(() => ({})));
  const card = document.createElement('div');
  card.className = 'entity-card';
  card.id = 'entity-card';
  card.setAttribute('role', 'tooltip');
  card.hidden = true;
  document.body.append(card);
  let current = null;
  const hide = () => {
    card.hidden = true;
    current?.removeAttribute('aria-describedby');
    current = null;
  };
  const show = async (link) => {
    const data = (await load())[link.dataset.entity];
    if (!data) return;
    current?.removeAttribute('aria-describedby');
    current = link;
    card.replaceChildren();
    const name = document.createElement('strong');
    name.textContent = data.name + (data.dates ? ` (${data.dates})` : '');
    card.append(name);
    if (data.original) card.append(document.createTextNode(data.original));
    if (data.role) {
      const role = document.createElement('div');
      role.textContent = data.role;
      card.append(role);
    }
    const count = document.createElement('div');
    count.textContent = `${data.mentions} mention${data.mentions === 1 ? '' : 's'} · open the register entry`;
    card.append(count);
    const box = link.getBoundingClientRect();
    card.style.left = `${window.scrollX + Math.max(8, Math.min(box.left, window.innerWidth - 360))}px`;
    card.style.top = `${window.scrollY + box.bottom + 6}px`;
    card.hidden = false;
    link.setAttribute('aria-describedby', 'entity-card');
  };
  for (const link of links) {
    link.addEventListener('mouseenter', () => show(link));
    link.addEventListener('focus', () => show(link));
    link.addEventListener('mouseleave', hide);
    link.addEventListener('blur', hide);
  }
  document.addEventListener('keydown', (event) => { if (event.key === 'Escape') hide(); });
})();
