// Lifeline sample chat: small SVG charts for the health panel. Plain browser JavaScript, no
// build step, no library: each function redraws one <svg> from plain data.
(() => {
	'use strict';

	const SVG = 'http://www.w3.org/2000/svg';
	const WIDTH = 240;
	const HEIGHT = 140;
	const LEFT = 24;
	const RIGHT = 6;
	const TOP = 8;
	const BOTTOM = 20;

	// Upper bounds (ms) of the RTT bins the chart shows; the last bin takes everything above.
	const RTT_BINS_MS = [1, 2, 5, 10, 20, 50, 100, 250, 500];

	function node(tag, attributes, text) {
		const element = document.createElementNS(SVG, tag);
		Object.entries(attributes || {}).forEach(([name, value]) => element.setAttribute(name, String(value)));
		if (text != null) {
			element.textContent = text;
		}
		return element;
	}

	function niceMax(value) {
		if (!(value > 0)) {
			return 1;
		}
		const magnitude = Math.pow(10, Math.floor(Math.log10(value)));
		const step = [1, 2, 5, 10].find((n) => n * magnitude >= value);
		return step * magnitude;
	}

	function frame(svg, yMax, yFormat) {
		const bottom = HEIGHT - BOTTOM;
		svg.replaceChildren(
			node('line', { class: 'axis', x1: LEFT, y1: bottom, x2: WIDTH - RIGHT, y2: bottom }),
			node('line', { class: 'axis', x1: LEFT, y1: TOP, x2: WIDTH - RIGHT, y2: TOP, 'stroke-dasharray': '2 3' }),
			node('text', { class: 'tick', x: LEFT - 4, y: TOP + 3, 'text-anchor': 'end' }, yFormat(yMax)),
			node('text', { class: 'tick', x: LEFT - 4, y: bottom + 3, 'text-anchor': 'end' }, '0'));
	}

	function empty(svg, text) {
		svg.append(node('text', { class: 'empty', x: (LEFT + WIDTH - RIGHT) / 2, y: HEIGHT / 2, 'text-anchor': 'middle' }, text));
	}

	// points: [{ at: epoch ms, value }], oldest first; the chart spans the last minute, growing
	// with the history up to maxWindowMs.
	function activeSessions(svg, points, maxWindowMs, now) {
		const visible = points.filter((p) => p.at >= now - maxWindowMs);
		const span = visible.length ? now - visible[0].at : 0;
		const windowMs = Math.min(maxWindowMs, Math.max(60000, Math.ceil(span / 60000) * 60000));
		const yMax = niceMax(Math.max(1, ...visible.map((p) => p.value)));
		frame(svg, yMax, String);
		const bottom = HEIGHT - BOTTOM;
		const x = (at) => LEFT + (WIDTH - LEFT - RIGHT) * (1 - (now - at) / windowMs);
		const y = (value) => bottom - (bottom - TOP) * value / yMax;
		svg.append(
			node('text', { class: 'tick', x: LEFT, y: HEIGHT - 6 }, '-' + Math.round(windowMs / 60000) + ' min'),
			node('text', { class: 'tick', x: WIDTH - RIGHT, y: HEIGHT - 6, 'text-anchor': 'end' }, 'now'));
		svg.dataset.points = String(visible.length);
		svg.dataset.latest = visible.length ? String(visible[visible.length - 1].value) : '';
		if (visible.length < 2) {
			empty(svg, 'collecting…');
			return;
		}
		const coordinates = visible.map((p) => x(p.at).toFixed(1) + ',' + y(p.value).toFixed(1));
		const first = visible[0];
		const last = visible[visible.length - 1];
		svg.append(
			node('path', { class: 'area', d: 'M' + x(first.at).toFixed(1) + ',' + bottom + ' L' + coordinates.join(' L')
				+ ' L' + x(last.at).toFixed(1) + ',' + bottom + ' Z' }),
			node('polyline', { class: 'line', points: coordinates.join(' ') }),
			node('circle', { class: 'bar', cx: x(last.at).toFixed(1), cy: y(last.value).toFixed(1), r: 2.5 }),
			node('text', { class: 'label', x: Math.min(x(last.at), WIDTH - RIGHT - 2), y: Math.max(y(last.value) - 5, TOP + 9), 'text-anchor': 'end' }, String(last.value)));
	}

	// Parse the cumulative buckets of a Prometheus histogram from /actuator/prometheus into the
	// chart's bins: [{ label, count }].
	function rttBins(scrape, metric) {
		const pattern = new RegExp('^' + metric + '_bucket\\{(?:[^}]*,)?le="([^"]+)"[^}]*\\}\\s+(\\S+)', 'gm');
		const cumulative = [];
		let match;
		while ((match = pattern.exec(scrape)) !== null) {
			const le = match[1] === '+Inf' ? Infinity : parseFloat(match[1]) * 1000;
			cumulative.push({ le, count: parseFloat(match[2]) });
		}
		if (cumulative.length === 0) {
			return null;
		}
		cumulative.sort((a, b) => a.le - b.le);
		const countAtOrBelow = (ms) => cumulative.filter((b) => b.le <= ms).reduce((max, b) => Math.max(max, b.count), 0);
		const bounds = [...RTT_BINS_MS, Infinity];
		let previous = 0;
		return bounds.map((bound, i) => {
			const atOrBelow = countAtOrBelow(bound);
			const bin = {
				label: bound === Infinity ? '>' + RTT_BINS_MS[RTT_BINS_MS.length - 1] : (i === 0 ? '≤' : '') + bound,
				count: Math.max(0, atOrBelow - previous),
			};
			previous = atOrBelow;
			return bin;
		});
	}

	// Same bins from the sessions' latest RTTs, when the histogram is not published.
	function rttBinsOf(rttsMillis) {
		const bounds = [...RTT_BINS_MS, Infinity];
		return bounds.map((bound, i) => ({
			label: bound === Infinity ? '>' + RTT_BINS_MS[RTT_BINS_MS.length - 1] : (i === 0 ? '≤' : '') + bound,
			count: rttsMillis.filter((ms) => ms <= bound && (i === 0 || ms > bounds[i - 1])).length,
		}));
	}

	function rttHistogram(svg, bins) {
		const total = bins.reduce((sum, b) => sum + b.count, 0);
		const yMax = niceMax(Math.max(1, ...bins.map((b) => b.count)));
		frame(svg, yMax, String);
		svg.dataset.total = String(total);
		const bottom = HEIGHT - BOTTOM;
		const slot = (WIDTH - LEFT - RIGHT) / bins.length;
		bins.forEach((bin, i) => {
			const height = (bottom - TOP) * bin.count / yMax;
			const rect = node('rect', { class: 'bar', x: (LEFT + i * slot + 1.5).toFixed(1), y: (bottom - height).toFixed(1),
				width: (slot - 3).toFixed(1), height: height.toFixed(1), 'data-bin': bin.label, 'data-count': bin.count });
			rect.append(node('title', {}, bin.label + ' ms: ' + bin.count));
			svg.append(rect, node('text', { class: 'tick small-tick', x: (LEFT + (i + 0.5) * slot).toFixed(1), y: HEIGHT - 8, 'text-anchor': 'middle' }, bin.label));
		});
		svg.append(node('text', { class: 'tick', x: WIDTH - RIGHT, y: HEIGHT - 0.5, 'text-anchor': 'end' }, 'ms'));
		if (total === 0) {
			empty(svg, 'no pongs yet');
		}
	}

	function closesByCause(svg, byCause) {
		const entries = Object.entries(byCause).filter(([, count]) => count > 0).sort((a, b) => b[1] - a[1]).slice(0, 6);
		svg.replaceChildren();
		svg.dataset.total = String(entries.reduce((sum, [, count]) => sum + count, 0));
		if (entries.length === 0) {
			empty(svg, 'no closes yet');
			return;
		}
		const labelWidth = 92;
		const max = Math.max(...entries.map(([, count]) => count));
		const row = Math.min(20, (HEIGHT - 4) / entries.length);
		entries.forEach(([cause, count], i) => {
			const y = 2 + i * row;
			const width = Math.max(2, (WIDTH - labelWidth - 22) * count / max);
			const normal = ['NORMAL', 'GOING_AWAY', 'SHUTDOWN', 'OPERATOR', 'HEARTBEAT_TIMEOUT', 'SLOW_CONSUMER', 'ABNORMAL'].includes(cause);
			const rect = node('rect', { class: 'bar cause-' + (normal ? cause.toLowerCase().replace(/_/g, '-') : 'bad'),
				x: labelWidth, y: (y + 2).toFixed(1), width: width.toFixed(1), height: (row - 5).toFixed(1), rx: 2,
				'data-cause': cause, 'data-count': count });
			rect.append(node('title', {}, cause + ': ' + count));
			svg.append(
				node('text', { class: 'label cause-label', x: labelWidth - 4, y: (y + row / 2 + 2.5).toFixed(1), 'text-anchor': 'end' }, cause),
				rect,
				node('text', { class: 'tick', x: (labelWidth + width + 4).toFixed(1), y: (y + row / 2 + 2.5).toFixed(1) }, String(count)));
		});
	}

	window.LifelineCharts = { activeSessions, rttBins, rttBinsOf, rttHistogram, closesByCause };
})();
