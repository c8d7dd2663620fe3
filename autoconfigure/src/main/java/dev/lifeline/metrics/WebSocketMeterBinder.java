package dev.lifeline.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

import dev.lifeline.server.CloseCause;
import dev.lifeline.server.HeartbeatService;
import dev.lifeline.server.LifelineSession;
import dev.lifeline.server.RejectionReason;
import dev.lifeline.server.SessionClosure;
import dev.lifeline.server.SessionLifecycleListener;
import dev.lifeline.server.SessionStatistics;
import dev.lifeline.server.WebSocketSessions;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * {@link MeterBinder} for Lifeline's managed WebSocket endpoint.
 * <p>
 * Counters are functions over the registry's and the heartbeat's own lock-free counters,
 * so counting costs nothing on the message path. Every cause and rejection reason is
 * registered up front, so that a dashboard sees a zero rather than a missing series.
 * Round-trip times and session durations (by close cause) are recorded as this binder, a
 * {@link SessionLifecycleListener}, is told about pongs and closes. Both are plain
 * {@link Timer}s, so Boot's {@code management.metrics.distribution.*} properties give
 * them histograms, percentiles and SLO buckets like any other timer.
 *
 * @author Lifeline contributors
 */
public class WebSocketMeterBinder implements MeterBinder, SessionLifecycleListener {

	private final WebSocketSessions sessions;

	private final @Nullable HeartbeatService heartbeat;

	private final List<Timer> rttTimers = new CopyOnWriteArrayList<>();

	private final List<Map<CloseCause, Timer>> durationTimers = new CopyOnWriteArrayList<>();

	/**
	 * Create a new binder.
	 * @param sessions the session registry
	 * @param heartbeat the heartbeat, or {@code null} if it is disabled
	 */
	public WebSocketMeterBinder(WebSocketSessions sessions, @Nullable HeartbeatService heartbeat) {
		this.sessions = sessions;
		this.heartbeat = heartbeat;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("websocket.sessions.active", this.sessions, WebSocketSessions::count)
			.description("Open WebSocket sessions")
			.register(registry);
		Gauge.builder("websocket.sessions.limit", this.sessions, (sessions) -> sessions.getSettings().maxSessions())
			.description("Open WebSocket sessions allowed before handshakes are refused (lifeline.max-sessions)")
			.register(registry);
		FunctionCounter
			.builder("websocket.sessions.opened", this.sessions.getStatistics(), SessionStatistics::getOpenedTotal)
			.description("WebSocket sessions opened")
			.register(registry);
		for (CloseCause cause : CloseCause.values()) {
			FunctionCounter
				.builder("websocket.sessions.closed", this.sessions.getStatistics(),
						(statistics) -> statistics.getClosed(cause))
				.description("WebSocket sessions closed, by cause")
				.tag("cause", cause.name())
				.register(registry);
		}
		for (RejectionReason reason : RejectionReason.values()) {
			FunctionCounter
				.builder("websocket.handshakes.rejected", this.sessions.getStatistics(),
						(statistics) -> statistics.getRejected(reason))
				.description("WebSocket handshakes rejected before the upgrade, by reason")
				.tag("reason", reason.name())
				.register(registry);
		}
		bindMessageCounters(registry, "websocket.messages.received", "WebSocket data messages received",
				SessionStatistics::getMessagesReceived);
		bindMessageCounters(registry, "websocket.messages.sent", "WebSocket data messages sent",
				SessionStatistics::getMessagesSent);
		FunctionCounter
			.builder("websocket.messages.dropped", this.sessions.getStatistics(), SessionStatistics::getMessagesDropped)
			.description("WebSocket messages dropped because a session's send buffer was full")
			.register(registry);
		Gauge
			.builder("websocket.send.queued.bytes", this.sessions,
					(sessions) -> sessions.getStatistics().getQueuedBytes())
			.description("Bytes queued for WebSocket peers and not yet written, across sessions")
			.baseUnit("bytes")
			.register(registry);
		FunctionCounter.builder("websocket.heartbeat.pings", this, WebSocketMeterBinder::getPingsSent)
			.description("Heartbeat pings sent to WebSocket sessions")
			.register(registry);
		this.rttTimers.add(Timer.builder("websocket.heartbeat.rtt")
			.description("Round-trip time of heartbeat pings")
			.register(registry));
		Map<CloseCause, Timer> durations = new EnumMap<>(CloseCause.class);
		for (CloseCause cause : CloseCause.values()) {
			durations.put(cause,
					Timer.builder("websocket.session.duration")
						.description("How long WebSocket sessions stayed open, by close cause")
						.tag("cause", cause.name())
						.register(registry));
		}
		this.durationTimers.add(durations);
	}

	private void bindMessageCounters(MeterRegistry registry, String name, String description,
			BiFunction<SessionStatistics, Boolean, Long> count) {
		for (boolean text : new boolean[] { true, false }) {
			FunctionCounter.builder(name, this.sessions.getStatistics(), (statistics) -> count.apply(statistics, text))
				.description(description)
				.tag("type", text ? "text" : "binary")
				.register(registry);
		}
	}

	private long getPingsSent() {
		HeartbeatService heartbeat = this.heartbeat;
		return (heartbeat != null) ? heartbeat.getPingsSent() : 0;
	}

	@Override
	public void pongReceived(LifelineSession session, Duration rtt) {
		for (Timer timer : this.rttTimers) {
			timer.record(rtt);
		}
	}

	@Override
	public void sessionClosed(LifelineSession session, SessionClosure closed) {
		for (Map<CloseCause, Timer> timers : this.durationTimers) {
			timers.get(closed.cause()).record(closed.duration());
		}
	}

}
