// Parity with the hosted tool (issue 16), against the fake Messages API through the real SDK:
// skills in `container.skills` and in the local system prompt, tool versions chosen from the
// model's capabilities, and a lost hosted container replaced with the agent's files uploaded again.
import type { BetaContentBlock } from "@anthropic-ai/sdk/resources/beta/messages/messages";
import { describe, expect, test } from "vitest";
import {
  createAgent,
  replayTranscript,
  skillFromFiles,
  type AgentEvent,
  type AgentOptions,
  type LocalSkill,
} from "../../src/agent/index.ts";
import { createContainerDouble } from "../fixtures/fake-anthropic/container-double.ts";
import type { FakeAnthropic } from "../fixtures/fake-anthropic/server.ts";
import { useFakeAnthropic } from "../fixtures/fake-anthropic/lifecycle.ts";
import { modelInfo } from "../fixtures/fake-anthropic/models.ts";
import { streamStep } from "../fixtures/fake-anthropic/sse.ts";

let fake: FakeAnthropic;
useFakeAnthropic((started) => (fake = started));

const MODEL = "claude-sonnet-5";
const CONTAINER = { id: "container_011CPR5CNjB747bTd36fQLFk", expires_at: "2026-01-01T00:00:00Z", skills: null };
const NEW_CONTAINER = { id: "container_02new", expires_at: "2026-02-01T00:00:00Z", skills: null };
const utf8 = new TextEncoder();
const OK: BetaContentBlock[] = [{ type: "text", text: "Done.", citations: null }];

function agent(extra: Partial<AgentOptions> = {}) {
  return createAgent({ engine: "hosted", apiKey: "test-key", baseURL: fake.url, model: MODEL, maxRetries: 0, ...extra });
}

async function collect(events: AsyncIterable<AgentEvent>): Promise<AgentEvent[]> {
  const out: AgentEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

function skillMd(name: string, description: string): Uint8Array {
  return utf8.encode(`---\nname: ${name}\ndescription: ${description}\n---\n\n# ${name}\n\nRun scripts/go.py.\n`);
}

const reportSkill: LocalSkill = skillFromFiles({
  "quarterly-report/SKILL.md": skillMd("quarterly-report", "Builds the quarterly sales report from a CSV."),
  "quarterly-report/scripts/go.py": utf8.encode("print('report')\n"),
});

describe("skills", () => {
  test("hosted: Anthropic skills by id, local skills uploaded once through the Skills API, all in container.skills", async () => {
    fake.enqueue(
      streamStep({ content: OK, stop_reason: "end_turn", container: CONTAINER }),
      streamStep({ content: OK, stop_reason: "end_turn", container: CONTAINER }),
    );
    // A skill object of its own: uploads are remembered per skill object and account.
    const report = { ...reportSkill };
    const a = agent({
      skills: [{ type: "anthropic", skill_id: "pptx" }, { type: "anthropic", skill_id: "xlsx", version: "20251013" }, report],
    });
    expect((await collect(a.send("Make slides"))).at(-1)).toMatchObject({ type: "done" });
    expect((await collect(a.send("And a sheet"))).at(-1)).toMatchObject({ type: "done" });

    const skillPosts = fake.requests.filter((r) => r.method === "POST" && r.path === "/v1/skills");
    expect(skillPosts).toHaveLength(1);
    expect(skillPosts[0]!.headers["anthropic-beta"]).toBe("skills-2025-10-02");
    const stored = [...fake.skills.values()];
    expect(stored.map((s) => s.skill.display_name)).toEqual(["quarterly-report"]);
    expect(stored[0]!.files.map((f) => [f.filename, new TextDecoder().decode(f.data)])).toEqual([
      ["quarterly-report/SKILL.md", new TextDecoder().decode(skillMd("quarterly-report", "Builds the quarterly sales report from a CSV."))],
      ["quarterly-report/scripts/go.py", "print('report')\n"],
    ]);

    const skills = [
      { type: "anthropic", skill_id: "pptx", version: "latest" },
      { type: "anthropic", skill_id: "xlsx", version: "20251013" },
      { type: "custom", skill_id: "skill_fake001", version: "latest" },
    ];
    const bodies = fake.messageBodies();
    expect(bodies.map((b) => b["container"])).toEqual([{ skills }, { id: CONTAINER.id, skills }]);
    const posts = fake.requests.filter((r) => r.path === "/v1/messages");
    expect(posts.map((r) => r.headers["anthropic-beta"])).toEqual(["skills-2025-10-02", "skills-2025-10-02"]);
  });

  test("a skill is uploaded once per account: a second conversation reuses it, another key uploads it again", async () => {
    const report = { ...reportSkill };
    fake.enqueue(...[1, 2, 3].map(() => streamStep({ content: OK, stop_reason: "end_turn" })));
    await collect(agent({ skills: [report] }).send("one"));
    await collect(agent({ skills: [report] }).send("two"));
    await collect(agent({ skills: [report], apiKey: "other-key" }).send("three"));
    expect(fake.requests.filter((r) => r.path === "/v1/skills")).toHaveLength(2);
    expect(fake.messageBodies().map((b) => b["container"])).toEqual([
      { skills: [{ type: "custom", skill_id: "skill_fake001", version: "latest" }] },
      { skills: [{ type: "custom", skill_id: "skill_fake001", version: "latest" }] },
      { skills: [{ type: "custom", skill_id: "skill_fake002", version: "latest" }] },
    ]);
  });

  test("a failed skill upload is a clear error, and the next send uploads it again", async () => {
    const report = { ...reportSkill, files: { "README.md": utf8.encode("no SKILL.md") } };
    expect(await collect(agent({ skills: [report] }).send("one"))).toEqual([
      {
        type: "error",
        message:
          'The skill "quarterly-report" could not be uploaded through the Skills API (400 invalid_request_error: SKILL.md file must be exactly in the top-level folder.).',
        retryable: false,
      },
    ]);
    await collect(agent({ skills: [report] }).send("two"));
    expect(fake.requests.filter((r) => r.path === "/v1/skills")).toHaveLength(2);
    expect(fake.messageBodies()).toEqual([]);
  });

  test("hosted without skills: the container id goes out as a string, also when given as a response's container object", async () => {
    fake.enqueue(streamStep({ content: OK, stop_reason: "end_turn", container: CONTAINER }));
    const a = agent({ container: CONTAINER });
    await collect(a.send("hi"));
    expect(fake.messageBodies()[0]!["container"]).toBe(CONTAINER.id);
    expect(fake.requests.find((r) => r.path === "/v1/messages")!.headers["anthropic-beta"]).toBeUndefined();
  });

  test("setSkills changes the skills from the next send on", async () => {
    fake.enqueue(
      streamStep({ content: OK, stop_reason: "end_turn", container: CONTAINER }),
      streamStep({ content: OK, stop_reason: "end_turn", container: CONTAINER }),
    );
    const a = agent({ skills: [{ type: "anthropic", skill_id: "pdf" }] });
    await collect(a.send("one"));
    a.setSkills([]);
    await collect(a.send("two"));
    expect(fake.messageBodies().map((b) => b["container"])).toEqual([
      { skills: [{ type: "anthropic", skill_id: "pdf", version: "latest" }] },
      CONTAINER.id,
    ]);
  });

  test("a 21st skill is refused before anything is sent", async () => {
    const many = Array.from({ length: 21 }, (_, i) => ({ type: "custom" as const, skill_id: `skill_${i}` }));
    const a = agent({ skills: many });
    expect(await collect(a.send("hi"))).toEqual([
      { type: "error", message: "Nothing was sent: 21 skills are enabled; a request takes at most 20.", retryable: false },
    ]);
    expect(fake.requests).toEqual([]);
  });

  test("local: each skill's name and description go into the system prompt", async () => {
    fake.enqueue(streamStep({ content: OK, stop_reason: "end_turn" }));
    const container = createContainerDouble({ results: [] });
    const a = createAgent({
      engine: "local",
      apiKey: "test-key",
      baseURL: fake.url,
      model: MODEL,
      maxRetries: 0,
      container,
      system: "Be brief.",
      skills: [reportSkill],
    });
    await collect(a.send("Report please"));
    const system = fake.messageBodies()[0]!["system"] as string;
    expect(system.startsWith("Be brief.\n\nYour bash, text editor and Python tools run in a sandbox")).toBe(true);
    expect(
      system.endsWith(
        "\n\nSkills are installed read-only in /skills. Each is a folder with a SKILL.md that says how to use it. " +
          "When a task matches a skill's description, read /skills/<name>/SKILL.md first (for example with cat) and follow it.\n" +
          "- quarterly-report: Builds the quarterly sales report from a CSV.",
      ),
    ).toBe(true);
  });

  test.each([
    [{ "SKILL.md": utf8.encode("# no frontmatter") }, "SKILL.md must start with a frontmatter block (--- name: … description: … ---)."],
    [{ "README.md": utf8.encode("hi") }, "The skill has no SKILL.md at the top of its folder."],
    [
      { "SKILL.md": skillMd("Bad_Name", "x") },
      'SKILL.md\'s frontmatter: the name "Bad_Name" may only contain lowercase letters, digits and hyphens.',
    ],
    [
      { "SKILL.md": skillMd("my-claude-helper", "x") },
      'SKILL.md\'s frontmatter: the name "my-claude-helper" contains the reserved word "claude".',
    ],
    [
      { "SKILL.md": skillMd("anthropic-tools", "x") },
      'SKILL.md\'s frontmatter: the name "anthropic-tools" contains the reserved word "anthropic".',
    ],
    [{ "SKILL.md": skillMd("a".repeat(65), "x") }, "SKILL.md's frontmatter: the name has 65 characters; at most 64 are allowed."],
    [{ "SKILL.md": skillMd("ok", "d".repeat(1025)) }, "SKILL.md's description has 1025 characters; at most 1024 are allowed."],
    [{ "SKILL.md": utf8.encode("---\nname: ok\n---\n") }, "SKILL.md's frontmatter has no description."],
    [{ "SKILL.md": skillMd("ok", "x"), "../escape.txt": utf8.encode("x") }, "The skill has a file outside its folder: ../escape.txt"],
    [
      { "SKILL.md": skillMd("ok", "x"), "big.bin": new Uint8Array(30 * 1024 * 1024 + 1) },
      "The skill is 30.0 MB; at most 30 MB are allowed.",
    ],
  ])("an invalid skill folder is refused with a clear reason (%#)", (files, message) => {
    expect(() => skillFromFiles(files)).toThrow(new Error(message));
  });

  test("a skill folder of exactly the limits is accepted", () => {
    const name = "a".repeat(64);
    const skill = skillFromFiles({ [`${name}/SKILL.md`]: skillMd(name, "d".repeat(1024)) });
    expect(skill.name).toBe(name);
    expect(skill.description).toHaveLength(1024);
    expect(Object.keys(skill.files)).toEqual(["SKILL.md"]);
  });
});

describe("tool versions and capabilities", () => {
  const queryTool = {
    name: "query",
    description: "Runs a query",
    input_schema: { type: "object" as const, properties: {} },
    callableFromCode: true,
    handler: () => "[]",
  };

  test("code_execution_20260521 is declared as asked, and code may call tools with that version as caller", async () => {
    fake.enqueue(streamStep({ content: OK, stop_reason: "end_turn" }));
    await collect(agent({ toolVersion: "code_execution_20260521", tools: [queryTool] }).send("hi"));
    expect(fake.messageBodies()[0]!["tools"]).toEqual([
      { type: "code_execution_20260521", name: "code_execution" },
      {
        name: "query",
        description: "Runs a query",
        input_schema: { type: "object", properties: {} },
        allowed_callers: ["direct", "code_execution_20260521"],
      },
    ]);
  });

  test("a programmatic call under code_execution_20260521 is answered, and the conversation replays offline", async () => {
    const code = "import json\nrows = json.loads(await query({'sql': 'x'}))\nprint(len(rows))";
    const paused: BetaContentBlock[] = [
      { type: "server_tool_use", id: "srvtoolu_521", name: "code_execution", input: { code } },
      // Response blocks name the 20260120 caller whatever version the request declared.
      {
        type: "tool_use",
        id: "toolu_521",
        name: "query",
        input: { sql: "x" },
        caller: { type: "code_execution_20260120", tool_id: "srvtoolu_521" },
      },
    ];
    const result: BetaContentBlock = {
      type: "code_execution_tool_result",
      tool_use_id: "srvtoolu_521",
      content: { type: "code_execution_result", stdout: "0\n", stderr: "", return_code: 0, content: [] },
    };
    fake.enqueue(
      streamStep({ content: paused, stop_reason: "tool_use", container: CONTAINER }),
      streamStep({ content: [result, ...OK], stop_reason: "end_turn", container: CONTAINER }),
    );
    const a = agent({ toolVersion: "code_execution_20260521", tools: [queryTool] });
    expect((await collect(a.send("Count the rows"))).at(-1)).toMatchObject({ type: "done", stop_reason: "end_turn" });
    expect((fake.messageBodies()[1]!["messages"] as unknown[]).at(-1)).toEqual({
      role: "user",
      content: [{ type: "tool_result", tool_use_id: "toolu_521", content: "[]" }],
    });

    const container = createContainerDouble({ results: [(call) => ({ ...result, tool_use_id: call.id }) as never] });
    const steps = [];
    for await (const step of replayTranscript(a.transcript, container)) steps.push(step);
    expect(container.calls).toEqual([{ type: "server_tool_use", id: "srvtoolu_521", name: "code_execution", input: { code } }]);
    expect(steps.map((step) => step.match)).toEqual([true]);
  });

  test("a model that reports programmatic tool calling gets code_execution_20260521 and callers by default", async () => {
    fake.models.set(MODEL, modelInfo(MODEL, { codeExecutionTool: true, programmatic: true }));
    fake.enqueue(streamStep({ content: OK, stop_reason: "end_turn" }), streamStep({ content: OK, stop_reason: "end_turn" }));
    const a = agent({ tools: [queryTool] });
    await collect(a.send("hi"));
    await collect(a.send("again"));
    expect(fake.messageBodies().map((b) => b["tools"])).toEqual([
      [
        { type: "code_execution_20260521", name: "code_execution" },
        {
          name: "query",
          description: "Runs a query",
          input_schema: { type: "object", properties: {} },
          allowed_callers: ["direct", "code_execution_20260521"],
        },
      ],
      [
        { type: "code_execution_20260521", name: "code_execution" },
        {
          name: "query",
          description: "Runs a query",
          input_schema: { type: "object", properties: {} },
          allowed_callers: ["direct", "code_execution_20260521"],
        },
      ],
    ]);
    // One lookup per agent.
    expect(fake.requests.filter((r) => r.method === "GET").map((r) => r.path)).toEqual([`/v1/models/${MODEL}`]);
  });

  test("a model without programmatic tool calling gets 20250825 and direct-only tools, even with 20260120 asked for", async () => {
    fake.models.set(MODEL, modelInfo(MODEL, { codeExecutionTool: true, programmatic: false }));
    fake.enqueue(streamStep({ content: OK, stop_reason: "end_turn" }), streamStep({ content: OK, stop_reason: "end_turn" }));
    await collect(agent({ tools: [queryTool] }).send("hi"));
    await collect(agent({ tools: [queryTool], toolVersion: "code_execution_20260120" }).send("hi"));
    const direct = { name: "query", description: "Runs a query", input_schema: { type: "object", properties: {} } };
    expect(fake.messageBodies().map((b) => b["tools"])).toEqual([
      [{ type: "code_execution_20250825", name: "code_execution" }, direct],
      [{ type: "code_execution_20260120", name: "code_execution" }, direct],
    ]);
  });

  test.each([
    ["the Models API reports no capabilities (null)", undefined],
    ["the Models API does not know the route (404)", 404],
    ["the Models API fails (500)", 500],
  ])("when %s, the default is code_execution_20250825", async (_label, status) => {
    if (status !== undefined) fake.models.set(MODEL, { error: status });
    fake.enqueue(streamStep({ content: OK, stop_reason: "end_turn" }));
    const events = await collect(agent({ tools: [queryTool] }).send("hi"));
    expect(events.at(-1)).toMatchObject({ type: "done", stop_reason: "end_turn" });
    expect(fake.messageBodies()[0]!["tools"]).toEqual([
      { type: "code_execution_20250825", name: "code_execution" },
      { name: "query", description: "Runs a query", input_schema: { type: "object", properties: {} } },
    ]);
  });

  test("a model the Models API says has no code execution tool: a clear error (hosted), the local engine (auto)", async () => {
    fake.models.set(MODEL, modelInfo(MODEL, { codeExecutionTool: false, programmatic: false }));
    expect(await collect(agent().send("hi"))).toEqual([
      {
        type: "error",
        message: `The Models API says that ${MODEL} does not support the code execution tool. Choose another model, or use the local engine.`,
        retryable: false,
      },
    ]);
    fake.enqueue(streamStep({ content: OK, stop_reason: "end_turn" }));
    const container = createContainerDouble({ results: [] });
    const auto = createAgent({ engine: "auto", apiKey: "test-key", baseURL: fake.url, model: MODEL, maxRetries: 0, container });
    const events = await collect(auto.send("hi"));
    expect(events[0]).toEqual({
      type: "engine",
      engine: "local",
      reason: `The hosted code execution tool is not available (The Models API says that ${MODEL} does not support the code execution tool. Choose another model, or use the local engine.); code runs locally from now on.`,
    });
    expect(events.at(-1)).toMatchObject({ type: "done" });
    expect(fake.messageBodies()).toHaveLength(1);
    expect(fake.messageBodies()[0]!["tools"]).toEqual([
      { type: "bash_20250124", name: "bash" },
      { type: "text_editor_20250728", name: "str_replace_based_edit_tool" },
      expect.objectContaining({ name: "code_execution" }),
    ]);
  });
});

describe("hosted container recovery", () => {
  const csv = utf8.encode("a,b\n1,2\n");
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
  const plotTurn: BetaContentBlock[] = [
    { type: "server_tool_use", id: "srvtoolu_plot", name: "bash_code_execution", input: { command: "python plot.py" } },
    {
      type: "bash_code_execution_tool_result",
      tool_use_id: "srvtoolu_plot",
      content: {
        type: "bash_code_execution_result",
        stdout: "",
        stderr: "",
        return_code: 0,
        content: [{ type: "bash_code_execution_output", file_id: "file_plot" }],
      },
    },
  ];

  /** One turn with an upload and an output file, in CONTAINER. */
  async function conversationWithFiles() {
    fake.addFile({ id: "file_plot", filename: "plot.png", mime_type: "image/png", data: png });
    fake.enqueue(streamStep({ content: plotTurn, stop_reason: "end_turn", container: CONTAINER }));
    const a = agent();
    const upload = await a.uploadFile("data.csv", csv);
    await collect(a.send([upload, { type: "text", text: "Plot it" }]));
    return { a, upload };
  }

  function uploadsAfter(count: number) {
    return fake.requests
      .filter((r) => r.method === "POST" && r.path === "/v1/files")
      .slice(count)
      .map((r) => {
        const file = (r.body as { file: { filename: string; data: Uint8Array } }).file;
        return [file.filename, Array.from(file.data)];
      });
  }

  test.each([
    [
      "container_expired",
      { kind: "error" as const, status: 400, type: "container_expired", message: `Container ${CONTAINER.id} has expired.` },
    ],
    [
      "a 5xx that names the container",
      {
        kind: "error" as const,
        status: 500,
        type: "api_error",
        message: `Internal error restoring ${CONTAINER.id}`,
        headers: { "x-should-retry": "false" },
      },
    ],
  ])(
    "%s: a new container is started, the upload and the output file are uploaded again, the UI is told, the turn goes on",
    async (_label, failure) => {
      const { a, upload } = await conversationWithFiles();
      // The fake numbers its uploads across the whole file: the next two follow the first upload.
      const n = Number(upload.file_id.slice("file_fakeupload".length));
      const [plotId, csvId] = [n + 1, n + 2].map((i) => `file_fakeupload${String(i).padStart(3, "0")}`);
      fake.enqueue(failure, streamStep({ content: OK, stop_reason: "end_turn", container: NEW_CONTAINER }));
      const events = await collect(a.send("Now the mean"));

      expect(uploadsAfter(1)).toEqual([
        ["plot.png", Array.from(png)],
        ["data.csv", Array.from(csv)],
      ]);
      const replaced = events.find((e) => e.type === "container_replaced");
      const detail =
        failure.status === 400
          ? `400 container_expired: Container ${CONTAINER.id} has expired.`
          : `500 api_error: Internal error restoring ${CONTAINER.id}`;
      expect(replaced).toEqual({
        type: "container_replaced",
        previous_id: CONTAINER.id,
        reason: `The hosted container ${CONTAINER.id} was lost (${detail}); the conversation goes on in a new one, with 2 files uploaded again: plot.png, data.csv.`,
        reuploaded: [
          { name: "plot.png", file_id: plotId },
          { name: "data.csv", file_id: csvId },
        ],
      });
      expect(events.at(-1)).toMatchObject({ type: "done", stop_reason: "end_turn" });

      const bodies = fake.messageBodies();
      expect(bodies.map((b) => b["container"])).toEqual([undefined, CONTAINER.id, undefined]);
      // The failed request and its retry carry the same history up to the new user turn.
      const retried = bodies[2]!["messages"] as Array<{ role: string; content: unknown }>;
      expect(retried.slice(0, 2)).toEqual((bodies[1]!["messages"] as unknown[]).slice(0, 2));
      expect(retried[2]).toEqual({
        role: "user",
        content: [
          { type: "container_upload", file_id: plotId },
          { type: "container_upload", file_id: csvId },
          {
            type: "text",
            text:
              `[The code execution container ${CONTAINER.id} was lost (${detail}); this conversation goes on in a new container. ` +
              "These files of the old one were uploaded again: plot.png, data.csv. Anything else of the old container (other files, Python variables) is gone.]",
          },
          { type: "text", text: "Now the mean" },
        ],
      });
      expect(a.containerId).toBe(NEW_CONTAINER.id);

      // The next loss uploads the same files once more, not twice each.
      fake.enqueue(
        { kind: "error", status: 400, type: "container_expired", message: `Container ${NEW_CONTAINER.id} has expired.` },
        streamStep({ content: OK, stop_reason: "end_turn", container: CONTAINER }),
      );
      await collect(a.send("Again"));
      expect(uploadsAfter(3).map(([name]) => name)).toEqual(["plot.png", "data.csv"]);
    },
  );

  test("a 5xx that does not name the container is an error, not a new container", async () => {
    const { a } = await conversationWithFiles();
    fake.enqueue({
      kind: "error",
      status: 500,
      type: "api_error",
      message: "Internal server error",
      headers: { "x-should-retry": "false" },
    });
    const events = await collect(a.send("Now the mean"));
    expect(events).toEqual([
      {
        type: "error",
        message: "The API failed even after retries (500 api_error: Internal server error). Send again later.",
        retryable: true,
      },
    ]);
    expect(a.containerId).toBe(CONTAINER.id);
    expect(uploadsAfter(1)).toEqual([]);
  });
});
