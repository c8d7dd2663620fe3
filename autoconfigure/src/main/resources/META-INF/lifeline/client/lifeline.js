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

// lifeline.js: the reference client of Lifeline's resumable sessions (docs/resume.md,
// sub-protocol lifeline.resume.v1). An ES module with no dependencies.
//
//   import { connect } from '/lifeline/lifeline.js';
//   const lifeline = connect('/ws');
//   lifeline.addEventListener('message', (event) => console.log(event.data));
//   await lifeline.send('hello');   // settles when the server acknowledged it
//
// The connection survives network drops: when the server offers lifeline.resume.v1, the
// client resumes its session on a new connection, resends what the server has not
// acknowledged and receives what it missed, exactly once and in order. When the server
// does not offer it, the client is a plain WebSocket that reconnects.

export const PROTOCOL = 'lifeline.resume.v1';

const DEFAULTS = Object.freeze({
	protocol: null,
	resume: true,
	affinity: false,
	binaryType: 'arraybuffer',
	minDelay: 500,
	maxDelay: 30000,
	connectTimeout: 10000,
	maxQueue: 1000,
	maxQueueBytes: 262144,
	reconnect: null,
	WebSocket: null,
});

// Used until the server's welcome or resumed names its own values.
const PROTOCOL_DEFAULTS = Object.freeze({
	ackMessages: 32,
	ackBytes: 16384,
	ackInterval: 1000,
	pingInterval: 25000,
	pingTimeout: 10000,
	window: 120000,
	bufferSize: 262144,
});

const OPEN = 1;

// The close code of a connection the server dropped as dead or stuck: not the session's end.
const HEARTBEAT_TIMEOUT = 4500;

/**
 * Whether a close with this code says not to come back: a policy close (1008), a message
 * too large (1009), a server error (1011), or an application's own refusal (4000-4499).
 * @param {number} code the close code
 * @returns {boolean} true when the client must not reconnect
 */
export function isFinalCloseCode(code) {
	return code === 1008 || code === 1009 || code === 1011 || (code >= 4000 && code <= 4499);
}

/**
 * The delay before reconnect attempt number {@code attempt} (0 for the first): exponential
 * backoff with full jitter, a random value between 0 and min(maxDelay, minDelay * 2^attempt).
 * @param {number} attempt the attempt, from 0
 * @param {number} minDelay the ceiling of the first attempt, in milliseconds
 * @param {number} maxDelay the largest ceiling, in milliseconds
 * @param {() => number} [random] a source of numbers in [0, 1)
 * @returns {number} the delay in milliseconds
 */
export function backoffDelay(attempt, minDelay, maxDelay, random = Math.random) {
	const ceiling = Math.min(maxDelay, minDelay * Math.pow(2, Math.min(attempt, 30)));
	return Math.floor(random() * ceiling);
}

/**
 * The number of bytes a string takes in UTF-8, without encoding it.
 * @param {string} text the text
 * @returns {number} its UTF-8 length
 */
export function utf8Length(text) {
	let bytes = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c < 0x80) {
			bytes += 1;
		}
		else if (c < 0x800) {
			bytes += 2;
		}
		else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length
				&& text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff) {
			bytes += 4;
			i++;
		}
		else {
			bytes += 3;
		}
	}
	return bytes;
}

function payloadSize(data) {
	if (typeof data === 'string') {
		return utf8Length(data);
	}
	if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
		return data.byteLength;
	}
	if (typeof Blob !== 'undefined' && data instanceof Blob) {
		return data.size;
	}
	return -1;
}

function randomValue() {
	const bytes = new Uint8Array(16);
	globalThis.crypto.getRandomValues(bytes);
	let text = '';
	bytes.forEach((b) => {
		text += String.fromCharCode(b);
	});
	return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function isCount(value) {
	return Number.isInteger(value) && value >= 0;
}

/**
 * Why a {@link Lifeline#send} promise was rejected: {@code code} is {@code 'queue-full'}
 * (the send queue is at its bound), {@code 'lost'} (the session ended or its resume was
 * refused before the server acknowledged the message), {@code 'closed'} (the client is
 * closed) or {@code 'unsupported'} (not a string, ArrayBuffer, typed array or Blob).
 */
export class LifelineError extends Error {

	constructor(code, message) {
		super(message);
		this.name = 'LifelineError';
		this.code = code;
	}

}

/**
 * A connection to a Lifeline endpoint that outlives its WebSockets. States:
 * {@code 'idle'} (before {@link connect}), {@code 'connecting'} (opening the first
 * session), {@code 'open'}, {@code 'reconnecting'} (the connection dropped; the client
 * comes back, resuming the session when it can) and {@code 'closed'} (final).
 * <p>
 * Events (plain {@code Event}s with extra fields):
 * <ul>
 * <li>{@code state}: {@code state}, {@code previous}</li>
 * <li>{@code open}: a session opened; {@code session}, {@code protocol}, {@code resumable},
 * and {@code resync}: true when it replaces an earlier one whose state is gone (a refused
 * resume, a session the server ended, any reconnect without resume)</li>
 * <li>{@code message}: {@code data} (a string, or an ArrayBuffer or Blob)</li>
 * <li>{@code reconnecting}: the connection dropped; {@code code}, {@code reason},
 * {@code attempt}, {@code delay}, {@code resuming}</li>
 * <li>{@code resumed}: the session is back; {@code session}, {@code replay} (messages the
 * server sends again), {@code resent} (messages this client sends again), {@code gap}
 * (milliseconds since the connection dropped)</li>
 * <li>{@code refused}: the server refused to resume; {@code reason} ({@code expired},
 * {@code overflow}, {@code principal}, {@code endpoint}, {@code unknown}, or
 * {@code unsupported} when the server no longer offers resume). What the application
 * sent and was not acknowledged is lost, and it must resynchronise its state.</li>
 * <li>{@code close}: final; {@code code}, {@code reason}</li>
 * </ul>
 */
export class Lifeline extends EventTarget {

	/**
	 * @param {string} url the endpoint: {@code ws:}, {@code wss:}, or a path on this page's host
	 * @param {object} [options] see README
	 */
	constructor(url, options = {}) {
		super();
		this.options = Object.assign({}, DEFAULTS, options);
		this.url = url;
		this.state = 'idle';
		this.session = null;
		this.protocol = null;
		this.resumable = false;
		this.affinity = typeof this.options.affinity === 'string' ? this.options.affinity
			: this.options.affinity ? randomValue() : null;
		this._ws = null;
		this._token = null;
		this._settings = Object.assign({}, PROTOCOL_DEFAULTS);
		this._established = false;
		this._everOpened = false;
		this._offerResume = Boolean(this.options.resume);
		this._socketOpened = false;
		this._attempt = 0;
		this._timer = null;
		this._connectTimer = null;
		this._closing = null;
		this._detachedAt = 0;
		this._stale = [];
		// What this client sent: every message not yet acknowledged, then those not yet sent.
		this._out = [];
		this._outBytes = 0;
		this._sent = 0;
		this._acked = 0;
		// What this client received.
		this._received = 0;
		this._unacked = 0;
		this._unackedBytes = 0;
		this._ackTimer = null;
		// Dead-connection check.
		this._lastReceived = 0;
		this._pingSentAt = 0;
		this._pingTimer = null;
	}

	/**
	 * Open the first connection. Calling it again does nothing.
	 * @returns {Lifeline} this client
	 */
	connect() {
		if (this.state === 'idle') {
			this._setState('connecting');
			this._open();
		}
		return this;
	}

	/**
	 * Send a message. Resolves when the server acknowledged it (with its number), or, on a
	 * plain WebSocket, when it was handed to the socket. Rejects with a
	 * {@link LifelineError} when the queue is full, the message was lost with its session,
	 * or the client closed first.
	 * @param {string|ArrayBuffer|ArrayBufferView|Blob} data the message
	 * @returns {Promise<number|undefined>} settles as above
	 */
	send(data) {
		if (this.state === 'closed' || this._closing) {
			return Promise.reject(new LifelineError('closed', 'The client is closed'));
		}
		const size = payloadSize(data);
		if (size < 0) {
			return Promise.reject(new LifelineError('unsupported', 'Send a string, ArrayBuffer, typed array or Blob'));
		}
		if (this._out.length >= this.options.maxQueue || this._outBytes + size > this.options.maxQueueBytes) {
			return Promise.reject(new LifelineError('queue-full', 'The send queue is full ('
				+ this._out.length + ' messages, ' + this._outBytes + ' bytes)'));
		}
		return new Promise((resolve, reject) => {
			const entry = { data, size, n: 0, session: this.session, resolve, reject };
			this._out.push(entry);
			this._outBytes += size;
			if (this._established) {
				this._transmit(entry);
			}
		});
	}

	/**
	 * Close for good: the session ends (the server is sent a close frame) and the client
	 * does not reconnect.
	 * @param {number} [code] 1000 or 3000-4999
	 * @param {string} [reason] a short reason
	 */
	close(code = 1000, reason = '') {
		if (this.state === 'closed' || this._closing) {
			return;
		}
		this._closing = { code, reason };
		this._clearTimers();
		const ws = this._ws;
		if (ws && (ws.readyState === OPEN || ws.readyState === 0)) {
			ws.close(code, reason);
		}
		else {
			this._finish(code, reason);
		}
	}

	/**
	 * The number of messages sent and not yet acknowledged, plus those queued.
	 * @returns {number} the count
	 */
	get pending() {
		return this._out.length;
	}

	// ------------------------------------------------------------ connections

	_endpoint() {
		let url = this.url;
		if (!/^wss?:/i.test(url)) {
			const base = globalThis.location;
			url = new URL(url, base.href).href.replace(/^http/i, 'ws');
		}
		const u = new URL(url);
		if (this.session && this.resumable && this._offerResume) {
			u.searchParams.set('lifeline-session', this.session);
		}
		if (this.affinity) {
			u.searchParams.set('lifeline-affinity', this.affinity);
		}
		return u.href;
	}

	_open() {
		const WebSocketImpl = this.options.WebSocket || globalThis.WebSocket;
		const protocols = [];
		if (this._offerResume) {
			protocols.push(PROTOCOL);
		}
		if (this.options.protocol) {
			protocols.push(this.options.protocol);
		}
		let ws;
		try {
			ws = new WebSocketImpl(this._endpoint(), protocols);
		}
		catch (ex) {
			this._finish(1006, String(ex && ex.message || ex));
			return;
		}
		ws.binaryType = this.options.binaryType;
		this._ws = ws;
		this._established = false;
		this._socketOpened = false;
		ws.onopen = () => this._onOpen(ws);
		ws.onmessage = (event) => this._onFrame(ws, event.data);
		ws.onclose = (event) => this._onClose(ws, event.code, event.reason || '');
		ws.onerror = () => {
			// Browsers follow an error with a close; some other implementations leave a
			// failed handshake without one.
			setTimeout(() => {
				if (this._ws === ws && !this._socketOpened) {
					this._drop(ws, 'handshake failed');
				}
			}, 0);
		};
		this._connectTimer = setTimeout(() => {
			if (this._ws === ws && !this._established) {
				this._drop(ws, 'no answer within ' + this.options.connectTimeout + ' ms');
			}
		}, this.options.connectTimeout);
	}

	_onOpen(ws) {
		if (this._ws !== ws) {
			return;
		}
		this._socketOpened = true;
		this._lastReceived = Date.now();
		if (ws.protocol === PROTOCOL) {
			if (this.session && this.resumable) {
				this._control({ type: 'resume', session: this.session, token: this._token, received: this._received });
			}
			else {
				this._control({ type: 'hello' });
			}
			return;
		}
		// Plain WebSocket: the server does not offer resume (any more).
		if (this.session && this.resumable) {
			this._refused('unsupported');
		}
		this.resumable = false;
		this.protocol = ws.protocol || null;
		this._opened(null);
	}

	/** The session is usable on the current connection: a welcome, or a plain open. */
	_opened(session) {
		const resync = this._everOpened;
		this._everOpened = true;
		this._established = true;
		this._attempt = 0;
		clearTimeout(this._connectTimer);
		this._releaseStale();
		this.session = session;
		this._setState('open');
		this._emit('open', { session, protocol: this.protocol, resumable: this.resumable, resync });
		this._flush();
	}

	_onFrame(ws, data) {
		if (this._ws !== ws) {
			return;
		}
		this._lastReceived = Date.now();
		if (ws.protocol !== PROTOCOL) {
			this._emit('message', { data });
			return;
		}
		if (typeof data !== 'string') {
			this._deliver(ws, data, payloadSize(data));
			return;
		}
		const tag = data.charAt(0);
		if (tag === 'm') {
			const text = data.substring(1);
			this._deliver(ws, text, utf8Length(text));
		}
		else if (tag === 'c') {
			let message;
			try {
				message = JSON.parse(data.substring(1));
			}
			catch (ex) {
				message = null;
			}
			if (!message || typeof message !== 'object' || typeof message.type !== 'string') {
				this._protocolError('a control message that is not a JSON object with a type');
				return;
			}
			this._onControl(ws, message);
		}
		else {
			this._protocolError('a text frame that starts with neither m nor c');
		}
	}

	_deliver(ws, data, size) {
		if (!this._established) {
			this._protocolError('an application message before welcome or resumed');
			return;
		}
		// Numbers are not on the wire: the server replays from what this client said it had
		// processed, so the next message is always the next number.
		this._emit('message', { data });
		this._received++;
		if (this._ws !== ws) {
			return;
		}
		this._unacked++;
		this._unackedBytes += size;
		if (this._unacked >= this._settings.ackMessages || this._unackedBytes >= this._settings.ackBytes) {
			this._sendAck();
		}
		else if (!this._ackTimer) {
			this._ackTimer = setTimeout(() => {
				this._ackTimer = null;
				this._sendAck();
			}, this._settings.ackInterval);
		}
	}

	_sendAck() {
		clearTimeout(this._ackTimer);
		this._ackTimer = null;
		if (this._unacked > 0 && this._ws && this._ws.readyState === OPEN && this._established) {
			this._unacked = 0;
			this._unackedBytes = 0;
			this._control({ type: 'ack', n: this._received });
		}
	}

	_onControl(ws, message) {
		switch (message.type) {
			case 'ack':
				if (!isCount(message.n) || message.n > this._sent) {
					this._protocolError('an ack for a message never sent');
					return;
				}
				this._acknowledge(message.n);
				return;
			case 'pong':
				return;
			case 'welcome':
				if (this._established || typeof message.session !== 'string' || typeof message.token !== 'string') {
					this._protocolError('an unexpected or incomplete welcome');
					return;
				}
				if (this.session) {
					this._lose('lost', 'The session ended before the server acknowledged the message');
				}
				this._adopt(message);
				this.resumable = true;
				this._offerResume = true;
				this._unacked = 0;
				this._unackedBytes = 0;
				this._received = 0;
				this._sent = 0;
				this._acked = 0;
				this._opened(message.session);
				this._startPings();
				return;
			case 'resumed':
				this._onResumed(ws, message);
				return;
			case 'refused':
				if (this._established || typeof message.reason !== 'string') {
					this._protocolError('an unexpected or incomplete refused');
					return;
				}
				this._refused(message.reason);
				return;
			default:
				// Later versions may add control messages: ignored.
		}
	}

	_onResumed(ws, message) {
		const m = message.received;
		if (this._established || !this.session || message.session !== this.session || typeof message.token !== 'string'
				|| !isCount(m) || m > this._sent || m < this._acked || !isCount(message.replay)) {
			this._protocolError('an unexpected or incomplete resumed');
			return;
		}
		this._adopt(message);
		this._acknowledge(m);
		// The resume acknowledged everything received so far.
		this._unacked = 0;
		this._unackedBytes = 0;
		this._established = true;
		this._attempt = 0;
		clearTimeout(this._connectTimer);
		this._releaseStale();
		const resent = this._out.filter((entry) => entry.n > 0).length;
		this._setState('open');
		this._emit('resumed', { session: this.session, replay: message.replay, resent,
			gap: this._detachedAt ? Date.now() - this._detachedAt : 0 });
		this._startPings();
		this._flush();
	}

	_adopt(message) {
		this._token = message.token;
		this.protocol = typeof message.protocol === 'string' ? message.protocol : null;
		for (const key of Object.keys(PROTOCOL_DEFAULTS)) {
			if (Number.isFinite(message[key]) && message[key] > 0) {
				this._settings[key] = message[key];
			}
		}
	}

	/** The server refused to resume: the old session and what it held are gone. */
	_refused(reason) {
		this._lose('lost', 'The session could not be resumed (' + reason + ')');
		this.session = null;
		this._token = null;
		this._received = 0;
		this._sent = 0;
		this._acked = 0;
		this._emit('refused', { reason });
	}

	_acknowledge(n) {
		if (n <= this._acked) {
			return;
		}
		this._acked = n;
		while (this._out.length > 0 && this._out[0].n > 0 && this._out[0].n <= n) {
			const entry = this._out.shift();
			this._outBytes -= entry.size;
			entry.resolve(entry.n);
		}
	}

	/** Send, in order, every retained message the server has not processed. */
	_flush() {
		for (const entry of this._out.slice()) {
			if (!this._established || this._ws === null) {
				return;
			}
			this._transmit(entry);
		}
	}

	_transmit(entry) {
		const ws = this._ws;
		if (!this.resumable) {
			ws.send(entry.data);
			this._out.splice(this._out.indexOf(entry), 1);
			this._outBytes -= entry.size;
			entry.resolve(undefined);
			return;
		}
		if (entry.n === 0) {
			entry.n = ++this._sent;
			entry.session = this.session;
		}
		ws.send(typeof entry.data === 'string' ? 'm' + entry.data : entry.data);
	}

	/**
	 * Reject the messages of a session that ended: those sent or queued while it lived.
	 * Messages queued before any session opened are kept for the next one.
	 */
	_lose(code, text) {
		const kept = [];
		for (const entry of this._out) {
			if (entry.n > 0 || entry.session !== null) {
				this._outBytes -= entry.size;
				entry.reject(new LifelineError(code, text));
			}
			else {
				kept.push(entry);
			}
		}
		this._out = kept;
	}

	_control(message) {
		this._ws.send('c' + JSON.stringify(message));
	}

	// ------------------------------------------------------------ dead connections

	_startPings() {
		clearTimeout(this._pingTimer);
		this._pingSentAt = 0;
		this._schedulePing(this._settings.pingInterval);
	}

	_schedulePing(delay) {
		const ws = this._ws;
		this._pingTimer = setTimeout(() => this._checkAlive(ws), Math.max(0, delay));
	}

	_checkAlive(ws) {
		if (this._ws !== ws || !this._established) {
			return;
		}
		const now = Date.now();
		const { pingInterval, pingTimeout } = this._settings;
		if (this._pingSentAt > 0 && this._lastReceived < this._pingSentAt) {
			if (now - this._pingSentAt >= pingTimeout) {
				this._drop(ws, 'nothing received for ' + (now - this._lastReceived) + ' ms');
				return;
			}
			this._schedulePing(this._pingSentAt + pingTimeout - now);
			return;
		}
		const idle = now - this._lastReceived;
		if (idle >= pingInterval) {
			this._pingSentAt = now;
			this._control({ type: 'ping' });
			this._schedulePing(pingTimeout);
			return;
		}
		this._pingSentAt = 0;
		this._schedulePing(pingInterval - idle);
	}

	/**
	 * Give up on a connection that looks dead without a closing handshake: a close frame
	 * would end the session. The socket is closed once a new connection holds the session.
	 */
	_drop(ws, why) {
		ws.onopen = null;
		ws.onmessage = null;
		ws.onclose = null;
		this._stale.push(ws);
		this._onClose(ws, 1006, why, true);
	}

	_releaseStale() {
		for (const ws of this._stale.splice(0)) {
			try {
				ws.close(1000, 'Replaced');
			}
			catch (ex) {
				// Already closed.
			}
		}
	}

	_protocolError(why) {
		const ws = this._ws;
		if (!ws) {
			return;
		}
		ws.onopen = null;
		ws.onmessage = null;
		ws.onclose = null;
		// Browsers may send only 1000 and 3000-4999; 4002 stands for 1002 there.
		try {
			ws.close(1002, 'Protocol error');
		}
		catch (ex) {
			ws.close(4002, 'Protocol error');
		}
		this._ws = null;
		this._clearTimers();
		this._finish(1002, 'Protocol error: ' + why);
	}

	// ------------------------------------------------------------ closes and reconnects

	_onClose(ws, code, reason, dropped) {
		if (this._ws !== ws) {
			return;
		}
		this._ws = null;
		this._established = false;
		this._clearTimers();
		if (this._closing) {
			this._finish(this._closing.code, this._closing.reason);
			return;
		}
		const closeFrame = !dropped && code !== 1006 && code !== 1015;
		// 4500: the server found the connection dead or stuck and detached the session; any
		// other close frame from the server ended it.
		const ended = closeFrame && code !== HEARTBEAT_TIMEOUT;
		const refusal = /^Resume refused \((\w+)\)/.exec(reason);
		if (ended && refusal && this.session && this._socketOpened) {
			// The resume was refused and a cap refused the fresh session too (1013 or 1008):
			// the session is lost; come back later with a hello.
			this._refused(refusal[1]);
		}
		else if (this._mustStop(code, reason, closeFrame)) {
			this._finish(code, reason);
			return;
		}
		if (ended && this.session) {
			// The server ended the session: it cannot be resumed.
			this._lose('lost', 'The session ended (' + code + ') before the server acknowledged the message');
			this.session = null;
			this._token = null;
		}
		const resuming = Boolean(this.session && this.resumable && this.options.resume);
		if (this.state === 'open') {
			this._detachedAt = Date.now();
		}
		if (!this._socketOpened && !resuming && this.options.resume && this._offerResume) {
			// Browsers fail a handshake whose response selects none of the offered
			// sub-protocols, as a server without resume answers: try again at once without
			// the offer, as part of the same attempt.
			this._offerResume = false;
			this._timer = setTimeout(() => this._reopen(), 0);
			return;
		}
		if (!this._socketOpened && !this._offerResume) {
			// Without the offer it failed too: the server may be down; offer it again.
			this._offerResume = Boolean(this.options.resume);
		}
		const delay = backoffDelay(this._attempt, this.options.minDelay, this.options.maxDelay);
		const attempt = ++this._attempt;
		if (this._everOpened) {
			this._setState('reconnecting');
		}
		this._emit('reconnecting', { code, reason, attempt, delay, resuming });
		this._timer = setTimeout(() => this._reopen(), delay);
	}

	_reopen() {
		this._timer = null;
		if (this.state !== 'closed' && !this._closing) {
			this._open();
		}
	}

	_mustStop(code, reason, closeFrame) {
		const decide = this.options.reconnect;
		if (typeof decide === 'function') {
			return !decide({ code, reason, closeFrame });
		}
		if (decide === false) {
			return true;
		}
		return closeFrame && isFinalCloseCode(code);
	}

	_finish(code, reason) {
		if (this.state === 'closed') {
			return;
		}
		this._clearTimers();
		this._established = false;
		this._ws = null;
		this._releaseStale();
		const kept = this._out;
		this._out = [];
		this._outBytes = 0;
		for (const entry of kept) {
			entry.reject(new LifelineError('closed', 'The client closed (' + code + ') before the server acknowledged the message'));
		}
		this._setState('closed');
		this._emit('close', { code, reason });
	}

	_clearTimers() {
		clearTimeout(this._timer);
		clearTimeout(this._connectTimer);
		clearTimeout(this._ackTimer);
		clearTimeout(this._pingTimer);
		this._timer = null;
		this._connectTimer = null;
		this._ackTimer = null;
		this._pingTimer = null;
	}

	_setState(state) {
		const previous = this.state;
		if (previous === state) {
			return;
		}
		this.state = state;
		this._emit('state', { state, previous });
	}

	_emit(type, fields) {
		const event = new Event(type);
		Object.assign(event, fields);
		this.dispatchEvent(event);
	}

}

/**
 * Create a client and open its first connection.
 * @param {string} url the endpoint
 * @param {object} [options] see {@link Lifeline}
 * @returns {Lifeline} the client
 */
export function connect(url, options) {
	return new Lifeline(url, options).connect();
}
