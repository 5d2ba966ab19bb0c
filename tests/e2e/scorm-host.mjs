// The LMS side of the SCORM end-to-end tests: scorm-again as the run-time API in a host
// page, launching content in an iframe, a popup, a cross-origin iframe or at the top
// level; every API call is logged and every commit captured, and strict checkers hold
// the result to Moodle's formats and the call-sequence rules (../shared/notes/lms.md).
//
//   const host = await startScormHost();                      // two servers, two origins
//   const run = await openScormLaunch(browser, host, { standard: '1.2', contentUrl: 'index.html?…' });
//   …drive run.content (a Frame or Page)…
//   assert.deepEqual(await checkRun(run.page), { strict: [], sequence: [] });
//   const flat = await finalCmi(run.page);                   // e.g. flat['cmi.core.lesson_status']
//   await run.close();
import { readFile } from 'node:fs/promises';
import { startServer, SUB_PATH } from './harness.mjs';

const FIXTURES = new URL('./fixtures/lms/', import.meta.url);
const SCORM_AGAIN = new URL('../../node_modules/scorm-again/dist/', import.meta.url);

/** The files the host serves under `<sub-path>lms/`. */
async function lmsFiles() {
  // scorm-again's minified builds: the same code, parsed faster at every launch.
  const read = (base, name) => readFile(new URL(name, base), 'utf8');
  return {
    'lms/host.html': await read(FIXTURES, 'host.html'),
    'lms/host.js': await read(FIXTURES, 'host.js'),
    'lms/stub-sco.html': await read(FIXTURES, 'stub-sco.html'),
    'lms/scorm12.js': await read(SCORM_AGAIN, 'scorm12.min.js'),
    'lms/scorm2004.js': await read(SCORM_AGAIN, 'scorm2004.min.js'),
  };
}

/**
 * Starts the app's server (dist/ plus the LMS files, at http://127.0.0.1:<port>/<sub-path>)
 * and a second one on another origin *and* site (http://localhost:<port2>/<sub-path>) for
 * cross-origin launches. `extra` is passed to both (see harness.mjs startServer).
 * Returns { server, cross, url, origin, hostUrl, crossUrl, crossOrigin, close() }.
 */
export async function startScormHost({ extra = {} } = {}) {
  const files = { ...(await lmsFiles()), ...extra };
  const server = await startServer({ extra: files });
  const cross = await startServer({ extra: files });
  const crossOrigin = cross.origin.replace('127.0.0.1', 'localhost');
  return {
    server,
    cross,
    url: server.url,
    origin: server.origin,
    hostUrl: `${server.url}lms/host.html`,
    crossUrl: `${crossOrigin}${SUB_PATH}`,
    crossOrigin,
    close() {
      server.close();
      cross.close();
    },
  };
}

/** LMS-side values every launch starts with (the test's `preload` overrides them). */
export function defaultPreload(standard, { mastery, mode = 'normal', credit = 'credit', entry = 'ab-initio' } = {}) {
  if (standard === '1.2') {
    const preload = {
      'cmi.core.student_id': 'learner-1',
      'cmi.core.student_name': 'Doe, Jane',
      'cmi.core.entry': entry,
      'cmi.core.lesson_mode': mode,
      'cmi.core.credit': credit,
    };
    if (mastery !== undefined) preload['cmi.student_data.mastery_score'] = String(mastery);
    return preload;
  }
  if (standard === '2004') {
    const preload = {
      'cmi.learner_id': 'learner-1',
      'cmi.learner_name': 'Doe, Jane',
      'cmi.entry': entry,
      'cmi.mode': mode,
      'cmi.credit': credit,
    };
    if (mastery !== undefined) preload['cmi.scaled_passing_score'] = String(mastery);
    return preload;
  }
  throw new Error(`unknown SCORM standard ${standard}`);
}

/**
 * What the LMS would preload for the next launch after a session that ended with the
 * flattened CMI `flat` (from finalCmi): entry=resume after exit=suspend, and the stored
 * status, score, location, suspend_data and total time; learner, mode, credit and mastery
 * carry over.
 */
export function resumePreload(flat, standard) {
  const keep12 = ['cmi.core.student_id', 'cmi.core.student_name', 'cmi.core.lesson_mode', 'cmi.core.credit',
    'cmi.core.lesson_status', 'cmi.core.lesson_location', 'cmi.suspend_data', 'cmi.core.score.raw',
    'cmi.core.score.min', 'cmi.core.score.max', 'cmi.core.total_time', 'cmi.student_data.mastery_score'];
  const keep2004 = ['cmi.learner_id', 'cmi.learner_name', 'cmi.mode', 'cmi.credit', 'cmi.completion_status',
    'cmi.success_status', 'cmi.location', 'cmi.suspend_data', 'cmi.score.scaled', 'cmi.score.raw',
    'cmi.score.min', 'cmi.score.max', 'cmi.progress_measure', 'cmi.total_time', 'cmi.scaled_passing_score'];
  const is12 = standard === '1.2';
  const preload = {};
  for (const key of is12 ? keep12 : keep2004) {
    if (flat[key] !== undefined && flat[key] !== '') preload[key] = flat[key];
  }
  const exit = flat[is12 ? 'cmi.core.exit' : 'cmi.exit'];
  preload[is12 ? 'cmi.core.entry' : 'cmi.entry'] = exit === 'suspend' ? 'resume' : '';
  return preload;
}

/** Collects uncaught page errors (from every frame, popups included) and console errors. */
function watchPage(page, problems) {
  page.on('pageerror', (e) => problems.pageErrors.push(`${page.url()}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.consoleErrors.push(`${m.location()?.url ?? ''}: ${m.text()}`);
  });
  page.on('popup', (popup) => watchPage(popup, problems));
}

/**
 * Opens a page on the host and launches `contentUrl` under SCORM `standard`.
 *   target      a Browser (from harness.mjs launchBrowser(): a fresh context per launch,
 *               closed by close()) or a BrowserContext to open the page in (close() closes
 *               the page, and the popup)
 *   host        from startScormHost()
 *   standard    '1.2' | '2004'
 *   contentUrl  relative to the sub-path (e.g. 'index.html?scorm=1', resolved against the
 *               launch's origin) or absolute
 *   launch      'iframe' (same origin, default) | 'popup' (window.open from a click on the
 *               host's Launch button; the content finds the API through window.opener) |
 *               'cross-origin' (iframe on the other site: no API reachable) | 'top' (the
 *               content alone at the top level: no LMS)
 *   preload     flattened CMI loaded (loadFromFlattenedJSON) before launch, over
 *               defaultPreload(standard, { mastery, mode, credit, entry })
 *   failures    forced failures, e.g. { setValue: { 'cmi.core.score.raw': 405,
 *               'cmi.interactions.*': { code: 351, times: 1 } }, getValue: {…},
 *               initialize: 102, commit: 391, terminate: 111, commitHttp: true }: a forced
 *               call returns "false" ('' for GetValue) and GetLastError the code (default
 *               1.2: 101, 2004: 391; GetValue 301) without reaching scorm-again; commitHttp
 *               (true, a code, or { code, times }) makes the LMS's HTTP layer fail, so
 *               scorm-again's own Commit/Terminate return "false"
 *   settings    more scorm-again settings
 *   viewport    default 1280×900 (new contexts only)
 * Returns { context, page (the host; the content's page for 'top'), content (the Frame, or
 * the popup Page, or the top Page), popup?, url (the content's absolute URL),
 * problems: { pageErrors, consoleErrors } (from every frame and popup), close() }.
 */
export async function openScormLaunch(target, host, {
  standard = '1.2', contentUrl, launch = 'iframe', preload = {}, mastery, mode, credit, entry,
  failures = {}, settings = {}, viewport = { width: 1280, height: 900 },
} = {}) {
  if (!contentUrl) throw new Error('openScormLaunch: contentUrl is required');
  if (!['iframe', 'popup', 'cross-origin', 'top'].includes(launch)) throw new Error(`unknown launch ${launch}`);
  const base = launch === 'cross-origin' ? host.crossUrl : host.url;
  const url = new URL(contentUrl, base).href;
  const ownContext = typeof target.newContext === 'function';
  const context = ownContext ? await target.newContext({ viewport }) : target;
  const page = await context.newPage();
  const problems = { pageErrors: [], consoleErrors: [] };
  watchPage(page, problems);
  const run = { context, page, content: page, url, problems };
  run.close = async () => {
    if (ownContext) return context.close();
    await run.popup?.close();
    return page.close();
  };

  if (launch === 'top') {
    await page.goto(url);
    return run;
  }
  await page.goto(host.hostUrl);
  await page.evaluate((config) => window.lmsHost.start(config), {
    standard,
    contentUrl: url,
    launch,
    preload: { ...defaultPreload(standard, { mastery, mode, credit, entry }), ...preload },
    failures,
    settings,
  });
  if (launch === 'popup') {
    // A click, as on an LMS's "Launch" button: a user gesture, so no popup blocker applies.
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('#launch')]);
    await popup.waitForLoadState('load');
    return Object.assign(run, { content: popup, popup });
  }
  await page.evaluate(() => window.lmsHost.launch());
  const frame = await (await page.waitForSelector('iframe#content')).contentFrame();
  await frame.waitForURL(url);
  await frame.waitForLoadState('load');
  return Object.assign(run, { content: frame });
}

/**
 * Ends the content the way an LMS does when the learner leaves: the host closes the popup
 * or removes the iframe, so the content gets pagehide/unload while the host page (and its
 * log and commits) stays. Resolves once the content is gone.
 */
export async function unloadContent(run) {
  if (run.page === run.content) throw new Error('unloadContent: a top-level launch has no host');
  const closed = run.popup ? run.popup.waitForEvent('close') : null;
  const gone = await run.page.evaluate(() => window.lmsHost.unload());
  if (!gone) throw new Error('unloadContent: nothing was launched');
  if (closed) await closed;
  else await run.page.waitForFunction(() => !document.getElementById('content'));
}

/** Everything the host recorded: { standard, log, commits, flat (api.getFlattenedCMI()) }. */
export async function hostSnapshot(page) {
  return page.evaluate(() => window.lmsHost.snapshot());
}

/**
 * Every commit the LMS received, oldest first: { url, params (the nested { cmi } scorm-again
 * sent), flat (params flattened), immediate, metadata ({ isTerminateCommit, trigger,
 * sequence }), failed (a forced commitHttp failure), t (ms since start) }.
 */
export async function commits(page) {
  const { commits: list } = await hostSnapshot(page);
  return list.map((c) => ({ ...c, flat: flattenCmi(c.params) }));
}

/**
 * The flattened CMI ({ 'cmi.core.lesson_status': 'passed', … }, strings only) of the last
 * commit, or of the API's current data model if nothing was committed.
 */
export async function finalCmi(page) {
  const { commits: list, flat } = await hostSnapshot(page);
  if (list.length) return flattenCmi(list.at(-1).params);
  return Object.fromEntries(Object.entries(flat ?? {}).filter(([, v]) => typeof v !== 'object'));
}

/**
 * The API call log: [{ i, fn, args, ret, err (GetLastError after the call, a number),
 * errString?, diag?, forced?, info? (true for GetLastError/GetErrorString/GetDiagnostic), t }].
 */
export async function callLog(page) {
  return (await hostSnapshot(page)).log;
}

/** Flattens scorm-again's nested commit ({ cmi: { core: { … } } }) to dotted keys; drops empty objects. */
export function flattenCmi(params) {
  const out = {};
  const visit = (value, path) => {
    if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(v, path ? `${path}.${k}` : k);
    } else {
      out[path] = value === null || value === undefined ? '' : String(value);
    }
  };
  visit(params?.runtimeData ?? params, '');
  return out;
}

// ---- Strict checkers -------------------------------------------------------------------

// Moodle mod/scorm/datamodels/scorm_12.js formats.
const CMI_TIMESPAN_12 = /^([0-9]{2,4}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,2})?$/;
// CMITime as Moodle's, but hours 00-23 (Moodle's [0-2][0-9] lets 25:00:00 through).
const CMI_TIME_12 = /^([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9])(\.[0-9]{1,2})?$/;
const CMI_DECIMAL = /^-?[0-9]{1,3}(\.[0-9]+)?$/;
const DECIMAL = /^-?[0-9]+(\.[0-9]+)?$/;
// The identifiers Mandate writes (requirement 13).
const ID_12 = /^[A-Za-z0-9_.:-]{1,255}$/;
const ID_2004 = /^[A-Za-z0-9_.:-]{1,4000}$/;
const SHORT_ID = '[A-Za-z0-9_.:-]{1,250}';
const RESPONSE_12 = new RegExp(`^${SHORT_ID}(,${SHORT_ID})*$`);
const RESPONSE_2004 = new RegExp(`^${SHORT_ID}(\\[,\\]${SHORT_ID})*$`);
// ISO 8601 duration as SCORM 2004 timeinterval (second,10,2): at most 2 decimals on seconds.
const DURATION_2004 = /^P(?!$)([0-9]+Y)?([0-9]+M)?([0-9]+D)?(T(?=[0-9])([0-9]+H)?([0-9]+M)?([0-9]+(\.[0-9]{1,2})?S)?)?$/;
const TIMESTAMP_2004 = /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,2})?(Z|[+-][0-9]{2}(:[0-9]{2})?)?$/;

/** Status and score count only in normal mode with credit (requirement 14). */
function isJudged(mode, credit) {
  return (mode === undefined || mode === '' || mode === 'normal') && (credit === undefined || credit === '' || credit === 'credit');
}

function interactionIndexes(flat) {
  const indexes = new Set();
  for (const key of Object.keys(flat)) {
    const m = /^cmi\.interactions\.([0-9]+)\./.exec(key);
    if (m) indexes.add(Number(m[1]));
  }
  return [...indexes].sort((a, b) => a - b);
}
const q = (v) => JSON.stringify(v);
const show = (v) => (typeof v === 'string' && v.length > 40 ? `${q(v.slice(0, 40))}… (${v.length} chars)` : q(v));

function checkDecimalRange(out, flat, key, lo, hi, pattern = DECIMAL) {
  const v = flat[key];
  if (v === undefined || v === '') return;
  if (!pattern.test(v) || Number(v) < lo || Number(v) > hi) out.push(`${key} must be a decimal in ${lo}..${hi}: ${show(v)}`);
}

/**
 * SCORM 1.2 as Moodle stores it, stricter than scorm-again. `flat` is the final commit's
 * flattened CMI. With `final` (default) the content has run: a session_time is required,
 * and in normal mode with credit a status other than "not attempted". Returns violations
 * ([] = OK).
 */
export function strictCheck12(flat, { final = true } = {}) {
  const out = [];
  const judged = isJudged(flat['cmi.core.lesson_mode'], flat['cmi.core.credit']);
  const status = flat['cmi.core.lesson_status'];
  const statuses = ['passed', 'completed', 'failed', 'incomplete', 'browsed', 'not attempted'];
  if (!statuses.includes(status)) out.push(`cmi.core.lesson_status is not in the 1.2 vocabulary: ${show(status)}`);
  else if (final && judged && status === 'not attempted') out.push('cmi.core.lesson_status is still "not attempted" after the content ran');
  for (const part of ['raw', 'min', 'max']) checkDecimalRange(out, flat, `cmi.core.score.${part}`, 0, 100, CMI_DECIMAL);
  const [raw, min, max] = ['raw', 'min', 'max'].map((p) => flat[`cmi.core.score.${p}`]);
  if (raw && min && max && DECIMAL.test(raw) && (Number(raw) < Number(min) || Number(raw) > Number(max))) {
    out.push(`cmi.core.score.raw ${raw} is outside min..max ${min}..${max}`);
  }
  const mastery = flat['cmi.student_data.mastery_score'];
  if (mastery && raw && DECIMAL.test(raw) && (status === 'passed' || status === 'failed') && judged) {
    const expected = Number(raw) >= Number(mastery) ? 'passed' : 'failed';
    if (status !== expected) out.push(`cmi.core.lesson_status is ${status} but raw ${raw} against mastery_score ${mastery} means ${expected}`);
  }
  const session = flat['cmi.core.session_time'];
  if (session === undefined || session === '') {
    if (final) out.push('cmi.core.session_time was not set');
  } else if (!CMI_TIMESPAN_12.test(session)) {
    out.push(`cmi.core.session_time is not HH:MM:SS(.SS) with 2-4 hour digits: ${show(session)}`);
  }
  const location = flat['cmi.core.lesson_location'] ?? '';
  if (location.length > 255) out.push(`cmi.core.lesson_location is ${location.length} chars (max 255)`);
  const suspend = flat['cmi.suspend_data'] ?? '';
  if (suspend.length > 4096) out.push(`cmi.suspend_data is ${suspend.length} chars (max 4096 in SCORM 1.2)`);
  const exit = flat['cmi.core.exit'] ?? '';
  if (!['', 'time-out', 'suspend', 'logout'].includes(exit)) out.push(`cmi.core.exit is not in the 1.2 vocabulary: ${show(exit)}`);

  for (const n of interactionIndexes(flat)) {
    const p = `cmi.interactions.${n}.`;
    const v = (k) => flat[p + k] ?? '';
    if (!ID_12.test(v('id'))) out.push(`${p}id is not [A-Za-z0-9_.:-]{1,255}: ${show(v('id'))}`);
    if (v('type') !== 'choice') out.push(`${p}type is not "choice": ${show(v('type'))}`);
    if (!RESPONSE_12.test(v('student_response'))) out.push(`${p}student_response is not a short identifier (list): ${show(v('student_response'))}`);
    if (!['correct', 'wrong', 'neutral'].includes(v('result')) && !CMI_DECIMAL.test(v('result'))) out.push(`${p}result is not correct|wrong|neutral or a decimal: ${show(v('result'))}`);
    if (!CMI_TIMESPAN_12.test(v('latency'))) out.push(`${p}latency is not HH:MM:SS(.SS): ${show(v('latency'))}`);
    if (!CMI_TIME_12.test(v('time'))) out.push(`${p}time is not HH:MM:SS(.SS): ${show(v('time'))}`);
    if (!CMI_DECIMAL.test(v('weighting'))) out.push(`${p}weighting is not a decimal: ${show(v('weighting'))}`);
    for (const key of Object.keys(flat).filter((k) => k.startsWith(`${p}correct_responses.`) && k.endsWith('.pattern'))) {
      if (!RESPONSE_12.test(flat[key])) out.push(`${key} is not a short identifier (list): ${show(flat[key])}`);
    }
  }
  return out;
}

/**
 * SCORM 2004 4th edition, restricted to what Mandate writes (scaled score 0..1, choice
 * interactions with identifier responses). With `final` (default): a session_time, and in
 * normal mode with credit a completion_status other than unknown/not attempted. Returns
 * violations ([] = OK).
 */
export function strictCheck2004(flat, { final = true } = {}) {
  const out = [];
  const judged = isJudged(flat['cmi.mode'], flat['cmi.credit']);
  const completion = flat['cmi.completion_status'];
  if (!['completed', 'incomplete', 'not attempted', 'unknown'].includes(completion)) {
    out.push(`cmi.completion_status is not in the 2004 vocabulary: ${show(completion)}`);
  } else if (final && judged && (completion === 'not attempted' || completion === 'unknown')) {
    out.push(`cmi.completion_status is still ${show(completion)} after the content ran`);
  }
  const success = flat['cmi.success_status'];
  if (!['passed', 'failed', 'unknown'].includes(success)) out.push(`cmi.success_status is not in the 2004 vocabulary: ${show(success)}`);
  checkDecimalRange(out, flat, 'cmi.score.scaled', 0, 1);
  for (const part of ['raw', 'min', 'max']) {
    const v = flat[`cmi.score.${part}`];
    if (v !== undefined && v !== '' && !DECIMAL.test(v)) out.push(`cmi.score.${part} is not a decimal: ${show(v)}`);
  }
  const [scaled, raw, min, max] = ['scaled', 'raw', 'min', 'max'].map((p) => flat[`cmi.score.${p}`] ?? '');
  const given = [raw, min, max].filter((v) => v !== '').length;
  if (given > 0 && given < 3) out.push(`cmi.score.raw/min/max must be set together: raw=${q(raw)} min=${q(min)} max=${q(max)}`);
  if (given === 3 && [raw, min, max].every((v) => DECIMAL.test(v))) {
    const [r, lo, hi] = [raw, min, max].map(Number);
    if (r < lo || r > hi) out.push(`cmi.score.raw ${raw} is outside min..max ${min}..${max}`);
    else if (scaled !== '' && DECIMAL.test(scaled) && hi > lo && Math.abs((r - lo) / (hi - lo) - Number(scaled)) > 0.01) {
      out.push(`cmi.score.scaled ${scaled} does not match raw/min/max ${raw}/${min}/${max}`);
    }
  }
  const passing = flat['cmi.scaled_passing_score'] ?? '';
  if (passing !== '' && scaled !== '' && DECIMAL.test(scaled) && (success === 'passed' || success === 'failed') && judged) {
    const expected = Number(scaled) >= Number(passing) ? 'passed' : 'failed';
    if (success !== expected) out.push(`cmi.success_status is ${success} but scaled ${scaled} against scaled_passing_score ${passing} means ${expected}`);
  }
  checkDecimalRange(out, flat, 'cmi.progress_measure', 0, 1);
  const session = flat['cmi.session_time'];
  if (session === undefined || session === '') {
    if (final) out.push('cmi.session_time was not set');
  } else if (!DURATION_2004.test(session)) {
    out.push(`cmi.session_time is not an ISO 8601 duration with at most 2 decimals: ${show(session)}`);
  }
  const location = flat['cmi.location'] ?? '';
  if (location.length > 1000) out.push(`cmi.location is ${location.length} chars (max 1000)`);
  const suspend = flat['cmi.suspend_data'] ?? '';
  if (suspend.length > 64000) out.push(`cmi.suspend_data is ${suspend.length} chars (max 64000)`);
  const exit = flat['cmi.exit'] ?? '';
  if (!['', 'time-out', 'suspend', 'logout', 'normal'].includes(exit)) out.push(`cmi.exit is not in the 2004 vocabulary: ${show(exit)}`);

  for (const n of interactionIndexes(flat)) {
    const p = `cmi.interactions.${n}.`;
    const v = (k) => flat[p + k] ?? '';
    if (!ID_2004.test(v('id'))) out.push(`${p}id is not a long identifier of [A-Za-z0-9_.:-]: ${show(v('id'))}`);
    if (v('type') !== 'choice') out.push(`${p}type is not "choice": ${show(v('type'))}`);
    if (!RESPONSE_2004.test(v('learner_response'))) out.push(`${p}learner_response is not short identifiers joined by [,]: ${show(v('learner_response'))}`);
    if (!['correct', 'incorrect', 'neutral'].includes(v('result'))) out.push(`${p}result is not correct|incorrect|neutral: ${show(v('result'))}`);
    if (!DURATION_2004.test(v('latency'))) out.push(`${p}latency is not an ISO 8601 duration: ${show(v('latency'))}`);
    if (!TIMESTAMP_2004.test(v('timestamp'))) out.push(`${p}timestamp is not YYYY-MM-DDThh:mm:ss: ${show(v('timestamp'))}`);
    if (!DECIMAL.test(v('weighting'))) out.push(`${p}weighting is not a decimal: ${show(v('weighting'))}`);
    for (const key of Object.keys(flat).filter((k) => k.startsWith(`${p}correct_responses.`) && k.endsWith('.pattern'))) {
      if (!RESPONSE_2004.test(flat[key])) out.push(`${key} is not short identifiers joined by [,]: ${show(flat[key])}`);
    }
  }
  return out;
}

const READ_ONLY = {
  '1.2': [/^cmi\.core\.(student_id|student_name|credit|entry|total_time|lesson_mode)$/, /^cmi\.launch_data$/,
    /^cmi\.comments_from_lms$/, /^cmi\.student_data\./, /\._children$/, /\._count$/],
  '2004': [/^cmi\.(learner_id|learner_name|credit|entry|total_time|mode|launch_data|scaled_passing_score|completion_threshold|max_time_allowed|time_limit_action|comments_from_lms\..*)$/,
    /\._children$/, /\._count$/, /^cmi\._version$/],
};
const NAMES = {
  '1.2': { init: 'LMSInitialize', commit: 'LMSCommit', term: 'LMSFinish', get: 'LMSGetValue', set: 'LMSSetValue' },
  '2004': { init: 'Initialize', commit: 'Commit', term: 'Terminate', get: 'GetValue', set: 'SetValue' },
};
// Errors that mean "called in the wrong state" (scorm-again's codes): 1.2 has 301 for
// "not initialized" and 101 for everything after LMSFinish; 2004 has its 1xx range.
const STATE_ERRORS = {
  '1.2': [101, 301],
  '2004': [102, 103, 104, 111, 112, 113, 122, 123, 132, 133, 142, 143],
};

/**
 * The call-sequence rules (requirements 7, 8, 9, 14) on callLog(page): exactly one
 * Initialize (first), at least one Commit, exactly one Terminate, no calls but
 * GetLastError / GetErrorString / GetDiagnostic after Terminate, no state error (1.2:
 * 101/301; 2004: 102-143), no write to a read-only element, no other error except 2004
 * GetValue 403 ("not initialized": empty on a first launch), forced failures and codes in
 * `allow`. In `mode` normal with `credit` credit the content must set the status (1.2
 * lesson_status, 2004 completion_status) successfully; in browse/review or no-credit it
 * must not write status or score at all. Returns violations ([] = OK).
 */
export function checkCallSequence(log, standard, { allow = [], mode = 'normal', credit = 'credit' } = {}) {
  const out = [];
  const n = NAMES[standard];
  if (!n) throw new Error(`unknown SCORM standard ${standard}`);
  const calls = log.filter((e) => !e.info);
  const describe = (e) => `#${e.i} ${e.fn}(${e.args.map((a) => show(a)).join(', ')})`;
  const inits = calls.filter((e) => e.fn === n.init);
  const terms = calls.filter((e) => e.fn === n.term);
  if (inits.length !== 1) out.push(`${n.init} was called ${inits.length} times (expected exactly 1)`);
  if (calls.length && calls[0].fn !== n.init) out.push(`the first call was ${describe(calls[0])}, not ${n.init}`);
  if (terms.length !== 1) out.push(`${n.term} was called ${terms.length} times (expected exactly 1)`);
  const firstTerm = terms[0]?.i ?? Infinity;
  const commitsBefore = calls.filter((e) => e.fn === n.commit && e.i < firstTerm).length;
  if (commitsBefore < 1) out.push(`${n.commit} was never called before ${n.term}`);
  for (const e of log) {
    if (e.i > firstTerm && !e.info) out.push(`call after ${n.term}: ${describe(e)}`);
  }
  const statusElement = standard === '1.2' ? 'cmi.core.lesson_status' : 'cmi.completion_status';
  const judgedElements = standard === '1.2'
    ? /^cmi\.core\.(lesson_status|score\..*)$/
    : /^cmi\.(completion_status|success_status|score\..*)$/;
  if (isJudged(mode, credit)) {
    if (!calls.some((e) => e.fn === n.set && e.args[0] === statusElement && e.ret === 'true' && !e.err)) {
      out.push(`${statusElement} was never set (successfully) in normal mode with credit`);
    }
  } else {
    for (const e of calls.filter((c) => c.fn === n.set && judgedElements.test(String(c.args[0])))) {
      out.push(`status/score write in mode ${mode}, credit ${credit}: ${describe(e)}`);
    }
  }
  for (const e of calls) {
    if (e.fn === n.set && READ_ONLY[standard].some((re) => re.test(String(e.args[0])))) {
      out.push(`write to read-only element: ${describe(e)}`);
    }
    if (!e.err || e.forced || allow.includes(e.err)) continue;
    if (STATE_ERRORS[standard].includes(e.err)) {
      out.push(`state error ${e.err} (${e.errString ?? ''}) on ${describe(e)}`);
    } else if (!(standard === '2004' && e.fn === n.get && e.err === 403)) {
      out.push(`error ${e.err} (${e.errString ?? ''}) on ${describe(e)}`);
    }
  }
  return out;
}

/**
 * Runs the strict checker and the call-sequence check on what the host recorded, with
 * the launch's mode and credit: { strict: [...], sequence: [...] }.
 * Options: `final` (strict checker), `allow` (sequence check).
 */
export async function checkRun(page, { final = true, allow = [] } = {}) {
  const { standard, config, log, commits: list } = await hostSnapshot(page);
  const flat = list.length ? flattenCmi(list.at(-1).params) : {};
  const preload = config?.preload ?? {};
  const mode = preload[standard === '1.2' ? 'cmi.core.lesson_mode' : 'cmi.mode'] ?? 'normal';
  const credit = preload[standard === '1.2' ? 'cmi.core.credit' : 'cmi.credit'] ?? 'credit';
  const strict = list.length
    ? (standard === '1.2' ? strictCheck12 : strictCheck2004)(flat, { final })
    : ['nothing was committed'];
  return { strict, sequence: checkCallSequence(log, standard, { allow, mode, credit }) };
}

/** Counts calls by function name, e.g. { LMSInitialize: 1, LMSSetValue: 14, … }. */
export function countCalls(log) {
  const counts = {};
  for (const e of log) counts[e.fn] = (counts[e.fn] ?? 0) + 1;
  return counts;
}
