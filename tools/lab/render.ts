/**
 * bsd-sockets-lab: the timeline drawn in three lanes, client syscalls | packets on the wire |
 * server syscalls, in the terminal (text columns) and as a self-contained HTML page (inline
 * SVG, inline CSS, no network asset), each followed by the summary.
 */
import {
  BLOCKED,
  payloadText,
  type CallEvent,
  type LabEvent,
  type PacketEvent,
  type ReturnEvent,
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
}

function fit(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

/** A call as shown in its lane: strace's text, long buffers cut. */
export function callLabel(e: CallEvent): string {
  const text = e.text
    .replace(/"(?:[^"\\]|\\.)*"(?:\.\.\.)?/g, (m) => (m.length > 28 ? `${m.slice(0, 24)}"...` : m))
    .replace(
      /\{sa_family=AF_INET, sin_port=htons\((\d+)\), sin_addr=inet_addr\("([^"]+)"\)\}/g,
      '$2:$1',
    )
    .replace(
      /\{sa_family=AF_INET6, sin6_port=htons\((\d+)\), [^}]*?inet_pton\(AF_INET6, "([^"]+)"[^}]*\}/g,
      '[$2]:$1',
    );
  if (e.end === undefined) return `${text.replace(/ = \?.*$/, '')} … (blocked, never returned)`;
  return e.end - e.t > BLOCKED ? `${text.replace(/ = .*$/, '')} …` : text;
}

/**
 * A return as shown in its lane. strace ends a call that the process was killed in with
 * "= ?" (and ERESTARTSYS when a signal interrupted it first): that call never returned to
 * the program. The lab stops the server that way, blocked in its next accept or recvfrom.
 */
function returned(e: ReturnEvent): string {
  if (e.ret === undefined || e.ret === '?') return `${e.name}: never returned, killed in it`;
  return `${e.name} = ${e.ret}${e.errno ? ` ${e.errno}` : ''}`;
}

export function packetLabel(p: PacketEvent): string {
  const kind = p.proto === 'udp' ? 'UDP' : `[${p.flags}]`;
  const data = p.length > 0 ? ` ${p.length} "${payloadText(p.payload)}"` : '';
  return `${kind}${data} ← ${p.causeName ?? 'kernel'}`;
}

/** The timeline and the summary as text, in columns of `width` characters in all. */
export function renderText(view: LabView, width = 150): string {
  const lane = Math.floor((width - 10) / 3) - 1;
  const t0 = view.events[0]?.t ?? 0;
  const lines: string[] = [];
  lines.push(`bsd-sockets-lab ${view.scenario} (${view.mode}, port ${view.port}): ${view.answers}`);
  lines.push(`${'ms'.padStart(8)}  ${fit('client', lane)} ${fit('wire (lo)', lane)} server`);
  lines.push(`${''.padStart(8, '-')}  ${'-'.repeat(lane)} ${'-'.repeat(lane)} ${'-'.repeat(lane)}`);
  for (const e of view.events) {
    const ms = ((e.t - t0) * 1000).toFixed(1).padStart(8);
    let cells: [string, string, string];
    if (e.kind === 'call') {
      const label = callLabel(e);
      cells = e.side === 'client' ? [label, '', ''] : ['', '', label];
    } else if (e.kind === 'packet') {
      const arrow = e.from === 'client' ? `${packetLabel(e)} →` : `← ${packetLabel(e)}`;
      cells = ['', arrow, ''];
    } else if (e.kind === 'return') {
      const label = `  ↳ ${returned(e)} (after ${((e.t - e.since) * 1000).toFixed(1)} ms)`;
      cells = e.side === 'client' ? [label, '', ''] : ['', '', label];
    } else {
      const label = `  « ${e.states.join(', ') || 'no socket'} »`;
      cells = e.side === 'client' ? [label, '', ''] : ['', '', label];
    }
    lines.push(`${ms}  ${fit(cells[0], lane)} ${fit(cells[1], lane)} ${cells[2]}`.trimEnd());
  }
  lines.push('', ...renderSummary(view.summary), ...view.notes.map((n) => `note: ${n}`));
  return `${lines.join('\n')}\n`;
}

export function renderSummary(s: Summary): string[] {
  const kinds = Object.entries(s.kinds)
    .map(([k, n]) => `${n} × ${k}`)
    .join(', ');
  return [
    `packets on the wire: ${s.packets}${kinds ? ` (${kinds})` : ''}`,
    `first FIN: ${s.firstFin ?? '(none: no connection)'}`,
    `states seen: client ${s.states.client.join(' → ') || '-'}; server ${s.states.server.join(' → ') || '-'}`,
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

/**
 * The page: a legend, an SVG with three lanes (client, wire, server), a row per event — a
 * call as a box in its side's lane, a packet as an arrow across the wire lane (SYN green,
 * FIN red, data blue, UDP orange, pure ACK grey), a state as a tag —, then the summary.
 */
export function renderHtml(view: LabView): string {
  const row = 22;
  const laneW = 420;
  const wireW = 360;
  const x = { client: 10, wire: 10 + laneW + 10, server: 10 + laneW + 10 + wireW + 10 };
  const width = x.server + laneW + 10;
  const top = 40;
  const height = top + view.events.length * row + 20;
  const t0 = view.events[0]?.t ?? 0;
  const color = (p: PacketEvent): string =>
    p.proto === 'udp'
      ? '#d9822b'
      : p.flags.includes('S')
        ? '#2e8b57'
        : p.flags.includes('F') || p.flags.includes('R')
          ? '#c0392b'
          : p.length > 0
            ? '#2f6fbf'
            : '#999999';
  const parts: string[] = [];
  parts.push(
    `<text x="${x.client}" y="20" class="lane">client</text>`,
    `<text x="${x.wire}" y="20" class="lane">wire (lo)</text>`,
    `<text x="${x.server}" y="20" class="lane">server</text>`,
    `<rect class="lane-bg" data-lane="client" x="${x.client}" y="28" width="${laneW}" height="${height - 28}"/>`,
    `<rect class="lane-bg" data-lane="wire" x="${x.wire}" y="28" width="${wireW}" height="${height - 28}"/>`,
    `<rect class="lane-bg" data-lane="server" x="${x.server}" y="28" width="${laneW}" height="${height - 28}"/>`,
  );
  view.events.forEach((e, i) => {
    const y = top + i * row;
    const ms = ((e.t - t0) * 1000).toFixed(1);
    if (e.kind === 'call') {
      const bx = x[e.side];
      parts.push(
        `<g class="call" data-side="${e.side}" data-name="${esc(e.name)}"><title>${esc(e.text)} @ ${ms} ms</title>` +
          `<rect x="${bx + 2}" y="${y}" width="${laneW - 4}" height="${row - 4}" rx="3"/>` +
          `<text x="${bx + 6}" y="${y + 13}">${esc(fit(callLabel(e), 60).trimEnd())}</text></g>`,
      );
    } else if (e.kind === 'packet') {
      const [x1, x2] =
        e.from === 'client' ? [x.wire + 4, x.wire + wireW - 4] : [x.wire + wireW - 4, x.wire + 4];
      parts.push(
        `<g class="packet" data-number="${e.number ?? ''}" data-from="${e.from}" data-flags="${esc(e.flags)}" data-cause="${esc(e.causeName ?? 'kernel')}"><title>${e.number === undefined ? '' : `packet ${e.number} of the capture (--pcap file, Wireshark's No.)\n`}${esc(e.text)} @ ${ms} ms</title>` +
          `<line x1="${x1}" y1="${y + 9}" x2="${x2}" y2="${y + 9}" stroke="${color(e)}" stroke-width="2" marker-end="url(#arrow)"/>` +
          `<text x="${x.wire + wireW / 2}" y="${y + 6}" text-anchor="middle">${e.number === undefined ? '' : `#${e.number} `}${esc(packetLabel(e))}</text></g>`,
      );
    } else if (e.kind === 'return') {
      parts.push(
        `<g class="return" data-side="${e.side}"><text x="${x[e.side] + 16}" y="${y + 13}">↳ ${esc(returned(e))} (after ${((e.t - e.since) * 1000).toFixed(1)} ms)</text></g>`,
      );
    } else {
      parts.push(
        `<g class="state" data-side="${e.side}"><text x="${x[e.side] + 6}" y="${y + 13}">« ${esc(e.states.join(', ') || 'no socket')} » @ ${ms} ms</text></g>`,
      );
    }
  });
  const legend = [
    ['#2e8b57', 'SYN'],
    ['#2f6fbf', 'TCP data'],
    ['#c0392b', 'FIN / RST'],
    ['#999999', 'pure ACK'],
    ['#d9822b', 'UDP datagram'],
  ]
    .map(
      ([c, label]) =>
        `<li><svg width="30" height="10"><line x1="0" y1="5" x2="30" y2="5" stroke="${c}" stroke-width="3"/></svg> ${label}</li>`,
    )
    .join('');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>bsd-sockets-lab ${esc(view.scenario)}</title>
<style>
body { font-family: sans-serif; margin: 1em; }
svg text { font-family: monospace; font-size: 11px; }
text.lane { font-weight: bold; font-size: 14px; font-family: sans-serif; }
rect.lane-bg { fill: #f6f6f6; stroke: #ddd; }
g.call rect { fill: #fff; stroke: #888; }
g.state text { fill: #6a1b9a; font-weight: bold; }
ul.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5em 1.5em; }
ul.legend li { white-space: nowrap; }
</style></head><body>
<h1>bsd-sockets-lab ${esc(view.scenario)} (${esc(view.mode)}, port ${view.port})</h1>
<p>${esc(view.answers)}</p>
<ul class="legend" id="legend">${legend}<li>box: a system call (hover: strace's line)</li><li><span style="color:#6a1b9a">« state »</span>: the side's socket states (sockstat)</li><li>← call: the call whose time interval holds the packet; kernel: none</li></ul>
<svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#333"/></marker></defs>
${parts.join('\n')}
</svg>
<h2>Summary</h2>
<pre id="summary">${esc([...renderSummary(view.summary), ...view.notes.map((n) => `note: ${n}`)].join('\n'))}</pre>
</body></html>
`;
}
