// The web board's page and assets as the server answers them (the browser's view of them is
// test/board.browser.test.ts): same page on every board route, hashed assets, a CSP that allows
// nothing inline and nothing foreign, and the token requirement told to the page.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOARD_CONTENT_SECURITY_POLICY } from '../src/board-page.js';
import type { RunningServer } from '../src/index.js';
import { FEATURE, sampleProject, serve, type Envelope } from './harness.js';

/** The asset paths the page names. */
function assetsOf(page: string): string[] {
  return [...page.matchAll(/(?:src|href)="(\/board\/assets\/[^"]+)"/g)].map(
    (match) => match[1] as string,
  );
}

describe('the board page', () => {
  let server: RunningServer;
  let page: string;
  beforeAll(async () => {
    server = await serve(sampleProject().root);
    page = await (await fetch(`${server.url}/`)).text();
  });
  afterAll(() => server.close());

  it.each([
    ['/', '/v1/features'],
    [`/features/${FEATURE}`, `/v1/features/${FEATURE}/board`],
    [`/missions/${FEATURE}`, `/v1/missions/${FEATURE}/board`],
    ['/features/no-such-feature', '/v1/features/no-such-feature/board'],
    ['/features/%3Cb%3E%22x', '/v1/features/%3Cb%3E%22x/board'],
  ])(
    'GET %s answers the page with the CSP and safety headers, preloading %s',
    async (path, preload) => {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toBe(BOARD_CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      const text = await response.text();
      expect(text).toContain(
        `<link rel="preload" href="${preload}" as="fetch" crossorigin="anonymous" />`,
      );
      expect(text.replace(/<link rel="preload"[^>]*>/, '')).toBe(
        page.replace(/<link rel="preload"[^>]*>/, ''),
      );
    },
  );

  it('has a CSP that forbids inline script, inline style and every foreign origin', () => {
    const directives = Object.fromEntries(
      BOARD_CONTENT_SECURITY_POLICY.split('; ').map((directive) => {
        const [name, ...values] = directive.split(' ');
        return [name, values];
      }),
    );
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['style-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(BOARD_CONTENT_SECURITY_POLICY).not.toMatch(/unsafe|https?:|\*|data:/);
  });

  it('holds no inline script or style, and names only its own hashed assets', () => {
    expect(page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    expect(page).not.toMatch(/https?:\/\//);
    expect(page).toContain('<meta name="kittyhost-token-required" content="false" />');
    expect(page).toMatch(/<meta name="kittyhost-version" content="\d+\.\d+\.\d+" \/>/);
    const assets = assetsOf(page);
    expect(assets).toHaveLength(3);
    for (const asset of assets) expect(asset).toMatch(/-[A-Za-z0-9]{8}\.(js|css|svg)$/);
  });

  it('serves each asset with its type, cached for good, and small (a few tens of KiB in all)', async () => {
    let total = Buffer.byteLength(page);
    for (const asset of assetsOf(page)) {
      const response = await fetch(`${server.url}${asset}`);
      expect(response.status, asset).toBe(200);
      expect(response.headers.get('content-type')).toMatch(
        asset.endsWith('.js')
          ? /^text\/javascript/
          : asset.endsWith('.css')
            ? /^text\/css/
            : /^image\/svg\+xml$/,
      );
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      total += (await response.arrayBuffer()).byteLength;
    }
    expect(total).toBeLessThan(64 * 1024);
  });

  it('answers an unknown asset and a wrong method with an envelope', async () => {
    const missing = await fetch(`${server.url}/board/assets/nope-12345678.js`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as Envelope).error_code).toBe('USAGE_ERROR');
    const post = await fetch(`${server.url}/`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
    expect(((await post.json()) as Envelope).data['message']).toBe('Use GET / (not POST)');
  });

  it('keeps refusing foreign Host headers and cross-origin requests', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(server.url);
      request(
        { host: url.hostname, port: url.port, path: '/', headers: { host: 'evil.example:80' } },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      )
        .on('error', reject)
        .end();
    });
    expect(status).toBe(403);
    const crossOrigin = await fetch(`${server.url}/`, {
      headers: { origin: 'http://evil.example' },
    });
    expect(crossOrigin.status).toBe(403);
  });
});

describe('the board page of a server with a token', () => {
  it('tells the page that actions need the token (reads and the page stay open)', async () => {
    const server = await serve(sampleProject().root, { token: 's3cret' });
    try {
      const response = await fetch(`${server.url}/features/${FEATURE}`);
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).toContain('<meta name="kittyhost-token-required" content="true" />');
      expect(text).not.toContain('s3cret');
    } finally {
      await server.close();
    }
  });
});

describe('a server whose board is not built', () => {
  it('answers the board routes with a 503 envelope that says so; the API still works', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'kittyhost-board-'));
    const server = await serve(sampleProject().root, { boardDirectory: empty });
    try {
      const response = await fetch(`${server.url}/`);
      expect(response.status).toBe(503);
      expect(((await response.json()) as Envelope).data['message']).toMatch(/not built/);
      expect((await fetch(`${server.url}/openapi.json`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('serves no board at all with boardDirectory: null', async () => {
    const server = await serve(sampleProject().root, { boardDirectory: null });
    try {
      expect((await fetch(`${server.url}/`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
