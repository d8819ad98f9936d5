/**
 * bsd-sockets-lab: the timeline drawn in three lanes, client | packets on the wire | server,
 * in the terminal (text columns, each cell wrapped inside its column) and as a
 * self-contained HTML page (a table that reflows with the window and prints on A4; inline
 * CSS, no network asset), each followed by the summary.
 *
 * Both renderings show the same rows (timelineRows): each side's processes (pid, command,
 * start and end), socket calls and sleeps (a blocked call shows at its entry only what is
 * known then; its result and data where it returns), what each process wrote on stdout and
 * stderr, each socket's state changes, the packets; and a gap row where nothing happened for
 * GAP seconds or more, labelled with its length (`⋯ 2.00 s ⋯`), the time axis compressed.
 */
import {
  BLOCKED,
  enteredText,
  payloadText,
  SLEEP_CALLS,
  type CallEvent,
  type LabEvent,
  type PacketEvent,
  type ReturnEvent,
  type Side,
  type Summary,
} from './timeline';

export interface LabView {
  scenario: string;
  answers: string;
  mode: string;
  port: number;
  events: LabEvent[];
  summary: Summary;
  notes: string[];
  /** True when the run was cut short (Ctrl-C): what was recorded until then. */
  incomplete?: boolean;
}

/** A pause of this many seconds or more gets a row of its own, labelled with its length. */
export const GAP = 0.5;

/** Addresses as strace prints them, shortened: 127.0.0.1:3000, [::1]:3000. */
function addresses(text: string): string {
  return text
    .replace(
      /\{sa_family=AF_INET, sin_port=htons\((\d+)\), sin_addr=inet_addr\("([^"]+)"\)\}/g,
      '$2:$1',
    )
    .replace(
      /\{sa_family=AF_INET6, sin6_port=htons\((\d+)\), [^}]*?inet_pton\(AF_INET6, "([^"]+)"[^}]*\}/g,
      '[$2]:$1',
    );
}

/** Long buffers cut (the data is on the wire lane and in the JSON). */
function shortBuffers(text: string): string {
  return text.replace(/"(?:[^"\\]|\\.)*"(?:\.\.\.)?/g, (m) =>
    m.length > 28 ? `${m.slice(0, 24)}"...` : m,
  );
}

/** A sleep's length from its timespec: " (sleep 10 s)"; a futex's is absolute. */
function sleepNote(e: CallEvent): string {
  if (e.name === 'futex') return " (Atomics.wait: the TS port's sleep)";
  const m = /\{tv_sec=(\d+), tv_nsec=(\d+)\}/.exec(e.text);
  if (!m) return '';
  const s = Number(m[1]) + Number(m[2]) / 1e9;
  return ` (sleep ${Number(s.toFixed(3))} s)`;
}

/** A call as shown in its lane where it enters: strace's text, long buffers cut. */
export function callLabel(e: CallEvent): string {
  const sleep = SLEEP_CALLS.includes(e.name) ? sleepNote(e) : '';
  if (e.end === undefined)
    return `${shortBuffers(addresses(enteredText(e)))} … (blocked, never returned)${sleep}`;
  if (e.end - e.t > BLOCKED) return `${shortBuffers(addresses(enteredText(e)))} …${sleep}`;
  return shortBuffers(addresses(e.text)) + sleep;
}

/**
 * A return as shown in its lane. strace ends a call that the process was killed in with
 * "= ?" (and ERESTARTSYS when a signal interrupted it first): that call never returned to
 * the program. The lab stops the server that way, blocked in its next accept or recvfrom.
 */
export function returnLabel(e: ReturnEvent): string {
  const after = `(after ${((e.t - e.since) * 1000).toFixed(1)} ms)`;
  if (e.ret === undefined || e.ret === '?')
    return `↳ ${e.name}: never returned, killed in it ${after}`;
  const data = e.data ? `: ${shortBuffers(addresses(e.data))}` : '';
  return `↳ ${e.name} = ${e.ret}${e.errno ? ` ${e.errno}` : ''}${data} ${after}`;
}

export function packetLabel(p: PacketEvent): string {
  const kind = p.proto === 'udp' ? 'UDP' : `[${p.flags}]`;
  const data = p.length > 0 ? ` ${p.length} "${payloadText(p.payload)}"` : '';
  return `${kind}${data} ← ${p.causeName ?? 'kernel'}`;
}

/** A pause's label: "⋯ 2.00 s ⋯". */
export function gapLabel(seconds: number): string {
  return `⋯ ${seconds.toFixed(2)} s ⋯`;
}

export type Lane = Side | 'wire';

export interface Row {
  /** Seconds since the first event. */
  t: number;
  /** A gap row: the pause's length in seconds (no lane, no text but gapLabel). */
  gap?: number;
  lane: Lane;
  /** call, return, sleep, output, process, state, packet. */
  kind: string;
  /** Lines (a write of several lines is one row of several). */
  lines: string[];
  event?: LabEvent;
  /** The timeline's index of the event. */
  index?: number;
}

/** Each event as rows, with the gaps; the text both renderings show. */
export function timelineRows(events: readonly LabEvent[]): Row[] {
  const t0 = events[0]?.t ?? 0;
  const rows: Row[] = [];
  let last: number | undefined;
  events.forEach((e, index) => {
    const t = e.t - t0;
    if (last !== undefined && t - last >= GAP)
      rows.push({ t: last, gap: t - last, lane: 'wire', kind: 'gap', lines: [gapLabel(t - last)] });
    last = t;
    const row = (lane: Lane, kind: string, lines: string[]): void => {
      rows.push({ t, lane, kind, lines, event: e, index });
    };
    if (e.kind === 'call')
      row(e.side, SLEEP_CALLS.includes(e.name) ? 'sleep' : 'call', [callLabel(e)]);
    else if (e.kind === 'return') row(e.side, 'return', [returnLabel(e)]);
    else if (e.kind === 'packet')
      row('wire', 'packet', [e.from === 'client' ? `${packetLabel(e)} →` : `← ${packetLabel(e)}`]);
    else if (e.kind === 'output') {
      const text = e.text.endsWith('\n') ? e.text.slice(0, -1) : e.text;
      row(
        e.side,
        'output',
        text.split('\n').map((l) => `${e.stream === 'stdout' ? '1>' : '2>'} ${l}`),
      );
    } else if (e.kind === 'process')
      row(e.side, 'process', [
        e.what === 'start'
          ? `▶ pid ${e.pid} starts: ${e.command}`
          : `■ pid ${e.pid} ${e.status === undefined ? 'ends' : e.status}`,
      ]);
    else
      row(e.side, 'state', [`« ${e.socket.replace(/^(tcp|udp) /, '')}: ${e.state ?? 'closed'} »`]);
  });
  return rows;
}

/** Display width of a string: its code points (the lab's text has no wide characters). */
function len(text: string): number {
  return [...text].length;
}

/**
 * `text` in lines of at most `width` characters, cut after a space, a comma or a parenthesis where it can,
 * anywhere in a word longer than the line; lines after the first indented by `indent`.
 */
export function wrap(text: string, width: number, indent = ''): string[] {
  const out: string[] = [];
  let rest = [...text];
  let prefix: string[] = [];
  while (prefix.length + rest.length > width) {
    const room = Math.max(1, width - prefix.length);
    let cut = -1;
    for (let i = room; i > room / 3; i--)
      if (rest[i - 1] === ' ' || rest[i - 1] === ',' || rest[i - 1] === '(') {
        cut = i;
        break;
      }
    if (cut < 0) cut = room;
    out.push((prefix.join('') + rest.slice(0, cut).join('')).trimEnd());
    rest = rest.slice(cut);
    while (rest[0] === ' ') rest = rest.slice(1);
    prefix = [...indent];
  }
  out.push(prefix.join('') + rest.join(''));
  return out;
}

const pad = (text: string, width: number): string =>
  text + ' '.repeat(Math.max(0, width - len(text)));

/** Wraps every line of `lines` to `width`, continuation lines indented by two spaces. */
function wrapAll(lines: readonly string[], width: number): string[] {
  return lines.flatMap((l) => (l === '' ? [''] : wrap(l, width, '  ')));
}

/**
 * The timeline and the summary as text, no line longer than `width` (80 or more): a time
 * column, then the three lanes, each row's text wrapped inside its lane.
 */
export function renderText(view: LabView, width = 150): string {
  const timeW = 8;
  const lane = Math.floor((width - timeW - 2 - 2) / 3);
  const lines: string[] = [];
  lines.push(
    ...wrapAll(
      [
        `bsd-sockets-lab ${view.scenario} (${view.mode}, port ${view.port})${view.incomplete ? ' — INCOMPLETE: interrupted, what was recorded until then' : ''}: ${view.answers}`,
      ],
      width,
    ),
  );
  lines.push(`${'ms'.padStart(timeW)}  ${pad('client', lane)} ${pad('wire (lo)', lane)} server`);
  lines.push(`${'-'.repeat(timeW)}  ${'-'.repeat(lane)} ${'-'.repeat(lane)} ${'-'.repeat(lane)}`);
  const column = { client: 0, wire: 1, server: 2 };
  for (const row of timelineRows(view.events)) {
    if (row.gap !== undefined) {
      const label = row.lines[0];
      const inner = width - timeW - 2;
      const left = Math.floor((inner - len(label)) / 2);
      lines.push(`${''.padStart(timeW)}  ${' '.repeat(left)}${label}`.trimEnd());
      continue;
    }
    const cell = row.lines.flatMap((l) => wrap(l, lane, '  '));
    cell.forEach((text, i) => {
      const cells = ['', '', ''];
      cells[column[row.lane]] = text;
      const ms = i === 0 ? (row.t * 1000).toFixed(1).padStart(timeW) : ''.padStart(timeW);
      lines.push(`${ms}  ${pad(cells[0], lane)} ${pad(cells[1], lane)} ${cells[2]}`.trimEnd());
    });
  }
  lines.push(
    '',
    ...wrapAll([...renderSummary(view.summary), ...view.notes.map((n) => `note: ${n}`)], width),
  );
  return `${lines.join('\n')}\n`;
}

export function renderSummary(s: Summary): string[] {
  const kinds = Object.entries(s.kinds)
    .map(([k, n]) => `${n} × ${k}`)
    .join(', ');
  const sockets = s.sockets ?? { client: [], server: [] };
  const count = (n: number): string => `${n} socket${n === 1 ? '' : 's'}`;
  return [
    `packets on the wire: ${s.packets}${kinds ? ` (${kinds})` : ''}`,
    `first FIN: ${s.firstFin ?? '(none: no connection)'}`,
    `sockets on the port: client ${count(sockets.client.length)}, server ${count(sockets.server.length)}`,
    ...(['client', 'server'] as const).flatMap((side) =>
      sockets[side].map((x) => `  ${side} ${x.socket}: ${x.states.join(' → ')}`),
    ),
    `bytes on the wire (payload, NULs included): client → server ${s.bytes.client}, server → client ${s.bytes.server}`,
    ...s.payloads.map((p) => `  ${p.from}: ${p.length} bytes "${p.text}"`),
    ...s.errors.map((e) => `failed call: ${e}`),
  ];
}

function esc(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** A packet's colour: SYN green, FIN/RST red, data blue, UDP orange, pure ACK grey. */
function packetColor(p: PacketEvent): string {
  return p.proto === 'udp'
    ? '#d9822b'
    : p.flags.includes('S')
      ? '#2e8b57'
      : p.flags.includes('F') || p.flags.includes('R')
        ? '#c0392b'
        : p.length > 0
          ? '#2f6fbf'
          : '#999999';
}

const CSS = `
* { box-sizing: border-box; }
body { font-family: sans-serif; margin: 1em; max-width: 100%; }
h1 { font-size: 1.4em; overflow-wrap: anywhere; }
p, li { overflow-wrap: anywhere; }
table.timeline { width: 100%; table-layout: fixed; border-collapse: collapse; font-family: monospace; font-size: 12px; }
table.timeline col.time { width: 5.5em; }
table.timeline col.side { width: 36%; }
table.timeline col.wire { width: 28%; }
table.timeline th { position: sticky; top: 0; background: #fff; text-align: left; font-family: sans-serif; font-size: 14px; border-bottom: 2px solid #888; }
table.timeline td { vertical-align: top; padding: 1px 4px; overflow-wrap: anywhere; white-space: pre-wrap; }
td.lane { background: #f6f6f6; border-left: 1px solid #ddd; border-right: 1px solid #ddd; }
td.t { text-align: right; color: #555; }
.label { display: inline-block; max-width: 100%; }
tr.call .label, tr.sleep .label { border: 1px solid #888; background: #fff; border-radius: 3px; padding: 0 3px; }
tr.sleep .label { border-style: dashed; background: #fffbe6; }
tr.return .label { padding-left: 1em; }
tr.output .label { color: #1b5e20; font-weight: bold; }
tr.process .label { color: #37474f; font-style: italic; }
tr.state .label { color: #6a1b9a; font-weight: bold; }
tr.packet td.wire .label { display: block; text-align: center; }
.arrow { position: relative; height: 0; border-top: 2px solid currentColor; margin: 3px 8px 4px; }
.arrow::after { content: ''; position: absolute; top: -6px; border: 5px solid transparent; }
.arrow.right::after { right: -8px; border-left: 8px solid currentColor; }
.arrow.left::after { left: -8px; border-right: 8px solid currentColor; }
tr.gap td { text-align: center; color: #555; background: repeating-linear-gradient(135deg, #fff, #fff 4px, #eee 4px, #eee 8px); padding: 6px 0; font-weight: bold; }
ul.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5em 1.5em; }
ul.legend li { overflow-wrap: anywhere; }
.swatch { display: inline-block; width: 30px; height: 0; border-top: 3px solid; vertical-align: middle; }
pre#summary { white-space: pre-wrap; overflow-wrap: anywhere; }
.incomplete { color: #c0392b; font-weight: bold; }
@media print {
  body { margin: 0; font-size: 10pt; }
  table.timeline { font-size: 8pt; }
  table.timeline th { position: static; }
  tr { break-inside: avoid; }
  thead { display: table-header-group; }
}

`;

/**
 * The page: a legend, a table with the time column and three lanes (client, wire, server),
 * a row per event — a call as a box in its side's lane (a sleep dashed), a packet as an
 * arrow across the wire lane, what a process printed, its start and end, a socket's state —,
 * a labelled row for each long pause, then the summary. Widths are fractions of the page
 * and every cell wraps: it reflows with the window and fits a printed A4 page.
 */
export function renderHtml(view: LabView): string {
  const rows = timelineRows(view.events).map((row) => {
    if (row.gap !== undefined)
      return `<tr class="gap" data-gap="${row.gap.toFixed(3)}"><td colspan="4"><span class="label">${esc(row.lines[0])}</span></td></tr>`;
    const e = row.event!;
    const cells: Record<Lane, string> = { client: '', wire: '', server: '' };
    const title = e.kind === 'call' ? ` title="${esc(e.text)}"` : '';
    const text = esc(row.lines.join('\n'));
    if (e.kind === 'packet') {
      const dir = e.from === 'client' ? 'right' : 'left';
      const number = e.number === undefined ? '' : `#${e.number} `;
      const inFile =
        e.number === undefined
          ? ''
          : `packet ${e.number} of the capture (--pcap file, Wireshark's No.)\n`;
      cells.wire = `<span class="label" title="${inFile}${esc(e.text)}">${number}${esc(packetLabel(e))}</span><div class="arrow ${dir}" style="color:${packetColor(e)}"></div>`;
    } else cells[row.lane] = `<span class="label"${title}>${text}</span>`;
    const data =
      e.kind === 'packet'
        ? ` data-number="${e.number ?? ''}" data-from="${e.from}" data-flags="${esc(e.flags)}" data-cause="${esc(e.causeName ?? 'kernel')}"`
        : e.kind === 'call'
          ? ` data-side="${e.side}" data-name="${esc(e.name)}"`
          : ` data-side="${row.lane}"`;
    return (
      `<tr class="${row.kind}"${data}><td class="t">${(row.t * 1000).toFixed(1)}</td>` +
      (['client', 'wire', 'server'] as const)
        .map((lane) => `<td class="lane ${lane}" data-lane="${lane}">${cells[lane]}</td>`)
        .join('') +
      '</tr>'
    );
  });
  const legend = [
    ['#2e8b57', 'SYN'],
    ['#2f6fbf', 'TCP data'],
    ['#c0392b', 'FIN / RST'],
    ['#999999', 'pure ACK'],
    ['#d9822b', 'UDP datagram'],
  ]
    .map(([c, label]) => `<li><span class="swatch" style="color:${c}"></span> ${label}</li>`)
    .join('');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>bsd-sockets-lab ${esc(view.scenario)}</title>
<style>${CSS}</style></head><body>
<h1>bsd-sockets-lab ${esc(view.scenario)} (${esc(view.mode)}, port ${view.port})</h1>
${view.incomplete ? '<p class="incomplete">Incomplete: interrupted; what was recorded until then.</p>\n' : ''}<p>${esc(view.answers)}</p>
<ul class="legend" id="legend">${legend}<li>box: a system call (hover: strace's line); dashed: a sleep</li><li>↳: where a call that blocked returns, with what it got</li><li><span style="color:#1b5e20;font-weight:bold">1&gt; 2&gt;</span>: what a process wrote on stdout, stderr</li><li><span style="color:#6a1b9a">« socket: state »</span>: each socket's state (sockstat)</li><li>← call: the call whose time interval holds the packet; kernel: none</li><li>${esc(gapLabel(2))}: a pause, the time axis compressed</li></ul>
<table class="timeline" id="timeline"><colgroup><col class="time"><col class="side"><col class="wire"><col class="side"></colgroup>
<thead><tr><th>ms</th><th data-lane="client">client</th><th data-lane="wire">wire (lo)</th><th data-lane="server">server</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>
<h2>Summary</h2>
<pre id="summary">${esc([...renderSummary(view.summary), ...view.notes.map((n) => `note: ${n}`)].join('\n'))}</pre>
</body></html>
`;
}
