// PostgreSQL enum types shared by the tables. Values are part of the API's JSON.
import { enumType } from "retort-migrate";

export const trainingSourceType = enumType("training_source_type", ["text", "qa", "url", "file"]);
export const trainingStatus = enumType("training_status", ["pending", "processed", "failed"]);
export const messageRole = enumType("message_role", ["system", "user", "assistant"]);
export const jobStatus = enumType("job_status", ["pending", "running", "completed", "failed", "cancelled"]);
