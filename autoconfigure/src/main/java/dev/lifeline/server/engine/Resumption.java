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
import dev.lifeline.server.adapter.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;

/**
 * The server side of {@code lifeline.resume.v1} ({@code docs/resume.md}): a connection
 * that negotiated it waits for its {@code hello} or {@code resume} (see
 * {@link ResumeHandshake}); a session whose connection drops without a close frame is
 * detached instead of finished, kept for its window within its buffer and the server's
 * total bound, and attached again to the connection that resumes it with its current
 * token.
 * <p>
 * Its own thread ({@code lifeline-resume-}) times out connections that never say hello,
 * ends the windows of detached sessions and sends acknowledgements that are due by time;
 * it never runs application code.
 *
 * @author Lifeline contributors
 */
final class Resumption {

	private static final Log logger = LogFactory.getLog(Resumption.class);

	/**
	 * How long the reason a session ended is kept for a resume that comes too late.
	 */
	private static final int MAX_ENDED = 10_000;

	/**
	 * How long the scheduler's thread outlives the last thing it had to do.
	 */
	private static final long IDLE_THREAD_KEEP_ALIVE_SECONDS = 10;

	private final SessionRegistry registry;

	private final ResumeSettings settings;

	private final ScheduledThreadPoolExecutor scheduler;

	private final Map<String, String> ended = new LinkedHashMap<>();

	private final AtomicLong detachedBytes = new AtomicLong();

	private final ResumeCounters counters = new ResumeCounters();

	private final ResumeInbound inbound;

	private final ResumeHandshake handshake;

	Resumption(SessionRegistry registry, ResumeSettings settings) {
		this.registry = registry;
		this.settings = settings;
		this.scheduler = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "lifeline-resume-1");
			thread.setDaemon(true);
			return thread;
		});
		this.scheduler.setRemoveOnCancelPolicy(true);
		// Its thread ends when nothing is scheduled, so a stop need not shut it down.
		this.scheduler.setKeepAliveTime(IDLE_THREAD_KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
		this.scheduler.allowCoreThreadTimeOut(true);
		this.inbound = new ResumeInbound(registry, settings, this.scheduler);
		this.handshake = new ResumeHandshake(this, registry, this.scheduler);
	}

	/**
	 * Return what opens or resumes the sessions of connections that negotiated
	 * {@code lifeline.resume.v1}.
	 */
	ResumeHandshake handshake() {
		return this.handshake;
	}

	/**
	 * Return what reads the messages of attached resumable sessions.
	 */
	ResumeInbound inbound() {
		return this.inbound;
	}

	ResumeSettings settings() {
		return this.settings;
	}

	ResumeCounters counters() {
		return this.counters;
	}

	long detachedBytes() {
		return this.detachedBytes.get();
	}

	void detachedBytes(long delta) {
		this.detachedBytes.addAndGet(delta);
	}

	/**
	 * Detach a resumable session from its connection, which dropped or is to be dropped,
	 * instead of finishing it.
	 * @param holder the session
	 * @param abort the status to abort the connection with, or {@code null} when it is
	 * already closed
	 * @return {@code true} if the session is detached (now or before), {@code false} if
	 * it is not resumable or already closing
	 */
	boolean detach(SessionHolder holder, @Nullable CloseStatus abort) {
		DefaultLifelineSession session = holder.session();
		ResumeState state = session.resume();
		if (state == null || holder.isClosing()) {
			return false;
		}
		Connection connection = session.connection();
		if (!state.detach(session.outbox(), System.nanoTime(), this)) {
			return !state.isEnded();
		}
		this.registry.resumable().detached(holder, connection);
		holder.discardAssembler();
		this.registry.events().execute(() -> {
			if (abort != null) {
				connection.abort(abort);
			}
			connection.finished();
		});
		state.expiry(
				this.scheduler.schedule(() -> expire(holder), this.settings.window().toNanos(), TimeUnit.NANOSECONDS));
		this.counters.detached();
		if (logger.isDebugEnabled()) {
			logger.debug("Detached WebSocket session " + holder.id() + " from its connection; kept for "
					+ this.settings.window().toMillis() + " ms");
		}
		this.registry.events().detached(session);
		enforceMaxBuffered();
		return true;
	}

	private void expire(SessionHolder holder) {
		ResumeState state = holder.session().resume();
		if (state != null && state.isDetached()) {
			end(holder, "expired", CloseStatus.NO_CLOSE_FRAME.withReason("Resume window ended"), CloseCause.ABNORMAL);
		}
	}

	/**
	 * A resumable session retains more than its buffer: it ends, and a later resume is
	 * refused with {@code overflow}.
	 */
	void overflow(SessionHolder holder) {
		end(holder, "overflow", CloseStatus.POLICY_VIOLATION.withReason("Resume buffer overflow"),
				CloseCause.SLOW_CONSUMER);
	}

	private void end(SessionHolder holder, String reason, CloseStatus status, CloseCause cause) {
		remember(holder.id(), reason);
		ResumeState state = holder.session().resume();
		if (state != null && state.isDetached()) {
			this.registry.closing().finishDetached(holder, status, cause);
		}
		else {
			this.registry.closing().closeNow(holder, status, cause);
		}
	}

	/**
	 * Keep the total of what detached sessions retain within
	 * {@code lifeline.resume.max-buffered}, ending the oldest detached sessions first.
	 */
	void enforceMaxBuffered() {
		if (this.detachedBytes.get() <= this.settings.maxBuffered()) {
			return;
		}
		this.registry.events().execute(() -> {
			List<SessionHolder> detached = new ArrayList<>();
			for (SessionHolder holder : this.registry.holders()) {
				ResumeState state = holder.session().resume();
				if (state != null && state.isDetached() && !holder.isClosing()) {
					detached.add(holder);
				}
			}
			detached.sort(Comparator.comparingLong((holder) -> holder.session().resume().detachedAtNanos()));
			for (SessionHolder holder : detached) {
				if (this.detachedBytes.get() <= this.settings.maxBuffered()) {
					return;
				}
				overflow(holder);
			}
		});
	}

	/**
	 * A resumable session finished.
	 */
	void finished(SessionHolder holder) {
		ResumeState state = holder.session().resume();
		if (state != null) {
			state.end(holder.id(), this);
		}
	}

	private void remember(String id, String reason) {
		synchronized (this.ended) {
			this.ended.put(id, reason);
			if (this.ended.size() > MAX_ENDED) {
				this.ended.remove(this.ended.keySet().iterator().next());
			}
		}
		this.scheduler.schedule(() -> {
			synchronized (this.ended) {
				this.ended.remove(id, reason);
			}
		}, this.settings.window().toNanos(), TimeUnit.NANOSECONDS);
	}

	/**
	 * Return why a session ended, if it ended within its window.
	 */
	String endedReason(String id) {
		synchronized (this.ended) {
			String reason = this.ended.get(id);
			return (reason != null) ? reason : "unknown";
		}
	}

	/**
	 * Cancel what is scheduled, once the drain has finished every session. The scheduler
	 * stays usable: a stopped application context may be started again (Spring's test
	 * framework pauses the contexts it caches), and its resumable sessions then need it.
	 */
	void stop() {
		for (Runnable task : this.scheduler.getQueue()) {
			if (task instanceof Future<?> future) {
				future.cancel(false);
			}
		}
	}

}
