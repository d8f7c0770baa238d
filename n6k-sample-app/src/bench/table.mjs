// Prints issue 10's table from run-all.sh's results.jsonl (one JSON object per line).
//   node table.mjs results.jsonl
import { readFileSync } from 'node:fs';

const lines = readFileSync(process.argv[2], 'utf8').split('\n').filter((l) => l.startsWith('{'));
const all = lines.map((l) => { try { return JSON.parse(l); } catch { return {}; } });
const find = (bench, target, extra = {}) => all.findLast((r) => r.bench === bench && r.target === target
  && Object.entries(extra).every(([k, v]) => r[k] === v));
const failed = (name) => all.some((r) => r.bench === name && r.failed);
const n = (x, d = 0) => (x === undefined || x === null ? '–' : Number(x).toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }));
const ratio = (a, b, d = 2) => (a && b ? `${(a / b).toFixed(d)}×` : '–');
const rows = [];
const row = (what, ours, ref, goal, verdict) => rows.push(`| ${what} | ${ours} | ${ref} | ${goal} | ${verdict} |`);

const so = find('small', 'ours');
const sr = find('small', 'reference');
const smallCell = (s) => (s ? `${n(s.req_per_s)} req/s, ${n(s.server_cpu_ms_per_req, 2)} ms server CPU/req${s.errors ? `, ${s.errors} errors` : ''}` : '(not run)');
row(`Mixed small requests, ${so?.sockets ?? 8} sockets as fast as possible (CATALOG_LIST, TABLES_LIST, 3-row filtered SCAN, QUERY \`SELECT 42\`, PING)`,
  smallCell(so), smallCell(sr), '≥ 2× the reference', `${ratio(so?.req_per_s, sr?.req_per_s)} the reference`);

const mo = (m) => find('mjs', 'ours', { metric: m });
const mr = (m) => find('mjs', 'reference', { metric: m });
const point = (p) => (p ? `p50 ${n(p.p50_ms, 2)} ms (p99 ${n(p.p99_ms, 1)})` : '(not run)');
row('Real client, 500 point queries `SELECT name FROM db.main.users WHERE id = k`', point(mo('point')), point(mr('point')),
  '≤ 0.8× the reference', `${ratio(mo('point')?.p50_ms, mr('point')?.p50_ms)} the reference`);

const bo = find('busy', 'ours');
const br = find('busy', 'reference');
const busyCell = (b) => (b ? `${n(b.errors)} errors${b.connected < b.sockets ? ` (${b.connected} of ${b.sockets} connected)` : ''}, p50 ${n(b.p50_ms, 1)} ms, p99 ${n(b.p99_ms, 1)} ms, max ${n(b.max_ms, 1)} ms, ${n(b.requests)} requests${b.warmup_s ? ` after a ${n(b.warmup_s)} s warm-up (warm-up p99 ${n(b.warmup_p99_ms, 1)} ms, ${n(b.warmup_errors)} errors)` : ''}` : '(not run)');
row(`${n(bo?.sockets ?? 1000)} sockets, each one mixed small request per second (±50 %), ${n(bo?.seconds ?? 60)} s, shared catalog`,
  busyCell(bo), busyCell(br), '0 errors, p99 < 250 ms', bo ? `${bo.errors === 0 && bo.p99_ms < 250 ? 'met' : 'not met'}` : '–');

const rate = (r) => (r ? `${n(r.rows_per_s / 1e6, 2)} M rows/s` : '(not run)');
row(`Real client CTAS of ${n(mo('ctas')?.rows ?? 5e6)} rows (BIGINT, VARCHAR)`, rate(mo('ctas')), rate(mr('ctas')), '≥ 2×',
  ratio(mo('ctas')?.rows_per_s, mr('ctas')?.rows_per_s));
row('Real client filtered scan of the same rows', rate(mo('scan')), rate(mr('scan')), '≥ 2×',
  ratio(mo('scan')?.rows_per_s, mr('scan')?.rows_per_s));
row('8 parallel scans on one ATTACH', rate(mo('parallel')), rate(mr('parallel')), '≥ 1.5×',
  ratio(mo('parallel')?.rows_per_s, mr('parallel')?.rows_per_s));

const stream = find('bulk', 'ours', { mode: 'stream' });
const frames = find('bulk', 'ours', { mode: 'frames' });
const flight = find('bulk', 'flight');
const inproc = find('bulk', 'inprocess');
const bulkCell = (b, label) => (b ? `${label}${n(b.seconds, 2)} s (server ${n(b.server_cpu_s, 2)} s CPU = ${n(b.server_cpu_s_per_m_rows, 3)} s/M rows, client ${n(b.client_cpu_s, 2)} s CPU per read)` : `${label}(not run)`);
row(`Bulk read of ${n(stream?.rows ?? flight?.rows ?? 1e7)} rows × 4 columns (BIGINT, DECIMAL, VARCHAR, TIMESTAMP) to a Java client over the JDK WebSocket, against Arrow Flight \`DoGet\` from a separate JVM and DuckDB's in-process Arrow export`,
  `${bulkCell(stream, 'N6kClient.stream: ')}; ${bulkCell(frames, 'frame API: ')}`,
  `${bulkCell(flight, 'Flight: ')}; in-process ${inproc ? `${n(inproc.seconds, 2)} s (${n(inproc.client_cpu_s, 2)} s CPU)` : '(not run)'}`,
  '≤ 0.5× Flight\'s time; server CPU ≤ 1.5× the in-process export',
  `${ratio(stream?.seconds, flight?.seconds)} Flight's time; server CPU ${ratio(stream?.server_cpu_s, inproc?.client_cpu_s)} the in-process export`);

const dropCell = (d, name) => {
  if (!d) return failed(name) ? '(failed)' : '(not run)';
  const growth = Object.keys(d).filter((k) => k.startsWith('growth_mb_'))
    .map((k) => `${d[k] === null || d[k] === undefined ? '–' : `${d[k] >= 0 ? '+' : ''}${n(d[k], 1)} MB`} at ${n(Number(k.slice(10)))}`);
  return `${growth.join(' / ') || '–'} (baseline ${n(d.baseline_mb, 0)} MB, ${n(d.errors)} errors${d.server_alive ? '' : ', **server died**'})`;
};
const dro = find('drops', 'ours');
const drr = find('drops', 'reference');
row(`Server RSS growth while streams are dropped mid-flight (after ${dro?.warmup ?? 50} warm-up drops)`,
  dropCell(dro, 'drops-ours'), dropCell(drr, 'drops-ref'), '< +64 MB at both counts',
  dro ? (Object.keys(dro).filter((k) => k.startsWith('growth_mb_')).every((k) => dro[k] !== null && dro[k] < 64) ? 'met' : 'not met') : '–');

console.log(`Same run, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC\n`);
console.log('| Same client, same run | this project | reference | goal | ours vs goal |');
console.log('|---|---|---|---|---|');
rows.forEach((r) => console.log(r));
