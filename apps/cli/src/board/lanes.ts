// How each of the nine lanes looks in the terminal.
import type { Lane } from '@kittyhost/core';
import type { Colour } from './style.js';

/** Heading and colour of each lane. */
export const LANE_LOOK: Readonly<
  Record<Lane, { readonly label: string; readonly colour: Colour }>
> = {
  planned: { label: 'Planned', colour: 'gray' },
  claimed: { label: 'Claimed', colour: 'cyan' },
  in_progress: { label: 'In progress', colour: 'blue' },
  for_review: { label: 'For review', colour: 'yellow' },
  in_review: { label: 'In review', colour: 'magenta' },
  approved: { label: 'Approved', colour: 'green' },
  done: { label: 'Done', colour: 'green' },
  blocked: { label: 'Blocked', colour: 'red' },
  canceled: { label: 'Canceled', colour: 'gray' },
};
