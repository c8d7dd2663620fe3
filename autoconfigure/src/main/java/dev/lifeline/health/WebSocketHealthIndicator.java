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

package dev.lifeline.health;

import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.server.adapter.Connections;
import dev.lifeline.server.engine.HeartbeatService;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * {@link org.springframework.boot.health.contributor.HealthIndicator HealthIndicator} for
 * Lifeline's managed WebSocket endpoint.
 * <p>
 * Reports {@code OUT_OF_SERVICE} while the registry drains for shutdown, so that a load
 * balancer polling a readiness group stops sending new clients before they would be
 * refused. Reports {@code DOWN} when the heartbeat is running but has not swept for
 * {@value #STALL_INTERVALS} intervals: its scheduler is stalled, dead peers are no longer
 * detected and sockets leak. Otherwise reports {@code UP}, with what Lifeline cannot do
 * on this container, if anything, as a detail.
 *
 * @author Lifeline contributors
 */
public class WebSocketHealthIndicator extends AbstractHealthIndicator {

	/**
	 * Detail key for the number of open sessions.
	 */
	public static final String ACTIVE = "active";

	/**
	 * Detail key for the most sessions accepted at once.
	 */
	public static final String MAX_SESSIONS = "maxSessions";

	/**
	 * Detail key for the ratio of open sessions to the maximum.
	 */
	public static final String UTILIZATION = "utilization";

	/**
	 * Detail key for the heartbeat's state.
	 */
	public static final String HEARTBEAT = "heartbeat";

	/**
	 * Key, within the heartbeat detail, for when the heartbeat last swept.
	 */
	public static final String LAST_SWEEP_AT = "lastSweepAt";

	/**
	 * Detail key, present only when there are some, for what Lifeline cannot do on the
	 * container it runs on: each names the container's version and the consequence.
	 */
	public static final String LIMITATIONS = "limitations";

	/**
	 * Detail key that says why the indicator is not {@code UP}.
	 */
	public static final String REASON = "reason";

	private static final int STALL_INTERVALS = 3;

	private final WebSocketSessions sessions;

	private final @Nullable HeartbeatService heartbeat;

	/**
	 * Create a new indicator.
	 * @param sessions the session registry
	 * @param heartbeat the heartbeat, or {@code null} if it is disabled
	 */
	public WebSocketHealthIndicator(WebSocketSessions sessions, @Nullable HeartbeatService heartbeat) {
		super("WebSocket health check failed");
		this.sessions = sessions;
		this.heartbeat = heartbeat;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		int active = this.sessions.count();
		int maxSessions = this.sessions.getSettings().maxSessions();
		builder.withDetail(ACTIVE, active)
			.withDetail(MAX_SESSIONS, maxSessions)
			.withDetail(UTILIZATION, (double) active / maxSessions);
		Instant lastSweepAt = null;
		if (this.heartbeat != null) {
			lastSweepAt = this.heartbeat.getLastSweepAt();
			Map<String, @Nullable Object> heartbeat = new LinkedHashMap<>();
			heartbeat.put(LAST_SWEEP_AT, lastSweepAt);
			builder.withDetail(HEARTBEAT, heartbeat);
		}
		List<String> limitations = Connections.limitations();
		if (!limitations.isEmpty()) {
			builder.withDetail(LIMITATIONS, limitations);
		}
		if (this.sessions.isDraining()) {
			builder.outOfService().withDetail(REASON, "Draining for shutdown");
		}
		else if (isStalled(lastSweepAt)) {
			builder.down().withDetail(REASON, "Heartbeat has not run for " + STALL_INTERVALS + " intervals");
		}
		else {
			builder.up();
		}
	}

	private boolean isStalled(@Nullable Instant lastSweepAt) {
		if (this.heartbeat == null || !this.heartbeat.isRunning() || lastSweepAt == null) {
			return false;
		}
		Duration limit = this.heartbeat.getInterval().multipliedBy(STALL_INTERVALS);
		return Duration.between(lastSweepAt, Instant.now()).compareTo(limit) > 0;
	}

}
