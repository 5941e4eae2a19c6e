// Parses every *.json card in the folder given as the first argument with the official Adaptive Cards library
// (npm "adaptivecards"), targeting schema 1.5, and prints one JSON line per card: {"file", "problems": [...]}.
// Every parse event (unknown element or action, invalid property value, feature newer than 1.5) and every
// validation event (missing or duplicate ids, empty containers...) is a problem. Exit code 0 when it ran.
"use strict";
const fs = require("fs");
const path = require("path");
const AC = require("./node_modules/adaptivecards/dist/adaptivecards.js");

const folder = process.argv[2];
for (const name of fs.readdirSync(folder).filter((f) => f.endsWith(".json")).sort()) {
  const json = JSON.parse(fs.readFileSync(path.join(folder, name), "utf8"));
  const problems = [];
  if (json.version !== "1.5") problems.push(`version is ${json.version}, expected 1.5`);
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const card = new AC.AdaptiveCard();
  card.parse(json, context);
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    problems.push(`parse: ${AC.ValidationEvent[event.event]}: ${event.message}`);
  }
  for (const event of card.validateProperties().validationEvents) {
    problems.push(`validate: ${AC.ValidationEvent[event.event]}: ${event.message}`);
  }
  process.stdout.write(JSON.stringify({ file: name, problems }) + "\n");
}
