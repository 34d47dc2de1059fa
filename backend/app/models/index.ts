// The schema models: the single source of truth for tables and types. autogenerate
// compares these with the database; the API's queries are typed from them.
import type { Database } from "retort-migrate";
import { users } from "./users.js";
import { bots } from "./bots.js";
import { trainingData } from "./training-data.js";
import { conversations } from "./conversations.js";
import { conversationMessages } from "./conversation-messages.js";
import { trainingJobs } from "./training-jobs.js";
import { trainingChunks } from "./training-chunks.js";

export * from "./enums.js";
export { users, bots, trainingData, conversations, conversationMessages, trainingJobs, trainingChunks };
export { TRAINING_DOCUMENT_SQL } from "./training-data.js";
export { PASSAGE_DOCUMENT_SQL } from "./training-chunks.js";

export type DB = Database<{
  users: typeof users;
  bots: typeof bots;
  training_data: typeof trainingData;
  conversations: typeof conversations;
  conversation_messages: typeof conversationMessages;
  training_jobs: typeof trainingJobs;
  training_chunks: typeof trainingChunks;
}>;
