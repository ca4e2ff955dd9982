// Reads a skill from a .zip (the form Anthropic's skills are shared in) with fflate: small, no
// dependencies, synchronous, and it reports each entry's declared size before inflating it, so
// an archive that would unpack past the 30 MB limit is refused without unpacking it.
import { unzipSync } from "fflate";
import { SKILL_LIMITS, skillFromFiles, type LocalSkill } from "./package-api.ts";

export function readSkillZip(zip: Uint8Array): LocalSkill {
  let declared = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip, {
      filter: (entry) => {
        declared += entry.originalSize;
        if (declared > SKILL_LIMITS.totalBytes)
          throw new RangeError(`unpacked, it would be larger than ${SKILL_LIMITS.totalBytes / 1024 / 1024} MB`);
        // macOS adds resource forks next to the real files; they are not part of the skill.
        return !entry.name.startsWith("__MACOSX/") && !entry.name.split("/").includes(".DS_Store");
      },
    });
  } catch (error) {
    const reason = error instanceof RangeError ? error.message : "it is not a readable zip archive";
    throw new Error(`The skill could not be read: ${reason}.`);
  }
  return skillFromFiles(files);
}
