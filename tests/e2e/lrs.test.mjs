// Self-test of the xAPI/cmi5 harness (lrs.mjs): a real Ralph LRS, the cmi5 LMS stub in
// front of it, and a stub AU (fixtures/lms/stub-au.html) launched in Chromium. A good
// session leaves valid statements in Ralph with no cmi5 violation; each misbehaviour is
// caught by the LMS stub or the validators.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { startServer, launchBrowser } from './harness.mjs';
import {
  startRalph, startCmi5Lms, validateStatement, cmi5Violations, cmi5LaunchUrl, VERBS, CMI5, XAPI_VERSION,
} from './lrs.mjs';

let ralph;
let server;
let browser;
let context;

before(async () => {
  const started = performance.now();
  ralph = await startRalph();
  const total = Math.round(performance.now() - started);
  console.log(`Ralph: ${ralph.install.installed ? `installed in ${ralph.install.ms} ms, ` : 'already installed, '}`
    + `started in ${ralph.startMs} ms (${total} ms in all) at ${ralph.url}`);
  server = await startServer({
    extra: { 'lms/stub-au.html': await readFile(new URL('./fixtures/lms/stub-au.html', import.meta.url), 'utf8') },
  });
  browser = await launchBrowser();
  context = await browser.newContext();
});
after(async () => {
  await browser?.close();
  server?.close();
  await ralph?.stop();
});

const verbNames = (statements) => statements.map((s) => Object.keys(VERBS).find((k) => VERBS[k] === s.verb.id));

/** Launches the stub AU from a fresh LMS session; waits for it to finish. */
async function runAu(query = '', lmsOptions = {}) {
  const lms = await startCmi5Lms({ ralph, appOrigin: server.origin, masteryScore: 0.7, ...lmsOptions });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  await page.goto(await lms.launchUrl(`${server.url}lms/stub-au.html${query}`));
  await page.waitForFunction(() => window.stubReport?.done === true);
  const report = await page.evaluate(() => window.stubReport);
  return { lms, page, report, problems };
}

test('Ralph stores every statement and its verb/activity filters work (the patched app)', async () => {
  const registration = randomUUID();
  const statement = (verb, object) => ({
    id: randomUUID(), timestamp: new Date().toISOString(),
    actor: { objectType: 'Agent', account: { homePage: 'https://lms.example.com', name: 'probe' } },
    verb: { id: verb }, object: { objectType: 'Activity', id: object }, context: { registration },
  });
  const a = statement(VERBS.initialized, 'https://example.com/a');
  const b = statement(VERBS.terminated, 'https://example.com/b');
  // Two separate POSTs: the unpatched filesystem backend answers 500 to the second.
  assert.deepEqual(await ralph.post(a), [a.id]);
  assert.deepEqual(await ralph.post(b), [b.id]);
  assert.deepEqual((await ralph.statements({ registration })).map((s) => s.id).sort(), [a.id, b.id].sort());
  const get = async (query) => {
    const response = await fetch(`${ralph.url}/xAPI/statements?${query}`, { headers: { authorization: ralph.auth, 'x-experience-api-version': XAPI_VERSION } });
    return (await response.json()).statements.map((s) => s.id);
  };
  assert.deepEqual(await get(`verb=${encodeURIComponent(VERBS.terminated)}&registration=${registration}`), [b.id]);
  assert.deepEqual(await get(`activity=${encodeURIComponent('https://example.com/a')}&registration=${registration}`), [a.id]);
  // Wrong credentials are refused.
  const refused = await fetch(`${ralph.url}/xAPI/statements`, { headers: { authorization: 'Basic eDp5', 'x-experience-api-version': XAPI_VERSION } });
  assert.equal(refused.status, 401);
});

test('the LMS stub launches as cmi5 says: URL, launched statement, LaunchData, one-time fetch', async () => {
  const actor = { objectType: 'Agent', name: 'Jane Doe', account: { homePage: 'https://lms.example.com', name: 'jane' } };
  const lms = await startCmi5Lms({
    ralph, appOrigin: server.origin, actor, masteryScore: 0.75, moveOn: 'Passed', launchParameters: 'lang=en', launchMode: 'Normal',
  });
  const content = `${server.url}lms/stub-au.html?x=1#top`;
  const url = await lms.launchUrl(content);
  assert.equal(url, cmi5LaunchUrl(content, { endpoint: lms.endpoint, fetch: lms.fetchUrl, actor, registration: lms.registration, activityId: lms.activityId }));
  assert.ok(url.includes('Jane%20Doe') && !url.includes('+'), 'values are percent-encoded, spaces as %20');
  const parsed = new URL(url);
  assert.equal(parsed.hash, '#top');
  assert.deepEqual([...parsed.searchParams.keys()], ['x', 'endpoint', 'fetch', 'actor', 'registration', 'activityId']);
  assert.deepEqual(Object.fromEntries([...parsed.searchParams].slice(1)), {
    endpoint: lms.endpoint, fetch: lms.fetchUrl, actor: JSON.stringify(actor), registration: lms.registration, activityId: lms.activityId,
  });

  const [launched] = await lms.lrsStatements();
  assert.equal(launched.id, lms.launchedStatement.id);
  assert.deepEqual(validateStatement(launched), []);
  assert.deepEqual(launched.context.extensions, {
    [CMI5.sessionId]: lms.sessionId, [CMI5.launchMode]: 'Normal', [CMI5.launchUrl]: content,
    [CMI5.moveOn]: 'Passed', [CMI5.launchParameters]: 'lang=en', [CMI5.masteryScore]: 0.75,
  });
  assert.deepEqual(lms.launchData, {
    contextTemplate: {
      contextActivities: { grouping: [{ objectType: 'Activity', id: lms.publisherId }] },
      extensions: { [CMI5.sessionId]: lms.sessionId },
    },
    launchMode: 'Normal', moveOn: 'Passed', launchParameters: 'lang=en', masteryScore: 0.75,
    returnURL: `${lms.url}/return`, entitlementKey: { courseStructure: 'mandate-test-entitlement' },
  });

  // CORS preflight: answered for the app's origin only.
  const preflight = (origin) => fetch(`${lms.endpoint}statements`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-experience-api-version' },
  });
  const allowed = await preflight(server.origin);
  assert.deepEqual([allowed.status, ...['access-control-allow-origin', 'access-control-allow-methods', 'access-control-allow-headers'].map((h) => allowed.headers.get(h))],
    [204, server.origin, 'GET, POST, PUT, DELETE, OPTIONS', 'Authorization, Content-Type, X-Experience-API-Version, If-Match, If-None-Match']);
  const refused = await preflight('http://localhost:1');
  assert.deepEqual([refused.status, refused.headers.get('access-control-allow-origin')], [403, null]);
  // Before the fetch, the endpoint refuses everything but /about.
  const version = { 'x-experience-api-version': XAPI_VERSION };
  assert.equal((await fetch(`${lms.endpoint}about`)).status, 200);
  assert.equal((await fetch(`${lms.endpoint}statements`, { headers: { ...version, authorization: `Basic ${lms.token}` } })).status, 401);
  // The fetch URL: GET refused; first POST gives the token; later POSTs an error, with HTTP 200.
  assert.equal((await fetch(lms.fetchUrl)).status, 405);
  const first = await fetch(lms.fetchUrl, { method: 'POST' });
  assert.deepEqual([first.status, first.headers.get('content-type'), await first.json()],
    [200, 'application/json', { 'auth-token': Buffer.from('testlrs:testpass').toString('base64') }]);
  const second = await fetch(lms.fetchUrl, { method: 'POST' });
  assert.deepEqual([second.status, second.headers.get('content-type'), await second.json()],
    [200, 'application/json', { 'error-code': '1', 'error-text': 'The authorization token has already been returned.' }]);
  // With the token: the State API and statements; without the version header: 400.
  const auth = { ...version, authorization: `Basic ${lms.token}` };
  const agent = encodeURIComponent(JSON.stringify(actor));
  const state = await fetch(`${lms.endpoint}activities/state?stateId=LMS.LaunchData&activityId=${encodeURIComponent(lms.activityId)}&agent=${agent}&registration=${lms.registration}`, { headers: auth });
  assert.deepEqual([state.status, await state.json()], [200, lms.launchData]);
  const otherAgent = encodeURIComponent(JSON.stringify({ ...actor, account: { ...actor.account, name: 'someone' } }));
  assert.equal((await fetch(`${lms.endpoint}activities/state?stateId=LMS.LaunchData&activityId=${encodeURIComponent(lms.activityId)}&agent=${otherAgent}&registration=${lms.registration}`, { headers: auth })).status, 404);
  assert.equal((await fetch(`${lms.endpoint}activities/state?stateId=LMS.LaunchData&activityId=${encodeURIComponent(lms.activityId)}&agent=${agent}&registration=${lms.registration}`, { method: 'PUT', headers: auth, body: '{}' })).status, 403);
  assert.equal((await fetch(`${lms.endpoint}statements?registration=${lms.registration}`, { headers: { authorization: `Basic ${lms.token}` } })).status, 400);
  const listed = await fetch(`${lms.endpoint}statements?registration=${lms.registration}`, { headers: auth });
  assert.deepEqual((await listed.json()).statements.map((s) => s.id), [launched.id]);
  assert.deepEqual(lms.protocolViolations(), [
    'request from an origin not allowed by CORS: http://localhost:1 OPTIONS /xapi/statements',
    'GET /xapi/statements without the issued auth token (Basic dGVzdGxyczp0ZXN0cGFzcw==)',
    'fetch URL requested with GET (cmi5 §8.2.1: POST only)',
    'fetch URL POSTed 2 times (one-time use, cmi5 §8.2)',
    `LMS.LaunchData requested for another activityId/agent/registration: ?stateId=LMS.LaunchData&activityId=${encodeURIComponent(lms.activityId)}&agent=${otherAgent}&registration=${lms.registration}`,
    'PUT on LMS.LaunchData (the AU MUST NOT modify it, cmi5 §10)',
    'GET /xapi/statements without a valid X-Experience-API-Version header (none)',
  ]);
  await lms.close();
});

test('a well-behaved AU: Ralph holds its statements, valid, with no cmi5 violation', async () => {
  const { lms, page, report, problems } = await runAu('?score=80');
  assert.deepEqual(report.errors, []);
  assert.deepEqual(report.statuses, [200, 200, 200, 200, 200, 200]);
  assert.deepEqual(report.fetchResponses, [{ status: 200, body: { 'auth-token': lms.token } }]);
  assert.deepEqual(report.launchData, lms.launchData);
  assert.deepEqual(report.preferences, { languagePreference: 'en-US,fr-FR', audioPreference: 'off' });
  const stored = await lms.lrsStatements();
  assert.deepEqual(verbNames(stored), ['launched', 'initialized', 'answered', 'answered', 'completed', 'passed', 'terminated']);
  assert.deepEqual(stored.slice(1).map((s) => s.id), report.sent.map((s) => s.id));
  assert.deepEqual(stored.flatMap(validateStatement), []);
  assert.deepEqual(cmi5Violations(stored, lms.expect), []);
  assert.deepEqual(cmi5Violations(lms.statements(), lms.expect), []);
  assert.deepEqual(lms.protocolViolations(), []);
  // One POST to the fetch URL; every xAPI call with the token; CORS preflights answered.
  assert.deepEqual(lms.requests.filter((r) => r.path === '/fetch').map((r) => r.method), ['POST']);
  const xapi = lms.requests.filter((r) => r.path.startsWith('/xapi/') && r.method !== 'OPTIONS');
  assert.deepEqual(xapi.map((r) => `${r.method} ${r.path}`), ['GET /xapi/activities/state', 'GET /xapi/agents/profile', ...Array(6).fill('POST /xapi/statements')]);
  assert.ok(xapi.every((r) => r.headers.authorization === `Basic ${lms.token}` && r.headers['x-experience-api-version'] === '1.0.3' && r.headers.origin === server.origin));
  const preflights = lms.requests.filter((r) => r.method === 'OPTIONS');
  assert.ok(preflights.length >= 1 && preflights.every((r) => r.status === 204));
  assert.deepEqual(problems, []);
  await page.close();
  await lms.close();
});

test('below the mastery score the AU fails, and that is valid too', async () => {
  const { lms, page, report } = await runAu('?score=50');
  assert.deepEqual(report.errors, []);
  const stored = await lms.lrsStatements();
  assert.deepEqual(verbNames(stored), ['launched', 'initialized', 'answered', 'answered', 'completed', 'failed', 'terminated']);
  assert.deepEqual(stored.flatMap(validateStatement), []);
  assert.deepEqual(cmi5Violations(stored, lms.expect), []);
  await page.close();
  await lms.close();
});

test('Browse and Review: only initialized and terminated; anything else is caught', async () => {
  for (const launchMode of ['Browse', 'Review']) {
    const { lms, page } = await runAu('', { launchMode });
    const stored = await lms.lrsStatements();
    assert.deepEqual(verbNames(stored), ['launched', 'initialized', 'terminated'], launchMode);
    assert.deepEqual(cmi5Violations(stored, lms.expect), [], launchMode);
    await page.close();
    await lms.close();
  }
  const { lms, page } = await runAu('?bad=ignore-mode', { launchMode: 'Browse' });
  assert.deepEqual(cmi5Violations(await lms.lrsStatements(), lms.expect), ['#1 completed in Browse mode (only initialized and terminated)']);
  await page.close();
  await lms.close();
});

test('at the end the AU goes to the returnURL', async () => {
  const lms = await startCmi5Lms({ ralph, appOrigin: server.origin, masteryScore: 0.7 });
  const page = await context.newPage();
  await page.goto(await lms.launchUrl(`${server.url}lms/stub-au.html?return=1`));
  await page.waitForURL(`${lms.url}/return`);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Back in the LMS');
  assert.equal(lms.returned.length, 1);
  assert.deepEqual(verbNames(await lms.lrsStatements()).at(-1), 'terminated');
  await page.close();
  await lms.close();
});

// Each misbehaviour of the stub AU: what the LMS stub and cmi5Violations report. Ralph
// stores all of them, and xapi-validation finds nothing wrong with any statement.
const MISBEHAVIOURS = [
  ['score-on-completed', [], ['#3 completed: result.score on completed (only passed/failed)']],
  ['out-of-order', [], ['the first statement is completed, not initialized', '#2 answered comes after completed', '#3 answered comes after completed']],
  ['double-fetch', ['fetch URL POSTed 2 times (one-time use, cmi5 §8.2)'], []],
  ['no-moveon', [], ['#4 passed: result has success/completion but no moveon category']],
  ['statement-after-terminate', ['statement after terminated: http://adlnet.gov/expapi/verbs/answered'],
    ['the last statement is answered, not terminated', 'statements after terminated: answered', '#6 answered comes after completed']],
];

test('each misbehaviour of the AU is caught, with exactly the expected report', async () => {
  for (const [bad, protocol, rules] of MISBEHAVIOURS) {
    const { lms, page, report } = await runAu(`?bad=${bad}`);
    assert.deepEqual(report.errors, [], bad);
    const stored = await lms.lrsStatements();
    assert.equal(stored.length, report.sent.length + 1, `${bad}: Ralph stored every statement`);
    assert.deepEqual(stored.flatMap(validateStatement), [], `${bad}: xapi-validation does not see cmi5 rules`);
    assert.deepEqual(lms.protocolViolations(), protocol, bad);
    assert.deepEqual(cmi5Violations(stored, lms.expect), rules, bad);
    if (bad === 'double-fetch') {
      assert.deepEqual(report.fetchResponses.map((r) => [r.status, Object.keys(r.body)]), [[200, ['auth-token']], [200, ['error-code', 'error-text']]]);
    }
    await page.close();
    await lms.close();
  }
});

test('statements without the token are refused by the LMS and never reach Ralph', async () => {
  const { lms, page, report } = await runAu('?bad=no-auth');
  assert.deepEqual(report.statuses, [401, 401, 401, 401, 401, 401]);
  assert.deepEqual(verbNames(await lms.lrsStatements()), ['launched']);
  assert.deepEqual(lms.protocolViolations(), Array(6).fill('POST /xapi/statements without the issued auth token (no Authorization)'));
  await page.close();
  await lms.close();
});

test('CORS: an AU on an origin the LMS does not allow cannot reach it', async () => {
  const { lms, page, report, problems } = await runAu('', { appOrigin: 'http://127.0.0.1:9' });
  assert.deepEqual(report.errors, ['Failed to fetch']);
  assert.deepEqual(lms.protocolViolations(), [`request from an origin not allowed by CORS: ${server.origin} POST /fetch`]);
  assert.equal(problems.length, 2, problems.join('\n')); // Chromium's CORS message and the failed request
  await page.close();
  await lms.close();
});

// ---- The validators on their own ------------------------------------------------------

const ACTOR = { objectType: 'Agent', account: { homePage: 'https://lms.example.com', name: 'learner-1' } };
const EXPECT = {
  launchMode: 'Normal', masteryScore: 0.7, activityId: 'https://lms.example.com/activities/au-1',
  registration: '9f2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d', sessionId: 'session-1', actor: ACTOR, publisherId: 'https://mandate.example/au/negotiation',
};

/** A good Normal-mode session, as the cmi5 spec and requirement 17 want it. */
function goodSession() {
  let n = 0;
  const t0 = Date.parse('2026-03-01T10:00:00.000Z');
  const make = (verb, { result, cmi5 = true, moveon = false, object, parent = false, mastery = false } = {}) => {
    const category = [];
    if (cmi5) category.push({ objectType: 'Activity', id: CMI5.category });
    if (moveon) category.push({ objectType: 'Activity', id: CMI5.moveOnCategory });
    n += 1;
    return {
      id: `0000000${n}-0000-4000-8000-000000000000`,
      timestamp: new Date(t0 + n * 1000).toISOString(),
      actor: ACTOR,
      verb: { id: VERBS[verb], display: { 'en-US': verb } },
      object: object ?? { objectType: 'Activity', id: EXPECT.activityId },
      context: {
        registration: EXPECT.registration,
        contextActivities: {
          grouping: [{ objectType: 'Activity', id: EXPECT.publisherId }],
          ...(category.length ? { category } : {}),
          ...(parent ? { parent: [{ objectType: 'Activity', id: EXPECT.activityId }] } : {}),
        },
        extensions: { [CMI5.sessionId]: EXPECT.sessionId, ...(mastery ? { [CMI5.masteryScore]: 0.7 } : {}) },
      },
      ...(result ? { result } : {}),
    };
  };
  return [
    make('initialized'),
    make('answered', {
      cmi5: false, parent: true,
      object: {
        objectType: 'Activity', id: `${EXPECT.activityId}/scenario/s1/node/n1`,
        definition: {
          type: CMI5.interactionType, interactionType: 'choice', correctResponsesPattern: ['b'],
          choices: [{ id: 'a', description: { 'en-US': 'A' } }, { id: 'b', description: { 'en-US': 'B' } }],
        },
      },
      result: { response: 'b', success: true, duration: 'PT4S' },
    }),
    make('completed', { moveon: true, result: { completion: true, duration: 'PT1M' } }),
    make('passed', { moveon: true, mastery: true, result: { score: { scaled: 0.8, raw: 80, min: 0, max: 100 }, success: true, duration: 'PT1M' } }),
    make('terminated', { result: { duration: 'PT1M5S' } }),
  ];
}
const edit = (index, change) => {
  const session = goodSession();
  change(session[index], session);
  return session;
};

test('cmi5Violations: each broken rule, one at a time', () => {
  assert.deepEqual(goodSession().flatMap(validateStatement), []);
  assert.deepEqual(cmi5Violations(goodSession(), EXPECT), []);
  const cases = [
    ['passed below mastery', edit(3, (s) => { s.result.score = { scaled: 0.6, raw: 60, min: 0, max: 100 }; }), ['#3 passed: passed with score.scaled 0.6 < masteryScore 0.7']],
    ['failed with success true', edit(3, (s) => { s.verb.id = VERBS.failed; s.result.score = { scaled: 0.5, raw: 50, min: 0, max: 100 }; }), ['#3 failed: result.success is true (expected false)']],
    ['raw without min/max', edit(3, (s) => { s.result.score = { scaled: 0.8, raw: 80 }; }), ['#3 passed: score raw/min/max must be given together: {"scaled":0.8,"raw":80}']],
    ['scaled out of range', edit(3, (s) => { s.result.score = { scaled: 80 }; }), ['#3 passed: score.scaled is not in 0..1: 80']],
    ['score on terminated', edit(4, (s) => { s.result.score = { scaled: 0.8 }; }), ['#4 terminated: result.score on terminated (only passed/failed)']],
    ['completed with success', edit(2, (s) => { s.result.success = true; }), ['#2 completed: result.success on completed']],
    ['terminated without duration', edit(4, (s) => { delete s.result; }), ['#4 terminated: result.duration missing']],
    ['no masteryscore extension', edit(3, (s) => { delete s.context.extensions[CMI5.masteryScore]; }), ['#3 passed: masteryscore context extension is undefined, not 0.7']],
    ['no sessionid', edit(1, (s) => { s.context.extensions = {}; }), ['#1 answered: no sessionid context extension']],
    ['wrong registration', edit(0, (s) => { s.context.registration = '11111111-2222-4333-8444-555555555555'; }), ['#0 initialized: context.registration is "11111111-2222-4333-8444-555555555555", not the launch\'s']],
    ['other actor', edit(4, (s) => { s.actor = { ...ACTOR, account: { ...ACTOR.account, name: 'x' } }; }), ['#4 terminated: actor is not the launch actor: {"objectType":"Agent","account":{"homePage":"https://lms.example.com","name":"x"}}']],
    ['id not a UUID', edit(0, (s) => { s.id = 'one'; }), ['#0 initialized: id is not a UUID: "one"']],
    ['timestamp not UTC', edit(0, (s) => { s.timestamp = '2026-03-01T10:00:01.000+02:00'; }), ['#0 initialized: timestamp is not an ISO 8601 UTC time: "2026-03-01T10:00:01.000+02:00"']],
    ['no cmi5 category', edit(0, (s) => { delete s.context.contextActivities.category; }), ['#0 initialized: no cmi5 category (cmi5 defined statement)']],
    ['cmi5 category on answered', edit(1, (s) => { s.context.contextActivities.category = [{ id: CMI5.category }]; }), ['#1 answered: cmi5 category on a cmi5 allowed statement']],
    ['moveon on answered', edit(1, (s) => { s.context.contextActivities.category = [{ id: CMI5.moveOnCategory }]; }), ['#1 answered: moveon category without a cmi5 success/completion result']],
    ['no moveon on completed', edit(2, (s) => { s.context.contextActivities.category = [{ id: CMI5.category }]; }), ['#2 completed: result has success/completion but no moveon category']],
    ['no publisher grouping', edit(2, (s) => { delete s.context.contextActivities.grouping; }), ['#2 completed: contextActivities.grouping lacks the publisher id of the context template']],
    ['wrong object on passed', edit(3, (s) => { s.object.id = 'https://example.com/other'; }), ['#3 passed: object.id is "https://example.com/other", not the activityId']],
    ['answered without parent', edit(1, (s) => { delete s.context.contextActivities.parent; }), ['#1 answered: contextActivities.parent is not [{ id: activityId }]: undefined']],
    ['answered of another type', edit(1, (s) => { s.object.definition.interactionType = 'true-false'; }), ['#1 answered: interactionType is "true-false", not choice']],
    ['answered with an unknown response', edit(1, (s) => { s.result.response = 'a,b'; }), ['#1 answered: result.response is not choice ids joined by [,]: "a,b"']],
    ['answered without correctResponsesPattern', edit(1, (s) => { delete s.object.definition.correctResponsesPattern; }), ['#1 answered: no correctResponsesPattern array']],
    ['answered outside the activity', edit(1, (s) => { s.object.id = 'https://example.com/q1'; }), ['#1 answered: object.id is not under the activityId: "https://example.com/q1"']],
    ['passed and failed', edit(3, (s, all) => { all.splice(4, 0, { ...structuredClone(s), id: '00000009-0000-4000-8000-000000000000', timestamp: '2026-03-01T10:00:04.500Z', verb: { id: VERBS.failed }, result: { success: false, duration: 'PT1M' } }); }),
      ['both passed and failed', 'masteryScore 0.7 is set but there are 2 passed/failed statements (expected 1)']],
    ['two initialized', edit(0, (s, all) => { all.splice(1, 0, { ...structuredClone(s), id: '00000009-0000-4000-8000-000000000000', timestamp: '2026-03-01T10:00:01.500Z' }); }), ['initialized appears 2 times']],
    ['no outcome', edit(2, (s, all) => { all.splice(2, 2); }), ['no completed, passed or failed statement (Normal mode, finished)', 'masteryScore 0.7 is set but there are 0 passed/failed statements (expected 1)']],
    ['unknown verb', edit(1, (s) => { s.verb.id = 'http://adlnet.gov/expapi/verbs/experienced'; }), ['#1 http://adlnet.gov/expapi/verbs/experienced: unexpected verb http://adlnet.gov/expapi/verbs/experienced']],
  ];
  for (const [name, statements, expected] of cases) assert.deepEqual(cmi5Violations(statements, EXPECT), expected, name);
  // Order is by timestamp, not by position; an unfinished session needs no outcome.
  assert.deepEqual(cmi5Violations(goodSession().reverse(), EXPECT), []);
  assert.deepEqual(cmi5Violations(edit(2, (s, all) => { all.splice(2, 2); }), { ...EXPECT, finished: false }), []);
  assert.deepEqual(cmi5Violations([], EXPECT), ['no statements from the AU']);
});

test('validateStatement reports what xapi-validation finds, and nothing for a valid statement', () => {
  const [, answered] = goodSession();
  assert.deepEqual(validateStatement(answered), []);
  const broken = structuredClone(answered);
  broken.id = 'not-a-uuid';
  broken.result.duration = '4 seconds';
  broken.object.definition.interactionType = 'multiple';
  assert.deepEqual(validateStatement(broken), [
    'TypeWarning at statement.object.definition.interactionType: "multiple"',
    'InvalidComponentsWarning at statement.object.definition: {"type":"http://adlnet.gov/expapi/activities/cmi.interaction","interactionType":…',
    'TypeWarning at statement.result.duration: "4 seconds"',
    'TypeWarning at statement.id: "not-a-uuid"',
  ]);
});
