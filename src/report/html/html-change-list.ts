/**
 * The change list of an HTML report: every change by stage in apply order,
 * under a bar with a search box, a checkbox per change kind (and per
 * outcome, for an apply) and the count of changes shown. The page's script
 * does the filtering; without it the whole list is simply shown.
 */
import type { ChangeSign } from '../change-kinds.js';
import { formatCount, plural } from '../../plan/value-format.js';
import { signBadge } from './html-parts.js';
import { html, type SafeHtml } from './html-text.js';

/** Changes an HTML report lists at most, so that a browser stays quick; the plan file holds them all. */
export const htmlMostChanges = 20_000;

/** One checkbox of the filter bar. */
export interface FilterChoice {
  /** What the items carry in `data-kind` or `data-outcome`. */
  value: string;
  label: string;
  /** How many changes of the whole plan or result have it (not only those listed). */
  count: number;
  sign?: ChangeSign;
}

/** A titled group of the list (a stage), its entries in order. */
export interface ListGroup<T> {
  title: string;
  entries: readonly T[];
}

export interface ChangeListInput<T> {
  heading: string;
  groups: readonly ListGroup<T>[];
  render: (entry: T) => SafeHtml;
  kinds: readonly FilterChoice[];
  /** Outcome checkboxes; absent for a plan. */
  outcomes?: readonly FilterChoice[];
  /** Says where the changes left out of a capped list are, e.g. "the plan file (`plan --out`) lists every change". */
  whereAll: string;
}

function chips(name: 'kind' | 'outcome', choices: readonly FilterChoice[], label: string): SafeHtml {
  return html`<div class="filter-row" role="group" aria-label="${label}"><span class="muted">${label}:</span>${choices.map(
    (c) =>
      html`<label class="chip"><input type="checkbox" data-filter="${name}" value="${c.value}" checked>${c.sign ? signBadge(c.sign) : null}${c.sign ? null : html`<span class="badge outcome-${c.value}">${c.value}</span>`}${c.sign ? c.label : null} <span class="n">${formatCount(c.count)}</span></label>`,
  )}</div>`;
}

/** The filter bar and the list, at most `htmlMostChanges` items, then a note of how many more and where they are. */
export function changeList<T>(input: ChangeListInput<T>): SafeHtml {
  let room = htmlMostChanges;
  let total = 0;
  const sections: SafeHtml[] = [];
  for (const group of input.groups) {
    total += group.entries.length;
    const listed = room >= group.entries.length ? group.entries : group.entries.slice(0, room);
    room -= listed.length;
    if (listed.length === 0) continue;
    const unlisted = group.entries.length - listed.length;
    const more = unlisted > 0 ? html`, ${formatCount(unlisted)} more not listed` : null;
    sections.push(html`<section class="stage"><h3>${group.title} <span class="muted">(<span class="stage-shown"></span>${formatCount(listed.length)}${more})</span></h3>
<ol class="change-list">${listed.map(input.render)}</ol></section>`);
  }
  const listedCount = htmlMostChanges - room;
  const unlistedNote =
    listedCount < total
      ? html`<p class="note" id="unlisted">Listing the first ${formatCount(listedCount)} of ${formatCount(total)} changes; ${input.whereAll}.</p>`
      : null;
  return html`<section id="change-section"><h2>${input.heading}</h2>
<div class="filters" role="search">
<div class="filter-row"><input type="search" id="change-search" class="search" placeholder="Search changes by email, name, squad, id… (press /)" aria-label="Search changes" autocomplete="off" spellcheck="false">
<span id="shown-count" class="shown" role="status" aria-live="polite" data-shown="${listedCount}">Showing all ${plural(listedCount, 'change')}</span>
<button type="button" id="filter-reset">Show all</button></div>
${chips('kind', input.kinds, 'Kinds')}${input.outcomes ? chips('outcome', input.outcomes, 'Outcomes') : null}
</div>
${unlistedNote}<p class="note" id="no-match" hidden>No change matches the search and the filters.</p>
<div id="changes" data-listed="${listedCount}">${sections}</div>
</section>`;
}
