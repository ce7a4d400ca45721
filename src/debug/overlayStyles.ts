/**
 * The overlay's style sheet, adopted by its shadow root (a constructed sheet, so a CSP without
 * `'unsafe-inline'` styles allows it). Selectors cannot leave the shadow root, and the page's cannot enter
 * it; what could still cross is inheritance from the host element, which `all: initial` cuts: the page's
 * `!important` rules on the host lose to the shadow root's own `!important` ones. Sizes are in px, never
 * rem, which the page's root font size would scale.
 */
export const OVERLAY_CSS = `
:host{all:initial!important}
*{box-sizing:border-box;margin:0;padding:0}
.panel{all:initial;position:fixed;right:12px;bottom:12px;z-index:2147483647;display:flex;flex-direction:column;
width:420px;max-width:calc(100vw - 24px);max-height:min(70vh,640px);background:#0f172a;color:#e2e8f0;
font:12px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;text-align:left;border:1px solid #334155;
border-radius:8px;box-shadow:0 8px 28px rgba(0,0,0,.4);overflow:hidden}
header{display:flex;align-items:center;gap:8px;padding:6px 8px 6px 12px;background:#1e293b}
header strong{font-size:13px;font-weight:600}
.muted{color:#94a3b8}
header .muted{flex:1;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
button{all:unset;cursor:pointer;padding:2px 8px;border-radius:4px;color:#e2e8f0;font:inherit}
button:hover{background:#334155}
button:focus-visible{outline:2px solid #38bdf8}
.body{overflow:auto;padding:4px 12px 10px}
.body[hidden]{display:none}
h2{margin:10px 0 4px;font-size:11px;font-weight:600;letter-spacing:.06em;text-transform:uppercase;color:#94a3b8}
table{width:100%;border-collapse:collapse}
th,td{padding:1px 8px 1px 0;text-align:left;vertical-align:top;font-weight:400}
th{color:#94a3b8}
.mono,td{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:11px}
.num{text-align:right;font-variant-numeric:tabular-nums}
.yes{color:#4ade80}
.no{color:#f87171}
.features{display:grid;grid-template-columns:1fr 1fr;column-gap:16px}
.bar{height:6px;margin:2px 0 6px;border-radius:3px;background:#334155;overflow:hidden}
.bar>div{height:100%;background:#38bdf8}
ol{list-style:none;max-height:160px;overflow:auto}
ol li{display:flex;gap:10px}
details{border-top:1px solid #1e293b;padding:2px 0}
summary{cursor:pointer;list-style:none;display:flex;gap:6px}
summary::-webkit-details-marker{display:none}
summary::before{content:"\\25B8";color:#94a3b8}
details[open]>summary::before{content:"\\25BE"}
ul{list-style:none;padding-left:14px}
ul.tree{padding:2px 0 4px 14px}
ul.rejected{padding:0}
.bot{margin:8px 0 2px;padding:6px 8px;border-radius:4px;background:#7f1d1d;color:#fee2e2;font-weight:600}
footer{padding:4px 12px;border-top:1px solid #1e293b;font-size:11px}
`;
