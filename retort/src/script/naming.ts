// Revision ids and file names for new revisions.
import { randomBytes } from "node:crypto";

/** Random lowercase hex, `length` characters (default 12, as Alembic's ids). */
export const generateRevisionId = (length = 12): string => {
  if (!Number.isInteger(length) || length < 1) throw new RangeError(`revision id length must be a positive integer, got ${length}`);
  return randomBytes(Math.ceil(length / 2)).toString("hex").slice(0, length);
};

const SLUG_LIMIT = 40;

/**
 * The message as a file-name slug: words of letters and digits joined by "_", lowercased,
 * cut at a word boundary to at most 40 characters (Alembic's truncate_slug_length).
 * Accents are dropped ("thêm trường" -> "them_truong") so names stay portable.
 */
export const slugify = (message: string): string => {
  const plain = message.normalize("NFD").replace(/\p{M}/gu, "").replace(/[đĐ]/g, (c) => (c === "đ" ? "d" : "D"));
  const words = plain.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  let slug = words.join("_");
  if (slug.length > SLUG_LIMIT) {
    const cut = slug.slice(0, SLUG_LIMIT + 1);
    const boundary = cut.lastIndexOf("_");
    // A single word longer than the limit is cut inside the word.
    slug = boundary > 0 ? cut.slice(0, boundary) : slug.slice(0, SLUG_LIMIT);
  }
  return slug;
};

/**
 * A file name (without extension) from Alembic's file_template tokens: %(rev)s, %(slug)s,
 * %(epoch)s, %(year)d, %(month).2d, %(day).2d, %(hour).2d, %(minute).2d, %(second).2d
 * (UTC). With an empty slug the dangling separator is dropped.
 */
export const renderFileName = (template: string, fields: { rev: string; slug: string; date: Date }): string => {
  const d = fields.date;
  const values: Record<string, string | number> = {
    rev: fields.rev,
    slug: fields.slug,
    epoch: Math.floor(d.getTime() / 1000),
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
  const name = template.replace(/%\((\w+)\)(?:\.(\d+))?([sd])/g, (whole, key: string, width: string | undefined) => {
    const value = values[key];
    if (value === undefined) return whole;
    const text = String(value);
    return width === undefined ? text : text.padStart(Number(width), "0");
  });
  return name.replace(/[_\-. ]+$/, "");
};
