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

package dev.lifeline.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

import dev.lifeline.server.CloseCause;
import dev.lifeline.server.ManagedEndpoint;
import dev.lifeline.server.LifelineSession;
import dev.lifeline.server.RejectionReason;
import dev.lifeline.server.SessionClosure;
import dev.lifeline.server.SessionLifecycleListener;
import dev.lifeline.server.SessionStatistics;
import dev.lifeline.server.WebSocketSessions;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * {@link MeterBinder} for Lifeline's managed WebSocket endpoints.
 * <p>
 * Every meter carries an {@code endpoint} tag, the name of the managed endpoint. Counters
 * are functions over each endpoint's own lock-free counters, so counting costs nothing on
 * the message path. Every cause and rejection reason is registered up front, so that a
 * dashboard sees a zero rather than a missing series. Round-trip times and session
 * durations (by close cause) are recorded as this binder, a
 * {@link SessionLifecycleListener}, is told about pongs and closes. Both are plain
 * {@link Timer}s, so Boot's {@code management.metrics.distribution.*} properties give
 * them histograms, percentiles and SLO buckets like any other timer.
 *
 * @author Lifeline contributors
 */
public class WebSocketMeterBinder implements MeterBinder, SessionLifecycleListener {

	private final WebSocketSessions sessions;

	/**
	 * Name of the tag that carries the managed endpoint's name.
	 */
	public static final String ENDPOINT_TAG = "endpoint";

	private final Map<String, List<Timer>> rttTimers = new ConcurrentHashMap<>();

	private final Map<String, List<Map<CloseCause, Timer>>> durationTimers = new ConcurrentHashMap<>();

	/**
	 * Create a new binder.
	 * @param sessions the session registry
	 */
	public WebSocketMeterBinder(WebSocketSessions sessions) {
		this.sessions = sessions;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (ManagedEndpoint endpoint : this.sessions.getEndpoints()) {
			bindTo(registry, endpoint, Tags.of(ENDPOINT_TAG, endpoint.getName()));
		}
		// A user's sessions and a group's members may span endpoints: counted once.
		Gauge.builder("websocket.users", this.sessions, WebSocketSessions::userCount)
			.description("Distinct users (principal names) with open WebSocket sessions, across endpoints")
			.register(registry);
		Gauge.builder("websocket.groups", this.sessions, WebSocketSessions::groupCount)
			.description("WebSocket groups with at least one open member session, across endpoints")
			.register(registry);
	}

	private void bindTo(MeterRegistry registry, ManagedEndpoint endpoint, Tags tags) {
		SessionStatistics statistics = endpoint.getStatistics();
		Gauge.builder("websocket.sessions.active", endpoint, ManagedEndpoint::count)
			.description("Open WebSocket sessions")
			.tags(tags)
			.register(registry);
		Gauge.builder("websocket.sessions.limit", endpoint, (limited) -> limited.getSettings().maxSessions())
			.description("Open WebSocket sessions allowed before handshakes are refused (max-sessions)")
			.tags(tags)
			.register(registry);
		FunctionCounter.builder("websocket.sessions.opened", statistics, SessionStatistics::getOpenedTotal)
			.description("WebSocket sessions opened")
			.tags(tags)
			.register(registry);
		for (CloseCause cause : CloseCause.values()) {
			FunctionCounter.builder("websocket.sessions.closed", statistics, (counted) -> counted.getClosed(cause))
				.description("WebSocket sessions closed, by cause")
				.tags(tags)
				.tag("cause", cause.name())
				.register(registry);
		}
		for (RejectionReason reason : RejectionReason.values()) {
			FunctionCounter
				.builder("websocket.handshakes.rejected", statistics, (counted) -> counted.getRejected(reason))
				.description("WebSocket handshakes rejected before the upgrade, by reason")
				.tags(tags)
				.tag("reason", reason.name())
				.register(registry);
		}
		bindMessageCounters(registry, statistics, tags, "websocket.messages.received",
				"WebSocket data messages received", SessionStatistics::getMessagesReceived);
		bindMessageCounters(registry, statistics, tags, "websocket.messages.sent", "WebSocket data messages sent",
				SessionStatistics::getMessagesSent);
		FunctionCounter.builder("websocket.messages.dropped", statistics, SessionStatistics::getMessagesDropped)
			.description("WebSocket messages dropped because a session's send buffer was full")
			.tags(tags)
			.register(registry);
		Gauge.builder("websocket.send.queued.bytes", statistics, SessionStatistics::getQueuedBytes)
			.description("Bytes queued for WebSocket peers and not yet written, across sessions")
			.baseUnit("bytes")
			.tags(tags)
			.register(registry);
		FunctionCounter.builder("websocket.heartbeat.pings", statistics, SessionStatistics::getPingsSent)
			.description("Heartbeat pings sent to WebSocket sessions")
			.tags(tags)
			.register(registry);
		this.rttTimers.computeIfAbsent(endpoint.getName(), (name) -> new CopyOnWriteArrayList<>())
			.add(Timer.builder("websocket.heartbeat.rtt")
				.description("Round-trip time of heartbeat pings")
				.tags(tags)
				.register(registry));
		Map<CloseCause, Timer> durations = new EnumMap<>(CloseCause.class);
		for (CloseCause cause : CloseCause.values()) {
			durations.put(cause,
					Timer.builder("websocket.session.duration")
						.description("How long WebSocket sessions stayed open, by close cause")
						.tags(tags)
						.tag("cause", cause.name())
						.register(registry));
		}
		this.durationTimers.computeIfAbsent(endpoint.getName(), (name) -> new CopyOnWriteArrayList<>()).add(durations);
	}

	private void bindMessageCounters(MeterRegistry registry, SessionStatistics statistics, Tags tags, String name,
			String description, BiFunction<SessionStatistics, Boolean, Long> count) {
		for (boolean text : new boolean[] { true, false }) {
			FunctionCounter.builder(name, statistics, (counted) -> count.apply(counted, text))
				.description(description)
				.tags(tags)
				.tag("type", text ? "text" : "binary")
				.register(registry);
		}
	}

	@Override
	public void pongReceived(LifelineSession session, Duration rtt) {
		for (Timer timer : this.rttTimers.getOrDefault(session.getEndpoint(), List.of())) {
			timer.record(rtt);
		}
	}

	@Override
	public void sessionClosed(LifelineSession session, SessionClosure closed) {
		for (Map<CloseCause, Timer> timers : this.durationTimers.getOrDefault(session.getEndpoint(), List.of())) {
			timers.get(closed.cause()).record(closed.duration());
		}
	}

}
