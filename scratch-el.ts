import { launchBrowser, settle } from "/work/wt-actions2/tests/support/browser.js";
import { serveStatic } from "/work/wt-actions2/tests/support/servers.js";
const server = await serveStatic("/work/wt-actions2/dist");
const browser = await launchBrowser();
const [path, ...selectors] = process.argv.slice(2);
const opened = await browser.openPage(new URL(path.replace(/^\//, ""), server.url).href);
await settle(opened);
await opened.page.waitForTimeout(3000);
for (const [i, sel] of selectors.entries()) {
  const loc = opened.page.locator(sel).first();
  await loc.screenshot({ path: `/tmp/a2-shots/el-${i}.png` });
}
console.log(JSON.stringify(opened.problems()));
await opened.close(); await browser.close(); await server.close();
