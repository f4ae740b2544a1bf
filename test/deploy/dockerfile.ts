/** Dockerfile instructions: continuation lines joined, comments dropped, JSON (exec) forms parsed. */
export interface Instruction {
  keyword: string;
  /** The rest of the line as written. */
  text: string;
  /** The exec form's words, when the instruction is a JSON array. */
  exec?: string[];
}

export function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!pending && (line.startsWith('#') || !line)) continue;
    if (line.startsWith('#')) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const whole = `${pending}${line}`.trim();
    pending = '';
    if (!whole) continue;
    const match = /^([A-Za-z]+)\s+(.*)$/.exec(whole);
    if (!match) throw new Error(`not a Dockerfile instruction: ${whole}`);
    const instruction: Instruction = { keyword: match[1]!.toUpperCase(), text: match[2]! };
    if (match[2]!.startsWith('[')) instruction.exec = JSON.parse(match[2]!) as string[];
    instructions.push(instruction);
  }
  if (pending) throw new Error('the Dockerfile ends with a continued line');
  return instructions;
}
