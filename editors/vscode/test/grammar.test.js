// Test de la grammaire TextMate sur chaque spec réelle de specs/ : chaque caractère non blanc
// reçoit une portée (aucun `invalid`), et les mots-clés, ids, textes, prose, citations,
// paramètres `{N}` et commentaires reçoivent la leur.
"use strict";

const fs = require("fs");
const path = require("path");
const vsctm = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

const root = path.join(__dirname, "..", "..", "..");
const grammarPath = path.join(__dirname, "..", "syntaxes", "guide.tmLanguage.json");

function specs(folder) {
  return fs
    .readdirSync(folder, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) return specs(full);
      return entry.name.endsWith(".guide") ? [full] : [];
    });
}

async function main() {
  const wasm = fs.readFileSync(path.join(path.dirname(require.resolve("vscode-oniguruma")), "onig.wasm")).buffer;
  await oniguruma.loadWASM(wasm);
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope) =>
      scope === "source.guide" ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, "utf8"), grammarPath) : null,
  });
  const grammar = await registry.loadGrammar("source.guide");

  const failures = [];
  const seen = new Map();
  // The real specs, and the test editions of constructs no real spec uses yet: scaled amounts
  // (`barème`, `au plus`), optional indicators (`facultatif`, `dont … facultatifs`).
  const files = specs(path.join(root, "specs"))
    .concat(specs(path.join(root, "tests", "scales", "specs")))
    .concat(specs(path.join(root, "tests", "optional", "specs")));
  let lineCount = 0;
  for (const file of files) {
    const name = path.relative(root, file);
    const lines = fs.readFileSync(file, "utf8").split("\n");
    let stack = vsctm.INITIAL;
    lines.forEach((line, i) => {
      lineCount += 1;
      const result = grammar.tokenizeLine(line, stack);
      stack = result.ruleStack;
      for (const token of result.tokens) {
        const text = line.slice(token.startIndex, token.endIndex);
        const scopes = token.scopes.slice(1);
        if (text.trim() === "") continue;
        if (scopes.length === 0 || scopes.some((s) => s.startsWith("invalid"))) {
          failures.push(`${name}:${i + 1}:${token.startIndex + 1}: « ${text} » sans portée (${token.scopes.join(" ")})`);
        }
        for (const scope of scopes) {
          const key = scope.split(".").slice(0, 2).join(".");
          if (!seen.has(key)) seen.set(key, new Set());
          seen.get(key).add(text.trim());
        }
      }
    });
  }

  // What each kind of thing must be scoped as, in the real specs.
  const expect = (scope, words) => {
    const got = seen.get(scope) || new Set();
    for (const word of words) {
      if (![...got].some((t) => t === word || t.startsWith(word))) {
        failures.push(`« ${word} » n'a jamais la portée ${scope}`);
      }
    }
  };
  expect("storage.type", ["édition", "section", "indicateur", "taux", "nombre", "justificatif", "choix", "logiciel"]);
  expect("keyword.other", ["titre", "montant", "seuil", "numéro", "type", "question", "description", "note", "ouverture", "clôture", "actes", "oui/non", "liste", "première fse", "identification", "part", "reste inconnu", "délai", "facultatif en", "facultatif", "dont"]);
  expect("keyword.operator", ["dans", "au moins", "où"]);
  expect("constant.language", ["prérequis", "indépendant", "automatisé", "aucun", "euros", "points"]);
  expect("entity.name", ["socle", "teletransmission", "004"]);
  expect("variable.other", ["{N}", "{N+1}", "{portail}", "{nombre socle}", "{31/12/N}"]);
  expect("constant.other", ["31/12/N", "12/01/N+1"]);
  expect("constant.numeric", ["490 €", "70 %", "2/3"]);
  expect("comment.line", ["// "]);
  expect("string.quoted", ['"', '"""']);
  expect("string.unquoted", ["§1.4"]);

  if (failures.length > 0) {
    for (const f of failures.slice(0, 50)) console.error(f);
    console.error(`${failures.length} échec(s) de la grammaire`);
    console.log(`0 passed, ${failures.length} failed`);
    process.exit(1);
  }
  console.log(`grammaire : ${files.length} specs, ${lineCount} lignes, chaque caractère a sa portée`);
  console.log(`${files.length} passed, 0 failed`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
