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
import java.util.List;

import dev.lifeline.server.LifelineSession;
import dev.lifeline.server.SessionLifecycleListener;
import dev.lifeline.server.engine.ResumeCounters;
import dev.lifeline.server.engine.SessionRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Meters of resumable sessions: {@code websocket.sessions.detached} (sessions kept
 * without a connection) and {@code websocket.sessions.detached.bytes} (what they retain),
 * {@code websocket.resumes} by {@code outcome} ({@code resumed}, {@code refused}) and
 * {@code reason}, {@code websocket.messages.replayed}, and the
 * {@code websocket.resume.gap} timer, how long sessions stayed detached before they
 * resumed. Detaches are not closes: {@code websocket.sessions.closed} counts only the
 * final end of a session.
 *
 * @author Lifeline contributors
 */
public class ResumeMeterBinder implements MeterBinder, SessionLifecycleListener {

	/**
	 * The reasons a resume is refused with, as sent to the client.
	 */
	public static final List<String> REFUSAL_REASONS = List.of("expired", "overflow", "principal", "endpoint",
			"unknown");

	private final SessionRegistry sessions;

	private volatile @Nullable Timer gap;

	/**
	 * Create a new binder.
	 * @param sessions the registry whose resumable sessions to measure
	 */
	public ResumeMeterBinder(SessionRegistry sessions) {
		this.sessions = sessions;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		ResumeCounters counters = this.sessions.resumable().getCounters();
		if (counters == null) {
			return;
		}
		Gauge
			.builder("websocket.sessions.detached", this.sessions,
					(sessions) -> sessions.resumable().getDetachedCount())
			.description("Resumable WebSocket sessions without a connection, kept for their clients to resume them")
			.register(registry);
		Gauge
			.builder("websocket.sessions.detached.bytes", this.sessions,
					(sessions) -> sessions.resumable().getDetachedBytes())
			.description("Bytes retained by detached WebSocket sessions together")
			.baseUnit("bytes")
			.register(registry);
		FunctionCounter.builder("websocket.resumes", counters, ResumeCounters::getResumed)
			.description("Resumes of WebSocket sessions, by outcome and reason")
			.tag("outcome", "resumed")
			.tag("reason", "none")
			.register(registry);
		for (String reason : REFUSAL_REASONS) {
			FunctionCounter.builder("websocket.resumes", counters, (counted) -> counted.getRefused(reason))
				.description("Resumes of WebSocket sessions, by outcome and reason")
				.tag("outcome", "refused")
				.tag("reason", reason)
				.register(registry);
		}
		FunctionCounter.builder("websocket.messages.replayed", counters, ResumeCounters::getReplayed)
			.description("WebSocket messages written again to a resumed session's new connection")
			.register(registry);
		this.gap = Timer.builder("websocket.resume.gap")
			.description("How long WebSocket sessions stayed detached before they resumed")
			.register(registry);
	}

	@Override
	public void sessionResumed(LifelineSession session, Duration gap, int replayed) {
		Timer timer = this.gap;
		if (timer != null) {
			timer.record(gap);
		}
	}

}
