import { describe, expect, it } from "vitest";
import { runEditorCommand, type EditorFs } from "../../src/tools/editor-commands.ts";

/** An in-memory EditorFs: folders are implied by file paths, plus explicit ones. */
function memoryFs(files: Record<string, string | Uint8Array>, dirs: string[] = ["/workspace"]) {
  const data = new Map<string, Uint8Array>(
    Object.entries(files).map(([p, c]) => [p, typeof c === "string" ? new TextEncoder().encode(c) : c]),
  );
  const folders = new Set(dirs);
  const fs: EditorFs = {
    kind: (path) => (data.has(path) ? "file" : folders.has(path) ? "directory" : null),
    readFile: (path) => data.get(path)!,
    writeFile: (path, bytes) => {
      for (let p = path.slice(0, path.lastIndexOf("/")); p; p = p.slice(0, p.lastIndexOf("/"))) folders.add(p);
      data.set(path, bytes);
    },
  };
  return { fs, text: (path: string) => new TextDecoder().decode(data.get(path)), folders };
}

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

describe("view", () => {
  const { fs } = memoryFs({
    "/workspace/config.json": '{\n  "setting": "value",\n  "debug": true\n}\n',
    "/workspace/empty.txt": "",
    "/workspace/pic.png": PNG,
    "/workspace/blob.bin": new Uint8Array([0xff, 0xfe, 0x00, 0x80]),
  });

  it("answers a whole text file with line counts (relative paths resolve in /workspace)", () => {
    expect(runEditorCommand(fs, { command: "view", path: "config.json" })).toEqual({
      type: "text_editor_code_execution_view_result",
      file_type: "text",
      content: '{\n  "setting": "value",\n  "debug": true\n}',
      num_lines: 4,
      start_line: 1,
      total_lines: 4,
    });
  });

  it("answers a view_range, 1-based and inclusive, with -1 meaning the end", () => {
    expect(runEditorCommand(fs, { command: "view", path: "/workspace/config.json", view_range: [2, 3] })).toEqual({
      type: "text_editor_code_execution_view_result",
      file_type: "text",
      content: '  "setting": "value",\n  "debug": true',
      num_lines: 2,
      start_line: 2,
      total_lines: 4,
    });
    expect(runEditorCommand(fs, { command: "view", path: "config.json", view_range: [4, -1] })).toMatchObject({
      content: "}",
      num_lines: 1,
      start_line: 4,
    });
  });

  it("answers an empty file with zero lines", () => {
    expect(runEditorCommand(fs, { command: "view", path: "empty.txt" })).toEqual({
      type: "text_editor_code_execution_view_result",
      file_type: "text",
      content: "",
      num_lines: 0,
      start_line: 1,
      total_lines: 0,
    });
  });

  it("answers images as file_type image with base64 content", () => {
    expect(runEditorCommand(fs, { command: "view", path: "pic.png" })).toEqual({
      type: "text_editor_code_execution_view_result",
      file_type: "image",
      content: btoa(String.fromCharCode(...PNG)),
      num_lines: null,
      start_line: null,
      total_lines: null,
    });
  });

  it("rejects a view_range outside the file with a message that gives the valid range", () => {
    expect(runEditorCommand(fs, { command: "view", path: "config.json", view_range: [5, 9] })).toEqual({
      type: "text_editor_code_execution_tool_result_error",
      error_code: "invalid_tool_input",
      error_message:
        "view_range [5,9] does not fit /workspace/config.json, which has 4 lines: use 1 <= start <= end <= 4, or end -1 for the rest of the file.",
    });
    expect(runEditorCommand(fs, { command: "view", path: "config.json", view_range: "1-2" })).toMatchObject({
      error_code: "invalid_tool_input",
      error_message: expect.stringContaining('"view_range" must be two integers'),
    });
  });

  it("answers file_not_found for a missing file, and invalid_tool_input for a directory or binary", () => {
    expect(runEditorCommand(fs, { command: "view", path: "nope.txt" })).toEqual({
      type: "text_editor_code_execution_tool_result_error",
      error_code: "file_not_found",
      error_message:
        "File not found: /workspace/nope.txt. Check the path (list files with bash: ls -la /workspace), or make the file with the create command.",
    });
    expect(runEditorCommand(fs, { command: "view", path: "/workspace" })).toEqual({
      type: "text_editor_code_execution_tool_result_error",
      error_code: "invalid_tool_input",
      error_message: "/workspace is a directory, not a file. To see what it holds, run with bash: ls -la /workspace",
    });
    expect(runEditorCommand(fs, { command: "view", path: "blob.bin" })).toMatchObject({
      error_code: "invalid_tool_input",
      error_message: expect.stringContaining("is a binary file"),
    });
  });
});

describe("create", () => {
  it("creates a file and its parent folders, then reports an update the second time", () => {
    const { fs, text, folders } = memoryFs({});
    expect(runEditorCommand(fs, { command: "create", path: "src/app/main.py", file_text: "print(1)\n" })).toEqual({
      type: "text_editor_code_execution_create_result",
      is_file_update: false,
    });
    expect(text("/workspace/src/app/main.py")).toBe("print(1)\n");
    expect(folders.has("/workspace/src/app")).toBe(true);
    expect(runEditorCommand(fs, { command: "create", path: "/workspace/src/app/main.py", file_text: "" })).toEqual({
      type: "text_editor_code_execution_create_result",
      is_file_update: true,
    });
    expect(text("/workspace/src/app/main.py")).toBe("");
  });

  it("refuses a missing file_text and a directory path", () => {
    const { fs } = memoryFs({});
    expect(runEditorCommand(fs, { command: "create", path: "a.txt" })).toEqual({
      type: "text_editor_code_execution_tool_result_error",
      error_code: "invalid_tool_input",
      error_message: 'The create command needs a "file_text" string.',
    });
    expect(runEditorCommand(fs, { command: "create", path: "a.txt", file_text: 42 })).toMatchObject({
      error_message: '"file_text" must be a string, got number.',
    });
    expect(runEditorCommand(fs, { command: "create", path: "/workspace", file_text: "x" })).toMatchObject({
      error_code: "invalid_tool_input",
      error_message: "/workspace is a directory; create needs a file path inside it, such as /workspace/new_file.txt.",
    });
  });
});

describe("str_replace", () => {
  const config = '{\n  "setting": "value",\n  "debug": true\n}\n';

  it("replaces part of a line and answers the whole line as a -/+ diff (the documented example)", () => {
    const { fs, text } = memoryFs({ "/workspace/config.json": config });
    expect(
      runEditorCommand(fs, { command: "str_replace", path: "config.json", old_str: '"debug": true', new_str: '"debug": false' }),
    ).toEqual({
      type: "text_editor_code_execution_str_replace_result",
      old_start: 3,
      old_lines: 1,
      new_start: 3,
      new_lines: 1,
      lines: ['-  "debug": true', '+  "debug": false'],
    });
    expect(text("/workspace/config.json")).toBe('{\n  "setting": "value",\n  "debug": false\n}\n');
  });

  it("counts lines across multi-line replacements, growing and shrinking", () => {
    const { fs, text } = memoryFs({ "/workspace/f.py": "a\nb\nc\nd\n" });
    expect(runEditorCommand(fs, { command: "str_replace", path: "f.py", old_str: "b\nc", new_str: "B1\nB2\nB3" })).toEqual({
      type: "text_editor_code_execution_str_replace_result",
      old_start: 2,
      old_lines: 2,
      new_start: 2,
      new_lines: 3,
      lines: ["-b", "-c", "+B1", "+B2", "+B3"],
    });
    expect(text("/workspace/f.py")).toBe("a\nB1\nB2\nB3\nd\n");
    // Deleting whole lines (old_str ends with a newline, new_str empty) leaves no new lines.
    expect(runEditorCommand(fs, { command: "str_replace", path: "f.py", old_str: "B2\nB3\n", new_str: "" })).toEqual({
      type: "text_editor_code_execution_str_replace_result",
      old_start: 3,
      old_lines: 2,
      new_start: 3,
      new_lines: 0,
      lines: ["-B2", "-B3"],
    });
    expect(text("/workspace/f.py")).toBe("a\nB1\nd\n");
  });

  it("treats a missing new_str as deletion", () => {
    const { fs, text } = memoryFs({ "/workspace/t.txt": "keep this, drop that\n" });
    expect(runEditorCommand(fs, { command: "str_replace", path: "t.txt", old_str: ", drop that" })).toMatchObject({
      lines: ["-keep this, drop that", "+keep this"],
    });
    expect(text("/workspace/t.txt")).toBe("keep this\n");
  });

  it("refuses zero or several matches and says how to fix the call, leaving the file untouched", () => {
    const { fs, text } = memoryFs({ "/workspace/x.txt": "x = 1\ny = 2\nx = 1\n" });
    expect(runEditorCommand(fs, { command: "str_replace", path: "x.txt", old_str: "x = 1", new_str: "x = 3" })).toEqual({
      type: "text_editor_code_execution_tool_result_error",
      error_code: "invalid_tool_input",
      error_message:
        "old_str occurs 2 times in /workspace/x.txt (lines 1, 3); it must occur exactly once. Include more of the surrounding lines to make it unique.",
    });
    expect(runEditorCommand(fs, { command: "str_replace", path: "x.txt", old_str: "z = 9", new_str: "" })).toEqual({
      type: "text_editor_code_execution_tool_result_error",
      error_code: "invalid_tool_input",
      error_message:
        "No match for old_str in /workspace/x.txt. It must match the file exactly, including whitespace and indentation: view the file and copy the text from it.",
    });
    expect(text("/workspace/x.txt")).toBe("x = 1\ny = 2\nx = 1\n");
  });

  it("answers file_not_found, and invalid_tool_input for an empty old_str or a directory", () => {
    const { fs } = memoryFs({ "/workspace/a.txt": "a" });
    expect(runEditorCommand(fs, { command: "str_replace", path: "b.txt", old_str: "a", new_str: "b" })).toMatchObject({
      error_code: "file_not_found",
    });
    expect(runEditorCommand(fs, { command: "str_replace", path: "a.txt", old_str: "", new_str: "b" })).toMatchObject({
      error_code: "invalid_tool_input",
      error_message: '"old_str" is empty. Give the exact text to replace; to write a whole file use create.',
    });
    expect(runEditorCommand(fs, { command: "str_replace", path: "/workspace", old_str: "a", new_str: "b" })).toMatchObject({
      error_code: "invalid_tool_input",
      error_message: "/workspace is a directory, not a file; str_replace edits one file.",
    });
  });
});

describe("bad input", () => {
  const { fs } = memoryFs({});
  it.each([
    [{}, "Unknown or missing command null. Use one of: view, create, str_replace."],
    [{ command: "insert", path: "a" }, 'Unknown or missing command "insert". Use one of: view, create, str_replace.'],
    [{ command: "view" }, 'The view command needs a "path" string.'],
    [{ command: "view", path: ["a"] }, '"path" must be a string, got an array.'],
    [{ command: "view", path: "  " }, '"path" is empty. Give a file path such as /workspace/notes.txt.'],
  ])("%j is invalid_tool_input: %s", (input, message) => {
    expect(runEditorCommand(fs, input)).toEqual({
      type: "text_editor_code_execution_tool_result_error",
      error_code: "invalid_tool_input",
      error_message: message,
    });
  });
});

describe("folder variables in path, as the hosted editor expands them", () => {
  it("expands $INPUT_DIR, ${OUTPUT_DIR} and $HOME, and leaves other variables as written", () => {
    const { fs, text } = memoryFs({ "/workspace/inputs/data.csv": "a,b\n1,2\n" });
    expect(runEditorCommand(fs, { command: "view", path: "$INPUT_DIR/data.csv" })).toMatchObject({
      type: "text_editor_code_execution_view_result",
      content: "a,b\n1,2",
    });
    expect(runEditorCommand(fs, { command: "view", path: "${INPUT_DIR}/data.csv" })).toMatchObject({ content: "a,b\n1,2" });
    runEditorCommand(fs, { command: "create", path: "${OUTPUT_DIR}/report.md", file_text: "# R\n" });
    expect(text("/tmp/outputs/report.md")).toBe("# R\n");
    runEditorCommand(fs, { command: "create", path: "$HOME/notes.txt", file_text: "n\n" });
    expect(text("/workspace/notes.txt")).toBe("n\n");
    expect(runEditorCommand(fs, { command: "view", path: "$NOT_SET/x.txt" })).toMatchObject({
      type: "text_editor_code_execution_tool_result_error",
      error_code: "file_not_found",
      error_message: expect.stringContaining("File not found: /workspace/$NOT_SET/x.txt."),
    });
  });
});
