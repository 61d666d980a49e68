// Observable Framework config for Segment Workbench. Everything here must work offline:
// see README.md, "How the offline build works".
import { sitePages } from "./pipeline/report/sitePages.js";
import { ANALYST_PAGES, siteMode } from "./src/lib/config/siteMode.js";

// Analyst-only pages (the customer lookup, src/lookup/[customer].md) are parameterized pages, which
// Framework builds only when listed in dynamicPaths: so `npm run dev` (analyst mode) serves and lists
// them and `npm run build` (published mode) neither lists nor builds them. WORKBENCH_MODE=analyst or
// published overrides that (src/lib/config/siteMode.ts).
const analyst = siteMode(process.env, process.argv) === "analyst";

// One page per segment of the committed config (src/segments/[segment].md), named from the report.
// The dev server reads this once: restart it to see renamed segments in the sidebar.
const segments = await sitePages();

// Framework's page chrome, made to pass the accessibility audit every browser test runs (axe-core;
// README "Accessibility"): the page's language, a name for the sidebar toggle (it has only a title),
// and the sidebar's close control (a label of that toggle) moved out of the list it sits in (a list
// may hold only list items). A module script runs once the page is parsed.
const PAGE_CHROME_FIXES = `<script type="module">
document.documentElement.lang ||= "en";
const toggle = document.getElementById("observablehq-sidebar-toggle");
if (toggle) toggle.setAttribute("aria-label", "Show or hide the sidebar");
const close = document.getElementById("observablehq-sidebar-close");
if (close?.parentElement?.tagName === "OL") close.parentElement.before(close);
</script>`;

export default {
  title: "Segment Workbench",
  root: "src",
  // `workbench run` (pipeline/refresh.ts) builds into a staging folder and swaps it into dist/ on success.
  output: process.env.WORKBENCH_SITE_OUTPUT || "dist",
  pages: [
    { name: "Segment report", path: "/" },
    { name: "Segments over time", path: "/history" },
    { name: "Predicted value", path: "/predictions" },
    { name: "Segments", open: true, pages: segments.pages },
    {
      name: "Workbench",
      open: true,
      pages: [
        { name: "Data", path: "/data" },
        { name: "Data quality", path: "/quality" },
        { name: "Segment workbench", path: "/workbench" },
        { name: "Compare segmentations", path: "/compare" },
        { name: "RFM segments", path: "/rfm" },
        { name: "Audiences", path: "/audiences" },
        { name: "SQL", path: "/sql" },
        // A template for analysts' own pages (README, "Your own analysis pages").
        { name: "Example analysis", path: "/analysis/example" },
        ...(analyst ? ANALYST_PAGES : []),
      ],
    },
  ],
  // The default stylesheet pulls web fonts from a CDN; ours is local.
  globalStylesheets: [],
  style: "style.css",
  head: `<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Ccircle cx='8' cy='8' r='7' fill='%234269d0'/%3E%3C/svg%3E">${PAGE_CHROME_FIXES}`,
  footer: "Segment Workbench — built from the committed workbench.config.json.",
  // json/parquet would be downloaded from DuckDB's extension repository; pages load Arrow streams instead.
  duckdb: { extensions: { json: null, parquet: null } },
  search: false,
  cleanUrls: true,
  dynamicPaths: [...segments.dynamicPaths, ...(analyst ? ANALYST_PAGES.map((p) => p.path) : [])],
};
