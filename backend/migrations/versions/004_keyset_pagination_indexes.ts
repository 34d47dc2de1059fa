/**
 * keyset_pagination_indexes
 *
 * Indexes in the exact keyset order of each list (issue 7). Reviewed: plain CREATE INDEX,
 * as the lint notes say; build them CONCURRENTLY by hand on a large live database.
 *
 * Revision ID: 004_keyset_pagination_indexes
 * Revises: 003_add_user_avatar_field
 * Create Date: 2026-11-24T19:48:37.211Z
 */
import type { Operations } from "retort-migrate";

export const revision = "004_keyset_pagination_indexes";
export const downRevision: string | string[] | null = "003_add_user_avatar_field";
export const branchLabels: string | string[] | null = null;
export const dependsOn: string | string[] | null = null;
export const message = "keyset_pagination_indexes";
export const createDate = "2026-11-24T19:48:37.211Z";

export async function upgrade(op: Operations): Promise<void> {
  // lint: creates index ix_bots_created_id on existing table bots without CONCURRENTLY: writes are blocked while it builds
  await op.createIndex("ix_bots_created_id", "bots", [
    { column: "created_at", order: "desc" },
    { column: "id", order: "desc" },
  ]);
  // lint: creates index ix_conversation_messages_conversation_id on existing table conversation_messages without CONCURRENTLY: writes are blocked while it builds
  await op.createIndex(
    "ix_conversation_messages_conversation_id",
    "conversation_messages",
    ["conversation_id", "id"],
  );
  // lint: creates index ix_conversations_bot_created_id on existing table conversations without CONCURRENTLY: writes are blocked while it builds
  await op.createIndex("ix_conversations_bot_created_id", "conversations", [
    "bot_id",
    { column: "created_at", order: "desc" },
    { column: "id", order: "desc" },
  ]);
  // lint: creates index ix_training_data_bot_created_id on existing table training_data without CONCURRENTLY: writes are blocked while it builds
  await op.createIndex("ix_training_data_bot_created_id", "training_data", [
    "bot_id",
    "created_at",
    "id",
  ]);
}

export async function downgrade(op: Operations): Promise<void> {
  await op.dropIndex("ix_training_data_bot_created_id", {
    table: "training_data",
  });
  await op.dropIndex("ix_conversations_bot_created_id", {
    table: "conversations",
  });
  await op.dropIndex("ix_conversation_messages_conversation_id", {
    table: "conversation_messages",
  });
  await op.dropIndex("ix_bots_created_id", { table: "bots" });
}
