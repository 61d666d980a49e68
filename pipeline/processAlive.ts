/** Whether a process still runs (EPERM: it runs under another user): how killed runs' leftovers are told from live ones. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
