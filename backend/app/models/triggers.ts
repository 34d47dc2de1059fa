// The conversation counters the database keeps itself (002_triggers): each message insert
// or delete updates its conversation's message_count and last_message_at, so that no
// writer can forget them. The updated_at triggers come from touchUpdatedAt() on the tables.
import { fn, trigger } from "retort-migrate";
import { conversationMessages } from "./conversation-messages.js";

// An insert can only move last_message_at forward (a message written with an older
// created_at does not move it back); a delete may remove the latest message, so it is
// recomputed from what is left.
export const updateConversationMessageStats = fn("update_conversation_message_stats", {
  returns: "trigger",
  language: "plpgsql",
  body: `
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
`,
});

export const conversationMessagesStats = trigger("trg_conversation_messages_stats", {
  table: conversationMessages,
  timing: "after",
  events: ["insert", "delete"],
  forEach: "row",
  function: updateConversationMessageStats,
});
