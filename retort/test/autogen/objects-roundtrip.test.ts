// The correctness bar for schema objects: a database with 12 views (one materialized,
// views on views), 11 functions in SQL and PL/pgSQL, 10 triggers, 2 extensions,
// sequences, 3 policies and row-level security goes through pull (model files),
// autogenerate from an empty database and upgrade, and pg_dump of the result equals
// pg_dump of the original. The downgrade then leaves the database empty.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { connect, parseDatabaseUrl, type Connection } from "../../src/drivers/index.js";
import { introspect } from "../../src/dialects/postgres/introspect.js";
import { createDialect } from "../../src/dialects/index.js";
import { compareWithDatabase } from "../../src/autogen/compare-database.js";
import { downgradeOf } from "../../src/autogen/downgrade.js";
import { renderModels } from "../../src/autogen/render-models.js";
import { buildSchema } from "../../src/schema/index.js";
import type { Op } from "../../src/ops/types.js";
import type { Schema } from "../../src/schema/types.js";
import { snapshot } from "../support/catalog.js";
import { createTempDatabase, postgresSkip, type TempDatabase } from "../support/postgres.js";
import { applyOps, DSL_MODULE, loadPulled } from "./support/apply.js";

const VERSION_TABLE = { versionTable: { name: "alembic_version" }, logTable: "retort_log" };
const KEEP_NAMES = { namingConvention: { ck: "%(constraint_name)s" } };

export const OBJECTS_SQL = `
create extension citext;
create extension pgcrypto;
create sequence invoice_numbers as integer start 1000 increment 10;
create sequence audit_ids;
create table accounts (id bigint generated always as identity primary key, email citext not null unique, tenant text not null,
  balance numeric(12,2) not null default 0, active boolean not null default true, updated_at timestamptz not null default now());
create table invoices (id integer primary key default nextval('invoice_numbers'), account_id bigint not null references accounts(id) on delete cascade,
  amount numeric(12,2) not null, status text not null default 'open', created_at timestamptz not null default now(), updated_at timestamptz not null default now());
create table audit_log (id bigint primary key default nextval('audit_ids'), table_name text not null, op text not null, at timestamptz not null default now());
create sequence note_numbers owned by invoices.status;
create function set_updated_at() returns trigger language plpgsql as $$
BEGIN
  NEW.updated_at = now();
  RETURN NEW;
END;
$$;
create function audit() returns trigger language plpgsql security definer as $$
BEGIN
  INSERT INTO audit_log (table_name, op) VALUES (TG_TABLE_NAME, TG_OP);
  RETURN NULL;
END;
$$;
create function guard_amount() returns trigger language plpgsql as $$
BEGIN
  IF NEW.amount < 0 THEN RAISE EXCEPTION 'negative amount %', NEW.amount; END IF;
  RETURN NEW;
END;
$$;
create function tag(prefix text, n integer default 1) returns text language sql immutable strict parallel safe as $$ select prefix || '-' || n $$;
create function invoice_total(account bigint) returns numeric language sql stable as $$ select coalesce(sum(amount), 0) from invoices where account_id = account $$;
create function open_invoices(account bigint) returns setof invoices language sql stable as $$ select * from invoices where account_id = account and status = 'open' $$;
create function balance_of(account bigint, out balance numeric, out invoices bigint) language sql as $$ select a.balance, (select count(*) from invoices i where i.account_id = a.id) from accounts a where a.id = account $$;
create function normalise_email() returns trigger language plpgsql as $$ BEGIN NEW.email = lower(NEW.email); RETURN NEW; END; $$;
create function notify_change() returns trigger language plpgsql as $$ BEGIN PERFORM pg_notify('changes', TG_TABLE_NAME); RETURN NULL; END; $$;
create function stamp_status() returns trigger language plpgsql as $$ BEGIN IF NEW.status IS NULL THEN NEW.status = 'open'; END IF; RETURN NEW; END; $$;
create procedure close_account(account bigint) language plpgsql as $$ BEGIN UPDATE accounts SET active = false WHERE id = account; END; $$;
create trigger trg_accounts_updated_at before update on accounts for each row execute function set_updated_at();
create trigger trg_invoices_updated_at before update on invoices for each row execute function set_updated_at();
create trigger trg_accounts_audit after insert or update or delete on accounts for each statement execute function audit();
create trigger trg_invoices_audit after insert or delete on invoices for each row execute function audit();
create trigger trg_invoices_guard before insert or update of amount on invoices for each row execute function guard_amount();
create trigger trg_accounts_email before insert or update of email on accounts for each row when (new.email is not null) execute function normalise_email();
create trigger trg_invoices_notify after update on invoices for each row when (old.status is distinct from new.status) execute function notify_change();
create trigger trg_accounts_notify after truncate on accounts for each statement execute function notify_change();
create trigger trg_invoices_status before insert on invoices for each row execute function stamp_status();
create trigger trg_audit_notify after insert on audit_log for each statement execute function notify_change('audit', 'x');
create view active_accounts as select id, email, tenant, balance from accounts where active;
create view active_emails as select email from active_accounts;
create view open_invoice_list as select i.id, i.account_id, i.amount from invoices i where i.status = 'open';
create view account_totals as select a.id, a.email, invoice_total(a.id) as total from accounts a;
create view big_accounts as select id, email from active_accounts where balance > 1000;
create view tenant_counts as select tenant, count(*) as accounts from accounts group by tenant;
create view recent_audit as select * from audit_log where at > now() - interval '1 day';
create view tagged_accounts as select id, tag('acct', id::integer) as label from accounts;
create view invoice_status_counts as select status, count(*) as n from invoices group by status;
create view local_accounts with (security_barrier) as select id, tenant from accounts where tenant = 'local' with local check option;
create view big_account_emails as select email from big_accounts;
create materialized view invoice_summary as select account_id, sum(amount) as total, count(*) as n from invoices group by account_id;
create unique index ix_invoice_summary_account on invoice_summary (account_id);
alter table accounts enable row level security;
alter table invoices enable row level security;
alter table invoices force row level security;
create policy tenant_accounts on accounts using (tenant = current_user);
create policy own_invoices on invoices for select to public using (account_id in (select id from accounts));
create policy no_negative on invoices as restrictive for insert with check (amount >= 0);
`;

const dump = (url: string): string => {
  const result = spawnSync("pg_dump", ["--schema-only", "--no-owner", "--no-privileges", url], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`pg_dump failed: ${result.stderr}`);
  // The header names the server and client versions, and \restrict carries a random key:
  // nothing of the schema.
  return result.stdout
    .split("\n")
    .filter((line) => !line.startsWith("-- Dumped ") && !line.startsWith("\\restrict ") && !line.startsWith("\\unrestrict "))
    .join("\n");
};

describe("round trip of functions, triggers, views, sequences, extensions and policies through pull", async () => {
  const skip = await postgresSkip();
  let original: TempDatabase;
  let copy: TempDatabase;
  let source: Connection;
  let target: Connection;
  let models: Schema;
  let upgrade: readonly Op[];

  const normaliser = (conn: Connection) => {
    const introspector = createDialect(conn.kind === "pglite" ? "pglite://memory" : "postgresql://localhost/x").introspector;
    return {
      normalise: (m: Schema, keys: readonly string[]) => introspector.normalise(conn, m, keys),
      normaliseObjects: (m: Schema, db: Schema) => introspector.normaliseObjects(conn, m, db),
    };
  };

  before(async () => {
    if (skip !== false) return;
    original = await createTempDatabase("objects_rt");
    copy = await createTempDatabase("objects_rt_copy");
    source = await connect(parseDatabaseUrl(original.url, process.cwd()));
    target = await connect(parseDatabaseUrl(copy.url, process.cwd()));
    await source.exec(OBJECTS_SQL);
  });
  after(async () => {
    if (skip !== false) return;
    await source.close();
    await target.close();
    await original.drop();
    await copy.drop();
  });

  test("the database holds at least 10 views, 10 functions, 10 triggers, 2 extensions, sequences and 3 policies", { skip }, async () => {
    const db = await introspect(source, VERSION_TABLE);
    assert.ok((db.views ?? []).length >= 10 && (db.views ?? []).some((v) => v.materialized === true));
    assert.ok((db.functions ?? []).length >= 10 && (db.functions ?? []).some((f) => f.language === "sql") && (db.functions ?? []).some((f) => f.language === "plpgsql"));
    assert.equal((db.triggers ?? []).length, 10);
    assert.deepEqual((db.extensions ?? []).map((e) => e.name), ["citext", "pgcrypto"]);
    assert.deepEqual((db.sequences ?? []).map((s) => s.name), ["audit_ids", "invoice_numbers", "note_numbers"]);
    assert.equal((db.policies ?? []).length, 3);
  });

  test("pulled models load and compare equal to the database", { skip }, async () => {
    const db = await introspect(source, VERSION_TABLE);
    const files = renderModels(db, { layout: "per-table", from: DSL_MODULE });
    assert.ok(files.some((f) => f.path === "objects.ts"));
    models = buildSchema(await loadPulled(files), KEEP_NAMES);
    assert.deepEqual((await compareWithDatabase(db, models, normaliser(source))).ops, []);
  });

  test("autogenerate from an empty database and upgrade: pg_dump equals the original's", { skip }, async () => {
    upgrade = (await compareWithDatabase(await introspect(target, VERSION_TABLE), models, normaliser(target))).ops;
    await applyOps(target, upgrade);
    const [got, wanted] = [dump(copy.url), dump(original.url)];
    if (process.env.RETORT_DUMP_DIR !== undefined) (writeFileSync(`${process.env.RETORT_DUMP_DIR}/copy.sql`, got), writeFileSync(`${process.env.RETORT_DUMP_DIR}/original.sql`, wanted));
    assert.equal(got, wanted);
    assert.deepEqual((await compareWithDatabase(await introspect(target, VERSION_TABLE), models, normaliser(target))).ops, []);
  });

  test("the downgrade leaves nothing behind", { skip }, async () => {
    await applyOps(target, downgradeOf(upgrade).filter((o): o is Op => o.kind !== "note"));
    const left = await snapshot(target);
    assert.deepEqual(
      Object.entries(left).filter(([key, rows]) => key !== "schemas" && rows.length > 0),
      [],
    );
    assert.deepEqual((await target.query("select extname from pg_extension where extname <> 'plpgsql'")).rows, []);
  });
});
