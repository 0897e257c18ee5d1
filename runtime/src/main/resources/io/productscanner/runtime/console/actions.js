// Every change the console makes: asked first, done through the API, said in a toast, then the page refreshed.
import {SignInNeeded} from './api.js';
import {confirmAction, toast} from './dom.js';

/**
 * Confirms, runs `run` (an API call), tells how it went and refreshes the page.
 * @returns the call's answer, or null when the operator declined or it failed
 */
export async function act(context, {title, text, confirmLabel, run, done}) {
  if (!(await confirmAction(title, text, confirmLabel))) return null;
  try {
    const answer = await run();
    toast(done ? done(answer) : `${title}: done`, 'ok');
    context.refreshNow();
    return answer;
  } catch (error) {
    if (error instanceof SignInNeeded) {
      context.signInNeeded();
    } else {
      toast(`${title} failed: ${error.message}`, 'error');
    }
    return null;
  }
}

/** A button that runs `action` on click; data-key keeps it focused across refreshes. */
export function button(label, key, action, {kind = '', describedBy} = {}) {
  const el = document.createElement('button');
  el.type = 'button';
  el.textContent = label;
  el.dataset.key = key;
  if (kind) el.className = kind;
  if (describedBy) el.setAttribute('aria-label', describedBy);
  el.addEventListener('click', action);
  return el;
}
