/**
 * Codec benchmark (issue 2): DM Results messages of 4,000, 20,000 and 100,000 items.
 *
 * In process: our XML and WBXML encode/decode throughput in MB/s (of the wire form).
 * Whole process: `cimo decode` (WBXML → XML) against `wbxml2xml`, and `cimo encode --to
 * wbxml` against `xml2wbxml -n`, on the same files, as ratios, with peak RSS beside them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeMessage, encodeMessage } from '../../protocol/syncml/index.js';
import { dmResultsXml } from './dm-results.js';
import { cpuTimeIt, fmt, runProcess, timeIt } from './measure.js';

/** Item counts; `CIMO_BENCH_CODEC_SIZES=4000,100000` picks others (for quick comparisons). */
const SIZES = process.env['CIMO_BENCH_CODEC_SIZES']
  ? process.env['CIMO_BENCH_CODEC_SIZES'].split(',').map(Number)
  : [4_000, 20_000, 100_000];
/**
 * `CIMO_BENCH_CODEC_IN_PROCESS=1` measures only the in-process throughput: the whole-process
 * runs (`cimo decode`/`encode` against libwbxml, which takes minutes) are skipped.
 */
const IN_PROCESS_ONLY = process.env['CIMO_BENCH_CODEC_IN_PROCESS'] === '1';
/** Longest we wait for one libwbxml run; a cut run is reported as a lower bound. */
const LIBWBXML_TIMEOUT_S = 90;
const MB = 1024 * 1024;
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const cimoBin = join(repoRoot, 'bin', 'cimo.js');

export interface CodecRow {
  readonly items: number;
  readonly xmlBytes: number;
  readonly wbxmlBytes: number;
  readonly xmlDecodeMBs: number;
  readonly xmlEncodeMBs: number;
  readonly wbxmlDecodeMBs: number;
  readonly wbxmlEncodeMBs: number;
  /** Decode throughput by process CPU time (see `cpuTimeIt`). */
  readonly xmlDecodeCpuMBs: number;
  readonly wbxmlDecodeCpuMBs: number;
}

export interface ProcessRow {
  readonly items: number;
  readonly ours: string;
  readonly theirs: string;
  readonly oursMs: number;
  readonly theirsMs: number;
  readonly oursRssMiB: number;
  readonly theirsRssMiB: number;
  readonly inputMiB: number;
  /** libwbxml was cut at the time limit: its time (and so the ratio) is a lower bound. */
  readonly theirsTimedOut: boolean;
}

/** Runs the codec benchmark and prints its tables. */
export function runCodecBench(): {
  codec: CodecRow[];
  processes: ProcessRow[];
  nodeBaselineMiB: number;
} {
  const dir = mkdtempSync(join(tmpdir(), 'cimo-codec-bench-'));
  const codec: CodecRow[] = [];
  const processes: ProcessRow[] = [];
  try {
    for (const n of SIZES) {
      const xml = new TextEncoder().encode(dmResultsXml(n));
      const { message } = decodeMessage(xml);
      const wbxml = encodeMessage(message, 'wbxml');
      const xmlOut = encodeMessage(message, 'xml');
      const mbs = (bytes: number, ms: number): number => bytes / MB / (ms / 1000);
      codec.push({
        items: n,
        xmlBytes: xml.length,
        wbxmlBytes: wbxml.length,
        xmlDecodeMBs: mbs(
          xml.length,
          timeIt(() => decodeMessage(xml)),
        ),
        xmlEncodeMBs: mbs(
          xmlOut.length,
          timeIt(() => encodeMessage(message, 'xml')),
        ),
        wbxmlDecodeMBs: mbs(
          wbxml.length,
          timeIt(() => decodeMessage(wbxml)),
        ),
        wbxmlEncodeMBs: mbs(
          wbxml.length,
          timeIt(() => encodeMessage(message, 'wbxml')),
        ),
        xmlDecodeCpuMBs: mbs(
          xml.length,
          cpuTimeIt(() => decodeMessage(xml)),
        ),
        wbxmlDecodeCpuMBs: mbs(
          wbxml.length,
          cpuTimeIt(() => decodeMessage(wbxml)),
        ),
      });
      const xmlFile = join(dir, `results-${n}.xml`);
      const wbxmlFile = join(dir, `results-${n}.wbxml`);
      writeFileSync(xmlFile, xml);
      writeFileSync(wbxmlFile, wbxml);
      if (IN_PROCESS_ONLY) continue;
      const runs = n >= 100_000 ? 3 : 5;
      const oursDec = runProcess('node', [cimoBin, 'decode', wbxmlFile], {
        runs,
        stdoutFile: join(dir, 'o1.xml'),
      });
      // libwbxml takes minutes on the large messages: one run, cut at LIBWBXML_TIMEOUT_S.
      const theirRuns = n >= 20_000 ? 1 : runs;
      const limit = { runs: theirRuns, timeoutSec: LIBWBXML_TIMEOUT_S };
      const theirsDec = runProcess('wbxml2xml', ['-o', join(dir, 't1.xml'), wbxmlFile], limit);
      processes.push(
        row(n, 'cimo decode (wbxml→xml)', 'wbxml2xml', oursDec, theirsDec, wbxml.length),
      );
      const oursEnc = runProcess(
        'node',
        [cimoBin, 'encode', '--to', 'wbxml', xmlFile, '-o', join(dir, 'o2.wbxml')],
        { runs },
      );
      const theirsEnc = runProcess(
        'xml2wbxml',
        ['-n', '-o', join(dir, 't2.wbxml'), xmlFile],
        limit,
      );
      processes.push(
        row(n, 'cimo encode --to wbxml', 'xml2wbxml -n', oursEnc, theirsEnc, xml.length),
      );
      if (oursDec.status !== 0 || oursEnc.status !== 0) {
        throw new Error(`cimo exited with ${oursDec.status}/${oursEnc.status} on ${n} items`);
      }
    }
    if (IN_PROCESS_ONLY) {
      print(codec, processes, 0);
      return { codec, processes, nodeBaselineMiB: 0 };
    }
    const baseline = runProcess('node', ['-e', '0'], { runs: 5 });
    const nodeBaselineMiB = baseline.maxRssKiB / 1024;
    print(codec, processes, nodeBaselineMiB);
    printStartUpFloor(baseline.ms, processes);
    return { codec, processes, nodeBaselineMiB };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Node's own start-up in the same run, beside libwbxml's whole run on the smallest message:
 * no `cimo` process can finish sooner than `node -e 0`. A machine that sets
 * NODE_EXTRA_CA_CERTS (this build machine does, for its package proxy) makes every Node
 * process read and parse that certificate bundle at start-up, so it is measured without
 * it too.
 */
function printStartUpFloor(nodeMs: number, processes: readonly ProcessRow[]): void {
  const extraCa = process.env['NODE_EXTRA_CA_CERTS'];
  let line = `\nNode's own start-up (node -e 0, median wall): ${fmt(nodeMs, 0)} ms`;
  if (extraCa !== undefined && extraCa !== '') {
    const env = { ...process.env };
    delete env['NODE_EXTRA_CA_CERTS'];
    const bare = runProcess('node', ['-e', '0'], { runs: 5, env });
    line += ` (${fmt(bare.ms, 0)} ms without NODE_EXTRA_CA_CERTS=${extraCa}, which this environment sets)`;
  }
  console.log(line);
  const smallest = processes.filter((p) => p.items === processes[0]?.items);
  for (const p of smallest)
    console.log(
      `${p.theirs} on ${p.items} items: ${fmt(p.theirsMs, 0)} ms whole process — ${p.theirsMs > nodeMs ? `${fmt(p.theirsMs - nodeMs, 0)} ms more than Node's start-up` : `${fmt(nodeMs - p.theirsMs, 0)} ms LESS than Node's start-up alone`}; ${p.ours}: ${fmt(p.oursMs, 0)} ms`,
    );
}

function row(
  items: number,
  ours: string,
  theirs: string,
  o: { ms: number; maxRssKiB: number },
  t: { ms: number; maxRssKiB: number; timedOut: boolean },
  inputBytes: number,
): ProcessRow {
  return {
    items,
    ours,
    theirs,
    oursMs: o.ms,
    theirsMs: t.ms,
    oursRssMiB: o.maxRssKiB / 1024,
    theirsRssMiB: t.maxRssKiB / 1024,
    inputMiB: inputBytes / MB,
    theirsTimedOut: t.timedOut,
  };
}

function print(codec: CodecRow[], processes: ProcessRow[], baselineMiB: number): void {
  // Wall-time columns are what the targets name; the CPU-time columns beside the decoders
  // count only our own work (GC helper threads included), which on a loaded machine is the
  // steadier number to compare runs with (see `cpuTimeIt`).
  console.log(
    '\n## Codec throughput in process (MB/s of wire bytes, median; wall time, and process CPU time for the decoders)',
  );
  console.log(
    '| items | XML size | WBXML size | XML decode | XML decode (CPU) | XML encode | WBXML decode | WBXML decode (CPU) | WBXML encode |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of codec) {
    console.log(
      `| ${r.items} | ${fmt(r.xmlBytes / MB, 2)} MB | ${fmt(r.wbxmlBytes / MB, 2)} MB | ${fmt(r.xmlDecodeMBs)} | ${fmt(r.xmlDecodeCpuMBs)} | ${fmt(r.xmlEncodeMBs)} | ${fmt(r.wbxmlDecodeMBs)} | ${fmt(r.wbxmlDecodeCpuMBs)} | ${fmt(r.wbxmlEncodeMBs)} |`,
    );
  }
  const first = codec[0];
  const last = codec[codec.length - 1];
  if (first && last) {
    console.log(
      `\nScaling (throughput at ${last.items} / at ${first.items}): XML decode ${fmt(last.xmlDecodeMBs / first.xmlDecodeMBs, 2)}, ` +
        `WBXML decode ${fmt(last.wbxmlDecodeMBs / first.wbxmlDecodeMBs, 2)}, XML encode ${fmt(last.xmlEncodeMBs / first.xmlEncodeMBs, 2)}, ` +
        `WBXML encode ${fmt(last.wbxmlEncodeMBs / first.wbxmlEncodeMBs, 2)}; by CPU time: ` +
        `XML decode ${fmt(last.xmlDecodeCpuMBs / first.xmlDecodeCpuMBs, 2)}, WBXML decode ${fmt(last.wbxmlDecodeCpuMBs / first.wbxmlDecodeCpuMBs, 2)}`,
    );
  }
  if (processes.length === 0) return;
  console.log(
    '\n## Whole process against libwbxml (median wall time; ratio = theirs / ours, > 1 means we are faster)',
  );
  console.log(
    '| items | ours | theirs | ours ms | theirs ms | ratio | ours peak RSS | theirs peak RSS | input |',
  );
  console.log('|---:|---|---|---:|---:|---:|---:|---:|---:|');
  for (const p of processes) {
    console.log(
      `| ${p.items} | ${p.ours} | ${p.theirs} | ${fmt(p.oursMs, 0)} | ${p.theirsTimedOut ? '> ' : ''}${fmt(p.theirsMs, 0)} | ${p.theirsTimedOut ? '> ' : ''}${fmt(p.theirsMs / p.oursMs, 2)} | ${fmt(p.oursRssMiB)} MiB | ${p.theirsTimedOut ? '(cut) ' : ''}${fmt(p.theirsRssMiB)} MiB | ${fmt(p.inputMiB, 2)} MiB |`,
    );
  }
  console.log(`\nNode baseline peak RSS (node -e 0): ${fmt(baselineMiB)} MiB`);
  for (const p of processes.filter((x) => x.items === 100_000)) {
    const budget = baselineMiB + 4 * p.inputMiB;
    console.log(
      `${p.ours} on ${p.items} items: peak ${fmt(p.oursRssMiB)} MiB vs budget baseline + 4×input = ${fmt(budget)} MiB → ${p.oursRssMiB <= budget ? 'within' : 'OVER'}`,
    );
  }
}
