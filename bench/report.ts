// The benchmark's results: rows with DockML's figure, the peers' side by side, the target and whether it is
// met, printed as one table and written to bench/results.json.
import * as fs from 'node:fs';
import * as os from 'node:os';

export interface Row {
  section: string;
  /** What is measured, in a few words. */
  measure: string;
  /** DockML's figure, formatted. */
  dockml: string;
  /** Peers' figures, formatted, by peer name. */
  peers?: Record<string, string>;
  /** The target as written in the issue, e.g. "< 1 s". */
  target?: string;
  /** Undefined when the row has no target. */
  met?: boolean;
  /** Raw numbers for results.json. */
  raw?: Record<string, number>;
  note?: string;
}

export class Report {
  readonly rows: Row[] = [];
  readonly notes: string[] = [];
  readonly started = new Date();

  add(row: Row): void {
    this.rows.push(row);
    const status = row.met === undefined ? '' : row.met ? '  [met]' : '  [MISSED]';
    const peers = row.peers ? '  | ' + Object.entries(row.peers).map(([k, v]) => `${k}: ${v}`).join(', ') : '';
    console.error(`  ${row.section} / ${row.measure}: ${row.dockml}${peers}${row.target ? `  (target ${row.target})` : ''}${status}`);
  }

  note(text: string): void {
    this.notes.push(text);
  }

  /** The rows as a table, one block per section under its heading. */
  table(): string {
    const header = ['measure', 'DockML', 'peers', 'target', 'status'];
    const cells = (r: Row) => [
      r.measure,
      r.dockml,
      r.peers ? Object.entries(r.peers).map(([k, v]) => `${k}: ${v}`).join('; ') : '',
      r.target ?? '',
      r.met === undefined ? '' : r.met ? 'met' : 'MISSED',
    ];
    const body = this.rows.map(cells);
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
    const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i])).join(' | ').trimEnd();
    const out = [line(header), widths.map((w) => '-'.repeat(w)).join('-|-')];
    let section = '';
    for (const [i, row] of this.rows.entries()) {
      if (row.section !== section) out.push(`${section === '' ? '' : '\n'}${row.section}`);
      section = row.section;
      out.push(line(body[i]));
    }
    return out.join('\n');
  }

  write(file: string, extra: Record<string, unknown>): void {
    const load = os.loadavg();
    fs.writeFileSync(
      file,
      JSON.stringify(
        {
          date: this.started.toISOString(),
          machine: { cpus: os.availableParallelism(), model: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAverage: load },
          ...extra,
          rows: this.rows,
          notes: this.notes,
        },
        null,
        2,
      ) + '\n',
    );
  }
}
