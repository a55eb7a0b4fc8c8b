#!/usr/bin/env node
// The app's icons (web app manifest and favicon), drawn here as SVG and rendered to PNG by the same Chromium the
// tests use, so they are made offline from this file alone. Writes public/icons/. Rerun after
// changing the drawing; the PNGs are committed (the build only copies them).
// Usage: node scripts/icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from './lib/browser.mjs';
import { REPO_ROOT } from './lib/catalogue.mjs';
import { CHROMIUM } from './lib/setup.mjs';

/** The app's accent (src/app.css) behind a white cross, the sign of care people know; nothing else to read. */
const ACCENT = '#0b6e4f';

/**
 * `inset` is the share of the side the cross keeps clear of the edge. A maskable icon is cut to a circle or
 * squircle by the launcher: its content must stay in the central 80% ("safe zone"), and its background must
 * fill the whole square, corners included.
 */
function svg({ size, rounded, inset }) {
	const arm = size * (1 - 2 * inset);
	const bar = arm / 3;
	const start = size * inset;
	const middle = (size - bar) / 2;
	const radius = rounded ? size * 0.18 : 0;
	return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">
<rect width="${size}" height="${size}" rx="${radius}" fill="${ACCENT}"/>
<rect x="${middle}" y="${start}" width="${bar}" height="${arm}" rx="${bar * 0.15}" fill="#ffffff"/>
<rect x="${start}" y="${middle}" width="${arm}" height="${bar}" rx="${bar * 0.15}" fill="#ffffff"/>
</svg>`;
}

const ICONS = [
	{ file: 'icon-192.png', size: 192, rounded: true, inset: 0.2 },
	{ file: 'icon-512.png', size: 512, rounded: true, inset: 0.2 },
	// The cross within the safe zone's circle (radius 40% of the side): its corners at 0.3 inset are inside it.
	{ file: 'maskable-512.png', size: 512, rounded: false, inset: 0.3 }
];

const out = join(REPO_ROOT, 'public', 'icons');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'icon.svg'), svg({ size: 512, rounded: true, inset: 0.2 }));
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
	for (const icon of ICONS) {
		const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size } });
		await page.setContent(`<html><body style="margin:0">${svg(icon)}</body></html>`);
		// omitBackground: the rounded icons' corners stay transparent.
		writeFileSync(join(out, icon.file), await page.locator('svg').screenshot({ omitBackground: true }));
		console.log(`wrote public/icons/${icon.file}`);
		await page.close();
	}
} finally {
	await browser.close();
}
