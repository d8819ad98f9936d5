/**
 * bsd-sockets-lab's HTML page (issue 12) in headless Chromium (Debian's `chromium`, which
 * .ci/run installs): the page of a real recorded tp_tcp run, loaded from file:// with no
 * network, must load with no console error, no failed request and no request at all but
 * its own (inline SVG and CSS, no asset), and draw what the JSON holds: one packet mark per
 * packet (sender, flags, cause), one box per call, the three lanes, the legend, the summary,
 * each label inside its lane. A screenshot of the whole page is written to
 * test/lab/__screenshots__/tp_tcp.png (ignored by git: test/lab/.gitignore), to look at.
 *
 * The first test checks the checker: a page with a deliberate console.error, an uncaught
 * exception and a missing image is reported with exactly those problems.
 *
 * Chromium runs through the DevTools protocol on a pipe (chromium.ts), is closed in
 * afterAll (SIGKILLed, with its process group, if it does not end in time); every command
 * and wait has a timeout. Skipped, with the reason, without /usr/bin/chromium, and as the
 * lab's other tests without root, strace or unshare.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { afterAll, describe, expect, it } from 'vitest';

import { renderSummary } from '../../tools/lab/render';
import { scaled } from '../course/timeouts';
import { Chromium, CHROMIUM } from './chromium';
import { packets, runLab, whyNot } from './run-lab';

const haveChromium = existsSync(CHROMIUM);
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

  it('tp_tcp: no console error, no request but the page; every packet, call, lane and the legend drawn; a screenshot', async (ctx) => {
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
      legend: string[];
      summary: string;
      outside: string[];
      svg: { width: number; height: number };
    }>(
      session,
      `(() => {
      const lanes = [...document.querySelectorAll('svg rect.lane-bg')];
      const box = Object.fromEntries(lanes.map((r) => [r.dataset.lane, r.getBoundingClientRect()]));
      const inside = (el, lane) => {
        const r = el.getBoundingClientRect(), l = box[lane];
        return r.width > 0 && r.left >= l.left && r.right <= l.right;
      };
      const outside = [];
      for (const g of document.querySelectorAll('svg g.packet'))
        for (const el of g.querySelectorAll('line, text'))
          if (!inside(el, 'wire')) outside.push('packet: ' + g.textContent);
      for (const g of document.querySelectorAll('svg g.call'))
        for (const el of g.querySelectorAll('rect, text'))
          if (!inside(el, g.dataset.side)) outside.push('call: ' + g.textContent);
      const svg = document.querySelector('body > svg').getBoundingClientRect();
      return {
        resources: performance.getEntriesByType('resource').length,
        lanes: lanes.map((r) => r.dataset.lane),
        packets: [...document.querySelectorAll('svg g.packet')].map((g) => [
          g.dataset.from, g.dataset.flags, g.dataset.cause,
        ]),
        calls: document.querySelectorAll('svg g.call').length,
        legend: [...document.querySelectorAll('#legend li')].map((li) => li.textContent.trim()),
        summary: document.getElementById('summary').textContent,
        outside,
        svg: { width: svg.width, height: svg.height },
      };
    })()`,
    );
    expect(dom.resources).toBe(0);
    expect(dom.lanes).toEqual(['client', 'wire', 'server']);
    expect(dom.packets).toEqual(
      packets(run.events).map((p) => [p.from, p.flags, p.causeName ?? 'kernel']),
    );
    expect(dom.packets.length).toBe(run.summary.packets);
    expect(dom.calls).toBe(run.events.filter((e) => e.kind === 'call').length);
    expect(dom.legend).toEqual([
      'SYN',
      'TCP data',
      'FIN / RST',
      'pure ACK',
      'UDP datagram',
      "box: a system call (hover: strace's line)",
      "« state »: the side's socket states (sockstat)",
      '← call: the call whose time interval holds the packet; kernel: none',
    ]);
    expect(dom.summary).toBe(renderSummary(run.summary).join('\n'));
    expect(dom.outside).toEqual([]);

    const png = await b.screenshot(session);
    const size = pngSize(png);
    expect(size.width).toBeGreaterThanOrEqual(Math.ceil(dom.svg.width));
    expect(size.height).toBeGreaterThan(Math.ceil(dom.svg.height));
    mkdirSync(screenshots, { recursive: true });
    writeFileSync(join(screenshots, 'tp_tcp.png'), png);
    expect(b.problems(session, [url])).toEqual([]);
  }, 180_000);
});
