// The shell's command overrides (src/worker/commands) in Chromium's locked-down sandbox worker:
// the JS ones and the ones built on Python's standard library (bc, zip/unzip, sqlite3) answer as
// they do in Node, where the differential suite compares them with real bash.
import { expect, test } from "@playwright/test";

test("overridden and added commands answer in the browser as GNU and Debian's tools do", async ({ page }) => {
  await page.goto("harness.html");
  await expect(page.locator("#status")).toHaveText("ready");
  const results = await page.evaluate(async () => {
    const container = await window.sandbox.createContainer();
    const commands = [
      "mkdir -p d/sub && printf 'b\\nB\\na\\nA\\n' > d/x.txt && ls d x 2>/dev/null; echo rc=$?",
      "sort d/x.txt | uniq -c",
      "grep -rn a . | sort",
      "echo 'scale=3; 10/3; 2^64' | bc",
      "zip -qr d.zip d && unzip -Z1 d.zip | sort && unzip -p d.zip d/x.txt | head -1",
      "sqlite3 :memory: 'select 7.0, 1e20, upper(\"x\")'",
      "trap 'echo bye' EXIT; uname -sm; nproc | grep -cE '^[0-9]+$'; . /etc/os-release; echo $ID",
      "printf 'hello world\\n' | xxd",
    ];
    const out: Array<{ stdout: string; stderr: string; return_code: number }> = [];
    for (const [i, command] of commands.entries()) {
      const block = await container.execute({
        type: "server_tool_use",
        id: `srvtoolu_cmd${i}`,
        name: "bash_code_execution",
        input: { command },
      });
      out.push(block.content as { stdout: string; stderr: string; return_code: number });
    }
    await container.close();
    return out;
  });
  const stdout = results.map((r) => r.stdout);
  expect(results.map((r) => r.return_code)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  expect(stdout).toEqual([
    "d:\nsub\nx.txt\nrc=2\n",
    "      1 A\n      1 B\n      1 a\n      1 b\n",
    "./d/x.txt:3:a\n",
    "3.333\n18446744073709551616\n",
    "d/\nd/sub/\nd/x.txt\nb\n",
    "7.0|1.0e+20|X\n",
    "Linux x86_64\n1\ndebian\nbye\n",
    "00000000: 6865 6c6c 6f20 776f 726c 640a            hello world.\n",
  ]);
  expect(results.map((r) => r.stderr)).toEqual(["", "", "", "", "", "", "", ""]);
});
