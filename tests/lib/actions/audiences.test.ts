// Rule-based audiences (src/lib/actions/audienceRule.ts, audiences.ts) on native DuckDB and
// DuckDB-WASM: hand-checked members for every operator and type, blanks, nesting; size, value and
// the overlap matrix; rule problems against the table's columns; and seeded random rules whose
// members both engines and an independent JavaScript reading of the rules agree on.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertRule, columnKind, ruleColumns, ruleProblems, tableColumnsSql, type ColumnInfo, type Comparison, type Rule, type RuleScalar } from "../../../src/lib/actions/audienceRule.js";
import { assertNoSegmentColumns, audienceTableSql } from "../../../src/lib/actions/audienceTable.js";
import { assertAudiences, audienceMembersSql, audienceMembershipSql, audienceRowsSql, audienceOverlapSql, audienceSummarySql, largestOverlaps, type AudienceOverlap, type AudienceTable } from "../../../src/lib/actions/audiences.js";
import type { BoundValue } from "../../../src/lib/actions/params.js";
import { pick, randomInt, seededRandom } from "../../../src/lib/stats/random.js";
import { bothEngines, type BoundEngine } from "./engines.js";

const TYPES = {
  customer_id: "VARCHAR",
  recency_days: "INTEGER",
  frequency: "INTEGER",
  monetary: "DOUBLE",
  rfm_segment: "VARCHAR",
  region: "VARCHAR",
  email_opt_in: "BOOLEAN",
  first_purchase: "DATE",
  segment: "VARCHAR",
  share_home: "DOUBLE",
};
const HOSTILE = "O'Brien\"; DROP TABLE people; --";
// prettier-ignore
const PEOPLE: BoundValue[][] = [
  ["A", 5, 10, 1200.5, "Champions", "North", true, "2023-01-05", "Big", 0.5],
  ["B", 40, 3, 300, "Loyal", "South", false, "2023-06-01", "Mid", 0.1],
  ["C", 200, 1, 25.5, "Lost", null, null, "2022-11-20", "Small", null],
  ["D", 95, 2, 80, "At Risk", "  ", true, "2023-03-03", "Small", 0],
  ["E", 10, 1, 15, "New", "north", true, "2024-01-02", "Small", 1],
  ["F", 365, 6, 950, "Can't Lose", "Nord-West", false, "2022-12-31", "Big", 0.25],
  ["G", 30, 4, null, "Loyal", "South", true, "2023-09-09", "Mid", 0.3],
  ["H", 0, 1, -20, "Others", HOSTILE, true, "2024-01-01", "Mid", 0],
];

let engines: BoundEngine[] = [];
let columns: ColumnInfo[];
beforeAll(async () => {
  engines = await bothEngines();
  for (const engine of engines) {
    await engine.loadRows("people", TYPES, PEOPLE);
    await engine.run(`CREATE VIEW people_tagged AS SELECT *, [region] AS tags FROM people`);
  }
  columns = (await engines[0].query(tableColumnsSql("people_tagged"))) as unknown as ColumnInfo[];
});
afterAll(() => engines.forEach((e) => e.close()));

const table = (): AudienceTable => ({ table: "people_tagged", columns });
const c = (column: string, op: Comparison["op"], value?: RuleScalar | RuleScalar[]): Comparison => (value === undefined ? { column, op } : { column, op, value });

const CASES: [string, Rule, string[]][] = [
  ["a number at most", c("recency_days", "<=", 30), ["A", "E", "G", "H"]],
  ["a number range (a blank value is in no range)", c("monetary", "between", [80, 950]), ["B", "D", "F"]],
  ["numbers in a list", c("frequency", "in", [1, 2]), ["C", "D", "E", "H"]],
  ["exact text (case matters)", c("region", "=", "North"), ["A"]],
  ["text not equal: blanks (NULL and white space) match neither = nor !=", c("region", "!=", "North"), ["B", "E", "F", "G", "H"]],
  ["text containing, ignoring case", c("region", "contains", "NOR"), ["A", "E", "F"]],
  ["blank text, NULL or white space", c("region", "is null"), ["C", "D"]],
  ["not blank", c("region", "is not null"), ["A", "B", "E", "F", "G", "H"]],
  ["true", c("email_opt_in", "=", true), ["A", "D", "E", "G", "H"]],
  ["not true (a blank is neither)", c("email_opt_in", "!=", true), ["B", "F"]],
  ["a date before", c("first_purchase", "<", "2023-01-01"), ["C", "F"]],
  ["a date range, inclusive", c("first_purchase", "between", ["2023-01-01", "2023-06-01"]), ["A", "B", "D"]],
  ["text in a list", c("rfm_segment", "in", ["Champions", "Can't Lose"]), ["A", "F"]],
  ["text not in a list", c("rfm_segment", "not in", ["Champions", "Can't Lose"]), ["B", "C", "D", "E", "G", "H"]],
  ["a blank number", c("share_home", "is null"), ["C"]],
  ["a number equal to 0", c("share_home", "=", 0), ["D", "H"]],
  ["a value with quotes and SQL, as data", c("region", "=", HOSTILE), ["H"]],
  ["nested: any of (all of two), one", { any: [{ all: [c("recency_days", ">", 90), c("monetary", ">=", 80)] }, c("segment", "=", "Big")] }, ["A", "D", "F"]],
  ["a list column by blankness only", c("tags", "is not null"), ["A", "B", "C", "D", "E", "F", "G", "H"]],
];

describe.each(["native", "wasm"] as const)("audience members on %s DuckDB", (name) => {
  const engine = () => engines.find((e) => e.name === name)!;
  it.each(CASES)("%s", async (_, rule, members) => {
    expect(ruleProblems(rule, columns)).toEqual([]);
    const rows = await engine().all(audienceMembersSql(rule, table()));
    expect(rows.map((r) => r.customer_id)).toEqual(members);
  });
});

const AUDIENCES = [
  { name: "Recent", rule: c("recency_days", "<=", 30) },
  { name: "Mid value", rule: c("monetary", "between", [80, 950]) },
  { name: "No region", rule: c("region", "is null") },
];

describe.each(["native", "wasm"] as const)("audience sizes, value and overlaps on %s DuckDB", (name) => {
  const engine = () => engines.find((e) => e.name === name)!;

  it("gives each audience's customers and value against the whole table; a blank value is counted, not added as 0", async () => {
    // Values of all: 1200.5 + 300 + 25.5 + 80 + 15 + 950 − 20 = 2551 (G's is blank).
    expect(await engine().all(audienceSummarySql(AUDIENCES, table()))).toEqual([
      { audience: 0, name: "Recent", customers: 4, value: 1195.5, value_missing: 1, customer_share: 0.5, value_share: 1195.5 / 2551, base_customers: 8, base_value: 2551 },
      { audience: 1, name: "Mid value", customers: 3, value: 1330, value_missing: 0, customer_share: 3 / 8, value_share: 1330 / 2551, base_customers: 8, base_value: 2551 },
      { audience: 2, name: "No region", customers: 2, value: 105.5, value_missing: 0, customer_share: 2 / 8, value_share: 105.5 / 2551, base_customers: 8, base_value: 2551 },
    ]);
  });

  it("counts customers in both for every pair: the overlap matrix", async () => {
    const matrix = (await engine().all(audienceOverlapSql(AUDIENCES, table()))) as unknown as AudienceOverlap[];
    expect(matrix.map((m) => [m.a, m.b, m.customers, m.share_of_a])).toEqual([
      [0, 0, 4, 1],
      [0, 1, 0, 0],
      [0, 2, 0, 0],
      [1, 0, 0, 0],
      [1, 1, 3, 1],
      [1, 2, 1, 1 / 3],
      [2, 0, 0, 0],
      [2, 1, 1, 0.5],
      [2, 2, 2, 1],
    ]);
    expect(largestOverlaps(matrix)).toEqual([
      { audience: 0, with: null, share: 0 },
      { audience: 1, with: "No region", share: 1 / 3 },
      { audience: 2, with: "Mid value", share: 0.5 },
    ]);
  });

  it("lists every membership, a customer once per audience", async () => {
    const rows = await engine().all(audienceMembershipSql(AUDIENCES, table()));
    expect(rows.map((r) => `${r.customer_id}:${r.audience}`)).toEqual(["A:Recent", "B:Mid value", "C:No region", "D:Mid value", "D:No region", "E:Recent", "F:Mid value", "G:Recent", "H:Recent"]);
  });

  it("sizes an audience nobody is in, and works without a value column", async () => {
    const rows = await engine().all(audienceSummarySql([{ name: "Nobody", rule: c("recency_days", ">", 1000) }], { ...table(), valueColumn: null }));
    expect(rows).toEqual([{ audience: 0, name: "Nobody", customers: 0, value: 0, value_missing: 0, customer_share: 0, value_share: null, base_customers: 8, base_value: 0 }]);
  });
});

describe("rule problems against the table's columns", () => {
  const key = "audiences[1].rule";
  it.each([
    [{ all: [c("recencydays", "<", 3)] }, "audiences[1].rule.all[0].column", 'unknown column "recencydays"; did you mean recency_days?'],
    [c("Region", "=", "North"), "audiences[1].rule.column", 'unknown column "Region"; did you mean region?'],
    [c("postcode", "=", "N1"), "audiences[1].rule.column", 'unknown column "postcode"; the columns are customer_id, recency_days, frequency, monetary, rfm_segment, region, email_opt_in, first_purchase, segment, share_home, tags'],
    [c("recency_days", "<", "30"), "audiences[1].rule.value", 'expected a number ("recency_days" is a number column), got "30"'],
    [c("region", "<", "N"), "audiences[1].rule.op", 'expected one of "=", "!=", "in", "not in", "contains", "is null", "is not null" ("region" is a text column), got "<"'],
    [c("monetary", "contains", "1"), "audiences[1].rule.op", 'expected one of "=", "!=", "<", "<=", ">", ">=", "between", "in", "not in", "is null", "is not null" ("monetary" is a number column), got "contains"'],
    [c("email_opt_in", "=", "yes"), "audiences[1].rule.value", 'expected true or false ("email_opt_in" is a true/false column), got "yes"'],
    [c("first_purchase", ">", "2023-02-30"), "audiences[1].rule.value", 'expected a date "YYYY-MM-DD" ("first_purchase" is a date column), got "2023-02-30"'],
    [c("first_purchase", "between", ["2023-06-01", "2023-01-01"]), "audiences[1].rule.value", 'expected [low, high] with low ≤ high, got ["2023-06-01","2023-01-01"]'],
    [c("region", "in", ["North", 5]), "audiences[1].rule.value[1]", 'expected text (in quotes) ("region" is a text column), got 5'],
    [c("tags", "=", "x"), "audiences[1].rule.op", 'expected one of "is null", "is not null" ("tags" is a column of a type rules cannot compare (VARCHAR[])), got "="'],
    [{ any: [c("segment", "=", "Big"), { all: [c("frequency", ">", 1.5), c("monetary", "between", [10, 5])] }] }, "audiences[1].rule.any[1].all[1].value", "expected [low, high] with low ≤ high, got [10,5]"],
  ] as [Rule, string, string][])("%j", (rule, at, problem) => {
    expect(ruleProblems(rule, columns, key)[0]).toEqual({ key: at, problem });
    expect(() => assertRule(rule, columns, key, "my.json")).toThrow(`my.json: ${at}: ${problem}`);
  });

  it("lists every problem of a rule, for an editor to show them all", () => {
    const rule: Rule = { all: [c("recencydays", "<", 3), c("region", "=", 5), c("segment", "=", "Big")] };
    expect(ruleProblems(rule, columns).map((p) => p.key)).toEqual(["rule.all[0].column", "rule.all[1].value"]);
    expect(ruleColumns({ any: [rule, c("region", "is null")] })).toEqual(["recencydays", "region", "segment"]);
  });

  it("checks the id and value columns of the table, naming the key", () => {
    expect(() => assertAudiences([], { ...table(), valueColumn: "monetry" }, { source: "my.json", valueKey: "report.valueColumns[0]" })).toThrow('my.json: report.valueColumns[0]: unknown column "monetry"; did you mean monetary?');
    expect(() => assertAudiences([], { ...table(), valueColumn: "region" }, { source: "my.json", valueKey: "report.valueColumns[0]" })).toThrow('my.json: report.valueColumns[0]: expected a number column, got "region" (VARCHAR)');
    expect(() => assertAudiences([], { ...table(), idColumn: "id" }, { source: "my.json" })).toThrow('my.json: audiences: the customer table "people_tagged" has no "id" column');
    expect(() => assertAudiences([{ name: "x", rule: c("recency", "<", 1) }], table(), { source: "my.json" })).toThrow('my.json: audiences[0].rule.column: unknown column "recency"; did you mean recency_days?');
  });

  it('takes "in" lists of up to 1000 values, the same on both engines, and refuses more than a statement can bind on DuckDB-WASM', async () => {
    const ids = Array.from({ length: 1000 }, (_, i) => (i === 999 ? "H" : i === 0 ? "B" : `X${i}`));
    const rule = c("customer_id", "in", ids);
    for (const engine of engines) expect((await engine.all(audienceMembersSql(rule, table()))).map((r) => r.customer_id)).toEqual(["B", "H"]);
    expect(ruleProblems(c("customer_id", "in", [...ids, "Y"]), columns)).toEqual([{ key: "rule.value", problem: 'expected at most 1000 values for "in", got "1001 values"' }]);
    const three = [0, 1, 2].map((i) => ({ name: `a${i}`, rule }));
    expect(() => audienceSummarySql(three, table())).toThrow('more than 2000 values in one query: shorten the "in" lists of the rules, or run fewer audiences at once');
  });

  it("reads DuckDB's types", () => {
    expect(["INTEGER", "BIGINT", "DOUBLE", "DECIMAL(18,2)", "HUGEINT", "FLOAT"].map(columnKind)).toEqual(Array(6).fill("number"));
    expect(["VARCHAR", "BOOLEAN", "DATE", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "VARCHAR[]", "STRUCT(a INTEGER)"].map(columnKind)).toEqual(["text", "boolean", "date", "timestamp", "other", "other", "other"]);
  });
});

// ---- Seeded random rules: both engines and an independent JavaScript reading agree on every member.

type Person = Record<string, string | number | boolean | null>;
const REGIONS = ["North", "South", "north", "Nord-West", "  ", null, HOSTILE, "Ünïcode ☃"];

function generatePeople(seed: number, n: number): Person[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => ({
    customer_id: `P${String(i).padStart(4, "0")}`,
    recency_days: randomInt(random, 400),
    frequency: 1 + randomInt(random, 8),
    monetary: randomInt(random, 20) === 0 ? null : Math.round((random() * 3000 - 100) * 100) / 100,
    rfm_segment: pick(random, ["Champions", "Loyal", "Lost", "At Risk", "Can't Lose"]),
    region: pick(random, REGIONS),
    email_opt_in: pick(random, [true, false, null]),
    first_purchase: new Date(Date.UTC(2022, 0, 1) + randomInt(random, 900) * 86400000).toISOString().slice(0, 10),
    segment: pick(random, ["Big", "Mid", "Small"]),
    share_home: randomInt(random, 10) === 0 ? null : Math.round(random() * 100) / 100,
  }));
}

const KIND_OF: Record<string, "number" | "text" | "boolean" | "date"> = {
  recency_days: "number",
  frequency: "number",
  monetary: "number",
  share_home: "number",
  rfm_segment: "text",
  region: "text",
  segment: "text",
  email_opt_in: "boolean",
  first_purchase: "date",
};

function randomRule(random: () => number, people: Person[], depth = 0): Rule {
  if (depth < 2 && randomInt(random, 3) === 0) {
    const list = Array.from({ length: 1 + randomInt(random, 3) }, () => randomRule(random, people, depth + 1));
    return randomInt(random, 2) ? { all: list } : { any: list };
  }
  const column = pick(random, Object.keys(KIND_OF));
  const kind = KIND_OF[column];
  const seen = people.map((p) => p[column]).filter((v) => v !== null && !(typeof v === "string" && v.trim() === "")) as RuleScalar[];
  const some = () => pick(random, seen);
  const ops: Comparison["op"][] =
    kind === "text" ? ["=", "!=", "in", "not in", "contains", "is null", "is not null"] : kind === "boolean" ? ["=", "!=", "is null", "is not null"] : ["=", "!=", "<", "<=", ">", ">=", "between", "in", "not in", "is null", "is not null"];
  const op = pick(random, ops);
  if (op === "is null" || op === "is not null") return c(column, op);
  if (op === "in" || op === "not in") return c(column, op, Array.from({ length: 1 + randomInt(random, 3) }, some));
  if (op === "between") return c(column, op, [some(), some()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  if (op === "contains") return c(column, op, String(some()).slice(0, 1 + randomInt(random, 3)).toUpperCase());
  return c(column, op, some());
}

/** The rule read in JavaScript, as the README states it: blanks match only "is null"; contains ignores case. */
function matches(rule: Rule, p: Person): boolean {
  if ("all" in rule) return rule.all.every((r) => matches(r, p));
  if ("any" in rule) return rule.any.some((r) => matches(r, p));
  let v = p[rule.column];
  if (typeof v === "string" && v.trim() === "") v = null;
  if (rule.op === "is null") return v === null;
  if (rule.op === "is not null") return v !== null;
  if (v === null) return false;
  const x = rule.value as RuleScalar;
  switch (rule.op) {
    case "=":
      return v === x;
    case "!=":
      return v !== x;
    case "<":
      return v < x;
    case "<=":
      return v <= x;
    case ">":
      return v > x;
    case ">=":
      return v >= x;
    case "between": {
      const [lo, hi] = rule.value as RuleScalar[];
      return v >= lo && v <= hi;
    }
    case "in":
      return (rule.value as RuleScalar[]).includes(v);
    case "not in":
      return !(rule.value as RuleScalar[]).includes(v);
    case "contains":
      return String(v).toLowerCase().includes(String(x).toLowerCase());
  }
}

describe("seeded random rules", () => {
  it("give the same members on native DuckDB, DuckDB-WASM and in an independent JavaScript reading", async () => {
    const people = generatePeople(11, 400);
    const names = Object.keys(TYPES);
    for (const engine of engines) await engine.loadRows("generated", TYPES, people.map((p) => names.map((n) => p[n])));
    const generatedColumns = (await engines[0].query(tableColumnsSql("generated"))) as unknown as ColumnInfo[];
    const random = seededRandom(5);
    let nonTrivial = 0;
    for (let i = 0; i < 60; i++) {
      const rule = randomRule(random, people);
      expect(ruleProblems(rule, generatedColumns), JSON.stringify(rule)).toEqual([]);
      const expected = people.filter((p) => matches(rule, p)).map((p) => p.customer_id);
      const bound = audienceMembersSql(rule, { table: "generated", columns: generatedColumns });
      for (const engine of engines) {
        const got = (await engine.all(bound)).map((r) => r.customer_id);
        expect(got, `${engine.name}: ${JSON.stringify(rule)}`).toEqual(expected);
      }
      if (expected.length > 0 && expected.length < people.length) nonTrivial++;
    }
    // Most rules select some but not all: the comparison is not between empty (or full) lists.
    expect(nonTrivial).toBeGreaterThan(30);
  });
});

describe("the audience table and its preview", () => {
  it("is the feature table with the published segment, the same on both engines; a preview lists the first members", async () => {
    for (const engine of engines) {
      await engine.run(`CREATE OR REPLACE TABLE feats AS SELECT customer_id, recency_days, monetary, region FROM people`);
      await engine.loadRows("published", { customer_id: "VARCHAR", segment: "INTEGER", segment_name: "VARCHAR" }, [["A", 0, "Champions"], ["B", 1, "=Loyal"], ["H", 1, "=Loyal"]]);
      await engine.run(audienceTableSql("base", "feats", "published"));
    }
    const [native, wasm] = engines;
    const described = (await native.query(tableColumnsSql("base"))) as unknown as ColumnInfo[];
    expect(described.map((c) => c.name)).toEqual(["customer_id", "recency_days", "monetary", "region", "segment", "segment_name"]);
    expect(await wasm.query(tableColumnsSql("base"))).toEqual(described);
    const rule: Rule = { any: [{ column: "segment", op: "=", value: 1 }, { column: "recency_days", op: ">", value: 300 }] };
    const bound = audienceRowsSql(rule, { table: "base", columns: described }, ["segment_name", "monetary"], 2);
    const rows = await native.all(bound);
    // B, F and H match; the preview stops at two, by customer id; a customer without a published segment has none.
    expect(rows).toEqual([
      { customer_id: "B", segment_name: "=Loyal", monetary: 300 },
      { customer_id: "F", segment_name: null, monetary: 950 },
    ]);
    expect(await wasm.all(bound)).toEqual(rows);
    expect(() => audienceRowsSql(rule, { table: "base", columns: described }, ["nope"])).toThrow('unknown column "nope" in "base"');
  });

  it("stops when the customers export already has a column named like the published segment", () => {
    expect(() => assertNoSegmentColumns(["customer_id", "segment_name"], "shop.json")).toThrow(
      'shop.json: audiences: the customers export has a column "segment_name", which the audience table uses for the published segment; rename that column in the customers export',
    );
    expect(() => assertNoSegmentColumns(["customer_id", "rfm_segment"])).not.toThrow();
  });
});
