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

package dev.lifeline.server.engine;

import dev.lifeline.server.CloseCause;
import dev.lifeline.server.LifelineSession;
import dev.lifeline.server.SessionClosure;
import dev.lifeline.server.SessionLifecycleListener;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Logs closes at levels that fit production and periodically sweeps the registry.
 * <p>
 * Clients that vanish (1006), time out or send too much are routine on a real server:
 * phones change networks all day. Each close is one DEBUG line with the session id,
 * remote address, code, cause, reason and age, never a stack trace; a close on an
 * operator's request is an INFO line. Only what an operator should act on is a WARN: a
 * close because the application's handler failed, or because Lifeline cut the client off
 * as a slow consumer, for its rate or for the inbound budget (the first
 * {@value #SERVER_ERROR_WARNINGS_PER_SUMMARY} per minute, one line each), and a summary
 * line at most once a minute when abnormal closes spike, with how many closed by cause.
 * The summary is a WARN when it holds such closes, or protocol errors or heartbeat
 * timeouts from many peers, and an INFO otherwise.
 * <p>
 * The sweep cuts off sessions stuck in a send beyond the send time limit every interval,
 * and at most every {@link #ORPHAN_CHECK_PERIOD} removes sessions whose close the
 * container never reported (seen closed by two such sweeps), counting them as orphans, so
 * the registry cannot grow without bound whatever the container does.
 *
 * @author Lifeline contributors
 */
public class ConnectionCleanupListener implements SessionLifecycleListener, SmartLifecycle {

	/**
	 * Prefix of the name of the sweep's thread.
	 */
	public static final String THREAD_NAME_PREFIX = "lifeline-cleanup-";

	/**
	 * How often, at most, a summary of abnormal closes is logged.
	 */
	static final Duration SUMMARY_INTERVAL = Duration.ofMinutes(1);

	/**
	 * Abnormal closes per summary interval that make a spike, unless one percent of the
	 * open sessions is more.
	 */
	static final int SPIKE_THRESHOLD = 10;

	/**
	 * Server errors logged one WARN line each per summary interval; later ones are
	 * counted in the summary.
	 */
	static final int SERVER_ERROR_WARNINGS_PER_SUMMARY = 10;

	/**
	 * The longest time between two looks for sessions closed without a callback.
	 */
	static final Duration ORPHAN_CHECK_PERIOD = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(ConnectionCleanupListener.class);

	private final SessionRegistry sessions;

	private final Duration interval;

	private final Map<CloseCause, LongAdder> abnormal = new EnumMap<>(CloseCause.class);

	private final AtomicInteger serverErrorWarnings = new AtomicInteger();

	private volatile long summaryStartedNanos = System.nanoTime();

	private final PrivateScheduler scheduler = new PrivateScheduler(THREAD_NAME_PREFIX);

	private final long sweepsPerOrphanCheck;

	private long sweeps;

	/**
	 * Create a new listener.
	 * @param sessions the registry to sweep
	 * @param interval the sweep interval
	 */
	public ConnectionCleanupListener(SessionRegistry sessions, Duration interval) {
		this.sessions = sessions;
		this.interval = interval;
		this.sweepsPerOrphanCheck = Math.max(1, ORPHAN_CHECK_PERIOD.toNanos() / Math.max(1, interval.toNanos()));
		for (CloseCause cause : CloseCause.values()) {
			if (isCounted(cause)) {
				this.abnormal.put(cause, new LongAdder());
			}
		}
	}

	private static boolean isCounted(CloseCause cause) {
		return !cause.isNormal() && cause != CloseCause.OPERATOR;
	}

	@Override
	public void sessionOpened(LifelineSession session) {
		if (logger.isDebugEnabled()) {
			logger.debug("WebSocket session " + session.getId() + " opened from " + session.getRemoteAddressText());
		}
	}

	@Override
	public void sessionClosed(LifelineSession session, SessionClosure closed) {
		CloseCause cause = closed.cause();
		if (isCounted(cause)) {
			this.abnormal.get(cause).increment();
		}
		if (isActionable(cause) && this.serverErrorWarnings.getAndIncrement() < SERVER_ERROR_WARNINGS_PER_SUMMARY) {
			if (logger.isWarnEnabled()) {
				logger.warn(describe(closed));
			}
		}
		else if (cause == CloseCause.OPERATOR) {
			if (logger.isInfoEnabled()) {
				logger.info(describe(closed));
			}
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(describe(closed));
		}
	}

	/**
	 * Whether a close is one an operator should act on, each one: the handler failed, or
	 * Lifeline cut a client off for what it did (did not read, sent too fast, would have
	 * passed the inbound budget).
	 */
	private static boolean isActionable(CloseCause cause) {
		return cause == CloseCause.SERVER_ERROR || cause == CloseCause.SLOW_CONSUMER || cause == CloseCause.RATE_LIMITED
				|| cause == CloseCause.OVERLOADED;
	}

	private static String describe(SessionClosure closed) {
		return "WebSocket session " + closed.sessionId() + " from " + closed.remoteAddress() + " closed: code="
				+ closed.code() + ", cause=" + closed.cause() + ", reason=\"" + closed.reason() + "\", age="
				+ closed.duration().toMillis() + "ms";
	}

	@Override
	public void start() {
		this.summaryStartedNanos = System.nanoTime();
		this.scheduler.start().scheduleWithFixedDelay(this::sweep, this.interval);
	}

	/**
	 * Cut off stuck sends every interval; look for sessions the container closed without
	 * a callback every {@link #ORPHAN_CHECK_PERIOD} at most, since that asks the
	 * container about every session and such closes are rare (the heartbeat, when on,
	 * finds them too).
	 */
	private void sweep() {
		try {
			if (this.sweeps++ % this.sweepsPerOrphanCheck == 0) {
				int orphans = this.sessions.sweeper().sweep();
				if (orphans > 0 && logger.isInfoEnabled()) {
					logger.info("Removed " + orphans + " WebSocket session(s) closed without a container callback");
				}
			}
			else {
				this.sessions.sweeper().sweepSends();
			}
			summarizeIfDue(System.nanoTime());
		}
		catch (RuntimeException ex) {
			logger.warn("WebSocket session sweep failed: " + ex, ex);
		}
	}

	/**
	 * Log the summary of the abnormal closes counted since the last one, if a summary
	 * interval has passed.
	 * @param now the current {@link System#nanoTime()}
	 */
	void summarizeIfDue(long now) {
		if (now - this.summaryStartedNanos >= SUMMARY_INTERVAL.toNanos()) {
			summarize(now);
		}
	}

	private void summarize(long now) {
		long seconds = Duration.ofNanos(now - this.summaryStartedNanos).toSeconds();
		this.summaryStartedNanos = now;
		this.serverErrorWarnings.set(0);
		Map<CloseCause, Long> counts = new EnumMap<>(CloseCause.class);
		this.abnormal.forEach((cause, count) -> {
			long sum = count.sumThenReset();
			if (sum > 0) {
				counts.put(cause, sum);
			}
		});
		long total = counts.values().stream().mapToLong(Long::longValue).sum();
		long spike = Math.max(SPIKE_THRESHOLD, this.sessions.count() / 100);
		boolean actionable = counts.keySet().stream().anyMatch(ConnectionCleanupListener::isActionable)
				|| protocolErrors(counts) >= spike || counts.getOrDefault(CloseCause.HEARTBEAT_TIMEOUT, 0L) >= spike;
		if (actionable && logger.isWarnEnabled()) {
			logger.warn(summary(counts, total, seconds));
		}
		else if (total >= spike && logger.isInfoEnabled()) {
			logger.info(summary(counts, total, seconds));
		}
	}

	private static long protocolErrors(Map<CloseCause, Long> counts) {
		return counts.getOrDefault(CloseCause.PROTOCOL_ERROR, 0L) + counts.getOrDefault(CloseCause.BAD_DATA, 0L)
				+ counts.getOrDefault(CloseCause.UNSUPPORTED_DATA, 0L);
	}

	private static String summary(Map<CloseCause, Long> counts, long total, long seconds) {
		StringJoiner causes = new StringJoiner(", ", " (", ")");
		counts.forEach((cause, count) -> causes.add(cause + "=" + count));
		return total + " WebSocket session(s) closed abnormally in the last " + seconds + "s" + causes
				+ "; each close is logged at DEBUG";
	}

	@Override
	public void stop() {
		this.scheduler.stop();
	}

	@Override
	public boolean isRunning() {
		return this.scheduler.isRunning();
	}

	@Override
	public int getPhase() {
		return SessionDrain.PHASE - 1;
	}

}
