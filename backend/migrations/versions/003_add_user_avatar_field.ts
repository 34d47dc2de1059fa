/**
 * add_user_avatar_field
 *
 * Revision ID: 003_add_user_avatar_field
 * Revises: 002_triggers
 * Create Date: 2026-11-24T19:41:00.834Z
 */
import type { Operations } from "retort-migrate";
import { varchar } from "retort-migrate";

export const revision = "003_add_user_avatar_field";
export const downRevision: string | string[] | null = "002_triggers";
export const branchLabels: string | string[] | null = null;
export const dependsOn: string | string[] | null = null;
export const message = "add_user_avatar_field";
export const createDate = "2026-11-24T19:41:00.834Z";

export async function upgrade(op: Operations): Promise<void> {
  await op.addColumn("users", "avatar_url", varchar(500));
}

export async function downgrade(op: Operations): Promise<void> {
  await op.dropColumn("users", "avatar_url");
}
