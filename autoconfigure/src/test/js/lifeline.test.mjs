/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

// Unit tests of lifeline.js against a scripted WebSocket, on Node's own test runner and
// mock timers: every frame the client writes and every decision it takes, per
// docs/resume.md. Run with: node --test autoconfigure/src/test/js/lifeline.test.mjs
// (LifelineJsTests runs them from the Maven build).

import { test, beforeEach, afterEach, mock } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The client is a .js ES module in a folder without package.json; importing it as a data:
// URL makes Node read it as a module whatever its version and flags.
const source = readFileSync(fileURLToPath(new URL('../../main/resources/META-INF/lifeline/client/lifeline.js',
	import.meta.url)), 'utf8');
const { Lifeline, LifelineError, PROTOCOL, backoffDelay, isFinalCloseCode, utf8Length } =
	await import('data:text/javascript;base64,' + Buffer.from(source).toString('base64'));

const WELCOME = { type: 'welcome', session: 's1', token: 't1', protocol: null, window: 120000, bufferSize: 262144,
	ackMessages: 4, ackBytes: 100, ackInterval: 1000, pingInterval: 5000, pingTimeout: 2000 };

/** A WebSocket whose other end is the test. */
class FakeSocket {

	static sockets = [];

	constructor(url, protocols) {
		this.url = new URL(url);
		this.protocols = protocols;
		this.readyState = 0;
		this.protocol = '';
		this.sent = [];
		this.closed = null;
		FakeSocket.sockets.push(this);
	}

	send(data) {
		assert.equal(this.readyState, 1, 'send on an open socket');
		this.sent.push(data);
	}

	close(code, reason) {
		this.closed = { code, reason };
		this.readyState = 2;
	}

	// The server's side.

	accept(protocol = PROTOCOL) {
		this.protocol = protocol;
		this.readyState = 1;
		this.onopen && this.onopen({});
	}

	receive(data) {
		this.onmessage && this.onmessage({ data });
	}

	control(message) {
		this.receive('c' + JSON.stringify(message));
	}

	end(code = 1006, reason = '') {
		this.readyState = 3;
		this.onclose && this.onclose({ code, reason });
	}

	controls() {
		return this.sent.filter((f) => typeof f === 'string' && f.startsWith('c')).map((f) => JSON.parse(f.slice(1)));
	}

	texts() {
		return this.sent.filter((f) => typeof f === 'string' && f.startsWith('m')).map((f) => f.slice(1));
	}

}

function last() {
	return FakeSocket.sockets[FakeSocket.sockets.length - 1];
}

function record(client) {
	const events = [];
	for (const type of ['state', 'open', 'message', 'reconnecting', 'resumed', 'refused', 'close']) {
		client.addEventListener(type, (event) => events.push(event));
	}
	return events;
}

function of(events, type) {
	return events.filter((event) => event.type === type);
}

function client(options = {}) {
	return new Lifeline('ws://localhost/ws', Object.assign({ WebSocket: FakeSocket }, options));
}

/** A client with an open session s1 on its first socket. */
function opened(options) {
	const c = client(options);
	const events = record(c);
	c.connect();
	const ws = last();
	ws.accept();
	ws.control(WELCOME);
	return { c, ws, events };
}

async function settled(promise) {
	await Promise.resolve();
	await Promise.resolve();
	let state = 'pending';
	promise.then((v) => { state = { value: v }; }, (e) => { state = { error: e }; });
	await Promise.resolve();
	await Promise.resolve();
	return state;
}

beforeEach(() => {
	FakeSocket.sockets = [];
	mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
	mock.method(Math, 'random', () => 0.999);
});

afterEach(() => {
	mock.timers.reset();
	mock.restoreAll();
});

test('a fresh session offers the protocol beside the application one and says hello first', () => {
	const c = client({ protocol: 'chat.v2' });
	const events = record(c);
	c.connect();
	const ws = last();
	assert.deepEqual(ws.protocols, [PROTOCOL, 'chat.v2']);
	assert.equal(ws.url.searchParams.has('lifeline-session'), false);
	assert.equal(c.state, 'connecting');
	ws.accept();
	assert.deepEqual(ws.sent, ['c{"type":"hello"}']);
	ws.control(Object.assign({}, WELCOME, { protocol: 'chat.v2' }));
	assert.equal(c.state, 'open');
	assert.equal(c.session, 's1');
	assert.equal(c.protocol, 'chat.v2');
	assert.deepEqual(of(events, 'open').map((e) => [e.session, e.resumable, e.resync]), [['s1', true, false]]);
	assert.deepEqual(of(events, 'state').map((e) => e.state), ['connecting', 'open']);
});

test('messages sent before the welcome wait for it', async () => {
	const c = client();
	c.connect();
	const ws = last();
	const sent = c.send('early');
	ws.accept();
	assert.deepEqual(ws.texts(), []);
	ws.control(WELCOME);
	assert.deepEqual(ws.texts(), ['early']);
	ws.control({ type: 'ack', n: 1 });
	assert.deepEqual(await settled(sent), { value: 1 });
});

test('send() settles when the server acknowledged the message, cumulatively', async () => {
	const { c, ws } = opened();
	const one = c.send('one');
	const two = c.send(new Uint8Array([1, 2, 3]));
	const three = c.send('');
	assert.deepEqual(ws.sent.slice(1), ['mone', ws.sent[2], 'm']);
	assert.deepEqual([...ws.sent[2]], [1, 2, 3], 'binary frames untouched');
	ws.control({ type: 'ack', n: 2 });
	assert.deepEqual(await settled(one), { value: 1 });
	assert.deepEqual(await settled(two), { value: 2 });
	assert.equal(await settled(three), 'pending');
	assert.equal(c.pending, 1);
	ws.control({ type: 'ack', n: 1 });
	assert.equal(c.pending, 1, 'a lower ack is ignored');
	ws.control({ type: 'ack', n: 3 });
	assert.deepEqual(await settled(three), { value: 3 });
});

test('application messages arrive untouched; unknown control messages are ignored', () => {
	const { ws, events } = opened();
	ws.receive('mhello');
	ws.receive('m');
	ws.receive('mc{"type":"ack"}');
	ws.control({ type: 'later-version', x: 1 });
	const bytes = new Uint8Array([9, 8]).buffer;
	ws.receive(bytes);
	ws.control({ type: 'pong' });
	assert.deepEqual(of(events, 'message').map((e) => e.data), ['hello', '', 'c{"type":"ack"}', bytes]);
});

test('acks go out by messages, by bytes and by time', () => {
	const { ws } = opened();
	for (let i = 0; i < 4; i++) {
		ws.receive('m' + i);
	}
	assert.deepEqual(ws.controls().filter((m) => m.type === 'ack'), [{ type: 'ack', n: 4 }], 'after ackMessages');
	ws.receive('m' + 'x'.repeat(60));
	ws.receive('m' + '\u00e9'.repeat(20));
	assert.deepEqual(ws.controls().filter((m) => m.type === 'ack').pop(), { type: 'ack', n: 6 }, 'after ackBytes');
	ws.receive('mlast');
	assert.equal(ws.controls().filter((m) => m.type === 'ack').length, 2);
	mock.timers.tick(999);
	assert.equal(ws.controls().filter((m) => m.type === 'ack').length, 2);
	mock.timers.tick(1);
	assert.deepEqual(ws.controls().filter((m) => m.type === 'ack').pop(), { type: 'ack', n: 7 }, 'after ackInterval');
	mock.timers.tick(5000);
	assert.equal(ws.controls().filter((m) => m.type === 'ack').length, 3, 'no ack without new messages');
});

test('a dropped connection is resumed: the client resends what the server did not process, then the queue', async () => {
	const { c, ws, events } = opened();
	const sends = ['a', 'b', 'c'].map((m) => c.send(m));
	ws.control({ type: 'ack', n: 1 });
	ws.receive('mx');
	ws.receive('my');
	ws.end(1006);
	assert.equal(c.state, 'reconnecting');
	const reconnecting = of(events, 'reconnecting')[0];
	assert.equal(reconnecting.resuming, true);
	assert.ok(reconnecting.delay >= 0 && reconnecting.delay < 500, 'first delay within minDelay');
	const queued = c.send('d');
	mock.timers.tick(500);
	const ws2 = last();
	assert.notEqual(ws2, ws);
	assert.equal(ws2.url.searchParams.get('lifeline-session'), 's1');
	ws2.accept();
	assert.deepEqual(ws2.controls(), [{ type: 'resume', session: 's1', token: 't1', received: 2 }]);
	assert.equal(ws2.url.href.includes('t1'), false, 'the token is never in the URL');
	mock.timers.tick(3000);
	ws2.control(Object.assign({}, WELCOME, { type: 'resumed', token: 't2', received: 2, replay: 1 }));
	assert.deepEqual(ws2.texts(), ['c', 'd'], 'b was processed, c is resent, then d');
	assert.deepEqual(await settled(sends[1]), { value: 2 });
	ws2.receive('mz');
	ws2.control({ type: 'ack', n: 4 });
	assert.deepEqual(await settled(sends[2]), { value: 3 });
	assert.deepEqual(await settled(queued), { value: 4 });
	assert.equal(c.state, 'open');
	const resumed = of(events, 'resumed')[0];
	assert.deepEqual([resumed.session, resumed.replay, resumed.resent, resumed.gap], ['s1', 1, 1, 3000 + 500]);
	assert.deepEqual(of(events, 'message').map((e) => e.data), ['x', 'y', 'z']);
	assert.equal(of(events, 'open').length, 1, 'no new open for a resume');
	assert.deepEqual(of(events, 'state').map((e) => e.state), ['connecting', 'open', 'reconnecting', 'open']);
	ws2.end(1006);
	mock.timers.tick(1000);
	last().accept();
	assert.deepEqual(last().controls()[0], { type: 'resume', session: 's1', token: 't2', received: 3 },
		'the rotated token');
});

test('a refused resume rejects what was lost, tells the application, and a new session opens', async () => {
	const { c, ws, events } = opened();
	const lost = c.send('lost');
	ws.receive('mx');
	ws.end(1006);
	const queued = c.send('queued for the old session');
	mock.timers.tick(500);
	const ws2 = last();
	ws2.accept();
	ws2.control({ type: 'refused', reason: 'expired' });
	assert.deepEqual(of(events, 'refused').map((e) => e.reason), ['expired']);
	const rejected = await settled(lost);
	assert.ok(rejected.error instanceof LifelineError);
	assert.equal(rejected.error.code, 'lost');
	assert.equal((await settled(queued)).error.code, 'lost');
	ws2.control(Object.assign({}, WELCOME, { session: 's2', token: 'u1' }));
	assert.deepEqual(of(events, 'open').map((e) => [e.session, e.resync]), [['s1', false], ['s2', true]]);
	const next = c.send('new');
	assert.deepEqual(ws2.texts(), ['new']);
	ws2.control({ type: 'ack', n: 1 });
	assert.deepEqual(await settled(next), { value: 1 });
});

test('a refused resume whose fresh session a cap refuses too is a refusal, then a hello later', async () => {
	const { c, ws, events } = opened();
	const lost = c.send('lost');
	ws.end(1006);
	mock.timers.tick(500);
	last().accept();
	assert.equal(last().controls()[0].type, 'resume');
	last().end(1008, 'Resume refused (expired); too many sessions');
	assert.deepEqual(of(events, 'refused').map((e) => e.reason), ['expired']);
	assert.equal((await settled(lost)).error.code, 'lost');
	assert.equal(c.state, 'reconnecting', 'not a final 1008');
	mock.timers.tick(1000);
	last().accept();
	assert.deepEqual(last().controls(), [{ type: 'hello' }]);
	assert.equal(last().url.searchParams.has('lifeline-session'), false);
});

test('a session taken over by another holder of its token is not resumed', () => {
	const { c, ws, events } = opened();
	ws.end(1008, 'Session resumed on another connection');
	mock.timers.tick(60000);
	assert.equal(FakeSocket.sockets.length, 1);
	assert.equal(c.state, 'closed');
	assert.equal(of(events, 'refused').length, 0);
});

test('a 4500 close (the server found the connection dead) is a dropped connection: the session is resumed', () => {
	const { ws, events } = opened();
	ws.end(4500, 'heartbeat timeout');
	assert.equal(of(events, 'reconnecting')[0].resuming, true);
	mock.timers.tick(500);
	last().accept();
	assert.equal(last().controls()[0].type, 'resume');
	assert.equal(last().url.searchParams.get('lifeline-session'), 's1');
});

test('a session the server closed with a close frame is not resumed', () => {
	const { c, ws, events } = opened();
	ws.end(1001, 'Going away');
	assert.equal(of(events, 'reconnecting')[0].resuming, false);
	mock.timers.tick(500);
	const ws2 = last();
	assert.equal(ws2.url.searchParams.has('lifeline-session'), false);
	ws2.accept();
	assert.deepEqual(ws2.controls(), [{ type: 'hello' }]);
	ws2.control(Object.assign({}, WELCOME, { session: 's2' }));
	assert.equal(of(events, 'open')[1].resync, true);
	assert.equal(c.state, 'open');
});

for (const code of [1008, 1009, 1011, 4000, 4403, 4499]) {
	test('no reconnect after a close with ' + code, async () => {
		const { c, ws, events } = opened();
		const pending = c.send('x');
		ws.end(code, 'policy');
		mock.timers.tick(60000);
		assert.equal(FakeSocket.sockets.length, 1);
		assert.equal(c.state, 'closed');
		assert.deepEqual(of(events, 'close').map((e) => [e.code, e.reason]), [[code, 'policy']]);
		assert.equal((await settled(pending)).error.code, 'closed');
		assert.equal((await settled(c.send('y'))).error.code, 'closed');
	});
}

test('reconnects after 1013 and 4500, and after a network error', () => {
	assert.equal(isFinalCloseCode(1013), false);
	assert.equal(isFinalCloseCode(4500), false);
	assert.equal(isFinalCloseCode(1006), false);
	assert.equal(isFinalCloseCode(1000), false);
	assert.equal(isFinalCloseCode(1001), false);
	const { ws } = opened();
	ws.end(1013);
	mock.timers.tick(500);
	assert.equal(FakeSocket.sockets.length, 2);
});

test('close() ends the session with a close frame and never reconnects', () => {
	const { c, ws, events } = opened();
	c.close(1000, 'bye');
	assert.deepEqual(ws.closed, { code: 1000, reason: 'bye' });
	ws.end(1000, 'bye');
	mock.timers.tick(60000);
	assert.equal(FakeSocket.sockets.length, 1);
	assert.equal(c.state, 'closed');
	assert.equal(of(events, 'close').length, 1);
});

test('close() while reconnecting stops the reconnect', () => {
	const { c, ws } = opened();
	ws.end(1006);
	c.close();
	mock.timers.tick(60000);
	assert.equal(FakeSocket.sockets.length, 1);
	assert.equal(c.state, 'closed');
});

test('backoff grows exponentially with full jitter up to maxDelay', () => {
	assert.equal(backoffDelay(0, 500, 30000, () => 0), 0);
	assert.equal(backoffDelay(0, 500, 30000, () => 0.5), 250);
	assert.equal(backoffDelay(3, 500, 30000, () => 0.5), 2000);
	assert.equal(backoffDelay(10, 500, 30000, () => 0.999999), 29999);
	assert.equal(backoffDelay(1000, 500, 30000, () => 0.5), 15000);
	const c = client();
	const events = record(c);
	c.connect();
	last().accept();
	last().control(WELCOME);
	for (let i = 0; i < 8; i++) {
		last().end(1006);
		mock.timers.tick(30000);
		assert.deepEqual(last().protocols, [PROTOCOL], 'a detached session always offers resume');
	}
	assert.deepEqual(of(events, 'reconnecting').map((e) => e.delay),
		[499, 999, 1998, 3996, 7992, 15984, 29970, 29970]);
	assert.equal(c.state, 'reconnecting');
});

test('a failed first handshake is tried again at once without the offer, as browsers fail it when the server selects none', () => {
	const c = client({ protocol: 'chat.v2' });
	const events = record(c);
	c.connect();
	last().end(1006);
	assert.equal(of(events, 'reconnecting').length, 0);
	mock.timers.tick(0);
	assert.equal(FakeSocket.sockets.length, 2);
	assert.deepEqual(last().protocols, ['chat.v2']);
	last().end(1006);
	assert.equal(of(events, 'reconnecting').length, 1, 'both failed: the server may be down');
	mock.timers.tick(500);
	assert.deepEqual(last().protocols, [PROTOCOL, 'chat.v2'], 'offered again');
	last().end(1006);
	mock.timers.tick(0);
	last().accept('chat.v2');
	assert.equal(c.state, 'open');
	assert.equal(c.resumable, false);
	last().end(1006);
	mock.timers.tick(1000);
	assert.deepEqual(last().protocols, ['chat.v2'], 'a plain server stays plain while it answers');
	assert.equal(c.state, 'reconnecting');
});

test('the send queue is bounded while reconnecting', async () => {
	const { c, ws } = opened({ maxQueue: 3, maxQueueBytes: 10 });
	ws.end(1006);
	const ok = [c.send('a'), c.send('bb')];
	const tooBig = await settled(c.send('x'.repeat(9)));
	assert.equal(tooBig.error.code, 'queue-full');
	ok.push(c.send('c'));
	assert.equal((await settled(c.send('d'))).error.code, 'queue-full');
	assert.equal(c.pending, 3);
	assert.equal((await settled(c.send({}))).error.code, 'unsupported');
});

test('an idle connection is pinged, and dropped without a close frame when nothing comes back', () => {
	const { c, ws, events } = opened();
	mock.timers.tick(4999);
	assert.deepEqual(ws.controls().filter((m) => m.type === 'ping'), []);
	ws.receive('mkeeps it alive');
	mock.timers.tick(4999);
	assert.deepEqual(ws.controls().filter((m) => m.type === 'ping'), []);
	mock.timers.tick(1);
	assert.deepEqual(ws.controls().filter((m) => m.type === 'ping'), [{ type: 'ping' }]);
	ws.control({ type: 'pong' });
	mock.timers.tick(5000);
	assert.equal(ws.controls().filter((m) => m.type === 'ping').length, 2);
	mock.timers.tick(1999);
	assert.equal(c.state, 'open');
	mock.timers.tick(1);
	assert.equal(c.state, 'reconnecting');
	assert.equal(ws.closed, null, 'no close frame: it would end the session');
	assert.equal(of(events, 'reconnecting')[0].resuming, true);
	mock.timers.tick(500);
	const ws2 = last();
	ws2.accept();
	assert.equal(ws2.controls()[0].type, 'resume');
	ws2.control(Object.assign({}, WELCOME, { type: 'resumed', token: 't2', received: 0, replay: 0 }));
	assert.deepEqual(ws.closed, { code: 1000, reason: 'Replaced' }, 'closed once the session moved');
	ws.receive('mlate from the old socket');
	assert.equal(of(events, 'message').length, 1);
});

test('a connection that never answers is given up after connectTimeout', () => {
	const c = client({ connectTimeout: 3000 });
	c.connect();
	last().accept();
	mock.timers.tick(3000);
	assert.equal(c.state, 'connecting');
	mock.timers.tick(500);
	assert.equal(FakeSocket.sockets.length, 2);
});

test('a server that does not select the protocol is a plain WebSocket', async () => {
	const c = client({ protocol: 'chat.v2' });
	const events = record(c);
	c.connect();
	const ws = last();
	ws.accept('chat.v2');
	assert.deepEqual(ws.sent, [], 'no control messages');
	assert.equal(c.state, 'open');
	assert.equal(c.resumable, false);
	assert.equal(c.protocol, 'chat.v2');
	assert.deepEqual(await settled(c.send('raw')), { value: undefined });
	assert.deepEqual(ws.sent, ['raw']);
	ws.receive('mraw');
	assert.deepEqual(of(events, 'message').map((e) => e.data), ['mraw']);
	ws.end(1006);
	const queued = c.send('queued');
	mock.timers.tick(500);
	last().accept('');
	assert.deepEqual(last().sent, ['queued']);
	assert.deepEqual(await settled(queued), { value: undefined });
	assert.deepEqual(of(events, 'open').map((e) => e.resync), [false, true]);
});

test('a resumable session whose server stops offering resume is refused as unsupported', () => {
	const { ws, events } = opened();
	ws.end(1006);
	mock.timers.tick(500);
	last().accept('');
	assert.deepEqual(of(events, 'refused').map((e) => e.reason), ['unsupported']);
	assert.equal(of(events, 'open')[1].resync, true);
});

test('protocol errors end the client', () => {
	for (const frame of ['xhello', '', 'c[1]', 'cnot json', 'c{"type":"ack","n":5}', 'c{"type":"ack","n":-1}']) {
		FakeSocket.sockets = [];
		const { c, ws, events } = opened();
		ws.receive(frame);
		assert.deepEqual(ws.closed, { code: 1002, reason: 'Protocol error' }, frame);
		assert.equal(c.state, 'closed', frame);
		assert.equal(of(events, 'close')[0].code, 1002);
		mock.timers.tick(60000);
		assert.equal(FakeSocket.sockets.length, 1);
	}
});

test('affinity is a random value kept for the life of the client, and never the session', () => {
	const c = client({ affinity: true });
	c.connect();
	const value = last().url.searchParams.get('lifeline-affinity');
	assert.match(value, /^[A-Za-z0-9_-]{22}$/);
	last().accept();
	last().control(WELCOME);
	last().end(1006);
	mock.timers.tick(500);
	assert.equal(last().url.searchParams.get('lifeline-affinity'), value);
	const fixed = client({ affinity: 'abc' });
	fixed.connect();
	assert.equal(last().url.searchParams.get('lifeline-affinity'), 'abc');
	client().connect();
	assert.equal(last().url.searchParams.has('lifeline-affinity'), false);
});

test('UTF-8 lengths', () => {
	assert.equal(utf8Length(''), 0);
	assert.equal(utf8Length('abc'), 3);
	assert.equal(utf8Length('\u00e9'), 2);
	assert.equal(utf8Length('\u20ac'), 3);
	assert.equal(utf8Length('\ud83d\ude00'), 4);
	assert.equal(utf8Length('\ud83d'), 3);
});
