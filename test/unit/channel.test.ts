// The typed channel between the container and its worker: host tools and streamed output
// travel on it (packages too: see packages.test.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContainer, type Container } from "code-exec-sandbox";

let container: Container;
/** What onOutput has received so far, as a host tool sees it while the cell still runs. */
let streamedSoFar = "";
beforeAll(async () => {
  container = await createContainer({
    tools: {
      shout: (input) => String(input.text).toUpperCase(),
      seen: () => JSON.stringify(streamedSoFar),
    },
  });
});
afterAll(async () => container?.close());

describe("streamed output", () => {
  it("sends a cell's writes to onOutput as they happen, and the block still holds all of them", async () => {
    const chunks: Array<{ stream: string; text: string }> = [];
    const block = await container.execute(
      {
        type: "server_tool_use",
        id: "srvtoolu_stream1",
        name: "code_execution",
        input: {
          code: "import sys\nprint('one')\nprint('två', file=sys.stderr)\nprint(await shout({'text': 'three'}))\nseen_mid_cell = await seen({})\n'done'",
        },
      },
      {
        onOutput: (chunk) => {
          chunks.push(chunk);
          streamedSoFar += chunk.text;
        },
      },
    );
    expect(block.content).toEqual({
      type: "code_execution_result",
      stdout: "one\nTHREE\n'done'\n",
      stderr: "två\n",
      return_code: 0,
      content: [],
    });
    const joined = (stream: string) =>
      chunks
        .filter((c) => c.stream === stream)
        .map((c) => c.text)
        .join("");
    expect(joined("stdout")).toBe("one\nTHREE\n'done'\n");
    expect(joined("stderr")).toBe("två\n");
    // In the order they were written.
    expect(chunks.map((c) => c.text).join("")).toBe("one\ntvå\nTHREE\n'done'\n");
    // The page had the first lines while the cell was still running.
    const mid = await container.execute({
      type: "server_tool_use",
      id: "srvtoolu_stream1b",
      name: "code_execution",
      input: { code: "print(seen_mid_cell)" },
    });
    expect(mid.content).toMatchObject({ stdout: '"one\\ntvå\\nTHREE\\n"\n' });
  });

  it("sends nothing to a call that did not ask, and stops at the output budget", async () => {
    const chunks: string[] = [];
    await container.execute({ type: "server_tool_use", id: "srvtoolu_stream2", name: "code_execution", input: { code: "print('quiet')" } });
    const small = await createContainer({ limits: { outputBytes: 10 } });
    try {
      await small.execute(
        { type: "server_tool_use", id: "srvtoolu_stream3", name: "code_execution", input: { code: "print('x' * 100)" } },
        { onOutput: (chunk) => chunks.push(chunk.text) },
      );
    } finally {
      await small.close();
    }
    expect(chunks.join("")).toBe("x".repeat(10));
  });
});
