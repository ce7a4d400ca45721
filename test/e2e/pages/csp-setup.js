// Loaded before seglet on the CSP pages (inline scripts are not allowed there): records seglet's events and
// every CSP violation.
window.__events = [];
window.__violations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI);
});
window.seglet = window.seglet || [];
window.seglet.push(['config', { bot: { webdriver: false } }]);
['change', 'enter', 'exit', 'error', 'ready'].forEach(function (type) {
  window.seglet.push(['on', type, function (e) { window.__events.push(Object.assign({ type: type }, e)); }]);
});
