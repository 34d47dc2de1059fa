import { test } from "node:test";
import assert from "node:assert/strict";
import { hashPassword, verifyPassword } from "../../app/auth/password.js";

test("a password hash names scrypt and its parameters and never contains the password", async () => {
  const hash = await hashPassword("correct horse battery staple");
  assert.match(hash, /^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{86}$/);
  assert.ok(!hash.includes("correct horse"));
});

test("the same password hashes differently each time (random salt) and both verify", async () => {
  const [a, b] = await Promise.all([hashPassword("s3cret-pass"), hashPassword("s3cret-pass")]);
  assert.notEqual(a, b);
  assert.equal(await verifyPassword("s3cret-pass", a), true);
  assert.equal(await verifyPassword("s3cret-pass", b), true);
});

test("a wrong password, or a stored value that is not an scrypt hash, does not verify", async () => {
  const hash = await hashPassword("s3cret-pass");
  assert.equal(await verifyPassword("s3cret-pasS", hash), false);
  assert.equal(await verifyPassword("s3cret-pass", "plain text"), false);
  assert.equal(await verifyPassword("s3cret-pass", "scrypt$0$8$1$abc$def"), false);
  assert.equal(await verifyPassword("s3cret-pass", "scrypt$16384$8$1$abc$"), false);
});
