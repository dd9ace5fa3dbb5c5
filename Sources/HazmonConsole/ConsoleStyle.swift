/// The console's stylesheet: laid out for 1366×768 and up, colours per SPEC §4 priorities.
enum ConsoleStyle {
    static let css = #"""
:root { --red:#d32f2f; --orange:#f57c00; --yellow:#fbc02d; --blue:#1976d2; --bg:#10161d; --panel:#18212b;
  --line:#2b3947; --text:#e6edf3; --muted:#8b9bab; font-family: "Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--text); font-size:13px; }
header { display:flex; align-items:center; gap:12px; padding:6px 12px; background:#0b1015; border-bottom:1px solid var(--line); }
header h1 { font-size:16px; margin:0; flex:1; }
.logo { color:var(--orange); }
button { background:#2b3947; color:var(--text); border:1px solid #3d4f61; border-radius:3px; padding:3px 9px; cursor:pointer; font-size:12px; }
button:hover { background:#3d4f61; }
button.primary { background:var(--blue); border-color:var(--blue); }
button.small { padding:1px 6px; }
td button + button { margin-left:4px; }
.conn { padding:2px 8px; border-radius:10px; font-size:12px; }
.conn.on { background:#1b5e20; } .conn.off { background:#5d1f1f; }
#whoami { color:var(--muted); }
#flood-banner { background:var(--red); color:#fff; font-weight:bold; padding:6px 12px; animation: blink 1s steps(2) infinite; }
main { display:grid; grid-template-columns: minmax(0, 1fr) 430px; grid-template-rows: auto auto; gap:8px; padding:8px; }
aside { display:flex; flex-direction:column; gap:8px; min-width:0; }
.panel { background:var(--panel); border:1px solid var(--line); border-radius:4px; padding:6px 8px; min-width:0; }
.panel h2 { font-size:14px; margin:0 0 6px; display:flex; align-items:center; gap:8px; }
#login { max-width:420px; margin:80px auto; }
#login input { width:100%; padding:6px; margin:6px 0; background:#0b1015; color:var(--text); border:1px solid var(--line); }
.hint, .empty { color:var(--muted); }
.error { color:#ff8a80; min-height:0; margin:2px 0; }
.count { background:#2b3947; border-radius:8px; padding:0 7px; font-size:12px; }
.scroll { overflow:auto; }
#alarms-panel .scroll { max-height:calc(100vh - 120px); }
main.with-tag #alarms-panel .scroll { max-height:calc(100vh - 420px); min-height:120px; }
#inspections-panel .scroll { max-height:200px; }
table { border-collapse:collapse; width:100%; }
th { text-align:left; color:var(--muted); font-weight:normal; border-bottom:1px solid var(--line); padding:3px 4px; position:sticky; top:0; background:var(--panel); }
td { border-bottom:1px solid #222d38; padding:3px 4px; vertical-align:middle; }
td.msg { max-width:300px; overflow:hidden; text-overflow:ellipsis; white-space:nowrap; }
.badge { display:inline-block; min-width:44px; text-align:center; border-radius:3px; padding:1px 5px; font-weight:bold; color:#111; }
.p-red { background:var(--red); color:#fff; } .p-orange { background:var(--orange); } .p-yellow { background:var(--yellow); } .p-blue { background:var(--blue); color:#fff; }
tr.alarm-row { border-left:4px solid transparent; }
tr.c-red { border-left-color:var(--red); } tr.c-orange { border-left-color:var(--orange); }
tr.c-yellow { border-left-color:var(--yellow); } tr.c-blue { border-left-color:var(--blue); }
tr.unacked td { font-weight:bold; }
tr.unacked .badge { animation: blink 1s steps(2) infinite; }
tr.shelved td { color:var(--muted); font-style:italic; }
@keyframes blink { 50% { opacity:.35; } }
.flag { font-size:11px; border:1px solid var(--muted); border-radius:3px; padding:0 3px; margin-left:3px; color:var(--muted); }
a.tag-link { color:#90caf9; cursor:pointer; text-decoration:underline dotted; }
#risk-cards { display:grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap:6px; }
.card { border-radius:4px; padding:6px; border-top:5px solid var(--line); background:#111a22; }
.card.g-red { border-top-color:var(--red); } .card.g-orange { border-top-color:var(--orange); }
.card.g-yellow { border-top-color:var(--yellow); } .card.g-blue { border-top-color:var(--blue); }
.card .name { font-weight:bold; overflow:hidden; white-space:nowrap; text-overflow:ellipsis; }
.card .score { font-size:24px; font-weight:bold; }
.card .badge { margin-left:6px; min-width:28px; }
.card .cls { color:var(--muted); font-size:12px; }
.card ol { margin:4px 0 0; padding-left:16px; font-size:11px; color:var(--muted); }
.overdue { color:#ff8a80; font-weight:bold; }
.st { border-radius:3px; padding:0 5px; background:#2b3947; }
#tag-panel { grid-column: 1 / span 2; }
#tag-chart svg { width:100%; height:220px; background:#0b1015; }
#tag-info { color:var(--muted); margin-bottom:4px; }
dialog { background:var(--panel); color:var(--text); border:1px solid var(--line); border-radius:4px; min-width:380px; }
dialog label { display:block; margin:8px 0; }
dialog label.inline { display:flex; gap:6px; align-items:center; }
dialog input:not([type=checkbox]), dialog select, dialog textarea { display:block; width:100%; margin-top:3px; padding:4px; background:#0b1015; color:var(--text); border:1px solid var(--line); }
dialog .buttons { display:flex; justify-content:flex-end; gap:6px; }
"""#
}
