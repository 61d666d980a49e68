// The PostgreSQL client layer against a real throwaway server (tests/support/postgres.ts): values
// back as the pipeline expects them, and one clear line, without the password, for each way a
// connection or a query goes wrong.
import { describe, expect, it } from "vitest";
import { openPostgres, PostgresError, type PostgresDatabase } from "../../pipeline/postgres.js";
import { freePort } from "../support/servers.js";
import { usePostgres } from "../support/postgres.js";

const postgres = usePostgres();

async function failure(promise: Promise<unknown>): Promise<PostgresError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(PostgresError);
    const message = (error as Error).message;
    expect(message).not.toMatch(/[\r\n]/);
    if (postgres.available) expect(message).not.toContain(postgres.server().password);
    return error as PostgresError;
  }
  throw new Error("expected a PostgresError");
}

async function withDatabase<T>(f: (db: PostgresDatabase) => Promise<T>): Promise<T> {
  const server = postgres.server();
  const db = await openPostgres(server.url, { env: server.env });
  try {
    return await f(db);
  } finally {
    await db.close();
  }
}

describe.skipIf(!postgres.available)("PostgreSQL client", () => {
  it("connects with the password from PGPASSWORD and returns rows as JS values", async () => {
    await withDatabase(async (db) => {
      expect(db.source).toBe(`(postgres workbench@127.0.0.1:${postgres.server().port}/workbench)`);
      await db.run("CREATE TEMP TABLE typed (id text, n int8, x double precision, amount numeric(12, 2), day date, at timestamptz, missing int4)");
      await db.run("INSERT INTO typed VALUES ($1, $2, $3, $4, $5, $6, $7)", ["17850", 9007199254740993n, 0.1 + 0.2, "1234.50", "2011-12-09", "2011-12-09 12:50:00+02", null]);
      const [row] = await db.all("SELECT * FROM typed");
      expect(row).toEqual({
        id: "17850",
        n: 9007199254740993n, // int8 beyond 2^53 stays exact, as a bigint (DuckDB's BIGINT does the same)
        x: 0.30000000000000004,
        amount: "1234.50", // NUMERIC stays exact text
        day: "2011-12-09",
        at: "2011-12-09 10:50:00+00", // the session is in UTC
        missing: null,
      });
      expect(await db.all("SELECT count(*) AS n FROM typed; SELECT 2 AS two")).toEqual([{ two: 2 }]);
    });
  });

  it("takes the password from a ${NAME} placeholder in the URL", async () => {
    const server = postgres.server();
    const url = `postgresql://${server.user}:\${WB_TEST_SECRET}@127.0.0.1:${server.port}/${server.database}`;
    const db = await openPostgres(url, { env: { WB_TEST_SECRET: server.password } });
    try {
      expect(await db.all("SELECT current_user AS who")).toEqual([{ who: server.user }]);
    } finally {
      await db.close();
    }
  });

  it("an unreachable server: names the server and says what to check", async () => {
    const port = await freePort(); // nothing listens there
    const error = await failure(openPostgres(`postgresql://workbench@127.0.0.1:${port}/workbench`, { env: postgres.server().env, name: "inputs.transactions" }));
    expect(error.message).toBe(
      `inputs.transactions (postgres workbench@127.0.0.1:${port}/workbench): cannot connect (connection refused): ` +
        "check the host and port in the URL, that the server is running and that it accepts TCP connections from this machine",
    );
    expect(error.code).toBe("ECONNREFUSED");
  });

  it("wrong credentials: names the user and where the password came from, prints neither password", async () => {
    const server = postgres.server();
    const wrong = "not-the-password-42";
    const error = await failure(openPostgres(server.url, { env: { PGPASSWORD: wrong } }));
    expect(error.message).toBe(
      `(postgres workbench@127.0.0.1:${server.port}/workbench): password authentication failed for user "workbench": check the password in PGPASSWORD and the user in the URL`,
    );
    expect(error.message).not.toContain(wrong);
    const viaPlaceholder = await failure(
      openPostgres(`postgresql://nobody:\${SHOP_PW}@127.0.0.1:${server.port}/workbench`, { env: { SHOP_PW: wrong } }),
    );
    expect(viaPlaceholder.message).toContain('password authentication failed for user "nobody": check the password in ${SHOP_PW}');
    expect(viaPlaceholder.code).toBe("28P01");
  });

  it("no password at all when the server asks for one", async () => {
    const server = postgres.server();
    const error = await failure(openPostgres(server.url, { env: {} }));
    expect(error.message).toBe(
      `(postgres workbench@127.0.0.1:${server.port}/workbench): the server asks for a password and none is set: ` +
        "export PGPASSWORD, or name a variable as the URL's password (workbench:${NAME}@127.0.0.1)",
    );
  });

  it("a missing database", async () => {
    const server = postgres.server();
    const error = await failure(openPostgres(`postgresql://workbench@127.0.0.1:${server.port}/shop`, { env: server.env }));
    expect(error.message).toBe(`(postgres workbench@127.0.0.1:${server.port}/shop): database "shop" does not exist: check the database in the URL`);
  });

  it("a missing table: the tables there are, and a near name", async () => {
    await withDatabase(async (db) => {
      await db.run('CREATE TABLE lines (customer_id text, qty int4); CREATE SCHEMA sales; CREATE TABLE sales."Orders" (id int4)');
      expect(await db.columns("lines")).toEqual(["customer_id", "qty"]);
      expect(await db.columns("sales.Orders")).toEqual(["id"]);
      const error = await failure(db.columns("transactions"));
      expect(error.message).toBe(
        `${db.source}: table "transactions" not found (tables: lines, sales.Orders): check the table name (SCHEMA.NAME when it is outside the search path)`,
      );
      expect((await failure(db.columns("sales.orders"))).message).toContain('did you mean "sales.Orders"? Names are case-sensitive');
      // The same table missing in a query the layer did not write.
      const query = await failure(db.all("SELECT * FROM transactions"));
      expect(query.message).toBe(
        `${db.source}: query failed: relation "transactions" does not exist (SQLSTATE 42P01): check the table name (SCHEMA.NAME when it is outside the search path)`,
      );
    });
  });

  it("a missing column: the columns there are", async () => {
    await withDatabase(async (db) => {
      await db.run("CREATE TEMP TABLE basket (customer_id text, quantity int4, price double precision)");
      await db.requireColumns("basket", ["customer_id", "price"]);
      const error = await failure(db.requireColumns("basket", ["customer_id", "unit_price"], "set columns.transactions.unit_price"));
      expect(error.message).toBe(`${db.source}: table "basket" has no column "unit_price" (columns: customer_id, quantity, price): set columns.transactions.unit_price`);
      expect(error.code).toBe("42703");
      const query = await failure(db.all("SELECT unit_price FROM basket"));
      expect(query.message).toBe(`${db.source}: query failed: column "unit_price" does not exist (SQLSTATE 42703): check the column names`);
    });
  });

  it("a server message that echoes the password is redacted", async () => {
    const server = postgres.server();
    await withDatabase(async (db) => {
      const error = await failure(db.all(`SELECT '${server.password}'::int4`));
      expect(error.message).toBe(`${db.source}: query failed: invalid input syntax for type integer: "***" (SQLSTATE 22P02)`);
    });
  });
});
