// Personal data of a customers export, and a scan of a built site for it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { listFiles } from "../support/projectCopy.js";

/** Values of the personal-data columns (config `pii`) of a customers CSV without quoted fields, by column. */
export function piiValues(customersCsv: string, pii: readonly string[]): Map<string, Set<string>> {
  const [header, ...lines] = readFileSync(customersCsv, "utf-8").trimEnd().split("\n");
  if (header.includes('"') || lines.some((l) => l.includes('"'))) throw new Error(`${customersCsv}: quoted fields; use a CSV parser here`);
  const names = header.split(",");
  const out = new Map<string, Set<string>>();
  for (const column of pii) {
    const i = names.indexOf(column);
    if (i < 0) continue;
    out.set(column, new Set(lines.map((l) => l.split(",")[i]).filter((v) => v !== undefined && v.trim() !== "")));
  }
  return out;
}

/** Every text value in a data file (JSON strings, Arrow string cells, CSV cells) and its column names (JSON keys, Arrow fields, CSV header). */
function dataValues(file: string, bytes: Buffer): { names: string[]; values: string[] } {
  const names: string[] = [];
  const values: string[] = [];
  if (file.endsWith(".json")) {
    JSON.parse(bytes.toString("utf-8"), (key, value) => {
      names.push(key);
      if (typeof value === "string") values.push(value);
      return value;
    });
  } else if (file.endsWith(".arrow")) {
    const table = tableFromIPC(bytes);
    for (const field of table.schema.fields) {
      names.push(field.name);
      const column = table.getChild(field.name);
      if (!column || !/Utf8|Dictionary/.test(String(field.type))) continue;
      for (const v of column) if (typeof v === "string") values.push(v);
    }
  } else if (file.endsWith(".csv")) {
    const [header, ...lines] = bytes.toString("utf-8").split(/\r?\n/);
    const cells = (line: string) => line.split(",").map((c) => c.replace(/^"|"$/g, ""));
    names.push(...cells(header));
    for (const line of lines) values.push(...cells(line));
  }
  return { names, values };
}

export interface PiiScan {
  files: number;
  /** Personal data values looked for. */
  values: number;
  found: string[];
}

/**
 * Scans every file under dir (read as UTF-8 text, binaries included):
 * - anywhere: emails (case-insensitive, even run into other text), phone numbers (their digits, however spaced), and full names
 *   ("first last", words separated by single spaces);
 * - in data files (.json, .arrow, .csv under _file/ or elsewhere): any text value, key or column name
 *   equal to a personal-data value (a single first or last name included) or to a pii column's name.
 * Single names are not looked for in running text: ordinary words ("Wood", "Grace", "Davies–Bouldin")
 * are names too.
 */
/**
 * `referenceFiles`: files of public reference data not built from any customer (the world map's
 * boundaries), whose single values are not compared with the customers' values: a country named
 * "Jordan" is not the first name "Jordan". Emails, phones and full names are still looked for there.
 */
export async function scanForPii(dir: string, pii: Map<string, Set<string>>, customersCsv: string, referenceFiles: RegExp | null = null): Promise<PiiScan> {
  const emails = new Set([...(pii.get("email") ?? [])].map((e) => e.toLowerCase()));
  const domains = [...new Set([...emails].map((e) => e.slice(e.lastIndexOf("@") + 1)))];
  const phones = new Map([...(pii.get("phone") ?? [])].map((p) => [p.replace(/\D/g, ""), p]));
  const byValue = new Map<string, string>();
  for (const [column, values] of pii) for (const v of values) byValue.set(v, column);
  const [header, ...lines] = readFileSync(customersCsv, "utf-8").trimEnd().split("\n");
  const names = header.split(",");
  const fi = names.indexOf("first_name");
  const li = names.indexOf("last_name");
  const fullNames = new Set(fi >= 0 && li >= 0 ? lines.map((l) => l.split(",")).map((c) => `${c[fi]} ${c[li]}`) : []);
  // Full names are found from their first names: one regex over the text, then a look at what follows.
  const byFirst = new Map<string, string[]>();
  for (const full of fullNames) {
    const first = full.slice(0, full.indexOf(" "));
    byFirst.set(first, [...(byFirst.get(first) ?? []), full]);
  }
  const escape = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const firstNames = new RegExp(`(?<![\\p{L}'’])(?:${[...byFirst.keys()].map(escape).join("|")}) `, "gu");
  const found: string[] = [];
  const files = listFiles(dir);
  for (const name of files) {
    const bytes = readFileSync(join(dir, name));
    const text = bytes.toString("utf-8");
    // Emails from each "@": the known domains after it, every local part (up to 64 characters) before it.
    for (let at = text.indexOf("@"); at >= 0; at = text.indexOf("@", at + 1)) {
      for (const domain of domains) {
        if (text.slice(at + 1, at + 1 + domain.length).toLowerCase() !== domain) continue;
        for (let length = 1; length <= 64 && length <= at; length++) {
          const email = `${text.slice(at - length, at).toLowerCase()}@${domain}`;
          if (emails.has(email)) found.push(`${name}: email ${email}`);
        }
      }
    }
    for (const m of text.matchAll(/\+?\d[\d ().-]{7,}\d/g)) {
      const phone = phones.get(m[0].replace(/\D/g, ""));
      if (phone) found.push(`${name}: phone ${phone}`);
    }
    if (byFirst.size) {
      for (const m of text.matchAll(firstNames)) {
        for (const full of byFirst.get(m[0].slice(0, -1))!) {
          const after = text[m.index + full.length];
          if (text.startsWith(full, m.index) && (after === undefined || !/[\p{L}'’]/u.test(after))) found.push(`${name}: name "${full}"`);
        }
      }
    }
    if (/\.(json|arrow|csv)$/.test(name) && !referenceFiles?.test(name)) {
      const { names: columns, values } = dataValues(name, bytes);
      for (const v of values) {
        const column = byValue.get(v);
        if (column) found.push(`${name}: ${column} value "${v}"`);
      }
      for (const c of new Set(columns)) if (pii.has(c)) found.push(`${name}: column "${c}"`);
    }
  }
  return { files: files.length, values: [...pii.values()].reduce((s, v) => s + v.size, 0), found };
}
