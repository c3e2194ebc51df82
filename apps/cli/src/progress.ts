type Out = (text: string) => void;

function eta(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
}

// One progress line: "[#####.....] 12345/27000 events  5432 events/s  ETA 3s". On a terminal it redraws in
// place; elsewhere (logs, CI) it writes a line every tenth of the way, or every 5 seconds without a total.
export function progressLine(write: Out, tty: boolean, unit = 'events') {
  const started = Date.now();
  let lastDecile = -1;
  let lastLine = 0;
  const render = (done: number, total: number | undefined, note = '') => {
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    const rate = done / seconds;
    const known = total !== undefined && total > 0;
    const fraction = known ? Math.min(done / total, 1) : 0;
    const bar = known ? `[${'#'.repeat(Math.round(fraction * 30))}${'.'.repeat(30 - Math.round(fraction * 30))}] ` : '';
    const count = known ? `${done}/${total} ${unit}` : `${done} ${unit}`;
    const remaining = known && rate > 0 ? `  ETA ${eta((total - done) / rate)}` : '';
    return `${bar}${count}  ${Math.round(rate)} ${unit}/s${remaining}${note ? `  ${note}` : ''}`;
  };
  return {
    update(done: number, total: number | undefined, note?: string) {
      if (tty) {
        write(`\r${render(done, total, note)}\x1b[K`);
        return;
      }
      const decile = total ? Math.floor((done / total) * 10) : -1;
      if ((total && decile > lastDecile) || (!total && Date.now() - lastLine > 5_000)) {
        lastDecile = decile;
        lastLine = Date.now();
        write(`${render(done, total, note)}\n`);
      }
    },
    done(done: number, note?: string) {
      write(`${tty ? '\r' : ''}${render(done, done, note)}${tty ? '\x1b[K' : ''}\n`);
    },
  };
}
