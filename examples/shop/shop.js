/*
 * Northwind Outfitters: the shop's own behaviour (cart, forms, headline teasers) and how it talks to seglet.
 *
 * seglet is loaded with `async`, so it may arrive before or after this (deferred) script. Every call goes
 * through `seglet.push([...])`: before the SDK loads, `window.seglet` is a plain array and the SDK replays it;
 * after, it is the live object, whose `push` runs the command at once.
 */
(function () {
  'use strict';

  var CART_KEY = 'northwind-cart';
  var money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

  function seglet(command) {
    window.seglet = window.seglet || [];
    window.seglet.push(command);
  }

  // ---- "Your segments" panel ------------------------------------------------------------------------------

  var changeSeen = false;

  function renderSegments(ids) {
    var output = document.getElementById('seglet-segments');
    if (output) output.textContent = ids.length ? ids.join(', ') : 'none';
  }

  function segmentId(segment) {
    return typeof segment === 'string' ? segment : segment && segment.id;
  }

  function flashPanel() {
    var panel = document.getElementById('segments-panel');
    if (!panel) return;
    panel.classList.remove('is-flashing');
    void panel.offsetWidth; // restart the animation when two segments are entered in a row
    panel.classList.add('is-flashing');
    setTimeout(function () { panel.classList.remove('is-flashing'); }, 1600);
  }

  seglet(['on', 'change', function (e) {
    changeSeen = true;
    renderSegments((e.segments || []).map(segmentId));
  }]);

  seglet(['on', 'enter', flashPanel]);

  // If the SDK was already running when this script attached its listeners, the start-up `change` has come and
  // gone: ask for the current segments once, unless a fresher `change` arrives first.
  seglet(['on', 'ready', function () {
    var live = window.seglet;
    if (!live || typeof live.segments !== 'function') return;
    Promise.resolve(live.segments()).then(function (list) {
      if (!changeSeen && Array.isArray(list)) renderSegments(list.map(segmentId));
    }, function () {});
  }]);

  // ---- Cart -----------------------------------------------------------------------------------------------

  function readCart() {
    try {
      var lines = JSON.parse(localStorage.getItem(CART_KEY) || '[]');
      return Array.isArray(lines) ? lines : [];
    } catch (error) {
      return [];
    }
  }

  function writeCart(lines) {
    try {
      localStorage.setItem(CART_KEY, JSON.stringify(lines));
    } catch (error) {
      // Private mode or full storage: the cart lives for this page only.
    }
    renderCartCount(lines);
  }

  function cartTotals(lines) {
    return lines.reduce(function (sum, line) {
      return { items: sum.items + line.qty, total: sum.total + line.qty * line.price };
    }, { items: 0, total: 0 });
  }

  function renderCartCount(lines) {
    var badge = document.getElementById('cart-count');
    if (badge) badge.textContent = String(cartTotals(lines).items);
  }

  function addToCart(button) {
    var sku = button.getAttribute('data-sku');
    var price = Number(button.getAttribute('data-price'));
    var lines = readCart();
    var line = lines.filter(function (l) { return l.sku === sku; })[0];
    if (line) line.qty += 1;
    else lines.push({ sku: sku, name: button.getAttribute('data-name') || sku, price: price, qty: 1 });
    writeCart(lines);
    seglet(['track', 'add_to_cart', { sku: sku, price: price }]);
    var status = document.getElementById('cart-status');
    if (status) status.textContent = 'Added to your cart. ';
    if (status) status.appendChild(link('/cart.html', 'View cart'));
  }

  function link(href, text) {
    var a = document.createElement('a');
    a.href = href;
    a.textContent = text;
    return a;
  }

  function renderCartPage() {
    var body = document.getElementById('cart-lines');
    if (!body) return;
    var lines = readCart();
    body.textContent = '';
    lines.forEach(function (line) { body.appendChild(cartRow(line)); });
    document.getElementById('cart-total').textContent = money.format(cartTotals(lines).total);
    document.getElementById('cart-table').hidden = lines.length === 0;
    document.getElementById('cart-empty').hidden = lines.length !== 0;
  }

  function cartRow(line) {
    var row = document.createElement('tr');
    [line.name, String(line.qty), money.format(line.price * line.qty)].forEach(function (text) {
      var cell = document.createElement('td');
      cell.textContent = text;
      row.appendChild(cell);
    });
    var remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'link-button';
    remove.textContent = 'Remove';
    remove.setAttribute('data-seglet-key', 'remove-from-cart');
    remove.addEventListener('click', function () {
      writeCart(readCart().filter(function (l) { return l.sku !== line.sku; }));
      renderCartPage();
    });
    var cell = document.createElement('td');
    cell.appendChild(remove);
    row.appendChild(cell);
    return row;
  }

  function checkout(event) {
    event.preventDefault();
    var form = event.target;
    var totals = cartTotals(readCart());
    var error = document.getElementById('checkout-error');
    if (totals.items === 0) {
      error.hidden = false;
      return;
    }
    error.hidden = true;
    seglet(['track', 'purchase', { revenue: Math.round(totals.total * 100) / 100, items: totals.items }]);
    writeCart([]);
    renderCartPage();
    form.hidden = true;
    var thanks = document.getElementById('checkout-thanks');
    thanks.querySelector('[data-order-total]').textContent = money.format(totals.total);
    thanks.hidden = false;
  }

  // ---- Contact form and headlines -------------------------------------------------------------------------

  function sendContact(event) {
    event.preventDefault();
    var form = event.target;
    form.reset();
    form.hidden = true;
    document.getElementById('contact-thanks').hidden = false;
  }

  function toggleTeaser(button) {
    var teaser = document.getElementById(button.getAttribute('aria-controls'));
    if (!teaser) return;
    teaser.hidden = !teaser.hidden;
    button.setAttribute('aria-expanded', String(!teaser.hidden));
  }

  // ---- "What the server received from this browser" (footer) -------------------------------------------

  // The server lists only the batches this browser sent: it tells browsers apart by a cookie of its own, which
  // this same-origin request carries (as do the SDK's sync requests).
  function renderSyncLog(details) {
    var list = details.querySelector('#sync-log-list');
    fetch('/seglet/sync/log', { cache: 'no-store' })
      .then(function (response) { return response.ok ? response.json() : []; })
      .then(function (entries) {
        list.textContent = '';
        if (!entries.length) list.appendChild(item('Nothing yet: a batch leaves this browser within a few seconds of a segment change.'));
        entries.slice(-8).reverse().forEach(function (entry) { list.appendChild(item(describeEntry(entry))); });
      }, function () { list.textContent = 'The sync log is not available.'; });
  }

  function item(text) {
    var li = document.createElement('li');
    li.textContent = text;
    return li;
  }

  function describeUser(userId) {
    return userId ? 'user id: SHA-256 ' + userId.slice(0, 12) + '…' : 'user id: none';
  }

  /** Everything a batch carries, one field group per line (see the paragraph above the list). */
  function describeEntry(entry) {
    if (entry.op === 'forget') {
      return 'forget: this browser asked to be forgotten\nanonymous id ' + entry.anonymousId + ' · ' + describeUser(entry.userId);
    }
    var when = entry.sentAt ? new Date(entry.sentAt).toLocaleTimeString() : '';
    var ids = (entry.segments || []).map(segmentId);
    var changes = (entry.changes || []).map(function (c) { return (c.op === 'exit' ? '−' : '+') + c.id; });
    var features = Object.keys(entry.features || {}).map(function (name) {
      return name + '=' + Math.round(entry.features[name] * 100) / 100;
    });
    return [
      when + ' batch ' + String(entry.batchId).slice(0, 8) + ' · model ' + entry.modelVersion,
      'segments: ' + (ids.join(', ') || 'none') + (changes.length ? ' (' + changes.join(' ') + ')' : '') + ' · bot: ' + (entry.bot ? 'yes' : 'no'),
      'anonymous id ' + entry.anonymousId + ' · ' + describeUser(entry.userId),
      'features: ' + (features.join(', ') || 'none'),
    ].join('\n');
  }

  // ---- Wiring ---------------------------------------------------------------------------------------------

  function on(id, type, handler) {
    var element = document.getElementById(id);
    if (element) element.addEventListener(type, handler);
  }

  renderCartCount(readCart());
  renderCartPage();
  window.addEventListener('storage', function (event) {
    if (event.key === CART_KEY) { renderCartCount(readCart()); renderCartPage(); }
  });
  on('add-to-cart', 'click', function (event) { addToCart(event.currentTarget); });
  on('checkout', 'submit', checkout);
  on('contact', 'submit', sendContact);
  on('sync-log', 'toggle', function (event) { if (event.currentTarget.open) renderSyncLog(event.currentTarget); });
  Array.prototype.forEach.call(document.querySelectorAll('button.headline'), function (button) {
    button.addEventListener('click', function () { toggleTeaser(button); });
  });
})();
