/** MIME types of the files a handset keeps, by extension. */

const BY_EXT: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  amr: 'audio/amr',
  mp4: 'video/mp4',
  '3gp': 'video/3gpp',
  txt: 'text/plain',
  pdf: 'application/pdf',
  json: 'application/json',
  xml: 'application/xml',
  csv: 'text/csv',
  m3u: 'audio/x-mpegurl',
  vcf: 'text/vcard',
  ics: 'text/calendar',
  db: 'application/octet-stream',
  bin: 'application/octet-stream',
};

/** MIME type for a file name; `application/octet-stream` when unknown. */
export function mimeOf(name: string): string {
  const dot = name.lastIndexOf('.');
  const ext = dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
  return BY_EXT[ext] ?? 'application/octet-stream';
}
