// Parse Mermaid text with the real `mermaid` package, for cjmap's tests.
//
//   node tests/mermaid/parse.mjs < diagram.mmd
//   node tests/mermaid/parse.mjs --batch < texts.json
//   node tests/mermaid/parse.mjs --lines
//
// Reads the diagram from standard input and runs `mermaid.parse()`, the same
// preprocessing (front matter, %%{init}%% directives, %% comments, entity
// handling) and grammar a browser uses. Then it parses the text again with
// `mermaidAPI.getDiagramFromText()` to read back what the journey diagram's db
// holds, and prints it as one JSON object on standard output:
//
//   {"mermaid": "11.17.2", "diagramType": "journey", "config": {},
//    "title": "...", "sections": ["..."],
//    "tasks": [{"section": "...", "task": "...", "score": 5, "people": ["..."]}],
//    "actors": ["..."]}
//
// `config` is what the text's front matter and directives set: for cjmap's
// output it must stay {} (anything else is injected configuration).
//
// Exit status: 0 parsed; 1 the text does not parse, or is not a journey
// diagram (the error is on standard error); 2 the checker itself failed.
//
// --batch: standard input is a JSON array of diagram texts, parsed one after
// the other in this one process (node and mermaid start once). Standard output
// is a JSON array with, for each text, {"ok": true, "result": {...as above}}
// or {"ok": false, "error": "..."}; exit status 0 when all parsed, else 1.
//
// --lines: a server for a test session. Each line of standard input is one
// diagram text as a JSON string; for each, one line of standard output holds
// {"ok": ...} as with --batch. It ends at the end of standard input.
//
// Mermaid sanitizes some text (the diagram title) with DOMPurify, which needs
// a DOM: jsdom provides one, installed before mermaid is imported so that
// DOMPurify binds to it exactly as it binds to a browser's window.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createInterface } from "node:readline";
import { JSDOM } from "jsdom";

const out = (value) => process.stdout.write(JSON.stringify(value) + "\n");
const fail = (status, message) => {
  process.stderr.write(message.endsWith("\n") ? message : message + "\n");
  process.exit(status);
};

// Mermaid's logger and libraries may print: keep standard output for the JSON.
for (const name of ["log", "info", "warn", "debug"]) {
  console[name] = (...args) => process.stderr.write(args.join(" ") + "\n");
}

const dom = new JSDOM("<!DOCTYPE html><html><body></body></html>", {
  pretendToBeVisual: true,
});
globalThis.window = dom.window;
globalThis.document = dom.window.document;

let mermaid;
let version = "unknown";
try {
  ({ default: mermaid } = await import("mermaid"));
  const require = createRequire(import.meta.url);
  version = require("mermaid/package.json").version;
} catch (err) {
  fail(2, `cannot load mermaid (run: npm ci --prefix tests/mermaid): ${err?.stack ?? err}`);
}

class NotParsed extends Error {}

async function check(text) {
  let parsed;
  try {
    parsed = await mermaid.parse(text);
  } catch (err) {
    throw new NotParsed(`mermaid ${version} cannot parse the diagram: ${err?.message ?? err}`);
  }
  if (parsed?.diagramType !== "journey") {
    throw new NotParsed(
      `not a journey diagram: mermaid ${version} detected ${JSON.stringify(parsed?.diagramType)}`,
    );
  }
  let diagram;
  try {
    diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  } catch (err) {
    throw new NotParsed(`mermaid ${version} cannot parse the diagram: ${err?.message ?? err}`);
  }
  const db = diagram.db;
  // getTasks() appends to the db's list on every call: call it once.
  const tasks = db.getTasks().map((task) => ({
    section: task.section,
    task: task.task,
    score: task.score,
    people: task.people,
  }));
  return {
    mermaid: version,
    diagramType: parsed.diagramType,
    config: parsed.config ?? {},
    title: db.getDiagramTitle(),
    sections: [...db.getSections()],
    tasks,
    actors: db.getActors ? db.getActors() : [],
  };
}

async function outcome(text) {
  try {
    return { ok: true, result: await check(text) };
  } catch (err) {
    if (!(err instanceof NotParsed)) fail(2, `checker failed: ${err?.stack ?? err}`);
    return { ok: false, error: err.message };
  }
}

if (process.argv.includes("--lines")) {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    let text;
    try {
      text = JSON.parse(line);
    } catch (err) {
      fail(2, `--lines: a line is not JSON: ${err?.message ?? err}`);
    }
    if (typeof text !== "string") fail(2, "--lines: each line must be a JSON string");
    out(await outcome(text));
  }
  process.exit(0);
}

let input;
try {
  input = readFileSync(0, "utf8");
} catch (err) {
  fail(2, `cannot read standard input: ${err?.message ?? err}`);
}

if (process.argv.includes("--batch")) {
  let texts;
  try {
    texts = JSON.parse(input);
  } catch (err) {
    fail(2, `--batch: standard input is not JSON: ${err?.message ?? err}`);
  }
  if (!Array.isArray(texts) || !texts.every((text) => typeof text === "string")) {
    fail(2, "--batch: standard input must be a JSON array of strings");
  }
  const results = [];
  for (const text of texts) {
    results.push(await outcome(text));
  }
  out(results);
  process.exit(results.every((r) => r.ok) ? 0 : 1);
}

try {
  out(await check(input));
} catch (err) {
  if (!(err instanceof NotParsed)) fail(2, `checker failed: ${err?.stack ?? err}`);
  fail(1, err.message);
}
