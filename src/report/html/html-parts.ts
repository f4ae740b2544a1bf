/**
 * Pieces both HTML reports (plan and apply) are made of: the header card,
 * sign badges, tables with a cap on their rows, and how one change is shown
 * (sign, sentence, who, detail lines, member list).
 */
import type { Change, UserRef } from '../../plan/plan-types.js';
import { changeDetails, memberEmails } from '../change-details.js';
import { kindWords, type ChangeSign } from '../change-kinds.js';
import { formatCount } from '../../plan/value-format.js';
import { html, type HtmlValue, type SafeHtml } from './html-text.js';

/** Rows of one table (entries left out, drift, skipped changes) an HTML report shows at most. */
export const htmlMostRows = 20_000;
/** Members of one membership change listed at most. */
export const htmlMostMembers = 5_000;

const signClasses: Record<ChangeSign, string> = { '+': 'sign-add', '~': 'sign-change', '-': 'sign-remove' };

/** `+` in green, `~` in amber, `-` in red, as a small badge. */
export function signBadge(sign: ChangeSign): SafeHtml {
  const words = sign === '+' ? 'adds' : sign === '~' ? 'changes' : 'removes';
  return html`<span class="sign ${signClasses[sign]}" title="${words}">${sign}</span>`;
}

/** The title block: what the page is, for which source, the stance, the facts. */
export function headerCard(eyebrow: string, title: string, stance: string, facts: [label: string, text: string][], extra: HtmlValue = null): SafeHtml {
  return html`<header class="card" id="header">
<div class="eyebrow">${eyebrow}</div>
<h1>${title}</h1>
<div class="stance">${stance}</div>
<dl class="facts">${facts.map(([label, text]) => html`<dt>${label}</dt><dd>${text}</dd>`)}${extra}</dl>
</header>`;
}

/** A card section with a heading; nothing when `body` is null. */
export function card(id: string, heading: string, body: HtmlValue): SafeHtml {
  return html`<section class="card" id="${id}"><h2>${heading}</h2>${body}</section>`;
}

/** A table of plain-text rows, at most `htmlMostRows` of them, then a note of how many more. */
export function textTable(headers: readonly string[], rows: readonly (readonly string[])[], more: string): SafeHtml {
  const shown = rows.length > htmlMostRows ? rows.slice(0, htmlMostRows) : rows;
  const note = rows.length > shown.length ? html`<p class="note">… and ${formatCount(rows.length - shown.length)} more ${more}.</p>` : null;
  return html`<table><thead><tr>${headers.map((h) => html`<th>${h}</th>`)}</tr></thead>
<tbody>${shown.map((row) => html`<tr>${row.map((cell) => html`<td>${cell}</td>`)}</tr>`)}</tbody></table>${note}`;
}

function who(change: Change): UserRef | undefined {
  switch (change.kind) {
    case 'updateUser':
    case 'linkUser':
    case 'deactivateUser':
    case 'reactivateUser':
      return change.user;
    default:
      return undefined;
  }
}

/**
 * Text the search box finds a change by that the page does not show:
 * external ids, Deskbee uuids, and members' names and ids.
 */
function findText(change: Change): string {
  const words: string[] = [];
  const add = (user: UserRef) => {
    words.push(user.name, user.email);
    if (user.externalId) words.push(user.externalId);
    if (user.uuid) words.push(user.uuid);
  };
  if (change.kind === 'addMembers' || change.kind === 'removeMembers') {
    const users = change.users.length > htmlMostMembers ? change.users.slice(0, htmlMostMembers) : change.users;
    for (const user of users) add(user);
  } else if ('user' in change) {
    add(change.user);
  }
  if ('externalId' in change && typeof change.externalId === 'string') words.push(change.externalId);
  if ('uuid' in change && typeof change.uuid === 'string') words.push(change.uuid);
  return words.join(' ');
}

function membersBlock(emails: readonly string[]): SafeHtml {
  const listed = emails.length > htmlMostMembers ? emails.slice(0, htmlMostMembers) : emails;
  const more = emails.length > listed.length ? ` … and ${formatCount(emails.length - listed.length)} more (the plan file lists all)` : '';
  return html`<details><summary>${formatCount(emails.length)} members</summary><div class="members">${listed.join(', ')}${more}</div></details>`;
}

/** What a change item shows beyond its sentence. */
export interface ChangeItemExtras {
  /** `applied`, `failed`, …: a badge, and what the outcome filter matches. */
  outcome?: string;
  /** Lines under the sentence in red (Deskbee's answer to a failed change). */
  errors?: readonly string[];
  /** A muted note under the sentence (why a change was skipped). */
  note?: string;
}

/**
 * One change as a list item: its sign, sentence, the person's name, the
 * fields it writes or its member list, and for an apply its outcome.
 */
export function changeItem(change: Change, headline: string, extras: ChangeItemExtras = {}): SafeHtml {
  const sign = kindWords[change.kind].sign;
  const person = who(change);
  const members = memberEmails(change);
  const details = members.length > 1 ? [] : changeDetails(change, { verbose: true });
  return html`<li class="change" data-change="${change.id}" data-kind="${change.kind}"${extras.outcome ? html` data-outcome="${extras.outcome}"` : null} data-find="${findText(change)}">${signBadge(sign)}<div class="change-body">
<span class="headline">${headline}</span>${person ? html`<span class="who">${person.name}</span>` : null}${extras.outcome ? html`<span class="badge outcome-${extras.outcome}">${extras.outcome}</span>` : null}
${details.length > 0 ? html`<ul class="detail">${details.map((d) => html`<li>${d}</li>`)}</ul>` : null}${members.length > 1 ? membersBlock(members) : null}${(extras.errors ?? []).map((e) => html`<div class="error">${e}</div>`)}${extras.note ? html`<div class="note">${extras.note}</div>` : null}
</div></li>`;
}

/** An item for an outcome whose change the plan given does not hold: its recorded sentence only. */
export function bareItem(changeId: string, kind: Change['kind'], sentence: string, outcome: string): SafeHtml {
  return html`<li class="change" data-change="${changeId}" data-kind="${kind}" data-outcome="${outcome}">${signBadge(kindWords[kind]?.sign ?? '+')}<div class="change-body"><span class="headline">${sentence}</span><span class="badge outcome-${outcome}">${outcome}</span></div></li>`;
}
