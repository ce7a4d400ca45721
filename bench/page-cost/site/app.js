// The bench page's own app, the same for every variant: a small shop with a History API router, a few
// buttons and links that change the page, and a newsletter form. It does the work a real page does (renders
// routes, reacts to clicks) so that SDK costs are measured next to a page that is alive, not an empty one.
(() => {
  const base = document.documentElement.dataset.base || '';
  const content = document.getElementById('content');
  const sections = ['Tents', 'Packs', 'Stoves', 'Sleeping bags', 'Jackets', 'Boots', 'Lights', 'Water'];
  const words = 'trail ridge summit pack tent stove lantern canyon river meadow cedar granite alpine dusk dawn gear'.split(' ');

  /** Deterministic filler text: the same page for every variant and every run. */
  const sentence = (seed, n) => Array.from({ length: n }, (_, i) => words[(seed * 7 + i * 3) % words.length]).join(' ');

  function render(path) {
    const route = path.slice(base.length) || '/';
    const seed = [...route].reduce((a, c) => a + c.charCodeAt(0), 0);
    const page = document.createDocumentFragment();
    const h1 = document.createElement('h1');
    h1.textContent = route === '/' ? 'Trailhead Outfitters' : route.slice(1).replace(/\//g, ' · ');
    page.append(h1);
    for (let s = 0; s < 8; s++) {
      const h2 = document.createElement('h2');
      h2.textContent = `${sections[(seed + s) % sections.length]} for ${words[(seed + s) % words.length]} trips`;
      const p = document.createElement('p');
      p.textContent = sentence(seed + s, 60);
      const grid = document.createElement('div');
      grid.className = 'grid';
      for (let c = 0; c < 4; c++) {
        const card = document.createElement('a');
        card.className = 'card';
        card.href = `${base}/product/${(seed + s * 4 + c) % 40}`;
        card.dataset.nav = '';
        card.textContent = `${sentence(seed + c, 3)} — $${(seed + s + c) % 300}`;
        grid.append(card);
      }
      page.append(h2, p, grid);
    }
    content.replaceChildren(page);
    document.title = `${h1.textContent} — Trailhead Outfitters`;
    const product = Number(/\/product\/(\d+)/.exec(route)?.[1] ?? 0);
    document.getElementById('next').href = `${base}/product/${product + 1}`;
  }

  function navigate(href) {
    history.pushState({}, '', href);
    render(location.pathname);
    scrollTo(0, 0);
    // Sites tell SDKs without History API tracking of their own about the new page.
    dispatchEvent(new Event('bench:navigate'));
  }

  for (const link of document.querySelectorAll('header a[data-nav]')) link.href = base + link.getAttribute('href');
  document.getElementById('details').href = `${base}/details`;
  document.getElementById('share').href = `${base}/share`;
  const toggle = (id) => (document.getElementById(id).hidden = !document.getElementById(id).hidden);
  const count = document.getElementById('cart-count');

  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const nav = target?.closest('a[data-nav]');
    if (nav) return event.preventDefault(), navigate(nav.href);
    switch (target?.closest('[id]')?.id) {
      case 'add-to-cart': count.textContent = String(Number(count.textContent) + 1); break;
      case 'save': target.classList.toggle('saved'); break;
      case 'details': event.preventDefault(); toggle('details-panel'); break;
      case 'share': event.preventDefault(); toggle('share-panel'); break;
      case 'compare': target.classList.toggle('saved'); break;
    }
  });
  document.getElementById('newsletter').addEventListener('submit', (event) => {
    event.preventDefault();
    document.getElementById('thanks').hidden = false;
    event.target.reset();
  });
  addEventListener('popstate', () => render(location.pathname));

  /**
   * The visitor's last moments: custom events `gap` ms apart from now, then a navigation away `lead` ms from
   * now (to a page without any SDK), as a visitor who clicks away right after an action.
   */
  window.__benchLeave = ({ names, gap = 10, lead = 50, to = '/bench/bye.html' }) => {
    names.forEach((name, i) => setTimeout(() => (window.__benchTrack || (() => {}))(name), i * gap));
    setTimeout(() => (location.href = to), lead);
  };

  render(location.pathname);
})();
