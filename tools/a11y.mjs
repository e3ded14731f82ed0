// Browser check of the generated site: Debian's headless Chromium opens every HTML page of the
// site and axe-core reports its accessibility violations; the index, a guide page, a form page and
// a change report are also saved as screenshots, on a desktop and on a phone.
// Fails (exit 1) on any serious or critical violation.
// Usage: node tools/a11y.mjs generated/site target/screenshots
import { chromium } from "playwright-core";
import { readFileSync, mkdirSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const [site = "generated/site", shots = "target/screenshots"] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });

const shown = [
  ["index", "index.html"],
  ["fami-2025-guide", "fami/chirurgiens_dentistes-2025/index.html"],
  ["fami-2025-formulaire", "fami/chirurgiens_dentistes-2025/formulaire.html"],
  ["forfait-2024-guide", "forfait_structure/medecins-2024/index.html"],
  ["forfait-2025-formulaire", "forfait_structure/medecins-2025/formulaire.html"],
  ["forfait-2024-2025-changements", "forfait_structure/medecins-2024-2025-changements.html"],
];

// Every page of the site, by its path under the site; the shown ones keep their screenshot name.
const every = readdirSync(site, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith(".html"))
  .sort();
const names = new Map(shown.map(([name, file]) => [file, name]));
const pages = every.map((file) => [names.get(file), file]);
for (const [, file] of shown) {
  if (!every.includes(file)) {
    console.log(`${file}: missing from the site`);
    process.exit(1);
  }
}

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
let failed = false;
for (const [name, file] of pages) {
  const viewports = name
    ? [["", { width: 1280, height: 900 }], ["-mobile", { width: 390, height: 844 }]]
    : [["", { width: 1280, height: 900 }]];
  for (const [label, viewport] of viewports) {
    const page = await browser.newPage({ viewport });
    const url = "file://" + path.resolve(site, file);
    await page.goto(url);
    if (name) {
      await page.screenshot({ path: path.join(shots, `${name}${label}.png`), fullPage: true });
    }
    if (label === "") {
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ["violations"] }));
      const serious = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      for (const v of result.violations) {
        console.log(`${file}: ${v.impact} ${v.id}: ${v.help} (${v.nodes.length} element${v.nodes.length > 1 ? "s" : ""})`);
      }
      console.log(`${file}: ${result.violations.length} violation(s), ${serious.length} serious or critical`);
      if (serious.length > 0) failed = true;
    }
    await page.close();
  }
}
await browser.close();
process.exit(failed ? 1 : 0);
