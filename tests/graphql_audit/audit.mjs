// Runs graphql-http's server audit (GraphQL over HTTP, MUSTs and SHOULDs) against a URL;
// prints [{name, status, reason}] as JSON.
import { auditServer } from 'graphql-http';

const results = await auditServer({ url: process.argv[2] });
console.log(JSON.stringify(results.map(({ name, status, reason }) => ({ name, status, reason: reason ?? null }))));
