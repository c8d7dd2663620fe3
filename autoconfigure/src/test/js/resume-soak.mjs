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

// lifeline.js against a real echo endpoint through a relay that resets every connection
// (both sides, no close frame) at a fixed interval while the client sends text and binary
// messages alternately. Prints one JSON line: what came back, in what order, what the
// server acknowledged, and how often the session was resumed.
//
//   node --experimental-websocket resume-soak.mjs <server port> <messages> <cut every ms>
//
// Exit code 3: this Node has no WebSocket.

import net from 'node:net';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

if (typeof WebSocket === 'undefined') {
	process.exit(3);
}
const source = readFileSync(fileURLToPath(new URL('../../main/resources/META-INF/lifeline/client/lifeline.js',
	import.meta.url)), 'utf8');
const { Lifeline } = await import('data:text/javascript;base64,' + Buffer.from(source).toString('base64'));

const [serverPort, total, cutEvery] = process.argv.slice(2).map(Number);
const sockets = new Set();
let cuts = 0;
const relay = net.createServer((client) => {
	const upstream = net.connect(serverPort, '127.0.0.1');
	sockets.add(client);
	sockets.add(upstream);
	const end = () => {
		sockets.delete(client);
		sockets.delete(upstream);
		client.destroy();
		upstream.destroy();
	};
	for (const socket of [client, upstream]) {
		socket.on('error', end);
		socket.on('close', end);
	}
	client.pipe(upstream);
	upstream.pipe(client);
});
await new Promise((resolve) => relay.listen(0, '127.0.0.1', resolve));

const lifeline = new Lifeline('ws://127.0.0.1:' + relay.address().port + '/ws',
	{ maxQueue: total, maxQueueBytes: 1 << 24, minDelay: 100 });
const received = [];
const result = { total, received: 0, inOrder: true, acked: 0, failed: 0, resumes: 0, refused: 0, opens: 0, cuts: 0,
	replayed: 0, resent: 0, closed: null, session: null, resumedSessions: [] };
lifeline.addEventListener('message', (event) => {
	received.push(typeof event.data === 'string' ? event.data : 'b' + new DataView(event.data).getUint32(0));
});
lifeline.addEventListener('open', (event) => {
	result.opens++;
	result.session = event.session;
});
lifeline.addEventListener('resumed', (event) => {
	result.resumes++;
	result.replayed += event.replay;
	result.resent += event.resent;
	result.resumedSessions.push(event.session);
});
lifeline.addEventListener('refused', () => result.refused++);
result.log = [];
for (const type of ['reconnecting', 'resumed', 'open', 'refused']) {
	lifeline.addEventListener(type, (event) => result.log.push([Date.now() % 100000, type, event.code, event.reason, event.replay, event.resent, event.delay]));
}
lifeline.addEventListener('close', (event) => {
	result.closed = event.code;
});
lifeline.connect();
await new Promise((resolve) => lifeline.addEventListener('open', resolve, { once: true }));

const cutter = setInterval(() => {
	cuts++;
	for (const socket of sockets) {
		socket.resetAndDestroy();
	}
}, cutEvery);
const sends = [];
const started = Date.now();
for (let i = 1; i <= total; i++) {
	const data = (i % 2 === 1) ? 't' + i : new Uint8Array([i >>> 24, (i >>> 16) & 255, (i >>> 8) & 255, i & 255]);
	sends.push(lifeline.send(data).then(() => result.acked++, () => result.failed++));
	if (i % 20 === 0) {
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}
await Promise.all(sends);
clearInterval(cutter);
result.cuts = cuts;
const deadline = Date.now() + 60000;
while (received.length < total && Date.now() < deadline) {
	await new Promise((resolve) => setTimeout(resolve, 50));
}
result.received = received.length;
result.state = lifeline.state;
result.pending = lifeline.pending;
result.firstMissing = received.findIndex((value, index) => value !== ((index % 2 === 0) ? 't' : 'b') + (index + 1)) + 1;
result.inOrder = received.every((value, index) => value === ((index % 2 === 0) ? 't' : 'b') + (index + 1));
result.millis = Date.now() - started;
lifeline.close(1000, 'done');
await new Promise((resolve) => setTimeout(resolve, 200));
console.log(JSON.stringify(result));
relay.close();
process.exit(0);
