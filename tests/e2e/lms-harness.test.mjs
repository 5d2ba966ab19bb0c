// Self-test of the SCORM LMS harness (scorm-host.mjs) with a stub SCO
// (fixtures/lms/stub-sco.html): good sessions pass every check, each misbehaviour is
// caught, the four launch styles behave as requirement 6 says, forced failures reach the
// content, and a suspended attempt resumes from the preloaded commit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from './harness.mjs';
import {
  startScormHost, openScormLaunch, finalCmi, commits, callLog, countCalls, checkRun, checkCallSequence,
  strictCheck12, strictCheck2004, resumePreload, flattenCmi, unloadContent,
} from './scorm-host.mjs';

let host;
let browser;
let shared; // one browser context for the stub's launches (a page each); the stub keeps no storage

before(async () => {
  host = await startScormHost();
  browser = await launchBrowser();
  shared = await browser.newContext();
});
after(async () => {
  await browser?.close();
  host?.close();
});

const MASTERY = { '1.2': 70, '2004': 0.7 };

/** Launches the stub SCO with `query`, waits for it to finish, returns the run and its report. */
async function runStub(standard, query, options = {}) {
  const run = await openScormLaunch(options.context ?? shared, host, {
    standard, contentUrl: `lms/stub-sco.html${query}`, mastery: MASTERY[standard], ...options,
  });
  await run.content.waitForFunction(() => window.stubReport?.done === true);
  const report = await run.content.evaluate(() => window.stubReport);
  return { run, report };
}

const FIRST_READ = {
  '1.2': { entry: 'ab-initio', suspend_data: '', location: '', status: 'not attempted', mode: 'normal', credit: 'credit', learner: 'learner-1', mastery: '70' },
  // 2004: suspend_data, location and completion_status start unset (GetValue 403 → "").
  '2004': { entry: 'ab-initio', suspend_data: '', location: '', status: 'unknown', mode: 'normal', credit: 'credit', learner: 'learner-1', mastery: '0.7' },
};

test('SCORM 1.2: a good session in a same-origin iframe passes every check', async () => {
  const { run, report } = await runStub('1.2', '');
  assert.deepEqual(report, { found: 'API', via: 'parent', caught: [], read: FIRST_READ['1.2'], failures: [], done: true });
  assert.deepEqual(await checkRun(run.page), { strict: [], sequence: [] });
  assert.deepEqual(countCalls(await callLog(run.page)),
    { LMSInitialize: 1, LMSGetValue: 9, LMSGetLastError: 9, LMSSetValue: 17, LMSCommit: 2, LMSFinish: 1 });
  const list = await commits(run.page);
  assert.deepEqual(list.map((c) => [c.metadata, c.immediate, c.failed]), [
    [{ isTerminateCommit: false, trigger: 'manual', sequence: 1 }, false, false],
    [{ isTerminateCommit: false, trigger: 'manual', sequence: 2 }, false, false],
    [{ isTerminateCommit: true, trigger: 'terminate', sequence: 3 }, true, false],
  ]);
  assert.equal(list[0].flat['cmi.core.lesson_status'], 'incomplete');
  const flat = await finalCmi(run.page);
  assert.deepEqual(pick(flat, /^cmi\.(core\.(lesson_status|score\.|lesson_location|exit|session_time|total_time)|suspend_data|interactions\.)/), {
    'cmi.suspend_data': 'v1|a',
    'cmi.core.lesson_location': 'node-2',
    'cmi.core.lesson_status': 'passed',
    'cmi.core.exit': '',
    'cmi.core.session_time': '00:00:12.34',
    'cmi.core.score.raw': '80',
    'cmi.core.score.min': '0',
    'cmi.core.score.max': '100',
    'cmi.core.total_time': '00:00:12.34',
    'cmi.interactions.0.id': 'scene-1.node-2',
    'cmi.interactions.0.time': '13:45:10',
    'cmi.interactions.0.type': 'choice',
    'cmi.interactions.0.weighting': '1',
    'cmi.interactions.0.student_response': 'b',
    'cmi.interactions.0.result': 'correct',
    'cmi.interactions.0.latency': '00:00:04',
    'cmi.interactions.0.correct_responses.0.pattern': 'b',
  });
  assert.deepEqual(run.problems, { pageErrors: [], consoleErrors: [] });
  await run.close();
});

test('SCORM 2004: a good session in a same-origin iframe passes every check', async () => {
  const { run, report } = await runStub('2004', '');
  assert.deepEqual(report, { found: 'API_1484_11', via: 'parent', caught: [], read: FIRST_READ['2004'], failures: [], done: true });
  assert.deepEqual(await checkRun(run.page), { strict: [], sequence: [] });
  const log = await callLog(run.page);
  assert.deepEqual(countCalls(log),
    { Initialize: 1, GetValue: 9, GetLastError: 9, SetValue: 20, Commit: 2, Terminate: 1 });
  // The first-launch 403s are in the log, and allowed: suspend_data and location are unset.
  assert.deepEqual(log.filter((e) => e.err).map((e) => [e.fn, e.args[0], e.err]),
    [['GetValue', 'cmi.suspend_data', 403], ['GetValue', 'cmi.location', 403]]);
  const flat = await finalCmi(run.page);
  assert.deepEqual(pick(flat, /^cmi\.(completion_status|success_status|score\.|progress_measure|location|exit|session_time|suspend_data|interactions\.)/), {
    'cmi.completion_status': 'completed',
    'cmi.exit': 'normal',
    'cmi.interactions.0.id': 'urn:mandate:scene-1:node-2',
    'cmi.interactions.0.type': 'choice',
    'cmi.interactions.0.timestamp': '2026-03-01T13:45:10',
    'cmi.interactions.0.weighting': '1',
    'cmi.interactions.0.learner_response': 'b',
    'cmi.interactions.0.result': 'correct',
    'cmi.interactions.0.latency': 'PT4S',
    'cmi.interactions.0.description': '',
    'cmi.interactions.0.correct_responses.0.pattern': 'b',
    'cmi.location': 'node-2',
    'cmi.progress_measure': '1',
    'cmi.score.scaled': '0.8',
    'cmi.score.raw': '80',
    'cmi.score.min': '0',
    'cmi.score.max': '100',
    'cmi.session_time': 'PT12.34S',
    'cmi.success_status': 'passed',
    'cmi.suspend_data': 'v1|a',
  });
  assert.deepEqual(run.problems, { pageErrors: [], consoleErrors: [] });
  await run.close();
});

test('below the mastery score the good session fails, and the checks agree', async () => {
  for (const standard of ['1.2', '2004']) {
    const { run } = await runStub(standard, '?score=50');
    assert.deepEqual(await checkRun(run.page), { strict: [], sequence: [] }, standard);
    const flat = await finalCmi(run.page);
    assert.equal(flat[standard === '1.2' ? 'cmi.core.lesson_status' : 'cmi.success_status'], 'failed', standard);
    await run.close();
  }
});

test('popup launch: the content finds the API through window.opener', async () => {
  for (const standard of ['1.2', '2004']) {
    const { run, report } = await runStub(standard, '', { launch: 'popup' });
    assert.equal(run.content, run.popup);
    assert.deepEqual([report.found, report.via, report.caught], [standard === '1.2' ? 'API' : 'API_1484_11', 'opener', []]);
    assert.deepEqual(await checkRun(run.page), { strict: [], sequence: [] }, standard);
    assert.deepEqual(run.problems, { pageErrors: [], consoleErrors: [] });
    await run.close();
  }
});

test('cross-origin iframe: no API is reachable, the SecurityError is caught, nothing is thrown', async () => {
  const { run, report } = await runStub('1.2', '', { launch: 'cross-origin' });
  assert.equal(new URL(run.url).origin, host.crossOrigin);
  assert.notEqual(host.crossOrigin, host.origin);
  // The walk met the host page twice: window.parent.API_1484_11, then window.parent.API.
  assert.deepEqual(report, { found: null, via: null, caught: ['SecurityError', 'SecurityError'], read: {}, failures: [], done: true });
  assert.deepEqual(await callLog(run.page), []);
  assert.deepEqual(await checkRun(run.page), {
    strict: ['nothing was committed'],
    sequence: ['LMSInitialize was called 0 times (expected exactly 1)', 'LMSFinish was called 0 times (expected exactly 1)',
      'LMSCommit was never called before LMSFinish', 'cmi.core.lesson_status was never set (successfully) in normal mode with credit'],
  });
  assert.deepEqual(run.problems, { pageErrors: [], consoleErrors: [] });
  await run.close();
});

test('the page-error watch hears an uncaught error inside a cross-origin frame', async () => {
  const { run } = await runStub('1.2', '?throw=1', { launch: 'cross-origin' });
  await run.page.waitForTimeout(100);
  assert.deepEqual(run.problems, {
    pageErrors: [`${host.hostUrl}: stub SCO: deliberate uncaught error`],
    consoleErrors: [],
  });
  await run.close();
});

test('top-level launch: no LMS, the content runs standalone', async () => {
  const { run, report } = await runStub('2004', '', { launch: 'top' });
  assert.equal(run.content, run.page);
  assert.deepEqual(report, { found: null, via: null, caught: [], read: {}, failures: [], done: true });
  assert.deepEqual(run.problems, { pageErrors: [], consoleErrors: [] });
  await run.close();
});

for (const standard of ['1.2', '2004']) {
  test(`SCORM ${standard}: a suspended attempt resumes from the preloaded commit`, async () => {
    const first = await runStub(standard, '?finish=0');
    assert.deepEqual(await checkRun(first.run.page), { strict: [], sequence: [] });
    const flat = await finalCmi(first.run.page);
    await first.run.close();
    const preload = resumePreload(flat, standard);
    const is12 = standard === '1.2';
    assert.deepEqual(pick(preload, /entry|suspend_data|location|status/), is12
      ? { 'cmi.core.lesson_status': 'incomplete', 'cmi.core.lesson_location': 'node-2', 'cmi.suspend_data': 'v1|a', 'cmi.core.entry': 'resume' }
      : { 'cmi.completion_status': 'incomplete', 'cmi.success_status': 'unknown', 'cmi.location': 'node-2', 'cmi.suspend_data': 'v1|a', 'cmi.entry': 'resume' });

    const second = await runStub(standard, '', { preload });
    assert.deepEqual(second.report.read, {
      ...FIRST_READ[standard], entry: 'resume', suspend_data: 'v1|a', location: 'node-2', status: 'incomplete',
    });
    assert.deepEqual(await checkRun(second.run.page), { strict: [], sequence: [] });
    const last = await finalCmi(second.run.page);
    assert.equal(last['cmi.suspend_data'], 'v1|a.b');
    // Total time adds up over the two sessions; the second interaction record is index 0
    // again in 1.2 (write-only, not carried over) and 2004 (not preloaded).
    assert.equal(last[is12 ? 'cmi.core.total_time' : 'cmi.total_time'], is12 ? '00:00:24.68' : 'PT24.68S');
    await second.run.close();
  });
}

test('leaving the content (iframe removed, popup closed) lets it terminate on pagehide', async () => {
  for (const [standard, launch] of [['1.2', 'iframe'], ['2004', 'popup']]) {
    const { run } = await runStub(standard, '?finish=0&defer=1', { launch });
    const term = standard === '1.2' ? 'LMSFinish' : 'Terminate';
    assert.equal(countCalls(await callLog(run.page))[term], undefined, `${standard}: not terminated yet`);
    await unloadContent(run);
    // The closing page's pagehide handler may still be running when the close event
    // fires: give it up to 3 s to reach the LMS.
    let log = await callLog(run.page);
    for (let i = 0; i < 30 && !log.some((e) => e.fn === term); i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      log = await callLog(run.page);
    }
    assert.deepEqual(log.filter((e) => e.fn === term).map((e) => [e.ret, e.err]), [['true', 0]], standard);
    assert.deepEqual((await commits(run.page)).at(-1).metadata, { isTerminateCommit: true, trigger: 'terminate', sequence: 3 }, standard);
    assert.deepEqual(await checkRun(run.page), { strict: [], sequence: [] }, standard);
    assert.deepEqual(run.problems, { pageErrors: [], consoleErrors: [] });
    await run.close();
  }
});

test('forced failures reach the content, which reports them and carries on', async () => {
  const { run, report } = await runStub('1.2', '', {
    failures: {
      setValue: { 'cmi.core.score.raw': 405, 'cmi.interactions.*.latency': { code: 405, times: 1 } },
      getValue: { 'cmi.suspend_data': 101 },
      commitHttp: { times: 1 },
    },
  });
  assert.deepEqual(report.failures, [
    { fn: 'LMSGetValue', args: ['cmi.suspend_data'], code: '101' },
    { fn: 'LMSSetValue', args: ['cmi.interactions.0.latency', '00:00:04'], code: '405', text: 'Forced failure (test harness)', diag: 'Forced failure of LMSSetValue (test harness)' },
    { fn: 'LMSCommit', args: [''], code: '101', text: 'General Exception', diag: report.failures[2]?.diag },
    { fn: 'LMSSetValue', args: ['cmi.core.score.raw', '80'], code: '405', text: 'Forced failure (test harness)', diag: 'Forced failure of LMSSetValue (test harness)' },
  ]);
  const list = await commits(run.page);
  assert.deepEqual(list.map((c) => c.failed), [true, false, false]);
  // The content still finished: status, session time and the other values arrived.
  const flat = await finalCmi(run.page);
  assert.deepEqual([flat['cmi.core.lesson_status'], flat['cmi.core.score.raw'], flat['cmi.interactions.0.latency'], flat['cmi.core.session_time']],
    ['passed', '', '', '00:00:12.34']);
  // Forced failures are the LMS's doing, not the content's: the sequence check ignores
  // them; scorm-again's own commit failure (101) is reported.
  const log = await callLog(run.page);
  assert.deepEqual(log.filter((e) => e.forced).map((e) => [e.fn, e.args[0], e.ret, e.err]), [
    ['LMSGetValue', 'cmi.suspend_data', '', 101],
    ['LMSSetValue', 'cmi.interactions.0.latency', 'false', 405],
    ['LMSSetValue', 'cmi.core.score.raw', 'false', 405],
  ]);
  assert.deepEqual(checkCallSequence(log, '1.2'), ['state error 101 (General Exception) on #33 LMSCommit("")']);
  assert.deepEqual(checkCallSequence(log, '1.2', { allow: [101] }), []);
  await run.close();
});

test('browse mode and no-credit: a content that keeps quiet passes, one that writes status is caught', async () => {
  for (const [standard, options] of [['1.2', { mode: 'browse' }], ['2004', { mode: 'review' }], ['2004', { credit: 'no-credit' }]]) {
    const quiet = await runStub(standard, '', options);
    assert.deepEqual(await checkRun(quiet.run.page), { strict: [], sequence: [] }, `${standard} ${JSON.stringify(options)}`);
    await quiet.run.close();
  }
  const loud = await runStub('1.2', '?bad=ignore-mode', { mode: 'browse' });
  assert.deepEqual(await checkRun(loud.run.page), {
    strict: [],
    sequence: [
      'status/score write in mode browse, credit credit: #17 LMSSetValue("cmi.core.lesson_status", "incomplete")',
      'status/score write in mode browse, credit credit: #31 LMSSetValue("cmi.core.score.raw", "80")',
      'status/score write in mode browse, credit credit: #32 LMSSetValue("cmi.core.score.min", "0")',
      'status/score write in mode browse, credit credit: #33 LMSSetValue("cmi.core.score.max", "100")',
      'status/score write in mode browse, credit credit: #34 LMSSetValue("cmi.core.lesson_status", "passed")',
    ],
  });
  await loud.run.close();
});

// Each misbehaviour of the stub, and exactly what the checkers report.
const LONG_2004 = `"v1|xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"… (64004 chars)`;
const MISBEHAVIOURS = [
  ['1.2', 'suspend-oversize', ['cmi.suspend_data is 5003 chars (max 4096 in SCORM 1.2)'], []],
  ['2004', 'suspend-oversize', [], [`error 406 (Data Model Element Type Mismatch) on #19 SetValue("cmi.suspend_data", ${LONG_2004})`]],
  ['1.2', 'bad-timespan', ['cmi.core.session_time is not HH:MM:SS(.SS) with 2-4 hour digits: "12345:00:00"'], []],
  ['2004', 'bad-timespan', [], ['error 406 (Data Model Element Type Mismatch) on #39 SetValue("cmi.session_time", "PT1.123S")']],
  ['1.2', 'double-init', [], ['LMSInitialize was called 2 times (expected exactly 1)', 'state error 101 (General Exception) on #1 LMSInitialize("")']],
  ['2004', 'double-init', [], ['Initialize was called 2 times (expected exactly 1)', 'state error 103 (Already Initialized) on #1 Initialize("")']],
  // scorm-again 1.2 accepts a write after LMSFinish ("true", error 0): only the log order shows it.
  ['1.2', 'write-after-terminate', [], ['call after LMSFinish: #39 LMSSetValue("cmi.core.lesson_location", "node-3")']],
  ['2004', 'write-after-terminate', [], ['call after Terminate: #42 SetValue("cmi.location", "node-3")', 'state error 133 (Store Data After Termination) on #42 SetValue("cmi.location", "node-3")']],
  ['1.2', 'no-commit', [], ['LMSCommit was never called before LMSFinish']],
  ['2004', 'no-terminate', [], ['Terminate was called 0 times (expected exactly 1)']],
  ['1.2', 'readonly-write', [], ['write to read-only element: #17 LMSSetValue("cmi.core.student_id", "someone-else")', 'error 403 (Element is read only) on #17 LMSSetValue("cmi.core.student_id", "someone-else")']],
  ['2004', 'readonly-write', [], ['write to read-only element: #17 SetValue("cmi.learner_id", "someone-else")', 'error 404 (Data Model Element Is Read Only) on #17 SetValue("cmi.learner_id", "someone-else")']],
  // 1.2 rejects the write (405): the status stays "not attempted", and the log shows the
  // content never set one.
  ['1.2', 'not-attempted', ['cmi.core.lesson_status is still "not attempted" after the content ran'], ['cmi.core.lesson_status was never set (successfully) in normal mode with credit', 'error 405 (Incorrect Data Type) on #17 LMSSetValue("cmi.core.lesson_status", "not attempted")']],
  ['2004', 'not-attempted', ['cmi.completion_status is still "not attempted" after the content ran'], []],
  ['1.2', 'interaction-id-space', ['cmi.interactions.0.id is not [A-Za-z0-9_.:-]{1,255}: "scene 1 node 2"'], []],
  ['2004', 'interaction-id-space', ['cmi.interactions.0.id is not a long identifier of [A-Za-z0-9_.:-]: "scene 1 node 2"'], []],
  ['1.2', 'long-response', ['cmi.interactions.0.student_response is not a short identifier (list): "offer a discount"'], []],
  ['2004', 'long-response', ['cmi.interactions.0.learner_response is not short identifiers joined by [,]: "offer a discount"'], []],
  ['1.2', 'score-out-of-range', [], ['error 405 (Incorrect Data Type) on #31 LMSSetValue("cmi.core.score.raw", "100.5")']],
  ['2004', 'score-out-of-range', [], ['error 407 (Data Model Element Value Out Of Range) on #31 SetValue("cmi.score.scaled", "1.2")']],
];

test('every misbehaviour of the stub is caught, with exactly the expected report', async () => {
  // Three launches at a time, each on its own page and host instance.
  const queue = [...MISBEHAVIOURS];
  const worker = async () => {
    for (let row = queue.shift(); row; row = queue.shift()) {
      const [standard, bad, strict, sequence] = row;
      const { run } = await runStub(standard, `?bad=${bad}`);
      assert.deepEqual(await checkRun(run.page), { strict, sequence }, `${standard} ${bad}`);
      await run.close();
    }
  };
  await Promise.all([worker(), worker(), worker()]);
});

/** The final 2004 CMI of a good session, as a base for mutations. */
const GOOD_2004 = {
  'cmi.completion_status': 'completed', 'cmi.success_status': 'passed', 'cmi.mode': 'normal', 'cmi.credit': 'credit',
  'cmi.scaled_passing_score': '0.7', 'cmi.score.scaled': '0.8', 'cmi.score.raw': '80', 'cmi.score.min': '0', 'cmi.score.max': '100',
  'cmi.progress_measure': '1', 'cmi.session_time': 'PT12.34S', 'cmi.location': 'node-2', 'cmi.suspend_data': 'v1|a', 'cmi.exit': 'normal',
  'cmi.interactions.0.id': 'urn:mandate:scene-1:node-2', 'cmi.interactions.0.type': 'choice', 'cmi.interactions.0.learner_response': 'b',
  'cmi.interactions.0.result': 'correct', 'cmi.interactions.0.latency': 'PT4S', 'cmi.interactions.0.timestamp': '2026-03-01T13:45:10',
  'cmi.interactions.0.weighting': '1', 'cmi.interactions.0.correct_responses.0.pattern': 'b',
};
const GOOD_12 = {
  'cmi.core.lesson_status': 'passed', 'cmi.core.lesson_mode': 'normal', 'cmi.core.credit': 'credit', 'cmi.student_data.mastery_score': '70',
  'cmi.core.score.raw': '80', 'cmi.core.score.min': '0', 'cmi.core.score.max': '100', 'cmi.core.session_time': '00:00:12.34',
  'cmi.core.lesson_location': 'node-2', 'cmi.suspend_data': 'v1|a', 'cmi.core.exit': '',
  'cmi.interactions.0.id': 'scene-1.node-2', 'cmi.interactions.0.type': 'choice', 'cmi.interactions.0.student_response': 'b',
  'cmi.interactions.0.result': 'correct', 'cmi.interactions.0.latency': '00:00:04', 'cmi.interactions.0.time': '13:45:10',
  'cmi.interactions.0.weighting': '1', 'cmi.interactions.0.correct_responses.0.pattern': 'b',
};

test('strictCheck12 rejects what Moodle would, value by value', () => {
  assert.deepEqual(strictCheck12(GOOD_12), []);
  const cases = [
    [{ 'cmi.core.lesson_status': 'not attempted' }, ['cmi.core.lesson_status is still "not attempted" after the content ran']],
    [{ 'cmi.core.lesson_status': 'unknown' }, ['cmi.core.lesson_status is not in the 1.2 vocabulary: "unknown"']],
    [{ 'cmi.core.lesson_status': 'failed' }, ['cmi.core.lesson_status is failed but raw 80 against mastery_score 70 means passed']],
    [{ 'cmi.core.score.raw': '100.5' }, ['cmi.core.score.raw must be a decimal in 0..100: "100.5"', 'cmi.core.score.raw 100.5 is outside min..max 0..100']],
    [{ 'cmi.core.score.max': '50' }, ['cmi.core.score.raw 80 is outside min..max 0..50']],
    [{ 'cmi.core.session_time': '0:00:05' }, ['cmi.core.session_time is not HH:MM:SS(.SS) with 2-4 hour digits: "0:00:05"']],
    [{ 'cmi.core.session_time': 'PT5S' }, ['cmi.core.session_time is not HH:MM:SS(.SS) with 2-4 hour digits: "PT5S"']],
    [{ 'cmi.core.session_time': '' }, ['cmi.core.session_time was not set']],
    [{ 'cmi.core.lesson_location': 'n'.repeat(256) }, ['cmi.core.lesson_location is 256 chars (max 255)']],
    [{ 'cmi.suspend_data': 's'.repeat(4096) }, []],
    [{ 'cmi.suspend_data': 's'.repeat(4097) }, ['cmi.suspend_data is 4097 chars (max 4096 in SCORM 1.2)']],
    [{ 'cmi.core.exit': 'normal' }, ['cmi.core.exit is not in the 1.2 vocabulary: "normal"']],
    [{ 'cmi.interactions.0.result': 'incorrect' }, ['cmi.interactions.0.result is not correct|wrong|neutral or a decimal: "incorrect"']],
    [{ 'cmi.interactions.0.latency': 'PT4S', 'cmi.interactions.0.time': '25:00:00' }, [
      'cmi.interactions.0.latency is not HH:MM:SS(.SS): "PT4S"', 'cmi.interactions.0.time is not HH:MM:SS(.SS): "25:00:00"']],
    [{ 'cmi.interactions.0.weighting': '' }, ['cmi.interactions.0.weighting is not a decimal: ""']],
    [{ 'cmi.interactions.0.correct_responses.0.pattern': 'a b' }, ['cmi.interactions.0.correct_responses.0.pattern is not a short identifier (list): "a b"']],
    [{ 'cmi.interactions.1.id': 'x' }, [
      'cmi.interactions.1.type is not "choice": ""', 'cmi.interactions.1.student_response is not a short identifier (list): ""',
      'cmi.interactions.1.result is not correct|wrong|neutral or a decimal: ""', 'cmi.interactions.1.latency is not HH:MM:SS(.SS): ""',
      'cmi.interactions.1.time is not HH:MM:SS(.SS): ""', 'cmi.interactions.1.weighting is not a decimal: ""']],
  ];
  for (const [change, expected] of cases) assert.deepEqual(strictCheck12({ ...GOOD_12, ...change }), expected, JSON.stringify(change).slice(0, 80));
  assert.deepEqual(strictCheck12({ ...GOOD_12, 'cmi.core.session_time': '' }, { final: false }), []);
});

test('strictCheck2004 rejects out-of-range and malformed values, value by value', () => {
  assert.deepEqual(strictCheck2004(GOOD_2004), []);
  const cases = [
    [{ 'cmi.completion_status': 'unknown' }, ['cmi.completion_status is still "unknown" after the content ran']],
    [{ 'cmi.success_status': 'passed', 'cmi.score.scaled': '0.6', 'cmi.score.raw': '60' }, ['cmi.success_status is passed but scaled 0.6 against scaled_passing_score 0.7 means failed']],
    [{ 'cmi.score.scaled': '-0.5' }, ['cmi.score.scaled must be a decimal in 0..1: "-0.5"', 'cmi.score.scaled -0.5 does not match raw/min/max 80/0/100',
      'cmi.success_status is passed but scaled -0.5 against scaled_passing_score 0.7 means failed']],
    [{ 'cmi.score.scaled': '0.5' }, ['cmi.score.scaled 0.5 does not match raw/min/max 80/0/100', 'cmi.success_status is passed but scaled 0.5 against scaled_passing_score 0.7 means failed']],
    [{ 'cmi.score.min': '' }, ['cmi.score.raw/min/max must be set together: raw="80" min="" max="100"']],
    [{ 'cmi.progress_measure': '1.5' }, ['cmi.progress_measure must be a decimal in 0..1: "1.5"']],
    [{ 'cmi.session_time': 'PT1.123S' }, ['cmi.session_time is not an ISO 8601 duration with at most 2 decimals: "PT1.123S"']],
    [{ 'cmi.session_time': 'PT' }, ['cmi.session_time is not an ISO 8601 duration with at most 2 decimals: "PT"']],
    [{ 'cmi.session_time': '00:00:12' }, ['cmi.session_time is not an ISO 8601 duration with at most 2 decimals: "00:00:12"']],
    [{ 'cmi.session_time': 'P1DT2H3M4.5S' }, []],
    [{ 'cmi.location': 'n'.repeat(1001) }, ['cmi.location is 1001 chars (max 1000)']],
    [{ 'cmi.suspend_data': 's'.repeat(64001) }, ['cmi.suspend_data is 64001 chars (max 64000)']],
    [{ 'cmi.exit': 'quit' }, ['cmi.exit is not in the 2004 vocabulary: "quit"']],
    [{ 'cmi.interactions.0.learner_response': 'a,b' }, ['cmi.interactions.0.learner_response is not short identifiers joined by [,]: "a,b"']],
    [{ 'cmi.interactions.0.learner_response': 'a[,]b' }, []],
    [{ 'cmi.interactions.0.result': 'wrong' }, ['cmi.interactions.0.result is not correct|incorrect|neutral: "wrong"']],
    [{ 'cmi.interactions.0.timestamp': '2026-03-01 13:45:10' }, ['cmi.interactions.0.timestamp is not YYYY-MM-DDThh:mm:ss: "2026-03-01 13:45:10"']],
    [{ 'cmi.interactions.0.latency': '00:00:04' }, ['cmi.interactions.0.latency is not an ISO 8601 duration: "00:00:04"']],
  ];
  for (const [change, expected] of cases) assert.deepEqual(strictCheck2004({ ...GOOD_2004, ...change }), expected, JSON.stringify(change).slice(0, 80));
  // Browse mode: an untouched status is right.
  assert.deepEqual(strictCheck2004({ ...GOOD_2004, 'cmi.mode': 'browse', 'cmi.completion_status': 'unknown' }), []);
});

test('flattenCmi turns a nested commit into dotted keys and drops empty collections', () => {
  assert.deepEqual(flattenCmi({ cmi: { core: { score: { raw: '1' } }, objectives: {}, interactions: { 0: { id: 'x', correct_responses: { 0: { pattern: 'a' } } } } } }),
    { 'cmi.core.score.raw': '1', 'cmi.interactions.0.id': 'x', 'cmi.interactions.0.correct_responses.0.pattern': 'a' });
});

function pick(object, pattern) {
  return Object.fromEntries(Object.entries(object).filter(([k]) => pattern.test(k)));
}
