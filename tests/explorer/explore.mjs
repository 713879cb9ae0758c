// Drives the explorer, GraphiQL and the OpenAPI page in Debian's Chromium, against a live server.
// Usage: node explore.mjs URL SCREENSHOT_FOLDER. Prints one JSON document of what it saw.
import { chromium } from "playwright-core";

const [url, shots] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
const outside = [], failed = [];
page.on("request", (request) => { if (!request.url().startsWith(url) && !request.url().startsWith("data:")) outside.push(request.url()); });
page.on("requestfailed", (request) => failed.push(request.url()));
page.on("response", (response) => { if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`); });
const seen = {};

async function choose(input, text, suggestion) {
  await page.fill(input, "");
  await page.type(input, text, { delay: 20 });
  const list = input === "#search" ? "#suggestions" : "#path-suggestions";
  await page.locator(`${list} li`, { hasText: suggestion }).first().click();
}

async function ready(previous) {
  await page.waitForFunction((p) => {
    const svg = document.getElementById("network");
    return svg.dataset.ready && svg.dataset.ready !== p;
  }, previous ?? "");
  return page.$eval("#network", (svg) => svg.dataset.ready);
}

// People whose dot lies outside the drawing or under the panel, the legend or the status line, or whose
// name runs past the drawing's edge; counted once the drawing has fitted itself to its room.
async function hidden() {
  await page.waitForFunction(() => {
    const svg = document.getElementById("network");
    return svg.dataset.width === String(Math.round(svg.getBoundingClientRect().width));
  });
  return page.evaluate(() => {
    const box = (id) => document.getElementById(id).getBoundingClientRect();
    const canvas = box("canvas");
    const covers = ["legend", "status", "panel"].filter((id) => !document.getElementById(id).hidden).map(box);
    const inside = (r, x, y) => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom;
    return [...document.querySelectorAll("#nodes .node")].filter((node) => {
      const dot = node.querySelector("circle").getBoundingClientRect(), name = node.querySelector("text").getBoundingClientRect();
      const x = (dot.left + dot.right) / 2, y = (dot.top + dot.bottom) / 2;
      return !inside(canvas, x, y) || covers.some((r) => inside(r, x, y)) || name.right > canvas.right || name.bottom > canvas.bottom;
    }).map((node) => node.querySelector("text").textContent);
  });
}

const nodeNames = () => page.$$eval("#nodes .node", (nodes) => nodes.map((n) => n.querySelector("text").textContent));

await page.goto(url + "/");
await choose("#search", "Chengkai Huang", "Chengkai Huang");
let mark = await ready();
seen.huang = { nodes: (await nodeNames()).length, links: await page.locator("#links line").count(),
  colours: new Set(await page.$$eval("#nodes circle", (c) => c.map((x) => x.getAttribute("fill")))).size };
await page.waitForSelector("#papers li");
const panel = async () => ({ name: await page.textContent("#person-name"), papers: await page.locator("#papers li").count(),
  recommendations: await page.$$eval("#recommendations li", (items) => items.map((li) => li.textContent)) });
seen.panel = await panel();
seen.hidden1400 = await hidden();
await page.screenshot({ path: `${shots}/explorer-chengkai-huang.png` });
await page.setViewportSize({ width: 800, height: 900 });
seen.hidden800 = await hidden();
await page.screenshot({ path: `${shots}/explorer-chengkai-huang-800.png` });
await page.setViewportSize({ width: 1400, height: 900 });

await page.fill("#search", "");
await page.type("#search", "Yuhang Yao", { delay: 20 });
await page.waitForSelector("#suggestions li");
await page.press("#search", "Enter");  // the first suggestion
mark = await ready(mark);
seen.yao = await nodeNames();
await page.locator("#nodes .node", { hasText: "Chengkai Huang" }).locator("circle").click();  // expand him
mark = await ready(mark);
seen.expanded = (await nodeNames()).length;
await page.locator("#nodes .node", { hasText: "Yuhang Yao" }).locator("text").click();  // by name: select him again
await page.waitForFunction(() => document.getElementById("person-name").textContent === "Yuhang Yao");
seen.yaoPanel = await panel();
await choose("#path-to", "Zhiqiang Liu", "Zhiqiang Liu");
await page.waitForSelector("#nodes .node.on-path");
seen.path = await page.$$eval("#nodes .node.on-path", (nodes) => nodes.map((n) => n.querySelector("text").textContent).sort());
seen.pathLinks = await page.locator("#links line.on-path").count();
seen.hops = await page.$$eval("#path-hops li", (items) => items.map((li) => li.textContent));
await page.screenshot({ path: `${shots}/explorer-path.png` });

await page.fill("#first-year", "2025");
await page.fill("#last-year", "2026");
await page.dispatchEvent("#last-year", "change");
mark = await ready(mark);
seen.recent = (await nodeNames()).length;
seen.hopsAfterYears = await page.locator("#path-hops li").count();

await page.fill("#search", "Chengkai Haung");
await page.press("#search", "Enter");  // a misspelt name and no suggestion: the closest names
await page.waitForFunction(() => document.getElementById("status").textContent.startsWith("No one is named"));
seen.misspelt = await page.textContent("#status");

await page.goto(url + "/?author=Chengkai%20Huang");
await ready();
await page.waitForFunction(() => document.getElementById("person-name").textContent === "Chengkai Huang");
seen.linkedByName = (await nodeNames()).length;

await page.goto(url + "/?topic=RAG");
await ready();
seen.topicStatus = await page.textContent("#status");

await page.goto(url + "/graphql");
await page.waitForSelector(".graphiql-container .CodeMirror, .graphiql-container .cm-editor, .graphiql-query-editor");
await page.waitForFunction(() => document.body.innerText.includes("collaborationPath"));
seen.graphiql = true;
await page.screenshot({ path: `${shots}/graphiql.png` });

await page.goto(url + "/docs");
await page.waitForSelector(".swagger-ui .info .title");
seen.docs = await page.textContent(".swagger-ui .info .title");
await page.screenshot({ path: `${shots}/openapi.png` });

seen.outside = outside;
seen.failed = failed;
console.log(JSON.stringify(seen));
await browser.close();
