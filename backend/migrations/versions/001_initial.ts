// Everything the seed's database/init.sql and its migrations 002-004 created: users, bots,
// training data, conversations, conversation messages and training jobs, with their enum
// types. Declared here rather than imported from app/models, so that this revision stays
// what it was when written however the models change later.
import {
  bigint,
  boolean,
  check,
  enumType,
  index,
  integer,
  jsonb,
  numeric,
  sql,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
  varchar,
} from "retort-migrate";
import type { Operations } from "retort-migrate";

export const revision = "001_initial";
export const downRevision = null;
export const message = "initial schema: users, bots, training data, conversations, messages, training jobs";

const trainingSourceType = enumType("training_source_type", ["text", "qa", "url", "file"]);
const trainingStatus = enumType("training_status", ["pending", "processed", "failed"]);
const messageRole = enumType("message_role", ["system", "user", "assistant"]);
const jobStatus = enumType("job_status", ["pending", "running", "completed", "failed", "cancelled"]);

const createdAt = () => timestamp({ withTimezone: true }).notNull().default(sql`now()`);
const updatedAt = () => timestamp({ withTimezone: true }).notNull().default(sql`now()`);
const uuidKey = () => uuid().primaryKey().default(sql`gen_random_uuid()`);

export async function upgrade(op: Operations): Promise<void> {
  await op.createEnum(trainingSourceType);
  await op.createEnum(trainingStatus);
  await op.createEnum(messageRole);
  await op.createEnum(jobStatus);

  await op.createTable("users", {
    id: uuidKey(),
    email: varchar(255).notNull().unique(),
    username: varchar(50).notNull().unique(),
    password_hash: varchar(255).notNull(),
    full_name: varchar(255),
    is_active: boolean().notNull().default(true),
    is_superuser: boolean().notNull().default(false),
    created_at: createdAt(),
    updated_at: updatedAt(),
  });

  await op.createTable(
    "bots",
    {
      id: uuidKey(),
      owner_id: uuid().notNull().references({ table: "users", column: "id" }, { onDelete: "cascade" }),
      name: varchar(100).notNull(),
      description: text(),
      system_prompt: text(),
      model_name: varchar(100).notNull().default("fts-qa"),
      temperature: numeric(3, 2).notNull().default("0.70"),
      is_public: boolean().notNull().default(false),
      settings: jsonb().notNull().default(sql`'{}'::jsonb`),
      created_at: createdAt(),
      updated_at: updatedAt(),
    },
    (t) => [
      unique("uq_bots_owner_name").on(t.owner_id, t.name),
      index("ix_bots_owner_created").on(t.owner_id, t.created_at.desc()),
      index("ix_bots_public_created").on(t.created_at.desc()).where(sql`is_public`),
      check("ck_bots_temperature_range", sql`temperature >= 0 and temperature <= 2`),
    ],
  );

  await op.createTable(
    "training_data",
    {
      id: uuidKey(),
      bot_id: uuid().notNull().references({ table: "bots", column: "id" }, { onDelete: "cascade" }),
      source_type: trainingSourceType.column().notNull(),
      question: text(),
      content: text().notNull(),
      metadata: jsonb().notNull().default(sql`'{}'::jsonb`),
      status: trainingStatus.column().notNull().default("pending"),
      created_at: createdAt(),
      updated_at: updatedAt(),
    },
    (t) => [
      index("ix_training_data_bot_status").on(t.bot_id, t.status),
      index("ix_training_data_fts").using("gin").on(sql`to_tsvector('english', coalesce(question, '') || ' ' || content)`),
      check("ck_training_data_qa_question", sql`source_type <> 'qa' or question is not null`),
    ],
  );

  await op.createTable(
    "conversations",
    {
      id: uuidKey(),
      bot_id: uuid().notNull().references({ table: "bots", column: "id" }, { onDelete: "cascade" }),
      user_id: uuid().references({ table: "users", column: "id" }, { onDelete: "set null" }),
      session_id: varchar(64).notNull(),
      title: varchar(255),
      message_count: integer().notNull().default(0),
      last_message_at: timestamp({ withTimezone: true }),
      created_at: createdAt(),
      updated_at: updatedAt(),
    },
    (t) => [index("ix_conversations_bot_recent").on(t.bot_id, t.updated_at.desc()), index("ix_conversations_user").on(t.user_id)],
  );

  await op.createTable(
    "conversation_messages",
    {
      id: bigint().primaryKey().generatedAlwaysAsIdentity(),
      conversation_id: uuid().notNull().references({ table: "conversations", column: "id" }, { onDelete: "cascade" }),
      role: messageRole.column().notNull(),
      content: text().notNull(),
      token_count: integer().notNull().default(0),
      created_at: createdAt(),
    },
    (t) => [index("ix_conversation_messages_conversation_created").on(t.conversation_id, t.created_at)],
  );

  await op.createTable(
    "training_jobs",
    {
      id: uuidKey(),
      bot_id: uuid().notNull().references({ table: "bots", column: "id" }, { onDelete: "cascade" }),
      status: jobStatus.column().notNull().default("pending"),
      progress: integer().notNull().default(0),
      error_message: text(),
      started_at: timestamp({ withTimezone: true }),
      completed_at: timestamp({ withTimezone: true }),
      created_at: createdAt(),
      updated_at: updatedAt(),
    },
    (t) => [
      index("ix_training_jobs_bot_created").on(t.bot_id, t.created_at.desc()),
      uniqueIndex("uq_training_jobs_one_active_per_bot").on(t.bot_id).where(sql`status in ('pending', 'running')`),
      check("ck_training_jobs_progress_range", sql`progress >= 0 and progress <= 100`),
    ],
  );
}

export async function downgrade(op: Operations): Promise<void> {
  // Dependents first; dropping a table drops its indexes and constraints with it.
  await op.dropTable("training_jobs");
  await op.dropTable("conversation_messages");
  await op.dropTable("conversations");
  await op.dropTable("training_data");
  await op.dropTable("bots");
  await op.dropTable("users");
  await op.dropEnum("job_status");
  await op.dropEnum("message_role");
  await op.dropEnum("training_status");
  await op.dropEnum("training_source_type");
}
