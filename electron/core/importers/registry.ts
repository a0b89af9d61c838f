/**
 * Every importer, and format detection from content: the file's first bytes (and for a zip,
 * its entry names) are shown to each importer, and the most confident one wins. The name only
 * breaks ties; a file that no importer recognises gets a clear 'unsupported' ImportError.
 */
import path from 'node:path';
import { ImportError, type ImportFormat, type Importer, type Probe } from './types';
import { decodeHead, readHead } from './text-input';
import { telegramJsonImporter } from './telegram-json.importer';
import { discordJsonImporter } from './discord-json.importer';
import { qceJsonImporter } from './qce-json.importer';
import { memotraceCsvImporter } from './memotrace-csv.importer';
import { weflowJsonImporter } from './weflow-json.importer';
import { chatlabJsonImporter, chatlabJsonlImporter } from './chatlab.importer';
import { genericCsvImporter, genericXlsxImporter } from './generic-table.importer';
import { whatsappTxtImporter } from './whatsapp-txt.importer';
import { qqTxtImporter } from './qq-txt.importer';
import { slackZipImporter } from './slack-zip.importer';
import { listZipEntries } from './zip-input';

/** Formats are added here as their importers land (see the import issue's notes). */
export const IMPORTERS: readonly Importer[] = [
  telegramJsonImporter,
  discordJsonImporter,
  qceJsonImporter,
  memotraceCsvImporter,
  weflowJsonImporter,
  chatlabJsonImporter,
  chatlabJsonlImporter,
  whatsappTxtImporter,
  qqTxtImporter,
  slackZipImporter,
  genericCsvImporter,
  genericXlsxImporter,
];

export function importerFor(format: ImportFormat): Importer {
  const found = IMPORTERS.find((i) => i.format === format);
  if (!found) throw new ImportError(format, {}, 'unsupported', `this format is not supported yet (supported: ${IMPORTERS.map((i) => i.format).join(', ')})`);
  return found;
}

export async function probeFile(file: string): Promise<Probe> {
  const name = path.basename(file);
  const head = readHead(file);
  const isZip = head.length >= 4 && head.readUInt32LE(0) === 0x04034b50;
  const probe: Probe = { name, head, text: isZip ? '' : decodeHead(head) };
  // A zip is told apart by what it holds (_chat.txt, channels.json, xl/workbook.xml …).
  if (isZip) probe.zipEntries = await listZipEntries(file, name);
  return probe;
}

export interface Detection {
  importer: Importer;
  confidence: number;
}

/** The best importer for a file, judged by content. */
export async function detectFormat(file: string): Promise<Detection> {
  const probe = await probeFile(file);
  let best: Detection | null = null;
  for (const importer of IMPORTERS) {
    const confidence = importer.detect(probe);
    if (confidence > 0 && (!best || confidence > best.confidence)) best = { importer, confidence };
  }
  if (!best) throw new ImportError(probe.name, {}, 'unsupported', `not a supported chat export (supported so far: ${IMPORTERS.map((i) => i.format).join(', ')})`, { notAnExport: true });
  return best;
}
