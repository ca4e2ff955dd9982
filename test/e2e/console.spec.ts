import { expect, test } from "@playwright/test";

test("the console runs bash and Python through the browser worker", async ({ page }) => {
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));

  await page.goto("./");
  await expect(page.getByTestId("status")).toContainText("Ready in", { timeout: 30_000 });
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

  // The console opens in Python mode; this run is bash.
  await page.getByTestId("console-mode").selectOption("bash");
  await page
    .getByTestId("console-input")
    .fill("echo hi > a.txt && cat a.txt | wc -c && python3 -c \"print(open('a.txt').read().upper())\"");
  await page.getByTestId("console-run").click();
  // The console renders the block; its exact JSON is in the output's data-block attribute.
  await expect(page.getByTestId("console-output")).toHaveAttribute("data-block", /"return_code": 0/);
  const bash = JSON.parse((await page.getByTestId("console-output").getAttribute("data-block"))!);
  expect(bash).toEqual({
    type: "bash_code_execution_tool_result",
    tool_use_id: "srvtoolu_console1",
    content: { type: "bash_code_execution_result", stdout: "3\nHI\n\n", stderr: "", return_code: 0, content: [] },
  });

  await page.getByTestId("console-mode").selectOption("python");
  await page.getByTestId("console-input").fill("import sys\nwords = open('a.txt').read().split()\nwords + [sys.platform]");
  await page.getByTestId("console-run").click();
  await expect(page.getByTestId("console-output")).toHaveAttribute("data-block", /code_execution_result/);
  const python = JSON.parse((await page.getByTestId("console-output").getAttribute("data-block"))!);
  expect(python).toEqual({
    type: "code_execution_tool_result",
    tool_use_id: "srvtoolu_console2",
    content: { type: "code_execution_result", stdout: "['hi', 'emscripten']\n", stderr: "", return_code: 0, content: [] },
  });
  expect(errors).toEqual([]);
});
