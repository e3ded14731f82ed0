// Client de langage de l'extension guidec : lance `guidec lsp` (diagnostics, survol,
// définitions, références, complétion, plan et mise en forme des fichiers .guide).
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("guidec").get("chemin") || "guidec";
  // On standard input and output: with no `transport` given, the client adds no argument of its
  // own (`transport: TransportKind.stdio` would add `--stdio`, which `guidec lsp` refuses).
  const server = { command, args: ["lsp"] };
  client = new LanguageClient(
    "guidec",
    "guidec",
    { run: server, debug: server },
    {
      documentSelector: [{ scheme: "file", language: "guide" }, { scheme: "untitled", language: "guide" }],
      outputChannelName: "guidec",
    },
  );
  client.start().catch((error) => {
    vscode.window.showErrorMessage(
      `guidec lsp n'a pas démarré (${error.message}). Installez guidec ou réglez « guidec.chemin ».`,
    );
  });
  context.subscriptions.push({ dispose: () => client && client.stop() });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
