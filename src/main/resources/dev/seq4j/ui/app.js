// seq4j ui and seq4j report: the run list, run pages, comparisons and sweeps (UiServer, docs/ui.md).
// In a report the data is embedded (window.SEQ4J_REPORT, keyed by the API path); served, it is fetched and a running
// run's page asks every two seconds for the rows its files gained.
'use strict';

const REPORT = window.SEQ4J_REPORT || null;
const POLL_MS = 2000;
const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#be185d', '#4d7c0f', '#7c2d12', '#334155'];
let timer = null;
let charts = [];
const listState = {filter: '', sortKey: 'when', asc: false};

async function api(path) {
  if (REPORT) {
    if (path in REPORT) return REPORT[path];
    throw new Error('not in this report: ' + path);
  }
  const response = await fetch(path.slice(1), {cache: 'no-store'});
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || ('HTTP ' + response.status));
  return body;
}

function runPath(id, metrics, steps) {
  let p = '/api/run?id=' + encodeURIComponent(id);
  if (!REPORT && (metrics || steps)) p += '&metrics=' + metrics + '&steps=' + steps;
  return p;
}

function imageUrl(id, name) {
  const p = '/api/image?id=' + encodeURIComponent(id) + '&name=' + encodeURIComponent(name);
  return REPORT ? REPORT[p] : p.slice(1);
}

// Builds an element; children are nodes or text (always text, never HTML).
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k.startsWith('data-')) e.setAttribute(k, v);
    else e[k] = v;
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function fmt(x, digits) {
  if (x === null || x === undefined || x === '') return '';
  if (typeof x !== 'number') return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e9) return String(x);
  return Math.abs(x) >= 1e5 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(3) : x.toFixed(digits ?? 4);
}

function duration(s) {
  if (!s && s !== 0) return '';
  if (s < 90) return s.toFixed(0) + ' s';
  if (s < 5400) return (s / 60).toFixed(1) + ' min';
  return (s / 3600).toFixed(1) + ' h';
}

function statusBadge(status) {
  return el('span', {class: 'status', 'data-status': status}, status);
}

function runLink(id, text) {
  return el('a', {href: '#/run/' + encodeURIComponent(id)}, text ?? id);
}

function column(csv, name) {
  const i = csv.columns.indexOf(name);
  return i < 0 ? [] : csv.rows.map(r => r[i]);
}

// The previous page's charts go before a page draws its own.
function reset() {
  charts.forEach(c => c.destroy());
  charts = [];
}

function setMain(title, ...content) {
  document.getElementById('where').textContent = title;
  const main = document.getElementById('main');
  main.replaceChildren(...content.flat().filter(c => c !== null && c !== undefined));
  return main;
}

function fail(error) {
  reset();
  setMain('', el('p', {class: 'error'}, String(error.message || error)), el('p', {}, el('a', {href: '#/'}, 'all runs')));
}

// A sortable table: columns [{key, label, num, render}], rows of objects; clicking a header sorts by it.
function sortable(columns, rows, options) {
  let sortKey = options?.sortKey ?? null;
  let asc = options?.asc ?? true;
  const tbody = el('tbody');
  const head = el('tr');
  const table = el('table', {id: options?.id}, el('thead', {}, head), tbody);
  function draw() {
    const sorted = rows.slice();
    if (sortKey !== null) {
      sorted.sort((a, b) => {
        const x = a[sortKey], y = b[sortKey];
        if (x === y) return 0;
        if (x === null || x === undefined || x === '') return 1;
        if (y === null || y === undefined || y === '') return -1;
        return (x < y ? -1 : 1) * (asc ? 1 : -1);
      });
    }
    head.replaceChildren(...columns.map(c => el('th', {
      class: c.key === sortKey ? 'sorted' + (asc ? ' asc' : '') : '',
      onclick: () => {
        if (sortKey === c.key) asc = !asc; else { sortKey = c.key; asc = true; }
        options?.onSort?.(sortKey, asc);
        draw();
      },
    }, c.label ?? c.key)));
    tbody.replaceChildren(...sorted.map(r => el('tr', {class: options?.rowClass?.(r) || ''},
      ...columns.map(c => el('td', {class: c.num ? 'num' : ''}, c.render ? c.render(r) : fmt(r[c.key]))))));
  }
  draw();
  return table;
}

// A line chart: x values and series [{label, values, color?, points?}]; nulls leave gaps.
function chart(id, title, xLabel, xs, series, options) {
  const holder = el('div', {class: 'chart', id, 'data-points': String(xs.length)});
  const opts = {
    title, width: options?.width ?? 560, height: options?.height ?? 260,
    scales: {x: options?.categories ? {time: false, range: [-0.5, options.categories.length - 0.5]}
      : options?.log ? {time: false, distr: 3} : {time: false}},
    axes: [options?.categories ? {
      label: xLabel,
      splits: () => options.categories.map((_, k) => k),
      values: (u, splits) => splits.map(k => options.categories[Math.round(k)] ?? ''),
    } : {label: xLabel}, {label: options?.yLabel ?? ''}],
    series: [{label: xLabel}].concat(series.map((s, i) => ({
      label: s.label, stroke: s.color ?? COLORS[i % COLORS.length], width: 1.5, spanGaps: true,
      points: s.points ? {show: true, size: 7, fill: s.color ?? COLORS[i % COLORS.length]} : {show: xs.length < 40},
      paths: s.points ? () => null : undefined,
    }))),
  };
  const plot = new uPlot(opts, [xs].concat(series.map(s => s.values)), holder);
  charts.push(plot);
  holder.update = (newXs, newSeries) => {
    plot.setData([newXs].concat(newSeries.map(s => s.values)));
    holder.setAttribute('data-points', String(newXs.length));
  };
  return holder;
}

// ---- the run list --------------------------------------------------------------------------------------------------

async function showIndex() {
  const data = await api('/api/index');
  reset();
  const selected = new Set();
  const compare = el('button', {disabled: true, onclick: () => {
    location.hash = '#/compare/' + [...selected].map(encodeURIComponent).join(',');
  }}, 'Compare selected');
  const rows = data.runs.map(r => ({...r, metric: r.objective?.metric ?? '',
    baselineText: baselineText(r.baseline, r.objective?.metric), when: r.modified ? new Date(r.modified).toISOString().slice(0, 16).replace('T', ' ') : ''}));
  const columns = [
    {key: 'select', label: '', render: r => el('input', {type: 'checkbox', onchange: e => {
      if (e.target.checked) selected.add(r.id); else selected.delete(r.id);
      compare.disabled = selected.size < 2;
    }})},
    {key: 'id', label: 'run', render: r => runLink(r.id)},
    {key: 'task'},
    {key: 'status', render: r => statusBadge(r.status)},
    {key: 'metric', label: 'objective'},
    {key: 'best', label: 'best', num: true},
    {key: 'baselineText', label: 'baseline'},
    {key: 'epochs', num: true},
    {key: 'seconds', label: 'time', num: true, render: r => duration(r.seconds)},
    {key: 'when', label: 'last written'},
  ];
  // the filter and the sort outlive the list's refreshes
  const filter = el('input', {type: 'search', placeholder: 'filter: name, task, status', id: 'filter',
    value: listState.filter});
  const holder = el('div');
  function apply() {
    listState.filter = filter.value;
    const words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    const shown = rows.filter(r => words.every(w => [r.id, r.task, r.status, r.metric].join(' ').toLowerCase().includes(w)));
    holder.replaceChildren(sortable(columns, shown, {id: 'runs', sortKey: listState.sortKey, asc: listState.asc,
      onSort: (key, asc) => { listState.sortKey = key; listState.asc = asc; }}));
  }
  filter.addEventListener('input', apply);
  apply();
  const sweeps = sortable([
    {key: 'id', label: 'sweep', render: s => el('a', {href: '#/sweep/' + encodeURIComponent(s.id)}, s.id)},
    {key: 'status', render: s => statusBadge(s.status)},
    {key: 'trials', num: true},
    {key: 'metric', label: 'objective'},
    {key: 'best', num: true},
    {key: 'bestRun', label: 'best trial', render: s => s.bestRun ? runLink(s.bestRun, 'trial ' + s.bestTrial) : ''},
  ], data.sweeps, {id: 'sweeps'});
  setMain(data.runs.length + ' runs, ' + data.sweeps.length + ' sweeps',
    el('h1', {}, 'Runs'), el('div', {class: 'toolbar'}, filter, compare), holder,
    el('h2', {}, 'Sweeps'), data.sweeps.length ? sweeps : el('p', {class: 'muted'}, 'none'));
  if (!REPORT) timer = setTimeout(() => refresh(showIndex), 5000);
}

// A baseline (or trivial model) of summary.json: its value of the objective when it has one, else what it has.
function baselineText(b, metric) {
  if (!b) return '';
  const alias = {valid_bpc: 'validBitsPerChar', valid_ppl: 'validPerplexity'};
  const key = alias[metric] ?? (metric ?? '').replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
  if (typeof b[key] === 'number') return (b.model ?? '') + ': ' + fmt(b[key]);
  const numbers = Object.entries(b).filter(([, v]) => typeof v === 'number');
  return (b.model ?? '') + (numbers.length ? ': ' + numbers.map(([k, v]) => k + ' ' + fmt(v)).join(', ') : '');
}

async function refresh(show) {
  // a list that refreshes must not lose what the user typed or ticked: only when nothing is focused or selected
  if (document.activeElement && document.activeElement.tagName === 'INPUT') {
    timer = setTimeout(() => refresh(show), 5000);
    return;
  }
  if (document.querySelector('input[type=checkbox]:checked')) return;
  try { await show(); } catch (e) { fail(e); }
}

// ---- a run ---------------------------------------------------------------------------------------------------------

async function showRun(id) {
  const page = await api(runPath(id));
  reset();
  const info = page.info;
  const best = el('span', {id: 'best'});
  const status = statusBadge(info.status);
  const facts = el('div', {class: 'facts'});
  const stepsChart = chart('chart-steps', 'training loss by minibatch (steps.csv)', 'step', [], [{label: 'train_loss', values: []}]);
  const gradChart = chart('chart-grad', 'gradient norm', 'step', [], [{label: 'grad_norm', values: []}], {width: 370, height: 200});
  const speedChart = chart('chart-speed', 'throughput', 'step', [], [{label: 'tokens_per_s', values: []}], {width: 370, height: 200});
  const memChart = chart('chart-memory', 'memory (MB)', 'step', [], [{label: 'heap_mb', values: []}, {label: 'rss_mb', values: []}], {width: 370, height: 200});
  const metricsTable = el('div');
  const log = el('pre', {id: 'log'});
  let metrics = page.metrics, steps = page.steps, members = page.members || [];
  const validColumns = () => metrics.columns.filter(c => c.startsWith('valid_'));
  const memberRows = () => members.reduce((n, m) => n + m.metrics.rows.length, 0);

  function draw(current) {
    const i = current.info;
    status.setAttribute('data-status', i.status);
    status.textContent = i.status;
    best.setAttribute('data-value', i.best ?? '');
    best.textContent = i.best === undefined ? 'no epoch yet' : fmt(i.best) + ' at epoch ' + i.bestEpoch;
    facts.replaceChildren(...[
      el('div', {}, el('span', {}, 'task'), i.task ?? '?'),
      el('div', {}, el('span', {}, 'status'), status),
      el('div', {}, el('span', {}, 'best ' + (i.objective?.metric ?? '')), best),
      i.baseline ? el('div', {}, el('span', {}, 'baseline'), baselineText(i.baseline, i.objective?.metric)) : null,
      i.trivial ? el('div', {}, el('span', {}, 'trivial'), baselineText(i.trivial, i.objective?.metric)) : null,
      el('div', {}, el('span', {}, 'epochs'), String(i.epochs)),
      el('div', {}, el('span', {}, 'time'), duration(i.seconds)),
      steps.cut || metrics.cut ? el('div', {class: 'error', id: 'cut'}, 'a record ends in a cut line (the run was stopped while writing it): shown up to its last complete row') : null,
    ].filter(Boolean));
    const x = column(steps, 'step');
    stepsChart.update(x, [{values: column(steps, 'train_loss')}]);
    gradChart.update(x, [{values: column(steps, 'grad_norm')}]);
    speedChart.update(x, [{values: column(steps, 'tokens_per_s')}]);
    memChart.update(x, [{values: column(steps, 'heap_mb')}, {values: column(steps, 'rss_mb')}]);
    metricsTable.replaceChildren(sortable(metrics.columns.map(c => ({key: c, num: true})),
      metrics.rows.map(r => Object.fromEntries(metrics.columns.map((c, k) => [c, r[k]]))),
      {id: 'metrics', rowClass: r => r.best ? 'best' : ''}));
    log.textContent = current.log ?? '(no train.log)';
  }

  // the epoch chart's series are known once the columns are: train_loss and every validation metric, and for an
  // ensemble each further member's objective (members/N/metrics.csv), every series on the epochs of all of them
  const epochs = () => [...new Set([metrics, ...members.map(m => m.metrics)].flatMap(csv => column(csv, 'epoch')))]
    .sort((a, b) => a - b);
  const byEpoch = (csv, name, xs) => {
    const at = new Map(column(csv, 'epoch').map((e, i) => [e, column(csv, name)[i]]));
    return xs.map(e => at.has(e) ? at.get(e) : null);
  };
  const memberColumn = m => m.metrics.columns.includes(info.objective?.metric) ? info.objective.metric
    : m.metrics.columns.find(c => c.startsWith('valid_'));
  const epochSeries = xs => [{label: 'train_loss', values: byEpoch(metrics, 'train_loss', xs)}]
    .concat(validColumns().map(c => ({label: c, values: byEpoch(metrics, c, xs)})))
    .concat(members.filter(memberColumn).map(m => ({label: memberColumn(m) + ' (member ' + m.member + ')',
      values: byEpoch(m.metrics, memberColumn(m), xs)})));
  const epochHolder = el('div');
  function drawEpochChart() {
    const idx = charts.indexOf(epochHolder.plot);
    if (idx >= 0) { charts[idx].destroy(); charts.splice(idx, 1); }
    const xs = epochs();
    const c = chart('chart-epochs', members.length ? 'by epoch (metrics.csv; the ensemble\'s members/N)'
      : 'by epoch (metrics.csv)', 'epoch', xs, epochSeries(xs));
    epochHolder.plot = charts[charts.length - 1];
    epochHolder.replaceChildren(c);
  }

  const samples = [];
  if (page.summary?.sample) samples.push(el('h2', {}, 'Sample'), el('div', {class: 'sample', id: 'sample'}, page.summary.sample));
  samples.push(...samplesView(page.samples));
  const pictures = page.images.map(name => el('figure', {}, el('img', {class: 'picture', src: imageUrl(id, name), alt: name}), el('figcaption', {class: 'muted'}, name)));
  setMain(id,
    el('h1', {}, info.name), facts,
    el('div', {class: 'charts'}, stepsChart, epochHolder),
    el('div', {class: 'charts'}, gradChart, speedChart, memChart),
    el('h2', {}, 'Epochs'), metricsTable,
    ...samples,
    pictures.length ? el('h2', {}, 'Pictures') : null, ...pictures,
    el('div', {class: 'cols'},
      el('div', {}, el('h2', {}, 'Config'), el('pre', {id: 'config'}, page.configText ?? '')),
      el('div', {}, el('h2', {}, 'Versions'), el('pre', {}, JSON.stringify(page.versions, null, 2)))),
    el('h2', {}, 'train.log (last lines)'), log,
    page.summary ? el('h2', {}, 'summary.json') : null, page.summary ? el('pre', {}, JSON.stringify(page.summary, null, 2)) : null);
  drawEpochChart();
  draw(page);

  async function poll() {
    if (location.hash !== '#/run/' + encodeURIComponent(id)) return;
    try {
      const more = await api(runPath(id, metrics.total, steps.total));
      const newColumns = metrics.columns.length === 0 && more.metrics.columns.length > 0;
      metrics = {...more.metrics, rows: (metrics.columns.length ? metrics.rows : []).concat(more.metrics.rows)};
      steps = {...more.steps, rows: (steps.columns.length ? steps.rows : []).concat(more.steps.rows)};
      if (more.metrics.total < metrics.rows.length || more.steps.total < steps.rows.length) {
        return showRun(id); // a resumed run rewrote its records: start again
      }
      const memberRowsBefore = memberRows();
      members = more.members || members;
      draw(more);
      if (newColumns || more.metrics.rows.length || memberRows() !== memberRowsBefore) drawEpochChart();
      if (more.info.status === 'running') timer = setTimeout(poll, POLL_MS);
      else showRun(id); // finished: the whole page once more, with its summary
    } catch (e) {
      timer = setTimeout(poll, POLL_MS * 5);
    }
  }
  if (!REPORT && info.status === 'running') timer = setTimeout(poll, POLL_MS);
}

// samples.json: a few validation examples and what the best model made of them (tagged sentences, translations,
// captions, classified texts); text only, through text nodes, and a picture only as a PNG data URL
function samplesView(s) {
  if (!s) return [];
  if (s.error || !Array.isArray(s.samples)) return [el('h2', {}, 'Samples'), el('div', {class: 'error'}, s.error ?? 'samples.json: not a list of samples')];
  const words = list => (Array.isArray(list) ? list : []).map(String);
  const right = s.samples.filter(x => x.correct).length;
  const rows = s.samples.map(x => {
    const input = words(x.input), expected = words(x.expected), predicted = words(x.predicted);
    const mark = el('span', {class: 'mark ' + (x.correct ? 'ok' : 'wrong'), title: x.correct ? 'right' : 'wrong'}, x.correct ? '\u2713' : '\u2717');
    if (s.kind === 'tags') { // a word over its tag; where the model is wrong, its tag struck through and the true one
      return el('div', {class: 'sample-row tags'}, mark, el('div', {class: 'tokens'}, ...input.map((w, k) => {
        const good = predicted[k] === expected[k];
        return el('span', {class: 'tok' + (good ? '' : ' wrong')}, el('span', {class: 'w'}, w),
          el('span', {class: 't'}, good ? el('span', {}, predicted[k] ?? '') : [el('s', {}, predicted[k] ?? ''), ' ', expected[k] ?? '']));
      })));
    }
    const picture = typeof x.image === 'string' && x.image.startsWith('data:image/png;base64,')
      ? el('img', {class: 'sample-img', src: x.image, alt: 'validation image ' + (s.samples.indexOf(x) + 1)}) : null;
    const source = picture ?? el('div', {class: 'src'}, input.join(s.inputSeparator ?? ' '));
    const out = s.outputSeparator ?? ' ';
    const confidence = typeof x.confidence === 'number' ? ` (p = ${x.confidence.toFixed(2)})` : '';
    return el('div', {class: 'sample-row ' + s.kind}, mark, source, el('div', {class: 'outs'},
      el('div', {}, el('span', {class: 'muted'}, 'model: '), el('span', {class: 'predicted'}, predicted.join(out) + confidence)),
      x.correct ? null : el('div', {}, el('span', {class: 'muted'}, 'expected: '), el('span', {class: 'expected'}, expected.join(out)))));
  });
  return [el('h2', {}, 'Samples'),
    el('p', {class: 'muted'}, `${s.samples.length} of the ${s.of} ${s.split === 'valid' ? 'validation' : s.split} examples, spread evenly through them (not picked by outcome), with the best model's outputs: ${right} right`),
    el('div', {id: 'samples'}, ...rows)];
}

// ---- comparing runs ------------------------------------------------------------------------------------------------

async function showCompare(ids) {
  const pages = await Promise.all(ids.map(id => api(runPath(id))));
  reset();
  const metric = pages[0].info.objective?.metric;
  // one x axis for all: the union of epochs (and of steps), each run's values where it has them
  function union(get) {
    const xs = [...new Set(pages.flatMap(p => get(p).x))].sort((a, b) => a - b);
    return [xs, pages.map(p => { const m = new Map(get(p).x.map((x, i) => [x, get(p).y[i]])); return xs.map(x => m.has(x) ? m.get(x) : null); })];
  }
  const [epochs, objective] = union(p => ({x: column(p.metrics, 'epoch'), y: column(p.metrics, metric)}));
  const [stepXs, losses] = union(p => ({x: column(p.steps, 'step'), y: column(p.steps, 'train_loss')}));
  const keys = [...new Set(pages.flatMap(p => Object.keys(p.config)))].sort();
  const onlyDiff = el('input', {type: 'checkbox', checked: true, id: 'only-diff'});
  const table = el('div');
  function drawTable() {
    const rows = keys.filter(k => !onlyDiff.checked || new Set(pages.map(p => p.config[k])).size > 1);
    table.replaceChildren(el('table', {id: 'config-diff'},
      el('thead', {}, el('tr', {}, el('th', {}, 'config key'), ...ids.map(id => el('th', {}, id)))),
      el('tbody', {}, ...rows.map(k => {
        const differs = new Set(pages.map(p => p.config[k])).size > 1;
        return el('tr', {}, el('td', {}, k), ...pages.map(p => el('td', {class: differs ? 'diff' : ''}, p.config[k] ?? '')));
      }))));
  }
  onlyDiff.addEventListener('change', drawTable);
  drawTable();
  setMain('comparing ' + ids.length + ' runs',
    el('h1', {}, 'Comparison'),
    el('p', {}, ...ids.map((id, i) => [i ? ', ' : '', runLink(id)])),
    el('div', {class: 'charts'},
      chart('chart-compare-epochs', metric + ' by epoch', 'epoch', epochs, objective.map((v, i) => ({label: pages[i].info.name, values: v}))),
      chart('chart-compare-steps', 'training loss by minibatch', 'step', stepXs, losses.map((v, i) => ({label: pages[i].info.name, values: v})))),
    el('h2', {}, 'Config'), el('label', {}, onlyDiff, ' only the keys that differ'), table);
}

// ---- a sweep -------------------------------------------------------------------------------------------------------

async function showSweep(id) {
  const page = await api('/api/sweep?id=' + encodeURIComponent(id));
  reset();
  const info = page.info;
  const results = page.results;
  const rows = results.rows.map(r => Object.fromEntries(results.columns.map((c, k) => [c, r[k]])));
  const metric = info.metric ?? results.columns.find(c => c.startsWith('valid_'));
  const fixed = ['trial', metric, 'status', 'epochs', 'best_epoch', 'train_s', 'run_s', 'wall_s', 'reason', 'run'];
  const params = results.columns.filter(c => !fixed.includes(c));
  const bestTrial = info.bestTrial;
  const table = sortable(results.columns.map(c => ({
    key: c, num: typeof rows[0]?.[c] === 'number',
    render: c === 'trial' ? r => runLink(id + '/' + r.run, 'trial ' + r.trial)
      : c === 'status' ? r => statusBadge(r.status) : null,
  })), rows, {id: 'results', sortKey: metric, asc: info.minimize !== false,
    rowClass: r => [r.trial === bestTrial ? 'best' : '', r.status].join(' ')});
  const scatter = params.map((p, i) => {
    const numeric = rows.every(r => typeof r[p] === 'number');
    const categories = numeric ? [] : [...new Set(rows.map(r => String(r[p])))];
    const points = rows.filter(r => typeof r[metric] === 'number')
      .map(r => [numeric ? r[p] : categories.indexOf(String(r[p])), r[metric]]).sort((a, b) => a[0] - b[0]);
    // trials with the same value side by side (a chart draws one point per x), a little apart
    // (a log axis for positive values spanning a factor of 10 or more, as learning rates do)
    const xs = points.map(q => q[0]);
    const log = numeric && xs.length > 1 && Math.min(...xs) > 0 && Math.max(...xs) / Math.min(...xs) >= 10;
    const span = numeric ? (Math.max(...xs) - Math.min(...xs)) || Math.abs(xs[0]) || 1 : 1;
    for (let a = 0; a < points.length;) {
      let b = a;
      while (b + 1 < points.length && points[b + 1][0] === points[a][0]) b++;
      for (let k = a; k <= b; k++) {
        const shift = k - (a + b) / 2;
        points[k][0] = log ? points[k][0] * (1 + 0.04 * shift) : points[k][0] + shift * span * (numeric ? 0.01 : 0.08);
      }
      a = b + 1;
    }
    return chart('chart-param-' + i, metric + ' against ' + p, p, points.map(q => q[0]),
      [{label: metric, values: points.map(q => q[1]), points: true}],
      {width: 420, height: 240, categories: numeric ? null : categories, log});
  });
  const marked = rows.filter(r => r.status !== 'complete').length;
  setMain(id,
    el('h1', {}, 'Sweep ' + info.name),
    el('div', {class: 'facts'},
      el('div', {}, el('span', {}, 'status'), statusBadge(info.status)),
      el('div', {}, el('span', {}, 'trials'), String(rows.length)),
      el('div', {}, el('span', {}, 'best ' + (metric ?? '')), fmt(info.best)),
      info.bestRun ? el('div', {}, el('span', {}, 'best trial'), runLink(info.bestRun, 'trial ' + bestTrial)) : null,
      marked ? el('div', {}, el('span', {}, 'pruned or failed'), String(marked)) : null),
    table,
    el('h2', {}, 'Objective against each hyperparameter'), el('div', {class: 'charts'}, ...scatter),
    el('h2', {}, 'sweep.yaml'), el('pre', {}, page.spec ?? ''));
}

// ---- routes --------------------------------------------------------------------------------------------------------

async function route() {
  clearTimeout(timer);
  const hash = location.hash.replace(/^#\/?/, '');
  const slash = hash.indexOf('/');
  const kind = slash < 0 ? hash : hash.slice(0, slash);
  const arg = slash < 0 ? '' : hash.slice(slash + 1);
  try {
    if (kind === 'run') await showRun(decodeURIComponent(arg));
    else if (kind === 'sweep') await showSweep(decodeURIComponent(arg));
    else if (kind === 'compare') await showCompare(arg.split(',').map(decodeURIComponent));
    else await showIndex();
  } catch (e) {
    fail(e);
  }
}

document.getElementById('note').textContent = REPORT ? 'report written ' + (REPORT.written ?? '') : 'live';
if (REPORT && !location.hash && REPORT.start) history.replaceState(null, '', REPORT.start);
window.addEventListener('hashchange', route);
route();
