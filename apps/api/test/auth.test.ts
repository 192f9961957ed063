import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, startHarness, type Harness } from "./support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

describe("accounts", () => {
  it("makes the first account the admin and later ones plain users", async () => {
    const first = await new Client(h.url).signUp("ada@lab.test");
    const second = await new Client(h.url).signUp("bob@lab.test");
    expect(first.role).toBe("ADMIN");
    expect(second.role).toBe("USER");
    const rows = await h.db.user.findMany({ orderBy: { createdAt: "asc" } });
    expect(rows.map((u) => [u.email, u.role])).toEqual([["ada@lab.test", "ADMIN"], ["bob@lab.test", "USER"]]);
    // only a bcrypt hash is stored
    expect(rows[0].passwordHash).toMatch(/^\$2[aby]\$11\$/);
  });

  it("refuses a second account with the same email, and weak passwords, naming the field", async () => {
    const c = new Client(h.url);
    const dup = await c.gql(`mutation { signUp(input: {email: "ada@lab.test", name: "x", password: "long enough pw"}) { token } }`);
    expect(dup.errors?.[0].extensions?.code).toBe("CONFLICT");
    const weak = await c.gql(`mutation { signUp(input: {email: "new@lab.test", name: "x", password: "short"}) { token } }`);
    expect(weak.errors?.[0].extensions?.code).toBe("BAD_INPUT");
    expect(weak.errors?.[0].message).toContain("password");
  });

  it("logs in with the right password only, and sets an httpOnly session cookie", async () => {
    const bad = await new Client(h.url).gql(`mutation { logIn(input: {email: "ada@lab.test", password: "wrong password"}) { token } }`);
    expect(bad.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");

    const res = await fetch(`${h.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `mutation { logIn(input: {email: "ada@lab.test", password: "correct horse battery"}) { token user { email } } }` }),
    });
    const body = (await res.json()) as { data: { logIn: { token: string; user: { email: string } } } };
    expect(body.data.logIn.user.email).toBe("ada@lab.test");
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^refocus_session=rfs_[\w-]+;/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);

    // the cookie alone authenticates
    const me = await fetch(`${h.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: cookie.split(";")[0] },
      body: JSON.stringify({ query: "{ me { email } }" }),
    });
    expect(((await me.json()) as { data: { me: { email: string } } }).data.me.email).toBe("ada@lab.test");
  });

  it("issues API tokens that work as bearer tokens, and ends sessions on log-out", async () => {
    const c = new Client(h.url);
    await c.signUp("carol@lab.test");
    const session = c.token;
    const { createApiToken } = await c.ok(`mutation { createApiToken(name: "my script") { token apiToken { name } } }`);
    expect(createApiToken.token).toMatch(/^rfk_/);
    expect(createApiToken.apiToken.name).toBe("my script");

    const script = new Client(h.url);
    script.token = createApiToken.token;
    expect((await script.ok(`{ me { email } }`)).me.email).toBe("carol@lab.test");

    expect((await c.ok(`mutation { logOut }`)).logOut).toBe(true);
    c.token = session;
    expect((await c.ok(`{ me { email } }`)).me).toBeNull();
    // the API token outlives the session
    expect((await script.ok(`{ me { email } }`)).me.email).toBe("carol@lab.test");
  });

  it("writes one audit event per change, in the database", async () => {
    const events = await h.db.auditEvent.findMany({ orderBy: { id: "asc" } });
    const actions = events.map((e) => e.action);
    expect(actions.filter((a) => a === "user.sign_up")).toHaveLength(3);
    expect(actions).toContain("api_token.create");
    expect(actions).toContain("user.sign_out");
  });
});
