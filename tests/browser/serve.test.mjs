// End to end: `guidec serve` on a copy of the specs, a guide page open in Debian's headless
// Chromium, the spec edited on disk. The page follows without anyone reloading it: a new amount
// shows, a mistake shows the French diagnostic with its line and column, the fix brings the page
// back. No Content-Security-Policy violation on the way.
// Usage (from the repository root, after `cargo build --release`):
//   node --test tests/browser/serve.test.mjs
// GUIDEC names the binary (default target/release/guidec); SCREENSHOTS, a folder, saves a
// screenshot of the preview and of the check report there.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const guidec = path.resolve(process.env.GUIDEC ?? path.join(root, "target/release/guidec"));
const shots = process.env.SCREENSHOTS ? path.resolve(process.env.SCREENSHOTS) : null;
const SPEC = "specs/fami/chirurgiens_dentistes-2025.guide";
const PAGE = "fami/chirurgiens_dentistes-2025/index.html";
// Generous: the page usually follows in well under a second; the time is printed, not judged.
const WAIT = 10_000;

/** Starts `guidec serve --port 0` in `folder`; resolves with the child and the address it prints. */
function serve(folder) {
  const child = spawn(guidec, ["serve", "--port", "0"], {
    cwd: folder,
    env: { ...process.env, LANG: "", LC_ALL: "", LC_MESSAGES: "" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let seen = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk) => {
      seen += chunk;
      const found = seen.match(/http:\/\/[0-9.:[\]]+\//);
      if (found) resolve({ child, url: found[0] });
    });
    child.on("exit", (code) => reject(new Error(`guidec serve ended (${code}): ${seen}`)));
    child.on("error", reject);
  });
}

/** Replaces `from` by `to` in the spec, in one write. */
function edit(file, ...pairs) {
  let text = readFileSync(file, "utf8");
  for (const [from, to] of pairs) {
    assert.ok(text.includes(from), `${from} not in the spec`);
    text = text.replace(from, to);
  }
  writeFileSync(file, text);
  return Date.now();
}

/** Waits until the page's text has `wanted` (and, when given, lacks `unwanted`), without reloading it. */
async function until(page, wanted, unwanted = null) {
  await page.waitForFunction(
    ([w, u]) => document.body && document.body.innerText.includes(w) && !(u && document.body.innerText.includes(u)),
    [wanted, unwanted],
    { timeout: WAIT, polling: 50 },
  );
}

test("the preview follows the spec as it is edited", async () => {
  const folder = mkdtempSync(path.join(tmpdir(), "guidec-serve-"));
  cpSync(path.join(root, "specs"), path.join(folder, "specs"), { recursive: true });
  const spec = path.join(folder, SPEC);
  const { child, url } = await serve(folder);
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  const problems = [];
  try {
    const watch = (page) => {
      page.on("console", (message) => {
        // A failed load is reported below with its address.
        if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
          problems.push(message.text());
        }
      });
      page.on("response", (response) => {
        if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
      });
      page.on("pageerror", (error) => problems.push(String(error)));
      return page;
    };
    // The change report keeps its inline style under the policy (allowed by its hash).
    const report = watch(await browser.newPage());
    await report.goto(url + "forfait_structure/medecins-2024-2025-changements.html");
    const styled = await report.evaluate(() => getComputedStyle(document.body).fontFamily);
    assert.match(styled, /system-ui/, "the change report is styled");
    await report.close();

    const page = watch(await browser.newPage({ viewport: { width: 1280, height: 900 } }));
    let loads = 0;
    page.on("load", () => { loads += 1; });

    await page.goto(url + PAGE);
    await until(page, "(490 €)");
    assert.equal(loads, 1);

    // A new amount, with its total: the open page shows it.
    let written = edit(spec, ["    montant 490 € [004 §1]", "    montant 590 € [004 §1]"],
      ["total maximal 1 240 €", "total maximal 1 340 €"]);
    await until(page, "(590 €)");
    console.log(`new amount shown ${Date.now() - written} ms after the write`);
    assert.ok(loads >= 2, "the page reloaded itself");
    if (shots) {
      mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: path.join(shots, "serve-apercu.png") });
    }

    // A mistake: the total no longer adds up. The page becomes the check report, in French,
    // with the file, line and column of the mistake.
    written = edit(spec, ["total maximal 1 340 €", "total maximal 1 240 €"]);
    await until(page, "Des specs ont des erreurs");
    console.log(`diagnostic shown ${Date.now() - written} ms after the write`);
    const place = await page.locator("#verification .error .lieu").first().innerText();
    assert.equal(place, "specs/fami/chirurgiens_dentistes-2025.guide:47:17");
    const message = await page.locator("#verification .error .message").first().innerText();
    assert.match(message, /^les sections totalisent 1\u202f340 €, pas 1\u202f240 €$/);
    assert.match(await page.locator("#verification .error .code").first().innerText(), /^E0202$/);
    assert.match(await page.locator("#verification pre").first().innerText(), /45 │ {3}total maximal 1 240 €/);
    if (shots) await page.screenshot({ path: path.join(shots, "serve-diagnostics.png"), fullPage: true });

    // The last good build stays reachable.
    const previous = await browser.newPage();
    const lastGood = new URL(await page.locator("#precedente").getAttribute("href"), url).href;
    await previous.goto(lastGood + PAGE);
    assert.ok((await previous.locator("body").innerText()).includes("(590 €)"));
    await previous.close();

    // Fixed: the page comes back by itself.
    written = edit(spec, ["total maximal 1 240 €", "total maximal 1 340 €"]);
    await until(page, "(590 €)", "Des specs ont des erreurs");
    console.log(`page back ${Date.now() - written} ms after the fix`);
    assert.equal(new URL(page.url()).pathname, "/" + PAGE);
    assert.deepEqual(problems, [], "no script error nor Content-Security-Policy violation");
  } finally {
    await browser.close();
    child.kill();
    rmSync(folder, { recursive: true, force: true });
  }
});
