/**
 * bsd-sockets-lab's HTML page (issue 12) in headless Chromium (Debian's `chromium`, which
 * .ci/run installs): the page of a real recorded tp_tcp run, loaded from file:// with no
 * network, must load with no console error, no failed request and no request at all but
 * its own (inline SVG and CSS, no asset), and draw what the JSON holds: one packet mark per
 * packet (sender, flags, cause), one box per call, the three lanes, the legend, the summary,
 * each label inside its cell. At 800 and 1400 px, and in print media at the printable width
 * of an A4 page, portrait and landscape, nothing scrolls sideways and every label's box is
 * inside its cell and the page; the printed PDFs' words (pdftotext -bbox, poppler-utils) are
 * inside their pages. Screenshots and PDFs are written to test/lab/__screenshots__/
 * (ignored by git: test/lab/.gitignore), to look at.
 *
 * The first test checks the checker: a page with a deliberate console.error, an uncaught
 * exception and a missing image is reported with exactly those problems.
 *
 * Chromium runs through the DevTools protocol on a pipe (chromium.ts), is closed in
 * afterAll (SIGKILLed, with its process group, if it does not end in time); every command
 * and wait has a timeout. Skipped, with the reason, without /usr/bin/chromium, and as the
 * lab's other tests without root, strace or unshare.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { afterAll, describe, expect, it } from 'vitest';

import { packageRoot } from '../../course/programs';
import { renderSummary } from '../../tools/lab/render';
import { scaled } from '../course/timeouts';
import { Chromium, CHROMIUM } from './chromium';
import { packets, runLab, whyNot } from './run-lab';

const haveChromium = existsSync(CHROMIUM);
const havePdftotext = spawnSync('pdftotext', ['-v']).error === undefined;
const dir = mkdtempSync(join(tmpdir(), 'bsd-sockets-lab-html-'));
const screenshots = join(__dirname, '__screenshots__');

let browser: Chromium | undefined;
function chromium(): Chromium {
  browser ??= new Chromium(scaled(15_000));
  return browser;
}

afterAll(async () => {
  await browser?.close(scaled(5_000));
  rmSync(dir, { recursive: true, force: true });
}, 120_000);

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('bsd-sockets-lab --html in headless Chromium', () => {
  it('the checker reports a console.error, an uncaught exception and a missing image', async (ctx) => {
    if (!haveChromium) return ctx.skip(`${CHROMIUM} is not installed (Debian's chromium)`);
    const page = join(dir, 'broken.html');
    const script = `<script>console.error('deliberate error'); throw new Error('deliberate throw');</script>`;
    writeFileSync(
      page,
      `<!DOCTYPE html><html><head><meta charset="utf-8"><title>broken</title></head><body>
<img src="missing.png" alt="">
${script}
</body></html>
`,
    );
    const url = pathToFileURL(page).href;
    const b = chromium();
    const session = await b.newPage();
    await b.load(session, url, scaled(15_000));
    const missing = pathToFileURL(join(dir, 'missing.png')).href;
    expect(b.problems(session, [url]).sort()).toEqual(
      [
        'console.error: deliberate error',
        // The stack points at the Error's construction: line 3, its column.
        `exception: Error: deliberate throw\n    at ${url}:3:${script.indexOf('new Error') + 1}`,
        `log: Failed to load resource: net::ERR_FILE_NOT_FOUND (${missing})`,
        'request failed: net::ERR_FILE_NOT_FOUND',
        `request: ${missing}`,
      ].sort(),
    );
  }, 60_000);

  it('tp_tcp: no console error, no request but the page; every packet, call, lane and the legend drawn; reflows at 800 px, prints on A4 portrait and landscape with nothing clipped; screenshots and PDFs', async (ctx) => {
    if (!haveChromium) return ctx.skip(`${CHROMIUM} is not installed (Debian's chromium)`);
    const why = whyNot('tp_tcp', ['c']);
    if (why) return ctx.skip(why);
    const html = join(dir, 'tp_tcp.html');
    const run = await runLab(dir, 'tp_tcp', 'c', ['--html', html]);
    const url = pathToFileURL(html).href;
    const b = chromium();
    const session = await b.newPage();
    await b.load(session, url, scaled(15_000));
    expect(b.problems(session, [url])).toEqual([]);

    const dom = await b.evaluate<{
      resources: number;
      lanes: (string | undefined)[];
      packets: (string | undefined)[][];
      calls: number;
      outputs: string[];
      legend: string[];
      summary: string;
    }>(
      session,
      `(() => ({
        resources: performance.getEntriesByType('resource').length,
        lanes: [...document.querySelectorAll('thead th[data-lane]')].map((th) => th.dataset.lane),
        packets: [...document.querySelectorAll('tr.packet')].map((tr) => [
          tr.dataset.from, tr.dataset.flags, tr.dataset.cause,
        ]),
        calls: document.querySelectorAll('tr.call, tr.sleep').length,
        outputs: [...document.querySelectorAll('tr.output td.server')].map((td) => td.textContent),
        legend: [...document.querySelectorAll('#legend li')].map((li) => li.textContent.trim()),
        summary: document.getElementById('summary').textContent,
      }))()`,
    );
    expect(dom.resources).toBe(0);
    expect(dom.lanes).toEqual(['client', 'wire', 'server']);
    expect(dom.packets).toEqual(
      packets(run.events).map((p) => [p.from, p.flags, p.causeName ?? 'kernel']),
    );
    expect(dom.packets.length).toBe(run.summary.packets);
    expect(dom.calls).toBe(run.events.filter((e) => e.kind === 'call').length);
    // What the server printed, with its accent.
    expect(dom.outputs.filter((o) => /^1> serveur 1 reçu de \(127\.0\.0\.1,/.test(o))).toHaveLength(
      3,
    );
    expect(dom.legend).toEqual([
      'SYN',
      'TCP data',
      'FIN / RST',
      'pure ACK',
      'UDP datagram',
      "box: a system call (hover: strace's line); dashed: a sleep",
      '↳: where a call that blocked returns, with what it got',
      '1> 2>: what a process wrote on stdout, stderr',
      "« socket: state »: each socket's state (sockstat)",
      '← call: the call whose time interval holds the packet; kernel: none',
      '⋯ 2.00 s ⋯: a pause, the time axis compressed',
    ]);
    expect(dom.summary).toBe(renderSummary(run.summary).join('\n'));

    /**
     * At `width` px (screen, or print media at a page's printable width): no horizontal
     * scrolling, and every label's box inside its cell and inside the window.
     */
    const layout = async (width: number, media: 'screen' | 'print') => {
      await b.send(
        'Emulation.setDeviceMetricsOverride',
        { width, height: 900, deviceScaleFactor: 1, mobile: false },
        session,
      );
      await b.send('Emulation.setEmulatedMedia', { media }, session);
      return b.evaluate<{ scrollWidth: number; labels: number; outside: string[] }>(
        session,
        `(() => {
          const outside = [];
          const labels = document.querySelectorAll('.label, h1, p, #legend li, #summary');
          for (const el of labels) {
            const r = el.getBoundingClientRect();
            const cell = el.closest('td')?.getBoundingClientRect();
            if (r.left < 0 || r.right > ${width} || (cell && (r.left < cell.left - 0.5 || r.right > cell.right + 0.5)))
              outside.push(el.textContent.slice(0, 60) + ' [' + Math.round(r.left) + ', ' + Math.round(r.right) + ']');
          }
          return { scrollWidth: document.documentElement.scrollWidth, labels: labels.length, outside };
        })()`,
      );
    };
    mkdirSync(screenshots, { recursive: true });
    for (const width of [800, 1400]) {
      const l = await layout(width, 'screen');
      expect(l.scrollWidth, `${width} px`).toBeLessThanOrEqual(width);
      expect(l.labels).toBeGreaterThan(run.events.length);
      expect(l.outside, `${width} px`).toEqual([]);
      const png = await b.screenshot(session);
      // The page's width: the window's, less its vertical scroll bar (15 px) if drawn.
      expect(pngSize(png).width).toBeLessThanOrEqual(width);
      expect(pngSize(png).width).toBeGreaterThanOrEqual(width - 20);
      writeFileSync(join(screenshots, `tp_tcp-${width}.png`), png);
    }
    // A4 (210 × 297 mm) less the page's 12 mm margins, at 96 px per inch.
    const mm = 96 / 25.4;
    for (const [name, width] of [
      ['portrait', (210 - 24) * mm],
      ['landscape', (297 - 24) * mm],
    ] as const) {
      const l = await layout(Math.floor(width), 'print');
      expect(l.scrollWidth, name).toBeLessThanOrEqual(Math.floor(width));
      expect(l.outside, name).toEqual([]);
      // The window's override would be the page's size: printing lays out on the paper,
      // as a reader's print dialog sets it (an @page size: Chromium's `landscape` flag and
      // paper sizes wider than high were both printed portrait here).
      await b.send('Emulation.clearDeviceMetricsOverride', {}, session);
      await b.evaluate(
        session,
        `(() => { const s = document.createElement('style'); s.id = 'paper'; s.textContent = '@page { size: A4 ${name}; margin: 12mm; }'; document.getElementById('paper')?.remove(); document.head.append(s); return 0; })()`,
      );
      const { data } = await b.send('Page.printToPDF', { preferCSSPageSize: true }, session);
      const pdf = Buffer.from(data as string, 'base64');
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const file = join(screenshots, `tp_tcp-${name}.pdf`);
      writeFileSync(file, pdf);
      if (havePdftotext) {
        // Every word of every printed page inside its page (pdftotext's boxes, in points).
        const bbox = spawnSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
        expect(bbox.status, bbox.stderr).toBe(0);
        const pages = [
          ...bbox.stdout.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g),
        ];
        expect(pages.length).toBeGreaterThan(0);
        const clipped: string[] = [];
        for (const [, w, h, words] of pages)
          for (const m of words.matchAll(
            /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</g,
          ))
            if (
              Number(m[1]) < 0 ||
              Number(m[2]) < 0 ||
              Number(m[3]) > Number(w) ||
              Number(m[4]) > Number(h)
            )
              clipped.push(m[5]);
        expect(clipped, name).toEqual([]);
        expect(bbox.stdout).toContain('reçu');
      }
    }
    await b.send('Emulation.setEmulatedMedia', { media: 'screen' }, session);
    expect(b.problems(session, [url])).toEqual([]);
  }, 180_000);

  it('bsd-sockets-trace --html: the side-by-side page, from file:// with no request; reflows at 800 px; prints on A4 with every word inside its page', async (ctx) => {
    if (!haveChromium) return ctx.skip(`${CHROMIUM} is not installed (Debian's chromium)`);
    const fixtures = join(__dirname, '..', 'trace', 'fixtures');
    const html = join(dir, 'trace.html');
    const trace = join(packageRoot(), 'dist', 'tools', 'trace', 'cli.js');
    const run = spawnSync(
      process.execPath,
      [
        trace,
        '--html',
        html,
        '--files',
        join(fixtures, 'tcp-client.c.strace'),
        join(fixtures, 'tcp-client-refused.c.strace'),
        '--server-port',
        '9201,9206',
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.status, run.stderr).toBe(1); // they differ
    const url = pathToFileURL(html).href;
    const b = chromium();
    const session = await b.newPage();
    await b.load(session, url, scaled(15_000));
    expect(b.problems(session, [url])).toEqual([]);
    const dom = await b.evaluate<{
      resources: number;
      marks: string[];
      reasons: number;
      summary: string;
    }>(
      session,
      `(() => ({
        resources: performance.getEntriesByType('resource').length,
        marks: [...document.querySelectorAll('table.diff tbody tr:not(.reason) td.mark')].map((td) => td.textContent),
        reasons: document.querySelectorAll('tr.reason').length,
        summary: document.querySelector('p.summary').textContent,
      }))()`,
    );
    expect(dom.resources).toBe(0);
    expect(dom.marks.slice(0, 2)).toEqual(['', '!']);
    expect(dom.marks).toContain('<');
    expect(dom.reasons).toBeGreaterThan(0);
    expect(dom.summary).toMatch(/differ/);
    for (const width of [800, 1400]) {
      await b.send(
        'Emulation.setDeviceMetricsOverride',
        { width, height: 900, deviceScaleFactor: 1, mobile: false },
        session,
      );
      const l = await b.evaluate<{ scrollWidth: number; outside: string[] }>(
        session,
        `(() => {
          const outside = [];
          for (const el of document.querySelectorAll('td, th, h1, p')) {
            const r = el.getBoundingClientRect();
            if (r.left < 0 || r.right > ${width}) outside.push(el.textContent.slice(0, 60));
          }
          return { scrollWidth: document.documentElement.scrollWidth, outside };
        })()`,
      );
      expect(l.scrollWidth, `${width} px`).toBeLessThanOrEqual(width);
      expect(l.outside, `${width} px`).toEqual([]);
      mkdirSync(screenshots, { recursive: true });
      writeFileSync(join(screenshots, `trace-${width}.png`), await b.screenshot(session));
    }
    await b.send('Emulation.clearDeviceMetricsOverride', {}, session);
    const { data } = await b.send('Page.printToPDF', {}, session);
    const pdf = join(screenshots, 'trace.pdf');
    writeFileSync(pdf, Buffer.from(data as string, 'base64'));
    if (havePdftotext) {
      const bbox = spawnSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8' });
      const page = /<page width="([\d.]+)" height="([\d.]+)">/.exec(bbox.stdout)!;
      const clipped = [
        ...bbox.stdout.matchAll(
          /<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</g,
        ),
      ].filter((m) => Number(m[1]) < 0 || Number(m[2]) > Number(page[1]));
      expect(clipped.map((m) => m[3])).toEqual([]);
      expect(bbox.stdout).toContain('ECONNREFUSED');
    }
    expect(b.problems(session, [url])).toEqual([]);
  }, 120_000);
});
