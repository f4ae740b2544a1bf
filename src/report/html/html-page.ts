/**
 * The frame of an HTML report: one self-contained file. The stylesheet and
 * the script are inline, and the Content-Security-Policy allows exactly
 * those two (by hash) and nothing else: no request leaves the page, and a
 * script that somehow got into it would not run.
 */
import { reportScript, reportScriptHash } from './html-script.js';
import { reportStyle, reportStyleHash } from './html-style.js';
import { html, SafeHtml } from './html-text.js';

/** The policy of every report page. */
export const reportContentSecurityPolicy = [
  "default-src 'none'",
  `script-src '${reportScriptHash}'`,
  `style-src '${reportStyleHash}'`,
  "img-src 'none'",
  "font-src 'none'",
  "connect-src 'none'",
  "media-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "manifest-src 'none'",
  "form-action 'none'",
  "base-uri 'none'",
].join('; ');

/** A whole HTML document around `body` (the page's `<main>` content). Ends with a newline. */
export function htmlPage(title: string, body: SafeHtml): string {
  // The style and script are our own constants; they go in as they are, so their hashes match.
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${reportContentSecurityPolicy}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="deskbee-sync">
<title>${title}</title>
<style>${new SafeHtml(reportStyle)}</style>
</head>
<body>
<main>
${body}
</main>
<script>${new SafeHtml(reportScript)}</script>
</body>
</html>
`;
  return page.value;
}
