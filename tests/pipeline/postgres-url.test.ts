// Connection URLs and redaction, without a server: where the password comes from, what is refused,
// and that no message ever carries the password.
import { describe, expect, it } from "vitest";
import { parsePostgresUrl, PostgresError, redact } from "../../pipeline/postgres.js";

function failure(f: () => unknown): PostgresError {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(PostgresError);
    return error as PostgresError;
  }
  throw new Error("expected a PostgresError");
}

describe("redact", () => {
  it("removes the password of any URL, keeping user and host", () => {
    expect(redact("cannot reach postgresql://shop:s3cret@db.internal:5432/shop")).toBe("cannot reach postgresql://shop:***@db.internal:5432/shop");
    expect(redact("postgres://a:p@ss:w0rd@h/db and mysql://b:x@h2")).toBe("postgres://a:***@h/db and mysql://b:***@h2");
    expect(redact("postgresql://shop@db/shop")).toBe("postgresql://shop@db/shop");
  });

  it("removes password=… settings, quoted or not", () => {
    expect(redact("host=db password=hunter22 user=shop")).toBe("host=db password=*** user=shop");
    expect(redact("PASSWORD = 'it''s secret' dbname=x")).toContain("PASSWORD = ***");
  });

  it("removes every occurrence of a known secret, as is and percent-encoded, and keeps one line", () => {
    const secret = "p@ss/wörd";
    const text = `invalid input "${secret}"\nat ${encodeURIComponent(secret)}`;
    const out = redact(text, [secret]);
    expect(out).toBe('invalid input "***" at ***');
    expect(out).not.toContain("ss/w");
  });
});

describe("parsePostgresUrl", () => {
  it("reads user, host, port and database; the password from PGPASSWORD", () => {
    const { target, password, secrets } = parsePostgresUrl("postgresql://shop@db.internal:6543/sales", { PGPASSWORD: "pw-1" });
    expect(target).toMatchObject({ user: "shop", host: "db.internal", port: 6543, database: "sales", ssl: false, passwordFrom: "PGPASSWORD", label: "shop@db.internal:6543/sales" });
    expect(password).toBe("pw-1");
    expect(secrets).toEqual(["pw-1"]);
    expect(parsePostgresUrl("postgres://shop@db/sales", {}).target).toMatchObject({ port: 5432, passwordFrom: null });
    expect(parsePostgresUrl("postgres://shop@db/sales", {}).password).toBeUndefined();
  });

  it("replaces ${NAME} from the environment anywhere in the URL, the password percent-encoded", () => {
    const env = { SHOP_PW: "a:b@c/d", SHOP_HOST: "db.internal", SHOP_USER: "shop" };
    const { target, password, secrets } = parsePostgresUrl("postgresql://${SHOP_USER}:${SHOP_PW}@${SHOP_HOST}/sales", env);
    expect(password).toBe("a:b@c/d");
    expect(secrets).toContain("a:b@c/d");
    expect(target).toMatchObject({ user: "shop", host: "db.internal", database: "sales", passwordFrom: "${SHOP_PW}" });
    expect(target.label).not.toContain("a:b");
  });

  it("names an unset variable", () => {
    expect(failure(() => parsePostgresUrl("postgresql://shop:${SHOP_PW}@db/sales", {})).message).toBe(
      "postgres URL postgresql://shop:***@db/sales: environment variable SHOP_PW (named in the URL) is not set: export SHOP_PW=… before running",
    );
  });

  it("refuses a password written in the URL, without printing it", () => {
    const error = failure(() => parsePostgresUrl("postgresql://shop:hunter22@db/sales", {}));
    expect(error.message).toMatch(/^postgres URL postgresql:\/\/shop:\*\*\*@db\/sales: the password is written in the URL; put it in an environment variable/);
    expect(error.message).not.toContain("hunter22");
    expect(error.stack).not.toContain("hunter22");
  });

  it("names what is missing or unsupported, with the fix", () => {
    expect(failure(() => parsePostgresUrl("mysql://a@b/c", {})).message).toContain("expected postgresql://USER@HOST[:PORT]/DATABASE");
    expect(failure(() => parsePostgresUrl("postgresql://db.internal/sales", {})).message).toContain("no user; write it in the URL");
    expect(failure(() => parsePostgresUrl("postgresql://shop@db.internal", {})).message).toContain("no database; write it in the URL");
    expect(failure(() => parsePostgresUrl("postgresql://shop@db/sales?sslmode=prefer", {})).message).toContain("sslmode=prefer is not supported; use disable, require, verify-ca, verify-full");
    expect(failure(() => parsePostgresUrl("postgresql://shop@db/sales?password=x", {})).message).toBe(
      'postgres URL postgresql://shop@db/sales?password=***: unknown parameter "password"; supported: sslmode, connect_timeout, application_name',
    );
    expect(parsePostgresUrl("postgresql://shop@db/sales?sslmode=require&connect_timeout=3", {}).target).toMatchObject({ ssl: { rejectUnauthorized: false }, connectTimeoutMs: 3000 });
  });
});
