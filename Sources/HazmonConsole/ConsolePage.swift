/// The console's HTML shell: static structure only; `console.js` fills it from the API and the stream.
enum ConsolePage {
    static let html = #"""
<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>hazmon 监测预警</title>
<link rel="stylesheet" href="/console.css">
<script src="/console.js" defer></script>
</head>
<body>
<header>
  <h1><span class="logo">⚠</span> <span data-i18n="title">重大危险源监测预警</span></h1>
  <span id="conn" class="conn off" data-i18n="disconnected">未连接</span>
  <span id="whoami"></span>
  <button id="lang-switch" type="button">English</button>
  <button id="logout" type="button" hidden data-i18n="logout">退出</button>
</header>
<div id="flood-banner" hidden></div>
<section id="login" class="panel">
  <h2 data-i18n="login">请输入访问令牌</h2>
  <form id="login-form">
    <input id="token-input" type="password" autocomplete="off" placeholder="hzm_…" required>
    <button id="token-submit" type="submit" data-i18n="enter">进入</button>
  </form>
  <p id="login-error" class="error"></p>
  <p class="hint" data-i18n="tokenHint">令牌仅保存在本标签页（sessionStorage），关闭即清除。</p>
</section>
<main id="main" hidden>
  <section id="alarms-panel" class="panel">
    <h2><span data-i18n="alarms">实时报警</span> <span id="alarm-count" class="count"></span></h2>
    <p id="action-error" class="error"></p>
    <div class="scroll">
    <table id="alarms">
      <thead><tr>
        <th data-i18n="priority">级别</th><th data-i18n="time">时间</th><th data-i18n="enterprise">企业</th>
        <th data-i18n="tag">位号</th><th data-i18n="condition">条件</th><th data-i18n="value">值 / 限值</th>
        <th data-i18n="state">状态</th><th data-i18n="message">描述</th><th></th>
      </tr></thead>
      <tbody></tbody>
    </table>
    <p id="no-alarms" class="empty" data-i18n="noAlarms">无活动报警</p>
    </div>
  </section>
  <aside>
    <section id="risk-panel" class="panel">
      <h2 data-i18n="risk">企业风险</h2>
      <div id="risk-cards"></div>
    </section>
    <section id="inspections-panel" class="panel">
      <h2 data-i18n="inspections">检查任务</h2>
      <div class="scroll"><table id="inspections"><tbody></tbody></table></div>
      <p id="no-tasks" class="empty" data-i18n="noTasks">无检查任务</p>
    </section>
  </aside>
  <section id="tag-panel" class="panel" hidden>
    <h2><span data-i18n="trend">趋势</span> <span id="tag-title"></span>
      <button id="tag-close" type="button" class="small">×</button></h2>
    <div id="tag-info"></div>
    <div id="tag-chart"></div>
  </section>
</main>
<dialog id="shelve-dialog">
  <form method="dialog" id="shelve-form">
    <h3><span data-i18n="shelveTitle">搁置报警</span> <span id="shelve-target"></span></h3>
    <label><span data-i18n="reason">原因</span><input id="shelve-reason" required maxlength="500"></label>
    <label><span data-i18n="duration">时长</span>
      <select id="shelve-duration">
        <option value="30m">30 min</option><option value="1h">1 h</option><option value="2h" selected>2 h</option>
        <option value="4h">4 h</option><option value="8h">8 h</option><option value="12h">12 h</option>
      </select></label>
    <div class="buttons">
      <button type="button" id="shelve-cancel" data-i18n="cancel">取消</button>
      <button type="submit" id="shelve-confirm" data-i18n="shelve">搁置</button>
    </div>
  </form>
</dialog>
<dialog id="close-dialog">
  <form method="dialog" id="close-form">
    <h3><span data-i18n="closeTitle">关闭检查任务</span> <span id="close-target"></span></h3>
    <label class="inline"><input type="checkbox" id="close-confirmed"> <span data-i18n="hazardConfirmed">确认存在隐患</span></label>
    <label><span data-i18n="note">检查记录</span><textarea id="close-note" rows="3" required></textarea></label>
    <div class="buttons">
      <button type="button" id="close-cancel" data-i18n="cancel">取消</button>
      <button type="submit" data-i18n="closeTask">关闭任务</button>
    </div>
  </form>
</dialog>
</body>
</html>
"""#
}
