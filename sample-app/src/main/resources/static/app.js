// Lifeline sample chat: a WebSocket chat with display names, rooms and direct messages on
// lifeline.js, the client the starter serves, which resumes the tab's session when its
// connection drops, and a health panel that polls the actuator. Plain browser JavaScript, no
// build step.
import { Lifeline } from '/lifeline/lifeline.js';

{
	const POLL_INTERVAL_MS = 2000;
	const MAX_MESSAGES = 200;
	const NAME_KEY = 'lifeline.sample.user';
	// The server's rule (ChatCommand.checkName): one word of 1 to 32 printable characters.
	const NAME_PATTERN = /^[^\s\p{C}]{1,32}$/u;
	const CHART_WINDOW_MS = 5 * 60 * 1000;
	const RTT_HISTOGRAM = 'websocket_heartbeat_rtt_seconds';

	const $ = (id) => document.getElementById(id);
	const el = {
		state: $('connection-state'),
		detail: $('connection-detail'),
		myTag: $('my-tag'),
		nameForm: $('name-form'),
		nameInput: $('name-input'),
		nameError: $('name-error'),
		rooms: $('rooms'),
		roomForm: $('room-form'),
		roomInput: $('room-input'),
		toggle: $('toggle-connection'),
		messages: $('messages'),
		form: $('chat-form'),
		input: $('message-input'),
		send: $('send-button'),
		healthStatus: $('health-status'),
		healthUpdated: $('health-updated'),
		healthError: $('health-error'),
		active: $('stat-active'),
		max: $('stat-max'),
		opened: $('stat-opened'),
		closed: $('stat-closed'),
		rejected: $('stat-rejected'),
		heartbeat: $('stat-heartbeat'),
		sessions: $('sessions-body'),
		byCause: $('closes-by-cause'),
		recentCloses: $('recent-closes'),
		chartActive: $('chart-active'),
		chartRtt: $('chart-rtt'),
		chartCloses: $('chart-closes'),
		linkState: $('link-state'),
		linkResumes: $('stat-resumes'),
		linkRefused: $('stat-refused'),
		linkLast: $('link-last'),
		serverDetached: $('stat-detached'),
		serverResumes: $('stat-resumed-total'),
	};
	const charts = window.LifelineCharts;
	const activeHistory = [];

	// ---------------------------------------------------------------- connection

	const wsPath = '/ws';
	// The tab's client: lifeline.js reconnects with backoff and resumes the session, so a
	// dropped connection loses nothing and the tab keeps its session, rooms and name.
	let lifeline = null;
	let myId = null;
	let myUser = null;
	// The display name this page connects with: ?user= in the page's address, else the one
	// saved in this browser, else none (a session without a user).
	let userName = initialName();
	// The rooms this tab joined; joined again only when a new session replaces the tab's
	// session (a refused resume, a session the server ended, another name), since
	// membership ends with the session. A resumed session keeps them.
	const wantedRooms = new Set();
	const link = { resumes: 0, refused: 0 };

	function initialName() {
		const fromAddress = new URLSearchParams(location.search).get('user');
		const name = fromAddress != null ? fromAddress : localStorage.getItem(NAME_KEY);
		return name && NAME_PATTERN.test(name) ? name : null;
	}

	function wsUrl() {
		return userName ? wsPath + '?user=' + encodeURIComponent(userName) : wsPath;
	}

	function setState(state, detail) {
		el.state.dataset.state = state;
		el.state.textContent = state;
		el.detail.textContent = detail || '';
		// While reconnecting, lifeline.js queues what the tab sends and delivers it after the resume.
		const usable = state === 'open' || state === 'reconnecting';
		el.input.disabled = !usable;
		el.send.disabled = !usable;
		el.toggle.textContent = state === 'closed' ? 'Connect' : 'Disconnect';
		el.linkState.dataset.state = state;
		el.linkState.textContent = state;
	}

	function connect() {
		const client = new Lifeline(wsUrl());
		// A client that replaces an earlier one (another name, Disconnect then Connect) has
		// a new session: the rooms are joined again.
		let replaced = lifeline !== null;
		lifeline = client;
		const mine = (listener) => (event) => {
			if (lifeline === client) {
				listener(event);
			}
		};
		client.addEventListener('state', mine((event) => {
			if (event.state === 'connecting' || event.state === 'open') {
				setState(event.state, '');
			}
		}));
		client.addEventListener('open', mine((event) => {
			if (event.resync || replaced) {
				replaced = false;
				renderRooms([]);
				wantedRooms.forEach((room) => send('/join ' + room));
			}
			el.linkState.dataset.resumable = String(event.resumable);
		}));
		client.addEventListener('message', mine((event) => onMessage(event.data)));
		client.addEventListener('reconnecting', mine((event) => {
			const why = event.code === 1006 ? 'connection lost' : 'closed ' + event.code + (event.reason ? ' (' + event.reason + ')' : '');
			setState('reconnecting', why + (event.resuming ? ', resuming' : '') + ' in ' + (event.delay / 1000).toFixed(1) + ' s');
			el.state.dataset.closeCode = String(event.code);
		}));
		client.addEventListener('resumed', mine((event) => {
			link.resumes++;
			el.detail.textContent = 'resumed';
			renderLink('resumed after a gap of ' + (event.gap < 60000 ? (event.gap / 1000).toFixed(1) + ' s' : formatAge(event.gap)) + ': ' + event.replay + ' replayed, ' + event.resent + ' resent',
				{ gap: event.gap, replay: event.replay, resent: event.resent });
		}));
		client.addEventListener('refused', mine((event) => {
			link.refused++;
			el.linkRefused.dataset.reason = event.reason;
			renderLink('resume refused (' + event.reason + '): new session, rooms joined again', null);
			appendNotice('error', 'The connection could not be resumed (' + event.reason + '); messages may have been missed.');
		}));
		client.addEventListener('close', mine((event) => {
			myId = null;
			myUser = null;
			setTag('');
			renderRooms([]);
			setState('closed', 'closed ' + event.code + (event.reason ? ' (' + event.reason + ')' : ''));
		}));
		client.connect();
	}

	function renderLink(text, resume) {
		setStat(el.linkResumes, link.resumes);
		setStat(el.linkRefused, link.refused);
		el.linkLast.textContent = text;
		if (resume) {
			el.linkLast.dataset.gap = String(resume.gap);
			el.linkLast.dataset.replay = String(resume.replay);
			el.linkLast.dataset.resent = String(resume.resent);
		}
	}

	// Open a new session at once, for instance with another name; the old one closes normally.
	function reconnectNow() {
		if (lifeline) {
			lifeline.close(1000, 'Reconnecting');
		}
		connect();
	}

	el.toggle.addEventListener('click', () => {
		if (lifeline && lifeline.state !== 'closed') {
			lifeline.close(1000, 'User disconnected');
		}
		else {
			connect();
		}
	});

	// ---------------------------------------------------------------- chat

	function setTag(tag) {
		el.myTag.dataset.tag = tag;
		el.myTag.dataset.sessionId = myId || '';
		el.myTag.dataset.user = myUser || '';
		el.myTag.textContent = !tag ? '' : myUser ? 'you are ' + myUser + ' (#' + tag + ')' : 'you are #' + tag;
	}

	// What the server puts in "from" for this tab's messages: its user, else its session tag.
	function myFrom() {
		return myUser || el.myTag.dataset.tag;
	}

	// A session tag is six hex digits, shown with '#'; a user name is shown as it is.
	function senderLabel(from) {
		return from ? (/^[0-9a-f]{6}$/.test(from) ? '#' + from : from) : '?';
	}

	// Sends while the tab is open or resuming; lifeline.js delivers it exactly once.
	function send(text) {
		if (!lifeline || lifeline.state === 'closed') {
			return false;
		}
		lifeline.send(text).catch((ex) => appendNotice('error', 'Not confirmed: ' + text + ' (' + ex.message + ')'));
		return true;
	}

	function onMessage(data) {
		let message;
		try {
			message = JSON.parse(data);
		}
		catch (ex) {
			message = { type: 'chat', text: String(data), from: '?', at: new Date().toISOString() };
		}
		if (message.type === 'welcome') {
			myId = message.id;
			myUser = message.user || null;
			setTag(message.you);
			return;
		}
		if (message.type === 'joined' || message.type === 'left') {
			if (message.type === 'joined') {
				wantedRooms.add(message.room);
			}
			else {
				wantedRooms.delete(message.room);
			}
			renderRooms(message.rooms || []);
			appendNotice(message.type, (message.type === 'joined' ? 'You joined ' : 'You left ') + message.room + '.');
			return;
		}
		if (message.type === 'error') {
			appendNotice('error', message.text);
			return;
		}
		appendMessage(message);
	}

	function renderRooms(rooms) {
		el.rooms.dataset.rooms = rooms.join(' ');
		el.rooms.replaceChildren(...rooms.map((room) => {
			const item = document.createElement('li');
			item.className = 'chip room';
			item.dataset.room = room;
			const name = document.createElement('button');
			name.type = 'button';
			name.className = 'room-name';
			name.title = 'Write to ' + room;
			name.textContent = room;
			name.addEventListener('click', () => prefill('/room ' + room + ' '));
			const leave = document.createElement('button');
			leave.type = 'button';
			leave.className = 'room-leave';
			leave.title = 'Leave ' + room;
			leave.setAttribute('aria-label', 'Leave ' + room);
			leave.textContent = '\u00d7';
			leave.addEventListener('click', () => send('/leave ' + room));
			item.append(name, leave);
			return item;
		}));
		if (rooms.length === 0) {
			el.rooms.append(emptyItem('none yet'));
		}
	}

	function prefill(text) {
		el.input.value = text;
		el.input.focus();
	}

	function appendNotice(type, text) {
		const item = document.createElement('li');
		item.className = 'notice' + (type === 'error' ? ' error-notice' : '');
		item.dataset.type = type;
		item.textContent = text;
		appendItem(item);
	}

	function appendMessage(message) {
		const type = message.type === 'room' || message.type === 'dm' ? message.type : 'chat';
		const item = document.createElement('li');
		item.className = 'message kind-' + type + (message.from === myFrom() ? ' mine' : '');
		item.dataset.type = type;
		item.dataset.from = message.from || '';
		const meta = document.createElement('div');
		meta.className = 'meta';
		if (type === 'room') {
			item.dataset.room = message.room;
			const room = document.createElement('button');
			room.type = 'button';
			room.className = 'badge room-badge';
			room.title = 'Write to ' + message.room;
			room.textContent = message.room;
			room.addEventListener('click', () => prefill('/room ' + message.room + ' '));
			meta.append(room);
		}
		else if (type === 'dm') {
			item.dataset.to = message.to;
			const badge = document.createElement('span');
			badge.className = 'badge dm-badge';
			badge.textContent = 'direct';
			meta.append(badge);
		}
		const from = document.createElement('span');
		from.className = 'from tag';
		from.textContent = senderLabel(message.from);
		if (!/^[0-9a-f]{6}$/.test(message.from || '') && message.from !== myFrom()) {
			from.classList.add('user');
			from.title = 'Send ' + message.from + ' a direct message';
			from.addEventListener('click', () => prefill('/dm ' + message.from + ' '));
		}
		meta.append(from);
		if (type === 'dm') {
			const to = document.createElement('span');
			to.className = 'to';
			to.textContent = '\u2192 ' + message.to;
			meta.append(to);
		}
		const at = document.createElement('time');
		at.dateTime = message.at || '';
		at.textContent = message.at ? new Date(message.at).toLocaleTimeString() : '';
		meta.append(at);
		const text = document.createElement('div');
		text.className = 'text';
		text.textContent = message.text;
		item.append(meta, text);
		appendItem(item);
	}

	function appendItem(item) {
		el.messages.append(item);
		while (el.messages.children.length > MAX_MESSAGES) {
			el.messages.firstElementChild.remove();
		}
		el.messages.scrollTop = el.messages.scrollHeight;
	}

	el.form.addEventListener('submit', (event) => {
		event.preventDefault();
		const text = el.input.value.trim();
		if (!text || !send(text)) {
			return;
		}
		el.input.value = '';
		el.input.focus();
	});

	el.roomForm.addEventListener('submit', (event) => {
		event.preventDefault();
		const room = el.roomInput.value.trim();
		if (room && send('/join ' + room)) {
			el.roomInput.value = '';
		}
	});

	el.nameForm.addEventListener('submit', (event) => {
		event.preventDefault();
		const name = el.nameInput.value.trim();
		if (name && !NAME_PATTERN.test(name)) {
			el.nameError.hidden = false;
			el.nameError.textContent = 'A name is one word of up to 32 printable characters.';
			return;
		}
		el.nameError.hidden = true;
		el.nameError.textContent = '';
		userName = name || null;
		if (userName) {
			localStorage.setItem(NAME_KEY, userName);
		}
		else {
			localStorage.removeItem(NAME_KEY);
		}
		reconnectNow();
	});

	// ---------------------------------------------------------------- health panel

	async function getJson(url) {
		const controller = new AbortController();
		const timer = setTimeout(() => controller.abort(), POLL_INTERVAL_MS * 2);
		try {
			const response = await fetch(url, { headers: { Accept: 'application/json' }, signal: controller.signal, cache: 'no-store' });
			// /actuator/health answers 503 with a body when DOWN or OUT_OF_SERVICE.
			if (!response.ok && response.status !== 503) {
				throw new Error(url + ' answered ' + response.status);
			}
			return await response.json();
		}
		finally {
			clearTimeout(timer);
		}
	}

	async function getText(url) {
		const response = await fetch(url, { signal: AbortSignal.timeout(POLL_INTERVAL_MS * 2), cache: 'no-store' });
		if (!response.ok) {
			throw new Error(url + ' answered ' + response.status);
		}
		return response.text();
	}

	async function poll() {
		const [websocket, health, scrape] = await Promise.allSettled([getJson('/actuator/websocket'), getJson('/actuator/health'),
			getText('/actuator/prometheus')]);
		const errors = [];
		if (websocket.status === 'fulfilled') {
			renderWebSocket(websocket.value);
			renderCharts(websocket.value, scrape.status === 'fulfilled' ? scrape.value : '');
		}
		else {
			errors.push(String(websocket.reason && websocket.reason.message || websocket.reason));
		}
		if (health.status === 'fulfilled') {
			renderHealth(health.value);
		}
		else {
			errors.push(String(health.reason && health.reason.message || health.reason));
			setHealth('UNKNOWN', '');
		}
		el.healthError.hidden = errors.length === 0;
		el.healthError.textContent = errors.join('; ');
		const now = new Date();
		el.healthUpdated.dataset.updated = now.toISOString();
		el.healthUpdated.textContent = 'Updated ' + now.toLocaleTimeString() + '.';
	}

	function schedulePoll() {
		poll().catch((ex) => console.warn('Health poll failed', ex)).finally(() => setTimeout(schedulePoll, POLL_INTERVAL_MS));
	}

	function setStat(node, value, text) {
		node.dataset.value = value == null ? '' : String(value);
		node.textContent = text != null ? text : (value == null ? '–' : String(value));
	}

	function renderWebSocket(data) {
		setStat(el.active, data.active);
		setStat(el.max, data.maxSessions);
		setStat(el.opened, data.opened);
		setStat(el.closed, data.closed ? data.closed.total : null);
		const rejected = Object.values(data.rejected || {}).reduce((sum, n) => sum + n, 0);
		setStat(el.rejected, rejected);
		const hb = data.heartbeat || {};
		setStat(el.heartbeat, hb.enabled ? hb.interval : 'off',
			hb.enabled ? formatDuration(hb.interval) + ' / ' + formatDuration(hb.timeout) : 'off');
		el.heartbeat.title = hb.enabled ? 'pings sent: ' + hb.pingsSent + ', timeouts: ' + hb.timeouts
			+ (hb.lastSweepAt ? ', last sweep ' + new Date(hb.lastSweepAt).toLocaleTimeString() : '') : '';
		const resume = data.resume || null;
		setStat(el.serverDetached, resume ? resume.detached : null);
		setStat(el.serverResumes, resume ? resume.resumedTotal : null);
		renderSessions(data.sessions || []);
		renderByCause((data.closed && data.closed.byCause) || {});
		renderRecentCloses(data.recentCloses || []);
	}

	// Active sessions as polled since the page opened, the RTT histogram the server publishes
	// (or the open sessions' latest RTTs when it publishes none), and the closes by cause.
	function renderCharts(data, scrape) {
		const now = Date.now();
		activeHistory.push({ at: now, value: data.active });
		while (activeHistory.length && activeHistory[0].at < now - CHART_WINDOW_MS) {
			activeHistory.shift();
		}
		charts.activeSessions(el.chartActive, activeHistory, CHART_WINDOW_MS, now);
		const bins = charts.rttBins(scrape, RTT_HISTOGRAM)
			|| charts.rttBinsOf((data.sessions || []).filter((s) => s.rttMillis != null).map((s) => s.rttMillis));
		charts.rttHistogram(el.chartRtt, bins);
		charts.closesByCause(el.chartCloses, (data.closed && data.closed.byCause) || {});
	}

	function renderSessions(sessions) {
		const now = Date.now();
		const rows = sessions.map((s) => {
			const row = document.createElement('tr');
			row.dataset.sessionId = s.id;
			const detached = Boolean(s.resume && s.resume.detached);
			row.dataset.state = s.resume ? (detached ? 'detached' : 'attached') : '';
			row.className = (s.id === myId ? 'you' : '') + (detached ? ' detached' : '');
			const rtt = s.rttMillis == null ? '' : String(s.rttMillis);
			row.append(
				cell('id', shortId(s.id) + (s.id === myId ? ' (you)' : '') + (detached ? ' (detached)' : ''), s.id),
				cell('user', s.principal || '–'),
				cell('remote', s.remoteAddress || '–'),
				cell('age num', formatAge(now - Date.parse(s.openedAt)), s.openedAt),
				cell('rtt num', rtt === '' ? '–' : formatRtt(s.rttMillis), rtt),
				cell('messages-in num', String(s.messagesIn), String(s.messagesIn)),
				cell('messages-out num', String(s.messagesOut), String(s.messagesOut)));
			return row;
		});
		if (rows.length === 0) {
			const row = document.createElement('tr');
			row.className = 'empty';
			const td = cell('', 'No open sessions');
			td.colSpan = 7;
			row.append(td);
			rows.push(row);
		}
		el.sessions.replaceChildren(...rows);
	}

	function renderByCause(byCause) {
		const entries = Object.entries(byCause).filter(([, count]) => count > 0).sort((a, b) => b[1] - a[1]);
		el.byCause.replaceChildren(...entries.map(([cause, count]) => {
			const item = document.createElement('li');
			item.className = 'chip cause-' + cause.toLowerCase().replace(/_/g, '-');
			item.dataset.cause = cause;
			item.dataset.count = String(count);
			item.textContent = cause + ' ';
			const n = document.createElement('b');
			n.textContent = count;
			item.append(n);
			return item;
		}));
		if (entries.length === 0) {
			el.byCause.append(emptyItem('No closes yet'));
		}
	}

	function renderRecentCloses(closes) {
		el.recentCloses.replaceChildren(...closes.slice(0, 10).map((c) => {
			const item = document.createElement('li');
			item.dataset.sessionId = c.sessionId;
			item.dataset.cause = c.cause;
			item.dataset.code = String(c.code);
			const head = document.createElement('div');
			head.className = 'close-head';
			const cause = document.createElement('span');
			cause.className = 'chip cause-' + String(c.cause).toLowerCase().replace(/_/g, '-');
			cause.textContent = c.cause + ' ' + c.code;
			const when = document.createElement('time');
			when.dateTime = c.at;
			when.textContent = new Date(c.at).toLocaleTimeString();
			head.append(cause, ' ', shortId(c.sessionId), ' after ', formatAge(c.durationMillis), ' ', when);
			const reason = document.createElement('div');
			reason.className = 'reason';
			reason.textContent = c.reason || '(no reason given)';
			item.append(head, reason);
			return item;
		}));
		if (closes.length === 0) {
			el.recentCloses.append(emptyItem('None'));
		}
	}

	function renderHealth(health) {
		const ws = health.components && health.components.websocket;
		let title = 'application: ' + health.status;
		if (ws) {
			title += '\nwebsocket: ' + ws.status;
			if (ws.details) {
				title += '\n' + Object.entries(ws.details).map(([k, v]) => k + ': ' + JSON.stringify(v)).join('\n');
			}
		}
		setHealth(health.status, title);
		el.healthStatus.dataset.websocketStatus = ws ? ws.status : '';
	}

	function setHealth(status, title) {
		el.healthStatus.dataset.status = status;
		el.healthStatus.textContent = status;
		el.healthStatus.title = title;
	}

	// ---------------------------------------------------------------- formatting

	function cell(className, text, value) {
		const td = document.createElement('td');
		td.className = className;
		td.textContent = text;
		if (value !== undefined) {
			td.dataset.value = value;
		}
		return td;
	}

	function emptyItem(text) {
		const item = document.createElement('li');
		item.className = 'empty muted';
		item.textContent = text;
		return item;
	}

	function shortId(id) {
		return id ? '#' + String(id).replace(/-/g, '').slice(0, 6) : '';
	}

	function formatAge(ms) {
		if (!(ms >= 0)) {
			return '–';
		}
		const s = Math.floor(ms / 1000);
		if (s < 60) {
			return s + ' s';
		}
		if (s < 3600) {
			return Math.floor(s / 60) + ' m ' + (s % 60) + ' s';
		}
		return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' m';
	}

	function formatRtt(ms) {
		return (ms < 10 ? Number(ms).toFixed(1) : Math.round(ms)) + ' ms';
	}

	// Durations arrive as ISO-8601 ("PT10S") or as milliseconds, depending on the serializer.
	function formatDuration(value) {
		if (typeof value === 'number') {
			return value >= 1000 ? (value / 1000) + ' s' : value + ' ms';
		}
		const match = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(String(value));
		if (!match) {
			return String(value);
		}
		const ms = ((+match[1] || 0) * 3600 + (+match[2] || 0) * 60 + (+match[3] || 0)) * 1000;
		return formatDuration(ms);
	}

	el.nameInput.value = userName || '';
	setTag('');
	renderRooms([]);
	renderLink('', null);
	connect();
	schedulePoll();
}
