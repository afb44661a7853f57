// moneytrail web UI: plain JavaScript, no build step. Talks only to the API of
// `moneytrail serve` on this origin (/api/v1, described by /api/v1/openapi.json).
//
// Security: the bearer token lives in this tab's sessionStorage and travels only in
// the Authorization header, never in a URL (report downloads are fetched, then saved
// from a blob). Text from the store (names, ids, legal text) is untrusted: it is put
// into the page as text nodes, never as HTML.
//
// For tests: chart nodes have the element id "acct:<account id>" and edges
// "flow:<a>|<b>" (the two account ids in code-point order); window.moneytrail.cy()
// returns the cytoscape instance; #chart[data-state] is "empty", "loading" or "idle".
'use strict';

(() => {
  const API = '/api/v1';
  const KEY_TOKEN = 'moneytrail.token';
  const KEY_PURPOSE = 'moneytrail.purpose';
  const KEY_CASE = 'moneytrail.case';
  const KEY_METHOD = 'moneytrail.method';
  const NEIGHBOR_PAGE = 200;     // counterparties added per expansion
  const TIMELINE_PAGE = 50;      // timeline rows per "load more"
  const METHOD_LABELS = {
    'fifo': 'FIFO', 'lifo': 'LIFO', 'pro-rata': 'Pro rata', 'libr': 'LIBR',
    'tainted-first': 'Tainted first', 'poison': 'Poison',
  };
  const ACTION_LABELS = {
    freeze: 'Freeze', seize: 'Seize', confiscate_value: 'Confiscate value',
    mla_request: 'MLA request', investigate: 'Investigate',
  };
  const ACTION_RANK = { freeze: 0, seize: 1, confiscate_value: 2, mla_request: 3, investigate: 4 };
  const TERMINAL_LABELS = {
    account: 'Held in account', asset_purchase: 'Asset bought',
    cash_withdrawal: 'Cash withdrawn', hop_limit: 'Beyond hop limit',
  };

  // ---------------------------------------------------------------- state
  const state = {
    me: null,
    cases: [],
    caseId: '',
    method: 'libr',
    caseDoc: null,          // /cases/{id}
    trace: null,            // /cases/{id}/trace?method=
    flags: null,            // /cases/{id}/flags?method=
    compare: null,          // /cases/{id}/trace?method=compare
    taintedAccounts: new Map(),  // account -> trace account row
    taintedPairs: new Map(),     // "from\tto" -> {tainted, amount, count, first, last, seed}
    flagsByAccount: new Map(),   // account -> [flag] (subject kind account)
    flagsByParty: new Map(),     // party -> [flag]
    rootId: null,
    selectedId: null,
    info: new Map(),        // account -> {holder_name, holder_id, country, ...} as learnt
    expanded: new Set(),
    view: 'chart',
    caseGeneration: 0,
    caseLoading: null,      // the promise of the case being loaded
    detailGeneration: 0,
    timelineCursor: null,
  };
  let cy = null;
  let pending = 0;

  // ---------------------------------------------------------------- helpers
  const $ = (id) => document.getElementById(id);

  // Builds an element; children are nodes or strings (always inserted as text).
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else if (k === 'text') el.textContent = v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  }

  // "1234567.50" -> "1,234,567.50"; decimal strings stay exact (no floats).
  function money(s) {
    if (s === null || s === undefined || s === '') return '—';
    let t = String(s);
    const neg = t.startsWith('-');
    if (neg) t = t.slice(1);
    const [i, f] = t.split('.');
    const grouped = i.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return (neg ? '−' : '') + grouped + (f !== undefined ? '.' + f : '');
  }
  const isNegative = (s) => typeof s === 'string' && s.startsWith('-');
  const dateOf = (ts) => (ts ? String(ts).slice(0, 10) : '');
  const timeOf = (ts) => (ts ? String(ts).slice(11, 16) : '');
  function dateRange(first, last) {
    const a = dateOf(first), b = dateOf(last);
    if (!b || a === b) return a;
    if (a.slice(0, 4) === b.slice(0, 4)) return `${a}…${b.slice(5)}`;
    return `${a}…${b}`;
  }
  // Compares decimal strings of the same scale by value.
  function decimalCmp(a, b) {
    const na = Number(a), nb = Number(b);
    return na < nb ? -1 : na > nb ? 1 : 0;
  }
  const nodeId = (account) => 'acct:' + account;
  const edgeId = (a, b) => 'flow:' + (a < b ? a + '|' + b : b + '|' + a);
  const pairKey = (from, to) => from + '\t' + to;

  // ---------------------------------------------------------------- API
  class ApiError extends Error {
    constructor(status, problem, retryAfter) {
      super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
      this.status = status;
      this.title = (problem && problem.title) || `Error ${status}`;
      this.detail = (problem && problem.detail) || '';
      this.type = (problem && problem.type) || 'about:blank';
      this.retryAfter = retryAfter;
    }
  }

  function setBusy(delta) {
    pending = Math.max(0, pending + delta);
    $('progress').hidden = pending === 0;
    document.body.setAttribute('aria-busy', pending > 0 ? 'true' : 'false');
  }

  // GET an API path. `params` become the query string; the token and the purpose
  // go in headers. Resolves to the parsed JSON (or the Response with raw: true);
  // rejects with ApiError carrying the problem's title and detail.
  async function api(path, { params, signal, raw, token, purpose } = {}) {
    const url = new URL(API + path, location.origin);
    for (const [k, v] of Object.entries(params || {})) {
      if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, v);
    }
    const tok = token !== undefined ? token : sessionStorage.getItem(KEY_TOKEN);
    const why = purpose !== undefined ? purpose : sessionStorage.getItem(KEY_PURPOSE);
    const headers = { Accept: 'application/json' };
    if (tok) headers.Authorization = 'Bearer ' + tok;
    if (why) headers['X-Purpose'] = why;
    setBusy(+1);
    try {
      let res;
      try {
        res = await fetch(url, { headers, signal, cache: 'no-store', credentials: 'omit',
                                 referrerPolicy: 'no-referrer' });
      } catch (e) {
        if (e.name === 'AbortError') throw e;
        throw new ApiError(0, { title: 'Server unreachable',
                                detail: 'The moneytrail server did not answer. Is it still running?' });
      }
      if (!res.ok) {
        let problem = null;
        try { problem = await res.json(); } catch (_) { /* not JSON */ }
        const err = new ApiError(res.status, problem, res.headers.get('Retry-After'));
        if (res.status === 401 && token === undefined && state.me) {
          signOut('Your session has ended: ' + (err.detail || 'the token is no longer accepted.'));
        }
        throw err;
      }
      return raw ? res : await res.json();
    } finally {
      setBusy(-1);
    }
  }

  // Every page of a paged list (bounded).
  async function apiAll(path, field, params = {}, maxPages = 20) {
    const out = [];
    let cursor = null;
    for (let i = 0; i < maxPages; i++) {
      const doc = await api(path, { params: { ...params, limit: 1000, cursor } });
      out.push(...(doc[field] || []));
      cursor = doc.page && doc.page.next_cursor;
      if (!cursor) break;
    }
    return out;
  }

  function problemText(err) {
    if (err instanceof ApiError) {
      let text = err.detail ? `${err.title}: ${err.detail}` : err.title;
      if (err.status === 429 && err.retryAfter) text += ` (retry in ${err.retryAfter} s)`;
      return text;
    }
    return 'Something went wrong: ' + (err && err.message ? err.message : String(err));
  }

  function showError(err) {
    if (err && err.name === 'AbortError') return;
    if (err instanceof ApiError && err.status === 401 && !state.me) return;
    $('error-text').textContent = problemText(err);
    $('error-banner').hidden = false;
  }
  function clearError() { $('error-banner').hidden = true; }

  // Header values must be ISO-8859-1; keep the purpose to printable ASCII so
  // that the audit trail records exactly what was typed.
  function purposeProblem(text) {
    if (!/^[\x20-\x7e]*$/.test(text)) {
      return 'Please write the purpose without accents or special characters ' +
             '(it travels in an HTTP header and must stay exactly as typed in the audit trail).';
    }
    return '';
  }

  // ---------------------------------------------------------------- sign-in
  function showSignIn(message) {
    $('app').hidden = true;
    $('signin').hidden = false;
    const err = $('signin-error');
    err.hidden = !message;
    err.textContent = message || '';
    $('signin-purpose').value = sessionStorage.getItem(KEY_PURPOSE) || $('signin-purpose').value;
    $('signin-token').focus();
  }

  async function onSignIn(ev) {
    ev.preventDefault();
    const token = $('signin-token').value.trim();
    const purpose = $('signin-purpose').value.trim();
    const err = $('signin-error');
    err.hidden = true;
    if (!token) {
      err.textContent = 'Enter your access token.';
      err.hidden = false;
      $('signin-token').focus();
      return;
    }
    const bad = purposeProblem(purpose);
    if (bad) {
      err.textContent = bad;
      err.hidden = false;
      $('signin-purpose').focus();
      return;
    }
    const button = $('signin-submit');
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    try {
      const me = await api('/me', { token, purpose });
      sessionStorage.setItem(KEY_TOKEN, token);
      sessionStorage.setItem(KEY_PURPOSE, purpose);
      $('signin-token').value = '';
      await enterApp(me);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        err.textContent = 'This token was not accepted. ' + (e.detail || '');
      } else {
        err.textContent = problemText(e);
      }
      err.hidden = false;
      (e instanceof ApiError && e.status === 400 ? $('signin-purpose') : $('signin-token')).focus();
    } finally {
      button.disabled = false;
      button.removeAttribute('aria-busy');
    }
  }

  function signOut(message) {
    sessionStorage.removeItem(KEY_TOKEN);
    sessionStorage.removeItem(KEY_PURPOSE);
    sessionStorage.removeItem(KEY_CASE);
    state.me = null;
    resetCase();
    clearChart();
    closeDetail();
    clearError();
    $('signin-purpose').value = '';
    if (location.hash) history.replaceState(null, '', location.pathname);
    showSignIn(message);
  }

  async function enterApp(me) {
    state.me = me;
    $('signin').hidden = true;
    $('app').hidden = false;
    const who = $('whoami');
    who.replaceChildren(h('b', {}, me.user), h('span', { class: 'role-badge' }, me.role));
    who.title = me.cases && me.cases.length ? 'Cases: ' + me.cases.join(', ') : '';
    renderPurpose();
    ensureChart();
    state.method = sessionStorage.getItem(KEY_METHOD) || 'libr';
    $('method-select').value = state.method;
    if (me.role === 'admin') {
      showError(new ApiError(403, { title: 'Administrator account',
        detail: 'Administrators manage users and the audit trail through /api/v1/admin; ' +
                'they see no financial data here.' }));
      return;
    }
    try {
      state.cases = await apiAll('/cases', 'items');
    } catch (e) {
      showError(e);
      state.cases = [];
    }
    const sel = $('case-select');
    sel.replaceChildren(h('option', { value: '' }, state.cases.length ? 'No case selected' : 'No case available'));
    for (const c of state.cases) {
      sel.append(h('option', { value: c.case_id }, c.title ? `${c.case_id} — ${c.title}` : c.case_id));
    }
    const saved = sessionStorage.getItem(KEY_CASE);
    if (saved && state.cases.some((c) => c.case_id === saved)) {
      sel.value = saved;
      await selectCase(saved);
    }
    route();
    $('account-search').focus();
  }

  function renderPurpose() {
    const p = sessionStorage.getItem(KEY_PURPOSE) || '';
    $('purpose-text').textContent = p || 'none stated';
    $('purpose-chip').title = p ? `Purpose: ${p} (click to change)` : 'State a purpose';
  }

  function openPurposeDialog() {
    const dlg = $('purpose-dialog');
    $('purpose-input').value = sessionStorage.getItem(KEY_PURPOSE) || '';
    $('purpose-error').hidden = true;
    dlg.showModal();
    $('purpose-input').focus();
  }

  async function savePurpose(ev) {
    ev.preventDefault();
    const text = $('purpose-input').value.trim();
    const bad = purposeProblem(text);
    const errBox = $('purpose-error');
    if (bad) {
      errBox.textContent = bad;
      errBox.hidden = false;
      return;
    }
    try {
      await api('/me', { purpose: text });  // the server says whether it is acceptable
    } catch (e) {
      errBox.textContent = problemText(e);
      errBox.hidden = false;
      return;
    }
    sessionStorage.setItem(KEY_PURPOSE, text);
    renderPurpose();
    $('purpose-dialog').close();
  }

  // ---------------------------------------------------------------- routing
  function route() {
    const view = location.hash.startsWith('#/case') && state.caseId ? 'case' : 'chart';
    state.view = view;
    $('view-chart').hidden = view !== 'chart';
    $('view-case').hidden = view !== 'case';
    $('tab-chart').setAttribute('aria-selected', String(view === 'chart'));
    $('tab-case').setAttribute('aria-selected', String(view === 'case'));
    if (view === 'case') renderCasePage();
    else if (cy) cy.resize();
  }

  // ---------------------------------------------------------------- search
  let searchTimer = null;
  let searchAbort = null;
  let searchItems = [];
  let searchActive = -1;
  let searchShownFor = null;  // the query whose results are listed

  function onSearchInput() {
    clearTimeout(searchTimer);
    const q = $('account-search').value.trim();
    if (q.length < 2) {
      hideResults();
      return;
    }
    searchTimer = setTimeout(() => runSearch(q), 180);
  }

  async function runSearch(q, pickFirst = false) {
    clearTimeout(searchTimer);
    if (searchAbort) searchAbort.abort();
    searchAbort = new AbortController();
    const list = $('search-results');
    try {
      const doc = await api('/accounts', { params: { q, limit: 20 }, signal: searchAbort.signal });
      if ($('account-search').value.trim() !== q) return;
      searchItems = doc.items || [];
      searchShownFor = q;
      const exact = searchItems.findIndex((a) => a.account_id.toUpperCase() === q.toUpperCase());
      searchActive = exact >= 0 ? exact : searchItems.length ? 0 : -1;
      if (pickFirst && searchActive >= 0) {
        pickSearch(searchActive);
        return;
      }
      list.replaceChildren();
      if (!searchItems.length) {
        list.append(h('li', { class: 'none', role: 'option', 'aria-disabled': 'true' },
                      `No account starts with “${q}”.`));
      }
      searchItems.forEach((a, i) => {
        rememberInfo(a.account_id, a);
        const sub = [a.holder_name, a.bank, a.country].filter(Boolean).join(' · ');
        list.append(h('li', {
          role: 'option', id: `search-opt-${i}`, 'aria-selected': String(i === searchActive),
          'data-testid': 'search-result', 'data-account': a.account_id,
          onmousedown: (e) => { e.preventDefault(); pickSearch(i); },
        }, h('span', { class: 'acct' }, a.account_id), sub ? h('span', { class: 'sub' }, sub) : null));
      });
      if (doc.page && doc.page.next_cursor) {
        list.append(h('li', { class: 'more', 'aria-disabled': 'true' }, 'More accounts match: type more of the id.'));
      }
      list.hidden = false;
      $('account-search').setAttribute('aria-expanded', 'true');
      updateActiveOption();
    } catch (e) {
      if (e.name !== 'AbortError') showError(e);
    }
  }

  function updateActiveOption() {
    const input = $('account-search');
    [...$('search-results').querySelectorAll('li[data-account]')].forEach((li, i) => {
      li.setAttribute('aria-selected', String(i === searchActive));
      if (i === searchActive) li.scrollIntoView({ block: 'nearest' });
    });
    if (searchActive >= 0) input.setAttribute('aria-activedescendant', `search-opt-${searchActive}`);
    else input.removeAttribute('aria-activedescendant');
  }

  function hideResults() {
    searchShownFor = null;
    $('search-results').hidden = true;
    $('account-search').setAttribute('aria-expanded', 'false');
    $('account-search').removeAttribute('aria-activedescendant');
  }

  function onSearchKey(ev) {
    const open = !$('search-results').hidden;
    if (ev.key === 'ArrowDown' && open) {
      searchActive = Math.min(searchItems.length - 1, searchActive + 1);
      updateActiveOption();
      ev.preventDefault();
    } else if (ev.key === 'ArrowUp' && open) {
      searchActive = Math.max(0, searchActive - 1);
      updateActiveOption();
      ev.preventDefault();
    } else if (ev.key === 'Enter') {
      ev.preventDefault();
      const q = $('account-search').value.trim();
      if (open && q === searchShownFor && searchActive >= 0 && searchItems[searchActive]) pickSearch(searchActive);
      else if (q) runSearch(q, true);  // results not yet shown for what was typed
    } else if (ev.key === 'Escape') {
      hideResults();
    }
  }

  function pickSearch(i) {
    const a = searchItems[i];
    if (!a) return;
    hideResults();
    $('account-search').value = a.account_id;
    openOnChart(a.account_id);
  }

  // ---------------------------------------------------------------- chart
  function chartStyle() {
    const mono = 'DejaVu Sans Mono, Menlo, Consolas, monospace';
    return [
      { selector: 'node', style: {
        'shape': 'ellipse', 'width': 26, 'height': 26,
        'background-color': '#eef1f4', 'border-width': 2, 'border-color': '#9aa6b2',
        'label': 'data(label)', 'text-valign': 'bottom', 'text-halign': 'center',
        'text-margin-y': 5, 'text-wrap': 'wrap', 'text-max-width': 220,
        'font-family': mono, 'font-size': 11, 'color': '#1c2530', 'line-height': 1.35,
        'text-background-color': '#fbfcfd', 'text-background-opacity': 0.9,
        'text-background-padding': 2, 'text-background-shape': 'roundrectangle',
        'min-zoomed-font-size': 5, 'overlay-opacity': 0,
      } },
      { selector: 'node.hub', style: { 'border-style': 'dashed', 'border-color': '#8c8c8c' } },
      { selector: 'node.tainted', style: { 'background-color': '#fbe3cf', 'border-color': '#d55e00', 'border-width': 3 } },
      { selector: 'node.flagged', style: {
        'shape': 'diamond', 'width': 34, 'height': 34, 'border-style': 'double',
        'border-width': 6, 'border-color': '#cc79a7', 'font-weight': 'bold',
      } },
      { selector: 'node.root', style: {
        'width': 40, 'height': 40, 'border-width': 5, 'border-color': '#0072b2', 'font-size': 11,
        'font-weight': 'bold', 'z-index': 10,
      } },
      { selector: 'node.root.flagged', style: { 'width': 44, 'height': 44, 'border-style': 'double', 'border-width': 7 } },
      { selector: 'node.root:unselected', style: { 'background-color': '#d7e8f4' } },
      { selector: 'node.root.tainted', style: { 'background-color': '#fbe3cf' } },
      { selector: 'node:selected', style: {
        'overlay-color': '#1d5fa8', 'overlay-opacity': 0.14, 'overlay-padding': 7,
        'text-background-color': '#e8f0fa', 'text-background-opacity': 1,
      } },
      { selector: 'edge', style: {
        'curve-style': 'bezier', 'width': 'data(w)', 'line-color': '#a5b0bb',
        'target-arrow-shape': 'triangle', 'target-arrow-color': '#a5b0bb', 'arrow-scale': 0.9,
        'label': 'data(label)', 'font-size': 10, 'color': '#4f5d6b', 'text-wrap': 'wrap',
        'edge-text-rotation': 'autorotate', 'text-background-color': '#fbfcfd',
        'text-background-opacity': 0.92, 'text-background-padding': 1.5,
        'min-zoomed-font-size': 5.5, 'overlay-opacity': 0,
      } },
      { selector: 'edge.both', style: { 'source-arrow-shape': 'triangle', 'source-arrow-color': '#a5b0bb' } },
      { selector: 'edge.tainted', style: {
        'line-color': '#d55e00', 'target-arrow-color': '#d55e00', 'source-arrow-color': '#d55e00',
        'color': '#8a3d00', 'font-weight': 'bold', 'z-index': 5,
      } },
      { selector: 'edge.traceonly', style: { 'line-style': 'dashed' } },
      { selector: 'edge.faded, node.faded', style: { 'opacity': 0.35 } },
    ];
  }

  function ensureChart() {
    if (cy) return;
    if (typeof window.cytoscape !== 'function') {
      showError(new ApiError(0, { title: 'Chart unavailable',
        detail: 'cytoscape.js was not served (run `npm ci` in tools/serve/web).' }));
      return;
    }
    cy = window.cytoscape({
      container: $('chart'),
      elements: [],
      style: chartStyle(),
      minZoom: 0.1,
      maxZoom: 3,
      boxSelectionEnabled: false,
      selectionType: 'single',
    });
    cy.on('tap', 'node', (e) => selectAccount(e.target.data('account')));
    cy.on('dbltap', 'node', (e) => expand(e.target.data('account')));
    cy.on('tap', (e) => { if (e.target === cy) cy.elements().unselect(); });
    const chartEl = $('chart');
    chartEl.tabIndex = 0;
    chartEl.addEventListener('keydown', (e) => {
      if (e.key === 'f') { cy.fit(undefined, 40); e.preventDefault(); }
      else if (e.key === 'Enter' && state.selectedId) { expand(state.selectedId); e.preventDefault(); }
      else if (e.key === '+' || e.key === '=') { cy.zoom({ level: cy.zoom() * 1.2, renderedPosition: center() }); }
      else if (e.key === '-') { cy.zoom({ level: cy.zoom() / 1.2, renderedPosition: center() }); }
    });
    window.addEventListener('resize', () => cy.resize());
  }
  const center = () => ({ x: cy.width() / 2, y: cy.height() / 2 });

  // #chart[data-state]: "loading" while counterparties load or the layout moves
  // nodes, "idle" when the chart is still, "empty" without nodes.
  let chartBusy = 0;
  function chartWork(delta) {
    chartBusy = Math.max(0, chartBusy + delta);
    $('chart').dataset.state = chartBusy > 0 ? 'loading' : (cy && cy.nodes().nonempty() ? 'idle' : 'empty');
  }

  function rememberInfo(account, info) {
    const old = state.info.get(account) || {};
    state.info.set(account, { ...old, ...info });
  }

  // Long ids (IBANs) are shortened on the chart to their start and end, as
  // investigators read them; the full id is in the list and the side panel.
  function shortId(account) {
    return account.length > 14 ? `${account.slice(0, 6)}…${account.slice(-5)}` : account;
  }

  function nodeLabel(account) {
    const lines = [shortId(account)];
    const info = state.info.get(account);
    if (info && info.holder_name) lines.push(info.holder_name.length > 24 ? info.holder_name.slice(0, 23) + '…' : info.holder_name);
    const flags = state.flagsByAccount.get(account);
    if (flags && flags.length) {
      const actions = [...new Set(flags.map((f) => f.action))]
        .sort((a, b) => (ACTION_RANK[a] ?? 9) - (ACTION_RANK[b] ?? 9));
      lines.push('⚑ ' + (ACTION_LABELS[actions[0]] || actions[0]).toUpperCase() +
                 (actions.length > 1 ? ` +${actions.length - 1}` : ''));
    }
    const node = cy && cy.getElementById(nodeId(account));
    if (node && node.nonempty() && node.data('hub')) lines.push('(hub)');
    return lines.join('\n');
  }

  function edgeWidth(total) {
    const v = Math.max(0, Number(total) || 0);
    return Math.min(7, 1.2 + 1.4 * Math.log10(1 + v / 500));
  }

  function edgeLabel(d) {
    const currency = d.currency || '';
    const parts = [];
    if (d.total !== undefined) {
      let amount = `${money(d.total)} ${currency}`.trim();
      if (d.transactions > 1) amount += ` ×${d.transactions}`;
      parts.push(amount + ' · ' + dateRange(d.first, d.last));
    }
    const t = d.taint;
    if (t) {
      parts.push(t.seed ? `ransom ${money(t.tainted)}` : `proceeds ${money(t.tainted)}` +
                 (d.total === undefined ? ` ${currency} · ${dateRange(t.first, t.last)}` : ''));
    }
    return parts.join('\n');
  }

  function addNode(account, extra = {}) {
    const id = nodeId(account);
    let node = cy.getElementById(id);
    if (node.empty()) {
      node = cy.add({ group: 'nodes', data: { id, account, label: shortId(account), hop: 0, ...extra } });
    } else if (extra.hub) {
      node.data('hub', true);
    }
    if (node.data('hub')) node.addClass('hub');
    return node;
  }

  // Adds (or completes) the edge of one neighbours row: `via` and `account`
  // exchanged `transactions` worth `total`, in direction `flow` seen from `via`.
  function addFlowEdge(via, account, row, currency) {
    const id = edgeId(via, account);
    const [source, target] = row.flow === 'in' ? [account, via] : [via, account];
    const data = {
      id, source: nodeId(source), target: nodeId(target), flow: row.flow,
      total: row.total, transactions: row.transactions, first: row.first, last: row.last, currency,
    };
    let edge = cy.getElementById(id);
    if (edge.nonempty() && !edge.hasClass('traceonly')) return edge;
    if (edge.nonempty()) edge.remove();
    edge = cy.add({ group: 'edges', data: { ...data, w: edgeWidth(row.total) } });
    if (row.flow === 'both') edge.addClass('both');
    return edge;
  }

  function clearChart() {
    if (!cy) return;
    cy.elements().remove();
    state.rootId = null;
    state.selectedId = null;
    state.expanded.clear();
    refreshChart();
  }

  async function openOnChart(account) {
    if (!cy) return;
    clearError();
    const existing = cy.getElementById(nodeId(account));
    if (state.rootId && existing.nonempty()) {
      // Already on the chart: make it the centre of the layout.
      setRoot(account);
      await layout();
      selectAccount(account);
      return;
    }
    cy.elements().remove();
    state.expanded.clear();
    addNode(account);
    setRoot(account);
    selectAccount(account);
    await expand(account);
  }

  function setRoot(account) {
    state.rootId = account;
    cy.nodes().removeClass('root');
    cy.getElementById(nodeId(account)).addClass('root');
  }

  // Adds the counterparties of `account` (one hop, both directions).
  async function expand(account) {
    if (!cy) return;
    const node = cy.getElementById(nodeId(account));
    if (node.empty()) return;
    chartWork(+1);
    setStatus(`Loading the counterparties of ${account}…`);
    try {
      const doc = await api(`/accounts/${encodeURIComponent(account)}/neighbors`, {
        params: { hops: 1, direction: 'both', limit: NEIGHBOR_PAGE },
      });
      const currency = doc.currency || '';
      cy.batch(() => {
        for (const row of doc.neighbors || []) {
          addNode(row.account, { hub: !!row.hub });
          addFlowEdge(row.via || account, row.account, row, currency);
        }
      });
      state.expanded.add(account);
      node.data('expanded', true);
      refreshChart();
      await layout(node.closedNeighborhood());
      const shown = (doc.neighbors || []).length;
      let note = `${shown} counterpart${shown === 1 ? 'y' : 'ies'}`;
      if (doc.page && doc.page.next_cursor) note += ` (of ${doc.found})`;
      note += ` of ${account}`;
      if (doc.truncated_by && doc.truncated_by.length) note += ` (cut by ${doc.truncated_by.join(', ')})`;
      setStatus(note + ' · ' + chartCounts());
    } catch (e) {
      showError(e);
      setStatus(chartCounts());
    } finally {
      chartWork(-1);
    }
  }

  // Removes the counterparties of `account` that link to nothing else on the chart.
  async function collapse(account) {
    if (!cy) return;
    const node = cy.getElementById(nodeId(account));
    if (node.empty()) return;
    const leaves = node.neighborhood('node').filter((n) =>
      n.degree(false) === 1 && n.data('account') !== state.rootId && n.data('account') !== state.selectedId);
    leaves.remove();
    state.expanded.delete(account);
    refreshChart();
    await layout();
    setStatus(`Removed ${leaves.length} counterpart${leaves.length === 1 ? 'y' : 'ies'} of ${account} · ${chartCounts()}`);
  }

  async function removeAccount(account) {
    if (!cy || account === state.rootId) return;
    cy.getElementById(nodeId(account)).remove();
    closeDetail();
    refreshChart();
    await layout();
    setStatus(chartCounts());
  }

  function chartCounts() {
    const n = cy.nodes().length, m = cy.edges().length;
    return `${n} account${n === 1 ? '' : 's'}, ${m} flow${m === 1 ? '' : 's'} on the chart`;
  }
  function setStatus(text) { $('chart-status').textContent = text; }

  // Radial tree by hop from the root: hop k on ring k, each account inside the
  // angular sector of the account it was reached through, sectors sized by the
  // number of accounts beyond them. Accounts not connected to the root form
  // their own radial trees (around their busiest account), placed to the right.
  // Deterministic for the same chart. Also sets each node's data('hop').
  function radialPositions() {
    const positions = {};
    const byId = (a, b) => (a.data('account') < b.data('account') ? -1 : 1);
    const hop = new Map();
    const rootNode = state.rootId ? cy.getElementById(nodeId(state.rootId)) : cy.collection();
    const components = [];
    const first = rootNode.nonempty() ? rootNode : cy.nodes().sort(byId)[0];
    if (!first) return positions;
    components.push(radialTree(first, hop, byId));
    for (;;) {
      const rest = cy.nodes().filter((n) => !hop.has(n.id()));
      if (rest.empty()) break;
      // The component's centre: its account nearest the ransom, else its busiest.
      const seedOf = (n) => { const t = state.taintedAccounts.get(n.data('account')); return t ? t.hop : 99; };
      const comp = rest[0].component().filter((n) => !hop.has(n.id()));
      const centre = comp.sort((a, b) => (seedOf(a) - seedOf(b)) || (b.degree(false) - a.degree(false)) || byId(a, b))[0];
      components.push(radialTree(centre, hop, byId));
    }
    // Lay the components side by side, the root's first.
    let x = 0;
    components.forEach((c, i) => {
      const dx = i === 0 ? 0 : x + c.extent;
      for (const [id, p] of Object.entries(c.positions)) positions[id] = { x: p.x + dx, y: p.y };
      x = dx + c.extent + 160;
    });
    cy.nodes().forEach((n) => n.data('hop', hop.get(n.id())));
    return positions;
  }

  // Positions of the radial tree grown from `rootNode` over nodes not yet in `hop`.
  function radialTree(rootNode, hop, byId) {
    const children = new Map();
    const queue = [rootNode];
    const members = [];
    hop.set(rootNode.id(), 0);
    while (queue.length) {
      const n = queue.shift();
      members.push(n.id());
      n.neighborhood('node').filter((m) => !hop.has(m.id())).sort(byId).forEach((m) => {
        hop.set(m.id(), hop.get(n.id()) + 1);
        if (!children.has(n.id())) children.set(n.id(), []);
        children.get(n.id()).push(m.id());
        queue.push(m);
      });
    }
    const leaves = new Map();
    const countLeaves = (id) => {
      const ch = children.get(id) || [];
      const v = ch.length ? ch.reduce((s, c) => s + countLeaves(c), 0) : 1;
      leaves.set(id, v);
      return v;
    };
    countLeaves(rootNode.id());
    const maxHop = Math.max(...members.map((id) => hop.get(id)));
    // Angles first: each account's children share its sector, which beyond
    // the first ring is at most a half-turn around it, so that a lone link
    // outwards does not wrap its subtree around the centre.
    const angle = new Map();
    const place = (id, a0, a1) => {
      const k = hop.get(id);
      const mid = (a0 + a1) / 2;
      angle.set(id, mid);
      if (k >= 1 && a1 - a0 > Math.PI) { a0 = mid - Math.PI / 2; a1 = mid + Math.PI / 2; }
      const ch = children.get(id) || [];
      const sum = ch.reduce((s, c) => s + leaves.get(c), 0);
      let a = a0;
      for (const c of ch) {
        const span = ((a1 - a0) * leaves.get(c)) / sum;
        place(c, a, a + span);
        a += span;
      }
    };
    place(rootNode.id(), -Math.PI / 2, (3 * Math.PI) / 2);
    // Then each ring's radius: far enough out that neighbours on it are
    // `minArc` apart, and at least a step beyond the ring inside it.
    const minArc = 125;  // px between neighbours on a ring (room for the labels)
    const radius = [0];
    for (let k = 1; k <= maxHop; k++) {
      const ring = members.filter((id) => hop.get(id) === k).map((id) => angle.get(id)).sort((a, b) => a - b);
      let gap = 2 * Math.PI;
      for (let i = 1; i < ring.length; i++) gap = Math.min(gap, ring[i] - ring[i - 1]);
      if (ring.length > 1) gap = Math.min(gap, ring[0] + 2 * Math.PI - ring[ring.length - 1]);
      radius[k] = Math.min(6000, Math.max(k === 1 ? 260 : radius[k - 1] + 210, minArc / Math.max(gap, 1e-3)));
    }
    const positions = {};
    for (const id of members) {
      const k = hop.get(id), a = angle.get(id);
      positions[id] = k === 0 ? { x: 0, y: 0 } : { x: radius[k] * Math.cos(a), y: radius[k] * Math.sin(a) };
    }
    return { positions, extent: radius[maxHop] + 80 };
  }

  // Moves the nodes to their radial positions, then frames `focus` (default:
  // the whole chart). Resolves when the chart is still.
  function layout(focus) {
    return new Promise((resolve) => {
      if (!cy || cy.nodes().empty()) { chartWork(0); resolve(); return; }
      chartWork(+1);
      const positions = radialPositions();
      const animate = cy.nodes().length < 400 && !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
      const l = cy.layout({
        name: 'preset', positions: (n) => positions[n.id()], fit: false,
        animate, animationDuration: 260, animationEasing: 'ease-out',
      });
      l.one('layoutstop', () => {
        const eles = focus && focus.nonempty() ? focus : cy.elements();
        const done = () => { chartWork(-1); resolve(); };
        if (!animate) {
          cy.fit(eles, 50);
          if (cy.zoom() > 1.3) { cy.zoom(1.3); cy.center(eles); }
          done();
          return;
        }
        // Frame it, never closer than 130 %: a lone account stays readable, not huge.
        cy.stop();
        const bb = eles.boundingBox();
        const w = Math.max(bb.w, 1), hgt = Math.max(bb.h, 1);
        const zoom = Math.min(1.3, Math.max(cy.minZoom(), Math.min((cy.width() - 100) / w, (cy.height() - 100) / hgt)));
        const pan = { x: cy.width() / 2 - zoom * (bb.x1 + w / 2), y: cy.height() / 2 - zoom * (bb.y1 + hgt / 2) };
        cy.animate({ zoom, pan }, { duration: 220, easing: 'ease-out', complete: done });
      });
      l.run();
    });
  }

  // Re-applies the case's colours and the node list after any change.
  function refreshChart() {
    if (!cy) return;
    cy.batch(() => {
      cy.nodes().forEach((n) => {
        const acc = n.data('account');
        n.toggleClass('root', acc === state.rootId);
        n.toggleClass('tainted', state.taintedAccounts.has(acc));
        const flags = state.flagsByAccount.get(acc) || [];
        n.toggleClass('flagged', flags.length > 0);
        n.data('flags', flags.map((f) => f.action));
        n.data('label', nodeLabel(acc));
      });
      cy.edges().forEach((e) => {
        const a = e.source().data('account'), b = e.target().data('account');
        const t1 = state.taintedPairs.get(pairKey(a, b));
        const t2 = state.taintedPairs.get(pairKey(b, a));
        const taint = t1 || t2 || null;
        e.data('taint', taint);
        e.toggleClass('tainted', !!taint);
        if (taint && e.data('total') === undefined) e.data('w', Math.max(3, edgeWidth(taint.tainted)));
        else if (taint) e.data('w', Math.max(3.5, edgeWidth(e.data('total'))));
        else e.data('w', edgeWidth(e.data('total')));
        e.data('label', edgeLabel(e.data()));
      });
    });
    $('chart-empty').hidden = cy.nodes().nonempty();
    chartWork(0);
    if (cy.nodes().nonempty() && !$('chart-status').textContent) setStatus(chartCounts());
    if (cy.nodes().empty()) setStatus('');
    renderNodeList();
  }

  function renderNodeList() {
    const list = $('chart-nodes');
    const nodes = cy ? cy.nodes().sort((a, b) => (a.data('hop') - b.data('hop')) ||
      (a.data('account') < b.data('account') ? -1 : 1)) : [];
    $('node-count').textContent = nodes.length ? `(${nodes.length})` : '';
    list.replaceChildren();
    if (!nodes.length) {
      list.append(h('li', { class: 'empty-note' }, 'Nothing yet.'));
      return;
    }
    nodes.forEach((n) => {
      const acc = n.data('account');
      const flags = n.data('flags') || [];
      list.append(h('li', {}, h('button', {
        type: 'button', 'data-testid': 'chart-node', 'data-account': acc,
        'data-flagged': String(flags.length > 0), 'data-tainted': String(n.hasClass('tainted')),
        'data-root': String(acc === state.rootId), 'aria-current': String(acc === state.selectedId),
        title: `Hop ${n.data('hop')}${flags.length ? ' · flagged: ' + flags.join(', ') : ''}`,
        onclick: () => selectAccount(acc, true),
      }, h('span', { class: 'dot', 'aria-hidden': 'true' }), h('span', { class: 'acct' }, acc),
         flags.length ? h('span', { class: `badge badge-${flags[0]}` }, ACTION_LABELS[flags[0]] || flags[0]) : null)));
    });
  }

  // ---------------------------------------------------------------- details
  function closeDetail() {
    $('detail').hidden = true;
    state.selectedId = null;
    if (cy) { cy.elements().unselect(); cy.resize(); }
    renderNodeList();
  }

  async function selectAccount(account, center) {
    if (!account) return;
    state.selectedId = account;
    const gen = ++state.detailGeneration;
    if (cy) {
      const node = cy.getElementById(nodeId(account));
      cy.elements().unselect();
      if (node.nonempty()) {
        node.select();
        if (center) cy.animate({ center: { eles: node }, duration: 200 });
      }
    }
    renderNodeList();
    const wasHidden = $('detail').hidden;
    $('detail').hidden = false;
    if (wasHidden && cy) cy.resize();
    $('detail-account').textContent = account;
    $('detail-holder').textContent = '';
    $('detail-expand').disabled = !cy || cy.getElementById(nodeId(account)).empty();
    $('detail-root').disabled = $('detail-expand').disabled || account === state.rootId;
    $('detail-collapse').disabled = $('detail-expand').disabled;
    $('detail-remove').disabled = $('detail-root').disabled;
    $('detail-body').replaceChildren(h('div', { class: 'loading' }, 'Loading account…'));
    renderDetailFlags(account);
    $('timeline-body').replaceChildren(h('tr', {}, h('td', { colspan: 3 }, h('div', { class: 'loading' }, 'Loading transactions…'))));
    $('timeline-more').hidden = true;
    state.timelineCursor = null;
    loadReach(account, gen);  // not awaited: the server's first count builds its graph
    const enc = encodeURIComponent(account);
    const [acc, tl] = await Promise.allSettled([
      api(`/accounts/${enc}`),
      api(`/accounts/${enc}/timeline`, { params: { limit: TIMELINE_PAGE } }),
    ]);
    if (gen !== state.detailGeneration) return;
    if (acc.status === 'fulfilled') {
      renderAccount(acc.value);
      rememberInfo(account, { holder_name: acc.value.holder_name, holder_id: acc.value.holder_id });
      refreshNodeLabel(account);
      renderDetailFlags(account);
    } else {
      $('detail-body').replaceChildren(h('div', { class: 'alert' }, problemText(acc.reason)));
    }
    if (tl.status === 'fulfilled') {
      $('timeline-body').replaceChildren();
      appendTimeline(tl.value);
    } else {
      $('timeline-body').replaceChildren(h('tr', {}, h('td', { colspan: 3, class: 'muted' }, problemText(tl.reason))));
    }
  }

  // How many accounts money from this one can have reached in 1, 2 and 3
  // transfers: before expanding, an investigator sees whether the next ring
  // holds ten accounts or ten thousand.
  async function loadReach(account, gen) {
    const box = $('detail-reach');
    box.replaceChildren(h('span', { class: 'muted small' }, 'Counting where its money can have gone…'));
    let doc;
    try {
      doc = await api(`/accounts/${encodeURIComponent(account)}/reach`,
                      { params: { hops: 3, direction: 'out' } });
    } catch (err) {
      if (gen === state.detailGeneration) box.replaceChildren(h('span', { class: 'muted small' }, problemText(err)));
      return;
    }
    if (gen !== state.detailGeneration) return;
    const count = (n) => money(String(n));
    const rings = doc.by_hop.map((x) => h('span', { class: 'reach-hop', 'data-hop': x.hop },
      h('b', {}, count(x.accounts)), ` at ${x.hop} ${x.hop === 1 ? 'transfer' : 'transfers'}`));
    const scoped = state.me && state.me.role !== 'analyst';
    const notes = [];
    if (doc.hubs) {
      notes.push(`${count(doc.hubs)} of them busy (more than ${count(doc.max_fanout)} transactions): counted, not followed further.`);
    }
    if (scoped) notes.push('Only accounts your cases reach are counted.');
    const total = doc.found
      ? [h('b', {}, count(doc.found)), ` ${doc.found === 1 ? 'account' : 'accounts'} within ${doc.hops} transfers: `,
         ...rings.flatMap((r, i) => (i ? [' · ', r] : [r]))]
      : [`no other account within ${doc.hops} transfers${scoped ? '' : ' (it paid none, or only cash)'}`];
    box.replaceChildren(
      h('div', { class: 'k' }, 'Money from here can have reached'),
      h('div', { 'data-testid': 'reach-total', 'data-found': doc.found }, ...total),
      ...notes.map((n) => h('div', { class: 'small muted' }, n)));
  }

  function refreshNodeLabel(account) {
    if (!cy) return;
    const n = cy.getElementById(nodeId(account));
    if (n.nonempty()) n.data('label', nodeLabel(account));
  }

  function renderAccount(a) {
    $('detail-holder').textContent = [a.holder_name, a.holder_id && `(${a.holder_id})`].filter(Boolean).join(' ');
    const facts = [
      ['Balance', `${money(a.balance)} ${a.base_currency || ''}`],
      ['Transactions', a.transactions],
      ['Bank', a.bank], ['Country', a.country], ['Currency', a.currency], ['Kind', a.kind],
      ['Opened', a.opened], ['Closed', a.closed],
    ];
    const holder = a.holder;
    if (holder) {
      facts.push(['Holder kind', holder.kind], ['Nationality', holder.nationality],
                 ['Phone', holder.phone], ['E-mail', holder.email], ['Address', holder.address]);
    }
    for (const [k, v] of Object.entries(a.attributes || {})) {
      facts.push([k, typeof v === 'object' ? JSON.stringify(v) : v]);
    }
    const dl = h('dl', { class: 'facts' });
    for (const [k, v] of facts) {
      if (v === null || v === undefined || v === '') continue;
      dl.append(h('dt', {}, k), h('dd', {}, String(v)));
    }
    const body = [dl];
    const t = state.taintedAccounts.get(a.account_id);
    if (t) {
      body.unshift(h('div', { class: 'taint-box', 'data-testid': 'detail-taint' },
        h('div', { class: 'k' }, `Proceeds of ${state.caseId} (${METHOD_LABELS[state.method] || state.method}, hop ${t.hop})`),
        `Received ${money(t.tainted_received)} · sent ${money(t.tainted_sent)} · `,
        h('b', {}, `still held ${money(t.tainted_balance)}`)));
    }
    $('detail-body').replaceChildren(...body);
  }

  function flagsFor(account) {
    const own = state.flagsByAccount.get(account) || [];
    const info = state.info.get(account) || {};
    const t = state.taintedAccounts.get(account);
    const party = info.holder_id || (t && t.holder_id);
    const viaHolder = party ? (state.flagsByParty.get(party) || []) : [];
    return { own, viaHolder, party };
  }

  function flagCard(f, note) {
    const subject = f.subject ? `${f.subject.kind} ${f.subject.id}` : '';
    return h('div', { class: 'flag-card', 'data-testid': 'flag-card', 'data-action': f.action },
      h('div', { class: 'flag-head' },
        h('span', { class: `badge badge-${f.action}` }, ACTION_LABELS[f.action] || f.action),
        f.severity === 'critical' ? h('span', { class: 'badge badge-critical' }, 'critical') : null,
        h('span', { class: 'small muted' }, f.title || f.rule_id),
        f.amount ? h('span', { class: 'flag-amount' }, money(f.amount)) : null),
      note ? h('p', { class: 'small muted' }, note) : null,
      f.sentence ? h('p', {}, f.sentence) : null,
      h('details', {}, h('summary', {}, 'Legal basis and evidence'),
        h('p', {}, f.legal_basis || ''),
        f.evidence && f.evidence.chain && f.evidence.chain.length
          ? h('p', {}, 'Chain: ', h('span', { class: 'mono' }, f.evidence.chain.join(' → '))) : null,
        f.evidence && f.evidence.tx_ids && f.evidence.tx_ids.length
          ? h('p', {}, 'Transactions: ', h('span', { class: 'mono' }, f.evidence.tx_ids.join(', '))) : null,
        h('p', { class: 'small' }, `Rule ${f.rule_id} · subject ${subject}`)));
  }

  function renderDetailFlags(account) {
    const box = $('detail-flags');
    if (!state.caseId) {
      box.replaceChildren(h('p', { class: 'empty-note' }, 'Choose a case to see what it flags here.'));
      return;
    }
    if (!state.flags) {
      box.replaceChildren(h('div', { class: 'loading' }, 'Loading flags…'));
      return;
    }
    const { own, viaHolder, party } = flagsFor(account);
    if (!own.length && !viaHolder.length) {
      box.replaceChildren(h('p', { class: 'empty-note' }, `No flag on this account in ${state.caseId}.`));
      return;
    }
    box.replaceChildren(...own.map((f) => flagCard(f)),
                        ...viaHolder.map((f) => flagCard(f, `On the holder ${party}`)));
  }

  function appendTimeline(doc) {
    const body = $('timeline-body');
    const rows = doc.transactions || [];
    if (!rows.length && !body.children.length) {
      body.append(h('tr', {}, h('td', { colspan: 3, class: 'muted' }, 'No transactions.')));
    }
    for (const r of rows) {
      const out = r.direction === 'out';
      const cp = r.counterparty;
      const foreign = r.currency && doc.currency && r.currency !== doc.currency;
      body.append(h('tr', { 'data-tx': r.tx_id },
        h('td', {},
          h('div', { class: 'tl-date', title: `${r.tx_id} · ${r.timestamp}` }, dateOf(r.timestamp),
            ' ', h('span', { class: 'small muted' }, timeOf(r.timestamp))),
          h('div', { class: 'tl-cp' },
            h('span', { class: `dir ${out ? 'dir-out' : 'dir-in'}`, title: out ? 'sent to' : 'received from',
                        'aria-label': out ? 'sent to' : 'received from' }, out ? '→' : '←'),
            cp && cp !== 'CASH' ? h('button', { type: 'button', class: 'linkish acct', title: 'Show on the chart',
                              onclick: () => showCounterparty(cp) }, cp) : h('span', { class: 'muted' }, 'cash'))),
        h('td', { class: `num ${isNegative(r.base_amount) ? 'neg' : 'pos'}` }, money(r.base_amount),
          foreign ? h('div', { class: 'small muted' }, `${money(r.amount)} ${r.currency}`) : null),
        h('td', { class: 'num' }, money(r.balance))));
    }
    state.timelineCursor = doc.page ? doc.page.next_cursor : null;
    const more = $('timeline-more');
    more.hidden = !state.timelineCursor;
    if (doc.found !== undefined) {
      const shown = body.querySelectorAll('tr[data-tx]').length;
      more.textContent = `Load more (${shown} of ${doc.found})`;
    }
  }

  async function loadMoreTimeline() {
    const account = state.selectedId;
    const cursor = state.timelineCursor;
    if (!account || !cursor) return;
    const gen = state.detailGeneration;
    const btn = $('timeline-more');
    btn.setAttribute('aria-busy', 'true');
    btn.disabled = true;
    try {
      const doc = await api(`/accounts/${encodeURIComponent(account)}/timeline`,
                            { params: { limit: TIMELINE_PAGE, cursor } });
      if (gen === state.detailGeneration) appendTimeline(doc);
    } catch (e) {
      showError(e);
    } finally {
      btn.removeAttribute('aria-busy');
      btn.disabled = false;
    }
  }

  async function showCounterparty(account) {
    if (!cy) return;
    if (cy.getElementById(nodeId(account)).empty() && state.selectedId &&
        cy.getElementById(nodeId(state.selectedId)).nonempty()) {
      await expand(state.selectedId);
    }
    if (cy.getElementById(nodeId(account)).nonempty()) selectAccount(account, true);
    else selectAccount(account);
  }

  // ---------------------------------------------------------------- cases
  function resetCase() {
    state.caseId = '';
    state.caseDoc = state.trace = state.flags = state.compare = null;
    state.taintedAccounts = new Map();
    state.taintedPairs = new Map();
    state.flagsByAccount = new Map();
    state.flagsByParty = new Map();
    $('case-panel').hidden = true;
    $('tab-case').disabled = true;
  }

  function selectCase(caseId) {
    state.caseLoading = loadCase(caseId);
    return state.caseLoading;
  }

  async function loadCase(caseId) {
    const gen = ++state.caseGeneration;
    resetCase();
    clearError();
    if (caseId) sessionStorage.setItem(KEY_CASE, caseId);
    else sessionStorage.removeItem(KEY_CASE);
    if (!caseId) {
      refreshChart();
      if (state.selectedId) renderDetailFlags(state.selectedId);
      if (state.view === 'case') location.hash = '#/chart';
      return;
    }
    state.caseId = caseId;
    $('tab-case').disabled = false;
    $('case-panel').hidden = false;
    $('case-panel-title').textContent = caseId;
    $('case-summary').replaceChildren(h('div', { class: 'loading' }, 'Tracing the proceeds…'));
    $('flagged-list').replaceChildren();
    if (state.selectedId) renderDetailFlags(state.selectedId);
    const enc = encodeURIComponent(caseId);
    try {
      const [caseDoc, trace, flags] = await Promise.all([
        api(`/cases/${enc}`),
        api(`/cases/${enc}/trace`, { params: { method: state.method } }),
        api(`/cases/${enc}/flags`, { params: { method: state.method } }),
      ]);
      if (gen !== state.caseGeneration) return;
      state.caseDoc = caseDoc;
      state.trace = trace;
      state.flags = flags;
      indexCase();
      renderCasePanel();
      refreshChart();
      if (state.selectedId) {
        renderDetailFlags(state.selectedId);
        if (state.taintedAccounts.has(state.selectedId)) selectAccount(state.selectedId);
      }
      if (state.view === 'case') renderCasePage();
    } catch (e) {
      if (gen !== state.caseGeneration) return;
      $('case-summary').replaceChildren(h('div', { class: 'alert' }, problemText(e)));
      showError(e);
    }
  }

  function indexCase() {
    for (const a of state.trace.accounts || []) {
      state.taintedAccounts.set(a.account, a);
      rememberInfo(a.account, { holder_id: a.holder_id, country: a.country });
    }
    const add = (from, to, tainted, amount, ts, seed) => {
      const k = pairKey(from, to);
      const p = state.taintedPairs.get(k) || { tainted: '0', amount: '0', count: 0, first: ts, last: ts, seed: false };
      p.tainted = addDecimal(p.tainted, tainted);
      p.amount = addDecimal(p.amount, amount);
      p.count += 1;
      if (ts < p.first) p.first = ts;
      if (ts > p.last) p.last = ts;
      p.seed = p.seed || seed;
      state.taintedPairs.set(k, p);
    };
    for (const f of state.trace.flows || []) add(f.from, f.to, f.tainted_amount, f.amount, f.timestamp, false);
    for (const s of (state.caseDoc && state.caseDoc.seeds) || []) {
      if (s.from_account && s.to_account && s.amount) add(s.from_account, s.to_account, s.amount, s.amount, s.timestamp || '', true);
    }
    for (const f of state.flags.flags || []) {
      if (!f.subject) continue;
      const map = f.subject.kind === 'account' ? state.flagsByAccount : f.subject.kind === 'party' ? state.flagsByParty : null;
      if (!map) continue;
      if (!map.has(f.subject.id)) map.set(f.subject.id, []);
      map.get(f.subject.id).push(f);
    }
    for (const list of [...state.flagsByAccount.values(), ...state.flagsByParty.values()]) {
      list.sort((a, b) => (ACTION_RANK[a.action] ?? 9) - (ACTION_RANK[b.action] ?? 9));
    }
  }

  // Exact sum of two decimal strings (same or different scales).
  function addDecimal(a, b) {
    const scale = Math.max((String(a).split('.')[1] || '').length, (String(b).split('.')[1] || '').length);
    const toInt = (s) => {
      const [i, f = ''] = String(s).replace('-', '').split('.');
      const v = BigInt(i || '0') * 10n ** BigInt(scale) + BigInt((f + '0'.repeat(scale)).slice(0, scale) || '0');
      return String(s).startsWith('-') ? -v : v;
    };
    const sum = toInt(a) + toInt(b);
    const neg = sum < 0n;
    const abs = (neg ? -sum : sum).toString().padStart(scale + 1, '0');
    const out = scale ? abs.slice(0, -scale) + '.' + abs.slice(-scale) : abs;
    return (neg ? '-' : '') + out;
  }

  function caseTitle() {
    const c = state.caseDoc || state.cases.find((x) => x.case_id === state.caseId) || {};
    return c.title || '';
  }

  function renderCasePanel() {
    const t = state.trace, f = state.flags;
    const cur = t.currency || '';
    const summary = t.summary || {};
    $('case-summary').replaceChildren(
      h('div', {}, caseTitle()),
      h('div', { class: 'figures' },
        figure(`Ransom, ${cur}`, money(t.seed_total)),
        figure(`Still held, ${cur}`, money(summary.held)),
        figure(`To freeze, ${cur}`, money(f.totals && f.totals.freeze)),
        figure(`To seize, ${cur}`, money(f.totals && f.totals.seize))));
    const list = $('flagged-list');
    list.replaceChildren();
    const accounts = [...state.flagsByAccount.entries()].sort((a, b) =>
      ((ACTION_RANK[a[1][0].action] ?? 9) - (ACTION_RANK[b[1][0].action] ?? 9)) ||
      -decimalCmp(a[1][0].amount || '0', b[1][0].amount || '0'));
    if (!accounts.length) list.append(h('li', { class: 'empty-note' }, 'No account is flagged.'));
    for (const [acc, flags] of accounts) {
      const top = flags[0];
      list.append(h('li', {}, h('button', {
        type: 'button', 'data-testid': 'flagged-account', 'data-account': acc,
        title: flags.map((x) => `${ACTION_LABELS[x.action] || x.action}${x.amount ? ' ' + money(x.amount) : ''}`).join('; '),
        onclick: () => focusAccount(acc),
      }, h('span', { class: `badge badge-${top.action}` }, ACTION_LABELS[top.action] || top.action),
         h('span', { class: 'acct' }, acc),
         top.amount ? h('span', { class: 'amt' }, money(top.amount)) : null)));
    }
  }
  const figure = (k, v) => h('div', { class: 'figure' }, h('div', { class: 'k' }, k), h('div', { class: 'v' }, v));

  // Shows an account on the chart: selects it if there, else adds the case's
  // traced accounts (which include every flagged one) and selects it.
  async function focusAccount(account) {
    if (state.view !== 'chart') location.hash = '#/chart';
    if (cy && cy.getElementById(nodeId(account)).empty()) {
      if (state.taintedAccounts.has(account)) await addTraced();
      else await openOnChart(account);
    }
    selectAccount(account, true);
  }

  // Adds every account that held proceeds and every flow that carried them.
  async function addTraced() {
    if (state.caseLoading) await state.caseLoading;
    if (!cy || !state.trace) return;
    const accounts = state.trace.accounts || [];
    const currency = state.trace.currency || '';
    cy.batch(() => {
      for (const a of accounts) addNode(a.account);
      for (const [k, p] of state.taintedPairs) {
        const [from, to] = k.split('\t');
        if (cy.getElementById(nodeId(from)).empty() || cy.getElementById(nodeId(to)).empty()) continue;
        const id = edgeId(from, to);
        if (cy.getElementById(id).nonempty()) continue;
        const e = cy.add({ group: 'edges', data: { id, source: nodeId(from), target: nodeId(to), currency, w: 3 } });
        e.addClass('traceonly');
      }
    });
    if (!state.rootId || cy.getElementById(nodeId(state.rootId)).empty()) {
      const start = accounts.find((a) => a.hop === 0);
      if (start) setRoot(start.account);
    }
    refreshChart();
    await layout();
    setStatus(`Added the ${accounts.length} accounts that received proceeds of ${state.caseId} · ${chartCounts()}`);
  }

  // ---------------------------------------------------------------- case page
  async function renderCasePage() {
    const page = $('case-page');
    if (!state.caseId) {
      page.replaceChildren(h('p', { class: 'muted' }, 'Choose a case first.'));
      return;
    }
    if (!state.trace || !state.flags || !state.caseDoc) {
      page.replaceChildren(h('div', { class: 'loading' }, `Loading ${state.caseId}…`));
      return;  // selectCase() renders again when the case has loaded
    }
    const c = state.caseDoc, t = state.trace, f = state.flags;
    const cur = t.currency || c.base_currency || '';
    const meta = [c.case_id, c.jurisdiction && `jurisdiction ${c.jurisdiction}`, c.opened && `opened ${c.opened}`]
      .filter(Boolean).join(' · ');
    const downloads = h('div', { class: 'downloads', role: 'group', 'aria-label': 'Evidence report downloads' },
      h('span', { class: 'label' }, 'Evidence report'),
      ...[['html', 'HTML'], ['pdf', 'PDF'], ['json', 'JSON'], ['csv', 'CSV schedule']].map(([fmt, label]) =>
        h('button', { type: 'button', class: fmt === 'html' ? 'btn btn-primary' : 'btn',
                      'data-testid': `report-${fmt}`, onclick: (e) => downloadReport(fmt, e.currentTarget) },
          label)));
    const summary = t.summary || {};
    const cards = h('div', { class: 'cards' },
      card('Ransom traced', money(t.seed_total), cur),
      card(`Still held (${METHOD_LABELS[state.method] || state.method})`, money(summary.held), cur),
      card('Left the accounts', money(summary.exited), cur),
      card('To freeze', money(f.totals && f.totals.freeze), cur),
      card('To seize', money(f.totals && f.totals.seize), cur),
      card('Value to confiscate', money(f.totals && f.totals.confiscate_value), cur));

    const compareSection = h('section', { class: 'section', 'aria-labelledby': 'compare-title' },
      h('div', { class: 'section-head' }, h('h2', { id: 'compare-title' }, 'Where the money is, under every rule'),
        h('p', {}, `Amounts in ${cur}. ${METHOD_LABELS[state.method] || state.method} is the rule you chose; poison is an upper bound and does not reconcile.`)),
      h('div', { id: 'compare-box' }, h('div', { class: 'loading' }, 'Comparing the tracing rules…')));

    page.replaceChildren(
      h('div', { class: 'case-header' },
        h('div', {}, h('h1', {}, c.title || c.case_id), h('div', { class: 'case-meta' }, meta)),
        downloads),
      cards,
      seedsSection(c, cur),
      compareSection,
      flagsSection(f, cur));

    const gen = state.caseGeneration;
    try {
      if (!state.compare) {
        state.compare = await api(`/cases/${encodeURIComponent(state.caseId)}/trace`, { params: { method: 'compare' } });
      }
      if (gen !== state.caseGeneration || !$('compare-box')) return;
      $('compare-box').replaceChildren(compareTable(state.compare));
    } catch (e) {
      if ($('compare-box')) $('compare-box').replaceChildren(h('div', { class: 'alert', style: 'margin:12px 16px' }, problemText(e)));
    }
  }
  const card = (k, v, unit) => h('div', { class: 'card' }, h('div', { class: 'k' }, unit ? `${k}, ${unit}` : k),
                                 h('div', { class: 'v' }, v));

  const accountLink = (acc) => (acc
    ? h('button', { type: 'button', class: 'linkish acct', title: 'Show on the link chart',
                    onclick: () => focusAccount(acc) }, acc)
    : h('span', { class: 'muted' }, '—'));

  function seedsSection(c, cur) {
    const rows = (c.seeds || []).map((s) => h('tr', {},
      h('td', { class: 'mono' }, s.tx_id),
      h('td', {}, s.timestamp ? `${dateOf(s.timestamp)} ${timeOf(s.timestamp)}` : '—'),
      h('td', {}, accountLink(s.from_account)),
      h('td', {}, accountLink(s.to_account)),
      h('td', {}, s.claimant || ''),
      h('td', { class: 'num' }, `${money(s.amount)} ${s.currency || cur}`)));
    return h('section', { class: 'section', 'aria-labelledby': 'seeds-title' },
      h('div', { class: 'section-head' }, h('h2', { id: 'seeds-title' }, 'Ransom payments (seeds)')),
      h('div', { class: 'table-scroll' }, h('table', { class: 'table', 'data-testid': 'seeds-table' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Transaction'), h('th', {}, 'Time (UTC)'), h('th', {}, 'From'),
          h('th', {}, 'To (collector)'), h('th', {}, 'Claimant'), h('th', { class: 'num' }, 'Amount'))),
        h('tbody', {}, rows))));
  }

  function compareTable(cmp) {
    const methods = cmp.methods || [];
    const main = state.method;
    const head = h('tr', {}, h('th', {}, 'Where'), h('th', {}, 'Account or asset'),
      ...methods.map((m) => h('th', { class: `num ${m === main ? 'col-main' : ''}`, scope: 'col' }, METHOD_LABELS[m] || m)));
    const rows = (cmp.terminals || []).map((t) => {
      const subject = t.kind === 'asset_purchase' ? h('span', { class: 'mono' }, t.asset_id) : accountLink(t.account);
      return h('tr', { 'data-kind': t.kind },
        h('td', { class: 'kind-tag' }, TERMINAL_LABELS[t.kind] || t.kind),
        h('td', {}, subject),
        ...methods.map((m) => h('td', { class: `num ${m === main ? 'col-main' : ''}` },
          t.amounts && t.amounts[m] !== undefined ? money(t.amounts[m]) : '—')));
    });
    const rec = cmp.reconciliation || {};
    const recRow = (label, key, fmt) => h('tr', { class: 'total' }, h('td', {}, label), h('td', {}, ''),
      ...methods.map((m) => h('td', { class: `num ${m === main ? 'col-main' : ''}` }, rec[m] ? fmt(rec[m][key], m) : '—')));
    const foot = [
      recRow('Held', 'held', money),
      recRow('Left the accounts', 'exited', money),
      recRow(`Reconciles to ${money(cmp.seed_total)}`, 'conserved',
             (v, m) => (v ? h('span', { class: 'ok-tag' }, '✓ yes')
               : m === 'poison' ? h('span', { class: 'muted', title: 'Poison counts whole balances: an upper bound of exposure, not a reconciliation' }, 'upper bound')
               : h('span', { class: 'bad-tag' }, '✗ no'))),
    ];
    return h('div', { class: 'table-scroll' }, h('table', { class: 'table', 'data-testid': 'compare-table' },
      h('thead', {}, head), h('tbody', {}, rows), h('tfoot', {}, foot)));
  }

  function flagsSection(f, cur) {
    const rows = (f.flags || []).map((x) => h('tr', { 'data-action': x.action },
      h('td', {}, h('span', { class: `badge badge-${x.action}` }, ACTION_LABELS[x.action] || x.action)),
      h('td', {}, x.subject && x.subject.kind === 'account' ? accountLink(x.subject.id)
        : h('span', {}, h('span', { class: 'muted small' }, x.subject ? x.subject.kind + ' ' : ''), h('span', { class: 'mono' }, x.subject ? x.subject.id : ''))),
      h('td', { class: 'num' }, x.amount ? money(x.amount) : '—'),
      h('td', {}, x.severity === 'critical' ? h('span', { class: 'badge badge-critical' }, 'critical') : (x.severity || '')),
      h('td', {}, x.title || x.rule_id, h('div', { class: 'small muted' }, x.sentence || ''))));
    return h('section', { class: 'section', 'aria-labelledby': 'flags-title' },
      h('div', { class: 'section-head' }, h('h2', { id: 'flags-title' }, 'Measures and flags'),
        h('p', {}, `${(f.flags || []).length} flags by the ${f.rulebook ? f.rulebook.name : ''} rulebook; amounts in ${cur}.`)),
      h('div', { class: 'table-scroll' }, h('table', { class: 'table', 'data-testid': 'flags-table' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Measure'), h('th', {}, 'Subject'), h('th', { class: 'num' }, 'Amount'),
          h('th', {}, 'Severity'), h('th', {}, 'Why'))),
        h('tbody', {}, rows))));
  }

  // Reports are fetched with the Authorization header and saved from a blob:
  // a token never goes into a URL.
  async function downloadReport(format, button) {
    if (!state.caseId) return;
    button.setAttribute('aria-busy', 'true');
    button.disabled = true;
    clearError();
    try {
      const res = await api(`/cases/${encodeURIComponent(state.caseId)}/report`,
                            { params: { format, method: state.method }, raw: true });
      const blob = await res.blob();
      const cd = res.headers.get('Content-Disposition') || '';
      const m = /filename="([^"]+)"/.exec(cd);
      const safeCase = state.caseId.replace(/[^A-Za-z0-9._-]/g, '_');
      const name = m ? m[1] : `report-${safeCase}.${format}`;
      const url = URL.createObjectURL(blob);
      const a = h('a', { href: url, download: name, hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
    } catch (e) {
      showError(e);
    } finally {
      button.removeAttribute('aria-busy');
      button.disabled = false;
    }
  }

  // ---------------------------------------------------------------- wiring
  function init() {
    $('signin-form').addEventListener('submit', onSignIn);
    $('signout').addEventListener('click', () => signOut());
    $('error-close').addEventListener('click', clearError);
    $('purpose-chip').addEventListener('click', openPurposeDialog);
    $('purpose-form').addEventListener('submit', savePurpose);
    $('purpose-cancel').addEventListener('click', () => $('purpose-dialog').close());
    $('account-search').addEventListener('input', onSearchInput);
    $('account-search').addEventListener('keydown', onSearchKey);
    $('account-search').addEventListener('blur', () => setTimeout(hideResults, 150));
    $('case-select').addEventListener('change', (e) => selectCase(e.target.value));
    $('method-select').addEventListener('change', (e) => {
      state.method = e.target.value;
      sessionStorage.setItem(KEY_METHOD, state.method);
      if (state.caseId) selectCase(state.caseId);
    });
    $('add-tainted').addEventListener('click', () => addTraced());
    $('chart-fit').addEventListener('click', () => cy && cy.fit(undefined, 40));
    $('chart-relayout').addEventListener('click', () => layout());
    $('chart-clear').addEventListener('click', () => { closeDetail(); clearChart(); });
    $('detail-close').addEventListener('click', closeDetail);
    $('detail-expand').addEventListener('click', () => state.selectedId && expand(state.selectedId));
    $('detail-collapse').addEventListener('click', () => state.selectedId && collapse(state.selectedId));
    $('detail-remove').addEventListener('click', () => state.selectedId && removeAccount(state.selectedId));
    $('detail-root').addEventListener('click', async () => {
      if (!state.selectedId) return;
      setRoot(state.selectedId);
      refreshChart();
      await layout();
      $('detail-root').disabled = true;
      $('detail-remove').disabled = true;
    });
    $('timeline-more').addEventListener('click', loadMoreTimeline);
    $('tab-chart').addEventListener('click', () => { location.hash = '#/chart'; });
    $('tab-case').addEventListener('click', () => { if (state.caseId) location.hash = '#/case'; });
    window.addEventListener('hashchange', route);
    document.addEventListener('keydown', (e) => {
      if (e.key === '/' && document.activeElement === document.body && state.me) {
        $('account-search').focus();
        e.preventDefault();
      }
    });
    window.moneytrail = { cy: () => cy, nodeId, edgeId, state };

    const token = sessionStorage.getItem(KEY_TOKEN);
    if (!token) {
      showSignIn();
      return;
    }
    api('/me').then(enterApp).catch((e) => {
      sessionStorage.removeItem(KEY_TOKEN);
      showSignIn(problemText(e));
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
