// The VS Code extension in a real VS Code for the web (code-server), as a rule author sees it:
// the .vsix installed by `code-server --install-extension`, the release build of guidec named by
// the extension's setting `guidec.chemin` (the server's extension host takes its PATH from the
// login shell, not from this process), a real spec
// opened (a copy, in a folder named as the spec's, so that nothing can touch the repository's
// file), an amount changed in the editor (not saved) so that `guidec lsp` reports the total that
// no longer adds up, and the mouse over it: the highlighting, the diagnostic and the hover, in one
// screenshot by Debian's headless Chromium (Playwright). Called by tools/vscode-screenshot.sh:
//
//   node tools/vscode-screenshot.mjs CODE_SERVER_ENTRY_JS VSIX GUIDEC SPEC OUT.png
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

const [entry, vsix, guidec, spec, out] = process.argv.slice(2).map((arg) => path.resolve(arg));
if (process.argv.length !== 7) {
  console.error("usage: node tools/vscode-screenshot.mjs CODE_SERVER_ENTRY_JS VSIX GUIDEC SPEC OUT.png");
  process.exit(2);
}

// The line of the spec whose amount is changed, and the amount's column in it.
const TOTAL = /^(\s*total maximal )(\d[\d ]*) €/;
const lines = fs.readFileSync(spec, "utf8").split("\n");
const at = lines.findIndex((line) => TOTAL.test(line));
if (at < 0) {
  console.error(`${spec}: no \`total maximal\` line`);
  process.exit(1);
}
const [, before, amount] = lines[at].match(TOTAL);

const home = fs.mkdtempSync(path.join(os.tmpdir(), "guidec-vscode-"));
const user = path.join(home, "user");
const extensions = path.join(home, "extensions");
const config = path.join(home, "config.yaml");
const folder = path.join(home, path.basename(path.dirname(spec)));
fs.mkdirSync(path.join(user, "User"), { recursive: true });
fs.mkdirSync(folder);
fs.copyFileSync(spec, path.join(folder, path.basename(spec)));
fs.writeFileSync(config, "auth: none\n");
fs.writeFileSync(
  path.join(user, "User", "settings.json"),
  JSON.stringify({
    "workbench.colorTheme": "Default Light Modern",
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": false,
    "workbench.layoutControl.enabled": false,
    "window.commandCenter": false,
    "security.workspace.trust.enabled": false,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "extensions.autoCheckUpdates": false,
    "extensions.autoUpdate": false,
    "git.enabled": false,
    "git.openRepositoryInParentFolders": "never",
    "files.autoSave": "off",
    "editor.fontSize": 14,
    "guidec.chemin": guidec,
  }, null, 2),
);
const dirs = ["--config", config, "--user-data-dir", user, "--extensions-dir", extensions];
execFileSync(process.execPath, [entry, ...dirs, "--install-extension", vsix], { stdio: "inherit" });

const port = await new Promise((resolve) => {
  const probe = net.createServer().listen(0, "127.0.0.1", () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});
const server = spawn(
  process.execPath,
  [entry, ...dirs, "--auth", "none", "--bind-addr", `127.0.0.1:${port}`, "--disable-telemetry",
    "--disable-update-check", "--disable-workspace-trust", "--disable-getting-started-override"],
  { stdio: ["ignore", "pipe", "inherit"] },
);
/** Presses `keys` until VS Code's quick input opens. */
async function quickInput(page, keys) {
  for (let attempt = 0; attempt < 20; attempt++) {
    await page.keyboard.press(keys);
    try {
      await page.waitForSelector(".quick-input-widget input", { state: "visible", timeout: 3000 });
      return;
    } catch {
      await page.mouse.click(700, 400);
    }
  }
  throw new Error(`${keys}: no quick input`);
}

let failed = false;
let browser;
try {
  await new Promise((resolve, reject) => {
    server.stdout.on("data", (chunk) => chunk.toString().includes("HTTP server listening") && resolve());
    server.on("exit", (code) => reject(new Error(`code-server stopped (${code})`)));
  });
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 }, locale: "fr-FR" });
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`);
  await page.waitForSelector(".monaco-workbench", { timeout: 120000 });
  await page.waitForSelector(".explorer-folders-view .monaco-list-row", { timeout: 60000 });
  // Quick open: the spec by its name (the shortcut is pressed again until the workbench takes it).
  await quickInput(page, "Control+P");
  await page.keyboard.type(path.basename(spec));
  await page.waitForSelector(".quick-input-list .monaco-list-row", { state: "visible" });
  await page.keyboard.press("Enter");
  await page.waitForSelector(".monaco-editor .view-lines", { timeout: 60000 });
  // Go to the total's line, select its amount and type another one.
  await quickInput(page, "Control+G");
  await page.keyboard.type(`${at + 1}:${before.length + 1}`);
  await page.keyboard.press("Enter");
  for (let i = 0; i < amount.length; i++) await page.keyboard.press("Shift+ArrowRight");
  const wrong = String(Number(amount.replaceAll(" ", "")) + 10).replace(/\B(?=(\d{3})+$)/, " ");
  await page.keyboard.type(wrong);
  // `guidec lsp` answers with the diagnostic: its underline, then its hover.
  const squiggle = await page.waitForSelector(".squiggly-error", { timeout: 60000 });
  const box = await squiggle.boundingBox();
  await page.mouse.move(box.x + Math.min(box.width / 2, 30), box.y + box.height / 2);
  await page.waitForSelector(".monaco-hover:has-text('E0202')", { state: "visible", timeout: 30000 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: out });
  console.log(`${out}: ${spec}, line ${at + 1}, ${amount} € typed as ${wrong} €`);
} catch (error) {
  console.error(error);
  const pages = browser ? browser.contexts().flatMap((context) => context.pages()) : [];
  if (pages.length > 0) {
    await pages[0].screenshot({ path: out.replace(/\.png$/, "-failed.png") });
    console.error(`what the browser showed: ${out.replace(/\.png$/, "-failed.png")}`);
  }
  failed = true;
} finally {
  if (browser) await browser.close();
  server.kill();
  if (failed) {
    console.error(`code-server's folders, logs included: ${home}`);
  } else {
    fs.rmSync(home, { recursive: true, force: true });
  }
}
process.exit(failed ? 1 : 0);
