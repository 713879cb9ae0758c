// Lints Cypher statements with Neo4j's own parser (@neo4j-cypher/language-support).
// Reads {"schema": DbSchema, "statements": [{"name", "cypher", "parameters": [..]}]} on stdin,
// prints one JSON object: {name: [[severity, message], ...]} (severity 1 error, 2 warning).
import { lintCypherQuery } from '@neo4j-cypher/language-support';

let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk;
const { schema, statements } = JSON.parse(input);
const report = {};
for (const statement of statements) {
  const parameters = Object.fromEntries(statement.parameters.map((name) => [name, null]));
  const { diagnostics } = lintCypherQuery(statement.cypher, { ...schema, parameters });
  report[statement.name] = diagnostics.map((d) => [d.severity, d.message]);
}
process.stdout.write(JSON.stringify(report));
