// Opens the explorer on one author, RUNS times, in Debian's Chromium: milliseconds from navigation
// until the network is drawn (the server's answer included). Usage: node explorer_render.mjs URL AUTHOR_ID RUNS
import { chromium } from "playwright-core";

const [url, author, runs] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
const times = [];
for (let run = 0; run < Number(runs); run++) {
  const start = Date.now();
  await page.goto(`${url}/?author=${encodeURIComponent(author)}`);
  await page.waitForSelector("#network[data-ready]", { timeout: 60000 });
  times.push(Date.now() - start);
}
const drawn = await page.locator("#nodes .node").count();
console.log(JSON.stringify({ times, drawn }));
await browser.close();
