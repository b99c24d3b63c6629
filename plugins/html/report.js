/* report.js - draws the html reporter's page from the JSON embedded in it:
 * script elements of type application/json with the ids #sl-run (rules, as-of date),
 * #sl-candidates (one object per candidate, in input order) and #sl-summary
 * (counts, per-rule tallies). Inlined into every report; no library, no network.
 *
 * Safety: every string that comes from the data reaches the page through
 * textContent or setAttribute, never as markup, so a candidate id that looks
 * like an HTML tag is shown as text and runs nothing.
 *
 * URL fragments: #expand-all opens every candidate (handy for printing);
 * #selftest exercises the sorting through the header buttons and records the
 * orders it saw in data-selftest-* attributes of the table (used by the
 * end-to-end test in tests/html). */
(function () {
  'use strict';

  var VERDICTS = ['pass', 'flag', 'fail', 'skip', 'error']; /* index in summary.rules[i] */
  var SHOWN = ['pass', 'flag', 'fail', 'error'];             /* candidate verdicts */
  var LABEL = { pass: 'Pass', flag: 'Flag', fail: 'Fail', skip: 'Skip', error: 'Error' };
  var ICON = { pass: '\u2713', flag: '!', fail: '\u2715', skip: '\u2013', error: '?' };
  var RANK = { pass: 0, flag: 1, fail: 2, skip: 3, error: 4 };
  var SEVERITY_NOTE = {
    preferred: 'preferred rule: a fail is reported as a flag',
    bonus: 'bonus rule: a fail is reported as a pass that scores nothing'
  };

  function read(id) {
    var e = document.getElementById(id);
    if (!e) throw new Error('missing data block #' + id);
    return JSON.parse(e.textContent);
  }

  /* el(tag, attrs, children...): attrs.text sets textContent, attrs.cls the
   * class; every other attribute goes through setAttribute. Children are
   * nodes, strings (added as text) or arrays of them. */
  function el(tag, attrs) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        if (k === 'text') e.textContent = String(v);
        else e.setAttribute(k === 'cls' ? 'class' : k, String(v));
      });
    }
    for (var i = 2; i < arguments.length; i++) add(e, arguments[i]);
    return e;
  }

  function add(parent, c) {
    if (c === null || c === undefined || c === false) return;
    if (Array.isArray(c)) {
      c.forEach(function (x) { add(parent, x); });
    } else if (typeof c === 'string' || typeof c === 'number') {
      parent.appendChild(document.createTextNode(String(c)));
    } else {
      parent.appendChild(c);
    }
  }

  function icon(v) {
    return el('span', { cls: 'ico', 'aria-hidden': 'true', text: ICON[v] });
  }

  /* A verdict: colour, symbol and the word, so colour is never the only cue. */
  function badge(v) {
    return el('span', { cls: 'badge v-' + v, 'data-verdict': v }, icon(v),
              el('span', { cls: 'word', text: LABEL[v] }));
  }

  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : (many || one + 's')); }

  function pct(n, total) { return total ? (100 * n) / total : 0; }

  function pctText(n, total) {
    if (!total) return '0%';
    var p = pct(n, total);
    return (p > 0 && p < 1 ? '<1' : String(Math.round(p))) + '%';
  }

  /* ---- header ---- */

  function renderMeta(run, sum) {
    var meta = document.getElementById('sl-meta');
    if (!meta) return;
    var packs = [];
    run.rules.forEach(function (r) { if (packs.indexOf(r.pack) < 0) packs.push(r.pack); });
    meta.textContent = '';
    add(meta, ['As of ', el('time', { datetime: run.as_of }, el('strong', { text: run.as_of })),
               ' \u00b7 ', plural(packs.length, 'rule pack'), packs.length ? ' (' + packs.join(', ') + ')' : '',
               ' \u00b7 ', plural(run.rules.length, 'rule'),
               ' \u00b7 ', plural(sum.reported, 'candidate')]);
  }

  function card(kind, label, value, share, ico) {
    return el('div', { cls: 'card ' + kind, 'data-count': value, 'data-verdict': kind.indexOf('v-') === 0 ? kind.slice(2) : null },
              el('span', { cls: 'label' }, ico, label),
              el('span', { cls: 'value', text: value }),
              el('span', { cls: 'share', text: share }));
  }

  function renderCards(sum) {
    var total = sum.reported;
    var cards = el('div', { cls: 'cards', id: 'sl-cards' });
    var readable = total - sum.verdicts.error;
    cards.appendChild(card('total', 'Candidates', total,
                           sum.verdicts.error ? readable + ' read, ' + sum.verdicts.error + ' unreadable'
                                              : 'all records read',
                           el('span', { cls: 'ico', 'aria-hidden': 'true', text: '#' })));
    SHOWN.forEach(function (v) {
      cards.appendChild(card('v-' + v, LABEL[v], sum.verdicts[v], pctText(sum.verdicts[v], total) + ' of candidates', icon(v)));
    });
    return cards;
  }

  function notices(sum) {
    var out = [];
    if (sum.reported !== sum.candidates) {
      out.push('The run stopped early: ' + sum.reported + ' of ' + sum.candidates +
               ' candidates are in this report.');
    }
    if (sum.input_errors) {
      out.push(plural(sum.input_errors, 'input') + ' could not be opened or read; ' +
               'their candidates are not in this report.');
    }
    if (sum.rule_errors) {
      out.push(plural(sum.rule_errors, 'rule evaluation') + ' ended in an error (shown as Error in ' +
               'the candidate\u2019s rules): the rule pack may need fixing.');
    }
    return out.map(function (t) { return el('div', { cls: 'notice', role: 'note', text: t }); });
  }

  /* ---- chart: one bar per rule, pass / flag / fail / error / skip ---- */

  function renderChart(run, sum) {
    var hasSkip = sum.rules.some(function (c) { return c[3] > 0; });
    var counted = hasSkip ? ['pass', 'flag', 'fail', 'error', 'skip'] : ['pass', 'flag', 'fail', 'error'];
    var readable = sum.reported - sum.verdicts.error;
    var legend = el('ul', { cls: 'legend', 'aria-label': 'Legend' }, counted.map(function (v) {
      return el('li', null, el('span', { cls: 'swatch fill-' + v, 'aria-hidden': 'true' }),
                LABEL[v] + (v === 'skip' ? ' (did not apply)' : ''));
    }));
    var chart = el('div', { cls: 'chart' + (hasSkip ? ' has-skip' : ''), id: 'sl-chart', role: 'list' });
    var ticks = el('div', { cls: 'ticks' }, [0, 25, 50, 75, 100].map(function (t) {
      var s = el('span', { text: t + '%' });
      s.style.left = t + '%';
      return s;
    }));
    chart.appendChild(el('div', { cls: 'chart-axis', 'aria-hidden': 'true' }, el('div'), ticks, el('div')));
    run.rules.forEach(function (rule, i) {
      var c = sum.rules[i] || [0, 0, 0, 0, 0];
      var total = c.reduce(function (a, b) { return a + b; }, 0);
      var n = {};
      VERDICTS.forEach(function (v, k) { n[v] = c[k]; });
      var said = counted.map(function (v) { return n[v] + ' ' + v; }).join(', ');
      var bar = el('div', { cls: 'bar' });
      ['pass', 'flag', 'fail', 'error', 'skip'].forEach(function (v) {
        if (!n[v]) return;
        var seg = el('span', { cls: 'seg fill-' + v, 'data-verdict': v, 'data-count': n[v],
                               title: LABEL[v] + ': ' + n[v] + ' (' + pctText(n[v], total) + ')' });
        seg.style.width = pct(n[v], total) + '%';
        bar.appendChild(seg);
      });
      var label = el('div', { cls: 'bar-label', title: rule.title ? rule.id + ': ' + rule.title : rule.id },
                     el('span', { cls: 'rule-id' }, rule.id,
                        rule.severity !== 'required' ? el('span', { cls: 'sev', text: rule.severity }) : null),
                     rule.title ? el('span', { cls: 'rule-title', text: rule.title }) : null);
      var counts = el('div', { cls: 'bar-counts' }, counted.map(function (v) {
        return el('span', { cls: n[v] ? 'n-' + v : 'n-' + v + ' zero', 'data-verdict': v },
                  el('b', { text: n[v] }), ' ' + v);
      }));
      chart.appendChild(el('div', { cls: 'bar-row', role: 'listitem', 'data-rule': rule.id,
                                    'aria-label': rule.id + ': ' + said },
                           label, el('div', { cls: 'bar-track', 'aria-hidden': 'true' }, bar), counts));
    });
    if (!run.rules.length) chart.appendChild(el('p', { cls: 'empty', text: 'No rules were loaded.' }));
    return el('section', { cls: 'panel', id: 'sl-rules', 'aria-labelledby': 'sl-rules-h' },
              el('div', { cls: 'panel-head' },
                 el('h2', { id: 'sl-rules-h', text: 'Verdicts per rule' }),
                 el('p', { cls: 'hint', text: 'Each bar is one rule, across the ' +
                                              plural(readable, 'candidate') + ' that could be read.' })),
              legend, chart);
  }

  /* ---- the candidates table ---- */

  var items = [];      /* {c: candidate data, row: tr element, detail: tr element or null} */
  var tbody, statusEl, headers = {};
  var sortKey = 'n', sortDir = 1;
  var FIRST_DIR = { n: 1, id: 1, verdict: 1, score: -1 };
  var STATUS = {
    n: ['Input order', 'Input order, reversed'],
    id: ['Sorted by candidate, A\u2013Z', 'Sorted by candidate, Z\u2013A'],
    verdict: ['Sorted by verdict: pass, flag, fail, error', 'Sorted by verdict: error, fail, flag, pass'],
    score: ['Sorted by score, lowest first', 'Sorted by score, highest first']
  };
  var collator = typeof Intl !== 'undefined' ? new Intl.Collator('en', { numeric: true }) : null;

  function compare(key, dir) {
    return function (a, b) {
      var x = a.c, y = b.c, d = 0;
      if (key === 'score') {
        var xs = typeof x.s === 'number', ys = typeof y.s === 'number';
        /* unreadable records have no score: last, whichever the direction */
        d = xs && ys ? (x.s - y.s) * dir : (ys ? 1 : 0) - (xs ? 1 : 0);
      } else if (key === 'verdict') {
        d = (RANK[x.v] - RANK[y.v]) * dir;
      } else if (key === 'id') {
        d = (collator ? collator.compare(x.id, y.id) : (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)) * dir;
      } else {
        d = (x.n - y.n) * dir;
      }
      return d || x.n - y.n; /* ties keep input order */
    };
  }

  function sortBy(key, dir) {
    sortDir = dir || (key === sortKey ? -sortDir : FIRST_DIR[key]);
    sortKey = key;
    items.sort(compare(key, sortDir));
    var frag = document.createDocumentFragment();
    items.forEach(function (it) {
      frag.appendChild(it.row);
      if (it.detail) frag.appendChild(it.detail);
    });
    tbody.appendChild(frag);
    Object.keys(headers).forEach(function (k) {
      var th = headers[k];
      var on = k === sortKey;
      th.setAttribute('aria-sort', on ? (sortDir > 0 ? 'ascending' : 'descending') : 'none');
      th.querySelector('.arrow').textContent = on ? (sortDir > 0 ? '\u25b2' : '\u25bc') : '\u2195';
    });
    statusEl.textContent = STATUS[key][sortDir > 0 ? 0 : 1];
  }

  function sortHeader(key, label, cls) {
    var b = el('button', { type: 'button', cls: 'sort', 'data-sort': key },
               el('span', { text: label }), el('span', { cls: 'arrow', 'aria-hidden': 'true', text: '\u2195' }));
    b.addEventListener('click', function () { sortBy(key); });
    var th = el('th', { scope: 'col', cls: cls, 'aria-sort': 'none' }, b);
    headers[key] = th;
    return th;
  }

  function setOpen(it, open) {
    if (open && !it.detail) {
      it.detail = buildDetail(it.c);
      it.row.parentNode.insertBefore(it.detail, it.row.nextSibling);
    }
    if (!it.detail) return;
    it.detail.hidden = !open;
    it.row.classList.toggle('open', open);
    it.row.querySelector('.who').setAttribute('aria-expanded', open ? 'true' : 'false');
  }

  function buildRow(it, rules) {
    var c = it.c;
    var who = el('button', { type: 'button', cls: 'who', 'aria-expanded': 'false', 'aria-controls': 'sl-d-' + c.n,
                             title: 'Show every rule for this candidate' },
                 el('span', { cls: 'chev', 'aria-hidden': 'true' }),
                 c.id === '' ? el('span', { cls: 'id none', text: '(empty id)' }) : el('span', { cls: 'id', text: c.id }));
    who.addEventListener('click', function () { setOpen(it, it.detail ? it.detail.hidden : true); });
    var score;
    if (typeof c.s === 'number') {
      var fill = el('span');
      fill.style.width = Math.max(0, Math.min(100, c.s * 100)) + '%';
      score = el('div', { cls: 'score' }, el('span', { cls: 'val', text: c.s.toFixed(2) }),
                 el('span', { cls: 'meter', 'aria-hidden': 'true' }, fill));
    } else {
      score = [el('span', { cls: 'none', 'aria-hidden': 'true', text: '\u2014' }),
               el('span', { cls: 'sr-only', text: 'no score' })];
    }
    var issues;
    if (c.v === 'error') {
      issues = el('span', { cls: 'errline', text: 'Could not be read: ' + c.err });
    } else {
      var chips = [];
      ['fail', 'flag', 'error'].forEach(function (v) {
        (c.r || []).forEach(function (r, i) {
          if (r[0] !== v) return;
          chips.push(el('span', { cls: 'chip v-' + v, 'data-verdict': v, 'data-rule': rules[i].id,
                                  title: LABEL[v] + (typeof r[1] === 'string' ? ': ' + r[1] : '') },
                        icon(v), el('span', { cls: 'sr-only', text: LABEL[v] + ': ' }), rules[i].id));
        });
      });
      issues = chips.length ? el('div', { cls: 'issues' }, chips)
                            : el('span', { cls: 'all-clear', text: c.r && c.r.some(function (r) { return r[0] === 'pass'; })
                                                                   ? 'Every rule passed' : 'No rule applied' });
    }
    return el('tr', { cls: 'row', 'data-n': c.n, 'data-verdict': c.v, 'data-score': typeof c.s === 'number' ? c.s : null },
              el('td', { cls: 'num', text: c.n }),
              el('th', { scope: 'row', cls: 'col-id' }, who),
              el('td', { cls: 'col-verdict' }, badge(c.v)),
              el('td', { cls: 'col-score' }, score),
              el('td', { cls: 'col-issues' }, issues));
  }

  var RULES; /* run.rules, for the details */

  function buildDetail(c) {
    var body;
    if (c.v === 'error') {
      body = el('div', { cls: 'record-error' },
                el('strong', { text: 'This record could not be read, so no rule was evaluated.' }),
                el('div', { cls: 'where', text: (c.src === '-' ? 'standard input' : c.src) + ', line ' + c.line }),
                el('div', { cls: 'msg', text: c.err }));
    } else {
      var rows = RULES.map(function (rule, i) {
        var r = (c.r && c.r[i]) || ['skip'];
        var v = r[0], reason = r[1], checked = r[2];
        return el('tr', { 'data-rule': rule.id, 'data-verdict': v },
                  el('td', { cls: 'r-verdict' }, badge(v)),
                  el('td', { cls: 'r-rule' }, el('span', { cls: 'rid', text: rule.id }),
                     rule.severity !== 'required' ? el('span', { cls: 'sev', text: rule.severity }) : null,
                     rule.title ? el('span', { cls: 'rtitle', text: rule.title }) : null),
                  el('td', { cls: 'r-reason' },
                     typeof reason === 'string' ? el('span', { cls: 'reason', text: reason })
                                                : el('span', { cls: 'none', text: v === 'skip' ? 'did not apply' : 'no reason given' }),
                     checked ? el('span', { cls: 'checked', text: 'The check returned ' + checked + '; ' +
                                                                  (SEVERITY_NOTE[rule.severity] || 'reported as ' + v) + '.' }) : null));
      });
      body = el('table', { cls: 'rules' },
                el('caption', { cls: 'sr-only', text: 'Every rule for candidate ' + c.id }),
                el('thead', null, el('tr', null, el('th', { scope: 'col', text: 'Verdict' }),
                                     el('th', { scope: 'col', text: 'Rule' }), el('th', { scope: 'col', text: 'Reason' }))),
                el('tbody', null, rows));
    }
    return el('tr', { cls: 'detail', id: 'sl-d-' + c.n, hidden: '' },
              el('td', { colspan: 5 }, el('div', { cls: 'detail-body' }, body)));
  }

  function renderTable(run, cands) {
    RULES = run.rules;
    statusEl = el('span', { cls: 'status', 'aria-live': 'polite', id: 'sl-sort-status', text: STATUS.n[0] });
    var expand = el('button', { type: 'button', cls: 'btn', id: 'sl-expand-all', text: 'Expand all' });
    var collapse = el('button', { type: 'button', cls: 'btn', id: 'sl-collapse-all', text: 'Collapse all' });
    expand.addEventListener('click', function () { items.forEach(function (it) { setOpen(it, true); }); });
    collapse.addEventListener('click', function () { items.forEach(function (it) { setOpen(it, false); }); });
    tbody = el('tbody');
    var table = el('table', { cls: 'cands', id: 'sl-table' },
                   el('caption', { cls: 'sr-only', text: 'Candidates; the column headers sort the table; a candidate\u2019s name shows every rule.' }),
                   el('thead', null, el('tr', null,
                      sortHeader('n', '#', 'num'), sortHeader('id', 'Candidate', 'col-id'),
                      sortHeader('verdict', 'Verdict', 'col-verdict'), sortHeader('score', 'Score', 'col-score'),
                      el('th', { scope: 'col', cls: 'plain', text: 'Did not pass' }))),
                   tbody);
    cands.forEach(function (c) {
      var it = { c: c, row: null, detail: null };
      it.row = buildRow(it, run.rules);
      items.push(it);
      tbody.appendChild(it.row);
    });
    sortBy('n', 1);
    var wrap = el('div', { cls: 'table-wrap' }, table);
    if (!cands.length) wrap.appendChild(el('p', { cls: 'empty', text: 'No candidates were screened.' }));
    return el('section', { cls: 'panel', id: 'sl-list', 'aria-labelledby': 'sl-list-h' },
              el('div', { cls: 'panel-head' },
                 el('div', null, el('h2', { id: 'sl-list-h', text: 'Candidates' }),
                    el('p', { cls: 'hint', text: 'Click a column header to sort, a candidate to see every rule and its reason.' })),
                 el('div', { cls: 'toolbar' }, statusEl, expand, collapse)),
              wrap);
  }

  /* ---- #selftest: sort through the header buttons, record the orders ---- */

  function order() {
    return items.map(function (it) { return it.c.n; }).join(',');
  }

  function selftest() {
    var table = document.getElementById('sl-table');
    var seen = {};
    function click(key) { headers[key].querySelector('button').click(); }
    function note(name) {
      /* what is on screen: the rows of the table body, in document order */
      var onScreen = Array.prototype.map.call(tbody.querySelectorAll('tr.row'), function (r) {
        return r.getAttribute('data-n');
      }).join(',');
      seen[name] = onScreen === order() ? onScreen : 'mismatch:' + onScreen;
    }
    click('score'); note('score-1');
    click('score'); note('score-2');
    click('verdict'); note('verdict-1');
    click('verdict'); note('verdict-2');
    click('id'); note('id-1');
    click('n'); note('n-1');
    Object.keys(seen).forEach(function (k) { table.setAttribute('data-selftest-' + k, seen[k]); });
    document.getElementById('sl-expand-all').click();
    document.documentElement.setAttribute('data-selftest', 'done');
  }

  function main() {
    var run = read('sl-run'), cands = read('sl-candidates'), sum = read('sl-summary');
    var app = document.getElementById('sl-app');
    app.textContent = '';
    renderMeta(run, sum);
    add(app, [renderCards(sum), notices(sum), renderChart(run, sum), renderTable(run, cands)]);
    document.documentElement.setAttribute('data-rendered', 'yes');
    if (location.hash === '#expand-all') document.getElementById('sl-expand-all').click();
    if (location.hash === '#selftest') selftest();
  }

  try {
    main();
  } catch (e) {
    var app = document.getElementById('sl-app');
    if (app) {
      app.appendChild(el('div', { cls: 'notice', role: 'alert',
                                  text: 'This report could not be displayed: ' + (e && e.message ? e.message : e) +
                                        '. The file may be incomplete (was the run interrupted?).' }));
    }
    document.documentElement.setAttribute('data-rendered', 'error');
  }
})();
