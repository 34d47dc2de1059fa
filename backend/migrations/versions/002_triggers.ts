// The database keeps two kinds of derived values itself, so that no writer (the API, a
// script, psql) can forget them: updated_at on every table that has one, and each
// conversation's message_count and last_message_at.
import type { Operations } from "retort-migrate";

export const revision = "002_triggers";
export const downRevision = "001_initial";
export const message = "triggers: updated_at, conversation message counters";

const TABLES_WITH_UPDATED_AT = ["users", "bots", "training_data", "conversations", "training_jobs"] as const;

// Row triggers on conversation_messages. An insert can only move last_message_at forward
// (a message written with an older created_at does not move it back); a delete may remove
// the latest message, so it is recomputed from what is left.
const MESSAGE_COUNTER_BODY = `
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE conversations
       SET message_count = message_count + 1,
           last_message_at = GREATEST(last_message_at, NEW.created_at)
     WHERE id = NEW.conversation_id;
    RETURN NEW;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE conversations
       SET message_count = GREATEST(message_count - 1, 0),
           last_message_at = (SELECT max(created_at) FROM conversation_messages WHERE conversation_id = OLD.conversation_id)
     WHERE id = OLD.conversation_id;
    RETURN OLD;
  END IF;
  RETURN NULL;
END;
`;

export async function upgrade(op: Operations): Promise<void> {
  await op.createFunction({
    name: "set_updated_at",
    args: [],
    returns: "trigger",
    language: "plpgsql",
    body: `
BEGIN
  NEW.updated_at = now();
  RETURN NEW;
END;
`,
    orReplace: true,
  });
  for (const table of TABLES_WITH_UPDATED_AT) {
    await op.createTrigger({
      name: `trg_${table}_updated_at`,
      table,
      timing: "before",
      events: ["update"],
      forEach: "row",
      function: { name: "set_updated_at" },
    });
  }

  await op.createFunction({
    name: "update_conversation_message_stats",
    args: [],
    returns: "trigger",
    language: "plpgsql",
    body: MESSAGE_COUNTER_BODY,
    orReplace: true,
  });
  await op.createTrigger({
    name: "trg_conversation_messages_stats",
    table: "conversation_messages",
    timing: "after",
    events: ["insert", "delete"],
    forEach: "row",
    function: { name: "update_conversation_message_stats" },
  });
}

export async function downgrade(op: Operations): Promise<void> {
  await op.dropTrigger("trg_conversation_messages_stats", "conversation_messages");
  await op.dropFunction("update_conversation_message_stats");
  for (const table of [...TABLES_WITH_UPDATED_AT].reverse()) {
    await op.dropTrigger(`trg_${table}_updated_at`, table);
  }
  await op.dropFunction("set_updated_at");
}
