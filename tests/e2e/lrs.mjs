// The xAPI/cmi5 side of the end-to-end tests: a real LRS (Ralph, ralph-malph 5.1.0, on
// loopback with its filesystem backend) and a small cmi5 LMS in front of it that launches
// an AU as cmi5 §8 says (fetch URL, State API LMS.LaunchData, Agent Profile), proxies the
// AU's statements to Ralph and records every request; plus the validators: xapi-validation
// and the cmi5 rules of ../shared/notes/lms.md requirements 16-17.
//
//   const ralph = await startRalph();
//   const lms = await startCmi5Lms({ ralph, appOrigin: server.origin, masteryScore: 0.7 });
//   await page.goto(await lms.launchUrl(`${server.url}index.html`));
//   …play…
//   const statements = await lms.lrsStatements();
//   assert.deepEqual(statements.flatMap(validateStatement), []);
//   assert.deepEqual(cmi5Violations(statements, lms.expect), []);
//   await lms.close(); await ralph.stop();
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtemp, mkdir, rm, readFile, writeFile } from 'node:fs/promises';
import { createHash, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';

const require = createRequire(import.meta.url);
const xapiValidation = require('xapi-validation');
const validateXapi = xapiValidation.default ?? xapiValidation;

const ROOT = new URL('../../', import.meta.url).pathname;
const VENV = join(ROOT, '.lrs/venv');
const CONSTRAINTS = join(ROOT, 'tests/lrs/constraints.txt');
const MARKER = join(VENV, '.mandate-constraints-hash');
const APP_DIR = join(ROOT, 'tests/lrs');

export const LRS_USER = 'testlrs';
export const LRS_PASSWORD = 'testpass';
export const XAPI_VERSION = '1.0.3';

export const VERBS = {
  launched: 'http://adlnet.gov/expapi/verbs/launched',
  initialized: 'http://adlnet.gov/expapi/verbs/initialized',
  completed: 'http://adlnet.gov/expapi/verbs/completed',
  passed: 'http://adlnet.gov/expapi/verbs/passed',
  failed: 'http://adlnet.gov/expapi/verbs/failed',
  terminated: 'http://adlnet.gov/expapi/verbs/terminated',
  answered: 'http://adlnet.gov/expapi/verbs/answered',
  abandoned: 'https://w3id.org/xapi/adl/verbs/abandoned',
  waived: 'https://w3id.org/xapi/adl/verbs/waived',
  satisfied: 'https://w3id.org/xapi/adl/verbs/satisfied',
};
export const CMI5 = {
  category: 'https://w3id.org/xapi/cmi5/context/categories/cmi5',
  moveOnCategory: 'https://w3id.org/xapi/cmi5/context/categories/moveon',
  sessionId: 'https://w3id.org/xapi/cmi5/context/extensions/sessionid',
  masteryScore: 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore',
  launchMode: 'https://w3id.org/xapi/cmi5/context/extensions/launchmode',
  launchUrl: 'https://w3id.org/xapi/cmi5/context/extensions/launchurl',
  moveOn: 'https://w3id.org/xapi/cmi5/context/extensions/moveon',
  launchParameters: 'https://w3id.org/xapi/cmi5/context/extensions/launchparameters',
  interactionType: 'http://adlnet.gov/expapi/activities/cmi.interaction',
};

const sha256 = (data) => createHash('sha256').update(data).digest('hex');
const basic = (user, password) => Buffer.from(`${user}:${password}`).toString('base64');

/** Runs a command; resolves with its output, rejects with it (and `hint`) on failure. */
function run(command, args, { env = process.env, hint = '' } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.on('error', (e) => reject(new Error(`${command}: ${e.message}${hint}`)));
    child.on('close', (code) => (code === 0 ? resolve(output)
      : reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output}${hint}`))));
  });
}

/**
 * Makes sure .lrs/venv holds Ralph at the versions of tests/lrs/constraints.txt (the same
 * marker file as scripts/setup.sh step 6): installs it when missing or stale.
 * Returns { installed: boolean, ms }.
 */
export async function ensureRalph() {
  const hash = sha256(await readFile(CONSTRAINTS));
  const current = (await readFile(MARKER, 'utf8').catch(() => '')).trim();
  if (current === hash) return { installed: false, ms: 0 };
  const started = performance.now();
  await rm(VENV, { recursive: true, force: true });
  await run('python3', ['-m', 'venv', VENV], { hint: '\n(on Debian: apt-get install python3-venv, or run scripts/setup.sh)' });
  await run(join(VENV, 'bin/pip'), ['install', '-q', '--disable-pip-version-check', '-c', CONSTRAINTS,
    'ralph-malph[cli,lrs]==5.1.0', 'requests']);
  await writeFile(MARKER, `${hash}\n`);
  return { installed: true, ms: Math.round(performance.now() - started) };
}

const running = new Set();
process.on('exit', () => { for (const child of running) child.kill('SIGKILL'); });

/**
 * Starts Ralph on a free loopback port with a fresh data directory and auth file
 * (user testlrs / testpass, scope all), on tests/lrs/ralph_app.py (the patched app).
 * `corsOrigins`: exact origins allowed to call it from a browser.
 * Returns { url, auth ('Basic …'), credentials, install ({ installed, ms }), startMs,
 * statements({ registration? }) (every statement via GET /xAPI/statements, following
 * `more`), post(statementOrArray) (→ ids), log() (uvicorn's output), stop() }.
 */
export async function startRalph({ corsOrigins = [] } = {}) {
  const install = await ensureRalph();
  const started = performance.now();
  const dir = await mkdtemp(join(tmpdir(), 'mandate-ralph-'));
  await mkdir(join(dir, 'data'));
  const env = {
    ...process.env,
    RALPH_RUNSERVER_BACKEND: 'fs',
    RALPH_AUTH_FILE: join(dir, 'auth.json'),
    RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH: join(dir, 'data'),
    RALPH_RUNSERVER_CORS_ALLOW_ORIGINS: JSON.stringify(corsOrigins),
    PYTHONDONTWRITEBYTECODE: '1', // no __pycache__ next to tests/lrs/ralph_app.py
  };
  await run(join(VENV, 'bin/ralph'), ['auth', '-u', LRS_USER, '-p', LRS_PASSWORD, '-s', 'all',
    '-M', 'mailto:testlrs@example.com', '-w'], { env });

  const child = spawn(join(VENV, 'bin/uvicorn'), ['--app-dir', APP_DIR, 'ralph_app:app',
    '--host', '127.0.0.1', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  // Unreferenced: a Ralph left running by a failed test must not keep the test process
  // alive; the 'exit' hook above kills it.
  child.unref();
  child.stdout.unref();
  child.stderr.unref();
  let output = '';
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => { running.delete(child); resolve({ code, signal }); }));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Ralph did not start in 60 s:\n${output}`)), 60_000);
    const onData = (d) => {
      output += d;
      const m = /Uvicorn running on (http:\/\/127\.0\.0\.1:[0-9]+)/.exec(output);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exited.then(({ code }) => { clearTimeout(timer); reject(new Error(`Ralph exited (${code}) before it was ready:\n${output}`)); });
  });
  for (let i = 0; ; i += 1) {
    const ok = await fetch(`${url}/__heartbeat__`).then((r) => r.ok, () => false);
    if (ok) break;
    if (i > 200) throw new Error(`Ralph's heartbeat never answered:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const auth = `Basic ${basic(LRS_USER, LRS_PASSWORD)}`;
  const headers = { authorization: auth, 'x-experience-api-version': XAPI_VERSION };

  return {
    url,
    auth,
    credentials: { username: LRS_USER, password: LRS_PASSWORD },
    install,
    startMs: Math.round(performance.now() - started),
    async statements({ registration } = {}) {
      const all = [];
      let next = `${url}/xAPI/statements?limit=100${registration ? `&registration=${encodeURIComponent(registration)}` : ''}`;
      while (next) {
        const response = await fetch(next, { headers });
        if (!response.ok) throw new Error(`GET ${next}: ${response.status} ${await response.text()}`);
        const page = await response.json();
        all.push(...page.statements);
        next = page.more ? new URL(page.more, url).href : null;
      }
      return all;
    },
    async post(statements) {
      const response = await fetch(`${url}/xAPI/statements`, {
        method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(statements),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`Ralph refused the statement(s): ${response.status} ${text}`);
      return JSON.parse(text);
    },
    log: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
function parseJson(text) {
  if (!text) return undefined;
  try { return JSON.parse(text); } catch { return text; }
}

/** Appends the cmi5 launch parameters (§8.1) to `contentUrl`, each value URL-encoded. */
export function cmi5LaunchUrl(contentUrl, { endpoint, fetch: fetchUrl, actor, registration, activityId }) {
  const hashAt = contentUrl.indexOf('#');
  const [base, hash] = hashAt < 0 ? [contentUrl, ''] : [contentUrl.slice(0, hashAt), contentUrl.slice(hashAt)];
  const e = encodeURIComponent;
  return `${base}${base.includes('?') ? '&' : '?'}endpoint=${e(endpoint)}&fetch=${e(fetchUrl)}`
    + `&actor=${e(JSON.stringify(actor))}&registration=${e(registration)}&activityId=${e(activityId)}${hash}`;
}

/**
 * A cmi5 LMS for one AU session, on a free loopback port, in front of `ralph`:
 *   ralph          from startRalph()
 *   appOrigin      origin(s) allowed by CORS (the AU's), string or array
 *   launchMode     'Normal' | 'Browse' | 'Review'
 *   masteryScore   0..1 or undefined;  moveOn  default 'CompletedOrPassed'
 *   returnURL      default: this LMS's own /return page (recorded in `returned`); null: none
 *   activityId, actor, registration, sessionId, publisherId, launchParameters,
 *   entitlementKey, learnerPreferences ({ languagePreference, audioPreference })
 * Serves
 *   POST /fetch?k=…                 one-time: {"auth-token": base64("testlrs:testpass")},
 *                                   then {"error-code":"1",…} (HTTP 200, §8.2.3)
 *   GET  /xapi/activities/state     LMS.LaunchData (must match activityId/agent/registration);
 *                                   other stateIds are stored for the AU
 *   GET  /xapi/agents/profile       cmi5LearnerPreferences (others stored)
 *   *    /xapi/statements           proxied to Ralph
 *   GET  /xapi/about, GET /return
 * with CORS for appOrigin (preflight included), requiring the issued token and an
 * X-Experience-API-Version header on every xAPI call but /about.
 * Returns { url, endpoint, fetchUrl, token, registration, sessionId, activityId, actor,
 * publisherId, launchData, expect (options for cmi5Violations), requests (every request:
 * { method, path, query, headers, body, status, response }), returned, launchUrl(contentUrl)
 * (async: records the launched statement in Ralph once, returns the launch URL),
 * launchedStatement, statements() (what the AU posted, in arrival order), lrsStatements()
 * (Ralph's statements of this registration, launched included), protocolViolations(), close() }.
 */
export async function startCmi5Lms({
  ralph, appOrigin = [], launchMode = 'Normal', masteryScore, moveOn = 'CompletedOrPassed', returnURL,
  activityId = `https://lms.example.com/activities/${randomUUID()}`,
  actor = { objectType: 'Agent', account: { homePage: 'https://lms.example.com', name: 'learner-1' } },
  registration = randomUUID(), sessionId = randomUUID(), publisherId = 'https://mandate.example/au/negotiation',
  launchParameters, entitlementKey = { courseStructure: 'mandate-test-entitlement' },
  learnerPreferences = { languagePreference: 'en-US,fr-FR', audioPreference: 'off' },
} = {}) {
  if (!ralph) throw new Error('startCmi5Lms: ralph is required');
  if (!['Normal', 'Browse', 'Review'].includes(launchMode)) throw new Error(`unknown launchMode ${launchMode}`);
  const origins = [appOrigin].flat();
  const fetchKey = randomUUID();
  const token = basic(LRS_USER, LRS_PASSWORD);
  const requests = [];
  const violations = [];
  const received = [];
  const returned = [];
  const states = new Map();
  const profiles = new Map([['cmi5LearnerPreferences', learnerPreferences]]);
  let fetchCount = 0;
  // A stalled LMS: while set, statements and state writes wait (in arrival order) until
  // it is released.
  let held = null;
  let terminatedSeen = false;
  let launchedStatement = null;
  let launchUrlBuilt = null;

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const text = await readBody(req);
    const record = {
      method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams),
      headers: Object.fromEntries(['origin', 'authorization', 'x-experience-api-version', 'content-type']
        .filter((h) => req.headers[h] !== undefined).map((h) => [h, req.headers[h]])),
      body: parseJson(text), status: 0, response: undefined,
    };
    requests.push(record);
    const origin = req.headers.origin;
    const cors = origin && origins.includes(origin)
      ? { 'access-control-allow-origin': origin, vary: 'Origin', 'access-control-expose-headers': 'X-Experience-API-Version, ETag, Last-Modified, Content-Type' }
      : {};
    const send = (status, payload, headers = {}) => {
      record.status = status;
      record.response = payload;
      const isJson = payload !== undefined && typeof payload !== 'string';
      res.writeHead(status, {
        ...cors, 'x-experience-api-version': XAPI_VERSION,
        ...(isJson ? { 'content-type': 'application/json' } : {}), ...headers,
      });
      res.end(payload === undefined ? undefined : isJson ? JSON.stringify(payload) : payload);
    };
    if (origin && !origins.includes(origin)) violations.push(`request from an origin not allowed by CORS: ${origin} ${req.method} ${url.pathname}`);

    if (req.method === 'OPTIONS') {
      if (!cors['access-control-allow-origin']) return send(403, 'origin not allowed');
      return send(204, undefined, {
        'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
        'access-control-allow-headers': 'Authorization, Content-Type, X-Experience-API-Version, If-Match, If-None-Match',
        'access-control-max-age': '600',
      });
    }

    if (url.pathname === '/fetch') {
      if (req.method !== 'POST') {
        violations.push(`fetch URL requested with ${req.method} (cmi5 §8.2.1: POST only)`);
        return send(405, { 'error-code': '3', 'error-text': 'The fetch URL accepts POST only.' }, { allow: 'POST' });
      }
      if (url.searchParams.get('k') !== fetchKey) {
        violations.push('fetch URL POSTed with a wrong key');
        return send(200, { 'error-code': '2', 'error-text': 'Unknown fetch key.' });
      }
      fetchCount += 1;
      if (fetchCount > 1) {
        violations.push(`fetch URL POSTed ${fetchCount} times (one-time use, cmi5 §8.2)`);
        return send(200, { 'error-code': '1', 'error-text': 'The authorization token has already been returned.' });
      }
      return send(200, { 'auth-token': token });
    }
    if (url.pathname === '/return') {
      returned.push(record);
      return send(200, '<!doctype html><title>LMS</title><h1>Back in the LMS</h1>', { 'content-type': 'text/html; charset=utf-8' });
    }
    if (!url.pathname.startsWith('/xapi/')) return send(404, 'not found');
    const resource = url.pathname.slice('/xapi/'.length).replace(/\/$/, '');
    if (resource === 'about' && req.method === 'GET') return send(200, { version: [XAPI_VERSION] });

    const version = req.headers['x-experience-api-version'];
    if (!version || !/^1\.0(\.[0-9]+)?$/.test(version)) {
      violations.push(`${req.method} ${url.pathname} without a valid X-Experience-API-Version header (${version ?? 'none'})`);
      return send(400, { error: 'X-Experience-API-Version header missing or invalid' });
    }
    if (req.headers.authorization !== `Basic ${token}` || fetchCount === 0) {
      violations.push(`${req.method} ${url.pathname} without the issued auth token (${req.headers.authorization ?? 'no Authorization'})`);
      return send(401, { error: 'unauthorized' });
    }
    const agentMatches = () => {
      try { return isDeepStrictEqual(canonical(JSON.parse(url.searchParams.get('agent'))), canonical(actor)); } catch { return false; }
    };

    const isWrite = req.method === 'PUT' || req.method === 'POST';
    if (held && isWrite && (resource === 'activities/state' || resource === 'statements')) await held.promise;
    if (resource === 'activities/state') {
      const stateId = url.searchParams.get('stateId');
      const scope = url.searchParams.get('activityId') === activityId && agentMatches()
        && (url.searchParams.get('registration') ?? '') === registration;
      if (stateId === 'LMS.LaunchData') {
        if (req.method !== 'GET') {
          violations.push(`${req.method} on LMS.LaunchData (the AU MUST NOT modify it, cmi5 §10)`);
          return send(403, { error: 'LMS.LaunchData is read-only for the AU' });
        }
        if (!scope) {
          violations.push(`LMS.LaunchData requested for another activityId/agent/registration: ${url.search}`);
          return send(404, { error: 'no such state' });
        }
        return send(200, launchData, { etag: `"${sha256(JSON.stringify(launchData))}"` });
      }
      if (!stateId) return send(req.method === 'GET' ? 200 : 400, req.method === 'GET' ? [...states.keys()] : { error: 'stateId required' });
      if (req.method === 'GET') return states.has(stateId) ? send(200, states.get(stateId)) : send(404, { error: 'no such state' });
      if (req.method === 'PUT') { states.set(stateId, parseJson(text)); return send(204); }
      if (req.method === 'POST') { states.set(stateId, { ...(states.get(stateId) ?? {}), ...parseJson(text) }); return send(204); }
      if (req.method === 'DELETE') { states.delete(stateId); return send(204); }
      return send(405, { error: 'method not allowed' });
    }
    if (resource === 'agents/profile') {
      const profileId = url.searchParams.get('profileId');
      if (!agentMatches()) {
        violations.push(`agent profile requested for another agent: ${url.searchParams.get('agent')}`);
        return send(404, { error: 'no such profile' });
      }
      if (req.method === 'GET') return profiles.has(profileId) ? send(200, profiles.get(profileId)) : send(404, { error: 'no such profile' });
      if (req.method === 'PUT' || req.method === 'POST') { profiles.set(profileId, parseJson(text)); return send(204); }
      return send(405, { error: 'method not allowed' });
    }
    if (resource === 'statements') {
      if (req.method === 'POST' || req.method === 'PUT') {
        const list = [parseJson(text)].flat();
        for (const s of list) {
          if (terminatedSeen) violations.push(`statement after terminated: ${s?.verb?.id}`);
          if (s?.verb?.id === VERBS.terminated) terminatedSeen = true;
        }
        received.push(...list);
      }
      const forwarded = await fetch(`${ralph.url}/xAPI/statements${url.search}`, {
        method: req.method,
        headers: {
          authorization: ralph.auth, 'x-experience-api-version': version,
          ...(req.headers['content-type'] ? { 'content-type': req.headers['content-type'] } : {}),
        },
        body: req.method === 'GET' ? undefined : text,
      });
      const answer = await forwarded.text();
      return send(forwarded.status, forwarded.status === 204 ? undefined : parseJson(answer) ?? '');
    }
    return send(404, { error: `no resource ${resource}` });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref(); // a stub left open by a failed test must not keep the test process alive
  const base = `http://127.0.0.1:${server.address().port}`;
  const endpoint = `${base}/xapi/`;
  const fetchUrl = `${base}/fetch?k=${fetchKey}`;
  const returnTo = returnURL === undefined ? `${base}/return` : returnURL;

  const launchData = {
    contextTemplate: {
      contextActivities: { grouping: [{ objectType: 'Activity', id: publisherId }] },
      extensions: { [CMI5.sessionId]: sessionId },
    },
    launchMode,
    moveOn,
    ...(launchParameters !== undefined ? { launchParameters } : {}),
    ...(masteryScore !== undefined ? { masteryScore } : {}),
    ...(returnTo ? { returnURL: returnTo } : {}),
    ...(entitlementKey ? { entitlementKey } : {}),
  };
  const expect = { launchMode, masteryScore, activityId, registration, sessionId, actor, publisherId };

  return {
    url: base,
    endpoint,
    fetchUrl,
    token,
    registration,
    sessionId,
    activityId,
    actor,
    publisherId,
    launchData,
    expect,
    requests,
    returned,
    get launchedStatement() { return launchedStatement; },
    async launchUrl(contentUrl) {
      const launchUrl = new URL(contentUrl).href; // fully qualified (§9.6.3.4)
      if (launchUrlBuilt && launchUrlBuilt.content !== launchUrl) throw new Error('one LMS stub launches one AU session');
      if (!launchedStatement) {
        launchedStatement = {
          id: randomUUID(),
          timestamp: new Date().toISOString(),
          actor,
          verb: { id: VERBS.launched, display: { 'en-US': 'Launched' } },
          object: { objectType: 'Activity', id: activityId },
          context: {
            registration,
            contextActivities: {
              grouping: [{ objectType: 'Activity', id: publisherId }],
              category: [{ objectType: 'Activity', id: CMI5.category }],
            },
            extensions: {
              [CMI5.sessionId]: sessionId,
              [CMI5.launchMode]: launchMode,
              [CMI5.launchUrl]: launchUrl,
              [CMI5.moveOn]: moveOn,
              ...(launchParameters !== undefined ? { [CMI5.launchParameters]: launchParameters } : {}),
              ...(masteryScore !== undefined ? { [CMI5.masteryScore]: masteryScore } : {}),
            },
          },
        };
        await ralph.post(launchedStatement);
      }
      launchUrlBuilt = { content: launchUrl, url: cmi5LaunchUrl(launchUrl, { endpoint, fetch: fetchUrl, actor, registration, activityId }) };
      return launchUrlBuilt.url;
    },
    statements: () => received.slice(),
    lrsStatements: () => ralph.statements({ registration }),
    protocolViolations: () => violations.slice(),
    fetchCount: () => fetchCount,
    /** From now on, statements and state writes arrive but are not handled… */
    holdWrites: () => { if (!held) { let release; held = { promise: new Promise((r) => { release = r; }) }; held.release = release; } },
    /** …until this, which handles them in the order they arrived. */
    releaseWrites: () => { held?.release(); held = null; },
    /** The resume state the LMS holds now (handled writes only). */
    storedState: (stateId) => states.get(stateId),
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}

/** Key order does not matter for an agent; objectType "Agent" is the default. */
function canonical(agent) {
  if (!agent || typeof agent !== 'object') return agent;
  const { objectType = 'Agent', ...rest } = agent;
  return { objectType, ...rest };
}

/**
 * Runs xapi-validation 2.1.4 on one statement. Its findings are all "warnings"; none is
 * acceptable. Returns messages ([] = valid).
 */
export function validateStatement(statement) {
  return validateXapi(statement).map((w) => {
    const data = JSON.stringify(w.data);
    return `${w.constructor.name} at ${w.path.join('.')}: ${data && data.length > 80 ? `${data.slice(0, 80)}…` : data}`;
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const ISO_DURATION = /^P(?!$)([0-9]+(\.[0-9]+)?Y)?([0-9]+(\.[0-9]+)?M)?([0-9]+(\.[0-9]+)?W)?([0-9]+(\.[0-9]+)?D)?(T(?=[0-9])([0-9]+(\.[0-9]+)?H)?([0-9]+(\.[0-9]+)?M)?([0-9]+(\.[0-9]+)?S)?)?$/;
const UTC_TIMESTAMP = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|\+00:00)$/;
const LMS_VERBS = new Set([VERBS.launched, VERBS.satisfied, VERBS.abandoned, VERBS.waived]);
const DEFINED_VERBS = new Set([VERBS.initialized, VERBS.completed, VERBS.passed, VERBS.failed, VERBS.terminated]);
const VERB_NAME = Object.fromEntries(Object.entries(VERBS).map(([k, v]) => [v, k]));

/**
 * The cmi5 rules (../shared/notes/lms.md requirements 16-17; cmi5 spec §7.1, §9, §10) on
 * the statements of one AU session. The LMS's own statements (launched, satisfied,
 * abandoned, waived) are left out; order is by timestamp (stable), as §9.3 says.
 *   launchMode ('Normal'), masteryScore, activityId, registration, sessionId, actor,
 *   publisherId: what the launch gave (lms.expect); `finished` (default true): the learner
 *   reached the end, so Normal mode needs completed and/or passed/failed (exactly one of
 *   those when masteryScore is set).
 * Returns violations ([] = OK).
 */
export function cmi5Violations(statements, {
  launchMode = 'Normal', masteryScore, activityId, registration, sessionId, actor, publisherId, finished = true,
} = {}) {
  const out = [];
  const list = statements.filter((s) => !LMS_VERBS.has(s?.verb?.id))
    .map((s, i) => ({ s, i, t: Date.parse(s?.timestamp) }))
    .sort((a, b) => (a.t - b.t) || (a.i - b.i))
    .map(({ s }) => s);
  const name = (s) => VERB_NAME[s?.verb?.id] ?? s?.verb?.id;
  const label = (s, i) => `#${i} ${name(s)}`;
  if (!list.length) return ['no statements from the AU'];

  const verbs = list.map(name);
  if (verbs[0] !== 'initialized') out.push(`the first statement is ${verbs[0]}, not initialized`);
  if (verbs.at(-1) !== 'terminated') out.push(`the last statement is ${verbs.at(-1)}, not terminated`);
  const count = (v) => verbs.filter((x) => x === v).length;
  for (const v of ['initialized', 'terminated', 'completed', 'passed', 'failed']) {
    if (count(v) > 1) out.push(`${v} appears ${count(v)} times`);
  }
  if (count('initialized') === 0) out.push('no initialized statement');
  if (count('terminated') === 0) out.push('no terminated statement');
  const terminatedAt = verbs.indexOf('terminated');
  if (terminatedAt >= 0 && terminatedAt < verbs.length - 1) {
    out.push(`statements after terminated: ${verbs.slice(terminatedAt + 1).join(', ')}`);
  }
  if (count('passed') && count('failed')) out.push('both passed and failed');
  if (launchMode === 'Normal') {
    const firstOutcome = verbs.findIndex((v) => ['completed', 'passed', 'failed'].includes(v));
    if (firstOutcome >= 0) {
      verbs.forEach((v, i) => { if (v === 'answered' && i > firstOutcome) out.push(`${label(list[i], i)} comes after ${verbs[firstOutcome]}`); });
    }
    if (finished) {
      if (firstOutcome < 0) out.push('no completed, passed or failed statement (Normal mode, finished)');
      if (masteryScore !== undefined && count('passed') + count('failed') !== 1) {
        out.push(`masteryScore ${masteryScore} is set but there are ${count('passed') + count('failed')} passed/failed statements (expected 1)`);
      }
    }
  } else {
    verbs.forEach((v, i) => {
      if (v !== 'initialized' && v !== 'terminated') out.push(`${label(list[i], i)} in ${launchMode} mode (only initialized and terminated)`);
    });
  }

  list.forEach((s, i) => {
    const at = label(s, i);
    const v = name(s);
    const defined = DEFINED_VERBS.has(s?.verb?.id);
    const ctx = s.context ?? {};
    const categories = (ctx.contextActivities?.category ?? []).map((a) => a?.id);
    const result = s.result ?? {};
    if (!UUID.test(s.id ?? '')) out.push(`${at}: id is not a UUID: ${JSON.stringify(s.id)}`);
    if (!UTC_TIMESTAMP.test(s.timestamp ?? '')) out.push(`${at}: timestamp is not an ISO 8601 UTC time: ${JSON.stringify(s.timestamp)}`);
    if (actor && !isDeepStrictEqual(canonical(s.actor), canonical(actor))) out.push(`${at}: actor is not the launch actor: ${JSON.stringify(s.actor)}`);
    if (registration !== undefined && ctx.registration !== registration) out.push(`${at}: context.registration is ${JSON.stringify(ctx.registration)}, not the launch's`);
    const sid = ctx.extensions?.[CMI5.sessionId];
    if (sid === undefined) out.push(`${at}: no sessionid context extension`);
    else if (sessionId !== undefined && sid !== sessionId) out.push(`${at}: sessionid is ${JSON.stringify(sid)}, not the launch's`);
    if (publisherId !== undefined && !(ctx.contextActivities?.grouping ?? []).some((a) => a?.id === publisherId)) {
      out.push(`${at}: contextActivities.grouping lacks the publisher id of the context template`);
    }
    if (!defined && v !== 'answered') out.push(`${at}: unexpected verb ${s?.verb?.id}`);
    if (defined && !categories.includes(CMI5.category)) out.push(`${at}: no cmi5 category (cmi5 defined statement)`);
    if (!defined && categories.includes(CMI5.category)) out.push(`${at}: cmi5 category on a cmi5 allowed statement`);
    const judged = result.success !== undefined || result.completion !== undefined;
    if (defined && judged && !categories.includes(CMI5.moveOnCategory)) out.push(`${at}: result has success/completion but no moveon category`);
    if ((!defined || !judged) && categories.includes(CMI5.moveOnCategory)) out.push(`${at}: moveon category without a cmi5 success/completion result`);
    if (defined && s.object?.id !== activityId) out.push(`${at}: object.id is ${JSON.stringify(s.object?.id)}, not the activityId`);

    // Result: score only on passed/failed; success/completion only where cmi5 says.
    if (result.score !== undefined) {
      if (v !== 'passed' && v !== 'failed') out.push(`${at}: result.score on ${v} (only passed/failed)`);
      const { scaled, raw, min, max } = result.score;
      if (typeof scaled !== 'number' || scaled < 0 || scaled > 1) out.push(`${at}: score.scaled is not in 0..1: ${JSON.stringify(scaled)}`);
      const given = [raw, min, max].filter((x) => x !== undefined).length;
      if (given !== 0 && given !== 3) out.push(`${at}: score raw/min/max must be given together: ${JSON.stringify(result.score)}`);
      if (given === 3) {
        if (![raw, min, max].every(Number.isInteger)) out.push(`${at}: score raw/min/max are not integers: ${JSON.stringify(result.score)}`);
        else if (raw < min || raw > max) out.push(`${at}: score.raw ${raw} is outside ${min}..${max}`);
        else if (typeof scaled === 'number' && max > min && Math.abs((raw - min) / (max - min) - scaled) > 0.01) {
          out.push(`${at}: score.scaled ${scaled} does not match raw/min/max ${raw}/${min}/${max}`);
        }
      }
    }
    const durationRequired = ['completed', 'passed', 'failed', 'terminated', 'answered'].includes(v);
    if (result.duration === undefined ? durationRequired : !ISO_DURATION.test(result.duration)) {
      out.push(`${at}: result.duration ${result.duration === undefined ? 'missing' : `is not an ISO 8601 duration: ${JSON.stringify(result.duration)}`}`);
    }
    if (v === 'passed' || v === 'failed') {
      if (result.success !== (v === 'passed')) out.push(`${at}: result.success is ${JSON.stringify(result.success)} (expected ${v === 'passed'})`);
      if (result.completion !== undefined) out.push(`${at}: result.completion on ${v}`);
      const scaled = result.score?.scaled;
      if (masteryScore !== undefined && typeof scaled === 'number') {
        if (v === 'passed' && scaled < masteryScore) out.push(`${at}: passed with score.scaled ${scaled} < masteryScore ${masteryScore}`);
        if (v === 'failed' && scaled >= masteryScore) out.push(`${at}: failed with score.scaled ${scaled} >= masteryScore ${masteryScore}`);
      }
      if (masteryScore !== undefined && ctx.extensions?.[CMI5.masteryScore] !== masteryScore) {
        out.push(`${at}: masteryscore context extension is ${JSON.stringify(ctx.extensions?.[CMI5.masteryScore])}, not ${masteryScore}`);
      }
    } else if (v === 'completed') {
      if (result.completion !== true) out.push(`${at}: result.completion is ${JSON.stringify(result.completion)} (expected true)`);
      if (result.success !== undefined) out.push(`${at}: result.success on completed`);
    } else if (defined) {
      if (result.success !== undefined || result.completion !== undefined) out.push(`${at}: success/completion on ${v}`);
    }

    if (v === 'answered') {
      const def = s.object?.definition ?? {};
      if (typeof s.object?.id !== 'string' || !s.object.id.startsWith(`${activityId}/`)) out.push(`${at}: object.id is not under the activityId: ${JSON.stringify(s.object?.id)}`);
      if (def.type !== CMI5.interactionType) out.push(`${at}: definition.type is ${JSON.stringify(def.type)}, not cmi.interaction`);
      if (def.interactionType !== 'choice') out.push(`${at}: interactionType is ${JSON.stringify(def.interactionType)}, not choice`);
      const choiceIds = Array.isArray(def.choices) ? def.choices.map((c) => c?.id) : [];
      if (!Array.isArray(def.choices) || !def.choices.length || def.choices.some((c) => typeof c?.id !== 'string' || !c.description)) {
        out.push(`${at}: choices is not a non-empty array of { id, description }`);
      }
      if (!Array.isArray(def.correctResponsesPattern)) out.push(`${at}: no correctResponsesPattern array`);
      if (typeof result.response !== 'string' || !result.response.split('[,]').every((id) => choiceIds.includes(id))) {
        out.push(`${at}: result.response is not choice ids joined by [,]: ${JSON.stringify(result.response)}`);
      }
      if (typeof result.success !== 'boolean') out.push(`${at}: result.success is not a boolean`);
      const parent = ctx.contextActivities?.parent;
      if (!Array.isArray(parent) || parent.length !== 1 || parent[0]?.id !== activityId) {
        out.push(`${at}: contextActivities.parent is not [{ id: activityId }]: ${JSON.stringify(parent)}`);
      }
    }
  });
  return out;
}
