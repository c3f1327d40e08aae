// Finds English prose in a Spanish or Catalan text the learner reads.
/** English words that are never Spanish or Catalan; quoted text («…», "…") and {params} are left out (Postfix's own words). */
const ENGLISH =
  /\b(the|is|are|was|were|and|with|without|not|from|this|that|your|you|empty|identical|permitted|failed|authenticated|missing|found|expected|because|should|must|unknown|invalid|bad|line|record|zone|label|address|name|too|long|no such)\b/i;

export function englishIn(text: string, params: Record<string, unknown> = {}): string | undefined {
  let prose = text;
  // a value that is machine text (a reply, an address, a path, a number) is quoted as it is, and
  // so is {error}: a system's or a library's own error ("Offset is outside the bounds…"); the
  // longest first, so a path inside a quoted log line does not hide the line
  const verbatim = Object.entries(params)
    .filter(([k, v]) => typeof v === 'string' && v && (k === 'error' || /[\d/=@:.<>\[\]]/.test(v)))
    .map(([, v]) => v as string)
    .sort((a, b) => b.length - a.length);
  for (const v of verbatim) prose = prose.split(v).join(' ');
  prose = prose
    .replace(/«[^«»\n]*»|"[^"\n]*"|“[^“”\n]*”|`[^`\n]*`/g, ' ')
    .replace(/\{\w+\}/g, ' ')
    // commands, options, paths, addresses and Postfix parameters are not prose
    .replace(/\S*[/=_@]\S*|--?\w[\w-]*/g, ' ');
  return ENGLISH.exec(prose)?.[0];
}
